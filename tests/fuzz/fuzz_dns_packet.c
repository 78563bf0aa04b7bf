/*
 * fuzz_dns_packet.c -- a DNS answer in wire format as the resolver layer
 * reads it (CNAME chains, every record type we parse, EDNS extended
 * errors), asked as A, TXT, MX, PTR and TLSA.
 */
#include "probes/dns/dns.h"
#include "probes/dns/dns_parse.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t types[] = {
		DNS_T_A, DNS_T_TXT, DNS_T_MX, DNS_T_PTR, DNS_T_AAAA,
	};
	char err[256];

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct dns_answer a;

		if (dns_answer_init(&a, "x.example.test", types[i]) != 0)
			continue;
		if (dns_parse_packet(&a, data, size, err, sizeof(err)) == 0)
			dns_classify(&a, false, false, NULL);
		dns_answer_clear(&a);
	}
	return 0;
}
