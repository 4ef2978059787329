/* audit.h: what a change leaves behind: its line in the audit log and the
 * flash message the editor sees next. Both join the caller's transaction,
 * so a change and its record commit together or not at all. */
#ifndef WAYPOINT_AUDIT_H
#define WAYPOINT_AUDIT_H

#include <stdbool.h>

#include "store/store.h"

struct request;

#define AUDIT_FLASH_MAX		500	/* bytes: one sentence or two */
#define AUDIT_DETAIL_MAX	1000	/* bytes of an audit line's detail */

/* Appends a line to the audit log: who (rq->session, or username when
 * given, for a sign-in: printable text the caller has cleaned), action
 * ("sign-in", "sign-in failed", "csrf refused", "role refused", "create",
 * "edit", "publish", "unpublish", "delete", "restore", "menu", "account",
 * "device forgotten"), detail (what; cut to AUDIT_DETAIL_MAX bytes). A
 * request without a session has a budget of lines a minute, past which
 * they are counted in a summary line (store_audit_add_budget). Lines
 * older than [audit] keep_days go a few at a time as lines are added.
 * Returns STORE_OK, or the store's failure (logged): the caller rolls its
 * change back then. */
enum store_status audit_add(struct request *rq, const char *username,
		    const char *action, const char *detail);

/* Leaves a message (cut to AUDIT_FLASH_MAX bytes) for the next page the
 * session shows. STORE_OK (also when there is no session), or the
 * store's failure (logged). */
enum store_status audit_flash(struct request *rq, const char *message);

/* Ends a change made in the transaction the caller began: writes its
 * audit line (action and detail, as audit_add) and its flash message
 * (NULL: none), then commits. STORE_OK when all of it is kept; else the
 * failure, with everything rolled back, and *unrecorded true when the
 * audit line or the flash could not be written (false: the commit
 * failed). */
enum store_status audit_commit(struct request *rq, const char *action,
		    const char *detail, const char *flash, bool *unrecorded);

/* The message for an editor whose change audit_commit refused (st, and
 * unrecorded as it set it): nothing was saved, and why. An msgid, to
 * translate with T(). */
const char	*audit_failure_text(enum store_status st, bool unrecorded);

#endif
