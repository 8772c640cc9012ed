/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qq_nl: the small libmnl layer under qqctl and the netlink test tools.
 *
 * It opens a NETLINK_GENERIC socket with extended ACKs enabled, resolves
 * the "xt_qq" family id and its "events" multicast group through
 * CTRL_CMD_GETFAMILY, sends one request at a time and runs a callback on
 * every reply message.  Errors come back as -errno; the kernel's extack
 * text, if any, is left in nl->ext_msg.
 */
#ifndef QQ_NL_H
#define QQ_NL_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

/* Receive buffer: large enough for a full dump skb. */
#define QQ_NL_BUFSZ	32768

struct qq_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;		/* of the last request sent */
	uint16_t family_id;		/* 0 until resolved */
	uint32_t family_version;	/* CTRL_ATTR_VERSION */
	uint32_t events_group;		/* 0: kernel did not advertise it */
	bool dump_intr;			/* a reply carried NLM_F_DUMP_INTR */
	bool answered;			/* kernel ACK/error/DONE seen */
	char ext_msg[256];		/* extack message of the last reply */
	uint32_t ext_offs;		/* NLMSGERR_ATTR_OFFS, 0 if absent */
	int64_t ext_miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
	char *buf;			/* QQ_NL_BUFSZ bytes */
};

/*
 * Open the socket and resolve family @name and multicast group @group
 * (may be NULL).  Returns 0, -ENOENT when the family is not registered, or
 * another -errno.  On failure nothing is left open.
 */
int qq_nl_open(struct qq_nl *nl, const char *name, const char *group);
void qq_nl_close(struct qq_nl *nl);

/*
 * Start a generic netlink request for the resolved family in @buf (at
 * least QQ_NL_BUFSZ bytes, zeroed here; nl->buf will do): an nlmsghdr
 * with a fresh sequence number and NLM_F_REQUEST | @flags, then a
 * genlmsghdr with @cmd and @version.
 */
struct nlmsghdr *qq_nl_request(struct qq_nl *nl, void *buf, uint8_t cmd,
			       uint8_t version, uint16_t flags);

/*
 * Send @nlh and receive until the ACK, the error or NLMSG_DONE that ends
 * it.  @cb (may be NULL) runs on every data message that answers this
 * request; returning MNL_CB_ERROR with errno set aborts with -errno
 * (MNL_CB_STOP is treated like MNL_CB_OK).
 * Returns 0 or -errno (the kernel's error, or a local one).
 */
int qq_nl_talk(struct qq_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data);

/* Join a multicast group; -errno (e.g. -EPERM) on failure. */
int qq_nl_join(struct qq_nl *nl, uint32_t group);

/*
 * Receive one datagram of notifications and run @cb on each message,
 * without sequence or port checks.  Returns 0 or -errno; -ENOBUFS means
 * the socket overran and notifications were lost (the socket stays
 * usable).
 */
int qq_nl_recv_notify(struct qq_nl *nl, mnl_cb_t cb, void *data);

static inline int qq_nl_fd(const struct qq_nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

#endif /* QQ_NL_H */
