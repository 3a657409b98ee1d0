/*
 * Private to the JSON readers (parse_json.c, parse_json_status.c,
 * parse_azure.c, parse_azure_backup.c): a record
 * built from JSON values, and the helpers that read those values.
 *
 * Ownership: a jrec owns its copies of the values and its text; the
 * record it emits points into it and lives only during the sink call.
 */
#ifndef VMTRIAGE_PARSE_JSON_INT_H
#define VMTRIAGE_PARSE_JSON_INT_H

#include <cjson/cJSON.h>

#include "parse.h"
#include "strbuf.h"
#include "timeparse.h"

/*
 * What one value may take of a record's 4 KB field arena: the agent cuts
 * messages at 1 KB itself, and a snapshot record has some thirty fields
 * to fit.
 */
#define VALUE_MAX	1024
#define SHORT_MAX	256
#define TELEMETRY_KEY_MAX 64

struct jrec {
	struct record		 r;
	struct field_arena	 fa;
	struct strbuf		 text;
};

/* The extension a record belongs to, from its path or its content. */
struct origin {
	char	ext[256];
	char	ver[64];
	char	seq[32];
};

/* A record of kind what ("status", "handler"...): its fields, its
 * one-line text, its origin. */
void	jrec_init(struct jrec *j, const char *what);
void	jrec_add(struct jrec *j, const char *name, const char *value,
    size_t max);
void	jrec_add_named(struct jrec *j, const char *prefix,
    const char *key, const char *value);
int	telemetry_key_ok(const char *key);
const char	*jscalar(const cJSON *v, char *buf, size_t len);
void	jrec_add_json(struct jrec *j, const char *name, const cJSON *v,
    size_t max);
/* Values as the agent and the extensions write them, in any type. */
const cJSON	*jget(const cJSON *obj, const char *key);
const cJSON	*jgeti(const cJSON *obj, const char *key);
const char	*jstring(const cJSON *v);
const char	*jmessage(const cJSON *obj);
int	jtime(const cJSON *v, struct vtime *t);
int	jtext_field(struct jrec *j, const char *prefix, const char *name);
void	jtext_status(struct jrec *j, const char *status, const char *code,
    const char *message);
void	jrec_emit(struct parse_ctx *pc, struct jrec *j);
/* Line of p in buf, from 1. */
unsigned long	jline_of(const char *buf, const char *p);
void	jrec_origin(struct jrec *j, const struct origin *o);
void	jtext_subject(struct jrec *j, const struct origin *o,
    const char *fallback, const char *what);
void	origin_from_path(const char *name, struct origin *o);

/* The readers, by source kind (parse_json_status.c). */
void	ext_status(struct parse_ctx *pc, const cJSON *root);
void	handler_status(struct parse_ctx *pc, const cJSON *root);
void	agent_status(struct parse_ctx *pc, const cJSON *root);
void	aggregate_status(struct parse_ctx *pc, const cJSON *root);
void	ext_heartbeat(struct parse_ctx *pc, const cJSON *root);
void	agent_error(struct parse_ctx *pc, const cJSON *root);
void	registry_values(struct parse_ctx *pc, const cJSON *root);
/* Control-plane exports (parse_azure.c): buf[0..len) is the document
 * the records' lines are found in. */
void	azure_export(struct parse_ctx *pc, const cJSON *root, const char *buf,
    size_t len);

#endif
