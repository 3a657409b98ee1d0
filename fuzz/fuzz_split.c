/*
 * A log read in two parts at once against one pass (parse_split() in
 * analyze.c): after a selector byte, the bytes are a log of the kind it
 * picks, analysed as a one-file bundle twice, once cut wherever it can
 * be and once never.  The two analyses, in the words of
 * tests/unit/unit_analysis.h (hits with their first and last evidence,
 * facts, the newest records, counts, skip reasons), must be the same.
 *
 * The selector also picks the limits, so that a line cut short, the
 * member limit and the bundle limit fall in either part.  A log is cut
 * only past TEXT_HEAD_BYTES: inputs under about 8 KiB are read whole
 * both times.  The packs come from $FUZZ_PATTERNS, else the source
 * tree's patterns/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "classify.h"
#include "fuzz.h"
#include "pack.h"
#include "strbuf.h"
#include "unit_analysis.h"

static struct packset packs;

/* The logs analyze.c cuts (parse_log_cut()). */
static const enum source_kind kinds[] = {
	KIND_WAAGENT_LOG, KIND_VMSNAPSHOT_LOG, KIND_GA_LOG, KIND_WINEXT_LOG,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_load_packs(&packs, "fuzz_split");
	return 0;
}

/* The analysis in words, logs cut from split_min bytes on (0: never);
 * 0 if the bundle gave nothing to analyse. */
static int
describe(struct strbuf *out, const char *name, const uint8_t *data,
    size_t size, const struct limits *limits, uint64_t split_min)
{
	struct analysis an;
	char *err = NULL;
	int ok;

	analysis_init(&an, &packs, limits);
	an.split_min = split_min;
	ok = analyze_run_buffer(&an, name, data, size, &err) == 0;
	FUZZ_ASSERT(ok == (err == NULL));
	free(err);
	if (ok)
		unit_describe_analysis(out, &an, &packs);
	analysis_free(&an);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf one, parts;
	struct limits limits;
	const char *name;
	int ok;

	if (size < 1)
		return 0;
	name = kind_example_path(FUZZ_PICK(kinds, data[0]));
	limits_default(&limits);
	switch (data[0] / 4 % 4) {
	case 1:
		limits.max_line = 200;
		break;
	case 2:
		limits.max_total_bytes = size / 4 * 3;
		break;
	case 3:
		limits.max_member_bytes = size / 3;
		break;
	}
	data++;
	size--;
	strbuf_init(&one, 0);
	strbuf_init(&parts, 0);
	ok = describe(&one, name, data, size, &limits, 0);
	FUZZ_ASSERT(describe(&parts, name, data, size, &limits, 1) == ok);
	if (strcmp(strbuf_str(&one), strbuf_str(&parts)) != 0) {
		fprintf(stderr, "one pass:\n%s\nin two parts:\n%s\n",
		    strbuf_str(&one), strbuf_str(&parts));
		FUZZ_ASSERT(!"the parts differ from one pass");
	}
	strbuf_release(&one);
	strbuf_release(&parts);
	return 0;
}
