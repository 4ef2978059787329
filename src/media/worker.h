/* worker.h: the media worker, a child process (this binary spawned
 * again) that runs libvips on one upload within limits and sends back
 * the files it made. Internal to src/media/. */
#ifndef WAYPOINT_MEDIA_WORKER_H
#define WAYPOINT_MEDIA_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "media/ingest.h"
#include "store/media.h"

/* What the worker sends, in order: a record for the stored original, one
 * for each variant, and a last one saying how the job ended. Both ends
 * are this binary on this machine, so host byte order. */
enum media_wire_kind {
	MEDIA_WIRE_FILE,	/* len bytes of a file follow */
	MEDIA_WIRE_DONE,	/* len bytes of a message to log follow */
};

struct media_wire {
	uint32_t	 kind;
	uint32_t	 status;	/* DONE: enum media_ingest_status */
	char		 format[8];	/* FILE: "jpeg", "png" or "webp" */
	int32_t		 width, height;	/* FILE */
	uint64_t	 len;
};

/* The longest message a DONE record carries. */
#define MEDIA_WIRE_MESSAGE_MAX	512
/* Room for such a message escaped: each byte at most four, and a NUL. */
#define MEDIA_WIRE_ESCAPED_MAX	(4 * MEDIA_WIRE_MESSAGE_MAX + 1)

/* The n bytes of in (libvips's words, which may quote the file's own
 * bytes) into out, of outlen bytes, as one safe log line: a control byte
 * (below 0x20, and 0x7f) and a backslash written \xNN, the rest as it
 * is, cut short to fit, NUL-terminated. Returns out. */
char	*media_wire_escape(char *out, size_t outlen, const char *in,
	    size_t n);

/* What the parent does with each file the worker sends: begin with its
 * record, then data any number of times (never with len 0) with its
 * bytes; each returns 0, or -1 to stop the job (MEDIA_INGEST_DISK then). */
struct media_worker_sink {
	int	(*begin)(void *ctx, const struct media_wire *);
	int	(*data)(void *ctx, const void *p, size_t len);
};

/*
 * Runs a job: the image of type t in the regular file fd (from offset 0;
 * not closed) made into its stored original and variants by a new worker,
 * refused when it has more than max_pixels pixels, each file passed to
 * sink with ctx. At most MEDIA_WORKERS_MAX jobs run at once; more wait.
 * The worker is killed and reaped however the job ends. Returns
 * MEDIA_INGEST_OK, or why the job failed: TOO_MANY_PIXELS and BROKEN as
 * the worker found, WORKER when it ran out of time or memory, died or
 * broke the protocol, DISK when sink failed, ERROR when it could not
 * start (logged).
 */
enum media_ingest_status media_worker_run(int fd, enum media_type t,
		    int64_t max_pixels, const struct media_worker_sink *sink,
		    void *ctx);

/* In the worker (vips_job.c): the job itself, the upload read from
 * descriptor in and the records written to descriptor out. Ends the
 * process with _exit. */
_Noreturn void	 media_vips_job(int in, enum media_type t,
		    int64_t max_pixels, int out);

#endif
