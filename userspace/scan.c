// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run the kernel's classifier and per-flow logic (qq_verdict_packet())
 * over every packet of a capture, as the module would see them: IP
 * fragments reassembled (the module turns defragmentation on), at most
 * SCAN_INSPECT_MAX payload bytes shown, the ETX tail of a bigger datagram
 * read on its own.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "qq_classify.h"
#include "pcap_decode.h"
#include "scan.h"

/* ------------------------------------------------------------------ */
/* flows                                                               */
/* ------------------------------------------------------------------ */

static uint32_t hash_bytes(const uint8_t *p, size_t n, uint32_t h)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Direction-independent flow hash. */
static uint32_t flow_hash(const uint8_t *a, uint16_t ap, const uint8_t *b,
			  uint16_t bp, uint8_t proto)
{
	uint32_t x = hash_bytes(a, 16, 2166136261u) ^ ap;
	uint32_t y = hash_bytes(b, 16, 2166136261u) ^ bp;

	return (x ^ y) * 2654435761u + proto;
}

/* 1: same direction as the flow's client, -1: reverse, 0: other flow. */
static int flow_dir(const struct scan_flow *f, const struct decoded_pkt *d)
{
	if (f->family != d->family || f->l4proto != d->l4proto)
		return 0;
	if (!memcmp(f->cli, d->src, 16) && !memcmp(f->srv, d->dst, 16) &&
	    f->cport == d->sport && f->sport == d->dport)
		return 1;
	if (!memcmp(f->cli, d->dst, 16) && !memcmp(f->srv, d->src, 16) &&
	    f->cport == d->dport && f->sport == d->sport)
		return -1;
	return 0;
}

static int index_grow(struct scan_result *res)
{
	uint32_t ncap = res->cap ? res->cap * 2 : 1024, i, j;
	uint32_t *ni = calloc(ncap, sizeof(*ni));

	if (!ni)
		return -1;
	for (i = 0; i < res->flows; i++) {
		const struct scan_flow *f = &res->flows_tab[i];

		for (j = flow_hash(f->cli, f->cport, f->srv, f->sport,
				   f->l4proto) & (ncap - 1);
		     ni[j]; j = (j + 1) & (ncap - 1))
			;
		ni[j] = i + 1;
	}
	free(res->index);
	res->index = ni;
	res->cap = ncap;
	return 0;
}

/* The packet's flow, and in *@dir 0 from its client, 1 from its server. */
static struct scan_flow *flow_get(struct scan_result *res,
				  const struct decoded_pkt *d, uint8_t *dir)
{
	struct scan_flow *f;
	uint32_t i;
	bool syn_ack;
	int fd;

	if (res->flows * 2 >= res->cap && index_grow(res))
		return NULL;
	for (i = flow_hash(d->src, d->sport, d->dst, d->dport, d->l4proto) &
		 (res->cap - 1);
	     res->index[i]; i = (i + 1) & (res->cap - 1)) {
		f = &res->flows_tab[res->index[i] - 1];
		fd = flow_dir(f, d);
		if (fd) {
			*dir = fd < 0;
			return f;
		}
	}
	if (res->flows == res->alloc) {
		uint32_t n = res->alloc ? res->alloc * 2 : 256;
		struct scan_flow *nt = realloc(res->flows_tab, n * sizeof(*nt));

		if (!nt)
			return NULL;
		res->flows_tab = nt;
		res->alloc = n;
	}
	f = &res->flows_tab[res->flows];
	res->index[i] = (uint32_t)++res->flows;
	memset(f, 0, sizeof(*f));
	/* New flow: the client is the sender, unless this is a SYN-ACK. */
	syn_ack = d->l4proto == 6 && (d->tcp_flags & 0x12) == 0x12;
	f->family = d->family;
	f->l4proto = d->l4proto;
	memcpy(f->cli, syn_ack ? d->dst : d->src, 16);
	memcpy(f->srv, syn_ack ? d->src : d->dst, 16);
	f->cport = syn_ack ? d->dport : d->sport;
	f->sport = syn_ack ? d->sport : d->dport;
	f->first_frame = res->frames;
	*dir = syn_ack;
	return f;
}

/* One UDP/TCP packet (or reassembled datagram) through the flow logic. */
static int scan_packet(struct scan_result *res, const struct decoded_pkt *d)
{
	struct qq_payload pl;
	struct qq_result r;
	struct scan_flow *f;
	uint8_t dir;

	res->packets++;
	f = flow_get(res, d, &dir);
	if (!f)
		return -1;
	f->packets++;
	if (d->l4_len == 0)
		return 0;
	if (!f->payload_packets++)
		res->payload_flows++;
	res->payload_packets++;
	if (!dir) {
		f->c2s_payload_packets++;
		res->c2s_payload_packets++;
	}
	if (d->payload_len < d->l4_len)
		res->cut_payloads++;

	/* The view qq_inspect_skb() builds (kmod/qq_inspect.c). */
	memset(&pl, 0, sizeof(pl));
	pl.data = d->payload;
	pl.len = d->payload_len < SCAN_INSPECT_MAX ? d->payload_len
						   : SCAN_INSPECT_MAX;
	pl.wire_len = d->wire_len > pl.len ? d->wire_len : pl.len;
	if (pl.len < pl.wire_len && d->payload_len >= pl.wire_len) {
		pl.has_tail = true;
		pl.tail = d->payload[pl.wire_len - 1];
	}
	pl.l4proto = d->l4proto;
	pl.dir = dir;
	if (d->l4proto == QQ_L4_TCP) {
		pl.has_seq = true;
		pl.seq = d->tcp_seq;
	}
	if (qq_verdict_packet(&f->verdict, &f->cont, &pl, &r) == QQ_CLASS_NONE) {
		/* A ClientHello goes on: this packet's flow is not known yet. */
		if (f->verdict.more) {
			f->pending++;
			f->c2s_pending += !dir;
		} else {
			f->pending = f->c2s_pending = 0;
		}
		return 0;
	}
	res->qq_packets++;
	if (!dir) {
		f->c2s_qq_packets++;
		res->c2s_qq_packets++;
	}
	if (!f->qq_packets++) {
		f->cls = r.cls;
		f->reason = r.reason;
		res->qq_flows++;
		f->deferred_packets = f->pending;
		f->c2s_deferred_packets = f->c2s_pending;
		res->deferred_packets += f->pending;
		res->c2s_deferred_packets += f->c2s_pending;
		f->pending = f->c2s_pending = 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* IP reassembly, roughly as nf_defrag does it                         */
/* ------------------------------------------------------------------ */

#define FRAGQ_SLOTS	64
#define FRAG_MAXLEN	65536		/* bytes after the IP/fragment header */
#define FRAG_UNITS	(FRAG_MAXLEN / 8)

struct scan_frag_q {
	bool used;
	int family;
	uint8_t src[16], dst[16];
	uint8_t proto;
	uint32_t id;
	uint64_t first_us;		/* capture time of its first fragment */
	uint32_t total;			/* datagram length, once the last is seen */
	uint32_t have;			/* bytes received */
	uint32_t captured;		/* bytes captured from 0 on, if cut */
	bool cut;
	uint8_t *buf;			/* FRAG_MAXLEN bytes */
	uint8_t map[FRAG_UNITS / 8];	/* 8-byte units received */
};

static bool unit_get(const struct scan_frag_q *q, uint32_t u)
{
	return q->map[u / 8] & (1u << (u % 8));
}

static void frag_drop(struct scan_frag_q *q)
{
	uint8_t *buf = q->buf;

	memset(q, 0, sizeof(*q));
	q->buf = buf;
}

static struct scan_frag_q *frag_find(struct scan_result *res,
				     const struct decoded_pkt *d, uint64_t now)
{
	struct scan_frag_q *q, *free_q = NULL, *oldest = NULL;
	unsigned int i;

	if (!res->fragq) {
		res->fragq = calloc(FRAGQ_SLOTS, sizeof(*res->fragq));
		if (!res->fragq)
			return NULL;
	}
	for (i = 0; i < FRAGQ_SLOTS; i++) {
		q = &res->fragq[i];
		/* ipfrag_time: 30 s for IPv4, 60 s for IPv6 */
		if (q->used && now - q->first_us >
		    (q->family == AF_INET6 ? 60 : 30) * 1000000ull)
			frag_drop(q);
		if (!q->used) {
			if (!free_q)
				free_q = q;
			continue;
		}
		if (q->family == d->family && q->proto == d->l4proto &&
		    q->id == d->frag.id && !memcmp(q->src, d->src, 16) &&
		    !memcmp(q->dst, d->dst, 16))
			return q;
		if (!oldest || q->first_us < oldest->first_us)
			oldest = q;
	}
	q = free_q;
	if (!q) {
		q = oldest;
		frag_drop(q);
	}
	if (!q->buf) {
		q->buf = malloc(FRAG_MAXLEN);
		if (!q->buf)
			return NULL;
	}
	q->used = true;
	q->family = d->family;
	memcpy(q->src, d->src, 16);
	memcpy(q->dst, d->dst, 16);
	q->proto = d->l4proto;
	q->id = d->frag.id;
	q->first_us = now;
	return q;
}

/*
 * Add fragment @d; when it completes a datagram, decode and scan that.
 * Overlapping fragments drop the queue, as the kernel does.
 */
static int scan_fragment(struct scan_result *res, const struct decoded_pkt *d,
			 uint64_t now)
{
	uint32_t off = d->frag.offset, len = d->frag.len, end = off + len, u;
	struct scan_frag_q *q;
	struct decoded_pkt whole;
	bool dup = true, overlap = false;

	res->fragments++;
	/* UDP, TCP, or (IPv6) an extension header before them */
	if (d->l4proto != 6 && d->l4proto != 17 &&
	    (d->family != AF_INET6 ||
	     (d->l4proto != 0 && d->l4proto != 43 && d->l4proto != 60)))
		return 0;
	if (len == 0 || end > FRAG_MAXLEN || (d->frag.more && len % 8))
		return 0;
	q = frag_find(res, d, now);
	if (!q)
		return -1;
	if (!d->frag.more) {
		if (q->total && q->total != end)
			goto drop;
		for (u = (end + 7) / 8; u < FRAG_UNITS; u++)
			if (unit_get(q, u))	/* data past the end */
				goto drop;
		q->total = end;
	} else if (q->total && end > q->total) {
		goto drop;
	}
	for (u = off / 8; u < (end + 7) / 8; u++) {
		if (unit_get(q, u))
			overlap = true;
		else
			dup = false;
	}
	if (overlap) {
		if (dup)	/* the same bytes again: ignored */
			return 0;
		goto drop;
	}
	for (u = off / 8; u < (end + 7) / 8; u++)
		q->map[u / 8] |= (uint8_t)(1u << (u % 8));
	memcpy(q->buf + off, d->frag.data, d->frag.caplen);
	if (d->frag.caplen < len && (!q->cut || off + d->frag.caplen < q->captured)) {
		q->cut = true;
		q->captured = off + d->frag.caplen;
	}
	q->have += len;
	if (!q->total || q->have != q->total)
		return 0;

	whole = *d;
	if (decode_datagram(q->buf, q->cut ? q->captured : q->total, q->total,
			    &whole)) {
		res->reassembled++;
		if (scan_packet(res, &whole)) {
			frag_drop(q);
			return -1;
		}
	}
drop:
	frag_drop(q);
	return 0;
}

/* ------------------------------------------------------------------ */

int scan_file(const char *path, struct scan_result *res, char *err,
	      unsigned int errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *frame;
	pcap_t *pc;
	int dlt, rc;

	memset(res, 0, sizeof(*res));
	pc = pcap_open_offline(path, perr);
	if (!pc) {
		snprintf(err, errlen, "%s", perr);
		return -1;
	}
	dlt = pcap_datalink(pc);
	while ((rc = pcap_next_ex(pc, &h, &frame)) == 1) {
		struct decoded_pkt d;
		uint64_t now;
		int e;

		res->frames++;
		if (!decode_frame(dlt, frame, h->caplen, &d))
			continue;
		now = (uint64_t)h->ts.tv_sec * 1000000ull + (uint64_t)h->ts.tv_usec;
		e = d.fragment ? scan_fragment(res, &d, now) : scan_packet(res, &d);
		if (e) {
			snprintf(err, errlen, "out of memory");
			pcap_close(pc);
			scan_result_free(res);
			return -1;
		}
	}
	/* A capture cut short (a crashed tcpdump) still counts up to the cut. */
	if (rc == -1) {
		snprintf(err, errlen, "%s", pcap_geterr(pc));
		res->truncated = 1;
	}
	pcap_close(pc);
	return 0;
}

void scan_result_free(struct scan_result *res)
{
	unsigned int i;

	if (res->fragq)
		for (i = 0; i < FRAGQ_SLOTS; i++)
			free(res->fragq[i].buf);
	free(res->fragq);
	free(res->flows_tab);
	free(res->index);
	res->fragq = NULL;
	res->flows_tab = NULL;
	res->index = NULL;
	res->cap = res->alloc = 0;
}
