# service_tlsrpt.sh -- TLS-RPT reports (RFC 8460) in the reports probe of
# `sendwatch run`, with a real webhook receiver on loopback: reports
# dropped into [reports] directory under a running service. A baseline of
# successful sessions gives no event; failed sessions above
# tlsrpt_failure_threshold give one event for the domain and one for the
# new failure type, however many cycles and reports follow; another new
# failure type gives exactly one more; failure reports (ruf) imported
# alongside raise nothing of their own.
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
field() {
	$PY -c 'import json,sys
for l in open(sys.argv[1]).read().splitlines():
    b = json.loads(l)["body"]
    if b["key"] == sys.argv[2]: print(b[sys.argv[3]])' "$tmp/a.jsonl" "$1" "$2"
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# tlsrpt ID OK FAILED [TYPE SESSIONS]...: a report about example.com's
# MTA-STS policy, its range ending 10 minutes ago (the window is 1h)
tlsrpt() {
	id=$1 ok=$2 failed=$3; shift 3
	now=$(date +%s)
	details=""
	while [ $# -ge 2 ]; do
		details="$details${details:+,}{\"result-type\":\"$1\",\"sending-mta-ip\":\"198.51.100.7\",\"receiving-mx-hostname\":\"mx1.example.com\",\"failed-session-count\":$2}"
		shift 2
	done
	cat >"$tmp/in/.$id.tmp" <<JSON
{"organization-name":"Receiver T","date-range":{"start-datetime":"$(iso $((now - 1200)))","end-datetime":"$(iso $((now - 600)))"},
 "contact-info":"tlsrpt@receiver-t.example","report-id":"$id",
 "policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com","mx-host":["mx1.example.com"]},
 "summary":{"total-successful-session-count":$ok,"total-failure-session-count":$failed},
 "failure-details":[$details]}]}
JSON
	gzip -c "$tmp/in/.$id.tmp" >"$tmp/in/.$id.gz" && rm "$tmp/in/.$id.tmp"
	mv "$tmp/in/.$id.gz" "$tmp/in/$id.json.gz"
}

mkdir "$tmp/in"
echo "http://127.0.0.1:$A/hook" >"$tmp/hook.url"
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[reports]
directory = $tmp/in
window = 1h
tlsrpt_failure_threshold = 1%
tlsrpt_min_failed_sessions = 10
[alert hook]
type = webhook
url_file = $tmp/hook.url
probes = reports
[schedule]
auth = 7d
reports = 1s
jitter = 0s
EOF
tlsrpt base-1 1000 0
"$SENDWATCH" run -c "$tmp/run.conf" 2>"$tmp/run.err" &
run_pid=$!
wait_for 30 cycles_past 3 || fail "three cycles" "$(tail -5 "$tmp/run.err")"
expect_eq "baseline of successful sessions: no event" 0 "$(lines "$tmp/a.jsonl")"
expect_eq "the domain is an ok finding" 0 \
	"$(sqlite3 "$tmp/state.db" "SELECT state FROM state WHERE key = 'reports/example.com/tls-failures'" 2>&1)"

# below the threshold: 9 failures of 1509 sessions (0.6%), a new type
tlsrpt low-1 500 9 certificate-expired 9
wait_for 20 has_lines "$tmp/a.jsonl" 1 && ok "a new failure type: an event" ||
	fail "a new failure type: an event" "$(tail -5 "$tmp/run.err")"
c=$(cycles); wait_for 30 cycles_past $((c + 3))
expect_eq "only the type's event: the domain is below 1%" \
	"reports/example.com/tls-failure/certificate-expired=warning" "$(event_keys "$tmp/a.jsonl")"
expect_match "the type's summary counts" "example.com: 9 TLS sessions failed with certificate-expired in the last 1h" \
	"$(field reports/example.com/tls-failure/certificate-expired summary)"
expect_match "the type's detail says what to do" "renew it" \
	"$(field reports/example.com/tls-failure/certificate-expired detail)"

# above it: 29 of 1529 failed (1.9%), at least 10
tlsrpt high-1 0 20 certificate-expired 20
wait_for 20 has_lines "$tmp/a.jsonl" 2 && ok "failed sessions above the threshold: an event" ||
	fail "failed sessions above the threshold: an event" "$(tail -5 "$tmp/run.err")"
expect_match "its summary counts" "example.com: 29 of 1529 TLS sessions failed \\(1.9%\\) in the last 1h" \
	"$(field reports/example.com/tls-failures summary)"
expect_match "its detail names the threshold" "more than 1% of their TLS sessions to example.com's MX failed" \
	"$(field reports/example.com/tls-failures detail)"
tlsrpt high-2 0 30 certificate-expired 30
cp "$top/tests/data/reports/ruf/google-arf.eml" "$tmp/in/ruf.eml"
c=$(cycles); wait_for 30 cycles_past $((c + 4))
expect_eq "more failures of the same type, a failure report: no more events" \
	"reports/example.com/tls-failure/certificate-expired=warning reports/example.com/tls-failures=warning" "$(event_keys "$tmp/a.jsonl")"
expect_eq "the failure report was imported" 1 "$(sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM ruf_reports")"

tlsrpt new-type-1 100 1 starttls-not-supported 1
wait_for 20 has_lines "$tmp/a.jsonl" 3 && ok "another new failure type: an event" ||
	fail "another new failure type: an event" "$(tail -5 "$tmp/run.err")"
c=$(cycles); wait_for 30 cycles_past $((c + 4))
expect_eq "each once" \
	"reports/example.com/tls-failure/certificate-expired=warning reports/example.com/tls-failure/starttls-not-supported=warning reports/example.com/tls-failures=warning" "$(event_keys "$tmp/a.jsonl")"
expect_eq "every report stored once" 5 "$(sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM tlsrpt_reports")"

kill "$run_pid"; wait "$run_pid" 2>/dev/null; run_pid=""
done_testing
