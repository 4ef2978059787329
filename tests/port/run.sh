#!/bin/bash
# run.sh WAYPOINT: `waypoint export` and `waypoint import` (port.py says
# what each case proves); ends with "port: N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
waypoint_args 1 WAYPOINT "$@"
make_tmp port
lib_traps
need_tools port python3 sqlite3
python3 "$REPO/tests/port/port.py" "$WAYPOINT" "$TMP"
