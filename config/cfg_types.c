/*
 * cfg_types.c -- one row per option type: parse a value into its field
 * (checking the option's bounds and names) and free it. Also reads the
 * secret files named by *_file options; secrets never enter a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/cfg_types.h"
#include "config/cfg_value.h"
#include "config/config.h"

#define SECRET_MAX	(64 * 1024)

static bool
store_str(const char *val, void *dst, char *why, size_t whylen)
{
	char *copy = strdup(val);

	if (copy == NULL) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	memcpy(dst, &copy, sizeof(copy));
	return true;
}

static void
free_str(void *dst)
{
	char *s;

	memcpy(&s, dst, sizeof(s));
	free(s);
	s = NULL;
	memcpy(dst, &s, sizeof(s));
}

static void
free_resolver(void *dst)
{
	cfg_resolver_free(dst);
}

static void
bounds_message(const struct cfg_option *o, const char *val, char *why,
    size_t whylen, void (*fmt)(uint64_t, char *, size_t), const char *what)
{
	char lo[32], hi[32];

	fmt(o->min, lo, sizeof(lo));
	fmt(o->max, hi, sizeof(hi));
	snprintf(why, whylen, "expected %s from %s to %s, got \"%s\"", what, lo,
	    hi, val);
}

static bool
parse_duration(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	uint64_t ms;

	if (!cfg_parse_duration(val, &ms, why, whylen))
		return false;
	if (o->max != 0 && (ms < o->min || ms > o->max)) {
		bounds_message(o, val, why, whylen, cfg_format_duration,
		    "a duration");
		return false;
	}
	memcpy(dst, &ms, sizeof(ms));
	return true;
}

static bool
parse_bool(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	(void)o;
	return cfg_parse_bool(val, dst, why, whylen);
}

static bool
parse_uint(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	uint64_t n;
	unsigned u;

	if (!cfg_parse_uint(val, o->min, o->max, &n, why, whylen))
		return false;
	u = (unsigned)n;
	memcpy(dst, &u, sizeof(u));
	return true;
}

static bool
parse_size(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	uint64_t n;

	if (!cfg_parse_size(val, &n, why, whylen))
		return false;
	if (o->max != 0 && (n < o->min || n > o->max)) {
		bounds_message(o, val, why, whylen, cfg_format_size, "a size");
		return false;
	}
	memcpy(dst, &n, sizeof(n));
	return true;
}

static bool
parse_percent(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	(void)o;
	return cfg_parse_percent(val, dst, why, whylen);
}

static bool
parse_addr(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	(void)o;
	return cfg_parse_addr(val, dst, why, whylen);
}

static bool
parse_cidr(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	return cfg_parse_cidr(val, o->type == CFG_T_SENDER, dst, why, whylen);
}

/* For the types that normalise into a new string. */
static bool
parse_named(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	bool (*fn)(const char *, char **, char *, size_t) =
	    o->type == CFG_T_HOST ? cfg_parse_hostname :
	    o->type == CFG_T_DOMAIN ? cfg_parse_domain :
	    o->type == CFG_T_SELECTOR ? cfg_parse_selector : cfg_parse_mailaddr;
	char *s = NULL;

	if (!fn(val, &s, why, whylen))
		return false;
	memcpy(dst, &s, sizeof(s));
	return true;
}

static bool
parse_target(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	struct cfg_cidr c;
	char *name = NULL;

	(void)o;
	if (cfg_parse_cidr(val, true, &c, why, whylen))
		return store_str(val, dst, why, whylen);
	if (strchr(val, '/') == NULL && cfg_parse_hostname(val, &name, why, whylen)) {
		memcpy(dst, &name, sizeof(name));
		return true;
	}
	snprintf(why, whylen, "expected an address, network, host or domain, "
	    "got \"%s\"", val);
	return false;
}

static bool
parse_probe(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	size_t off = 0;

	(void)o;
	for (size_t i = 0; cfg_probe_names[i] != NULL; i++)
		if (strcasecmp(val, cfg_probe_names[i]) == 0)
			return store_str(cfg_probe_names[i], dst, why, whylen);
	off = (size_t)snprintf(why, whylen, "expected a probe name (");
	for (size_t i = 0; cfg_probe_names[i] != NULL && off < whylen; i++)
		off += (size_t)snprintf(why + off, whylen - off, "%s%s",
		    i > 0 ? ", " : "", cfg_probe_names[i]);
	if (off < whylen)
		snprintf(why + off, whylen - off, "), got \"%s\"", val);
	return false;
}

static bool
parse_severity(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	(void)o;
	return cfg_parse_severity(val, dst, why, whylen);
}

static bool
parse_enum(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	size_t off;

	for (const struct cfg_enum_name *n = o->names; n->name != NULL; n++)
		if (strcasecmp(val, n->name) == 0) {
			memcpy(dst, &n->value, sizeof(n->value));
			return true;
		}
	off = (size_t)snprintf(why, whylen, "expected ");
	for (const struct cfg_enum_name *n = o->names; n->name != NULL &&
	    off < whylen; n++)
		off += (size_t)snprintf(why + off, whylen - off, "%s%s",
		    n == o->names ? "" : n[1].name == NULL ? " or " : ", ", n->name);
	if (off < whylen)
		snprintf(why + off, whylen - off, ", got \"%s\"", val);
	return false;
}

static bool
parse_resolver(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	(void)o;
	return cfg_parse_resolver(val, dst, why, whylen);
}

static bool
parse_path(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	(void)o;
	if (*val == '\0') {
		snprintf(why, whylen, "expected a path, got \"\"");
		return false;
	}
	return store_str(val, dst, why, whylen);
}

static bool
parse_file(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	int fd;

	if (*val == '\0') {
		snprintf(why, whylen, "expected a path, got \"\"");
		return false;
	}
	if ((fd = open(val, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(why, whylen, "cannot read %s: %s", val, strerror(errno));
		return false;
	}
	close(fd);
	return parse_path(o, val, dst, why, whylen);
}

static bool
parse_text(const struct cfg_option *o, const char *val, void *dst, char *why,
    size_t whylen)
{
	(void)o;
	if (*val == '\0') {
		snprintf(why, whylen, "expected some text, got \"\"");
		return false;
	}
	return store_str(val, dst, why, whylen);
}

static bool
parse_smtp_url(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	const char *rest = NULL, *at;

	(void)o;
	if (strncasecmp(val, "smtp://", 7) == 0)
		rest = val + 7;
	else if (strncasecmp(val, "smtps://", 8) == 0)
		rest = val + 8;
	if (rest == NULL || *rest == '\0' || *rest == '/') {
		snprintf(why, whylen, "expected smtp://HOST[:PORT] or "
		    "smtps://HOST[:PORT], got \"%s\"", val);
		return false;
	}
	at = strchr(rest, '@');
	if (at != NULL && memchr(rest, ':', (size_t)(at - rest)) != NULL) {
		/* Do not echo the URL: it holds a password. */
		snprintf(why, whylen, "the URL holds a password; put it in "
		    "password_file and the user in username");
		return false;
	}
	return store_str(val, dst, why, whylen);
}

/*
 * The URL as messages show it: without its query and fragment, where
 * tokens live ("https://h/hook?..."), so an error never prints one.
 */
static void
url_shown(const char *url, char *buf, size_t len)
{
	size_t keep = strcspn(url, "?#");

	snprintf(buf, len, "%.*s%s", (int)keep, url,
	    url[keep] != '\0' ? "?..." : "");
}

/*
 * An inline webhook URL (url =): http:// or https://, a host, no blanks,
 * no password. Not a secret, yet messages leave out its query string.
 */
static bool
parse_http_url(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	const char *rest = NULL;
	char shown[256];
	size_t authority;

	(void)o;
	if (strncasecmp(val, "http://", 7) == 0)
		rest = val + 7;
	else if (strncasecmp(val, "https://", 8) == 0)
		rest = val + 8;
	url_shown(val, shown, sizeof(shown));
	authority = rest != NULL ? strcspn(rest, "/?#") : 0;
	if (rest == NULL || authority == 0) {
		snprintf(why, whylen, "expected http://HOST/PATH or "
		    "https://HOST/PATH, got \"%s\"", shown);
		return false;
	}
	for (const char *p = val; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			snprintf(why, whylen, "the URL holds a blank or a control"
			    " character (write a space as %%20), got \"%s\"",
			    shown);
			return false;
		}
	if (memchr(rest, '@', authority) != NULL &&
	    memchr(rest, ':', (size_t)((const char *)memchr(rest, '@',
	    authority) - rest)) != NULL) {
		/* Do not echo the URL: it holds a password. */
		snprintf(why, whylen, "the URL holds a password; put the URL "
		    "in a file named by url_file");
		return false;
	}
	return store_str(val, dst, why, whylen);
}

/*
 * [reports] imap_url: imaps://HOST[:PORT]/MAILBOX, or imap:// (where the
 * fetch requires STARTTLS). No user or password in it (imap_username,
 * imap_password_file), no ";UID=" or "?" parts: the fetch adds its own.
 */
static bool
parse_imap_url(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	const char *rest = NULL;
	size_t authority;

	(void)o;
	if (strncasecmp(val, "imaps://", 8) == 0)
		rest = val + 8;
	else if (strncasecmp(val, "imap://", 7) == 0)
		rest = val + 7;
	authority = rest != NULL ? strcspn(rest, "/?#;") : 0;
	if (rest == NULL || authority == 0 || rest[0] == ':') {
		snprintf(why, whylen, "expected imaps://HOST[:PORT]/MAILBOX, "
		    "got \"%.*s\"", (int)strcspn(val, "@"), val);
		return false;
	}
	if (memchr(rest, '@', authority) != NULL) {
		/* Do not echo the URL: it may hold a password. */
		snprintf(why, whylen, "the URL holds a user name; put it in "
		    "imap_username and the password in imap_password_file");
		return false;
	}
	for (const char *p = val; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f) {
			snprintf(why, whylen, "the URL holds a blank, a control "
			    "or a non-ASCII character (write a space as %%20), got "
			    "\"%s\"", val);
			return false;
		}
	if (strpbrk(rest + authority, "?#;") != NULL) {
		snprintf(why, whylen, "expected imaps://HOST[:PORT]/MAILBOX "
		    "without ;PARAMETERS, ?query or #fragment, got \"%s\"",
		    val);
		return false;
	}
	return store_str(val, dst, why, whylen);
}

/*
 * An IMAP mailbox name (imap_done_folder): printable ASCII, none of the
 * characters IMAP quotes or treats as wildcards, so it can be sent as a
 * quoted string as it is.
 */
static bool
parse_mailbox(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	size_t n = strlen(val);

	(void)o;
	if (n == 0 || n > 200 || val[0] == ' ' || val[n - 1] == ' ' ||
	    strpbrk(val, "\"\\*%") != NULL) {
		snprintf(why, whylen, "expected a mailbox name of 1 to 200 "
		    "characters without \", \\, * or %%, got \"%s\"", val);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)val[i] < ' ' || (unsigned char)val[i] >= 0x7f) {
			snprintf(why, whylen, "expected a mailbox name in "
			    "printable ASCII, got \"%s\"", val);
			return false;
		}
	return store_str(val, dst, why, whylen);
}

/* An inline URL shares its field with url_file's secret: wipe it too. */
static void
free_wiped(void *dst)
{
	char *s;

	memcpy(&s, dst, sizeof(s));
	cfg_secret_free(s);
	s = NULL;
	memcpy(dst, &s, sizeof(s));
}

/* [ADDR:]PORT or [ADDR6]:PORT; a bare port listens on 127.0.0.1. */
static bool
parse_listen(const struct cfg_option *o, const char *val, void *dst,
    char *why, size_t whylen)
{
	struct cfg_listen l = { .set = true };
	char host[64];
	const char *port = val, *colon = strrchr(val, ':');
	unsigned long n = 0;
	size_t hlen;

	(void)o;
	if (colon != NULL) {
		port = colon + 1;
		hlen = (size_t)(colon - val);
		if (hlen >= 2 && val[0] == '[' && val[hlen - 1] == ']') {
			val++;
			hlen -= 2;
		} else if (memchr(val, ':', hlen) != NULL) {
			snprintf(why, whylen, "write an IPv6 address in brackets,"
			    " such as [::1]:9115, got \"%s\"", val);
			return false;
		}
		if (hlen == 0 || hlen >= sizeof(host)) {
			snprintf(why, whylen, "expected PORT, ADDR:PORT or "
			    "[ADDR6]:PORT, got \"%s\"", val);
			return false;
		}
		memcpy(host, val, hlen);
		host[hlen] = '\0';
		if (!cfg_parse_addr(host, &l.addr, why, whylen))
			return false;
	} else if (!cfg_parse_addr("127.0.0.1", &l.addr, why, whylen))
		return false;
	for (const char *p = port; *p != '\0' && n <= 65535; p++) {
		if (*p < '0' || *p > '9') {
			n = 0;
			break;
		}
		n = n * 10 + (unsigned long)(*p - '0');
	}
	if (n < 1 || n > 65535) {
		snprintf(why, whylen, "expected a port from 1 to 65535, got \"%s\"",
		    port);
		return false;
	}
	l.port = (uint16_t)n;
	memcpy(dst, &l, sizeof(l));
	return true;
}

const struct cfg_type_ops cfg_type_ops[] = {
	[CFG_T_DURATION] = { sizeof(uint64_t), parse_duration, NULL },
	[CFG_T_BOOL] = { sizeof(bool), parse_bool, NULL },
	[CFG_T_UINT] = { sizeof(unsigned), parse_uint, NULL },
	[CFG_T_SIZE] = { sizeof(uint64_t), parse_size, NULL },
	[CFG_T_PERCENT] = { sizeof(double), parse_percent, NULL },
	[CFG_T_ADDR] = { sizeof(struct cfg_addr), parse_addr, NULL },
	[CFG_T_CIDR] = { sizeof(struct cfg_cidr), parse_cidr, NULL },
	[CFG_T_SENDER] = { sizeof(struct cfg_cidr), parse_cidr, NULL },
	[CFG_T_HOST] = { sizeof(char *), parse_named, free_str },
	[CFG_T_DOMAIN] = { sizeof(char *), parse_named, free_str },
	[CFG_T_SELECTOR] = { sizeof(char *), parse_named, free_str },
	[CFG_T_MAILADDR] = { sizeof(char *), parse_named, free_str },
	[CFG_T_TARGET] = { sizeof(char *), parse_target, free_str },
	[CFG_T_PROBE] = { sizeof(char *), parse_probe, free_str },
	[CFG_T_RANGES] = { sizeof(struct cfg_range), NULL, NULL },
	[CFG_T_SEVERITY] = { sizeof(enum finding_state), parse_severity, NULL },
	[CFG_T_ENUM] = { sizeof(int), parse_enum, NULL },
	[CFG_T_RESOLVER] = { sizeof(struct cfg_resolver), parse_resolver,
	    free_resolver },
	[CFG_T_PATH] = { sizeof(char *), parse_path, free_str },
	[CFG_T_FILE] = { sizeof(char *), parse_file, free_str },
	[CFG_T_SECRET] = { sizeof(char *), parse_path, free_str },
	[CFG_T_TEXT] = { sizeof(char *), parse_text, free_str },
	[CFG_T_SMTP_URL] = { sizeof(char *), parse_smtp_url, free_str },
	[CFG_T_TEMPLATE] = { sizeof(char *), parse_path, free_str },
	[CFG_T_HTTP_URL] = { sizeof(char *), parse_http_url, free_wiped },
	[CFG_T_LISTEN] = { sizeof(struct cfg_listen), parse_listen, NULL },
	[CFG_T_IMAP_URL] = { sizeof(char *), parse_imap_url, free_str },
	[CFG_T_MAILBOX] = { sizeof(char *), parse_mailbox, free_str },
};

_Static_assert(sizeof(enum cfg_dnsbl_kind) == sizeof(int) &&
    sizeof(enum cfg_alert_type) == sizeof(int) &&
    sizeof(enum cfg_alert_format) == sizeof(int) &&
    sizeof(enum cfg_starttls) == sizeof(int) &&
    sizeof(enum finding_state) == sizeof(int), "enums are stored as int");

bool
cfg_read_secret(const char *path, char **out, char *why, size_t whylen)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail_errno;
	if (fstat(fd, &st) == -1)
		goto fail_errno;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail_errno;
	}
	if ((buf = malloc(SECRET_MAX + 1)) == NULL)
		goto fail_errno;
	while (len <= SECRET_MAX &&
	    (r = read(fd, buf + len, SECRET_MAX + 1 - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail_errno;
		}
		len += (size_t)r;
	}
	if (len > SECRET_MAX) {
		snprintf(why, whylen, "cannot read %s: larger than %d KiB", path,
		    SECRET_MAX / 1024);
		goto fail;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	if (len == 0 || strlen(buf) != len) {
		snprintf(why, whylen, "cannot read %s: %s", path, len == 0 ?
		    "the file is empty" : "the file holds a NUL byte");
		goto fail;
	}
	close(fd);
	*out = strndup(buf, len);
	explicit_bzero(buf, len);
	free(buf);
	if (*out == NULL) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	return true;
fail_errno:
	snprintf(why, whylen, "cannot read %s: %s", path, strerror(errno));
fail:
	if (buf != NULL) {
		explicit_bzero(buf, SECRET_MAX + 1);
		free(buf);
	}
	if (fd != -1)
		close(fd);
	return false;
}

void
cfg_secret_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}
