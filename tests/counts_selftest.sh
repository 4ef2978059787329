#!/usr/bin/env bash
# counts_selftest.sh: the way run_all.sh and the runners read a suite's
# counts (add_counts in tests/lib.sh) cannot be fooled: a suite that
# printed no count fails whatever its exit status, a non-zero exit with no
# failure counted fails, and cmocka's summaries and "N passed, N failed"
# lines add up. The last line is "counts selftest: N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
make_tmp counts-selftest
# shellcheck disable=SC2119 # nothing to stop, only $TMP to remove
lib_traps

# Runs add_counts on output $3 and exit status $4 in a subshell from zero
# totals; passes when they end as "P F" ($2).
counted() {	# name "P F" output rc
	local got
	printf '%b' "$3" >"$TMP/out"
	got=$(PASSED=0 FAILED=0
	    add_counts "$TMP/out" "$4" suite >/dev/null
	    echo "$PASSED $FAILED")
	if [ "$got" = "$2" ]; then
		result ok "$1"
	else
		result FAIL "$1" "totals '$got', want '$2'"
	fi
}

counted "a count line adds up" "3 1" 'ok - a\nsuite: 3 passed, 1 failed\n' 1
counted "no count, exit 0: one failure" "0 1" 'ok - a\nok - b\n' 0
counted "nothing printed, exit 0: one failure" "0 1" '' 0
counted "no count, exit 1: one failure" "0 1" 'Traceback\n' 1
counted "exit 1 with none failed: one failure" "2 1" \
    '2 passed, 0 failed\n' 1
counted "cmocka's summaries add up" "4 1" '[  PASSED  ] 4 test(s).\n'\
'[  FAILED  ] 1 test(s), listed below:\n[  FAILED  ] test_x\n' 1
counted "the last count line is the suite's" "7 0" \
    'suite: 5 passed, 0 failed\nhttp: 7 passed, 0 failed\n' 0
counted "a count inside a check's name is none" "0 1" \
    'ok - 3 passed, 0 failed is printed\nmore\n' 0
finish "counts selftest"
