# service_clock.sh -- `sendwatch run` when the wall clock steps back, as
# when NTP puts right a clock that ran a day ahead (a host whose clock
# ran ahead, the service started before the time was synchronised):
#  - under libfaketime (faketime package), a day ahead: a listing raises
#    an event; the receiver is down, so the event is tried and waits for
#    its retry, dated "tomorrow" in the state file;
#  - the clock put right and the receiver up: the event arrives within
#    seconds, not a day later when the clock catches up, and a new event
#    follows it, once each, in order, bearing the right time.
# (libfaketime cannot step the clock of a running process reliably: its
# sleeps fail with EINVAL when the offset changes under them; the step
# is made across a restart. Under the running service the same check
# applies at the sink's next pass: the next cycle or within a minute.)
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
faketime_lib=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
if [ -z "$faketime_lib" ]; then
	fail "libfaketime is installed (scripts/packages.txt: faketime)"
	done_testing; exit
fi
top=${SENDWATCH_TOP:-.}
PY=/usr/bin/python3
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
svc_init
run_pid=""; a_pid=""
cleanup() {
	for p in $run_pid $a_pid; do kill "$p" 2>/dev/null; done
	for p in $run_pid $a_pid; do wait "$p" 2>/dev/null; done
	svc_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

A=$(free_port 19345)
sql() { sqlite3 "$tmp/state.db" "$1" 2>/dev/null; }
tried() { [ "$(sql "SELECT attempts FROM outbox WHERE event = (SELECT id FROM events WHERE key = 'dnsbl/svc.lab.test/192.0.2.81')")" -ge "$1" ]; }
# the webhook bodies: "key to" per line
bodies() { $PY -c 'import json,sys
for l in open(sys.argv[1]):
    b = json.loads(l)["body"]; print(b["key"], b["to"])' "$tmp/a.jsonl"; }

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
[alert hook]
type = webhook
url = http://127.0.0.1:$A/hook
timeout = 5s
[schedule]
dnsbl = 2s
auth = 7d
jitter = 0s
confirm_listing = 1
confirm_delisting = 1
EOF

start_run() {	# start_run [ENV...]
	env "$@" "$SENDWATCH" run -c "$tmp/run.conf" -v 2>>"$tmp/run.err" &
	run_pid=$!
}
stop_run() {
	kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
	expect_status "$1: SIGTERM ends the service with 0 (no leak under ASan)" 0 "$st"
}

# --- a day ahead: an event, tried while the receiver is down ---------------------------
set_list
start_run LD_PRELOAD="$faketime_lib" FAKETIME=+1d DONT_FAKE_MONOTONIC=1 \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
wait_for 20 grep -q 'running dnsbl' "$tmp/run.err" || fail "run starts" "$(tail -5 "$tmp/run.err")"
set_list "192.0.2.81"
wait_for 30 tried 2 && ok "ahead: the event is tried while the receiver is down" ||
	fail "ahead: the event is tried" "$(tail -5 "$tmp/run.err")"
ahead=$(($(sql "SELECT time FROM events WHERE key = 'dnsbl/svc.lab.test/192.0.2.81'") - $(date +%s)))
[ "$ahead" -ge 86000 ] && [ "$ahead" -le 86500 ] && ok "ahead: the service's clock is a day ahead ($ahead s)" ||
	fail "ahead: the service's clock is a day ahead" "$ahead s"
stop_run "ahead"

# --- the clock put right; the receiver comes up ------------------------------------------
receiver_start "$tmp/a.jsonl" "$A" || fail "receiver listens on $A"
a_pid=$rcv_pid
t0=$(date +%s)
start_run
wait_for 20 has_lines "$tmp/a.jsonl" 1 &&
	ok "put right: the waiting event arrives within seconds ($(($(date +%s) - t0)) s)" ||
	fail "put right: the waiting event arrives within seconds" "$(grep -v 'running dnsbl' "$tmp/run.err" | tail -5)"
set_list "192.0.2.81" "192.0.2.82"
wait_for 20 has_lines "$tmp/a.jsonl" 2 || fail "put right: a new event arrives" "$(tail -5 "$tmp/run.err")"
sleep 3
expect_eq "put right: each event once, in order" \
	"dnsbl/svc.lab.test/192.0.2.81 critical dnsbl/svc.lab.test/192.0.2.82 critical" "$(echo $(bodies))"
off=$(($(sql "SELECT time FROM events WHERE key = 'dnsbl/svc.lab.test/192.0.2.82'") - $(date +%s)))
[ "$off" -ge -60 ] && [ "$off" -le 60 ] && ok "put right: the new event bears the right time" ||
	fail "put right: the new event bears the right time" "$off s off"
stop_run "put right"

done_testing
