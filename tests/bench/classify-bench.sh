#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench-classify (and the first stage of make bench), on the host:
# what the payload classifier costs per packet on every payload packet of
# the corpus and of qqgen's synthetic captures, next to the cheapest pass
# over the same packets (read the first byte) and a naive xt_string rule
# (Boyer-Moore for 0x02).  See tests/bench/classify_bench.c.
#
#  1. instructions per packet: each pass once under callgrind, counted
#     from the start of the pass to its end (deterministic: the headline);
#  2. packets per second: each pass natively, ROUNDS rounds interleaved,
#     median, and the time per packet as a multiple of the baseline's in
#     the same run.  Nothing here asserts a time.
#
# Environment: CORPUS (default ../shared/corpus), ROUNDS (9), MIN_MS (20).
# Output: the table on stdout and in tests/out/bench/classify.txt.
set -eu
cd "$(dirname "$0")/../.."
CORPUS=${CORPUS:-$(cd .. && pwd)/shared/corpus}
ROUNDS=${ROUNDS:-9}
MIN_MS=${MIN_MS:-20}
B=build
BIN=$B/bench/classify_bench
QQGEN=$B/tools/qqgen
WORK=$B/bench
OUT=tests/out/bench
MODES="tcp-oicq udp-oicq-new tcp-msf tcp-http tcp-connect tcp-tls tcp-near-miss"

command -v valgrind >/dev/null ||
	{ echo "classify-bench: valgrind is missing (make deps installs it)" >&2; exit 1; }
for d in "$CORPUS/negative" "$CORPUS/positive"; do
	[ -d "$d" ] || { echo "classify-bench: no $d (set CORPUS)" >&2; exit 1; }
done
make -s --no-print-directory "$BIN" "$QQGEN"

# qqgen's captures, IPv4 and IPv6, written here rather than in build/pcap
# so this set does not depend on what make tests last wrote there.
mkdir -p "$WORK/pcap" "$OUT"
for m in $MODES; do
	"$QQGEN" "$m" "$WORK/pcap/$m.pcap" > "$WORK/pcap/$m.count"
	"$QQGEN" -6 "$m" "$WORK/pcap/$m-v6.pcap" > "$WORK/pcap/$m-v6.count"
done
INPUTS="$CORPUS/negative $CORPUS/positive $WORK/pcap"

echo "##### classifier cost per packet (host, $(date -u +%F))"
# 1. Instruction counts.  Instrumentation is off while the captures load
#    and switched on by the program around each pass; each pass's counts
#    are dumped to their own file, named PASS:SET in its "Trigger" line.
rm -rf "$WORK/cg"
mkdir -p "$WORK/cg"
valgrind --tool=callgrind --instr-atstart=no --dump-instr=no \
	--callgrind-out-file="$WORK/cg/callgrind.out" \
	"$BIN" -c $INPUTS > "$WORK/callgrind.log" 2>&1 ||
	{ cat "$WORK/callgrind.log" >&2; echo "classify-bench: callgrind run failed" >&2; exit 1; }
awk '/^desc: Trigger: Client Request: / { split($5, a, ":"); pass = a[1]; set = a[2] }
     /^totals: / && pass != "" { print pass, set, $2; pass = "" }' \
	"$WORK"/cg/callgrind.out.* > "$WORK/instr.txt"
counted=$(grep -c '^counted ' "$WORK/callgrind.log" || true)
dumped=$(wc -l < "$WORK/instr.txt")
[ "$counted" -gt 0 ] && [ "$counted" = "$dumped" ] ||
	{ echo "classify-bench: $counted passes run but $dumped callgrind dumps read" >&2; exit 1; }

# 2. Native timing, with the counts from 1 in the same table.
"$BIN" -r "$ROUNDS" -t "$MIN_MS" -i "$WORK/instr.txt" $INPUTS | tee "$OUT/classify.txt"
