/*
 * The walk over a bundle and the member streams it hands out.  Every byte
 * a parser sees comes through mstream_read(), which is where the size and
 * compression-ratio limits are enforced: one place, whatever the source.
 */
#include "config.h"

#include <sys/stat.h>

#include <archive.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_int.h"
#include "strbuf.h"
#include "text.h"
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
	/* Real status files nest a handful of levels; cJSON itself stops
	 * at 1000. */
	l->max_json_depth = 100;
	l->max_evtx_bytes = 512 * MIB;
}

enum limit_type { LT_SIZE, LT_COUNT, LT_RATIO };

/* The limits a user may change, as the command line names them. */
static const struct {
	const char	*name;
	enum limit_type	 type;
	size_t		 off;
	size_t		 width;
	uint64_t	 min, max;
	const char	*help;
} limit_table[] = {
#define LIM(f) offsetof(struct limits, f), sizeof(((struct limits *)0)->f)
	{ "total", LT_SIZE, LIM(max_total_bytes), MIB, UINT64_MAX / 2,
	    "bytes decompressed from the whole bundle" },
	{ "member", LT_SIZE, LIM(max_member_bytes), 1, UINT64_MAX / 2,
	    "bytes decompressed from one member" },
	{ "ratio", LT_RATIO, LIM(max_ratio), 2, 1000000,
	    "decompressed:compressed ratio of a member, after 4 MiB" },
	{ "members", LT_COUNT, LIM(max_members), 1, 100000000,
	    "members read from the bundle" },
	{ "depth", LT_COUNT, LIM(max_depth), 1, 64,
	    "archives nested inside archives" },
	{ "line", LT_SIZE, LIM(max_line), 256, 256 * MIB,
	    "bytes of a line; longer lines are cut and marked" },
	{ "document", LT_SIZE, LIM(max_doc_bytes), 1024, 4096 * MIB,
	    "bytes of an XML or JSON file read whole" },
	{ "nested", LT_SIZE, LIM(max_nested_buffer), 64 * 1024, 4096 * MIB,
	    "bytes of a nested zip or 7z read to memory" },
	{ "json-depth", LT_COUNT, LIM(max_json_depth), 1, 1000,
	    "arrays and objects nested in a JSON file" },
	{ "evtx", LT_SIZE, LIM(max_evtx_bytes), 64 * 1024, 16384 * MIB,
	    "bytes of an event log (.evtx) read to memory" },
#undef LIM
};

#define NLIMITS (sizeof limit_table / sizeof limit_table[0])

static uint64_t
limit_get(const struct limits *l, size_t i)
{
	const char *p = (const char *)l + limit_table[i].off;

	switch (limit_table[i].width) {
	case sizeof(uint64_t): {
		uint64_t v;

		memcpy(&v, p, sizeof v);
		return v;
	}
	default: {
		unsigned v;

		memcpy(&v, p, sizeof v);
		return v;
	}
	}
}

static void
limit_put(struct limits *l, size_t i, uint64_t v)
{
	char *p = (char *)l + limit_table[i].off;

	if (limit_table[i].width == sizeof(uint64_t))
		memcpy(p, &v, sizeof v);
	else {
		unsigned u = (unsigned)v;

		memcpy(p, &u, sizeof u);
	}
}

/* "64K", "16G", "200", "200:1"; 0 when s is not a number of the type. */
static int
parse_limit_value(const char *s, enum limit_type type, uint64_t *out)
{
	static const char units[] = "KMGT";
	uint64_t v = 0, mult = 1;
	const char *p = s, *unit;

	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (type == LT_SIZE && *p != '\0' &&
	    (unit = strchr(units, toupper((unsigned char)*p))) != NULL) {
		mult = (uint64_t)1 << (10 * (unit - units + 1));
		p++;
		if (*p == 'i' && p[1] == 'B')
			p += 2;
		else if (*p == 'B')
			p++;
	} else if (type == LT_RATIO && strcmp(p, ":1") == 0)
		p += 2;
	if (*p != '\0' || (v != 0 && mult > UINT64_MAX / v))
		return 0;
	*out = v * mult;
	return 1;
}

int
limits_set(struct limits *l, const char *assignment, char **err)
{
	const char *eq = strchr(assignment, '=');
	size_t i, n;
	uint64_t v;

	n = eq != NULL ? (size_t)(eq - assignment) : strlen(assignment);
	for (i = 0; i < NLIMITS; i++)
		if (strlen(limit_table[i].name) == n &&
		    strncmp(limit_table[i].name, assignment, n) == 0)
			break;
	if (i == NLIMITS) {
		xasprintf(err, "no limit named '%.*s' (total, member, ratio, "
		    "members, depth, line, document, nested, json-depth, evtx)",
		    (int)n, assignment);
		return -1;
	}
	if (eq == NULL || !parse_limit_value(eq + 1, limit_table[i].type,
	    &v)) {
		xasprintf(err, "limit %s needs %s, as in %s=%s",
		    limit_table[i].name, limit_table[i].type == LT_SIZE ?
		    "a size (a number with K, M, G or T)" : "a number",
		    limit_table[i].name, limit_table[i].type == LT_SIZE ?
		    "64M" : "100");
		return -1;
	}
	if (v < limit_table[i].min || v > limit_table[i].max) {
		xasprintf(err, "limit %s must be from %llu to %llu",
		    limit_table[i].name,
		    (unsigned long long)limit_table[i].min,
		    (unsigned long long)limit_table[i].max);
		return -1;
	}
	limit_put(l, i, v);
	return 0;
}

/* A size as limits_set reads it: "16G", "64K", "1000". */
static void
format_size(struct strbuf *b, uint64_t v)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	strbuf_addf(b, "%llu", (unsigned long long)v);
	if (u >= 0)
		strbuf_addch(b, units[u]);
}

void
limits_describe(const struct limits *l, struct strbuf *b)
{
	size_t i;
	int w;

	for (i = 0; i < NLIMITS; i++) {
		w = (int)b->len;
		strbuf_addf(b, "  %s=", limit_table[i].name);
		if (limit_table[i].type == LT_SIZE)
			format_size(b, limit_get(l, i));
		else
			strbuf_addf(b, "%llu%s",
			    (unsigned long long)limit_get(l, i),
			    limit_table[i].type == LT_RATIO ? ":1" : "");
		w = (int)(b->len - (size_t)w);
		strbuf_addf(b, "%*s%s\n", w < 24 ? 24 - w : 1, "",
		    limit_table[i].help);
	}
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

/* The bytes taken from the source so far, peeked or read. */
static uint64_t
mstream_produced(const struct mstream *s)
{
	return s->offset + (s->peek_len - s->peek_pos);
}

/* Reads from the source, enforcing every limit on the bytes produced. */
static ssize_t
mstream_fill(struct mstream *s, void *buf, size_t n)
{
	const struct limits *l = s->walk->limits;
	uint64_t produced, total, room;
	int64_t comp;
	ssize_t r;

	if (s->failed)
		return -1;
	if (s->eof)
		return 0;
	produced = mstream_produced(s);
	if (s->end > 0) {
		if (produced >= s->end) {
			s->eof = 1;
			return 0;
		}
		if (n > s->end - produced)
			n = (size_t)(s->end - produced);
	}
	if (produced >= s->limit) {
		mstream_fail(s, "cut after %llu bytes: member size limit "
		    "(--limit member)",
		    (unsigned long long)produced);
		return -1;
	}
	if (n > s->limit - produced)
		n = (size_t)(s->limit - produced);
	/* The bundle's bytes up to its limit, to the byte, as a member's
	 * are: what is read does not depend on how the reads fall. */
	total = s->walk->stats->bytes;
	room = total < l->max_total_bytes ? l->max_total_bytes - total : 0;
	if (room > 0 && n > room)
		n = (size_t)room;
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
	/* A byte past the limit. */
	if (room == 0) {
		s->walk->stop = 1;
		mstream_fail(s, "bundle size limit of %llu MiB reached "
		    "(--limit total)",
		    (unsigned long long)(l->max_total_bytes / MIB));
		return -1;
	}
	s->walk->stats->bytes += (uint64_t)r;
	produced += (uint64_t)r;
	if (s->archive != NULL && produced > RATIO_GRACE) {
		comp = archive_filter_bytes(s->archive, -1) - s->comp_start;
		if (comp > 0 && produced / (uint64_t)comp > l->max_ratio) {
			mstream_fail(s, "compression ratio over %u:1 after "
			    "%llu MiB (a decompression bomb? --limit ratio)", l->max_ratio,
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

/*
 * s as the visitor sees it: valid UTF-8, any other byte as \xNN.  Names
 * stored in a legacy code page (zips made on Windows) reach the report,
 * whose JSON must be UTF-8.  Returns s itself or a copy in *copy.
 */
static const char *
shown_utf8(const char *s, char **copy)
{
	struct strbuf sb;

	*copy = NULL;
	if (text_valid_utf8(s, strlen(s)))
		return s;
	strbuf_init(&sb, 0);
	text_sanitise(&sb, s, strlen(s));
	return *copy = strbuf_detach(&sb);
}

void
walk_skipped(struct walk *w, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *reason, *pcopy = NULL, *rcopy = NULL;

	va_start(ap, fmt);
	xvasprintf(&reason, fmt, ap);
	va_end(ap);
	if (w->visitor->skipped != NULL)
		w->visitor->skipped(w->visitor->arg, shown_utf8(path, &pcopy),
		    shown_utf8(reason, &rcopy));
	free(pcopy);
	free(rcopy);
	free(reason);
}

int
walk_visit(struct walk *w, const char *path, const char *name,
    struct mstream *s, int64_t size, unsigned depth)
{
	struct member m;
	char *norm, *pcopy, *ncopy;
	int r;

	if (w->stats->files >= w->limits->max_members) {
		walk_skipped(w, path, "not read: member limit of %u reached "
		    "(--limit members)",
		    w->limits->max_members);
		w->stop = 1;
		return 0;
	}
	/* Normalised before \xNN escapes, whose '\' is no separator. */
	norm = bundle_normalise_path(name);
	path = shown_utf8(path, &pcopy);
	m.path = path;
	m.name = shown_utf8(norm, &ncopy);
	m.size = size;
	m.depth = depth;
	m.seq = w->seq++;
	if (w->visitor->progress != NULL)
		w->visitor->progress(w->visitor->arg, w->stats, path);
	w->stats->files++;
	r = w->visitor->member(w->visitor->arg, &m, s);
	if (r != 0)
		w->stop = 1;
	free(ncopy);
	free(pcopy);
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
		    "than %u levels (--limit depth)", w->limits->max_depth);
		return 0;
	}
	return walk_archive_stream(w, path, s, size, depth, kind);
}

ssize_t
mstream_pread(struct mstream *s, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	ssize_t r;

	if (s->pread == NULL)
		return -1;
	while (got < n) {
		r = s->pread(s->src, (char *)buf + got, n - got,
		    off + got);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* A part: its own walk, so that its thread touches nothing of the
 * walk's until mstream_part_free(). */
struct part_stream {
	struct mstream		 s;	/* first: the part is its stream */
	struct walk		 walk;
	struct bundle_stats	 stats;
	struct walk		*parent;
	mstream_pread_fn	*pread;
	void			*src;
	uint64_t		 start;
	uint64_t		 off;
	uint64_t		 base;	/* stats.bytes at the start */
};

static ssize_t
part_fill(void *src, void *buf, size_t n)
{
	struct part_stream *p = src;
	ssize_t r;

	r = p->pread(p->src, buf, n, p->off);
	if (r < 0) {
		mstream_fail(&p->s, "%s", strerror(errno));
		return -1;
	}
	p->off += (uint64_t)r;
	return r;
}

struct mstream *
mstream_part_new(struct mstream *s, uint64_t at)
{
	struct part_stream *p;

	if (s->pread == NULL || s->failed || at < mstream_produced(s) ||
	    at >= s->limit || (s->end > 0 && at != s->end))
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->walk = *s->walk;
	p->walk.stats = &p->stats;
	p->walk.stop = 0;
	/* The bundle's bytes when the part begins: those read, and those
	 * s reads before it ends. */
	p->stats.bytes = s->walk->stats->bytes + (at - mstream_produced(s));
	p->base = p->stats.bytes;
	p->parent = s->walk;
	p->pread = s->pread;
	p->src = s->src;
	p->start = p->off = at;
	mstream_init(&p->s, &p->walk, s->path, part_fill, p);
	p->s.offset = at;
	p->s.limit = s->limit;
	s->end = at;
	return &p->s;
}

void
mstream_part_free(struct mstream *part, int counted)
{
	struct part_stream *p = (struct part_stream *)part;

	if (p == NULL)
		return;
	if (counted) {
		p->parent->stats->bytes += p->stats.bytes - p->base;
		if (p->walk.stop)
			p->parent->stop = 1;
	}
	free(p);
}

struct fd_source {
	int		 fd;
	struct mstream	*s;
};

static ssize_t
fd_pread(void *src, void *buf, size_t n, uint64_t off)
{
	struct fd_source *fs = src;
	ssize_t r;

	do
		r = pread(fs->fd, buf, n, (off_t)off);
	while (r < 0 && errno == EINTR);
	return r;
}

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
	s.pread = fd_pread;
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

struct memory_source {
	const unsigned char	*buf;
	size_t			 len;
	size_t			 pos;
};

static ssize_t
memory_fill(void *src, void *buf, size_t n)
{
	struct memory_source *ms = src;

	if (n > ms->len - ms->pos)
		n = ms->len - ms->pos;
	if (n > 0)
		memcpy(buf, ms->buf + ms->pos, n);
	ms->pos += n;
	return (ssize_t)n;
}

static ssize_t
memory_pread(void *src, void *buf, size_t n, uint64_t off)
{
	const struct memory_source *ms = src;

	if (off >= ms->len)
		return 0;
	if (n > ms->len - off)
		n = (size_t)(ms->len - off);
	memcpy(buf, ms->buf + off, n);
	return (ssize_t)n;
}

struct memory_stream {
	struct mstream		 s;
	struct walk		 walk;
	struct bundle_stats	 stats;
	struct bundle_visitor	 visitor;
	struct memory_source	 src;
};

struct mstream *
mstream_memory_new(const void *buf, size_t len, const struct limits *l)
{
	struct memory_stream *ms;

	ms = xcalloc(1, sizeof *ms);
	ms->src.buf = buf;
	ms->src.len = len;
	ms->walk.limits = l;
	ms->walk.visitor = &ms->visitor;
	ms->walk.stats = &ms->stats;
	mstream_init(&ms->s, &ms->walk, "(memory)", memory_fill, &ms->src);
	ms->s.pread = memory_pread;
	return &ms->s;
}

void
mstream_memory_free(struct mstream *s)
{
	/* s is the first member of its memory_stream. */
	free(s);
}

int
bundle_walk_buffer(const void *buf, size_t len, const char *name,
    const struct limits *limits, const struct bundle_visitor *visitor,
    struct bundle_stats *stats, char **err)
{
	struct memory_source src;
	struct walk w;
	struct mstream s;

	memset(stats, 0, sizeof *stats);
	memset(&w, 0, sizeof w);
	w.limits = limits;
	w.visitor = visitor;
	w.stats = stats;
	*err = NULL;

	/* As bundle_walk() decides for a file: the first bytes tell an
	 * archive, which is then the bundle and not a member of it. */
	if (sniff_bytes(buf, len < 512 ? len : 512) != SNIFF_PLAIN) {
		stats->archives++;
		if (walk_archive_memory(&w, buf, len, name) != 0) {
			xasprintf(err, "cannot read archive '%s'", name);
			return -1;
		}
		return 0;
	}
	if (has_archive_suffix(name)) {
		xasprintf(err, "cannot read '%s': not an archive libarchive "
		    "recognises", name);
		return -1;
	}
	src.buf = buf;
	src.len = len;
	src.pos = 0;
	mstream_init(&s, &w, name, memory_fill, &src);
	s.pread = memory_pread;
	walk_stream(&w, name, &s, (int64_t)len, 0);
	return 0;
}
