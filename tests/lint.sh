#!/bin/bash
# lint.sh: static checks on the tree, run from the repo root: SQLite only in
# src/store/, unescaped Mustache output only where allowed, no HTML in
# controllers, no inline script or style in templates, no URL written
# by hand in a template or a controller (view/urls.c makes them).
#
# Each rule is checked once per file it covers and counts once; every
# violation is printed as "FAIL - file:line: message". The lint fails
# closed: a tool it needs missing, a rule that could not run on a file
# (grep or perl failing, a file unreadable) or a rule that found no file
# to check is a failure too. Exits 1 when any check fails.
# tests/lint_selftest.sh plants a violation of each rule and checks that
# this catches it.

set -u
export LC_ALL=C

# Templates that may print a value unescaped ({{{x}}} or {{&x}}) and the only
# values each may print so: Markdown already rendered to HTML by cmark-gfm in
# safe mode, and JSON-LD escaped by src/view/jsonld.c for its script
# element. Names are separated by spaces.
declare -A RAW_ALLOW=(
	[www/templates/event_show.mustache]="event.body_html"
	[www/templates/home.mustache]="intro_html"
	[www/templates/meta_social.mustache]="jsonld"
	[www/templates/news_show.mustache]="news.body_html"
	[www/templates/page.mustache]="page.body_html"
	[www/templates/project_show.mustache]="project.body_html"
	[www/templates/publication_show.mustache]="publication.body_html"
)

passed=0
failed=0

# fail MESSAGE: one failed check that is not a rule's violation.
fail() {
	echo "FAIL - $1"
	failed=$((failed + 1))
}

# record RULE FILE: runs check_RULE on FILE as one check. It passes when
# the rule ran and printed nothing; what it printed are violations; a file
# that cannot be read or a rule that exits non-zero could not run, which
# fails too.
record() {
	local out rc
	if [ ! -f "$2" ] || [ ! -r "$2" ]; then
		fail "$2: $1: cannot read the file"
		return
	fi
	out=$("check_$1" "$2" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$2: $1: could not run (exit status $rc): ${out:0:200}"
	elif [ -n "$out" ]; then
		printf '%s\n' "$out" | sed 's/^/FAIL - /'
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
}

# each RULE LIST: record RULE over every file named in file LIST, one a
# line; a rule that has no file to check fails.
each() {
	local f n=0
	while IFS= read -r f; do
		record "$1" "$f"
		n=$((n + 1))
	done <"$2"
	[ "$n" -gt 0 ] || fail "$1: no file to check"
}

# files LIST DIR FIND-ARGS...: writes the regular files below DIR, sorted,
# one a line, to file LIST; fails (counted) when DIR is missing or find
# fails.
files() {
	local list=$1 dir=$2
	shift 2
	if [ ! -d "$dir" ]; then
		fail "$dir: no such folder"
		: >"$list"
		return 1
	fi
	if ! find "$dir" "$@" -type f -print >"$list.find"; then
		fail "find $dir failed"
		: >"$list"
		return 1
	fi
	sort "$list.find" >"$list"
}

# (1) The SQLite API is used only inside src/store/. grep exits 1 when
# nothing matches, 2 when it could not read.
check_sqlite() {
	local out n
	out=$(grep -nE 'sqlite3_|<sqlite3\.h>' "$1")
	[ $? -le 1 ] || return 2
	[ -n "$out" ] || return 0
	while IFS= read -r n; do
		printf '%s:%s: sqlite3 outside src/store/: %s\n' "$1" \
		    "${n%%:*}" "${n#*:}" | cut -c1-160
	done <<<"$out"
}

# (2) Raw output: {{{name}}} or {{&name}} only in www/templates, only for
# the names on the file's allow-list; no delimiter changes, which would let a
# raw tag hide under other delimiters.
check_raw() {
	local allowed=""

	case $1 in
	www/templates/*)
		allowed=${RAW_ALLOW[$1]:-}
		;;
	esac
	ALLOWED=$allowed perl -0777 -ne '
		my %ok = map { $_ => 1 } split " ", $ENV{ALLOWED};
		my $f = $ARGV;
		sub line { 1 + (substr($_[0], 0, $_[1]) =~ tr/\n//) }
		while (/\{\{\s*=/g) {
			printf "%s:%d: delimiter change not allowed\n",
			    $f, line($_, $-[0]);
		}
		while (/\{\{([{&])/g) {
			my $at = $-[0];
			my $rest = substr($_, $at);
			my $name;
			if ($1 eq "{") {
				($name) = $rest =~ /^\{\{\{\s*([^{}\s]+)\s*\}\}\}/;
			} else {
				($name) = $rest =~ /^\{\{&\s*([^{}\s]+)\s*\}\}/;
			}
			if (!defined $name) {
				printf "%s:%d: unreadable unescaped tag\n",
				    $f, line($_, $at);
			} elsif (!$ok{$name}) {
				printf "%s:%d: unescaped output of \"%s\" " .
				    "not on the allow-list\n",
				    $f, line($_, $at), $name;
			}
		}' "$1"
}

# (3) Controllers write no HTML: no C string literal holding "<" followed by
# a letter, "/" or "!". Comments and character literals are skipped, so
# #include <...> and comparisons do not count.
check_html() {
	perl -0777 -ne '
		my $f = $ARGV;
		while (m{(/\*.*?\*/)|(//[^\n]*)|(\x27(?:\\.|[^\x27\\\n])*\x27)|
		    ("(?:\\.|[^"\\\n])*")}gsx) {
			next unless defined $4;
			my ($s, $at) = ($4, $-[4]);
			next unless $s =~ /<[A-Za-z\/!]/;
			my $n = 1 + (substr($_, 0, $at) =~ tr/\n//);
			printf "%s:%d: HTML in a C string: %s\n", $f, $n,
			    substr($s, 0, 60);
		}' "$1"
}

# (4) Templates carry no inline script or style (the CSP forbids them): no
# <script> without src (but for JSON-LD, data that is never run), no
# <style>, no style= or on*= attributes, no javascript: URLs.
check_inline() {
	perl -0777 -ne '
		my $f = $ARGV;
		my @rules = (
			[ qr/<script\b(?![^>]*\bsrc\s*=)
			    (?!\s+type="application\/ld\+json">)[^>]*>/ix,
			    "inline <script>" ],
			[ qr/<style\b/i, "inline <style>" ],
			[ qr/\sstyle\s*=/i, "style= attribute" ],
			[ qr/\son[a-z]+\s*=/i, "event handler attribute" ],
			[ qr/javascript\s*:/i, "javascript: URL" ],
		);
		for my $r (@rules) {
			while (/$r->[0]/g) {
				my $n = 1 + (substr($_, 0, $-[0]) =~ tr/\n//);
				printf "%s:%d: %s\n", $f, $n, $r->[1];
			}
		}' "$1"
}

# (5) Every URL the site prints comes from src/view/urls.c: templates
# take each href, src, action and formaction from the view model (no
# literal path), and controllers hold no path literal ("/admin…").
check_urls() {
	case $1 in
	*.mustache)
		perl -0777 -ne '
			my $f = $ARGV;
			while (/\s(href|src|action|formaction)\s*=\s*"?\//gi) {
				my $n = 1 + (substr($_, 0, $-[0]) =~ tr/\n//);
				printf "%s:%d: literal URL in %s= (take it " .
				    "from the model: view/urls.c)\n", $f, $n, $1;
			}' "$1"
		;;
	*)
		perl -0777 -ne '
			my $f = $ARGV;
			while (m{(/\*.*?\*/)|(//[^\n]*)|
			    (\x27(?:\\.|[^\x27\\\n])*\x27)|
			    ("(?:\\.|[^"\\\n])*")}gsx) {
				next unless defined $4;
				my ($s, $at) = ($4, $-[4]);
				next unless $s =~ m{^"/[A-Za-z]};
				my $n = 1 + (substr($_, 0, $at) =~ tr/\n//);
				printf "%s:%d: path literal %s in a " .
				    "controller (use view/urls.c)\n", $f, $n,
				    substr($s, 0, 40);
			}' "$1"
		;;
	esac
}

if [ ! -d src ] || [ ! -d www ]; then
	echo "lint: run from the repository root" >&2
	exit 2
fi

for tool in grep find sort sed cut perl mktemp rm; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done
if [ "$failed" -gt 0 ]; then
	echo "lint: $passed passed, $failed failed"
	exit 1
fi
LISTS=$(mktemp -d "${TMPDIR:-/tmp}/waypoint-lint.XXXXXX") || exit 2
trap 'rm -rf "$LISTS"' EXIT

files "$LISTS/c" src \( -name '*.c' -o -name '*.h' \) -not -path 'src/store/*'
each sqlite "$LISTS/c"

# Templates and everything else under www/, plus any template elsewhere
# except test fixtures and build output.
files "$LISTS/www" www
files "$LISTS/elsewhere" . -name '*.mustache' -not -path './www/*' \
    -not -path './tests/*' -not -path './build/*' -not -path './.git/*'
sed 's|^\./||' "$LISTS/elsewhere" | sort -u - "$LISTS/www" >"$LISTS/raw"
each raw "$LISTS/raw"
# An allow-list entry for a template that is gone would let a new file of
# that name print raw values unreviewed.
for f in "${!RAW_ALLOW[@]}"; do
	[ -f "$f" ] || fail "$f: on the raw allow-list but missing"
done

files "$LISTS/controllers" src/controllers \( -name '*.c' -o -name '*.h' \)
each html "$LISTS/controllers"

files "$LISTS/templates" www/templates
each inline "$LISTS/templates"
each urls "$LISTS/templates"
each urls "$LISTS/controllers"

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
