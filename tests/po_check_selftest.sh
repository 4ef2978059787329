#!/usr/bin/env bash
# po_check_selftest.sh: tools/po_check.py catches what it is for. In a
# throw-away copy of src/, www/ and po/, plants each fault (a Hungarian
# translation missing or fuzzy, a new message in a template or in C, a
# translation that drops a {{tag}} or a printf conversion, a .po file
# msgfmt refuses) and checks that the check exits non-zero with a FAIL
# line naming it; on the clean copy it must pass.
# The last line is "po check selftest: N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
CHECK=$REPO/tools/po_check.py
make_tmp po-check-selftest
# shellcheck disable=SC2119 # nothing to stop, only $TMP to remove
lib_traps
need_tools "po check selftest" python3 msgfmt xgettext msgcat

# A fresh copy of what the check reads, in $TMP/tree.
fresh() {
	rm -rf "$TMP/tree"
	mkdir -p "$TMP/tree"
	cp -R "$REPO/src" "$REPO/www" "$REPO/po" "$TMP/tree/" || exit 2
}

# Runs the check on $TMP/tree; passes when it exits non-zero with a FAIL
# line holding $2.
caught() {	# name text
	local rc
	python3 "$CHECK" --root "$TMP/tree" check >"$TMP/out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		result FAIL "$1" "exit status 0: $(tail -n 1 "$TMP/out")"
	elif ! grep -F -- "$2" "$TMP/out" | grep -q '^FAIL - '; then
		result FAIL "$1" "no FAIL line with '$2': $(grep -m 3 FAIL \
		    "$TMP/out")"
	else
		result ok "$1"
	fi
}

# Replaces, in file $1 of the tree, the first line matching $2 (a
# Python regular expression) with $3.
plant() {	# file regex replacement
	python3 - "$TMP/tree/$1" "$2" "$3" <<'EOF' || exit 2
import re, sys
path, pattern, repl = sys.argv[1:]
with open(path, encoding='utf-8') as f:
    lines = f.read().split('\n')
for i, line in enumerate(lines):
    if re.search(pattern, line):
        lines[i] = repl
        break
else:
    sys.exit('no line matches ' + pattern)
with open(path, 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines))
EOF
}

fresh
if python3 "$CHECK" --root "$TMP/tree" check >"$TMP/out" 2>&1; then
	result ok "the clean copy passes"
else
	result FAIL "the clean copy passes" "$(grep -m 3 FAIL "$TMP/out")"
fi

fresh
plant po/hu.po '^msgstr "Ugrás a tartalomra"$' 'msgstr ""'
caught "a Hungarian translation missing" \
    'po/hu.po translates "Skip to main content"'

fresh
plant po/hu.po '^msgid "Close menu"$' $'#, fuzzy\nmsgid "Close menu"'
caught "a Hungarian translation only fuzzy" \
    'po/hu.po translates "Close menu"'

fresh
plant www/templates/layout.mustache 'class="skip-link"' \
    '<a class="skip-link" href="#main">{{_ Jump to the text _}}</a>'
caught "a new message in a template" 'po/hu.po translates "Jump to the text"'

fresh
plant src/app.c '"Something went wrong"' \
    $'\tconst char *heading = T(NULL, "Something else went wrong");'
caught "a new message in C" 'po/hu.po translates "Something else went wrong"'

fresh
plant po/hu.po '^msgstr "{{page_human}}. oldal, összesen {{page_count}}"$' \
    'msgstr "{{page_human}}. oldal"'
caught "a translation that drops a {{tag}}" 'keeps its {{…}} tags'

fresh
plant po/uk.po '^msgstr "Обліковий запис %s створено."$' \
    'msgstr "Обліковий запис створено."'
caught "a translation that drops a printf conversion" \
    'msgfmt --check po/uk.po'

fresh
plant po/hu.po '^msgstr "Menü"$' 'msgstr "Menü'
caught "a .po file msgfmt refuses" 'msgfmt --check po/hu.po'

finish "po check selftest"
