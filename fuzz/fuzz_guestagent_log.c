/*
 * The Windows guest agent's logs (KIND_GA_LOG: WaAppAgent.log and its
 * kin) through parse_member(): UTF-16 and UTF-8, US month-first times.
 */
#include "config.h"

#include "classify.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse(KIND_GA_LOG, kind_example_path(KIND_GA_LOG), data, size);
	return 0;
}
