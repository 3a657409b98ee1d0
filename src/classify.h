/*
 * The classify stage: what a member is, from its normalised path and,
 * when the path says nothing, its first bytes.  Kind names are what the
 * pattern packs use.
 */
#ifndef VMTRIAGE_CLASSIFY_H
#define VMTRIAGE_CLASSIFY_H

#include <stddef.h>

#include "record.h"

enum source_kind classify(const char *name, const unsigned char *head,
		    size_t len);
const char	*kind_name(enum source_kind);
/* KIND_UNKNOWN when the name is not a kind. */
enum source_kind kind_from_name(const char *);
/* "linux", "windows" or NULL: the platform a kind proves. */
const char	*kind_platform(enum source_kind);
/* The platform a member proves: its kind's, or for a format both agents
 * write (status files, goal-state XML) where it lies; NULL if neither. */
const char	*classify_platform(const char *name, enum source_kind);
/* 0 for the kinds only records take (the resources of a control-plane
 * export), 1 for the kinds a member is classified as. */
int		 kind_is_member(enum source_kind);
/* What the member is, for a person: "the agent's log (waagent.log)". */
const char	*kind_title(enum source_kind);
/* A path a file of the kind has on a VM (for pack examples). */
const char	*kind_example_path(enum source_kind);
/* Compiles the path patterns, which the first classify() does
 * otherwise: before forking workers, so that each finds them built. */
void		 classify_init(void);
/* Frees the compiled path patterns (for leak checkers). */
void		 classify_cleanup(void);

#endif
