/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * xt_qq: UAPI shared by the kernel module and its userspace tools.
 *
 * The match info layout is part of the ABI: iptables stores it in rules
 * and compares it byte for byte up to .usersize.  Add fields only in a
 * new revision.
 */
#ifndef _UAPI_XT_QQ_H
#define _UAPI_XT_QQ_H

#include <linux/types.h>

/* Traffic classes the detector can report.  Values are ABI. */
enum qq_class {
	QQ_CLASS_NONE = 0,
	QQ_CLASS_OICQ,		/* classic OICQ, UDP or 2-byte-length TCP */
	QQ_CLASS_MSF,		/* mobile / NT SSO framing over TCP */
	QQ_CLASS_HTTP,		/* QQ masquerading over HTTP */
	QQ_CLASS_TLS,		/* TLS ClientHello naming a QQ IM host */
	QQ_CLASS_SERVER,	/* remote end in the QQ server table */
	__QQ_CLASS_MAX
};
#define QQ_CLASS_MAX (__QQ_CLASS_MAX - 1)

#define QQ_CLASS_BIT(c)		(1U << (c))
#define QQ_CLASS_ALL_MASK	(((1U << __QQ_CLASS_MAX) - 1) & ~1U)

/* xt_qq_mtinfo.flags */
enum {
	XT_QQ_F_INVERT	= 1 << 0,	/* ! --class: match when not QQ */
	XT_QQ_F_NOLOG	= 1 << 1,	/* --no-log: no kernel log line */
};
#define XT_QQ_F_MASK	(XT_QQ_F_INVERT | XT_QQ_F_NOLOG)

/* Revision 0 of "-m qq". */
struct xt_qq_mtinfo {
	__u32 classes;		/* QQ_CLASS_BIT() mask; 0 means every class */
	__u32 flags;		/* XT_QQ_F_* */

	/* Used internally by the kernel; never copied to userspace. */
	struct xt_qq_rule_state *state __attribute__((aligned(8)));
};

/*
 * Generic netlink family "xt_qq", version 1: the per-netns control plane.
 * Every request acts on the network namespace of the sending socket.
 *
 * QQ_CMD_GET_STATS	do	-> QQ_A_MODE, QQ_A_MODE_FLAGS, QQ_A_STATS
 * QQ_CMD_SET_MODE	do	QQ_A_MODE (required), QQ_A_MODE_FLAGS; admin
 * QQ_CMD_RESET_STATS	do	no attributes; admin
 * QQ_CMD_GET_EVENTS	dump	-> one message per event: QQ_A_EVENT,
 *					   oldest first
 * QQ_CMD_EVENT		notification on group QQ_GENL_MCGRP_EVENTS, which
 *			only CAP_NET_ADMIN may join: QQ_A_EVENT
 *
 * The QQ server table (per netns; IPv4/IPv6 prefixes with an optional L4
 * protocol and port range):
 * QQ_CMD_SERVER_ADD	do	QQ_A_SERVERS (each QQ_SERVER_A_* nest is added,
 *				all or none), QQ_A_SERVER_FLAGS; admin
 * QQ_CMD_SERVER_DEL	do	QQ_A_SERVERS (exact entries); admin
 * QQ_CMD_SERVER_GET	dump	-> one message per entry: QQ_A_SERVERS with
 *				   one QQ_SERVER_A_* nest, hits included
 * QQ_CMD_SERVER_FLUSH	do	no attributes; admin
 * QQ_CMD_SERVER_STAGE	do	QQ_A_SERVER_COUNT (size hint): start an empty
 *				staged table; admin
 * QQ_CMD_SERVER_COMMIT	do	replace the table with the staged one in one
 *				step (readers see the old or the new); admin
 * A load is STAGE, ADD with QQ_SERVER_F_STAGED (any number of messages),
 * COMMIT.  Tables hold at most the max_servers module parameter entries:
 * beyond it ADD fails with ENOSPC.
 *
 * "admin" ops need CAP_NET_ADMIN in the user namespace owning the netns.
 * Requests are validated strictly: an attribute an op does not take, an
 * unknown attribute type, a wrong length or an unknown flag bit fails the
 * request with EINVAL (ERANGE for a mode out of range) and an extack
 * message.  Counters are u64, host byte order, as are ports.
 */
#define QQ_GENL_NAME		"xt_qq"
#define QQ_GENL_VERSION		1
#define QQ_GENL_MCGRP_EVENTS	"events"

enum qq_mode {
	QQ_MODE_OFF = 0,	/* no hooks registered */
	QQ_MODE_MONITOR,	/* FORWARD hook counts and logs QQ, passes it */
	QQ_MODE_BLOCK,		/* FORWARD hook drops QQ */
	__QQ_MODE_MAX
};
#define QQ_MODE_MAX (__QQ_MODE_MAX - 1)

/* QQ_A_MODE_FLAGS */
enum {
	QQ_MODE_F_SERVERS = 1 << 0,	/* the hooks also match the server table */
};
#define QQ_MODE_F_ALL		QQ_MODE_F_SERVERS

/* QQ_A_SERVER_FLAGS */
enum {
	QQ_SERVER_F_STAGED = 1 << 0,	/* add to the staged table */
};
#define QQ_SERVER_F_ALL		QQ_SERVER_F_STAGED

enum qq_action {
	QQ_ACTION_DETECTED = 1,	/* seen: a -m qq rule or monitor mode */
	QQ_ACTION_BLOCKED,	/* dropped by the hook in block mode */
	__QQ_ACTION_MAX
};
#define QQ_ACTION_MAX (__QQ_ACTION_MAX - 1)

enum qq_cmd {
	QQ_CMD_UNSPEC,
	QQ_CMD_GET_STATS,
	QQ_CMD_SET_MODE,
	QQ_CMD_RESET_STATS,
	QQ_CMD_GET_EVENTS,
	QQ_CMD_EVENT,
	QQ_CMD_SERVER_ADD,
	QQ_CMD_SERVER_DEL,
	QQ_CMD_SERVER_GET,
	QQ_CMD_SERVER_FLUSH,
	QQ_CMD_SERVER_STAGE,
	QQ_CMD_SERVER_COMMIT,
	__QQ_CMD_MAX
};
#define QQ_CMD_MAX (__QQ_CMD_MAX - 1)

enum qq_attr {
	QQ_A_UNSPEC,
	QQ_A_MODE,		/* u32, enum qq_mode */
	QQ_A_MODE_FLAGS,	/* u32, QQ_MODE_F_* */
	QQ_A_STATS,		/* nest, QQ_STATS_A_* */
	QQ_A_EVENT,		/* nest, QQ_EVENT_A_* */
	QQ_A_PAD,
	QQ_A_SERVERS,		/* nest of nests (any type), QQ_SERVER_A_* */
	QQ_A_SERVER_FLAGS,	/* u32, QQ_SERVER_F_* */
	QQ_A_SERVER_COUNT,	/* u32 */
	__QQ_A_MAX
};
#define QQ_A_MAX (__QQ_A_MAX - 1)

enum qq_stats_attr {
	QQ_STATS_A_UNSPEC,
	QQ_STATS_A_INSPECTED,	/* u64, packets the hook or a rule looked at */
	QQ_STATS_A_DETECTED,	/* u64, of those, QQ (sum of BY_CLASS) */
	QQ_STATS_A_FLOWS,	/* u64, distinct QQ flows detected */
	QQ_STATS_A_DROPPED,	/* u64, packets the hook dropped */
	QQ_STATS_A_RATELIMITED,	/* u64, events not recorded: rate limit */
	QQ_STATS_A_BY_CLASS,	/* nest: attr type = enum qq_class, u64 */
	QQ_STATS_A_PAD,
	__QQ_STATS_A_MAX
};
#define QQ_STATS_A_MAX (__QQ_STATS_A_MAX - 1)

enum qq_event_attr {
	QQ_EVENT_A_UNSPEC,
	QQ_EVENT_A_SEQ,		/* u64, per netns, increases by one */
	QQ_EVENT_A_TIME,	/* u64, CLOCK_REALTIME in ns */
	QQ_EVENT_A_FAMILY,	/* u8, NFPROTO_IPV4 or NFPROTO_IPV6 */
	QQ_EVENT_A_PROTO,	/* u8, IPPROTO_TCP or IPPROTO_UDP */
	QQ_EVENT_A_SADDR,	/* binary, 4 or 16 bytes, network order */
	QQ_EVENT_A_DADDR,	/* binary, 4 or 16 bytes, network order */
	QQ_EVENT_A_SPORT,	/* u16 */
	QQ_EVENT_A_DPORT,	/* u16 */
	QQ_EVENT_A_CLASS,	/* u32, enum qq_class */
	QQ_EVENT_A_ACTION,	/* u32, enum qq_action */
	QQ_EVENT_A_PAD,
	__QQ_EVENT_A_MAX
};
#define QQ_EVENT_A_MAX (__QQ_EVENT_A_MAX - 1)

enum qq_server_attr {
	QQ_SERVER_A_UNSPEC,
	QQ_SERVER_A_FAMILY,	/* u8, NFPROTO_IPV4 or NFPROTO_IPV6 */
	QQ_SERVER_A_ADDR,	/* binary, 4 or 16 bytes, network order */
	QQ_SERVER_A_PREFIXLEN,	/* u8, 0..32 or 0..128 */
	QQ_SERVER_A_PROTO,	/* u8, 0 (any), IPPROTO_TCP or IPPROTO_UDP */
	QQ_SERVER_A_PORT_MIN,	/* u16; with PORT_MAX, an inclusive range */
	QQ_SERVER_A_PORT_MAX,	/* u16; both absent: any port */
	QQ_SERVER_A_HITS,	/* u64, packets matched (dump only) */
	QQ_SERVER_A_PAD,
	__QQ_SERVER_A_MAX
};
#define QQ_SERVER_A_MAX (__QQ_SERVER_A_MAX - 1)

#endif /* _UAPI_XT_QQ_H */
