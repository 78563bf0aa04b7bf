# dnsbl.sh -- the DNSBL probe, audit and Nagios check against the lab's
# real rbldnsd zones (tests/lab/zones/*.rbl), through the lab's resolver.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi
R="--resolver $LAB_RESOLVER"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# state KEY FILE: the state of the finding KEY in a --json document
state() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[2]))
m=[f for f in d["findings"] if f["key"]==sys.argv[1]]
print(m[0]["state"] if m else "absent")' "$1" "$2"
}
# field KEY FIELD FILE
field() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[3]))
m=[f for f in d["findings"] if f["key"]==sys.argv[1]]
print(m[0][sys.argv[2]] if m else "absent")' "$1" "$2" "$3"
}
audit() { out=$tmp/out.json; "$SENDWATCH" audit --json --probe dnsbl $R "$@" >"$out" 2>"$tmp/err"; st=$?; }

# --- listed and clean IPv4 --------------------------------------------------
audit --dnsbl bl.lab.test 192.0.2.10 192.0.2.50
expect_status "listed IPv4: audit exits 2" 2 $st
expect_match "listed IPv4 is critical" '^critical$' "$(state dnsbl/bl.lab.test/192.0.2.10 $out)"
expect_match "clean IPv4 is ok" '^ok$' "$(state dnsbl/bl.lab.test/192.0.2.50 $out)"
expect_match "listing carries its code" '127\.0\.0\.2' "$(field dnsbl/bl.lab.test/192.0.2.10 detail $out)"
expect_match "listing carries the list's TXT reason" 'Listed for spam, see https://bl.lab.test/lookup\?192.0.2.10' \
	"$(field dnsbl/bl.lab.test/192.0.2.10 detail $out)"
expect_match "healthy list reported ok" '^ok$' "$(state dnsbl-health/bl.lab.test $out)"
expect_match "JSON summary counts" '"critical": 1' "$(cat $out)"

audit --dnsbl bl.lab.test --dnsbl dbl.lab.test:domain 192.0.2.50
expect_status "clean IPv4 only: audit exits 0" 0 $st
expect_match "a domain list with no domain target is not judged" '^absent$' "$(state dnsbl-health/dbl.lab.test $out)"

# --- recursive mode (the default): from the lab's own root --------------------
if [ -n "${LAB_NETNS:-}" ]; then
	printf '[general]\nroot_hints = %s\n' "$LAB_ROOT_HINTS" >"$tmp/rec.conf"
	ip netns exec "$LAB_NETNS" "$SENDWATCH" audit --json --probe dnsbl -c "$tmp/rec.conf" \
		--dnsbl bl.lab.test --dnsbl dbl.lab.test:domain 192.0.2.10 bad.example.test >"$tmp/rec.json" 2>&1
	expect_match "recursive mode: listed IPv4 found from the root down" '^critical$' "$(state dnsbl/bl.lab.test/192.0.2.10 $tmp/rec.json)"
	expect_match "recursive mode: listed domain found" '^critical$' "$(state dnsbl/dbl.lab.test/bad.example.test $tmp/rec.json)"
else
	echo "# ${LAB_RECURSIVE_NOTE:-no network namespace}: recursive mode covered by forwarding only"
	audit --dnsbl bl.lab.test 192.0.2.10
	expect_match "forwarding fallback: listed IPv4 found" '^critical$' "$(state dnsbl/bl.lab.test/192.0.2.10 $out)"
fi

# --- IPv6 -------------------------------------------------------------------
audit --dnsbl bl.lab.test 2001:db8::10 2001:db8::99
expect_match "listed IPv6 is critical" '^critical$' "$(state dnsbl/bl.lab.test/2001:db8::10 $out)"
expect_match "clean IPv6 is ok" '^ok$' "$(state dnsbl/bl.lab.test/2001:db8::99 $out)"

# --- domains: only on domain lists ------------------------------------------
audit --dnsbl dbl.lab.test:domain --dnsbl bl.lab.test bad.example.test domain:good.example.test
expect_match "listed domain is critical" '^critical$' "$(state dnsbl/dbl.lab.test/bad.example.test $out)"
expect_match "clean domain is ok" '^ok$' "$(state dnsbl/dbl.lab.test/good.example.test $out)"
expect_match "domain not queried on an IP list" '^absent$' "$(state dnsbl/bl.lab.test/bad.example.test $out)"
expect_match "domain list TXT reason" 'Spam domain' "$(field dnsbl/dbl.lab.test/bad.example.test detail $out)"

# --- Spamhaus codes and meanings (catalog entry pointed at the lab zone) ----
cat >"$tmp/zen.conf" <<CONF
[dnsbl spamhaus-zen]
zone = zen.lab.test
CONF
if "$SENDWATCH" config check -c "$tmp/zen.conf" >/dev/null 2>&1; then
	"$SENDWATCH" audit --json --probe dnsbl $R -c "$tmp/zen.conf" --dnsbl spamhaus-zen 192.0.2.20 192.0.2.22 >"$tmp/zen.json" 2>&1
	expect_match "ZEN SBL code named" 'SBL' "$(field dnsbl/zen.lab.test/192.0.2.20 summary $tmp/zen.json)"
	expect_match "ZEN PBL is a warning (policy)" '^warning$' "$(state dnsbl/zen.lab.test/192.0.2.22 $tmp/zen.json)"
else
	fail "config with [dnsbl spamhaus-zen] zone override is accepted" "$("$SENDWATCH" config check -c "$tmp/zen.conf" 2>&1)"
fi

# --- Spamhaus DQS: the key is queried, never shown ---------------------------
key=k3yt3stdqs
printf '%s\n' "$key" >"$tmp/dqs.key"
cat >"$tmp/dqs.conf" <<CONF
[dnsbl spamhaus-zen]
zone = dq.lab.test
key_file = $tmp/dqs.key
CONF
printf 'wr0ngk3y\n' >"$tmp/bad.key"
sed "s#$tmp/dqs.key#$tmp/bad.key#" "$tmp/dqs.conf" >"$tmp/bad.conf"
"$SENDWATCH" audit --json --probe dnsbl $R -c "$tmp/dqs.conf" --dnsbl spamhaus-zen 192.0.2.20 192.0.2.50 >"$tmp/dqs.json" 2>&1
expect_match "DQS zone queried with the key finds the listing" '^critical$' "$(state dnsbl/dq.lab.test/192.0.2.20 $tmp/dqs.json)"
{
	cat "$tmp/dqs.json"
	"$SENDWATCH" audit --probe dnsbl $R -c "$tmp/dqs.conf" --dnsbl spamhaus-zen 192.0.2.20 2>&1
	"$SENDWATCH" audit --probe dnsbl $R -v -c "$tmp/dqs.conf" 192.0.2.20 2>&1
	"$SENDWATCH" check dnsbl $R --config "$tmp/dqs.conf" --dnsbl spamhaus-zen 192.0.2.20 2>&1
	"$SENDWATCH" config check -c "$tmp/dqs.conf" 2>&1
	"$SENDWATCH" audit --json --probe dnsbl $R -c "$tmp/bad.conf" --dnsbl spamhaus-zen 192.0.2.20 2>&1
	"$SENDWATCH" check dnsbl $R --config "$tmp/bad.conf" --dnsbl spamhaus-zen 192.0.2.20 2>&1
} >"$tmp/all-output" 2>&1
expect_no_match "the DQS key appears in no output" "$key" "$(cat "$tmp/all-output")"
expect_no_match "a wrong DQS key appears in no output" 'wr0ngk3y' "$(cat "$tmp/all-output")"
expect_match "a wrong key makes the list unknown, not clean" 'dq\.lab\.test is broken' "$(cat "$tmp/all-output")"

# --- which lists run: catalog, [dnsbl] sections, enabled, --dnsbl -----------
cat >"$tmp/lists.conf" <<CONF
[general]
dnsbl_catalog = no
[dnsbl lab-bl]
zone = bl.lab.test
kind = ip
[dnsbl lab-wl]
zone = wl.lab.test
kind = allow
enabled = no
CONF
"$SENDWATCH" audit --json --probe dnsbl $R -c "$tmp/lists.conf" 192.0.2.10 >"$tmp/l.json" 2>&1
expect_match "catalog off: only the enabled [dnsbl] section runs" '"lists": 1,' "$(cat $tmp/l.json)"
expect_match "catalog off: its listing found" '^critical$' "$(state dnsbl/bl.lab.test/192.0.2.10 $tmp/l.json)"
"$SENDWATCH" audit --json --probe dnsbl $R -c "$tmp/lists.conf" --dnsbl lab-wl 192.0.2.30 >"$tmp/l.json" 2>&1
expect_match "--dnsbl NAME runs a disabled section on demand" '^ok$' "$(state dnsbl/wl.lab.test/192.0.2.30 $tmp/l.json)"
expect_match "--dnsbl NAME runs exactly that list" '"lists": 1,' "$(cat $tmp/l.json)"
printf '[general]\ndnsbl_catalog = no\n' >"$tmp/none.conf"
o=$("$SENDWATCH" audit --probe dnsbl $R -c "$tmp/none.conf" 192.0.2.10 2>&1); s=$?
expect_status "no list at all: audit exits 3" 3 $s
expect_match "no list at all: says so" 'no blocklist to check' "$o"
"$SENDWATCH" audit --json --probe dnsbl $R 192.0.2.10 >"$tmp/cat.json" 2>&1
expect_match "default: the catalog's default lists run" 'dnsbl/zen.spamhaus.org/192.0.2.10' "$(cat $tmp/cat.json)"
expect_no_match "default: no defunct list (SORBS) runs" 'sorbs' "$(cat $tmp/cat.json)"
printf '[dnsbl sorbs]\n' >"$tmp/sorbs.conf"
o=$("$SENDWATCH" audit --probe dnsbl $R -c "$tmp/sorbs.conf" 192.0.2.10 2>&1); s=$?
expect_status "enabling a defunct list is refused" 3 $s
expect_match "the refusal names the line and why" 'sorbs.conf:1:.*defunct' "$o"

# --- a list that lists the world --------------------------------------------
audit --dnsbl world.lab.test --dnsbl bl.lab.test 192.0.2.50
expect_status "broken list, nothing listed: audit exits 3" 3 $st
expect_match "world list health is unknown" '^unknown$' "$(state dnsbl-health/world.lab.test $out)"
expect_match "health says it lists the world" 'lists the world' "$(field dnsbl-health/world.lab.test summary $out)"
expect_match "its target finding is unknown, not critical" '^unknown$' "$(state dnsbl/world.lab.test/192.0.2.50 $out)"
expect_match "the other list still answers" '^ok$' "$(state dnsbl/bl.lab.test/192.0.2.50 $out)"

# --- a list that lists a whole range of ours (issue 17 point 8) -------------
# Many of the user's own targets listed together is a listing: the control
# addresses are asked and are not listed, so every address is critical.
audit --dnsbl sweep.lab.test --dnsbl bl.lab.test 203.0.113.0/26
expect_match "range-listing list is healthy" '^ok$' "$(state dnsbl-health/sweep.lab.test $out)"
expect_match "health names the range listing with counts" \
	'lists 64 of 64 targets at once but none of the control addresses' \
	"$(field dnsbl-health/sweep.lab.test summary $out)"
n=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["key"].startswith("dnsbl/sweep.lab.test/") and f["state"] == "critical"))' $out)
expect_eq "all 64 addresses of the listed /26 are critical" 64 "$n"
expect_match "a listed address carries the list's reason" 'whole range' "$(cat $out)"
audit --dnsbl sweep.lab.test 203.0.113.1 203.0.113.2
expect_match "few targets: a real listing stays a listing" '^critical$' "$(state dnsbl/sweep.lab.test/203.0.113.1 $out)"

# --- a list that lists the control addresses too: broken on evidence ------------
audit --dnsbl wild.lab.test --dnsbl bl.lab.test 203.0.113.0/28
expect_match "list listing the controls is broken" '^unknown$' "$(state dnsbl-health/wild.lab.test $out)"
expect_match "the evidence is named: counts and the controls" \
	'lists the world: it lists 16 of 16 targets at once and every control address \(8\.8\.8\.8, 1\.1\.1\.1, 9\.9\.9\.9\)' \
	"$(field dnsbl-health/wild.lab.test summary $out)"
expect_match "its targets are unknown, not critical" '^unknown$' "$(state dnsbl/wild.lab.test/203.0.113.5 $out)"
expect_match "the other list still answers" '^ok$' "$(state dnsbl/bl.lab.test/203.0.113.5 $out)"
audit --dnsbl wild.lab.test 203.0.113.1
expect_match "one target: no sweep, no controls asked, the listing stands" '^critical$' "$(state dnsbl/wild.lab.test/203.0.113.1 $out)"

# --- a list that refuses us (127.255.255.254) -------------------------------
audit --dnsbl refuse.lab.test 192.0.2.10
expect_match "refusing list is broken" '^unknown$' "$(state dnsbl-health/refuse.lab.test $out)"
expect_match "refusal explained" 'public' "$(field dnsbl-health/refuse.lab.test summary $out)"
expect_match "refused target is unknown, never listed" '^unknown$' "$(state dnsbl/refuse.lab.test/192.0.2.10 $out)"

# --- a zone that does not exist ---------------------------------------------
audit --dnsbl nosuch.lab.test 192.0.2.10
expect_match "missing zone: health unknown" '^unknown$' "$(state dnsbl-health/nosuch.lab.test $out)"
expect_match "missing zone: says it does not exist" 'does not exist' "$(field dnsbl-health/nosuch.lab.test summary $out)"
expect_match "missing zone: target unknown, never ok" '^unknown$' "$(state dnsbl/nosuch.lab.test/192.0.2.10 $out)"

# --- a server that is down --------------------------------------------------
t0=$(date +%s)
audit --dnsbl down.lab.test --dnsbl bl.lab.test -t 20 192.0.2.10
t1=$(date +%s)
expect_match "down server: health unknown" '^unknown$' "$(state dnsbl-health/down.lab.test $out)"
expect_match "down server: target unknown" '^unknown$' "$(state dnsbl/down.lab.test/192.0.2.10 $out)"
expect_match "down server does not hide the listing elsewhere" '^critical$' "$(state dnsbl/bl.lab.test/192.0.2.10 $out)"
expect_status "a listing outranks an unknown (exit 2)" 2 $st
if [ $((t1 - t0)) -le 15 ]; then ok "down server bounded by the query timeout"; else fail "down server bounded by the query timeout" "took $((t1 - t0))s"; fi

# --- allow-list -------------------------------------------------------------
audit --dnsbl wl.lab.test:allow 192.0.2.30 192.0.2.50
expect_status "allow-list hit is not a listing: exit 0" 0 $st
expect_match "allow-list hit reported ok" '^ok$' "$(state dnsbl/wl.lab.test/192.0.2.30 $out)"
expect_match "allow-list hit says so" 'allow-list' "$(field dnsbl/wl.lab.test/192.0.2.30 summary $out)"

# --- CIDR target ------------------------------------------------------------
audit --dnsbl bl.lab.test 198.51.100.0/27
n_crit=$(grep -c '"state": "critical"' "$out")
n_ok=$(grep -c '"key": "dnsbl/bl.lab.test/198.51.100.[0-9]*", "probe": "dnsbl", "target": "[0-9.]*", "state": "ok"' "$out")
expect_match "CIDR /27: the listed /28 is critical (16)" '^16$' "$n_crit"
expect_match "CIDR /27: the rest is ok (16)" '^16$' "$n_ok"
"$SENDWATCH" audit --probe dnsbl $R --dnsbl bl.lab.test 198.18.0.0/15 >"$tmp/big" 2>&1
expect_status "network over 65,536 addresses refused" 3 $?
expect_match "refusal names the network" '198\.18\.0\.0/15' "$(cat $tmp/big)"

# --- host name with two A records (and an AAAA) ------------------------------
audit --dnsbl bl.lab.test host:two.lab.test
for a in 192.0.2.40 192.0.2.41 2001:db8::40; do
	expect_match "host two.lab.test checked at $a" '^ok$' "$(state dnsbl/bl.lab.test/$a $out)"
done
audit --dnsbl bl.lab.test host:nonexistent.lab.test
expect_match "unresolvable host is unknown" '^unknown$' "$(state target/nonexistent.lab.test $out)"

# --- human output -----------------------------------------------------------
txt=$("$SENDWATCH" audit --probe dnsbl $R --dnsbl bl.lab.test --dnsbl world.lab.test 192.0.2.50 192.0.2.10 2>&1)
first=$(printf '%s\n' "$txt" | grep -E '^[0-9]' | head -n 1)
expect_match "text report lists the listed target first" '^192\.0\.2\.10$' "$first"
expect_match "text report shows the delisting reason" 'Listed for spam' "$txt"

# --- Nagios check -----------------------------------------------------------
o=$("$SENDWATCH" check dnsbl $R --dnsbl bl.lab.test 192.0.2.10); s=$?
expect_status "check: listed -> CRITICAL (2)" 2 $s
expect_match "check: status line" '^SENDWATCH DNSBL CRITICAL - 192\.0\.2\.10 listed on bl\.lab\.test' "$o"
expect_match "check: perfdata" '\| listed=1;0;0;0;1 unknown=0 checked=1 time=[0-9.]+s$' "$(printf '%s\n' "$o" | head -n 1)"
o=$("$SENDWATCH" check dnsbl $R --dnsbl bl.lab.test 192.0.2.50); s=$?
expect_status "check: clean -> OK (0)" 0 $s
expect_match "check: OK line" '^SENDWATCH DNSBL OK - ' "$o"
o=$("$SENDWATCH" check dnsbl $R --dnsbl bl.lab.test -w 2 -c 3 192.0.2.10 192.0.2.50); s=$?
expect_status "check: 1 listing under -w 2 -> OK" 0 $s
o=$("$SENDWATCH" check dnsbl $R --dnsbl bl.lab.test -w 2 -c 3 192.0.2.10 192.0.2.11); s=$?
expect_status "check: 2 listings at -w 2 -> WARNING" 1 $s
expect_match "check: thresholds in perfdata" 'listed=2;1;2;0;2 ' "$o"
o=$("$SENDWATCH" check dnsbl $R --dnsbl bl.lab.test -w 2 -c 3 192.0.2.10 192.0.2.11 198.51.100.1); s=$?
expect_status "check: 3 listings at -c 3 -> CRITICAL" 2 $s
o=$("$SENDWATCH" check dnsbl $R --dnsbl world.lab.test --dnsbl bl.lab.test 192.0.2.50); s=$?
expect_status "check: broken list -> UNKNOWN" 3 $s
expect_match "check: long output names the broken list" 'world\.lab\.test' "$o"
o=$("$SENDWATCH" check dnsbl $R --dnsbl world.lab.test --dnsbl bl.lab.test --max-unknown 5 192.0.2.50); s=$?
expect_status "check: --max-unknown tolerates it -> OK" 0 $s
t0=$(date +%s)
o=$("$SENDWATCH" check dnsbl $R --dnsbl down.lab.test -t 2 192.0.2.10); s=$?
t1=$(date +%s)
expect_status "check: -t expiry -> UNKNOWN, never OK" 3 $s
if [ $((t1 - t0)) -le 4 ]; then ok "check: -t 2 bounds the run"; else fail "check: -t 2 bounds the run" "took $((t1 - t0))s"; fi
o=$("$SENDWATCH" check dnsbl $R -w x 192.0.2.10); s=$?
expect_status "check: bad -w -> UNKNOWN" 3 $s
expect_match "check: bad -w names the value" '-w x' "$o"

done_testing
