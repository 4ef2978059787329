#!/bin/bash
# media.sh WAYPOINT: the media folder's operations on the command line:
# `db check` reports orphans (a warning, with the advice to run media gc),
# names not ours, and a row whose file is missing (an error); `media gc`
# (--dry-run too) removes old orphans and stale temporaries and nothing
# else, and refuses a database at another schema version; `db backup`
# puts the media files beside the copy (hard links, or copies on another
# file system), and the README's restore steps (the copy and its media
# folder put back, db check) give the same files back. The folder's lock
# file (.lock) is neither an orphan nor a name not ours, gc waits while an
# upload holds it and keeps an orphan whose content a row has. Rows are
# written with the sqlite3 shell, as an upload would leave them. db check
# runs the same where libvips cannot be loaded (only the media worker
# loads it).
set -u
# shellcheck source=tests/lib.sh
. "$(cd "$(dirname "$0")/.." && pwd)/lib.sh"
waypoint_args 1 WAYPOINT "$@"
make_tmp media
SHM=
lib_traps
need_tools media sqlite3 sha256sum

CONF=$TMP/c.conf
MEDIA=$TMP/media
printf '[paths]\ndatabase = %s/waypoint.db\ntemplates = %s\nstatic = %s\n' \
    "$TMP" "$REPO/www/templates" "$REPO/www/static" >"$CONF"
db_init "$CONF" || finish media

# Runs waypoint with the rest as arguments; OUT is its output (both
# streams), RC its exit status.
run_wp() {
	OUT=$("$WAYPOINT" --config "$CONF" "$@" 2>&1)
	RC=$?
}

# A file of content $2 in folder $1, named by its hash with suffix $3
# ("" or -<width>) and extension $4; prints the hash.
put() {	# dir content suffix ext
	local h
	h=$(printf '%s' "$2" | sha256sum | cut -c1-64)
	printf '%s' "$2" >"$1/$h$3.$4"
	echo "$h"
}

mkdir -p "$MEDIA"
H1=$(put "$MEDIA" "photo" "" jpg)
printf 'photo, smaller' >"$MEDIA/$H1-320.webp"
H2=$(put "$MEDIA" "%PDF-1.4 report" "" pdf)
H3=$(put "$MEDIA" "orphan, old" "" jpg)
H4=$(put "$MEDIA" "orphan, new" "" png)
printf 'stale' >"$MEDIA/.tmp-stale"
printf 'in progress' >"$MEDIA/.tmp-now"
printf 'a note' >"$MEDIA/notes.txt"
: >"$MEDIA/.lock"
# An hour and more ago: past media gc's grace.
touch -d '2 hours ago' "$MEDIA/$H3.jpg" "$MEDIA/.tmp-stale" \
    "$MEDIA/notes.txt" "$MEDIA/$H1.jpg"
if sqlite3 "$TMP/waypoint.db" "
INSERT INTO media (id, type, hash, bytes, width, height, filename, title,
    created_at, updated_at)
VALUES (1, 'jpeg', '$H1', 5, 40, 30, '', 'Photo', 0, 0),
    (2, 'pdf', '$H2', 15, 0, 0, 'report.pdf', 'Report', 0, 0);
INSERT INTO media_variants (media_id, format, width, height, bytes)
VALUES (1, 'webp', 320, 240, 14);"; then
	step "two media rows (a JPEG with a WebP copy, a PDF) and their files"
else
	result FAIL "media rows written" "sqlite3 failed"
	finish media
fi

run_wp db check
expect "db check: orphans are a warning, exit 0" 0 \
    "warning: 2 orphan files"
expect "db check: the advice to run media gc" 0 "run \`waypoint media gc\`"
expect "db check: a name not ours reported, left alone" 0 \
    "$MEDIA/notes.txt is not a file of Waypoint's; left alone"
if grep -qF ".lock" <<<"$OUT"; then
	result FAIL "db check: the lock file is not reported" "$OUT"
else
	result ok "db check: the lock file is not reported"
fi

# An empty file found first under libvips's soname, as a broken or
# missing libvips42 would leave it: the binary does not link it.
mkdir -p "$TMP/nolib"
: >"$TMP/nolib/libvips.so.42"
OUT=$(LD_LIBRARY_PATH=$TMP/nolib "$WAYPOINT" --config "$CONF" db check 2>&1)
RC=$?
expect "db check: runs where libvips cannot be loaded" 0 \
    "warning: 2 orphan files"

mv "$MEDIA/$H1-320.webp" "$TMP/aside.webp"
run_wp db check
expect "db check: a row's missing file is an error, exit 1" 1 \
    "media item 1: $MEDIA/$H1-320.webp is missing"
mv "$TMP/aside.webp" "$MEDIA/$H1-320.webp"

run_wp media gc --dry-run
expect "media gc --dry-run: names the old orphan" 0 \
    "would remove (orphan): $MEDIA/$H3.jpg"
if [ -e "$MEDIA/$H3.jpg" ] && [ -e "$MEDIA/.tmp-stale" ]; then
	result ok "media gc --dry-run: removes nothing"
else
	result FAIL "media gc --dry-run: removes nothing" "files gone"
fi

# An old copy of H1's, which no variant row names, but H1's row has its
# content: gc asks the database again before removing, and keeps it.
printf 'photo, wider' >"$MEDIA/$H1-640.webp"
touch -d '2 hours ago' "$MEDIA/$H1-640.webp"
# An upload holds the lock shared: gc says it waits, and runs once the
# upload lets go.
FIFO=$TMP/release
mkfifo "$FIFO"
flock -s "$MEDIA/.lock" -c "read -r _ <'$FIFO'" &
HOLDER=$!
# The holder has it once an exclusive try fails.
for _ in $(seq 1 500); do
	flock -n -x "$MEDIA/.lock" true || break
	sleep 0.01
done
"$WAYPOINT" --config "$CONF" media gc >"$TMP/gc.out" 2>&1 &
GC=$!
for _ in $(seq 1 1000); do
	grep -qF "waiting for the uploads in progress" "$TMP/gc.out" && break
	sleep 0.01
done
if grep -qF "waiting for the uploads in progress" "$TMP/gc.out" &&
    [ -e "$MEDIA/$H3.jpg" ]; then
	result ok "media gc: waits while an upload holds the folder"
else
	result FAIL "media gc: waits while an upload holds the folder" \
	    "$(cat "$TMP/gc.out")"
fi
echo >"$FIFO"
wait "$HOLDER"
wait "$GC"
RC=$?
OUT=$(cat "$TMP/gc.out")
expect "media gc: keeps an orphan whose content a row has" 0 \
    "kept (a row has its content): $MEDIA/$H1-640.webp"
rm -f "$MEDIA/$H1-640.webp"
if [ -e "$MEDIA/.lock" ] && ! grep -qF ".lock" <<<"$OUT"; then
	result ok "media gc: the lock file left alone, not reported"
else
	result FAIL "media gc: the lock file left alone, not reported" "$OUT"
fi
expect "media gc: removes the old orphan" 0 \
    "removed (orphan): $MEDIA/$H3.jpg"
expect "media gc: removes the stale temporary" 0 \
    "removed (temporary): $MEDIA/.tmp-stale"
expect "media gc: keeps a new orphan (an upload may be committing)" 0 \
    "kept (orphan, changed within the hour"
expect "media gc: reports a name not ours" 0 \
    "left alone (not a file of Waypoint's): $MEDIA/notes.txt"
missing=
for f in "$H1.jpg" "$H1-320.webp" "$H2.pdf" "$H4.png" .tmp-now notes.txt; do
	[ -e "$MEDIA/$f" ] || missing="$missing $f"
done
for f in "$H3.jpg" .tmp-stale; do
	[ -e "$MEDIA/$f" ] && missing="$missing (still there: $f)"
done
if [ -z "$missing" ]; then
	result ok "media gc: every file a row refers to kept, and only those"
else
	result FAIL "media gc: every file a row refers to kept, and only those" \
	    "$missing"
fi

cp "$TMP/waypoint.db" "$TMP/old.db"
sqlite3 "$TMP/old.db" "PRAGMA user_version = 10"
sed "s|^database = .*|database = $TMP/old.db|" "$CONF" >"$TMP/old.conf"
OUT=$("$WAYPOINT" --config "$TMP/old.conf" media gc 2>&1)
RC=$?
expect "media gc: refuses another schema version" 1 "schema version 10"

run_wp media
expect "media without gc: its usage, exit 2" 2 "media gc [--dry-run]"

# A backup: the copy and its media folder beside it.
run_wp db backup "$TMP/b.db"
expect "db backup: written" 0 "$TMP/b.db: backup of"
expect "db backup: says where the media files are" 0 \
    "$TMP/b.db.media: the media files beside it: 4 hard links, 0 copies"
if [ "$(stat -c %i "$TMP/b.db.media/$H2.pdf")" = \
    "$(stat -c %i "$MEDIA/$H2.pdf")" ]; then
	result ok "db backup: a hard link on the same file system"
else
	result FAIL "db backup: a hard link on the same file system" \
	    "another inode"
fi
if [ ! -e "$TMP/b.db.media/.tmp-now" ] &&
    [ ! -e "$TMP/b.db.media/notes.txt" ] &&
    [ ! -e "$TMP/b.db.media/.lock" ]; then
	result ok "db backup: no temporary, lock nor foreign file copied"
else
	result FAIL "db backup: no temporary, lock nor foreign file copied" \
	    "$(ls -A "$TMP/b.db.media")"
fi
run_wp db check "$TMP/b.db"
expect "db check BACKUP: checked against BACKUP.media" 0 \
    "$TMP/b.db: ok"
run_wp db backup "$TMP/b.db"
expect "db backup: refuses a FILE that exists" 1 "already exists"
rm -rf "$TMP/c.db.media"
mkdir "$TMP/c.db.media"
run_wp db backup "$TMP/c.db"
expect "db backup: refuses a FILE.media that exists" 1 \
    "$TMP/c.db.media already exists"
[ -e "$TMP/c.db" ] && result FAIL "db backup: nothing made when refused" \
    "$TMP/c.db written"

# Another file system (tmpfs): copies, the same bytes.
SHM=$(mktemp -d /dev/shm/waypoint-media.XXXXXX 2>/dev/null)
if [ -n "$SHM" ]; then
	run_wp db backup "$SHM/s.db"
	if [ "$(stat -c %d "$SHM")" != "$(stat -c %d "$TMP")" ]; then
		expect "db backup to another file system: copies" 0 \
		    "4 copies (another file system)"
	else
		expect "db backup to the same file system: links" 0 \
		    "4 hard links"
	fi
	if cmp -s "$SHM/s.db.media/$H2.pdf" "$MEDIA/$H2.pdf"; then
		result ok "db backup: the copy holds the same bytes"
	else
		result FAIL "db backup: the copy holds the same bytes" "differ"
	fi
	rm -rf "$SHM"
else
	result FAIL "a folder in /dev/shm" "mktemp failed"
fi

# Restore (README): the copy and its media folder put in place of the
# database and the media folder, then db check.
rm -rf "$TMP/restored"
mkdir "$TMP/restored"
cp "$TMP/b.db" "$TMP/restored/waypoint.db"
cp -a "$TMP/b.db.media" "$TMP/restored/media"
sed "s|^database = .*|database = $TMP/restored/waypoint.db|" "$CONF" \
    >"$TMP/restored.conf"
OUT=$("$WAYPOINT" --config "$TMP/restored.conf" db check 2>&1)
RC=$?
expect "restored: db check passes over the media folder put back" 0 \
    "$TMP/restored/waypoint.db: ok"
if cmp -s "$TMP/restored/media/$H1-320.webp" "$MEDIA/$H1-320.webp" &&
    cmp -s "$TMP/restored/media/$H2.pdf" "$MEDIA/$H2.pdf"; then
	result ok "restored: the same files"
else
	result FAIL "restored: the same files" "differ"
fi

finish media
