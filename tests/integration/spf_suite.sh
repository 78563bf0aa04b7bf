#!/bin/sh
# spf_suite.sh -- the RFC 7208 conformance suite (../shared/corpora/spf/,
# see its README) through sendwatch's command line: tests/spf/zoneserver.py
# serves every scenario's DNS data on loopback (a scenario per port; its
# TIMEOUT names get no answer), tests/spf/suite.py runs each case as
#   sendwatch audit --json --probe spf --mail-from M --helo H IP
# and compares "spf_result" (and the explanation of a fail). One line per
# failing case, a per-group table, and the count. The cases listed in
# README ("SPF conformance") as known failures are allowed to fail; any
# other failure, or a case slower than one resolver timeout (plus up to
# 2 s to start), fails this.
. "$(dirname "$0")/../lib.sh"
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
suite=${SENDWATCH_CORPORA:-$top/../shared/corpora}/spf/rfc7208-tests.yml
py=/usr/bin/python3		# Debian's, with python3-yaml and python3-dnspython
timeout_s=3
# Known failures, each explained in README: the case names.
known="macro-mania-in-domain"

[ -f "$suite" ] || { fail "suite file" "$suite not found"; done_testing; exit; }
tmp=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

"$py" "$top/tests/spf/zoneserver.py" "$suite" "$tmp/ports" 2>"$tmp/server.log" &
server_pid=$!
n=0
while [ ! -s "$tmp/ports" ] && [ $n -lt 100 ] && kill -0 "$server_pid" 2>/dev/null; do
	sleep 0.1; n=$((n + 1))
done
if [ ! -s "$tmp/ports" ]; then
	fail "zone server started" "$(cat "$tmp/server.log")"
	done_testing; exit
fi
ok "zone server started"
printf '[general]\ntimeout = %ss\n' "$timeout_s" >"$tmp/spf.conf"

"$py" "$top/tests/spf/suite.py" "$SENDWATCH" "$suite" "$tmp/ports" \
	"$tmp/spf.conf" "$timeout_s" >"$tmp/out" 2>&1
sed 's/^/# /' "$tmp/out"
failing=$(sed -n 's/^FAIL \([^ ]*\) .*/\1/p' "$tmp/out" | sort | tr '\n' ' ')
expect_eq "only the known cases fail (README: SPF conformance)" \
	"$(echo "$known" | tr ' ' '\n' | sort | tr '\n' ' ')" "$failing"
expect_match "at least 200 of 203 cases pass" \
	'^(20[0-3]) passed, [0-3] failed$' "$(tail -n 1 "$tmp/out")"
expect_eq "the zone server logged no error" "" "$(cat "$tmp/server.log")"
done_testing
