// SPDX-License-Identifier: GPL-2.0-only
/*
 * qqscan: audit captures with the exact classifier the kernel runs.
 *
 *   qqscan [-j] FILE...
 *
 * Prints one line per QQ flow and a summary per file; -j prints one JSON
 * object for the whole run.  Exit status: 0 on success, 1 on a bad file.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "qq_classify.h"
#include "pcap_decode.h"
#include "scan.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: qqscan [-j] FILE...\n"
		   "  -j  JSON output\n");
}

static void print_flow(const char *file, const struct scan_flow *f, bool json,
		       bool *first)
{
	char a[64], b[64];

	endpoint_str(f->family, f->cli, f->cport, a, sizeof(a));
	endpoint_str(f->family, f->srv, f->sport, b, sizeof(b));
	if (!json) {
		printf("%s: %s %s -> %s class=%s reason=%s packets=%llu qq_packets=%llu\n",
		       file, f->l4proto == 6 ? "tcp" : "udp", a, b,
		       qq_class_name(f->cls), qq_reason_name(f->reason),
		       (unsigned long long)f->packets,
		       (unsigned long long)f->qq_packets);
		return;
	}
	/* Endpoints are printed without brackets in JSON. */
	endpoint_str(f->family, f->cli, 0, a, sizeof(a));
	endpoint_str(f->family, f->srv, 0, b, sizeof(b));
	*strrchr(a, ':') = 0;
	*strrchr(b, ':') = 0;
	printf("%s{\"file\":\"%s\",\"proto\":\"%s\",\"src\":\"%s\",\"sport\":%u,"
	       "\"dst\":\"%s\",\"dport\":%u,\"class\":\"%s\",\"reason\":\"%s\","
	       "\"packets\":%llu,\"qq_packets\":%llu}",
	       *first ? "" : ",", file, f->l4proto == 6 ? "tcp" : "udp",
	       a[0] == '[' ? a + 1 : a, f->cport,
	       b[0] == '[' ? b + 1 : b, f->sport, qq_class_name(f->cls),
	       qq_reason_name(f->reason), (unsigned long long)f->packets,
	       (unsigned long long)f->qq_packets);
	*first = false;
}

int main(int argc, char **argv)
{
	unsigned long long packets = 0, flows = 0, qq_packets = 0, qq_flows = 0;
	bool json = false, first = true;
	int opt, i, rc = 0;
	uint32_t k;

	while ((opt = getopt(argc, argv, "jh")) != -1) {
		switch (opt) {
		case 'j':
			json = true;
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
		usage(stderr);
		return 2;
	}
	if (json)
		printf("{\"qq_flows_detail\":[");
	for (i = optind; i < argc; i++) {
		struct scan_result res;
		char err[256];

		if (scan_file(argv[i], &res, err, sizeof(err))) {
			fprintf(stderr, "qqscan: %s: %s\n", argv[i], err);
			rc = 1;
			continue;
		}
		if (res.truncated)
			fprintf(stderr, "qqscan: %s: %s (counted up to there)\n",
				argv[i], err);
		for (k = 0; k < res.cap; k++)
			if (res.flows_tab[k].used && res.flows_tab[k].qq_packets)
				print_flow(argv[i], &res.flows_tab[k], json, &first);
		if (!json)
			printf("%s: packets=%llu flows=%llu qq_packets=%llu qq_flows=%llu\n",
			       argv[i], (unsigned long long)res.packets,
			       (unsigned long long)res.flows,
			       (unsigned long long)res.qq_packets,
			       (unsigned long long)res.qq_flows);
		packets += res.packets;
		flows += res.flows;
		qq_packets += res.qq_packets;
		qq_flows += res.qq_flows;
		scan_result_free(&res);
	}
	if (json)
		printf("],\"packets\":%llu,\"flows\":%llu,\"qq_packets\":%llu,"
		       "\"qq_flows\":%llu}\n", packets, flows, qq_packets, qq_flows);
	else if (argc - optind > 1)
		printf("total: packets=%llu flows=%llu qq_packets=%llu qq_flows=%llu\n",
		       packets, flows, qq_packets, qq_flows);
	return rc;
}
