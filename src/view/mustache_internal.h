/* mustache_internal.h: what the Mustache engine's files share (tokens, the
 * node tree, templates, the compiler's state); only view/mustache*.c
 * include it. */
#ifndef WAYPOINT_MUSTACHE_INTERNAL_H
#define WAYPOINT_MUSTACHE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "view/mustache.h"

enum tok_type {
	T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT,
	T_DELIM, T_PARTIAL, T_PARENT, T_BLOCK
};

/* One piece of source: a text run (never past a newline) or a tag. Offsets
 * keep it small: a template of blank lines makes one token per byte. */
struct tok {
	uint32_t	 start;		/* where the token begins */
	uint32_t	 off;		/* text, or the tag's trimmed name */
	uint32_t	 len;
	uint32_t	 end;		/* just past the token */
	uint32_t	 line_start;	/* standalone tags: their line */
	uint32_t	 line_end;
	uint32_t	 line;
	unsigned char	 type;
	bool		 standalone;	/* on a line of blanks and tags only */
	bool		 bol;		/* first token of a line that is kept */
	bool		 dropped;	/* blanks of a standalone line */
};

enum node_type {
	N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT,
	N_BLOCK
};

#define NF_BOL		0x01	/* starts a line: indent before it */
#define NF_STANDALONE	0x02	/* partial, parent or block on its own line */

struct node {
	unsigned char		 type;
	unsigned char		 flags;
	unsigned char		 nllen;
	unsigned short		 nparts;	/* 0 for "." */
	const char		*s;		/* text, or the tag name */
	size_t			 len;
	const char *const	*parts;		/* dotted name, split */
	/* Section body, block content, or a parent's block overrides. */
	const struct node	*kids;
	size_t			 nkids;
	const char		*ind;		/* standalone: indentation */
	size_t			 indlen;
	const char		*nl;		/* block: newline of its line */
	uint64_t		 hash;		/* partial and parent names */
};

struct tpl {
	char			*name;
	size_t			 namelen;
	uint64_t		 hash;
	struct arena		*arena;		/* its nodes and strings */
	const struct node	*kids;
	size_t			 nkids;
};

/* One template being compiled: its tokens, then the lists being built. */
struct comp {
	const char	*label;		/* name or path for messages */
	const char	*src;
	size_t		 len;
	struct tok	*toks;
	size_t		 ntoks;
	size_t		 tokcap;
	size_t		 i;		/* next token to build */
	struct node	*scratch;	/* lists being built, innermost last */
	size_t		 nscratch;
	size_t		 scratchcap;
	struct buf	 text;		/* text gathered for the next node */
	bool		 text_bol;
	bool		 pending_bol;	/* the next node starts a line */
	struct arena	*arena;
	char		*err;
	size_t		 errsize;
};

/* mustache_lex.c */

/* Cuts c->src into c->toks (heap, the caller frees), following
 * set-delimiter tags. Returns 0, or -1 with the message in c->err. */
int	mustache_lex(struct comp *c);

/* Applies the standalone-line rule to c->toks: marks what a line of blanks
 * and non-interpolation tags drops, and the first token of other lines. */
void	mustache_lex_lines(struct comp *c);

/* How many blanks (space, tab) c->src holds from offset off. */
size_t	mustache_lex_blanks(const struct comp *c, size_t off);

/* mustache_compile.c */

/* Writes "LABEL:LINE: message" (printf's fmt) into c->err when there is
 * room. Returns -1, for the caller to pass on. */
int	mustache_compile_error(struct comp *c, unsigned line, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/* Writes "LABEL: out of memory" into c->err when there is room. Returns
 * -1. */
int	mustache_compile_nomem(struct comp *c);

/* Compiles text[0..len] into t's node tree (t->kids), allocated in
 * t->arena, which the caller made. label names the template in messages.
 * Returns 0, or -1 with "LABEL:LINE: message" in err (errsize bytes; err
 * may be NULL); t's arena may then hold a partial tree. */
int	mustache_compile(struct tpl *t, const char *label, const char *text,
	    size_t len, char *err, size_t errsize);

/* mustache.c */

/* The template of set called name[0..len], whose hash64() is h, or NULL.
 * It belongs to the set. */
struct tpl	*mustache_set_find(const struct mustache_set *set,
		    const char *name, size_t len, uint64_t h);

#endif
