#!/bin/sh
# lab_gen.sh -- checks tests/lab/gen_zones.py, the lab's zone generator, on
# small descriptions of its own: what it writes for rbldnsd and nsd, the
# delegations and root zone it derives, and that a bad description is
# refused with the file and line at fault. No servers are started.
set -u
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=../lib.sh
. "$top/tests/lib.sh"
gen=$top/tests/lab/gen_zones.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# gen_run DIR [OPTIONS]: the generator on DIR into $work/out; prints its output.
gen_run() { _d=$1; shift; rm -rf "$work/out"; python3 "$gen" "$_d" "$work/out" "$@" 2>&1; }
# zone_body ZONE: the generated nsd zone as nsd reads it (one line per RR).
zone_body() { nsd-checkzone -p "$1" "$work/out/nsd/$1.zone" 2>&1 | grep -v '^\$ORIGIN'; }

g=$work/good
mkdir "$g"
cat >"$g/list.x.test.rbl" <<'EOF'
# comment
192.0.2.1      127.0.0.2   first code
192.0.2.1      127.0.0.4   second code
198.51.100.0/30 127.0.0.3
0.0.0.0/0      127.0.0.9
2001:db8::/64  127.0.0.2   v6 $
spam.test      127.0.1.2
every 4 203.0.113.8 3 127.0.0.5 swept
EOF
cat >"$g/x.test.zone" <<'EOF'
@    MX   5 mx.x.test.
mx   A    192.0.2.7
EOF
a254=$(awk 'BEGIN { for (i = 0; i < 254; i++) printf "%c", 97 + i % 26 }')
b46=$(awk 'BEGIN { for (i = 0; i < 46; i++) printf "%c", 65 + i % 26 }')
cat >"$g/y.x.test.zone" <<EOF
@    TXT  "$a254$b46"
q    TXT  "short" "$a254\\"q$b46\\\\"
range 3 5 n{i} A 198.51.100.{i%2}
range 8 9 m{i} TXT "i={i} half={i//2}"
EOF
: >"$g/gone.x.test.dead"
: >"$g/lame.x.test.lame"

out=$(gen_run "$g")
expect_status "a good description generates" 0 $?
expect_eq "nothing printed when all is well" "" "$out"
expect_eq "zones.list names each zone and its server" \
	"gone.x.test dead
lame.x.test lame
list.x.test rbldnsd
x.test nsd
y.x.test nsd" "$(cat "$work/out/zones.list")"
rb=$work/out/rbldnsd
expect_eq "rbldnsd: first code in layer 0" "192.0.2.1 :127.0.0.2:first code" "$(grep '^192.0.2.1 ' "$rb/list.x.test.ip4.0")"
expect_eq "rbldnsd: a second code for the same key in layer 1" "192.0.2.1 :127.0.0.4:second code" "$(grep -v '^\$' "$rb/list.x.test.ip4.1")"
expect_eq "rbldnsd: /0 written as a range ip4set accepts" "0.0.0.0-255.255.255.255 :127.0.0.9:" "$(grep '^0\.' "$rb/list.x.test.ip4.0")"
expect_eq "rbldnsd: every STEP START COUNT" "203.0.113.8 203.0.113.12 203.0.113.16" \
	"$(awk '/:127.0.0.5:swept$/ { print $1 }' "$rb/list.x.test.ip4.0" | paste -sd' ' -)"
expect_eq "rbldnsd: IPv6 keeps its \$ template" '2001:db8::/64 :127.0.0.2:v6 $' "$(grep -v '^\$' "$rb/list.x.test.ip6.0")"
expect_eq "rbldnsd: domains go to a dnset" "spam.test :127.0.1.2:" "$(grep -v '^\$' "$rb/list.x.test.domain.0")"
expect_match "rbldnsd: datasets carry SOA and NS" '^\$SOA .*
\$NS [0-9]+ rbldnsd\.servers\.test$' "$(head -n 2 "$rb/list.x.test.ip6.0")"
expect_eq "rbldnsd: zone:type:file arguments" "list.x.test:dnset:list.x.test.domain.0
list.x.test:ip4set:list.x.test.ip4.0
list.x.test:ip4set:list.x.test.ip4.1
list.x.test:ip6trie:list.x.test.ip6.0" "$(sort "$work/out/rbldnsd.args")"

x=$(zone_body x.test)
expect_match "nsd: the zone is valid" 'zone x.test is ok' "$x"
expect_match "nsd: SOA added" 'SOA	nsd\.servers\.test\. hostmaster\.lab\.test\.' "$x"
expect_match "nsd: delegation to rbldnsd" '^list	.*NS	rbldnsd\.servers\.test\.$' "$x"
expect_match "nsd: delegation to the dead server" '^gone	.*NS	dead\.servers\.test\.$' "$x"
expect_match "nsd: a lame zone is delegated to rbldnsd" '^lame	.*NS	rbldnsd\.servers\.test\.$' "$x"
expect_match "nsd: delegation of a child nsd zone" '^y	.*NS	nsd\.servers\.test\.$' "$x"
r=$(grep -E '^[^$;].* NS ' "$work/out/nsd/root.zone")
expect_eq "root zone: its own NS and only top-most zones" ". NS root.servers.test.
x.test. NS nsd.servers.test." "$r"
expect_match "root zone: server addresses" 'rbldnsd\.servers\.test\. A 127\.53\.0\.3' "$(cat "$work/out/nsd/root.zone")"

y=$(zone_body y.x.test)
expect_match "nsd: long TXT valid" 'zone y.x.test is ok' "$y"
expect_eq "nsd: 300 bytes split 255 + 45" "\"$a254${b46%"${b46#?}"}\" \"${b46#?}\"" \
	"$(printf '%s\n' "$y" | awk -F'\t' '$4 == "TXT" && NR < 6 { print $5; exit }')"
expect_eq "nsd: escapes survive a split at their boundary" \
	"\"short\" \"$a254\\\"\" \"q$b46\\\\\"" \
	"$(printf '%s\n' "$y" | awk -F'\t' '$1 == "q" { print $5 }')"
expect_eq "nsd: range with {i%2}" "n3 198.51.100.1
n4 198.51.100.0
n5 198.51.100.1" "$(printf '%s\n' "$y" | awk -F'\t' '$1 ~ /^n/ { print $1, $5 }')"
expect_eq "nsd: range with {i} and {i//2}" 'm8 "i=8 half=4"
m9 "i=9 half=4"' "$(printf '%s\n' "$y" | awk -F'\t' '$1 ~ /^m/ { print $1, $5 }')"
expect_match "nsd: records name their description line" '; good/y\.x\.test\.zone:3$' "$(grep '^n4 ' "$work/out/nsd/y.x.test.zone")"

out=$(gen_run "$g" --bench=3)
expect_status "--bench=3 generates" 0 $?
expect_eq "--bench: ten bench zones" 10 "$(grep -c '^bench[0-9]\.lab\.test rbldnsd$' "$work/out/zones.list")"
expect_eq "--bench=3: the test point and the first 3 even addresses of 198.18.0.0" \
	"127.0.0.2 198.18.0.0 198.18.0.2 198.18.0.4" \
	"$(grep -v '^\$' "$work/out/rbldnsd/bench7.lab.test.ip4.0" | awk '{ print $1 }' | paste -sd' ' -)"
out=$(gen_run "$g" --bench=x)
expect_status "--bench=x is refused" 2 $?

# bad NAME FILE CONTENT REGEX: a description the generator must refuse,
# with a message matching REGEX (file:line and what was expected).
bad() {
	rm -rf "$work/bad"; mkdir "$work/bad"
	printf '%s\n' "$3" >"$work/bad/$2"
	_out=$(gen_run "$work/bad")
	_st=$?
	if [ $_st -eq 1 ]; then ok "$1: refused"; else fail "$1: refused" "exit $_st: $_out"; fi
	expect_match "$1: says where and why" "$4" "$_out"
}
bad "bad IPv4" b.test.rbl "# x
192.0.2.300 127.0.0.2" 'b\.test\.rbl:2: .192\.0\.2\.300.: expected an address'
bad "CIDR with host bits" b.test.rbl "198.51.100.1/24 127.0.0.2" 'b\.test\.rbl:1: .*host bits'
bad "A value not an address" b.test.rbl "192.0.2.1 listed" 'b\.test\.rbl:1: .listed.: expected an A value'
bad "entry without A value" b.test.rbl "192.0.2.1" 'b\.test\.rbl:1: expected .KEY A-VALUE'
bad "every with a bad START" b.test.rbl "every 2 x 3 127.0.0.2" 'b\.test\.rbl:1: expected .every STEP START COUNT'
bad "range backwards" b.test.zone "range 5 1 n{i} A 192.0.2.1" 'b\.test\.zone:1: range 5\.\.1: expected FIRST <= LAST'
bad "record without data" b.test.zone "lonely" 'b\.test\.zone:1: expected .NAME \[TTL\] TYPE RDATA'
rm -rf "$work/bad"; mkdir "$work/bad"
printf '1.2.3.4 127.0.0.2\n' >"$work/bad/d.test.rbl"
printf '@ A 192.0.2.1\n' >"$work/bad/d.test.zone"
out=$(gen_run "$work/bad")
expect_status "one zone described twice: refused" 1 $?
expect_match "one zone described twice: names both files" 'd\.test\.zone: zone d\.test is already described by .*d\.test\.rbl' "$out"
rm -rf "$work/bad"; mkdir "$work/bad"
printf '1.2.3.4 127.0.0.2\n' >"$work/bad/d.test.rbl"
printf '1.2.3.4 127.0.0.2\n' >"$work/bad/e.d.test.rbl"
out=$(gen_run "$work/bad")
expect_status "a zone under an rbldnsd zone: refused" 1 $?
expect_match "a zone under an rbldnsd zone: says why" 'e\.d\.test lies under d\.test, which only nsd zones may delegate' "$out"

done_testing
