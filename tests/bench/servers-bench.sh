#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# In the VM: load xt_qq_bench.ko, which times server table lookups at 10,
# 10,000 and 1,000,000 entries and reports them as ratios to 10 entries.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
KO=$REPO/build/bench-$(uname -r)/xt_qq_bench.ko
dmesg -C
insmod "$KO" 2>/dev/null	# it reports, then declines to stay loaded
echo "server table lookups (1,048,576 per size, half hits), kernel $(uname -r):"
dmesg | grep -o 'xt_qq_bench: .*' | tee "${RESULTS:-/tmp}/servers-bench.txt"
grep -q 'servers=1000000' "${RESULTS:-/tmp}/servers-bench.txt"
