/*
 * test_mime_part.c -- mime_part_bytes(): a part's transfer encoding is
 * undone, an empty part is "" (the case one of the three copies it
 * replaced got wrong, memcpy from NULL), and a part without content is
 * NULL with no reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/mime_part.h"

/* The first leaf part of the message text; unref the message. */
static GMimePart *
first_part(const char *text, GMimeMessage **msg)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeObject *body;

	*msg = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(s);
	assert_non_null(*msg);
	body = g_mime_message_get_mime_part(*msg);
	assert_true(GMIME_IS_PART(body));
	return GMIME_PART(body);
}

static void
test_mime_part_decodes_base64(void **state)
{
	GMimeMessage *msg;
	GMimePart *part = first_part("Subject: x\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "aGVsbG8AMQ==\r\n", &msg);
	const char *why = "unset";
	size_t len = 99;
	char *b;
	(void)state;

	b = mime_part_bytes(part, &len, &why);
	assert_non_null(b);
	assert_null(why);
	assert_int_equal(len, 7);	/* "hello", a NUL of its own, "1" */
	assert_memory_equal(b, "hello\0" "1", 8);
	free(b);
	g_object_unref(msg);
}

static void
test_mime_part_empty_is_empty_string(void **state)
{
	GMimeMessage *msg;
	GMimePart *part = first_part("Subject: x\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: message/feedback-report\r\n\r\n", &msg);
	const char *why = "unset";
	size_t len = 99;
	char *b;
	(void)state;

	b = mime_part_bytes(part, &len, &why);
	assert_non_null(b);
	assert_null(why);
	assert_int_equal(len, 0);
	assert_string_equal(b, "");
	free(b);
	g_object_unref(msg);
}

static void
test_mime_part_without_content_is_null(void **state)
{
	GMimePart *part;
	const char *why = "unset";
	size_t len = 99;
	(void)state;

	part = g_mime_part_new_with_type("text", "plain");
	assert_null(mime_part_bytes(part, &len, &why));
	assert_null(why);
	assert_int_equal(len, 0);
	g_object_unref(part);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mime_part_decodes_base64),
		cmocka_unit_test(test_mime_part_empty_is_empty_string),
		cmocka_unit_test(test_mime_part_without_content_is_null),
	};

	g_mime_init();
	return cmocka_run_group_tests_name("mime_part", tests, NULL, NULL);
}
