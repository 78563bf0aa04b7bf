#!/bin/sh
# tls_policy.sh -- the published mail-policy probes against the lab
# (tests/lab/zones/policy.test.zone, the HTTPS server of tests/lab/https.sh
# serving tests/lab/https/): `check` and `audit --probe` for tlsrpt
# (a good record, none, two, an http: destination, a mailto: domain
# without MX, a version in the wrong case), mta-sts (good, testing, a
# policy fetch failure of each kind, an MX not in the policy, a policy
# senders discard, a short max_age) and bimi (good, DMARC p=none, an SVG
# with a script, a plain SVG, a declination). The lab CA is trusted
# through [general] ca_file; SENDWATCH_TEST_HTTPS_PORT sends the
# connections for the loopback policy hosts to the lab server's port.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi

conf=$(mktemp); trap 'rm -f "$conf"' EXIT
printf '[general]\nca_file = %s\n' "$LAB_CA" >"$conf"
SENDWATCH_TEST_HTTPS_PORT=$LAB_HTTPS_PORT
export SENDWATCH_TEST_HTTPS_PORT

# check NAME WANT_STATUS REGEX ARGS...: `sendwatch check`, status and output.
check() {
	name=$1 want=$2 re=$3
	shift 3
	out=$("$SENDWATCH" check "$@" --resolver "$LAB_RESOLVER" --config "$conf" 2>&1)
	expect_status "$name: exit status" "$want" $?
	expect_match "$name: output" "$re" "$out"
}

# audit NAME WANT_STATUS REGEX ARGS...: `sendwatch audit`, status and output.
audit() {
	name=$1 want=$2 re=$3
	shift 3
	out=$("$SENDWATCH" --resolver "$LAB_RESOLVER" -c "$conf" audit "$@" 2>&1)
	expect_status "$name: exit status" "$want" $?
	expect_match "$name: output" "$re" "$out"
}

# ---- TLS-RPT ---------------------------------------------------------------
check "tlsrpt good" 0 \
	'^SENDWATCH TLSRPT OK - TLS-RPT record of good.policy.test is in order \| problems=0 time=' \
	tlsrpt good.policy.test
check "tlsrpt none: optional" 0 \
	'^SENDWATCH TLSRPT OK - no TLS-RPT record at _smtp._tls.none.policy.test \(optional\)' \
	tlsrpt none.policy.test
check "tlsrpt two records" 1 \
	'^SENDWATCH TLSRPT WARNING - 2 TLS-RPT records at _smtp._tls.two.policy.test' \
	tlsrpt two.policy.test
check "tlsrpt http: destination" 1 \
	'rua destination "http://reports.policy.test/tlsrpt" is not usable: reports are only posted over https' \
	tlsrpt httprua.policy.test
check "tlsrpt mailto: domain without MX" 1 \
	'rua destination mailto:tlsrpt@nomx.policy.test has no MX records' \
	tlsrpt nomxrua.policy.test
check "tlsrpt version in lower case" 1 \
	'is not a TLS-RPT record: the version is not written exactly as the RFC spells it' \
	tlsrpt lowcase.policy.test
check "tlsrpt: a zone whose server never answers is unknown" 3 \
	'^SENDWATCH TLSRPT UNKNOWN' \
	tlsrpt down.lab.test -t 5

audit "audit --probe tlsrpt: the record and both destinations" 0 \
	'rua https://reports.policy.test/tlsrpt: reports.policy.test has 1 address' \
	--probe tlsrpt good.policy.test
audit "audit --probe tlsrpt two domains: the worst decides" 1 \
	'2 TLS-RPT records' --probe tlsrpt good.policy.test two.policy.test

# ---- MTA-STS ---------------------------------------------------------------
check "mta-sts good: enforce, the MX in the policy" 0 \
	'^SENDWATCH MTA-STS OK - MTA-STS policy of good.policy.test is in order \(mode enforce, id 20261204T120000\)' \
	mta-sts good.policy.test
audit "mta-sts good: the id, the policy, the MX matched" 0 \
	'record: v=STSv1; id=20261204T120000;' --probe mta-sts good.policy.test
expect_match "mta-sts good: the MX is matched" \
	'MX mx.good.tls.lab.test matches mx: mx.good.tls.lab.test' "$out"
expect_match "mta-sts alone: the certificates were not checked" \
	'STARTTLS certificates of 1 MX were not checked in this run' "$out"
check "mta-sts testing: a wildcard matches one label" 0 'MTA-STS OK' \
	mta-sts testing.policy.test
check "mta-sts none published: optional" 0 \
	'^SENDWATCH MTA-STS OK - no MTA-STS policy for none.policy.test \(optional\)' \
	mta-sts none.policy.test
check "mta-sts enforce: an MX not in the policy is critical" 2 \
	'^SENDWATCH MTA-STS CRITICAL - MX mx2.policy.test is not matched by any mx pattern of the MTA-STS policy \(mode enforce\)' \
	mta-sts mxmissing.policy.test
check "mta-sts policy fetch failure: HTTP 404" 1 \
	'could not fetch the MTA-STS policy https://mta-sts.fetch404.policy.test/.well-known/mta-sts.txt: HTTP status 404' \
	mta-sts fetch404.policy.test
check "mta-sts policy fetch failure: no address" 1 \
	'mta-sts.nohost.policy.test has no address' mta-sts nohost.policy.test
check "mta-sts policy fetch failure: an untrusted CA" 1 \
	"the MTA-STS policy host's certificate is not valid" mta-sts rogue.policy.test
check "mta-sts policy fetch failure: a name the certificate lacks" 1 \
	"the MTA-STS policy host's certificate is not valid: .*(mta-sts.wrongname.policy.test|name)" \
	mta-sts wrongname.policy.test
check "mta-sts policy fetch failure: a redirect is not followed" 1 \
	'redirects \(HTTP 301 to https://mta-sts.good.policy.test/.well-known/mta-sts.txt\)' \
	mta-sts redirect.policy.test
check "mta-sts policy fetch failure: connection refused is unknown" 3 \
	'^SENDWATCH MTA-STS UNKNOWN - could not fetch the MTA-STS policy' \
	mta-sts refused.policy.test
check "mta-sts: a policy senders discard" 1 \
	'policy mode "Enforce" is not enforce, testing or none' mta-sts badpolicy.policy.test
check "mta-sts: max_age under a day" 1 'max_age is 3600 seconds' \
	mta-sts short.policy.test
# without the lab CA the policy host's certificate is not trusted
out=$("$SENDWATCH" check mta-sts good.policy.test --resolver "$LAB_RESOLVER" 2>&1)
expect_status "mta-sts: the system CAs do not trust the lab CA" 1 $?
expect_match "mta-sts: ... and say so" "certificate is not valid" "$out"
# the test port is used only for hosts that resolve to loopback
out=$(SENDWATCH_TEST_HTTPS_PORT=1 "$SENDWATCH" check mta-sts good.policy.test \
	--resolver "$LAB_RESOLVER" --config "$conf" 2>&1)
expect_status "mta-sts: SENDWATCH_TEST_HTTPS_PORT is where it connects" 3 $?

# ---- BIMI ------------------------------------------------------------------
check "bimi good: DMARC reject, SVG Tiny PS, a certificate" 0 \
	'^SENDWATCH BIMI OK - BIMI of good.policy.test is in order' bimi good.policy.test
audit "bimi good: the certificate's dates are shown" 0 \
	'a= certificate: /CN=good.policy.test, issued by /CN=sendwatch lab CA, valid [0-9]{4}-[0-9]{2}-[0-9]{2} to [0-9]{4}-' \
	--probe bimi good.policy.test
check "bimi with DMARC p=none" 1 \
	'DMARC policy p=none at _dmarc.pnone.policy.test is not enforcing' bimi pnone.policy.test
check "bimi SVG with a script" 1 \
	'the BIMI logo is not SVG Tiny PS: it has <script>: scripts are not allowed' \
	bimi script.policy.test
audit "bimi plain SVG: no profile, no title, an external image" 1 \
	"the root's baseProfile is missing" --probe bimi plainsvg.policy.test
expect_match "bimi plain SVG: the image" 'it has <image>' "$out"
expect_match "bimi plain SVG: the reference out" 'refers outside the document' "$out"
expect_match "bimi plain SVG: no title" 'no <title>' "$out"
check "bimi declined" 0 'BIMI OK' bimi declined.policy.test
check "bimi none" 0 'no BIMI record for none.policy.test \(optional\)' bimi none.policy.test

done_testing
