/* money_limit.h: the largest budget, shared by the form that stores it
 * (content_fields.c) and the view that shows it (view/money.c), so that
 * an amount the form takes can always be shown. */
#ifndef WAYPOINT_MONEY_LIMIT_H
#define WAYPOINT_MONEY_LIMIT_H

/* 10^15 minor units, 10^13 in major units: the issue refuses "over
 * 10^15", so 10^15 itself is allowed (docs/content-kinds.md). */
#define MONEY_MINOR_MAX	1000000000000000LL

/* Every amount is stored in hundredths of its major unit, whatever the
 * currency's own minor units (docs/content-kinds.md). */
#define MONEY_MINOR_DIGITS	2

#endif
