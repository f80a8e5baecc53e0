#!/bin/sh
# `netra hoax import|list|match` through the binary: malformed lines are
# reported as FILE:LINE and skipped while the rest is imported; a
# re-import updates by id; match finds the debunk a forward repeats.
. "$NETRA_SRC/tests/integration/lib.sh"
export NETRA_DATA="$NETRA_SRC/data"
F="$TMP/debunks.jsonl"

cat >"$F" <<'JSONL'
{"id":"k1","claim":"Pemungutan suara di Kota Sukamaju diundur ke 9 Desember karena kotak suara hilang","verdict":"salah","explanation":"KPU menegaskan jadwal tetap.","url":"https://example.org/k1"}
{"id":"k2","claim":"Air minum yang dibagikan di TPS mengandung obat bius","verdict":"salah","explanation":"Uji lab tidak menemukan zat berbahaya."}
{"id":"k3","claim":
not json at all

{"id":"k4","verdict":"salah","explanation":"tanpa klaim"}
JSONL

expect_rc 2 "$NETRA_BIN" hoax
expect_rc 2 "$NETRA_BIN" hoax import
expect_rc 2 "$NETRA_BIN" hoax frobnicate
expect_rc 0 "$NETRA_BIN" hoax import --help
contains "$TMP/out" "usage: netra hoax import"
expect_rc 1 "$NETRA_BIN" hoax import "$TMP/missing.jsonl"

expect_rc 1 "$NETRA_BIN" hoax import "$F"
contains "$TMP/err" "debunks.jsonl:3: invalid JSON"
contains "$TMP/err" "debunks.jsonl:4: invalid JSON"
contains "$TMP/err" "debunks.jsonl:6: missing \"claim\""
contains "$TMP/out" "imported 2 debunks"
contains "$TMP/out" "3 malformed lines skipped"

expect_rc 0 "$NETRA_BIN" hoax list --json
contains "$TMP/out" '"id":"k1"'
contains "$TMP/out" '"url":"https://example.org/k1"'
contains "$TMP/out" '"id":"k2"'
contains "$TMP/out" '"url":null'
[ "$(grep -c '"id":' "$TMP/out")" -eq 2 ] || fail "expected 2 debunks"

# Re-import with k2 changed and a new k5: updated, not duplicated.
cat >"$F" <<'JSONL'
{"id":"k2","claim":"Air minum kemasan di TPS dicampur obat tidur agar pemilih pulang","verdict":"menyesatkan","explanation":"Tidak ada bukti."}
{"id":"k5","claim":"Kartu pemilih tahun 2019 tidak berlaku lagi","verdict":"salah","explanation":"Cukup KTP-el."}
JSONL
expect_rc 0 "$NETRA_BIN" hoax import "$F"
expect_rc 0 "$NETRA_BIN" hoax list
[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "expected 3 debunks after re-import"
contains "$TMP/out" "k2	menyesatkan	Air minum kemasan di TPS dicampur obat tidur"

# Matching from the store and from a file.
expect_rc 0 "$NETRA_BIN" hoax match \
	"Info grup sebelah: pemungutan suara Sukamaju diundur 9 Desember, kotak suaranya hilang. Sebarkan!"
contains "$TMP/out" '"hoax":"k1"'
contains "$TMP/out" '"url":"https://example.org/k1"'
expect_rc 0 "$NETRA_BIN" hoax match "Selamat pagi, jangan lupa sarapan"
contains "$TMP/out" '"hoax":null'
expect_rc 0 "$NETRA_BIN" hoax match --hoaxes "$F" \
	"katanya kartu pemilih 2019 udah gak berlaku"
contains "$TMP/out" '"hoax":"k5"'

# Memory stays bounded whatever the debunk file holds: a line without an
# end (3 MB of NUL bytes) is reported as too long with file:line and
# skipped, never read into memory whole.
head -c 3000000 /dev/zero > "$TMP/zero.jsonl"
expect_rc 1 /usr/bin/time -f "%M" -o "$TMP/rss" "$NETRA_BIN" hoax import "$TMP/zero.jsonl"
contains "$TMP/err" "zero.jsonl:1: record longer than 1 MiB"
rss=$(tail -n 1 "$TMP/rss")
[ "$rss" -lt 100000 ] || fail "hoax import of a 3 MB line took $rss KB"
