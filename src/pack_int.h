/*
 * What the readers of pattern packs share: pack.c reads signals, facts,
 * causes and symptoms, pack_check.c data and checks, pack_link.c ties
 * them together.  Errors are lines
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
/* Appends "where: <message>\n" to err. */
void	  pack_err(struct strbuf *err, const char *where, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* The string member key of obj, or NULL (pack_json_strdup: a copy). */
const char *pack_json_str(const struct cJSON *obj, const char *key);
char	 *pack_json_strdup(const struct cJSON *obj, const char *key);
/* Appends item to the array arr of n items, grown by one. */
#define PACK_APPEND(arr, n, item) do {					\
	(arr) = xreallocarray((arr), (n) + 1, sizeof *(arr));		\
	(arr)[(n)++] = (item);						\
} while (0)
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

/* pack_link.c: ids to objects, then the matcher's plan. */
void	  pack_link(struct packset *, struct strbuf *err);

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
