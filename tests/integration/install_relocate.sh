#!/bin/sh
# tests/integration/install_relocate.sh - `make install` puts the binary in
# PREFIX/bin and the data in PREFIX/share/netra (DESTDIR honoured); the
# installed tree still works after being moved, with the source tree the
# binary was built from hidden from it (a tmpfs over it in a private mount
# namespace, when unshare allows one here), and NETRA_DATA still wins.
. "$NETRA_SRC/tests/integration/lib.sh"
[ -n "${NETRA_BUILD:-}" ] || skip "NETRA_BUILD not set"
command -v cmake >/dev/null || skip "no cmake"
cmake --install "$NETRA_BUILD" --prefix "$TMP/p" >/dev/null ||
	fail "cmake --install"
[ -x "$TMP/p/bin/netra" ] || fail "no PREFIX/bin/netra"
[ -f "$TMP/p/share/netra/rulebook.yaml" ] || fail "no PREFIX/share/netra"
[ -f "$TMP/p/share/netra/model/hate.model" ] || fail "model not installed"
[ -f "$TMP/p/share/netra/demo/election.yaml" ] || fail "demo profile missing"
# DESTDIR stages the same tree below it
DESTDIR="$TMP/stage" cmake --install "$NETRA_BUILD" --prefix /opt/netra \
	>/dev/null || fail "install with DESTDIR"
[ -x "$TMP/stage/opt/netra/bin/netra" ] || fail "DESTDIR ignored"

mv "$TMP/p" "$TMP/moved"
bin="$TMP/moved/bin/netra"
unset NETRA_DATA
cd "$TMP"
expect_rc 0 "$bin" --version
contains "$TMP/out" "data: $TMP/moved/bin/../share/netra"
text="Ayo coblos nomor 2, RAYA untuk Tirtamaya"
# The source tree hidden: a tmpfs over it in a private mount namespace.
hide=""
if unshare -m true 2>/dev/null; then
	hide="unshare -m"
elif unshare -rm true 2>/dev/null; then
	hide="unshare -rm"
fi
if [ -n "$hide" ]; then
	# shellcheck disable=SC2086
	$hide sh -c 'mount -t tmpfs none "$1" && [ ! -e "$1/data" ] &&
		exec "$2" check "$3"' sh "$NETRA_SRC" "$bin" "$text" \
		>"$TMP/v.json" 2>"$TMP/v.err" ||
		{ cat "$TMP/v.err" >&2; fail "moved netra check with the source tree hidden"; }
else
	echo "note: no mount namespace here; the source tree stays visible"
	"$bin" check "$text" >"$TMP/v.json" 2>"$TMP/v.err" ||
		{ cat "$TMP/v.err" >&2; fail "moved netra check"; }
fi
contains "$TMP/v.json" '"labels":["support"]'
contains "$TMP/v.json" '"candidate":2'
# NETRA_DATA still overrides
expect_rc 0 env NETRA_DATA="$NETRA_SRC/data" "$bin" --version
contains "$TMP/out" "data: $NETRA_SRC/data"
echo "install_relocate: ok"
