/*
 * The parse stage: one parser per source kind turns a member's bytes into
 * records and hands each to a sink.  A parser never fails the analysis: a
 * member it cannot read is skipped with a reason (parse_skip), and what
 * it read before the damage stays read.
 *
 * Ownership: records passed to the sink live only during the call, but
 * for the text of a lent one (struct sink's let_go).
 */
#ifndef VMTRIAGE_PARSE_H
#define VMTRIAGE_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct limits;
struct member;
struct mstream;

struct sink {
	void	(*record)(void *arg, const struct record *);
	/* Optional.  A parser that sees it may lend a record's text
	 * (record.lent): it then calls let_go before that text changes or
	 * goes, and once more when it is done. */
	void	(*let_go)(void *arg);
	void	*arg;
};

struct parse_ctx {
	const struct member	*member;
	struct mstream		*stream;
	enum source_kind	 kind;
	const struct limits	*limits;
	const struct sink	*sink;
	unsigned long		 records;	/* emitted so far */
	/* The kind the next records take, for a member whose objects are
	 * of several kinds (control-plane exports); KIND_UNKNOWN: kind. */
	enum source_kind	 emit_kind;
	uint64_t		 emitted;	/* bit per kind emitted */
	char			*skip_reason;	/* set: list the member in
						   bundle.skipped */
	/* The sink completes deferred records (record.h) itself: a log
	 * parser may emit them. */
	int			 defer_heads;
	/* The second part of a log read in two (parse_log_cut()): the
	 * stream starts at a line, after part_lines lines. */
	int			 part;
	unsigned long		 part_lines;
	/* Either part of a log read in two: each keeps a core busy, and
	 * a thread reading ahead beside them would only take turns with
	 * them (text_reader_readahead()). */
	int			 in_parts;
	/* Out, from a line log: its lines, a part's first ones included. */
	unsigned long		 lines;
};

/* Parses the member according to ctx->kind. */
void	parse_member(struct parse_ctx *);
/* Notes why the member (or its rest) was not read; the first reason
 * wins.  Safe to call more than once. */
void	parse_skip(struct parse_ctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hands a record to the sink, filling kind and member. */
void	parse_emit(struct parse_ctx *, struct record *);

/*
 * A small store for field values that must outlive the line they came
 * from until the record is emitted: copies are NUL-terminated, and a
 * value that does not fit is cut.
 */
struct field_arena {
	char	 buf[4096];
	size_t	 used;
};
void		 field_arena_reset(struct field_arena *);
const char	*field_arena_add(struct field_arena *, const char *, size_t);
/* record_add_field() of a copy of value[0..len). */
void		 record_add_field_copy(struct record *, struct field_arena *,
		    const char *name, const char *value, size_t len);
/*
 * Makes a deferred record whole: *out becomes r with its head line read
 * (level, fields, message), field copies in fa.  out points into r's
 * text, fa and constants: valid while they are.
 */
void		 parse_record_complete(const struct record *r,
		    struct record *out, struct field_arena *fa);

/*
 * Facts a path carries.  The agent names history directories after the
 * goal state's UTC time ("history/2024-05-01T10-20-30__3/..."): returns 1
 * and sets *t for such a path.
 */
int	parse_path_time(const char *name, struct vtime *t);
/*
 * The extension a path belongs to, from its "<Name>-<Version>" directory
 * (var/lib/waagent/<Name>-<Version>/status/0.status), its log folder
 * (var/log/azure/<Name>/...; version then ""), or on Windows its
 * "<Name>/<Version>" folders under Packages/Plugins/ or
 * WindowsAzure/Logs/Plugins/ (any case, any prefix): returns 1 and fills
 * both.
 */
int	parse_path_extension(const char *name, char *ext, size_t extlen,
	    char *ver, size_t verlen);

/*
 * Where a log of kind may be cut in two, for two threads to read: buf
 * holds len bytes of it from some offset on, and the answer is the
 * offset in buf of the first line after buf's first line end that
 * begins a record (and would begin one whatever came before it), or len
 * if there is none or the kind's records cannot be read apart.
 */
size_t	parse_log_cut(enum source_kind, const char *buf, size_t len,
	    size_t max_line);

/* One function per family of source kinds. */
void	parse_log(struct parse_ctx *);		/* parse_log.c */
void	parse_lines(struct parse_ctx *);	/* parse_conf.c */
void	parse_conf(struct parse_ctx *);		/* parse_conf.c */
void	parse_json(struct parse_ctx *);		/* parse_json.c */
void	parse_xml(struct parse_ctx *);		/* parse_xml.c */
void	parse_evtx(struct parse_ctx *);		/* parse_evtx.c */
void	parse_event_xml(struct parse_ctx *);	/* parse_event_xml.c */
void	parse_event_csv(struct parse_ctx *);	/* parse_event_csv.c */
void	parse_event_text(struct parse_ctx *);	/* parse_event_text.c */
/* vssadmin, ipconfig, sc query, systeminfo, reg query */
void	parse_wintext(struct parse_ctx *);	/* parse_wintext.c */

#endif
