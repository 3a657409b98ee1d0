/*
 * Binary event logs (KIND_EVTX) through parse_member(): the chunk checks
 * and repairs of parse_evtx.c, then libevtx.  libevtx 20181227 leaks on
 * damaged records (bounded by parse_evtx.c): run with -detect_leaks=0.
 */
#include "config.h"

#include "classify.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(KIND_EVTX, kind_example_path(KIND_EVTX), data, size);
	return 0;
}
