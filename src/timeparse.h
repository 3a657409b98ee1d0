/*
 * Timestamps found at the start of log lines, as microseconds since the
 * epoch.  Logs that write local time (the agent before 2.2.46, extensions
 * on the legacy waagent library) carry no offset, so such a time is kept
 * as read and marked local: it is never shifted by a guess.
 */
#ifndef VMTRIAGE_TIMEPARSE_H
#define VMTRIAGE_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

enum vtime_zone {
	VTIME_NONE = 0,		/* no time */
	VTIME_UTC,
	VTIME_LOCAL,		/* wall clock of the VM, offset unknown */
};

struct vtime {
	int64_t		 us;
	enum vtime_zone	 zone;
};

/* The shapes timeparse_prefix() recognises. */
enum vtime_shape {
	VSHAPE_NONE = 0,
	VSHAPE_ISO_T,		/* 2023-10-27T07:57:10.702114Z (zone from 'Z') */
	VSHAPE_ISO_SPACE,	/* 2024-01-14 22:16:48.796446 */
	VSHAPE_SLASH,		/* 2017/12/11 09:24:48.409157 */
	VSHAPE_DATE_UTC,	/* Tue Jan 14 22:16:40 UTC 2024 (date -u) */
};

/*
 * Parses a timestamp at the start of s (n bytes).  Returns the number of
 * bytes it spans, 0 if s does not start with one.  The zone is UTC for a
 * trailing Z or "UTC", local otherwise; callers that know better (a log
 * written with utcnow()) set it themselves.
 */
size_t	timeparse_prefix(const char *s, size_t n, struct vtime *,
	    enum vtime_shape *);
/*
 * The US month-first form Windows writes in its logs and exports:
 * "11/14/2019 05:52:13.44" (WaAppAgent.log), "1/21/2026 8:01:56 PM"
 * (Event Viewer), one- or two-digit month, day and hour, an optional
 * fraction and AM/PM.  Returns the bytes spanned, 0 if s does not start
 * with one; the time is local (no zone is ever written).
 */
size_t	timeparse_us(const char *s, size_t n, struct vtime *);
/* "21.01.2026 20:01:56": a German wall clock (Event Viewer on a German
 * host).  Returns the bytes spanned, 0 if s does not start with one; the
 * time is local. */
size_t	timeparse_dotted(const char *s, size_t n, struct vtime *);
/* 1 if the fields make a real time from 1970 on (no Feb 30). */
int	vtime_civil_valid(int y, int mo, int d, int h, int mi, int s);
/* Parses a whole string: ISO-8601 with T or space, optional fraction and
 * Z or +00:00, or a bare date.  Returns 0 on success. */
int	timeparse_string(const char *, struct vtime *);
/* Epoch seconds (possibly fractional, as in error.json's last_failure). */
void	vtime_from_epoch(double, struct vtime *);
int64_t	vtime_from_civil(int y, int mo, int d, int h, int mi, int s);
/* "2024-01-14T22:16:48.796446Z", no Z for local time; buf >= 32 bytes. */
void	vtime_format(const struct vtime *, char *buf, size_t len);
/* 1 if a is earlier than b, comparing only times that both have. */
int	vtime_before(const struct vtime *, const struct vtime *);

#endif
