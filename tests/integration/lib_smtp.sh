# tests/integration/lib_smtp.sh - a fake SMTP server for the mail tests
# (workflow_smtp, worker): build/smtp_sink on 127.0.0.1 at a free port,
# writing each message it accepts to $TMP/mail/*.eml. Sourced after
# lib.sh; sets the exit trap (which also drops lib.sh's databases).

SINK_BIN="$NETRA_BUILD/smtp_sink"
SINK=
trap '[ -n "$SINK" ] && kill "$SINK" 2>/dev/null; '"$LIB_EXIT" EXIT

# start_sink: starts the server; $PORT is its port. It waits up to 600 s
# for a connection (the exit trap stops it): a test that scans first under
# a loaded machine's sanitizers can take minutes before its first mail.
start_sink() {
	rm -f "$TMP/port"
	mkdir -p "$TMP/mail"
	"$SINK_BIN" --dir "$TMP/mail" --port-file "$TMP/port" --timeout 600 \
		>/dev/null &
	SINK=$!
	i=0
	while [ ! -s "$TMP/port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "smtp_sink did not start"
		sleep 0.1
	done
	PORT=$(cat "$TMP/port")
}

stop_sink() {
	kill "$SINK" 2>/dev/null || true
	wait "$SINK" 2>/dev/null || true
	SINK=
}

# nmail: the number of messages received.
nmail() { ls "$TMP/mail" | grep -c '\.eml$' || true; }
