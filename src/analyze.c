#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "analyze.h"
#include "classify.h"
#include "parse.h"
#include "recqueue.h"
#include "text.h"
#include "xalloc.h"

void
analyze_prepare(void)
{
	classify_init();
	xmlInitParser();
}

void
analysis_init(struct analysis *an, const struct packset *ps,
    const struct limits *limits)
{
	memset(an, 0, sizeof *an);
	an->limits = limits;
	an->queue_batch = RECQUEUE_BATCH;
	an->split_min = ANALYSIS_SPLIT_MIN;
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

static void
on_record(void *arg, const struct record *r)
{
	struct analysis *an = arg;
	const char *os;

	/* The instance view names the guest's OS when no guest file does. */
	if (r->kind == KIND_AZ_VM && (os = record_field(r, "os_type")) != NULL)
		an->platforms |= platform_bit(os);
	if (an->tap != NULL)
		an->tap(an->tap_arg, r);
	matcher_record(&an->matcher, r);
}

static void
on_let_go(void *arg)
{
	struct analysis *an = arg;

	matcher_let_go(&an->matcher);
}

/* A "device_<N>" segment anywhere in path. */
static int
has_device_segment(const char *path)
{
	const char *p = path;
	size_t n;

	while ((p = strstr(p, "device_")) != NULL) {
		n = strspn(p + 7, "0123456789");
		if ((p == path || p[-1] == '/' || p[-1] == '\\') && n > 0 &&
		    (p[7 + n] == '/' || p[7 + n] == '\\'))
			return 1;
		p += 7;
	}
	return 0;
}

static unsigned
layout_of(const char *path)
{
	unsigned bits = 0;

	if (has_device_segment(path))
		bits |= LAYOUT_DISK_INSPECT;
	if (strcasestr(path, "VMAgentLogs") != NULL ||
	    strcasestr(path, "CollectGuestLogs") != NULL ||
	    strcasestr(path, "WireServerRoleExtensionsConfig_") != NULL)
		bits |= LAYOUT_GUEST_LOGS;
	if (((path[0] >= 'A' && path[0] <= 'Z') ||
	    (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':' &&
	    (path[2] == '\\' || path[2] == '/'))
		bits |= LAYOUT_DRIVE_PATHS;
	return bits;
}

/* The bytes from the middle of a log searched for a record to cut at:
 * records longer than this (a traceback, an XML body) are rare. */
#define SPLIT_WINDOW	(64 * 1024)

/* The second part of a log read in two, parsed and matched on a thread
 * of its own into a matcher and facts of its own. */
struct part {
	pthread_t		 thread;
	struct parse_ctx	 pc;
	struct sink		 sink;
	struct facts		 facts;
	struct matcher		 matcher;
};

static void *
part_run(void *arg)
{
	struct part *p = arg;

	parse_member(&p->pc);
	return NULL;
}

/* What a part's parse adds to the member's; lines: the member's. */
static void
part_count(struct parse_ctx *pc, struct parse_ctx *part, unsigned long lines)
{
	pc->records += part->records;
	pc->emitted |= part->emitted;
	pc->lines = lines;
	if (pc->skip_reason == NULL) {
		pc->skip_reason = part->skip_reason;
		part->skip_reason = NULL;
	}
}

/* Where a log may be cut in two, or 0: a line that begins a record,
 * near the middle. */
static uint64_t
split_point(const struct analysis *an, const struct member *m,
    struct mstream *s, enum source_kind kind)
{
	char *win;
	ssize_t n;
	size_t cut;
	uint64_t at = 0;

	win = xmalloc(SPLIT_WINDOW);
	n = mstream_pread(s, win, SPLIT_WINDOW, (uint64_t)m->size / 2);
	if (n > 0 && (cut = parse_log_cut(kind, win, (size_t)n,
	    an->limits->max_line)) < (size_t)n)
		at = (uint64_t)m->size / 2 + cut;
	free(win);
	/* The first part's reader must see the member's whole head, as
	 * one reader would. */
	return at >= TEXT_HEAD_BYTES ? at : 0;
}

/*
 * A large log in a directory, parsed and matched in two parts at once:
 * the first on this thread into the analysis, the second on another
 * into a matcher of its own, merged after.  The merge gives what one
 * pass gives; where it could not (the first part stopped early, the
 * second failed, ran out of group room or saw one group's hits in two
 * zones), the second part is read again here, after the first.  0 if
 * the member is not cut.
 */
static int
parse_split(struct analysis *an, struct parse_ctx *pc)
{
	struct mstream *s = pc->stream, *tail;
	const unsigned char *head;
	struct parse_ctx again;
	struct part p;
	uint64_t at;
	int started, merged = 0;

	/* The head is peeked last, once the member is known to be a log
	 * that can be cut: peeked bytes count in the bundle's size. */
	if (an->split_min == 0 || an->tap != NULL || pc->member->size < 0 ||
	    (uint64_t)pc->member->size < an->split_min ||
	    (at = split_point(an, pc->member, s, pc->kind)) == 0 ||
	    mstream_peek(s, &head, TEXT_HEAD_BYTES) < TEXT_HEAD_BYTES ||
	    !text_head_utf8(head, TEXT_HEAD_BYTES) ||
	    (tail = mstream_part_new(s, at)) == NULL)
		return 0;
	pc->in_parts = 1;
	memset(&p, 0, sizeof p);
	facts_init(&p.facts);
	matcher_init(&p.matcher, an->matcher.ps, &p.facts);
	p.sink.record = matcher_record;
	p.sink.let_go = matcher_let_go;
	p.sink.arg = &p.matcher;
	p.pc = *pc;
	p.pc.stream = tail;
	p.pc.sink = &p.sink;
	p.pc.part = 1;
	an->logs_split++;
	started = pthread_create(&p.thread, NULL, part_run, &p) == 0;
	parse_member(pc);
	if (started)
		pthread_join(p.thread, NULL);
	if (pc->skip_reason != NULL)
		/* One pass would have stopped where the first part did. */
		goto out;
	if (started && p.pc.skip_reason == NULL && !p.matcher.groups_full &&
	    !p.matcher.zones_mixed && !p.facts.zones_mixed) {
		matcher_merge(&an->matcher, &p.matcher, pc->lines);
		facts_merge(&an->facts, &p.facts, pc->lines);
		part_count(pc, &p.pc, pc->lines + p.pc.lines);
		merged = 1;
		goto out;
	}
	/* Read again, numbered on from the first part. */
	an->parts_reread++;
	again = *pc;
	again.stream = mstream_part_new(s, at);
	again.part = 1;
	again.part_lines = pc->lines;
	again.records = 0;
	again.emitted = 0;
	again.in_parts = 0;
	if (again.stream != NULL) {
		parse_member(&again);
		part_count(pc, &again, again.lines);
		mstream_part_free(again.stream, 1);
	} else
		parse_skip(pc, "not read after byte %llu",
		    (unsigned long long)at);
	free(again.skip_reason);
out:
	mstream_part_free(tail, merged);
	free(p.pc.skip_reason);
	matcher_free(&p.matcher);
	facts_free(&p.facts);
	return 1;
}

static int
on_member(void *arg, const struct member *m, struct mstream *s)
{
	struct analysis *an = arg;
	struct parse_ctx pc;
	struct sink sink, qsink;
	struct recqueue *q;
	const unsigned char *head;
	size_t n;
	enum source_kind kind;
	int k;

	an->layouts |= layout_of(m->path);
	n = mstream_peek(s, &head, 1024);
	kind = classify(m->name, head, n);
	if (kind == KIND_UNKNOWN) {
		an->unknown++;
		return 0;
	}
	if (kind != KIND_AZ_EXPORT)
		an->members[kind]++;
	an->platforms |= platform_bit(classify_platform(m->name, kind));
	sink.record = on_record;
	sink.let_go = on_let_go;
	sink.arg = an;
	memset(&pc, 0, sizeof pc);
	pc.member = m;
	pc.stream = s;
	pc.kind = kind;
	pc.limits = an->limits;
	pc.sink = &sink;
	/* A tap sees every record whole; the matcher completes those it
	 * wants. */
	pc.defer_heads = an->tap == NULL;
	/* A large member is matched on a thread while it is parsed (not
	 * an .evtx: its reader forks).  One of unknown size, compressed,
	 * is queued too, and gets the thread if it proves large. */
	if (!parse_split(an, &pc)) {
		q = NULL;
		if (an->queue_batch > 0 && kind != KIND_EVTX &&
		    (m->size < 0 || (uint64_t)m->size >= an->queue_batch)) {
			q = recqueue_new(&sink, an->queue_batch);
			qsink.record = recqueue_record;
			qsink.let_go = NULL;
			qsink.arg = q;
			pc.sink = &qsink;
		}
		parse_member(&pc);
		recqueue_free(q);
	}
	/* An export is counted as the resources it held. */
	for (k = 0; k < KIND__COUNT; k++)
		if (k != (int)kind && (pc.emitted & KIND_BIT(k)))
			an->members[k]++;
	if (kind == KIND_AZ_EXPORT && pc.emitted != 0)
		an->platforms |= PLAT_CONTROL;
	if (pc.skip_reason != NULL) {
		on_skipped(an, m->path, pc.skip_reason);
		free(pc.skip_reason);
	}
	return 0;
}

int
utc_offset_parse(const char *s, int *minutes)
{
	int sign, h, m = 0;
	size_t n;

	if (*s == '\0' || strcmp(s, "Z") == 0) {
		*minutes = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	n = strspn(s, "0123456789");
	if (n == 4) {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		m = (s[2] - '0') * 10 + (s[3] - '0');
	} else if (n == 1 || n == 2) {
		h = n == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
		s += n;
		if (*s == ':') {
			if (strspn(s + 1, "0123456789") != 2)
				return -1;
			m = (s[1] - '0') * 10 + (s[2] - '0');
			s += 3;
		}
		n = 0;
	} else
		return -1;
	if (s[n] != '\0' || h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/* Local times become UTC where the bundle tells the VM's offset. */
static void
apply_utc_offset(struct analysis *an)
{
	const struct fact *f = facts_get(&an->facts, "os.utc_offset");
	size_t i;

	if (f == NULL || utc_offset_parse(f->value,
	    &an->utc_offset_min) != 0)
		return;
	an->utc_offset_known = 1;
	an->utc_offset_fact = f;
	matcher_shift_local(&an->matcher, an->utc_offset_min);
	for (i = 0; i < an->facts.n; i++)
		evidence_shift(&an->facts.v[i]->ev, an->utc_offset_min);
}

/* The walk of a bundle on disk (buf NULL) or in memory. */
static int
run(struct analysis *an, const char *path, const void *buf, size_t len,
    char **err)
{
	struct bundle_visitor v;
	int r;

	an->path = xstrdup(path);
	v.member = on_member;
	v.skipped = on_skipped;
	v.progress = on_progress;
	v.arg = an;
	if (buf != NULL)
		r = bundle_walk_buffer(buf, len, path, an->limits, &v,
		    &an->stats, err);
	else
		r = bundle_walk(path, an->limits, &v, &an->stats, err);
	if (r != 0)
		return -1;
	if (an->stats.files == 0) {
		xasprintf(err, "nothing readable in '%s'%s", path,
		    an->nskipped > 0 ? ": every member was skipped" : "");
		return -1;
	}
	apply_utc_offset(an);
	return 0;
}

int
analyze_run(struct analysis *an, const char *path, char **err)
{
	return run(an, path, NULL, 0, err);
}

int
analyze_run_buffer(struct analysis *an, const char *name, const void *buf,
    size_t len, char **err)
{
	return run(an, name, buf, len, err);
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
	if (an->layouts & LAYOUT_DISK_INSPECT)
		return "disk inspect";
	if (an->layouts & LAYOUT_GUEST_LOGS)
		return "CollectGuestLogs";
	if (an->platforms & PLAT_LINUX)
		return "linux files";
	if (an->platforms & PLAT_WINDOWS)
		return an->layouts & LAYOUT_DRIVE_PATHS ?
		    "windows files (drive paths)" : "windows files";
	if (an->platforms & PLAT_CONTROL)
		return "control-plane exports";
	return "unrecognised";
}
