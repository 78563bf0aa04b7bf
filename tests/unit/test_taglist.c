/*
 * test_taglist.c -- tag=value lists (DKIM, DMARC): trimming, repeated
 * tags, syntax errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/auth/taglist.h"

static void
test_taglist_trims_and_finds(void **state)
{
	struct taglist	 tl;
	char		 err[128];
	const char	*t = " v = DKIM1 ;k=rsa;\t p=MIGf\r\n AB ;; ";
	(void)state;

	assert_int_equal(taglist_parse(&tl, t, strlen(t), err, sizeof(err)), 0);
	assert_int_equal(tl.n, 3);
	assert_string_equal(taglist_get(&tl, "V"), "DKIM1");
	assert_string_equal(taglist_get(&tl, "p"), "MIGf\r\n AB");
	assert_null(taglist_get(&tl, "t"));
	assert_null(tl.dups);
	taglist_free(&tl);
	taglist_free(NULL);
}

static void
test_taglist_reports_repeated_tags_once(void **state)
{
	struct taglist	 tl;
	char		 err[128];
	const char	*t = "v=DMARC1; p=none; sp=reject; p=reject; P=none; rua=x";
	(void)state;

	assert_int_equal(taglist_parse(&tl, t, strlen(t), err, sizeof(err)), 0);
	assert_string_equal(tl.dups, "p");
	assert_string_equal(taglist_get(&tl, "p"), "none");
	taglist_free(&tl);
}

static void
test_taglist_rejects_tag_without_value(void **state)
{
	struct taglist	 tl;
	char		 err[128];
	const char	*t = "v=DMARC1; p reject; rua=x";
	(void)state;

	assert_int_equal(taglist_parse(&tl, t, strlen(t), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "p reject"));
	taglist_free(&tl);
	t = "v=DKIM1; 1x=y";
	assert_int_equal(taglist_parse(&tl, t, strlen(t), err, sizeof(err)), -1);
	taglist_free(&tl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_taglist_trims_and_finds),
		cmocka_unit_test(test_taglist_reports_repeated_tags_once),
		cmocka_unit_test(test_taglist_rejects_tag_without_value),
	};
	return cmocka_run_group_tests_name("taglist", tests, NULL, NULL);
}
