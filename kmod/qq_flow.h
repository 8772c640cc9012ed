/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Recently detected QQ flows, per netns, so that "detected_flows" counts a
 * conversation once however many of its packets are QQ.
 */
#ifndef QQ_FLOW_H
#define QQ_FLOW_H

#include <linux/seqlock.h>

#include "qq_inspect.h"

/* A flow not seen for this long counts again when it comes back. */
#define QQ_FLOW_IDLE	(120 * HZ)

struct qq_flow_key {
	union nf_inet_addr lo_addr, hi_addr;
	__be16 lo_port, hi_port;
	u8 family;
	u8 l4proto;
	u8 pad[2];
};

struct qq_flow_slot {
	struct qq_flow_key key;
	unsigned long last;		/* jiffies; 0: empty */
	u8 cls;				/* enum qq_class it was found */
};

struct qq_flow_table {
	seqlock_t lock;			/* writers; readers retry */
	struct qq_flow_slot *slot;
	u32 mask;			/* slots - 1, a power of two */
	u32 seed;
};

int qq_flow_init(struct qq_flow_table *t, u32 slots);
void qq_flow_free(struct qq_flow_table *t);

/* Notes a QQ packet of @m at @now; true when its flow is new. */
bool qq_flow_note(struct qq_flow_table *t, const struct qq_pkt_meta *m,
		  u8 cls, unsigned long now);

/* The class @m's flow was found QQ with, if it was lately; else 0. */
u8 qq_flow_class(struct qq_flow_table *t, const struct qq_pkt_meta *m,
		 unsigned long now);

#endif
