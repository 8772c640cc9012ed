#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# In the debug-kernel VM: load xt_qq_kunit.ko (its suites run at load) and
# count every case.  The KTAP is read from the kernel log: 6.1 keeps only
# 512 bytes of each case's log in debugfs, too little for parameterised
# cases, so debugfs is checked for the suites and kept as an artifact.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
KREL=$(uname -r)
KO=$REPO/build/kunit-$KREL/xt_qq_kunit.ko
SUITES="xt_qq_classify xt_qq_skb xt_qq_match xt_qq_control xt_qq_servers"
KTAP=/tmp/xt_qq_kunit.ktap

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
before=$(dmesg | wc -l)
if ! insmod "$KO"; then
	echo "not ok - insmod $KO"
	echo "suite kunit [$KREL]: 0 passed, 1 failed"
	exit 1
fi
dmesg -t | tail -n +$((before + 1)) > $KTAP
[ -n "${RESULTS:-}" ] && cp $KTAP "$RESULTS/kunit.ktap"
missing=0
for s in $SUITES; do
	f=/sys/kernel/debug/kunit/$s/results
	if [ -r "$f" ]; then
		[ -n "${RESULTS:-}" ] && cp "$f" "$RESULTS/kunit-$s.debugfs.ktap"
	else
		echo "not ok - KUnit suite $s has no debugfs results"
		missing=$((missing + 1))
	fi
done
python3 "$HERE/ktap_count.py" kunit "$KREL" $KTAP
rc=$?
rmmod xt_qq_kunit
[ $missing = 0 ] && [ $rc = 0 ]
