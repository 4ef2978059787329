/* worddiff.h: a word-level diff of two texts (Myers' O(ND) algorithm),
 * for a reviewer reading a change: the runs kept, deleted and inserted,
 * bounded in time and memory whatever the texts. */
#ifndef WAYPOINT_WORDDIFF_H
#define WAYPOINT_WORDDIFF_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum worddiff_op {
	WORDDIFF_SAME,
	WORDDIFF_DEL,		/* in the old text only */
	WORDDIFF_INS,		/* in the new text only */
};

/* One run of the diff: a NUL-terminated copy of its text. */
struct worddiff_part {
	enum worddiff_op op;
	const char	*text;
};

/* 1,000 edits (words or spaces inserted or deleted) in the changed
 * middle, 100,000 tokens (words and the spaces between: some 50,000
 * words) on either side of it, 10,000,000 steps: far more than a
 * reviewer reads word by word, and a few tens of milliseconds and a few
 * MB at most. Past any of them the middle is shown replaced entirely. */
#define WORDDIFF_EDITS_MAX	1000
#define WORDDIFF_TOKENS_MAX	100000
#define WORDDIFF_WORK_MAX	10000000L

/*
 * The diff of old (old_len bytes) into new (new_len bytes), split into
 * words and the white space between them (a word is a run of bytes that
 * are not ASCII white space, so UTF-8 letters stay inside their word).
 * The common beginning and end are found first; the words between are
 * diffed, unless that passes a limit above, when the middle is one
 * deletion and one insertion and *replaced is set. In a changed stretch
 * the deletion comes before the insertion; white space alone between two
 * changes joins them. *parts (in arena a) holds *n runs, in order, none
 * empty. Returns 0, or -1 when out of memory.
 */
int	worddiff(struct arena *a, const char *old, size_t old_len,
	    const char *new, size_t new_len, struct worddiff_part **parts,
	    size_t *n, bool *replaced);

#endif
