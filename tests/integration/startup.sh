# startup.sh -- the three executables (README Hacking, "Three
# executables"): `sendwatch` links only libc, prints --version and hands
# the command line to sendwatch-check-dnsbl (check dnsbl; libunbound, c-ares,
# ldns, inih and libcrypto only) or to sendwatch-full (the rest), found
# next to it or in ../libexec/sendwatch/, with the same output as
# sendwatch-full gives. The build refuses a light executable that reaches
# another library, naming the rule (checked by planting such calls in a
# copy of the tree).
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=$(cd "${SENDWATCH_TOP:-.}" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
R="--resolver $LAB_RESOLVER"
dir=$(dirname "$SENDWATCH")	# the executables under test (plain or ASan)

# needed FILE: the shared libraries FILE names (DT_NEEDED) but the
# sanitizers' runtimes, one a line.
needed() {
	readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' |
		grep -Ev '^lib(asan|ubsan)\.so' | sort
}

# The light executables, plain and sanitized.
dnsbl_libs='^(libunbound|libcares|libldns|libinih|libcrypto|libc|libm)\.so\.[0-9.]+$'
for d in "$top" "$top/build/asan"; do
	w=${d#"$top"}; w=${w#/}; w=${w:+$w/}
	if [ -x "$d/sendwatch" ]; then
		expect_eq "${w}sendwatch links only libc" "libc.so.6" "$(needed "$d/sendwatch")"
	else
		fail "${w}sendwatch is built"
	fi
	f=$d/sendwatch-check-dnsbl
	[ -x "$f" ] || { fail "${w}sendwatch-check-dnsbl is built"; continue; }
	expect_match "${w}sendwatch-check-dnsbl links libunbound" '^libunbound\.so' "$(needed "$f")"
	expect_eq "${w}sendwatch-check-dnsbl links nothing but libunbound, c-ares, ldns, inih, libcrypto" \
		"" "$(needed "$f" | grep -Ev "$dnsbl_libs")"
done
# ... while the full one has them all (else the checks above prove little)
expect_match "sendwatch-full links libcurl" '^libcurl\.so' "$(needed "$top/sendwatch-full")"
expect_match "sendwatch-full links libxml2" '^libxml2\.so' "$(needed "$top/sendwatch-full")"

# --- who runs what -------------------------------------------------------------
conf=$tmp/empty.conf; : >"$conf"
# The front end alone: --version; anything else names what it looked for.
mkdir -p "$tmp/alone" "$tmp/light" "$tmp/inst/bin" "$tmp/inst/libexec/sendwatch"
cp "$SENDWATCH" "$tmp/alone/sendwatch"
expect_match "--version in the front end alone" '^sendwatch [0-9]+\.[0-9]+\.[0-9]+$' \
	"$("$tmp/alone/sendwatch" --version)"
out=$("$tmp/alone/sendwatch" check dnsbl $R --dnsbl bl.lab.test 192.0.2.10 2>&1); st=$?
expect_status "without sendwatch-check-dnsbl, check dnsbl fails (exit 3)" 3 $st
expect_match "... saying what was looked for" \
	"^sendwatch: cannot run .*/sendwatch-check-dnsbl \(No such file or directory; looked next to this program, in \.\./libexec/sendwatch/ from it and in /" "$out"

# With sendwatch-check-dnsbl but no sendwatch-full: check dnsbl runs.
cp "$SENDWATCH" "$dir/sendwatch-check-dnsbl" "$tmp/light/"
out=$("$tmp/light/sendwatch" check dnsbl $R --dnsbl bl.lab.test 192.0.2.10); st=$?
expect_status "check dnsbl needs no sendwatch-full (exit 2: listed)" 2 $st
expect_match "... the Nagios line" \
	'^SENDWATCH DNSBL CRITICAL - 192\.0\.2\.10 listed on bl\.lab\.test' "$out"
out=$("$tmp/light/sendwatch" config check -c "$conf" 2>&1); st=$?
expect_status "without sendwatch-full, other commands fail (exit 3)" 3 $st
expect_match "... saying what was looked for" "^sendwatch: cannot run .*/sendwatch-full \(No such file" "$out"

# Installed layout: PREFIX/bin/sendwatch runs PREFIX/libexec/sendwatch/*.
cp "$SENDWATCH" "$tmp/inst/bin/sendwatch"
ln -s "$dir/sendwatch-full" "$dir/sendwatch-check-dnsbl" "$tmp/inst/libexec/sendwatch/"
out=$("$tmp/inst/bin/sendwatch" config check -c "$conf" 2>&1); st=$?
expect_status "bin/sendwatch runs libexec/sendwatch/sendwatch-full" 0 $st
expect_match "... which checks the config" "^$conf: ok " "$out"
out=$("$tmp/inst/bin/sendwatch" check dnsbl $R --dnsbl bl.lab.test 192.0.2.10); st=$?
expect_status "bin/sendwatch runs libexec/sendwatch/sendwatch-check-dnsbl" 2 $st

# Through the front end or straight from sendwatch-full: the same output
# and status, for what the front end passes on and its mistakes.
for args in "--help" "" "--bogus" "nosuchcommand" "version" "check spf" "check --help" \
	"check dnsbl --help" "check dnsbl --bogus 192.0.2.1" "check dnsbl" \
	"-c $conf config check" "explain 550 5.7.1 blocked"; do
	# shellcheck disable=SC2086
	a=$("$SENDWATCH" $args 2>&1); sa=$?
	# shellcheck disable=SC2086
	b=$("$dir/sendwatch-full" $args 2>&1); sb=$?
	expect_eq "sendwatch ${args:-(no arguments)}: same output as sendwatch-full" "$b" "$a"
	expect_eq "sendwatch ${args:-(no arguments)}: same status as sendwatch-full" "$sb" "$sa"
done
out=$("$SENDWATCH" --config 2>&1); st=$?
expect_status "a global option's mistake: exit 2" 2 $st
expect_eq "... said once" "sendwatch: --config needs a value" "$out"

# --- the build refuses a light executable that reaches another library ---------
# A copy of the tree with its objects (timestamps kept, so only the
# planted file is recompiled).
mkdir -p "$tmp/tree"
(cd "$top" && tar cf - Makefile config probes monitor alerts build/obj build/libsendwatch.a sendwatch-full) |
	(cd "$tmp/tree" && tar xf -)
cp -p "$tmp/tree/monitor/check_dnsbl.c" "$tmp/check_dnsbl.c"
cat >>"$tmp/tree/monitor/check_dnsbl.c" <<'EOF'

#include <sqlite3.h>
const char *check_dnsbl_planted(void);
const char *check_dnsbl_planted(void) { return sqlite3_libversion(); }
EOF
out=$(make -C "$tmp/tree" --no-print-directory sendwatch-check-dnsbl 2>&1); st=$?
[ $st -ne 0 ] && ok "check dnsbl reaching SQLite does not link" ||
	fail "check dnsbl reaching SQLite does not link" "$out"
expect_match "... the linker names the call" "undefined reference to .sqlite3_libversion" "$out"
expect_match "... and make says the rule" \
	'make: sendwatch-check-dnsbl links only libc libunbound libcares ldns inih libcrypto: .*README Hacking, "Three executables"' "$out"
cp "$tmp/check_dnsbl.c" "$tmp/tree/monitor/check_dnsbl.c"
cat >>"$tmp/tree/monitor/cmd_globals.c" <<'EOF'

#include <unbound.h>
const char *cmd_globals_planted(void);
const char *cmd_globals_planted(void) { return ub_version(); }
EOF
out=$(make -C "$tmp/tree" --no-print-directory sendwatch 2>&1); st=$?
[ $st -ne 0 ] && ok "the front end reaching libunbound does not link" ||
	fail "the front end reaching libunbound does not link" "$out"
expect_match "... the linker names the call" "undefined reference to .ub_version" "$out"
expect_match "... and make says the rule" \
	'make: sendwatch links only libc: .*README Hacking, "Three executables"' "$out"

done_testing
