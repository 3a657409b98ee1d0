/*
 * A growable byte string, always NUL-terminated.  A strbuf owns its
 * buffer; strbuf_detach() hands it to the caller.  An optional limit
 * makes appends past it stop silently and set the sticky 'truncated'
 * flag, so a builder fed by hostile input checks once, at the end.
 */
#ifndef VMTRIAGE_STRBUF_H
#define VMTRIAGE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 alloc;
	size_t	 limit;		/* 0: unlimited */
	int	 truncated;
};

#define STRBUF_INIT { NULL, 0, 0, 0, 0 }

void	 strbuf_init(struct strbuf *, size_t limit);
void	 strbuf_release(struct strbuf *);
void	 strbuf_reset(struct strbuf *);
/* Drops what follows the first len bytes (len at most sb->len). */
void	 strbuf_setlen(struct strbuf *, size_t len);
void	 strbuf_add(struct strbuf *, const void *, size_t);
void	 strbuf_addstr(struct strbuf *, const char *);
void	 strbuf_addch(struct strbuf *, int);
void	 strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_vaddf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
char	*strbuf_detach(struct strbuf *);
const char *strbuf_str(const struct strbuf *);

#endif
