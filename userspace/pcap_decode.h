/* SPDX-License-Identifier: GPL-2.0-only */
/* Decode captured frames down to the L4 payload, for qqscan and the tests. */
#ifndef PCAP_DECODE_H
#define PCAP_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct decoded_pkt {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t src[16], dst[16];	/* network order; v4 in the first 4 */
	uint16_t sport, dport;		/* host order */
	uint8_t l4proto;		/* 6 or 17 */
	uint8_t tcp_flags;
	uint32_t tcp_seq;
	const uint8_t *payload;		/* captured payload bytes */
	uint32_t payload_len;		/* captured bytes at @payload */
	/*
	 * Payload bytes the packet carries (per the IP header; for UDP also
	 * no more than the UDP length says): a packet with payload iff > 0.
	 */
	uint32_t l4_len;
	/*
	 * The payload length the kernel's view takes as the whole payload:
	 * TCP as @l4_len, UDP the UDP header's length field.
	 */
	uint32_t wire_len;

	/*
	 * An IP fragment (IPv4 MF or offset, or an IPv6 fragment header):
	 * only the fields above up to @l4proto and @frag are set, and the
	 * caller reassembles them (decode_datagram() decodes the whole).
	 */
	bool fragment;
	struct {
		uint32_t id;		/* IPv4 id or IPv6 identification */
		uint32_t offset;	/* bytes */
		bool more;		/* more fragments follow */
		const uint8_t *data;	/* the fragment's bytes */
		uint32_t len;		/* its length per the IP header */
		uint32_t caplen;	/* of them captured, <= @len */
	} frag;
};

/*
 * Decode one frame of libpcap link type @dlt.  Returns true for an IPv4 or
 * IPv6 UDP/TCP packet whose L4 header was captured, or for an IPv4/IPv6
 * fragment of any protocol (@out->fragment); false for anything else,
 * including malformed or truncated frames.
 */
bool decode_frame(int dlt, const uint8_t *frame, uint32_t caplen,
		  struct decoded_pkt *out);

/*
 * Decode a reassembled datagram: @data holds @caplen captured bytes of the
 * @len bytes after the fragment header (IPv6) or the IP header (IPv4);
 * @out keeps the family, addresses and @l4proto (the next header) of its
 * fragments.  Returns false unless it is UDP/TCP with its header captured.
 */
bool decode_datagram(const uint8_t *data, uint32_t caplen, uint32_t len,
		     struct decoded_pkt *out);

/* "1.2.3.4:80" or "[2001:db8::1]:80" into @buf. */
const char *endpoint_str(int family, const uint8_t *addr, uint16_t port,
			 char *buf, unsigned int size);
/* The address alone, "1.2.3.4" or "2001:db8::1", into @buf. */
const char *addr_str(int family, const uint8_t *addr, char *buf,
		     unsigned int size);

#endif
