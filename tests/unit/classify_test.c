// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hand-made vectors for qq_classify and qq_verdict_packet: the facts
 * file's positives (C.1, C.2) and every near-miss class it lists (C.3),
 * for each recogniser (OICQ, MSF, HTTP, TLS), each with the class and the
 * reason expected; framing edge cases; every truncation and every
 * single-bit flip of every vector (ASan and UBSan watch the reads); and
 * the per-flow logic: stickiness, the packet limit and a TLS ClientHello
 * resumed across segments.
 */
#include <stdlib.h>
#include <string.h>

#include "qq_classify.h"
#include "qq_verdict.h"
#include "check.h"

#include "../vectors/qq_vectors.h"

/*
 * Classify @len bytes from a heap copy of exactly that size, so ASan
 * flags any read past the view.
 */
static enum qq_class classify_exact(u8 l4proto, const u8 *p, u32 len,
				    u32 wire_len, struct qq_result *r)
{
	u8 *copy = malloc(len ? len : 1);
	struct qq_payload pl = { .data = copy, .len = len, .wire_len = wire_len,
				 .l4proto = l4proto };
	enum qq_class cls;

	memcpy(copy, p, len);
	if (len < wire_len) {
		pl.has_tail = true;
		pl.tail = 0x03;
	}
	cls = qq_classify(&pl, r);
	free(copy);
	return cls;
}

static enum qq_class classify_hex(u8 l4proto, const char *hex, u32 trim,
				  struct qq_result *r)
{
	u8 buf[512];
	size_t n = unhex(hex, buf, sizeof(buf));
	struct qq_payload pl = { .data = buf, .len = (u32)n - trim,
				 .wire_len = (u32)n, .l4proto = l4proto };

	return qq_classify(&pl, r);
}

/* One TCP OICQ packet of @len bytes, length field included. */
static void tcp_oicq_packet(u8 *p, u32 len)
{
	memset(p, 0x11, len);
	unhex("0000024a07000200010098968003", p, 14);
	p[0] = len >> 8;
	p[1] = len & 0xff;
	p[len - 1] = 0x03;
}

static unsigned int positives_by_class[QQ_CLASS_MAX + 1];
static unsigned int negatives_tcp, negatives_udp;

static void count_vec(u8 want, u8 l4proto)
{
	if (want)
		positives_by_class[want]++;
	else if (l4proto == QQ_L4_UDP) {
		negatives_udp++;
	} else {
		negatives_tcp++;
	}
}

static void check_vec(const char *name, u8 l4proto, const u8 *p, u32 len,
		      u32 wire_len, u8 want, u8 why)
{
	struct qq_result r;
	enum qq_class got = classify_exact(l4proto, p, len, wire_len, &r);

	check(got == want && r.cls == want && r.reason == why &&
	      (want ? r.units > 0 : r.units == 0),
	      "%s: got %s/%s want %s/%s", name, qq_class_name(got),
	      qq_reason_name(r.reason), qq_class_name(want), qq_reason_name(why));
}

/* ---- robustness: truncations and bit flips ------------------------- */

static unsigned long robust_runs;

/*
 * Every prefix of @p, as a whole segment and as a view of the whole
 * payload; every single-bit flip.  Only the sanitizers judge these, plus
 * one rule: a prefix of a positive never takes another class.
 */
static unsigned int robust_one(u8 l4proto, const u8 *p, u32 len, u8 want)
{
	struct qq_result r;
	unsigned int odd = 0;
	u32 n, bit;
	u8 *copy;

	for (n = 0; n <= len; n++) {
		enum qq_class a = classify_exact(l4proto, p, n, n, &r);
		enum qq_class b = n ? classify_exact(l4proto, p, n, len, &r) :
				      QQ_CLASS_NONE;

		robust_runs += 2;
		if (want && ((a && a != want) || (b && b != want)))
			odd++;
	}
	copy = malloc(len);
	memcpy(copy, p, len);
	for (n = 0; n < len; n++)
		for (bit = 0; bit < 8; bit++) {
			struct qq_payload pl = { .data = copy, .len = len,
						 .wire_len = len,
						 .l4proto = l4proto };

			copy[n] ^= 1u << bit;
			qq_classify(&pl, &r);
			copy[n] ^= 1u << bit;
			robust_runs++;
		}
	free(copy);
	return odd;
}

/* Flips of byte @at, bits as in @mask: how many stop the match. */
static unsigned int flips_rejected(u8 l4proto, const u8 *p, u32 len, u32 at,
				   unsigned int *tried)
{
	unsigned int bit, rejected = 0;
	u8 *copy = malloc(len);

	memcpy(copy, p, len);
	for (bit = 0; bit < 8; bit++) {
		struct qq_payload pl = { .data = copy, .len = len, .wire_len = len,
					 .l4proto = l4proto };
		struct qq_result r;

		copy[at] ^= 1u << bit;
		rejected += qq_classify(&pl, &r) == QQ_CLASS_NONE;
		copy[at] ^= 1u << bit;
		(*tried)++;
	}
	free(copy);
	return rejected;
}

static void robustness(void)
{
	unsigned int i, odd = 0, npos = 0;
	unsigned int stx_tried = 0, stx_rej = 0, msf_tried = 0, msf_rej = 0;
	unsigned int msf_other = 0, tls_tried = 0, tls_rej = 0;
	static struct blob b;

	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		const struct vec *v = &vecs[i];

		vec_bytes(v, &b);
		odd += robust_one(v->l4proto, b.buf, b.len, v->want);
		if (!v->want || v->cut)
			continue;
		npos++;
		if (v->want == QQ_CLASS_OICQ && v->l4proto == QQ_L4_UDP) {
			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, 0, &stx_tried);
			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, b.len - 1,
						  &stx_tried);
		} else if (v->want == QQ_CLASS_OICQ) {
			/* The first packet's STX and ETX. */
			u32 plen = (u32)b.buf[0] << 8 | b.buf[1];

			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, 2, &stx_tried);
			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, plen - 1,
						  &stx_tried);
		} else if (v->want == QQ_CLASS_MSF) {
			/*
			 * The type word: a flip that leaves 0x0A..0x0C (0x0A and
			 * 0x0B differ in bit 0) is still a frame head, and an
			 * empty-D2 0x0A frame is byte for byte a 0x0B one; all
			 * other flips must be rejected.
			 */
			unsigned int k, bit;

			for (k = 4; k < 8; k++)
				for (bit = 0; bit < 8; bit++) {
					u8 t = b.buf[7] ^ (k == 7 ? 1u << bit : 0);
					u8 *copy = malloc(b.len);
					struct qq_payload pl = { .data = copy,
								 .len = b.len,
								 .wire_len = b.len,
								 .l4proto = QQ_L4_TCP };
					struct qq_result r;

					memcpy(copy, b.buf, b.len);
					copy[k] ^= 1u << bit;
					if (k == 7 && t >= 0x0a && t <= 0x0c) {
						msf_other++;
						free(copy);
						continue;
					}
					msf_tried++;
					msf_rej += qq_classify(&pl, &r) == QQ_CLASS_NONE;
					free(copy);
				}
		} else if (v->want == QQ_CLASS_TLS) {
			tls_rej += flips_rejected(v->l4proto, b.buf, b.len, 0, &tls_tried);
			tls_rej += flips_rejected(v->l4proto, b.buf, b.len, 5, &tls_tried);
		}
	}
	for (i = 0; i < ARRAY_SIZE(ch_vecs); i++) {
		struct ch_layout lay;

		build_ch(b.buf, &ch_vecs[i].o, &lay);
		odd += robust_one(QQ_L4_TCP, b.buf, lay.len, ch_vecs[i].want);
	}
	check(odd == 0, "no prefix of a vector takes another class (%u odd)", odd);
	check(npos >= 60, "truncations and bit flips of %u positive vectors, %lu runs",
	      npos, robust_runs);
	check(stx_rej == stx_tried && stx_tried >= 16,
	      "OICQ STX/ETX flips all rejected (%u/%u)", stx_rej, stx_tried);
	check(msf_rej == msf_tried && msf_tried >= 31 * 8,
	      "MSF type-word flips out of 0x0A..0x0C all rejected (%u/%u; %u flips "
	      "to another MSF type not judged)", msf_rej, msf_tried, msf_other);
	check(tls_rej == tls_tried && tls_tried >= 16,
	      "TLS content-type and handshake-type flips all rejected (%u/%u)",
	      tls_rej, tls_tried);
}

/* ---- TLS: vectors, truncations ------------------------------------- */

static void tls_vectors(void)
{
	static u8 buf[2048];
	struct ch_layout lay;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ch_vecs); i++) {
		const struct ch_vec *v = &ch_vecs[i];

		build_ch(buf, &v->o, &lay);
		count_vec(v->want, QQ_L4_TCP);
		check_vec(v->name, QQ_L4_TCP, buf, lay.len, lay.len, v->want, v->why);
	}

	/* Record version 3.5 and legacy_version 2.x are not TLS. */
	{
		struct ch_opts o = { .sni = QQHOST };

		build_ch(buf, &o, &lay);
		buf[2] = 0x05;
		count_vec(0, QQ_L4_TCP);
		check_vec("TLS record version 3.5", QQ_L4_TCP, buf, lay.len, lay.len,
			  NONE);
		buf[2] = 0x04;
		check_vec("TLS record version 3.4", QQ_L4_TCP, buf, lay.len, lay.len,
			  TSNI);
		buf[2] = 0x01;
		buf[9] = 0x02;
		count_vec(0, QQ_L4_TCP);
		check_vec("TLS legacy_version 2.3", QQ_L4_TCP, buf, lay.len, lay.len,
			  NONE);
	}
}

/*
 * Every cut of a QQ ClientHello, as a whole segment (with a continuation
 * offered) and as a view of a longer payload: never a crash or an
 * overread, and the answer follows from where the cut falls.
 */
static void tls_truncations(void)
{
	static u8 buf[2048];
	struct ch_opts o = { .sni = QQHOST, .pad = 40, .sid_len = 32 };
	struct ch_layout lay;
	unsigned int bad_seg = 0, bad_view = 0, more_seen = 0;
	u32 n;

	build_ch(buf, &o, &lay);
	for (n = 1; n <= lay.len; n++) {
		u8 *copy = malloc(n);
		struct qq_payload pl = { .data = copy, .len = n, .wire_len = n,
					 .l4proto = QQ_L4_TCP, .has_seq = true,
					 .seq = 1000 };
		struct qq_tls_cont cont;
		struct qq_result r;
		bool more, want_more;
		enum qq_class cls, want;

		memcpy(copy, buf, n);
		want = n >= lay.sni_end ? QQ_CLASS_TLS : QQ_CLASS_NONE;
		want_more = n >= lay.ext_start && n < lay.sni_hdr + 4;
		cls = qq_classify_cont(&pl, &r, &cont, &more);
		if (cls != want || more != want_more ||
		    (more && cont.next_seq != 1000 + n))
			bad_seg++;
		more_seen += more;
		/* A view of a longer payload: no continuation, same class. */
		pl.wire_len = lay.len + 100;
		cls = qq_classify_cont(&pl, &r, &cont, &more);
		if (cls != want || more)
			bad_view++;
		free(copy);
	}
	check(bad_seg == 0, "TLS ClientHello cut at every offset, len == wire_len "
	      "(%u wrong, %u continued)", bad_seg, more_seen);
	check(bad_view == 0, "TLS ClientHello cut at every offset, len < wire_len "
	      "(%u wrong)", bad_view);
}

/* ---- MSF: D2 bounds, built frames ------------------------------------- */

/* An MSF 0x0A frame with a @d2-byte D2 token, UIN 10001, 16-byte body. */
static u32 msf_login(u8 *p, u32 d2)
{
	u32 n = 0, i;

	n += 4;
	unhex("0000000a00", p + n, 5);
	n += 5;
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = (d2 + 4) >> 8;
	p[n++] = d2 + 4;
	for (i = 0; i < d2; i++)
		p[n++] = 0x80 | (i & 0x7f);
	p[n++] = 0;
	n += unhex(UIN_10001 BLOB16, p + n, 64);
	p[0] = 0;
	p[1] = n >> 16;
	p[2] = n >> 8;
	p[3] = n;
	return n;
}

static void msf_d2_bounds(void)
{
	static u8 buf[1024];
	u32 n;

	n = msf_login(buf, 512);
	count_vec(QQ_CLASS_MSF, QQ_L4_TCP);
	check_vec("MSF 0x0A with a 512-byte D2", QQ_L4_TCP, buf, n, n, MSF);
	n = msf_login(buf, 513);
	count_vec(0, QQ_L4_TCP);
	check_vec("MSF 0x0A with a 513-byte D2", QQ_L4_TCP, buf, n, n, NONE);
	n = msf_login(buf, 0);
	count_vec(QQ_CLASS_MSF, QQ_L4_TCP);
	check_vec("MSF 0x0A, built, empty D2", QQ_L4_TCP, buf, n, n, MSF);
	/* A segment of 64 frames: the walk is bounded. */
	{
		static u8 seg[64 * 44 + 44];
		struct qq_result r;
		unsigned int k;

		for (k = 0; k < 65; k++)
			unhex(P10, seg + k * 44, 44);
		check(classify_exact(QQ_L4_TCP, seg, sizeof(seg), sizeof(seg), &r) ==
		      QQ_CLASS_MSF && r.units == 64, "MSF: 65 frames, 64 walked (%u)",
		      r.units);
	}
}

/* The /qqfile/qq marker: more than 100 bytes of payload, exactly. */
static void http_qqfile_boundary(void)
{
	static const char head[] = "GET /qqfile/qq2013.exe HTTP/1.1\r\n"
				   "Host: dl.example.com\r\nX-Pad: ";
	char buf[256];
	u32 n;

	for (n = 99; n <= 102; n++) {
		u32 h = strlen(head), k;

		memcpy(buf, head, h);
		for (k = h; k < n - 4; k++)
			buf[k] = 'a';
		memcpy(buf + n - 4, "\r\n\r\n", 4);
		count_vec(n > 100 ? QQ_CLASS_HTTP : 0, QQ_L4_TCP);
		check_vec(n > 100 ? "GET /qqfile/qq, > 100 bytes" :
			  "GET /qqfile/qq, <= 100 bytes", QQ_L4_TCP, (u8 *)buf, n, n,
			  n > 100 ? QQ_CLASS_HTTP : QQ_CLASS_NONE,
			  n > 100 ? QQ_R_HTTP_CLIENT : QQ_R_NONE);
	}
	/* wire_len counts, not the view: a short view of a 1400-byte one. */
	{
		static const char v[] = "GET /qqfile/qq/x.exe HTTP/1.1\r\n"
					"Host: dl.example.com\r\n";

		count_vec(QQ_CLASS_HTTP, QQ_L4_TCP);
		check_vec("GET /qqfile/qq, a short view of 1400 bytes", QQ_L4_TCP,
			  (const u8 *)v, sizeof(v) - 1, 1400, HCLI);
	}
}

/* ---- flow verdicts -------------------------------------------------- */

struct flow {
	struct qq_verdict v;
	struct qq_tls_cont cont;
	struct qq_tls_cont *c;	/* &cont, or NULL */
};

static void flow_init(struct flow *f, bool with_cont)
{
	memset(f, 0, sizeof(*f));
	memset(&f->cont, 0xa5, sizeof(f->cont));	/* no reliance on zeroes */
	f->c = with_cont ? &f->cont : NULL;
}

/* One TCP payload packet, from an exactly sized heap copy. */
static enum qq_class fpkt(struct flow *f, const u8 *p, u32 len, u8 dir,
			  u32 seq, struct qq_result *r)
{
	u8 *copy = malloc(len ? len : 1);
	struct qq_payload pl = { .data = copy, .len = len, .wire_len = len,
				 .l4proto = QQ_L4_TCP, .has_seq = true,
				 .dir = dir, .seq = seq };
	enum qq_class cls;

	memcpy(copy, p, len);
	cls = qq_verdict_packet(&f->v, f->c, &pl, r);
	free(copy);
	return cls;
}

static const u8 opaque[48] = {
	0x17, 0x03, 0x03, 0x00, 0x2b, 0x9e, 0x41, 0x07, 0xc2, 0x5d, 0x33, 0x80,
	0x1f, 0xaa, 0x64, 0x90, 0x02, 0x11, 0x5b, 0xd4, 0x38, 0x7e, 0xe0, 0x4c,
};

static bool is(const struct qq_result *r, enum qq_class cls, enum qq_reason why)
{
	return r->cls == cls && r->reason == why;
}

static void verdict_sticky(void)
{
	static u8 p10[64];
	u32 n = unhex(P10, p10, sizeof(p10)), seq0 = 5000, seq1 = 9000;
	struct qq_result r;
	struct flow f;
	unsigned int k, ok = 0;

	flow_init(&f, true);
	check(fpkt(&f, p10, n, 0, seq0, &r) == QQ_CLASS_MSF && is(&r, MSF),
	      "verdict: first packet MSF (reason %s)", qq_reason_name(r.reason));
	seq0 += n;
	for (k = 0; k < 20; k++) {
		u8 dir = k & 1;
		enum qq_class cls = fpkt(&f, opaque, sizeof(opaque), dir,
					 dir ? seq1 : seq0, &r);

		if (dir)
			seq1 += sizeof(opaque);
		else
			seq0 += sizeof(opaque);
		ok += cls == QQ_CLASS_MSF && is(&r, QQ_CLASS_MSF, QQ_R_FLOW) &&
		      r.units == 0;
	}
	check(ok == 20, "verdict: 20 opaque packets of both directions after it "
	      "are MSF, reason flow (%u/20)", ok);
	check(qq_verdict_final(&f.v) && f.v.seen == 1,
	      "verdict: a QQ flow is final, inspected once (seen %u)", f.v.seen);

	/* QQ found late: opaque, opaque, then QQ, then sticky. */
	flow_init(&f, true);
	fpkt(&f, opaque, sizeof(opaque), 0, 1, &r);
	fpkt(&f, opaque, sizeof(opaque), 1, 1, &r);
	check(is(&r, NONE) && !qq_verdict_final(&f.v),
	      "verdict: opaque packets are NONE, flow not final");
	check(fpkt(&f, p10, n, 0, 1 + sizeof(opaque), &r) == QQ_CLASS_MSF &&
	      is(&r, MSF), "verdict: third packet MSF");
	check(fpkt(&f, opaque, sizeof(opaque), 1, 1 + sizeof(opaque), &r) ==
	      QQ_CLASS_MSF && is(&r, QQ_CLASS_MSF, QQ_R_FLOW),
	      "verdict: then the reply is MSF by flow");
}

static void verdict_limit(void)
{
	static u8 p10[64];
	u32 n = unhex(P10, p10, sizeof(p10)), k;
	struct qq_result r;
	struct flow f;
	unsigned int none = 0;

	flow_init(&f, true);
	for (k = 0; k < QQ_VERDICT_PKTS; k++)
		none += fpkt(&f, opaque, sizeof(opaque), k & 1,
			     100 + k * 48, &r) == QQ_CLASS_NONE;
	check(none == QQ_VERDICT_PKTS && f.v.seen == QQ_VERDICT_PKTS &&
	      qq_verdict_final(&f.v), "verdict: %u opaque packets, flow final",
	      QQ_VERDICT_PKTS);
	check(fpkt(&f, p10, n, 0, 100 + k * 48, &r) == QQ_CLASS_NONE &&
	      is(&r, NONE) && f.v.seen == QQ_VERDICT_PKTS,
	      "verdict: a QQ-looking packet 9 is not classified (%s/%s)",
	      qq_class_name(r.cls), qq_reason_name(r.reason));

	/* ... but packet 8 still is. */
	flow_init(&f, true);
	for (k = 0; k < QQ_VERDICT_PKTS - 1; k++)
		fpkt(&f, opaque, sizeof(opaque), 0, 100 + k * 48, &r);
	check(fpkt(&f, p10, n, 0, 100 + k * 48, &r) == QQ_CLASS_MSF && is(&r, MSF),
	      "verdict: a QQ packet 8 is QQ");
}

/*
 * A QQ ClientHello in two segments cut at @s.  Returns 0 when the flow
 * ends as @want with the right reasons, else a bit per wrong step.
 */
static unsigned int ch_split(const u8 *ch, u32 len, u32 s, u32 seq,
			     bool with_cont, enum qq_class want1,
			     enum qq_reason why1, bool more1, enum qq_class want2,
			     enum qq_reason why2)
{
	struct qq_result r;
	struct flow f;
	unsigned int bad = 0;

	flow_init(&f, with_cont);
	if (fpkt(&f, ch, s, 0, seq, &r) != want1 || !is(&r, want1, why1))
		bad |= 1;
	if (f.v.more != more1)
		bad |= 2;
	if (fpkt(&f, ch + s, len - s, 0, seq + s, &r) != want2 ||
	    !is(&r, want2, why2))
		bad |= 4;
	if (f.v.more)
		bad |= 8;
	return bad;
}

static void verdict_tls_splits(void)
{
	static u8 ch[2048];
	struct ch_opts o = { .sni = QQHOST, .pad = 64, .sid_len = 32 };
	struct ch_layout lay;
	unsigned int bad_pad = 0, bad_sni = 0, bad_early = 0, bad_late = 0;
	unsigned int npad = 0, nsni = 0, bad3 = 0, n3 = 0;
	u32 s, t, len = build_ch(ch, &o, &lay);

	for (s = 1; s < len; s++) {
		if (s >= lay.ext_start && s < lay.sni_hdr + 4) {
			/* Inside the padding (or a header): resumed. */
			npad++;
			bad_pad += !!ch_split(ch, len, s, 77777, true, NONE, true,
					      QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
		} else if (s >= lay.sni_hdr + 4 && s < lay.sni_end) {
			/* Inside server_name: given up, nothing guessed. */
			nsni++;
			bad_sni += !!ch_split(ch, len, s, 77777, true, NONE, false,
					      NONE);
		} else if (s < lay.ext_start) {
			bad_early += !!ch_split(ch, len, s, 77777, true, NONE, false,
						NONE);
		} else {
			bad_late += !!ch_split(ch, len, s, 77777, true, TSNI, false,
					       QQ_CLASS_TLS, QQ_R_FLOW);
		}
	}
	check(npad > 64 && bad_pad == 0, "verdict: ClientHello split at each of %u "
	      "offsets in the padding before server_name: tls-sni-cont (%u wrong)",
	      npad, bad_pad);
	check(nsni > 10 && bad_sni == 0, "verdict: split at each of %u offsets in "
	      "server_name: given up, NONE (%u wrong)", nsni, bad_sni);
	check(bad_early == 0, "verdict: split before the extension block: NONE "
	      "(%u wrong)", bad_early);
	check(bad_late == 0, "verdict: split after server_name: tls-sni, then "
	      "flow (%u wrong)", bad_late);

	/* Three segments, both cuts before server_name. */
	for (s = lay.pad_hdr; s < lay.sni_hdr + 4; s += 3)
		for (t = s + 1; t < lay.sni_hdr + 4; t += 5) {
			struct qq_result r;
			struct flow f;
			bool ok;

			flow_init(&f, true);
			ok = fpkt(&f, ch, s, 0, 1, &r) == QQ_CLASS_NONE && f.v.more;
			ok &= fpkt(&f, ch + s, t - s, 0, 1 + s, &r) == QQ_CLASS_NONE &&
			      f.v.more && is(&r, NONE);
			ok &= fpkt(&f, ch + t, len - t, 0, 1 + t, &r) == QQ_CLASS_TLS &&
			      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
			bad3 += !ok;
			n3++;
		}
	check(bad3 == 0, "verdict: ClientHello in three segments, %u cut pairs "
	      "(%u wrong)", n3, bad3);

	/* A non-QQ name, resumed: NONE, and the walk is over. */
	{
		struct ch_opts w = { .sni = "short.weixin.qq.com", .pad = 64 };
		static u8 wx[2048];
		u32 wl = build_ch(wx, &w, &lay);

		check(!ch_split(wx, wl, lay.pad_hdr + 10, 5, true, NONE, true, NONE),
		      "verdict: a WeChat ClientHello resumed: NONE");
	}
	/* No room for a continuation: nothing is resumed. */
	check(!ch_split(ch, len, lay.pad_hdr + 10, 5, false, NONE, false, NONE),
	      "verdict: cont == NULL, split ClientHello: NONE, NONE");
	{
		struct qq_result r;
		struct flow f;

		flow_init(&f, false);
		check(fpkt(&f, ch, len, 0, 5, &r) == QQ_CLASS_TLS && is(&r, TSNI),
		      "verdict: cont == NULL, whole ClientHello: tls-sni");
	}
}

static void verdict_tls_sequence(void)
{
	static u8 ch[2048];
	struct ch_opts o = { .sni = QQHOST, .pad = 64 };
	struct ch_layout lay;
	struct qq_result r;
	struct flow f;
	u32 len = build_ch(ch, &o, &lay), s = lay.pad_hdr + 20, seq, k;
	bool ok;

	/* The first segment again, before the second: still waiting. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_TLS &&
	      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: retransmitted first segment, then the second: resumed");

	/* Part of it again (a shorter retransmission), twice. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + 5, 10, 0, 1005, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch, s - 1, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_TLS &&
	      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: partial retransmissions keep the walk waiting");

	/* Repacketised: the second segment re-sends the last 7 old bytes. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + s - 7, len - s + 7, 0, 1000 + s - 7, &r) ==
	      QQ_CLASS_TLS && is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: a second segment overlapping old data: resumed");

	/* A gap: seq jumps ahead; the walk is given up for good. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + s + 1, len - s - 1, 0, 1000 + s + 1, &r) ==
	      QQ_CLASS_NONE && is(&r, NONE) && !f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_NONE &&
	      !f.v.more;
	check(ok, "verdict: a gap gives the walk up, the late segment stays NONE");

	/* A segment without a sequence number gives it up too. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	{
		struct qq_payload pl = { .data = ch + s, .len = len - s,
					 .wire_len = len - s, .l4proto = QQ_L4_TCP };

		ok &= qq_verdict_packet(&f.v, f.c, &pl, &r) == QQ_CLASS_NONE &&
		      !f.v.more;
	}
	check(ok, "verdict: a segment without seq gives the walk up");

	/* Server packets in between do not disturb it. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, opaque, sizeof(opaque), 1, 1000 + s, &r) == QQ_CLASS_NONE &&
	      f.v.more;
	ok &= fpkt(&f, opaque, sizeof(opaque), 1, 1000 + s + 48, &r) ==
	      QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_TLS &&
	      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: server-direction packets in between: still resumed");

	/* Sequence numbers wrapping around 2^32, at every offset near it. */
	ok = true;
	for (k = 0; k < 16; k++) {
		seq = 0xffffffffU - s + k - 7;	/* wraps inside or just after */
		ok &= !ch_split(ch, len, s, seq, true, NONE, true, QQ_CLASS_TLS,
				QQ_R_TLS_SNI_CONT);
	}
	check(ok, "verdict: seq wrapping near 2^32: resumed");
	flow_init(&f, true);
	seq = 0xfffffff0U;
	ok = fpkt(&f, ch, s, 0, seq, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch, s, 0, seq, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, seq + s, &r) == QQ_CLASS_TLS;
	check(ok, "verdict: retransmission across the wrap: resumed");
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, seq, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + s + 2, len - s - 2, 0, seq + s + 2, &r) ==
	      QQ_CLASS_NONE && !f.v.more;
	check(ok, "verdict: a gap across the wrap: given up");

	/* A first segment bigger than the view cannot be resumed. */
	flow_init(&f, true);
	{
		struct qq_payload pl = { .data = ch, .len = s, .wire_len = s + 100,
					 .l4proto = QQ_L4_TCP, .has_seq = true,
					 .seq = 1 };

		ok = qq_verdict_packet(&f.v, f.c, &pl, &r) == QQ_CLASS_NONE &&
		     !f.v.more;
	}
	check(ok, "verdict: a first segment cut by the view: no continuation");

	/* The continuation waits past packet 8 only as far as the limit. */
	flow_init(&f, true);
	fpkt(&f, ch, s, 0, 1000, &r);
	for (k = 1; k < QQ_VERDICT_PKTS; k++)
		fpkt(&f, ch, s, 0, 1000, &r);
	check(fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_NONE &&
	      qq_verdict_final(&f.v), "verdict: 8 retransmissions exhaust the flow");
}

int main(void)
{
	static struct blob b;
	struct qq_result r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		const struct vec *v = &vecs[i];

		vec_bytes(v, &b);
		count_vec(v->want, v->l4proto);
		check_vec(v->name, v->l4proto, b.buf, b.len - v->cut, b.len, v->want,
			  v->why);
	}
	tls_vectors();
	msf_d2_bounds();
	http_qqfile_boundary();

	/* A UDP datagram whose tail is not in view is never judged. */
	{
		struct qq_payload pl = { .len = 43, .wire_len = 44,
					 .l4proto = QQ_L4_UDP };
		u8 buf[64];

		unhex(P1, buf, sizeof(buf));
		pl.data = buf;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "UDP with truncated view is not classified");
	}
	/* A TCP view cut inside the second packet still sees the first. */
	check(classify_hex(QQ_L4_TCP, "002e" P1 "0011" "024a0700020001"
			   "00989680" "112233" "03", 5, &r) == QQ_CLASS_OICQ &&
	      r.units == 1, "TCP truncated view counts the whole packets");
	check(classify_hex(QQ_L4_TCP, "002e" P1 "0011" "024a0700020001" "00989680"
			   "112233" "03", 0, &r) == QQ_CLASS_OICQ &&
	      r.units == 2 && r.reason == QQ_R_OICQ_TCP,
	      "TCP reason and unit count");
	check(classify_hex(QQ_L4_UDP, P1, 0, &r) == QQ_CLASS_OICQ &&
	      r.reason == QQ_R_OICQ_UDP && r.units == 1, "UDP reason and unit count");
	check(classify_hex(QQ_L4_TCP, P10 P10B, 0, &r) == QQ_CLASS_MSF &&
	      r.units == 2, "MSF unit count of two frames (%u)", r.units);
	check(classify_hex(QQ_L4_TCP, P11_NOD2 REPLY_0A P9, 0, &r) ==
	      QQ_CLASS_MSF && r.units == 3, "MSF unit count of three frames (%u)",
	      r.units);

	{	/* Empty and inconsistent inputs. */
		struct qq_payload pl = { .data = NULL, .len = 0, .wire_len = 0,
					 .l4proto = QQ_L4_UDP };
		u8 one[1] = { 2 };

		check(qq_classify(&pl, &r) == QQ_CLASS_NONE && r.cls == 0,
		      "NULL payload");
		pl.data = one;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE, "zero length");
		pl.len = 1;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "len > wire_len rejected");
	}

	{	/* 64 concatenated packets: walk bounded, still a match. */
		u8 seg[64 * 16];
		struct qq_payload pl = { .data = seg, .len = sizeof(seg),
					 .wire_len = sizeof(seg), .l4proto = QQ_L4_TCP };
		unsigned int k;

		for (k = 0; k < 64; k++) {
			unhex("0010024a07000200010098968003", seg + k * 16, 16);
			seg[k * 16 + 15] = 0x03;
			seg[k * 16 + 14] = 0x11;
		}
		check(qq_classify(&pl, &r) == QQ_CLASS_OICQ &&
		      r.units == QQ_OICQ_MAX_UNITS, "64 packets in one segment");
	}

	/*
	 * A TCP segment bigger than the view (GSO/GRO, jumbo frames): the
	 * view may end anywhere inside the next packet, even inside its
	 * length field, and it is still QQ.
	 */
	{
		static u8 seg[3000];
		unsigned int bl, hits = 0;

		for (bl = 2034; bl <= 2047; bl++) {
			struct qq_payload pl = { .data = seg, .len = 2048,
						 .wire_len = bl + 900,
						 .l4proto = QQ_L4_TCP };

			tcp_oicq_packet(seg, bl);
			tcp_oicq_packet(seg + bl, 900);
			hits += qq_classify(&pl, &r) == QQ_CLASS_OICQ;
		}
		check(hits == 14, "TCP view ending 1..14 bytes into a packet (%u/14)",
		      hits);
	}

	/* Whole packets, then the first 1..6 bytes of the next one. */
	{
		static const char *tails[] = { "00", "000e", "000e02", "000e024a",
					       "000e024a07", "000e024a0700" };
		static const char *bad[] = { "0002", "000e03", "000e020000",
					     "000e024a07ffff" };
		u8 seg[64];
		unsigned int k, hits = 0, misses = 0;

		for (k = 0; k < 6; k++) {
			size_t n;
			struct qq_payload pl;

			unhex("000e024a070002000100989680031403", seg, sizeof(seg));
			seg[13] = 0x03;
			n = 14 + unhex(tails[k], seg + 14, sizeof(seg) - 14);
			pl = (struct qq_payload){ .data = seg, .len = (u32)n,
						  .wire_len = (u32)n,
						  .l4proto = QQ_L4_TCP };
			hits += qq_classify(&pl, &r) == QQ_CLASS_OICQ;
		}
		check(hits == 6, "a packet, then 1..6 bytes of the next (%u/6)", hits);
		for (k = 0; k < 4; k++) {
			size_t n;
			struct qq_payload pl;

			unhex("000e024a070002000100989680031403", seg, sizeof(seg));
			seg[13] = 0x03;
			n = 14 + unhex(bad[k], seg + 14, sizeof(seg) - 14);
			pl = (struct qq_payload){ .data = seg, .len = (u32)n,
						  .wire_len = (u32)n,
						  .l4proto = QQ_L4_TCP };
			misses += qq_classify(&pl, &r) == QQ_CLASS_NONE;
		}
		check(misses == 4, "an inconsistent next packet start is rejected (%u/4)",
		      misses);
	}

	/* A UDP datagram bigger than the view: judged by header and tail. */
	{
		u8 dg[3000];
		struct qq_payload pl = { .data = dg, .len = 2048,
					 .wire_len = sizeof(dg), .l4proto = QQ_L4_UDP };

		memset(dg, 0x55, sizeof(dg));
		unhex("024a07000200010098968003", dg, 12);
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, tail unknown: not judged");
		pl.has_tail = true;
		pl.tail = 0x03;
		check(qq_classify(&pl, &r) == QQ_CLASS_OICQ, "big datagram, ETX tail: QQ");
		pl.tail = 0x00;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, other tail: not QQ");
		pl.tail = 0x03;
		dg[3] = 0x99;	/* unknown command */
		dg[4] = 0x99;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, unknown command: not QQ");
	}

	tls_truncations();
	robustness();

	verdict_sticky();
	verdict_limit();
	verdict_tls_splits();
	verdict_tls_sequence();

	check(!strcmp(qq_class_name(QQ_CLASS_OICQ), "oicq") &&
	      !strcmp(qq_class_name(QQ_CLASS_SERVER), "server") &&
	      !strcmp(qq_class_name(99), "unknown"), "class names");
	check(!strcmp(qq_reason_name(QQ_R_TLS_SNI_CONT), "tls-sni-cont") &&
	      !strcmp(qq_reason_name(QQ_R_FLOW), "flow") &&
	      !strcmp(qq_reason_name(200), "unknown"), "reason names");

	printf("# vectors: oicq %u, msf %u, http %u, tls %u positive; "
	       "%u tcp and %u udp negative\n",
	       positives_by_class[QQ_CLASS_OICQ], positives_by_class[QQ_CLASS_MSF],
	       positives_by_class[QQ_CLASS_HTTP], positives_by_class[QQ_CLASS_TLS],
	       negatives_tcp, negatives_udp);
	return check_done("classify");
}
