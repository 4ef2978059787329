#!/bin/bash
# reload.sh WAYPOINT: SIGHUP makes `waypoint serve` reload its templates
# (and drop cached pages), and keeps the old ones when a new one is broken.
set -u
WAYPOINT=${1:?usage: reload.sh WAYPOINT}
TMP=$(mktemp -d)
PID=
pass=0
fail=0
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT
REPO=$(cd "$(dirname "$0")/../.." && pwd)
check() {
	if [ "$2" = "$3" ]; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "FAIL - $1: got '$2', want '$3'"
		fail=$((fail + 1))
	fi
}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cp -R "$REPO/www/templates" "$TMP/templates"
cat >"$TMP/conf" <<CONF
[paths]
database = $TMP/db
templates = $TMP/templates
static = $REPO/www/static
CONF
"$WAYPOINT" --config "$TMP/conf" db init >/dev/null 2>&1
"$WAYPOINT" --config "$TMP/conf" serve --listen "127.0.0.1:$PORT" \
    2>"$TMP/err" &
PID=$!
for _ in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
	sleep 0.1
done
URL=http://127.0.0.1:$PORT/about
check "before: the layout's skip link" \
    "$(curl -s "$URL" | grep -c 'Skip to main content')" 1
sed -i 's/Skip to main content/Skip to the page/' "$TMP/templates/layout.mustache"
kill -HUP "$PID"
sleep 0.5
check "after SIGHUP: the changed template, not the cached page" \
    "$(curl -s "$URL" | grep -c 'Skip to the page')" 1
printf '{{#open}}\n' >"$TMP/templates/broken.mustache"
kill -HUP "$PID"
sleep 0.5
check "a broken template: still served with the old ones" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" 200
check "a broken template: named in the log" \
    "$(grep -c 'broken.mustache:1' "$TMP/err")" 1
kill -TERM "$PID"
wait "$PID"
check "stops on SIGTERM with status 0" "$?" 0
PID=
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$TMP/err"; then
	cat "$TMP/err"
	fail=$((fail + 1))
fi
echo "reload: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
