// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TLS ClientHello whose server_name names a QQ IM host (qq_hosts.c).
 *
 * Every length is checked against the record, the handshake message, the
 * extension block and our view, whichever ends first.  A ClientHello
 * bigger than one segment is parsed as far as the segment goes: when the
 * server_name extension lies beyond it, the packet is given up, not
 * guessed at (QQ's own clients send it early; padding comes last).
 */
#include "qq_proto.h"

#define TLS_CT_HANDSHAKE	0x16
#define TLS_HS_CLIENT_HELLO	0x01
#define TLS_EXT_SERVER_NAME	0x0000
#define TLS_SNI_HOST_NAME	0x00
#define TLS_RECORD_MAX		(16384 + 2048)
#define TLS_SESSION_ID_MAX	32

struct tls_cursor {
	const u8 *p;
	u32 off, end;
};

static bool cur_skip(struct tls_cursor *c, u32 n)
{
	if (n > c->end - c->off)
		return false;
	c->off += n;
	return true;
}

static bool cur_u8(struct tls_cursor *c, u32 *v)
{
	if (c->end - c->off < 1)
		return false;
	*v = c->p[c->off++];
	return true;
}

static bool cur_u16(struct tls_cursor *c, u32 *v)
{
	if (c->end - c->off < 2)
		return false;
	*v = qq_be16(c->p + c->off);
	c->off += 2;
	return true;
}

/* server_name_list: is any host_name entry a QQ IM host? */
static bool sni_is_qq(const u8 *p, u32 len)
{
	struct tls_cursor c = { .p = p, .off = 0, .end = len };
	u32 list, type, nlen;

	if (!cur_u16(&c, &list) || list > c.end - c.off)
		return false;
	c.end = c.off + list;
	while (c.off < c.end) {
		if (!cur_u8(&c, &type) || !cur_u16(&c, &nlen) ||
		    nlen > c.end - c.off)
			return false;
		if (type == TLS_SNI_HOST_NAME && qq_im_host(p + c.off, nlen))
			return true;
		c.off += nlen;
	}
	return false;
}

bool qq_tls_tcp(const struct qq_payload *pl, struct qq_result *res)
{
	struct tls_cursor c = { .p = pl->data, .off = 0, .end = pl->len };
	u32 rec_len, hs_len, v, ext_len, type, len;

	/* Record: handshake, version 3.x, a plausible length. */
	if (pl->len < 9 || pl->data[0] != TLS_CT_HANDSHAKE ||
	    pl->data[1] != 0x03 || pl->data[2] > 0x04)
		return false;
	rec_len = qq_be16(pl->data + 3);
	if (rec_len < 4 || rec_len > TLS_RECORD_MAX)
		return false;
	if (pl->data[5] != TLS_HS_CLIENT_HELLO)
		return false;
	hs_len = qq_be24(pl->data + 6);
	if (hs_len + 4 > rec_len)
		return false;	/* a ClientHello split over records: rare */
	c.off = 9;
	if (c.end > 9 + hs_len)
		c.end = 9 + hs_len;

	/* legacy_version 3.x, random, session id, suites, compression. */
	if (!cur_u8(&c, &v) || v != 0x03 || !cur_skip(&c, 1 + 32))
		return false;
	if (!cur_u8(&c, &len) || len > TLS_SESSION_ID_MAX || !cur_skip(&c, len))
		return false;
	if (!cur_u16(&c, &len) || len < 2 || len & 1 || !cur_skip(&c, len))
		return false;
	if (!cur_u8(&c, &len) || len < 1 || !cur_skip(&c, len))
		return false;
	if (!cur_u16(&c, &ext_len))
		return false;
	if (ext_len < c.end - c.off)
		c.end = c.off + ext_len;

	/* Extensions, as far as they are in view. */
	while (cur_u16(&c, &type) && cur_u16(&c, &len)) {
		if (len > c.end - c.off)
			return false;	/* cut by the segment: give up */
		if (type == TLS_EXT_SERVER_NAME) {
			if (!sni_is_qq(c.p + c.off, len))
				return false;
			res->reason = QQ_R_TLS_SNI;
			res->units = 1;
			return true;
		}
		c.off += len;
	}
	return false;
}
