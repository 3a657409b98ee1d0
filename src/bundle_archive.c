/*
 * Archives, through libarchive: the bundle itself when it is a file, and
 * archives found inside it (the history zips in logs.zip, a logs.zip in a
 * ticket attachment, waagent.log.1.gz).  A nested archive is read from
 * its parent's stream; zip and 7z keep their index at the end, so a small
 * one is read into memory first and opened with seeking.
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "bundle_int.h"
#include "strbuf.h"
#include "xalloc.h"

#define ARCHIVE_BLOCK (64 * 1024)

enum sniff_kind
sniff_bytes(const unsigned char *p, size_t n)
{
	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) ||
	    (p[2] == 7 && p[3] == 8)))
		return SNIFF_SEEKABLE;
	if (n >= 6 && memcmp(p, "7z\xbc\xaf\x27\x1c", 6) == 0)
		return SNIFF_SEEKABLE;
	if (n >= 6 && memcmp(p, "Rar!\x1a\x07", 6) == 0)
		return SNIFF_SEEKABLE;
	if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return SNIFF_COMPRESSED;
	if (n >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
	    p[3] >= '1' && p[3] <= '9')
		return SNIFF_COMPRESSED;
	if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return SNIFF_COMPRESSED;
	if (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return SNIFF_COMPRESSED;
	if (n >= 4 && memcmp(p, "\x04\x22\x4d\x18", 4) == 0)
		return SNIFF_COMPRESSED;
	if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0)
		return SNIFF_ARCHIVE;
	if (n >= 6 && (memcmp(p, "070701", 6) == 0 ||
	    memcmp(p, "070702", 6) == 0 || memcmp(p, "070707", 6) == 0))
		return SNIFF_ARCHIVE;
	return SNIFF_PLAIN;
}

static struct archive *
reader_new(void)
{
	struct archive *a;

	if ((a = archive_read_new()) == NULL)
		fatal("out of memory creating an archive reader");
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	/* A compressed single file (waagent.log.1.gz) is an archive of one
	 * member to libarchive's raw format. */
	archive_read_support_format_raw(a);
	return a;
}

/* "waagent.log.1.gz" -> "waagent.log.1": the name of a compressed file's
 * content. */
static char *
strip_compression_suffix(const char *path)
{
	static const char *const suffixes[] = {
		".gz", ".xz", ".bz2", ".zst", ".lz4", ".z",
	};
	size_t i, n = strlen(path), k;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		k = strlen(suffixes[i]);
		if (n > k && strcasecmp(path + n - k, suffixes[i]) == 0)
			return xstrndup(path, n - k);
	}
	return xstrdup(path);
}

struct entry_source {
	struct archive	*a;
	struct mstream	*s;
};

static ssize_t
entry_fill(void *src, void *buf, size_t n)
{
	struct entry_source *es = src;
	la_ssize_t r;

	r = archive_read_data(es->a, buf, n);
	if (r < 0) {
		mstream_fail(es->s, "%s", archive_error_string(es->a) != NULL ?
		    archive_error_string(es->a) : "archive read error");
		return -1;
	}
	return (ssize_t)r;
}

static const char *
entry_type_name(mode_t type)
{
	switch (type) {
	case AE_IFLNK:
		return "symbolic link";
	case AE_IFCHR:
		return "character device";
	case AE_IFBLK:
		return "block device";
	case AE_IFIFO:
		return "named pipe";
	case AE_IFSOCK:
		return "socket";
	default:
		return "special file";
	}
}

/*
 * The members of an open archive.  prefix is prepended to member names
 * ("" for the bundle itself, "<path>/" for a nested archive); container
 * names the archive in messages and is the member's name when the archive
 * is a single compressed file.  Returns -1 if not even one header could
 * be read.
 */
static int
walk_entries(struct walk *w, struct archive *a, const char *prefix,
    const char *container, unsigned depth)
{
	struct archive_entry *e;
	struct entry_source es;
	struct mstream s;
	const char *name;
	char *path = NULL, *plain = NULL;
	unsigned count = 0;
	mode_t type;
	int r;

	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY)
			continue;
		if (r < ARCHIVE_WARN) {
			if (count == 0)
				return -1;
			walk_skipped(w, container, "archive damaged after "
			    "%u members, rest not read: %s", count,
			    archive_error_string(a) != NULL ?
			    archive_error_string(a) : "unknown error");
			break;
		}
		count++;
		free(path);
		free(plain);
		path = plain = NULL;
		if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
			path = xstrdup(container);
			plain = strip_compression_suffix(container);
		} else {
			name = archive_entry_pathname(e);
			if (name == NULL || *name == '\0')
				name = "(unnamed member)";
			xasprintf(&path, "%s%s", prefix, name);
			plain = xstrdup(path);
		}
		type = archive_entry_filetype(e);
		if (type == AE_IFDIR)
			continue;
		/* Before the type: a tar hard link has no file type. */
		if (archive_entry_hardlink(e) != NULL) {
			walk_skipped(w, path, "hard link not followed");
			continue;
		}
		if (type != AE_IFREG) {
			walk_skipped(w, path, "%s not followed",
			    entry_type_name(type));
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			walk_skipped(w, path, "encrypted, not read");
			continue;
		}
		es.a = a;
		mstream_init(&s, w, path, entry_fill, &es);
		es.s = &s;
		s.archive = a;
		s.comp_start = archive_filter_bytes(a, -1);
		if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
			/* The content of a compressed file: sniff it again
			 * (a .tar.gz is read as tar, but a zip.gz is not). */
			const unsigned char *head;
			size_t n = mstream_peek(&s, &head, 512);

			if (sniff_bytes(head, n) == SNIFF_PLAIN || s.failed)
				walk_visit(w, path, plain, &s, -1, depth);
			else
				walk_stream(w, path, &s, -1, depth);
		} else
			walk_stream(w, path, &s,
			    archive_entry_size_is_set(e) ?
			    (int64_t)archive_entry_size(e) : -1, depth);
		if (w->stop)
			break;
	}
	/* Nothing to visit is still something to say: a compressed file
	 * whose first kilobyte is zeros reads as an empty tar. */
	if (count == 0 && r == ARCHIVE_EOF)
		walk_skipped(w, container, "no member: an empty archive, or "
		    "compressed data that starts like one");
	free(path);
	free(plain);
	return 0;
}

/* The bundle itself: its members have no prefix and depth 0.  opened is
 * what opening a gave. */
static int
walk_archive_top(struct walk *w, struct archive *a, int opened,
    const char *label)
{
	int r;

	if (opened != ARCHIVE_OK) {
		walk_skipped(w, label, "cannot open archive: %s",
		    archive_error_string(a));
		archive_read_free(a);
		return -1;
	}
	r = walk_entries(w, a, "", label, 0);
	if (r != 0)
		walk_skipped(w, label, "cannot read archive: %s",
		    archive_error_string(a) != NULL ? archive_error_string(a) :
		    "no member could be read");
	archive_read_free(a);
	return r;
}

int
walk_archive_file(struct walk *w, const char *path, const char *label)
{
	struct archive *a = reader_new();

	return walk_archive_top(w, a, archive_read_open_filename(a, path,
	    ARCHIVE_BLOCK), label);
}

int
walk_archive_memory(struct walk *w, const void *buf, size_t len,
    const char *label)
{
	struct archive *a = reader_new();

	return walk_archive_top(w, a, archive_read_open_memory(a, buf, len),
	    label);
}

/* A nested archive read straight from its parent's stream, after the
 * bytes already taken into memory. */
struct nested_source {
	struct mstream	*parent;
	unsigned char	*pre;
	size_t		 pre_len;
	size_t		 pre_pos;
	unsigned char	 block[ARCHIVE_BLOCK];
};

static la_ssize_t
nested_read(struct archive *a, void *client, const void **buf)
{
	struct nested_source *ns = client;
	ssize_t r;

	if (ns->pre_pos < ns->pre_len) {
		*buf = ns->pre + ns->pre_pos;
		r = (ssize_t)(ns->pre_len - ns->pre_pos);
		ns->pre_pos = ns->pre_len;
		return r;
	}
	r = mstream_read(ns->parent, ns->block, sizeof ns->block);
	if (r < 0) {
		archive_set_error(a, EIO, "%s", mstream_error(ns->parent));
		return -1;
	}
	*buf = ns->block;
	return r;
}

/* Reads up to max+1 bytes of s into memory; *len tells how many. */
static unsigned char *
slurp_prefix(struct mstream *s, size_t max, size_t *len)
{
	unsigned char *buf;
	size_t have = 0, alloc = 64 * 1024;
	ssize_t r;

	buf = xmalloc(alloc);
	for (;;) {
		if (have == alloc) {
			if (alloc > max)
				break;
			alloc *= 2;
			buf = xrealloc(buf, alloc);
		}
		r = mstream_read(s, buf + have, alloc - have);
		if (r <= 0)
			break;
		have += (size_t)r;
	}
	*len = have;
	return buf;
}

int
walk_archive_stream(struct walk *w, const char *path, struct mstream *s,
    int64_t size, unsigned depth, enum sniff_kind kind)
{
	struct nested_source *ns;
	struct archive *a;
	char *prefix;
	int r, opened;

	ns = xcalloc(1, sizeof *ns);
	ns->parent = s;
	a = reader_new();
	if (kind == SNIFF_SEEKABLE &&
	    (size < 0 || (uint64_t)size <= w->limits->max_nested_buffer)) {
		ns->pre = slurp_prefix(s, w->limits->max_nested_buffer,
		    &ns->pre_len);
		if (s->failed) {
			walk_skipped(w, path, "unreadable: %s",
			    mstream_error(s));
			r = 0;
			goto out;
		}
	}
	if (ns->pre != NULL && s->eof)
		opened = archive_read_open_memory(a, ns->pre, ns->pre_len);
	else
		opened = archive_read_open(a, ns, NULL, nested_read, NULL);
	if (opened != ARCHIVE_OK) {
		walk_skipped(w, path, "cannot open archive: %s",
		    archive_error_string(a));
		r = 0;
		goto out;
	}
	w->stats->archives++;
	xasprintf(&prefix, "%s/", path);
	r = walk_entries(w, a, prefix, path, depth + 1);
	free(prefix);
	if (r != 0) {
		walk_skipped(w, path, "cannot read archive: %s",
		    archive_error_string(a) != NULL ? archive_error_string(a) :
		    mstream_error(s));
		r = 0;
	}
out:
	archive_read_free(a);
	free(ns->pre);
	free(ns);
	return r;
}
