# service_reports.sh -- the DMARC reports probe of `sendwatch run`, with a
# real webhook receiver on loopback: reports dropped into [reports]
# directory under a running service become findings over [reports]
# window. A baseline of passing mail gives no event; a new source failing
# DMARC gives exactly one event, however many cycles see it and however
# its counts grow; a new DKIM selector gives exactly one event; a source
# whose reports leave the window gives one recovery event.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
top=${SENDWATCH_TOP:-.}
PY=/usr/bin/python3
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""; a_pid=""
cleanup() {
	for p in $run_pid $a_pid; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

receiver_start "$tmp/a.jsonl" 0 || fail "receiver listens"
a_pid=$rcv_pid; A=$rcv_port
# field N K: field K of the body of the Nth event received
field() {
	$PY -c 'import json,sys
l = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]) - 1]
print(json.loads(l)["body"][sys.argv[3]])' "$tmp/a.jsonl" "$1" "$2"
}

# report ID SOURCE COUNT DKIM SPF SELECTOR [AGE]: one record, its date
# range ending AGE seconds ago (default 600; the window is 1h)
report() {
	now=$(date +%s)
	age=${7:-600}
	if [ "$6" = - ]; then sig=""; else
		sig="<dkim><domain>example.com</domain><selector>$6</selector><result>$4</result></dkim>"
	fi
	cat >"$tmp/in/.$1.tmp" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata>
    <org_name>Receiver S</org_name>
    <email>dmarc@receiver-s.example</email>
    <report_id>$1</report_id>
    <date_range><begin>$((now - age - 600))</begin><end>$((now - age))</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>
  <record>
    <row>
      <source_ip>$2</source_ip>
      <count>$3</count>
      <policy_evaluated><disposition>none</disposition><dkim>$4</dkim><spf>$5</spf></policy_evaluated>
    </row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results>$sig<spf><domain>example.com</domain><result>$5</result></spf></auth_results>
  </record>
</feedback>
XML
	mv "$tmp/in/.$1.tmp" "$tmp/in/$1.xml"
}

mkdir "$tmp/in"
echo "http://127.0.0.1:$A/hook" >"$tmp/hook.url"
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[domain example.com]
spf_senders = 192.0.2.0/24
dkim_selectors = s1
[reports]
directory = $tmp/in
window = 1h
new_source_min_messages = 10
[alert hook]
type = webhook
url_file = $tmp/hook.url
probes = reports
[schedule]
auth = 7d
reports = 1s
jitter = 0s
EOF
# the baseline: the authorized source, passing, with the known selector
report base-1 192.0.2.10 40 pass pass s1
"$SENDWATCH" run -c "$tmp/run.conf" 2>"$tmp/run.err" &
run_pid=$!
wait_for 30 cycles_past 3 || fail "three cycles" "$(tail -5 "$tmp/run.err")"
expect_eq "baseline of passing mail: no event" 0 "$(lines "$tmp/a.jsonl")"
expect_eq "the baseline source is stored as an ok finding (state 0)" 0 \
	"$(sqlite3 "$tmp/state.db" "SELECT state FROM state WHERE key = 'reports/example.com/source/192.0.2.10'" 2>&1)"

# --- a new source, not authorized, failing DMARC ------------------------------------
report spoof-1 203.0.113.9 12 fail fail -
wait_for 20 has_lines "$tmp/a.jsonl" 1 && ok "new failing source: an event" ||
	fail "new failing source: an event" "$(tail -5 "$tmp/run.err")"
expect_eq "its key" "reports/example.com/source/203.0.113.9" "$(field 1 key)"
expect_eq "its state" "warning" "$(field 1 to)"
expect_match "its summary" "new source 203\\.0\\.113\\.9 \\(.*\\) sent 12 messages as example\\.com, failing DMARC" \
	"$(field 1 summary)"
expect_match "its fix" "p=reject" "$(field 1 detail)"
c=$(cycles)
report spoof-2 203.0.113.9 30 fail fail -
wait_for 30 cycles_past $((c + 4)) || fail "four more cycles"
expect_eq "the same source sending more: still one event" 1 "$(lines "$tmp/a.jsonl")"

# --- a new DKIM selector -------------------------------------------------------------
report sel-1 192.0.2.10 5 pass pass s9
wait_for 20 has_lines "$tmp/a.jsonl" 2 && ok "new DKIM selector: an event" ||
	fail "new DKIM selector: an event" "$(tail -5 "$tmp/run.err")"
expect_eq "its key" "reports/example.com/dkim-selector/s9" "$(field 2 key)"
expect_match "its summary" "new DKIM selector s9 seen for example\\.com: add it to dkim_selectors" \
	"$(field 2 summary)"
c=$(cycles)
report sel-2 192.0.2.10 7 pass pass s9
wait_for 30 cycles_past $((c + 4)) || fail "four more cycles"
expect_eq "exactly one event per new situation" 2 "$(lines "$tmp/a.jsonl")"

# --- a failing source whose only report leaves the window in a few seconds -----------
report old-1 198.51.100.20 15 fail fail - $((3600 - 15))
wait_for 20 has_lines "$tmp/a.jsonl" 3 && ok "source about to leave the window: an event" ||
	fail "source about to leave the window: an event" "$(tail -5 "$tmp/run.err")"
expect_eq "its key and state" "reports/example.com/source/198.51.100.20 warning" \
	"$(field 3 key) $(field 3 to)"
wait_for 30 has_lines "$tmp/a.jsonl" 4 && ok "it left the window: a recovery event" ||
	fail "it left the window: a recovery event" "$(tail -5 "$tmp/run.err")"
expect_eq "the recovery's key and state" "reports/example.com/source/198.51.100.20 ok" \
	"$(field 4 key) $(field 4 to)"
expect_match "the recovery says why" "sent no messages as example\.com in the last 1h" "$(field 4 summary)"
c=$(cycles)
wait_for 30 cycles_past $((c + 3)) || fail "three more cycles"
expect_eq "no more events" 4 "$(lines "$tmp/a.jsonl")"

kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "SIGTERM: exit 0" 0 $st

done_testing
