/* filter.c: the options of a select that filters a list (the search's
 * type, the publications' type and year), as the templates draw them. */
#include <string.h>

#include "controllers/controllers.h"

json_t *
filter_options(const char *all_label, bool all_selected)
{
	json_t *list = json_array();

	if (list == NULL || filter_option(list, "", all_label,
	    all_selected) == -1) {
		json_decref(list);
		return NULL;
	}
	return list;
}

int
filter_option(json_t *list, const char *value, const char *label,
    bool selected)
{
	json_t *o = json_object();

	if (o == NULL || json_array_append_new(list, o) == -1)
		return -1;
	model_set(o, "value", value);
	model_set(o, "label", label);
	return json_object_set_new(o, "selected", json_boolean(selected));
}
