#!/bin/sh
# dane.sh -- the dane probe against the lab: the signed zone dane.lab.test
# (tests/lab/zones/dane.lab.test.zone; its DS is in LAB_TRUST_ANCHOR), the
# unsigned tls.lab.test (with a signed child zone holding TLSA records
# for its host mxu) and bogus.lab.test (signatures expired in 2020);
# every MX host is the lab's good SMTP server, TLSA data from the lab's
# keys (tests/lab/tls_ca.sh).
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
if [ -z "${LAB_SMTP_PORT:-}" ] || [ -z "${LAB_TRUST_ANCHOR:-}" ]; then
	fail "lab is running" "LAB_SMTP_PORT or LAB_TRUST_ANCHOR is not set: run through tests/run.sh"
	done_testing; exit
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '[general]\nca_file = %s\ntrust_anchor = %s\n' "$LAB_CA" "$LAB_TRUST_ANCHOR" >"$tmp/lab.conf"
export SENDWATCH_TEST_SMTP_PORT="$LAB_SMTP_PORT"

# audit_case NAME DOMAIN WANT_STATUS REGEX: audit --probe dane DOMAIN.
audit_case() {
	out=$("$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" \
		audit --probe dane "$2" 2>&1)
	expect_status "$1: exit status" "$3" $?
	expect_match "$1: finding" "$4" "$out"
}

audit_case "signed TLSA matching the certificate" dane.lab.test 0 \
	'ok +mx1\.dane\.lab\.test: the certificate matches its DNSSEC-signed TLSA records'
expect_match "mid-rollover: old and new key published, the new one served" \
	'ok +mx3\.dane\.lab\.test: the certificate matches' "$out"
expect_match "the records are shown" 'TLSA 3 1 1 [0-9a-f]{64}' "$out"
# The first 16 hex digits of a lab key's "3 1 1" data.
spki16() { openssl pkey -in "$LAB_TLS_DIR/$1.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-16; }
old=$(spki16 old)
good=$(spki16 good)
expect_match "mid-rollover: ok, the leftover record named" \
	"ok +mx3\\.dane\\.lab\\.test: the certificate matches its DNSSEC-signed TLSA records \\(TLSA 3 1 1 $old\\.\\.\\. names no certificate presented" "$out"
expect_match "mid-rollover: the new record is the one matched" \
	"TLSA 3 1 1 $good[0-9a-f]{48} \\(DANE-EE\\): names the server's certificate; the record OpenSSL matched" "$out"
audit_case "stale TLSA after a key rollover" stale.dane.lab.test 2 \
	'CRITICAL +mx2\.dane\.lab\.test: the certificate does not match its DNSSEC-signed TLSA records'
expect_match "stale: the presented key is named" 'matches none of the TLSA records \(' "$out"
expect_match "stale: the summary says which record" \
	"CRITICAL +mx2\\.dane\\.lab\\.test: .*; TLSA 3 1 1 $old\\.\\.\\. names no certificate the server presents" "$out"
audit_case "DANE-TA: the record names the CA the server sends" ta.dane.lab.test 0 \
	'ok +mx5\.dane\.lab\.test: the certificate matches its DNSSEC-signed TLSA records'
ca=$(spki16 ca)
expect_match "DANE-TA: matched at chain depth 1" \
	"TLSA 2 1 1 $ca[0-9a-f]{48} \\(DANE-TA\\): names the certificate at chain depth 1; the record OpenSSL matched" "$out"
audit_case "DANE-TA naming another CA" tastale.dane.lab.test 2 \
	"CRITICAL +mx6\\.dane\\.lab\\.test: .*; TLSA 2 1 1 $(spki16 rogue-ca)\\.\\.\\. names no certificate"
audit_case "signed TLSA, no STARTTLS offered" plain.dane.lab.test 2 \
	'CRITICAL +mx7\.dane\.lab\.test: DNSSEC-signed TLSA records, but no certificate to match them \(see the detail\): DANE senders will not deliver'
expect_match "no STARTTLS: said per address" '127\.25\.0\.4: STARTTLS not offered, yet TLSA records require it' "$out"
expect_no_match "no STARTTLS: no record called stale without a certificate" 'stale' "$out"
audit_case "TLSA in an unsigned zone" nodane.tls.lab.test 1 \
	'WARNING +mx\.nodane\.tls\.lab\.test: 1 TLSA record in a zone without DNSSEC: senders ignore them'
audit_case "signed TLSA, unsigned address records: DANE does not apply" unsignedaddr.tls.lab.test 1 \
	'WARNING +mxu\.tls\.lab\.test: TLSA records are DNSSEC-signed but its address records are not: senders do not use DANE for it'
expect_match "unsigned address records: the RFC is named" 'RFC 7672 §2\.2\.2' "$out"
audit_case "no TLSA: DANE not used" nodane.dane.lab.test 0 \
	'ok +mx4\.dane\.lab\.test: no TLSA records: DANE not used'
printf '[general]\nca_file = %s\ntrust_anchor = %s\n[domain bogus.lab.test]\nsmtp_hosts = mx.bogus.lab.test\n' \
	"$LAB_CA" "$LAB_TRUST_ANCHOR" >"$tmp/bogus.conf"
out=$("$SENDWATCH" -c "$tmp/bogus.conf" --resolver "$LAB_RESOLVER" audit --probe dane bogus.lab.test 2>&1)
expect_status "bogus TLSA answer: exit status" 2 $?
expect_match "bogus TLSA answer: critical" \
	'CRITICAL +mx\.bogus\.lab\.test: the TLSA answer fails DNSSEC validation \(bogus' "$out"

# A broken signature (not an expired one) on the TLSA record alone.
audit_case "broken TLSA signature: bogus, critical" badsig.lab.test 2 \
	'CRITICAL +mx\.badsig\.lab\.test: the TLSA answer fails DNSSEC validation \(bogus'
expect_no_match "broken signature: never taken for unsigned" 'without DNSSEC' "$out"

# Without the trust anchor nothing validates: the signed records are
# then as good as unsigned, and said so.
printf '[general]\nca_file = %s\n' "$LAB_CA" >"$tmp/noanchor.conf"
out=$("$SENDWATCH" -c "$tmp/noanchor.conf" --resolver "$LAB_RESOLVER" audit --probe dane dane.lab.test 2>&1)
expect_match "no trust anchor: not validated, a warning" \
	'WARNING +mx1\.dane\.lab\.test: 1 TLSA record in a zone without DNSSEC' "$out"

out=$("$SENDWATCH" check dane stale.dane.lab.test --config "$tmp/lab.conf" --resolver "$LAB_RESOLVER" 2>&1)
expect_status "check dane stale: exit status" 2 $?
expect_match "check dane stale: status line" '^SENDWATCH DANE CRITICAL - mx2\.dane\.lab\.test' "$out"
expect_match "check dane stale: perfdata counts the stale record" '\| problems=1 dane_hosts=1;;;0 tlsa_stale=1;;;0 time=' "$out"
out=$("$SENDWATCH" check dane dane.lab.test --config "$tmp/lab.conf" --resolver "$LAB_RESOLVER" 2>&1)
expect_status "check dane good: exit status" 0 $?
expect_match "check dane good: two hosts under DANE, the rollover's old record" \
	'\| problems=0 dane_hosts=2;;;0 tlsa_stale=1;;;0 time=' "$out"
out=$("$SENDWATCH" check dane nodane.tls.lab.test --config "$tmp/lab.conf" --resolver "$LAB_RESOLVER" 2>&1)
expect_match "check dane unsigned: DANE applies to no host" 'dane_hosts=0;;;0 tlsa_stale=0;;;0' "$out"
out=$("$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" audit --json --probe dane stale.dane.lab.test 2>&1)
expect_match "json: the stale count" '"tlsa_stale": "1"' "$out"
# The Nagios definitions (contrib/sendwatch-nagios.cfg), filled in.
nagios_line() {	# nagios_line NAME ARG1 ARG2: the command line of NAME, filled
	sed -n "/command_name *$1\$/{n;s/^[[:space:]]*command_line[[:space:]]*//p}" \
		"${SENDWATCH_TOP:-.}/contrib/sendwatch-nagios.cfg" |
		sed -e "s|/usr/local/bin/sendwatch|$SENDWATCH|" -e "s|\\\$ARG1\\\$|$2|" -e "s|\\\$ARG2\\\$|$3|"
}
line=$(nagios_line check_sendwatch_dane stale.dane.lab.test "--config $tmp/lab.conf --resolver $LAB_RESOLVER")
expect_match "nagios: check_sendwatch_dane is defined" 'check dane' "$line"
out=$(sh -c "$line" 2>&1)
expect_status "nagios: a stale TLSA record is CRITICAL" 2 $?
done_testing
