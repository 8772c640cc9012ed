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

const struct nla_policy qq_server_policy[QQ_SERVER_A_PORT_MAX + 1] = {
	[QQ_SERVER_A_FAMILY]	= { .type = NLA_U8 },
	[QQ_SERVER_A_ADDR]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[QQ_SERVER_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[QQ_SERVER_A_PROTO]	= { .type = NLA_U8 },
	[QQ_SERVER_A_PORT_MIN]	= { .type = NLA_U16 },
	[QQ_SERVER_A_PORT_MAX]	= { .type = NLA_U16 },
};

const struct nla_policy qq_server_add_policy[QQ_A_SERVER_FLAGS + 1] = {
	[QQ_A_SERVERS]		= NLA_POLICY_NESTED_ARRAY(qq_server_policy),
	[QQ_A_SERVER_FLAGS]	= NLA_POLICY_MASK(NLA_U32, QQ_SERVER_F_ALL),
};

static const struct nla_policy qq_server_del_policy[QQ_A_SERVERS + 1] = {
	[QQ_A_SERVERS]		= NLA_POLICY_NESTED_ARRAY(qq_server_policy),
};

static const struct nla_policy qq_server_stage_policy[QQ_A_SERVER_COUNT + 1] = {
	[QQ_A_SERVER_COUNT]	= { .type = NLA_U32 },
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
	u32 flags;
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
	flags = qn->mode_flags;
	qq_stats_read(&qn->stats, &snap);
	mutex_unlock(&qn->lock);

	if (nla_put_u32(msg, QQ_A_MODE, mode) ||
	    nla_put_u32(msg, QQ_A_MODE_FLAGS, flags) ||
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
	u32 mode, flags;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, QQ_A_MODE)) {
		GENL_SET_ERR_MSG(info, "QQ_A_MODE is required");
		return -EINVAL;
	}
	mode = nla_get_u32(info->attrs[QQ_A_MODE]);
	flags = info->attrs[QQ_A_MODE_FLAGS] ?
		nla_get_u32(info->attrs[QQ_A_MODE_FLAGS]) : 0;

	mutex_lock(&qn->lock);
	WRITE_ONCE(qn->mode_flags, flags);
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


/* ---- the server table -------------------------------------------- */

static int qq_server_from_nla(const struct nlattr *nla, struct qq_server_key *k,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[QQ_SERVER_A_PORT_MAX + 1];
	const char *why = NULL;
	int err, alen;

	err = nla_parse_nested(tb, QQ_SERVER_A_PORT_MAX, nla, qq_server_policy,
			       extack);
	if (err)
		return err;
	if (!tb[QQ_SERVER_A_FAMILY] || !tb[QQ_SERVER_A_ADDR] ||
	    !tb[QQ_SERVER_A_PREFIXLEN]) {
		NL_SET_ERR_MSG_ATTR(extack, nla,
				    "a server needs FAMILY, ADDR and PREFIXLEN");
		return -EINVAL;
	}
	memset(k, 0, sizeof(*k));
	k->family = nla_get_u8(tb[QQ_SERVER_A_FAMILY]);
	alen = k->family == NFPROTO_IPV6 ? 16 : 4;
	if (nla_len(tb[QQ_SERVER_A_ADDR]) != alen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[QQ_SERVER_A_ADDR],
				    "address length does not fit the family");
		return -EINVAL;
	}
	nla_memcpy(&k->addr, tb[QQ_SERVER_A_ADDR], alen);
	k->plen = nla_get_u8(tb[QQ_SERVER_A_PREFIXLEN]);
	k->proto = tb[QQ_SERVER_A_PROTO] ? nla_get_u8(tb[QQ_SERVER_A_PROTO]) : 0;
	if (tb[QQ_SERVER_A_PORT_MAX] && !tb[QQ_SERVER_A_PORT_MIN]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[QQ_SERVER_A_PORT_MAX],
				    "PORT_MAX needs PORT_MIN");
		return -EINVAL;
	}
	if (tb[QQ_SERVER_A_PORT_MIN]) {
		k->port_min = nla_get_u16(tb[QQ_SERVER_A_PORT_MIN]);
		k->port_max = tb[QQ_SERVER_A_PORT_MAX] ?
			      nla_get_u16(tb[QQ_SERVER_A_PORT_MAX]) : k->port_min;
		if (!k->port_min) {
			NL_SET_ERR_MSG_ATTR(extack, tb[QQ_SERVER_A_PORT_MIN],
					    "port 0 is not a port");
			return -EINVAL;
		}
	} else {
		k->port_min = 0;
		k->port_max = 65535;
	}
	err = qq_server_key_check(k, &why);
	if (err && extack) {
		/* @why is not a literal, which NL_SET_ERR_MSG_ATTR wants. */
		extack->_msg = why;
		extack->bad_attr = nla;
	}
	return err;
}

/* Publishes @nt in place of the live table and frees the old one. */
static void qq_servers_publish(struct qq_net *qn, struct qq_srv_table *nt)
{
	struct qq_srv_table *old = qq_servers_deref(qn);

	rcu_assign_pointer(qn->servers, nt);
	qn->srv_gen++;
	if (old != nt) {
		synchronize_rcu();
		qq_srv_table_free(old);
	}
}

static int qq_server_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	struct qq_server **add = NULL;
	struct qq_srv_table *t, *nt;
	u32 flags = 0, n = 0, i;
	struct nlattr *e;
	bool staged;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, QQ_A_SERVERS)) {
		GENL_SET_ERR_MSG(info, "QQ_A_SERVERS is required");
		return -EINVAL;
	}
	if (info->attrs[QQ_A_SERVER_FLAGS])
		flags = nla_get_u32(info->attrs[QQ_A_SERVER_FLAGS]);
	staged = flags & QQ_SERVER_F_STAGED;
	nla_for_each_nested(e, info->attrs[QQ_A_SERVERS], rem)
		n++;
	if (!n)
		return 0;
	add = kvcalloc(n, sizeof(*add), GFP_KERNEL);
	if (!add)
		return -ENOMEM;

	/* Parse and allocate everything first: then nothing can fail halfway. */
	i = 0;
	nla_for_each_nested(e, info->attrs[QQ_A_SERVERS], rem) {
		add[i] = kzalloc(sizeof(*add[i]), GFP_KERNEL_ACCOUNT);
		if (!add[i]) {
			err = -ENOMEM;
			goto out;
		}
		err = qq_server_from_nla(e, &add[i]->key, info->extack);
		if (err)
			goto out;
		i++;
	}

	mutex_lock(&qn->lock);
	t = staged ? qn->staged : qq_servers_deref(qn);
	if (!t) {
		GENL_SET_ERR_MSG(info, "no staged table: send SERVER_STAGE first");
		err = -ENOENT;
		goto unlock;
	}
	if (t->count + n > READ_ONCE(qq_max_servers) || t->count + n < n) {
		GENL_SET_ERR_MSG(info, "server table full (module parameter max_servers)");
		err = -ENOSPC;
		goto unlock;
	}
	for (i = 0; i < n; i++)
		if (qq_srv_find_exact(t, &add[i]->key)) {
			GENL_SET_ERR_MSG(info, "entry exists");
			err = -EEXIST;
			goto unlock;
		}
	nt = qq_srv_grow(t, t->count + n);
	if (!nt) {
		err = -ENOMEM;
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		if (qq_srv_find_exact(nt, &add[i]->key)) {
			/* Listed twice in this request: undo it all. */
			while (i--)
				qq_srv_remove(nt, add[i]);
			if (nt != t)
				qq_srv_table_free(nt);
			GENL_SET_ERR_MSG(info, "entry listed twice");
			err = -EEXIST;
			goto unlock_rcu;
		}
		qq_srv_insert(nt, add[i]);
	}
	if (staged) {
		if (nt != t) {
			qn->staged = nt;
			qq_srv_table_free(t);
		}
	} else {
		qq_servers_publish(qn, nt);
	}
	mutex_unlock(&qn->lock);
	kvfree(add);
	return 0;

unlock_rcu:
	/* Entries unlinked from a live table may still be read. */
	if (!staged && nt == t)
		synchronize_rcu();
unlock:
	mutex_unlock(&qn->lock);
out:
	for (i = 0; i < n; i++)
		kfree(add[i]);
	kvfree(add);
	return err;
}

static int qq_server_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	struct qq_server_key k;
	struct qq_srv_table *t;
	struct qq_server *s;
	struct nlattr *e;
	int rem, err = 0;

	if (GENL_REQ_ATTR_CHECK(info, QQ_A_SERVERS)) {
		GENL_SET_ERR_MSG(info, "QQ_A_SERVERS is required");
		return -EINVAL;
	}
	/* All entries must exist, or none is removed. */
	nla_for_each_nested(e, info->attrs[QQ_A_SERVERS], rem) {
		err = qq_server_from_nla(e, &k, info->extack);
		if (err)
			return err;
	}
	mutex_lock(&qn->lock);
	t = qq_servers_deref(qn);
	nla_for_each_nested(e, info->attrs[QQ_A_SERVERS], rem) {
		qq_server_from_nla(e, &k, NULL);
		if (!qq_srv_find_exact(t, &k)) {
			NL_SET_ERR_MSG_ATTR(info->extack, e, "no such entry");
			err = -ENOENT;
			goto unlock;
		}
	}
	nla_for_each_nested(e, info->attrs[QQ_A_SERVERS], rem) {
		qq_server_from_nla(e, &k, NULL);
		s = qq_srv_find_exact(t, &k);
		if (s) {
			qq_srv_remove(t, s);
			kfree_rcu(s, rcu);
		}
	}
	qn->srv_gen++;
unlock:
	mutex_unlock(&qn->lock);
	return err;
}

static int qq_server_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	struct qq_srv_table *nt = qq_srv_table_alloc(0);

	if (!nt)
		return -ENOMEM;
	mutex_lock(&qn->lock);
	qq_servers_publish(qn, nt);
	mutex_unlock(&qn->lock);
	return 0;
}

static int qq_server_stage_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	u32 hint = 0;
	struct qq_srv_table *nt;

	if (info->attrs[QQ_A_SERVER_COUNT])
		hint = nla_get_u32(info->attrs[QQ_A_SERVER_COUNT]);
	if (hint > READ_ONCE(qq_max_servers)) {
		GENL_SET_ERR_MSG(info, "more entries than max_servers allows");
		return -ENOSPC;
	}
	nt = qq_srv_table_alloc(hint);
	if (!nt)
		return -ENOMEM;
	mutex_lock(&qn->lock);
	qq_srv_table_free(qn->staged);
	qn->staged = nt;
	mutex_unlock(&qn->lock);
	return 0;
}

static int qq_server_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qq_net *qn = qq_pernet(genl_info_net(info));
	int err = 0;

	mutex_lock(&qn->lock);
	if (qn->staged) {
		qq_servers_publish(qn, qn->staged);
		qn->staged = NULL;
	} else {
		GENL_SET_ERR_MSG(info, "no staged table: send SERVER_STAGE first");
		err = -ENOENT;
	}
	mutex_unlock(&qn->lock);
	return err;
}

static int qq_put_server(struct sk_buff *msg, const struct qq_server *s)
{
	const struct qq_server_key *k = &s->key;
	struct nlattr *list, *nest;

	list = nla_nest_start(msg, QQ_A_SERVERS);
	if (!list)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, 1);
	if (!nest ||
	    nla_put_u8(msg, QQ_SERVER_A_FAMILY, k->family) ||
	    nla_put(msg, QQ_SERVER_A_ADDR, k->family == NFPROTO_IPV6 ? 16 : 4,
		    &k->addr) ||
	    nla_put_u8(msg, QQ_SERVER_A_PREFIXLEN, k->plen) ||
	    nla_put_u8(msg, QQ_SERVER_A_PROTO, k->proto) ||
	    nla_put_u16(msg, QQ_SERVER_A_PORT_MIN, k->port_min) ||
	    nla_put_u16(msg, QQ_SERVER_A_PORT_MAX, k->port_max) ||
	    nla_put_u64_64bit(msg, QQ_SERVER_A_HITS, atomic64_read(&s->hits),
			      QQ_SERVER_A_PAD)) {
		nla_nest_cancel(msg, list);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	nla_nest_end(msg, list);
	return 0;
}

/*
 * The dump walks the buckets of the live table; the cursor is a bucket
 * and a position in it.  Any change to the table meanwhile (srv_gen)
 * marks the next message NLM_F_DUMP_INTR, and the reader can start over.
 */
struct qq_servers_dump {
	u32 bucket;
	u32 pos;
};

static int qq_server_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct qq_net *qn = qq_pernet(sock_net(cb->skb->sk));
	struct qq_servers_dump *d = (struct qq_servers_dump *)cb->ctx;
	const struct qq_srv_table *t;
	struct qq_server *s;
	u32 pos;

	BUILD_BUG_ON(sizeof(*d) > sizeof(cb->ctx));
	rcu_read_lock();
	cb->seq = READ_ONCE(qn->srv_gen) + 1;
	t = rcu_dereference(qn->servers);
	for (; t && d->bucket <= t->mask; d->bucket++, d->pos = 0) {
		pos = 0;
		hlist_for_each_entry_rcu(s, &t->bucket[d->bucket], node) {
			void *hdr;

			if (pos++ < d->pos)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &qq_genl_family,
					  NLM_F_MULTI, QQ_CMD_SERVER_GET);
			if (!hdr)
				goto full;
			genl_dump_check_consistent(cb, hdr);
			if (qq_put_server(skb, s)) {
				genlmsg_cancel(skb, hdr);
				goto full;
			}
			genlmsg_end(skb, hdr);
			d->pos = pos;
		}
	}
full:
	rcu_read_unlock();
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
	{
		.cmd	= QQ_CMD_SERVER_ADD,
		.doit	= qq_server_add_doit,
		.policy	= qq_server_add_policy,
		.maxattr = ARRAY_SIZE(qq_server_add_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= QQ_CMD_SERVER_DEL,
		.doit	= qq_server_del_doit,
		.policy	= qq_server_del_policy,
		.maxattr = ARRAY_SIZE(qq_server_del_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= QQ_CMD_SERVER_GET,
		.dumpit	= qq_server_get_dumpit,
	},
	{
		.cmd	= QQ_CMD_SERVER_FLUSH,
		.doit	= qq_server_flush_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= QQ_CMD_SERVER_STAGE,
		.doit	= qq_server_stage_doit,
		.policy	= qq_server_stage_policy,
		.maxattr = ARRAY_SIZE(qq_server_stage_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= QQ_CMD_SERVER_COMMIT,
		.doit	= qq_server_commit_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
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
