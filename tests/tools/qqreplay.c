// SPDX-License-Identifier: GPL-2.0
/*
 * qqreplay - replay the client side of captured UDP/TCP flows over real
 * sockets, and count what arrives on the other end.
 *
 *   qqreplay send [-4|-6] -s SERVER_ADDR [-P PORT] [-n MAX] [-w ACK_WAIT_MS]
 *                 [-g GAP_US] [-j] [-v] [-d] [-R] FILE...
 *   qqreplay sink [-p PORT] [-i IDLE_SECONDS] [-j] [-o FILE]
 *
 * send: every UDP/TCP flow found in the captures is replayed towards
 * SERVER_ADDR (the capture's own addresses are never used as destinations).
 * Only client->server payloads are sent, each one with a single send().
 *
 * TCP is replayed stop-and-wait: one payload is sent, then the sender polls
 * SIOCOUTQ until the peer has acknowledged it (at most ACK_WAIT_MS, which is
 * below the 200 ms minimum RTO) before it sends the next one.  This is what
 * makes "one payload == one segment, no retransmission" hold even when a
 * gateway drops traffic: the send queue is empty whenever send() is called,
 * so the kernel cannot coalesce two payloads and is never cwnd-limited, and
 * with a single segment in flight the tail loss probe is armed at
 * 2*SRTT + TCP_RTO_MIN, never before the abort.  A payload that is not
 * acknowledged in time ends the flow with an RST (SO_LINGER {1,0}); the
 * payloads after it are not sent.
 *
 * -d counts what would be sent without sending (no server needed); -R
 * replays the server->client side of each flow instead (as client payloads
 * to SERVER_ADDR), for near-miss bytes that only servers send.
 *
 * sink: dual-stack UDP+TCP listener on one port that counts datagrams,
 * connections and bytes.  Totals go to stdout or, atomically, to -o FILE on
 * exit (SIGTERM/SIGINT/idle) and on SIGUSR1.
 *
 * Exit status: 0 success, 1 runtime failure (socket setup), 2 usage error or
 * unreadable capture.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif
#ifndef DLT_PPP_ETHER
#define DLT_PPP_ETHER 51
#endif

#define OVERSIZE_BYTES		1400
#define CONNECT_TIMEOUT_MS	2000
#define SEND_TIMEOUT_MS		2000

static const char *prog = "qqreplay";
static int verbose;
static bool reverse;	/* -R: replay the server->client side instead */

static void __attribute__((format(printf, 1, 2))) warnx(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die(1, "out of memory");
	return q;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *q = calloc(n ? n : 1, sz ? sz : 1);

	if (!q)
		die(1, "out of memory");
	return q;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Parse a non-negative decimal number no larger than max; -1 if invalid. */
static long long parse_num(const char *s, long long max)
{
	char *end;
	long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || v > max)
		return -1;
	return v;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* ------------------------------------------------------------------ */
/* Packet decoding                                                     */
/* ------------------------------------------------------------------ */

enum verdict {
	PK_OK,
	PK_NOT_IP,	/* link layer carries something other than IPv4/IPv6 */
	PK_TRUNC,	/* capture shorter than the headers/lengths claim */
	PK_FRAG,	/* IPv4 or IPv6 fragment */
	PK_OTHER_L4,	/* not UDP/TCP (or IPv6 header chain not walkable) */
	PK_BAD,		/* inconsistent header fields */
	PK__MAX
};

static const char *const verdict_name[PK__MAX] = {
	"ok", "not_ip", "truncated", "fragment", "other_l4", "malformed",
};

struct pkt {
	uint8_t family;		/* 4 or 6 */
	uint8_t proto;		/* IPPROTO_UDP / IPPROTO_TCP */
	uint8_t tcp_flags;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t seq;
	const uint8_t *payload;
	uint32_t plen;
};

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

static int ip_version_of(const uint8_t *p, uint32_t len)
{
	if (len < 1)
		return -1;
	return p[0] >> 4;
}

/* Map a PPP protocol number to 4/6/0. */
static int ppp_proto_to_ipver(uint16_t proto)
{
	if (proto == 0x0021)
		return 4;
	if (proto == 0x0057)
		return 6;
	return 0;
}

/*
 * Follow an ethertype through VLAN tags, a PPPoE session header or LLC/SNAP.
 * type is the ethertype just read, *off the offset of the bytes after it;
 * on return *off points at the network header.
 * Returns 4, 6, 0 (not IP) or -1 (truncated).
 */
static int ethertype_walk(uint16_t type, const uint8_t *p, uint32_t caplen,
			  uint32_t *off)
{
	int depth;

	for (depth = 0; depth < 8; depth++) {
		switch (type) {
		case 0x0800:
			return 4;
		case 0x86dd:
			return 6;
		case 0x8100: case 0x88a8: case 0x9100: case 0x9200:
			if (*off + 4 > caplen)
				return -1;
			type = be16(p + *off + 2);
			*off += 4;
			continue;
		case 0x8864:	/* PPPoE session: 6-byte header, PPP proto */
			if (*off + 8 > caplen)
				return -1;
			type = be16(p + *off + 6);
			*off += 8;
			return ppp_proto_to_ipver(type);
		default:
			if (type <= 1500) {	/* 802.3 length: LLC/SNAP? */
				if (*off + 8 > caplen)
					return -1;
				if (p[*off] != 0xaa || p[*off + 1] != 0xaa ||
				    p[*off + 2] != 0x03)
					return 0;
				type = be16(p + *off + 6);
				*off += 8;
				continue;
			}
			return 0;
		}
	}
	return 0;
}

/* PPP with optional address/control and optional protocol compression. */
static int ppp_walk(const uint8_t *p, uint32_t caplen, uint32_t *off)
{
	uint16_t proto;

	if (*off + 2 <= caplen && p[*off] == 0xff && p[*off + 1] == 0x03)
		*off += 2;
	if (*off + 1 > caplen)
		return -1;
	if (p[*off] & 1) {		/* compressed 1-byte protocol */
		proto = p[*off];
		*off += 1;
	} else {
		if (*off + 2 > caplen)
			return -1;
		proto = be16(p + *off);
		*off += 2;
	}
	return ppp_proto_to_ipver(proto);
}

static bool dlt_supported(int dlt);

/*
 * Find the network header.  Returns 4 or 6 with *off set, 0 for non-IP,
 * -1 for truncated.
 */
static int link_decode(int dlt, const uint8_t *p, uint32_t caplen,
		       uint32_t *off)
{
	uint32_t fam;
	int v;

	*off = 0;
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return -1;
		*off = 14;
		return ethertype_walk(be16(p + 12), p, caplen, off);
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return -1;
		*off = 16;
		return ethertype_walk(be16(p + 14), p, caplen, off);
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return -1;
		*off = 20;
		return ethertype_walk(be16(p), p, caplen, off);
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 4)
			return -1;
		*off = 4;
		/* DLT_NULL is in the capturing host's byte order. */
		fam = dlt == DLT_LOOP ? be32(p) : le32(p);
		if (dlt == DLT_NULL && fam > 0xffff)
			fam = be32(p);
		if (fam == 2)
			return 4;
		if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
			return 6;
		return 0;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		v = ip_version_of(p, caplen);
		if (v < 0)
			return -1;
		return (v == 4 || v == 6) ? v : 0;
	case DLT_PPP:
	case DLT_PPP_SERIAL:
		if (caplen >= 1 && (p[0] == 0x0f || p[0] == 0x8f)) {
			/* Cisco HDLC framing inside PPP_SERIAL */
			if (caplen < 4)
				return -1;
			*off = 4;
			return ethertype_walk(be16(p + 2), p, caplen, off);
		}
		return ppp_walk(p, caplen, off);
	case DLT_C_HDLC:
		if (caplen < 4)
			return -1;
		*off = 4;
		return ethertype_walk(be16(p + 2), p, caplen, off);
	case DLT_PPP_ETHER:
		if (caplen < 6)
			return -1;
		*off = 6;
		return ppp_walk(p, caplen, off);
	case DLT_PPI: {
		/* version, flags, LE16 header length, LE32 inner DLT */
		uint32_t hlen, inner, ioff;

		if (caplen < 8)
			return -1;
		hlen = (uint32_t)p[2] | (uint32_t)p[3] << 8;
		inner = le32(p + 4);
		if (hlen < 8)
			return 0;
		if (hlen > caplen)
			return -1;
		if (inner == DLT_PPI || !dlt_supported((int)inner))
			return 0;
		v = link_decode((int)inner, p + hlen, caplen - hlen, &ioff);
		*off = hlen + ioff;
		return v;
	}
	default:
		return 0;
	}
}

static bool dlt_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2:
	case DLT_NULL: case DLT_LOOP: case DLT_RAW: case DLT_IPV4:
	case DLT_IPV6: case DLT_PPP: case DLT_PPP_SERIAL: case DLT_C_HDLC:
	case DLT_PPP_ETHER: case DLT_PPI:
		return true;
	default:
		return false;
	}
}

/* Decode UDP/TCP at l4[0..l4len). */
static enum verdict l4_decode(struct pkt *k, const uint8_t *l4, uint32_t l4len)
{
	if (k->proto == IPPROTO_UDP) {
		uint16_t ulen;

		if (l4len < 8)
			return PK_TRUNC;
		ulen = be16(l4 + 4);
		if (ulen < 8)
			return PK_BAD;		/* includes jumbograms (0) */
		if (ulen > l4len)
			return PK_TRUNC;
		k->sport = be16(l4);
		k->dport = be16(l4 + 2);
		k->payload = l4 + 8;
		k->plen = ulen - 8u;
		return PK_OK;
	}
	if (k->proto == IPPROTO_TCP) {
		uint32_t doff;

		if (l4len < 20)
			return PK_TRUNC;
		doff = (uint32_t)(l4[12] >> 4) * 4;
		if (doff < 20)
			return PK_BAD;
		if (doff > l4len)
			return PK_TRUNC;
		k->sport = be16(l4);
		k->dport = be16(l4 + 2);
		k->seq = be32(l4 + 4);
		k->tcp_flags = l4[13];
		k->payload = l4 + doff;
		k->plen = l4len - doff;
		return PK_OK;
	}
	return PK_OTHER_L4;
}

static enum verdict ip_decode(struct pkt *k, int ipver, const uint8_t *ip,
			      uint32_t avail)
{
	memset(k, 0, sizeof(*k));

	if (ipver == 4) {
		uint32_t ihl, tot;
		uint16_t frag;

		if (avail < 20)
			return PK_TRUNC;
		if ((ip[0] >> 4) != 4)
			return PK_BAD;
		ihl = (uint32_t)(ip[0] & 0x0f) * 4;
		if (ihl < 20)
			return PK_BAD;
		if (ihl > avail)
			return PK_TRUNC;
		tot = be16(ip + 2);
		if (tot == 0)		/* TSO capture: length not filled in */
			tot = avail;
		if (tot < ihl)
			return PK_BAD;
		if (tot > avail)
			return PK_TRUNC;
		frag = be16(ip + 6);
		if (frag & 0x3fff)	/* MF or offset */
			return PK_FRAG;
		k->family = 4;
		k->proto = ip[9];
		memcpy(k->src, ip + 12, 4);
		memcpy(k->dst, ip + 16, 4);
		if (k->proto != IPPROTO_UDP && k->proto != IPPROTO_TCP)
			return PK_OTHER_L4;
		return l4_decode(k, ip + ihl, tot - ihl);
	}
	if (ipver == 6) {
		uint32_t plen, off = 40, end;
		uint8_t nh;
		int hops;

		if (avail < 40)
			return PK_TRUNC;
		if ((ip[0] >> 4) != 6)
			return PK_BAD;
		plen = be16(ip + 4);
		if (plen == 0)
			return PK_OTHER_L4;	/* jumbogram: not handled */
		end = 40 + plen;
		if (end > avail)
			return PK_TRUNC;
		nh = ip[6];
		k->family = 6;
		memcpy(k->src, ip + 8, 16);
		memcpy(k->dst, ip + 24, 16);
		for (hops = 0; hops < 16; hops++) {
			uint32_t hlen;

			switch (nh) {
			case IPPROTO_HOPOPTS:
			case IPPROTO_ROUTING:
			case IPPROTO_DSTOPTS:
				if (off + 8 > end)
					return PK_TRUNC;
				hlen = ((uint32_t)ip[off + 1] + 1) * 8;
				break;
			case IPPROTO_AH:
				if (off + 8 > end)
					return PK_TRUNC;
				hlen = ((uint32_t)ip[off + 1] + 2) * 4;
				break;
			case IPPROTO_FRAGMENT:
				return PK_FRAG;
			default:
				k->proto = nh;
				if (nh != IPPROTO_UDP && nh != IPPROTO_TCP)
					return PK_OTHER_L4;
				return l4_decode(k, ip + off, end - off);
			}
			if (off + hlen > end)
				return PK_TRUNC;
			nh = ip[off];
			off += hlen;
		}
		return PK_OTHER_L4;
	}
	return PK_NOT_IP;
}

/* ------------------------------------------------------------------ */
/* Flow table                                                          */
/* ------------------------------------------------------------------ */

struct flow_key {
	uint8_t family, proto;
	uint16_t port[2];
	uint8_t addr[2][16];
};

struct payload {
	uint64_t pktno;		/* position in the capture */
	uint32_t seq;		/* TCP: sequence number of the first byte */
	uint32_t len;
	uint8_t dir;		/* sender: 0 = endpoint 0, 1 = endpoint 1 */
	uint8_t selected;
	uint8_t *data;
};

struct flow {
	struct flow_key key;
	uint64_t first_pktno;
	int first_dir;
	int syn_dir;		/* -1 if no SYN (without ACK) seen */
	uint32_t isn;
	struct payload *pl;
	size_t npl, cappl;
};

struct flow_table {
	struct flow *flows;
	size_t nflows, capflows;
	int64_t *slots;		/* index into flows, -1 empty */
	size_t nslots, used;
};

static uint64_t key_hash(const struct flow_key *k)
{
	const uint8_t *p = (const uint8_t *)k;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < sizeof(*k); i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Build the unordered key; returns the direction of the packet. */
static int make_key(struct flow_key *key, const struct pkt *k)
{
	size_t alen = k->family == 4 ? 4 : 16;
	int c;

	memset(key, 0, sizeof(*key));
	key->family = k->family;
	key->proto = k->proto;
	c = memcmp(k->src, k->dst, alen);
	if (c == 0)
		c = (k->sport > k->dport) - (k->sport < k->dport);
	if (c <= 0) {
		memcpy(key->addr[0], k->src, alen);
		memcpy(key->addr[1], k->dst, alen);
		key->port[0] = k->sport;
		key->port[1] = k->dport;
		return 0;
	}
	memcpy(key->addr[0], k->dst, alen);
	memcpy(key->addr[1], k->src, alen);
	key->port[0] = k->dport;
	key->port[1] = k->sport;
	return 1;
}

static void ft_grow(struct flow_table *ft)
{
	size_t n = ft->nslots ? ft->nslots * 2 : 1024, i, j;
	int64_t *s = xcalloc(n, sizeof(*s));

	for (i = 0; i < n; i++)
		s[i] = -1;
	for (i = 0; i < ft->nslots; i++) {
		int64_t fi = ft->slots[i];

		if (fi < 0)
			continue;
		j = key_hash(&ft->flows[fi].key) & (n - 1);
		while (s[j] >= 0)
			j = (j + 1) & (n - 1);
		s[j] = fi;
	}
	free(ft->slots);
	ft->slots = s;
	ft->nslots = n;
}

static struct flow *ft_new_flow(struct flow_table *ft,
				const struct flow_key *key, uint64_t pktno,
				int dir)
{
	struct flow *f;

	if (ft->nflows == ft->capflows) {
		ft->capflows = ft->capflows ? ft->capflows * 2 : 256;
		ft->flows = xrealloc(ft->flows,
				     ft->capflows * sizeof(*ft->flows));
	}
	f = &ft->flows[ft->nflows++];
	memset(f, 0, sizeof(*f));
	f->key = *key;
	f->first_pktno = pktno;
	f->first_dir = dir;
	f->syn_dir = -1;
	return f;
}

/* Find or create; if a slot exists, *slot points to it. */
static struct flow *ft_lookup(struct flow_table *ft, const struct flow_key *key,
			      uint64_t pktno, int dir, int64_t **slotp)
{
	size_t j;

	if ((ft->used + 1) * 2 > ft->nslots)
		ft_grow(ft);
	j = key_hash(key) & (ft->nslots - 1);
	while (ft->slots[j] >= 0) {
		struct flow *f = &ft->flows[ft->slots[j]];

		if (!memcmp(&f->key, key, sizeof(*key))) {
			*slotp = &ft->slots[j];
			return f;
		}
		j = (j + 1) & (ft->nslots - 1);
	}
	ft_new_flow(ft, key, pktno, dir);
	ft->slots[j] = (int64_t)ft->nflows - 1;
	ft->used++;
	*slotp = &ft->slots[j];
	return &ft->flows[ft->nflows - 1];
}

static void ft_free(struct flow_table *ft)
{
	size_t i, j;

	for (i = 0; i < ft->nflows; i++) {
		for (j = 0; j < ft->flows[i].npl; j++)
			free(ft->flows[i].pl[j].data);
		free(ft->flows[i].pl);
	}
	free(ft->flows);
	free(ft->slots);
	memset(ft, 0, sizeof(*ft));
}

static void flow_add_payload(struct flow *f, const struct pkt *k, int dir,
			     uint64_t pktno)
{
	struct payload *p;

	if (f->npl == f->cappl) {
		f->cappl = f->cappl ? f->cappl * 2 : 8;
		f->pl = xrealloc(f->pl, f->cappl * sizeof(*f->pl));
	}
	p = &f->pl[f->npl++];
	memset(p, 0, sizeof(*p));
	p->pktno = pktno;
	/* data of a SYN segment (TFO) starts one after the ISN */
	p->seq = k->seq + ((k->tcp_flags & TH_SYN) ? 1u : 0u);
	p->len = k->plen;
	p->dir = (uint8_t)dir;
	p->data = xrealloc(NULL, k->plen);
	memcpy(p->data, k->payload, k->plen);
}

/* ------------------------------------------------------------------ */
/* Capture reading                                                     */
/* ------------------------------------------------------------------ */

struct parse_stats {
	uint64_t records;
	uint64_t by_verdict[PK__MAX];
};

/* Returns 0 on success (possibly with a warning), -1 if the file is unusable. */
static int read_capture(const char *path, struct flow_table *ft,
			struct parse_stats *ps)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *pc;
	int dlt, rc;
	uint64_t pktno = 0;

	pc = pcap_open_offline(path, errbuf);
	if (!pc) {
		warnx("%s: %s", path, errbuf);
		return -1;
	}
	dlt = pcap_datalink(pc);
	if (!dlt_supported(dlt)) {
		warnx("%s: skipping, unsupported link type %d (%s)", path, dlt,
		      pcap_datalink_val_to_name(dlt) ?
		      pcap_datalink_val_to_name(dlt) : "?");
		pcap_close(pc);
		return 0;
	}

	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		uint32_t caplen = h->caplen, off = 0;
		struct flow_key key;
		struct pkt k;
		struct flow *f;
		int64_t *slot;
		enum verdict v;
		int ipver, dir;

		pktno++;
		ps->records++;
		if (!data) {
			ps->by_verdict[PK_TRUNC]++;
			continue;
		}
		/* libpcap guarantees caplen <= snapshot, but be paranoid */
		if (caplen > h->len && h->len)
			caplen = h->len;
		ipver = link_decode(dlt, data, caplen, &off);
		if (ipver < 0 || off > caplen) {
			ps->by_verdict[PK_TRUNC]++;
			continue;
		}
		if (ipver == 0) {
			ps->by_verdict[PK_NOT_IP]++;
			continue;
		}
		v = ip_decode(&k, ipver, data + off, caplen - off);
		ps->by_verdict[v]++;
		if (v != PK_OK)
			continue;

		dir = make_key(&key, &k);
		f = ft_lookup(ft, &key, pktno, dir, &slot);
		if (k.proto == IPPROTO_TCP &&
		    (k.tcp_flags & (TH_SYN | TH_ACK)) == TH_SYN) {
			/*
			 * A new SYN on a tuple that already carried data (or
			 * a SYN with another ISN) starts a new connection.
			 */
			if (f->npl > 0 ||
			    (f->syn_dir >= 0 && f->isn != k.seq)) {
				f = ft_new_flow(ft, &key, pktno, dir);
				*slot = (int64_t)ft->nflows - 1;
			}
			if (f->syn_dir < 0) {
				f->syn_dir = dir;
				f->isn = k.seq;
			}
		}
		if (k.plen > 0)
			flow_add_payload(f, &k, dir, pktno);
	}
	if (rc == PCAP_ERROR)
		warnx("%s: read error after %" PRIu64 " packets: %s (using what was read)",
		      path, pktno, pcap_geterr(pc));
	pcap_close(pc);
	return 0;
}

static int client_dir(const struct flow *f)
{
	return f->syn_dir >= 0 ? f->syn_dir : f->first_dir;
}

/* The side whose payloads are replayed: the client, or the server with -R. */
static int sender_dir(const struct flow *f)
{
	return reverse ? !client_dir(f) : client_dir(f);
}

static int cmp_pl_ptr_pktno(const void *a, const void *b)
{
	const struct payload *x = *(struct payload *const *)a;
	const struct payload *y = *(struct payload *const *)b;

	return (x->pktno > y->pktno) - (x->pktno < y->pktno);
}

/* Sorting TCP payloads: relative sequence, then capture order. */
static uint32_t sort_base;

static int cmp_pl_seq(const void *a, const void *b)
{
	const struct payload *x = a, *y = b;
	int64_t rx = (int32_t)(x->seq - sort_base);
	int64_t ry = (int32_t)(y->seq - sort_base);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return (x->pktno > y->pktno) - (x->pktno < y->pktno);
}

/*
 * Keep only the client's payloads, in the order they will be sent: UDP in
 * capture order; TCP deduplicated by sequence number and sorted by it, with
 * fully covered segments removed and partial overlaps trimmed at the front.
 */
static void flow_prepare(struct flow *f)
{
	int cd = sender_dir(f);
	size_t i, n = 0;

	for (i = 0; i < f->npl; i++) {
		if (f->pl[i].dir == cd)
			f->pl[n++] = f->pl[i];
		else
			free(f->pl[i].data);
	}
	f->npl = n;
	if (f->key.proto != IPPROTO_TCP || n == 0)
		goto select;

	/* relative to the ISN, or to the first segment captured */
	sort_base = (f->syn_dir == cd) ? f->isn + 1 : f->pl[0].seq;
	qsort(f->pl, n, sizeof(*f->pl), cmp_pl_seq);
	{
		size_t out = 0;
		int64_t end = INT64_MIN, prev_rel = INT64_MIN;

		for (i = 0; i < n; i++) {
			struct payload *p = &f->pl[i];
			int64_t rel = (int32_t)(p->seq - sort_base);
			int64_t pend = rel + p->len;

			/*
			 * Same sequence number as an earlier capture record:
			 * a retransmission (possibly repacketised), dropped.
			 * Then drop what earlier segments fully cover.
			 */
			if (rel == prev_rel || pend <= end) {
				prev_rel = rel;
				free(p->data);
				continue;
			}
			prev_rel = rel;
			if (rel < end) {	/* partial overlap: trim */
				uint32_t cut = (uint32_t)(end - rel);

				memmove(p->data, p->data + cut, p->len - cut);
				p->len -= cut;
				p->seq += cut;
			}
			end = pend;
			f->pl[out++] = *p;
		}
		f->npl = out;
	}
select:
	for (i = 0; i < f->npl; i++)
		f->pl[i].selected = 1;
}

/* Apply -n: keep the first max payloads of the file in capture order. */
static void apply_limit(struct flow_table *ft, uint64_t max)
{
	struct payload **all;
	size_t total = 0, i, j, k = 0;

	for (i = 0; i < ft->nflows; i++)
		total += ft->flows[i].npl;
	if (total <= max)
		return;
	all = xcalloc(total, sizeof(*all));
	for (i = 0; i < ft->nflows; i++)
		for (j = 0; j < ft->flows[i].npl; j++)
			all[k++] = &ft->flows[i].pl[j];
	qsort(all, total, sizeof(*all), cmp_pl_ptr_pktno);
	for (i = max; i < total; i++)
		all[i]->selected = 0;
	free(all);
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */
/* ------------------------------------------------------------------ */

struct send_stats {
	uint64_t packets, skipped;
	uint64_t udp_flows, udp_datagrams, udp_bytes, udp_errors, udp_oversize;
	uint64_t tcp_flows, tcp_connect_failed, tcp_payloads, tcp_bytes;
	uint64_t tcp_bytes_acked, tcp_aborted, oversize;
};

struct send_opts {
	struct sockaddr_storage server;
	socklen_t server_len;
	int family;
	int port;		/* -1: use the flow's server port */
	uint64_t max_payloads;	/* UINT64_MAX: unlimited */
	unsigned int ack_wait_ms;
	unsigned int gap_us;
	bool dry_run;		/* -d: count what would be sent, send nothing */
};

static uint64_t last_udp_send_ns;

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

static uint16_t server_port(const struct flow *f, const struct send_opts *o)
{
	if (o->port >= 0)
		return (uint16_t)o->port;
	return f->key.port[!sender_dir(f)];
}

/* -d: account for a flow as if every send succeeded and was acked. */
static void dry_run_flow(const struct flow *f, struct send_stats *st)
{
	bool udp = f->key.proto == IPPROTO_UDP;
	size_t i;

	if (udp)
		st->udp_flows++;
	else
		st->tcp_flows++;
	for (i = 0; i < f->npl; i++) {
		const struct payload *p = &f->pl[i];

		if (!p->selected)
			continue;
		if (udp) {
			st->udp_datagrams++;
			st->udp_bytes += p->len;
			st->udp_oversize += p->len > OVERSIZE_BYTES;
		} else {
			st->tcp_payloads++;
			st->tcp_bytes += p->len;
			st->tcp_bytes_acked += p->len;
			st->oversize += p->len > OVERSIZE_BYTES;
		}
	}
}

static void replay_udp(const struct flow *f, const struct send_opts *o,
		       struct send_stats *st, const char *path)
{
	struct sockaddr_storage dst = o->server;
	size_t i;
	int fd;

	set_port(&dst, server_port(f, o));
	st->udp_flows++;
	fd = socket(o->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&dst, o->server_len) < 0) {
		if (verbose)
			warnx("%s: udp flow to port %u: %s", path,
			      server_port(f, o), strerror(errno));
		for (i = 0; i < f->npl; i++)
			st->udp_errors += f->pl[i].selected;
		if (fd >= 0)
			close(fd);
		return;
	}
	for (i = 0; i < f->npl; i++) {
		const struct payload *p = &f->pl[i];
		uint64_t gap = (uint64_t)o->gap_us * 1000, now;
		int tries;
		ssize_t n = -1;

		if (!p->selected)
			continue;
		now = now_ns();
		if (last_udp_send_ns && now < last_udp_send_ns + gap)
			sleep_ns(last_udp_send_ns + gap - now);
		for (tries = 0; tries < 5; tries++) {
			n = send(fd, p->data, p->len, MSG_NOSIGNAL);
			if (n >= 0)
				break;
			/* a pending ICMP error is reported instead of sending */
			if (errno == ECONNREFUSED || errno == EINTR)
				continue;
			if (errno == ENOBUFS || errno == EAGAIN) {
				sleep_ns(1000000);
				continue;
			}
			break;
		}
		last_udp_send_ns = now_ns();
		if (n == (ssize_t)p->len) {
			st->udp_datagrams++;
			st->udp_bytes += p->len;
			if (p->len > OVERSIZE_BYTES)
				st->udp_oversize++;
		} else {
			st->udp_errors++;
			if (verbose)
				warnx("%s: udp send of %u bytes: %s", path,
				      p->len, n < 0 ? strerror(errno) : "short");
		}
	}
	close(fd);
}

static int tcp_connect(int family, const struct sockaddr_storage *dst,
		       socklen_t len, int *err)
{
	struct pollfd pfd;
	socklen_t elen = sizeof(*err);
	uint64_t deadline = now_ns() + (uint64_t)CONNECT_TIMEOUT_MS * 1000000;
	int fd, flags;

	*err = 0;
	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)dst, len) < 0) {
		if (errno != EINPROGRESS) {
			*err = errno;
			close(fd);
			return -1;
		}
		for (;;) {
			uint64_t now = now_ns();
			int r;

			if (now >= deadline) {
				*err = ETIMEDOUT;
				close(fd);
				return -1;
			}
			pfd.fd = fd;
			pfd.events = POLLOUT;
			r = poll(&pfd, 1,
				 (int)((deadline - now + 999999) / 1000000));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				continue;	/* timeout re-checked above */
			break;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &elen) < 0)
			*err = errno;
		if (*err) {
			close(fd);
			return -1;
		}
	}
	flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

static int outq(int fd)
{
	int v = 0;

	if (ioctl(fd, SIOCOUTQ, &v) < 0)
		return -1;
	return v;
}

/* Poll SIOCOUTQ until 0 or the deadline; returns the last value. */
static int wait_acked(int fd, unsigned int wait_ms)
{
	uint64_t deadline = now_ns() + (uint64_t)wait_ms * 1000000;
	uint64_t nap = 10000;	/* 10 us, doubling up to 1 ms */
	int q;

	for (;;) {
		q = outq(fd);
		if (q <= 0)
			return 0;
		if (now_ns() >= deadline)
			return q;
		sleep_ns(nap);
		if (nap < 1000000)
			nap *= 2;
	}
}

static void tcp_abort(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void replay_tcp(const struct flow *f, const struct send_opts *o,
		       struct send_stats *st, const char *path)
{
	struct sockaddr_storage dst = o->server;
	struct timeval tv = {
		.tv_sec = SEND_TIMEOUT_MS / 1000,
		.tv_usec = (SEND_TIMEOUT_MS % 1000) * 1000,
	};
	uint64_t sent = 0;
	bool aborted = false;
	int fd, err, one = 1, q = 0;
	size_t i;

	set_port(&dst, server_port(f, o));
	st->tcp_flows++;
	fd = tcp_connect(o->family, &dst, o->server_len, &err);
	if (fd < 0) {
		st->tcp_connect_failed++;
		if (verbose)
			warnx("%s: tcp connect to port %u: %s", path,
			      server_port(f, o), strerror(err));
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));

	for (i = 0; i < f->npl && !aborted; i++) {
		const struct payload *p = &f->pl[i];
		uint32_t off = 0;

		if (!p->selected)
			continue;
		while (off < p->len) {
			ssize_t n = send(fd, p->data + off, p->len - off,
					 MSG_NOSIGNAL);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				if (verbose)
					warnx("%s: tcp send: %s", path,
					      n < 0 ? strerror(errno) : "0");
				aborted = true;
				break;
			}
			off += (uint32_t)n;
		}
		if (off > 0) {
			st->tcp_payloads++;
			sent += off;
			if (p->len > OVERSIZE_BYTES)
				st->oversize++;
		}
		if (aborted)
			break;
		q = wait_acked(fd, o->ack_wait_ms);
		if (q > 0)
			aborted = true;
	}
	q = outq(fd);
	if (q < 0)
		q = 0;
	st->tcp_bytes += sent;
	st->tcp_bytes_acked += sent - ((uint64_t)q > sent ? sent : (uint64_t)q);
	if (aborted || q > 0) {
		st->tcp_aborted++;
		tcp_abort(fd);
	} else {
		shutdown(fd, SHUT_WR);
		close(fd);
	}
}

static void print_stats(FILE *out, const char *name, bool total,
			const struct send_stats *s, bool json)
{
	if (json) {
		fputc('{', out);
		if (total) {
			fputs("\"total\":true", out);
		} else {
			fputs("\"file\":", out);
			json_str(out, name);
		}
		fprintf(out,
			",\"udp_datagrams\":%" PRIu64 ",\"udp_bytes\":%" PRIu64
			",\"tcp_flows\":%" PRIu64 ",\"tcp_connect_failed\":%" PRIu64
			",\"tcp_payloads\":%" PRIu64 ",\"tcp_bytes\":%" PRIu64
			",\"tcp_bytes_acked\":%" PRIu64 ",\"tcp_aborted\":%" PRIu64
			",\"oversize\":%" PRIu64
			",\"udp_flows\":%" PRIu64 ",\"udp_errors\":%" PRIu64
			",\"udp_oversize\":%" PRIu64
			",\"packets\":%" PRIu64 ",\"skipped\":%" PRIu64 "}\n",
			s->udp_datagrams, s->udp_bytes, s->tcp_flows,
			s->tcp_connect_failed, s->tcp_payloads, s->tcp_bytes,
			s->tcp_bytes_acked, s->tcp_aborted, s->oversize,
			s->udp_flows, s->udp_errors, s->udp_oversize,
			s->packets, s->skipped);
	} else {
		fprintf(out,
			"%s: udp %" PRIu64 " datagrams %" PRIu64 " bytes (%" PRIu64
			" flows, %" PRIu64 " errors); tcp %" PRIu64 " flows %" PRIu64
			" connect failed %" PRIu64 " payloads %" PRIu64 " bytes %" PRIu64
			" acked %" PRIu64 " aborted; oversize %" PRIu64
			" (udp %" PRIu64 "); packets %" PRIu64 " skipped %" PRIu64 "\n",
			total ? "total" : name, s->udp_datagrams, s->udp_bytes,
			s->udp_flows, s->udp_errors, s->tcp_flows,
			s->tcp_connect_failed, s->tcp_payloads, s->tcp_bytes,
			s->tcp_bytes_acked, s->tcp_aborted, s->oversize,
			s->udp_oversize, s->packets, s->skipped);
	}
	fflush(out);
}

static void add_stats(struct send_stats *t, const struct send_stats *s)
{
	const uint64_t *a = (const uint64_t *)s;
	uint64_t *b = (uint64_t *)t;
	size_t i;

	for (i = 0; i < sizeof(*s) / sizeof(uint64_t); i++)
		b[i] += a[i];
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: qqreplay send [-4|-6] -s SERVER_ADDR [-P PORT] [-n MAX_PAYLOADS_PER_FILE]\n"
		"                     [-w ACK_WAIT_MS] [-g GAP_US] [-j] [-v] [-d] [-R] FILE...\n"
		"       qqreplay sink [-p PORT] [-i IDLE_SECONDS] [-j] [-o FILE]\n");
	exit(2);
}

static int cmd_send(int argc, char **argv)
{
	struct send_opts o = {
		.family = AF_UNSPEC, .port = -1, .max_payloads = UINT64_MAX,
		.ack_wait_ms = 150, .gap_us = 200,
	};
	struct send_stats total = { 0 };
	struct addrinfo hints = { 0 }, *ai = NULL;
	const char *server = NULL;
	bool json = false;
	long long v;
	int c, i, rc;

	while ((c = getopt(argc, argv, "46s:P:n:w:g:jvdR")) != -1) {
		switch (c) {
		case '4': o.family = AF_INET; break;
		case '6': o.family = AF_INET6; break;
		case 's': server = optarg; break;
		case 'P':
			v = parse_num(optarg, 65535);
			if (v < 1)
				die(2, "invalid port '%s'", optarg);
			o.port = (int)v;
			break;
		case 'n':
			v = parse_num(optarg, LLONG_MAX);
			if (v < 0)
				die(2, "invalid -n '%s'", optarg);
			o.max_payloads = (uint64_t)v;
			break;
		case 'w':
			v = parse_num(optarg, 600000);
			if (v < 0)
				die(2, "invalid -w '%s'", optarg);
			o.ack_wait_ms = (unsigned int)v;
			break;
		case 'g':
			v = parse_num(optarg, 10000000);
			if (v < 0)
				die(2, "invalid -g '%s'", optarg);
			o.gap_us = (unsigned int)v;
			break;
		case 'j': json = true; break;
		case 'v': verbose++; break;
		case 'd': o.dry_run = true; break;
		case 'R': reverse = true; break;
		default: usage();
		}
	}
	if (!server && o.dry_run)
		server = "127.0.0.1";
	if (!server)
		die(2, "send: -s SERVER_ADDR is required");
	if (optind >= argc)
		die(2, "send: no capture files given");

	hints.ai_family = o.family != AF_UNSPEC ? o.family :
			  (strchr(server, ':') ? AF_INET6 : AF_INET);
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_socktype = SOCK_DGRAM;
	{
		/* getaddrinfo() accepts inet_aton shorthand ("1.2.3"); refuse */
		struct in_addr a4;

		rc = hints.ai_family == AF_INET &&
		     inet_pton(AF_INET, server, &a4) != 1;
	}
	if (!rc)
		rc = getaddrinfo(server, NULL, &hints, &ai);
	if (rc != 0 || !ai || ai->ai_addrlen > sizeof(o.server))
		die(2, "invalid %s server address '%s'",
		    hints.ai_family == AF_INET6 ? "IPv6" : "IPv4", server);
	memcpy(&o.server, ai->ai_addr, ai->ai_addrlen);
	o.server_len = ai->ai_addrlen;
	o.family = ai->ai_family;
	freeaddrinfo(ai);

	/* Fail early, before any traffic, if a capture cannot be opened. */
	for (i = optind; i < argc; i++) {
		char errbuf[PCAP_ERRBUF_SIZE] = "";
		pcap_t *pc = pcap_open_offline(argv[i], errbuf);

		if (!pc && strstr(errbuf, argv[i]))
			die(2, "%s", errbuf);
		if (!pc)
			die(2, "%s: %s", argv[i], errbuf);
		pcap_close(pc);
	}

	for (i = optind; i < argc; i++) {
		struct flow_table ft = { 0 };
		struct parse_stats ps = { 0 };
		struct send_stats st = { 0 };
		size_t fi;
		int k;

		if (read_capture(argv[i], &ft, &ps) < 0)
			die(2, "%s: unreadable", argv[i]);
		for (fi = 0; fi < ft.nflows; fi++)
			flow_prepare(&ft.flows[fi]);
		if (o.max_payloads != UINT64_MAX)
			apply_limit(&ft, o.max_payloads);
		st.packets = ps.records;
		st.skipped = ps.records - ps.by_verdict[PK_OK];
		if (verbose) {
			fprintf(stderr, "%s: %s: %" PRIu64 " records, %zu flows:",
				prog, argv[i], ps.records, ft.nflows);
			for (k = 0; k < PK__MAX; k++)
				fprintf(stderr, " %s=%" PRIu64, verdict_name[k],
					ps.by_verdict[k]);
			fputc('\n', stderr);
		}
		for (fi = 0; fi < ft.nflows; fi++) {
			const struct flow *f = &ft.flows[fi];
			size_t j, nsel = 0;

			for (j = 0; j < f->npl; j++)
				nsel += f->pl[j].selected;
			if (!nsel)
				continue;
			if (o.dry_run)
				dry_run_flow(f, &st);
			else if (f->key.proto == IPPROTO_UDP)
				replay_udp(f, &o, &st, argv[i]);
			else
				replay_tcp(f, &o, &st, argv[i]);
		}
		ft_free(&ft);
		print_stats(stdout, argv[i], false, &st, json);
		add_stats(&total, &st);
	}
	print_stats(stdout, NULL, true, &total, json);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sink                                                                */
/* ------------------------------------------------------------------ */

enum ep_kind { EP_UDP, EP_LISTEN, EP_CONN, EP_SIGNAL };

struct ep {
	enum ep_kind kind;
	int fd;
	struct ep *prev, *next;	/* EP_CONN only */
};

struct sink {
	int epfd;
	struct ep udp, lst, sig;
	struct ep conns;	/* list head */
	uint64_t udp_datagrams, udp_bytes;
	uint64_t tcp_connections, tcp_bytes, tcp_resets, tcp_open;
	uint64_t last_activity_ns;
	uint8_t buf[65536 + 64];
	const char *outfile;
	bool json;
};

static void sink_conn_close(struct sink *s, struct ep *c)
{
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->prev->next = c->next;
	c->next->prev = c->prev;
	free(c);
	s->tcp_open--;
}

static void sink_drain_udp(struct sink *s)
{
	for (;;) {
		ssize_t n = recv(s->udp.fd, s->buf, sizeof(s->buf),
				 MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* EAGAIN, or a queued ICMP error: nothing more now */
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			continue;
		}
		s->udp_datagrams++;
		s->udp_bytes += (uint64_t)n;
		s->last_activity_ns = now_ns();
	}
}

static void sink_accept(struct sink *s)
{
	for (;;) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
		struct ep *c;
		int fd = accept4(s->lst.fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return;	/* EAGAIN, EMFILE, ... */
		}
		c = xcalloc(1, sizeof(*c));
		c->kind = EP_CONN;
		c->fd = fd;
		c->next = s->conns.next;
		c->prev = &s->conns;
		s->conns.next->prev = c;
		s->conns.next = c;
		ev.data.ptr = c;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
			warnx("epoll_ctl: %s", strerror(errno));
		s->tcp_connections++;
		s->tcp_open++;
		s->last_activity_ns = now_ns();
	}
}

static void sink_read_conn(struct sink *s, struct ep *c)
{
	int one = 1;

	for (;;) {
		ssize_t n = recv(c->fd, s->buf, sizeof(s->buf), MSG_DONTWAIT);

		if (n > 0) {
			s->tcp_bytes += (uint64_t)n;
			s->last_activity_ns = now_ns();
			/* acknowledge at once: the sender waits for it */
			setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one,
				   sizeof(one));
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0)
			s->tcp_resets++;
		s->last_activity_ns = now_ns();
		sink_conn_close(s, c);
		return;
	}
}

static void sink_drain_all(struct sink *s)
{
	struct ep *c, *next;

	sink_drain_udp(s);
	sink_accept(s);
	for (c = s->conns.next; c != &s->conns; c = next) {
		next = c->next;
		sink_read_conn(s, c);
	}
}

static void sink_format(struct sink *s, FILE *f, bool final)
{
	if (s->json)
		fprintf(f,
			"{\"udp_datagrams\":%" PRIu64 ",\"udp_bytes\":%" PRIu64
			",\"tcp_connections\":%" PRIu64 ",\"tcp_bytes\":%" PRIu64
			",\"tcp_resets\":%" PRIu64 ",\"tcp_open\":%" PRIu64
			",\"final\":%s}\n",
			s->udp_datagrams, s->udp_bytes, s->tcp_connections,
			s->tcp_bytes, s->tcp_resets, s->tcp_open,
			final ? "true" : "false");
	else
		fprintf(f,
			"udp_datagrams %" PRIu64 "\nudp_bytes %" PRIu64
			"\ntcp_connections %" PRIu64 "\ntcp_bytes %" PRIu64
			"\ntcp_resets %" PRIu64 "\ntcp_open %" PRIu64
			"\nfinal %s\n",
			s->udp_datagrams, s->udp_bytes, s->tcp_connections,
			s->tcp_bytes, s->tcp_resets, s->tcp_open,
			final ? "yes" : "no");
}

static void sink_report(struct sink *s, bool final)
{
	char *tmp;
	FILE *f;

	if (!s->outfile) {
		sink_format(s, stdout, final);
		fflush(stdout);
		return;
	}
	if (asprintf(&tmp, "%s.tmp.%ld", s->outfile, (long)getpid()) < 0)
		die(1, "out of memory");
	f = fopen(tmp, "w");
	if (!f) {
		warnx("%s: %s", tmp, strerror(errno));
		free(tmp);
		return;
	}
	sink_format(s, f, final);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		warnx("%s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		free(tmp);
		return;
	}
	fclose(f);
	if (rename(tmp, s->outfile) < 0) {
		warnx("rename %s: %s", s->outfile, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
}

static int sink_socket(int type, int port, int *family)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	int fd, one = 1, zero = 0, big = 16 << 20;

	fd = socket(AF_INET6, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		*family = AF_INET6;
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	} else if (errno == EAFNOSUPPORT) {
		fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		*family = AF_INET;
	}
	if (fd < 0)
		die(1, "socket: %s", strerror(errno));
	/* TCP only: on UDP it would let two sinks share the port */
	if (type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (*family == AF_INET6) {
		a6.sin6_addr = in6addr_any;
		a6.sin6_port = htons((uint16_t)port);
		if (bind(fd, (struct sockaddr *)&a6, sizeof(a6)) < 0)
			die(1, "bind [::]:%d/%s: %s", port,
			    type == SOCK_DGRAM ? "udp" : "tcp", strerror(errno));
	} else {
		a4.sin_addr.s_addr = htonl(INADDR_ANY);
		a4.sin_port = htons((uint16_t)port);
		if (bind(fd, (struct sockaddr *)&a4, sizeof(a4)) < 0)
			die(1, "bind 0.0.0.0:%d/%s: %s", port,
			    type == SOCK_DGRAM ? "udp" : "tcp", strerror(errno));
	}
	if (type == SOCK_STREAM && listen(fd, 4096) < 0)
		die(1, "listen: %s", strerror(errno));
	return fd;
}

static int cmd_sink(int argc, char **argv)
{
	static struct sink s;
	struct epoll_event ev;
	sigset_t mask;
	long long idle_s = -1, v;
	int port = 5000, c, fam;
	bool quit = false;

	while ((c = getopt(argc, argv, "p:i:jo:")) != -1) {
		switch (c) {
		case 'p':
			v = parse_num(optarg, 65535);
			if (v < 1)
				die(2, "invalid port '%s'", optarg);
			port = (int)v;
			break;
		case 'i':
			idle_s = parse_num(optarg, 86400 * 365);
			if (idle_s < 1)
				die(2, "invalid idle seconds '%s'", optarg);
			break;
		case 'j': s.json = true; break;
		case 'o': s.outfile = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		die(1, "sigprocmask: %s", strerror(errno));

	s.conns.next = s.conns.prev = &s.conns;
	s.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s.epfd < 0)
		die(1, "epoll_create1: %s", strerror(errno));
	s.sig.kind = EP_SIGNAL;
	s.sig.fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s.sig.fd < 0)
		die(1, "signalfd: %s", strerror(errno));
	s.udp.kind = EP_UDP;
	s.udp.fd = sink_socket(SOCK_DGRAM, port, &fam);
	s.lst.kind = EP_LISTEN;
	s.lst.fd = sink_socket(SOCK_STREAM, port, &fam);

	ev.events = EPOLLIN;
	ev.data.ptr = &s.sig;
	epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.sig.fd, &ev);
	ev.data.ptr = &s.udp;
	epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.udp.fd, &ev);
	ev.data.ptr = &s.lst;
	epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.lst.fd, &ev);

	fprintf(stderr, "%s: sink listening on %s port %d (udp+tcp)\n", prog,
		fam == AF_INET6 ? "[::]" : "0.0.0.0", port);
	s.last_activity_ns = now_ns();

	while (!quit) {
		struct epoll_event evs[64];
		int timeout = -1, n, k;

		if (idle_s > 0) {
			uint64_t limit = s.last_activity_ns +
					 (uint64_t)idle_s * 1000000000ull;
			uint64_t now = now_ns();

			if (now >= limit)
				break;
			timeout = (int)((limit - now + 999999) / 1000000);
		}
		n = epoll_wait(s.epfd, evs, 64, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(1, "epoll_wait: %s", strerror(errno));
		}
		for (k = 0; k < n; k++) {
			struct ep *e = evs[k].data.ptr;
			struct signalfd_siginfo si;

			switch (e->kind) {
			case EP_UDP:
				sink_drain_udp(&s);
				break;
			case EP_LISTEN:
				sink_accept(&s);
				break;
			case EP_CONN:
				sink_read_conn(&s, e);
				break;
			case EP_SIGNAL:
				while (read(s.sig.fd, &si, sizeof(si)) ==
				       (ssize_t)sizeof(si)) {
					if (si.ssi_signo == SIGUSR1) {
						sink_drain_all(&s);
						sink_report(&s, false);
					} else {
						quit = true;
					}
				}
				/*
				 * sink_drain_all() may have closed connections
				 * that are still listed in evs; the rest are
				 * level-triggered and come back next time.
				 */
				k = n;
				break;
			}
		}
	}
	sink_drain_all(&s);
	sink_report(&s, true);
	while (s.conns.next != &s.conns)
		sink_conn_close(&s, s.conns.next);
	close(s.udp.fd);
	close(s.lst.fd);
	close(s.sig.fd);
	close(s.epfd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "send"))
		return cmd_send(argc - 1, argv + 1);
	if (!strcmp(argv[1], "sink"))
		return cmd_sink(argc - 1, argv + 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		usage();
	die(2, "unknown command '%s' (expected send or sink)", argv[1]);
}
