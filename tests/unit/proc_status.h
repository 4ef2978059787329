/* proc_status.h: a field of this process's /proc/self/status, for the
 * unit tests that watch its memory (test_heap, test_resident). Static, so
 * each test binary has its own copy. */
#ifndef WAYPOINT_TEST_PROC_STATUS_H
#define WAYPOINT_TEST_PROC_STATUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value in KiB of field ("RssAnon:", "RssFile:"), or -1. */
static long
proc_status_kib(const char *field)
{
	size_t len = strlen(field);
	char line[256];
	long kib = -1;
	FILE *f;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, len) == 0)
			kib = strtol(line + len, NULL, 10);
	fclose(f);
	return kib;
}

#endif
