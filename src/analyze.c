#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "classify.h"
#include "parse.h"
#include "xalloc.h"

void
analysis_init(struct analysis *an, const struct packset *ps,
    const struct limits *limits)
{
	memset(an, 0, sizeof *an);
	an->limits = limits;
	facts_init(&an->facts);
	matcher_init(&an->matcher, ps, &an->facts);
}

void
analysis_free(struct analysis *an)
{
	size_t i;

	free(an->path);
	for (i = 0; i < an->nskipped; i++) {
		free(an->skipped[i].path);
		free(an->skipped[i].reason);
	}
	free(an->skipped);
	matcher_free(&an->matcher);
	facts_free(&an->facts);
	memset(an, 0, sizeof *an);
}

static void
on_skipped(void *arg, const char *path, const char *reason)
{
	struct analysis *an = arg;

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
on_progress(void *arg, const struct bundle_stats *st, const char *path)
{
	struct analysis *an = arg;

	if (an->progress != NULL)
		an->progress(an->progress_arg, st, path);
}

static void
on_record(void *arg, const struct record *r)
{
	struct analysis *an = arg;

	if (an->tap != NULL)
		an->tap(an->tap_arg, r);
	matcher_record(&an->matcher, r);
}

static unsigned
platform_bit(const char *name)
{
	if (name == NULL)
		return 0;
	if (strcmp(name, "linux") == 0)
		return PLAT_LINUX;
	if (strcmp(name, "windows") == 0)
		return PLAT_WINDOWS;
	return 0;
}

static int
on_member(void *arg, const struct member *m, struct mstream *s)
{
	struct analysis *an = arg;
	struct parse_ctx pc;
	struct sink sink;
	const unsigned char *head;
	size_t n;
	enum source_kind kind;

	n = mstream_peek(s, &head, 1024);
	kind = classify(m->name, head, n);
	if (kind == KIND_UNKNOWN) {
		an->unknown++;
		return 0;
	}
	an->members[kind]++;
	an->platforms |= platform_bit(kind_platform(kind));
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

int
analyze_run(struct analysis *an, const char *path, char **err)
{
	struct bundle_visitor v;

	an->path = xstrdup(path);
	v.member = on_member;
	v.skipped = on_skipped;
	v.progress = on_progress;
	v.arg = an;
	if (bundle_walk(path, an->limits, &v, &an->stats, err) != 0)
		return -1;
	if (an->stats.files == 0) {
		xasprintf(err, "nothing readable in '%s'%s", path,
		    an->nskipped > 0 ? ": every member was skipped" : "");
		return -1;
	}
	return 0;
}

const char *
analysis_platform_name(const struct analysis *an)
{
	switch (an->platforms & (PLAT_LINUX | PLAT_WINDOWS)) {
	case PLAT_LINUX:
		return "linux";
	case PLAT_WINDOWS:
		return "windows";
	case PLAT_LINUX | PLAT_WINDOWS:
		return "mixed";
	default:
		return "unknown";
	}
}

const char *
analysis_layout(const struct analysis *an)
{
	if (an->members[KIND_COLLECTOR_RESULTS] > 0)
		return "waagent -collect-logs";
	if (an->platforms & PLAT_LINUX)
		return "linux files";
	return "unrecognised";
}
