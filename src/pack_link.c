/*
 * A packset once every pack is read: lookups by id, and the links from
 * ids to objects (cleared_by, facts' signals, causes' conditions and
 * leads_to, symptoms' observers) with the indexes the matcher uses.
 * Every dangling or duplicate id is an error naming its pack and item.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match.h"
#include "pack.h"
#include "pack_int.h"
#include "strbuf.h"
#include "xalloc.h"

struct signal *
packset_signal(const struct packset *ps, const char *id)
{
	size_t i;

	for (i = 0; i < ps->nsignals; i++)
		if (ps->signals[i]->id != NULL &&
		    strcmp(ps->signals[i]->id, id) == 0)
			return ps->signals[i];
	return NULL;
}

struct cause *
packset_cause(const struct packset *ps, const char *id)
{
	size_t i;

	for (i = 0; i < ps->ncauses; i++)
		if (ps->causes[i]->id != NULL &&
		    strcmp(ps->causes[i]->id, id) == 0)
			return ps->causes[i];
	return NULL;
}

struct symptom *
packset_symptom(const struct packset *ps, const char *code)
{
	size_t i;

	for (i = 0; i < ps->nsymptoms; i++)
		if (ps->symptoms[i]->code != NULL &&
		    strcasecmp(ps->symptoms[i]->code, code) == 0)
			return ps->symptoms[i];
	return NULL;
}

/* 1 if the named group exists in the signal's regex. */
static int
has_capture(const struct signal *s, const char *name)
{
	return s->re != NULL && pcre2_substring_number_from_name(s->re,
	    (PCRE2_SPTR)name) >= 0;
}

static int
strings_equal(char **a, size_t na, char **b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

void
pack_link(struct packset *ps, struct strbuf *err)
{
	struct signal *s;
	struct fact_def *f;
	struct cause *c;
	char where[512];
	size_t i, j;
	uint32_t caps;
	int k;

	for (i = 0; i < ps->nsignals; i++) {
		s = ps->signals[i];
		s->index = i;
		if (s->id == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (ps->signals[j]->id != NULL &&
			    strcmp(ps->signals[j]->id, s->id) == 0)
				pack_err(err, s->pack, "signal '%s' is also "
				    "defined in pack '%s'", s->id,
				    ps->signals[j]->pack);
		if (s->re != NULL && pcre2_pattern_info(s->re,
		    PCRE2_INFO_CAPTURECOUNT, &caps) == 0 &&
		    caps + 1 > ps->max_captures)
			ps->max_captures = caps + 1;
		for (k = 0; k < KIND__COUNT; k++)
			if (s->kinds & KIND_BIT(k))
				PACK_APPEND(ps->by_kind[k], ps->nby_kind[k], s);
	}
	for (i = 0; i < ps->nsignals; i++) {
		s = ps->signals[i];
		if (s->cleared_by_id == NULL)
			continue;
		snprintf(where, sizeof where, "%s: signal '%s'", s->pack,
		    s->id);
		if ((s->cleared_by = packset_signal(ps, s->cleared_by_id)) ==
		    NULL)
			pack_err(err, where, "cleared_by names unknown signal "
			    "'%s'", s->cleared_by_id);
		else if (!strings_equal(s->group_by, s->ngroup_by,
		    s->cleared_by->group_by, s->cleared_by->ngroup_by))
			pack_err(err, where, "cleared_by signal '%s' must have "
			    "the same group_by", s->cleared_by_id);
	}
	ps->facts_of = xcalloc(ps->nsignals + 1, sizeof *ps->facts_of);
	ps->nfacts_of = xcalloc(ps->nsignals + 1, sizeof *ps->nfacts_of);
	for (i = 0; i < ps->nfacts; i++) {
		f = ps->facts[i];
		snprintf(where, sizeof where, "%s: fact '%s'", f->pack,
		    f->id != NULL ? f->id : "?");
		for (j = 0; j < f->nfrom; j++) {
			if (f->from[j].signal_id == NULL)
				continue;
			s = f->from[j].signal = packset_signal(ps,
			    f->from[j].signal_id);
			if (s == NULL) {
				pack_err(err, where, "unknown signal '%s'",
				    f->from[j].signal_id);
				continue;
			}
			if (s->re != NULL && f->from[j].capture != NULL &&
			    !has_capture(s, f->from[j].capture) &&
			    s->nwhere == 0)
				pack_err(err, where, "signal '%s' has no "
				    "capture '%s'", s->id, f->from[j].capture);
			PACK_APPEND(ps->facts_of[s->index], ps->nfacts_of[s->index],
			    f);
		}
	}
	for (i = 0; i < ps->ncauses; i++) {
		c = ps->causes[i];
		c->index = i;
		if (c->id == NULL)
			continue;
		snprintf(where, sizeof where, "%s: cause '%s'", c->pack,
		    c->id);
		for (j = 0; j < i; j++)
			if (ps->causes[j]->id != NULL &&
			    strcmp(ps->causes[j]->id, c->id) == 0)
				pack_err(err, where, "also defined in pack '%s'",
				    ps->causes[j]->pack);
		for (j = 0; j < c->nfound; j++)
			if (c->found[j].when != NULL)
				cond_resolve(c->found[j].when, ps, err, where);
		for (j = 0; j < c->nruled_out; j++)
			if (c->ruled_out[j].when != NULL)
				cond_resolve(c->ruled_out[j].when, ps, err,
				    where);
		for (j = 0; j < c->nundecided; j++)
			if (c->undecided[j].when != NULL)
				cond_resolve(c->undecided[j].when, ps, err,
				    where);
		c->leads_to = xcalloc(c->nleads_to + 1, sizeof *c->leads_to);
		for (j = 0; j < c->nleads_to; j++)
			if ((c->leads_to[j] = packset_cause(ps,
			    c->leads_to_ids[j])) == NULL)
				pack_err(err, where, "leads_to names unknown "
				    "cause '%s'", c->leads_to_ids[j]);
	}
	for (i = 0; i < ps->nsymptoms; i++) {
		struct symptom *sy = ps->symptoms[i];

		sy->observed_by = xcalloc(sy->nobserved_by + 1,
		    sizeof *sy->observed_by);
		for (j = 0; j < sy->nobserved_by; j++)
			if ((sy->observed_by[j] = packset_signal(ps,
			    sy->observed_by_ids[j])) == NULL)
				pack_err(err, "symptoms", "%s: observed_by names "
				    "unknown signal '%s'", sy->code != NULL ?
				    sy->code : "?", sy->observed_by_ids[j]);
	}
	pack_checks_link(ps, err);
	ps->plan = match_plan_new(ps);
}
