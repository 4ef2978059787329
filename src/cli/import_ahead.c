/* import_ahead.c: the lines of an import read, parsed and their Markdown
 * rendered by a thread a bounded number of lines ahead of the writer. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/import.h"
#include "view/markdown.h"

/* Lines read ahead at most: enough to hide the render worker's round
 * trips behind the writes, few enough that memory stays bounded. */
#define AHEAD	64

struct import_ahead {
	FILE			*f;
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;	/* a slot filled or emptied, or stop */
	struct import_line	 ring[AHEAD];
	size_t			 first;	/* the oldest line's slot */
	size_t			 count;
	bool			 stop;	/* the writer wants no more */
};

/* The body of o rendered into l, when it is one the writer will render
 * as it stands: a string with no media reference (the writer maps those
 * first) within the limit. A failure is left for the writer to meet and
 * report in order. */
static void
render_ahead(struct import_line *l)
{
	const json_t *body = json_object_get(l->o, "body_md");
	const char *md;
	size_t len;

	if (!json_is_string(body))
		return;
	md = json_string_value(body);
	len = json_string_length(body);
	if (len > MARKDOWN_INPUT_MAX || strlen(md) != len ||
	    strstr(md, "media:") != NULL)
		return;
	if (markdown_render(md, len, &l->html) == MARKDOWN_OK)
		l->md = md;
}

/* 1 MiB: what one read asks the file for. */
#define CHUNK	(1 << 20)

/* The reader's buffer: bytes read, the next line's from at. */
struct lines {
	char	*buf;
	size_t	 cap, at, end;
	bool	 eof;
	bool	 started;	/* the first line was read */
};

/* The next line of f in b (its "\n" included) into *line and *len: 1;
 * 0 at the end of the file, with *len the bytes of a last line without
 * "\n"; -1 for a read error (errno) or a line past IMPORT_LINE_MAX
 * (errno EFBIG). getline would keep reading a line without end. */
static int
next_line(FILE *f, struct lines *b, const char **line, size_t *len)
{
	size_t scanned = 0, got;
	char *nl, *p;

	for (;;) {
		nl = b->end > b->at + scanned ? memchr(b->buf + b->at +
		    scanned, '\n', b->end - b->at - scanned) : NULL;
		if (nl != NULL) {
			*line = b->buf + b->at;
			*len = (size_t)(nl + 1 - *line);
			b->at += *len;
			return 1;
		}
		scanned = b->end - b->at;
		if (scanned > IMPORT_LINE_MAX) {
			errno = EFBIG;
			return -1;
		}
		if (b->eof) {
			*line = b->buf + b->at;
			*len = scanned;
			b->at = b->end;
			return 0;
		}
		/* The line so far to the front, room for a chunk after. */
		if (scanned > 0)
			memmove(b->buf, b->buf + b->at, scanned);
		b->at = 0;
		b->end = scanned;
		if (b->cap - b->end < CHUNK) {
			if ((p = realloc(b->buf, b->end + CHUNK)) == NULL)
				return -1;
			b->buf = p;
			b->cap = b->end + CHUNK;
		}
		got = fread(b->buf + b->end, 1, CHUNK, f);
		b->end += got;
		if (got < CHUNK) {
			if (ferror(f))
				return -1;
			b->eof = true;
		}
	}
}

/* The next line of f into l; false when l ends the file (end, error, a
 * line cut short or too long). */
static bool
read_one(FILE *f, struct lines *b, struct import_line *l)
{
	const char *text;
	size_t len;
	int r;

	memset(l, 0, sizeof(*l));
	errno = 0;
	if ((r = next_line(f, b, &text, &len)) == -1) {
		l->state = errno == EFBIG ? IMPORT_LINE_TOO_LONG :
		    IMPORT_LINE_READ_ERROR;
		l->errnum = errno != 0 ? errno : EIO;
		return false;
	}
	if (r == 0) {
		l->state = len == 0 ? IMPORT_LINE_END : IMPORT_LINE_CUT;
		return false;
	}
	/* RFC 8259 lets a parser ignore a byte order mark, which some
	 * Windows editors put at a file's start. */
	if (!b->started && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	b->started = true;
	if (len == 1) {
		l->state = IMPORT_LINE_BAD_JSON;
		snprintf(l->err.text, sizeof(l->err.text), "the line is empty: "
		    "each line holds one JSON object");
		l->err.column = 1;
		return false;
	}
	l->o = json_loadb(text, len - 1, JSON_REJECT_DUPLICATES |
	    JSON_ALLOW_NUL, &l->err);
	if (l->o == NULL) {
		l->state = IMPORT_LINE_BAD_JSON;
		return false;
	}
	l->state = IMPORT_LINE_OBJECT;
	if (json_is_object(l->o))
		render_ahead(l);
	return true;
}

/* The thread: reads until the file ends, fails or the writer stops it,
 * waiting while the ring is full. */
static void *
reader(void *arg)
{
	struct import_ahead *ah = arg;
	struct import_line l;
	struct lines b = { 0 };
	bool more = true;

	while (more) {
		more = read_one(ah->f, &b, &l);
		pthread_mutex_lock(&ah->mu);
		while (ah->count == AHEAD && !ah->stop)
			pthread_cond_wait(&ah->cond, &ah->mu);
		if (ah->stop) {
			pthread_mutex_unlock(&ah->mu);
			import_line_free(&l);
			break;
		}
		ah->ring[(ah->first + ah->count++) % AHEAD] = l;
		pthread_cond_broadcast(&ah->cond);
		pthread_mutex_unlock(&ah->mu);
	}
	free(b.buf);
	return NULL;
}

struct import_ahead *
import_ahead_start(FILE *f)
{
	struct import_ahead *ah;

	if ((ah = calloc(1, sizeof(*ah))) == NULL)
		return NULL;
	ah->f = f;
	if (pthread_mutex_init(&ah->mu, NULL) != 0) {
		free(ah);
		return NULL;
	}
	if (pthread_cond_init(&ah->cond, NULL) != 0) {
		pthread_mutex_destroy(&ah->mu);
		free(ah);
		return NULL;
	}
	if (pthread_create(&ah->thread, NULL, reader, ah) != 0) {
		pthread_cond_destroy(&ah->cond);
		pthread_mutex_destroy(&ah->mu);
		free(ah);
		return NULL;
	}
	return ah;
}

void
import_ahead_next(struct import_ahead *ah, struct import_line *l)
{
	pthread_mutex_lock(&ah->mu);
	while (ah->count == 0)
		pthread_cond_wait(&ah->cond, &ah->mu);
	*l = ah->ring[ah->first];
	ah->first = (ah->first + 1) % AHEAD;
	ah->count--;
	pthread_cond_broadcast(&ah->cond);
	pthread_mutex_unlock(&ah->mu);
}

void
import_ahead_stop(struct import_ahead *ah)
{
	if (ah == NULL)
		return;
	pthread_mutex_lock(&ah->mu);
	ah->stop = true;
	pthread_cond_broadcast(&ah->cond);
	pthread_mutex_unlock(&ah->mu);
	pthread_join(ah->thread, NULL);
	for (; ah->count > 0; ah->count--) {
		import_line_free(&ah->ring[ah->first]);
		ah->first = (ah->first + 1) % AHEAD;
	}
	pthread_cond_destroy(&ah->cond);
	pthread_mutex_destroy(&ah->mu);
	free(ah);
}

void
import_line_free(struct import_line *l)
{
	json_decref(l->o);
	free(l->html);
	l->o = NULL;
	l->html = NULL;
	l->md = NULL;
}
