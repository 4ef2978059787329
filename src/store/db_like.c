/* db_like.c: words as a LIKE pattern that finds them anywhere in a text,
 * which the editors' lists and the media library search with. */
#include "store/db_internal.h"

char *
db_like_anywhere(char *out, const char *q)
{
	size_t i = 0;

	out[i++] = '%';
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[i++] = '\\';
		out[i++] = *q;
	}
	out[i++] = '%';
	out[i] = '\0';
	return out;
}
