#!/usr/bin/env bash
# run_storage.sh: the storage fault and backup tests (storage.py) over a
# throw-away database with ten editor accounts; storage.py starts and stops
# its own `waypoint serve` processes on loopback. Runs as root: the
# read-only case runs a server as nobody.
# Usage: tests/faults/run_storage.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is
# "storage: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
make_tmp storage
# storage.py records every server's pid there; what it left running is
# stopped at exit.
# shellcheck disable=SC2034 # lib_traps reads it by name
PIDFILE=$TMP/pids
lib_traps PIDFILE

need_tools storage python3 setpriv
if [ "$(id -u)" -ne 0 ]; then
	result FAIL "storage: run as root" "the read-only case drops \
privileges to nobody"
	finish storage
fi
# The server run as nobody reads its configuration and database here, and
# copies of the templates, static files and catalogs: the checkout may be
# out of nobody's reach (under /root, 0700).
chmod 0755 "$TMP"
mkdir "$TMP/site"
if cp -R "$REPO/www" "$REPO/po" "$TMP/site/" &&
    chmod -R a+rX "$TMP/site" && setpriv --reuid=nobody --regid=nogroup \
    --clear-groups test -r "$TMP/site/www/templates/layout.mustache"; then
	step "www/ and po/ copied where nobody can read them"
else
	result FAIL "www/ and po/ copied where nobody can read them"
fi
CONF=$TMP/init.conf
printf '[paths]\ndatabase = %s\n' "$TMP/waypoint.db" >"$CONF"
db_init "$CONF"
# Two at a time: each password hash takes a moment and its own memory.
add_editor() {	# n
	user_add "editor$1" editor "storage-password-$1" "$CONF" \
	    "$TMP/user$1.out" || echo "exit status $?" >>"$TMP/user$1.out.fail"
}
for n in 1 3 5 7 9; do
	add_editor "$n" &
	add_editor $((n + 1))
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
[ "$users" -eq 10 ] && step "user add editor1 .. editor10"

python3 "$HERE/storage.py" "$WAYPOINT" "$TMP" 2>&1 | tee "$TMP/storage.out"
add_counts "$TMP/storage.out" "${PIPESTATUS[0]}" storage.py

finish storage
