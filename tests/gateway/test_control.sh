#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The control plane: "qqctl mode off|monitor|block" drives the FORWARD
# hooks of one netns, with no iptables rule; counters, the event log and
# the events group say exactly what happened; every limit holds.
set -u
SUITE=control
. "$(dirname "$0")/lib.sh"

cleanup() {
	[ -n "${FLOOD_PID:-}" ] && kill "$FLOOD_PID" 2>/dev/null
	[ -n "${MON_PID:-}" ] && kill "$MON_PID" 2>/dev/null
	ip netns del qqx 2>/dev/null
	topo_down; module_unload; rm -rf "$TMP"
}
trap cleanup EXIT

# jpath PATH: a value from the JSON on stdin ("by_class.oicq", "0.action",
# "len" for the length of a list).
jpath() {
	python3 -c 'import json, sys
d = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d = len(d) if k == "len" else d[int(k)] if isinstance(d, list) else d[k]
print(d)' "$1"
}
stat() { $G qqctl -j stats | jpath "$1"; }
# All counters at once, as "inspected detected flows dropped ratelimited oicq".
stats_line() {
	$G qqctl -j stats | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["inspected_packets"], d["detected_packets"], d["detected_flows"],
      d["dropped_packets"], d["ratelimited_events"], d["by_class"]["oicq"])'
}
# Distinct flows (either direction) among the events in the log.
log_flows() {
	$G qqctl -j log | python3 -c 'import json, sys
ev = json.load(sys.stdin)
print(len({(e["proto"],) + tuple(sorted([(e["src"], e["sport"]), (e["dst"], e["dport"])]))
           for e in ev}))'
}
# Packets the gateway forwarded: counted by rule-less rules in FORWARD.
fwd_pkts() {
	echo $(( $(rule_pkts iptables FORWARD 1) + $(rule_pkts ip6tables FORWARD 1) ))
}

# Exact counting first: a ring and a rate limit too large to interfere.
module_load event_ring_size=4096 event_burst=100000 ||
	{ not_ok "insmod xt_qq.ko"; finish; exit 1; }
ok "insmod xt_qq.ko for $KVER"
topo_up || { not_ok "topology up"; finish; exit 1; }
ok "client -> gateway -> server topology"

qq_count() { sed -n 's/.*c2s_qq_payloads=\([0-9]*\).*/\1/p' "$1"; }
QQ_PKTS=$((29 + $(qq_count "$B/pcap/udp-oicq-new.count") + $(qq_count "$B/pcap/tcp-oicq.count")))

# --- off: insmod alone changes nothing --------------------------------------
check_eq "default mode is off" "$($G qqctl mode)" off
check_eq "qqctl -j mode" "$($G qqctl -j mode)" '{"mode":"off","servers":false}'
$G iptables -A FORWARD
$G ip6tables -A FORWARD
replay "$SRV4" $QQ_PCAPS
check_eq "off: every QQ datagram and byte arrives" "$RECV_UDP/$RECV_UDPB/$RECV_TCPB" \
	"$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
check_eq "off: QQ packets sent" $((SENT_UDP + SENT_TCP)) "$QQ_PKTS"
check_eq "off: nothing inspected, nothing counted" "$(stats_line)" "0 0 0 0 0 0"
check_eq "off: event log empty" "$($G qqctl -j log)" "[]"

# --- monitor: counts and logs, passes everything ----------------------------
$G iptables -Z FORWARD; $G ip6tables -Z FORWARD
check "qqctl mode monitor" $G qqctl mode monitor
check_eq "mode reads back" "$($G qqctl mode)" monitor
$G qqctl -j monitor > "$TMP/monitor.json" 2> "$TMP/monitor.err" &
MON_PID=$!
sleep 2
dmesg -C
replay "$SRV4" $QQ_PCAPS
replay "$SRV6" $QQ_PCAPS
sleep 1
kill -INT $MON_PID; wait $MON_PID; mrc=$?; MON_PID=
check_eq "monitor: qqctl monitor exits 0 on SIGINT" "$mrc" 0
check_eq "monitor: every QQ datagram and byte arrives" "$RECV_UDP/$RECV_UDPB/$RECV_TCPB" \
	"$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
read -r insp det flows drop rl oicq <<< "$(stats_line)"
check_eq "monitor: detected_packets == QQ packets sent (v4+v6)" "$det" $((2 * QQ_PKTS))
check_eq "monitor: by_class.oicq == detected_packets" "$oicq" "$det"
check_eq "monitor: inspected_packets == packets forwarded" "$insp" "$(fwd_pkts)"
check_eq "monitor: nothing dropped, no event rate-limited" "$drop/$rl" 0/0
check_eq "monitor: qqctl log has one event per detection" \
	"$($G qqctl -j log | jpath len)" "$det"
check_eq "monitor: detected_flows == distinct flows in the log" "$flows" "$(log_flows)"
check "monitor: about 2 x 44 flows" [ "$flows" -ge 80 -a "$flows" -le 88 ]
check_eq "monitor: qqctl monitor printed one line per detection" \
	"$(grep -c '"action":"detected"' "$TMP/monitor.json")" "$det"
check "monitor: events name both families and protocols" sh -c "
	grep -q '\"family\":\"ipv4\",\"proto\":\"udp\"' $TMP/monitor.json &&
	grep -q '\"family\":\"ipv6\",\"proto\":\"tcp\"' $TMP/monitor.json"
check "monitor: a log event has every key" sh -c "$G qqctl -j log | python3 -c '
import json, sys
e = json.load(sys.stdin)[0]
keys = {\"time\", \"family\", \"proto\", \"src\", \"sport\", \"dst\", \"dport\", \"class\", \"action\"}
sys.exit(0 if keys <= set(e) and e[\"class\"] == \"oicq\" else 1)'"
check "monitor: text log line" sh -c "$G qqctl log | grep -qE \
	'detected udp 10\.1\.0\.2:[0-9]+ -> 10\.2\.0\.2:8000 class=oicq'"
check "monitor: dmesg says detected" sh -c \
	"dmesg | grep -q 'xt_qq: QQ Instant Messenger detected: udp 10.1.0.2:'"

# Non-QQ traffic: counted as inspected, never detected.
before=$(stat detected_packets)
replay "$SRV4" $NEG_PCAPS
check_eq "monitor: negatives all arrive" "$RECV_UDP/$RECV_UDPB/$RECV_TCPB" \
	"$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
check_eq "monitor: negatives detected as nothing" "$(stat detected_packets)" "$before"

# --- stats --reset ------------------------------------------------------------
check "qqctl stats --reset" $G qqctl stats --reset
check_eq "reset: every counter is 0" "$(stats_line)" "0 0 0 0 0 0"

# --- block: drops QQ with no rule, under conntrack and legacy rules ----------
$G iptables -F FORWARD; $G ip6tables -F FORWARD
$G iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED,RELATED,INVALID
$G ip6tables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED,RELATED,INVALID
$G iptables-legacy -A FORWARD -m qq --no-log
check "qqctl mode block" $G qqctl mode block
LOG0=$($G qqctl -j log | jpath len)	# reset clears counters, not the log
dmesg -C
replay "$SRV4" $QQ_PCAPS
# A dropped TCP payload ends its flow, so count what was actually sent.
BLK4=$((SENT_UDP + SENT_TCP))
check_eq "block: no QQ datagram or byte arrives" "$RECV_UDP/$RECV_TCPB" 0/0
check "block: every QQ datagram and each TCP flow's first payload sent" [ "$BLK4" -ge 62 ]
read -r insp det flows drop rl oicq <<< "$(stats_line)"
legacy=$($G iptables-legacy -L FORWARD -vnx | awk 'NR == 3 { print $1 }')
# The legacy rule runs before the hook and counts into the same netns stats.
check_eq "block: legacy -m qq rule saw every QQ packet" "$legacy" "$BLK4"
check_eq "block: dropped_packets == QQ packets sent" "$drop" "$BLK4"
check_eq "block: detected_packets == rule + hook detections" "$det" $((2 * BLK4))
check_eq "block: inspected == rule + hook inspections" "$insp" \
	$(( 2 * $(rule_pkts iptables FORWARD 1) ))
check "block: dmesg says Blocked" sh -c \
	"dmesg | grep -qE 'xt_qq: QQ Instant Messenger Blocked: (udp|tcp) 10\.1\.0\.2:[0-9]+ -> 10\.2\.0\.2:[0-9]+ class=oicq'"
check_eq "block: the log holds detected and blocked events" \
	"$($G qqctl -j log | python3 -c 'import json, sys
ev = json.load(sys.stdin)[int(sys.argv[1]):]
print(sum(e["action"] == "blocked" for e in ev), sum(e["action"] == "detected" for e in ev))' "$LOG0")" \
	"$BLK4 $BLK4"
$G iptables-legacy -F FORWARD
replay "$SRV6" $QQ_PCAPS
BLK6=$((SENT_UDP + SENT_TCP))
check_eq "block v6: no QQ datagram or byte arrives" "$RECV_UDP/$RECV_TCPB" 0/0
check_eq "block v6: dropped_packets" "$(stat dropped_packets)" $((BLK4 + BLK6))
replay "$SRV6" $NEG_PCAPS
check_eq "block v6: negatives all arrive" "$RECV_UDP/$RECV_UDPB/$RECV_TCPB" \
	"$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
check_eq "block v6: every negative TCP byte acked" "$ACKED" "$SENT_TCPB"
replay -R "$SRV4" $NEG_PCAPS_R
check_eq "block: server-side near misses all arrive" "$RECV_UDP/$RECV_UDPB/$RECV_TCPB" \
	"$SENT_UDP/$SENT_UDPB/$SENT_TCPB"
check_eq "block: negatives dropped nothing" "$(stat dropped_packets)" $((BLK4 + BLK6))

# --- back to off: the hooks go away ------------------------------------------
check "qqctl mode off" $G qqctl mode off
replay "$SRV4" "$CORPUS/positive/oicq.pcap"
check_eq "off again: QQ passes" "$RECV_UDP" 29
check_eq "off again: no more drops" "$(stat dropped_packets)" $((BLK4 + BLK6))

# --- namespaces are independent ------------------------------------------------
ip netns add qqx
check_eq "new netns starts off" "$(ip netns exec qqx qqctl mode)" off
check "other netns: mode monitor" ip netns exec qqx qqctl mode monitor
check_eq "other netns: own counters" \
	"$(ip netns exec qqx qqctl -j stats | jpath detected_packets)" 0
check_eq "gateway netns keeps its mode" "$($G qqctl mode)" off
$G qqctl mode block
check_eq "other netns keeps its mode" "$(ip netns exec qqx qqctl mode)" monitor
check "ip netns del with hooks registered" ip netns del qqx

# --- privilege ------------------------------------------------------------------
NOPRIV="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
check "unprivileged: stats readable" $G $NOPRIV qqctl -j stats
check "unprivileged: log readable" $G $NOPRIV qqctl -j log
# one_line_with TEXT PATTERN: TEXT is a single line that matches PATTERN.
one_line_with() { [ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] && grep -q "$2" <<< "$1"; }
for args in "mode off" "stats --reset" "monitor"; do
	out=$($G $NOPRIV timeout 10 qqctl $args 2>&1 >/dev/null); rc=$?
	check "unprivileged: qqctl $args fails" [ $rc -ne 0 -a $rc -ne 124 ]
	check "unprivileged: qqctl $args says why in one line" one_line_with "$out" 'not permitted'
done
check_eq "unprivileged: mode unchanged" "$($G qqctl mode)" block

# --- bad arguments ----------------------------------------------------------------
for args in "mode sideways" "frobnicate" "log -n abc" "stats --bogus"; do
	out=$($G qqctl $args 2>&1 >/dev/null); rc=$?
	check "qqctl $args: non-zero exit and a message" [ $rc -ne 0 -a -n "$out" ]
done

# --- malformed netlink: EINVAL (ERANGE for a mode out of range), never a splat --
nl() { $G nlraw "$1" | sed -n 's/^errno=\([A-Z0-9]*\).*/\1/p'; }
for c in unknown-attr unsupported-attr wrong-len short-len oversize missing \
	 bad-flags nested-garbage truncated; do
	out=$($G nlraw $c)
	check_eq "netlink $c rejected" "$(sed -n 's/^errno=\([A-Z0-9]*\).*/\1/p' <<< "$out")" EINVAL
	check "netlink $c has an extack message ($out)" grep -q 'extack="..*"' <<< "$out"
done
check_eq "netlink bad-mode rejected" "$(nl bad-mode)" ERANGE
check_eq "netlink unknown-cmd rejected" "$(nl unknown-cmd)" EOPNOTSUPP
check_eq "netlink well-formed GET accepted" "$(nl ok-get)" 0
check_eq "mode unchanged by malformed requests" "$($G qqctl mode)" block

# --- ring size and rate limit -------------------------------------------------------
module_unload
$G iptables -F FORWARD; $G ip6tables -F FORWARD
module_load event_ring_size=8 event_burst=1000 default_mode=monitor
topo_up >/dev/null 2>&1		# namespaces created after the load
check_eq "default_mode=monitor applies to a new netns" "$($G qqctl mode)" monitor
replay "$SRV4" "$CORPUS/positive/oicq.pcap"
check_eq "ring 8: 29 detections" "$(stat detected_packets)" 29
check_eq "ring 8: the log keeps the last 8" \
	"$($G qqctl -j log | python3 -c 'import json, sys
print(" ".join(str(e["seq"]) for e in json.load(sys.stdin)))')" "21 22 23 24 25 26 27 28"
check_eq "ring 8: qqctl log -n 3" "$($G qqctl log -n 3 | wc -l)" 3
module_unload
module_load event_burst=5 event_interval_ms=600000 default_mode=block
topo_up >/dev/null 2>&1
$G qqctl -j monitor > "$TMP/monitor.json" 2>/dev/null &
MON_PID=$!
sleep 2
replay "$SRV4" "$CORPUS/positive/oicq.pcap"
sleep 1
kill -INT $MON_PID; wait $MON_PID; MON_PID=
check_eq "burst 5: 29 dropped" "$(stat dropped_packets)" 29
check_eq "burst 5: 5 events logged" "$($G qqctl -j log | jpath len)" 5
check_eq "burst 5: 5 events multicast" "$(wc -l < "$TMP/monitor.json")" 5
check_eq "burst 5: ratelimited_events == 24" "$(stat ratelimited_events)" 24
check_eq "burst 5: every detection still counted" "$(stat by_class.oicq)" 29

# --- rmmod while a flood crosses the gateway in block mode ----------------------------
( while :; do $C qqreplay send -s "$SRV4" -g 0 "$CORPUS/positive/oicq.pcap" >/dev/null 2>&1
	      $C qqreplay send -s "$SRV6" -g 0 $B/pcap/tcp-oicq.pcap >/dev/null 2>&1; done ) &
FLOOD_PID=$!
sleep 3
check "rmmod under a block-mode flood" rmmod xt_qq
kill $FLOOD_PID; wait $FLOOD_PID 2>/dev/null; FLOOD_PID=
check "insmod again after rmmod" module_load
check_eq "qqctl after reload" "$($G qqctl mode)" off
module_unload
out=$($G qqctl stats 2>&1); rc=$?
check "module not loaded: qqctl fails" [ $rc -ne 0 ]
check "module not loaded: qqctl says so in one line" one_line_with "$out" 'not loaded'


finish
