# service_imap.sh -- the reports probe of `sendwatch run` reading [reports]
# imap_url (the lab's Dovecot, tests/lab/imap.sh), with a real webhook
# receiver on loopback: TLS-RPT reports arrive as mail (RFC 8460 §5.3,
# application/tlsrpt+gzip) in the mailbox of a running service, with a
# DMARC failure report beside them. Each cycle moves what it read out of
# the INBOX; a baseline of successful sessions gives no event; failed
# sessions above tlsrpt_failure_threshold give one event for the domain
# and one for the new failure type, however many cycles and reports
# follow; every report is stored once; the password is never logged.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_IMAPS
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

USER=svc-imap@lab.test
PASS=svc-imap-password-$$
sh "$top/tests/lab/imap.sh" user "$LAB_DIR" "$USER" "$PASS" || fail "a mailbox of its own"
printf '%s\n' "$PASS" >"$tmp/password"
receiver_start "$tmp/a.jsonl" 0 || fail "receiver listens"
a_pid=$rcv_pid; A=$rcv_port
count() {
	curl -s --cacert "$LAB_IMAP_CA" --user "$USER:$PASS" "imaps://$LAB_IMAPS/" \
		-X "STATUS \"$1\" (MESSAGES)" | sed -n 's/.*(MESSAGES \([0-9]*\)).*/\1/p'
}
inbox_empty() { [ "$(count INBOX)" = 0 ]; }

# mail ID OK FAILED [TYPE SESSIONS]: a TLS-RPT report about example.com's
# MTA-STS policy (its range ending 10 minutes ago; the window is 1h), as
# the mail a sender sends, delivered into the INBOX
mail() {
	$PY - "$tmp/$1.eml" "$@" <<'EOF'
import gzip, json, sys, time
from email.message import EmailMessage
from email import policy
out, rid, ok, failed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
now = int(time.time())
details = [{"result-type": sys.argv[i], "sending-mta-ip": "198.51.100.7",
            "receiving-mx-hostname": "mx1.example.com",
            "failed-session-count": int(sys.argv[i + 1])}
           for i in range(5, len(sys.argv) - 1, 2)]
report = {"organization-name": "Receiver T",
          "date-range": {"start-datetime": iso(now - 1200), "end-datetime": iso(now - 600)},
          "contact-info": "tlsrpt@receiver-t.example", "report-id": rid,
          "policies": [{"policy": {"policy-type": "sts", "policy-domain": "example.com",
                                   "mx-host": ["mx1.example.com"]},
                        "summary": {"total-successful-session-count": ok,
                                    "total-failure-session-count": failed},
                        "failure-details": details}]}
m = EmailMessage(policy=policy.SMTP)
m["From"] = "tlsrpt-noreply@receiver-t.example"
m["To"] = "tlsrpt@example.com"
m["Subject"] = "Report Domain: example.com Submitter: receiver-t.example Report-ID: <%s>" % rid
m["TLS-Report-Domain"] = "example.com"
m["TLS-Report-Submitter"] = "receiver-t.example"
m.set_content("This is an aggregate TLS report from receiver-t.example.\n")
m.add_attachment(gzip.compress(json.dumps(report).encode(), mtime=0),
                 maintype="application", subtype="tlsrpt+gzip",
                 filename="receiver-t.example!example.com!%d!%d!%s.json.gz" % (now - 1200, now - 600, rid))
open(out, "wb").write(bytes(m))
EOF
	sh "$top/tests/lab/imap.sh" seed "$LAB_DIR" "$USER" "$tmp/$1.eml"
}

echo "http://127.0.0.1:$A/hook" >"$tmp/hook.url"
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[reports]
imap_url = imaps://$LAB_IMAPS/INBOX
imap_username = $USER
imap_password_file = $tmp/password
imap_ca_file = $LAB_IMAP_CA
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
mail base-1 1000 0
"$SENDWATCH" run -c "$tmp/run.conf" 2>"$tmp/run.err" &
run_pid=$!
wait_for 30 cycles_past 3 || fail "three cycles" "$(tail -5 "$tmp/run.err")"
expect_eq "the baseline mail was read and moved" "0 1" "$(count INBOX) $(count reports-imported)"
expect_eq "baseline of successful sessions: no event" 0 "$(lines "$tmp/a.jsonl")"

# above the threshold (29 of 1029 failed, a new failure type), and a
# DMARC failure report beside it
mail high-1 0 29 certificate-expired 29
sh "$top/tests/lab/imap.sh" seed "$LAB_DIR" "$USER" "$top/tests/data/reports/ruf/google-arf.eml"
wait_for 30 has_lines "$tmp/a.jsonl" 2 && ok "failed sessions above the threshold: events" ||
	fail "failed sessions above the threshold: events" "$(tail -5 "$tmp/run.err")"
wait_for 20 inbox_empty || fail "the INBOX is emptied"
mail high-2 0 30 certificate-expired 30
c=$(cycles); wait_for 30 cycles_past $((c + 4))
wait_for 20 inbox_empty || fail "the INBOX is emptied"
expect_eq "the domain and the failure type: one event each, however many cycles" \
	"reports/example.com/tls-failure/certificate-expired=warning reports/example.com/tls-failures=warning" "$(event_keys "$tmp/a.jsonl")"
expect_eq "every report stored once: 3 TLS-RPT, 1 failure report" "3 1" \
	"$(sqlite3 "$tmp/state.db" 'SELECT (SELECT COUNT(*) FROM tlsrpt_reports) || " " || (SELECT COUNT(*) FROM ruf_reports)')"
expect_eq "every message moved once, none failed" "0 4 0" \
	"$(count INBOX) $(count reports-imported) $(count reports-failed)"
expect_match "the log counts what each cycle read" \
	'reports: IMAP: 1 messages, 1 moved to reports-imported, 0 to reports-failed, 0 left; imported 0 reports \(0 records\), 1 TLS-RPT report' \
	"$(cat "$tmp/run.err")"
expect_no_match "the password is never logged" "$PASS" "$(cat "$tmp/run.err")"

kill "$run_pid"; wait "$run_pid" 2>/dev/null; run_pid=""
done_testing
