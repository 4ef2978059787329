/* api_json.c: view models as the JSON API's answers: fields picked by a
 * table, site paths made absolute, the answer written as JSON. */
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "view/api_json.h"
#include "view/urls.h"

const char *
api_json_url(const struct api_ctx *c, const char *path)
{
	if (path == NULL)
		return NULL;
	/* "//host/x" is another site's, as is "https://…": kept as they
	 * are, never glued to ours. */
	if (path[0] != '/' || path[1] == '/' || path[1] == '\\')
		return arena_strdup(c->arena, path);
	return url_absolute(c->arena, c->base_url, path);
}

/* A string value, or json null when s is NULL. */
static json_t *
string_or_null(const char *s)
{
	json_t *v = s != NULL ? json_string(s) : NULL;

	return v != NULL ? v : json_null();
}

/* The answer's value of field f of table fields from v, the model's
 * (NULL: missing); NULL when out of memory. */
static json_t *
value(const struct api_ctx *c, const struct api_field *fields,
    const struct api_field *f, const json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	switch (f->kind) {
	case API_URL:
		if (s == NULL || *s == '\0')
			return json_null();
		return (s = api_json_url(c, s)) != NULL ? json_string(s) :
		    NULL;
	case API_LANG:
		if (s == NULL)
			return json_null();
		return json_string(*s != '\0' ? s : c->lang);
	case API_BOOL:
		return json_is_boolean(v) ? json_boolean(json_is_true(v)) :
		    json_null();
	case API_INT:
		return json_is_integer(v) ?
		    json_integer(json_integer_value(v)) : json_null();
	case API_PARTS:
		return json_is_array(v) ? json_deep_copy(v) : json_null();
	case API_TREE:
		return json_is_array(v) ? api_json_pick_all(c, v, fields) :
		    json_null();
	default:
		return string_or_null(s);
	}
}

json_t *
api_json_pick(const struct api_ctx *c, const json_t *model,
    const struct api_field *fields)
{
	const struct api_field *f;
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	for (f = fields; f->model != NULL; f++)
		/* json_object_get takes a non-const object but only reads
		 * it. */
		if (json_object_set_new(o, f->api, value(c, fields, f,
		    json_object_get((json_t *)model, f->model))) == -1) {
			json_decref(o);
			return NULL;
		}
	return o;
}

json_t *
api_json_pick_all(const struct api_ctx *c, const json_t *array,
    const struct api_field *fields)
{
	json_t *out = json_array();
	size_t i, n = json_is_array(array) ? json_array_size(array) : 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (json_array_append_new(out, api_json_pick(c,
		    json_array_get(array, i), fields)) == -1) {
			json_decref(out);
			return NULL;
		}
	return out;
}

/* json_dump_callback's writer: appends to the buf in data. */
static int
to_buf(const char *s, size_t len, void *data)
{
	return buf_add(data, s, len);
}

int
api_json_write(struct buf *b, const json_t *answer)
{
	/* Compact and in the model's order (jansson keeps insertion
	 * order); UTF-8 as it is, which JSON's own encoding is. */
	if (answer == NULL || json_dump_callback(answer, to_buf, b,
	    JSON_COMPACT) == -1 || buf_addc(b, '\n') == -1) {
		b->failed = true;
		return -1;
	}
	return 0;
}

int
api_json_error(struct buf *b, int status, const char *message)
{
	json_t *o = json_pack("{s:{s:i,s:s}}", "error", "status", status,
	    "message", message != NULL ? message : "");
	int ret = api_json_write(b, o);

	json_decref(o);
	return ret;
}
