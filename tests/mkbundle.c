/*
 * mkbundle: packs a sample directory into an archive at test time, so
 * that the tests read the same bundle as a tree, a zip, a tarball, or a
 * zip holding another zip, without binary files in the repository.
 *
 *   mkbundle FORMAT OUT DIR [INNER]
 *
 * FORMAT is zip, 7z, tar, tar.gz, tar.xz, tar.bz2 or tar.zst; members are
 * the files under DIR, in name order, with paths relative to DIR.  With
 * INNER (a directory relative to DIR) the files under it go into a zip of
 * their own, stored in the outer archive as INNER.zip: the log
 * collector's history zips inside logs.zip.
 *
 *   mkbundle gz OUT FILE
 *
 * writes FILE gzip-compressed, as logrotate leaves waagent.log.1.gz.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct names {
	char	**v;
	size_t	  n;
};

static void die(const char *, const char *) __attribute__((noreturn));

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "mkbundle: %s%s%s\n", what, detail ? ": " : "",
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
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xrealloc(NULL, la + lb + 2);

	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	return s;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the regular files under root/rel, as paths relative to root. */
static void
collect(const char *root, const char *rel, struct names *out)
{
	char *dir = *rel ? join(root, rel) : strdup(root), *path, *sub;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		die(dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = *rel ? join(rel, de->d_name) : strdup(de->d_name);
		path = join(root, sub);
		if (lstat(path, &st) != 0)
			die(path, strerror(errno));
		if (S_ISDIR(st.st_mode))
			collect(root, sub, out);
		else if (S_ISREG(st.st_mode)) {
			out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
			out->v[out->n++] = sub;
			sub = NULL;
		}
		free(sub);
		free(path);
	}
	closedir(d);
	free(dir);
}

static void
check(struct archive *a, int r)
{
	if (r != ARCHIVE_OK)
		die("libarchive", archive_error_string(a));
}

static void
add_data(struct archive *a, const char *name, const void *buf, size_t len)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	/* A fixed time keeps archives identical from run to run. */
	archive_entry_set_mtime(e, 1741939200, 0);
	check(a, archive_write_header(a, e));
	if (len > 0 && archive_write_data(a, buf, len) != (la_ssize_t)len)
		die("libarchive", archive_error_string(a));
	archive_entry_free(e);
}

/* "C:\\WindowsAzure\\Logs\\WaAppAgent.log": a folder a customer zipped on
 * Windows with its full paths.  Returns a static buffer. */
static const char *
drive_name(const char *rel)
{
	static char buf[4096];
	size_t i;

	snprintf(buf, sizeof buf, "C:\\%s", rel);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '/')
			buf[i] = '\\';
	return buf;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
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

static void
set_format(struct archive *a, const char *format)
{
	int r;

	if (strcmp(format, "zip") == 0 || strcmp(format, "zip-drive") == 0)
		r = archive_write_set_format_zip(a);
	else if (strcmp(format, "7z") == 0)
		r = archive_write_set_format_7zip(a);
	else if (strncmp(format, "tar", 3) == 0) {
		r = archive_write_set_format_pax_restricted(a);
		if (r == ARCHIVE_OK && strcmp(format, "tar.gz") == 0)
			r = archive_write_add_filter_gzip(a);
		else if (r == ARCHIVE_OK && strcmp(format, "tar.xz") == 0)
			r = archive_write_add_filter_xz(a);
		else if (r == ARCHIVE_OK && strcmp(format, "tar.bz2") == 0)
			r = archive_write_add_filter_bzip2(a);
		else if (r == ARCHIVE_OK && strcmp(format, "tar.zst") == 0)
			r = archive_write_add_filter_zstd(a);
		else if (r == ARCHIVE_OK && strcmp(format, "tar") != 0)
			die("unknown format", format);
	} else
		die("unknown format", format);
	check(a, r);
}

/* The files of dir whose path starts with prefix (all when NULL) as a
 * zip in memory. */
static char *
inner_zip(const char *dir, const struct names *nm, const char *prefix,
    size_t *len)
{
	struct archive *a = archive_write_new();
	size_t cap = 1 << 20, used = 0, plen = strlen(prefix), i, n;
	char *out = xrealloc(NULL, cap), *path, *buf;

	/* A memory archive needs its size up front: grow and retry. */
	for (;;) {
		check(a, archive_write_set_format_zip(a));
		check(a, archive_write_open_memory(a, out, cap, &used));
		for (i = 0; i < nm->n; i++) {
			if (strncmp(nm->v[i], prefix, plen) != 0 ||
			    nm->v[i][plen] != '/')
				continue;
			path = join(dir, nm->v[i]);
			buf = slurp(path, &n);
			add_data(a, nm->v[i] + plen + 1, buf, n);
			free(buf);
			free(path);
		}
		if (archive_write_close(a) == ARCHIVE_OK)
			break;
		archive_write_free(a);
		a = archive_write_new();
		cap *= 2;
		out = xrealloc(out, cap);
	}
	archive_write_free(a);
	*len = used;
	return out;
}

static void
write_gz(const char *out, const char *file)
{
	struct archive *a = archive_write_new();
	size_t n;
	char *buf = slurp(file, &n);

	check(a, archive_write_set_format_raw(a));
	check(a, archive_write_add_filter_gzip(a));
	check(a, archive_write_open_filename(a, out));
	add_data(a, "data", buf, n);
	check(a, archive_write_close(a));
	archive_write_free(a);
	free(buf);
}

int
main(int argc, char **argv)
{
	struct archive *a;
	struct names nm = { NULL, 0 };
	const char *inner = argc > 4 ? argv[4] : NULL;
	char *path, *buf, *name;
	size_t i, n, plen = inner ? strlen(inner) : 0;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: mkbundle FORMAT OUT DIR [INNER]\n"
		    "       (FORMAT: zip, zip-drive (C:\\ names), 7z, tar, "
		    "tar.gz, tar.xz, tar.bz2, tar.zst)\n"
		    "       mkbundle gz OUT FILE\n");
		return 2;
	}
	if (strcmp(argv[1], "gz") == 0) {
		write_gz(argv[2], argv[3]);
		return 0;
	}
	collect(argv[3], "", &nm);
	qsort(nm.v, nm.n, sizeof *nm.v, cmp);

	a = archive_write_new();
	set_format(a, argv[1]);
	check(a, archive_write_open_filename(a, argv[2]));
	if (inner != NULL) {
		buf = inner_zip(argv[3], &nm, inner, &n);
		name = xrealloc(NULL, plen + 5);
		snprintf(name, plen + 5, "%s.zip", inner);
		add_data(a, name, buf, n);
		free(name);
		free(buf);
	}
	for (i = 0; i < nm.n; i++) {
		if (inner != NULL && strncmp(nm.v[i], inner, plen) == 0 &&
		    nm.v[i][plen] == '/')
			continue;
		path = join(argv[3], nm.v[i]);
		buf = slurp(path, &n);
		if (strcmp(argv[1], "zip-drive") == 0)
			add_data(a, drive_name(nm.v[i]), buf, n);
		else
			add_data(a, nm.v[i], buf, n);
		free(buf);
		free(path);
	}
	check(a, archive_write_close(a));
	archive_write_free(a);
	for (i = 0; i < nm.n; i++)
		free(nm.v[i]);
	free(nm.v);
	return 0;
}
