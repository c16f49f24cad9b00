#!/bin/sh
# Install what the tests need on Debian, or say exactly how to.
set -u
need=""
for pkg in bats bats-assert bats-support mandoc binutils; do
	dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "t/deps.sh: installing:$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q $need >/dev/null && exit 0
	echo "t/deps.sh: apt-get failed" >&2
	exit 1
fi
echo "t/deps.sh: missing packages; run: sudo apt-get update && sudo apt-get install -y$need" >&2
exit 1
