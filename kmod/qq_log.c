// SPDX-License-Identifier: GPL-2.0-only
/*
 * Log lines read like Check Point's: "QQ Instant Messenger detected" (or
 * "Blocked"), then the flow and the class.  Each caller owns a ratelimit
 * state, so one noisy rule cannot silence another; what the limit holds
 * back is reported as "xt_qq: N callbacks suppressed".
 */
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include "qq_log.h"

unsigned int qq_log_burst = 10;
module_param_named(log_burst, qq_log_burst, uint, 0444);
MODULE_PARM_DESC(log_burst, "Log lines allowed per interval, per rule (default 10)");

unsigned int qq_log_interval_ms = 5000;
module_param_named(log_interval_ms, qq_log_interval_ms, uint, 0444);
MODULE_PARM_DESC(log_interval_ms, "Log rate-limit interval in ms (default 5000)");

void qq_log_ratelimit_init(struct ratelimit_state *rs)
{
	ratelimit_state_init(rs, msecs_to_jiffies(qq_log_interval_ms),
			     qq_log_burst);
}

static const char *l4_name(u8 proto)
{
	return proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "ip";
}

void qq_log_event(struct ratelimit_state *rs, const struct qq_pkt_meta *m,
		  enum qq_class cls, const char *action)
{
	if (!___ratelimit(rs, KBUILD_MODNAME))
		return;
	if (m->family == NFPROTO_IPV6)
		pr_info("QQ Instant Messenger %s: %s [%pI6c]:%u -> [%pI6c]:%u class=%s\n",
			action, l4_name(m->l4proto), &m->saddr.in6,
			ntohs(m->sport), &m->daddr.in6, ntohs(m->dport),
			qq_class_name(cls));
	else
		pr_info("QQ Instant Messenger %s: %s %pI4:%u -> %pI4:%u class=%s\n",
			action, l4_name(m->l4proto), &m->saddr.ip,
			ntohs(m->sport), &m->daddr.ip, ntohs(m->dport),
			qq_class_name(cls));
}
