/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XT_QQ_NETLINK_H
#define XT_QQ_NETLINK_H

#include <net/genetlink.h>

#include "qq_events.h"

int qq_genl_register(void);
void qq_genl_unregister(void);

/* From the packet path: multicast @ev if anyone in @net listens. */
void qq_genl_notify_event(struct net *net, const struct qq_event *ev);

/* Per-op policies, visible for the KUnit suite. */
extern const struct nla_policy qq_set_mode_policy[QQ_A_MODE_FLAGS + 1];
extern const struct nla_policy qq_server_policy[QQ_SERVER_A_PORT_MAX + 1];
extern const struct nla_policy qq_server_add_policy[QQ_A_SERVER_FLAGS + 1];

#endif
