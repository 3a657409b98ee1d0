/*
 * The audit's reports: a readiness checklist in JSON (schema
 * vmtriage/audit/1), text, Markdown and one self-contained HTML file.
 * Bundle text and evidence go through each format's own helpers of the
 * diagnosis report (report_int.h), so that they are redacted and
 * escaped the same way; no time of generation is written.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "audit.h"
#include "redact.h"
#include "pack.h"
#include "report.h"
#include "report_int.h"
#include "strbuf.h"
#include "xalloc.h"

/* The order checks are shown in: worst first, pack order within. */
static void
each_by_status(const struct audit *a, enum check_status s,
    void (*fn)(void *, const struct check_result *), void *arg)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->r[i].status == s)
			fn(arg, &a->r[i]);
}

static const char *
verdict_words(const struct audit *a)
{
	const char *v = audit_verdict(a);

	if (strcmp(v, "not_ready") == 0)
		return "Not ready for Azure Backup";
	if (strcmp(v, "undecided") == 0)
		return "Undecided: no check fails, but some cannot be decided";
	return "Ready for Azure Backup";
}

/* "3 fail, 1 warn, 2 unknown, 12 pass, 3 not applicable" */
static void
counts_words(const struct audit *a, struct strbuf *out)
{
	static const char *const words[CHECK__COUNT] = {
		"fail", "warn", "unknown", "pass", "not applicable",
	};
	int s, n = 0;

	for (s = 0; s < CHECK__COUNT; s++) {
		if (a->count[s] == 0)
			continue;
		strbuf_addf(out, "%s%zu %s", n++ > 0 ? ", " : "", a->count[s],
		    words[s]);
	}
	if (n == 0)
		strbuf_addstr(out, "no check in the packs");
}

/* JSON */

static cJSON *
data_json(const struct pack_data *d)
{
	cJSON *o = cJSON_CreateObject(), *rows;
	size_t i;

	report_jstr(o, "id", d->id);
	report_jstr(o, "title", d->title);
	if (d->value != NULL)
		report_jstr(o, "value", d->value);
	else {
		rows = cJSON_AddArrayToObject(o, "rows");
		for (i = 0; i < d->nrows; i++)
			report_jpush(rows, d->rows[i].name);
	}
	report_jstr(o, "source", d->source);
	report_jstr(o, "as_of", d->as_of);
	if (d->note != NULL)
		report_jstr(o, "note", d->note);
	return o;
}

static cJSON *
check_json(const struct check_result *r)
{
	const struct check *c = r->check;
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t i;

	report_jstr(o, "id", c->id);
	report_jstr(o, "title", c->title);
	report_jstr(o, "status", check_status_name(r->status));
	report_jstr(o, "summary", r->summary);
	arr = cJSON_AddArrayToObject(o, "evidence");
	for (i = 0; i < r->nev; i++)
		cJSON_AddItemToArray(arr, report_evidence_json(&r->ev[i]));
	arr = cJSON_AddArrayToObject(o, "remedy");
	for (i = 0; i < r->nremedy; i++)
		report_jpush(arr, r->remedy[i]);
	report_jstr(o, "doc", r->doc);
	report_jstr(o, "cause", r->cause != NULL ? r->cause->id : NULL);
	cJSON_AddBoolToObject(o, "decided_by_cause", r->by_cause);
	report_jstr(o, "missing", r->missing);
	arr = cJSON_AddArrayToObject(o, "data");
	for (i = 0; i < c->ndata; i++)
		cJSON_AddItemToArray(arr, data_json(c->data[i]));
	return o;
}

cJSON *
report_audit_object(const struct analysis *an, const struct audit *a)
{
	cJSON *root, *o, *arr;
	size_t i;

	root = cJSON_CreateObject();
	report_jstr(root, "schema", AUDIT_SCHEMA);
	o = cJSON_AddObjectToObject(root, "tool");
	report_jstr(o, "name", PACKAGE_NAME);
	report_jstr(o, "version", PACKAGE_VERSION);
	cJSON_AddItemToObject(root, "bundle", report_bundle_json(an));
	report_jstr(root, "verdict", audit_verdict(a));
	o = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(o, "pass", (double)a->count[CHECK_PASS]);
	cJSON_AddNumberToObject(o, "warn", (double)a->count[CHECK_WARN]);
	cJSON_AddNumberToObject(o, "fail", (double)a->count[CHECK_FAIL]);
	cJSON_AddNumberToObject(o, "unknown", (double)a->count[CHECK_UNKNOWN]);
	cJSON_AddNumberToObject(o, "not_applicable",
	    (double)a->count[CHECK_NA]);
	arr = cJSON_AddArrayToObject(root, "checks");
	for (i = 0; i < a->n; i++)
		cJSON_AddItemToArray(arr, check_json(&a->r[i]));
	return root;
}

int
report_audit_json(FILE *out, const struct analysis *an, const struct audit *a,
    const struct report_opts *opts)
{
	cJSON *root;
	char *text;
	int r;

	(void)opts;
	root = report_audit_object(an, a);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		fatal("out of memory rendering the JSON audit");
	r = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	cJSON_free(text);
	return r;
}

/* Text */

struct tout {
	FILE	*f;
	int	 color;
	int	 all;
};

static void
put(struct tout *o, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
put(struct tout *o, int style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vput(o->f, o->color, style, fmt, ap);
	va_end(ap);
}

static const int status_style[CHECK__COUNT] = {
	S_RED, S_YELLOW, S_CYAN, S_GREEN, S_DIM,
};

/* The data the deciding rule compared with, and where it comes from. */
static void
put_data(struct tout *o, const struct check_rule *rule)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; rule != NULL && i < rule->ndata; i++) {
		strbuf_reset(&sb);
		pack_data_describe(rule->data[i], &sb);
		put(o, S_DIM, "  Compared with %s = %s (%s, as of %s)\n",
		    rule->data[i]->id, strbuf_str(&sb), rule->data[i]->source,
		    rule->data[i]->as_of);
	}
	strbuf_release(&sb);
}

static void
put_head(struct tout *o, const struct check_result *r)
{
	put(o, status_style[r->status], "%-8s", check_status_label(r->status));
	put(o, S_BOLD, " %s", r->check->id);
	put(o, -1, "  %s\n", r->check->title);
}

static void
put_detailed(void *arg, const struct check_result *r)
{
	struct tout *o = arg;
	size_t i;

	put_head(o, r);
	put(o, -1, "  %s\n", r->summary);
	if (r->nev > 0) {
		put(o, -1, "  Evidence:\n");
		for (i = 0; i < r->nev; i++)
			text_evidence(o->f, o->color, &r->ev[i]);
	}
	put(o, -1, "  Fix:\n");
	for (i = 0; i < r->nremedy; i++)
		put(o, -1, "    %zu. %s\n", i + 1, r->remedy[i]);
	put_data(o, r->rule);
	put(o, S_DIM, "  Doc: %s", r->doc);
	if (r->cause != NULL)
		put(o, S_DIM, "  Cause: %s", r->cause->id);
	put(o, -1, "\n\n");
}

static void
put_unknown(void *arg, const struct check_result *r)
{
	struct tout *o = arg;

	put_head(o, r);
	put(o, -1, "  %s Needs: %s\n", r->summary, r->missing != NULL ?
	    r->missing : "?");
}

static void
put_line(void *arg, const struct check_result *r)
{
	struct tout *o = arg;
	size_t i;

	put(o, status_style[r->status], "%-8s", check_status_label(r->status));
	put(o, -1, " %-34s %s\n", r->check->id, r->summary);
	if (!o->all || r->status != CHECK_PASS)
		return;
	for (i = 0; i < r->nev; i++)
		text_evidence(o->f, o->color, &r->ev[i]);
}

int
report_audit_text(FILE *f, const struct analysis *an, const struct audit *a,
    const struct report_opts *opts)
{
	struct strbuf sb = STRBUF_INIT;
	struct tout o;

	o.f = f;
	o.color = opts->color;
	o.all = opts->all_checks;
	text_bundle(f, o.color, an);
	counts_words(a, &sb);
	put(&o, a->count[CHECK_FAIL] > 0 ? S_RED : a->count[CHECK_UNKNOWN] >
	    0 ? S_YELLOW : S_GREEN, "%s", verdict_words(a));
	put(&o, -1, ": %s.\n\n", strbuf_str(&sb));
	strbuf_release(&sb);
	each_by_status(a, CHECK_FAIL, put_detailed, &o);
	each_by_status(a, CHECK_WARN, put_detailed, &o);
	if (a->count[CHECK_UNKNOWN] > 0) {
		each_by_status(a, CHECK_UNKNOWN, put_unknown, &o);
		put(&o, -1, "\n");
	}
	each_by_status(a, CHECK_PASS, put_line, &o);
	each_by_status(a, CHECK_NA, put_line, &o);
	return ferror(f) ? -1 : 0;
}

/* Markdown */

static void
md_row(void *arg, const struct check_result *r)
{
	struct md *o = arg;

	md_raw(o, "| %s%s%s | ", r->status <= CHECK_WARN ? "**" : "",
	    check_status_label(r->status), r->status <= CHECK_WARN ? "**" :
	    "");
	md_code(o, "%s", r->check->id);
	md_raw(o, " ");
	md_text(o, "%s", r->check->title);
	md_raw(o, " | ");
	md_text(o, "%s", r->summary);
	if (r->status == CHECK_UNKNOWN && r->missing != NULL)
		md_text(o, " Needs: %s", r->missing);
	md_raw(o, " |\n");
}

static void
md_detailed(void *arg, const struct check_result *r)
{
	struct md *o = arg;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	md_raw(o, "## %s: ", check_status_label(r->status));
	md_code(o, "%s", r->check->id);
	md_raw(o, "\n\n**");
	md_text(o, "%s", r->check->title);
	md_raw(o, "**\n\n");
	md_para(o, r->summary);
	md_raw(o, "\n\n");
	if (r->nev > 0) {
		md_raw(o, "**Evidence:**\n\n");
		for (i = 0; i < r->nev; i++)
			md_evidence(o, &r->ev[i]);
	}
	if (r->nremedy > 0) {
		md_raw(o, "**Fix:**\n\n");
		for (i = 0; i < r->nremedy; i++) {
			md_raw(o, "%zu. ", i + 1);
			md_pack_text(o, r->remedy[i]);
			md_raw(o, "\n");
		}
		md_raw(o, "\n");
	}
	for (i = 0; r->rule != NULL && i < r->rule->ndata; i++) {
		strbuf_reset(&sb);
		pack_data_describe(r->rule->data[i], &sb);
		md_raw(o, "%s", i == 0 ? "**Compared with:**\n\n" : "");
		md_raw(o, "- ");
		md_code(o, "%s", r->rule->data[i]->id);
		md_text(o, " = %s, as of %s: ", strbuf_str(&sb),
		    r->rule->data[i]->as_of);
		md_link(o, r->rule->data[i]->source);
		md_raw(o, "\n%s", i + 1 == r->rule->ndata ? "\n" : "");
	}
	strbuf_release(&sb);
	md_raw(o, "**Doc:** ");
	md_link(o, r->doc);
	if (r->cause != NULL) {
		md_raw(o, " · **Cause:** ");
		md_code(o, "%s", r->cause->id);
	}
	md_raw(o, "\n\n");
}

int
report_audit_markdown(FILE *f, const struct analysis *an,
    const struct audit *a, const struct report_opts *opts)
{
	struct strbuf sb = STRBUF_INIT;
	struct md o;
	const char *base;
	char *name;
	size_t n;
	int s;

	(void)opts;
	o.f = f;
	o.in_table = 0;
	base = report_basename(an->path, &n);
	name = xstrndup(base, n);
	md_raw(&o, "# vmtriage audit: ");
	md_text(&o, "%s", name);
	free(name);
	counts_words(a, &sb);
	md_raw(&o, "\n\n> **%s:** ", verdict_words(a));
	md_text(&o, "%s.", strbuf_str(&sb));
	md_raw(&o, "\n\n");
	strbuf_release(&sb);
	md_bundle_line(&o, an);
	md_raw(&o, "## Checklist\n\n| Status | Check | Summary |\n"
	    "|---|---|---|\n");
	o.in_table = 1;
	for (s = 0; s < CHECK__COUNT; s++)
		each_by_status(a, (enum check_status)s, md_row, &o);
	o.in_table = 0;
	md_raw(&o, "\n");
	each_by_status(a, CHECK_FAIL, md_detailed, &o);
	each_by_status(a, CHECK_WARN, md_detailed, &o);
	md_read(&o, an);
	return ferror(f) ? -1 : 0;
}

/* HTML */

static const char *const state_class[CHECK__COUNT] = {
	"fail", "warn", "unknown", "pass", "na",
};

static void
h_state_badge(struct html *o, enum check_status s)
{
	h_raw(o, "<span class=\"state %s\">%s</span>", state_class[s],
	    check_status_label(s));
}

static void
h_audit_head(struct html *o, const struct analysis *an, const struct audit *a)
{
	const char *base;
	char *name;
	size_t n;

	base = report_basename(an->path, &n);
	name = xstrndup(base, n);
	h_raw(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"vmtriage %s\">\n"
	    "<title>", PACKAGE_VERSION);
	h_str(o, verdict_words(a));
	h_text(o, " \xe2\x80\x94 %s \xe2\x80\x94 vmtriage audit", name);
	h_raw(o, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n",
	    html_css, audit_css);
	h_raw(o, "<header class=\"bar\"><div class=\"in\"><b>vmtriage</b>"
	    "<span>backup readiness audit of</span><code>");
	h_str(o, an->path);
	h_raw(o, "</code></div></header>\n<main>\n");
	free(name);
}

/* The ids of the checks of a status, linked to their cards. */
static void
h_id_list(struct html *o, const struct audit *a, enum check_status s)
{
	size_t i, k = 0;

	for (i = 0; i < a->n; i++) {
		if (a->r[i].status != s)
			continue;
		h_raw(o, "%s<a href=\"#check-", k++ > 0 ? ", " : "");
		h_str(o, a->r[i].check->id);
		h_raw(o, "\"><code>");
		h_str(o, a->r[i].check->id);
		h_raw(o, "</code></a>");
	}
}

static void
h_audit_verdict(struct html *o, const struct analysis *an,
    const struct audit *a)
{
	const char *v = audit_verdict(a);
	int s;

	h_raw(o, "<section id=\"verdict\" class=\"verdict%s\">\n"
	    "<p class=\"kicker\">Backup readiness</p>\n<h1>",
	    strcmp(v, "ready") == 0 ? " ok" : strcmp(v, "undecided") == 0 ?
	    " undecided" : "");
	h_str(o, verdict_words(a));
	h_raw(o, "</h1>\n<p class=\"summary\">");
	if (a->count[CHECK_FAIL] > 0) {
		h_raw(o, "%zu check%s fail%s: ", a->count[CHECK_FAIL],
		    a->count[CHECK_FAIL] == 1 ? "" : "s",
		    a->count[CHECK_FAIL] == 1 ? "s" : "");
		h_id_list(o, a, CHECK_FAIL);
		h_raw(o, ".");
	} else if (a->count[CHECK_UNKNOWN] > 0)
		h_raw(o, "No check fails, but %zu cannot be decided from this "
		    "bundle: the checklist says what would decide them.",
		    a->count[CHECK_UNKNOWN]);
	else
		h_raw(o, "Every check that applies to this VM passes.");
	if (a->count[CHECK_WARN] > 0) {
		h_raw(o, " Warnings: ");
		h_id_list(o, a, CHECK_WARN);
		h_raw(o, ".");
	}
	h_raw(o, "</p>\n<div class=\"stats\">");
	for (s = 0; s < CHECK__COUNT; s++)
		h_raw(o, "<span><b>%zu</b> %s</span>", a->count[s],
		    s == CHECK_NA ? "not applicable" :
		    check_status_name((enum check_status)s));
	h_raw(o, "<span>");
	h_text(o, "%s bundle, %s layout", analysis_platform_name(an),
	    analysis_layout(an));
	h_raw(o, "</span></div>\n</section>\n");
}

static void
h_row(void *arg, const struct check_result *r)
{
	struct html *o = arg;
	int card = r->status == CHECK_FAIL || r->status == CHECK_WARN;

	h_raw(o, "<tr id=\"row-");
	h_str(o, r->check->id);
	h_raw(o, "\"><td class=\"st\">");
	h_state_badge(o, r->status);
	h_raw(o, "</td><td class=\"wrap chk\"><span class=\"mono\">");
	if (card) {
		h_raw(o, "<a href=\"#check-");
		h_str(o, r->check->id);
		h_raw(o, "\">");
	}
	h_str(o, r->check->id);
	h_raw(o, "%s</span><br><span class=\"muted\">", card ? "</a>" : "");
	h_str(o, r->check->title);
	h_raw(o, "</span></td><td class=\"wrap\">");
	h_str(o, r->summary);
	if (r->status == CHECK_UNKNOWN && r->missing != NULL) {
		h_raw(o, "<br><span class=\"muted\">Needs: ");
		h_str(o, r->missing);
		h_raw(o, "</span>");
	}
	h_raw(o, "</td></tr>\n");
}

static void
h_data(struct html *o, const struct check_rule *rule)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (rule == NULL || rule->ndata == 0)
		return;
	h_raw(o, "<h3>Compared with</h3>\n<ul class=\"data\">\n");
	for (i = 0; i < rule->ndata; i++) {
		strbuf_reset(&sb);
		pack_data_describe(rule->data[i], &sb);
		h_raw(o, "<li><code>");
		h_str(o, rule->data[i]->id);
		h_raw(o, "</code> = ");
		h_str(o, strbuf_str(&sb));
		h_raw(o, " (");
		h_str(o, rule->data[i]->title);
		h_raw(o, ", as of ");
		h_str(o, rule->data[i]->as_of);
		h_raw(o, "): ");
		h_link(o, rule->data[i]->source);
		h_raw(o, "</li>\n");
	}
	h_raw(o, "</ul>\n");
	strbuf_release(&sb);
}

static void
h_card(void *arg, const struct check_result *r)
{
	struct html *o = arg;

	h_raw(o, "<article class=\"finding\" id=\"check-");
	h_str(o, r->check->id);
	h_raw(o, "\">\n<h2><span class=\"label%s\">%s</span><span "
	    "class=\"id\">", r->status == CHECK_WARN ? " warn" : "",
	    check_status_label(r->status));
	h_str(o, r->check->id);
	h_raw(o, "</span></h2>\n<p class=\"title\">");
	h_str(o, r->check->title);
	h_raw(o, "</p>\n<p>");
	h_str(o, r->summary);
	h_raw(o, "</p>\n");
	h_evidence_fix(o, r->ev, r->nev, r->remedy, r->nremedy);
	h_data(o, r->rule);
	h_raw(o, "<p class=\"doc\">Documentation: ");
	h_link(o, r->doc);
	if (r->cause != NULL) {
		h_raw(o, ". Leads to the fault <code>");
		h_str(o, r->cause->id);
		h_raw(o, "</code>");
	}
	h_raw(o, "</p>\n</article>\n");
}

/* Passing checks' evidence, with --all. */
static void
h_pass_evidence(void *arg, const struct check_result *r)
{
	struct html *o = arg;
	size_t i;

	if (r->nev == 0)
		return;
	h_raw(o, "<h3>");
	h_str(o, r->check->id);
	h_raw(o, "</h3>\n");
	for (i = 0; i < r->nev; i++)
		h_evidence(o, &r->ev[i]);
}

int
report_audit_html(FILE *f, const struct analysis *an, const struct audit *a,
    const struct report_opts *opts)
{
	struct html o;
	int s;

	o.f = f;
	o.d = NULL;
	h_audit_head(&o, an, a);
	h_audit_verdict(&o, an, a);
	h_raw(&o, "<nav class=\"toc\" aria-label=\"Sections\">"
	    "<a href=\"#checklist\">Checklist (%zu)</a>", a->n);
	if (a->count[CHECK_FAIL] + a->count[CHECK_WARN] > 0)
		h_raw(&o, "<a href=\"#details\">Failing and warning (%zu)</a>",
		    a->count[CHECK_FAIL] + a->count[CHECK_WARN]);
	if (opts->all_checks)
		h_raw(&o, "<a href=\"#passing\">Evidence of passing checks"
		    "</a>");
	h_raw(&o, "<a href=\"#facts\">Facts</a><a href=\"#bundle\">Bundle"
	    "</a></nav>\n<section id=\"checklist\" class=\"card\">\n"
	    "<h2>Checklist</h2>\n<table>\n<thead><tr><th>Status</th>"
	    "<th>Check</th><th>Summary</th></tr></thead>\n<tbody>\n");
	for (s = 0; s < CHECK__COUNT; s++)
		each_by_status(a, (enum check_status)s, h_row, &o);
	h_raw(&o, "</tbody>\n</table>\n</section>\n");
	if (a->count[CHECK_FAIL] + a->count[CHECK_WARN] > 0) {
		h_raw(&o, "<div id=\"details\">\n");
		each_by_status(a, CHECK_FAIL, h_card, &o);
		each_by_status(a, CHECK_WARN, h_card, &o);
		h_raw(&o, "</div>\n");
	}
	if (opts->all_checks) {
		h_raw(&o, "<details id=\"passing\" class=\"card\" open>"
		    "<summary>Evidence of passing checks</summary>\n");
		each_by_status(a, CHECK_PASS, h_pass_evidence, &o);
		h_raw(&o, "</details>\n");
	}
	h_facts(&o, an, opts->all_facts);
	h_bundle(&o, an);
	h_raw(&o, "</main>\n<footer>vmtriage %s. Secrets (SAS signatures, "
	    "passwords, keys, protected settings) are redacted.</footer>\n"
	    "</body>\n</html>\n", PACKAGE_VERSION);
	return ferror(f) ? -1 : 0;
}

/* The length of the directory all rows' bundles share ("a/b/" of
 * "a/b/x" and "a/b/y"), 0 if none. */
static size_t
fleet_common_dir(const struct fleet_row *rows, size_t n)
{
	size_t i, k, len = 0;
	const char *first = NULL;
	char *dir, *red;

	for (i = 0; i < n; i++) {
		if (rows[i].bundle == NULL)
			return 0;
		if (first == NULL) {
			first = rows[i].bundle;
			len = strlen(first);
			continue;
		}
		for (k = 0; k < len && rows[i].bundle[k] == first[k]; k++)
			;
		len = k;
	}
	/* Back to the last separator: a directory, not part of a name. */
	while (len > 0 && first[len - 1] != '/' && first[len - 1] != '\\')
		len--;
	/* The root alone is no folder worth saying. */
	if (len == 1)
		len = 0;
	if (len > 0) {
		/* Not a folder with a secret in it: said apart from the
		 * names, a signature could be cut in two. */
		dir = xstrndup(first, len);
		red = redact(dir);
		if (strcmp(dir, red) != 0)
			len = 0;
		free(dir);
		free(red);
	}
	return len;
}

/* A row's verdict as a badge: ready, not ready, undecided. */
static void
h_fleet_verdict(struct html *o, const char *verdict)
{
	enum check_status s = CHECK_UNKNOWN;
	const char *p;

	if (strcmp(verdict, "ready") == 0)
		s = CHECK_PASS;
	else if (strcmp(verdict, "not_ready") == 0)
		s = CHECK_FAIL;
	h_raw(o, "<span class=\"state %s\">", state_class[s]);
	for (p = verdict; *p != '\0'; p++)
		h_raw(o, "%c", *p == '_' ? ' ' : *p);
	h_raw(o, "</span>");
}

int
report_fleet_html(FILE *f, const struct packset *ps,
    const struct fleet_row *rows, size_t n)
{
	struct html o;
	size_t i, k, ready = 0, failed = 0, dir;
	const char *id;
	signed char st;

	o.f = f;
	o.d = NULL;
	for (i = 0; i < n; i++) {
		if (rows[i].status == NULL)
			failed++;
		else if (rows[i].verdict != NULL &&
		    strcmp(rows[i].verdict, "ready") == 0)
			ready++;
	}
	/* Rows name their bundle without the folder they share, said
	 * once above the table. */
	dir = n > 1 ? fleet_common_dir(rows, n) : 0;
	h_raw(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"vmtriage %s\">\n"
	    "<title>Fleet readiness for Azure Backup \xe2\x80\x94 vmtriage"
	    "</title>\n<style>\n%s%s"
	    "table.fleet th.v{writing-mode:vertical-rl;white-space:nowrap}\n"
	    "table.fleet td.b{min-width:12em;overflow-wrap:anywhere}\n"
	    "</style>\n</head>\n<body>\n"
	    "<header class=\"bar\"><div class=\"in\"><b>vmtriage</b>"
	    "<span>backup readiness of a fleet</span></div></header>\n"
	    "<main>\n<section id=\"verdict\" class=\"card\">\n"
	    "<h1>%zu of %zu VMs ready for Azure Backup</h1>\n<p>",
	    PACKAGE_VERSION, html_css, audit_css, ready, n);
	if (failed > 0)
		h_raw(&o, "%zu could not be audited. ", failed);
	h_raw(&o, "One row per VM, one column per check; each VM's own "
	    "audit report has the evidence and the fix.");
	if (dir > 0) {
		char *d = xstrndup(rows[0].bundle, dir);

		h_raw(&o, " Bundles in <code>");
		h_path(&o, d);
		h_raw(&o, "</code>.");
		free(d);
	}
	h_raw(&o, "</p>\n</section>\n<section class=\"card\" "
	    "style=\"overflow-x:auto\">\n<table class=\"fleet\">\n"
	    "<thead><tr><th>VM bundle</th>"
	    "<th>Platform</th><th>Verdict</th>");
	for (k = 0; k < ps->nchecks; k++) {
		/* The columns are all checks: "check." says nothing. */
		id = ps->checks[k]->id;
		if (strncmp(id, "check.", 6) == 0 && id[6] != '\0')
			id += 6;
		h_raw(&o, "<th class=\"v\" title=\"");
		h_str(&o, ps->checks[k]->id);
		h_raw(&o, ": ");
		h_str(&o, ps->checks[k]->title);
		h_raw(&o, "\">");
		h_str(&o, id);
		h_raw(&o, "</th>");
	}
	h_raw(&o, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		h_raw(&o, "<tr><td class=\"b\">");
		h_path(&o, rows[i].bundle + dir);
		h_raw(&o, "</td><td>");
		h_str(&o, rows[i].platform != NULL ? rows[i].platform : "");
		h_raw(&o, "</td><td>");
		if (rows[i].status == NULL) {
			h_raw(&o, "<span class=\"state fail\">failed</span>"
			    "</td><td colspan=\"%zu\">", ps->nchecks);
			h_str(&o, rows[i].error != NULL ? rows[i].error : "");
			h_raw(&o, "</td></tr>\n");
			continue;
		}
		h_fleet_verdict(&o, rows[i].verdict != NULL ?
		    rows[i].verdict : "undecided");
		h_raw(&o, "</td>");
		for (k = 0; k < ps->nchecks; k++) {
			h_raw(&o, "<td>");
			if ((st = rows[i].status[k]) >= 0 && st < CHECK__COUNT)
				h_state_badge(&o, (enum check_status)st);
			h_raw(&o, "</td>");
		}
		h_raw(&o, "</tr>\n");
	}
	h_raw(&o, "</tbody>\n</table>\n</section>\n</main>\n<footer>"
	    "vmtriage %s. Secrets (SAS signatures, passwords, keys, "
	    "protected settings) are redacted.</footer>\n</body>\n</html>\n",
	    PACKAGE_VERSION);
	return ferror(f) ? -1 : 0;
}
