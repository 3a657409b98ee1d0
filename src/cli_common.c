#include "config.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "bundle.h"
#include "classify.h"
#include "cli.h"
#include "pack.h"
#include "redact.h"
#include "strbuf.h"
#include "xalloc.h"

static char	**pattern_dirs;
static size_t	  npattern_dirs;

void
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("vmtriage: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'vmtriage %s%s--help'.\n",
	    cmd != NULL ? cmd : "", cmd != NULL ? " " : "");
	exit(EXIT_USAGE);
}

/* --help: an option's words start here and wrap before this column. */
#define HELP_COLUMN	29
#define HELP_WIDTH	79

/* Text from column col on, wrapped at spaces before column width, the
 * lines after the first indented to col; a word too long for a line
 * has one of its own. */
static void
print_wrapped(FILE *f, const char *s, int col, int width)
{
	const char *sp;
	int room = width - col, n;

	if (*s == '\0')
		fputc('\n', f);
	while (*s != '\0') {
		n = (int)strlen(s);
		if (n > room) {
			for (sp = s + room; sp > s && *sp != ' '; sp--)
				;
			if (sp == s && (sp = strchr(s + room, ' ')) == NULL)
				sp = s + n;
			n = (int)(sp - s);
		}
		fprintf(f, "%.*s\n", n, s);
		s += n;
		while (*s == ' ')
			s++;
		if (*s != '\0')
			fprintf(f, "%*s", col, "");
	}
}

void
cli_print_options(FILE *f, const struct cli_option *opts)
{
	const struct cli_option *o;
	char left[64];

	for (o = opts; o->name != NULL; o++) {
		if (o->val < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->val,
			    o->name, o->arg != NULL ? " " : "",
			    o->arg != NULL ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name,
			    o->arg != NULL ? " " : "",
			    o->arg != NULL ? o->arg : "");
		fprintf(f, "  %-26s ", left);
		print_wrapped(f, o->help, HELP_COLUMN, HELP_WIDTH);
	}
}

void
cli_getopt_tables(const struct cli_option *opts, struct option **longopts,
    char **shortopts)
{
	const struct cli_option *o;
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, i = 0;

	for (o = opts; o->name != NULL; o++)
		n++;
	*longopts = xcalloc(n + 1, sizeof **longopts);
	/* No '+': options may follow the operands, as engineers type
	 * them ("vmtriage analyze logs.zip --format json"). */
	for (o = opts; o->name != NULL; o++, i++) {
		(*longopts)[i].name = o->name;
		(*longopts)[i].has_arg = o->has_arg;
		(*longopts)[i].val = o->val;
		if (o->val < 256) {
			strbuf_addch(&sb, o->val);
			if (o->has_arg)
				strbuf_addch(&sb, ':');
		}
	}
	*shortopts = strbuf_detach(&sb);
}

void
cli_print_exit_codes(FILE *f)
{
	fputs("Exit status:\n"
	    "  0  analysed, nothing found\n"
	    "  1  analysed, findings reported\n"
	    "  2  usage error\n"
	    "  3  no input could be read\n"
	    "  4  pattern pack error\n"
	    "  5  internal or system error\n", f);
}

void
cli_common_init(struct cli_common *co, const char *cmd, const char *format)
{
	memset(co, 0, sizeof *co);
	co->cmd = cmd;
	co->format = format;
	limits_default(&co->limits);
}

int
cli_common_option(struct cli_common *co, int c, const char *arg)
{
	switch (c) {
	case 'f':
		co->format = arg;
		return 1;
	case 'L':
		cli_limit_set(&co->limits, co->cmd, arg);
		return 1;
	case 'o':
		co->output = arg;
		return 1;
	case 'p':
		cli_patterns_add(arg);
		return 1;
	case 'q':
		co->quiet = 1;
		return 1;
	case CLI_OPT_COLOR:
		co->color = arg;
		return 1;
	}
	return 0;
}

const char *
cli_report_format(const char *cmd, const char *format)
{
	if (strcmp(format, "md") == 0)
		return "markdown";
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "markdown") != 0 && strcmp(format, "html") != 0)
		cli_usage_error(cmd, "--format takes text, json, markdown (md) "
		    "or html, not '%s'", format);
	return format;
}

const char *
cli_one_bundle(const char *cmd, int argc, char **argv)
{
	if (optind != argc - 1)
		cli_usage_error(cmd, optind == argc ? "which bundle? name a "
		    "directory, an archive or a log file" :
		    "one bundle at a time");
	return argv[optind];
}

void
cli_limit_set(struct limits *l, const char *cmd, const char *arg)
{
	char *err = NULL;

	if (limits_set(l, arg, &err) != 0)
		cli_usage_error(cmd, "%s", err);
}

void
cli_print_limits(FILE *f)
{
	struct limits l;
	struct strbuf b = STRBUF_INIT;

	limits_default(&l);
	limits_describe(&l, &b);
	fprintf(f, "Limits (--limit NAME=VALUE, repeatable; sizes take K, M, "
	    "G or T), with\ntheir defaults; what a limit stops is listed in "
	    "bundle.skipped:\n%s", strbuf_str(&b));
	strbuf_release(&b);
}

void
cli_patterns_add(const char *dir)
{
	pattern_dirs = xreallocarray(pattern_dirs, npattern_dirs + 1,
	    sizeof *pattern_dirs);
	pattern_dirs[npattern_dirs++] = xstrdup(dir);
}

void
cli_patterns_free(void)
{
	size_t i;

	for (i = 0; i < npattern_dirs; i++)
		free(pattern_dirs[i]);
	free(pattern_dirs);
	pattern_dirs = NULL;
	npattern_dirs = 0;
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The installed packs, or the source tree's when the program runs from
 * its build directory; then VMTRIAGE_PATTERNS; then --patterns.  Later
 * directories add packs or replace those of the same file name.
 */
void
cli_packs_load(struct packset *ps)
{
	struct strbuf err = STRBUF_INIT;
	const char **dirs;
	const char *env;
	char *envcopy = NULL, *tok, *save;
	size_t n = 0, i;

	dirs = xcalloc(npattern_dirs + 64, sizeof *dirs);
	if (is_dir(PATTERN_DIR))
		dirs[n++] = PATTERN_DIR;
	else if (is_dir(BUILD_PATTERN_DIR))
		dirs[n++] = BUILD_PATTERN_DIR;
	if ((env = getenv("VMTRIAGE_PATTERNS")) != NULL && *env != '\0') {
		envcopy = xstrdup(env);
		for (tok = strtok_r(envcopy, ":", &save); tok != NULL &&
		    n < 60; tok = strtok_r(NULL, ":", &save))
			dirs[n++] = tok;
	}
	for (i = 0; i < npattern_dirs; i++)
		dirs[n++] = pattern_dirs[i];
	if (packset_load(ps, dirs, n, &err) != 0) {
		fprintf(stderr, "vmtriage: the pattern packs have errors:\n%s",
		    strbuf_str(&err));
		exit(EXIT_PACK_ERROR);
	}
	strbuf_release(&err);
	free(envcopy);
	free(dirs);
}

static void
on_progress(void *arg, const struct bundle_stats *st, const char *path)
{
	struct cli_progress *p = arg;
	struct timespec now;
	size_t n = strlen(path);

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - p->last.tv_sec) * 1000 +
	    (now.tv_nsec - p->last.tv_nsec) / 1000000 < 150)
		return;
	p->last = now;
	p->shown = 1;
	/* Keep the line short: the tail of the path is what tells. */
	fprintf(stderr, "\r\033[Kvmtriage: %u files, %llu MiB read: %s%s",
	    st->files, (unsigned long long)(st->bytes >> 20),
	    n > 50 ? "..." : "", n > 50 ? path + n - 47 : path);
	fflush(stderr);
}

void
cli_progress_start(struct cli_progress *p, struct analysis *an, int quiet)
{
	memset(p, 0, sizeof *p);
	p->on = !quiet && isatty(STDERR_FILENO);
	if (p->on) {
		an->progress = on_progress;
		an->progress_arg = p;
	}
}

void
cli_progress_done(struct cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

int
cli_want_color(const char *cmd, const char *when, int fd)
{
	const char *nc;

	if (when == NULL || strcmp(when, "auto") == 0) {
		nc = getenv("NO_COLOR");
		return fd >= 0 && isatty(fd) && (nc == NULL || *nc == '\0');
	}
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	cli_usage_error(cmd, "--color takes auto, always or never, not '%s'",
	    when);
}

enum source_kind
cli_kind(const char *cmd, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	enum source_kind k;
	int i;

	if ((k = kind_from_name(name)) != KIND_UNKNOWN)
		return k;
	for (i = KIND_UNKNOWN + 1; i < KIND__COUNT; i++)
		strbuf_addf(&sb, "%s%s", sb.len > 0 ? ", " : "",
		    kind_name((enum source_kind)i));
	cli_usage_error(cmd, "no source kind '%s'; the kinds are: %s", name,
	    strbuf_str(&sb));
}

char *
cli_clean_text(const char *s)
{
	char *r = redact(s), *p;

	/* Redacted first: a tab may end a secret's value. */
	for (p = r; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return r;
}

void
cli_csv_field(FILE *f, const char *s, int last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL)
		fputs(s, f);
	else {
		fputc('"', f);
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	}
	fputs(last ? "\r\n" : ",", f);
}
