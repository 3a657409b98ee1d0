/*
 * bundle.c, bundle_archive.c, bundle_dir.c: the members of directories
 * and archives (nested, compressed, hostile), the names they are given,
 * what is skipped and why, and the limits that stop a bomb.  Fixtures are
 * written at test time into a temporary directory with libarchive.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bundle.h"
#include "strbuf.h"
#include "xalloc.h"

#define MIB (1024 * 1024)
#define SEEN_MAX 64

/* What a walk handed out, copied. */
struct seen_member {
	char		*path;
	char		*name;
	int64_t		 size;
	unsigned	 depth;
	unsigned	 seq;
	char		*data;		/* the first bytes read */
	uint64_t	 read;		/* all bytes read */
	int		 failed;
	char		*error;
};

struct seen_skip {
	char		*path;
	char		*reason;
};

struct seen {
	struct seen_member	 m[SEEN_MAX];
	size_t			 nm;
	struct seen_skip	 s[SEEN_MAX];
	size_t			 ns;
	unsigned		 progress;
	unsigned		 stop_after;	/* 0: never stop */
	size_t			 keep;		/* bytes of data kept */

	struct bundle_stats	 stats;
	int			 rc;
	char			*err;
};

/* The state of the whole test program: one temporary directory. */
static char tmpdir[4096];

static int
seen_member(void *arg, const struct member *m, struct mstream *s)
{
	struct seen *sn = arg;
	struct seen_member *u;
	struct strbuf sb;
	char buf[65536];
	ssize_t r;

	if (sn->nm >= SEEN_MAX)
		fail_msg("too many members");
	u = &sn->m[sn->nm++];
	memset(u, 0, sizeof *u);
	u->path = xstrdup(m->path);
	u->name = xstrdup(m->name);
	u->size = m->size;
	u->depth = m->depth;
	u->seq = m->seq;
	strbuf_init(&sb, sn->keep);
	while ((r = mstream_read(s, buf, sizeof buf)) > 0) {
		strbuf_add(&sb, buf, (size_t)r);
		u->read += (uint64_t)r;
	}
	assert_int_equal(mstream_offset(s), u->read);
	u->failed = r < 0;
	u->error = xstrdup(mstream_error(s));
	u->data = strbuf_detach(&sb);
	return sn->stop_after != 0 && sn->nm >= sn->stop_after;
}

static void
seen_skipped(void *arg, const char *path, const char *reason)
{
	struct seen *sn = arg;

	if (sn->ns >= SEEN_MAX)
		fail_msg("too many skipped");
	sn->s[sn->ns].path = xstrdup(path);
	sn->s[sn->ns].reason = xstrdup(reason);
	sn->ns++;
}

static void
seen_progress(void *arg, const struct bundle_stats *st, const char *path)
{
	struct seen *sn = arg;

	/* Called before each member, with the count so far. */
	assert_non_null(path);
	assert_int_equal(st->files, sn->nm);
	sn->progress++;
}

static void
seen_free(struct seen *sn)
{
	size_t i;

	for (i = 0; i < sn->nm; i++) {
		free(sn->m[i].path);
		free(sn->m[i].name);
		free(sn->m[i].data);
		free(sn->m[i].error);
	}
	for (i = 0; i < sn->ns; i++) {
		free(sn->s[i].path);
		free(sn->s[i].reason);
	}
	free(sn->err);
	memset(sn, 0, sizeof *sn);
}

static void
walk_limits(struct seen *sn, const char *path, const struct limits *l,
    unsigned stop_after)
{
	struct bundle_visitor v;

	memset(sn, 0, sizeof *sn);
	sn->stop_after = stop_after;
	sn->keep = 65536;
	v.member = seen_member;
	v.skipped = seen_skipped;
	v.progress = seen_progress;
	v.arg = sn;
	sn->rc = bundle_walk(path, l, &v, &sn->stats, &sn->err);
	assert_int_equal(sn->stats.files, sn->nm);
	assert_int_equal(sn->progress, sn->nm);
	if (sn->rc == 0)
		assert_null(sn->err);
	else
		assert_non_null(sn->err);
}

static void
walk(struct seen *sn, const char *path)
{
	struct limits l;

	limits_default(&l);
	walk_limits(sn, path, &l, 0);
}

/* The member with this path, failing the test if there is none. */
static const struct seen_member *
member(const struct seen *sn, const char *path)
{
	size_t i;

	for (i = 0; i < sn->nm; i++)
		if (strcmp(sn->m[i].path, path) == 0)
			return &sn->m[i];
	fail_msg("no member %s", path);
	return NULL;
}

static const char *
skip_reason(const struct seen *sn, const char *path)
{
	size_t i;

	for (i = 0; i < sn->ns; i++)
		if (strcmp(sn->s[i].path, path) == 0)
			return sn->s[i].reason;
	return NULL;
}

static void
assert_skipped(const struct seen *sn, const char *path, const char *part)
{
	const char *r = skip_reason(sn, path);

	if (r == NULL)
		fail_msg("%s not reported as skipped", path);
	if (strstr(r, part) == NULL)
		fail_msg("%s skipped as \"%s\", want \"%s\"", path, r, part);
}

/* A read whole, with the expected content, name and depth. */
static void
assert_member(const struct seen *sn, const char *path, const char *name,
    unsigned depth, const char *content)
{
	const struct seen_member *u = member(sn, path);

	assert_string_equal(u->name, name);
	assert_int_equal(u->depth, depth);
	assert_false(u->failed);
	assert_string_equal(u->error, "");
	assert_int_equal(u->read, strlen(content));
	assert_string_equal(u->data, content);
}

/* The fixtures. */

enum {
	E_FILE = 0,
	E_DIR,
	E_SYMLINK,
	E_HARDLINK,
	E_FIFO,
	E_CHR,
};

struct entry {
	const char	*name;
	const void	*data;		/* NULL: a string in link */
	size_t		 len;
	int		 type;
	const char	*link;		/* target, or the data as a string */
};

#define FILE_S(n, s) { (n), (s), sizeof (s) - 1, E_FILE, NULL }

static char *
fixture_path(const char *name)
{
	char *p;

	xasprintf(&p, "%s/%s", tmpdir, name);
	return p;
}

static void
check(struct archive *a, int r)
{
	if (r < ARCHIVE_WARN)
		fail_msg("libarchive: %s", archive_error_string(a));
}

static void
add_entries(struct archive *a, const struct entry *e, size_t n)
{
	struct archive_entry *ae;
	size_t i;

	for (i = 0; i < n; i++) {
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_mtime(ae, 1705270608, 0);
		switch (e[i].type) {
		case E_DIR:
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, 0755);
			break;
		case E_SYMLINK:
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e[i].link);
			break;
		case E_HARDLINK:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_hardlink(ae, e[i].link);
			archive_entry_set_size(ae, 0);
			break;
		case E_FIFO:
			archive_entry_set_filetype(ae, AE_IFIFO);
			archive_entry_set_perm(ae, 0644);
			break;
		case E_CHR:
			archive_entry_set_filetype(ae, AE_IFCHR);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_rdev(ae, 0x0103);
			break;
		default:
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, (la_int64_t)e[i].len);
			break;
		}
		check(a, archive_write_header(a, ae));
		if (e[i].type == E_FILE && e[i].len > 0 &&
		    archive_write_data(a, e[i].data, e[i].len) !=
		    (la_ssize_t)e[i].len)
			fail_msg("libarchive: %s", archive_error_string(a));
		archive_entry_free(ae);
	}
}

enum fmt {
	F_ZIP,
	F_ZIP_STORE,
	F_TAR,
	F_TAR_GZ,
	F_GZ,		/* one file, gzip */
};

static struct archive *
writer_new(enum fmt fmt)
{
	struct archive *a = archive_write_new();

	switch (fmt) {
	case F_ZIP:
		check(a, archive_write_set_format_zip(a));
		check(a, archive_write_zip_set_compression_deflate(a));
		break;
	case F_ZIP_STORE:
		check(a, archive_write_set_format_zip(a));
		check(a, archive_write_zip_set_compression_store(a));
		break;
	case F_TAR:
		check(a, archive_write_set_format_pax_restricted(a));
		break;
	case F_TAR_GZ:
		check(a, archive_write_set_format_pax_restricted(a));
		check(a, archive_write_add_filter_gzip(a));
		break;
	case F_GZ:
		check(a, archive_write_set_format_raw(a));
		check(a, archive_write_add_filter_gzip(a));
		break;
	}
	return a;
}

/* Writes an archive to a file in the temporary directory; returns its
 * path (caller frees). */
static char *
write_archive(const char *name, enum fmt fmt, const struct entry *e,
    size_t n)
{
	struct archive *a = writer_new(fmt);
	char *path = fixture_path(name);

	check(a, archive_write_open_filename(a, path));
	add_entries(a, e, n);
	check(a, archive_write_close(a));
	archive_write_free(a);
	return path;
}

/* The same, in memory, for an archive inside an archive. */
static void *
memory_archive(enum fmt fmt, const struct entry *e, size_t n, size_t *len)
{
	struct archive *a = writer_new(fmt);
	size_t alloc = 4 * MIB, used = 0;
	void *buf = xmalloc(alloc);

	/* The default block padding would make a tar 10 KiB at least. */
	check(a, archive_write_set_bytes_in_last_block(a, 1));
	check(a, archive_write_open_memory(a, buf, alloc, &used));
	add_entries(a, e, n);
	check(a, archive_write_close(a));
	archive_write_free(a);
	*len = used;
	return buf;
}

static char *
write_file(const char *name, const void *data, size_t len)
{
	char *path = fixture_path(name);
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	if (len > 0 && fwrite(data, 1, len, f) != len)
		fail_msg("%s: short write", path);
	fclose(f);
	return path;
}

static char *
make_dir(const char *name)
{
	char *path = fixture_path(name);

	if (mkdir(path, 0755) != 0)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	return path;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		chmod(path, 0755);
	return remove(path);
}

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/test_bundle.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The tests. */

static const char waagent_log[] =
    "2024-01-14T22:16:48.796446Z INFO ExtHandler ExtHandler Processing\n";
static const char goalstate[] = "<GoalState><Incarnation>3</Incarnation>"
    "</GoalState>\n";
static const char conf[] = "Extensions.Enabled=y\n";

static void
test_zip(void **state)
{
	const struct entry e[] = {
		{ "var/", NULL, 0, E_DIR, NULL },
		FILE_S("var/log/waagent.log", waagent_log),
		FILE_S("var/lib/waagent/GoalState.1.xml", goalstate),
		FILE_S("./etc//waagent.conf", conf),
		{ "empty.txt", "", 0, E_FILE, NULL },
		{ "var/log/link", NULL, 0, E_SYMLINK, "/etc/shadow" },
	};
	struct seen sn;
	char *path;

	(void)state;
	path = write_archive("bundle.zip", F_ZIP, e, 6);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 4);
	assert_int_equal(sn.ns, 1);
	assert_skipped(&sn, "var/log/link", "symbolic link not followed");
	assert_int_equal(sn.stats.files, 4);
	assert_int_equal(sn.stats.archives, 1);
	assert_int_equal(sn.stats.bytes, sizeof waagent_log - 1 +
	    sizeof goalstate - 1 + sizeof conf - 1);
	/* In archive order; directories are not members. */
	assert_string_equal(sn.m[0].path, "var/log/waagent.log");
	assert_string_equal(sn.m[1].path, "var/lib/waagent/GoalState.1.xml");
	assert_string_equal(sn.m[3].path, "empty.txt");
	assert_member(&sn, "var/log/waagent.log", "var/log/waagent.log", 0,
	    waagent_log);
	assert_int_equal(sn.m[0].size, sizeof waagent_log - 1);
	assert_int_equal(sn.m[0].seq, 0);
	assert_int_equal(sn.m[1].seq, 1);
	assert_int_equal(sn.m[2].seq, 2);
	/* The path as stored, the name normalised. */
	assert_member(&sn, "./etc//waagent.conf", "etc/waagent.conf", 0,
	    conf);
	assert_member(&sn, "empty.txt", "empty.txt", 0, "");
	assert_int_equal(sn.m[3].size, 0);
	seen_free(&sn);
	free(path);
}

static void
test_tar_gz(void **state)
{
	const struct entry e[] = {
		FILE_S("WALinuxAgent/var/log/waagent.log", waagent_log),
		FILE_S("WALinuxAgent/etc/waagent.conf", conf),
	};
	struct seen sn;
	char *path;

	(void)state;
	path = write_archive("bundle.tar.gz", F_TAR_GZ, e, 2);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 2);
	assert_int_equal(sn.ns, 0);
	assert_int_equal(sn.stats.archives, 1);
	assert_member(&sn, "WALinuxAgent/var/log/waagent.log",
	    "WALinuxAgent/var/log/waagent.log", 0, waagent_log);
	assert_int_equal(sn.m[0].size, sizeof waagent_log - 1);
	assert_member(&sn, "WALinuxAgent/etc/waagent.conf",
	    "WALinuxAgent/etc/waagent.conf", 0, conf);
	seen_free(&sn);
	free(path);
}

/* Members that must not be followed or written anywhere. */
static void
test_hostile_tar(void **state)
{
	const struct entry e[] = {
		FILE_S("../evil", "evil\n"),
		FILE_S("a/../../../evil2", "evil2\n"),
		FILE_S("/etc/cron.d/evil", "* * * * * root x\n"),
		{ "var/log/link", NULL, 0, E_SYMLINK, "/etc/shadow" },
		FILE_S("var/log/real", "real\n"),
		{ "var/log/hard", NULL, 0, E_HARDLINK, "var/log/real" },
		{ "dev/fifo", NULL, 0, E_FIFO, NULL },
		{ "dev/tty", NULL, 0, E_CHR, NULL },
		FILE_S("C:\\Windows\\Temp\\x.log", "win\n"),
	};
	struct seen sn;
	struct stat st;
	char *sub, *path, *evil;

	(void)state;
	sub = make_dir("hostile");
	path = write_archive("hostile/bundle.tar", F_TAR, e, 9);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 5);
	assert_member(&sn, "../evil", "evil", 0, "evil\n");
	assert_member(&sn, "a/../../../evil2", "a/evil2", 0, "evil2\n");
	assert_member(&sn, "/etc/cron.d/evil", "etc/cron.d/evil", 0,
	    "* * * * * root x\n");
	assert_member(&sn, "var/log/real", "var/log/real", 0, "real\n");
	assert_member(&sn, "C:\\Windows\\Temp\\x.log", "Windows/Temp/x.log",
	    0, "win\n");
	assert_skipped(&sn, "var/log/link", "symbolic link not followed");
	assert_skipped(&sn, "var/log/hard", "hard link not followed");
	assert_skipped(&sn, "dev/fifo", "named pipe not followed");
	assert_skipped(&sn, "dev/tty", "character device not followed");
	assert_int_equal(sn.ns, 4);
	/* Nothing was extracted next to the bundle or above it. */
	evil = fixture_path("evil");
	assert_int_not_equal(lstat(evil, &st), 0);
	free(evil);
	evil = fixture_path("hostile/evil");
	assert_int_not_equal(lstat(evil, &st), 0);
	free(evil);
	seen_free(&sn);
	free(path);
	free(sub);
}

static void
test_nested_zip(void **state)
{
	const struct entry inner_e[] = {
		FILE_S("var/log/waagent.log", waagent_log),
		FILE_S("../up.txt", "up\n"),
	};
	struct entry outer_e[] = {
		FILE_S("top.txt", "top\n"),
		{ "history/2024-01-14.zip", NULL, 0, E_FILE, NULL },
		FILE_S("last.txt", "last\n"),
	};
	struct seen sn;
	char *path;
	void *inner;
	size_t len;

	(void)state;
	inner = memory_archive(F_ZIP, inner_e, 2, &len);
	outer_e[1].data = inner;
	outer_e[1].len = len;
	path = write_archive("nested.zip", F_ZIP, outer_e, 3);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.ns, 0);
	assert_int_equal(sn.nm, 4);
	assert_int_equal(sn.stats.archives, 2);
	assert_member(&sn, "top.txt", "top.txt", 0, "top\n");
	/* The inner members: joined paths, one level deeper. */
	assert_member(&sn, "history/2024-01-14.zip/var/log/waagent.log",
	    "history/2024-01-14.zip/var/log/waagent.log", 1, waagent_log);
	assert_int_equal(sn.m[1].size, sizeof waagent_log - 1);
	assert_member(&sn, "history/2024-01-14.zip/../up.txt",
	    "history/2024-01-14.zip/up.txt", 1, "up\n");
	assert_member(&sn, "last.txt", "last.txt", 0, "last\n");
	/* In order of discovery. */
	assert_string_equal(sn.m[1].path,
	    "history/2024-01-14.zip/var/log/waagent.log");
	assert_int_equal(sn.m[3].seq, 3);
	seen_free(&sn);
	free(path);
	free(inner);
}

static void
test_gz_single(void **state)
{
	const struct entry e[] = {
		FILE_S("waagent.log.1", waagent_log),
	};
	struct seen sn;
	char *path;

	(void)state;
	path = write_archive("waagent.log.1.gz", F_GZ, e, 1);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 1);
	assert_int_equal(sn.ns, 0);
	/* Named after the file, the suffix gone; the size is unknown. */
	assert_member(&sn, "waagent.log.1.gz", "waagent.log.1", 0,
	    waagent_log);
	assert_int_equal(sn.m[0].size, -1);
	seen_free(&sn);
	free(path);
}

static void
test_gz_in_tar(void **state)
{
	const struct entry gz_e[] = {
		FILE_S("x", waagent_log),
	};
	const struct entry tar_e[] = {
		FILE_S("etc/waagent.conf", conf),
	};
	struct entry e[] = {
		{ "var/log/waagent.log.1.gz", NULL, 0, E_FILE, NULL },
		{ "old/logs.tar.gz", NULL, 0, E_FILE, NULL },
	};
	struct seen sn;
	char *path;
	void *gz, *tgz;
	size_t gzlen, tgzlen;

	(void)state;
	gz = memory_archive(F_GZ, gz_e, 1, &gzlen);
	tgz = memory_archive(F_TAR_GZ, tar_e, 1, &tgzlen);
	e[0].data = gz;
	e[0].len = gzlen;
	e[1].data = tgz;
	e[1].len = tgzlen;
	path = write_archive("with-gz.tar", F_TAR, e, 2);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.ns, 0);
	assert_int_equal(sn.nm, 2);
	assert_int_equal(sn.stats.archives, 3);
	/* A compressed log is read as the log it holds. */
	assert_member(&sn, "var/log/waagent.log.1.gz",
	    "var/log/waagent.log.1", 1, waagent_log);
	/* A compressed tar is read as a tar. */
	assert_member(&sn, "old/logs.tar.gz/etc/waagent.conf",
	    "old/logs.tar.gz/etc/waagent.conf", 1, conf);
	seen_free(&sn);
	free(path);
	free(gz);
	free(tgz);
}

/* Content that cannot be squeezed: a zip cut inside it is cut inside
 * member data. */
static void
fill_noise(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;
	uint32_t x = 2463534242u ^ seed;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
}

static void
test_truncated_zip(void **state)
{
	static unsigned char a[20000], b[20000], c[20000];
	struct entry e[] = {
		{ "a.bin", a, sizeof a, E_FILE, NULL },
		{ "b.bin", b, sizeof b, E_FILE, NULL },
		{ "c.bin", c, sizeof c, E_FILE, NULL },
	};
	struct seen sn;
	char *path;
	void *zip;
	size_t len;

	(void)state;
	fill_noise(a, sizeof a, 1);
	fill_noise(b, sizeof b, 2);
	fill_noise(c, sizeof c, 3);
	zip = memory_archive(F_ZIP, e, 3, &len);
	assert_true(len > 60000);
	/* Cut in the middle of b.bin: no central directory. */
	path = write_file("truncated.zip", zip, 30000);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	/* a.bin whole; b.bin started and failed; c.bin never seen, and the
	 * archive reported as damaged. */
	assert_int_equal(sn.nm, 2);
	assert_string_equal(sn.m[0].path, "a.bin");
	assert_false(sn.m[0].failed);
	assert_int_equal(sn.m[0].read, sizeof a);
	assert_memory_equal(sn.m[0].data, a, sizeof a);
	assert_string_equal(sn.m[1].path, "b.bin");
	assert_true(sn.m[1].failed);
	assert_true(sn.m[1].read < sizeof b);
	assert_string_not_equal(sn.m[1].error, "");
	assert_skipped(&sn, "truncated.zip", "archive damaged after 2 members");
	assert_int_equal(sn.ns, 1);
	seen_free(&sn);
	free(path);

	/* Cut inside the first header: nothing at all to read. */
	path = write_file("cut-header.zip", zip, 20);
	walk(&sn, path);
	assert_int_equal(sn.rc, -1);
	assert_non_null(strstr(sn.err, "cut-header.zip"));
	assert_int_equal(sn.nm, 0);
	seen_free(&sn);
	free(path);
	free(zip);
}

static void
test_encrypted_zip(void **state)
{
	const struct entry e[] = {
		FILE_S("secret.txt", "secret\n"),
	};
	struct archive *a;
	struct seen sn;
	char *path;

	(void)state;
	path = fixture_path("encrypted.zip");
	a = writer_new(F_ZIP);
	/* Not every libarchive can write encrypted zips. */
	if (archive_write_set_options(a, "zip:encryption=zipcrypt") !=
	    ARCHIVE_OK || archive_write_set_passphrase(a, "pw") != ARCHIVE_OK) {
		archive_write_free(a);
		free(path);
		skip();
	}
	check(a, archive_write_open_filename(a, path));
	add_entries(a, e, 1);
	check(a, archive_write_close(a));
	archive_write_free(a);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 0);
	assert_skipped(&sn, "secret.txt", "encrypted");
	seen_free(&sn);
	free(path);
}

static void
test_not_an_archive(void **state)
{
	struct seen sn;
	char *path;

	(void)state;
	/* A name that promises an archive, text inside. */
	path = write_file("fake.zip", "just text\n", 10);
	walk(&sn, path);
	assert_int_equal(sn.rc, -1);
	assert_non_null(strstr(sn.err, "not an archive"));
	assert_int_equal(sn.nm, 0);
	seen_free(&sn);
	free(path);

	/* Zip magic, garbage after. */
	path = write_file("garbage.zip", "PK\003\004garbage garbage garbage "
	    "garbage garbage", 39);
	walk(&sn, path);
	assert_int_equal(sn.rc, -1);
	assert_non_null(strstr(sn.err, "garbage.zip"));
	assert_int_equal(sn.nm, 0);
	seen_free(&sn);
	free(path);

	/* A plain file is a bundle of one member, named after it. */
	path = write_file("waagent.log", waagent_log, sizeof waagent_log - 1);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 1);
	assert_member(&sn, "waagent.log", "waagent.log", 0, waagent_log);
	assert_int_equal(sn.m[0].size, sizeof waagent_log - 1);
	assert_int_equal(sn.stats.archives, 0);
	seen_free(&sn);
	free(path);

	/* An empty file too. */
	path = write_file("empty.log", "", 0);
	walk(&sn, path);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 1);
	assert_member(&sn, "empty.log", "empty.log", 0, "");
	seen_free(&sn);
	free(path);

	path = fixture_path("does-not-exist");
	walk(&sn, path);
	assert_int_equal(sn.rc, -1);
	assert_non_null(strstr(sn.err, "cannot open"));
	seen_free(&sn);
	free(path);
}

static void
test_directory(void **state)
{
	const struct entry ze[] = {
		FILE_S("inner.txt", "inner\n"),
	};
	struct seen sn;
	char *root, *p[16], *target;
	size_t np = 0, i;

	(void)state;
	root = make_dir("dir");
	/* Created out of order: the walk sorts. */
	p[np++] = write_file("dir/b.txt", "b\n", 2);
	p[np++] = make_dir("dir/sub");
	p[np++] = write_file("dir/sub/c.log", "c\n", 2);
	p[np++] = write_file("dir/a.txt", "a\n", 2);
	p[np++] = make_dir("dir/sub/z");
	p[np++] = write_file("dir/sub/z/d", "d\n", 2);
	p[np++] = write_archive("dir/sub/logs.zip", F_ZIP, ze, 1);
	p[np++] = write_file("dir/B.txt", "B\n", 2);
	/* Links out of the tree, to a file and to a directory. */
	target = write_file("outside.txt", "secret\n", 7);
	p[np++] = fixture_path("dir/link");
	if (symlink(target, p[np - 1]) != 0)
		fail_msg("symlink: %s", strerror(errno));
	p[np++] = fixture_path("dir/sub/dirlink");
	if (symlink(tmpdir, p[np - 1]) != 0)
		fail_msg("symlink: %s", strerror(errno));
	p[np++] = fixture_path("dir/fifo");
	if (mkfifo(p[np - 1], 0644) != 0)
		fail_msg("mkfifo: %s", strerror(errno));

	walk(&sn, root);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 6);
	/* Byte order, depth first. */
	assert_string_equal(sn.m[0].path, "B.txt");
	assert_string_equal(sn.m[1].path, "a.txt");
	assert_string_equal(sn.m[2].path, "b.txt");
	assert_string_equal(sn.m[3].path, "sub/c.log");
	assert_string_equal(sn.m[4].path, "sub/logs.zip/inner.txt");
	assert_string_equal(sn.m[5].path, "sub/z/d");
	assert_member(&sn, "a.txt", "a.txt", 0, "a\n");
	assert_int_equal(sn.m[1].size, 2);
	assert_member(&sn, "sub/z/d", "sub/z/d", 0, "d\n");
	assert_member(&sn, "sub/logs.zip/inner.txt",
	    "sub/logs.zip/inner.txt", 1, "inner\n");
	for (i = 0; i < sn.nm; i++)
		assert_int_equal(sn.m[i].seq, i);
	/* Nothing of the link targets was read. */
	for (i = 0; i < sn.nm; i++)
		assert_null(strstr(sn.m[i].data, "secret"));
	assert_skipped(&sn, "link", "symbolic link not followed");
	assert_skipped(&sn, "sub/dirlink", "symbolic link not followed");
	assert_skipped(&sn, "fifo", "special file not read");
	assert_int_equal(sn.ns, 3);
	assert_int_equal(sn.stats.archives, 1);
	seen_free(&sn);

	for (i = 0; i < np; i++)
		free(p[i]);
	free(target);
	free(root);
}

static void
test_directory_unreadable(void **state)
{
	struct seen sn;
	char *root, *f;

	(void)state;
	/* root reads anything. */
	if (geteuid() == 0)
		skip();
	root = make_dir("locked");
	f = write_file("locked/secret.log", "x\n", 2);
	chmod(f, 0);
	walk(&sn, root);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 0);
	assert_skipped(&sn, "secret.log", "cannot open");
	seen_free(&sn);
	chmod(f, 0644);
	free(f);
	free(root);
}

static void
test_visitor_stops(void **state)
{
	const struct entry e[] = {
		FILE_S("1", "1"), FILE_S("2", "2"), FILE_S("3", "3"),
	};
	struct limits l;
	struct seen sn;
	char *path;

	(void)state;
	path = write_archive("stop.zip", F_ZIP, e, 3);
	limits_default(&l);
	walk_limits(&sn, path, &l, 2);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 2);
	assert_int_equal(sn.ns, 0);
	seen_free(&sn);
	free(path);
}

static void
test_limit_members(void **state)
{
	struct entry e[10];
	static const char *const names[] = {
		"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9",
	};
	struct limits l;
	struct seen sn;
	char *path;
	size_t i;

	(void)state;
	for (i = 0; i < 10; i++) {
		e[i].name = names[i];
		e[i].data = "x\n";
		e[i].len = 2;
		e[i].type = E_FILE;
		e[i].link = NULL;
	}
	path = write_archive("many.zip", F_ZIP, e, 10);
	limits_default(&l);
	l.max_members = 3;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 3);
	/* The first member over the limit says why, and the walk stops. */
	assert_int_equal(sn.ns, 1);
	assert_skipped(&sn, "m3", "member limit of 3 reached");
	seen_free(&sn);
	free(path);
}

static void
test_limit_depth(void **state)
{
	const struct entry e3[] = {
		FILE_S("deepest.txt", "deep\n"),
	};
	struct entry e2[] = {
		FILE_S("two.txt", "two\n"),
		{ "three.zip", NULL, 0, E_FILE, NULL },
	};
	struct entry e1[] = {
		FILE_S("one.txt", "one\n"),
		{ "two.zip", NULL, 0, E_FILE, NULL },
	};
	struct limits l;
	struct seen sn;
	char *path;
	void *z3, *z2;
	size_t l3, l2;

	(void)state;
	z3 = memory_archive(F_ZIP, e3, 1, &l3);
	e2[1].data = z3;
	e2[1].len = l3;
	z2 = memory_archive(F_ZIP, e2, 2, &l2);
	e1[1].data = z2;
	e1[1].len = l2;
	path = write_archive("deep.zip", F_ZIP, e1, 2);

	/* Default limits: everything, three levels. */
	walk(&sn, path);
	assert_int_equal(sn.nm, 3);
	assert_member(&sn, "one.txt", "one.txt", 0, "one\n");
	assert_member(&sn, "two.zip/two.txt", "two.zip/two.txt", 1, "two\n");
	assert_member(&sn, "two.zip/three.zip/deepest.txt",
	    "two.zip/three.zip/deepest.txt", 2, "deep\n");
	assert_int_equal(sn.stats.archives, 3);
	seen_free(&sn);

	limits_default(&l);
	l.max_depth = 1;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 2);
	assert_member(&sn, "two.zip/two.txt", "two.zip/two.txt", 1, "two\n");
	assert_skipped(&sn, "two.zip/three.zip", "nested deeper than 1");
	assert_int_equal(sn.ns, 1);
	assert_int_equal(sn.stats.archives, 2);
	seen_free(&sn);

	/* No nesting at all: the bundle itself is still read. */
	l.max_depth = 0;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 1);
	assert_member(&sn, "one.txt", "one.txt", 0, "one\n");
	assert_skipped(&sn, "two.zip", "nested deeper than 0");
	seen_free(&sn);
	free(path);
	free(z2);
	free(z3);
}

static void
test_limit_ratio(void **state)
{
	const size_t big = 6 * MIB;
	struct entry e[] = {
		FILE_S("before.txt", "before\n"),
		{ "zeros.log", NULL, 0, E_FILE, NULL },
		FILE_S("after.txt", "after\n"),
	};
	struct entry outer[] = {
		{ "inner.zip", NULL, 0, E_FILE, NULL },
	};
	struct limits l;
	struct seen sn;
	char *path, *zeros;
	void *inner;
	size_t len;

	(void)state;
	zeros = xcalloc(1, big);
	e[1].data = zeros;
	e[1].len = big;
	path = write_archive("bomb.zip", F_ZIP, e, 3);
	limits_default(&l);
	l.max_ratio = 50;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 3);
	assert_member(&sn, "before.txt", "before.txt", 0, "before\n");
	/* Stopped past the grace, well before the end. */
	assert_true(sn.m[1].failed);
	assert_non_null(strstr(sn.m[1].error, "compression ratio over 50:1"));
	/* The block that crossed the grace is not handed out. */
	assert_true(sn.m[1].read > 4 * MIB - 65536);
	assert_true(sn.m[1].read < big);
	/* The walk goes on with the next member. */
	assert_member(&sn, "after.txt", "after.txt", 0, "after\n");
	seen_free(&sn);

	/* The same bomb one level down. */
	inner = memory_archive(F_ZIP, e, 3, &len);
	outer[0].data = inner;
	outer[0].len = len;
	free(path);
	path = write_archive("bomb-outer.zip", F_ZIP_STORE, outer, 1);
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.nm, 3);
	assert_string_equal(sn.m[1].path, "inner.zip/zeros.log");
	assert_int_equal(sn.m[1].depth, 1);
	assert_true(sn.m[1].failed);
	assert_non_null(strstr(sn.m[1].error, "compression ratio"));
	seen_free(&sn);

	/* Under the grace, a compressible file is read whole. */
	e[1].len = MIB;
	free(path);
	path = write_archive("small-zeros.zip", F_ZIP, e, 3);
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.nm, 3);
	assert_false(sn.m[1].failed);
	assert_int_equal(sn.m[1].read, MIB);
	seen_free(&sn);
	free(path);
	free(inner);
	free(zeros);
}

static void
test_limit_sizes(void **state)
{
	char a[2000], b[2000];
	struct entry e[] = {
		{ "a", a, sizeof a, E_FILE, NULL },
		{ "b", b, sizeof b, E_FILE, NULL },
		FILE_S("c", "c\n"),
	};
	struct limits l;
	struct seen sn;
	char *path;

	(void)state;
	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	path = write_archive("sizes.tar", F_TAR, e, 3);

	/* Over 512 bytes: a member is sniffed before it is read. */
	limits_default(&l);
	l.max_member_bytes = 1000;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.nm, 3);
	assert_int_equal(sn.ns, 0);
	assert_true(sn.m[0].failed);
	assert_int_equal(sn.m[0].read, 1000);
	assert_memory_equal(sn.m[0].data, a, 1000);
	assert_non_null(strstr(sn.m[0].error, "member size limit"));
	assert_true(sn.m[1].failed);
	assert_member(&sn, "c", "c", 0, "c\n");
	seen_free(&sn);

	/* The total stops the whole walk. */
	limits_default(&l);
	l.max_total_bytes = 3000;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.nm, 2);
	assert_false(sn.m[0].failed);
	assert_int_equal(sn.m[0].read, sizeof a);
	assert_true(sn.m[1].failed);
	assert_non_null(strstr(sn.m[1].error, "bundle size limit"));
	/* To the byte, however the reads fell. */
	assert_int_equal(sn.m[1].read, 1000);
	assert_memory_equal(sn.m[1].data, b, 1000);
	seen_free(&sn);

	/* A bundle of exactly the limit is read whole. */
	limits_default(&l);
	l.max_total_bytes = 2 * 2000 + 2;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.nm, 3);
	assert_false(sn.m[0].failed);
	assert_false(sn.m[1].failed);
	assert_member(&sn, "c", "c", 0, "c\n");
	seen_free(&sn);
	free(path);
}

static void
test_limit_nested_buffer(void **state)
{
	const struct entry ie[] = {
		FILE_S("var/log/waagent.log", waagent_log),
		FILE_S("etc/waagent.conf", conf),
	};
	struct entry oe[] = {
		{ "big.zip", NULL, 0, E_FILE, NULL },
	};
	struct limits l;
	struct seen sn;
	char *path;
	void *inner;
	size_t len;

	(void)state;
	/* A nested zip larger than the buffer is streamed instead. */
	inner = memory_archive(F_ZIP, ie, 2, &len);
	oe[0].data = inner;
	oe[0].len = len;
	path = write_archive("buffer.tar", F_TAR, oe, 1);
	limits_default(&l);
	l.max_nested_buffer = 64;
	walk_limits(&sn, path, &l, 0);
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 2);
	assert_member(&sn, "big.zip/var/log/waagent.log",
	    "big.zip/var/log/waagent.log", 1, waagent_log);
	assert_member(&sn, "big.zip/etc/waagent.conf",
	    "big.zip/etc/waagent.conf", 1, conf);
	seen_free(&sn);
	free(path);
	free(inner);
}

static void
test_mstream_memory(void **state)
{
	static const char data[] = "0123456789";
	const unsigned char *p;
	struct limits l;
	struct mstream *s;
	char buf[16];

	(void)state;
	limits_default(&l);
	s = mstream_memory_new(data, 10, &l);
	/* Peeking does not consume. */
	assert_int_equal(mstream_peek(s, &p, 4), 4);
	assert_memory_equal(p, "0123", 4);
	assert_int_equal(mstream_offset(s), 0);
	assert_int_equal(mstream_read(s, buf, 3), 3);
	assert_memory_equal(buf, "012", 3);
	assert_int_equal(mstream_offset(s), 3);
	assert_int_equal(mstream_read(s, buf, sizeof buf), 1);
	assert_int_equal(mstream_read(s, buf, sizeof buf), 6);
	assert_memory_equal(buf, "456789", 6);
	assert_int_equal(mstream_read(s, buf, sizeof buf), 0);
	assert_int_equal(mstream_read(s, buf, sizeof buf), 0);
	assert_int_equal(mstream_offset(s), 10);
	assert_string_equal(mstream_error(s), "");
	mstream_memory_free(s);

	/* The member limit applies to memory too. */
	l.max_member_bytes = 4;
	s = mstream_memory_new(data, 10, &l);
	assert_int_equal(mstream_read(s, buf, sizeof buf), 4);
	assert_int_equal(mstream_read(s, buf, sizeof buf), -1);
	assert_non_null(strstr(mstream_error(s), "member size limit"));
	assert_int_equal(mstream_read(s, buf, sizeof buf), -1);
	mstream_memory_free(s);

	/* Empty. */
	limits_default(&l);
	s = mstream_memory_new("", 0, &l);
	assert_int_equal(mstream_peek(s, &p, 4096), 0);
	assert_int_equal(mstream_read(s, buf, sizeof buf), 0);
	mstream_memory_free(s);
}

/* bundle_walk_buffer(): walk() for bytes in memory. */
static void
walk_buffer(struct seen *sn, const void *buf, size_t len, const char *name)
{
	struct bundle_visitor v;
	struct limits l;

	limits_default(&l);
	memset(sn, 0, sizeof *sn);
	sn->keep = 65536;
	v.member = seen_member;
	v.skipped = seen_skipped;
	v.progress = seen_progress;
	v.arg = sn;
	sn->rc = bundle_walk_buffer(buf, len, name, &l, &v, &sn->stats,
	    &sn->err);
	assert_int_equal(sn->stats.files, sn->nm);
	if (sn->rc == 0)
		assert_null(sn->err);
	else
		assert_non_null(sn->err);
}

/* A bundle in memory reads as the same bytes in a file do. */
static void
test_walk_buffer(void **state)
{
	const struct entry inner_e[] = {
		FILE_S("var/log/waagent.log", waagent_log),
	};
	struct entry outer_e[] = {
		FILE_S("etc/waagent.conf", conf),
		{ "history/1.zip", NULL, 0, E_FILE, NULL },
		{ "var/log/link", NULL, 0, E_SYMLINK, "/etc/shadow" },
	};
	struct seen sn;
	void *inner, *outer;
	size_t ilen, olen;

	(void)state;
	inner = memory_archive(F_ZIP, inner_e, 1, &ilen);
	outer_e[1].data = inner;
	outer_e[1].len = ilen;
	outer = memory_archive(F_ZIP, outer_e, 3, &olen);
	walk_buffer(&sn, outer, olen, "bundle.zip");
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 2);
	assert_int_equal(sn.stats.archives, 2);
	assert_member(&sn, "etc/waagent.conf", "etc/waagent.conf", 0, conf);
	assert_member(&sn, "history/1.zip/var/log/waagent.log",
	    "history/1.zip/var/log/waagent.log", 1, waagent_log);
	assert_skipped(&sn, "var/log/link", "symbolic link not followed");
	seen_free(&sn);

	/* A plain file is the one member, under the name given. */
	walk_buffer(&sn, waagent_log, sizeof waagent_log - 1, "waagent.log");
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 1);
	assert_int_equal(sn.stats.archives, 0);
	assert_member(&sn, "waagent.log", "waagent.log", 0, waagent_log);
	assert_int_equal(sn.m[0].size, sizeof waagent_log - 1);
	seen_free(&sn);
	walk_buffer(&sn, "", 0, "empty");
	assert_int_equal(sn.rc, 0);
	assert_member(&sn, "empty", "empty", 0, "");
	seen_free(&sn);

	/* A name that promises an archive the bytes are not. */
	walk_buffer(&sn, conf, sizeof conf - 1, "logs.zip");
	assert_int_equal(sn.rc, -1);
	assert_non_null(strstr(sn.err, "not an archive"));
	assert_int_equal(sn.nm, 0);
	seen_free(&sn);

	/* An archive cut before its first member ends. */
	walk_buffer(&sn, outer, 40, "bundle.zip");
	assert_int_equal(sn.nm, 0);
	if (sn.rc == 0)
		assert_true(sn.ns > 0);
	seen_free(&sn);
	free(outer);
	free(inner);
}

/* Names stored in a legacy code page reach the visitor as UTF-8, the
 * other bytes as \xNN, whether read or skipped. */
static void
test_names_not_utf8(void **state)
{
	const struct entry e[] = {
		FILE_S("var/log/caf\xe9.log", "x\n"),
		FILE_S("var/log/\xc3\xa9t\xc3\xa9.log", "y\n"),
		{ "var/log/\x85link", NULL, 0, E_SYMLINK, "/etc/shadow" },
	};
	struct seen sn;
	void *buf;
	size_t len;

	(void)state;
	buf = memory_archive(F_TAR, e, 3, &len);
	walk_buffer(&sn, buf, len, "bundle.tar");
	assert_int_equal(sn.rc, 0);
	assert_int_equal(sn.nm, 2);
	assert_member(&sn, "var/log/caf\\xE9.log", "var/log/caf\\xE9.log",
	    0, "x\n");
	/* Valid UTF-8 stays as it is. */
	assert_member(&sn, "var/log/\xc3\xa9t\xc3\xa9.log",
	    "var/log/\xc3\xa9t\xc3\xa9.log", 0, "y\n");
	assert_skipped(&sn, "var/log/\\x85link", "symbolic link");
	seen_free(&sn);
	free(buf);
}

static void
assert_norm(const char *in, const char *want)
{
	char *out = bundle_normalise_path(in);

	if (strcmp(out, want) != 0)
		fail_msg("bundle_normalise_path(\"%s\") = \"%s\", want \"%s\"",
		    in, out, want);
	free(out);
}

static void
test_normalise(void **state)
{
	(void)state;
	assert_norm("var/log/waagent.log", "var/log/waagent.log");
	assert_norm("/var/log/waagent.log", "var/log/waagent.log");
	assert_norm("\\var\\log\\waagent.log", "var/log/waagent.log");
	assert_norm("C:\\WindowsAzure\\Logs\\WaAppAgent.log",
	    "WindowsAzure/Logs/WaAppAgent.log");
	assert_norm("c:/x", "x");
	assert_norm("C:relative\\file", "relative/file");
	/* A drive letter only at the start. */
	assert_norm("x/C:/y", "x/C:/y");
	assert_norm("1:/y", "1:/y");
	assert_norm("./var/./log//waagent.log", "var/log/waagent.log");
	assert_norm("var/log/", "var/log");
	/* ".." is dropped, never climbed. */
	assert_norm("../../etc/passwd", "etc/passwd");
	assert_norm("var/log/../waagent.log", "var/log/waagent.log");
	assert_norm("..\\..\\evil", "evil");
	assert_norm("...", "...");
	assert_norm(".hidden/..x", ".hidden/..x");
	assert_norm("", "");
	assert_norm("/", "");
	assert_norm(".", "");
	assert_norm("../..", "");
	assert_norm("C:", "");
	assert_norm("C:\\", "");
	/* Disk Inspect's device_<N>/ prefix goes, elsewhere it stays. */
	assert_norm("device_0/WindowsAzure/Logs/WaAppAgent.log",
	    "WindowsAzure/Logs/WaAppAgent.log");
	assert_norm("/device_12/Windows/System32/winevt/Logs/System.evtx",
	    "Windows/System32/winevt/Logs/System.evtx");
	assert_norm("device_/x", "device_/x");
	assert_norm("device_1a/x", "device_1a/x");
	assert_norm("logs/device_0/x", "logs/device_0/x");
}

static void
test_normalise_truncated(void **state)
{
	(void)state;
	assert_norm("truncated_var_log_waagent.log", "var/log/waagent.log");
	assert_norm("logs/truncated_var_log_messages", "var/log/messages");
	assert_norm("truncated_var_log_azure_Microsoft.Azure.Recovery"
	    "Services.VMSnapshotLinux_extension.log",
	    "var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/"
	    "extension.log");
	assert_norm("truncated_var_lib_waagent_WALinuxAgent-2.9.1.1_error.json",
	    "var/lib/waagent/WALinuxAgent-2.9.1.1/error.json");
	assert_norm("truncated_etc_waagent.conf", "etc/waagent.conf");
	/* Only one more directory under var/log/azure: the rest is the
	 * file's name. */
	assert_norm("truncated_var_log_azure_ext_sub_file.log",
	    "var/log/azure/ext/sub_file.log");
	/* No directory known: only the prefix goes. */
	assert_norm("truncated_home_user_x.log", "home_user_x.log");
	assert_norm("truncated_", "");
	/* Not the collector's name. */
	assert_norm("var/log/not_truncated_var_log_x", "var/log/"
	    "not_truncated_var_log_x");
	assert_norm("truncated_var/log/x", "truncated_var/log/x");
	assert_norm("C:\\logs\\truncated_var_log_syslog", "var/log/syslog");
}

/* --limit NAME=VALUE: sizes with units, ranges, and what is refused. */
static void
test_limits_set(void **state)
{
	struct limits l;
	struct strbuf b = STRBUF_INIT;
	char *err = NULL;

	(void)state;
	limits_default(&l);
	assert_int_equal(limits_set(&l, "total=32G", &err), 0);
	assert_true(l.max_total_bytes == (uint64_t)32 << 30);
	assert_int_equal(limits_set(&l, "line=1MiB", &err), 0);
	assert_int_equal(l.max_line, 1 << 20);
	assert_int_equal(limits_set(&l, "document=512k", &err), 0);
	assert_int_equal(l.max_doc_bytes, 512 << 10);
	assert_int_equal(limits_set(&l, "ratio=500:1", &err), 0);
	assert_int_equal(l.max_ratio, 500);
	assert_int_equal(limits_set(&l, "members=10", &err), 0);
	assert_int_equal(l.max_members, 10);
	assert_int_equal(limits_set(&l, "json-depth=1000", &err), 0);
	assert_int_equal(l.max_json_depth, 1000);
	assert_int_equal(limits_set(&l, "evtx=1T", &err), -1);
	free(err);
	err = NULL;

	/* Refused, each with a message, and the limit left as it was. */
	static const char *const bad[] = {
		"nope=1", "total", "total=", "total=1X", "total=-1",
		"members=1K", "ratio=1", "depth=0", "depth=65",
		"json-depth=1001", "line=99999999999999999999",
		"total=99999999999T",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(limits_set(&l, bad[i], &err), -1);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
	assert_int_equal(l.max_members, 10);

	/* --help shows every limit with its default, as limits_set reads
	 * it back. */
	limits_default(&l);
	limits_describe(&l, &b);
	assert_non_null(strstr(strbuf_str(&b), "  total=16G "));
	assert_non_null(strstr(strbuf_str(&b), "  ratio=200:1 "));
	assert_non_null(strstr(strbuf_str(&b), "  json-depth=100 "));
	assert_int_equal(limits_set(&l, "total=16G", &err), 0);
	strbuf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits_set),
		cmocka_unit_test(test_zip),
		cmocka_unit_test(test_tar_gz),
		cmocka_unit_test(test_hostile_tar),
		cmocka_unit_test(test_nested_zip),
		cmocka_unit_test(test_gz_single),
		cmocka_unit_test(test_gz_in_tar),
		cmocka_unit_test(test_truncated_zip),
		cmocka_unit_test(test_encrypted_zip),
		cmocka_unit_test(test_not_an_archive),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_directory_unreadable),
		cmocka_unit_test(test_visitor_stops),
		cmocka_unit_test(test_limit_members),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_ratio),
		cmocka_unit_test(test_limit_sizes),
		cmocka_unit_test(test_limit_nested_buffer),
		cmocka_unit_test(test_mstream_memory),
		cmocka_unit_test(test_walk_buffer),
		cmocka_unit_test(test_names_not_utf8),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_normalise_truncated),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
