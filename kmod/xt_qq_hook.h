/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XT_QQ_HOOK_H
#define XT_QQ_HOOK_H

#include <net/net_namespace.h>

int qq_hook_register(struct net *net);
void qq_hook_unregister(struct net *net);

#endif
