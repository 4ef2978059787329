#!/usr/bin/env bash
# run.sh: the browser tests (publish.mjs, then the quality gates of
# quality.mjs: axe-core, the Nu Html Checker, Lighthouse, page weight;
# focus.mjs; drafts.mjs; preview.mjs; media.mjs) against `waypoint serve` on a free loopback port
# over a fresh database with two editor accounts and an admin account. Installs what is missing first:
# Debian's chromium and Java (as root) and the npm packages pinned in
# package-lock.json (into tests/browser/node_modules); a tool still missing
# fails the suite.
# Usage: tests/browser/run.sh WAYPOINT_BINARY [OUTPUT_DIR]
# The screenshots and the served HTML go to OUTPUT_DIR (default: a new
# folder under $TMPDIR or /tmp, kept and named in the output). Exits
# non-zero on any failure; the last line is "browser: N passed, N failed".
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 WAYPOINT_BINARY [OUTPUT_DIR]" >&2
	exit 2
fi
case $1 in
/*) WAYPOINT=$1 ;;
*) WAYPOINT=$PWD/$1 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"
CHROMIUM=/usr/bin/chromium
SERVER_PID=
TMP=
lib_traps SERVER_PID

# Installs Debian packages $@ when root; apt's lists are refreshed only
# when the first try fails.
apt_install() {
	[ "$(id -u)" -eq 0 ] || return 1
	export DEBIAN_FRONTEND=noninteractive
	timeout 900 apt-get install -y --no-install-recommends "$@" \
	    >/dev/null 2>&1 && return 0
	timeout 300 apt-get update >/dev/null 2>&1
	timeout 900 apt-get install -y --no-install-recommends "$@" \
	    >/dev/null 2>&1
}

if [ ! -x "$WAYPOINT" ]; then
	result FAIL "waypoint binary" "$WAYPOINT is not executable"
	finish browser
fi
if [ ! -x "$CHROMIUM" ]; then
	echo "# installing chromium"
	apt_install chromium
fi
if [ -x "$CHROMIUM" ]; then
	step "$CHROMIUM present"
else
	result FAIL "$CHROMIUM present" "run as root, or apt-get install chromium"
	finish browser
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "# installing nodejs and npm"
	apt_install nodejs npm
fi
if ! command -v java >/dev/null; then
	echo "# installing default-jre-headless"
	apt_install default-jre-headless
fi
need_tools browser node npm java
# The packages package.json names, each as its own folder.
NPM_PKGS="playwright-core axe-core vnu-jar lighthouse chrome-launcher"
npm_missing() {
	local p
	for p in $NPM_PKGS; do
		[ -d "$HERE/node_modules/$p" ] || return 0
	done
	return 1
}
if npm_missing; then
	echo "# npm ci ($NPM_PKGS)"
	(cd "$HERE" && timeout 600 npm ci --ignore-scripts --no-audit \
	    --no-fund) || true
fi
for p in $NPM_PKGS; do
	if [ -d "$HERE/node_modules/$p" ]; then
		step "$p installed"
	else
		result FAIL "$p installed" "npm ci in $HERE did not install it"
	fi
done
[ "$FAILED" -eq 0 ] || finish browser

OUT=${2:-}
if [ -z "$OUT" ]; then
	OUT=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-browser-out.XXXXXX") || exit 2
fi
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)
make_tmp browser
# Chromium leaves its process-singleton folder (org.chromium.Chromium.*)
# in $TMPDIR when it is stopped: the suite's own, which goes with it.
mkdir -p "$TMP/tmp" || exit 2
export TMPDIR=$TMP/tmp

PORT=$(free_port)
CONF=$TMP/waypoint.conf
write_conf "$CONF" "$PORT"
# The demo's two languages, for the language switcher.
sed -i 's|^\[site\]$|[site]\nlanguages = en hu|' "$CONF"
db_init "$CONF" || finish browser
add_user editor1 editor editor-password-123 "$CONF" || finish browser
add_user admin1 admin admin-password-123 "$CONF" || finish browser
# drafts.mjs's second account, signing in on the first one's browser.
add_user editor2 editor editor2-password-123 "$CONF" || finish browser

if start_server "$CONF" "$PORT" "$TMP/serve.err"; then
	step "serve listens on 127.0.0.1:$PORT"
	run_script publish.mjs timeout 240 node "$HERE/publish.mjs" \
	    "http://127.0.0.1:$PORT" "$OUT"
	run_script quality.mjs timeout 510 node "$HERE/quality.mjs" \
	    "http://127.0.0.1:$PORT" "$OUT"
	run_script focus.mjs timeout 240 node "$HERE/focus.mjs" \
	    "http://127.0.0.1:$PORT"
	run_script drafts.mjs timeout 240 node "$HERE/drafts.mjs" \
	    "http://127.0.0.1:$PORT"
	run_script preview.mjs timeout 240 node "$HERE/preview.mjs" \
	    "http://127.0.0.1:$PORT"
	run_script media.mjs timeout 240 node "$HERE/media.mjs" \
	    "http://127.0.0.1:$PORT" "$OUT"
else
	result FAIL "serve starts on 127.0.0.1:$PORT" "$(tail -n 5 \
	    "$TMP/serve.err")"
fi
stop_server serve "$TMP/serve.err"
echo "# screenshots and served HTML in $OUT"
finish browser
