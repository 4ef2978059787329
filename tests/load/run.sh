#!/usr/bin/env bash
# run.sh: load tests. wrk at 64 connections on a rotation of public URLs
# (tests/load/rotate.lua) for SECONDS, first through nginx (conf/nginx.conf)
# in front of `waypoint fcgi`, then against `waypoint serve`, each over a
# fresh database, while 10 editors save every 200 ms (tests/load/load.py);
# then 500 half-open connections from 127.0.0.1 against `waypoint serve`
# (per_ip_limit 64, timeout 10) while a client on 127.0.0.2 is served
# (tests/load/halfopen.py); then 600 failed sign-ins from 120 addresses
# against `waypoint serve` while /about is timed (tests/load/signin_flood.py:
# p99 under 20 ms checked when SECONDS is 60 or more; shorter runs, as make
# test's, send 100 from 20 addresses and check only what they count).
# With SCALE=N in the environment (`make load SCALE=N`), the serve run's
# database first gets N releases and N/10 pages from tests/bench/scale.py
# (generated, through `waypoint import`), and load.py then rotates through
# deep news pages and releases all over the archive, prints the memory
# of the server and its render worker (RSS, anonymous and PSS: see
# tests/load/memory.py) and checks that their RSS and PSS stay under 32
# MiB and flat.
# Usage: tests/load/run.sh WAYPOINT_BINARY [SECONDS]   (default 60)
# Exits non-zero on any failure; the last line is "load: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 2 "WAYPOINT_BINARY [SECONDS]" "$@"
SECONDS_EACH=${2:-60}
case $SECONDS_EACH in
'' | *[!0-9]*)
	echo "run.sh: SECONDS must be a whole number" >&2
	exit 2
	;;
esac
make_tmp load
SERVER_PID=
# load.py stops what it starts; this is for an interrupted run.
lib_traps NGINX_PIDFILE SERVER_PID
# See run_nginx.sh: sbin may not be on PATH.
PATH=$PATH:/usr/sbin:/sbin
need_tools load nginx wrk python3
NGINX=$(command -v nginx)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1"

# SCALE's content in the database of config $1 (its site in English and
# Hungarian, the generated content's languages); nothing without SCALE.
scale_fill() {	# conf
	[ -z "${SCALE:-}" ] && return 0
	sed -i 's/^\[site\]$/[site]\nlanguages = en hu/' "$1"
	if python3 "$HERE/../bench/scale.py" "$WAYPOINT" "$SCALE" --fill \
	    "$1" >"$TMP/scale.out" 2>&1; then
		step "SCALE=$SCALE: $(tail -n 1 "$TMP/scale.out" | sed 's/^# //')"
	else
		result FAIL "SCALE=$SCALE: content imported" \
		    "$(tail -n 3 "$TMP/scale.out")"
		return 1
	fi
}

CONF=$TMP/fcgi.conf
nginx_fcgi_conf "$CONF"
if db_editors "$CONF" 10; then
	run_script "fcgi" python3 "$HERE/load.py" fcgi "$WAYPOINT" \
	    "$CONF" "$PORT" "$TMP/waypoint.db" "$SECONDS_EACH" "$SOCK" \
	    "$NGINX" "$TMP/nginx"
	touch "$TMP/fcgi.err"
	check_sanitizer "waypoint fcgi" "$TMP/fcgi.err"
fi

# wrk's 64 connections and the editors' all come from 127.0.0.1.
PORT=$(free_port)
CONF=$TMP/serve.conf
write_conf "$CONF" "$PORT" 128 10
if db_editors "$CONF" 10 && scale_fill "$CONF"; then
	run_script "serve" python3 "$HERE/load.py" serve "$WAYPOINT" \
	    "$CONF" "$PORT" "$TMP/waypoint.db" "$SECONDS_EACH"
	touch "$TMP/serve.err"
	check_sanitizer "waypoint serve" "$TMP/serve.err"
fi

PORT=$(free_port)
CONF=$TMP/halfopen.conf
write_conf "$CONF" "$PORT" 64 10
if start_server "$CONF" "$PORT" "$TMP/halfopen.err"; then
	step "halfopen: waypoint serve listens on 127.0.0.1:$PORT"
	run_script "halfopen" python3 "$HERE/halfopen.py" 127.0.0.1 "$PORT"
else
	result FAIL "halfopen: waypoint serve starts" \
	    "$(tail -n 3 "$TMP/halfopen.err")"
fi
stop_pid "$SERVER_PID"
SERVER_PID=
check_sanitizer "waypoint serve (half-open)" "$TMP/halfopen.err"

PORT=$(free_port)
CONF=$TMP/flood.conf
write_conf "$CONF" "$PORT" 64 10
sed -i "s|^database = .*|database = $TMP/flood.db|" "$CONF"
if [ "$SECONDS_EACH" -ge 60 ]; then
	FLOOD="--timing"
else
	FLOOD="--attempts 100 --addresses 20"
fi
if db_init "$CONF" "flood: db init" &&
    start_server "$CONF" "$PORT" "$TMP/flood.err"; then
	step "flood: waypoint serve listens on 127.0.0.1:$PORT"
	# shellcheck disable=SC2086 # FLOOD is two or four words
	run_script "signin flood" python3 "$HERE/signin_flood.py" 127.0.0.1 \
	    "$PORT" "$TMP/flood.db" $FLOOD
else
	result FAIL "flood: waypoint serve starts" \
	    "$(tail -n 3 "$TMP/flood.err")"
fi
stop_pid "$SERVER_PID"
SERVER_PID=
check_sanitizer "waypoint serve (sign-in flood)" "$TMP/flood.err"

finish load
