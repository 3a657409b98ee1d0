/*
 * What customers paste from a command prompt: `vssadmin list writers`,
 * `ipconfig /all`, `sc query` / `sc queryex`, `systeminfo`, `reg query`.
 * Each logical item (a writer; the host or an adapter; a service; the
 * system; a registry value) becomes
 * a record whose fields are its labels and whose text is the block as
 * written (blank lines left out), so that a pattern can test a field or
 * run a regex over the text.  A line outside any item (vssadmin's
 * banner, "[SC] OpenService FAILED 1060:") is a record of its own.
 *
 * Labels are English on English hosts; a label not known is kept under
 * its own name, and vssadmin's writer blocks are read by the shape of
 * their values so that a localised one still gives its state.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "parse.h"
#include "strbuf.h"
#include "text.h"

#define BLOCK_TEXT_MAX	(64 * 1024)
#define BLOCK_STORE_MAX	(32 * 1024)
#define CSV_COLS_MAX	64

/* An item being read. */
struct block {
	struct strbuf	 text;		/* its lines as written */
	struct strbuf	 msg;		/* "Label: value" lines, when the
					   text is not readable (CSV) */
	struct strbuf	 store;		/* field names and values */
	size_t		 name_off[RECORD_FIELDS_MAX];
	size_t		 value_off[RECORD_FIELDS_MAX];
	unsigned	 nfields;
	int		 open;
	int		 cut;
	unsigned long	 line;
	unsigned long	 last;		/* last line that is not blank */
	int		 english_error;	/* vssadmin: "Last error" label */
};

struct wintext {
	struct parse_ctx	*pc;
	struct block		 b;
	size_t			 vcol;		/* systeminfo: value column */
	int			 table;		/* systeminfo /FO TABLE */
	int			 csv;		/* systeminfo /FO CSV */
	struct strbuf		 header;	/* its names, NUL after each */
	size_t			 hoff[CSV_COLS_MAX];
	unsigned		 ncols;
	unsigned long		 header_line;
	unsigned long		 rows;
	struct strbuf		 regkey;	/* reg query: the key */
};

static int
indented(const char *s, size_t n)
{
	return n > 0 && (s[0] == ' ' || s[0] == '\t');
}

static int
same(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* Adds to b, bounded; over the bound the block is marked cut. */
static int
store_add(struct block *b, const char *s, size_t n)
{
	if (b->store.len + n + 1 > BLOCK_STORE_MAX) {
		b->cut = 1;
		return 0;
	}
	strbuf_add(&b->store, s, n);
	strbuf_addch(&b->store, '\0');
	return 1;
}

static void
field_add(struct block *b, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	size_t no = b->store.len, vo;

	/* "   : value" has no label to name a field by; the line stays in
	 * the text. */
	if (nlen == 0)
		return;
	if (b->nfields >= RECORD_FIELDS_MAX) {
		b->cut = 1;
		return;
	}
	if (!store_add(b, name, nlen))
		return;
	vo = b->store.len;
	if (!store_add(b, value, vlen)) {
		b->store.len = no;
		return;
	}
	b->name_off[b->nfields] = no;
	b->value_off[b->nfields] = vo;
	b->nfields++;
}

static void
field_adds(struct block *b, const char *name, const char *value, size_t vlen)
{
	field_add(b, name, strlen(name), value, vlen);
}

/* A continuation line: appended to the last field's value, ", " between;
 * that value is the last thing in the store. */
static void
field_append(struct block *b, const char *s, size_t n)
{
	if (b->nfields == 0 || n == 0)
		return;
	if (b->store.len + n + 3 > BLOCK_STORE_MAX) {
		b->cut = 1;
		return;
	}
	b->store.len--;
	if (b->store.len > b->value_off[b->nfields - 1])
		strbuf_add(&b->store, ", ", 2);
	strbuf_add(&b->store, s, n);
	strbuf_addch(&b->store, '\0');
}

static const char *
field_get(const struct block *b, const char *name)
{
	unsigned i;

	for (i = 0; i < b->nfields; i++)
		if (strcmp(b->store.buf + b->name_off[i], name) == 0)
			return b->store.buf + b->value_off[i];
	return NULL;
}

static void
block_text(struct block *b, const struct text_line *l)
{
	if (text_blank(l->s, l->len))
		return;
	if (b->text.len > 0)
		strbuf_addch(&b->text, '\n');
	if (b->text.len + l->len > BLOCK_TEXT_MAX)
		b->cut = 1;
	strbuf_add(&b->text, l->s, text_utf8_prefix(l->s, l->len,
	    BLOCK_TEXT_MAX > b->text.len ? BLOCK_TEXT_MAX - b->text.len : 0));
	b->last = l->lineno;
	b->cut |= l->cut;
}

/* vssadmin: a writer is a warning when it is not stable or its last
 * error is one (the text is compared only when it is English). */
static const char *
vss_level(const struct block *b)
{
	const char *code = field_get(b, "state_code");
	const char *err = field_get(b, "last_error");

	if (field_get(b, "writer") == NULL)
		return NULL;
	if (code != NULL && strcmp(code, "1") != 0)
		return "WARNING";
	if (err != NULL && b->english_error && strcmp(err, "No error") != 0)
		return "WARNING";
	return NULL;
}

static void
block_end(struct wintext *w)
{
	struct block *b = &w->b;
	struct record r;
	unsigned i;

	if (!b->open)
		return;
	b->open = 0;
	memset(&r, 0, sizeof r);
	r.line = b->line;
	r.lines = (unsigned)(b->last - b->line + 1);
	r.text = strbuf_str(&b->text);
	r.text_len = b->text.len;
	if (b->msg.len > 0) {
		r.msg = strbuf_str(&b->msg);
		r.msg_len = b->msg.len;
	}
	for (i = 0; i < b->nfields; i++)
		record_add_field(&r, b->store.buf + b->name_off[i],
		    b->store.buf + b->value_off[i]);
	if (w->pc->kind == KIND_VSSADMIN)
		r.level = vss_level(b);
	r.cut = b->cut || b->text.truncated || b->msg.truncated;
	parse_emit(w->pc, &r);
}

static void
block_begin(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;

	block_end(w);
	strbuf_reset(&b->text);
	strbuf_reset(&b->msg);
	strbuf_reset(&b->store);
	b->nfields = 0;
	b->open = 1;
	b->cut = 0;
	b->line = b->last = l->lineno;
	b->english_error = 0;
	block_text(b, l);
}

/* A line outside any item, as a record of its own. */
static void
line_record(struct wintext *w, const struct text_line *l)
{
	block_begin(w, l);
	block_end(w);
}

/* "[8] Failed": the number in the brackets. */
static int
bracket_code(const char *s, size_t n, size_t *len)
{
	size_t i;

	if (n < 3 || s[0] != '[')
		return 0;
	for (i = 1; i < n && isdigit((unsigned char)s[i]); i++)
		;
	if (i == 1 || i >= n || s[i] != ']')
		return 0;
	*len = i - 1;
	return 1;
}

/*
 * vssadmin list writers:
 *
 *   Writer name: 'SqlServerWriter'
 *      Writer Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}
 *      Writer Instance Id: {9075d8d5-a7d9-4d3d-8d82-7e8c2d0e71bc}
 *      State: [8] Failed
 *      Last error: Retryable error
 */
static void
vss_line(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;
	const char *s = l->s, *colon, *v;
	size_t n = l->len, vn, ln, k;

	if (text_blank(s, n))
		return;
	colon = memchr(s, ':', n);
	if (!indented(s, n)) {
		if (colon != NULL) {
			v = colon + 1;
			vn = (size_t)(s + n - v);
			text_trim(&v, &vn);
			if (vn >= 2 && (v[0] == '\'' || v[0] == '"') &&
			    v[vn - 1] == v[0]) {
				block_begin(w, l);
				field_adds(b, "writer", v + 1, vn - 2);
				return;
			}
		}
		/* The banner, "Waiting for responses.", an error. */
		block_end(w);
		line_record(w, l);
		return;
	}
	if (!b->open || colon == NULL) {
		if (!b->open)
			line_record(w, l);
		else
			block_text(b, l);
		return;
	}
	block_text(b, l);
	ln = (size_t)(colon - s);
	text_trim(&s, &ln);
	v = colon + 1;
	vn = (size_t)(l->s + l->len - v);
	text_trim(&v, &vn);

	if (same(s, ln, "Writer Id") || (!same(s, ln, "Writer Instance Id") &&
	    vn > 0 && v[0] == '{' && field_get(b, "writer_id") == NULL))
		field_adds(b, "writer_id", v, vn);
	else if (same(s, ln, "Writer Instance Id") || (vn > 0 &&
	    v[0] == '{' && field_get(b, "instance_id") == NULL))
		field_adds(b, "instance_id", v, vn);
	else if (same(s, ln, "State") || bracket_code(v, vn, &k)) {
		field_adds(b, "state", v, vn);
		if (bracket_code(v, vn, &k))
			field_adds(b, "state_code", v + 1, k);
	} else if (same(s, ln, "Last error") || (field_get(b, "state") !=
	    NULL && field_get(b, "last_error") == NULL)) {
		field_adds(b, "last_error", v, vn);
		b->english_error = same(s, ln, "Last error");
	} else
		field_add(b, s, ln, v, vn);
}

/* ipconfig's "Label . . . . : value": where the value starts, 0 if the
 * line has no such separator. */
static size_t
ip_separator(const char *s, size_t n, size_t *label_end)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (s[i] == ':' && (s[i - 1] == ' ' || s[i - 1] == '.') &&
		    (i + 1 == n || s[i + 1] == ' ')) {
			*label_end = i;
			return i + 1;
		}
	return 0;
}

/*
 * ipconfig /all:
 *
 *   Windows IP Configuration
 *
 *      Host Name . . . . . . . . . . . . : vm1
 *      ...
 *   Ethernet adapter Ethernet 2:
 *
 *      DHCP Enabled. . . . . . . . . . . : No
 *      IPv4 Address. . . . . . . . . . . : 10.0.0.4(Preferred)
 *      DNS Servers . . . . . . . . . . . : 168.63.129.16
 *                                          8.8.8.8
 */
static void
ip_line(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;
	const char *s = l->s, *label, *v, *a;
	size_t n = l->len, end, at, ln, vn, k;

	if (text_blank(s, n))
		return;
	if (!indented(s, n)) {
		block_begin(w, l);
		text_trim(&s, &n);
		if (n == 0 || s[n - 1] != ':')
			return;
		/* "Ethernet adapter Ethernet 2:" */
		n--;
		for (a = NULL, k = 0; k + 9 <= n; k++)
			if ((s[k] == ' ' || s[k] == '-') &&
			    strncasecmp(s + k + 1, "adapter ", 8) == 0) {
				a = s + k;
				break;
			}
		if (a != NULL) {
			field_adds(b, "adapter", a + 9,
			    (size_t)(s + n - a - 9));
			field_adds(b, "adapter_type", s, (size_t)(a - s));
		} else
			field_adds(b, "adapter", s, n);
		return;
	}
	if (!b->open)
		block_begin(w, l);
	else
		block_text(b, l);
	if ((at = ip_separator(s, n, &end)) == 0) {
		v = s;
		vn = n;
		text_trim(&v, &vn);
		field_append(b, v, vn);
		return;
	}
	label = s;
	ln = end;
	while (ln > 0 && (label[ln - 1] == ' ' || label[ln - 1] == '.'))
		ln--;
	text_trim(&label, &ln);
	v = s + at;
	vn = n - at;
	text_trim(&v, &vn);
	if (ln > 0)
		field_add(b, label, ln, v, vn);
}

/* "SERVICE_NAME" as the field name "service_name". */
static size_t
field_name(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i;

	n = text_utf8_prefix(s, n, outlen - 1);
	for (i = 0; i < n; i++)
		out[i] = s[i] == ' ' ? '_' : (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
	return n;
}

/* "4  RUNNING": state = RUNNING, state_code = 4; "1077  (0x435)": 1077. */
static void
sc_value(struct block *b, const char *name, const char *v, size_t vn)
{
	char code[80];
	size_t i, k;

	for (i = 0; i < vn && isdigit((unsigned char)v[i]); i++)
		;
	if (i == 0 || i == vn || v[i] != ' ') {
		field_adds(b, name, v, vn);
		return;
	}
	for (k = i; k < vn && v[k] == ' '; k++)
		;
	if (k < vn && v[k] == '(') {
		field_adds(b, name, v, i);
		return;
	}
	field_adds(b, name, v + k, vn - k);
	snprintf(code, sizeof code, "%s_code", name);
	field_adds(b, code, v, i);
}

/*
 * sc query / sc queryex / sc qc:
 *
 *   SERVICE_NAME: WindowsAzureGuestAgent
 *   DISPLAY_NAME: Windows Azure Guest Agent
 *           TYPE               : 10  WIN32_OWN_PROCESS
 *           STATE              : 4  RUNNING
 *                                   (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
 *           WIN32_EXIT_CODE    : 0  (0x0)
 */
static void
sc_line(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;
	const char *s = l->s, *colon, *v = NULL, *label;
	size_t n = l->len, vn = 0, ln;
	char name[64];

	if (text_blank(s, n))
		return;
	colon = memchr(s, ':', n);
	if (!indented(s, n)) {
		ln = colon != NULL ? (size_t)(colon - s) : 0;
		if (colon != NULL) {
			v = colon + 1;
			vn = (size_t)(s + n - v);
			text_trim(&v, &vn);
		}
		if (colon != NULL && same(s, ln, "SERVICE_NAME")) {
			block_begin(w, l);
			field_adds(b, "service_name", v, vn);
		} else if (colon != NULL && b->open &&
		    same(s, ln, "DISPLAY_NAME")) {
			block_text(b, l);
			field_adds(b, "display_name", v, vn);
		} else {
			/* "[SC] EnumQueryServicesStatus:OpenService FAILED
			 * 1060:" and its explanation. */
			block_end(w);
			line_record(w, l);
		}
		return;
	}
	if (!b->open) {
		line_record(w, l);
		return;
	}
	block_text(b, l);
	v = s;
	vn = n;
	text_trim(&v, &vn);
	if (colon == NULL) {
		if (vn >= 2 && v[0] == '(' && v[vn - 1] == ')')
			field_adds(b, "controls", v + 1, vn - 2);
		else
			field_append(b, v, vn);
		return;
	}
	label = s;
	ln = (size_t)(colon - s);
	text_trim(&label, &ln);
	v = colon + 1;
	vn = (size_t)(s + n - v);
	text_trim(&v, &vn);
	if (ln == 0) {
		/* sc qc's second dependency: "          : SamSS". */
		field_append(b, v, vn);
		return;
	}
	field_name(label, ln, name, sizeof name);
	sc_value(b, name, v, vn);
}

/*
 * systeminfo's "Label:    value", labels padded to one column; a label
 * may hold a colon itself ("Virtual Memory: Max Size:  8,189 MB").
 * Returns 1 with the label and the value.
 */
static int
si_split(struct wintext *w, const char *s, size_t n, const char **label,
    size_t *ln, const char **v, size_t *vn)
{
	size_t i, k, sep = 0;

	/* The column, from the first label followed by padding. */
	if (w->vcol == 0 && (const char *)memchr(s, ':', n) != NULL) {
		i = (size_t)((const char *)memchr(s, ':', n) - s);
		for (k = i + 1; k < n && s[k] == ' '; k++)
			;
		if (k - i > 2 && k < n)
			w->vcol = k;
	}
	if (w->vcol > 1 && w->vcol <= n && s[w->vcol - 1] == ' ') {
		for (k = w->vcol; k > 0 && s[k - 1] == ' '; k--)
			;
		if (k > 1 && s[k - 1] == ':')
			sep = k - 1;
	}
	if (sep == 0) {
		/* The last colon before padding, else the first one. */
		for (i = 0; i < n; i++)
			if (s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')) {
				if (sep == 0)
					sep = i;
				if (i + 2 < n && s[i + 2] == ' ')
					sep = i;
			}
		if (sep == 0)
			return 0;
	}
	*label = s;
	*ln = sep;
	text_trim(label, ln);
	*v = s + sep + 1;
	*vn = n - sep - 1;
	text_trim(v, vn);
	return *ln > 0;
}

/* One line of systeminfo /FO CSV, split into fields (NUL after each)
 * in out; returns the number of fields. */
static unsigned
csv_split(const char *s, size_t n, struct strbuf *out, size_t *off,
    unsigned max)
{
	unsigned nf = 0;
	size_t i = 0;
	int quoted;

	strbuf_reset(out);
	while (i <= n && nf < max) {
		off[nf++] = out->len;
		quoted = i < n && s[i] == '"';
		i += quoted;
		for (; i < n; i++) {
			if (quoted && s[i] == '"') {
				if (i + 1 < n && s[i + 1] == '"') {
					strbuf_addch(out, '"');
					i++;
					continue;
				}
				quoted = 0;
				continue;
			}
			if (!quoted && s[i] == ',')
				break;
			strbuf_addch(out, s[i]);
		}
		strbuf_addch(out, '\0');
		i++;
	}
	return nf;
}

static void
si_csv_line(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;
	struct strbuf vals = STRBUF_INIT;
	size_t off[CSV_COLS_MAX];
	const char *name, *v;
	unsigned nv, i;

	if (w->ncols == 0) {
		w->ncols = csv_split(l->s, l->len, &w->header, w->hoff,
		    CSV_COLS_MAX);
		w->header_line = l->lineno;
		return;
	}
	nv = csv_split(l->s, l->len, &vals, off, CSV_COLS_MAX);
	block_begin(w, l);
	for (i = 0; i < nv && i < w->ncols; i++) {
		name = w->header.buf + w->hoff[i];
		v = vals.buf + off[i];
		field_adds(b, name, v, strlen(v));
		strbuf_addf(&b->msg, "%s%s: %s", b->msg.len > 0 ? "\n" : "",
		    name, v);
	}
	block_end(w);
	w->rows++;
	strbuf_release(&vals);
}

/*
 * systeminfo (/FO LIST, the default):
 *
 *   Host Name:                 VM1
 *   OS Name:                   Microsoft Windows Server 2019 Datacenter
 *   ...
 *   Time Zone:                 (UTC-08:00) Pacific Time (US & Canada)
 *   Hotfix(s):                 2 Hotfix(s) Installed.
 *                              [01]: KB5020617
 *
 * One record; the sub-lines of Hotfix(s), Processor(s) and Network
 * Card(s) go into the text and, joined, into their label's value.
 * /FO CSV is a header and a row per system; /FO TABLE is kept as lines.
 */
static void
si_line(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;
	const char *s = l->s, *label, *v;
	size_t n = l->len, ln, vn, i;

	if (text_blank(s, n))
		return;
	if (!w->csv && !w->table && !b->open && s[0] == '"')
		w->csv = 1;
	if (w->csv) {
		si_csv_line(w, l);
		return;
	}
	for (i = 0; i < n && (s[i] == '=' || s[i] == ' '); i++)
		;
	if (i == n && n >= 10) {
		block_end(w);
		w->table = 1;
	}
	if (w->table) {
		line_record(w, l);
		return;
	}
	if (indented(s, n)) {
		if (!b->open) {
			line_record(w, l);
			return;
		}
		block_text(b, l);
		v = s;
		vn = n;
		text_trim(&v, &vn);
		field_append(b, v, vn);
		return;
	}
	if (!si_split(w, s, n, &label, &ln, &v, &vn)) {
		if (b->open)
			block_text(b, l);
		else
			line_record(w, l);
		return;
	}
	/* systeminfo /S for several hosts: the first label again. */
	if (!b->open || (b->nfields > 0 &&
	    same(label, ln, b->store.buf + b->name_off[0])))
		block_begin(w, l);
	else
		block_text(b, l);
	field_add(b, label, ln, v, vn);
}

/* A header without a row (or a row without its header, /NH): kept as
 * a line. */
static void
si_csv_header_only(struct wintext *w)
{
	struct strbuf line = STRBUF_INIT;
	struct text_line l;
	unsigned i;

	for (i = 0; i < w->ncols; i++)
		strbuf_addf(&line, "%s\"%s\"", i > 0 ? "," : "",
		    w->header.buf + w->hoff[i]);
	memset(&l, 0, sizeof l);
	l.s = strbuf_str(&line);
	l.len = line.len;
	l.lineno = w->header_line;
	line_record(w, &l);
	strbuf_release(&line);
}

/*
 * reg query:
 *
 *   HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\...\{e603...}
 *       EnableDHCP    REG_DWORD    0x0
 *       NameServer    REG_SZ    10.50.0.4,10.50.0.5
 *
 * One record per value: key (the key's path, '\', the value's name),
 * name, type, value; the same key and value as registry.json gives.
 */
static void
reg_line(struct wintext *w, const struct text_line *l)
{
	struct block *b = &w->b;
	const char *s = l->s, *t, *v, *end = l->s + l->len;
	size_t n = l->len, tn;

	if (text_blank(s, n))
		return;
	if (!indented(s, n)) {
		if (strncmp(s, "HKEY_", 5) == 0 || strncmp(s, "HKLM\\", 5) == 0) {
			strbuf_reset(&w->regkey);
			text_trim(&s, &n);
			strbuf_add(&w->regkey, s, n);
		} else
			line_record(w, l);
		return;
	}
	/* "    Name    REG_TYPE    value": the type is the first
	 * "    REG_" after the name. */
	text_trim(&s, &n);
	if ((t = memmem(s, n, "    REG_", 8)) == NULL) {
		line_record(w, l);
		return;
	}
	for (v = t + 4; v < s + n && *v != ' '; v++)
		;
	tn = (size_t)(v - (t + 4));
	while (v < s + n && *v == ' ')
		v++;
	block_begin(w, l);
	strbuf_reset(&w->header);
	strbuf_add(&w->header, strbuf_str(&w->regkey), w->regkey.len);
	strbuf_addch(&w->header, '\\');
	strbuf_add(&w->header, s, (size_t)(t - s));
	field_adds(b, "key", strbuf_str(&w->header), w->header.len);
	field_add(b, "name", 4, s, (size_t)(t - s));
	field_add(b, "type", 4, t + 4, tn);
	field_adds(b, "value", v, v < end ? (size_t)(s + n - v) : 0);
	block_end(w);
}

void
parse_wintext(struct parse_ctx *pc)
{
	struct wintext w;
	struct text_reader *tr;
	struct text_line l;
	unsigned long lines = 0, nonblank = 0;
	void (*fn)(struct wintext *, const struct text_line *);
	int r;

	switch (pc->kind) {
	case KIND_VSSADMIN:
		fn = vss_line;
		break;
	case KIND_IPCONFIG:
		fn = ip_line;
		break;
	case KIND_SC_QUERY:
		fn = sc_line;
		break;
	case KIND_SYSTEMINFO:
		fn = si_line;
		break;
	case KIND_REG_QUERY:
		fn = reg_line;
		break;
	default:
		return;
	}
	tr = text_reader_new(pc->stream, pc->limits->max_line);
	if (text_reader_binary(tr)) {
		parse_skip(pc, "binary data, not text");
		text_reader_free(tr);
		return;
	}
	memset(&w, 0, sizeof w);
	w.pc = pc;
	strbuf_init(&w.b.text, BLOCK_TEXT_MAX);
	strbuf_init(&w.b.msg, BLOCK_TEXT_MAX);
	strbuf_init(&w.b.store, 0);
	strbuf_init(&w.header, BLOCK_STORE_MAX);
	strbuf_init(&w.regkey, BLOCK_STORE_MAX);

	while ((r = text_reader_next(tr, &l)) == 1) {
		lines = l.lineno;
		if (!text_blank(l.s, l.len))
			nonblank++;
		fn(&w, &l);
	}
	block_end(&w);
	if (w.csv && w.rows == 0 && w.ncols > 0)
		si_csv_header_only(&w);

	if (r < 0)
		parse_skip(pc, "read stopped after line %lu: %s", lines,
		    mstream_error(pc->stream));
	else if (nonblank == 0)
		parse_skip(pc, "empty file");

	strbuf_release(&w.b.text);
	strbuf_release(&w.b.msg);
	strbuf_release(&w.b.store);
	strbuf_release(&w.header);
	strbuf_release(&w.regkey);
	text_reader_free(tr);
}
