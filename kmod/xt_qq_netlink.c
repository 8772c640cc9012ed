// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic netlink family "xt_qq": mode, counters and events of the netns
 * the request comes from.  See include/uapi/xt_qq.h and
 * include/uapi/xt_qq.yaml for the protocol.
 *
 * Every op is validated strictly against its own policy, and resv_start_op
 * puts them all under the core's newer rules: an op without a policy takes
 * no attribute at all, reserved header bits are rejected, and so are
 * unknown flag bits.  Mutating ops and joining the events group need
 * CAP_NET_ADMIN in the netns's user namespace.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "qq_net.h"
#include "xt_qq_netlink.h"

enum qq_mcgrp {
	QQ_MCGRP_EVENTS,
};

static const struct genl_multicast_group qq_mcgrps[] = {
	[QQ_MCGRP_EVENTS] = {
		.name	= QQ_GENL_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

const struct nla_policy qq_set_mode_policy[QQ_A_MODE_FLAGS + 1] = {
	[QQ_A_MODE]		= NLA_POLICY_MAX(NLA_U32, QQ_MODE_MAX),
	[QQ_A_MODE_FLAGS]	= NLA_POLICY_MASK(NLA_U32, QQ_MODE_F_ALL),
};

static struct genl_family qq_genl_family;

/* Cleared before the family goes away; the packet path checks it. */
static bool qq_genl_ready;

static int qq_put_stats(struct sk_buff *msg, const struct qq_stats_snapshot *s)
{
	struct nlattr *nest, *by_class;
	u64 detected = 0;
	int c;

	nest = nla_nest_start(msg, QQ_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (c = QQ_CLASS_NONE + 1; c <= QQ_CLASS_MAX; c++)
		detected += s->cnt[QQ_CNT_DETECTED + c];
	if (nla_put_u64_64bit(msg, QQ_STATS_A_INSPECTED,
			      s->cnt[QQ_CNT_INSPECTED], QQ_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, QQ_STATS_A_DETECTED, detected,
			      QQ_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, QQ_STATS_A_FLOWS, s->cnt[QQ_CNT_FLOWS],
			      QQ_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, QQ_STATS_A_DROPPED, s->cnt[QQ_CNT_DROPPED],
			      QQ_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, QQ_STATS_A_RATELIMITED,
			      s->cnt[QQ_CNT_RATELIMITED], QQ_STATS_A_PAD))
		goto cancel;
	by_class = nla_nest_start(msg, QQ_STATS_A_BY_CLASS);
	if (!by_class)
		goto cancel;
	/* Attribute type is the class; 0 (QQ_CLASS_NONE) serves as padding. */
	for (c = QQ_CLASS_NONE + 1; c <= QQ_CLASS_MAX; c++)
		if (nla_put_u64_64bit(msg, c, s->cnt[QQ_CNT_DETECTED + c],
				      QQ_CLASS_NONE))
			goto cancel;
	nla_nest_end(msg, by_class);
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int qq_get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	struct qq_stats_snapshot snap;
	struct sk_buff *msg;
	void *hdr;
	u8 mode;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &qq_genl_family, 0,
				QQ_CMD_GET_STATS);
	if (!hdr)
		goto nospace;

	mutex_lock(&qn->lock);
	mode = qn->mode;
	qq_stats_read(&qn->stats, &snap);
	mutex_unlock(&qn->lock);

	if (nla_put_u32(msg, QQ_A_MODE, mode) ||
	    nla_put_u32(msg, QQ_A_MODE_FLAGS, 0) ||
	    qq_put_stats(msg, &snap))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int qq_set_mode_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	u32 mode;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, QQ_A_MODE)) {
		GENL_SET_ERR_MSG(info, "QQ_A_MODE is required");
		return -EINVAL;
	}
	mode = nla_get_u32(info->attrs[QQ_A_MODE]);

	mutex_lock(&qn->lock);
	err = qq_net_set_mode(qn, mode);
	mutex_unlock(&qn->lock);
	if (err)
		GENL_SET_ERR_MSG(info, "registering the FORWARD hooks failed");
	return err;
}

static int qq_reset_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));

	mutex_lock(&qn->lock);
	qq_stats_reset(&qn->stats);
	mutex_unlock(&qn->lock);
	return 0;
}

static size_t qq_event_size(void)
{
	return nla_total_size(0) +			/* QQ_A_EVENT */
	       2 * nla_total_size_64bit(sizeof(u64)) +	/* SEQ, TIME */
	       2 * nla_total_size(sizeof(u8)) +		/* FAMILY, PROTO */
	       2 * nla_total_size(sizeof(struct in6_addr)) +
	       2 * nla_total_size(sizeof(u16)) +
	       2 * nla_total_size(sizeof(u32));		/* CLASS, ACTION */
}

static int qq_put_event(struct sk_buff *msg, const struct qq_event *ev)
{
	int alen = ev->family == NFPROTO_IPV6 ? sizeof(struct in6_addr) :
						 sizeof(struct in_addr);
	struct nlattr *nest;

	nest = nla_nest_start(msg, QQ_A_EVENT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, QQ_EVENT_A_SEQ, ev->seq, QQ_EVENT_A_PAD) ||
	    nla_put_u64_64bit(msg, QQ_EVENT_A_TIME, ev->time_ns,
			      QQ_EVENT_A_PAD) ||
	    nla_put_u8(msg, QQ_EVENT_A_FAMILY, ev->family) ||
	    nla_put_u8(msg, QQ_EVENT_A_PROTO, ev->l4proto) ||
	    nla_put(msg, QQ_EVENT_A_SADDR, alen, &ev->saddr) ||
	    nla_put(msg, QQ_EVENT_A_DADDR, alen, &ev->daddr) ||
	    nla_put_u16(msg, QQ_EVENT_A_SPORT, ntohs(ev->sport)) ||
	    nla_put_u16(msg, QQ_EVENT_A_DPORT, ntohs(ev->dport)) ||
	    nla_put_u32(msg, QQ_EVENT_A_CLASS, ev->cls) ||
	    nla_put_u32(msg, QQ_EVENT_A_ACTION, ev->action)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * A dump sends the events held when it started, oldest first; events added
 * meanwhile are left for the next dump.  If the ring overwrites events the
 * dump has not sent yet, the next message carries NLM_F_DUMP_INTR.
 */
struct qq_events_dump {
	u64 cursor;			/* seq of the next event to send */
	u64 end;			/* seq the dump stops at */
};

static struct qq_events_dump *qq_events_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct qq_events_dump) > sizeof(cb->ctx));
	return (struct qq_events_dump *)cb->ctx;
}

static int qq_get_events_start(struct netlink_callback *cb)
{
	struct qq_net *qn = qq_pernet(sock_net(cb->skb->sk));
	struct qq_events_dump *d = qq_events_dump_ctx(cb);

	qq_ring_bounds(&qn->events, &d->cursor, &d->end);
	cb->seq = 1;
	return 0;
}

static int qq_get_events_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct qq_net *qn = qq_pernet(sock_net(cb->skb->sk));
	struct qq_events_dump *d = qq_events_dump_ctx(cb);
	struct qq_event ev;
	bool lost;

	while (d->cursor < d->end) {
		u64 at = d->cursor;
		void *hdr;

		if (!qq_ring_next(&qn->events, &d->cursor, &ev, &lost))
			break;
		if (lost)
			cb->seq++;
		if (ev.seq >= d->end)
			break;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &qq_genl_family,
				  NLM_F_MULTI, QQ_CMD_GET_EVENTS);
		if (!hdr) {
			d->cursor = at;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (qq_put_event(skb, &ev)) {
			genlmsg_cancel(skb, hdr);
			d->cursor = at;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	return skb->len;
}

void qq_genl_notify_event(struct net *net, const struct qq_event *ev)
{
	struct sk_buff *msg;
	void *hdr;

	if (!READ_ONCE(qq_genl_ready) ||
	    !genl_has_listeners(&qq_genl_family, net, QQ_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(qq_event_size(), GFP_ATOMIC);
	if (!msg)
		goto fail;
	hdr = genlmsg_put(msg, 0, 0, &qq_genl_family, 0, QQ_CMD_EVENT);
	if (!hdr || qq_put_event(msg, ev)) {
		nlmsg_free(msg);
		goto fail;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&qq_genl_family, net, msg, 0, QQ_MCGRP_EVENTS,
				GFP_ATOMIC);
	return;
fail:
	net_warn_ratelimited("xt_qq: could not send an event notification\n");
}

static const struct genl_ops qq_genl_ops[] = {
	{
		.cmd	= QQ_CMD_GET_STATS,
		.doit	= qq_get_stats_doit,
	},
	{
		.cmd	= QQ_CMD_SET_MODE,
		.doit	= qq_set_mode_doit,
		.policy	= qq_set_mode_policy,
		.maxattr = ARRAY_SIZE(qq_set_mode_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= QQ_CMD_RESET_STATS,
		.doit	= qq_reset_stats_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= QQ_CMD_GET_EVENTS,
		.start	= qq_get_events_start,
		.dumpit	= qq_get_events_dumpit,
	},
};

static struct genl_family qq_genl_family __ro_after_init = {
	.name		= QQ_GENL_NAME,
	.version	= QQ_GENL_VERSION,
	.maxattr	= QQ_A_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= qq_genl_ops,
	.n_ops		= ARRAY_SIZE(qq_genl_ops),
	.resv_start_op	= QQ_CMD_GET_STATS,	/* the first op: all are strict */
	.mcgrps		= qq_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(qq_mcgrps),
};

int qq_genl_register(void)
{
	int err = genl_register_family(&qq_genl_family);

	if (!err)
		WRITE_ONCE(qq_genl_ready, true);
	return err;
}

void qq_genl_unregister(void)
{
	WRITE_ONCE(qq_genl_ready, false);
	synchronize_net();	/* no packet path is still in notify */
	genl_unregister_family(&qq_genl_family);
}
