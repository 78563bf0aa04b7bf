# dashboard.sh -- `sendwatch run` with [http] against the lab, its
# dashboard (GET /) rendered by a real headless browser (Debian's
# chromium, --dump-dom and --screenshot): the page carries the lab's
# figures (a listing in the blocklist matrix, the authentication table,
# the DMARC totals, daily chart bars, failing and new sources, the
# bounce rate, the events), a strict Content-Security-Policy, no script
# at all, and a report's hostile org name shown as text. Also `reports
# summary --html FILE`, the DMARC part as a static page. Every wait is
# bounded.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"

if [ -z "${LAB_RESOLVER:-}" ] || [ -z "${LAB_DIR:-}" ]; then
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
	done_testing; exit
fi
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""
cleanup() { [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	fail "chromium is installed (scripts/packages.txt)"; done_testing; exit
fi

now=$(date +%s)
data=$top/tests/data/reports/summary
# a report of yesterday from a hostile reporter, and one of the day before
sed -e 's|<org_name>Receiver A</org_name>|<org_name>\&lt;script\&gt;alert(1)\&lt;/script\&gt;Evil \&amp; Co</org_name>|' \
	-e 's|<report_id>a-1</report_id>|<report_id>dash-1</report_id>|' \
	-e "s|<begin>1700000000</begin><end>1700086399</end>|<begin>$((now - 86400))</begin><end>$((now - 1))</end>|" \
	"$data/a-example.com.xml" >"$tmp/hostile.xml"
# 8 delivered and 2 bounced in the last minutes: a bounce rate of 20 %
for i in 1 2 3 4 5 6 7 8; do
	echo "$(date -u '+%b %e %H:%M:%S') mail postfix/smtp[41$i]: 3F1A21C0B$i: to=<u$i@example.org>, relay=mx.example.org[198.51.100.25]:25, delay=0.4, delays=0.1/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)"
done >"$tmp/mail.log"
for i in 1 2; do
	echo "$(date -u '+%b %e %H:%M:%S') mail postfix/smtp[42$i]: 3F1A21C0C$i: to=<x$i@example.org>, relay=mx.example.org[198.51.100.25]:25, delay=0.4, delays=0.1/0/0.1/0.2, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.25] said: 550 5.1.1 User unknown (in reply to RCPT TO command))"
done >>"$tmp/mail.log"

PORT=$(free_port 19215)
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RESOLVER
timeout = 2s
dnsbl_catalog = no

[targets]
ip = 192.0.2.10
ip = 192.0.2.50

[dnsbl lab-bl]
zone = bl.lab.test
kind = ip

[domain good.auth.test]
dkim_selectors = s2048

[domain plusall.auth.test]

[bounces]
log = $tmp/mail.log
window = 1h

[schedule]
dnsbl = 2s
auth = 1h
jitter = 0s

[http]
listen = $PORT
EOF
"$SENDWATCH" reports import --db "$tmp/state.db" "$tmp/hostile.xml" >/dev/null
"$SENDWATCH" run -c "$tmp/run.conf" >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
cycles() { sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM cycles" 2>/dev/null || echo 0; }
has_auth() { [ "$(sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM state WHERE probe = 'spf'" 2>/dev/null)" -ge 2 ]; }
wait_for 30 has_auth || fail "run stores the first cycle" "$(tail -5 "$tmp/run.err")"
U=http://127.0.0.1:$PORT

hdr=$(curl -s -D - -o "$tmp/page.html" "$U/")
expect_match "GET /: 200" "^HTTP/1.1 200 " "$hdr"
expect_match "GET /: HTML" "^Content-Type: text/html; charset=utf-8" "$hdr"
expect_match "GET /: a strict Content-Security-Policy" \
	"^Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:" "$hdr"
expect_no_match "GET /: nothing loaded from elsewhere" '(src|href)=' "$(cat "$tmp/page.html")"
out=$(curl -s -o /dev/null -w '%{http_code}' "$U/?days=0")
expect_eq "GET /?days=0: 400" 400 "$out"

# the browser: the DOM as chromium built it, and a screenshot
timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--dump-dom "$U/" >"$tmp/dom.html" 2>"$tmp/chromium.err"
dom=$(cat "$tmp/dom.html")
expect_match "chromium renders the page" "<h2>Current problems</h2>" "$dom"
expect_no_match "no <script> element, even from the hostile org name" "<script" "$dom"
expect_match "the hostile org name shown as text" \
	"reported by: &lt;script&gt;alert\(1\)&lt;/script&gt;Evil &amp; Co \(1\)" "$dom"
row=$(printf '%s\n' "$dom" | tr -d '\n' | grep -o '<tr><th>192.0.2.10</th>[^/]*</td>')
expect_match "blocklist matrix: 192.0.2.10 listed on bl.lab.test" 'class="critical"[^>]*>critical' "$row"
row=$(printf '%s\n' "$dom" | tr -d '\n' | grep -o '<tr><th>192.0.2.50</th><td[^<]*</td>')
expect_match "blocklist matrix: 192.0.2.50 not listed" 'class="ok"[^>]*>ok' "$row"
row=$(printf '%s\n' "$dom" | tr -d '\n' | grep -o '<tr><th>plusall.auth.test</th><td[^<]*</td>')
expect_match "authentication table: plusall.auth.test SPF critical (+all)" 'class="critical"' "$row"
row=$(printf '%s\n' "$dom" | tr -d '\n' | grep -o '<tr><th>good.auth.test</th>.\{0,400\}')
expect_match "authentication table: good.auth.test SPF, DKIM, DMARC, MX ok" \
	'^<tr><th>good.auth.test</th>(<td class="ok"[^>]*>ok</td>){4}' "$row"
expect_match "problems first: the listing" "critical</span> <code>dnsbl/bl.lab.test/192.0.2.10</code>" "$dom"
expect_match "DMARC totals: 18 messages, 83.3% pass" \
	'<b class="messages">18</b> messages, <b class="pass-rate">83.3%</b> pass DMARC' "$dom"
yday=$(date -u -d "@$((now - 86400))" +%Y-%m-%d)
expect_match "DMARC chart: yesterday's bar with its figures" \
	"<title>$yday: 18 messages, 83.3% DMARC pass</title>" "$dom"
bars=$(printf '%s\n' "$dom" | grep -o 'class="bar"' | wc -l)
[ "$bars" -ge 30 ] && ok "DMARC chart: a bar for each of the 30 days (and the bounce chart)" ||
	fail "DMARC chart: a bar for each of the 30 days" "$bars bars"
expect_match "top failing sources: 198.51.100.7, 3 messages failing" \
	'<tr><td>198.51.100.7</td><td>.*</td><td class="n">3</td><td class="n">3</td>' "$dom"
expect_match "new sources: 192.0.2.20" '<table class="new">.*<td>192.0.2.20</td>' "$(printf '%s' "$dom" | tr -d '\n')"
expect_match "bounce chart: 10 outcomes, 20% bounced" \
	": 10 delivered and bounced, 20.0% bounce rate</title>" "$dom"
expect_match "events: the listing's baseline event" \
	"<code>dnsbl/bl.lab.test/192.0.2.10</code></td><td>none [^<]* <span class=\"critical\">critical" "$dom"

mkdir -p "$top/build"
timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--window-size=1000,1800 --screenshot="$top/build/dashboard.png" "$U/" >/dev/null 2>&1
size=$(stat -c %s "$top/build/dashboard.png" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] && ok "a screenshot of the dashboard (build/dashboard.png)" ||
	fail "a screenshot of the dashboard" "size $size"

kill -TERM "$run_pid"; wait "$run_pid"; run_pid=""

# --- reports summary --html FILE: the DMARC part as a static page -------------
"$SENDWATCH" reports summary --db "$tmp/state.db" --since 30d --html "$tmp/dmarc.html" >"$tmp/html.out" 2>&1
expect_status "reports summary --html: exit 0" 0 $?
page=$(cat "$tmp/dmarc.html" 2>/dev/null)
expect_match "--html: the DMARC totals, as on the dashboard" \
	'<b class="messages">18</b> messages, <b class="pass-rate">83.3%</b> pass DMARC' "$page"
expect_match "--html: yesterday's bar" "<title>$yday: 18 messages, 83.3% DMARC pass</title>" "$page"
expect_match "--html: the hostile org name escaped" "&lt;script&gt;alert\(1\)&lt;/script&gt;Evil &amp; Co" "$page"
expect_no_match "--html: no script element, nothing from elsewhere" "<script|src=|href=" "$page"
expect_no_match "--html: only the DMARC part" "Current problems|Blocklists" "$page"
"$SENDWATCH" reports summary --db "$tmp/state.db" --html "$tmp/nodir/x.html" >/dev/null 2>"$tmp/html.err"
expect_status "--html into a missing directory: exit 3" 3 $?
expect_match "--html into a missing directory: names the file" "nodir/x.html" "$(cat "$tmp/html.err")"
done_testing
