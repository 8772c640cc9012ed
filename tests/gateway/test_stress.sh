#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Load/unload stress: CYCLES rounds of create namespaces, insmod, add
# rules, flood, flush, rmmod, delete namespaces.  The kernel log and
# kmemleak checks after the suites catch any splat or leak it provokes.
# 50 rounds on the debug kernel (it has KUnit), 10 on the distro kernels.
set -u
SUITE=stress
. "$(dirname "$0")/lib.sh"
if [ -d /sys/kernel/debug/kunit ]; then CYCLES=${CYCLES:-50}; else CYCLES=${CYCLES:-10}; fi
export TOPO_NO_PING=1

cleanup() { topo_down; module_unload; rm -rf "$TMP"; }
trap cleanup EXIT

done_cycles=0 exact=0 unloaded=0
start=$(date +%s)
for i in $(seq 1 "$CYCLES"); do
	topo_up >/dev/null 2>&1 || { echo "cycle $i: topology failed"; break; }
	module_load || { echo "cycle $i: insmod failed"; break; }
	$G iptables -A FORWARD -m qq -j DROP
	$G ip6tables -A FORWARD -m qq --no-log -j DROP
	$C qqreplay send -s $SRV4 -g 0 "$CORPUS/positive/oicq.pcap" >/dev/null &
	$C qqreplay send -s $SRV6 -g 0 "$CORPUS/positive/oicq.pcap" >/dev/null
	wait
	[ "$(rule_pkts iptables FORWARD 1)/$(rule_pkts ip6tables FORWARD 1)" = 29/29 ] &&
		exact=$((exact + 1))
	$G iptables -F FORWARD
	$G ip6tables -F FORWARD
	rmmod xt_qq && ! grep -q '^xt_qq ' /proc/modules && unloaded=$((unloaded + 1))
	topo_down
	done_cycles=$i
	[ $((i % 10)) = 0 ] && echo "# cycle $i done"
done
echo "# $done_cycles cycles in $(( $(date +%s) - start )) s"
check_eq "load/unload cycles completed" "$done_cycles" "$CYCLES"
check_eq "cycles where both rules counted exactly 29 packets" "$exact" "$CYCLES"
check_eq "cycles where rmmod unloaded the module" "$unloaded" "$CYCLES"
finish
