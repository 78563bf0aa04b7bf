#!/bin/sh
# starttls_targets.sh -- the starttls probe on the admin's own MTAs, the
# [targets] ip and host entries (and, in audit, an address or host:NAME
# on the command line), against the lab's SMTP servers
# (tests/lab/smtp.sh): an address is connected to and its certificate
# must carry the name the server greets with; a host name is each of
# its addresses, its certificate must carry that name. A network is no
# MTA: not connected to.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
if [ -z "${LAB_SMTP_PORT:-}" ]; then
	fail "lab is running" "LAB_SMTP_PORT is not set: run through tests/run.sh"
	done_testing; exit
fi
tmp=$(mktemp -d)
run_pid=""
trap '[ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. "${SENDWATCH_TOP:-.}/tests/support/service_lib.sh"
export SENDWATCH_TEST_SMTP_PORT="$LAB_SMTP_PORT"

cat >"$tmp/targets.conf" <<CONF
[general]
ca_file = $LAB_CA

[targets]
ip = 127.25.0.1
ip = 127.25.0.3
ip = 127.25.0.4
ip = 127.25.0.7
host = mx.good.tls.lab.test
host = mx.expired.tls.lab.test
network = 127.25.0.8/30
CONF

out=$("$SENDWATCH" -c "$tmp/targets.conf" --resolver "$LAB_RESOLVER" \
	audit --probe starttls 2>&1)
expect_status "[targets]: exit status (a critical one)" 2 $?
expect_match "ip: the good server, named by its greeting" \
	'ok +127\.25\.0\.1: STARTTLS with TLSv1\.[23], certificate valid until' "$out"
expect_match "ip: a certificate without the greeting's name" \
	'CRITICAL +127\.25\.0\.3: certificate is for mail\.elsewhere\.test, not mx\.wrongname\.tls\.lab\.test, the name it greets with' "$out"
expect_match "ip: no STARTTLS" 'CRITICAL +127\.25\.0\.4: STARTTLS not offered' "$out"
expect_match "ip: refused is unknown, never ok" \
	'UNKNOWN +127\.25\.0\.7: could not check: Connection refused' "$out"
expect_match "host: checked under its name" \
	'ok +mx\.good\.tls\.lab\.test: STARTTLS with TLSv1\.[23]' "$out"
expect_match "host: every address (IPv6 too)" '::1: greeting mx\.good\.tls\.lab\.test' "$out"
expect_match "host: expired certificate" \
	'CRITICAL +mx\.expired\.tls\.lab\.test: certificate expired on 2020-02-01' "$out"
expect_no_match "a network is not connected to" '127\.25\.0\.(8|9|10|11):' "$out"
n=$(printf '%s\n' "$out" | grep -c '^ *\(ok\|WARNING\|CRITICAL\|UNKNOWN\) ')
expect_eq "one finding per ip and host, none per address of a host" 6 "$n"

# Keys: starttls/<address> and starttls/<host name>.
out=$("$SENDWATCH" -c "$tmp/targets.conf" --resolver "$LAB_RESOLVER" \
	audit --json --probe starttls 2>&1)
expect_match "json: key of an address" '"key": "starttls/127\.25\.0\.3"' "$out"
expect_match "json: key of a host" '"key": "starttls/mx\.good\.tls\.lab\.test"' "$out"

# The command line: an address, host:NAME; a bare name stays a domain.
out=$("$SENDWATCH" -c "$tmp/targets.conf" --resolver "$LAB_RESOLVER" \
	audit --probe starttls 127.25.0.2 host:mx.tls10.tls.lab.test 2>&1)
expect_status "command line: exit status" 2 $?
expect_match "command line: an address" 'CRITICAL +127\.25\.0\.2: certificate expired' "$out"
expect_match "command line: host:NAME" 'WARNING +mx\.tls10\.tls\.lab\.test: only TLSv1 negotiated' "$out"
expect_no_match "command line: [targets] not used with targets given" '127\.25\.0\.1:' "$out"

# An MX host that is also a [targets] host is checked once.
printf '[general]\nca_file = %s\n[targets]\nhost = mx.good.tls.lab.test\n[domain good.tls.lab.test]\n' \
	"$LAB_CA" >"$tmp/both.conf"
out=$("$SENDWATCH" -c "$tmp/both.conf" --resolver "$LAB_RESOLVER" \
	audit --json --probe starttls 2>&1)
n=$(printf '%s\n' "$out" | grep -c '"key": "starttls/mx\.good\.tls\.lab\.test"')
expect_eq "an MX host that is also a [targets] host: one finding" 1 "$n"

# check starttls takes an address too.
out=$("$SENDWATCH" check starttls 127.25.0.1 --config "$tmp/targets.conf" \
	--resolver "$LAB_RESOLVER" 2>&1)
expect_status "check an address: exit status" 0 $?
expect_match "check an address: status line and perfdata" \
	'^SENDWATCH STARTTLS OK - 127\.25\.0\.1: STARTTLS with .*cert_days_left=36[45];14:;3:' "$out"

# The Nagios definitions (contrib/sendwatch-nagios.cfg), filled in.
nagios_line() {	# nagios_line NAME ARG1 ARG2: the command line of NAME, filled
	sed -n "/command_name *$1\$/{n;s/^[[:space:]]*command_line[[:space:]]*//p}" \
		"${SENDWATCH_TOP:-.}/contrib/sendwatch-nagios.cfg" |
		sed -e "s|/usr/local/bin/sendwatch|$SENDWATCH|" -e "s|\\\$ARG1\\\$|$2|" -e "s|\\\$ARG2\\\$|$3|"
}
line=$(nagios_line check_sendwatch_starttls 127.25.0.2 "--config $tmp/targets.conf --resolver $LAB_RESOLVER")
expect_match "nagios: check_sendwatch_starttls is defined" 'check starttls' "$line"
out=$(sh -c "$line" 2>&1)
expect_status "nagios: an MTA's expired certificate is CRITICAL" 2 $?
expect_match "nagios: status line and perfdata" '^SENDWATCH STARTTLS CRITICAL - 127\.25\.0\.2: certificate expired .*cert_days_left=-' "$out"

# [schedule] tls with only [targets]: the default audit and run want it.
printf '[general]\nca_file = %s\n[targets]\nip = 127.25.0.1\n[schedule]\ntls = 6h\n' \
	"$LAB_CA" >"$tmp/on.conf"
out=$("$SENDWATCH" -c "$tmp/on.conf" --resolver "$LAB_RESOLVER" audit --dnsbl bl.lab.test 2>&1)
expect_match "default audit with [schedule] tls: [targets] ip checked" \
	'ok +127\.25\.0\.1: STARTTLS with' "$out"

# run: [targets] alone (no [domain]) is watched under [schedule] tls.
cat >"$tmp/run.conf" <<CONF
[general]
state = $tmp/state.db
resolver = $LAB_RESOLVER
ca_file = $LAB_CA
metrics_file = $tmp/metrics.prom
dnsbl_catalog = no
[targets]
ip = 127.25.0.1
host = mx.expired.tls.lab.test
[schedule]
tls = 1s
auth = 7d
jitter = 0s
CONF
has_metrics() { grep -q 'host="mx\.expired\.tls\.lab\.test"' "$tmp/metrics.prom"; }
"$SENDWATCH" run -c "$tmp/run.conf" >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
wait_for 30 has_metrics
m=$(cat "$tmp/metrics.prom" 2>/dev/null)
expect_match "run: expiry metric of a [targets] ip" \
	'^sendwatch_tls_cert_expiry_seconds\{host="127\.25\.0\.1"\} [0-9]+' "$m"
expect_match "run: expiry metric of a [targets] host (2020-02-01)" \
	'^sendwatch_tls_cert_expiry_seconds\{host="mx\.expired\.tls\.lab\.test"\} 1580515200$' "$m"
kill "$run_pid"; wait "$run_pid"; run_pid=""
done_testing
