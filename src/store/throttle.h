/* throttle.h: the sign-in throttle's failed attempts, as the store keeps
 * them: one row per attempt, forgotten only once older than the window. */
#ifndef WAYPOINT_STORE_THROTTLE_H
#define WAYPOINT_STORE_THROTTLE_H

#include <stdint.h>
#include <time.h>

#include "store/store.h"

/* Failed sign-ins at or after since. With device 0 (an anonymous
 * attempt): *by_user those for the account key username and *by_client
 * those from client, both counting anonymous attempts only. With a
 * device (a devices row id): *by_user those made with that device, and
 * *by_client 0, as a trusted device has its own lock and none other. */
enum store_status store_login_failures(struct store *, const char *username,
		    const char *client, int64_t device, time_t since,
		    int64_t *by_user, int64_t *by_client);

/* A sign-in attempt at now, counted before its password is checked: when
 * the failures at or after since (as store_login_failures counts them)
 * are under max, records the attempt as a failure and sets *id; else sets
 * *id to 0 and records nothing. Counting and recording are one
 * transaction, so parallel attempts cannot all slip under max. Every
 * failure before forget_before goes at the same time, and no other: the
 * table holds at most the attempts of one window (see the README's
 * "Sign-in" for the bound). *by_user and *by_client are the counts
 * found. */
enum store_status store_login_attempt(struct store *, const char *username,
		    const char *client, int64_t device, time_t now,
		    time_t since, int64_t max, time_t forget_before,
		    int64_t *by_user, int64_t *by_client, int64_t *id);

/* Takes back the failure recorded for attempt id, which succeeded. Joins
 * the caller's transaction when one is open. */
enum store_status store_login_attempt_ok(struct store *, int64_t id);

#endif
