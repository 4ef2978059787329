/* config_dirs.h: the folders of an installed waypoint. */
#ifndef WAYPOINT_CONFIG_DIRS_H
#define WAYPOINT_CONFIG_DIRS_H

struct config_dirs;

/* Fills dirs when this binary is PREFIX/bin/waypoint with its files in
 * PREFIX/share/waypoint: conf SYSCONFDIR/waypoint.conf (/etc/waypoint),
 * data that share folder, state LOCALSTATEDIR (/var/lib/waypoint), heap
 * strings for config_dirs_free. Returns 1 then, 0 for a checkout's binary
 * (dirs left empty), -1 when out of memory. */
int	config_dirs_find(struct config_dirs *dirs);
void	config_dirs_free(struct config_dirs *dirs);

#endif
