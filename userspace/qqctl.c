// SPDX-License-Identifier: GPL-2.0-only
/*
 * qqctl: control xt_qq through its generic netlink family.
 *
 *   qqctl [-j] mode [off|monitor|block [--servers]]
 *   qqctl [-j] stats [--reset]
 *   qqctl [-j] log [-n N]
 *   qqctl [-j] monitor
 *   qqctl [-j] server add|del ENTRY... | list | flush | load FILE
 *
 * Every request acts on the caller's network namespace.  Exit status: 0 on
 * success, 1 on any failure, with exactly one "qqctl: " line on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>

#include "uapi/xt_qq.h"
#include "json_print.h"
#include "qq_nl.h"
#include "qq_servers_file.h"

/* <linux/netfilter.h> clashes with the libc headers above. */
#ifndef NFPROTO_IPV4
#define NFPROTO_IPV4	2
#endif
#ifndef NFPROTO_IPV6
#define NFPROTO_IPV6	10
#endif

#ifndef QQCTL_VERSION
#define QQCTL_VERSION	"0.4"
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static struct qq_nl nl;

static const char * const mode_names[] = {
	[QQ_MODE_OFF]	  = "off",
	[QQ_MODE_MONITOR] = "monitor",
	[QQ_MODE_BLOCK]	  = "block",
};

static const char * const class_names[] = {
	[QQ_CLASS_NONE]	  = "none",
	[QQ_CLASS_OICQ]	  = "oicq",
	[QQ_CLASS_MSF]	  = "msf",
	[QQ_CLASS_HTTP]	  = "http",
	[QQ_CLASS_TLS]	  = "tls",
	[QQ_CLASS_SERVER] = "server",
};

static const char * const action_names[] = {
	[QQ_ACTION_DETECTED] = "detected",
	[QQ_ACTION_BLOCKED]  = "blocked",
};

static const char *name_of(const char * const *names, size_t n, uint32_t v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("qqctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Report a failed netlink operation @op; always returns 1.  The kernel's
 * extack message, or else @hint (may be NULL), goes in parentheses.
 */
static int fail_nl_hint(const char *op, int err, const char *hint)
{
	if (err == -EPERM)
		fail("%s: %s (needs CAP_NET_ADMIN)", op, strerror(EPERM));
	else if (nl.ext_msg[0])
		fail("%s: %s (%s)", op, strerror(-err), nl.ext_msg);
	else if (hint)
		fail("%s: %s (%s)", op, strerror(-err), hint);
	else if (nl.ext_miss_type >= 0)
		fail("%s: %s (missing attribute type %" PRId64 ")", op,
		     strerror(-err), nl.ext_miss_type);
	else if (err == -EBADMSG)
		fail("%s: malformed reply from the kernel", op);
	else
		fail("%s: %s", op, strerror(-err));
	return 1;
}

static int fail_nl(const char *op, int err)
{
	return fail_nl_hint(op, err, NULL);
}

static int nl_open(void)
{
	int ret = qq_nl_open(&nl, QQ_GENL_NAME, QQ_GENL_MCGRP_EVENTS);

	if (ret == -ENOENT) {
		fail("xt_qq is not loaded (generic netlink family %s not found)",
		     QQ_GENL_NAME);
		return 1;
	}
	if (ret < 0)
		return fail_nl("generic netlink", ret);
	return 0;
}

/* ---- reply parsing ---- */

/* Validate a known attribute; unknown (newer) ones were skipped before. */
static int check_attr(const struct nlattr *attr, enum mnl_attr_data_type t)
{
	if (mnl_attr_validate(attr, t) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int top_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, QQ_A_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case QQ_A_MODE:
	case QQ_A_MODE_FLAGS:
	case QQ_A_SERVER_FLAGS:
	case QQ_A_SERVER_COUNT:
		if (check_attr(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case QQ_A_STATS:
	case QQ_A_EVENT:
	case QQ_A_SERVERS:
		if (check_attr(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		return MNL_CB_OK;	/* QQ_A_PAD */
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_top(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_attr_cb, tb);
}

struct qq_stats {
	bool have_mode;
	uint32_t mode;
	uint32_t mode_flags;		/* QQ_MODE_F_*; 0 from older modules */
	uint64_t ctr[QQ_STATS_A_MAX + 1];
	uint64_t by_class[QQ_CLASS_MAX + 1];
};

static int by_class_cb(const struct nlattr *attr, void *data)
{
	struct qq_stats *s = data;
	int type = mnl_attr_get_type(attr);

	/* Types outside the class range (e.g. a pad attribute) are skipped. */
	if (type < 1 || type > QQ_CLASS_MAX)
		return MNL_CB_OK;
	if (check_attr(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_ERROR;
	s->by_class[type] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int stats_attr_cb(const struct nlattr *attr, void *data)
{
	struct qq_stats *s = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, QQ_STATS_A_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case QQ_STATS_A_INSPECTED:
	case QQ_STATS_A_DETECTED:
	case QQ_STATS_A_FLOWS:
	case QQ_STATS_A_DROPPED:
	case QQ_STATS_A_RATELIMITED:
		if (check_attr(attr, MNL_TYPE_U64) < 0)
			return MNL_CB_ERROR;
		s->ctr[type] = mnl_attr_get_u64(attr);
		break;
	case QQ_STATS_A_BY_CLASS:
		if (check_attr(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return mnl_attr_parse_nested(attr, by_class_cb, s);
	default:
		break;			/* QQ_STATS_A_PAD */
	}
	return MNL_CB_OK;
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QQ_A_MAX + 1] = {};
	struct qq_stats *s = data;

	if (parse_top(nlh, tb) < 0)
		return MNL_CB_ERROR;
	if (tb[QQ_A_MODE]) {
		s->have_mode = true;
		s->mode = mnl_attr_get_u32(tb[QQ_A_MODE]);
	}
	if (tb[QQ_A_MODE_FLAGS])
		s->mode_flags = mnl_attr_get_u32(tb[QQ_A_MODE_FLAGS]);
	if (tb[QQ_A_STATS] &&
	    mnl_attr_parse_nested(tb[QQ_A_STATS], stats_attr_cb, s) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int get_stats(struct qq_stats *s)
{
	struct nlmsghdr *nlh;
	int ret;

	memset(s, 0, sizeof(*s));
	nlh = qq_nl_request(&nl, nl.buf, QQ_CMD_GET_STATS, QQ_GENL_VERSION,
			    NLM_F_ACK);
	ret = qq_nl_talk(&nl, nlh, stats_cb, s);
	if (ret == 0 && !s->have_mode)
		ret = -EBADMSG;
	if (ret < 0)
		return fail_nl("get stats", ret);
	return 0;
}

struct qq_event {
	uint64_t seq;
	uint64_t time_ns;
	uint8_t family;
	uint8_t proto;
	uint16_t sport;
	uint16_t dport;
	uint32_t cls;
	uint32_t action;
	uint8_t saddr[16];
	uint8_t daddr[16];
};

static int event_attr_cb(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type types[QQ_EVENT_A_MAX + 1] = {
		[QQ_EVENT_A_SEQ]    = MNL_TYPE_U64,
		[QQ_EVENT_A_TIME]   = MNL_TYPE_U64,
		[QQ_EVENT_A_FAMILY] = MNL_TYPE_U8,
		[QQ_EVENT_A_PROTO]  = MNL_TYPE_U8,
		[QQ_EVENT_A_SADDR]  = MNL_TYPE_BINARY,
		[QQ_EVENT_A_DADDR]  = MNL_TYPE_BINARY,
		[QQ_EVENT_A_SPORT]  = MNL_TYPE_U16,
		[QQ_EVENT_A_DPORT]  = MNL_TYPE_U16,
		[QQ_EVENT_A_CLASS]  = MNL_TYPE_U32,
		[QQ_EVENT_A_ACTION] = MNL_TYPE_U32,
	};
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, QQ_EVENT_A_MAX) < 0 ||
	    types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;	/* unknown, QQ_EVENT_A_PAD */
	if (check_attr(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_event(const struct nlattr *nest, struct qq_event *ev)
{
	const struct nlattr *tb[QQ_EVENT_A_MAX + 1] = {};
	size_t alen;

	memset(ev, 0, sizeof(*ev));
	if (mnl_attr_parse_nested(nest, event_attr_cb, tb) < 0)
		goto bad;
	if (!tb[QQ_EVENT_A_FAMILY] || !tb[QQ_EVENT_A_SADDR] ||
	    !tb[QQ_EVENT_A_DADDR])
		goto bad;

	ev->family = mnl_attr_get_u8(tb[QQ_EVENT_A_FAMILY]);
	if (ev->family == NFPROTO_IPV4)
		alen = 4;
	else if (ev->family == NFPROTO_IPV6)
		alen = 16;
	else
		goto bad;
	if (mnl_attr_get_payload_len(tb[QQ_EVENT_A_SADDR]) != alen ||
	    mnl_attr_get_payload_len(tb[QQ_EVENT_A_DADDR]) != alen)
		goto bad;
	memcpy(ev->saddr, mnl_attr_get_payload(tb[QQ_EVENT_A_SADDR]), alen);
	memcpy(ev->daddr, mnl_attr_get_payload(tb[QQ_EVENT_A_DADDR]), alen);

	if (tb[QQ_EVENT_A_SEQ])
		ev->seq = mnl_attr_get_u64(tb[QQ_EVENT_A_SEQ]);
	if (tb[QQ_EVENT_A_TIME])
		ev->time_ns = mnl_attr_get_u64(tb[QQ_EVENT_A_TIME]);
	if (tb[QQ_EVENT_A_PROTO])
		ev->proto = mnl_attr_get_u8(tb[QQ_EVENT_A_PROTO]);
	if (tb[QQ_EVENT_A_SPORT])
		ev->sport = mnl_attr_get_u16(tb[QQ_EVENT_A_SPORT]);
	if (tb[QQ_EVENT_A_DPORT])
		ev->dport = mnl_attr_get_u16(tb[QQ_EVENT_A_DPORT]);
	if (tb[QQ_EVENT_A_CLASS])
		ev->cls = mnl_attr_get_u32(tb[QQ_EVENT_A_CLASS]);
	if (tb[QQ_EVENT_A_ACTION])
		ev->action = mnl_attr_get_u32(tb[QQ_EVENT_A_ACTION]);
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

/* ---- output ---- */

static void format_time(uint64_t ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	unsigned int usec = (unsigned int)(ns % 1000000000ULL / 1000);
	struct tm tm;
	size_t n;

	n = gmtime_r(&sec, &tm) ?
		strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm) : 0;
	if (!n)
		snprintf(buf, len, "%" PRIu64 "ns", ns);
	else
		snprintf(buf + n, len - n, ".%06uZ", usec);
}

/*
 * One event; text: "TIME ACTION PROTO SRC:SPORT -> DST:DPORT class=CLASS".
 * JSON keys in the same order, plus family and seq.
 */
static void print_event(const struct qq_event *ev)
{
	bool v6 = ev->family == NFPROTO_IPV6;
	int af = v6 ? AF_INET6 : AF_INET;
	char t[64], src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], proto[16];

	format_time(ev->time_ns, t, sizeof(t));
	if (!inet_ntop(af, ev->saddr, src, sizeof(src)))
		strcpy(src, "?");
	if (!inet_ntop(af, ev->daddr, dst, sizeof(dst)))
		strcpy(dst, "?");
	if (ev->proto == IPPROTO_TCP)
		strcpy(proto, "tcp");
	else if (ev->proto == IPPROTO_UDP)
		strcpy(proto, "udp");
	else
		snprintf(proto, sizeof(proto), "%u", ev->proto);

	jp_open_object(NULL);
	jp_string(JP_ANY, "time", "%s", t);
	jp_string(JP_ANY, "action", " %s",
		  name_of(action_names, ARRAY_SIZE(action_names), ev->action));
	jp_string(JP_JSON, "family", NULL, v6 ? "ipv6" : "ipv4");
	jp_string(JP_ANY, "proto", " %s", proto);
	jp_string(JP_ANY, "src", v6 ? " [%s]" : " %s", src);
	jp_u64(JP_ANY, "sport", ":%" PRIu64, ev->sport);
	jp_string(JP_ANY, "dst", v6 ? " -> [%s]" : " -> %s", dst);
	jp_u64(JP_ANY, "dport", ":%" PRIu64, ev->dport);
	jp_string(JP_ANY, "class", " class=%s",
		  name_of(class_names, ARRAY_SIZE(class_names), ev->cls));
	jp_u64(JP_JSON, "seq", NULL, ev->seq);
	jp_close_object();
	jp_text("\n");
}

static const struct {
	int attr;
	const char *key;
	const char *fmt;
} stats_keys[] = {
	{ QQ_STATS_A_INSPECTED,	  "inspected_packets",
	  "inspected_packets %" PRIu64 "\n" },
	{ QQ_STATS_A_DETECTED,	  "detected_packets",
	  "detected_packets %" PRIu64 "\n" },
	{ QQ_STATS_A_FLOWS,	  "detected_flows",
	  "detected_flows %" PRIu64 "\n" },
	{ QQ_STATS_A_DROPPED,	  "dropped_packets",
	  "dropped_packets %" PRIu64 "\n" },
	{ QQ_STATS_A_RATELIMITED, "ratelimited_events",
	  "ratelimited_events %" PRIu64 "\n" },
};

/* Text "MODE[ servers]", JSON "mode" and "servers" keys; no newline. */
static void print_mode(const struct qq_stats *s)
{
	bool servers = s->mode_flags & QQ_MODE_F_SERVERS;

	jp_string(JP_ANY, "mode", "%s",
		  name_of(mode_names, ARRAY_SIZE(mode_names), s->mode));
	jp_bool(JP_JSON, "servers", NULL, servers);
	if (servers)
		jp_text(" servers");
}

static void print_stats(const struct qq_stats *s)
{
	size_t i;
	int c;

	jp_open_object(NULL);
	jp_text("mode ");
	print_mode(s);
	jp_text("\n");
	for (i = 0; i < ARRAY_SIZE(stats_keys); i++)
		jp_u64(JP_ANY, stats_keys[i].key, stats_keys[i].fmt,
		       s->ctr[stats_keys[i].attr]);
	jp_open_object("by_class");
	jp_text("by_class");
	for (c = 1; c <= QQ_CLASS_MAX; c++) {
		jp_text(" %s", class_names[c]);
		jp_u64(JP_ANY, class_names[c], " %" PRIu64, s->by_class[c]);
	}
	jp_close_object();
	jp_text("\n");
	jp_close_object();
}

/* ---- subcommands ---- */

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static int simple_request(uint8_t cmd, const char *op)
{
	struct nlmsghdr *nlh;
	int ret;

	nlh = qq_nl_request(&nl, nl.buf, cmd, QQ_GENL_VERSION, NLM_F_ACK);
	ret = qq_nl_talk(&nl, nlh, NULL, NULL);
	return ret < 0 ? fail_nl(op, ret) : 0;
}

static int set_mode(uint32_t mode, uint32_t flags)
{
	struct nlmsghdr *nlh;
	int ret;

	nlh = qq_nl_request(&nl, nl.buf, QQ_CMD_SET_MODE, QQ_GENL_VERSION,
			    NLM_F_ACK);
	mnl_attr_put_u32(nlh, QQ_A_MODE, mode);
	mnl_attr_put_u32(nlh, QQ_A_MODE_FLAGS, flags);
	ret = qq_nl_talk(&nl, nlh, NULL, NULL);
	return ret < 0 ? fail_nl("set mode", ret) : 0;
}

static int cmd_mode(int argc, char **argv)
{
	const char *name = NULL;
	uint32_t m, flags = 0;
	struct qq_stats s;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--servers")) {
			flags |= QQ_MODE_F_SERVERS;
		} else if (!name && argv[i][0] != '-') {
			name = argv[i];
		} else {
			fail("mode: unexpected argument \"%s\"", argv[i]);
			return 1;
		}
	}
	if (name) {
		for (m = 0; m < ARRAY_SIZE(mode_names); m++)
			if (!strcmp(name, mode_names[m]))
				break;
		if (m == ARRAY_SIZE(mode_names)) {
			fail("mode: invalid mode \"%s\" (expected off, monitor or block)",
			     name);
			return 1;
		}
		if (nl_open())
			return 1;
		return set_mode(m, flags);
	}
	if (flags) {
		fail("mode: --servers needs a mode (monitor or block)");
		return 1;
	}

	if (nl_open() || get_stats(&s))
		return 1;
	jp_open_object(NULL);
	print_mode(&s);
	jp_text("\n");
	jp_close_object();
	return 0;
}

static int cmd_stats(int argc, char **argv)
{
	struct qq_stats s;
	bool reset = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reset")) {
			reset = true;
		} else {
			fail("stats: unexpected argument \"%s\"", argv[i]);
			return 1;
		}
	}
	if (nl_open() || get_stats(&s))
		return 1;
	/* Reset before printing so a failure leaves stdout empty. */
	if (reset && simple_request(QQ_CMD_RESET_STATS, "reset stats"))
		return 1;
	print_stats(&s);
	return 0;
}

struct event_list {
	struct qq_event *v;
	size_t n, cap;
};

static int log_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QQ_A_MAX + 1] = {};
	struct event_list *l = data;

	if (parse_top(nlh, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[QQ_A_EVENT])
		return MNL_CB_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct qq_event *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;	/* errno is ENOMEM */
		l->v = v;
		l->cap = cap;
	}
	if (parse_event(tb[QQ_A_EVENT], &l->v[l->n]) < 0)
		return MNL_CB_ERROR;
	l->n++;
	return MNL_CB_OK;
}

static int parse_count(const char *s, size_t *n)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > SIZE_MAX)
		goto bad;
	*n = (size_t)v;
	return 0;
bad:
	fail("log: invalid count \"%s\" (expected a number >= 0)", s);
	return -1;
}

static int cmd_log(int argc, char **argv)
{
	struct event_list l = {};
	struct nlmsghdr *nlh;
	size_t i, count = SIZE_MAX;
	int ret;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-n")) {
			if (++i == (size_t)argc) {
				fail("log: -n needs a count");
				return 1;
			}
			if (parse_count(argv[i], &count))
				return 1;
		} else if (!strncmp(argv[i], "-n", 2)) {
			if (parse_count(argv[i] + 2, &count))
				return 1;
		} else {
			fail("log: unexpected argument \"%s\"", argv[i]);
			return 1;
		}
	}
	if (nl_open())
		return 1;

	nlh = qq_nl_request(&nl, nl.buf, QQ_CMD_GET_EVENTS, QQ_GENL_VERSION,
			    NLM_F_DUMP);
	ret = qq_nl_talk(&nl, nlh, log_cb, &l);
	if (ret < 0) {
		free(l.v);
		return fail_nl("get events", ret);
	}

	jp_open_array(NULL);
	for (i = l.n > count ? l.n - count : 0; i < l.n; i++)
		print_event(&l.v[i]);
	jp_close_array();
	free(l.v);
	if (nl.dump_intr) {
		fflush(stdout);
		fprintf(stderr, "qqctl: log changed during dump\n");
	}
	return 0;
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QQ_A_MAX + 1] = {};
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct qq_event ev;

	(void)data;
	if (nlh->nlmsg_type != nl.family_id ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != QQ_CMD_EVENT)
		return MNL_CB_OK;
	if (parse_top(nlh, tb) < 0 || !tb[QQ_A_EVENT] ||
	    parse_event(tb[QQ_A_EVENT], &ev) < 0) {
		fflush(stdout);
		fprintf(stderr, "qqctl: monitor: skipped a malformed event\n");
		return MNL_CB_OK;
	}
	print_event(&ev);
	fflush(stdout);
	return MNL_CB_OK;
}

static int cmd_monitor(int argc, char **argv)
{
	struct pollfd pfd[2];
	sigset_t mask;
	int sfd, ret;

	if (argc > 1) {
		fail("monitor: unexpected argument \"%s\"", argv[1]);
		return 1;
	}

	/* Blocked before anything else, so SIGINT/SIGTERM always exit 0. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sfd = -1;
	if (sigprocmask(SIG_BLOCK, &mask, NULL) == 0)
		sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		fail("monitor: signalfd: %s", strerror(errno));
		return 1;
	}

	if (nl_open())
		return 1;
	if (!nl.events_group) {
		fail("monitor: family %s has no \"%s\" multicast group",
		     QQ_GENL_NAME, QQ_GENL_MCGRP_EVENTS);
		return 1;
	}
	ret = qq_nl_join(&nl, nl.events_group);
	if (ret < 0)
		return fail_nl("join events group", ret);

	pfd[0].fd = qq_nl_fd(&nl);
	pfd[0].events = POLLIN;
	pfd[1].fd = sfd;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fail("monitor: poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[1].revents)
			break;		/* SIGINT or SIGTERM */
		if (!pfd[0].revents)
			continue;
		ret = qq_nl_recv_notify(&nl, monitor_cb, NULL);
		if (ret == -ENOBUFS) {
			fflush(stdout);
			fprintf(stderr, "qqctl: monitor: events lost (receive buffer overrun)\n");
		} else if (ret < 0 && ret != -EINTR && ret != -EAGAIN) {
			return fail_nl("monitor", ret);
		}
	}
	close(sfd);
	return 0;
}

/* ---- the server table ---- */

#define SERVER_SYNTAX	"PREFIX [proto udp|tcp] [port N[-M]]"

/* The smallest entry nest put_server() writes: IPv4, any port. */
#define SERVER_NEST_MIN	(MNL_ATTR_HDRLEN + 3 * MNL_ALIGN(MNL_ATTR_HDRLEN + 1) + \
			 MNL_ATTR_HDRLEN + 4)

/* The hint for a server table errno, or NULL. */
static const char *server_hint(int err, bool del)
{
	switch (-err) {
	case ENOSPC:
		return "table full: max_servers";
	case EEXIST:
		return "entry exists";
	case ENOENT:
		return del ? "no such entry" : NULL;
	case EOPNOTSUPP:
		return "the loaded xt_qq has no server table";
	default:
		return NULL;
	}
}

/*
 * Append one QQ_SERVER_A_* nest (attr type 1) for @s inside the open
 * QQ_A_SERVERS nest of @nlh, within @buflen bytes.  False, with @nlh
 * unchanged, when it does not fit.
 */
static bool put_server(struct nlmsghdr *nlh, size_t buflen,
		       const struct qq_server *s)
{
	size_t alen = s->family == NFPROTO_IPV6 ? 16 : 4;
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, buflen, 1);
	if (!nest)
		return false;
	if (!mnl_attr_put_u8_check(nlh, buflen, QQ_SERVER_A_FAMILY, s->family) ||
	    !mnl_attr_put_check(nlh, buflen, QQ_SERVER_A_ADDR, alen, s->addr) ||
	    !mnl_attr_put_u8_check(nlh, buflen, QQ_SERVER_A_PREFIXLEN, s->plen) ||
	    !mnl_attr_put_u8_check(nlh, buflen, QQ_SERVER_A_PROTO, s->proto))
		goto full;
	if ((s->port_min || s->port_max) &&
	    (!mnl_attr_put_u16_check(nlh, buflen, QQ_SERVER_A_PORT_MIN,
				     s->port_min) ||
	     !mnl_attr_put_u16_check(nlh, buflen, QQ_SERVER_A_PORT_MAX,
				     s->port_max)))
		goto full;
	mnl_attr_nest_end(nlh, nest);
	return true;
full:
	mnl_attr_nest_cancel(nlh, nest);
	return false;
}

/* "server add|del ENTRY...": the words form one entry. */
static int server_edit(int argc, char **argv, bool del)
{
	const char *op = del ? "server del" : "server add";
	struct nlattr *servers;
	struct nlmsghdr *nlh;
	struct qq_server s;
	char err[256], *text;
	size_t len = 0;
	int i, ret;

	if (argc < 3) {
		fail("%s: missing entry (expected " SERVER_SYNTAX ")", op);
		return 1;
	}
	for (i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = malloc(len);
	if (!text) {
		fail("%s: %s", op, strerror(ENOMEM));
		return 1;
	}
	text[0] = '\0';
	for (i = 2; i < argc; i++) {
		if (i > 2)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	ret = qq_server_parse(text, &s, err, sizeof(err));
	free(text);
	if (ret < 0) {
		fail("%s: %s", op, err);
		return 1;
	}

	if (nl_open())
		return 1;
	nlh = qq_nl_request(&nl, nl.buf,
			    del ? QQ_CMD_SERVER_DEL : QQ_CMD_SERVER_ADD,
			    QQ_GENL_VERSION, NLM_F_ACK);
	servers = mnl_attr_nest_start(nlh, QQ_A_SERVERS);
	put_server(nlh, QQ_NL_BUFSZ, &s);	/* one entry always fits */
	mnl_attr_nest_end(nlh, servers);
	ret = qq_nl_talk(&nl, nlh, NULL, NULL);
	if (ret < 0)
		return fail_nl_hint(op, ret, server_hint(ret, del));
	return 0;
}

struct server_entry {
	struct qq_server s;
	uint64_t hits;
};

struct server_list {
	struct server_entry *v;
	size_t n, cap;
};

static int server_attr_cb(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type types[QQ_SERVER_A_MAX + 1] = {
		[QQ_SERVER_A_FAMILY]	= MNL_TYPE_U8,
		[QQ_SERVER_A_ADDR]	= MNL_TYPE_BINARY,
		[QQ_SERVER_A_PREFIXLEN]	= MNL_TYPE_U8,
		[QQ_SERVER_A_PROTO]	= MNL_TYPE_U8,
		[QQ_SERVER_A_PORT_MIN]	= MNL_TYPE_U16,
		[QQ_SERVER_A_PORT_MAX]	= MNL_TYPE_U16,
		[QQ_SERVER_A_HITS]	= MNL_TYPE_U64,
	};
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, QQ_SERVER_A_MAX) < 0 ||
	    types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;	/* unknown, QQ_SERVER_A_PAD */
	if (check_attr(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_server(const struct nlattr *nest, struct server_entry *e)
{
	const struct nlattr *tb[QQ_SERVER_A_MAX + 1] = {};
	unsigned int alen;

	memset(e, 0, sizeof(*e));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(nest, server_attr_cb, tb) < 0)
		goto bad;
	if (!tb[QQ_SERVER_A_FAMILY] || !tb[QQ_SERVER_A_ADDR] ||
	    !tb[QQ_SERVER_A_PREFIXLEN])
		goto bad;
	e->s.family = mnl_attr_get_u8(tb[QQ_SERVER_A_FAMILY]);
	if (e->s.family == NFPROTO_IPV4)
		alen = 4;
	else if (e->s.family == NFPROTO_IPV6)
		alen = 16;
	else
		goto bad;
	if (mnl_attr_get_payload_len(tb[QQ_SERVER_A_ADDR]) != alen)
		goto bad;
	memcpy(e->s.addr, mnl_attr_get_payload(tb[QQ_SERVER_A_ADDR]), alen);
	e->s.plen = mnl_attr_get_u8(tb[QQ_SERVER_A_PREFIXLEN]);
	if (e->s.plen > alen * 8)
		goto bad;
	if (tb[QQ_SERVER_A_PROTO])
		e->s.proto = mnl_attr_get_u8(tb[QQ_SERVER_A_PROTO]);
	if (tb[QQ_SERVER_A_PORT_MIN])
		e->s.port_min = mnl_attr_get_u16(tb[QQ_SERVER_A_PORT_MIN]);
	if (tb[QQ_SERVER_A_PORT_MAX])
		e->s.port_max = mnl_attr_get_u16(tb[QQ_SERVER_A_PORT_MAX]);
	/* One bound alone is a single port. */
	if (!tb[QQ_SERVER_A_PORT_MAX])
		e->s.port_max = e->s.port_min;
	else if (!tb[QQ_SERVER_A_PORT_MIN])
		e->s.port_min = e->s.port_max;
	if (tb[QQ_SERVER_A_HITS])
		e->hits = mnl_attr_get_u64(tb[QQ_SERVER_A_HITS]);
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

static int server_list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QQ_A_MAX + 1] = {};
	struct server_list *l = data;
	const struct nlattr *nest;

	if (parse_top(nlh, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[QQ_A_SERVERS])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(nest, tb[QQ_A_SERVERS]) {
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 256;
			struct server_entry *v = realloc(l->v, cap * sizeof(*v));

			if (!v)
				return MNL_CB_ERROR;	/* errno is ENOMEM */
			l->v = v;
			l->cap = cap;
		}
		if (parse_server(nest, &l->v[l->n]) < 0)
			return MNL_CB_ERROR;
		l->n++;
	}
	return MNL_CB_OK;
}

/*
 * One entry; text: the canonical form and " hits N".  JSON: prefix,
 * family, proto ("udp", "tcp", "any"), port_min and port_max (0 and 65535
 * for any port), hits.
 */
static void print_server(const struct server_entry *e)
{
	struct qq_server pfx = e->s;
	char txt[QQ_SERVER_TEXT_MAX], prefix[QQ_SERVER_TEXT_MAX], proto[16];
	bool any_port = !e->s.port_min && !e->s.port_max;

	qq_server_format(&e->s, txt, sizeof(txt));
	pfx.proto = 0;
	pfx.port_min = pfx.port_max = 0;
	qq_server_format(&pfx, prefix, sizeof(prefix));
	if (!e->s.proto)
		strcpy(proto, "any");
	else if (e->s.proto == IPPROTO_TCP)
		strcpy(proto, "tcp");
	else if (e->s.proto == IPPROTO_UDP)
		strcpy(proto, "udp");
	else
		snprintf(proto, sizeof(proto), "%u", e->s.proto);

	jp_open_object(NULL);
	jp_string(JP_TEXT, NULL, "%s", txt);
	jp_string(JP_JSON, "prefix", NULL, prefix);
	jp_string(JP_JSON, "family", NULL,
		  e->s.family == NFPROTO_IPV6 ? "ipv6" : "ipv4");
	jp_string(JP_JSON, "proto", NULL, proto);
	jp_u64(JP_JSON, "port_min", NULL, any_port ? 0 : e->s.port_min);
	jp_u64(JP_JSON, "port_max", NULL, any_port ? 65535 : e->s.port_max);
	jp_u64(JP_ANY, "hits", " hits %" PRIu64, e->hits);
	jp_close_object();
	jp_text("\n");
}

static int server_list(int argc, char **argv)
{
	struct server_list l = {};
	struct nlmsghdr *nlh;
	size_t i;
	int ret;

	if (argc > 2) {
		fail("server list: unexpected argument \"%s\"", argv[2]);
		return 1;
	}
	if (nl_open())
		return 1;
	nlh = qq_nl_request(&nl, nl.buf, QQ_CMD_SERVER_GET, QQ_GENL_VERSION,
			    NLM_F_DUMP);
	ret = qq_nl_talk(&nl, nlh, server_list_cb, &l);
	if (ret < 0) {
		free(l.v);
		return fail_nl_hint("server list", ret, server_hint(ret, false));
	}

	jp_open_array(NULL);
	for (i = 0; i < l.n; i++)
		print_server(&l.v[i]);
	jp_close_array();
	free(l.v);
	if (nl.dump_intr) {
		fflush(stdout);
		fprintf(stderr, "qqctl: server table changed during the dump\n");
	}
	return 0;
}

static int server_flush(int argc, char **argv)
{
	int ret;

	if (argc > 2) {
		fail("server flush: unexpected argument \"%s\"", argv[2]);
		return 1;
	}
	if (nl_open())
		return 1;
	ret = qq_nl_talk(&nl, qq_nl_request(&nl, nl.buf, QQ_CMD_SERVER_FLUSH,
					    QQ_GENL_VERSION, NLM_F_ACK),
			 NULL, NULL);
	if (ret < 0)
		return fail_nl_hint("server flush", ret,
				    server_hint(ret, false));
	return 0;
}

/* Entries sent in one SERVER_ADD: up to a 32 KiB message. */
#define LOAD_MSG_MAX	QQ_NL_BUFSZ
#define LOAD_BATCH_MAX	(LOAD_MSG_MAX / SERVER_NEST_MIN)

/*
 * "server load FILE": STAGE, ADD with QQ_SERVER_F_STAGED in 32 KiB
 * messages, each acked, then COMMIT.  Nothing is sent if FILE has a bad
 * line; after any kernel error the live table is unchanged.
 */
static int server_load(int argc, char **argv)
{
	uint32_t offs[LOAD_BATCH_MAX + 1];
	struct qq_server *v;
	struct nlmsghdr *nlh;
	char err[512];
	size_t n, i, k;
	int ret;

	if (argc < 3) {
		fail("server load: missing FILE");
		return 1;
	}
	if (argc > 3) {
		fail("server load: unexpected argument \"%s\"", argv[3]);
		return 1;
	}
	if (qq_servers_load_file(argv[2], &v, &n, err, sizeof(err)) < 0) {
		fail("%s", err);
		return 1;
	}
	if (n > UINT32_MAX) {
		free(v);
		fail("server load: %s: too many entries", argv[2]);
		return 1;
	}
	if (nl_open())
		goto out;

	nlh = qq_nl_request(&nl, nl.buf, QQ_CMD_SERVER_STAGE, QQ_GENL_VERSION,
			    NLM_F_ACK);
	mnl_attr_put_u32(nlh, QQ_A_SERVER_COUNT, (uint32_t)n);
	ret = qq_nl_talk(&nl, nlh, NULL, NULL);
	if (ret < 0) {
		fail_nl_hint("server load: stage", ret, server_hint(ret, false));
		goto out;
	}

	for (i = 0; i < n; i += k) {
		struct nlattr *servers;

		nlh = qq_nl_request(&nl, nl.buf, QQ_CMD_SERVER_ADD,
				    QQ_GENL_VERSION, NLM_F_ACK);
		mnl_attr_put_u32(nlh, QQ_A_SERVER_FLAGS, QQ_SERVER_F_STAGED);
		servers = mnl_attr_nest_start(nlh, QQ_A_SERVERS);
		for (k = 0; i + k < n && k < LOAD_BATCH_MAX; k++) {
			offs[k] = nlh->nlmsg_len;
			if (!put_server(nlh, LOAD_MSG_MAX, &v[i + k]))
				break;
		}
		mnl_attr_nest_end(nlh, servers);
		offs[k] = nlh->nlmsg_len;

		ret = qq_nl_talk(&nl, nlh, NULL, NULL);
		if (ret < 0) {
			char op[32 + QQ_SERVER_TEXT_MAX] = "server load";
			size_t j;

			/* Name the entry the kernel pointed at, if any. */
			for (j = 0; j < k; j++) {
				if (nl.ext_offs < offs[j] ||
				    nl.ext_offs >= offs[j + 1])
					continue;
				strcpy(op, "server load: ");
				qq_server_format(&v[i + j], op + strlen(op),
						 sizeof(op) - strlen(op));
				break;
			}
			fail_nl_hint(op, ret, server_hint(ret, false));
			goto out;
		}
	}

	ret = qq_nl_talk(&nl, qq_nl_request(&nl, nl.buf, QQ_CMD_SERVER_COMMIT,
					    QQ_GENL_VERSION, NLM_F_ACK),
			 NULL, NULL);
	if (ret < 0) {
		fail_nl_hint("server load: commit", ret, server_hint(ret, false));
		goto out;
	}
	free(v);
	jp_open_object(NULL);
	jp_u64(JP_JSON, "loaded", NULL, n);
	jp_close_object();
	return 0;
out:
	free(v);
	return 1;
}

static int cmd_server(int argc, char **argv)
{
	if (argc < 2) {
		fail("server: missing subcommand (expected add, del, list, flush or load)");
		return 1;
	}
	if (!strcmp(argv[1], "add"))
		return server_edit(argc, argv, false);
	if (!strcmp(argv[1], "del"))
		return server_edit(argc, argv, true);
	if (!strcmp(argv[1], "list"))
		return server_list(argc, argv);
	if (!strcmp(argv[1], "flush"))
		return server_flush(argc, argv);
	if (!strcmp(argv[1], "load"))
		return server_load(argc, argv);
	fail("server: unknown subcommand \"%s\" (expected add, del, list, flush or load)",
	     argv[1]);
	return 1;
}

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "mode",    cmd_mode,
	  "mode [off|monitor|block]  show or set the FORWARD hook mode\n"
	  "  mode monitor|block --servers\n"
	  "                            also match the QQ server table" },
	{ "stats",   cmd_stats,
	  "stats [--reset]           show counters; --reset also clears them" },
	{ "log",     cmd_log,
	  "log [-n N]                show the event log (the last N events)" },
	{ "monitor", cmd_monitor,
	  "monitor                   print events as they happen" },
	{ "server",  cmd_server,
	  "server add ENTRY...       add a QQ server entry:\n"
	  "                            PREFIX [proto udp|tcp] [port N[-M]]\n"
	  "  server del ENTRY...       delete an entry\n"
	  "  server list               show the entries and their hits\n"
	  "  server flush              delete every entry\n"
	  "  server load FILE          replace the table with FILE's entries" },
	{ "help",    cmd_help,
	  "help                      show this help" },
	{ "version", cmd_version,
	  "version                   show the version" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: qqctl [OPTIONS] COMMAND [ARGS]\n"
		   "\n"
		   "Options:\n"
		   "  -j, --json     JSON output\n"
		   "  -h, --help     show this help\n"
		   "  -V, --version  show the version\n"
		   "\n"
		   "Commands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %s\n", cmds[i].help);
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("qqctl %s\n", QQCTL_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",    no_argument, NULL, 'j' },
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool json = false;
	size_t i;
	int opt, ret;

	opterr = 0;
	/* "+": stop at the command, whose own options come after it. */
	while ((opt = getopt_long(argc, argv, "+jhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'h':
			return cmd_help(0, NULL);
		case 'V':
			return cmd_version(0, NULL);
		default:
			if (optopt)
				fail("unknown option \"-%c\", try \"qqctl help\"",
				     optopt);
			else
				fail("unknown option \"%s\", try \"qqctl help\"",
				     argv[optind - 1]);
			return 1;
		}
	}
	if (optind == argc) {
		fail("no command given, try \"qqctl help\"");
		return 1;
	}

	argc -= optind;
	argv += optind;
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[0], cmds[i].name))
			break;
	if (i == ARRAY_SIZE(cmds)) {
		fail("unknown command \"%s\", try \"qqctl help\"", argv[0]);
		return 1;
	}

	jp_init(stdout, json);
	ret = cmds[i].fn(argc, argv);
	if (nl.sock)
		qq_nl_close(&nl);
	if (fflush(stdout) == EOF && !ret) {
		fail("write error: %s", strerror(errno));
		ret = 1;
	}
	return ret;
}
