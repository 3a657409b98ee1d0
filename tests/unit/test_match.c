/*
 * match.c and facts.c: hand-made records through matcher_record(), and
 * what the hit store and the facts keep of them: groups, counts, first
 * and last hit by time whatever the order records arrive in, clearing,
 * levels, field conditions, fact templates and "take"; and log records
 * parsed with deferred heads, which the matcher completes itself.
 */
#include "config.h"

#include <dirent.h>
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
#include "facts.h"
#include "match.h"
#include "pack.h"
#include "parse.h"
#include "record.h"
#include "strbuf.h"
#include "timeparse.h"
#include "xalloc.h"

/* Written with single quotes; unit_write_pack() makes them double quotes. */
static const char match_pack[] =
"{'pack': 'm',\n"
" 'signals': [\n"
"  {'id': 'm.fail', 'title': 'an extension failed',\n"
"   'kinds': 'waagent.log', 'levels': ['ERROR', 'WARNING'],\n"
"   'regex': 'Extension (?<ext>[A-Za-z.]+) failed: (?<err>[a-z]+)',\n"
"   'group_by': 'ext', 'cleared_by': 'm.ok',\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.ok', 'title': 'an extension succeeded',\n"
"   'kinds': 'waagent.log',\n"
"   'regex': 'Extension (?<ext>[A-Za-z.]+) succeeded', 'group_by': 'ext',\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.any', 'title': 'boom', 'kinds': 'waagent.log',\n"
"   'regex': 'boom', 'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.pair', 'title': 'two keys', 'kinds': 'waagent.log',\n"
"   'regex': 'pair (?<a>[a-z]+) (?<b>[a-z]+)', 'group_by': ['a', 'b'],\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.conf', 'title': 'a conf key', 'kinds': 'waagent.conf',\n"
"   'where': {'key': '^(Extensions|AutoUpdate)[.]Enabled$'},\n"
"   'where_not': {'value': '^y$'},\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.ver', 'title': 'a version', 'kinds': ['waagent.log', 'syslog'],\n"
"   'regex': 'Version: (?<version>[^ ]+)',\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.num', 'title': 'a duration', 'kinds': 'waagent.log',\n"
"   'regex': 'took (?<secs>[0-9.]+) s',\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}},\n"
"  {'id': 'm.thread', 'title': 'a monitor thread', 'kinds': 'waagent.log',\n"
"   'where': {'thread': '^Monitor'},\n"
"   'examples': {'match': ['x'], 'no_match': ['y']}}\n"
" ],\n"
" 'facts': [\n"
"  {'id': 'ver.last', 'type': 'version', 'take': 'last',\n"
"   'from': [{'signal': 'm.ver', 'capture': 'version'}]},\n"
"  {'id': 'ver.first', 'type': 'version', 'take': 'first',\n"
"   'from': [{'signal': 'm.ver', 'capture': 'version'}]},\n"
"  {'id': 'ver.max', 'type': 'version', 'take': 'max',\n"
"   'from': [{'signal': 'm.ver', 'capture': 'version'}]},\n"
"  {'id': 'ver.min', 'type': 'version', 'take': 'min',\n"
"   'from': [{'signal': 'm.ver', 'capture': 'version'}]},\n"
"  {'id': 'str.max', 'type': 'string', 'take': 'max',\n"
"   'from': [{'signal': 'm.ver', 'capture': 'version'}]},\n"
"  {'id': 'num.max', 'type': 'number', 'take': 'max',\n"
"   'from': [{'signal': 'm.num', 'capture': 'secs'}]},\n"
"  {'id': 'num.min', 'type': 'number', 'take': 'min',\n"
"   'from': [{'signal': 'm.num', 'capture': 'secs'}]},\n"
"  {'id': 'conf.{key}', 'from': [{'signal': 'm.conf', 'capture': 'value'}]},\n"
"  {'id': 'miss.{nope}', 'from': [{'signal': 'm.conf', 'capture': 'value'}]},\n"
"  {'id': 'fail.{ext}', 'take': 'first',\n"
"   'from': [{'signal': 'm.fail', 'capture': 'err'}]}\n"
" ]\n"
"}\n";

static struct packset ps;

/* Loads a pack written as unit_write_pack() takes it; 0 on success. */
static int
load_pack(struct packset *into, const char *pack)
{
	struct strbuf err = STRBUF_INIT;
	char tmpl[] = "/tmp/vmtriage-test-match-XXXXXX";
	const char *dirs[1];
	char *path;
	int n;

	if (mkdtemp(tmpl) == NULL)
		return -1;
	unit_write_pack(tmpl, "10-m.json", pack);
	dirs[0] = tmpl;
	n = packset_load(into, dirs, 1, &err);
	if (n != 0)
		print_message("%s", strbuf_str(&err));
	strbuf_release(&err);
	xasprintf(&path, "%s/10-m.json", tmpl);
	unlink(path);
	free(path);
	rmdir(tmpl);
	return n == 0 ? 0 : -1;
}

static int
setup(void **state)
{
	(void)state;
	return load_pack(&ps, match_pack);
}

static int
teardown(void **state)
{
	(void)state;
	packset_free(&ps);
	return 0;
}

/* A matcher with its fact store. */
struct env {
	struct facts	fs;
	struct matcher	m;
};

static void
env_init(struct env *e)
{
	facts_init(&e->fs);
	matcher_init(&e->m, &ps, &e->fs);
}

static void
env_free(struct env *e)
{
	matcher_free(&e->m);
	facts_free(&e->fs);
}

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

static const struct vtime no_time = { 0, VTIME_NONE };

/* Feeds a record; the variadic part is name, value pairs, then NULL. */
static void
feed(struct env *e, const struct member *mem, enum source_kind kind,
    unsigned long line, struct vtime t, const char *level, const char *msg,
    ...)
{
	struct record r;
	const char *name, *value;
	va_list ap;

	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.member = mem;
	r.line = line;
	r.lines = 1;
	r.time = t;
	r.level = level;
	r.text = msg;
	r.text_len = strlen(msg);
	r.msg = msg;
	r.msg_len = strlen(msg);
	va_start(ap, msg);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		record_add_field(&r, name, value);
	}
	va_end(ap);
	matcher_record(&e->m, &r);
}

static const struct hit_group *
group(struct env *e, const char *sig, const char *key)
{
	const struct signal_hits *sh;
	size_t i;

	sh = matcher_hits(&e->m, packset_signal(&ps, sig));
	for (i = 0; i < sh->ngroups; i++)
		if (strcmp(sh->groups[i].key, key) == 0)
			return &sh->groups[i];
	return NULL;
}

static unsigned long
count(struct env *e, const char *sig)
{
	return matcher_hits(&e->m, packset_signal(&ps, sig))->count;
}

static const char *
fact(struct env *e, const char *id)
{
	const struct fact *f = facts_get(&e->fs, id);

	return f != NULL ? f->value : NULL;
}

static const struct member log0 = {
	"var/log/waagent.log", "var/log/waagent.log", 100, 0, 0
};
static const struct member log1 = {
	"var/log/waagent.log.1", "var/log/waagent.log.1", 100, 0, 1
};
static const struct member conf = {
	"etc/waagent.conf", "etc/waagent.conf", 100, 0, 2
};

static void
test_groups(void **state)
{
	struct env e;
	const struct hit_group *a, *b, *p;

	(void)state;
	env_init(&e);
	feed(&e, &log0, KIND_WAAGENT_LOG, 1, at(1), "ERROR",
	    "Extension Foo.A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 2, at(2), "ERROR",
	    "Extension Foo.B failed: crash", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 3, at(3), "WARNING",
	    "Extension Foo.A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 4, at(4), "ERROR",
	    "Extension Foo.A failed: crash", NULL);
	/* Not a hit: another signal's line, no match at all. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 5, at(5), "ERROR",
	    "Extension Foo.A is fine", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 6, at(6), "INFO",
	    "pair x y", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 7, at(7), "INFO",
	    "pair x z", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 8, at(8), "INFO",
	    "pair x y", NULL);

	assert_int_equal(e.m.records, 8);
	assert_int_equal(e.m.kinds[KIND_WAAGENT_LOG].records, 8);
	assert_int_equal(count(&e, "m.fail"), 4);
	assert_int_equal(matcher_hits(&e.m,
	    packset_signal(&ps, "m.fail"))->ngroups, 2);
	assert_non_null(a = group(&e, "m.fail", "Foo.A"));
	assert_non_null(b = group(&e, "m.fail", "Foo.B"));
	assert_null(group(&e, "m.fail", "Foo"));
	assert_int_equal(a->count, 3);
	assert_int_equal(b->count, 1);
	assert_int_equal(a->first.line, 1);
	assert_int_equal(a->last.line, 4);
	assert_string_equal(a->last.text, "Extension Foo.A failed: crash");
	assert_string_equal(a->first.file, "var/log/waagent.log");
	assert_int_equal(a->first.kind, KIND_WAAGENT_LOG);
	assert_int_equal(a->first.time.us, at(1).us);
	assert_int_equal(b->first.line, 2);
	assert_int_equal(b->last.line, 2);
	assert_int_equal(count(&e, "m.ok"), 0);
	assert_int_equal(count(&e, "m.any"), 0);

	/* Two captures make one key, joined by a unit separator. */
	assert_int_equal(count(&e, "m.pair"), 3);
	assert_non_null(p = group(&e, "m.pair", "x\x1fy"));
	assert_int_equal(p->count, 2);
	assert_non_null(p = group(&e, "m.pair", "x\x1fz"));
	assert_int_equal(p->count, 1);
	env_free(&e);
}

/* Rotated logs: waagent.log.1 (older) is read after waagent.log. */
static void
test_order(void **state)
{
	struct env e;
	const struct hit_group *g;
	struct evidence ev;

	(void)state;
	env_init(&e);
	feed(&e, &log0, KIND_WAAGENT_LOG, 10, at(100), NULL, "boom 1", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 20, at(200), NULL, "boom 2", NULL);
	feed(&e, &log1, KIND_WAAGENT_LOG, 5, at(20), NULL, "boom 3", NULL);
	feed(&e, &log1, KIND_WAAGENT_LOG, 9, at(50), NULL, "boom 4", NULL);
	assert_non_null(g = group(&e, "m.any", ""));
	assert_int_equal(g->count, 4);
	assert_string_equal(g->first.text, "boom 3");
	assert_string_equal(g->first.file, "var/log/waagent.log.1");
	assert_int_equal(g->first.member_seq, 1);
	assert_string_equal(g->last.text, "boom 2");
	assert_string_equal(g->last.file, "var/log/waagent.log");
	assert_int_equal(g->last.line, 20);

	/* The same time: the first stays, the last moves on. */
	feed(&e, &log1, KIND_WAAGENT_LOG, 30, at(20), NULL, "boom 5", NULL);
	feed(&e, &log1, KIND_WAAGENT_LOG, 31, at(200), NULL, "boom 6", NULL);
	assert_string_equal(g->first.text, "boom 3");
	assert_string_equal(g->last.text, "boom 6");

	/* The newest record of the kind, by time. */
	memset(&ev, 0, sizeof ev);
	assert_int_equal(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_UTC,
	    &ev), 1);
	assert_int_equal(ev.time.us, at(200).us);
	assert_int_equal(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_LOCAL,
	    &ev), 0);
	assert_int_equal(matcher_newest(&e.m, KIND_SYSLOG, VTIME_UTC, &ev), 0);
	evidence_release(&ev);
	env_free(&e);

	/* Without times, the position in the bundle decides. */
	env_init(&e);
	feed(&e, &log1, KIND_WAAGENT_LOG, 3, no_time, NULL, "boom a", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 7, no_time, NULL, "boom b", NULL);
	feed(&e, &log1, KIND_WAAGENT_LOG, 1, no_time, NULL, "boom c", NULL);
	assert_non_null(g = group(&e, "m.any", ""));
	assert_string_equal(g->first.text, "boom b");
	assert_string_equal(g->last.text, "boom a");
	memset(&ev, 0, sizeof ev);
	assert_int_equal(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_UTC,
	    &ev), 0);
	env_free(&e);
}

static void
test_cleared_by(void **state)
{
	const struct signal *fail = packset_signal(&ps, "m.fail");
	const struct hit_group *g, *c;
	struct env e;

	(void)state;
	env_init(&e);
	/* A: a later success clears it. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 1, at(10), "ERROR",
	    "Extension A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 2, at(20), "INFO",
	    "Extension A succeeded", NULL);
	/* B: an earlier success does not. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 3, at(5), "INFO",
	    "Extension B succeeded", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 4, at(10), "ERROR",
	    "Extension B failed: timeout", NULL);
	/* C: nothing clears it, though D succeeded later. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 5, at(10), "ERROR",
	    "Extension C failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 6, at(30), "INFO",
	    "Extension D succeeded", NULL);
	/* E: failed again after the success. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 7, at(10), "ERROR",
	    "Extension E failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 8, at(20), "INFO",
	    "Extension E succeeded", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 9, at(30), "ERROR",
	    "Extension E failed: crash", NULL);
	/* F: the success is read first, from the older rotated file, but
	 * it is later in time: it clears. */
	feed(&e, &log1, KIND_WAAGENT_LOG, 1, at(40), "INFO",
	    "Extension F succeeded", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 10, at(35), "ERROR",
	    "Extension F failed: timeout", NULL);

	assert_non_null(g = group(&e, "m.fail", "A"));
	assert_non_null(c = matcher_clearing_group(&e.m, fail, g));
	assert_ptr_equal(c, group(&e, "m.ok", "A"));
	assert_false(matcher_group_active(&e.m, fail, g));
	assert_non_null(g = group(&e, "m.fail", "B"));
	assert_non_null(matcher_clearing_group(&e.m, fail, g));
	assert_true(matcher_group_active(&e.m, fail, g));
	assert_non_null(g = group(&e, "m.fail", "C"));
	assert_null(matcher_clearing_group(&e.m, fail, g));
	assert_true(matcher_group_active(&e.m, fail, g));
	assert_non_null(g = group(&e, "m.fail", "E"));
	assert_int_equal(g->count, 2);
	assert_true(matcher_group_active(&e.m, fail, g));
	assert_non_null(g = group(&e, "m.fail", "F"));
	assert_false(matcher_group_active(&e.m, fail, g));
	/* Clearing changes no count. */
	assert_int_equal(count(&e, "m.fail"), 6);
	/* A signal without cleared_by has no clearing group. */
	assert_null(matcher_clearing_group(&e.m, packset_signal(&ps, "m.ok"),
	    group(&e, "m.ok", "A")));
	env_free(&e);
}

static void
test_levels_kinds(void **state)
{
	struct env e;

	(void)state;
	env_init(&e);
	feed(&e, &log0, KIND_WAAGENT_LOG, 1, at(1), "INFO",
	    "Extension A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 2, at(1), "VERBOSE",
	    "Extension A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 3, at(1), NULL,
	    "Extension A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 4, at(1), "error",
	    "Extension A failed: timeout", NULL);
	assert_int_equal(count(&e, "m.fail"), 0);
	feed(&e, &log0, KIND_WAAGENT_LOG, 5, at(1), "WARNING",
	    "Extension A failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 6, at(1), "ERROR",
	    "Extension A failed: timeout", NULL);
	assert_int_equal(count(&e, "m.fail"), 2);
	/* A signal without levels takes any, none included. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 7, at(1), NULL, "boom", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 8, at(1), "VERBOSE", "boom", NULL);
	assert_int_equal(count(&e, "m.any"), 2);
	/* Only the signal's kinds. */
	feed(&e, &log0, KIND_SYSLOG, 9, at(1), "ERROR",
	    "Extension A failed: timeout boom", NULL);
	feed(&e, &log0, KIND_EXT_LOG, 10, at(1), NULL, "Version: 1.2", NULL);
	assert_int_equal(count(&e, "m.fail"), 2);
	assert_int_equal(count(&e, "m.any"), 2);
	assert_int_equal(count(&e, "m.ver"), 0);
	feed(&e, &log0, KIND_SYSLOG, 11, at(1), NULL, "Version: 1.2", NULL);
	assert_int_equal(count(&e, "m.ver"), 1);
	assert_int_equal(e.m.kinds[KIND_SYSLOG].records, 2);
	assert_int_equal(e.m.kinds[KIND_EXT_LOG].records, 1);
	env_free(&e);
}

static void
test_where(void **state)
{
	const struct signal *s = packset_signal(&ps, "m.conf");
	struct record r;
	struct env e;

	(void)state;
	env_init(&e);
	feed(&e, &conf, KIND_WAAGENT_CONF, 1, no_time, NULL, "", "key",
	    "Extensions.Enabled", "value", "n", NULL);
	/* where_not: the value must not be y. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 2, no_time, NULL, "", "key",
	    "AutoUpdate.Enabled", "value", "y", NULL);
	/* where: the key must match, whole. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 3, no_time, NULL, "", "key",
	    "Logs.Verbose", "value", "n", NULL);
	feed(&e, &conf, KIND_WAAGENT_CONF, 4, no_time, NULL, "", "key",
	    "Extensions.Enabled.Extra", "value", "n", NULL);
	/* A field that where needs is absent: no hit. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 5, no_time, NULL, "", "value", "n",
	    NULL);
	assert_int_equal(count(&e, "m.conf"), 1);
	/* A field that where_not names is absent: a hit. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 6, no_time, NULL, "", "key",
	    "AutoUpdate.Enabled", NULL);
	assert_int_equal(count(&e, "m.conf"), 2);
	assert_int_equal(group(&e, "m.conf", "")->last.line, 6);
	/* y is not Y: the field regex is case-sensitive. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 7, no_time, NULL, "", "key",
	    "AutoUpdate.Enabled", "value", "Y", NULL);
	assert_int_equal(count(&e, "m.conf"), 3);

	/* matcher_test: the same decision without a hit kept. */
	memset(&r, 0, sizeof r);
	r.kind = KIND_WAAGENT_CONF;
	r.member = &conf;
	r.text = r.msg = "";
	record_add_field(&r, "key", "Extensions.Enabled");
	record_add_field(&r, "value", "n");
	assert_true(matcher_test(&e.m, s, &r));
	r.fields[1].value = "y";
	assert_false(matcher_test(&e.m, s, &r));
	r.kind = KIND_WAAGENT_LOG;
	r.fields[1].value = "n";
	assert_false(matcher_test(&e.m, s, &r));
	assert_int_equal(count(&e, "m.conf"), 3);
	env_free(&e);
}

static void
test_facts_take(void **state)
{
	const struct fact *f;
	struct env e;

	(void)state;
	env_init(&e);
	feed(&e, &log0, KIND_WAAGENT_LOG, 20, at(20), "INFO",
	    "Version: 2.9.1", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 30, at(30), "INFO",
	    "Version: 2.10.0", NULL);
	feed(&e, &log1, KIND_WAAGENT_LOG, 10, at(10), "INFO",
	    "Version: 2.2.53", NULL);
	/* last and first by time, not by arrival. */
	assert_string_equal(fact(&e, "ver.last"), "2.10.0");
	assert_string_equal(fact(&e, "ver.first"), "2.2.53");
	assert_non_null(f = facts_get(&e.fs, "ver.first"));
	assert_string_equal(f->ev.file, "var/log/waagent.log.1");
	assert_int_equal(f->ev.line, 10);
	assert_string_equal(f->def->id, "ver.first");
	assert_non_null(f = facts_get(&e.fs, "ver.last"));
	assert_int_equal(f->ev.line, 30);
	/* max and min in version order, not string order. */
	assert_string_equal(fact(&e, "ver.max"), "2.10.0");
	assert_string_equal(fact(&e, "ver.min"), "2.2.53");
	assert_non_null(f = facts_get(&e.fs, "ver.max"));
	assert_int_equal(f->ev.line, 30);
	assert_string_equal(fact(&e, "str.max"), "2.9.1");

	/* Not a version: version facts ignore it, a string fact takes it. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 40, at(40), "INFO",
	    "Version: unknown", NULL);
	assert_string_equal(fact(&e, "ver.last"), "2.10.0");
	assert_string_equal(fact(&e, "ver.min"), "2.2.53");
	assert_string_equal(fact(&e, "str.max"), "unknown");
	/* The same time again: last moves to the later line. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 41, at(30), "INFO",
	    "Version: 2.10.1", NULL);
	assert_string_equal(fact(&e, "ver.last"), "2.10.1");
	feed(&e, &log0, KIND_WAAGENT_LOG, 29, at(30), "INFO",
	    "Version: 2.10.3", NULL);
	assert_string_equal(fact(&e, "ver.last"), "2.10.1");
	feed(&e, &log0, KIND_WAAGENT_LOG, 42, at(40), "INFO",
	    "Version: 2.10.2", NULL);
	assert_string_equal(fact(&e, "ver.last"), "2.10.2");
	assert_string_equal(fact(&e, "ver.max"), "2.10.3");

	/* Numbers: 10 > 9.5 > 2, as numbers. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 50, at(50), NULL, "took 9.5 s",
	    NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 51, at(51), NULL, "took 10 s",
	    NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 52, at(52), NULL, "took 2 s", NULL);
	assert_string_equal(fact(&e, "num.max"), "10");
	assert_string_equal(fact(&e, "num.min"), "2");
	env_free(&e);
}

static void
test_facts_templates(void **state)
{
	const struct fact *f;
	struct env e;
	size_t i;

	(void)state;
	env_init(&e);
	/* An empty value is no value. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 1, no_time, NULL, "", "key",
	    "AutoUpdate.Enabled", "value", "", NULL);
	assert_null(fact(&e, "conf.AutoUpdate.Enabled"));
	assert_int_equal(count(&e, "m.conf"), 1);
	feed(&e, &conf, KIND_WAAGENT_CONF, 5, no_time, NULL, "", "key",
	    "Extensions.Enabled", "value", "n", NULL);
	feed(&e, &conf, KIND_WAAGENT_CONF, 6, no_time, NULL, "", "key",
	    "AutoUpdate.Enabled", "value", "false", NULL);
	/* An earlier line read later does not replace the last. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 2, no_time, NULL, "", "key",
	    "Extensions.Enabled", "value", "z", NULL);
	assert_string_equal(fact(&e, "conf.Extensions.Enabled"), "n");
	assert_string_equal(fact(&e, "conf.AutoUpdate.Enabled"), "false");
	assert_non_null(f = facts_get(&e.fs, "conf.Extensions.Enabled"));
	assert_int_equal(f->ev.line, 5);
	assert_string_equal(f->ev.file, "etc/waagent.conf");
	/* A later line does. */
	feed(&e, &conf, KIND_WAAGENT_CONF, 9, no_time, NULL, "", "key",
	    "Extensions.Enabled", "value", "x", NULL);
	assert_string_equal(fact(&e, "conf.Extensions.Enabled"), "x");
	/* A template whose capture the record lacks makes no fact. */
	for (i = 0; i < e.fs.n; i++)
		assert_null(strstr(e.fs.v[i]->id, "miss."));
	assert_null(fact(&e, "miss."));
	assert_null(fact(&e, "conf.{key}"));

	/* Captures of the regex; take first per expanded id. */
	feed(&e, &log0, KIND_WAAGENT_LOG, 7, at(7), "ERROR",
	    "Extension Foo.Bar failed: crash", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 3, at(3), "ERROR",
	    "Extension Foo.Bar failed: timeout", NULL);
	feed(&e, &log0, KIND_WAAGENT_LOG, 9, at(9), "ERROR",
	    "Extension Baz failed: oom", NULL);
	assert_string_equal(fact(&e, "fail.Foo.Bar"), "timeout");
	assert_string_equal(fact(&e, "fail.Baz"), "oom");
	assert_int_equal(e.fs.n, 4);
	facts_sort(&e.fs);
	assert_string_equal(e.fs.v[0]->id, "conf.AutoUpdate.Enabled");
	assert_string_equal(e.fs.v[1]->id, "conf.Extensions.Enabled");
	assert_string_equal(e.fs.v[2]->id, "fail.Baz");
	assert_string_equal(e.fs.v[3]->id, "fail.Foo.Bar");
	env_free(&e);
}

/* Past MATCH_GROUPS_MAX keys, hits count in the last group. */
static void
test_group_limit(void **state)
{
	const struct signal_hits *sh;
	struct env e;
	char msg[64];
	unsigned i;

	(void)state;
	env_init(&e);
	for (i = 0; i < MATCH_GROUPS_MAX + 44; i++) {
		/* Letters only: the capture is [a-z]+. */
		snprintf(msg, sizeof msg, "pair k%c%c v", 'a' + i / 26 % 26,
		    'a' + i % 26);
		feed(&e, &log0, KIND_WAAGENT_LOG, i + 1, at((int)i), NULL, msg,
		    NULL);
	}
	sh = matcher_hits(&e.m, packset_signal(&ps, "m.pair"));
	assert_int_equal(sh->count, MATCH_GROUPS_MAX + 44);
	assert_int_equal(sh->ngroups, MATCH_GROUPS_MAX);
	assert_int_equal(sh->groups[0].count, 1);
	assert_int_equal(sh->groups[MATCH_GROUPS_MAX - 1].count, 45);
	assert_int_equal(sh->groups[MATCH_GROUPS_MAX - 1].last.line,
	    MATCH_GROUPS_MAX + 44);
	env_free(&e);
}

/* Evidence keeps a capped copy of a long record, marked cut. */
static void
test_evidence_cap(void **state)
{
	const struct hit_group *g;
	struct env e;
	char *big;

	(void)state;
	big = xmalloc(EVIDENCE_TEXT_MAX * 2 + 1);
	memset(big, 'x', EVIDENCE_TEXT_MAX * 2);
	memcpy(big, "boom ", 5);
	big[EVIDENCE_TEXT_MAX * 2] = '\0';
	env_init(&e);
	feed(&e, &log0, KIND_WAAGENT_LOG, 1, at(1), NULL, big, NULL);
	assert_non_null(g = group(&e, "m.any", ""));
	assert_int_equal(strlen(g->first.text), EVIDENCE_TEXT_MAX);
	assert_true(g->first.cut);
	feed(&e, &log0, KIND_WAAGENT_LOG, 2, at(2), NULL, "boom", NULL);
	assert_false(g->last.cut);
	assert_string_equal(g->last.text, "boom");
	env_free(&e);
	free(big);
}

/*
 * Local times made UTC once the offset is known: hits and the newest
 * record of each kind move, and a local record later than every UTC one
 * becomes the kind's newest.
 */
static void
test_shift_local(void **state)
{
	struct env e;
	const struct hit_group *g;
	struct evidence ev;
	struct vtime loc;

	(void)state;
	env_init(&e);
	/* 12:30 local at UTC+02:00 is 10:30Z, after the UTC record at
	 * 10:20Z; before the shift the two do not compare. */
	loc = at(150);
	loc.zone = VTIME_LOCAL;
	feed(&e, &log0, KIND_WAAGENT_LOG, 1, at(20), NULL, "boom utc", NULL);
	feed(&e, &log1, KIND_WAAGENT_LOG, 2, loc, NULL, "boom local", NULL);
	memset(&ev, 0, sizeof ev);
	assert_true(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_UTC, &ev));
	assert_string_equal(ev.text, "boom utc");
	assert_true(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_LOCAL, &ev));

	matcher_shift_local(&e.m, 120);
	assert_non_null(g = group(&e, "m.any", ""));
	assert_string_equal(g->last.text, "boom local");
	assert_int_equal(g->last.time.zone, VTIME_UTC);
	assert_true(g->last.shifted);
	assert_int_equal(g->last.offset_min, 120);
	assert_true(g->last.time.us == at(30).us);
	assert_false(g->first.shifted);
	assert_string_equal(g->first.text, "boom utc");
	assert_true(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_UTC, &ev));
	assert_string_equal(ev.text, "boom local");
	assert_true(ev.time.us == at(30).us);
	assert_false(matcher_newest(&e.m, KIND_WAAGENT_LOG, VTIME_LOCAL, &ev));

	/* Shifting twice changes nothing: nothing is local any more. */
	evidence_shift(&ev, 60);
	assert_true(ev.time.us == at(30).us);
	matcher_shift_local(&e.m, 60);
	assert_true(g->last.time.us == at(30).us);
	evidence_release(&ev);
	env_free(&e);
}

/* The offsets a bundle may state. */
/* Parses a log into the matcher, heads deferred or not. */
static void
parse_into(struct env *e, const char *text, int defer)
{
	struct sink sink;

	sink.record = matcher_record;
	sink.let_go = matcher_let_go;
	sink.arg = &e->m;
	free(unit_parse_into(&sink, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    text, strlen(text), NULL, defer));
}

/*
 * Deferred records: the level and message decide, and the matcher reads
 * the fields only of a record a signal may match.  With a signal that
 * has no literal (m.thread: a field condition alone) every record is
 * completed.  Hits, groups and counts are those of whole records.
 */
static void
test_deferred(void **state)
{
	static const char log[] =
	    "2024-03-01T10:00:00.000000Z ERROR ExtHandler ExtHandler "
	    "Extension Foo.Bar failed: crashed\n"
	    "2024-03-01T10:01:00.000000Z INFO MonitorHandler ExtHandler "
	    "nothing here\n"
	    "2024-03-01T10:02:00.000000Z INFO ExtHandler ExtHandler boom\n"
	    "Traceback (most recent call last):\n"
	    "2024-03-01T10:03:00.000000Z INFO ExtHandler ExtHandler "
	    "Extension Foo.Bar failed: no level for this signal\n"
	    "2024-03-01T10:04:00.000000Z INFO ExtHandler [Foo.Baz-1.0] "
	    "Version: 1.2.3 took 4.5 s\n";
	const struct hit_group *g;
	struct env e;
	int defer;

	(void)state;
	for (defer = 0; defer < 2; defer++) {
		env_init(&e);
		parse_into(&e, log, defer);
		assert_int_equal(e.m.records, 5);
		assert_int_equal(e.m.kinds[KIND_WAAGENT_LOG].records, 5);
		assert_int_equal(count(&e, "m.fail"), 1);
		assert_non_null(g = group(&e, "m.fail", "Foo.Bar"));
		assert_int_equal(g->first.line, 1);
		assert_int_equal(count(&e, "m.any"), 1);
		assert_int_equal(count(&e, "m.thread"), 1);
		assert_int_equal(group(&e, "m.thread", "")->first.line, 2);
		assert_int_equal(count(&e, "m.ver"), 1);
		assert_int_equal(count(&e, "m.num"), 1);
		assert_string_equal(fact(&e, "ver.last"), "1.2.3");
		env_free(&e);
	}
}

/* Appends an agent record older than 2024-03-02: UTC or local (a slash
 * time), of one line or more. */
static void
add_older(struct strbuf *log, size_t i, int local, int lines)
{
	int k;

	if (local)
		strbuf_addf(log, "2024/03/01 %02zu:%02zu:%02zu.%06zu INFO "
		    "Daemon local record %zu", i / 3600 % 24, i / 60 % 60,
		    i % 60, i, i);
	else
		strbuf_addf(log, "2024-03-01T%02zu:%02zu:%02zu.%06zuZ INFO "
		    "ExtHandler ExtHandler utc record %zu", i / 3600 % 24,
		    i / 60 % 60, i % 60, i, i);
	for (k = 0; k < (int)(i * 7 % 60); k++)
		strbuf_addch(log, (char)('a' + k % 26));
	for (k = 1; k < lines; k++)
		strbuf_addf(log, "\n  continued %d", k);
	strbuf_addch(log, '\n');
}

/*
 * The newest record's text is lent by the parser (record.lent) and kept
 * only when it lets go.  Variant 0: the newest is one line in a read
 * block, and all that follows is one-line records, so that only the
 * block's going lets go of it; local records become the newest of their
 * zone in turn after it, the last half-way.  Variant 1: the newest has
 * two lines, in the builder's text, and the next head line, not valid
 * UTF-8, is copied there too.  Variant 2: the newest line crosses the
 * first block's end.  Variant 3: it is the log's last record.  The log
 * spans several of the reader's 256 KiB blocks.
 */
static void
test_newest_lent(void **state)
{
	static const char newest[] =
	    "2024-03-02T00:00:00.000000Z INFO ExtHandler ExtHandler newest";
	struct strbuf log = STRBUF_INIT, want = STRBUF_INIT;
	struct strbuf local = STRBUF_INIT;
	struct evidence ev;
	struct env e;
	size_t i, from;
	int defer, variant, multi;

	(void)state;
	for (variant = 0; variant < 4; variant++) {
		strbuf_reset(&log);
		strbuf_reset(&want);
		strbuf_reset(&local);
		multi = variant != 0;
		for (i = 0; variant == 2 && log.len < 256 * 1024 - 30; i++)
			add_older(&log, i, 0, 1);
		strbuf_addstr(&want, newest);
		if (variant == 1)
			strbuf_addstr(&want, "\n  and its second line");
		if (variant != 3) {
			strbuf_add(&log, want.buf, want.len);
			strbuf_addch(&log, '\n');
		}
		if (variant == 1)
			strbuf_addstr(&log, "2024-03-01T00:00:00.000000Z INFO "
			    "ExtHandler ExtHandler caf\xe9\n");
		for (i = 0; log.len < 1024 * 1024; i++) {
			if (i % 3 != 0) {
				add_older(&log, i, 0,
				    multi ? (int)(i % 3) + 1 : 1);
				continue;
			}
			from = log.len;
			add_older(&log, i < 4500 ? 40000 + i : 40000 - i, 1,
			    multi ? (int)(i % 4) + 1 : 1);
			if (i < 4500) {
				strbuf_reset(&local);
				strbuf_add(&local, log.buf + from,
				    log.len - from - 1);
			}
		}
		if (variant == 3)
			strbuf_add(&log, want.buf, want.len);
		for (defer = 0; defer < 2; defer++) {
			env_init(&e);
			parse_into(&e, strbuf_str(&log), defer);
			memset(&ev, 0, sizeof ev);
			assert_true(matcher_newest(&e.m, KIND_WAAGENT_LOG,
			    VTIME_UTC, &ev));
			assert_string_equal(ev.text, strbuf_str(&want));
			assert_true(matcher_newest(&e.m, KIND_WAAGENT_LOG,
			    VTIME_LOCAL, &ev));
			assert_string_equal(ev.text, strbuf_str(&local));
			evidence_release(&ev);
			env_free(&e);
		}
	}
	strbuf_release(&log);
	strbuf_release(&want);
	strbuf_release(&local);
}

/*
 * A deferred record is completed only when a signal reads its fields,
 * and the completion is of that record: the parser reuses two records in
 * turn, so the third record sits where the first did, and here the one
 * between them reads no field.
 */
static void
test_fields_late(void **state)
{
	static const char pack[] =
	    "{'pack': 'f',\n"
	    " 'signals': [\n"
	    "  {'id': 'f.stage', 'title': 'a stage', 'kinds': 'waagent.log',\n"
	    "   'regex': 'stage (?<n>[0-9])', 'group_by': 'thread',\n"
	    "   'examples': {'match': ['x'], 'no_match': ['y']}}\n"
	    " ]\n"
	    "}\n";
	static const char log[] =
	    "2024-03-01T10:00:00.000000Z INFO MonitorHandler ExtHandler "
	    "stage 1\n"
	    "2024-03-01T10:00:01.000000Z INFO EnvHandler ExtHandler "
	    "nothing\n"
	    "2024-03-01T10:00:02.000000Z INFO EnvHandler ExtHandler "
	    "stage 2\n";
	const struct signal_hits *sh;
	struct packset fps;
	struct facts fs;
	struct matcher m;
	struct sink sink;
	int defer;

	(void)state;
	assert_int_equal(load_pack(&fps, pack), 0);
	for (defer = 0; defer < 2; defer++) {
		facts_init(&fs);
		matcher_init(&m, &fps, &fs);
		sink.record = matcher_record;
		sink.let_go = matcher_let_go;
		sink.arg = &m;
		free(unit_parse_into(&sink, KIND_WAAGENT_LOG,
		    "var/log/waagent.log", log, strlen(log), NULL, defer));
		sh = matcher_hits(&m, packset_signal(&fps, "f.stage"));
		assert_int_equal(sh->count, 2);
		assert_int_equal(sh->ngroups, 2);
		assert_string_equal(sh->groups[0].key, "MonitorHandler");
		assert_string_equal(sh->groups[1].key, "EnvHandler");
		assert_int_equal(sh->groups[1].first.line, 3);
		matcher_free(&m);
		facts_free(&fs);
	}
	packset_free(&fps);
}

static void
test_utc_offset_parse(void **state)
{
	int m;

	(void)state;
	assert_int_equal(utc_offset_parse("+01:00", &m), 0);
	assert_int_equal(m, 60);
	assert_int_equal(utc_offset_parse("-08:00", &m), 0);
	assert_int_equal(m, -480);
	assert_int_equal(utc_offset_parse("+05:30", &m), 0);
	assert_int_equal(m, 330);
	assert_int_equal(utc_offset_parse("+0545", &m), 0);
	assert_int_equal(m, 345);
	assert_int_equal(utc_offset_parse("-3", &m), 0);
	assert_int_equal(m, -180);
	assert_int_equal(utc_offset_parse("", &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(utc_offset_parse("Z", &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(utc_offset_parse("01:00", &m), -1);
	assert_int_equal(utc_offset_parse("+15:00", &m), -1);
	assert_int_equal(utc_offset_parse("+01:60", &m), -1);
	assert_int_equal(utc_offset_parse("+01:0", &m), -1);
	assert_int_equal(utc_offset_parse("+01:00 x", &m), -1);
	assert_int_equal(utc_offset_parse("+123", &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_cleared_by),
		cmocka_unit_test(test_levels_kinds),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_facts_take),
		cmocka_unit_test(test_facts_templates),
		cmocka_unit_test(test_group_limit),
		cmocka_unit_test(test_evidence_cap),
		cmocka_unit_test(test_shift_local),
		cmocka_unit_test(test_utc_offset_parse),
		cmocka_unit_test(test_deferred),
		cmocka_unit_test(test_newest_lent),
		cmocka_unit_test(test_fields_late),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
