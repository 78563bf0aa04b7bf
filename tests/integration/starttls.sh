#!/bin/sh
# starttls.sh -- the starttls probe against the lab's SMTP servers
# (tests/lab/smtp.sh, certificates from tests/lab/tls_ca.sh, MX records in
# tests/lab/zones/tls.lab.test.zone): audit and check, one case per
# failure of issue 14 plus the passing ones.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
if [ -z "${LAB_SMTP_PORT:-}" ]; then
	fail "lab is running" "LAB_SMTP_PORT is not set: run through tests/run.sh"
	done_testing; exit
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '[general]\nca_file = %s\n' "$LAB_CA" >"$tmp/lab.conf"
export SENDWATCH_TEST_SMTP_PORT="$LAB_SMTP_PORT"

# audit_case NAME DOMAIN WANT_STATUS REGEX: audit --probe starttls DOMAIN.
audit_case() {
	out=$("$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" \
		audit --probe starttls "$2" 2>&1)
	expect_status "$1: exit status" "$3" $?
	expect_match "$1: finding" "$4" "$out"
}

audit_case "good certificate, IPv4 and IPv6" good.tls.lab.test 0 \
	'ok +mx\.good\.tls\.lab\.test: STARTTLS with TLSv1\.[23], certificate valid until [0-9-]+ \(36[45] days\)'
expect_match "good: both addresses checked" '127\.25\.0\.1: greeting mx\.good\.tls\.lab\.test, TLSv1\.[23]' "$out"
expect_match "good: the IPv6 address too" '::1: greeting mx\.good\.tls\.lab\.test' "$out"
expect_match "good: the test port is named" "port $LAB_SMTP_PORT from SENDWATCH_TEST_SMTP_PORT" "$out"
audit_case "expired certificate" expired.tls.lab.test 2 \
	'CRITICAL +mx\.expired\.tls\.lab\.test: certificate expired on 2020-02-01'
audit_case "wrong name" wrongname.tls.lab.test 2 \
	'CRITICAL +mx\.wrongname\.tls\.lab\.test: certificate is for mail\.elsewhere\.test, not mx\.wrongname\.tls\.lab\.test'
audit_case "no STARTTLS" nostarttls.tls.lab.test 2 \
	'CRITICAL +mx\.nostarttls\.tls\.lab\.test: STARTTLS not offered'
audit_case "TLS 1.0 only" tls10.tls.lab.test 1 \
	'WARNING +mx\.tls10\.tls\.lab\.test: only TLSv1 negotiated \(TLS 1\.2 or newer expected'
audit_case "untrusted CA" untrusted.tls.lab.test 2 \
	'CRITICAL +mx\.untrusted\.tls\.lab\.test: certificate not trusted: unable to get local issuer certificate'
audit_case "refused connection is unknown, never ok" closed.tls.lab.test 3 \
	'UNKNOWN +mx\.closed\.tls\.lab\.test: could not check: Connection refused'
audit_case "one good and one broken MX" broken.tls.lab.test 2 \
	'CRITICAL +mx\.expired\.tls\.lab\.test'
expect_match "broken: the good MX is ok" 'ok +mx\.good\.tls\.lab\.test' "$out"

# Without [general] ca_file the system CAs do not know the lab CA.
printf '[general]\n' >"$tmp/system.conf"
out=$("$SENDWATCH" -c "$tmp/system.conf" --resolver "$LAB_RESOLVER" \
	audit --probe starttls good.tls.lab.test 2>&1)
expect_status "system CAs: exit status" 2 $?
expect_match "system CAs do not trust the lab CA" 'certificate not trusted' "$out"

# A server that accepts the connection and never greets: bounded, unknown.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.25.0.9", 0)); s.listen(5)
print(s.getsockname()[1], flush=True)
c = s.accept(); time.sleep(30)' >"$tmp/silent.port" &
silent=$!
n=0; while [ ! -s "$tmp/silent.port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
printf '[general]\nca_file = %s\n[domain silent.test]\nsmtp_hosts = 127.25.0.9\n' "$LAB_CA" >"$tmp/silent.conf"
start=$(date +%s)
out=$(SENDWATCH_TEST_SMTP_PORT=$(cat "$tmp/silent.port") "$SENDWATCH" -c "$tmp/silent.conf" \
	--resolver "$LAB_RESOLVER" audit --probe starttls silent.test 2>&1)
st=$?
took=$(( $(date +%s) - start ))
kill "$silent" 2>/dev/null
expect_status "silent server: exit status" 3 "$st"
expect_match "silent server: timed out, unknown" 'UNKNOWN +127\.25\.0\.9: could not check: timed out' "$out"
if [ "$took" -le 13 ]; then ok "silent server: bounded ($took s)"; else fail "silent server: bounded" "took $took s"; fi

# check starttls: Nagios line, perfdata cert_days_left.
out=$("$SENDWATCH" check starttls good.tls.lab.test --config "$tmp/lab.conf" --resolver "$LAB_RESOLVER" 2>&1)
expect_status "check good: exit status" 0 $?
expect_match "check good: status line and perfdata" \
	'^SENDWATCH STARTTLS OK - .* \| problems=0 cert_days_left=36[45];14:;3: time=' "$out"
out=$("$SENDWATCH" check starttls expired.tls.lab.test --config "$tmp/lab.conf" --resolver "$LAB_RESOLVER" 2>&1)
expect_status "check expired: exit status" 2 $?
expect_match "check expired: negative days left" 'SENDWATCH STARTTLS CRITICAL - .*cert_days_left=-[0-9]+;14:;3:' "$out"

# --json carries the expiry as unix seconds.
out=$("$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" audit --json \
	--probe starttls expired.tls.lab.test 2>&1)
expect_match "json: cert_not_after of 2020-02-01" '"cert_not_after": "1580515200"' "$out"

# An invalid test port is said, not ignored.
out=$(SENDWATCH_TEST_SMTP_PORT=99999 "$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" \
	audit --probe starttls good.tls.lab.test 2>&1)
expect_status "bad test port: exit status" 3 $?
expect_match "bad test port: named" 'SENDWATCH_TEST_SMTP_PORT=99999: expected a port' "$out"

# [schedule] tls defaults to 6h: the default audit checks STARTTLS;
# tls = 0s leaves the probe out unless named.
out=$("$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" audit --dnsbl bl.lab.test good.tls.lab.test 2>&1)
expect_match "default audit: starttls by default" 'ok +mx\.good\.tls\.lab\.test: STARTTLS with' "$out"
printf '[general]\nca_file = %s\n[schedule]\ntls = 0s\n' "$LAB_CA" >"$tmp/off.conf"
out=$("$SENDWATCH" -c "$tmp/off.conf" --resolver "$LAB_RESOLVER" audit --dnsbl bl.lab.test good.tls.lab.test 2>&1)
expect_no_match "default audit: no starttls with tls = 0s" 'STARTTLS with' "$out"

# With the test port set, an MX host outside loopback (mx.good.auth.test,
# a documentation address) is not connected to: unknown, at once.
out=$("$SENDWATCH" -c "$tmp/lab.conf" --resolver "$LAB_RESOLVER" \
	audit --probe starttls good.auth.test 2>&1)
expect_status "off-loopback MX under test: exit status" 3 $?
expect_match "off-loopback MX under test: not tried" \
	'UNKNOWN +198\.51\.100\.25 not tried: not a loopback address, and SENDWATCH_TEST_SMTP_PORT \(tests\) is set' "$out"

done_testing
