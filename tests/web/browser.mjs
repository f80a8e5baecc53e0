// tests/web/browser.mjs - the web application in a real headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core). Run by
// tests/web/run.sh against a server over the fixture of
// tests/integration/lib_web.sh; with SCREENSHOTS=DIR it also writes one
// screenshot of each page there (`make screenshots`).
//
// Checks: an OPD reviewer reviews and confirms, BKPP verifies and
// forwards, Bawaslu sees forwarded findings only; a draft is self-checked;
// a public complaint is filed (with a screenshot) and triaged, and one
// about a post the engine judged clean becomes a finding; a stored
// XSS attempt stays text (DOM and no dialog); a forged POST without the
// CSRF token is refused; another unit's finding is 404; the pages work
// with JavaScript off and at a phone's size; no page breaks the CSP.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import path from 'node:path';

const need = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} must be set`);
  return v;
};
const URL0 = need('WEB_URL');
const PASSWORD = need('WEB_PASSWORD');
const XSS = need('XSS_FINDING');
const OTHER = need('OTHER_FINDING');
const HANDLE = need('HANDLE');
const CLEAN_POST = need('CLEAN_POST');
const SHOTS = process.env.SCREENSHOTS || '';
const require = createRequire(path.join(need('NETRA_NODE_MODULES'), 'x.js'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  // a fresh --user-data-dir: Playwright makes one per launch under
  // $TMPDIR (run.sh points it into the test's own directory) and refuses
  // the flag in args
});

const problems = [];
let step = '';

// A context that fails the run on any dialog (an XSS that ran) and on
// any Content-Security-Policy report or page error.
async function open(opts = {}) {
  const ctx = await browser.newContext({ baseURL: URL0, ...opts });
  ctx.on('page', watch);
  const page = await ctx.newPage();
  watch(page);
  return { ctx, page };
}
function watch(page) {
  page.on('dialog', async (d) => {
    problems.push(`${step}: a dialog opened: ${d.message()}`);
    await d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text()))
      problems.push(`${step}: CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${step}: page error ${e}`));
}

async function shot(page, name) {
  if (!SHOTS) return;
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function login(page, user) {
  await page.goto('/masuk');
  await page.fill('#u', user);
  await page.fill('#p', PASSWORD);
  await Promise.all([page.waitForURL(/\/$/), page.click('button[type=submit]')]);
}

async function act(page, action, reason) {
  if (reason) await page.fill(`#alasan-${action}`, reason);
  await Promise.all([
    page.waitForURL(new RegExp(`/temuan/${XSS}$`)),
    page.click(`#aksi-${action} button[type=submit]`),
  ]);
}

// Files a complaint on /lapor as an anonymous visitor (with a screenshot
// when withShot is true); resolves to its number.
async function fileComplaint(url, seen, contact, withShot) {
  const { ctx, page } = await open();
  await page.goto('/lapor');
  await page.fill('#url', url);
  await page.fill('#dilihat', seen);
  await page.fill('#kontak', contact);
  if (withShot) {
    await page.setInputFiles('#gambar', {
      name: 'layar.png', mimeType: 'image/png',
      buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    });
    await shot(page, 'lapor');
  }
  await page.click('button[type=submit]');
  await page.waitForSelector('#nomor');
  const no = (await page.textContent('#nomor')).match(/nomor (\d+)/)[1];
  await ctx.close();
  return no;
}

async function run(name, fn) {
  step = name;
  const t = Date.now();
  await fn();
  console.log(`ok ${name} (${Date.now() - t} ms)`);
}

try {
  await run('public pages', async () => {
    const { ctx, page } = await open();
    await page.goto('/pedoman');
    assert.ok(await page.locator('li.card').count() >= 20, 'rules listed');
    assert.ok(await page.locator('li.card mark').count() > 0, 'examples marked');
    await shot(page, 'pedoman');
    await page.goto('/masuk');
    await shot(page, 'masuk');
    await ctx.close();
  });

  await run('self-check a draft', async () => {
    const { ctx, page } = await open();
    await page.goto('/cek');
    await page.fill('#teks', 'Ayo coblos nomor 2 tanggal 27 November!');
    await page.click('button[type=submit]');
    await page.waitForSelector('#hasil');
    assert.match(await page.textContent('#hasil'), /berpotensi melanggar/);
    assert.ok(await page.locator('p.post mark').count() >= 1, 'words marked');
    await shot(page, 'cek');
    await ctx.close();
  });

  await run('OPD reviewer reviews and confirms; stored XSS stays text',
    async () => {
      const { ctx, page } = await open();
      await login(page, 'opd1');
      await shot(page, 'beranda');
      await page.goto('/antrean');
      assert.match(await page.textContent('#jumlah'), /\d+ temuan/);
      await shot(page, 'antrean');
      await page.click(`a[href="/temuan/${XSS}"]`);
      await page.waitForURL(new RegExp(`/temuan/${XSS}$`));
      const teks = await page.textContent('#teks');
      assert.ok(teks.includes("<script>alert('xss')</script>"),
        'the post shows its markup as text');
      assert.equal(await page.locator('main script').count(), 0,
        'no script element from the post');
      assert.equal(await page.locator('script').count(), 0, 'no script at all');
      await shot(page, 'temuan');
      await act(page, 'review');
      await act(page, 'confirm');
      assert.match(await page.textContent('main dl'), /Dikonfirmasi OPD/);
      // another unit's finding answers 404, like a missing one
      const r = await page.goto(`/temuan/${OTHER}`);
      assert.equal(r.status(), 404);
      // a forged POST (no CSRF token) with the reviewer's cookies
      const f = await ctx.request.post(`/temuan/${XSS}/aksi`, {
        form: { aksi: 'dismiss', alasan: 'palsu' },
      });
      assert.equal(f.status(), 403);
      await ctx.close();
    });

  await run('BKPP verifies and forwards', async () => {
    const { ctx, page } = await open();
    await login(page, 'sari');
    await page.goto(`/temuan/${XSS}`);
    await act(page, 'verify');
    await act(page, 'forward', 'Rekomendasi: diteruskan ke Bawaslu untuk pemeriksaan.');
    assert.match(await page.textContent('main dl'), /Diteruskan/);
    await page.goto('/laporan');
    assert.ok(await page.locator('svg').count() > 0, 'charts');
    await shot(page, 'laporan');
    // the collectors' coverage of the accounts in scope
    await page.goto('/cakupan');
    assert.equal(await page.textContent('main h1'), 'Cakupan pemantauan');
    assert.ok(await page.locator('#cakupan tbody tr').count() >= 1,
      'the registered accounts are counted as watched');
    await shot(page, 'cakupan');
    await ctx.close();
  });

  await run('Bawaslu sees forwarded findings only', async () => {
    const { ctx, page } = await open();
    await login(page, 'bawaslu');
    await page.goto('/antrean');
    const states = await page.locator('#antrean tr td:nth-child(2)').allTextContents();
    assert.ok(states.length >= 1, 'the forwarded finding is listed');
    for (const s of states) assert.equal(s, 'Diteruskan');
    const r = await page.goto(`/temuan/${OTHER}`);
    assert.equal(r.status(), 404);
    await ctx.close();
  });

  await run('public complaint filed and triaged', async () => {
    const no = await fileComplaint(
      `https://x.com/${HANDLE}/status/990000000000000002`,
      'Unggahan ini mengajak coblos nomor 1.', 'warga@contoh.invalid', true);

    const b = await open();
    await login(b.page, 'sari');
    await b.page.goto('/aduan');
    await b.page.click(`a[href="/aduan/${no}"]`);
    await b.page.waitForURL(new RegExp(`/aduan/${no}$`));
    assert.match(await b.page.textContent('main'), /warga@contoh\.invalid/);
    await shot(b.page, 'aduan');
    await b.page.fill('#alasan', 'Sudah ditangani lewat temuan dari unggahan yang tertangkap.');
    await Promise.all([b.page.waitForURL(/\/aduan$/), b.page.click('button.warn')]);
    assert.equal(await b.page.locator(`a[href="/aduan/${no}"]`).count(), 0,
      'closed complaint left the open list');
    await b.ctx.close();
  });

  await run('a complaint on a post judged clean becomes a finding', async () => {
    const no = await fileComplaint(CLEAN_POST, 'Ajakan memilih yang disamarkan.',
      'pelapor-peramban@contoh.invalid', false);

    const b = await open();
    await login(b.page, 'sari');
    await b.page.goto(`/aduan/${no}`);
    const form = b.page.locator('form:has(input[name=aksi][value=buat])').first();
    await b.page.locator('details summary').first().click();
    await form.locator('select[name=aturan]').selectOption('DUKUNGAN-AJAKAN');
    await form.locator('textarea[name=alasan]').fill('Ajakan tersamar, diperiksa BKPP.');
    await Promise.all([b.page.waitForURL(/\/temuan\/\d+$/),
      form.locator('button[type=submit]').click()]);
    const main = await b.page.textContent('main');
    assert.match(main, /Ajakan tersamar, diperiksa BKPP\./);
    assert.match(main, /DUKUNGAN-AJAKAN/);
    assert.doesNotMatch(main, /pelapor-peramban/, 'the reporter on the finding page');
    await b.ctx.close();
  });

  await run('JavaScript off, phone-sized: review a finding', async () => {
    const { ctx, page } = await open({
      javaScriptEnabled: false, viewport: { width: 390, height: 844 },
      isMobile: true, hasTouch: true,
    });
    await login(page, 'opd2');
    await page.goto('/antrean?status=baru');
    const first = page.locator('#antrean a').first();
    const href = await first.getAttribute('href');
    await first.click();
    await page.waitForURL(new RegExp(`${href}$`));
    await Promise.all([page.waitForURL(new RegExp(`${href}$`)),
      page.click('#aksi-review button')]);
    assert.match(await page.textContent('main dl'), /Ditinjau OPD/);
    await ctx.close();
    // the layout fits a phone: nothing wider than the screen but tables,
    // which scroll inside their own box
    const m = await open({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(m.page, 'opd2');
    for (const p of ['/', '/antrean', href, '/laporan', '/pedoman', '/cek', '/lapor']) {
      await m.page.goto(p);
      const w = await m.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= 390 + 1, `${p} is ${w}px wide on a 390px screen`);
    }
    await shot(m.page, 'ponsel-antrean');
    await m.ctx.close();
  });
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('browser: ok');
