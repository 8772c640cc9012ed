# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for the gateway tests, sourced by tests/gateway/*.sh in the VM.
#
# Topology (three network namespaces joined by veth pairs):
#
#   qqc (client)             qqg (gateway, FORWARD rules)            qqs (server)
#   c0 10.1.0.2/24  <--->  c1 10.1.0.1  |  s1 10.2.0.1  <--->  s0 10.2.0.2/24
#      fd01::2/64             fd01::1   |     fd02::1             fd02::2/64
#
# The server namespace redirects every TCP and UDP port to one sink, so
# replayed captures keep their original destination ports on the wire.

REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
B=$REPO/build
KVER=$(uname -r)
CORPUS=${CORPUS:-$(cd "$REPO/../shared/corpus" 2>/dev/null && pwd)}
TMP=${TMP:-/tmp/xtqq.$$}
mkdir -p "$TMP"
export XTABLES_LIBDIR="$B:/usr/lib/x86_64-linux-gnu/xtables"
export PATH="$B/tools:$B:$PATH"

C="ip netns exec qqc"
G="ip netns exec qqg"
S="ip netns exec qqs"
SRV4=10.2.0.2
SRV6=fd02::2
SINK_PORT=5000
MAC_C0=02:00:00:00:01:02
MAC_C1=02:00:00:00:01:01
MAC_S0=02:00:00:00:02:02
MAC_S1=02:00:00:00:02:01

PASS=0
FAIL=0

ok()     { PASS=$((PASS + 1)); echo "ok - $*"; }
not_ok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }

# check_eq NAME ACTUAL EXPECTED
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else not_ok "$1: got '$2', want '$3'"; net_diag; fi
}

# Where packets went missing, when a check fails: drop counters per netns.
net_diag() {
	local ns
	for ns in qqc qqg qqs; do
		echo "# diag $ns: $(ip netns exec $ns nstat -az 2>/dev/null |
			awk '$2 != 0 && $1 ~ /Discards|Errors|Drop|Fail|NoPorts|Overflow/ {printf "%s=%s ", $1, $2}')"
	done
	echo "# diag softnet: $(awk '{print $2}' /proc/net/softnet_stat | tr '\n' ' ')"
}

# check NAME CMD...: passes when CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# check_le NAME ACTUAL MAX
check_le() {
	if [ "$2" -le "$3" ]; then ok "$1 ($2 <= $3)"; else not_ok "$1: $2 > $3"; fi
}

finish() {
	echo "suite $SUITE [$KVER]: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

# Load xt_qq.ko built for this kernel, after the modules it links against.
module_load() {
	local ko=$B/kmod-$KVER/xt_qq.ko dep
	[ -f "$ko" ] || { echo "missing $ko: run make" >&2; return 1; }
	for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
		modprobe "$dep"
	done
	insmod "$ko" "$@"
}

module_unload() {
	rmmod xt_qq 2>/dev/null || true
}

# Under TCG every exec costs a good fraction of a second, so the topology
# is built with a handful of batched commands.
topo_up() {
	topo_down
	# Fixed MACs and permanent neighbour entries: under a loaded TCG host a
	# slow ARP/ND probe must never be what drops a replayed packet.
	ip -batch - <<-EOF
	netns add qqc
	netns add qqg
	netns add qqs
	link add c0 netns qqc address $MAC_C0 type veth peer name c1 netns qqg address $MAC_C1
	link add s0 netns qqs address $MAC_S0 type veth peer name s1 netns qqg address $MAC_S1
	EOF
	ip -n qqc -batch - <<-EOF
	link set lo up
	link set c0 up
	addr add 10.1.0.2/24 dev c0
	addr add fd01::2/64 dev c0 nodad
	neigh replace 10.1.0.1 lladdr $MAC_C1 dev c0 nud permanent
	neigh replace fd01::1 lladdr $MAC_C1 dev c0 nud permanent
	route add default via 10.1.0.1 rto_min 2s
	route add default via fd01::1 rto_min 2s
	EOF
	# A dropped replayed segment must never be resent before qqreplay aborts
	# the flow, even when a loaded host delays it: no tail loss probe, and
	# a 2 s minimum RTO on the client's routes.
	$C sh -c 'echo 0 > /proc/sys/net/ipv4/tcp_early_retrans'
	ip -n qqg -batch - <<-EOF
	link set lo up
	link set c1 up
	link set s1 up
	addr add 10.1.0.1/24 dev c1
	addr add fd01::1/64 dev c1 nodad
	addr add 10.2.0.1/24 dev s1
	addr add fd02::1/64 dev s1 nodad
	neigh replace 10.1.0.2 lladdr $MAC_C0 dev c1 nud permanent
	neigh replace fd01::2 lladdr $MAC_C0 dev c1 nud permanent
	neigh replace 10.2.0.2 lladdr $MAC_S0 dev s1 nud permanent
	neigh replace fd02::2 lladdr $MAC_S0 dev s1 nud permanent
	EOF
	ip -n qqs -batch - <<-EOF
	link set lo up
	link set s0 up
	addr add 10.2.0.2/24 dev s0
	addr add fd02::2/64 dev s0 nodad
	neigh replace 10.2.0.1 lladdr $MAC_S1 dev s0 nud permanent
	neigh replace fd02::1 lladdr $MAC_S1 dev s0 nud permanent
	route add default via 10.2.0.1
	route add default via fd02::1
	EOF
	# veth hands packets to a per-cpu backlog; under TCG a replay can
	# outrun it, and those drops would be blamed on the rule.
	echo 100000 > /proc/sys/net/core/netdev_max_backlog
	$G sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward &&
		  echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'
	# Every port on the server lands on the sink.
	$S sh -c "printf '*nat\n-A PREROUTING -p tcp -j REDIRECT --to-ports $SINK_PORT\n-A PREROUTING -p udp -j REDIRECT --to-ports $SINK_PORT\nCOMMIT\n' |
		  iptables-restore &&
		  printf '*nat\n-A PREROUTING -p tcp -j REDIRECT --to-ports $SINK_PORT\n-A PREROUTING -p udp -j REDIRECT --to-ports $SINK_PORT\nCOMMIT\n' |
		  ip6tables-restore"
	[ "${TOPO_NO_PING:-0}" = 1 ] && return 0
	$C sh -c "ping -c1 -W5 $SRV4 >/dev/null && ping -c1 -W5 $SRV6 >/dev/null"
}

topo_down() {
	ip -force -batch - 2>/dev/null <<-EOF || true
	netns del qqc
	netns del qqg
	netns del qqs
	EOF
}

# Start the sink and wait until it listens: on a loaded TCG host its exec
# alone can take seconds, and traffic sent before would hit a closed port.
sink_start() {
	local i
	rm -f "$TMP/sink.json" "$TMP/sink.err"
	$S qqreplay sink -p $SINK_PORT -j -o "$TMP/sink.json" 2> "$TMP/sink.err" &
	SINK_PID=$!
	for i in $(seq 1 200); do
		grep -q listening "$TMP/sink.err" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "sink did not start: $(cat "$TMP/sink.err")" >&2
	return 1
}

# Stop the sink once its counts stop moving, and load its totals into RECV_*.
sink_stop() {
	local i last= now
	for i in $(seq 1 30); do
		sleep 0.3
		kill -USR1 "$SINK_PID" 2>/dev/null
		sleep 0.1
		now=$(cat "$TMP/sink.json" 2>/dev/null)
		[ -n "$now" ] && [ "$now" = "$last" ] && break
		last=$now
	done
	kill -TERM "$SINK_PID" 2>/dev/null
	wait "$SINK_PID" 2>/dev/null
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ -s "$TMP/sink.json" ] && break
		sleep 0.2
	done
	RECV_UDP=$(json_get "$TMP/sink.json" udp_datagrams)
	RECV_UDPB=$(json_get "$TMP/sink.json" udp_bytes)
	RECV_TCPB=$(json_get "$TMP/sink.json" tcp_bytes)
}

# json_get FILE KEY: KEY of the last JSON object in FILE.
json_get() {
	python3 -c 'import json,sys
obj = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
print(obj[sys.argv[2]])' "$1" "$2"
}

# replay [-R] SERVER FILE...: send client payloads (-R: server payloads)
# through the gateway and set SENT_UDP, SENT_UDPB, SENT_TCP (payloads),
# SENT_TCPB, ACKED and RECV_*.
replay() {
	local opt=
	[ "$1" = -R ] && { opt=-R; shift; }
	local srv=$1
	shift
	sink_start
	$C qqreplay send $opt -s "$srv" -j "$@" > "$TMP/send.json"
	sink_stop
	SENT_UDP=$(json_get "$TMP/send.json" udp_datagrams)
	SENT_UDPB=$(json_get "$TMP/send.json" udp_bytes)
	SENT_TCP=$(json_get "$TMP/send.json" tcp_payloads)
	SENT_TCPB=$(json_get "$TMP/send.json" tcp_bytes)
	ACKED=$(json_get "$TMP/send.json" tcp_bytes_acked)
}

# rule_pkts IPT CHAIN N: packet counter of rule N in the gateway.
rule_pkts() {
	$G $1 -L "$2" -vnx | awk -v n="$3" 'NR == n + 2 { print $1 }'
}

# The QQ captures: the real one and the synthetic ones built by make.
QQ_PCAPS="$CORPUS/positive/oicq.pcap $B/pcap/tcp-oicq.pcap $B/pcap/udp-oicq-new.pcap"

# Non-QQ captures of different protocols, UDP and TCP, from the corpus.
neg_list() {
	sed -e 's/[[:space:]]*#.*//' -e '/^[[:space:]]*$/d' "$REPO/tests/gateway/negatives.list" |
		awk -v want="$1" -v dir="$CORPUS/negative/" '($2 == "R") == (want == "R") { print dir $1 }'
}
NEG_PCAPS=$(neg_list F)		# replayed client -> server
NEG_PCAPS_R=$(neg_list R)	# replayed server -> client (qqreplay -R)
