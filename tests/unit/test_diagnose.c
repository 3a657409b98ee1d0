/*
 * diagnose.c: an analysis fed by hand (records through the matcher, the
 * kinds present set directly) against a small catalogue of causes linked
 * by leads_to; the verdicts, their texts, roots, chains and codes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit.h"

#include "analyze.h"
#include "bundle.h"
#include "diagnose.h"
#include "pack.h"
#include "record.h"
#include "strbuf.h"
#include "timeparse.h"
#include "xalloc.h"

/* Keys in extra come first: cJSON finds the first of duplicate keys. */
#define SIGNAL(id, extra)						\
	"{'id': '" id "'" extra ", 'title': 'signal " id "',"		\
	" 'kinds': 'waagent.log',"					\
	" 'examples': {'match': ['x'], 'no_match': ['y']}}"
#define CAUSE(id, extra)						\
	"{'id': '" id "', 'title': 'Cause " id "'" extra ","		\
	" 'remedy': 'Fix.', 'doc': 'https://example.com/" id "'}"
#define NEEDS_LOG \
	", 'needs': {'kinds': 'waagent.log', 'missing': 'waagent.log'}"

/* Written with single quotes; unit_write_pack() makes them double quotes. */
static const char diag_pack[] =
"{'pack': 'd',\n"
" 'signals': [\n"
SIGNAL("d.x", ", 'regex': 'xfail'") ",\n"
SIGNAL("d.y", ", 'regex': 'yfail'") ",\n"
SIGNAL("d.z", ", 'regex': 'zfail'") ",\n"
SIGNAL("d.ver", ", 'regex': 'Version: (?<version>[^ ]+)'") ",\n"
SIGNAL("d.t", ", 'title': 'the t failure', 'regex': 'tfail (?<k>[a-z]+)',"
    " 'group_by': 'k', 'cleared_by': 'd.tok'") ",\n"
SIGNAL("d.tok", ", 'regex': 'tok (?<k>[a-z]+)', 'group_by': 'k'") ",\n"
SIGNAL("d.never", ", 'regex': 'never-appears'") ",\n"
"  {'id': 'd.c', 'title': 'conf', 'kinds': 'waagent.conf',\n"
"   'where': {'key': '^Extensions[.]Enabled$'},\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}}\n"
" ],\n"
" 'facts': [{'id': 'd.version', 'type': 'version',\n"
"   'from': [{'signal': 'd.ver', 'capture': 'version'}]}],\n"
" 'causes': [\n"
CAUSE("d.root", ", 'platform': 'linux', 'explains': 'CodeRoot',"
    " 'leads_to': 'd.mid', 'found': ["
    "{'when': {'signal': 'd.x', 'min': 3}, 'confidence': 'high',"
    " 'summary': 'x {count:d.x} times'},"
    "{'when': {'signal': 'd.x'}, 'confidence': 'medium',"
    " 'summary': 'x from {first:d.x} to {last:d.x}, agent {fact:d.version},"
    " {fact:d.none} {count:d.none} {bad} {first:d.never} {count:d.never}'},"
    "{'when': {'signal': 'd.x'}, 'confidence': 'low',"
    " 'summary': 'never used'}]" NEEDS_LOG) ",\n"
CAUSE("d.mid", ", 'platform': 'linux', 'explains': ['CodeMid',"
    " 'CodeShared'], 'leads_to': ['d.leaf', 'd.never-found'],"
    " 'found': [{'when': {'signal': 'd.y'}, 'confidence': 'low',"
    " 'summary': 'mid'}]" NEEDS_LOG) ",\n"
CAUSE("d.leaf", ", 'platform': 'linux', 'explains': ['CodeShared',"
    " 'CodeLeaf'], 'found': [{'when': {'signal': 'd.z'},"
    " 'summary': 'leaf'}]" NEEDS_LOG) ",\n"
CAUSE("d.ruled", ", 'platform': 'linux', 'explains': 'CodeRoot',"
    " 'found': [{'when': {'signal': 'd.never'}, 'summary': 's'}],"
    " 'ruled_out': [{'when': {'fact': 'd.version', 'exists': false},"
    " 'why': 'no version'}, {'when': {'fact': 'd.version',"
    " 'version_ge': '2.0'}, 'why': 'agent {fact:d.version} is new'},"
    " {'when': {'signal': 'd.y'}, 'why': 'not reached'}]" NEEDS_LOG) ",\n"
CAUSE("d.transient", ", 'platform': 'linux', 'explains': 'CodeT',"
    " 'found': [{'when': {'signal': 'd.t'}, 'summary': 's'}]" NEEDS_LOG)
    ",\n"
CAUSE("d.cleared-too", ", 'platform': 'linux', 'explains': 'CodeT',"
    " 'found': [{'when': {'signal': 'd.t', 'include_cleared': true},"
    " 'confidence': 'low', 'summary': 't {count:d.t}'}]" NEEDS_LOG) ",\n"
CAUSE("d.absent", ", 'platform': 'linux', 'explains': 'CodeA',"
    " 'found': [{'when': {'signal': 'd.never'}, 'summary': 's'}],"
    " 'needs': {'kinds': ['waagent.conf', 'waagent.log'],"
    " 'missing': 'm'}") ",\n"
CAUSE("d.noeval", ", 'platform': 'linux', 'explains': 'CodeA',"
    " 'found': [{'when': {'signal': 'd.c'}, 'summary': 's'}],"
    " 'needs': {'kinds': 'waagent.conf', 'missing': '/etc/waagent.conf"
    " (agent {fact:d.version})'}") ",\n"
CAUSE("d.win", ", 'platform': 'windows', 'explains': 'CodeRoot',"
    " 'found': [{'when': {'signal': 'd.x'}, 'summary': 's'}]" NEEDS_LOG)
    ",\n"
CAUSE("d.never-found", ", 'platform': 'linux', 'explains': 'CodeNever',"
    " 'found': [{'when': {'signal': 'd.never'}, 'summary': 's'}]"
    NEEDS_LOG) "\n"
" ],\n"
" 'symptoms': [{'code': 'CodeRoot', 'message': 'the root symptom'},\n"
"  {'code': 'CodeMid', 'message': 'm'}, {'code': 'CodeLeaf',\n"
"  'message': 'l'}, {'code': 'CodeShared', 'message': 's'},\n"
"  {'code': 'CodeT', 'message': 't'}, {'code': 'CodeA', 'message': 'a'},\n"
"  {'code': 'CodeNever', 'message': 'n'}]\n"
"}\n";

/* r leads to a, a and b to each other, b also to c, c to itself. */
static const char cycle_pack[] =
"{'signals': [" SIGNAL("c.rs", ", 'regex': 'rfail'") ","
SIGNAL("c.as", ", 'regex': 'afail'") "," SIGNAL("c.bs", ", 'regex': 'bfail'")
"," SIGNAL("c.cs", ", 'regex': 'cfail'") "],\n"
" 'causes': [\n"
CAUSE("c.r", ", 'platform': 'linux', 'explains': 'CodeR', 'leads_to':"
    " 'c.a', 'found': [{'when': {'signal': 'c.rs'}, 'summary': 'r'}]"
    NEEDS_LOG) ",\n"
CAUSE("c.a", ", 'platform': 'linux', 'explains': 'CodeA', 'leads_to':"
    " 'c.b', 'found': [{'when': {'signal': 'c.as'}, 'summary': 'a'}]"
    NEEDS_LOG) ",\n"
CAUSE("c.b", ", 'platform': 'linux', 'explains': 'CodeB', 'leads_to':"
    " ['c.a', 'c.c'], 'found': [{'when': {'signal': 'c.bs'},"
    " 'summary': 'b'}]" NEEDS_LOG) ",\n"
CAUSE("c.c", ", 'platform': 'linux', 'explains': 'CodeC', 'leads_to':"
    " 'c.c', 'found': [{'when': {'signal': 'c.cs'}, 'summary': 'c'}]"
    NEEDS_LOG) "\n"
" ]}\n";

static struct packset ps, cps;
static struct limits limits;

static int
load(struct packset *p, const char *text)
{
	struct strbuf err = STRBUF_INIT;
	char tmpl[] = "/tmp/vmtriage-test-diagnose-XXXXXX";
	const char *dirs[1];
	char *path;
	int n;

	if (mkdtemp(tmpl) == NULL)
		return -1;
	unit_write_pack(tmpl, "10-d.json", text);
	dirs[0] = tmpl;
	n = packset_load(p, dirs, 1, &err);
	if (n != 0)
		print_message("%s", strbuf_str(&err));
	strbuf_release(&err);
	xasprintf(&path, "%s/10-d.json", tmpl);
	unlink(path);
	free(path);
	rmdir(tmpl);
	return n;
}

static int
setup(void **state)
{
	(void)state;
	limits_default(&limits);
	if (load(&ps, diag_pack) != 0 || load(&cps, cycle_pack) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	packset_free(&ps);
	packset_free(&cps);
	return 0;
}

static const struct member log0 = {
	"var/log/waagent.log", "var/log/waagent.log", 100, 0, 0
};
static const struct member log1 = {
	"var/log/waagent.log.1", "var/log/waagent.log.1", 100, 0, 1
};

/* Minutes after 2024-03-01T10:00:00Z. */
static struct vtime
at(int minutes)
{
	struct vtime t;

	t.us = (vtime_from_civil(2024, 3, 1, 10, 0, 0) + minutes * 60) *
	    1000000;
	t.zone = VTIME_UTC;
	return t;
}

static void
feed(struct analysis *an, const struct member *mem, unsigned long line,
    int minutes, const char *msg)
{
	struct record r;

	memset(&r, 0, sizeof r);
	r.kind = KIND_WAAGENT_LOG;
	r.member = mem;
	r.line = line;
	r.lines = 1;
	r.time = at(minutes);
	r.level = "INFO";
	r.text = r.msg = msg;
	r.text_len = r.msg_len = strlen(msg);
	matcher_record(&an->matcher, &r);
}

/* The usual bundle: three x (out of order), y, z, a version, and a t
 * failure that a later success cleared. */
static void
usual(struct analysis *an, const struct packset *p, int nx)
{
	analysis_init(an, p, &limits);
	an->members[KIND_WAAGENT_LOG] = 2;
	an->platforms = PLAT_LINUX;
	feed(an, &log0, 40, 40, "tok abc");
	if (nx > 2)
		feed(an, &log0, 5, 5, "xfail three");
	feed(an, &log1, 1, 1, "xfail one");
	if (nx > 1)
		feed(an, &log0, 3, 3, "xfail two");
	feed(an, &log0, 10, 10, "yfail");
	feed(an, &log0, 11, 11, "zfail");
	feed(an, &log0, 12, 12, "Version: 2.9.1");
	feed(an, &log0, 30, 30, "tfail abc");
}

static const struct verdict *
verdict(const struct diagnosis *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].cause->id, id) == 0)
			return &d->v[i];
	fail_msg("no verdict for %s", id);
	return NULL;
}

static size_t
index_of(const char *id)
{
	return packset_cause(&ps, id)->index;
}

/* Everything a report could show of a diagnosis, as text. */
static char *
dump(const struct diagnosis *d)
{
	struct strbuf sb = STRBUF_INIT;
	const struct verdict *v;
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		strbuf_addf(&sb, "%s %s %s root=%d [%s]", v->cause->id,
		    verdict_status_name(v->status),
		    confidence_name(v->confidence), v->root, v->text);
		for (j = 0; j < v->nchain; j++)
			strbuf_addf(&sb, " >%zu", v->chain[j]);
		for (j = 0; j < v->ncodes; j++)
			strbuf_addf(&sb, " %s", v->codes[j]);
		for (j = 0; j < v->nev; j++)
			strbuf_addf(&sb, " {%s:%lu %s}", v->ev[j].file,
			    v->ev[j].line, v->ev[j].text);
		strbuf_addch(&sb, '\n');
	}
	for (i = 0; i < d->nfindings; i++)
		strbuf_addf(&sb, "finding %zu\n", d->findings[i]);
	return strbuf_detach(&sb);
}

static void
test_found_chain(void **state)
{
	struct analysis an;
	struct diagnosis d;
	const struct verdict *v;

	(void)state;
	usual(&an, &ps, 3);
	diagnose(&d, &ps, &an, NULL);
	assert_int_equal(d.n, ps.ncauses);
	assert_null(d.symptom_code);
	assert_null(d.symptom);

	/* The first rule that holds decides the confidence. */
	v = verdict(&d, "d.root");
	assert_int_equal(v->status, VERDICT_FOUND);
	assert_int_equal(v->confidence, CONF_HIGH);
	assert_string_equal(v->text, "x 3 times");
	assert_true(v->root);
	/* Evidence: the first and last hit, by time. */
	assert_int_equal(v->nev, 2);
	assert_string_equal(v->ev[0].file, "var/log/waagent.log.1");
	assert_string_equal(v->ev[0].text, "xfail one");
	assert_string_equal(v->ev[1].text, "xfail three");
	/* Its chain runs through the found causes it leads to; a cause it
	 * leads to that was not found is not on it. */
	assert_int_equal(v->nchain, 3);
	assert_int_equal(v->chain[0], index_of("d.root"));
	assert_int_equal(v->chain[1], index_of("d.mid"));
	assert_int_equal(v->chain[2], index_of("d.leaf"));
	/* The codes of the whole chain, sorted, once each. */
	assert_int_equal(v->ncodes, 4);
	assert_string_equal(v->codes[0], "CodeLeaf");
	assert_string_equal(v->codes[1], "CodeMid");
	assert_string_equal(v->codes[2], "CodeRoot");
	assert_string_equal(v->codes[3], "CodeShared");
	assert_true(verdict_explains(v, "codeleaf"));
	assert_false(verdict_explains(v, "CodeNever"));

	/* Reached through leads_to: found, not a root; its chain up to it,
	 * and its own codes only. */
	v = verdict(&d, "d.mid");
	assert_int_equal(v->status, VERDICT_FOUND);
	assert_int_equal(v->confidence, CONF_LOW);
	assert_false(v->root);
	assert_int_equal(v->nchain, 2);
	assert_int_equal(v->chain[0], index_of("d.root"));
	assert_int_equal(v->chain[1], index_of("d.mid"));
	assert_int_equal(v->ncodes, 2);
	assert_string_equal(v->codes[0], "CodeMid");
	assert_string_equal(v->codes[1], "CodeShared");
	v = verdict(&d, "d.leaf");
	assert_int_equal(v->status, VERDICT_FOUND);
	assert_int_equal(v->confidence, CONF_HIGH);
	assert_false(v->root);
	assert_int_equal(v->nchain, 3);
	assert_int_equal(v->chain[2], index_of("d.leaf"));
	assert_int_equal(v->ncodes, 2);
	assert_string_equal(v->codes[0], "CodeLeaf");
	assert_string_equal(v->codes[1], "CodeShared");
	assert_false(verdict_explains(v, "CodeRoot"));

	/* Only the cleared signal counted with include_cleared. */
	v = verdict(&d, "d.cleared-too");
	assert_int_equal(v->status, VERDICT_FOUND);
	assert_string_equal(v->text, "t 1");
	assert_true(v->root);
	assert_int_equal(v->nchain, 1);
	assert_int_equal(v->ncodes, 1);

	/* Report order: roots first, then by confidence, then catalogue. */
	assert_int_equal(d.nfindings, 4);
	assert_int_equal(d.findings[0], index_of("d.root"));
	assert_int_equal(d.findings[1], index_of("d.cleared-too"));
	assert_int_equal(d.findings[2], index_of("d.leaf"));
	assert_int_equal(d.findings[3], index_of("d.mid"));
	diagnosis_free(&d);
	analysis_free(&an);
}

static void
test_templates(void **state)
{
	struct analysis an;
	struct diagnosis d;
	const struct verdict *v;

	(void)state;
	/* Two x: the second rule, medium. */
	usual(&an, &ps, 2);
	diagnose(&d, &ps, &an, NULL);
	v = verdict(&d, "d.root");
	assert_int_equal(v->status, VERDICT_FOUND);
	assert_int_equal(v->confidence, CONF_MEDIUM);
	assert_string_equal(v->text, "x from 2024-03-01T10:01:00Z to "
	    "2024-03-01T10:03:00Z, agent 2.9.1, unknown ? {bad} unknown 0");
	diagnosis_free(&d);
	analysis_free(&an);

	/* One x: still the second rule. */
	usual(&an, &ps, 1);
	diagnose(&d, &ps, &an, NULL);
	v = verdict(&d, "d.root");
	assert_int_equal(v->confidence, CONF_MEDIUM);
	assert_string_equal(v->text, "x from 2024-03-01T10:01:00Z to "
	    "2024-03-01T10:01:00Z, agent 2.9.1, unknown ? {bad} unknown 0");
	assert_int_equal(v->nev, 1);
	diagnosis_free(&d);
	analysis_free(&an);
}

static void
test_ruled_out(void **state)
{
	struct analysis an;
	struct diagnosis d;
	const struct verdict *v;

	(void)state;
	usual(&an, &ps, 3);
	diagnose(&d, &ps, &an, NULL);
	/* The first ruled_out rule that holds gives the reason. */
	v = verdict(&d, "d.ruled");
	assert_int_equal(v->status, VERDICT_RULED_OUT);
	assert_string_equal(v->text, "agent 2.9.1 is new");
	assert_int_equal(v->nev, 0);
	assert_int_equal(v->nchain, 0);
	assert_false(v->root);
	/* All hits cleared by a later success: ruled out as transient. */
	v = verdict(&d, "d.transient");
	assert_int_equal(v->status, VERDICT_RULED_OUT);
	assert_string_equal(v->text, "transient: the t failure seen 1 time, "
	    "last at 2024-03-01T10:30:00Z, then cleared by "
	    "var/log/waagent.log:40 at 2024-03-01T10:40:00Z");
	/* No rule: the kinds it needs are there, without a sign. */
	v = verdict(&d, "d.absent");
	assert_int_equal(v->status, VERDICT_RULED_OUT);
	assert_string_equal(v->text, "no sign of it in waagent.log");
	assert_int_equal(verdict(&d, "d.never-found")->status,
	    VERDICT_RULED_OUT);
	/* None of the kinds it needs: not evaluated, with what is missing. */
	v = verdict(&d, "d.noeval");
	assert_int_equal(v->status, VERDICT_NOT_EVALUATED);
	assert_string_equal(v->text, "/etc/waagent.conf (agent 2.9.1)");
	/* Another platform. */
	v = verdict(&d, "d.win");
	assert_int_equal(v->status, VERDICT_NOT_APPLICABLE);
	assert_string_equal(v->text, "applies to Windows VMs; the bundle is "
	    "from a linux VM");
	diagnosis_free(&d);
	analysis_free(&an);

	/* The same failure after its success: found, not transient. */
	usual(&an, &ps, 3);
	feed(&an, &log0, 50, 50, "tfail abc");
	diagnose(&d, &ps, &an, NULL);
	assert_int_equal(verdict(&d, "d.transient")->status, VERDICT_FOUND);
	diagnosis_free(&d);
	analysis_free(&an);

	/* A success before the failure clears nothing. */
	analysis_init(&an, &ps, &limits);
	an.members[KIND_WAAGENT_LOG] = 1;
	feed(&an, &log0, 2, 2, "tfail abc");
	feed(&an, &log1, 1, 1, "tok abc");
	feed(&an, &log0, 3, 3, "tok xyz");
	diagnose(&d, &ps, &an, NULL);
	assert_int_equal(verdict(&d, "d.transient")->status, VERDICT_FOUND);
	/* Without a version the first ruled_out rule holds. */
	v = verdict(&d, "d.ruled");
	assert_int_equal(v->status, VERDICT_RULED_OUT);
	assert_string_equal(v->text, "no version");
	/* No platform known: nothing is not applicable. */
	assert_int_equal(verdict(&d, "d.win")->status, VERDICT_RULED_OUT);
	diagnosis_free(&d);
	analysis_free(&an);
}

/* An empty bundle: nothing found, what each cause would need. */
static void
test_not_evaluated(void **state)
{
	struct analysis an;
	struct diagnosis d;
	const struct verdict *v;
	size_t i;

	(void)state;
	analysis_init(&an, &ps, &limits);
	an.members[KIND_WAAGENT_CONF] = 0;
	diagnose(&d, &ps, &an, NULL);
	assert_int_equal(d.nfindings, 0);
	v = verdict(&d, "d.root");
	assert_int_equal(v->status, VERDICT_NOT_EVALUATED);
	assert_string_equal(v->text, "waagent.log");
	v = verdict(&d, "d.noeval");
	assert_int_equal(v->status, VERDICT_NOT_EVALUATED);
	assert_string_equal(v->text, "/etc/waagent.conf (agent unknown)");
	assert_int_equal(verdict(&d, "d.absent")->status,
	    VERDICT_NOT_EVALUATED);
	/* A ruled_out rule on a missing fact holds even so. */
	assert_int_equal(verdict(&d, "d.ruled")->status, VERDICT_RULED_OUT);
	for (i = 0; i < d.n; i++) {
		assert_false(d.v[i].root);
		assert_int_equal(d.v[i].nchain, 0);
		assert_int_equal(d.v[i].ncodes, 0);
	}
	diagnosis_free(&d);

	/* Records alone do not make a kind present: members do. */
	feed(&an, &log0, 1, 1, "never-appears");
	diagnose(&d, &ps, &an, NULL);
	assert_int_equal(verdict(&d, "d.absent")->status, VERDICT_FOUND);
	assert_int_equal(verdict(&d, "d.root")->status,
	    VERDICT_NOT_EVALUATED);
	diagnosis_free(&d);
	analysis_free(&an);
}

/* The root not found: the first found cause on the way is the root. */
static void
test_root_moves(void **state)
{
	struct analysis an;
	struct diagnosis d;
	const struct verdict *v;

	(void)state;
	analysis_init(&an, &ps, &limits);
	an.members[KIND_WAAGENT_LOG] = 1;
	feed(&an, &log0, 1, 1, "zfail");
	feed(&an, &log0, 2, 2, "yfail");
	diagnose(&d, &ps, &an, NULL);
	v = verdict(&d, "d.root");
	assert_int_equal(v->status, VERDICT_RULED_OUT);
	assert_false(v->root);
	v = verdict(&d, "d.mid");
	assert_int_equal(v->status, VERDICT_FOUND);
	assert_true(v->root);
	assert_int_equal(v->nchain, 2);
	assert_int_equal(v->chain[0], index_of("d.mid"));
	assert_int_equal(v->chain[1], index_of("d.leaf"));
	assert_int_equal(v->ncodes, 3);
	assert_false(verdict_explains(v, "CodeRoot"));
	v = verdict(&d, "d.leaf");
	assert_false(v->root);
	assert_int_equal(v->nchain, 2);
	assert_int_equal(d.nfindings, 2);
	assert_int_equal(d.findings[0], index_of("d.mid"));
	assert_int_equal(d.findings[1], index_of("d.leaf"));
	diagnosis_free(&d);

	/* Only the leaf: a root on its own. */
	analysis_free(&an);
	analysis_init(&an, &ps, &limits);
	an.members[KIND_WAAGENT_LOG] = 1;
	feed(&an, &log0, 1, 1, "zfail");
	diagnose(&d, &ps, &an, NULL);
	v = verdict(&d, "d.leaf");
	assert_true(v->root);
	assert_int_equal(v->nchain, 1);
	assert_int_equal(v->chain[0], index_of("d.leaf"));
	assert_int_equal(verdict(&d, "d.mid")->status, VERDICT_RULED_OUT);
	diagnosis_free(&d);
	analysis_free(&an);
}

static void
test_symptom(void **state)
{
	struct analysis an;
	struct diagnosis d, plain;
	const char *want[] = { "d.root", "d.ruled", "d.win" };
	size_t i, n;
	char *a, *b;

	(void)state;
	usual(&an, &ps, 3);
	diagnose(&plain, &ps, &an, NULL);
	diagnose(&d, &ps, &an, "coderoot");
	assert_string_equal(d.symptom_code, "coderoot");
	assert_non_null(d.symptom);
	assert_string_equal(d.symptom->code, "CodeRoot");
	assert_string_equal(d.symptom->message, "the root symptom");
	/* Its documented causes, in catalogue order, whatever they are. */
	for (i = 0, n = 0; i < d.n; i++) {
		if (!cause_explains(d.v[i].cause, d.symptom_code))
			continue;
		assert_true(n < 3);
		assert_string_equal(d.v[i].cause->id, want[n]);
		n++;
	}
	assert_int_equal(n, 3);
	/* The chain that explains it. */
	assert_true(verdict_explains(&d.v[d.findings[0]], "CODEROOT"));
	assert_false(verdict_explains(verdict(&d, "d.mid"), "CodeRoot"));
	/* The verdicts do not depend on the symptom. */
	a = dump(&plain);
	b = dump(&d);
	assert_string_equal(a, b);
	free(b);
	diagnosis_free(&d);

	/* A code the packs do not know. */
	diagnose(&d, &ps, &an, "NoSuchCode");
	assert_string_equal(d.symptom_code, "NoSuchCode");
	assert_null(d.symptom);
	b = dump(&d);
	assert_string_equal(a, b);
	free(b);
	free(a);
	diagnosis_free(&d);
	diagnosis_free(&plain);
	analysis_free(&an);
}

static void
test_deterministic(void **state)
{
	struct analysis an, an2;
	struct diagnosis d;
	char *a, *b, *c;

	(void)state;
	usual(&an, &ps, 3);
	diagnose(&d, &ps, &an, NULL);
	a = dump(&d);
	diagnosis_free(&d);
	diagnose(&d, &ps, &an, NULL);
	b = dump(&d);
	diagnosis_free(&d);
	assert_string_equal(a, b);
	/* A fresh analysis of the same records. */
	usual(&an2, &ps, 3);
	diagnose(&d, &ps, &an2, NULL);
	c = dump(&d);
	diagnosis_free(&d);
	assert_string_equal(a, c);
	assert_non_null(strstr(a, "d.root found high root=1 [x 3 times]"));
	free(a);
	free(b);
	free(c);
	analysis_free(&an);
	analysis_free(&an2);
}

static void
chain_is(const struct diagnosis *d, size_t v, const char *ids)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < d->v[v].nchain; i++)
		strbuf_addf(&sb, "%s%s", i > 0 ? " " : "",
		    d->v[d->v[v].chain[i]].cause->id);
	assert_string_equal(strbuf_str(&sb), ids);
	strbuf_release(&sb);
}

/* leads_to cycles (the loader accepts them): diagnose ends, and a chain
 * never holds a cause twice. */
static void
test_cycle(void **state)
{
	struct analysis an;
	struct diagnosis d;
	size_t i;

	(void)state;
	/* a, b and c, all on cycles: none is a root, each stands alone. */
	analysis_init(&an, &cps, &limits);
	an.members[KIND_WAAGENT_LOG] = 1;
	feed(&an, &log0, 1, 1, "afail bfail cfail");
	diagnose(&d, &cps, &an, NULL);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.v[0].status, VERDICT_RULED_OUT);
	assert_int_equal(d.nfindings, 3);
	for (i = 1; i < d.n; i++) {
		assert_int_equal(d.v[i].status, VERDICT_FOUND);
		assert_false(d.v[i].root);
		assert_int_equal(d.v[i].nchain, 1);
		assert_int_equal(d.v[i].chain[0], i);
		assert_int_equal(d.v[i].ncodes, 1);
	}
	assert_string_equal(d.v[3].codes[0], "CodeC");
	diagnosis_free(&d);

	/* With r: the longest chain without repeats. */
	feed(&an, &log0, 2, 2, "rfail");
	diagnose(&d, &cps, &an, NULL);
	assert_true(d.v[0].root);
	chain_is(&d, 0, "c.r c.a c.b c.c");
	assert_int_equal(d.v[0].ncodes, 4);
	chain_is(&d, 1, "c.r c.a");
	chain_is(&d, 2, "c.r c.a c.b");
	chain_is(&d, 3, "c.r c.a c.b c.c");
	for (i = 1; i < d.n; i++)
		assert_false(d.v[i].root);
	assert_int_equal(d.nfindings, 4);
	assert_int_equal(d.findings[0], 0);
	diagnosis_free(&d);
	analysis_free(&an);

	/* c alone leads only to itself: a root, once on its chain. */
	analysis_init(&an, &cps, &limits);
	an.members[KIND_WAAGENT_LOG] = 1;
	feed(&an, &log0, 1, 1, "cfail");
	diagnose(&d, &cps, &an, NULL);
	assert_true(d.v[3].root);
	chain_is(&d, 3, "c.c");
	assert_int_equal(d.v[3].ncodes, 1);
	diagnosis_free(&d);

	/* a and b only: a cycle of two, no root. */
	feed(&an, &log0, 2, 2, "afail bfail");
	diagnose(&d, &cps, &an, NULL);
	assert_false(d.v[1].root);
	assert_false(d.v[2].root);
	assert_false(d.v[3].root);
	chain_is(&d, 1, "c.a");
	diagnosis_free(&d);
	analysis_free(&an);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_chain),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_ruled_out),
		cmocka_unit_test(test_not_evaluated),
		cmocka_unit_test(test_root_moves),
		cmocka_unit_test(test_symptom),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_cycle),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
