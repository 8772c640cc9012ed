/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qq_classify: the only code that parses payload bytes.
 *
 * Plain C with no kernel dependency: the same file is built into xt_qq.ko,
 * the userspace unit tests, the fuzzers and the capture scanner.  It takes
 * bytes in and gives a class out; it allocates nothing and keeps no state.
 */
#ifndef QQ_CLASSIFY_H
#define QQ_CLASSIFY_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#endif

#include "uapi/xt_qq.h"

/* IANA protocol numbers, so this header needs no libc or kernel net headers. */
#define QQ_L4_TCP		6
#define QQ_L4_UDP		17

/* Smallest OICQ packet: 02 | ver(2) | cmd(2) | seq(2) | 4 bytes | 03 */
#define QQ_OICQ_MIN_LEN		12
/* Upper bound on OICQ packets walked in one TCP segment. */
#define QQ_OICQ_MAX_UNITS	64

/* Why a payload was classified the way it was (for tests and qqscan). */
enum qq_reason {
	QQ_R_NONE = 0,
	QQ_R_OICQ_UDP,		/* one OICQ datagram */
	QQ_R_OICQ_TCP,		/* length-prefixed OICQ packets in a segment */
	QQ_R_MSF,		/* MSF/SSO frames */
	QQ_R_HTTP_CLIENT,	/* the QQ client's own HTTP markers */
	QQ_R_HTTP_HOST,		/* HTTP Host or absolute URI: a QQ IM host */
	QQ_R_HTTP_CONNECT,	/* proxy CONNECT to a QQ IM host */
	QQ_R_TLS_SNI,		/* TLS ClientHello naming a QQ IM host */
	QQ_R_TLS_SNI_CONT,	/* ... found in a later segment of it */
	QQ_R_FLOW,		/* no signature: the flow was found QQ before */
	QQ_R_SERVER,		/* remote end in the server table */
};

struct qq_payload {
	const u8 *data;		/* first @len bytes of the L4 payload */
	u32 len;		/* bytes readable at @data */
	u32 wire_len;		/* whole payload length, >= @len */
	u8 l4proto;		/* QQ_L4_UDP or QQ_L4_TCP */
	/*
	 * When the caller shows less than the whole payload (@len <
	 * @wire_len), the payload's last byte if it could read it, so a big
	 * datagram's ETX tail can still be checked.
	 */
	bool has_tail;
	u8 tail;
	/*
	 * TCP only, for a flow's state across segments (qq_verdict.h): the
	 * sequence number of the first payload byte, and the direction
	 * (0: the flow's originator, 1: the reply side).
	 */
	bool has_seq;
	u8 dir;
	u32 seq;
};

/*
 * A TLS ClientHello cut by a segment end before its server_name: where to
 * resume its extension walk in the next segment.  Opaque to callers, who
 * only keep it with the flow.
 */
struct qq_tls_cont {
	u32 next_seq;		/* sequence number of the next byte */
	u16 skip;		/* bytes of an extension body left to skip */
	u16 left;		/* bytes of the extension block left, from here */
	u8 dir;			/* the ClientHello's direction */
	u8 have;		/* bytes of a cut extension header in @hdr */
	u8 hdr[3];
	u8 pad[3];
};

struct qq_result {
	u8 cls;			/* enum qq_class */
	u8 reason;		/* enum qq_reason */
	u16 units;		/* protocol units recognised (packets, frames) */
};

enum qq_class qq_classify(const struct qq_payload *pl, struct qq_result *res);

/*
 * The same, but when a TLS ClientHello goes on past this segment before
 * its server_name, fill @cont and set *@more (the class is then NONE).
 * @cont may be NULL: nothing is resumed.
 */
enum qq_class qq_classify_cont(const struct qq_payload *pl,
			       struct qq_result *res, struct qq_tls_cont *cont,
			       bool *more);

/*
 * Resume a ClientHello in the next segment @pl of its direction.  Returns
 * TLS, or NONE with *@more set when it goes on further still.  A segment
 * that is not the next one in sequence returns NONE with *@resumed false,
 * so the caller classifies it afresh.
 */
enum qq_class qq_tls_resume(struct qq_tls_cont *cont,
			    const struct qq_payload *pl, struct qq_result *res,
			    bool *more, bool *resumed);
const char *qq_class_name(unsigned int cls);
const char *qq_reason_name(unsigned int reason);

#endif /* QQ_CLASSIFY_H */
