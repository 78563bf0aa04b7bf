/*
 * cmd_explain.c -- "sendwatch explain REPLY": what a receiving server's
 * SMTP reply means (basic code, RFC 3463 enhanced code and its IANA name),
 * what kind of rejection it is, which side must act and the fix; the
 * blocklist and IP it names. The reply comes from the arguments (joined
 * by spaces) or, without any, from stdin (multi-line replies as sent).
 * "explain --categories" lists every category with what it means and
 * its fix (text or --json), from the one table in smtp_category.c.
 * Exit status: 0 explained, 3 no reply given or bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/cmd.h"
#include "monitor/output/json_write.h"
#include "probes/bounces/smtp_reply.h"

#define EXPLAIN_MAX_INPUT	(64 * 1024)

static void
explain_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch explain [--json] [REPLY...]\n"
	    "       sendwatch explain --categories [--json]\n"
	    "REPLY: what the receiving server said, such as \"550 5.1.1"
	    " <a@example.com>: User unknown\";\nwithout it, the reply is"
	    " read from stdin.\n");
}

/* Joins argv[first..] with spaces, or reads stdin. NULL on error. */
static char *
explain_input(int argc, char **argv, int first, size_t *lenp)
{
	char *buf = malloc(EXPLAIN_MAX_INPUT + 1);
	size_t len = 0;

	if (buf == NULL) {
		fprintf(stderr, "sendwatch explain: out of memory\n");
		return NULL;
	}
	if (first < argc) {
		for (int i = first; i < argc; i++) {
			int n = snprintf(buf + len, EXPLAIN_MAX_INPUT + 1 - len,
			    "%s%s", len > 0 ? " " : "", argv[i]);
			if (n < 0 || (size_t)n >= EXPLAIN_MAX_INPUT + 1 - len) {
				fprintf(stderr, "sendwatch explain: the reply is"
				    " longer than %d bytes\n", EXPLAIN_MAX_INPUT);
				free(buf);
				return NULL;
			}
			len += (size_t)n;
		}
	} else {
		len = fread(buf, 1, EXPLAIN_MAX_INPUT + 1, stdin);
		if (ferror(stdin) || len > EXPLAIN_MAX_INPUT) {
			fprintf(stderr, "sendwatch explain: stdin: %s\n",
			    ferror(stdin) ? "read error" :
			    "longer than 64 KiB, expected one SMTP reply");
			free(buf);
			return NULL;
		}
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

static void
explain_categories(FILE *fp, bool json)
{
	if (json)
		fputs("[", fp);
	for (size_t i = 0; i < SMTP_CAT_COUNT; i++) {
		enum smtp_category c = smtp_category_at(i);

		if (!json) {
			fprintf(fp, "%-17s %s\n%17s fix: %s\n",
			    smtp_category_name(c), smtp_category_meaning(c), "",
			    smtp_category_fix(c));
			continue;
		}
		fputs(i > 0 ? ",\n  {\"category\": " : "\n  {\"category\": ", fp);
		json_write_string(fp, smtp_category_name(c));
		fputs(", \"meaning\": ", fp);
		json_write_string(fp, smtp_category_meaning(c));
		fputs(", \"fix\": ", fp);
		json_write_string(fp, smtp_category_fix(c));
		fputs("}", fp);
	}
	if (json)
		fputs("\n]\n", fp);
}

static void
explain_json(FILE *fp, const struct smtp_reply *r, const struct smtp_verdict *v)
{
	const char *name = smtp_code_name(r->code);
	char enh[16];

	fprintf(fp, "{\n  \"code\": %d,\n  \"code_class\": ", r->code);
	json_write_string_or_null(fp, r->code ? smtp_code_meaning(r->code) :
	    NULL);
	fputs(",\n  \"code_meaning\": ", fp);
	json_write_string_or_null(fp, name);
	fputs(",\n  \"enhanced\": ", fp);
	if (r->has_enh) {
		const char *m = smtp_enh_meaning(r->enh_subject, r->enh_detail);
		const char *s = smtp_enh_subject_meaning(r->enh_subject);
		snprintf(enh, sizeof(enh), "%d.%d.%d", r->enh_class,
		    r->enh_subject, r->enh_detail);
		json_write_string(fp, enh);
		fputs(",\n  \"enhanced_meaning\": ", fp);
		json_write_string_or_null(fp, m);
		fputs(",\n  \"enhanced_subject\": ", fp);
		json_write_string_or_null(fp, s);
	} else
		fputs("null,\n  \"enhanced_meaning\": null,\n"
		    "  \"enhanced_subject\": null", fp);
	fputs(",\n  \"category\": ", fp);
	json_write_string(fp, smtp_category_name(v->category));
	fputs(",\n  \"category_meaning\": ", fp);
	json_write_string(fp, smtp_category_meaning(v->category));
	fputs(",\n  \"side\": ", fp);
	json_write_string(fp, smtp_side_name(v->side));
	fputs(",\n  \"fix\": ", fp);
	json_write_string(fp, v->fix);
	fputs(",\n  \"list\": ", fp);
	json_write_string_or_null(fp, v->list);
	fputs(",\n  \"ip\": ", fp);
	json_write_string_or_null(fp, v->ip);
	fputs(",\n  \"stage\": ", fp);
	json_write_string_or_null(fp, r->stage);
	fputs(",\n  \"rule\": ", fp);
	json_write_string(fp, v->rule);
	fputs(",\n  \"text\": ", fp);
	json_write_string(fp, r->text);
	fputs("\n}\n", fp);
}

static void
explain_text(FILE *fp, const struct smtp_reply *r, const struct smtp_verdict *v)
{
	const char *name = smtp_code_name(r->code);

	if (r->code != 0)
		fprintf(fp, "code:      %d, %s%s%s%s\n", r->code,
		    smtp_code_meaning(r->code), name ? " (" : "",
		    name ? name : "", name ? ")" : "");
	else
		fprintf(fp, "code:      none (%s)\n", smtp_code_meaning(0));
	if (r->has_enh) {
		const char *m = smtp_enh_meaning(r->enh_subject, r->enh_detail);
		const char *s = smtp_enh_subject_meaning(r->enh_subject);
		fprintf(fp, "enhanced:  %d.%d.%d, %s (%s)\n", r->enh_class,
		    r->enh_subject, r->enh_detail,
		    m ? m : "not in the IANA registry",
		    s ? s : "unregistered subject");
	} else
		fprintf(fp, "enhanced:  none\n");
	if (r->stage[0])
		fprintf(fp, "answering: %s\n", r->stage);
	fprintf(fp, "category:  %s (%s)\n", smtp_category_name(v->category),
	    smtp_category_meaning(v->category));
	fprintf(fp, "side:      %s: %s\n", smtp_side_name(v->side),
	    smtp_side_text(v->side));
	if (v->list[0])
		fprintf(fp, "blocklist: %s\n", v->list);
	if (v->ip[0])
		fprintf(fp, "ip:        %s\n", v->ip);
	fprintf(fp, "fix:       %s\n", v->fix);
	fprintf(fp, "rule:      %s\n", v->rule);
}

enum { EXPLAIN_OPT_JSON = CMD_OPT_FIRST_OWN, EXPLAIN_OPT_CATEGORIES };

static const struct option explain_options[] = {
	{ "json", no_argument, NULL, EXPLAIN_OPT_JSON },
	{ "categories", no_argument, NULL, EXPLAIN_OPT_CATEGORIES },
	CMD_GLOBAL_OPTIONS
};

static int
cmd_explain_exec(struct cmd_globals *g, int argc, char **argv)
{
	struct smtp_reply r;
	struct smtp_verdict v;
	bool json = false, categories = false;
	struct cmd_opts p = { g, argc, argv, "+:c:hv", explain_options, true,
	    false };
	int first, opt;
	size_t len;
	char *in, name[64];

	/* "+": the reply starts at the first operand, or after "--" */
	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case EXPLAIN_OPT_JSON:
			json = true;
			break;
		case EXPLAIN_OPT_CATEGORIES:
			categories = true;
			break;
		case 'h':
			explain_usage(stdout);
			return 0;
		case CMD_OPT_ERROR:
			return 3;
		default:
			fprintf(stderr, "sendwatch explain: %s %s\n",
			    opt == ':' ? "missing value for" : "unknown option",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			explain_usage(stderr);
			return 3;
		}
	}
	first = optind;
	if (categories) {
		if (first < argc) {
			fprintf(stderr, "sendwatch explain: --categories takes"
			    " no reply, got \"%s\"\n", argv[first]);
			return 3;
		}
		explain_categories(stdout, json);
		return 0;
	}
	if ((in = explain_input(argc, argv, first, &len)) == NULL)
		return 3;
	if (strspn(in, " \t\r\n") == len) {
		fprintf(stderr, "sendwatch explain: no reply given\n");
		explain_usage(stderr);
		free(in);
		return 3;
	}
	smtp_reply_parse(in, len, &r);
	smtp_classify(&r, &v);
	if (json)
		explain_json(stdout, &r, &v);
	else
		explain_text(stdout, &r, &v);
	free(in);
	return 0;
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain",
	.usage = "[--json] [--categories] [REPLY...]",
	.help = "what an SMTP reply means, whose problem it is, the fix",
	.exec = cmd_explain_exec,
};
