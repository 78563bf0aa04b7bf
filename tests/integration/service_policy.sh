#!/bin/sh
# service_policy.sh -- `sendwatch run` and a published MTA-STS policy:
# the service checks good.policy.test on [schedule] tls, stays quiet while
# the policy is unchanged (ok is no event), and raises exactly one event
# (kind detail, ok to ok, naming the new policy) when the lab's policy
# file changes under it; back to the old policy is one more. Every wait
# is bounded; the lab's file is put back on exit.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
lab_needs LAB_HTTPS_DIR LAB_CA
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d)
. "$top/tests/support/service_lib.sh"
policy=$LAB_HTTPS_DIR/mta-sts.good.policy.test/.well-known/mta-sts.txt
cp "$policy" "$tmp/policy.orig"
run_pid=""
cleanup() {
	[ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null
	cp "$tmp/policy.orig" "$policy"
	rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/run.conf" <<CONF
[general]
state = $tmp/state.db
resolver = $LAB_RESOLVER
ca_file = $LAB_CA
timeout = 2s

[domain good.policy.test]

[schedule]
tls = 1s
auth = 7d
dnsbl = 7d
jitter = 0s
CONF
SENDWATCH_TEST_HTTPS_PORT=$LAB_HTTPS_PORT
export SENDWATCH_TEST_HTTPS_PORT

events() { "$SENDWATCH" events -c "$tmp/run.conf" --since 1h 2>&1; }
n_events() { events | grep -c 'mta-sts/good.policy.test'; }
stored_detail() { sqlite3 "$tmp/state.db" \
	"SELECT detail FROM state WHERE key = 'mta-sts/good.policy.test'" 2>/dev/null; }

"$SENDWATCH" run -c "$tmp/run.conf" -v >"$tmp/run.out" 2>"$tmp/run.err" &
run_pid=$!
wait_for 30 cycles_past 3 || fail "three cycles" "$(tail -n 20 "$tmp/run.err")"
expect_match "the policy is observed" 'mode enforce' "$(stored_detail)"
expect_eq "an unchanged ok policy is no event" 0 "$(n_events)"

# the operator (or someone else) changes the policy
printf 'version: STSv1\r\nmode: testing\r\nmx: mx.good.tls.lab.test\r\nmax_age: 86400\r\n' >"$policy"
if wait_for 30 sh -c "[ \"\$(\"$SENDWATCH\" events -c '$tmp/run.conf' --since 1h 2>&1 | grep -c 'mta-sts/good.policy.test')\" -ge 1 ]"; then
	ok "a changed policy is an event"
else
	fail "a changed policy is an event" "$(events; tail -n 20 "$tmp/run.err")"
fi
c=$(cycles)
wait_for 30 cycles_past $((c + 3)) || fail "three more cycles"
expect_eq "... exactly one" 1 "$(n_events)"
expect_match "... naming the new mode" 'mode testing' "$(events)"

cp "$tmp/policy.orig" "$policy"
wait_for 30 sh -c "[ \"\$(\"$SENDWATCH\" events -c '$tmp/run.conf' --since 1h 2>&1 | grep -c 'mta-sts/good.policy.test')\" -ge 2 ]" &&
	ok "the old policy back is one more event" ||
	fail "the old policy back is one more event" "$(events)"

kill "$run_pid"; wait "$run_pid" 2>/dev/null; st=$?
run_pid=""
expect_eq "SIGTERM: exit 0" 0 "$st"
done_testing
