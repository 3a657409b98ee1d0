/*
 * What the readers of pattern packs share: pack.c reads signals, facts,
 * causes and symptoms, pack_check.c data and checks.  Errors are lines
 * appended to err, each naming the pack and the item.
 *
 * Ownership as in pack.h: what these return is the caller's until it
 * hangs it on the packset.
 */
#ifndef VMTRIAGE_PACK_INT_H
#define VMTRIAGE_PACK_INT_H

#include "pack.h"

struct cJSON;
struct strbuf;

/* pack.c */
/* A string or an array of strings as a NULL-terminated copy; *n set. */
char	**pack_strings(const struct cJSON *, size_t *n, struct strbuf *err,
	    const char *where, const char *key);
void	  pack_strings_free(char **, size_t);
/* 1 if id is of [a-z0-9._-]. */
int	  pack_id_valid(const char *);
/* The kinds of a "kinds" list; *first (if not NULL) the first named. */
kind_mask pack_kinds(const struct cJSON *, enum source_kind *first,
	    struct strbuf *err, const char *where);
/* PLAT_* bits of a "platform" list. */
unsigned  pack_platforms(const struct cJSON *, struct strbuf *err,
	    const char *where);

/* pack_check.c */
struct pack_data *pack_data_parse(const struct cJSON *, const char *pack,
	    struct strbuf *err);
void	  pack_data_free(struct pack_data *);
struct check *pack_check_parse(const struct cJSON *, const char *pack,
	    struct strbuf *err);
void	  pack_check_free(struct check *);
/* Once every pack is read: checks to their causes, conditions resolved,
 * the data each check compares with collected. */
void	  pack_checks_link(struct packset *, struct strbuf *err);

#endif
