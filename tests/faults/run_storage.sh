#!/usr/bin/env bash
# run_storage.sh: the storage fault and backup tests (storage.py) over a
# throw-away database with ten editor accounts; storage.py starts and stops
# its own `waypoint serve` processes on loopback. Runs as root: the
# read-only case runs a server as nobody.
# Usage: tests/faults/run_storage.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is
# "storage: N passed, N failed".
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
	echo "run_storage.sh: $WAYPOINT is not executable" >&2
	exit 2
fi

export PYTHONDONTWRITEBYTECODE=1
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-storage.XXXXXX") || exit 2
PASSED=0
FAILED=0

# Stops what storage.py left running (it records every server's pid).
cleanup() {
	local pid
	if [ -f "$TMP/pids" ]; then
		while read -r pid; do
			kill -KILL "$pid" 2>/dev/null
		done <"$TMP/pids"
	fi
	rm -rf "$TMP"
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

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	result FAIL "run as root with setpriv" "the read-only case drops \
privileges to nobody"
	echo "storage: $PASSED passed, $FAILED failed"
	exit 1
fi
# The server run as nobody reads its configuration and database here.
chmod 0755 "$TMP"
CONF=$TMP/init.conf
printf '[paths]\ndatabase = %s\n' "$TMP/waypoint.db" >"$CONF"
if "$WAYPOINT" --config "$CONF" db init >"$TMP/init.out" 2>&1; then
	result ok "db init"
else
	result FAIL "db init" "$(head -n 3 "$TMP/init.out")"
fi
# Two at a time: each password hash takes a moment and its own memory.
add_user() {	# n
	printf 'storage-password-%s\n' "$1" | "$WAYPOINT" --config "$CONF" \
	    user add "editor$1" --role editor >"$TMP/user$1.out" 2>&1 ||
	    echo "exit status $?" >>"$TMP/user$1.out.fail"
}
for n in 1 3 5 7 9; do
	add_user "$n" &
	add_user $((n + 1))
	wait
done
users=0
for n in 1 2 3 4 5 6 7 8 9 10; do
	if [ -f "$TMP/user$n.out.fail" ]; then
		result FAIL "user add editor$n" "$(head -n 3 "$TMP/user$n.out")"
	else
		users=$((users + 1))
	fi
done
[ "$users" -eq 10 ] && result ok "user add editor1 .. editor10"

python3 "$HERE/storage.py" "$WAYPOINT" "$TMP" 2>&1 | tee "$TMP/storage.out"
rc=${PIPESTATUS[0]}
line=$(tail -n 1 "$TMP/storage.out")
if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
	PASSED=$((PASSED + BASH_REMATCH[1]))
	FAILED=$((FAILED + BASH_REMATCH[2]))
	if [ "$rc" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ]; then
		result FAIL storage.py "exit status $rc"
	fi
else
	result FAIL storage.py "exit status $rc, no summary line"
fi

echo "storage: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
