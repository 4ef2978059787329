/* auth_device.c: device cookies (OWASP's "Slow Down Online Guessing
 * Attacks with Device Cookies"): given after a sign-in, checked before
 * one, so that attempts from an account's own browser are counted apart
 * from anonymous ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "auth.h"
#include "auth_internal.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "request.h"
#include "response.h"
#include "store/device.h"

#define DEVICE_COOKIE		"wp_device"
#define DEVICE_COOKIE_SECURE	"__Secure-wp_device"
/* 32 bytes of nonce and of MAC: 43 characters each in base64url. */
#define NONCE_BYTES		32
#define B64_VARIANT		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define B64_LEN			(sodium_base64_ENCODED_LEN(NONCE_BYTES, \
				    B64_VARIANT) - 1)
/* The cookie: NAME "." NONCE "." MAC, NAME an account name. */
#define COOKIE_MAX		(AUTH_USERNAME_MAX + 2 + 2 * B64_LEN)

/* Whether the cookie is Secure (and named __Secure-): reached over TLS,
 * or the site's address is https (TLS ended in front of us). */
static bool
secure(const struct request *rq)
{
	return rq->https || (rq->cfg != NULL &&
	    strncasecmp(rq->cfg->base_url, "https://", 8) == 0);
}

static const char *
cookie_name(const struct request *rq)
{
	return secure(rq) ? DEVICE_COOKIE_SECURE : DEVICE_COOKIE;
}

/* The cookie secret into key; false (logged) when the store fails. */
static bool
secret(struct request *rq, unsigned char key[STORE_DEVICE_KEY_LEN])
{
	unsigned char fresh[STORE_DEVICE_KEY_LEN];
	enum store_status st;

	crypto_auth_hmacsha256_keygen(fresh);
	st = store_device_secret(rq->db, fresh, key);
	sodium_memzero(fresh, sizeof(fresh));
	if (st != STORE_OK)
		log_error("auth: device cookie secret not read");
	return st == STORE_OK;
}

/* The MAC of "NAME.NONCE" (len bytes of text) as base64url into out. */
static void
mac_text(const unsigned char key[STORE_DEVICE_KEY_LEN], const char *text,
    size_t len, char out[B64_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)text, len, key);
	sodium_bin2base64(out, B64_LEN + 1, mac, sizeof(mac), B64_VARIANT);
}

/* The hash the store keeps of a nonce (its base64url text). */
static void
nonce_hash(const char *nonce, unsigned char hash[STORE_DEVICE_KEY_LEN])
{
	crypto_generichash(hash, STORE_DEVICE_KEY_LEN,
	    (const unsigned char *)nonce, B64_LEN, NULL, 0);
}

int64_t
auth_device_of(struct request *rq, const char *username)
{
	const char *c = request_cookie(rq, cookie_name(rq));
	const char *dot1, *dot2;
	unsigned char key[STORE_DEVICE_KEY_LEN], hash[STORE_DEVICE_KEY_LEN];
	char want[B64_LEN + 1];
	int64_t id = 0;
	bool ok;

	/* Read from the right: a name may hold dots, base64url none. */
	if (c == NULL || strnlen(c, COOKIE_MAX + 1) > COOKIE_MAX ||
	    (dot2 = strrchr(c, '.')) == NULL ||
	    strlen(dot2 + 1) != B64_LEN ||
	    (size_t)(dot2 - c) < B64_LEN + 2 ||
	    *(dot1 = dot2 - B64_LEN - 1) != '.' ||
	    strlen(username) != (size_t)(dot1 - c) ||
	    strncasecmp(c, username, (size_t)(dot1 - c)) != 0)
		return 0;
	/* A forged or stale cookie costs one HMAC, not a lookup. */
	if (!secret(rq, key))
		return 0;
	mac_text(key, c, (size_t)(dot2 - c), want);
	sodium_memzero(key, sizeof(key));
	ok = sodium_memcmp(want, dot2 + 1, B64_LEN) == 0;
	if (!ok)
		return 0;
	nonce_hash(dot1 + 1, hash);
	if (store_device_find(rq->db, hash, username, rq->now -
	    AUTH_DEVICE_AGE, &id) != STORE_OK)
		return 0;
	return id;
}

/* A new random nonce (base64url) into nonce, and the hash the store
 * keeps of it into hash. */
static void
new_nonce(char nonce[B64_LEN + 1], unsigned char hash[STORE_DEVICE_KEY_LEN])
{
	unsigned char raw[NONCE_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(nonce, B64_LEN + 1, raw, sizeof(raw), B64_VARIANT);
	sodium_memzero(raw, sizeof(raw));
	nonce_hash(nonce, hash);
}

/* The cookie value "NAME.NONCE.MAC" for account name; NULL when out of
 * memory or the secret cannot be read. */
static const char *
signed_value(struct request *rq, const char *name, const char *nonce)
{
	unsigned char key[STORE_DEVICE_KEY_LEN];
	char mac[B64_LEN + 1];
	const char *value;

	if (!secret(rq, key))
		return NULL;
	value = arena_printf(rq->arena, "%s.%s", name, nonce);
	if (value != NULL)
		mac_text(key, value, strlen(value), mac);
	sodium_memzero(key, sizeof(key));
	return value == NULL ? NULL : arena_printf(rq->arena, "%s.%s", value,
	    mac);
}

/* Sets the device cookie to value for AUTH_DEVICE_AGE; -1 when out of
 * memory. */
static int
set_cookie(struct request *rq, struct response *rs, const char *value)
{
	const char *header = arena_printf(rq->arena, "%s=%s; Path=/admin; "
	    "Max-Age=%ld; HttpOnly; SameSite=Strict%s", cookie_name(rq),
	    value, (long)AUTH_DEVICE_AGE, secure(rq) ? "; Secure" : "");

	return header == NULL ? -1 : response_header(rs, "Set-Cookie", header);
}

enum store_status
auth_device_keep(struct request *rq, struct response *rs, int64_t user_id,
    const char *name, int64_t device)
{
	unsigned char hash[STORE_DEVICE_KEY_LEN];
	char nonce[B64_LEN + 1];
	const char *value;
	enum store_status st;

	if (device > 0) {
		/* The same cookie again, for another year. */
		if ((st = store_device_used(rq->db, device, rq->now)) !=
		    STORE_OK)
			return st;
		value = request_cookie(rq, cookie_name(rq));
	} else {
		new_nonce(nonce, hash);
		if ((value = signed_value(rq, name, nonce)) == NULL)
			return STORE_ERROR;
		if ((st = store_device_add(rq->db, user_id, hash, rq->now,
		    rq->now - AUTH_DEVICE_AGE, AUTH_DEVICES_MAX)) != STORE_OK)
			return st;
	}
	if (value == NULL || set_cookie(rq, rs, value) == -1)
		return STORE_ERROR;
	return STORE_OK;
}

/* The MAC of a ticket's "ID.EXPIRY" text, kept apart from cookies' MACs
 * by its prefix. */
static bool
ticket_mac(struct request *rq, const char *text, char out[B64_LEN + 1])
{
	unsigned char key[STORE_DEVICE_KEY_LEN];
	const char *msg = arena_printf(rq->arena, "ticket.%s", text);

	if (msg == NULL || !secret(rq, key))
		return false;
	mac_text(key, msg, strlen(msg), out);
	sodium_memzero(key, sizeof(key));
	return true;
}

const char *
auth_device_ticket(struct request *rq, int64_t device)
{
	char mac[B64_LEN + 1];
	const char *text = arena_printf(rq->arena, "%lld.%lld",
	    (long long)device, (long long)(rq->now + AUTH_TICKET_AGE));

	if (text == NULL || !ticket_mac(rq, text, mac))
		return NULL;
	return arena_printf(rq->arena, "%s.%s", text, mac);
}

void
auth_device_restore(struct request *rq, struct response *rs,
    const char *ticket)
{
	unsigned char hash[STORE_DEVICE_KEY_LEN];
	char mac[B64_LEN + 1], nonce[B64_LEN + 1], *end;
	const char *dot, *text, *name, *value;
	long long id, expiry;

	/* "ID.EXPIRY.MAC": two decimal numbers, then the MAC. */
	if (strnlen(ticket, 64 + B64_LEN) >= 64 + B64_LEN ||
	    (dot = strrchr(ticket, '.')) == NULL ||
	    strlen(dot + 1) != B64_LEN)
		return;
	id = strtoll(ticket, &end, 10);
	if (end == ticket || *end != '.' || id <= 0)
		return;
	expiry = strtoll(end + 1, &end, 10);
	if (end != dot || expiry < (long long)rq->now ||
	    expiry > (long long)rq->now + AUTH_TICKET_AGE)
		return;
	if ((text = arena_strndup(rq->arena, ticket,
	    (size_t)(dot - ticket))) == NULL || !ticket_mac(rq, text, mac) ||
	    sodium_memcmp(mac, dot + 1, B64_LEN) != 0)
		return;
	/* A new nonce each time: of a ticket used twice, only the last
	 * cookie holds. */
	new_nonce(nonce, hash);
	if (store_device_rekey(rq->db, rq->arena, id, hash, rq->now,
	    rq->now - AUTH_DEVICE_AGE, &name) != STORE_OK ||
	    (value = signed_value(rq, name, nonce)) == NULL ||
	    set_cookie(rq, rs, value) == -1)
		log_error("auth: device cookie not given back after sign-out");
}
