/*
 * smtp_match.c -- runs the reply rule table (smtp_rules.c) over a parsed
 * reply (see smtp_reply.h): the first rule whose every given part (basic
 * code, enhanced code, SMTP stage, wording) matches wins. Patterns are
 * compiled once, on first use, and shared by every thread.
 */
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/bounces/smtp_reply.h"
#include "probes/bounces/smtp_rules.h"

/* A compiled rule: the enhanced-code pattern parsed, the regex built. */
struct smtp_rule_state {
	int	 enh_class;	/* 0: any */
	int	 enh_subject;	/* -1: any */
	int	 enh_lo, enh_hi;	/* -1: any */
	bool	 has_re;
	regex_t	 re;
};

static const struct smtp_rule *smtp_rules;
static size_t smtp_nrules;
static struct smtp_rule_state *smtp_rule_states;
static pthread_once_t smtp_rules_once = PTHREAD_ONCE_INIT;
static char smtp_rules_error[256];

/* "x.7.606-649", "5.4.4", "x.3.*" -> state. Returns 0 or -1. */
static int
smtp_parse_enh_pattern(const char *p, struct smtp_rule_state *st)
{
	int cls = 0, subj, lo, hi, n = 0;

	if (p[0] == 'x' && p[1] == '.')
		p += 2;
	else if (sscanf(p, "%1d.%n", &cls, &n) == 1 && n == 2 &&
	    (cls == 2 || cls == 4 || cls == 5))
		p += 2;
	else
		return -1;
	n = 0;
	if (sscanf(p, "%3d.%n", &subj, &n) != 1 || n == 0)
		return -1;
	p += n;
	st->enh_class = cls;
	st->enh_subject = subj;
	if (strcmp(p, "*") == 0) {
		st->enh_lo = st->enh_hi = -1;
		return 0;
	}
	n = 0;
	if (sscanf(p, "%3d-%3d%n", &lo, &hi, &n) == 2 && p[n] == '\0' &&
	    lo <= hi) {
		st->enh_lo = lo;
		st->enh_hi = hi;
		return 0;
	}
	n = 0;
	if (sscanf(p, "%3d%n", &lo, &n) == 1 && p[n] == '\0') {
		st->enh_lo = st->enh_hi = lo;
		return 0;
	}
	return -1;
}

static void
smtp_rules_compile(void)
{
	smtp_rules = smtp_rules_table(&smtp_nrules);
	smtp_rule_states = calloc(smtp_nrules, sizeof(*smtp_rule_states));
	if (smtp_rule_states == NULL) {
		snprintf(smtp_rules_error, sizeof(smtp_rules_error),
		    "rule table: out of memory");
		smtp_nrules = 0;
		return;
	}
	for (size_t i = 0; i < smtp_nrules; i++) {
		const struct smtp_rule *r = &smtp_rules[i];
		struct smtp_rule_state *st = &smtp_rule_states[i];
		int rc;

		st->enh_class = 0;
		st->enh_subject = st->enh_lo = st->enh_hi = -1;
		if (r->enh != NULL && smtp_parse_enh_pattern(r->enh, st) == -1 &&
		    smtp_rules_error[0] == '\0')
			snprintf(smtp_rules_error, sizeof(smtp_rules_error),
			    "rule %s: enhanced code pattern \"%s\": expected"
			    " C.S.D, C.S.LO-HI or C.S.* (C a digit or x)",
			    r->name, r->enh);
		if (r->code != NULL && (strlen(r->code) != 3 ||
		    strspn(r->code, "0123456789x") != 3) &&
		    smtp_rules_error[0] == '\0')
			snprintf(smtp_rules_error, sizeof(smtp_rules_error),
			    "rule %s: code pattern \"%s\": expected three"
			    " digits or x", r->name, r->code);
		if (r->re == NULL)
			continue;
		rc = regcomp(&st->re, r->re, REG_EXTENDED | REG_ICASE |
		    REG_NOSUB | REG_NEWLINE);
		if (rc != 0) {
			char msg[128];
			regerror(rc, &st->re, msg, sizeof(msg));
			if (smtp_rules_error[0] == '\0')
				snprintf(smtp_rules_error,
				    sizeof(smtp_rules_error),
				    "rule %s: regex: %s", r->name, msg);
			continue;
		}
		st->has_re = true;
	}
}

static bool
smtp_code_matches(const char *pat, int code)
{
	char digits[4];

	if (pat == NULL)
		return true;
	if (code < 100 || code > 999)
		return false;
	snprintf(digits, sizeof(digits), "%d", code);
	for (int i = 0; i < 3; i++)
		if (pat[i] != 'x' && pat[i] != digits[i])
			return false;
	return true;
}

static bool
smtp_enh_matches(const struct smtp_rule *r, const struct smtp_rule_state *st,
    const struct smtp_reply *rep)
{
	if (r->enh == NULL)
		return true;
	if (!rep->has_enh || st->enh_subject < 0)
		return false;
	if (st->enh_class != 0 && st->enh_class != rep->enh_class)
		return false;
	if (st->enh_subject != rep->enh_subject)
		return false;
	return st->enh_lo < 0 ||
	    (rep->enh_detail >= st->enh_lo && rep->enh_detail <= st->enh_hi);
}

const struct smtp_rule *
smtp_rules_match(const struct smtp_reply *rep)
{
	size_t n;
	const struct smtp_rule *table = smtp_rules_table(&n);

	pthread_once(&smtp_rules_once, smtp_rules_compile);
	for (size_t i = 0; i < smtp_nrules; i++) {
		const struct smtp_rule *r = &smtp_rules[i];
		const struct smtp_rule_state *st = &smtp_rule_states[i];

		if (!smtp_code_matches(r->code, rep->code) ||
		    !smtp_enh_matches(r, st, rep) ||
		    (r->stage != NULL && strcmp(r->stage, rep->stage) != 0))
			continue;
		if (r->re != NULL && (!st->has_re ||
		    regexec(&st->re, rep->text, 0, NULL, 0) != 0))
			continue;
		return r;
	}
	return &table[n - 1];
}

const char *
smtp_rules_check(void)
{
	pthread_once(&smtp_rules_once, smtp_rules_compile);
	return smtp_rules_error[0] ? smtp_rules_error : NULL;
}

void
smtp_classify(const struct smtp_reply *rep, struct smtp_verdict *v)
{
	const struct smtp_rule *r = smtp_rules_match(rep);

	memset(v, 0, sizeof(*v));
	v->category = r->cat;
	v->side = r->side;
	v->rule = r->name;
	v->fix = r->fix != NULL ? r->fix : smtp_category_fix(r->cat);
	smtp_extract_ip(rep->text, v->ip, sizeof(v->ip));
	if (v->category == SMTP_CAT_BLOCKLISTED)
		smtp_extract_list(rep->text, r->list, v->list, sizeof(v->list));
}
