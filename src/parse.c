/*
 * Dispatch from source kind to parser, and what every parser shares.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "parse.h"
#include "text.h"
#include "xalloc.h"

const char *
record_field(const struct record *r, const char *name)
{
	unsigned i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

void
record_reset(struct record *r)
{
	/* The fields past nfields are never read: a log line need not
	 * clear all RECORD_FIELDS_MAX of them.  Member by member, as a
	 * memset of the head becomes a "rep stos", slow to start. */
	r->kind = KIND_UNKNOWN;
	r->member = NULL;
	r->line = 0;
	r->lines = 0;
	r->time.us = 0;
	r->time.zone = VTIME_NONE;
	r->level = NULL;
	r->text = NULL;
	r->text_len = 0;
	r->msg = NULL;
	r->msg_len = 0;
	r->nfields = 0;
	r->cut = 0;
	r->deferred = 0;
	r->lent = 0;
}

void
record_add_field(struct record *r, const char *name, const char *value)
{
	if (r->nfields >= RECORD_FIELDS_MAX || value == NULL)
		return;
	r->fields[r->nfields].name = name;
	r->fields[r->nfields].value = value;
	r->nfields++;
}

void
field_arena_reset(struct field_arena *fa)
{
	fa->used = 0;
}

const char *
field_arena_add(struct field_arena *fa, const char *s, size_t n)
{
	char *p;
	size_t i;

	if (fa->used >= sizeof fa->buf)
		return "";
	if (n > sizeof fa->buf - fa->used - 1)
		n = sizeof fa->buf - fa->used - 1;
	p = fa->buf + fa->used;
	/* The compiler makes string instructions, slow to start, of a
	 * short bounded memcpy (or of a plain copy loop): short values (a
	 * thread, a level) take this loop, which it leaves alone as it
	 * stops at a NUL, as the value would anyway. */
	if (n >= 32) {
		memcpy(p, s, n);
		p[n] = '\0';
	} else {
		for (i = 0; i < n && s[i] != '\0'; i++)
			p[i] = s[i];
		p[i] = '\0';
	}
	fa->used += n + 1;
	return p;
}

void
record_add_field_copy(struct record *r, struct field_arena *fa,
    const char *name, const char *value, size_t len)
{
	record_add_field(r, name, field_arena_add(fa, value, len));
}

int
parse_path_time(const char *name, struct vtime *t)
{
	const char *p = name;
	char iso[20];

	while ((p = strstr(p, "history/")) != NULL) {
		p += 8;
		/* 2024-05-01T10-20-30: the time with '-' for ':'. */
		if (strlen(p) < 19 || p[10] != 'T' || p[13] != '-' ||
		    p[16] != '-')
			continue;
		memcpy(iso, p, 19);
		iso[13] = iso[16] = ':';
		iso[19] = '\0';
		if (timeparse_prefix(iso, 19, t, NULL) == 19) {
			t->zone = VTIME_UTC;
			return 1;
		}
	}
	return 0;
}

/* Splits "Microsoft.Azure.Foo-1.0.9" at the '-' before the version. */
static int
split_name_version(const char *seg, size_t n, char *ext, size_t extlen,
    char *ver, size_t verlen)
{
	size_t i;

	for (i = n; i > 0; i--)
		if (seg[i - 1] == '-' && i < n && isdigit((unsigned char)seg[i]))
			break;
	if (i <= 1)
		return 0;
	text_cut(ext, extlen, seg, i - 1);
	text_cut(ver, verlen, seg + i, n - i);
	return 1;
}

/*
 * Windows: Packages/Plugins/<Name>/<Version>/... and
 * WindowsAzure/Logs/Plugins/<Name>/<Version>/..., in any case and
 * under any prefix ("device_0/", "C/").
 */
static int
windows_extension(const char *name, char *ext, size_t extlen, char *ver,
    size_t verlen)
{
	const char *p, *seg, *vseg, *end;

	for (p = name; *p != '\0'; p++) {
		if (p != name && p[-1] != '/')
			continue;
		if (strncasecmp(p, "Packages/Plugins/", 17) == 0)
			seg = p + 17;
		else if (strncasecmp(p, "Logs/Plugins/", 13) == 0)
			seg = p + 13;
		else
			continue;
		if ((vseg = strchr(seg, '/')) == NULL || vseg == seg)
			continue;
		vseg++;
		if ((end = strchr(vseg, '/')) == NULL || end == vseg)
			continue;
		text_cut(ext, extlen, seg, (size_t)(vseg - 1 - seg));
		text_cut(ver, verlen, vseg, (size_t)(end - vseg));
		return 1;
	}
	return 0;
}

int
parse_path_extension(const char *name, char *ext, size_t extlen, char *ver,
    size_t verlen)
{
	const char *p, *seg, *end;

	if (windows_extension(name, ext, extlen, ver, verlen))
		return 1;
	/* <Name>-<Version>/status/... or /config/... */
	for (p = name; (p = strchr(p, '/')) != NULL; p++) {
		if (strncmp(p, "/status/", 8) != 0 &&
		    strncmp(p, "/config/", 8) != 0)
			continue;
		for (seg = p; seg > name && seg[-1] != '/'; seg--)
			;
		if (split_name_version(seg, (size_t)(p - seg), ext, extlen,
		    ver, verlen))
			return 1;
	}
	/* log/azure/<Name>/... */
	if ((p = strstr(name, "log/azure/")) != NULL) {
		seg = p + 10;
		if ((end = strchr(seg, '/')) != NULL && end > seg) {
			text_cut(ext, extlen, seg, (size_t)(end - seg));
			ver[0] = '\0';
			return 1;
		}
	}
	return 0;
}

void
parse_skip(struct parse_ctx *pc, const char *fmt, ...)
{
	va_list ap;

	if (pc->skip_reason != NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&pc->skip_reason, fmt, ap);
	va_end(ap);
}

void
parse_emit(struct parse_ctx *pc, struct record *r)
{
	r->kind = pc->emit_kind != KIND_UNKNOWN ? pc->emit_kind : pc->kind;
	pc->emitted |= (uint64_t)1 << r->kind;
	r->member = pc->member;
	if (r->msg == NULL) {
		r->msg = r->text;
		r->msg_len = r->text_len;
	}
	pc->records++;
	pc->sink->record(pc->sink->arg, r);
}

void
parse_member(struct parse_ctx *pc)
{
	switch (pc->kind) {
	case KIND_WAAGENT_LOG:
	case KIND_EXT_LOG:
	case KIND_VMSNAPSHOT_LOG:
	case KIND_EXT_SHELL_LOG:
	case KIND_COLLECTOR_RESULTS:
	case KIND_SYSLOG:
	case KIND_PACKAGE_LOG:
	case KIND_GA_LOG:
	case KIND_WINEXT_LOG:
	case KIND_BCDR_LOG:
		parse_log(pc);
		break;
	case KIND_WAAGENT_CONF:
	case KIND_OS_RELEASE:
		parse_conf(pc);
		break;
	case KIND_HANDLER_STATE:
	case KIND_DHCP_LEASES:
	case KIND_NET_CONFIG:
	case KIND_IPTABLES:
	case KIND_REBOOT_REQUIRED:
	case KIND_VMSNAPSHOT_CONFIG:
		parse_lines(pc);
		break;
	case KIND_EXT_STATUS:
	case KIND_HANDLER_STATUS:
	case KIND_AGENT_STATUS:
	case KIND_AGENT_ERROR:
	case KIND_EXT_HEARTBEAT:
	case KIND_AGGREGATE_STATUS:
	case KIND_REGISTRY_JSON:
	case KIND_AZ_EXPORT:
	case KIND_AZ_VM:
	case KIND_AZ_JOB:
	case KIND_AZ_ITEM:
	case KIND_AZ_LOCK:
	case KIND_AZ_RESTORE_POINTS:
	case KIND_AZ_DISK:
	case KIND_AZ_KEYVAULT:
	case KIND_AZ_ENCRYPTION:
		parse_json(pc);
		break;
	case KIND_GOALSTATE_XML:
	case KIND_EXTCONFIG_XML:
	case KIND_HOSTINGENV_XML:
	case KIND_SHAREDCONFIG_XML:
	case KIND_OVF_ENV_XML:
		parse_xml(pc);
		break;
	case KIND_EVTX:
		parse_evtx(pc);
		break;
	case KIND_EVENT_XML:
		parse_event_xml(pc);
		break;
	case KIND_EVENT_CSV:
		parse_event_csv(pc);
		break;
	case KIND_EVENT_TEXT:
		parse_event_text(pc);
		break;
	case KIND_VSSADMIN:
	case KIND_IPCONFIG:
	case KIND_SC_QUERY:
	case KIND_SYSTEMINFO:
	case KIND_REG_QUERY:
		parse_wintext(pc);
		break;
	case KIND_EXT_SETTINGS:
		/* Settings carry protectedSettings and nothing the
		 * diagnosis needs: known, counted, never read. */
		break;
	case KIND_UNKNOWN:
	case KIND__COUNT:
		break;
	}
}
