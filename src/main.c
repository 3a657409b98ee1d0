/*
 * vmtriage: why an Azure VM's backup fails, from a bundle of the VM's
 * logs.  This file only picks the subcommand; see README.md, "Source
 * layout", for where the work is done.
 */
#include "config.h"

#include <archive.h>
#include <cjson/cJSON.h>
#include <libevtx.h>
#include <libxml/xmlversion.h>
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cli.h"

static void
usage(FILE *f)
{
	fputs("Usage: vmtriage COMMAND [OPTIONS] [ARGS]\n"
	    "\n"
	    "Reads a diagnostic bundle collected from an Azure VM (a "
	    "directory, a zip,\n"
	    "a tar or a single log file) and explains why backups, the VM "
	    "agent or its\n"
	    "extensions fail: the root cause, the chain to the error code, "
	    "the evidence\n"
	    "with file, line and time, what was ruled out, what the bundle "
	    "lacked, and\n"
	    "the fix.\n"
	    "\n"
	    "Commands:\n"
	    "  analyze BUNDLE         diagnose a bundle\n"
	    "  audit BUNDLE           check a VM's readiness for Azure "
	    "Backup\n"
	    "  batch BUNDLE...        diagnose many bundles in parallel, one JSON line each\n"
	    "  explain NAME           what the packs say of an error code, a "
	    "cause or a check\n"
	    "  packs list|lint|test   show or check the pattern packs\n"
	    "  records BUNDLE         the records the parsers make, as packs see them\n"
	    "  timeline BUNDLE        the records of every file on one time axis\n"
	    "\n"
	    "  -h, --help             show this help\n"
	    "  -V, --version          show the version and library "
	    "versions\n"
	    "\n"
	    "Examples:\n"
	    "  vmtriage analyze logs.zip\n"
	    "  vmtriage analyze --symptom GuestAgentSnapshotTaskStatusError "
	    "logs.zip\n"
	    "  vmtriage analyze --format json bundle/ > report.json\n"
	    "  vmtriage explain GuestAgentSnapshotTaskStatusError\n"
	    "\n"
	    "Run 'vmtriage COMMAND --help' for a command's options.\n"
	    "\n", f);
	cli_print_exit_codes(f);
}

static void
version(void)
{
	char pcre[32];
	uint32_t jit = 0;

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	printf("vmtriage %s\n", PACKAGE_VERSION);
	printf("  %s\n", archive_version_details());
	printf("  pcre2 %s (JIT %s)\n", pcre, jit ? "available" : "absent");
	printf("  libxml2 %s\n", LIBXML_DOTTED_VERSION);
	printf("  cJSON %s\n", cJSON_Version());
	printf("  libevtx %s\n", libevtx_get_version());
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		version();
		return 0;
	}
	if (strcmp(cmd, "analyze") == 0 || strcmp(cmd, "analyse") == 0)
		return cli_analyze(argc - 1, argv + 1);
	if (strcmp(cmd, "batch") == 0)
		return cli_batch(argc - 1, argv + 1);
	if (strcmp(cmd, "packs") == 0)
		return cli_packs(argc - 1, argv + 1);
	if (strcmp(cmd, "explain") == 0)
		return cli_explain(argc - 1, argv + 1);
	if (strcmp(cmd, "records") == 0)
		return cli_records(argc - 1, argv + 1);
	if (strcmp(cmd, "timeline") == 0)
		return cli_timeline(argc - 1, argv + 1);
	if (strcmp(cmd, "audit") == 0)
		return cli_audit(argc - 1, argv + 1);
	cli_usage_error(NULL, "unknown command '%s'", cmd);
}
