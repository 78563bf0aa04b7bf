# service_http.sh -- `sendwatch run` with [http] against the lab: /healthz
# without the token, /metrics (parsed by python3-prometheus-client's
# parser) and /api/v1/findings (parsed as JSON) with it, 401 without or
# with a wrong one, 404 for other paths (traversal included), 405 for
# other methods, /api/v1/events and /reports/summary equal to the CLI's
# --json, /probe (dnsbl listed, not listed, a dead list; 400s; 4 at once),
# a bare port listening on loopback only, the token never
# in the log, clients that connect and never read or never finish their
# request do not stop the next cycle, a reload keeps the server as
# started, HTTPS with a certificate made here, and a port in use stops run
# at start. Every wait is bounded.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

lab_needs LAB_RBLDNSD LAB_DIR
PY=/usr/bin/python3
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""; hold_pid=""
cleanup() {
	for p in $run_pid $hold_pid; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

PORT=$(free_port 19115)
token="http-$$-t0k3n"
http_conf "$tmp/run.conf" "$PORT" 1s "$token"

"$SENDWATCH" run -c "$tmp/run.conf" -v >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
listening() { ss -Hltn "sport = :$PORT" | grep -q .; }
wait_for 20 listening || fail "run listens on $PORT" "$(cat "$tmp/run.err")"
expect_match "a bare port listens on 127.0.0.1 only" "^LISTEN .* 127\.0\.0\.1:$PORT " \
	"$(ss -Hltn "sport = :$PORT")"
wait_for 20 cycles_past 1 || fail "a cycle is stored"

U=http://127.0.0.1:$PORT
# get [CURL ARGS...] URL: prints the status, the content type, then the body
get() { curl -s --path-as-is -o "$tmp/body" -w '%{http_code} %{content_type}\n' "$@"; cat "$tmp/body"; }

out=$(get "$U/healthz")
expect_match "/healthz: 200 without a token" "^200 text/plain" "$out"
expect_match "/healthz: says ok" "^ok: " "$out"

out=$(get "$U/metrics")
expect_match "/metrics without the token: 401" "^401 " "$out"
hdr=$(curl -s -D - -o /dev/null "$U/metrics")
expect_match "401 asks for a bearer token" "^WWW-Authenticate: Bearer" "$hdr"
out=$(get -H "Authorization: Bearer wrong-$token" "$U/metrics")
expect_match "/metrics with a wrong token: 401" "^401 " "$out"
out=$(get -H "Authorization: Bearer ${token%?}" "$U/metrics")
expect_match "/metrics with a prefix of the token: 401" "^401 " "$out"

out=$(get -H "Authorization: Bearer $token" "$U/metrics")
expect_match "/metrics: 200, the Prometheus text type" "^200 text/plain; version=0\.0\.4" "$out"
parsed=$(printf '%s\n' "$out" | tail -n +2 | prom)
expect_match "/metrics parses: the list is healthy, 192.0.2.77 not listed" \
	'^sendwatch_dnsbl_listed .*target=192\.0\.2\.77.* 0\.0$' "$parsed"
expect_match "/metrics parses: the last cycle's time" '^sendwatch_last_cycle_timestamp_seconds  [0-9]' "$parsed"

out=$(get -H "Authorization: Bearer $token" "$U/api/v1/findings")
expect_match "/api/v1/findings: 200 application/json" "^200 application/json" "$out"
keys=$(printf '%s\n' "$out" | tail -n +2 | $PY -c '
import json, sys
d = json.load(sys.stdin)
for f in d["findings"]:
    print(f["key"], f["state"])
print("summary", sorted(d["summary"]))
' 2>&1)
expect_match "/api/v1/findings: the target's key and state, as audit --json" \
	'^dnsbl/svc\.lab\.test/192\.0\.2\.77 ok$' "$keys"
expect_match "/api/v1/findings: a summary" "^summary \[" "$keys"

auth="Authorization: Bearer $token"
# --- /api/v1/events and /api/v1/reports/summary: the CLI's documents ---------
same_json() { # same_json NAME FILE1 FILE2: both parse, and are equal
	if $PY -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a!=b)' "$2" "$3" 2>"$tmp/json.err"; then
		ok "$1"
	else
		fail "$1" "$(cat "$tmp/json.err") $(head -c 300 "$2") | $(head -c 300 "$3")"
	fi
}
"$SENDWATCH" events -c "$tmp/run.conf" --since 2h --json >"$tmp/cli.json"
out=$(get -H "$auth" "$U/api/v1/events?since=2h")
expect_match "/api/v1/events: 200 application/json" "^200 application/json" "$out"
printf '%s\n' "$out" | tail -n +2 >"$tmp/api.json"
same_json "/api/v1/events?since=2h is events --since 2h --json" "$tmp/cli.json" "$tmp/api.json"
"$SENDWATCH" reports import --db "$tmp/state.db" "$top/tests/data/reports/summary/a-example.com.xml" \
	"$top/tests/data/reports/tlsrpt/google.json.gz" "$top/tests/data/reports/ruf/google-arf.eml" >/dev/null
"$SENDWATCH" reports summary --db "$tmp/state.db" --no-dns --json --domain example.com --since all >"$tmp/cli.json"
out=$(get -H "$auth" "$U/api/v1/reports/summary?domain=example.com&since=all")
expect_match "/api/v1/reports/summary: 200 application/json" "^200 application/json" "$out"
printf '%s\n' "$out" | tail -n +2 >"$tmp/api.json"
same_json "/api/v1/reports/summary is reports summary --json" "$tmp/cli.json" "$tmp/api.json"
expect_match "/api/v1/reports/summary: the report's domain" '"example.com"' "$(cat "$tmp/api.json")"
expect_match "/api/v1/reports/summary: TLS-RPT too" '"tlsrpt":\[\{"policy_domain":"example.com","policy_type":"sts","reports":1,"successful_sessions":1200,"failed_sessions":4' "$(cat "$tmp/api.json")"
expect_match "/api/v1/reports/summary: failure reports, local parts redacted" '"from":"Example Billing <\*@example.com>"' "$(cat "$tmp/api.json")"
for q in "events?since=soon" "events?since=1h&since=2h" "events?until=1h" \
	"reports/summary?domain=..%2F..%2Fetc%2Fpasswd" "reports/summary?since=yesterday" \
	"reports/summary?domain=a%0d%0aSet-Cookie:%20x=1"; do
	hdr=$(curl -s -D - -o "$tmp/body" -H "$auth" "$U/api/v1/$q")
	expect_match "/api/v1/$q: 400" "^HTTP/1.1 400 " "$hdr"
	expect_match "/api/v1/$q: says why" "^bad request: " "$(cat "$tmp/body")"
	expect_no_match "/api/v1/$q: no header from the parameter" "^Set-Cookie" "$hdr"
done
# --- /probe: one probe now, in the Prometheus format ------------------------
out=$(get -H "$auth" "$U/probe?probe=dnsbl&target=192.0.2.77&list=svc.lab.test")
expect_match "/probe dnsbl: 200 in the Prometheus text type" "^200 text/plain; version=0\.0\.4" "$out"
parsed=$(printf '%s\n' "$out" | tail -n +2 | prom)
expect_match "/probe dnsbl, not listed: probe_success 1" "^probe_success  1\.0$" "$parsed"
expect_match "/probe dnsbl, not listed: listed 0" '^sendwatch_dnsbl_listed list=svc\.lab\.test,target=192\.0\.2\.77 0\.0$' "$parsed"
expect_match "/probe dnsbl: its duration" "^probe_duration_seconds  [0-9.]+$" "$parsed"
expect_match "/probe dnsbl: the finding's state, 0 ok" '^sendwatch_probe_finding_state key=dnsbl/svc\.lab\.test/192\.0\.2\.77,probe=dnsbl,target=192\.0\.2\.77 0\.0$' "$parsed"
parsed=$(get -H "$auth" "$U/probe?probe=dnsbl&target=127.0.0.2&list=svc.lab.test" | tail -n +2 | prom)
expect_match "/probe dnsbl, the test point: listed 1" '^sendwatch_dnsbl_listed list=svc\.lab\.test,target=127\.0\.0\.2 1\.0$' "$parsed"
expect_match "/probe dnsbl, the test point: critical" '^sendwatch_probe_finding_state key=dnsbl/svc\.lab\.test/127\.0\.0\.2,.* 2\.0$' "$parsed"
parsed=$(get -H "$auth" "$U/probe?probe=dnsbl&target=192.0.2.77&list=nolist.invalid" | tail -n +2 | prom)
expect_match "/probe dnsbl on a list nobody serves: probe_success 0" "^probe_success  0\.0$" "$parsed"
expect_no_match "/probe dnsbl on a list nobody serves: never listed" ' 1\.0$' "$(echo "$parsed" | grep dnsbl_listed)"
out=$(get -H "$auth" "$U/probe?probe=ptr&target=example.com")
expect_match "/probe ptr with a domain: 400 saying why" "^400 .*" "$out"
expect_match "/probe ptr with a domain: the reason" "probe=ptr takes an IP address" "$out"
out=$(get "$U/probe?probe=dnsbl&target=192.0.2.77")
expect_match "/probe without the token: 401" "^401 " "$out"
out=$(get "$U/")
expect_match "/ (the dashboard) without the token: 401" "^401 " "$out"
out=$(get -H "$auth" "$U/")
expect_match "/ with the token: 200 HTML" "^200 text/html" "$out"
# 7 at once (the 8 connections one address may hold): 4 run, the rest 503
before=$(cycles); pids=""
for i in 1 2 3 4 5 6 7; do
	curl -s -o /dev/null -w '%{http_code}\n' -H "$auth" "$U/probe?probe=dnsbl&target=192.0.2.$i&list=svc.lab.test" >"$tmp/code.$i" &
	pids="$pids $!"
done
wait $pids
codes=$(cat "$tmp"/code.*)
expect_no_match "7 /probe at once: each 200 or 503" "^[^25]|^2[^0]|^5[^0]|^50[^3]|^200.|^503." "$codes"
expect_match "7 /probe at once: some run (200)" "^200$" "$codes"
wait_for 20 cycles_past $((before + 2)) || fail "cycles go on after /probe requests" "cycles $before -> $(cycles)"

for p in /nope //x /index.html /metrics/ /healthz/../metrics /../../etc/passwd /%2e%2e/etc/passwd "/api/v1/findings?x=../../"; do
	out=$(get -H "$auth" "$U$p")
	case $p in
	*\?*) expect_match "$p: a parameter the path does not take, 400" "^400 " "$out" ;;
	*) expect_match "$p: 404" "^404 " "$out" ;;
	esac
	expect_no_match "$p: no file content" "root:" "$out"
done
out=$(get -X POST -H "$auth" -d x=1 "$U/metrics")
expect_match "POST /metrics: 405" "^405 " "$out"
out=$(get -X DELETE "$U/healthz")
expect_match "DELETE /healthz: 405" "^405 " "$out"
hdr=$(curl -s -D - -o /dev/null -X PUT "$U/healthz")
expect_match "405 names the allowed methods" "^Allow: GET, HEAD" "$hdr"
out=$(get -H "$auth" -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$U/metrics")
expect_no_match "a 40 KB header is not answered 200" "^200 " "$out"

# --- clients that never read, or never finish their request -----------------
$PY - "$PORT" "$token" <<'EOF' &
import socket, sys, time
port, token = int(sys.argv[1]), sys.argv[2]
socks = []
for i in range(6):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    if i % 2:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")   # never finished
    else:
        s.sendall(("GET /api/v1/findings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n" % token).encode() * 50)
    socks.append(s)
time.sleep(30)
EOF
hold_pid=$!
sleep 1
before=$(cycles)
if wait_for 10 cycles_past $((before + 3)); then
	ok "cycles go on while clients hold connections and never read"
else
	fail "cycles go on while clients hold connections and never read" "cycles: $before -> $(cycles)"
fi
out=$(get "$U/healthz")
expect_match "/healthz still answers meanwhile" "^200 " "$out"

# --- reload: [http] keeps what it started with --------------------------------
echo "other-$token" >"$tmp/token2"
sed "s|^token_file = .*|token_file = $tmp/token2|" "$tmp/run.conf" >"$tmp/run2.conf"
cp "$tmp/run.conf" "$tmp/run.conf.orig"; cp "$tmp/run2.conf" "$tmp/run.conf"
kill -HUP "$run_pid"
reloaded() { grep -q "configuration reloaded" "$tmp/run.err"; }
wait_for 10 reloaded || fail "SIGHUP reloads" "$(tail -5 "$tmp/run.err")"
expect_match "reload with another token: says [http] waits for a restart" \
	"\[http\] changed: still serving as started until a restart" "$(cat "$tmp/run.err")"
out=$(get -H "$auth" "$U/metrics")
expect_match "the old token still works until a restart" "^200 " "$out"
cp "$tmp/run.conf.orig" "$tmp/run.conf"

expect_no_match "the token is not in the log" "$token" "$(cat "$tmp/run.out" "$tmp/run.err")"
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "SIGTERM with clients connected: exit 0" 0 $st
kill "$hold_pid" 2>/dev/null; hold_pid=""

# --- HTTPS with tls_cert_file and tls_key_file --------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1
TPORT=$(free_port $((PORT + 1)))
sed -e "s|^listen = .*|listen = 127.0.0.1:$TPORT|" -e "s|^state = .*|state = $tmp/tls.db|" \
	"$tmp/run.conf" >"$tmp/tls.conf"
printf 'tls_cert_file = %s\ntls_key_file = %s\n' "$tmp/cert.pem" "$tmp/key.pem" >>"$tmp/tls.conf"
"$SENDWATCH" run -c "$tmp/tls.conf" >"$tmp/tls.out" 2>"$tmp/tls.err" &
run_pid=$!
tls_listening() { ss -Hltn "sport = :$TPORT" | grep -q .; }
wait_for 20 tls_listening || fail "run listens for HTTPS" "$(cat "$tmp/tls.err")"
out=$(get --cacert "$tmp/cert.pem" "https://127.0.0.1:$TPORT/healthz")
expect_match "HTTPS: /healthz answers over TLS, the certificate verifies" "^200 text/plain" "$out"
out=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TPORT/healthz")
expect_no_match "HTTPS: plain HTTP gets no answer" "^200" "$out"
kill -TERM "$run_pid"; wait "$run_pid"; run_pid=""

# --- a port in use: run says so and does not start ---------------------------
$PY -c 'import socket,time,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(20)' "$PORT" &
hold_pid=$!
wait_for 10 listening
out=$(timeout 20 "$SENDWATCH" run -c "$tmp/run.conf" 2>&1); st=$?
expect_status "[http] port in use: run exits 1" 1 $st
expect_match "[http] port in use: says where" "\[http\] listen: cannot serve on 127\.0\.0\.1 port $PORT" "$out"
done_testing
