/* bare_answer.c: an HTTP answer read from a file, for the bare responders
 * of the bench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bare_answer.h"

int
bare_answer_load(const char *path, struct bare_answer *a)
{
	FILE *f;
	long size;
	char *end;

	memset(a, 0, sizeof(*a));
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (a->text = malloc((size_t)size + 1)) == NULL ||
	    fread(a->text, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "bare: cannot read %s\n", path);
		if (f != NULL)
			fclose(f);
		free(a->text);
		return -1;
	}
	fclose(f);
	a->text[size] = '\0';
	if (strncmp(a->text, "HTTP/1.", 7) != 0 ||
	    (a->headers = strstr(a->text, "\r\n")) == NULL ||
	    (end = strstr(a->headers, "\r\n\r\n")) == NULL) {
		fprintf(stderr, "bare: %s is no HTTP answer\n", path);
		free(a->text);
		return -1;
	}
	a->status = atoi(a->text + 9);
	a->headers += 2;
	a->headers_len = (size_t)(end + 2 - a->headers);
	a->body = end + 4;
	a->body_len = (size_t)(a->text + size - a->body);
	return 0;
}

int
bare_answer_headers(struct bare_answer *a,
    int (*add)(void *, const char *, const char *), void *cls)
{
	static const char *const framing[] = { "Date", "Connection",
	    "Keep-Alive", "Content-Length", "Transfer-Encoding" };
	char *line = a->headers, *eol, *value;
	size_t i;

	for (; line < a->headers + a->headers_len; line = eol + 2) {
		eol = strstr(line, "\r\n");
		*eol = '\0';
		if ((value = strchr(line, ':')) == NULL)
			continue;
		*value++ = '\0';
		value += strspn(value, " ");
		for (i = 0; i < sizeof(framing) / sizeof(framing[0]); i++)
			if (strcasecmp(line, framing[i]) == 0)
				break;
		if (i == sizeof(framing) / sizeof(framing[0]) &&
		    !add(cls, line, value))
			return -1;
	}
	return 0;
}

void
bare_answer_free(struct bare_answer *a)
{
	free(a->text);
	a->text = NULL;
}
