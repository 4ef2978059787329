#!/usr/bin/env bash
# cache_tier.sh: the cache tier of issue 17 through Debian's nginx, with
# conf/nginx.conf and conf/nginx-cache.conf (placeholders filled in, the
# cache-purge module loaded) in front of `waypoint fcgi`, which
# tests/http/cache_tier.py starts and stops itself under three
# configurations: short s-maxage (what outlives the backend), long
# s-maxage with purges (a publish shows within a second; 64 connections
# reach the backend once), and a purge location that is down (retried,
# logged; s-maxage still bounds the staleness).
# Usage: tests/http/cache_tier.sh WAYPOINT_BINARY
# With CACHE_TIER_SCALE=N (make load SCALE=N), the database first
# gets N generated releases (tests/bench/scale.py): a change to
# everything then names more pages than one change may queue.
# Exits non-zero on any failure; the last line is "cache_tier: N passed,
# N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
PATH=$PATH:/usr/sbin:/sbin
need_tools cache_tier nginx python3
MODULE=/usr/lib/nginx/modules/ngx_http_cache_purge_module.so
if [ ! -f "$MODULE" ]; then
	result FAIL "cache_tier: libnginx-mod-http-cache-purge is installed" \
	    "no $MODULE (make test-deps installs it)"
	finish cache_tier
fi
NGINX=$(command -v nginx)

make_tmp cache
NGINX_PID=
lib_traps NGINX_PID

cd "$REPO" || exit 2
nginx_setup
PORT=$(free_port)
PURGE=$(free_port)
# Nothing listens there: the purge location of the third configuration.
DEAD=$(free_port)
LOG=$TMP/waypoint.log
CONF=$TMP/waypoint.conf
write_conf "$CONF" "$PORT" "" "" "$SOCK"
sed -i -e 's|^\[site\]$|[site]\nlanguages = en hu|' \
    -e "s|^\[paths\]$|[paths]\nlog_file = $LOG|" "$CONF"
db_init "$CONF"
admin_accounts "$CONF"
if [ -n "${CACHE_TIER_SCALE:-}" ]; then
	if python3 tests/bench/scale.py "$WAYPOINT" "$CACHE_TIER_SCALE" \
	    --fill "$CONF" >"$TMP/scale.out" 2>&1; then
		step "$(tail -n 1 "$TMP/scale.out" | sed 's/^# //')"
	else
		result FAIL "cache_tier: $CACHE_TIER_SCALE releases imported" \
		    "$(tail -n 3 "$TMP/scale.out")"
		finish cache_tier
	fi
fi
# short: pages expire at once, stale-if-error 8 s; long: kept 300 s,
# purged; dead: kept 2 s, the purge location down.
for c in short:1:0:8:$PURGE long:300:1:8:$PURGE dead:2:1:8:$DEAD; do
	IFS=: read -r name smax swr sie pport <<<"$c"
	cp "$CONF" "$TMP/$name.conf"
	printf '[cache]\ns_maxage = %s\nstale_while_revalidate = %s\n' \
	    "$smax" "$swr" >>"$TMP/$name.conf"
	printf 'stale_if_error = %s\npurge_url = http://127.0.0.1:%s/purge\n' \
	    "$sie" "$pport" >>"$TMP/$name.conf"
done
# A change purges page 10 of /news and the API in both languages by
# itself, and a deeper page only once Waypoint answered it.
printf '[test]\npurge_deep = 4\n' >>"$TMP/long.conf"

nginx_conf "$PORT"
mkdir -p "$TMP/nginx/cache"
sed -e "s|@CACHE@|$TMP/nginx/cache|g" -e "s|@PURGE@|127.0.0.1:$PURGE|g" \
    conf/nginx-cache.conf >"$TMP/nginx/waypoint-cache.conf"
if grep -q '@[A-Z]*@' "$TMP/nginx/waypoint-cache.conf"; then
	result FAIL "conf/nginx-cache.conf: every placeholder filled" \
	    "$(grep -o '@[A-Z]*@' "$TMP/nginx/waypoint-cache.conf" | sort -u)"
fi
[ -n "$NGINX_USER" ] && chown "$NGINX_USER" "$TMP/nginx/cache"
sed -i -e "1i load_module $MODULE;" \
    -e 's|^\tinclude waypoint.conf;$|\tinclude waypoint-cache.conf;\n&|' \
    "$TMP/nginx/nginx.conf"
if "$NGINX" -t -q "${NGINX_ARGS[@]}" 2>"$TMP/nginx-t.out"; then
	result ok "nginx -t accepts conf/nginx.conf with conf/nginx-cache.conf"
else
	result FAIL "nginx -t accepts conf/nginx-cache.conf" \
	    "$(cat "$TMP/nginx-t.out")"
	finish cache_tier
fi
"$NGINX" "${NGINX_ARGS[@]}" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
if wait_listening "$PORT" "$NGINX_PID" &&
    wait_listening "$PURGE" "$NGINX_PID"; then
	step "nginx listens on 127.0.0.1:$PORT, purges on $PURGE"
else
	result FAIL "nginx listens" "$(tail -n 5 "$TMP/nginx/error.log")"
	finish cache_tier
fi

run_script "cache_tier" python3 "$HERE/cache_tier.py" \
    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF" \
    "$SOCK" "$LOG" "$TMP"
check_sanitizer "waypoint fcgi" "$TMP/fcgi.err"
# Debian's cache-purge module (2.3) takes an expired copy for updating
# before it removes it, and nginx then logs "stalled cache updating" at
# the purge location: expected there, and harmless (the copy is gone).
STALLED="stalled cache updating, error:0 while closing request, .*"
alerts=$(grep -aE '\[(alert|emerg)\]' "$TMP/nginx/error.log" |
    grep -vE "${STALLED}server: 127\.0\.0\.1:$PURGE\$")
if [ -n "$alerts" ]; then
	result FAIL "nginx error log: no alert" "$(head -n 3 <<<"$alerts")"
else
	result ok "nginx error log: no alert (but the purge module's)"
fi
stop_pid "$NGINX_PID"
NGINX_PID=
finish cache_tier
