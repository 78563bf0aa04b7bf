#!/bin/sh
# bounces.sh -- "sendwatch bounces" over generated Postfix and Exim logs
# (a plain file, a .gz file, and Exim on stdin, read in one run): every
# figure of the --json output is checked against counts derived from the
# generation spec below, plus --suppress, thresholds from the command
# line and the config, exit statuses, and damaged/missing files.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
case $SENDWATCH in /*) ;; *) SENDWATCH=$(pwd)/$SENDWATCH ;; esac
tmp=$(mktemp -d /tmp/sendwatch-bounces-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The spec: FILE DOMAIN KIND COUNT. Each KIND has one reply wording and
# one expected category (see kind_cat); "sent" is delivered.
cat >"$tmp/spec" <<'EOF'
p1 example.com sent 40
p1 example.com unknown 3
p1 example.com grey 4
p1 gmail.test sent 50
p1 gmail.test auth 2
p1 gmail.test ptr 1
p1 example.org spamhaus 2
p2 example.com sent 30
p2 example.com full 1
p2 example.org sent 20
p2 example.org timeout 2
p2 gmail.test unknown 1
ex example.net sent 25
ex example.net unknown 2
ex example.net grey 3
ex example.com spamhaus 1
EOF

# kind -> "status category"
kind_info() {
	case $1 in
	sent) echo "sent -" ;;
	unknown) echo "bounced bad-mailbox" ;;
	spamhaus) echo "bounced blocklisted" ;;
	auth) echo "bounced authentication" ;;
	ptr) echo "bounced reverse-dns" ;;
	full) echo "bounced mailbox-full" ;;
	grey) echo "deferred greylisted" ;;
	timeout) echo "deferred network" ;;
	esac
}

# gen FORMAT FILE: the log lines for the spec rows of FILE.
gen() {
	awk -v fmt="$1" -v want="$2" '
	function reply(kind, addr, dom) {
		if (kind == "unknown") return "550 5.1.1 <" addr ">: Recipient address rejected: User unknown in virtual alias table"
		if (kind == "spamhaus") return "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10"
		if (kind == "auth") return "550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 https://support.google.com/mail/answer/81126 d75a77b69052e-4b2fsi1234567qtb.12 - gsmtp"
		if (kind == "ptr") return "550-5.7.25 [192.0.2.10] The IP address sending this message does not have a 550-5.7.25 PTR record setup. 550 5.7.25 - gsmtp"
		if (kind == "full") return "552 5.2.2 <" addr ">: Mailbox full"
		if (kind == "grey") return "451 4.7.1 <" addr ">: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/" dom ".html"
		return ""
	}
	$1 == want {
		dom = $2; kind = $3
		st = kind == "sent" ? "sent" : (kind == "grey" || kind == "timeout") ? "deferred" : "bounced"
		for (i = 1; i <= $4; i++) {
			n++
			addr = "u" i "." kind "@" dom
			qid = sprintf("%X", 1048576 + n * 7 + length(want))
			r = reply(kind, addr, dom)
			if (fmt == "postfix") {
				print "Nov 23 14:00:0" n % 10 " mail postfix/smtpd[2345]: connect from client.example.org[198.51.100.5]"
				print "Nov 23 14:00:0" n % 10 " mail postfix/qmgr[4567]: " qid ": from=<news@example.org>, size=1234, nrcpt=1 (queue active)"
				if (st == "sent")
					text = "250 2.0.0 Ok: queued as 4B5C6D"
				else if (kind == "timeout")
					text = "connect to mx." dom "[192.0.2.25]:25: Connection timed out"
				else
					text = "host mx." dom "[192.0.2.25] said: " r " (in reply to RCPT TO command)"
				print "Nov 23 14:00:0" n % 10 " mail postfix/smtp[5678]: " qid ": to=<" addr ">, relay=mx." dom "[192.0.2.25]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=" (st == "sent" ? "2.0.0" : st == "deferred" ? "4.0.0" : "5.0.0") ", status=" st " (" text ")"
				print "Nov 23 14:00:0" n % 10 " mail postfix/qmgr[4567]: " qid ": removed"
			} else {
				id = sprintf("1vAB%02d-%06d-AB", n % 100, n)
				print "2026-11-23 14:00:00 " id " <= news@example.org H=localhost [127.0.0.1] P=esmtp S=1234"
				flag = st == "sent" ? "=>" : st == "deferred" ? "==" : "**"
				if (st == "sent")
					print "2026-11-23 14:00:01 " id " => " addr " R=dnslookup T=remote_smtp H=mx." dom " [192.0.2.25] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C=\"250 2.0.0 OK id=1vAB\""
				else
					print "2026-11-23 14:00:01 " id " " flag " " addr " R=dnslookup T=remote_smtp " (st == "deferred" ? "defer (-44) " : "") "H=mx." dom " [192.0.2.25]: SMTP error from remote mail server after RCPT TO:<" addr ">: " r
				print "2026-11-23 14:00:01 " id " Completed"
			}
		}
	}' "$tmp/spec"
}

gen postfix p1 >"$tmp/p1.log"
# a server that refused the connection: a reply outside any delivery
echo "Nov 23 14:01:00 mail postfix/smtp[5678]: 3AB12: host mx.example.org[192.0.2.26] refused to talk to me: 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.10" >>"$tmp/p1.log"
gen postfix p2 | gzip -c >"$tmp/p2.log.gz"
gen exim ex >"$tmp/ex.log"
lines=$(( $(wc -l <"$tmp/p1.log") + $(gunzip -c "$tmp/p2.log.gz" | wc -l) + $(wc -l <"$tmp/ex.log") ))

# expected figures from the spec: "DOMAIN|*" -> attempts delivered deferred bounced
while read -r f d k c; do
	info=$(kind_info "$k")
	echo "$f $d ${info% *} ${info#* } $c"
done <"$tmp/spec" >"$tmp/expanded"
sum() { # sum DOMAIN|* STATUS|* [CATEGORY] [FILE]
	awk -v dom="$1" -v st="$2" -v cat="${3:-}" -v file="${4:-}" '
		(dom == "*" || $2 == dom) && (st == "*" || $3 == st) &&
		(cat == "" || $4 == cat) && (file == "" || $1 == file) { s += $5 }
		END { print s + 0 }' "$tmp/expanded"
}
rate() { awk -v b="$1" -v d="$2" 'BEGIN { printf "%.2f", (b + d) ? 100 * b / (b + d) : 0 }'; }

out=$(cd "$tmp" && "$SENDWATCH" bounces --json --suppress "$tmp/suppress" p1.log p2.log.gz - <"$tmp/ex.log" 2>"$tmp/err"); st=$?
printf '%s\n' "$out" >"$tmp/out.json"
if jq -e .total "$tmp/out.json" >/dev/null 2>&1; then ok "--json output parses"; else fail "--json output parses" "$out"; fi
expect_eq "no errors on stderr" "" "$(cat "$tmp/err")"
j() { jq -r "$1" "$tmp/out.json"; }

expect_eq "files in order" '["p1.log","p2.log.gz","-"]' "$(jq -c .files "$tmp/out.json")"
expect_eq "lines read" "$lines" "$(j .lines)"
expect_eq "session replies" 1 "$(j .session_replies)"

check_counts() { # check_counts JQPATH DOMAIN-or-*
	a=$(sum "$2" "*"); d=$(sum "$2" sent); f=$(sum "$2" deferred); b=$(sum "$2" bounced)
	expect_eq "$2: attempts/delivered/deferred/bounced/rate" \
		"$a $d $f $b $(rate "$b" "$d")" \
		"$(jq -r "$1 | \"\(.attempts) \(.delivered) \(.deferred) \(.bounced) \(.bounce_rate | tostring)\"" "$tmp/out.json" | awk '{ $5 = sprintf("%.2f", $5); print }')"
	want=""
	for c in bad-mailbox mailbox-disabled mailbox-full host-unknown message-too-big sender-rejected blocklisted reputation authentication reverse-dns rate-limited greylisted content relay-denied tls-required policy network system other; do
		nb=$(sum "$2" bounced "$c"); nd=$(sum "$2" deferred "$c")
		[ "$nb" -gt 0 ] || [ "$nd" -gt 0 ] && want="$want$c:$nb/$nd "
	done
	expect_eq "$2: by category" "$want" \
		"$(jq -r "$1.by_category | to_entries | map(\"\(.key):\(.value.bounced)/\(.value.deferred) \") | join(\"\")" "$tmp/out.json")"
}
check_counts .total "*"
for d in example.com example.org example.net gmail.test; do
	check_counts ".domains[] | select(.domain == \"$d\")" "$d"
done
expect_eq "domains listed, most attempts first" \
	"$(for d in example.com example.org example.net gmail.test; do echo "$(sum "$d" "*") $d"; done | sort -k1,1nr -k2,2 | awk '{ print $2 }' | tr '\n' ' ')" \
	"$(j '.domains[].domain' | tr '\n' ' ')"

# categories: totals and their most common reply
expect_eq "categories section matches totals" \
	"$(j '.total.by_category | to_entries | map("\(.key) \(.value.bounced) \(.value.deferred)") | .[]')" \
	"$(j '.categories[] | "\(.category) \(.bounced) \(.deferred)"')"
expect_eq "bad-mailbox reply normalized, addresses hidden" \
	"550 5.1.1 <address>: Recipient address rejected: User unknown in virtual alias table $(sum "*" bounced bad-mailbox)" \
	"$(j '.categories[] | select(.category == "bad-mailbox") | .replies[0] | "\(.reply) \(.bounced)"')"
expect_eq "greylisting replies keep the domain part" \
	"$(grep -c grey "$tmp/spec")" \
	"$(j '[.categories[] | select(.category == "greylisted") | .replies[]] | length')"
expect_eq "authentication reply: side sender-dns, IANA code" "5.7.26 sender-dns" \
	"$(j '.categories[] | select(.category == "authentication") | .replies[0] | "\(.enhanced) \(.side)"')"

# blocklists: zone and IP, counted per reply including the session one
expect_eq "blocklists named" \
	"zen.spamhaus.org 192.0.2.10 $(sum "*" bounced blocklisted)|b.barracudacentral.org 192.0.2.10 1|" \
	"$(j '.blocklists[] | "\(.list) \(.ip) \(.count)|"' | tr -d '\n')"
expect_eq "authentication rejections per domain" \
	"gmail.test $(sum gmail.test bounced authentication)" \
	"$(j '.authentication[] | "\(.domain) \(.count)"')"
expect_eq "PTR rejections per domain" \
	"gmail.test $(sum gmail.test bounced reverse-dns)" \
	"$(j '.reverse_dns[] | "\(.domain) \(.count)"')"

# suppression list: every bad-mailbox hard bounce, once, sorted
want=$(awk '$3 == "unknown" { for (i = 1; i <= $4; i++) print "u" i ".unknown@" $2 }' "$tmp/spec" | sort)
expect_eq "suppress file" "$want" "$(cat "$tmp/suppress")"
expect_eq "suppressed count" "$(echo "$want" | wc -l)" "$(j .suppressed)"

# --metrics: the Prometheus text, read back by the official client's
# parser (python3-prometheus-client), carries the same figures
"$SENDWATCH" bounces --json --metrics "$tmp/m.prom" "$tmp/p1.log" "$tmp/p2.log.gz" "$tmp/ex.log" >"$tmp/o6" 2>&1
got=$(/usr/bin/python3 - "$tmp/m.prom" <<'PY' 2>&1
import sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in fam.samples:
        lab = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
        out.append("%s %s{%s} %.4f" % (fam.type, s.name, lab, s.value))
print("\n".join(sorted(out)))
PY
)
want=$(jq -r '
	(.total | "gauge sendwatch_bounce_rate_ratio{} \(.bounce_rate / 100)",
	  "gauge sendwatch_deliveries{outcome=bounced} \(.bounced)",
	  "gauge sendwatch_deliveries{outcome=deferred} \(.deferred)",
	  "gauge sendwatch_deliveries{outcome=delivered} \(.delivered)"),
	(.domains[] | .domain as $d |
	  "gauge sendwatch_domain_bounce_rate_ratio{domain=\($d)} \(.bounce_rate / 100)",
	  "gauge sendwatch_domain_deliveries{domain=\($d),outcome=bounced} \(.bounced)",
	  "gauge sendwatch_domain_deliveries{domain=\($d),outcome=deferred} \(.deferred)",
	  "gauge sendwatch_domain_deliveries{domain=\($d),outcome=delivered} \(.delivered)"),
	(.total.by_category | to_entries[] |
	  "gauge sendwatch_rejections{category=\(.key),outcome=bounced} \(.value.bounced)",
	  "gauge sendwatch_rejections{category=\(.key),outcome=deferred} \(.value.deferred)"),
	(.blocklists[] | "gauge sendwatch_blocklist_rejections{ip=\(.ip),list=\(.list)} \(.count)")
	' "$tmp/o6" | awk '{ $3 = sprintf("%.4f", $3); print }' | sort)
# categories never seen are exported as 0: compare the non-zero series
got_nz=$(printf '%s\n' "$got" | awk '$3 != "0.0000" || /ratio/' | sort)
want_nz=$(printf '%s\n' "$want" | awk '$3 != "0.0000" || /ratio/' | sort)
expect_eq "metrics file parses and matches the JSON figures" "$want_nz" "$got_nz"
expect_match "metrics: a score of series compared" "^[2-9][0-9]$" "$(printf "%s\n" "$want_nz" | grep -c sendwatch_)"
expect_eq "every category exported" 38 "$(printf '%s\n' "$got" | grep -c 'sendwatch_rejections{')"
expect_match "metrics file mode 0644" "^-rw-r--r--" "$(ls -l "$tmp/m.prom")"
"$SENDWATCH" bounces --metrics /nonexistent/dir/m.prom "$tmp/ex.log" >/dev/null 2>"$tmp/e6"; st=$?
expect_match "unwritable metrics file named" "/nonexistent/dir/m.prom" "$(cat "$tmp/e6")"

# status: rate above 5% is critical
r=$(rate "$(sum "*" bounced)" "$(sum "*" sent)")
want_st=$(awk -v r="$r" 'BEGIN { print (r > 5 ? 2 : 1) }')
expect_status "exit status from the bounce rate ($r%)" "$want_st" $st
expect_eq "status word" "$( [ "$want_st" = 2 ] && echo critical || echo warning)" "$(j .status)"

# thresholds from the command line and from the config
"$SENDWATCH" bounces --json --warn-rate 30% --crit-rate 40% "$tmp/p1.log" >"$tmp/o2" 2>&1; st=$?
expect_status "raised thresholds: a blocklist still warns" 1 $st
expect_eq "thresholds echoed" "30.00 40.00" "$(jq -r '"\(.thresholds.warn_rate) \(.thresholds.crit_rate)"' "$tmp/o2" | awk '{ printf "%.2f %.2f", $1, $2 }')"
printf '[bounces]\nwarn_rate = 50%%\ncrit_rate = 60%%\nlog = %s\n' "$tmp/p2.log.gz" >"$tmp/sw.conf"
"$SENDWATCH" -c "$tmp/sw.conf" bounces --json >"$tmp/o3" 2>&1; st=$?
expect_status "config thresholds and [bounces] log: ok" 0 $st
expect_eq "config log read" "[\"$tmp/p2.log.gz\"]" "$(jq -c .files "$tmp/o3")"
expect_eq "config log figures" "$(sum "*" "*" "" p2) $(sum "*" bounced "" p2)" \
	"$(jq -r '"\(.total.attempts) \(.total.bounced)"' "$tmp/o3")"

# gzip on stdin
expect_eq "gzip on stdin" "$(sum "*" "*" "" p2) $(sum "*" bounced "" p2)" \
	"$("$SENDWATCH" bounces --json - <"$tmp/p2.log.gz" | jq -r '"\(.total.attempts) \(.total.bounced)"')"

# text output carries the same figures
txt=$("$SENDWATCH" bounces "$tmp/p1.log" "$tmp/p2.log.gz" 2>&1)
expect_match "text: overall line" "^overall: $(( $(sum "*" sent) - $(sum example.net sent) )) delivered" "$txt"
expect_match "text: blocklist line" "zen\\.spamhaus\\.org +ip 192\\.0\\.2\\.10" "$txt"
expect_match "text: per-domain table" "^gmail\\.test +$(sum gmail.test "*") +$(sum gmail.test sent) " "$txt"

# damaged and missing input: named, the rest still read
# (a cut stream of lines without deliveries, so the count is exact)
awk 'BEGIN { for (i = 0; i < 5000; i++) print "Nov 23 14:00:00 mail postfix/smtpd[2345]: connect from c" i ".example.org[198.51.100.5]" }' |
	gzip -c | head -c 2000 >"$tmp/cut.log.gz"
"$SENDWATCH" bounces --json "$tmp/cut.log.gz" "$tmp/nonexistent.log" "$tmp/ex.log" >"$tmp/o4" 2>"$tmp/e4"; st=$?
expect_match "cut gzip named" "cut\\.log\\.gz: gzip data cut short" "$(cat "$tmp/e4")"
expect_match "missing file named" "nonexistent\\.log: No such file or directory" "$(cat "$tmp/e4")"
expect_eq "the readable file still counted" "$(sum "*" "*" "" ex)" \
	"$(jq -r .total.attempts "$tmp/o4")"
expect_eq "files_failed" 2 "$(jq -r .files_failed "$tmp/o4")"
"$SENDWATCH" bounces "$tmp/nonexistent.log" >/dev/null 2>&1; st=$?
expect_status "nothing readable: exit 3" 3 $st
"$SENDWATCH" bounces --warn-rate lots "$tmp/p1.log" >/dev/null 2>"$tmp/e5"; st=$?
expect_status "bad --warn-rate: exit 3" 3 $st
expect_match "bad --warn-rate named" "--warn-rate lots: expected a percentage" "$(cat "$tmp/e5")"

done_testing
