/* dates.c: dates as the site shows them. */
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "view/dates.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

const char *
date_text(struct arena *a, const char *iso)
{
	int y, m, d, n = 0;

	if (strlen(iso) != 10 ||
	    sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return iso;
	return arena_printf(a, "%d %s %d", d, month_names[m - 1], y);
}
