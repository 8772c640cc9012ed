// SPDX-License-Identifier: GPL-2.0-only
/*
 * Classic OICQ recognition (facts S1, S1a-d, S2, S13).
 *
 * A datagram is OICQ when it is framed 02 ... 03, its version field is
 * non-zero and its command is one QQ is known to send.  The version is
 * never compared against a list: it changes with every client release,
 * which is how every version-pinned public signature went stale.  The
 * command set is stable protocol vocabulary, and with the ETX tail and
 * non-zero version it leaves no hit in the public non-QQ corpus, where
 * "02 ... 03" alone trips on SLP, DHCP, H.225, NoMachine, ESP-in-UDP.
 *
 * Over TCP each packet carries a big-endian u16 length that counts
 * itself; a segment starts on a packet boundary and may hold several.
 */
#include "qq_proto.h"

#define OICQ_STX	0x02
#define OICQ_ETX	0x03

/* Wireshark's table (S1a), wtlogin-era PC QQ (S1d), older clients (S12). */
static bool oicq_cmd_known(u16 cmd)
{
	switch (cmd) {
	case 0x0001: case 0x0002: case 0x0004: case 0x0005: case 0x0006:
	case 0x0009: case 0x000a: case 0x000b: case 0x000d: case 0x0012:
	case 0x0016: case 0x0017: case 0x0018: case 0x001a: case 0x001c:
	case 0x001d: case 0x0021: case 0x0022: case 0x0026: case 0x0027:
	case 0x0029: case 0x0030: case 0x0031: case 0x003c: case 0x003d:
	case 0x003e: case 0x0058: case 0x005c: case 0x0062: case 0x0065:
	case 0x0067: case 0x0080: case 0x0081: case 0x0091: case 0x00a4:
	case 0x00b5: case 0x00ba: case 0x00cd: case 0x00ce: case 0x00dd:
	case 0x00e5: case 0x00ec: case 0x0319: case 0x0355: case 0x03f7:
	case 0x0818: case 0x0819: case 0x0825: case 0x0828: case 0x0836:
		return true;
	}
	return false;
}

/* The fixed header: STX, then a non-zero version and a known command. */
static bool oicq_head_ok(const u8 *p, u32 avail)
{
	if (avail < 5 || p[0] != OICQ_STX)
		return false;
	if (qq_be16(p + 1) == 0)
		return false;
	return oicq_cmd_known(qq_be16(p + 3));
}

/* Whatever part of the fixed header is visible is valid. */
static bool oicq_head_prefix_ok(const u8 *p, u32 avail)
{
	if (avail >= 5)
		return oicq_head_ok(p, avail);
	if (avail >= 1 && p[0] != OICQ_STX)
		return false;
	return avail < 3 || qq_be16(p + 1) != 0;
}

/* A whole OICQ packet of @len bytes, all of them readable. */
static bool oicq_packet_ok(const u8 *p, u32 len)
{
	return len >= QQ_OICQ_MIN_LEN && p[len - 1] == OICQ_ETX &&
	       oicq_head_ok(p, len);
}

/*
 * SLPv2 (UDP 427) starts 02 | function 1..11 | 24-bit length of the whole
 * message, and its function ids double as OICQ versions 0x01xx..0x0bxx.
 */
static bool is_slpv2(const u8 *p, u32 len)
{
	u32 slp_len = (u32)p[2] << 16 | (u32)p[3] << 8 | p[4];

	return p[1] >= 1 && p[1] <= 11 && slp_len == len;
}

bool qq_oicq_udp(const struct qq_payload *pl, struct qq_result *res)
{
	/*
	 * The ETX tail must be seen: in view, or handed over separately when
	 * the datagram is bigger than the view.  A datagram whose end cannot
	 * be seen (a first fragment) is not judged.
	 */
	if (pl->len == pl->wire_len) {
		if (!oicq_packet_ok(pl->data, pl->len))
			return false;
	} else if (!pl->has_tail || pl->tail != OICQ_ETX ||
		   !oicq_head_ok(pl->data, pl->len)) {
		return false;
	}
	if (pl->len >= 5 && is_slpv2(pl->data, pl->wire_len))
		return false;
	res->reason = QQ_R_OICQ_UDP;
	res->units = 1;
	return true;
}

/*
 * Every complete packet in view must be valid and the first one must be
 * complete.  A packet cut by the segment end (a sender may split the
 * stream anywhere, even inside a length field) or by the end of our view
 * must be consistent as far as it is visible: a plausible length, then
 * STX, version and command.  The walk is bounded by QQ_OICQ_MAX_UNITS.
 */
bool qq_oicq_tcp(const struct qq_payload *pl, struct qq_result *res)
{
	const u8 *p = pl->data;
	u32 off = 0, units = 0;

	while (off < pl->len && units < QQ_OICQ_MAX_UNITS) {
		u32 rest = pl->len - off, plen;

		if (rest < 2) {
			if (units == 0)
				return false;
			break;		/* half a length field */
		}
		plen = qq_be16(p + off);
		if (plen < 2 + QQ_OICQ_MIN_LEN)
			return false;
		if (plen > rest) {
			/* Continued in the next segment, or past our view. */
			if (units == 0 || !oicq_head_prefix_ok(p + off + 2, rest - 2))
				return false;
			break;
		}
		if (!oicq_packet_ok(p + off + 2, plen - 2))
			return false;
		units++;
		off += plen;
	}
	if (units == 0)
		return false;
	res->reason = QQ_R_OICQ_TCP;
	res->units = units;
	return true;
}
