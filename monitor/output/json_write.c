/*
 * json_write.c -- JSON output (see json_write.h). Only writing: sendwatch
 * never parses JSON.
 */
#include <stdint.h>
#include <string.h>

#include "monitor/output/json_write.h"

/* Length of the valid UTF-8 sequence at s, or 0 when invalid. */
static size_t
json_utf8_len(const unsigned char *s)
{
	size_t n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void
json_write_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	fputc('"', fp);
	while (*s) {
		size_t n;
		switch (*s) {
		case '"':
			fputs("\\\"", fp);
			s++;
			continue;
		case '\\':
			fputs("\\\\", fp);
			s++;
			continue;
		case '\n':
			fputs("\\n", fp);
			s++;
			continue;
		case '\t':
			fputs("\\t", fp);
			s++;
			continue;
		case '\r':
			fputs("\\r", fp);
			s++;
			continue;
		}
		if (*s < 0x20) {
			fprintf(fp, "\\u%04x", *s);
			s++;
			continue;
		}
		if ((n = json_utf8_len(s)) == 0) {
			fputs("\\ufffd", fp);
			s++;
			continue;
		}
		fwrite(s, 1, n, fp);
		s += n;
	}
	fputc('"', fp);
}

void
json_write_string_or_null(FILE *fp, const char *s)
{
	if (s != NULL && s[0] != '\0')
		json_write_string(fp, s);
	else
		fputs("null", fp);
}

void
json_write_findings(FILE *fp, const struct finding_list *l,
    const char *extra_summary)
{
	size_t count[4] = { 0, 0, 0, 0 };

	fputs("{\"findings\": [", fp);
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		count[f->state]++;
		fputs(i ? ",\n  {" : "\n  {", fp);
		fputs("\"key\": ", fp);
		json_write_string(fp, f->key);
		fputs(", \"probe\": ", fp);
		json_write_string(fp, f->probe);
		fputs(", \"target\": ", fp);
		json_write_string(fp, f->target);
		fputs(", \"state\": ", fp);
		json_write_string(fp, finding_state_name(f->state));
		fputs(", \"summary\": ", fp);
		json_write_string(fp, f->summary);
		fputs(", \"detail\": ", fp);
		json_write_string(fp, f->detail ? f->detail : "");
		if (f->result_key != NULL && f->result[0] != '\0') {
			fprintf(fp, ", \"%s\": ", f->result_key);
			json_write_string(fp, f->result);
		}
		fputc('}', fp);
	}
	fprintf(fp, "\n], \"summary\": {\"ok\": %zu, \"warning\": %zu,"
	    " \"critical\": %zu, \"unknown\": %zu", count[FINDING_OK],
	    count[FINDING_WARNING], count[FINDING_CRITICAL],
	    count[FINDING_UNKNOWN]);
	if (extra_summary != NULL && *extra_summary)
		fprintf(fp, ", %s", extra_summary);
	fputs("}}\n", fp);
}
