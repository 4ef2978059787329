#!/bin/bash
# reload.sh WAYPOINT: SIGHUP makes `waypoint serve` reload its templates
# (and drop cached pages), and keeps the old ones when a new one is broken.
# The last line is "reload: N passed, N failed".
set -u
WAYPOINT=${1:?usage: reload.sh WAYPOINT}
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
need_tools reload curl
make_tmp reload
PID=
lib_traps PID
check() {	# name got want
	if [ "$2" = "$3" ]; then
		result ok "$1"
	else
		result FAIL "$1" "got '$2', want '$3'"
	fi
}
# Waits up to 5 s for the server's stderr to hold $1: the reload is done.
wait_log() {	# pattern
	local i=0
	while ! grep -q "$1" "$TMP/err" && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
PORT=$(free_port)
cp -R "$REPO/www/templates" "$TMP/templates"
cat >"$TMP/conf" <<CONF
[paths]
database = $TMP/db
templates = $TMP/templates
static = $REPO/www/static
CONF
db_init "$TMP/conf" || finish reload
"$WAYPOINT" --config "$TMP/conf" serve --listen "127.0.0.1:$PORT" \
    2>"$TMP/err" &
PID=$!
if wait_listening "$PORT" "$PID"; then
	step "serve listens on 127.0.0.1:$PORT"
else
	result FAIL "serve listens on 127.0.0.1:$PORT" \
	    "$(tail -n 5 "$TMP/err")"
	finish reload
fi
URL=http://127.0.0.1:$PORT/about
check "before: the layout's skip link" \
    "$(curl -s "$URL" | grep -c 'Skip to main content')" 1
sed -i 's/Skip to main content/Skip to the page/' \
    "$TMP/templates/layout.mustache"
kill -HUP "$PID"
wait_log 'reloaded the log file and the templates'
check "after SIGHUP: the changed template, not the cached page" \
    "$(curl -s "$URL" | grep -c 'Skip to the page')" 1
printf '{{#open}}\n' >"$TMP/templates/broken.mustache"
kill -HUP "$PID"
wait_log 'templates not reloaded'
check "a broken template: still served with the old ones" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" 200
check "a broken template: named in the log" \
    "$(grep -c 'broken.mustache:1' "$TMP/err")" 1
kill -TERM "$PID"
wait "$PID"
check "stops on SIGTERM with status 0" "$?" 0
PID=
# A report is a failure; its absence is not one of the checks counted.
if sanitizer_report "$TMP/err"; then
	result FAIL "no sanitizer report" "see the server's stderr below"
	cat "$TMP/err"
fi
finish reload
