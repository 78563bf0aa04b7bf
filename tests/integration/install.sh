# install.sh -- `make install` honours PREFIX and DESTDIR and installs the
# binaries (sendwatch, libexec/sendwatch/sendwatch-full and
# sendwatch-check-dnsbl) and the man pages
# where a packager expects them.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
dest=$(mktemp -d); trap 'rm -rf "$dest"' EXIT

out=$(make --no-print-directory install DESTDIR="$dest" PREFIX=/opt/sw 2>&1); s=$?
expect_status "make install succeeds" 0 $s
if [ -x "$dest/opt/sw/bin/sendwatch" ]; then ok "binary under DESTDIR/PREFIX/bin"; else fail "binary under DESTDIR/PREFIX/bin" "$out"; fi
v=$("$dest/opt/sw/bin/sendwatch" --version 2>&1)
expect_match "installed binary runs" '^sendwatch [0-9]' "$v"
if [ -x "$dest/opt/sw/libexec/sendwatch/sendwatch-full" ]; then ok "sendwatch-full under DESTDIR/PREFIX/libexec/sendwatch"; else fail "sendwatch-full under DESTDIR/PREFIX/libexec/sendwatch" "$out"; fi
if [ -x "$dest/opt/sw/libexec/sendwatch/sendwatch-check-dnsbl" ]; then ok "sendwatch-check-dnsbl under DESTDIR/PREFIX/libexec/sendwatch"; else fail "sendwatch-check-dnsbl under DESTDIR/PREFIX/libexec/sendwatch" "$out"; fi
: >"$dest/empty.conf"
v=$("$dest/opt/sw/bin/sendwatch" config check -c "$dest/empty.conf" 2>&1)
expect_match "installed binary runs the commands of sendwatch-full" "^$dest/empty.conf: ok " "$v"
if [ -f "$dest/opt/sw/share/man/man5/sendwatch.conf.5" ]; then ok "sendwatch.conf.5 installed"; else fail "sendwatch.conf.5 installed" "$(find "$dest" -type f)"; fi
expect_no_match "nothing installed outside DESTDIR" "^install .* /opt/sw" "$out"
done_testing
