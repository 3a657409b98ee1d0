/*
 * parse_evtx.c: real event logs (tests/data/evtx, see SOURCES.txt there),
 * copies of them cut short or damaged in memory, a log of two chunks made
 * of two of them, files that are no event log; and the dirty files of the
 * upstream corpus when it is present.  Sound logs are rendered without
 * libevtx (parse_evtx_binxml.c): the same records as libevtx gives.
 */
#include "config.h"

#include <dirent.h>

#include "unit.h"
#include "parse_evtx_int.h"
#include "timeparse.h"

#define DATA		"tests/data/evtx/"
#define PSEXEC		DATA "ID7045-7036-psexec.evtx"
#define TIMEOUT		DATA "ID7009-service-timeout.evtx"
#define NO_CRC32	DATA "Application_no_crc32.evtx"
#define HEADER		4096
#define CHUNK		65536

static unsigned char *
load(const char *rel, size_t *len)
{
	char *buf = unit_read_data(rel, len);

	if (buf == NULL)
		fail_msg("%s not found: is SRCDIR set?", rel);
	return (unsigned char *)buf;
}

static void
parse(struct unit_parse *up, const unsigned char *buf, size_t len)
{
	unit_parse_buf(up, KIND_EVTX, "Windows/System32/winevt/Logs/"
	    "System.evtx", buf, len, NULL);
}

static uint32_t
crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffU;
	int k;

	while (n-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Sets the file header's chunk count (and last chunk number), with a
 * valid checksum. */
static void
set_chunks(unsigned char *buf, unsigned n)
{
	memset(buf + 16, 0, 8);
	buf[16] = (unsigned char)(n - 1);
	buf[42] = (unsigned char)n;
	buf[43] = 0;
	put32(buf + 124, crc32(buf, 120));
}

static void
test_psexec(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	unsigned char *buf;
	size_t len;

	buf = load(PSEXEC, &len);
	parse(up, buf, len);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);

	u = &up->rec[0];
	assert_int_equal(u->kind, KIND_EVTX);
	assert_int_equal(u->line, 0);
	assert_field(u, "provider", "Microsoft-Windows-Eventlog");
	assert_field(u, "event_id", "104");
	assert_field(u, "channel", "System");
	assert_field(u, "computer", "jump01.offsec.lan");
	/* EventRecordID, not the record header's number (1). */
	assert_field(u, "record_id", "471479");
	assert_field(u, "SubjectUserName", "admmig");
	assert_field(u, "SubjectDomainName", "OFFSEC");
	assert_field(u, "BackupPath", "");
	assert_string_equal(u->level, "INFO");

	u = &up->rec[1];
	assert_field(u, "event_id", "7045");
	assert_field(u, "ServiceName", "PSEXESVC");
	assert_field(u, "ImagePath", "%SystemRoot%\\PSEXESVC.exe");
	assert_field(u, "user", "S-1-5-21-4230534742-2542757381-3142984815-"
	    "1111");

	/* Record 4's header time is 0: TimeCreated is the time. */
	u = &up->rec[3];
	assert_field(u, "provider", "Service Control Manager");
	assert_field(u, "event_id", "7036");
	assert_field(u, "record_id", "471482");
	assert_field(u, "param1", "PSEXESVC");
	assert_field(u, "param2", "stopped");
	assert_field(u, "binary", "PSEXESVC/1");
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_int_equal(u->time.us, vtime_from_civil(2021, 4, 21, 9, 27, 56) *
	    1000000 + 248896);
	assert_non_null(strstr(u->text, "System/Service Control Manager 7036 "
	    "INFO, record 471482: param1=PSEXESVC; param2=stopped; "
	    "binary=PSEXESVC/1"));
	assert_field(&up->rec[2], "binary", "PSEXESVC/4");
}

static void
test_service_timeout(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	unsigned char *buf;
	size_t len, i;

	buf = load(TIMEOUT, &len);
	parse(up, buf, len);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	for (i = 0; i < up->n; i++) {
		assert_field(&up->rec[i], "event_id", "7009");
		assert_field(&up->rec[i], "param1", "30000");
		assert_string_equal(up->rec[i].level, "ERROR");
	}
	u = unit_find(up, "record_id", "4935");
	assert_non_null(u);
	assert_field(u, "param2", "gdKhvCScykzNFZKd");
	assert_field(u, "binary", "ChzdXvsN");
	assert_field(u, "computer", "FS03.offsec.lan");
}

static void
test_no_crc32(void **state)
{
	struct unit_parse *up = *state;
	unsigned char *buf;
	size_t len;

	/* Version 3.2 without checksums: nothing is damaged. */
	buf = load(NO_CRC32, &len);
	parse(up, buf, len);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 17);
	assert_field(&up->rec[0], "provider", "SecurityCenter");
	assert_field(&up->rec[0], "record_id", "426");
	assert_field(&up->rec[0], "channel", "Application");
	assert_field(&up->rec[16], "record_id", "442");
	assert_non_null(unit_find(up, "param1", "WSearch"));
}

static void
test_truncated(void **state)
{
	struct unit_parse *up = *state;
	unsigned char *buf;
	size_t len, cut, last = 0;

	buf = load(PSEXEC, &len);
	assert_int_equal(len, HEADER + CHUNK);

	/* Cut anywhere: no crash, what came before the cut is read, and
	 * the reason says the file was cut. */
	for (cut = 0; cut < len; cut += cut < HEADER ? 1021 : 97) {
		parse(up, buf, cut);
		assert_non_null(up->skip_reason);
		assert_true(up->n <= 4);
		assert_true(up->n >= last);
		if (cut >= HEADER + 512)
			assert_non_null(strstr(up->skip_reason, "cut short "
			    "(the file ends "));
		last = up->n;
		unit_parse_free(up);
	}
	assert_int_equal(last, 4);

	parse(up, buf, 0);
	assert_string_equal(up->skip_reason, "empty file");
	unit_parse_free(up);
	parse(up, buf, HEADER);
	assert_string_equal(up->skip_reason, "cut short: 4096 bytes, no "
	    "chunk of records");
	unit_parse_free(up);

	/* Inside the last record (it ends at 4720 in the chunk). */
	parse(up, buf, HEADER + 4600);
	assert_int_equal(up->n, 3);
	assert_string_equal(up->skip_reason, "damaged event log: cut short "
	    "(the file ends 4600 bytes into chunk 0), 1 record could not "
	    "be read; 3 records read");
	assert_field(&up->rec[2], "param2", "running");
	unit_parse_free(up);

	/* After the records: all read, the cut still said. */
	parse(up, buf, len - 1);
	assert_int_equal(up->n, 4);
	assert_string_equal(up->skip_reason, "damaged event log: cut short "
	    "(the file ends 65535 bytes into chunk 0); 4 records read");
	unit_parse_free(up);

	/* On a chunk boundary: only the header's count tells. */
	set_chunks(buf, 2);
	parse(up, buf, len);
	assert_int_equal(up->n, 4);
	assert_string_equal(up->skip_reason, "damaged event log: cut short "
	    "(its header counts 2 chunks, the file holds 1); 4 records "
	    "read");
	free(buf);
}

static void
test_damaged_record(void **state)
{
	struct unit_parse *up = *state;
	unsigned char *buf;
	size_t len;

	/* Bytes overwritten inside the last record (records at 512, 2552,
	 * 4032 and 4456 in the chunk). */
	buf = load(PSEXEC, &len);
	memset(buf + HEADER + 4500, 0xff, 64);
	parse(up, buf, len);
	assert_int_equal(up->n, 3);
	assert_field(&up->rec[2], "event_id", "7036");
	assert_string_equal(up->skip_reason, "damaged event log: 1 record "
	    "could not be read; 3 records read");
	unit_parse_free(up);
	free(buf);

	/* Inside the second: it defines the template the next records
	 * use, so they go with it; the first stays. */
	buf = load(PSEXEC, &len);
	memset(buf + HEADER + 3000, 0xff, 64);
	parse(up, buf, len);
	free(buf);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "event_id", "104");
	assert_string_equal(up->skip_reason, "damaged event log: 3 records "
	    "could not be read; 1 record read");
}

/* A log of two chunks: psexec's (records 1-4), then timeout's (1-3). */
static unsigned char *
two_chunks(size_t *len)
{
	unsigned char *a, *b, *buf;
	size_t alen, blen;

	a = load(PSEXEC, &alen);
	b = load(TIMEOUT, &blen);
	buf = xmalloc(HEADER + 2 * CHUNK);
	memcpy(buf, a, HEADER + CHUNK);
	memcpy(buf + HEADER + CHUNK, b + HEADER, CHUNK);
	set_chunks(buf, 2);
	free(a);
	free(b);
	*len = HEADER + 2 * CHUNK;
	return buf;
}

static void
test_damaged_chunk(void **state)
{
	struct unit_parse *up = *state;
	unsigned char *buf;
	uint32_t seed = 7;
	size_t len, i;

	buf = two_chunks(&len);
	parse(up, buf, len);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 7);
	unit_parse_free(up);

	/* The first chunk's header overwritten: the second chunk is
	 * read. */
	memset(buf + HEADER + 8, 0x5a, 100);
	parse(up, buf, len);
	assert_non_null(unit_find(up, "record_id", "4935"));
	assert_non_null(unit_find(up, "record_id", "4948"));
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "1 damaged chunk"));
	unit_parse_free(up);

	/* A free space offset libevtx would refuse the file for. */
	free(buf);
	buf = two_chunks(&len);
	memset(buf + HEADER + 48, 0xff, 4);
	parse(up, buf, len);
	assert_int_equal(up->n, 7);
	assert_non_null(strstr(up->skip_reason, "1 damaged chunk"));
	unit_parse_free(up);

	/* The first chunk all garbage. */
	for (i = 0; i < CHUNK; i++) {
		seed = seed * 1103515245 + 12345;
		buf[HEADER + i] = (unsigned char)(seed >> 16);
	}
	parse(up, buf, len);
	assert_int_equal(up->n, 3);
	assert_field(&up->rec[0], "event_id", "7009");
	assert_string_equal(up->skip_reason, "damaged event log: 1 damaged "
	    "chunk; 3 records read");
	unit_parse_free(up);

	/* Bytes flipped all over: never a crash. */
	free(buf);
	buf = two_chunks(&len);
	for (i = HEADER + 512; i < len; i += 331)
		buf[i] ^= 0xa5;
	parse(up, buf, len);
	assert_non_null(up->skip_reason);
	assert_true(up->n < 7);
	free(buf);
}

static void
test_not_evtx(void **state)
{
	struct unit_parse *up = *state;
	unsigned char junk[70000];
	uint32_t seed = 99;
	size_t i;

	for (i = 0; i < sizeof junk; i++) {
		seed = seed * 1103515245 + 12345;
		junk[i] = (unsigned char)(seed >> 16);
	}
	parse(up, junk, sizeof junk);
	assert_int_equal(up->n, 0);
	assert_string_equal(up->skip_reason, "not an event log (no EVTX "
	    "signature)");
	unit_parse_free(up);

	parse(up, (const unsigned char *)"<Events/>", 9);
	assert_string_equal(up->skip_reason, "not an event log (no EVTX "
	    "signature)");
	unit_parse_free(up);

	/* A signature and garbage. */
	memcpy(junk, "ElfFile", 8);
	parse(up, junk, sizeof junk);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);
	parse(up, junk, 100);
	assert_string_equal(up->skip_reason, "cut short: 100 bytes, no chunk "
	    "of records");
}

static void
test_size_limit(void **state)
{
	struct unit_parse *up = *state;
	struct limits limits;
	unsigned char *buf;
	size_t len;

	buf = load(PSEXEC, &len);
	limits_default(&limits);
	limits.max_member_bytes = 10000;
	unit_parse_buf(up, KIND_EVTX, "System.evtx", buf, len, &limits);
	free(buf);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "larger"));
}

/* The corpus's dirty files: more chunks than their header counts. */
static void
test_corpus(void **state)
{
	struct unit_parse *up = *state;
	static const struct {
		const char	*file;
		size_t		 records;
		const char	*reason;
	} files[] = {
		{ "omerbenamram_evtx__system.evtx", 1881, NULL },
		{ "omerbenamram_evtx__2-vss_7-System.evtx", 1160, NULL },
		{ "python-evtx__system.evtx", 1601, NULL },
		/* Recovered records that repeat read ones are not
		 * emitted twice. */
		{ "EVTX-to-MITRE-Attack__ID7000_7009_7045-Payload_deployed_"
		    "via_service.evtx", 733, NULL },
		/* 335 records, and 114 that only libevtx's recovery finds;
		 * record 3 has no data. */
		{ "omerbenamram_evtx__sample-with-zero-data-size-event.evtx",
		    449, "damaged event log: 1 record could not be read; "
		    "449 records read" },
	};
	const char *dir = unit_corpus_dir();
	char path[2048], *buf;
	size_t i, len = 0;

	if (dir == NULL)
		skip();
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/windows/evtx/%s", dir,
		    files[i].file);
		assert_non_null(buf = unit_read_file(path, &len));
		parse(up, (unsigned char *)buf, len);
		assert_int_equal(up->n, files[i].records);
		if (files[i].reason == NULL)
			assert_null(up->skip_reason);
		else
			assert_string_equal(up->skip_reason, files[i].reason);
		if (i == 0)
			assert_non_null(unit_find(up, "record_id", "1881"));
		unit_parse_free(up);

		/* A chunk in the middle destroyed: the others are read
		 * and the loss is counted. */
		if (i == 2) {
			memset(buf + HEADER + 3 * CHUNK, 0x77, CHUNK);
			parse(up, (unsigned char *)buf, len);
			assert_true(up->n > 1300 && up->n < 1601);
			assert_non_null(up->skip_reason);
			assert_non_null(strstr(up->skip_reason, "1 damaged "
			    "chunk, "));
			{
				char want[128];

				snprintf(want, sizeof want, " records could "
				    "not be read; %zu records read", up->n);
				assert_non_null(strstr(up->skip_reason, want));
			}
			unit_parse_free(up);
		}
		free(buf);
	}
}

/* The records of a parse, in words, to compare two readings. */
static char *
describe(const struct unit_parse *up)
{
	struct strbuf sb;
	const struct unit_record *u;
	size_t i;
	unsigned k;

	strbuf_init(&sb, 0);
	for (i = 0; i < up->n; i++) {
		u = &up->rec[i];
		strbuf_addf(&sb, "%lld %d [%s] %s | %s |", (long long)u->time.us,
		    (int)u->time.zone, u->level != NULL ? u->level : "",
		    u->text, u->msg);
		for (k = 0; k < u->nfields; k++)
			strbuf_addf(&sb, " %s=%s", u->names[k], u->values[k]);
		strbuf_addch(&sb, '\n');
	}
	strbuf_addf(&sb, "skip: %s\n", up->skip_reason != NULL ?
	    up->skip_reason : "(none)");
	return strbuf_detach(&sb);
}

/*
 * A sound log read with our renderer of binary XML gives what libevtx
 * alone gives; and so with records damaged, whose chunks go to libevtx.
 */
static void
check_own(struct unit_parse *up, const unsigned char *buf, size_t len,
    size_t want)
{
	char *lib, *own;

	parse_evtx_binxml(0);
	parse(up, buf, len);
	if (want != SIZE_MAX)
		assert_int_equal(up->n, want);
	lib = describe(up);
	unit_parse_free(up);
	parse_evtx_binxml(1);
	parse(up, buf, len);
	own = describe(up);
	unit_parse_free(up);
	assert_string_equal(lib, own);
	free(lib);
	free(own);
}

/* Bytes of records changed, in chunks with records, their headers
 * left sound: the log is still split, and records fail to read on
 * either side. */
static void
damage_records(unsigned char *buf, size_t len, uint32_t seed, unsigned n)
{
	size_t chunks = (len - HEADER) / CHUNK, off;

	while (n > 0) {
		seed = seed * 1103515245U + 12345U;
		off = HEADER + (seed >> 8) % chunks * CHUNK;
		if (memcmp(buf + off, "ElfChnk", 8) != 0)
			continue;
		seed = seed * 1103515245U + 12345U;
		off += 512 + (seed >> 4) % (CHUNK - 512);
		seed = seed * 1103515245U + 12345U;
		buf[off] = (unsigned char)(seed >> 16);
		n--;
	}
}

static void
test_own(void **state)
{
	static const char *const corpus[] = {
		"omerbenamram_evtx__system.evtx",
		"omerbenamram_evtx__2-vss_7-System.evtx",
		"python-evtx__system.evtx",
		"EVTX-to-MITRE-Attack__ID7000_7009_7045-Payload_deployed_"
		    "via_service.evtx",
	};
	static const size_t records[] = { 1881, 1160, 1601, 733 };
	static const char *const data[] = { PSEXEC, TIMEOUT, NO_CRC32 };
	struct unit_parse *up = *state;
	struct dirent *de;
	DIR *d;
	const char *dir = unit_corpus_dir();
	unsigned char *buf;
	char path[2048];
	size_t len, i;

	uint32_t seed;

	/* Every log there is, as it is, and with a file header of another
	 * size or version, which only libevtx reads. */
	for (i = 0; i < sizeof data / sizeof *data; i++) {
		buf = load(data[i], &len);
		check_own(up, buf, len, SIZE_MAX);
		buf[38] = 4;
		check_own(up, buf, len, SIZE_MAX);
		buf[38] = 3;
		buf[32] = 64;
		check_own(up, buf, len, SIZE_MAX);
		free(buf);
	}
	if (dir != NULL) {
		snprintf(path, sizeof path, "%s/windows/evtx", dir);
		assert_non_null(d = opendir(path));
		while ((de = readdir(d)) != NULL) {
			if (strstr(de->d_name, ".evtx") == NULL)
				continue;
			snprintf(path, sizeof path, "%s/windows/evtx/%s", dir,
			    de->d_name);
			assert_non_null(buf = (unsigned char *)unit_read_file(
			    path, &len));
			check_own(up, buf, len, SIZE_MAX);
			free(buf);
		}
		closedir(d);
	}
	buf = two_chunks(&len);
	check_own(up, buf, len, 7);
	for (seed = 1; seed <= 8; seed++) {
		damage_records(buf, len, seed, seed * 3);
		check_own(up, buf, len, SIZE_MAX);
	}
	free(buf);
	for (i = 0; dir != NULL && i < sizeof corpus / sizeof *corpus; i++) {
		snprintf(path, sizeof path, "%s/windows/evtx/%s", dir,
		    corpus[i]);
		assert_non_null(buf = (unsigned char *)unit_read_file(path,
		    &len));
		check_own(up, buf, len, records[i]);
		for (seed = 1; seed <= 3; seed++) {
			damage_records(buf, len, seed, 40 * seed);
			check_own(up, buf, len, SIZE_MAX);
		}
		/* Past UNREADABLE_MAX (1537 records unreadable, 351 read):
		 * the held records cut where one loop gives up. */
		if (i == 0) {
			damage_records(buf, len, 99, 2000);
			check_own(up, buf, len, SIZE_MAX);
		}
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_psexec, unit_reset),
		cmocka_unit_test_teardown(test_service_timeout, unit_reset),
		cmocka_unit_test_teardown(test_no_crc32, unit_reset),
		cmocka_unit_test_teardown(test_truncated, unit_reset),
		cmocka_unit_test_teardown(test_damaged_record, unit_reset),
		cmocka_unit_test_teardown(test_damaged_chunk, unit_reset),
		cmocka_unit_test_teardown(test_not_evtx, unit_reset),
		cmocka_unit_test_teardown(test_size_limit, unit_reset),
		cmocka_unit_test_teardown(test_corpus, unit_reset),
		cmocka_unit_test_teardown(test_own, unit_reset),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
