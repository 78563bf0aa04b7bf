#!/bin/sh
# run.sh -- runs every test: cmocka unit and integration binaries (plain and
# under ASan/UBSan), then the shell tests in tests/integration/*.sh, with
# the loopback lab started around them. Ends with one summary line.
# With an argument (a test binary name such as test_target, or a shell
# test such as dnsbl.sh) it runs only that test (`make check TEST=...`).
set -u
only=${1:-}
cd "$(dirname "$0")/.."
top=$(pwd)
log=$top/build/test-logs
rm -rf "$log"; mkdir -p "$log"
passed=0; failed=0; failures=""

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SENDWATCH_TOP=$top
export SENDWATCH_CORPORA="${SENDWATCH_CORPORA:-$top/../shared/corpora}"

lab_dir=$top/build/lab
if [ -x tests/lab/lab.sh ]; then
	if ! tests/lab/lab.sh start "$lab_dir" >"$log/lab-start.log" 2>&1; then
		echo "tests: the lab did not start:" >&2
		cat "$log/lab-start.log" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
	trap 'tests/lab/lab.sh stop "$lab_dir" >/dev/null 2>&1' EXIT INT TERM
	# shellcheck disable=SC1091
	. "$lab_dir/env"
	# Tests talk to the lab only: the TLS probes (on by default) connect
	# to the lab's SMTP and HTTPS ports, and with the SMTP one set, to
	# loopback addresses only (probes/tls/tls_hosts.h).
	SENDWATCH_TEST_SMTP_PORT=$LAB_SMTP_PORT
	SENDWATCH_TEST_HTTPS_PORT=$LAB_HTTPS_PORT
	export SENDWATCH_TEST_SMTP_PORT SENDWATCH_TEST_HTTPS_PORT
fi

# count NAME LOGFILE STATUS: adds the runner's own counts, or one failure
# when the output has no summary (a crash).
count() {
	name=$1; file=$2; status=$3
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$file" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$file" | awk '{s+=$1} END {print s+0}')
	sp=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p' "$file" | tail -n 1)
	sf=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p' "$file" | tail -n 1)
	[ -n "$sp" ] && p=$((p + sp)) && f=$((f + sf))
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; }; then
		f=$((f + 1))
		echo "  $name: exited $status without a test summary (crash?); see $file"
		tail -n 20 "$file" | sed 's/^/    /'
	fi
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures $name"
		grep -E '^\[  (FAILED|ERROR)|^not ok|Assertion|ERROR:|runtime error' "$file" | head -n 20 | sed 's/^/    /'
	fi
	printf '%-40s %4d passed, %d failed\n' "$name" "$p" "$f"
}

for dir in build/tests build/tests-asan; do
	[ -d "$dir" ] || continue
	for t in "$dir"/test_*; do
		[ -x "$t" ] || continue
		[ -z "$only" ] || [ "$(basename "$t")" = "$only" ] || continue
		name=${dir#build/}/$(basename "$t")
		out="$log/$(echo "$name" | tr / _).log"
		"$t" >"$out" 2>&1
		count "$name" "$out" $?
	done
done

for t in tests/integration/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t")
	[ -z "$only" ] || [ "$name" = "$only" ] || continue
	out="$log/$name.log"
	SENDWATCH="$top/build/asan/sendwatch" sh "$t" >"$out" 2>&1
	count "$name" "$out" $?
done

if [ -n "$only" ] && [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
	echo "tests: no test named $only (tests/unit/$only.c or tests/integration/$only)" >&2
	failed=1
fi
[ -n "$failures" ] && echo "failed:$failures (logs in build/test-logs)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
