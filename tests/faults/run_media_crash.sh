#!/usr/bin/env bash
# run_media_crash.sh: runs tests/faults/media_crash.py (kill -9 of
# `waypoint serve` during media uploads: never a row without its files;
# db check and media gc after each kill) over a fresh database with
# accounts editor1 and editor2, and checks the server's stderr for
# sanitizer reports.
# Usage: tests/faults/run_media_crash.sh WAYPOINT_BINARY
# Exits non-zero on any failure; the last line is
# "media crash: N passed, N failed".
set -u

# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
waypoint_args 1 WAYPOINT_BINARY "$@"
make_tmp media-crash
# media_crash.py stops what it starts; this is for an interrupted run.
lib_traps
need_tools "media crash" python3

CONF=$TMP/waypoint.conf
PORT=$(free_port)
write_conf "$CONF" "$PORT" 64 10
db_editors "$CONF" 2

python3 "$REPO/tests/faults/media_crash.py" "$WAYPOINT" "$CONF" "$PORT" \
    "$TMP/waypoint.db" 2>&1 | tee "$TMP/media_crash.out"
add_counts "$TMP/media_crash.out" "${PIPESTATUS[0]}" media_crash.py
touch "$TMP/serve.err"
check_sanitizer "waypoint serve" "$TMP/serve.err"

finish "media crash"
