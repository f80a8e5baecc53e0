# tests/integration/lib_media.sh - helpers for the tests of `netra media`
# (media_fetch.sh, media_platforms.sh, media_wait.sh): fictional posters
# and static HTTP servers for them on 127.0.0.1 (one that answers 503
# first). Sourced after lib.sh. Not a test itself.
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
	media_url "$HTTP_PID" "$TMP/http.log"
	U=$MEDIA_URL
}

# media_url PID LOG: stops PID on exit (kept in LIB_EXIT, so a later
# server's trap, lib_web.sh, stops it too), waits for the server to write
# its port to LOG and sets MEDIA_URL to its base URL.
media_url() {
	LIB_EXIT="kill $1 2>/dev/null || true; $LIB_EXIT"
	trap "$LIB_EXIT" EXIT
	_i=0
	while ! grep -q 'port [0-9]' "$2"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "the HTTP server did not start"
		sleep 0.1
	done
	MEDIA_URL="http://127.0.0.1:$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$2" | head -1)"
}

# media_serve_flaky DIR  serves DIR like media_serve, on its own port (sets
#                  FLAKY_PID and UF), except that a path /503-N/FILE answers
#                  503 to its first N requests and then serves FILE, and
#                  /503/FILE answers 503 always (the transient refusals
#                  netra media fetch retries).
media_serve_flaky() {
	cat >"$TMP/flaky.py" <<'PYEOF'
import http.server, re, sys
seen = {}
class H(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        m = re.match(r'^/503(?:-(\d+))?(/.*)$', self.path)
        if m:
            seen[self.path] = seen.get(self.path, 0) + 1
            if m.group(1) is None or seen[self.path] <= int(m.group(1)):
                self.send_error(503, "busy")
                return
            self.path = m.group(2)
        super().do_GET()
    def log_message(self, fmt, *a):
        sys.stderr.write("%s\n" % (fmt % a))
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
    lambda *a, **k: H(*a, directory=sys.argv[1], **k))
print("port %d" % s.server_address[1], flush=True)
s.serve_forever()
PYEOF
	"$PY" -u "$TMP/flaky.py" "$1" >"$TMP/flaky.log" 2>"$TMP/flaky.err" &
	FLAKY_PID=$!
	media_url "$FLAKY_PID" "$TMP/flaky.log"
	UF=$MEDIA_URL
}
