#!/bin/bash
# sites_cli.sh WAYPOINT: `waypoint site add | list | remove` over a sites
# folder ([paths] sites): add writes NAME.conf (mode 0600 without [paths]
# group) and makes the database (the demo content only with --demo) and
# the media folder; list names each site with its hosts, database and
# counts; a name or host taken, a bad name, no --host and no [paths]
# sites are refused with a message; remove refuses a site with content
# unless --force, and always leaves a backup and NAME.conf.removed-STAMP;
# `--site NAME` (before or after the command) makes db check and user add
# work on that site's database only; a command that needs one database
# refuses without --site when there are several sites.
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
waypoint_args 1 WAYPOINT "$@"
make_tmp sites-cli
# shellcheck disable=SC2119 # nothing to stop, only $TMP to remove
lib_traps
need_tools sites_cli sqlite3

CONF=$TMP/c.conf
SITES=$TMP/sites
printf '[paths]\ndatabase = %s/waypoint.db\nsites = %s\n' "$TMP" "$SITES" \
    >"$CONF"
printf 'templates = %s\nstatic = %s\n' "$REPO/www/templates" \
    "$REPO/www/static" >>"$CONF"

# Runs waypoint from $TMP (a site's default database, var/sites/NAME/,
# is relative to the folder waypoint runs in, as the main one's) with
# the rest as arguments; OUT is its output (both streams), RC its exit
# status.
run_wp() {
	OUT=$(cd "$TMP" && "$WAYPOINT" --config "$CONF" "$@" 2>&1)
	RC=$?
}

# Records NAME: the sqlite3 query $3 over database $2 prints $4.
expect_sql() {	# name db query want
	local got
	got=$(sqlite3 "$2" "$3" 2>&1)
	if [ "$got" = "$4" ]; then
		result ok "$1"
	else
		result FAIL "$1" "$3: got \"$got\", want \"$4\""
	fi
}

DB1=$TMP/var/sites/one/waypoint.db
DB2=$TMP/var/sites/two/waypoint.db

run_wp site list
expect "site list before any site: says how to add one" 0 "site add"
run_wp site add one --host One.Example.org --host www.one.example.org
expect "site add one: added" 0 "site one added"
if [ -f "$SITES/one.conf" ] && [ "$(stat -c %a "$SITES/one.conf")" = 600 ]
then
	result ok "site add: one.conf written, mode 0600 (no [paths] group)"
else
	result FAIL "site add: one.conf written, mode 0600 (no [paths] group)" \
	    "$(ls -la "$SITES")"
fi
if [ "$(grep '^host = ' "$SITES/one.conf")" = "host = one.example.org
host = www.one.example.org" ]
then
	result ok "site add: the hosts in one.conf, in lower case, a line each"
else
	result FAIL "site add: the hosts in one.conf, in lower case, a line each" \
	    "$(cat "$SITES/one.conf")"
fi
if [ -d "$TMP/var/sites/one/media" ]; then
	result ok "site add: the media folder beside its database"
else
	result FAIL "site add: the media folder beside its database" \
	    "no $TMP/var/sites/one/media"
fi
expect_sql "site add without --demo: an empty database" "$DB1" \
    "SELECT count(*) FROM news" 0
run_wp site add two --host two.example.org --demo --languages "en hu"
expect "site add two --demo: added" 0 "site two added"
expect_sql "site add --demo: the demo content" "$DB2" \
    "SELECT count(*) > 0 FROM news" 1
expect_sql "site add --demo --languages \"en hu\": its Hungarian versions" \
    "$DB2" "SELECT count(*) > 0 FROM news WHERE lang = 'hu'" 1
# A site of English alone gets the demo without its translations: no row
# it could never show, none to appear once a language is added.
run_wp site add four --host four.example.org --demo --languages en
expect "site add four --demo --languages en: added" 0 "site four added"
expect_sql "site add --demo --languages en: no Hungarian row" \
    "$TMP/var/sites/four/waypoint.db" "SELECT ((SELECT count(*) FROM news
    WHERE lang <> 'en') + (SELECT count(*) FROM pages WHERE lang <> 'en') +
    (SELECT count(*) FROM entries WHERE lang <> 'en') + (SELECT count(*)
    FROM settings WHERE lang <> 'en') + (SELECT count(*) FROM menu_texts))
    || ' ' || (SELECT count(*) > 0 FROM news)" "0 1"
run_wp --site four db check
expect "site add --demo --languages en: db check passes" 0 "ok"
run_wp site remove four --force
expect "site remove four --force: removed" 0 "removed"
hidden=("$SITES"/.[!.]*)
if [ -e "${hidden[0]}" ]; then
	result FAIL "site add leaves no temporary file" "$(ls -A "$SITES")"
else
	result ok "site add leaves no temporary file"
fi

run_wp site add one --host three.example.org
expect "site add of a name taken: refused" 1 "site one exists already"
run_wp site add three --host WWW.one.example.org
expect "site add of a host taken: refused, naming its site" 1 \
    "the host www.one.example.org is site one's"
if [ -e "$SITES/three.conf" ] || [ -e "$TMP/var/sites/three" ]; then
	result FAIL "a refused site add leaves nothing" "$(ls -A "$SITES")"
else
	result ok "a refused site add leaves nothing"
fi
run_wp site add Three --host three.example.org
expect "site add of a bad name: refused" 2 "is not a site's name"
run_wp site add three
expect "site add without --host: refused" 2 "--host"
run_wp site add three --host 'three.example.org;x'
expect "site add of a host with ';': refused" 2 "no control characters"
# A host is a DNS name as nginx's $host gives it: a trailing dot would
# be a second spelling of a name another site may hold.
for h in three.example.org. a..example.org -x.example.org x-.example.org \
    .example.org "$(printf 'a%.0s' {1..64}).org"; do
	run_wp site add three --host "$h"
	expect "site add of the host \"$h\": refused" 1 \
	    "expected a lower-case host name"
done
run_wp site add three --host x3.example.org --host X3.example.org
expect "site add naming one host twice: refused" 1 \
    "host names x3.example.org twice"
run_wp --site one user list --site two
expect "--site twice: refused" 2 "--site given twice (one, two)"
# The folder's lock: of four adds of one host at once, one is added.
for i in 1 2 3 4; do
	(cd "$TMP" && "$WAYPOINT" --config "$CONF" site add "race-$i" \
	    --host race.example.org >/dev/null 2>&1) &
done
wait
n=$(compgen -G "$SITES/race-*.conf" | wc -l)
if [ "$n" = 1 ]; then
	result ok "four adds of one host at once: one added"
else
	result FAIL "four adds of one host at once: one added" \
	    "$(ls -A "$SITES")"
fi
for f in "$SITES"/race-*.conf; do
	n=$(basename "$f" .conf)
	run_wp site remove "$n" --force
	expect "site remove $n: removed" 0 "removed"
done
run_wp site add three --host three.example.org --timezone Mars/Olympus
expect "site add of an unknown time zone: refused" 2 \
    '--timezone "Mars/Olympus" is not a known time zone'
if compgen -G "$SITES/*three*" >/dev/null ||
    compgen -G "$SITES/.*three*" >/dev/null || [ -e "$TMP/var/sites/three" ]
then
	result FAIL "a refused time zone leaves nothing" "$(ls -A "$SITES")"
else
	result ok "a refused time zone leaves nothing"
fi
run_wp site add three --host three.example.org \
    --timezone Pacific/Auckland --demo
expect "site add of another time zone: added" 0 "site three added"
if grep -qx 'timezone = Pacific/Auckland' "$SITES/three.conf"; then
	result ok "site add --timezone: written to three.conf"
else
	result FAIL "site add --timezone: written to three.conf" \
	    "$(cat "$SITES/three.conf")"
fi
# The demo pages are dated in the new site's zone: published at
# 2021-12-20 11:33 UTC, already the 21st in Auckland (UTC+13).
expect_sql "site add --demo: dates in the site's zone" \
    "$TMP/var/sites/three/waypoint.db" \
    "SELECT count(*) > 0 FROM pages WHERE pub_date = '2021-12-21'" 1
run_wp --site three db check
expect "--site three db check: a site in its own zone" 0 "ok"
run_wp site remove three --force
expect "site remove three: removed" 0 "removed"
run_wp site add three --host three.example.org --color red
expect "site add --color: unknown option" 2 "unknown option --color"

run_wp site list
expect "site list: one's hosts" 0 \
    "one.example.org,www.one.example.org"
expect "site list: one's database and counts" 0 \
    "var/sites/one/waypoint.db	0 releases, 0 pages, 0 users"
expect "site list: two's content counted" 0 "two	two.example.org"

# --site, before or after the command.
run_wp --site one db check
expect "--site one db check: that site's database" 0 \
    "var/sites/one/waypoint.db: ok"
run_wp db check --site two
expect "db check --site two: that site's database" 0 \
    "var/sites/two/waypoint.db: ok"
OUT=$(cd "$TMP" && printf '%s\n' 'a long passphrase 1' | "$WAYPOINT" \
    --config "$CONF" --site one user add maria --role admin 2>&1)
RC=$?
expect "--site one user add: added" 0 "maria"
expect_sql "user add --site one: the account in one's database" "$DB1" \
    "SELECT count(*) FROM users WHERE name = 'maria'" 1
expect_sql "user add --site one: none in two's" "$DB2" \
    "SELECT count(*) FROM users" 0
run_wp db check
expect "db check without --site: refused with several sites" 2 \
    "this deployment serves 2 sites: say which with --site NAME"
run_wp --site one site list
expect "--site with a site command: refused" 2 "unknown option --site"
run_wp --site nosuch db check
expect "--site of no site: refused" 2 "nosuch"

run_wp site remove two
expect "site remove of a site with content: refused" 1 \
    "holds content"
if [ -f "$SITES/two.conf" ]; then
	result ok "a refused site remove leaves the site"
else
	result FAIL "a refused site remove leaves the site" "$(ls -A "$SITES")"
fi
run_wp site remove two --force
expect "site remove --force: removed" 0 "site two removed"
if ls "$SITES"/two.conf.removed-* >/dev/null 2>&1 &&
    [ ! -e "$SITES/two.conf" ]; then
	result ok "site remove: two.conf renamed two.conf.removed-STAMP"
else
	result FAIL "site remove: two.conf renamed two.conf.removed-STAMP" \
	    "$(ls -A "$SITES")"
fi
BACKUP=
for f in "$DB2".removed-*; do
	case $f in
	*.media) ;;
	*) [ -f "$f" ] && BACKUP=$f ;;
	esac
done
if [ -n "$BACKUP" ] && [ -d "$BACKUP.media" ]; then
	result ok "site remove --force: a backup with its media folder"
	expect_sql "site remove --force: the backup holds the content" \
	    "$BACKUP" "SELECT count(*) > 0 FROM news" 1
else
	result FAIL "site remove --force: a backup with its media folder" \
	    "$(ls -A "$TMP/var/sites/two")"
fi
# More host names than one INI line holds (libinih reads 199 bytes at a
# time): every one is kept.
HOSTS=(budapest.example.org www.budapest.example.org budapest.example.co.hu
    www.budapest.example.hu budapest-office.example.org
    www.budapest-office.example.org budapest.old-office-website.example.net
    budapest.example.net)
args=()
for h in "${HOSTS[@]}"; do
	args+=(--host "$h")
done
run_wp site add many "${args[@]}"
expect "site add of 8 host names (230 bytes): added" 0 "site many added"
run_wp site list
want=$(IFS=,; echo "${HOSTS[*]}")
expect "site list: all 8 host names kept" 0 "$want"
run_wp site remove many
# A line the INI reader would cut is refused, with its number.
printf '[site]\nhost = long.example.org\nbase_url = https://long.example.org/%s\n' \
    "$(head -c 200 /dev/zero | tr '\0' x)" >"$SITES/long.conf"
run_wp site list
expect "a site file with a 240-byte line: refused at line 3" 1 \
    "long.conf:3: longer than 198 characters"
rm -f "$SITES/long.conf"

# The main file's default_site is not removed from under it.
cp "$CONF" "$CONF.kept"
printf '[site]\ndefault_site = one\n' >>"$CONF"
run_wp site remove one
expect "site remove of the default_site: refused" 1 "default_site"
mv "$CONF.kept" "$CONF"
run_wp site remove one
expect "site remove of a site without content: removed" 0 \
    "site one removed"
if ls "$DB1".removed-* >/dev/null 2>&1; then
	result ok "site remove: a backup even without content"
else
	result FAIL "site remove: a backup even without content" \
	    "$(ls -A "$TMP/var/sites/one")"
fi
run_wp site remove one
expect "site remove of no such site: refused" 1 'no site "one"'
run_wp site list
expect "site list after both removals: none" 0 "no sites"

# A site file that is no file is named as one, not as --config.
mkdir "$SITES/four.conf"
run_wp site list
expect "a folder named as a site file: refused as a site file" 1 \
    "site file $SITES/four.conf: a folder, not a configuration file"
rmdir "$SITES/four.conf"

# Without [paths] sites, the site commands have nothing to work on.
printf '[paths]\ndatabase = %s/waypoint.db\n' "$TMP" >"$TMP/one.conf"
OUT=$(cd "$TMP" && "$WAYPOINT" --config "$TMP/one.conf" site add x \
    --host x.example.org 2>&1)
RC=$?
expect "site add without [paths] sites: refused" 2 "has no [paths] sites"

finish sites_cli
