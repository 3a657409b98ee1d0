/*
 * pack.c, pack_cond.c, pack_test.c: packs written at test time into a
 * temporary directory, loaded, looked up, linted and their examples run;
 * what a broken pack reports; and the real packs of the source tree.
 *
 * Packs are written with single quotes for readability; unit_write_pack()
 * turns them into double quotes (no pack here needs an apostrophe).
 */
#include "config.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "classify.h"
#include "pack.h"
#include "strbuf.h"
#include "xalloc.h"

/* A fresh temporary directory; the caller frees the name. */
static char *
tmpdir_new(void)
{
	char tmpl[] = "/tmp/vmtriage-test-pack-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

/* Removes the files of a directory made by tmpdir_new(), then it. */
static void
tmpdir_remove(char *dir)
{
	struct dirent *de;
	char *path;
	DIR *d;

	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		assert_int_equal(unlink(path), 0);
		free(path);
	}
	closedir(d);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

/* Loads one pack from its own directory; returns the number of errors. */
static int
load_one(struct packset *ps, struct strbuf *err, const char *text)
{
	const char *dirs[1];
	char *dir;
	int n;

	dir = tmpdir_new();
	unit_write_pack(dir, "10-test.json", text);
	dirs[0] = dir;
	n = packset_load(ps, dirs, 1, err);
	tmpdir_remove(dir);
	return n;
}

static unsigned
count_lines(const struct strbuf *sb)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < sb->len; i++)
		n += sb->buf[i] == '\n';
	return n;
}

#define LOG_LINE(level, msg) \
	"2023-03-14T09:12:44.123456Z " level " ExtHandler ExtHandler " msg

static const char valid_pack[] =
"{'pack': 'mini', 'description': 'a test pack',\n"
" 'signals': [\n"
"  {'id': 't.version', 'title': 'the version line',\n"
"   'kinds': ['waagent.log'],\n"
"   'regex': '^Agent Version: (?<version>[0-9]+([.][0-9]+)+)',\n"
"   'examples': {'match': ['" LOG_LINE("INFO", "Agent Version: 2.2.53")
"'],\n"
"    'no_match': ['" LOG_LINE("INFO", "OS: ubuntu 22.04") "']}},\n"
"  {'id': 't.fail', 'title': 'an extension failure',\n"
"   'kinds': ['waagent.log', 'syslog'], 'levels': ['ERROR', 'WARNING'],\n"
"   'regex': 'Extension (?<ext>[A-Za-z.]+) failed', 'group_by': 'ext',\n"
"   'cleared_by': 't.ok',\n"
"   'examples': {'match': ['" LOG_LINE("ERROR", "Extension Foo.Bar failed")
"'],\n"
"    'no_match': ['" LOG_LINE("INFO", "Extension Foo.Bar failed") "',\n"
"     '" LOG_LINE("ERROR", "Extension Foo.Bar succeeded") "']}},\n"
"  {'id': 't.ok', 'title': 'an extension success',\n"
"   'kinds': ['waagent.log'],\n"
"   'regex': 'Extension (?<ext>[A-Za-z.]+) succeeded', 'group_by': ['ext'],\n"
"   'examples': {'match': ['" LOG_LINE("INFO", "Extension Foo.Bar succeeded")
"'],\n"
"    'no_match': ['" LOG_LINE("INFO", "Extension Foo.Bar failed") "']}},\n"
"  {'id': 't.conf', 'title': 'a waagent.conf key',\n"
"   'kinds': ['waagent.conf'],\n"
"   'where': {'key': '^Extensions[.]Enabled$'},\n"
"   'examples': {'match': [{'kind': 'waagent.conf',\n"
"      'text': 'Extensions.Enabled=n\\n'}],\n"
"    'no_match': ['AutoUpdate.Enabled=y\\n']}}\n"
" ],\n"
" 'facts': [\n"
"  {'id': 'agent.version', 'title': 'the agent version', 'type': 'version',\n"
"   'take': 'max', 'from': [{'signal': 't.version', 'capture': 'version'}]},\n"
"  {'id': 'conf.{key}', 'from': [{'signal': 't.conf', 'capture': 'value'}]}\n"
" ],\n"
" 'causes': [\n"
"  {'id': 't.old-agent', 'title': 'The agent is old', 'platform': ['linux'],\n"
"   'explains': ['CodeA'],\n"
"   'found': [{'when': {'fact': 'agent.version', 'version_lt': '2.2.53.1'},\n"
"     'confidence': 'high', 'summary': 'agent {fact:agent.version}'}],\n"
"   'ruled_out': [{'when': {'fact': 'agent.version',\n"
"     'version_ge': '2.2.53.1'}, 'why': 'agent is {fact:agent.version}'}],\n"
"   'needs': {'kinds': ['waagent.log'], 'missing': 'waagent.log'},\n"
"   'leads_to': ['t.ext-fails'],\n"
"   'remedy': ['Update the agent.'], 'doc': 'https://example.com/old'},\n"
"  {'id': 't.ext-fails', 'title': 'Extensions fail', 'platform': 'linux',\n"
"   'explains': ['CodeA', 'CodeB'],\n"
"   'found': [{'when': {'all': [{'signal': 't.fail', 'min': 2},\n"
"     {'not': {'fact': 'conf.Extensions.Enabled', 'eq': 'n'}}]},\n"
"     'confidence': 'medium',\n"
"     'summary': '{count:t.fail} failures, last {last:t.fail}'}],\n"
"   'needs': {'kinds': ['waagent.log', 'waagent.conf'],\n"
"     'missing': 'waagent.log'},\n"
"   'remedy': 'Fix it.', 'doc': 'https://example.com/ext'}\n"
" ],\n"
" 'symptoms': [\n"
"  {'code': 'CodeA', 'message': 'Code A happened',\n"
"   'doc': 'https://example.com/a'},\n"
"  {'code': 'CodeB', 'message': 'Code B happened'}\n"
" ]\n"
"}\n";

static void
test_load_valid(void **state)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct packset ps;
	struct signal *s, *ok;
	struct cause *c, *c2;
	struct symptom *sy;
	unsigned checked;
	int n;

	(void)state;
	n = load_one(&ps, &err, valid_pack);
	if (n != 0)
		print_message("%s", strbuf_str(&err));
	assert_int_equal(n, 0);
	assert_int_equal(err.len, 0);
	assert_int_equal(ps.npacks, 1);
	assert_string_equal(ps.packs[0]->name, "mini");
	assert_string_equal(ps.packs[0]->description, "a test pack");
	assert_int_equal(ps.nsignals, 4);
	assert_int_equal(ps.nfacts, 2);
	assert_int_equal(ps.ncauses, 2);
	assert_int_equal(ps.nsymptoms, 2);

	/* Signals, with their kinds, levels, groups and links. */
	assert_non_null(s = packset_signal(&ps, "t.fail"));
	assert_string_equal(s->id, "t.fail");
	assert_string_equal(s->title, "an extension failure");
	assert_string_equal(s->pack, "mini");
	assert_int_equal(s->kinds, KIND_BIT(KIND_WAAGENT_LOG) |
	    KIND_BIT(KIND_SYSLOG));
	assert_int_equal(s->first_kind, KIND_WAAGENT_LOG);
	assert_int_equal(s->levels, level_bit("ERROR") | level_bit("WARNING"));
	assert_int_equal(s->ngroup_by, 1);
	assert_string_equal(s->group_by[0], "ext");
	assert_non_null(ok = packset_signal(&ps, "t.ok"));
	assert_ptr_equal(s->cleared_by, ok);
	assert_ptr_equal(ps.signals[s->index], s);
	assert_null(packset_signal(&ps, "t.none"));
	assert_null(packset_signal(&ps, "T.FAIL"));
	assert_non_null(s = packset_signal(&ps, "t.conf"));
	assert_null(s->pattern);
	assert_int_equal(s->nwhere, 1);
	assert_string_equal(s->where[0].name, "key");
	assert_false(s->where[0].negate);
	/* The matcher's index: by kind, and facts by signal. */
	assert_int_equal(ps.nby_kind[KIND_WAAGENT_LOG], 3);
	assert_int_equal(ps.nby_kind[KIND_SYSLOG], 1);
	assert_int_equal(ps.nby_kind[KIND_WAAGENT_CONF], 1);
	assert_int_equal(ps.nby_kind[KIND_EXT_STATUS], 0);
	assert_int_equal(ps.nfacts_of[s->index], 1);
	assert_string_equal(ps.facts_of[s->index][0]->id, "conf.{key}");
	assert_int_equal(ps.facts[0]->type, FACT_VERSION);
	assert_int_equal(ps.facts[0]->take, TAKE_MAX);
	assert_int_equal(ps.facts[1]->type, FACT_STRING);
	assert_int_equal(ps.facts[1]->take, TAKE_LAST);
	assert_true(ps.max_captures >= 3);

	/* Causes, their rules and their leads_to link. */
	assert_non_null(c = packset_cause(&ps, "t.old-agent"));
	assert_non_null(c2 = packset_cause(&ps, "t.ext-fails"));
	assert_null(packset_cause(&ps, "t.nothing"));
	assert_int_equal(c->index, 0);
	assert_int_equal(c2->index, 1);
	assert_int_equal(c->platforms, PLAT_LINUX);
	assert_int_equal(c->nleads_to, 1);
	assert_ptr_equal(c->leads_to[0], c2);
	assert_int_equal(c2->nleads_to, 0);
	assert_int_equal(c->nfound, 1);
	assert_int_equal(c->found[0].confidence, CONF_HIGH);
	assert_int_equal(c->found[0].when->type, COND_FACT);
	assert_int_equal(c->found[0].when->op, FOP_VERSION_LT);
	assert_string_equal(c->found[0].when->value, "2.2.53.1");
	assert_int_equal(c->nruled_out, 1);
	assert_string_equal(c->ruled_out[0].why,
	    "agent is {fact:agent.version}");
	assert_int_equal(c->needs, KIND_BIT(KIND_WAAGENT_LOG));
	assert_int_equal(c2->found[0].confidence, CONF_MEDIUM);
	assert_int_equal(c2->found[0].when->type, COND_ALL);
	assert_int_equal(c2->found[0].when->nsub, 2);
	assert_int_equal(c2->found[0].when->sub[0]->min_count, 2);
	assert_ptr_equal(c2->found[0].when->sub[0]->signal,
	    packset_signal(&ps, "t.fail"));
	assert_int_equal(c2->found[0].when->sub[1]->type, COND_NOT);
	assert_int_equal(c2->nexplains, 2);
	assert_int_equal(c2->nremedy, 1);
	assert_string_equal(c2->remedy[0], "Fix it.");

	/* Symptoms, by code whatever its case. */
	assert_non_null(sy = packset_symptom(&ps, "CodeA"));
	assert_string_equal(sy->message, "Code A happened");
	assert_string_equal(sy->doc, "https://example.com/a");
	assert_ptr_equal(packset_symptom(&ps, "codea"), sy);
	assert_non_null(sy = packset_symptom(&ps, "CodeB"));
	assert_null(sy->doc);
	assert_null(packset_symptom(&ps, "CodeC"));

	/* A clean pack: no warning, every example passes. */
	n = packset_lint(&ps, &out);
	if (n != 0)
		print_message("%s", strbuf_str(&out));
	assert_int_equal(n, 0);
	n = packset_test(&ps, &out, &checked);
	if (n != 0)
		print_message("%s", strbuf_str(&out));
	assert_int_equal(n, 0);
	assert_int_equal(checked, 9);
	assert_int_equal(out.len, 0);

	packset_free(&ps);
	assert_int_equal(ps.nsignals, 0);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* Keys in extra come first: cJSON finds the first of duplicate keys. */
#define SIG(id, extra)							\
	"{'id': '" id "'" extra ", 'title': 'a signal',"		\
	" 'kinds': ['waagent.log'],"					\
	" 'regex': 'x (?<cap>[a-z]+)', 'examples': {'match':"		\
	" ['" LOG_LINE("INFO", "x abc") "'], 'no_match': ['"		\
	LOG_LINE("INFO", "y") "']}}"
#define CAUSE(id, extra)						\
	"{'id': '" id "'" extra ", 'title': 'A cause',"		\
	" 'platform': 'linux', 'explains': 'CodeA',"			\
	" 'needs': {'kinds': 'waagent.log', 'missing': 'waagent.log'},"	\
	" 'remedy': 'Fix.', 'doc': 'https://example.com/c'}"
#define FOUND(when)							\
	", 'found': [{'when': " when ", 'summary': 'seen'}]"
#define SYMPTOMS \
	", 'symptoms': [{'code': 'CodeA', 'message': 'A'}]"
#define PACK(sigs, causes) \
	"{'signals': [" sigs "], 'causes': [" causes "]" SYMPTOMS "}"
#define SOURCED \
	", 'source': 'https://example.com/', 'as_of': '2025-01-02'"
#define DATA(id, body) \
	"{'id': '" id "', 'title': 'a datum', " body "}"
#define CHECK(id, body)							\
	"{'id': '" id "', 'title': 'A check', " body ","		\
	" 'needs': {'kinds': 'waagent.log', 'missing': 'waagent.log'},"	\
	" 'remedy': 'Fix.', 'doc': 'https://example.com/k'}"

static void
test_override(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct packset ps;
	const char *dirs[2];
	char *d1, *d2, *want;

	(void)state;
	d1 = tmpdir_new();
	d2 = tmpdir_new();
	unit_write_pack(d1, "10-a.json", "{'pack': 'first', 'signals': ["
	    SIG("s.a", ", 'title': 'from d1'") "], 'causes': ["
	    CAUSE("c.a", FOUND("{'signal': 's.a'}")) "]" SYMPTOMS "}");
	unit_write_pack(d1, "20-b.json", "{'pack': 'other', 'signals': ["
	    SIG("s.b", "") "]}");
	unit_write_pack(d2, "10-a.json", "{'pack': 'second', 'signals': ["
	    SIG("s.a", ", 'title': 'from d2'") "], 'causes': ["
	    CAUSE("c.a", FOUND("{'signal': 's.a'}")) "]" SYMPTOMS "}");
	/* Not packs: a hidden file, another extension, a bare ".json". */
	unit_write_pack(d2, ".hidden.json", "not json");
	unit_write_pack(d2, "notes.txt", "not json");
	unit_write_pack(d2, ".json", "not json");

	dirs[0] = d1;
	dirs[1] = d2;
	assert_int_equal(packset_load(&ps, dirs, 2, &err), 0);
	assert_int_equal(ps.npacks, 2);
	/* Name order of the files, whichever directory they came from. */
	assert_string_equal(ps.packs[0]->name, "second");
	assert_string_equal(ps.packs[1]->name, "other");
	xasprintf(&want, "%s/10-a.json", d2);
	assert_string_equal(ps.packs[0]->path, want);
	free(want);
	assert_string_equal(packset_signal(&ps, "s.a")->title, "from d2");
	assert_string_equal(packset_signal(&ps, "s.a")->pack, "second");
	assert_non_null(packset_signal(&ps, "s.b"));
	assert_int_equal(ps.ncauses, 1);
	packset_free(&ps);

	/* The other way round, the first directory's pack wins. */
	dirs[0] = d2;
	dirs[1] = d1;
	assert_int_equal(packset_load(&ps, dirs, 2, &err), 0);
	assert_int_equal(ps.npacks, 2);
	assert_string_equal(packset_signal(&ps, "s.a")->title, "from d1");
	assert_string_equal(ps.packs[0]->name, "first");
	packset_free(&ps);
	assert_int_equal(err.len, 0);

	/* Without an override, the same signal twice is an error. */
	unit_write_pack(d2, "15-dup.json", "{'pack': 'dup', 'signals': ["
	    SIG("s.a", "") "]}");
	assert_int_equal(packset_load(&ps, dirs, 2, &err), 1);
	assert_non_null(strstr(strbuf_str(&err),
	    "signal 's.a' is also defined in pack 'first'"));
	packset_free(&ps);

	tmpdir_remove(d1);
	tmpdir_remove(d2);
	strbuf_release(&err);
}

static void
test_no_packs(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct packset ps;
	const char *dirs[2];
	char *d, *missing;

	(void)state;
	d = tmpdir_new();
	dirs[0] = d;
	assert_int_equal(packset_load(&ps, dirs, 1, &err), 1);
	assert_non_null(strstr(strbuf_str(&err), "no pattern packs"));
	assert_int_equal(ps.nsignals, 0);
	packset_free(&ps);

	strbuf_reset(&err);
	xasprintf(&missing, "%s/nonexistent", d);
	dirs[1] = missing;
	unit_write_pack(d, "10-a.json", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))));
	assert_int_equal(packset_load(&ps, dirs, 2, &err), 1);
	assert_non_null(strstr(strbuf_str(&err),
	    "cannot open pattern directory"));
	assert_int_equal(ps.nsignals, 1);
	packset_free(&ps);
	free(missing);
	tmpdir_remove(d);
	strbuf_release(&err);
}

static const struct bad_pack {
	const char	*name;
	const char	*text;
	int		 errors;
	const char	*want;
} bad_packs[] = {
	{ "bad JSON", "{'signals': [\n" SIG("s.a", "") ",\n]\n", 1,
	    "invalid JSON near line" },
	{ "truncated JSON", "{'signals': [", 1, "invalid JSON" },
	{ "not an object", "['a', 'b']", 1, "invalid JSON" },
	{ "empty file", "", 1, "invalid JSON" },
	{ "bad regex", PACK(SIG("s.a", ", 'regex': 'a(b'"),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "signal 's.a': bad regex at offset 3" },
	{ "bad where regex", PACK(SIG("s.a", ", 'where': {'key': '[a-'}"),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "signal 's.a': bad regex" },
	{ "bad matches regex", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'fact': 'f', 'matches': '(?<'}"))), 1,
	    "cause 'c.a': bad regex" },
	{ "unknown signal in a condition", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'all': [{'signal': 's.a'},"
	    " {'not': {'signal': 's.nope'}}]}"))), 1,
	    "cause 'c.a': unknown signal 's.nope'" },
	{ "unknown stale signal", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'stale': 's.nope', 'minutes': 5}"))), 1,
	    "unknown signal 's.nope'" },
	{ "unknown kind of a signal", PACK(SIG("s.a",
	    ", 'kinds': ['waagent.log', 'waagent.logg']"),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "signal 's.a': unknown kind 'waagent.logg'" },
	{ "unknown kind in a condition", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'kind': 'nosuch.kind'}"))), 1,
	    "cause 'c.a': unknown kind 'nosuch.kind'" },
	{ "unknown kind a cause needs", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}")
	    ", 'needs': {'kinds': ['nope'], 'missing': 'm'}")), 1,
	    "unknown kind 'nope'" },
	{ "leads_to an unknown cause", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}")
	    ", 'leads_to': ['c.nope']")), 1,
	    "cause 'c.a': leads_to names unknown cause 'c.nope'" },
	{ "cleared_by an unknown signal", PACK(SIG("s.a",
	    ", 'cleared_by': 's.nope'"),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "cleared_by names unknown signal 's.nope'" },
	{ "cleared_by another grouping", PACK(SIG("s.a",
	    ", 'cleared_by': 's.b', 'group_by': 'cap'") "," SIG("s.b", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "cleared_by signal 's.b' must have the same group_by" },
	{ "no no_match examples", PACK("{'id': 's.a', 'kinds': 'waagent.log',"
	    " 'regex': 'x', 'examples': {'match': ['x'], 'no_match': []}}",
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "signal 's.a': needs 'examples.no_match'" },
	{ "no examples", PACK("{'id': 's.a', 'kinds': 'waagent.log',"
	    " 'regex': 'x'}", CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 2,
	    "needs 'examples.match'" },
	{ "no regex nor where", PACK(SIG("s.a", ", 'regex': null"),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 2,
	    "needs a 'regex' or 'where' conditions" },
	{ "bad id", PACK(SIG("S A", ""), ""), 1,
	    "signal 'S A': needs an 'id' of [a-z0-9._-]" },
	{ "unknown level", PACK(SIG("s.a", ", 'levels': 'FATAL'"),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "unknown level 'FATAL'" },
	{ "fact from an unknown signal", "{'signals': [" SIG("s.a", "") "],"
	    " 'facts': [{'id': 'f', 'from': [{'signal': 's.nope',"
	    " 'capture': 'cap'}]}]}", 1, "fact 'f': unknown signal 's.nope'" },
	{ "fact from a missing capture", "{'signals': [" SIG("s.a", "") "],"
	    " 'facts': [{'id': 'f', 'from': [{'signal': 's.a',"
	    " 'capture': 'nope'}]}]}", 1,
	    "fact 'f': signal 's.a' has no capture 'nope'" },
	{ "fact of an unknown type", "{'signals': [" SIG("s.a", "") "],"
	    " 'facts': [{'id': 'f', 'type': 'date', 'take': 'median', 'from':"
	    " [{'signal': 's.a', 'capture': 'cap'}]}]}", 2,
	    "fact 'f': unknown type 'date'" },
	{ "unknown confidence", PACK(SIG("s.a", ""), CAUSE("c.a",
	    ", 'found': [{'when': {'signal': 's.a'}, 'confidence': 'sure',"
	    " 'summary': 's'}]")), 1, "unknown confidence 'sure'" },
	{ "rule without when", PACK(SIG("s.a", ""), CAUSE("c.a",
	    ", 'found': [{'summary': 's'}]")), 1,
	    "'when' must be an object" },
	{ "empty any", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'any': []}"))), 1, "take a non-empty array" },
	{ "unknown condition", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'signals': 's.a'}"))), 1,
	    "needs signal, fact, kind, stale, symptom, data, all, any or not" },
	{ "stale without minutes", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'stale': 's.a'}"))), 1, "'stale' needs 'minutes'" },
	{ "signal name not a string", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'signal': 5}"))), 1, "the name must be a string" },
	{ "kind name not a string", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'kind': ['waagent.log']}"))), 1,
	    "the name must be a string" },
	{ "negative min", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'signal': 's.a', 'min': -1}"))), 1,
	    "'min' must be a count of hits" },
	{ "huge min", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'signal': 's.a', 'min': 1e300}"))), 1,
	    "'min' must be a count of hits" },
	{ "huge minutes", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'stale': 's.a', 'minutes': -1e300}"))), 1,
	    "'stale' needs 'minutes'" },
	{ "doc not https", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'signal': 's.a'}") ", 'doc': 'http://example.com'")), 1,
	    "needs a 'doc' https link" },
	{ "unknown platform", PACK(SIG("s.a", ""), CAUSE("c.a",
	    FOUND("{'signal': 's.a'}") ", 'platform': ['linux', 'bsd']")), 1,
	    "unknown platform 'bsd'" },
	{ "duplicate cause", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}")) ","
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))), 1,
	    "cause 'c.a': also defined in pack" },
	{ "symptom without message", "{'symptoms': [{'code': 'X'}]}", 1,
	    "each symptom needs 'code' and 'message'" },
	/* Data and the audit's checks. */
	{ "data without source", "{'data': [" DATA("d.v", "'value': '1'")
	    "]}", 2, "data 'd.v': needs a 'source' https link" },
	{ "data with a bad date", "{'data': [" DATA("d.v", "'value': '1',"
	    " 'source': 'https://example.com/', 'as_of': '2025-1-2'") "]}", 1,
	    "data 'd.v': needs 'as_of'" },
	{ "data value and rows", "{'data': [" DATA("d.v", "'value': '1',"
	    " 'rows': [{'name': 'r', 'id': 'x'}]" SOURCED) "]}", 1,
	    "needs either a 'value' (a string) or 'rows'" },
	{ "data row without name", "{'data': [" DATA("d.t", "'rows':"
	    " [{'id': 'x'}]" SOURCED) "]}", 1, "each row needs a 'name'" },
	{ "data row bad regex", "{'data': [" DATA("d.t", "'rows':"
	    " [{'name': 'r', 'id': 'a(b'}]" SOURCED) "]}", 1, "bad regex" },
	{ "check of an unknown cause", "{'checks': [" CHECK("k.a",
	    "'cause': 'c.nope'") "]}", 1,
	    "check 'k.a': cause 'c.nope' is not in the packs" },
	{ "check without rules", "{'checks': [" CHECK("k.a", "'x': 1") "]}", 1,
	    "needs rules ('fail', 'warn', 'pass') or a 'cause'" },
	{ "check named as a cause", "{'signals': [" SIG("s.a", "") "],"
	    " 'causes': [" CAUSE("c.a", FOUND("{'signal': 's.a'}")) "],"
	    " 'checks': [" CHECK("c.a", "'cause': 'c.a'") "]" SYMPTOMS "}", 1,
	    "check 'c.a': a cause has the same id" },
	{ "check rule without summary", "{'checks': [" CHECK("k.a",
	    "'pass': [{'when': {'kind': 'waagent.log'}}]") "]}", 1,
	    "each 'pass' rule needs a 'summary'" },
	{ "check with unknown data", "{'checks': [" CHECK("k.a",
	    "'pass': [{'when': {'fact': 'f', 'version_ge': {'data': 'd.no'}},"
	    " 'summary': 's'}]") "]}", 1, "check 'k.a': unknown data 'd.no'" },
	{ "check comparing with a table", "{'data': [" DATA("d.t", "'rows':"
	    " [{'name': 'r', 'id': 'x'}]" SOURCED) "], 'checks': ["
	    CHECK("k.a", "'pass': [{'when': {'fact': 'f', 'eq': {'data':"
	    " 'd.t'}}, 'summary': 's'}]") "]}", 1,
	    "data 'd.t' is a table, not a value" },
	{ "row condition on a value", "{'data': [" DATA("d.v", "'value': '1'"
	    SOURCED) "], 'checks': [" CHECK("k.a", "'pass': [{'when':"
	    " {'data': 'd.v', 'row': {'id': 'f'}}, 'summary': 's'}]") "]}", 1,
	    "data 'd.v' is a value, not a table" },
	{ "row condition on a missing column", "{'data': [" DATA("d.t",
	    "'rows': [{'name': 'r', 'id': 'x'}]" SOURCED) "], 'checks': ["
	    CHECK("k.a", "'pass': [{'when': {'data': 'd.t', 'row':"
	    " {'version': 'f'}}, 'summary': 's'}]") "]}", 1,
	    "no row of data 'd.t' has the column 'version'" },
	{ "row condition without row", "{'checks': [" CHECK("k.a",
	    "'pass': [{'when': {'data': 'd.t'}, 'summary': 's'}]") "]}", 2,
	    "a data condition needs 'row'" },
};

static void
test_load_errors(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct packset ps;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof bad_packs / sizeof bad_packs[0]; i++) {
		strbuf_reset(&err);
		n = load_one(&ps, &err, bad_packs[i].text);
		if (n != bad_packs[i].errors ||
		    strstr(strbuf_str(&err), bad_packs[i].want) == NULL)
			print_message("%s: %d error(s):\n%s", bad_packs[i].name,
			    n, strbuf_str(&err));
		assert_int_equal(n, bad_packs[i].errors);
		assert_non_null(strstr(strbuf_str(&err), bad_packs[i].want));
		/* One line per error, each naming the file or the pack. */
		assert_int_equal(count_lines(&err), (unsigned)n);
		packset_free(&ps);
	}
	strbuf_release(&err);
}

/* A bad pack beside a good one: both load as far as they can. */
static void
test_load_partial(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct packset ps;
	const char *dirs[1];
	char *d;

	(void)state;
	d = tmpdir_new();
	unit_write_pack(d, "10-good.json", PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}"))));
	unit_write_pack(d, "20-bad.json", "{'signals': [\n\n\n  oops\n]}");
	dirs[0] = d;
	assert_int_equal(packset_load(&ps, dirs, 1, &err), 1);
	assert_non_null(strstr(strbuf_str(&err), "20-bad.json: invalid JSON "
	    "near line 4"));
	assert_int_equal(ps.npacks, 1);
	assert_non_null(packset_signal(&ps, "s.a"));
	packset_free(&ps);
	tmpdir_remove(d);
	strbuf_release(&err);
}

/*
 * The loader does not reject a cycle in leads_to: diagnose bounds its
 * walk instead (see test_diagnose.c).  Pinned here so that a change is
 * a decision.
 */
static void
test_leads_to_cycle(void **state)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct packset ps;
	struct cause *a, *b;

	(void)state;
	assert_int_equal(load_one(&ps, &err, PACK(SIG("s.a", ""),
	    CAUSE("c.a", FOUND("{'signal': 's.a'}") ", 'leads_to': 'c.b'") ","
	    CAUSE("c.b", FOUND("{'signal': 's.a'}") ", 'leads_to': 'c.a'"))),
	    0);
	a = packset_cause(&ps, "c.a");
	b = packset_cause(&ps, "c.b");
	assert_ptr_equal(a->leads_to[0], b);
	assert_ptr_equal(b->leads_to[0], a);
	assert_int_equal(packset_lint(&ps, &out), 0);
	packset_free(&ps);
	strbuf_release(&err);
	strbuf_release(&out);
}

static void
test_lint(void **state)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct packset ps;
	const char *o;

	(void)state;
	/* s.unused: no cause nor fact uses it, and it has no title. */
	assert_int_equal(load_one(&ps, &err, "{'pack': 'l', 'signals': ["
	    SIG("s.a", "") ","
	    "{'id': 's.unused', 'kinds': 'waagent.log', 'regex': 'u',"
	    " 'examples': {'match': ['u'], 'no_match': ['v']}}],"
	    " 'causes': [" CAUSE("c.a", ", 'found': [{'when': {'all': ["
	    "{'signal': 's.a'}, {'fact': 'f.none', 'exists': true}]},"
	    " 'summary': '{count:s.gone} {fact:f.none} {first:s.a}'}],"
	    " 'explains': ['CodeA', 'CodeZ']") ","
	    CAUSE("c.empty", ", 'explains': [], 'needs': {'missing': 'm'}") "],"
	    " 'symptoms': [{'code': 'CodeA', 'message': 'A'},"
	    " {'code': 'CodeA', 'message': 'again'}]}"), 0);
	assert_int_equal(packset_lint(&ps, &out), 10);
	o = strbuf_str(&out);
	assert_non_null(strstr(o, "l: signal 's.unused': no cause or fact "
	    "uses it\n"));
	assert_non_null(strstr(o, "l: signal 's.unused': has no 'title'"));
	assert_null(strstr(o, "signal 's.a': no cause"));
	assert_non_null(strstr(o, "cause 'c.a': explains 'CodeZ', which no "
	    "pack lists"));
	assert_non_null(strstr(o, "cause 'c.a': condition on fact 'f.none'"));
	assert_non_null(strstr(o, "cause 'c.a': template names unknown "
	    "signal 's.gone'"));
	assert_non_null(strstr(o, "cause 'c.a': template names unknown "
	    "fact 'f.none'"));
	assert_non_null(strstr(o, "cause 'c.empty': has no 'found' rule"));
	assert_non_null(strstr(o, "cause 'c.empty': explains no error code"));
	assert_non_null(strstr(o, "cause 'c.empty': needs no kind"));
	assert_non_null(strstr(o, "CodeA: symptom listed twice"));
	assert_int_equal(count_lines(&out), 10);
	packset_free(&ps);

	/* A signal used only as another's cleared_by, or only by a fact
	 * (a template id included), is used. */
	strbuf_reset(&out);
	assert_int_equal(load_one(&ps, &err, "{'signals': ["
	    SIG("s.a", ", 'cleared_by': 's.b'") "," SIG("s.b", "") ","
	    SIG("s.c", "") "], 'facts': [{'id': 'f.{cap}', 'from':"
	    " [{'signal': 's.c', 'capture': 'cap'}]}], 'causes': ["
	    CAUSE("c.a", FOUND("{'any': [{'signal': 's.a'},"
	    " {'fact': 'f.abc', 'eq': 'x'}]}")) "]" SYMPTOMS "}"), 0);
	assert_int_equal(packset_lint(&ps, &out), 0);
	assert_int_equal(out.len, 0);
	packset_free(&ps);
	strbuf_release(&err);
	strbuf_release(&out);
}

static void
test_examples(void **state)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct packset ps;
	unsigned checked = 99;
	const char *o;

	(void)state;
	assert_int_equal(load_one(&ps, &err, "{'pack': 'ex', 'signals': ["
	    /* A must-match line that does not match. */
	    "{'id': 's.miss', 'kinds': 'waagent.log', 'regex': '^Started',"
	    " 'examples': {'match': ['" LOG_LINE("INFO", "Started") "', '"
	    LOG_LINE("INFO", "Stopped") "'], 'no_match': ['"
	    LOG_LINE("INFO", "Stopped") "']}},"
	    /* A must-not-match line that matches. */
	    "{'id': 's.over', 'kinds': 'waagent.log', 'regex': 'disk',"
	    " 'examples': {'match': ['" LOG_LINE("INFO", "disk full") "'],"
	    " 'no_match': ['" LOG_LINE("INFO", "no disk") "']}},"
	    /* Its level decides, after the real parser read it. */
	    "{'id': 's.level', 'kinds': 'waagent.log', 'levels': 'ERROR',"
	    " 'regex': 'boom', 'examples': {'match': ['"
	    LOG_LINE("INFO", "boom") "'], 'no_match': ['"
	    LOG_LINE("WARNING", "boom") "']}},"
	    /* Examples of another kind, and of no usable shape. */
	    "{'id': 's.kind', 'kinds': 'waagent.log', 'regex': 'k',"
	    " 'examples': {'match': [{'kind': 'syslog', 'text': 'k'}],"
	    " 'no_match': [42, {'kind': 'waagent.log'}]}}"
	    "]}"), 0);
	assert_int_equal(packset_test(&ps, &out, &checked), 6);
	assert_int_equal(checked, 10);
	o = strbuf_str(&out);
	assert_non_null(strstr(o, "ex: signal 's.miss': must match but does "
	    "not: " LOG_LINE("INFO", "Stopped") "\n"));
	assert_null(strstr(o, "must match but does not: "
	    LOG_LINE("INFO", "Started")));
	assert_non_null(strstr(o, "ex: signal 's.over': must not match but "
	    "does: " LOG_LINE("INFO", "no disk") "\n"));
	assert_non_null(strstr(o, "ex: signal 's.level': must match but does "
	    "not: " LOG_LINE("INFO", "boom")));
	assert_null(strstr(o, "'s.level': must not match"));
	assert_non_null(strstr(o, "ex: signal 's.kind': example kind "
	    "'syslog' is not one of the signal's"));
	assert_non_null(strstr(o, "ex: signal 's.kind': an example must be a "
	    "string or an object with 'text'"));
	assert_int_equal(count_lines(&out), 6);
	packset_free(&ps);
	strbuf_release(&err);
	strbuf_release(&out);
}

/*
 * Conditions in words (cond_describe).  A pack whose causes each hold one
 * shape of condition, loaded from a buffer; kinds are said by their
 * titles, which the expected texts take from classify.c.
 */
#define DESCRIBE_EXAMPLES \
	"'examples': {'match': ['x'], 'no_match': ['y']}"
#define DESCRIBE_CAUSE(id) \
	"  {'id': '" id "', 'title': 't', 'platform': ['linux'],\n" \
	"   'explains': ['CodeA'], 'needs': {'kinds': ['waagent.log'],\n" \
	"   'missing': 'm'}, 'remedy': ['r'], 'doc': 'https://example.com',\n"
#define DESCRIBE_RULE "'confidence': 'high', 'summary': 's'"

static const char describe_pack[] =
"{'pack': 'words',\n"
" 'signals': [\n"
"  {'id': 'd.fail', 'title': 'an extension failed',\n"
"   'kinds': ['waagent.log', 'syslog'], 'regex': 'failed',\n"
"   'cleared_by': 'd.ok', " DESCRIBE_EXAMPLES "},\n"
"  {'id': 'd.ok', 'title': 'an extension succeeded',\n"
"   'kinds': ['waagent.log'], 'regex': '(?<v>succeeded)',\n"
"   " DESCRIBE_EXAMPLES "},\n"
"  {'id': 'd.io', 'title': 'a request timed out',\n"
"   'kinds': ['waagent.log'], 'regex': 'timed out', " DESCRIBE_EXAMPLES "},\n"
"  {'id': 'd.drop', 'kinds': ['iptables'], 'regex': 'DROP', "
    DESCRIBE_EXAMPLES "},\n"
"  {'id': 'd.beat', 'title': 'a heartbeat', 'kinds': ['guestagent.log'],\n"
"   'regex': 'beat', " DESCRIBE_EXAMPLES "},\n"
"  {'id': 'd.shutdown', 'title': 'a shutdown', 'kinds': ['eventlog'],\n"
"   'where': {'event_id': '^1074$'}, " DESCRIBE_EXAMPLES "}\n"
" ],\n"
" 'facts': [\n"
"  {'id': 'agent.version', 'title': 'the agent version', 'type': 'version',\n"
"   'from': [{'signal': 'd.ok', 'capture': 'v'}]},\n"
"  {'id': 'conf.{key}', 'title': 'a conf key',\n"
"   'from': [{'signal': 'd.ok', 'capture': 'v'}]}\n"
" ],\n"
" 'causes': [\n"
DESCRIBE_CAUSE("w.version")
"   'found': [{" DESCRIBE_RULE ", 'when':\n"
"    {'fact': 'agent.version', 'version_lt': '2.2.53.1'}}]},\n"
DESCRIBE_CAUSE("w.count")
"   'found': [{" DESCRIBE_RULE ", 'when':\n"
"    {'signal': 'd.fail', 'min': 3}}]},\n"
DESCRIBE_CAUSE("w.not-fact")
"   'found': [{" DESCRIBE_RULE ", 'when':\n"
"    {'not': {'fact': 'conf.Extensions.Enabled', 'eq': 'n'}}}]},\n"
DESCRIBE_CAUSE("w.group")
"   'found': [{" DESCRIBE_RULE ", 'when': {'all': [{'kind': 'waagent.log'},\n"
"    {'not': {'signal': 'd.ok'}}, {'not': {'signal': 'd.io'}}]}}]},\n"
DESCRIBE_CAUSE("w.nested")
"   'found': [{" DESCRIBE_RULE ", 'when': {'all': [{'signal': 'd.drop'},\n"
"    {'any': [{'signal': 'd.ok'}, {'signal': 'd.io'},\n"
"     {'fact': 'other.fact', 'matches': '^n'}]}]}}]},\n"
DESCRIBE_CAUSE("w.stale")
"   'found': [{" DESCRIBE_RULE ", 'when': {'any': [\n"
"    {'stale': 'd.beat', 'minutes': 120, 'than': 'eventlog'},\n"
"    {'not': {'stale': 'd.beat', 'minutes': 90}}]}}]},\n"
DESCRIBE_CAUSE("w.absent")
"   'found': [{" DESCRIBE_RULE ", 'when': {'all': [\n"
"    {'not': {'kind': 'eventlog'}}, {'fact': 'agent.version',\n"
"     'exists': false}]}}]},\n"
DESCRIBE_CAUSE("w.kinds")
"   'found': [{" DESCRIBE_RULE ", 'when': {'all': [\n"
"    {'not': {'kind': 'guestagent.log'}},\n"
"    {'not': {'kind': 'aggregatestatus'}},\n"
"    {'any': [{'kind': 'systeminfo'}, {'kind': 'eventlog'}]}]}}]},\n"
DESCRIBE_CAUSE("w.cleared")
"   'found': [{" DESCRIBE_RULE ", 'when': {'any': [\n"
"    {'signal': 'd.fail', 'include_cleared': true},\n"
"    {'not': {'signal': 'd.fail', 'include_cleared': true}},\n"
"    {'not': {'signal': 'd.fail'}}, {'signal': 'd.shutdown', 'min': 2}]}}]}\n"
" ]\n"
"}\n";

/* The pack's text with double quotes, loaded from memory. */
static int
load_buffer(struct packset *ps, struct strbuf *err, const char *text)
{
	char *copy, *p;
	int n;

	copy = xstrdup(text);
	for (p = copy; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	n = packset_load_buffer(ps, "10-words.json", copy, strlen(copy), err);
	free(copy);
	return n;
}

static void
assert_describes(const struct packset *ps, const char *cause,
    const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cause *c;

	assert_non_null(c = packset_cause(ps, cause));
	assert_true(c->nfound > 0);
	cond_describe(c->found[0].when, ps, &sb);
	if (strcmp(strbuf_str(&sb), want) != 0)
		fail_msg("%s:\n got  %s\n want %s", cause, strbuf_str(&sb),
		    want);
	strbuf_release(&sb);
}

static void
test_describe(void **state)
{
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;
	struct packset ps;
	const char *wlog = kind_title(KIND_WAAGENT_LOG);
	const char *syslog = kind_title(KIND_SYSLOG);
	const char *ipt = kind_title(KIND_IPTABLES);
	const char *ga = kind_title(KIND_GA_LOG);
	char *want, *events;

	(void)state;
	if (load_buffer(&ps, &err, describe_pack) != 0)
		fail_msg("%s", strbuf_str(&err));
	assert_int_equal(ps.ncauses, 9);
	assert_non_null(packset_signal(&ps, "d.shutdown"));

	/* The event log kinds are one; other kinds listed in kind order. */
	assert_int_equal(pack_kinds_describe(packset_signal(&ps,
	    "d.shutdown")->kinds, &sb), 1);
	events = strbuf_detach(&sb);
	assert_non_null(strstr(events, "event log"));
	assert_int_equal(pack_kinds_describe(KIND_BIT(KIND_WAAGENT_LOG) |
	    KIND_BIT(KIND_SYSLOG) | KIND_BIT(KIND_IPTABLES), &sb), 3);
	xasprintf(&want, "%s, %s or %s", wlog, syslog, ipt);
	assert_string_equal(strbuf_str(&sb), want);
	free(want);
	strbuf_reset(&sb);
	assert_int_equal(pack_kinds_describe(KIND_BIT(KIND_EVTX), &sb), 1);
	assert_string_equal(strbuf_str(&sb), kind_title(KIND_EVTX));
	strbuf_reset(&sb);

	/* A fact by id and title, its test in words. */
	assert_describes(&ps, "w.version",
	    "agent.version (the agent version) is older than 2.2.53.1");
	/* A count, the kinds read, and what clears the signal. */
	xasprintf(&want, "\"an extension failed\" (d.fail) seen in %s or %s "
	    "at least 3 times, not cleared by a later \"an extension "
	    "succeeded\" (d.ok)", wlog, syslog);
	assert_describes(&ps, "w.count", want);
	free(want);
	/* A template fact's title; "not" of what English cannot turn. */
	assert_describes(&ps, "w.not-fact", "not (conf.Extensions.Enabled "
	    "(a conf key) is \"n\" (in any case))");
	/* Negated signals of the same files say them once. */
	xasprintf(&want, "the bundle has %s and no \"an extension succeeded\" "
	    "(d.ok) or \"a request timed out\" (d.io) in %s", wlog, wlog);
	assert_describes(&ps, "w.group", want);
	free(want);
	/* Nesting in parentheses; a signal without a title by its id; a
	 * fact no definition produces by its id alone. */
	xasprintf(&want, "signal d.drop seen in %s and (\"an extension "
	    "succeeded\" (d.ok) or \"a request timed out\" (d.io) seen in %s "
	    "or other.fact matches the pattern ^n (in any case))", ipt, wlog);
	assert_describes(&ps, "w.nested", want);
	free(want);
	/* Staleness, against other kinds or the signal's own, and not. */
	xasprintf(&want, "the last \"a heartbeat\" (d.beat) in %s is more "
	    "than 2 hours older than the newest record of %s or the last "
	    "\"a heartbeat\" (d.beat) in %s is not more than 90 minutes older "
	    "than the newest record of those files", ga, events, ga);
	assert_describes(&ps, "w.stale", want);
	free(want);
	/* Kinds and facts absent. */
	xasprintf(&want, "the bundle lacks %s and agent.version (the agent "
	    "version) is not known (no record gives it)", events);
	assert_describes(&ps, "w.absent", want);
	free(want);
	/* Kinds side by side: absent under "all", present under "any". */
	xasprintf(&want, "the bundle has none of %s or %s and (the bundle has "
	    "%s or %s)", ga, kind_title(KIND_AGGREGATE_STATUS), events,
	    kind_title(KIND_SYSTEMINFO));
	assert_describes(&ps, "w.kinds", want);
	free(want);
	/* Cleared hits counted or not, either way round. */
	xasprintf(&want, "\"an extension failed\" (d.fail) seen in %s or %s, "
	    "even if cleared by a later \"an extension succeeded\" (d.ok) or "
	    "no \"an extension failed\" (d.fail) in %s or %s, not even one "
	    "cleared by a later \"an extension succeeded\" (d.ok) or no \"an "
	    "extension failed\" (d.fail) in %s or %s, apart from any cleared "
	    "by a later \"an extension succeeded\" (d.ok) or \"a shutdown\" "
	    "(d.shutdown) seen in %s at least 2 times", wlog, syslog, wlog,
	    syslog, wlog, syslog, events);
	assert_describes(&ps, "w.cleared", want);
	free(want);

	/* No condition at all (a rule whose 'when' did not parse). */
	cond_describe(NULL, &ps, &sb);
	assert_string_equal(strbuf_str(&sb), "(no condition)");
	free(events);
	packset_free(&ps);
	strbuf_release(&sb);
	strbuf_release(&err);
}

/* The packs of the source tree: clean, and their examples true. */
static void
test_real_packs(void **state)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct packset ps;
	const char *dirs[1];
	unsigned checked;
	int n;

	(void)state;
	if ((dirs[0] = getenv("VMTRIAGE_PATTERNS")) == NULL ||
	    *dirs[0] == '\0') {
		skip();
		return;
	}
	n = packset_load(&ps, dirs, 1, &err);
	if (n != 0)
		print_message("%s", strbuf_str(&err));
	assert_int_equal(n, 0);
	assert_true(ps.npacks > 0);
	assert_true(ps.nsignals > 0);
	assert_true(ps.ncauses > 0);
	assert_true(ps.nsymptoms > 0);
	n = packset_lint(&ps, &out);
	if (n != 0)
		print_message("%s", strbuf_str(&out));
	assert_int_equal(n, 0);
	n = packset_test(&ps, &out, &checked);
	if (n != 0)
		print_message("%s", strbuf_str(&out));
	assert_int_equal(n, 0);
	/* Every signal has at least one example of each sort. */
	assert_true(checked >= 2 * ps.nsignals);
	packset_free(&ps);
	strbuf_release(&err);
	strbuf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_valid),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_no_packs),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_partial),
		cmocka_unit_test(test_leads_to_cycle),
		cmocka_unit_test(test_lint),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_real_packs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
