/*
 * The bundles vmtriage batch is given: operands, the entries of a folder
 * (--each), paths one a line from a file or standard input (--from), less
 * those a previous run's JSONL recorded (--skip-done).  What cannot be
 * read stops the batch before it starts, with exit status 3.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "redact.h"
#include "xalloc.h"

void
strv_add(struct strv *sv, char *s)
{
	sv->v = xreallocarray(sv->v, sv->n + 1, sizeof *sv->v);
	sv->v[sv->n++] = s;
}

void
strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strv_sort(struct strv *sv)
{
	if (sv->n > 0)
		qsort(sv->v, sv->n, sizeof *sv->v, cmp_str);
}

/* The entries of dir, in name order: a folder of ticket attachments. */
void
cli_batch_each(struct strv *paths, const char *dir)
{
	struct strv names = { NULL, 0 };
	struct dirent *de;
	DIR *d;
	size_t i, len = strlen(dir);
	char *p;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "vmtriage: cannot list '%s': %s\n", dir,
		    strerror(errno));
		exit(EXIT_NO_INPUT);
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strv_add(&names, xstrdup(de->d_name));
	closedir(d);
	strv_sort(&names);
	for (i = 0; i < names.n; i++) {
		xasprintf(&p, "%s%s%s", dir,
		    len > 0 && dir[len - 1] == '/' ? "" : "/", names.v[i]);
		strv_add(paths, p);
	}
	strv_free(&names);
}

/* Paths one a line, as find, GNU parallel, Spark's pipe or a shard of
 * a list give them; a CR before the LF and empty lines go. */
void
cli_batch_from(struct strv *paths, const char *file)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (strcmp(file, "-") == 0)
		f = stdin;
	else if ((f = fopen(file, "r")) == NULL) {
		fprintf(stderr, "vmtriage: cannot read '%s': %s\n", file,
		    strerror(errno));
		exit(EXIT_NO_INPUT);
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			strv_add(paths, xstrdup(line));
	}
	if (ferror(f)) {
		fprintf(stderr, "vmtriage: cannot read '%s': %s\n", file,
		    strerror(errno));
		exit(EXIT_NO_INPUT);
	}
	free(line);
	if (f != stdin)
		fclose(f);
}

/*
 * The bundles a previous run recorded (.batch.bundle of each line, as
 * written: redacted).  A last line without its newline is what a killed
 * run leaves: it is ignored, and the bundle is analysed again.  A file
 * that does not exist records nothing, so that one command line starts
 * a batch and resumes it.
 */
void
cli_batch_read_done(struct strv *done, const char *file, int quiet)
{
	cJSON *j, *b;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	ssize_t n;

	if ((f = fopen(file, "r")) == NULL) {
		if (errno == ENOENT)
			return;
		fprintf(stderr, "vmtriage: cannot read '%s': %s\n", file,
		    strerror(errno));
		exit(EXIT_NO_INPUT);
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] != '\n')
			break;
		j = cJSON_ParseWithLength(line, (size_t)n);
		b = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(j, "batch"), "bundle");
		if (cJSON_IsString(b))
			strv_add(done, xstrdup(b->valuestring));
		else if (!quiet)
			fprintf(stderr, "vmtriage: %s:%lu is not a line of "
			    "vmtriage batch: ignored\n", file, lineno);
		cJSON_Delete(j);
	}
	free(line);
	fclose(f);
}

/* Drops the bundles done names; done is sorted. */
size_t
cli_batch_skip_done(struct strv *paths, const struct strv *done)
{
	size_t i, kept = 0, skipped = 0;
	char *key;

	for (i = 0; i < paths->n; i++) {
		key = redact(paths->v[i]);
		if (done->n > 0 && bsearch(&key, done->v, done->n,
		    sizeof *done->v, cmp_str) != NULL) {
			free(paths->v[i]);
			skipped++;
		} else
			paths->v[kept++] = paths->v[i];
		free(key);
	}
	paths->n = kept;
	return skipped;
}
