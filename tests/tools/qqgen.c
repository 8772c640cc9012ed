// SPDX-License-Identifier: GPL-2.0
/*
 * qqgen - write synthetic, labelled classic-QQ (OICQ) captures for tests.
 *
 *   qqgen [-l en10mb|raw] tcp-oicq OUT.pcap
 *   qqgen [-l en10mb|raw] udp-oicq-new OUT.pcap
 *
 * The packet layouts follow ../shared/facts/qq-protocol.md:
 *   S1   UDP: 02 | ver(2) | cmd(2) | seq(2) | uin(4) | data | 03
 *   S1b  QQ2008+ client block after the UIN: 02 00 00 00 01 01 01 00 00 6a xx
 *        server replies carry a 0x00 byte there
 *   S1c  versions change with every client generation
 *   S1d  wtlogin commands 0x0825 0x0836 0x0828 0x00ec, then 0x0002 0x0017
 *   S2   TCP: BE16 length (counting itself) in front of the S1 packet,
 *        several packets may share one segment
 *   S13  logout 0x0001: 8 zero bytes after the UIN, 24..32 bytes, 03,
 *        one datagram per fresh ephemeral source port
 *
 * Output is byte-for-byte reproducible: fixed addresses (client 192.0.2.10,
 * server 198.51.100.20), a fixed-seed PRNG, fixed timestamps, a
 * little-endian microsecond pcap header.  IPv4/UDP/TCP checksums are valid.
 *
 * stdout: "packets=N c2s_payloads=N c2s_qq_payloads=N" where c2s_payloads
 * counts client->server packets with L4 payload and c2s_qq_payloads those of
 * them that carry QQ (in these files: all of them).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINKTYPE_ETHERNET	1
#define LINKTYPE_RAW		101

#define MAX_SEG			1400	/* keep every TCP payload one segment */

static const uint8_t client_ip[4] = { 192, 0, 2, 10 };
static const uint8_t server_ip[4] = { 198, 51, 100, 20 };
static const uint8_t client_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x0a, 0x01 };
static const uint8_t server_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x14, 0x02 };

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("qqgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* ------------------------------------------------------------------ */
/* Deterministic PRNG (splitmix64)                                     */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = 0x51515151c0ffee00ull;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t rng_range(uint32_t lo, uint32_t hi)	/* inclusive */
{
	return lo + (uint32_t)(rng() % ((uint64_t)hi - lo + 1));
}

static void rng_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rng();
}

/* ------------------------------------------------------------------ */
/* Byte buffer                                                         */
/* ------------------------------------------------------------------ */

struct buf {
	uint8_t d[65536];
	size_t n;
};

static void put8(struct buf *b, uint8_t v)
{
	if (b->n >= sizeof(b->d))
		die(1, "internal: buffer overflow");
	b->d[b->n++] = v;
}

static void put16(struct buf *b, uint16_t v)
{
	put8(b, (uint8_t)(v >> 8));
	put8(b, (uint8_t)v);
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, (uint16_t)(v >> 16));
	put16(b, (uint16_t)v);
}

static void putmem(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (n > sizeof(b->d) - b->n)
		die(1, "internal: buffer overflow");
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void putrand(struct buf *b, size_t n)
{
	if (n > sizeof(b->d) - b->n)
		die(1, "internal: buffer overflow");
	rng_bytes(b->d + b->n, n);
	b->n += n;
}

/* ------------------------------------------------------------------ */
/* pcap writer                                                         */
/* ------------------------------------------------------------------ */

struct out {
	FILE *f;
	int linktype;
	uint64_t ts_us;		/* timestamp of the next packet */
	uint16_t ip_id[2];	/* per direction */
	unsigned int packets, c2s_payloads, c2s_qq_payloads;
};

static void le32w(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void pcap_header(struct out *o)
{
	uint8_t h[24] = { 0 };

	le32w(h, 0xa1b2c3d4);
	h[4] = 2;		/* version 2.4, little-endian */
	h[6] = 4;
	le32w(h + 16, 65535);
	le32w(h + 20, (uint32_t)o->linktype);
	if (fwrite(h, sizeof(h), 1, o->f) != 1)
		die(1, "write: %s", strerror(errno));
}

static void pcap_record(struct out *o, const uint8_t *p, size_t n)
{
	uint8_t h[16];

	le32w(h, (uint32_t)(o->ts_us / 1000000));
	le32w(h + 4, (uint32_t)(o->ts_us % 1000000));
	le32w(h + 8, (uint32_t)n);
	le32w(h + 12, (uint32_t)n);
	if (fwrite(h, sizeof(h), 1, o->f) != 1 ||
	    fwrite(p, n, 1, o->f) != 1)
		die(1, "write: %s", strerror(errno));
	o->packets++;
	/* next packet: 0.3 .. 20 ms later, deterministic */
	o->ts_us += rng_range(300, 20000);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * Emit one IPv4 packet.  dir 0 = client->server, 1 = server->client.
 * l4 holds the UDP/TCP header followed by the payload; its checksum field
 * (at csum_off) is filled in here.
 */
static void emit_ip(struct out *o, int dir, uint8_t proto, uint8_t *l4,
		    size_t l4len, size_t csum_off, size_t payload_len, bool qq)
{
	struct buf *pkt = calloc(1, sizeof(*pkt));
	const uint8_t *src = dir ? server_ip : client_ip;
	const uint8_t *dst = dir ? client_ip : server_ip;
	uint8_t pseudo[12];
	size_t ipoff;
	uint16_t c;

	if (!pkt)
		die(1, "out of memory");
	if (20 + l4len > 65535)
		die(1, "internal: packet too long");

	/* L4 checksum over the pseudo header */
	memcpy(pseudo, src, 4);
	memcpy(pseudo + 4, dst, 4);
	pseudo[8] = 0;
	pseudo[9] = proto;
	pseudo[10] = (uint8_t)(l4len >> 8);
	pseudo[11] = (uint8_t)l4len;
	l4[csum_off] = l4[csum_off + 1] = 0;
	c = csum_fold(csum_add(csum_add(0, pseudo, 12), l4, l4len));
	if (proto == 17 && c == 0)
		c = 0xffff;
	l4[csum_off] = (uint8_t)(c >> 8);
	l4[csum_off + 1] = (uint8_t)c;

	if (o->linktype == LINKTYPE_ETHERNET) {
		putmem(pkt, dir ? server_mac : client_mac, 6);
		putmem(pkt, dir ? client_mac : server_mac, 6);
		put16(pkt, 0x0800);
	}
	ipoff = pkt->n;
	put8(pkt, 0x45);
	put8(pkt, 0);
	put16(pkt, (uint16_t)(20 + l4len));
	put16(pkt, o->ip_id[dir]++);
	put16(pkt, 0x4000);			/* DF */
	put8(pkt, dir ? 52 : 64);		/* TTL */
	put8(pkt, proto);
	put16(pkt, 0);
	putmem(pkt, src, 4);
	putmem(pkt, dst, 4);
	c = csum_fold(csum_add(0, pkt->d + ipoff, 20));
	pkt->d[ipoff + 10] = (uint8_t)(c >> 8);
	pkt->d[ipoff + 11] = (uint8_t)c;
	putmem(pkt, l4, l4len);

	pcap_record(o, pkt->d, pkt->n);
	if (dir == 0 && payload_len > 0) {
		o->c2s_payloads++;
		if (qq)
			o->c2s_qq_payloads++;
	}
	free(pkt);
}

static void emit_udp(struct out *o, int dir, uint16_t cport, uint16_t sport,
		     const uint8_t *payload, size_t n)
{
	struct buf *l4 = calloc(1, sizeof(*l4));

	if (!l4)
		die(1, "out of memory");
	put16(l4, dir ? sport : cport);
	put16(l4, dir ? cport : sport);
	put16(l4, (uint16_t)(8 + n));
	put16(l4, 0);
	putmem(l4, payload, n);
	emit_ip(o, dir, 17, l4->d, l4->n, 6, n, true);
	free(l4);
}

/* ------------------------------------------------------------------ */
/* TCP connections                                                     */
/* ------------------------------------------------------------------ */

#define F_FIN 0x01
#define F_SYN 0x02
#define F_PSH 0x08
#define F_ACK 0x10

struct tcp_conn {
	uint16_t cport, sport;
	uint32_t nxt[2];	/* next sequence number sent by each side */
};

static void emit_tcp(struct out *o, struct tcp_conn *t, int dir, uint8_t flags,
		     const uint8_t *payload, size_t n)
{
	struct buf *l4 = calloc(1, sizeof(*l4));
	bool syn = flags & F_SYN;

	if (!l4)
		die(1, "out of memory");
	put16(l4, dir ? t->sport : t->cport);
	put16(l4, dir ? t->cport : t->sport);
	put32(l4, t->nxt[dir]);
	put32(l4, (flags & F_ACK) ? t->nxt[!dir] : 0);
	put8(l4, (uint8_t)((syn ? 6 : 5) << 4));	/* data offset */
	put8(l4, flags);
	put16(l4, dir ? 28960 : 64240);			/* window */
	put16(l4, 0);					/* checksum */
	put16(l4, 0);					/* urgent */
	if (syn) {					/* MSS option */
		put8(l4, 2);
		put8(l4, 4);
		put16(l4, 1460);
	}
	putmem(l4, payload, n);
	emit_ip(o, dir, 6, l4->d, l4->n, 16, n, true);
	t->nxt[dir] += (uint32_t)n + (syn ? 1u : 0u) + ((flags & F_FIN) ? 1u : 0u);
	free(l4);
}

static void tcp_open(struct out *o, struct tcp_conn *t, uint16_t cport,
		     uint16_t sport)
{
	t->cport = cport;
	t->sport = sport;
	t->nxt[0] = (uint32_t)rng();
	t->nxt[1] = (uint32_t)rng();
	emit_tcp(o, t, 0, F_SYN, NULL, 0);
	emit_tcp(o, t, 1, F_SYN | F_ACK, NULL, 0);
	emit_tcp(o, t, 0, F_ACK, NULL, 0);
}

static void tcp_close(struct out *o, struct tcp_conn *t)
{
	emit_tcp(o, t, 0, F_FIN | F_ACK, NULL, 0);
	emit_tcp(o, t, 1, F_FIN | F_ACK, NULL, 0);
	emit_tcp(o, t, 0, F_ACK, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* OICQ packets                                                        */
/* ------------------------------------------------------------------ */

enum body_kind {
	BODY_PLAIN,	/* random data */
	BODY_S1B,	/* client: QQ2008+ 11-byte block, then random data */
	BODY_REPLY,	/* server: 0x00, then random data */
	BODY_LOGOUT,	/* S13: 8 zero bytes, then 24 or 32 random bytes */
};

struct oicq {
	uint16_t ver, cmd, seq;
	uint32_t uin;
	enum body_kind kind;
	uint8_t build;		/* last byte of the S1b block */
	size_t body_len;	/* random data length (not for BODY_LOGOUT) */
};

/* Append one OICQ packet (S1); with tcp, prefix the S2 length. */
static void put_oicq(struct buf *b, const struct oicq *q, bool tcp)
{
	static const uint8_t s1b[10] = {
		0x02, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00, 0x6a
	};
	size_t start = b->n;

	if (tcp)
		put16(b, 0);		/* patched below */
	put8(b, 0x02);
	put16(b, q->ver);
	put16(b, q->cmd);
	put16(b, q->seq);
	put32(b, q->uin);
	switch (q->kind) {
	case BODY_S1B:
		putmem(b, s1b, sizeof(s1b));
		put8(b, q->build);
		putrand(b, q->body_len);
		break;
	case BODY_REPLY:
		put8(b, 0x00);
		putrand(b, q->body_len);
		break;
	case BODY_LOGOUT:
		putmem(b, "\0\0\0\0\0\0\0\0", 8);
		putrand(b, rng_range(0, 1) ? 32 : 24);
		break;
	case BODY_PLAIN:
		putrand(b, q->body_len);
		break;
	}
	put8(b, 0x03);
	if (tcp) {
		size_t len = b->n - start;

		if (len > 0xffff)
			die(1, "internal: OICQ packet too long");
		b->d[start] = (uint8_t)(len >> 8);
		b->d[start + 1] = (uint8_t)len;
	}
}

static size_t body_len(void)
{
	return rng_range(16, 400);
}

/* ------------------------------------------------------------------ */
/* tcp-oicq                                                            */
/* ------------------------------------------------------------------ */

struct tcp_session {
	uint16_t cport, sport, ver;
	uint32_t uin;
	bool s1b;		/* client sends the QQ2008+ block */
	uint8_t build;
	uint16_t seq;
};

/* Client sends one segment made of the given commands; the server answers
 * each command in one segment of its own unless no_reply. */
static void tcp_exchange(struct out *o, struct tcp_conn *t,
			 struct tcp_session *s, const uint16_t *cmds,
			 size_t ncmds, bool reply, size_t max_body)
{
	struct buf *seg = calloc(1, sizeof(*seg));
	uint16_t seqs[4];
	size_t i;

	if (!seg || ncmds > 4)
		die(1, "internal: tcp_exchange");
	for (i = 0; i < ncmds; i++) {
		struct oicq q = {
			.ver = s->ver, .cmd = cmds[i], .seq = s->seq++,
			.uin = s->uin, .build = s->build,
			.kind = cmds[i] == 0x0001 ? BODY_LOGOUT :
				s->s1b ? BODY_S1B : BODY_PLAIN,
			.body_len = rng_range(16, (uint32_t)max_body),
		};

		seqs[i] = q.seq;
		put_oicq(seg, &q, true);
	}
	if (seg->n > MAX_SEG)
		die(1, "internal: segment of %zu bytes", seg->n);
	emit_tcp(o, t, 0, F_PSH | F_ACK, seg->d, seg->n);
	if (!reply) {
		emit_tcp(o, t, 1, F_ACK, NULL, 0);
		free(seg);
		return;
	}
	for (i = 0; i < ncmds; i++) {
		struct oicq q = {
			.ver = s->ver, .cmd = cmds[i], .seq = seqs[i],
			.uin = s->uin, .kind = BODY_REPLY,
			.body_len = rng_range(16, 400),
		};

		seg->n = 0;
		put_oicq(seg, &q, true);
		emit_tcp(o, t, 1, F_PSH | F_ACK, seg->d, seg->n);
	}
	emit_tcp(o, t, 0, F_ACK, NULL, 0);
	free(seg);
}

/* Server pushes a message (0x0017), the client acknowledges it. */
static void tcp_push(struct out *o, struct tcp_conn *t, struct tcp_session *s)
{
	struct buf *seg = calloc(1, sizeof(*seg));
	uint16_t pseq = (uint16_t)rng();
	struct oicq push = {
		.ver = s->ver, .cmd = 0x0017, .seq = pseq, .uin = s->uin,
		.kind = BODY_REPLY, .body_len = body_len(),
	};
	struct oicq ack = {
		.ver = s->ver, .cmd = 0x0017, .seq = pseq, .uin = s->uin,
		.kind = s->s1b ? BODY_S1B : BODY_PLAIN, .build = s->build,
		.body_len = rng_range(16, 64),
	};

	if (!seg)
		die(1, "out of memory");
	put_oicq(seg, &push, true);
	emit_tcp(o, t, 1, F_PSH | F_ACK, seg->d, seg->n);
	seg->n = 0;
	put_oicq(seg, &ack, true);
	emit_tcp(o, t, 0, F_PSH | F_ACK, seg->d, seg->n);
	emit_tcp(o, t, 1, F_ACK, NULL, 0);
	free(seg);
}

#define CMDS(...) (const uint16_t[]){ __VA_ARGS__ }, \
	sizeof((const uint16_t[]){ __VA_ARGS__ }) / sizeof(uint16_t)

static void gen_tcp_oicq(struct out *o)
{
	struct tcp_conn t;
	struct tcp_session s;
	struct buf *seg;

	/* 1: wtlogin-era client (py-pcqq version 0x3b41) on TCP 8000 */
	s = (struct tcp_session){ .cport = 50001, .sport = 8000,
		.ver = 0x3b41, .uin = 123456789, .s1b = true, .build = 0x9c,
		.seq = 0x1000 };
	tcp_open(o, &t, s.cport, s.sport);
	tcp_exchange(o, &t, &s, CMDS(0x0825), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0836), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0828), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x00ec), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0002, 0x0002), true, 300);
	tcp_push(o, &t, &s);
	tcp_exchange(o, &t, &s, CMDS(0x0001), false, 400);
	tcp_close(o, &t);

	/*
	 * 2: QQ2008 (0x1251) on TCP 80: request login, then a 78-byte login
	 * segment as in Snort sid 15441 ("00 4e 02 12 51 00"), then traffic
	 * with three packets in one segment.
	 */
	s = (struct tcp_session){ .cport = 50002, .sport = 80,
		.ver = 0x1251, .uin = 0x2b3c4d5e, .s1b = true, .build = 0x51,
		.seq = 0x0001 };
	tcp_open(o, &t, s.cport, s.sport);
	tcp_exchange(o, &t, &s, CMDS(0x0062), true, 400);
	seg = calloc(1, sizeof(*seg));
	if (!seg)
		die(1, "out of memory");
	{
		/* 2 + 11 header + 11 S1b + body + 1 = 78 -> body 53 */
		struct oicq q = { .ver = s.ver, .cmd = 0x0022, .seq = s.seq++,
			.uin = s.uin, .kind = BODY_S1B, .build = s.build,
			.body_len = 53 };

		put_oicq(seg, &q, true);
		if (seg->n != 78)
			die(1, "internal: login segment is %zu bytes", seg->n);
		emit_tcp(o, &t, 0, F_PSH | F_ACK, seg->d, seg->n);
		q.kind = BODY_REPLY;
		q.body_len = body_len();
		seg->n = 0;
		put_oicq(seg, &q, true);
		emit_tcp(o, &t, 1, F_PSH | F_ACK, seg->d, seg->n);
	}
	free(seg);
	tcp_exchange(o, &t, &s, CMDS(0x0002), true, 400);
	tcp_push(o, &t, &s);
	tcp_exchange(o, &t, &s, CMDS(0x0002, 0x0017, 0x0002), true, 380);
	tcp_exchange(o, &t, &s, CMDS(0x0001), false, 400);
	tcp_close(o, &t);

	/* 3: "future" version 0x3c21 on TCP 443 (not TLS) */
	s = (struct tcp_session){ .cport = 50003, .sport = 443,
		.ver = 0x3c21, .uin = 987654321, .s1b = true, .build = 0xa3,
		.seq = 0x2200 };
	tcp_open(o, &t, s.cport, s.sport);
	tcp_exchange(o, &t, &s, CMDS(0x0825, 0x0836), true, 300);
	tcp_exchange(o, &t, &s, CMDS(0x0828), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x00ec), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0002), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0017, 0x0002, 0x0017), true, 380);
	tcp_push(o, &t, &s);
	tcp_close(o, &t);

	/* 4: "future" version 0x4a07 on TCP 8000, old-style commands too */
	s = (struct tcp_session){ .cport = 50004, .sport = 8000,
		.ver = 0x4a07, .uin = 0x00c0ffee, .s1b = true, .build = 0xb7,
		.seq = 0x0100 };
	tcp_open(o, &t, s.cport, s.sport);
	tcp_exchange(o, &t, &s, CMDS(0x0825), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0836), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0022), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0002), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0001), false, 400);
	tcp_close(o, &t);

	/* 5: QQ2005 (0x0d55) on TCP 443, pre-2008 so no S1b block */
	s = (struct tcp_session){ .cport = 50005, .sport = 443,
		.ver = 0x0d55, .uin = 10001, .s1b = false, .seq = 0x0010 };
	tcp_open(o, &t, s.cport, s.sport);
	tcp_exchange(o, &t, &s, CMDS(0x0062), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0022), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0002), true, 400);
	tcp_push(o, &t, &s);
	tcp_close(o, &t);

	/* 6: QQ2007 (0x111d) on TCP 80, no reply to the last segment */
	s = (struct tcp_session){ .cport = 50006, .sport = 80,
		.ver = 0x111d, .uin = 55667788, .s1b = false, .seq = 0x7ff0 };
	tcp_open(o, &t, s.cport, s.sport);
	tcp_exchange(o, &t, &s, CMDS(0x0062), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0022), true, 400);
	tcp_exchange(o, &t, &s, CMDS(0x0002, 0x0002), false, 300);
	tcp_close(o, &t);
}

/* ------------------------------------------------------------------ */
/* udp-oicq-new                                                        */
/* ------------------------------------------------------------------ */

static void udp_cmd(struct out *o, uint16_t cport, uint16_t ver, uint32_t uin,
		    uint16_t cmd, uint16_t seq, uint8_t build, bool reply)
{
	struct buf *b = calloc(1, sizeof(*b));
	struct oicq q = {
		.ver = ver, .cmd = cmd, .seq = seq, .uin = uin, .build = build,
		.kind = cmd == 0x0001 ? BODY_LOGOUT : BODY_S1B,
		.body_len = body_len(),
	};

	if (!b)
		die(1, "out of memory");
	put_oicq(b, &q, false);
	emit_udp(o, 0, cport, 8000, b->d, b->n);
	if (reply) {
		b->n = 0;
		q.kind = BODY_REPLY;
		q.body_len = body_len();
		put_oicq(b, &q, false);
		emit_udp(o, 1, cport, 8000, b->d, b->n);
	}
	free(b);
}

static void udp_push(struct out *o, uint16_t cport, uint16_t ver, uint32_t uin,
		     uint8_t build)
{
	struct buf *b = calloc(1, sizeof(*b));
	uint16_t seq = (uint16_t)rng();
	struct oicq q = {
		.ver = ver, .cmd = 0x0017, .seq = seq, .uin = uin,
		.kind = BODY_REPLY, .body_len = body_len(),
	};

	if (!b)
		die(1, "out of memory");
	put_oicq(b, &q, false);
	emit_udp(o, 1, cport, 8000, b->d, b->n);
	b->n = 0;
	q.kind = BODY_S1B;
	q.build = build;
	q.body_len = rng_range(16, 64);
	put_oicq(b, &q, false);
	emit_udp(o, 0, cport, 8000, b->d, b->n);
	free(b);
}

static void udp_session(struct out *o, uint16_t cport, uint16_t ver,
			uint32_t uin, uint8_t build, uint16_t seq,
			unsigned int heartbeats, unsigned int logouts)
{
	static const uint16_t login[] = { 0x0825, 0x0836, 0x0828, 0x00ec };
	unsigned int i;

	for (i = 0; i < sizeof(login) / sizeof(login[0]); i++)
		udp_cmd(o, cport, ver, uin, login[i], seq++, build, true);
	for (i = 0; i < heartbeats; i++) {
		udp_cmd(o, cport, ver, uin, 0x0002, seq++, build, true);
		if (i == 0)
			udp_push(o, cport, ver, uin, build);
	}
	/* S13: a logout burst, each datagram from a fresh ephemeral port */
	for (i = 0; i < logouts; i++)
		udp_cmd(o, (uint16_t)rng_range(49152, 65535), ver, uin, 0x0001,
			seq++, build, false);
}

static void gen_udp_oicq_new(struct out *o)
{
	udp_session(o, 52011, 0x3c2b, 123456789, 0xc1, 0x0031, 3, 2);
	udp_session(o, 4000, 0x4101, 0x3ade68b1, 0xd4, 0x1200, 2, 3);
	udp_session(o, 61544, 0x3c2b, 2837465, 0xc1, 0x7ffe, 1, 1);
}

/* ------------------------------------------------------------------ */

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: qqgen [-l en10mb|raw] tcp-oicq OUT.pcap\n"
		"       qqgen [-l en10mb|raw] udp-oicq-new OUT.pcap\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct out o = { .linktype = LINKTYPE_ETHERNET,
			 .ts_us = 1700000000ull * 1000000ull };
	const char *mode, *path;
	char *tmp;
	int c;

	while ((c = getopt(argc, argv, "l:h")) != -1) {
		switch (c) {
		case 'l':
			if (!strcmp(optarg, "en10mb") || !strcmp(optarg, "eth"))
				o.linktype = LINKTYPE_ETHERNET;
			else if (!strcmp(optarg, "raw"))
				o.linktype = LINKTYPE_RAW;
			else
				die(2, "unknown link type '%s' (en10mb or raw)",
				    optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	mode = argv[optind];
	path = argv[optind + 1];
	if (strcmp(mode, "tcp-oicq") && strcmp(mode, "udp-oicq-new"))
		die(2, "unknown mode '%s' (tcp-oicq or udp-oicq-new)", mode);

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		die(1, "out of memory");
	o.f = fopen(tmp, "wb");
	if (!o.f)
		die(2, "%s: %s", path, strerror(errno));
	pcap_header(&o);
	if (!strcmp(mode, "tcp-oicq"))
		gen_tcp_oicq(&o);
	else
		gen_udp_oicq_new(&o);
	if (fclose(o.f) != 0) {
		unlink(tmp);
		die(1, "%s: %s", tmp, strerror(errno));
	}
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		die(2, "%s: %s", path, strerror(errno));
	}
	free(tmp);
	printf("packets=%u c2s_payloads=%u c2s_qq_payloads=%u\n", o.packets,
	       o.c2s_payloads, o.c2s_qq_payloads);
	return 0;
}
