#!/bin/sh
# demo.sh -- `make demo`: starts the loopback lab in build/demo-lab, shows
# sendwatch working against it, and stops the lab (by PID) on exit.
#
# To extend the demo, add `step` lines to the section "what the demo runs"
# below. A step whose subcommand sendwatch does not have fails the demo.
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
lab_dir=$top/build/demo-lab
# Not the test runner's ports (53530...), so demo and tests can run at once.
LAB_PORT_BASE=${LAB_PORT_BASE:-53550}
export LAB_PORT_BASE
SW=$top/sendwatch

[ -x "$SW" ] || { echo "demo: $SW is not built (run make)" >&2; exit 1; }
trap 'tests/lab/lab.sh stop "$lab_dir"' EXIT
trap 'exit 130' INT TERM
tests/lab/lab.sh start "$lab_dir" || { echo "demo: the lab did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$lab_dir/env"

steps_failed=0

# has_command NAME: sendwatch lists NAME among its commands.
has_command() {
	"$SW" --help 2>/dev/null | sed -n '/^Commands:/,$p' | grep -q "^  $1\( \|$\)"
}

# step "TITLE" COMMAND ARGS...: runs `sendwatch COMMAND ARGS...` with the
# lab resolver, showing the title, the command line and its exit status.
step() {
	_title=$1; shift
	printf '\n== %s\n' "$_title"
	if ! has_command "$1"; then
		printf '   FAILED: sendwatch has no "%s" command\n' "$1"
		steps_failed=$((steps_failed + 1))
		return 0
	fi
	printf '$ sendwatch --resolver %s %s\n' "$LAB_RESOLVER" "$*"
	"$SW" --resolver "$LAB_RESOLVER" "$@"
	_rc=$?
	printf '   (exit status %d)\n' "$_rc"
	# 0-3 are answers (ok, warning, critical, unknown); more is a failure
	[ "$_rc" -le 3 ] || steps_failed=$((steps_failed + 1))
}

echo "The lab: front resolver $LAB_RESOLVER, rbldnsd $LAB_RBLDNSD, nsd $LAB_NSD"
[ -n "$LAB_RECURSIVE_NOTE" ] && echo "Note: $LAB_RECURSIVE_NOTE"

# ---------------------------------------------------------------------
# what the demo runs
# (lab addresses and names: tests/lab/README.md; 192.0.2.10 is on
#  bl.lab.test, 192.0.2.20-22 on zen.lab.test, 192.0.2.30 on the allow-list,
#  world.lab.test lists everything, refuse.lab.test refuses us)
# ---------------------------------------------------------------------
step "sendwatch and its libraries" version
step "the demo's config file is valid" \
	config check -c tests/lab/demo.conf
step "blocklist audit of the targets in the config ([targets] of demo.conf)" \
	audit --probe dnsbl -c tests/lab/demo.conf
step "Nagios check of one listed address (-w 1 -c 2: one listing is a warning)" \
	check dnsbl --config tests/lab/demo.conf --dnsbl lab-bl \
	--dnsbl spamhaus-zen 192.0.2.10 -w 1 -c 2
step "Nagios check of a clean address" \
	check dnsbl --config tests/lab/demo.conf --dnsbl lab-bl 192.0.2.50
step "authentication audit of a domain in order and its sending IP" \
	audit --probe spf,dkim,dmarc,mx,ptr --dkim-selector s2048 \
	good.auth.test 203.0.113.10
step "authentication audit of a domain with problems (SPF +all, 11 lookups, no DMARC)" \
	audit --probe spf,dmarc lookups11.auth.test plusall.auth.test
step "Nagios check of an SPF record" \
	check spf lookups11.auth.test
# the lab's SMTP servers listen on LAB_SMTP_PORT, not 25, and their
# certificates come from the lab CA (tests/lab/smtp.sh, tls_ca.sh)
export SENDWATCH_TEST_SMTP_PORT="$LAB_SMTP_PORT"
printf '[general]\nca_file = %s\ntrust_anchor = %s\n' "$LAB_CA" "$LAB_TRUST_ANCHOR" \
	>"$lab_dir/tls.conf"
step "STARTTLS and DANE of a good domain (signed TLSA) and a broken one (expired certificate on its second MX)" \
	audit --probe starttls,dane -c "$lab_dir/tls.conf" dane.lab.test broken.tls.lab.test
step "Nagios check of the MX certificates (perfdata: days left)" \
	check starttls --config "$lab_dir/tls.conf" good.tls.lab.test
# The lab's HTTPS server (MTA-STS policies, BIMI logos) listens on a
# high port: for these loopback hosts only, sendwatch connects there; its
# certificates come from the same lab CA (tls.conf's ca_file).
SENDWATCH_TEST_HTTPS_PORT=$LAB_HTTPS_PORT
export SENDWATCH_TEST_HTTPS_PORT
step "published mail policies of a domain in order (MTA-STS, TLS-RPT, BIMI)" \
	audit -c "$lab_dir/tls.conf" --probe mta-sts,tlsrpt,bimi good.policy.test
step "... and broken ones (an MX not in an enforced MTA-STS policy, a policy host with an untrusted certificate, two TLS-RPT records, BIMI under DMARC p=none, a logo with a script)" \
	audit -c "$lab_dir/tls.conf" --probe mta-sts,tlsrpt,bimi \
	mxmissing.policy.test rogue.policy.test two.policy.test \
	pnone.policy.test script.policy.test
step "Nagios check of an MTA-STS policy" \
	check mta-sts --config "$lab_dir/tls.conf" mxmissing.policy.test
rm -f "$lab_dir/demo.db"
step "import DMARC aggregate reports (plain XML; see tests/data/reports/summary)" \
	reports import --db "$lab_dir/demo.db" tests/data/reports/summary/*.xml
step "who sends as these domains, and does it pass DMARC" \
	reports summary --db "$lab_dir/demo.db" --since 100000d
step "what an SMTP reply means and who must act" \
	explain "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org"
step "bounces in a Postfix log (tests/lab/demo-maillog)" \
	bounces tests/lab/demo-maillog
# ---------------------------------------------------------------------
# the service: run with a webhook receiver and [http], a listing, the
# event as received, the dashboard saved under build/ (demo_service.sh)
sh tests/lab/demo_service.sh "$lab_dir" || steps_failed=$((steps_failed + 1))

echo
if [ "$steps_failed" -gt 0 ]; then
	echo "demo: $steps_failed step(s) failed; the lab stops now"
	exit 1
fi
echo "demo: done; the lab stops now"
