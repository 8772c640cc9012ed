#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every test suite: userspace unit and corpus tests on the host, then the
# gateway suites in a VM on each kernel in $KVERS.  Logs go to tests/out/.
# The last line is the sum over all suites: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
OUT=tests/out
CORPUS=${CORPUS:-$(cd ../shared/corpus && pwd)}
KVERS=${KVERS:-$(ls -d /lib/modules/6.1.*-amd64/build /lib/modules/6.12.*-amd64/build 2>/dev/null | cut -d/ -f4)}
rm -rf "$OUT"
mkdir -p "$OUT"

stage() { printf '\n##### %s (%s)\n' "$1" "$(date +%T)"; }

stage "unit: classifier vectors"
build/tests/classify_test > "$OUT/unit-classify.log" 2>&1
grep -v '^ok' "$OUT/unit-classify.log"
stage "unit: corpus"
build/tests/corpus_test "$CORPUS" build/pcap/*.pcap > "$OUT/unit-corpus.log" 2>&1
grep -v '^ok' "$OUT/unit-corpus.log"
grep -E '^ok .*(negative|positive)/' "$OUT/unit-corpus.log" | sed 's/^ok [0-9]* - /  /' | head -5
echo "  ... per-capture counts in $OUT/unit-corpus.log"

stage "accuracy: qqscan over the corpus and the labelled synthetic captures"
ACC_OUT=build/pcap/accuracy tests/accuracy/accuracy.sh "$CORPUS" > "$OUT/accuracy.log" 2>&1
grep -E '^(not ok|total|verdict)' "$OUT/accuracy.log"

stage "unit: server list parser and the shipped lists"
build/tests/servers_file_test . > "$OUT/unit-servers-file.log" 2>&1
grep -v '^ok' "$OUT/unit-servers-file.log"

stage "unit: YNL spec against the UAPI header and the kernel's policies"
python3 tests/unit/ynl_spec_test.py . > "$OUT/unit-ynl.log" 2>&1
grep -v '^ok' "$OUT/unit-ynl.log"

stage "style: checkpatch --no-tree on the kernel code"
{
	p=0 f=0
	for src in kmod/*.c kmod/*.h include/uapi/*.h; do
		if build/checkpatch/scripts/checkpatch.pl --no-tree -q -f "$src" > "$OUT/checkpatch.tmp" 2>&1; then
			echo "ok - checkpatch $src"; p=$((p + 1))
		else
			cat "$OUT/checkpatch.tmp"; echo "not ok - checkpatch $src"; f=$((f + 1))
		fi
	done
	rm -f "$OUT/checkpatch.tmp"
	echo "suite style: $p passed, $f failed"
} > "$OUT/style.log" 2>&1
grep -v '^ok' "$OUT/style.log"

# The debug kernel (built once, cached outside the tree) compiles in the
# background, niced, while the distro-kernel VMs run: a VM keeps one core
# busy, the build takes what is left.  XTQQ_DEBUG_KERNEL=0 skips it.
DEBUG=${XTQQ_DEBUG_KERNEL:-1}
if [ "$DEBUG" = 1 ]; then
	stage "debug kernel: build or reuse the cache (in the background)"
	dbg_start=$(date +%s)
	nice -n 10 make --no-print-directory debug-modules > "$OUT/debug-build.log" 2>&1 &
	dbg_pid=$!
fi

for k in $KVERS; do
	stage "VM gateway suites on $k"
	start=$(date +%s)
	XTQQ_VM_BINDS="$CORPUS" tests/vm/run.sh -k "$k" -o "$OUT/vm-$k" -t 2400 -- \
		env CORPUS="$CORPUS" tests/gateway/run-suites.sh > "$OUT/vm-$k.log" 2>&1
	vrc=$?
	grep -E '^(not ok|suite )' "$OUT/vm-$k.log" | tr -d '\r'
	echo "  ($(( $(date +%s) - start )) s, exit $vrc; full log $OUT/vm-$k.log)"
	if ! grep -q '^suite kernel-log' "$OUT/vm-$k.log"; then
		echo "suite vm-boot [$k]: 0 passed, 1 failed (VM exit $vrc)" | tee -a "$OUT/vm-$k.log"
	fi
done

# The debug kernel: KUnit, then the same gateway suites under KASAN, UBSAN,
# lockdep, PROVE_RCU and kmemleak.
if [ "$DEBUG" = 1 ]; then
	stage "debug kernel: waiting for the build"
	if wait "$dbg_pid"; then
		tree=$(tests/vm/debug-kernel.sh --no-build)
		krel=$(make -s -C "$tree" kernelrelease)
		echo "  $tree ($krel), ready $(( $(date +%s) - dbg_start )) s after it started"
		stage "VM: KUnit and gateway suites on the debug kernel $krel"
		start=$(date +%s)
		XTQQ_VM_BINDS="$CORPUS" tests/vm/run.sh -K "$tree/arch/x86/boot/bzImage" -k "$krel" -m 2048 \
			-o "$OUT/vm-debug" -t 4200 -- \
			env CORPUS="$CORPUS" tests/gateway/run-suites.sh > "$OUT/vm-debug.log" 2>&1
		vrc=$?
		grep -E '^(not ok|suite )' "$OUT/vm-debug.log" | tr -d '\r'
		echo "  ($(( $(date +%s) - start )) s, exit $vrc; full log $OUT/vm-debug.log)"
		grep -q '^suite kernel-log' "$OUT/vm-debug.log" ||
			echo "suite vm-boot [debug]: 0 passed, 1 failed (VM exit $vrc)" | tee -a "$OUT/vm-debug.log"
	else
		tail -30 "$OUT/debug-build.log"
		echo "suite debug-kernel-build: 0 passed, 1 failed" | tee -a "$OUT/debug-build.log"
	fi
fi

stage "summary"
cat "$OUT"/*.log | tr -d '\r' | grep -E '^suite .*: [0-9]+ passed, [0-9]+ failed' |
	sort -u | tee "$OUT/summary.txt"
awk -F'[:,]' '{ split($2, p, " "); split($3, f, " "); P += p[1]; F += f[1] }
	END { printf "%d passed, %d failed\n", P, F; exit (F > 0 || P == 0) }' "$OUT/summary.txt"
