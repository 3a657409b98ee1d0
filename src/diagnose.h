/*
 * The diagnose stage: facts and hits against the causes of the packs.
 * Every cause gets a verdict: found (with confidence and evidence), ruled
 * out (and why), not evaluated (and what the bundle lacked), or not
 * applicable (a Windows cause in a Linux bundle).  Found causes are then
 * linked by their leads_to edges: a cause no other found cause leads to
 * is a root, and its chain runs through the found causes it leads to.
 *
 * Ownership: a diagnosis owns its verdicts; causes point into the packset.
 */
#ifndef VMTRIAGE_DIAGNOSE_H
#define VMTRIAGE_DIAGNOSE_H

#include <stddef.h>

#include "facts.h"
#include "pack.h"

struct analysis;

enum verdict_status {
	VERDICT_FOUND,
	VERDICT_RULED_OUT,
	VERDICT_NOT_EVALUATED,
	VERDICT_NOT_APPLICABLE,
};

/* Evidence kept per finding. */
#define VERDICT_EVIDENCE_MAX 10

struct verdict {
	const struct cause	*cause;
	enum verdict_status	 status;
	enum confidence		 confidence;
	char			*text;		/* summary, why or missing */
	struct evidence		*ev;
	size_t			 nev;
	int			 root;
	size_t			*chain;		/* verdict indexes, root first */
	size_t			 nchain;
	char			**codes;	/* explained along the chain */
	size_t			 ncodes;
	/* The cause's remedy for the bundle's platform (borrowed). */
	char *const		*remedy;
	size_t			 nremedy;
};

struct diagnosis {
	struct verdict		*v;		/* one per cause, in order */
	size_t			 n;
	size_t			*findings;	/* found verdicts, report order */
	size_t			 nfindings;
	const char		*symptom_code;	/* as given, or NULL */
	const struct symptom	*symptom;	/* its catalogue entry */
	/* Without --symptom, the code the backup job failed with (fact
	 * az.error_code), else NULL. */
	const struct fact	*symptom_fact;
	/* The symptom seen from outside the guest: the job, then the hits
	 * of the symptom's observed_by signals. */
	struct evidence		*symptom_ev;
	size_t			 nsymptom_ev;
};

/* The fact whose value is the symptom when --symptom names none. */
#define SYMPTOM_FACT "az.error_code"

void	diagnose(struct diagnosis *, const struct packset *,
	    const struct analysis *, const char *symptom_code);
void	diagnosis_free(struct diagnosis *);
/* 1 if the verdict's chain explains the error code. */
int	verdict_explains(const struct verdict *, const char *code);
/* 1 if the cause is documented to explain the code. */
int	cause_explains(const struct cause *, const char *code);
const char *verdict_status_name(enum verdict_status);

/*
 * What diagnose() does for a cause's rule, for other rules (the audit's
 * checks): 1 if the condition holds for the analysis (symptom: the
 * report's error code, or NULL).  With ev, the evidence it rests on (at
 * most VERDICT_EVIDENCE_MAX records) goes to *ev and *nev when it holds;
 * the caller releases each and frees *ev.
 */
int	cond_holds(const struct cond *, const struct analysis *,
	    const char *symptom, struct evidence **ev, size_t *nev);
/* A summary, reason or missing text with its templates filled in
 * ({fact:ID}, {count:SIGNAL}, {groups:SIGNAL}, {data:ID}, ...); the
 * caller frees it. */
char	*template_render(const char *, const struct analysis *,
	    const struct packset *);

#endif
