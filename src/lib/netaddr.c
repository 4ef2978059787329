/* netaddr.c: parsing HOST:PORT into a socket address, listening on it,
 * and the network a client address is counted under. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/netaddr.h"

int
netaddr_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char host[INET6_ADDRSTRLEN];
	const char *h, *hend, *port;
	bool bracket = *s == '[';
	char *end;
	long p;

	if (bracket) {
		h = s + 1;
		if ((hend = strchr(h, ']')) == NULL || hend[1] != ':')
			return -1;
		port = hend + 2;
	} else {
		/* A bare IPv6 address would be ambiguous: one colon only. */
		h = s;
		if ((hend = strrchr(s, ':')) == NULL ||
		    memchr(s, ':', (size_t)(hend - s)) != NULL)
			return -1;
		port = hend + 1;
	}
	if (hend == h || (size_t)(hend - h) >= sizeof(host))
		return -1;
	memcpy(host, h, (size_t)(hend - h));
	host[hend - h] = '\0';
	if (!bracket && strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	errno = 0;
	p = strtol(port, &end, 10);
	if (*port < '0' || *port > '9' || *end != '\0' || errno != 0 ||
	    p < 1 || p > 65535)
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (!bracket && inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)p);
		*len = sizeof(*in);
		return 0;
	}
	if (bracket && inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

int
netaddr_listen(const struct sockaddr_storage *ss, socklen_t len)
{
	int fd, one = 1, saved;

	if ((fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    (ss->ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof(one)) == -1) ||
	    bind(fd, (const struct sockaddr *)ss, len) == -1 ||
	    listen(fd, SOMAXCONN) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

void
netaddr_group(const char *client, char *out, size_t size)
{
	struct in6_addr a;
	char text[INET6_ADDRSTRLEN];

	if (size == 0)
		return;
	if (strchr(client, ':') == NULL ||
	    inet_pton(AF_INET6, client, &a) != 1) {
		snprintf(out, size, "%s", client);
		return;
	}
	if (IN6_IS_ADDR_V4MAPPED(&a)) {
		inet_ntop(AF_INET, &a.s6_addr[12], text, sizeof(text));
		snprintf(out, size, "%s", text);
		return;
	}
	memset(&a.s6_addr[8], 0, 8);
	inet_ntop(AF_INET6, &a, text, sizeof(text));
	snprintf(out, size, "%s/64", text);
}

const char *
netaddr_http_rest(const char *url)
{
	if (strncasecmp(url, "https://", 8) == 0)
		return url + 8;
	if (strncasecmp(url, "http://", 7) == 0)
		return url + 7;
	return NULL;
}
