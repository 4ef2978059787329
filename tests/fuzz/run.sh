#!/bin/sh
# run.sh: builds the libFuzzer targets (tests/fuzz/fuzz.mk, into
# build/fuzz/) and runs each for SECONDS, after replaying every file of its
# seed corpus as a regression test. New inputs go to a throw-away copy of
# the corpus, crashes to build/fuzz/crashes/.
# Usage: tests/fuzz/run.sh SECONDS [TARGET...]   (TARGET: url, fuzz_url ...)
# FUZZ_JOBS=N runs N targets at once (default 1); OUT=DIR builds
# elsewhere; FUZZ_EXTRA=FLAGS adds compiler flags (tests/fuzz/fuzz.mk).

cd "$(dirname "$0")/../.." || exit 2
REPO=$(pwd)
OUT=${OUT:-build/fuzz}
case $OUT in
/*) ;;
*) OUT=$REPO/$OUT ;;
esac
SECONDS_EACH=$1
case $SECONDS_EACH in
''|*[!0-9]*)
	echo "usage: tests/fuzz/run.sh SECONDS [TARGET...]" >&2
	exit 2
	;;
esac
shift
JOBS=${FUZZ_JOBS:-1}
# A sanitizer report names the code path, not just the line.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

command -v clang >/dev/null 2>&1 || {
	echo "FAIL - fuzz: clang is not installed (apt-get install clang)"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
}
mkdir -p "$OUT" || exit 2
if ! make -s -j2 -f tests/fuzz/fuzz.mk OUT="$OUT" >"$OUT/build.log" 2>&1
then
	tail -30 "$OUT/build.log"
	echo "FAIL - fuzz: build (see $OUT/build.log)"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi

if [ $# -eq 0 ]; then
	set -- $(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
fi
if [ $# -eq 0 ]; then
	echo "FAIL - fuzz: no target in tests/fuzz"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$OUT/crashes"

# Input sizes: what each parser sees in real use, kept small enough that
# the fuzzer explores structure rather than length.
max_len() {
	case $1 in
	url|cookie|form|multipart|media_upload) echo 8192 ;;
	mustache|markdown|fcgi_params) echo 4096 ;;
	http) echo 16384 ;;
	*) echo 4096 ;;
	esac
}

# Extra libFuzzer flags: fuzz_http runs about 100 inputs a second (each a
# connection waited on), too few for libFuzzer to grow its inputs from a
# few bytes to whole requests in a run, so it starts at full length.
extra_flags() {
	case $1 in
	http) echo -len_control=0 ;;
	esac
}

# Runs one target; writes its result line to $TMP/NAME.result.
run_one() {
	name=${1#fuzz_}
	bin=$OUT/fuzz_$name
	work=$TMP/$name
	log=$TMP/$name.log
	if [ ! -x "$bin" ]; then
		echo "FAIL - fuzz_$name: no such target" >"$TMP/$name.result"
		return
	fi
	mkdir -p "$work/corpus" "$work/tmp"
	cp tests/fuzz/corpus/"$name"/* "$work/corpus/" 2>/dev/null
	# The seeds first, each once, as regression tests.
	if ! (cd "$work" && TMPDIR=$work/tmp WAYPOINT_ROOT=$REPO \
	    "$bin" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$OUT/crashes/fuzz_$name-" \
	    "$REPO/tests/fuzz/corpus/$name"/*) >"$log" 2>&1; then
		echo "FAIL - fuzz_$name: crash on a corpus file" \
		    "($(sed -n 's/^Running: //p' "$log" | tail -1))" \
		    >"$TMP/$name.result"
		tail -40 "$log" >&2
		return
	fi
	(cd "$work" && TMPDIR=$work/tmp WAYPOINT_ROOT=$REPO \
	    "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 \
	    -rss_limit_mb=2048 -max_len="$(max_len "$name")" \
	    $(extra_flags "$name") \
	    -print_final_stats=1 \
	    -artifact_prefix="$OUT/crashes/fuzz_$name-" \
	    "$work/corpus") >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
	[ -n "$runs" ] || runs=$(sed -n \
	    's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" |
	    tail -1)
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" |
	    tail -1)
	if [ "$rc" -eq 0 ] && [ -z "$crash" ] && [ "${runs:-0}" -eq 0 ]; then
		# A fuzzer that ran nothing tested nothing.
		echo "FAIL - fuzz_$name: no input run" >"$TMP/$name.result"
		tail -20 "$log" >&2
	elif [ "$rc" -eq 0 ] && [ -z "$crash" ]; then
		echo "ok - fuzz_$name: $runs execs, no crash" \
		    >"$TMP/$name.result"
	else
		echo "FAIL - fuzz_$name: crash (${crash:-exit $rc}) after" \
		    "${runs:-?} execs" >"$TMP/$name.result"
		grep -A30 -m1 'ERROR\|runtime error\|fuzz_[a-z_]*:' "$log" \
		    | head -40 >&2
	fi
}

PASSED=0
FAILED=0
running=0
for t in "$@"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait
		running=0
	fi
done
wait
for t in "$@"; do
	name=${t#fuzz_}
	line=$(cat "$TMP/$name.result" 2>/dev/null ||
	    echo "FAIL - fuzz_$name: no result")
	echo "$line"
	case $line in
	ok*) PASSED=$((PASSED + 1)) ;;
	*) FAILED=$((FAILED + 1)) ;;
	esac
done
echo "fuzz: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
