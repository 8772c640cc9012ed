// SPDX-License-Identifier: GPL-2.0-only
#include "qq_stats.h"

int qq_stats_init(struct qq_stats *st)
{
	int cpu;

	memset(&st->base, 0, sizeof(st->base));
	st->cpu = alloc_percpu(struct qq_stats_cpu);
	if (!st->cpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(st->cpu, cpu)->syncp);
	return 0;
}

void qq_stats_free(struct qq_stats *st)
{
	free_percpu(st->cpu);
	st->cpu = NULL;
}

static void qq_stats_sum(const struct qq_stats *st, struct qq_stats_snapshot *out)
{
	int cpu, i;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct qq_stats_cpu *s = per_cpu_ptr(st->cpu, cpu);
		u64 v[__QQ_CNT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __QQ_CNT_MAX; i++)
				v[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __QQ_CNT_MAX; i++)
			out->cnt[i] += v[i];
	}
}

void qq_stats_read(const struct qq_stats *st, struct qq_stats_snapshot *out)
{
	int i;

	qq_stats_sum(st, out);
	for (i = 0; i < __QQ_CNT_MAX; i++)
		out->cnt[i] -= st->base.cnt[i];
}

void qq_stats_reset(struct qq_stats *st)
{
	qq_stats_sum(st, &st->base);
}
