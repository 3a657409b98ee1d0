/*
 * Every check of the packs against an analysis and its diagnosis, in
 * this order, the first that decides winning:
 *   1. the check's fail rules, in the order written;
 *   2. a cause of the check found by the diagnosis (high or medium
 *      confidence: fail; low: warn), with the cause's summary and
 *      evidence;
 *   3. its warn rules, then its pass rules;
 *   4. with one of the files the check needs: a cause not evaluated
 *      (unknown, with the file the cause needs), else a cause ruled out
 *      (pass, with the reason);
 *   5. unknown, and the check's needs say which file would decide it.
 * Conditions, evidence and templates are diagnose.c's, so that a check
 * reads the bundle exactly as a cause does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze.h"
#include "audit.h"
#include "classify.h"
#include "diagnose.h"
#include "strbuf.h"
#include "xalloc.h"

const char *
check_status_name(enum check_status s)
{
	switch (s) {
	case CHECK_FAIL:
		return "fail";
	case CHECK_WARN:
		return "warn";
	case CHECK_UNKNOWN:
		return "unknown";
	case CHECK_PASS:
		return "pass";
	default:
		return "not_applicable";
	}
}

const char *
check_status_label(enum check_status s)
{
	switch (s) {
	case CHECK_FAIL:
		return "FAIL";
	case CHECK_WARN:
		return "WARN";
	case CHECK_UNKNOWN:
		return "UNKNOWN";
	case CHECK_PASS:
		return "PASS";
	default:
		return "N/A";
	}
}

const char *
audit_verdict(const struct audit *a)
{
	if (a->count[CHECK_FAIL] > 0)
		return "not_ready";
	if (a->count[CHECK_UNKNOWN] > 0)
		return "undecided";
	return "ready";
}

int
audit_fails(const struct audit *a, enum check_status fail_on)
{
	return a->count[CHECK_FAIL] > 0 ||
	    (fail_on == CHECK_WARN && a->count[CHECK_WARN] > 0);
}

/* The guest OS: from the files, else from the instance view. */
static unsigned
guest_platforms(const struct analysis *an)
{
	unsigned p = an->platforms & (PLAT_LINUX | PLAT_WINDOWS);
	const struct fact *f;

	if (p == 0 && (f = facts_get(&an->facts, AUDIT_OS_TYPE_FACT)) != NULL) {
		if (strcasecmp(f->value, "linux") == 0)
			p = PLAT_LINUX;
		else if (strcasecmp(f->value, "windows") == 0)
			p = PLAT_WINDOWS;
	}
	return p;
}

static int
applies(unsigned check_platforms, unsigned platforms)
{
	return check_platforms == 0 || platforms == 0 ||
	    (check_platforms & (platforms | PLAT_CONTROL)) != 0;
}

/* "Ruled out network.dhcp-disabled: a DHCP lease carries ...": the
 * cause's reason, which reads as part of its verdict. */
static char *
ruled_out_summary(const struct verdict *v)
{
	const char *why = v->text != NULL ? v->text : "";
	size_t n = strlen(why);
	char *s;

	xasprintf(&s, "Ruled out %s: %s%s", v->cause->id, why,
	    n > 0 && why[n - 1] == '.' ? "" : ".");
	return s;
}

static int
try_rules(struct check_result *r, const struct check_rule *rules, size_t n,
    enum check_status status, const struct packset *ps,
    const struct analysis *an, const struct diagnosis *d)
{
	struct evidence *ev = NULL;
	size_t i, nev = 0;

	for (i = 0; i < n; i++) {
		if (rules[i].when == NULL || !cond_holds(rules[i].when, an,
		    d->symptom_code, &ev, &nev))
			continue;
		r->status = status;
		r->rule = &rules[i];
		r->summary = template_render(rules[i].summary, an, ps);
		r->ev = ev;
		r->nev = nev;
		return 1;
	}
	return 0;
}

static void
copy_evidence(struct check_result *r, const struct verdict *v)
{
	size_t i;

	if (v->nev == 0)
		return;
	r->ev = xcalloc(v->nev, sizeof *r->ev);
	for (i = 0; i < v->nev; i++)
		evidence_copy(&r->ev[i], &v->ev[i]);
	r->nev = v->nev;
}

/*
 * The verdicts of the check's causes that apply to the VM: with found,
 * only a cause found (the strongest); else one not evaluated (unknown),
 * else one ruled out (pass).
 */
static int
has_needs(const struct check *c, const struct analysis *an)
{
	int k;

	for (k = 0; k < KIND__COUNT; k++)
		if ((c->needs & KIND_BIT(k)) && an->members[k] > 0)
			return 1;
	return 0;
}

/* The check's missing text for the VM's platform (a template). */
static const char *
check_missing(const struct check *c, unsigned platforms)
{
	return c->missing_windows != NULL && platforms == PLAT_WINDOWS ?
	    c->missing_windows : c->missing;
}

static int
by_causes(struct check_result *r, const struct diagnosis *d,
    unsigned platforms, int found_only)
{
	const struct check *c = r->check;
	const struct verdict *v, *found = NULL, *undecided = NULL;
	const struct verdict *ruled = NULL;
	size_t i;

	for (i = 0; i < c->ncauses; i++) {
		if (c->causes[i] == NULL || c->causes[i]->index >= d->n ||
		    !applies(c->causes[i]->platforms, platforms))
			continue;
		v = &d->v[c->causes[i]->index];
		switch (v->status) {
		case VERDICT_FOUND:
			if (found == NULL || v->confidence > found->confidence)
				found = v;
			break;
		case VERDICT_NOT_EVALUATED:
			if (undecided == NULL)
				undecided = v;
			break;
		case VERDICT_RULED_OUT:
			if (ruled == NULL)
				ruled = v;
			break;
		default:
			break;
		}
	}
	if (found != NULL) {
		r->status = found->confidence >= CONF_MEDIUM ? CHECK_FAIL :
		    CHECK_WARN;
		r->summary = xstrdup(found->text);
		copy_evidence(r, found);
		r->cause = found->cause;
	} else if (found_only)
		return 0;
	else if (undecided != NULL) {
		r->status = CHECK_UNKNOWN;
		r->summary = xstrdup("Not decided by this bundle.");
		/* The cause's words: what more it needs (the check's own,
		 * for none of its files, are given by the caller). */
		r->missing = xstrdup(undecided->text);
		r->cause = undecided->cause;
	} else if (ruled != NULL) {
		r->status = CHECK_PASS;
		r->summary = ruled_out_summary(ruled);
		r->cause = ruled->cause;
	} else
		return 0;
	r->by_cause = 1;
	return 1;
}

/* "the bundle's waagent.log and syslog do not decide it" */
static char *
undecided_summary(const struct check *c, const struct analysis *an)
{
	struct strbuf out = STRBUF_INIT;
	int k, n = 0;

	for (k = 0; k < KIND__COUNT; k++) {
		if (!(c->needs & KIND_BIT(k)) || an->members[k] == 0)
			continue;
		strbuf_addstr(&out, n++ == 0 ? "The bundle's " : ", ");
		strbuf_addstr(&out, kind_name((enum source_kind)k));
	}
	if (n == 0)
		strbuf_addstr(&out, "Not decided by this bundle.");
	else
		strbuf_addf(&out, " %s not decide it.", n == 1 ? "does" : "do");
	return strbuf_detach(&out);
}

static void
judge_check(struct check_result *r, const struct packset *ps,
    const struct analysis *an, const struct diagnosis *d, unsigned platforms)
{
	const struct check *c = r->check;
	size_t i;

	if (c->nremedy_windows > 0 && platforms == PLAT_WINDOWS) {
		r->remedy = c->remedy_windows;
		r->nremedy = c->nremedy_windows;
	} else {
		r->remedy = c->remedy;
		r->nremedy = c->nremedy;
	}
	r->doc = c->doc_windows != NULL && platforms == PLAT_WINDOWS ?
	    c->doc_windows : c->doc;
	for (i = 0; i < c->ncauses && r->cause == NULL; i++)
		if (c->causes[i] != NULL &&
		    applies(c->causes[i]->platforms, platforms))
			r->cause = c->causes[i];
	if (!applies(c->platforms, platforms)) {
		r->status = CHECK_NA;
		xasprintf(&r->summary, "Applies to %s VMs; this is a %s VM.",
		    c->platforms & PLAT_WINDOWS ? "Windows" : "Linux",
		    platforms == PLAT_WINDOWS ? "Windows" : "Linux");
		return;
	}
	/* A fault the diagnosis found outranks the check's own warn and
	 * pass rules: a rule that passes on what it sees must not hide
	 * what other files show. */
	if (try_rules(r, c->fail, c->nfail, CHECK_FAIL, ps, an, d) ||
	    by_causes(r, d, platforms, 1) ||
	    try_rules(r, c->warn, c->nwarn, CHECK_WARN, ps, an, d) ||
	    try_rules(r, c->pass, c->npass, CHECK_PASS, ps, an, d))
		return;
	/* Without any file the check needs, a cause ruled out for the
	 * absence of signs elsewhere does not make the check pass. */
	if ((c->needs != 0 && !has_needs(c, an)) ||
	    !by_causes(r, d, platforms, 0)) {
		r->status = CHECK_UNKNOWN;
		r->summary = undecided_summary(c, an);
	}
	if (r->status == CHECK_UNKNOWN && r->missing == NULL)
		r->missing = template_render(check_missing(c, platforms), an,
		    ps);
}

void
audit_run(struct audit *a, const struct packset *ps,
    const struct analysis *an, const struct diagnosis *d)
{
	size_t i;

	memset(a, 0, sizeof *a);
	a->platforms = guest_platforms(an);
	a->n = ps->nchecks;
	a->r = xcalloc(a->n + 1, sizeof *a->r);
	for (i = 0; i < a->n; i++) {
		a->r[i].check = ps->checks[i];
		judge_check(&a->r[i], ps, an, d, a->platforms);
		a->count[a->r[i].status]++;
	}
}

void
audit_free(struct audit *a)
{
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		free(a->r[i].summary);
		free(a->r[i].missing);
		for (j = 0; j < a->r[i].nev; j++)
			evidence_release(&a->r[i].ev[j]);
		free(a->r[i].ev);
	}
	free(a->r);
	memset(a, 0, sizeof *a);
}
