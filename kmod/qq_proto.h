/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qq_proto: what the per-protocol recognisers share, for qq_classify.c
 * and its siblings only.  Each recogniser reads nothing beyond
 * @pl->data[@pl->len - 1] and fills @res only when it returns true.
 */
#ifndef QQ_PROTO_H
#define QQ_PROTO_H

#include "qq_classify.h"

static inline u16 qq_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline u32 qq_be24(const u8 *p)
{
	return (u32)p[0] << 16 | (u32)p[1] << 8 | p[2];
}

static inline u32 qq_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u8 qq_lower(u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

bool qq_oicq_udp(const struct qq_payload *pl, struct qq_result *res);
bool qq_oicq_tcp(const struct qq_payload *pl, struct qq_result *res);
bool qq_msf_tcp(const struct qq_payload *pl, struct qq_result *res);
bool qq_http_tcp(const struct qq_payload *pl, struct qq_result *res);
bool qq_tls_tcp(const struct qq_payload *pl, struct qq_result *res);
/* qq_tls_tcp(), able to leave a continuation (qq_classify_cont()). */
enum qq_class qq_tls_start(const struct qq_payload *pl, struct qq_result *res,
			   struct qq_tls_cont *cont, bool *more);

/* A DNS name (no trailing dot needed) that only QQ IM clients contact. */
bool qq_im_host(const u8 *name, u32 len);

#endif /* QQ_PROTO_H */
