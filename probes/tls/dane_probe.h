/*
 * dane_probe.h -- the dane probe (RFC 7672, SMTP DANE): for each SMTP
 * host of a domain, its _25._tcp.<host> TLSA records, which count only
 * when DNSSEC-validated, and whether the certificate the host presents
 * matches one of them (OpenSSL's DANE verification). One finding per
 * host, key dane/<host>.
 */
#ifndef SENDWATCH_DANE_PROBE_H
#define SENDWATCH_DANE_PROBE_H

#include "probes/probe.h"

extern const struct probe probe_dane;

#endif
