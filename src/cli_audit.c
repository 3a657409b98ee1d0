/*
 * vmtriage audit: one bundle against the readiness checklist of the
 * packs, before Azure Backup is turned on.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "audit.h"
#include "classify.h"
#include "cli.h"
#include "diagnose.h"
#include "pack.h"
#include "report.h"

enum {
	OPT_FAIL_ON = 256,
	OPT_ALL,
};

static const struct cli_option options[] = {
	{ "all", no_argument, OPT_ALL, NULL,
	    "show the evidence of passing checks too (text and HTML)" },
	{ "color", required_argument, CLI_OPT_COLOR, "WHEN",
	    "colour the text report: auto (default), always, never" },
	{ "fail-on", required_argument, OPT_FAIL_ON, "STATUS",
	    "exit 1 when a check fails (fail, the default) or also warns "
	    "(warn)" },
	{ "format", required_argument, 'f', "FORMAT",
	    "text (default), json, markdown (or md) or html" },
	CLI_OPTION_HELP,
	{ "limit", required_argument, 'L', "NAME=VALUE",
	    "change a limit on what is read (as for analyze; repeatable)" },
	{ "output", required_argument, 'o', "FILE",
	    "write the report to FILE, not standard output" },
	CLI_OPTION_PATTERNS,
	{ "quiet", no_argument, 'q', NULL,
	    "no progress on standard error" },
	{ NULL, 0, 0, NULL, NULL },
};

static void
usage(void)
{
	printf("Usage: vmtriage audit [OPTIONS] BUNDLE\n"
	    "\n"
	    "Checks a VM's bundle (its logs and configuration, and the "
	    "control-plane\n"
	    "exports beside them) against every documented prerequisite of "
	    "Azure Backup\n"
	    "before backup is turned on, and says for each check: pass, "
	    "warn, fail,\n"
	    "unknown (with the file that would decide it) or n/a (not for "
	    "this OS),\n"
	    "with the evidence, the fix and the doc.\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
	printf("\n"
	    "The checks are data: the \"checks\" of the pattern packs, with "
	    "the data they\n"
	    "compare with (minimum and latest agent versions, supported "
	    "systems) and\n"
	    "its source and date.  'vmtriage packs list' lists them.\n"
	    "\n"
	    "Exit status: 0 when no check fails (with --fail-on warn: none "
	    "fails or\n"
	    "warns), 1 otherwise; 2 usage, 3 no input, 4 pack error, 5 "
	    "internal error.\n");
}

int
cli_audit(int argc, char **argv)
{
	struct option *longopts;
	struct packset ps;
	struct analysis an;
	struct diagnosis d;
	struct audit a;
	struct cli_common co;
	struct report_opts ro;
	struct cli_progress prog;
	const char *format, *output, *bundle;
	char *shortopts, *err = NULL;
	enum check_status fail_on = CHECK_FAIL;
	FILE *out = stdout;
	int c, r;

	memset(&ro, 0, sizeof ro);
	cli_common_init(&co, "audit", "text");
	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (cli_common_option(&co, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case OPT_ALL:
			ro.all_checks = 1;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "fail") == 0)
				fail_on = CHECK_FAIL;
			else if (strcmp(optarg, "warn") == 0)
				fail_on = CHECK_WARN;
			else
				cli_usage_error("audit", "--fail-on takes fail or "
				    "warn, not '%s'", optarg);
			break;
		default:
			cli_usage_error("audit", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	format = cli_report_format("audit", co.format);
	output = co.output;
	bundle = cli_one_bundle("audit", argc, argv);

	cli_packs_load(&ps);
	if (ps.nchecks == 0) {
		fprintf(stderr, "vmtriage: the pattern packs hold no check "
		    "to audit with\n");
		packset_free(&ps);
		cli_patterns_free();
		return EXIT_PACK_ERROR;
	}
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
	diagnose(&d, &ps, &an, NULL);
	audit_run(&a, &ps, &an, &d);
	if (output != NULL && (out = fopen(output, "w")) == NULL) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n", output,
		    strerror(errno));
		r = EXIT_INTERNAL;
		goto done;
	}
	ro.color = strcmp(format, "text") == 0 &&
	    cli_want_color("audit", co.color, output != NULL ? -1 :
	    STDOUT_FILENO);
	if (strcmp(format, "json") == 0)
		r = report_audit_json(out, &an, &a, &ro);
	else if (strcmp(format, "markdown") == 0)
		r = report_audit_markdown(out, &an, &a, &ro);
	else if (strcmp(format, "html") == 0)
		r = report_audit_html(out, &an, &a, &ro);
	else
		r = report_audit_text(out, &an, &a, &ro);
	if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
		r = -1;
	if (r != 0) {
		fprintf(stderr, "vmtriage: cannot write the report: %s\n",
		    strerror(errno));
		r = EXIT_INTERNAL;
	} else
		r = audit_fails(&a, fail_on) ? EXIT_FINDINGS :
		    EXIT_NOTHING_FOUND;
done:
	audit_free(&a);
	diagnosis_free(&d);
out:
	analysis_free(&an);
	packset_free(&ps);
	cli_patterns_free();
	classify_cleanup();
	return r;
}
