/*
 * An analysis in words, for the tests that read a bundle two ways (a
 * queue between parser and matcher, a log read in two parts) and must
 * find what one plain pass finds: the hits of every signal with their
 * groups, first and last, the facts with their evidence, the newest
 * record of every kind, the counts, what was skipped and why.
 * Header-only, and without cmocka: fuzz/fuzz_split.c uses it too.
 */
#ifndef VMTRIAGE_UNIT_ANALYSIS_H
#define VMTRIAGE_UNIT_ANALYSIS_H

#include <string.h>

#include "analyze.h"
#include "facts.h"
#include "match.h"
#include "pack.h"
#include "strbuf.h"

#ifndef UNIT_HELPER
#define UNIT_HELPER static __attribute__((unused))
#endif

UNIT_HELPER void
unit_describe_evidence(struct strbuf *out, const struct evidence *ev)
{
	strbuf_addf(out, "%s:%lu+%u %lld/%d", ev->file, ev->line, ev->lines,
	    (long long)ev->time.us, (int)ev->time.zone);
}

UNIT_HELPER void
unit_describe_analysis(struct strbuf *out, const struct analysis *an,
    const struct packset *ps)
{
	const struct signal_hits *sh;
	const struct hit_group *g;
	struct evidence ev;
	size_t i, j;
	int z;

	memset(&ev, 0, sizeof ev);
	strbuf_addf(out, "records %lu files %u bytes %llu\n",
	    an->matcher.records, an->stats.files,
	    (unsigned long long)an->stats.bytes);
	for (i = 0; i < ps->nsignals; i++) {
		sh = matcher_hits(&an->matcher, ps->signals[i]);
		if (sh->count == 0)
			continue;
		strbuf_addf(out, "%s %lu\n", ps->signals[i]->id, sh->count);
		for (j = 0; j < sh->ngroups; j++) {
			g = &sh->groups[j];
			strbuf_addf(out, "  [%s] %lu ", g->key, g->count);
			unit_describe_evidence(out, &g->first);
			strbuf_addch(out, ' ');
			unit_describe_evidence(out, &g->last);
			strbuf_addch(out, '\n');
		}
	}
	for (i = 0; i < an->facts.n; i++) {
		strbuf_addf(out, "fact %s=%s ", an->facts.v[i]->id,
		    an->facts.v[i]->value);
		unit_describe_evidence(out, &an->facts.v[i]->ev);
		strbuf_addch(out, '\n');
	}
	for (i = 0; i < KIND__COUNT; i++) {
		if (an->matcher.kinds[i].records == 0)
			continue;
		strbuf_addf(out, "kind %zu: %lu", i,
		    an->matcher.kinds[i].records);
		for (z = 0; z < 3; z++)
			if (matcher_newest(&an->matcher, (enum source_kind)i,
			    (enum vtime_zone)z, &ev)) {
				strbuf_addch(out, ' ');
				unit_describe_evidence(out, &ev);
				strbuf_addf(out, " [%s]", ev.text);
			}
		strbuf_addch(out, '\n');
	}
	evidence_release(&ev);
	for (i = 0; i < an->nskipped; i++)
		strbuf_addf(out, "skipped %s: %s\n", an->skipped[i].path,
		    an->skipped[i].reason);
	strbuf_addf(out, "platforms %u\n", an->platforms);
}

#endif
