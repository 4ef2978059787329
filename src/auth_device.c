/* auth_device.c: device cookies (OWASP's "Slow Down Online Guessing
 * Attacks with Device Cookies"): given after a sign-in, checked before
 * one, so that attempts from an account's own browser are counted apart
 * from anonymous ones. */
#include <stdio.h>
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

	if (c == NULL || strnlen(c, COOKIE_MAX + 1) > COOKIE_MAX ||
	    (dot1 = strchr(c, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL ||
	    (size_t)(dot2 - dot1 - 1) != B64_LEN ||
	    strlen(dot2 + 1) != B64_LEN ||
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

enum store_status
auth_device_keep(struct request *rq, struct response *rs, int64_t user_id,
    const char *name, int64_t device)
{
	unsigned char key[STORE_DEVICE_KEY_LEN], hash[STORE_DEVICE_KEY_LEN];
	unsigned char raw[NONCE_BYTES];
	char nonce[B64_LEN + 1], mac[B64_LEN + 1];
	const char *value, *header;
	enum store_status st;

	if (device > 0) {
		/* The same cookie again, for another year. */
		if ((st = store_device_used(rq->db, device, rq->now)) !=
		    STORE_OK)
			return st;
		value = request_cookie(rq, cookie_name(rq));
	} else {
		if (!secret(rq, key))
			return STORE_ERROR;
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(nonce, sizeof(nonce), raw, sizeof(raw),
		    B64_VARIANT);
		sodium_memzero(raw, sizeof(raw));
		nonce_hash(nonce, hash);
		value = arena_printf(rq->arena, "%s.%s", name, nonce);
		if (value != NULL)
			mac_text(key, value, strlen(value), mac);
		sodium_memzero(key, sizeof(key));
		if (value == NULL || (value = arena_printf(rq->arena,
		    "%s.%s", value, mac)) == NULL)
			return STORE_ERROR;
		if ((st = store_device_add(rq->db, user_id, hash, rq->now,
		    rq->now - AUTH_DEVICE_AGE, AUTH_DEVICES_MAX)) != STORE_OK)
			return st;
	}
	header = arena_printf(rq->arena, "%s=%s; Path=/admin; Max-Age=%ld; "
	    "HttpOnly; SameSite=Strict%s", cookie_name(rq), value,
	    (long)AUTH_DEVICE_AGE, secure(rq) ? "; Secure" : "");
	if (value == NULL || header == NULL ||
	    response_header(rs, "Set-Cookie", header) == -1)
		return STORE_ERROR;
	return STORE_OK;
}
