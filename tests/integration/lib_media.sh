# tests/integration/lib_media.sh - helpers for the tests of `netra media`
# (media_fetch.sh, media_platforms.sh): fictional posters and a static
# HTTP server for them on 127.0.0.1. Sourced after lib.sh. Not a test
# itself.
#
# $PY              python3 with PIL (tests/media/poster.py renders the
#                  fictional posters with it).
# media_serve DIR  serves DIR with python's http.server on a free port of
#                  127.0.0.1, sets HTTP_PID and U (its base URL) and
#                  stops it on exit (added to lib.sh's LIB_EXIT).
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import PIL' 2>/dev/null ||
	fail "Debian's python3-pil is missing (scripts/deps.sh installs it)"

media_serve() {
	"$PY" -u -m http.server 0 --bind 127.0.0.1 --directory "$1" \
		>"$TMP/http.log" 2>&1 &
	HTTP_PID=$!
	# kept in LIB_EXIT, so a later server's trap (lib_web.sh) stops it too
	LIB_EXIT="kill $HTTP_PID 2>/dev/null || true; $LIB_EXIT"
	trap "$LIB_EXIT" EXIT
	_i=0
	while ! grep -q 'port [0-9]' "$TMP/http.log"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "http.server did not start"
		sleep 0.1
	done
	U="http://127.0.0.1:$(sed -n 's/.*port \([0-9]*\).*/\1/p' \
		"$TMP/http.log" | head -1)"
}
