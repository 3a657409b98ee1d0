/*
 * vmtriage batch: many bundles, one JSON line each (JSONL) in the order
 * given, analysed in worker processes (batch.c) forked after the packs
 * are loaded; a summary CSV; progress on a terminal; a bundle that fails
 * is recorded as failed and the batch goes on; a previous run's JSONL
 * says what to skip when a batch is resumed.
 */
#include "config.h"

#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "audit.h"
#include "batch.h"
#include "classify.h"
#include "cli.h"
#include "diagnose.h"
#include "pack.h"
#include "redact.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

#define TIMEOUT_DEFAULT 600
#define MEMORY_DEFAULT "4G"
#define JOBS_MAX 1024
/* Bytes of a bundle read ahead: the kernel's own readahead does the
 * rest, and a huge bundle does not flush the page cache. */
#define READ_AHEAD_MAX ((off_t)16 << 20)
#define CSV_COLUMNS \
	"bundle,status,platform,top_cause,error_codes,confidence,seconds,error"

enum {
	OPT_APPEND = 256,
	OPT_AUDIT,
	OPT_EACH,
	OPT_FLEET_HTML,
	OPT_FROM,
	OPT_ISOLATE,
	OPT_MEMORY,
	OPT_SKIP_DONE,
	OPT_SUMMARY,
	OPT_TIMEOUT,
};

static const struct cli_option options[] = {
	{ "append", no_argument, OPT_APPEND, NULL,
	    "add to the -o and --summary files, not replace them" },
	{ "audit", no_argument, OPT_AUDIT, NULL,
	    "audit each bundle (as vmtriage audit); the summary has a "
	    "column per check" },
	{ "each", required_argument, OPT_EACH, "DIR",
	    "every entry of DIR is a bundle (repeatable)" },
	{ "fleet-html", required_argument, OPT_FLEET_HTML, "FILE",
	    "with --audit: the fleet's table (a row per VM, a column per "
	    "check) as HTML" },
	{ "from", required_argument, OPT_FROM, "FILE",
	    "bundle paths, one a line (-: standard input)" },
	CLI_OPTION_HELP,
	{ "isolate", no_argument, OPT_ISOLATE, NULL,
	    "a new worker process for every bundle (slower on small ones)" },
	{ "jobs", required_argument, 'j', "N",
	    "bundles analysed at once (default: the processors)" },
	{ "limit", required_argument, 'L', "NAME=VALUE",
	    "change a limit, as for analyze (repeatable)" },
	{ "memory", required_argument, OPT_MEMORY, "SIZE",
	    "memory a worker may add (default " MEMORY_DEFAULT "; 0: no limit)" },
	{ "output", required_argument, 'o', "FILE",
	    "write the JSON lines to FILE, not standard output" },
	CLI_OPTION_PATTERNS,
	{ "quiet", no_argument, 'q', NULL,
	    "no progress and no notes on standard error" },
	{ "skip-done", required_argument, OPT_SKIP_DONE, "FILE",
	    "skip the bundles an earlier JSONL records" },
	{ "summary", required_argument, OPT_SUMMARY, "FILE",
	    "write a CSV summary to FILE, one row a bundle" },
	{ "symptom", required_argument, 's', "CODE",
	    "the error code from the tickets, as for analyze" },
	{ "timeout", required_argument, OPT_TIMEOUT, "SECONDS",
	    "time a bundle may take (default 600; 0: no limit)" },
	{ NULL, 0, 0, NULL, NULL },
};

struct run {
	const struct packset	*ps;
	struct limits		 limits;
	const char		*symptom;
	const char		*memory_arg;
	double			 timeout;
	struct strv		 paths;		/* to analyse, in order */
	FILE			*out;
	const char		*out_name;
	FILE			*csv;
	const char		*csv_name;
	int			 quiet;
	int			 audit;		/* --audit: a fleet's checks */
	const char		*fleet_html;	/* --fleet-html FILE */
	struct fleet_row	*fleet;		/* a row a bundle */
	size_t			 nfleet;
	int			 progress;	/* a line on a terminal */
	int			 shown;
	size_t			 failed;
	size_t			 skipped;
	int			 write_error;
	struct timespec		 start;
	struct timespec		 last;
};

static void
usage(void)
{
	printf("Usage: vmtriage batch [OPTIONS] [BUNDLE...]\n"
	    "\n"
	    "Analyses many bundles, each as 'vmtriage analyze' would, in "
	    "parallel worker\n"
	    "processes, and writes one JSON line per bundle (JSONL) in the "
	    "order given:\n"
	    "the JSON report with a \"batch\" object added (bundle, status ok "
	    "or failed,\n"
	    "exit, error, seconds).  A bundle that cannot be read, crashes "
	    "its worker,\n"
	    "outgrows --memory or --timeout is recorded as failed and the "
	    "batch goes on.\n"
	    "A worker analyses bundle after bundle; a bundle that crashes a "
	    "worker which\n"
	    "had served others is analysed again in a new one, and that run "
	    "counts, so no\n"
	    "bundle's result depends on the bundles before it.\n"
	    "The bundles: the BUNDLE arguments, then each --each and --from "
	    "in the order\n"
	    "given (--each takes the entries of DIR in name order, not those "
	    "starting\n"
	    "with '.').\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
	printf("\n"
	    "Summary CSV columns (the top cause is the report's first "
	    "finding; error_codes,\nspace-separated, are those it "
	    "explains):\n  %s\n"
	    "Progress (count, rate, ETA) shows on standard error when it is "
	    "a terminal.\n"
	    "\n"
	    "Resume a batch that was stopped:\n"
	    "  vmtriage batch --skip-done out.jsonl --append -o out.jsonl "
	    "--each tickets/\n"
	    "\n"
	    "Examples:\n"
	    "  vmtriage batch -o out.jsonl --summary out.csv --each "
	    "tickets/\n"
	    "  find /srv/tickets -name '*.zip' | vmtriage batch -q --from - "
	    "> out.jsonl\n"
	    "  vmtriage batch -j 4 --timeout 120 a.zip b.zip c/\n"
	    "\n", CSV_COLUMNS);
	cli_print_limits(stdout);
	printf("\n"
	    "Exit status:\n"
	    "  0  every bundle analysed (with findings or not)\n"
	    "  2  usage error\n"
	    "  3  a bundle (or a list of them) could not be read: see its "
	    "line\n"
	    "  4  pattern pack error\n"
	    "  5  internal or system error (the output cannot be written)\n");
}

/*
 * Opens an output; with --append, at its end, after removing a last line
 * cut by a killed run.  *had says whether it held lines already.
 */
static FILE *
open_output(const char *path, int append, int *had)
{
	char buf[65536];
	off_t end, at;
	ssize_t n, i;
	FILE *f;
	int fd;

	*had = 0;
	if (!append) {
		if ((f = fopen(path, "w")) == NULL)
			goto fail;
		return f;
	}
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
		goto fail;
	if ((end = lseek(fd, 0, SEEK_END)) < 0)
		goto fail_fd;
	/* Back to the last newline, a buffer at a time. */
	for (at = end; at > 0; at -= n) {
		n = at > (off_t)sizeof buf ? (ssize_t)sizeof buf : (ssize_t)at;
		if (pread(fd, buf, (size_t)n, at - n) != n)
			goto fail_fd;
		for (i = n; i > 0 && buf[i - 1] != '\n'; i--)
			;
		if (i > 0) {
			at = at - n + i;
			break;
		}
	}
	if (at < 0)
		at = 0;
	if (at != end && ftruncate(fd, at) != 0)
		goto fail_fd;
	if (lseek(fd, 0, SEEK_END) < 0 || (f = fdopen(fd, "a")) == NULL)
		goto fail_fd;
	*had = at > 0;
	return f;
fail_fd:
	close(fd);
fail:
	fprintf(stderr, "vmtriage: cannot write '%s': %s\n", path,
	    strerror(errno));
	exit(EXIT_INTERNAL);
}

static void
csv_red(FILE *f, const char *s, int last)
{
	char *r = cli_clean_text(s);

	cli_csv_field(f, r, last);
	free(r);
}

/* The middle columns of a bundle's summary row: platform, top cause,
 * the codes it explains, confidence. */
static void
summary_report(FILE *f, const struct analysis *an, const struct diagnosis *d)
{
	struct strbuf codes = STRBUF_INIT;
	const struct verdict *top = NULL;
	size_t k;

	if (d->nfindings > 0) {
		top = &d->v[d->findings[0]];
		for (k = 0; k < top->ncodes; k++)
			strbuf_addf(&codes, "%s%s", k > 0 ? " " : "",
			    top->codes[k]);
	}
	csv_red(f, analysis_platform_name(an), 0);
	csv_red(f, top != NULL ? top->cause->id : "", 0);
	csv_red(f, strbuf_str(&codes), 0);
	csv_red(f, top != NULL ? confidence_name(top->confidence) : "", 0);
	strbuf_release(&codes);
}

/* With --audit: platform, verdict, one status a check in pack order. */
static void
summary_audit(FILE *f, const struct analysis *an, const struct audit *a)
{
	size_t k;

	csv_red(f, analysis_platform_name(an), 0);
	csv_red(f, audit_verdict(a), 0);
	for (k = 0; k < a->n; k++)
		csv_red(f, check_status_name(a->r[k].status), 0);
}

/*
 * In a worker: one bundle.  Its report (with --audit its audit) on one
 * line, then the middle columns of its summary row, then a NUL, so that
 * the caller knows it got them whole.  Everything is freed: the worker
 * goes on to the next bundle.
 */
static int
work_one(void *arg, size_t i, int fd)
{
	struct run *r = arg;
	struct analysis an;
	struct diagnosis d;
	struct audit a;
	struct report_opts ro;
	cJSON *doc;
	char *text, *err = NULL;
	FILE *f;
	int code, out;

	memset(&ro, 0, sizeof ro);
	analysis_init(&an, r->ps, &r->limits);
	if (analyze_run(&an, r->paths.v[i], &err) != 0) {
		fprintf(stderr, "vmtriage: %s\n", err);
		free(err);
		analysis_free(&an);
		return EXIT_NO_INPUT;
	}
	diagnose(&d, r->ps, &an, r->symptom);
	if (r->audit)
		audit_run(&a, r->ps, &an, &d);
	doc = r->audit ? report_audit_object(&an, &a) :
	    report_json_object(&an, &d, r->ps, &ro);
	if ((text = cJSON_PrintUnformatted(doc)) == NULL)
		fatal("out of memory rendering the JSON report");
	cJSON_Delete(doc);
	if ((out = dup(fd)) < 0 || (f = fdopen(out, "w")) == NULL)
		fatal("cannot write to the batch: %s", strerror(errno));
	fputs(text, f);
	fputc('\n', f);
	free(text);
	if (r->audit)
		summary_audit(f, &an, &a);
	else
		summary_report(f, &an, &d);
	fputc('\0', f);
	if (fclose(f) != 0)
		fatal("cannot write to the batch: %s", strerror(errno));
	if (r->audit)
		code = audit_fails(&a, CHECK_FAIL) ? EXIT_FINDINGS :
		    EXIT_NOTHING_FOUND;
	else
		code = d.nfindings > 0 ? EXIT_FINDINGS : EXIT_NOTHING_FOUND;
	if (r->audit)
		audit_free(&a);
	diagnosis_free(&d);
	analysis_free(&an);
	return code;
}

/* The summary's header: the columns of a report, or with --audit one
 * column per check of the packs. */
static void
csv_header(const struct run *r)
{
	size_t k;

	if (!r->audit) {
		fputs(CSV_COLUMNS "\r\n", r->csv);
		return;
	}
	fputs("bundle,status,platform,verdict,", r->csv);
	for (k = 0; k < r->ps->nchecks; k++)
		cli_csv_field(r->csv, r->ps->checks[k]->id, 0);
	fputs("seconds,error\r\n", r->csv);
}

/* Empty middle columns for a bundle that failed. */
static void
csv_empty(const struct run *r)
{
	size_t k, n = r->audit ? 2 + r->ps->nchecks : 4;

	for (k = 0; k < n; k++)
		fputc(',', r->csv);
}

/*
 * In the caller: asks the kernel to read the start of a bundle that will
 * be analysed soon, so that its worker finds it in memory rather than
 * waiting on the disk (or the network file system) with a processor
 * idle.  Archives only: a directory's files are many.
 */
static void
read_ahead(void *arg, size_t i)
{
	struct run *r = arg;
	struct stat st;
	int fd;

	if ((fd = open(r->paths.v[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		(void)posix_fadvise(fd, 0, st.st_size < READ_AHEAD_MAX ?
		    st.st_size : READ_AHEAD_MAX, POSIX_FADV_WILLNEED);
	close(fd);
}

/* The first line of a worker's standard error that says something,
 * without the program's name; NULL if none. */
static char *
first_message(const char *err)
{
	const char *p, *end, *q;

	for (p = err; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		for (q = p; q < end; q++)
			if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' &&
			    *q <= 'Z'))
				break;
		if (q == end)
			continue;
		if (strncmp(p, "vmtriage: ", 10) == 0)
			p += 10;
		return xstrndup(p, (size_t)(end - p));
	}
	return NULL;
}

/* Why a bundle failed, in words. */
static char *
failure(const struct run *r, const struct batch_result *res)
{
	char *msg = NULL, *said = first_message(res->err);
	const char *sep = said != NULL ? ": " : "", *s = said ? said : "";

	switch (res->status) {
	case BATCH_EXITED:
		if (res->code == EXIT_NO_INPUT && said != NULL)
			msg = xstrdup(said);
		else if (res->code == EXIT_NOTHING_FOUND ||
		    res->code == EXIT_FINDINGS)
			xasprintf(&msg, "the worker's report was cut%s%s",
			    sep, s);
		else
			xasprintf(&msg, "exit %d%s%s", res->code, sep, s);
		break;
	case BATCH_SIGNALLED:
		xasprintf(&msg, "killed by signal %d (%s)%s%s", res->code,
		    strsignal(res->code), sep, s);
		break;
	case BATCH_TIMED_OUT:
		xasprintf(&msg, "timed out after %.15g s (--timeout)",
		    r->timeout);
		break;
	case BATCH_TOO_LARGE:
		xasprintf(&msg, "report over %zu MiB", BATCH_OUTPUT_MAX >> 20);
		break;
	case BATCH_NOT_STARTED:
		msg = xstrdup(s);
		break;
	}
	free(said);
	/* Most likely the limit, which the message does not name. */
	if (r->memory_arg != NULL && strstr(msg, "out of memory") != NULL) {
		said = msg;
		xasprintf(&msg, "%s (a worker may add --memory %s)", said,
		    r->memory_arg);
		free(said);
	}
	return msg;
}

static void
progress_clear(struct run *r)
{
	if (r->shown)
		fputs("\r\033[K", stderr);
	r->shown = 0;
}

static double
since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
on_tick(void *arg, size_t finished, size_t running)
{
	struct run *r = arg;
	double s, rate, eta;
	char when[32];

	(void)running;
	if (!r->progress || (finished < r->paths.n && since(&r->last) < 0.2))
		return;
	clock_gettime(CLOCK_MONOTONIC, &r->last);
	s = since(&r->start);
	rate = s > 0 ? (double)finished / s : 0;
	if (finished == 0 || rate <= 0)
		snprintf(when, sizeof when, "?");
	else {
		eta = (double)(r->paths.n - finished) / rate + 0.5;
		snprintf(when, sizeof when, "%lu:%02lu",
		    (unsigned long)eta / 60, (unsigned long)eta % 60);
	}
	fprintf(stderr, "\r\033[Kvmtriage: %zu/%zu bundles", finished,
	    r->paths.n);
	if (r->failed > 0)
		fprintf(stderr, ", %zu failed", r->failed);
	fprintf(stderr, ", %.1f/s, ETA %s", rate, when);
	fflush(stderr);
	r->shown = 1;
}

/* The "batch" object: the only part of a line that is the batch's. */
static char *
batch_json(const char *bundle, int ok, int code, const char *error,
    double seconds)
{
	cJSON *b = cJSON_CreateObject();
	char *red, *text;

	red = redact(bundle);
	cJSON_AddStringToObject(b, "bundle", red);
	free(red);
	cJSON_AddStringToObject(b, "status", ok ? "ok" : "failed");
	if (code >= 0)
		cJSON_AddNumberToObject(b, "exit", code);
	else
		cJSON_AddNullToObject(b, "exit");
	if (error != NULL) {
		red = cli_clean_text(error);
		cJSON_AddStringToObject(b, "error", red);
		free(red);
	} else
		cJSON_AddNullToObject(b, "error");
	cJSON_AddNumberToObject(b, "seconds", seconds);
	text = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	if (text == NULL)
		fatal("out of memory rendering a batch line");
	return text;
}

/* A worker's output is whole: a line that is an object, then the CSV
 * columns, then a NUL.  The length of the line, or 0. */
static size_t
whole_report(const struct batch_result *res)
{
	const char *nl;

	if (res->status != BATCH_EXITED || (res->code != EXIT_NOTHING_FOUND &&
	    res->code != EXIT_FINDINGS) || res->outlen < 4 ||
	    res->out[res->outlen - 1] != '\0' || res->out[0] != '{' ||
	    (nl = memchr(res->out, '\n', res->outlen)) == NULL ||
	    nl[-1] != '}')
		return 0;
	return (size_t)(nl - res->out);
}

/* A VM of the fleet table, from its audit line (or why it failed). */
static void
fleet_add(struct run *r, const char *bundle, const char *line, size_t len,
    const char *msg)
{
	struct fleet_row *row;
	const cJSON *c, *checks, *b;
	cJSON *doc = NULL;
	size_t k;
	int s;

	r->fleet = xreallocarray(r->fleet, r->nfleet + 1, sizeof *r->fleet);
	row = &r->fleet[r->nfleet++];
	memset(row, 0, sizeof *row);
	row->bundle = xstrdup(bundle);
	if (len == 0 || (doc = cJSON_ParseWithLength(line, len)) == NULL) {
		row->error = xstrdup(msg != NULL ? msg : "no audit");
		return;
	}
	b = cJSON_GetObjectItemCaseSensitive(doc, "bundle");
	c = cJSON_GetObjectItemCaseSensitive(b, "platform");
	row->platform = xstrdup(cJSON_IsString(c) ? c->valuestring : "");
	c = cJSON_GetObjectItemCaseSensitive(doc, "verdict");
	row->verdict = xstrdup(cJSON_IsString(c) ? c->valuestring : "");
	row->status = xcalloc(r->ps->nchecks + 1, 1);
	checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	for (k = 0; k < r->ps->nchecks; k++) {
		row->status[k] = -1;
		cJSON_ArrayForEach(c, checks) {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(c,
			    "id");
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(c,
			    "status");

			if (!cJSON_IsString(id) || !cJSON_IsString(st) ||
			    strcmp(id->valuestring, r->ps->checks[k]->id) != 0)
				continue;
			for (s = 0; s < CHECK__COUNT; s++)
				if (strcmp(st->valuestring, check_status_name(
				    (enum check_status)s)) == 0)
					row->status[k] = (signed char)s;
		}
	}
	cJSON_Delete(doc);
}

static int
fleet_write(struct run *r, const char *path)
{
	FILE *f;
	size_t i;
	int ret = 0;

	if ((f = fopen(path, "w")) == NULL ||
	    report_fleet_html(f, r->ps, r->fleet, r->nfleet) != 0)
		ret = -1;
	if (f != NULL && fclose(f) != 0)
		ret = -1;
	if (ret != 0)
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n", path,
		    strerror(errno));
	for (i = 0; i < r->nfleet; i++) {
		free(r->fleet[i].bundle);
		free(r->fleet[i].platform);
		free(r->fleet[i].verdict);
		free(r->fleet[i].error);
		free(r->fleet[i].status);
	}
	free(r->fleet);
	r->fleet = NULL;
	r->nfleet = 0;
	return ret;
}

/* In the caller, in the bundles' order: the line and the CSV row. */
static int
on_done(void *arg, const struct batch_result *res)
{
	struct run *r = arg;
	const char *bundle = r->paths.v[res->index];
	char *b, *msg = NULL, secs[32];
	double s;
	size_t len;

	/* Milliseconds are what a person reads; fewer digits to diff. */
	s = (double)(long long)(res->seconds * 1000 + 0.5) / 1000;
	snprintf(secs, sizeof secs, "%.15g", s);
	if ((len = whole_report(res)) > 0) {
		b = batch_json(bundle, 1, res->code, NULL, s);
		/* The report's object, its closing brace replaced. */
		fwrite(res->out, 1, len - 1, r->out);
		fprintf(r->out, ",\"batch\":%s}\n", b);
	} else {
		msg = failure(r, res);
		b = batch_json(bundle, 0, res->status == BATCH_EXITED ?
		    res->code : -1, msg, s);
		fprintf(r->out, "{\"batch\":%s}\n", b);
		r->failed++;
	}
	free(b);
	if (r->fleet_html != NULL)
		fleet_add(r, bundle, res->out, len, msg);
	if (r->csv != NULL) {
		csv_red(r->csv, bundle, 0);
		cli_csv_field(r->csv, len > 0 ? "ok" : "failed", 0);
		if (len > 0)
			fputs(res->out + len + 1, r->csv);
		else
			csv_empty(r);
		cli_csv_field(r->csv, secs, 0);
		csv_red(r->csv, msg != NULL ? msg : "", 1);
	}
	if (msg != NULL && !r->quiet) {
		progress_clear(r);
		b = cli_clean_text(bundle);
		fprintf(stderr, "vmtriage: %s: %s\n", b, msg);
		free(b);
	}
	free(msg);
	/* Line by line: what a killed batch leaves is whole but the
	 * last line. */
	if (fflush(r->out) != 0 || ferror(r->out)) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n",
		    r->out_name != NULL ? r->out_name : "(standard output)",
		    strerror(errno));
		r->write_error = 1;
		return 1;
	}
	if (r->csv != NULL && (fflush(r->csv) != 0 || ferror(r->csv))) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n",
		    r->csv_name, strerror(errno));
		r->write_error = 1;
		return 1;
	}
	return 0;
}

/* "4G", "512M", "0": bytes, or -1. */
static int
parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	}
	if (*end != '\0' || (shift > 0 && v > (UINT64_MAX >> shift)))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

int
cli_batch(int argc, char **argv)
{
	struct option *longopts;
	struct packset ps;
	struct run r;
	struct batch_opts bo;
	struct batch_hooks hooks;
	struct cli_common co;
	struct strv sources = { NULL, 0 }, done = { NULL, 0 };
	const char *output, *summary = NULL, *memory = MEMORY_DEFAULT;
	char *shortopts, *end;
	size_t i;
	long jobs = 0;
	int c, append = 0, had, ret;

	memset(&r, 0, sizeof r);
	memset(&bo, 0, sizeof bo);
	cli_common_init(&co, "batch", NULL);
	bo.timeout = TIMEOUT_DEFAULT;
	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (cli_common_option(&co, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    jobs < 1 || jobs > JOBS_MAX)
				cli_usage_error("batch", "-j takes a number of "
				    "workers from 1 to %d, not '%s'", JOBS_MAX,
				    optarg);
			break;
		case 's':
			r.symptom = optarg;
			break;
		case OPT_APPEND:
			append = 1;
			break;
		case OPT_AUDIT:
			r.audit = 1;
			break;
		case OPT_FLEET_HTML:
			r.fleet_html = optarg;
			break;
		case OPT_EACH:
		case OPT_FROM:
			/* Read once the options are known, in this order. */
			xasprintf(&end, "%c%s", c == OPT_EACH ? 'e' : 'f',
			    optarg);
			strv_add(&sources, end);
			break;
		case OPT_ISOLATE:
			bo.reuse = 1;
			break;
		case OPT_MEMORY:
			memory = optarg;
			break;
		case OPT_SKIP_DONE:
			strv_add(&done, xstrdup(optarg));
			break;
		case OPT_SUMMARY:
			summary = optarg;
			break;
		case OPT_TIMEOUT:
			errno = 0;
			bo.timeout = strtod(optarg, &end);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    !(bo.timeout >= 0) || bo.timeout > 1e9)
				cli_usage_error("batch", "--timeout takes "
				    "seconds (0: no limit), not '%s'", optarg);
			break;
		default:
			cli_usage_error("batch", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	r.limits = co.limits;
	r.quiet = co.quiet;
	output = co.output;
	if (r.fleet_html != NULL && !r.audit)
		cli_usage_error("batch", "--fleet-html is the table of an "
		    "audit: add --audit");
	if (parse_size(memory, &bo.memory) != 0)
		cli_usage_error("batch", "--memory takes a size (512M, 4G; "
		    "0: no limit), not '%s'", memory);
	if (append && output == NULL && summary == NULL)
		cli_usage_error("batch", "--append adds to the -o or "
		    "--summary file: name one");
	if (optind == argc && sources.n == 0)
		cli_usage_error("batch", "which bundles? name them, or give "
		    "--each DIR or --from FILE");
	r.memory_arg = bo.memory > 0 ? memory : NULL;
	r.timeout = bo.timeout;
	bo.jobs = jobs > 0 ? (unsigned)jobs : batch_cpus();

	for (i = (size_t)optind; i < (size_t)argc; i++)
		strv_add(&r.paths, xstrdup(argv[i]));
	for (i = 0; i < sources.n; i++) {
		if (sources.v[i][0] == 'e')
			cli_batch_each(&r.paths, sources.v[i] + 1);
		else
			cli_batch_from(&r.paths, sources.v[i] + 1);
	}
	strv_free(&sources);
	/* What is done is read before the output, which may be the same
	 * file, is opened. */
	if (done.n > 0) {
		struct strv keys = { NULL, 0 };

		for (i = 0; i < done.n; i++)
			cli_batch_read_done(&keys, done.v[i], r.quiet);
		strv_sort(&keys);
		r.skipped = cli_batch_skip_done(&r.paths, &keys);
		strv_free(&keys);
	}
	strv_free(&done);

	cli_packs_load(&ps);
	r.ps = &ps;
	if (r.symptom != NULL && packset_symptom(&ps, r.symptom) == NULL)
		fprintf(stderr, "vmtriage: warning: '%s' is not an error code "
		    "the packs know; its causes cannot be walked\n", r.symptom);
	/* What the first call compiles, compiled once for every worker. */
	(void)classify("", (const unsigned char *)"", 0);

	r.out = stdout;
	if ((r.out_name = output) != NULL)
		r.out = open_output(output, append, &had);
	if ((r.csv_name = summary) != NULL) {
		r.csv = open_output(summary, append, &had);
		if (!had)
			csv_header(&r);
	}
	r.progress = !r.quiet && isatty(STDERR_FILENO);
	if (r.skipped > 0 && !r.quiet)
		fprintf(stderr, "vmtriage: %zu bundle%s already done, %zu "
		    "to go\n", r.skipped, r.skipped == 1 ? "" : "s",
		    r.paths.n);
	analyze_prepare();
	clock_gettime(CLOCK_MONOTONIC, &r.start);
	memset(&hooks, 0, sizeof hooks);
	hooks.work = work_one;
	hooks.done = on_done;
	hooks.tick = on_tick;
	hooks.ahead = read_ahead;
	hooks.arg = &r;
	(void)batch_run(&bo, r.paths.n, &hooks);
	progress_clear(&r);
	if (r.progress)
		fprintf(stderr, "vmtriage: %zu bundles in %.1f s, %zu "
		    "failed\n", r.paths.n, since(&r.start), r.failed);

	ret = r.failed > 0 ? EXIT_NO_INPUT : 0;
	if (r.fleet_html != NULL && fleet_write(&r, r.fleet_html) != 0)
		ret = EXIT_INTERNAL;
	if (r.write_error)
		ret = EXIT_INTERNAL;
	if (r.csv != NULL && fclose(r.csv) != 0 && !r.write_error) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n", summary,
		    strerror(errno));
		ret = EXIT_INTERNAL;
	}
	if ((r.out != stdout ? fclose(r.out) : fflush(r.out)) != 0 &&
	    !r.write_error) {
		fprintf(stderr, "vmtriage: cannot write the JSON lines: %s\n",
		    strerror(errno));
		ret = EXIT_INTERNAL;
	}
	strv_free(&r.paths);
	packset_free(&ps);
	cli_patterns_free();
	classify_cleanup();
	return ret;
}
