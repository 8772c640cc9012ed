/* SPDX-License-Identifier: GPL-2.0-only */
/* The packet path shared by the iptables match and the FORWARD hook. */
#ifndef QQ_INSPECT_H
#define QQ_INSPECT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

#include "qq_classify.h"
#include "qq_ct.h"

/* Payload bytes handed to the classifier; more is never copied. */
#define QQ_INSPECT_MAX	2048

/* Who talked to whom, for logs and events. */
struct qq_pkt_meta {
	u8 family;			/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 l4proto;
	bool l4ok;			/* TCP/UDP ports below are set */
	__be16 sport, dport;
	union nf_inet_addr saddr, daddr;
	struct qq_ct_flow flow;		/* flow.ct NULL: judged alone */
};

/*
 * Classify the packet: by its flow's verdict when conntrack has one (see
 * qq_ct.h), else on its own.  Fills @meta for logs, events and counting.
 */
enum qq_class qq_inspect_skb(const struct sk_buff *skb, u8 family,
			     struct qq_pkt_meta *meta, struct qq_result *res);

int qq_inspect_init(void);
void qq_inspect_exit(void);

#endif
