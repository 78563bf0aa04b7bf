/*
 * test_report_input.c -- the report input layer on archives written here
 * with libarchive: a zip bomb (a member far larger than the bound) is
 * refused without inflating it all, members are walked by index (names
 * never used as paths), and nesting is bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>

#include "probes/reports/report_input.h"

#define REPORT_XML \
	"<feedback><report_metadata><org_name>Zip Org</org_name>" \
	"<report_id>zip-1</report_id><date_range><begin>1700000000</begin>" \
	"<end>1700086399</end></date_range></report_metadata>" \
	"<policy_published><domain>example.com</domain></policy_published>" \
	"<record><row><source_ip>192.0.2.1</source_ip><count>3</count></row>" \
	"</record></feedback>"

struct outcome {
	struct report_limits	 lim;
	int			 parsed;
	int			 failed;
	int			 errors;
	uint64_t		 max_bytes_seen;
	char			 last[512];
};

static void
on_found(void *arg, const char *where, const struct report_src *src)
{
	struct outcome *o = arg;
	struct report_parse_info info;
	struct report r;
	char err[256];

	report_init(&r);
	if (report_xml_parse(src, &o->lim, NULL, &r, &info, err, sizeof(err)) ==
	    REPORT_PARSED)
		o->parsed++;
	else {
		o->failed++;
		snprintf(o->last, sizeof(o->last), "%s: %s", where, err);
	}
	if (info.bytes > o->max_bytes_seen)
		o->max_bytes_seen = info.bytes;
	report_clear(&r);
}

static void
on_error(void *arg, const char *where, const char *reason)
{
	struct outcome *o = arg;

	o->errors++;
	snprintf(o->last, sizeof(o->last), "%s: %s", where, reason);
}

/* Writes a zip at path with the given members (name, data, size). */
static void
write_zip(const char *path, const char *const *names, const char *const *data,
    const size_t *sizes, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;

	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(e = archive_entry_new());
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)sizes[i]);
		archive_entry_set_mtime(e, time(NULL), 0);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, data[i], sizes[i]),
		    (la_ssize_t)sizes[i]);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static void
test_report_input_zip_bomb_refused_at_the_bound(void **state)
{
	char path[] = "/tmp/sendwatch-zipbomb-XXXXXX";
	static const char head[] = "<feedback><report_metadata><org_name>";
	size_t size = 64u << 20;	/* 64 MB inflated, a few hundred KB zipped */
	char *big = malloc(size);
	const char *names[] = { "../../etc/evil" };
	const char *data[] = { big };
	struct outcome o = { .lim = { 1 << 20, 1000 } };
	struct report_input_cb cb = { .found = on_found,
	    .error = on_error, .arg = &o, .max_bytes = 1 << 20 };
	FILE *fp;
	int fd;
	(void)state;

	assert_non_null(big);
	memset(big, ' ', size);
	memcpy(big, head, sizeof(head) - 1);
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	write_zip(path, names, data, &size, 1);
	free(big);
	assert_non_null(fp = fopen(path, "rb"));
	fseek(fp, 0, SEEK_END);
	assert_true(ftell(fp) < 1 << 20);	/* small on disk */
	fclose(fp);
	report_input_path(path, &cb);
	assert_int_equal(o.parsed, 0);
	assert_int_equal(o.failed, 1);
	assert_non_null(strstr(o.last, "zip member 1: larger than 1048576 "
	    "bytes of XML"));
	/* Stopped at the bound, not after inflating 64 MB. */
	assert_true(o.max_bytes_seen <= (1 << 20));
	assert_null(strstr(o.last, "evil"));	/* names never used */
	unlink(path);
}

static void
test_report_input_zip_members_walked_by_index(void **state)
{
	char path[] = "/tmp/sendwatch-zipmembers-XXXXXX";
	const char *names[] = { "/abs/report.xml", "notes.txt", "x/../r2.xml" };
	const char *data[] = { REPORT_XML, "just some notes\n", REPORT_XML };
	size_t sizes[] = { strlen(REPORT_XML), 16, strlen(REPORT_XML) };
	struct outcome o = { .lim = { 1 << 20, 1000 } };
	struct report_input_cb cb = { .found = on_found,
	    .error = on_error, .arg = &o, .max_bytes = 1 << 20 };
	int fd;
	(void)state;

	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	write_zip(path, names, data, sizes, 3);
	report_input_path(path, &cb);
	assert_int_equal(o.parsed, 2);
	assert_int_equal(o.errors, 1);
	assert_non_null(strstr(o.last, "zip member 2: not a DMARC report"));
	assert_int_equal(access("/abs/report.xml", F_OK), -1);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_input_zip_bomb_refused_at_the_bound),
		cmocka_unit_test(test_report_input_zip_members_walked_by_index),
	};
	return cmocka_run_group_tests_name("report_input", tests, NULL, NULL);
}
