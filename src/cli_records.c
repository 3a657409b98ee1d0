/*
 * vmtriage records: the records the parsers make of a bundle, one per
 * line, as the pattern packs see them.  This is what a pack author reads
 * to write a signal: the source kind, the level, the message a regex
 * runs on, and the fields "where" conditions test.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "classify.h"
#include "cli.h"
#include "pack.h"
#include "redact.h"
#include "strbuf.h"
#include "xalloc.h"

static const struct cli_option options[] = {
	CLI_OPTION_HELP,
	{ "kind", required_argument, 'k', "KIND",
	    "only records of this source kind (e.g. waagent.log)" },
	{ "limit", required_argument, 'L', "NAME=VALUE",
	    "change a limit on what is read, as for analyze (repeatable)" },
	{ NULL, 0, 0, NULL, NULL },
};

struct tap {
	enum source_kind	 only;	/* KIND_UNKNOWN: all */
	struct strbuf		 line;
};

static void
usage(void)
{
	printf("Usage: vmtriage records [OPTIONS] BUNDLE\n"
	    "\n"
	    "Prints every record the parsers make of BUNDLE, one per line:\n"
	    "  FILE:LINE  TIME  KIND  LEVEL  MESSAGE  {field=value ...}\n"
	    "(FILE alone for a source without lines: JSON, .evtx).\n"
	    "MESSAGE is what a signal's regex reads; the fields are what its\n"
	    "\"where\" conditions test.  Secrets are redacted as in reports.\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
}

static void
put_one_line(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addch(sb, s[i] == '\n' ? ' ' : s[i] == '\t' ? ' ' :
		    s[i]);
}

static void
on_record(void *arg, const struct record *r)
{
	struct tap *t = arg;
	char when[64], *red;
	unsigned i;

	if (t->only != KIND_UNKNOWN && r->kind != t->only)
		return;
	strbuf_reset(&t->line);
	vtime_format(&r->time, when, sizeof when);
	strbuf_addstr(&t->line, r->member->path);
	if (r->line > 0)
		strbuf_addf(&t->line, ":%lu", r->line);
	strbuf_addf(&t->line, "\t%s\t%s\t%s\t", *when != '\0' ? when : "-",
	    kind_name(r->kind), r->level != NULL ? r->level : "-");
	put_one_line(&t->line, r->msg != NULL ? r->msg : "",
	    r->msg != NULL ? r->msg_len : 0);
	strbuf_addstr(&t->line, "\t{");
	for (i = 0; i < r->nfields; i++) {
		strbuf_addf(&t->line, "%s%s=", i > 0 ? " " : "",
		    r->fields[i].name);
		put_one_line(&t->line, r->fields[i].value,
		    strlen(r->fields[i].value));
	}
	strbuf_addstr(&t->line, "}");
	red = redact(strbuf_str(&t->line));
	puts(red);
	free(red);
}

int
cli_records(int argc, char **argv)
{
	struct option *longopts;
	struct packset ps;
	struct analysis an;
	struct cli_common co;
	struct tap t;
	char *shortopts, *err = NULL;
	int c, r = 0;

	memset(&t, 0, sizeof t);
	t.only = KIND_UNKNOWN;
	cli_common_init(&co, "records", NULL);
	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (cli_common_option(&co, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case 'k':
			t.only = cli_kind("records", optarg);
			break;
		default:
			cli_usage_error("records", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	if (optind != argc - 1)
		cli_usage_error("records", "which bundle?");

	/* The matcher needs a packset; an empty one matches nothing. */
	memset(&ps, 0, sizeof ps);
	strbuf_init(&t.line, 0);
	analysis_init(&an, &ps, &co.limits);
	an.tap = on_record;
	an.tap_arg = &t;
	if (analyze_run(&an, argv[optind], &err) != 0) {
		fprintf(stderr, "vmtriage: %s\n", err);
		free(err);
		r = EXIT_NO_INPUT;
	}
	analysis_free(&an);
	strbuf_release(&t.line);
	classify_cleanup();
	return r;
}
