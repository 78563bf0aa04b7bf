#!/bin/sh
# build-deb.sh -- builds the Debian binary package (`make deb`): copies
# the tree (without build/, .git and built files) to build/deb/, puts
# contrib/debian/ there as debian/, installs the build tools
# (packages-deb.txt) and the Build-Depends of debian/control when
# missing, runs `dpkg-buildpackage -us -uc -b` (one job: the machine is
# shared) and copies the .deb to the top of the tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sh "$top/scripts/install-deps.sh" "$top/scripts/packages-deb.txt"

want=$(sed -n 's/^VERSION *:= *//p' "$top/Makefile")
have=$(dpkg-parsechangelog -l "$top/contrib/debian/changelog" -S Version)
if [ "$want" != "$have" ]; then
	echo "build-deb: contrib/debian/changelog: version $have, but Makefile VERSION is $want: add a changelog entry (dch -v $want)" >&2
	exit 1
fi

work=$top/build/deb
rm -rf "$work"
mkdir -p "$work/sendwatch-$want"
src=$work/sendwatch-$want
(cd "$top" && tar --exclude=./build --exclude=./.git --exclude=./sendwatch \
	--exclude='./sendwatch_*.deb' -cf - .) | tar -C "$src" -xf -
rm -rf "$src/debian"
cp -R "$top/contrib/debian" "$src/debian"

cd "$src"
if ! dpkg-checkbuilddeps >/dev/null 2>&1; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "build-deb: installing the Build-Depends of debian/control" >&2
	$SUDO apt-get update -qq
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq . >/dev/null
fi
echo "build-deb: dpkg-buildpackage -us -uc -b in $src (log: $work/build.log)" >&2
if ! DEB_BUILD_OPTIONS="parallel=1 ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1; then
	tail -n 40 "$work/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed; full log in $work/build.log" >&2
	exit 1
fi
arch=$(dpkg --print-architecture)
cp "$work/sendwatch_${want}_$arch.deb" "$top/"
echo "build-deb: $top/sendwatch_${want}_$arch.deb" >&2
