/*
 * test_smtp_corpus.c -- the classifier against tests/data/bounces/
 * replies.tsv: several hundred replies assembled by hand from receivers'
 * documentation, each with the category a mail admin acts on. Prints
 * every disagreement and the agreement overall and per category, and
 * fails below the agreement README states, or when the set shrinks below
 * 300 distinct replies or a line is malformed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/bounces/smtp_reply.h"

#define CORPUS		"tests/data/bounces/replies.tsv"
#define MIN_REPLIES	300
/* README states this; raise both together. */
#define MIN_AGREEMENT	99.0

/* "\n" written as two characters in the file is a line break. */
static size_t
corpus_unescape(char *s)
{
	size_t o = 0;

	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\\' && s[i + 1] == 'n') {
			s[o++] = '\n';
			i++;
		} else
			s[o++] = s[i];
	}
	s[o] = '\0';
	return o;
}

static int
corpus_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_smtp_corpus_agreement(void **state)
{
	const char *top = getenv("SENDWATCH_TOP");
	char path[4096], *line = NULL, **seen = NULL;
	size_t cap = 0, n = 0, agree = 0, malformed = 0, distinct = 0,
	    nseen = 0, capseen = 0;
	size_t want_n[SMTP_CAT_COUNT] = { 0 }, want_ok[SMTP_CAT_COUNT] = { 0 };
	ssize_t len;
	unsigned lineno = 0;
	FILE *fp;
	(void)state;

	snprintf(path, sizeof(path), "%s%s%s", top ? top : "", top ? "/" : "",
	    CORPUS);
	fp = fopen(path, "r");
	if (fp == NULL)
		fail_msg("%s: cannot open", path);
	while ((len = getline(&line, &cap, fp)) != -1) {
		char *cat, *src, *reply, *tab;
		enum smtp_category want;
		struct smtp_reply r;
		struct smtp_verdict v;
		size_t rlen;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		cat = line;
		if ((tab = strchr(cat, '\t')) == NULL ||
		    (src = tab + 1, *tab = '\0', tab = strchr(src, '\t')) == NULL ||
		    !smtp_category_by_name(cat, &want)) {
			print_error("%s:%u: expected CATEGORY<TAB>SOURCE<TAB>REPLY"
			    " with a known category\n", path, lineno);
			malformed++;
			continue;
		}
		*tab = '\0';
		reply = tab + 1;
		rlen = corpus_unescape(reply);
		if (nseen == capseen) {
			capseen = capseen ? capseen * 2 : 512;
			seen = realloc(seen, capseen * sizeof(*seen));
			assert_non_null(seen);
		}
		seen[nseen] = strdup(reply);
		assert_non_null(seen[nseen]);
		nseen++;
		smtp_reply_parse(reply, rlen, &r);
		smtp_classify(&r, &v);
		n++;
		want_n[want]++;
		if (v.category == want) {
			agree++;
			want_ok[want]++;
		} else
			print_error("%s:%u: [%s] got %s (rule %s), want %s: %.90s\n",
			    path, lineno, src, smtp_category_name(v.category),
			    v.rule, cat, reply);
	}
	fclose(fp);
	free(line);
	qsort(seen, nseen, sizeof(*seen), corpus_cmp);
	for (size_t i = 0; i < nseen; i++) {
		if (i == 0 || strcmp(seen[i], seen[i - 1]) != 0)
			distinct++;
		else
			print_error("%s: reply listed twice: %.90s\n", path,
			    seen[i]);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	for (size_t i = 0; i < SMTP_CAT_COUNT; i++) {
		enum smtp_category c = smtp_category_at(i);
		if (want_n[c] > 0)
			print_message("  %-17s %3zu/%-3zu\n", smtp_category_name(c),
			    want_ok[c], want_n[c]);
	}
	print_message("agreement: %zu of %zu replies (%.1f%%), %zu distinct\n",
	    agree, n, n ? 100.0 * (double)agree / (double)n : 0.0, distinct);
	assert_int_equal(malformed, 0);
	assert_int_equal(distinct, n);
	assert_true(distinct >= MIN_REPLIES);
	assert_true(100.0 * (double)agree / (double)n >= MIN_AGREEMENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smtp_corpus_agreement),
	};

	return cmocka_run_group_tests_name("smtp_corpus", tests, NULL, NULL);
}
