/*
 * The agent's XML files in /var/lib/waagent and its history: the goal
 * state, the extensions configuration, the hosting environment and
 * shared configuration, and ovf-env.xml.  Each becomes records of the
 * few values a diagnosis reads; what the files carry besides (the status
 * blob's SAS URL, RuntimeSettings with protected settings, signatures,
 * passwords, custom data, SSH keys) is never copied into a record.
 *
 * The files come from customers.  libxml2 reads them without network,
 * without loading a DTD and without substituting entities; and since
 * the agent never writes a DTD, a document that has one is refused at
 * its DOCTYPE, before any entity is declared: no external entity, no
 * entity expansion.  Elements are matched by local name, as the
 * namespaces and prefixes vary between writers.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "bundle.h"
#include "parse.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define VALUE_MAX	512
#define READ_CHUNK	16384

struct xrec {
	struct record		 r;
	struct field_arena	 fa;
	struct strbuf		 text;
};

/* What the parse saw that libxml2 does not report as an error. */
struct xstate {
	int	dtd;
};

static void
xrec_init(struct xrec *x, const char *what, const xmlNode *at)
{
	long line;

	memset(&x->r, 0, sizeof x->r);
	field_arena_reset(&x->fa);
	strbuf_init(&x->text, 0);
	record_add_field(&x->r, "record", what);
	line = at != NULL ? xmlGetLineNo(at) : -1;
	x->r.line = line > 0 ? (unsigned long)line : 0;
	x->r.lines = 1;
}

/* Adds a copy of s without its surrounding blanks, cut at VALUE_MAX. */
static void
xrec_add(struct xrec *x, const char *name, const xmlChar *value)
{
	const char *s = (const char *)value;
	size_t n, left;

	if (s == NULL)
		return;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	left = sizeof x->fa.buf - x->fa.used;
	if (x->r.nfields >= RECORD_FIELDS_MAX || left < 2) {
		x->r.cut = 1;
		return;
	}
	if (n > VALUE_MAX || n > left - 1) {
		n = text_utf8_prefix(s, n, VALUE_MAX < left - 1 ? VALUE_MAX : left - 1);
		x->r.cut = 1;
	}
	record_add_field_copy(&x->r, &x->fa, name, s, n);
}

static int
is_elem(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The first child element of n with that local name. */
static xmlNode *
child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (is_elem(c, name))
			return c;
	return NULL;
}

/* The element at the end of a path of local names (NULL-terminated). */
static xmlNode *
child_path(const xmlNode *n, ...)
{
	va_list ap;
	const char *name;
	xmlNode *c = (xmlNode *)n;

	va_start(ap, n);
	while (c != NULL && (name = va_arg(ap, const char *)) != NULL)
		c = child(c, name);
	va_end(ap);
	return c;
}

/* The first element below top, in document order, with that local name:
 * for files whose nesting differs between writers (ovf-env.xml). */
static xmlNode *
descendant(const xmlNode *top, const char *name)
{
	xmlNode *n;

	if (top == NULL)
		return NULL;
	for (n = top->children; n != NULL;) {
		if (is_elem(n, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == top)
				return NULL;
		}
		n = n->next;
	}
	return NULL;
}

/* Adds the text of an element. */
static void
xrec_text(struct xrec *x, const char *name, const xmlNode *n)
{
	xmlChar *s;

	if (n == NULL || (s = xmlNodeGetContent(n)) == NULL)
		return;
	xrec_add(x, name, s);
	xmlFree(s);
}

/* Adds the value of an attribute, by local name. */
static void
xrec_attr(struct xrec *x, const char *name, const xmlNode *n,
    const char *attr)
{
	xmlAttr *a;
	xmlChar *s;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return;
	for (a = n->properties; a != NULL; a = a->next) {
		if (strcmp((const char *)a->name, attr) != 0)
			continue;
		if ((s = xmlNodeGetContent((xmlNode *)a)) != NULL) {
			xrec_add(x, name, s);
			xmlFree(s);
		}
		return;
	}
}

/* Appends "<prefix><value>" when the record has the field; line ends in
 * a value become spaces, the text being one line. */
static int
text_field(struct xrec *x, const char *prefix, const char *name)
{
	const char *v;
	size_t i;

	if ((v = record_field(&x->r, name)) == NULL || *v == '\0')
		return 0;
	strbuf_addstr(&x->text, prefix);
	for (i = 0; v[i] != '\0'; i++)
		strbuf_addch(&x->text, (unsigned char)v[i] < 0x20 ? ' ' : v[i]);
	return 1;
}

static void
xrec_emit(struct parse_ctx *pc, struct xrec *x)
{
	x->r.text = strbuf_str(&x->text);
	x->r.text_len = x->text.len;
	parse_path_time(pc->member->name, &x->r.time);
	parse_emit(pc, &x->r);
	strbuf_release(&x->text);
}

static void
goal_state(struct parse_ctx *pc, xmlNode *root)
{
	struct xrec x;
	xmlNode *container;

	container = child(root, "Container");
	xrec_init(&x, "goalstate", root);
	xrec_text(&x, "incarnation", child(root, "Incarnation"));
	xrec_text(&x, "expected_state", child_path(root, "Machine",
	    "ExpectedState", NULL));
	xrec_text(&x, "role_state", child_path(container, "RoleInstanceList",
	    "RoleInstance", "State", NULL));
	xrec_text(&x, "container_id", child(container, "ContainerId"));

	strbuf_addstr(&x.text, "goal state");
	text_field(&x, " incarnation ", "incarnation");
	strbuf_addch(&x.text, ':');
	text_field(&x, " machine ", "expected_state");
	text_field(&x, ", role ", "role_state");
	text_field(&x, ", container ", "container_id");
	xrec_emit(pc, &x);
}

/*
 * ExtensionsConfig.xml.  Only attributes of <Plugins><Plugin> and the
 * names of the agent families are read: <PluginSettings> carries the
 * settings (protected ones included), <StatusUploadBlob> a SAS URL.
 */
static void
extensions_config(struct parse_ctx *pc, xmlNode *root)
{
	struct xrec x;
	xmlNode *plugins, *n;
	unsigned count = 0;
	char num[16];

	plugins = child(root, "Plugins");
	for (n = plugins != NULL ? plugins->children : NULL; n != NULL;
	    n = n->next)
		count += is_elem(n, "Plugin");

	xrec_init(&x, "extensions_config", root);
	xrec_attr(&x, "incarnation", root, "goalStateIncarnation");
	xrec_attr(&x, "status_blob_type", child(root, "StatusUploadBlob"),
	    "statusBlobType");
	xrec_attr(&x, "in_svd_seq_no", child(root, "InVMGoalStateMetaData"),
	    "inSvdSeqNo");
	snprintf(num, sizeof num, "%u", count);
	xrec_add(&x, "plugins", (const xmlChar *)num);
	strbuf_addstr(&x.text, "extensions config");
	text_field(&x, " incarnation ", "incarnation");
	strbuf_addf(&x.text, ": %u plugin%s", count, count == 1 ? "" : "s");
	text_field(&x, ", status blob ", "status_blob_type");
	text_field(&x, ", inSvdSeqNo ", "in_svd_seq_no");
	xrec_emit(pc, &x);

	n = child_path(root, "GuestAgentExtension", "GAFamilies", NULL);
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
		if (!is_elem(n, "GAFamily"))
			continue;
		xrec_init(&x, "ga_family", n);
		xrec_text(&x, "name", child(n, "Name"));
		xrec_text(&x, "version", child(n, "Version"));
		strbuf_addstr(&x.text, "agent family");
		text_field(&x, " ", "name");
		text_field(&x, " version ", "version");
		xrec_emit(pc, &x);
	}

	for (n = plugins != NULL ? plugins->children : NULL; n != NULL;
	    n = n->next) {
		if (!is_elem(n, "Plugin"))
			continue;
		xrec_init(&x, "plugin", n);
		xrec_attr(&x, "extension", n, "name");
		xrec_attr(&x, "extension_version", n, "version");
		xrec_attr(&x, "state", n, "state");
		xrec_attr(&x, "auto_upgrade", n, "autoUpgrade");
		strbuf_addstr(&x.text, "plugin");
		text_field(&x, " ", "extension");
		text_field(&x, " ", "extension_version");
		strbuf_addch(&x.text, ':');
		text_field(&x, " state ", "state");
		text_field(&x, ", autoUpgrade ", "auto_upgrade");
		xrec_emit(pc, &x);
	}
}

static void
hosting_env(struct parse_ctx *pc, xmlNode *root)
{
	struct xrec x;
	xmlNode *inc;

	inc = child(root, "Incarnation");
	xrec_init(&x, "hosting_environment", root);
	xrec_attr(&x, "deployment", child(root, "Deployment"), "name");
	xrec_attr(&x, "role", child(root, "Role"), "name");
	xrec_attr(&x, "incarnation", root, "goalStateIncarnation");
	if (record_field(&x.r, "incarnation") == NULL)
		xrec_attr(&x, "incarnation", inc, "number");
	xrec_attr(&x, "instance", inc, "instance");
	strbuf_addstr(&x.text, "hosting environment:");
	text_field(&x, " deployment ", "deployment");
	text_field(&x, ", role ", "role");
	text_field(&x, ", instance ", "instance");
	text_field(&x, ", incarnation ", "incarnation");
	xrec_emit(pc, &x);
}

static void
shared_config(struct parse_ctx *pc, xmlNode *root)
{
	struct xrec x;
	xmlNode *inst;

	inst = child_path(root, "Instances", "Instance", NULL);
	xrec_init(&x, "shared_config", root);
	xrec_attr(&x, "deployment", child(root, "Deployment"), "name");
	xrec_attr(&x, "role", child(root, "Role"), "name");
	xrec_attr(&x, "instance", inst, "id");
	if (record_field(&x.r, "instance") == NULL)
		xrec_attr(&x, "instance", child(root, "Incarnation"),
		    "instance");
	xrec_attr(&x, "address", inst, "address");
	strbuf_addstr(&x.text, "shared config:");
	text_field(&x, " deployment ", "deployment");
	text_field(&x, ", role ", "role");
	text_field(&x, ", instance ", "instance");
	text_field(&x, ", address ", "address");
	xrec_emit(pc, &x);
}

/*
 * ovf-env.xml.  Read by name, one element at a time, so that a password,
 * custom data or a key is never so much as looked at.
 */
static void
ovf_env(struct parse_ctx *pc, xmlNode *root)
{
	struct xrec x;
	xmlNode *prov, *plat, *n;

	prov = descendant(root, "ProvisioningSection");
	plat = descendant(root, "PlatformSettingsSection");
	xrec_init(&x, "ovf_env", root);
	if ((n = descendant(prov, "HostName")) == NULL)
		n = descendant(prov, "ComputerName");
	xrec_text(&x, "hostname", n);
	if ((n = descendant(prov, "UserName")) == NULL)
		n = descendant(prov, "AdminUsername");
	xrec_text(&x, "username", n);
	xrec_text(&x, "provision_guest_agent",
	    descendant(plat, "ProvisionGuestAgent"));
	xrec_text(&x, "preprovisioned_vm", descendant(plat,
	    "PreprovisionedVm"));
	xrec_text(&x, "disable_ssh_password_auth",
	    descendant(prov, "DisableSshPasswordAuthentication"));
	strbuf_addstr(&x.text, "provisioning:");
	text_field(&x, " host ", "hostname");
	text_field(&x, ", user ", "username");
	text_field(&x, ", provision guest agent ", "provision_guest_agent");
	text_field(&x, ", preprovisioned VM ", "preprovisioned_vm");
	text_field(&x, ", SSH password authentication disabled ",
	    "disable_ssh_password_auth");
	xrec_emit(pc, &x);
}

static const struct xml_kind {
	enum source_kind	 kind;
	const char		*root;
	const char		*what;
	void			(*fn)(struct parse_ctx *, xmlNode *);
} xml_kinds[] = {
	{ KIND_GOALSTATE_XML, "GoalState", "a goal state", goal_state },
	{ KIND_EXTCONFIG_XML, "Extensions", "an extensions configuration",
	    extensions_config },
	{ KIND_HOSTINGENV_XML, "HostingEnvironmentConfig",
	    "a hosting environment configuration", hosting_env },
	{ KIND_SHAREDCONFIG_XML, "SharedConfig", "a shared configuration",
	    shared_config },
	{ KIND_OVF_ENV_XML, "Environment", "a provisioning environment",
	    ovf_env },
};

/* Reads the whole member, raw: libxml2 decides the encoding. */
static int
read_member(struct parse_ctx *pc, char **buf, size_t *len)
{
	struct strbuf sb;
	char chunk[READ_CHUNK];
	size_t max = pc->limits->max_doc_bytes;
	ssize_t r;

	if (max > INT_MAX)
		max = INT_MAX;
	strbuf_init(&sb, 0);
	while ((r = mstream_read(pc->stream, chunk, sizeof chunk)) > 0) {
		if ((size_t)r > max - sb.len) {
			parse_skip(pc, "larger than the XML size limit (%zu "
			    "bytes, --limit document)", max);
			strbuf_release(&sb);
			return -1;
		}
		strbuf_add(&sb, chunk, (size_t)r);
	}
	if (r < 0) {
		parse_skip(pc, "read stopped: %s", mstream_error(pc->stream));
		strbuf_release(&sb);
		return -1;
	}
	*len = sb.len;
	*buf = strbuf_detach(&sb);
	return 0;
}

/*
 * A DOCTYPE stops the parse where it is declared: the internal subset,
 * where entities would be declared, is never read.
 */
static void
refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xstate *st = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	st->dtd = 1;
	xmlStopParser(ctxt);
}

/* libxml2 reports some errors (encoding conversion) outside any parser
 * context, to stderr unless told otherwise: they go nowhere. */
static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Why libxml2 refused the document, as one printable line. */
static void
skip_invalid(struct parse_ctx *pc, xmlParserCtxtPtr ctxt)
{
	const xmlError *e;
	struct strbuf sb;
	size_t i;

	e = xmlCtxtGetLastError(ctxt);
	if (e == NULL || e->message == NULL) {
		parse_skip(pc, "invalid XML");
		return;
	}
	/* libxml2's own limit, whose message names a parser option (HUGE)
	 * that hostile input must never get. */
	if (e->code == XML_ERR_INTERNAL_ERROR &&
	    strstr(e->message, "Excessive depth") != NULL) {
		parse_skip(pc, "not read: XML nested deeper than libxml2 "
		    "allows (256 levels) at line %d", e->line);
		return;
	}
	strbuf_init(&sb, 0);
	text_sanitise(&sb, e->message, text_utf8_prefix(e->message,
	    strlen(e->message), 200));
	for (i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20)
			sb.buf[i] = ' ';
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	parse_skip(pc, "invalid XML at line %d: %s", e->line, strbuf_str(&sb));
	strbuf_release(&sb);
}

void
parse_xml(struct parse_ctx *pc)
{
	const struct xml_kind *xk = NULL;
	xmlParserCtxtPtr ctxt = NULL;
	xmlGenericErrorFunc old_handler;
	void *old_ctx;
	xmlDocPtr doc = NULL;
	xmlNode *root;
	struct xstate st;
	char *buf = NULL;
	size_t len, i, n;

	for (i = 0; i < sizeof xml_kinds / sizeof xml_kinds[0]; i++)
		if (xml_kinds[i].kind == pc->kind)
			xk = &xml_kinds[i];
	if (xk == NULL || read_member(pc, &buf, &len) != 0)
		return;
	for (i = 0; i < len && isspace((unsigned char)buf[i]); i++)
		;
	if (i == len) {
		parse_skip(pc, "empty file");
		goto out;
	}

	/* Idempotent; the program calls it first when it runs threads. */
	xmlInitParser();
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		fatal("xmlNewParserCtxt failed");
	memset(&st, 0, sizeof st);
	ctxt->_private = &st;
	ctxt->sax->internalSubset = refuse_dtd;
	old_handler = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	/* Never NOENT, DTDLOAD, DTDATTR or HUGE: see the top of the file. */
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetGenericErrorFunc(old_ctx, old_handler);

	if (st.dtd || (doc != NULL && (doc->intSubset != NULL ||
	    doc->extSubset != NULL))) {
		parse_skip(pc, "has a document type declaration (DOCTYPE), "
		    "which agent files never have: not read");
		goto out;
	}
	if (doc == NULL) {
		skip_invalid(pc, ctxt);
		goto out;
	}
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		parse_skip(pc, "no root element");
		goto out;
	}
	if (strcmp((const char *)root->name, xk->root) != 0) {
		/* Agents 2.9 and later leave <xml>empty placeholder
		 * file</xml> as GoalState.1.xml: known, and nothing to read. */
		if (pc->kind == KIND_GOALSTATE_XML &&
		    strcmp((const char *)root->name, "xml") == 0)
			goto out;
		n = strlen((const char *)root->name);
		parse_skip(pc, "not %s: the root element is <%.*s>", xk->what,
		    (int)text_utf8_prefix((const char *)root->name, n, 64),
		    (const char *)root->name);
		goto out;
	}
	xk->fn(pc, root);
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	free(buf);
}
