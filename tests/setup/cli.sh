#!/bin/bash
# cli.sh WAYPOINT: the `waypoint` command at start: `help [COMMAND]`, a bad
# option named before the usage, every configuration refused with its key
# and value, the base_url serve takes from --listen (and its warning when
# the configured one differs), fcgi's warning without one, db init
# refusing to make a database in whatever folder it is run from, and the
# commands that render Markdown refusing to start without waypoint-render.
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
waypoint_args 1 WAYPOINT "$@"
make_tmp cli
SERVER=
lib_traps SERVER
need_tools cli curl python3

# Runs waypoint with the rest as arguments from $TMP; checks its exit
# status is $2 and that its output (both streams) holds the fixed string
# $3 (and, when given, that $4 comes before $5 in it).
expect() {	# name status text [first second]
	local name=$1 want=$2 text=$3 first=${4:-} second=${5:-} rc out
	out=$(cd "$TMP" && "$WAYPOINT" "${ARGS[@]}" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		result FAIL "$name" "exit status $rc, not $want: $out"
	elif ! grep -qF -- "$text" <<<"$out"; then
		result FAIL "$name" "no \"$text\" in: $out"
	elif [ -n "$first" ] && [ "$(grep -nF -- "$first" <<<"$out" |
	    head -n 1 | cut -d: -f1)" -ge "$(grep -nF -- "$second" \
	    <<<"$out" | head -n 1 | cut -d: -f1)" ]; then
		result FAIL "$name" "\"$first\" not before \"$second\": $out"
	else
		result ok "$name"
	fi
}

# Writes $TMP/c.conf: a database in $TMP, the checkout's templates and
# static files, then the lines given.
conf() {	# line...
	printf '[paths]\ndatabase = %s/waypoint.db\ntemplates = %s\nstatic = %s\n' \
	    "$TMP" "$REPO/www/templates" "$REPO/www/static" >"$TMP/c.conf"
	printf '%s\n' "$@" >>"$TMP/c.conf"
}

ARGS=(help)
expect "waypoint help: every command" 0 "user list"
ARGS=(help serve)
expect "waypoint help serve: its usage" 0 "serve [--listen HOST:PORT]"
ARGS=(help db)
expect "waypoint help db: its usage" 0 "db backup FILE"
ARGS=(help nosuch)
expect "waypoint help nosuch: exit 2, named" 2 'no command "nosuch"'
ARGS=(--help)
expect "waypoint --help" 0 "usage: waypoint"
ARGS=(nosuch)
expect "an unknown command: exit 2, named" 2 'unknown command "nosuch"'
ARGS=(--foo serve)
expect "--foo: named before the usage" 2 "waypoint: unknown option --foo" \
    "unknown option --foo" "usage: waypoint"
ARGS=(serve --foo)
expect "serve --foo: named before serve's usage" 2 \
    "waypoint: unknown option --foo" "unknown option --foo" \
    "usage: waypoint [--config FILE] serve"
ARGS=(fcgi --bar 1)
expect "fcgi --bar: named before fcgi's usage" 2 \
    "waypoint: unknown option --bar" "unknown option --bar" \
    "usage: waypoint [--config FILE] fcgi"
ARGS=(db init --force)
expect "db init --force: named before db's usage" 2 \
    "waypoint: unknown option --force" "unknown option --force" \
    "usage: waypoint [--config FILE] db"
ARGS=(db)
expect "db alone: db's usage" 2 "usage: waypoint [--config FILE] db"
ARGS=(user add someone --bogus)
expect "user add --bogus: named before user's usage, no database opened" \
    2 "waypoint: unknown option --bogus" "unknown option --bogus" \
    "usage: waypoint [--config FILE] user"
ARGS=(user list extra)
expect "user list extra: named before user's usage" 2 \
    'unexpected argument "extra"' 'unexpected argument "extra"' \
    "usage: waypoint [--config FILE] user"

mkdir "$TMP/folder"
ARGS=(--config "$TMP/folder" db check)
expect "--config naming a folder is refused" 2 \
    "--config $TMP/folder: a folder, not a configuration file"
ARGS=(--config "$TMP/missing.conf" db check)
expect "--config naming no file is refused" 2 "$TMP/missing.conf"
conf '[site]' 'base_url = example.org'
ARGS=(--config "$TMP/c.conf" db check)
expect "an unparsable base_url is refused with key and value" 2 \
    '[site] base_url: expected http://HOST[:PORT] or https://HOST[:PORT], then nothing or a path, got "example.org"'
conf '[site]' 'base_url = http://exa mple.org'
expect "a base_url with a space is refused" 2 \
    'base_url: expected http://HOST[:PORT] or https://HOST[:PORT], then nothing or a path, got "http://exa mple.org"'
conf '[site]' 'default_lang = hu' 'languages = en uk'
expect "a default_lang not in languages is refused with both" 2 \
    '[site] default_lang "hu" is not one of [site] languages "en uk"'
conf '[fcgi]' 'socket_mode = 660x'
expect "a socket_mode that is not octal is refused with key and value" 2 \
    '[fcgi] socket_mode: expected an octal mode such as 0660, got "660x"'
conf '[fcgi]' 'socket_mode = 0980'
expect "socket_mode 0980 (not octal) is refused" 2 'got "0980"'
conf '[serve]' 'threads = many'
expect "a number key still refused with key and value" 2 \
    '[serve] threads: expected a whole number from 0 to 256, got "many"'
conf '[site]' 'timezone = Mars/Olympus'
expect "an unknown time zone still refused" 2 \
    '[site] timezone "Mars/Olympus" is not a known time zone'
conf '[site]' 'languages = en EN'
expect "a bad language code still refused" 2 '"EN" is not a language code'
conf '[nosuch]' 'key = 1'
expect "an unknown key still refused" 2 "unknown key [nosuch] key"

# db init from a folder with no configuration: no database made there.
ARGS=(db init)
expect "db init with no configuration and no database key refuses" 2 \
    "[paths] database is not set"
if [ -e "$TMP/var" ]; then
	result FAIL "db init made nothing in the folder it ran in" \
	    "$(ls -R "$TMP/var")"
else
	result ok "db init made nothing in the folder it ran in"
fi

# A waypoint without waypoint-render beside it: each command that renders
# Markdown refuses before it starts, naming where it looked, and db init
# makes no database (rather than one whose bodies have no HTML).
mkdir -p "$TMP/lone"
cp "$WAYPOINT" "$TMP/lone/waypoint"
SAVED_WAYPOINT=$WAYPOINT
WAYPOINT=$TMP/lone/waypoint
conf '[site]' 'languages = en'
for cmd in "db init" "db migrate" "import $TMP/none.jsonl" \
    "serve --listen 127.0.0.1:1" "fcgi --socket $TMP/lone/s"; do
	read -r -a ARGS <<<"--config $TMP/c.conf $cmd"
	name=${cmd%% -*}
	expect "${name%% /*} without waypoint-render: refused, naming it" 1 \
	    "$TMP/lone/waypoint-render: cannot run the render worker"
done
WAYPOINT=$SAVED_WAYPOINT
if [ -e "$TMP/waypoint.db" ]; then
	result FAIL "db init without waypoint-render made no database"
else
	result ok "db init without waypoint-render made no database"
fi

# Starts `waypoint COMMAND ARG...` on $TMP/c.conf from / (output in
# $TMP/server.out, appended) and waits until it listens on $1, a port or
# a socket; a FAIL line named $2 when it does not.
start() {	# addr name command arg...
	local addr=$1 name=$2
	shift 2
	(cd / && exec "$WAYPOINT" --config "$TMP/c.conf" "$@") \
	    >"$TMP/run.out" 2>&1 &
	SERVER=$!
	wait_listening "$addr" "$SERVER" && return 0
	result FAIL "$name" "$(tail -n 3 "$TMP/run.out")"
	return 1
}

# Stops what start started, keeping its output for the sanitizer check.
stop() {
	stop_pid "$SERVER"
	SERVER=
	cat "$TMP/run.out" >>"$TMP/server.out"
}

# Checks that $TMP/run.out holds the fixed string $2 exactly $3 times.
lines() {	# name text count
	local n
	n=$(grep -cF -- "$2" "$TMP/run.out")
	if [ "$n" -eq "$3" ]; then
		result ok "$1"
	else
		result FAIL "$1" "$n lines: $(head -n 3 "$TMP/run.out")"
	fi
}

# serve without base_url: the site's address is where it listens, so a
# sign-in from a browser there is not refused as cross-site.
PORT=$(free_port)
conf '[site]' 'languages = en'
"$WAYPOINT" --config "$TMP/c.conf" db init >"$TMP/init.out" 2>&1 ||
    result FAIL "db init" "$(cat "$TMP/init.out")"
printf '%s\n' 'a long passphrase' |
    "$WAYPOINT" --config "$TMP/c.conf" user add maria --role admin \
    >/dev/null 2>&1 || result FAIL "user add"
if start "$PORT" "serve without base_url" serve --listen "127.0.0.1:$PORT"
then
	lines "serve says once it took base_url from --listen" \
	    "[site] base_url is not set: the site's address is http://127.0.0.1:$PORT" 1
	if python3 - "http://127.0.0.1:$PORT" <<'PY'
import re, sys, urllib.error, urllib.parse, urllib.request
base = sys.argv[1]
jar = urllib.request.HTTPCookieProcessor()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a):
        return None
op = urllib.request.build_opener(jar, NoRedirect)
page = op.open(base + "/admin/login").read().decode()
token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
body = urllib.parse.urlencode({"csrf_token": token, "username": "maria",
    "password": "a long passphrase"}).encode()
rq = urllib.request.Request(base + "/admin/login", body,
    {"Origin": base, "Sec-Fetch-Site": "same-origin"})
try:
    code = op.open(rq).status
except urllib.error.HTTPError as e:
    code = e.code
sys.exit(0 if code in (302, 303) else 1)
PY
	then
		result ok "sign-in works at the --listen address without base_url"
	else
		result FAIL "sign-in works at the --listen address without base_url"
	fi
	stop
fi

# IPv6: the address in brackets.
(cd / && exec "$WAYPOINT" --config "$TMP/c.conf" serve --listen \
    "[::1]:$PORT") >"$TMP/run.out" 2>&1 &
SERVER=$!
wait_listening "$PORT" "$SERVER" ::1 ||
    result FAIL "serve on [::1] listens" "$(tail -n 3 "$TMP/run.out")"
lines "serve on [::1] takes base_url http://[::1]:PORT" \
    "[site] base_url is not set: the site's address is http://[::1]:$PORT" 1
if curl -sf -o /dev/null -g "http://[::1]:$PORT/"; then
	result ok "serve on [::1] answers there"
else
	result FAIL "serve on [::1] answers there" "$(tail -n 3 "$TMP/run.out")"
fi
stop

# A wildcard address is no one's: 127.0.0.1, and a word about base_url.
# (A port free on every address, not only on 127.0.0.1 as free_port's.)
P2=$(python3 -c 'import socket
s = socket.socket()
s.bind(("0.0.0.0", 0))
print(s.getsockname()[1])')
if start "$P2" "serve on 0.0.0.0 without base_url" serve --listen \
    "0.0.0.0:$P2"; then
	lines "serve on 0.0.0.0 takes http://127.0.0.1:PORT and says to set base_url" \
	    "the site's address is http://127.0.0.1:$P2 (listening on every address: set [site] base_url" 1
	stop
fi

# serve with a base_url a browser at its address would be refused by, then
# with its own address (a trailing slash changes nothing).
conf '[site]' 'languages = en' 'base_url = http://127.0.0.1:8080'
if start "$PORT" "serve with another base_url" serve --listen \
    "127.0.0.1:$PORT"; then
	lines "serve warns once, naming both addresses and the key" \
	    "[site] base_url is http://127.0.0.1:8080 but waypoint serve listens on 127.0.0.1:$PORT" 1
	stop
fi
conf '[site]' 'languages = en' "base_url = http://127.0.0.1:$PORT/"
if start "$PORT" "serve with its own base_url" serve --listen \
    "127.0.0.1:$PORT"; then
	lines "no warning when base_url is the listen address" "base_url" 0
	stop
fi

# fcgi without base_url: one warning naming the key.
conf '[site]' 'languages = en'
if start "$TMP/fcgi.sock" "fcgi without base_url" fcgi --socket \
    "$TMP/fcgi.sock"; then
	lines "fcgi without base_url warns once, naming the key" \
	    "[site] base_url is not set: absolute URLs and the Origin check" 1
	stop
fi
touch "$TMP/server.out"
check_sanitizer "serve and fcgi" "$TMP/server.out"
finish cli
