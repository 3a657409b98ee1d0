/*
 * The audit: before Azure Backup is turned on, every readiness check of
 * the packs against one analysed bundle and its diagnosis.  A check
 * passes, warns, fails, is unknown (the bundle cannot decide it: missing
 * says which file would) or does not apply (a Windows check on a Linux
 * VM).  One bundle gives one struct audit; a batch over many bundles
 * keeps one per bundle (report_audit_object() makes its JSON).
 *
 * Ownership: an audit owns its results' strings and evidence; checks,
 * causes and remedies point into the packset, which must outlive it.
 */
#ifndef VMTRIAGE_AUDIT_H
#define VMTRIAGE_AUDIT_H

#include <stddef.h>

#include "facts.h"
#include "pack.h"

struct analysis;
struct diagnosis;

/* Worst first: the order of the text report. */
enum check_status {
	CHECK_FAIL,
	CHECK_WARN,
	CHECK_UNKNOWN,
	CHECK_PASS,
	CHECK_NA,
	CHECK__COUNT
};

/* The VM's OS as the instance view says, for a bundle of control-plane
 * exports alone: which checks apply. */
#define AUDIT_OS_TYPE_FACT "az.os_type"

struct check_result {
	const struct check	*check;
	enum check_status	 status;
	char			*summary;
	char			*missing;	/* unknown: the file that would
						   decide; else NULL */
	struct evidence		*ev;
	size_t			 nev;
	/* The cause whose verdict decided (by_cause), else the first of
	 * the check's causes that applies to the VM; NULL if none. */
	const struct cause	*cause;
	int			 by_cause;
	/* The rule of the check that decided, or NULL. */
	const struct check_rule	*rule;
	/* The remedy and doc for the VM's platform (borrowed). */
	char *const		*remedy;
	size_t			 nremedy;
	const char		*doc;
};

struct audit {
	struct check_result	*r;		/* one per check, pack order */
	size_t			 n;
	size_t			 count[CHECK__COUNT];
	unsigned		 platforms;	/* PLAT_LINUX, PLAT_WINDOWS or
						   0 (unknown) */
};

/* The diagnosis must be of the same analysis: causes' verdicts decide
 * the checks that name them. */
void		 audit_run(struct audit *, const struct packset *,
		    const struct analysis *, const struct diagnosis *);
void		 audit_free(struct audit *);
/* "fail", "warn", "unknown", "pass", "not_applicable" (JSON). */
const char	*check_status_name(enum check_status);
/* "FAIL", "WARN", "UNKNOWN", "PASS", "N/A" (people). */
const char	*check_status_label(enum check_status);
/* "not_ready" (a check fails), "undecided" (none fails, some are
 * unknown) or "ready" (warnings allowed). */
const char	*audit_verdict(const struct audit *);
/* 1 if a check fails, or with fail_on CHECK_WARN, fails or warns: the
 * exit status. */
int		 audit_fails(const struct audit *, enum check_status fail_on);

#endif
