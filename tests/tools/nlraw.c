// SPDX-License-Identifier: GPL-2.0
/*
 * nlraw: send one deliberately malformed request to the xt_qq generic
 * netlink family and report how the kernel answered.
 *
 *   nlraw CASE
 *
 * Prints one line, "errno=<ENAME> extack="<message>"" (the extack part
 * only when the kernel sent one) or "errno=0"; dump-events adds
 * " count=<n>".  Exit status: 0 whenever the kernel answered (the test
 * script judges the answer), 2 on a local failure or bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "uapi/xt_qq.h"
#include "qq_nl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void put_mode(struct nlmsghdr *nlh, uint32_t mode)
{
	mnl_attr_put_u32(nlh, QQ_A_MODE, mode);
}

static void build_unknown_attr(struct nlmsghdr *nlh)
{
	put_mode(nlh, QQ_MODE_MONITOR);
	mnl_attr_put_u32(nlh, QQ_A_MAX + 5, 0);
}

static void build_unsupported_attr(struct nlmsghdr *nlh)
{
	put_mode(nlh, QQ_MODE_OFF);
}

static void build_wrong_len(struct nlmsghdr *nlh)
{
	uint64_t v = QQ_MODE_MONITOR;

	mnl_attr_put(nlh, QQ_A_MODE, sizeof(v), &v);
}

static void build_short_len(struct nlmsghdr *nlh)
{
	uint16_t v = QQ_MODE_MONITOR;

	mnl_attr_put(nlh, QQ_A_MODE, sizeof(v), &v);
}

static void build_oversize(struct nlmsghdr *nlh)
{
	static const char zeros[4096];

	mnl_attr_put(nlh, QQ_A_MODE, sizeof(zeros), zeros);
}

static void build_bad_mode(struct nlmsghdr *nlh)
{
	put_mode(nlh, 7);
}

static void build_bad_flags(struct nlmsghdr *nlh)
{
	put_mode(nlh, QQ_MODE_OFF);
	mnl_attr_put_u32(nlh, QQ_A_MODE_FLAGS, 0x80000000U);
}

static void build_nested_garbage(struct nlmsghdr *nlh)
{
	/* An inner "attribute" claiming 12 bytes inside an 8-byte nest. */
	static const unsigned char garbage[8] = {
		0x0c, 0x00, 0x01, 0x00, 0xde, 0xad, 0xbe, 0xef,
	};

	mnl_attr_put(nlh, QQ_A_STATS | NLA_F_NESTED, sizeof(garbage), garbage);
}

static void build_truncated(struct nlmsghdr *nlh)
{
	struct nlattr *attr = mnl_nlmsg_get_payload_tail(nlh);

	put_mode(nlh, QQ_MODE_MONITOR);
	attr->nla_len = 64;	/* runs past the end of the message */
}

static const struct tcase {
	const char *name;
	uint8_t cmd;
	uint8_t version;
	void (*build)(struct nlmsghdr *nlh);
} cases[] = {
	{ "ok-get",	      QQ_CMD_GET_STATS,	  QQ_GENL_VERSION, NULL },
	{ "unknown-attr",     QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_unknown_attr },
	{ "unsupported-attr", QQ_CMD_GET_STATS,	  QQ_GENL_VERSION, build_unsupported_attr },
	{ "wrong-len",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_wrong_len },
	{ "short-len",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_short_len },
	{ "oversize",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_oversize },
	{ "missing",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, NULL },
	{ "bad-mode",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_bad_mode },
	{ "bad-flags",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_bad_flags },
	{ "unknown-cmd",      200,		  QQ_GENL_VERSION, NULL },
	{ "nested-garbage",   QQ_CMD_RESET_STATS, QQ_GENL_VERSION, build_nested_garbage },
	{ "truncated",	      QQ_CMD_SET_MODE,	  QQ_GENL_VERSION, build_truncated },
	{ "bad-version",      QQ_CMD_GET_STATS,	  QQ_GENL_VERSION + 1, NULL },
	{ "dump-events",      QQ_CMD_GET_EVENTS,  QQ_GENL_VERSION, NULL },
};

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(unsigned long *)data)++;
	return MNL_CB_OK;
}

static void usage(void)
{
	size_t i;

	fprintf(stderr, "Usage: nlraw CASE\nCases:");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		fprintf(stderr, " %s", cases[i].name);
	fputc('\n', stderr);
}

static void print_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	const struct tcase *tc = NULL;
	unsigned long count = 0;
	struct nlmsghdr *nlh;
	struct qq_nl nl;
	bool dump;
	const char *ename;
	size_t i;
	int ret;

	if (argc != 2) {
		usage();
		return 2;
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (!strcmp(argv[1], cases[i].name))
			tc = &cases[i];
	if (!tc) {
		fprintf(stderr, "nlraw: unknown case \"%s\"\n", argv[1]);
		usage();
		return 2;
	}

	ret = qq_nl_open(&nl, QQ_GENL_NAME, NULL);
	if (ret < 0) {
		fprintf(stderr, "nlraw: cannot resolve family %s: %s\n",
			QQ_GENL_NAME, strerror(-ret));
		return 2;
	}

	dump = tc->cmd == QQ_CMD_GET_EVENTS;
	nlh = qq_nl_request(&nl, nl.buf, tc->cmd, tc->version,
			    dump ? NLM_F_DUMP : NLM_F_ACK);
	if (tc->build)
		tc->build(nlh);
	ret = qq_nl_talk(&nl, nlh, count_cb, &count);

	/* Only an ACK, error or NLMSG_DONE from the kernel is an answer. */
	if (!nl.answered) {
		fprintf(stderr, "nlraw: no answer from the kernel: %s\n",
			strerror(-ret));
		qq_nl_close(&nl);
		return 2;
	}

	if (!ret) {
		printf("errno=0");
	} else {
		ename = strerrorname_np(-ret);
		if (ename)
			printf("errno=%s", ename);
		else
			printf("errno=%d", -ret);
	}
	if (nl.ext_msg[0]) {
		printf(" extack=");
		print_quoted(nl.ext_msg);
	}
	if (dump && !ret)
		printf(" count=%lu", count);
	putchar('\n');
	qq_nl_close(&nl);
	return 0;
}
