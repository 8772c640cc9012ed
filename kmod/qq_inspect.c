// SPDX-License-Identifier: GPL-2.0-only
/*
 * From skb to classifier: find the L4 payload, bring up to QQ_INSPECT_MAX
 * bytes of it into view and ask qq_classify(), or, for a packet whose
 * conntrack carries our labels, qq_verdict_packet() with the flow's state.
 * A flow whose verdict is final (QQ, or inspected in full) is answered
 * from the label alone, before any payload byte is copied.
 *
 * Headers are read with skb_header_pointer(), so non-linear skbs work and
 * a short packet can never be read past its end.  A linear payload is
 * classified in place; a paged one is copied into a per-cpu scratch buffer
 * allocated at load time, so the packet path allocates nothing.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/percpu.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "qq_inspect.h"
#include "qq_net.h"

struct qq_scratch {
	u8 buf[QQ_INSPECT_MAX];
};

static struct qq_scratch __percpu *qq_scratch;

/* L3: transport offset and protocol; false for non-first fragments. */
static bool qq_l3(const struct sk_buff *skb, u8 family, unsigned int *thoff,
		  struct qq_pkt_meta *meta)
{
	if (family == NFPROTO_IPV4) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, skb_network_offset(skb),
					 sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5 || ntohs(iph->frag_off) & IP_OFFSET)
			return false;
		*thoff = skb_network_offset(skb) + iph->ihl * 4;
		meta->l4proto = iph->protocol;
		meta->saddr.ip = iph->saddr;
		meta->daddr.ip = iph->daddr;
	} else if (family == NFPROTO_IPV6) {
		const struct ipv6hdr *ip6h;
		struct ipv6hdr _ip6h;
		unsigned short fragoff = 0;
		int proto;

		ip6h = skb_header_pointer(skb, skb_network_offset(skb),
					  sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return false;
		*thoff = 0;
		proto = ipv6_find_hdr(skb, thoff, -1, &fragoff, NULL);
		if (proto < 0 || fragoff)
			return false;
		meta->l4proto = proto;
		meta->saddr.in6 = ip6h->saddr;
		meta->daddr.in6 = ip6h->daddr;
	} else {
		return false;
	}
	meta->family = family;
	return true;
}

enum qq_class qq_inspect_skb(const struct sk_buff *skb, u8 family,
			     struct qq_pkt_meta *meta, struct qq_result *res)
{
	unsigned int thoff, poff, plen, wire;
	struct qq_payload pl = {};
	enum qq_class cls;

	struct qq_tls_cont cont = {};
	struct qq_verdict v;
	bool flow;

	res->cls = QQ_CLASS_NONE;
	res->reason = QQ_R_NONE;
	meta->l4ok = false;
	meta->flow.ct = NULL;
	if (!qq_l3(skb, family, &thoff, meta))
		return QQ_CLASS_NONE;

	if (meta->l4proto == IPPROTO_UDP) {
		const struct udphdr *uh;
		struct udphdr _uh;

		uh = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);
		if (!uh || ntohs(uh->len) < sizeof(_uh))
			return QQ_CLASS_NONE;
		meta->sport = uh->source;
		meta->dport = uh->dest;
		meta->l4ok = true;
		poff = thoff + sizeof(_uh);
		/* A first fragment holds less than the UDP length says. */
		wire = ntohs(uh->len) - sizeof(_uh);
	} else if (meta->l4proto == IPPROTO_TCP) {
		const struct tcphdr *th;
		struct tcphdr _th;

		th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
		if (!th || th->doff < 5)
			return QQ_CLASS_NONE;
		meta->sport = th->source;
		meta->dport = th->dest;
		meta->l4ok = true;
		pl.has_seq = true;
		pl.seq = ntohl(th->seq);
		poff = thoff + th->doff * 4;
		wire = skb->len > poff ? skb->len - poff : 0;
	} else {
		return QQ_CLASS_NONE;
	}
	if (skb->len <= poff)
		return QQ_CLASS_NONE;
	plen = min3(skb->len - poff, wire, (unsigned int)QQ_INSPECT_MAX);
	if (plen == 0)
		return QQ_CLASS_NONE;

	flow = qq_ct_find(skb, &meta->flow, &v);
	if (flow && !v.seen && !v.cls && !nf_ct_is_confirmed(meta->flow.ct)) {
		/* Its flow's first QQ packet may have been dropped, with its ct. */
		v.cls = qq_net_flow_class(meta);
		if (v.cls)
			qq_ct_update(&meta->flow, &v, &cont);
	}
	if (flow && qq_verdict_final(&v)) {
		res->cls = v.cls;
		res->reason = v.cls ? QQ_R_FLOW : QQ_R_NONE;
		return (enum qq_class)v.cls;
	}

	pl.len = plen;
	pl.wire_len = max(wire, plen);
	pl.l4proto = meta->l4proto;
	pl.dir = flow ? meta->flow.dir : 0;
	/* A datagram bigger than our view: its ETX tail is read on its own. */
	if (plen < pl.wire_len && poff + pl.wire_len <= skb->len) {
		const u8 *t = skb_header_pointer(skb, poff + pl.wire_len - 1, 1,
						 &pl.tail);

		if (t) {
			pl.tail = *t;
			pl.has_tail = true;
		}
	}

	/* The scratch buffer is per-cpu: keep softirqs off this cpu meanwhile. */
	local_bh_disable();
	pl.data = skb_header_pointer(skb, poff, plen,
				     this_cpu_ptr(qq_scratch)->buf);
	if (!pl.data) {
		cls = QQ_CLASS_NONE;
	} else if (flow) {
		if (v.more && !qq_ct_cont_load(&meta->flow, &cont))
			v.more = false;	/* its state was lost: give it up */
		cls = qq_verdict_packet(&v, &cont, &pl, res);
		qq_ct_update(&meta->flow, &v, &cont);
	} else {
		cls = qq_classify(&pl, res);
	}
	local_bh_enable();
	return cls;
}

int qq_inspect_init(void)
{
	qq_scratch = alloc_percpu(struct qq_scratch);
	return qq_scratch ? 0 : -ENOMEM;
}

void qq_inspect_exit(void)
{
	free_percpu(qq_scratch);
}
