// SPDX-License-Identifier: GPL-2.0-only
/*
 * FORWARD hooks for "qqctl mode monitor|block": QQ is found and logged,
 * or dropped, with no iptables rule at all.  They are registered per netns
 * and only while the mode is not off, so an idle netns pays nothing.
 *
 * They sit just after the filter table (priority filter + 1): a packet an
 * admin's rule already dropped is not inspected again, and "-m qq" rule
 * counters see every packet first.  While they are registered,
 * defragmentation is on in the netns, so a fragmented QQ datagram reaches
 * them whole, and new conntracks carry the labels flow verdicts live in.
 */
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "qq_net.h"
#include "xt_qq_hook.h"

static unsigned int qq_hook(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct qq_net *qn = qq_pernet(state->net);
	u8 mode = READ_ONCE(qn->mode);
	struct qq_pkt_meta meta;
	struct qq_result res;
	enum qq_class cls;

	if (mode == QQ_MODE_OFF)
		return NF_ACCEPT;	/* being unregistered */
	qq_stats_inc(&qn->stats, QQ_CNT_INSPECTED);
	cls = qq_inspect_skb(skb, state->pf, &meta, &res);
	if (cls == QQ_CLASS_NONE &&
	    READ_ONCE(qn->mode_flags) & QQ_MODE_F_SERVERS &&
	    qq_net_server_match(qn, &meta))
		cls = QQ_CLASS_SERVER;
	if (cls == QQ_CLASS_NONE)
		return NF_ACCEPT;
	if (mode == QQ_MODE_BLOCK) {
		qq_stats_inc(&qn->stats, QQ_CNT_DROPPED);
		qq_net_record(qn, &meta, cls, QQ_ACTION_BLOCKED,
			      &qn->hook_log_rs);
		return NF_DROP;
	}
	qq_net_record(qn, &meta, cls, QQ_ACTION_DETECTED, &qn->hook_log_rs);
	return NF_ACCEPT;
}

static const struct nf_hook_ops qq_hook_ops[] = {
	{
		.hook		= qq_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP_PRI_FILTER + 1,
	},
	{
		.hook		= qq_hook,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP6_PRI_FILTER + 1,
	},
};

int qq_hook_register(struct net *net)
{
	int err;

	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto err_v4;
	err = qq_ct_labels_get(net);
	if (err)
		goto err_v6;
	err = nf_register_net_hooks(net, qq_hook_ops, ARRAY_SIZE(qq_hook_ops));
	if (err)
		goto err_labels;
	return 0;

err_labels:
	qq_ct_labels_put(net);
err_v6:
	nf_defrag_ipv6_disable(net);
err_v4:
	nf_defrag_ipv4_disable(net);
	return err;
}

void qq_hook_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, qq_hook_ops, ARRAY_SIZE(qq_hook_ops));
	qq_ct_labels_put(net);
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
