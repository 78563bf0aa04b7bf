# service.sh -- `sendwatch run` against the lab with real receivers on
# loopback: a webhook receiver (tests/support/webhook_receiver.py) and an
# SMTP server (Debian's python3-aiosmtpd, delivering into a Maildir).
# The test changes the lab's svc.lab.test rbldnsd data under the running
# service (rbldnsd reloads on SIGHUP) and checks what the receivers got:
# listed -> one webhook event and one mail after confirmation; delisted ->
# one recovery; receiver down -> everything afterwards, once, in order; a
# broken list -> one list event, no per-target noise; SIGHUP with a bad
# config keeps running; a second instance refuses; SIGTERM exits 0;
# SIGKILL during cycles then restart -> no lost, no duplicated events;
# a soak of short cycles keeps RSS flat. Every wait is bounded.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	fail "python3-aiosmtpd is installed" "apt-get install python3-aiosmtpd"
	done_testing; exit
fi
top=${SENDWATCH_TOP:-.}
PLAIN=$top/sendwatch		# RSS soak: no ASan quarantine
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
svc_init
run_pid=""; hook_pid=""; smtp_pid=""

cleanup() {
	for p in $run_pid $hook_pid $smtp_pid; do
		kill "$p" 2>/dev/null
	done
	svc_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

HOOK_PORT=0	# the kernel picks it; restarts keep it
SMTP_PORT=$(free_port 12525)

start_hook() {
	receiver_start "$tmp/hook.jsonl" "$HOOK_PORT" "$@" || fail "webhook receiver listens"
	hook_pid=$rcv_pid; HOOK_PORT=$rcv_port
}
stop_hook() { kill "$hook_pid"; wait "$hook_pid" 2>/dev/null; hook_pid=""; }

mkdir -p "$tmp/maildir/new" "$tmp/maildir/cur" "$tmp/maildir/tmp"
$PY -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$tmp/maildir" \
	2>"$tmp/smtp.log" &
smtp_pid=$!
wait_for 10 ss -Hltn "sport = :$SMTP_PORT" || fail "SMTP server listens"
start_hook

# --- the lab list under our control -----------------------------------------
lab_answers() {	# lab_answers NAME WANT: rbldnsd answers NAME with WANT ("" = NXDOMAIN)
	got=$(dig +short +tries=1 +time=1 -p "${LAB_RBLDNSD#*@}" @"${LAB_RBLDNSD%@*}" "$1" A)
	[ "$got" = "$2" ]
}

# --- the config ----------------------------------------------------------------
secret="tok-$$-s3cr3t"
echo "http://127.0.0.1:$HOOK_PORT/hook?token=$secret" >"$tmp/url"
printf 'X-Sendwatch-Token: %s\n' "$secret" >"$tmp/headers"
chmod 600 "$tmp/url" "$tmp/headers"
write_config() {	# write_config FILE STATE [EXTRA TARGET LINES]
	cat >"$1" <<EOF
[general]
state = $2
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no

[targets]
ip = 192.0.2.77
ip = 192.0.2.78
$3

[dnsbl svc]
zone = svc.lab.test

[alert hook]
type = webhook
url_file = $tmp/url
headers_file = $tmp/headers
probes = dnsbl, dnsbl-health

[alert pm]
type = mail
smtp_url = smtp://127.0.0.1:$SMTP_PORT
from = sendwatch@lab.test
to = postmaster@lab.test
starttls = no
probes = dnsbl, dnsbl-health

[schedule]
dnsbl = 1s
auth = 7d
jitter = 0s
confirm_listing = 2
confirm_delisting = 1
unknown_after = 1h
EOF
}
conf=$tmp/run.conf
write_config "$conf" "$tmp/state.db"

start_run() {	# start_run [BINARY]
	"${1:-$SENDWATCH}" run -c "$conf" -v >>"$tmp/run.out" 2>>"$tmp/run.err" &
	run_pid=$!
}
# hook_count KEY TO [FROM]: webhook deliveries for KEY with to (and from)
hook_count() {
	$PY - "$tmp/hook.jsonl" "$@" <<'EOF'
import json, sys
path, key, to = sys.argv[1:4]
frm = sys.argv[4] if len(sys.argv) > 4 else None
n = 0
try:
    for line in open(path):
        b = json.loads(line)["body"]
        if b["key"] == key and b["to"] == to and (frm is None or b["from"] == frm):
            n += 1
except FileNotFoundError:
    pass
print(n)
EOF
}
hook_has() { [ "$(hook_count "$@")" -ge 1 ]; }
hook_lines() { [ -f "$tmp/hook.jsonl" ] && wc -l <"$tmp/hook.jsonl" || echo 0; }
mails() { ls "$tmp/maildir/new" | wc -l; }
mails_with() { grep -l -- "$1" "$tmp/maildir/new"/* 2>/dev/null | wc -l; }
T77=dnsbl/svc.lab.test/192.0.2.77
T78=dnsbl/svc.lab.test/192.0.2.78
H=dnsbl-health/svc.lab.test

# --- baseline --------------------------------------------------------------------
start_run
wait_for 20 cycles_past 2 && ok "run: first cycles stored" || fail "run: first cycles stored" "$(cat "$tmp/run.err")"
expect_eq "baseline of clean targets: no webhook event" 0 "$(hook_lines)"
expect_eq "baseline of clean targets: no mail" 0 "$(mails)"

# --- listed -> one event after confirmation -----------------------------------
c0=$(cycles)
set_list "192.0.2.77 :127.0.0.2:Listed by the service test"
wait_for 10 lab_answers 77.2.0.192.svc.lab.test 127.0.0.2 || fail "lab: svc.lab.test lists 192.0.2.77"
wait_for 20 hook_has "$T77" critical ok && ok "listed: webhook event arrives" || fail "listed: webhook event arrives" "$(tail -20 "$tmp/run.err")"
c1=$(cycles)
[ $((c1 - c0)) -ge 2 ] && ok "listed: event only after confirm_listing = 2 cycles ($((c1 - c0)))" ||
	fail "listed: event only after 2 cycles" "cycles between listing and event: $((c1 - c0))"
wait_for 15 sh -c "[ \$(ls '$tmp/maildir/new' | wc -l) -ge 1 ]" || true
c=$(cycles); wait_for 10 cycles_past $((c + 3))
expect_eq "listed: exactly one webhook event" 1 "$(hook_count "$T77" critical)"
expect_eq "listed: exactly one mail" 1 "$(mails)"
expect_eq "listed: the mail names the listing and its fix" 1 "$(mails_with "dnsbl/svc.lab.test/192.0.2.77")"
m=$(cat "$tmp/maildir/new"/*)
expect_match "mail: subject names the worst event" 'Subject: \[sendwatch\] CRITICAL: 192\.0\.2\.77 listed on svc\.lab\.test' "$m"
expect_match "mail: fix text from the list" 'Fix: Answer 127\.0\.0\.2\. List says: Listed by the service test' "$m"
expect_match "mail: Message-ID header" '^Message-I[dD]: <' "$m"
expect_match "mail: Date header" '^Date: ' "$m"
line=$(head -n 1 "$tmp/hook.jsonl")
expect_match "webhook: JSON carries event_id (ORIGIN-SEQ), seq, from, to, time" '"event_id": "[0-9a-f]{16}-[0-9]+", "seq": [0-9]+,.*"from": "ok", "to": "critical".*"time": "20' "$line"
expect_match "webhook: token header from the headers file" "\"X-Sendwatch-Token\": \"$secret\"" "$line"
expect_match "webhook: URL from the url file" "\"path\": \"/hook\\?token=$secret\"" "$line"
expect_no_match "the secret never reaches the log" "$secret" "$(cat "$tmp/run.err" "$tmp/run.out")"

# --- delisted -> one recovery -------------------------------------------------
set_list
wait_for 10 lab_answers 77.2.0.192.svc.lab.test "" || fail "lab: 192.0.2.77 delisted"
wait_for 20 hook_has "$T77" ok critical && ok "delisted: recovery event arrives" || fail "delisted: recovery event arrives"
c=$(cycles); wait_for 10 cycles_past $((c + 3))
expect_eq "delisted: exactly one recovery event" 1 "$(hook_count "$T77" ok critical)"
wait_for 15 sh -c "[ \$(ls '$tmp/maildir/new' | wc -l) -ge 2 ]"
expect_eq "delisted: one more mail" 2 "$(mails)"

# --- receiver down: everything afterwards, once, in order -----------------------
stop_hook
before=$(hook_lines)
set_list "192.0.2.78 :127.0.0.2:Listed while the receiver is down"
wait_for 20 sh -c "sqlite3 '$tmp/state.db' \"SELECT 1 FROM events WHERE key = '$T78' AND to_state = 2\" | grep -q 1" ||
	fail "down: the listing became an event"
set_list
wait_for 20 sh -c "sqlite3 '$tmp/state.db' \"SELECT 1 FROM events WHERE key = '$T78' AND to_state = 0\" | grep -q 1" ||
	fail "down: the delisting became an event"
ev=$("$SENDWATCH" events -c "$conf" --since 1h 2>&1)
expect_match "events: the undelivered events are pending with attempts" 'hook: pending, [0-9]+ attempts?, last error: webhook: ' "$ev"
expect_eq "down: nothing arrived" "$before" "$(hook_lines)"
start_hook
wait_for 40 sh -c "[ \$(wc -l <'$tmp/hook.jsonl') -ge $((before + 2)) ]" &&
	ok "receiver back: the pending events arrive" || fail "receiver back: the pending events arrive" "$(tail -5 "$tmp/run.err")"
c=$(cycles); wait_for 10 cycles_past $((c + 2))
expect_eq "receiver back: listing delivered once" 1 "$(hook_count "$T78" critical ok)"
expect_eq "receiver back: delisting delivered once" 1 "$(hook_count "$T78" ok critical)"
order=$($PY -c 'import json,sys
ids=[json.loads(l)["body"]["seq"] for l in open(sys.argv[1])]
print("ascending" if ids == sorted(ids) and len(ids) == len(set(ids)) else ids)' "$tmp/hook.jsonl")
expect_eq "webhook: every event once, in event order" ascending "$order"

# --- a broken list: one list event, no per-target noise -----------------------------
before=$(hook_lines)
set_list "0.0.0.0-255.255.255.255 :127.0.0.2:Everything listed (broken list)"
wait_for 10 lab_answers 1.0.0.127.svc.lab.test 127.0.0.2 || fail "lab: svc.lab.test lists 127.0.0.1"
wait_for 20 hook_has "$H" unknown && ok "broken list: one list event" || fail "broken list: list event" "$(tail -5 "$tmp/run.err")"
c=$(cycles); wait_for 10 cycles_past $((c + 4))
expect_eq "broken list: exactly one event, about the list" 1 "$(($(hook_lines) - before))"
expect_eq "broken list: the event is list-broken" 1 "$($PY -c 'import json,sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["body"]["kind"] == "list-broken"))' "$tmp/hook.jsonl")"
set_list
wait_for 10 lab_answers 1.0.0.127.svc.lab.test "" || fail "lab: svc.lab.test repaired"
c=$(cycles); wait_for 10 cycles_past $((c + 3))
expect_eq "list repaired: no per-target events" 1 "$(($(hook_lines) - before))"

# --- SIGHUP with a broken config keeps running; a good one is taken ---------------
cp "$conf" "$tmp/good.conf"
printf '[schedule]\ndnsbl = soon\n' >>"$conf"
kill -HUP "$run_pid"
wait_for 10 grep -q "keeping the configuration loaded before" "$tmp/run.err" &&
	ok "bad config on SIGHUP: reported, old one kept" || fail "bad config on SIGHUP reported" "$(tail -5 "$tmp/run.err")"
expect_match "bad config on SIGHUP: the error names file:line" 'error: [^ ]*/run\.conf:[0-9]+: ' "$(cat "$tmp/run.err")"
c=$(cycles)
wait_for 10 cycles_past $((c + 2)) && kill -0 "$run_pid" && ok "bad config on SIGHUP: still running cycles" ||
	fail "bad config on SIGHUP: still running"
cp "$tmp/good.conf" "$conf"
kill -HUP "$run_pid"
wait_for 10 grep -q "configuration reloaded" "$tmp/run.err" && ok "good config on SIGHUP: reloaded" || fail "good config on SIGHUP: reloaded"

# --- a second instance on the same state refuses ------------------------------------
out=$(timeout 10 "$SENDWATCH" run -c "$conf" 2>&1); st=$?
expect_status "second instance: refuses to start" 1 $st
expect_match "second instance: says who holds the state" "another sendwatch run \\(pid $run_pid\\) is using $tmp/state.db" "$out"

# --- SIGTERM: exits 0 within seconds -------------------------------------------------
kill -TERM "$run_pid"
n=50; while kill -0 "$run_pid" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.2; n=$((n - 1)); done
if kill -0 "$run_pid" 2>/dev/null; then
	fail "SIGTERM: exits within 10 s"; kill -KILL "$run_pid"
else
	wait "$run_pid"; st=$?
	expect_status "SIGTERM: exits 0 within 10 s (and no leak under ASan)" 0 $st
fi
run_pid=""
expect_match "SIGTERM: says it stops" 'stopping after [0-9]+ cycles' "$(tail -3 "$tmp/run.err")"

# --- SIGKILL during cycles, restarts: no lost and no duplicated events ---------------
events_before=$(sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM events")
kills=0
kill_cycle() {	# runs the service, kills it with SIGKILL after $1 ms
	start_run
	sleep "$1"
	kill -KILL "$run_pid" 2>/dev/null; wait "$run_pid" 2>/dev/null; run_pid=""
	kills=$((kills + 1))
}
set_list "192.0.2.77 :127.0.0.2:Listed again"
for d in 1.3 0.7 1.9 0.45 2.2 1.1; do kill_cycle "$d"; done
set_list
for d in 0.9 1.6 0.35 2.4; do kill_cycle "$d"; done
start_run
c=$(cycles); wait_for 20 cycles_past $((c + 4))
q() { sqlite3 "$tmp/state.db" "$1"; }
expect_eq "SIGKILL x$kills: exactly one listing event stored" 1 \
	"$(q "SELECT COUNT(*) FROM events WHERE key = '$T77' AND to_state = 2 AND id > $events_before")"
expect_eq "SIGKILL x$kills: exactly one delisting event stored" 1 \
	"$(q "SELECT COUNT(*) FROM events WHERE key = '$T77' AND to_state = 0 AND id > $events_before")"
wait_for 20 sh -c "sqlite3 '$tmp/state.db' \"SELECT COUNT(*) FROM outbox WHERE status = 0\" | grep -qx 0" ||
	fail "SIGKILL: the outbox drained after the restart"
expect_eq "SIGKILL: both events reached the webhook (at least once)" 2 \
	"$($PY -c 'import json,sys
ids={(b["event_id"], b["seq"]) for b in (json.loads(l)["body"] for l in open(sys.argv[1])) if b["key"]==sys.argv[2]}
print(len([i for i, seq in ids if seq > int(sys.argv[3])]))' "$tmp/hook.jsonl" "$T77" "$events_before")"
dups=$($PY -c 'import json,sys,collections
c=collections.Counter(json.loads(l)["body"]["event_id"] for l in open(sys.argv[1]))
print(sum(v - 1 for v in c.values()))' "$tmp/hook.jsonl")
echo "# duplicate webhook deliveries of one event_id after $kills SIGKILLs: $dups (receivers drop them by event_id)"
expect_eq "SIGKILL: integrity check of the state file" ok "$(q "PRAGMA integrity_check")"
kill -TERM "$run_pid"; wait "$run_pid"; run_pid=""

# --- soak: many short cycles, flat memory --------------------------------------------
write_config "$conf" "$tmp/soak.db" "network = 198.51.100.0/25"
rm -f "$tmp/hook.jsonl"
start_run "$PLAIN"
soak_cycles() { sqlite3 "$tmp/soak.db" "SELECT COUNT(*) FROM cycles" 2>/dev/null || echo 0; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$run_pid/status"; }
# sample RSS once per cycle; a leak shows as the late minimum above the
# early maximum (the allocator and SQLite's page cache make RSS wobble)
early=0; late=999999999; n=0; last=0
while [ $n -lt 900 ]; do	# bounded: 900 x 0.1 s
	c=$(soak_cycles)
	if [ "$c" != "$last" ]; then
		last=$c; r=$(rss)
		[ "$c" -ge 10 ] && [ "$c" -le 20 ] && [ "$r" -gt "$early" ] && early=$r
		[ "$c" -ge 40 ] && [ "$c" -le 50 ] && [ "$r" -lt "$late" ] && late=$r
		[ "$c" -ge 50 ] && break
	fi
	sleep 0.1; n=$((n + 1))
done
echo "# soak: $last cycles of 129 targets; VmRSS max $early kB in cycles 10-20, min $late kB in cycles 40-50"
[ "$last" -ge 50 ] && [ "$early" -gt 0 ] && [ $((late - early)) -lt 1024 ] &&
	ok "soak: RSS flat over 50 cycles" || fail "soak: RSS flat" "cycles $last, early max $early kB, late min $late kB"
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "soak: SIGTERM exits 0" 0 $st

done_testing
