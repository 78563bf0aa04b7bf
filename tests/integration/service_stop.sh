# service_stop.sh -- SIGTERM in the middle of a large cycle (issue 17,
# "Bounded cycles"): `sendwatch run` watching 8,192 addresses on two lab
# lists, one of them (stop.lab.test) served by a server that never
# answers, so the cycle lasts far longer than systemd's patience. SIGTERM
# must end the service within 5 s with exit status 0, and the state must
# hold only whole results: no finding made of a lookup cut short (the
# dead list's lookups that reached their timeout are unknown, the rest
# left out), one committed cycle whose count matches the rows, a sound
# database; the next start runs a cycle on the same file.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RESOLVER LAB_DIR
top=${SENDWATCH_TOP:-.}
# The 5 s bound is timed on the plain build (as users run it; ASan's
# slower SQLite writes of the last batch would time the sanitizer);
# the restart below runs under ASan for leaks.
PLAIN=$top/sendwatch
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""
cleanup() {
	[ -z "$run_pid" ] || kill -KILL "$run_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# 10.64.0.0/19: 8,192 addresses. bl.lab.test answers at once (rbldnsd
# behind the lab's resolver), stop.lab.test never: its queries wait for
# the 4 s timeout, a thousand at a time, for minutes.
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RESOLVER
timeout = 4s
dnsbl_catalog = no

[targets]
network = 10.64.0.0/19

[dnsbl bl]
zone = bl.lab.test

[dnsbl down]
zone = stop.lab.test

[schedule]
dnsbl = 1h
auth = 7d
jitter = 0s
EOF

"$PLAIN" run -c "$tmp/run.conf" -v >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
wait_for 20 grep -q 'running dnsbl' "$tmp/run.err" ||
	fail "the cycle starts" "$(tail -5 "$tmp/run.err")"
# Long enough for bl.lab.test's 8,192 answers, far from the cycle's end.
sleep 5
if kill -0 "$run_pid" 2>/dev/null; then ok "the cycle is still running after 5 s"
else fail "the cycle is still running after 5 s" "$(tail -5 "$tmp/run.err")"; fi
ms() { date +%s%3N; }
t0=$(ms)
kill -TERM "$run_pid"
n=100; while kill -0 "$run_pid" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
took=$(($(ms) - t0))
if kill -0 "$run_pid" 2>/dev/null; then
	fail "SIGTERM mid-cycle: exits within 10 s"; kill -KILL "$run_pid"
else
	wait "$run_pid"; st=$?
	expect_status "SIGTERM mid-cycle: exit status 0" 0 $st
	if [ "$took" -lt 5000 ]; then ok "SIGTERM mid-cycle: exits within 5 s (${took} ms)"
	else fail "SIGTERM mid-cycle: exits within 5 s" "took $took ms"; fi
fi
run_pid=""
expect_match "SIGTERM mid-cycle: says what was left out" \
	'stopping: [0-9]+ DNSBL results of this cycle were not complete' "$(cat "$tmp/run.err")"

q() { sqlite3 "$tmp/state.db" "$1"; }
expect_eq "database is sound" "ok" "$(q 'PRAGMA integrity_check')"
expect_eq "one cycle committed" "1" "$(q 'SELECT COUNT(*) FROM cycles')"
expect_eq "the cycle's count is the rows stored" "$(q 'SELECT COUNT(*) FROM state')" \
	"$(q 'SELECT findings FROM cycles')"
# The dead list's lookups that ran to their timeout are results (unknown,
# the list broken); those SIGTERM cut short are not stored at all.
expect_eq "no result made of a lookup cut short" "0" \
	"$(q "SELECT COUNT(*) FROM state WHERE summary LIKE '%stopped%' OR summary LIKE '%deadline%' OR summary LIKE '%time limit%'")"
down=$(q "SELECT COUNT(*) FROM state WHERE key LIKE 'dnsbl/stop.lab.test/%'")
if [ "$down" -lt 8192 ]; then ok "the dead list: the cut lookups left out ($down of 8192 stored)"
else fail "the dead list: the cut lookups left out" "$down of 8192 stored"; fi
expect_eq "the dead list: what is stored is unknown, never ok" "0" \
	"$(q "SELECT COUNT(*) FROM state WHERE key LIKE 'dnsbl%/stop.lab.test%' AND last_state != 3")"
bl=$(q "SELECT COUNT(*) FROM state WHERE key LIKE 'dnsbl/bl.lab.test/10.64.%'")
if [ "$bl" -gt 0 ] && [ "$bl" -le 8192 ]; then ok "bl.lab.test: whole results stored ($bl of 8192)"
else fail "bl.lab.test: whole results stored" "$bl rows"; fi
expect_eq "bl.lab.test: its health stored" "1" \
	"$(q "SELECT COUNT(*) FROM state WHERE key = 'dnsbl-health/bl.lab.test' AND last_state = 0")"

# The same file serves the next start: a cycle runs (stopped again at once).
"$SENDWATCH" run -c "$tmp/run.conf" -v >>"$tmp/run.out" 2>>"$tmp/run.err" &
run_pid=$!
wait_for 20 sh -c "grep -c 'running dnsbl' '$tmp/run.err' | grep -qx 2" ||
	fail "restart: a second cycle starts" "$(tail -5 "$tmp/run.err")"
kill -TERM "$run_pid"
n=100; while kill -0 "$run_pid" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
if kill -0 "$run_pid" 2>/dev/null; then
	fail "restart: SIGTERM exits"; kill -KILL "$run_pid"
else
	wait "$run_pid"; st=$?
	expect_status "restart: SIGTERM exits 0 (and no leak under ASan)" 0 $st
fi
run_pid=""
expect_eq "restart: database still sound" "ok" "$(q 'PRAGMA integrity_check')"
done_testing
