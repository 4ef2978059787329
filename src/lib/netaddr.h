/* netaddr.h: listening addresses as the config and command line give
 * them, and the sockets that listen on them. */
#ifndef WAYPOINT_NETADDR_H
#define WAYPOINT_NETADDR_H

#include <sys/socket.h>

/* Parses "HOST:PORT" or "[HOST]:PORT", HOST numeric (IPv4 bare, IPv6 in
 * brackets) or "localhost" (127.0.0.1), PORT 1..65535. Returns 0 and fills
 * ss and len, or -1. */
int	netaddr_parse(const char *s, struct sockaddr_storage *ss,
	    socklen_t *len);

/* A listening TCP socket on ss (close-on-exec, SO_REUSEADDR but not
 * SO_REUSEPORT, so a second server on the port fails rather than shares
 * it; IPv6 only for an IPv6 address). Returns the descriptor, or -1 with
 * errno set. */
int	netaddr_listen(const struct sockaddr_storage *ss, socklen_t len);

#endif
