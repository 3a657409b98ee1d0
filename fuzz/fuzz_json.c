/*
 * The JSON parsers (parse_json.c, parse_json_status.c): status files of
 * both agents and Disk Inspect's registry.json.  The first byte picks
 * the kind from the table below, the rest is the file; fuzz/seeds.sh
 * writes seeds with that byte, so keep the order.
 */
#include "config.h"

#include "classify.h"
#include "fuzz.h"

static const enum source_kind kinds[] = {
	KIND_EXT_STATUS,	/* 0 */
	KIND_AGGREGATE_STATUS,	/* 1 */
	KIND_AGENT_STATUS,	/* 2 */
	KIND_REGISTRY_JSON,	/* 3 */
	KIND_HANDLER_STATUS,	/* 4 */
	KIND_AGENT_ERROR,	/* 5 */
	KIND_EXT_HEARTBEAT,	/* 6 */
	KIND_AZ_EXPORT,		/* 7 */
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum source_kind kind;

	if (size == 0)
		return 0;
	kind = FUZZ_PICK(kinds, data[0]);
	fuzz_parse(kind, kind_example_path(kind), data + 1, size - 1);
	return 0;
}
