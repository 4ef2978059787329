#!/usr/bin/env bash
# run.sh: the browser test (publish.mjs) against `waypoint serve` on a free
# loopback port over a fresh database with one editor account. Installs
# what is missing first: Debian's chromium (as root) and playwright-core
# (npm, into tests/browser/node_modules).
# Usage: tests/browser/run.sh WAYPOINT_BINARY [OUTPUT_DIR]
# The screenshots go to OUTPUT_DIR (default: a new folder under $TMPDIR or
# /tmp, kept and named in the output). Exits non-zero on any failure; the
# last line is "browser: N passed, N failed".
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 WAYPOINT_BINARY [OUTPUT_DIR]" >&2
	exit 2
fi
case $1 in
/*) WAYPOINT=$1 ;;
*) WAYPOINT=$PWD/$1 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CHROMIUM=/usr/bin/chromium
PASSED=0
FAILED=0
SERVER_PID=
TMP=

cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill -KILL "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

result() {	# ok|FAIL name [detail]
	if [ "$1" = ok ]; then
		echo "ok - $2"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL - $2: $3"
		FAILED=$((FAILED + 1))
	fi
}

totals() {
	echo "browser: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit $?
}

# Installs Debian packages $@ when root; apt's lists are refreshed only
# when the first try fails.
apt_install() {
	[ "$(id -u)" -eq 0 ] || return 1
	export DEBIAN_FRONTEND=noninteractive
	timeout 900 apt-get install -y --no-install-recommends "$@" \
	    >/dev/null 2>&1 && return 0
	timeout 300 apt-get update >/dev/null 2>&1
	timeout 900 apt-get install -y --no-install-recommends "$@" \
	    >/dev/null 2>&1
}

if [ ! -x "$WAYPOINT" ]; then
	result FAIL "waypoint binary" "$WAYPOINT is not executable"
	totals
fi
if [ ! -x "$CHROMIUM" ]; then
	echo "# installing chromium"
	apt_install chromium
fi
if [ -x "$CHROMIUM" ]; then
	result ok "$CHROMIUM present"
else
	result FAIL "$CHROMIUM present" "run as root, or apt-get install chromium"
	totals
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "# installing nodejs and npm"
	apt_install nodejs npm
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
	echo "# npm install (playwright-core)"
	(cd "$HERE" && timeout 600 npm install --no-audit --no-fund) ||
	    true
fi
if [ -d "$HERE/node_modules/playwright-core" ]; then
	result ok "playwright-core installed"
else
	result FAIL "playwright-core installed" \
	    "npm install in $HERE did not install it"
	totals
fi

OUT=${2:-}
if [ -z "$OUT" ]; then
	OUT=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-browser-out.XXXXXX") || exit 2
fi
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-browser.XXXXXX") || exit 2

PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
CONF=$TMP/waypoint.conf
cat >"$CONF" <<EOF
[site]
base_url = http://127.0.0.1:$PORT
[paths]
database = $TMP/waypoint.db
templates = $REPO/www/templates
static = $REPO/www/static
[serve]
listen = 127.0.0.1:$PORT
EOF
if "$WAYPOINT" --config "$CONF" db init >"$TMP/init.out" 2>&1; then
	result ok "db init"
else
	result FAIL "db init" "$(head -n 3 "$TMP/init.out")"
	totals
fi
if printf '%s\n' editor-password-123 | "$WAYPOINT" --config "$CONF" \
    user add editor1 --role editor >"$TMP/user.out" 2>&1; then
	result ok "user add editor1 --role editor"
else
	result FAIL "user add editor1 --role editor" \
	    "$(head -n 3 "$TMP/user.out")"
	totals
fi

"$WAYPOINT" --config "$CONF" serve >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
if python3 - "$PORT" "$SERVER_PID" <<'EOF'
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
then
	result ok "serve starts on 127.0.0.1:$PORT"
	echo "# publish.mjs"
	timeout 240 node "$HERE/publish.mjs" "http://127.0.0.1:$PORT" "$OUT" \
	    2>&1 | tee "$TMP/publish.out"
	rc=${PIPESTATUS[0]}
	line=$(tail -n 1 "$TMP/publish.out")
	if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		PASSED=$((PASSED + BASH_REMATCH[1]))
		FAILED=$((FAILED + BASH_REMATCH[2]))
		if [ "$rc" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ]; then
			result FAIL publish.mjs "exit status $rc"
		fi
	else
		result FAIL publish.mjs "exit status $rc, no summary line"
	fi
else
	result FAIL "serve starts on 127.0.0.1:$PORT" "$(tail -n 5 \
	    "$TMP/serve.err")"
fi

# Stop the server: TERM, up to 5 s, then KILL.
i=0
kill -TERM "$SERVER_PID" 2>/dev/null
while kill -0 "$SERVER_PID" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
	kill -KILL "$SERVER_PID" 2>/dev/null
	result FAIL "serve stops on SIGTERM" "still running after 5 s"
else
	result ok "serve stops on SIGTERM"
fi
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' \
    "$TMP/serve.err"; then
	result FAIL "serve: no sanitizer report" "$(grep -E -m 3 \
	    'AddressSanitizer|LeakSanitizer|runtime error:' "$TMP/serve.err")"
else
	result ok "serve: no sanitizer report"
fi
echo "# screenshots in $OUT"
totals
