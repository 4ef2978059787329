/* fcgi.c: `waypoint fcgi [--socket PATH | --listen HOST:PORT]
 * [--processes P] [--threads N]`, the FastCGI responder behind nginx. */
#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli/cli.h"
#include "config.h"
#include "lib/log.h"
#include "transport/fcgi.h"
#include "transport/supervisor.h"

/* A whole number from lo to hi, or -1. */
static int
number(const char *s, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < lo ||
	    v > hi)
		return -1;
	return (int)v;
}

/* Opens the listening socket the config and options ask for; *created is
 * set to the unix socket file made here (to remove at the end). */
static int
open_socket(const struct config *cfg, struct stat *created)
{
	int fd;

	created->st_ino = 0;
	if (*cfg->fcgi_socket != '\0') {
		fd = supervisor_listen_unix(cfg->fcgi_socket, cfg->fcgi_group,
		    (mode_t)cfg->fcgi_mode);
		if (fd != -1 && lstat(cfg->fcgi_socket, created) == -1)
			created->st_ino = 0;
		return fd;
	}
	if (*cfg->fcgi_listen != '\0')
		return supervisor_listen_tcp(cfg->fcgi_listen);
	return supervisor_listen_inherited();
}

/* Removes the socket file made at start-up, if it is still that one. */
static void
remove_socket(const struct config *cfg, const struct stat *created)
{
	struct stat st;

	if (created->st_ino != 0 && lstat(cfg->fcgi_socket, &st) == 0 &&
	    st.st_ino == created->st_ino && st.st_dev == created->st_dev)
		unlink(cfg->fcgi_socket);
}

int
cli_fcgi(struct config *cfg, int argc, char **argv)
{
	struct stat created;
	bool have_socket = false, have_listen = false;
	int i, fd, ret, processes, threads;

	processes = cfg->fcgi_processes;
	threads = cfg->fcgi_threads;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--socket") != 0 &&
		    strcmp(argv[i], "--listen") != 0 &&
		    strcmp(argv[i], "--processes") != 0 &&
		    strcmp(argv[i], "--threads") != 0)
			return cli_refuse("fcgi", argv[i]);
		if (i + 1 >= argc)
			return cli_refuse("fcgi", NULL);
		if (strcmp(argv[i], "--socket") == 0) {
			if (config_set(&cfg->fcgi_socket, argv[++i]) == -1 ||
			    config_set(&cfg->fcgi_listen, "") == -1)
				return 1;
			have_socket = true;
		} else if (strcmp(argv[i], "--listen") == 0) {
			if (config_set(&cfg->fcgi_listen, argv[++i]) == -1 ||
			    config_set(&cfg->fcgi_socket, "") == -1)
				return 1;
			have_listen = true;
		} else if (strcmp(argv[i], "--processes") == 0) {
			if ((processes = number(argv[++i], 1,
			    SUPERVISOR_PROCESSES_MAX)) == -1) {
				fprintf(stderr, "waypoint fcgi: --processes "
				    "takes 1 to %d\n",
				    SUPERVISOR_PROCESSES_MAX);
				return 2;
			}
		} else if (strcmp(argv[i], "--threads") == 0) {
			if ((threads = number(argv[++i], 1,
			    FCGI_THREADS_MAX)) == -1) {
				fprintf(stderr, "waypoint fcgi: --threads "
				    "takes 1 to %d\n", FCGI_THREADS_MAX);
				return 2;
			}
		}
	}
	if (have_socket && have_listen) {
		fprintf(stderr, "waypoint fcgi: --socket or --listen, not "
		    "both\n");
		cli_usage(stderr, "fcgi");
		return 2;
	}
	if (threads == 0)
		threads = fcgi_default_threads();
	/* Templates and static files are loaded once, here: the workers
	 * inherit them. Each worker thread opens its own database
	 * connection on its first request, after the fork. */
	if (cli_start(cfg) == -1)
		return 1;
	/* Behind nginx there is no address of our own to take it from, and
	 * the request's Host is the client's to choose: without base_url the
	 * Origin check refuses every browser not at its placeholder, which
	 * fails closed while the public pages serve. */
	if (!cfg->base_url_set)
		log_error("[site] base_url is not set: absolute URLs and the "
		    "Origin check of sign-ins and saves use %s, so editors "
		    "at any other address are refused; set [site] base_url "
		    "to the site's public address (https://example.org)",
		    cfg->base_url);
	if ((fd = open_socket(cfg, &created)) == -1) {
		app_fini();
		return 1;
	}
	if (*cfg->fcgi_socket != '\0' || *cfg->fcgi_listen != '\0')
		log_info("fcgi: listening on %s (processes %d, threads %d)",
		    *cfg->fcgi_socket != '\0' ? cfg->fcgi_socket :
		    cfg->fcgi_listen, processes, threads);
	else
		log_info("fcgi: listening on the socket inherited on fd %d "
		    "(processes %d, threads %d)", fd, processes, threads);
	ret = fcgi_serve(cfg, fd, processes, threads);
	app_fini();
	remove_socket(cfg, &created);
	close(fd);
	return ret == 0 ? 0 : 1;
}
