#!/usr/bin/env bash
# counts_selftest.sh: the way run_all.sh and the runners read a suite's
# counts (add_counts in tests/lib.sh) cannot be fooled: a suite that
# printed no count fails whatever its exit status, a non-zero exit with no
# failure counted fails, and cmocka's summaries and "N passed, N failed"
# lines add up; a set-up step (step) is not counted, and a missing tool
# (need_tools) fails the suite with a FAIL line.
# The last line is "counts selftest: N passed, N failed".
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

# A set-up step is a log line, never a pass.
out=$(PASSED=0 FAILED=0; step "db init"; echo "$PASSED $FAILED")
if [ "$out" = "# db init
0 0" ]; then
	result ok "a set-up step: a '#' line, not counted"
else
	result FAIL "a set-up step: a '#' line, not counted" "got: $out"
fi

# The Python suites' set-up steps (tests/http/lib.py, Checks.setup) alike;
# a failed one is a FAIL line and a failure.
out=$(python3 -c 'import sys
sys.path.insert(0, sys.argv[1])
import lib
t = lib.Checks("py")
t.setup("server listens", True)
t.setup("editor signs in", False, "401")
t.check("a check", True)
sys.exit(t.finish())' "$REPO/tests/http")
want='# server listens
FAIL - editor signs in: 401
ok - a check
py: 1 passed, 1 failed'
if [ "$out" = "$want" ]; then
	result ok "Checks.setup: a '#' line, counted only when it fails"
else
	result FAIL "Checks.setup: a '#' line, counted only when it fails" \
	    "got: $out"
fi

# A missing tool ends the suite with a FAIL line and exit status 1.
out=$(PASSED=0 FAILED=0; need_tools suite sh no-such-tool-wp; echo after)
rc=$?
if [ "$rc" -eq 1 ] && grep -q '^FAIL - suite: no-such-tool-wp is' <<<"$out" &&
    ! grep -q after <<<"$out" &&
    [ "$(tail -n 1 <<<"$out")" = "suite: 0 passed, 1 failed" ]; then
	result ok "a missing tool: a FAIL line, the suite fails"
else
	result FAIL "a missing tool: a FAIL line, the suite fails" \
	    "exit status $rc: $out"
fi
finish "counts selftest"
