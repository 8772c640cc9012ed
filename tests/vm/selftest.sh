#!/bin/sh
# tests/vm/selftest.sh [KVER...]
#
# Self-test of the VM harness.  On the host it boots each KVER (default: the
# newest 6.1.* and 6.12.* in /lib/modules) with run.sh, running this same
# script in the guest, and checks that run.sh returns the guest's exit code
# (3) and that the file the guest wrote to $RESULTS arrived on the host.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${XTQQ_KVER:-}" ]; then
	# ---------------------------------------------------------- host side
	if [ $# -eq 0 ]; then
		for s in '6.1.*' '6.12.*'; do
			k=$(cd /lib/modules && ls -d $s 2>/dev/null | sort -V | tail -n1)
			[ -n "$k" ] && set -- "$@" "$k"
		done
	fi
	fail=0
	for k in "$@"; do
		out=$(mktemp -d "${TMPDIR:-/tmp}/xtqq-selftest.XXXXXX")
		start=$(date +%s.%N)
		rc=0
		XTQQ_SELFTEST_CWD=$(pwd -P) "$HERE/run.sh" -k "$k" -o "$out" -t 300 -- "$HERE/selftest.sh" || rc=$?
		secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
		if [ "$rc" -eq 3 ] && grep -qx "hello from $k" "$out/selftest.txt" 2>/dev/null &&
		   grep -q '^ALL CHECKS PASSED' "$out/guest.log"; then
			echo "selftest: $k: PASS (${secs}s)"
			rm -rf "$out"
		else
			echo "selftest: $k: FAIL (run.sh exit $rc, ${secs}s), see $out" >&2
			fail=1
		fi
	done
	exit $fail
fi

# ------------------------------------------------------------- guest side
set +e
bad=0
check() {	# description command...
	d=$1; shift
	if "$@"; then echo "ok: $d"; else echo "NOT OK: $d"; bad=$((bad + 1)); fi
}
echo "kernel: $(uname -r)"
check "XTQQ_KVER" test "$(uname -r)" = "$XTQQ_KVER"
check "RESULTS=/results" test "$RESULTS" = /results
check "HOME=/tmp" test "$HOME" = /tmp
check "cwd is the host's (and XTQQ_* passed)" test "$(pwd -P)" = "$XTQQ_SELFTEST_CWD"
check "running as root" test "$(id -u)" = 0
check "/ is read-only" sh -c '! touch /usr/.xtqq-vm-write-test 2>/dev/null'
check "/tmp is writable" touch /tmp/x
check "dmesg works" sh -c 'dmesg | grep -q "Linux version"'
check "debugfs mounted" grep -q " /sys/kernel/debug debugfs " /proc/mounts

check "veth not loaded yet" sh -c '! grep -q "^veth " /proc/modules'
# Kernel-side autoload (request_module -> /sbin/modprobe in the 9p root).
check "veth autoload by ip link" ip link add vtest0 type veth peer name vtest1
check "veth now loaded" grep -q "^veth " /proc/modules
ip link del vtest0
check "modprobe dummy" modprobe dummy
check "lsmod" sh -c 'lsmod | grep -q "^dummy "'

check "ip netns add" sh -c 'ip netns add a && ip netns add b'
ip link add va type veth peer name vb
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.99.0.1/24 dev va
ip -n b addr add 10.99.0.2/24 dev vb
ip -n a link set va up; ip -n a link set lo up
ip -n b link set vb up; ip -n b link set lo up
# iputils-ping is not among the installed packages: fall back to busybox.
PING=ping; command -v ping >/dev/null 2>&1 || PING="busybox ping"
check "ping across veth ($PING)" ip netns exec a $PING -c 2 -W 2 10.99.0.2
check "netns exec remounts /sys" sh -c 'ip netns exec a ls /sys/class/net | grep -qx va'
check "iptables is nft" sh -c 'iptables -V | grep -q nf_tables'
check "iptables (nft) in netns" sh -c \
	'ip netns exec a iptables -A FORWARD -j ACCEPT && ip netns exec a iptables -L -v'
check "iptables-legacy in netns" sh -c \
	'ip netns exec a iptables-legacy -A INPUT -j ACCEPT && ip netns exec a iptables-legacy -L -v'
check "nft/legacy modules autoloaded" sh -c \
	'grep -q "^nf_tables " /proc/modules && grep -q "^ip_tables " /proc/modules'
check "socat" sh -c 'command -v socat >/dev/null'
check "python3" sh -c 'test "$(python3 -c "print(1)")" = 1'
echo "hello from $(uname -r)" > "$RESULTS/selftest.txt"
check "write to RESULTS" test -s "$RESULTS/selftest.txt"
if [ $bad -eq 0 ]; then echo "ALL CHECKS PASSED"; else echo "$bad CHECKS FAILED"; fi
exit 3
