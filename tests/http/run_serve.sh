#!/usr/bin/env bash
# run_serve.sh: runs the HTTP suite, the hostile-request tests (when present),
# the admin tests and the limits tests against `waypoint serve` on loopback,
# each server on a fresh port over a throw-away database.
# Usage: tests/http/run_serve.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is "http: N passed, N failed".
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 WAYPOINT_BINARY" >&2
	exit 2
fi
case $1 in
/*) WAYPOINT=$1 ;;
*) WAYPOINT=$PWD/$1 ;;
esac
if [ ! -x "$WAYPOINT" ]; then
	echo "run_serve.sh: $WAYPOINT is not executable" >&2
	exit 2
fi

export PYTHONDONTWRITEBYTECODE=1
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-http.XXXXXX") || exit 2
SERVER_PID=
PASSED=0
FAILED=0
STATUS=0
# shellcheck source=tests/http/runner.sh
. "$HERE/runner.sh"

cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill -KILL "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

write_conf() {	# file port per_ip_limit timeout
	cat >"$1" <<EOF
[site]
base_url = http://127.0.0.1:$2
[paths]
database = $TMP/waypoint.db
templates = $REPO/www/templates
static = $REPO/www/static
[serve]
listen = 127.0.0.1:$2
per_ip_limit = $3
timeout = $4
EOF
}

# Starts the server of config $1 on port $2, stderr to $3; sets SERVER_PID.
# Returns non-zero when it does not answer within 10 s.
start_server() {
	"$WAYPOINT" --config "$1" serve >"$TMP/serve.out" 2>"$3" &
	SERVER_PID=$!
	python3 - "$2" "$SERVER_PID" <<'EOF'
import os, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
end = time.monotonic() + 10
while time.monotonic() < end:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
EOF
}

# Stops SERVER_PID: TERM, up to 5 s, then KILL. Checks its stderr ($2) for
# sanitizer reports. $1 names the server in the output.
stop_server() {
	local name=$1 err=$2 i=0 killed=
	kill -TERM "$SERVER_PID" 2>/dev/null
	while kill -0 "$SERVER_PID" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -KILL "$SERVER_PID" 2>/dev/null
		killed=1
	fi
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
	if [ -n "$killed" ]; then
		result FAIL "$name: stops on SIGTERM" "still running after 5 s"
	else
		result ok "$name: stops on SIGTERM"
	fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
		result FAIL "$name: no sanitizer report" "see its stderr below"
		echo "--- $name stderr ---"
		cat "$err"
		echo "--- end ---"
	else
		result ok "$name: no sanitizer report"
	fi
}

cd "$REPO" || exit 2

CONF=$TMP/serve.conf
PORT=$(free_port)
write_conf "$CONF" "$PORT" 64 10
echo "# waypoint db init"
if "$WAYPOINT" --config "$CONF" db init >"$TMP/init.out" 2>&1; then
	result ok "db init"
else
	result FAIL "db init" "exit status $?"
	cat "$TMP/init.out"
fi
# The accounts admin.py signs in with; throttled1 is the one it locks.
add_user editor1 editor editor-password-123 "$CONF"
add_user admin1 admin admin-password-123 "$CONF"
add_user throttled1 editor throttle-password-1 "$CONF"

echo "# waypoint serve on 127.0.0.1:$PORT"
if start_server "$CONF" "$PORT" "$TMP/serve.err"; then
	result ok "serve starts on 127.0.0.1:$PORT"
	run_script suite python3 "$HERE/suite.py" "http://127.0.0.1:$PORT"
	if [ -f "$HERE/hostile/smuggling.py" ]; then
		run_script smuggling python3 "$HERE/hostile/smuggling.py" \
		    127.0.0.1 "$PORT"
	fi
	run_script corpus python3 "$HERE/hostile/corpus.py" 127.0.0.1 "$PORT"
	run_script headers python3 "$HERE/headers.py" \
	    "http://127.0.0.1:$PORT" "$WAYPOINT" "$CONF" "$TMP/waypoint.db"
	# Last on this server: it adds releases and menu items.
	run_script admin python3 "$HERE/admin.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
else
	result FAIL "serve starts on 127.0.0.1:$PORT" "no answer within 10 s"
	cat "$TMP/serve.err"
fi
stop_server serve "$TMP/serve.err"

CONF2=$TMP/limits.conf
PORT2=$(free_port)
write_conf "$CONF2" "$PORT2" 8 2
echo "# waypoint serve on 127.0.0.1:$PORT2 (per_ip_limit 8, timeout 2)"
if start_server "$CONF2" "$PORT2" "$TMP/limits.err"; then
	result ok "limits server starts on 127.0.0.1:$PORT2"
	run_script limits python3 "$HERE/limits.py" 127.0.0.1 "$PORT2" 2
else
	result FAIL "limits server starts on 127.0.0.1:$PORT2" \
	    "no answer within 10 s"
	cat "$TMP/limits.err"
fi
stop_server "limits server" "$TMP/limits.err"

echo "http: $PASSED passed, $FAILED failed"
if [ "$FAILED" -ne 0 ]; then
	STATUS=1
fi
exit $STATUS
