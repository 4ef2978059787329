/* admin_content_fields.c: a kind's own fields (content_fields.h) in the
 * editor: their models in the form, with their messages, and as text on
 * the pages of a conflict and of a revision. */
#include <string.h>

#include "content_fields.h"
#include "controllers/admin_content.h"
#include "controllers/controllers.h"
#include "lib/arena.h"
#include "request.h"
#include "store/admin_lists.h"
#include "view/i18n.h"

/* The parts of a document row as the form labels them. */
static const char *const doc_labels[CONTENT_DOC_PARTS] = {
	N_("Title"), N_("Address (URL)"), N_("Language code")
};

json_t *
admin_content_field_model(struct arena *a, const struct form *f,
    const char *name, const char *label, bool errors)
{
	const char *msg = errors ? form_message(f, name, label) : NULL;
	json_t *o = json_object();

	model_set(o, "name", name);
	model_set(o, "value", form_shown(f, name));
	if (msg != NULL)
		model_set(o, "message", msg);
	else
		json_object_set_new(o, "message", json_false());
	json_object_set_new(o, "invalid", json_boolean(msg != NULL));
	model_set(o, "describedby", msg != NULL ? arena_printf(a,
	    "f-%s-hint f-%s-error", name, name) : arena_printf(a,
	    "f-%s-hint", name));
	return o;
}

int
admin_content_error_item(struct request *rq, const struct form *f,
    const char *name, const char *label, json_t *list)
{
	const char *msg = form_error(f, name);
	json_t *o;

	if (msg == NULL)
		return 0;
	/* In the list at the top a whole sentence needs its field. */
	msg = !form_sentence(msg) ? form_message(f, name, label) :
	    arena_printf(rq->arena, T(rq->lang, "%s: %s"), label, msg);
	o = json_object();
	model_set(o, "href", arena_printf(rq->arena, "#f-%s", name));
	model_set(o, "text", msg);
	json_array_append_new(list, o);
	return 1;
}

/* The options of a choice, the one the form holds selected. */
static json_t *
options_model(struct request *rq, const struct form *f,
    const struct content_field *cf)
{
	const char *shown = form_shown(f, cf->form.name);
	json_t *list = json_array(), *o;
	size_t i;

	bool found = false;

	for (i = 0; list != NULL && cf->choices[i] != NULL; i++) {
		o = json_object();
		model_set(o, "value", cf->choices[i]);
		model_set(o, "label", T(rq->lang, cf->choice_labels[i]));
		json_object_set_new(o, "selected",
		    json_boolean(strcmp(shown, cf->choices[i]) == 0));
		json_array_append_new(list, o);
		found = found || strcmp(shown, cf->choices[i]) == 0;
	}
	/* A value the form never offered (sent by hand) comes back as it
	 * was sent, beside its message, like any field's text. */
	if (list != NULL && !found && *shown != '\0') {
		o = json_object();
		model_set(o, "value", shown);
		model_set(o, "label", shown);
		json_object_set_new(o, "selected", json_true());
		json_array_append_new(list, o);
	}
	return list;
}

/* The donors already named, for the editor to pick from; an empty list
 * when they cannot be read (the form still works). */
static json_t *
known_names_model(struct request *rq)
{
	const char **names;
	json_t *list = json_array();
	size_t n, i;

	if (store_admin_donors(rq->db, rq->arena, &names, &n) != STORE_OK)
		return list;
	for (i = 0; list != NULL && i < n; i++)
		json_array_append_new(list, json_string(names[i]));
	return list;
}

/* The label of part of document row r, as its message and the list of
 * problems name it ("Document 2: Address (URL)"). */
static const char *
doc_label(struct request *rq, size_t r, enum content_doc_part part)
{
	return arena_printf(rq->arena, T(rq->lang, "Document %zu: %s"),
	    r + 1, T(rq->lang, doc_labels[part]));
}

/* The document rows of the form, each part a field model. */
static json_t *
documents_model(struct request *rq, const struct form *f, bool errors,
    json_t *problems, size_t *nerr)
{
	json_t *rows = json_array(), *row, *part;
	const char *name, *label;
	size_t r, p;

	for (r = 0; rows != NULL && r < CONTENT_DOC_ROWS; r++) {
		row = json_object();
		json_object_set_new(row, "number", json_integer(
		    (json_int_t)r + 1));
		for (p = 0; p < CONTENT_DOC_PARTS; p++) {
			name = content_doc_field(r, p);
			label = doc_label(rq, r, p);
			part = admin_content_field_model(rq->arena, f, name,
			    label, errors);
			model_set(part, "label", label);
			json_object_set_new(row, content_doc_keys[p], part);
			if (errors)
				*nerr += (size_t)admin_content_error_item(rq, f,
				    name, label, problems);
		}
		json_array_append_new(rows, row);
	}
	return rows;
}

json_t *
admin_content_own_model(struct request *rq, const struct submission *sub,
    bool errors, json_t *problems, size_t *nerr)
{
	const struct content_field *cf;
	const struct form *f = &sub->f;
	const char *label;
	json_t *list = json_array(), *o, *names;
	size_t n, i;

	cf = content_fields(sub->k->kind, &n);
	for (i = 0; list != NULL && i < n; i++) {
		label = T(rq->lang, cf[i].label);
		o = admin_content_field_model(rq->arena, f, cf[i].form.name,
		    label, errors && cf[i].type != CONTENT_FIELD_DOCUMENTS);
		model_set(o, "label", label);
		model_set(o, "hint", T(rq->lang, cf[i].hint));
		json_object_set_new(o, "required",
		    json_boolean(cf[i].form.flags & FIELD_REQUIRED));
		if (cf[i].form.max > 0)
			json_object_set_new(o, "max",
			    json_integer((json_int_t)cf[i].form.max));
		else
			json_object_set_new(o, "max", json_false());
		switch (cf[i].type) {
		case CONTENT_FIELD_TEXT:
			json_object_set_new(o, "is_text", json_true());
			break;
		case CONTENT_FIELD_MONEY:
			json_object_set_new(o, "is_money", json_true());
			break;
		case CONTENT_FIELD_MULTILINE:
			json_object_set_new(o, "is_multiline", json_true());
			break;
		case CONTENT_FIELD_DATE:
			json_object_set_new(o, "is_date", json_true());
			break;
		case CONTENT_FIELD_TIME:
			json_object_set_new(o, "is_time", json_true());
			break;
		case CONTENT_FIELD_CHOICE:
		case CONTENT_FIELD_CURRENCY:
			json_object_set_new(o, "is_select", json_true());
			json_object_set_new(o, "options",
			    options_model(rq, f, &cf[i]));
			break;
		case CONTENT_FIELD_NAMES:
			json_object_set_new(o, "is_names", json_true());
			names = known_names_model(rq);
			json_object_set_new(o, "has_known",
			    json_boolean(json_array_size(names) > 0));
			json_object_set_new(o, "known", names);
			break;
		case CONTENT_FIELD_DOCUMENTS:
			json_object_set_new(o, "is_documents", json_true());
			json_object_set_new(o, "rows", documents_model(rq, f,
			    errors, problems, nerr));
			json_array_append_new(list, o);
			continue;
		}
		if (errors)
			*nerr += (size_t)admin_content_error_item(rq, f,
			    cf[i].form.name, label, problems);
		json_array_append_new(list, o);
	}
	return list;
}

/* The label of choice v of field cf; v itself when it is none of them. */
static const char *
choice_label(struct request *rq, const struct content_field *cf,
    const char *v)
{
	size_t i;

	for (i = 0; cf->choices[i] != NULL; i++)
		if (strcmp(cf->choices[i], v) == 0)
			return T(rq->lang, cf->choice_labels[i]);
	return v;
}

json_t *
admin_content_own_text(struct request *rq, const struct content *c)
{
	const struct content_field *cf;
	const char *v, *url;
	struct form f;
	struct field *rows;
	json_t *list = json_array(), *o, *docs, *d;
	size_t n, nrows, i, r;

	cf = content_fields(c->kind, &n);
	if (n == 0 || list == NULL || (rows = content_fields_form(rq->arena,
	    c->kind, NULL, 0, &nrows)) == NULL ||
	    form_init(&f, rq->arena, rows, nrows) == -1)
		return list;
	/* The form shows the fields as an editor types them: a budget in
	 * major units, donors one a line. */
	content_fields_fill(&f, c->kind, c->fields);
	for (i = 0; i < n; i++) {
		o = json_object();
		model_set(o, "label", T(rq->lang, cf[i].label));
		if (cf[i].type == CONTENT_FIELD_DOCUMENTS) {
			docs = json_array();
			for (r = 0; r < CONTENT_DOC_ROWS; r++) {
				url = form_shown(&f, content_doc_field(r,
				    CONTENT_DOC_URL));
				if (*url == '\0')
					continue;
				d = json_object();
				model_set(d, "title", form_shown(&f,
				    content_doc_field(r, CONTENT_DOC_TITLE)));
				model_set(d, "url", url);
				model_set(d, "lang", form_shown(&f,
				    content_doc_field(r, CONTENT_DOC_LANG)));
				json_array_append_new(docs, d);
			}
			json_object_set_new(o, "documents", docs);
		} else {
			v = form_shown(&f, cf[i].form.name);
			model_set(o, "value", cf[i].choices != NULL ?
			    choice_label(rq, &cf[i], v) : v);
		}
		json_array_append_new(list, o);
	}
	return list;
}
