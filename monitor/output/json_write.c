/*
 * json_write.c -- JSON output (see json_write.h). Only writing: sendwatch
 * never parses JSON.
 */
#include <stdint.h>
#include <string.h>

#include "config/utf8.h"
#include "monitor/output/json_write.h"

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
		if ((n = utf8_seq_len(s)) == 0) {
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
