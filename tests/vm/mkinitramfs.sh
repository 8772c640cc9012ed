#!/bin/sh
# mkinitramfs.sh KVER OUT.cpio.gz
#
# Build the tiny busybox initramfs used by tests/vm/run.sh to boot kernel KVER
# under QEMU.  The initramfs loads the virtio/9p modules of KVER (taken from
# /lib/modules/KVER, decompressed for busybox insmod; built-in ones are
# skipped), mounts the host "/" (9p tag "hostroot", read-only), assembles a
# new root (tmpfs "/" with the host's top-level directories bind-mounted
# read-only, fresh tmpfs on /tmp /run /var/tmp /var/log, proc, sysfs,
# devtmpfs, devpts, /dev/shm, debugfs, tracefs, cgroup2, and the writable
# 9p tag "results" on /results) and switch_root's into it.  Stage 2 (see
# below) then runs the command described by the read-only 9p tag "vmctl".
#
# Always rebuilds OUT.  Callers may reuse OUT if it exists and is newer than
# this script (run.sh keys its cache on KVER + the hash of this script).
set -eu

die() { echo "mkinitramfs.sh: error: $*" >&2; exit 1; }

[ $# -eq 2 ] || { echo "usage: $0 KVER OUT.cpio.gz" >&2; exit 2; }
KVER=$1
OUT=$2

for t in busybox cpio gzip modprobe; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' not found (run tests/vm/install-deps.sh)"
done
BUSYBOX=$(command -v busybox)
# The initramfs has no libc: busybox must be the static build.
if command -v file >/dev/null 2>&1; then
	file -L "$BUSYBOX" | grep -q 'statically linked' ||
		die "$BUSYBOX is not statically linked (install busybox-static)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xtqq-initramfs.XXXXXX")
trap 'rm -rf "$WORK" "$OUT.tmp.$$"' EXIT
trap 'exit 130' INT TERM
R=$WORK/root
mkdir -p "$R/bin" "$R/lib/modules" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" \
	"$R/host" "$R/ctl" "$R/newroot"
ln -s bin "$R/sbin"
cp "$BUSYBOX" "$R/bin/busybox"
for a in $("$BUSYBOX" --list); do
	[ "$a" = busybox ] || ln -s busybox "$R/bin/$a"
done

# ---------------------------------------------------------------- modules
# Modules needed to mount 9p over virtio-pci, in dependency order.
MODS="virtio_pci 9pnet_virtio 9p"
: > "$R/modules.list"
if [ -d "/lib/modules/$KVER" ]; then
	seen=" "
	for m in $MODS; do
		# One module per call: extra words would be taken as module params.
		deps=$(modprobe -S "$KVER" --show-depends "$m" 2>"$WORK/err") || {
			# Not a module: fine if it is built into the kernel.
			grep -qs "/$m.ko" "/lib/modules/$KVER/modules.builtin" ||
				grep -qs "/$(echo "$m" | tr _ -).ko" "/lib/modules/$KVER/modules.builtin" ||
				die "module $m for $KVER: $(cat "$WORK/err")"
			continue
		}
		echo "$deps" | while read -r kind path _rest; do
			[ "$kind" = insmod ] || continue	# "builtin foo"
			printf '%s\n' "$path"
		done >> "$WORK/paths"
	done
	[ -f "$WORK/paths" ] || : > "$WORK/paths"
	while read -r path; do
		case "$seen" in *" $path "*) continue ;; esac
		seen="$seen$path "
		base=$(basename "$path")
		case "$path" in
		*.ko.xz)  name=${base%.xz};  xz -dc "$path" > "$R/lib/modules/$name" ;;
		*.ko.zst) name=${base%.zst}; zstd -qdc "$path" > "$R/lib/modules/$name" ;;
		*.ko.gz)  name=${base%.gz};  gzip -dc "$path" > "$R/lib/modules/$name" ;;
		*.ko)     name=$base;        cp "$path" "$R/lib/modules/$name" ;;
		*) die "unexpected module file $path" ;;
		esac || die "cannot unpack $path"
		echo "$name" >> "$R/modules.list"
	done < "$WORK/paths"
else
	echo "mkinitramfs.sh: warning: /lib/modules/$KVER missing; assuming 9p/virtio are built in" >&2
fi

# ---------------------------------------------------------------- stage 1
cat > "$R/init" <<'EOF'
#!/bin/sh
# xt_qq VM stage 1 (busybox, initramfs).
export PATH=/bin
fatal() {
	echo "xtqq-vm: FATAL: $*"
	echo "xtqq-vm: powering off"
	poweroff -f
	sleep 5
	echo o > /proc/sysrq-trigger
	sleep 30
}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
case " $(cat /proc/cmdline) " in *" xtqq.debug "*) set -x ;; esac

while read -r m; do
	out=$(insmod "/lib/modules/$m" 2>&1) || case "$out" in
		*"exists"*) ;;
		*) echo "xtqq-vm: insmod $m: $out" ;;
	esac
done < /modules.list

P9="trans=virtio,version=9p2000.L,msize=262144"
mount -t 9p -o "$P9,ro,cache=loose" hostroot /host ||
	fatal "cannot mount host / (9p tag hostroot)"
mount -t 9p -o "$P9,ro" vmctl /ctl ||
	fatal "cannot mount control dir (9p tag vmctl)"

N=/newroot
mount -t tmpfs -o mode=0755 rootfs $N || fatal "tmpfs on $N"
for p in /host/* /host/.[!.]*; do
	[ -e "$p" ] || [ -L "$p" ] || continue
	n=${p#/host/}
	case "$n" in
	proc|sys|dev|tmp|run|results) continue ;;
	esac
	if [ -L "$p" ]; then
		ln -s "$(readlink "$p")" "$N/$n"
	elif [ -d "$p" ]; then
		mkdir "$N/$n" && mount --bind "$p" "$N/$n" ||
			echo "xtqq-vm: warning: cannot bind /$n"
	elif [ -f "$p" ]; then
		: > "$N/$n" && mount --bind "$p" "$N/$n" ||
			echo "xtqq-vm: warning: cannot bind /$n"
	fi
done
mkdir -p $N/proc $N/sys $N/dev $N/tmp $N/run $N/results
mount -t 9p -o "$P9,rw" results $N/results ||
	fatal "cannot mount results dir (9p tag results)"
mount -t tmpfs -o mode=1777 tmp $N/tmp
mount -t tmpfs -o mode=0755 run $N/run
[ -d $N/var/tmp ] && mount -t tmpfs -o mode=1777 vartmp $N/var/tmp
[ -d $N/var/log ] && mount -t tmpfs -o mode=0755 varlog $N/var/log
mkdir -p $N/run/lock $N/run/netns $N/run/xtqq-vm
chmod 1777 $N/run/lock
# Host directories under the replaced trees that the command needs back.
if [ -f /ctl/binds ]; then
	while IFS= read -r b; do
		[ -n "$b" ] || continue
		mkdir -p "$N$b" && mount --bind "/host$b" "$N$b" ||
			echo "xtqq-vm: warning: cannot bind $b"
	done < /ctl/binds
fi
cp /stage2.sh /ctl/* $N/run/xtqq-vm/ || fatal "cannot copy control files"
umount /ctl
umount -l /host

mount --move /dev $N/dev
mount --move /proc $N/proc
mount --move /sys $N/sys
mkdir -p $N/dev/pts $N/dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $N/dev/pts
mount -t tmpfs -o mode=1777 shm $N/dev/shm
mount -t debugfs debugfs $N/sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs $N/sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 $N/sys/fs/cgroup 2>/dev/null

exec switch_root $N /bin/sh /run/xtqq-vm/stage2.sh
fatal "switch_root failed"
EOF
chmod 755 "$R/init"

# ---------------------------------------------------------------- stage 2
# Runs as PID 1 with the host's /bin/sh after switch_root.
cat > "$R/stage2.sh" <<'EOF'
#!/bin/sh
# xt_qq VM stage 2 (host userspace, PID 1 after switch_root).
C=/run/xtqq-vm
off() {
	sync
	/bin/busybox poweroff -f 2>/dev/null || poweroff -f 2>/dev/null
	echo o > /proc/sysrq-trigger
	sleep 60
}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=dumb LANG=C.UTF-8 RESULTS=/results
read -r XTQQ_KVER < /proc/sys/kernel/osrelease; export XTQQ_KVER
[ -f $C/env ] && . $C/env		# XTQQ_* variables from the host
case " $(cat /proc/cmdline) " in *" xtqq.debug "*) set -x ;; esac
echo xtqq-vm > /proc/sys/kernel/hostname
ip link set lo up 2>/dev/null
stty -onlcr 2>/dev/null		# plain \n on the serial line

IFS= read -r cwd < $C/cwd
cd "$cwd" 2>/dev/null || { echo "xtqq-vm: warning: cannot cd to $cwd, using /"; cd /; }
read -r up _ < /proc/uptime
cmd=$(cat $C/cmd)
echo "xtqq-vm: kernel $XTQQ_KVER up ${up}s, running in $PWD: $cmd"

# Run CMD with its output on the console and in /results/guest.log.  A FIFO
# rather than a pipe lets us stop waiting once CMD itself exits, even if it
# left background processes holding its stdout open.
mkfifo $C/out
# tee ignores TERM from before it opens the FIFO (so before CMD can start).
(trap '' TERM; exec tee /results/guest.log < $C/out) &
teepid=$!
sh -c "$cmd" > $C/out 2>&1 < /dev/null &
wait $!
rc=$?
# Processes CMD left behind (daemons, "sleep &"...) could keep the FIFO open
# forever: terminate everything but us (PID 1) and tee (which ignores TERM and
# exits once it has drained the FIFO); KILL whatever is still there after 5 s.
kill -s TERM -- -1 2>/dev/null
(sleep 5; kill -s KILL -- -1) 2>/dev/null &
killer=$!
wait $teepid
kill $killer 2>/dev/null
wait $killer 2>/dev/null

dmesg > /results/dmesg.log 2>&1
echo $rc > /results/rc.tmp && mv /results/rc.tmp /results/rc
echo "xtqq-vm: command exited with $rc, powering off"
off
EOF
chmod 755 "$R/stage2.sh"

mkdir -p "$(dirname "$OUT")"
( cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) |
	gzip -1 > "$OUT.tmp.$$" || die "cpio/gzip failed"
mv -f "$OUT.tmp.$$" "$OUT"
