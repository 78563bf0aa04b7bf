# service_quota.sh -- [dnsbl NAME] max_queries_per_day under `sendwatch run`
# against the lab: svc.lab.test allows 6 queries a day and one cycle needs
# 4 (two test points, the apex, one target), so the first cycle checks it
# and the later ones leave it out: its finding turns unknown with "not
# checked: daily query limit of 6 reached for svc.lab.test", no event is
# made, and the state file counts the queries each list received today
# (bl.lab.test, without a limit, is checked every cycle). The count holds
# across a restart. Every wait is bounded.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""
cleanup() {
	[ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

key=dnsbl/svc.lab.test/192.0.2.91
cat >"$tmp/run.conf" <<EOF2
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[targets]
ip = 192.0.2.91
[dnsbl svc]
zone = svc.lab.test
max_queries_per_day = 6
[dnsbl bl]
zone = bl.lab.test
[schedule]
dnsbl = 1s
auth = 7d
jitter = 0s
EOF2
sql() { sqlite3 "$tmp/state.db" "$1" 2>/dev/null; }
cycles_at_least() { [ "$(sql 'SELECT COUNT(*) FROM cycles')" -ge "$1" ] 2>/dev/null; }
count() { sql "SELECT count FROM dnsbl_queries WHERE zone = '$1' AND day = date('now')"; }
start() {
	"$SENDWATCH" run -c "$tmp/run.conf" 2>>"$tmp/run.err" &
	run_pid=$!
}
stop() { kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""; }

start
wait_for 60 cycles_at_least 3 || fail "three cycles" "$(tail -5 "$tmp/run.err")"
stop
expect_status "SIGTERM: exit 0" 0 $st
expect_eq "the first cycle checked svc.lab.test (ok in the history)" 1 \
	"$(sql "SELECT COUNT(*) FROM history WHERE key = '$key' AND state = 0")"
expect_eq "past the limit: observed unknown, saying why; the confirmed state stays ok" \
	"0|3|not checked: daily query limit of 6 reached for svc.lab.test" \
	"$(sql "SELECT state, last_state, summary FROM state WHERE key = '$key'")"
expect_eq "unknown after ok makes no event" 0 \
	"$(sql "SELECT COUNT(*) FROM events WHERE key = '$key'")"
expect_eq "svc.lab.test: today's count is the one cycle it ran" 4 "$(count svc.lab.test)"
cycles=$(sql 'SELECT COUNT(*) FROM cycles')
expect_eq "bl.lab.test (no limit): 4 queries in each of the $cycles cycles" \
	$((cycles * 4)) "$(count bl.lab.test)"
expect_match "the skip is logged with the numbers" \
	'dnsbl svc.lab.test: not checked, daily query limit of 6 reached \(4 today, 4 needed\)' \
	"$(cat "$tmp/run.err")"

# a restart does not reset the day's count
start
wait_for 60 cycles_at_least $((cycles + 2)) || fail "two cycles after a restart" "$(tail -5 "$tmp/run.err")"
stop
expect_eq "after a restart: svc.lab.test still left out, count unchanged" \
	"4 3" "$(count svc.lab.test) $(sql "SELECT last_state FROM state WHERE key = '$key'")"

done_testing
