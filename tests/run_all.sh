#!/bin/bash
# run_all.sh BUILD_DIR: runs every test suite (unit, conformance, lint, HTTP)
# and ends with one line counting all passes and failures.
set -u
build=${1:?usage: run_all.sh BUILD_DIR}
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
failed_suites=()

# Adds a suite's counts, read from its output: cmocka's summary, or a last
# line "... N passed, N failed".
count() {
	local name=$1 out=$2 rc=$3 p f line
	line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1)
	if [ -n "$line" ]; then
		p=$(awk '{print $1}' <<<"$line")
		f=$(awk '{print $3}' <<<"$line")
	else
		p=$(grep -oE '\[  PASSED  \] [0-9]+' <<<"$out" | awk '{s+=$4} END {print s+0}')
		f=$(grep -oE '\[  FAILED  \] [0-9]+' <<<"$out" | awk '{s+=$4} END {print s+0}')
	fi
	# A suite that crashed or failed without counting still fails.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' <<<"$out"; then
		f=$((f + 1))
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -gt 0 ] && failed_suites+=("$name")
}

run() {
	local name=$1 out rc
	shift
	echo "== $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	count "$name" "$out" "$rc"
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] && run "unit $(basename "$t")" "$t"
done
if [ -d "${MUSTACHE_SPEC_DIR:-../shared/mustache-spec}" ]; then
	run "mustache spec" "$build/mustache_spec" \
		"${MUSTACHE_SPEC_DIR:-../shared/mustache-spec}"
fi
run lint tests/lint.sh
run "http (waypoint serve)" tests/http/run_serve.sh "$build/waypoint"
run "http (nginx + waypoint fcgi)" tests/http/run_nginx.sh "$build/waypoint"
run "reload (SIGHUP)" tests/http/reload.sh "$build/waypoint"
run "storage faults" tests/faults/run_storage.sh "$build/waypoint"
run "faults (kill -9, nginx restart)" tests/faults/run_crash.sh "$build/waypoint"
run "load smoke (5 s)" tests/load/run.sh "$build/waypoint" 5
run "fuzz (3 s each)" env FUZZ_JOBS=2 tests/fuzz/run.sh 3
run browser tests/browser/run.sh "$build/waypoint" "$build/browser"

echo
if [ ${#failed_suites[@]} -gt 0 ]; then
	echo "failed suites: ${failed_suites[*]}"
fi
echo "total: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
