// SPDX-License-Identifier: GPL-2.0-only
/*
 * qq_servers_file: parse and print QQ server table entries.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qq_servers_file.h"

/* A token of the entry text: not NUL-terminated. */
struct tok {
	const char *s;
	size_t len;
};

/* Tokens longer than this are never valid; quoted up to TOK_QUOTE bytes. */
#define TOK_MAX		64
#define TOK_QUOTE	48

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	       c == '\v' || c == '\f';
}

/* The next token at *@p; false at the end of the entry or at "#". */
static bool next_tok(const char **p, struct tok *t)
{
	const char *s = *p;

	while (is_blank(*s))
		s++;
	if (!*s || *s == '#') {
		*p = s;
		return false;
	}
	t->s = s;
	while (*s && *s != '#' && !is_blank(*s))
		s++;
	t->len = (size_t)(s - t->s);
	*p = s;
	return true;
}

static bool tok_is(const struct tok *t, const char *word)
{
	return t->len == strlen(word) && !strncasecmp(t->s, word, t->len);
}

/* Quote length for "%.*s": long tokens are cut. */
static int qlen(const struct tok *t)
{
	return t->len > TOK_QUOTE ? TOK_QUOTE : (int)t->len;
}

/* A decimal number of 1..@maxdigits digits, nothing else. */
static bool parse_uint(const char *s, size_t len, unsigned int maxdigits,
		       unsigned long *v)
{
	size_t i;

	if (!len || len > maxdigits)
		return false;
	*v = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return true;
}

static void mask_addr(uint8_t *addr, unsigned int alen, unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < alen; i++) {
		if (plen >= 8) {
			plen -= 8;
			continue;
		}
		addr[i] &= (uint8_t)(0xff00 >> plen);
		plen = 0;
	}
}

static const uint8_t v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

static int parse_prefix(const struct tok *t, struct qq_server *out,
			char *err, size_t errlen)
{
	const char *slash = memchr(t->s, '/', t->len);
	size_t alen_txt = slash ? (size_t)(slash - t->s) : t->len;
	char abuf[TOK_MAX + 1];
	unsigned int alen, maxlen;
	uint8_t masked[16];
	unsigned long plen;

	if (alen_txt > TOK_MAX)
		goto bad_addr;
	memcpy(abuf, t->s, alen_txt);
	abuf[alen_txt] = '\0';
	if (inet_pton(AF_INET, abuf, out->addr) == 1) {
		out->family = NFPROTO_IPV4;
		alen = 4;
	} else if (inet_pton(AF_INET6, abuf, out->addr) == 1) {
		out->family = NFPROTO_IPV6;
		alen = 16;
	} else {
		goto bad_addr;
	}
	maxlen = alen * 8;

	if (!slash) {
		plen = maxlen;
	} else if (!parse_uint(slash + 1, t->len - alen_txt - 1, 3, &plen) ||
		   plen > maxlen) {
		set_err(err, errlen,
			"invalid prefix length \"%.*s\" (expected 0-%u)",
			(int)(t->len - alen_txt - 1 > TOK_QUOTE ?
			      TOK_QUOTE : t->len - alen_txt - 1),
			slash + 1, maxlen);
		return -1;
	}

	/* ::ffff:a.b.c.d/LEN is the IPv4 prefix a.b.c.d/(LEN-96). */
	if (alen == 16 && plen >= 96 && !memcmp(out->addr, v4mapped, 12)) {
		memmove(out->addr, out->addr + 12, 4);
		memset(out->addr + 4, 0, 12);
		out->family = NFPROTO_IPV4;
		alen = 4;
		plen -= 96;
	}
	out->plen = (uint8_t)plen;

	memcpy(masked, out->addr, sizeof(masked));
	mask_addr(masked, alen, out->plen);
	if (memcmp(masked, out->addr, alen)) {
		char txt[INET6_ADDRSTRLEN];

		if (!inet_ntop(alen == 4 ? AF_INET : AF_INET6, masked, txt,
			       sizeof(txt)))
			strcpy(txt, "?");
		set_err(err, errlen, "host bits set, did you mean %s/%u?", txt,
			out->plen);
		return -1;
	}
	return 0;

bad_addr:
	set_err(err, errlen, "invalid address \"%.*s\" (expected IPv4 or IPv6)",
		alen_txt > TOK_QUOTE ? TOK_QUOTE : (int)alen_txt, t->s);
	return -1;
}

static int parse_proto(const struct tok *t, struct qq_server *out,
		       char *err, size_t errlen)
{
	if (tok_is(t, "udp"))
		out->proto = IPPROTO_UDP;
	else if (tok_is(t, "tcp"))
		out->proto = IPPROTO_TCP;
	else if (tok_is(t, "any"))
		out->proto = 0;
	else {
		set_err(err, errlen,
			"invalid protocol \"%.*s\" (expected udp or tcp)",
			qlen(t), t->s);
		return -1;
	}
	return 0;
}

static int parse_port(const struct tok *t, struct qq_server *out,
		      char *err, size_t errlen)
{
	const char *dash = memchr(t->s, '-', t->len);
	size_t nlen = dash ? (size_t)(dash - t->s) : t->len;
	unsigned long lo, hi;

	if (!parse_uint(t->s, nlen, 5, &lo) ||
	    (dash && !parse_uint(dash + 1, t->len - nlen - 1, 5, &hi)))
		goto bad;
	if (!dash)
		hi = lo;
	if (lo < 1 || lo > 65535 || hi < 1 || hi > 65535)
		goto bad;
	if (lo > hi) {
		set_err(err, errlen,
			"invalid port range \"%.*s\" (start above end)",
			qlen(t), t->s);
		return -1;
	}
	out->port_min = (uint16_t)lo;
	out->port_max = (uint16_t)hi;
	return 0;
bad:
	set_err(err, errlen,
		"invalid port \"%.*s\" (expected N or N-M, 1-65535)",
		qlen(t), t->s);
	return -1;
}

int qq_server_parse(const char *text, struct qq_server *out, char *err,
		    size_t errlen)
{
	const char *p = text;
	bool have_proto = false, have_port = false;
	struct qq_server s;
	struct tok t, v;

	memset(&s, 0, sizeof(s));
	if (!next_tok(&p, &t)) {
		set_err(err, errlen, "empty entry (expected PREFIX [proto udp|tcp] [port N[-M]])");
		return -1;
	}
	if (parse_prefix(&t, &s, err, errlen) < 0)
		return -1;

	while (next_tok(&p, &t)) {
		bool proto = tok_is(&t, "proto");

		if (!proto && !tok_is(&t, "port")) {
			set_err(err, errlen,
				"unexpected \"%.*s\" (expected proto or port)",
				qlen(&t), t.s);
			return -1;
		}
		if (proto ? have_proto : have_port) {
			set_err(err, errlen, "\"%s\" given twice",
				proto ? "proto" : "port");
			return -1;
		}
		if (!next_tok(&p, &v)) {
			set_err(err, errlen, proto ?
				"\"proto\" needs udp or tcp" :
				"\"port\" needs N or N-M");
			return -1;
		}
		if (proto) {
			if (parse_proto(&v, &s, err, errlen) < 0)
				return -1;
			have_proto = true;
		} else {
			if (parse_port(&v, &s, err, errlen) < 0)
				return -1;
			have_port = true;
		}
	}
	*out = s;
	return 0;
}

void qq_server_format(const struct qq_server *s, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	size_t n;
	int ret;

	if (!len)
		return;
	if (!inet_ntop(s->family == NFPROTO_IPV6 ? AF_INET6 : AF_INET,
		       s->addr, addr, sizeof(addr)))
		strcpy(addr, "?");
	ret = snprintf(buf, len, "%s/%u", addr, s->plen);
	n = ret < 0 ? 0 : (size_t)ret;

	if (n < len && s->proto) {
		if (s->proto == IPPROTO_UDP)
			ret = snprintf(buf + n, len - n, " proto udp");
		else if (s->proto == IPPROTO_TCP)
			ret = snprintf(buf + n, len - n, " proto tcp");
		else
			ret = snprintf(buf + n, len - n, " proto %u", s->proto);
		n += ret < 0 ? 0 : (size_t)ret;
	}
	if (n < len && (s->port_min || s->port_max)) {
		if (s->port_min == s->port_max)
			snprintf(buf + n, len - n, " port %u", s->port_min);
		else
			snprintf(buf + n, len - n, " port %u-%u", s->port_min,
				 s->port_max);
	}
}

int qq_server_equal(const struct qq_server *a, const struct qq_server *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       a->proto == b->proto && a->port_min == b->port_min &&
	       a->port_max == b->port_max &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* ---- files ---- */

struct loaded {
	struct qq_server *v;
	unsigned long *line;	/* line number of each entry */
	size_t n, cap;
};

static int cmp_server(const struct qq_server *a, const struct qq_server *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->port_min != b->port_min)
		return a->port_min < b->port_min ? -1 : 1;
	if (a->port_max != b->port_max)
		return a->port_max < b->port_max ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

static const struct loaded *sort_ctx;

static int cmp_index(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = cmp_server(&sort_ctx->v[a], &sort_ctx->v[b]);

	if (c)
		return c;
	return a < b ? -1 : a > b;
}

/*
 * The entry that repeats an earlier one and comes first in the file, as
 * its index; *@first is the index of the earlier copy.  Returns 0 when
 * there is none, -1 with errno on allocation failure.
 */
static int find_dup(const struct loaded *l, size_t *dup, size_t *first)
{
	size_t *idx, i, run, best = SIZE_MAX, best_first = 0;

	if (l->n < 2)
		return 0;
	idx = malloc(l->n * sizeof(*idx));
	if (!idx)
		return -1;
	for (i = 0; i < l->n; i++)
		idx[i] = i;
	sort_ctx = l;
	qsort(idx, l->n, sizeof(*idx), cmp_index);
	sort_ctx = NULL;
	/* Within a run of equal entries indexes ascend: the first copy
	 * starts the run, every later one repeats it. */
	for (i = 1, run = 0; i < l->n; i++) {
		if (cmp_server(&l->v[idx[run]], &l->v[idx[i]])) {
			run = i;
			continue;
		}
		if (idx[i] < best) {
			best = idx[i];
			best_first = idx[run];
		}
	}
	free(idx);
	if (best == SIZE_MAX)
		return 0;
	*dup = best;
	*first = best_first;
	return 1;
}

static int push(struct loaded *l, const struct qq_server *s,
		unsigned long line)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct qq_server *v = realloc(l->v, cap * sizeof(*v));
		unsigned long *ln;

		if (!v)
			return -1;
		l->v = v;
		ln = realloc(l->line, cap * sizeof(*ln));
		if (!ln)
			return -1;
		l->line = ln;
		l->cap = cap;
	}
	l->v[l->n] = *s;
	l->line[l->n] = line;
	l->n++;
	return 0;
}

int qq_servers_load_file(const char *path, struct qq_server **out, size_t *n,
			 char *err, size_t errlen)
{
	struct loaded l = { 0 };
	unsigned long lineno = 0;
	char *buf = NULL, msg[160];
	size_t bufsz = 0, d, f;
	struct qq_server s;
	struct tok t;
	ssize_t len;
	FILE *fp;
	int ret;

	*out = NULL;
	*n = 0;
	fp = fopen(path, "re");
	if (!fp) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&buf, &bufsz, fp)) >= 0) {
		const char *p = buf;

		lineno++;
		if (strlen(buf) != (size_t)len) {
			set_err(err, errlen, "%s:%lu: NUL byte in line", path,
				lineno);
			goto fail;
		}
		if (!next_tok(&p, &t))
			continue;	/* blank or comment */
		if (qq_server_parse(buf, &s, msg, sizeof(msg)) < 0) {
			set_err(err, errlen, "%s:%lu: %s", path, lineno, msg);
			goto fail;
		}
		if (push(&l, &s, lineno) < 0) {
			set_err(err, errlen, "%s: %s", path, strerror(ENOMEM));
			goto fail;
		}
	}
	if (ferror(fp)) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}

	ret = find_dup(&l, &d, &f);
	if (ret < 0) {
		set_err(err, errlen, "%s: %s", path, strerror(ENOMEM));
		goto fail;
	}
	if (ret) {
		qq_server_format(&l.v[d], msg, sizeof(msg));
		set_err(err, errlen, "%s:%lu: duplicate entry %s (first on line %lu)",
			path, l.line[d], msg, l.line[f]);
		goto fail;
	}

	free(buf);
	free(l.line);
	fclose(fp);
	if (!l.n) {
		free(l.v);
		l.v = NULL;
	}
	*out = l.v;
	*n = l.n;
	return 0;

fail:
	free(buf);
	free(l.v);
	free(l.line);
	fclose(fp);
	return -1;
}
