#!/usr/bin/env bash
# files.sh: what Waypoint's files say and are, whoever set the machine up:
# a database a newer waypoint upgraded is refused by every command, which
# says to install the newer binary and never to migrate; the database, its
# -wal and -shm and backups are made 0600 (0640 with [paths] group, and
# given that group) and the log 0640, under umask 000 and 077; a database
# or log left with a looser mode is tightened at the next start; an
# unknown [paths] group is refused at start.
# Usage: tests/setup/files.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is "files: N passed, N failed".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
need_tools files python3 sqlite3 curl
make_tmp files
SERVER_PID=
lib_traps SERVER_PID
cd "$TMP" || exit 2

# The group [paths] group names in the tests: as root, one that is not
# ours, so that giving it to the files is seen; otherwise our own (a user
# may only give a file a group it is in).
if [ "$(id -u)" -eq 0 ] && getent group daemon >/dev/null; then
	OTHER_GROUP=daemon
else
	OTHER_GROUP=$(id -gn)
fi

# Writes config $1: database $2, log file $3 and group $4 (each may be
# empty).
conf() {	# file database log group
	cat >"$1" <<EOF
[paths]
database = $2
log_file = $3
templates = $REPO/www/templates
static = $REPO/www/static
EOF
	[ -n "$4" ] && echo "group = $4" >>"$1"
	return 0
}

# Records NAME: file $2 has mode $3 (octal, as stat prints it) and, when
# $4 is given, group $4.
check_mode() {	# name file mode [group]
	local got
	if [ ! -e "$2" ]; then
		result FAIL "$1" "$2 does not exist"
		return
	fi
	got=$(stat -c '%a %G' "$2")
	if [ "$got" = "$3${4:+ $4}" ] || { [ -z "${4:-}" ] &&
	    [ "${got%% *}" = "$3" ]; }; then
		result ok "$1"
	else
		result FAIL "$1" "$2 is $got, expected $3${4:+ $4}"
	fi
}

# --- A database whose schema is newer than this binary -----------------

mkdir new
conf new.conf "$TMP/new/waypoint.db" "" ""
"$WAYPOINT" --config new.conf db init --empty >init.out 2>&1 ||
    result FAIL "newer schema: db init" "$(head -n 3 init.out)"
printf '%s\n' 'a-long-password-1' | "$WAYPOINT" --config new.conf user add \
    someone --role editor >user.out 2>&1 ||
    result FAIL "newer schema: user add" "$(head -n 3 user.out)"
version=$("$WAYPOINT" --config new.conf db check | sed -n \
    's/.*schema version \([0-9]*\).*/\1/p')
if [ -z "$version" ]; then
	result FAIL "newer schema: db check names the schema version" \
	    "$("$WAYPOINT" --config new.conf db check 2>&1)"
	version=1
fi
newer=$((version + 1))
sqlite3 new/waypoint.db "PRAGMA user_version = $newer" ||
    result FAIL "newer schema: user_version raised" "sqlite3 failed"
step "database of schema version $newer (this waypoint: $version)"

# Records that command (the rest, run with config new.conf, stdin $2) exits
# non-zero within 10 s saying the binary is older than the database and to
# install the newer one, never to run `db migrate`.
refused_newer() {	# name stdin command...
	local name="newer schema: $1" input=$2 rc
	shift 2
	timeout 10 "$WAYPOINT" --config new.conf "$@" <"$input" >cmd.out 2>&1
	rc=$?
	if sanitizer_report cmd.out; then
		result FAIL "$name: no sanitizer report" "$(head -n 20 cmd.out)"
	elif [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then
		result FAIL "$name: refused" "exit status $rc"
	elif ! grep -q 'older than the database' cmd.out ||
	    ! grep -q 'install that newer waypoint' cmd.out; then
		result FAIL "$name: says the binary is older, install the" \
		    "newer: $(head -n 3 cmd.out)"
	elif grep -qi 'migrate' cmd.out; then
		result FAIL "$name: never says to migrate" \
		    "$(head -n 3 cmd.out)"
	else
		result ok "$name: refused, install the newer waypoint"
	fi
}

printf '%s\n' 'another-password-2' >password.in
refused_newer serve /dev/null serve --listen "127.0.0.1:$(free_port)"
refused_newer fcgi /dev/null fcgi --listen "127.0.0.1:$(free_port)"
refused_newer "db init" /dev/null db init
refused_newer "db migrate" /dev/null db migrate
refused_newer "db check" /dev/null db check
refused_newer "db backup" /dev/null db backup "$TMP/new/backup.db"
refused_newer "user list" /dev/null user list
refused_newer "user add" password.in user add other --role editor
refused_newer "user passwd" password.in user passwd someone
refused_newer "user disable" /dev/null user disable someone
refused_newer "user enable" /dev/null user enable someone
if [ "$(sqlite3 new/waypoint.db 'PRAGMA user_version')" = "$newer" ] &&
    [ ! -e new/backup.db ] && [ ! -e new/backup.db.tmp ]; then
	result ok "newer schema: the database is left as it was, no backup"
else
	result FAIL "newer schema: the database is left as it was, no backup" \
	    "user_version $(sqlite3 new/waypoint.db 'PRAGMA user_version'); \
$(ls new)"
fi

# --- Modes whatever the umask --------------------------------------------

# Checks the modes (and group, when $2 names one) of what a database
# made, served, written to and backed up under umask $1 has.
modes() {	# umask [group]
	local um=$1 group=${2:-} dir="$TMP/m$1${2:+-g}" name port mode
	name="umask $um${group:+, group $group}"
	mode=$([ -n "$group" ] && echo 640 || echo 600)
	mkdir "$dir"
	port=$(free_port)
	conf "$dir/c.conf" "$dir/waypoint.db" "$dir/waypoint.log" "$group"
	echo "[serve]" >>"$dir/c.conf"
	echo "listen = 127.0.0.1:$port" >>"$dir/c.conf"
	(
		umask "$um"
		"$WAYPOINT" --config "$dir/c.conf" db init >"$dir/init.out" 2>&1
	) || result FAIL "$name: db init" "$(head -n 3 "$dir/init.out")"
	check_mode "$name: the new database is $mode" "$dir/waypoint.db" \
	    "$mode" "$group"
	(
		umask "$um"
		exec "$WAYPOINT" --config "$dir/c.conf" serve \
		    >"$dir/serve.out" 2>&1
	) &
	SERVER_PID=$!
	if ! wait_listening "$port" "$SERVER_PID"; then
		result FAIL "$name: serve starts" \
		    "$(head -n 5 "$dir/serve.out")"
		stop_pid "$SERVER_PID"
		SERVER_PID=
		return
	fi
	# A request opens a worker's connection, which keeps -wal and -shm.
	curl -s -o /dev/null "http://127.0.0.1:$port/" ||
	    result FAIL "$name: GET /" "curl failed"
	check_mode "$name: -wal is $mode" "$dir/waypoint.db-wal" "$mode" \
	    "$group"
	check_mode "$name: -shm is $mode" "$dir/waypoint.db-shm" "$mode" \
	    "$group"
	check_mode "$name: the log is 640" "$dir/waypoint.log" 640 "$group"
	(
		umask "$um"
		"$WAYPOINT" --config "$dir/c.conf" db backup "$dir/backup.db" \
		    >"$dir/backup.out" 2>&1
	) || result FAIL "$name: db backup" "$(head -n 3 "$dir/backup.out")"
	check_mode "$name: the backup is $mode" "$dir/backup.db" "$mode" \
	    "$group"
	stop_pid "$SERVER_PID"
	SERVER_PID=
	check_sanitizer "$name: serve" "$dir/serve.out"
}

modes 000
modes 077
modes 000 "$OTHER_GROUP"
modes 077 "$OTHER_GROUP"

# --- Looser modes left by a copy or a restore ----------------------------

# The database of the umask 000 run, copied back as an administrator
# might, world-readable, with a log that is too.
dir=$TMP/m000
chmod 0666 "$dir/waypoint.db" "$dir/waypoint.log"
"$WAYPOINT" --config "$dir/c.conf" user list >"$dir/list.out" 2>&1 ||
    result FAIL "looser: user list" "$(head -n 3 "$dir/list.out")"
check_mode "looser: a 0666 database is tightened to 600" \
    "$dir/waypoint.db" 600
if grep -q 'mode 0666 changed to 0600' "$dir/list.out"; then
	result ok "looser: the change is logged"
else
	result FAIL "looser: the change is logged" \
	    "$(head -n 3 "$dir/list.out")"
fi
port=$(sed -n 's/^listen = 127.0.0.1://p' "$dir/c.conf")
"$WAYPOINT" --config "$dir/c.conf" serve >"$dir/serve2.out" 2>&1 &
SERVER_PID=$!
if wait_listening "$port" "$SERVER_PID"; then
	check_mode "looser: a 0666 log is tightened to 640" \
	    "$dir/waypoint.log" 640
else
	result FAIL "looser: serve starts" "$(head -n 5 "$dir/serve2.out")"
fi
stop_pid "$SERVER_PID"
SERVER_PID=
check_sanitizer "looser: serve" "$dir/serve2.out"

# --- An unknown group ----------------------------------------------------

conf bad.conf "$TMP/bad.db" "" no-such-group-wp
"$WAYPOINT" --config bad.conf db init >bad.out 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q 'group "no-such-group-wp"' bad.out &&
    [ ! -e "$TMP/bad.db" ]; then
	result ok "an unknown [paths] group is refused at start"
else
	result FAIL "an unknown [paths] group is refused at start" \
	    "exit status $rc: $(head -n 3 bad.out)"
fi

finish files
