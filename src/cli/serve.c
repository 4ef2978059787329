/* serve.c: `waypoint serve [--listen HOST:PORT]`, the embedded server, and
 * the site's address it takes from where it listens. */
#include <netinet/in.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "config.h"
#include "lib/heap.h"
#include "lib/log.h"
#include "lib/netaddr.h"
#include "transport/httpd.h"

/* Whether ss is 0.0.0.0 or [::]: no one address a browser would use. */
static bool
wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
		    htonl(INADDR_ANY);
	return memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr,
	    &in6addr_any, sizeof(in6addr_any)) == 0;
}

/* The port of an origin made by config_origin (its scheme's default when
 * it names none). */
static long
origin_port(const char *origin)
{
	const char *host = strstr(origin, "://") + 3;
	const char *colon = strrchr(host, ':');

	if (colon != NULL && strchr(colon, ']') == NULL)
		return strtol(colon + 1, NULL, 10);
	return strncmp(origin, "https:", 6) == 0 ? 443 : 80;
}

int
cli_base_url_from_listen(struct config *cfg, bool log)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	char own[CONFIG_ORIGIN_MAX + 16], want[CONFIG_ORIGIN_MAX];
	long port;
	bool any;

	/* A bad address is httpd_listen()'s to refuse. */
	if (netaddr_parse(cfg->listen, &ss, &sslen) == -1 ||
	    snprintf(own, sizeof(own), "http://%s", cfg->listen) >=
	    (int)sizeof(own) || config_origin(own, want) == -1)
		return 0;
	any = wildcard(&ss);
	port = ss.ss_family == AF_INET ?
	    ntohs(((struct sockaddr_in *)&ss)->sin_port) :
	    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	if (!cfg->base_url_set) {
		if (any)
			snprintf(own, sizeof(own), ss.ss_family == AF_INET ?
			    "http://127.0.0.1:%ld" : "http://[::1]:%ld", port);
		if (log)
			log_info("[site] base_url is not set: the site's "
			    "address is %s%s", own, any ? " (listening on "
			    "every address: set [site] base_url to the one "
			    "editors use)" : "");
		return log ? 0 : config_set(&cfg->base_url, own);
	}
	if (!log || config_origin(cfg->base_url, own) == -1)
		return 0;
	if (any ? strncmp(own, "http://", 7) == 0 && origin_port(own) == port :
	    strcmp(own, want) == 0)
		return 0;
	log_error("[site] base_url is %s but waypoint serve listens on %s: "
	    "a browser at http://%s sends the Origin %s, and its sign-ins "
	    "and saves are refused; set [site] base_url to the address "
	    "editors use (or leave it out to use the one listened on)",
	    cfg->base_url, cfg->listen, cfg->listen, any ? "of that address" :
	    want);
	return 0;
}

int
cli_serve(struct config *cfg, int argc, char **argv)
{
	int i, ret;

	heap_tune();
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--listen") != 0)
			return cli_refuse("serve", argv[i]);
		if (i + 1 == argc)
			return cli_refuse("serve", NULL);
		if (config_set(&cfg->listen, argv[++i]) == -1)
			return 1;
	}
	if (cli_base_url_from_listen(cfg, false) == -1 ||
	    cli_start(cfg) == -1)
		return 1;
	cli_base_url_from_listen(cfg, true);
	heap_trim_start();
	ret = httpd_serve(cfg);
	heap_trim_stop();
	app_fini();
	return ret == 0 ? 0 : 1;
}
