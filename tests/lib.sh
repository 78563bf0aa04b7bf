# lib.sh -- helpers for shell tests: ok/fail/expect, and the closing
# "N passed, N failed" line that tests/run.sh reads. Source it, then call
# `done_testing` at the end.
t_pass=0
t_fail=0
SENDWATCH=${SENDWATCH:-${SENDWATCH_TOP:-.}/sendwatch}

ok() { t_pass=$((t_pass + 1)); echo "ok - $1"; }
fail() { t_fail=$((t_fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'; return 0; }

# expect_status NAME WANT GOT
expect_status() { if [ "$3" -eq "$2" ]; then ok "$1"; else fail "$1" "exit status $3, expected $2"; fi; }

# expect_match NAME REGEX TEXT
expect_match() { if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"; else fail "$1" "no match for /$2/ in:
$3"; fi; }

# expect_no_match NAME REGEX TEXT
expect_no_match() { if printf '%s\n' "$3" | grep -Eq -- "$2"; then fail "$1" "unexpected /$2/ in:
$3"; else ok "$1"; fi; }

done_testing() { echo "$t_pass passed, $t_fail failed"; [ "$t_fail" -eq 0 ]; }

# expect_eq NAME WANT GOT
expect_eq() { if [ "$3" = "$2" ]; then ok "$1"; else fail "$1" "got:      '$3'
expected: '$2'"; fi; }

# lab_needs VAR...: ends the test (one failure, the closing line) unless
# every named lab variable (LAB_RBLDNSD, LAB_DIR, ...) is set, as
# tests/run.sh sets them when it starts the lab.
lab_needs() {
	for v in "$@"; do
		eval "[ -n \"\${$v:-}\" ]" && continue
		fail "lab is running" "$v is not set: run through tests/run.sh"
		done_testing; exit
	done
}
