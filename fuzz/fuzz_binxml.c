/*
 * The renderer of binary XML (parse_evtx_binxml.c), in this process:
 * the input is one 64 KiB chunk (zeros past its end), its records
 * rendered as evtx_chunk_render() renders those of a sound log.  Each
 * rendered record must be UTF-8 and go through event_from_xml().  The
 * chunk header's checks are parse_evtx.c's and fuzz_evtx's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parse_event.h"
#include "parse_evtx_int.h"
#include "xalloc.h"

#define CHUNK	65536

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char chunk[CHUNK];
	struct evtx_chunk_xml *r;
	struct event ev;
	size_t i;

	memset(chunk, 0, sizeof chunk);
	memcpy(chunk, data, size < CHUNK ? size : CHUNK);
	r = xmalloc(sizeof *r);
	strbuf_init(&r->xml, (size_t)8 << 20);
	if (evtx_chunk_render(r, chunk) == 0) {
		FUZZ_ASSERT(r->n <= EVTX_CHUNK_RECORDS);
		event_init(&ev);
		for (i = 0; i < r->n; i++) {
			FUZZ_ASSERT(r->at[i] < r->at[i + 1]);
			FUZZ_ASSERT(r->xml.buf[r->at[i + 1] - 1] == '\0');
			fuzz_check_utf8(r->xml.buf + r->at[i],
			    r->at[i + 1] - r->at[i] - 1);
			(void)event_from_xml(&ev, r->xml.buf + r->at[i],
			    r->at[i + 1] - r->at[i]);
		}
		event_release(&ev);
	}
	strbuf_release(&r->xml);
	free(r);
	return 0;
}
