// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ring is written under a spinlock by whichever cpu detects QQ; that
 * only happens for QQ packets that passed the rate limit, so the lock is
 * never taken for ordinary traffic.  Readers (netlink dumps, in process
 * context) copy one event at a time under the same lock with BH off.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "qq_events.h"

int qq_ring_init(struct qq_event_ring *r, u32 size, u32 burst,
		 unsigned long interval)
{
	spin_lock_init(&r->lock);
	r->ev = kvcalloc(size, sizeof(*r->ev), GFP_KERNEL);
	if (!r->ev)
		return -ENOMEM;
	r->size = size;
	r->next_seq = 0;
	r->head = 0;
	r->rl_burst = burst;
	r->rl_interval = interval;
	r->rl_count = 0;
	r->rl_begin = jiffies;
	return 0;
}

void qq_ring_free(struct qq_event_ring *r)
{
	kvfree(r->ev);
	r->ev = NULL;
}

static bool qq_ring_admit(struct qq_event_ring *r, unsigned long now)
{
	if (time_after_eq(now, r->rl_begin + r->rl_interval) ||
	    time_before(now, r->rl_begin)) {
		r->rl_begin = now;
		r->rl_count = 0;
	}
	if (r->rl_count >= r->rl_burst)
		return false;
	r->rl_count++;
	return true;
}

bool qq_ring_push(struct qq_event_ring *r, struct qq_event *ev,
		  unsigned long now)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&r->lock, flags);
	ok = qq_ring_admit(r, now);
	if (ok) {
		ev->seq = r->next_seq++;
		r->ev[r->head] = *ev;
		r->head = r->head + 1 == r->size ? 0 : r->head + 1;
	}
	spin_unlock_irqrestore(&r->lock, flags);
	return ok;
}

static u64 qq_ring_first_locked(const struct qq_event_ring *r)
{
	return r->next_seq > r->size ? r->next_seq - r->size : 0;
}

void qq_ring_bounds(struct qq_event_ring *r, u64 *first, u64 *next)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	*first = qq_ring_first_locked(r);
	*next = r->next_seq;
	spin_unlock_irqrestore(&r->lock, flags);
}

bool qq_ring_next(struct qq_event_ring *r, u64 *cursor, struct qq_event *out,
		  bool *lost)
{
	unsigned long flags;
	bool found = false;
	u64 first;

	spin_lock_irqsave(&r->lock, flags);
	first = qq_ring_first_locked(r);
	if (lost)
		*lost = *cursor < first;
	if (*cursor < first)
		*cursor = first;
	if (*cursor < r->next_seq) {
		/* 1 <= back <= size: how far behind the write head. */
		u32 back = r->next_seq - *cursor;

		*out = r->ev[(r->head + r->size - back) % r->size];
		(*cursor)++;
		found = true;
	}
	spin_unlock_irqrestore(&r->lock, flags);
	return found;
}
