/* auth_password.c: password hashing and checking (argon2id, at most two at
 * once, an unknown user checked against a dummy hash) and the rules of a
 * new password (length, text, not only spaces, not a common one). */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "auth_internal.h"
#include "common_passwords.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "view/i18n.h"

/* 2: each hash takes 64 MiB and a core for ~50 ms (PITFALLS.md). */
#define HASHES_AT_ONCE	2
/* 32 bytes: the dummy hash's password, random and never known. */
#define DUMMY_BYTES	32

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result = -1;
static sem_t hashing;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void
init(void)
{
	unsigned char pw[DUMMY_BYTES];

	if (sodium_init() < 0) {
		log_error("libsodium: cannot initialise");
		return;
	}
	if (sem_init(&hashing, 0, HASHES_AT_ONCE) == -1) {
		log_error("auth: semaphore: %s", strerror(errno));
		return;
	}
	/* A hash of a password nobody knows, made with the same limits as
	 * real ones, so checking against it takes the same time. */
	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_error("auth: cannot hash (out of memory?)");
		return;
	}
	sodium_memzero(pw, sizeof(pw));
	init_result = 0;
}

int
auth_init(void)
{
	pthread_once(&init_once, init);
	return init_result;
}

static void
hashing_enter(void)
{
	while (sem_wait(&hashing) == -1 && errno == EINTR)
		;
}

static void
hashing_leave(void)
{
	sem_post(&hashing);
}

char *
auth_hash_password(const char *password)
{
	char out[crypto_pwhash_STRBYTES];
	size_t len = strlen(password);
	int rc;

	if (auth_init() == -1 || len > AUTH_PASSWORD_MAX)
		return NULL;
	hashing_enter();
	rc = crypto_pwhash_str(out, password, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hashing_leave();
	if (rc != 0) {
		log_error("auth: cannot hash (out of memory?)");
		return NULL;
	}
	return strdup(out);
}

bool
auth_verify_password(const char *hash, const char *password)
{
	size_t len = strlen(password);
	int rc;

	if (auth_init() == -1 || len > AUTH_PASSWORD_MAX)
		return false;
	hashing_enter();
	rc = crypto_pwhash_str_verify(hash != NULL ? hash : dummy_hash,
	    password, len);
	hashing_leave();
	return rc == 0 && hash != NULL;
}

/* Whether a and b (b lower-case) are equal with a's ASCII letters taken
 * as lower-case: <0, 0 or >0 as strcmp. */
static int
lower_cmp(const char *a, const char *b)
{
	unsigned char ca, cb;

	do {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
	} while (ca == cb && ca != '\0');
	return ca - cb;
}

bool
auth_password_common(const char *password)
{
	size_t lo = 0, hi = common_passwords_n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = lower_cmp(password, common_passwords[mid])) == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

const char *
auth_password_problem(const char *password)
{
	size_t chars = 0, len, i, n;
	uint32_t cp;
	bool spaces = true;

	if (password == NULL || *password == '\0')
		return N_("Enter a password.");
	if ((len = strlen(password)) > AUTH_PASSWORD_MAX)
		return N_("Use a password of at most 1,024 bytes.");
	for (i = 0; i < len; i += n, chars++) {
		if ((n = utf8_next(password + i, len - i, &cp)) == 0)
			return N_("The password holds bytes that are not UTF-8 "
			    "text.");
		if (utf8_is_control(cp))
			return N_("The password may not hold control "
			    "characters (tabs, line breaks ...).");
		spaces = spaces && utf8_is_space(cp);
	}
	if (chars < AUTH_PASSWORD_MIN)
		return N_("Use a password of at least 12 characters.");
	if (spaces)
		return N_("Use a password that is not only spaces.");
	if (auth_password_common(password))
		return N_("This password is one of the most common ones, the "
		    "first an attacker tries. Choose another.");
	return NULL;
}
