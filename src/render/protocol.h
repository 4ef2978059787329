/* protocol.h: what the render worker (src/render/main.c, the program
 * waypoint-render) and its parent (src/view/markdown_worker.c) say to
 * each other. */
#ifndef WAYPOINT_RENDER_PROTOCOL_H
#define WAYPOINT_RENDER_PROTOCOL_H

#include <stdint.h>

/* The worker's socket to its parent is always this descriptor. */
#define RENDER_FD		3

/* The program's name beside the waypoint binary, and the argv[0] it is
 * started with (how tests and ps tell the worker from the server). */
#define RENDER_PROGRAM		"waypoint-render"
#define RENDER_ARGV0		"waypoint-render-worker"

/* 4 MiB: four times the input limit, more than any real body makes (1 MiB
 * of text gives 1.4 MiB), less than link references can expand to. */
#define RENDER_OUTPUT_MAX	(4 * 1024 * 1024)

/* The worker's answer, and its exit status when it has to end. */
enum {
	RENDER_OK,
	RENDER_FAILED,
	RENDER_TOO_LARGE
};

/* A render on the wire: the request is a uint32_t length and the
 * Markdown; the answer a struct render_reply and the HTML. Both ends are
 * built together and run on this machine, so host byte order. */
struct render_reply {
	uint32_t	status;
	uint32_t	len;
};

#endif
