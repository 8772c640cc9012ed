/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qq_verdict: the per-flow decision on top of qq_classify(), shared by the
 * kernel (which keeps struct qq_verdict in conntrack labels) and qqscan
 * (which keeps it in its flow table), so both judge a flow alike.
 *
 *  - Once a payload packet of a flow is QQ, every later payload packet of
 *    it, in both directions, is QQ of the same class (reason "flow"):
 *    encrypted continuations carry no signature of their own.
 *  - A flow is inspected for its first QQ_VERDICT_PKTS payload packets
 *    only; after that a non-QQ flow costs one state check per packet.
 *  - A TLS ClientHello that goes on past a segment is resumed in the next
 *    one, from a struct qq_tls_cont the caller keeps with the flow.
 * Packets without payload are never QQ and are not to be passed here.
 */
#ifndef QQ_VERDICT_H
#define QQ_VERDICT_H

#include "qq_classify.h"

/* Payload packets (both directions) inspected per flow; at most 15. */
#define QQ_VERDICT_PKTS		8

struct qq_verdict {
	u8 cls;			/* enum qq_class once the flow is QQ */
	u8 seen;		/* payload packets inspected, <= QQ_VERDICT_PKTS */
	bool more;		/* a ClientHello continues: @cont is live */
};

/* Nothing left to learn: the flow is QQ, or was inspected in full. */
static inline bool qq_verdict_final(const struct qq_verdict *v)
{
	return v->cls != QQ_CLASS_NONE || v->seen >= QQ_VERDICT_PKTS;
}

/*
 * Judge payload packet @pl of the flow whose state is @v (and @cont, which
 * may be NULL when the caller has nowhere to keep one).  Updates @v and
 * @cont and returns the packet's class.
 */
enum qq_class qq_verdict_packet(struct qq_verdict *v, struct qq_tls_cont *cont,
				const struct qq_payload *pl,
				struct qq_result *res);

#endif /* QQ_VERDICT_H */
