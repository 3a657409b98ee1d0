/*
 * Line logs: a record starts at a line that begins with a time and goes
 * on over every line that does not (tracebacks, "[stdout]" blocks, XML
 * bodies in error messages), as the agent's own log parser reads it.
 * What differs between logs is only how a head line is read, so each
 * format is one head function and the assembly is shared.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "parse.h"
#include "strbuf.h"
#include "text.h"

struct head {
	struct record		*rec;
	struct field_arena	*fa;
	size_t			 msg_off;	/* message start in the line */
	/* Asked: the fields left to parse_record_complete(), the time,
	 * level and message start read.  A head function that can leave
	 * them says so with deferred. */
	int			 no_fields;
	int			 deferred;
};

/* Reads a head line into h; returns 0 if the line continues a record. */
typedef int head_fn(const char *, size_t, struct head *);

/*
 * The offset of the first byte a or b in s[0..n), or n.  Eight bytes at
 * a time: the tokens of a head are short, and a call to memchr costs
 * more than the search there.
 */
static size_t
find2(const char *s, size_t n, char a, char b)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;
	uint64_t v, xa, xb, hit;
	size_t i = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		xa = v ^ (ones * (unsigned char)a);
		xb = v ^ (ones * (unsigned char)b);
		/* A zero byte of xa or xb sets its high bit here; bytes
		 * after the first zero may be set wrongly, not before. */
		hit = ((xa - ones) & ~xa & highs) | ((xb - ones) & ~xb & highs);
		if (hit != 0)
			return i + (size_t)__builtin_ctzll(hit) / 8;
	}
#endif
	for (; i < n; i++)
		if (s[i] == a || s[i] == b)
			return i;
	return n;
}

/* Length of the token at s (up to a space). */
static size_t
token(const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);

	return sp != NULL ? (size_t)(sp - s) : n;
}

/* Starts with a word of known length and then a space. */
#define WORD(s, n, w)	((n) > sizeof(w) - 1 && \
			    memcmp((s), w " ", sizeof(w)) == 0)

/*
 * token() for the words of an agent line's head: most lines read
 * "INFO ExtHandler ExtHandler", and a word known by its bytes costs no
 * search.  *comp: the word if it is one of those components (what
 * agent_component() would say), so that it is not compared again.
 */
static size_t
head_token(const char *s, size_t n, const char **comp)
{
	*comp = NULL;
	if (WORD(s, n, "INFO"))
		return sizeof("INFO") - 1;
	if (WORD(s, n, "ExtHandler")) {
		*comp = "ExtHandler";
		return sizeof("ExtHandler") - 1;
	}
	if (WORD(s, n, "Daemon")) {
		*comp = "Daemon";
		return sizeof("Daemon") - 1;
	}
	return token(s, n);
}

/* ctype without the locale table, for what every line asks. */
#define DIGIT(c)	((unsigned char)((c) - '0') < 10)
#define ALPHA(c)	((unsigned char)(((c) | 0x20) - 'a') < 26)

/* Compares with a literal of known length, so that the compiler makes
 * it a load or two, not a call: every line asks. */
#define IS(s, n, lit)	((n) == sizeof(lit) - 1 && \
			    memcmp((s), (lit), sizeof(lit) - 1) == 0)

static const char *
level_of(const char *s, size_t n)
{
	if (IS(s, n, "INFO"))
		return "INFO";
	if (IS(s, n, "VERBOSE"))
		return "VERBOSE";
	if (IS(s, n, "WARNING"))
		return "WARNING";
	if (IS(s, n, "ERROR"))
		return "ERROR";
	return NULL;
}

/*
 * "[Microsoft.Azure.Foo-1.2.3]": an extension's log prefix.  Message tags
 * such as [HEARTBEAT] or [CGW] have no "-<version>", which tells them
 * apart.  Sets the name and version spans.
 */
static int
extension_prefix(const char *s, size_t n, size_t *name_len,
    const char **ver, size_t *ver_len)
{
	size_t i, dash;

	if (n < 4 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	/* The version from the end: digits and dots after the last '-'
	 * that a digit follows. */
	for (i = n - 1; i > 1 && (DIGIT(s[i - 1]) || s[i - 1] == '.'); i--)
		;
	if (i == n - 1 || s[i - 1] != '-' || !DIGIT(s[i]))
		return 0;
	dash = i - 1;
	if (find2(s + 1, dash - 1, ' ', '[') != dash - 1)
		return 0;
	*name_len = dash - 1;
	*ver = s + dash + 1;
	*ver_len = n - 1 - dash - 1;
	return 1;
}

/* The agent's process prefixes, written after the level or thread: the
 * name as a constant string (a field value that needs no copy), or
 * NULL. */
static const char *
agent_component(const char *s, size_t n)
{
	if (IS(s, n, "ExtHandler"))
		return "ExtHandler";
	if (IS(s, n, "Daemon"))
		return "Daemon";
	if (IS(s, n, "LogCollector"))
		return "LogCollector";
	if (IS(s, n, "Firewall"))
		return "Firewall";
	return NULL;
}

/* The thread field: most threads are named after a component. */
static void
add_thread(struct head *h, const char *s, size_t n)
{
	const char *name;

	if (h->no_fields)
		return;
	if ((name = agent_component(s, n)) != NULL)
		record_add_field(h->rec, "thread", name);
	else
		record_add_field_copy(h->rec, h->fa, "thread", s, n);
}

/* Thread names: MainThread, the *Handler worker threads, and such. */
static int
agent_thread(const char *s, size_t n)
{
	size_t i;

	if (n < 4)
		return 0;
	/* Most lines name a component: no need to look at each byte. */
	if (agent_component(s, n) != NULL)
		return 1;
	for (i = 0; i < n; i++)
		if (!DIGIT(s[i]) && !ALPHA(s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return (n > 7 && memcmp(s + n - 7, "Handler", 7) == 0) ||
	    (n > 6 && memcmp(s + n - 6, "Thread", 6) == 0) ||
	    (n > 9 && memcmp(s + n - 9, "Collector", 9) == 0);
}

/* Sets the fields of a process or extension prefix; 0 if it is none.
 * comp: the component head_token() knew s for, or NULL. */
static int
take_prefix(struct head *h, const char *s, size_t n, const char *comp)
{
	const char *ver, *name;
	size_t name_len, ver_len;

	if ((name = comp) != NULL || (name = agent_component(s, n)) != NULL) {
		if (!h->no_fields)
			record_add_field(h->rec, "component", name);
		return 1;
	}
	if (extension_prefix(s, n, &name_len, &ver, &ver_len)) {
		if (h->no_fields)
			return 1;
		record_add_field_copy(h->rec, h->fa, "extension", s + 1,
		    name_len);
		record_add_field_copy(h->rec, h->fa, "extension_version",
		    ver, ver_len);
		return 1;
	}
	return 0;
}

/*
 * The agent's four record generations (ISO or slash time; level; maybe a
 * thread; maybe a prefix) and the extension lines written into its log
 * (slash time, no level, maybe a [Name-ver] prefix).
 */
static int
head_agent(const char *line, size_t len, struct head *h)
{
	enum vtime_shape shape;
	size_t at, t1, t2;
	const char *lvl, *close, *c1, *c2 = NULL;

	at = timeparse_prefix(line, len, &h->rec->time, &shape);
	if (at == 0 || shape == VSHAPE_DATE_UTC)
		return 0;
	if (at < len && line[at] != ' ')
		return 0;
	h->deferred = h->no_fields;
	while (at < len && line[at] == ' ')
		at++;
	t1 = head_token(line + at, len - at, &c1);
	if ((lvl = level_of(line + at, t1)) == NULL) {
		/* An extension line: "<time> [Name-ver] message", or
		 * "[Name-ver]message" from the legacy waagent library's
		 * LogWithPrefix (VMSnapshotLinux on Python 2). */
		if (t1 > 0 && take_prefix(h, line + at, t1, c1))
			at += t1 + (at + t1 < len);
		else if (t1 > 0 && line[at] == '[' &&
		    (close = memchr(line + at, ']', t1)) != NULL &&
		    take_prefix(h, line + at, (size_t)(close - line) - at + 1,
		    NULL))
			at = (size_t)(close - line) + 1;
		h->msg_off = at;
		return 1;
	}
	h->rec->level = lvl;
	at += t1 + (at + t1 < len);
	t1 = head_token(line + at, len - at, &c1);
	t2 = at + t1 + 1 < len ? head_token(line + at + t1 + 1,
	    len - at - t1 - 1, &c2) : 0;
	/* "<thread> <prefix>" (2.2.47 and later), else "<prefix>" (2.2.32
	 * to 2.2.46), else "<thread>" alone (the goal-state logger).  A
	 * component is a thread's name too. */
	if (shape == VSHAPE_ISO_T && t2 > 0 &&
	    (c1 != NULL || agent_thread(line + at, t1)) &&
	    (c2 != NULL || agent_component(line + at + t1 + 1, t2) != NULL ||
	    line[at + t1 + 1] == '[')) {
		add_thread(h, line + at, t1);
		if (take_prefix(h, line + at + t1 + 1, t2, c2))
			at += t1 + 1 + t2 + (at + t1 + 1 + t2 < len);
		else
			at += t1 + 1;
	} else if (take_prefix(h, line + at, t1, c1))
		at += t1 + (at + t1 < len);
	else if (shape == VSHAPE_ISO_T && agent_thread(line + at, t1)) {
		add_thread(h, line + at, t1);
		at += t1 + (at + t1 < len);
	}
	h->msg_off = at;
	return 1;
}

/* "Info", "Warning", "Error" as the backup extension writes them. */
static const char *
snapshot_level(const char *s, size_t n)
{
	if (n == 4 && memcmp(s, "Info", 4) == 0)
		return "INFO";
	if (n == 7 && memcmp(s, "Warning", 7) == 0)
		return "WARNING";
	if (n == 5 && memcmp(s, "Error", 5) == 0)
		return "ERROR";
	return NULL;
}

/* After a time: "  Info  message" sets the level and skips to message. */
static size_t
skip_snapshot_level(const char *line, size_t len, size_t at, struct head *h)
{
	size_t k = at, t;
	const char *lvl;

	while (k < len && line[k] == ' ')
		k++;
	t = token(line + k, len - k);
	if ((lvl = snapshot_level(line + k, t)) == NULL)
		return at;
	h->rec->level = lvl;
	k += t;
	while (k < len && line[k] == ' ')
		k++;
	return k;
}

/*
 * VMSnapshotLinux's extension.log: Python 3 builds write UTC with a
 * space ("2024-01-14 22:16:48.796446 [Name-1.0]msg"), Python 2 builds
 * local slash time; lines flushed from the freeze window read
 * "<time>  Info  message"; very old builds nest a second time and level
 * after the prefix.
 */
static int
head_vmsnapshot(const char *line, size_t len, struct head *h)
{
	enum vtime_shape shape;
	struct vtime inner;
	const char *close;
	size_t at, k;

	at = timeparse_prefix(line, len, &h->rec->time, &shape);
	if (at == 0)
		return 0;
	h->deferred = h->no_fields;
	if (shape == VSHAPE_ISO_SPACE)
		h->rec->time.zone = VTIME_UTC;
	if (at + 1 < len && line[at] == ' ' && line[at + 1] == '[' &&
	    (close = memchr(line + at, ']', len - at)) != NULL &&
	    take_prefix(h, line + at + 1, (size_t)(close - line) - at,
	    NULL)) {
		at = (size_t)(close - line) + 1;
		k = timeparse_prefix(line + at, len - at, &inner, NULL);
		if (k != 0)
			at = skip_snapshot_level(line, len, at + k, h);
		h->msg_off = at;
		return 1;
	}
	h->msg_off = skip_snapshot_level(line, len, at, h);
	/* "<time>  Level  message" is Backuplogger's, which writes
	 * utcnow() in either shape (slash in log_to_con_py3). */
	if (h->rec->level != NULL)
		h->rec->time.zone = VTIME_UTC;
	while (h->msg_off < len && line[h->msg_off] == ' ')
		h->msg_off++;
	return 1;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* "Jan 14 22:16:40 host program[123]: message": no year, so no time. */
static int
syslog_head(const char *line, size_t len, struct head *h)
{
	size_t at, t;
	const char *m;

	if (len < 16 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' ||
	    line[12] != ':' || line[15] != ' ')
		return 0;
	for (m = months; *m != '\0'; m += 3)
		if (memcmp(m, line, 3) == 0)
			break;
	if (*m == '\0')
		return 0;
	at = 16;
	t = token(line + at, len - at);
	record_add_field_copy(h->rec, h->fa, "host", line + at, t);
	at += t + (at + t < len);
	t = token(line + at, len - at);
	if (t > 1 && line[at + t - 1] == ':') {
		size_t p = strcspn(line + at, "[:");

		record_add_field_copy(h->rec, h->fa, "program", line + at,
		    p < t ? p : t - 1);
		at += t + (at + t < len);
	}
	h->msg_off = at;
	return 1;
}

/*
 * Any other log: a time of any shape at the start, a syslog prefix, the
 * logfmt "time=..." of the Go extensions' handler.log, or apt's
 * "Start-Date:".  Times without an offset are the VM's local time.
 */
static int
head_generic(const char *line, size_t len, struct head *h)
{
	size_t at;

	if ((at = timeparse_prefix(line, len, &h->rec->time, NULL)) != 0) {
		while (at < len && line[at] == ' ')
			at++;
		if (at + 1 < len && line[at] == '-' && line[at + 1] == ' ')
			at += 2;	/* shell.log: "<date -u>- message" */
		h->msg_off = skip_snapshot_level(line, len, at, h);
		if (h->rec->level == NULL && (at = token(line + h->msg_off,
		    len - h->msg_off)) > 0 &&
		    (h->rec->level = level_of(line + h->msg_off, at)) != NULL)
			h->msg_off += at + (h->msg_off + at < len);
		return 1;
	}
	if (len > 5 && memcmp(line, "time=", 5) == 0 &&
	    timeparse_prefix(line + 5, len - 5, &h->rec->time, NULL) != 0) {
		h->msg_off = 0;
		return 1;
	}
	if (len > 12 && memcmp(line, "Start-Date: ", 12) == 0) {
		at = 12;
		while (at < len && line[at] == ' ')
			at++;
		/* "2024-01-12  06:25:01": apt pads with two spaces. */
		if (len - at >= 20 && line[at + 10] == ' ' &&
		    line[at + 11] == ' ') {
			char buf[20];

			memcpy(buf, line + at, 10);
			memcpy(buf + 10, line + at + 11, 9);
			buf[19] = '\0';
			buf[10] = ' ';
			timeparse_prefix(buf, 19, &h->rec->time, NULL);
		} else
			timeparse_prefix(line + at, len - at, &h->rec->time,
			    NULL);
		h->msg_off = 0;
		return 1;
	}
	return syslog_head(line, len, h);
}

/*
 * Windows logs.  The guest agent writes "[00000006] [11/14/2019
 * 05:52:13.44] [INFO]  message" (local time) or "[00000004]
 * 2024-04-17T07:19:26.812Z [INFO]  message"; extensions built on the
 * same library write "[4892+00000001] [03/04/2021 20:49:58.30] [INFO]
 * message" (process and thread); the backup extension's format is not
 * public, so extension logs are read by shape: an optional thread, a
 * time of any shape, an optional level, the message.
 */
static const struct {
	const char	*token;		/* as written, in any case */
	const char	*level;		/* the record's level */
} win_levels[] = {
	{ "INFO", "INFO" }, { "INFORMATION", "INFO" }, { "HEART", "INFO" },
	{ "WARN", "WARNING" }, { "WARNING", "WARNING" },
	{ "ERROR", "ERROR" }, { "ERR", "ERROR" }, { "FATAL", "ERROR" },
	{ "CRITICAL", "ERROR" },
	{ "TRACE", "VERBOSE" }, { "VERBOSE", "VERBOSE" },
	{ "DEBUG", "VERBOSE" },
};

static const char *
win_level(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof win_levels / sizeof win_levels[0]; i++)
		if (strlen(win_levels[i].token) == n &&
		    strncasecmp(win_levels[i].token, s, n) == 0)
			return win_levels[i].level;
	return NULL;
}

static size_t
skip_blanks(const char *line, size_t len, size_t at)
{
	while (at < len && (line[at] == ' ' || line[at] == '\t'))
		at++;
	return at;
}

/* Separators a tolerant reader skips between head parts: blanks, ',',
 * '|', and a " - " as Python's logging writes. */
static size_t
skip_separators(const char *line, size_t len, size_t at)
{
	for (;;) {
		at = skip_blanks(line, len, at);
		if (at < len && (line[at] == ',' || line[at] == '|'))
			at++;
		else if (at < len && line[at] == '-' && (at + 1 == len ||
		    line[at + 1] == ' '))
			at++;
		else
			return at;
	}
}

/*
 * "[00000006]", "[4892+00000001]": the bytes of a thread id with its
 * brackets, 0 if s does not start with one of at least min characters
 * (at the start of a line, "[1]" is more likely a list item).
 */
static size_t
win_thread(const char *s, size_t n, size_t min)
{
	size_t i;

	if (n < 3 || s[0] != '[' || !isdigit((unsigned char)s[1]))
		return 0;
	for (i = 1; i < n && i <= 24; i++) {
		if (s[i] == ']')
			return i > min && (i + 1 == n || s[i + 1] == ' ') ?
			    i + 1 : 0;
		if (!isxdigit((unsigned char)s[i]) && s[i] != '+')
			return 0;
	}
	return 0;
}

/*
 * A time of any shape timeparse knows, bare or in brackets, and the
 * ",mmm" milliseconds of Python's logging.  Returns the bytes spanned,
 * 0 if s does not start with one.
 */
static size_t
win_time(const char *s, size_t n, struct vtime *t)
{
	size_t k, at;
	int ms;

	if (n == 0)
		return 0;
	if ((at = s[0] == '[') >= n)
		return 0;
	if ((k = timeparse_prefix(s + at, n - at, t, NULL)) == 0 &&
	    (k = timeparse_us(s + at, n - at, t)) == 0)
		return 0;
	at += k;
	if (at + 4 <= n && s[at] == ',' && isdigit((unsigned char)s[at + 1]) &&
	    isdigit((unsigned char)s[at + 2]) &&
	    isdigit((unsigned char)s[at + 3]) &&
	    (at + 4 == n || !isdigit((unsigned char)s[at + 4]))) {
		ms = (s[at + 1] - '0') * 100 + (s[at + 2] - '0') * 10 +
		    (s[at + 3] - '0');
		if (t->us % 1000000 == 0)
			t->us += ms * 1000;
		at += 4;
	}
	if (s[0] == '[') {
		if (at >= n || s[at] != ']')
			return 0;
		at++;
	}
	if (at < n && isalnum((unsigned char)s[at]))
		return 0;
	return at;
}

/*
 * A level at line[at]: "[INFO]" padded with blanks, or, when loose, a
 * bare word ("Info", "ERROR:").  A bare word in mixed case must be
 * followed by a separator, so that a message that begins "Error while"
 * keeps its first word.  Returns where the message starts, or at.
 */
static size_t
win_level_at(const char *line, size_t len, size_t at, int loose,
    struct head *h)
{
	const char *lvl;
	size_t k, end;
	int upper = 1;

	if (at < len && line[at] == '[') {
		for (k = at + 1; k < len && isalpha((unsigned char)line[k]);
		    k++)
			;
		if (k >= len || line[k] != ']' ||
		    (lvl = win_level(line + at + 1, k - at - 1)) == NULL)
			return at;
		record_add_field_copy(h->rec, h->fa, "level", line + at + 1,
		    k - at - 1);
		h->rec->level = lvl;
		end = k + 1;
	} else if (loose) {
		for (k = at; k < len && isalpha((unsigned char)line[k]); k++)
			if (!isupper((unsigned char)line[k]))
				upper = 0;
		if (k == at || (lvl = win_level(line + at, k - at)) == NULL)
			return at;
		if (k < len && line[k] != ':' && line[k] != ',' &&
		    line[k] != '|' && line[k] != ']' && line[k] != ' ' &&
		    line[k] != '\t')
			return at;
		if (!upper && k < len && line[k] == ' ' && (k + 1 >= len ||
		    line[k + 1] != ' '))
			return at;
		record_add_field_copy(h->rec, h->fa, "level", line + at,
		    k - at);
		h->rec->level = lvl;
		end = k;
		if (end < len && (line[end] == ':' || line[end] == ']'))
			end++;
	} else
		return at;
	return loose ? skip_separators(line, len, end) :
	    skip_blanks(line, len, end);
}

/*
 * The head of a Windows log line.  Strict (the guest agent's logs): a
 * thread, a time or a bracketed level makes a head, so that the docs'
 * "[INFO]  message" fragments still read.  Loose (extension logs): a
 * time, or a thread with a level, makes a head, and the level may be a
 * bare word.  The level's token is kept as written in the field "level".
 */
static int
head_windows(const char *line, size_t len, struct head *h, int loose)
{
	size_t at = 0, k, msg;
	int thread = 0, timed = 0;

	if ((k = win_thread(line, len, 4)) > 0) {
		record_add_field_copy(h->rec, h->fa, "thread", line + 1,
		    k - 2);
		thread = 1;
		at = skip_blanks(line, len, k);
	}
	if ((k = win_time(line + at, len - at, &h->rec->time)) > 0) {
		timed = 1;
		at = loose ? skip_separators(line, len, at + k) :
		    skip_blanks(line, len, at + k);
		/* "<time> [thread] ...", as some loggers order them. */
		if (loose && !thread && (k = win_thread(line + at,
		    len - at, 1)) > 0) {
			record_add_field_copy(h->rec, h->fa, "thread",
			    line + at + 1, k - 2);
			thread = 1;
			at = skip_blanks(line, len, at + k);
		}
	} else
		h->rec->time.zone = VTIME_NONE;
	if (loose && !timed && !thread)
		return 0;
	msg = win_level_at(line, len, at, loose, h);
	if (!timed && !thread && h->rec->level == NULL)
		return 0;
	if (loose && !timed && h->rec->level == NULL)
		return 0;
	h->msg_off = msg;
	return 1;
}

/* The guest agent's logs, and TransparentInstaller's VM health report:
 * one JSON object a line, kept whole as its own record. */
static int
head_guestagent(const char *line, size_t len, struct head *h)
{
	static const char health[] = "{\"reportTime\":\"";
	size_t n = sizeof health - 1;

	if (len >= n && memcmp(line, health, n) == 0) {
		if (timeparse_prefix(line + n, len - n, &h->rec->time,
		    NULL) == 0)
			h->rec->time.zone = VTIME_NONE;
		h->msg_off = 0;
		return 1;
	}
	return head_windows(line, len, h, 0);
}

static int
head_winext(const char *line, size_t len, struct head *h)
{
	return head_windows(line, len, h, 1);
}

struct builder {
	struct parse_ctx	*pc;
	struct strbuf		 text;
	struct record		 recs[2];
	struct field_arena	 arenas[2];
	struct head		 heads[2];
	struct head		*cur;		/* the open record, or NULL */
	struct head		*next;
	/* The open record's text while it is one line in the reader's
	 * block: copied to text only if a line continues it or the block
	 * goes (most records are one line). */
	const char		*held;
	size_t			 held_len;
	int			 timed;		/* cur began at a head line */
	unsigned long		 line;
	unsigned		 lines;
	int			 cut;
	char			 ext[256];	/* from the path, or "" */
	char			 ver[64];
	/* The sink takes lent text (struct sink): emitted records point
	 * into the block or into text until let_go() says otherwise. */
	const struct sink	*lender;
	int			 text_lent;	/* text is an emitted
						   record's */
};

/* Before an emitted record's text changes or goes. */
static void
let_go(struct builder *b)
{
	if (b->lender != NULL)
		b->lender->let_go(b->lender->arg);
	b->text_lent = 0;
}

/* The held line into text: a line continues it, or the block goes. */
static void
builder_unhold(void *arg)
{
	struct builder *b = arg;

	if (b->held == NULL)
		return;
	if (b->text_lent)
		let_go(b);
	strbuf_reset(&b->text);
	strbuf_add(&b->text, b->held, b->held_len);
	b->held = NULL;
}

/* The reader is about to let go of its block. */
static void
builder_release(void *arg)
{
	struct builder *b = arg;

	let_go(b);
	builder_unhold(b);
}

static void
builder_flush(struct builder *b)
{
	struct record *r;

	if (b->cur == NULL)
		return;
	r = b->cur->rec;
	if (b->held != NULL) {
		r->text = b->held;
		r->text_len = b->held_len;
		b->held = NULL;
	} else {
		r->text = strbuf_str(&b->text);
		r->text_len = b->text.len;
		b->cut |= b->text.truncated;
		b->text_lent = b->lender != NULL;
	}
	r->msg = r->text + (b->cur->msg_off <= r->text_len ?
	    b->cur->msg_off : r->text_len);
	r->msg_len = r->text_len - (size_t)(r->msg - r->text);
	r->line = b->line;
	r->lines = b->lines;
	r->cut = b->cut;
	r->deferred = b->cur->deferred;
	r->lent = b->lender != NULL;
	if (b->ext[0] != '\0')
		record_add_field(r, "extension", b->ext);
	if (b->ver[0] != '\0')
		record_add_field(r, "extension_version", b->ver);
	parse_emit(b->pc, r);
	b->cur = NULL;
}

/* Opens a record at a head line already read into b->next. */
static void
builder_open(struct builder *b, const struct text_line *l)
{
	struct head *h;

	builder_flush(b);
	h = b->next;
	b->next = h == &b->heads[0] ? &b->heads[1] : &b->heads[0];
	b->cur = h;
	if (l->in_block) {
		b->held = l->s;
		b->held_len = l->len;
	} else {
		if (b->text_lent)
			let_go(b);
		strbuf_reset(&b->text);
		strbuf_add(&b->text, l->s, l->len);
	}
	b->line = l->lineno;
	b->lines = 1;
	b->cut = l->cut;
}

static void
builder_continue(struct builder *b, const struct text_line *l)
{
	builder_unhold(b);
	strbuf_addch(&b->text, '\n');
	strbuf_add(&b->text, l->s, l->len);
	b->lines++;
	b->cut |= l->cut;
}

/* Readies the next head for a line. */
static void
builder_clear_next(struct builder *b)
{
	record_reset(b->next->rec);
	field_arena_reset(b->next->fa);
	b->next->msg_off = 0;
	b->next->deferred = 0;
}

static head_fn *
head_for(enum source_kind kind)
{
	switch (kind) {
	case KIND_WAAGENT_LOG:
	case KIND_COLLECTOR_RESULTS:
		return head_agent;
	case KIND_VMSNAPSHOT_LOG:
		return head_vmsnapshot;
	case KIND_GA_LOG:
		return head_guestagent;
	case KIND_WINEXT_LOG:
	case KIND_BCDR_LOG:
		return head_winext;
	default:
		return head_generic;
	}
}

void
parse_log(struct parse_ctx *pc)
{
	struct text_reader *tr;
	struct text_line l;
	struct builder b;
	head_fn *head;
	int r, i;

	memset(&b, 0, sizeof b);
	b.pc = pc;
	if (pc->sink->let_go != NULL)
		b.lender = pc->sink;
	/* A record keeps at most a few long lines' worth of continuation:
	 * enough for a traceback, bounded for a hostile file. */
	strbuf_init(&b.text, pc->limits->max_line * 4);
	head = head_for(pc->kind);
	/* A Windows extension's log names neither the extension nor its
	 * version: its folder does. */
	if (pc->kind == KIND_WINEXT_LOG || pc->kind == KIND_BCDR_LOG)
		parse_path_extension(pc->member->name, b.ext, sizeof b.ext,
		    b.ver, sizeof b.ver);
	for (i = 0; i < 2; i++) {
		b.heads[i].rec = &b.recs[i];
		b.heads[i].fa = &b.arenas[i];
		/* Completion reads the head line alone: not the fields a
		 * path gives. */
		b.heads[i].no_fields = pc->defer_heads && b.ext[0] == '\0';
	}
	b.next = &b.heads[0];
	tr = pc->part ? text_reader_new_part(pc->stream, pc->limits->max_line,
	    pc->part_lines) : text_reader_new(pc->stream, pc->limits->max_line);
	if (text_reader_binary(tr)) {
		parse_skip(pc, "binary data, not text");
		goto out;
	}
	if (!pc->in_parts)
		text_reader_readahead(tr);
	text_reader_on_release(tr, builder_release, &b);
	while ((r = text_reader_next(tr, &l)) == 1) {
		builder_clear_next(&b);
		if (head(l.s, l.len, b.next)) {
			builder_open(&b, &l);
			b.timed = 1;
		} else if (b.cur != NULL && b.timed)
			builder_continue(&b, &l);
		else {
			/* A line before the first head (a file cut at its
			 * start, a log of another shape) is a record of its
			 * own, untimed. */
			builder_clear_next(&b);
			builder_open(&b, &l);
			b.timed = 0;
		}
	}
	builder_flush(&b);
	let_go(&b);
	pc->lines = text_reader_lines(tr);
	if (r < 0)
		parse_skip(pc, "read stopped after line %lu: %s", b.line + b.lines,
		    mstream_error(pc->stream));
out:
	text_reader_free(tr);
	strbuf_release(&b.text);
}

size_t
parse_log_cut(enum source_kind kind, const char *buf, size_t len,
    size_t max_line)
{
	struct record rec;
	struct field_arena fa;
	struct head h;
	struct strbuf line = STRBUF_INIT;
	const char *p, *nl, *end = buf + len;
	head_fn *head = head_for(kind);
	size_t n, at = len;

	/* The logs with a head of their own read each head line alone;
	 * the generic head may lean on a year or a format seen before. */
	if (head == head_generic || (p = memchr(buf, '\n', len)) == NULL)
		return len;
	for (p++; p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		/* The line as the reader hands it out: whole, valid,
		 * NUL-terminated. */
		if ((size_t)(nl - p) > max_line || !text_valid_utf8(p, n))
			continue;
		strbuf_reset(&line);
		strbuf_add(&line, p, n);
		memset(&h, 0, sizeof h);
		record_reset(&rec);
		field_arena_reset(&fa);
		h.rec = &rec;
		h.fa = &fa;
		if (head(strbuf_str(&line), n, &h)) {
			at = (size_t)(p - buf);
			break;
		}
	}
	strbuf_release(&line);
	return at;
}

void
parse_record_complete(const struct record *r, struct record *out,
    struct field_arena *fa)
{
	struct head h;
	const char *nl;
	size_t len;

	record_reset(out);
	field_arena_reset(fa);
	memset(&h, 0, sizeof h);
	h.rec = out;
	h.fa = fa;
	nl = memchr(r->text, '\n', r->text_len);
	len = nl != NULL ? (size_t)(nl - r->text) : r->text_len;
	/* The same line was read as a head when the record was made. */
	if (!head_for(r->kind)(r->text, len, &h))
		h.msg_off = 0;
	out->kind = r->kind;
	out->member = r->member;
	out->line = r->line;
	out->lines = r->lines;
	out->time = r->time;
	out->text = r->text;
	out->text_len = r->text_len;
	out->msg = r->text + (h.msg_off <= len ? h.msg_off : len);
	out->msg_len = r->text_len - (size_t)(out->msg - r->text);
	out->cut = r->cut;
}
