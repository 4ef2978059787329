#!/bin/bash
# run_all.sh BUILD_DIR: runs every test suite (unit, conformance, lint, the
# message catalogs, set-up, HTTP) and ends with one line counting all passes and
# failures.
set -u
build=${1:?usage: run_all.sh BUILD_DIR}
case $build in
/*) ;;
*) build=$PWD/$build ;;
esac
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
cd "$REPO" || exit 1
make_tmp all
# shellcheck disable=SC2119 # nothing to stop, only $TMP to remove
lib_traps
failed_suites=()

# Runs one suite, showing its output as it goes, and adds its counts
# (add_counts: a suite that printed no count, or exited non-zero with none
# failed, is a failure); a sanitizer report in its output is one more.
run() {	# name command...
	local name=$1 before=$FAILED
	shift
	echo "== $name"
	"$@" 2>&1 | tee "$TMP/out"
	add_counts "$TMP/out" "${PIPESTATUS[0]}" "$name"
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' \
	    "$TMP/out"; then
		result FAIL "$name" "sanitizer report"
	fi
	[ "$FAILED" -gt "$before" ] && failed_suites+=("$name")
}

units=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit $(basename "$t")" "$t"
	units=$((units + 1))
done
if [ "$units" -eq 0 ]; then
	result FAIL unit "no test binary in $build/tests"
	failed_suites+=(unit)
fi
run "mustache spec" "$build/mustache_spec" \
    "${MUSTACHE_SPEC_DIR:-tests/conformance/spec}"
run "mustache spec selftest" tests/conformance/selftest.sh \
    "$build/mustache_spec"
run lint tests/lint.sh
run "lint selftest" tests/lint_selftest.sh
run "po check" python3 tools/po_check.py check
run "po check selftest" tests/po_check_selftest.sh
run "counts selftest" tests/counts_selftest.sh
run "setup: the waypoint command" tests/setup/cli.sh "$build/waypoint"
run "setup: production steps" tests/setup/production.sh "$build/waypoint"
run "setup: the media folder (check, gc, backup)" tests/setup/media.sh \
    "$build/waypoint"
run "export and import" tests/port/run.sh "$build/waypoint"
run "setup: site add, list, remove, --site" tests/setup/sites_cli.sh \
    "$build/waypoint"
run "setup: export-site (static export)" tests/setup/export_site.sh \
    "$build/waypoint"
run "http (waypoint serve)" tests/http/run_serve.sh "$build/waypoint"
run "http (nginx + waypoint fcgi)" tests/http/run_nginx.sh "$build/waypoint"
run "100 sites (nginx + waypoint fcgi)" tests/http/sites100.sh \
    "$build/waypoint"
run "cache tier (nginx)" tests/http/cache_tier.sh "$build/waypoint"
run "reload (SIGHUP)" tests/http/reload.sh "$build/waypoint"
run "sites (3 on one serve)" tests/http/sites.sh "$build/waypoint"
run "storage faults" tests/faults/run_storage.sh "$build/waypoint"
run "files (modes, newer schema)" tests/setup/files.sh "$build/waypoint"
run "faults (kill -9, nginx restart)" tests/faults/run_crash.sh "$build/waypoint"
run "faults (kill -9 during media uploads)" tests/faults/run_media_crash.sh \
    "$build/waypoint"
run "load smoke (5 s)" tests/load/run.sh "$build/waypoint" 5
run "fuzz (3 s each)" env FUZZ_JOBS=2 tests/fuzz/run.sh 3
run browser tests/browser/run.sh "$build/waypoint" "$build/browser"

echo
if [ ${#failed_suites[@]} -gt 0 ]; then
	echo "failed suites: ${failed_suites[*]}"
fi
echo "total: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
