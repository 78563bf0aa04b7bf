# startup.sh -- the two executables (README Hacking, "Two executables"):
# `sendwatch` links only libunbound, ldns, inih and libcrypto and runs
# check dnsbl and --version itself; every other command is run by
# sendwatch-full, found next to it or in ../libexec/sendwatch/, with the
# same output. The build refuses a front end that reaches another
# library, naming the rule (checked by planting such a call in a copy).
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=$(cd "${SENDWATCH_TOP:-.}" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
R="--resolver $LAB_RESOLVER"

# needed FILE: the shared libraries FILE names (DT_NEEDED), one a line.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort; }

# The front ends, plain and sanitized: nothing but the light libraries.
light='^(libunbound|libldns|libinih|libcrypto|libc|libm)\.so\.[0-9.]+$'
for f in "$top/sendwatch" "$top/build/asan/sendwatch"; do
	[ -x "$f" ] || { fail "$f is built"; continue; }
	libs=$(needed "$f" | grep -Ev '^lib(asan|ubsan)\.so')
	expect_match "${f#"$top"/} links libunbound" '^libunbound\.so' "$libs"
	expect_eq "${f#"$top"/} links nothing heavier than libunbound, ldns, inih, libcrypto" \
		"" "$(printf '%s\n' "$libs" | grep -Ev "$light")"
done
# ... while the full one has them all (else the check above proves little)
expect_match "sendwatch-full links libcurl" '^libcurl\.so' "$(needed "$top/sendwatch-full")"
expect_match "sendwatch-full links libxml2" '^libxml2\.so' "$(needed "$top/sendwatch-full")"

# --- what each runs ------------------------------------------------------------
# The front end alone, with no sendwatch-full to go to: check dnsbl and
# --version work; anything else says what it looked for.
mkdir -p "$tmp/alone" "$tmp/inst/bin" "$tmp/inst/libexec/sendwatch"
conf=$tmp/empty.conf; : >"$conf"
cp "$SENDWATCH" "$tmp/alone/sendwatch"
out=$("$tmp/alone/sendwatch" check dnsbl $R --dnsbl bl.lab.test 192.0.2.10); st=$?
expect_status "check dnsbl runs in the front end itself (exit 2: listed)" 2 $st
expect_match "check dnsbl in the front end: the Nagios line" \
	'^SENDWATCH DNSBL CRITICAL - 192\.0\.2\.10 listed on bl\.lab\.test' "$out"
expect_match "--version in the front end" '^sendwatch [0-9]+\.[0-9]+\.[0-9]+$' \
	"$("$tmp/alone/sendwatch" --version)"
expect_match "version in the front end names libunbound and ldns" \
	'^sendwatch [0-9.]+ \(libunbound [0-9.]+, ldns [0-9.]+\)$' "$("$tmp/alone/sendwatch" version)"
out=$("$tmp/alone/sendwatch" config check -c "$conf" 2>&1); st=$?
expect_status "without sendwatch-full, other commands fail (exit 3)" 3 $st
expect_match "... saying what was looked for" \
	"^sendwatch: cannot run .*/sendwatch-full \(No such file or directory; looked next to this program, in \.\./libexec/sendwatch/ from it and in /" "$out"

# Installed layout: PREFIX/bin/sendwatch finds PREFIX/libexec/sendwatch/sendwatch-full.
cp "$SENDWATCH" "$tmp/inst/bin/sendwatch"
ln -s "$(dirname "$SENDWATCH")/sendwatch-full" "$tmp/inst/libexec/sendwatch/sendwatch-full"
out=$("$tmp/inst/bin/sendwatch" config check -c "$conf" 2>&1); st=$?
expect_status "bin/sendwatch runs libexec/sendwatch/sendwatch-full" 0 $st
expect_match "... which checks the config" "^$conf: ok " "$out"

# Through the front end or straight from sendwatch-full: the same output
# and status, for the commands the front end passes on and its mistakes.
full=$(dirname "$SENDWATCH")/sendwatch-full
for args in "--help" "" "--bogus" "nosuchcommand" "check spf" "check --help" \
	"-c $conf config check" "explain 550 5.7.1 blocked"; do
	# shellcheck disable=SC2086
	a=$("$SENDWATCH" $args 2>&1); sa=$?
	# shellcheck disable=SC2086
	b=$("$full" $args 2>&1); sb=$?
	expect_eq "sendwatch ${args:-(no arguments)}: same output as sendwatch-full" "$b" "$a"
	expect_eq "sendwatch ${args:-(no arguments)}: same status as sendwatch-full" "$sb" "$sa"
done
out=$("$SENDWATCH" --config 2>&1); st=$?
expect_status "a global option's mistake: exit 2" 2 $st
expect_eq "... said once" "sendwatch: --config needs a value" "$out"

# --- the build refuses a front end that reaches a heavy library ----------------
# A copy of the tree with its objects (timestamps kept, so only the
# planted file is recompiled), and a call to SQLite in check_dnsbl.c.
mkdir -p "$tmp/tree"
(cd "$top" && tar cf - Makefile config probes monitor alerts build/obj build/libsendwatch.a sendwatch-full) |
	(cd "$tmp/tree" && tar xf -)
cat >>"$tmp/tree/monitor/check_dnsbl.c" <<'EOF'

#include <sqlite3.h>
const char *check_dnsbl_planted(void);
const char *check_dnsbl_planted(void) { return sqlite3_libversion(); }
EOF
out=$(make -C "$tmp/tree" --no-print-directory sendwatch 2>&1); st=$?
[ $st -ne 0 ] && ok "a front end that reaches SQLite does not link" ||
	fail "a front end that reaches SQLite does not link" "$out"
expect_match "... the linker names the call" "undefined reference to .sqlite3_libversion" "$out"
expect_match "... and make says the rule" \
	'make: sendwatch links only libunbound ldns inih libcrypto: .*README Hacking, "Two executables"' "$out"

done_testing
