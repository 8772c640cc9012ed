// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TLS ClientHello whose server_name names a QQ IM host (qq_hosts.c).
 *
 * Every length is checked against the record, the handshake message, the
 * extension block and our view, whichever ends first.  A ClientHello
 * bigger than one segment is common (post-quantum key shares make it
 * ~1.8 kB, and Chromium, hence QQNT, shuffles its extensions), so when
 * the segment ends in the extension block before server_name, the walk
 * can be resumed in the next segment from a few bytes of state
 * (struct qq_tls_cont).  When server_name itself is cut, or the next
 * segment is not the next in sequence, the flow is given up, not guessed
 * at.
 */
#include "qq_proto.h"

#define TLS_CT_HANDSHAKE	0x16
#define TLS_HS_CLIENT_HELLO	0x01
#define TLS_EXT_SERVER_NAME	0x0000
#define TLS_SNI_HOST_NAME	0x00
#define TLS_RECORD_MAX		(16384 + 2048)
#define TLS_SESSION_ID_MAX	32
#define TLS_EXT_HDR_LEN		4

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

enum tls_walk { TLS_NO, TLS_QQ, TLS_MORE };

/*
 * Walk extensions in @p[0..@len), the bytes that follow the state in @st
 * in the stream: first the rest of a skipped extension body, then whole
 * extension headers, some of which may have been cut last time.  @st->left
 * bounds the walk to the extension block.
 */
static enum tls_walk ext_walk(struct qq_tls_cont *st, const u8 *p, u32 len)
{
	u32 off = 0;

	for (;;) {
		u8 hb[TLS_EXT_HDR_LEN];
		u32 n, type, elen, i;

		n = st->skip < len - off ? st->skip : len - off;
		st->skip -= n;
		st->left -= n;
		off += n;
		if (st->skip)
			return TLS_MORE;	/* the segment ended inside a body */
		if (st->left == 0)
			return TLS_NO;		/* no server_name at all */

		/* The next header: what was kept of it, then this segment. */
		for (i = 0; i < st->have; i++)
			hb[i] = st->hdr[i];
		while (i < TLS_EXT_HDR_LEN && off < len) {
			if (st->left == 0)
				return TLS_NO;	/* a header past the block */
			hb[i++] = p[off++];
			st->left--;
		}
		if (i < TLS_EXT_HDR_LEN) {
			for (st->have = 0; st->have < i; st->have++)
				st->hdr[st->have] = hb[st->have];
			return TLS_MORE;	/* the segment ended in a header */
		}
		st->have = 0;
		type = qq_be16(hb);
		elen = qq_be16(hb + 2);
		if (elen > st->left)
			return TLS_NO;		/* longer than the block */
		if (type == TLS_EXT_SERVER_NAME) {
			if (elen > len - off)
				return TLS_NO;	/* cut: give up */
			return sni_is_qq(p + off, elen) ? TLS_QQ : TLS_NO;
		}
		st->skip = elen;
	}
}

/*
 * Parse a ClientHello up to its extension block and walk it.  TLS_MORE
 * leaves in @st where the next segment resumes.
 */
static enum tls_walk client_hello(const struct qq_payload *pl,
				  struct qq_tls_cont *st)
{
	struct tls_cursor c = { .p = pl->data, .off = 0, .end = pl->len };
	u32 rec_len, hs_len, hs_end, v, ext_len, len;

	/* Record: handshake, version 3.x, a plausible length. */
	if (pl->len < 9 || pl->data[0] != TLS_CT_HANDSHAKE ||
	    pl->data[1] != 0x03 || pl->data[2] > 0x04)
		return TLS_NO;
	rec_len = qq_be16(pl->data + 3);
	if (rec_len < 4 || rec_len > TLS_RECORD_MAX)
		return TLS_NO;
	if (pl->data[5] != TLS_HS_CLIENT_HELLO)
		return TLS_NO;
	hs_len = qq_be24(pl->data + 6);
	if (hs_len + 4 > rec_len)
		return TLS_NO;	/* a ClientHello split over records: rare */
	hs_end = 9 + hs_len;
	c.off = 9;
	if (c.end > hs_end)
		c.end = hs_end;

	/* legacy_version 3.x, random, session id, suites, compression. */
	if (!cur_u8(&c, &v) || v != 0x03 || !cur_skip(&c, 1 + 32))
		return TLS_NO;
	if (!cur_u8(&c, &len) || len > TLS_SESSION_ID_MAX || !cur_skip(&c, len))
		return TLS_NO;
	if (!cur_u16(&c, &len) || len < 2 || len & 1 || !cur_skip(&c, len))
		return TLS_NO;
	if (!cur_u8(&c, &len) || len < 1 || !cur_skip(&c, len))
		return TLS_NO;
	if (!cur_u16(&c, &ext_len) || ext_len > hs_end - c.off)
		return TLS_NO;

	st->skip = 0;
	st->left = ext_len;
	st->have = 0;
	st->dir = pl->dir;
	return ext_walk(st, pl->data + c.off, c.end - c.off);
}

/* A walk may go on in the next segment only if all of this one was seen. */
static bool can_resume(const struct qq_payload *pl)
{
	return pl->has_seq && pl->len == pl->wire_len;
}

enum qq_class qq_tls_start(const struct qq_payload *pl, struct qq_result *res,
			   struct qq_tls_cont *cont, bool *more)
{
	struct qq_tls_cont st = {};

	switch (client_hello(pl, &st)) {
	case TLS_QQ:
		res->reason = QQ_R_TLS_SNI;
		res->units = 1;
		return QQ_CLASS_TLS;
	case TLS_MORE:
		if (cont && more && can_resume(pl)) {
			st.next_seq = pl->seq + pl->wire_len;
			*cont = st;
			*more = true;
		}
		return QQ_CLASS_NONE;
	default:
		return QQ_CLASS_NONE;
	}
}

enum qq_class qq_tls_resume(struct qq_tls_cont *cont,
			    const struct qq_payload *pl, struct qq_result *res,
			    bool *more, bool *resumed)
{
	u32 skip;

	*more = false;
	*resumed = false;
	if (!pl->has_seq || pl->dir != cont->dir)
		return QQ_CLASS_NONE;
	/* Sequence space wraps: compare by distance. */
	skip = cont->next_seq - pl->seq;
	if (skip > pl->wire_len || (skip == pl->wire_len && pl->wire_len)) {
		/*
		 * Old data again (a retransmission): wait for the new.  A gap
		 * (next_seq behind seq): the walk is lost.
		 */
		if (skip < 0x80000000U) {
			*resumed = true;
			*more = true;
		}
		return QQ_CLASS_NONE;
	}
	*resumed = true;
	if (skip > pl->len)
		return QQ_CLASS_NONE;
	switch (ext_walk(cont, pl->data + skip, pl->len - skip)) {
	case TLS_QQ:
		res->reason = QQ_R_TLS_SNI_CONT;
		res->units = 1;
		return QQ_CLASS_TLS;
	case TLS_MORE:
		if (can_resume(pl)) {
			cont->next_seq = pl->seq + pl->wire_len;
			*more = true;
		}
		return QQ_CLASS_NONE;
	default:
		return QQ_CLASS_NONE;
	}
}

bool qq_tls_tcp(const struct qq_payload *pl, struct qq_result *res)
{
	return qq_tls_start(pl, res, NULL, NULL) == QQ_CLASS_TLS;
}
