#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# libxt_qq.so with iptables-nft (nft_compat), iptables-legacy and their
# IPv6 twins: parse, print, save/restore round trip, -C and -D, and clear
# errors for bad arguments.
set -u
SUITE=iptables
. "$(dirname "$0")/lib.sh"

cleanup() { topo_down; module_unload; rm -rf "$TMP"; }
trap cleanup EXIT

module_load || { not_ok "insmod xt_qq.ko"; finish; exit 1; }
topo_up || { not_ok "topology up"; finish; exit 1; }

RULES='-A FORWARD -m qq -j DROP
-A FORWARD -m qq --class oicq -j DROP
-A FORWARD -p udp -m qq ! --class all -j ACCEPT
-A FORWARD -m qq --class oicq --no-log -j DROP
-A FORWARD -m qq ! --class oicq'

for IPT in iptables ip6tables iptables-legacy ip6tables-legacy; do
	SAVE=$IPT-save
	RESTORE=$IPT-restore
	$G $IPT -F FORWARD

	echo "$RULES" | while read -r rule; do
		# shellcheck disable=SC2086
		$G $IPT $rule || echo "FAILED: $IPT $rule" >&2
	done
	saved=$($G $SAVE | grep -e '-m qq')
	check_eq "$IPT: iptables-save prints each rule as written" "$saved" "$RULES"

	full=$($G $SAVE)
	$G $IPT -F FORWARD
	echo "$full" | $G $RESTORE
	check_eq "$IPT: save | restore | save is stable" \
		"$($G $SAVE | grep -e '-m qq')" "$RULES"

	n=0
	while read -r rule; do
		# shellcheck disable=SC2086
		$G $IPT ${rule/-A/-C} && n=$((n + 1))
	done <<< "$RULES"
	check_eq "$IPT: -C finds every rule" "$n" 5
	check "$IPT: -C does not find a rule that is not there" \
		sh -c "! $G $IPT -C FORWARD -m qq --class oicq -j ACCEPT 2>/dev/null"
	check "$IPT: --class all is the same rule as no --class" \
		$G $IPT -C FORWARD -m qq --class all -j DROP
	check "$IPT: -D removes a rule by its spec" \
		$G $IPT -D FORWARD -m qq --class oicq --no-log -j DROP
	check_eq "$IPT: 4 rules left" "$($G $SAVE | grep -c -e '-m qq')" 4
	check "$IPT: -L shows the match" \
		sh -c "$G $IPT -L FORWARD -n | grep -q 'qq ! class oicq'"

	err=$($G $IPT -A FORWARD -m qq --class foo 2>&1); rc=$?
	check "$IPT: unknown class is a parameter problem (exit 2)" [ "$rc" -eq 2 ]
	check "$IPT: unknown class is named in the error" \
		grep -q 'unknown class "foo"' <<< "$err"
	for bad in , ,oicq oicq,,msf oicq, oicq,oicq all,oicq msf,all ""; do
		err=$($G $IPT -A FORWARD -m qq --class "$bad" 2>&1); rc=$?
		check "$IPT: --class '$bad' is a parameter problem with a message" \
			[ "$rc" -eq 2 -a -n "$err" ]
	done
	# Every class can be named, alone or all together, and round-trips.
	for cls in oicq msf http tls server oicq,msf,http,tls,server; do
		$G $IPT -A FORWARD -m qq --class $cls -j DROP 2>/dev/null; rc=$?
		check "$IPT: --class $cls accepted" [ "$rc" -eq 0 ]
		check "$IPT: --class $cls found by -C" \
			$G $IPT -C FORWARD -m qq --class $cls -j DROP
	done
	check_eq "$IPT: 10 rules now" "$($G $SAVE | grep -c -e '-m qq')" 10
	$G $IPT -F FORWARD
done

check "help text names --class and --no-log" \
	sh -c "iptables -m qq -h | grep -q -- '--class LIST' && iptables -m qq -h | grep -q -- '--no-log'"

finish
