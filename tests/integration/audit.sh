# audit.sh -- what `sendwatch audit` runs for which target: the
# authentication probes beside the blocklists, which addresses are a
# domain's senders, which get a PTR check; against the lab.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi
R="--resolver $LAB_RESOLVER"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# keys FILE PREFIX: the finding keys starting with PREFIX, one a line
keys() {
	python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["key"].startswith(sys.argv[2]): print(f["key"], f["state"])' "$1" "$2"
}

# Addresses on the command line are the senders of the domains with them.
"$SENDWATCH" audit --json $R --probe spf good.auth.test 203.0.113.10 192.0.2.99 >"$tmp/a.json" 2>&1
expect_match "command-line address is checked as an SPF sender (pass)" \
	'^spf-sender/good.auth.test/203.0.113.10 ok$' "$(keys $tmp/a.json spf-sender/)"
expect_match "an address outside the record fails SPF (critical)" \
	'^spf-sender/good.auth.test/192.0.2.99 critical$' "$(keys $tmp/a.json spf-sender/)"

# From the config, [targets] ip is watched, not a sender of every domain.
cat >"$tmp/t.conf" <<CONF
[general]
dnsbl_catalog = no
[targets]
ip = 192.0.2.99
domain = good.auth.test
CONF
"$SENDWATCH" audit --json $R --probe spf -c "$tmp/t.conf" >"$tmp/b.json" 2>&1
expect_match "config targets: the domain's SPF record is checked" '^spf/good.auth.test ok$' "$(keys $tmp/b.json spf/)"
expect_eq "config targets: [targets] ip is not taken as a sender" "" "$(keys $tmp/b.json spf-sender/)"
cat >>"$tmp/t.conf" <<CONF
[domain good.auth.test]
spf_senders = 203.0.113.10
CONF
"$SENDWATCH" audit --json $R --probe spf -c "$tmp/t.conf" >"$tmp/c.json" 2>&1
expect_match "[domain] spf_senders are the senders" '^spf-sender/good.auth.test/203.0.113.10 ok$' "$(keys $tmp/c.json spf-sender/)"

# PTR: for sending addresses (given singly or as host:), not for a domain's
# web server nor the addresses of a network.
"$SENDWATCH" audit --json $R --probe ptr host:two.lab.test >"$tmp/d.json" 2>&1
expect_match "host: addresses get a PTR check" '^ptr/192.0.2.40 ' "$(keys $tmp/d.json ptr/)"
"$SENDWATCH" audit --json $R --probe ptr two.lab.test 198.51.100.0/30 >"$tmp/e.json" 2>&1
expect_eq "a bare name's and a network's addresses get no PTR check" "" "$(keys $tmp/e.json ptr/)"

# Exit status folds every probe: an authentication problem is a problem.
"$SENDWATCH" audit --json $R --probe spf,dmarc plusall.auth.test >"$tmp/f.json" 2>&1
expect_status "+all makes audit exit 2" 2 $?
"$SENDWATCH" audit --json $R --probe spf,dkim,dmarc,mx --dkim-selector s2048 good.auth.test >"$tmp/g.json" 2>&1
expect_status "a domain in order: audit exits 0" 0 $?
expect_match "--dkim-selector is the selector checked" '^dkim/good.auth.test/s2048 ok$' "$(keys $tmp/g.json dkim/)"

# SPF results for scripts: "spf_result" on each spf-sender finding.
# results FILE: "key spf_result" for each spf-sender finding
results() {
	python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["probe"] == "spf-sender": print(f["key"], f.get("spf_result"))' "$1"
}
"$SENDWATCH" audit --json $R --probe spf good.auth.test 203.0.113.10 192.0.2.99 >"$tmp/r.json" 2>&1
expect_eq "--json: spf_result of each sender" \
	"spf-sender/good.auth.test/203.0.113.10 pass
spf-sender/good.auth.test/192.0.2.99 fail" "$(results $tmp/r.json)"
# --mail-from's domain is checked without being a target; %{l} and %{h}.
"$SENDWATCH" audit --json $R --probe spf --mail-from bob@macros.auth.test \
	--helo mail.good.auth.test 192.0.2.1 >"$tmp/m.json" 2>&1
expect_eq "--mail-from and --helo: the sender's identity in SPF" \
	"spf-sender/macros.auth.test/192.0.2.1 pass" "$(results $tmp/m.json)"
# The null sender: the HELO name's record decides.
"$SENDWATCH" audit --json $R --probe spf --mail-from "" --helo helo.auth.test \
	192.0.2.33 192.0.2.34 >"$tmp/h.json" 2>&1
expect_eq "--mail-from \"\": the HELO identity is checked" \
	"spf-sender/helo.auth.test/192.0.2.33 pass
spf-sender/helo.auth.test/192.0.2.34 fail" "$(results $tmp/h.json)"
# [domain NAME] mail_from and helo say the same for the config's senders.
cat >"$tmp/m.conf" <<CONF
[general]
dnsbl_catalog = no
[domain macros.auth.test]
spf_senders = 192.0.2.1
mail_from = bob@macros.auth.test
helo = mail.good.auth.test
CONF
"$SENDWATCH" -c "$tmp/m.conf" audit --json $R --probe spf domain:macros.auth.test \
	>"$tmp/mc.json" 2>&1
expect_eq "[domain] mail_from and helo: the senders' identity in SPF" \
	"spf-sender/macros.auth.test/192.0.2.1 pass" "$(results $tmp/mc.json)"
# A MAIL FROM domain that cannot have a record is "none", not refused.
"$SENDWATCH" audit --json $R --probe spf --mail-from "a@b..auth.test" \
	192.0.2.33 >"$tmp/n.json" 2>&1
expect_eq "an invalid MAIL FROM domain gives none" \
	"spf-sender/b..auth.test/192.0.2.33 none" "$(results $tmp/n.json)"

done_testing
