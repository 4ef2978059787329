/* audit.h: what a change leaves behind: its line in the audit log and the
 * flash message the editor sees next. Both join the caller's transaction,
 * so a change and its record commit together or not at all. */
#ifndef WAYPOINT_AUDIT_H
#define WAYPOINT_AUDIT_H

#include "store/store.h"

struct request;

#define AUDIT_FLASH_MAX		500	/* bytes: one sentence or two */
#define AUDIT_DETAIL_MAX	1000	/* bytes of an audit line's detail */

/* Appends a line to the audit log: who (rq->session, or username when
 * given, for a sign-in: printable text the caller has cleaned), action
 * ("sign-in", "sign-in failed", "create", "edit", "publish", "unpublish",
 * "delete", "restore", "menu", "account"), detail (what; cut to
 * AUDIT_DETAIL_MAX bytes). Returns STORE_OK, or the store's failure
 * (logged): the caller rolls its change back then. */
enum store_status audit_add(struct request *rq, const char *username,
		    const char *action, const char *detail);

/* Leaves a message (cut to AUDIT_FLASH_MAX bytes) for the next page the
 * session shows. STORE_OK (also when there is no session), or the
 * store's failure (logged). */
enum store_status audit_flash(struct request *rq, const char *message);

#endif
