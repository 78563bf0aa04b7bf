/*
 * smtp_extract.c -- pulls the blocklist and the sending IP out of a
 * rejection's text (see smtp_rules.h): "Client host [192.0.2.10] blocked
 * using zen.spamhaus.org", "https://www.spamhaus.org/query/ip/192.0.2.10",
 * Exim's "rejected because 192.0.2.10 is in a black list at
 * bl.spamcop.net". Zones come from the wording around them (a table of
 * regular expressions), operators from a table of names.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "probes/bounces/smtp_rules.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define ZONE		"([a-z0-9_-]+(\\.[a-z0-9_-]+)+)"

/* Wordings that put a DNS zone in capture group `group`. */
static const struct {
	const char	*re;
	int		 group;
} smtp_zone_patterns[] = {
	{ "blocked using " ZONE, 1 },
	{ "(black|block) ?list(ed)? at " ZONE, 3 },
	{ "listed (at|on|in|by) " ZONE, 2 },
	{ "found (in|on) " ZONE, 2 },
	{ "rejected by " ZONE " \\(", 1 },
};

/* Operators named in the text, when no zone is. */
static const struct {
	const char	*needle;	/* lower case */
	const char	*name;
} smtp_operators[] = {
	{ "spamhaus", "Spamhaus" },
	{ "barracuda", "Barracuda" },
	{ "spamcop", "SpamCop" },
	{ "sorbs", "SORBS" },
	{ "uceprotect", "UCEPROTECT" },
	{ "abusix", "Abusix" },
	{ "mailspike", "Mailspike" },
	{ "invaluement", "Invaluement" },
	{ "spamrats", "SpamRATS" },
	{ "psbl", "PSBL" },
	{ "abuseat", "CBL" },
	{ "gbudb", "GBUdb" },
	{ "cloudmark", "Cloudmark" },
	{ "proofpoint", "Proofpoint" },
	{ "mimecast", "Mimecast" },
	{ "ers-rbl", "Trend Micro" },
	{ "trend micro", "Trend Micro" },
	{ "senderbase", "Cisco Talos" },
	{ "talos", "Cisco Talos" },
};

static regex_t smtp_zone_re[NITEMS(smtp_zone_patterns)];
static bool smtp_zone_ok[NITEMS(smtp_zone_patterns)];
static pthread_once_t smtp_zone_once = PTHREAD_ONCE_INIT;

static void
smtp_zone_compile(void)
{
	for (size_t i = 0; i < NITEMS(smtp_zone_patterns); i++)
		smtp_zone_ok[i] = regcomp(&smtp_zone_re[i],
		    smtp_zone_patterns[i].re, REG_EXTENDED | REG_ICASE) == 0;
}

/* Copies s[0..n) into out, lower-cased, without trailing dots. */
static void
smtp_copy_lower(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i;

	while (n > 0 && s[n - 1] == '.')
		n--;
	for (i = 0; i < n && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

void
smtp_extract_list(const char *text, const char *fallback, char *out,
    size_t outlen)
{
	char low[SMTP_REPLY_TEXT_MAX];

	out[0] = '\0';
	pthread_once(&smtp_zone_once, smtp_zone_compile);
	for (size_t i = 0; i < NITEMS(smtp_zone_patterns); i++) {
		regmatch_t m[5];
		int g = smtp_zone_patterns[i].group;

		if (!smtp_zone_ok[i] ||
		    regexec(&smtp_zone_re[i], text, 5, m, 0) != 0 ||
		    m[g].rm_so < 0)
			continue;
		smtp_copy_lower(text + m[g].rm_so,
		    (size_t)(m[g].rm_eo - m[g].rm_so), out, outlen);
		/* an address is not a zone: "listed on 192.0.2.10" */
		if (strpbrk(out, "abcdefghijklmnopqrstuvwxyz") != NULL)
			return;
		out[0] = '\0';
	}
	smtp_copy_lower(text, strlen(text), low, sizeof(low));
	for (size_t i = 0; i < NITEMS(smtp_operators); i++) {
		if (strstr(low, smtp_operators[i].needle) != NULL) {
			snprintf(out, outlen, "%s", smtp_operators[i].name);
			return;
		}
	}
	if (fallback != NULL)
		snprintf(out, outlen, "%s", fallback);
}

/* An IPv4 address starting at p (not inside a longer token), or 0. */
static size_t
smtp_ipv4_at(const char *start, const char *p, char *out, size_t outlen)
{
	char buf[16];
	struct in_addr a;
	size_t n = strspn(p, "0123456789.");

	if (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '.' ||
	    p[-1] == '-'))
		return 0;
	while (n > 0 && p[n - 1] == '.')
		n--;
	if (n < 7 || n >= sizeof(buf) || isalnum((unsigned char)p[n]))
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1 || strncmp(buf, "127.", 4) == 0 ||
	    strncmp(buf, "0.", 2) == 0)
		return 0;
	snprintf(out, outlen, "%s", buf);
	return n;
}

/* An IPv6 address right after one of "[", "ip/", "ip=", or 0. */
static size_t
smtp_ipv6_at(const char *start, const char *p, char *out, size_t outlen)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a;
	size_t n;

	if (!(p > start && p[-1] == '[') &&
	    !(p - start >= 3 && (strncasecmp(p - 3, "ip/", 3) == 0 ||
	    strncasecmp(p - 3, "ip=", 3) == 0)))
		return 0;
	n = strspn(p, "0123456789abcdefABCDEF:.");
	if (n < 2 || n >= sizeof(buf) || memchr(p, ':', n) == NULL)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, &a) != 1)
		return 0;
	snprintf(out, outlen, "%s", buf);
	return n;
}

void
smtp_extract_ip(const char *text, char *out, size_t outlen)
{
	out[0] = '\0';
	for (const char *p = text; *p; p++)
		if (isdigit((unsigned char)*p) &&
		    smtp_ipv4_at(text, p, out, outlen) > 0)
			return;
	for (const char *p = text; *p; p++)
		if (isxdigit((unsigned char)*p) &&
		    smtp_ipv6_at(text, p, out, outlen) > 0)
			return;
}
