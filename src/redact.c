#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "redact.h"
#include "strbuf.h"
#include "xalloc.h"

#define MARK "<redacted>"

/* A base64 run this long is key or certificate material, not a log. */
#define BLOB_MIN 120
/*
 * Shorter runs are kept when they read as evidence: thumbprints (40 hex
 * digits), hashes (64 hex digits, 44 characters of base64), paths.  From
 * this length a run that mixes upper case, lower case and digits, with
 * few slashes, is a key: 88 characters are a 64-byte storage account key.
 */
#define KEY_MIN 64

static const char *const sas_keys[] = {
	"sig", "se", "st", "sv", "sp", "spr", "sr", "srt", "ss", "skoid",
	"sktid", "skt", "ske", "sks", "skv", "sdd",
};

/* Field names whose values are secrets, wherever they appear. */
static const char *const secret_keys[] = {
	"protectedSettings", "password", "UserPassword", "AdminPassword",
	"adminPassword", "CustomData", "customData", "secret",
	"clientSecret", "client_secret", "storageAccountKey",
	"accountKey", "sasToken", "SharedAccessSignature", "SharedAccessKey",
	"connectionString",
};

static int
is_value_end(char c)
{
	return c == '\0' || c == '&' || c == ' ' || c == '"' || c == '\'' ||
	    c == '<' || c == '>' || c == '\n' || c == '\t' || c == ',' ||
	    c == ';' || c == ')' || c == ']' || c == '}' || c == '\\';
}

/* At a '?' or '&' (or "&amp;") before a SAS key: returns the length of
 * "key=" or 0. */
static size_t
sas_key_at(const char *p)
{
	size_t i, k;

	for (i = 0; i < sizeof sas_keys / sizeof sas_keys[0]; i++) {
		k = strlen(sas_keys[i]);
		if (strncasecmp(p, sas_keys[i], k) == 0 && p[k] == '=')
			return k + 1;
	}
	return 0;
}

static int
is_base64(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '/' || c == '=';
}

/* The length of the base64 run at p: the alphabet, then the '=' padding
 * that ends it. */
static size_t
base64_run(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '+' || p[n] == '/')
		n++;
	while (p[n] == '=')
		n++;
	return n;
}

/*
 * A base64 run of KEY_MIN or more that is random rather than words: upper
 * and lower case and digits, not only hex digits (a hash), few slashes (a
 * path).
 */
static int
looks_like_key(const char *p, size_t n)
{
	size_t i, slashes = 0;
	int upper = 0, lower = 0, digit = 0, hex = 1;

	while (n > 0 && p[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]))
			hex = 0;
		if (isupper((unsigned char)p[i]))
			upper = 1;
		else if (islower((unsigned char)p[i]))
			lower = 1;
		else if (isdigit((unsigned char)p[i]))
			digit = 1;
		else if (p[i] == '/')
			slashes++;
	}
	return upper && lower && digit && !hex && slashes * 16 <= n;
}

/* Whether the name at p is that of an opening tag: "<Name>" or
 * "<ns:Name>", not "</ns:Name>". */
static int
opening_tag(const char *s, const char *p)
{
	while (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == ':' ||
	    p[-1] == '_' || p[-1] == '-' || p[-1] == '.'))
		p--;
	return p > s && p[-1] == '<';
}

/* A JSON object or array value: up to its matching close, or the end. */
static const char *
skip_nested(const char *v)
{
	int depth = 0;

	for (; *v != '\0'; v++) {
		if (*v == '{' || *v == '[')
			depth++;
		else if ((*v == '}' || *v == ']') && --depth == 0)
			return v + 1;
	}
	return v;
}

/* Whether the word at p is a command-line flag: "-password", "--password"
 * after a blank or a quote. */
static int
is_flag(const char *s, const char *p)
{
	const char *q = p;

	while (q > s && p - q < 2 && q[-1] == '-')
		q--;
	return q < p && (q == s || q[-1] == ' ' || q[-1] == '\t' ||
	    q[-1] == '"' || q[-1] == '\'');
}

/*
 * At a secret key followed by its separator (": \"", "=", ">", "\":\""),
 * returns the offset of the value; 0 if p is not such a key.
 */
static size_t
secret_value_at(const char *s, const char *p)
{
	size_t i, k, at;
	int flag;

	/* A key starts a word. */
	if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		return 0;
	flag = is_flag(s, p);
	for (i = 0; i < sizeof secret_keys / sizeof secret_keys[0]; i++) {
		k = strlen(secret_keys[i]);
		if (strncasecmp(p, secret_keys[i], k) != 0)
			continue;
		at = k;
		/* "--password VALUE": the value is the next word, also in
		 * a list of arguments: "'--password', 'VALUE'". */
		if (flag) {
			if (p[at] == '"' || p[at] == '\'')
				at++;
			if (p[at] == ',')
				at++;
		}
		if (flag && p[at] == ' ') {
			while (p[at] == ' ')
				at++;
			if (p[at] == '"' || p[at] == '\'')
				at++;
			if (p[at] == '\0' || p[at] == '-')
				return 0;
			return at;
		}
		at = k;
		if (p[at] == '\\' && p[at + 1] == '"')
			at += 2;	/* JSON inside a JSON string */
		else if (p[at] == '"' || p[at] == '\'')
			at++;
		while (p[at] == ' ')
			at++;
		if (p[at] == '>' && !opening_tag(s, p))
			return 0;
		if (p[at] == ':' || p[at] == '=' || p[at] == '>') {
			at++;
			while (p[at] == ' ')
				at++;
			if (p[at] == '\\' && p[at + 1] == '"')
				at += 2;
			else if (p[at] == '"' || p[at] == '\'')
				at++;
			return at;
		}
	}
	return 0;
}

static const char *
skip_value(const char *v)
{
	while (!is_value_end(*v))
		v++;
	return v;
}

/* "-----BEGIN ... PRIVATE KEY-----" or "CERTIFICATE": up to the END line
 * or the end of the string. */
static const char *
pem_end(const char *p)
{
	const char *end;

	if ((end = strstr(p + 10, "-----END ")) == NULL)
		return p + strlen(p);
	if ((end = strstr(end + 9, "-----")) == NULL)
		return p + strlen(p);
	return end + 5;
}

static int
pem_secret(const char *p)
{
	size_t n = strcspn(p, "\n");

	return strncmp(p, "-----BEGIN ", 11) == 0 &&
	    (memmem(p, n, "PRIVATE KEY", 11) != NULL ||
	    memmem(p, n, "CERTIFICATE", 11) != NULL ||
	    memmem(p, n, "PKCS7", 5) != NULL);
}

char *
redact(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = s, *v;
	size_t k, run;

	if (s == NULL)
		return NULL;
	while (*p != '\0') {
		/* SAS query values. */
		if ((*p == '?' || *p == '&') && (k = sas_key_at(p + 1 +
		    (strncmp(p, "&amp;", 5) == 0 ? 4 : 0))) != 0) {
			k += 1 + (strncmp(p, "&amp;", 5) == 0 ? 4 : 0);
			strbuf_add(&out, p, k);
			v = skip_value(p + k);
			if (v > p + k)
				strbuf_addstr(&out, MARK);
			p = v;
			continue;
		}
		/* Authorization headers keep the scheme's name out too. */
		if (strncasecmp(p, "Authorization", 13) == 0 &&
		    (p == s || !isalnum((unsigned char)p[-1]))) {
			/* A header or field: a separator must follow, so that
			 * "Authorization failed" stays readable. */
			k = 13;
			if (p[k] == '"' || p[k] == '\'')
				k++;
			while (p[k] == ' ')
				k++;
			if (p[k] == ':' || p[k] == '=') {
				while (p[k] == ' ' || p[k] == ':' ||
				    p[k] == '=' || p[k] == '"' || p[k] == '\'')
					k++;
				strbuf_add(&out, p, k);
				strbuf_addstr(&out, MARK);
				p += k;
				while (*p != '\0' && *p != '\n' && *p != '\t' &&
				    *p != '"' && *p != '\'' && *p != ',' &&
				    *p != '}')
					p++;
				continue;
			}
		}
		if ((k = secret_value_at(s, p)) != 0) {
			strbuf_add(&out, p, k);
			v = p + k;
			/* XML: up to the closing tag; others: the value. */
			if (p[k - 1] == '>')
				while (*v != '\0' && *v != '<')
					v++;
			else if (*v == '{' || *v == '[')
				v = skip_nested(v);
			else
				v = skip_value(v);
			if (v > p + k)
				strbuf_addstr(&out, MARK);
			p = v;
			continue;
		}
		if (*p == '-' && pem_secret(p)) {
			strbuf_addstr(&out, "-----BEGIN " MARK "-----");
			p = pem_end(p);
			continue;
		}
		/* A run starts after a non-base64 character or after '='
		 * padding: in "Data=<key>" the key is a run of its own. */
		if (is_base64(*p) && (p == s || !is_base64(p[-1]) ||
		    p[-1] == '=')) {
			run = base64_run(p);
			if (run >= BLOB_MIN || (run >= KEY_MIN &&
			    looks_like_key(p, run))) {
				strbuf_addf(&out, "<redacted %zu bytes of "
				    "base64>", run);
				p += run;
				continue;
			}
			/* Kept: on character by character, so that a key
			 * inside it ("foo/password=x") is still seen. */
		}
		strbuf_addch(&out, *p);
		p++;
	}
	return strbuf_detach(&out);
}
