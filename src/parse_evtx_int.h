/*
 * Between the reader of event logs (parse_evtx.c), its pipe
 * (parse_evtx_wire.c) and its renderer of records (parse_evtx_binxml.c):
 * the child process that reads a log sends its records and its skip
 * reason through a wire; the parent emits them.  And the reader's knob
 * for tests.
 *
 * Ownership: a wire owns its buffer; the records unwire() emits are
 * valid during the sink's call only.
 */
#ifndef VMTRIAGE_PARSE_EVTX_INT_H
#define VMTRIAGE_PARSE_EVTX_INT_H

#include <stdint.h>

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

/* The records of a chunk as XML, each followed by a NUL. */
#define EVTX_CHUNK_RECORDS	((65536 - 512) / 28)

struct evtx_chunk_xml {
	struct strbuf	 xml;		/* the caller sets its limit */
	size_t		 at[EVTX_CHUNK_RECORDS + 1];	/* record i's XML:
							   at[i]..at[i+1] */
	uint64_t	 id[EVTX_CHUNK_RECORDS];
	uint64_t	 written[EVTX_CHUNK_RECORDS];	/* FILETIME */
	size_t		 n;
};

/*
 * Renders every record of a 64 KiB chunk whose header the caller has
 * checked (parse_evtx_binxml.c).  Returns 0, or -1 when any record is
 * malformed or holds what only libevtx renders, or the XML outgrows the
 * strbuf's limit.
 */
int	evtx_chunk_render(struct evtx_chunk_xml *, const unsigned char *chunk);

/* For tests: 1 (the default) renders the records of sound logs with
 * evtx_binxml_render(), 0 leaves every log to libevtx (parse_evtx.c). */
void	parse_evtx_binxml(int on);

#endif
