// SPDX-License-Identifier: GPL-2.0-only
/* Frame decoding for offline captures: link layer, IPv4/IPv6, UDP/TCP. */
#include <arpa/inet.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "pcap_decode.h"

#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_VLAN	0x8100
#define ETH_P_QINQ	0x88a8
#define PPP_IPV4	0x0021
#define PPP_IPV6	0x0057

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

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * L4 header at @l4 (@caplen captured, @len per the IP header).  The
 * lengths follow the kernel's view (kmod/qq_inspect.c): for UDP the whole
 * payload is what the UDP header says, for TCP what the IP header says.
 */
static bool l4_header(const uint8_t *l4, uint32_t caplen, uint32_t len,
		      struct decoded_pkt *out)
{
	uint32_t hlen, ulen;

	if (out->l4proto == 17) {
		hlen = 8;
		if (caplen < hlen || len < hlen)
			return false;
		ulen = be16(l4 + 4);
		if (ulen < hlen)
			return false;
		out->wire_len = ulen - hlen;
		out->l4_len = min_u32(len - hlen, out->wire_len);
	} else if (out->l4proto == 6) {
		if (caplen < 20 || len < 20)
			return false;
		hlen = (uint32_t)(l4[12] >> 4) * 4;
		if (hlen < 20 || caplen < hlen || len < hlen)
			return false;
		out->tcp_flags = l4[13];
		out->tcp_seq = be32(l4 + 4);
		out->wire_len = len - hlen;
		out->l4_len = out->wire_len;
	} else {
		return false;
	}
	out->sport = be16(l4);
	out->dport = be16(l4 + 2);
	out->payload = l4 + hlen;
	out->payload_len = min_u32(caplen - hlen, out->l4_len);
	return true;
}

static bool decode_ipv4(const uint8_t *p, uint32_t caplen,
			struct decoded_pkt *out)
{
	uint32_t ihl, tot;
	uint16_t frag;

	if (caplen < 20 || (p[0] >> 4) != 4)
		return false;
	ihl = (uint32_t)(p[0] & 0x0f) * 4;
	tot = be16(p + 2);
	/* Captures from offloading NICs may carry tot == 0 (TSO). */
	if (tot == 0)
		tot = caplen;
	if (ihl < 20 || caplen < ihl || tot < ihl)
		return false;
	frag = be16(p + 6);
	out->family = AF_INET;
	memcpy(out->src, p + 12, 4);
	memcpy(out->dst, p + 16, 4);
	out->l4proto = p[9];
	if (frag & 0x3fff) {		/* MF or an offset: a fragment */
		out->fragment = true;
		out->frag.id = be16(p + 4);
		out->frag.offset = (uint32_t)(frag & 0x1fff) * 8;
		out->frag.more = frag & 0x2000;
		out->frag.data = p + ihl;
		out->frag.len = tot - ihl;
		out->frag.caplen = min_u32(caplen - ihl, tot - ihl);
		return true;
	}
	return l4_header(p + ihl, caplen - ihl, tot - ihl, out);
}

/*
 * Walk a bounded chain of IPv6 extension headers from next header *@nh at
 * @p[*@off]; stops at a fragment header or an upper-layer protocol.
 */
static bool ipv6_ext(const uint8_t *p, uint32_t caplen, uint32_t *off,
		     uint8_t *nh)
{
	int hops;

	for (hops = 0; hops < 8; hops++) {
		if (*nh != 0 && *nh != 43 && *nh != 60)	/* HBH, RH, DSTOPTS */
			return true;
		if (caplen < *off + 8)
			return false;
		*nh = p[*off];
		*off += 8 + (uint32_t)p[*off + 1] * 8;
	}
	return false;
}

static bool decode_ipv6(const uint8_t *p, uint32_t caplen,
			struct decoded_pkt *out)
{
	uint32_t off = 40, len;
	uint8_t nh;

	if (caplen < 40 || (p[0] >> 4) != 6)
		return false;
	len = 40 + be16(p + 4);
	nh = p[6];
	out->family = AF_INET6;
	memcpy(out->src, p + 8, 16);
	memcpy(out->dst, p + 24, 16);
	if (!ipv6_ext(p, caplen, &off, &nh))
		return false;
	if (nh == 44) {				/* fragment */
		if (caplen < off + 8 || len < off + 8)
			return false;
		out->fragment = true;
		out->l4proto = p[off];
		out->frag.offset = be16(p + off + 2) & 0xfff8;
		out->frag.more = p[off + 3] & 1;
		out->frag.id = be32(p + off + 4);
		out->frag.data = p + off + 8;
		out->frag.len = len - off - 8;
		out->frag.caplen = min_u32(caplen - off - 8, out->frag.len);
		return true;
	}
	if (off > caplen || off > len)
		return false;
	out->l4proto = nh;
	return l4_header(p + off, caplen - off, len - off, out);
}

bool decode_datagram(const uint8_t *data, uint32_t caplen, uint32_t len,
		     struct decoded_pkt *out)
{
	uint32_t off = 0;

	out->fragment = false;
	if (out->family == AF_INET6) {
		if (!ipv6_ext(data, caplen, &off, &out->l4proto) ||
		    off > caplen || off > len)
			return false;
	}
	return l4_header(data + off, caplen - off, len - off, out);
}

static bool decode_ip(uint16_t ethertype, const uint8_t *p, uint32_t caplen,
		      struct decoded_pkt *out)
{
	if (ethertype == ETH_P_IPV4)
		return decode_ipv4(p, caplen, out);
	if (ethertype == ETH_P_IPV6)
		return decode_ipv6(p, caplen, out);
	return false;
}

/* PPP in HDLC-like framing: optional ff 03, then a 1- or 2-byte protocol. */
static bool decode_ppp(const uint8_t *f, uint32_t caplen, struct decoded_pkt *out)
{
	uint32_t off = 0;
	uint16_t proto;

	if (caplen >= 2 && f[0] == 0xff && f[1] == 0x03)
		off = 2;
	if (caplen < off + 1)
		return false;
	if (f[off] & 1) {
		proto = f[off];
		off += 1;
	} else {
		if (caplen < off + 2)
			return false;
		proto = be16(f + off);
		off += 2;
	}
	if (proto == PPP_IPV4)
		return decode_ipv4(f + off, caplen - off, out);
	if (proto == PPP_IPV6)
		return decode_ipv6(f + off, caplen - off, out);
	return false;
}

static bool decode_link(int dlt, const uint8_t *f, uint32_t caplen,
			struct decoded_pkt *out, int depth)
{
	uint32_t off;
	uint16_t et;

	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return false;
		off = 14;
		et = be16(f + 12);
		while ((et == ETH_P_VLAN || et == ETH_P_QINQ) && caplen >= off + 4) {
			et = be16(f + off + 2);
			off += 4;
		}
		return decode_ip(et, f + off, caplen - off, out);
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		if (caplen < 1)
			return false;
		return decode_ip((f[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IPV4,
				 f, caplen, out);
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return false;
		return decode_ip(be16(f + 14), f + 16, caplen - 16, out);
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return false;
		return decode_ip(be16(f), f + 20, caplen - 20, out);
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 4)
			return false;
		/* BSD AF_INET is 2; AF_INET6 is 24, 28 or 30 by platform. */
		return decode_ip((f[0] | f[3]) == 2 ? ETH_P_IPV4 : ETH_P_IPV6,
				 f + 4, caplen - 4, out);
	case DLT_PPP:
	case DLT_PPP_SERIAL:
		return decode_ppp(f, caplen, out);
	case DLT_C_HDLC:
		if (caplen < 4)
			return false;
		return decode_ip(be16(f + 2), f + 4, caplen - 4, out);
	case DLT_PPI:
		/* version, flags, LE length, LE link type of what follows */
		if (depth || caplen < 8)
			return false;
		off = (uint32_t)f[2] | (uint32_t)f[3] << 8;
		if (off < 8 || off > caplen)
			return false;
		return decode_link((int)le32(f + 4), f + off, caplen - off, out,
				   depth + 1);
	default:
		return false;
	}
}

bool decode_frame(int dlt, const uint8_t *f, uint32_t caplen,
		  struct decoded_pkt *out)
{
	memset(out, 0, sizeof(*out));
	return decode_link(dlt, f, caplen, out, 0);
}

const char *addr_str(int family, const uint8_t *addr, char *buf,
		     unsigned int size)
{
	if (!inet_ntop(family, addr, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

const char *endpoint_str(int family, const uint8_t *addr, uint16_t port,
			 char *buf, unsigned int size)
{
	char ip[INET6_ADDRSTRLEN];

	addr_str(family, addr, ip, sizeof(ip));
	if (family == AF_INET6)
		snprintf(buf, size, "[%s]:%u", ip, port);
	else
		snprintf(buf, size, "%s:%u", ip, port);
	return buf;
}
