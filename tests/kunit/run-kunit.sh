#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# In the debug-kernel VM: load xt_qq_kunit.ko (its suites run at load),
# read each suite's KTAP from debugfs and count every case.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
KREL=$(uname -r)
KO=$REPO/build/kunit-$KREL/xt_qq_kunit.ko
SUITES="xt_qq_classify xt_qq_skb xt_qq_match"

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
if ! insmod "$KO"; then
	echo "not ok - insmod $KO"
	echo "suite kunit [$KREL]: 0 passed, 1 failed"
	exit 1
fi
files=
for s in $SUITES; do
	f=/sys/kernel/debug/kunit/$s/results
	if [ -r "$f" ]; then
		files="$files $f"
	else
		echo "not ok - KUnit suite $s did not run"
	fi
done
# shellcheck disable=SC2086
python3 "$HERE/ktap_count.py" kunit "$KREL" $files
rc=$?
rmmod xt_qq_kunit
exit $rc
