#include "config.h"

#include <stdio.h>
#include <string.h>

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
