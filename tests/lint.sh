#!/bin/bash
# lint.sh: static checks on the tree, run from the repo root: SQLite only in
# src/store/, unescaped Mustache output only where allowed, no HTML in
# controllers, no inline script or style in templates.
#
# Each rule is checked once per file it covers; every violation is printed as
# file:line: message. Exits 1 when any check fails.

set -u
export LC_ALL=C

# Templates that may print a value unescaped ({{{x}}} or {{&x}}) and the only
# values each may print so: Markdown already rendered to HTML by cmark-gfm in
# safe mode. Names are separated by spaces.
declare -A RAW_ALLOW=(
	[www/templates/home.mustache]="intro_html"
	[www/templates/news_show.mustache]="news.body_html"
	[www/templates/page.mustache]="page.body_html"
)

passed=0
failed=0

# record OUTPUT: counts one check; prints OUTPUT (its violations) if any.
record() {
	if [ -z "$1" ]; then
		passed=$((passed + 1))
	else
		printf '%s\n' "$1"
		failed=$((failed + 1))
	fi
}

# files DIR FIND-ARGS...: regular files below DIR, sorted, one per line.
files() {
	local dir=$1
	shift
	[ -d "$dir" ] || return 0
	find "$dir" "$@" -type f -print | sort
}

# (1) The SQLite API is used only inside src/store/.
check_sqlite() {
	grep -nE 'sqlite3_|<sqlite3\.h>' "$1" | cut -c1-80 |
	    sed "s|^\([0-9]*\):|$1:\1: sqlite3 outside src/store/: |"
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
# <script> without src, no <style>, no style= or on*= attributes, no
# javascript: URLs.
check_inline() {
	perl -0777 -ne '
		my $f = $ARGV;
		my @rules = (
			[ qr/<script\b(?![^>]*\bsrc\s*=)[^>]*>/i,
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

if [ ! -d src ] || [ ! -d www ]; then
	echo "lint: run from the repository root" >&2
	exit 2
fi

while IFS= read -r f; do
	record "$(check_sqlite "$f")"
done < <(files src \( -name '*.c' -o -name '*.h' \) -not -path 'src/store/*')

# Templates and everything else under www/, plus any template elsewhere
# except test fixtures and build output.
while IFS= read -r f; do
	record "$(check_raw "$f")"
done < <({ files www; files . -name '*.mustache' -not -path './www/*' \
    -not -path './tests/*' -not -path './build/*' -not -path './.git/*' |
    sed 's|^\./||'; } | sort -u)

while IFS= read -r f; do
	record "$(check_html "$f")"
done < <(files src/controllers \( -name '*.c' -o -name '*.h' \))

while IFS= read -r f; do
	record "$(check_inline "$f")"
done < <(files www/templates)

echo "lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
