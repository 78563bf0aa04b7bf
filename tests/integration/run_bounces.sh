#!/bin/sh
# run_bounces.sh -- the service follows a mail log: `sendwatch run`
# (bounces every second, the lab's resolver) while the test appends to
# the log, rotates it, restarts the service and truncates the log. Checks
# the events (bounce rate over the threshold and back, a receiver naming
# bl.lab.test confirmed by the list at once, authentication rejections)
# and that every delivery line is counted exactly once (the follower's
# minute buckets in the state database), never re-read after a restart
# or rotation; and that the STATE.bounces text file of earlier versions
# is taken over once (its offset honoured) and then removed.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
case $SENDWATCH in /*) ;; *) SENDWATCH=$(pwd)/$SENDWATCH ;; esac
export LC_ALL=C
if [ -z "${LAB_RESOLVER:-}" ]; then
	fail "the lab is running (LAB_RESOLVER; tests/run.sh starts it)"
	done_testing
	exit 1
fi
tmp=$(mktemp -d /tmp/sendwatch-run-bounces-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
log=$tmp/mail.log
cat >"$tmp/sw.conf" <<EOF
[general]
state = $tmp/state.db
metrics_file = $tmp/metrics.prom
resolver = $LAB_RESOLVER
[schedule]
bounces = 1s
jitter = 0s
confirm_listing = 1
confirm_delisting = 1
[bounces]
log = $log
window = 1h
warn_rate = 2%
crit_rate = 5%
EOF

stamp() { date '+%b %e %H:%M:%S'; }
sent() { # sent N TAG >> file
	i=0; while [ $i -lt "$1" ]; do i=$((i + 1))
		echo "$(stamp) mail postfix/smtp[1]: S$2$i: to=<u$i.$2@example.com>, relay=mx.example.com[192.0.2.25]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)"
	done
}
bounced() { # bounced N TAG
	i=0; while [ $i -lt "$1" ]; do i=$((i + 1))
		echo "$(stamp) mail postfix/smtp[1]: B$2$i: to=<b$i.$2@example.com>, relay=mx.example.com[192.0.2.25]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.25] said: 550 5.1.1 User unknown (in reply to RCPT TO command))"
	done
}
# delivered/deferred/bounced counted so far, from the state database
db=$tmp/state.db
sql() { sqlite3 -cmd '.timeout 5000' "$db" "$1" 2>/dev/null; }
counted() { sql "SELECT COALESCE(SUM(delivered), 0) || ' ' || COALESCE(SUM(deferred), 0) || ' ' || COALESCE(SUM(bounced), 0) FROM bounce_buckets"; }
offset() { sql "SELECT offset FROM bounce_logs"; }
# wait_for WHAT COMMAND...: up to 30 s for COMMAND to succeed
wait_for() {
	what=$1; shift; n=0
	while ! "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		if [ $n -ge 60 ]; then fail "$what (waited 30 s)"; return 1; fi
		sleep 0.5
	done
	ok "$what"
}
size_is() { [ "$(offset)" = "$(wc -c <"$log" | tr -d ' ')" ]; }
counted_is() { [ "$(counted)" = "$1" ]; }
event_is() { # event_is KEY TO: the latest event of KEY went to TO
	"$SENDWATCH" events --json -c "$tmp/sw.conf" 2>/dev/null |
		jq -e --arg k "$1" --arg t "$2" '[.events[] | select(.key == $k)] | last | .to == $t' >/dev/null
}
start() {
	"$SENDWATCH" run -c "$tmp/sw.conf" >>"$tmp/run.log" 2>&1 &
	pid=$!
}
stop() { kill "$pid"; wait "$pid"; pid=""; }

sent 20 a >"$log"
start
wait_for "first cycle reads the whole log" size_is
wait_for "20 delivered counted" counted_is "20 0 0"

# 3 bounced and a blocklist rejection: 4 of 24 finished bounced (16.7%)
{ bounced 3 a
  echo "$(stamp) mail postfix/smtp[1]: C1: to=<c1@example.org>, relay=mx.example.org[192.0.2.26]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.26] said: 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using bl.lab.test; https://bl.lab.test/lookup?192.0.2.10 (in reply to RCPT TO command))"
  echo "$(stamp) mail postfix/smtp[1]: C2: to=<c2@gmail.test>, relay=mx.gmail.test[192.0.2.27]:25, dsn=5.7.26, status=bounced (host mx.gmail.test[192.0.2.27] said: 550-5.7.26 Unauthenticated email from example.org is not accepted due to 550 5.7.26 domain's DMARC policy. - gsmtp (in reply to end of DATA command))"
} >>"$log"
wait_for "bounces counted" counted_is "20 0 5"
wait_for "rate event: critical" event_is bounces/rate critical
wait_for "blocklist event: critical (the list confirms it)" event_is bounces/blocklisted/bl.lab.test/192.0.2.10 critical
ev=$("$SENDWATCH" events --json -c "$tmp/sw.conf")
expect_match "the event names the list and the IP, and what the list said" \
	'receivers say 192\.0\.2\.10 is on bl\.lab\.test \(1 replies in the last 1h\); asked at once, the list says: 192\.0\.2\.10 listed on bl\.lab\.test \(127\.0\.0\.2\)' \
	"$(printf '%s' "$ev" | jq -r '.events[] | select(.key == "bounces/blocklisted/bl.lab.test/192.0.2.10") | .summary' | tail -n 1)"
expect_eq "confirmed in the detail" "named by receivers and confirmed by the list" \
	"$(printf '%s' "$ev" | jq -r '[.events[] | select(.key == "bounces/blocklisted/bl.lab.test/192.0.2.10")] | last | .detail')"
expect_match "rate event figures" "bounce rate 20\\.00% over the last 1h: 5 bounced, 20 delivered, 0 deferred" \
	"$(printf '%s' "$ev" | jq -r '[.events[] | select(.key == "bounces/rate")] | last | .summary')"
wait_for "authentication event for gmail.test" event_is bounces/authentication/gmail.test warning

# the metrics file after each cycle, read by prometheus_client's parser
metrics() { # "name{k=v,...} value" lines, sorted labels
	/usr/bin/python3 - "$tmp/metrics.prom" <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in fam.samples:
        lab = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
        print("%s{%s} %g" % (s.name, lab, s.value))
PY
}
metrics_have() { metrics 2>/dev/null | grep -qxF "$1"; }
# a DMARC aggregate report of the last day, stored in the state database:
# 8 of 10 messages pass (aligned DKIM), 2 fail both
end=$(date +%s)
record() { # record COUNT DKIM SPF
	printf '<record><row><source_ip>192.0.2.10</source_ip><count>%s</count><policy_evaluated><disposition>none</disposition><dkim>%s</dkim><spf>%s</spf></policy_evaluated></row><identifiers><header_from>example.org</header_from></identifiers><auth_results><dkim><domain>example.org</domain><result>%s</result></dkim><spf><domain>example.org</domain><result>%s</result></spf></auth_results></record>' "$1" "$2" "$3" "$2" "$3"
}
{ printf '<?xml version="1.0"?><feedback><report_metadata><org_name>receiver.test</org_name><email>dmarc@receiver.test</email><report_id>r-%s</report_id><date_range><begin>%s</begin><end>%s</end></date_range></report_metadata><policy_published><domain>example.org</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>' "$end" $((end - 86400)) "$end"
  record 8 pass fail; record 2 fail fail; printf '</feedback>\n'; } >"$tmp/report.xml"
"$SENDWATCH" reports import --db "$tmp/state.db" "$tmp/report.xml" >"$tmp/import.log" 2>&1
expect_match "report stored" "^imported 1 report \\(2 records\\)" "$(cat "$tmp/import.log")"
wait_for "metrics: DMARC pass rate per domain" metrics_have "sendwatch_dmarc_pass_ratio{domain=example.org} 0.8"
expect_match "metrics: DMARC messages" "^sendwatch_dmarc_messages\\{domain=example\\.org\\} 10$" "$(metrics 2>&1)"
wait_for "metrics: bounce rate of the window" metrics_have "sendwatch_bounce_rate_ratio{} 0.2"
m=$(metrics 2>&1)
expect_match "metrics: bounced in the window" "^sendwatch_deliveries\{outcome=bounced\} 5$" "$m"
expect_match "metrics: delivered in the window" "^sendwatch_deliveries\{outcome=delivered\} 20$" "$m"
expect_match "metrics: findings by state (rate and blocklist critical)" "^sendwatch_findings\{state=critical\} 2$" "$m"
expect_match "metrics: findings by state (authentication warning)" "^sendwatch_findings\{state=warning\} 1$" "$m"
expect_match "metrics: outbox backlog (no alert sinks)" "^sendwatch_outbox_backlog\\{\\} 0$" "$m"
expect_match "metrics: cycle duration" "^sendwatch_cycle_duration_seconds\{\} [0-9.e-]+$" "$m"
expect_match "metrics file mode 0644" "^-rw-r--r--" "$(ls -l "$tmp/metrics.prom")"

# rotation: the old file gets two more lines after the move, the new
# one 300; every line is counted once: 5 of 327 bounced, 1.5% -> ok
mv "$log" "$log.1"
sent 2 b >>"$log.1"
sent 300 c >"$log"
wait_for "after rotation: old tail and new file counted once" counted_is "322 0 5"
wait_for "rate event: back to ok" event_is bounces/rate ok

# restart: resumes at the stored offset, nothing read twice
stop
sent 30 d >>"$log"
start
wait_for "after restart: only the new lines" counted_is "352 0 5"
wait_for "offset at the end of the log" size_is

# truncation: read from the start again
: >"$log"
sent 5 e >>"$log"
wait_for "after truncation: the new lines" counted_is "357 0 5"

# a line being written (no newline yet) waits for its end
printf '%s mail postfix/smtp[1]: P1: to=<p@example.com>, relay=mx[192.0.2.25]:25, dsn=2.0.0, status=se' "$(stamp)" >>"$log"
sleep 2
expect_eq "a half-written line is not counted" "357 0 5" "$(counted)"
echo 'nt (250 ok)' >>"$log"
wait_for "its end arrives: counted" counted_is "358 0 5"

stop
expect_no_match "no errors logged" "[Ee][Rr][Rr][Oo][Rr]|cannot" "$(cat "$tmp/run.log")"
expect_eq "no STATE.bounces file is written" "no" "$([ -e "$tmp/state.db.bounces" ] && echo yes || echo no)"

# an earlier version's STATE.bounces: 6 lines read, counted in its
# bucket; the service takes it over, reads on from its offset (4 new
# lines) and removes the file once the database holds it
mkdir "$tmp/m"
sent 6 f >"$tmp/m/mail.log"
sed -e "s|$tmp/state.db|$tmp/m/state.db|" -e "s|$log|$tmp/m/mail.log|" \
	-e '/^metrics_file/d' "$tmp/sw.conf" >"$tmp/m/sw.conf"
printf '# sendwatch: where the mail logs were read up to\nlog\t%s\t%s\t%s\t%s\nbucket\t%s\t6\t0\t0\n' \
	"$(stat -c %d "$tmp/m/mail.log")" "$(stat -c %i "$tmp/m/mail.log")" \
	"$(wc -c <"$tmp/m/mail.log" | tr -d ' ')" "$tmp/m/mail.log" \
	$(($(date +%s) / 60)) >"$tmp/m/state.db.bounces"
sent 4 g >>"$tmp/m/mail.log"
db=$tmp/m/state.db
"$SENDWATCH" run -c "$tmp/m/sw.conf" >>"$tmp/m/run.log" 2>&1 &
pid=$!
wait_for "taken over: the file's 6 lines and the 4 new ones, each once" counted_is "10 0 0"
legacy_gone() { [ ! -e "$tmp/m/state.db.bounces" ]; }
wait_for "the STATE.bounces file is removed" legacy_gone
stop
expect_no_match "no errors logged while taking it over" "[Ee][Rr][Rr][Oo][Rr]|cannot" "$(cat "$tmp/m/run.log")"
done_testing
