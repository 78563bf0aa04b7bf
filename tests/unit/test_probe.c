/*
 * test_probe.c -- the probe table (probes/probe.h): the man page's PROBES
 * section lists exactly its probes, in its order, with their summaries
 * and [schedule] keys; each row's schedule key names the interval it
 * reads; lookups and the name lists of messages come from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "probes/probe.h"

#define MAN_PAGE	"contrib/sendwatch.1"

static int
to_top(void **state)
{
	const char *top = getenv("SENDWATCH_TOP");

	(void)state;
	return top != NULL && chdir(top) != 0 ? -1 : 0;
}

/* s without roff's "\-" escapes, into buf. */
static const char *
man_unescape(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	for (; *s != '\0' && o + 1 < len; s++) {
		if (s[0] == '\\' && s[1] == '-')
			s++;
		buf[o++] = *s;
	}
	buf[o] = '\0';
	return buf;
}

/*
 * The PROBES section is, after its introduction, one entry per probe:
 *   .TP / .B NAME / SUMMARY / .RB "(" [schedule] " KEY)"
 */
static void
test_probe_man_page_lists_the_table(void **state)
{
	FILE *fp = fopen(MAN_PAGE, "r");
	char line[512], text[512], want[64];
	bool in = false;
	size_t k = 0;
	int step = 0;

	(void)state;
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SH ", 4) == 0) {
			in = strcmp(line, ".SH PROBES") == 0;
			continue;
		}
		if (!in)
			continue;
		if (strcmp(line, ".TP") == 0) {
			assert_int_equal(step, 0);
			step = 1;
		} else if (step == 1) {
			assert_non_null(probe_table[k]);	/* one too many */
			snprintf(want, sizeof(want), ".B %s",
			    probe_table[k]->name);
			assert_string_equal(line, want);
			step = 2;
		} else if (step == 2) {
			assert_string_equal(man_unescape(line, text,
			    sizeof(text)), probe_table[k]->summary);
			step = 3;
		} else if (step == 3) {
			snprintf(text, sizeof(text), ".RB \"(\" [schedule] \" %s)\"",
			    probe_table[k]->schedule);
			assert_string_equal(line, text);
			step = 0;
			k++;
		}
	}
	fclose(fp);
	assert_int_equal(step, 0);
	assert_null(probe_table[k]);	/* every probe is in the man page */
	assert_true(k > 0);
}

static void
test_probe_schedule_key_names_its_interval(void **state)
{
	static const struct {
		const char	*key;
		uint64_t	 ms;
	} keys[] = {
		{ "dnsbl", 1 }, { "auth", 2 }, { "reports", 3 }, { "bounces", 4 },
		{ "tls", 5 },
	};
	struct config cfg;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.schedule.dnsbl_ms = 1;
	cfg.schedule.auth_ms = 2;
	cfg.schedule.reports_ms = 3;
	cfg.schedule.bounces_ms = 4;
	cfg.schedule.tls_ms = 5;
	for (size_t i = 0; probe_table[i] != NULL; i++) {
		const struct probe *p = probe_table[i];
		size_t j;

		for (j = 0; j < sizeof(keys) / sizeof(keys[0]) &&
		    strcmp(keys[j].key, p->schedule) != 0; j++)
			;
		assert_true(j < sizeof(keys) / sizeof(keys[0]));
		assert_int_equal(probe_interval_ms(p, &cfg), keys[j].ms);
		/* every row can say whether run has work for it */
		assert_non_null(p->wanted);
		assert_false(p->wanted(&cfg));
		/* only the store-fed probes leave their run to monitor/ */
		if (p->run == NULL)
			assert_true(p->targets & (PROBE_ON_LOGS |
			    PROBE_ON_REPORTS));
	}
}

static void
test_probe_find_and_names(void **state)
{
	char buf[200];

	(void)state;
	assert_non_null(probe_find("dnsbl"));
	assert_string_equal(probe_find("ptr")->name, "ptr");
	assert_null(probe_find("auth"));	/* a schedule key, not a probe */
	assert_null(probe_find(""));
	assert_int_equal(probe_index(probe_find("dnsbl")), 0);
	assert_ptr_equal(probe_table[probe_index(probe_find("mx"))],
	    probe_find("mx"));

	probe_list_names(PROBE_ON_SET | PROBE_ON_DOMAIN | PROBE_ON_SENDER,
	    false, ", ", " or ", buf, sizeof(buf));
	assert_string_equal(buf, "dnsbl, spf, dkim, dmarc, mx, ptr, starttls, dane, mta-sts, tlsrpt or bimi");
	probe_list_names(~0u, true, ", ", ", ", buf, sizeof(buf));
	assert_string_equal(buf, "dnsbl, spf, dkim, dmarc, mx, ptr, starttls, dane, mta-sts, tlsrpt, bimi, bounces");
	/* a short buffer is cut, never overrun */
	probe_list_names(~0u, false, ", ", ", ", buf, 8);
	assert_true(strlen(buf) < 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_man_page_lists_the_table),
		cmocka_unit_test(test_probe_schedule_key_names_its_interval),
		cmocka_unit_test(test_probe_find_and_names),
	};

	return cmocka_run_group_tests_name("probe", tests, to_top, NULL);
}
