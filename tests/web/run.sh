#!/bin/sh
# tests/web/run.sh - the browser tests of `netra serve` (browser.mjs) in
# Debian's headless Chromium, driven by playwright-core from npm. `make
# check` runs it through ctest (test browser/web); `make screenshots` runs
# it with SCREENSHOTS=docs/screenshots.
#
# playwright-core is installed with `npm ci` from tests/web/package-lock.json
# into $NETRA_BUILD/web-node (never into the source tree) and reinstalled
# only when the lock file changes. If Chromium, Node.js (>= 20) or npm is
# missing, or the package cannot be installed, the test FAILS with the
# reason: it never passes without having run the browser.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_web.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
NODE_DIR="$NETRA_BUILD/web-node"
loud() {
	echo "BROWSER TESTS CANNOT RUN: $*" >&2
	echo "(install with scripts/deps.sh; the browser tests are part of" \
		"make check and never skipped)" >&2
	exit 1
}
[ -x "$CHROMIUM" ] || loud "$CHROMIUM not found (Debian package chromium)"
command -v node >/dev/null || loud "node not found (Debian package nodejs)"
command -v npm >/dev/null || loud "npm not found"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || loud "Node.js $major is too old: playwright-core needs 20"
"$CHROMIUM" --version >/dev/null 2>&1 || loud "$CHROMIUM does not start"

mkdir -p "$NODE_DIR"
if ! cmp -s "$NETRA_SRC/tests/web/package-lock.json" \
	"$NODE_DIR/package-lock.json" ||
	[ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
	cp "$NETRA_SRC/tests/web/package.json" \
		"$NETRA_SRC/tests/web/package-lock.json" "$NODE_DIR/"
	(cd "$NODE_DIR" && npm ci --ignore-scripts --no-audit --no-fund \
		>npm.log 2>&1) || {
		cat "$NODE_DIR/npm.log" >&2
		rm -f "$NODE_DIR/package-lock.json"
		loud "npm ci of playwright-core failed"
	}
fi

web_fixture "$TMP/city"
web_start
mkdir -p "$TMP/profile"
[ -z "${SCREENSHOTS:-}" ] || mkdir -p "$SCREENSHOTS"
NETRA_NODE_MODULES="$NODE_DIR/node_modules" CHROMIUM="$CHROMIUM" \
	TMPDIR="$TMP/profile" WEB_URL="$WEB_URL" \
	node "$NETRA_SRC/tests/web/browser.mjs" || fail "browser tests"
web_stop
