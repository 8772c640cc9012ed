#!/bin/sh
# Install everything the build, the tests and the demo need on Debian 12.
# Idempotent: it only calls apt-get when a package is missing.
set -eu

BACKPORTS=/etc/apt/sources.list.d/xt_qq-backports.list
PKGS="build-essential pkg-config libxtables-dev libmnl-dev libpcap-dev
 iptables iproute2 iputils-ping socat kmod cpio busybox-static qemu-system-x86
 linux-image-amd64 linux-headers-amd64 linux-source-6.1 xz-utils zstd python3 python3-yaml iperf3"
BPO_PKGS="linux-image-6.12*-amd64 linux-headers-6.12*-amd64"

need_update=0
if [ ! -f "$BACKPORTS" ]; then
	echo "deb http://deb.debian.org/debian bookworm-backports main" > "$BACKPORTS"
	need_update=1
fi

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
ls /lib/modules/6.12*/build >/dev/null 2>&1 || missing="$missing bpo"

[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
if [ $need_update = 1 ] || [ ! -d /var/lib/apt/lists ] ||
   [ -z "$(ls /var/lib/apt/lists/*backports* 2>/dev/null)" ]; then
	apt-get update -q
fi
apt-get install -y -q --no-install-recommends $PKGS
bpo_img=$(apt-cache search --names-only '^linux-image-6\.12.*-amd64$' |
	awk '{print $1}' | grep -v -e dbg -e unsigned -e rt- -e cloud | sort -V | tail -1)
bpo_hdr=$(echo "$bpo_img" | sed 's/image/headers/')
[ -n "$bpo_img" ] || { echo "install-deps: no 6.12 kernel in bookworm-backports" >&2; exit 1; }
apt-get install -y -q --no-install-recommends -t bookworm-backports "$bpo_img" "$bpo_hdr"
