/* config_dirs.c: where an installed waypoint finds its configuration, its
 * shipped files and its state, whatever folder it is run from. */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_dirs.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR	"/etc/waypoint"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR	"/var/lib/waypoint"
#endif

int
config_dirs_find(struct config_dirs *dirs)
{
	char exe[PATH_MAX], tpl[PATH_MAX + 32];
	struct stat sb;
	ssize_t len;
	char *bin;

	memset(dirs, 0, sizeof(*dirs));
	/* PREFIX/bin/waypoint beside PREFIX/share/waypoint is an installed
	 * copy (make install, DESTDIR or not); anything else is a checkout's
	 * binary, which keeps reading paths from the folder it runs in. */
	if ((len = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return 0;
	exe[len] = '\0';
	if ((bin = strrchr(exe, '/')) == NULL)
		return 0;
	*bin = '\0';
	if ((bin = strrchr(exe, '/')) == NULL || strcmp(bin, "/bin") != 0)
		return 0;
	*bin = '\0';
	snprintf(tpl, sizeof(tpl), "%s/share/waypoint/www/templates", exe);
	if (stat(tpl, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return 0;
	if (asprintf(&dirs->data, "%s/share/waypoint", exe) == -1) {
		dirs->data = NULL;
		return -1;
	}
	if ((dirs->conf = strdup(SYSCONFDIR "/waypoint.conf")) == NULL ||
	    (dirs->state = strdup(LOCALSTATEDIR)) == NULL) {
		config_dirs_free(dirs);
		return -1;
	}
	return 1;
}

void
config_dirs_free(struct config_dirs *dirs)
{
	free(dirs->conf);
	free(dirs->data);
	free(dirs->state);
	memset(dirs, 0, sizeof(*dirs));
}
