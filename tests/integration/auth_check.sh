#!/bin/sh
# auth_check.sh -- "sendwatch check spf|dkim|dmarc|mx|ptr" against the lab
# (tests/lab/zones/auth.test.zone): Nagios status line, exit status,
# perfdata, one line per problem.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi

# run NAME WANT_STATUS REGEX ARGS...: checks exit status and output.
run() {
	name=$1 want=$2 re=$3
	shift 3
	out=$("$SENDWATCH" check "$@" --resolver "$LAB_RESOLVER" 2>&1)
	expect_status "$name: exit status" "$want" $?
	expect_match "$name: output" "$re" "$out"
}

run "spf good" 0 '^SENDWATCH SPF OK - SPF record of good.auth.test is in order \(2 of 10 DNS lookups\) \| problems=0 spf_lookups=2;8;10;0;10 spf_void_lookups=0;;2;0 time=' \
	spf good.auth.test
run "spf 11 lookups" 2 '^SENDWATCH SPF CRITICAL - SPF of lookups11.auth.test needs 11 DNS lookups .* spf_lookups=11;8;10;0;10' \
	spf lookups11.auth.test
run "spf voids" 2 'spf_void_lookups=3;;2;0' spf voids.auth.test
run "spf sender fails" 2 'critical: SPF for good.auth.test from 192.0.2.200: fail' \
	spf good.auth.test --sender 192.0.2.200 --sender 198.51.100.5
run "spf sender passes" 0 'SPF OK' spf good.auth.test --sender 198.51.100.5
run "spf mail-from and helo: the RFC result" 0 '^SENDWATCH SPF OK' \
	spf macros.auth.test --sender 192.0.2.1 --mail-from bob@macros.auth.test \
	--helo mail.good.auth.test
run "spf mail-from: another local part fails" 2 \
	'critical: SPF for macros.auth.test from 192.0.2.1: fail' \
	spf macros.auth.test --sender 192.0.2.1 --mail-from eve@macros.auth.test \
	--helo mail.good.auth.test
run "spf: the explanation of a fail is shown" 2 \
	'explained: "eve@macros.auth.test may not send from 192.0.2.1"' \
	spf macros.auth.test --sender 192.0.2.1 --mail-from eve@macros.auth.test \
	--helo mail.good.auth.test
run "spf --help lists --mail-from and --helo" 0 '\[--mail-from ADDRESS\] \[--helo NAME\]' \
	spf --help
run "spf none" 1 '^SENDWATCH SPF WARNING - nospf.auth.test has no SPF record' spf nospf.auth.test
run "dkim 512" 2 '^SENDWATCH DKIM CRITICAL - RSA key is only 512 bits' \
	dkim dkim.auth.test --dkim-selector k512
run "dkim 2048" 0 '^SENDWATCH DKIM OK' dkim dkim.auth.test --dkim-selector k2048
run "dmarc none" 1 '^SENDWATCH DMARC WARNING - p=none' dmarc dnone.auth.test
run "dmarc missing" 2 '^SENDWATCH DMARC CRITICAL - no DMARC record' dmarc nospf.auth.test
run "mx null" 1 'accepts no mail' mx nullmx.auth.test
run "mx cname" 2 '^SENDWATCH MX CRITICAL - MX host alias.mxcname.auth.test' mx mxcname.auth.test
run "ptr missing" 2 '^SENDWATCH PTR CRITICAL - 203.0.113.11 has no PTR record' ptr 203.0.113.11
run "ptr good" 0 '^SENDWATCH PTR OK' ptr 203.0.113.10 --helo mail.good.auth.test
run "ptr helo" 1 'HELO name smtp.auth.test' ptr 203.0.113.10 --helo smtp.auth.test
run "no target" 3 '^SENDWATCH UNKNOWN - no domain given' spf
run "dead zone" 3 '^SENDWATCH DMARC UNKNOWN' dmarc down.lab.test -t 5

# Option errors: one UNKNOWN status line, exit 3, the same words in every
# check (one helper, cmd_check_option_error).
opt_error() {
	name=$1 want=$2
	shift 2
	out=$("$SENDWATCH" check "$@" 2>&1)
	expect_status "$name: exit status" 3 $?
	expect_eq "$name: output" "$want" "$out"
}
opt_error "spf unknown option" \
	"SENDWATCH UNKNOWN - unknown option --bogus (see sendwatch check spf --help)" \
	spf --bogus good.auth.test
opt_error "spf missing value" "SENDWATCH UNKNOWN - -t needs a value" \
	spf good.auth.test -t
opt_error "dnsbl unknown option" \
	"SENDWATCH UNKNOWN - unknown option -x (see sendwatch check dnsbl --help)" \
	dnsbl -x 192.0.2.1
opt_error "dnsbl missing value" "SENDWATCH UNKNOWN - --dnsbl needs a value" \
	dnsbl 192.0.2.1 --dnsbl
opt_error "bounces unknown option" \
	"SENDWATCH BOUNCES UNKNOWN - unknown option --bogus (see sendwatch check bounces --help)" \
	bounces --bogus /dev/null

done_testing
