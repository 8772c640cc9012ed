// SPDX-License-Identifier: GPL-2.0-only
/*
 * classify_bench: what the payload classifier costs per packet, on every
 * payload packet of a set of captures, next to the cheapest possible pass
 * over the same packets and next to a naive xt_string-style rule.
 *
 *   classify_bench [-c] [-r ROUNDS] [-t MS] [-i INSTR_FILE] CAPTURE|DIR...
 *
 * Every payload packet is decoded once, up front, into memory with its
 * flow and direction, so the measured passes do no I/O and no decoding.
 * Passes, each over the same array of packets:
 *
 *   baseline  read the payload's first byte
 *   naive     Boyer-Moore-Horspool search for the byte 0x02 over the whole
 *             payload, as "-m string --algo bm --hex-string '|02|'" does
 *   classify  qq_classify() on each packet alone
 *   verdict   qq_verdict_packet() with per-flow state, as the kernel and
 *             qqscan judge a flow
 *   final1st  the same, but qq_verdict_final() is asked first and a final
 *             flow is answered without the call, as qq_inspect_skb() does
 *
 * and each over two sets: "all" payload packets, and "late": the non-QQ
 * packets that come after the first QQ_VERDICT_PKTS payload packets of
 * their flow, where the verdict pass finds its flow state already final
 * (the state is left from a full verdict pass, exactly as it stands when
 * those packets arrive).
 *
 * -c  run each pass once and have callgrind count it: instrumentation is
 *     switched on around the pass only, then the counts are dumped under
 *     the name "PASS:SET" (run under valgrind --tool=callgrind
 *     --instr-atstart=no).
 * otherwise time each pass natively: ROUNDS rounds (default 9), the
 * passes interleaved in each round, each pass repeated until it has run
 * for at least MS milliseconds (default 20); the median round is kept.
 * -i  a file of "PASS SET INSTRUCTIONS" lines from a callgrind run, to
 *     print alongside the times in one table.
 *
 * The classifier sees what the kernel gives it (kmod/qq_inspect.c): at
 * most QQ_INSPECT_MAX bytes, the last byte of a bigger datagram apart.
 * The naive search scans every captured payload byte, as xt_string scans
 * the whole packet.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "qq_classify.h"
#include "qq_verdict.h"
#include "pcap_decode.h"

/* QQ_INSPECT_MAX in kmod/qq_inspect.h (a kernel header). */
#define VIEW_MAX	2048

struct bench_pkt {
	struct qq_payload pl;	/* the classifier's view */
	u32 caplen;		/* captured payload bytes, for the naive search */
	u32 flow;		/* index into the flow state */
};

struct bench_flow {
	struct qq_verdict v;
	struct qq_tls_cont cont;
};

struct pkt_set {
	const char *name;
	struct bench_pkt *p;
	size_t n;
};

static unsigned long sink;

/* ------------------------------------------------------------------ */
/* Loading: captures into one arena, flows found as qqscan finds them. */

struct flow_key {
	u32 capture;
	u8 family, l4proto;
	u16 cport, sport;
	u8 cli[16], srv[16];	/* client: first sender, or the SYN's sender */
};

struct flow_slot {
	struct flow_key k;
	u32 idx;
	u32 used;
};

static struct {
	u8 *arena;
	size_t arena_len, arena_cap;
	struct bench_pkt *pkts;
	size_t n, cap;
	size_t *off;		/* payload offsets in the arena while loading */
	struct flow_slot *ft;
	u32 ft_cap, flows;
	u32 captures;
	unsigned long frames, l4pkts, skipped;
} ld;

static void __attribute__((noreturn)) die_oom(void)
{
	fprintf(stderr, "classify_bench: out of memory\n");
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die_oom();
	return p;
}

static u32 hash_bytes(const u8 *p, size_t n, u32 h)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* The same for both directions of a flow. */
static u32 key_hash(u32 capture, const struct decoded_pkt *d)
{
	u32 a = hash_bytes(d->src, 16, 2166136261u) ^ d->sport;
	u32 b = hash_bytes(d->dst, 16, 2166136261u) ^ d->dport;

	return ((a ^ b) * 2654435761u + d->l4proto) ^ capture * 0x9e3779b9u;
}

static u32 slot_hash(const struct flow_key *k)
{
	struct decoded_pkt d = { .l4proto = k->l4proto, .sport = k->cport,
				 .dport = k->sport };

	memcpy(d.src, k->cli, 16);
	memcpy(d.dst, k->srv, 16);
	return key_hash(k->capture, &d);
}

static void ft_grow(void)
{
	u32 ncap = ld.ft_cap ? ld.ft_cap * 2 : 4096, i, j;
	struct flow_slot *nt = calloc(ncap, sizeof(*nt));

	if (!nt)
		die_oom();
	for (i = 0; i < ld.ft_cap; i++) {
		if (!ld.ft[i].used)
			continue;
		for (j = slot_hash(&ld.ft[i].k) & (ncap - 1); nt[j].used;
		     j = (j + 1) & (ncap - 1))
			;
		nt[j] = ld.ft[i];
	}
	free(ld.ft);
	ld.ft = nt;
	ld.ft_cap = ncap;
}

/* The packet's flow index; *@dir 0 from its client, 1 from its server. */
static u32 flow_of(u32 capture, const struct decoded_pkt *d, u8 *dir)
{
	struct flow_slot *s;
	struct flow_key *k;
	bool syn_ack;
	u32 i;

	if ((ld.flows + 1) * 2 >= ld.ft_cap)
		ft_grow();
	for (i = key_hash(capture, d) & (ld.ft_cap - 1);;
	     i = (i + 1) & (ld.ft_cap - 1)) {
		s = &ld.ft[i];
		k = &s->k;
		if (!s->used)
			break;
		if (k->capture != capture || k->family != d->family ||
		    k->l4proto != d->l4proto)
			continue;
		if (!memcmp(k->cli, d->src, 16) && !memcmp(k->srv, d->dst, 16) &&
		    k->cport == d->sport && k->sport == d->dport) {
			*dir = 0;
			return s->idx;
		}
		if (!memcmp(k->cli, d->dst, 16) && !memcmp(k->srv, d->src, 16) &&
		    k->cport == d->dport && k->sport == d->sport) {
			*dir = 1;
			return s->idx;
		}
	}
	syn_ack = d->l4proto == QQ_L4_TCP && (d->tcp_flags & 0x12) == 0x12;
	s->used = 1;
	s->idx = ld.flows++;
	k->capture = capture;
	k->family = (u8)d->family;
	k->l4proto = d->l4proto;
	memcpy(k->cli, syn_ack ? d->dst : d->src, 16);
	memcpy(k->srv, syn_ack ? d->src : d->dst, 16);
	k->cport = syn_ack ? d->dport : d->sport;
	k->sport = syn_ack ? d->sport : d->dport;
	*dir = syn_ack;
	return s->idx;
}

static void add_packet(u32 capture, const struct decoded_pkt *d)
{
	struct bench_pkt *b;
	struct qq_payload *pl;
	u8 dir;

	if (ld.n == ld.cap) {
		ld.cap = ld.cap ? ld.cap * 2 : 65536;
		ld.pkts = xrealloc(ld.pkts, ld.cap * sizeof(*ld.pkts));
		ld.off = xrealloc(ld.off, ld.cap * sizeof(*ld.off));
	}
	while (ld.arena_len + d->payload_len > ld.arena_cap) {
		ld.arena_cap = ld.arena_cap ? ld.arena_cap * 2 : 1 << 24;
		ld.arena = xrealloc(ld.arena, ld.arena_cap);
	}
	b = &ld.pkts[ld.n];
	memset(b, 0, sizeof(*b));
	ld.off[ld.n++] = ld.arena_len;
	memcpy(ld.arena + ld.arena_len, d->payload, d->payload_len);
	ld.arena_len += d->payload_len;

	b->caplen = d->payload_len;
	b->flow = flow_of(capture, d, &dir);
	pl = &b->pl;
	/* As qq_inspect_skb() fills it. */
	pl->len = d->payload_len < VIEW_MAX ? d->payload_len : VIEW_MAX;
	pl->wire_len = d->wire_len;
	pl->l4proto = d->l4proto;
	if (pl->len < pl->wire_len && d->payload_len == d->wire_len) {
		pl->has_tail = true;
		pl->tail = d->payload[d->wire_len - 1];
	}
	pl->dir = dir;
	if (d->l4proto == QQ_L4_TCP) {
		pl->has_seq = true;
		pl->seq = d->tcp_seq;
	}
}

static int load_capture(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *frame;
	pcap_t *pc;
	int dlt, rc;

	pc = pcap_open_offline(path, err);
	if (!pc) {
		fprintf(stderr, "classify_bench: %s: %s\n", path, err);
		return -1;
	}
	dlt = pcap_datalink(pc);
	while ((rc = pcap_next_ex(pc, &h, &frame)) == 1) {
		struct decoded_pkt d;

		ld.frames++;
		if (!decode_frame(dlt, frame, h->caplen, &d))
			continue;
		ld.l4pkts++;
		if (d.wire_len == 0)
			continue;
		/* What qqscan does not classify either. */
		if (d.fragment || d.payload_len == 0) {
			ld.skipped++;
			continue;
		}
		add_packet(ld.captures, &d);
	}
	/* A capture cut short still counts up to the cut, as in qqscan. */
	pcap_close(pc);
	ld.captures++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static int load_path(const char *path)
{
	struct dirent *de;
	char **names = NULL;
	struct stat st;
	size_t n = 0, i;
	int rc = 0;
	DIR *d;

	if (stat(path, &st)) {
		fprintf(stderr, "classify_bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_capture(path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "classify_bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		const char *dot = strrchr(de->d_name, '.');

		if (!dot || (strcmp(dot, ".pcap") && strcmp(dot, ".pcapng") &&
			     strcmp(dot, ".cap")))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		if (asprintf(&names[n], "%s/%s", path, de->d_name) < 0)
			die_oom();
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		rc |= load_capture(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ------------------------------------------------------------------ */
/*
 * The naive rule: Boyer-Moore-Horspool, as xt_string's "bm" algorithm
 * would run it for a hex-string.  For a one-byte pattern every shift is
 * one, so it compares every byte up to the first 0x02.
 */

struct bmh {
	const u8 *pat;
	u32 len;
	u32 shift[256];
};

static void bmh_prepare(struct bmh *b, const u8 *pat, u32 len)
{
	u32 i;

	b->pat = pat;
	b->len = len;
	for (i = 0; i < 256; i++)
		b->shift[i] = len;
	for (i = 0; i + 1 < len; i++)
		b->shift[pat[i]] = len - 1 - i;
}

/* Offset of the first match in @t[0..@n), or @n when there is none. */
static __attribute__((noinline)) u32 bmh_find(const struct bmh *b,
					       const u8 *t, u32 n)
{
	u32 last = b->len - 1, pos = 0;

	while (n - pos >= b->len) {
		u32 k = last;

		while (t[pos + k] == b->pat[k]) {
			if (k == 0)
				return pos;
			k--;
		}
		pos += b->shift[t[pos + last]];
	}
	return n;
}

static struct bmh naive_rule;

/* ------------------------------------------------------------------ */
/* The passes.  One loop shape for all, so the loop costs them alike. */

static struct bench_flow *flow_state;
static size_t nflows;
static bool flows_full;		/* flow_state is what a full verdict pass leaves */

static __attribute__((noinline)) void pass_baseline(const struct bench_pkt *p,
						    size_t n)
{
	unsigned long acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc += p[i].pl.data[0];
	sink += acc;
}

static __attribute__((noinline)) void pass_naive(const struct bench_pkt *p,
						 size_t n)
{
	unsigned long acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc += bmh_find(&naive_rule, p[i].pl.data, p[i].caplen) <
		       p[i].caplen;
	sink += acc;
}

static __attribute__((noinline)) void pass_classify(const struct bench_pkt *p,
						    size_t n)
{
	unsigned long acc = 0;
	struct qq_result res;
	size_t i;

	for (i = 0; i < n; i++)
		acc += qq_classify(&p[i].pl, &res);
	sink += acc;
}

static __attribute__((noinline)) void pass_verdict(const struct bench_pkt *p,
						   size_t n)
{
	struct bench_flow *fs = flow_state;
	unsigned long acc = 0;
	struct qq_result res;
	size_t i;

	for (i = 0; i < n; i++) {
		struct bench_flow *f = &fs[p[i].flow];

		acc += qq_verdict_packet(&f->v, &f->cont, &p[i].pl, &res);
	}
	sink += acc;
}

/*
 * The same, asking qq_verdict_final() before the call, as the kernel's
 * qq_inspect_skb() does with the verdict it keeps in conntrack labels.
 */
static __attribute__((noinline)) void pass_final_first(const struct bench_pkt *p,
						       size_t n)
{
	struct bench_flow *fs = flow_state;
	unsigned long acc = 0;
	struct qq_result res;
	size_t i;

	for (i = 0; i < n; i++) {
		struct bench_flow *f = &fs[p[i].flow];

		if (qq_verdict_final(&f->v))
			acc += f->v.cls;
		else
			acc += qq_verdict_packet(&f->v, &f->cont, &p[i].pl, &res);
	}
	sink += acc;
}

static void reset_flows(void)
{
	memset(flow_state, 0, nflows * sizeof(*flow_state));
	flows_full = false;
}

struct pass {
	const char *name;
	void (*run)(const struct bench_pkt *p, size_t n);
	const char *what;
};

static const struct pass passes[] = {
	{ "baseline", pass_baseline, "read the first payload byte" },
	{ "naive", pass_naive, "xt_string bm, |02| over the payload" },
	{ "classify", pass_classify, "qq_classify(), each packet alone" },
	{ "verdict", pass_verdict, "qq_verdict_packet(), per-flow state" },
	{ "final1st", pass_final_first, "the same, qq_verdict_final() first (kernel)" },
};

#define NPASSES ARRAY_SIZE(passes)
#define NSETS	2

/*
 * Before a pass: the flow state it must find.  A verdict pass over all
 * packets starts from fresh flows; over the late set it finds the state a
 * full pass leaves, which is what those packets meet.
 */
static void prepare(const struct pass *ps, unsigned int set,
		    const struct pkt_set *all)
{
	if (ps->run != pass_verdict && ps->run != pass_final_first)
		return;
	if (set == 0) {
		reset_flows();
	} else if (!flows_full) {
		/* A late packet's flow is final: the pass leaves it as is. */
		reset_flows();
		pass_verdict(all->p, all->n);
		flows_full = true;
	}
}

/* ------------------------------------------------------------------ */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nanoseconds per packet of one pass, run at least @reps times. */
static double time_pass(const struct pass *ps, unsigned int set,
			const struct pkt_set *sets, unsigned long reps)
{
	double t = 0;
	unsigned long r;

	for (r = 0; r < reps; r++) {
		double t0;

		prepare(ps, set, &sets[0]);
		t0 = now_ns();
		ps->run(sets[set].p, sets[set].n);
		t += now_ns() - t0;
	}
	return t / ((double)reps * (double)sets[set].n);
}

struct figures {
	double ns[NSETS];		/* median ns per packet */
	double ns_lo[NSETS], ns_hi[NSETS];
	double instr[NSETS];		/* per packet, from callgrind; <0: none */
};

static void run_timing(const struct pkt_set *sets, unsigned int rounds,
		       double min_ms, struct figures *fig)
{
	unsigned long reps[NPASSES][NSETS];
	double *t[NPASSES][NSETS];
	unsigned int p, s, r;

	for (p = 0; p < NPASSES; p++) {
		for (s = 0; s < NSETS; s++) {
			double ns;

			t[p][s] = xrealloc(NULL, rounds * sizeof(double));
			reps[p][s] = 0;
			if (!sets[s].n)
				continue;
			/* Warm up and calibrate. */
			ns = time_pass(&passes[p], s, sets, 1) * sets[s].n;
			reps[p][s] = (unsigned long)(min_ms * 1e6 / (ns > 1 ? ns : 1)) + 1;
		}
	}
	for (r = 0; r < rounds; r++)
		for (p = 0; p < NPASSES; p++)
			for (s = 0; s < NSETS; s++)
				t[p][s][r] = reps[p][s] ?
					time_pass(&passes[p], s, sets, reps[p][s]) : 0;
	for (p = 0; p < NPASSES; p++) {
		for (s = 0; s < NSETS; s++) {
			qsort(t[p][s], rounds, sizeof(double), cmp_dbl);
			fig[p].ns[s] = t[p][s][rounds / 2];
			fig[p].ns_lo[s] = t[p][s][0];
			fig[p].ns_hi[s] = t[p][s][rounds - 1];
			free(t[p][s]);
		}
	}
}

static void run_callgrind(const struct pkt_set *sets)
{
	unsigned int p, s;
	char name[64];

	if (!RUNNING_ON_VALGRIND)
		fprintf(stderr, "classify_bench: -c without valgrind: nothing is counted\n");
	for (p = 0; p < NPASSES; p++) {
		for (s = 0; s < NSETS; s++) {
			prepare(&passes[p], s, &sets[0]);
			CALLGRIND_START_INSTRUMENTATION;
			CALLGRIND_ZERO_STATS;
			passes[p].run(sets[s].p, sets[s].n);
			CALLGRIND_STOP_INSTRUMENTATION;
			snprintf(name, sizeof(name), "%s:%s", passes[p].name,
				 sets[s].name);
			CALLGRIND_DUMP_STATS_AT(name);
			printf("counted %s %zu\n", name, sets[s].n);
		}
	}
}

/* "PASS SET INSTRUCTIONS" lines; instructions are for the whole set. */
static int read_instr(const char *path, const struct pkt_set *sets,
		      struct figures *fig)
{
	char pass[32], set[32];
	double ir;
	unsigned int p, s;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "classify_bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fscanf(f, "%31s %31s %lf", pass, set, &ir) == 3)
		for (p = 0; p < NPASSES; p++)
			for (s = 0; s < NSETS; s++)
				if (!strcmp(pass, passes[p].name) &&
				    !strcmp(set, sets[s].name) && sets[s].n)
					fig[p].instr[s] = ir / sets[s].n;
	fclose(f);
	return 0;
}

static void print_instr(double v)
{
	if (v < 0)
		printf(" %14s", "-");
	else
		printf(" %14.1f", v);
}

static void print_table(const struct pkt_set *sets, const struct figures *fig,
			bool timed)
{
	unsigned int p;

	printf("\n%-9s %14s %14s %8s %10s %8s  %s\n", "pass", "instr/pkt",
	       "instr/pkt", "Mpps", "time/pkt", "Mpps", "");
	printf("%-9s %14s %14s %8s %10s %8s  %s\n", "", "all", "late non-QQ",
	       "all", "x baseline", "late", "");
	for (p = 0; p < NPASSES; p++) {
		printf("%-9s", passes[p].name);
		print_instr(fig[p].instr[0]);
		print_instr(fig[p].instr[1]);
		if (timed && fig[p].ns[0] > 0) {
			printf(" %8.1f %9.2fx", 1e3 / fig[p].ns[0],
			       fig[p].ns[0] / fig[0].ns[0]);
			if (fig[p].ns[1] > 0)
				printf(" %8.1f", 1e3 / fig[p].ns[1]);
			else
				printf(" %8s", "-");
		} else {
			printf(" %8s %10s %8s", "-", "-", "-");
		}
		printf("  %s\n", passes[p].what);
	}
	printf("\nall: %zu payload packets; late non-QQ: %zu of them, after the first %d payload packets of a non-QQ flow.\n",
	       sets[0].n, sets[1].n, QQ_VERDICT_PKTS);
	if (timed) {
		printf("Mpps: median of the rounds (spread of all packets, ns/pkt:");
		for (p = 0; p < NPASSES; p++)
			printf(" %s %.1f-%.1f", passes[p].name, fig[p].ns_lo[0],
			       fig[p].ns_hi[0]);
		printf(").\n");
	}
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: classify_bench [-c] [-r ROUNDS] [-t MS] [-i INSTR_FILE] CAPTURE|DIR...\n"
		"  -c  count instructions per pass (under valgrind --tool=callgrind --instr-atstart=no)\n"
		"  -r  timing rounds, the median is kept (9)\n"
		"  -t  minimum milliseconds per pass and round (20)\n"
		"  -i  instruction counts (PASS SET TOTAL lines) to print in the table\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const u8 stx = 0x02;
	struct figures fig[NPASSES];
	struct pkt_set sets[NSETS];
	const char *instr_file = NULL;
	unsigned long qq_cls = 0, qq_vrd = 0, naive_all = 0, naive_nonqq = 0;
	unsigned int rounds = 9, p, s;
	double min_ms = 20;
	bool count = false;
	u8 *cls, *pos;
	u32 *seen;
	size_t i, nl;
	int c;

	while ((c = getopt(argc, argv, "cr:t:i:h")) != -1) {
		switch (c) {
		case 'c':
			count = true;
			break;
		case 'r':
			rounds = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 't':
			min_ms = strtod(optarg, NULL);
			break;
		case 'i':
			instr_file = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || rounds == 0)
		usage();
	for (; optind < argc; optind++)
		if (load_path(argv[optind]))
			return 1;
	if (!ld.n) {
		fprintf(stderr, "classify_bench: no payload packets\n");
		return 1;
	}
	/* The arena stopped moving: point the payloads into it. */
	for (i = 0; i < ld.n; i++)
		ld.pkts[i].pl.data = ld.arena + ld.off[i];
	free(ld.off);
	free(ld.ft);
	nflows = ld.flows;
	flow_state = xrealloc(NULL, nflows * sizeof(*flow_state));
	bmh_prepare(&naive_rule, &stx, 1);

	/* Label every packet: its class, and its place in its flow. */
	cls = xrealloc(NULL, ld.n);
	pos = xrealloc(NULL, ld.n);
	seen = calloc(nflows, sizeof(*seen));
	if (!seen)
		die_oom();
	reset_flows();
	for (i = 0; i < ld.n; i++) {
		struct bench_pkt *b = &ld.pkts[i];
		struct bench_flow *f = &flow_state[b->flow];
		struct qq_result res;

		cls[i] = (u8)qq_verdict_packet(&f->v, &f->cont, &b->pl, &res);
		pos[i] = seen[b->flow] < 255 ? (u8)seen[b->flow]++ : 255;
		qq_vrd += cls[i] != QQ_CLASS_NONE;
		qq_cls += qq_classify(&b->pl, &res) != QQ_CLASS_NONE;
		if (bmh_find(&naive_rule, b->pl.data, b->caplen) < b->caplen) {
			naive_all++;
			naive_nonqq += cls[i] == QQ_CLASS_NONE;
		}
	}
	sets[0] = (struct pkt_set){ "all", ld.pkts, ld.n };
	sets[1].name = "late";
	sets[1].p = xrealloc(NULL, ld.n * sizeof(*sets[1].p));
	for (i = 0, nl = 0; i < ld.n; i++)
		if (cls[i] == QQ_CLASS_NONE && pos[i] >= QQ_VERDICT_PKTS)
			sets[1].p[nl++] = ld.pkts[i];
	sets[1].n = nl;

	printf("captures=%u frames=%lu udp_tcp=%lu payload_packets=%zu skipped_fragments=%lu flows=%zu payload_bytes=%zu\n",
	       ld.captures, ld.frames, ld.l4pkts, ld.n, ld.skipped, nflows,
	       ld.arena_len);
	printf("qq_packets_verdict=%lu qq_packets_classify=%lu late_nonqq=%zu naive_matches=%lu naive_matches_nonqq=%lu\n",
	       qq_vrd, qq_cls, nl, naive_all, naive_nonqq);

	for (p = 0; p < NPASSES; p++)
		for (s = 0; s < NSETS; s++)
			fig[p].instr[s] = -1;
	if (count) {
		run_callgrind(sets);
	} else {
		if (instr_file && read_instr(instr_file, sets, fig))
			return 1;
		run_timing(sets, rounds, min_ms, fig);
		print_table(sets, fig, true);
	}
	free(cls);
	free(pos);
	free(seen);
	free(sets[1].p);
	free(flow_state);
	free(ld.pkts);
	free(ld.arena);
	return sink == 42 ? 3 : 0;	/* keep the sink live */
}
