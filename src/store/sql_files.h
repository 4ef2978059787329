/* sql_files.h: the SQL files of sql/, built into the binary by
 * tools/embed.sh: schema.sql, seed.sql and migrations/NNN.sql. */
#ifndef WAYPOINT_SQL_FILES_H
#define WAYPOINT_SQL_FILES_H

#include <stddef.h>

struct sql_file {
	const char	*name;	/* base name: "schema.sql", "002.sql" */
	const char	*text;
	size_t		 len;
};

/* Ends with a NULL name. */
extern const struct sql_file sql_files[];

#endif
