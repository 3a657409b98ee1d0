/*
 * A large log read in two parts at once: the streams over a member's two
 * parts (bundle.c), where a log may be cut (parse_log.c), and the
 * analysis (analyze.c), which must find what one pass finds, hits,
 * facts, newest records, counts and skip reasons alike, whether the two
 * parts merge or the second is read again.
 */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "unit.h"
#include "unit_analysis.h"

#include "analyze.h"
#include "bundle.h"
#include "pack.h"
#include "parse.h"
#include "strbuf.h"
#include "xalloc.h"

static const char digits[] = "0123456789abcdefghijklmnopqrstuv";

/* Reads s to its end into out; the last mstream_read() result. */
static ssize_t
read_all(struct mstream *s, struct strbuf *out)
{
	char buf[7];
	ssize_t r;

	while ((r = mstream_read(s, buf, sizeof buf)) > 0)
		strbuf_add(out, buf, (size_t)r);
	return r;
}

static void
test_part_memory(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct limits l;
	struct mstream *s, *part;
	const unsigned char *p;
	char buf[8];

	(void)state;
	limits_default(&l);
	s = mstream_memory_new(digits, 32, &l);
	/* Read at an offset: the stream does not move. */
	assert_int_equal(mstream_pread(s, buf, 4, 10), 4);
	assert_memory_equal(buf, "abcd", 4);
	assert_int_equal(mstream_pread(s, buf, 8, 30), 2);
	assert_int_equal(mstream_pread(s, buf, 8, 40), 0);
	assert_int_equal(mstream_offset(s), 0);
	assert_int_equal(mstream_peek(s, &p, 4), 4);
	assert_memory_equal(p, "0123", 4);

	/* Past what was peeked the stream may be cut; s then ends there,
	 * the part goes on. */
	assert_null(mstream_part_new(s, 3));
	part = mstream_part_new(s, 20);
	assert_non_null(part);
	assert_int_equal(mstream_offset(part), 20);
	/* Cut once: another place is refused, the same one not. */
	assert_null(mstream_part_new(s, 21));
	assert_int_equal(read_all(s, &a), 0);
	assert_int_equal(a.len, 20);
	assert_memory_equal(a.buf, digits, 20);
	assert_int_equal(read_all(part, &b), 0);
	assert_int_equal(b.len, 12);
	assert_memory_equal(b.buf, digits + 20, 12);
	assert_int_equal(mstream_offset(part), 32);
	/* A part is not cut again. */
	assert_int_equal(mstream_pread(part, buf, 4, 0), -1);
	assert_null(mstream_part_new(part, 25));
	mstream_part_free(part, 1);
	part = mstream_part_new(s, 20);
	assert_non_null(part);
	mstream_part_free(part, 0);
	mstream_memory_free(s);

	/* The member limit counts the two parts as one stream: the part
	 * stops where the whole would have, with the same words. */
	l.max_member_bytes = 25;
	s = mstream_memory_new(digits, 32, &l);
	strbuf_reset(&a);
	assert_int_equal(read_all(s, &a), -1);
	assert_int_equal(a.len, 25);
	strbuf_reset(&a);
	strbuf_addstr(&a, mstream_error(s));
	mstream_memory_free(s);
	s = mstream_memory_new(digits, 32, &l);
	part = mstream_part_new(s, 16);
	strbuf_reset(&b);
	assert_int_equal(read_all(part, &b), -1);
	assert_int_equal(b.len, 9);
	assert_string_equal(mstream_error(part), a.buf);
	/* Not at the limit or past it. */
	assert_null(mstream_part_new(s, 25));
	mstream_part_free(part, 0);
	mstream_memory_free(s);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* A visitor that reads each member in two parts, cut at 'at'. */
struct cutter {
	uint64_t	 at;
	int		 counted;
	struct strbuf	 first, second;
	char		 error[256];
	int		 cut;
};

static int
cut_member(void *arg, const struct member *m, struct mstream *s)
{
	struct cutter *c = arg;
	struct mstream *part;

	(void)m;
	if ((part = mstream_part_new(s, c->at)) == NULL)
		return 0;
	c->cut++;
	read_all(s, &c->first);
	if (read_all(part, &c->second) < 0)
		snprintf(c->error, sizeof c->error, "%s", mstream_error(part));
	mstream_part_free(part, c->counted);
	return 0;
}

static void
cut_walk(struct cutter *c, const char *path, const void *buf, size_t len,
    const struct limits *l, struct bundle_stats *st)
{
	struct bundle_visitor v;
	char *err = NULL;

	memset(&v, 0, sizeof v);
	v.member = cut_member;
	v.arg = c;
	strbuf_reset(&c->first);
	strbuf_reset(&c->second);
	c->error[0] = '\0';
	c->cut = 0;
	if (buf != NULL)
		assert_int_equal(bundle_walk_buffer(buf, len, path, l, &v, st,
		    &err), 0);
	else
		assert_int_equal(bundle_walk(path, l, &v, st, &err), 0);
	free(err);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

/* The walk's byte count takes a part's bytes only when told to, and a
 * part reached the bundle's limit as the whole would have: in memory
 * and from a file of a directory. */
static void
test_part_walk(void **state)
{
	char dir[] = "/tmp/vmtriage-split-XXXXXX", file[64], data[3000];
	struct bundle_stats st;
	struct cutter c;
	struct limits l;
	size_t i;
	int fd, way;

	(void)state;
	/* Past the bytes the walk peeks at to tell an archive. */
	for (i = 0; i < sizeof data; i++)
		data[i] = digits[i % 32];
	memset(&c, 0, sizeof c);
	strbuf_init(&c.first, 0);
	strbuf_init(&c.second, 0);
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/a.log", dir);
	assert_true((fd = open(file, O_WRONLY | O_CREAT, 0600)) >= 0);
	assert_int_equal(write(fd, data, sizeof data), sizeof data);
	close(fd);
	for (way = 0; way < 2; way++) {
		limits_default(&l);
		c.at = 1000;
		c.counted = 1;
		cut_walk(&c, way ? dir : "a.log", way ? NULL : data,
		    sizeof data, &l, &st);
		assert_int_equal(c.cut, 1);
		assert_int_equal(st.bytes, sizeof data);
		assert_int_equal(c.first.len, 1000);
		assert_int_equal(c.second.len, 2000);
		assert_memory_equal(c.second.buf, data + 1000, 2000);
		c.counted = 0;
		cut_walk(&c, way ? dir : "a.log", way ? NULL : data,
		    sizeof data, &l, &st);
		assert_int_equal(st.bytes, 1000);
		/* The bundle's limit, reached in the part, to the byte. */
		l.max_total_bytes = 2500;
		c.counted = 1;
		cut_walk(&c, way ? dir : "a.log", way ? NULL : data,
		    sizeof data, &l, &st);
		assert_int_equal(c.second.len, 1500);
		assert_non_null(strstr(c.error, "bundle size limit"));
	}
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	strbuf_release(&c.first);
	strbuf_release(&c.second);
}

/* An archive's member is read in order only. */
static void
test_part_archive(void **state)
{
	struct archive *a;
	struct archive_entry *e;
	struct bundle_stats st;
	struct cutter c;
	struct limits l;
	char tar[8192];
	size_t used;

	(void)state;
	a = archive_write_new();
	archive_write_set_format_ustar(a);
	assert_int_equal(archive_write_open_memory(a, tar, sizeof tar, &used),
	    ARCHIVE_OK);
	e = archive_entry_new();
	archive_entry_set_pathname(e, "a.log");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 32);
	archive_write_header(a, e);
	archive_write_data(a, digits, 32);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);

	memset(&c, 0, sizeof c);
	strbuf_init(&c.first, 0);
	strbuf_init(&c.second, 0);
	limits_default(&l);
	c.at = 12;
	cut_walk(&c, "a.tar", tar, used, &l, &st);
	assert_int_equal(st.files, 1);
	assert_int_equal(c.cut, 0);
	strbuf_release(&c.first);
	strbuf_release(&c.second);
}

#define AGENT_HEAD "2025-03-14T09:12:44.123456Z INFO ExtHandler ExtHandler "

/* Where parse_log_cut() cuts: the first head line after a line end. */
static void
test_cut(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t at;

	(void)state;
	/* The window starts inside a line; the next line is a head. */
	s = "tail of a line\n" AGENT_HEAD "one\n" AGENT_HEAD "two\n";
	assert_int_equal(parse_log_cut(KIND_WAAGENT_LOG, s, strlen(s), 4096),
	    15);
	/* A head at the very start may be a line's tail: not taken. */
	s = AGENT_HEAD "one\n" AGENT_HEAD "two\n";
	assert_int_equal(parse_log_cut(KIND_WAAGENT_LOG, s, strlen(s), 4096),
	    strlen(AGENT_HEAD "one\n"));
	/* Continuation lines are passed over, CRLF is a line end. */
	s = "x\r\nTraceback (most recent call last):\r\n  File \"a.py\"\r\n"
	    AGENT_HEAD "after\r\n";
	assert_int_equal(parse_log_cut(KIND_WAAGENT_LOG, s, strlen(s), 4096),
	    strstr(s, AGENT_HEAD) - s);
	/* A head line the reader would change (invalid UTF-8), cut short
	 * (longer than the line limit) or not end in the window is not
	 * taken. */
	strbuf_addstr(&sb, "x\n" AGENT_HEAD "bad \xff byte\n" AGENT_HEAD);
	unit_add_long_text(&sb, 100);
	strbuf_addstr(&sb, "\n" AGENT_HEAD "good\n" AGENT_HEAD "open");
	at = parse_log_cut(KIND_WAAGENT_LOG, sb.buf, sb.len, 256);
	assert_int_equal(at, strstr(sb.buf, AGENT_HEAD "good") - sb.buf);
	at = parse_log_cut(KIND_WAAGENT_LOG, sb.buf, at + 10, 256);
	assert_int_equal(at, strstr(sb.buf, AGENT_HEAD "good") - sb.buf + 10);
	/* No line end, no head, or a kind read only whole. */
	s = AGENT_HEAD "only";
	assert_int_equal(parse_log_cut(KIND_WAAGENT_LOG, s, strlen(s), 4096),
	    strlen(s));
	s = "a\nb\nc\n";
	assert_int_equal(parse_log_cut(KIND_WAAGENT_LOG, s, 6, 4096), 6);
	s = "a\nMar 14 09:12:44 host kernel: x\n";
	assert_int_equal(parse_log_cut(KIND_SYSLOG, s, strlen(s), 4096),
	    strlen(s));
	/* The other logs read apart. */
	s = "x\n2025-03-14 09:19:58.123456 "
	    "[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]y\n";
	assert_int_equal(parse_log_cut(KIND_VMSNAPSHOT_LOG, s, strlen(s),
	    4096), 2);
	s = "x\n[00000004] [11/13/2022 04:51:25.12] [INFO]  stopping.\n";
	assert_int_equal(parse_log_cut(KIND_GA_LOG, s, strlen(s), 4096), 2);
	strbuf_release(&sb);
}

static struct packset ps;
static int have_packs;

static int
load_packs(void **state)
{
	struct strbuf err = STRBUF_INIT;
	const char *dirs[1];

	(void)state;
	if ((dirs[0] = getenv("VMTRIAGE_PATTERNS")) != NULL) {
		assert_int_equal(packset_load(&ps, dirs, 1, &err), 0);
		have_packs = 1;
	}
	strbuf_release(&err);
	return 0;
}

static int
free_packs(void **state)
{
	(void)state;
	if (have_packs)
		packset_free(&ps);
	return 0;
}

/* How many logs a run cut, and read again. */
struct cuts {
	unsigned	split;
	unsigned	reread;
};

/* The analysis of a bundle (buf NULL: the directory at path) in words,
 * with logs cut from split_min bytes on (0: never). */
static void
analyse(struct strbuf *out, const char *path, const void *buf, size_t len,
    const struct limits *l, uint64_t split_min, struct cuts *cuts)
{
	struct analysis an;
	char *err = NULL;

	analysis_init(&an, &ps, l);
	an.queue_batch = 0;
	an.split_min = split_min;
	if (buf != NULL)
		assert_int_equal(analyze_run_buffer(&an, path, buf, len, &err),
		    0);
	else
		assert_int_equal(analyze_run(&an, path, &err), 0);
	free(err);
	strbuf_reset(out);
	unit_describe_analysis(out, &an, &ps);
	if (cuts != NULL) {
		cuts->split += an.logs_split;
		cuts->reread += an.parts_reread;
	}
	analysis_free(&an);
}

/* One pass and two parts give the same analysis; the cuts made. */
static struct cuts
same_analysis(const char *path, const void *buf, size_t len,
    const struct limits *l)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct cuts cuts = { 0, 0 };
	struct limits deflimits;

	if (l == NULL) {
		limits_default(&deflimits);
		l = &deflimits;
	}
	analyse(&a, path, buf, len, l, 0, NULL);
	analyse(&b, path, buf, len, l, 1, &cuts);
	if (strcmp(a.buf, b.buf) != 0) {
		/* Whole: cmocka cuts a long message. */
		fprintf(stderr, "%s:\none pass:\n%s\nin two parts:\n%s\n",
		    path, a.buf, b.buf);
		fail();
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return cuts;
}

static void
split_sample(const char *path, void *arg)
{
	struct cuts *cuts = arg, c;

	c = same_analysis(path, NULL, 0, NULL);
	cuts->split += c.split;
	cuts->reread += c.reread;
}

/* Every sample bundle, its logs cut wherever they can be. */
static void
test_split_samples(void **state)
{
	struct cuts cuts = { 0, 0 };

	(void)state;
	if (!have_packs || unit_each_sample(split_sample, &cuts) < 0) {
		skip();
		return;
	}
	/* Each Linux and Windows sample has an agent log to cut. */
	assert_true(cuts.split >= 40);
	assert_int_equal(cuts.reread, 0);
}

/* A sample's agent log, n times over: the copies' times tie, so first
 * and last hits, facts and the newest record are chosen by line across
 * the cut. */
static char *
agent_log(size_t copies, int crlf, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char *one;
	size_t n, i, j;

	one = unit_read_data("samples/linux/vmsnapshot-failed/var/log/"
	    "waagent.log", &n);
	if (one == NULL)
		return NULL;
	for (i = 0; i < copies; i++)
		for (j = 0; j < n; j++) {
			if (crlf && one[j] == '\n')
				strbuf_addch(&sb, '\r');
			strbuf_addch(&sb, one[j]);
		}
	free(one);
	*len = sb.len;
	return strbuf_detach(&sb);
}

static void
test_split_agent_log(void **state)
{
	struct limits l;
	struct cuts c;
	char *log;
	size_t len;
	int crlf;

	(void)state;
	if (!have_packs || (log = agent_log(3, 0, &len)) == NULL) {
		skip();
		return;
	}
	free(log);
	limits_default(&l);
	for (crlf = 0; crlf < 2; crlf++) {
		log = agent_log(3, crlf, &len);
		c = same_analysis("var/log/waagent.log", log, len, &l);
		assert_int_equal(c.split, 1);
		assert_int_equal(c.reread, 0);
		/* The member limit falls in the second part: read again,
		 * it stops as one pass does, with the same line. */
		l.max_member_bytes = len - len / 8;
		c = same_analysis("var/log/waagent.log", log, len, &l);
		assert_int_equal(c.split, 1);
		assert_int_equal(c.reread, 1);
		/* In the first part: no cut. */
		l.max_member_bytes = len / 4;
		c = same_analysis("var/log/waagent.log", log, len, &l);
		assert_int_equal(c.split, 0);
		/* The bundle's limit, in the second part. */
		limits_default(&l);
		l.max_total_bytes = len - len / 8;
		c = same_analysis("var/log/waagent.log", log, len, &l);
		assert_int_equal(c.reread, 1);
		limits_default(&l);
		free(log);
	}
}

/* No head near the middle (a record of many lines), or a head that is
 * not UTF-8 text: read in one pass. */
static void
test_split_refused(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct cuts c;
	size_t i;

	(void)state;
	if (!have_packs) {
		skip();
		return;
	}
	strbuf_addstr(&sb, AGENT_HEAD "Traceback (most recent call last):\n");
	for (i = 0; i < 4000; i++)
		strbuf_addf(&sb, "  File \"/usr/lib/a%zu.py\", line %zu\n", i,
		    i);
	strbuf_addstr(&sb, AGENT_HEAD "done\n");
	c = same_analysis("var/log/waagent.log", sb.buf, sb.len, NULL);
	assert_int_equal(c.split, 0);

	/* A NUL within the head the reader looks at: binary, skipped. */
	strbuf_reset(&sb);
	for (i = 0; i < 200; i++)
		strbuf_addf(&sb, AGENT_HEAD "line %zu\n", i);
	sb.buf[2000] = '\0';
	c = same_analysis("var/log/waagent.log", sb.buf, sb.len, NULL);
	assert_int_equal(c.split, 0);
	strbuf_release(&sb);
}

/*
 * More keys than a signal keeps groups for, in the second part only: a
 * key both parts share is counted in its own group by one pass, which
 * the merge cannot tell, so the second part is read again.
 */
static void
test_split_groups_full(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct cuts c;
	size_t i, n;

	(void)state;
	if (!have_packs) {
		skip();
		return;
	}
	for (i = 0; i < 2000; i++) {
		n = i < 1000 ? i % 10 : i - 1000;
		strbuf_addf(&sb, "[00000011] [12/11/2018 06:27:55.66] [WARN]  "
		    "Exception: Unable to connect to the remote server "
		    "168.63.129.16:%zu\n", 30000 + n);
	}
	c = same_analysis("WindowsAzure/Logs/WaAppAgent.log", sb.buf, sb.len,
	    NULL);
	assert_int_equal(c.split, 1);
	assert_int_equal(c.reread, 1);
	/* Room enough: merged. */
	strbuf_reset(&sb);
	for (i = 0; i < 2000; i++)
		strbuf_addf(&sb, "[00000011] [12/11/2018 06:27:%02zu.66] [WARN]  "
		    "Exception: Unable to connect to the remote server "
		    "168.63.129.16:%zu\n", i % 60, 30000 + i % 40);
	c = same_analysis("WindowsAzure/Logs/WaAppAgent.log", sb.buf, sb.len,
	    NULL);
	assert_int_equal(c.split, 1);
	assert_int_equal(c.reread, 0);
	strbuf_release(&sb);
}

/*
 * One signal's hits in UTC, then after the cut in UTC again but earlier
 * by the clock, with one in local (slash) time among them.  Between
 * zones the order is by line, within one by time: one pass ends on the
 * last hit, while the second part's last hit, set against the first
 * part's by time alone, would lose.  The second part is read again.
 */
static void
test_split_zones_mixed(void **state)
{
	static const char beat[] = "INFO ExtHandler ExtHandler [HEARTBEAT] "
	    "Agent WALinuxAgent-2.9.1.1 is running as the goal state agent "
	    "[DEBUG HeartbeatCounter: 1]";
	struct strbuf sb = STRBUF_INIT;
	struct cuts c;
	size_t i;
	int slash;

	(void)state;
	if (!have_packs) {
		skip();
		return;
	}
	for (slash = 0; slash < 2; slash++) {
		strbuf_reset(&sb);
		for (i = 0; i < 100; i++)
			strbuf_addf(&sb, "2025-12-01T00:%02zu:%02zu.000001Z %s\n",
			    i / 60, i % 60, beat);
		for (i = 0; i < 100; i++)
			if (slash && i == 20)
				strbuf_addf(&sb, "2025/08/01 00:00:00.000001 "
				    "%s\n", beat);
			else
				strbuf_addf(&sb, "2025-08-01T00:%02zu:%02zu."
				    "000001Z %s\n", i / 60, i % 60, beat);
		c = same_analysis("var/log/waagent.log", sb.buf, sb.len,
		    NULL);
		assert_int_equal(c.split, 1);
		/* In one zone the parts merge. */
		assert_int_equal(c.reread, slash);
	}
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_part_memory),
		cmocka_unit_test(test_part_walk),
		cmocka_unit_test(test_part_archive),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_split_samples),
		cmocka_unit_test(test_split_agent_log),
		cmocka_unit_test(test_split_refused),
		cmocka_unit_test(test_split_groups_full),
		cmocka_unit_test(test_split_zones_mixed),
	};

	return cmocka_run_group_tests(tests, load_packs, free_packs);
}
