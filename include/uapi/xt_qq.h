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

#endif /* _UAPI_XT_QQ_H */
