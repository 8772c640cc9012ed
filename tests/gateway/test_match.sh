#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job: "-m qq -j DROP" in a gateway's FORWARD chain stops QQ and
# nothing else.  Real captures are replayed over real sockets from the
# client namespace to the server namespace; every number is exact.
set -u
SUITE=match
. "$(dirname "$0")/lib.sh"

cleanup() { topo_down; module_unload; rm -rf "$TMP"; }
trap cleanup EXIT

module_load || { not_ok "insmod xt_qq.ko"; finish; exit 1; }
ok "insmod xt_qq.ko for $KVER"
topo_up || { not_ok "topology up"; finish; exit 1; }
ok "client -> gateway -> server topology"

# How many client payloads of the synthetic captures carry QQ (from qqgen).
qq_count() { sed -n 's/.*c2s_qq_payloads=\([0-9]*\).*/\1/p' "$1"; }
QQ_UDP_EXPECT=$((29 + $(qq_count "$B/pcap/udp-oicq-new.count")))
QQ_TCP_EXPECT=$(qq_count "$B/pcap/tcp-oicq.count")

for fam in 4 6; do
	if [ $fam = 4 ]; then IPT=iptables SRV=$SRV4 CLI=10.1.0.2 SRVRE='10\.2\.0\.2'
	else IPT=ip6tables SRV=$SRV6 CLI='\[fd01::2\]' SRVRE='\[fd02::2\]'; fi

	# 1. Without the rule every QQ payload arrives.
	replay "$SRV" $QQ_PCAPS
	check_eq "v$fam no rule: QQ UDP datagrams sent" "$SENT_UDP" "$QQ_UDP_EXPECT"
	check_eq "v$fam no rule: QQ TCP payloads sent" "$SENT_TCP" "$QQ_TCP_EXPECT"
	check_eq "v$fam no rule: every QQ UDP datagram arrives" "$RECV_UDP" "$SENT_UDP"
	check_eq "v$fam no rule: every QQ UDP byte arrives" "$RECV_UDPB" "$SENT_UDPB"
	check_eq "v$fam no rule: every QQ TCP byte arrives" "$RECV_TCPB" "$SENT_TCPB"

	# 2. With the rule none does, and the counter equals what was sent.
	dmesg -C
	$G $IPT -A FORWARD -m qq -j DROP
	replay "$SRV" $QQ_PCAPS
	check_eq "v$fam -m qq DROP: no QQ UDP datagram arrives" "$RECV_UDP" 0
	check_eq "v$fam -m qq DROP: no QQ TCP byte arrives" "$RECV_TCPB" 0
	check_eq "v$fam -m qq DROP: rule counter == QQ packets sent" \
		"$(rule_pkts $IPT FORWARD 1)" $((SENT_UDP + SENT_TCP))
	check "v$fam dmesg: UDP detection line" sh -c "dmesg | grep -qE \
		'xt_qq: QQ Instant Messenger detected: udp $CLI:[0-9]+ -> $SRVRE:8000 class=oicq\$'"
	# The UDP packets used up the rule's log burst: a new rule logs TCP.
	dmesg -C
	$G $IPT -I FORWARD 1 -p tcp -m qq -j DROP
	replay "$SRV" "$B/pcap/tcp-oicq.pcap"
	check "v$fam dmesg: TCP detection line" sh -c "dmesg | grep -qE \
		'xt_qq: QQ Instant Messenger detected: tcp $CLI:[0-9]+ -> $SRVRE:(8000|80|443) class=oicq\$'"
	check_eq "v$fam TCP rule: counter == TCP payloads sent" "$(rule_pkts $IPT FORWARD 1)" "$SENT_TCP"
	$G $IPT -D FORWARD 1

	# 3. Non-QQ traffic of many protocols passes the rule untouched.
	before=$(rule_pkts $IPT FORWARD 1)
	replay "$SRV" $NEG_PCAPS
	check "v$fam negatives: replay sent UDP and TCP" [ "$SENT_UDP" -gt 0 -a "$SENT_TCP" -gt 0 ]
	check_eq "v$fam negatives: every UDP datagram arrives" "$RECV_UDP" "$SENT_UDP"
	check_eq "v$fam negatives: every UDP byte arrives" "$RECV_UDPB" "$SENT_UDPB"
	check_eq "v$fam negatives: every TCP byte arrives" "$RECV_TCPB" "$SENT_TCPB"
	check_eq "v$fam negatives: every TCP byte acked" "$ACKED" "$SENT_TCPB"
	replay -R "$SRV" $NEG_PCAPS_R
	check "v$fam near misses seen server-side: replay sent UDP and TCP" \
		[ "$SENT_UDP" -gt 0 -a "$SENT_TCP" -gt 0 ]
	check_eq "v$fam near misses seen server-side: every byte arrives" \
		"$RECV_UDP/$RECV_UDPB/$RECV_TCPB" "$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
	check_eq "v$fam negatives: rule counter unchanged" \
		"$(rule_pkts $IPT FORWARD 1)" "$before"
	$G $IPT -F FORWARD

	# 4. A flood is logged at most log_burst times per interval, and the
	#    held-back lines are reported once the interval is over.
	$G $IPT -A FORWARD -m qq -j DROP
	dmesg -C
	start=$(date +%s)
	for i in 1 2 3 4 5 6 7 8 9 10; do
		$C qqreplay send -s "$SRV" -g 0 "$CORPUS/positive/oicq.pcap" >/dev/null
	done
	secs=$(( $(date +%s) - start + 1 ))
	lines=$(dmesg | grep -c "QQ Instant Messenger detected")
	check_eq "v$fam flood: rule counter counts all 290" "$(rule_pkts $IPT FORWARD 1)" 290
	check "v$fam flood: some lines logged" [ "$lines" -ge 1 ]
	check_le "v$fam flood: log lines within burst 10 per 5 s" "$lines" \
		$(( 10 * (secs / 5 + 1) ))
	sleep 5
	$C qqreplay send -s "$SRV" -n 1 "$CORPUS/positive/oicq.pcap" >/dev/null
	check "v$fam flood: suppressed lines reported" \
		sh -c 'dmesg | grep -qE "xt_qq: [0-9]+ callbacks suppressed"'
	$G $IPT -F FORWARD

	# 5. --no-log: counted and dropped, never logged.
	$G $IPT -A FORWARD -m qq --no-log -j DROP
	dmesg -C
	replay "$SRV" "$CORPUS/positive/oicq.pcap"
	check_eq "v$fam --no-log: dropped" "$RECV_UDP" 0
	check_eq "v$fam --no-log: counted" "$(rule_pkts $IPT FORWARD 1)" 29
	check_eq "v$fam --no-log: no log line" \
		"$(dmesg | grep -c 'QQ Instant Messenger')" 0
	$G $IPT -F FORWARD

	# 6. "! --class all" matches exactly the packets that are not QQ.
	$G $IPT -A FORWARD -p udp -m qq ! --class all
	dmesg -C
	replay "$SRV" "$CORPUS/positive/oicq.pcap"
	check_eq "v$fam invert: QQ does not match ! --class all" \
		"$(rule_pkts $IPT FORWARD 1)" 0
	check_eq "v$fam invert: a rule that did not match logs nothing" \
		"$(dmesg | grep -c 'QQ Instant Messenger')" 0
	replay "$SRV" "$CORPUS/negative/dns_exfiltration.pcap"
	check_eq "v$fam invert: every non-QQ datagram matches" \
		"$(rule_pkts $IPT FORWARD 1)" "$SENT_UDP"
	$G $IPT -F FORWARD

	# 7. The same with iptables-legacy.
	$G $IPT-legacy -A FORWARD -m qq -j DROP
	replay "$SRV" $QQ_PCAPS
	check_eq "v$fam legacy: nothing arrives" "$((RECV_UDP + RECV_TCPB))" 0
	check_eq "v$fam legacy: counter == QQ packets sent" \
		"$(rule_pkts $IPT-legacy FORWARD 1)" $((SENT_UDP + SENT_TCP))
	replay "$SRV" $NEG_PCAPS
	check_eq "v$fam legacy: negatives all arrive" \
		"$RECV_UDP/$RECV_UDPB/$RECV_TCPB" "$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
	$G $IPT-legacy -F FORWARD

	# 8. Big QQ: 1000-, 3000- and 9000-byte datagrams (fragmented on the
	#    wire; the rule turns on defragmentation) are dropped.  A TCP send
	#    of 2941 bytes whose second packet starts 1..6 bytes before the
	#    classifier's 2048-byte view ends crosses the gateway as one GSO
	#    skb: a counting rule must match every such skb.  (Only counted:
	#    after a drop the retransmission is cut at the MSS, inside the
	#    first packet, and judging that needs the flow, not the packet.)
	$G $IPT -A FORWARD -p udp -m qq -j DROP
	$G $IPT -A FORWARD -p tcp -m length --length 2000:65535
	$G $IPT -A FORWARD -p tcp -m length --length 2000:65535 -m qq
	sink_start
	$C python3 - "$SRV" <<-'PY'
	import socket, sys, time
	srv = sys.argv[1]
	fam = socket.AF_INET6 if ":" in srv else socket.AF_INET
	def oicq(n):
	    return bytes([2, 0x1f, 0x57, 0, 0x22, 0, 1]) + b"A" * (n - 8) + bytes([3])
	u = socket.socket(fam, socket.SOCK_DGRAM)
	for n in (1000, 3000, 9000):
	    u.sendto(oicq(n), (srv, 8000))
	for cut in range(2042, 2048):
	    t = socket.socket(fam, socket.SOCK_STREAM)
	    t.connect((srv, 8000))
	    # Each packet's length field counts itself.
	    seg = (cut.to_bytes(2, "big") + oicq(cut - 2) +
	           (2941 - cut).to_bytes(2, "big") + oicq(2941 - cut - 2))
	    t.sendall(seg)
	    time.sleep(0.3)
	    t.close()
	PY
	sink_stop
	check_eq "v$fam big QQ datagrams: none arrives" "$RECV_UDP" 0
	check_eq "v$fam big QQ datagrams: the rule counted 3" "$(rule_pkts $IPT FORWARD 1)" 3
	big=$(rule_pkts $IPT FORWARD 2)
	check "v$fam big TCP skbs crossed the gateway" [ "$big" -ge 1 ]
	check_eq "v$fam every big TCP skb is QQ" "$(rule_pkts $IPT FORWARD 3)" "$big"
	$G $IPT -F FORWARD
done
finish
