#!/usr/bin/env bash
# run.sh: load tests. wrk at 64 connections on a rotation of public URLs
# (tests/load/rotate.lua) for SECONDS, first through nginx (conf/nginx.conf)
# in front of `waypoint fcgi`, then against `waypoint serve`, each over a
# fresh database, while 10 editors save every 200 ms (tests/load/load.py);
# then 500 half-open connections from 127.0.0.1 against `waypoint serve`
# (per_ip_limit 64, timeout 10) while a client on 127.0.0.2 is served
# (tests/load/halfopen.py).
# Usage: tests/load/run.sh WAYPOINT_BINARY [SECONDS]   (default 60)
# Exits non-zero on any failure; the last line is "load: N passed, N failed".
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 WAYPOINT_BINARY [SECONDS]" >&2
	exit 2
fi
case $1 in
/*) WAYPOINT=$1 ;;
*) WAYPOINT=$PWD/$1 ;;
esac
SECONDS_EACH=${2:-60}
case $SECONDS_EACH in
'' | *[!0-9]*)
	echo "run.sh: SECONDS must be a whole number" >&2
	exit 2
	;;
esac
if [ ! -x "$WAYPOINT" ]; then
	echo "run.sh: $WAYPOINT is not executable" >&2
	exit 2
fi
NAME=load
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
# load.py and halfopen.py stop what they start; this is for an
# interrupted run.
trap 'lib_cleanup "$TMP/nginx/nginx.pid"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for p in "$NGINX" "$(command -v wrk || echo wrk)"; do
	if [ ! -x "$p" ]; then
		echo "run.sh: $p missing (apt-get install nginx-light wrk)" >&2
		echo "load: 0 passed, 1 failed"
		exit 1
	fi
done
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1"

# Runs one script, showing its output, and counts its last line.
run_script() {	# name command...
	local name=$1
	shift
	echo "# $name"
	"$@" 2>&1 | tee "$TMP/$name.out"
	add_counts "$TMP/$name.out" "${PIPESTATUS[0]}" "$name"
}

lib_nginx_user
PORT=$(free_port)
CONF=$TMP/fcgi.conf
lib_conf "$CONF" "$PORT" 64 10
lib_nginx_conf "$PORT"
if lib_db "$CONF" 10; then
	run_script "fcgi" python3 "$HERE_LIB/load.py" fcgi "$WAYPOINT" \
	    "$CONF" "$PORT" "$TMP/waypoint.db" "$SECONDS_EACH" "$SOCK" \
	    "$NGINX" "$TMP/nginx"
	touch "$TMP/fcgi.err"
	check_sanitizer "waypoint fcgi" "$TMP/fcgi.err"
fi

# wrk's 64 connections and the editors' all come from 127.0.0.1.
PORT=$(free_port)
CONF=$TMP/serve.conf
SOCK=
lib_conf "$CONF" "$PORT" 128 10
if lib_db "$CONF" 10; then
	run_script "serve" python3 "$HERE_LIB/load.py" serve "$WAYPOINT" \
	    "$CONF" "$PORT" "$TMP/waypoint.db" "$SECONDS_EACH"
	touch "$TMP/serve.err"
	check_sanitizer "waypoint serve" "$TMP/serve.err"
fi

if [ -f "$HERE_LIB/halfopen.py" ]; then
	PORT=$(free_port)
	CONF=$TMP/halfopen.conf
	lib_conf "$CONF" "$PORT" 64 10
	"$WAYPOINT" --config "$CONF" serve >/dev/null 2>"$TMP/halfopen.err" &
	echo $! >"$TMP/halfopen.pid"
	if wait_listening "$PORT" "$(cat "$TMP/halfopen.pid")"; then
		run_script "halfopen" python3 "$HERE_LIB/halfopen.py" \
		    127.0.0.1 "$PORT"
	else
		result FAIL "halfopen: waypoint serve starts" \
		    "$(tail -n 3 "$TMP/halfopen.err")"
	fi
	stop_pid "$(cat "$TMP/halfopen.pid")"
	rm -f "$TMP/halfopen.pid"
	check_sanitizer "waypoint serve (half-open)" "$TMP/halfopen.err"
fi

echo "load: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
