# service_http_rate.sh -- the request-rate bound of `sendwatch run`'s
# [http], against the lab. With small bounds set in [http]: a burst over
# requests_burst gets 429 with Retry-After and a body naming the keys;
# another loopback address (127.0.0.2) is served meanwhile; after
# Retry-After the bucket has refilled; a client paced under the rate is
# never refused, even starting from an empty bucket; wrong tokens are
# bounded too; /probe has its own smaller bucket, which 400s do not take;
# /metrics counts the 429s in sendwatch_http_requests_limited_total; the
# log has one line per address that goes too fast, not one per 429.
# With the defaults: a loop hammering /probe, and one hammering /metrics,
# is refused, while a dashboard, a scrape and a handful of /probe calls
# are not. Each client binds its own 127.0.0.x source address; one run
# listens on [::1] for an IPv6 client.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
PY=/usr/bin/python3
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""
cleanup() {
	[ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

PORT=$(free_port 19315)
token="rate-$$-t0k3n"
http_conf "$tmp/base.conf" "$PORT" 1m "$token"
listening() { ss -Hltn "sport = :$PORT" | grep -q .; }
start_run() { # start_run CONF: run in the background, listening, one cycle stored
	"$SENDWATCH" run -c "$1" >"$tmp/run.out" 2>"$tmp/run.err" &
	run_pid=$!
	wait_for 20 listening || fail "run listens on $PORT" "$(cat "$tmp/run.err")"
	wait_for 20 cycles_past 1 || fail "a cycle is stored" "$(cat "$tmp/run.err")"
}
stop_run() { kill -TERM "$run_pid"; wait "$run_pid"; run_pid=""; }
# client SRC COUNT INTERVAL PATH [-v]: one line per request, "status retry-after"
client() {
	v=""; [ "${5:-}" = -v ] && v=-v
	$PY "$top/tests/support/http_client.py" $v "$PORT" "$1" "$2" "$3" "$4" "$token" 2>&1
}
count() { printf '%s\n' "$2" | grep -c "^$1 " ; }

# --- small bounds: 120 requests a minute (2 a second), 5 at once; /probe
# 6 a minute, 2 at once -------------------------------------------------------
cp "$tmp/base.conf" "$tmp/small.conf"
printf 'requests_per_minute = 120\nrequests_burst = 5\nprobes_per_minute = 6\nprobes_burst = 2\n' >>"$tmp/small.conf"
start_run "$tmp/small.conf"

# a burst of 8 from 127.0.0.1, then at once one from 127.0.0.2 and one more from .1
$PY - "$PORT" "$token" >"$tmp/burst" 2>&1 <<'EOF'
import http.client, sys
port, token = int(sys.argv[1]), sys.argv[2]
def get(src, conn=None):
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(src, 0))
    c.request("GET", "/metrics", headers={"Authorization": "Bearer " + token})
    r = c.getresponse()
    body = r.read().decode()
    return c, "%s %d %s %s" % (src, r.status, r.getheader("Retry-After") or "-", body.splitlines()[0])
c, line = get("127.0.0.1")
lines = [line]
for i in range(7):
    lines.append(get("127.0.0.1", c)[1])
lines.append(get("127.0.0.2")[1])
lines.append(get("127.0.0.1", c)[1])
print("\n".join(lines))
EOF
burst=$(cat "$tmp/burst")
first5=$(head -n 5 "$tmp/burst" | grep -c '^127\.0\.0\.1 200 ')
expect_eq "a burst of 8: the first 5 (requests_burst) are served" 5 "$first5"
expect_match "a burst of 8: the 6th gets 429 with Retry-After: 1" '^127\.0\.0\.1 429 1 too many requests' "$(sed -n 6p "$tmp/burst")"
expect_eq "a burst of 8: the 6th to 8th all get 429 (no token in the same instant)" 3 \
	"$(sed -n 6,8p "$tmp/burst" | grep -c '^127\.0\.0\.1 429 [1-9]')"
expect_match "the 429 names the bound and the keys" \
	'429 1 too many requests: an address may make 120 requests a minute, 5 at once \(\[http\] requests_per_minute, requests_burst\); try again in 1 s' "$burst"
expect_match "127.0.0.2 meanwhile: served (a bucket of its own)" '^127\.0\.0\.2 200 - ' "$burst"
expect_match "127.0.0.1 right after: still 429" '^127\.0\.0\.1 429 ' "$(sed -n 10p "$tmp/burst")"
# the bucket refills: after Retry-After, served again
sleep 1.1
out=$(client 127.0.0.1 1 0 /metrics)
expect_match "after Retry-After: 127.0.0.1 is served again" '^200 -$' "$out"

# a client paced at 1.5 a second, under the 2 a second, starting with an
# empty bucket: never refused
out=$(client 127.0.0.4 6 0 /healthz)
expect_eq "127.0.0.4 drains its bucket: the 6th of 6 at once gets 429" "429 1" "$(echo "$out" | tail -n 1)"
sleep 1
out=$(client 127.0.0.4 15 0.66 /healthz)
expect_eq "a paced client (1.5/s, 15 requests from an empty bucket): all 200" 15 "$(count 200 "$out")"

# a client guessing tokens is bounded like any other
out=$($PY "$top/tests/support/http_client.py" "$PORT" 127.0.0.6 8 0 /metrics "wrong-$token")
expect_eq "wrong tokens: 5 get 401" 5 "$(count 401 "$out")"
expect_eq "wrong tokens: then 429" 3 "$(count 429 "$out")"

# /probe: 2 at once, then 429 saying when (6 a minute: 10 s)
P="/probe?probe=dnsbl&target=192.0.2.77&list=svc.lab.test"
out=$(client 127.0.0.3 3 0 "$P" -v)
expect_eq "/probe x3 at once: 2 run (probes_burst)" 2 "$(count 200 "$out")"
expect_match "/probe x3: the 3rd gets 429, Retry-After 10 s" \
	'^429 10 too many requests: an address may make 6 /probe requests a minute, 2 at once \(\[http\] probes_per_minute, probes_burst\)' "$out"
# a /probe that cannot run (400) takes no probe token
out=$(client 127.0.0.7 3 0 "/probe?probe=ptr&target=example.com")
expect_eq "/probe with bad parameters x3: 400 each" 3 "$(count 400 "$out")"
out=$(client 127.0.0.7 2 0 "$P")
expect_eq "/probe after those 400s: still 2 run" 2 "$(count 200 "$out")"

# /metrics counts them: requests refused so far (.1's three and its recheck,
# .4's one, .6's three) and /probe's one
nreq=8
parsed=$(curl -s --interface 127.0.0.5 \
	-H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/metrics" | prom)
expect_match "/metrics: sendwatch_http_requests_limited_total{limit=requests} counts the 429s" \
	"^sendwatch_http_requests_limited_total limit=requests $nreq\.0$" "$parsed"
expect_match "/metrics: sendwatch_http_requests_limited_total{limit=probes} 1" \
	"^sendwatch_http_requests_limited_total limit=probes 1\.0$" "$parsed"
expect_match "/metrics: the run loop's families still there" '^sendwatch_last_cycle_timestamp_seconds  [0-9]' "$parsed"
if command -v promtool >/dev/null 2>&1; then
	curl -s --interface 127.0.0.8 -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/metrics" >"$tmp/metrics.txt"
	out=$(promtool check metrics <"$tmp/metrics.txt" 2>&1); st=$?
	expect_status "promtool check metrics accepts /metrics with the counter" 0 $st
fi
log=$(cat "$tmp/run.err")
expect_eq "127.0.0.1's four 429s: one line in the log" 1 \
	"$(printf '%s\n' "$log" | grep -c '\[http\] 127\.0\.0\.1 goes over requests_per_minute (120 a minute, 5 at once): answering 429 until it slows down')"
expect_eq "127.0.0.3's /probe 429: one line in the log" 1 \
	"$(printf '%s\n' "$log" | grep -c '\[http\] 127\.0\.0\.3 goes over probes_per_minute')"
expect_eq "eight 429s in all: three lines (.1, .4 and .6), one for /probe" 4 \
	"$(printf '%s\n' "$log" | grep -c 'goes over')"
stop_run

# --- IPv6: listening on [::1], a client from ::1 has its bucket too --------
sed "s|^listen = .*|listen = [::1]:$PORT|" "$tmp/small.conf" >"$tmp/v6.conf"
start_run "$tmp/v6.conf"
out=$(client ::1 7 0 /healthz)
expect_eq "IPv6: 7 at once from ::1: 5 served, then 429" "200 200 200 200 200 429 429 " \
	"$(printf '%s\n' "$out" | cut -d' ' -f1 | tr '\n' ' ')"
expect_match "IPv6: the log names ::1" '\[http\] ::1 goes over requests_per_minute' "$(cat "$tmp/run.err")"
stop_run

# --- the defaults: 600 requests a minute, 60 at once; /probe 30 a minute, 20
# at once ---------------------------------------------------------------------
start_run "$tmp/base.conf"
# what an admin does: the dashboard, a scrape, the findings and 5 /probe
# calls, three times in a row, as fast as curl goes
codes=""
for round in 1 2 3; do
	for p in / /metrics /api/v1/findings "$P" "$P" "$P" "$P" "$P"; do
		codes="$codes $(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.1 \
			-H "Authorization: Bearer $token" "http://127.0.0.1:$PORT$p")"
	done
done
expect_eq "defaults: a dashboard, a scrape and 15 /probe calls are never refused" \
	"" "$(echo $codes | tr ' ' '\n' | grep -v '^200$')"
# a loop hammering /probe
out=$(client 127.0.0.2 40 0 "$P")
expect_eq "defaults: a loop of 40 /probe: the first 20 (probes_burst) run" 20 "$(head -n 20 <<EOF | grep -c '^200 '
$out
EOF
)"
expect_match "defaults: a loop of 40 /probe is refused (429) after those" '^429 [0-9]+$' "$out"
expect_no_match "defaults: nothing but 200 and 429 for the loop" '^(5|40)' "$out"
# a loop hammering /healthz (no token needed)
out=$(client 127.0.0.3 200 0 /healthz)
expect_eq "defaults: a loop of 200 /healthz: 60 at once (requests_burst) and the refill, then 429" \
	yes "$([ "$(count 200 "$out")" -ge 60 ] && [ "$(count 429 "$out")" -ge 1 ] && echo yes || echo "$(count 200 "$out") 200s, $(count 429 "$out") 429s")"
stop_run
done_testing
