# config_hostile.sh -- issue 17 point 5: what a hostile or broken file given
# as the configuration does. A device (/dev/zero, /dev/urandom) or FIFO is
# refused at once instead of read forever (/dev/null reads as empty); a file over 1 MiB is refused
# with its size; a NUL byte or invalid UTF-8 is an error naming the line
# and column, never a value cut short; `run` refuses the same files and
# exits at once.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# check ARGS...: runs sendwatch bounded in time; stdout+stderr in $out, status in $st
check() {
	timeout -s KILL 10 "$SENDWATCH" "$@" >"$tmp/out" 2>&1; st=$?
	out=$(cat "$tmp/out")
}

for dev in /dev/zero /dev/urandom; do
	check config check -c $dev
	expect_status "config check -c $dev: exit 2, not killed" 2 $st
	expect_match "$dev: refused as not a regular file" \
		"^$dev: not a regular file" "$out"
	check run -c $dev
	expect_status "run -c $dev: exits with 2 at once" 2 $st
	expect_match "run -c $dev: says why" "$dev: not a regular file" "$out"
done

check config check -c /dev/null
expect_status "config check -c /dev/null: the defaults, as an empty file" 0 $st

mkfifo "$tmp/fifo"
check config check -c "$tmp/fifo"
expect_status "a FIFO: exit 2 without waiting for a writer" 2 $st
expect_match "a FIFO: refused" "fifo: not a regular file" "$out"

head -c $((1024 * 1024 + 1)) /dev/zero >"$tmp/big.conf"
check config check -c "$tmp/big.conf"
expect_status "1 MiB + 1 of NUL bytes: exit 2" 2 $st
expect_match "too large, with its size" \
	"big.conf: too large \(1048577 bytes; a configuration file may have at most 1048576\)" "$out"

head -c 4096 /dev/zero >"$tmp/nul.conf"
check config check -c "$tmp/nul.conf"
expect_status "a file of NUL bytes is no valid empty config" 2 $st
expect_match "a file of NUL bytes: line 1, column 1" "nul.conf:1: NUL byte at column 1" "$out"

printf '[general]\ntimeout = 5s\n\n[dnsbl mylist]\nzone = bl\000ack.example\n' >"$tmp/cut.conf"
check config check -c "$tmp/cut.conf"
expect_status "a NUL in a value: exit 2" 2 $st
expect_match "a NUL in a value: named with line and column" \
	"cut.conf:5: NUL byte at column 10" "$out"
expect_no_match "a NUL in a value: never read as the cut value" '"bl"' "$out"

printf '[gen\000eral]\ntimeout = 5s\n' >"$tmp/hdr.conf"
check config check -c "$tmp/hdr.conf"
expect_match "a NUL in a section name: NUL, not 'line too long'" \
	"hdr.conf:1: NUL byte at column 5" "$out"
expect_no_match "a NUL in a section name: no 'line too long'" "too long" "$out"

printf '[general]\ntimeout = 5s\n# caf\351 in Latin-1\n' >"$tmp/latin1.conf"
check config check -c "$tmp/latin1.conf"
expect_status "invalid UTF-8: exit 2" 2 $st
expect_match "invalid UTF-8: line and column" \
	"latin1.conf:3: invalid UTF-8 at column 6" "$out"

printf '[general]\ntimeout = 5s\n# caf\303\251 in UTF-8\n' >"$tmp/utf8.conf"
check config check -c "$tmp/utf8.conf"
expect_status "valid UTF-8 in a comment is fine" 0 $st

head -c 200000 /dev/urandom >"$tmp/random.conf"
/usr/bin/time -f '%M' -o "$tmp/rss" timeout -s KILL 20 "$SENDWATCH" \
	config check -c "$tmp/random.conf" >/dev/null 2>&1
st=$?
expect_status "200 kB of random bytes: exit 2" 2 $st
rss=$(tail -1 "$tmp/rss")
if [ "${rss:-999999}" -lt 100000 ]; then ok "200 kB of random bytes: under 100 MB RSS (${rss} kB)"
else fail "200 kB of random bytes: RSS" "${rss} kB"; fi

done_testing
