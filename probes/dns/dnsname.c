/*
 * dnsname.c -- host name syntax and normalization (see dnsname.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "probes/dns/dnsname.h"

bool
dnsname_valid(const char *s, size_t len)
{
	size_t	 labels = 0, start = 0;
	bool	 alldigits = true;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			size_t n = i - start;
			if (n == 0 || n > 63 || s[start] == '-' ||
			    s[i - 1] == '-')
				return false;
			labels++;
			alldigits = true;
			for (size_t j = start; j < i; j++)
				if (!isdigit((unsigned char)s[j]))
					alldigits = false;
			start = i + 1;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return false;
	}
	return labels >= 2 && !alldigits;
}

bool
dnsname_is_ip_literal(const char *s)
{
	char		 buf[64];
	size_t		 n = strlen(s);
	unsigned char	 addr[16];

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
	if (strncasecmp(buf, "ipv6:", 5) == 0)
		return inet_pton(AF_INET6, buf + 5, addr) == 1;
	return inet_pton(AF_INET, buf, addr) == 1 ||
	    inet_pton(AF_INET6, buf, addr) == 1;
}

int
dnsname_normalize(const char *name, char *buf, size_t buflen)
{
	size_t	 n = strlen(name);

	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n >= buflen)
		return -1;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[n] = '\0';
	return 0;
}
