# service_relay.sh -- `sendwatch run` with a mail relay that hangs: it
# takes the connection and never says a word (an overloaded relay, a
# tarpit, a firewall that lets the SYN through), beside a webhook sink:
#  - the webhook sink delivers at once: the hanging relay holds up only
#    its own sink; cycles keep their 2 s schedule;
#  - SIGTERM while the mail sink waits on the relay ends the service
#    within 5 s, exit 0 (the delivery is abandoned, left pending);
#  - the relay well again (a real SMTP server on its port): the mail
#    arrives after the restart, once.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

if [ -z "${LAB_RBLDNSD:-}" ] || [ -z "${LAB_DIR:-}" ]; then
	fail "lab is running" "LAB_RBLDNSD is not set: run through tests/run.sh"
	done_testing; exit
fi
top=${SENDWATCH_TOP:-.}
PY=/usr/bin/python3
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
svc_init
run_pid=""; a_pid=""; s_pid=""
cleanup() {
	for p in $run_pid $a_pid $s_pid; do kill "$p" 2>/dev/null; done
	for p in $run_pid $a_pid $s_pid; do wait "$p" 2>/dev/null; done
	svc_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
started() { grep -c 'running dnsbl' "$tmp/run.err"; }	# cycles begun (-v)
started_past() { [ "$(started)" -ge "$1" ]; }
mails() { grep -l '^To: relay@lab.test' "$tmp/mail"/new/* 2>/dev/null | wc -l; }
has_mails() { [ "$(mails)" -ge "$1" ]; }

# the hanging relay: takes every connection, holds it, says nothing
T=$(free_port 12645)
$PY -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
held = []
while True:
    c, _ = s.accept(); held.append(c)
    with open(sys.argv[2], "a") as f: f.write("%.3f\n" % time.time())' "$T" "$tmp/held" &
s_pid=$!
wait_for 10 ss -Hltn "sport = :$T" || fail "hanging relay listens"
receiver_start "$tmp/a.jsonl" 0 || fail "webhook receiver listens"
a_pid=$rcv_pid; A=$rcv_port
mkdir -p "$tmp/mail/new" "$tmp/mail/cur" "$tmp/mail/tmp"

cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[targets]
network = 192.0.2.80/29
[dnsbl svc]
zone = svc.lab.test
[alert relay]
type = mail
smtp_url = smtp://127.0.0.1:$T
from = sendwatch@lab.test
to = relay@lab.test
starttls = no
timeout = 60s
[alert hook]
type = webhook
url = http://127.0.0.1:$A/hook
[schedule]
dnsbl = 2s
auth = 7d
jitter = 0s
confirm_listing = 1
confirm_delisting = 1
EOF
set_list
"$SENDWATCH" run -c "$tmp/run.conf" -v 2>"$tmp/run.err" &
run_pid=$!
wait_for 20 started_past 1 || fail "run starts" "$(tail -5 "$tmp/run.err")"

# --- the relay hangs ---------------------------------------------------------------------
set_list "192.0.2.81"
wait_for 20 test -s "$tmp/held" && ok "hanging relay: the mail sink connects" ||
	fail "hanging relay: the mail sink connects" "$(tail -5 "$tmp/run.err")"
wait_for 10 has_lines "$tmp/a.jsonl" 1 && ok "hanging relay: the webhook sink delivers meanwhile" ||
	fail "hanging relay: the webhook sink delivers meanwhile" "$(tail -5 "$tmp/run.err")"
c=$(started); sleep 8
[ $(($(started) - c)) -ge 3 ] && ok "hanging relay: cycles keep their 2 s schedule ($(($(started) - c)) in 8 s)" ||
	fail "hanging relay: cycles keep their schedule" "$(($(started) - c)) cycles in 8 s"
expect_eq "hanging relay: no mail yet" 0 "$(mails)"
t0=$(date +%s%N)
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
ms=$((($(date +%s%N) - t0) / 1000000))
expect_status "hanging relay: SIGTERM ends the service with 0 (no leak under ASan)" 0 "$st"
[ "$ms" -le 5000 ] && ok "hanging relay: SIGTERM ends it within 5 s ($ms ms)" ||
	fail "hanging relay: SIGTERM ends it within 5 s" "$ms ms"

# --- the relay well again ----------------------------------------------------------------
kill "$s_pid"; wait "$s_pid" 2>/dev/null; s_pid=""
$PY -m aiosmtpd -n -l "127.0.0.1:$T" -c aiosmtpd.handlers.Mailbox "$tmp/mail" 2>"$tmp/smtp.log" &
s_pid=$!
wait_for 10 ss -Hltn "sport = :$T" || fail "SMTP server listens"
"$SENDWATCH" run -c "$tmp/run.conf" -v 2>>"$tmp/run.err" &
run_pid=$!
wait_for 20 has_mails 1 && ok "relay well: the mail arrives" ||
	fail "relay well: the mail arrives" "$(grep -v 'running dnsbl' "$tmp/run.err" | tail -5)"
sleep 4
expect_eq "relay well: once" 1 "$(mails)"
expect_eq "relay well: the webhook got the event once" 1 "$(lines "$tmp/a.jsonl")"
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "relay well: SIGTERM ends the service with 0" 0 "$st"

done_testing
