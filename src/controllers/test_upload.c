/* test_upload.c: tests only ([test] upload_route): a streamed multipart
 * upload, answered with what each part held. */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "auth.h"
#include "controllers/controllers.h"
#include "multipart.h"
#include "request.h"
#include "response.h"

/* 64 KiB: the piece read at a time, so what a request holds in memory
 * whatever the size of the upload. */
#define UPLOAD_READ	(64 * 1024)
/* 64: longer than any CSRF token (43 characters); a longer one is wrong. */
#define UPLOAD_TOKEN_MAX	64

struct upload {
	struct request			*rq;
	json_t				*parts;
	json_t				*part;	/* the one being read */
	crypto_hash_sha256_state	 sha;
	size_t				 size;
	/* The first part is the form's csrf_token: nothing after it is
	 * read until it matched. */
	char				 token[UPLOAD_TOKEN_MAX + 1];
	size_t				 token_len;
	bool				 in_token, token_ok;
};

static int
upload_begin(void *ctx, const struct multipart_part *p)
{
	struct upload *u = ctx;

	if (!u->token_ok) {
		u->in_token = strcmp(p->name, "csrf_token") == 0 &&
		    p->filename == NULL;
		return u->in_token ? 0 : -1;
	}
	if ((u->part = json_object()) == NULL ||
	    json_array_append_new(u->parts, u->part) == -1)
		return -1;
	model_set(u->part, "name", p->name);
	if (p->filename != NULL)
		model_set(u->part, "filename", p->filename);
	model_set(u->part, "type", p->type);
	u->size = 0;
	return crypto_hash_sha256_init(&u->sha);
}

static int
upload_data(void *ctx, const char *p, size_t len)
{
	struct upload *u = ctx;

	if (u->in_token) {
		if (len > UPLOAD_TOKEN_MAX - u->token_len)
			return -1;
		memcpy(u->token + u->token_len, p, len);
		u->token_len += len;
		return 0;
	}
	u->size += len;
	return crypto_hash_sha256_update(&u->sha, (const unsigned char *)p,
	    len);
}

static int
upload_end(void *ctx)
{
	struct upload *u = ctx;
	unsigned char sum[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	if (u->in_token) {
		u->token[u->token_len] = '\0';
		u->in_token = false;
		u->token_ok = auth_csrf_token_ok(u->rq, u->token);
		return u->token_ok ? 0 : -1;
	}
	if (crypto_hash_sha256_final(&u->sha, sum) != 0)
		return -1;
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	json_object_set_new(u->part, "size", json_integer((json_int_t)u->size));
	model_set(u->part, "sha256", hex);
	return 0;
}

static const struct multipart_callbacks upload_callbacks = {
	upload_begin, upload_data, upload_end,
};

/*
 * POST /admin/test/upload (admins; a stream route): reads the
 * multipart/form-data body a piece at a time and answers, as JSON, each
 * part's name, file name, type, size and SHA-256, so that the tests can
 * check what went through each transport. Its first part must be the
 * session's csrf_token, as a media upload's will be (403 when it is not).
 * A malformed body is a 400 saying what was wrong.
 */
int
test_upload(struct request *rq, struct response *rs)
{
	struct multipart mp;
	struct upload u = { .rq = rq };
	enum multipart_status st;
	ssize_t n = 0;
	char *buf = NULL, *text;
	int status = 500;

	if ((u.parts = json_array()) == NULL ||
	    (buf = malloc(UPLOAD_READ)) == NULL)
		goto out;
	st = multipart_init(&mp, request_header(rq, "content-type"),
	    &upload_callbacks, &u);
	while (st == MULTIPART_OK &&
	    (n = request_body_read(rq, buf, UPLOAD_READ)) > 0)
		st = multipart_feed(&mp, buf, (size_t)n);
	if (n == -1)
		goto out;
	if (st == MULTIPART_OK)
		st = multipart_finish(&mp);
	if (!u.token_ok && (st == MULTIPART_STOPPED || st == MULTIPART_OK)) {
		/* A well-formed body whose token is missing, misplaced or
		 * wrong. */
		status = 403;
		goto out;
	}
	if (st == MULTIPART_STOPPED)
		goto out;
	if (st != MULTIPART_OK) {
		buf_printf(&rs->body, "400 Bad request: %s\n",
		    multipart_strerror(st));
		response_set_header(rs, "Content-Type",
		    "text/plain; charset=utf-8");
		status = 400;
		goto out;
	}
	if ((text = json_dumps(u.parts, JSON_COMPACT)) == NULL)
		goto out;
	buf_adds(&rs->body, text);
	buf_addc(&rs->body, '\n');
	free(text);
	response_set_header(rs, "Content-Type", "application/json");
	status = 200;
out:
	free(buf);
	json_decref(u.parts);
	return status;
}
