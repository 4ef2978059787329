/* audit.c: the audit log's lines and the flash message, written in the
 * caller's transaction. */
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "auth.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "request.h"
#include "store/user.h"
#include "view/i18n.h"

/* s cut to at most max bytes, never inside a UTF-8 sequence; in the
 * arena. */
static const char *
cut(struct arena *a, const char *s, size_t max)
{
	size_t len = strnlen(s, max + 1);

	if (len <= max)
		return s;
	len = max;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return arena_strndup(a, s, len);
}

enum store_status
audit_flash(struct request *rq, const char *message)
{
	enum store_status st;
	const char *m;

	if (rq->session == NULL || message == NULL)
		return STORE_OK;
	if (rq->db == NULL || (m = cut(rq->arena, message,
	    AUDIT_FLASH_MAX)) == NULL)
		st = STORE_ERROR;
	else
		st = store_session_flash(rq->db, rq->session->user_id,
		    rq->session->csrf_token, m);
	if (st != STORE_OK)
		log_error("audit: flash message not kept");
	return st;
}

/* 10 a minute: room for an office's own mistyped passwords and refused
 * forms, while a flood from anywhere adds at most 11 lines a minute
 * (about 6 million in 400 days; see the README's "Sign-in"). */
#define AUDIT_ANONYMOUS_PER_MINUTE	10
/* 20: each line written deletes at most this many expired ones, twice
 * what it adds at worst (a summary line and its update), so expiry keeps
 * up without one request doing much. */
#define AUDIT_EXPIRE_BATCH		20

enum store_status
audit_add(struct request *rq, const char *username, const char *action,
    const char *detail)
{
	const struct session *s = rq->session;
	enum store_status st;
	const char *who, *what;
	int64_t user_id = 0;

	who = username != NULL ? username : s != NULL ? s->username : "";
	if (s != NULL && (username == NULL ||
	    strcasecmp(username, s->username) == 0))
		user_id = s->user_id;
	what = cut(rq->arena, detail != NULL ? detail : "", AUDIT_DETAIL_MAX);
	if (rq->db == NULL || what == NULL)
		st = STORE_ERROR;
	else if (s == NULL)
		st = store_audit_add_budget(rq->db, rq->now, who, action,
		    what, rq->client, AUDIT_ANONYMOUS_PER_MINUTE);
	else
		st = store_audit_add(rq->db, rq->now, user_id, who, action,
		    what, rq->client);
	/* 0: a configuration not read from a file (tests): keep all. */
	if (st == STORE_OK && rq->cfg != NULL &&
	    rq->cfg->audit_keep_days > 0)
		st = store_audit_expire(rq->db, rq->now -
		    (time_t)rq->cfg->audit_keep_days * 24 * 60 * 60,
		    AUDIT_EXPIRE_BATCH);
	if (st != STORE_OK)
		log_error("audit: line not written: %s %s", action,
		    what != NULL ? what : "");
	return st;
}

enum store_status
audit_commit(struct request *rq, const char *action, const char *detail,
    const char *flash, bool *unrecorded)
{
	enum store_status st;

	*unrecorded = true;
	if ((st = audit_add(rq, NULL, action, detail)) == STORE_OK &&
	    (st = audit_flash(rq, flash)) == STORE_OK) {
		*unrecorded = false;
		st = store_tx_commit(rq->db);
	}
	if (st != STORE_OK)
		store_tx_rollback(rq->db);
	return st;
}

const char *
audit_failure_text(enum store_status st, bool unrecorded)
{
	if (unrecorded)
		return N_("Nothing was saved: the change could not be written "
		    "to the audit log, and no change is kept without its "
		    "record. Your entries are kept below. Please try again, or "
		    "tell the site's administrator.");
	switch (st) {
	case STORE_BUSY:
		return N_("The database is busy. Nothing was saved; your "
		    "entries are kept below. Please try again in a moment.");
	case STORE_READONLY:
		return N_("The database cannot be written just now. Nothing "
		    "was saved; your entries are kept below. Please try again "
		    "later or tell the site's administrator.");
	case STORE_FULL:
		return N_("The database or its disk is full. Nothing was "
		    "saved; your entries are kept below. Please tell the "
		    "site's administrator.");
	default:
		return N_("The database failed. Nothing was saved; your "
		    "entries are kept below. Please tell the site's "
		    "administrator.");
	}
}
