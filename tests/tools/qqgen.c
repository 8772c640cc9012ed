// SPDX-License-Identifier: GPL-2.0
/*
 * qqgen - write synthetic, labelled QQ and near-miss captures for tests.
 *
 *   qqgen [-6] [-l en10mb|raw] MODE OUT.pcap
 *
 * Modes (facts: ../shared/facts/qq-protocol.md):
 *   tcp-oicq       classic OICQ over TCP (S2) on 8000, 80 and 443
 *   udp-oicq-new   classic OICQ over UDP 8000, wtlogin-era clients (S1, S1b,
 *                  S1d), with S13 logout bursts from fresh source ports
 *   tcp-msf        mobile QQ / QQNT MSF/SSO frames (S8, S8a, P9-P11) on TCP
 *                  8080, 443, 80, 14000: login 0x0A (empty D2, 16-byte D2,
 *                  clear "Heartbeat.Alive" head), oicq-style 0x0B, NT 0x0C;
 *                  one segment holds two frames, one 3000-byte frame spans
 *                  three segments
 *   tcp-http       QQ masquerading over HTTP (S9) on 80 and 8080: request
 *                  line "GET /qqfile/qq..." (> 100 bytes), "User-Agent:
 *                  QQClient", a "QQ:" header line
 *   tcp-connect    HTTP proxy CONNECT (3128, 8080) to QQ servers (B.1):
 *                  tcpconn, tcpconn3, sz2.tencent.com, msfwifi(v6).3g.qq.com
 *   tcp-tls        TLS ClientHello with a QQ SNI (B.1) on 443 and 8080; one
 *                  ClientHello spans two segments with the SNI in the first,
 *                  one has the SNI last, in the second segment (labelled QQ
 *                  all the same)
 *   tcp-near-miss  no QQ at all (C.3 N12, N14 and neighbours): SMPP outbind
 *                  and bind_transmitter, PostgreSQL startup, WeChat-style
 *                  long link, MSF look-alikes (flag 0x07, letters for the
 *                  UIN), TLS/HTTP to WeChat and web hosts under qq.com, a
 *                  QQBrowser User-Agent, CONNECT to non-IM Tencent hosts, a
 *                  40-byte "GET /qqfile/qq" request
 *
 * OICQ layouts (tcp-oicq, udp-oicq-new):
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
 * Every TCP flow is a whole connection: SYN, SYN-ACK, ACK, data both ways
 * with consistent seq/ack (messages longer than 1400 bytes are cut into
 * segments of at most 1400 bytes), FIN close.  Each flow of a mode has its
 * own client port.
 *
 * Output is byte-for-byte reproducible: fixed addresses (client 192.0.2.10,
 * server 198.51.100.20; with -6 2001:db8::10 and 2001:db8:1::20), a
 * fixed-seed PRNG, fixed timestamps, a little-endian microsecond pcap header.
 * IPv4/IPv6/UDP/TCP checksums are valid.  -6 changes the network layer, the
 * SYNs' MSS (1440) and the IP literal in tcp-http's Host headers, nothing
 * else.
 *
 * stdout: "packets=N c2s_payloads=N c2s_qq_payloads=N qq_flows=N" where
 * c2s_payloads counts client->server packets with L4 payload,
 * c2s_qq_payloads those of them that belong to a QQ flow (in the positive
 * modes all of them, in tcp-near-miss none), and qq_flows the number of
 * distinct QQ flows (protocol, client port, server port).
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

#define MAX_SEG			1400	/* longest TCP payload */
#define MAX_FLOWS		256

static const uint8_t client_ip[4] = { 192, 0, 2, 10 };
static const uint8_t server_ip[4] = { 198, 51, 100, 20 };
static const uint8_t client_ip6[16] = {		/* 2001:db8::10 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10
};
static const uint8_t server_ip6[16] = {		/* 2001:db8:1::20 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20
};
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

static void *xcalloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		die(1, "out of memory");
	return p;
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

static void putzero(struct buf *b, size_t n)
{
	if (n > sizeof(b->d) - b->n)
		die(1, "internal: buffer overflow");
	memset(b->d + b->n, 0, n);
	b->n += n;
}

static void putstr(struct buf *b, const char *s)	/* without the NUL */
{
	putmem(b, s, strlen(s));
}

static void putcstr(struct buf *b, const char *s)	/* with the NUL */
{
	putmem(b, s, strlen(s) + 1);
}

static void __attribute__((format(printf, 2, 3)))
putf(struct buf *b, const char *fmt, ...)
{
	size_t room = sizeof(b->d) - b->n;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf((char *)b->d + b->n, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		die(1, "internal: buffer overflow");
	b->n += (size_t)n;
}

/*
 * Length fields written before the data they measure: len_mark() reserves
 * a BE field of width bytes, len_patch() fills it with the number of bytes
 * after it (incl: counting the field itself too).
 */
static size_t len_mark(struct buf *b, unsigned int width)
{
	size_t pos = b->n;

	putzero(b, width);
	return pos;
}

static void len_patch(struct buf *b, size_t pos, unsigned int width, bool incl)
{
	size_t len = b->n - pos - (incl ? 0 : width);
	unsigned int i;

	if (width < sizeof(len) && len >> (8 * width))
		die(1, "internal: length %zu too big for %u bytes", len,
		    width);
	for (i = 0; i < width; i++)
		b->d[pos + i] = (uint8_t)(len >> (8 * (width - 1 - i)));
}

/* ------------------------------------------------------------------ */
/* pcap writer                                                         */
/* ------------------------------------------------------------------ */

struct out {
	FILE *f;
	int linktype;
	bool v6;
	uint64_t ts_us;		/* timestamp of the next packet */
	uint16_t ip_id[2];	/* per direction */
	unsigned int packets, c2s_payloads, c2s_qq_payloads;
	uint64_t qq_flow[MAX_FLOWS]; /* proto << 32 | cport << 16 | sport */
	unsigned int qq_flows;
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

/* Remember the flow of a client->server QQ payload (l4: UDP/TCP header). */
static void count_qq_flow(struct out *o, uint8_t proto, const uint8_t *l4)
{
	uint64_t key = (uint64_t)proto << 32 |
		       (uint32_t)l4[0] << 24 | (uint32_t)l4[1] << 16 |
		       (uint32_t)l4[2] << 8 | l4[3];
	unsigned int i;

	for (i = 0; i < o->qq_flows; i++)
		if (o->qq_flow[i] == key)
			return;
	if (o->qq_flows >= MAX_FLOWS)
		die(1, "internal: more than %d QQ flows", MAX_FLOWS);
	o->qq_flow[o->qq_flows++] = key;
}

/*
 * Emit one IPv4 (IPv6 with -6) packet.  dir 0 = client->server,
 * 1 = server->client.  l4 holds the UDP/TCP header followed by the payload;
 * its checksum field (at csum_off) is filled in here.  qq labels a
 * client->server payload as QQ.
 */
static void emit_ip(struct out *o, int dir, uint8_t proto, uint8_t *l4,
		    size_t l4len, size_t csum_off, size_t payload_len, bool qq)
{
	struct buf *pkt = xcalloc(sizeof(*pkt));
	const uint8_t *src, *dst;
	uint8_t pseudo[40] = { 0 };
	size_t ipoff, plen;
	uint16_t c;

	if (o->v6) {
		src = dir ? server_ip6 : client_ip6;
		dst = dir ? client_ip6 : server_ip6;
		if (l4len > 65535)
			die(1, "internal: packet too long");
		memcpy(pseudo, src, 16);
		memcpy(pseudo + 16, dst, 16);
		pseudo[34] = (uint8_t)(l4len >> 8);
		pseudo[35] = (uint8_t)l4len;
		pseudo[39] = proto;
		plen = 40;
	} else {
		src = dir ? server_ip : client_ip;
		dst = dir ? client_ip : server_ip;
		if (20 + l4len > 65535)
			die(1, "internal: packet too long");
		memcpy(pseudo, src, 4);
		memcpy(pseudo + 4, dst, 4);
		pseudo[8] = 0;
		pseudo[9] = proto;
		pseudo[10] = (uint8_t)(l4len >> 8);
		pseudo[11] = (uint8_t)l4len;
		plen = 12;
	}

	/* L4 checksum over the pseudo header */
	l4[csum_off] = l4[csum_off + 1] = 0;
	c = csum_fold(csum_add(csum_add(0, pseudo, plen), l4, l4len));
	if (proto == 17 && c == 0)
		c = 0xffff;
	l4[csum_off] = (uint8_t)(c >> 8);
	l4[csum_off + 1] = (uint8_t)c;

	if (o->linktype == LINKTYPE_ETHERNET) {
		putmem(pkt, dir ? server_mac : client_mac, 6);
		putmem(pkt, dir ? client_mac : server_mac, 6);
		put16(pkt, o->v6 ? 0x86dd : 0x0800);
	}
	if (o->v6) {
		put32(pkt, 0x60000000);			/* version 6 */
		put16(pkt, (uint16_t)l4len);
		put8(pkt, proto);
		put8(pkt, dir ? 52 : 64);		/* hop limit */
		putmem(pkt, src, 16);
		putmem(pkt, dst, 16);
	} else {
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
	}
	putmem(pkt, l4, l4len);

	pcap_record(o, pkt->d, pkt->n);
	if (dir == 0 && payload_len > 0) {
		o->c2s_payloads++;
		if (qq) {
			o->c2s_qq_payloads++;
			count_qq_flow(o, proto, l4);
		}
	}
	free(pkt);
}

static void emit_udp(struct out *o, int dir, uint16_t cport, uint16_t sport,
		     const uint8_t *payload, size_t n)
{
	struct buf *l4 = xcalloc(sizeof(*l4));

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
	bool qq;		/* label of the client payloads */
};

static void emit_tcp(struct out *o, struct tcp_conn *t, int dir, uint8_t flags,
		     const uint8_t *payload, size_t n)
{
	struct buf *l4 = xcalloc(sizeof(*l4));
	bool syn = flags & F_SYN;

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
		put16(l4, o->v6 ? 1440 : 1460);
	}
	putmem(l4, payload, n);
	emit_ip(o, dir, 6, l4->d, l4->n, 16, n, t->qq);
	t->nxt[dir] += (uint32_t)n + (syn ? 1u : 0u) + ((flags & F_FIN) ? 1u : 0u);
	free(l4);
}

static void tcp_open_labelled(struct out *o, struct tcp_conn *t, uint16_t cport,
			      uint16_t sport, bool qq)
{
	t->cport = cport;
	t->sport = sport;
	t->qq = qq;
	t->nxt[0] = (uint32_t)rng();
	t->nxt[1] = (uint32_t)rng();
	emit_tcp(o, t, 0, F_SYN, NULL, 0);
	emit_tcp(o, t, 1, F_SYN | F_ACK, NULL, 0);
	emit_tcp(o, t, 0, F_ACK, NULL, 0);
}

static void tcp_open(struct out *o, struct tcp_conn *t, uint16_t cport,
		     uint16_t sport)
{
	tcp_open_labelled(o, t, cport, sport, true);
}

static void tcp_close(struct out *o, struct tcp_conn *t)
{
	emit_tcp(o, t, 0, F_FIN | F_ACK, NULL, 0);
	emit_tcp(o, t, 1, F_FIN | F_ACK, NULL, 0);
	emit_tcp(o, t, 0, F_ACK, NULL, 0);
}

/*
 * Send one message from dir as segments of at most MAX_SEG bytes, PSH on
 * the last; the peer acknowledges every second full segment (delayed ACK).
 */
static void tcp_send(struct out *o, struct tcp_conn *t, int dir,
		     const uint8_t *p, size_t n)
{
	unsigned int segs = 0;

	while (n) {
		size_t k = n > MAX_SEG ? MAX_SEG : n;

		emit_tcp(o, t, dir, (uint8_t)((k == n ? F_PSH : 0) | F_ACK),
			 p, k);
		p += k;
		n -= k;
		if (n && ++segs % 2 == 0)
			emit_tcp(o, t, !dir, F_ACK, NULL, 0);
	}
}

/*
 * One TCP conversation: the caller appends the next client message to c and
 * the server's answer to s, then conv_turn() sends them.
 */
struct conv {
	struct out *o;
	struct tcp_conn t;
	struct buf *c, *s;
};

static void conv_open(struct conv *cv, struct out *o, uint16_t cport,
		      uint16_t sport, bool qq)
{
	cv->o = o;
	cv->c = xcalloc(sizeof(*cv->c));
	cv->s = xcalloc(sizeof(*cv->s));
	tcp_open_labelled(o, &cv->t, cport, sport, qq);
}

/*
 * The client sends c (if any); the server answers with s, or with a bare
 * ACK if s is empty; the client acknowledges the answer.  Empties c and s.
 */
static void conv_turn(struct conv *cv)
{
	if (cv->c->n)
		tcp_send(cv->o, &cv->t, 0, cv->c->d, cv->c->n);
	if (cv->s->n) {
		tcp_send(cv->o, &cv->t, 1, cv->s->d, cv->s->n);
		emit_tcp(cv->o, &cv->t, 0, F_ACK, NULL, 0);
	} else if (cv->c->n) {
		emit_tcp(cv->o, &cv->t, 1, F_ACK, NULL, 0);
	}
	cv->c->n = 0;
	cv->s->n = 0;
}

static void conv_close(struct conv *cv)
{
	tcp_close(cv->o, &cv->t);
	free(cv->c);
	free(cv->s);
	cv->c = cv->s = NULL;
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
/* MSF/SSO frames (S8, S8a, P9, P10, P11)                              */
/* ------------------------------------------------------------------ */

#define MSF_LOGIN	0x0A	/* c2s: D2 field (MiraiGo login class) */
#define MSF_SIMPLE	0x0B	/* c2s: sequence field (oicq style) */
#define MSF_NT		0x0C	/* c2s: D2 field (QQNT, LagrangeGo) */

#define MSF_PLAIN	0x00	/* no encryption */
#define MSF_D2KEY	0x01	/* TEA, D2 key; D2 field holds D2 */
#define MSF_ZEROKEY	0x02	/* TEA, 16 zero bytes key; empty D2 */

#define MSF_APPID	537066738u	/* any fixed value; opaque here */

struct msf_session {
	const char *uin;	/* "UIN" field, ASCII (decimal digits for QQ) */
	uint8_t d2[64];
	size_t d2_len;		/* sent by flag-1 0x0A/0x0C frames */
	uint32_t seq;		/* next sequence number */
};

/* Length of a TEA blob: a multiple of 8 in [lo, hi]. */
static size_t tea_len(uint32_t lo, uint32_t hi)
{
	return 8 * (size_t)rng_range((lo + 7) / 8, hi / 8);
}

/*
 * Frame head up to and including the UIN; returns the offset of the length
 * field, for len_patch(..., 4, true) once the body is written.  Server
 * replies (reply) carry neither the D2 field nor the sequence.
 */
static size_t msf_head(struct buf *b, struct msf_session *s, uint32_t type,
		       uint8_t flag, bool reply)
{
	size_t start = len_mark(b, 4);

	put32(b, type);
	put8(b, flag);
	if (!reply && type == MSF_SIMPLE) {
		put32(b, s->seq++);
	} else if (!reply) {
		size_t d2 = flag == MSF_D2KEY ? s->d2_len : 0;

		put32(b, (uint32_t)(d2 + 4));
		putmem(b, s->d2, d2);
	}
	put8(b, 0x00);
	put32(b, (uint32_t)(strlen(s->uin) + 4));
	putstr(b, s->uin);
	return start;
}

/* A whole frame with a TEA blob of blob bytes as body. */
static void msf_frame(struct buf *b, struct msf_session *s, uint32_t type,
		      uint8_t flag, bool reply, size_t blob)
{
	size_t start = msf_head(b, s, type, flag, reply);

	putrand(b, blob);
	len_patch(b, start, 4, true);
}

/* Length of a client frame's head (everything before the body). */
static size_t msf_head_len(const struct msf_session *s, uint32_t type,
			   uint8_t flag)
{
	size_t d2 = type != MSF_SIMPLE && flag == MSF_D2KEY ? s->d2_len : 0;

	return 4 + 4 + 1 + 4 + d2 + 1 + 4 + strlen(s->uin);
}

static void put_hex(struct buf *b, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	while (n--)
		put8(b, (uint8_t)hex[rng() & 15]);
}

/*
 * P9: MiraiGo's heartbeat, type 0x0A without encryption and with an empty
 * D2, so the SSO head and its command name "Heartbeat.Alive" are clear.
 */
static void msf_heartbeat(struct buf *b, struct msf_session *s)
{
	size_t start = msf_head(b, s, MSF_LOGIN, MSF_PLAIN, false);
	size_t head = len_mark(b, 4);	/* SSO head, counting itself */

	put32(b, s->seq++);
	put32(b, MSF_APPID);
	put32(b, MSF_APPID);
	putmem(b, "\x01\0\0\0\0\0\0\0\0\0\x01\0", 12);
	put32(b, 4);				/* empty field */
	put32(b, 4 + 15);
	putstr(b, "Heartbeat.Alive");
	put32(b, 4 + 4);			/* session id */
	putrand(b, 4);
	put32(b, 4 + 15);			/* IMEI */
	putstr(b, "866174010203045");
	put32(b, 4);
	put16(b, 2 + 16);			/* ksid */
	putrand(b, 16);
	put32(b, 4 + 32);			/* qimei16 */
	put_hex(b, 32);
	len_patch(b, head, 4, true);
	put32(b, 4);				/* empty body */
	len_patch(b, start, 4, true);
}

/* Server answer to a client frame: 0x0A for login-class, else 0x0B. */
static void msf_reply(struct buf *b, struct msf_session *s, uint32_t type,
		      uint8_t flag)
{
	uint32_t rtype = type;

	if (type == MSF_NT)
		rtype = flag == MSF_ZEROKEY ? MSF_LOGIN : MSF_SIMPLE;
	msf_frame(b, s, rtype, flag, true, tea_len(16, 800));
}

/* One client frame with a blob of blob bytes (0: random), one answer. */
static void msf_turn(struct conv *cv, struct msf_session *s, uint32_t type,
		     uint8_t flag, size_t blob)
{
	msf_frame(cv->c, s, type, flag, false, blob ? blob : tea_len(16, 640));
	msf_reply(cv->s, s, type, flag);
	conv_turn(cv);
}

static void msf_heartbeat_turn(struct conv *cv, struct msf_session *s)
{
	msf_heartbeat(cv->c, s);
	msf_frame(cv->s, s, MSF_LOGIN, MSF_PLAIN, true, tea_len(16, 64));
	conv_turn(cv);
}

static void gen_tcp_msf(struct out *o)
{
	struct msf_session s;
	struct conv cv;

	/* 1: MiraiGo-style login on 8080: two wtlogin frames (flag 2, empty
	 * D2), then a 0x0B frame, a heartbeat and another 0x0B frame */
	s = (struct msf_session){ .uin = "1234567890", .seq = 0x00011a2b };
	conv_open(&cv, o, 51001, 8080, true);
	msf_turn(&cv, &s, MSF_LOGIN, MSF_ZEROKEY, tea_len(400, 900));
	msf_turn(&cv, &s, MSF_LOGIN, MSF_ZEROKEY, 0);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	msf_heartbeat_turn(&cv, &s);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	conv_close(&cv);

	/* 2: P9 on 443: UIN 10001, a login frame with a 16-byte D2 (flag 1),
	 * the clear heartbeat, two 0x0B frames */
	s = (struct msf_session){ .uin = "10001", .d2_len = 16,
		.seq = 0x00000101 };
	rng_bytes(s.d2, s.d2_len);
	conv_open(&cv, o, 51002, 443, true);
	msf_turn(&cv, &s, MSF_LOGIN, MSF_D2KEY, 0);
	msf_heartbeat_turn(&cv, &s);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	conv_close(&cv);

	/* 3: P10, oicq style on 80: 0x0B only; one segment holds two frames,
	 * answered by two frames in one segment */
	s = (struct msf_session){ .uin = "2837465", .seq = 0x7ffffffe };
	conv_open(&cv, o, 51003, 80, true);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	msf_frame(cv.c, &s, MSF_SIMPLE, MSF_D2KEY, false, tea_len(16, 400));
	msf_frame(cv.c, &s, MSF_SIMPLE, MSF_D2KEY, false, tea_len(16, 400));
	msf_frame(cv.s, &s, MSF_SIMPLE, MSF_D2KEY, true, tea_len(16, 400));
	msf_frame(cv.s, &s, MSF_SIMPLE, MSF_D2KEY, true, tea_len(16, 400));
	conv_turn(&cv);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	conv_close(&cv);

	/* 4: P11, QQNT on 14000: login with flag 2 and the D2 field
	 * 00 00 00 04, then frames with flag 1 and a 64-byte D2 */
	s = (struct msf_session){ .uin = "3141592653", .d2_len = 64,
		.seq = 0x00c0ffee };
	rng_bytes(s.d2, s.d2_len);
	conv_open(&cv, o, 51004, 14000, true);
	msf_turn(&cv, &s, MSF_NT, MSF_ZEROKEY, 0);
	msf_turn(&cv, &s, MSF_NT, MSF_ZEROKEY, 0);
	msf_turn(&cv, &s, MSF_NT, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_NT, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_NT, MSF_D2KEY, 0);
	conv_close(&cv);

	/* 5: a 3000-byte login frame on 8080, cut into 1400 + 1400 + 200
	 * bytes (only the first segment shows the header) */
	s = (struct msf_session){ .uin = "908172", .seq = 0x00000001 };
	conv_open(&cv, o, 51005, 8080, true);
	if ((3000 - msf_head_len(&s, MSF_LOGIN, MSF_ZEROKEY)) % 8)
		die(1, "internal: 3000-byte frame body not a multiple of 8");
	msf_turn(&cv, &s, MSF_LOGIN, MSF_ZEROKEY,
		 3000 - msf_head_len(&s, MSF_LOGIN, MSF_ZEROKEY));
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_SIMPLE, MSF_D2KEY, 0);
	conv_close(&cv);

	/* 6: QQNT on 443, already logged in: flag 1, 48-byte D2 */
	s = (struct msf_session){ .uin = "20240601", .d2_len = 48,
		.seq = 0x12345678 };
	rng_bytes(s.d2, s.d2_len);
	conv_open(&cv, o, 51006, 443, true);
	msf_turn(&cv, &s, MSF_NT, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_NT, MSF_D2KEY, 0);
	msf_turn(&cv, &s, MSF_NT, MSF_D2KEY, 0);
	conv_close(&cv);
}

/* ------------------------------------------------------------------ */
/* HTTP (S9) and HTTP proxy CONNECT                                    */
/* ------------------------------------------------------------------ */

#define HTTP_DATE	"Tue, 14 Nov 2023 22:13:20 GMT" /* first packet */

/* The server address as an HTTP Host value. */
static const char *server_host(const struct out *o)
{
	return o->v6 ? "[2001:db8:1::20]" : "198.51.100.20";
}

static void put_text(struct buf *b, size_t n)
{
	static const char lorem[] =
		"<p>Lorem ipsum dolor sit amet, consectetur adipiscing.</p>\n";

	while (n) {
		size_t k = n < sizeof(lorem) - 1 ? n : sizeof(lorem) - 1;

		putmem(b, lorem, k);
		n -= k;
	}
}

/* An HTTP/1.1 response with a body of n bytes (text for text/...). */
static void http_reply(struct buf *b, const char *status, const char *ctype,
		       size_t n)
{
	putf(b, "HTTP/1.1 %s\r\nServer: nginx\r\nDate: " HTTP_DATE "\r\n"
	     "Content-Type: %s\r\nContent-Length: %zu\r\n"
	     "Connection: keep-alive\r\n\r\n", status, ctype, n);
	if (!strncmp(ctype, "text/", 5))
		put_text(b, n);
	else
		putrand(b, n);
}

/* Request line "GET /qqfile/qq..." in a request of more than 100 bytes. */
static void qqfile_get(struct conv *cv, const char *path)
{
	putf(cv->c, "GET /qqfile/qq/%s HTTP/1.1\r\nAccept: */*\r\n"
	     "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)"
	     "\r\nHost: %s\r\nConnection: Keep-Alive\r\n\r\n", path,
	     server_host(cv->o));
	if (cv->c->n <= 100)
		die(1, "internal: /qqfile/qq request of %zu bytes", cv->c->n);
	http_reply(cv->s, "200 OK", "application/octet-stream",
		   rng_range(600, 3000));
	conv_turn(cv);
}

/* A request with "User-Agent: QQClient" and an opaque body. */
static void qqclient_post(struct conv *cv)
{
	size_t n = rng_range(64, 480);

	putf(cv->c, "POST /cgi-bin/httpconn HTTP/1.1\r\nHost: %s\r\n"
	     "User-Agent: QQClient\r\nAccept: */*\r\n"
	     "Content-Type: application/octet-stream\r\n"
	     "Content-Length: %zu\r\nConnection: Keep-Alive\r\n\r\n",
	     server_host(cv->o), n);
	putrand(cv->c, n);
	http_reply(cv->s, "200 OK", "application/octet-stream",
		   rng_range(32, 900));
	conv_turn(cv);
}

static void gen_tcp_http(struct out *o)
{
	struct conv cv;

	/* a: "GET /qqfile/qq/..." on 80, then on 8080 with two requests */
	conv_open(&cv, o, 55001, 80, true);
	qqfile_get(&cv, "QQ2009/QQ2009SP6.exe");
	conv_close(&cv);

	conv_open(&cv, o, 55002, 8080, true);
	qqfile_get(&cv, "update/qqupdate.ini");
	qqfile_get(&cv, "update/QQUpdate_1124.exe");
	conv_close(&cv);

	/* b: "User-Agent: QQClient" on 8080 (POST) and 80 (GET) */
	conv_open(&cv, o, 55003, 8080, true);
	qqclient_post(&cv);
	qqclient_post(&cv);
	qqclient_post(&cv);
	conv_close(&cv);

	conv_open(&cv, o, 55004, 80, true);
	putf(cv.c, "GET /cgi-bin/getserver?ver=1124 HTTP/1.1\r\nHost: %s\r\n"
	     "User-Agent: QQClient\r\nAccept: */*\r\n\r\n", server_host(o));
	http_reply(cv.s, "200 OK", "text/plain", rng_range(40, 300));
	conv_turn(&cv);
	conv_close(&cv);

	/* c: a header line "QQ: ..." on 80 */
	conv_open(&cv, o, 55005, 80, true);
	putf(cv.c, "GET /cgi-bin/login HTTP/1.1\r\nHost: %s\r\n"
	     "Accept: */*\r\nQQ: 1234567890\r\n"
	     "Connection: Keep-Alive\r\n\r\n", server_host(o));
	http_reply(cv.s, "200 OK", "application/octet-stream",
		   rng_range(100, 700));
	conv_turn(&cv);
	conv_close(&cv);
}

/* CONNECT through a proxy, then rounds of opaque tunnelled data. */
static void connect_flow(struct out *o, uint16_t cport, uint16_t sport,
			 const char *target, bool qq, unsigned int rounds)
{
	struct conv cv;
	unsigned int i;

	conv_open(&cv, o, cport, sport, qq);
	putf(cv.c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n"
	     "Proxy-Connection: Keep-Alive\r\n\r\n", target, target);
	putstr(cv.s, "HTTP/1.1 200 Connection established\r\n\r\n");
	conv_turn(&cv);
	for (i = 0; i < rounds; i++) {
		putrand(cv.c, rng_range(40, 600));
		putrand(cv.s, rng_range(40, 1200));
		conv_turn(&cv);
	}
	conv_close(&cv);
}

static void gen_tcp_connect(struct out *o)
{
	connect_flow(o, 54001, 3128, "tcpconn.tencent.com:443", true, 3);
	connect_flow(o, 54002, 8080, "tcpconn3.tencent.com:80", true, 3);
	connect_flow(o, 54003, 3128, "sz2.tencent.com:8000", true, 2);
	connect_flow(o, 54004, 8080, "msfwifi.3g.qq.com:8080", true, 3);
	connect_flow(o, 54005, 3128, "msfwifiv6.3g.qq.com:8080", true, 2);
}

/* ------------------------------------------------------------------ */
/* TLS                                                                 */
/* ------------------------------------------------------------------ */

struct tls_hello {
	const char *sni;
	bool sid;		/* 32-byte legacy session id, else empty */
	bool grease;		/* GREASE suite, exts, group, version */
	bool tls12;		/* offer TLS 1.2 only (else 1.3 and 1.2) */
	bool alpn;		/* h2, http/1.1 */
	size_t padding;		/* data length of a padding extension */
	bool sni_last;		/* server_name after the padding */
	/* set by put_client_hello() */
	uint8_t sid_bytes[32];
	size_t sid_len;
	size_t sni_off;		/* offset of the host name */
};

static uint16_t grease(void)
{
	uint16_t g = (uint16_t)(rng_range(0, 15) << 4 | 0x0a);

	return (uint16_t)(g << 8 | g);
}

static void put_sni(struct buf *b, struct tls_hello *h, size_t base)
{
	size_t ext, list;

	put16(b, 0x0000);			/* server_name */
	ext = len_mark(b, 2);
	list = len_mark(b, 2);
	put8(b, 0);				/* host_name */
	put16(b, (uint16_t)strlen(h->sni));
	h->sni_off = b->n - base;
	putstr(b, h->sni);
	len_patch(b, list, 2, false);
	len_patch(b, ext, 2, false);
}

/* A TLS record with a ClientHello, Chrome-like extension order. */
static void put_client_hello(struct buf *b, struct tls_hello *h)
{
	static const uint16_t suites[] = {
		0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030,
		0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035
	};
	static const uint16_t sigalgs[] = {
		0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601
	};
	uint16_t g[5];
	size_t base = b->n, rec, hs, list, exts, ext;
	size_t i;

	for (i = 0; i < 5; i++)
		g[i] = grease();
	if (g[2] == g[1])			/* two distinct GREASE exts */
		g[2] ^= 0x1010;

	put8(b, 0x16);				/* handshake */
	put16(b, 0x0301);
	rec = len_mark(b, 2);
	put8(b, 0x01);				/* client_hello */
	hs = len_mark(b, 3);
	put16(b, 0x0303);
	putrand(b, 32);
	h->sid_len = h->sid ? 32 : 0;
	rng_bytes(h->sid_bytes, h->sid_len);
	put8(b, (uint8_t)h->sid_len);
	putmem(b, h->sid_bytes, h->sid_len);
	list = len_mark(b, 2);
	if (h->grease)
		put16(b, g[0]);
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (!h->tls12 || suites[i] >> 8 != 0x13)
			put16(b, suites[i]);
	len_patch(b, list, 2, false);
	put8(b, 1);				/* compression: null */
	put8(b, 0);

	exts = len_mark(b, 2);
	if (h->grease) {
		put16(b, g[1]);
		put16(b, 0);
	}
	if (!h->sni_last)
		put_sni(b, h, base);
	put16(b, 0x0017);			/* extended_master_secret */
	put16(b, 0);
	put16(b, 0xff01);			/* renegotiation_info */
	put16(b, 1);
	put8(b, 0);
	put16(b, 0x000a);			/* supported_groups */
	ext = len_mark(b, 2);
	list = len_mark(b, 2);
	if (h->grease)
		put16(b, g[3]);
	put16(b, 0x001d);
	put16(b, 0x0017);
	put16(b, 0x0018);
	len_patch(b, list, 2, false);
	len_patch(b, ext, 2, false);
	put16(b, 0x000b);			/* ec_point_formats */
	put16(b, 2);
	put8(b, 1);
	put8(b, 0);
	put16(b, 0x0023);			/* session_ticket */
	put16(b, 0);
	if (h->alpn) {
		put16(b, 0x0010);
		ext = len_mark(b, 2);
		list = len_mark(b, 2);
		put8(b, 2);
		putstr(b, "h2");
		put8(b, 8);
		putstr(b, "http/1.1");
		len_patch(b, list, 2, false);
		len_patch(b, ext, 2, false);
	}
	put16(b, 0x0005);			/* status_request: OCSP */
	put16(b, 5);
	put8(b, 1);
	put16(b, 0);
	put16(b, 0);
	put16(b, 0x000d);			/* signature_algorithms */
	ext = len_mark(b, 2);
	list = len_mark(b, 2);
	for (i = 0; i < sizeof(sigalgs) / sizeof(sigalgs[0]); i++)
		put16(b, sigalgs[i]);
	len_patch(b, list, 2, false);
	len_patch(b, ext, 2, false);
	put16(b, 0x0012);			/* SCT */
	put16(b, 0);
	if (!h->tls12) {
		put16(b, 0x0033);		/* key_share */
		ext = len_mark(b, 2);
		list = len_mark(b, 2);
		if (h->grease) {
			put16(b, g[3]);
			put16(b, 1);
			put8(b, 0);
		}
		put16(b, 0x001d);		/* x25519 */
		put16(b, 32);
		putrand(b, 32);
		len_patch(b, list, 2, false);
		len_patch(b, ext, 2, false);
		put16(b, 0x002d);		/* psk_key_exchange_modes */
		put16(b, 2);
		put8(b, 1);
		put8(b, 1);
		put16(b, 0x002b);		/* supported_versions */
		ext = len_mark(b, 2);
		list = len_mark(b, 1);
		if (h->grease)
			put16(b, g[4]);
		put16(b, 0x0304);
		put16(b, 0x0303);
		len_patch(b, list, 1, false);
		len_patch(b, ext, 2, false);
		put16(b, 0x001b);		/* compress_certificate */
		put16(b, 3);
		put8(b, 2);
		put16(b, 0x0002);		/* brotli */
	}
	if (h->grease) {
		put16(b, g[2]);
		put16(b, 1);
		put8(b, 0);
	}
	if (h->padding) {
		put16(b, 0x0015);		/* padding */
		put16(b, (uint16_t)h->padding);
		putzero(b, h->padding);
	}
	if (h->sni_last)
		put_sni(b, h, base);
	len_patch(b, exts, 2, false);
	len_patch(b, hs, 3, false);
	len_patch(b, rec, 2, false);
}

/* A record of n opaque bytes (encrypted handshake or application data). */
static void put_tls_opaque(struct buf *b, uint8_t type, size_t n)
{
	put8(b, type);
	put16(b, 0x0303);
	put16(b, (uint16_t)n);
	putrand(b, n);
}

static void put_tls_ccs(struct buf *b)
{
	putmem(b, "\x14\x03\x03\x00\x01\x01", 6);
}

/* ServerHello (1.3: then CCS and the encrypted rest of the flight; 1.2:
 * with ServerHelloDone in the same record). */
static void put_server_flight(struct buf *b, const struct tls_hello *h)
{
	size_t rec, hs, ext;

	put8(b, 0x16);
	put16(b, 0x0303);
	rec = len_mark(b, 2);
	put8(b, 0x02);				/* server_hello */
	hs = len_mark(b, 3);
	put16(b, 0x0303);
	putrand(b, 32);
	if (h->tls12) {
		put8(b, 32);			/* new session */
		putrand(b, 32);
		put16(b, 0xc02f);
	} else {
		put8(b, (uint8_t)h->sid_len);	/* echo */
		putmem(b, h->sid_bytes, h->sid_len);
		put16(b, 0x1301);
	}
	put8(b, 0);
	ext = len_mark(b, 2);
	if (h->tls12) {
		putmem(b, "\xff\x01\x00\x01\x00", 5);	/* renegotiation */
		putmem(b, "\x00\x17\x00\x00", 4);	/* EMS */
		putmem(b, "\x00\x0b\x00\x02\x01\x00", 6); /* ec_point_formats */
	} else {
		putmem(b, "\x00\x2b\x00\x02\x03\x04", 6); /* versions */
		/* key_share */
		putmem(b, "\x00\x33\x00\x24\x00\x1d\x00\x20", 8);
		putrand(b, 32);
	}
	len_patch(b, ext, 2, false);
	len_patch(b, hs, 3, false);
	if (h->tls12)
		putmem(b, "\x0e\x00\x00\x00", 4);	/* server_hello_done */
	len_patch(b, rec, 2, false);
	if (!h->tls12) {
		put_tls_ccs(b);
		put_tls_opaque(b, 0x17, rng_range(30, 60));	/* EE */
		put_tls_opaque(b, 0x17, rng_range(1500, 3000)); /* cert */
		put_tls_opaque(b, 0x17, rng_range(90, 290));	/* CV */
		put_tls_opaque(b, 0x17, 53);			/* Fin */
	}
}

/* A TLS connection: handshake, then rounds of application data. */
static void tls_flow(struct out *o, uint16_t cport, uint16_t sport,
		     struct tls_hello *h, bool qq, unsigned int rounds)
{
	struct conv cv;
	unsigned int i;

	conv_open(&cv, o, cport, sport, qq);
	put_client_hello(cv.c, h);
	if (cv.c->n > MAX_SEG &&
	    (h->sni_last ? h->sni_off < MAX_SEG :
	     h->sni_off + strlen(h->sni) > MAX_SEG))
		die(1, "internal: SNI of %s in the wrong segment", h->sni);
	put_server_flight(cv.s, h);
	conv_turn(&cv);
	if (h->tls12) {
		putmem(cv.c, "\x16\x03\x03\x00\x25\x10\x00\x00\x21\x20", 10);
		putrand(cv.c, 32);		/* client_key_exchange */
		put_tls_ccs(cv.c);
		put_tls_opaque(cv.c, 0x16, 40);		/* Finished */
		put_tls_ccs(cv.s);
		put_tls_opaque(cv.s, 0x16, 40);
	} else {
		put_tls_ccs(cv.c);
		put_tls_opaque(cv.c, 0x17, 53);		/* Finished */
		put_tls_opaque(cv.s, 0x17, rng_range(200, 280)); /* tickets */
		put_tls_opaque(cv.s, 0x17, rng_range(200, 280));
	}
	conv_turn(&cv);
	for (i = 0; i < rounds; i++) {
		put_tls_opaque(cv.c, 0x17, rng_range(40, 800));
		put_tls_opaque(cv.s, 0x17, rng_range(40, 2000));
		conv_turn(&cv);
	}
	conv_close(&cv);
}

static void gen_tcp_tls(struct out *o)
{
	struct tls_hello h;

	h = (struct tls_hello){ .sni = "msfwifi.3g.qq.com", .sid = true,
		.grease = true };
	tls_flow(o, 53001, 443, &h, true, 3);

	h = (struct tls_hello){ .sni = "msfwifiv6.3g.qq.com", .tls12 = true };
	tls_flow(o, 53002, 8080, &h, true, 2);

	h = (struct tls_hello){ .sni = "configsvr.msf.3g.qq.com", .sid = true,
		.grease = true, .alpn = true };
	tls_flow(o, 53003, 443, &h, true, 1);

	/* a ClientHello over two segments, the SNI in the first */
	h = (struct tls_hello){ .sni = "tcpconn2.tencent.com", .sid = true,
		.grease = true, .padding = 1500 };
	tls_flow(o, 53004, 443, &h, true, 2);

	/* the SNI is the last extension, after the padding: second segment */
	h = (struct tls_hello){ .sni = "msfwifi.3g.qq.com", .sid = true,
		.grease = true, .padding = 1500, .sni_last = true };
	tls_flow(o, 53005, 8080, &h, true, 2);
}

/* ------------------------------------------------------------------ */
/* tcp-near-miss: nothing here is QQ                                   */
/* ------------------------------------------------------------------ */

/* SMPP v3.4 PDU head; smpp_end() fills in command_length. */
static size_t smpp_begin(struct buf *b, uint32_t cmd, uint32_t seq)
{
	size_t start = len_mark(b, 4);

	put32(b, cmd);
	put32(b, 0);				/* command_status */
	put32(b, seq);
	return start;
}

static void smpp_end(struct buf *b, size_t start)
{
	len_patch(b, start, 4, true);
}

/* Body of bind_transmitter / bind_receiver. */
static void smpp_bind_body(struct buf *b, const char *system_id,
			   const char *password, const char *system_type)
{
	putcstr(b, system_id);
	putcstr(b, password);
	putcstr(b, system_type);
	put8(b, 0x34);				/* interface_version */
	put8(b, 0);				/* addr_ton */
	put8(b, 0);				/* addr_npi */
	putcstr(b, "");				/* address_range */
}

/* Body of submit_sm / deliver_sm. */
static void smpp_sm_body(struct buf *b, const char *from, const char *to,
			 const char *text)
{
	putcstr(b, "");				/* service_type */
	put8(b, 1);
	put8(b, 1);
	putcstr(b, from);
	put8(b, 1);
	put8(b, 1);
	putcstr(b, to);
	putmem(b, "\0\0\0", 3);	/* esm_class, protocol_id, priority */
	putcstr(b, "");			/* schedule_delivery_time */
	putcstr(b, "");				/* validity_period */
	putmem(b, "\0\0\0\0", 4);	/* registered .. sm_default_msg_id */
	put8(b, (uint8_t)strlen(text));
	putstr(b, text);
}

/* A PDU with nothing after the header (enquire_link, unbind, ...). */
static void smpp_bare(struct buf *b, uint32_t cmd, uint32_t seq)
{
	smpp_end(b, smpp_begin(b, cmd, seq));
}

static void smpp_tail(struct conv *cv, uint32_t seq)
{
	smpp_bare(cv->c, 0x00000015, seq);		/* enquire_link */
	smpp_bare(cv->s, 0x80000015, seq);
	conv_turn(cv);
	smpp_bare(cv->c, 0x00000006, seq + 1);		/* unbind */
	smpp_bare(cv->s, 0x80000006, seq + 1);
	conv_turn(cv);
}

static void near_smpp(struct out *o)
{
	struct conv cv;
	size_t p;

	/* The SMSC connects and sends outbind (bytes 4..7 = 00 00 00 0b);
	 * the ESME binds as a receiver and gets a message. */
	conv_open(&cv, o, 56001, 2775, false);
	p = smpp_begin(cv.c, 0x0000000b, 1);		/* outbind */
	putcstr(cv.c, "SMSC01");
	putcstr(cv.c, "pw2775");
	smpp_end(cv.c, p);
	p = smpp_begin(cv.s, 0x00000001, 1);		/* bind_receiver */
	smpp_bind_body(cv.s, "esme01", "pw2775", "");
	smpp_end(cv.s, p);
	conv_turn(&cv);
	p = smpp_begin(cv.c, 0x80000001, 1);	/* bind_receiver_resp */
	putcstr(cv.c, "SMSC01");
	smpp_end(cv.c, p);
	conv_turn(&cv);
	p = smpp_begin(cv.c, 0x00000005, 2);		/* deliver_sm */
	smpp_sm_body(cv.c, "447700900123", "447700900456", "See you at 8");
	smpp_end(cv.c, p);
	p = smpp_begin(cv.s, 0x80000005, 2);
	putcstr(cv.s, "");
	smpp_end(cv.s, p);
	conv_turn(&cv);
	smpp_tail(&cv, 3);
	conv_close(&cv);

	/* An ESME binds as a transmitter and submits a message. */
	conv_open(&cv, o, 56002, 2775, false);
	p = smpp_begin(cv.c, 0x00000002, 1);	/* bind_transmitter */
	smpp_bind_body(cv.c, "esme01", "secret", "CMT");
	smpp_end(cv.c, p);
	p = smpp_begin(cv.s, 0x80000002, 1);
	putcstr(cv.s, "SMSC01");
	smpp_end(cv.s, p);
	conv_turn(&cv);
	p = smpp_begin(cv.c, 0x00000004, 2);		/* submit_sm */
	smpp_sm_body(cv.c, "447700900456", "447700900123", "On my way");
	smpp_end(cv.c, p);
	p = smpp_begin(cv.s, 0x80000004, 2);
	putcstr(cv.s, "5f3e2a01");
	smpp_end(cv.s, p);
	conv_turn(&cv);
	smpp_tail(&cv, 3);
	conv_close(&cv);
}

/* PostgreSQL message: type byte (0: none), BE u32 length counting itself. */
static size_t pg_begin(struct buf *b, char type)
{
	if (type)
		put8(b, (uint8_t)type);
	return len_mark(b, 4);
}

static void pg_end(struct buf *b, size_t start)
{
	len_patch(b, start, 4, true);
}

static void near_pgsql(struct out *o)
{
	struct conv cv;
	size_t p;

	conv_open(&cv, o, 56003, 5432, false);
	p = pg_begin(cv.c, 0);			/* StartupMessage */
	put32(cv.c, 0x00030000);
	putcstr(cv.c, "user");
	putcstr(cv.c, "alice");
	putcstr(cv.c, "database");
	putcstr(cv.c, "inventory");
	putcstr(cv.c, "application_name");
	putcstr(cv.c, "psql");
	put8(cv.c, 0);
	pg_end(cv.c, p);
	p = pg_begin(cv.s, 'R');			/* AuthenticationOk */
	put32(cv.s, 0);
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'S');			/* ParameterStatus */
	putcstr(cv.s, "server_version");
	putcstr(cv.s, "15.4");
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'S');
	putcstr(cv.s, "client_encoding");
	putcstr(cv.s, "UTF8");
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'K');			/* BackendKeyData */
	put32(cv.s, 31337);
	putrand(cv.s, 4);
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'Z');			/* ReadyForQuery */
	put8(cv.s, 'I');
	pg_end(cv.s, p);
	conv_turn(&cv);

	p = pg_begin(cv.c, 'Q');
	putcstr(cv.c, "SELECT 1;");
	pg_end(cv.c, p);
	p = pg_begin(cv.s, 'T');			/* RowDescription */
	put16(cv.s, 1);
	putcstr(cv.s, "?column?");
	put32(cv.s, 0);
	put16(cv.s, 0);
	put32(cv.s, 23);				/* int4 */
	put16(cv.s, 4);
	put32(cv.s, 0xffffffff);
	put16(cv.s, 0);
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'D');			/* DataRow */
	put16(cv.s, 1);
	put32(cv.s, 1);
	put8(cv.s, '1');
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'C');			/* CommandComplete */
	putcstr(cv.s, "SELECT 1");
	pg_end(cv.s, p);
	p = pg_begin(cv.s, 'Z');
	put8(cv.s, 'I');
	pg_end(cv.s, p);
	conv_turn(&cv);

	pg_end(cv.c, pg_begin(cv.c, 'X'));		/* Terminate */
	conv_turn(&cv);
	conv_close(&cv);
}

/*
 * WeChat-style long link (N14): BE u32 length, u16 header length 16,
 * u16 version, u32 command, u32 sequence, body.  The inner layout is an
 * assumption; the facts give the lengths and the first four bytes.
 */
static void put_wx(struct buf *b, size_t len, uint32_t cmd, uint32_t seq)
{
	put32(b, (uint32_t)len);
	put16(b, 16);
	put16(b, 1);
	put32(b, cmd);
	put32(b, seq);
	putrand(b, len - 16);
}

static void near_wechat(struct out *o, uint16_t cport, uint16_t sport)
{
	struct conv cv;
	uint32_t seq = 1;
	int i;

	conv_open(&cv, o, cport, sport, false);
	put_wx(cv.c, 21, 6, seq);			/* 00 00 00 15 */
	put_wx(cv.s, 25, 1000000006, seq++);		/* 00 00 00 19 */
	conv_turn(&cv);
	for (i = 0; i < 3; i++) {
		put_wx(cv.c, 16, 6, seq);		/* 00 00 00 10 */
		put_wx(cv.s, i == 1 ? 18 : 16, 1000000006, seq++);
		conv_turn(&cv);
	}
	conv_close(&cv);
}

/* MSF look-alikes that break one rule each. */
static void near_msf(struct out *o)
{
	struct msf_session s;
	struct conv cv;
	int i;

	/* bytes 4..7 = 00 00 00 0b, but flag 0x07 */
	s = (struct msf_session){ .uin = "123456789", .seq = 0x00000200 };
	conv_open(&cv, o, 56006, 8080, false);
	for (i = 0; i < 3; i++) {
		msf_frame(cv.c, &s, MSF_SIMPLE, 0x07, false, tea_len(16, 400));
		msf_frame(cv.s, &s, MSF_SIMPLE, 0x07, true, tea_len(16, 400));
		conv_turn(&cv);
	}
	conv_close(&cv);

	/* type 0x0A, flag 0x00, but the "UIN" is letters */
	s = (struct msf_session){ .uin = "admin", .seq = 0x00000001 };
	conv_open(&cv, o, 56007, 14000, false);
	for (i = 0; i < 3; i++) {
		msf_frame(cv.c, &s, MSF_LOGIN, MSF_PLAIN, false,
			  tea_len(16, 400));
		msf_frame(cv.s, &s, MSF_LOGIN, MSF_PLAIN, true,
			  tea_len(16, 400));
		conv_turn(&cv);
	}
	conv_close(&cv);
}

/* A plain web GET with a text/html answer. */
static void web_get(struct out *o, uint16_t cport, const char *host,
		    const char *ua)
{
	struct conv cv;

	conv_open(&cv, o, cport, 80, false);
	putf(cv.c, "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n"
	     "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
	     "Accept-Language: zh-CN,zh;q=0.9\r\nConnection: keep-alive\r\n"
	     "\r\n", host, ua);
	http_reply(cv.s, "200 OK", "text/html; charset=utf-8",
		   rng_range(800, 4000));
	conv_turn(&cv);
	conv_close(&cv);
}

static void gen_tcp_near_miss(struct out *o)
{
	static const char chrome[] =
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
		"(KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36";
	static const char qqbrowser[] =
		"Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 "
		"(KHTML, like Gecko) Chrome/70.0.3538.25 Safari/537.36 "
		"Core/1.70.3704.400 QQBrowser/10.0";
	static const char *const sni[] = {
		"short.weixin.qq.com", "res.wx.qq.com", "v.qq.com",
		"www.qq.com",
	};
	struct tls_hello h;
	struct conv cv;
	unsigned int i;

	near_smpp(o);					/* 56001, 56002 */
	near_pgsql(o);					/* 56003 */
	near_wechat(o, 56004, 8080);
	near_wechat(o, 56005, 443);
	near_msf(o);					/* 56006, 56007 */
	for (i = 0; i < sizeof(sni) / sizeof(sni[0]); i++) { /* 56008.. */
		h = (struct tls_hello){ .sni = sni[i], .sid = true,
			.grease = true, .alpn = true };
		tls_flow(o, (uint16_t)(56008 + i), 443, &h, false, 1);
	}
	web_get(o, 56012, "weixin.qq.com", chrome);
	web_get(o, 56013, "www.example.com", qqbrowser);
	connect_flow(o, 56014, 3128, "www.tencent.com:443", false, 2);
	connect_flow(o, 56015, 8080, "sz.tencent.com.example.net:443", false,
		     2);

	/* "GET /qqfile/qq" in a request of only 40 bytes */
	conv_open(&cv, o, 56016, 80, false);
	putstr(cv.c, "GET /qqfile/qq HTTP/1.1\r\nHost: ab.cn\r\n\r\n");
	if (cv.c->n != 40)
		die(1, "internal: short request is %zu bytes", cv.c->n);
	http_reply(cv.s, "404 Not Found", "text/html", rng_range(100, 200));
	conv_turn(&cv);
	conv_close(&cv);
}

/* ------------------------------------------------------------------ */

struct mode {
	const char *name;
	void (*gen)(struct out *o);
	const char *what;
};

static const struct mode modes[] = {
	{ "tcp-oicq", gen_tcp_oicq, "classic OICQ over TCP (S2)" },
	{ "udp-oicq-new", gen_udp_oicq_new, "classic OICQ over UDP 8000" },
	{ "tcp-msf", gen_tcp_msf, "mobile QQ / QQNT MSF frames (S8)" },
	{ "tcp-http", gen_tcp_http, "QQ over HTTP (S9)" },
	{ "tcp-connect", gen_tcp_connect, "HTTP CONNECT to QQ servers" },
	{ "tcp-tls", gen_tcp_tls, "TLS ClientHello with a QQ SNI" },
	{ "tcp-near-miss", gen_tcp_near_miss, "no QQ: near-misses" },
};

#define NMODES (sizeof(modes) / sizeof(modes[0]))

static void __attribute__((noreturn)) usage(void)
{
	size_t i;

	fprintf(stderr, "usage: qqgen [-6] [-l en10mb|raw] MODE OUT.pcap\n"
		"  -6  IPv6 (2001:db8::10 -> 2001:db8:1::20)\nmodes:\n");
	for (i = 0; i < NMODES; i++)
		fprintf(stderr, "  %-14s %s\n", modes[i].name, modes[i].what);
	exit(2);
}

int main(int argc, char **argv)
{
	struct out o = { .linktype = LINKTYPE_ETHERNET,
			 .ts_us = 1700000000ull * 1000000ull };
	const struct mode *m = NULL;
	const char *path;
	char *tmp;
	size_t i;
	int c;

	while ((c = getopt(argc, argv, "6l:h")) != -1) {
		switch (c) {
		case '6':
			o.v6 = true;
			break;
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
	for (i = 0; i < NMODES; i++)
		if (!strcmp(argv[optind], modes[i].name))
			m = &modes[i];
	if (!m) {
		fprintf(stderr, "qqgen: unknown mode '%s'\n", argv[optind]);
		usage();
	}
	path = argv[optind + 1];

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		die(1, "out of memory");
	o.f = fopen(tmp, "wb");
	if (!o.f)
		die(2, "%s: %s", path, strerror(errno));
	pcap_header(&o);
	m->gen(&o);
	if (fclose(o.f) != 0) {
		unlink(tmp);
		die(1, "%s: %s", tmp, strerror(errno));
	}
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		die(2, "%s: %s", path, strerror(errno));
	}
	free(tmp);
	printf("packets=%u c2s_payloads=%u c2s_qq_payloads=%u qq_flows=%u\n",
	       o.packets, o.c2s_payloads, o.c2s_qq_payloads, o.qq_flows);
	return 0;
}
