/* spawn.h: the environment of a helper process this binary spawns of
 * itself (the render and media workers), told apart by one variable. */
#ifndef WAYPOINT_SPAWN_H
#define WAYPOINT_SPAWN_H

/*
 * Our environment (so that the sanitizers' options reach the helper too)
 * without any variable of entry's name, and entry ("NAME=value") last: a
 * heap array of pointers into environ and to entry, NULL-terminated, for
 * posix_spawn(). Free it, not its strings. NULL when out of memory.
 */
char	**spawn_environ(const char *entry);

#endif
