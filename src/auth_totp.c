/* auth_totp.c: TOTP codes through liboath (libsodium has no HMAC-SHA-1,
 * and SHA-1 is what every authenticator app reads), keys in base32, the
 * otpauth:// URI of a key, and recovery codes. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "auth_totp.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "view/urls.h"

/* RFC 4648 base32 without padding: the alphabet of keys and codes. */
static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready = -1;

static void
oath_start(void)
{
	oath_ready = oath_init() == OATH_OK && sodium_init() >= 0 ? 0 : -1;
	if (oath_ready == -1)
		log_error("totp: liboath or libsodium cannot initialise");
}

int64_t
auth_totp_step(time_t t)
{
	return (int64_t)t / AUTH_TOTP_STEP;
}

int
auth_totp_code(const unsigned char *key, size_t len, time_t t,
    char out[AUTH_TOTP_DIGITS + 1])
{
	pthread_once(&oath_once, oath_start);
	if (oath_ready == -1)
		return -1;
	/* Flags 0: HMAC-SHA-1, RFC 6238's default. */
	return oath_totp_generate2((const char *)key, len, t, AUTH_TOTP_STEP,
	    0, AUTH_TOTP_DIGITS, 0, out) == OATH_OK ? 0 : -1;
}

/* Decodes len characters of base32 text into out (at most max bytes);
 * the number of bytes, or -1 on a character outside the alphabet. */
static int
b32_decode(const char *in, size_t len, unsigned char *out, size_t max)
{
	uint32_t acc = 0;
	size_t i, n = 0;
	int bits = 0;
	const char *p;

	for (i = 0; i < len; i++) {
		if (in[i] == '\0' || (p = strchr(b32, in[i])) == NULL)
			return -1;
		acc = (acc << 5) | (uint32_t)(p - b32);
		if ((bits += 5) >= 8) {
			if (n == max)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

/* Encodes len bytes as base32 into out (room for len * 8 / 5 + 2). */
static void
b32_encode(const unsigned char *in, size_t len, char *out)
{
	uint32_t acc = 0;
	size_t i;
	int bits = 0;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		for (bits += 8; bits >= 5; bits -= 5)
			*out++ = b32[(acc >> (bits - 5)) & 31];
	}
	if (bits > 0)
		*out++ = b32[(acc << (5 - bits)) & 31];
	*out = '\0';
}

bool
auth_totp_match(const char *key, time_t t, int64_t last_step,
    const char *code, int64_t *step)
{
	unsigned char raw[AUTH_TOTP_KEY_BYTES];
	char typed[AUTH_TOTP_DIGITS + 1], want[AUTH_TOTP_DIGITS + 1];
	int64_t now = auth_totp_step(t), s;
	size_t n = 0;
	int len;
	bool found = false;

	*step = 0;
	/* Apps show "123 456": the space is not part of the code. */
	for (; *code != '\0'; code++) {
		if (*code == ' ')
			continue;
		if (*code < '0' || *code > '9' || n == AUTH_TOTP_DIGITS)
			return false;
		typed[n++] = *code;
	}
	typed[n] = '\0';
	if (n != AUTH_TOTP_DIGITS || (len = b32_decode(key, strlen(key), raw,
	    sizeof(raw))) <= 0)
		return false;
	/* Every step of the window is computed, found or not, so the time
	 * taken does not tell which one matched. */
	for (s = now - AUTH_TOTP_DRIFT; s <= now + AUTH_TOTP_DRIFT; s++) {
		if (auth_totp_code(raw, (size_t)len, (time_t)(s *
		    AUTH_TOTP_STEP), want) == -1)
			break;
		if (sodium_memcmp(want, typed, AUTH_TOTP_DIGITS) == 0 &&
		    s > last_step && !found) {
			found = true;
			*step = s;
		}
	}
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(want, sizeof(want));
	return found;
}

char *
auth_totp_key_new(struct arena *a)
{
	unsigned char raw[AUTH_TOTP_KEY_BYTES];
	char *out = arena_alloc(a, AUTH_TOTP_KEY_LEN + 2);

	if (out == NULL || sodium_init() < 0)
		return NULL;
	randombytes_buf(raw, sizeof(raw));
	b32_encode(raw, sizeof(raw), out);
	sodium_memzero(raw, sizeof(raw));
	return out;
}

char *
auth_totp_key_grouped(struct arena *a, const char *key)
{
	size_t len = strlen(key), i, o = 0;
	char *out = arena_alloc(a, len + len / 4 + 1);

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = key[i];
	}
	out[o] = '\0';
	return out;
}

char *
auth_totp_uri(struct arena *a, const char *issuer, const char *account,
    const char *key)
{
	const char *i = url_encode(a, issuer), *n = url_encode(a, account);

	/* The label is "issuer:account"; the issuer parameter repeats it,
	 * as Google's Key Uri Format asks, for apps that read only one. */
	if (i == NULL || n == NULL)
		return NULL;
	return arena_printf(a, "otpauth://totp/%s:%s?secret=%s&issuer=%s"
	    "&algorithm=SHA1&digits=%d&period=%d", i, n, key, i,
	    AUTH_TOTP_DIGITS, AUTH_TOTP_STEP);
}

void
auth_totp_recovery_hash(int64_t user_id, const char *code,
    unsigned char out[STORE_TOTP_HASH_LEN])
{
	crypto_generichash_state st;
	unsigned char id[8];
	char norm[AUTH_TOTP_RECOVERY_LEN];
	size_t n = 0;
	int i;

	for (; *code != '\0'; code++) {
		if (*code == ' ' || *code == '-')
			continue;
		if (n == sizeof(norm))
			break;
		norm[n++] = *code >= 'a' && *code <= 'z' ?
		    (char)(*code - 'a' + 'A') : *code;
	}
	if (*code != '\0' || n != sizeof(norm)) {
		/* Not a code's length: a hash no stored code has. */
		memset(out, 0, STORE_TOTP_HASH_LEN);
		return;
	}
	/* The account id goes in first: the same code of two accounts
	 * has two hashes. */
	for (i = 0; i < 8; i++)
		id[i] = (unsigned char)((uint64_t)user_id >> (8 * i));
	crypto_generichash_init(&st, NULL, 0, STORE_TOTP_HASH_LEN);
	crypto_generichash_update(&st, id, sizeof(id));
	crypto_generichash_update(&st, (const unsigned char *)norm, n);
	crypto_generichash_final(&st, out, STORE_TOTP_HASH_LEN);
	sodium_memzero(norm, sizeof(norm));
}

int
auth_totp_recovery_new(struct arena *a, int64_t user_id,
    const char *codes[AUTH_TOTP_RECOVERY_N],
    unsigned char hashes[AUTH_TOTP_RECOVERY_N][STORE_TOTP_HASH_LEN])
{
	unsigned char raw[AUTH_TOTP_RECOVERY_LEN * 5 / 8];
	char text[AUTH_TOTP_RECOVERY_LEN + 2], *shown;
	int i, j, o;

	if (sodium_init() < 0)
		return -1;
	for (i = 0; i < AUTH_TOTP_RECOVERY_N; i++) {
		randombytes_buf(raw, sizeof(raw));
		b32_encode(raw, sizeof(raw), text);
		if ((shown = arena_alloc(a, AUTH_TOTP_RECOVERY_LEN +
		    AUTH_TOTP_RECOVERY_LEN / 4)) == NULL)
			return -1;
		for (j = 0, o = 0; j < AUTH_TOTP_RECOVERY_LEN; j++) {
			if (j > 0 && j % 4 == 0)
				shown[o++] = '-';
			shown[o++] = text[j];
		}
		shown[o] = '\0';
		codes[i] = shown;
		auth_totp_recovery_hash(user_id, shown, hashes[i]);
	}
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(text, sizeof(text));
	return 0;
}
