#!/bin/sh
# lab.sh -- checks the loopback DNS lab itself with dig: every server
# answers as tests/lab/zones/ describes, the front resolver reaches every
# zone and nothing else, the dead server never answers, the namespace's
# root hints lead a recursive resolver to the lab zones, and lab.sh
# start/stop manage ports, PIDs and the namespace exactly.
# Needs the lab's environment (tests/run.sh sources DIR/env).
set -u
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=../lib.sh
. "$top/tests/lib.sh"

if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab environment" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing
	exit
fi

DIG_NETNS=""	# set to a namespace name to query from inside it

# dq SERVER DIG-ARGS...: answer data, sorted, space-separated ("" if none).
dq() {
	_s=$1; shift
	${DIG_NETNS:+ip netns exec "$DIG_NETNS"} dig +time=2 +tries=1 +short \
		-p "${_s#*@}" "@${_s%@*}" "$@" 2>/dev/null | sort | paste -sd' ' -
}

# dstatus SERVER DIG-ARGS...: the rcode (NOERROR, NXDOMAIN, ...), TIMEOUT
# when dig says the server did not answer, or dig's complaint otherwise.
dstatus() {
	_s=$1; shift
	_out=$(${DIG_NETNS:+ip netns exec "$DIG_NETNS"} dig +time=2 +tries=1 \
		-p "${_s#*@}" "@${_s%@*}" "$@" 2>&1)
	_st=$(printf '%s\n' "$_out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p')
	if [ -n "$_st" ]; then
		echo "$_st"
	elif printf '%s\n' "$_out" | grep -q 'timed out'; then
		echo TIMEOUT
	else
		printf 'NO ANSWER: %s\n' "$(printf '%s\n' "$_out" | head -n 1)"
	fi
}

# dflags SERVER DIG-ARGS...: the header flags, e.g. "qr rd ra ad".
dflags() {
	_s=$1; shift
	${DIG_NETNS:+ip netns exec "$DIG_NETNS"} dig +time=2 +tries=1 \
		-p "${_s#*@}" "@${_s%@*}" "$@" 2>/dev/null |
		sed -n 's/^;; flags: \([a-z ]*\);.*/\1/p'
}

# rev4 ADDR: the reversed-octet form DNSBLs are queried with.
rev4() { echo "$1" | awk -F. '{ print $4 "." $3 "." $2 "." $1 }'; }
# rev6 ADDR: the 32 reversed nibbles.
rev6() { python3 -c 'import ipaddress, sys
print(ipaddress.ip_address(sys.argv[1]).reverse_pointer[:-len(".ip6.arpa")])' "$1"; }

RBL=$LAB_RBLDNSD

# --- rbldnsd, queried directly -------------------------------------------
expect_eq "bl: 127.0.0.2 test point listed" "127.0.0.2" "$(dq "$RBL" "$(rev4 127.0.0.2).bl.lab.test" A)"
expect_eq "bl: 127.0.0.1 not listed" "NXDOMAIN" "$(dstatus "$RBL" "$(rev4 127.0.0.1).bl.lab.test" A)"
expect_eq "bl: ::ffff:7f00:2 listed (nibbles)" "127.0.0.2" "$(dq "$RBL" "$(rev6 ::ffff:7f00:2).bl.lab.test" A)"
expect_eq "bl: ::ffff:7f00:1 not listed" "NXDOMAIN" "$(dstatus "$RBL" "$(rev6 ::ffff:7f00:1).bl.lab.test" A)"
expect_eq "bl: 192.0.2.10 listed as 127.0.0.2" "127.0.0.2" "$(dq "$RBL" "$(rev4 192.0.2.10).bl.lab.test" A)"
expect_eq "bl: 192.0.2.10 TXT reason" '"Listed for spam, see https://bl.lab.test/lookup?192.0.2.10"' \
	"$(dq "$RBL" "$(rev4 192.0.2.10).bl.lab.test" TXT)"
expect_eq "bl: 192.0.2.11 listed as 127.0.0.4" "127.0.0.4" "$(dq "$RBL" "$(rev4 192.0.2.11).bl.lab.test" A)"
expect_eq "bl: 198.51.100.15 inside the /28" "127.0.0.2" "$(dq "$RBL" "$(rev4 198.51.100.15).bl.lab.test" A)"
expect_eq "bl: 198.51.100.16 outside the /28" "NXDOMAIN" "$(dstatus "$RBL" "$(rev4 198.51.100.16).bl.lab.test" A)"
expect_eq "bl: 2001:db8::10 listed" "127.0.0.2" "$(dq "$RBL" "$(rev6 2001:db8::10).bl.lab.test" A)"
expect_eq "bl: 2001:db8::11 not listed" "NXDOMAIN" "$(dstatus "$RBL" "$(rev6 2001:db8::11).bl.lab.test" A)"
expect_eq "zen: test point has two codes" "127.0.0.10 127.0.0.2" "$(dq "$RBL" "$(rev4 127.0.0.2).zen.lab.test" A)"
expect_eq "zen: 192.0.2.20 SBL" "127.0.0.2" "$(dq "$RBL" "$(rev4 192.0.2.20).zen.lab.test" A)"
expect_eq "zen: 192.0.2.21 XBL" "127.0.0.4" "$(dq "$RBL" "$(rev4 192.0.2.21).zen.lab.test" A)"
expect_eq "zen: 192.0.2.22 PBL" "127.0.0.11" "$(dq "$RBL" "$(rev4 192.0.2.22).zen.lab.test" A)"
expect_match "zen: 192.0.2.22 TXT names the PBL" '^"PBL: .*192\.0\.2\.22"$' "$(dq "$RBL" "$(rev4 192.0.2.22).zen.lab.test" TXT)"
expect_eq "zen: 127.0.0.1 not listed" "NXDOMAIN" "$(dstatus "$RBL" "$(rev4 127.0.0.1).zen.lab.test" A)"
expect_eq "world: lists 127.0.0.1" "127.0.0.2" "$(dq "$RBL" "$(rev4 127.0.0.1).world.lab.test" A)"
expect_eq "world: lists 203.0.113.7" "127.0.0.2" "$(dq "$RBL" "$(rev4 203.0.113.7).world.lab.test" A)"
expect_eq "world: lists INVALID" "127.0.1.2" "$(dq "$RBL" invalid.world.lab.test A)"
expect_eq "refuse: 192.0.2.10 refused" "127.255.255.254" "$(dq "$RBL" "$(rev4 192.0.2.10).refuse.lab.test" A)"
expect_eq "refuse: 127.0.0.2 refused too" "127.255.255.254" "$(dq "$RBL" "$(rev4 127.0.0.2).refuse.lab.test" A)"
expect_eq "refuse: IPv6 refused" "127.255.255.254" "$(dq "$RBL" "$(rev6 2001:db8::10).refuse.lab.test" A)"
expect_eq "dbl: TEST listed" "127.0.1.2" "$(dq "$RBL" test.dbl.lab.test A)"
expect_eq "dbl: INVALID not listed" "NXDOMAIN" "$(dstatus "$RBL" invalid.dbl.lab.test A)"
expect_eq "dbl: bad.example.test listed" "127.0.1.2" "$(dq "$RBL" bad.example.test.dbl.lab.test A)"
expect_match "dbl: bad.example.test TXT" 'bad\.example\.test"$' "$(dq "$RBL" bad.example.test.dbl.lab.test TXT)"
expect_eq "dbl: phish.example.test as 127.0.1.4" "127.0.1.4" "$(dq "$RBL" phish.example.test.dbl.lab.test A)"
expect_eq "dbl: www.bad.example.test not listed" "NXDOMAIN" "$(dstatus "$RBL" www.bad.example.test.dbl.lab.test A)"
expect_eq "wl: test point 127.0.10.0" "127.0.10.0" "$(dq "$RBL" "$(rev4 127.0.0.2).wl.lab.test" A)"
expect_eq "wl: 192.0.2.30 trusted" "127.0.10.2" "$(dq "$RBL" "$(rev4 192.0.2.30).wl.lab.test" A)"
expect_eq "rbldnsd answers SOA at a list apex" "NOERROR" "$(dstatus "$RBL" bl.lab.test SOA)"
expect_eq "rbldnsd refuses names it does not serve" "REFUSED" "$(dstatus "$RBL" x.lame.lab.test A)"

# bulk.lab.test: all 256 addresses, exactly the even ones listed.
batch=$(mktemp)
trap 'rm -f "$batch"' EXIT
i=0
while [ $i -lt 256 ]; do
	echo "$i.113.0.203.bulk.lab.test A"
	i=$((i + 1))
done >"$batch"
listed=$(dig +time=2 +tries=1 +noall +answer -p "${RBL#*@}" "@${RBL%@*}" -f "$batch" 2>/dev/null |
	awk '$4 == "A" && $5 == "127.0.0.2" { split($1, o, "."); print o[1] }' | sort -n | paste -sd' ' -)
expect_eq "bulk: exactly the even addresses of 203.0.113.0/24" \
	"$(awk 'BEGIN { for (i = 0; i < 256; i += 2) printf "%s%d", (i ? " " : ""), i }')" "$listed"

# --- nsd, queried directly -----------------------------------------------
NSD=$LAB_NSD
expect_eq "nsd: two A records on two.lab.test" "192.0.2.40 192.0.2.41" "$(dq "$NSD" two.lab.test A)"
expect_eq "nsd: AAAA" "2001:db8::1" "$(dq "$NSD" lab.test AAAA)"
expect_eq "nsd: two MX with their preferences" "10 mx1.lab.test. 20 mx2.lab.test." "$(dq "$NSD" lab.test MX)"
expect_eq "nsd: CNAME" "two.lab.test." "$(dq "$NSD" alias.lab.test CNAME)"
expect_match "nsd: SOA" '^nsd\.servers\.test\. hostmaster\.lab\.test\. ' "$(dq "$NSD" lab.test SOA)"
expect_eq "nsd: NS" "nsd.servers.test." "$(dq "$NSD" lab.test NS)"
expect_eq "nsd: TXT NODATA on an A-only name" "NOERROR " \
	"$(dstatus "$NSD" only-a.lab.test TXT) $(dq "$NSD" only-a.lab.test TXT)"
expect_eq "nsd: nosuch.lab.test is NXDOMAIN" "NXDOMAIN" "$(dstatus "$NSD" nosuch.lab.test SOA)"
long=$(dq "$NSD" long.lab.test TXT)
expect_match "nsd: long TXT is two character-strings" '^"v=spf1 [^"]{248}" "[^"]+ ~all"$' "$long"
joined=$(printf '%s' "$long" | sed 's/" "//; s/^"//; s/"$//')
expect_match "nsd: long TXT joins to one 300+ byte record" '^v=spf1 .{294,} ~all$' "$joined"
expect_eq "nsd: multi-string TXT" '"first string" "second string" "third string"' "$(dq "$NSD" multi.lab.test TXT)"
expect_eq "nsd: PTR 192.0.2.10" "mail.lab.test." "$(dq "$NSD" -x 192.0.2.10)"
expect_eq "nsd: forward of the PTR name" "192.0.2.10" "$(dq "$NSD" mail.lab.test A)"
expect_eq "nsd: PTR 2001:db8::10" "mail6.lab.test." "$(dq "$NSD" -x 2001:db8::10)"
expect_eq "nsd: delegates bl.lab.test to rbldnsd" "rbldnsd.servers.test." \
	"$(dig +time=2 +tries=1 +noall +authority -p "${NSD#*@}" "@${NSD%@*}" x.bl.lab.test A | awk '$4 == "NS" { print $5 }')"

# h0..h999.bulk-a.lab.test: A 198.51.100.(i % 256) and 203.0.113.(i // 256).
i=0
while [ $i -lt 1000 ]; do
	echo "h$i.bulk-a.lab.test A"
	i=$((i + 1))
done >"$batch"
bad=$(dig +time=2 +tries=1 +noall +answer -p "${NSD#*@}" "@${NSD%@*}" -f "$batch" 2>/dev/null | awk '
	$4 == "A" { i = substr($1, 2, index($1, ".") - 2) + 0; n[i]++
		if ($5 != "198.51.100." (i % 256) && $5 != "203.0.113." int(i / 256)) print $1, $5 }
	END { for (i = 0; i < 1000; i++) if (n[i] != 2) print "h" i, n[i] + 0, "records" }')
expect_eq "nsd: h0..h999.bulk-a follow the formula" "" "$bad"

# --- signed zones --------------------------------------------------------
if [ -n "${LAB_TRUST_ANCHOR:-}" ]; then
	expect_match "trust anchor holds DS records" 'secure\.lab\.test\..*DS' "$(cat "$LAB_TRUST_ANCHOR")"
	expect_match "secure.lab.test is served with signatures" 'RRSIG' \
		"$(dig +time=2 +tries=1 +dnssec -p "${NSD#*@}" "@${NSD%@*}" secure.lab.test A)"
fi

# --- the dead server -----------------------------------------------------
expect_eq "dead server never answers" "TIMEOUT" "$(dstatus "$LAB_DEAD" lab.test SOA)"

# --- the front resolver --------------------------------------------------
R=$LAB_RESOLVER
expect_eq "resolver: reaches rbldnsd zones" "127.0.0.10 127.0.0.2" "$(dq "$R" "$(rev4 127.0.0.2).zen.lab.test" A)"
expect_eq "resolver: reaches the domain list" "127.0.1.2" "$(dq "$R" test.dbl.lab.test A)"
expect_eq "resolver: not-listed is NXDOMAIN" "NXDOMAIN" "$(dstatus "$R" "$(rev4 127.0.0.1).bl.lab.test" A)"
expect_eq "resolver: reaches nsd zones" "192.0.2.40 192.0.2.41" "$(dq "$R" two.lab.test A)"
expect_eq "resolver: follows the CNAME" "192.0.2.40 192.0.2.41 two.lab.test." "$(dq "$R" alias.lab.test A)"
expect_eq "resolver: reverse zone" "mail.lab.test." "$(dq "$R" -x 192.0.2.10)"
expect_eq "resolver: IPv6 reverse zone" "mail6.lab.test." "$(dq "$R" -x 2001:db8::10)"
expect_eq "resolver: nosuch.lab.test apex is NXDOMAIN" "NXDOMAIN" "$(dstatus "$R" nosuch.lab.test SOA)"
expect_eq "resolver: a list under nosuch.lab.test is NXDOMAIN" "NXDOMAIN" "$(dstatus "$R" "$(rev4 127.0.0.2).nosuch.lab.test" A)"
expect_eq "resolver: names outside the lab are NXDOMAIN (nothing leaves)" "NXDOMAIN" "$(dstatus "$R" example.com A)"
st=$(dstatus "$R" x.down.lab.test A)
case $st in
TIMEOUT | SERVFAIL) ok "resolver: down.lab.test fails ($st)" ;;
*) fail "resolver: down.lab.test fails" "status $st, expected a timeout or SERVFAIL" ;;
esac
expect_eq "resolver: lame.lab.test fails at once (SERVFAIL)" "SERVFAIL" "$(dstatus "$R" x.lame.lab.test A)"
if [ -n "${LAB_TRUST_ANCHOR:-}" ]; then
	expect_match "resolver: secure.lab.test is validated (AD)" '(^| )ad( |$)' "$(dflags "$R" secure.lab.test A)"
	expect_no_match "resolver: lab.test is insecure (no AD)" '(^| )ad( |$)' "$(dflags "$R" lab.test A)"
	expect_eq "resolver: bogus.lab.test is SERVFAIL" "SERVFAIL" "$(dstatus "$R" bogus.lab.test A)"
fi

# --- recursive mode in the network namespace -----------------------------
if [ -n "${LAB_NETNS:-}" ]; then
	expect_match "root hints name the namespace root" '^root\.servers\.test\. .* A +127\.53\.0\.1$' \
		"$(grep -v '^;' "$LAB_ROOT_HINTS")"
	DIG_NETNS=$LAB_NETNS
	expect_eq "netns root: refers lab.test to nsd" "nsd.servers.test." \
		"$(ip netns exec "$LAB_NETNS" dig +time=2 +tries=1 +noall +authority @127.53.0.1 "$(rev4 127.0.0.2).bl.lab.test" A |
			awk '$4 == "NS" { print $5 }')"
	expect_eq "netns root: knows the server addresses" "127.53.0.3" "$(dq 127.53.0.1@53 rbldnsd.servers.test A)"
	NR=$LAB_NETNS_RESOLVER@53
	expect_eq "recursion from the hints: bl.lab.test" "127.0.0.2" "$(dq "$NR" "$(rev4 127.0.0.2).bl.lab.test" A)"
	expect_eq "recursion from the hints: zen codes" "127.0.0.10 127.0.0.2" "$(dq "$NR" "$(rev4 127.0.0.2).zen.lab.test" A)"
	expect_eq "recursion from the hints: not listed" "NXDOMAIN" "$(dstatus "$NR" "$(rev4 127.0.0.1).bl.lab.test" A)"
	expect_eq "recursion from the hints: two A records" "192.0.2.40 192.0.2.41" "$(dq "$NR" two.lab.test A)"
	expect_eq "recursion from the hints: PTR" "mail.lab.test." "$(dq "$NR" -x 192.0.2.10)"
	expect_eq "recursion from the hints: nosuch.lab.test" "NXDOMAIN" "$(dstatus "$NR" nosuch.lab.test SOA)"
	expect_eq "recursion from the hints: lame.lab.test" "SERVFAIL" "$(dstatus "$NR" x.lame.lab.test A)"
	expect_match "recursion from the hints: secure (AD)" '(^| )ad( |$)' "$(dflags "$NR" secure.lab.test A)"
	st=$(dstatus "$NR" x.down.lab.test A)
	case $st in
	TIMEOUT | SERVFAIL) ok "recursion from the hints: down.lab.test fails ($st)" ;;
	*) fail "recursion from the hints: down.lab.test fails" "status $st, expected a timeout or SERVFAIL" ;;
	esac
	DIG_NETNS=""
else
	expect_eq "no namespace: the env says why" \
		"network namespaces unavailable: recursive-mode tests fall back to forwarding" "$LAB_RECURSIVE_NOTE"
fi

# --- lab.sh start/stop: a second lab, ports, PIDs, namespace --------------
# a port block next to ours that nothing uses (other labs may run here)
free_block() {
	for _b in 40 60 80 100 120 140 160 180; do
		_b=$((${LAB_RESOLVER#*@} + _b))
		ss -Hlnu "( sport >= :$_b and sport <= :$((_b + 9)) )" | grep -q . || { echo "$_b"; return; }
	done
	echo $((${LAB_RESOLVER#*@} + 40))
}
base2=$(free_block)
dir2=$top/build/lab-selftest
LAB_PORT_BASE=$base2 "$top/tests/lab/lab.sh" stop "$dir2" >/dev/null 2>&1
out=$(LAB_PORT_BASE=$base2 "$top/tests/lab/lab.sh" start "$dir2" 2>&1)
expect_status "second lab starts beside the first" 0 $?
expect_eq "second lab uses LAB_PORT_BASE" "127.0.0.1@$base2" "$(. "$dir2/env" && echo "$LAB_RESOLVER")"
expect_eq "second lab answers" "192.0.2.40 192.0.2.41" "$(dq "127.0.0.1@$base2" two.lab.test A)"
out=$(LAB_PORT_BASE=$base2 "$top/tests/lab/lab.sh" start "$dir2" 2>&1)
expect_status "a lab already running in DIR is refused" 1 $?
out=$(LAB_PORT_BASE=$base2 "$top/tests/lab/lab.sh" start "$dir2-b" 2>&1)
st=$?
expect_status "a busy port is refused" 1 $st
expect_match "the busy port is named" "port $base2 .*already in use" "$out"
pids2=$(awk '{ print $2 }' "$dir2/pids")
ns2=$(cat "$dir2/netns" 2>/dev/null)
"$top/tests/lab/lab.sh" stop "$dir2"
expect_status "stop succeeds" 0 $?
alive=""
for p in $pids2; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
expect_eq "stop ends every process it started" "" "$alive"
if [ -n "$ns2" ]; then
	expect_no_match "stop deletes its namespace" "^$ns2( |\$)" "$(ip netns list)"
fi
"$top/tests/lab/lab.sh" stop "$dir2"
expect_status "stop again is harmless" 0 $?
out=$(LAB_PORT_BASE=nope "$top/tests/lab/lab.sh" start "$dir2" 2>&1)
expect_status "a bad LAB_PORT_BASE is refused" 1 $?
expect_match "a bad LAB_PORT_BASE is named" "LAB_PORT_BASE='nope': expected a port number" "$out"
out=$(LAB_NO_NETNS=1 LAB_PORT_BASE=$base2 "$top/tests/lab/lab.sh" start "$dir2" 2>&1)
expect_status "a lab without a namespace starts" 0 $?
expect_match "without a namespace, start says so" 'namespaces unavailable.*fall back to forwarding' "$out"
expect_eq "without a namespace, the env says so" \
	"|network namespaces unavailable: recursive-mode tests fall back to forwarding|" \
	"$(. "$dir2/env" && echo "$LAB_NETNS|$LAB_RECURSIVE_NOTE|$LAB_ROOT_HINTS")"
expect_eq "without a namespace, forwarding still works" "127.0.0.2" \
	"$(dq "127.0.0.1@$base2" "$(rev4 192.0.2.10).bl.lab.test" A)"
"$top/tests/lab/lab.sh" stop "$dir2"
expect_status "stop without a namespace" 0 $?
out=$(LAB_NO_NETNS=1 LAB_PORT_BASE=auto "$top/tests/lab/lab.sh" start "$dir2" 2>&1)
expect_status "LAB_PORT_BASE=auto starts" 0 $?
auto=$(. "$dir2/env" && echo "${LAB_RESOLVER#*@}")
expect_no_match "LAB_PORT_BASE=auto avoids the running lab's port" "^${LAB_RESOLVER#*@}\$" "$auto"
expect_eq "LAB_PORT_BASE=auto lab answers" "192.0.2.40 192.0.2.41" "$(dq "127.0.0.1@$auto" two.lab.test A)"
"$top/tests/lab/lab.sh" stop "$dir2"
expect_eq "the first lab still answers" "192.0.2.40 192.0.2.41" "$(dq "$R" two.lab.test A)"
rm -rf "$dir2" "$dir2-b"

done_testing
