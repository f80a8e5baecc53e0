# tests/integration/lib_collect.sh - helpers for the collector tests (not
# a test itself): the fake platform server (tests/collect/fake_platform.py)
# on 127.0.0.1, an election profile whose window holds today, a 0600
# credentials file and a collect.yaml pointing at the fake server.
# Sourced after lib.sh; works in the current folder ($TMP).
FAKE_PID=""
stop_fake() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null || true
		wait "$FAKE_PID" 2>/dev/null || true
		FAKE_PID=""
	fi
}
# lib.sh's own cleanup (its PostgreSQL databases, $TMP) runs after.
trap 'stop_fake; '"$LIB_EXIT" EXIT

# start_fake SCENARIO [FIXTURES]: starts the server, sets FAKE_PORT and
# FAKE_LOG (one JSON object per request).
start_fake() {
	FAKE_LOG="$TMP/fake.log"
	: > "$FAKE_LOG"
	rm -f "$TMP/fake.port"
	python3 "$NETRA_SRC/tests/collect/fake_platform.py" "$1" \
		--port-file "$TMP/fake.port" --log "$FAKE_LOG" \
		--fixtures "${2:-$NETRA_SRC/tests/collect/fixtures}" \
		--max-seconds 120 &
	FAKE_PID=$!
	_i=0
	while [ ! -s "$TMP/fake.port" ]; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || fail "fake platform server did not start"
		sleep 0.05
	done
	FAKE_PORT=$(cat "$TMP/fake.port")
}

# fake_phase N: switches the server's scenario phase.
fake_phase() {
	python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:%s/__phase/%s' % (sys.argv[1], sys.argv[2])).read()" "$FAKE_PORT" "$1"
}

# collect_setup [EXTRA_X_KEYS]: election.yaml (the demo profile, its
# campaign from 2026-11-01 to a week after today, voting ten days after
# today), x.creds (0600) and collect.yaml for the fake server.
collect_setup() {
	end=$(date -u -d '+7 days' +%F)
	vote=$(date -u -d '+10 days' +%F)
	sed -e "s/campaign_period: {start: [0-9-]*, end: [0-9-]*}/campaign_period: {start: 2026-11-01, end: $end}/" \
		-e "s/^  voting_day: .*/  voting_day: $vote/" \
		"$NETRA_SRC/data/demo/election.yaml" > election.yaml
	umask 077
	printf '# X API v2 app-only bearer token (fictional)\nbearer_token = AAAAfakeTOKEN%%2Bsecret\n' > x.creds
	umask 022
	cat > collect.yaml <<EOC
election: election.yaml
margin_days_before: 7
margin_days_after: 3
deletion_days: 3650
lease_seconds: 60
interval: 1
platforms:
  x:
    credentials: x.creds
    base_url: http://127.0.0.1:$FAKE_PORT
    timeout: 2
    max_attempts: 4
    backoff_ms: 200
    hourly_budget: 1000
${1:-}
EOC
}

# media_urls EVENT_ID: the urls of the stored event's media[] (from its
# raw line, as the collector handed it to ingest), space-separated.
media_urls() {
	sql "SELECT raw FROM events WHERE event_id = '$1'" | python3 -c 'import json, sys
print(" ".join(m["url"] for m in json.loads(sys.stdin.read()).get("media", [])))'
}
