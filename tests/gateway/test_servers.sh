#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The QQ server table: traffic to a listed prefix/protocol/port is matched
# by "-m qq --class server" and, with "qqctl mode block --servers", dropped
# with no rule; neighbours just outside a prefix are not.  Loads replace
# the table atomically, even under a flood; bad files change nothing; the
# size limit holds; flush and rmmod under a flood are safe.
set -u
SUITE=servers
. "$(dirname "$0")/lib.sh"

cleanup() {
	[ -n "${FLOOD_PID:-}" ] && kill "$FLOOD_PID" 2>/dev/null
	topo_down; module_unload; rm -rf "$TMP"
}
trap cleanup EXIT

module_load || { not_ok "insmod xt_qq.ko"; finish; exit 1; }
topo_up || { not_ok "topology up"; finish; exit 1; }
# Two more server addresses: .3 inside 10.2.0.2/31, .4 just outside.
ip -n qqs -batch - <<-EOF
addr add 10.2.0.3/24 dev s0
addr add 10.2.0.4/24 dev s0
addr add fd02::3/64 dev s0 nodad
addr add fd02::4/64 dev s0 nodad
EOF
ip -n qqg -batch - <<-EOF
neigh replace 10.2.0.3 lladdr $MAC_S0 dev s1 nud permanent
neigh replace 10.2.0.4 lladdr $MAC_S0 dev s1 nud permanent
neigh replace fd02::3 lladdr $MAC_S0 dev s1 nud permanent
neigh replace fd02::4 lladdr $MAC_S0 dev s1 nud permanent
EOF
ok "topology with server addresses .2 .3 .4"

# probe DST PROTO PORT...: one non-QQ payload per port (UDP datagram, or a
# TCP connection carrying it); prints how many arrived at the sink.
probe() {
	local dst=$1 proto=$2
	shift 2
	sink_start
	$C python3 - "$dst" "$proto" "$@" <<-'PY'
	import socket, sys
	dst, proto, ports = sys.argv[1], sys.argv[2], [int(p) for p in sys.argv[3:]]
	fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
	for p in ports:
	    if proto == "udp":
	        socket.socket(fam, socket.SOCK_DGRAM).sendto(b"hello, not QQ", (dst, p))
	    else:
	        t = socket.socket(fam, socket.SOCK_STREAM)
	        t.settimeout(1.5)
	        try:
	            t.connect((dst, p)); t.sendall(b"hello, not QQ")
	        except OSError:
	            pass
	        t.close()
	PY
	sink_stop
	if [ "$proto" = udp ]; then echo "$RECV_UDP"; else echo "$(( RECV_TCPB / 13 ))"; fi
}
hits() { $G qqctl -j server list | python3 -c 'import json, sys
print(sum(e["hits"] for e in json.load(sys.stdin)))'; }
count() { $G qqctl -j server list | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }

# --- entries and the -m qq --class server rule --------------------------------
check "server add v4 /31 udp 8000-8001" $G qqctl server add 10.2.0.2/31 proto udp port 8000-8001
check "server add v6 /127 tcp 14000" $G qqctl server add fd02::2/127 proto tcp port 14000
check "server add v4 host, any protocol and port" $G qqctl server add 10.2.0.4/32
out=$($G qqctl server add 10.2.0.3/24 2>&1); rc=$?
check "host bits set: refused with a message" [ $rc -ne 0 -a -n "$out" ]
out=$($G qqctl server add 10.2.0.4 2>&1); rc=$?
check "duplicate entry: refused" [ $rc -ne 0 ]
check_eq "three entries listed" "$(count)" 3
check "text list names the /31" sh -c "$G qqctl server list | grep -q '10.2.0.2/31 proto udp port 8000-8001'"
$G qqctl server del 10.2.0.4/32
check_eq "del removes it" "$(count)" 2

$G iptables -A FORWARD -m qq --class server -j DROP
$G ip6tables -A FORWARD -m qq --class server -j DROP
check_eq "rule: UDP to .2:8000 (listed) dropped" "$(probe 10.2.0.2 udp 8000)" 0
check_eq "rule: UDP to .3:8001 (inside the /31) dropped" "$(probe 10.2.0.3 udp 8001)" 0
check_eq "rule: UDP to .4:8000 (just outside the /31) passes" "$(probe 10.2.0.4 udp 8000)" 1
check_eq "rule: UDP to .2:8002 (port outside the range) passes" "$(probe 10.2.0.2 udp 8002)" 1
check_eq "rule: TCP to .2:8000 (entry is UDP only) passes" "$(probe 10.2.0.2 tcp 8000)" 1
check_eq "rule v6: TCP to fd02::3:14000 dropped" "$(probe fd02::3 tcp 14000)" 0
check_eq "rule v6: TCP to fd02::4:14000 (outside the /127) passes" "$(probe fd02::4 tcp 14000)" 1
check_eq "rule v6: UDP to fd02::2:14000 passes" "$(probe fd02::2 udp 14000)" 1
check "hit counters count matched packets" [ "$(hits)" -ge 3 ]
check_eq "by_class.server counts detections" \
	"$($G qqctl -j stats | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["by_class"]["server"] > 0, d["by_class"]["oicq"])')" "True 0"
check "event log names class server" sh -c "$G qqctl log | grep -q 'class=server'"
$G iptables -F FORWARD
$G ip6tables -F FORWARD

# --- the hook: qqctl mode block --servers, no rule -----------------------------
check "qqctl mode block --servers" $G qqctl mode block --servers
check_eq "mode shows the servers flag" "$($G qqctl mode)" "block servers"
check_eq "hook: UDP to .2:8001 dropped" "$(probe 10.2.0.2 udp 8001)" 0
check_eq "hook: UDP to .4:8001 passes" "$(probe 10.2.0.4 udp 8001)" 1
check_eq "hook v6: TCP to fd02::2:14000 never connects" "$(probe fd02::2 tcp 14000)" 0
check_eq "hook v6: TCP to fd02::2:14001 passes" "$(probe fd02::2 tcp 14001)" 1
$G qqctl mode block
check_eq "block without --servers ignores the table" "$(probe 10.2.0.2 udp 8001)" 1
$G qqctl mode off

# --- a bad file changes nothing -------------------------------------------------
printf '# two good lines, then a bad one\n10.9.0.1 proto udp port 8000\n10.9.0.2\n10.9.0.300\n' > "$TMP/bad.list"
before=$($G qqctl -j server list)
out=$($G qqctl server load "$TMP/bad.list" 2>&1); rc=$?
check "bad file: load fails" [ $rc -ne 0 ]
check "bad file: the error names line 4" grep -q 'bad.list:4' <<< "$out"
check_eq "bad file: table unchanged" "$($G qqctl -j server list)" "$before"

# --- the shipped list loads ---------------------------------------------------------
check "servers.default loads" $G qqctl server load "$REPO/userspace/servers.default"
check "servers.default: 58.60.10.45 udp 8000 listed" sh -c \
	"$G qqctl server list | grep -q '58.60.10.45/32 proto udp port 8000'"
check "servers.tencent-asn loads (opt-in)" $G qqctl server load "$REPO/userspace/servers.tencent-asn"
check "load replaced the table (no default entry left)" sh -c \
	"! $G qqctl server list | grep -q '58.60.10.45/32 proto udp port 8000'"

# --- max_servers ---------------------------------------------------------------------
$G qqctl server flush
check_eq "flush empties the table" "$(count)" 0
echo 3 > /sys/module/xt_qq/parameters/max_servers
for a in 10.9.0.1 10.9.0.2 10.9.0.3; do $G qqctl server add $a; done
out=$($G qqctl server add 10.9.0.4 2>&1); rc=$?
check "max_servers: the 4th entry is refused" [ $rc -ne 0 ]
check "max_servers: the error says the table is full" grep -qi 'full' <<< "$out"
printf '10.8.0.1\n10.8.0.2\n10.8.0.3\n10.8.0.4\n' > "$TMP/four.list"
out=$($G qqctl server load "$TMP/four.list" 2>&1); rc=$?
check "max_servers: a load over the limit fails" [ $rc -ne 0 ]
check_eq "max_servers: the live table is unchanged" "$(count)" 3
echo 1048576 > /sys/module/xt_qq/parameters/max_servers

# --- atomic load of 100,000 entries under a flood --------------------------------------
python3 - "$TMP/big.list" <<-'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("# 100,000 entries, and the one the flood must never get past\n")
    for i in range(99999):
        f.write("100.%d.%d.%d proto udp port 8000\n" % (64 + i // 65536, i // 256 % 256, i % 256))
    f.write("10.2.0.3 proto udp port 9000\n")
PY
$G qqctl server flush
$G qqctl server add 10.2.0.3 proto udp port 9000
$G iptables -A FORWARD -m qq --class server -j DROP
sink_start
# Alternate datagrams to the listed .3:9000 and the unlisted .2:9000.
$C python3 - <<-'PY' > "$TMP/flood.out" &
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n, end = 0, time.time() + 12
while time.time() < end:
    s.sendto(b"flood, not QQ", ("10.2.0.3", 9000))
    s.sendto(b"flood, not QQ", ("10.2.0.2", 9000))
    n += 1
    time.sleep(0.002)
print(n)
PY
FLOOD_PID=$!
sleep 2
t0=$(date +%s)
check "load 100,000 entries under the flood" $G qqctl server load "$TMP/big.list"
check "load again (replace 100,000 by 100,000)" $G qqctl server load "$TMP/big.list"
echo "# two loads took $(( $(date +%s) - t0 )) s"
wait $FLOOD_PID; FLOOD_PID=
sink_stop
sent=$(cat "$TMP/flood.out")
check "flood ran" [ "${sent:-0}" -gt 100 ]
check_eq "flood: every unlisted datagram arrived, no listed one did" "$RECV_UDP" "$sent"
check_eq "100,000 entries listed" "$(count)" 100000
check_eq "the rule dropped every listed datagram" "$(rule_pkts iptables FORWARD 1)" "$sent"
$G iptables -F FORWARD

# --- flush and rmmod under a flood -----------------------------------------------------
$G qqctl mode block --servers
( while :; do $C python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(500):
    s.sendto(b"x", ("10.2.0.3", 9000)); s.sendto(b"x", ("10.2.0.2", 9000))' 2>/dev/null; done ) &
FLOOD_PID=$!
sleep 2
check "flush under a flood" $G qqctl server flush
check "load under a flood" $G qqctl server load "$TMP/big.list"
check "rmmod under a flood with 100,000 entries" rmmod xt_qq
kill $FLOOD_PID; wait $FLOOD_PID 2>/dev/null; FLOOD_PID=
check "insmod again" module_load
check_eq "a new module starts with an empty table" "$(count)" 0

finish
