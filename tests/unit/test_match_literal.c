/*
 * regex_literal.c, match_literal.c and the matcher's prefilter: the
 * literals read from regexes, the multi-literal search against a naive
 * one, and the prefilter against the regexes alone over every pack
 * example (as written and in other cases, spacings and Unicode forms)
 * and every record of the sample bundles.  The prefilter may only save
 * time: any difference in what matches is a lost finding.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "unit.h"

#include "analyze.h"
#include "bundle.h"
#include "classify.h"
#include "facts.h"
#include "match.h"
#include "match_literal.h"
#include "pack.h"
#include "regex_literal.h"
#include "strbuf.h"
#include "xalloc.h"

/* The requirement in the form the table below is written in. */
static void
describe(const char *re, uint32_t opts, struct strbuf *out)
{
	struct litreq req;
	const struct literal *l;
	size_t c, i;

	strbuf_reset(out);
	regex_literals(re, opts, &req);
	for (c = 0; c < req.n; c++) {
		if (c > 0)
			strbuf_addstr(out, " & ");
		for (i = 0; i < req.all[c].nlits; i++) {
			l = &req.all[c].lits[i];
			if (i > 0)
				strbuf_addch(out, '|');
			strbuf_addf(out, "%s%s%.*s", l->anchored ? "^" : "",
			    l->caseless ? "~" : "", (int)l->len, l->s);
		}
	}
	litreq_free(&req);
}

static void
test_extract(void **state)
{
	static const struct {
		const char	*re;
		uint32_t	 opts;
		const char	*want;	/* ~ caseless, ^ anchored, | or, & and */
	} cases[] = {
		{ "abc", 0, "abc" },
		{ "ab", 0, "" },
		{ "abc", PCRE2_CASELESS, "~abc" },
		{ "ABC", PCRE2_CASELESS, "~abc" },
		{ "^Python: (\\d+)", 0, "^Python: " },
		{ "^Python: (\\d+)", PCRE2_MULTILINE, "Python: " },
		{ "(?m)^Python: ", 0, "Python: " },
		{ "x|^Python", 0, "" },
		{ "^Python|Ruby!", 0, "^Python|Ruby!" },
		/* Optional and repeated characters end a run. */
		{ "colou?r set", 0, "r set" },
		{ "abcd?efg", 0, "abc" },
		{ "err+ored", 0, "rored" },
		{ "abx*yzw", 0, "yzw" },
		{ "abc{2}def", 0, "cdef" },
		{ "abc{0,2}def", 0, "def" },
		{ "ab[cd]efg", 0, "efg" },
		{ "ab.efg\\d", 0, "efg" },
		{ "a\\.b\\(c", 0, "a.b(c" },
		{ "tab\\there", 0, "tab\there" },
		{ "\\bword\\b here", 0, " here" },
		/* Alternation: every branch must give one. */
		{ "foo1|bar2|baz3", 0, "foo1|bar2|baz3" },
		{ "foo1|b|baz3", 0, "" },
		{ "x(?:alpha|beta)y", 0, "alpha|beta" },
		{ "x(?:alpha|beta)?yyy", 0, "yyy" },
		{ "(?:alpha|be)", 0, "" },
		/* A literal that holds whenever another does is dropped. */
		{ "failed|failed with error", 0, "failed" },
		/* The best clause first, then others of 11 bytes or more:
		 * shorter, they would shorten the scan's step. */
		{ "Microsoft\\.Azure\\.Recovery.*Non-zero exit code: (\\d+)",
		    0, "Microsoft.Azure.Recovery & Non-zero exit code: " },
		{ "\\[HTTP Failed\\] (?:GET|PUT) https?://168\\.63\\.129\\.16"
		    "\\S* -- .*?(?:timed out|[Cc]onnection refused)", 0,
		    "://168.63.129.16 & [HTTP Failed] " },
		{ "Enable failed err+or", 0, "Enable failed err" },
		/* Options inside the pattern, and their scope. */
		{ "(?i)abc", 0, "~abc" },
		{ "(?i:ab)cdef", 0, "cdef" },
		{ "abc(?i)defgh", 0, "~defgh" },
		{ "abcdefgh(?i)ijklmnop", 0, "abcdefgh" },
		{ "abcdefghijk(?i)lmnopqrstuv", 0, "abcdefghijk & ~lmnopqrstuv" },
		{ "(a(?i)bcd|efg)", 0, "~bcd|~efg" },
		{ "(?-i)abc", PCRE2_CASELESS, "abc" },
		/* Lookarounds: positive ones require, negative ones not. */
		{ "^(?=.*Non-zero)(?!.*VMSnapshot).*exit", 0, "Non-zero" },
		{ "(?!abc)def", 0, "def" },
		{ "(?<=abc)def", 0, "abc" },
		{ "(?<!abc)de", 0, "" },
		/* Named groups in every spelling. */
		{ "(?<n>abc)(?P<m>def)(?'o'ghi)", 0, "abc" },
		/* Beyond what is read: nothing proven. */
		{ "(abc)\\1", 0, "" },
		{ "\\Qabc\\E", 0, "" },
		{ "(?x)a b c", 0, "" },
		{ "abc", PCRE2_EXTENDED, "" },
		{ "(?(1)abc|def)", 0, "" },
		{ "(*UTF)abc", 0, "" },
		{ "abc(?R)", 0, "" },
		{ "ab{x}cdef", 0, "" },
		{ "a[[:alpha:]]bcd", 0, "bcd" },
		{ "a[\\]x]bcd", 0, "bcd" },
		{ "a[]x]bcd", 0, "bcd" },
		{ "\\x{41}bcd\\p{L}efg", 0, "bcd" },
		{ "caf\xc3\xa9 ole", 0, " ole" },
		{ "\\S", 0, "" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		describe(cases[i].re, cases[i].opts, &sb);
		if (strcmp(strbuf_str(&sb), cases[i].want) != 0) {
			print_message("%s: got '%s', want '%s'\n",
			    cases[i].re, strbuf_str(&sb), cases[i].want);
			bad++;
		}
	}
	strbuf_release(&sb);
	assert_int_equal(bad, 0);
}

/* Naive: does the literal occur in s[0..n)? */
static int
naive(const char *lit, int caseless, int anchored, const char *s, size_t n)
{
	size_t len = strlen(lit), i;

	for (i = 0; i + len <= n; i++) {
		if (caseless ? strncasecmp(s + i, lit, len) == 0 :
		    memcmp(s + i, lit, len) == 0)
			return 1;
		if (anchored)
			break;
	}
	return 0;
}

static void
check_scan(const struct litset *ls, const char *const *lits,
    const int *caseless, const int *anchored, size_t nlits, const char *buf,
    size_t n)
{
	uint64_t mask[1] = { 0 };
	size_t j;

	litset_scan(ls, buf, n, mask);
	for (j = 0; j < nlits; j++)
		if (((mask[0] >> j) & 1) != (uint64_t)naive(lits[j],
		    caseless[j], anchored[j], buf, n))
			fail_msg("literal '%s' in '%.*s': %d", lits[j],
			    (int)n, buf, (int)((mask[0] >> j) & 1));
}

/*
 * Random buffers with the literals planted at every offset, against the
 * naive search.  With only long literals the scan looks at one position
 * in several: the planted ones must all be found all the same.  The set
 * tuned to the first buffers (litset_tune()) looks for them by other
 * windows and must find the same.
 */
static void
random_scans(const char *const *lits, const int *caseless,
    const int *anchored, size_t nlits, const char *alphabet)
{
	struct litset *ls, *tuned = NULL;
	uint32_t *counts;
	char buf[200];
	size_t i, j, n, at, len;
	unsigned seed = 12345;

	ls = litset_new(nlits);
	for (i = 0; i < nlits; i++)
		litset_add(ls, lits[i], strlen(lits[i]), caseless[i],
		    anchored[i], i);
	litset_build(ls);
	counts = calloc(LITSET_TUNE_SLOTS, sizeof *counts);
	assert_non_null(counts);
	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		n = (seed >> 8) % sizeof buf;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = alphabet[(seed >> 16) % strlen(alphabet)];
		}
		seed = seed * 1103515245 + 12345;
		j = (seed >> 8) % nlits;
		len = strlen(lits[j]);
		if (len <= n) {
			at = (seed >> 12) % (n - len + 1);
			if (anchored[j] && (seed & 2))
				at = 0;
			memcpy(buf + at, lits[j], len);
			/* Caseless literals planted in upper case. */
			if (caseless[j] && (seed & 1))
				for (at = 0; at < n; at++)
					if (buf[at] >= 'a' && buf[at] <= 'z')
						buf[at] -= 'a' - 'A';
		}
		check_scan(ls, lits, caseless, anchored, nlits, buf, n);
		if (i < 100)
			litset_count_windows(counts, buf, n);
		else if (i == 100)
			tuned = litset_tune(ls, counts);
		else if (tuned != NULL)
			check_scan(tuned, lits, caseless, anchored, nlits,
			    buf, n);
	}
	free(counts);
	litset_free(tuned);
	litset_free(ls);
}

/* A set tuned to text full of one literal's start finds what the naive
 * search finds; a set with a 3-byte literal or none that floats is not
 * tuned. */
static void
test_litset_tune(void **state)
{
	static const char common[] = "Fetching full goal state ";
	static const char *const lits[] = {
		"Fetching the goal state failed", "DHCP not available",
	};
	static const int caseless[] = { 0, 1 };
	static const int anchored[] = { 0, 0 };
	struct litset *ls, *tuned;
	uint32_t *counts;
	size_t i;

	(void)state;
	counts = calloc(LITSET_TUNE_SLOTS, sizeof *counts);
	assert_non_null(counts);
	for (i = 0; i < 50; i++)
		litset_count_windows(counts, common, strlen(common));
	ls = litset_new(2);
	for (i = 0; i < 2; i++)
		litset_add(ls, lits[i], strlen(lits[i]), caseless[i],
		    anchored[i], i);
	litset_build(ls);
	tuned = litset_tune(ls, counts);
	assert_non_null(tuned);
	assert_int_equal(litset_count(tuned), 2);
	assert_int_equal(litset_words(tuned), litset_words(ls));
	for (i = 0; i < 2; i++) {
		check_scan(tuned, lits, caseless, anchored, 2, lits[i],
		    strlen(lits[i]));
		check_scan(tuned, lits, caseless, anchored, 2, common,
		    strlen(common));
	}
	check_scan(tuned, lits, caseless, anchored, 2,
	    "x: Fetching the goal state failed; dhcp NOT available", 53);
	litset_free(tuned);
	litset_free(ls);

	ls = litset_new(1);
	litset_add(ls, "abc", 3, 0, 0, 0);
	litset_build(ls);
	assert_null(litset_tune(ls, counts));
	litset_free(ls);
	ls = litset_new(1);
	litset_add(ls, "OS: ", 4, 0, 1, 0);
	litset_build(ls);
	assert_null(litset_tune(ls, counts));
	litset_free(ls);
	free(counts);
}

static void
test_litset_long(void **state)
{
	static const char *const lits[] = {
		"Non-zero exit code: ", "freeze timed-out", "[DhcpError]",
		"Microsoft.Azure.RecoveryServices", "Enable failed with ",
		"FIFREEZE", "OS: ",
	};
	static const int caseless[] = { 0, 0, 0, 0, 0, 1, 0 };
	static const int anchored[] = { 0, 0, 0, 0, 0, 0, 1 };

	(void)state;
	random_scans(lits, caseless, anchored, 7,
	    "NonzerxitcdfFIREZmu.[]DhcpOS: ");
	random_scans(lits, caseless, anchored, 6, "ab -.[");
}

/* Anchored literals that share a first byte, exact and caseless, beside
 * floating ones that begin the same. */
static void
test_litset_anchored(void **state)
{
	static const char *const lits[] = {
		"OS: ", "Python: ", "Provisioning is disabled", "provision",
		"Fetching the goal state", "Fetch", "fetched", "os:",
	};
	static const int caseless[] = { 0, 0, 0, 1, 0, 0, 1, 1 };
	static const int anchored[] = { 1, 1, 1, 1, 1, 0, 1, 1 };

	(void)state;
	random_scans(lits, caseless, anchored, 8,
	    "OSPythonrvisgdabledFetchf: ");
	random_scans(lits, caseless, anchored, 5, "PpOo: ");
}

/*
 * Near misses: each literal with one byte changed, at each position,
 * anchored at the start or floating after a few bytes, in buffers just
 * long enough and longer.  The first 16 bytes are compared as two words
 * (lit_at()), so lengths around 8 and 16 matter.
 */
static void
test_litset_near(void **state)
{
	static const char *const lits[] = {
		"Fetching", "Fetching ", "Fetching the goa",
		"Fetching the goal", "Fetching the goal state failed",
	};
	static const int caseless[] = { 0, 0, 0, 0, 0 };
	int anchored[] = { 0, 0, 0, 0, 0 };
	struct litset *ls;
	char buf[80];
	size_t i, k, len, lead, tail, n, a;

	(void)state;
	for (a = 0; a < 2; a++) {
		for (i = 0; i < 5; i++)
			anchored[i] = (int)a;
		ls = litset_new(5);
		for (i = 0; i < 5; i++)
			litset_add(ls, lits[i], strlen(lits[i]), 0,
			    anchored[i], i);
		litset_build(ls);
		for (i = 0; i < 5; i++) {
			len = strlen(lits[i]);
			for (lead = 0; lead < (a ? 1u : 4u); lead++)
				for (tail = 0; tail < 20; tail += 19)
					for (k = 0; k <= len; k++) {
						n = lead + len + tail;
						memset(buf, 'x', n);
						memcpy(buf + lead, lits[i], len);
						/* k == len: the literal
						 * whole. */
						if (k < len)
							buf[lead + k] = '#';
						check_scan(ls, lits, caseless,
						    anchored, 5, buf, n);
					}
		}
		litset_free(ls);
	}
}

static void
test_litset(void **state)
{
	static const struct {
		const char	*s;
		int		 caseless;
		int		 anchored;
	} lits[] = {
		{ "Non-zero exit code: ", 0, 0 },
		{ "timed out", 0, 0 },
		{ "abc", 0, 0 },
		{ "FIFREEZE", 1, 0 },
		{ "OS: ", 0, 1 },
		{ "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 0, 0 },
		{ "a-b.c:d", 0, 0 },
	};
	const size_t nlits = sizeof lits / sizeof lits[0];
	static const char alphabet[] = "abcOS: zNon-xitde.FIfireztmu";
	struct litset *ls;
	uint64_t mask[1];
	char buf[200];
	size_t i, j, n, at;
	unsigned seed = 12345;

	(void)state;
	ls = litset_new(nlits);
	for (i = 0; i < nlits; i++)
		litset_add(ls, lits[i].s, strlen(lits[i].s), lits[i].caseless,
		    lits[i].anchored, i);
	/* The same literal again is kept once. */
	litset_add(ls, "abc", 3, 0, 0, 2);
	litset_build(ls);
	assert_int_equal(litset_count(ls), nlits);
	assert_int_equal(litset_words(ls), 1);

	/* Random buffers with planted literals at every offset, against
	 * the naive search. */
	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		n = (seed >> 8) % sizeof buf;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		seed = seed * 1103515245 + 12345;
		j = (seed >> 8) % nlits;
		if (strlen(lits[j].s) <= n) {
			at = (seed >> 12) % (n - strlen(lits[j].s) + 1);
			memcpy(buf + at, lits[j].s, strlen(lits[j].s));
			/* Caseless literals planted in upper case. */
			if (lits[j].caseless && (seed & 1))
				for (at = 0; at < n; at++)
					if (buf[at] >= 'a' && buf[at] <= 'z')
						buf[at] -= 'a' - 'A';
		}
		mask[0] = 0;
		litset_scan(ls, buf, n, mask);
		for (j = 0; j < nlits; j++)
			if (((mask[0] >> j) & 1) != (uint64_t)naive(lits[j].s,
			    lits[j].caseless, lits[j].anchored, buf, n))
				fail_msg("literal '%s' in '%.*s': %d", lits[j].s,
				    (int)n, buf, (int)((mask[0] >> j) & 1));
	}

	/* A byte beyond ASCII: caseless literals with letters count, as
	 * PCRE2 matches 'k' to U+212A KELVIN SIGN. */
	mask[0] = 0;
	litset_scan(ls, "fifree\xe2\x84\xaa" "e", 10, mask);
	assert_true(mask[0] & (1u << 3));
	assert_false(mask[0] & (1u << 0));
	/* Exact literals stay exact. */
	mask[0] = 0;
	litset_scan(ls, "NON-ZERO EXIT CODE: 1", 21, mask);
	assert_false(mask[0] & 1);
	/* Short and empty buffers. */
	mask[0] = 0;
	litset_scan(ls, "ab", 2, mask);
	litset_scan(ls, "", 0, mask);
	assert_int_equal(mask[0], 0);
	litset_scan(ls, "abc", 3, mask);
	assert_int_equal(mask[0], 1u << 2);
	litset_free(ls);
}

/* --- The prefilter against the regexes alone ----------------------- */

struct cmp {
	struct matcher		 filtered;
	struct matcher		 plain;
	struct facts		 fs;
	const struct packset	*ps;
	unsigned long		 pairs;		/* (record, signal) compared */
	unsigned long		 matches;
	unsigned long		 failures;
};

static void
cmp_record(void *arg, const struct record *r)
{
	struct cmp *c = arg;
	struct signal *const *sigs = c->ps->by_kind[r->kind];
	size_t i;
	int a, b;

	for (i = 0; i < c->ps->nby_kind[r->kind]; i++) {
		a = matcher_test(&c->filtered, sigs[i], r);
		b = matcher_test(&c->plain, sigs[i], r);
		c->pairs++;
		c->matches += b;
		if (a != b) {
			c->failures++;
			print_message("signal %s: prefilter %d, regex %d: "
			    "%.*s\n", sigs[i]->id, a, b, (int)r->msg_len,
			    r->msg);
		}
	}
}

/* A record of the kind whose message and text are s. */
static void
cmp_string(struct cmp *c, enum source_kind kind, const char *s)
{
	struct record r;

	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.text = r.msg = s;
	r.text_len = r.msg_len = strlen(s);
	cmp_record(c, &r);
}

/* Appends s with its k, K, s and S in their Unicode case twins. */
static void
unicode_twins(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == 'k' || *s == 'K')
			strbuf_addstr(sb, "\xe2\x84\xaa");
		else if (*s == 's' || *s == 'S')
			strbuf_addstr(sb, "\xc5\xbf");
		else
			strbuf_addch(sb, *s);
}

/* The example as written, through the parser, then its message in
 * other forms as a bare record. */
static void
cmp_example(struct cmp *c, const struct signal *sig, const cJSON *ex,
    const struct limits *limits)
{
	struct strbuf sb = STRBUF_INIT;
	struct sink sink;
	enum source_kind kind = sig->first_kind;
	const char *text = NULL, *path = NULL;
	const cJSON *v;
	size_t i;
	int form;

	if (cJSON_IsString(ex))
		text = ex->valuestring;
	else if (cJSON_IsObject(ex)) {
		v = cJSON_GetObjectItemCaseSensitive(ex, "text");
		text = cJSON_IsString(v) ? v->valuestring : NULL;
		v = cJSON_GetObjectItemCaseSensitive(ex, "path");
		path = cJSON_IsString(v) ? v->valuestring : NULL;
		v = cJSON_GetObjectItemCaseSensitive(ex, "kind");
		if (cJSON_IsString(v))
			kind = kind_from_name(v->valuestring);
	}
	if (text == NULL || kind == KIND_UNKNOWN)
		return;
	sink.record = cmp_record;
	sink.let_go = NULL;
	sink.arg = c;
	free(unit_parse_into(&sink, kind, path != NULL ? path :
	    kind_example_path(kind), text, strlen(text), limits, 0));

	for (form = 0; form < 5; form++) {
		strbuf_reset(&sb);
		switch (form) {
		case 0:
			strbuf_addstr(&sb, text);
			break;
		case 1:
		case 2:
			for (i = 0; text[i] != '\0'; i++)
				strbuf_addch(&sb, form == 1 ?
				    toupper((unsigned char)text[i]) :
				    tolower((unsigned char)text[i]));
			break;
		case 3:
			strbuf_addf(&sb, "  x %s  ", text);
			break;
		default:
			unicode_twins(&sb, text);
			break;
		}
		cmp_string(c, kind, strbuf_str(&sb));
	}
	strbuf_release(&sb);
}

static void
cmp_init(struct cmp *c, const struct packset *ps)
{
	memset(c, 0, sizeof *c);
	c->ps = ps;
	facts_init(&c->fs);
	matcher_init(&c->filtered, ps, &c->fs);
	/* Tuned windows soon, so that the samples test them too. */
	c->filtered.tune_bytes = 2048;
	matcher_init(&c->plain, ps, &c->fs);
	c->plain.no_prefilter = 1;
}

static void
cmp_free(struct cmp *c)
{
	matcher_free(&c->filtered);
	matcher_free(&c->plain);
	facts_free(&c->fs);
}

static int
load_real(struct packset *ps)
{
	struct strbuf err = STRBUF_INIT;
	const char *dirs[1];
	int n;

	if ((dirs[0] = getenv("VMTRIAGE_PATTERNS")) == NULL ||
	    *dirs[0] == '\0')
		return -1;
	n = packset_load(ps, dirs, 1, &err);
	if (n != 0)
		print_message("%s", strbuf_str(&err));
	assert_int_equal(n, 0);
	strbuf_release(&err);
	return 0;
}

static void
test_prefilter_examples(void **state)
{
	struct limits limits;
	struct packset ps;
	struct cmp c;
	const struct kind_filter *kf;
	size_t i;

	(void)state;
	if (load_real(&ps) < 0) {
		skip();
		return;
	}
	limits_default(&limits);
	cmp_init(&c, &ps);
	for (i = 0; i < ps.nsignals; i++) {
		const cJSON *ex;

		cJSON_ArrayForEach(ex, ps.signals[i]->examples_match)
			cmp_example(&c, ps.signals[i], ex, &limits);
		cJSON_ArrayForEach(ex, ps.signals[i]->examples_no_match)
			cmp_example(&c, ps.signals[i], ex, &limits);
	}
	print_message("%lu record/signal pairs, %lu matches\n", c.pairs,
	    c.matches);
	assert_int_equal(c.failures, 0);
	assert_true(c.matches > 400);
	/* Not vacuous: the agent's log has literals to look for. */
	kf = &c.filtered.plan->filters[KIND_WAAGENT_LOG];
	assert_non_null(kf->msg);
	assert_true(litset_count(kf->msg) >= 20);
	cmp_free(&c);
	packset_free(&ps);
}

static void
cmp_tap(void *arg, const struct record *r)
{
	cmp_record(arg, r);
}

/* What the sample bundles are analysed with. */
struct samples_run {
	struct packset	*ps;
	struct limits	 limits;
	struct cmp	*c;
	size_t		 bundles;
};

static void
prefilter_sample(const char *path, void *arg)
{
	struct samples_run *sr = arg;
	struct analysis an;
	char *err = NULL;

	analysis_init(&an, sr->ps, &sr->limits);
	an.tap = cmp_tap;
	an.tap_arg = sr->c;
	if (analyze_run(&an, path, &err) == 0)
		sr->bundles++;
	free(err);
	analysis_free(&an);
}

static void
test_prefilter_samples(void **state)
{
	struct samples_run sr;
	struct packset ps;
	struct cmp c;

	(void)state;
	if (getenv("SRCDIR") == NULL || load_real(&ps) < 0) {
		skip();
		return;
	}
	memset(&sr, 0, sizeof sr);
	sr.ps = &ps;
	sr.c = &c;
	limits_default(&sr.limits);
	cmp_init(&c, &ps);
	unit_each_sample(prefilter_sample, &sr);
	print_message("%zu bundles, %lu record/signal pairs, %lu matches\n",
	    sr.bundles, c.pairs, c.matches);
	assert_true(sr.bundles >= 20);
	assert_int_equal(c.failures, 0);
	assert_true(c.matches > 100);
	cmp_free(&c);
	packset_free(&ps);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_litset),
		cmocka_unit_test(test_litset_long),
		cmocka_unit_test(test_litset_anchored),
		cmocka_unit_test(test_litset_near),
		cmocka_unit_test(test_litset_tune),
		cmocka_unit_test(test_prefilter_examples),
		cmocka_unit_test(test_prefilter_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
