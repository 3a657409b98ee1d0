#include "config.h"

#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "report.h"

void
report_time(const struct vtime *t, char *buf, size_t len)
{
	vtime_format(t, buf, len);
}

const char *
report_zone(const struct vtime *t)
{
	switch (t->zone) {
	case VTIME_UTC:
		return "UTC";
	case VTIME_LOCAL:
		return "local";
	default:
		return NULL;
	}
}

void
report_size(unsigned long long n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%llu B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", n / 1024.0);
	else if (n < 1024ULL * 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", n / (1024.0 * 1024));
	else
		snprintf(buf, len, "%.2f GiB", n / (1024.0 * 1024 * 1024));
}

size_t
report_first_line(const char *s)
{
	return strcspn(s, "\n");
}

unsigned
report_count_lines(const char *s)
{
	unsigned n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

int
report_written_time(const struct evidence *ev, char *when, size_t wlen,
    char *off, size_t olen)
{
	struct vtime t;
	int m;

	if (!ev->shifted)
		return 0;
	t.us = ev->time.us + (int64_t)ev->offset_min * 60 * 1000000;
	t.zone = VTIME_LOCAL;
	vtime_format(&t, when, wlen);
	m = ev->offset_min < 0 ? -ev->offset_min : ev->offset_min;
	snprintf(off, olen, "%c%02d:%02d", ev->offset_min < 0 ? '-' : '+',
	    m / 60, m % 60);
	return 1;
}
