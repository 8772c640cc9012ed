/* SPDX-License-Identifier: GPL-2.0-only */
/* Offline capture scanning with the kernel's classifier, per flow. */
#ifndef SCAN_H
#define SCAN_H

#include <stdint.h>

#include "qq_verdict.h"

struct scan_flow {
	int family;
	uint8_t l4proto;
	uint8_t cli[16], srv[16];	/* client = first sender (or SYN sender) */
	uint16_t cport, sport;
	uint64_t packets;
	uint64_t payload_packets;
	uint64_t qq_packets;
	uint8_t cls;			/* the flow's class, or QQ_CLASS_NONE */
	uint8_t reason;			/* why its first QQ packet was QQ */
	uint8_t used;
	struct qq_verdict verdict;	/* the kernel's per-flow logic */
	struct qq_tls_cont cont;
};

struct scan_result {
	uint64_t frames;		/* frames read */
	uint64_t packets;		/* decoded UDP/TCP packets */
	uint64_t payload_packets;	/* ... of them with L4 payload */
	uint64_t qq_packets;
	uint64_t flows;
	uint64_t payload_flows;		/* flows with any payload */
	uint64_t qq_flows;
	int truncated;			/* read error after some frames */
	struct scan_flow *flows_tab;	/* hash table, @cap slots */
	uint32_t cap;
};

/*
 * Scan one pcap/pcapng file.  Returns 0, or -1 with a message in @err when
 * it cannot be opened.  A read error later sets @res->truncated and leaves
 * the reason in @err.
 */
int scan_file(const char *path, struct scan_result *res, char *err,
	      unsigned int errlen);
void scan_result_free(struct scan_result *res);

#endif
