#!/bin/sh
# scripts/pg_server.sh - a throw-away PostgreSQL server for the tests, from
# Debian's packages, on 127.0.0.1 only.
#
#   sh scripts/pg_server.sh start STATE  initdb in a new folder under /tmp,
#                                        start on a free port; STATE gets
#                                        two lines: the connection URL and
#                                        the folder
#   sh scripts/pg_server.sh stop STATE   stop it and remove the folder
#
# initdb refuses to run as root (and CI runs as root), so as root the server
# runs as the unprivileged `postgres` user that Debian's postgresql package
# creates. Authentication is `trust` on 127.0.0.1 and the socket lives in
# DIR: only this machine's test processes reach it, and it lives only as
# long as the test run. The tests run it with fsync=off; NETRA_PG_FSYNC=on
# (bench/pg.sh) makes its commits durable. Fails loudly (exit 1, with the
# reason) if the server cannot start: a test run never passes without its
# PostgreSQL tests.
set -eu

cmd=${1:-}
state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop STATE" >&2; exit 2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	echo "pg_server: PostgreSQL server binaries not found" \
	     "(/usr/lib/postgresql/*/bin); install Debian's postgresql" >&2
	exit 1
fi

# Runs a command as the server's user.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case "$cmd" in
start)
	# The folder sits under /tmp, not in the build tree, so that the
	# unprivileged server user can reach it whatever the checkout's path.
	dir=$(mktemp -d /tmp/netra-pg.XXXXXX)
	chmod 755 "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || {
			echo "pg_server: no 'postgres' user to run the server as" >&2
			exit 1
		}
		chown postgres "$dir"
	fi
	as_owner "$bindir/initdb" -D "$dir/data" -U netra --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		echo "pg_server: initdb failed:" >&2
		cat "$dir/initdb.log" >&2
		exit 1
	}
	# A free port: try a few, starting from one derived from our pid.
	port=$((20000 + $$ % 20000))
	tries=0
	while :; do
		if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
			-w -t 60 -o "-c listen_addresses=127.0.0.1 -c port=$port \
-c unix_socket_directories=$dir -c fsync=${NETRA_PG_FSYNC:-off} -c max_connections=100 \
-c shared_buffers=64MB" start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ "$tries" -ge 5 ]; then
			echo "pg_server: the server did not start:" >&2
			tail -n 20 "$dir/server.log" >&2 || true
			exit 1
		fi
		port=$((port + 7))
	done
	url="postgresql://netra@127.0.0.1:$port/postgres"
	printf '%s\n%s\n' "$url" "$dir" >"$state"
	echo "$url"
	;;
stop)
	[ -f "$state" ] || exit 0
	dir=$(sed -n 2p "$state")
	case "$dir" in /tmp/netra-pg.*) ;; *) echo "pg_server: bad state file" >&2; exit 1 ;; esac
	if [ -d "$dir/data" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir" "$state"
	;;
*)
	echo "usage: $0 start|stop STATE" >&2
	exit 2
	;;
esac
