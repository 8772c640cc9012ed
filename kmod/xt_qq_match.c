// SPDX-License-Identifier: GPL-2.0-only
/*
 * "-m qq": match packets the classifier recognises as QQ IM.
 *
 * checkentry validates every field userspace hands in.  The only kernel
 * state per rule is its log rate limit, kept behind a pointer that
 * .usersize hides from iptables-save and rule comparison.  What a rule
 * inspects and finds also goes into the netns counters and event log
 * (--no-log silences only the kernel log line).
 *
 * A rule turns on defragmentation in its netns (as xt_socket does), so
 * that a QQ datagram split into fragments is judged whole rather than
 * slipping through as a first fragment nobody can judge and later ones
 * with no header.  It also asks for conntrack labels on new connections,
 * where flow verdicts are kept (qq_ct.h); it does not turn conntrack on.
 */
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <linux/slab.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "qq_log.h"
#include "qq_net.h"
#include "xt_qq_match.h"

struct xt_qq_rule_state {
	struct ratelimit_state log_rs;
};

static bool qq_mt(const struct sk_buff *skb, struct xt_action_param *par)
{
	const struct xt_qq_mtinfo *info = par->matchinfo;
	struct qq_net *qn = qq_pernet(xt_net(par));
	struct qq_pkt_meta meta;
	struct qq_result res;
	enum qq_class cls;
	bool hit;

	if (par->fragoff)
		return info->flags & XT_QQ_F_INVERT;
	qq_stats_inc(&qn->stats, QQ_CNT_INSPECTED);
	cls = qq_inspect_skb(skb, xt_family(par), &meta, &res);
	/* No QQ payload: is the remote end a listed QQ server? */
	if (cls == QQ_CLASS_NONE &&
	    (!info->classes || info->classes & QQ_CLASS_BIT(QQ_CLASS_SERVER)) &&
	    qq_net_server_match(qn, &meta))
		cls = QQ_CLASS_SERVER;
	hit = cls != QQ_CLASS_NONE &&
	      (!info->classes || (info->classes & QQ_CLASS_BIT(cls)));
	/* An inverted rule does not match QQ, so it has nothing to log. */
	if (hit)
		qq_net_record(qn, &meta, cls, QQ_ACTION_DETECTED,
			      info->flags & (XT_QQ_F_NOLOG | XT_QQ_F_INVERT) ?
			      NULL : &info->state->log_rs);
	return hit ^ !!(info->flags & XT_QQ_F_INVERT);
}

static int qq_defrag_enable(struct net *net, u8 family)
{
	return family == NFPROTO_IPV6 ? nf_defrag_ipv6_enable(net) :
					nf_defrag_ipv4_enable(net);
}

static void qq_defrag_disable(struct net *net, u8 family)
{
	if (family == NFPROTO_IPV6)
		nf_defrag_ipv6_disable(net);
	else
		nf_defrag_ipv4_disable(net);
}

static int qq_mt_check(const struct xt_mtchk_param *par)
{
	struct xt_qq_mtinfo *info = par->matchinfo;
	struct xt_qq_rule_state *st;
	int err;

	if (info->flags & ~XT_QQ_F_MASK) {
		pr_info_ratelimited("unknown flags 0x%x\n",
				    info->flags & ~XT_QQ_F_MASK);
		return -EINVAL;
	}
	if (info->classes & ~QQ_CLASS_ALL_MASK) {
		pr_info_ratelimited("unknown class bits 0x%x\n",
				    info->classes & ~QQ_CLASS_ALL_MASK);
		return -EINVAL;
	}
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	err = qq_defrag_enable(par->net, par->family);
	if (err)
		goto err_free;
	err = qq_ct_labels_get(par->net);
	if (err)
		goto err_defrag;
	qq_log_ratelimit_init(&st->log_rs);
	info->state = st;
	return 0;

err_defrag:
	qq_defrag_disable(par->net, par->family);
err_free:
	kfree(st);
	return err;
}

static void qq_mt_destroy(const struct xt_mtdtor_param *par)
{
	struct xt_qq_mtinfo *info = par->matchinfo;

	qq_ct_labels_put(par->net);
	qq_defrag_disable(par->net, par->family);
	kfree(info->state);
}

static struct xt_match qq_mt_reg[] __read_mostly = {
	{
		.name		= "qq",
		.revision	= 0,
		.family		= NFPROTO_IPV4,
		.checkentry	= qq_mt_check,
		.match		= qq_mt,
		.destroy	= qq_mt_destroy,
		.matchsize	= sizeof(struct xt_qq_mtinfo),
		.usersize	= offsetof(struct xt_qq_mtinfo, state),
		.me		= THIS_MODULE,
	},
	{
		.name		= "qq",
		.revision	= 0,
		.family		= NFPROTO_IPV6,
		.checkentry	= qq_mt_check,
		.match		= qq_mt,
		.destroy	= qq_mt_destroy,
		.matchsize	= sizeof(struct xt_qq_mtinfo),
		.usersize	= offsetof(struct xt_qq_mtinfo, state),
		.me		= THIS_MODULE,
	},
};

int qq_match_register(void)
{
	return xt_register_matches(qq_mt_reg, ARRAY_SIZE(qq_mt_reg));
}

void qq_match_unregister(void)
{
	xt_unregister_matches(qq_mt_reg, ARRAY_SIZE(qq_mt_reg));
}
