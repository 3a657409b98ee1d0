/*
 * audit.c: a small pack of signals, data, causes and checks, an analysis
 * fed by hand, its diagnosis, and every check's status, summary,
 * evidence and missing file; the order in which rules and causes decide;
 * the JSON document a batch would write per bundle.
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

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "unit.h"

#include "analyze.h"
#include "audit.h"
#include "bundle.h"
#include "diagnose.h"
#include "pack.h"
#include "record.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

#define SIGNAL(id, regex)						\
	"{'id': '" id "', 'title': 'signal " id "', 'kinds': 'waagent.log',"\
	" 'regex': '" regex "', 'examples': {'match': ['x'],"		\
	" 'no_match': ['y']}}"
#define CAUSE(id, extra)						\
	"{'id': '" id "', 'title': 'Cause " id "', 'explains': 'CodeA'"	\
	extra ", 'remedy': 'Fix it.', 'doc': 'https://example.com/" id "'}"
#define NEEDS(kind, missing) \
	", 'needs': {'kinds': '" kind "', 'missing': '" missing "'}"
#define CHECK(id, extra)						\
	"{'id': '" id "', 'title': 'Check " id "'" extra ","		\
	" 'remedy': ['Do this.'], 'doc': 'https://example.com/" id "'}"
#define SOURCED \
	", 'source': 'https://example.com/src', 'as_of': '2025-01-02'"

static const char audit_pack[] =
"{'pack': 'a',\n"
" 'signals': [\n"
SIGNAL("a.fail", "afail") ",\n"
SIGNAL("a.fatal", "afatal") ",\n"
SIGNAL("a.low", "alow") ",\n"
SIGNAL("a.ok", "aok") ",\n"
SIGNAL("a.ver", "Version: (?<v>[0-9.]+)") ",\n"
SIGNAL("a.sys", "System: (?<id>[a-z]+) (?<ver>[0-9.]+)") "\n"
" ],\n"
" 'facts': [{'id': 'a.version', 'type': 'version',\n"
"   'from': [{'signal': 'a.ver', 'capture': 'v'}]},\n"
"  {'id': 'a.id', 'from': [{'signal': 'a.sys', 'capture': 'id'}]},\n"
"  {'id': 'a.sysver', 'from': [{'signal': 'a.sys', 'capture': 'ver'}]}],\n"
" 'data': [\n"
"  {'id': 'a.min', 'title': 'minimum', 'value': '2.0'" SOURCED "},\n"
"  {'id': 'a.latest', 'title': 'latest', 'value': '3.0'" SOURCED ",\n"
"   'note': 'read from a release list'},\n"
"  {'id': 'a.systems', 'title': 'supported systems'" SOURCED ",\n"
"   'rows': [{'name': 'Good 1', 'id': '^good$', 'ver': '^1[.]'},\n"
"            {'name': 'Fine', 'id': '^fine$'}]}\n"
" ],\n"
" 'causes': [\n"
CAUSE("c.found", ", 'platform': 'linux', 'found': [{'when': {'signal':"
    " 'a.fail'}, 'confidence': 'high', 'summary': 'the fail signal'}]"
    NEEDS("waagent.log", "the log")) ",\n"
CAUSE("c.low", ", 'platform': 'linux', 'found': [{'when': {'signal':"
    " 'a.low'}, 'confidence': 'low', 'summary': 'a weak sign'}]"
    NEEDS("waagent.log", "the log")) ",\n"
CAUSE("c.ruled", ", 'platform': 'linux', 'found': [{'when': {'signal':"
    " 'a.fatal', 'min': 99}, 'summary': 's'}], 'ruled_out': [{'when':"
    " {'signal': 'a.ok'}, 'why': 'the ok signal'}]"
    NEEDS("waagent.log", "the log")) ",\n"
CAUSE("c.noeval", ", 'platform': 'linux', 'found': [{'when': {'kind':"
    " 'waagent.conf'}, 'summary': 's'}]"
    NEEDS("waagent.conf", "/etc/waagent.conf, says the cause")) ",\n"
CAUSE("c.win", ", 'platform': 'windows', 'found': [{'when': {'signal':"
    " 'a.fail'}, 'summary': 'windows'}]" NEEDS("waagent.log", "w")) "\n"
" ],\n"
" 'checks': [\n"
/* A cause found outranks the check's own warn and pass rules. */
CHECK("k.order", ", 'cause': 'c.found', 'warn': [{'when': {'signal':"
    " 'a.fail'}, 'summary': 'own warn'}], 'pass': [{'when': {'kind':"
    " 'waagent.log'}, 'summary': 'own pass'}]"
    NEEDS("waagent.log", "the log")) ",\n"
/* The check's own fail rule outranks the cause. */
CHECK("k.rulefail", ", 'cause': 'c.found', 'fail': [{'when': {'signal':"
    " 'a.fatal'}, 'summary': 'fatal {count:a.fatal} time(s)'}]"
    NEEDS("waagent.log", "the log")) ",\n"
CHECK("k.version", ", 'fail': [{'when': {'fact': 'a.version',"
    " 'version_lt': {'data': 'a.min'}}, 'summary': 'too old'}],"
    " 'warn': [{'when': {'fact': 'a.version', 'version_lt': {'data':"
    " 'a.latest'}}, 'summary': '{fact:a.version} is behind {data:a.latest}"
    " (as of {as_of:a.latest})'}], 'pass': [{'when': {'fact':"
    " 'a.version', 'version_ge': {'data': 'a.latest'}}, 'summary': 'new'}]"
    NEEDS("waagent.log", "the log")) ",\n"
CHECK("k.table", ", 'warn': [{'when': {'all': [{'fact': 'a.id', 'exists':"
    " true}, {'not': {'data': 'a.systems', 'row': {'id': 'a.id', 'ver':"
    " 'a.sysver'}}}]}, 'summary': '{fact:a.id} is not one of"
    " {data:a.systems}'}], 'pass': [{'when': {'data': 'a.systems', 'row':"
    " {'id': 'a.id', 'ver': 'a.sysver'}}, 'summary': '{fact:a.id}"
    " {fact:a.sysver} is supported'}]" NEEDS("waagent.log", "the log")) ",\n"
CHECK("k.low", ", 'cause': 'c.low'" NEEDS("waagent.log", "the log")) ",\n"
CHECK("k.ruled", ", 'cause': ['c.win', 'c.ruled']"
    NEEDS("waagent.log", "the log")) ",\n"
CHECK("k.noeval", ", 'cause': ['c.ruled', 'c.noeval']"
    NEEDS("waagent.log", "the log")) ",\n"
/* None of the files it needs: a cause ruled out does not pass it. */
CHECK("k.gate", ", 'cause': 'c.ruled'"
    NEEDS("waagent.conf", "/etc/waagent.conf, minimum {data:a.min}")) ",\n"
CHECK("k.win", ", 'platform': 'windows', 'pass': [{'when': {'kind':"
    " 'waagent.log'}, 'summary': 'never'}]" NEEDS("eventlog", "the log"))
    ",\n"
CHECK("k.nothing", ", 'pass': [{'when': {'signal': 'a.fatal', 'min': 50},"
    " 'summary': 'never'}]" NEEDS("waagent.log", "the log with more")) "\n"
" ],\n"
" 'symptoms': [{'code': 'CodeA', 'message': 'a'}]\n"
"}\n";

static struct packset ps;
static struct limits limits;

static int
setup(void **state)
{
	struct strbuf err = STRBUF_INIT;
	char tmpl[] = "/tmp/vmtriage-test-audit-XXXXXX";
	const char *dirs[1];
	char *path;
	int n;

	(void)state;
	limits_default(&limits);
	if (mkdtemp(tmpl) == NULL)
		return -1;
	unit_write_pack(tmpl, "10-a.json", audit_pack);
	dirs[0] = tmpl;
	n = packset_load(&ps, dirs, 1, &err);
	if (n != 0)
		print_message("%s", strbuf_str(&err));
	strbuf_release(&err);
	xasprintf(&path, "%s/10-a.json", tmpl);
	unlink(path);
	free(path);
	rmdir(tmpl);
	return n == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	packset_free(&ps);
	return 0;
}

static const struct member log0 = {
	"var/log/waagent.log", "var/log/waagent.log", 100, 0, 0
};

static void
feed(struct analysis *an, unsigned long line, const char *msg)
{
	struct record r;

	memset(&r, 0, sizeof r);
	r.kind = KIND_WAAGENT_LOG;
	r.member = &log0;
	r.line = line;
	r.lines = 1;
	r.time.us = (vtime_from_civil(2025, 1, 2, 3, 4, 5) + (int64_t)line) *
	    1000000;
	r.time.zone = VTIME_UTC;
	r.level = "INFO";
	r.text = r.msg = msg;
	r.text_len = r.msg_len = strlen(msg);
	matcher_record(&an->matcher, &r);
}

static const struct check_result *
result(const struct audit *a, const char *id)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->r[i].check->id, id) == 0)
			return &a->r[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static void
run(struct analysis *an, unsigned platforms)
{
	analysis_init(an, &ps, &limits);
	an->members[KIND_WAAGENT_LOG] = 1;
	an->platforms = platforms;
	feed(an, 1, "afail");
	feed(an, 2, "alow");
	feed(an, 3, "aok");
	feed(an, 4, "Version: 2.5.1");
	feed(an, 5, "System: good 1.4");
}

static void
test_statuses(void **state)
{
	struct analysis an;
	struct diagnosis d;
	struct audit a;
	const struct check_result *r;

	(void)state;
	run(&an, PLAT_LINUX);
	diagnose(&d, &ps, &an, NULL);
	audit_run(&a, &ps, &an, &d);
	assert_int_equal(a.n, ps.nchecks);
	assert_int_equal(a.platforms, PLAT_LINUX);

	r = result(&a, "k.order");
	assert_int_equal(r->status, CHECK_FAIL);
	assert_true(r->by_cause);
	assert_null(r->rule);
	assert_string_equal(r->summary, "the fail signal");
	assert_string_equal(r->cause->id, "c.found");
	assert_int_equal(r->nev, 1);
	assert_string_equal(r->ev[0].text, "afail");
	assert_null(r->missing);
	assert_int_equal(r->nremedy, 1);
	assert_string_equal(r->remedy[0], "Do this.");

	/* No a.fatal in this bundle: the cause decides. */
	r = result(&a, "k.rulefail");
	assert_int_equal(r->status, CHECK_FAIL);
	assert_true(r->by_cause);

	/* 2.5.1: supported, behind the latest; the rule's data only. */
	r = result(&a, "k.version");
	assert_int_equal(r->status, CHECK_WARN);
	assert_false(r->by_cause);
	assert_string_equal(r->summary, "2.5.1 is behind 3.0 (as of 2025-01-02)");
	assert_non_null(r->rule);
	assert_int_equal(r->rule->ndata, 1);
	assert_string_equal(r->rule->data[0]->id, "a.latest");
	assert_int_equal(r->nev, 1);
	assert_string_equal(r->ev[0].text, "Version: 2.5.1");
	assert_int_equal(r->check->ndata, 2);

	/* Both facts of the row match; both are the evidence. */
	r = result(&a, "k.table");
	assert_int_equal(r->status, CHECK_PASS);
	assert_string_equal(r->summary, "good 1.4 is supported");
	assert_int_equal(r->nev, 1);	/* one record gave both */

	r = result(&a, "k.low");
	assert_int_equal(r->status, CHECK_WARN);
	assert_string_equal(r->summary, "a weak sign");

	/* c.win does not apply to a Linux VM; c.ruled is ruled out. */
	r = result(&a, "k.ruled");
	assert_int_equal(r->status, CHECK_PASS);
	assert_string_equal(r->summary, "Ruled out c.ruled: the ok signal.");
	assert_string_equal(r->cause->id, "c.ruled");

	/* A cause not evaluated outranks one ruled out: its missing. */
	r = result(&a, "k.noeval");
	assert_int_equal(r->status, CHECK_UNKNOWN);
	assert_string_equal(r->missing, "/etc/waagent.conf, says the cause");
	assert_string_equal(r->cause->id, "c.noeval");

	r = result(&a, "k.gate");
	assert_int_equal(r->status, CHECK_UNKNOWN);
	assert_false(r->by_cause);
	assert_string_equal(r->missing, "/etc/waagent.conf, minimum 2.0");
	assert_string_equal(r->summary, "Not decided by this bundle.");

	r = result(&a, "k.win");
	assert_int_equal(r->status, CHECK_NA);
	assert_string_equal(r->summary, "Applies to Windows VMs; this is a "
	    "Linux VM.");

	r = result(&a, "k.nothing");
	assert_int_equal(r->status, CHECK_UNKNOWN);
	assert_string_equal(r->summary, "The bundle's waagent.log does not "
	    "decide it.");
	assert_string_equal(r->missing, "the log with more");

	assert_int_equal(a.count[CHECK_FAIL], 2);
	assert_int_equal(a.count[CHECK_WARN], 2);
	assert_int_equal(a.count[CHECK_PASS], 2);
	assert_int_equal(a.count[CHECK_UNKNOWN], 3);
	assert_int_equal(a.count[CHECK_NA], 1);
	assert_string_equal(audit_verdict(&a), "not_ready");
	assert_true(audit_fails(&a, CHECK_FAIL));
	audit_free(&a);
	diagnosis_free(&d);
	analysis_free(&an);
}

static void
test_rules_first(void **state)
{
	struct analysis an;
	struct diagnosis d;
	struct audit a;
	const struct check_result *r;

	(void)state;
	run(&an, PLAT_LINUX);
	feed(&an, 6, "afatal");
	feed(&an, 7, "Version: 1.9");
	feed(&an, 8, "System: other 1.0");
	diagnose(&d, &ps, &an, NULL);
	audit_run(&a, &ps, &an, &d);

	r = result(&a, "k.rulefail");
	assert_int_equal(r->status, CHECK_FAIL);
	assert_false(r->by_cause);
	assert_string_equal(r->summary, "fatal 1 time(s)");

	r = result(&a, "k.version");
	assert_int_equal(r->status, CHECK_FAIL);
	assert_string_equal(r->summary, "too old");
	assert_string_equal(r->rule->data[0]->id, "a.min");

	r = result(&a, "k.table");
	assert_int_equal(r->status, CHECK_WARN);
	assert_string_equal(r->summary, "other is not one of Good 1, Fine");
	audit_free(&a);
	diagnosis_free(&d);
	analysis_free(&an);
}

/* A Windows VM: the Linux causes do not apply, and nothing is found. */
static void
test_windows(void **state)
{
	struct analysis an;
	struct diagnosis d;
	struct audit a;
	const struct check_result *r;

	(void)state;
	analysis_init(&an, &ps, &limits);
	an.members[KIND_WAAGENT_LOG] = 1;
	an.platforms = PLAT_WINDOWS;
	feed(&an, 1, "afail");
	diagnose(&d, &ps, &an, NULL);
	audit_run(&a, &ps, &an, &d);
	assert_int_equal(a.platforms, PLAT_WINDOWS);
	r = result(&a, "k.order");
	/* c.found is of Linux: the check's own warn rule decides. */
	assert_int_equal(r->status, CHECK_WARN);
	assert_string_equal(r->summary, "own warn");
	r = result(&a, "k.ruled");
	/* c.win applies and is found. */
	assert_int_equal(r->status, CHECK_FAIL);
	assert_string_equal(r->cause->id, "c.win");
	r = result(&a, "k.win");
	assert_int_equal(r->status, CHECK_PASS);
	assert_true(audit_fails(&a, CHECK_FAIL));
	audit_free(&a);
	diagnosis_free(&d);
	analysis_free(&an);
}

/* The JSON document: schema, counts, every check with its parts. */
static void
test_json(void **state)
{
	struct analysis an;
	struct diagnosis d;
	struct audit a;
	cJSON *root, *checks, *c, *data;
	char *text;

	(void)state;
	run(&an, PLAT_LINUX);
	an.path = xstrdup("bundle/");
	diagnose(&d, &ps, &an, NULL);
	audit_run(&a, &ps, &an, &d);
	root = report_audit_object(&an, &a);
	assert_string_equal(cJSON_GetObjectItem(root, "schema")->valuestring,
	    AUDIT_SCHEMA);
	assert_string_equal(cJSON_GetObjectItem(root, "verdict")->valuestring,
	    "not_ready");
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root,
	    "summary"), "unknown")->valueint, 3);
	checks = cJSON_GetObjectItem(root, "checks");
	assert_int_equal(cJSON_GetArraySize(checks), (int)ps.nchecks);
	c = cJSON_GetArrayItem(checks, 2);
	assert_string_equal(cJSON_GetObjectItem(c, "id")->valuestring,
	    "k.version");
	assert_string_equal(cJSON_GetObjectItem(c, "status")->valuestring,
	    "warn");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "missing")));
	data = cJSON_GetObjectItem(c, "data");
	assert_int_equal(cJSON_GetArraySize(data), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(data, 1),
	    "note")->valuestring, "read from a release list");
	c = cJSON_GetArrayItem(checks, 7);
	assert_string_equal(cJSON_GetObjectItem(c, "status")->valuestring,
	    "unknown");
	assert_string_equal(cJSON_GetObjectItem(c, "missing")->valuestring,
	    "/etc/waagent.conf, minimum 2.0");
	text = cJSON_PrintUnformatted(root);
	assert_non_null(strstr(text, "\"not_applicable\":1"));
	cJSON_free(text);
	cJSON_Delete(root);
	audit_free(&a);
	diagnosis_free(&d);
	analysis_free(&an);
}

/* Data conditions in words, for explain and the pack author. */
static void
test_describe(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const struct check *c;

	(void)state;
	c = packset_check(&ps, "k.table");
	assert_non_null(c);
	cond_describe(c->pass[0].when, &ps, &sb);
	assert_string_equal(strbuf_str(&sb), "a.id (as id) and a.sysver (as "
	    "ver) match a row of a.systems (supported systems, as of "
	    "2025-01-02)");
	strbuf_reset(&sb);
	cond_describe(c->warn[0].when, &ps, &sb);
	assert_non_null(strstr(strbuf_str(&sb), "match no row of a.systems"));
	c = packset_check(&ps, "k.version");
	strbuf_reset(&sb);
	cond_describe(c->fail[0].when, &ps, &sb);
	assert_string_equal(strbuf_str(&sb), "a.version is older than 2.0 "
	    "(a.min: minimum, as of 2025-01-02)");
	strbuf_release(&sb);
	assert_null(packset_check(&ps, "k.none"));
	assert_string_equal(packset_data(&ps, "a.latest")->value, "3.0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_rules_first),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
