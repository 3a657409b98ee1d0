/*
 * A record sink that runs another sink on a thread of its own: the
 * parser of a large log goes on with the next lines while the matcher
 * reads the last ones.  Records are copied in batches, so that the two
 * threads meet once per batch, not per record; the other sink sees every
 * record, in order, exactly as it was emitted.
 *
 * While records are queued the other sink, and whatever it touches, is
 * the thread's: the caller leaves them alone until recqueue_free(), which
 * returns once the thread has seen every record.
 *
 * Ownership: the queue owns its copies; a record handed to the other
 * sink points into them and is valid only during the call, as
 * record.h says.  The other sink and the members of the records (struct
 * member) are borrowed and must outlive the queue.
 */
#ifndef VMTRIAGE_RECQUEUE_H
#define VMTRIAGE_RECQUEUE_H

#include "parse.h"

struct recqueue;

/* Enough records that meeting once per batch costs nothing. */
#define RECQUEUE_BATCH	(1024 * 1024)

/* Records are handed over batch_bytes at a time (RECQUEUE_BATCH; less
 * in tests); the thread starts with the first full batch, and fewer
 * records go to the sink from recqueue_free(), on the caller's thread. */
struct recqueue	*recqueue_new(const struct sink *to, size_t batch_bytes);
/* The sink function; arg is the queue. */
void		 recqueue_record(void *arg, const struct record *);
/* Waits until the thread has seen every record, then stops it. */
void		 recqueue_free(struct recqueue *);

#endif
