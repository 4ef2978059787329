/* slots.h: the media worker's slots, shared by every process of one
 * server: `waypoint fcgi` runs [fcgi] processes (2 by default), and each
 * job may hold a gigabyte, so the bound must be the deployment's, not a
 * process's. */
#ifndef WAYPOINT_MEDIA_SLOTS_H
#define WAYPOINT_MEDIA_SLOTS_H

/* Jobs at once: each may hold a gigabyte; a third upload waits. */
#define MEDIA_SLOTS	2

/* Maps the slots where the processes forked after it share them; once,
 * before the fork. 0, or -1 (errno) when the mapping failed. Without
 * it, the first take maps them for this process alone. */
int	media_slots_init(void);

/* Unmaps them (app_fini); a take after it has this process's own. */
void	media_slots_fini(void);

/* Takes a slot, waiting at most wait_ms for one; a slot whose process
 * has died is free. Returns the slot's number, or -1 when none came. */
int	media_slot_take(int wait_ms);

/* Gives back slot i, from media_slot_take(). */
void	media_slot_give(int i);

#endif
