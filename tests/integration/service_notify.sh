# service_notify.sh -- `sendwatch run` and systemd: the sd_notify
# datagrams (READY=1 once running, WATCHDOG=1 at half of WATCHDOG_USEC,
# RELOADING=1 then READY=1 around SIGHUP, STOPPING=1 on SIGTERM) to a
# path and to an abstract socket, received by a real AF_UNIX listener;
# and the idle cost between cycles (CPU time from /proc, no busy loop);
# the scheduled import of DMARC reports from [reports] directory.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD
top=${SENDWATCH_TOP:-.}
PY=/usr/bin/python3
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""; lis_pid=""
trap 'for p in $run_pid $lis_pid; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

got() { grep -q -- "$1" "$tmp/notify.log" 2>/dev/null; }
count() { grep -c -- "$1" "$tmp/notify.log" 2>/dev/null || echo 0; }

cat >"$tmp/run.conf" <<EOF2
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no
[targets]
ip = 192.0.2.77
[dnsbl svc]
zone = svc.lab.test
[schedule]
dnsbl = 1h
auth = 7d
jitter = 0s
EOF2

# start SOCKET BINARY: listener on SOCKET, then the service told of it
start() {
	rm -f "$tmp/notify.log"
	$PY "$top/tests/support/notify_listener.py" "$1" "$tmp/notify.log" 2>"$tmp/lis.err" &
	lis_pid=$!
	case $1 in
	@*) wait_for 10 sh -c "grep -q '@${1#@}' /proc/net/unix" ;;
	*) wait_for 10 test -S "$1" ;;
	esac
	NOTIFY_SOCKET=$1 WATCHDOG_USEC=1000000 "$2" run -c "$tmp/run.conf" 2>>"$tmp/run.err" &
	run_pid=$!
}
stop() {
	kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
	wait_for 5 got STOPPING=1
	kill "$lis_pid"; wait "$lis_pid" 2>/dev/null; lis_pid=""
}

# --- a socket path, the plain binary (CPU time without ASan) ------------------------
start "$tmp/notify.sock" "$top/sendwatch"
wait_for 10 got '^READY=1' && ok "READY=1 once running" || fail "READY=1" "$(cat "$tmp/run.err")"
wait_for 10 sh -c "[ \$(sqlite3 '$tmp/state.db' 'SELECT COUNT(*) FROM cycles' 2>/dev/null || echo 0) -ge 1 ]" ||
	fail "first cycle stored"
w0=$(count WATCHDOG=1)
t0=$(awk '{ print $14 + $15 }' "/proc/$run_pid/stat")
sleep 3
t1=$(awk '{ print $14 + $15 }' "/proc/$run_pid/stat")
w1=$(count WATCHDOG=1)
hz=$(getconf CLK_TCK)
echo "# idle: $((t1 - t0)) ticks of CPU in 3 s (CLK_TCK $hz), $((w1 - w0)) watchdog pings"
[ $((t1 - t0)) -le $((hz / 20)) ] && ok "idle between cycles: under 50 ms of CPU in 3 s" ||
	fail "idle between cycles" "$((t1 - t0)) ticks in 3 s"
[ $((w1 - w0)) -ge 4 ] && [ $((w1 - w0)) -le 8 ] && ok "WATCHDOG=1 at half of WATCHDOG_USEC (1 s)" ||
	fail "WATCHDOG=1 every 0.5 s" "$((w1 - w0)) pings in 3 s"
kill -HUP "$run_pid"
wait_for 10 got '^RELOADING=1' && ok "SIGHUP: RELOADING=1" || fail "SIGHUP: RELOADING=1"
wait_for 10 sh -c "[ \$(grep -c '^READY=1' '$tmp/notify.log') -ge 2 ]" && ok "SIGHUP: READY=1 again" ||
	fail "SIGHUP: READY=1 again" "$(cat "$tmp/notify.log")"
stop
expect_status "SIGTERM: exit 0" 0 $st
got '^STOPPING=1' && ok "SIGTERM: STOPPING=1" || fail "SIGTERM: STOPPING=1" "$(cat "$tmp/notify.log")"
expect_eq "no datagram the protocol does not know" "" \
	"$(grep -v -e '^READY=1' -e '^WATCHDOG=1$' -e '^RELOADING=1$' -e '^STOPPING=1$' "$tmp/notify.log")"

# --- an abstract socket -----------------------------------------------------------
start "@sendwatch-test-$$" "$SENDWATCH"
wait_for 10 got '^READY=1' && ok "abstract socket: READY=1" || fail "abstract socket: READY=1" "$(cat "$tmp/run.err")"
stop
expect_status "abstract socket: exit 0" 0 $st
got '^STOPPING=1' && ok "abstract socket: STOPPING=1" || fail "abstract socket: STOPPING=1"

# --- [reports] directory: imported on the schedule, each report once -----------------
mkdir -p "$tmp/rua"
cp "$top"/tests/data/reports/summary/a-example.com.xml "$top"/tests/data/reports/summary/b-example.com.xml \
	"$top"/tests/data/reports/summary/c-example.org.xml "$tmp/rua/"
cat >"$tmp/rep.conf" <<EOF2
[general]
state = $tmp/rep.db
resolver = $LAB_RBLDNSD
[reports]
directory = $tmp/rua
[schedule]
reports = 1s
jitter = 0s
EOF2
"$SENDWATCH" run -c "$tmp/rep.conf" 2>"$tmp/rep.err" &
run_pid=$!
reports_cycles() { [ "$(sqlite3 "$tmp/rep.db" 'SELECT COUNT(*) FROM cycles' 2>/dev/null || echo 0)" -ge "$1" ]; }
wait_for 20 reports_cycles 3 && ok "reports: imported on the schedule" || fail "reports: scheduled" "$(cat "$tmp/rep.err")"
expect_eq "reports: the three reports stored once" 3 "$(sqlite3 "$tmp/rep.db" 'SELECT COUNT(*) FROM reports')"
expect_match "reports: first import counted" 'reports: imported 3 reports \(6 records\), 0 already stored, 0 failed' "$(cat "$tmp/rep.err")"
expect_match "reports: later cycles skip what is stored" 'reports: imported 0 reports \(0 records\), 3 already stored, 0 failed' "$(cat "$tmp/rep.err")"
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "reports: SIGTERM exit 0" 0 $st

done_testing
