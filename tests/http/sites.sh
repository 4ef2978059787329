#!/usr/bin/env bash
# sites.sh: one `waypoint serve` answering three sites of a sites folder
# (sites.py: each by its Host, 421 for another, search, accounts and the
# page cache kept apart), then with [site] default_site, then a fourth site
# added and picked up on SIGHUP; and `--site` on the command line.
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

# Site NAME: its file, database, name, statement and editor.
add_site() {	# name
	local s=$1
	printf '[site]\nhost = %s.test www.%s.test\nbase_url = http://%s.test\n' \
	    "$s" "$s" "$s" >"$TMP/sites/$s.conf"
	printf '[paths]\ndatabase = %s/db-%s/waypoint.db\n' "$TMP" "$s" \
	    >>"$TMP/sites/$s.conf"
	mkdir -p "$TMP/db-$s"
	printf '%s\n%s\n%s\n' '{"waypoint":"export","version":1}' \
	    "{\"type\":\"setting\",\"lang\":\"en\",\"key\":\"site_name\",\"value\":\"Office $s\"}" \
	    "{\"type\":\"news\",\"lang\":\"en\",\"slug\":\"statement-$s\",\"title\":\"Statement of office $s\",\"dateline\":\"City\",\"pub_date\":\"2024-01-02\",\"summary\":\"\",\"body_md\":\"Uniqueword$s text.\",\"status\":\"published\"}" \
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
for s in a b c; do
	add_site "$s"
done

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
	run_script sites python3 "$HERE/sites.py" "http://127.0.0.1:$PORT" \
	    "$TMP/serve.err" "$WAYPOINT" "$CONF"
	# A fourth site, picked up on SIGHUP.
	add_site d
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
	stop_server "serve (default_site)" "$TMP/serve2.err"
else
	result FAIL "serve with default_site listens" \
	    "$(tail -n 3 "$TMP/serve2.err")"
fi
finish sites
