/* device.h: the browsers an account signed in from (device cookies) and
 * the secret that signs their cookies, as the store keeps them. */
#ifndef WAYPOINT_STORE_DEVICE_H
#define WAYPOINT_STORE_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"

struct arena;

/* 32: the bytes of the cookie secret and of a nonce's hash. */
#define STORE_DEVICE_KEY_LEN	32

struct device {
	int64_t		 id;
	time_t		 created_at;
	time_t		 last_used;
};

/* The secret that signs device cookies, into key: the stored one, or
 * fresh (32 random bytes from the caller) stored first when there is none
 * yet. */
enum store_status store_device_secret(struct store *,
		    const unsigned char fresh[STORE_DEVICE_KEY_LEN],
		    unsigned char key[STORE_DEVICE_KEY_LEN]);

/* The id of the device whose nonce hashes to hash, when it belongs to the
 * account called username (case-insensitive) and was used at or after
 * used_since; else STORE_NOTFOUND. */
enum store_status store_device_find(struct store *,
		    const unsigned char hash[STORE_DEVICE_KEY_LEN],
		    const char *username, time_t used_since, int64_t *id);

/* Adds a device of user_id, created and used at now. In the same
 * transaction (the caller's when one is open), deletes the account's
 * devices unused since used_since and all but its keep most recently
 * used, so an account's list stays short. */
enum store_status store_device_add(struct store *, int64_t user_id,
		    const unsigned char hash[STORE_DEVICE_KEY_LEN], time_t now,
		    time_t used_since, int64_t keep);

/* Marks device id used at now. Joins the caller's transaction. */
enum store_status store_device_used(struct store *, int64_t id, time_t now);

/* Gives device id (used at or after used_since) the nonce hash hash,
 * marking it used at now, and its account's name into *name (in arena
 * a); STORE_NOTFOUND when there is no such device. One statement. */
enum store_status store_device_rekey(struct store *, struct arena *a,
		    int64_t id, const unsigned char hash[STORE_DEVICE_KEY_LEN],
		    time_t now, time_t used_since, const char **name);

/* The devices of user_id, most recently used first (at most max), in
 * arena a. */
enum store_status store_device_list(struct store *, struct arena *a,
		    int64_t user_id, size_t max, struct device **items,
		    size_t *n);

/* Forgets (revokes) device id of user_id; STORE_NOTFOUND when the
 * account has no such device. Joins the caller's transaction. */
enum store_status store_device_forget(struct store *, int64_t user_id,
		    int64_t id);

#endif
