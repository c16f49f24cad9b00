#!/bin/sh
# Install the Debian packages a make target needs, or say exactly how to.
#   t/deps.sh build   what "make" needs (libtls's header)
#   t/deps.sh run     what "make run" needs
#   t/deps.sh test    what "make test" needs
#   t/deps.sh bench   what "make bench" needs besides the peers, which
#                     t/bench/peers.sh installs
set -u
case "${1:-test}" in
build)	pkgs="libtls-dev binutils" ;;
run)	pkgs="libtls-dev openssl systemd swaks" ;;
test)	pkgs="libtls-dev bats bats-assert bats-support mandoc binutils openssl
	      ucspi-tcp swaks curl python3 systemd strace iproute2 util-linux
	      valgrind time" ;;
bench)	pkgs="libtls-dev libc6-dev openssl ucspi-tcp python3 iproute2
	      util-linux" ;;
*)	echo "usage: t/deps.sh build|run|test|bench" >&2; exit 100 ;;
esac
need=""
for pkg in $pkgs; do
	dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "t/deps.sh: installing:$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q $need >/dev/null && exit 0
	echo "t/deps.sh: apt-get failed; run: apt-get update && apt-get install -y$need" >&2
	exit 1
fi
echo "t/deps.sh: missing packages; run: sudo apt-get update && sudo apt-get install -y$need" >&2
exit 1
