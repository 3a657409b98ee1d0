#include "config.h"

#include <ctype.h>
#include <string.h>

#include "vercmp.h"

static const char *
vercmp_skip_prefix(const char *s)
{
	if (*s == 'v' || *s == 'V')
		s++;
	return s;
}

int
version_valid(const char *s)
{
	int digits = 0;

	s = vercmp_skip_prefix(s);
	if (!isdigit((unsigned char)*s))
		return 0;
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s != '.' || s[1] == '.' || s[1] == '\0')
			return 0;
	}
	return digits > 0;
}

/* Compares one component each of a and b, advancing both past it. */
static int
vercmp_component(const char **ap, const char **bp)
{
	const char *a = *ap, *b = *bp;
	size_t alen, blen, ad, bd;
	int r;

	alen = strcspn(a, ".");
	blen = strcspn(b, ".");
	for (ad = 0; ad < alen && isdigit((unsigned char)a[ad]); ad++)
		;
	for (bd = 0; bd < blen && isdigit((unsigned char)b[bd]); bd++)
		;
	*ap = a[alen] == '.' ? a + alen + 1 : a + alen;
	*bp = b[blen] == '.' ? b + blen + 1 : b + blen;

	/* Numeric prefixes first, without overflow: strip zeros, compare
	 * lengths, then digits. */
	while (ad > 1 && *a == '0') {
		a++; ad--; alen--;
	}
	while (bd > 1 && *b == '0') {
		b++; bd--; blen--;
	}
	if (ad != bd)
		return ad < bd ? -1 : 1;
	if ((r = strncmp(a, b, ad)) != 0)
		return r < 0 ? -1 : 1;
	/* Then whatever follows the digits, as text: "1rc1" < "1rc2". */
	a += ad; b += bd; alen -= ad; blen -= bd;
	if (alen == 0 || blen == 0)
		return alen == blen ? 0 : (alen == 0 ? 1 : -1);
	r = strncmp(a, b, alen < blen ? alen : blen);
	if (r != 0)
		return r < 0 ? -1 : 1;
	return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

int
vercmp(const char *a, const char *b)
{
	int r;

	a = vercmp_skip_prefix(a);
	b = vercmp_skip_prefix(b);
	while (*a != '\0' || *b != '\0') {
		if (*a == '\0')
			a = "0";
		else if (*b == '\0')
			b = "0";
		if ((r = vercmp_component(&a, &b)) != 0)
			return r;
	}
	return 0;
}
