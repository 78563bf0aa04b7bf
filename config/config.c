/*
 * config.c -- loads sendwatch.conf with inih into struct config (config.h).
 *
 * inih (Debian's build: 200-byte lines, no line numbers in the handler) is
 * driven through ini_parse_stream() with a reader that wraps fgets(): it
 * counts physical lines, notices lines inih would cut (reported, never
 * used), where section headers start (for the line of section errors)
 * and indented lines (inih reads them as continuations of the previous
 * key). Every value is parsed by the option table (cfg_options.c) and
 * every problem is collected as "file:line: message".
 */
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/cfg_options.h"
#include "config/cfg_struct.h"
#include "config/cfg_template.h"
#include "config/cfg_types.h"
#include "config/config.h"
#include "config/utf8.h"

#define CFG_MAX_BYTES	(1024 * 1024)	/* a config file is never larger */
#define MAX_OPTIONS	128	/* more than cfg_noptions; checked at load */

struct loader {
	const char		*path;
	FILE			*fp;
	struct config		*cfg;
	struct cfg_errors	*errs;
	bool			 oom;

	/* reader state: the physical line inih is looking at */
	unsigned		 line;
	size_t			 bytes;		/* read so far */
	bool			 unusable;	/* cut, NUL or not UTF-8 */
	bool			 indented;
	unsigned		*bad_lines;	/* the unusable ones */
	size_t			 nbad;
	unsigned		 hdr_line;	/* last line starting with '[' */
	unsigned		 hdr_serial;	/* how many such lines so far */
	char			 hdr_text[256];	/* its name, for sections without keys */

	/* the section instance keys go to */
	bool			 in_section;
	char			*sect_text;	/* as inih gave it */
	unsigned		 sect_serial;
	int			 kind;		/* enum cfg_section_id, -1: skip */
	size_t			 index;		/* named sections: array index */
	unsigned		 sect_line;
	unsigned		 key_line[MAX_OPTIONS];	/* 0: not given */
	char			*last_key;
	unsigned		 singleton_line[CFG_S_COUNT];
};

static void __attribute__((format(printf, 3, 4)))
err_at(struct loader *ld, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (cfg_errors_vaddf(ld->errs, ld->path, line, fmt, ap) < 0)
		ld->oom = true;
	va_end(ap);
}

/* The line of key in the section being read; 0 when not given. */
static unsigned
given_at(const struct loader *ld, const char *key)
{
	for (size_t i = 0; key != NULL && i < cfg_noptions; i++)
		if (cfg_options[i].section == (enum cfg_section_id)ld->kind &&
		    strcmp(cfg_options[i].key, key) == 0)
			return ld->key_line[i];
	return 0;
}

/*
 * A required key with an alternative (url or url_file): one of the two
 * must be given, never both. Says so once, for the first of the pair in
 * the table. Returns true when o was dealt with here.
 */
static bool
check_alternative(struct loader *ld, const struct cfg_option *o,
    const char *variant)
{
	unsigned here = given_at(ld, o->key), there = given_at(ld, o->alt);
	const struct cfg_option *alt;

	if (o->alt == NULL)
		return false;
	alt = cfg_option_find((enum cfg_section_id)ld->kind, o->alt);
	if (alt == NULL || alt < o)
		return true;
	if (here != 0 && there != 0)
		err_at(ld, here > there ? here : there, "%s and %s both given"
		    " (lines %u and %u); give one of them",
		    here < there ? o->key : o->alt,
		    here < there ? o->alt : o->key,
		    here < there ? here : there, here < there ? there : here);
	else if (here == 0 && there == 0)
		err_at(ld, ld->sect_line, "[%s]: %s or %s is required%s%s",
		    ld->sect_text, o->key, o->alt, variant ? " for type = " : "",
		    variant ? variant : "");
	return true;
}

static const char *const variant_names[] = {
	[CFG_V_ANY] = "any", [CFG_V_WEBHOOK] = "webhook", [CFG_V_MAIL] = "mail",
};

/* Checks done when a section instance ends: required keys, alert types. */
static void
section_end(struct loader *ld)
{
	const struct cfg_section *s;
	enum cfg_variant variant = CFG_V_ANY;
	bool base_complete = true;
	void *inst;

	if (!ld->in_section || ld->kind < 0)
		return;
	s = &cfg_sections[ld->kind];
	inst = cfg_section_ptr(ld->cfg, ld->kind, ld->index);
	for (size_t i = 0; i < cfg_noptions; i++) {
		const struct cfg_option *o = &cfg_options[i];
		if (o->section == (enum cfg_section_id)ld->kind &&
		    o->variant == CFG_V_ANY && (o->flags & CFG_F_REQUIRED) &&
		    !check_alternative(ld, o, NULL) && ld->key_line[i] == 0) {
			err_at(ld, ld->sect_line, "[%s]: %s is required",
			    ld->sect_text, o->key);
			base_complete = false;
		}
	}
	if (s->variant == NULL || !base_complete)
		return;
	variant = s->variant(inst);
	for (size_t i = 0; i < cfg_noptions; i++) {
		const struct cfg_option *o = &cfg_options[i];
		if (o->section != (enum cfg_section_id)ld->kind ||
		    o->variant == CFG_V_ANY)
			continue;
		if (o->variant != variant && ld->key_line[i] != 0)
			err_at(ld, ld->key_line[i], "%s: only for type = %s "
			    "(this is type = %s)", o->key,
			    variant_names[o->variant], variant_names[variant]);
		else if (o->variant == variant && (o->flags & CFG_F_REQUIRED) &&
		    !check_alternative(ld, o, variant_names[variant]) &&
		    ld->key_line[i] == 0)
			err_at(ld, ld->sect_line, "[%s]: %s is required for "
			    "type = %s", ld->sect_text, o->key,
			    variant_names[variant]);
	}
}

static void
unknown_section(struct loader *ld, const char *section)
{
	char list[256];
	size_t off = 0;

	for (int k = 0; k < CFG_S_COUNT && off < sizeof(list); k++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s%s",
		    k > 0 ? ", " : "", cfg_sections[k].name,
		    cfg_sections[k].named ? " NAME" : "");
	err_at(ld, ld->sect_line, "unknown section [%s] (expected one of: %s)",
	    section, list);
}

/* Finds an earlier [kind NAME] with this name; returns its line or 0. */
static unsigned
named_duplicate(struct loader *ld, int kind, const char *name)
{
	const struct cfg_section *s = &cfg_sections[kind];
	size_t n = *cfg_section_count(ld->cfg, kind);
	char *other;

	for (size_t i = 0; i < n; i++) {
		char *inst = cfg_section_ptr(ld->cfg, kind, i);
		memcpy(&other, inst + s->name_off, sizeof(other));
		if (strcmp(other, name) == 0)
			return *(unsigned *)(void *)(inst + s->line_off);
	}
	return 0;
}

/* Adds a [kind NAME] instance; returns false (reported) on failure. */
static bool
named_add(struct loader *ld, int kind, const char *rawname)
{
	const struct cfg_section *s = &cfg_sections[kind];
	size_t *n = cfg_section_count(ld->cfg, kind);
	char why[256], *name = NULL, *base, *inst;
	unsigned first;
	bool ok;

	if (s->name_is_domain)
		ok = cfg_parse_domain(rawname, &name, why, sizeof(why));
	else {
		ok = cfg_parse_hostname(rawname, &name, why, sizeof(why)) &&
		    strchr(name, '.') == NULL;
		if (!ok) {
			free(name);
			name = NULL;
			snprintf(why, sizeof(why), "expected a name of letters, "
			    "digits and '-', got \"%s\"", rawname);
		}
	}
	if (!ok) {
		err_at(ld, ld->sect_line, "[%s]: %s", ld->sect_text, why);
		return false;
	}
	if ((first = named_duplicate(ld, kind, name)) != 0) {
		err_at(ld, ld->sect_line, "duplicate section [%s %s] (first at "
		    "line %u)", s->name, name, first);
		free(name);
		return false;
	}
	memcpy(&base, (char *)ld->cfg + s->off, sizeof(base));
	if ((base = realloc(base, (*n + 1) * s->size)) == NULL) {
		free(name);
		ld->oom = true;
		return false;
	}
	memcpy((char *)ld->cfg + s->off, &base, sizeof(base));
	inst = base + *n * s->size;
	memset(inst, 0, s->size);
	memcpy(inst + s->name_off, &name, sizeof(name));
	memcpy(inst + s->line_off, &ld->sect_line, sizeof(ld->sect_line));
	ld->index = (*n)++;
	if (!cfg_section_defaults(inst, kind, why, sizeof(why)))
		err_at(ld, ld->sect_line, "internal: bad default: %s", why);
	return true;
}

/* Called for each key: starts a new section instance when inih moved on. */
static void
section_begin(struct loader *ld, const char *section)
{
	const char *sp;
	size_t wordlen;
	int kind = -1;

	if (ld->in_section && ld->sect_serial == ld->hdr_serial &&
	    strcmp(ld->sect_text, section) == 0)
		return;
	section_end(ld);
	free(ld->sect_text);
	free(ld->last_key);
	ld->last_key = NULL;
	ld->in_section = true;
	ld->sect_line = ld->sect_serial != ld->hdr_serial ? ld->hdr_line :
	    ld->line;
	ld->sect_serial = ld->hdr_serial;
	memset(ld->key_line, 0, sizeof(ld->key_line));
	ld->kind = -1;
	if ((ld->sect_text = strdup(section)) == NULL) {
		ld->oom = true;
		return;
	}
	if (*section == '\0') {
		err_at(ld, ld->line, "settings before the first section "
		    "(start the file with a section such as [general])");
		return;
	}
	wordlen = strcspn(section, " \t");
	for (int k = 0; k < CFG_S_COUNT; k++)
		if (strlen(cfg_sections[k].name) == wordlen &&
		    strncasecmp(cfg_sections[k].name, section, wordlen) == 0)
			kind = k;
	if (kind < 0) {
		unknown_section(ld, section);
		return;
	}
	sp = section + wordlen;
	sp += strspn(sp, " \t");
	if (cfg_sections[kind].named && *sp == '\0') {
		err_at(ld, ld->sect_line, "[%s] needs a name, such as [%s %s]",
		    section, cfg_sections[kind].name,
		    kind == CFG_S_DOMAIN ? "example.com" : "NAME");
		return;
	}
	if (!cfg_sections[kind].named && *sp != '\0') {
		err_at(ld, ld->sect_line, "[%s]: [%s] takes no name", section,
		    cfg_sections[kind].name);
		return;
	}
	if (cfg_sections[kind].named) {
		if (!named_add(ld, kind, sp))
			return;
	} else if (ld->singleton_line[kind] != 0) {
		err_at(ld, ld->sect_line, "duplicate section [%s] (first at line "
		    "%u)", cfg_sections[kind].name, ld->singleton_line[kind]);
		return;
	} else
		ld->singleton_line[kind] = ld->sect_line;
	ld->kind = kind;
}

/*
 * The key list is built to its full length (never cut mid-word), so the
 * message is always one whole line, however many keys a section has.
 */
static void
unknown_key(struct loader *ld, const char *key)
{
	char *list = NULL;
	size_t len = 0;
	bool first = true;
	FILE *fp;

	if ((fp = open_memstream(&list, &len)) == NULL) {
		ld->oom = true;
		return;
	}
	for (size_t i = 0; i < cfg_noptions; i++)
		if (cfg_options[i].section == (enum cfg_section_id)ld->kind) {
			fprintf(fp, "%s%s", first ? "" : ", ", cfg_options[i].key);
			first = false;
		}
	if (fclose(fp) != 0) {
		free(list);
		ld->oom = true;
		return;
	}
	err_at(ld, ld->line, "unknown key \"%s\" in [%s] (expected one of: %s)",
	    key, ld->sect_text, list);
	free(list);
}

/* Parses one value of o (one list element) into inst. */
static void
set_one(struct loader *ld, void *inst, const struct cfg_option *o,
    const char *val)
{
	const struct cfg_type_ops *ops = &cfg_type_ops[o->type];
	_Alignas(max_align_t) unsigned char tmp[64];
	char why[512], *field = (char *)inst + o->off, *secret = NULL, *path;

	memset(tmp, 0, sizeof(tmp));
	if (o->type == CFG_T_RANGES) {
		if (!cfg_parse_ranges(val, (struct cfg_range **)(void *)field,
		    (size_t *)((char *)inst + o->off2), why, sizeof(why)))
			err_at(ld, ld->line, "%s: %s", o->key, why);
		return;
	}
	if (!ops->parse(o, val, tmp, why, sizeof(why))) {
		err_at(ld, ld->line, "%s: %s", o->key, why);
		return;
	}
	if (o->flags & CFG_F_LIST) {
		if (!cfg_list_append(inst, o, tmp)) {
			if (ops->free != NULL)
				ops->free(tmp);
			ld->oom = true;
		}
		return;
	}
	cfg_option_free(inst, o);
	memcpy(field, tmp, ops->size);
	if (o->type != CFG_T_SECRET && o->type != CFG_T_TEMPLATE)
		return;
	memcpy(&path, field, sizeof(path));
	if (!cfg_read_secret(path, &secret, why, sizeof(why)))
		err_at(ld, ld->line, "%s: %s", o->key, why);
	else if (o->type == CFG_T_TEMPLATE &&
	    !cfg_template_check(secret, why, sizeof(why))) {
		err_at(ld, ld->line, "%s: %s: %s", o->key, path, why);
		cfg_secret_free(secret);
		secret = NULL;
	}
	memcpy((char *)inst + o->off2, &secret, sizeof(secret));
}

/* Types whose list values may be separated by commas or blanks. */
static bool
splits(const struct cfg_option *o)
{
	return (o->flags & CFG_F_LIST) && o->type != CFG_T_PATH &&
	    o->type != CFG_T_RANGES;
}

static void
set_value(struct loader *ld, const struct cfg_option *o, const char *val,
    bool continuation)
{
	const struct cfg_section *s = &cfg_sections[ld->kind];
	void *inst = cfg_section_ptr(ld->cfg, ld->kind, ld->index);
	char item[256], *joined = NULL, *old;

	if (continuation && o->type == CFG_T_TEXT) {
		memcpy(&old, (char *)inst + o->off, sizeof(old));
		if (old != NULL && asprintf(&joined, "%s %s", old, val) < 0) {
			ld->oom = true;
			return;
		}
		if (joined != NULL) {
			free(old);
			memcpy((char *)inst + o->off, &joined, sizeof(joined));
			return;
		}
	}
	if (splits(o)) {
		for (const char *p = val; *p != '\0';) {
			size_t l;
			p += strspn(p, ", \t");
			if ((l = strcspn(p, ", \t")) == 0)
				break;
			if (l >= sizeof(item)) {
				err_at(ld, ld->line, "%s: value too long", o->key);
				return;
			}
			memcpy(item, p, l);
			item[l] = '\0';
			set_one(ld, inst, o, item);
			p += l;
		}
		if (strspn(val, ", \t") == strlen(val))
			err_at(ld, ld->line, "%s: expected %s, got \"%s\"", o->key,
			    cfg_type_describe(o->type), val);
	} else
		set_one(ld, inst, o, val);
	if (s->has_set)
		*(unsigned *)(void *)((char *)inst + s->set_off) |= o->setbit;
}

/* "name = value" or "name: value" read as the value of a continuation. */
static bool
looks_like_key(const char *val)
{
	size_t l = strspn(val, "abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ");

	return l > 0 && (val[l + strspn(val + l, " \t")] == '=' ||
	    val[l + strspn(val + l, " \t")] == ':');
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct loader *ld = user;
	const struct cfg_option *o;
	bool continuation;
	size_t idx;

	if (ld->unusable || ld->oom)
		return 1;
	section_begin(ld, section);
	if (ld->kind < 0)
		return 1;
	continuation = ld->indented && ld->last_key != NULL &&
	    strcmp(ld->last_key, name) == 0;
	if ((o = cfg_option_find((enum cfg_section_id)ld->kind, name)) == NULL) {
		if (!continuation)
			unknown_key(ld, name);
		goto remember;
	}
	idx = (size_t)(o - cfg_options);
	if (continuation && looks_like_key(value)) {
		err_at(ld, ld->line, "this indented line is read as more of "
		    "\"%s\" (line %u); remove the indentation", name,
		    ld->key_line[idx]);
		return 1;
	}
	if (continuation && !(o->flags & CFG_F_LIST) && o->type != CFG_T_TEXT) {
		err_at(ld, ld->line, "%s: only lists and text may continue on "
		    "an indented line", o->key);
		return 1;
	}
	if (!continuation && ld->key_line[idx] != 0 && !(o->flags & CFG_F_LIST)) {
		err_at(ld, ld->line, "%s given twice (first at line %u); only "
		    "list keys may repeat", o->key, ld->key_line[idx]);
		return 1;
	}
	if (!continuation && ld->key_line[idx] == 0)
		ld->key_line[idx] = ld->line;
	set_value(ld, o, value, continuation);
remember:
	if (!continuation) {
		free(ld->last_key);
		if ((ld->last_key = strdup(name)) == NULL)
			ld->oom = true;
	}
	return 1;
}

/*
 * inih calls the handler for keys only: a header followed by no key is
 * checked here (unknown, unnamed, duplicate, required keys missing).
 */
static void
empty_section(struct loader *ld)
{
	if (ld->hdr_serial != 0 && ld->sect_serial != ld->hdr_serial)
		section_begin(ld, ld->hdr_text);
}

/* Marks the reader's current line as one inih must not use (reported once). */
static void
line_unusable(struct loader *ld)
{
	unsigned *v;

	ld->unusable = true;
	if ((v = realloc(ld->bad_lines, (ld->nbad + 1) * sizeof(*v))) == NULL) {
		ld->oom = true;
		return;
	}
	v[ld->nbad++] = ld->line;
	ld->bad_lines = v;
}

/*
 * fgets for inih that counts lines and keeps lines it cannot use whole from
 * being used: lines cut at inih's length, lines with a NUL byte (which
 * would silently cut a value short) and lines that are not UTF-8. It reads
 * at most CFG_MAX_BYTES, however the file grows while being read.
 */
static char *
reader(char *str, int num, void *stream)
{
	struct loader *ld = stream;
	size_t len = 0, cap = (size_t)num - 1, nul_col = 0, bad_col;
	bool cut = false;
	const char *p;
	int c = EOF;

	if (ld->bytes >= CFG_MAX_BYTES)
		return NULL;
	while (ld->bytes < CFG_MAX_BYTES && (c = getc(ld->fp)) != EOF) {
		ld->bytes++;
		if (len == cap && !cut) {
			/* fgets stops here; a newline (or CR LF) is no cut */
			if (c == '\n')
				break;
			if (c == '\r') {
				int c2 = getc(ld->fp);
				if (c2 == '\n' || c2 == EOF)
					break;
				ungetc(c2, ld->fp);
			}
			cut = true;
		}
		if (c == '\0' && nul_col == 0)
			nul_col = len + 1;
		if (!cut)
			str[len++] = c == '\0' ? ' ' : (char)c;
		if (c == '\n')
			break;
	}
	if (len == 0 && c == EOF)
		return NULL;
	str[len] = '\0';
	ld->line++;
	ld->unusable = false;
	if (nul_col != 0) {
		line_unusable(ld);
		err_at(ld, ld->line, "NUL byte at column %zu; a configuration "
		    "file is text", nul_col);
	} else if (cut) {
		line_unusable(ld);
		err_at(ld, ld->line, "line too long (max %d chars); put long "
		    "values in a file", num - 1);
	} else if ((bad_col = utf8_bad_column(str)) != 0) {
		line_unusable(ld);
		err_at(ld, ld->line, "invalid UTF-8 at column %zu", bad_col);
	}
	p = str;
	if (ld->line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	ld->indented = *p == ' ' || *p == '\t';
	/* inih takes "[name]" as a header; a cut one it rejects. */
	if (*p == '[' && strchr(p, ']') != NULL && !ld->unusable) {
		empty_section(ld);
		ld->hdr_line = ld->line;
		ld->hdr_serial++;
		snprintf(ld->hdr_text, sizeof(ld->hdr_text), "%.*s",
		    (int)(strchr(p, ']') - p - 1), p + 1);
	}
	return str;
}

static bool
was_unusable(const struct loader *ld, unsigned line)
{
	for (size_t i = 0; i < ld->nbad; i++)
		if (ld->bad_lines[i] == line)
			return true;
	return false;
}

/*
 * [reports] imap_*: with imap_url, a user name and exactly one of the
 * password and token files; without it, none of the other keys. The
 * done and failed folders must differ (from each other and from the
 * mailbox read).
 */
static void
check_imap(struct loader *ld)
{
	const struct cfg_reports *r = &ld->cfg->reports;
	unsigned line = ld->singleton_line[CFG_S_REPORTS];
	const char *mailbox;

	if (r->imap_url == NULL) {
		if (r->imap_username != NULL || r->imap_password_file != NULL ||
		    r->imap_oauth2_token_file != NULL)
			err_at(ld, line, "[reports]: imap_username, "
			    "imap_password_file and imap_oauth2_token_file need "
			    "imap_url");
		return;
	}
	if (r->imap_username == NULL)
		err_at(ld, line, "[reports]: imap_url needs imap_username");
	if ((r->imap_password_file == NULL) ==
	    (r->imap_oauth2_token_file == NULL))
		err_at(ld, line, "[reports]: imap_url needs one of "
		    "imap_password_file and imap_oauth2_token_file%s",
		    r->imap_password_file != NULL ? ", not both" : "");
	if (r->imap_done_folder != NULL && r->imap_failed_folder != NULL &&
	    strcmp(r->imap_done_folder, r->imap_failed_folder) == 0)
		err_at(ld, line, "[reports]: imap_done_folder and "
		    "imap_failed_folder are both \"%s\"; give two folders",
		    r->imap_done_folder);
	mailbox = strstr(r->imap_url, "://");
	mailbox = mailbox != NULL ? strchr(mailbox + 3, '/') : NULL;
	mailbox = mailbox != NULL && mailbox[1] != '\0' ? mailbox + 1 : "INBOX";
	if ((r->imap_done_folder != NULL &&
	    strcmp(mailbox, r->imap_done_folder) == 0) ||
	    (r->imap_failed_folder != NULL &&
	    strcmp(mailbox, r->imap_failed_folder) == 0))
		err_at(ld, line, "[reports]: the mailbox read (%s) cannot be "
		    "imap_done_folder or imap_failed_folder", mailbox);
}

/* Checks between keys, after the whole file is read. */
static void
check_whole(struct loader *ld)
{
	const struct cfg_bounces *b = &ld->cfg->bounces;

	if (b->warn_rate > b->crit_rate)
		err_at(ld, ld->singleton_line[CFG_S_BOUNCES], "[bounces]: "
		    "warn_rate (%g%%) is above crit_rate (%g%%)", b->warn_rate,
		    b->crit_rate);
	for (size_t i = 0; i < ld->cfg->nalerts; i++) {
		const struct cfg_alert *a = &ld->cfg->alerts[i];
		if (a->template_file != NULL && a->type == CFG_ALERT_WEBHOOK &&
		    a->format != CFG_FORMAT_TEXT)
			err_at(ld, a->line, "[alert %s]: template_file needs "
			    "format = text", a->name);
	}
	check_imap(ld);
	if ((ld->cfg->http.tls_cert_file == NULL) !=
	    (ld->cfg->http.tls_key_file == NULL))
		err_at(ld, ld->singleton_line[CFG_S_HTTP], "[http]: "
		    "tls_cert_file and tls_key_file go together: give both or "
		    "neither");
}

struct config *
cfg_load(const char *path, bool missing_ok, struct cfg_errors *errs)
{
	struct loader ld = { .path = path, .errs = errs, .kind = -1 };
	size_t first = errs->n;
	char why[256];
	struct stat st, null_st;
	int fd, rc;

	if (cfg_noptions > MAX_OPTIONS) {
		err_at(&ld, 0, "internal: too many options");
		return NULL;
	}
	if ((ld.cfg = cfg_config_new(why, sizeof(why))) == NULL) {
		err_at(&ld, 0, "%s", why);
		return NULL;
	}
	if ((ld.cfg->path = strdup(path)) == NULL)
		goto fail;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		if (missing_ok && errno == ENOENT)
			return ld.cfg;
		err_at(&ld, 0, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) == -1 || (ld.fp = fdopen(fd, "r")) == NULL) {
		err_at(&ld, 0, "cannot read: %s", strerror(errno));
		close(fd);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err_at(&ld, 0, "cannot read: %s", strerror(EISDIR));
		goto fail;
	}
	/* /dev/null is the empty file people give for "the defaults" */
	if (S_ISCHR(st.st_mode) && stat("/dev/null", &null_st) == 0 &&
	    S_ISCHR(null_st.st_mode) && st.st_rdev == null_st.st_rdev) {
		fclose(ld.fp);
		return ld.cfg;
	}
	/* a device or FIFO (/dev/zero, /dev/urandom) would be read forever */
	if (!S_ISREG(st.st_mode)) {
		err_at(&ld, 0, "not a regular file; give the path of a "
		    "configuration file");
		goto fail;
	}
	if (st.st_size > CFG_MAX_BYTES) {
		err_at(&ld, 0, "too large (%lld bytes; a configuration file "
		    "may have at most %d)", (long long)st.st_size,
		    CFG_MAX_BYTES);
		goto fail;
	}
	rc = ini_parse_stream(reader, &ld, handler, &ld);
	if (ferror(ld.fp)) {
		err_at(&ld, 0, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (ld.bytes >= CFG_MAX_BYTES && getc(ld.fp) != EOF) {
		err_at(&ld, 0, "grew past %d bytes while being read",
		    CFG_MAX_BYTES);
		goto fail;
	}
	empty_section(&ld);
	section_end(&ld);
	if (rc > 0 && !was_unusable(&ld, (unsigned)rc))
		err_at(&ld, (unsigned)rc, "cannot parse this line (expected "
		    "[section] or key = value)");
	else if (rc < 0)
		ld.oom = true;
	check_whole(&ld);
	cfg_errors_sort(errs, first, path);
	if (ld.oom) {
		err_at(&ld, 0, "out of memory");
		goto fail;
	}
	fclose(ld.fp);
	free(ld.bad_lines);
	free(ld.sect_text);
	free(ld.last_key);
	return ld.cfg;
fail:
	if (ld.fp != NULL)
		fclose(ld.fp);
	free(ld.bad_lines);
	free(ld.sect_text);
	free(ld.last_key);
	cfg_free(ld.cfg);
	return NULL;
}
