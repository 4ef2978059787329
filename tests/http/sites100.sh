#!/usr/bin/env bash
# sites100.sh WAYPOINT [REQUESTS]: 100 offices on one `waypoint fcgi`
# behind nginx (conf/nginx.conf, which passes the request's Host on as
# HTTP_HOST). The sites are made with `waypoint site add` and each given
# its own name and statement with `waypoint --site NAME import`
# (sites100.py make); then REQUESTS (10,000) requests over 64 connections,
# each with a random site's Host, must all be that site's, with the
# memory of the responder's processes printed and flat (sites100.py run;
# not judged for a sanitizer build).
# The responder must stop on SIGTERM with no sanitizer report.
# Usage: tests/http/sites100.sh WAYPOINT_BINARY [REQUESTS]
# The last line is "sites100: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 2 "WAYPOINT_BINARY [REQUESTS]" "$@"
# A sanitizer build runs several times slower and ASan's quarantine
# holds freed memory back (up to 256 MiB a process), so its memory is
# printed, not judged, and it is given 2,000 requests unless told.
SAN=
if grep -q __asan_init "$WAYPOINT"; then
	SAN=1
fi
REQUESTS=${2:-${SAN:+2000}}
REQUESTS=${REQUESTS:-10000}
SITES=100
CONNS=64
PATH=$PATH:/usr/sbin:/sbin
need_tools sites100 nginx python3
NGINX=$(command -v nginx)

make_tmp sites100
NGINX_PID=
FCGI_PID=
lib_traps FCGI_PID NGINX_PID
# A site's default database (var/sites/NAME/) is relative to the folder
# waypoint runs in, as the main one's.
cd "$TMP" || exit 2

nginx_setup
PORT=$(free_port)
CONF=$TMP/waypoint.conf
write_conf "$CONF" "$PORT" "" "" "$SOCK"
sed -i "s|^\[paths\]$|[paths]\nsites = $TMP/sites|" "$CONF"
# The page cache as README.md says to give 100 sites: 64 KiB or more each.
printf '[cache]\nmax_mib = 8\n' >>"$CONF"
mkdir -p "$TMP/sites"
export SITES100_MAKERS=${SAN:+2}
SITES100_MAKERS=${SITES100_MAKERS:-8}
run_script "make $SITES sites" python3 "$HERE/sites100.py" make \
    "$WAYPOINT" "$CONF" "$SITES"
[ "$FAILED" -eq 0 ] || finish sites100

"$WAYPOINT" --config "$CONF" fcgi >"$TMP/fcgi.out" 2>"$TMP/fcgi.err" &
FCGI_PID=$!
if wait_listening "$SOCK" "$FCGI_PID"; then
	step "waypoint fcgi listens on $SOCK"
else
	result FAIL "waypoint fcgi listens on $SOCK" \
	    "$(tail -n 5 "$TMP/fcgi.err")"
	finish sites100
fi
nginx_conf "$PORT"
"$NGINX" "${NGINX_ARGS[@]}" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
if wait_listening "$PORT" "$NGINX_PID"; then
	step "nginx listens on 127.0.0.1:$PORT"
else
	result FAIL "nginx listens on 127.0.0.1:$PORT" \
	    "$(tail -n 5 "$TMP/nginx.out" "$TMP/nginx/error.log" 2>/dev/null)"
	finish sites100
fi

export SITES100_SAN=$SAN
run_script "$REQUESTS requests" python3 "$HERE/sites100.py" run \
    "http://127.0.0.1:$PORT" "$FCGI_PID" "$SITES" "$REQUESTS" "$CONNS"

if stop_pid "$FCGI_PID" && [ "$STOP_RC" -eq 0 ]; then
	result ok "waypoint fcgi stops on SIGTERM with status 0"
else
	result FAIL "waypoint fcgi stops on SIGTERM with status 0" \
	    "status ${STOP_RC:-none}"
fi
FCGI_PID=
check_sanitizer "waypoint fcgi" "$TMP/fcgi.err"
stop_pid "$NGINX_PID"
NGINX_PID=
finish sites100
