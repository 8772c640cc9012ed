// SPDX-License-Identifier: GPL-2.0-only
/*
 * MSF/SSO framing of mobile QQ, TIM and QQNT (facts S8, C.2 P9-P11).
 *
 *   u32 length (counts itself) | u32 type 0x0A/0x0B/0x0C | u8 flag 0..2 |
 *   then one of:
 *     c2s 0x0A, 0x0C:  u32 len(D2)+4, D2 | 00 | u32 len(uin)+4, "uin"
 *     c2s 0x0B:        u32 sequence      | 00 | u32 len(uin)+4, "uin"
 *     s2c:                                 00 | u32 len(uin)+4, "uin"
 *   then the (encrypted) body.
 *
 * "First four bytes equal the length" alone is generic framing (SMPP,
 * PostgreSQL, Oracle, Spotify, WeChat's long link: N12, N14), so every
 * field is checked, down to the UIN being 1-10 ASCII digits without a
 * leading zero.  The 21-byte "MSF-NG" ping (S8b) is not matched: the same
 * bytes are WeChat's long-link handshake, and its attribution is weak.
 */
#include "qq_proto.h"

#define MSF_TYPE_LOGIN		0x0a
#define MSF_TYPE_NT		0x0c
#define MSF_TYPE_SIMPLE		0x0b
#define MSF_FLAG_MAX		0x02	/* none, D2 key, all-zero key */
#define MSF_UIN_DIGITS_MAX	10	/* a u32 in decimal */
/* D2 tokens are some tens of bytes; a longer field is not a D2. */
#define MSF_D2_MAX		512
/* len | type | flag | 00 | u32 | one digit */
#define MSF_MIN_LEN		15
/* Frames beyond this are not MSF: the length field is something else. */
#define MSF_MAX_LEN		(16U << 20)
/* Upper bound on frames walked in one segment. */
#define MSF_MAX_UNITS		64

/* A length-prefixed ASCII-decimal UIN at @off; *@end is just past it. */
static bool msf_uin_ok(const u8 *p, u32 avail, u32 off, u32 *end)
{
	u32 n, i;

	if (avail < 4 || off > avail - 4)
		return false;
	n = qq_be32(p + off);
	if (n < 4 + 1 || n > 4 + MSF_UIN_DIGITS_MAX || n > avail - off)
		return false;
	for (i = off + 4; i < off + n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	if (n > 4 + 1 && p[off + 4] == '0')
		return false;
	*end = off + n;
	return true;
}

/* The frame head in @p[0..@avail), for a frame of @flen bytes. */
static bool msf_head_ok(const u8 *p, u32 avail, u32 flen)
{
	u32 type, n, end;

	if (avail < MSF_MIN_LEN)
		return false;
	type = qq_be32(p + 4);
	if (type < MSF_TYPE_LOGIN || type > MSF_TYPE_NT || p[8] > MSF_FLAG_MAX)
		return false;
	if (avail > flen)
		avail = flen;

	/* A reply: the UIN straight after a zero byte. */
	if (p[9] == 0 && msf_uin_ok(p, avail, 10, &end))
		return true;
	if (type == MSF_TYPE_SIMPLE)	/* u32 sequence, 00, UIN */
		return avail > 13 && p[13] == 0 && msf_uin_ok(p, avail, 14, &end);

	/* Login and NT requests: the D2 token, 00, UIN. */
	n = qq_be32(p + 9);
	if (n < 4 || n > 4 + MSF_D2_MAX || n >= avail - 9)
		return false;
	return p[9 + n] == 0 && msf_uin_ok(p, avail, 10 + n, &end);
}

/* What is visible of a frame head cut by the segment end is valid. */
static bool msf_head_prefix_ok(const u8 *p, u32 avail)
{
	if (avail >= 8 && (qq_be32(p + 4) < MSF_TYPE_LOGIN ||
			   qq_be32(p + 4) > MSF_TYPE_NT))
		return false;
	return avail < 9 || p[8] <= MSF_FLAG_MAX;
}

/*
 * A segment starts on a frame boundary and may hold several frames; the
 * last may continue in later segments.  The first frame's head must be
 * whole and valid; a later frame cut by the segment end is accepted when
 * its length is plausible.
 */
bool qq_msf_tcp(const struct qq_payload *pl, struct qq_result *res)
{
	const u8 *p = pl->data;
	u32 off = 0, units = 0;

	/* Cheap reject: no length field this big, or no 0x0000000X type. */
	if (pl->len < MSF_MIN_LEN || p[0] != 0 || p[4] || p[5] || p[6])
		return false;

	while (off < pl->len && units < MSF_MAX_UNITS) {
		u32 rest = pl->len - off, flen;

		if (rest < 4)
			break;		/* half a length field */
		flen = qq_be32(p + off);
		if (flen < MSF_MIN_LEN || flen > MSF_MAX_LEN)
			return false;
		if (!msf_head_ok(p + off, rest, flen)) {
			/* Only a later frame may be cut, and only consistently. */
			if (!units || flen <= rest ||
			    !msf_head_prefix_ok(p + off, rest))
				return false;
			break;
		}
		units++;
		if (flen >= rest)
			break;
		off += flen;
	}
	res->reason = QQ_R_MSF;
	res->units = units;
	return true;
}
