/*
 * report.h -- the DMARC aggregate report data model (RFC 7489 appendix C,
 * the older draft schema and RFC 9990) and the value normalisation every
 * reader of reports shares. Strings are owned by the struct that holds
 * them; report_free()/report_record_free() release everything.
 */
#ifndef SENDWATCH_REPORT_H
#define SENDWATCH_REPORT_H

#include <stddef.h>
#include <stdint.h>

/* One <auth_results><dkim> entry. */
struct report_dkim {
	char	*domain;
	char	*selector;
	char	*result;	/* normalised: pass, fail, none, ... */
	char	*human_result;
};

/* One <auth_results><spf> entry. */
struct report_spf {
	char	*domain;
	char	*scope;		/* mfrom, helo (optional) */
	char	*result;
};

/* One <record>: a source IP and what the receiver saw from it. */
struct report_record {
	char			*source_ip;
	uint64_t		 count;
	char			*disposition;	/* policy_evaluated */
	char			*dkim;		/* aligned DKIM verdict */
	char			*spf;		/* aligned SPF verdict */
	char			*header_from;
	char			*envelope_from;
	char			*envelope_to;
	struct report_dkim	*dkim_auth;
	size_t			 ndkim_auth;
	struct report_spf	*spf_auth;
	size_t			 nspf_auth;
};

struct report_policy {
	char	*domain;
	char	*adkim;
	char	*aspf;
	char	*p;
	char	*sp;
	char	*np;		/* RFC 9990 */
	char	*pct;		/* RFC 7489 */
	char	*fo;
	char	*testing;	/* RFC 9990 */
	char	*discovery_method; /* RFC 9990 */
};

struct report {
	char			*version;
	char			*org_name;	/* may be "" (some receivers) */
	char			*email;
	char			*report_id;
	int64_t			 begin;		/* -1 until seen */
	int64_t			 end;
	struct report_policy	 policy;
	/*
	 * Records not yet handed to a sink (all of them when the parser
	 * was given none); record_total and count_sum count every record.
	 */
	struct report_record	*records;
	size_t			 nrecords;
	size_t			 records_cap;
	uint64_t		 record_total;
	uint64_t		 count_sum;
};

void	report_init(struct report *);
/* Frees what the report holds (not the struct itself); NULL is a no-op. */
void	report_clear(struct report *);
void	report_record_clear(struct report_record *);

/* How a value is normalised, by the field it belongs to. */
enum report_norm {
	REPORT_NORM_TRIM,	/* whitespace trimmed */
	REPORT_NORM_LOWER,	/* trimmed and lowercased: results, policies */
	REPORT_NORM_DOMAIN,	/* lowercased, no trailing dot */
};

/*
 * Normalises s in place: trims ASCII whitespace on both ends, lowercases
 * (LOWER, DOMAIN) and drops one trailing dot (DOMAIN). Returns s.
 */
char	*report_normalise(char *s, enum report_norm);

/*
 * Parses a Unix time or a count as found in reports: decimal digits,
 * optionally followed by a fraction of zeros ("1538413632.0"). Returns 0,
 * or -1 when s is not such a number or out of range.
 */
int	report_parse_uint(const char *s, uint64_t *out);

/* True when the record passed DMARC (aligned DKIM or aligned SPF pass). */
int	report_record_dmarc_pass(const struct report_record *);

#endif
