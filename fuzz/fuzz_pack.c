/*
 * The pattern pack loader (pack.c, pack_cond.c): one pack from the bytes,
 * as `vmtriage --patterns DIR` would read a file of DIR.  A pack that
 * loads is also linted and has its examples run through the real parsers
 * and the matcher (pack_test.c), as `vmtriage packs test` does.
 */
#include "config.h"

#include "fuzz.h"
#include "pack.h"
#include "strbuf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct packset ps;
	struct strbuf out;
	unsigned checked = 0;

	strbuf_init(&out, 0);
	if (packset_load_buffer(&ps, "99-fuzz.json", (const char *)data, size,
	    &out) == 0) {
		packset_lint(&ps, &out);
		packset_test(&ps, &out, &checked);
	} else
		FUZZ_ASSERT(out.len > 0);
	packset_free(&ps);
	strbuf_release(&out);
	return 0;
}
