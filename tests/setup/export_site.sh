#!/bin/bash
# export_site.sh WAYPOINT: `waypoint export-site DIR` (issue 17): the demo
# site exported, served by Debian's nginx with conf/nginx-static.conf, and
# every URL of the sitemap, the lists' pages, the feeds, the calendars,
# robots.txt and the static and media files fetched from nginx and from
# `waypoint serve` on the same database: same status, body and
# Content-Type. Then a release unpublished through the admin and the site
# exported again (only what it touched rewritten, its files gone), and
# two failing exports (a broken template; a media name that is a folder,
# found after every page is rendered) that leave the export as it was.
# The checks are export_site.py's; its last line counts them.
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
waypoint_args 1 WAYPOINT "$@"
PATH=$PATH:/usr/sbin:/sbin
need_tools export-site nginx python3
make_tmp export-site
SERVER_PID=
NGINX_PID=
lib_traps SERVER_PID NGINX_PID

# NGINX_USER, GROUP and a $TMP nginx's workers may enter.
nginx_setup
CONF=$TMP/waypoint.conf
PORT=$(free_port)
NPORT=$(free_port)
write_conf "$CONF" "$PORT"
# Both of the demo content's languages.
sed -i '/^base_url = /a languages = en hu' "$CONF"
db_init "$CONF" || finish export-site
add_user admin1 admin admin-password-123 "$CONF" || finish export-site
# One media file, served under /media/ by both.
mkdir -p "$TMP/media"
printf 'not really a png' >"$TMP/media/$(printf 'x' | sha256sum |
    cut -c1-64).png"
mkdir -m 0755 "$TMP/export"
DIR=$TMP/export/site

start_server "$CONF" "$PORT" "$TMP/serve.err" ||
    result FAIL "waypoint serve listens" "$(tail -n 3 "$TMP/serve.err")"

# The export's first run makes the folder nginx serves.
if "$WAYPOINT" --config "$CONF" export-site "$DIR" >"$TMP/first.out" 2>&1
then
	step "export-site $DIR" "$(head -n 1 "$TMP/first.out")"
else
	result FAIL "export-site $DIR" "$(head -n 5 "$TMP/first.out")"
	finish export-site
fi
check_sanitizer "export-site (first run)" "$TMP/first.out"
# conf/nginx-static.conf in an http { } block like Debian's, which it is
# written to be included from.
nginx_conf_include nginx-static.conf static.conf \
    -e "s|@LISTEN@|127.0.0.1:$NPORT|g" -e "s|@EXPORT@|$DIR|g"
if nginx -t -q "${NGINX_ARGS[@]}" 2>"$TMP/nginx-t.out" &&
    ! grep -q warn "$TMP/nginx-t.out"; then
	result ok "conf/nginx-static.conf: nginx -t, no warning"
else
	result FAIL "conf/nginx-static.conf: nginx -t, no warning" \
	    "$(head -n 3 "$TMP/nginx-t.out")"
fi
nginx "${NGINX_ARGS[@]}" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
wait_listening "$NPORT" "$NGINX_PID" ||
    result FAIL "nginx listens" "$(tail -n 3 "$TMP/nginx/error.log")"

run_script compare python3 "$REPO/tests/setup/export_site.py" \
    "http://127.0.0.1:$PORT" "http://127.0.0.1:$NPORT" "$TMP/waypoint.db" \
    "$WAYPOINT" "$CONF" "$DIR"

stop_pid "$NGINX_PID"
NGINX_PID=
stop_server "waypoint serve" "$TMP/serve.err"
finish export-site
