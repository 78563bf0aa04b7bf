# dnsbl_codes.sh -- catalog entries whose answers need decoding, run against
# lab zones that answer as the real lists do (tests/lab/zones): SURBL's
# bitmask, reserved middle octets and blocked answer, Hostkarma's white
# code and extra age records, dnswl's trust levels and categories, and a
# dead list switched on anyway.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# audit CONF ARGS...: --json findings into $out, exit status in $st
audit() {
	_conf=$1; shift
	out=$tmp/out.json
	"$SENDWATCH" audit --json --probe dnsbl --resolver "$LAB_RESOLVER" -c "$_conf" "$@" >"$out" 2>"$tmp/err"
	st=$?
}
# get KEY FIELD: one field of the finding KEY in $out ("absent" if none)
get() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[3]))
m=[f for f in d["findings"] if f["key"]==sys.argv[1]]
print(m[0].get(sys.argv[2]) or "" if m else "absent")' "$1" "$2" "$out"
}

# --- SURBL: bits, reserved octets, retired bit ------------------------------
printf '[dnsbl surbl]\nzone = surbl.lab.test\n' >"$tmp/surbl.conf"
audit "$tmp/surbl.conf" --dnsbl surbl phish.example.test multi.example.test \
	octets.example.test retired.example.test clean.example.test
expect_match "SURBL lab list answers its test points" '^ok$' "$(get dnsbl-health/surbl.lab.test state)"
expect_match "127.0.0.8 is phishing" '^critical$' "$(get dnsbl/surbl.lab.test/phish.example.test state)"
expect_match "127.0.0.80 names both lists" 'SURBL-MW\+SURBL-ABUSE' "$(get dnsbl/surbl.lab.test/multi.example.test summary)"
expect_match "both meanings in the detail" 'malware.*abuse' "$(get dnsbl/surbl.lab.test/multi.example.test detail)"
expect_match "a reserved middle octet is ignored (127.0.1.64 is ABUSE)" '^critical$' "$(get dnsbl/surbl.lab.test/octets.example.test state)"
expect_match "... and named" 'SURBL-ABUSE' "$(get dnsbl/surbl.lab.test/octets.example.test summary)"
expect_match "a retired bit alone is unknown, not a listing" '^unknown$' "$(get dnsbl/surbl.lab.test/retired.example.test state)"
expect_no_match "... and not 'several lists'" 'several' "$(get dnsbl/surbl.lab.test/retired.example.test detail)"
expect_match "a clean domain is ok" '^ok$' "$(get dnsbl/surbl.lab.test/clean.example.test state)"

# --- SURBL blocking our resolver: 127.0.0.1 for everything ------------------
printf '[dnsbl surbl]\nzone = surblblock.lab.test\n' >"$tmp/block.conf"
audit "$tmp/block.conf" --dnsbl surbl phish.example.test
expect_status "blocked SURBL: audit exits 3 (could not check)" 3 $st
expect_match "blocked SURBL: the list is unknown" '^unknown$' "$(get dnsbl-health/surblblock.lab.test state)"
expect_match "blocked SURBL: the reason is the blocked query" 'blocked' "$(get dnsbl-health/surblblock.lab.test summary)"
expect_match "blocked SURBL: the target is unknown, never listed" '^unknown$' "$(get dnsbl/surblblock.lab.test/phish.example.test state)"

# --- Hostkarma: white 127.0.0.1 and a second A record for the age -----------
printf '[dnsbl hostkarma]\nzone = hostkarma.lab.test\n' >"$tmp/hk.conf"
audit "$tmp/hk.conf" --dnsbl hostkarma 192.0.2.70 192.0.2.71 192.0.2.72 192.0.2.73 192.0.2.74
expect_match "Hostkarma lab list is healthy (white test point is not 'lists the world')" '^ok$' \
	"$(get dnsbl-health/hostkarma.lab.test state)"
expect_match "white + age record is ok" '^ok$' "$(get dnsbl/hostkarma.lab.test/192.0.2.70 state)"
expect_match "... and says white" 'HOSTKARMA-WHITE' "$(get dnsbl/hostkarma.lab.test/192.0.2.70 summary)"
expect_match "black + age record is critical, not an error" '^critical$' "$(get dnsbl/hostkarma.lab.test/192.0.2.71 state)"
# (DNS gives the two A records in any order)
expect_match "... naming the colour record" 'HOSTKARMA-BLACK' "$(get dnsbl/hostkarma.lab.test/192.0.2.71 summary)"
expect_match "... and the age record" 'HOSTKARMA-AGE' "$(get dnsbl/hostkarma.lab.test/192.0.2.71 summary)"
expect_match "brown + age record is a warning" '^warning$' "$(get dnsbl/hostkarma.lab.test/192.0.2.72 state)"
expect_match "yellow is ok" '^ok$' "$(get dnsbl/hostkarma.lab.test/192.0.2.73 state)"
expect_match "not on Hostkarma: ok" '^ok$' "$(get dnsbl/hostkarma.lab.test/192.0.2.74 state)"
expect_match "one listing, one warning: audit exits 2" '^2$' "$st"

# --- dnswl: trust level and category in the finding -------------------------
printf '[dnsbl dnswl]\nzone = dnswl.lab.test\n' >"$tmp/wl.conf"
audit "$tmp/wl.conf" --dnsbl dnswl 192.0.2.80 192.0.2.81 192.0.2.82 192.0.2.83 192.0.2.84
for pair in "80 DNSWL-NONE only.avoid.blocking" "81 DNSWL-LOW trust.low" "82 DNSWL-MED trust.medium" "83 DNSWL-HI trust.high"; do
	set -- $pair
	expect_match "dnswl 192.0.2.$1 is ok" '^ok$' "$(get dnsbl/dnswl.lab.test/192.0.2.$1 state)"
	expect_match "dnswl 192.0.2.$1 says $2" "$2" "$(get dnsbl/dnswl.lab.test/192.0.2.$1 summary)"
	expect_match "dnswl 192.0.2.$1 explains its trust level" "$3" "$(get dnsbl/dnswl.lab.test/192.0.2.$1 detail)"
done
expect_match "dnswl category of 127.0.3.x" 'category: email service providers' "$(get dnsbl/dnswl.lab.test/192.0.2.80 detail)"
expect_match "dnswl category of 127.0.8.x" 'category: public sector' "$(get dnsbl/dnswl.lab.test/192.0.2.83 detail)"
expect_match "dnswl 127.0.0.255 (over the limit) is unknown, not ok" '^unknown$' "$(get dnsbl/dnswl.lab.test/192.0.2.84 state)"
expect_match "... saying the resolver was blocked" 'blocked' "$(get dnsbl/dnswl.lab.test/192.0.2.84 detail)"

# --- SpamEatingMonkey's own test names (_DNSBL_.test, _DNSBLNEG_.test) ------
printf '[dnsbl sem-uri]\nzone = semuri.lab.test\n' >"$tmp/sem.conf"
audit "$tmp/sem.conf" --dnsbl sem-uri spam.example.test clean.example.test
expect_match "a list judged by its own test names is healthy" '^ok$' "$(get dnsbl-health/semuri.lab.test state)"
expect_match "... and its listing is found" '^critical$' "$(get dnsbl/semuri.lab.test/spam.example.test state)"
expect_match "... and a clean domain is ok" '^ok$' "$(get dnsbl/semuri.lab.test/clean.example.test state)"
printf '[dnsbl semuri]\nzone = semuri.lab.test\nkind = domain\n' >"$tmp/sem2.conf"
audit "$tmp/sem2.conf" --dnsbl semuri spam.example.test
expect_match "the same zone judged by TEST (RFC 5782) looks dead" '^unknown$' "$(get dnsbl-health/semuri.lab.test state)"

# --- a dead list switched on anyway: judged by its test points -------------
printf '[dnsbl dsbl]\nzone = world.lab.test\n' >"$tmp/dsbl.conf"
audit "$tmp/dsbl.conf" --dnsbl dsbl 192.0.2.50
expect_match "a dead list that lists everyone is unknown" '^unknown$' "$(get dnsbl-health/world.lab.test state)"
expect_match "... and says it is dead" 'defunct.*2008' "$(get dnsbl-health/world.lab.test summary)"
expect_match "its target is unknown, never listed" '^unknown$' "$(get dnsbl/world.lab.test/192.0.2.50 state)"
printf '[dnsbl nixspam]\nzone = nosuch.lab.test\n' >"$tmp/nix.conf"
audit "$tmp/nix.conf" --dnsbl nixspam 192.0.2.50
expect_match "a dead list whose zone is gone is unknown" '^unknown$' "$(get dnsbl-health/nosuch.lab.test state)"
expect_match "... and says it is dead" 'defunct' "$(get dnsbl-health/nosuch.lab.test summary)"
printf '[dnsbl dsbl]\nzone = down.lab.test\n' >"$tmp/down.conf"
audit "$tmp/down.conf" --dnsbl dsbl 192.0.2.50
expect_match "a dead list that times out is unknown" '^unknown$' "$(get dnsbl/down.lab.test/192.0.2.50 state)"

done_testing
