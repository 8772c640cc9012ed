/* SPDX-License-Identifier: GPL-2.0-only */
/* The QQ server table: IPv4/IPv6 prefixes, optionally with L4 protocol and ports. */
#ifndef QQ_SERVERS_H
#define QQ_SERVERS_H

#include <linux/netfilter.h>
#include <linux/rculist.h>

#include "qq_inspect.h"

struct qq_server_key {
	union nf_inet_addr addr;	/* host bits are zero */
	u8 family;			/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 plen;
	u8 proto;			/* 0: any */
	u8 pad;
	u16 port_min, port_max;		/* host order; 0..65535: any */
};

struct qq_server {
	struct hlist_node node;
	struct rcu_head rcu;
	struct qq_server_key key;
	atomic64_t hits;
};

struct qq_srv_table {
	u32 count;
	u32 mask;			/* buckets - 1 */
	u32 seed;
	/* Prefix lengths in use per family (0: v4, 1: v6), longest first. */
	u8 nlens[2];
	u8 lens[2][129];
	u32 len_refs[2][129];
	struct hlist_head bucket[];
};

extern unsigned int qq_max_servers;

struct qq_srv_table *qq_srv_table_alloc(u32 hint);
/* Frees @t and its entries at once: no reader may still see it. */
void qq_srv_table_free(struct qq_srv_table *t);

/*
 * Checks @k and masks nothing: host bits set, a bad family, length,
 * protocol or port range give -EINVAL and @why.  IPv4-mapped IPv6
 * prefixes become IPv4 ones.
 */
int qq_server_key_check(struct qq_server_key *k, const char **why);

struct qq_server *qq_srv_find_exact(const struct qq_srv_table *t,
				    const struct qq_server_key *k);
/* Longest prefix first; the first entry whose protocol and port fit. */
struct qq_server *qq_srv_lookup(const struct qq_srv_table *t, u8 family,
				const union nf_inet_addr *addr, u8 proto,
				u16 port);

/* Writers (under the netns mutex); @t must have room (see qq_srv_grow). */
void qq_srv_insert(struct qq_srv_table *t, struct qq_server *s);
void qq_srv_remove(struct qq_srv_table *t, struct qq_server *s);
/* A table with room for @need entries, holding @t's: @t or a new copy. */
struct qq_srv_table *qq_srv_grow(struct qq_srv_table *t, u32 need);

#endif
