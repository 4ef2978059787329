/* netaddr.h: listening addresses as the config and command line give
 * them, the sockets that listen on them, and clients grouped by network. */
#ifndef WAYPOINT_NETADDR_H
#define WAYPOINT_NETADDR_H

#include <stddef.h>
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

/* The network a client address (text, as a transport gives it) is counted
 * under: an IPv6 address as its /64, "2001:db8:1:2::/64" (one subscriber
 * usually holds a whole /64, so counting single addresses would give it
 * 2^64 tries); an IPv4-mapped IPv6 address as the IPv4 address; anything
 * else as given. Into out, size bytes (INET6_ADDRSTRLEN + 3 is enough for
 * an address), cut to fit. */
void	netaddr_group(const char *client, char *out, size_t size);

/* What follows "http://" or "https://" (either in any case) in url: its
 * authority, path and query; NULL when url has another scheme or none. */
const char *netaddr_http_rest(const char *url);

#endif
