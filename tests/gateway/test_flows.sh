#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every class through the gateway, and flow verdicts.  With conntrack on in
# the gateway (as on any real one) a flow found QQ matches from its first
# identified packet to its end, both ways, signature or not; the verdict
# lives in conntrack labels and leaves the ct mark alone.  Without
# conntrack each packet is judged on its own.
set -u
SUITE=flows
. "$(dirname "$0")/lib.sh"

cleanup() { topo_down; module_unload; rm -rf "$TMP"; }
trap cleanup EXIT

module_load event_ring_size=4096 event_burst=100000 ||
	{ not_ok "insmod xt_qq.ko"; finish; exit 1; }
ok "insmod xt_qq.ko for $KVER"

label() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" "$B/pcap/$1.count"; }
class_of() {
	case $1 in
	tcp-oicq|udp-oicq-new) echo oicq ;;
	tcp-msf) echo msf ;;
	tcp-http|tcp-connect) echo http ;;
	tcp-tls) echo tls ;;
	esac
}
# Client payloads of QQ flows sent before the packet that identifies the
# flow: nobody can judge them when they pass.  tcp-tls has one, the first
# segment of a ClientHello whose server_name is in the second.
pre_id() { [ "$1" = tcp-tls ] && echo 1 || echo 0; }
MODES="tcp-oicq udp-oicq-new tcp-msf tcp-http tcp-connect tcp-tls"
# Non-QQ flows that look most like QQ: Tencent's other services, 4-byte
# length framings, TLS (test_match.sh replays the whole negatives list).
NEAR="$CORPUS/negative/quickplay.pcap $CORPUS/negative/KakaoTalk_talk.pcap
 $CORPUS/negative/dns_ambiguous_names.pcap $CORPUS/negative/443-curl.pcap
 $CORPUS/negative/smpp_in_general.pcap $CORPUS/negative/pgsql.pcap"

# Conntrack on in the gateway: any rule that needs it does that.  The ct
# mark is set on every connection, to show it is left alone.
ct_on() {
	local ipt
	for ipt in iptables ip6tables; do
		$G $ipt -t mangle -A PREROUTING -j CONNMARK --set-mark 0x2a
		$G $ipt -N QQCHECK
		$G $ipt -A QQCHECK -m connmark ! --mark 0x2a
		$G $ipt -A QQCHECK -m connlabel --label 112
	done
}
# Packets of the check chain: [1] ct mark changed, [2] QQ label set.
chk_pkts() { $G $1 -L QQCHECK -vnx | awk -v n="$2" 'NR == n + 2 { print $1 }'; }
# qqctl -j stats key
stat() {
	$G qqctl -j stats | python3 -c 'import json, sys
d = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d = d[k]
print(d)' "$1"
}

topo_up || { not_ok "topology up"; finish; exit 1; }
ok "client -> gateway -> server topology"
ct_on

for fam in 4 6; do
	if [ $fam = 4 ]; then IPT=iptables SRV=$SRV4 SFX=
	else IPT=ip6tables SRV=$SRV6 SFX=-v6; fi

	# 1. Counting rules, one per class: every client payload of a QQ flow
	#    from its identification on matches, and everything arrives.
	for m in $MODES; do
		cls=$(class_of $m)
		want=$(( $(label $m$SFX c2s_qq_payloads) - $(pre_id $m) ))
		$G $IPT -I FORWARD 1 -m qq --class $cls
		$G $IPT -I FORWARD 2 -j QQCHECK
		$G $IPT -Z QQCHECK
		replay "$SRV" "$B/pcap/$m$SFX.pcap"
		check_eq "v$fam $m: --class $cls counts every payload of its QQ flows" \
			"$(rule_pkts $IPT FORWARD 1)" "$want"
		check_eq "v$fam $m: a counting rule passes every byte" \
			"$RECV_UDP/$RECV_UDPB/$RECV_TCPB" "$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
		check "v$fam $m: QQ flows carry conntrack label 112" \
			[ "$(chk_pkts $IPT 2)" -ge "$want" ]
		check_eq "v$fam $m: the ct mark is left alone" "$(chk_pkts $IPT 1)" 0
		$G $IPT -D FORWARD 2
		$G $IPT -D FORWARD 1
	done

	# 2. A class rule matches only its class: msf traffic is not oicq.
	$G $IPT -I FORWARD 1 -m qq --class oicq,http,tls,server
	replay "$SRV" "$B/pcap/tcp-msf$SFX.pcap"
	check_eq "v$fam tcp-msf: other classes do not match it" "$(rule_pkts $IPT FORWARD 1)" 0
	$G $IPT -D FORWARD 1

	# 3. DROP: each QQ flow is cut at its identified packet; the rule
	#    counts exactly those packets.
	for m in tcp-msf tcp-http tcp-connect tcp-tls; do
		cls=$(class_of $m)
		$G $IPT -I FORWARD 1 -m qq --class $cls -j DROP
		replay "$SRV" "$B/pcap/$m$SFX.pcap"
		flows=$(label $m$SFX qq_flows)
		check_eq "v$fam $m DROP: one packet dropped per QQ flow" \
			"$(rule_pkts $IPT FORWARD 1)" "$flows"
		check_eq "v$fam $m DROP: every QQ flow was cut" \
			"$(json_get "$TMP/send.json" tcp_aborted)" "$flows"
		check_eq "v$fam $m DROP: only bytes before identification arrive" \
			"$RECV_TCPB" "$ACKED"
		$G $IPT -D FORWARD 1
	done

	# 4. From the first identified packet to the end of the flow: a QQ
	#    datagram, then opaque ones on the same socket; a MSF frame, then
	#    opaque segments sent without waiting.  A mangle rule counts the
	#    flows' payload packets that reach the gateway.
	hdr=$([ $fam = 4 ] && echo 28 || echo 48)
	thdr=$([ $fam = 4 ] && echo 52 || echo 72)
	$G $IPT -t mangle -A FORWARD -p udp --dport 8001 -m length --length $((hdr + 1)):65535
	$G $IPT -t mangle -A FORWARD -p tcp --dport 8081 ! --syn -m length --length $((thdr + 1)):65535
	$G $IPT -I FORWARD 1 -m qq -j DROP
	sink_start
	$C python3 - "$SRV" <<-'PY'
	import os, socket, struct, sys, time
	srv = sys.argv[1]
	fam = socket.AF_INET6 if ":" in srv else socket.AF_INET
	u = socket.socket(fam, socket.SOCK_DGRAM)
	u.connect((srv, 8001))
	u.send(bytes([2, 0x3d, 0x11, 0x08, 0x25, 0, 7]) + os.urandom(20) + bytes([3]))
	for i in range(5):
	    u.send(b"\x9f" + os.urandom(60))	# no signature of its own
	    time.sleep(0.05)
	uin = b"2851234567"
	body = struct.pack(">IB", 0x0B, 1) + struct.pack(">I", 77) + b"\0" + \
	    struct.pack(">I", 4 + len(uin)) + uin + os.urandom(64)
	frame = struct.pack(">I", 4 + len(body)) + body
	t = socket.socket(fam, socket.SOCK_STREAM)
	t.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
	t.connect((srv, 8081))
	t.send(frame)
	for i in range(3):
	    time.sleep(0.05)
	    t.send(os.urandom(200))
	time.sleep(1)
	# RST, so no retransmission races the counters read below.
	t.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
	t.close()
	PY
	sink_stop
	check_eq "v$fam flow to its end: no datagram arrives" "$RECV_UDP" 0
	check_eq "v$fam flow to its end: no TCP byte arrives" "$RECV_TCPB" 0
	seen=$($G $IPT -t mangle -L FORWARD -vnx | awk 'NR > 2 { s += $1 } END { print s }')
	check "v$fam flow to its end: payload packets crossed the gateway" [ "$seen" -ge 10 ]
	check_eq "v$fam flow to its end: every one of them was dropped" \
		"$(rule_pkts $IPT FORWARD 1)" "$seen"
	$G $IPT -D FORWARD 1
	$G $IPT -t mangle -F FORWARD

	# 5. Non-QQ traffic, near misses included, matches nothing.
	$G $IPT -I FORWARD 1 -m qq -j DROP
	$G $IPT -Z QQCHECK
	$G $IPT -I FORWARD 2 -j QQCHECK
	replay "$SRV" "$B/pcap/tcp-near-miss$SFX.pcap" $NEAR
	check_eq "v$fam negatives: every byte arrives" \
		"$RECV_UDP/$RECV_UDPB/$RECV_TCPB" "$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
	check_eq "v$fam negatives: no QQ label on any flow" "$(chk_pkts $IPT 2)" 0
	check_eq "v$fam negatives: the rule never matched" "$(rule_pkts $IPT FORWARD 1)" 0
	$G $IPT -D FORWARD 2
	$G $IPT -D FORWARD 1
done

# 6. The hook in block mode, with conntrack: every class is cut at its
#    identified packet, each flow counted once, per class.
check "qqctl mode block" $G qqctl mode block
$G qqctl stats --reset
want_flows=0 want_drop=0
for m in $MODES; do
	for sfx in "" -v6; do
		srv=$([ -z "$sfx" ] && echo $SRV4 || echo $SRV6)
		replay "$srv" "$B/pcap/$m$sfx.pcap"
		f=$(label $m$sfx qq_flows)
		want_flows=$((want_flows + f))
		# UDP flows keep sending after a drop: each datagram is dropped.
		if [ $m = udp-oicq-new ]; then
			want_drop=$((want_drop + $(label $m$sfx c2s_qq_payloads)))
			check_eq "block $m$sfx: no datagram arrives" "$RECV_UDP" 0
		else
			want_drop=$((want_drop + f))
			check_eq "block $m$sfx: every QQ flow was cut" \
				"$(json_get "$TMP/send.json" tcp_aborted)" "$f"
		fi
	done
done
check_eq "block: detected_flows == QQ flows sent" "$(stat detected_flows)" "$want_flows"
check_eq "block: dropped_packets" "$(stat dropped_packets)" "$want_drop"
for c in oicq msf http tls; do
	check "block: by_class.$c counted" [ "$(stat by_class.$c)" -gt 0 ]
done
replay "$SRV4" "$B/pcap/tcp-near-miss.pcap" $NEAR
check_eq "block: negatives all arrive" \
	"$RECV_UDP/$RECV_UDPB/$RECV_TCPB" "$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
check_eq "block: nothing more dropped" "$(stat dropped_packets)" "$want_drop"
$G qqctl mode off

# 7. Without conntrack every packet is judged alone: only packets with a
#    signature of their own match, and continuations pass.
topo_up || { not_ok "topology up (no conntrack)"; finish; exit 1; }
for m in tcp-oicq tcp-msf tcp-tls; do
	$G iptables -I FORWARD 1 -m qq
	replay "$SRV4" "$B/pcap/$m.pcap"
	n=$(rule_pkts iptables FORWARD 1)
	all=$(label $m c2s_qq_payloads)
	if [ $m = tcp-oicq ]; then
		check_eq "no conntrack: $m: every packet has its signature" "$n" "$all"
	else
		check "no conntrack: $m: some packets match alone ($n of $all)" \
			[ "$n" -gt 0 -a "$n" -lt "$all" ]
	fi
	$G iptables -F FORWARD
done
finish
