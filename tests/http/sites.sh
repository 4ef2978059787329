#!/usr/bin/env bash
# sites.sh: one `waypoint serve` answering three sites of a sites folder
# (sites.py: each by its Host, 421 for another, search, accounts and the
# page cache kept apart), then with [site] default_site, then a fourth site
# added and picked up on SIGHUP; and `--site` on the command line. Site b
# keeps New York's time and d (added on SIGHUP) Kolkata's, a and c the
# main file's Budapest: the same instant reads as each site's own local
# time in its feed and sitemap.
# Usage: tests/http/sites.sh WAYPOINT_BINARY
# The last line is "sites: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
need_tools sites python3 curl
make_tmp sites
SERVER_PID=
lib_traps SERVER_PID
cd "$REPO" || exit 2

CONF=$TMP/waypoint.conf
PORT=$(free_port)
mkdir -p "$TMP/sites"
write_conf "$CONF" "$PORT"
printf '[paths]\nsites = %s\n' "$TMP/sites" >>"$CONF"

# Site NAME (in time zone ZONE, if given): its file, database, name,
# statement (published at midnight of 2 January 2024, its own, and last
# changed at 2024-01-02T12:00:00Z, 1704196800) and editor.
add_site() {	# name [zone]
	local s=$1
	printf '[site]\nhost = %s.test www.%s.test\nbase_url = http://%s.test\n' \
	    "$s" "$s" "$s" >"$TMP/sites/$s.conf"
	if [ $# -gt 1 ]; then
		printf 'timezone = %s\n' "$2" >>"$TMP/sites/$s.conf"
	fi
	printf '[paths]\ndatabase = %s/db-%s/waypoint.db\n' "$TMP" "$s" \
	    >>"$TMP/sites/$s.conf"
	mkdir -p "$TMP/db-$s"
	printf '%s\n%s\n%s\n' '{"waypoint":"export","version":1}' \
	    "{\"type\":\"setting\",\"lang\":\"en\",\"key\":\"site_name\",\"value\":\"Office $s\"}" \
	    "{\"type\":\"news\",\"lang\":\"en\",\"slug\":\"statement-$s\",\"title\":\"Statement of office $s\",\"dateline\":\"City\",\"pub_date\":\"2024-01-02\",\"summary\":\"\",\"body_md\":\"Uniqueword$s text.\",\"status\":\"published\",\"updated_at\":1704196800}" \
	    >"$TMP/import-$s.jsonl"
	if "$WAYPOINT" --config "$CONF" --site "$s" db init --empty \
	    >"$TMP/init.out" 2>&1 &&
	    "$WAYPOINT" --config "$CONF" --site "$s" import \
	    "$TMP/import-$s.jsonl" >>"$TMP/init.out" 2>&1 &&
	    printf '%s\n' site-password-123 | "$WAYPOINT" --config "$CONF" \
	    user add "editor-$s" --role editor --site "$s" \
	    >>"$TMP/init.out" 2>&1; then
		step "site $s"
	else
		result FAIL "site $s" "$(tail -n 3 "$TMP/init.out")"
	fi
}
add_site a
add_site b America/New_York
add_site c

# Whether site HOST's PATH holds WANT.
expect_in() {	# name host path want
	local got
	got=$(curl -s -H "Host: $2" "http://127.0.0.1:$PORT$3")
	if [[ $got == *"$4"* ]]; then
		result ok "$1"
	else
		result FAIL "$1" "no $4 in ${got:0:400}"
	fi
}

# Each site's dates in its own zone: the release's date read as midnight
# there (by import --site: the feed's UTC instants differ, the page's
# local times agree), and the one instant it last changed shown in each
# zone (the sitemap).
zones() {
	expect_in "a's feed: midnight in Budapest, 23:00 UTC" a.test \
	    /news/feed "<published>2024-01-01T23:00:00Z</published>"
	expect_in "b's feed: midnight in New York, 05:00 UTC" b.test \
	    /news/feed "<published>2024-01-02T05:00:00Z</published>"
	expect_in "a's release: published at midnight, +01:00" a.test \
	    /news/statement-a '"datePublished":"2024-01-02T00:00:00+01:00"'
	expect_in "b's release: published at midnight, -05:00" b.test \
	    /news/statement-b '"datePublished":"2024-01-02T00:00:00-05:00"'
	expect_in "a's sitemap: 12:00 UTC is 13:00 in Budapest" a.test \
	    /sitemap-news-0.xml "<lastmod>2024-01-02T13:00:00+01:00</lastmod>"
	expect_in "b's sitemap: 12:00 UTC is 07:00 in New York" b.test \
	    /sitemap-news-0.xml "<lastmod>2024-01-02T07:00:00-05:00</lastmod>"
}

# A command on one database needs --site; serve takes none.
out=$("$WAYPOINT" --config "$CONF" db check 2>&1)
if [ $? -eq 2 ] && [[ $out == *"serves 3 sites: say which with --site"* ]]
then
	result ok "db check without --site refuses"
else
	result FAIL "db check without --site refuses" "$out"
fi
if "$WAYPOINT" --config "$CONF" db check --site b >/dev/null 2>&1; then
	result ok "db check --site b"
else
	result FAIL "db check --site b" "exit $?"
fi
out=$("$WAYPOINT" --config "$CONF" --site nope db check 2>&1)
if [ $? -eq 2 ] && [[ $out == *"no such site"* ]]; then
	result ok "--site of no site refuses"
else
	result FAIL "--site of no site refuses" "$out"
fi

echo "# waypoint serve on 127.0.0.1:$PORT, sites a, b and c"
if start_server "$CONF" "$PORT" "$TMP/serve.err"; then
	step "serve listens"
	zones
	run_script sites python3 "$HERE/sites.py" "http://127.0.0.1:$PORT" \
	    "$TMP/serve.err" "$WAYPOINT" "$CONF"
	# A fourth site, in a zone no site had, picked up on SIGHUP.
	add_site d Asia/Kolkata
	kill -HUP "$SERVER_PID"
	i=0
	while ! grep -q "sites: 4" "$TMP/serve.err" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	got=$(curl -s -H 'Host: d.test' "http://127.0.0.1:$PORT/")
	if [[ $got == *"Statement of office d"* ]]; then
		result ok "SIGHUP: the new site d answers"
	else
		result FAIL "SIGHUP: the new site d answers" "${got:0:200}"
	fi
	expect_in "SIGHUP: d's sitemap: 12:00 UTC is 17:30 in Kolkata" \
	    d.test /sitemap-news-0.xml \
	    "<lastmod>2024-01-02T17:30:00+05:30</lastmod>"
	zones
	got=$(curl -s -H 'Host: www.a.test' "http://127.0.0.1:$PORT/")
	if [[ $got == *"Statement of office a"* ]]; then
		result ok "SIGHUP: a still answers (its second host)"
	else
		result FAIL "SIGHUP: a still answers" "${got:0:200}"
	fi
	stop_server "serve (3 sites)" "$TMP/serve.err"
else
	result FAIL "serve listens" "$(tail -n 3 "$TMP/serve.err")"
fi

printf '[site]\ndefault_site = c\n' >>"$CONF"
echo "# again with default_site = c"
if start_server "$CONF" "$PORT" "$TMP/serve2.err"; then
	run_script default_site python3 "$HERE/sites.py" \
	    "http://127.0.0.1:$PORT" "$TMP/serve2.err" "$WAYPOINT" "$CONF" \
	    --default c
	# default_site is read again on SIGHUP, as the folder is.
	sed -i 's/^default_site = c$/default_site = a/' "$CONF"
	kill -HUP "$SERVER_PID"
	i=0
	until [[ $(curl -s -H 'Host: unknown.test' \
	    "http://127.0.0.1:$PORT/") == *"Statement of office a"* ]] ||
	    [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	expect_in "SIGHUP: default_site moved to a" unknown.test / \
	    "Statement of office a"
	stop_server "serve (default_site)" "$TMP/serve2.err"
else
	result FAIL "serve with default_site listens" \
	    "$(tail -n 3 "$TMP/serve2.err")"
fi

# Behind nginx, Debian's fastcgi_params sends HTTP_HOST as $host, with no
# port: the port nginx took the request on (SERVER_PORT) is the one a
# site's host:PORT is matched against.
printf '[site]\nhost = port.test:8443\n' >>"$TMP/sites/b.conf"
FPORT=$(free_port)
"$WAYPOINT" --config "$CONF" fcgi --listen "127.0.0.1:$FPORT" \
    >"$TMP/fcgi.out" 2>"$TMP/fcgi.err" &
SERVER_PID=$!
if wait_listening "$FPORT" "$SERVER_PID"; then
	for want in "8443 Statement of office b" "80 Statement of office a"; do
		got=$(python3 - "$FPORT" "${want%% *}" <<'EOF'
import sys
sys.path.insert(0, "tests/fcgi")
import fcgiclient as f
rs = f.fetch(("127.0.0.1", int(sys.argv[1])), f.base_params(
    "GET", "/", HTTP_HOST="port.test", SERVER_PORT=sys.argv[2]))
f.parse_stdout(rs)
print(rs.body.decode("utf-8", "replace"))
EOF
)
		if [[ $got == *"${want#* }"* ]]; then
			result ok "fcgi: port.test on SERVER_PORT ${want%% *}:" \
			    "${want#* }"
		else
			result FAIL "fcgi: port.test on SERVER_PORT ${want%% *}" \
			    "${got:0:300}"
		fi
	done
	stop_server "fcgi (sites)" "$TMP/fcgi.err"
else
	result FAIL "fcgi with sites listens" "$(tail -n 3 "$TMP/fcgi.err")"
fi
finish sites
