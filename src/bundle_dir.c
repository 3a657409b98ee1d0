/*
 * A bundle that is a directory: the files below it in name order, so that
 * the same tree always gives the same report.  Links are reported and
 * never followed; every open is relative to an already opened directory
 * and refuses links, so nothing outside the tree is read.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_int.h"
#include "xalloc.h"

/* Deeper than this is a loop or an attack, not a log collection. */
#define DIR_MAX_DEPTH 64

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entry names of an open directory, sorted; *count set. */
static char **
dir_names(DIR *d, size_t *count)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == alloc) {
			alloc = alloc == 0 ? 32 : alloc * 2;
			names = xreallocarray(names, alloc, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	*count = n;
	return names;
}

static int
walk_subdir(struct walk *w, int fd, const char *prefix, unsigned level)
{
	struct stat st;
	DIR *d;
	char **names, *path;
	size_t n, i;
	int sub;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	names = dir_names(d, &n);
	for (i = 0; i < n; i++) {
		if (w->stop)
			break;
		xasprintf(&path, "%s%s", prefix, names[i]);
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
			walk_skipped(w, path, "cannot stat: %s",
			    strerror(errno));
		else if (S_ISLNK(st.st_mode))
			walk_skipped(w, path, "symbolic link not followed");
		else if (S_ISDIR(st.st_mode)) {
			if (level + 1 >= DIR_MAX_DEPTH)
				walk_skipped(w, path, "not read: directories "
				    "nested deeper than %d", DIR_MAX_DEPTH);
			else if ((sub = openat(dirfd(d), names[i], O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
				walk_skipped(w, path, "cannot open: %s",
				    strerror(errno));
			else {
				char *subprefix;

				xasprintf(&subprefix, "%s/", path);
				if (walk_subdir(w, sub, subprefix,
				    level + 1) != 0)
					walk_skipped(w, path, "cannot read "
					    "directory: %s", strerror(errno));
				free(subprefix);
			}
		} else if (S_ISREG(st.st_mode))
			walk_file(w, dirfd(d), names[i], path);
		else
			walk_skipped(w, path, "special file not read");
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return 0;
}

int
walk_dir(struct walk *w, const char *path)
{
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	return walk_subdir(w, fd, "", 0);
}
