#!/bin/sh
# demo_service.sh -- the service part of `make demo` (called by demo.sh
# with the lab running): `sendwatch run` against the lab for a short
# while with [http] and a local webhook receiver. A listing appears in
# the lab (rbldnsd's svc.lab.test is changed and reloaded), the event is
# printed as the receiver got it, and the dashboard is saved as
# build/dashboard.html (and build/dashboard.png when chromium is there);
# its address is printed while it runs. Everything stops by PID.
# Usage: demo_service.sh LAB_DIR
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
SW=$top/sendwatch
. "$1/env"
tmp=$1/service
rm -rf "$tmp"; mkdir -p "$tmp"
SENDWATCH_TOP=$top
. "$top/tests/support/service_lib.sh"
run_pid=""; rcv_pid=""
stop_all() {
	for p in $run_pid $rcv_pid; do kill "$p" 2>/dev/null; done
	svc_restore
}
trap stop_all EXIT

receiver_start "$tmp/webhook.jsonl" 0 || { echo "demo: the webhook receiver did not start"; exit 1; }
echo "http://127.0.0.1:$rcv_port/sendwatch" >"$tmp/webhook.url"
svc_init
# The lab's resolver keeps a "not listed" answer for the zone's negative
# TTL (the SOA minimum, 60 s): 2 s here, so the listing made below shows
# in the next cycles rather than a minute later.
sed -i -E 's/^(\$SOA .*) [0-9]+$/\1 2/' "$tmp/svc.base"
set_list	# svc.lab.test lists only its RFC 5782 test point

# DMARC reports of the last days (the stored samples, re-dated)
now=$(date +%s); i=1
for f in "$top"/tests/data/reports/summary/*.xml; do
	sed -E -e "s|<begin>[0-9]+</begin><end>[0-9]+</end>|<begin>$((now - i * 86400))</begin><end>$((now - i * 86400 + 86399))</end>|" \
		-e "s|<report_id>([^<]*)</report_id>|<report_id>demo-\1</report_id>|" "$f" >"$tmp/report-$i.xml"
	i=$((i + 1))
done
"$SW" reports import --db "$tmp/state.db" "$tmp"/report-*.xml >/dev/null

PORT=$(free_port 19515)
cat >"$tmp/run.conf" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RESOLVER
timeout = 2s
dnsbl_catalog = no

[targets]
ip = 192.0.2.44
ip = 192.0.2.10

[dnsbl svc]
zone = svc.lab.test

[dnsbl lab-bl]
zone = bl.lab.test
kind = ip

[domain good.auth.test]
dkim_selectors = s2048

[domain plusall.auth.test]

[schedule]
dnsbl = 2s
auth = 1h
jitter = 0s

[alert demo-hook]
type = webhook
url_file = $tmp/webhook.url

[http]
listen = $PORT
EOF
printf '\n== the service: sendwatch run with a webhook receiver and [http]\n'
printf '$ sendwatch run -c %s\n' "$tmp/run.conf"
"$SW" run -c "$tmp/run.conf" >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
cycles() { sqlite3 "$tmp/state.db" "SELECT COUNT(*) FROM cycles" 2>/dev/null || echo 0; }
cycles_past() { [ "$(cycles)" -ge "$1" ]; }
if ! wait_for 30 cycles_past 1; then
	echo "demo: run did not finish a cycle:"; tail -5 "$tmp/run.err"; exit 1
fi
echo "   dashboard: http://127.0.0.1:$PORT/  (open it while the demo runs; metrics at /metrics)"
before=$(wc -l <"$tmp/webhook.jsonl" 2>/dev/null || echo 0)
echo "   the lab lists 192.0.2.44 on svc.lab.test now (rbldnsd reloads its zone)"
set_list "192.0.2.44 :127.0.0.2:Listed for the sendwatch demo"
listed_event() { grep -q 'dnsbl/svc.lab.test/192.0.2.44' "$tmp/webhook.jsonl" 2>/dev/null; }
if wait_for 30 listed_event; then
	echo "   the webhook receiver got:"
	grep 'dnsbl/svc.lab.test/192.0.2.44' "$tmp/webhook.jsonl" | head -1 | python3 -c '
import json, sys
print(json.dumps(json.loads(sys.stdin.read())["body"], indent=2))' | sed 's/^/     /'
else
	echo "demo: no event reached the receiver in 30 s:"; tail -5 "$tmp/run.err"; exit 1
fi
curl -s "http://127.0.0.1:$PORT/" >"$top/build/dashboard.html" &&
	echo "   dashboard saved: build/dashboard.html"
if command -v chromium >/dev/null 2>&1; then
	timeout 90 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=1000,2600 --screenshot="$top/build/dashboard.png" \
		"http://127.0.0.1:$PORT/" >/dev/null 2>&1 &&
		echo "   and its picture: build/dashboard.png"
fi
echo "   $(curl -s "http://127.0.0.1:$PORT/healthz")"
kill -TERM "$run_pid"; wait "$run_pid"; run_pid=""
echo "   (exit status 0: run stopped on SIGTERM)"
