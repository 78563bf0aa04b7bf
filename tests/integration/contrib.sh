# contrib.sh -- the files in contrib/ work as installed: `make install`
# puts binary, man pages, unit and monitoring definitions in place; the
# unit passes systemd-analyze verify and has the hardening the service
# relies on; the Nagios command line, filled in, runs a real check against
# the lab; every option of the Icinga 2 CheckCommand is one `check dnsbl`
# knows; sendwatch.1 has a section for every command and no man warnings.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# --- make install ------------------------------------------------------------
out=$(make -s -C "$top" install DESTDIR="$tmp/root" PREFIX=/usr 2>&1); st=$?
expect_status "make install succeeds" 0 $st
for f in usr/bin/sendwatch usr/share/man/man1/sendwatch.1 usr/share/man/man5/sendwatch.conf.5 \
	usr/lib/systemd/system/sendwatch.service usr/share/sendwatch/sendwatch-icinga2.conf \
	usr/share/sendwatch/sendwatch-nagios.cfg usr/share/doc/sendwatch/sendwatch.conf.example; do
	[ -f "$tmp/root/$f" ] && ok "installed /$f" || fail "installed /$f" "$out"
done
unit=$tmp/root/usr/lib/systemd/system/sendwatch.service
expect_match "unit runs the installed binary" '^ExecStart=/usr/bin/sendwatch run -c /etc/sendwatch/sendwatch.conf$' "$(cat "$unit")"
for d in 'Type=notify' 'DynamicUser=yes' 'StateDirectory=sendwatch' 'ProtectSystem=strict' \
	'NoNewPrivileges=yes' 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' 'ExecReload=/bin/kill -HUP \$MAINPID'; do
	expect_match "unit: $d" "^$d\$" "$(cat "$unit")"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	# verify the unit as shipped, pointing at a binary that exists
	sed "s|/usr/bin/sendwatch|$tmp/root/usr/bin/sendwatch|" "$unit" >"$tmp/sendwatch.service"
	v=$(MANPATH="$tmp/root/usr/share/man" systemd-analyze verify "$tmp/sendwatch.service" 2>&1)
	expect_no_match "systemd-analyze verify: no complaint about the unit" \
		'Unknown|Invalid|Failed to parse|not executable|bad-setting|Ignoring' "$v"
else
	echo "# skip: systemd-analyze is not installed (package systemd)"
fi

# --- Nagios command line, filled in, against the lab ---------------------------
cmdline=$(sed -n 's/^[[:space:]]*command_line[[:space:]]*//p' "$top/contrib/sendwatch-nagios.cfg" | head -n 1)
expect_match "nagios: command line found" '^/usr/local/bin/sendwatch check dnsbl' "$cmdline"
if [ -n "${LAB_RESOLVER:-}" ]; then
	filled=$(printf '%s\n' "$cmdline" | sed -e "s|/usr/local/bin/sendwatch|$SENDWATCH|" \
		-e 's/\$ARG1\$/1/' -e 's/\$ARG2\$/2/' \
		-e "s|\\\$ARG3\\\$|--resolver $LAB_RESOLVER --dnsbl bl.lab.test --dnsbl zen.lab.test|" \
		-e 's/\$HOSTADDRESS\$/192.0.2.10/')
	out=$(sh -c "$filled" 2>&1); st=$?
	expect_status "nagios: one listing with -w 1 -c 2 is WARNING (exit 1)" 1 $st
	expect_match "nagios: status line with perfdata" '^SENDWATCH DNSBL WARNING - .*\|' "$(printf '%s\n' "$out" | head -n 1)"
else
	fail "lab is running" "LAB_RESOLVER is not set: run through tests/run.sh"
fi

# --- Icinga 2: every option is one its check knows ------------------------------
# "KIND OPTION" for each option of each CheckCommand (KIND from its command)
awk '/command = \[/ { if (match($0, /"check", "[a-z]+"/)) kind = substr($0, RSTART + 10, RLENGTH - 11) }
	/^[[:space:]]*"-[^"]*" = \{/ { o = $1; gsub(/"/, "", o); print kind, o }' \
	"$top/contrib/sendwatch-icinga2.conf" >"$tmp/icinga-options"
while read -r kind o; do
	help=$("$SENDWATCH" check "$kind" --help 2>&1)
	expect_match "icinga2: check $kind knows $o" "$o" "$help"
done <"$tmp/icinga-options"
expect_match "icinga2: check bounces has a CheckCommand" "^bounces -w$" "$(cat "$tmp/icinga-options")"
expect_match "icinga2: the command is check dnsbl" 'command = \[ "/usr/local/bin/sendwatch", "check", "dnsbl" \]' \
	"$(cat "$top/contrib/sendwatch-icinga2.conf")"

# --- sendwatch.1: every command, no warnings -------------------------------------
for c in $("$SENDWATCH" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p; s/^  \([a-z][a-z]*\)$/\1/p'); do
	expect_match "sendwatch.1 documents '$c'" "^\\.SS $c( |\$)" "$(cat "$top/contrib/sendwatch.1")"
done
w=$(man --warnings -l "$top/contrib/sendwatch.1" 2>&1 >/dev/null)
expect_eq "sendwatch.1: no man warnings" "" "$w"

done_testing
