/*
 * orgdomain.c -- organizational domains (RFC 7489 §3.2) via libopendmarc's
 * public suffix list code. dmarc.h pulls in <resolv.h> and u_char, so
 * it is only included in the files that call libopendmarc.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <opendmarc/dmarc.h>

#include "probes/dns/dnsname.h"
#include "probes/dns/orgdomain.h"

/* Exported by libopendmarc but missing from its public header. */
int	opendmarc_get_tld(u_char *domain, u_char *tld, size_t tld_len);

static int orgdomain_state;	/* 0 not tried, 1 list loaded, -1 no list */

int
orgdomain_init(void)
{
	OPENDMARC_LIB_T	 lib;

	if (orgdomain_state != 0)
		return orgdomain_state == 1 ? 0 : -1;
	memset(&lib, 0, sizeof(lib));
	lib.tld_type = OPENDMARC_TLD_TYPE_MOZILLA;
	snprintf((char *)lib.tld_source_file, sizeof(lib.tld_source_file),
	    "%s", ORGDOMAIN_PSL_PATH);
	if (access(ORGDOMAIN_PSL_PATH, R_OK) == 0 &&
	    opendmarc_policy_library_init(&lib) == DMARC_PARSE_OKAY) {
		orgdomain_state = 1;
		return 0;
	}
	lib.tld_type = OPENDMARC_TLD_TYPE_NONE;
	(void)opendmarc_policy_library_init(&lib);
	orgdomain_state = -1;
	return -1;
}

/* The last two labels of name (all of it when it has fewer). */
static const char *
orgdomain_last_two(const char *name)
{
	const char *last = strrchr(name, '.');

	if (last == NULL)
		return name;
	for (const char *p = last - 1; p >= name; p--)
		if (*p == '.')
			return p + 1;
	return name;
}

int
orgdomain_of(const char *name, char *buf, size_t buflen)
{
	char	 norm[256];
	u_char	 tld[256] = "";

	if (dnsname_normalize(name, norm, sizeof(norm)) == -1)
		return -1;
	(void)orgdomain_init();
	if (orgdomain_state == 1 &&
	    opendmarc_get_tld((u_char *)norm, tld, sizeof(tld)) == 0 &&
	    tld[0] != '\0' && strchr((char *)tld, '.') != NULL) {
		if ((size_t)snprintf(buf, buflen, "%s", (char *)tld) >= buflen)
			return -1;
		return 0;
	}
	if ((size_t)snprintf(buf, buflen, "%s", orgdomain_last_two(norm)) >=
	    buflen)
		return -1;
	return 0;
}

bool
orgdomain_same(const char *a, const char *b)
{
	char	 oa[256], ob[256];

	if (orgdomain_of(a, oa, sizeof(oa)) == -1 ||
	    orgdomain_of(b, ob, sizeof(ob)) == -1)
		return false;
	return strcmp(oa, ob) == 0;
}
