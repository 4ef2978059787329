#!/usr/bin/env bash
# run_crash.sh: runs tests/faults/crash.py (kill -9 of `waypoint fcgi`
# during publishes, nginx reloaded and restarted under load, a stalled
# FastCGI peer) through Debian's nginx configured with conf/nginx.conf,
# over a fresh database with accounts editor1..editor10, and checks the
# responder's stderr for sanitizer reports.
# Usage: tests/faults/run_crash.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is "crash: N passed, N failed".
set -u

# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
make_tmp crash
# crash.py stops what it starts; this is for an interrupted run.
lib_traps NGINX_PIDFILE
# See run_nginx.sh: sbin may not be on PATH.
PATH=$PATH:/usr/sbin:/sbin
need_tools crash nginx python3
NGINX=$(command -v nginx)
# See run_nginx.sh: a sanitizer build must fail libfcgi's huge mallocs as
# libc does.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1"

CONF=$TMP/waypoint.conf
nginx_fcgi_conf "$CONF"
db_editors "$CONF" 10

python3 "$REPO/tests/faults/crash.py" "$WAYPOINT" "$CONF" "$SOCK" "$PORT" \
    "$TMP/waypoint.db" "$NGINX" "$TMP/nginx" 2>&1 | tee "$TMP/crash.out"
add_counts "$TMP/crash.out" "${PIPESTATUS[0]}" crash.py
touch "$TMP/nginx/fcgi.err"
check_sanitizer "waypoint fcgi" "$TMP/nginx/fcgi.err"
if grep -qE '\[(alert|emerg)\]' "$TMP/nginx/error.log"; then
	result FAIL "nginx error log: no alert" "$(grep -m 3 -E \
	    '\[(alert|emerg)\]' "$TMP/nginx/error.log")"
else
	result ok "nginx error log: no alert"
fi

finish crash
