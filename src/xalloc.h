/*
 * Allocation that never returns NULL: on exhaustion the program prints a
 * message and exits with status 5.  A command-line analyser has nothing
 * better to do, and call sites stay free of NULL checks.
 *
 * Every pointer returned is owned by the caller and released with free().
 */
#ifndef VMTRIAGE_XALLOC_H
#define VMTRIAGE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
