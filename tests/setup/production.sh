#!/bin/bash
# production.sh WAYPOINT: the README's production steps as they stand. As
# root, in a private mount namespace whose /etc, /usr/local, /var and /run
# are overlays on tmpfs (the machine's own are left untouched), it runs the
# README's marked blocks ("production-steps", "backup-steps") from the
# checkout, with a stand-in for systemctl that runs systemd-analyze verify
# on the units it is asked to start; then, with the checkout hidden, serves
# the site as the waypoint account from / and fetches it, and checks that
# nginx's user reads a media file made as an upload makes one, which db
# check, db backup and media gc find. Run by anyone else, it installs with
# DESTDIR and does the same by hand, but for nginx's user (needs root).
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
if [ "$(id -u)" -eq 0 ] && [ "${1:-}" != --inside ]; then
	exec unshare --mount --propagation private "$0" --inside "$@"
fi
[ "${1:-}" = --inside ] && shift
waypoint_args 1 WAYPOINT "$@"
make_tmp setup
SERVER=
FCGI=
lib_traps SERVER FCGI
# The namespace's mounts go before lib_exit removes $TMP.
trap 'teardown; lib_exit' EXIT
teardown() {
	local d
	for d in "$REPO" /run /var /usr/local /etc "$TMP/ov"; do
		mountpoint -q "$d" && [ -n "${MOUNTED:-}" ] && umount -l "$d"
	done
	return 0
}
need_tools production make curl python3 systemd-analyze runuser
STATEMENT=/news/international-migrants-day-statement-iom-director-general-antonio-vitorino-harnessing-potential-human-mobility
# The build the binary comes from, so that make installs that one.
case $WAYPOINT in
*/build/san/*) export MAKEFLAGS=SAN=1 ;;
*/build/bench/*) export MAKEFLAGS=BENCH=1 ;;
esac

# Writes the README's code block marked "<!-- NAME" to file $2; fails when
# there is none or it is empty.
readme_block() {	# name file
	awk -v mark="<!-- $1" '
	    index($0, mark) == 1 { found = 1; next }
	    found && /^```sh$/ { inblock = 1; next }
	    inblock && /^```$/ { exit }
	    inblock { print }' "$REPO/README.md" >"$2"
	[ -s "$2" ]
}

# Fetches http://127.0.0.1:$PORT$1 and checks it is a 200 holding $2.
fetch() {	# path text name
	local code
	code=$(curl -s -o "$TMP/body" -w '%{http_code}' \
	    "http://127.0.0.1:$PORT$1")
	if [ "$code" = 200 ] && grep -q "$2" "$TMP/body"; then
		result ok "$3"
	else
		result FAIL "$3" "HTTP $code"
	fi
}

# Checks that path $1 has owner:group and octal mode $2 ("waypoint:waypoint
# 750"), or only owner:group when $2 has no mode.
owned() {	# path "user:group[ mode]"
	local got
	case $2 in
	*' '*) got=$(stat -c '%U:%G %a' "$1" 2>&1) ;;
	*) got=$(stat -c '%U:%G' "$1" 2>&1) ;;
	esac
	if [ "$got" = "$2" ]; then
		result ok "$1 is $2"
	else
		result FAIL "$1 is $2" "$got"
	fi
}

# Checks that the installed waypoint's media folder, [paths] media left
# unset, is /var/lib/waypoint-media (media gc names the folder it reads).
media_default() {
	local out
	out=$(cd / && "${AS[@]}" "$BIN" "$@" media gc --dry-run 2>&1)
	if grep -q '^/var/lib/waypoint-media: ' <<<"$out"; then
		result ok "the installed waypoint's media folder is /var/lib/waypoint-media"
	else
		result FAIL "the installed waypoint's media folder is /var/lib/waypoint-media" \
		    "$out"
	fi
}

if ! readme_block production-steps "$TMP/steps.sh" ||
    ! readme_block backup-steps "$TMP/backup.sh"; then
	result FAIL "README.md has its production-steps and backup-steps blocks"
	finish production
fi
step "README.md: $(wc -l <"$TMP/steps.sh") lines of production steps"
PORT=$(free_port)

if [ "$(id -u)" -eq 0 ]; then
	# Debian's packages go in for real first: the block's `make deps`
	# then finds them all, as it would on a machine that has them, and
	# never splits an install between /usr and the throwaway /var.
	if ! make -s -C "$REPO" deps >"$TMP/deps.out" 2>&1; then
		result FAIL "make deps" "$(tail -n 3 "$TMP/deps.out")"
		finish production
	fi
	# The throwaway root: writes go to a tmpfs, reads fall through to the
	# machine's own files (Debian's packages, accounts, nginx's group).
	mkdir "$TMP/ov"
	MOUNTED=1
	mount -t tmpfs waypoint-setup "$TMP/ov" || exit 2
	for d in /etc /usr/local /var /run; do
		mkdir -p "$TMP/ov/up$d" "$TMP/ov/work$d"
		mount -t overlay overlay -o "lowerdir=$d,upperdir=$TMP/ov/up$d,workdir=$TMP/ov/work$d" "$d" ||
		    exit 2
	done
	if getent passwd waypoint >/dev/null; then
		result FAIL "no waypoint account before the steps" \
		    "one exists on this machine"
		finish production
	fi
	step "throwaway /etc /usr/local /var /run"
	# No systemd runs in a test: what it would be asked to start is
	# verified instead.
	systemctl() {
		local u
		echo "systemctl $*" >>"$SETUP_TMP/systemctl"
		[ "$1" = enable ] || return 0
		for u in "$@"; do
			case $u in
			*.service | *.socket)
				systemd-analyze verify "/etc/systemd/system/$u" \
				    || return 1
				echo "$u" >>"$SETUP_TMP/verified" ;;
			esac
		done
	}
	export -f systemctl
	export SETUP_TMP=$TMP
	if (cd "$REPO" && bash -e -x "$TMP/steps.sh") >"$TMP/steps.out" 2>&1
	then
		result ok "the README's production steps run in the order written"
	else
		result FAIL "the README's production steps run in the order written" \
		    "$(tail -n 15 "$TMP/steps.out")"
	fi
	if grep -qx "systemctl reload nginx" "$TMP/systemctl" 2>/dev/null &&
	    [ -s /etc/nginx/conf.d/waypoint.conf ]; then
		result ok "nginx -t accepts the site as the steps install it"
	else
		result FAIL "nginx -t accepts the site as the steps install it"
	fi
	if [ "$(sort "$TMP/verified" 2>/dev/null | tr '\n' ' ')" = \
	    "waypoint.service waypoint.socket " ] &&
	    systemd-analyze verify /etc/systemd/system/waypoint.socket \
	    "$REPO/conf/systemd/waypoint-serve.service" >"$TMP/verify" 2>&1
	then
		result ok "systemd-analyze verify accepts the three units"
	else
		result FAIL "systemd-analyze verify accepts the three units" \
		    "$(cat "$TMP/verify" 2>/dev/null)"
	fi
	if getent passwd waypoint | grep -q ':/usr/sbin/nologin$'; then
		result ok "the waypoint account exists and cannot log in"
	else
		result FAIL "the waypoint account exists and cannot log in"
	fi
	owned /var/lib/waypoint "waypoint:waypoint 750"
	owned /var/log/waypoint "waypoint:waypoint 750"
	owned /var/backups/waypoint "waypoint:waypoint 700"
	owned /run/waypoint "waypoint:www-data 750"
	owned /var/lib/waypoint-media "waypoint:www-data 2750"
	owned /var/lib/waypoint/waypoint.db "waypoint:waypoint"
	AS=(runuser -u waypoint --)
	BIN=waypoint
	set --
	CONF=/etc/waypoint/waypoint.conf
	LOG=/var/log/waypoint/waypoint.log
	SOCK=/run/waypoint/waypoint.sock
	if (cd "$REPO" && make install) >"$TMP/again.out" 2>&1 &&
	    grep -q '^base_url = https://www.example.org$' \
	    /etc/waypoint/waypoint.conf; then
		result ok "make install again keeps the edited waypoint.conf"
	else
		result FAIL "make install again keeps the edited waypoint.conf" \
		    "$(tail -n 3 "$TMP/again.out")"
	fi
	# Nothing of the checkout may be needed from here on.
	mount -t tmpfs waypoint-hidden "$REPO" || exit 2
	step "the checkout hidden under an empty folder"
else
	ROOT=$TMP/root
	if make -C "$REPO" --no-print-directory install DESTDIR="$ROOT" \
	    >"$TMP/install.out" 2>&1; then
		step "make install DESTDIR=$ROOT"
	else
		result FAIL "make install DESTDIR" "$(tail -n 5 "$TMP/install.out")"
		finish production
	fi
	CONF=$ROOT/etc/waypoint/waypoint.conf
	LOG=$TMP/waypoint.log
	SOCK=$TMP/waypoint.sock
	sed -i -e "s|^;base_url = .*|base_url = https://www.example.org|" \
	    -e "s|^;database = .*|database = $TMP/waypoint.db|" \
	    -e "s|^log_file =.*|log_file = $LOG|" "$CONF"
	AS=()
	BIN=$ROOT/usr/local/bin/waypoint
	if (cd / && "$BIN" --config "$CONF" db init) >"$TMP/init.out" 2>&1
	then
		result ok "db init from / with the installed binary"
	else
		result FAIL "db init from / with the installed binary" \
		    "$(cat "$TMP/init.out")"
	fi
	systemd-analyze verify "$REPO"/conf/systemd/waypoint.socket \
	    "$REPO"/conf/systemd/waypoint.service >"$TMP/verify" 2>&1
	# Unprivileged, the units' /usr/local/bin/waypoint is not there.
	if grep -v 'usr/local/bin/waypoint' "$TMP/verify" | grep -q .; then
		result FAIL "systemd-analyze verify accepts the units" \
		    "$(cat "$TMP/verify")"
	else
		result ok "systemd-analyze verify accepts the units"
	fi
	set -- --config "$CONF"
fi

# The installed binary, run from /, as the service account.
(cd / && exec "${AS[@]}" "$BIN" "$@" serve --listen "127.0.0.1:$PORT") \
    >"$TMP/serve.out" 2>&1 &
SERVER=$!
if wait_listening "$PORT" "$SERVER"; then
	step "waypoint serve from / on 127.0.0.1:$PORT"
	fetch / "International Organization for Migration" \
	    "GET / from the installed site"
	CSS=$(grep -o '/static/[^"]*\.css' "$TMP/body" | head -n 1)
	fetch "$STATEMENT" "Vitorino" "GET the statement from the installed site"
	fetch /hu "Ugrás a tartalomra" \
	    "GET /hu in Hungarian: po/ read from the share folder"
	fetch "${CSS:-/static/none.css}" "" \
	    "GET ${CSS:-the stylesheet} from the share folder"
else
	result FAIL "waypoint serve from /" "$(tail -n 5 "$TMP/serve.out")"
fi
stop_pid "$SERVER"
SERVER=
if grep -q "base_url is https://www.example.org but waypoint serve listens on 127.0.0.1:$PORT" \
    "$LOG" 2>/dev/null; then
	result ok "serve warns that base_url is not its own address"
else
	result FAIL "serve warns that base_url is not its own address" \
	    "$(head -n 3 "$LOG" 2>/dev/null)"
fi
[ "$(id -u)" -eq 0 ] && owned "$LOG" "waypoint:waypoint"

# waypoint fcgi on the socket folder's socket, as the unit would run it.
(cd / && exec "${AS[@]}" "$BIN" "$@" fcgi --socket "$SOCK") \
    >"$TMP/fcgi.out" 2>&1 &
FCGI=$!
if wait_listening "$SOCK" "$FCGI"; then
	step "waypoint fcgi on $SOCK"
	if [ "$(id -u)" -eq 0 ]; then
		# Under systemd, waypoint.socket makes it waypoint:www-data
		# (verified above); by hand it is the account's own.
		owned "$SOCK" "waypoint:waypoint 660"
	else
		result ok "waypoint fcgi listens on its socket"
	fi
else
	result FAIL "waypoint fcgi listens on $SOCK" \
	    "$(tail -n 5 "$TMP/fcgi.out")"
fi
stop_pid "$FCGI"
FCGI=
media_default "$@"

if [ "$(id -u)" -eq 0 ]; then
	# A media file made as an upload's worker makes one (media/folder.c):
	# opened 0640 under a temporary name with the units' umask, chmodded
	# 0640 (the umask may differ), renamed to its hash's name.
	MEDIA=/var/lib/waypoint-media
	NAME=$(printf 'a photo' | sha256sum | cut -c1-64).jpg
	if (cd / && runuser -u waypoint -- python3 -c '
import os, sys
os.umask(0o027)
d = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
fd = os.open(".tmp-production", os.O_WRONLY | os.O_CREAT | os.O_EXCL,
    0o640, dir_fd=d)
os.write(fd, b"a photo")
os.fchmod(fd, 0o640)
os.fsync(fd)
os.close(fd)
os.rename(".tmp-production", sys.argv[2], src_dir_fd=d, dst_dir_fd=d)
' "$MEDIA" "$NAME") >"$TMP/media.out" 2>&1; then
		step "$MEDIA/$NAME made as waypoint, as an upload makes it"
	else
		result FAIL "waypoint makes a file in $MEDIA" \
		    "$(cat "$TMP/media.out")"
	fi
	# The set-group-ID folder gave it nginx's group.
	owned "$MEDIA/$NAME" "waypoint:www-data 640"
	if [ "$(runuser -u www-data -- cat "$MEDIA/$NAME" 2>&1)" = \
	    "a photo" ]; then
		result ok "nginx's user (www-data) reads the media file"
	else
		result FAIL "nginx's user (www-data) reads the media file" \
		    "$(runuser -u www-data -- cat "$MEDIA/$NAME" 2>&1)"
	fi
	if runuser -u www-data -- ls /var/lib/waypoint >/dev/null 2>&1; then
		result FAIL "nginx's user cannot enter the database's folder"
	else
		result ok "nginx's user cannot enter the database's folder"
	fi
	if (cd / && bash -e -x "$TMP/backup.sh") >"$TMP/backup.out" 2>&1; then
		result ok "the README's backup commands run as written"
	else
		result FAIL "the README's backup commands run as written" \
		    "$(tail -n 5 "$TMP/backup.out")"
	fi
	owned "/var/backups/waypoint/waypoint-$(date +%F).db" \
	    "waypoint:waypoint 600"
	if cmp -s "$MEDIA/$NAME" \
	    "/var/backups/waypoint/waypoint-$(date +%F).db.media/$NAME"; then
		result ok "db backup copies the media folder beside the copy"
	else
		result FAIL "db backup copies the media folder beside the copy" \
		    "$(ls -la "/var/backups/waypoint/waypoint-$(date +%F).db.media" 2>&1)"
	fi
	OUT=$(cd / && runuser -u waypoint -- waypoint db check 2>&1)
	if grep -q "1 orphan files .* in $MEDIA;" <<<"$OUT"; then
		result ok "db check, as waypoint, reads the media folder"
	else
		result FAIL "db check, as waypoint, reads the media folder" "$OUT"
	fi
	# Past media gc's hour of grace for a file between rename and row.
	touch -d '2 hours ago' "$MEDIA/$NAME"
	OUT=$(cd / && runuser -u waypoint -- waypoint media gc 2>&1)
	if grep -qF "$NAME" <<<"$OUT" && [ ! -e "$MEDIA/$NAME" ]; then
		result ok "media gc, as waypoint, removes the orphan"
	else
		result FAIL "media gc, as waypoint, removes the orphan" "$OUT"
	fi
else
	step "not root: nginx's user reading the media folder is not checked"
fi
finish production
