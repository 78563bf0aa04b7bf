/*
 * spf_macro.h -- SPF macro expansion (RFC 7208 §7): the letters s l o d
 * i p h v (and c r t in explanations), the transformers (a count of
 * right-hand parts, "r" to reverse, delimiters) and the URL escaping of
 * upper-case letters. No DNS here: the caller supplies %{p} through a
 * callback because finding it needs queries.
 */
#ifndef SENDWATCH_SPF_MACRO_H
#define SENDWATCH_SPF_MACRO_H

#include <stdbool.h>
#include <stddef.h>

struct spf_macro_env {
	const char	*sender;	/* s: local-part@domain */
	const char	*local;		/* l */
	const char	*sender_domain;	/* o */
	const char	*domain;	/* d: the domain being checked */
	const char	*ip_dotted;	/* i: 192.0.2.1, or 32 dotted nibbles */
	const char	*ip_text;	/* c: 192.0.2.1, 2001:db8::1 */
	bool		 v6;		/* v: "ip6" or "in-addr" */
	const char	*helo;		/* h */
	/* p: the validated name of the client IP, or "unknown". */
	const char	*(*ptr_name)(void *arg, const char *domain);
	void		*ptr_arg;
};

/*
 * Expands the macro-string s into out (outlen bytes, NUL-terminated).
 * explain allows c, r, t and spaces (the text of an exp= record).
 * Returns 0, -1 on a syntax error (unknown letter, lone %), or -2 when
 * the result does not fit.
 */
int	spf_macro_expand(const char *s, const struct spf_macro_env *,
	    bool explain, char *out, size_t outlen);

/*
 * Expands a domain-spec and makes it a query name: over 253 bytes, labels
 * are dropped from the left (§7.3); a trailing dot is removed. Returns
 * 0, or -1 (syntax error or no room).
 */
int	spf_macro_domain(const char *spec, const struct spf_macro_env *,
	    char *out, size_t outlen);

#endif
