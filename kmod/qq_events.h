/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-netns event log: a bounded ring of the last detections, behind a
 * rate limit so that a flood costs a counter increment, not a log entry.
 */
#ifndef QQ_EVENTS_H
#define QQ_EVENTS_H

#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct qq_event {
	u64 seq;			/* set by qq_ring_push() */
	u64 time_ns;			/* CLOCK_REALTIME */
	union nf_inet_addr saddr, daddr;
	__be16 sport, dport;
	u8 family;			/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 l4proto;
	u8 cls;				/* enum qq_class */
	u8 action;			/* enum qq_action */
};

struct qq_event_ring {
	spinlock_t lock;
	struct qq_event *ev;
	u32 size;			/* entries in @ev */
	u32 head;			/* where the next event goes */
	u64 next_seq;			/* seq of the next event; first is 0 */
	/* Rate limit: at most @burst events per @interval jiffies. */
	unsigned long rl_begin;
	unsigned long rl_interval;
	u32 rl_burst;
	u32 rl_count;
};

int qq_ring_init(struct qq_event_ring *r, u32 size, u32 burst,
		 unsigned long interval);
void qq_ring_free(struct qq_event_ring *r);

/* Records @ev at time @now (jiffies); false when the rate limit says no. */
bool qq_ring_push(struct qq_event_ring *r, struct qq_event *ev,
		  unsigned long now);

/*
 * Copies the oldest event whose seq is >= *@cursor and moves the cursor
 * past it.  Events overwritten by the ring are skipped; *@lost (if not
 * NULL) says whether that happened.  False when no event is left.
 */
bool qq_ring_next(struct qq_event_ring *r, u64 *cursor, struct qq_event *out,
		  bool *lost);

/* Seq of the oldest event still held, and of the next one to come. */
void qq_ring_bounds(struct qq_event_ring *r, u64 *first, u64 *next);

#endif
