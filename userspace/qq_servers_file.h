/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qq_servers_file: QQ server table entries in text form, no netlink.
 *
 * One entry:	PREFIX [proto udp|tcp] [port N[-M]]
 *
 * PREFIX is an IPv4 or IPv6 address with an optional /LEN (default /32 or
 * /128); the bits past LEN must be zero.  "proto" and "port" may each be
 * given once, in either order; "port" without "proto" means any protocol.
 * An IPv4-mapped IPv6 prefix (::ffff:a.b.c.d/LEN, LEN >= 96) becomes the
 * IPv4 prefix a.b.c.d/(LEN-96).  "#" starts a comment.
 *
 * A file holds one entry per line; blank and comment-only lines are
 * skipped.  Loading is all or nothing: the first bad line, or the second
 * copy of an entry, fails the load as "FILE:LINE: message".
 */
#ifndef QQ_SERVERS_FILE_H
#define QQ_SERVERS_FILE_H

#include <stddef.h>
#include <stdint.h>

#ifndef NFPROTO_IPV4
#define NFPROTO_IPV4	2
#endif
#ifndef NFPROTO_IPV6
#define NFPROTO_IPV6	10
#endif

struct qq_server {
	uint8_t family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	uint8_t plen;		/* 0..32 or 0..128 */
	uint8_t proto;		/* 0 (any), IPPROTO_TCP or IPPROTO_UDP */
	uint16_t port_min, port_max;	/* inclusive; 0, 0: any port */
	uint8_t addr[16];	/* network order; IPv4 in the first 4 bytes,
				 * the rest zero */
};

/* Longest qq_server_format() output, NUL included. */
#define QQ_SERVER_TEXT_MAX	80

/*
 * Parse one entry (a trailing comment is allowed) into @out.  Returns 0,
 * or -1 with a one-line reason in @err (no "FILE:LINE" prefix).
 */
int qq_server_parse(const char *text, struct qq_server *out, char *err,
		    size_t errlen);

/*
 * Parse the whole file @path.  On success returns 0 and a malloc'ed array
 * in *@out (NULL when *@n is 0).  On failure returns -1, sets *@out = NULL
 * and *@n = 0, and leaves "FILE:LINE: message" (or "FILE: strerror") in
 * @err.
 */
int qq_servers_load_file(const char *path, struct qq_server **out, size_t *n,
			 char *err, size_t errlen);

/*
 * The canonical text of @s, e.g. "58.60.10.45/32 proto udp port 8000" or
 * "1.2.3.4/32 port 8000-8001"; qq_server_parse() reads it back unchanged.
 */
void qq_server_format(const struct qq_server *s, char *buf, size_t len);

/* 1 when @a and @b are the same table entry (same key). */
int qq_server_equal(const struct qq_server *a, const struct qq_server *b);

#endif /* QQ_SERVERS_FILE_H */
