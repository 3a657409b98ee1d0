/*
 * The report stage: one renderer per format, all from the same analysis
 * and diagnosis.  Every string a renderer writes goes through redact().
 *
 * The JSON contract (schema "vmtriage/report/1") is in README.md; fields
 * may be added, never renamed or removed.
 */
#ifndef VMTRIAGE_REPORT_H
#define VMTRIAGE_REPORT_H

#include <stdio.h>

#include "timeparse.h"

struct analysis;
struct diagnosis;
struct packset;
struct evidence;

#define REPORT_SCHEMA "vmtriage/report/1"

struct report_opts {
	int	color;		/* text: ANSI colours */
	int	all_facts;	/* text: every fact, not the main ones */
};

int	report_json(FILE *, const struct analysis *, const struct diagnosis *,
	    const struct packset *, const struct report_opts *);
int	report_text(FILE *, const struct analysis *, const struct diagnosis *,
	    const struct packset *, const struct report_opts *);
/* The JSON report as a cJSON object, for a caller that adds to it (batch)
 * or prints it its own way; the caller deletes it (cJSON_Delete). */
struct cJSON;
struct cJSON *report_json_object(const struct analysis *,
	    const struct diagnosis *, const struct packset *,
	    const struct report_opts *);

/* report.c: what the renderers share. */
/* "2024-01-14T22:16:48.796446Z"; "" without a time. */
void	report_time(const struct vtime *, char *buf, size_t len);
const char *report_zone(const struct vtime *);
/* For evidence whose local time was made UTC: the time as the file wrote
 * it into when, the offset ("+01:00") into off.  0 if not shifted. */
struct evidence;
int	report_written_time(const struct evidence *, char *when, size_t wlen,
	    char *off, size_t olen);
/* "3.2 MiB" */
void	report_size(unsigned long long, char *buf, size_t len);
/* Length of the first line of s. */
size_t	report_first_line(const char *s);
/* Lines in s. */
unsigned report_count_lines(const char *s);

#endif
