# audit_targets.sh -- what audit and check say about a target the user
# mistyped: a dotted quad that is no address (999.1.1.1) is refused as
# "not an IP address" naming the value, not looked up as a domain (no DKIM
# or other findings for it). Nothing is queried: the resolver is dead.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dead="--resolver 127.0.0.1@9 -t 2"

for t in 999.1.1.1 192.0.2.256 host:999.1.1.1; do
	# shellcheck disable=SC2086
	"$SENDWATCH" audit $dead "$t" >"$tmp/out" 2>"$tmp/err"
	expect_status "audit $t: exit 3 (could not check)" 3 $?
	expect_match "audit $t: says it is not an IP address, naming it" \
	    "^sendwatch: \"${t#host:}\": not an IP address \(an IPv4 address is four numbers from 0 to 255" \
	    "$(cat "$tmp/err")"
	expect_no_match "audit $t: no findings, no DKIM" "DKIM|dkim|Result:" \
	    "$(cat "$tmp/out")"
done

# shellcheck disable=SC2086
"$SENDWATCH" audit --json $dead 2001:db8::zz >"$tmp/out" 2>"$tmp/err"
expect_status "audit 2001:db8::zz: exit 3" 3 $?
expect_match "audit 2001:db8::zz: not an IPv6 address" \
    "^sendwatch: \"2001:db8::zz\": not an IP address \(an IPv6 address" "$(cat "$tmp/err")"

# shellcheck disable=SC2086
"$SENDWATCH" check dnsbl $dead 999.1.1.1 >"$tmp/out" 2>"$tmp/err"
expect_status "check dnsbl 999.1.1.1: UNKNOWN (3)" 3 $?
expect_match "check dnsbl 999.1.1.1: not an IP address" \
    "\"999.1.1.1\": not an IP address" "$(cat "$tmp/err")"

# The domain checks say it too, instead of looking 999.1.1.1 up as a domain.
for probe in spf dkim dmarc mx ptr; do
	# shellcheck disable=SC2086
	"$SENDWATCH" check $probe $dead 999.1.1.1 >"$tmp/out" 2>"$tmp/err"
	expect_status "check $probe 999.1.1.1: UNKNOWN (3)" 3 $?
	expect_match "check $probe 999.1.1.1: not an IP address, one line" \
	    "^SENDWATCH UNKNOWN - \"999.1.1.1\": not an IP address \(an IPv4 address is four numbers from 0 to 255, such as 192.0.2.10\)\$" \
	    "$(cat "$tmp/out")"
done

# A good address next to the bad one does not make the run go ahead.
# shellcheck disable=SC2086
"$SENDWATCH" audit $dead --probe dnsbl 192.0.2.1 999.1.1.1 >"$tmp/out" 2>"$tmp/err"
expect_status "one bad target among good ones: exit 3" 3 $?
expect_match "one bad target among good ones: named" "\"999.1.1.1\": not an IP" "$(cat "$tmp/err")"

done_testing
