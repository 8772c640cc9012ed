/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Offline capture scanning with the kernel's classifier and its per-flow
 * logic (qq_verdict.h), one flow per 5-tuple.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stdint.h>

#include "qq_verdict.h"

/*
 * The classifier's view of a payload: its first bytes, as many as the
 * kernel copies (QQ_INSPECT_MAX in kmod/qq_inspect.h, which needs kernel
 * headers and so is not included here).
 */
#define SCAN_INSPECT_MAX	2048

struct scan_flow {
	int family;
	uint8_t l4proto;
	uint8_t cli[16], srv[16];	/* client = first sender (or SYN sender) */
	uint16_t cport, sport;
	uint64_t first_frame;		/* 1-based frame number of its first packet */
	uint64_t packets;		/* every packet, with payload or not */
	uint64_t payload_packets;	/* ... with L4 payload, both directions */
	uint64_t c2s_payload_packets;	/* ... client to server */
	uint64_t qq_packets;		/* payload packets judged QQ */
	uint64_t c2s_qq_packets;	/* ... client to server */
	/*
	 * Payload packets judged not QQ while a TLS ClientHello was still
	 * going on, in a flow its end then showed to be QQ: the kernel lets
	 * them pass (it cannot know yet) and judges the rest of the flow QQ.
	 */
	uint64_t deferred_packets, c2s_deferred_packets;
	uint64_t pending, c2s_pending;	/* internal: such packets, not yet QQ */
	uint8_t cls;			/* the flow's class, or QQ_CLASS_NONE */
	uint8_t reason;			/* why its first QQ packet was QQ */
	struct qq_verdict verdict;	/* the kernel's per-flow logic */
	struct qq_tls_cont cont;
};

struct scan_frag_q;

struct scan_result {
	uint64_t frames;		/* frames read */
	uint64_t packets;		/* decoded UDP/TCP packets (datagrams) */
	uint64_t payload_packets;	/* ... of them with L4 payload */
	uint64_t c2s_payload_packets;
	uint64_t qq_packets;
	uint64_t c2s_qq_packets;
	uint64_t deferred_packets;	/* see struct scan_flow */
	uint64_t c2s_deferred_packets;
	uint64_t flows;
	uint64_t payload_flows;		/* flows with any payload */
	uint64_t qq_flows;
	uint64_t fragments;		/* IP fragments read */
	uint64_t reassembled;		/* UDP/TCP datagrams made whole from them */
	uint64_t cut_payloads;		/* payloads captured short (snaplen) */
	int truncated;			/* read error after some frames */
	/* Flows in first-seen order: flows_tab[0 .. flows - 1]. */
	struct scan_flow *flows_tab;
	/* Internal: open-addressing index into flows_tab, fragment queues. */
	uint32_t *index;
	uint32_t cap, alloc;
	struct scan_frag_q *fragq;
};

/*
 * Scan one pcap/pcapng file.  Returns 0, or -1 with a message in @err when
 * it cannot be opened (or memory runs out).  A read error later sets
 * @res->truncated and leaves the reason in @err: everything up to there
 * is counted.
 */
int scan_file(const char *path, struct scan_result *res, char *err,
	      unsigned int errlen);
void scan_result_free(struct scan_result *res);

#endif
