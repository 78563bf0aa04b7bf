# service_alerts.sh -- how `sendwatch run` treats webhook receivers that
# answer badly, with real receivers on loopback: 503 (with Retry-After) is
# retried until the receiver is well again, then delivered once; 400 is
# refused for good (status "failed" in `sendwatch events`) and does not
# hold up later events; HTTPS with a self-signed certificate is refused
# while tls_verify is on (the default) and delivered with tls_verify = no.
# A format = text sink with template_file gets its template filled in; its
# URL is given inline (url =, a receiver without a token) rather than in
# a url_file.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
top=${SENDWATCH_TOP:-.}
PY=/usr/bin/python3
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
svc_init
run_pid=""; a_pid=""; b_pid=""; c_pid=""; t_pid=""; p_pid=""
cleanup() {
	for p in $run_pid $a_pid $b_pid $c_pid $t_pid $p_pid; do kill "$p" 2>/dev/null; done
	svc_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

# receivers on ports the kernel picks (no race with tests running beside);
# A keeps its port across restarts
A=0
start_a() {	# start_a [--status CODE]: the plain HTTP receiver
	receiver_start "$tmp/a.jsonl" "$A" "$@" || fail "receiver A listens"
	a_pid=$rcv_pid; A=$rcv_port
}
stop_a() { kill "$a_pid"; wait "$a_pid" 2>/dev/null; a_pid=""; }
events() { "$SENDWATCH" events -c "$tmp/run.conf" --since 1h 2>&1; }
events_match() { events | grep -Eq -- "$1"; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1 || fail "openssl makes a self-signed certificate"
receiver_start "$tmp/b.jsonl" 0 --tls "$tmp/cert.pem" "$tmp/key.pem" || fail "TLS receiver listens"
b_pid=$rcv_pid; B=$rcv_port
start_a --status 503
receiver_start "$tmp/c.jsonl" 0 || fail "template receiver listens"
c_pid=$rcv_pid; C=$rcv_port
T=$(free_port 12625)
mkdir -p "$tmp/mt/new" "$tmp/mt/cur" "$tmp/mt/tmp" "$tmp/mp/new" "$tmp/mp/cur" "$tmp/mp/tmp"
$PY -m aiosmtpd -n -l "127.0.0.1:$T" --tlscert "$tmp/cert.pem" --tlskey "$tmp/key.pem" \
	-c aiosmtpd.handlers.Mailbox "$tmp/mt" 2>"$tmp/smtp-t.log" &
t_pid=$!
wait_for 10 ss -Hltn "sport = :$T" || fail "STARTTLS SMTP server listens"
P=$(free_port $((T + 1)))
$PY -m aiosmtpd -n -l "127.0.0.1:$P" -c aiosmtpd.handlers.Mailbox "$tmp/mp" 2>"$tmp/smtp-p.log" &
p_pid=$!
wait_for 10 ss -Hltn "sport = :$P" || fail "plain SMTP server listens"

echo "http://127.0.0.1:$A/plain" >"$tmp/plain.url"
echo "https://127.0.0.1:$B/strict" >"$tmp/strict.url"
echo "https://127.0.0.1:$B/insecure" >"$tmp/insecure.url"
printf '%s\n' 'sendwatch {to}: {summary} (100%s %n)' \
	'key={key} probe={probe} target={target} from={from} id={event_id} at {time}' \
	'{detail}' >"$tmp/body.tpl"
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[targets]
ip = 192.0.2.77
[dnsbl svc]
zone = svc.lab.test
[alert plain]
type = webhook
url_file = $tmp/plain.url
probes = dnsbl
[alert strict]
type = webhook
url_file = $tmp/strict.url
probes = dnsbl
[alert insecure]
type = webhook
url_file = $tmp/insecure.url
tls_verify = no
probes = dnsbl
[alert templated]
type = webhook
url = http://127.0.0.1:$C/templated
format = text
template_file = $tmp/body.tpl
probes = dnsbl
[alert tverify]
type = mail
smtp_url = smtp://127.0.0.1:$T
from = sendwatch@lab.test
to = tverify@lab.test
starttls = required
tls_verify = yes
probes = dnsbl
[alert tnoverify]
type = mail
smtp_url = smtp://127.0.0.1:$T
from = sendwatch@lab.test
to = tnoverify@lab.test
starttls = required
tls_verify = no
probes = dnsbl
[alert tplain]
type = mail
smtp_url = smtp://127.0.0.1:$T
from = sendwatch@lab.test
to = tplain@lab.test
starttls = no
tls_verify = no
probes = dnsbl
[alert prequired]
type = mail
smtp_url = smtp://127.0.0.1:$P
from = sendwatch@lab.test
to = prequired@lab.test
starttls = required
tls_verify = no
probes = dnsbl
[alert pyes]
type = mail
smtp_url = smtp://127.0.0.1:$P
from = sendwatch@lab.test
to = pyes@lab.test
starttls = yes
tls_verify = no
probes = dnsbl
[schedule]
dnsbl = 1s
auth = 7d
jitter = 0s
confirm_listing = 1
EOF
"$SENDWATCH" run -c "$tmp/run.conf" 2>"$tmp/run.err" &
run_pid=$!
wait_for 20 sh -c "sqlite3 '$tmp/state.db' 'SELECT COUNT(*) FROM cycles' | grep -qv '^0$'" || fail "first cycle"

# --- 503: retried; TLS: verified or not -------------------------------------------
set_list "192.0.2.77 :127.0.0.2:Listed by the alerts test"
wait_for 20 has_lines "$tmp/b.jsonl" 1 && ok "tls_verify = no: delivered over HTTPS" ||
	fail "tls_verify = no: delivered" "$(tail -5 "$tmp/run.err")"
wait_for 20 events_match 'plain: pending, [2-9][0-9]* attempts, last error: webhook: HTTP 503' &&
	ok "503: kept pending and retried" || fail "503: retried" "$(events)"
wait_for 20 events_match 'strict: pending, [0-9]+ attempts?, last error: webhook: .*(certificate|SSL)' &&
	ok "tls_verify on: a self-signed certificate is not accepted" || fail "tls_verify on" "$(events)"
expect_eq "tls_verify on: nothing reached the strict path" 0 "$(grep -c '"/strict"' "$tmp/b.jsonl")"
mail_to() { grep -l "^To: $2@lab.test" "$1"/new/* 2>/dev/null | wc -l; }
mail_arrived() { [ "$(mail_to "$1" "$2")" -ge 1 ]; }
wait_for 20 mail_arrived "$tmp/mt" tnoverify && ok "mail: starttls = required, tls_verify = no: delivered over STARTTLS" ||
	fail "mail over STARTTLS" "$(events)"
wait_for 20 mail_arrived "$tmp/mp" pyes && ok "mail: starttls = yes: falls back to plain when not offered" ||
	fail "mail: starttls = yes fallback" "$(events)"
wait_for 20 events_match 'tverify: pending, [0-9]+ attempts?, last error: mail: .*(certificate|SSL)' &&
	ok "mail: a self-signed certificate is not accepted with tls_verify on" || fail "mail: tls_verify" "$(events)"
wait_for 20 events_match 'tplain: failed, 1 attempt, last error: mail: .*530' &&
	ok "mail: starttls = no sends no STARTTLS (the server's 530 is final)" || fail "mail: starttls = no" "$(events)"
wait_for 20 events_match 'prequired: pending, [0-9]+ attempts?, last error: mail: .*(STARTTLS|SSL)' &&
	ok "mail: starttls = required to a server without STARTTLS is held back" || fail "mail: starttls = required" "$(events)"
expect_eq "mail: nothing sent without the required TLS" "0 0" "$(mail_to "$tmp/mt" tverify) $(mail_to "$tmp/mp" prequired)"
wait_for 20 has_lines "$tmp/c.jsonl" 1 && ok "template_file: the receiver got a body" ||
	fail "template_file: delivered" "$(events)"
expect_eq "template_file: every placeholder filled, user text as written" ok "$($PY -c '
import json, re, sqlite3, sys
r = json.loads(open(sys.argv[1]).readline())
db = sqlite3.connect(sys.argv[2])
eid, origin, summary = db.execute("SELECT id, origin, summary FROM events WHERE key = ? ORDER BY id",
    ("dnsbl/svc.lab.test/192.0.2.77",)).fetchone()
head = "sendwatch critical: %s (100%%s %%n)\nkey=dnsbl/svc.lab.test/192.0.2.77 " \
    "probe=dnsbl target=192.0.2.77 from=ok id=%s-%d at " % (summary, origin, eid)
b = r["body"]
print("ok" if r["path"] == "/templated" and
    r["headers"]["Content-Type"].startswith("text/plain") and
    b.startswith(head) and
    re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n", b[len(head):]) and
    "{" not in b else repr(r))' "$tmp/c.jsonl" "$tmp/state.db")"

stop_a; start_a
wait_for 20 has_lines "$tmp/a.jsonl" 1 && ok "503 then 200: delivered" || fail "503 then 200: delivered" "$(events)"
sleep 2
expect_eq "503 then 200: delivered once" 1 "$(lines "$tmp/a.jsonl")"

# --- 400: refused for good, later events still go ----------------------------------
stop_a; start_a --status 400
set_list
wait_for 20 events_match 'plain: failed, 1 attempt, last error: webhook: HTTP 400' &&
	ok "400: refused for good after one attempt" || fail "400: refused" "$(events)"
stop_a; start_a
set_list "192.0.2.77 :127.0.0.2:Listed again"
wait_for 20 has_lines "$tmp/a.jsonl" 2 && ok "after a refused event, the next one is delivered" ||
	fail "next event after a refused one" "$(events)"
expect_eq "the refused event never arrived" 0 "$($PY -c 'import json,sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["body"]["to"] == "ok"))' "$tmp/a.jsonl")"
expect_no_match "no URL in the log, inline or from a file" "127\\.0\\.0\\.1:$A/plain|/strict|/insecure|/templated" "$(cat "$tmp/run.err")"

kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "SIGTERM: exit 0" 0 $st

done_testing
