/*
 * Required literals of a PCRE2 regex, read from its source.
 *
 * A recursive descent over the syntax that patterns/ uses: a branch is a
 * sequence of atoms, and a run of literal characters that no quantifier
 * makes optional must occur as written (or in either case where the
 * caseless option holds).  Each run, and each group that must match, is
 * a candidate requirement of its branch; the branch keeps its best.  An
 * alternation requires one of its branches' requirements, so it has one
 * only when every branch has.  Zero-width things (anchors, \b, lookbehind)
 * end a run; a positive lookaround's requirement holds for the subject
 * all the same, a negative one's never.  A regex of one top-level branch
 * keeps its few best requirements, all of which hold; a run right after
 * the ^ that opens a top-level branch is anchored, unless (?m) or
 * PCRE2_MULTILINE lets ^ match after a newline.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match_literal.h"
#include "regex_literal.h"
#include "xalloc.h"

#define DEPTH_MAX	64
/* Past this length a literal is as good as any longer one. */
#define SCORE_LEN	12
/* The shortest literal of a clause beyond the best: a shorter one would
 * shorten the step of every scan of the kind's literals, for the few
 * records it keeps from the regex (net.wireserver-io's "timed out",
 * after "[HTTP Failed] " and "://168.63.129.16", cost 1 % of a large
 * agent log's run). */
#define REGEX_CLAUSE_MIN	LITSET_FULL_STEP_LEN

struct rx {
	const unsigned char	*p;
	int			 fail;	/* not understood: prove nothing */
	int			 multiline; /* ^ is not the subject's start */
	unsigned		 depth;
	unsigned		 branches;	/* at the top level */
	/* The best requirements of the top level, all required when it
	 * has one branch; one more than kept, for the sorting. */
	struct litalt		 top[REGEX_CLAUSES_MAX + 1];
	size_t			 ntop;
};

/* The literal run being read. */
struct run {
	char	 buf[REGEX_LITERAL_MAX];
	size_t	 len;
	int	 caseless;
	int	 anchored;	/* began right after a leading ^ */
};

enum atom {
	ATOM_LIT,	/* one literal character */
	ATOM_ANY,	/* something that matches more than one string */
	ATOM_ZERO,	/* zero-width */
	ATOM_GROUP,
	ATOM_OPTION,	/* (?i) and such: no atom, options changed */
};

static void	parse_alt(struct rx *, int, struct litalt *);

void
litalt_free(struct litalt *req)
{
	size_t i;

	for (i = 0; i < req->nlits; i++)
		free(req->lits[i].s);
	free(req->lits);
	req->lits = NULL;
	req->nlits = 0;
}

static size_t
req_minlen(const struct litalt *req)
{
	size_t i, min = (size_t)-1;

	for (i = 0; i < req->nlits; i++)
		if (req->lits[i].len < min)
			min = req->lits[i].len;
	return min;
}

/* 1 if a is the better prefilter: longer literals, then fewer. */
static int
req_better(const struct litalt *a, const struct litalt *b)
{
	size_t la, lb;

	if (a->nlits == 0)
		return 0;
	if (b->nlits == 0)
		return 1;
	la = req_minlen(a);
	lb = req_minlen(b);
	if ((la < SCORE_LEN ? la : SCORE_LEN) !=
	    (lb < SCORE_LEN ? lb : SCORE_LEN))
		return la > lb;
	if (a->nlits != b->nlits)
		return a->nlits < b->nlits;
	return la > lb;
}

static void
litalt_copy(struct litalt *to, const struct litalt *from)
{
	size_t i;

	to->nlits = from->nlits;
	to->lits = xcalloc(from->nlits + 1, sizeof *to->lits);
	for (i = 0; i < from->nlits; i++) {
		to->lits[i] = from->lits[i];
		to->lits[i].s = xstrndup(from->lits[i].s, from->lits[i].len);
	}
}

/*
 * Every requirement of the top-level sequence holds at once: the best
 * few are kept, so that a record must show all of them ("Microsoft.
 * Azure.RecoveryServices" is common, with "Non-zero exit code: " not).
 */
static void
top_offer(struct rx *rx, const struct litalt *cand)
{
	struct litalt tmp;
	size_t i;

	if (rx->depth != 0 || cand->nlits == 0)
		return;
	litalt_copy(&rx->top[rx->ntop++], cand);
	/* Best first; the worst falls off the end. */
	for (i = rx->ntop - 1; i > 0 &&
	    req_better(&rx->top[i], &rx->top[i - 1]); i--) {
		tmp = rx->top[i];
		rx->top[i] = rx->top[i - 1];
		rx->top[i - 1] = tmp;
	}
	if (rx->ntop > REGEX_CLAUSES_MAX)
		litalt_free(&rx->top[--rx->ntop]);
}

/* Keeps the better of *best and *cand; cand is consumed. */
static void
req_consider(struct rx *rx, struct litalt *best, struct litalt *cand)
{
	top_offer(rx, cand);
	if (req_better(cand, best)) {
		litalt_free(best);
		*best = *cand;
	} else
		litalt_free(cand);
	cand->lits = NULL;
	cand->nlits = 0;
}

/* 1 if a occurring implies b occurring (b is a part of a). */
static int
lit_implies(const struct literal *a, const struct literal *b)
{
	size_t i;

	if (a->caseless && !b->caseless)
		return 0;
	if (b->len > a->len)
		return 0;
	if (b->anchored && !a->anchored)
		return 0;
	for (i = 0; i + b->len <= a->len; i++) {
		if (b->anchored && i > 0)
			break;
		if (a->caseless == b->caseless) {
			if (memcmp(a->s + i, b->s, b->len) == 0)
				return 1;
		} else if (strncasecmp(a->s + i, b->s, b->len) == 0)
			return 1;
	}
	return 0;
}

/* Adds a literal to an alternation's set, dropping what one implies. */
static void
req_add(struct litalt *req, const struct literal *l)
{
	size_t i;

	for (i = 0; i < req->nlits; i++)
		if (lit_implies(l, &req->lits[i]))
			return;
	for (i = 0; i < req->nlits; i++)
		if (lit_implies(&req->lits[i], l)) {
			free(req->lits[i].s);
			req->lits[i] = req->lits[--req->nlits];
			i--;
		}
	req->lits = xreallocarray(req->lits, req->nlits + 1,
	    sizeof *req->lits);
	req->lits[req->nlits].s = xstrndup(l->s, l->len);
	req->lits[req->nlits].len = l->len;
	req->lits[req->nlits].caseless = l->caseless;
	req->lits[req->nlits].anchored = l->anchored;
	req->nlits++;
}

static void
run_flush(struct rx *rx, struct run *run, struct litalt *best)
{
	struct litalt cand;
	struct literal l;

	if (run->len >= REGEX_LITERAL_MIN) {
		memset(&cand, 0, sizeof cand);
		l.s = run->buf;
		l.len = run->len;
		l.caseless = run->caseless;
		l.anchored = run->anchored;
		req_add(&cand, &l);
		req_consider(rx, best, &cand);
	}
	run->len = 0;
	run->anchored = 0;
}

static void
run_add(struct rx *rx, struct run *run, struct litalt *best, unsigned char c,
    int caseless)
{
	int anchored = run->anchored;

	if (run->len > 0 && run->caseless != caseless) {
		run_flush(rx, run, best);
		anchored = 0;
	}
	run->anchored = anchored;
	run->caseless = caseless;
	if (caseless && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	/* A prefix of a required literal is required too. */
	if (run->len < REGEX_LITERAL_MAX)
		run->buf[run->len++] = (char)c;
}

/* Skips to the '}' of "\x{...}" and such; 0 if there is none. */
static int
skip_braces(struct rx *rx)
{
	const unsigned char *close;

	if ((close = (const unsigned char *)strchr((const char *)rx->p,
	    '}')) == NULL)
		return 0;
	rx->p = close + 1;
	return 1;
}

/* After a backslash. */
static enum atom
escape(struct rx *rx, unsigned char *c)
{
	unsigned char e = *rx->p;
	int i;

	if (e == '\0' || e >= 0x80) {
		rx->fail = 1;
		return ATOM_ANY;
	}
	rx->p++;
	if (!isalnum(e)) {
		*c = e;
		return ATOM_LIT;
	}
	switch (e) {
	case 'n':
		*c = '\n';
		return ATOM_LIT;
	case 't':
		*c = '\t';
		return ATOM_LIT;
	case 'r':
		*c = '\r';
		return ATOM_LIT;
	case 'f':
		*c = '\f';
		return ATOM_LIT;
	case 'e':
		*c = 0x1b;
		return ATOM_LIT;
	case 'a':
		*c = 0x07;
		return ATOM_LIT;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'R': case 'X':
		return ATOM_ANY;
	case 'N':
		if (*rx->p == '{')
			rx->fail = 1;
		return ATOM_ANY;
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
		return ATOM_ZERO;
	case 'x':
		if (*rx->p == '{') {
			if (!skip_braces(rx))
				rx->fail = 1;
		} else
			for (i = 0; i < 2 && isxdigit(*rx->p); i++)
				rx->p++;
		return ATOM_ANY;
	case 'p': case 'P':
		if (*rx->p == '{') {
			if (!skip_braces(rx))
				rx->fail = 1;
		} else if (*rx->p != '\0')
			rx->p++;
		else
			rx->fail = 1;
		return ATOM_ANY;
	default:
		/* Backreferences, \Q, \c, \o, octal: not read here. */
		rx->fail = 1;
		return ATOM_ANY;
	}
}

/* At '[': skips the class. */
static void
skip_class(struct rx *rx)
{
	const unsigned char *p = rx->p + 1;
	size_t n;

	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (;;) {
		if (*p == '\0')
			break;
		if (*p == ']') {
			rx->p = p + 1;
			return;
		}
		if (*p == '\\') {
			if (p[1] == '\0' || p[1] == 'Q' || p[1] == 'E')
				break;
			if (strchr("xpPoNgk", p[1]) != NULL && p[2] == '{') {
				rx->p = p;
				if (!skip_braces(rx))
					break;
				p = rx->p;
				continue;
			}
			p += 2;
			continue;
		}
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			/* Only the plain "[:name:]" is read. */
			for (n = 2; islower(p[n]); n++)
				;
			if (p[1] != ':' || n == 2 || p[n] != ':' ||
			    p[n + 1] != ']')
				break;
			p += n + 2;
			continue;
		}
		p++;
	}
	rx->fail = 1;
}

/*
 * A quantifier at rx->p: its minimum, or -1 if there is none.  A '{'
 * that is not "{n}", "{n,}" or "{n,m}" is not read (PCRE2 versions
 * differ on it).
 */
static long
quantifier(struct rx *rx)
{
	const unsigned char *p = rx->p;
	long min;

	switch (*p) {
	case '*':
	case '?':
		min = 0;
		p++;
		break;
	case '+':
		min = 1;
		p++;
		break;
	case '{':
		p++;
		if (*p == ',') {
			/* "{,m}": at most m, in PCRE2 10.43 and later. */
			min = 0;
		} else {
			if (!isdigit(*p)) {
				rx->fail = 1;
				return -1;
			}
			for (min = 0; isdigit(*p) && min < 100000; p++)
				min = min * 10 + (*p - '0');
		}
		if (*p == ',')
			p++;
		while (isdigit(*p))
			p++;
		if (*p != '}') {
			rx->fail = 1;
			return -1;
		}
		p++;
		break;
	default:
		return -1;
	}
	if (*p == '?' || *p == '+')
		p++;
	rx->p = p;
	if (*p == '*' || *p == '+' || *p == '?' || *p == '{')
		rx->fail = 1;
	return min;
}

/* "(?i)", "(?-i:": the options up to ')' or ':'; updates *ci. */
static void
options(struct rx *rx, int *ci)
{
	int on = 1;

	if (*rx->p == '^') {
		*ci = 0;
		rx->p++;
	}
	for (; *rx->p != ')' && *rx->p != ':'; rx->p++) {
		if (*rx->p == '-')
			on = 0;
		else if (*rx->p == 'i')
			*ci = on;
		else if (*rx->p == 'm')
			rx->multiline = 1;
		else if (*rx->p == '\0' || strchr("snJU", *rx->p) == NULL) {
			/* x (spaces are not literal) and the unknown. */
			rx->fail = 1;
			return;
		}
	}
}

/*
 * At '(': reads the group.  *req gets what its content requires, and
 * *required whether a match of the whole needs it (not for a negative
 * lookaround).  Returns ATOM_OPTION for "(?i)", which changes *ci for the
 * rest of the enclosing group.
 */
static enum atom
group(struct rx *rx, int *ci, struct litalt *req, int *required)
{
	const unsigned char *p = rx->p + 1;
	int inner_ci = *ci;

	*required = 1;
	if (*p == '*') {
		rx->fail = 1;
		return ATOM_ANY;
	}
	if (*p == '?') {
		p++;
		switch (*p) {
		case '#':
			if ((p = (const unsigned char *)strchr((const char *)p,
			    ')')) == NULL) {
				rx->fail = 1;
				return ATOM_ANY;
			}
			rx->p = p + 1;
			return ATOM_ZERO;
		case ':': case '|': case '>': case '=':
			p++;
			break;
		case '!':
			*required = 0;
			p++;
			break;
		case '<':
			p++;
			if (*p == '=')
				p++;
			else if (*p == '!') {
				*required = 0;
				p++;
			} else if (isalpha(*p) || *p == '_') {
				while (isalnum(*p) || *p == '_')
					p++;
				if (*p++ != '>')
					rx->fail = 1;
			} else
				rx->fail = 1;
			break;
		case 'P':
			if (p[1] != '<') {
				rx->fail = 1;
				break;
			}
			p += 2;
			while (isalnum(*p) || *p == '_')
				p++;
			if (*p++ != '>')
				rx->fail = 1;
			break;
		case '\'':
			p++;
			while (isalnum(*p) || *p == '_')
				p++;
			if (*p++ != '\'')
				rx->fail = 1;
			break;
		default:
			rx->p = p;
			options(rx, &inner_ci);
			if (rx->fail)
				return ATOM_ANY;
			if (*rx->p == ')') {
				rx->p++;
				*ci = inner_ci;
				return ATOM_OPTION;
			}
			p = rx->p + 1;
			break;
		}
		if (rx->fail)
			return ATOM_ANY;
	}
	if (++rx->depth > DEPTH_MAX) {
		rx->fail = 1;
		return ATOM_ANY;
	}
	rx->p = p;
	parse_alt(rx, inner_ci, req);
	rx->depth--;
	if (*rx->p != ')')
		rx->fail = 1;
	else
		rx->p++;
	return ATOM_GROUP;
}

/* One branch, up to '|', ')' or the end; its best requirement in *best. */
static void
parse_seq(struct rx *rx, int *ci, struct litalt *best)
{
	struct run run;
	struct litalt greq;
	enum atom kind;
	unsigned char c = 0;
	int required = 0;
	long min;
	int lead = rx->depth == 0, anchor = 0;

	run.len = 0;
	run.caseless = 0;
	run.anchored = 0;
	memset(&greq, 0, sizeof greq);
	while (!rx->fail && *rx->p != '\0' && *rx->p != '|' &&
	    *rx->p != ')') {
		/* A run right after the ^ that opens a top-level branch
		 * starts the subject. */
		if (lead && *rx->p == '^' && rx->p[1] != '*' &&
		    rx->p[1] != '+' && rx->p[1] != '?' && rx->p[1] != '{') {
			rx->p++;
			lead = 0;
			anchor = 1;
			continue;
		}
		lead = 0;
		switch (*rx->p) {
		case '\\':
			rx->p++;
			kind = escape(rx, &c);
			break;
		case '.':
			rx->p++;
			kind = ATOM_ANY;
			break;
		case '^':
		case '$':
			rx->p++;
			kind = ATOM_ZERO;
			break;
		case '[':
			skip_class(rx);
			kind = ATOM_ANY;
			break;
		case '(':
			kind = group(rx, ci, &greq, &required);
			break;
		case '*': case '+': case '?': case '{':
			rx->fail = 1;
			kind = ATOM_ANY;
			break;
		default:
			c = *rx->p++;
			kind = ATOM_LIT;
			/* A character beyond ASCII is one atom. */
			if (c >= 0x80) {
				while ((*rx->p & 0xc0) == 0x80)
					rx->p++;
				kind = ATOM_ANY;
			}
			break;
		}
		if (rx->fail)
			break;
		min = kind == ATOM_OPTION ? -1 : quantifier(rx);
		if (rx->fail)
			break;
		if (anchor && kind == ATOM_LIT && min < 0 && run.len == 0)
			run.anchored = 1;
		anchor = 0;
		switch (kind) {
		case ATOM_LIT:
			if (min == 0)
				run_flush(rx, &run, best);
			else if (min < 0)
				run_add(rx, &run, best, c, *ci);
			else {
				/* "ab+c": "ab" and "bc" are both required. */
				run_add(rx, &run, best, c, *ci);
				run_flush(rx, &run, best);
				run_add(rx, &run, best, c, *ci);
			}
			break;
		case ATOM_GROUP:
			run_flush(rx, &run, best);
			if (required && min != 0)
				req_consider(rx, best, &greq);
			else
				litalt_free(&greq);
			break;
		default:
			run_flush(rx, &run, best);
			break;
		}
	}
	litalt_free(&greq);
	run_flush(rx, &run, best);
}

/* Branches up to ')' or the end: each must supply a literal. */
static void
parse_alt(struct rx *rx, int ci, struct litalt *out)
{
	struct litalt acc, branch;
	size_t i;
	int none = 0;

	memset(&acc, 0, sizeof acc);
	for (;;) {
		if (rx->depth == 0)
			rx->branches++;
		memset(&branch, 0, sizeof branch);
		parse_seq(rx, &ci, &branch);
		if (branch.nlits == 0)
			none = 1;
		for (i = 0; !none && i < branch.nlits; i++)
			req_add(&acc, &branch.lits[i]);
		litalt_free(&branch);
		if (rx->fail || *rx->p != '|')
			break;
		rx->p++;
	}
	if (none || rx->fail || acc.nlits > REGEX_LITERALS_MAX)
		litalt_free(&acc);
	*out = acc;
}

/* 1 if req has a clause of the same literals as alt. */
static int
alt_seen(const struct litreq *req, const struct litalt *alt)
{
	const struct literal *a, *b;
	size_t i, j;

	for (i = 0; i < req->n; i++) {
		if (req->all[i].nlits != alt->nlits)
			continue;
		for (j = 0; j < alt->nlits; j++) {
			a = &req->all[i].lits[j];
			b = &alt->lits[j];
			if (a->len != b->len || a->caseless != b->caseless ||
			    a->anchored != b->anchored ||
			    memcmp(a->s, b->s, a->len) != 0)
				break;
		}
		if (j == alt->nlits)
			return 1;
	}
	return 0;
}

void
litreq_free(struct litreq *req)
{
	size_t i;

	for (i = 0; i < req->n; i++)
		litalt_free(&req->all[i]);
	req->n = 0;
}

size_t
regex_literals(const char *pattern, uint32_t options, struct litreq *req)
{
	struct litalt one;
	struct rx rx;
	size_t i, j;

	memset(req, 0, sizeof *req);
	if (options & PCRE2_EXTENDED)
		return 0;
	memset(&rx, 0, sizeof rx);
	rx.p = (const unsigned char *)pattern;
	rx.multiline = (options & PCRE2_MULTILINE) != 0;
	parse_alt(&rx, (options & PCRE2_CASELESS) != 0, &one);
	if (rx.fail || *rx.p != '\0')
		;
	else if (rx.branches == 1 && rx.ntop > 0) {
		/* One branch: its best requirements all hold.  The others
		 * than the best only narrow it down: a short literal would
		 * slow the search more than it saves. */
		for (i = 0; i < rx.ntop; i++) {
			if (i == 0 || (req_minlen(&rx.top[i]) >=
			    REGEX_CLAUSE_MIN && !alt_seen(req, &rx.top[i]))) {
				req->all[req->n++] = rx.top[i];
				memset(&rx.top[i], 0, sizeof rx.top[i]);
			}
		}
	} else if (one.nlits > 0) {
		req->all[req->n++] = one;
		memset(&one, 0, sizeof one);
	}
	litalt_free(&one);
	for (i = 0; i < rx.ntop; i++)
		litalt_free(&rx.top[i]);
	/* A (?m) anywhere: ^ may be at any line, the literal anywhere. */
	for (i = 0; rx.multiline && i < req->n; i++)
		for (j = 0; j < req->all[i].nlits; j++)
			req->all[i].lits[j].anchored = 0;
	return req->n;
}
