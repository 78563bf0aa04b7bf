# deb.sh -- the Debian package as an admin gets it. `make deb` builds it
# (once; reused while no source changed); its Build-Depends cover every
# library the Makefile links; lintian finds no error and every warning it
# gives is explained in README; apt resolves its dependencies (simulated).
# Installed with dpkg into an empty temporary root, it puts each file in
# place with its mode, enables the unit (which passes systemd-analyze
# verify), runs, and ships a config that passes `config check`, watches
# nothing and lets `run` idle. `dpkg -r` keeps the admin's config edits
# and the service's state, a reinstall keeps the edits, `dpkg --purge`
# removes everything the package and the service made, and only the
# admin's own files stay.
# Maintainer scripts run outside a chroot with DPKG_ROOT set (the root has
# no shell); systemctl and deb-systemd-invoke are stubbed on PATH so that
# nothing on a host with systemd is ever reloaded or started.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=$(cd "${SENDWATCH_TOP:-.}" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

version=$(sed -n 's/^VERSION *:= *//p' "$top/Makefile")
arch=$(dpkg --print-architecture)
deb=$top/sendwatch_${version}_$arch.deb

# --- Build-Depends cover what the Makefile links ---------------------------------
# each pkg-config module of PKGS and each -lNAME of EXTRA_LIBS, by the
# Debian package that owns its .pc or .so on this machine
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$top/contrib/debian/control")
for m in $(sed -n 's/^PKGS *:= *//p' "$top/Makefile"); do
	owner=$(dpkg -S "$(pkg-config --variable=pcfiledir "$m")/$m.pc" 2>/dev/null | cut -d: -f1)
	expect_match "Build-Depends has $owner (pkg-config $m)" "[ ,]${owner:-no-package-found}(,|$)" "$bdeps"
done
for l in $(sed -n 's/^EXTRA_LIBS *?= *//p' "$top/Makefile"); do
	owner=$(dpkg -S "$(realpath -s "$(cc -print-file-name="lib${l#-l}.so")")" 2>/dev/null | cut -d: -f1)
	expect_match "Build-Depends has $owner ($l)" "[ ,]${owner:-no-package-found}(,|$)" "$bdeps"
done

# --- build -----------------------------------------------------------------
out=$(make --no-print-directory -s -C "$top" deb 2>&1); st=$?
expect_status "make deb succeeds" 0 $st
[ $st -eq 0 ] || printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
if [ ! -f "$deb" ]; then
	fail "make deb leaves $(basename "$deb") at the top of the tree" "$(ls "$top")"
	done_testing; exit
fi
ok "make deb leaves $(basename "$deb") at the top of the tree"

# --- control data -------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
expect_eq "package name" "sendwatch" "$(field Package)"
expect_eq "package version is the Makefile's" "$version" "$(field Version)"
for lib in libc6 libunbound8 libldns3 libsqlite3-0 libcurl4 libxml2; do
	expect_match "Depends (shlibs) has $lib" "(^|, )$lib( |,|$)" "$(field Depends)"
done
expect_eq "Recommends" "ca-certificates, dns-root-data, publicsuffix" "$(field Recommends)"
expect_eq "conffiles" "/etc/sendwatch/sendwatch.conf" \
	"$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)"
expect_no_match "state is made by the unit (StateDirectory), not shipped" '\./var/' \
	"$(dpkg-deb -c "$deb")"

# README's `apt install ./sendwatch_*.deb`: apt resolves every dependency
# (simulated, nothing is installed on this machine)
out=$(apt-get -s -o Debug::NoLocking=1 install "$deb" 2>&1); st=$?
expect_status "apt install of the .deb resolves (apt-get -s)" 0 $st
expect_match "apt would install sendwatch $version" "^Inst sendwatch \\($version " "$out"

# --- lintian ------------------------------------------------------------------
if command -v lintian >/dev/null 2>&1; then
	lint=$(lintian --pedantic "$deb" 2>&1)
	echo "# lintian:"; printf '%s\n' "$lint" | sed 's/^/#   /'
	expect_no_match "lintian: no error" '^E: ' "$lint"
	for tag in $(printf '%s\n' "$lint" | sed -n 's/^W: [^ ]* \([a-z0-9-]*\).*/\1/p' | sort -u); do
		expect_match "lintian warning $tag is explained in README" "$tag" "$(cat "$top/README.md")"
	done
else
	fail "lintian is installed" "make deb installs it (scripts/packages-deb.txt)"
fi

# --- install into an empty root ------------------------------------------------
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$tmp/stubs"
: >"$root/var/lib/dpkg/status"; : >"$root/var/lib/dpkg/available"
for s in systemctl deb-systemd-invoke; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/stubs.log"\n' "$s" "$tmp" >"$tmp/stubs/$s"
	chmod +x "$tmp/stubs/$s"
done
# Dependencies are the host's libraries: the root only holds this package.
as_root=""; not_root=""
[ "$(id -u)" -eq 0 ] || { as_root=fakeroot; not_root=--force-not-root; }
dpkg_root() {
	PATH="$tmp/stubs:$PATH" $as_root dpkg $not_root --root="$root" --log="$tmp/dpkg.log" \
		--force-script-chrootless --force-depends --force-confold "$@" 2>&1
}
status() { dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' sendwatch 2>/dev/null; }

out=$(dpkg_root -i "$deb"); st=$?
expect_status "dpkg -i into an empty root" 0 $st
[ $st -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
expect_eq "package is installed" "install ok installed" "$(status)"

# path and mode of every file an admin looks for
cat >"$tmp/want" <<EOF
usr/bin/sendwatch 755
usr/libexec/sendwatch/sendwatch-full 755
usr/libexec/sendwatch/sendwatch-check-dnsbl 755
usr/share/man/man1/sendwatch.1.gz 644
usr/share/man/man5/sendwatch.conf.5.gz 644
lib/systemd/system/sendwatch.service 644
etc/sendwatch/sendwatch.conf 644
usr/share/sendwatch/sendwatch-icinga2.conf 644
usr/share/sendwatch/sendwatch-nagios.cfg 644
usr/share/doc/sendwatch/copyright 644
usr/share/doc/sendwatch/sendwatch.conf.example 644
EOF
for f in "$top"/contrib/grafana/*.json; do
	[ -f "$f" ] && echo "usr/share/sendwatch/grafana/$(basename "$f") 644" >>"$tmp/want"
done
while read -r f mode; do
	if [ -f "$root/$f" ]; then
		expect_eq "/$f has mode $mode" "$mode" "$(stat -c %a "$root/$f")"
	else
		fail "/$f installed" "$(cd "$root" && find . -type f | sort)"
	fi
done <"$tmp/want"
[ "$(id -u)" -ne 0 ] || expect_eq "/usr/bin/sendwatch owned by root" "root:root" \
	"$(stat -c %U:%G "$root/usr/bin/sendwatch")"

wants=$root/etc/systemd/system/multi-user.target.wants/sendwatch.service
expect_eq "unit enabled (multi-user.target.wants)" "/lib/systemd/system/sendwatch.service" \
	"$(readlink "$wants")"
expect_eq "postinst touched no systemd of the host" "" "$(cat "$tmp/stubs.log" 2>/dev/null)"

# --- it runs ------------------------------------------------------------------
sw=$root/usr/bin/sendwatch
expect_match "sendwatch --version runs from the package" "^sendwatch $version( |\$)" "$("$sw" --version 2>&1)"
for d in sendwatch-icinga2.conf sendwatch-nagios.cfg; do
	expect_match "$d calls /usr/bin/sendwatch" '/usr/bin/sendwatch' "$(cat "$root/usr/share/sendwatch/$d")"
	expect_no_match "$d has no /usr/local path" '/usr/local' "$(cat "$root/usr/share/sendwatch/$d")"
done

man=$(zcat "$root/usr/share/man/man1/sendwatch.1.gz" "$root/usr/share/man/man5/sendwatch.conf.5.gz")
expect_match "man pages name the installed monitoring definitions" '^\.I /usr/share/sendwatch/$' "$man"
expect_match "man pages name the installed example config" '/usr/share/doc/sendwatch/sendwatch\.conf\.example' "$man"
expect_no_match "man pages have no /usr/local path" '/usr/local' "$man"

conf=$root/etc/sendwatch/sendwatch.conf
out=$("$sw" config check -c "$conf" 2>&1); st=$?
expect_status "shipped config passes config check" 0 $st
expect_match "shipped config watches nothing" 'ok \(0 targets, 0 domains, 0 dnsbl sections, 0 alerts\)' "$out"
expect_no_match "shipped config keeps state in the StateDirectory" '^state *= *([^/]|/([^v]|v[^a]))' "$(cat "$conf")"

# `run` with it starts and idles (no probe is due, so no query is sent;
# the resolver is a closed loopback port all the same)
sed "s|^\\[general\\]\$|[general]\\nstate = $tmp/state.db|" "$conf" >"$tmp/idle.conf"
"$sw" run -c "$tmp/idle.conf" --resolver 127.0.0.1@9 >"$tmp/run.log" 2>&1 &
pid=$!
n=0; while [ $n -lt 50 ] && ! grep -q 'started' "$tmp/run.log"; do sleep 0.1; n=$((n + 1)); done
sleep 1
kill -TERM $pid 2>/dev/null; wait $pid; st=$?
expect_status "run with the shipped config starts and stops cleanly" 0 $st
expect_match "run with the shipped config idles (no cycle)" 'stopping after 0 cycles' "$(cat "$tmp/run.log")"
expect_match "run says it has nothing to watch and how to change that" \
	'nothing to watch: .* names no targets.*systemctl reload sendwatch' "$(cat "$tmp/run.log")"

# --- the unit -----------------------------------------------------------------
unit=$root/lib/systemd/system/sendwatch.service
for d in 'ExecStart=/usr/bin/sendwatch run -c /etc/sendwatch/sendwatch.conf' \
	'ConditionPathExists=/etc/sendwatch/sendwatch.conf' 'StateDirectory=sendwatch' 'DynamicUser=yes'; do
	expect_match "unit: $d" "^$d\$" "$(cat "$unit")"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	# the unit as installed, pointing at the binary in the root (the
	# root has no systemd of its own to verify against)
	sed "s|/usr/bin/sendwatch|$sw|" "$unit" >"$tmp/sendwatch.service"
	v=$(MANPATH="$root/usr/share/man" systemd-analyze verify "$tmp/sendwatch.service" 2>&1); st=$?
	expect_status "systemd-analyze verify passes" 0 $st
	expect_no_match "systemd-analyze verify: no complaint about the unit" \
		'Unknown|Invalid|Failed|not executable|bad-setting|Ignoring' "$v"
else
	fail "systemd-analyze is installed" "package systemd"
fi

# --- the admin edits, the service keeps state ------------------------------------
printf 'ip = 192.0.2.10\n' >>"$conf"
printf 'secret\n' >"$root/etc/sendwatch/dqs.key"
mkdir -p "$root/var/lib/private/sendwatch"
printf 'state\n' >"$root/var/lib/private/sendwatch/state.db"
ln -s private/sendwatch "$root/var/lib/sendwatch"
expect_match "edited config watches one target" '1 targets' "$("$sw" config check -c "$conf" 2>&1)"

# --- remove keeps config and state ------------------------------------------------
out=$(dpkg_root -r sendwatch); st=$?
expect_status "dpkg -r" 0 $st
expect_eq "after remove: config-files only" "deinstall ok config-files" "$(status)"
for f in usr/bin/sendwatch usr/libexec/sendwatch lib/systemd/system/sendwatch.service usr/share/sendwatch usr/share/man/man1/sendwatch.1.gz; do
	[ ! -e "$root/$f" ] && ok "after remove: /$f is gone" || fail "after remove: /$f is gone"
done
expect_match "after remove: the admin's edit is kept" '^ip = 192\.0\.2\.10$' "$(cat "$conf" 2>&1)"
[ -f "$root/var/lib/sendwatch/state.db" ] && ok "after remove: state is kept" || fail "after remove: state is kept"

# --- reinstall keeps the edit --------------------------------------------------------
out=$(dpkg_root -i "$deb"); st=$?
expect_status "dpkg -i again" 0 $st
expect_match "after reinstall: the admin's edit is kept" '^ip = 192\.0\.2\.10$' "$(cat "$conf" 2>&1)"
[ -L "$wants" ] && ok "after reinstall: unit enabled" || fail "after reinstall: unit enabled"

# --- purge removes everything but the admin's own files -------------------------------
out=$(dpkg_root --purge sendwatch); st=$?
expect_status "dpkg --purge" 0 $st
expect_eq "after purge: not installed" "" "$(status | grep -v 'not-installed')"
left=$(cd "$root" && find . -path ./var/lib/dpkg -prune -o \( -type f -o -type l \) -print | sort)
expect_eq "after purge: only the admin's own file is left" "./etc/sendwatch/dqs.key" "$left"
expect_eq "postrm touched no systemd of the host" "" "$(cat "$tmp/stubs.log" 2>/dev/null)"

done_testing
