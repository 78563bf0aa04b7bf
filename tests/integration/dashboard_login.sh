# dashboard_login.sh -- with [http] token_file set, a browser opens the
# dashboard: GET / without credentials gets 401 asking for Basic
# authentication (so a browser shows its password prompt), the token as
# the password (any user name) is let in, a wrong one is not; the token
# as a Basic password opens nothing else (/metrics, the API, /probe keep
# to the bearer token), and the bearer token still opens /. Headless
# chromium, given the credentials as a browser's user would type them,
# renders the page; without them it shows no dashboard. The token is
# never in the log.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

if [ -z "${LAB_RBLDNSD:-}" ] || [ -z "${LAB_DIR:-}" ]; then
	fail "lab is running" "LAB_RBLDNSD is not set: run through tests/run.sh"
	done_testing; exit
fi
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""
cleanup() { [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)

PORT=$(free_port 19415)
token="dash-$$-t0k3n"
http_conf "$tmp/run.conf" "$PORT" 1m "$token"
"$SENDWATCH" run -c "$tmp/run.conf" >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
wait_for 20 cycles_past 1 || fail "run stores a cycle" "$(tail -5 "$tmp/run.err")"
U=http://127.0.0.1:$PORT

hdr=$(curl -s -D - -o "$tmp/body" "$U/")
expect_match "GET / without credentials: 401" "^HTTP/1.1 401 " "$hdr"
expect_match "GET / without credentials: asks for Basic (a browser's password prompt)" \
	'^WWW-Authenticate: Basic realm="sendwatch", charset="UTF-8"' "$hdr"
expect_match "GET / without credentials: says what to type" \
	"log in with the token of \[http\] token_file as the password" "$(cat "$tmp/body")"
hdr=$(curl -s -D - -o "$tmp/body" -u "admin:$token" "$U/")
expect_match "GET / with the token as the password: 200" "^HTTP/1.1 200 " "$hdr"
expect_match "GET / with the token as the password: the dashboard" "<h2>Current problems</h2>" "$(cat "$tmp/body")"
out=$(curl -s -o /dev/null -w '%{http_code}' -u ":$token" "$U/")
expect_eq "GET / with an empty user name and the token: 200" 200 "$out"
out=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:wrong-$token" "$U/")
expect_eq "GET / with a wrong password: 401" 401 "$out"
out=$(curl -s -o /dev/null -w '%{http_code}' -u "$token:" "$U/")
expect_eq "GET / with the token as the user name: 401" 401 "$out"
out=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$U/")
expect_eq "GET / with the bearer token: 200" 200 "$out"
for p in /metrics /api/v1/findings "/api/v1/events?since=1h" \
	"/probe?probe=dnsbl&target=192.0.2.77&list=svc.lab.test"; do
	hdr=$(curl -s -D - -o /dev/null -u "admin:$token" "$U$p")
	expect_match "$p with the token as a Basic password: 401" "^HTTP/1.1 401 " "$hdr"
	expect_match "$p: asks for the bearer token, not a password" "^WWW-Authenticate: Bearer" "$hdr"
done

if [ -n "$CHROMIUM" ]; then
	# the credentials as typed into the prompt; headless chromium takes
	# them from the address
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--dump-dom "http://admin:$token@127.0.0.1:$PORT/" >"$tmp/dom.html" 2>"$tmp/chromium.err"
	expect_match "chromium with the token as the password renders the dashboard" \
		"<h2>Current problems</h2>" "$(cat "$tmp/dom.html")"
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--dump-dom "$U/" >"$tmp/dom.html" 2>"$tmp/chromium.err"
	expect_no_match "chromium without credentials: no dashboard" "Current problems" "$(cat "$tmp/dom.html")"
else
	fail "chromium is installed (scripts/packages.txt)"
fi
expect_no_match "the token is not in the log" "$token" "$(cat "$tmp/run.out" "$tmp/run.err")"
kill -TERM "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "run stops: exit 0" 0 $st
done_testing
