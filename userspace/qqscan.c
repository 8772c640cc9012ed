// SPDX-License-Identifier: GPL-2.0-only
/*
 * qqscan: audit captures with the exact classifier and per-flow logic the
 * kernel runs (kmod/qq_classify.c, kmod/qq_verdict.c).
 *
 *   qqscan [-a] [-j] FILE...
 *
 * Prints one line per QQ flow (every flow with -a), in the order the flows
 * first appear, and a summary line per file; -j prints one JSON object for
 * the whole run.  Exit status: 0 success, 1 a file could not be read,
 * 2 usage.  See qqscan(1).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qq_classify.h"
#include "json_print.h"
#include "pcap_decode.h"
#include "scan.h"

struct totals {
	uint64_t packets, flows, qq_packets, qq_flows;
};

/* What the JSON "files" array says about one file. */
struct file_sum {
	const char *file;
	struct scan_result r;		/* counts only: the tables are freed */
	char *error;			/* unreadable, or where it was cut */
	bool failed;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: qqscan [-a] [-j] FILE...\n"
		"Run xt_qq's classifier and flow logic over pcap/pcapng captures.\n"
		"\n"
		"  -j, --json   one JSON object for the whole run\n"
		"  -a, --all    list every flow, not only the QQ ones\n"
		"  -h, --help   this help\n"
		"\n"
		"Text output: one line per QQ flow, in first-seen order\n"
		"  FILE: PROTO CLIENT -> SERVER class=C reason=R packets=QQ_PACKETS all_packets=N\n"
		"then per file\n"
		"  FILE: packets=N flows=N qq_packets=N qq_flows=N\n"
		"and a \"total:\" line for several files.\n"
		"Exit status: 0 ok, 1 a file could not be read, 2 usage.\n");
}

static const char *proto_name(uint8_t p)
{
	return p == 6 ? "tcp" : "udp";
}

static void flow_text(const char *file, const struct scan_flow *f)
{
	char a[64], b[64];

	printf("%s: %s %s -> %s class=%s reason=%s packets=%llu all_packets=%llu",
	       file, proto_name(f->l4proto),
	       endpoint_str(f->family, f->cli, f->cport, a, sizeof(a)),
	       endpoint_str(f->family, f->srv, f->sport, b, sizeof(b)),
	       qq_class_name(f->cls), qq_reason_name(f->reason),
	       (unsigned long long)f->qq_packets,
	       (unsigned long long)f->packets);
	if (f->deferred_packets)
		printf(" deferred=%llu", (unsigned long long)f->deferred_packets);
	putchar('\n');
}

static void flow_json(const char *file, const struct scan_flow *f)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	jp_open_object(NULL);
	jp_string(JP_JSON, "file", NULL, file);
	jp_string(JP_JSON, "proto", NULL, proto_name(f->l4proto));
	jp_string(JP_JSON, "src", NULL, addr_str(f->family, f->cli, a, sizeof(a)));
	jp_u64(JP_JSON, "sport", NULL, f->cport);
	jp_string(JP_JSON, "dst", NULL, addr_str(f->family, f->srv, b, sizeof(b)));
	jp_u64(JP_JSON, "dport", NULL, f->sport);
	jp_string(JP_JSON, "class", NULL, qq_class_name(f->cls));
	jp_string(JP_JSON, "reason", NULL, qq_reason_name(f->reason));
	jp_u64(JP_JSON, "packets", NULL, f->qq_packets);
	jp_u64(JP_JSON, "c2s_qq_packets", NULL, f->c2s_qq_packets);
	jp_u64(JP_JSON, "deferred_packets", NULL, f->deferred_packets);
	jp_u64(JP_JSON, "c2s_deferred_packets", NULL, f->c2s_deferred_packets);
	jp_u64(JP_JSON, "payload_packets", NULL, f->payload_packets);
	jp_u64(JP_JSON, "c2s_payload_packets", NULL, f->c2s_payload_packets);
	jp_u64(JP_JSON, "all_packets", NULL, f->packets);
	jp_u64(JP_JSON, "first_frame", NULL, f->first_frame);
	jp_close_object();
}

static void file_json(const struct file_sum *s)
{
	const struct scan_result *r = &s->r;

	jp_open_object(NULL);
	jp_string(JP_JSON, "file", NULL, s->file);
	jp_u64(JP_JSON, "packets", NULL, r->packets);
	jp_u64(JP_JSON, "flows", NULL, r->flows);
	jp_u64(JP_JSON, "qq_packets", NULL, r->qq_packets);
	jp_u64(JP_JSON, "qq_flows", NULL, r->qq_flows);
	jp_u64(JP_JSON, "c2s_qq_packets", NULL, r->c2s_qq_packets);
	jp_u64(JP_JSON, "deferred_packets", NULL, r->deferred_packets);
	jp_u64(JP_JSON, "c2s_deferred_packets", NULL, r->c2s_deferred_packets);
	jp_u64(JP_JSON, "payload_packets", NULL, r->payload_packets);
	jp_u64(JP_JSON, "c2s_payload_packets", NULL, r->c2s_payload_packets);
	jp_u64(JP_JSON, "payload_flows", NULL, r->payload_flows);
	jp_u64(JP_JSON, "frames", NULL, r->frames);
	jp_u64(JP_JSON, "fragments", NULL, r->fragments);
	jp_u64(JP_JSON, "reassembled", NULL, r->reassembled);
	jp_u64(JP_JSON, "cut_payloads", NULL, r->cut_payloads);
	jp_bool(JP_JSON, "truncated", NULL, r->truncated);
	jp_bool(JP_JSON, "ok", NULL, !s->failed);
	if (s->error)
		jp_string(JP_JSON, "error", NULL, s->error);
	jp_close_object();
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "all",  no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct totals t = { 0 };
	struct file_sum *sums;
	bool json = false, all = false;
	int opt, i, n, rc = 0, failed = 0;

	while ((opt = getopt_long(argc, argv, "ajh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'a':
			all = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "qqscan: no capture file given\n");
		usage(stderr);
		return 2;
	}
	n = argc - optind;
	sums = calloc((size_t)n, sizeof(*sums));
	if (!sums) {
		fprintf(stderr, "qqscan: out of memory\n");
		return 1;
	}

	if (json) {
		jp_init(stdout, true);
		jp_open_object(NULL);
		jp_open_array(all ? "flows_detail" : "qq_flows_detail");
	}
	for (i = 0; i < n; i++) {
		struct file_sum *s = &sums[i];
		const char *file = argv[optind + i];
		char err[512];
		uint64_t k;

		s->file = file;
		err[0] = 0;
		if (scan_file(file, &s->r, err, sizeof(err))) {
			fprintf(stderr, "qqscan: %s: %s\n", file, err);
			s->error = strdup(err);
			s->failed = true;
			failed++;
			rc = 1;
			continue;
		}
		if (s->r.truncated) {
			fprintf(stderr, "qqscan: %s: warning: %s (counted up to there)\n",
				file, err);
			s->error = strdup(err);
		}
		for (k = 0; k < s->r.flows; k++) {
			const struct scan_flow *f = &s->r.flows_tab[k];

			if (!all && !f->qq_packets)
				continue;
			if (json)
				flow_json(file, f);
			else
				flow_text(file, f);
		}
		if (!json)
			printf("%s: packets=%llu flows=%llu qq_packets=%llu qq_flows=%llu\n",
			       file, (unsigned long long)s->r.packets,
			       (unsigned long long)s->r.flows,
			       (unsigned long long)s->r.qq_packets,
			       (unsigned long long)s->r.qq_flows);
		t.packets += s->r.packets;
		t.flows += s->r.flows;
		t.qq_packets += s->r.qq_packets;
		t.qq_flows += s->r.qq_flows;
		scan_result_free(&s->r);
	}
	if (json) {
		jp_close_array();
		jp_open_array("files");
		for (i = 0; i < n; i++)
			file_json(&sums[i]);
		jp_close_array();
		jp_u64(JP_JSON, "files_failed", NULL, (uint64_t)failed);
		jp_u64(JP_JSON, "packets", NULL, t.packets);
		jp_u64(JP_JSON, "flows", NULL, t.flows);
		jp_u64(JP_JSON, "qq_packets", NULL, t.qq_packets);
		jp_u64(JP_JSON, "qq_flows", NULL, t.qq_flows);
		jp_close_object();
	} else if (n > 1) {
		printf("total: packets=%llu flows=%llu qq_packets=%llu qq_flows=%llu\n",
		       (unsigned long long)t.packets, (unsigned long long)t.flows,
		       (unsigned long long)t.qq_packets,
		       (unsigned long long)t.qq_flows);
	}
	for (i = 0; i < n; i++)
		free(sums[i].error);
	free(sums);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "qqscan: writing output: %s\n", strerror(errno));
		return 1;
	}
	return rc;
}
