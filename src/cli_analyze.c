/*
 * vmtriage analyze: one bundle, one report.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "classify.h"
#include "cli.h"
#include "diagnose.h"
#include "pack.h"
#include "report.h"
#include "timeline.h"
#include "xalloc.h"

/* The HTML report's timeline: the records this many seconds each side of
 * every timed evidence, at most this many. */
#define HTML_TIMELINE_SPAN	(15 * 60)
#define HTML_TIMELINE_MAX	300

enum {
	OPT_ALL_FACTS = 256,
};

static const struct cli_option options[] = {
	{ "all-facts", no_argument, OPT_ALL_FACTS, NULL,
	    "list every fact in the text, Markdown and HTML reports" },
	{ "color", required_argument, CLI_OPT_COLOR, "WHEN",
	    "colour the text report: auto (default), always, never" },
	{ "format", required_argument, 'f', "FORMAT",
	    "text (default), json, markdown (or md) or html" },
	CLI_OPTION_HELP,
	{ "limit", required_argument, 'L', "NAME=VALUE",
	    "change a limit on what is read (see below; repeatable)" },
	{ "output", required_argument, 'o', "FILE",
	    "write the report to FILE, not standard output" },
	CLI_OPTION_PATTERNS,
	{ "quiet", no_argument, 'q', NULL,
	    "no progress on standard error" },
	{ "symptom", required_argument, 's', "CODE",
	    "the error code from the ticket: walk its documented causes" },
	{ NULL, 0, 0, NULL, NULL },
};

static void
usage(void)
{
	printf("Usage: vmtriage analyze [OPTIONS] BUNDLE\n"
	    "\n"
	    "BUNDLE is a directory, an archive (zip, tar, tar.gz/xz/bz2/zst, "
	    "7z; archives\n"
	    "inside it are opened too) or a single log file.\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
	printf("\n"
	    "With --symptom, the report opens with that error code and says "
	    "for each of\n"
	    "its documented causes whether it was found, ruled out, or "
	    "could not be\n"
	    "evaluated with this bundle (and which file would decide it).\n"
	    "\n"
	    "Pattern packs: the installed ones, then the directories in "
	    "VMTRIAGE_PATTERNS\n"
	    "(colon-separated), then --patterns.\n"
	    "Colour: only on a terminal, never when NO_COLOR is set.\n"
	    "Markdown is for pasting into a ticket; HTML is one file with "
	    "nothing to fetch,\n"
	    "to open in a browser, attach or print.\n"
	    "\n");
	cli_print_limits(stdout);
	printf("\n");
	cli_print_exit_codes(stdout);
}

int
cli_analyze(int argc, char **argv)
{
	struct option *longopts;
	struct packset ps;
	struct analysis an;
	struct diagnosis d;
	struct cli_common co;
	struct report_opts ro;
	struct timeline tl;
	struct cli_progress prog;
	const char *format, *symptom = NULL, *output, *bundle;
	char *shortopts, *err = NULL;
	FILE *out = stdout;
	int c, r;

	memset(&ro, 0, sizeof ro);
	timeline_init(&tl, HTML_TIMELINE_MAX);
	cli_common_init(&co, "analyze", "text");
	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (cli_common_option(&co, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case 's':
			symptom = optarg;
			break;
		case OPT_ALL_FACTS:
			ro.all_facts = 1;
			break;
		default:
			cli_usage_error("analyze", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	format = cli_report_format("analyze", co.format);
	output = co.output;
	bundle = cli_one_bundle("analyze", argc, argv);

	cli_packs_load(&ps);
	if (symptom != NULL && packset_symptom(&ps, symptom) == NULL)
		fprintf(stderr, "vmtriage: warning: '%s' is not an error code "
		    "the packs know; its causes cannot be walked\n", symptom);

	analysis_init(&an, &ps, &co.limits);
	cli_progress_start(&prog, &an, co.quiet);
	r = analyze_run(&an, bundle, &err);
	cli_progress_done(&prog);
	if (r != 0) {
		fprintf(stderr, "vmtriage: %s\n", err);
		free(err);
		r = EXIT_NO_INPUT;
		goto out;
	}
	diagnose(&d, &ps, &an, symptom);
	/* The HTML report shows the records around its evidence: a second
	 * walk, as the evidence is known only now. */
	if (strcmp(format, "html") == 0) {
		if (timeline_around_evidence(&tl, &d, HTML_TIMELINE_SPAN) > 0 &&
		    timeline_walk(&tl, &an, &d, &err) == 0)
			ro.timeline = &tl;
		cli_progress_done(&prog);
		if (err != NULL) {
			fprintf(stderr, "vmtriage: warning: no timeline: %s\n",
			    err);
			free(err);
			err = NULL;
		}
	}
	if (output != NULL && (out = fopen(output, "w")) == NULL) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n", output,
		    strerror(errno));
		diagnosis_free(&d);
		r = EXIT_INTERNAL;
		goto out;
	}
	ro.color = strcmp(format, "text") == 0 &&
	    cli_want_color("analyze", co.color,
	    output != NULL ? -1 : STDOUT_FILENO);
	if (strcmp(format, "json") == 0)
		r = report_json(out, &an, &d, &ps, &ro);
	else if (strcmp(format, "markdown") == 0)
		r = report_markdown(out, &an, &d, &ps, &ro);
	else if (strcmp(format, "html") == 0)
		r = report_html(out, &an, &d, &ps, &ro);
	else
		r = report_text(out, &an, &d, &ps, &ro);
	if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
		r = -1;
	if (r != 0) {
		fprintf(stderr, "vmtriage: cannot write the report: %s\n",
		    strerror(errno));
		r = EXIT_INTERNAL;
	} else
		r = d.nfindings > 0 ? EXIT_FINDINGS : EXIT_NOTHING_FOUND;
	diagnosis_free(&d);
out:
	timeline_free(&tl);
	analysis_free(&an);
	packset_free(&ps);
	cli_patterns_free();
	classify_cleanup();
	return r;
}
