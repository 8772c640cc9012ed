// SPDX-License-Identifier: GPL-2.0-only
/*
 * Corpus test: every payload packet of every capture in positive/ is QQ,
 * and not a single flow in negative/ is.  Prints the per-capture counts.
 *
 *   corpus_test CORPUS_DIR [SYNTHETIC...]
 *
 * A synthetic capture X.pcap is labelled by qqgen's X.count next to it
 * ("packets=N c2s_payloads=N c2s_qq_payloads=N qq_flows=N"): with QQ in
 * it, every payload packet must be QQ and the counts must match the label;
 * with none (tcp-near-miss), no flow may be QQ.  Without a label it is
 * taken as all QQ.
 *
 * A packet counts as QQ when the kernel's flow logic judges it QQ, or when
 * it is an earlier segment of a TLS ClientHello whose later segment does
 * ("deferred": the kernel lets it pass, it cannot know yet).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qq_classify.h"
#include "pcap_decode.h"
#include "scan.h"
#include "check.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static int list_captures(const char *dir, char ***out)
{
	struct dirent *de;
	char **v = NULL;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		const char *dot = strrchr(de->d_name, '.');

		if (!dot || (strcmp(dot, ".pcap") && strcmp(dot, ".pcapng")))
			continue;
		v = realloc(v, sizeof(*v) * (n + 1));
		if (!v || asprintf(&v[n], "%s/%s", dir, de->d_name) < 0)
			abort();
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp);
	*out = v;
	return n;
}

/* Every packet with payload, hence every flow with payload, is QQ. */
static void check_positive(const char *where, const struct scan_result *r,
			   const char *base)
{
	check(r->payload_packets > 0 &&
	      r->qq_packets + r->deferred_packets == r->payload_packets &&
	      r->qq_flows == r->payload_flows,
	      "%s/%s: packets=%llu with payload=%llu qq_packets=%llu deferred=%llu flows=%llu qq_flows=%llu",
	      where, base, (unsigned long long)r->packets,
	      (unsigned long long)r->payload_packets,
	      (unsigned long long)r->qq_packets,
	      (unsigned long long)r->deferred_packets,
	      (unsigned long long)r->payload_flows,
	      (unsigned long long)r->qq_flows);
}

struct label {
	unsigned long long c2s_payloads, c2s_qq_payloads, qq_flows;
};

/* qqgen's label for @pcap: X.count next to X.pcap.  0 if there is one. */
static int read_label(const char *pcap, struct label *l)
{
	unsigned long long packets;
	char path[4096];
	const char *dot = strrchr(pcap, '.');
	FILE *f;
	int n;

	if (!dot || (size_t)(dot - pcap) + 7 > sizeof(path))
		return -1;
	snprintf(path, sizeof(path), "%.*s.count", (int)(dot - pcap), pcap);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fscanf(f, "packets=%llu c2s_payloads=%llu c2s_qq_payloads=%llu qq_flows=%llu",
		   &packets, &l->c2s_payloads, &l->c2s_qq_payloads, &l->qq_flows);
	fclose(f);
	return n == 4 ? 0 : -1;
}

static void check_synthetic(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct scan_result r;
	struct label l;
	char err[256];

	if (scan_file(path, &r, err, sizeof(err))) {
		check(0, "synthetic/%s: unreadable: %s", base, err);
		return;
	}
	if (read_label(path, &l)) {
		check_positive("synthetic", &r, base);
	} else if (l.qq_flows == 0 && l.c2s_qq_payloads == 0) {
		check(r.qq_flows == 0 && r.c2s_payload_packets == l.c2s_payloads,
		      "synthetic/%s (no QQ): packets=%llu c2s payloads=%llu (label %llu) qq_flows=%llu",
		      base, (unsigned long long)r.packets,
		      (unsigned long long)r.c2s_payload_packets, l.c2s_payloads,
		      (unsigned long long)r.qq_flows);
	} else {
		check_positive("synthetic", &r, base);
		check(r.qq_flows == l.qq_flows &&
		      r.c2s_qq_packets + r.c2s_deferred_packets == l.c2s_qq_payloads,
		      "synthetic/%s: qq_flows=%llu (label %llu), c2s QQ payloads=%llu+%llu deferred (label %llu)",
		      base, (unsigned long long)r.qq_flows, l.qq_flows,
		      (unsigned long long)r.c2s_qq_packets,
		      (unsigned long long)r.c2s_deferred_packets,
		      l.c2s_qq_payloads);
	}
	scan_result_free(&r);
}

static void scan_dir(const char *corpus, const char *sub, bool positive,
		     unsigned long long *tot_flows, unsigned long long *tot_hits)
{
	char dir[4096], **files = NULL;
	int n, i;

	snprintf(dir, sizeof(dir), "%s/%s", corpus, sub);
	n = list_captures(dir, &files);
	check(n > 0, "%s: captures found (%d)", dir, n);
	for (i = 0; i < n; i++) {
		struct scan_result r;
		char err[256];
		const char *base = strrchr(files[i], '/') + 1;

		if (scan_file(files[i], &r, err, sizeof(err))) {
			check(0, "%s/%s: unreadable: %s", sub, base, err);
			free(files[i]);
			continue;
		}
		if (r.truncated)
			printf("# %s/%s: %s (counted up to there)\n", sub, base, err);
		*tot_flows += r.flows;
		*tot_hits += positive ? r.qq_packets : r.qq_flows;
		if (positive)
			check_positive(sub, &r, base);
		else
			check(r.qq_flows == 0,
			      "%s/%s: packets=%llu flows=%llu qq_flows=%llu",
			      sub, base, (unsigned long long)r.packets,
			      (unsigned long long)r.flows,
			      (unsigned long long)r.qq_flows);
		scan_result_free(&r);
		free(files[i]);
	}
	free(files);
}

int main(int argc, char **argv)
{
	unsigned long long pflows = 0, phits = 0, nflows = 0, nhits = 0;
	char path[4096];
	struct scan_result r;
	char err[256];

	if (argc < 2) {
		fprintf(stderr, "usage: corpus_test CORPUS_DIR [SYNTHETIC...]\n");
		return 2;
	}
	scan_dir(argv[1], "positive", true, &pflows, &phits);
	scan_dir(argv[1], "negative", false, &nflows, &nhits);

	/* The one real QQ capture, pinned to the facts file (C.1, d). */
	snprintf(path, sizeof(path), "%s/positive/oicq.pcap", argv[1]);
	check(!scan_file(path, &r, err, sizeof(err)) && r.packets == 29 &&
	      r.qq_packets == 29 && r.flows == 29 && r.qq_flows == 29,
	      "oicq.pcap: 29 packets in 29 flows, all OICQ");
	scan_result_free(&r);

	/* Labelled synthetic captures. */
	for (int i = 2; i < argc; i++)
		check_synthetic(argv[i]);

	printf("# positive: %llu flows, %llu QQ packets; negative: %llu flows, %llu flagged\n",
	       pflows, phits, nflows, nhits);
	check(nhits == 0, "zero QQ flows across all negative captures");
	return check_done("corpus");
}
