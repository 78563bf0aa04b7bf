/*
 * bimi_vmc.c -- the certificate a BIMI record's a= names (a Verified or
 * Common Mark Certificate, PEM): who it is for, who issued it, and its
 * validity dates, read with OpenSSL. Mark certificates come from a few
 * dedicated CAs outside the usual trust stores, so the chain is shown,
 * not validated; a certificate that has expired, is not yet valid or
 * does not name the domain is a warning (clients that need one do not
 * show the logo). Dates are written as dates, not "days left", so the
 * finding's text does not change every day.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "probes/tls/bimi_vmc.h"

#define BIMI_VMC_SOON_DAYS	14

/* "2026-12-04" for an ASN1_TIME, into buf. */
static void
bimi_vmc_date(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		snprintf(buf, len, "(unreadable)");
	else
		strftime(buf, len, "%Y-%m-%d", &tm);
}

void
bimi_vmc_check(const char *pem, size_t len, const char *domain,
    struct verdict *v)
{
	BIO		*b = BIO_new_mem_buf(pem, (int)len);
	X509		*x = NULL;
	char		 subject[200] = "", issuer[200] = "", from[32], to[32];
	int		 days = 0, secs = 0, n = 0;

	if (b != NULL)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (x == NULL) {
		verdict_add(v, FINDING_WARNING,
		    "the BIMI a= certificate is not a PEM certificate\n"
		    "Clients that require a mark certificate do not show the "
		    "logo. Fix: publish the PEM file your mark certificate's "
		    "issuer gave you (leaf first).");
		BIO_free(b);
		return;
	}
	for (X509 *more; (more = PEM_read_bio_X509(b, NULL, NULL,
	    NULL)) != NULL; n++)
		X509_free(more);
	ERR_clear_error();
	X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof(subject));
	X509_NAME_oneline(X509_get_issuer_name(x), issuer, sizeof(issuer));
	bimi_vmc_date(X509_get0_notBefore(x), from, sizeof(from));
	bimi_vmc_date(X509_get0_notAfter(x), to, sizeof(to));
	verdict_note(v, "a= certificate: %s, issued by %s, valid %s to %s, "
	    "%d more in the chain (not validated: mark certificate CAs are "
	    "not in the usual trust stores)", subject, issuer, from, to, n);
	if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0)
		verdict_add(v, FINDING_WARNING,
		    "the BIMI a= certificate is not valid before %s\nClients "
		    "that require it do not show the logo until then.", from);
	else if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0)
		verdict_add(v, FINDING_WARNING,
		    "the BIMI a= certificate expired on %s\nClients that "
		    "require a mark certificate no longer show the logo. Fix: "
		    "renew it with its issuer and publish the new PEM.", to);
	else if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x)) ==
	    1 && days < BIMI_VMC_SOON_DAYS)
		verdict_add(v, FINDING_WARNING,
		    "the BIMI a= certificate expires on %s, in less than %d "
		    "days\nFix: renew it with its issuer now.", to,
		    BIMI_VMC_SOON_DAYS);
	if (X509_check_host(x, domain, 0, 0, NULL) != 1)
		verdict_add(v, FINDING_WARNING,
		    "the BIMI a= certificate does not name %s\nClients show "
		    "the logo only for the domains the certificate names. Fix: "
		    "use the mark certificate issued for %s.", domain, domain);
	X509_free(x);
	BIO_free(b);
}
