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
	bool fragment;			/* any IP fragment: payload not whole */
	const uint8_t *payload;		/* captured payload bytes */
	uint32_t payload_len;		/* captured bytes at payload */
	uint32_t wire_len;		/* payload length per the IP header */
};

/*
 * Decode one frame of libpcap link type @dlt.  Returns true for an IPv4 or
 * IPv6 UDP/TCP packet whose L4 header was captured; false for anything
 * else, including malformed or truncated frames.
 */
bool decode_frame(int dlt, const uint8_t *frame, uint32_t caplen,
		  struct decoded_pkt *out);

/* "1.2.3.4:80" or "[2001:db8::1]:80" into @buf. */
const char *endpoint_str(int family, const uint8_t *addr, uint16_t port,
			 char *buf, unsigned int size);

#endif
