/*
 * vmtriage packs list | lint | test: the pattern packs, shown and checked.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "cli.h"
#include "pack.h"
#include "strbuf.h"

static const struct cli_option options[] = {
	CLI_OPTION_HELP,
	CLI_OPTION_PATTERNS,
	{ NULL, 0, 0, NULL, NULL },
};

static void
usage(void)
{
	printf("Usage: vmtriage packs [OPTIONS] list|lint|test\n"
	    "\n"
	    "  list   the packs, their causes and the error codes they "
	    "explain\n"
	    "  lint   load every pack and check it for errors and "
	    "inconsistencies\n"
	    "  test   run every signal's example lines through the real "
	    "parsers:\n"
	    "         lines under 'match' must match, lines under "
	    "'no_match' must not\n"
	    "\n"
	    "Options:\n");
	cli_print_options(stdout, options);
	printf("\nExit status 4 when a pack has an error, a lint warning or "
	    "a failing example.\n");
}

/* The audit's checks and the data they compare with, and its date. */
static void
list_checks(const struct packset *ps)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (ps->nchecks > 0)
		printf("\n%zu checks (vmtriage audit)\n", ps->nchecks);
	for (i = 0; i < ps->nchecks; i++)
		printf("check %-32s %s\n", ps->checks[i]->id,
		    ps->checks[i]->title);
	if (ps->ndata > 0)
		printf("\n");
	for (i = 0; i < ps->ndata; i++) {
		strbuf_reset(&sb);
		pack_data_describe(ps->data[i], &sb);
		printf("data %-33s %s (as of %s)\n", ps->data[i]->id,
		    strbuf_str(&sb), ps->data[i]->as_of);
	}
	strbuf_release(&sb);
}

static void
list(const struct packset *ps)
{
	const struct cause *c;
	size_t i, j;

	for (i = 0; i < ps->npacks; i++)
		printf("pack %-20s %s\n", ps->packs[i]->name,
		    ps->packs[i]->path);
	printf("\n%zu signals, %zu facts, %zu causes, %zu error codes\n\n",
	    ps->nsignals, ps->nfacts, ps->ncauses, ps->nsymptoms);
	for (i = 0; i < ps->ncauses; i++) {
		c = ps->causes[i];
		printf("%-36s %s%s%s  %s\n", c->id,
		    c->platforms & PLAT_LINUX ? "L" : "-",
		    c->platforms & PLAT_WINDOWS ? "W" : "-",
		    c->platforms & PLAT_CONTROL ? "C" : "-", c->title);
		for (j = 0; j < c->nexplains; j++)
			printf("%-36s      explains %s\n", "", c->explains[j]);
	}
	printf("\n");
	for (i = 0; i < ps->nsymptoms; i++)
		printf("%-44s %s\n", ps->symptoms[i]->code,
		    ps->symptoms[i]->message);
	list_checks(ps);
}

int
cli_packs(int argc, char **argv)
{
	struct option *longopts;
	struct packset ps;
	struct strbuf out = STRBUF_INIT;
	char *shortopts;
	const char *what;
	unsigned checked;
	int c, n, r = 0;

	cli_getopt_tables(options, &longopts, &shortopts);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage();
			exit(0);
		case 'p':
			cli_patterns_add(optarg);
			break;
		default:
			cli_usage_error("packs", "unknown option");
		}
	}
	free(longopts);
	free(shortopts);
	if (optind != argc - 1)
		cli_usage_error("packs", "say list, lint or test");
	what = argv[optind];
	if (strcmp(what, "list") != 0 && strcmp(what, "lint") != 0 &&
	    strcmp(what, "test") != 0)
		cli_usage_error("packs", "say list, lint or test, not '%s'",
		    what);

	cli_packs_load(&ps);
	if (strcmp(what, "list") == 0)
		list(&ps);
	else if (strcmp(what, "lint") == 0) {
		n = packset_lint(&ps, &out);
		fputs(strbuf_str(&out), stdout);
		printf("%zu packs, %zu signals, %zu facts, %zu causes: %d "
		    "warning%s\n", ps.npacks, ps.nsignals, ps.nfacts,
		    ps.ncauses, n, n == 1 ? "" : "s");
		r = n > 0 ? EXIT_PACK_ERROR : 0;
	} else {
		n = packset_test(&ps, &out, &checked);
		fputs(strbuf_str(&out), stdout);
		printf("%u passed, %d failed\n", checked - (unsigned)n, n);
		r = n > 0 ? EXIT_PACK_ERROR : 0;
	}
	strbuf_release(&out);
	packset_free(&ps);
	cli_patterns_free();
	classify_cleanup();
	return r;
}
