/* spawn.c: the environment of a helper process this binary spawns of
 * itself. */
#include <stdlib.h>
#include <string.h>

#include "lib/spawn.h"

extern char **environ;

char **
spawn_environ(const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t name = eq != NULL ? (size_t)(eq - entry) + 1 : strlen(entry);
	char **env;
	size_t n = 0, i, j = 0;

	while (environ != NULL && environ[n] != NULL)
		n++;
	if ((env = calloc(n + 2, sizeof(*env))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], entry, name) != 0)
			env[j++] = environ[i];
	env[j] = (char *)entry;
	return env;
}
