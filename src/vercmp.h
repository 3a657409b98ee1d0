/*
 * Version order for agent and extension versions such as 2.2.53.1 or
 * 1.0.9220.0: dot-separated components compared numerically, a missing
 * component counting as zero (2.2.53 == 2.2.53.0), a non-numeric
 * component compared as text after the numeric ones.
 */
#ifndef VMTRIAGE_VERCMP_H
#define VMTRIAGE_VERCMP_H

/* <0, 0, >0 as strcmp; a leading 'v' or 'V' is ignored. */
int	vercmp(const char *, const char *);
/* 1 when the string is a version vercmp() understands: digits and dots. */
int	version_valid(const char *);

#endif
