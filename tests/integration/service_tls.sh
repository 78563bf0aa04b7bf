#!/bin/sh
# service_tls.sh -- `sendwatch run` with [schedule] tls against the lab's
# SMTP server mx.swap.tls.lab.test (tests/lab/smtp.sh), which reads its
# certificate at every connection: the test swaps the one-year
# certificate for one that expires in 10 days (both made by
# tests/lab/tls_ca.sh) and checks that the service raises exactly one
# warning event, and no more in later cycles; then one recovery when the
# one-year certificate is back. Every wait is bounded.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
lab_needs LAB_SMTP_PORT LAB_TLS_DIR
PY=/usr/bin/python3
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
run_pid=""; hook_pid=""
export SENDWATCH_TEST_SMTP_PORT="$LAB_SMTP_PORT"

swap_to() {	# swap_to NAME: the swap server presents NAME.pem from now on
	cp "$LAB_TLS_DIR/$1.key" "$LAB_TLS_DIR/swap.key.new"
	cp "$LAB_TLS_DIR/$1.pem" "$LAB_TLS_DIR/swap.pem.new"
	mv "$LAB_TLS_DIR/swap.key.new" "$LAB_TLS_DIR/swap.key"
	mv "$LAB_TLS_DIR/swap.pem.new" "$LAB_TLS_DIR/swap.pem"
}
cleanup() {
	for p in $run_pid $hook_pid; do kill "$p" 2>/dev/null; done
	swap_to swap-year
	rm -rf "$tmp"
}
trap cleanup EXIT

receiver_start "$tmp/hook.jsonl" 0 || fail "webhook receiver listens"
hook_pid=$rcv_pid
echo "http://127.0.0.1:$rcv_port/hook" >"$tmp/url"
cat >"$tmp/run.conf" <<CONF
[general]
state = $tmp/state.db
resolver = $LAB_RESOLVER
ca_file = $LAB_CA
metrics_file = $tmp/metrics.prom
timeout = 2s
dnsbl_catalog = no

[domain swap.tls.lab.test]

[alert hook]
type = webhook
url_file = $tmp/url
probes = starttls

[schedule]
tls = 1s
auth = 7d
jitter = 0s
confirm_listing = 2
confirm_delisting = 1
CONF

K=starttls/mx.swap.tls.lab.test
hook_count() {	# hook_count TO: webhook events for K that went to state TO
	$PY - "$tmp/hook.jsonl" "$K" "$1" <<'PYEOF'
import json, sys
path, key, to = sys.argv[1:4]
n = 0
try:
    for line in open(path):
        b = json.loads(line)["body"]
        if b["key"] == key and b["to"] == to:
            n += 1
except FileNotFoundError:
    pass
print(n)
PYEOF
}
hook_is() { [ "$(hook_count "$1")" -eq "$2" ]; }

swap_to swap-year
"$SENDWATCH" run -c "$tmp/run.conf" -v >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
if wait_for 30 cycles_past 3; then ok "baseline cycles"; else fail "baseline cycles" "$(tail -5 "$tmp/run.err")"; fi
expect_eq "a good certificate raises no event" "0" "$(hook_count warning)"
expect_match "metric: the certificate's expiry per host" \
	'^sendwatch_tls_cert_expiry_seconds\{host="mx\.swap\.tls\.lab\.test"\} [0-9]+' "$(cat "$tmp/metrics.prom" 2>/dev/null)"

swap_to swap-soon
if wait_for 30 hook_is warning 1; then ok "swapped for a 10-day certificate: one warning event"
else fail "swapped for a 10-day certificate: one warning event" "$(cat "$tmp/hook.jsonl" 2>/dev/null; tail -5 "$tmp/run.err")"; fi
n=$(cycles)
wait_for 30 cycles_past $((n + 4))
expect_eq "later cycles raise no second event" "1" "$(hook_count warning)"
expect_match "the event says when it expires" '"summary": ?"mx\.swap\.tls\.lab\.test: certificate expires in (9|10) days' \
	"$(cat "$tmp/hook.jsonl")"

swap_to swap-year
if wait_for 30 hook_is ok 1; then ok "the one-year certificate back: one recovery event"
else fail "the one-year certificate back: one recovery event" "$(cat "$tmp/hook.jsonl")"; fi

kill "$run_pid"; wait "$run_pid"; st=$?; run_pid=""
expect_status "run stops on SIGTERM" 0 "$st"
done_testing
