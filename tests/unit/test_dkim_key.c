/*
 * test_dkim_key.c -- DKIM key records: key type and size decoded from
 * keys generated here with OpenSSL (RSA 512/1024/2048, Ed25519, PKCS#1),
 * revoked and testing keys, bad base64, bad tags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "probes/auth/dkim_key.h"

/* "v=DKIM1; k=<k>; p=<base64 of der>". Caller frees. */
static char *
record(const char *k, const unsigned char *der, size_t len)
{
	char	*b64 = malloc(len * 2 + 8), *rec = NULL;

	assert_non_null(b64);
	EVP_EncodeBlock((unsigned char *)b64, der, (int)len);
	assert_true(asprintf(&rec, "v=DKIM1; k=%s; p=%s", k, b64) > 0);
	free(b64);
	return rec;
}

static char *
rsa_record(int bits, bool pkcs1)
{
	EVP_PKEY	*pk = EVP_RSA_gen((unsigned)bits);
	unsigned char	*der = NULL;
	int		 len;
	char		*rec;

	assert_non_null(pk);
	len = pkcs1 ? i2d_PublicKey(pk, &der) : i2d_PUBKEY(pk, &der);
	assert_true(len > 0);
	rec = record("rsa", der, (size_t)len);
	OPENSSL_free(der);
	EVP_PKEY_free(pk);
	return rec;
}

static int
check(const char *text, bool retired, struct dkim_key *key,
    struct verdict *v)
{
	verdict_init(v);
	return dkim_key_check(text, retired, key, v);
}

static void
test_dkim_key_rsa_sizes(void **state)
{
	static const struct {
		int bits;
		enum finding_state st;
		int rc;
	} cases[] = {
		{ 512, FINDING_CRITICAL, -1 },
		{ 1024, FINDING_WARNING, 0 },
		{ 2048, FINDING_OK, 0 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dkim_key	 key;
		struct verdict	 v;
		char		*rec = rsa_record(cases[i].bits, false);

		assert_int_equal(check(rec, false, &key, &v), cases[i].rc);
		assert_int_equal(key.bits, cases[i].bits);
		assert_int_equal(v.state, cases[i].st);
		assert_string_equal(key.type, "rsa");
		if (cases[i].st != FINDING_OK)
			assert_non_null(strstr(v.detail, "Fix: generate a "
			    "2048-bit key"));
		verdict_free(&v);
		free(rec);
	}
}

/* dkim-pkcs1 */
static void
test_dkim_key_pkcs1_is_decoded_and_warned(void **state)
{
	struct dkim_key	 key;
	struct verdict	 v;
	char		*rec = rsa_record(2048, true);
	(void)state;

	assert_int_equal(check(rec, false, &key, &v), 0);
	assert_int_equal(key.bits, 2048);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_non_null(strstr(v.summary, "PKCS#1"));
	verdict_free(&v);
	free(rec);
}

static void
test_dkim_key_ed25519(void **state)
{
	EVP_PKEY	*pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	unsigned char	 raw[32];
	size_t		 len = sizeof(raw);
	struct dkim_key	 key;
	struct verdict	 v;
	char		*rec;
	(void)state;

	assert_non_null(pk);
	assert_int_equal(EVP_PKEY_get_raw_public_key(pk, raw, &len), 1);
	rec = record("ed25519", raw, len);
	assert_int_equal(check(rec, false, &key, &v), 0);
	assert_int_equal(v.state, FINDING_OK);
	assert_string_equal(key.type, "ed25519");
	assert_int_equal(key.bits, 256);
	verdict_free(&v);
	free(rec);
	/* 31 bytes is not an Ed25519 key. */
	rec = record("ed25519", raw, 31);
	assert_int_equal(check(rec, false, &key, &v), -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	verdict_free(&v);
	free(rec);
	EVP_PKEY_free(pk);
}

static void
test_dkim_key_revoked_and_retired(void **state)
{
	struct dkim_key	 key;
	struct verdict	 v;
	(void)state;

	assert_int_equal(check("v=DKIM1; k=rsa; p=", false, &key, &v), -1);
	assert_true(key.revoked);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_non_null(strstr(v.detail, "retired"));
	verdict_free(&v);
	assert_int_equal(check("v=DKIM1; p=", true, &key, &v), 0);
	assert_int_equal(v.state, FINDING_OK);
	verdict_free(&v);
}

static void
test_dkim_key_testing_and_bad_base64(void **state)
{
	struct dkim_key	 key;
	struct verdict	 v;
	char		*rec = rsa_record(2048, false), *t = NULL;
	(void)state;

	assert_true(asprintf(&t, "%s; t=y", rec) > 0);
	assert_int_equal(check(t, false, &key, &v), 0);
	assert_true(key.testing);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_non_null(strstr(v.summary, "t=y"));
	verdict_free(&v);
	free(t);
	/* A key broken by a lost character, and one with junk in it. */
	rec[strlen(rec) - 5] = '\0';
	assert_int_equal(check(rec, false, &key, &v), -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.summary, "not valid base64"));
	verdict_free(&v);
	assert_int_equal(check("v=DKIM1; p=MIIB!IjAN", false, &key, &v), -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	verdict_free(&v);
	/* Valid base64 that is no key. */
	assert_int_equal(check("v=DKIM1; p=aGVsbG8gd29ybGQh", false, &key, &v),
	    -1);
	assert_non_null(strstr(v.summary, "does not hold a rsa public key"));
	verdict_free(&v);
	free(rec);
}

/* dkim-tags: v= not DKIM1, unknown k=, h= without sha256, s= not email */
static void
test_dkim_key_bad_tags(void **state)
{
	struct dkim_key	 key;
	struct verdict	 v;
	(void)state;

	assert_int_equal(check("v=DKIM2; p=", true, &key, &v), -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	verdict_free(&v);
	assert_int_equal(check("v=DKIM1; k=dsa; p=AAAA", false, &key, &v), -1);
	assert_non_null(strstr(v.detail, "k=dsa"));
	verdict_free(&v);
	assert_int_equal(check("v=DKIM1; h=sha1; p=", true, &key, &v), -1);
	assert_non_null(strstr(v.detail, "sha256"));
	verdict_free(&v);
	assert_int_equal(check("v=DKIM1; s=tlsrpt; p=", true, &key, &v), -1);
	verdict_free(&v);
	assert_int_equal(check("v=DKIM1; k=rsa", false, &key, &v), -1);
	assert_non_null(strstr(v.summary, "no p="));
	verdict_free(&v);
}

/* dkim-tag-case: "P=<key>" is no p= (RFC 6376 §3.2), the key unused. */
static void
test_dkim_key_tag_names_are_case_sensitive(void **state)
{
	struct dkim_key	 key;
	struct verdict	 v;
	char		*rec = rsa_record(2048, false), *p;
	(void)state;

	p = strstr(rec, "; p=");
	assert_non_null(p);
	p[2] = 'P';
	assert_int_equal(check(rec, false, &key, &v), -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_int_equal(key.bits, 0);
	assert_non_null(strstr(v.detail, "DKIM key record has no p= tag"));
	assert_non_null(strstr(v.detail, "tag \"P=\" is not \"p=\": DKIM "
	    "tag names are case-sensitive"));
	verdict_free(&v);
	/* K=ed25519 is ignored: the key is read as the default rsa. */
	p[2] = 'p';
	memcpy(strstr(rec, "k=rsa"), "K", 1);
	assert_int_equal(check(rec, false, &key, &v), 0);
	assert_string_equal(key.type, "rsa");
	assert_int_equal(v.state, FINDING_WARNING);
	assert_non_null(strstr(v.summary, "tag \"K=\" is not \"k=\""));
	verdict_free(&v);
	free(rec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dkim_key_rsa_sizes),
		cmocka_unit_test(test_dkim_key_pkcs1_is_decoded_and_warned),
		cmocka_unit_test(test_dkim_key_ed25519),
		cmocka_unit_test(test_dkim_key_revoked_and_retired),
		cmocka_unit_test(test_dkim_key_testing_and_bad_base64),
		cmocka_unit_test(test_dkim_key_bad_tags),
		cmocka_unit_test(test_dkim_key_tag_names_are_case_sensitive),
	};
	return cmocka_run_group_tests_name("dkim_key", tests, NULL, NULL);
}
