/*
 * The command line: options and subcommands, exit codes, and nothing
 * else; the work is done by the library.
 */
#ifndef VMTRIAGE_CLI_H
#define VMTRIAGE_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "bundle.h"
#include "record.h"

struct packset;

/* Exit codes: part of the interface, never renumbered. */
enum exit_code {
	EXIT_NOTHING_FOUND = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_NO_INPUT = 3,
	EXIT_PACK_ERROR = 4,
	EXIT_INTERNAL = 5,
};

/* An option as documented once for --help (and checked against the man
 * page by tests/cli.sh). */
struct cli_option {
	const char	*name;
	int		 has_arg;
	int		 val;		/* short letter or a code >= 256 */
	const char	*arg;		/* its argument's name in help */
	const char	*help;
};

/* Entries every command that takes them describes alike. */
#define CLI_OPTION_HELP \
	{ "help", no_argument, 'h', NULL, "show this help" }
#define CLI_OPTION_PATTERNS \
	{ "patterns", required_argument, 'p', "DIR", \
	    "add or override pattern packs from DIR (repeatable)" }

int	cli_analyze(int, char **);
int	cli_batch(int, char **);
int	cli_explain(int, char **);
int	cli_packs(int, char **);
int	cli_records(int, char **);
int	cli_timeline(int, char **);
int	cli_audit(int, char **);

/* cli_common.c */

/*
 * The options the commands share: -f, -o, -p, -L, -q and --color.  A
 * command lists those it takes in its table (CLI_OPT_COLOR for --color)
 * and offers each of getopt_long's results to cli_common_option() before
 * its own.
 */
#define CLI_OPT_COLOR	0x1000

struct cli_common {
	const char	*cmd;		/* for usage errors */
	const char	*format;	/* -f FORMAT, or the command's default */
	const char	*output;	/* -o FILE, or NULL */
	const char	*color;		/* --color WHEN, or NULL: auto */
	int		 quiet;		/* -q */
	struct limits	 limits;	/* the defaults, then each -L */
};

void	cli_common_init(struct cli_common *, const char *cmd,
	    const char *format);
/* 1 if option c (with arg, getopt's optarg) was one of them, now taken;
 * -p adds a pattern directory (cli_patterns_add()). */
int	cli_common_option(struct cli_common *, int c, const char *arg);
/* A report's -f: text, json, markdown (md) or html, or a usage error. */
const char *cli_report_format(const char *cmd, const char *format);
/* The one BUNDLE operand after the options, or a usage error. */
const char *cli_one_bundle(const char *cmd, int argc, char **argv);

void	cli_usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	cli_print_options(FILE *, const struct cli_option *);
/* --color WHEN for text written to fd (-1: a file): auto (NULL) is a
 * terminal without NO_COLOR; another WHEN is a usage error naming cmd. */
int	cli_want_color(const char *cmd, const char *when, int fd);
/* getopt_long tables from a cli_option table; caller frees both. */
void	cli_getopt_tables(const struct cli_option *, struct option **,
	    char **shortopts);
/* Adds a --patterns directory (NULL: the defaults and VMTRIAGE_PATTERNS
 * only). */
void	cli_patterns_add(const char *dir);
/* Loads the packs or exits with status 4, errors on stderr. */
void	cli_packs_load(struct packset *);
void	cli_patterns_free(void);
void	cli_print_exit_codes(FILE *);
/* --limit NAME=VALUE, or a usage error naming cmd. */
struct limits;
void	cli_limit_set(struct limits *, const char *cmd, const char *arg);
/* The limits and their defaults, for --help. */
void	cli_print_limits(FILE *);
/* The progress line on standard error while a bundle is read: on a
 * terminal only, never when quiet. */
struct analysis;
struct cli_progress {
	int		 on;
	struct timespec	 last;
	int		 shown;
};
void	cli_progress_start(struct cli_progress *, struct analysis *,
	    int quiet);
/* Clears the line (call before printing to standard error). */
void	cli_progress_done(struct cli_progress *);
/* A source kind by its name (--kind), or a usage error listing them. */
enum source_kind cli_kind(const char *cmd, const char *name);
/* s redacted, with control characters (a terminal's escapes, line ends)
 * as blanks; the caller frees it. */
char	*cli_clean_text(const char *s);
/* One CSV field, RFC 4180: quoted when it holds a comma, a quote or a
 * line end; s is already redacted.  The last of a row ends it (CRLF). */
void	cli_csv_field(FILE *, const char *s, int last);

/* cli_batch_input.c: the bundles a batch is given. */
/* Strings the vector owns. */
struct strv {
	char	**v;
	size_t	  n;
};
void	strv_add(struct strv *, char *s);	/* takes s */
void	strv_free(struct strv *);
void	strv_sort(struct strv *);		/* by strcmp */
/* Adds the entries of dir, in name order (--each). */
void	cli_batch_each(struct strv *paths, const char *dir);
/* Adds the paths of file, one a line ("-": standard input) (--from). */
void	cli_batch_from(struct strv *paths, const char *file);
/* Adds the bundles a previous run's JSONL file recorded (--skip-done). */
void	cli_batch_read_done(struct strv *done, const char *file, int quiet);
/* Drops the paths that done (sorted) names; returns how many. */
size_t	cli_batch_skip_done(struct strv *paths, const struct strv *done);

#endif
