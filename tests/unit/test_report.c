/*
 * report_md.c and report_html.c: a small analysis and diagnosis built by
 * hand, with hostile text (markup, quotes, backticks, pipes, a SAS
 * signature) in every place a bundle puts text, rendered to memory.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze.h"
#include "diagnose.h"
#include "facts.h"
#include "pack.h"
#include "report.h"
#include "timeline.h"
#include "timeparse.h"
#include "xalloc.h"

#define SAS "FAKEsigREPORTTEST0123456789abcdef"
#define HOSTILE "<script>alert(\"x & y\")</script> it's <img src=x " \
    "onerror=alert(1)>"
#define HOSTILE_ESCAPED "&lt;script&gt;alert(&quot;x &amp; y&quot;)" \
    "&lt;/script&gt; it&#39;s &lt;img src=x onerror=alert(1)&gt;"

/* One analysis and diagnosis, and what they point to. */
struct fixture {
	struct analysis		 an;
	struct diagnosis	 d;
	struct cause		 causes[4];
	struct verdict		 v[4];
	struct evidence		 ev[3];
	struct fact_def		 defs[2];
	struct fact		 facts[2];
	struct fact		*factv[2];
	struct symptom		 symptom;
	struct skipped		 skipped[1];
	size_t			 findings[2];
	size_t			 chain[2];
	char			*codes[2];
	char			*explains_root[1];
	char			*remedy[2];
};

static void
set_time(struct vtime *t, const char *iso)
{
	assert_int_equal(timeparse_string(iso, t), 0);
}

/*
 * Causes: r.root (found, root) leads to r.conseq (found); r.ruled (ruled
 * out), r.noeval (not evaluated).  The symptom CodeRoot is explained by
 * r.root and r.ruled.
 */
static void
fixture_init(struct fixture *fx, int with_findings)
{
	struct cause *c = fx->causes;
	struct verdict *v = fx->v;
	size_t i;

	memset(fx, 0, sizeof *fx);
	fx->an.path = "/tickets/12345/logs|`#1`.zip";
	fx->an.platforms = PLAT_LINUX;
	fx->an.stats.files = 3;
	fx->an.stats.bytes = 4096;
	fx->an.members[KIND_WAAGENT_LOG] = 1;
	fx->skipped[0].path = "var/log/<b>odd</b>.log";
	fx->skipped[0].reason = "cut: " HOSTILE;
	fx->an.skipped = fx->skipped;
	fx->an.nskipped = 1;

	fx->defs[0].id = "agent.version";
	fx->defs[0].summary = 1;
	fx->defs[1].id = "agent.hostile";
	fx->defs[1].summary = 1;
	fx->facts[0].id = "agent.version";
	fx->facts[0].value = "2.9.1.1";
	fx->facts[0].def = &fx->defs[0];
	fx->facts[0].ev.file = "var/log/waagent.log";
	fx->facts[1].id = "agent.hostile";
	fx->facts[1].value = "a|b `c` " HOSTILE;
	fx->facts[1].def = &fx->defs[1];
	fx->facts[1].ev.file = "var/log/waagent.log";
	fx->factv[0] = &fx->facts[0];
	fx->factv[1] = &fx->facts[1];
	fx->an.facts.v = fx->factv;
	fx->an.facts.n = 2;

	fx->explains_root[0] = "CodeRoot";
	fx->codes[0] = "CodeRoot";
	fx->codes[1] = "CodeOther";
	fx->remedy[0] = "Run `waagent -version | head` and compare "
	    "(https://example.com/agent).";
	fx->remedy[1] = "# not a heading, * not a list";
	c[0].id = "r.root";
	c[0].title = "The root <b>cause</b>";
	c[0].explains = fx->explains_root;
	c[0].nexplains = 1;
	c[0].doc = "https://example.com/doc/root";
	c[1].id = "r.conseq";
	c[1].title = "A consequence";
	c[1].doc = "https://example.com/doc/conseq";
	c[2].id = "r.ruled";
	c[2].title = "Ruled";
	c[2].explains = fx->explains_root;
	c[2].nexplains = 1;
	c[3].id = "r.noeval";
	c[3].title = "Not evaluated";
	for (i = 0; i < 4; i++) {
		c[i].index = i;
		v[i].cause = &c[i];
	}

	set_time(&fx->ev[0].time, "2025-01-22T02:26:38.038966Z");
	fx->ev[0].file = "var/log/waagent.log";
	fx->ev[0].line = 104;
	fx->ev[0].kind = KIND_WAAGENT_LOG;
	fx->ev[0].text = "EVIDENCE-ONE " HOSTILE " blob: acct.blob.core."
	    "windows.net/c/b?sv=2020-08-04&sig=" SAS "%3D&se=2025 "
	    "| pipe `tick` ``two``";
	set_time(&fx->ev[1].time, "2025-01-22T02:26:40.000000Z");
	fx->ev[1].file = "var/log/waagent.log";
	fx->ev[1].line = 105;
	fx->ev[1].kind = KIND_WAAGENT_LOG;
	fx->ev[1].text = "EVIDENCE-TWO first line\n```\n# second line\n"
	    "GET /c/b?sig=" SAS;
	/* A local time made UTC with +01:00. */
	set_time(&fx->ev[2].time, "2025-01-22T01:00:00Z");
	fx->ev[2].shifted = 1;
	fx->ev[2].offset_min = 60;
	fx->ev[2].file = "C:\\WindowsAzure\\Logs\\WaAppAgent.log";
	fx->ev[2].line = 7;
	fx->ev[2].kind = KIND_GA_LOG;
	fx->ev[2].text = "EVIDENCE-THREE";

	if (with_findings) {
		v[0].status = VERDICT_FOUND;
		v[0].confidence = CONF_HIGH;
		v[0].root = 1;
		v[0].text = "# The summary, with `code` and | pipe and "
		    "/c/b?sv=1&sig=" SAS;
		v[0].ev = &fx->ev[0];
		v[0].nev = 2;
		fx->chain[0] = 0;
		fx->chain[1] = 1;
		v[0].chain = fx->chain;
		v[0].nchain = 2;
		v[0].codes = fx->codes;
		v[0].ncodes = 2;
		v[0].remedy = fx->remedy;
		v[0].nremedy = 2;
		v[1].status = VERDICT_FOUND;
		v[1].confidence = CONF_MEDIUM;
		v[1].text = "the consequence";
		v[1].ev = &fx->ev[2];
		v[1].nev = 1;
		v[1].chain = fx->chain;
		v[1].nchain = 2;
		fx->findings[0] = 0;
		fx->findings[1] = 1;
		fx->d.findings = fx->findings;
		fx->d.nfindings = 2;
	} else {
		v[0].status = VERDICT_RULED_OUT;
		v[0].text = "no sign";
		v[1].status = VERDICT_RULED_OUT;
		v[1].text = "no sign";
	}
	v[2].status = VERDICT_RULED_OUT;
	v[2].text = "why | with a pipe and <i>markup</i>";
	v[3].status = VERDICT_NOT_EVALUATED;
	v[3].text = "/var/log/waagent.log";
	fx->d.v = v;
	fx->d.n = 4;
	fx->symptom.code = "CodeRoot";
	fx->symptom.message = "The root symptom";
	fx->d.symptom_code = "CodeRoot";
	fx->d.symptom = &fx->symptom;
}

typedef int (*renderer)(FILE *, const struct analysis *,
    const struct diagnosis *, const struct packset *,
    const struct report_opts *);

static char *
render(renderer fn, const struct fixture *fx, const struct timeline *tl)
{
	struct report_opts ro;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(&ro, 0, sizeof ro);
	ro.timeline = tl;
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(fn(f, &fx->an, &fx->d, NULL, &ro), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static void
assert_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("output lacks \"%s\"", needle);
}

static void
assert_lacks(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (p != NULL)
		fail_msg("output holds \"%s\" at: %.80s", needle, p);
}

/* No tag of the HTML holds s: escaped text holds no '<', so that every
 * '<' opens a tag of ours. */
static void
assert_tags_lack(const char *h, const char *s)
{
	const char *p, *end;
	size_t n = strlen(s);

	for (p = h; (p = strchr(p, '<')) != NULL; p = end) {
		assert_non_null(end = strchr(p, '>'));
		if (memmem(p, (size_t)(end - p), s, n) != NULL)
			fail_msg("a tag holds \"%s\": %.*s", s,
			    (int)(end - p + 1), p);
	}
}

static void
test_html_escapes(void **state)
{
	struct fixture fx;
	char *h;

	(void)state;
	fixture_init(&fx, 1);
	h = render(report_html, &fx, NULL);
	assert_has(h, HOSTILE_ESCAPED);
	assert_lacks(h, "<script");
	assert_lacks(h, "<img");
	assert_lacks(h, "<b>cause");
	assert_lacks(h, "<b>odd");
	assert_lacks(h, "<i>");
	assert_lacks(h, "alert(\"");
	assert_has(h, "The root &lt;b&gt;cause&lt;/b&gt;");
	/* The bundle's path in the title and header, escaped. */
	assert_has(h, "logs|`#1`.zip");
	/* The shifted time says how it was written. */
	assert_has(h, "written 2025-01-22T02:00:00 VM local time, "
	    "UTC+01:00");
	/* The remedy's code span and link. */
	assert_has(h, "<code>waagent -version | head</code>");
	assert_has(h, "<a class=\"ext\" href=\"https://example.com/agent\">");
	free(h);
}

/* Nothing to fetch: no script, stylesheet, import, url() or src, and an
 * http(s) address only as the target of a link. */
static void
test_html_self_contained(void **state)
{
	struct fixture fx;
	const char *p;
	char *h;
	int links = 0;

	(void)state;
	fixture_init(&fx, 1);
	h = render(report_html, &fx, NULL);
	assert_lacks(h, "<script");
	assert_lacks(h, "<link");
	assert_lacks(h, "@import");
	assert_lacks(h, "url(");
	assert_tags_lack(h, " src=");
	assert_tags_lack(h, " on");
	assert_tags_lack(h, "javascript:");
	assert_lacks(h, "<iframe");
	assert_lacks(h, "<object");
	assert_has(h, "<meta charset=\"utf-8\">");
	assert_true(strncmp(h, "<!DOCTYPE html>\n", 16) == 0);
	for (p = h; (p = strstr(p, "://")) != NULL; p++) {
		if (p - h >= 11 && strncmp(p - 11, "href=\"https", 11) == 0)
			links++;
		else if (p - h >= 10 && strncmp(p - 10, "href=\"http", 10) == 0)
			links++;
		else
			fail_msg("an address outside a link: %.60s", p - 10);
	}
	/* The two doc links and the remedy's. */
	assert_int_equal(links, 3);
	assert_has(h, "href=\"https://example.com/doc/root\"");
	free(h);
}

static void
test_html_order(void **state)
{
	struct fixture fx;
	const char *verdict, *ev, *chain, *ruled, *facts, *bundle, *symptom;
	char *h;

	(void)state;
	fixture_init(&fx, 1);
	h = render(report_html, &fx, NULL);
	verdict = strstr(h, "id=\"verdict\"");
	symptom = strstr(h, "id=\"symptom\"");
	chain = strstr(h, "class=\"chain\"");
	ev = strstr(h, "EVIDENCE-ONE");
	ruled = strstr(h, "id=\"ruled-out\"");
	facts = strstr(h, "id=\"facts\"");
	bundle = strstr(h, "id=\"bundle\"");
	assert_non_null(verdict);
	assert_non_null(symptom);
	assert_non_null(chain);
	assert_non_null(ev);
	assert_non_null(ruled);
	assert_non_null(facts);
	assert_non_null(bundle);
	assert_true(verdict < symptom);
	assert_true(symptom < chain);
	assert_true(chain < ev);
	assert_true(ev < ruled);
	assert_true(ruled < facts);
	assert_true(facts < bundle);
	/* The verdict names the root cause. */
	assert_true(strstr(verdict, "r.root") < symptom);
	assert_true(strstr(verdict, "high confidence") < symptom);
	/* One drawing, for the one root finding: both causes, the codes. */
	assert_null(strstr(chain + 1, "class=\"chain\""));
	assert_has(chain, "href=\"#finding-2\"");
	assert_has(chain, "node code symptom\" title=\"the symptom\">CodeRoot<");
	/* The skipped member and its reason. */
	assert_has(bundle, "var/<wbr>log/<wbr>&lt;b&gt;odd&lt;/<wbr>b&gt;.log");
	free(h);
}

static void
test_markdown_escapes(void **state)
{
	struct fixture fx;
	const char *p;
	char *m;

	(void)state;
	fixture_init(&fx, 1);
	m = render(report_markdown, &fx, NULL);
	/* A code span around backticks is fenced by a longer run. */
	assert_has(m, "  ``` EVIDENCE-ONE <script>alert(\"x & y\")</script>");
	assert_has(m, "`tick` ``two`` ```\n");
	/* A multi-line text is a fenced block longer than its ```. */
	assert_has(m, "  ````text\n  EVIDENCE-TWO first line\n  ```\n"
	    "  # second line\n");
	/* Running text: markup escaped, a leading # too. */
	assert_has(m, "\\# The summary, with \\`code\\` and \\| pipe");
	assert_has(m, "The root \\<b>cause\\</b>");
	assert_has(m, "\\<script>alert(\"x & y\")\\</script> it's \\<img");
	/* The remedy keeps its code span; its text is escaped. */
	assert_has(m, "1. Run `waagent -version | head` and compare");
	assert_has(m, "2. \\# not a heading, \\* not a list");
	/* Table cells: pipes escaped, a code span with a pipe is text. */
	assert_has(m, "| `r.ruled` | why \\| with a pipe and \\<i>markup"
	    "\\</i> |");
	assert_has(m, "| `agent.hostile` | a\\|b \\`c\\` \\<script>");
	/* No line of a table has an unescaped pipe beyond its columns. */
	for (p = strstr(m, "| Cause | Why |"); p != NULL && *p == '|';
	    p = strchr(p, '\n') + 1) {
		size_t n = 0;
		const char *q;

		for (q = p; *q != '\n'; q++)
			n += *q == '|' && q[-1] != '\\';
		assert_int_equal(n, 3);
	}
	/* Markup outside code is escaped; inside (the skipped member's
	 * path, under Bundle), it is text. */
	assert_has(m, "| `var/log/<b>odd</b>.log` | cut: \\<script>");
	for (p = m; (p = strstr(p, "<b>")) != NULL &&
	    p < strstr(m, "## Bundle"); p++)
		assert_int_equal(p[-1], '\\');
	assert_has(m, "**Doc:** <https://example.com/doc/root>");
	assert_has(m, "> **Root cause:** `r.root` (high confidence)");
	assert_true(strstr(m, "Root cause") < strstr(m, "EVIDENCE-ONE"));
	free(m);
}

static void
test_secret_never_out(void **state)
{
	struct fixture fx;
	char *h, *m;

	(void)state;
	fixture_init(&fx, 1);
	h = render(report_html, &fx, NULL);
	m = render(report_markdown, &fx, NULL);
	assert_lacks(h, SAS);
	assert_lacks(m, SAS);
	assert_has(h, "sig=&lt;redacted&gt;");
	assert_has(m, "sig=<redacted>");
	free(h);
	free(m);
}

static void
test_no_fault(void **state)
{
	struct fixture fx;
	char *h, *m;

	(void)state;
	fixture_init(&fx, 0);
	h = render(report_html, &fx, NULL);
	m = render(report_markdown, &fx, NULL);
	assert_has(h, "<section id=\"verdict\" class=\"verdict ok\">");
	assert_has(h, "<h1>No fault found</h1>");
	assert_lacks(h, "class=\"chain\"");
	assert_has(m, "> **No fault found.**");
	assert_lacks(m, "## Root cause");
	free(h);
	free(m);
}

static void
test_timeline(void **state)
{
	struct timeline_entry e[3];
	struct timeline tl;
	struct fixture fx;
	const char *row, *end;
	char *h, *plain;

	(void)state;
	fixture_init(&fx, 1);
	memset(e, 0, sizeof e);
	memset(&tl, 0, sizeof tl);
	set_time(&e[0].time, "2025-01-22T02:26:30Z");
	e[0].file = "var/log/waagent.log";
	e[0].line = 100;
	e[0].kind = KIND_WAAGENT_LOG;
	e[0].level = "INFO";
	e[0].text = "TL-BEFORE <u>x</u>";
	e[1] = e[0];
	set_time(&e[1].time, "2025-01-22T02:26:38.038966Z");
	e[1].line = 104;
	e[1].level = "ERROR";
	e[1].text = "TL-EVIDENCE GET /c/b?sv=1&sig=" SAS;
	e[1].cause = "r.root";
	e[2] = e[0];
	set_time(&e[2].time, "2025-01-22T02:27:00Z");
	e[2].line = 110;
	e[2].text = "TL-AFTER";
	tl.v = e;
	tl.n = 3;
	tl.dropped = 7;

	plain = render(report_html, &fx, NULL);
	assert_lacks(plain, "Timeline around the evidence");
	h = render(report_html, &fx, &tl);
	assert_has(h, "<section id=\"timeline\"");
	assert_has(h, "Timeline around the evidence");
	assert_has(h, "7 more");
	assert_true(strstr(h, "id=\"timeline\"") > strstr(h, "EVIDENCE-ONE"));
	/* The evidence row, and only it, is marked with its cause. */
	row = strstr(h, "<tr class=\"hit\">");
	assert_non_null(row);
	assert_null(strstr(row + 1, "<tr class=\"hit\">"));
	end = strstr(row, "</tr>");
	assert_non_null(end);
	assert_true(strstr(row, "TL-EVIDENCE") < end);
	assert_true(strstr(row, "evidence of <a href=\"#finding-1\">r.root"
	    "</a>") < end);
	assert_true(strstr(h, "TL-BEFORE") < row);
	assert_true(strstr(h, "TL-AFTER") > end);
	assert_has(h, "TL-BEFORE &lt;u&gt;x&lt;/u&gt;");
	assert_lacks(h, SAS);
	free(plain);
	free(h);
}

/* The same input gives the same bytes. */
static void
test_deterministic(void **state)
{
	struct fixture fx;
	char *a, *b;

	(void)state;
	fixture_init(&fx, 1);
	a = render(report_html, &fx, NULL);
	b = render(report_html, &fx, NULL);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = render(report_markdown, &fx, NULL);
	b = render(report_markdown, &fx, NULL);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escapes),
		cmocka_unit_test(test_html_self_contained),
		cmocka_unit_test(test_html_order),
		cmocka_unit_test(test_markdown_escapes),
		cmocka_unit_test(test_secret_never_out),
		cmocka_unit_test(test_no_fault),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
