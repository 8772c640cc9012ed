// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow verdicts in conntrack labels (qq_ct.h).
 *
 * Our 16 label bits, from ct_label_base up:
 *   0      the flow is QQ (for -m connlabel / nft ct label)
 *   1..3   its class
 *   4..7   payload packets inspected
 *   8      a TLS continuation is pending in the netns's table
 *   9      the flow was counted in detected_flows
 * They are updated with cmpxchg on the labels word, so they never race
 * with the admin's own labels in the same word, nor with another cpu.
 */
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "qq_ct.h"
#include "qq_net.h"

#define QQ_LBL_QQ		BIT(0)
#define QQ_LBL_CLS_SHIFT	1
#define QQ_LBL_CLS_MASK		(7U << QQ_LBL_CLS_SHIFT)
#define QQ_LBL_SEEN_SHIFT	4
#define QQ_LBL_SEEN_MASK	(15U << QQ_LBL_SEEN_SHIFT)
#define QQ_LBL_MORE		BIT(8)
#define QQ_LBL_COUNTED_BIT	9
#define QQ_LBL_VERDICT		(QQ_LBL_QQ | QQ_LBL_CLS_MASK | \
				 QQ_LBL_SEEN_MASK | QQ_LBL_MORE)

unsigned int qq_ct_label_base = 112;
module_param_named(ct_label_base, qq_ct_label_base, uint, 0444);
MODULE_PARM_DESC(ct_label_base, "First of the 16 conntrack label bits xt_qq keeps flow verdicts in (a multiple of 16, 0..112; default 112)");

int qq_ct_check_params(void)
{
	BUILD_BUG_ON(QQ_VERDICT_PKTS > 15);
	BUILD_BUG_ON(QQ_CLASS_MAX > 7);
	if (qq_ct_label_base % 16 || qq_ct_label_base > XT_CONNLABEL_MAXBIT + 1 - 16) {
		pr_err("ct_label_base must be a multiple of 16 from 0 to %u\n",
		       XT_CONNLABEL_MAXBIT + 1 - 16);
		return -EINVAL;
	}
	return 0;
}

u16 qq_ct_pack(const struct qq_verdict *v, u16 old)
{
	u16 b = old & ~QQ_LBL_VERDICT;

	if (v->cls)
		b |= QQ_LBL_QQ | (v->cls << QQ_LBL_CLS_SHIFT & QQ_LBL_CLS_MASK);
	b |= min_t(u16, v->seen, 15) << QQ_LBL_SEEN_SHIFT;
	if (v->more)
		b |= QQ_LBL_MORE;
	return b;
}

void qq_ct_unpack(u16 bits, struct qq_verdict *v)
{
	v->cls = (bits & QQ_LBL_CLS_MASK) >> QQ_LBL_CLS_SHIFT;
	v->seen = (bits & QQ_LBL_SEEN_MASK) >> QQ_LBL_SEEN_SHIFT;
	v->more = bits & QQ_LBL_MORE;
}

int qq_ct_labels_get(struct net *net)
{
	return nf_connlabels_get(net, qq_ct_label_base + 15);
}

void qq_ct_labels_put(struct net *net)
{
	nf_connlabels_put(net);
}

static unsigned int qq_ct_shift(void)
{
	return qq_ct_label_base % BITS_PER_LONG;
}

bool qq_ct_find(const struct sk_buff *skb, struct qq_ct_flow *f,
		struct qq_verdict *v)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn_labels *labels;
	struct nf_conn *ct;

	f->ct = NULL;
	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || nf_ct_is_template(ct))
		return false;
	labels = nf_ct_labels_find(ct);
	if (!labels)
		return false;
	f->ct = ct;
	f->labels = labels->bits;
	f->word = &labels->bits[qq_ct_label_base / BITS_PER_LONG];
	f->bits = READ_ONCE(*f->word) >> qq_ct_shift();
	f->dir = CTINFO2DIR(ctinfo);
	qq_ct_unpack(f->bits, v);
	return true;
}

static struct qq_cont_slot *qq_cont_slot(const struct qq_ct_flow *f,
					 struct qq_cont_table **t)
{
	*t = &qq_pernet(nf_ct_net(f->ct))->conts;
	return &(*t)->slot[hash_ptr(f->ct, ilog2(QQ_CONT_SLOTS))];
}

bool qq_ct_cont_load(const struct qq_ct_flow *f, struct qq_tls_cont *cont)
{
	struct qq_cont_table *t;
	struct qq_cont_slot *s = qq_cont_slot(f, &t);
	bool found;

	spin_lock(&t->lock);
	found = s->ct == f->ct &&
		time_before(jiffies, s->stamp + QQ_CONT_TTL);
	if (found)
		*cont = s->cont;
	s->ct = NULL;
	spin_unlock(&t->lock);
	return found;
}

static void qq_ct_cont_store(const struct qq_ct_flow *f,
			     const struct qq_tls_cont *cont)
{
	struct qq_cont_table *t;
	struct qq_cont_slot *s = qq_cont_slot(f, &t);

	spin_lock(&t->lock);
	s->ct = f->ct;
	s->stamp = jiffies;
	s->cont = *cont;
	spin_unlock(&t->lock);
}

void qq_ct_update(struct qq_ct_flow *f, const struct qq_verdict *v,
		  const struct qq_tls_cont *cont)
{
	unsigned long mask = 0xffffUL << qq_ct_shift(), old, new, prev;
	u16 cur;

	if (v->more)
		qq_ct_cont_store(f, cont);
	old = READ_ONCE(*f->word);
	for (;;) {
		cur = (old & mask) >> qq_ct_shift();
		/* Another cpu found the flow QQ meanwhile: that stands. */
		if (cur & QQ_LBL_QQ && !v->cls)
			return;
		new = (old & ~mask) | (unsigned long)qq_ct_pack(v, cur) << qq_ct_shift();
		if (new == old)
			return;
		prev = cmpxchg(f->word, old, new);
		if (prev == old)
			return;
		old = prev;
	}
}

bool qq_ct_first_record(const struct qq_ct_flow *f)
{
	return !test_and_set_bit(qq_ct_label_base + QQ_LBL_COUNTED_BIT,
				 f->labels);
}

void qq_cont_table_init(struct qq_cont_table *t)
{
	spin_lock_init(&t->lock);
	memset(t->slot, 0, sizeof(t->slot));
}
