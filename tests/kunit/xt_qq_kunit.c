// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for xt_qq, run in the debug kernel (KASAN, UBSAN, lockdep,
 * PROVE_RCU).  The match file is included so its static functions are
 * tested as they are built, with no test-only exports in the product.
 *
 *   xt_qq_classify  table-driven classifier vectors for every class
 *                   (oicq, msf, http, tls) and every near miss of the facts
 *                   file, shared with tests/unit; flow verdicts and their
 *                   packing into conntrack labels
 *   xt_qq_skb       real skbs: linear and paged, IPv4 and IPv6, options,
 *                   extension headers, fragments, truncation, empty payloads
 *   xt_qq_match     the xtables match and checkentry on those skbs, and
 *                   what the match records in its netns
 *   xt_qq_control   event ring (wrap-around, rate limit), flow memory,
 *                   per-cpu counters and reset, netlink policies
 *   xt_qq_servers   the server table: prefix checks, /0 /32 /128,
 *                   overlapping prefixes, port ranges, v4-mapped IPv6,
 *                   growth, removal
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "xt_qq_match.c"
#include "xt_qq_netlink.h"
#include "qq_ct.h"
#include "qq_verdict.h"

/* ---- classifier vectors ---------------------------------------------- */

/*
 * The userspace unit test's table (tests/vectors/qq_vectors.h): every
 * class and reason the classifier knows, and every near miss of the facts
 * file, judged here by the module's build of the classifier under KASAN.
 */
#include "../vectors/qq_vectors.h"

static void vec_desc(const struct vec *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vec, vecs, vec_desc);

static void ch_vec_desc(const struct ch_vec *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ch_vec, ch_vecs, ch_vec_desc);

/*
 * Classify @len bytes of @p (the payload being @wire_len long) from an
 * exactly sized heap copy, so KASAN sees any read past the view.
 */
static enum qq_class classify_exact(struct kunit *test, u8 l4proto,
				    const u8 *p, u32 len, u32 wire_len,
				    struct qq_result *res)
{
	u8 *copy = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);
	struct qq_payload pl = { .data = copy, .len = len,
				 .wire_len = wire_len, .l4proto = l4proto };
	enum qq_class cls;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, p, len);
	if (len < wire_len) {
		pl.has_tail = true;
		pl.tail = 0x03;
	}
	cls = qq_classify(&pl, res);
	kunit_kfree(test, copy);
	return cls;
}

static u8 *hex_bytes(struct kunit *test, const char *hex, u32 *len)
{
	size_t n = strlen(hex) / 2;
	u8 *buf = kunit_kzalloc(test, n + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, hex2bin(buf, hex, n), 0);
	*len = n;
	return buf;
}

static struct blob *blob_new(struct kunit *test)
{
	struct blob *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	return b;
}

static void classify_vector(struct kunit *test)
{
	const struct vec *v = test->param_value;
	struct blob *b = blob_new(test);
	struct qq_result res;

	vec_bytes(v, b);
	KUNIT_EXPECT_EQ(test, classify_exact(test, v->l4proto, b->buf,
					     b->len - v->cut, b->len, &res),
			(enum qq_class)v->want);
	KUNIT_EXPECT_EQ(test, res.cls, v->want);
	KUNIT_EXPECT_EQ(test, res.reason, v->why);
	if (v->want)
		KUNIT_EXPECT_GT(test, res.units, 0);
	else
		KUNIT_EXPECT_EQ(test, res.units, 0);
}

static void classify_client_hello(struct kunit *test)
{
	const struct ch_vec *v = test->param_value;
	struct blob *b = blob_new(test);
	struct ch_layout lay;
	struct qq_result res;

	b->len = build_ch(b->buf, &v->o, &lay);
	KUNIT_EXPECT_EQ(test, classify_exact(test, QQ_L4_TCP, b->buf, b->len,
					     b->len, &res),
			(enum qq_class)v->want);
	KUNIT_EXPECT_EQ(test, res.reason, v->why);
}

/*
 * Every prefix of every vector: no bad read (KASAN), and a prefix of a
 * positive never takes another class.  (A prefix of a negative may well
 * be QQ: many negatives are a QQ packet with a later byte broken.)
 */
static void classify_vector_prefixes(struct kunit *test)
{
	struct blob *b = blob_new(test);
	struct qq_result res;
	unsigned int i;
	u32 n;

	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		vec_bytes(&vecs[i], b);
		for (n = 0; n <= b->len; n++) {
			enum qq_class got = classify_exact(test, vecs[i].l4proto,
							   b->buf, n, n, &res);

			if (vecs[i].want && got && got != vecs[i].want)
				KUNIT_FAIL(test, "%s: %u-byte prefix is class %d",
					   vecs[i].name, n, got);
		}
	}
}

/* ---- flow verdicts (qq_verdict.c) and their conntrack-label packing --- */

static enum qq_class verdict_pkt(struct kunit *test, struct qq_verdict *v,
				 struct qq_tls_cont *cont, const u8 *p,
				 u32 len, u8 dir, u32 seq,
				 struct qq_result *res)
{
	u8 *copy = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);
	struct qq_payload pl = { .data = copy, .len = len, .wire_len = len,
				 .l4proto = QQ_L4_TCP, .has_seq = true,
				 .dir = dir, .seq = seq };
	enum qq_class cls;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, p, len);
	cls = qq_verdict_packet(v, cont, &pl, res);
	kunit_kfree(test, copy);
	return cls;
}

static const u8 opaque_record[24] = {
	0x17, 0x03, 0x03, 0x00, 0x13, 0x9e, 0x41, 0x07, 0xc2, 0x5d, 0x33, 0x80,
	0x1f, 0xaa, 0x64, 0x90, 0x02, 0x11, 0x5b, 0xd4, 0x38, 0x7e, 0xe0, 0x4c,
};

/* Once QQ, every later payload packet, both ways, is QQ of that class. */
static void verdict_sticky(struct kunit *test)
{
	struct qq_verdict v = {};
	struct qq_tls_cont cont;
	struct qq_result res;
	u8 p10[64];
	u32 n = unhex(P10, p10, sizeof(p10)), k;

	KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, &cont, p10, n, 0, 100, &res),
			QQ_CLASS_MSF);
	KUNIT_EXPECT_EQ(test, res.reason, QQ_R_MSF);
	KUNIT_EXPECT_TRUE(test, qq_verdict_final(&v));
	for (k = 0; k < 3 * QQ_VERDICT_PKTS; k++) {
		KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, &cont, opaque_record,
						  sizeof(opaque_record), k & 1,
						  200 + k * 24, &res),
				QQ_CLASS_MSF);
		KUNIT_EXPECT_EQ(test, res.reason, QQ_R_FLOW);
	}
}

/* A flow that showed nothing QQ in its first packets is left alone. */
static void verdict_limit(struct kunit *test)
{
	struct qq_verdict v = {};
	struct qq_tls_cont cont;
	struct qq_result res;
	u8 p10[64];
	u32 n = unhex(P10, p10, sizeof(p10)), k;

	for (k = 0; k < QQ_VERDICT_PKTS; k++) {
		KUNIT_EXPECT_FALSE(test, qq_verdict_final(&v));
		KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, &cont, opaque_record,
						  sizeof(opaque_record), 0,
						  1 + k * 24, &res),
				QQ_CLASS_NONE);
	}
	KUNIT_EXPECT_TRUE(test, qq_verdict_final(&v));
	KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, &cont, p10, n, 0, 9999, &res),
			QQ_CLASS_NONE);
	KUNIT_EXPECT_EQ(test, v.seen, QQ_VERDICT_PKTS);
}

/* A ClientHello cut before server_name is judged on its second segment. */
static void verdict_tls_resumed(struct kunit *test)
{
	struct ch_opts o = { .sni = QQHOST, .pad = 64 };
	struct blob *b = blob_new(test);
	struct qq_verdict v = {};
	struct qq_tls_cont cont;
	struct ch_layout lay;
	struct qq_result res;
	u32 s;

	b->len = build_ch(b->buf, &o, &lay);
	s = lay.pad_hdr + 20;
	KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, &cont, b->buf, s, 0, 1000,
					  &res), QQ_CLASS_NONE);
	KUNIT_EXPECT_TRUE(test, v.more);
	KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, &cont, b->buf + s,
					  b->len - s, 0, 1000 + s, &res),
			QQ_CLASS_TLS);
	KUNIT_EXPECT_EQ(test, res.reason, QQ_R_TLS_SNI_CONT);
	KUNIT_EXPECT_FALSE(test, v.more);

	/* Without room for the continuation, nothing is resumed. */
	memset(&v, 0, sizeof(v));
	KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, NULL, b->buf, s, 0, 1000,
					  &res), QQ_CLASS_NONE);
	KUNIT_EXPECT_EQ(test, verdict_pkt(test, &v, NULL, b->buf + s,
					  b->len - s, 0, 1000 + s, &res),
			QQ_CLASS_NONE);
}

/* The 16 label bits hold every verdict, and leave the others alone. */
static void verdict_label_packing(struct kunit *test)
{
	struct qq_verdict v, back;
	unsigned int cls, seen, more;

	for (cls = QQ_CLASS_NONE; cls <= QQ_CLASS_MAX; cls++)
		for (seen = 0; seen <= QQ_VERDICT_PKTS; seen++)
			for (more = 0; more < 2; more++) {
				u16 bits;

				v.cls = cls;
				v.seen = seen;
				v.more = more;
				bits = qq_ct_pack(&v, 0);
				qq_ct_unpack(bits, &back);
				KUNIT_EXPECT_EQ(test, back.cls, v.cls);
				KUNIT_EXPECT_EQ(test, back.seen, v.seen);
				KUNIT_EXPECT_EQ(test, back.more, v.more);
				KUNIT_EXPECT_EQ(test, !!(bits & 1), cls != 0);
				KUNIT_EXPECT_EQ(test, qq_ct_pack(&v, bits), bits);
				KUNIT_EXPECT_EQ(test, qq_ct_pack(&v, 0xffff) & bits,
						bits);
			}
}

static struct kunit_case classify_cases[] = {
	KUNIT_CASE_PARAM(classify_vector, vec_gen_params),
	KUNIT_CASE_PARAM(classify_client_hello, ch_vec_gen_params),
	KUNIT_CASE(classify_vector_prefixes),
	KUNIT_CASE(verdict_sticky),
	KUNIT_CASE(verdict_limit),
	KUNIT_CASE(verdict_tls_resumed),
	KUNIT_CASE(verdict_label_packing),
	{}
};

static struct kunit_suite classify_suite = {
	.name = "xt_qq_classify",
	.test_cases = classify_cases,
};

/* ---- skb path -------------------------------------------------------- */

struct skb_spec {
	u8 family;		/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 l4proto;
	const u8 *payload;
	u32 plen;
	u32 head_payload;	/* payload bytes in the linear area; rest paged */
	u8 ip_opt_words;	/* IPv4 options, 4-byte words */
	bool v6_hbh;		/* IPv6 hop-by-hop header before L4 */
	u16 frag;		/* v4: frag_off field; v6: add a fragment header */
	bool v6_frag_hdr;
	s32 udp_len_adj;	/* added to the UDP length field */
	u32 cut;		/* bytes cut from the end of the packet */
};

static const __be32 v4_src = cpu_to_be32(0x0a010002), v4_dst = cpu_to_be32(0x0a020002);
static const struct in6_addr v6_src = {{{ 0xfd, 1, [15] = 2 }}};
static const struct in6_addr v6_dst = {{{ 0xfd, 2, [15] = 2 }}};

/* Build a packet as the FORWARD path sees it: data at the network header. */
static struct sk_buff *build_skb_spec(struct kunit *test, const struct skb_spec *s)
{
	u32 l3 = s->family == NFPROTO_IPV4 ? sizeof(struct iphdr) + s->ip_opt_words * 4 :
		 sizeof(struct ipv6hdr) + (s->v6_hbh ? 8 : 0) + (s->v6_frag_hdr ? 8 : 0);
	u32 l4 = s->l4proto == IPPROTO_UDP ? sizeof(struct udphdr) : sizeof(struct tcphdr);
	u32 head = l3 + l4 + s->head_payload, total = l3 + l4 + s->plen;
	struct sk_buff *skb = alloc_skb(head + 64, GFP_KERNEL);
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	p = skb_put_zero(skb, l3 + l4);
	skb_reset_network_header(skb);
	if (s->family == NFPROTO_IPV4) {
		struct iphdr *iph = (struct iphdr *)p;

		iph->version = 4;
		iph->ihl = 5 + s->ip_opt_words;
		iph->tot_len = htons(total);
		iph->ttl = 64;
		iph->protocol = s->l4proto;
		iph->frag_off = htons(s->frag);
		iph->saddr = v4_src;
		iph->daddr = v4_dst;
		memset(p + sizeof(*iph), IPOPT_NOOP, s->ip_opt_words * 4);
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct ipv6hdr *ip6h = (struct ipv6hdr *)p;
		u8 *ext = p + sizeof(*ip6h), *nh = &ip6h->nexthdr;

		ip6h->version = 6;
		ip6h->payload_len = htons(total - sizeof(*ip6h));
		ip6h->hop_limit = 64;
		ip6h->saddr = v6_src;
		ip6h->daddr = v6_dst;
		if (s->v6_hbh) {
			*nh = NEXTHDR_HOP;
			nh = ext;
			ext[2] = 1;	/* PadN covering the rest */
			ext[3] = 4;
			ext += 8;
		}
		if (s->v6_frag_hdr) {
			struct frag_hdr *fh = (struct frag_hdr *)ext;

			*nh = NEXTHDR_FRAGMENT;
			nh = &fh->nexthdr;
			fh->frag_off = htons(s->frag);
			fh->identification = htonl(1);
		}
		*nh = s->l4proto;
		skb->protocol = htons(ETH_P_IPV6);
	}
	skb_set_transport_header(skb, l3);
	if (s->l4proto == IPPROTO_UDP) {
		struct udphdr *uh = (struct udphdr *)(p + l3);

		uh->source = htons(40000);
		uh->dest = htons(8000);
		uh->len = htons(l4 + s->plen + s->udp_len_adj);
	} else {
		struct tcphdr *th = (struct tcphdr *)(p + l3);

		th->source = htons(40001);
		th->dest = htons(443);
		th->doff = 5;
		th->ack = 1;
	}
	skb_put_data(skb, s->payload, s->head_payload);
	if (s->plen > s->head_payload) {
		struct page *page = alloc_page(GFP_KERNEL);
		u32 rest = s->plen - s->head_payload;

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_ASSERT_LE(test, rest, (u32)PAGE_SIZE);
		memcpy(page_address(page), s->payload + s->head_payload, rest);
		skb_add_rx_frag(skb, 0, page, 0, rest, PAGE_SIZE);
	}
	if (s->cut)
		KUNIT_ASSERT_EQ(test, pskb_trim(skb, skb->len - s->cut), 0);
	return skb;
}

struct skb_case {
	const char *name;
	struct skb_spec spec;
	const char *hex;	/* payload; NULL: use @big */
	enum qq_class want;
};

#define TCP_P7 "002e" P1

static const struct skb_case skb_cases[] = {
	{ "v4 udp linear", { NFPROTO_IPV4, IPPROTO_UDP }, P1, QQ_CLASS_OICQ },
	{ "v4 udp paged", { NFPROTO_IPV4, IPPROTO_UDP, .head_payload = 0 }, P1,
	  QQ_CLASS_OICQ },
	{ "v4 udp split head/page", { NFPROTO_IPV4, IPPROTO_UDP, .head_payload = 7 },
	  P1, QQ_CLASS_OICQ },
	{ "v4 tcp linear", { NFPROTO_IPV4, IPPROTO_TCP }, TCP_P7, QQ_CLASS_OICQ },
	{ "v4 tcp paged", { NFPROTO_IPV4, IPPROTO_TCP, .head_payload = 1 }, TCP_P7,
	  QQ_CLASS_OICQ },
	{ "v4 ip options", { NFPROTO_IPV4, IPPROTO_UDP, .ip_opt_words = 3 }, P1,
	  QQ_CLASS_OICQ },
	{ "v4 non-QQ udp", { NFPROTO_IPV4, IPPROTO_UDP },
	  "02dcd9b5000000032b13aabbccddeeff0011223344556603", QQ_CLASS_NONE },
	{ "v4 non-first fragment", { NFPROTO_IPV4, IPPROTO_UDP, .frag = 185 }, P1,
	  QQ_CLASS_NONE },
	{ "v4 first fragment (MF, UDP longer than packet)",
	  { NFPROTO_IPV4, IPPROTO_UDP, .frag = IP_MF, .udp_len_adj = 800 }, P1,
	  QQ_CLASS_NONE },
	{ "v4 udp empty payload", { NFPROTO_IPV4, IPPROTO_UDP }, "", QQ_CLASS_NONE },
	{ "v4 tcp empty payload", { NFPROTO_IPV4, IPPROTO_TCP }, "", QQ_CLASS_NONE },
	{ "v4 truncated udp header",
	  { NFPROTO_IPV4, IPPROTO_UDP, .cut = 44 + 4 }, P1, QQ_CLASS_NONE },
	{ "v4 truncated tcp header",
	  { NFPROTO_IPV4, IPPROTO_TCP, .cut = 46 + 10 }, TCP_P7, QQ_CLASS_NONE },
	{ "v4 truncated payload (paged)",
	  { NFPROTO_IPV4, IPPROTO_UDP, .head_payload = 0, .cut = 5 }, P1,
	  QQ_CLASS_NONE },
	{ "v4 truncated ip header", { NFPROTO_IPV4, IPPROTO_UDP, .cut = 44 + 8 + 10 },
	  P1, QQ_CLASS_NONE },
	{ "v6 udp linear", { NFPROTO_IPV6, IPPROTO_UDP }, P1, QQ_CLASS_OICQ },
	{ "v6 udp paged", { NFPROTO_IPV6, IPPROTO_UDP, .head_payload = 0 }, P1,
	  QQ_CLASS_OICQ },
	{ "v6 tcp paged", { NFPROTO_IPV6, IPPROTO_TCP, .head_payload = 3 }, TCP_P7,
	  QQ_CLASS_OICQ },
	{ "v6 hop-by-hop header", { NFPROTO_IPV6, IPPROTO_UDP, .v6_hbh = true }, P1,
	  QQ_CLASS_OICQ },
	{ "v6 atomic fragment (offset 0, no MF)",
	  { NFPROTO_IPV6, IPPROTO_UDP, .v6_frag_hdr = true }, P1, QQ_CLASS_OICQ },
	{ "v6 non-first fragment",
	  { NFPROTO_IPV6, IPPROTO_UDP, .v6_frag_hdr = true, .frag = 1480 }, P1,
	  QQ_CLASS_NONE },
	{ "v6 non-QQ tcp", { NFPROTO_IPV6, IPPROTO_TCP },
	  "000000280000000200000000000000017465737400706173730000000000000003",
	  QQ_CLASS_NONE },
	{ "v6 truncated header", { NFPROTO_IPV6, IPPROTO_UDP, .cut = 44 + 8 + 20 },
	  P1, QQ_CLASS_NONE },
	{ "v6 tcp empty payload", { NFPROTO_IPV6, IPPROTO_TCP }, "", QQ_CLASS_NONE },
};

static void skb_case_desc(const struct skb_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(skb_case, skb_cases, skb_case_desc);

static struct sk_buff *build_case(struct kunit *test, const struct skb_case *c)
{
	struct skb_spec s = c->spec;
	u32 len;
	u8 *pl = hex_bytes(test, c->hex, &len);

	s.payload = pl;
	s.plen = len;
	/* .head_payload 0 with a zero initialiser means "all linear". */
	if (!s.head_payload && !strstr(c->name, "paged"))
		s.head_payload = len;
	return build_skb_spec(test, &s);
}

static void skb_inspect(struct kunit *test)
{
	const struct skb_case *c = test->param_value;
	struct sk_buff *skb = build_case(test, c);
	struct qq_pkt_meta meta;
	struct qq_result res;

	KUNIT_EXPECT_EQ(test, qq_inspect_skb(skb, c->spec.family, &meta, &res), c->want);
	if (c->want != QQ_CLASS_NONE) {
		KUNIT_EXPECT_EQ(test, meta.family, c->spec.family);
		KUNIT_EXPECT_EQ(test, meta.l4proto, c->spec.l4proto);
		KUNIT_EXPECT_EQ(test, ntohs(meta.dport),
				c->spec.l4proto == IPPROTO_UDP ? 8000 : 443);
		if (c->spec.family == NFPROTO_IPV4)
			KUNIT_EXPECT_EQ(test, meta.saddr.ip, v4_src);
		else
			KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&meta.daddr.in6, &v6_dst));
	}
	kfree_skb(skb);
}

/* Payloads longer than the inspect window. */
static void skb_big_payloads(struct kunit *test)
{
	u32 n = QQ_INSPECT_MAX + 600, off = 0, i;
	u8 *pl = kunit_kzalloc(test, n, GFP_KERNEL);
	struct skb_spec s = { NFPROTO_IPV4, IPPROTO_TCP, pl, n, 100 };
	struct qq_pkt_meta meta;
	struct qq_result res;
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	/* TCP: back-to-back 100-byte OICQ packets; the window cuts one. */
	for (i = 0; off + 100 <= n; i++, off += 100) {
		u8 *q = pl + off;

		q[0] = 0;
		q[1] = 100;
		q[2] = 0x02;
		q[3] = 0x4a;
		q[4] = 0x07;
		q[5] = 0x00;
		q[6] = 0x17;
		q[99] = 0x03;
	}
	skb = build_skb_spec(test, &s);
	KUNIT_EXPECT_EQ(test, qq_inspect_skb(skb, s.family, &meta, &res), QQ_CLASS_OICQ);
	KUNIT_EXPECT_EQ(test, res.units, (u16)(QQ_INSPECT_MAX / 100));
	kfree_skb(skb);

	/*
	 * UDP: a datagram bigger than the window is judged by its header
	 * and its last byte, read on its own: ETX there is OICQ, anything
	 * else is not.
	 */
	memset(pl, 0, n);
	memcpy(pl, "\x02\x4a\x07\x00\x17", 5);
	pl[n - 1] = 0x03;
	s.l4proto = IPPROTO_UDP;
	skb = build_skb_spec(test, &s);
	KUNIT_EXPECT_EQ(test, qq_inspect_skb(skb, s.family, &meta, &res), QQ_CLASS_OICQ);
	kfree_skb(skb);
	pl[n - 1] = 0x04;
	skb = build_skb_spec(test, &s);
	KUNIT_EXPECT_EQ(test, qq_inspect_skb(skb, s.family, &meta, &res), QQ_CLASS_NONE);
	kfree_skb(skb);
}

static int skb_suite_init(struct kunit_suite *suite)
{
	return qq_inspect_init();
}

static void skb_suite_exit(struct kunit_suite *suite)
{
	qq_inspect_exit();
}

static struct kunit_case skb_test_cases[] = {
	KUNIT_CASE_PARAM(skb_inspect, skb_case_gen_params),
	KUNIT_CASE(skb_big_payloads),
	{}
};

static struct kunit_suite skb_suite = {
	.name = "xt_qq_skb",
	.suite_init = skb_suite_init,
	.suite_exit = skb_suite_exit,
	.test_cases = skb_test_cases,
};

/* ---- the xtables match ---------------------------------------------- */

static bool run_match(struct kunit *test, struct sk_buff *skb, u8 family,
		      struct xt_qq_mtinfo *info, u16 fragoff)
{
	struct nf_hook_state state = { .pf = family, .net = &init_net };
	struct xt_action_param par = {
		.match = &qq_mt_reg[family == NFPROTO_IPV6],
		.matchinfo = info,
		.state = &state,
		.fragoff = fragoff,
	};
	bool hit;

	/* As netfilter calls it: in softirq context, under rcu_read_lock. */
	local_bh_disable();
	rcu_read_lock();
	hit = qq_mt(skb, &par);
	rcu_read_unlock();
	local_bh_enable();
	return hit;
}

static int check_info(struct xt_qq_mtinfo *info)
{
	struct xt_mtchk_param par = {
		.net = &init_net,
		.table = "filter",
		.matchinfo = info,
		.match = &qq_mt_reg[0],
		.family = NFPROTO_IPV4,
	};

	return qq_mt_check(&par);
}

static void destroy_info(struct xt_qq_mtinfo *info)
{
	struct xt_mtdtor_param par = {
		.net = &init_net,
		.match = &qq_mt_reg[0],
		.matchinfo = info,
		.family = NFPROTO_IPV4,
	};

	qq_mt_destroy(&par);
}

static void match_answers(struct kunit *test)
{
	const struct skb_case qq = { "v4", { NFPROTO_IPV4, IPPROTO_UDP }, P1 };
	const struct skb_case other = { "v6", { NFPROTO_IPV6, IPPROTO_UDP },
					"0200000002ca1a00316618ac0000000000000003" };
	struct xt_qq_mtinfo all = { .flags = XT_QQ_F_NOLOG };
	struct xt_qq_mtinfo oicq = { .classes = QQ_CLASS_BIT(QQ_CLASS_OICQ),
				     .flags = XT_QQ_F_NOLOG };
	struct xt_qq_mtinfo inv = { .flags = XT_QQ_F_NOLOG | XT_QQ_F_INVERT };
	struct sk_buff *a = build_case(test, &qq), *b = build_case(test, &other);

	KUNIT_ASSERT_EQ(test, check_info(&all), 0);
	KUNIT_ASSERT_EQ(test, check_info(&oicq), 0);
	KUNIT_ASSERT_EQ(test, check_info(&inv), 0);
	KUNIT_EXPECT_TRUE(test, run_match(test, a, NFPROTO_IPV4, &all, 0));
	KUNIT_EXPECT_TRUE(test, run_match(test, a, NFPROTO_IPV4, &oicq, 0));
	KUNIT_EXPECT_FALSE(test, run_match(test, a, NFPROTO_IPV4, &inv, 0));
	KUNIT_EXPECT_FALSE(test, run_match(test, b, NFPROTO_IPV6, &all, 0));
	KUNIT_EXPECT_TRUE(test, run_match(test, b, NFPROTO_IPV6, &inv, 0));
	/* A non-first fragment is never QQ, so the inverted rule matches it. */
	KUNIT_EXPECT_FALSE(test, run_match(test, a, NFPROTO_IPV4, &all, 1));
	KUNIT_EXPECT_TRUE(test, run_match(test, a, NFPROTO_IPV4, &inv, 1));
	destroy_info(&all);
	destroy_info(&oicq);
	destroy_info(&inv);
	kfree_skb(a);
	kfree_skb(b);
}

/* Logging path, rate-limited: must not fault or sleep in BH context. */
static void match_logs_in_bh(struct kunit *test)
{
	const struct skb_case qq = { "v6", { NFPROTO_IPV6, IPPROTO_TCP }, TCP_P7 };
	struct xt_qq_mtinfo info = {};
	struct sk_buff *skb = build_case(test, &qq);
	int i;

	KUNIT_ASSERT_EQ(test, check_info(&info), 0);
	local_bh_disable();
	for (i = 0; i < 50; i++)
		KUNIT_EXPECT_TRUE(test, run_match(test, skb, NFPROTO_IPV6, &info, 0));
	local_bh_enable();
	KUNIT_EXPECT_GT(test, info.state->log_rs.missed, 0);
	destroy_info(&info);
	kfree_skb(skb);
}

static void checkentry_rejects(struct kunit *test)
{
	struct xt_qq_mtinfo bad_flags = { .flags = 0x80000000 };
	struct xt_qq_mtinfo bad_class = { .classes = 1U << 20 };
	struct xt_qq_mtinfo none_bit = { .classes = QQ_CLASS_BIT(QQ_CLASS_NONE) };

	KUNIT_EXPECT_EQ(test, check_info(&bad_flags), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_info(&bad_class), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_info(&none_bit), -EINVAL);
	KUNIT_EXPECT_NULL(test, bad_flags.state);
	KUNIT_EXPECT_NULL(test, bad_class.state);
}

static void usersize_hides_state(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, qq_mt_reg[0].usersize,
			(unsigned int)offsetof(struct xt_qq_mtinfo, state));
	KUNIT_EXPECT_EQ(test, qq_mt_reg[1].usersize, qq_mt_reg[0].usersize);
	KUNIT_EXPECT_EQ(test, qq_mt_reg[0].family, NFPROTO_IPV4);
	KUNIT_EXPECT_EQ(test, qq_mt_reg[1].family, NFPROTO_IPV6);
}

/* What a rule inspects and finds lands in its netns's counters and log. */
static void match_records_in_netns(struct kunit *test)
{
	const struct skb_case qq = { "v4", { NFPROTO_IPV4, IPPROTO_UDP }, P1 };
	const struct skb_case other = { "v6", { NFPROTO_IPV6, IPPROTO_UDP },
					"0200000002ca1a00316618ac0000000000000003" };
	struct xt_qq_mtinfo info = { .flags = XT_QQ_F_NOLOG };
	struct sk_buff *a = build_case(test, &qq), *b = build_case(test, &other);
	struct qq_net *qn = qq_pernet(&init_net);
	struct qq_stats_snapshot s0, s1;
	u64 first0, next0, first1, next1;
	struct qq_event ev;
	u64 cur;

	KUNIT_ASSERT_EQ(test, check_info(&info), 0);
	qq_stats_read(&qn->stats, &s0);
	qq_ring_bounds(&qn->events, &first0, &next0);
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, run_match(test, a, NFPROTO_IPV4, &info, 0));
	KUNIT_EXPECT_TRUE(test, run_match(test, a, NFPROTO_IPV4, &info, 0));
	KUNIT_EXPECT_FALSE(test, run_match(test, b, NFPROTO_IPV6, &info, 0));
	local_bh_enable();
	qq_stats_read(&qn->stats, &s1);
	KUNIT_EXPECT_EQ(test, s1.cnt[QQ_CNT_INSPECTED] - s0.cnt[QQ_CNT_INSPECTED], 3);
	KUNIT_EXPECT_EQ(test, s1.cnt[QQ_CNT_DETECTED + QQ_CLASS_OICQ] -
			      s0.cnt[QQ_CNT_DETECTED + QQ_CLASS_OICQ], 2);
	/* Two packets of one flow: the flow counts once. */
	KUNIT_EXPECT_EQ(test, s1.cnt[QQ_CNT_FLOWS] - s0.cnt[QQ_CNT_FLOWS], 1);
	KUNIT_EXPECT_EQ(test, s1.cnt[QQ_CNT_DROPPED], s0.cnt[QQ_CNT_DROPPED]);
	qq_ring_bounds(&qn->events, &first1, &next1);
	KUNIT_EXPECT_EQ(test, next1 - next0, 2);
	cur = next0;
	KUNIT_ASSERT_TRUE(test, qq_ring_next(&qn->events, &cur, &ev, NULL));
	KUNIT_EXPECT_EQ(test, ev.cls, QQ_CLASS_OICQ);
	KUNIT_EXPECT_EQ(test, ev.action, QQ_ACTION_DETECTED);
	KUNIT_EXPECT_EQ(test, ev.family, NFPROTO_IPV4);
	KUNIT_EXPECT_EQ(test, ev.l4proto, IPPROTO_UDP);
	destroy_info(&info);
	kfree_skb(a);
	kfree_skb(b);
}

static int match_suite_init(struct kunit_suite *suite)
{
	int err = qq_inspect_init();

	if (err)
		return err;
	err = qq_net_register();
	if (err)
		qq_inspect_exit();
	return err;
}

static void match_suite_exit(struct kunit_suite *suite)
{
	qq_net_unregister();
	qq_inspect_exit();
}

static struct kunit_case match_test_cases[] = {
	KUNIT_CASE(match_records_in_netns),
	KUNIT_CASE(match_answers),
	KUNIT_CASE(match_logs_in_bh),
	KUNIT_CASE(checkentry_rejects),
	KUNIT_CASE(usersize_hides_state),
	{}
};

static struct kunit_suite match_suite = {
	.name = "xt_qq_match",
	.suite_init = match_suite_init,
	.suite_exit = match_suite_exit,
	.test_cases = match_test_cases,
};

/* ---- control plane: events, flows, counters, netlink policies -------- */

static void fill_event(struct qq_event *ev, u16 sport)
{
	memset(ev, 0, sizeof(*ev));
	ev->family = NFPROTO_IPV4;
	ev->l4proto = IPPROTO_UDP;
	ev->saddr.ip = htonl(0x0a010002);
	ev->daddr.ip = htonl(0x0a020002);
	ev->sport = htons(sport);
	ev->dport = htons(8000);
	ev->cls = QQ_CLASS_OICQ;
	ev->action = QQ_ACTION_BLOCKED;
}

static void ring_wraps_around(struct kunit *test)
{
	struct qq_event_ring r;
	struct qq_event ev;
	u64 first, next, cur = 0;
	bool lost;
	int i;

	KUNIT_ASSERT_EQ(test, qq_ring_init(&r, 4, 1000, HZ), 0);
	qq_ring_bounds(&r, &first, &next);
	KUNIT_EXPECT_EQ(test, first, 0);
	KUNIT_EXPECT_EQ(test, next, 0);
	KUNIT_EXPECT_FALSE(test, qq_ring_next(&r, &cur, &ev, &lost));
	for (i = 0; i < 10; i++) {
		fill_event(&ev, 1000 + i);
		KUNIT_EXPECT_TRUE(test, qq_ring_push(&r, &ev, r.rl_begin));
		KUNIT_EXPECT_EQ(test, ev.seq, (u64)i);
	}
	qq_ring_bounds(&r, &first, &next);
	KUNIT_EXPECT_EQ(test, first, 6);
	KUNIT_EXPECT_EQ(test, next, 10);
	/* A reader behind the ring learns it lost events, then gets 6..9. */
	cur = 2;
	for (i = 6; i < 10; i++) {
		KUNIT_ASSERT_TRUE(test, qq_ring_next(&r, &cur, &ev, &lost));
		KUNIT_EXPECT_EQ(test, lost, i == 6);
		KUNIT_EXPECT_EQ(test, ev.seq, (u64)i);
		KUNIT_EXPECT_EQ(test, ntohs(ev.sport), 1000 + i);
	}
	KUNIT_EXPECT_FALSE(test, qq_ring_next(&r, &cur, &ev, &lost));
	KUNIT_EXPECT_EQ(test, cur, 10);
	qq_ring_free(&r);
}

static void ring_size_one(struct kunit *test)
{
	struct qq_event_ring r;
	struct qq_event ev;
	u64 cur = 0;
	int i;

	KUNIT_ASSERT_EQ(test, qq_ring_init(&r, 1, 1000, HZ), 0);
	for (i = 0; i < 3; i++) {
		fill_event(&ev, i);
		KUNIT_EXPECT_TRUE(test, qq_ring_push(&r, &ev, r.rl_begin));
	}
	KUNIT_ASSERT_TRUE(test, qq_ring_next(&r, &cur, &ev, NULL));
	KUNIT_EXPECT_EQ(test, ev.seq, 2);
	KUNIT_EXPECT_FALSE(test, qq_ring_next(&r, &cur, &ev, NULL));
	qq_ring_free(&r);
}

static void ring_rate_limit(struct kunit *test)
{
	struct qq_event_ring r;
	struct qq_event ev;
	unsigned long t0;
	u64 first, next;
	int i, ok = 0;

	KUNIT_ASSERT_EQ(test, qq_ring_init(&r, 16, 3, 100), 0);
	t0 = r.rl_begin;
	fill_event(&ev, 1);
	for (i = 0; i < 5; i++)
		ok += qq_ring_push(&r, &ev, t0 + 10);
	KUNIT_EXPECT_EQ(test, ok, 3);
	/* Still inside the interval: refused. */
	KUNIT_EXPECT_FALSE(test, qq_ring_push(&r, &ev, t0 + 99));
	/* A new interval admits a new burst. */
	KUNIT_EXPECT_TRUE(test, qq_ring_push(&r, &ev, t0 + 100));
	KUNIT_EXPECT_TRUE(test, qq_ring_push(&r, &ev, t0 + 150));
	/* Refused events take no seq and no slot. */
	qq_ring_bounds(&r, &first, &next);
	KUNIT_EXPECT_EQ(test, next, 5);
	KUNIT_EXPECT_EQ(test, first, 0);
	/* jiffies wrapping around must not freeze the limiter. */
	KUNIT_EXPECT_TRUE(test, qq_ring_push(&r, &ev, t0 - 1000));
	qq_ring_free(&r);
}

static void meta_v4(struct qq_pkt_meta *m, u32 s, u16 sp, u32 d, u16 dp)
{
	memset(m, 0, sizeof(*m));
	m->family = NFPROTO_IPV4;
	m->l4proto = IPPROTO_UDP;
	m->saddr.ip = htonl(s);
	m->daddr.ip = htonl(d);
	m->sport = htons(sp);
	m->dport = htons(dp);
}

static void flow_counts_once(struct kunit *test)
{
	struct qq_flow_table t;
	struct qq_pkt_meta m, r, other;
	unsigned long now = 5000;

	KUNIT_ASSERT_EQ(test, qq_flow_init(&t, 64), 0);
	meta_v4(&m, 0x0a010002, 40000, 0x0a020002, 8000);
	meta_v4(&r, 0x0a020002, 8000, 0x0a010002, 40000);
	meta_v4(&other, 0x0a010002, 40001, 0x0a020002, 8000);
	KUNIT_EXPECT_TRUE(test, qq_flow_note(&t, &m, QQ_CLASS_OICQ, now));
	KUNIT_EXPECT_FALSE(test, qq_flow_note(&t, &m, QQ_CLASS_OICQ, now + 1));
	/* The reply direction is the same flow. */
	KUNIT_EXPECT_FALSE(test, qq_flow_note(&t, &r, QQ_CLASS_OICQ, now + 2));
	KUNIT_EXPECT_TRUE(test, qq_flow_note(&t, &other, QQ_CLASS_MSF, now + 3));
	/* The class is handed to a new conntrack of the flow, either way. */
	KUNIT_EXPECT_EQ(test, qq_flow_class(&t, &r, now + 3), QQ_CLASS_OICQ);
	KUNIT_EXPECT_EQ(test, qq_flow_class(&t, &other, now + 3), QQ_CLASS_MSF);
	KUNIT_EXPECT_EQ(test, qq_flow_class(&t, &other, now + 4 + QQ_FLOW_IDLE), 0);
	meta_v4(&other, 0x0a010002, 40002, 0x0a020002, 8000);
	KUNIT_EXPECT_EQ(test, qq_flow_class(&t, &other, now + 3), 0);
	/* Idle longer than QQ_FLOW_IDLE: a new flow. */
	KUNIT_EXPECT_TRUE(test, qq_flow_note(&t, &m, QQ_CLASS_OICQ, now + 3 + QQ_FLOW_IDLE + 1));
	/* Same ports, other protocol: another flow. */
	m.l4proto = IPPROTO_TCP;
	KUNIT_EXPECT_TRUE(test, qq_flow_note(&t, &m, QQ_CLASS_OICQ, now + 4 + QQ_FLOW_IDLE));
	qq_flow_free(&t);
}

static void stats_sum_and_reset(struct kunit *test)
{
	struct qq_stats_snapshot snap;
	struct qq_stats st;
	int i;

	KUNIT_ASSERT_EQ(test, qq_stats_init(&st), 0);
	local_bh_disable();
	for (i = 0; i < 7; i++)
		qq_stats_inc(&st, QQ_CNT_INSPECTED);
	qq_stats_inc(&st, QQ_CNT_DETECTED + QQ_CLASS_OICQ);
	local_bh_enable();
	qq_stats_read(&st, &snap);
	KUNIT_EXPECT_EQ(test, snap.cnt[QQ_CNT_INSPECTED], 7);
	KUNIT_EXPECT_EQ(test, snap.cnt[QQ_CNT_DETECTED + QQ_CLASS_OICQ], 1);
	KUNIT_EXPECT_EQ(test, snap.cnt[QQ_CNT_DROPPED], 0);
	qq_stats_reset(&st);
	qq_stats_read(&st, &snap);
	KUNIT_EXPECT_EQ(test, snap.cnt[QQ_CNT_INSPECTED], 0);
	local_bh_disable();
	qq_stats_inc(&st, QQ_CNT_INSPECTED);
	local_bh_enable();
	qq_stats_read(&st, &snap);
	KUNIT_EXPECT_EQ(test, snap.cnt[QQ_CNT_INSPECTED], 1);
	qq_stats_free(&st);
}

/* Netlink attribute validation, as genetlink runs it for SET_MODE. */
struct nl_case {
	const char *name;
	u16 type;
	u8 len;			/* payload bytes */
	u32 value;
	int err;
};

static const struct nl_case nl_cases[] = {
	{ "mode off", QQ_A_MODE, 4, QQ_MODE_OFF, 0 },
	{ "mode block", QQ_A_MODE, 4, QQ_MODE_BLOCK, 0 },
	{ "mode out of range", QQ_A_MODE, 4, QQ_MODE_MAX + 1, -ERANGE },
	{ "mode as u8", QQ_A_MODE, 1, 1, -EINVAL },
	{ "mode as u64", QQ_A_MODE, 8, 1, -EINVAL },
	{ "flags 0", QQ_A_MODE_FLAGS, 4, 0, 0 },
	{ "flag servers", QQ_A_MODE_FLAGS, 4, QQ_MODE_F_SERVERS, 0 },
	{ "unknown flag bit", QQ_A_MODE_FLAGS, 4, 0x80000000, -EINVAL },
	{ "attr not in op policy", QQ_A_STATS, 4, 0, -EINVAL },
	{ "unknown attr type", QQ_A_MAX + 7, 4, 0, -EINVAL },
	{ "type 0", QQ_A_UNSPEC, 4, 0, -EINVAL },
};

static void nl_case_desc(const struct nl_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nl_case, nl_cases, nl_case_desc);

static void set_mode_policy(struct kunit *test)
{
	const struct nl_case *c = test->param_value;
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[QQ_A_MODE_FLAGS + 1];
	u8 buf[NLA_HDRLEN + 8] __aligned(4) = {};
	struct nlattr *nla = (struct nlattr *)buf;
	int err;

	nla->nla_type = c->type;
	nla->nla_len = NLA_HDRLEN + c->len;
	memcpy(nla_data(nla), &c->value, min_t(int, c->len, 4));
	err = nla_parse(tb, ARRAY_SIZE(tb) - 1, nla, NLA_ALIGN(nla->nla_len),
			qq_set_mode_policy, &extack);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static struct kunit_case control_test_cases[] = {
	KUNIT_CASE(ring_wraps_around),
	KUNIT_CASE(ring_size_one),
	KUNIT_CASE(ring_rate_limit),
	KUNIT_CASE(flow_counts_once),
	KUNIT_CASE(stats_sum_and_reset),
	KUNIT_CASE_PARAM(set_mode_policy, nl_case_gen_params),
	{}
};

static struct kunit_suite control_suite = {
	.name = "xt_qq_control",
	.test_cases = control_test_cases,
};

/* ---- the server table ------------------------------------------------ */

static struct qq_server_key srv_key(const char *addr, u8 plen, u8 proto,
				    u16 pmin, u16 pmax)
{
	struct qq_server_key k = { .plen = plen, .proto = proto,
				   .port_min = pmin, .port_max = pmax };

	if (strchr(addr, ':')) {
		k.family = NFPROTO_IPV6;
		in6_pton(addr, -1, k.addr.in6.s6_addr, -1, NULL);
	} else {
		k.family = NFPROTO_IPV4;
		in4_pton(addr, -1, (u8 *)&k.addr.ip, -1, NULL);
	}
	return k;
}

struct key_case {
	const char *name;
	const char *addr;
	u8 plen, proto;
	u16 pmin, pmax;
	int err;
	u8 family, want_plen;	/* after a successful check */
};

static const struct key_case key_cases[] = {
	{ "v4 /32", "58.60.10.45", 32, IPPROTO_UDP, 8000, 8000, 0, NFPROTO_IPV4, 32 },
	{ "v4 /0", "0.0.0.0", 0, 0, 0, 65535, 0, NFPROTO_IPV4, 0 },
	{ "v4 /24 host bits", "10.1.2.3", 24, 0, 0, 65535, -EINVAL },
	{ "v4 /33", "10.1.2.3", 33, 0, 0, 65535, -EINVAL },
	{ "v6 /128", "240e:ff:f101:10::109", 128, IPPROTO_TCP, 14000, 14000, 0,
	  NFPROTO_IPV6, 128 },
	{ "v6 /0", "::", 0, 0, 0, 65535, 0, NFPROTO_IPV6, 0 },
	{ "v6 /32 host bits", "2001:db8::1", 32, 0, 0, 65535, -EINVAL },
	{ "v4-mapped /120 becomes v4 /24", "::ffff:1.2.3.0", 120, 0, 0, 65535, 0,
	  NFPROTO_IPV4, 24 },
	{ "v4-mapped /96 becomes v4 /0", "::ffff:0.0.0.0", 96, 0, 0, 65535, 0,
	  NFPROTO_IPV4, 0 },
	{ "protocol ICMP", "1.2.3.4", 32, IPPROTO_ICMP, 0, 65535, -EINVAL },
	{ "empty port range", "1.2.3.4", 32, IPPROTO_TCP, 9, 3, -EINVAL },
};

static void key_case_desc(const struct key_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(key_case, key_cases, key_case_desc);

static void server_key_check(struct kunit *test)
{
	const struct key_case *c = test->param_value;
	struct qq_server_key k = srv_key(c->addr, c->plen, c->proto, c->pmin,
					 c->pmax);
	const char *why = NULL;
	int err = qq_server_key_check(&k, &why);

	KUNIT_EXPECT_EQ(test, err, c->err);
	if (err) {
		KUNIT_EXPECT_NOT_NULL(test, why);
		return;
	}
	KUNIT_EXPECT_EQ(test, k.family, c->family);
	KUNIT_EXPECT_EQ(test, k.plen, c->want_plen);
}

static struct qq_server *srv_add(struct kunit *test, struct qq_srv_table *t,
				 const char *addr, u8 plen, u8 proto, u16 pmin,
				 u16 pmax)
{
	struct qq_server *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->key = srv_key(addr, plen, proto, pmin, pmax);
	KUNIT_ASSERT_EQ(test, qq_server_key_check(&s->key, &why), 0);
	KUNIT_ASSERT_NULL(test, qq_srv_find_exact(t, &s->key));
	qq_srv_insert(t, s);
	return s;
}

static const struct qq_server *srv_find(struct qq_srv_table *t, const char *addr,
					u8 proto, u16 port)
{
	struct qq_server_key k = srv_key(addr, 0, 0, 0, 0);

	return qq_srv_lookup(t, k.family, &k.addr, proto, port);
}

/* Entries live in kunit memory: unlink them before the table goes. */
static void srv_table_drop(struct qq_srv_table *t)
{
	struct hlist_node *tmp;
	struct qq_server *s;
	u32 i;

	for (i = 0; i <= t->mask; i++)
		hlist_for_each_entry_safe(s, tmp, &t->bucket[i], node)
			hlist_del(&s->node);
	kvfree(t);
}

static void server_lookup_longest_first(struct kunit *test)
{
	struct qq_srv_table *t = qq_srv_table_alloc(0);
	struct qq_server *any443, *ten, *ten1, *host, *v6net, *v6host;

	KUNIT_ASSERT_NOT_NULL(test, t);
	any443 = srv_add(test, t, "0.0.0.0", 0, IPPROTO_TCP, 443, 443);
	ten = srv_add(test, t, "10.0.0.0", 8, 0, 0, 65535);
	ten1 = srv_add(test, t, "10.1.0.0", 16, IPPROTO_UDP, 8000, 8000);
	host = srv_add(test, t, "10.1.2.3", 32, IPPROTO_TCP, 14000, 14001);
	v6net = srv_add(test, t, "2001:db8::", 32, 0, 0, 65535);
	v6host = srv_add(test, t, "2001:db8::1", 128, IPPROTO_UDP, 8000, 8000);
	KUNIT_EXPECT_EQ(test, t->count, 6);
	KUNIT_EXPECT_EQ(test, t->nlens[0], 4);
	KUNIT_EXPECT_EQ(test, t->lens[0][0], 32);
	KUNIT_EXPECT_EQ(test, t->lens[0][3], 0);

	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "10.1.2.3", IPPROTO_TCP, 14000), host);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "10.1.2.3", IPPROTO_TCP, 14001), host);
	/* Port outside the /32's range: the /8 (any port) answers. */
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "10.1.2.3", IPPROTO_TCP, 14002), ten);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "10.1.9.9", IPPROTO_UDP, 8000), ten1);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "10.1.9.9", IPPROTO_TCP, 8000), ten);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "11.0.0.1", IPPROTO_TCP, 443), any443);
	KUNIT_EXPECT_NULL(test, srv_find(t, "11.0.0.1", IPPROTO_TCP, 80));
	KUNIT_EXPECT_NULL(test, srv_find(t, "11.0.0.1", IPPROTO_UDP, 443));
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "2001:db8::1", IPPROTO_UDP, 8000), v6host);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "2001:db8::1", IPPROTO_TCP, 1), v6net);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "2001:db8:ffff::2", IPPROTO_TCP, 1), v6net);
	KUNIT_EXPECT_NULL(test, srv_find(t, "2001:db9::", IPPROTO_TCP, 1));
	/* An IPv4-mapped IPv6 packet address is looked up as IPv4. */
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "::ffff:10.1.2.3", IPPROTO_TCP, 14001),
			    host);

	/* Removing the /32 hands its traffic to the /8; lengths follow. */
	qq_srv_remove(t, host);
	KUNIT_EXPECT_PTR_EQ(test, srv_find(t, "10.1.2.3", IPPROTO_TCP, 14000), ten);
	KUNIT_EXPECT_EQ(test, t->nlens[0], 3);
	KUNIT_EXPECT_EQ(test, t->lens[0][0], 16);
	srv_table_drop(t);
}

static void server_table_grows(struct kunit *test)
{
	struct qq_srv_table *t = qq_srv_table_alloc(0), *nt;
	u32 i, found = 0, buckets = t->mask + 1;
	char a[16];

	KUNIT_ASSERT_NOT_NULL(test, t);
	nt = qq_srv_grow(t, 3000);
	KUNIT_ASSERT_NOT_NULL(test, nt);
	KUNIT_EXPECT_GE(test, nt->mask + 1, 6000U);
	KUNIT_EXPECT_GT(test, nt->mask + 1, buckets);
	qq_srv_table_free(t);
	for (i = 0; i < 3000; i++) {
		snprintf(a, sizeof(a), "172.16.%u.%u", i / 250, i % 250);
		srv_add(test, nt, a, 32, IPPROTO_UDP, 8000, 8000);
	}
	/* Room for 3000 already: growing to 3000 keeps the table. */
	KUNIT_EXPECT_PTR_EQ(test, qq_srv_grow(nt, 3000), nt);
	t = qq_srv_grow(nt, 5000);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_TRUE(test, t != nt);
	KUNIT_EXPECT_EQ(test, t->count, 3000);
	for (i = 0; i < 3000; i++) {
		snprintf(a, sizeof(a), "172.16.%u.%u", i / 250, i % 250);
		found += srv_find(t, a, IPPROTO_UDP, 8000) != NULL;
	}
	KUNIT_EXPECT_EQ(test, found, 3000);
	KUNIT_EXPECT_NULL(test, srv_find(t, "172.16.12.0", IPPROTO_UDP, 8000));
	qq_srv_table_free(t);	/* the copies */
	srv_table_drop(nt);	/* the originals, in kunit memory */
}

static struct kunit_case servers_test_cases[] = {
	KUNIT_CASE_PARAM(server_key_check, key_case_gen_params),
	KUNIT_CASE(server_lookup_longest_first),
	KUNIT_CASE(server_table_grows),
	{}
};

static struct kunit_suite servers_suite = {
	.name = "xt_qq_servers",
	.test_cases = servers_test_cases,
};

kunit_test_suites(&classify_suite, &skb_suite, &match_suite, &control_suite,
		  &servers_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for xt_qq");
