/*
 * A fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput() once on
 * each file named, or on each file of a directory named (in name order,
 * not recursing), so that saved crash inputs and seeds are replayed by
 * `make check` with any compiler.  Arguments starting with '-' are
 * skipped, so that a fuzzer's command line can be reused.
 *
 *   replay_fuzz_xml fuzz/regress/fuzz_xml crash-1234
 *
 * A crash aborts the program; otherwise it prints how many inputs ran
 * and exits 0, or 1 if an argument could not be read or named nothing.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xalloc.h"

/* Targets that need no set-up leave it out. */
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/* Exactly size bytes, so that a read past the end is caught. */
static int
run_file(const char *path)
{
	struct stat st;
	unsigned char *buf;
	size_t n = 0;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	buf = xmalloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (st.st_size > 0)
		n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (n != (size_t)st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of inputs run, -1 on a read error. */
static int
run_dir(const char *dir)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL, *path;
	size_t n = 0, i;
	int ran = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			fprintf(stderr, "replay: %s\n", path);
			if (ran >= 0)
				ran = run_file(path) == 0 ? ran + 1 : -1;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return ran;
}

int
main(int argc, char **argv)
{
	struct stat st;
	int i, r, total = 0, failed = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			r = run_dir(argv[i]);
		else
			r = run_file(argv[i]) == 0 ? 1 : -1;
		if (r < 0)
			failed = 1;
		else
			total += r;
	}
	printf("%s: %d input%s replayed\n", argv[0], total,
	    total == 1 ? "" : "s");
	return failed || total == 0 ? 1 : 0;
}
