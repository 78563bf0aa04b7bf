/*
 * dns_parse.h -- internal to the resolver layer: turns a DNS answer
 * packet (wire format, as libunbound hands it over) into a struct
 * dns_answer and classifies it. Shared by dns.c and the unit tests;
 * probes use dns.h only.
 */
#ifndef SENDWATCH_DNS_PARSE_H
#define SENDWATCH_DNS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/dns/dns.h"

/* Longest CNAME chain followed inside one answer. */
#define DNS_MAX_CNAME_CHAIN	16

/*
 * Clears a and sets its question (qname is copied, lowercased, without
 * trailing dot). status starts as DNS_FAILURE with an empty reason and
 * rcode -1. Returns 0, or -1 when out of memory.
 */
int	dns_answer_init(struct dns_answer *, const char *qname, uint16_t qtype);

/* Frees a's records (nrr becomes 0); the rest stays. */
void	dns_answer_drop_records(struct dns_answer *);

/* Frees what a owns and zeroes it; the struct itself is the caller's. */
void	dns_answer_clear(struct dns_answer *);

/*
 * Reads a wire-format answer into a (initialised with dns_answer_init):
 * rcode, the records of a->qtype at the end of the CNAME chain starting
 * at a->qname, canonname when that chain is not empty, and the RFC 8914
 * extended error (ede_code, ede_text) when the packet has one. Returns 0, or
 * -1 with a message in err when the packet is malformed.
 */
int	dns_parse_packet(struct dns_answer *, const uint8_t *wire, size_t len,
	    char *err, size_t errlen);

/*
 * Sets a->status and a->reason from a->rcode, a->nrr and the DNSSEC
 * outcome: bogus -> failure "DNSSEC bogus: why", its records dropped so
 * that no caller uses forged data; NOERROR with records ->
 * data; NOERROR without -> NODATA; NXDOMAIN; any other rcode -> failure
 * named after the rcode ("SERVFAIL", "REFUSED", "rcode 11"), followed by
 * the extended DNS error when the answer carried one.
 */
void	dns_classify(struct dns_answer *, bool secure, bool bogus,
	    const char *why_bogus);

/* Marks a as timed out after ms milliseconds ("timeout after 5s"). */
void	dns_answer_set_timeout(struct dns_answer *, unsigned ms);

/* "NOERROR", "SERVFAIL", ... or "rcode N" into buf; returns buf. */
const char *dns_rcode_name(int rcode, char *buf, size_t len);

#endif
