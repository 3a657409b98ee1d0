/*
 * A whole bundle: the bytes are the bundle (an archive, archives inside
 * it, or a single file), walked with bundle_walk_buffer() and the real
 * limits; every member is classified and parsed, its records checked and
 * matched against the installed packs, then diagnosed and reported in
 * every format.  The JSON report must parse and be valid UTF-8; the HTML
 * report must be valid UTF-8 with no script in it.
 *
 * It runs analyze_run_buffer(), the same walk as analyze_run(), with a
 * tap that checks every record.
 * The packs come from $FUZZ_PATTERNS, else the source tree's patterns/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "analyze.h"
#include "bundle.h"
#include "diagnose.h"
#include "fuzz.h"
#include "pack.h"
#include "report.h"

static struct packset packs;
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_load_packs(&packs, "fuzz_bundle");
	if ((devnull = fopen("/dev/null", "w")) == NULL) {
		perror("fuzz_bundle: /dev/null");
		exit(1);
	}
	return 0;
}

/* Every record, before the matcher sees it. */
static void
check_record(void *arg, const struct record *r)
{
	const struct analysis *an = arg;

	FUZZ_ASSERT(r->member->path != NULL && r->member->name != NULL);
	FUZZ_ASSERT(r->member->depth <= an->limits->max_depth);
	fuzz_check_record(r);
}

static void
check_reports(const struct analysis *an, const struct diagnosis *d)
{
	struct report_opts ro;
	cJSON *json;
	FILE *f;
	char *buf = NULL;
	size_t len = 0;

	memset(&ro, 0, sizeof ro);
	ro.all_facts = 1;
	FUZZ_ASSERT(report_text(devnull, an, d, &packs, &ro) == 0);
	FUZZ_ASSERT((f = open_memstream(&buf, &len)) != NULL);
	FUZZ_ASSERT(report_json(f, an, d, &packs, &ro) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	fuzz_check_utf8(buf, len);
	json = cJSON_ParseWithLength(buf, len);
	FUZZ_ASSERT(json != NULL);
	cJSON_Delete(json);
	free(buf);
	FUZZ_ASSERT(report_markdown(devnull, an, d, &packs, &ro) == 0);
	buf = NULL;
	len = 0;
	FUZZ_ASSERT((f = open_memstream(&buf, &len)) != NULL);
	FUZZ_ASSERT(report_html(f, an, d, &packs, &ro) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	fuzz_check_utf8(buf, len);
	FUZZ_ASSERT(memmem(buf, len, "<script", 7) == NULL);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analysis an;
	struct diagnosis d;
	struct limits limits;
	char *err = NULL;
	size_t i;

	limits_default(&limits);
	analysis_init(&an, &packs, &limits);
	an.tap = check_record;
	an.tap_arg = &an;
	if (analyze_run_buffer(&an, "bundle", data, size, &err) != 0) {
		/* Unreadable, or nothing in it read: no report. */
		FUZZ_ASSERT(err != NULL);
		free(err);
		goto out;
	}
	FUZZ_ASSERT(err == NULL);
	FUZZ_ASSERT(an.stats.bytes <= limits.max_total_bytes);
	for (i = 0; i < an.nskipped; i++)
		FUZZ_ASSERT(an.skipped[i].path != NULL &&
		    an.skipped[i].reason != NULL);
	diagnose(&d, &packs, &an, NULL);
	check_reports(&an, &d);
	diagnosis_free(&d);
out:
	analysis_free(&an);
	return 0;
}
