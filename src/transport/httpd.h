/* httpd.h: the embedded HTTP transport (`waypoint serve`), on libmicrohttpd. */
#ifndef WAYPOINT_HTTPD_H
#define WAYPOINT_HTTPD_H

struct config;

/* Serves HTTP on cfg->listen ("HOST:PORT", IPv4 or [IPv6]) until SIGINT or
 * SIGTERM, answering through app_handle(); cfg must outlive the call and
 * app_init() must have succeeded. Returns 0 on a clean stop, -1 (after
 * printing why to stderr) when it cannot listen. */
int	httpd_serve(const struct config *cfg);

#endif
