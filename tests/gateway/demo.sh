#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make demo, inside the gateway VM: QQ passes, then "-m qq -j DROP" blocks
# it with counters and dmesg lines, and other traffic still passes; then
# the same without any rule, through "qqctl mode block".
set -u
SUITE=demo
. "$(dirname "$0")/lib.sh"

cleanup() { topo_down; module_unload; rm -rf "$TMP"; }
trap cleanup EXIT

say()  { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '# %s\n' "$*"; "$@"; }
G_show() { printf 'gateway# %s\n' "$*"; $G "$@"; }
report() {
	printf '   UDP datagrams sent %s, arrived %s | TCP bytes sent %s, arrived %s\n' \
		"$SENT_UDP" "$RECV_UDP" "$SENT_TCPB" "$RECV_TCPB"
}

say "Gateway kernel $(uname -r): loading xt_qq"
module_load && dmesg | grep 'xt_qq' | tail -1
topo_up || exit 1
echo "client 10.1.0.2 / fd01::2  ->  gateway  ->  server 10.2.0.2 / fd02::2"

say "1. No rule yet: QQ clients reach their servers"
echo "   replaying: oicq.pcap (real QQ client, 29 UDP logouts to port 8000),"
echo "   tcp-oicq.pcap (OICQ over TCP 8000/80/443), udp-oicq-new.pcap (client versions no public rule knows)"
replay $SRV4 $QQ_PCAPS
report
[ "$RECV_UDP" = "$SENT_UDP" ] && [ "$RECV_TCPB" = "$SENT_TCPB" ] || { echo "unexpected loss"; exit 1; }

say "2. The admin adds one rule"
G_show iptables -A FORWARD -m qq -j DROP
G_show ip6tables -A FORWARD -m qq -j DROP
dmesg -C

say "3. The same QQ traffic again: blocked"
replay $SRV4 $QQ_PCAPS
report
qq_sent=$((SENT_UDP + SENT_TCP))
G_show iptables -vnL FORWARD
echo "   rule counter: $(rule_pkts iptables FORWARD 1) packets = $qq_sent QQ packets sent"
echo "# dmesg | grep xt_qq"
dmesg | grep xt_qq | head -6
[ "$RECV_UDP" = 0 ] && [ "$RECV_TCPB" = 0 ] && [ "$(rule_pkts iptables FORWARD 1)" = "$qq_sent" ] ||
	{ echo "QQ was not blocked as expected"; exit 1; }

say "4. Everything else still passes ($(echo $NEG_PCAPS | wc -w) captures: DNS, HTTP, TLS, SSH, SIP, RTP, QUIC, ...)"
before=$(rule_pkts iptables FORWARD 1)
replay $SRV4 $NEG_PCAPS
report
echo "   rule counter still $(rule_pkts iptables FORWARD 1)"
[ "$RECV_UDPB" = "$SENT_UDPB" ] && [ "$RECV_TCPB" = "$SENT_TCPB" ] &&
	[ "$(rule_pkts iptables FORWARD 1)" = "$before" ] || { echo "non-QQ traffic was hurt"; exit 1; }

say "5. IPv6: the same capture to fd02::2"
replay $SRV6 "$CORPUS/positive/oicq.pcap"
report
G_show ip6tables -vnL FORWARD
dmesg | grep 'xt_qq.*fd02' | head -2
[ "$RECV_UDP" = 0 ] || exit 1

say "6. No rule at all: the admin turns the protection on with qqctl"
G_show iptables -F FORWARD
G_show ip6tables -F FORWARD
G_show qqctl mode block
dmesg -C
replay $SRV4 $QQ_PCAPS
report
qq_sent=$((SENT_UDP + SENT_TCP))
G_show qqctl stats
echo "# dmesg | grep Blocked"
dmesg | grep 'QQ Instant Messenger Blocked' | head -3
G_show qqctl log -n 5
[ "$RECV_UDP" = 0 ] && [ "$RECV_TCPB" = 0 ] &&
	[ "$($G qqctl -j stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["dropped_packets"])')" = "$qq_sent" ] ||
	{ echo "qqctl mode block did not block QQ as expected"; exit 1; }
replay $SRV4 $NEG_PCAPS
report
[ "$RECV_UDPB" = "$SENT_UDPB" ] && [ "$RECV_TCPB" = "$SENT_TCPB" ] || { echo "non-QQ traffic was hurt"; exit 1; }
echo "   every non-QQ byte arrived; $(echo $($G qqctl -j stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["dropped_packets"])')) packets dropped, all QQ"
G_show qqctl -j stats

say "Done: QQ blocked, counted and logged; other traffic untouched."
