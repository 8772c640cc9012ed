// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hand-made vectors for qq_classify: the facts file's positives (C.1, C.2)
 * and every near-miss class it lists (C.3), plus framing edge cases.
 */
#include <stdlib.h>
#include <string.h>

#include "qq_classify.h"
#include "check.h"

struct vec {
	const char *name;
	u8 l4proto;
	const char *hex;
	enum qq_class want;
};

/* P1: nDPI oicq.pcap packet 1 (UDP logout, version 0x3b0b). */
#define P1 "023b0b00010017561f0c7b000000000000000003" \
	   "0c949fb3510c59cbd527d19e6953482ec877080103" "0e4703"

static const struct vec vecs[] = {
	/* Classic UDP OICQ. */
	{ "P1 oicq.pcap logout", QQ_L4_UDP, P1, QQ_CLASS_OICQ },
	{ "unseen version 0x4a07 login 0x0022", QQ_L4_UDP,
	  "024a070022123401020304a1b2c3d4e5f60718293a4b5c6d03", QQ_CLASS_OICQ },
	{ "wtlogin ping 0x0825 (not in Wireshark table)", QQ_L4_UDP,
	  "023b41082500010bcdef12020000000101010000" "6a9c" "1122334455667788" "03",
	  QQ_CLASS_OICQ },
	{ "QQ2007 0x111d heartbeat", QQ_L4_UDP,
	  "02111d0002002a0098967f0011223344556603", QQ_CLASS_OICQ },
	{ "minimum length 12", QQ_L4_UDP, "023b0b0001001700000a03", QQ_CLASS_NONE },
	{ "exactly 12 bytes", QQ_L4_UDP, "023b0b000100170000000a03", QQ_CLASS_OICQ },
	/* Near misses (facts C.3). */
	{ "N1 SLPv2 SrvRqst", QQ_L4_UDP,
	  "0201000022000000000000050002656e0000000000000000000841414141414141" "41",
	  QQ_CLASS_NONE },
	{ "N1 with an 03 tail (version 0x0100, cmd 0x0022)", QQ_L4_UDP,
	  "0201000022000000000000050002656e000000000000000000084141414141414103",
	  QQ_CLASS_NONE },
	{ "N2 DHCP BOOTREPLY", QQ_L4_UDP,
	  "020106001797c0cc0000000000000000c0a87701c0a8770100000000", QQ_CLASS_NONE },
	{ "N3 NoMachine UDP 4000 (version 0)", QQ_L4_UDP, "02000100" "0a0000000003",
	  QQ_CLASS_NONE },
	{ "N4 WireGuard-port (version 0, cmd 0x0002)", QQ_L4_UDP,
	  "0200000002ca1a00316618ac0000000000000003", QQ_CLASS_NONE },
	{ "N5 H.225 RAS (h323.pcap)", QQ_L4_UDP,
	  "02200000060008914a0004001102007c07f22200ae01003d0001030085c89a5120800301"
	  "4000", QQ_CLASS_NONE },
	{ "SLPv2 DAAdvert (srvloc.pcap) with an 03 tail", QQ_L4_UDP,
	  "020900001d00000000009df60002656e0000ffff00074445464155" "4c03",
	  QQ_CLASS_NONE },
	{ "N8 ESP-in-UDP ending 03 (cmd 0xb500)", QQ_L4_UDP,
	  "02dcd9b5000000032b13aabbccddeeff0011223344556603", QQ_CLASS_NONE },
	{ "S16 QQPCMgr 00 02 00 xx", QQ_L4_UDP, "00020017aabbccddeeff0011223303",
	  QQ_CLASS_NONE },
	{ "unknown command 0x0777", QQ_L4_UDP,
	  "023b0b077700170000000a1122334403", QQ_CLASS_NONE },
	{ "no ETX", QQ_L4_UDP, "023b0b0001001700000a1122334405", QQ_CLASS_NONE },
	{ "OICQ bytes on TCP without the length prefix", QQ_L4_TCP, P1,
	  QQ_CLASS_NONE },
	/* Classic TCP OICQ (S2): BE16 length counting itself. */
	{ "P7 TCP single packet", QQ_L4_TCP, "002e" P1, QQ_CLASS_OICQ },
	{ "P8 TCP port-80 login shape 00 4e 02 12 51 00", QQ_L4_TCP,
	  "004e" "02125100220001004c4b40"
	  "0200000001010100006a9c"
	  "00112233445566778899aabbccddeeff" "00112233445566778899aabbccddeeff"
	  "00112233445566" "0011223344556677889900112233" "03",
	  QQ_CLASS_OICQ },
	{ "TCP two packets in one segment", QQ_L4_TCP,
	  "002e" P1 "0011" "024a0700020001" "00989680" "112233" "03",
	  QQ_CLASS_OICQ },
	{ "TCP second packet continues in the next segment", QQ_L4_TCP,
	  "002e" P1 "0100" "024a07082500010098968011", QQ_CLASS_OICQ },
	{ "TCP second packet cut with a bad header", QQ_L4_TCP,
	  "002e" P1 "0100" "024a07077700010098968011", QQ_CLASS_NONE },
	{ "TCP first packet longer than the segment", QQ_L4_TCP,
	  "0100" "024a07082500010098968011223344", QQ_CLASS_NONE },
	{ "TCP length excludes itself (DNS-style)", QQ_L4_TCP, "002c" P1,
	  QQ_CLASS_NONE },
	/* The sender may cut the stream inside the next length field. */
	{ "TCP packet, then 1 byte of the next", QQ_L4_TCP, "002e" P1 "00", QQ_CLASS_OICQ },
	{ "TCP packet, then a too-short next length", QQ_L4_TCP, "002e" P1 "0005", QQ_CLASS_NONE },
	{ "TCP packet, then a next packet without STX", QQ_L4_TCP, "002e" P1 "002e03", QQ_CLASS_NONE },
	{ "TCP second packet bad ETX", QQ_L4_TCP,
	  "002e" P1 "0011" "024a0700020001" "00989680" "112233" "04",
	  QQ_CLASS_NONE },
	{ "TCP second packet length one short", QQ_L4_TCP,
	  "002e" P1 "0010" "024a0700020001" "00989680" "112233" "03",
	  QQ_CLASS_NONE },
	{ "TCP version 0", QQ_L4_TCP, "0011" "02000000020001" "00989680" "112233" "03",
	  QQ_CLASS_NONE },
	{ "TCP length 0", QQ_L4_TCP, "0000" P1, QQ_CLASS_NONE },
	{ "N12 SMPP", QQ_L4_TCP,
	  "000000280000000200000000000000017465737400706173730000000000000003",
	  QQ_CLASS_NONE },
	{ "N12 PostgreSQL startup", QQ_L4_TCP,
	  "00000026000300007573657200706f737467726573006461746162617365000003",
	  QQ_CLASS_NONE },
	{ "TLS ClientHello record", QQ_L4_TCP,
	  "160301002c0100002803030000000000000000000000000000000000000000000000000000000000000000000003",
	  QQ_CLASS_NONE },
	{ "other L4 protocol", 132, P1, QQ_CLASS_NONE },
};

static size_t unhex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < max; hex += 2)
		sscanf(hex, "%2hhx", &out[n++]);
	return n;
}

static enum qq_class classify_hex(u8 l4proto, const char *hex, u32 trim,
				  struct qq_result *r)
{
	u8 buf[512];
	size_t n = unhex(hex, buf, sizeof(buf));
	struct qq_payload pl = { .data = buf, .len = (u32)n - trim, .wire_len = (u32)n, .l4proto = l4proto };

	return qq_classify(&pl, r);
}

/* One TCP OICQ packet of @len bytes, length field included. */
static void tcp_oicq_packet(u8 *p, u32 len)
{
	memset(p, 0x11, len);
	unhex("0000024a07000200010098968003", p, 14);
	p[0] = len >> 8;
	p[1] = len & 0xff;
	p[len - 1] = 0x03;
}

int main(void)
{
	struct qq_result r;
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		enum qq_class got = classify_hex(vecs[i].l4proto, vecs[i].hex, 0, &r);

		check(got == vecs[i].want, "%s: got %s want %s", vecs[i].name,
		      qq_class_name(got), qq_class_name(vecs[i].want));
	}

	/* A UDP datagram whose tail is not in view is never judged. */
	check(classify_hex(QQ_L4_UDP, P1, 1, &r) == QQ_CLASS_NONE,
	      "UDP with truncated view is not classified");
	/* A TCP view cut inside the second packet still sees the first. */
	check(classify_hex(QQ_L4_TCP, "002e" P1 "0011" "024a0700020001"
			   "00989680" "112233" "03", 5, &r) == QQ_CLASS_OICQ &&
	      r.units == 1, "TCP truncated view counts the whole packets");
	check(classify_hex(QQ_L4_TCP, "002e" P1 "0011" "024a0700020001" "00989680"
			   "112233" "03", 0, &r) == QQ_CLASS_OICQ &&
	      r.units == 2 && r.reason == QQ_R_OICQ_TCP,
	      "TCP reason and unit count");
	check(classify_hex(QQ_L4_UDP, P1, 0, &r) == QQ_CLASS_OICQ &&
	      r.reason == QQ_R_OICQ_UDP && r.units == 1, "UDP reason and unit count");

	{	/* Empty and inconsistent inputs. */
		struct qq_payload pl = { .data = NULL, .len = 0, .wire_len = 0, .l4proto = QQ_L4_UDP };
		u8 b[1] = { 2 };

		check(qq_classify(&pl, &r) == QQ_CLASS_NONE && r.cls == 0,
		      "NULL payload");
		pl.data = b;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE, "zero length");
		pl.len = 1;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "len > wire_len rejected");
	}

	{	/* 64 concatenated packets: walk bounded, still a match. */
		u8 seg[64 * 16];
		struct qq_payload pl = { .data = seg, .len = sizeof(seg), .wire_len = sizeof(seg), .l4proto = QQ_L4_TCP };
		unsigned int k;

		for (k = 0; k < 64; k++)
			unhex("0010024a07000200010098968003", seg + k * 16, 16),
			seg[k * 16 + 15] = 0x03, seg[k * 16 + 14] = 0x11;
		check(qq_classify(&pl, &r) == QQ_CLASS_OICQ &&
		      r.units == QQ_OICQ_MAX_UNITS, "64 packets in one segment");
	}


	/*
	 * A TCP segment bigger than the view (GSO/GRO, jumbo frames): the
	 * view may end anywhere inside the next packet, even inside its
	 * length field, and it is still QQ.
	 */
	{
		static u8 seg[3000];
		unsigned int b, hits = 0;

		for (b = 2034; b <= 2047; b++) {
			struct qq_payload pl = { .data = seg, .len = 2048,
						 .wire_len = b + 900,
						 .l4proto = QQ_L4_TCP };

			tcp_oicq_packet(seg, b);
			tcp_oicq_packet(seg + b, 900);
			hits += qq_classify(&pl, &r) == QQ_CLASS_OICQ;
		}
		check(hits == 14, "TCP view ending 1..14 bytes into a packet (%u/14)", hits);
	}

	/* Whole packets, then the first 1..6 bytes of the next one. */
	{
		static const char *tails[] = { "00", "000e", "000e02", "000e024a",
					       "000e024a07", "000e024a0700" };
		static const char *bad[] = { "0002", "000e03", "000e020000",
					     "000e024a07ffff" };
		u8 seg[64];
		unsigned int k, hits = 0, misses = 0;

		for (k = 0; k < 6; k++) {
			size_t n = unhex("000e024a070002000100989680031403", seg, sizeof(seg));
			struct qq_payload pl;

			seg[13] = 0x03;
			n = 14 + unhex(tails[k], seg + 14, sizeof(seg) - 14);
			pl = (struct qq_payload){ .data = seg, .len = (u32)n,
						  .wire_len = (u32)n, .l4proto = QQ_L4_TCP };
			hits += qq_classify(&pl, &r) == QQ_CLASS_OICQ;
		}
		check(hits == 6, "a packet, then 1..6 bytes of the next (%u/6)", hits);
		for (k = 0; k < 4; k++) {
			size_t n = unhex("000e024a070002000100989680031403", seg, sizeof(seg));
			struct qq_payload pl;

			seg[13] = 0x03;
			n = 14 + unhex(bad[k], seg + 14, sizeof(seg) - 14);
			pl = (struct qq_payload){ .data = seg, .len = (u32)n,
						  .wire_len = (u32)n, .l4proto = QQ_L4_TCP };
			misses += qq_classify(&pl, &r) == QQ_CLASS_NONE;
		}
		check(misses == 4, "an inconsistent next packet start is rejected (%u/4)",
		      misses);
	}

	/* A UDP datagram bigger than the view: judged by header and tail. */
	{
		u8 dg[3000];
		struct qq_payload pl = { .data = dg, .len = 2048, .wire_len = sizeof(dg),
					 .l4proto = QQ_L4_UDP };

		memset(dg, 0x55, sizeof(dg));
		unhex("024a07000200010098968003", dg, 12);
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, tail unknown: not judged");
		pl.has_tail = true;
		pl.tail = 0x03;
		check(qq_classify(&pl, &r) == QQ_CLASS_OICQ, "big datagram, ETX tail: QQ");
		pl.tail = 0x00;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE, "big datagram, other tail: not QQ");
		pl.tail = 0x03;
		dg[3] = 0x99;	/* unknown command */
		dg[4] = 0x99;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, unknown command: not QQ");
	}

	/* Every single-bit flip of P1's framing bytes must stop the match. */
	{
		static const unsigned int framing[] = { 0, 43 };
		u8 buf[64];
		size_t n = unhex(P1, buf, sizeof(buf));
		unsigned int k, bit, misses = 0;

		for (k = 0; k < 2; k++)
			for (bit = 0; bit < 8; bit++) {
				struct qq_payload pl = { .data = buf, .len = (u32)n, .wire_len = (u32)n, .l4proto = QQ_L4_UDP };

				buf[framing[k]] ^= 1u << bit;
				misses += qq_classify(&pl, &r) == QQ_CLASS_NONE;
				buf[framing[k]] ^= 1u << bit;
			}
		check(misses == 16, "bit flips in STX/ETX all rejected (%u/16)", misses);
	}

	check(!strcmp(qq_class_name(QQ_CLASS_OICQ), "oicq") &&
	      !strcmp(qq_class_name(QQ_CLASS_SERVER), "server") &&
	      !strcmp(qq_class_name(99), "unknown"), "class names");
	return check_done("classify");
}
