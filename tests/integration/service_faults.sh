# service_faults.sh -- `sendwatch run` under the faults a host produces,
# with the lab's list and a real webhook receiver on loopback:
#  - a slow receiver (2.5 s per POST) with a backlog: cycles keep their
#    2 s schedule while it drains, and every event arrives once, in order;
#  - the state file removed while running: said once, recreated, never
#    written as a ghost; new events get ids that differ from the old ones;
#  - the state file replaced with garbage: one error, /healthz 503 naming
#    it; removed again: recreated and healthy;
#  - a full disk (a small tmpfs the test mounts and unmounts, kept full):
#    one error for the condition, /healthz 503 with the reason,
#    sendwatch_state_errors_total (each failed write, each refused mark
#    once); an event delivered while its mark cannot be written is not
#    sent again, not even after a reload (SIGHUP); space back: the mark
#    is written and new events are stored and delivered;
#  - a read-only directory (a read-only bind mount): the service does not
#    start, and says which file and why.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
top=${SENDWATCH_TOP:-.}
PY=/usr/bin/python3
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
svc_init
run_pid=""; a_pid=""; hog_pid=""; mounted=""
cleanup() {
	[ -n "$hog_pid" ] && touch "$tmp/hog.stop"
	for p in $run_pid $a_pid; do kill "$p" 2>/dev/null; done
	for p in $run_pid $a_pid $hog_pid; do wait "$p" 2>/dev/null; done
	[ -n "$mounted" ] && umount "$mounted"
	svc_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

HPORT=$(free_port 19315)
receiver_start "$tmp/a.jsonl" 0 --delay 2.5 || fail "slow receiver listens"
a_pid=$rcv_pid; A=$rcv_port
healthz() { curl -s -w '%{http_code}' "http://127.0.0.1:$HPORT/healthz" | tr '\n' ' '; }
started() { grep -c 'running dnsbl' "$tmp/run.err"; }	# cycles begun (-v)
started_past() { [ "$(started)" -ge "$1" ]; }
# the webhook bodies: "seq event_id key to" per line
bodies() { $PY -c 'import json,sys
for l in open(sys.argv[1]):
    b = json.loads(l)["body"]; print(b["seq"], b["event_id"], b["key"], b["to"])' "$tmp/a.jsonl"; }

write_conf() {	# write_conf STATE
	cat >"$tmp/run.conf" <<EOF
[general]
state = $1
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
metrics_file = $tmp/metrics.prom
[targets]
network = 192.0.2.80/29
[dnsbl svc]
zone = svc.lab.test
[alert slow]
type = webhook
url = http://127.0.0.1:$A/slow
timeout = 10s
[schedule]
dnsbl = 2s
auth = 7d
jitter = 0s
confirm_listing = 1
confirm_delisting = 1
[http]
listen = $HPORT
EOF
}
start_run() {
	"$SENDWATCH" run -c "$tmp/run.conf" -v 2>>"$tmp/run.err" &
	run_pid=$!
	wait_for 20 started_past 1 || fail "run starts" "$(tail -5 "$tmp/run.err")"
}
stop_run() {
	kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
	expect_status "$1: SIGTERM ends the service with 0 (no leak under ASan)" 0 "$st"
}

# --- a slow receiver does not hold up the cycles ---------------------------------------
write_conf "$tmp/state.db"
start_run
set_list "192.0.2.81" "192.0.2.82" "192.0.2.83" "192.0.2.84" "192.0.2.85" "192.0.2.86"
wait_for 20 has_lines "$tmp/a.jsonl" 1 || fail "slow: the first event arrives" "$(tail -5 "$tmp/run.err")"
c0=$(started); t0=$(date +%s)
wait_for 40 has_lines "$tmp/a.jsonl" 6 || fail "slow: all six events arrive" "$(tail -5 "$tmp/run.err")"
c1=$(started); t1=$(date +%s)
echo "# slow receiver: $((c1 - c0)) cycles began in the $((t1 - t0)) s the other five POSTs took (schedule 2 s)"
[ $((t1 - t0)) -ge 10 ] && [ $((c1 - c0)) -ge $(((t1 - t0) / 2 - 2)) ] &&
	ok "slow receiver: cycles keep their 2 s schedule while it drains" ||
	fail "slow receiver: cycles keep their schedule" "$((c1 - c0)) cycles in $((t1 - t0)) s"
expect_eq "slow receiver: every event once, in order" "1 2 3 4 5 6 / 6 unique" \
	"$(bodies | awk '{ s = s $1 " "; u[$2] = 1 } END { n = 0; for (k in u) n++; print s "/ " n " unique" }')"
old_origin=$(bodies | awk 'NR == 1 { print substr($2, 1, 16) }')

# --- the state file removed under the running service ------------------------------------
set_list
wait_for 40 has_lines "$tmp/a.jsonl" 12 || fail "removed: the delistings arrive first"
rm -f "$tmp/state.db" "$tmp/state.db-wal" "$tmp/state.db-shm"
wait_for 10 grep -q "state file $tmp/state.db was removed while the service ran" "$tmp/run.err" &&
	ok "removed: said in the log" || fail "removed: said in the log" "$(tail -5 "$tmp/run.err")"
wait_for 10 test -s "$tmp/state.db" && ok "removed: a new state file is created" ||
	fail "removed: a new state file is created"
c=$(started); wait_for 10 started_past $((c + 2))
expect_eq "removed: said once" 1 "$(grep -c 'was removed while' "$tmp/run.err")"
set_list "192.0.2.87"
wait_for 20 has_lines "$tmp/a.jsonl" 13 || fail "removed: an event after it arrives" "$(tail -5 "$tmp/run.err")"
new=$(bodies | tail -1)
expect_eq "removed: the new file holds the new event" 1 \
	"$(sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM events WHERE key = 'dnsbl/svc.lab.test/192.0.2.87'")"
case $new in
*" $old_origin-"*) fail "removed: event ids of the new file differ from the old ones" "$new";;
*" "[0-9a-f]*-[0-9]*" dnsbl/svc.lab.test/192.0.2.87 critical") ok "removed: event ids of the new file differ from the old ones";;
*) fail "removed: the event after it" "$new";;
esac

# --- replaced with garbage ---------------------------------------------------------------
head -c 65536 /dev/urandom >"$tmp/garbage"
mv "$tmp/garbage" "$tmp/state.db"
wait_for 10 grep -q "state file $tmp/state.db: the file is not a database" "$tmp/run.err" &&
	ok "garbage: one clear error" || fail "garbage: error" "$(tail -5 "$tmp/run.err")"
expect_match "garbage: said that it was replaced" "state file $tmp/state.db was replaced" "$(cat "$tmp/run.err")"
c=$(started); wait_for 10 sh -c "[ \$(grep -c 'file is not a database (replaced' '$tmp/run.err') -ge 1 ]"
sleep 5
expect_eq "garbage: the error is said once, though retried each cycle" 1 "$(grep -c 'error: .*not a database (replaced' "$tmp/run.err")"
expect_match "garbage: /healthz is 503 and names it" "^unhealthy: state file $tmp/state.db: the file is not a database.* 503$" "$(healthz)"
rm -f "$tmp/state.db"
wait_for 10 sh -c "curl -s http://127.0.0.1:$HPORT/healthz | grep -q '^ok'" &&
	ok "garbage removed: a new file, /healthz ok again" || fail "garbage removed: healthy again" "$(healthz)"
stop_run "faults"

# --- a full disk ---------------------------------------------------------------------------
mkdir "$tmp/small"
if ! mount -t tmpfs -o size=8m tmpfs "$tmp/small"; then
	fail "a tmpfs can be mounted (run as root)"
	done_testing; exit
fi
mounted=$tmp/small
write_conf "$tmp/small/state.db"
set_list
: >"$tmp/a.jsonl"
start_run
wait_for 20 started_past $(($(started) + 2))
fill() {	# fill the tmpfs to the last page
	dd if=/dev/zero of="$tmp/small/filler" bs=1M oflag=append conv=notrunc 2>/dev/null
	dd if=/dev/zero of="$tmp/small/filler" bs=4k oflag=append conv=notrunc 2>/dev/null
}
# a host whose disk stays full: what SQLite gives back is taken again
# (it stops by itself, or when told: a killed one could leave a dd behind)
hog() { n=0; while [ $n -lt 600 ] && [ ! -e "$tmp/hog.stop" ]; do fill; sleep 0.1; n=$((n + 1)); done; }
set_list "192.0.2.81"
wait_for 20 sh -c "sqlite3 '$tmp/small/state.db' \"SELECT 1 FROM events WHERE key = 'dnsbl/svc.lab.test/192.0.2.81'\" | grep -q 1" ||
	fail "full: the listing is stored before the disk fills"
hog & hog_pid=$!
c=$(started)
wait_for 20 has_lines "$tmp/a.jsonl" 1 || fail "full: the listing arrives" "$(tail -5 "$tmp/run.err")"
set_list "192.0.2.81" "192.0.2.82"
wait_for 30 started_past $((c + 8))
expect_eq "full: the event delivered while its mark could not be written arrived once" 1 \
	"$(bodies | grep -c ' dnsbl/svc.lab.test/192.0.2.81 critical')"
errs=$(grep -c "error: state file $tmp/small/state.db: the disk is full" "$tmp/run.err")
[ "$errs" -ge 1 ] && [ "$errs" -le 3 ] && ok "full: the condition is logged once, not per cycle ($errs over 8 cycles)" ||
	fail "full: the condition is logged once" "$(grep -c 'disk is full' "$tmp/run.err") lines: $(tail -5 "$tmp/run.err")"
expect_match "full: /healthz is 503 and names it" "^unhealthy: state file $tmp/small/state.db: the disk is full.* 503$" "$(healthz)"
expect_match "full: sendwatch_state_errors_total counts the failed writes" '^sendwatch_state_errors_total [1-9]' "$(cat "$tmp/metrics.prom")"
# a reload while the mark is kept in memory: the new sink takes it over
wait_for 10 grep -q "the state database cannot record it" "$tmp/run.err" ||
	fail "full: the delivery mark is kept in memory" "$(tail -5 "$tmp/run.err")"
kill -HUP "$run_pid"
wait_for 10 grep -q "configuration reloaded" "$tmp/run.err" && ok "full: SIGHUP reloads while the disk is full" ||
	fail "full: SIGHUP reloads while the disk is full" "$(tail -5 "$tmp/run.err")"
touch "$tmp/hog.stop"; wait "$hog_pid" 2>/dev/null; hog_pid=""
rm -f "$tmp/small/filler"
wait_for 20 sh -c "sqlite3 '$tmp/small/state.db' \"SELECT 1 FROM events WHERE key = 'dnsbl/svc.lab.test/192.0.2.82'\" | grep -q 1" &&
	ok "space back: cycles are stored again" || fail "space back: stored again" "$(grep -v 'running dnsbl' "$tmp/run.err" | tail -8; df -k "$tmp/small")"
wait_for 20 has_lines "$tmp/a.jsonl" 2 && ok "space back: the new event is delivered" ||
	fail "space back: the new event is delivered" "$(tail -5 "$tmp/run.err")"
sleep 6
expect_eq "space back: still every event once (the reload kept the mark)" "1 1" \
	"$(echo $(bodies | grep -c '192.0.2.81 critical') $(bodies | grep -c '192.0.2.82 critical'))"
wait_for 10 sh -c "curl -s http://127.0.0.1:$HPORT/healthz | grep -q '^ok'" &&
	ok "space back: /healthz ok again" || fail "space back: /healthz ok again" "$(healthz)"
# every failed write of a cycle is logged (an error, then "again" under -v),
# every mark kept in memory once; the metrics of the cycles since hold both
c=$(started); wait_for 10 started_past $((c + 2))
marks=$(grep -c "the state database cannot record it" "$tmp/run.err")
writes=$(grep "state file $tmp/small/state.db: " "$tmp/run.err" | grep -vc ': resolved')
[ "$marks" -ge 1 ] && ok "full: a delivery mark was refused ($marks)" ||
	fail "full: a delivery mark was refused" "$(grep -E 'error|warning' "$tmp/run.err" | tail -5)"
expect_eq "full: sendwatch_state_errors_total is the failed writes ($writes) and the refused marks ($marks)" \
	$((writes + marks)) "$(sed -n 's/^sendwatch_state_errors_total //p' "$tmp/metrics.prom")"
stop_run "full disk"
grep -E 'error|warning' "$tmp/run.err" | sed 's/^/# /' | head -20
umount "$tmp/small" && mounted=""

# --- a read-only directory: said at start, with the path --------------------------------
mkdir "$tmp/ro"
if mount --bind "$tmp/ro" "$tmp/ro" && mounted=$tmp/ro && mount -o remount,bind,ro "$tmp/ro"; then
	write_conf "$tmp/ro/state.db"
	out=$(timeout 20 "$SENDWATCH" run -c "$tmp/run.conf" 2>&1); st=$?
	expect_status "read-only directory: the service does not start" 1 "$st"
	expect_match "read-only directory: the error names the file and the reason" \
		"error: $tmp/ro/state.db.lock: Read-only file system \(the directory of \[general\] state must exist and be writable\)" "$out"
	umount "$tmp/ro" && mounted=""
else
	fail "a read-only bind mount can be made (run as root)"
fi

done_testing
