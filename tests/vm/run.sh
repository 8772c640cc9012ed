#!/bin/bash
# run.sh [-k KVER] [-o OUTDIR] [-t TIMEOUT_SECONDS] [-m MEM_MB] [-c CPUS] [-K VMLINUZ] -- CMD [ARGS...]
#
# Boot a Debian kernel under QEMU (TCG, no KVM) with the host "/" as a
# read-only root and run CMD as root in the guest, in the host's current
# directory.  See tests/vm/README.md.
#
# Exit status: CMD's exit status; 124 if the guest timed out, 125 if it died
# without reporting one; 2 for usage/setup errors on the host.
set -eu

ME=run.sh
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

usage() {
	cat >&2 <<EOF
usage: $0 [-k KVER] [-o OUTDIR] [-t TIMEOUT_SECONDS] [-m MEM_MB] [-c CPUS] [-K VMLINUZ] -- CMD [ARGS...]
  -k KVER     kernel version (default: newest 6.1.* in /lib/modules)
  -K VMLINUZ  kernel image (default: /boot/vmlinuz-KVER)
  -o OUTDIR   results dir, /results in the guest (default: tests/out/vm-KVER)
  -t SECONDS  timeout for the whole VM run (default: 900)
  -m MB       guest memory (default: 1024)
  -c CPUS     guest cpus (default: 2)
CMD is run with 'sh -c' in the guest: a single argument is used as a shell
script; several arguments are quoted and joined.
EOF
	exit 2
}
die() { echo "$ME: error: $*" >&2; exit 2; }

KVER= OUTDIR= TIMEOUT=900 MEM=1024 VMLINUZ= CPUS=2
while getopts k:o:t:m:c:K:h opt; do
	case $opt in
	k) KVER=$OPTARG ;;
	o) OUTDIR=$OPTARG ;;
	t) TIMEOUT=$OPTARG ;;
	m) MEM=$OPTARG ;;
	c) CPUS=$OPTARG ;;
	K) VMLINUZ=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
case $TIMEOUT in ''|*[!0-9]*) die "-t wants a number of seconds" ;; esac
case $MEM in ''|*[!0-9]*) die "-m wants a number of MB" ;; esac
case $CPUS in [1-8]) ;; *) die "-c wants 1..8 cpus" ;; esac

QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null 2>&1 || die "$QEMU not found (run tests/vm/install-deps.sh)"

# Kernel version of a bzImage, from its setup header (kernel_version field),
# or of an ELF vmlinux, from its banner.
image_kver() {
	local off
	if [ "$(od -An -c -N4 "$1" | tr -d ' ')" = '177ELF' ]; then
		grep -a -o -m1 'Linux version [^ ]*' "$1" | head -n1 | cut -d' ' -f3
		return
	fi
	[ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 1
	off=$(od -An -tu2 -j526 -N2 "$1" | tr -d ' ') || return 1
	dd if="$1" bs=1 skip=$((off + 512)) count=128 2>/dev/null |
		tr '\0' '\n' | head -n1 | cut -d' ' -f1
}

if [ -z "$KVER" ] && [ -n "$VMLINUZ" ]; then
	KVER=$(image_kver "$VMLINUZ" 2>/dev/null) || KVER=
fi
if [ -z "$KVER" ]; then
	KVER=$(ls -d /lib/modules/6.1.* 2>/dev/null | sed 's,.*/,,' | sort -V | tail -n1)
	[ -n "$KVER" ] || die "no 6.1.* kernel in /lib/modules; use -k KVER"
fi
VMLINUZ=${VMLINUZ:-/boot/vmlinuz-$KVER}
[ -r "$VMLINUZ" ] || die "kernel image $VMLINUZ not readable (is linux-image-$KVER installed?)"
[ -d "/lib/modules/$KVER" ] ||
	echo "$ME: warning: /lib/modules/$KVER missing: no module autoloading in the guest" >&2

# The guest sees the host "/" except for these, which it replaces.  The
# current directory and the directories in XTQQ_VM_BINDS (colon-separated,
# e.g. the test corpus) are bound back in at their host paths when they sit
# under /tmp, /run, /var/tmp or /var/log, so a checkout there still works.
HOSTCWD=$(pwd -P)
BINDS=
for d in "$HOSTCWD" $(printf '%s' "${XTQQ_VM_BINDS:-}" | tr ':' ' '); do
	[ -d "$d" ] || continue
	d=$(cd "$d" && pwd -P)
	case "$d/" in
	/proc/*|/sys/*|/dev/*)
		die "$d is not visible in the guest (its /proc, /sys and /dev are its own)" ;;
	/tmp/*|/run/*|/var/tmp/*|/var/log/*)
		BINDS="$BINDS$d
" ;;
	esac
done

OUTDIR=${OUTDIR:-$REPO/tests/out/vm-$KVER}
mkdir -p "$OUTDIR" || die "cannot create $OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd -P)
rm -f "$OUTDIR/rc" "$OUTDIR/rc.tmp" "$OUTDIR/guest.log" "$OUTDIR/console.log" "$OUTDIR/dmesg.log"

# ------------------------------------------------------------ initramfs
CACHE=${XTQQ_VM_CACHE:-${XDG_CACHE_HOME:+$XDG_CACHE_HOME/xt_qq-vm}}
CACHE=${CACHE:-/var/tmp/xt_qq-vm}
mkdir -p "$CACHE" || die "cannot create cache dir $CACHE"
hash=$( { cat "$HERE/mkinitramfs.sh"; echo "$KVER";
	  stat -c %Y "/lib/modules/$KVER/modules.dep" 2>/dev/null || true; } |
	sha256sum | cut -c1-12)
INITRD=$CACHE/initramfs-$KVER-$hash.cpio.gz
if [ ! -s "$INITRD" ]; then
	echo "$ME: building $INITRD" >&2
	"$HERE/mkinitramfs.sh" "$KVER" "$INITRD" || die "mkinitramfs.sh failed"
	# Drop stale images (older than an hour: a concurrent run may be using one).
	find "$CACHE" -maxdepth 1 -name "initramfs-$KVER-*.cpio.gz" ! -name "${INITRD##*/}" \
		-mmin +60 -delete 2>/dev/null || true
fi

# ------------------------------------------------------------ kernel
# Booting a bzImage makes the guest decompress the kernel under TCG (about
# 5 s for Debian's xz image).  Instead, unpack the ELF vmlinux once on the
# host and let QEMU boot it through its PVH entry point (CONFIG_PVH=y in
# Debian kernels).  Falls back to the bzImage if that fails; XTQQ_VM_PVH=0
# disables it.
extract_vmlinux() {	# bzImage out
	local ss po pl start
	[ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 1
	ss=$(od -An -tu1 -j497 -N1 "$1" | tr -d ' ')
	[ "$ss" -ne 0 ] || ss=4
	po=$(od -An -tu4 -j584 -N4 "$1" | tr -d ' ')
	pl=$(od -An -tu4 -j588 -N4 "$1" | tr -d ' ')
	start=$(( (ss + 1) * 512 + po + 1 ))
	# xz/zstd/lz4/lzma payloads carry a 4-byte size trailer; gzip ignores it.
	tail -c +"$start" "$1" | head -c "$((pl - 4))" > "$2.z" || return 1
	case $(od -An -tx1 -N4 "$2.z" | tr -d ' ') in
	fd377a58) xz -dc "$2.z" ;;
	28b52ffd) zstd -qdc "$2.z" ;;
	1f8b*)    gzip -dc "$2.z" 2>/dev/null ;;
	02214c18) lz4 -dc "$2.z" ;;
	*) return 1 ;;
	esac > "$2" || { rm -f "$2.z" "$2"; return 1; }
	rm -f "$2.z"
	[ "$(od -An -c -N4 "$2" | tr -d ' ')" = '177ELF' ] || { rm -f "$2"; return 1; }
}
BOOTIMG=$VMLINUZ
if [ "${XTQQ_VM_PVH:-1}" != 0 ]; then
	if [ "$(od -An -c -N4 "$VMLINUZ" | tr -d ' ')" = '177ELF' ]; then
		BOOTIMG=$VMLINUZ	# already a vmlinux
	else
		key=$( { echo "$VMLINUZ"; stat -L -c '%s %Y' "$VMLINUZ"; } | sha256sum | cut -c1-12)
		ELF=$CACHE/vmlinux-$KVER-$key
		if [ ! -s "$ELF" ]; then
			if extract_vmlinux "$VMLINUZ" "$ELF.tmp.$$" && mv -f "$ELF.tmp.$$" "$ELF"; then
				find "$CACHE" -maxdepth 1 -name "vmlinux-$KVER-*" ! -name "${ELF##*/}" \
					-mmin +60 -delete 2>/dev/null || true
			else
				rm -f "$ELF.tmp.$$"
				echo "$ME: note: cannot unpack $VMLINUZ, booting it compressed (slower)" >&2
			fi
		fi
		[ -s "$ELF" ] && BOOTIMG=$ELF
	fi
fi
# qboot is a much quicker (and quieter) firmware than SeaBIOS for -kernel.
BIOS=${XTQQ_VM_BIOS-/usr/share/qemu/qboot.rom}
BIOSOPT=()
[ -n "$BIOS" ] && [ -r "$BIOS" ] && BIOSOPT=(-bios "$BIOS")

# ------------------------------------------------------------ control dir
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/xtqq-vm.XXXXXX")
CTL=$TMPD/ctl	# exported read-only to the guest as 9p tag "vmctl"
mkdir "$CTL"
QPID= TPID=
cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
		kill -TERM "$QPID" 2>/dev/null || true
		sleep 1
		kill -KILL "$QPID" 2>/dev/null || true
		wait "$QPID" 2>/dev/null || true
	fi
	if [ -n "$TPID" ]; then
		kill "$TPID" 2>/dev/null || true
		wait "$TPID" 2>/dev/null || true
	fi
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'echo "$ME: interrupted" >&2; exit 130' INT
trap 'echo "$ME: terminated" >&2; exit 143' TERM
trap 'echo "$ME: hangup" >&2; exit 129' HUP

q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
if [ $# -eq 1 ]; then
	printf '%s\n' "$1" > "$CTL/cmd"
else
	for a in "$@"; do printf '%s ' "$(q "$a")"; done > "$CTL/cmd"
	echo >> "$CTL/cmd"
fi
printf '%s\n' "$HOSTCWD" > "$CTL/cwd"
printf '%s' "$BINDS" > "$CTL/binds"
# Pass XTQQ_* variables through (XTQQ_KVER is set by the guest).
: > "$CTL/env"
while IFS= read -r v; do
	case $v in XTQQ_KVER|XTQQ_VM_*|*[!A-Za-z0-9_]*) continue ;; esac
	printf 'export %s=%s\n' "$v" "$(q "${!v}")" >> "$CTL/env"
done < <(compgen -e | grep '^XTQQ_' || true)

# ------------------------------------------------------------ boot
APPEND="console=ttyS0,115200 quiet loglevel=4 panic=-1 log_buf_len=4M"
APPEND="$APPEND rdinit=/init ${XTQQ_VM_APPEND:-}"

mkfifo "$TMPD/console"
tee -p "$OUTDIR/console.log" < "$TMPD/console" &
TPID=$!

echo "$ME: booting $KVER ($VMLINUZ), results in $OUTDIR, timeout ${TIMEOUT}s" >&2
start=$(date +%s.%N)
"$QEMU" \
	-accel tcg -cpu max -smp "$CPUS" -m "$MEM" \
	-nographic -no-reboot -nic none \
	"${BIOSOPT[@]}" -kernel "$BOOTIMG" -initrd "$INITRD" -append "$APPEND" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$OUTDIR,mount_tag=results,security_model=none,multidevs=remap" \
	-virtfs "local,path=$CTL,mount_tag=vmctl,security_model=none,readonly=on" \
	< /dev/null > "$TMPD/console" 2>&1 &
QPID=$!
deadline=$((SECONDS + TIMEOUT))
timedout=0
while kill -0 "$QPID" 2>/dev/null; do
	if [ "$SECONDS" -ge "$deadline" ]; then
		timedout=1
		kill -TERM "$QPID" 2>/dev/null || true
		sleep 2
		kill -KILL "$QPID" 2>/dev/null || true
		break
	fi
	sleep 0.2
done
qrc=0
wait "$QPID" 2>/dev/null || qrc=$?
QPID=
wait "$TPID" 2>/dev/null || true
TPID=
end=$(date +%s.%N)
[ -z "$(tail -c1 "$OUTDIR/console.log" 2>/dev/null | tr -d '\r\n')" ] || echo
sed -i 's/\r$//' "$OUTDIR/console.log" 2>/dev/null || true
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')

if [ -f "$OUTDIR/rc" ]; then
	rc=$(cat "$OUTDIR/rc")
	case $rc in
	''|*[!0-9]*) echo "$ME: error: bad rc file content '$rc'" >&2; exit 125 ;;
	esac
	[ "$qrc" -eq 0 ] || echo "$ME: warning: qemu exited with $qrc after the command finished" >&2
	echo "$ME: $KVER: command exited with $rc (VM run ${secs}s)" >&2
	exit "$rc"
fi
if [ "$timedout" = 1 ]; then
	echo "$ME: ERROR: $KVER: guest timed out after ${TIMEOUT}s without finishing; QEMU killed. See $OUTDIR/console.log" >&2
	exit 124
fi
echo "$ME: ERROR: $KVER: guest stopped without reporting an exit code (qemu exit $qrc, ${secs}s; kernel panic or boot failure?). See $OUTDIR/console.log" >&2
exit 125
