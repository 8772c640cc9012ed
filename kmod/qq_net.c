// SPDX-License-Identifier: GPL-2.0-only
/*
 * pernet_operations for xt_qq.  Each netns gets its own mode, counters,
 * event ring and flow memory; a new netns starts in the mode given by the
 * default_mode parameter ("off" unless set, so insmod alone changes
 * nothing).
 */
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/ktime.h>
#include <net/netfilter/nf_conntrack.h>

#include "qq_log.h"
#include "qq_net.h"
#include "xt_qq_hook.h"
#include "xt_qq_netlink.h"

unsigned int qq_net_id __read_mostly;

static const char * const qq_mode_names[] = {
	[QQ_MODE_OFF] = "off",
	[QQ_MODE_MONITOR] = "monitor",
	[QQ_MODE_BLOCK] = "block",
};

const char *qq_mode_name(unsigned int mode)
{
	return mode < ARRAY_SIZE(qq_mode_names) ? qq_mode_names[mode] : "?";
}

static unsigned int qq_default_mode = QQ_MODE_OFF;

static int default_mode_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(qq_mode_names, val);

	if (i < 0)
		return -EINVAL;
	*(unsigned int *)kp->arg = i;
	return 0;
}

static int default_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", qq_mode_name(*(unsigned int *)kp->arg));
}

static const struct kernel_param_ops default_mode_ops = {
	.set = default_mode_set,
	.get = default_mode_get,
};
module_param_cb(default_mode, &default_mode_ops, &qq_default_mode, 0644);
MODULE_PARM_DESC(default_mode, "Mode of new network namespaces: off (default), monitor or block");

static unsigned int qq_event_ring_size = 256;
module_param_named(event_ring_size, qq_event_ring_size, uint, 0444);
MODULE_PARM_DESC(event_ring_size, "Events kept per netns (1..65536, default 256)");

static unsigned int qq_event_burst = 100;
module_param_named(event_burst, qq_event_burst, uint, 0444);
MODULE_PARM_DESC(event_burst, "Events recorded per interval per netns (default 100)");

static unsigned int qq_event_interval_ms = 1000;
module_param_named(event_interval_ms, qq_event_interval_ms, uint, 0444);
MODULE_PARM_DESC(event_interval_ms, "Event rate-limit interval in ms (default 1000)");

static unsigned int qq_flow_slots = 1024;
module_param_named(flow_slots, qq_flow_slots, uint, 0444);
MODULE_PARM_DESC(flow_slots, "Recent QQ flows remembered per netns, a power of two (default 1024)");

int qq_net_set_mode(struct qq_net *qn, u8 mode)
{
	int err = 0;

	lockdep_assert_held(&qn->lock);
	if (mode != QQ_MODE_OFF && !qn->hooks_on) {
		/* The hook reads the mode: set it before packets can arrive. */
		WRITE_ONCE(qn->mode, mode);
		err = qq_hook_register(qn->net);
		if (err) {
			WRITE_ONCE(qn->mode, QQ_MODE_OFF);
			return err;
		}
		qn->hooks_on = true;
	}
	WRITE_ONCE(qn->mode, mode);
	if (mode == QQ_MODE_OFF && qn->hooks_on) {
		qq_hook_unregister(qn->net);
		qn->hooks_on = false;
	}
	return 0;
}

void qq_net_record(struct qq_net *qn, const struct qq_pkt_meta *m,
		   enum qq_class cls, enum qq_action action,
		   struct ratelimit_state *log_rs)
{
	unsigned long now = jiffies;
	struct qq_event ev;
	bool fresh;

	qq_stats_inc(&qn->stats, QQ_CNT_DETECTED + cls);
	if (m->flow.ct && nf_ct_is_confirmed(m->flow.ct)) {
		fresh = qq_ct_first_record(&m->flow);
	} else {
		/*
		 * No conntrack, or one not confirmed yet, which a drop here
		 * discards with its labels: the next packet of the flow comes
		 * with a new one.  The tuple table counts the flow once and
		 * hands its class to that new conntrack (qq_net_flow_class).
		 */
		fresh = qq_flow_note(&qn->flows, m, cls, now);
		if (m->flow.ct)
			qq_ct_first_record(&m->flow);
	}
	if (fresh)
		qq_stats_inc(&qn->stats, QQ_CNT_FLOWS);

	ev.time_ns = ktime_get_real_ns();
	ev.family = m->family;
	ev.l4proto = m->l4proto;
	ev.saddr = m->saddr;
	ev.daddr = m->daddr;
	ev.sport = m->sport;
	ev.dport = m->dport;
	ev.cls = cls;
	ev.action = action;
	if (qq_ring_push(&qn->events, &ev, now))
		qq_genl_notify_event(qn->net, &ev);
	else
		qq_stats_inc(&qn->stats, QQ_CNT_RATELIMITED);

	if (log_rs)
		qq_log_event(log_rs, m, cls, action == QQ_ACTION_BLOCKED ?
			     "Blocked" : "detected");
}

u8 qq_net_flow_class(const struct qq_pkt_meta *m)
{
	return qq_flow_class(&qq_pernet(nf_ct_net(m->flow.ct))->flows, m,
			     jiffies);
}

bool qq_net_server_match(struct qq_net *qn, const struct qq_pkt_meta *m)
{
	const struct qq_srv_table *t = rcu_dereference(qn->servers);
	struct qq_server *s;

	if (!t || !READ_ONCE(t->count) || !m->l4ok)
		return false;
	s = qq_srv_lookup(t, m->family, &m->daddr, m->l4proto, ntohs(m->dport));
	if (!s)
		s = qq_srv_lookup(t, m->family, &m->saddr, m->l4proto,
				  ntohs(m->sport));
	if (!s)
		return false;
	atomic64_inc(&s->hits);
	return true;
}

static int __net_init qq_net_init(struct net *net)
{
	struct qq_net *qn = qq_pernet(net);
	int err;

	qn->net = net;
	mutex_init(&qn->lock);
	qn->mode = QQ_MODE_OFF;
	qn->mode_flags = 0;
	qn->hooks_on = false;
	qn->staged = NULL;
	qn->srv_gen = 0;
	qq_log_ratelimit_init(&qn->hook_log_rs);
	qq_cont_table_init(&qn->conts);
	err = qq_stats_init(&qn->stats);
	if (err)
		return err;
	err = qq_ring_init(&qn->events, qq_event_ring_size, qq_event_burst,
			   msecs_to_jiffies(qq_event_interval_ms));
	if (err)
		goto err_stats;
	err = qq_flow_init(&qn->flows, qq_flow_slots);
	if (err)
		goto err_ring;
	RCU_INIT_POINTER(qn->servers, qq_srv_table_alloc(0));
	if (!rcu_access_pointer(qn->servers)) {
		err = -ENOMEM;
		goto err_flow;
	}
	mutex_lock(&qn->lock);
	err = qq_net_set_mode(qn, READ_ONCE(qq_default_mode));
	mutex_unlock(&qn->lock);
	if (err)
		goto err_servers;
	return 0;

err_servers:
	qq_srv_table_free(rcu_dereference_protected(qn->servers, true));
err_flow:
	qq_flow_free(&qn->flows);
err_ring:
	qq_ring_free(&qn->events);
err_stats:
	qq_stats_free(&qn->stats);
	return err;
}

static void __net_exit qq_net_exit(struct net *net)
{
	struct qq_net *qn = qq_pernet(net);

	mutex_lock(&qn->lock);
	qq_net_set_mode(qn, QQ_MODE_OFF);
	/* No packet crosses a dying netns: nothing reads the tables now. */
	qq_srv_table_free(qq_servers_deref(qn));
	RCU_INIT_POINTER(qn->servers, NULL);
	qq_srv_table_free(qn->staged);
	qn->staged = NULL;
	mutex_unlock(&qn->lock);
	qq_flow_free(&qn->flows);
	qq_ring_free(&qn->events);
	qq_stats_free(&qn->stats);
}

static struct pernet_operations qq_net_ops = {
	.init	= qq_net_init,
	.exit	= qq_net_exit,
	.id	= &qq_net_id,
	.size	= sizeof(struct qq_net),
};

int qq_net_register(void)
{
	if (!qq_event_ring_size || qq_event_ring_size > 65536) {
		pr_err("event_ring_size must be 1..65536\n");
		return -EINVAL;
	}
	if (!qq_event_interval_ms || qq_event_interval_ms > 3600 * 1000) {
		pr_err("event_interval_ms must be 1..3600000\n");
		return -EINVAL;
	}
	if (!is_power_of_2(qq_flow_slots) || qq_flow_slots > (1U << 20)) {
		pr_err("flow_slots must be a power of two up to 1048576\n");
		return -EINVAL;
	}
	if (qq_ct_check_params())
		return -EINVAL;
	return register_pernet_subsys(&qq_net_ops);
}

void qq_net_unregister(void)
{
	unregister_pernet_subsys(&qq_net_ops);
}
