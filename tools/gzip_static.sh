#!/bin/sh
# gzip_static.sh: writes FILE.gz beside every text file (css, js, svg, txt,
# json, xml, html) below DIR, for nginx's gzip_static; make install runs it
# on the installed www/static. -n leaves the name and time out of the .gz,
# so the same file always gives the same bytes; -k keeps the original and
# its time, which nginx's Last-Modified comes from.
# Usage: tools/gzip_static.sh DIR
set -eu
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: $0 DIR" >&2; exit 2; }
find "$1" -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' \
    -o -name '*.txt' -o -name '*.json' -o -name '*.xml' -o -name '*.html' \) \
    ! -name '.*' -exec gzip -9 -n -k -f {} +
