/*
 * The walk over a bundle and the member streams it hands out.  Every byte
 * a parser sees comes through mstream_read(), which is where the size and
 * compression-ratio limits are enforced: one place, whatever the source.
 */
#include "config.h"

#include <sys/stat.h>

#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_int.h"
#include "strbuf.h"
#include "xalloc.h"

#define MIB ((uint64_t)1 << 20)

/* The ratio is checked only once a member has produced this much, so
 * small, highly repetitive files (status JSON) are not flagged. */
#define RATIO_GRACE (4 * MIB)

void
limits_default(struct limits *l)
{
	/* A real agent bundle is at most 150 MB uncompressed and a
	 * sosreport a few GB; a zip of zeros is stopped by the ratio long
	 * before the totals matter. */
	l->max_total_bytes = 16384 * MIB;
	l->max_member_bytes = 4096 * MIB;
	l->max_ratio = 200;
	l->max_members = 200000;
	l->max_depth = 8;
	l->max_line = 64 * 1024;
	l->max_doc_bytes = 32 * MIB;
	l->max_nested_buffer = 16 * MIB;
}

void
mstream_init(struct mstream *s, struct walk *w, const char *path,
    mstream_fill_fn *fill, void *src)
{
	memset(s, 0, sizeof *s);
	s->fill = fill;
	s->src = src;
	s->walk = w;
	s->path = path;
	s->limit = w->limits->max_member_bytes;
}

void
mstream_fail(struct mstream *s, const char *fmt, ...)
{
	va_list ap;

	if (s->failed)
		return;
	s->failed = 1;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
}

const char *
mstream_error(const struct mstream *s)
{
	return s->failed ? s->error : "";
}

uint64_t
mstream_offset(const struct mstream *s)
{
	return s->offset;
}

/* Reads from the source, enforcing every limit on the bytes produced. */
static ssize_t
mstream_fill(struct mstream *s, void *buf, size_t n)
{
	const struct limits *l = s->walk->limits;
	uint64_t produced, total;
	int64_t comp;
	ssize_t r;

	if (s->failed)
		return -1;
	if (s->eof)
		return 0;
	produced = s->offset + (s->peek_len - s->peek_pos);
	if (produced >= s->limit) {
		mstream_fail(s, "cut after %llu bytes: member size limit",
		    (unsigned long long)produced);
		return -1;
	}
	if (n > s->limit - produced)
		n = (size_t)(s->limit - produced);
	r = s->fill(s->src, buf, n);
	if (r < 0) {
		if (!s->failed)
			mstream_fail(s, "read error");
		return -1;
	}
	if (r == 0) {
		s->eof = 1;
		return 0;
	}
	total = s->walk->stats->bytes += (uint64_t)r;
	if (total > l->max_total_bytes) {
		s->walk->stop = 1;
		mstream_fail(s, "bundle size limit of %llu MiB reached",
		    (unsigned long long)(l->max_total_bytes / MIB));
		return -1;
	}
	produced += (uint64_t)r;
	if (s->archive != NULL && produced > RATIO_GRACE) {
		comp = archive_filter_bytes(s->archive, -1) - s->comp_start;
		if (comp > 0 && produced / (uint64_t)comp > l->max_ratio) {
			mstream_fail(s, "compression ratio over %u:1 after "
			    "%llu MiB (a decompression bomb?)", l->max_ratio,
			    (unsigned long long)(produced / MIB));
			return -1;
		}
	}
	return r;
}

size_t
mstream_peek(struct mstream *s, const unsigned char **p, size_t want)
{
	ssize_t r;

	if (want > MSTREAM_PEEK_MAX)
		want = MSTREAM_PEEK_MAX;
	/* Peeking is for sniffing, before anything was consumed. */
	while (s->peek_pos == 0 && s->peek_len < want && !s->eof &&
	    !s->failed) {
		r = mstream_fill(s, s->peek + s->peek_len, want - s->peek_len);
		if (r <= 0)
			break;
		s->peek_len += (size_t)r;
	}
	*p = s->peek + s->peek_pos;
	return s->peek_len - s->peek_pos;
}

ssize_t
mstream_read(struct mstream *s, void *buf, size_t n)
{
	size_t k;
	ssize_t r;

	if (s->peek_pos < s->peek_len) {
		k = s->peek_len - s->peek_pos;
		if (k > n)
			k = n;
		memcpy(buf, s->peek + s->peek_pos, k);
		s->peek_pos += k;
		s->offset += k;
		return (ssize_t)k;
	}
	r = mstream_fill(s, buf, n);
	if (r > 0)
		s->offset += (uint64_t)r;
	return r;
}

void
walk_skipped(struct walk *w, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	va_start(ap, fmt);
	xvasprintf(&reason, fmt, ap);
	va_end(ap);
	if (w->visitor->skipped != NULL)
		w->visitor->skipped(w->visitor->arg, path, reason);
	free(reason);
}

int
walk_visit(struct walk *w, const char *path, const char *name,
    struct mstream *s, int64_t size, unsigned depth)
{
	struct member m;
	char *norm;
	int r;

	if (w->stats->files >= w->limits->max_members) {
		walk_skipped(w, path, "not read: member limit of %u reached",
		    w->limits->max_members);
		w->stop = 1;
		return 0;
	}
	norm = bundle_normalise_path(name);
	m.path = path;
	m.name = norm;
	m.size = size;
	m.depth = depth;
	m.seq = w->seq++;
	if (w->visitor->progress != NULL)
		w->visitor->progress(w->visitor->arg, w->stats, path);
	w->stats->files++;
	r = w->visitor->member(w->visitor->arg, &m, s);
	if (r != 0)
		w->stop = 1;
	free(norm);
	return r;
}

int
walk_stream(struct walk *w, const char *path, struct mstream *s,
    int64_t size, unsigned depth)
{
	const unsigned char *head;
	size_t n;
	enum sniff_kind kind;

	n = mstream_peek(s, &head, 512);
	if (s->failed) {
		walk_skipped(w, path, "unreadable: %s", mstream_error(s));
		return 0;
	}
	kind = sniff_bytes(head, n);
	if (kind == SNIFF_PLAIN)
		return walk_visit(w, path, path, s, size, depth);
	if (depth + 1 > w->limits->max_depth) {
		walk_skipped(w, path, "not opened: archives nested deeper "
		    "than %u levels", w->limits->max_depth);
		return 0;
	}
	return walk_archive_stream(w, path, s, size, depth, kind);
}

struct fd_source {
	int		 fd;
	struct mstream	*s;
};

static ssize_t
fd_fill(void *src, void *buf, size_t n)
{
	struct fd_source *fs = src;
	ssize_t r;

	do
		r = read(fs->fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		mstream_fail(fs->s, "%s", strerror(errno));
	return r;
}

/* Reads one plain file of a directory bundle, or a bundle that is a
 * single file.  fd is consumed. */
static int
walk_fd(struct walk *w, int fd, const char *path, int64_t size,
    unsigned depth)
{
	struct fd_source fs;
	struct mstream s;
	int r;

	fs.fd = fd;
	mstream_init(&s, w, path, fd_fill, &fs);
	fs.s = &s;
	r = walk_stream(w, path, &s, size, depth);
	close(fd);
	return r;
}

int
walk_file(struct walk *w, int dirfd, const char *name, const char *path)
{
	struct stat st;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0) {
		walk_skipped(w, path, "cannot open: %s", strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		walk_skipped(w, path, "not a regular file");
		close(fd);
		return 0;
	}
	return walk_fd(w, fd, path, (int64_t)st.st_size, 0);
}

static const char *
base_name(const char *path)
{
	const char *slash;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (slash = path + n; slash > path && slash[-1] != '/'; slash--)
		;
	return slash;
}

/* Names that promise an archive; such a file that is not one is an error
 * rather than a log to read. */
static int
has_archive_suffix(const char *name)
{
	static const char *const suffixes[] = {
		".zip", ".tar", ".tgz", ".tar.gz", ".gz", ".xz", ".txz",
		".bz2", ".tbz2", ".zst", ".7z", ".rar", ".cab",
	};
	size_t i, n = strlen(name), k;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		k = strlen(suffixes[i]);
		if (n > k && strcasecmp(name + n - k, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

int
bundle_walk(const char *path, const struct limits *limits,
    const struct bundle_visitor *visitor, struct bundle_stats *stats,
    char **err)
{
	struct walk w;
	struct stat st;
	unsigned char head[512];
	ssize_t n;
	int fd, r = -1;
	char *label = NULL;

	memset(stats, 0, sizeof *stats);
	memset(&w, 0, sizeof w);
	w.limits = limits;
	w.visitor = visitor;
	w.stats = stats;
	*err = NULL;

	if (stat(path, &st) != 0) {
		xasprintf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(&w, path) == 0 ? 0 :
		    (xasprintf(err, "cannot read directory '%s': %s", path,
		    strerror(errno)), -1);
	if (!S_ISREG(st.st_mode)) {
		xasprintf(err, "cannot read '%s': not a file or directory",
		    path);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		xasprintf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	n = pread(fd, head, sizeof head, 0);
	if (n < 0) {
		xasprintf(err, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	label = xstrdup(base_name(path));
	if (sniff_bytes(head, (size_t)n) != SNIFF_PLAIN) {
		close(fd);
		stats->archives++;
		if (walk_archive_file(&w, path, label) != 0) {
			xasprintf(err, "cannot read archive '%s'", path);
			goto out;
		}
		r = 0;
		goto out;
	}
	if (has_archive_suffix(label)) {
		close(fd);
		xasprintf(err, "cannot read '%s': not an archive libarchive "
		    "recognises", path);
		goto out;
	}
	walk_fd(&w, fd, label, (int64_t)st.st_size, 0);
	r = 0;
out:
	free(label);
	return r;
}

/* The log collector stores files over 30 MB, tail-truncated, as
 * "truncated_" + the path with every '/' made '_'.  The split is
 * ambiguous in general; these are the directories such files live in. */
static void
untruncate(struct strbuf *out, const char *rest)
{
	static const struct {
		const char	*flat;
		const char	*path;
		int		 one_more;	/* next '_' ends a directory */
	} dirs[] = {
		{ "var_log_azure_", "var/log/azure/", 1 },
		{ "var_lib_waagent_", "var/lib/waagent/", 1 },
		{ "var_log_", "var/log/", 0 },
		{ "etc_", "etc/", 0 },
	};
	size_t i, k;
	const char *u;

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		k = strlen(dirs[i].flat);
		if (strncmp(rest, dirs[i].flat, k) != 0)
			continue;
		strbuf_addstr(out, dirs[i].path);
		rest += k;
		if (dirs[i].one_more && (u = strchr(rest, '_')) != NULL) {
			strbuf_add(out, rest, (size_t)(u - rest));
			strbuf_addch(out, '/');
			rest = u + 1;
		}
		break;
	}
	strbuf_addstr(out, rest);
}

char *
bundle_normalise_path(const char *in)
{
	struct strbuf out = STRBUF_INIT;
	const char *p, *seg, *base;
	size_t n;
	char *tmp, *q;

	tmp = xstrdup(in);
	for (q = tmp; *q != '\0'; q++)
		if (*q == '\\')
			*q = '/';
	p = tmp;
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
	    p[1] == ':')
		p += 2;
	/* Rebuild segment by segment, dropping empty, "." and ".." ones:
	 * the name is only ever data, never a place to write. */
	while (*p != '\0') {
		while (*p == '/')
			p++;
		seg = p;
		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			continue;
		/* Disk Inspect copies a disk's files under device_<N>/. */
		if (out.len == 0 && n > 7 && strncmp(seg, "device_", 7) == 0 &&
		    strspn(seg + 7, "0123456789") == n - 7)
			continue;
		if (out.len != 0)
			strbuf_addch(&out, '/');
		strbuf_add(&out, seg, n);
	}
	free(tmp);

	base = strrchr(strbuf_str(&out), '/');
	base = base != NULL ? base + 1 : strbuf_str(&out);
	if (strncmp(base, "truncated_", 10) == 0) {
		struct strbuf fixed = STRBUF_INIT;

		untruncate(&fixed, base + 10);
		strbuf_release(&out);
		return strbuf_detach(&fixed);
	}
	return strbuf_detach(&out);
}

struct memory_stream {
	struct mstream		 s;
	struct walk		 walk;
	struct bundle_stats	 stats;
	struct bundle_visitor	 visitor;
	const unsigned char	*buf;
	size_t			 len;
	size_t			 pos;
};

static ssize_t
memory_fill(void *src, void *buf, size_t n)
{
	struct memory_stream *ms = src;

	if (n > ms->len - ms->pos)
		n = ms->len - ms->pos;
	memcpy(buf, ms->buf + ms->pos, n);
	ms->pos += n;
	return (ssize_t)n;
}

struct mstream *
mstream_memory_new(const void *buf, size_t len, const struct limits *l)
{
	struct memory_stream *ms;

	ms = xcalloc(1, sizeof *ms);
	ms->buf = buf;
	ms->len = len;
	ms->walk.limits = l;
	ms->walk.visitor = &ms->visitor;
	ms->walk.stats = &ms->stats;
	mstream_init(&ms->s, &ms->walk, "(memory)", memory_fill, ms);
	return &ms->s;
}

void
mstream_memory_free(struct mstream *s)
{
	/* s is the first member of its memory_stream. */
	free(s);
}
