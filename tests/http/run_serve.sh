#!/usr/bin/env bash
# run_serve.sh: runs the HTTP suite, the gzip answers, the media files
# (media_files.py), the hostile-request tests, the streamed-body tests, the
# admin, feed, JSON API, search-engine (seo.py), sitemap files
# (sitemap.py), settings, search, publications, preview-link, content-kind
# editor (kinds_admin.py), media in pages (media_pages.py), media library
# (media_admin.py), review and page cache scope (cache_scope.py) tests and
# the limits tests against
# `waypoint serve` on loopback, each server on a fresh port over a
# throw-away database.
# Usage: tests/http/run_serve.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is "http: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
need_tools http python3
make_tmp http
SERVER_PID=
lib_traps SERVER_PID

cd "$REPO" || exit 2

CONF=$TMP/serve.conf
PORT=$(free_port)
write_conf "$CONF" "$PORT" 64 10
# The tests-only upload route, for stream.py; sitemap files of 16 URLs,
# so that the demo content fills several (sitemap.py).
printf '[test]\nupload_route = 1\nsitemap_urls = 16\n' >>"$CONF"
# The demo's second language, so that store_faults.py has a 404 under /hu/
# and settings.py texts to edit in it; Ukrainian and Arabic (right to
# left), for languages.py's third and fourth.
sed -i 's|^\[site\]$|[site]\nlanguages = en hu uk ar|' "$CONF"
db_init "$CONF"
admin_accounts "$CONF"

echo "# waypoint serve on 127.0.0.1:$PORT"
if start_server "$CONF" "$PORT" "$TMP/serve.err"; then
	step "serve listens on 127.0.0.1:$PORT"
	run_script suite python3 "$HERE/suite.py" "http://127.0.0.1:$PORT"
	run_script encoding python3 "$HERE/encoding.py" \
	    "http://127.0.0.1:$PORT"
	# The same answers again and again; the access lines (stderr here).
	run_script wire python3 "$HERE/wire.py" "http://127.0.0.1:$PORT" \
	    "$TMP/serve.err"
	# Files put in the media folder ([paths] media's default, beside the
	# database) by hand; the server's memory is watched over 1 GiB.
	run_script media_files python3 "$HERE/media_files.py" \
	    "http://127.0.0.1:$PORT" "$TMP/media" --pid "$SERVER_PID"
	run_script languages python3 "$HERE/languages.py" \
	    "http://127.0.0.1:$PORT" --extra uk,ar
	run_script smuggling python3 "$HERE/hostile/smuggling.py" \
	    127.0.0.1 "$PORT"
	run_script corpus python3 "$HERE/hostile/corpus.py" 127.0.0.1 "$PORT"
	run_script headers python3 "$HERE/headers.py" \
	    "http://127.0.0.1:$PORT" "$WAYPOINT" "$CONF" "$TMP/waypoint.db"
	run_script stream python3 "$HERE/stream.py" "http://127.0.0.1:$PORT" \
	    "$SERVER_PID"
	run_script slow python3 "$HERE/slow.py" 127.0.0.1 "$PORT" 10
	# Last on this server: it adds releases and menu items.
	run_script admin python3 "$HERE/admin.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	# It adds releases too.
	run_script feed python3 "$HERE/feed.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	# What a publish drops from the page cache, read in the access log.
	run_script cache_scope python3 "$HERE/cache_scope.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF" \
	    "$TMP/serve.err"
	run_script api python3 "$HERE/api.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script projects python3 "$HERE/projects.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script seo python3 "$HERE/seo.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script sitemap python3 "$HERE/sitemap.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script settings python3 "$HERE/settings.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script "review off" python3 "$HERE/review.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF" \
	    --off
	run_script search python3 "$HERE/search.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF" \
	    --one-process
	run_script publications python3 "$HERE/publications.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script signin python3 "$HERE/signin.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	run_script totp python3 "$HERE/totp.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	# Preview links; Waypoint's log (stderr here) must hold no token.
	run_script preview python3 "$HERE/preview.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF" \
	    "$TMP/serve.err"
	# After search.py: its events are indexed.
	run_script events python3 "$HERE/events.py" "http://127.0.0.1:$PORT" \
	    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	# It adds projects, events and publications.
	run_script kinds_admin python3 "$HERE/kinds_admin.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	# Media in bodies and lead images; it adds library rows and releases.
	run_script media_pages python3 "$HERE/media_pages.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
	# The media library: uploads, its files, where-used.
	run_script media_admin python3 "$HERE/media_admin.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" "$CONF" \
	    --pid "$SERVER_PID"
	# Last: it renames tables for a while.
	run_script store_faults python3 "$HERE/store_faults.py" \
	    "http://127.0.0.1:$PORT" "$TMP/waypoint.db"
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
	step "limits server listens on 127.0.0.1:$PORT2"
	run_script limits python3 "$HERE/limits.py" 127.0.0.1 "$PORT2" 2
	run_script "stream, route off" python3 "$HERE/stream.py" \
	    "http://127.0.0.1:$PORT2" "$SERVER_PID" --off
else
	result FAIL "limits server starts on 127.0.0.1:$PORT2" \
	    "no answer within 10 s"
	cat "$TMP/limits.err"
fi
stop_server "limits server" "$TMP/limits.err"

# [workflow] review = on, over a database of its own.
CONF3=$TMP/review.conf
PORT3=$(free_port)
write_conf "$CONF3" "$PORT3"
sed -i "s|^database = .*|database = $TMP/review.db|" "$CONF3"
# Two languages, as behind nginx: review.py changes a version's language.
sed -i 's|^\[site\]$|[site]\nlanguages = en hu|' "$CONF3"
printf '[workflow]\nreview = on\n' >>"$CONF3"
db_init "$CONF3" "db init, for review"
admin_accounts "$CONF3"
echo "# waypoint serve on 127.0.0.1:$PORT3 ([workflow] review = on)"
if start_server "$CONF3" "$PORT3" "$TMP/review.err"; then
	step "review server listens on 127.0.0.1:$PORT3"
	run_script "review on" python3 "$HERE/review.py" \
	    "http://127.0.0.1:$PORT3" "$TMP/review.db" "$WAYPOINT" "$CONF3" \
	    --on
	run_script "media_pages review on" python3 "$HERE/media_pages.py" \
	    "http://127.0.0.1:$PORT3" "$TMP/review.db" "$WAYPOINT" "$CONF3" \
	    --review
else
	result FAIL "review server starts on 127.0.0.1:$PORT3" \
	    "no answer within 10 s"
	cat "$TMP/review.err"
fi
stop_server "review server" "$TMP/review.err"

finish http
