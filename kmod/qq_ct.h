/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow verdicts kept with conntrack.
 *
 * A flow's struct qq_verdict is packed into 16 bits of its conntrack
 * labels (bits ct_label_base .. ct_label_base + 15), so it lives and dies
 * with the connection, costs no memory of its own and is never evicted,
 * and the admin's ct mark is left alone.  Bit ct_label_base itself says
 * "this flow is QQ", for "-m connlabel" or nft "ct label".  The rare TLS
 * ClientHello that spans segments keeps its few bytes of parser state in
 * a small per-netns table (struct qq_cont_table), looked at only for a
 * flow whose label says one is pending.
 *
 * A packet without conntrack, or whose conntrack predates the first rule
 * or hook of its netns (no labels), is judged on its own.
 */
#ifndef QQ_CT_H
#define QQ_CT_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct nf_conn;

#include "qq_verdict.h"

/* Continuations kept per netns; a colliding one replaces the older. */
#define QQ_CONT_SLOTS		64
/* A ClientHello's next segment comes within this, or never. */
#define QQ_CONT_TTL		(10 * HZ)

struct qq_cont_slot {
	const void *ct;			/* key only, never dereferenced */
	unsigned long stamp;		/* jiffies when stored */
	struct qq_tls_cont cont;
};

struct qq_cont_table {
	spinlock_t lock;
	struct qq_cont_slot slot[QQ_CONT_SLOTS];
};

/* The flow of one packet, as found by qq_ct_find(). */
struct qq_ct_flow {
	struct nf_conn *ct;		/* NULL: no usable conntrack */
	unsigned long *labels;		/* its labels, as a bitmap */
	unsigned long *word;		/* the labels word holding our bits */
	u16 bits;			/* our 16 bits, as read */
	u8 dir;				/* IP_CT_DIR_ORIGINAL / _REPLY */
};

extern unsigned int qq_ct_label_base;

int qq_ct_check_params(void);

/* Rules and hooks ask for labels on the new conntracks of their netns. */
int qq_ct_labels_get(struct net *net);
void qq_ct_labels_put(struct net *net);

/* The packet's flow and its verdict so far; false: judge it alone. */
bool qq_ct_find(const struct sk_buff *skb, struct qq_ct_flow *f,
		struct qq_verdict *v);

/* Store the verdict after qq_verdict_packet(); @cont when v->more. */
void qq_ct_update(struct qq_ct_flow *f, const struct qq_verdict *v,
		  const struct qq_tls_cont *cont);

/* The pending continuation of @f into @cont; false if it was lost. */
bool qq_ct_cont_load(const struct qq_ct_flow *f, struct qq_tls_cont *cont);

/* True the first time this is asked of a flow: count it once. */
bool qq_ct_first_record(const struct qq_ct_flow *f);

void qq_cont_table_init(struct qq_cont_table *t);

/* 16-bit packing of a verdict; exposed for the KUnit suite. */
u16 qq_ct_pack(const struct qq_verdict *v, u16 old);
void qq_ct_unpack(u16 bits, struct qq_verdict *v);

#endif /* QQ_CT_H */
