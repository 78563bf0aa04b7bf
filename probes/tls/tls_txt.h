/*
 * tls_txt.h -- the "v=VERSION; name=value; ..." TXT records of MTA-STS
 * (RFC 8461 §3.1, "v=STSv1") and TLS-RPT (RFC 8460 §3, "v=TLSRPTv1"),
 * which share one grammar:
 *
 *   record      = version 1*(field-delim field) [field-delim]
 *   field-delim = *WSP ";" *WSP
 *   field       = name "=" value
 *   name        = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 *
 * The version and the names are case-sensitive. Senders keep only the
 * records that start with the version and ";" and ignore them all when
 * that leaves more than one.
 */
#ifndef SENDWATCH_TLS_TXT_H
#define SENDWATCH_TLS_TXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when the len bytes start with version, *WSP and ";". */
bool	tls_txt_is(const char *text, size_t len, const char *version);

/*
 * Why a record that looks like one of version is skipped by senders
 * (the version in other case, a leading space, no ";" after it), or
 * NULL when it is one or does not look like one. A static string.
 */
const char *tls_txt_near_miss(const char *text, size_t len,
	    const char *version);

/* One field as written: name NULL when the piece is not name=value. */
struct tls_txt_field {
	const char	*name;
	size_t		 nlen;
	const char	*value;		/* trimmed of WSP */
	size_t		 vlen;
	const char	*piece;		/* the whole piece, trimmed */
	size_t		 plen;
};

/*
 * Calls fn for each non-empty piece after the version (the record must
 * satisfy tls_txt_is). Returns 0, or -1 as soon as fn returns -1.
 */
int	tls_txt_fields(const char *text, size_t len, const char *version,
	    int (*fn)(void *arg, const struct tls_txt_field *), void *arg);

/* True when name (n bytes) is a field name of the grammar above. */
bool	tls_txt_name_ok(const char *name, size_t n);

#endif
