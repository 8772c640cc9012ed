#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# In the gateway VM: the forwarding cost of xt_qq on non-QQ traffic.
#
# The same iperf3 flood (UDP 64 and 1400 bytes, TCP with full and 88-byte
# MSS) crosses the gateway in five configurations: module not loaded, mode
# off, monitor, block, and a "-m qq -j DROP" rule.  The gateway runs
# conntrack in all of them, as a real one does (NAT, stateful rules), so
# the baseline already pays for it.  Packets per second are read from a
# rule counter in the gateway's FORWARD chain.  Configurations are
# interleaved over ROUNDS rounds and the median is kept, so slow drift of
# the (emulated) host hits every configuration alike.
set -u
SUITE=bench
. "$(dirname "$0")/../gateway/lib.sh"
ROUNDS=${ROUNDS:-5}
DUR=${DUR:-4}
OUTJ=${RESULTS:-$TMP}/hook-bench.json

cleanup() { $S pkill iperf3 2>/dev/null; topo_down; module_unload; rm -rf "$TMP"; }
trap cleanup EXIT

module_unload
TOPO_NO_PING=0 topo_up >/dev/null || { echo "topology failed"; exit 1; }
$G iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED,RELATED,INVALID
$S iperf3 -s -p $SINK_PORT -D
sleep 1

TRAFFIC="udp64 udp1400 tcp tcp-mss88"
CONFIGS="none off monitor block rule"

iperf_args() {
	case $1 in
	udp64)     echo "-u -b 0 -l 64" ;;
	udp1400)   echo "-u -b 0 -l 1400" ;;
	tcp)       echo "" ;;
	tcp-mss88) echo "-M 88" ;;
	esac
}

set_config() {
	$G iptables -D FORWARD -m qq -j DROP 2>/dev/null
	case $1 in
	none) module_unload ;;
	*) lsmod | grep -q '^xt_qq ' || module_load || exit 1
	   case $1 in
	   off|rule) $G qqctl mode off ;;
	   *) $G qqctl mode "$1" ;;
	   esac
	   [ "$1" = rule ] && $G iptables -A FORWARD -m qq -j DROP ;;
	esac
}

# One measurement: forwarded packets per second.
measure() {
	local before after t0 t1
	before=$(rule_pkts iptables FORWARD 1)
	t0=$(date +%s%N)
	$C iperf3 -c $SRV4 -p $SINK_PORT -t "$DUR" $(iperf_args "$1") > /dev/null 2>&1
	t1=$(date +%s%N)
	after=$(rule_pkts iptables FORWARD 1)
	echo $(( (after - before) * 1000000000 / (t1 - t0) ))
}

: > "$TMP/raw"
for r in $(seq 1 "$ROUNDS"); do
	for c in $CONFIGS; do
		set_config "$c"
		for t in $TRAFFIC; do
			pps=$(measure "$t")
			echo "$r $c $t $pps" | tee -a "$TMP/raw"
		done
	done
done
set_config none

python3 - "$TMP/raw" "$OUTJ" "$(uname -r)" <<'PY'
import json, statistics, sys
raw, out, krel = sys.argv[1:4]
data = {}
for line in open(raw):
    r, c, t, pps = line.split()
    data.setdefault(t, {}).setdefault(c, []).append(int(pps))
res = {"kernel": krel, "unit": "forwarded packets/s, median", "traffic": {}}
print(f"\nxt_qq forwarding cost on non-QQ traffic, kernel {krel} (conntrack on in every case)")
print(f"{'traffic':<10} {'no module pps':>14} " + " ".join(f"{c:>8}" for c in ["off", "monitor", "block", "rule"]))
for t, cs in data.items():
    base = statistics.median(cs["none"])
    row = {c: {"pps": statistics.median(v), "ratio": statistics.median(v) / base,
               "min": min(v), "max": max(v)} for c, v in cs.items()}
    res["traffic"][t] = row
    print(f"{t:<10} {base:>14.0f} " + " ".join(f"{row[c]['ratio']*100:>7.1f}%" for c in ["off", "monitor", "block", "rule"]))
print("\nspread (min..max pps over the rounds):")
for t, cs in data.items():
    print(f"{t:<10} " + "  ".join(f"{c} {min(v)}..{max(v)}" for c, v in cs.items()))
json.dump(res, open(out, "w"), indent=1)
PY
