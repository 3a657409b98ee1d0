/*
 * A record: one entry of a source, whatever its format.  A log record is
 * a head line and its continuation lines (tracebacks, [stdout] blocks);
 * a structured file (status JSON, goal-state XML, waagent.conf) becomes
 * records whose named fields carry its values, so that patterns match
 * every source the same way: a regex over the message, conditions on
 * fields.
 *
 * Ownership: a record and everything it points to belong to the parser
 * that emitted it and are valid only during the sink call.
 */
#ifndef VMTRIAGE_RECORD_H
#define VMTRIAGE_RECORD_H

#include <stddef.h>

#include "timeparse.h"

struct member;

/* What a member is; names in classify.c are the pack's "kinds". */
enum source_kind {
	KIND_UNKNOWN = 0,
	KIND_WAAGENT_LOG,
	KIND_WAAGENT_CONF,
	KIND_GOALSTATE_XML,
	KIND_EXTCONFIG_XML,
	KIND_HOSTINGENV_XML,
	KIND_SHAREDCONFIG_XML,
	KIND_OVF_ENV_XML,
	KIND_EXT_STATUS,
	KIND_HANDLER_STATUS,
	KIND_HANDLER_STATE,
	KIND_EXT_SETTINGS,
	KIND_AGENT_STATUS,
	KIND_AGENT_ERROR,
	KIND_EXT_LOG,
	KIND_VMSNAPSHOT_LOG,
	KIND_EXT_SHELL_LOG,
	KIND_OS_RELEASE,
	KIND_COLLECTOR_RESULTS,
	KIND_SYSLOG,
	KIND_DHCP_LEASES,
	KIND_NET_CONFIG,
	KIND_IPTABLES,
	KIND_REBOOT_REQUIRED,
	KIND_PACKAGE_LOG,
	KIND_VMSNAPSHOT_CONFIG,
	/* Windows */
	KIND_GA_LOG,		/* WaAppAgent, TransparentInstaller, ... */
	KIND_WINEXT_LOG,	/* WindowsAzure/Logs/Plugins/<ext>/<ver>/ */
	KIND_BCDR_LOG,		/* the backup extension's IaaSBcdrExtension*.log */
	KIND_EXT_HEARTBEAT,	/* Packages/Plugins/.../Status/HeartBeat.Json */
	KIND_AGGREGATE_STATUS,	/* Logs/AggregateStatus/aggregatestatus*.json */
	KIND_EVTX,		/* binary event log */
	KIND_EVENT_XML,		/* wevtutil /f:xml, Event Viewer "Save as XML" */
	KIND_EVENT_CSV,		/* Event Viewer "Save as CSV" */
	KIND_EVENT_TEXT,	/* wevtutil /f:text, "Copy details as text" */
	KIND_VSSADMIN,		/* vssadmin list writers */
	KIND_IPCONFIG,		/* ipconfig /all */
	KIND_SC_QUERY,		/* sc query / sc queryex */
	KIND_SYSTEMINFO,	/* systeminfo */
	KIND_REG_QUERY,		/* reg query output */
	KIND_REGISTRY_JSON,	/* Disk Inspect's registry.json */
	/* Control plane: JSON the Azure CLI or the REST API returned.  A
	 * member is classified KIND_AZ_EXPORT; its records take the kind of
	 * the resource each object is (a list may hold several).  The
	 * resource kinds stay together, KIND_AZ_VM to KIND_AZ_ENCRYPTION
	 * (kind_is_member()). */
	KIND_AZ_EXPORT,
	KIND_AZ_VM,		/* az vm get-instance-view, az vm show */
	KIND_AZ_JOB,		/* az backup job show / list */
	KIND_AZ_ITEM,		/* az backup item show / list */
	KIND_AZ_LOCK,		/* az lock list */
	KIND_AZ_RESTORE_POINTS,	/* az restore-point collection show */
	KIND_AZ_DISK,		/* az disk list / show */
	KIND_AZ_KEYVAULT,	/* az keyvault show */
	KIND_AZ_ENCRYPTION,	/* az vm encryption show */
	KIND__COUNT
};

/* A control-plane export or one of its resources' kinds. */
#define KIND_IS_AZ(k)	((k) >= KIND_AZ_EXPORT && (k) <= KIND_AZ_ENCRYPTION)

struct field {
	const char	*name;
	const char	*value;		/* NUL-terminated */
};

#define RECORD_FIELDS_MAX 48

/* A member added before fields must be cleared in record_reset() too. */
struct record {
	enum source_kind	 kind;
	const struct member	*member;
	unsigned long		 line;	/* first line; 0: the source has no
					   lines to point at (JSON) */
	unsigned		 lines;	/* lines spanned */
	struct vtime		 time;
	const char		*level;	/* ERROR, WARNING, INFO, VERBOSE or
					   NULL */
	const char		*text;	/* as written, continuation lines
					   included */
	size_t			 text_len;
	const char		*msg;	/* what patterns read: the message
					   after time, level and source,
					   with its continuation lines */
	size_t			 msg_len;
	struct field		 fields[RECORD_FIELDS_MAX];
	unsigned		 nfields;
	int			 cut;	/* a line was cut or lines dropped */
	/* A log record whose fields are not read (a parse_ctx's
	 * defer_heads); time, level and message are.  Most records
	 * interest no signal, and copying fields costs: they are read by
	 * parse_record_complete() for those that may. */
	int			 deferred;
	/* The text stays as it is after the sink's call, until the parser
	 * calls the sink's let_go: a sink that keeps it need not copy it
	 * at once.  Most records are the newest of their log when they
	 * come, and a copy of each cost 4 % of a large log's run. */
	int			 lent;
};

/* The value of a field, NULL when absent. */
const char	*record_field(const struct record *, const char *name);
/* Clears a record for reuse: everything but the unused field slots. */
void		 record_reset(struct record *);
/* Adds a field (pointers are kept, not copied); extra fields are dropped. */
void		 record_add_field(struct record *, const char *name,
		    const char *value);

#endif
