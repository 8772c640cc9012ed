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

# Two chains run side by side, each VM on about one of the two cores:
#   distro: a VM per kernel in $KVERS, one after the other;
#   debug:  build the debug kernel (once, cached outside the tree; niced,
#           so the distro VM keeps its core), then KUnit and the same
#           gateway suites under KASAN, UBSAN, lockdep, PROVE_RCU and
#           kmemleak.  XTQQ_DEBUG_KERNEL=0 skips this chain.
# Each chain writes its report to $OUT/<chain>.report, shown when both end.
DEBUG=${XTQQ_DEBUG_KERNEL:-1}

vm_report() {	# name log start rc
	grep -E '^(not ok|suite )' "$2" | tr -d '\r'
	echo "  ($(( $(date +%s) - $3 )) s, exit $4; full log $2)"
	grep -q '^suite kernel-log' "$2" ||
		echo "suite vm-boot [$1]: 0 passed, 1 failed (VM exit $4)" | tee -a "$2"
}

distro_chain() {
	local k start vrc
	for k in $KVERS; do
		echo "== VM gateway suites on $k, from $(date +%T)"
		start=$(date +%s)
		XTQQ_VM_BINDS="$CORPUS" tests/vm/run.sh -k "$k" -o "$OUT/vm-$k" -t 3000 -- \
			env CORPUS="$CORPUS" tests/gateway/run-suites.sh > "$OUT/vm-$k.log" 2>&1
		vrc=$?
		vm_report "$k" "$OUT/vm-$k.log" "$start" "$vrc"
	done
}

debug_chain() {
	local start tree krel vrc
	echo "== debug kernel: build or reuse the cache, from $(date +%T)"
	start=$(date +%s)
	if ! nice -n 10 make --no-print-directory debug-modules > "$OUT/debug-build.log" 2>&1; then
		tail -30 "$OUT/debug-build.log"
		echo "suite debug-kernel-build: 0 passed, 1 failed" | tee -a "$OUT/debug-build.log"
		return
	fi
	tree=$(tests/vm/debug-kernel.sh --no-build)
	krel=$(make -s -C "$tree" kernelrelease)
	echo "  $tree ($krel): $(( $(date +%s) - start )) s"
	echo "== VM: KUnit and gateway suites on the debug kernel $krel, from $(date +%T)"
	start=$(date +%s)
	XTQQ_VM_BINDS="$CORPUS" tests/vm/run.sh -K "$tree/arch/x86/boot/bzImage" -k "$krel" -m 2048 \
		-o "$OUT/vm-debug" -t 5100 -- \
		env CORPUS="$CORPUS" tests/gateway/run-suites.sh > "$OUT/vm-debug.log" 2>&1
	vrc=$?
	vm_report debug "$OUT/vm-debug.log" "$start" "$vrc"
}

stage "VMs: distro kernels ($(echo $KVERS)) and, beside them, the debug kernel"
distro_chain > "$OUT/distro.report" 2>&1 &
distro_pid=$!
if [ "$DEBUG" = 1 ]; then
	debug_chain > "$OUT/debug.report" 2>&1 &
	debug_pid=$!
	wait "$debug_pid"
fi
wait "$distro_pid"
cat "$OUT/distro.report"
[ "$DEBUG" = 1 ] && cat "$OUT/debug.report"

stage "summary"
cat "$OUT"/*.log | tr -d '\r' | grep -E '^suite .*: [0-9]+ passed, [0-9]+ failed' |
	sort -u | tee "$OUT/summary.txt"
awk -F'[:,]' '{ split($2, p, " "); split($3, f, " "); P += p[1]; F += f[1] }
	END { printf "%d passed, %d failed\n", P, F; exit (F > 0 || P == 0) }' "$OUT/summary.txt"
