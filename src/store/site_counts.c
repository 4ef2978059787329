/* site_counts.c: the counts of a site's content and accounts. */
#include "store/db_internal.h"
#include "store/site_counts.h"

static const struct db_col count_cols[] = {
	DB_COL(DB_INT64, struct site_counts, releases),
	DB_COL(DB_INT64, struct site_counts, pages),
	DB_COL(DB_INT64, struct site_counts, entries),
	DB_COL(DB_INT64, struct site_counts, media),
	DB_COL(DB_INT64, struct site_counts, users),
};

enum store_status
store_site_counts(struct store *s, struct site_counts *c)
{
	return db_get(s, NULL, db_query(s,
	    "SELECT (SELECT count(*) FROM news), (SELECT count(*) FROM pages),"
	    " (SELECT count(*) FROM entries), (SELECT count(*) FROM media),"
	    " (SELECT count(*) FROM users)", ""), count_cols,
	    sizeof(count_cols) / sizeof(count_cols[0]), c, "store_site_counts");
}
