/*
 * dkim_key.c -- one DKIM key record checked: tag syntax through
 * taglist.c (tag names case-sensitive, RFC 6376 §3.2), the public key
 * through OpenSSL (SubjectPublicKeyInfo for RSA as RFC 6376 says, also
 * bare PKCS#1 which many verifiers accept; raw 32 bytes for Ed25519,
 * RFC 8463). RSA under 1024 bits is refused by
 * verifiers (RFC 8301 §3.2), under 2048 is weak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "probes/auth/dkim_key.h"
#include "probes/auth/taglist.h"

/* Decodes base64 with whitespace (FWS) removed. Caller frees *out. */
static int
dkim_base64(const char *s, unsigned char **out, size_t *outlen,
    const char **why)
{
	size_t		 n = strlen(s), m = 0, pad = 0;
	char		*clean;
	int		 r;

	if ((clean = malloc(n + 1)) == NULL ||
	    (*out = malloc(n / 4 * 3 + 4)) == NULL) {
		free(clean);
		*why = "out of memory";
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (strchr(" \t\r\n", s[i]) == NULL)
			clean[m++] = s[i];
	clean[m] = '\0';
	if (m % 4 != 0) {
		*why = "its length is not a multiple of 4 (truncated or "
		    "mangled when pasted?)";
		goto fail;
	}
	for (size_t i = 0; i < m; i++) {
		if (clean[i] == '=') {
			if (i + 2 < m || (i + 2 == m && clean[m - 1] != '=')) {
				*why = "'=' padding appears before the end";
				goto fail;
			}
			pad++;
			continue;
		}
		if (!((clean[i] >= 'A' && clean[i] <= 'Z') ||
		    (clean[i] >= 'a' && clean[i] <= 'z') ||
		    (clean[i] >= '0' && clean[i] <= '9') ||
		    clean[i] == '+' || clean[i] == '/')) {
			*why = "it contains characters that are not base64";
			goto fail;
		}
	}
	r = EVP_DecodeBlock(*out, (unsigned char *)clean, (int)m);
	if (r < 0 || (size_t)r < pad) {
		*why = "OpenSSL cannot decode it";
		goto fail;
	}
	*outlen = (size_t)r - pad;
	free(clean);
	return 0;
fail:
	free(clean);
	free(*out);
	*out = NULL;
	return -1;
}

/* Decodes the DER/raw key; returns the EVP_PKEY or NULL. */
static EVP_PKEY *
dkim_decode(const char *type, const unsigned char *der, size_t len,
    bool *pkcs1)
{
	const unsigned char	*p = der;
	EVP_PKEY		*pk;

	*pkcs1 = false;
	if (strcasecmp(type, "ed25519") == 0)
		return len == 32 ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519,
		    NULL, der, len) : NULL;
	if ((pk = d2i_PUBKEY(NULL, &p, (long)len)) != NULL)
		return pk;
	p = der;
	if ((pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len)) != NULL)
		*pkcs1 = true;
	return pk;
}

static int
dkim_check_rsa_size(int bits, struct verdict *v)
{
	if (bits < 1024) {
		verdict_add(v, FINDING_CRITICAL,
		    "RSA key is only %d bits\nVerifiers refuse keys under "
		    "1024 bits (RFC 8301), so every signature with it fails. "
		    "Fix: generate a 2048-bit key, publish it under a new "
		    "selector and switch the signer to it.", bits);
		return -1;
	}
	if (bits < 2048)
		verdict_add(v, FINDING_WARNING,
		    "RSA key is %d bits\nKeys under 2048 bits are weak and "
		    "some receivers score them down. Fix: generate a 2048-bit "
		    "key under a new selector and rotate to it.", bits);
	else
		verdict_note(v, "RSA key, %d bits", bits);
	return 0;
}

/* The key itself: p= decoded and sized. */
static int
dkim_check_key(const char *p, bool retired, struct dkim_key *key,
    struct verdict *v)
{
	unsigned char	*der = NULL;
	size_t		 len = 0;
	const char	*why = NULL;
	EVP_PKEY	*pk;
	bool		 pkcs1;
	int		 rc = 0, id;

	if (*p == '\0') {
		key->revoked = true;
		if (retired)
			verdict_note(v, "key revoked (empty p=), as expected "
			    "for a retired selector");
		else
			verdict_add(v, FINDING_WARNING,
			    "key revoked (empty p=)\nSignatures made with "
			    "this selector fail. Fix: if the selector is "
			    "retired, mark it so in the configuration; "
			    "otherwise publish the current public key.");
		return retired ? 0 : -1;
	}
	if (dkim_base64(p, &der, &len, &why) == -1) {
		verdict_add(v, FINDING_CRITICAL,
		    "p= is not valid base64: %s\nNo verifier can read the "
		    "key, so every signature fails. Fix: publish the public "
		    "key again exactly as your signer exports it (base64 "
		    "DER, no quotes or line breaks inside).", why);
		return -1;
	}
	pk = dkim_decode(key->type, der, len, &pkcs1);
	free(der);
	if (pk == NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "p= does not hold a %s public key (%zu bytes decoded)\n"
		    "Verifiers cannot use it, so every signature fails. Fix: "
		    "publish the public key that matches the signing key "
		    "(k=%s).", key->type, len, key->type);
		return -1;
	}
	key->bits = EVP_PKEY_get_bits(pk);
	id = EVP_PKEY_get_base_id(pk);
	if (strcasecmp(key->type, "rsa") == 0 && id != EVP_PKEY_RSA) {
		verdict_add(v, FINDING_CRITICAL,
		    "k=rsa but p= holds a %s key\nVerifiers cannot use it. "
		    "Fix: publish the RSA public key, or set k= to the key's "
		    "type.", OBJ_nid2sn(id));
		rc = -1;
	} else if (id == EVP_PKEY_RSA) {
		rc = dkim_check_rsa_size(key->bits, v);
		if (pkcs1)
			verdict_add(v, FINDING_WARNING,
			    "p= holds a bare PKCS#1 RSAPublicKey\nRFC 6376 "
			    "requires a SubjectPublicKeyInfo; strict "
			    "verifiers fail. Fix: export with `openssl rsa "
			    "-pubout` and publish that.");
	} else {
		verdict_note(v, "Ed25519 key (RFC 8463)");
	}
	EVP_PKEY_free(pk);
	return rc;
}

/* The tags of a key record (RFC 6376 §3.6.1), names as written there. */
static const char *const dkim_tag_names[] = { "v", "h", "k", "n", "p", "s",
    "t" };

/*
 * Tag names are case-sensitive (RFC 6376 §3.2): "P=" is no "p=", and a
 * verifier ignores it as an unknown tag. Each such tag is warned about.
 */
static void
dkim_check_tag_case(const struct taglist *tl, struct verdict *v)
{
	for (size_t i = 0; i < tl->n; i++)
		for (size_t j = 0; j < sizeof(dkim_tag_names) /
		    sizeof(dkim_tag_names[0]); j++) {
			const char *want = dkim_tag_names[j];
			if (strcasecmp(tl->v[i].name, want) != 0 ||
			    strcmp(tl->v[i].name, want) == 0)
				continue;
			verdict_add(v, FINDING_WARNING,
			    "tag \"%s=\" is not \"%s=\": DKIM tag names are "
			    "case-sensitive\nVerifiers ignore \"%s=\" as an "
			    "unknown tag (RFC 6376 §3.2), so what it sets is "
			    "not in effect. Fix: write it as \"%s=\".",
			    tl->v[i].name, want, tl->v[i].name, want);
		}
}

/* k=, h=, s=, t= and v=. Returns -1 when the key is unusable. */
static int
dkim_check_tags(const struct taglist *tl, struct dkim_key *key,
    struct verdict *v)
{
	const char	*s;
	int		 rc = 0;

	if ((s = taglist_get_exact(tl, "v")) != NULL &&
	    (strcmp(s, "DKIM1") != 0 || strcmp(tl->v[0].name, "v") != 0)) {
		verdict_add(v, FINDING_CRITICAL,
		    "v=%s%s\nVerifiers ignore a key record whose v= is not "
		    "DKIM1 or not first. Fix: start the record with "
		    "\"v=DKIM1;\" or drop v=.", s,
		    strcmp(s, "DKIM1") == 0 ? " is not the first tag" : "");
		rc = -1;
	}
	s = taglist_get_exact(tl, "k");
	snprintf(key->type, sizeof(key->type), "%s", s ? s : "rsa");
	if (strcasecmp(key->type, "rsa") != 0 &&
	    strcasecmp(key->type, "ed25519") != 0) {
		verdict_add(v, FINDING_CRITICAL,
		    "k=%s is not a key type verifiers know\nSignatures with "
		    "this key fail. Fix: k=rsa or k=ed25519.", key->type);
		rc = -1;
	}
	if ((s = taglist_get_exact(tl, "h")) != NULL &&
	    strstr(s, "sha256") == NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "h=%s does not allow sha256\nVerifiers no longer accept "
		    "rsa-sha1 signatures (RFC 8301). Fix: remove h= or set "
		    "h=sha256, and sign with rsa-sha256.", s);
		rc = -1;
	}
	if ((s = taglist_get_exact(tl, "s")) != NULL &&
	    strstr(s, "email") == NULL && strchr(s, '*') == NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "s=%s does not include email or *\nThe key may not be "
		    "used for mail, so verifiers fail the signature. Fix: "
		    "remove s= or set s=email.", s);
		rc = -1;
	}
	if ((s = taglist_get_exact(tl, "t")) != NULL) {
		key->testing = strchr(s, 'y') != NULL;
		if (key->testing)
			verdict_add(v, FINDING_WARNING,
			    "t=y: the key is in testing mode\nVerifiers "
			    "treat signed mail as unsigned, so DKIM does "
			    "not help delivery. Fix: remove y from t= once "
			    "signing works.");
		if (strchr(s, 's') != NULL)
			verdict_note(v, "t=s: i= must be exactly the d= "
			    "domain (no subdomains)");
	}
	return rc;
}

int
dkim_key_check(const char *text, bool retired, struct dkim_key *key,
    struct verdict *v)
{
	struct taglist	 tl;
	char		 err[160];
	const char	*p;
	int		 rc;

	memset(key, 0, sizeof(*key));
	if (taglist_parse(&tl, text, strlen(text), err, sizeof(err)) == -1) {
		verdict_add(v, FINDING_CRITICAL,
		    "DKIM key record does not parse: %s\nVerifiers cannot "
		    "use it, so every signature fails. Fix: publish "
		    "\"v=DKIM1; k=rsa; p=<base64 key>\".", err);
		taglist_free(&tl);
		return -1;
	}
	if (tl.dups != NULL)
		verdict_add(v, FINDING_CRITICAL,
		    "repeated tags in the DKIM key record: %s\nVerifiers "
		    "reject such a record. Fix: keep each tag once.",
		    tl.dups);
	dkim_check_tag_case(&tl, v);
	rc = dkim_check_tags(&tl, key, v);
	if ((p = taglist_get_exact(&tl, "p")) == NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "DKIM key record has no p= tag\nVerifiers cannot use it. "
		    "Fix: publish \"v=DKIM1; k=rsa; p=<base64 key>\".");
		rc = -1;
	} else if (rc == 0 || strcasecmp(key->type, "rsa") == 0 ||
	    strcasecmp(key->type, "ed25519") == 0) {
		if (dkim_check_key(p, retired, key, v) == -1)
			rc = -1;
	}
	if (tl.dups != NULL)
		rc = -1;
	taglist_free(&tl);
	return rc;
}
