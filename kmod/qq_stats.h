/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-netns counters.  The packet path increments this cpu's copy only, so
 * no cache line is shared between cpus; readers sum over all cpus.  A
 * reset records the current sums as a base rather than writing other
 * cpus' counters, which would race with them.
 */
#ifndef QQ_STATS_H
#define QQ_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include "uapi/xt_qq.h"

enum qq_counter {
	QQ_CNT_INSPECTED,
	QQ_CNT_FLOWS,
	QQ_CNT_DROPPED,
	QQ_CNT_RATELIMITED,
	QQ_CNT_DETECTED,	/* then one per class, indexed by enum qq_class */
	__QQ_CNT_MAX = QQ_CNT_DETECTED + __QQ_CLASS_MAX
};

struct qq_stats_cpu {
	u64_stats_t cnt[__QQ_CNT_MAX];
	struct u64_stats_sync syncp;
};

struct qq_stats_snapshot {
	u64 cnt[__QQ_CNT_MAX];
};

struct qq_stats {
	struct qq_stats_cpu __percpu *cpu;
	struct qq_stats_snapshot base;	/* sums at the last reset */
};

int qq_stats_init(struct qq_stats *st);
void qq_stats_free(struct qq_stats *st);

/* Callers run with BH off (netfilter hooks and matches do). */
static inline void qq_stats_inc(struct qq_stats *st, enum qq_counter c)
{
	struct qq_stats_cpu *s = this_cpu_ptr(st->cpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[c]);
	u64_stats_update_end(&s->syncp);
}

void qq_stats_read(const struct qq_stats *st, struct qq_stats_snapshot *out);
/* Caller serialises resets and reads of @base (the netns mutex). */
void qq_stats_reset(struct qq_stats *st);

#endif
