#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "match.h"
#include "match_literal.h"
#include "parse.h"
#include "regex_literal.h"
#include "text.h"
#include "xalloc.h"

/* Bounds a pattern's work on one hostile record. */
#define MATCH_LIMIT		10000000
#define MATCH_DEPTH_LIMIT	10000
#define JIT_STACK_MAX		(1024 * 1024)

#define MASK_BIT(mask, i)	(((mask)[(i) / 64] >> ((i) % 64)) & 1)

/* Message bytes of a kind counted before its literals are looked for by
 * the windows they hold least: enough to see a log's common lines, too
 * few for a small log to pay for the counting. */
#define TUNE_BYTES		(64 * 1024)

struct match_plan *
match_plan_new(const struct packset *ps)
{
	struct match_plan *plan = xcalloc(1, sizeof *plan);
	struct kind_filter *kf;
	struct litreq *reqs;
	struct litalt *alt;
	const struct signal *sig;
	struct litset **set;
	size_t k, i, j, c, n, total;
	uint32_t opts;

	for (k = 0; k < KIND__COUNT; k++) {
		if ((n = ps->nby_kind[k]) == 0)
			continue;
		kf = &plan->filters[k];
		kf->first = xcalloc(n, sizeof *kf->first);
		kf->nclauses = xcalloc(n, sizeof *kf->nclauses);
		kf->nsigwords = (n + 63) / 64;
		kf->always = xcalloc(kf->nsigwords, sizeof *kf->always);
		if (kf->nsigwords > plan->max_sigwords)
			plan->max_sigwords = kf->nsigwords;
		reqs = xcalloc(n, sizeof *reqs);
		total = 0;
		for (i = 0; i < n; i++) {
			sig = ps->by_kind[k][i];
			opts = 0;
			if (sig->re != NULL && pcre2_pattern_info(sig->re,
			    PCRE2_INFO_ARGOPTIONS, &opts) == 0)
				regex_literals(sig->pattern, opts, &reqs[i]);
			kf->first[i] = total;
			kf->nclauses[i] = reqs[i].n;
			total += reqs[i].n;
			if (reqs[i].n == 0)
				kf->always[i / 64] |= (uint64_t)1 << (i % 64);
		}
		kf->sig_of = xcalloc(total + 1, sizeof *kf->sig_of);
		for (i = 0; i < n; i++)
			for (c = 0; c < reqs[i].n; c++)
				kf->sig_of[kf->first[i] + c] = i;
		kf->nwords = (total + 63) / 64 + 1;
		if (kf->nwords > plan->max_words)
			plan->max_words = kf->nwords;
		for (i = 0; i < n; i++) {
			sig = ps->by_kind[k][i];
			set = sig->on_text ? &kf->text : &kf->msg;
			for (c = 0; c < reqs[i].n; c++) {
				if (*set == NULL)
					*set = litset_new(total);
				alt = &reqs[i].all[c];
				for (j = 0; j < alt->nlits; j++)
					litset_add(*set, alt->lits[j].s,
					    alt->lits[j].len,
					    alt->lits[j].caseless,
					    alt->lits[j].anchored,
					    kf->first[i] + c);
			}
			litreq_free(&reqs[i]);
		}
		free(reqs);
		if (kf->msg != NULL)
			litset_build(kf->msg);
		if (kf->text != NULL)
			litset_build(kf->text);
	}
	return plan;
}

void
match_plan_free(struct match_plan *plan)
{
	size_t k;

	if (plan == NULL)
		return;
	for (k = 0; k < KIND__COUNT; k++) {
		litset_free(plan->filters[k].msg);
		litset_free(plan->filters[k].text);
		free(plan->filters[k].first);
		free(plan->filters[k].nclauses);
		free(plan->filters[k].always);
		free(plan->filters[k].sig_of);
	}
	free(plan);
}

/* 1 if the signal at pos of the kind's list meets all its clauses. */
static int
clauses_met(const struct kind_filter *kf, const uint64_t *mask, size_t pos)
{
	size_t c, end = kf->first[pos] + kf->nclauses[pos];

	for (c = kf->first[pos]; c < end; c++)
		if (!MASK_BIT(mask, c))
			return 0;
	return 1;
}

/* The litset for the message of a record of the kind, counting the
 * windows of the first messages. */
static const struct litset *
msg_set(struct matcher *m, const struct kind_filter *kf,
    const struct record *r)
{
	struct msg_tuning *t = &m->tuning[r->kind];

	if (t->bytes >= m->tune_bytes)
		return t->set != NULL ? t->set : kf->msg;
	if (t->counts == NULL)
		t->counts = xcalloc(LITSET_TUNE_SLOTS, sizeof *t->counts);
	litset_count_windows(t->counts, r->msg, r->msg_len);
	if ((t->bytes += r->msg_len) >= m->tune_bytes) {
		t->set = litset_tune(kf->msg, t->counts);
		free(t->counts);
		t->counts = NULL;
	}
	return kf->msg;
}

/* Which clauses of the record's kind the record meets; 0 if none. */
static int
filter_scan(struct matcher *m, const struct record *r)
{
	const struct kind_filter *kf = &m->plan->filters[r->kind];
	uint64_t any = 0;
	size_t i;

	memset(m->hit, 0, kf->nwords * sizeof *m->hit);
	if (kf->msg != NULL)
		litset_scan(msg_set(m, kf, r), r->msg, r->msg_len, m->hit);
	if (kf->text != NULL)
		litset_scan(kf->text, r->text, r->text_len, m->hit);
	for (i = 0; i < kf->nwords; i++)
		any |= m->hit[i];
	return any != 0;
}

/* 1 if the signal at pos of the kind's list may match the record. */
static int
filter_pass(const struct matcher *m, const struct kind_filter *kf,
    size_t pos)
{
	return m->no_prefilter || clauses_met(kf, m->hit, pos);
}

/*
 * After a filter_scan(): the kind's n signals the record is a candidate
 * for, into m->cand; 0 if none.  Found by the clauses met, of which a
 * record has one or two, not by asking each signal.
 */
static int
candidates(struct matcher *m, const struct kind_filter *kf, size_t n,
    int any)
{
	uint64_t bits, set = 0;
	size_t w, c, s;

	if (m->no_prefilter) {
		for (w = 0; w < kf->nsigwords; w++)
			m->cand[w] = n - w * 64 >= 64 ? ~(uint64_t)0 :
			    ((uint64_t)1 << (n - w * 64)) - 1;
		return n > 0;
	}
	memcpy(m->cand, kf->always, kf->nsigwords * sizeof *m->cand);
	for (w = 0; any && w < kf->nwords; w++)
		for (bits = m->hit[w]; bits != 0; bits &= bits - 1) {
			c = w * 64 + (size_t)__builtin_ctzll(bits);
			s = kf->sig_of[c];
			if (clauses_met(kf, m->hit, s))
				m->cand[s / 64] |= (uint64_t)1 << (s % 64);
		}
	for (w = 0; w < kf->nsigwords; w++)
		set |= m->cand[w];
	return set != 0;
}

void
matcher_init(struct matcher *m, const struct packset *ps, struct facts *fs)
{
	memset(m, 0, sizeof *m);
	m->ps = ps;
	m->facts = fs;
	m->hits = xcalloc(ps->nsignals + 1, sizeof *m->hits);
	m->md = pcre2_match_data_create(ps->max_captures + 1, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	if (m->md == NULL || m->mctx == NULL)
		fatal("out of memory creating the matcher");
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, MATCH_DEPTH_LIMIT);
	m->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
	if (m->jit != NULL)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
	strbuf_init(&m->scratch, 0);
	strbuf_init(&m->fact_value, 0);
	strbuf_init(&m->fact_idbuf, 0);
	m->tune_bytes = TUNE_BYTES;
	/* A packset that was never loaded (an empty one, for records
	 * alone) has no plan: the matcher makes its own. */
	if ((m->plan = ps->plan) == NULL)
		m->plan = m->own_plan = match_plan_new(ps);
	m->hit = xcalloc(m->plan->max_words + 1, sizeof *m->hit);
	m->cand = xcalloc(m->plan->max_sigwords + 1, sizeof *m->cand);
	m->whole = xmalloc(sizeof *m->whole);
	m->whole_fields = xmalloc(sizeof *m->whole_fields);
}

void
matcher_free(struct matcher *m)
{
	size_t i, j;

	for (i = 0; m->hits != NULL && i < m->ps->nsignals; i++) {
		for (j = 0; j < m->hits[i].ngroups; j++) {
			free(m->hits[i].groups[j].key);
			evidence_release(&m->hits[i].groups[j].first);
			evidence_release(&m->hits[i].groups[j].last);
		}
		free(m->hits[i].groups);
	}
	free(m->hits);
	for (i = 0; i < KIND__COUNT; i++) {
		for (j = 0; j < 3; j++) {
			free(m->kinds[i].newest[j].file);
			strbuf_release(&m->kinds[i].newest[j].text);
		}
	}
	for (i = 0; i < KIND__COUNT; i++) {
		free(m->tuning[i].counts);
		litset_free(m->tuning[i].set);
	}
	free(m->hit);
	free(m->cand);
	free(m->whole);
	free(m->whole_fields);
	match_plan_free(m->own_plan);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit);
	strbuf_release(&m->scratch);
	strbuf_release(&m->fact_value);
	strbuf_release(&m->fact_idbuf);
	memset(m, 0, sizeof *m);
}

/* The record with its fields: a deferred one is completed the first
 * time a signal reads a field of it, as most that reach a signal's
 * regex need none. */
static const struct record *
fields_of(struct matcher *m, const struct record *r)
{
	if (!r->deferred)
		return r;
	if (m->whole_of != r) {
		parse_record_complete(r, m->whole, m->whole_fields);
		m->whole_of = r;
	}
	return m->whole;
}

static int
re_match(struct matcher *m, const pcre2_code *re, const char *s, size_t n)
{
	return pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, m->md, m->mctx) >= 0;
}

/* A candidate signal against the record: level, fields, then regex. */
static int
signal_test(struct matcher *m, const struct signal *sig,
    const struct record *r)
{
	const struct field_cond *fc;
	const char *v;
	size_t i;

	if (sig->levels != 0 && !(sig->levels & level_bit(r->level)))
		return 0;
	for (i = 0; i < sig->nwhere; i++) {
		fc = &sig->where[i];
		v = record_field(fields_of(m, r), fc->name);
		if (v == NULL) {
			if (!fc->negate)
				return 0;
			continue;
		}
		if (re_match(m, fc->re, v, strlen(v)) == fc->negate)
			return 0;
	}
	/* Last, so that the match data holds the message's captures. */
	if (sig->re != NULL)
		return sig->on_text ? re_match(m, sig->re, r->text, r->text_len) :
		    re_match(m, sig->re, r->msg, r->msg_len);
	return 1;
}

int
matcher_test(struct matcher *m, const struct signal *sig,
    const struct record *r)
{
	struct signal *const *sigs = m->ps->by_kind[r->kind];
	size_t i, n = m->ps->nby_kind[r->kind];

	if (!(sig->kinds & KIND_BIT(r->kind)))
		return 0;
	for (i = 0; i < n && sigs[i] != sig; i++)
		;
	if (i == n)
		return 0;
	filter_scan(m, r);
	if (!filter_pass(m, &m->plan->filters[r->kind], i))
		return 0;
	return signal_test(m, sig, r);
}

/*
 * A capture of the last match, or a record field of that name: a fact or
 * group can name either.  Appends the value to sb; 0 if there is none.
 */
static int
capture(struct matcher *m, const struct signal *sig, const struct record *r,
    const char *name, struct strbuf *sb)
{
	PCRE2_SIZE *ov;
	const char *subject, *v;
	int n;

	if (sig->re != NULL && (n = pcre2_substring_number_from_name(sig->re,
	    (PCRE2_SPTR)name)) >= 0) {
		ov = pcre2_get_ovector_pointer(m->md);
		if ((uint32_t)n < pcre2_get_ovector_count(m->md) &&
		    ov[2 * n] != PCRE2_UNSET) {
			subject = sig->on_text ? r->text : r->msg;
			strbuf_add(sb, subject + ov[2 * n],
			    ov[2 * n + 1] - ov[2 * n]);
			return 1;
		}
	}
	if ((v = record_field(fields_of(m, r), name)) != NULL) {
		strbuf_addstr(sb, v);
		return 1;
	}
	return 0;
}

static struct hit_group *
group_for(struct matcher *m, struct signal_hits *sh, const char *key)
{
	struct hit_group *g;
	size_t i;

	for (i = 0; i < sh->ngroups; i++)
		if (strcmp(sh->groups[i].key, key) == 0)
			return &sh->groups[i];
	if (sh->ngroups == MATCH_GROUPS_MAX) {
		m->groups_full = 1;
		return &sh->groups[sh->ngroups - 1];
	}
	sh->groups = xreallocarray(sh->groups, sh->ngroups + 1,
	    sizeof *sh->groups);
	g = &sh->groups[sh->ngroups++];
	memset(g, 0, sizeof *g);
	g->key = xstrdup(key);
	return g;
}

static void
record_hit(struct matcher *m, const struct signal *sig,
    const struct record *r)
{
	struct signal_hits *sh = &m->hits[sig->index];
	struct hit_group *g;
	struct evidence probe;
	size_t i;

	strbuf_reset(&m->scratch);
	for (i = 0; i < sig->ngroup_by; i++) {
		if (i > 0)
			strbuf_addch(&m->scratch, '\x1f');
		capture(m, sig, r, sig->group_by[i], &m->scratch);
	}
	g = group_for(m, sh, strbuf_str(&m->scratch));
	sh->count++;
	g->count++;
	if (g->count == 1) {
		evidence_set(&g->first, r);
		evidence_set(&g->last, r);
		return;
	}
	if (r->time.zone != g->first.time.zone ||
	    r->time.zone != g->last.time.zone)
		m->zones_mixed = 1;
	/* Rotated logs arrive in any order: first and last are by time. */
	memset(&probe, 0, sizeof probe);
	probe.member_seq = r->member->seq;
	probe.line = r->line;
	probe.time = r->time;
	if (evidence_order(&probe, &g->first) < 0)
		evidence_set(&g->first, r);
	if (evidence_order(&probe, &g->last) >= 0)
		evidence_set(&g->last, r);
}

/* Expands "{name}" in a fact id with captures. */
static const char *
fact_id(struct matcher *m, const struct signal *sig, const struct record *r,
    const char *tmpl, struct strbuf *out)
{
	const char *p, *close;
	char name[128];

	if (strchr(tmpl, '{') == NULL)
		return tmpl;
	strbuf_reset(out);
	for (p = tmpl; *p != '\0'; p++) {
		if (*p == '{' && (close = strchr(p, '}')) != NULL &&
		    (size_t)(close - p) < sizeof name) {
			memcpy(name, p + 1, (size_t)(close - p - 1));
			name[close - p - 1] = '\0';
			if (!capture(m, sig, r, name, out))
				return NULL;
			p = close;
		} else
			strbuf_addch(out, *p);
	}
	return strbuf_str(out);
}

static void
feed_facts(struct matcher *m, const struct signal *sig,
    const struct record *r)
{
	struct fact_def *f;
	struct strbuf *value = &m->fact_value;
	const char *id;
	size_t i, j;

	for (i = 0; i < m->ps->nfacts_of[sig->index]; i++) {
		f = m->ps->facts_of[sig->index][i];
		for (j = 0; j < f->nfrom; j++) {
			if (f->from[j].signal != sig)
				continue;
			strbuf_reset(value);
			if (f->from[j].value != NULL)
				strbuf_addstr(value, f->from[j].value);
			else if (!capture(m, sig, r, f->from[j].capture,
			    value) || value->len == 0)
				continue;
			if ((id = fact_id(m, sig, r, f->id,
			    &m->fact_idbuf)) != NULL)
				facts_offer(m->facts, f, id, strbuf_str(value),
				    r);
		}
	}
}

void
matcher_let_go(void *arg)
{
	struct matcher *m = arg;
	struct newest *nw = m->lent;

	if (nw == NULL)
		return;
	strbuf_reset(&nw->text);
	strbuf_add(&nw->text, m->lent_text, text_utf8_prefix(m->lent_text,
	    m->lent_len, EVIDENCE_TEXT_MAX));
	m->lent = NULL;
}

static void
note_kind(struct matcher *m, const struct record *r)
{
	struct kind_seen *ks = &m->kinds[r->kind];
	struct newest *nw = &ks->newest[r->time.zone];

	ks->records++;
	if (r->time.zone == VTIME_NONE)
		return;
	if (nw->file != NULL && r->time.us < nw->time.us)
		return;
	if (nw->file == NULL || nw->member_seq != r->member->seq) {
		free(nw->file);
		nw->file = xstrdup(r->member->path);
	}
	nw->time = r->time;
	nw->member_seq = r->member->seq;
	nw->line = r->line;
	if (r->lent) {
		/* Another kind's or zone's text is still lent: keep it. */
		if (m->lent != nw)
			matcher_let_go(m);
		m->lent = nw;
		m->lent_text = r->text;
		m->lent_len = r->text_len;
		return;
	}
	if (m->lent == nw)
		m->lent = NULL;
	strbuf_reset(&nw->text);
	strbuf_add(&nw->text, r->text, text_utf8_prefix(r->text, r->text_len,
	    EVIDENCE_TEXT_MAX));
}

int
matcher_newest(const struct matcher *m, enum source_kind kind,
    enum vtime_zone zone, struct evidence *ev)
{
	const struct newest *nw = &m->kinds[kind].newest[zone];

	if (nw->file == NULL)
		return 0;
	evidence_release(ev);
	ev->file = xstrdup(nw->file);
	ev->member_seq = nw->member_seq;
	ev->kind = kind;
	ev->line = nw->line;
	ev->lines = 1;
	ev->time = nw->time;
	ev->text = xstrdup(strbuf_str(&nw->text));
	return 1;
}

void
matcher_shift_local(struct matcher *m, int offset_min)
{
	struct newest *local, *utc, tmp;
	size_t i, j;

	for (i = 0; i < m->ps->nsignals; i++)
		for (j = 0; j < m->hits[i].ngroups; j++) {
			evidence_shift(&m->hits[i].groups[j].first, offset_min);
			evidence_shift(&m->hits[i].groups[j].last, offset_min);
		}
	for (i = 0; i < KIND__COUNT; i++) {
		local = &m->kinds[i].newest[VTIME_LOCAL];
		utc = &m->kinds[i].newest[VTIME_UTC];
		if (local->file == NULL)
			continue;
		local->time.us -= (int64_t)offset_min * 60 * 1000000;
		local->time.zone = VTIME_UTC;
		/* The later of the two stays as the kind's newest UTC. */
		if (utc->file == NULL || local->time.us > utc->time.us) {
			tmp = *utc;
			*utc = *local;
			*local = tmp;
		}
		/* The slot left holds nothing local any more. */
		free(local->file);
		local->file = NULL;
	}
}

/* Hits of from's group, which came after into's, counted in into. */
static void
merge_group(struct hit_group *into, struct hit_group *from,
    unsigned long line_shift)
{
	from->first.line += line_shift;
	from->last.line += line_shift;
	/* As record_hit() keeps them: the first hit by time, earlier
	 * wins a tie; the last by time, later wins a tie. */
	if (into->count == 0 || evidence_order(&from->first, &into->first) < 0)
		evidence_copy(&into->first, &from->first);
	if (into->count == 0 || evidence_order(&from->last, &into->last) >= 0)
		evidence_copy(&into->last, &from->last);
	into->count += from->count;
}

/* from's newest record of a kind, if it is into's newest too. */
static void
merge_newest(struct newest *into, struct newest *from,
    unsigned long line_shift)
{
	struct strbuf tmp;
	char *file;

	/* As note_kind() keeps it: a record of the same time replaces. */
	if (from->file == NULL ||
	    (into->file != NULL && from->time.us < into->time.us))
		return;
	file = into->file;
	into->file = from->file;
	from->file = file;
	tmp = into->text;
	into->text = from->text;
	from->text = tmp;
	into->time = from->time;
	into->member_seq = from->member_seq;
	into->line = from->line + line_shift;
}

void
matcher_merge(struct matcher *into, struct matcher *from,
    unsigned long line_shift)
{
	struct signal_hits *sh, *fh;
	size_t i, j, z;

	for (i = 0; i < into->ps->nsignals; i++) {
		sh = &into->hits[i];
		fh = &from->hits[i];
		for (j = 0; j < fh->ngroups; j++)
			merge_group(group_for(into, sh, fh->groups[j].key),
			    &fh->groups[j], line_shift);
		sh->count += fh->count;
	}
	for (i = 0; i < KIND__COUNT; i++) {
		into->kinds[i].records += from->kinds[i].records;
		for (z = 0; z < 3; z++)
			merge_newest(&into->kinds[i].newest[z],
			    &from->kinds[i].newest[z], line_shift);
	}
	into->records += from->records;
}

/* A candidate signal against the record, and its hit if it matches. */
static void
match_signal(struct matcher *m, const struct signal *sig,
    const struct record *r)
{
	if (!signal_test(m, sig, r))
		return;
	record_hit(m, sig, r);
	if (m->ps->nfacts_of[sig->index] > 0)
		feed_facts(m, sig, r);
}

void
matcher_record(void *arg, const struct record *r)
{
	struct matcher *m = arg;
	struct signal *const *sigs = m->ps->by_kind[r->kind];
	size_t w, n = m->ps->nby_kind[r->kind];
	const struct kind_filter *kf = &m->plan->filters[r->kind];
	uint64_t bits;

	m->records++;
	m->whole_of = NULL;
	note_kind(m, r);
	if (n == 0)
		return;
	/* Most records hold no literal: then only the signals without
	 * one are candidates.  The prefilter reads the message alone,
	 * which a deferred record has; its fields are read only if a
	 * signal asks (fields_of()). */
	if (!candidates(m, kf, n, filter_scan(m, r)))
		return;
	/* In the kind's order, as facts offered by two signals from one
	 * record are taken in it. */
	for (w = 0; w < kf->nsigwords; w++)
		for (bits = m->cand[w]; bits != 0; bits &= bits - 1)
			match_signal(m, sigs[w * 64 +
			    (size_t)__builtin_ctzll(bits)], r);
}

const struct signal_hits *
matcher_hits(const struct matcher *m, const struct signal *sig)
{
	return &m->hits[sig->index];
}

const struct hit_group *
matcher_clearing_group(const struct matcher *m, const struct signal *sig,
    const struct hit_group *g)
{
	const struct signal_hits *ch;
	size_t i;

	if (sig->cleared_by == NULL)
		return NULL;
	ch = &m->hits[sig->cleared_by->index];
	for (i = 0; i < ch->ngroups; i++)
		if (strcmp(ch->groups[i].key, g->key) == 0)
			return &ch->groups[i];
	return NULL;
}

int
matcher_group_active(const struct matcher *m, const struct signal *sig,
    const struct hit_group *g)
{
	const struct hit_group *c = matcher_clearing_group(m, sig, g);

	return c == NULL || evidence_order(&g->last, &c->last) > 0;
}
