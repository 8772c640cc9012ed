#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: boot the gateway VM and run each benchmark in it.  Results
# (ratios against a baseline taken in the same run) go to tests/out/bench/.
set -u
cd "$(dirname "$0")/../.."
KVERS=${BENCH_KVERS:-$(ls -d /lib/modules/6.1.*-amd64/build 2>/dev/null | cut -d/ -f4 | head -1)}
rc=0
for k in $KVERS; do
	out=tests/out/bench/$k
	mkdir -p "$out"
	echo "##### hook forwarding cost on $k (QEMU, TCG)"
	# One guest cpu: client, gateway and server share it, so every
	# configuration competes for the same, single, emulated cpu.
	tests/vm/run.sh -k "$k" -c 1 -o "$out" -t 2400 -- tests/bench/hook-bench.sh || rc=1
	echo "##### server table lookup cost on $k"
	tests/vm/run.sh -k "$k" -c 1 -m 2048 -o "$out" -t 1200 -- tests/bench/servers-bench.sh || rc=1
done
exit $rc
