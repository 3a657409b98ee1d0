/*
 * What the fuzz targets share.  Each target (fuzz/fuzz_*.c) defines
 * LLVMFuzzerTestOneInput(); linked with libFuzzer it is a fuzzer, linked
 * with fuzz/replay.c it replays saved inputs in `make check`.
 *
 * A broken contract (a record that is not what record.h promises, a
 * report that is not valid JSON) aborts with a message: libFuzzer saves
 * the input as a crash, the replay test fails.
 */
#ifndef VMTRIAGE_FUZZ_H
#define VMTRIAGE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(c) do {						\
	if (!(c))							\
		fuzz_fail(__FILE__, __LINE__, #c);			\
} while (0)

void	fuzz_fail(const char *file, int line, const char *what)
	    __attribute__((noreturn));

/* Checks a record against record.h and touches every byte it points
 * to, so that AddressSanitizer sees a read past the end. */
void	fuzz_check_record(const struct record *);
/* Checks s[0..n): valid UTF-8 without NUL, as lines and records are. */
void	fuzz_check_utf8(const char *s, size_t n);

/*
 * Runs the parser of kind over data as a member at path name, with the
 * real limits (limits_default), checking every record and the skip
 * reason.  Returns the number of records.
 */
unsigned long fuzz_parse(enum source_kind, const char *name,
	    const uint8_t *data, size_t size);

struct packset;

/* Loads the packs of $FUZZ_PATTERNS, else the source tree's patterns/,
 * into ps; exits with a message naming the target if they do not load. */
void	fuzz_load_packs(struct packset *ps, const char *target);

/* The kind a leading selector byte picks from a target's table. */
#define FUZZ_PICK(table, byte) \
	((table)[(byte) % (sizeof (table) / sizeof (table)[0])])

#endif
