#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze.h"
#include "classify.h"
#include "diagnose.h"
#include "match.h"
#include "strbuf.h"
#include "vercmp.h"
#include "xalloc.h"

/* What evaluating a rule's condition learnt besides true or false. */
struct eval {
	const struct analysis	*an;
	const char		*symptom;	/* the report's error code */
	struct evidence		*ev;		/* collected, when collecting */
	size_t			 nev;
	int			 collect;
	/* A signal that had hits, all cleared by a later record. */
	const struct signal	*transient;
	const struct hit_group	*transient_group;
};

const char *
verdict_status_name(enum verdict_status s)
{
	switch (s) {
	case VERDICT_FOUND:
		return "found";
	case VERDICT_RULED_OUT:
		return "ruled out";
	case VERDICT_NOT_EVALUATED:
		return "not evaluated";
	default:
		return "not applicable";
	}
}

static void
eval_add(struct eval *e, const struct evidence *ev)
{
	size_t i;

	if (!e->collect || ev->file == NULL)
		return;
	for (i = 0; i < e->nev; i++)
		if (e->ev[i].member_seq == ev->member_seq &&
		    e->ev[i].line == ev->line &&
		    strcmp(e->ev[i].file, ev->file) == 0 &&
		    (e->ev[i].line != 0 ||
		    strcmp(e->ev[i].text, ev->text) == 0))
			return;
	if (e->nev >= VERDICT_EVIDENCE_MAX)
		return;
	e->ev = xreallocarray(e->ev, e->nev + 1, sizeof *e->ev);
	memset(&e->ev[e->nev], 0, sizeof e->ev[e->nev]);
	evidence_copy(&e->ev[e->nev], ev);
	e->nev++;
}

static void
eval_reset(struct eval *e)
{
	size_t i;

	for (i = 0; i < e->nev; i++)
		evidence_release(&e->ev[i]);
	free(e->ev);
	e->ev = NULL;
	e->nev = 0;
}

static unsigned long
active_hits(const struct matcher *m, const struct signal *s,
    int include_cleared, const struct hit_group **cleared)
{
	const struct signal_hits *sh = matcher_hits(m, s);
	unsigned long n = 0;
	size_t i;

	*cleared = NULL;
	for (i = 0; i < sh->ngroups; i++) {
		if (include_cleared ||
		    matcher_group_active(m, s, &sh->groups[i]))
			n += sh->groups[i].count;
		else if (*cleared == NULL)
			*cleared = &sh->groups[i];
	}
	return n;
}

static int
eval_signal(struct eval *e, const struct cond *c)
{
	const struct matcher *m = &e->an->matcher;
	const struct signal_hits *sh = matcher_hits(m, c->signal);
	const struct hit_group *cleared;
	unsigned long n;
	size_t i, shown = 0;

	n = active_hits(m, c->signal, c->include_cleared, &cleared);
	if (n < c->min_count) {
		if (cleared != NULL && e->transient == NULL) {
			e->transient = c->signal;
			e->transient_group = cleared;
		}
		return 0;
	}
	/* The first and last hit of the first few active groups. */
	for (i = 0; i < sh->ngroups && shown < 3; i++) {
		if (!c->include_cleared &&
		    !matcher_group_active(m, c->signal, &sh->groups[i]))
			continue;
		eval_add(e, &sh->groups[i].first);
		eval_add(e, &sh->groups[i].last);
		shown++;
	}
	return 1;
}

static int
eval_fact(struct eval *e, const struct cond *c)
{
	const struct fact *f = facts_get(&e->an->facts, c->ref);
	int r = 0;

	if (c->op == FOP_MISSING)
		return f == NULL;
	if (f == NULL)
		return 0;
	switch (c->op) {
	case FOP_EXISTS:
		r = 1;
		break;
	case FOP_EQ:
		r = strcasecmp(f->value, c->value) == 0;
		break;
	case FOP_NE:
		r = strcasecmp(f->value, c->value) != 0;
		break;
	case FOP_MATCHES:
		r = pcre2_match(c->re, (PCRE2_SPTR)f->value,
		    PCRE2_ZERO_TERMINATED, 0, 0, e->an->matcher.md, NULL) >= 0;
		break;
	case FOP_VERSION_LT:
		r = version_valid(f->value) && vercmp(f->value, c->value) < 0;
		break;
	case FOP_VERSION_GE:
		r = version_valid(f->value) && vercmp(f->value, c->value) >= 0;
		break;
	case FOP_LT:
		r = strtod(f->value, NULL) < strtod(c->value, NULL);
		break;
	case FOP_GE:
		r = strtod(f->value, NULL) >= strtod(c->value, NULL);
		break;
	case FOP_GT:
		r = strtod(f->value, NULL) > strtod(c->value, NULL);
		break;
	case FOP_LE:
		r = strtod(f->value, NULL) <= strtod(c->value, NULL);
		break;
	default:
		break;
	}
	if (r)
		eval_add(e, &f->ev);
	return r;
}

/* 1 if the facts a data condition binds match every cell of the row
 * that names their columns. */
static int
row_matches(struct eval *e, const struct cond *c, const struct data_row *row)
{
	const struct fact *f;
	size_t i, k;

	for (i = 0; i < c->ncolumns; i++) {
		for (k = 0; k < row->ncells; k++)
			if (strcmp(row->cells[k].column, c->columns[i]) == 0)
				break;
		if (k == row->ncells)
			continue;	/* the row takes any value */
		if ((f = facts_get(&e->an->facts, c->column_facts[i])) ==
		    NULL || row->cells[k].re == NULL ||
		    pcre2_match(row->cells[k].re, (PCRE2_SPTR)f->value,
		    PCRE2_ZERO_TERMINATED, 0, 0, e->an->matcher.md, NULL) < 0)
			return 0;
	}
	return 1;
}

/* The facts match a row of the table; every fact must be known. */
static int
eval_data(struct eval *e, const struct cond *c)
{
	const struct fact *f;
	size_t i;

	if (c->data == NULL)
		return 0;
	for (i = 0; i < c->ncolumns; i++)
		if (facts_get(&e->an->facts, c->column_facts[i]) == NULL)
			return 0;
	for (i = 0; i < c->data->nrows; i++)
		if (row_matches(e, c, &c->data->rows[i]))
			break;
	if (i == c->data->nrows)
		return 0;
	for (i = 0; i < c->ncolumns; i++)
		if ((f = facts_get(&e->an->facts, c->column_facts[i])) != NULL)
			eval_add(e, &f->ev);
	return 1;
}

/* The last hit of a signal over all its groups, or NULL. */
static const struct evidence *
last_hit(const struct matcher *m, const struct signal *s)
{
	const struct signal_hits *sh = matcher_hits(m, s);
	const struct evidence *last = NULL;
	size_t i;

	for (i = 0; i < sh->ngroups; i++)
		if (last == NULL || evidence_order(&sh->groups[i].last,
		    last) > 0)
			last = &sh->groups[i].last;
	return last;
}

/* The newest record of the kinds in the zone of last. */
static int
newest_record(const struct matcher *m, kind_mask kinds,
    enum vtime_zone zone, struct evidence *out)
{
	struct evidence ev;
	int k, found = 0;

	memset(&ev, 0, sizeof ev);
	for (k = 0; k < KIND__COUNT; k++) {
		if (!(kinds & KIND_BIT(k)) ||
		    !matcher_newest(m, (enum source_kind)k, zone, &ev))
			continue;
		if (!found || ev.time.us > out->time.us) {
			evidence_copy(out, &ev);
			found = 1;
		}
	}
	evidence_release(&ev);
	return found;
}

static int
eval_stale(struct eval *e, const struct cond *c)
{
	const struct matcher *m = &e->an->matcher;
	const struct evidence *last = last_hit(m, c->signal);
	struct evidence newest;
	int r;

	if (last == NULL || last->time.zone == VTIME_NONE)
		return 0;
	memset(&newest, 0, sizeof newest);
	if (!newest_record(m, c->kinds != 0 ? c->kinds : c->signal->kinds,
	    last->time.zone, &newest))
		return 0;
	r = newest.time.us - last->time.us > (int64_t)c->minutes * 60000000;
	if (r) {
		eval_add(e, last);
		eval_add(e, &newest);
	}
	evidence_release(&newest);
	return r;
}

static int
kinds_present(const struct analysis *an, kind_mask kinds)
{
	int k;

	for (k = 0; k < KIND__COUNT; k++)
		if ((kinds & KIND_BIT(k)) && an->members[k] > 0)
			return 1;
	return 0;
}

static int
cond_eval(struct eval *e, const struct cond *c)
{
	size_t i;
	int r, collect;

	switch (c->type) {
	case COND_SIGNAL:
		return eval_signal(e, c);
	case COND_FACT:
		return eval_fact(e, c);
	case COND_KIND:
		return kinds_present(e->an, c->kinds);
	case COND_STALE:
		return eval_stale(e, c);
	case COND_SYMPTOM:
		return e->symptom != NULL && strcasecmp(e->symptom, c->ref) == 0;
	case COND_DATA:
		return eval_data(e, c);
	case COND_ALL:
		for (i = 0; i < c->nsub; i++)
			if (!cond_eval(e, c->sub[i]))
				return 0;
		return 1;
	case COND_ANY:
		/* Every true branch is evaluated, for its evidence. */
		for (r = 0, i = 0; i < c->nsub; i++)
			r |= cond_eval(e, c->sub[i]);
		return r;
	case COND_NOT:
		collect = e->collect;
		e->collect = 0;
		r = !cond_eval(e, c->sub[0]);
		e->collect = collect;
		return r;
	}
	return 0;
}

/* The group_by values of a signal's hits: "SqlServerWriter, System
 * Writer"; a few, then how many more. */
static void
render_groups(struct strbuf *out, const struct signal_hits *sh)
{
	const char *k;
	size_t i, shown = 0;

	for (i = 0; i < sh->ngroups; i++) {
		k = sh->groups[i].key;
		if (*k == '\0')
			continue;
		if (shown == 4) {
			strbuf_addf(out, " and %zu more", sh->ngroups - i);
			break;
		}
		if (shown++ > 0)
			strbuf_addstr(out, ", ");
		for (; *k != '\0'; k++)
			strbuf_addch(out, *k == '\x1f' ? ' ' : *k);
	}
	if (shown == 0)
		strbuf_addstr(out, "unknown");
}

/*
 * Expands the templates of a summary, reason or missing text:
 * {fact:ID}, {count:SIGNAL}, {first:SIGNAL}, {last:SIGNAL} (times),
 * {groups:SIGNAL} (the group_by values of its hits), {data:ID} (a pack
 * data value, or a table's row names), {as_of:ID} (its date).
 */
static char *
render(const char *tmpl, const struct analysis *an, const struct packset *ps)
{
	struct strbuf out = STRBUF_INIT;
	const struct fact *f;
	const struct pack_data *d;
	const struct signal *s;
	const struct signal_hits *sh;
	const struct evidence *ev;
	const char *p, *close, *colon;
	char key[16], ref[256], when[40];
	size_t i;

	for (p = tmpl; *p != '\0'; p++) {
		if (*p != '{' || (close = strchr(p, '}')) == NULL ||
		    (colon = memchr(p, ':', (size_t)(close - p))) == NULL ||
		    (size_t)(colon - p - 1) >= sizeof key ||
		    (size_t)(close - colon - 1) >= sizeof ref) {
			strbuf_addch(&out, *p);
			continue;
		}
		snprintf(key, sizeof key, "%.*s", (int)(colon - p - 1), p + 1);
		snprintf(ref, sizeof ref, "%.*s", (int)(close - colon - 1),
		    colon + 1);
		p = close;
		if (strcmp(key, "fact") == 0) {
			f = facts_get(&an->facts, ref);
			strbuf_addstr(&out, f != NULL ? f->value : "unknown");
			continue;
		}
		if (strcmp(key, "data") == 0 || strcmp(key, "as_of") == 0) {
			if ((d = packset_data(ps, ref)) == NULL)
				strbuf_addstr(&out, "?");
			else if (strcmp(key, "as_of") == 0)
				strbuf_addstr(&out, d->as_of != NULL ?
				    d->as_of : "?");
			else
				pack_data_describe(d, &out);
			continue;
		}
		if ((s = packset_signal(ps, ref)) == NULL) {
			strbuf_addstr(&out, "?");
			continue;
		}
		sh = matcher_hits(&an->matcher, s);
		if (strcmp(key, "count") == 0) {
			strbuf_addf(&out, "%lu", sh->count);
			continue;
		}
		if (strcmp(key, "groups") == 0) {
			render_groups(&out, sh);
			continue;
		}
		ev = NULL;
		for (i = 0; i < sh->ngroups; i++) {
			const struct evidence *g = strcmp(key, "first") == 0 ?
			    &sh->groups[i].first : &sh->groups[i].last;

			if (ev == NULL || (strcmp(key, "first") == 0 ?
			    evidence_order(g, ev) < 0 :
			    evidence_order(g, ev) > 0))
				ev = g;
		}
		if (ev != NULL && ev->time.zone != VTIME_NONE) {
			vtime_format(&ev->time, when, sizeof when);
			strbuf_addstr(&out, when);
		} else
			strbuf_addstr(&out, "unknown");
	}
	return strbuf_detach(&out);
}

/* "no sign of it in waagent.log, waagent.conf" from the kinds present. */
static char *
absent_reason(const struct cause *c, const struct analysis *an)
{
	struct strbuf out = STRBUF_INIT;
	int k, n = 0;

	strbuf_addstr(&out, "no sign of it in ");
	for (k = 0; k < KIND__COUNT; k++) {
		if (!(c->needs & KIND_BIT(k)) || an->members[k] == 0)
			continue;
		if (n++ > 0)
			strbuf_addstr(&out, ", ");
		strbuf_addstr(&out, kind_name((enum source_kind)k));
	}
	return strbuf_detach(&out);
}

static char *
transient_reason(const struct eval *e)
{
	const struct hit_group *g = e->transient_group;
	const struct hit_group *c;
	char when[40], cleared[40];
	char *s;

	c = matcher_clearing_group(&e->an->matcher, e->transient, g);
	vtime_format(&g->last.time, when, sizeof when);
	vtime_format(&c->last.time, cleared, sizeof cleared);
	xasprintf(&s, "transient: %s seen %lu time%s, last %s%s, then "
	    "cleared by %s:%lu%s%s", e->transient->title != NULL ?
	    e->transient->title : e->transient->id, g->count,
	    g->count == 1 ? "" : "s", *when != '\0' ? "at " : "", when,
	    c->last.file, c->last.line, *cleared != '\0' ? " at " : "",
	    cleared);
	return s;
}

/* Causes both platforms share word their needs and fixes per platform. */
static int
windows_only(const struct analysis *an)
{
	return (an->platforms & (PLAT_LINUX | PLAT_WINDOWS)) == PLAT_WINDOWS;
}

static void
judge(struct verdict *v, const struct packset *ps, const struct analysis *an,
    const struct diagnosis *d)
{
	const struct cause *c = v->cause;
	unsigned platforms = an->platforms;
	struct eval e;
	size_t i;

	memset(&e, 0, sizeof e);
	e.an = an;
	e.symptom = d->symptom_code;
	if (c->nremedy_windows > 0 && windows_only(an)) {
		v->remedy = c->remedy_windows;
		v->nremedy = c->nremedy_windows;
	} else {
		v->remedy = c->remedy;
		v->nremedy = c->nremedy;
	}
	/* A guest cause of the other guest OS does not apply; causes the
	 * control plane decides apply to every VM. */
	platforms &= PLAT_LINUX | PLAT_WINDOWS;
	if (platforms != 0 && !(c->platforms & (platforms | PLAT_CONTROL))) {
		v->status = VERDICT_NOT_APPLICABLE;
		xasprintf(&v->text, "applies to %s VMs; the bundle is from a "
		    "%s VM", c->platforms & PLAT_WINDOWS ? "Windows" :
		    c->platforms & PLAT_LINUX ? "Linux" : "other",
		    analysis_platform_name(an));
		return;
	}
	for (i = 0; i < c->nfound; i++) {
		e.collect = 1;
		if (cond_eval(&e, c->found[i].when)) {
			v->status = VERDICT_FOUND;
			v->confidence = c->found[i].confidence;
			v->text = render(c->found[i].summary, an, ps);
			v->ev = e.ev;
			v->nev = e.nev;
			return;
		}
		eval_reset(&e);
	}
	e.collect = 0;
	for (i = 0; i < c->nruled_out; i++)
		if (cond_eval(&e, c->ruled_out[i].when)) {
			v->status = VERDICT_RULED_OUT;
			v->text = render(c->ruled_out[i].why, an, ps);
			return;
		}
	for (i = 0; i < c->nundecided; i++)
		if (cond_eval(&e, c->undecided[i].when)) {
			v->status = VERDICT_NOT_EVALUATED;
			v->text = render(c->undecided[i].why, an, ps);
			return;
		}
	if (e.transient != NULL) {
		v->status = VERDICT_RULED_OUT;
		v->text = transient_reason(&e);
		return;
	}
	if (kinds_present(an, c->needs)) {
		v->status = VERDICT_RULED_OUT;
		v->text = absent_reason(c, an);
		return;
	}
	v->status = VERDICT_NOT_EVALUATED;
	v->text = render(c->missing_windows != NULL && windows_only(an) ?
	    c->missing_windows : c->missing, an, ps);
}

/* The verdict index of a cause. */
static size_t
index_of(const struct diagnosis *d, const struct cause *c)
{
	return c->index < d->n ? c->index : d->n;
}

/* Longest path of found causes from v along leads_to; into path, returns
 * its length.  on_path marks the causes above v: a cycle in hand-written
 * packs is not followed twice. */
static size_t
longest_chain(const struct diagnosis *d, size_t v, size_t *path,
    unsigned char *on_path)
{
	const struct cause *c = d->v[v].cause;
	size_t *best, *tmp, nbest = 0, n, i, w;

	path[0] = v;
	on_path[v] = 1;
	best = xcalloc(d->n + 1, sizeof *best);
	tmp = xcalloc(d->n + 1, sizeof *tmp);
	for (i = 0; i < c->nleads_to; i++) {
		if (c->leads_to[i] == NULL ||
		    (w = index_of(d, c->leads_to[i])) >= d->n ||
		    d->v[w].status != VERDICT_FOUND || on_path[w])
			continue;
		n = longest_chain(d, w, tmp, on_path);
		if (n > nbest) {
			memcpy(best, tmp, n * sizeof *tmp);
			nbest = n;
		}
	}
	memcpy(path + 1, best, nbest * sizeof *best);
	free(best);
	free(tmp);
	on_path[v] = 0;
	return nbest + 1;
}

static int
code_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The codes explained by the chain from position 'from' on. */
static void
chain_codes(struct verdict *v, const struct diagnosis *d, size_t from)
{
	const struct cause *c;
	size_t i, j, k;

	for (i = from; i < v->nchain; i++) {
		c = d->v[v->chain[i]].cause;
		for (j = 0; j < c->nexplains; j++) {
			for (k = 0; k < v->ncodes; k++)
				if (strcmp(v->codes[k], c->explains[j]) == 0)
					break;
			if (k < v->ncodes)
				continue;
			v->codes = xreallocarray(v->codes, v->ncodes + 1,
			    sizeof *v->codes);
			v->codes[v->ncodes++] = xstrdup(c->explains[j]);
		}
	}
	if (v->ncodes > 1)
		qsort(v->codes, v->ncodes, sizeof *v->codes, code_cmp);
}

static void
link_findings(struct diagnosis *d)
{
	size_t i, j, k, *path;
	unsigned char *on_path;
	const struct cause *c;
	struct verdict *v;

	/* Roots: found causes that no other found cause leads to. */
	for (i = 0; i < d->n; i++)
		d->v[i].root = d->v[i].status == VERDICT_FOUND;
	for (i = 0; i < d->n; i++) {
		if (d->v[i].status != VERDICT_FOUND)
			continue;
		c = d->v[i].cause;
		for (j = 0; j < c->nleads_to; j++)
			if (c->leads_to[j] != NULL &&
			    (k = index_of(d, c->leads_to[j])) < d->n &&
			    k != i && d->v[k].status == VERDICT_FOUND)
				d->v[k].root = 0;
	}
	path = xcalloc(d->n + 1, sizeof *path);
	on_path = xcalloc(d->n + 1, 1);
	for (i = 0; i < d->n; i++) {
		if (!d->v[i].root)
			continue;
		v = &d->v[i];
		v->nchain = longest_chain(d, i, path, on_path);
		v->chain = xcalloc(v->nchain, sizeof *v->chain);
		memcpy(v->chain, path, v->nchain * sizeof *path);
		chain_codes(v, d, 0);
	}
	/* A consequence carries the chain of the first root it lies on. */
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (v->status != VERDICT_FOUND || v->root)
			continue;
		for (j = 0; j < d->n && v->chain == NULL; j++) {
			if (!d->v[j].root)
				continue;
			for (k = 0; k < d->v[j].nchain; k++)
				if (d->v[j].chain[k] == i)
					break;
			if (k == d->v[j].nchain)
				continue;
			v->nchain = k + 1;
			v->chain = xcalloc(v->nchain, sizeof *v->chain);
			memcpy(v->chain, d->v[j].chain, v->nchain *
			    sizeof *v->chain);
		}
		if (v->chain == NULL) {
			/* Off every longest chain (a cycle, or a side
			 * branch): it stands alone. */
			v->nchain = 1;
			v->chain = xcalloc(1, sizeof *v->chain);
			v->chain[0] = i;
		}
		chain_codes(v, d, v->nchain - 1);
	}
	free(on_path);
	free(path);
}

static int
finding_cmp(const struct diagnosis *d, size_t a, size_t b)
{
	const struct verdict *x = &d->v[a], *y = &d->v[b];
	int ex, ey;

	/* What explains the error code the user saw comes first. */
	if (d->symptom_code != NULL) {
		ex = verdict_explains(x, d->symptom_code);
		ey = verdict_explains(y, d->symptom_code);
		if (ex != ey)
			return ex ? -1 : 1;
	}
	if (x->root != y->root)
		return x->root ? -1 : 1;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void
order_findings(struct diagnosis *d)
{
	size_t i, j, t;

	d->findings = xcalloc(d->n + 1, sizeof *d->findings);
	for (i = 0; i < d->n; i++)
		if (d->v[i].status == VERDICT_FOUND)
			d->findings[d->nfindings++] = i;
	/* Few findings: an insertion sort keeps it stable and simple. */
	for (i = 1; i < d->nfindings; i++)
		for (j = i; j > 0 && finding_cmp(d, d->findings[j - 1],
		    d->findings[j]) > 0; j--) {
			t = d->findings[j];
			d->findings[j] = d->findings[j - 1];
			d->findings[j - 1] = t;
		}
}

int
cause_explains(const struct cause *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->nexplains; i++)
		if (strcasecmp(c->explains[i], code) == 0)
			return 1;
	return 0;
}

int
verdict_explains(const struct verdict *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->ncodes; i++)
		if (strcasecmp(v->codes[i], code) == 0)
			return 1;
	return 0;
}

/* The job that failed with the symptom, then what shows it from the
 * control plane, oldest first. */
static void
symptom_evidence(struct diagnosis *d, const struct analysis *an)
{
	const struct signal_hits *sh;
	struct eval e;
	size_t i, j;

	memset(&e, 0, sizeof e);
	e.an = an;
	e.collect = 1;
	if (d->symptom_fact != NULL)
		eval_add(&e, &d->symptom_fact->ev);
	for (i = 0; d->symptom != NULL && i < d->symptom->nobserved_by; i++) {
		sh = matcher_hits(&an->matcher, d->symptom->observed_by[i]);
		for (j = 0; j < sh->ngroups && j < 3; j++) {
			eval_add(&e, &sh->groups[j].first);
			eval_add(&e, &sh->groups[j].last);
		}
	}
	d->symptom_ev = e.ev;
	d->nsymptom_ev = e.nev;
}

int
cond_holds(const struct cond *c, const struct analysis *an,
    const char *symptom, struct evidence **ev, size_t *nev)
{
	struct eval e;
	int r;

	memset(&e, 0, sizeof e);
	e.an = an;
	e.symptom = symptom;
	e.collect = ev != NULL;
	r = cond_eval(&e, c);
	if (r && ev != NULL) {
		*ev = e.ev;
		*nev = e.nev;
	} else
		eval_reset(&e);
	return r;
}

char *
template_render(const char *tmpl, const struct analysis *an,
    const struct packset *ps)
{
	return render(tmpl, an, ps);
}

void
diagnose(struct diagnosis *d, const struct packset *ps,
    const struct analysis *an, const char *symptom_code)
{
	size_t i;

	memset(d, 0, sizeof *d);
	d->n = ps->ncauses;
	d->v = xcalloc(d->n + 1, sizeof *d->v);
	if (symptom_code == NULL && (d->symptom_fact = facts_get(&an->facts,
	    SYMPTOM_FACT)) != NULL)
		symptom_code = d->symptom_fact->value;
	d->symptom_code = symptom_code;
	if (symptom_code != NULL)
		d->symptom = packset_symptom(ps, symptom_code);
	symptom_evidence(d, an);
	for (i = 0; i < d->n; i++) {
		d->v[i].cause = ps->causes[i];
		judge(&d->v[i], ps, an, d);
	}
	link_findings(d);
	order_findings(d);
}

void
diagnosis_free(struct diagnosis *d)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].text);
		for (j = 0; j < d->v[i].nev; j++)
			evidence_release(&d->v[i].ev[j]);
		free(d->v[i].ev);
		free(d->v[i].chain);
		for (j = 0; j < d->v[i].ncodes; j++)
			free(d->v[i].codes[j]);
		free(d->v[i].codes);
	}
	free(d->v);
	free(d->findings);
	for (i = 0; i < d->nsymptom_ev; i++)
		evidence_release(&d->symptom_ev[i]);
	free(d->symptom_ev);
	memset(d, 0, sizeof *d);
}
