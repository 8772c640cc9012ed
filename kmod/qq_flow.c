// SPDX-License-Identifier: GPL-2.0-only
/*
 * A direct-mapped table keyed by the direction-independent 5-tuple.  It is
 * written only when a packet was already found to be QQ, so one lock per
 * netns is enough.  It is read for the first payload packet of every new
 * conntrack (qq_flow_class), so readers take no lock and write nothing:
 * a seqlock lets them retry if a writer was busy.  A colliding
 * flow evicts the older one, which can only make a flow count twice, never
 * hide one; the table is sized by a module parameter.
 */
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "qq_flow.h"

int qq_flow_init(struct qq_flow_table *t, u32 slots)
{
	seqlock_init(&t->lock);
	t->slot = kvcalloc(slots, sizeof(*t->slot), GFP_KERNEL);
	if (!t->slot)
		return -ENOMEM;
	t->mask = slots - 1;
	t->seed = get_random_u32();
	return 0;
}

void qq_flow_free(struct qq_flow_table *t)
{
	kvfree(t->slot);
	t->slot = NULL;
}

static void qq_flow_key_make(struct qq_flow_key *k, const struct qq_pkt_meta *m)
{
	size_t alen = m->family == NFPROTO_IPV6 ? 16 : 4;
	int c;

	memset(k, 0, sizeof(*k));
	k->family = m->family;
	k->l4proto = m->l4proto;
	c = memcmp(&m->saddr, &m->daddr, alen);
	if (c < 0 || (c == 0 && ntohs(m->sport) <= ntohs(m->dport))) {
		memcpy(&k->lo_addr, &m->saddr, alen);
		memcpy(&k->hi_addr, &m->daddr, alen);
		k->lo_port = m->sport;
		k->hi_port = m->dport;
	} else {
		memcpy(&k->lo_addr, &m->daddr, alen);
		memcpy(&k->hi_addr, &m->saddr, alen);
		k->lo_port = m->dport;
		k->hi_port = m->sport;
	}
}

static struct qq_flow_slot *qq_flow_slot_of(struct qq_flow_table *t,
					    const struct qq_flow_key *k)
{
	return &t->slot[jhash2((const u32 *)k, sizeof(*k) / sizeof(u32),
			       t->seed) & t->mask];
}

bool qq_flow_note(struct qq_flow_table *t, const struct qq_pkt_meta *m,
		  u8 cls, unsigned long now)
{
	struct qq_flow_slot *s;
	struct qq_flow_key k;
	unsigned long flags;
	bool fresh;

	qq_flow_key_make(&k, m);
	s = qq_flow_slot_of(t, &k);
	/* 0 marks an empty slot, so never store it as a time. */
	now = now ?: 1;

	write_seqlock_irqsave(&t->lock, flags);
	fresh = !s->last || memcmp(&s->key, &k, sizeof(k)) ||
		time_after(now, s->last + QQ_FLOW_IDLE);
	s->key = k;
	s->last = now;
	s->cls = cls;
	write_sequnlock_irqrestore(&t->lock, flags);
	return fresh;
}

u8 qq_flow_class(struct qq_flow_table *t, const struct qq_pkt_meta *m,
		 unsigned long now)
{
	const struct qq_flow_slot *s;
	struct qq_flow_key k;
	unsigned int seq;
	u8 cls;

	qq_flow_key_make(&k, m);
	s = qq_flow_slot_of(t, &k);
	do {
		seq = read_seqbegin(&t->lock);
		cls = s->last && !memcmp(&s->key, &k, sizeof(k)) &&
		      !time_after(now, s->last + QQ_FLOW_IDLE) ? s->cls : 0;
	} while (read_seqretry(&t->lock, seq));
	return cls;
}
