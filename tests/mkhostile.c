/*
 * mkhostile: writes hostile bundles at test time (tests/hostile.sh), so
 * that no bomb or damaged archive sits in the repository, and without
 * spending the time or disk the bundles pretend to hold.
 *
 *   mkhostile zipbomb OUT FILL        a zip: waagent.log, 4 GiB of FILL
 *   mkhostile zipbombs OUT N FILL     N such members
 *   mkhostile gzbomb OUT FILL         4 GiB of FILL gzip-compressed
 *   mkhostile nestedbomb OUT FILL     both, inside a zip
 *   mkhostile members OUT N           a zip of N empty members
 *   mkhostile nested OUT DEPTH        zips in zips, a waagent.log in each
 *   mkhostile mix OUT                 a tar.gz in a zip in a 7z
 *   mkhostile tar OUT CANARY          traversal, links and devices
 *   mkhostile zipslip OUT CANARY      the same names in a zip
 *   mkhostile tree OUT CANARY         a directory of links and a FIFO
 *   mkhostile xml OUT URL             XXE and billion laughs
 *   mkhostile listen PORTFILE SECS    reports any connection to stdout
 *   mkhostile longline FILE MIB HEAD  appends one line of MIB MiB
 *   mkhostile noise OUT SEED MODE     every known name, MODE bin or text
 *   mkhostile cutzip IN OUTPREFIX     IN cut in a member and in its index
 *   mkhostile evtx OUT FILE...        .evtx files damaged in several ways
 *   mkhostile deep OUT COUNT          JSON and XML nested COUNT deep
 *
 * FILL is zeros, lines (log lines) or spaces (one endless line).
 *
 * A deflate stream of zeros is made once for 1 MiB with a full flush
 * (after which no back-reference reaches behind) and repeated; the CRC of
 * the whole comes from crc32_combine().  Zip headers are written here:
 * libarchive's writer does not take compressed data.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "classify.h"

#define MIB		((uint64_t)1 << 20)
#define GIB		((uint64_t)1 << 30)
#define U32_MAX		0xffffffffU
/* A fixed time keeps the output identical from run to run. */
#define MTIME		1741939200

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "mkhostile: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory", NULL);
	return p;
}

static char *
xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory", NULL);
	va_end(ap);
	return s;
}

/* xorshift64*: the same bytes on every libc. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static void
rnd_bytes(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(rnd() >> 56);
}

/* A growing buffer; or, when f is set, a file. */
struct out {
	FILE		*f;
	unsigned char	*p;
	size_t		 len, cap;
	uint64_t	 off;
};

static void
out_put(struct out *o, const void *p, size_t n)
{
	if (o->f != NULL) {
		if (n > 0 && fwrite(p, 1, n, o->f) != n)
			die("write", strerror(errno));
	} else {
		if (o->len + n > o->cap) {
			o->cap = (o->len + n) * 2;
			o->p = xrealloc(o->p, o->cap);
		}
		if (n > 0)
			memcpy(o->p + o->len, p, n);
		o->len += n;
	}
	o->off += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

static void
out_le(struct out *o, uint64_t v, int bytes)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	out_put(o, b, (size_t)bytes);
}

static FILE *
create(const char *path)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		die(path, strerror(errno));
	return f;
}

static void
close_file(FILE *f, const char *path)
{
	if (fclose(f) != 0)
		die(path, strerror(errno));
}

/* Creates the directories of path. */
static void
mkparents(const char *path)
{
	char *p = strdup(path), *s;

	if (p == NULL)
		die("out of memory", NULL);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			die(p, strerror(errno));
		*s = '/';
	}
	free(p);
}

static void
write_file(const char *dir, const char *rel, const void *p, size_t n)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f;

	mkparents(path);
	f = create(path);
	if (n > 0 && fwrite(p, 1, n, f) != n)
		die(path, strerror(errno));
	close_file(f, path);
	free(path);
}

/*
 * Zip, written by hand: local headers as members come, the central
 * directory and the end record at the end.  Zip64 fields where a size,
 * an offset or the count needs them.
 */
struct zentry {
	char		*name;
	uint32_t	 crc;
	uint64_t	 csize, usize, offset;
	uint16_t	 method;
	uint32_t	 mode;		/* unix mode, 0 for none */
};

struct zip {
	struct out	*o;
	struct zentry	*e;
	size_t		 n, cap;
};

static int
zip_needs64(const struct zentry *e)
{
	return e->csize >= U32_MAX || e->usize >= U32_MAX ||
	    e->offset >= U32_MAX;
}

/* The local header of a member whose data the caller writes next. */
static void
zip_begin(struct zip *z, const char *name, uint16_t method, uint32_t crc,
    uint64_t csize, uint64_t usize, uint32_t mode)
{
	struct zentry *e;
	int big;

	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 16;
		z->e = xrealloc(z->e, z->cap * sizeof *z->e);
	}
	e = &z->e[z->n++];
	if ((e->name = strdup(name)) == NULL)
		die("out of memory", NULL);
	e->crc = crc;
	e->csize = csize;
	e->usize = usize;
	e->offset = z->o->off;
	e->method = method;
	e->mode = mode;
	big = csize >= U32_MAX || usize >= U32_MAX;
	out_le(z->o, 0x04034b50, 4);
	out_le(z->o, big ? 45 : 20, 2);
	out_le(z->o, 0, 2);			/* flags */
	out_le(z->o, method, 2);
	out_le(z->o, 0x5a6e0000, 4);		/* DOS time and date */
	out_le(z->o, crc, 4);
	out_le(z->o, big ? U32_MAX : csize, 4);
	out_le(z->o, big ? U32_MAX : usize, 4);
	out_le(z->o, strlen(name), 2);
	out_le(z->o, big ? 20 : 0, 2);
	out_str(z->o, name);
	if (big) {
		out_le(z->o, 1, 2);
		out_le(z->o, 16, 2);
		out_le(z->o, usize, 8);
		out_le(z->o, csize, 8);
	}
}

static void
zip_stored(struct zip *z, const char *name, const void *p, size_t n,
    uint32_t mode)
{
	zip_begin(z, name, 0, (uint32_t)crc32(0, p, (uInt)n), n, n, mode);
	out_put(z->o, p, n);
}

static void
zip_end(struct zip *z)
{
	uint64_t cd = z->o->off, cdsize, eocd64;
	struct zentry *e;
	size_t i, extra;
	int big;

	for (i = 0; i < z->n; i++) {
		e = &z->e[i];
		big = zip_needs64(e);
		extra = big ? 4 + 24 : 0;
		out_le(z->o, 0x02014b50, 4);
		out_le(z->o, (e->mode ? 3 << 8 : 0) | 45, 2);
		out_le(z->o, big ? 45 : 20, 2);
		out_le(z->o, 0, 2);
		out_le(z->o, e->method, 2);
		out_le(z->o, 0x5a6e0000, 4);
		out_le(z->o, e->crc, 4);
		out_le(z->o, big ? U32_MAX : e->csize, 4);
		out_le(z->o, big ? U32_MAX : e->usize, 4);
		out_le(z->o, strlen(e->name), 2);
		out_le(z->o, extra, 2);
		out_le(z->o, 0, 2);		/* comment */
		out_le(z->o, 0, 2);		/* disk */
		out_le(z->o, 0, 2);		/* internal attributes */
		out_le(z->o, (uint64_t)e->mode << 16, 4);
		out_le(z->o, big ? U32_MAX : e->offset, 4);
		out_str(z->o, e->name);
		if (big) {
			out_le(z->o, 1, 2);
			out_le(z->o, 24, 2);
			out_le(z->o, e->usize, 8);
			out_le(z->o, e->csize, 8);
			out_le(z->o, e->offset, 8);
		}
		free(e->name);
	}
	cdsize = z->o->off - cd;
	big = z->n >= 0xffff || cd >= U32_MAX;
	if (big) {
		eocd64 = z->o->off;
		out_le(z->o, 0x06064b50, 4);
		out_le(z->o, 44, 8);
		out_le(z->o, 45, 2);
		out_le(z->o, 45, 2);
		out_le(z->o, 0, 4);
		out_le(z->o, 0, 4);
		out_le(z->o, z->n, 8);
		out_le(z->o, z->n, 8);
		out_le(z->o, cdsize, 8);
		out_le(z->o, cd, 8);
		out_le(z->o, 0x07064b50, 4);
		out_le(z->o, 0, 4);
		out_le(z->o, eocd64, 8);
		out_le(z->o, 1, 4);
	}
	out_le(z->o, 0x06054b50, 4);
	out_le(z->o, 0, 2);
	out_le(z->o, 0, 2);
	out_le(z->o, big ? 0xffff : z->n, 2);
	out_le(z->o, big ? 0xffff : z->n, 2);
	out_le(z->o, cdsize, 4);
	out_le(z->o, big ? U32_MAX : cd, 4);
	out_le(z->o, 0, 2);
	free(z->e);
	z->e = NULL;
	z->n = z->cap = 0;
}

/*
 * Raw deflate of `count` MiB of the same MiB over and over: `unit` is the
 * deflate of one MiB ending in a full flush, `tail` the final empty
 * block.  The MiB is zeros, which a reader finds binary at once; or log
 * lines, or spaces (one endless line), which are read on until a limit
 * stops them.
 */
enum fill { FILL_ZEROS, FILL_LINES, FILL_SPACES };

struct zeros {
	unsigned char	*unit, *tail;
	size_t		 unit_len, tail_len;
	uint32_t	 crc;		/* of the whole */
	uint64_t	 count;		/* MiB */
};

static const char agent_line[] =
    "2025-03-13T08:42:03.238000Z INFO ExtHandler ExtHandler Agent "
    "WALinuxAgent-2.9.1.1 is running as the goal state agent\n";

/* 128 bytes: a MiB holds a whole number of them. */
static const char bomb_line[] =
    "2025-03-13T08:42:03.238000Z INFO ExtHandler ExtHandler "
    "Agent WALinuxAgent-2.9.1.1 is running as the goal state agent "
    "[HB 10001]\n";

static void
zeros_make(struct zeros *zs, uint64_t mib, enum fill fill)
{
	static unsigned char in[1 << 20];
	unsigned char buf[1 << 17];
	z_stream z;
	uint32_t unit_crc;
	uint64_t i;
	size_t k;

	memset(zs, 0, sizeof *zs);
	memset(&z, 0, sizeof z);
	memset(in, fill == FILL_SPACES ? ' ' : 0, sizeof in);
	if (sizeof in % (sizeof bomb_line - 1) != 0)
		die("internal error", "the bomb line does not divide a MiB");
	for (k = 0; fill == FILL_LINES && k < sizeof in;
	    k += sizeof bomb_line - 1)
		memcpy(in + k, bomb_line, sizeof bomb_line - 1);
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		die("deflateInit2", z.msg);
	z.next_in = in;
	z.avail_in = sizeof in;
	z.next_out = buf;
	z.avail_out = sizeof buf;
	if (deflate(&z, Z_FULL_FLUSH) != Z_OK || z.avail_in != 0 ||
	    z.avail_out == 0)
		die("deflate", "1 MiB did not fit");
	zs->unit_len = sizeof buf - z.avail_out;
	zs->unit = xrealloc(NULL, zs->unit_len);
	memcpy(zs->unit, buf, zs->unit_len);
	z.next_out = buf;
	z.avail_out = sizeof buf;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		die("deflate", "no end");
	zs->tail_len = sizeof buf - z.avail_out;
	zs->tail = xrealloc(NULL, zs->tail_len);
	memcpy(zs->tail, buf, zs->tail_len);
	deflateEnd(&z);

	unit_crc = (uint32_t)crc32(0, in, sizeof in);
	zs->crc = 0;
	for (i = 0; i < mib; i++)
		zs->crc = (uint32_t)crc32_combine(zs->crc, unit_crc,
		    (z_off_t)sizeof in);
	zs->count = mib;
}

static uint64_t
zeros_csize(const struct zeros *zs)
{
	return zs->unit_len * zs->count + zs->tail_len;
}

static void
zeros_write(const struct zeros *zs, struct out *o)
{
	uint64_t i;

	for (i = 0; i < zs->count; i++)
		out_put(o, zs->unit, zs->unit_len);
	out_put(o, zs->tail, zs->tail_len);
}

static void
zeros_free(struct zeros *zs)
{
	free(zs->unit);
	free(zs->tail);
}

static void
zip_zeros(struct zip *z, const char *name, const struct zeros *zs)
{
	zip_begin(z, name, 8, zs->crc, zeros_csize(zs), zs->count * MIB, 0);
	zeros_write(zs, z->o);
}

/* A zip of members of 4 GiB each, each with its own copy of the data
 * (libarchive reads one member of several that share theirs). */
static void
zipbomb_out(struct out *o, unsigned members, const struct zeros *zs)
{
	struct zip z = { 0 };
	unsigned i;
	char *name;

	z.o = o;
	for (i = 0; i < members; i++) {
		name = i == 0 ? strdup("var/log/waagent.log") :
		    xasprintf("var/log/waagent.log.%u", i);
		zip_zeros(&z, name, zs);
		free(name);
	}
	/* And a sound member after them. */
	zip_stored(&z, "var/log/waagent.log.0", agent_line,
	    strlen(agent_line), 0);
	zip_end(&z);
}

static void
gzbomb_out(struct out *o, const struct zeros *zs)
{
	static const unsigned char head[10] = {
		0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3,
	};

	out_put(o, head, sizeof head);
	zeros_write(zs, o);
	out_le(o, zs->crc, 4);
	out_le(o, (zs->count * MIB) & U32_MAX, 4);
}

/* zipbomb, zipbombs, gzbomb, and both inside a zip. */
static void
make_bomb(const char *what, const char *path, unsigned members,
    enum fill fill)
{
	struct out o = { 0 }, in = { 0 };
	struct zip z = { 0 };
	struct zeros zs;

	zeros_make(&zs, 4096, fill);
	mkparents(path);
	o.f = create(path);
	if (strcmp(what, "gzbomb") == 0)
		gzbomb_out(&o, &zs);
	else if (strcmp(what, "nestedbomb") == 0) {
		z.o = &o;
		zipbomb_out(&in, 1, &zs);
		zip_stored(&z, "logs/inner.zip", in.p, in.len, 0);
		in.len = 0;
		gzbomb_out(&in, &zs);
		zip_stored(&z, "var/log/waagent.log.1.gz", in.p, in.len, 0);
		zip_stored(&z, "var/log/waagent.log", agent_line,
		    strlen(agent_line), 0);
		zip_end(&z);
		free(in.p);
	} else
		zipbomb_out(&o, members, &zs);
	close_file(o.f, path);
	zeros_free(&zs);
}

static void
make_members(const char *path, unsigned long n)
{
	struct out o = { 0 };
	struct zip z = { 0 };
	unsigned long i;
	char name[32];

	o.f = create(path);
	z.o = &o;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "m/%07lu.txt", i);
		zip_stored(&z, name, "", 0, 0);
	}
	zip_end(&z);
	close_file(o.f, path);
}

/* Each level holds a waagent.log and the level below as nested.zip. */
static void
make_nested(const char *path, unsigned depth)
{
	struct out inner = { 0 }, outer = { 0 };
	struct zip z = { 0 };
	unsigned level;

	for (level = 0; level < depth; level++) {
		memset(&outer, 0, sizeof outer);
		z.o = &outer;
		zip_stored(&z, "var/log/waagent.log", agent_line,
		    strlen(agent_line), 0);
		if (level > 0)
			zip_stored(&z, "nested.zip", inner.p, inner.len, 0);
		zip_end(&z);
		free(inner.p);
		inner = outer;
	}
	outer.f = create(path);
	out_put(&outer, inner.p, inner.len);
	close_file(outer.f, path);
	free(inner.p);
}

/* libarchive writing into a struct out. */
static la_ssize_t
out_cb(struct archive *a, void *arg, const void *p, size_t n)
{
	(void)a;
	out_put(arg, p, n);
	return (la_ssize_t)n;
}

static void
check(struct archive *a, int r)
{
	if (r != ARCHIVE_OK)
		die("libarchive", archive_error_string(a));
}

/* A member: data of n bytes, or a link when link is set. */
static void
ar_add(struct archive *a, const char *name, mode_t type, const void *data,
    size_t n, const char *link, int hard)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, MTIME, 0);
	archive_entry_set_size(e, (la_int64_t)n);
	if (link != NULL && hard)
		archive_entry_set_hardlink(e, link);
	else if (link != NULL)
		archive_entry_set_symlink(e, link);
	if (type == AE_IFCHR)
		archive_entry_set_rdev(e, makedev(1, 3));
	check(a, archive_write_header(a, e));
	if (n > 0 && archive_write_data(a, data, n) != (la_ssize_t)n)
		die("libarchive", archive_error_string(a));
	archive_entry_free(e);
}

static void
ar_entry(struct archive *a, const char *name, mode_t type, const char *text,
    const char *link, int hard)
{
	ar_add(a, name, type, text, text != NULL ? strlen(text) : 0, link,
	    hard);
}

static void
make_mix(const char *path)
{
	struct out tgz = { 0 }, zip = { 0 };
	struct archive *a;
	struct zip z = { 0 };

	a = archive_write_new();
	check(a, archive_write_set_format_pax_restricted(a));
	check(a, archive_write_add_filter_gzip(a));
	check(a, archive_write_open(a, &tgz, NULL, out_cb, NULL));
	ar_entry(a, "var/log/waagent.log", AE_IFREG, agent_line, NULL, 0);
	check(a, archive_write_close(a));
	archive_write_free(a);

	z.o = &zip;
	zip_stored(&z, "logs.tar.gz", tgz.p, tgz.len, 0);
	zip_end(&z);

	a = archive_write_new();
	check(a, archive_write_set_format_7zip(a));
	check(a, archive_write_open_filename(a, path));
	ar_add(a, "logs.zip", AE_IFREG, zip.p, zip.len, NULL, 0);
	check(a, archive_write_close(a));
	archive_write_free(a);
	free(tgz.p);
	free(zip.p);
}

static const char hostile_text[] = "written from a hostile bundle\n";

/*
 * Names that climb out or are absolute, on either system, and links to
 * files outside; canary is an absolute path that must never appear.
 */
static void
make_tar(const char *path, const char *canary, int zip)
{
	struct archive *a = archive_write_new();
	char *up, *abs, *dir;

	up = xasprintf("../../../../../../../../../../../..%s", canary);
	abs = xasprintf("%s-abs", canary);
	dir = xasprintf("%s-dir", canary);
	if (zip)
		check(a, archive_write_set_format_zip(a));
	else
		check(a, archive_write_set_format_pax_restricted(a));
	check(a, archive_write_open_filename(a, path));
	ar_entry(a, "var/log/waagent.log", AE_IFREG, agent_line, NULL, 0);
	ar_entry(a, "../../etc/passwd", AE_IFREG, hostile_text, NULL, 0);
	ar_entry(a, "/etc/shadow", AE_IFREG, hostile_text, NULL, 0);
	ar_entry(a, "C:\\Windows\\System32\\evil.dll", AE_IFREG,
	    hostile_text, NULL, 0);
	ar_entry(a, up, AE_IFREG, hostile_text, NULL, 0);
	ar_entry(a, abs, AE_IFREG, hostile_text, NULL, 0);
	/* A link that would be a known file, then a write through a link
	 * to a directory outside. */
	ar_entry(a, "var/log/waagent.log.1", AE_IFLNK, NULL, "/etc/passwd",
	    0);
	ar_entry(a, "escape", AE_IFLNK, NULL, dir, 0);
	ar_entry(a, "escape/waagent.log", AE_IFREG, hostile_text, NULL, 0);
	if (!zip) {
		ar_entry(a, "var/log/waagent.log.2", AE_IFREG, NULL,
		    "/etc/passwd", 1);
		ar_entry(a, "var/log/waagent.log.3", AE_IFREG, NULL,
		    "../../etc/passwd", 1);
		ar_entry(a, "var/log/syslog", AE_IFCHR, NULL, NULL, 0);
		ar_entry(a, "var/log/messages", AE_IFIFO, NULL, NULL, 0);
	}
	check(a, archive_write_close(a));
	archive_write_free(a);
	free(up);
	free(abs);
	free(dir);
}

/* A directory bundle: links out of the tree, a loop, a FIFO (opening one
 * for reading blocks) and, when allowed, a device. */
static void
make_tree(const char *dir, const char *canary)
{
	const char *const links[][2] = {
		{ "var/log/waagent.log.1", "/etc/passwd" },
		{ "var/lib/waagent", "/etc" },
		{ "loop", "." },
		{ "escape", canary },
	};
	size_t i;
	char *p;

	write_file(dir, "var/log/waagent.log", agent_line, strlen(agent_line));
	for (i = 0; i < sizeof links / sizeof links[0]; i++) {
		p = xasprintf("%s/%s", dir, links[i][0]);
		mkparents(p);
		if (symlink(links[i][1], p) != 0)
			die(p, strerror(errno));
		free(p);
	}
	p = xasprintf("%s/var/log/messages", dir);
	if (mkfifo(p, 0644) != 0)
		die(p, strerror(errno));
	free(p);
	p = xasprintf("%s/var/log/syslog", dir);
	(void)mknod(p, S_IFCHR | 0644, makedev(1, 3));	/* root only */
	free(p);
}

/* Nine levels of ten references each: 10^9 copies of "lol" if expanded. */
static void
laughs(struct out *o)
{
	char *s;
	int i, j;

	out_str(o, "<!ENTITY l0 \"lol\">\n");
	for (i = 1; i < 10; i++) {
		s = xasprintf("<!ENTITY l%d \"", i);
		out_str(o, s);
		free(s);
		for (j = 0; j < 10; j++) {
			s = xasprintf("&l%d;", i - 1);
			out_str(o, s);
			free(s);
		}
		out_str(o, "\">\n");
	}
}

/* Entities that read a file or fetch url, and billion laughs, where the
 * agent's XML files and the event exports are. */
static void
make_xml(const char *dir, const char *url)
{
	struct out lol = { 0 }, o = { 0 };
	char *s;

	laughs(&lol);
	s = xasprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<!DOCTYPE GoalState [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
	    "<GoalState><Version>2012-11-30</Version>"
	    "<Incarnation>&e;</Incarnation></GoalState>\n");
	write_file(dir, "var/lib/waagent/GoalState.1.xml", s, strlen(s));
	free(s);
	s = xasprintf("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE GoalState SYSTEM \"%s/dtd\" [\n"
	    "<!ENTITY %% p SYSTEM \"%s/param\"> %%p;\n"
	    "<!ENTITY e SYSTEM \"%s/entity\">]>\n"
	    "<GoalState><Incarnation>&e;</Incarnation></GoalState>\n",
	    url, url, url);
	write_file(dir, "var/lib/waagent/GoalState.2.xml", s, strlen(s));
	free(s);
	/* XInclude is never processed either. */
	s = xasprintf("<?xml version=\"1.0\"?>\n<GoalState xmlns:xi=\""
	    "http://www.w3.org/2001/XInclude\"><Incarnation><xi:include "
	    "href=\"file:///etc/passwd\" parse=\"text\"/></Incarnation>"
	    "<xi:include href=\"%s/xinclude\"/></GoalState>\n", url);
	write_file(dir, "var/lib/waagent/GoalState.3.xml", s, strlen(s));
	free(s);

	out_str(&o, "<?xml version=\"1.0\"?>\n<!DOCTYPE Extensions [\n");
	out_put(&o, lol.p, lol.len);
	out_str(&o, "]>\n<Extensions><Plugins><Plugin name=\"&l9;\" "
	    "version=\"1.0\" state=\"enabled\"/></Plugins>"
	    "<StatusUploadBlob>&l9;</StatusUploadBlob></Extensions>\n");
	write_file(dir, "var/lib/waagent/ExtensionsConfig.1.xml", o.p, o.len);

	/* An event export with both. */
	s = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE Events [<!ENTITY e SYSTEM \"file:///etc/passwd\">\n"
	    "<!ENTITY u SYSTEM \"%s/event\">\n%.*s]>\n"
	    "<Events><Event xmlns=\"http://schemas.microsoft.com/win/2004/"
	    "08/events/event\"><System><Provider Name=\"&e;\"/>"
	    "<EventID>7031</EventID><Level>2</Level><TimeCreated "
	    "SystemTime=\"2024-03-12T09:00:00.000Z\"/></System><EventData>"
	    "<Data Name=\"param1\">&l9;&u;</Data></EventData></Event>"
	    "</Events>\n", url, (int)lol.len, (const char *)lol.p);
	write_file(dir, "System.xml", s, strlen(s));
	free(s);
	/* A wevtutil export has no root: here the DOCTYPE comes after a
	 * first sound event. */
	s = xasprintf("<Event xmlns=\"http://schemas.microsoft.com/win/2004/"
	    "08/events/event\"><System><Provider Name=\"Service Control "
	    "Manager\"/><EventID>7036</EventID><Level>4</Level>"
	    "<TimeCreated SystemTime=\"2024-03-12T09:00:00.000Z\"/>"
	    "</System></Event>\n"
	    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
	    "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/"
	    "event\"><System><Provider Name=\"&e;\"/><EventID>1</EventID>"
	    "</System></Event>\n");
	write_file(dir, "Application.xml", s, strlen(s));
	free(s);
	free(o.p);
	free(lol.p);
}

/* Accepts on 127.0.0.1 for secs seconds; each connection is a line on
 * standard output. */
static void
listen_for(const char *portfile, int secs)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	struct pollfd pfd;
	time_t until = time(NULL) + secs;
	FILE *f;
	int s, c;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		die("socket", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(s, 16) != 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) != 0)
		die("listen", strerror(errno));
	f = create(portfile);
	fprintf(f, "%u\n", ntohs(sa.sin_port));
	close_file(f, portfile);
	pfd.fd = s;
	pfd.events = POLLIN;
	while (time(NULL) < until) {
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		if ((c = accept(s, NULL, NULL)) >= 0) {
			printf("connection\n");
			fflush(stdout);
			close(c);
		}
	}
	close(s);
}

/* HEAD, then filler up to mib MiB, then a line end; written in chunks. */
static void
make_longline(const char *path, unsigned mib, const char *head)
{
	static char chunk[1 << 16];
	uint64_t want = mib * MIB, done;
	size_t i, n;
	FILE *f;

	/* Short words: not one long base64 run, which would be redacted
	 * whole and hide whether the line was cut. */
	for (i = 0; i < sizeof chunk; i++)
		chunk[i] = i % 8 == 7 ? ' ' : "filler."[i % 8];
	if ((f = fopen(path, "ab")) == NULL)
		die(path, strerror(errno));
	fputs(head, f);
	for (done = strlen(head); done < want; done += n) {
		n = want - done < sizeof chunk ? (size_t)(want - done) :
		    sizeof chunk;
		if (fwrite(chunk, 1, n, f) != n)
			die(path, strerror(errno));
	}
	fputc('\n', f);
	close_file(f, path);
}

/* Text of the shapes the parsers expect, in random order: enough to get
 * past the sniffers and into every branch of a parser. */
static void
noise_text(unsigned char *p, size_t n)
{
	static const char *const tokens[] = {
		"2024-03-12T09:00:00.123456Z ", "2019/11/14 05:52:13.44 ",
		"11/14/2019 05:52:13.44 ", "[00000004] ", " INFO ", " ERROR ",
		"WARNING ", "ExtHandler ", "{", "}", "[", "]", "\"", ":", ",",
		"\"status\"", "\"code\"", "\"formattedMessage\"", "<", ">", "</",
		"/>", "<Event>", "<Data Name=\"", "=", "&amp;", "&#x", ";",
		"\r\n", "\n", "\t", " ", "\\", "\\u00", "0", "1", "-1",
		"99999999999999999999", "1e999", "null", "true", "Level,",
		"Event[0]:", "Log Name:", "Event ID:", "  ", "# ", "key=value",
		"\xef\xbb\xbf", "\xc3\xa9", "\xe2\x82\xac",
		"WALinuxAgent-2.9.1.1", "Microsoft.Azure.", "1.0.9220.0",
		"HKLM\\SYSTEM", "    REG_SZ    ", "SERVICE_NAME: ",
	};
	const char *t;
	size_t i = 0, k;

	while (i < n) {
		t = tokens[rnd() % (sizeof tokens / sizeof tokens[0])];
		k = strlen(t);
		if (k > n - i)
			k = n - i;
		memcpy(p + i, t, k);
		i += k;
	}
}

/* What makes the content sniffers take a file: the noise follows. */
static const struct {
	const char	*name;
	const char	*head;
} sniffed[] = {
	{ "exports/System.xml", "<?xml version=\"1.0\"?>\n<Events><Event "
	    "xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">"
	    "<System>" },
	{ "exports/System.csv", "Level,Date and Time,Source,Event ID,"
	    "Task Category\r\n" },
	{ "exports/System.txt", "Event[0]:\r\n  Log Name: System\r\n" },
	{ "exports/Application.txt", "Log Name:      Application\r\n"
	    "Event ID:      1000\r\n" },
	{ "exports/dump.evtx", "ElfFile" },
	{ "exports/vssadmin.txt", "Writer name: '" },
	{ "exports/ipconfig.txt", "\r\nWindows IP Configuration\r\n\r\n" },
	{ "exports/sc.txt", "SERVICE_NAME: RdAgent\r\n        STATE" },
	{ "exports/systeminfo.txt", "Host Name:                 VM\r\n"
	    "OS Name:                   Microsoft Windows Server\r\n" },
	{ "exports/reg.txt", "HKEY_LOCAL_MACHINE\\SOFTWARE\\x\r\n"
	    "    REG_SZ    " },
	{ "exports/registry.json", "{\"HKLM\\\\SYSTEM\\\\x\": " },
	{ "exports/renamed.log", "2024-03-12T09:00:00.000000Z INFO " },
	{ "exports/iptables.out", "*filter\n-A OUTPUT " },
};

/* Random bytes, or random text, under the example path of every kind,
 * and after the head each content sniffer looks for; each also in
 * UTF-16 for the Windows ones. */
static void
make_noise(const char *dir, uint64_t seed, int text)
{
	unsigned char *buf = xrealloc(NULL, 1 << 17), *u;
	const char *path;
	size_t n, i, h;
	int k;

	rng_state = seed * 0x2545f4914f6cdd1dULL + 0x9e3779b97f4a7c15ULL;
	if (rng_state == 0)
		rng_state = 1;
	for (k = 1; k < KIND__COUNT; k++) {
		path = kind_example_path((enum source_kind)k);
		n = (size_t)(rnd() % (1 << 17));
		if (text)
			noise_text(buf, n);
		else
			rnd_bytes(buf, n);
		write_file(dir, path, buf, n);
	}
	for (i = 0; i < sizeof sniffed / sizeof sniffed[0]; i++) {
		/* The .evtx signature ends in a NUL. */
		h = strlen(sniffed[i].head) +
		    (strcmp(sniffed[i].head, "ElfFile") == 0);
		n = h + (size_t)(rnd() % ((1 << 16) - h));
		memcpy(buf, sniffed[i].head, h);
		if (text)
			noise_text(buf + h, n - h);
		else
			rnd_bytes(buf + h, n - h);
		write_file(dir, sniffed[i].name, buf, n);
		/* UTF-16LE with a BOM, as PowerShell writes. */
		u = xrealloc(NULL, 2 * n + 2);
		u[0] = 0xff;
		u[1] = 0xfe;
		for (h = 0; h < n; h++) {
			u[2 + 2 * h] = buf[h];
			u[3 + 2 * h] = text ? 0 : (unsigned char)rnd();
		}
		path = xasprintf("%s.utf16", sniffed[i].name);
		write_file(dir, path, u, 2 * n + 2);
		free((char *)path);
		free(u);
	}
	free(buf);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, got;

	if (f == NULL)
		die(path, strerror(errno));
	for (;;) {
		buf = xrealloc(buf, n + 65536);
		if ((got = fread(buf + n, 1, 65536, f)) == 0)
			break;
		n += got;
	}
	if (ferror(f))
		die(path, strerror(errno));
	fclose(f);
	*len = n;
	return buf;
}

static uint64_t
get_le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | p[bytes];
	return v;
}

/* A zip cut in the middle of the data of its middle member, and one cut
 * in the middle of its central directory. */
static void
make_cutzip(const char *in, const char *prefix)
{
	const unsigned char *eocd = NULL, *p;
	unsigned char *buf;
	size_t len, i;
	uint64_t cd, cdsize, at, off, entries;
	char *path;
	FILE *f;

	buf = slurp(in, &len);
	for (i = len >= 22 ? len - 22 : 0; i > 0 && eocd == NULL; i--)
		if (get_le(buf + i, 4) == 0x06054b50)
			eocd = buf + i;
	if (eocd == NULL)
		die(in, "no end of central directory");
	entries = get_le(eocd + 10, 2);
	cdsize = get_le(eocd + 12, 4);
	cd = get_le(eocd + 16, 4);
	if (cd + cdsize > len)
		die(in, "central directory out of bounds");
	p = buf + cd;
	for (i = 0; i < entries / 2; i++) {
		p += 46 + get_le(p + 28, 2) + get_le(p + 30, 2) +
		    get_le(p + 32, 2);
		if (p + 46 > buf + cd + cdsize)
			die(in, "central directory damaged");
	}
	off = get_le(p + 42, 4);
	at = off + 30 + get_le(buf + off + 26, 2) + get_le(buf + off + 28, 2) +
	    get_le(p + 20, 4) / 2;

	path = xasprintf("%s-member.zip", prefix);
	f = create(path);
	if (fwrite(buf, 1, at, f) != at)
		die(path, strerror(errno));
	close_file(f, path);
	free(path);
	path = xasprintf("%s-index.zip", prefix);
	f = create(path);
	at = cd + cdsize / 2;
	if (fwrite(buf, 1, at, f) != at)
		die(path, strerror(errno));
	close_file(f, path);
	free(path);
	free(buf);
}

/* Damage to an .evtx: each variant a file of its own. */
static void
make_evtx(const char *dir, const char *file)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	unsigned char *orig, *b;
	size_t len, off, c, nchunks;
	char *name;
	int v, i;

	orig = slurp(file, &len);
	if (len < 4096 + 65536 || memcmp(orig, "ElfFile", 8) != 0)
		die(file, "not an .evtx of at least one chunk");
	nchunks = (len - 4096) / 65536;
	b = xrealloc(NULL, len);
	for (v = 0; v < 7; v++) {
		memcpy(b, orig, len);
		switch (v) {
		case 0:	/* the file header, its signature kept */
			rnd_bytes(b + 8, 120);
			break;
		case 1:	/* counts that point far past the end */
			memset(b + 8, 0xff, 24);
			b[42] = b[43] = 0xff;		/* chunk count */
			b[32] = 0xff;			/* header size */
			break;
		case 2:	/* every chunk header but its signature */
			for (c = 0; c < nchunks; c++)
				rnd_bytes(b + 4096 + c * 65536 + 8, 120);
			break;
		case 3:	/* the string and template tables */
			for (c = 0; c < nchunks; c++)
				memset(b + 4096 + c * 65536 + 128, 0xff, 384);
			break;
		case 4:	/* splashes inside the records */
			for (c = 0; c < nchunks; c++)
				for (i = 0; i < 32; i++) {
					off = 4096 + c * 65536 + 512 +
					    (size_t)(rnd() % (65536 - 512 - 64));
					rnd_bytes(b + off, 1 + rnd() % 64);
				}
			break;
		case 5:	/* record sizes: each 0x2a2a record header's size */
			for (off = 4096; off + 8 < len; off++)
				if (memcmp(b + off, "\x2a\x2a\x00\x00", 4) == 0)
					memset(b + off + 4, rnd() & 1 ? 0xff :
					    0x00, 4);
			break;
		case 6:	/* the signature of the first chunk only */
			memcpy(b + 4096, "ElfChnX", 7);
			break;
		}
		name = xasprintf("damaged-%d-%s", v, base);
		write_file(dir, name, b, len);
		free(name);
	}
	free(b);
	free(orig);
}

static void
nest_json(struct out *o, size_t count, int objects, int closed)
{
	size_t i;

	o->len = 0;
	for (i = 0; i < count; i++)
		out_str(o, objects ? "{\"a\":" : "[");
	if (objects)
		out_put(o, "1", 1);
	for (i = 0; closed && i < count; i++)
		out_put(o, objects ? "}" : "]", 1);
}

/* JSON nested count deep in every JSON kind, closed and not; XML
 * elements nested as deep in an agent file and an event export. */
static void
make_deep(const char *dir, size_t count)
{
	static const char *const json_paths[] = {
		"var/lib/waagent/Microsoft.Azure.RecoveryServices."
		    "VMSnapshotLinux-1.0.9220.0/status/0.status",
		"var/lib/waagent/Microsoft.Azure.RecoveryServices."
		    "VMSnapshotLinux-1.0.9220.0/config/0.settings",
		"var/lib/waagent/Microsoft.Azure.RecoveryServices."
		    "VMSnapshotLinux-1.0.9220.0/config/HandlerStatus",
		"var/lib/waagent/waagent_status.json",
		"var/lib/waagent/WALinuxAgent-2.9.1.1/error.json",
		"WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
		"Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/"
		    "1.0.104.0/Status/HeartBeat.Json",
		"registry.json",
	};
	struct out o = { 0 };
	size_t i, k;
	char *name;

	for (k = 0; k < sizeof json_paths / sizeof json_paths[0]; k++) {
		nest_json(&o, count, k % 2, 1);
		write_file(dir, json_paths[k], o.p, o.len);
	}
	/* The other shape, and each shape unclosed, as N.status. */
	for (k = 0; k < 4; k++) {
		nest_json(&o, count, k % 2 == 0, k < 2);
		name = xasprintf("var/lib/waagent/Microsoft.Azure."
		    "RecoveryServices.VMSnapshotLinux-1.0.9220.0/status/"
		    "%zu.status", k + 1);
		write_file(dir, name, o.p, o.len);
		free(name);
	}
	o.len = 0;
	out_str(&o, "<?xml version=\"1.0\"?>\n<GoalState>");
	for (i = 0; i < count; i++)
		out_str(&o, "<a>");
	for (i = 0; i < count; i++)
		out_str(&o, "</a>");
	out_str(&o, "</GoalState>\n");
	write_file(dir, "var/lib/waagent/GoalState.1.xml", o.p, o.len);
	o.len = 0;
	out_str(&o, "<Events><Event xmlns=\"http://schemas.microsoft.com/"
	    "win/2004/08/events/event\"><System>");
	for (i = 0; i < count; i++)
		out_str(&o, "<a>");
	for (i = 0; i < count; i++)
		out_str(&o, "</a>");
	out_str(&o, "</System></Event></Events>\n");
	write_file(dir, "System.xml", o.p, o.len);
	free(o.p);
}

static void
usage(void)
{
	fprintf(stderr, "usage: mkhostile CASE OUT [ARG...] "
	    "(see the top of tests/mkhostile.c)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	enum fill fill;
	const char *c;
	int i;

	if (argc < 3)
		usage();
	c = argv[1];
	/* The fill of a bomb, last on the line. */
	fill = FILL_ZEROS;
	if (strcmp(argv[argc - 1], "lines") == 0)
		fill = FILL_LINES;
	else if (strcmp(argv[argc - 1], "spaces") == 0)
		fill = FILL_SPACES;
	if ((strcmp(c, "zipbomb") == 0 || strcmp(c, "gzbomb") == 0 ||
	    strcmp(c, "nestedbomb") == 0) && argc == 4)
		make_bomb(c, argv[2], 1, fill);
	else if (strcmp(c, "zipbombs") == 0 && argc == 5)
		make_bomb(c, argv[2], (unsigned)atoi(argv[3]), fill);
	else if (strcmp(c, "members") == 0 && argc == 4)
		make_members(argv[2], strtoul(argv[3], NULL, 10));
	else if (strcmp(c, "nested") == 0 && argc == 4)
		make_nested(argv[2], (unsigned)atoi(argv[3]));
	else if (strcmp(c, "mix") == 0)
		make_mix(argv[2]);
	else if (strcmp(c, "tar") == 0 && argc == 4)
		make_tar(argv[2], argv[3], 0);
	else if (strcmp(c, "zipslip") == 0 && argc == 4)
		make_tar(argv[2], argv[3], 1);
	else if (strcmp(c, "tree") == 0 && argc == 4)
		make_tree(argv[2], argv[3]);
	else if (strcmp(c, "xml") == 0 && argc == 4)
		make_xml(argv[2], argv[3]);
	else if (strcmp(c, "listen") == 0 && argc == 4)
		listen_for(argv[2], atoi(argv[3]));
	else if (strcmp(c, "longline") == 0 && argc == 5)
		make_longline(argv[2], (unsigned)atoi(argv[3]), argv[4]);
	else if (strcmp(c, "noise") == 0 && argc == 5)
		make_noise(argv[2], strtoull(argv[3], NULL, 10),
		    strcmp(argv[4], "text") == 0);
	else if (strcmp(c, "cutzip") == 0 && argc == 4)
		make_cutzip(argv[2], argv[3]);
	else if (strcmp(c, "evtx") == 0 && argc >= 4)
		for (i = 3; i < argc; i++)
			make_evtx(argv[2], argv[i]);
	else if (strcmp(c, "deep") == 0 && argc == 4)
		make_deep(argv[2], strtoul(argv[3], NULL, 10));
	else
		usage();
	return 0;
}
