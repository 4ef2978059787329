# lib.sh: shell helpers shared by tests/load/run.sh and
# tests/faults/run_crash.sh (sourced, not run): a temporary folder, result
# counting, free ports, configurations for `waypoint serve` and for nginx
# (conf/nginx.conf itself, placeholders filled in) in front of
# `waypoint fcgi`, and editor accounts. Set WAYPOINT and NAME first; the
# caller owns the trap that calls lib_cleanup.

HERE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE_LIB/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-$NAME.XXXXXX") || exit 2
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PASSED=0
FAILED=0
export PYTHONDONTWRITEBYTECODE=1

# Kills, by the pids in the files given, what a script left running.
lib_cleanup() {	# pidfile...
	local f p
	for f in "$@"; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		case $p in
		'' | *[!0-9]*) ;;
		*)	# TERM first: a KILLed nginx master leaves its workers.
			kill -TERM "$p" 2>/dev/null && sleep 1
			kill -KILL "$p" 2>/dev/null
			;;
		esac
	done
	rm -rf "$TMP"
}

result() {	# ok|FAIL name [detail]
	if [ "$1" = ok ]; then
		echo "ok - $2${3:+ $3}"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL - $2: $3"
		FAILED=$((FAILED + 1))
	fi
}

# Adds the "N passed, N failed" of a script's last output line ($1: file)
# to the totals; a failing exit status ($2) without a failure counts one.
add_counts() {	# outfile rc name
	local line
	line=$(tail -n 1 "$1")
	if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		PASSED=$((PASSED + BASH_REMATCH[1]))
		FAILED=$((FAILED + BASH_REMATCH[2]))
		if [ "$2" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ]; then
			result FAIL "$3" "exit status $2"
		fi
	else
		result FAIL "$3" "exit status $2, no summary line"
	fi
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Who nginx's workers run as (www-data when root, as in CI), the group the
# socket gets, and a root nginx's workers can read www/static from.
lib_nginx_user() {
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

# Writes $TMP/nginx/nginx.conf for nginx on 127.0.0.1:$1 in front of
# $SOCK; sets NGINX_ARGS (prefix, config, error log) and NGINX_PIDFILE.
lib_nginx_conf() {	# port
	sed -e "s|@LISTEN@|127.0.0.1:$1|g" -e "s|@ROOT@|$ROOT|g" \
	    -e "s|@SOCKET@|$SOCK|g" "$REPO/conf/nginx.conf" \
	    >"$TMP/nginx/waypoint.conf"
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
	include waypoint.conf;
}
EOF
	NGINX_ARGS=(-p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf"
	    -e "$TMP/nginx/error.log")
}

# Writes Waypoint's configuration $1: base URL port $2, [serve] on that
# port with per-IP limit $3 and timeout $4, [fcgi] on $SOCK (when set)
# with 2 processes.
lib_conf() {	# file port per_ip_limit timeout
	cat >"$1" <<EOF
[site]
base_url = http://127.0.0.1:$2
[paths]
database = $TMP/waypoint.db
templates = $REPO/www/templates
static = $REPO/www/static
[serve]
listen = 127.0.0.1:$2
per_ip_limit = $3
timeout = $4
EOF
	if [ -n "${SOCK:-}" ]; then
		cat >>"$1" <<EOF
[fcgi]
socket = $SOCK
socket_group = $GROUP
socket_mode = 0660
processes = 2
EOF
	fi
}

# A fresh database for config $1 with accounts editor1..editor$2 (role
# editor, password editor-password-N).
lib_db() {	# conf editors
	local i ok=0
	rm -f "$TMP/waypoint.db" "$TMP/waypoint.db-wal" "$TMP/waypoint.db-shm"
	if ! "$WAYPOINT" --config "$1" db init >"$TMP/init.out" 2>&1; then
		result FAIL "db init" "$(head -n 3 "$TMP/init.out")"
		return 1
	fi
	for i in $(seq 1 "$2"); do
		if printf 'editor-password-%d\n' "$i" | "$WAYPOINT" \
		    --config "$1" user add "editor$i" --role editor \
		    >"$TMP/user.out" 2>&1; then
			ok=$((ok + 1))
		else
			result FAIL "user add editor$i" "$(head -n 3 "$TMP/user.out")"
		fi
	done
	[ "$ok" -eq "$2" ] && result ok "db init, $ok editor accounts"
}

# Waits up to 10 s until $1 (a unix socket path or a TCP port) accepts a
# connection while process $2 lives.
wait_listening() {	# addr pid
	python3 - "$1" "$2" <<'EOF'
import os, socket, sys, time
addr, pid = sys.argv[1], int(sys.argv[2])
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
            s = socket.create_connection(("127.0.0.1", int(addr)), timeout=1)
        s.close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}

# Stops process $1: TERM, up to 5 s, then KILL.
stop_pid() {	# pid
	local i=0
	kill -TERM "$1" 2>/dev/null
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# Fails when file $2 (a server's stderr) holds a sanitizer report.
check_sanitizer() {	# name file
	if grep -v 'WARNING: AddressSanitizer failed to allocate' "$2" |
	    grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:'; then
		result FAIL "$1: no sanitizer report" "$(grep -m 3 -E \
		    'AddressSanitizer|LeakSanitizer|runtime error:' "$2")"
	else
		result ok "$1: no sanitizer report"
	fi
}
