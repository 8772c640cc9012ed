#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Accuracy report (make accuracy): build/qqscan over every capture of the
# corpus and over qqgen's labelled synthetic captures (every mode, IPv4 and
# IPv6), a per-capture table, per-class totals and a verdict.  It passes
# only if
#   - every flow with payload in corpus/positive/ is QQ;
#   - no flow in any capture of corpus/negative/ is QQ;
#   - each synthetic capture has its label's qq_flows, every QQ flow has
#     the class of its mode, and every labelled QQ client payload is found
#     (tcp-near-miss: none at all).
# Output: one "ok - ..." / "not ok - ..." line per check, the tables, and
# "suite accuracy: N passed, M failed" last.  Exit 0 only if all pass.
#
#   tests/accuracy/accuracy.sh [CORPUS_DIR]
#
# Environment: CORPUS (default ../shared/corpus), QQSCAN (build/qqscan),
# QQGEN (build/tools/qqgen), ACC_OUT (build/pcap/accuracy: the synthetic
# captures, their labels and qqscan's JSON).
set -u
cd "$(dirname "$0")/../.."
CORPUS=${1:-${CORPUS:-../shared/corpus}}
QQSCAN=${QQSCAN:-build/qqscan}
QQGEN=${QQGEN:-build/tools/qqgen}
OUT=${ACC_OUT:-build/pcap/accuracy}
MODES="tcp-oicq udp-oicq-new tcp-msf tcp-http tcp-connect tcp-tls tcp-near-miss"

for t in "$QQSCAN" "$QQGEN"; do
	[ -x "$t" ] || { echo "accuracy: $t not built (make userspace tools)" >&2; exit 2; }
done
[ -d "$CORPUS/positive" ] && [ -d "$CORPUS/negative" ] ||
	{ echo "accuracy: $CORPUS has no positive/ and negative/" >&2; exit 2; }
mkdir -p "$OUT"

# The labelled captures: MODE.pcap and MODE-v6.pcap, label in X.count.
synth=()
for m in $MODES; do
	for v in 4 6; do
		name=$m; flag=
		[ $v = 6 ] && { name=$m-v6; flag=-6; }
		if ! "$QQGEN" $flag "$m" "$OUT/$name.pcap" > "$OUT/$name.count"; then
			echo "accuracy: qqgen $flag $m failed" >&2
			exit 2
		fi
		synth+=("$OUT/$name.pcap")
	done
done

# qqscan once per group; its exit status goes to the report.
captures() {
	find "$1" -maxdepth 1 -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | LC_ALL=C sort
}
scan() {
	local group=$1; shift
	"$QQSCAN" -j "$@" > "$OUT/$group.json" 2> "$OUT/$group.err"
	echo $? > "$OUT/$group.rc"
}
mapfile -t pos < <(captures "$CORPUS/positive")
mapfile -t neg < <(captures "$CORPUS/negative")
scan positive "${pos[@]}"
scan negative "${neg[@]}"
scan synthetic "${synth[@]}"

exec python3 tests/accuracy/report.py "$OUT" "$CORPUS"
