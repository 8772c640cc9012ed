// SPDX-License-Identifier: GPL-2.0-only
/*
 * qq_nl: generic netlink plumbing for qqctl and tests/tools/nlraw.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "qq_nl.h"

static void ext_reset(struct qq_nl *nl)
{
	nl->ext_msg[0] = '\0';
	nl->ext_offs = 0;
	nl->ext_miss_type = -1;
}

static int ext_attr_cb(const struct nlattr *attr, void *data)
{
	struct qq_nl *nl = data;
	size_t len;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
			break;
		/* The kernel NUL-terminates it; do not rely on that. */
		len = strnlen(mnl_attr_get_str(attr),
			      mnl_attr_get_payload_len(attr));
		if (len >= sizeof(nl->ext_msg))
			len = sizeof(nl->ext_msg) - 1;
		memcpy(nl->ext_msg, mnl_attr_get_str(attr), len);
		while (len && nl->ext_msg[len - 1] == '\n')
			len--;
		nl->ext_msg[len] = '\0';
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			nl->ext_offs = mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			nl->ext_miss_type = mnl_attr_get_u32(attr);
		break;
	default:
		break;		/* cookie, policy, ...: not used */
	}
	return MNL_CB_OK;
}

/* Parse the extack TLVs that start @off bytes into @nlh's payload. */
static void ext_parse(struct qq_nl *nl, const struct nlmsghdr *nlh, size_t off)
{
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (MNL_ALIGN(off) >= mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, off, ext_attr_cb, nl);
}

/* NLMSG_ERROR: 0 for an ACK, else the kernel's -errno. */
static int parse_error(struct qq_nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	/* Without NETLINK_CAP_ACK the request is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		off += MNL_ALIGN(e->msg.nlmsg_len - sizeof(struct nlmsghdr));
	ext_parse(nl, nlh, off);
	if (e->error > 0)
		return -EPROTO;
	return e->error;
}

/* NLMSG_DONE: may carry the dump's error and extack. */
static int parse_done(struct qq_nl *nl, const struct nlmsghdr *nlh)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	ext_parse(nl, nlh, sizeof(int));
	return err < 0 ? err : 0;
}

/*
 * Walk one datagram.  Returns 1 to keep receiving, 0 when the request is
 * complete, or -errno.  With @check, messages that are not addressed to
 * this request (stale replies, notifications) are skipped.
 */
static int run_msgs(struct qq_nl *nl, const void *buf, int len, bool check,
		    mnl_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh = buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (check && (nlh->nlmsg_seq != nl->seq ||
			      (nlh->nlmsg_pid && nlh->nlmsg_pid != nl->portid)))
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			nl->dump_intr = true;

		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_OVERRUN:
			return -ENOBUFS;
		case NLMSG_ERROR:
			nl->answered = true;
			return parse_error(nl, nlh);
		case NLMSG_DONE:
			nl->answered = true;
			return parse_done(nl, nlh);
		}
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE || !cb)
			continue;

		/* MNL_CB_STOP is treated like MNL_CB_OK: the ACK still ends it. */
		errno = 0;
		if (cb(nlh, data) == MNL_CB_ERROR)
			return errno ? -errno : -EPROTO;
	}
	if (len > 0 && check)
		return -EBADMSG;	/* trailing bytes: truncated message */
	return 1;
}

int qq_nl_talk(struct qq_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data)
{
	ssize_t n;
	int ret;

	ext_reset(nl);
	nl->answered = false;
	nl->dump_intr = false;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, QQ_NL_BUFSZ);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EPIPE;
		ret = run_msgs(nl, nl->buf, (int)n, true, cb, data);
		if (ret <= 0)
			return ret;
	}
}

int qq_nl_recv_notify(struct qq_nl *nl, mnl_cb_t cb, void *data)
{
	ssize_t n;
	int ret;

	n = mnl_socket_recvfrom(nl->sock, nl->buf, QQ_NL_BUFSZ);
	if (n < 0)
		return -errno;
	ret = run_msgs(nl, nl->buf, (int)n, false, cb, data);
	return ret < 0 ? ret : 0;
}

struct nlmsghdr *qq_nl_request(struct qq_nl *nl, void *buf, uint8_t cmd,
			       uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(buf, 0, QQ_NL_BUFSZ);	/* attribute padding must be zero */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = nl->family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

int qq_nl_join(struct qq_nl *nl, uint32_t group)
{
	int g = (int)group;

	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &g,
				  sizeof(g)) < 0)
		return -errno;
	return 0;
}

struct family_info {
	struct qq_nl *nl;
	const char *group;
};

static int mcgrp_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, CTRL_ATTR_MCAST_GRP_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case CTRL_ATTR_MCAST_GRP_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	case CTRL_ATTR_MCAST_GRP_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, CTRL_ATTR_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = {};
	const struct nlattr *grp;

	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			   tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[CTRL_ATTR_FAMILY_ID]) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	fi->nl->family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		fi->nl->family_version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (!fi->group || !tb[CTRL_ATTR_MCAST_GROUPS])
		return MNL_CB_OK;

	mnl_attr_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS]) {
		const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1] = {};

		if (mnl_attr_parse_nested(grp, mcgrp_attr_cb, gtb) < 0)
			return MNL_CB_ERROR;
		if (!gtb[CTRL_ATTR_MCAST_GRP_NAME] ||
		    !gtb[CTRL_ATTR_MCAST_GRP_ID])
			continue;
		if (!strcmp(mnl_attr_get_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]),
			    fi->group))
			fi->nl->events_group =
				mnl_attr_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return MNL_CB_OK;
}

static int resolve_family(struct qq_nl *nl, const char *name,
			  const char *group)
{
	struct family_info fi = { .nl = nl, .group = group };
	struct nlmsghdr *nlh;
	int ret;

	nl->family_id = GENL_ID_CTRL;
	nlh = qq_nl_request(nl, nl->buf, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	nl->family_id = 0;

	ret = qq_nl_talk(nl, nlh, family_cb, &fi);
	if (ret == 0 && !nl->family_id)
		ret = -EPROTO;	/* ACK without a reply */
	return ret;
}

int qq_nl_open(struct qq_nl *nl, const char *name, const char *group)
{
	int one = 1;
	int ret;

	memset(nl, 0, sizeof(*nl));
	ext_reset(nl);
	nl->seq = (unsigned int)time(NULL);
	nl->buf = malloc(QQ_NL_BUFSZ);
	if (!nl->buf)
		return -ENOMEM;

	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		goto err;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	nl->portid = mnl_socket_get_portid(nl->sock);

	/* Both are best effort: old kernels lack them. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	ret = resolve_family(nl, name, group);
	if (ret < 0) {
		errno = -ret;
		goto err;
	}
	return 0;

err:
	ret = -errno;
	qq_nl_close(nl);
	return ret;
}

void qq_nl_close(struct qq_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	free(nl->buf);
	nl->buf = NULL;
}
