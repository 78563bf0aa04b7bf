# contrib_monitoring.sh -- contrib/prometheus/sendwatch-rules.yml and
# contrib/grafana/sendwatch.json: the rules parse (promtool check rules
# when Debian's prometheus package is installed, else a YAML parse and
# the rule shape), the alerts the issue names exist (listed, cannot
# check, bounce rate, certificate expiry), every metric they and the
# dashboard's panels use is one sendwatch writes (the certificate expiry
# metric excepted until the TLS probes write it), and `make install`
# puts the dashboard under share/sendwatch/grafana.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rules=$top/contrib/prometheus/sendwatch-rules.yml
dash=$top/contrib/grafana/sendwatch.json

if command -v promtool >/dev/null 2>&1; then
	out=$(promtool check rules "$rules" 2>&1)
	expect_status "promtool check rules" 0 $?
fi
out=$(python3 - "$rules" 2>&1 <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for g in d["groups"]:
    for r in g["rules"]:
        assert set(r) <= {"alert", "expr", "for", "labels", "annotations"}, r
        assert r["labels"]["severity"] in ("warning", "critical"), r
        assert r["annotations"]["summary"], r
        print("alert", r["alert"])
        print("expr", r["expr"])
EOF
)
expect_status "the rules are YAML of Prometheus's rule shape" 0 $?
for a in SendwatchListed SendwatchCannotCheck SendwatchBounceRateHigh SendwatchTlsCertExpiresSoon; do
	expect_match "rule $a" "^alert $a\$" "$out"
done
out2=$(python3 - "$dash" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["uid"] and d["title"]
for p in d["panels"]:
    assert p["targets"], p["title"]
    for t in p["targets"]:
        print("expr", t["expr"])
EOF
)
expect_status "the Grafana dashboard is JSON with a query per panel" 0 $?
written=$(grep -rhoE '"sendwatch_[a-z_]+"' "$top/monitor" "$top/probes" "$top/alerts" | tr -d '"' | sort -u)
used=$(printf '%s\n%s\n' "$out" "$out2" | sed -n 's/^expr //p' | grep -oE 'sendwatch_[a-z_]+' | sort -u)
missing=""
for m in $used; do
	[ "$m" = sendwatch_tls_cert_expiry_seconds ] && continue
	printf '%s\n' "$written" | grep -qx "$m" || missing="$missing $m"
done
expect_eq "every metric the rules and panels use is one sendwatch writes" "" "$missing"

make -s -C "$top" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/install.out" 2>&1
[ -f "$tmp/root/usr/share/sendwatch/grafana/sendwatch.json" ] && ok "make install: share/sendwatch/grafana/sendwatch.json" ||
	fail "make install: share/sendwatch/grafana/sendwatch.json" "$(cat "$tmp/install.out")"
done_testing
