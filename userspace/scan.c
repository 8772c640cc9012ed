// SPDX-License-Identifier: GPL-2.0-only
/* Run qq_classify over every packet of a capture and group the verdicts by flow. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qq_classify.h"
#include "pcap_decode.h"
#include "scan.h"

static uint32_t hash_bytes(const uint8_t *p, size_t n, uint32_t h)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Direction-independent flow hash. */
static uint32_t flow_hash(const struct decoded_pkt *d)
{
	uint32_t a = hash_bytes(d->src, 16, 2166136261u) ^ d->sport;
	uint32_t b = hash_bytes(d->dst, 16, 2166136261u) ^ d->dport;

	return (a ^ b) * 2654435761u + d->l4proto;
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

static int grow(struct scan_result *res)
{
	uint32_t ncap = res->cap ? res->cap * 2 : 1024, i, j;
	struct scan_flow *nt = calloc(ncap, sizeof(*nt));

	if (!nt)
		return -1;
	for (i = 0; i < res->cap; i++) {
		struct scan_flow *f = &res->flows_tab[i];
		struct decoded_pkt k = { .family = f->family, .l4proto = f->l4proto,
					 .sport = f->cport, .dport = f->sport };

		if (!f->used)
			continue;
		memcpy(k.src, f->cli, 16);
		memcpy(k.dst, f->srv, 16);
		for (j = flow_hash(&k) & (ncap - 1); nt[j].used; j = (j + 1) & (ncap - 1))
			;
		nt[j] = *f;
	}
	free(res->flows_tab);
	res->flows_tab = nt;
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

	if (res->flows * 2 >= res->cap && grow(res))
		return NULL;
	for (i = flow_hash(d) & (res->cap - 1);; i = (i + 1) & (res->cap - 1)) {
		f = &res->flows_tab[i];
		if (!f->used)
			break;
		fd = flow_dir(f, d);
		if (fd) {
			*dir = fd < 0;
			return f;
		}
	}
	/* New flow: the client is the sender, unless this is a SYN-ACK. */
	syn_ack = d->l4proto == 6 && (d->tcp_flags & 0x12) == 0x12;
	f->used = 1;
	f->family = d->family;
	f->l4proto = d->l4proto;
	memcpy(f->cli, syn_ack ? d->dst : d->src, 16);
	memcpy(f->srv, syn_ack ? d->src : d->dst, 16);
	f->cport = syn_ack ? d->dport : d->sport;
	f->sport = syn_ack ? d->sport : d->dport;
	res->flows++;
	*dir = syn_ack;
	return f;
}

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
		struct qq_payload pl;
		struct qq_result r;
		struct scan_flow *f;
		uint8_t dir;

		res->frames++;
		if (!decode_frame(dlt, frame, h->caplen, &d))
			continue;
		res->packets++;
		f = flow_get(res, &d, &dir);
		if (!f) {
			snprintf(err, errlen, "out of memory");
			pcap_close(pc);
			return -1;
		}
		f->packets++;
		if (d.wire_len == 0)
			continue;
		if (!f->payload_packets++)
			res->payload_flows++;
		res->payload_packets++;
		if (d.fragment || d.payload_len == 0)
			continue;
		memset(&pl, 0, sizeof(pl));
		pl.data = d.payload;
		pl.len = d.payload_len;
		pl.wire_len = d.wire_len;
		pl.l4proto = d.l4proto;
		pl.dir = dir;
		if (d.l4proto == QQ_L4_TCP) {
			pl.has_seq = true;
			pl.seq = d.tcp_seq;
		}
		if (qq_verdict_packet(&f->verdict, &f->cont, &pl, &r) ==
		    QQ_CLASS_NONE)
			continue;
		res->qq_packets++;
		if (!f->qq_packets++) {
			f->cls = r.cls;
			f->reason = r.reason;
			res->qq_flows++;
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
	free(res->flows_tab);
	res->flows_tab = NULL;
	res->cap = 0;
}
