// SPDX-License-Identifier: GPL-2.0-only
/*
 * Corpus test: every packet of every capture in positive/ is QQ, and not a
 * single flow in negative/ is.  Prints the per-capture counts.
 *
 *   corpus_test CORPUS_DIR [SYNTHETIC_POSITIVE...]
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
	check(r->payload_packets > 0 && r->qq_packets == r->payload_packets &&
	      r->qq_flows == r->payload_flows,
	      "%s/%s: packets=%llu with payload=%llu qq_packets=%llu flows=%llu qq_flows=%llu",
	      where, base, (unsigned long long)r->packets,
	      (unsigned long long)r->payload_packets,
	      (unsigned long long)r->qq_packets,
	      (unsigned long long)r->payload_flows,
	      (unsigned long long)r->qq_flows);
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
		fprintf(stderr, "usage: corpus_test CORPUS_DIR [SYNTHETIC_POSITIVE...]\n");
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

	/* Labelled synthetic captures: all of their payload is QQ. */
	for (int i = 2; i < argc; i++) {
		if (scan_file(argv[i], &r, err, sizeof(err))) {
			check(0, "%s: unreadable: %s", argv[i], err);
			continue;
		}
		check_positive("synthetic", &r, strrchr(argv[i], '/') ?
			       strrchr(argv[i], '/') + 1 : argv[i]);
		scan_result_free(&r);
	}

	printf("# positive: %llu flows, %llu QQ packets; negative: %llu flows, %llu flagged\n",
	       pflows, phits, nflows, nhits);
	check(nhits == 0, "zero QQ flows across all negative captures");
	return check_done("corpus");
}
