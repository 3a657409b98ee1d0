/*
 * The XML parsers: the goal-state files (parse_xml.c) and Windows event
 * exports (parse_event_xml.c).  The first byte picks the kind from the
 * table below, the rest is the file; fuzz/seeds.sh writes seeds with
 * that byte, so keep the order.
 */
#include "config.h"

#include "classify.h"
#include "fuzz.h"

static const enum source_kind kinds[] = {
	KIND_GOALSTATE_XML,	/* 0 */
	KIND_EXTCONFIG_XML,	/* 1 */
	KIND_HOSTINGENV_XML,	/* 2 */
	KIND_SHAREDCONFIG_XML,	/* 3 */
	KIND_OVF_ENV_XML,	/* 4 */
	KIND_EVENT_XML,		/* 5 */
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
