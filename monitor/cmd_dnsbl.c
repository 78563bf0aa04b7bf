/*
 * cmd_dnsbl.c -- "sendwatch dnsbl list [--json | --markdown] [NAME...]":
 * the built-in DNSBL catalog as the program uses it: each list's zone,
 * kinds, whether it is on by default and why, query policy, usage terms,
 * every answer code with its meaning and severity, the error answers,
 * how answers are decoded, and the operator page it was researched from
 * (with the date). --markdown prints README.md's catalog table, so the
 * README and the program come from the same data (tests/integration/
 * dnsbl_list.sh fails when they differ). Exit status: 0, or 3 for bad
 * usage or an unknown NAME.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "monitor/cmd.h"
#include "monitor/output/json_write.h"
#include "probes/dnsbl/dnsbl_catalog.h"

enum dnsbl_list_format { DNSBL_LIST_TEXT, DNSBL_LIST_JSON, DNSBL_LIST_MARKDOWN };

static void
dnsbl_cmd_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch dnsbl list [--json | --markdown] [NAME...]\n"
	    "Prints the built-in DNSBL catalog (or the lists NAME, by name or"
	    " zone):\nzone, kinds, default, policy, usage terms, answer codes"
	    " and their meanings,\nerror answers and the operator page each"
	    " entry was researched from.\n--markdown prints README.md's"
	    " catalog table.\n");
}

/* "ip4, ip6, domain" and ", allow" for allow-lists, into buf. */
static const char *
dnsbl_kinds_text(const struct dnsbl_entry *e, char *buf, size_t len)
{
	static const struct { unsigned bit; const char *name; } kinds[] = {
		{ DNSBL_IP4, "ip4" }, { DNSBL_IP6, "ip6" }, { DNSBL_DOMAIN, "domain" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((e->kinds & kinds[i].bit) && used < len) {
			int n = snprintf(buf + used, len - used, "%s%s",
			    used ? ", " : "", kinds[i].name);
			used += n > 0 ? (size_t)n : 0;
		}
	if (e->allow && used < len)
		snprintf(buf + used, len - used, ", allow");
	return buf;
}

static const char *
dnsbl_default_text(const struct dnsbl_entry *e)
{
	return e->enabled_by_default && e->defunct == NULL ? "on" : "off";
}

/* "127.0.0.2" or "127.0.0.5-127.0.0.7" */
static const char *
dnsbl_range_text(const char *first, const char *last, char *buf, size_t len)
{
	if (strcmp(first, last) == 0)
		snprintf(buf, len, "%s", first);
	else
		snprintf(buf, len, "%s-%s", first, last);
	return buf;
}

static void
dnsbl_print_text(FILE *fp, const struct dnsbl_entry *e)
{
	char kinds[64], range[64];

	fprintf(fp, "%s  %s\n", e->name, e->zone);
	fprintf(fp, "  kinds:    %s\n", dnsbl_kinds_text(e, kinds, sizeof(kinds)));
	fprintf(fp, "  default:  %s: %s\n", dnsbl_default_text(e), e->summary);
	fprintf(fp, "  policy:   %s\n", dnsbl_policy_name(e->policy));
	fprintf(fp, "  terms:    %s\n", e->terms);
	if (e->key_zone != NULL)
		fprintf(fp, "  key zone: <key>.%s\n", e->key_zone);
	if (e->defunct != NULL)
		fprintf(fp, "  defunct:  %s\n", e->defunct);
	if (e->bitmask)
		fprintf(fp, "  decoding: the last octet is a sum of list bits;"
		    " each code below is one bit\n");
	if (e->reserved_bits != 0)
		fprintf(fp, "  decoding: answer bits 0x%08x are reserved and"
		    " ignored\n", (unsigned)e->reserved_bits);
	if (e->categories != NULL) {
		fprintf(fp, "  decoding: 127.0.<category>.<code>; categories:");
		for (size_t i = 0; i < e->ncategories; i++)
			fprintf(fp, "%s %u %s", i ? "," : "",
			    e->categories[i].value, e->categories[i].name);
		fputc('\n', fp);
	}
	fprintf(fp, "  codes:\n");
	for (size_t i = 0; i < e->ncodes; i++) {
		const struct dnsbl_code *c = &e->codes[i];
		fprintf(fp, "    %-25s %-16s %-8s %s\n", dnsbl_range_text(c->first,
		    c->last, range, sizeof(range)), c->name,
		    finding_state_name(c->severity), c->meaning);
	}
	if (e->nerrors > 0) {
		fprintf(fp, "  errors (never a listing: the finding is unknown):\n");
		for (size_t i = 0; i < e->nerrors; i++)
			fprintf(fp, "    %-25s %s\n", dnsbl_range_text(
			    e->errors[i].first, e->errors[i].last, range,
			    sizeof(range)), e->errors[i].meaning);
	}
	if (e->lookup_url != NULL)
		fprintf(fp, "  lookup:   %s\n", e->lookup_url);
	fprintf(fp, "  note:     %s\n", e->note);
	fprintf(fp, "  source:   %s (read %s)\n", e->source, e->checked);
}

static void
dnsbl_print_json(FILE *fp, const struct dnsbl_entry *e, bool first)
{
	static const struct { unsigned bit; const char *name; } kinds[] = {
		{ DNSBL_IP4, "ip4" }, { DNSBL_IP6, "ip6" }, { DNSBL_DOMAIN, "domain" },
	};
	bool any = false;

	fprintf(fp, "%s    {\n      \"name\": ", first ? "" : ",\n");
	json_write_string(fp, e->name);
	fputs(",\n      \"zone\": ", fp);
	json_write_string(fp, e->zone);
	fputs(",\n      \"kinds\": [", fp);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (e->kinds & kinds[i].bit) {
			fprintf(fp, "%s\"%s\"", any ? ", " : "", kinds[i].name);
			any = true;
		}
	fprintf(fp, "],\n      \"allow\": %s,\n      \"default\": %s,\n"
	    "      \"policy\": ", e->allow ? "true" : "false",
	    strcmp(dnsbl_default_text(e), "on") == 0 ? "true" : "false");
	json_write_string(fp, dnsbl_policy_name(e->policy));
	fputs(",\n      \"key_zone\": ", fp);
	json_write_string_or_null(fp, e->key_zone);
	fputs(",\n      \"terms\": ", fp);
	json_write_string(fp, e->terms);
	fputs(",\n      \"summary\": ", fp);
	json_write_string(fp, e->summary);
	fputs(",\n      \"defunct\": ", fp);
	json_write_string_or_null(fp, e->defunct);
	fprintf(fp, ",\n      \"bitmask\": %s,\n      \"reserved_bits\": \"0x%08x\","
	    "\n      \"categories\": [", e->bitmask ? "true" : "false",
	    (unsigned)e->reserved_bits);
	for (size_t i = 0; i < e->ncategories; i++) {
		fprintf(fp, "%s{\"value\": %u, \"name\": ", i ? ", " : "",
		    e->categories[i].value);
		json_write_string(fp, e->categories[i].name);
		fputc('}', fp);
	}
	fputs("],\n      \"codes\": [", fp);
	for (size_t i = 0; i < e->ncodes; i++) {
		const struct dnsbl_code *c = &e->codes[i];
		fprintf(fp, "%s\n        {\"first\": \"%s\", \"last\": \"%s\","
		    " \"name\": ", i ? "," : "", c->first, c->last);
		json_write_string(fp, c->name);
		fprintf(fp, ", \"severity\": \"%s\", \"meaning\": ",
		    finding_state_name(c->severity));
		json_write_string(fp, c->meaning);
		fputc('}', fp);
	}
	fputs("\n      ],\n      \"errors\": [", fp);
	for (size_t i = 0; i < e->nerrors; i++) {
		fprintf(fp, "%s\n        {\"first\": \"%s\", \"last\": \"%s\","
		    " \"meaning\": ", i ? "," : "", e->errors[i].first,
		    e->errors[i].last);
		json_write_string(fp, e->errors[i].meaning);
		fputc('}', fp);
	}
	fputs("\n      ],\n      \"lookup_url\": ", fp);
	json_write_string_or_null(fp, e->lookup_url);
	fputs(",\n      \"note\": ", fp);
	json_write_string(fp, e->note);
	fputs(",\n      \"source\": ", fp);
	json_write_string(fp, e->source);
	fputs(",\n      \"checked\": ", fp);
	json_write_string(fp, e->checked);
	fputs("\n    }", fp);
}

static void
dnsbl_print_markdown_row(FILE *fp, const struct dnsbl_entry *e)
{
	char kinds[64];

	fprintf(fp, "| `%s` | `%s` | %s | %s | %s | %s | %s |\n", e->name,
	    e->zone, dnsbl_kinds_text(e, kinds, sizeof(kinds)),
	    dnsbl_default_text(e), dnsbl_policy_name(e->policy), e->terms,
	    e->summary);
}

enum { DNSBL_OPT_JSON = CMD_OPT_FIRST_OWN, DNSBL_OPT_MARKDOWN };

static const struct option dnsbl_options[] = {
	{ "json", no_argument, NULL, DNSBL_OPT_JSON },
	{ "markdown", no_argument, NULL, DNSBL_OPT_MARKDOWN },
	CMD_GLOBAL_OPTIONS
};

static int
cmd_dnsbl_exec(struct cmd_globals *g, int argc, char **argv)
{
	enum dnsbl_list_format fmt = DNSBL_LIST_TEXT;
	struct cmd_opts p = { g, argc, argv, ":c:hv", dnsbl_options, true,
	    false };
	const struct dnsbl_entry *e;
	size_t shown = 0;
	char name[64];
	int opt, first;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case DNSBL_OPT_JSON:
			fmt = DNSBL_LIST_JSON;
			break;
		case DNSBL_OPT_MARKDOWN:
			fmt = DNSBL_LIST_MARKDOWN;
			break;
		case 'h':
			dnsbl_cmd_usage(stdout);
			return 0;
		case CMD_OPT_ERROR:
			return 3;
		default:
			fprintf(stderr, "sendwatch dnsbl: %s %s\n",
			    opt == ':' ? "missing value for" : "unknown option",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			dnsbl_cmd_usage(stderr);
			return 3;
		}
	}
	if (optind >= argc || strcmp(argv[optind], "list") != 0) {
		fprintf(stderr, "sendwatch dnsbl: %s\n", optind >= argc ?
		    "expected a subcommand: list" : "unknown subcommand (expected list)");
		dnsbl_cmd_usage(stderr);
		return 3;
	}
	first = optind + 1;
	for (int i = first; i < argc; i++)
		if (dnsbl_catalog_find(argv[i]) == NULL) {
			fprintf(stderr, "sendwatch dnsbl list: \"%s\" is not a"
			    " list of the built-in catalog (see sendwatch dnsbl"
			    " list)\n", argv[i]);
			return 3;
		}

	if (fmt == DNSBL_LIST_JSON)
		fputs("{\n  \"lists\": [\n", stdout);
	if (fmt == DNSBL_LIST_MARKDOWN)
		fputs("| name | zone | kinds | default | policy | terms | why |\n"
		    "|---|---|---|---|---|---|---|\n", stdout);
	for (size_t i = 0; (e = dnsbl_catalog_entry(i)) != NULL; i++) {
		bool wanted = first >= argc;

		for (int k = first; k < argc; k++)
			if (dnsbl_catalog_find(argv[k]) == e)
				wanted = true;
		if (!wanted)
			continue;
		switch (fmt) {
		case DNSBL_LIST_TEXT:
			if (shown > 0)
				fputc('\n', stdout);
			dnsbl_print_text(stdout, e);
			break;
		case DNSBL_LIST_JSON:
			dnsbl_print_json(stdout, e, shown == 0);
			break;
		case DNSBL_LIST_MARKDOWN:
			dnsbl_print_markdown_row(stdout, e);
			break;
		}
		shown++;
	}
	if (fmt == DNSBL_LIST_JSON)
		fputs("\n  ]\n}\n", stdout);
	return 0;
}

const struct cmd_entry cmd_dnsbl_entry = {
	.name = "dnsbl",
	.usage = "list [--json | --markdown] [NAME...]",
	.help = "the built-in blocklist catalog: codes, terms, sources",
	.exec = cmd_dnsbl_exec,
};
