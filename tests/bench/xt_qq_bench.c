// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: the server table's lookup cost at 10, 10,000 and 1,000,000
 * entries, as a ratio to the 10-entry table in the same run, and its
 * memory per entry.  The table code is included as built into xt_qq.ko.
 * Results go to the kernel log; the module then refuses to stay loaded.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "qq_servers.c"

#define LOOKUPS		(1 << 20)

static u64 bench_one(u32 n, u64 *bytes)
{
	struct qq_srv_table *t = qq_srv_table_alloc(n), *nt;
	union nf_inet_addr *probe;
	struct qq_server *s;
	u32 i, hits = 0;
	u64 t0, t1;

	probe = vmalloc(array_size(LOOKUPS, sizeof(*probe)));
	if (!t || !probe)
		goto fail;
	for (i = 0; i < n; i++) {
		s = kzalloc(sizeof(*s), GFP_KERNEL);
		if (!s)
			goto fail;
		s->key.family = NFPROTO_IPV4;
		s->key.plen = 32;
		s->key.proto = IPPROTO_UDP;
		s->key.port_min = 8000;
		s->key.port_max = 8000;
		/* 100.64.0.0/10 and up: distinct host addresses. */
		s->key.addr.ip = htonl(0x64400000 + i);
		nt = qq_srv_grow(t, t->count + 1);
		if (!nt)
			goto fail;
		if (nt != t) {
			qq_srv_table_free(t);
			t = nt;
		}
		qq_srv_insert(t, s);
		if (!(i % 65536))
			cond_resched();
	}
	/* Half the probes hit an entry, half miss. */
	for (i = 0; i < LOOKUPS; i++) {
		memset(&probe[i], 0, sizeof(probe[i]));
		probe[i].ip = htonl((i & 1 ? 0x64400000 : 0x0a000000) +
				    get_random_u32() % n);
	}
	*bytes = (u64)n * ksize(s) + (u64)(t->mask + 1) * sizeof(t->bucket[0]) +
		 sizeof(*t);
	rcu_read_lock();
	t0 = ktime_get_ns();
	for (i = 0; i < LOOKUPS; i++)
		hits += !!qq_srv_lookup(t, NFPROTO_IPV4, &probe[i], IPPROTO_UDP,
					8000);
	t1 = ktime_get_ns();
	rcu_read_unlock();
	if (hits != LOOKUPS / 2)
		pr_err("%u entries: %u hits, want %u\n", n, hits,
		       LOOKUPS / 2);
	vfree(probe);
	qq_srv_table_free(t);
	return t1 - t0;
fail:
	vfree(probe);
	qq_srv_table_free(t);
	return 0;
}

static int __init xt_qq_bench_init(void)
{
	static const u32 sizes[] = { 10, 10000, 1000000 };
	u64 ns[ARRAY_SIZE(sizes)], bytes;
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ns[i] = bench_one(sizes[i], &bytes);
		if (!ns[i])
			return -ENOMEM;
		pr_info("servers=%u ns_per_lookup=%llu.%02llu ratio=%llu.%02llu bytes_per_entry=%llu\n",
			sizes[i], ns[i] / LOOKUPS, ns[i] * 100 / LOOKUPS % 100,
			ns[i] / ns[0], ns[i] * 100 / ns[0] % 100,
			div64_u64(bytes, sizes[i]));
	}
	return -EAGAIN;	/* done: nothing to keep loaded */
}

module_init(xt_qq_bench_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xt_qq server table lookup benchmark");
