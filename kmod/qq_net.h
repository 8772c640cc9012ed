/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-netns state: mode, counters, event log, flow memory. */
#ifndef QQ_NET_H
#define QQ_NET_H

#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "qq_ct.h"
#include "qq_events.h"
#include "qq_flow.h"
#include "qq_inspect.h"
#include "qq_servers.h"
#include "qq_stats.h"

struct qq_net {
	struct net *net;
	struct mutex lock;		/* serialises every writer below */
	u8 mode;			/* enum qq_mode; READ_ONCE in the hook */
	u32 mode_flags;			/* QQ_MODE_F_*; READ_ONCE in the hook */
	bool hooks_on;			/* FORWARD hooks registered (under lock) */
	struct qq_srv_table __rcu *servers;
	struct qq_srv_table *staged;	/* being loaded; no reader sees it */
	u32 srv_gen;			/* bumped on every table change */
	struct qq_stats stats;
	struct qq_event_ring events;
	struct qq_flow_table flows;	/* counts flows without conntrack */
	struct qq_cont_table conts;	/* TLS continuations (qq_ct.h) */
	struct ratelimit_state hook_log_rs;	/* kernel log, hook only */
};

extern unsigned int qq_net_id;

static inline struct qq_net *qq_pernet(const struct net *net)
{
	return net_generic(net, qq_net_id);
}

int qq_net_register(void);
void qq_net_unregister(void);

/* Mode changes take qn->lock; hooks are registered only while not off. */
int qq_net_set_mode(struct qq_net *qn, u8 mode);

/*
 * After a packet was found to be QQ: count it and its flow, add an event
 * (rate limited) and, when @log_rs is not NULL, a rate-limited log line.
 */
void qq_net_record(struct qq_net *qn, const struct qq_pkt_meta *m,
		   enum qq_class cls, enum qq_action action,
		   struct ratelimit_state *log_rs);

const char *qq_mode_name(unsigned int mode);

#define qq_servers_deref(qn) \
	rcu_dereference_protected((qn)->servers, lockdep_is_held(&(qn)->lock))

/*
 * Packet path, for a packet whose conntrack is new (unconfirmed): the class
 * its flow was lately found QQ with, when an earlier conntrack of the same
 * tuple was dropped with its first packet; else 0.
 */
u8 qq_net_flow_class(const struct qq_pkt_meta *m);

/*
 * Packet path, inside an RCU read side: is the remote end of @m (the
 * destination, or the source of a reply) in the server table?
 */
bool qq_net_server_match(struct qq_net *qn, const struct qq_pkt_meta *m);

#endif
