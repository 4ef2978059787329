#!/usr/bin/env bash
# lint_selftest.sh: tests/lint.sh catches what it is for. In a throw-away
# copy of src/ and www/, plants a violation of each rule (and of each
# pattern a rule holds) and checks that the lint exits non-zero with a FAIL
# line naming the planted file; then checks that it fails closed (a tool
# missing, grep failing, a rule left with no file, an allow-listed
# template gone) and that on the clean copy it passes with one check per
# rule and file.
# The last line is "lint selftest: N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
LINT=$REPO/tests/lint.sh
make_tmp lint-selftest
# shellcheck disable=SC2119 # nothing to stop, only $TMP to remove
lib_traps

# A fresh copy of the tree the lint reads, in $TMP/tree.
fresh() {
	rm -rf "$TMP/tree"
	mkdir -p "$TMP/tree"
	cp -R "$REPO/src" "$REPO/www" "$TMP/tree/" || exit 2
}

# Runs the lint in $TMP/tree with PATH $2 (default ours); passes when it
# exits non-zero with a FAIL line holding $3 (a file, or a message).
caught() {	# name path text
	local rc
	(cd "$TMP/tree" && PATH=${2:-$PATH} /bin/bash "$LINT") \
	    >"$TMP/out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		result FAIL "$1" "lint exit status 0: $(tail -n 1 "$TMP/out")"
	elif ! grep -F -- "$3" "$TMP/out" | grep -q '^FAIL - '; then
		result FAIL "$1" "no FAIL line with '$3': $(grep -m 3 FAIL \
		    "$TMP/out")"
	else
		result ok "$1"
	fi
}

# Plants file $2 (relative to the tree) holding $3 in a fresh copy and
# checks the lint names it.
planted() {	# name file text
	fresh
	mkdir -p "$(dirname "$TMP/tree/$2")"
	printf '%s\n' "$3" >"$TMP/tree/$2"
	caught "$1" "" "$2"
}

planted "sqlite3_ call outside src/store/" src/lib/planted.c \
    'int f(void) { return sqlite3_close(0); }'
planted "<sqlite3.h> outside src/store/" src/view/planted.h \
    '#include <sqlite3.h>'
planted "{{{x}}} off the allow-list" www/templates/planted.mustache \
    '<p>{{{title}}}</p>'
planted "{{&x}} off the allow-list" www/templates/planted.mustache \
    '<p>{{& title}}</p>'
planted "allowed name in another template" www/templates/planted.mustache \
    '<div>{{{news.body_html}}}</div>'
planted "delimiter change" www/templates/planted.mustache \
    '{{=<% %>=}}<p><% title %></p>'
planted "template outside www/" conf/planted.mustache '{{{title}}}'
planted "HTML in a controller's string" src/controllers/planted.c \
    'const char *s = "<p>hi</p>";'
planted "inline <script>" www/templates/planted.mustache \
    '<script>alert(1)</script>'
planted "inline <script> not JSON-LD" www/templates/planted.mustache \
    '<script type="application/javascript">alert(1)</script>'
planted "JSON-LD <script> with more attributes" \
    www/templates/planted.mustache \
    '<script type="application/ld+json" data-run="1">{}</script>'
planted "inline <style>" www/templates/planted.mustache \
    '<style>p { color: red }</style>'
planted "style= attribute" www/templates/planted.mustache \
    '<p style="color: red">x</p>'
planted "event handler attribute" www/templates/planted.mustache \
    '<a href="/" onclick="go()">x</a>'
planted "javascript: URL" www/templates/planted.mustache \
    '<a href="javascript:go()">x</a>'
planted "literal URL in a template" www/templates/planted.mustache \
    '<a class="x" href="/admin/news/new">New</a>'
planted "literal form action in a template" www/templates/planted.mustache \
    '<form method="post" action="/admin/logout"></form>'
planted "path literal in a controller" src/controllers/planted.c \
    'const char *to = "/admin/menu";'

# Fails closed.
mkdir -p "$TMP/bin"
for t in grep find sort sed cut mktemp rm; do
	ln -s "$(command -v "$t")" "$TMP/bin/$t"
done
fresh
caught "perl missing: a FAIL line" "$TMP/bin" "perl is not installed"
mkdir -p "$TMP/badgrep"
for t in find sort sed cut mktemp perl rm; do
	ln -s "$(command -v "$t")" "$TMP/badgrep/$t"
done
printf '#!/bin/sh\nexit 2\n' >"$TMP/badgrep/grep"
chmod +x "$TMP/badgrep/grep"
caught "grep failing: a FAIL line" "$TMP/badgrep" "sqlite: could not run"
fresh
rm "$TMP/tree/www/templates/page.mustache"
caught "an allow-listed template missing: a FAIL line" "" \
    "www/templates/page.mustache: on the raw allow-list but missing"
fresh
find "$TMP/tree/src/controllers" -type f -delete
caught "no controller to check: a FAIL line" "" "html: no file to check"

# The clean copy passes, one check per rule and file: C files outside
# src/store/, everything under www/, controllers and templates twice
# (HTML and inline code, then URLs).
fresh
want=$(($(find "$TMP/tree/src" \( -name '*.c' -o -name '*.h' \) \
    -not -path '*/src/store/*' -type f | wc -l) +
    $(find "$TMP/tree/www" -type f | wc -l) +
    2 * $(find "$TMP/tree/src/controllers" \( -name '*.c' -o -name '*.h' \) \
    -type f | wc -l) +
    2 * $(find "$TMP/tree/www/templates" -type f | wc -l)))
got=$(cd "$TMP/tree" && /bin/bash "$LINT" 2>&1 | tail -n 1)
if [ "$got" = "lint: $want passed, 0 failed" ]; then
	result ok "clean tree: $want checks, one per rule and file"
else
	result FAIL "clean tree: one check per rule and file" \
	    "got '$got', want 'lint: $want passed, 0 failed'"
fi
finish "lint selftest"
