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

static const char usage[] =
    "usage: waypoint fcgi [--socket PATH | --listen HOST:PORT] "
    "[--processes P]\n"
    "                     [--threads N]\n"
    "With neither address, the listening socket is taken from fd 0 "
    "(spawn-fcgi)\nor from systemd socket activation.\n";

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

/* The octal socket mode ("0660"), or -1. */
static int
socket_mode(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 8);
	if (*s < '0' || *s > '7' || *end != '\0' || errno != 0 || v < 0 ||
	    v > 0777)
		return -1;
	return (int)v;
}

/* Opens the listening socket the config and options ask for; *created is
 * set to the unix socket file made here (to remove at the end). */
static int
open_socket(const struct config *cfg, int mode, struct stat *created)
{
	int fd;

	created->st_ino = 0;
	if (*cfg->fcgi_socket != '\0') {
		fd = supervisor_listen_unix(cfg->fcgi_socket, cfg->fcgi_group,
		    (mode_t)mode);
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
	int i, fd, mode, ret, processes, threads;

	processes = cfg->fcgi_processes;
	threads = cfg->fcgi_threads;
	for (i = 0; i < argc; i++) {
		if (i + 1 >= argc)
			goto usage;
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
		} else
			goto usage;
	}
	if (have_socket && have_listen)
		goto usage;
	if (threads == 0)
		threads = fcgi_default_threads();
	if ((mode = socket_mode(cfg->fcgi_mode)) == -1) {
		fprintf(stderr, "[fcgi] socket_mode: expected an octal mode "
		    "such as 0660, got \"%s\"\n", cfg->fcgi_mode);
		return 2;
	}
	/* Templates and static files are loaded once, here: the workers
	 * inherit them. Each worker thread opens its own database
	 * connection on its first request, after the fork. */
	if (cli_start(cfg) == -1)
		return 1;
	if ((fd = open_socket(cfg, mode, &created)) == -1) {
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
usage:
	fputs(usage, stderr);
	return 2;
}
