/* num.h: the one rule for numbers read from URLs and forms (ids, ?page=). */
#ifndef WAYPOINT_NUM_H
#define WAYPOINT_NUM_H

#include <stdint.h>

/* 10^18 - 1: 18 digits, so no id overflows int64_t while it is read. */
#define NUM_ID_MAX	INT64_C(999999999999999999)
/* 999999: a million pages of ten, far past any office's archive. */
#define NUM_PAGE_MAX	INT64_C(999999)

/*
 * Reads s as a whole decimal number from min to max: ASCII digits only, no
 * sign, no space, no leading zero ("0" alone is zero). Returns 0 and sets
 * *out, or -1 when s is NULL, empty, malformed or out of range (*out is
 * then left alone). Every id and page number goes through here, so "out of
 * range" means the same everywhere.
 */
int	num_parse(const char *s, int64_t min, int64_t max, int64_t *out);

/* A row id: 1 to NUM_ID_MAX. */
int	num_parse_id(const char *s, int64_t *out);

/* A ?page= number, counted from 0: 0 to NUM_PAGE_MAX. */
int	num_parse_page(const char *s, int64_t *out);

#endif
