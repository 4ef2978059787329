/* common_passwords.h: the common passwords built into the binary from
 * data/common-passwords.txt by tools/embed_list.sh: lower-case, sorted by
 * byte, each once. */
#ifndef WAYPOINT_COMMON_PASSWORDS_H
#define WAYPOINT_COMMON_PASSWORDS_H

#include <stddef.h>

extern const char *const common_passwords[];
extern const size_t common_passwords_n;

#endif
