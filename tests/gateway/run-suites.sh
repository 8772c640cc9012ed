#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every gateway suite inside the VM, then check the kernel log for
# splats.  A suite that dies before its count line counts as one failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
KVER=$(uname -r)
rc=0
SUITES=${SUITES:-"test_match test_iptables test_control test_servers test_flows test_stress"}

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug 2>/dev/null
KMEMLEAK=/sys/kernel/debug/kmemleak
# Forget what boot left behind, so only leaks made by the tests count.
[ -w $KMEMLEAK ] && echo clear > $KMEMLEAK

# The debug kernel has KUnit: the unit suites run there first.
if [ -d /sys/kernel/debug/kunit ] || [ -f "$HERE/../../build/kunit-$KVER/xt_qq_kunit.ko" ]; then
	echo "=== kunit [$KVER]"
	"$HERE/../kunit/run-kunit.sh" || rc=1
fi

for t in $SUITES; do
	echo "=== $t [$KVER]"
	log=/tmp/run-suites.$t.log
	"$HERE/$t.sh" 2>&1 | tee "$log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	grep -q '^suite .*: [0-9]* passed, [0-9]* failed' "$log" ||
		echo "suite $t [$KVER]: 0 passed, 1 failed (died: no count line)"
done

if [ -w $KMEMLEAK ]; then
	# Two scans: an object is reported once it stayed unreferenced a while.
	echo scan > $KMEMLEAK; sleep 6; echo scan > $KMEMLEAK
	leaks=$(cat $KMEMLEAK)
	if [ -z "$leaks" ]; then
		echo "ok - kmemleak: no leak after the suites and rmmod"
		echo "suite kmemleak [$KVER]: 1 passed, 0 failed"
	else
		echo "$leaks" | head -60
		echo "not ok - kmemleak reports leaks"
		echo "suite kmemleak [$KVER]: 0 passed, 1 failed"
		rc=1
	fi
fi

# Any oops, warning or sanitizer report fails the run.
splats=$(dmesg | grep -E 'BUG:|WARNING:|Oops|KASAN:|UBSAN:|general protection fault|suspicious RCU usage|rcu.*(stall|detected)|possible (recursive|circular) locking|kmemleak: [0-9]+ new suspected|Call Trace:' || true)
if [ -z "$splats" ]; then
	echo "ok - no kernel splat in dmesg"
	echo "suite kernel-log [$KVER]: 1 passed, 0 failed"
else
	echo "$splats"
	echo "not ok - kernel splat in dmesg"
	echo "suite kernel-log [$KVER]: 0 passed, 1 failed"
	rc=1
fi
[ -n "${RESULTS:-}" ] && dmesg > "$RESULTS/dmesg.txt"
exit $rc
