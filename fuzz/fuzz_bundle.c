/*
 * A whole bundle: the bytes are the bundle (an archive, archives inside
 * it, or a single file), walked with bundle_walk_buffer() and the real
 * limits; every member is classified and parsed, its records checked and
 * matched against the installed packs, then diagnosed and reported in
 * every format.  The JSON report must parse and be valid UTF-8; the HTML
 * report must be valid UTF-8 with no script in it.
 *
 * This is analyze_run() (analyze.c) over memory: keep the two alike.
 * The packs come from $FUZZ_PATTERNS, else the source tree's patterns/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "analyze.h"
#include "bundle.h"
#include "classify.h"
#include "diagnose.h"
#include "fuzz.h"
#include "pack.h"
#include "parse.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

static struct packset packs;
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_PATTERNS");
	struct strbuf err;

	(void)argc;
	(void)argv;
	if (dir == NULL || *dir == '\0')
		dir = BUILD_PATTERN_DIR;
	strbuf_init(&err, 0);
	if (packset_load(&packs, &dir, 1, &err) != 0) {
		fprintf(stderr, "fuzz_bundle: packs in %s: %s", dir,
		    strbuf_str(&err));
		exit(1);
	}
	strbuf_release(&err);
	if ((devnull = fopen("/dev/null", "w")) == NULL) {
		perror("fuzz_bundle: /dev/null");
		exit(1);
	}
	return 0;
}

static void
on_skipped(void *arg, const char *path, const char *reason)
{
	struct analysis *an = arg;

	FUZZ_ASSERT(path != NULL && reason != NULL);
	if (an->nskipped >= ANALYSIS_SKIPPED_MAX) {
		an->skipped_more++;
		return;
	}
	an->skipped = xreallocarray(an->skipped, an->nskipped + 1,
	    sizeof *an->skipped);
	an->skipped[an->nskipped].path = xstrdup(path);
	an->skipped[an->nskipped].reason = xstrdup(reason);
	an->nskipped++;
}

static void
on_record(void *arg, const struct record *r)
{
	struct analysis *an = arg;

	fuzz_check_record(r);
	matcher_record(&an->matcher, r);
}

static int
on_member(void *arg, const struct member *m, struct mstream *s)
{
	struct analysis *an = arg;
	struct parse_ctx pc;
	struct sink sink;
	const unsigned char *head;
	const char *platform;
	size_t n;
	enum source_kind kind;

	FUZZ_ASSERT(m->path != NULL && m->name != NULL);
	FUZZ_ASSERT(m->depth <= an->limits->max_depth);
	n = mstream_peek(s, &head, 1024);
	kind = classify(m->name, head, n);
	if (kind == KIND_UNKNOWN) {
		an->unknown++;
		return 0;
	}
	an->members[kind]++;
	if ((platform = classify_platform(m->name, kind)) != NULL)
		an->platforms |= strcmp(platform, "linux") == 0 ? PLAT_LINUX :
		    strcmp(platform, "windows") == 0 ? PLAT_WINDOWS : 0;
	sink.record = on_record;
	sink.arg = an;
	memset(&pc, 0, sizeof pc);
	pc.member = m;
	pc.stream = s;
	pc.kind = kind;
	pc.limits = an->limits;
	pc.sink = &sink;
	parse_member(&pc);
	if (pc.skip_reason != NULL) {
		on_skipped(an, m->path, pc.skip_reason);
		free(pc.skip_reason);
	}
	return 0;
}

/* As analyze.c does once the walk is over. */
static void
apply_utc_offset(struct analysis *an)
{
	const struct fact *f = facts_get(&an->facts, "os.utc_offset");
	size_t i;

	if (f == NULL || utc_offset_parse(f->value, &an->utc_offset_min) != 0)
		return;
	an->utc_offset_known = 1;
	an->utc_offset_fact = f;
	matcher_shift_local(&an->matcher, an->utc_offset_min);
	for (i = 0; i < an->facts.n; i++)
		evidence_shift(&an->facts.v[i]->ev, an->utc_offset_min);
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
	struct bundle_visitor v;
	struct analysis an;
	struct diagnosis d;
	struct limits limits;
	char *err = NULL;

	limits_default(&limits);
	analysis_init(&an, &packs, &limits);
	an.path = xstrdup("bundle");
	v.member = on_member;
	v.skipped = on_skipped;
	v.progress = NULL;
	v.arg = &an;
	if (bundle_walk_buffer(data, size, "bundle", &limits, &v, &an.stats,
	    &err) != 0) {
		FUZZ_ASSERT(err != NULL);
		free(err);
		goto out;
	}
	FUZZ_ASSERT(err == NULL);
	FUZZ_ASSERT(an.stats.bytes <= limits.max_total_bytes);
	/* analyze_run() fails the bundle: no report. */
	if (an.stats.files == 0)
		goto out;
	apply_utc_offset(&an);
	diagnose(&d, &packs, &an, NULL);
	check_reports(&an, &d);
	diagnosis_free(&d);
out:
	analysis_free(&an);
	return 0;
}
