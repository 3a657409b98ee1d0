/*
 * vmtriage timeline: the records of every file of a bundle on one time
 * axis, oldest first, with the evidence of the findings marked; around a
 * time when asked.  The analysis runs as for analyze, with the timeline
 * as its tap, then diagnose() says which records are evidence.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "classify.h"
#include "cli.h"
#include "diagnose.h"
#include "pack.h"
#include "redact.h"
#include "strbuf.h"
#include "timeline.h"
#include "xalloc.h"

/* Entries kept by default, and at most. */
#define MAX_DEFAULT 10000
#define MAX_MAX 10000000UL
/* --window at most, in seconds: ten years. */
#define WINDOW_MAX_S (3650LL * 86400)

enum {
	OPT_AROUND = 256,
	OPT_MAX,
	OPT_WINDOW,
};

static const struct cli_option options[] = {
	{ "around", required_argument, OPT_AROUND, "TIME",
	    "only records near TIME (UTC unless it has an offset)" },
	{ "color", required_argument, CLI_OPT_COLOR, "WHEN",
	    "colour the text: auto (default), always, never" },
	{ "format", required_argument, 'f', "FORMAT",
	    "text (default) or csv" },
	CLI_OPTION_HELP,
	{ "kind", required_argument, 'k', "KIND",
	    "only records of this source kind (repeatable)" },
	{ "limit", required_argument, 'L', "NAME=VALUE",
	    "change a limit on what is read, as for analyze (repeatable)" },
	{ "max", required_argument, OPT_MAX, "N",
	    "keep at most N entries (default 10000)" },
	{ "output", required_argument, 'o', "FILE",
	    "write the timeline to FILE, not standard output" },
	CLI_OPTION_PATTERNS,
	{ "quiet", no_argument, 'q', NULL,
	    "no progress or notes on standard error" },
	{ "symptom", required_argument, 's', "CODE",
	    "the error code from the ticket, as for analyze" },
	{ "window", required_argument, OPT_WINDOW, "DURATION",
	    "the span each side of --around: 90s, 30m, 2h, 1d (default 30m)" },
	{ NULL, 0, 0, NULL, NULL },
};

struct opts {
	const char		*format;
	const char		*output;
	const char		*color;
	const char		*symptom;
	const char		*around_arg;
	const char		*window_arg;
	struct vtime		 around;
	int64_t			 window_us;
	size_t			 max;
	enum source_kind	*kinds;
	size_t			 nkinds;
	int			 quiet;
};

struct out {
	FILE	*f;
	int	 color;
};

static void
usage(void)
{
	printf("Usage: vmtriage timeline [OPTIONS] BUNDLE\n"
	    "\n"
	    "Prints the records of every file of BUNDLE on one time axis, "
	    "oldest first:\n"
	    "time (UTC, to the millisecond), file:line, level and the first "
	    "line of the\n"
	    "record.  A record that is evidence of a finding is marked '*' "
	    "with the\n"
	    "cause id; the failed backup job and what Azure saw of it, with "
	    "the error\n"
	    "code.  Times the VM wrote in its local time are made UTC "
	    "when the\n"
	    "bundle tells the VM's offset (systeminfo's Time Zone); "
	    "otherwise they are\n"
	    "marked \"local\" and placed as if they were UTC.  Records "
	    "without a time\n"
	    "have no place on the axis: 'vmtriage records' shows them.  "
	    "Secrets are\n"
	    "redacted as in reports.\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
	printf("\n"
	    "TIME is ISO 8601: 2024-05-01T10:20:30Z, 2024-05-01T12:20:30+02:00,"
	    "\n"
	    "or 2024-05-01 10:20:30 (UTC).  --window needs --around.  With "
	    "--around,\n"
	    "--max keeps the entries nearest to TIME; without it, the "
	    "newest.\n"
	    "CSV columns: time,zone,file,line,kind,level,cause,text.\n"
	    "\n"
	    "Examples:\n"
	    "  vmtriage timeline logs.zip | less\n"
	    "  vmtriage timeline --around 2024-05-01T10:20:30Z --window 15m "
	    "logs.zip\n"
	    "  vmtriage timeline --around '2024-05-01 12:20:30+02:00' "
	    "-k waagent.log \\\n"
	    "      -k vmsnapshot.log logs.zip\n"
	    "  vmtriage timeline --format csv -o timeline.csv logs.zip\n"
	    "\n"
	    "Exit status:\n"
	    "  0  the timeline was written\n"
	    "  2  usage error\n"
	    "  3  no input could be read\n"
	    "  4  pattern pack error\n"
	    "  5  cannot write the timeline, or another system error\n");
}

/* "90s", "30m", "2h", "1d" as microseconds; -1 if not one. */
static int
parse_duration(const char *s, int64_t *us)
{
	unsigned long long v;
	long long unit;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case 's':
		unit = 1;
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		return -1;
	}
	if (end[1] != '\0' || v > (unsigned long long)(WINDOW_MAX_S / unit))
		return -1;
	*us = (int64_t)v * unit * 1000000;
	return 0;
}

static void
parse_options(int argc, char **argv, struct opts *o, struct limits *limits)
{
	struct option *longopts;
	struct cli_common co;
	char *shortopts, *end;
	unsigned long n;
	int c;

	cli_common_init(&co, "timeline", o->format);
	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (cli_common_option(&co, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case 'k':
			o->kinds = xreallocarray(o->kinds, o->nkinds + 1,
			    sizeof *o->kinds);
			o->kinds[o->nkinds++] = cli_kind("timeline", optarg);
			break;
		case 's':
			o->symptom = optarg;
			break;
		case OPT_AROUND:
			o->around_arg = optarg;
			/* A time without an offset is UTC: the engineer
			 * copies it from a report or the portal. */
			if (timeparse_string(optarg, &o->around) != 0)
				cli_usage_error("timeline", "--around takes a "
				    "time such as 2024-05-01T10:20:30Z, not "
				    "'%s'", optarg);
			o->around.zone = VTIME_UTC;
			break;
		case OPT_MAX:
			errno = 0;
			n = isdigit((unsigned char)*optarg) ?
			    strtoul(optarg, &end, 10) : 0;
			if (n == 0 || errno != 0 || *end != '\0' ||
			    n > MAX_MAX)
				cli_usage_error("timeline", "--max takes a "
				    "number of entries from 1 to %lu, not '%s'",
				    MAX_MAX, optarg);
			o->max = n;
			break;
		case OPT_WINDOW:
			o->window_arg = optarg;
			if (parse_duration(optarg, &o->window_us) != 0)
				cli_usage_error("timeline", "--window takes a "
				    "duration such as 90s, 30m, 2h or 1d (at "
				    "most 3650d), not '%s'", optarg);
			break;
		default:
			cli_usage_error("timeline", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	o->format = co.format;
	o->output = co.output;
	o->color = co.color;
	o->quiet = co.quiet;
	*limits = co.limits;
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "csv") != 0)
		cli_usage_error("timeline", "--format takes text or csv, not "
		    "'%s'", o->format);
	if (o->window_arg != NULL && o->around_arg == NULL)
		cli_usage_error("timeline", "--window is the span each side "
		    "of --around: give --around TIME too");
	if (o->around_arg != NULL && o->window_arg == NULL) {
		o->window_arg = "30m";
		o->window_us = (int64_t)30 * 60 * 1000000;
	}
	(void)cli_one_bundle("timeline", argc, argv);
	(void)cli_want_color("timeline", o->color, -1);
}

static void
timeline_setup(struct timeline *tl, const struct opts *o)
{
	struct vtime from, to;
	size_t i;

	timeline_init(tl, o->max);
	for (i = 0; i < o->nkinds; i++)
		timeline_only_kind(tl, o->kinds[i]);
	if (o->around_arg != NULL) {
		from = to = o->around;
		from.us -= o->window_us;
		to.us += o->window_us;
		timeline_add_window(tl, &from, &to);
	}
}

/*
 * The local records the cap dropped were chosen before the VM's offset
 * was known: a second walk, with the offset, chooses them exactly; the
 * first analysis keeps the facts and the diagnosis.
 */
static int
walk_again(struct timeline *tl, const struct opts *o,
    const struct analysis *an, const struct diagnosis *d)
{
	struct timeline tl2;
	char *err = NULL;
	int r;

	timeline_setup(&tl2, o);
	r = timeline_walk(&tl2, an, d, &err);
	if (r != 0) {
		fprintf(stderr, "vmtriage: %s\n", err);
		free(err);
		timeline_free(&tl2);
		return -1;
	}
	timeline_free(tl);
	*tl = tl2;
	return 0;
}

static void
put_styled(struct out *o, const char *style, const char *s)
{
	if (o->color && style != NULL)
		fprintf(o->f, "%s%s\033[0m", style, s);
	else
		fputs(s, o->f);
}

/* Text of the header: redacted, its line ends kept. */
static void
put_red(struct out *o, const char *style, const char *s)
{
	char *r = redact(s);

	put_styled(o, style, r);
	free(r);
}

/* A piece of an entry: redacted and on one line. */
static void
put_clean(struct out *o, const char *style, const char *s)
{
	char *r = cli_clean_text(s);

	put_styled(o, style, r);
	free(r);
}

static void
zone_of(const struct timeline_entry *e, char *buf, size_t len)
{
	int m = e->offset_min < 0 ? -e->offset_min : e->offset_min;

	if (e->time.zone == VTIME_LOCAL)
		snprintf(buf, len, "local");
	else if (e->shifted)
		snprintf(buf, len, "local%c%02d:%02d",
		    e->offset_min < 0 ? '-' : '+', m / 60, m % 60);
	else
		snprintf(buf, len, "UTC");
}

static const char *
level_style(const char *level)
{
	if (level == NULL)
		return NULL;
	if (strcmp(level, "ERROR") == 0)
		return "\033[1;31m";
	if (strcmp(level, "WARNING") == 0)
		return "\033[33m";
	return NULL;
}

static void
put_count(struct out *o, const char *what, unsigned long n, const char *how)
{
	char *s;

	if (n == 0)
		return;
	xasprintf(&s, "%s: %lu (%s)\n", what, n, how);
	put_red(o, NULL, s);
	free(s);
}

static void
put_header(struct out *o, const struct timeline *tl, const struct opts *op,
    const struct analysis *an)
{
	const struct timeline_window *w;
	char from[40], to[40], *s;
	size_t i, nev = 0, nlocal = 0, nshifted = 0;
	int off = 0;

	for (i = 0; i < tl->n; i++) {
		nev += tl->v[i].cause != NULL;
		nlocal += tl->v[i].time.zone == VTIME_LOCAL;
		if (tl->v[i].shifted) {
			nshifted++;
			off = tl->v[i].offset_min;
		}
	}
	xasprintf(&s, "vmtriage timeline: %s (%u files)\n", an->path,
	    an->stats.files);
	put_red(o, "\033[1m", s);
	free(s);
	if (tl->nwindows > 0) {
		w = &tl->windows[0];
		vtime_format(&w->from, from, sizeof from);
		vtime_format(&w->to, to, sizeof to);
		xasprintf(&s, "window: %s .. %s (%s each side of %s)\n", from,
		    to, op->window_arg, op->around_arg);
		put_red(o, NULL, s);
		free(s);
	}
	xasprintf(&s, "shown: %zu entr%s, %zu marked '*' as evidence\n",
	    tl->n, tl->n == 1 ? "y" : "ies", nev);
	put_red(o, NULL, s);
	free(s);
	put_count(o, "outside the window", tl->outside,
	    "widen --window, or drop --around, to see them");
	put_count(o, "without a time", tl->untimed,
	    "'vmtriage records' shows them");
	put_count(o, "left out beyond --max", tl->dropped, tl->nwindows > 0 ?
	    "the farthest from --around; raise --max to see them" :
	    "the oldest; raise --max or use --around to see them");
	if (nshifted > 0) {
		xasprintf(&s, "local times: made UTC with the VM's offset "
		    "%c%02d:%02d%s%s%s\n", off < 0 ? '-' : '+', abs(off) / 60,
		    abs(off) % 60, an->utc_offset_fact != NULL ? " (from " : "",
		    an->utc_offset_fact != NULL ?
		    an->utc_offset_fact->ev.file : "",
		    an->utc_offset_fact != NULL ? ")" : "");
		put_red(o, NULL, s);
		free(s);
	}
	if (nlocal > 0)
		put_red(o, NULL, "local times: marked 'local', VM local time "
		    "with an unknown offset, placed as if UTC\n");
	put_red(o, NULL, "\n");
}

static void
put_entry(struct out *o, const struct timeline_entry *e, int width)
{
	char when[40], *s;

	timeline_time(e, when, sizeof when);
	xasprintf(&s, "%s%-*s", when, width - (int)strlen(when),
	    e->time.zone == VTIME_LOCAL ? " local" : "");
	put_styled(o, "\033[2m", s);
	free(s);
	if (e->cause != NULL) {
		xasprintf(&s, "* [%s]", e->cause);
		fputc(' ', o->f);
		put_clean(o, "\033[1;35m", s);
		fputc(' ', o->f);
		free(s);
	} else
		fputs("   ", o->f);
	if (e->line > 0)
		xasprintf(&s, "%s:%lu", e->file, e->line);
	else
		s = xstrdup(e->file);
	put_clean(o, "\033[36m", s);
	free(s);
	fputs("  ", o->f);
	put_styled(o, level_style(e->level), e->level != NULL ? e->level : "-");
	fputs("  ", o->f);
	/* Redacted whole, then "..." after a cut. */
	xasprintf(&s, "%s%s", e->text, e->cut ? "..." : "");
	put_clean(o, e->cause != NULL ? "\033[1m" : NULL, s);
	free(s);
	fputc('\n', o->f);
}

static void
write_text(struct out *o, const struct timeline *tl, const struct opts *op,
    const struct analysis *an)
{
	size_t i;
	int width = 24;

	for (i = 0; i < tl->n; i++)
		if (tl->v[i].time.zone == VTIME_LOCAL)
			width = 30;
	put_header(o, tl, op, an);
	for (i = 0; i < tl->n; i++)
		put_entry(o, &tl->v[i], width);
}

static void
csv_red(FILE *f, const char *s, int last)
{
	char *r = cli_clean_text(s);

	cli_csv_field(f, r, last);
	free(r);
}

static void
write_csv(FILE *f, const struct timeline *tl)
{
	const struct timeline_entry *e;
	char when[40], zone[32], line[24];
	size_t i;

	fputs("time,zone,file,line,kind,level,cause,text\r\n", f);
	for (i = 0; i < tl->n; i++) {
		e = &tl->v[i];
		timeline_time(e, when, sizeof when);
		zone_of(e, zone, sizeof zone);
		if (e->line > 0)
			snprintf(line, sizeof line, "%lu", e->line);
		else
			*line = '\0';
		cli_csv_field(f, when, 0);
		cli_csv_field(f, zone, 0);
		csv_red(f, e->file, 0);
		cli_csv_field(f, line, 0);
		cli_csv_field(f, kind_name(e->kind), 0);
		cli_csv_field(f, e->level != NULL ? e->level : "", 0);
		csv_red(f, e->cause != NULL ? e->cause : "", 0);
		csv_red(f, e->text, 1);
	}
}

/* The counts the CSV cannot carry, on standard error. */
static void
csv_notes(const struct timeline *tl)
{
	if (tl->outside > 0)
		fprintf(stderr, "vmtriage: %lu records outside the window\n",
		    tl->outside);
	if (tl->untimed > 0)
		fprintf(stderr, "vmtriage: %lu records without a time "
		    "('vmtriage records' shows them)\n", tl->untimed);
	if (tl->dropped > 0)
		fprintf(stderr, "vmtriage: %lu records left out beyond --max "
		    "%zu\n", tl->dropped, tl->cap);
}

int
cli_timeline(int argc, char **argv)
{
	struct opts o;
	struct packset ps;
	struct analysis an;
	struct diagnosis d;
	struct limits limits;
	struct timeline tl;
	struct cli_progress prog;
	struct out out;
	const char *path;
	char *err = NULL;
	int r;

	memset(&o, 0, sizeof o);
	o.format = "text";
	o.max = MAX_DEFAULT;
	parse_options(argc, argv, &o, &limits);
	path = argv[optind];

	cli_packs_load(&ps);
	if (o.symptom != NULL && packset_symptom(&ps, o.symptom) == NULL)
		fprintf(stderr, "vmtriage: warning: '%s' is not an error code "
		    "the packs know; its causes cannot be walked\n", o.symptom);

	timeline_setup(&tl, &o);
	analysis_init(&an, &ps, &limits);
	an.tap = timeline_tap;
	an.tap_arg = &tl;
	cli_progress_start(&prog, &an, o.quiet);
	r = analyze_run(&an, path, &err);
	cli_progress_done(&prog);
	if (r != 0) {
		fprintf(stderr, "vmtriage: %s\n", err);
		free(err);
		r = EXIT_NO_INPUT;
		goto out;
	}
	diagnose(&d, &ps, &an, o.symptom);
	timeline_finish(&tl, &an, &d);
	if (tl.inexact && walk_again(&tl, &o, &an, &d) != 0) {
		r = EXIT_NO_INPUT;
		goto out_d;
	}

	out.f = stdout;
	if (o.output != NULL && (out.f = fopen(o.output, "w")) == NULL) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n", o.output,
		    strerror(errno));
		r = EXIT_INTERNAL;
		goto out_d;
	}
	out.color = strcmp(o.format, "text") == 0 && cli_want_color("timeline",
	    o.color, o.output != NULL ? -1 : STDOUT_FILENO);
	if (strcmp(o.format, "csv") == 0) {
		write_csv(out.f, &tl);
		if (!o.quiet)
			csv_notes(&tl);
	} else
		write_text(&out, &tl, &o, &an);
	r = ferror(out.f) ? -1 : 0;
	if (out.f != stdout ? fclose(out.f) != 0 : fflush(out.f) != 0)
		r = -1;
	if (r != 0) {
		fprintf(stderr, "vmtriage: cannot write the timeline: %s\n",
		    strerror(errno));
		r = EXIT_INTERNAL;
	} else
		r = 0;
out_d:
	diagnosis_free(&d);
out:
	timeline_free(&tl);
	analysis_free(&an);
	packset_free(&ps);
	free(o.kinds);
	cli_patterns_free();
	classify_cleanup();
	return r;
}
