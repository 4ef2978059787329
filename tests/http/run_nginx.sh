#!/usr/bin/env bash
# run_nginx.sh: runs the HTTP suite through Debian's nginx, configured with
# conf/nginx.conf itself (placeholders filled in with sed, /static/ with the
# .gz files make install writes, the media folder as @MEDIA@), in front of
# `waypoint fcgi` on a unix socket, plus the gzip answers, the media files
# (media_files.py: nginx's answers and the socket's own), the hostile FastCGI
# tests against that socket, the streamed-body, admin, feed, JSON API, search,
# preview-link, content-kind editor (kinds_admin.py), media in pages
# (media_pages.py), media library (media_admin.py) and page cache scope
# (cache_scope.py) tests through nginx,
# the review step off; then again, over a fresh database and without the
# admin tests, with `waypoint fcgi` started under spawn-fcgi (the socket on
# fd 0); then the review step on (review.py --on) over a database of its
# own. Each time, SIGTERM must stop the supervisor with status 0 within 5 s,
# leaving no
# worker behind.
#
# nginx runs with its own prefix in a temporary folder, on a free loopback
# port. As root (CI), its workers run as www-data, so the socket's group and
# mode, which Waypoint sets, are put to the test.
# Usage: tests/http/run_nginx.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is "nginx: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
# nginx and spawn-fcgi live in sbin and bin: as another user than root,
# sbin may not be on PATH.
PATH=$PATH:/usr/sbin:/sbin
need_tools nginx nginx spawn-fcgi python3
NGINX=$(command -v nginx)
SPAWN=$(command -v spawn-fcgi)

make_tmp nginx
NGINX_PID=
FCGI_PID=
lib_traps FCGI_PID NGINX_PID

# The checks every run of the responder ends with. SIGTERM (sent by
# inflight.py while a request is in flight) stops it with status 0 within
# 5 s and no worker is left; the request in flight is answered. Its stderr
# ($2) shows no sanitizer report, its log (the rest) no worker death but
# libfcgi's abort (SIGABRT), and an access line per request.
stop_responder() {	# name stderr log...
	local name=$1 err=$2 log=$TMP/$1.log workers w left= i=0
	workers=$(cat /proc/"$FCGI_PID"/task/*/children 2>/dev/null)
	run_script "$name in-flight" python3 "$REPO/tests/fcgi/inflight.py" \
	    "$SOCK" "$FCGI_PID"
	# inflight.py took about 1 s of the 5.
	while kill -0 "$FCGI_PID" 2>/dev/null && [ $i -lt 40 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$FCGI_PID" 2>/dev/null; then
		result FAIL "$name: SIGTERM: exit status 0 within 5 s" \
		    "still running after 5 s"
		stop_pid "$FCGI_PID"
	else
		wait "$FCGI_PID"
		STOP_RC=$?
		if [ "$STOP_RC" -eq 0 ]; then
			result ok "$name: SIGTERM: exit status 0 within 5 s"
		else
			result FAIL "$name: SIGTERM: exit status 0 within 5 s" \
			    "exit status $STOP_RC"
		fi
	fi
	FCGI_PID=
	cat "${@:3}" >"$log"
	for w in $workers; do
		kill -0 "$w" 2>/dev/null && left="$left $w"
	done
	if [ -z "$workers" ]; then
		result FAIL "$name: SIGTERM: no worker left" "had no workers"
	elif [ -n "$left" ]; then
		result FAIL "$name: SIGTERM: no worker left" \
		    "still running:$left"
		kill -KILL $left 2>/dev/null
	else
		result ok "$name: SIGTERM: no worker left (were: $workers)"
	fi
	if grep -E 'killed by signal' "$log" | grep -qv 'signal 6 '; then
		result FAIL "$name: workers die only of libfcgi's abort" \
		    "$(grep -E 'killed by signal' "$log" | grep -v 'signal 6 ' |
		    head -n 3)"
	else
		result ok "$name: workers die only of libfcgi's abort" \
		    "($(grep -c 'killed by signal' "$log") replaced)"
	fi
	check_sanitizer "$name" "$err"
	if grep -q ' info access client=.* status=200 ' "$log"; then
		result ok "$name: access log lines"
	else
		result FAIL "$name: access log lines" "none in $log"
	fi
}

cd "$REPO" || exit 2

nginx_setup
# nginx serves /static/ as `make install` leaves it: a .gz beside each
# text file (gzip_static). Written in a copy, never in the checkout.
if [ "$ROOT" = "$REPO" ]; then
	mkdir -p "$TMP/site/www"
	cp -R "$REPO/www/static" "$TMP/site/www/"
	chmod -R a+rX "$TMP/site"
	ROOT=$TMP/site
fi
if tools/gzip_static.sh "$ROOT/www/static" 2>"$TMP/gzip.err"; then
	chmod -R a+rX "$ROOT/www/static"
	step "static text files gzipped for gzip_static"
else
	result FAIL "static text files gzipped for gzip_static" \
	    "$(cat "$TMP/gzip.err")"
fi
# Links planted in the static folder to files outside it (a file, a
# folder, and a .gz that gzip_static would send for a real file): nginx
# must serve none of their content (conf/nginx.conf's disable_symlinks).
# Its workers could read each target, so only that setting stops them.
LEAK=leaked-$RANDOM$RANDOM
mkdir -p "$TMP/outside"
echo "$LEAK" >"$TMP/outside/secret.txt"
gzip -c "$TMP/outside/secret.txt" >"$TMP/outside/secret.txt.gz"
chmod -R a+rX "$TMP/outside"
echo "not secret" >"$ROOT/www/static/plain.txt"
ln -s "$TMP/outside/secret.txt" "$ROOT/www/static/leak.txt"
ln -s "$TMP/outside" "$ROOT/www/static/leakdir"
ln -s "$TMP/outside/secret.txt.gz" "$ROOT/www/static/plain.txt.gz"
if ${NGINX_USER:+setpriv --reuid="$NGINX_USER" --regid="$GROUP" \
    --clear-groups} cat "$ROOT/www/static/leak.txt" \
    "$ROOT/www/static/leakdir/secret.txt" 2>/dev/null | grep -q "$LEAK"; then
	step "links to outside the static folder planted"
else
	result FAIL "links to outside the static folder planted" \
	    "nginx's user cannot read through them"
fi
PORT=$(free_port)
CONF=$TMP/waypoint.conf
# No socket: one responder is given it with --socket, the other on fd 0.
write_conf "$CONF" "$PORT" "" "" -
# The tests-only upload route, for stream.py; sitemap files of 16 URLs,
# so that the demo content fills several (sitemap.py).
printf '[test]\nupload_route = 1\nsitemap_urls = 16\n' >>"$CONF"
# A second language, so that store_faults.py has a 404 under /hu/ and
# settings.py texts to edit in it.
sed -i 's|^\[site\]$|[site]\nlanguages = en hu|' "$CONF"
# The first responder logs to a file (to test SIGHUP), the second to
# stderr.
CONF_LOG=$TMP/waypoint-log.conf
LOG=$TMP/waypoint.log
sed "s|^\[paths\]|[paths]\nlog_file = $LOG|" "$CONF" >"$CONF_LOG"
db_init "$CONF"
admin_accounts "$CONF"

nginx_conf "$PORT"
if "$NGINX" -t -q "${NGINX_ARGS[@]}" 2>"$TMP/nginx-t.out"; then
	result ok "nginx -t accepts conf/nginx.conf"
else
	result FAIL "nginx -t accepts conf/nginx.conf" \
	    "$(cat "$TMP/nginx-t.out")"
fi
"$NGINX" "${NGINX_ARGS[@]}" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
if wait_listening "$PORT" "$NGINX_PID"; then
	step "nginx listens on 127.0.0.1:$PORT"
else
	result FAIL "nginx listens on 127.0.0.1:$PORT" "$(cat "$TMP/nginx.out" \
	    "$TMP/nginx/error.log" 2>/dev/null | tail -n 5)"
fi

# A sanitizer build must fail libfcgi's huge malloc as libc does (libfcgi
# then aborts, as in production) rather than stop with a report of its own.
# It also runs several times slower: a worker just started (cold page cache,
# no database connection yet) takes up to about 60 ms for the home page
# instead of 8, so the hostile tests' 100 ms budget grows to 300.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1"
if grep -q __asan_init "$WAYPOINT"; then
	export HEALTH_BUDGET_MS=${HEALTH_BUDGET_MS:-300}
fi

# Records that nginx serves none of the links planted in the static
# folder: each answer is a 404 (from Waypoint, which has no such file)
# without the target's content.
no_symlinks() {
	local path enc status what
	for path in /static/leak.txt /static/leakdir/secret.txt \
	    /static/plain.txt; do
		what="nginx follows no link out of /static/: $path"
		enc=identity
		[ "$path" = /static/plain.txt ] && enc=gzip
		status=$(curl -s --compressed -H "Accept-Encoding: $enc" \
		    -o "$TMP/leak.out" -w '%{http_code}' \
		    "http://127.0.0.1:$PORT$path")
		if grep -q "$LEAK" "$TMP/leak.out"; then
			result FAIL "$what" "served the target ($status)"
		elif [ "$path" = /static/plain.txt ] &&
		    [ "$status" = 200 ]; then
			result ok "$what" "(gzip: the file itself)"
		elif [ "$status" = 404 ]; then
			result ok "$what"
		else
			result FAIL "$what" "status $status, expected 404"
		fi
	done
}

# Runs the suite and the hostile tests against the responder FCGI_PID,
# whose stderr is $2 and log $3.
exercise() {	# name stderr log
	local name=$1 err=$2 log=$3
	if wait_listening "$SOCK" "$FCGI_PID"; then
		step "$name: listening on $SOCK"
	else
		result FAIL "$name: listening on $SOCK" "$(tail -n 5 "$err")"
		return
	fi
	if [ -n "$NGINX_USER" ]; then
		if [ "$(stat -c '%a %G' "$SOCK")" = "660 $GROUP" ]; then
			result ok "$name: socket mode 0660, group $GROUP"
		else
			result FAIL "$name: socket mode 0660, group $GROUP" \
			    "$(stat -c '%a %U:%G' "$SOCK")"
		fi
	fi
	run_script "$name suite" python3 "$HERE/suite.py" \
	    "http://127.0.0.1:$PORT"
	run_script "$name encoding" python3 "$HERE/encoding.py" \
	    "http://127.0.0.1:$PORT"
	run_script "$name wire" python3 "$HERE/wire.py" \
	    "http://127.0.0.1:$PORT"
	run_script "$name languages" python3 "$HERE/languages.py" \
	    "http://127.0.0.1:$PORT"
	# The suite fetched the stylesheet: nginx must have served it from
	# disk, not passed it on (its fallback to Waypoint would hide a
	# static folder nginx cannot read).
	if grep -q 'path=/static/css/site.css status=200' "$log"; then
		result FAIL "$name: nginx serves /static/ itself" \
		    "Waypoint answered /static/css/site.css"
	else
		result ok "$name: nginx serves /static/ itself"
	fi
	if [ "$name" = "fcgi --socket" ]; then
		no_symlinks
		# nginx serves the media folder itself; Waypoint's own
		# answers are asked on the socket.
		run_script "$name media_files" python3 \
		    "$HERE/media_files.py" "http://127.0.0.1:$PORT" \
		    "$TMP/media" --fcgi "$SOCK"
	fi
	run_script "$name hostile" python3 "$REPO/tests/fcgi/hostile.py" \
	    "$SOCK" "http://127.0.0.1:$PORT"
	# Last: it adds releases and menu items. Once is enough, through the
	# responder that listens on its own socket.
	if [ "$name" = "fcgi --socket" ]; then
		run_script "$name corpus" python3 \
		    "$REPO/tests/http/hostile/corpus.py" 127.0.0.1 "$PORT" \
		    --via-nginx
		run_script "$name headers" python3 "$HERE/headers.py" \
		    "http://127.0.0.1:$PORT" "$WAYPOINT" "$CONF" \
		    "$TMP/waypoint.db" "$SOCK"
		run_script "$name stream" python3 "$HERE/stream.py" \
		    "http://127.0.0.1:$PORT" "$FCGI_PID"
		run_script "$name admin" python3 "$HERE/admin.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name feed" python3 "$HERE/feed.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		# Through both worker processes: a publish in one drops
		# what the other cached.
		run_script "$name cache_scope" python3 \
		    "$HERE/cache_scope.py" "http://127.0.0.1:$PORT" \
		    "$TMP/waypoint.db" "$WAYPOINT" "$CONF" "$log"
		run_script "$name api" python3 "$HERE/api.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name projects" python3 "$HERE/projects.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name seo" python3 "$HERE/seo.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name sitemap" python3 "$HERE/sitemap.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name settings" python3 "$HERE/settings.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name review off" python3 "$HERE/review.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF" --off
		run_script "$name search" python3 "$HERE/search.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name publications" python3 \
		    "$HERE/publications.py" "http://127.0.0.1:$PORT" \
		    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
		run_script "$name signin" python3 "$HERE/signin.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name totp" python3 "$HERE/totp.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name preview" python3 "$HERE/preview.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF" "$log"
		# After search.py: its events are indexed.
		run_script "$name events" python3 "$HERE/events.py" \
		    "http://127.0.0.1:$PORT" "$TMP/waypoint.db" "$WAYPOINT" \
		    "$CONF"
		run_script "$name kinds_admin" python3 \
		    "$HERE/kinds_admin.py" "http://127.0.0.1:$PORT" \
		    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
		run_script "$name media_pages" python3 \
		    "$HERE/media_pages.py" "http://127.0.0.1:$PORT" \
		    "$TMP/waypoint.db" "$WAYPOINT" "$CONF"
		run_script "$name media_admin" python3 \
		    "$HERE/media_admin.py" "http://127.0.0.1:$PORT" \
		    "$TMP/waypoint.db" "$WAYPOINT" "$CONF" --pid "$FCGI_PID"
		# Last: it renames tables for a while.
		run_script "$name store faults" python3 \
		    "$HERE/store_faults.py" "http://127.0.0.1:$PORT" \
		    "$TMP/waypoint.db"
	fi
}

echo "# waypoint fcgi --socket $SOCK"
"$WAYPOINT" --config "$CONF_LOG" fcgi --socket "$SOCK" >"$TMP/fcgi.out" \
    2>"$TMP/fcgi.err" &
FCGI_PID=$!
exercise "fcgi --socket" "$TMP/fcgi.err" "$LOG"
# SIGHUP: the supervisor and the workers reopen the log (as logrotate
# wants); the next requests are logged in the new file.
mv "$LOG" "$LOG.1"
kill -HUP "$FCGI_PID"
# Each process reopens when it sees the signal: ask until a request is
# logged in the new file (10 s at most) rather than guess how long.
i=0
until grep -q 'path=/about status=200' "$LOG" 2>/dev/null || [ $i -ge 100 ]; do
	python3 -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=5).read()' \
	    "http://127.0.0.1:$PORT/about"
	sleep 0.1
	i=$((i + 1))
done
if grep -q 'path=/about status=200' "$LOG" 2>/dev/null; then
	result ok "fcgi --socket: SIGHUP reopens the log file"
else
	result FAIL "fcgi --socket: SIGHUP reopens the log file" \
	    "no access line for /about in a new $LOG after 10 s"
fi
stop_responder "fcgi --socket" "$TMP/fcgi.err" "$LOG.1" "$LOG"
if grep -q 'fcgi: stopped' "$LOG"; then
	result ok "fcgi --socket: the supervisor logs to the reopened file"
else
	result FAIL "fcgi --socket: the supervisor logs to the reopened file" \
	    "no 'fcgi: stopped' in $LOG"
fi
if [ -e "$SOCK" ]; then
	result FAIL "fcgi --socket: socket removed at exit" "still there"
	rm -f "$SOCK"
else
	result ok "fcgi --socket: socket removed at exit"
fi

# The admin tests changed the content; the suite wants the seed again.
rm -f "$TMP/waypoint.db" "$TMP/waypoint.db-wal" "$TMP/waypoint.db-shm"
db_init "$CONF" "db init again, for spawn-fcgi"

echo "# spawn-fcgi -n -s $SOCK -- waypoint fcgi (socket on fd 0)"
SPAWN_ARGS=(-n -s "$SOCK" -M 0660)
[ -n "$NGINX_USER" ] && SPAWN_ARGS+=(-G "$GROUP")
"$SPAWN" "${SPAWN_ARGS[@]}" -- "$WAYPOINT" --config "$CONF" fcgi \
    >"$TMP/spawn.out" 2>"$TMP/spawn.err" &
FCGI_PID=$!
exercise "spawn-fcgi" "$TMP/spawn.err" "$TMP/spawn.err"
stop_responder "spawn-fcgi" "$TMP/spawn.err" "$TMP/spawn.err"

# [workflow] review = on, over a database of its own.
echo "# waypoint fcgi --socket $SOCK ([workflow] review = on)"
CONF_REVIEW=$TMP/review.conf
sed "s|^database = .*|database = $TMP/review.db|" "$CONF" >"$CONF_REVIEW"
printf '[workflow]\nreview = on\n' >>"$CONF_REVIEW"
db_init "$CONF_REVIEW" "db init, for review"
admin_accounts "$CONF_REVIEW"
rm -f "$SOCK"
"$WAYPOINT" --config "$CONF_REVIEW" fcgi --socket "$SOCK" \
    >"$TMP/review.out" 2>"$TMP/review.err" &
FCGI_PID=$!
if wait_listening "$SOCK" "$FCGI_PID"; then
	step "review: listening on $SOCK"
	run_script "fcgi review on" python3 "$HERE/review.py" \
	    "http://127.0.0.1:$PORT" "$TMP/review.db" "$WAYPOINT" \
	    "$CONF_REVIEW" --on
	run_script "fcgi media_pages review on" python3 \
	    "$HERE/media_pages.py" "http://127.0.0.1:$PORT" "$TMP/review.db" \
	    "$WAYPOINT" "$CONF_REVIEW" --review
else
	result FAIL "review: listening on $SOCK" "$(tail -n 5 "$TMP/review.err")"
fi
if stop_pid "$FCGI_PID"; then
	result ok "review: fcgi stops on SIGTERM"
else
	result FAIL "review: fcgi stops on SIGTERM" "still running after 5 s"
fi
FCGI_PID=
check_sanitizer "fcgi review" "$TMP/review.err"

echo "# waypoint fcgi with no socket on fd 0"
if "$WAYPOINT" --config "$CONF" fcgi </dev/null >"$TMP/nosock.out" \
    2>&1; then
	result FAIL "fcgi without a socket: refused" "exit status 0"
elif grep -q 'not a listening socket' "$TMP/nosock.out"; then
	result ok "fcgi without a socket: refused with a clear message"
else
	result FAIL "fcgi without a socket: refused with a clear message" \
	    "$(head -n 3 "$TMP/nosock.out")"
fi

# Each link planted in the static folder is refused with a [crit] line
# (try_files logs so every failure but a missing file): expected. -a: the
# hostile tests' bytes make grep take the log for a binary file.
alerts=$(grep -aE '\[(alert|emerg|crit)\]' "$TMP/nginx/error.log" |
    grep -vF "\"$ROOT/www/static/leak")
if [ -n "$alerts" ]; then
	result FAIL "nginx error log: no alert" "$(head -n 3 <<<"$alerts")"
fi
stop_pid "$NGINX_PID"
NGINX_PID=

finish nginx
