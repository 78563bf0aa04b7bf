/*
 * cfg_options.h -- the one table of config sections and options. It
 * drives parsing (config.c), `sendwatch config check`, and the test that
 * every option is documented in contrib/sendwatch.conf.5. Adding an
 * option is one line in cfg_options.c, one field in config.h and one
 * entry in the man page.
 */
#ifndef SENDWATCH_CFG_OPTIONS_H
#define SENDWATCH_CFG_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cfg_section_id {
	CFG_S_GENERAL,
	CFG_S_TARGETS,
	CFG_S_DOMAIN,
	CFG_S_DNSBL,
	CFG_S_ALERT,
	CFG_S_SCHEDULE,
	CFG_S_REPORTS,
	CFG_S_BOUNCES,
	CFG_S_HTTP,
	CFG_S_COUNT,
};

/* Value types; each has a parser and a free function in cfg_types.c. */
enum cfg_type {
	CFG_T_DURATION,		/* uint64_t ms, bounds in ms */
	CFG_T_BOOL,		/* bool */
	CFG_T_UINT,		/* unsigned, bounds */
	CFG_T_SIZE,		/* uint64_t bytes, bounds */
	CFG_T_PERCENT,		/* double */
	CFG_T_ADDR,		/* struct cfg_addr */
	CFG_T_CIDR,		/* struct cfg_cidr */
	CFG_T_SENDER,		/* struct cfg_cidr, a bare address allowed */
	CFG_T_HOST,		/* char *, host name */
	CFG_T_DOMAIN,		/* char *, domain name */
	CFG_T_SELECTOR,		/* char *, DKIM selector */
	CFG_T_MAILADDR,		/* char *, local@domain */
	CFG_T_TARGET,		/* char *, address, network or name */
	CFG_T_PROBE,		/* char *, one of cfg_probe_names */
	CFG_T_RANGES,		/* struct cfg_range list, appended to */
	CFG_T_SEVERITY,		/* enum finding_state: ok, warning, critical */
	CFG_T_ENUM,		/* an enum, names in the option */
	CFG_T_RESOLVER,		/* struct cfg_resolver */
	CFG_T_PATH,		/* char *, not checked */
	CFG_T_FILE,		/* char *, a file that must be readable */
	CFG_T_SECRET,		/* char * path at off, contents at off2 */
	CFG_T_TEXT,		/* char *, continuation lines joined by spaces */
	CFG_T_SMTP_URL,		/* char *, smtp:// or smtps://, no password */
	CFG_T_TEMPLATE,		/* char * path at off, checked text at off2 */
	CFG_T_HTTP_URL,		/* char *, http:// or https://, no password */
	CFG_T_LISTEN,		/* struct cfg_listen: [ADDR:]PORT */
	CFG_T_IMAP_URL,		/* char *, imaps://HOST[:PORT]/MAILBOX */
	CFG_T_MAILBOX,		/* char *, an IMAP mailbox name */
};

enum {
	CFG_F_LIST = 1u << 0,		/* repeatable: a list at off, count at off2 */
	CFG_F_REQUIRED = 1u << 1,	/* must be given (in its variant), or
					 * its alt instead */
};

/* Alert keys that belong to one type only. */
enum cfg_variant {
	CFG_V_ANY,
	CFG_V_WEBHOOK,
	CFG_V_MAIL,
};

struct cfg_enum_name {
	const char	*name;
	int		 value;
};

struct cfg_option {
	enum cfg_section_id	 section;
	const char		*key;
	enum cfg_type		 type;
	unsigned		 flags;		/* CFG_F_* */
	enum cfg_variant	 variant;
	size_t			 off;		/* field in the section struct */
	size_t			 off2;		/* list count, or secret contents */
	const char		*def;		/* default, in config syntax; NULL: none */
	uint64_t		 min, max;	/* UINT, DURATION (ms), SIZE */
	const struct cfg_enum_name *names;	/* ENUM: NULL-terminated */
	unsigned		 setbit;	/* recorded in the section's set mask */
	const char		*alt;		/* key given instead of this one:
					 * one of the two, never both */
	const char		*help;		/* one line, for config check --help */
};

struct cfg_section {
	const char	*name;		/* "general", "dnsbl", ... */
	bool		 named;		/* [dnsbl NAME]: instances in an array */
	size_t		 off;		/* singleton: the struct in struct config;
					 * named: the array pointer */
	size_t		 noff;		/* named: the array's count */
	size_t		 size;		/* named: one element */
	size_t		 name_off;	/* named: char *name */
	size_t		 line_off;	/* named: unsigned line */
	bool		 has_set;	/* keeps an unsigned set mask ... */
	size_t		 set_off;	/* ... here */
	bool		 name_is_domain; /* NAME is a domain; else a label */
	/* The instance's variant (alert type), or NULL: every key applies. */
	enum cfg_variant (*variant)(const void *inst);
	const char	*help;
};

extern const struct cfg_section	cfg_sections[CFG_S_COUNT];
extern const struct cfg_option	cfg_options[];
extern const size_t		cfg_noptions;
/* Probe names accepted by "probes =" in [alert NAME]; NULL-terminated. */
extern const char *const	cfg_probe_names[];

/* The option, or NULL. */
const struct cfg_option *cfg_option_find(enum cfg_section_id, const char *key);

/* What a type expects, for messages and docs: "a duration such as 15m". */
const char	*cfg_type_describe(enum cfg_type);

#endif
