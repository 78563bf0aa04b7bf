/*
 * tlsrpt_parse.c -- a TLS-RPT aggregate report (RFC 8460 §4.4) from JSON
 * with json-c. Required fields (organization-name, date-range,
 * report-id, policies, and per policy policy-type, policy-domain and
 * both summary counts, per failure detail result-type and
 * failed-session-count) must be present and of their type; contact-info
 * is required by the RFC but only stored, so a report without it is
 * still read. mx-host is a list in RFC 8460's schema and a string in its
 * example: both are taken. Unknown fields are ignored (RFC 8460 §4.4
 * lets reports grow). A count given as a string, or a negative one, is
 * an error naming the field.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "probes/reports/report.h"
#include "probes/reports/tlsrpt_parse.h"

#define JSON_MAX_DEPTH	16
#define PATH_LEN	128

struct parse_ctx {
	char	*err;
	size_t	 errlen;
	size_t	 details;	/* across policies, for the bound */
};

static const char *const policy_types[] = { "sts", "tlsa", "no-policy-found" };

static const char *
type_word(json_type t)
{
	static const char *const words[] = {
		[json_type_null] = "null", [json_type_boolean] = "a boolean",
		[json_type_double] = "a number", [json_type_int] = "a number",
		[json_type_object] = "an object", [json_type_array] = "a list",
		[json_type_string] = "a string",
	};

	return (size_t)t < sizeof(words) / sizeof(words[0]) && words[t] ?
	    words[t] : "a value";
}

static int fail(struct parse_ctx *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct parse_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* An integral JSON number >= 0 (5326 or 5326.0). */
static bool
is_count(json_object *v, uint64_t *out)
{
	if (json_object_is_type(v, json_type_int)) {
		int64_t i = json_object_get_int64(v);
		if (i < 0)
			return false;
		*out = (uint64_t)i;
		return true;
	}
	if (json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);
		if (d < 0 || d >= 9e15 || d != (double)(int64_t)d)
			return false;
		*out = (uint64_t)d;
		return true;
	}
	return false;
}

/*
 * obj's member name, of type want (json_type_int means a count); NULL in
 * *out when absent and not required. Returns 0 or -1 (err set).
 */
static int
member(struct parse_ctx *c, json_object *obj, const char *path,
    const char *name, json_type want, bool required, json_object **out)
{
	json_object *v = NULL;
	uint64_t n;

	*out = NULL;
	if (!json_object_object_get_ex(obj, name, &v) || v == NULL) {
		if (required)
			return fail(c, "%s%s%s: missing", path, *path ? "." : "",
			    name);
		return 0;
	}
	if (want == json_type_int ? !is_count(v, &n) :
	    !json_object_is_type(v, want)) {
		if (want == json_type_int && (json_object_is_type(v,
		    json_type_int) || json_object_is_type(v, json_type_double)))
			return fail(c, "%s%s%s: expected a count (a whole "
			    "number, 0 or more), got %s", path, *path ? "." : "",
			    name, json_object_get_string(v));
		return fail(c, "%s%s%s: expected %s, got %s", path,
		    *path ? "." : "", name, type_word(want),
		    type_word(json_object_get_type(v)));
	}
	*out = v;
	return 0;
}

/* A string member copied (normalised) into *dst; absent: NULL. */
static int
str_member(struct parse_ctx *c, json_object *obj, const char *path,
    const char *name, bool required, enum report_norm norm, char **dst)
{
	json_object *v;

	if (member(c, obj, path, name, json_type_string, required, &v) < 0)
		return -1;
	if (v == NULL)
		return 0;
	if ((*dst = strdup(json_object_get_string(v))) == NULL)
		return fail(c, "out of memory");
	report_normalise(*dst, norm);
	if (required && **dst == '\0')
		return fail(c, "%s%s%s: empty", path, *path ? "." : "", name);
	return 0;
}

static int
count_member(struct parse_ctx *c, json_object *obj, const char *path,
    const char *name, uint64_t *dst)
{
	json_object *v;

	if (member(c, obj, path, name, json_type_int, true, &v) < 0)
		return -1;
	is_count(v, dst);
	return 0;
}

/*
 * A list of strings (or one string) joined by sep into *dst; absent:
 * NULL. policy-string and mx-host.
 */
static int
strings_member(struct parse_ctx *c, json_object *obj, const char *path,
    const char *name, char sep, char **dst)
{
	json_object *v = NULL, *e;
	size_t n, len = 0, at = 0;

	if (!json_object_object_get_ex(obj, name, &v) || v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_string)) {
		if ((*dst = strdup(json_object_get_string(v))) == NULL)
			return fail(c, "out of memory");
		return 0;
	}
	if (!json_object_is_type(v, json_type_array))
		return fail(c, "%s.%s: expected a list of strings, got %s",
		    path, name, type_word(json_object_get_type(v)));
	if ((n = json_object_array_length(v)) > TLSRPT_MAX_STRINGS)
		return fail(c, "%s.%s: more than %d entries", path, name,
		    TLSRPT_MAX_STRINGS);
	for (size_t i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_string))
			return fail(c, "%s.%s[%zu]: expected a string, got %s",
			    path, name, i + 1, type_word(json_object_get_type(e)));
		len += strlen(json_object_get_string(e)) + 1;
	}
	if ((*dst = malloc(len + 1)) == NULL)
		return fail(c, "out of memory");
	**dst = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *s = json_object_get_string(
		    json_object_array_get_idx(v, i));
		size_t sl = strlen(s);
		if (i > 0)
			(*dst)[at++] = sep;
		memcpy(*dst + at, s, sl);
		at += sl;
		(*dst)[at] = '\0';
	}
	return 0;
}

/* The optional string fields of a failure detail, by JSON name. */
static const struct {
	const char	*name;
	size_t		 off;
	enum report_norm norm;
} detail_strings[] = {
	{ "sending-mta-ip", offsetof(struct tlsrpt_failure, sending_mta_ip),
	  REPORT_NORM_LOWER },
	{ "receiving-mx-hostname", offsetof(struct tlsrpt_failure,
	  receiving_mx_hostname), REPORT_NORM_DOMAIN },
	{ "receiving-mx-helo", offsetof(struct tlsrpt_failure,
	  receiving_mx_helo), REPORT_NORM_DOMAIN },
	{ "receiving-ip", offsetof(struct tlsrpt_failure, receiving_ip),
	  REPORT_NORM_LOWER },
	{ "failure-reason-code", offsetof(struct tlsrpt_failure,
	  failure_reason_code), REPORT_NORM_TRIM },
	{ "additional-information", offsetof(struct tlsrpt_failure,
	  additional_information), REPORT_NORM_TRIM },
};

static int
parse_detail(struct parse_ctx *c, json_object *o, const char *path,
    struct tlsrpt_failure *f)
{
	if (!json_object_is_type(o, json_type_object))
		return fail(c, "%s: expected an object, got %s", path,
		    type_word(json_object_get_type(o)));
	if (str_member(c, o, path, "result-type", true, REPORT_NORM_LOWER,
	    &f->result_type) < 0 ||
	    count_member(c, o, path, "failed-session-count",
	    &f->failed_sessions) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(detail_strings) /
	    sizeof(detail_strings[0]); i++)
		if (str_member(c, o, path, detail_strings[i].name, false,
		    detail_strings[i].norm, (char **)((char *)f +
		    detail_strings[i].off)) < 0)
			return -1;
	return 0;
}

static int
parse_policy(struct parse_ctx *c, json_object *o, const char *path,
    struct tlsrpt_policy *p)
{
	char sub[PATH_LEN];
	json_object *pol, *sum, *details;
	size_t i, n;

	if (!json_object_is_type(o, json_type_object))
		return fail(c, "%s: expected an object, got %s", path,
		    type_word(json_object_get_type(o)));
	if (member(c, o, path, "policy", json_type_object, true, &pol) < 0 ||
	    member(c, o, path, "summary", json_type_object, true, &sum) < 0)
		return -1;
	snprintf(sub, sizeof(sub), "%s.policy", path);
	if (str_member(c, pol, sub, "policy-type", true, REPORT_NORM_LOWER,
	    &p->type) < 0 ||
	    str_member(c, pol, sub, "policy-domain", true, REPORT_NORM_DOMAIN,
	    &p->domain) < 0 ||
	    strings_member(c, pol, sub, "policy-string", '\n',
	    &p->policy_string) < 0 ||
	    strings_member(c, pol, sub, "mx-host", ' ', &p->mx_host) < 0)
		return -1;
	for (i = 0; i < sizeof(policy_types) / sizeof(policy_types[0]); i++)
		if (strcmp(p->type, policy_types[i]) == 0)
			break;
	if (i == sizeof(policy_types) / sizeof(policy_types[0]))
		return fail(c, "%s.policy-type: \"%s\" is none of sts, tlsa, "
		    "no-policy-found", sub, p->type);
	snprintf(sub, sizeof(sub), "%s.summary", path);
	if (count_member(c, sum, sub, "total-successful-session-count",
	    &p->successful) < 0 ||
	    count_member(c, sum, sub, "total-failure-session-count",
	    &p->failed) < 0)
		return -1;
	if (member(c, o, path, "failure-details", json_type_array, false,
	    &details) < 0)
		return -1;
	if (details == NULL || (n = json_object_array_length(details)) == 0)
		return 0;
	if ((c->details += n) > TLSRPT_MAX_DETAILS)
		return fail(c, "%s.failure-details: more than %d failure "
		    "details in the report", path, TLSRPT_MAX_DETAILS);
	if ((p->fail = calloc(n, sizeof(*p->fail))) == NULL)
		return fail(c, "out of memory");
	for (i = 0; i < n; i++) {
		p->nfail++;
		snprintf(sub, sizeof(sub), "%s.failure-details[%zu]", path,
		    i + 1);
		if (parse_detail(c, json_object_array_get_idx(details, i), sub,
		    &p->fail[i]) < 0)
			return -1;
	}
	return 0;
}

static int
parse_range(struct parse_ctx *c, json_object *root, struct tlsrpt_report *r)
{
	static const char *const names[] = { "start-datetime", "end-datetime" };
	int64_t *const dst[] = { &r->begin, &r->end };
	json_object *range, *v;

	if (member(c, root, "", "date-range", json_type_object, true,
	    &range) < 0)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		if (member(c, range, "date-range", names[i], json_type_string,
		    true, &v) < 0)
			return -1;
		if (tlsrpt_parse_time(json_object_get_string(v), dst[i]) < 0)
			return fail(c, "date-range.%s: \"%s\" is not an RFC "
			    "3339 date-time", names[i],
			    json_object_get_string(v));
	}
	if (r->end < r->begin)
		return fail(c, "date-range: ends before it starts");
	return 0;
}

static int
parse_root(struct parse_ctx *c, json_object *root, struct tlsrpt_report *r)
{
	json_object *pols;
	char path[PATH_LEN];
	size_t n;

	if (!json_object_is_type(root, json_type_object))
		return fail(c, "not a TLS-RPT report: the JSON is %s, not an "
		    "object", type_word(json_object_get_type(root)));
	if (str_member(c, root, "", "organization-name", true,
	    REPORT_NORM_TRIM, &r->org_name) < 0 ||
	    str_member(c, root, "", "report-id", true, REPORT_NORM_TRIM,
	    &r->report_id) < 0 ||
	    str_member(c, root, "", "contact-info", false, REPORT_NORM_TRIM,
	    &r->contact_info) < 0 ||
	    parse_range(c, root, r) < 0 ||
	    member(c, root, "", "policies", json_type_array, true, &pols) < 0)
		return -1;
	if ((n = json_object_array_length(pols)) == 0)
		return fail(c, "policies: empty (a report covers at least one "
		    "policy)");
	if (n > TLSRPT_MAX_POLICIES)
		return fail(c, "policies: more than %d", TLSRPT_MAX_POLICIES);
	if ((r->pol = calloc(n, sizeof(*r->pol))) == NULL)
		return fail(c, "out of memory");
	for (size_t i = 0; i < n; i++) {
		r->npol++;
		snprintf(path, sizeof(path), "policies[%zu]", i + 1);
		if (parse_policy(c, json_object_array_get_idx(pols, i), path,
		    &r->pol[i]) < 0)
			return -1;
	}
	return 0;
}

int
tlsrpt_parse(const char *json, size_t len, struct tlsrpt_report *r,
    char *err, size_t errlen)
{
	struct parse_ctx c = { .err = err, .errlen = errlen };
	struct json_tokener *tok;
	json_object *root;
	enum json_tokener_error jerr;
	size_t end;
	int rc;

	if (len >= 3 && memcmp(json, "\xef\xbb\xbf", 3) == 0) {
		json += 3;	/* a UTF-8 BOM, which RFC 8259 §8.1 tolerates */
		len -= 3;
	}
	if (len > INT32_MAX) {
		snprintf(err, errlen, "JSON larger than 2 GB");
		return -1;
	}
	if ((tok = json_tokener_new_ex(JSON_MAX_DEPTH)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (root == NULL) {
		size_t line = 1;
		if (jerr == json_tokener_continue)
			end = len;
		for (size_t i = 0; i < end && i < len; i++)
			line += json[i] == '\n';
		snprintf(err, errlen, "malformed JSON at line %zu (byte %zu): %s",
		    line, end + 1, jerr == json_tokener_continue ?
		    "the document ends early" : json_tokener_error_desc(jerr));
		json_tokener_free(tok);
		return -1;
	}
	json_tokener_free(tok);
	while (end < len && (json[end] == ' ' || json[end] == '\n' ||
	    json[end] == '\r' || json[end] == '\t'))
		end++;
	if (end < len) {
		json_object_put(root);
		snprintf(err, errlen, "malformed JSON: more after the report "
		    "(byte %zu)", end + 1);
		return -1;
	}
	rc = parse_root(&c, root, r);
	json_object_put(root);
	if (rc < 0)
		tlsrpt_report_clear(r);
	return rc;
}

/* Reads n digits at *p into *v; advances. */
static bool
digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return false;
		*v = *v * 10 + (**p - '0');
	}
	return true;
}

int
tlsrpt_parse_time(const char *s, int64_t *out)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p = s;
	time_t t;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d) ||
	    (*p != 'T' && *p != 't' && *p != ' ') || !(p++, digits(&p, 2, &h)) ||
	    *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' ||
	    !digits(&p, 2, &sec))
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om))
			return -1;
	} else
		return -1;
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*out = (int64_t)t - sign * (oh * 3600 + om * 60);
	return 0;
}

void
tlsrpt_report_clear(struct tlsrpt_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->npol; i++) {
		struct tlsrpt_policy *p = &r->pol[i];
		for (size_t k = 0; k < p->nfail; k++) {
			struct tlsrpt_failure *f = &p->fail[k];
			free(f->result_type);
			free(f->sending_mta_ip);
			free(f->receiving_mx_hostname);
			free(f->receiving_mx_helo);
			free(f->receiving_ip);
			free(f->failure_reason_code);
			free(f->additional_information);
		}
		free(p->fail);
		free(p->type);
		free(p->domain);
		free(p->policy_string);
		free(p->mx_host);
	}
	free(r->pol);
	free(r->org_name);
	free(r->contact_info);
	free(r->report_id);
	memset(r, 0, sizeof(*r));
}
