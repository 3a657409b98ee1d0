/*
 * vmtriage explain CODE|CAUSE|CHECK: what the pattern packs say of an error
 * code or a cause, without a bundle.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "cli.h"
#include "explain.h"
#include "pack.h"
#include "redact.h"
#include "xalloc.h"

/* Names offered for an unknown one. */
#define SUGGESTIONS_MAX 5

static const struct cli_option options[] = {
	{ "color", required_argument, CLI_OPT_COLOR, "WHEN",
	    "colour the text: auto (default), always, never" },
	{ "format", required_argument, 'f', "FORMAT",
	    "text (default), json or markdown" },
	CLI_OPTION_HELP,
	{ "list", no_argument, 'l', NULL,
	    "every error code and every cause (also without a name)" },
	{ "output", required_argument, 'o', "FILE",
	    "write to FILE, not standard output" },
	CLI_OPTION_PATTERNS,
	{ NULL, 0, 0, NULL, NULL },
};

static void
usage(void)
{
	printf("Usage: vmtriage explain [OPTIONS] [CODE|CAUSE|CHECK]\n"
	    "\n"
	    "What the pattern packs say, without a bundle:\n"
	    "  CODE   an error code from the ticket (any case): its message "
	    "and doc, then\n"
	    "         the causes that explain it in catalogue order, each "
	    "with the evidence\n"
	    "         that finds it or rules it out, the files it needs, "
	    "the causes it leads\n"
	    "         to, its fix and doc\n"
	    "  CAUSE  a cause id of the fault catalogue: the same, with the "
	    "error codes it\n"
	    "         explains and the causes that lead to it\n"
	    "  CHECK  a readiness check of vmtriage audit (check.python): "
	    "its fail, warn\n"
	    "         and pass rules, the causes it fails on, the files it "
	    "needs, the data\n"
	    "         it compares with, its fix and doc\n"
	    "Without a name, or with --list: every error code, cause and "
	    "check.\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
	printf("\n"
	    "Examples:\n"
	    "  vmtriage explain GuestAgentSnapshotTaskStatusError\n"
	    "  vmtriage explain network.wireserver-unreachable\n"
	    "  vmtriage explain -f markdown -o code.md "
	    "usererrorguestagentstatusunavailable\n"
	    "  vmtriage explain --format json --list | jq -r '.causes[].id'\n"
	    "\n"
	    "Exit status:\n"
	    "  0  printed\n"
	    "  2  usage error, or a name the packs do not know (with "
	    "suggestions)\n"
	    "  4  pattern pack error\n"
	    "  5  cannot write the output\n");
}

/* The name is neither a code nor a cause: say which ones are near. */
static void
unknown_name(const struct packset *ps, const char *name)
{
	const char *near[SUGGESTIONS_MAX];
	size_t n, i;
	char *r;

	r = redact(name);
	fprintf(stderr, "vmtriage: '%s' is no error code, cause or check the "
	    "packs know\n", r);
	free(r);
	n = explain_suggest(ps, name, near, SUGGESTIONS_MAX);
	if (n > 0)
		fprintf(stderr, "Did you mean:\n");
	for (i = 0; i < n; i++) {
		r = redact(near[i]);
		fprintf(stderr, "  %s\n", r);
		free(r);
	}
	fprintf(stderr, "'vmtriage explain --list' lists them all.\n");
}

int
cli_explain(int argc, char **argv)
{
	struct option *longopts;
	struct packset ps;
	struct explain e;
	struct cli_common co;
	const char *format, *output;
	char *shortopts;
	FILE *out = stdout;
	int c, list = 0, r, use_color;

	cli_common_init(&co, "explain", "text");
	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (cli_common_option(&co, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case 'l':
			list = 1;
			break;
		default:
			cli_usage_error("explain", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	format = co.format;
	output = co.output;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "markdown") != 0)
		cli_usage_error("explain", "--format takes text, json or "
		    "markdown, not '%s'", format);
	if (argc - optind > 1)
		cli_usage_error("explain", "one error code, cause or check at a "
		    "time");
	if (list && optind < argc)
		cli_usage_error("explain", "--list takes no name");
	/* --color is checked whatever the format. */
	use_color = cli_want_color("explain", co.color, output != NULL ? -1 :
	    STDOUT_FILENO) && strcmp(format, "text") == 0;

	cli_packs_load(&ps);
	memset(&e, 0, sizeof e);
	e.what = EXPLAIN_LIST;
	if (optind < argc && explain_lookup(&ps, argv[optind], &e) != 0) {
		unknown_name(&ps, argv[optind]);
		r = EXIT_USAGE;
		goto out;
	}
	if (output != NULL && (out = fopen(output, "w")) == NULL) {
		fprintf(stderr, "vmtriage: cannot write '%s': %s\n", output,
		    strerror(errno));
		r = EXIT_INTERNAL;
		goto out;
	}
	if (strcmp(format, "json") == 0)
		r = explain_json(out, &ps, &e);
	else if (strcmp(format, "markdown") == 0)
		r = explain_markdown(out, &ps, &e);
	else
		r = explain_text(out, &ps, &e, use_color);
	if (out != stdout ? fclose(out) != 0 : fflush(out) != 0)
		r = -1;
	if (r != 0) {
		fprintf(stderr, "vmtriage: cannot write the explanation: %s\n",
		    strerror(errno));
		r = EXIT_INTERNAL;
	}
out:
	packset_free(&ps);
	cli_patterns_free();
	classify_cleanup();
	return r;
}
