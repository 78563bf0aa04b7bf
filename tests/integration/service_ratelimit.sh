# service_ratelimit.sh -- `sendwatch run` against a webhook receiver that
# rate-limits: it answers 429 Too Many Requests with Retry-After: 6, as
# chat and incident services do. The service waits as long as it is
# told (no try before Retry-After, though its own backoff would start at
# 2 s), keeps its cycles meanwhile, and once the receiver accepts again
# delivers the waiting event once, then the next, in order. (The retry
# was up to a second early: the time of a try was cut to whole seconds.)
# Then the sink is renamed while an event waits for it: the log says so
# at the reload, and sendwatch_outbox_backlog counts only the sinks
# configured (the old rows kept it above 0 for good).
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
run_pid=""; a_pid=""
cleanup() {
	for p in $run_pid $a_pid; do kill "$p" 2>/dev/null; done
	for p in $run_pid $a_pid; do wait "$p" 2>/dev/null; done
	svc_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
# the times of the POSTs the receiver answered with 429
refused() { awk '/"POST .*" 429/ { print $2 }' "$tmp/a.jsonl.log" 2>/dev/null; }
refused_past() { [ "$(refused | wc -l)" -ge "$1" ]; }
started() { grep -c 'running dnsbl' "$tmp/run.err"; }	# cycles begun (-v)
bodies() { $PY -c 'import json,sys
for l in open(sys.argv[1]):
    b = json.loads(l)["body"]; print(b["key"], b["to"])' "$tmp/a.jsonl"; }

receiver_start "$tmp/a.jsonl" 0 --status 429 --retry-after 6 || fail "rate-limiting receiver listens"
a_pid=$rcv_pid; A=$rcv_port
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
[alert limited]
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
set_list
"$SENDWATCH" run -c "$tmp/run.conf" -v 2>"$tmp/run.err" &
run_pid=$!
wait_for 20 grep -q 'running dnsbl' "$tmp/run.err" || fail "run starts" "$(tail -5 "$tmp/run.err")"

# --- 429 with Retry-After: 6 ---------------------------------------------------------------
set_list "192.0.2.81"
wait_for 20 refused_past 1 || fail "429: the event is tried" "$(tail -5 "$tmp/run.err")"
c=$(started)
wait_for 30 refused_past 3 || fail "429: tried again" "$(refused)"
gaps=$(refused | awk 'NR > 1 && NR <= 3 { printf "%.1f ", $1 - prev } { prev = $1 }')
echo "# gaps between the refused tries: $gaps s"
expect_eq "429: no try before Retry-After (6 s) has passed" "" \
	"$(echo "$gaps" | tr ' ' '\n' | awk '$1 != "" && $1 < 5.9')"
expect_eq "429: not tried much later either (backoff 2 s, 4 s < 6 s)" "" \
	"$(echo "$gaps" | tr ' ' '\n' | awk '$1 != "" && $1 > 9')"
expect_match "429: the log says why and when" "alert limited: event [0-9a-f]+-1 not delivered \(.*429.*\); next try in [67]s" "$(cat "$tmp/run.err")"
[ $(($(started) - c)) -ge 4 ] && ok "429: cycles go on while the sink waits ($(($(started) - c)) cycles)" ||
	fail "429: cycles go on while the sink waits" "$(($(started) - c)) cycles"
expect_eq "429: nothing recorded as delivered" 0 "$(lines "$tmp/a.jsonl")"

# --- the receiver accepts again ------------------------------------------------------------
kill "$a_pid"; wait "$a_pid" 2>/dev/null
set_list "192.0.2.81" "192.0.2.82"
receiver_start "$tmp/a.jsonl" "$A" || fail "receiver listens again on $A"
a_pid=$rcv_pid
wait_for 30 has_lines "$tmp/a.jsonl" 2 || fail "accepted: both events arrive" "$(tail -5 "$tmp/run.err")"
sleep 3
expect_eq "accepted: each event once, in order" \
	"dnsbl/svc.lab.test/192.0.2.81 critical dnsbl/svc.lab.test/192.0.2.82 critical" "$(echo $(bodies))"

# --- the sink renamed while an event waits for it ------------------------------------------
kill "$a_pid"; wait "$a_pid" 2>/dev/null; a_pid=""
set_list "192.0.2.81" "192.0.2.82" "192.0.2.83"
wait_for 20 sh -c "sqlite3 '$tmp/state.db' \"SELECT attempts FROM outbox o JOIN events e ON e.id = o.event WHERE e.key = 'dnsbl/svc.lab.test/192.0.2.83'\" | grep -q '^[1-9]'" ||
	fail "renamed: the event is tried while the receiver is down" "$(tail -5 "$tmp/run.err")"
sed -e 's/^\[alert limited\]/[alert renamed]/' -e "s|^dnsbl_catalog = no|&\nmetrics_file = $tmp/metrics.prom|" \
	"$tmp/run.conf" >"$tmp/run.conf.new" && mv "$tmp/run.conf.new" "$tmp/run.conf"
kill -HUP "$run_pid"
wait_for 10 grep -q "configuration reloaded" "$tmp/run.err" || fail "renamed: reloaded" "$(tail -5 "$tmp/run.err")"
expect_match "renamed: the log says an event waits for a sink that is gone" \
	"warning: alert limited: 1 event waits for it, but $tmp/run.conf has no \[alert limited\] any more" "$(cat "$tmp/run.err")"
wait_for 10 test -s "$tmp/metrics.prom" || fail "renamed: metrics are written"
expect_match "renamed: sendwatch_outbox_backlog counts only the sinks configured" \
	'^sendwatch_outbox_backlog 0$' "$(cat "$tmp/metrics.prom")"
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "SIGTERM ends the service with 0 (no leak under ASan)" 0 "$st"

done_testing
