#!/usr/bin/env bash
# selftest.sh MUSTACHE_SPEC: the conformance runner cannot pass on less
# than the whole spec: a copy of tests/conformance/spec/ with a module
# missing, one that does not parse, or one cut short must each make it
# exit non-zero with a FAIL line naming that file.
# The last line is "conformance selftest: N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
case ${1:?usage: selftest.sh MUSTACHE_SPEC} in
/*) SPEC=$1 ;;
*) SPEC=$PWD/$1 ;;
esac
if [ ! -x "$SPEC" ]; then
	result FAIL "conformance runner" "$SPEC is not executable"
	finish "conformance selftest"
fi
make_tmp spec-selftest
# shellcheck disable=SC2119 # nothing to stop, only $TMP to remove
lib_traps

# Runs the runner on $TMP/spec, a copy of the vendored spec that command
# $3... has spoilt; passes when it exits non-zero with a FAIL line for
# file $2.
spoilt() {	# name file command...
	local name=$1 file=$2 rc
	shift 2
	rm -rf "$TMP/spec"
	cp -R "$REPO/tests/conformance/spec" "$TMP/spec" || exit 2
	"$@"
	"$SPEC" "$TMP/spec" >"$TMP/out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		result FAIL "$name" "exit status 0: $(tail -n 1 "$TMP/out")"
	elif ! grep -q "^FAIL $file" "$TMP/out"; then
		result FAIL "$name" "no FAIL line for $file"
	else
		result ok "$name"
	fi
}

if "$SPEC" "$REPO/tests/conformance/spec" >"$TMP/out" 2>&1 &&
    [ "$(tail -n 1 "$TMP/out")" = "163 passed, 0 failed" ]; then
	result ok "the vendored spec: 163 passed, 0 failed"
else
	result FAIL "the vendored spec: 163 passed, 0 failed" \
	    "$(tail -n 1 "$TMP/out")"
fi
spoilt "a module missing fails" partials.json rm "$TMP/spec/partials.json"
spoilt "a module that does not parse fails" comments.json \
    truncate -s 100 "$TMP/spec/comments.json"
spoilt "a module cut short fails" sections.json python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["tests"] = d["tests"][:-1]
json.dump(d, open(sys.argv[1], "w"))' "$TMP/spec/sections.json"
spoilt "an empty folder fails" comments.json \
    find "$TMP/spec" -name '*.json' -delete
finish "conformance selftest"
