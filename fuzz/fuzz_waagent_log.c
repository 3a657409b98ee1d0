/*
 * The Linux agent's log (KIND_WAAGENT_LOG) through parse_member(): the
 * line reader, the record heads and their continuation lines, times.
 */
#include "config.h"

#include "classify.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(KIND_WAAGENT_LOG, kind_example_path(KIND_WAAGENT_LOG),
	    data, size);
	return 0;
}
