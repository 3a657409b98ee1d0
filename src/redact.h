/*
 * The redact stage: every string that leaves the program passes here.
 * Secrets keep their shape so that an engineer still sees what the line
 * was: "sig=<redacted>", "<UserPassword><redacted></UserPassword>",
 * "\"protectedSettings\": \"<redacted>\"".
 *
 * Redacted: SAS query values (sig, se, st, sv, sp, spr, sr, srt, ss,
 * skoid, sktid, skt, ske, sks, skv, sdd), Authorization headers, the
 * values of password, secret, protectedSettings, CustomData, account and
 * shared access key fields (JSON, XML, key=value, and "--password VALUE"
 * on a command line), PEM private keys and certificates, long base64
 * blobs (certificates and PKCS#7 data in goal-state files), and shorter
 * base64 runs, from 64 characters, that read as keys (mixed case and
 * digits; hashes, thumbprints and paths are kept).
 */
#ifndef VMTRIAGE_REDACT_H
#define VMTRIAGE_REDACT_H

#include <stddef.h>

/* A redacted copy of s; the caller frees it. */
char	*redact(const char *s);

#endif
