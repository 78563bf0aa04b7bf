#!/bin/sh
# install-deps.sh -- installs the Debian packages listed in packages.txt
# (or in the list file given as the argument: bench/dnsbl installs
# scripts/packages-bench.txt this way, so `make test` never pulls them).
# Idempotent and quiet when everything is present; needs root (or sudo)
# only when something is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list=${1:-$here/packages.txt}
[ -r "$list" ] || { echo "install-deps: $list: cannot read the package list" >&2; exit 1; }
missing=""
for p in $(grep -v '^#' "$list" | grep -v '^[[:space:]]*$'); do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# Services shipped by these packages (nsd) must not start on install: the
# lab runs its own instances on loopback ports.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod +x /usr/sbin/policy-rc.d
	trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
