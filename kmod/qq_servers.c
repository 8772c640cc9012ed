// SPDX-License-Identifier: GPL-2.0-only
/*
 * The QQ server table, one per netns.
 *
 * Structure: one hash table keyed by (family, prefix length, masked
 * address), and the list of prefix lengths in use.  A lookup masks the
 * packet's address once per length in use, longest first, and probes one
 * bucket each.  QQ server lists are host addresses plus a few ranges, so
 * that is one to three probes whatever the size of the table, and the
 * table is kept at most half full by growing it, so a probe stays O(1)
 * from 10 entries to a million.  (An LPM trie costs a walk of up to 32 or
 * 128 levels of pointer chasing per lookup, and more memory per entry.)
 *
 * Readers are lock-free under RCU (netfilter hooks and matches already run
 * inside an RCU read side).  Writers hold the netns mutex; a removed entry
 * is freed with kfree_rcu(), a replaced table after synchronize_rcu().
 */
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "qq_servers.h"

unsigned int qq_max_servers = 1 << 20;
module_param_named(max_servers, qq_max_servers, uint, 0644);
MODULE_PARM_DESC(max_servers, "Entries allowed in one netns's server table (default 1048576)");

#define QQ_SRV_MIN_BUCKETS	64

static int fam_idx(u8 family)
{
	return family == NFPROTO_IPV6;
}

static u32 qq_srv_hash(const struct qq_srv_table *t, u8 family, u8 plen,
		       const union nf_inet_addr *a)
{
	return jhash2(a->all, 4, t->seed ^ (family << 8 | plen)) & t->mask;
}

static void qq_mask(union nf_inet_addr *out, const union nf_inet_addr *a,
		    u8 family, u8 plen)
{
	int i;

	memset(out, 0, sizeof(*out));
	if (family == NFPROTO_IPV4) {
		out->ip = plen ? a->ip & htonl(~0U << (32 - plen)) : 0;
		return;
	}
	for (i = 0; i < 4 && plen; i++) {
		u32 bits = min_t(u32, plen, 32);

		out->all[i] = a->all[i] & htonl(~0U << (32 - bits));
		plen -= bits;
	}
}

struct qq_srv_table *qq_srv_table_alloc(u32 hint)
{
	u32 n = roundup_pow_of_two(max_t(u32, QQ_SRV_MIN_BUCKETS,
					 min_t(u32, hint, 1U << 24) * 2));
	struct qq_srv_table *t;

	t = kvzalloc(struct_size(t, bucket, n), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	t->mask = n - 1;
	t->seed = get_random_u32();
	return t;
}

void qq_srv_table_free(struct qq_srv_table *t)
{
	struct qq_server *s;
	struct hlist_node *tmp;
	u32 i;

	if (!t)
		return;
	for (i = 0; i <= t->mask; i++)
		hlist_for_each_entry_safe(s, tmp, &t->bucket[i], node)
			kfree(s);
	kvfree(t);
}

int qq_server_key_check(struct qq_server_key *k, const char **why)
{
	union nf_inet_addr m;

	if (k->family == NFPROTO_IPV6 && ipv6_addr_v4mapped(&k->addr.in6) &&
	    k->plen >= 96) {
		__be32 v4 = k->addr.in6.s6_addr32[3];

		memset(&k->addr, 0, sizeof(k->addr));
		k->addr.ip = v4;
		k->family = NFPROTO_IPV4;
		k->plen -= 96;
	}
	if (k->family != NFPROTO_IPV4 && k->family != NFPROTO_IPV6) {
		*why = "family must be NFPROTO_IPV4 or NFPROTO_IPV6";
		return -EINVAL;
	}
	if (k->plen > (k->family == NFPROTO_IPV4 ? 32 : 128)) {
		*why = "prefix length too long for the family";
		return -EINVAL;
	}
	qq_mask(&m, &k->addr, k->family, k->plen);
	if (memcmp(&m, &k->addr, sizeof(m))) {
		*why = "host bits set beyond the prefix length";
		return -EINVAL;
	}
	if (k->proto && k->proto != IPPROTO_TCP && k->proto != IPPROTO_UDP) {
		*why = "protocol must be 0 (any), TCP or UDP";
		return -EINVAL;
	}
	if (k->port_min > k->port_max) {
		*why = "port range is empty";
		return -EINVAL;
	}
	k->pad = 0;
	return 0;
}

static bool qq_key_eq(const struct qq_server_key *a, const struct qq_server_key *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       a->proto == b->proto && a->port_min == b->port_min &&
	       a->port_max == b->port_max &&
	       !memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

struct qq_server *qq_srv_find_exact(const struct qq_srv_table *t,
				    const struct qq_server_key *k)
{
	struct qq_server *s;

	hlist_for_each_entry_rcu(s, &t->bucket[qq_srv_hash(t, k->family, k->plen,
							   &k->addr)], node,
				 true)
		if (qq_key_eq(&s->key, k))
			return s;
	return NULL;
}

struct qq_server *qq_srv_lookup(const struct qq_srv_table *t, u8 family,
				const union nf_inet_addr *addr, u8 proto,
				u16 port)
{
	union nf_inet_addr v4, m;
	struct qq_server *s;
	int f, i, n;

	/* An IPv4-mapped IPv6 address is looked up as the IPv4 one. */
	if (family == NFPROTO_IPV6 && ipv6_addr_v4mapped(&addr->in6)) {
		memset(&v4, 0, sizeof(v4));
		v4.ip = addr->in6.s6_addr32[3];
		addr = &v4;
		family = NFPROTO_IPV4;
	}
	f = fam_idx(family);
	n = READ_ONCE(t->nlens[f]);
	for (i = 0; i < n && i < ARRAY_SIZE(t->lens[f]); i++) {
		u8 plen = READ_ONCE(t->lens[f][i]);

		if (plen > (family == NFPROTO_IPV4 ? 32 : 128))
			continue;
		qq_mask(&m, addr, family, plen);
		hlist_for_each_entry_rcu(s, &t->bucket[qq_srv_hash(t, family, plen, &m)],
					 node) {
			const struct qq_server_key *k = &s->key;

			if (k->family == family && k->plen == plen &&
			    !memcmp(&k->addr, &m, sizeof(m)) &&
			    (!k->proto || k->proto == proto) &&
			    port >= k->port_min && port <= k->port_max)
				return s;
		}
	}
	return NULL;
}

/* Rewrites the list of lengths in use after a reference count went 0<->1. */
static void qq_srv_relens(struct qq_srv_table *t, int f)
{
	int plen, n = 0;

	for (plen = 128; plen >= 0; plen--)
		if (t->len_refs[f][plen])
			WRITE_ONCE(t->lens[f][n++], plen);
	WRITE_ONCE(t->nlens[f], n);
}

void qq_srv_insert(struct qq_srv_table *t, struct qq_server *s)
{
	int f = fam_idx(s->key.family);

	hlist_add_head_rcu(&s->node, &t->bucket[qq_srv_hash(t, s->key.family,
							     s->key.plen,
							     &s->key.addr)]);
	if (t->len_refs[f][s->key.plen]++ == 0)
		qq_srv_relens(t, f);
	t->count++;
}

void qq_srv_remove(struct qq_srv_table *t, struct qq_server *s)
{
	int f = fam_idx(s->key.family);

	hlist_del_rcu(&s->node);
	if (--t->len_refs[f][s->key.plen] == 0)
		qq_srv_relens(t, f);
	t->count--;
}

struct qq_srv_table *qq_srv_grow(struct qq_srv_table *t, u32 need)
{
	struct qq_srv_table *nt;
	struct qq_server *s, *c;
	u32 i;

	if (need <= (t->mask + 1) / 2)
		return t;
	nt = qq_srv_table_alloc(need);
	if (!nt)
		return NULL;
	/* Readers keep using @t until the new copy is published whole. */
	for (i = 0; i <= t->mask; i++)
		hlist_for_each_entry(s, &t->bucket[i], node) {
			c = kmalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
			if (!c) {
				qq_srv_table_free(nt);
				return NULL;
			}
			c->key = s->key;
			atomic64_set(&c->hits, atomic64_read(&s->hits));
			qq_srv_insert(nt, c);
		}
	return nt;
}
