#!/bin/sh
# tests/integration/profile_doc.sh - the complete example of
# docs/profile.md is a valid profile (so the documentation cannot drift
# from src/rules/profile.c), `netra check` judges with it, and the
# timezone key is checked with file:line:col.
. "$NETRA_SRC/tests/integration/lib.sh"
awk '/^```yaml/{f=1;next} /^```/{f=0} f' "$NETRA_SRC/docs/profile.md" \
	>"$TMP/profile.yaml"
contains "$TMP/profile.yaml" "incumbent: true"
contains "$TMP/profile.yaml" "timezone: WITA"
expect_rc 0 "$NETRA_BIN" rules check "$TMP/profile.yaml"
expect_rc 0 "$NETRA_BIN" check --election "$TMP/profile.yaml" \
	"Ayo coblos nomor 1, BARA untuk Sungai Lestari"
contains "$TMP/out" '"support"'
sed 's/timezone: WITA/timezone: CET/' "$TMP/profile.yaml" >"$TMP/bad.yaml"
expect_rc 1 "$NETRA_BIN" rules check "$TMP/bad.yaml"
contains "$TMP/err" "bad.yaml:6:13: timezone: 'CET'"
echo "profile_doc: ok"
