/*
 * Private to the readers of control-plane exports: parse_azure.c reads
 * the VM, its disks, locks, key vaults and encryption and tells which
 * resource an object is; parse_azure_backup.c reads what Azure Backup
 * keeps (jobs, protected items, restore point collections).
 *
 * Ownership: what these return points into the cJSON tree or the
 * caller's buffer; a jrec owns its copies (parse_json_int.h).
 */
#ifndef VMTRIAGE_PARSE_AZURE_INT_H
#define VMTRIAGE_PARSE_AZURE_INT_H

#include <cjson/cJSON.h>

#include "parse_json_int.h"

/* Objects read from one document at most: a job list of a busy vault
 * is long, and the diagnosis needs the recent ones. */
#define AZ_OBJECTS_MAX 5000

/* One document being read. */
struct azx {
	struct parse_ctx	*pc;
	const char		*buf;
	size_t			 len;
	unsigned long		 objects;
	unsigned long		 unknown;	/* objects of no known type */
	const char		*unknown_type;
	/* "<entity>\x1f<day>" of each backup job of the document, sorted:
	 * several backups a day fill the restore point collection. */
	char			**backup_days;
	size_t			 nbackup_days;
};

/* A value of the object, or of its "properties" (REST nests them). */
const cJSON	*az_prop(const cJSON *obj, const char *key);
const char	*az_prop_str(const cJSON *obj, const char *key);
/* The last segment of a resource id: the resource's name. */
const char	*az_id_name(const char *id);
/* The resource group of a resource id, into buf; NULL if none. */
const char	*az_id_group(const char *id, char *buf, size_t len);
/* The record's time from v unless it has one. */
void		 az_time(struct jrec *j, const cJSON *v);
/* Emits the record as a resource of kind, at the line of locate. */
void		 az_emit(struct azx *ax, struct jrec *j, enum source_kind kind,
		    const char *locate);
/* " (<value of field>)" when the record has the field. */
void		 az_text_paren(struct jrec *j, const char *name);

/* parse_azure_backup.c */
/* Notes the day of every backup job of a list, before its objects are
 * read; the caller frees ax->backup_days. */
void	az_backup_days_collect(struct azx *ax, const cJSON *list);
void	az_job(struct azx *ax, const cJSON *job);
void	az_item(struct azx *ax, const cJSON *item);
void	az_restore_points(struct azx *ax, const cJSON *rpc);

#endif
