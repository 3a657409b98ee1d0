/*
 * Between the reader of event logs (parse_evtx.c) and its pipe
 * (parse_evtx_wire.c): the child process that runs libevtx sends its
 * records and its skip reason through a wire; the parent emits them.
 * And the reader's knob for tests.
 *
 * Ownership: a wire owns its buffer; the records unwire() emits are
 * valid during the sink's call only.
 */
#ifndef VMTRIAGE_PARSE_EVTX_INT_H
#define VMTRIAGE_PARSE_EVTX_INT_H

#include "parse.h"
#include "strbuf.h"

struct wire {
	int		 fd;
	struct strbuf	 out;
	int		 broken;	/* a write failed: the rest is lost */
};

/* A sink (arg: the wire): the record goes out, in 64 KiB writes. */
void	wire_record(void *arg, const struct record *);
/* The skip reason goes out after the records. */
void	wire_skip(struct wire *, const char *reason);
/* Writes what is buffered. */
void	wire_flush(struct wire *);
/* In the parent: emits what arrives on fd until it closes, and closes
 * it. */
void	unwire(struct parse_ctx *, int fd);

/* For tests: sound logs with min_chunks chunks of records or more (0:
 * none; at least 2) are read on two threads, the second holding up to
 * hold_bytes of records (parse_evtx.c; 2 and 32 MiB by default). */
void	parse_evtx_split(size_t min_chunks, size_t hold_bytes);

#endif
