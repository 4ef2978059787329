# lib.sh: the helpers the shell test runners share (sourced, not run; bash,
# as every runner is): report lines and their totals, set-up steps (logged,
# never counted) and the tools a suite needs (a FAIL line when missing),
# summing the counts of the scripts a runner calls, free loopback
# ports, waiting for a port or socket to listen, stopping processes and the
# exit trap, checking a server's stderr for sanitizer reports, Waypoint
# configurations, databases and accounts, and nginx (conf/nginx.conf
# itself, placeholders filled in) in front of `waypoint fcgi`.
# Sourcing it sets REPO, PASSED=0 and FAILED=0 and exports
# PYTHONDONTWRITEBYTECODE; the helpers that write files need TMP (make_tmp)
# and those that run Waypoint need WAYPOINT (waypoint_args).
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PASSED=0
FAILED=0
export PYTHONDONTWRITEBYTECODE=1

# Checks the runner's arguments (the rest): from 1 to $1 of them, spelt
# $2 in the usage line it exits 2 with otherwise. Sets WAYPOINT to the
# first, the binary, made absolute (the runners cd); exits 2, naming the
# runner, when it is not executable.
waypoint_args() {	# max usage arg...
	if [ $# -lt 3 ] || [ $# -gt $(($1 + 2)) ]; then
		echo "usage: $0 $2" >&2
		exit 2
	fi
	case $3 in
	/*) WAYPOINT=$3 ;;
	*) WAYPOINT=$PWD/$3 ;;
	esac
	if [ ! -x "$WAYPOINT" ]; then
		echo "${0##*/}: $WAYPOINT is not executable" >&2
		exit 2
	fi
}

# Sets TMP to a new folder waypoint-NAME.XXXXXX under $TMPDIR or /tmp;
# exits 2 when it cannot.
make_tmp() {	# name
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-$1.XXXXXX") || exit 2
}

# Sets the traps: at exit, stops the processes named by the variables
# NAME... (read then, so pids set since count; each holds a pid or a file
# of pids one a line, or nothing) with stop_pid and removes $TMP; INT and
# TERM exit with 130 and 143, which does the same.
lib_traps() {	# NAME...
	LIB_STOP=("$@")
	trap lib_exit EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# The EXIT trap set by lib_traps.
lib_exit() {
	local v p
	for v in "${LIB_STOP[@]}"; do
		v=${!v:-}
		if [ -f "$v" ]; then
			while read -r p; do
				case $p in
				'' | *[!0-9]*) ;;
				*) stop_pid "$p" ;;
				esac
			done <"$v"
		else
			case $v in
			'' | *[!0-9]*) ;;
			*) stop_pid "$v" ;;
			esac
		fi
	done
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
}

# One report line in the suites' format, counted in PASSED or FAILED.
result() {	# ok|FAIL name [detail]
	if [ "$1" = ok ]; then
		echo "ok - $2${3:+ $3}"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL - $2: ${3:-}"
		FAILED=$((FAILED + 1))
	fi
}

# One set-up step done (a database made, an account added, a server
# listening, a tool found): a plain "# NAME" log line, never counted as a
# pass. A failed step is a result FAIL.
step() {	# name [detail]
	echo "# $1${2:+ $2}"
}

# Records NAME: exit status RC is $2 and OUT holds the fixed string $3;
# the caller's run_wp sets both (each script runs waypoint its own way).
expect() {	# name status text
	if [ "$RC" -ne "$2" ]; then
		result FAIL "$1" "exit status $RC, not $2: $OUT"
	elif ! grep -qF -- "$3" <<<"$OUT"; then
		result FAIL "$1" "no \"$3\" in: $OUT"
	else
		result ok "$1"
	fi
}

# Checks that every command named (the rest) is installed; each missing one
# is a FAIL line, and then the suite ends at once with finish NAME: a suite
# never skips quietly for want of a tool. make test-deps installs them.
need_tools() {	# name command...
	local name=$1 c missing=0
	shift
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			result FAIL "$name: $c is installed" \
			    "missing (make test-deps installs it)"
			missing=1
		fi
	done
	[ "$missing" -eq 0 ] || finish "$name"
}

# Prints the last line, "NAME: N passed, N failed", and exits 1 when
# anything failed, 0 otherwise.
finish() {	# name
	echo "$1: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit $?
}

# Prints "P F", the counts of a suite's output (file $1): its last line
# "... N passed, N failed", else the sum of cmocka's "[  PASSED  ] N" and
# "[  FAILED  ] N" lines; fails, printing nothing, when it has neither.
suite_counts() {	# outfile
	local line
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
	elif grep -qE '^\[  (PASSED|FAILED)  \] [0-9]+' "$1"; then
		awk '/^\[  PASSED  \] [0-9]/ { p += $4 }
		    /^\[  FAILED  \] [0-9]/ { f += $4 }
		    END { print p + 0, f + 0 }' "$1"
	else
		return 1
	fi
}

# Adds the counts of file $1 (a script's output, see suite_counts) to the
# totals. No count at all is one failure of $3 ("no count"), whatever its
# exit status $2; a non-zero status with no failure counted is one too.
add_counts() {	# outfile rc name
	local p f
	if ! read -r p f < <(suite_counts "$1"); then
		result FAIL "$3" "no count (exit status $2)"
		return
	fi
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		result FAIL "$3" "exit status $2 with no failure counted"
	fi
}

# Runs a test script under a "# NAME" line, showing its output as it goes
# (kept in $TMP/NAME.out), and adds its counts with add_counts.
run_script() {	# name command...
	local name=$1
	shift
	echo "# $name"
	"$@" 2>&1 | tee "$TMP/$name.out"
	add_counts "$TMP/$name.out" "${PIPESTATUS[0]}" "$name"
}

# Prints a loopback port nothing listens on now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Waits up to 10 s until $1 (a unix socket path or a TCP port on host $3,
# 127.0.0.1 when not given) accepts a connection; fails at once when
# process $2 dies.
wait_listening() {	# addr pid [host]
	python3 - "$1" "$2" "${3:-127.0.0.1}" <<'EOF'
import os, socket, sys, time
addr, pid, host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
end = time.monotonic() + 10
while time.monotonic() < end:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        if addr.startswith("/"):
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(1)
            s.connect(addr)
        else:
            s = socket.create_connection((host, int(addr)), timeout=1)
        s.close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}

# Stops process $1: TERM, up to 5 s, then KILL. Sets STOP_RC to its exit
# status (when a child of ours); returns 1 when it had to be killed.
stop_pid() {	# pid
	local pid=$1 i=0 killed=
	STOP_RC=
	kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		killed=1
	fi
	wait "$pid" 2>/dev/null
	# shellcheck disable=SC2034 # for the callers
	STOP_RC=$?
	[ -z "$killed" ]
}

# Succeeds when file $1 (a server's stderr) holds a sanitizer report. The
# warning of an allocation failing under allocator_may_return_null (as
# libfcgi's huge malloc does) is none.
sanitizer_report() {	# file
	grep -v 'WARNING: AddressSanitizer failed to allocate' "$1" |
	    grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:'
}

# Records "NAME: no sanitizer report" for stderr file $2; on a failure
# shows that file, access log lines left out.
check_sanitizer() {	# name file
	if sanitizer_report "$2"; then
		result FAIL "$1: no sanitizer report" "see its stderr below"
		echo "--- $1 stderr ---"
		grep -v ' info access ' "$2"
		echo "--- end ---"
	else
		result ok "$1: no sanitizer report"
	fi
}

# Writes Waypoint's configuration $1: base URL and [serve] listen on
# 127.0.0.1:$2, [serve] per_ip_limit $3 and timeout $4 when given, the
# database $TMP/waypoint.db and the checkout's templates and static files.
# With $5 also [fcgi]: 2 processes, socket mode 0660, group $GROUP, and
# socket $5 unless it is "-" (the socket then comes on fd 0 or --socket).
write_conf() {	# file port [per_ip_limit timeout [fcgi_socket|-]]
	cat >"$1" <<EOF
[site]
base_url = http://127.0.0.1:$2
[paths]
database = $TMP/waypoint.db
templates = $REPO/www/templates
static = $REPO/www/static
[serve]
listen = 127.0.0.1:$2
EOF
	[ -n "${3:-}" ] && echo "per_ip_limit = $3" >>"$1"
	[ -n "${4:-}" ] && echo "timeout = $4" >>"$1"
	if [ -n "${5:-}" ]; then
		echo "[fcgi]" >>"$1"
		[ "$5" != - ] && echo "socket = $5" >>"$1"
		cat >>"$1" <<EOF
socket_group = $GROUP
socket_mode = 0660
processes = 2
EOF
	fi
	return 0
}

# Runs `waypoint db init` for config $1, a set-up step named $2 (default
# "db init"); fails as it does, with a FAIL line.
db_init() {	# conf [name]
	if "$WAYPOINT" --config "$1" db init >"$TMP/init.out" 2>&1; then
		step "${2:-db init}"
	else
		result FAIL "${2:-db init}" "$(head -n 3 "$TMP/init.out")"
		return 1
	fi
}

# Adds account $1 with role $2 and password $3 (given on stdin) to the
# database of config $4, its output to file $5 (default $TMP/user.out);
# records nothing, fails as `waypoint user add` does.
user_add() {	# name role password conf [outfile]
	printf '%s\n' "$3" | "$WAYPOINT" --config "$4" user add "$1" \
	    --role "$2" >"${5:-$TMP/user.out}" 2>&1
}

# user_add as a set-up step, "user add NAME --role ROLE"; fails as it
# does, with a FAIL line.
add_user() {	# name role password conf
	if user_add "$@"; then
		step "user add $1 --role $2"
	else
		result FAIL "user add $1 --role $2" "$(head -n 3 "$TMP/user.out")"
		return 1
	fi
}

# Adds (set-up steps) the accounts tests/http/admin.py signs in with to
# the database of config $1; throttled1 is the one it locks.
admin_accounts() {	# conf
	add_user editor1 editor editor-password-123 "$1"
	add_user admin1 admin admin-password-123 "$1"
	add_user throttled1 editor throttle-password-1 "$1"
}

# A fresh database for config $1 with accounts editor1..editor$2 (role
# editor, password editor-password-N), logged as one set-up step; fails,
# with a FAIL line, when any part does.
db_editors() {	# conf editors
	local i ok=0
	rm -f "$TMP/waypoint.db" "$TMP/waypoint.db-wal" "$TMP/waypoint.db-shm"
	if ! "$WAYPOINT" --config "$1" db init >"$TMP/init.out" 2>&1; then
		result FAIL "db init" "$(head -n 3 "$TMP/init.out")"
		return 1
	fi
	for i in $(seq 1 "$2"); do
		if user_add "editor$i" editor "editor-password-$i" "$1"; then
			ok=$((ok + 1))
		else
			result FAIL "user add editor$i" \
			    "$(head -n 3 "$TMP/user.out")"
		fi
	done
	[ "$ok" -eq "$2" ] && step "db init, $ok editor accounts"
}

# Starts `waypoint serve` with config $1, stderr to file $3, and sets
# SERVER_PID; fails when it does not listen on port $2 within 10 s.
start_server() {	# conf port stderr
	"$WAYPOINT" --config "$1" serve >"$TMP/serve.out" 2>"$3" &
	SERVER_PID=$!
	wait_listening "$2" "$SERVER_PID"
}

# Stops SERVER_PID with stop_pid and clears it; records "NAME: stops on
# SIGTERM" and check_sanitizer NAME on its stderr, file $2.
stop_server() {	# name stderr
	if stop_pid "$SERVER_PID"; then
		result ok "$1: stops on SIGTERM"
	else
		result FAIL "$1: stops on SIGTERM" "still running after 5 s"
	fi
	SERVER_PID=
	check_sanitizer "$1" "$2"
}

# Sets NGINX_USER (who nginx's workers run as: www-data when root, as in
# CI, else empty: the user running the tests), GROUP (the socket's group), SOCK (the socket,
# in $TMP/run, which only Waypoint and GROUP may enter) and ROOT (where
# nginx's workers read www/static: the checkout, or a copy when they
# cannot reach it, as under /root); makes $TMP/nginx.
nginx_setup() {
	if [ "$(id -u)" -eq 0 ] && id www-data >/dev/null 2>&1; then
		NGINX_USER=www-data
		GROUP=$(id -gn www-data)
	else
		NGINX_USER=
		GROUP=$(id -gn)
	fi
	chmod 0711 "$TMP"
	mkdir -p "$TMP/run" "$TMP/nginx"
	chmod 0750 "$TMP/run"
	chgrp "$GROUP" "$TMP/run"
	SOCK=$TMP/run/waypoint.sock
	ROOT=$REPO
	if [ -n "$NGINX_USER" ] && ! setpriv --reuid="$NGINX_USER" \
	    --regid="$GROUP" --clear-groups \
	    test -r "$REPO/www/static/css/site.css"; then
		mkdir -p "$TMP/site/www"
		cp -R "$REPO/www/static" "$TMP/site/www/"
		chmod -R a+rX "$TMP/site"
		ROOT=$TMP/site
	fi
}

# Writes $TMP/nginx/nginx.conf (after nginx_setup) for nginx on
# 127.0.0.1:$1 in front of $SOCK, with conf/nginx.conf as waypoint.conf
# beside it, serving the media folder $TMP/media (the default [paths] media
# beside $TMP/waypoint.db); sets NGINX_ARGS and NGINX_PIDFILE.
nginx_conf() {	# port
	nginx_conf_include nginx.conf waypoint.conf \
	    -e "s|@LISTEN@|127.0.0.1:$1|g" -e "s|@ROOT@|$ROOT|g" \
	    -e "s|@SOCKET@|$SOCK|g" -e "s|@MEDIA@|$TMP/media|g"
}

# Writes $TMP/nginx/$2 (after nginx_setup): conf/$1 through sed with the
# rest as its arguments, which fill the placeholders (one left unfilled is
# a failure); and $TMP/nginx/nginx.conf, which includes it in http { },
# with the pid, logs and temporary files in $TMP/nginx, so that no root
# is needed. Sets NGINX_ARGS (prefix, config, error log) and
# NGINX_PIDFILE.
nginx_conf_include() {	# template include sed-arg...
	local template=$1 include=$2
	shift 2
	sed "$@" "$REPO/conf/$template" >"$TMP/nginx/$include"
	if grep -q '@[A-Z]*@' "$TMP/nginx/$include"; then
		result FAIL "conf/$template: every placeholder filled" \
		    "$(grep -o '@[A-Z]*@' "$TMP/nginx/$include" |
		    sort -u | tr '\n' ' ')"
	fi
	ln -sf /etc/nginx/fastcgi_params /etc/nginx/mime.types "$TMP/nginx/"
	NGINX_PIDFILE=$TMP/nginx/nginx.pid
	cat >"$TMP/nginx/nginx.conf" <<EOF
${NGINX_USER:+user $NGINX_USER $GROUP;}
daemon off;
worker_processes 1;
pid $NGINX_PIDFILE;
error_log $TMP/nginx/error.log info;
events {
	worker_connections 1024;
}
http {
	include mime.types;
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path $TMP/nginx/body;
	fastcgi_temp_path $TMP/nginx/fastcgi;
	proxy_temp_path $TMP/nginx/proxy;
	scgi_temp_path $TMP/nginx/scgi;
	uwsgi_temp_path $TMP/nginx/uwsgi;
	include $include;
}
EOF
	# shellcheck disable=SC2034 # for the callers
	NGINX_ARGS=(-p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf"
	    -e "$TMP/nginx/error.log")
}

# Sets up nginx in front of `waypoint fcgi` on $SOCK: nginx_setup, PORT
# (free), Waypoint's configuration $1 (write_conf: per_ip_limit 64,
# timeout 10, [fcgi] on $SOCK) and nginx's (nginx_conf).
nginx_fcgi_conf() {	# conf
	nginx_setup
	PORT=$(free_port)
	write_conf "$1" "$PORT" 64 10 "$SOCK"
	nginx_conf "$PORT"
}
