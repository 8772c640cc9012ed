// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hand-made vectors for qq_classify and qq_verdict_packet: the facts
 * file's positives (C.1, C.2) and every near-miss class it lists (C.3),
 * for each recogniser (OICQ, MSF, HTTP, TLS), each with the class and the
 * reason expected; framing edge cases; every truncation and every
 * single-bit flip of every vector (ASan and UBSan watch the reads); and
 * the per-flow logic: stickiness, the packet limit and a TLS ClientHello
 * resumed across segments.
 */
#include <stdlib.h>
#include <string.h>

#include "qq_classify.h"
#include "qq_verdict.h"
#include "check.h"

struct vec {
	const char *name;
	u8 l4proto;
	const char *hex;	/* the payload in hex, or */
	const char *txt;	/* ... as text, or */
	const char *sni;	/* ... a ClientHello naming this host */
	u16 pad;		/* then 0x5a bytes up to this length */
	u16 cut;		/* bytes of the payload left out of the view */
	u8 want;		/* enum qq_class */
	u8 why;			/* enum qq_reason */
};

/* The expected class and reason, given as one of the pairs below. */
#define WANT(c, r)	.want = c, .why = r
#define WANT_(...)	WANT(__VA_ARGS__)
#define HX(n, proto, h, ...) \
	{ .name = n, .l4proto = proto, .hex = h, WANT_(__VA_ARGS__) }
#define HXPAD(n, h, padto, ...) \
	{ .name = n, .l4proto = QQ_L4_TCP, .hex = h, .pad = padto, \
	  WANT_(__VA_ARGS__) }
#define TX(n, t, ...) \
	{ .name = n, .l4proto = QQ_L4_TCP, .txt = t, WANT_(__VA_ARGS__) }
#define TXCUT(n, t, k, ...) \
	{ .name = n, .l4proto = QQ_L4_TCP, .txt = t, .cut = k, \
	  WANT_(__VA_ARGS__) }
#define SNI(n, host, ...) \
	{ .name = n, .l4proto = QQ_L4_TCP, .sni = host, WANT_(__VA_ARGS__) }

#define NONE	QQ_CLASS_NONE, QQ_R_NONE
#define OUDP	QQ_CLASS_OICQ, QQ_R_OICQ_UDP
#define OTCP	QQ_CLASS_OICQ, QQ_R_OICQ_TCP
#define MSF	QQ_CLASS_MSF, QQ_R_MSF
#define HCLI	QQ_CLASS_HTTP, QQ_R_HTTP_CLIENT
#define HHOST	QQ_CLASS_HTTP, QQ_R_HTTP_HOST
#define HCONN	QQ_CLASS_HTTP, QQ_R_HTTP_CONNECT
#define TSNI	QQ_CLASS_TLS, QQ_R_TLS_SNI

/* P1: nDPI oicq.pcap packet 1 (UDP logout, version 0x3b0b). */
#define P1 "023b0b00010017561f0c7b000000000000000003" \
	   "0c949fb3510c59cbd527d19e6953482ec877080103" "0e4703"

/*
 * MSF frames (facts S8, C.2 P9-P11), field by field:
 * length | type | flag | D2 or sequence | 00 | u32 len+4, ASCII UIN | body
 */
#define BLOB16		"8f3a5c1e77d2094bb6e1f0a4c3925d18"
#define UIN_10001	"00000009" "3130303031"
#define UIN_1234567890	"0000000e" "31323334353637383930"
#define D2_32		"00000024" "404142434445464748494a4b4c4d4e4f" \
			"505152535455565758595a5b5c5d5e5f"
/* The clear SSO head of MiraiGo's heartbeat: seq, appid, subappid, ... */
#define SSO_HEARTBEAT	"00000049" "00001234" "2003a4b5" "2003a4b5" \
			"010000000000000000000100" "00000004" \
			"00000013" "4865617274626561742e416c697665" \
			"00000008" "a1b2c3d4" "00000004" "00000004" "0002" "00000004"
#define P9  "00000064" "0000000a" "00" "00000004" "00" UIN_10001 \
	    SSO_HEARTBEAT "00000004"
#define P10 "0000002c" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16
#define P10B "0000002c" "0000000b" "01" "00012346" "00" UIN_1234567890 BLOB16
#define P11_D2 "0000005c" "0000000c" "01" D2_32 "00" \
	       "0000000e" "33313431353932363533" BLOB16 BLOB16
#define P11_NOD2 "0000002b" "0000000c" "02" "00000004" "00" \
		 "0000000d" "393837363534333231" BLOB16
#define REPLY_0B "00000030" "0000000b" "01" "00" UIN_1234567890 BLOB16 \
		 "8f3a5c1e77d2094b"
#define REPLY_0A "00000023" "0000000a" "02" "00" UIN_10001 BLOB16

/* A request with a Host that is not QQ IM: padding for the HTTP vectors. */
#define HTTP_TAIL "Accept: */*\r\nConnection: Keep-Alive\r\n\r\n"

static const struct vec vecs[] = {
	/* Classic UDP OICQ. */
	HX("P1 oicq.pcap logout", QQ_L4_UDP, P1, OUDP),
	HX("unseen version 0x4a07 login 0x0022", QQ_L4_UDP,
	   "024a070022123401020304a1b2c3d4e5f60718293a4b5c6d03", OUDP),
	HX("wtlogin ping 0x0825 (not in Wireshark table)", QQ_L4_UDP,
	   "023b41082500010bcdef12020000000101010000" "6a9c" "1122334455667788"
	   "03", OUDP),
	HX("QQ2007 0x111d heartbeat", QQ_L4_UDP,
	   "02111d0002002a0098967f0011223344556603", OUDP),
	HX("P12 nDPI S4 shape 02 00 48 00 (72 B), command 0x0000: not OICQ",
	   QQ_L4_UDP, "02004800" "0000000000000000000000000000000000000000"
	   "0000000000000000000000000000000000000000"
	   "0000000000000000000000000000000000000000" "0000000000000003", NONE),
	HX("P12 shape 02 00 48 (72 B) with command 0x0022 and ETX", QQ_L4_UDP,
	   "0200480022" "00000000000000000000000000000000000000"
	   "0000000000000000000000000000000000000000"
	   "0000000000000000000000000000000000000000" "0000000000000003", OUDP),
	HX("minimum length 12", QQ_L4_UDP, "023b0b0001001700000a03", NONE),
	HX("exactly 12 bytes", QQ_L4_UDP, "023b0b000100170000000a03", OUDP),
	/* Near misses (facts C.3). */
	HX("N1 SLPv2 SrvRqst", QQ_L4_UDP,
	   "0201000022000000000000050002656e0000000000000000000841414141414141"
	   "41", NONE),
	HX("N1 with an 03 tail (version 0x0100, cmd 0x0022)", QQ_L4_UDP,
	   "0201000022000000000000050002656e000000000000000000084141414141414103",
	   NONE),
	HX("N2 DHCP BOOTREPLY", QQ_L4_UDP,
	   "020106001797c0cc0000000000000000c0a87701c0a8770100000000", NONE),
	HX("N3 NoMachine UDP 4000 (version 0)", QQ_L4_UDP,
	   "02000100" "0a0000000003", NONE),
	HX("N4 WireGuard-port (version 0, cmd 0x0002)", QQ_L4_UDP,
	   "0200000002ca1a00316618ac0000000000000003", NONE),
	HX("N5 H.225 RAS (h323.pcap)", QQ_L4_UDP,
	   "02200000060008914a0004001102007c07f22200ae01003d0001030085c89a5120"
	   "8003014000", NONE),
	HX("SLPv2 DAAdvert (srvloc.pcap) with an 03 tail", QQ_L4_UDP,
	   "020900001d00000000009df60002656e0000ffff00074445464155" "4c03",
	   NONE),
	HX("N8 ESP-in-UDP ending 03 (cmd 0xb500)", QQ_L4_UDP,
	   "02dcd9b5000000032b13aabbccddeeff0011223344556603", NONE),
	HX("N13/S16 QQPCMgr 00 02 00 xx", QQ_L4_UDP,
	   "00020017aabbccddeeff0011223303", NONE),
	HX("unknown command 0x0777", QQ_L4_UDP,
	   "023b0b077700170000000a1122334403", NONE),
	HX("no ETX", QQ_L4_UDP, "023b0b0001001700000a1122334405", NONE),
	HX("OICQ bytes on TCP without the length prefix", QQ_L4_TCP, P1, NONE),
	HX("MSF P10 over UDP", QQ_L4_UDP, P10, NONE),
	/* Classic TCP OICQ (S2): BE16 length counting itself. */
	HX("P7 TCP single packet", QQ_L4_TCP, "002e" P1, OTCP),
	HX("P8 TCP port-80 login shape 00 4e 02 12 51 00", QQ_L4_TCP,
	   "004e" "02125100220001004c4b40" "0200000001010100006a9c"
	   "00112233445566778899aabbccddeeff" "00112233445566778899aabbccddeeff"
	   "00112233445566" "0011223344556677889900112233" "03", OTCP),
	HX("TCP two packets in one segment", QQ_L4_TCP,
	   "002e" P1 "0011" "024a0700020001" "00989680" "112233" "03", OTCP),
	HX("TCP second packet continues in the next segment", QQ_L4_TCP,
	   "002e" P1 "0100" "024a07082500010098968011", OTCP),
	HX("TCP second packet cut with a bad header", QQ_L4_TCP,
	   "002e" P1 "0100" "024a07077700010098968011", NONE),
	HX("TCP first packet longer than the segment", QQ_L4_TCP,
	   "0100" "024a07082500010098968011223344", NONE),
	HX("TCP length excludes itself (DNS-style)", QQ_L4_TCP, "002c" P1, NONE),
	/* The sender may cut the stream inside the next length field. */
	HX("TCP packet, then 1 byte of the next", QQ_L4_TCP, "002e" P1 "00",
	   OTCP),
	HX("TCP packet, then a too-short next length", QQ_L4_TCP,
	   "002e" P1 "0005", NONE),
	HX("TCP packet, then a next packet without STX", QQ_L4_TCP,
	   "002e" P1 "002e03", NONE),
	HX("TCP second packet bad ETX", QQ_L4_TCP,
	   "002e" P1 "0011" "024a0700020001" "00989680" "112233" "04", NONE),
	HX("TCP second packet length one short", QQ_L4_TCP,
	   "002e" P1 "0010" "024a0700020001" "00989680" "112233" "03", NONE),
	HX("TCP version 0", QQ_L4_TCP,
	   "0011" "02000000020001" "00989680" "112233" "03", NONE),
	HX("TCP length 0", QQ_L4_TCP, "0000" P1, NONE),
	HX("TLS ClientHello record", QQ_L4_TCP,
	   "160301002c010000280303000000000000000000000000000000000000000000"
	   "0000000000000000000000000003", NONE),
	HX("other L4 protocol", 132, P1, NONE),

	/* MSF/SSO (S8, C.2 P9-P11). */
	HX("P9 MSF 0x0A heartbeat, empty D2, UIN 10001, clear Heartbeat.Alive",
	   QQ_L4_TCP, P9, MSF),
	HX("P10 MSF 0x0B, seq, UIN 1234567890", QQ_L4_TCP, P10, MSF),
	HX("P11 MSF NT 0x0C with a D2 (flag 1)", QQ_L4_TCP, P11_D2, MSF),
	HX("P11 MSF NT 0x0C without D2 (flag 2, 00 00 00 04)", QQ_L4_TCP,
	   P11_NOD2, MSF),
	HX("MSF 0x0A login, flag 2, 32-byte D2", QQ_L4_TCP,
	   "0000005c" "0000000a" "02" D2_32 "00" "0000000e"
	   "33313431353932363533" BLOB16 BLOB16, MSF),
	HX("MSF server reply 0x0B (len, type, flag, 00, uin)", QQ_L4_TCP,
	   REPLY_0B, MSF),
	HX("MSF server reply 0x0A, flag 2", QQ_L4_TCP, REPLY_0A, MSF),
	HX("MSF one-digit UIN", QQ_L4_TCP,
	   "00000024" "0000000b" "00" "00000001" "00" "00000005" "37" BLOB16 "00",
	   MSF),
	HX("MSF two frames in one segment", QQ_L4_TCP, P10 P10B, MSF),
	HX("MSF request and reply frames in one segment", QQ_L4_TCP,
	   P11_NOD2 REPLY_0A P9, MSF),
	HX("MSF frame continued past the segment end", QQ_L4_TCP,
	   "00000400" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16,
	   MSF),
	HX("MSF frame, then the next one's head cut", QQ_L4_TCP,
	   P10 "00000200" "0000000c" "01" "000000", MSF),
	HX("MSF frame, then half a length field", QQ_L4_TCP, P10 "000000", MSF),
	HX("MSF frame, then a next head with type 0x0D", QQ_L4_TCP,
	   P10 "00000200" "0000000d" "01" "000000", NONE),
	HX("MSF frame, then a next head with flag 3", QQ_L4_TCP,
	   P10 "00000200" "0000000b" "03" "000000", NONE),
	HX("MSF frame, then a bad next length", QQ_L4_TCP,
	   P10 "00000003" "0000000b" "01" "000000", NONE),
	/* Near misses: N12 first bytes (real lengths), N14, S8b. */
	HXPAD("N12 SMPP bind (40 B)",
	      "00000028" "00000002" "00000000" "00000001" "7465737400" "7061737300",
	      40, NONE),
	HX("N12 PostgreSQL startup (38 B)", QQ_L4_TCP,
	   "00000026" "00030000" "7573657200" "706f737467726573" "00"
	   "6461746162617365" "00" "746573747300" "00", NONE),
	HXPAD("N12 Oracle TNS (164 B)",
	      "000000a4" "0620000000" "00deadbeef" "0001", 164, NONE),
	HXPAD("N12 Spotify (542 B)", "0000021e" "5297", 542, NONE),
	HX("N14 WeChat long-link 16-byte 00 00 00 10 frame", QQ_L4_TCP,
	   "00000010" "0010" "0001" "00000006" "00000001", NONE),
	HX("N14 WeChat long-link 21-byte 00 00 00 15 frame", QQ_L4_TCP,
	   "00000015" "0010" "0001" "00000006" "00000001" "0000000001", NONE),
	HX("S8b MSF-NG ping (21 B, weakly attributed, = WeChat)", QQ_L4_TCP,
	   "00000015" "01" "33523900" "00000004" "4d5346" "05" "00000000", NONE),
	HX("S8b server answer (25 B)", QQ_L4_TCP,
	   "00000019" "01" "33523900" "00000008" "4d5346" "05" "00000000"
	   "00000000", NONE),
	HX("MSF bad flag 3", QQ_L4_TCP,
	   "0000002c" "0000000b" "03" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF type 0x0D", QQ_L4_TCP,
	   "0000002c" "0000000d" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF type 0x09", QQ_L4_TCP,
	   "0000002c" "00000009" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF type 0x0100000B", QQ_L4_TCP,
	   "0000002c" "0100000b" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF UIN with a non-digit", QQ_L4_TCP,
	   "0000002c" "0000000b" "01" "00012345" "00" "0000000e"
	   "3132333435363738393a" BLOB16, NONE),
	HX("MSF UIN with a leading zero", QQ_L4_TCP,
	   "0000002c" "0000000b" "01" "00012345" "00" "0000000e"
	   "30323334353637383930" BLOB16, NONE),
	HX("MSF UIN of 11 digits", QQ_L4_TCP,
	   "0000002d" "0000000b" "01" "00012345" "00" "0000000f"
	   "3132333435363738393031" BLOB16, NONE),
	HX("MSF empty UIN", QQ_L4_TCP,
	   "00000022" "0000000b" "01" "00012345" "00" "00000004" BLOB16, NONE),
	HX("MSF UIN ends past the frame length", QQ_L4_TCP,
	   "0000001b" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF 0x0B without the 00 after the sequence", QQ_L4_TCP,
	   "0000002c" "0000000b" "01" "00012345" "01" UIN_1234567890 BLOB16, NONE),
	HX("MSF 0x0A, D2 length 3 (below its own 4)", QQ_L4_TCP,
	   "00000024" "0000000a" "00" "00000003" "00" UIN_10001 BLOB16, NONE),
	HX("MSF 0x0A, D2 length field 0x205 (> 4 + 512)", QQ_L4_TCP,
	   "00000300" "0000000a" "00" "00000205" "00" UIN_10001 BLOB16, NONE),
	HX("MSF length field 14 (< 15-byte minimum)", QQ_L4_TCP,
	   "0000000e" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF length field 21, smaller than the 28-byte header", QQ_L4_TCP,
	   "00000015" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF length field 0x7fffffff", QQ_L4_TCP,
	   "7fffffff" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF length 0x20 in a 44-byte segment (junk after)", QQ_L4_TCP,
	   "00000020" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16, NONE),
	HX("MSF length 0x2d, one more than the frame (junk after)", QQ_L4_TCP,
	   "0000002d" "0000000b" "01" "00012345" "00" UIN_1234567890 BLOB16
	   "0000002c" "0000000b" "01", NONE),
	HX("MSF head cut by the segment end (first frame)", QQ_L4_TCP,
	   "0000002c" "0000000b" "01" "00012345" "00" "0000000e" "313233", NONE),

	/* QQ over HTTP (S9, B.1). */
	TX("GET /qqfile/qq in a payload > 100 bytes",
	   "GET /qqfile/qq/QQ2013/QQ2013SP6.exe HTTP/1.1\r\n"
	   "Host: dl.example.com\r\nUser-Agent: Mozilla/4.0\r\n" HTTP_TAIL, HCLI),
	TX("GET /qqfile/qq in a payload <= 100 bytes: not QQ",
	   "GET /qqfile/qq/x.exe HTTP/1.1\r\nHost: dl.example.com\r\n\r\n", NONE),
	TX("User-Agent: QQClient",
	   "POST /cgi-bin/report HTTP/1.1\r\nHost: example.com\r\n"
	   "User-Agent: QQClient\r\n" HTTP_TAIL, HCLI),
	TX("User-Agent:qqclient/9.7 (no space, lower case)",
	   "GET / HTTP/1.0\r\nUser-Agent:qqclient/9.7\r\n\r\n", HCLI),
	TX("a header named QQ",
	   "GET /cgi-bin/ping HTTP/1.1\r\nHost: example.com\r\nQQ: 10001\r\n"
	   HTTP_TAIL, HCLI),
	TX("Host: tcpconn2.tencent.com",
	   "POST / HTTP/1.1\r\nHost: tcpconn2.tencent.com\r\n"
	   "Content-Length: 0\r\n\r\n", HHOST),
	TX("Host: tcpconn.tencent.com:80",
	   "POST / HTTP/1.1\r\nHost: tcpconn.tencent.com:80\r\n\r\n", HHOST),
	TX("Host: SZ.TENCENT.COM. (case, trailing dot)",
	   "GET / HTTP/1.1\r\nHost: SZ.TENCENT.COM.\r\n\r\n", HHOST),
	TX("Host after other headers, no space after the colon",
	   "GET /a HTTP/1.1\r\nAccept: */*\r\nHost:configsvr.msf.3g.qq.com\r\n\r\n",
	   HHOST),
	TX("absolute URI http://sz3.tencent.com/",
	   "GET http://sz3.tencent.com/cgi-bin/login HTTP/1.1\r\n"
	   "Host: sz3.tencent.com\r\n\r\n", HHOST),
	TX("absolute URI with port, no Host header",
	   "POST http://msfwifi.3g.qq.com:8080/ HTTP/1.0\r\n\r\n", HHOST),
	TX("CONNECT msfwifi.3g.qq.com:8080",
	   "CONNECT msfwifi.3g.qq.com:8080 HTTP/1.1\r\n"
	   "Host: msfwifi.3g.qq.com:8080\r\n\r\n", HCONN),
	TX("CONNECT sz.tencent.com:8000",
	   "CONNECT sz.tencent.com:8000 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT sz9.tencent.com:8000",
	   "CONNECT sz9.tencent.com:8000 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT sz12.tencent.com:8000",
	   "CONNECT sz12.tencent.com:8000 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT tcpconn.tencent.com:443",
	   "CONNECT tcpconn.tencent.com:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT tcpconn6.tencent.com:443",
	   "CONNECT tcpconn6.tencent.com:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT msfwifi2.3g.qq.com:14000",
	   "CONNECT msfwifi2.3g.qq.com:14000 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT msfwifiv6.3g.qq.com:8080",
	   "CONNECT msfwifiv6.3g.qq.com:8080 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT configsvr.msf.3g.qq.com:443",
	   "CONNECT configsvr.msf.3g.qq.com:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT multimedia.nt.qq.com.cn:443",
	   "CONNECT multimedia.nt.qq.com.cn:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT grouptalk.c2c.qq.com:443",
	   "CONNECT grouptalk.c2c.qq.com:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT oidb.tim.qq.com:443",
	   "CONNECT oidb.tim.qq.com:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT gchat.qpic.cn:443",
	   "CONNECT gchat.qpic.cn:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT c2cpicdw.qpic.cn:443",
	   "CONNECT c2cpicdw.qpic.cn:443 HTTP/1.1\r\n\r\n", HCONN),
	TX("CONNECT to a non-QQ host, Host: sz.tencent.com",
	   "CONNECT proxy.example:443 HTTP/1.1\r\nHost: sz.tencent.com\r\n\r\n",
	   HHOST),
	TX("User-Agent ... QQBrowser/10.0",
	   "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: Mozilla/5.0 "
	   "(Windows NT 10.0) AppleWebKit/537.36 QQBrowser/10.0.1\r\n\r\n", NONE),
	TX("User-Agent: QQBrowser (prefix QQ, not QQClient)",
	   "GET / HTTP/1.1\r\nUser-Agent: QQBrowser/10.0\r\n\r\n", NONE),
	TX("a header named QQ-Token",
	   "GET / HTTP/1.1\r\nQQ-Token: 1\r\n\r\n", NONE),
	TX("Host: www.qq.com", "GET / HTTP/1.1\r\nHost: www.qq.com\r\n\r\n", NONE),
	TX("Host: weixin.qq.com",
	   "GET / HTTP/1.1\r\nHost: weixin.qq.com\r\n\r\n", NONE),
	TX("Host: short.weixin.qq.com",
	   "POST /mmtls/1 HTTP/1.1\r\nHost: short.weixin.qq.com\r\n\r\n", NONE),
	TX("Host: v.qq.com", "GET / HTTP/1.1\r\nHost: v.qq.com\r\n\r\n", NONE),
	TX("Host: sz123.tencent.com (3 digits)",
	   "GET / HTTP/1.1\r\nHost: sz123.tencent.com\r\n\r\n", NONE),
	TX("Host: tencent.com", "GET / HTTP/1.1\r\nHost: tencent.com\r\n\r\n",
	   NONE),
	TX("CONNECT www.tencent.com:443",
	   "CONNECT www.tencent.com:443 HTTP/1.1\r\n\r\n", NONE),
	TX("CONNECT sz.tencent.com.example.net:443",
	   "CONNECT sz.tencent.com.example.net:443 HTTP/1.1\r\n\r\n", NONE),
	TX("CONNECT xmsfwifi.3g.qq.com:8080",
	   "CONNECT xmsfwifi.3g.qq.com:8080 HTTP/1.1\r\n\r\n", NONE),
	TX("Host: sz.tencent.com@evil.example",
	   "GET / HTTP/1.1\r\nHost: sz.tencent.com@evil.example\r\n\r\n", NONE),
	TX("absolute URI with userinfo http://sz.tencent.com@evil.example/",
	   "GET http://sz.tencent.com@evil.example/ HTTP/1.1\r\n\r\n", NONE),
	TX("lower-case method", "get / HTTP/1.1\r\nHost: sz.tencent.com\r\n\r\n",
	   NONE),
	TX("mixed-case method",
	   "Connect sz.tencent.com:443 HTTP/1.1\r\nHost: sz.tencent.com\r\n\r\n",
	   NONE),
	TX("request line without HTTP/1.x",
	   "GET /index.html\r\nHost: sz.tencent.com\r\n\r\n", NONE),
	TX("request line with HTTP/2.0",
	   "GET / HTTP/2.0\r\nHost: sz.tencent.com\r\n\r\n", NONE),
	TX("request line with two spaces",
	   "GET  / HTTP/1.1\r\nHost: sz.tencent.com\r\n\r\n", NONE),
	TX("HTTP/2 connection preface",
	   "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", NONE),
	TX("a response, not a request",
	   "HTTP/1.1 200 OK\r\nServer: sz.tencent.com\r\nQQ: 1\r\n\r\n", NONE),
	TX("header block cut by the segment: Host line unfinished",
	   "GET / HTTP/1.1\r\nAccept: */*\r\nHost: sz.tencent.com", NONE),
	TXCUT("header block cut by the view before Host ends",
	      "GET / HTTP/1.1\r\nAccept: */*\r\nHost: sz.tencent.com\r\n\r\n", 8,
	      NONE),
	TXCUT("header block cut by the view after Host",
	      "GET / HTTP/1.1\r\nHost: sz.tencent.com\r\nAccept: */*\r\n\r\n", 8,
	      HHOST),
	TX("Host after the end of the headers",
	   "GET / HTTP/1.1\r\nAccept: */*\r\n\r\nHost: sz.tencent.com\r\n\r\n",
	   NONE),

	/* TLS ClientHello SNI (B.1): each QQ IM host pattern. */
	SNI("SNI sz.tencent.com", "sz.tencent.com", TSNI),
	SNI("SNI sz2.tencent.com", "sz2.tencent.com", TSNI),
	SNI("SNI sz99.tencent.com", "sz99.tencent.com", TSNI),
	SNI("SNI tcpconn.tencent.com", "tcpconn.tencent.com", TSNI),
	SNI("SNI tcpconn4.tencent.com", "tcpconn4.tencent.com", TSNI),
	SNI("SNI msfwifi.3g.qq.com", "msfwifi.3g.qq.com", TSNI),
	SNI("SNI msfwifi3.3g.qq.com", "msfwifi3.3g.qq.com", TSNI),
	SNI("SNI msfwifiv6.3g.qq.com", "msfwifiv6.3g.qq.com", TSNI),
	SNI("SNI configsvr.msf.3g.qq.com", "configsvr.msf.3g.qq.com", TSNI),
	SNI("SNI multimedia.nt.qq.com.cn", "multimedia.nt.qq.com.cn", TSNI),
	SNI("SNI grouptalk.c2c.qq.com", "grouptalk.c2c.qq.com", TSNI),
	SNI("SNI oidb.tim.qq.com", "oidb.tim.qq.com", TSNI),
	SNI("SNI gchat.qpic.cn", "gchat.qpic.cn", TSNI),
	SNI("SNI c2cpicdw.qpic.cn", "c2cpicdw.qpic.cn", TSNI),
	SNI("SNI MSFWIFI.3G.QQ.COM (upper case)", "MSFWIFI.3G.QQ.COM", TSNI),
	SNI("SNI Tcpconn3.Tencent.Com (mixed case)", "Tcpconn3.Tencent.Com",
	    TSNI),
	SNI("SNI msfwifi.3g.qq.com. (trailing dot)", "msfwifi.3g.qq.com.", TSNI),
	SNI("SNI SZ.TENCENT.COM. (upper case, trailing dot)",
	    "SZ.TENCENT.COM.", TSNI),
	SNI("SNI short.weixin.qq.com", "short.weixin.qq.com", NONE),
	SNI("SNI res.wx.qq.com", "res.wx.qq.com", NONE),
	SNI("SNI wx.qq.com", "wx.qq.com", NONE),
	SNI("SNI v.qq.com", "v.qq.com", NONE),
	SNI("SNI vv.video.qq.com", "vv.video.qq.com", NONE),
	SNI("SNI www.qq.com", "www.qq.com", NONE),
	SNI("SNI qq.com", "qq.com", NONE),
	SNI("SNI msfwifi.3g.qq.com.evil.example", "msfwifi.3g.qq.com.evil.example",
	    NONE),
	SNI("SNI xmsfwifi.3g.qq.com", "xmsfwifi.3g.qq.com", NONE),
	SNI("SNI msfwifi.3g.qq.co", "msfwifi.3g.qq.co", NONE),
	SNI("SNI msfwifi.3g.qq.com.. (two dots)", "msfwifi.3g.qq.com..", NONE),
	SNI("SNI sz123.tencent.com", "sz123.tencent.com", NONE),
	SNI("SNI www.tencent.com", "www.tencent.com", NONE),
	SNI("SNI empty", "", NONE),
	HX("SSLv2-style ClientHello", QQ_L4_TCP,
	   "8031010301000c0000001000000400000500000a" "0123456789abcdef0123456789abcdef",
	   NONE),
};

static size_t unhex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < max; hex += 2)
		sscanf(hex, "%2hhx", &out[n++]);
	return n;
}

/* ---- TLS ClientHello builder ------------------------------------------ */

struct ch_opts {
	const char *sni;	/* server_name host; NULL: no server_name */
	u8 name_type;		/* 0 host_name */
	u16 pad;		/* a padding extension this long before it */
	bool sni_last;		/* server_name the last extension */
	bool second_name;	/* a second host_name entry, sni2 */
	const char *sni2;
	u8 content_type;	/* 0: 0x16 */
	u8 hs_type;		/* 0: ClientHello */
	u8 sid_len;
	u16 suites;		/* cipher suite bytes */
	int rec_adj, hs_adj, ext_adj, pad_adj, sni_ext_adj, sni_list_adj;
	int name_adj;		/* added to the length fields */
	u16 rec_set;		/* record length field, when not 0 */
};

struct ch_layout {
	u32 len;
	u32 ext_start;		/* first byte of the extension block */
	u32 pad_hdr;		/* the padding extension's header */
	u32 sni_hdr;		/* the server_name extension's header */
	u32 sni_end;		/* just past it */
};

static u8 *put16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
	return p + 2;
}

static u8 *put_ext(u8 *p, u16 type, const char *hexbody)
{
	u8 body[64];
	size_t n = unhex(hexbody, body, sizeof(body));

	p = put16(p, type);
	p = put16(p, n);
	memcpy(p, body, n);
	return p + n;
}

static u8 *put_sni(u8 *b, u8 *p, const struct ch_opts *o,
		   struct ch_layout *lay)
{
	u32 n1 = strlen(o->sni), n2 = o->second_name ? strlen(o->sni2) : 0;
	u32 list = 3 + n1 + (o->second_name ? 3 + n2 : 0);

	lay->sni_hdr = p - b;
	p = put16(p, 0x0000);
	p = put16(p, 2 + list + o->sni_ext_adj);
	p = put16(p, list + o->sni_list_adj);
	if (o->second_name) {	/* the other name first */
		*p++ = 0;
		p = put16(p, n2);
		memcpy(p, o->sni2, n2);
		p += n2;
	}
	*p++ = o->name_type;
	p = put16(p, n1 + o->name_adj);
	memcpy(p, o->sni, n1);
	p += n1;
	lay->sni_end = p - b;
	return p;
}

/*
 * A Chromium-like ClientHello: GREASE, supported_groups, [padding],
 * server_name, ALPN, supported_versions (or server_name last).  Every
 * length is computed; the _adj fields then break them on purpose.
 */
static u32 build_ch(u8 *b, const struct ch_opts *o, struct ch_layout *lay)
{
	u8 *p = b, *rec_len, *hs_len, *ext_len;
	u32 i, suites = o->suites ? o->suites : 32;

	memset(lay, 0, sizeof(*lay));
	*p++ = o->content_type ? o->content_type : 0x16;
	*p++ = 0x03;
	*p++ = 0x01;
	rec_len = p;
	p += 2;
	*p++ = o->hs_type ? o->hs_type : 0x01;
	hs_len = p;
	p += 3;
	*p++ = 0x03;
	*p++ = 0x03;
	for (i = 0; i < 32; i++)
		*p++ = 0x11 + i;
	*p++ = o->sid_len;
	for (i = 0; i < o->sid_len; i++)
		*p++ = 0xe0 + (i & 0xf);
	p = put16(p, suites);
	for (i = 0; i < suites; i++)
		*p++ = i & 1 ? 0x01 + i / 2 : 0x13;
	*p++ = 0x01;
	*p++ = 0x00;
	ext_len = p;
	p += 2;
	lay->ext_start = p - b;
	p = put_ext(p, 0x0a0a, "");
	p = put_ext(p, 0x000a, "0006001d00170018");
	if (o->pad) {
		lay->pad_hdr = p - b;
		p = put16(p, 0x0015);
		p = put16(p, o->pad + o->pad_adj);
		memset(p, 0, o->pad);
		p += o->pad;
	}
	if (o->sni && !o->sni_last)
		p = put_sni(b, p, o, lay);
	p = put_ext(p, 0x0010, "000908687474702f312e31");
	p = put_ext(p, 0x002b, "020304");
	if (o->sni && o->sni_last)
		p = put_sni(b, p, o, lay);
	put16(ext_len, (p - ext_len - 2) + o->ext_adj);
	i = (p - hs_len - 3) + o->hs_adj;
	hs_len[0] = i >> 16;
	hs_len[1] = i >> 8;
	hs_len[2] = i;
	put16(rec_len, o->rec_set ? o->rec_set : (p - rec_len - 2) + o->rec_adj);
	lay->len = p - b;
	return lay->len;
}

struct ch_vec {
	const char *name;
	struct ch_opts o;
	u8 want, why;
};

#define QQHOST "msfwifi.3g.qq.com"

static const struct ch_vec ch_vecs[] = {
	{ "TLS QQ SNI, 32-byte session id, padding first",
	  { .sni = QQHOST, .sid_len = 32, .pad = 200 }, TSNI },
	{ "TLS QQ SNI last", { .sni = QQHOST, .sni_last = true }, TSNI },
	{ "TLS QQ SNI after another host_name entry",
	  { .sni = QQHOST, .second_name = true, .sni2 = "example.com" }, TSNI },
	{ "TLS QQ host_name entry first, then another",
	  { .sni = "example.com", .second_name = true, .sni2 = QQHOST }, TSNI },
	{ "TLS QQ SNI, 2 suite bytes", { .sni = QQHOST, .suites = 2 }, TSNI },
	{ "TLS no server_name", { .pad = 16 }, NONE },
	{ "TLS QQ name with name_type 1", { .sni = QQHOST, .name_type = 1 },
	  NONE },
	{ "TLS record length < handshake + 4", { .sni = QQHOST, .rec_adj = -1 },
	  NONE },
	{ "TLS record length 2^14 + 2048", { .sni = QQHOST, .rec_set = 0x4800 },
	  TSNI },
	{ "TLS record length > 2^14 + 2048", { .sni = QQHOST, .rec_set = 0x4801 },
	  NONE },
	{ "TLS handshake length > record - 4", { .sni = QQHOST, .hs_adj = 1 },
	  NONE },
	{ "TLS handshake length 1 short of its body",
	  { .sni = QQHOST, .hs_adj = -1 }, NONE },
	{ "TLS session id of 33 bytes", { .sni = QQHOST, .sid_len = 33 }, NONE },
	{ "TLS odd cipher-suite length", { .sni = QQHOST, .suites = 31 }, NONE },
	{ "TLS extension block past the handshake",
	  { .sni = QQHOST, .ext_adj = 1 }, NONE },
	{ "TLS extension block ends inside server_name",
	  { .sni = QQHOST, .sni_last = true, .ext_adj = -1 }, NONE },
	{ "TLS padding extension longer than its block",
	  { .sni = QQHOST, .pad = 8, .pad_adj = 1000 }, NONE },
	{ "TLS server_name longer than the block (last)",
	  { .sni = QQHOST, .sni_last = true, .sni_ext_adj = 1 }, NONE },
	{ "TLS SNI list longer than the extension",
	  { .sni = QQHOST, .sni_list_adj = 1 }, NONE },
	{ "TLS SNI list one short of its entry",
	  { .sni = QQHOST, .sni_list_adj = -1 }, NONE },
	{ "TLS host name longer than the list",
	  { .sni = QQHOST, .name_adj = 1 }, NONE },
	{ "TLS ServerHello (handshake type 2)",
	  { .sni = QQHOST, .hs_type = 0x02 }, NONE },
	{ "TLS application data record (0x17)",
	  { .sni = QQHOST, .content_type = 0x17 }, NONE },
	{ "TLS alert record (0x15)", { .sni = QQHOST, .content_type = 0x15 },
	  NONE },
};

/* ---- payloads ------------------------------------------------------- */

struct blob {
	u8 buf[2048];
	u32 len;
};

static void vec_bytes(const struct vec *v, struct blob *b)
{
	if (v->hex) {
		b->len = unhex(v->hex, b->buf, sizeof(b->buf));
	} else if (v->txt) {
		b->len = strlen(v->txt);
		memcpy(b->buf, v->txt, b->len);
	} else {
		struct ch_opts o = { .sni = v->sni, .pad = 21 };
		struct ch_layout lay;

		b->len = build_ch(b->buf, &o, &lay);
	}
	while (b->len < v->pad)
		b->buf[b->len++] = 0x5a;
}

/*
 * Classify @len bytes from a heap copy of exactly that size, so ASan
 * flags any read past the view.
 */
static enum qq_class classify_exact(u8 l4proto, const u8 *p, u32 len,
				    u32 wire_len, struct qq_result *r)
{
	u8 *copy = malloc(len ? len : 1);
	struct qq_payload pl = { .data = copy, .len = len, .wire_len = wire_len,
				 .l4proto = l4proto };
	enum qq_class cls;

	memcpy(copy, p, len);
	if (len < wire_len) {
		pl.has_tail = true;
		pl.tail = 0x03;
	}
	cls = qq_classify(&pl, r);
	free(copy);
	return cls;
}

static enum qq_class classify_hex(u8 l4proto, const char *hex, u32 trim,
				  struct qq_result *r)
{
	u8 buf[512];
	size_t n = unhex(hex, buf, sizeof(buf));
	struct qq_payload pl = { .data = buf, .len = (u32)n - trim,
				 .wire_len = (u32)n, .l4proto = l4proto };

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

static unsigned int positives_by_class[QQ_CLASS_MAX + 1];
static unsigned int negatives_tcp, negatives_udp;

static void count_vec(u8 want, u8 l4proto)
{
	if (want)
		positives_by_class[want]++;
	else if (l4proto == QQ_L4_UDP) {
		negatives_udp++;
	} else {
		negatives_tcp++;
	}
}

static void check_vec(const char *name, u8 l4proto, const u8 *p, u32 len,
		      u32 wire_len, u8 want, u8 why)
{
	struct qq_result r;
	enum qq_class got = classify_exact(l4proto, p, len, wire_len, &r);

	check(got == want && r.cls == want && r.reason == why &&
	      (want ? r.units > 0 : r.units == 0),
	      "%s: got %s/%s want %s/%s", name, qq_class_name(got),
	      qq_reason_name(r.reason), qq_class_name(want), qq_reason_name(why));
}

/* ---- robustness: truncations and bit flips ------------------------- */

static unsigned long robust_runs;

/*
 * Every prefix of @p, as a whole segment and as a view of the whole
 * payload; every single-bit flip.  Only the sanitizers judge these, plus
 * one rule: a prefix of a positive never takes another class.
 */
static unsigned int robust_one(u8 l4proto, const u8 *p, u32 len, u8 want)
{
	struct qq_result r;
	unsigned int odd = 0;
	u32 n, bit;
	u8 *copy;

	for (n = 0; n <= len; n++) {
		enum qq_class a = classify_exact(l4proto, p, n, n, &r);
		enum qq_class b = n ? classify_exact(l4proto, p, n, len, &r) :
				      QQ_CLASS_NONE;

		robust_runs += 2;
		if (want && ((a && a != want) || (b && b != want)))
			odd++;
	}
	copy = malloc(len);
	memcpy(copy, p, len);
	for (n = 0; n < len; n++)
		for (bit = 0; bit < 8; bit++) {
			struct qq_payload pl = { .data = copy, .len = len,
						 .wire_len = len,
						 .l4proto = l4proto };

			copy[n] ^= 1u << bit;
			qq_classify(&pl, &r);
			copy[n] ^= 1u << bit;
			robust_runs++;
		}
	free(copy);
	return odd;
}

/* Flips of byte @at, bits as in @mask: how many stop the match. */
static unsigned int flips_rejected(u8 l4proto, const u8 *p, u32 len, u32 at,
				   unsigned int *tried)
{
	unsigned int bit, rejected = 0;
	u8 *copy = malloc(len);

	memcpy(copy, p, len);
	for (bit = 0; bit < 8; bit++) {
		struct qq_payload pl = { .data = copy, .len = len, .wire_len = len,
					 .l4proto = l4proto };
		struct qq_result r;

		copy[at] ^= 1u << bit;
		rejected += qq_classify(&pl, &r) == QQ_CLASS_NONE;
		copy[at] ^= 1u << bit;
		(*tried)++;
	}
	free(copy);
	return rejected;
}

static void robustness(void)
{
	unsigned int i, odd = 0, npos = 0;
	unsigned int stx_tried = 0, stx_rej = 0, msf_tried = 0, msf_rej = 0;
	unsigned int msf_other = 0, tls_tried = 0, tls_rej = 0;
	static struct blob b;

	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		const struct vec *v = &vecs[i];

		vec_bytes(v, &b);
		odd += robust_one(v->l4proto, b.buf, b.len, v->want);
		if (!v->want || v->cut)
			continue;
		npos++;
		if (v->want == QQ_CLASS_OICQ && v->l4proto == QQ_L4_UDP) {
			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, 0, &stx_tried);
			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, b.len - 1,
						  &stx_tried);
		} else if (v->want == QQ_CLASS_OICQ) {
			/* The first packet's STX and ETX. */
			u32 plen = (u32)b.buf[0] << 8 | b.buf[1];

			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, 2, &stx_tried);
			stx_rej += flips_rejected(v->l4proto, b.buf, b.len, plen - 1,
						  &stx_tried);
		} else if (v->want == QQ_CLASS_MSF) {
			/*
			 * The type word: a flip that leaves 0x0A..0x0C (0x0A and
			 * 0x0B differ in bit 0) is still a frame head, and an
			 * empty-D2 0x0A frame is byte for byte a 0x0B one; all
			 * other flips must be rejected.
			 */
			unsigned int k, bit;

			for (k = 4; k < 8; k++)
				for (bit = 0; bit < 8; bit++) {
					u8 t = b.buf[7] ^ (k == 7 ? 1u << bit : 0);
					u8 *copy = malloc(b.len);
					struct qq_payload pl = { .data = copy,
								 .len = b.len,
								 .wire_len = b.len,
								 .l4proto = QQ_L4_TCP };
					struct qq_result r;

					memcpy(copy, b.buf, b.len);
					copy[k] ^= 1u << bit;
					if (k == 7 && t >= 0x0a && t <= 0x0c) {
						msf_other++;
						free(copy);
						continue;
					}
					msf_tried++;
					msf_rej += qq_classify(&pl, &r) == QQ_CLASS_NONE;
					free(copy);
				}
		} else if (v->want == QQ_CLASS_TLS) {
			tls_rej += flips_rejected(v->l4proto, b.buf, b.len, 0, &tls_tried);
			tls_rej += flips_rejected(v->l4proto, b.buf, b.len, 5, &tls_tried);
		}
	}
	for (i = 0; i < ARRAY_SIZE(ch_vecs); i++) {
		struct ch_layout lay;

		build_ch(b.buf, &ch_vecs[i].o, &lay);
		odd += robust_one(QQ_L4_TCP, b.buf, lay.len, ch_vecs[i].want);
	}
	check(odd == 0, "no prefix of a vector takes another class (%u odd)", odd);
	check(npos >= 60, "truncations and bit flips of %u positive vectors, %lu runs",
	      npos, robust_runs);
	check(stx_rej == stx_tried && stx_tried >= 16,
	      "OICQ STX/ETX flips all rejected (%u/%u)", stx_rej, stx_tried);
	check(msf_rej == msf_tried && msf_tried >= 31 * 8,
	      "MSF type-word flips out of 0x0A..0x0C all rejected (%u/%u; %u flips "
	      "to another MSF type not judged)", msf_rej, msf_tried, msf_other);
	check(tls_rej == tls_tried && tls_tried >= 16,
	      "TLS content-type and handshake-type flips all rejected (%u/%u)",
	      tls_rej, tls_tried);
}

/* ---- TLS: vectors, truncations ------------------------------------- */

static void tls_vectors(void)
{
	static u8 buf[2048];
	struct ch_layout lay;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ch_vecs); i++) {
		const struct ch_vec *v = &ch_vecs[i];

		build_ch(buf, &v->o, &lay);
		count_vec(v->want, QQ_L4_TCP);
		check_vec(v->name, QQ_L4_TCP, buf, lay.len, lay.len, v->want, v->why);
	}

	/* Record version 3.5 and legacy_version 2.x are not TLS. */
	{
		struct ch_opts o = { .sni = QQHOST };

		build_ch(buf, &o, &lay);
		buf[2] = 0x05;
		count_vec(0, QQ_L4_TCP);
		check_vec("TLS record version 3.5", QQ_L4_TCP, buf, lay.len, lay.len,
			  NONE);
		buf[2] = 0x04;
		check_vec("TLS record version 3.4", QQ_L4_TCP, buf, lay.len, lay.len,
			  TSNI);
		buf[2] = 0x01;
		buf[9] = 0x02;
		count_vec(0, QQ_L4_TCP);
		check_vec("TLS legacy_version 2.3", QQ_L4_TCP, buf, lay.len, lay.len,
			  NONE);
	}
}

/*
 * Every cut of a QQ ClientHello, as a whole segment (with a continuation
 * offered) and as a view of a longer payload: never a crash or an
 * overread, and the answer follows from where the cut falls.
 */
static void tls_truncations(void)
{
	static u8 buf[2048];
	struct ch_opts o = { .sni = QQHOST, .pad = 40, .sid_len = 32 };
	struct ch_layout lay;
	unsigned int bad_seg = 0, bad_view = 0, more_seen = 0;
	u32 n;

	build_ch(buf, &o, &lay);
	for (n = 1; n <= lay.len; n++) {
		u8 *copy = malloc(n);
		struct qq_payload pl = { .data = copy, .len = n, .wire_len = n,
					 .l4proto = QQ_L4_TCP, .has_seq = true,
					 .seq = 1000 };
		struct qq_tls_cont cont;
		struct qq_result r;
		bool more, want_more;
		enum qq_class cls, want;

		memcpy(copy, buf, n);
		want = n >= lay.sni_end ? QQ_CLASS_TLS : QQ_CLASS_NONE;
		want_more = n >= lay.ext_start && n < lay.sni_hdr + 4;
		cls = qq_classify_cont(&pl, &r, &cont, &more);
		if (cls != want || more != want_more ||
		    (more && cont.next_seq != 1000 + n))
			bad_seg++;
		more_seen += more;
		/* A view of a longer payload: no continuation, same class. */
		pl.wire_len = lay.len + 100;
		cls = qq_classify_cont(&pl, &r, &cont, &more);
		if (cls != want || more)
			bad_view++;
		free(copy);
	}
	check(bad_seg == 0, "TLS ClientHello cut at every offset, len == wire_len "
	      "(%u wrong, %u continued)", bad_seg, more_seen);
	check(bad_view == 0, "TLS ClientHello cut at every offset, len < wire_len "
	      "(%u wrong)", bad_view);
}

/* ---- MSF: D2 bounds, built frames ------------------------------------- */

/* An MSF 0x0A frame with a @d2-byte D2 token, UIN 10001, 16-byte body. */
static u32 msf_login(u8 *p, u32 d2)
{
	u32 n = 0, i;

	n += 4;
	unhex("0000000a00", p + n, 5);
	n += 5;
	p[n++] = 0;
	p[n++] = 0;
	p[n++] = (d2 + 4) >> 8;
	p[n++] = d2 + 4;
	for (i = 0; i < d2; i++)
		p[n++] = 0x80 | (i & 0x7f);
	p[n++] = 0;
	n += unhex(UIN_10001 BLOB16, p + n, 64);
	p[0] = 0;
	p[1] = n >> 16;
	p[2] = n >> 8;
	p[3] = n;
	return n;
}

static void msf_d2_bounds(void)
{
	static u8 buf[1024];
	u32 n;

	n = msf_login(buf, 512);
	count_vec(QQ_CLASS_MSF, QQ_L4_TCP);
	check_vec("MSF 0x0A with a 512-byte D2", QQ_L4_TCP, buf, n, n, MSF);
	n = msf_login(buf, 513);
	count_vec(0, QQ_L4_TCP);
	check_vec("MSF 0x0A with a 513-byte D2", QQ_L4_TCP, buf, n, n, NONE);
	n = msf_login(buf, 0);
	count_vec(QQ_CLASS_MSF, QQ_L4_TCP);
	check_vec("MSF 0x0A, built, empty D2", QQ_L4_TCP, buf, n, n, MSF);
	/* A segment of 64 frames: the walk is bounded. */
	{
		static u8 seg[64 * 44 + 44];
		struct qq_result r;
		unsigned int k;

		for (k = 0; k < 65; k++)
			unhex(P10, seg + k * 44, 44);
		check(classify_exact(QQ_L4_TCP, seg, sizeof(seg), sizeof(seg), &r) ==
		      QQ_CLASS_MSF && r.units == 64, "MSF: 65 frames, 64 walked (%u)",
		      r.units);
	}
}

/* The /qqfile/qq marker: more than 100 bytes of payload, exactly. */
static void http_qqfile_boundary(void)
{
	static const char head[] = "GET /qqfile/qq2013.exe HTTP/1.1\r\n"
				   "Host: dl.example.com\r\nX-Pad: ";
	char buf[256];
	u32 n;

	for (n = 99; n <= 102; n++) {
		u32 h = strlen(head), k;

		memcpy(buf, head, h);
		for (k = h; k < n - 4; k++)
			buf[k] = 'a';
		memcpy(buf + n - 4, "\r\n\r\n", 4);
		count_vec(n > 100 ? QQ_CLASS_HTTP : 0, QQ_L4_TCP);
		check_vec(n > 100 ? "GET /qqfile/qq, > 100 bytes" :
			  "GET /qqfile/qq, <= 100 bytes", QQ_L4_TCP, (u8 *)buf, n, n,
			  n > 100 ? QQ_CLASS_HTTP : QQ_CLASS_NONE,
			  n > 100 ? QQ_R_HTTP_CLIENT : QQ_R_NONE);
	}
	/* wire_len counts, not the view: a short view of a 1400-byte one. */
	{
		static const char v[] = "GET /qqfile/qq/x.exe HTTP/1.1\r\n"
					"Host: dl.example.com\r\n";

		count_vec(QQ_CLASS_HTTP, QQ_L4_TCP);
		check_vec("GET /qqfile/qq, a short view of 1400 bytes", QQ_L4_TCP,
			  (const u8 *)v, sizeof(v) - 1, 1400, HCLI);
	}
}

/* ---- flow verdicts -------------------------------------------------- */

struct flow {
	struct qq_verdict v;
	struct qq_tls_cont cont;
	struct qq_tls_cont *c;	/* &cont, or NULL */
};

static void flow_init(struct flow *f, bool with_cont)
{
	memset(f, 0, sizeof(*f));
	memset(&f->cont, 0xa5, sizeof(f->cont));	/* no reliance on zeroes */
	f->c = with_cont ? &f->cont : NULL;
}

/* One TCP payload packet, from an exactly sized heap copy. */
static enum qq_class fpkt(struct flow *f, const u8 *p, u32 len, u8 dir,
			  u32 seq, struct qq_result *r)
{
	u8 *copy = malloc(len ? len : 1);
	struct qq_payload pl = { .data = copy, .len = len, .wire_len = len,
				 .l4proto = QQ_L4_TCP, .has_seq = true,
				 .dir = dir, .seq = seq };
	enum qq_class cls;

	memcpy(copy, p, len);
	cls = qq_verdict_packet(&f->v, f->c, &pl, r);
	free(copy);
	return cls;
}

static const u8 opaque[48] = {
	0x17, 0x03, 0x03, 0x00, 0x2b, 0x9e, 0x41, 0x07, 0xc2, 0x5d, 0x33, 0x80,
	0x1f, 0xaa, 0x64, 0x90, 0x02, 0x11, 0x5b, 0xd4, 0x38, 0x7e, 0xe0, 0x4c,
};

static bool is(const struct qq_result *r, enum qq_class cls, enum qq_reason why)
{
	return r->cls == cls && r->reason == why;
}

static void verdict_sticky(void)
{
	static u8 p10[64];
	u32 n = unhex(P10, p10, sizeof(p10)), seq0 = 5000, seq1 = 9000;
	struct qq_result r;
	struct flow f;
	unsigned int k, ok = 0;

	flow_init(&f, true);
	check(fpkt(&f, p10, n, 0, seq0, &r) == QQ_CLASS_MSF && is(&r, MSF),
	      "verdict: first packet MSF (reason %s)", qq_reason_name(r.reason));
	seq0 += n;
	for (k = 0; k < 20; k++) {
		u8 dir = k & 1;
		enum qq_class cls = fpkt(&f, opaque, sizeof(opaque), dir,
					 dir ? seq1 : seq0, &r);

		if (dir)
			seq1 += sizeof(opaque);
		else
			seq0 += sizeof(opaque);
		ok += cls == QQ_CLASS_MSF && is(&r, QQ_CLASS_MSF, QQ_R_FLOW) &&
		      r.units == 0;
	}
	check(ok == 20, "verdict: 20 opaque packets of both directions after it "
	      "are MSF, reason flow (%u/20)", ok);
	check(qq_verdict_final(&f.v) && f.v.seen == 1,
	      "verdict: a QQ flow is final, inspected once (seen %u)", f.v.seen);

	/* QQ found late: opaque, opaque, then QQ, then sticky. */
	flow_init(&f, true);
	fpkt(&f, opaque, sizeof(opaque), 0, 1, &r);
	fpkt(&f, opaque, sizeof(opaque), 1, 1, &r);
	check(is(&r, NONE) && !qq_verdict_final(&f.v),
	      "verdict: opaque packets are NONE, flow not final");
	check(fpkt(&f, p10, n, 0, 1 + sizeof(opaque), &r) == QQ_CLASS_MSF &&
	      is(&r, MSF), "verdict: third packet MSF");
	check(fpkt(&f, opaque, sizeof(opaque), 1, 1 + sizeof(opaque), &r) ==
	      QQ_CLASS_MSF && is(&r, QQ_CLASS_MSF, QQ_R_FLOW),
	      "verdict: then the reply is MSF by flow");
}

static void verdict_limit(void)
{
	static u8 p10[64];
	u32 n = unhex(P10, p10, sizeof(p10)), k;
	struct qq_result r;
	struct flow f;
	unsigned int none = 0;

	flow_init(&f, true);
	for (k = 0; k < QQ_VERDICT_PKTS; k++)
		none += fpkt(&f, opaque, sizeof(opaque), k & 1,
			     100 + k * 48, &r) == QQ_CLASS_NONE;
	check(none == QQ_VERDICT_PKTS && f.v.seen == QQ_VERDICT_PKTS &&
	      qq_verdict_final(&f.v), "verdict: %u opaque packets, flow final",
	      QQ_VERDICT_PKTS);
	check(fpkt(&f, p10, n, 0, 100 + k * 48, &r) == QQ_CLASS_NONE &&
	      is(&r, NONE) && f.v.seen == QQ_VERDICT_PKTS,
	      "verdict: a QQ-looking packet 9 is not classified (%s/%s)",
	      qq_class_name(r.cls), qq_reason_name(r.reason));

	/* ... but packet 8 still is. */
	flow_init(&f, true);
	for (k = 0; k < QQ_VERDICT_PKTS - 1; k++)
		fpkt(&f, opaque, sizeof(opaque), 0, 100 + k * 48, &r);
	check(fpkt(&f, p10, n, 0, 100 + k * 48, &r) == QQ_CLASS_MSF && is(&r, MSF),
	      "verdict: a QQ packet 8 is QQ");
}

/*
 * A QQ ClientHello in two segments cut at @s.  Returns 0 when the flow
 * ends as @want with the right reasons, else a bit per wrong step.
 */
static unsigned int ch_split(const u8 *ch, u32 len, u32 s, u32 seq,
			     bool with_cont, enum qq_class want1,
			     enum qq_reason why1, bool more1, enum qq_class want2,
			     enum qq_reason why2)
{
	struct qq_result r;
	struct flow f;
	unsigned int bad = 0;

	flow_init(&f, with_cont);
	if (fpkt(&f, ch, s, 0, seq, &r) != want1 || !is(&r, want1, why1))
		bad |= 1;
	if (f.v.more != more1)
		bad |= 2;
	if (fpkt(&f, ch + s, len - s, 0, seq + s, &r) != want2 ||
	    !is(&r, want2, why2))
		bad |= 4;
	if (f.v.more)
		bad |= 8;
	return bad;
}

static void verdict_tls_splits(void)
{
	static u8 ch[2048];
	struct ch_opts o = { .sni = QQHOST, .pad = 64, .sid_len = 32 };
	struct ch_layout lay;
	unsigned int bad_pad = 0, bad_sni = 0, bad_early = 0, bad_late = 0;
	unsigned int npad = 0, nsni = 0, bad3 = 0, n3 = 0;
	u32 s, t, len = build_ch(ch, &o, &lay);

	for (s = 1; s < len; s++) {
		if (s >= lay.ext_start && s < lay.sni_hdr + 4) {
			/* Inside the padding (or a header): resumed. */
			npad++;
			bad_pad += !!ch_split(ch, len, s, 77777, true, NONE, true,
					      QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
		} else if (s >= lay.sni_hdr + 4 && s < lay.sni_end) {
			/* Inside server_name: given up, nothing guessed. */
			nsni++;
			bad_sni += !!ch_split(ch, len, s, 77777, true, NONE, false,
					      NONE);
		} else if (s < lay.ext_start) {
			bad_early += !!ch_split(ch, len, s, 77777, true, NONE, false,
						NONE);
		} else {
			bad_late += !!ch_split(ch, len, s, 77777, true, TSNI, false,
					       QQ_CLASS_TLS, QQ_R_FLOW);
		}
	}
	check(npad > 64 && bad_pad == 0, "verdict: ClientHello split at each of %u "
	      "offsets in the padding before server_name: tls-sni-cont (%u wrong)",
	      npad, bad_pad);
	check(nsni > 10 && bad_sni == 0, "verdict: split at each of %u offsets in "
	      "server_name: given up, NONE (%u wrong)", nsni, bad_sni);
	check(bad_early == 0, "verdict: split before the extension block: NONE "
	      "(%u wrong)", bad_early);
	check(bad_late == 0, "verdict: split after server_name: tls-sni, then "
	      "flow (%u wrong)", bad_late);

	/* Three segments, both cuts before server_name. */
	for (s = lay.pad_hdr; s < lay.sni_hdr + 4; s += 3)
		for (t = s + 1; t < lay.sni_hdr + 4; t += 5) {
			struct qq_result r;
			struct flow f;
			bool ok;

			flow_init(&f, true);
			ok = fpkt(&f, ch, s, 0, 1, &r) == QQ_CLASS_NONE && f.v.more;
			ok &= fpkt(&f, ch + s, t - s, 0, 1 + s, &r) == QQ_CLASS_NONE &&
			      f.v.more && is(&r, NONE);
			ok &= fpkt(&f, ch + t, len - t, 0, 1 + t, &r) == QQ_CLASS_TLS &&
			      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
			bad3 += !ok;
			n3++;
		}
	check(bad3 == 0, "verdict: ClientHello in three segments, %u cut pairs "
	      "(%u wrong)", n3, bad3);

	/* A non-QQ name, resumed: NONE, and the walk is over. */
	{
		struct ch_opts w = { .sni = "short.weixin.qq.com", .pad = 64 };
		static u8 wx[2048];
		u32 wl = build_ch(wx, &w, &lay);

		check(!ch_split(wx, wl, lay.pad_hdr + 10, 5, true, NONE, true, NONE),
		      "verdict: a WeChat ClientHello resumed: NONE");
	}
	/* No room for a continuation: nothing is resumed. */
	check(!ch_split(ch, len, lay.pad_hdr + 10, 5, false, NONE, false, NONE),
	      "verdict: cont == NULL, split ClientHello: NONE, NONE");
	{
		struct qq_result r;
		struct flow f;

		flow_init(&f, false);
		check(fpkt(&f, ch, len, 0, 5, &r) == QQ_CLASS_TLS && is(&r, TSNI),
		      "verdict: cont == NULL, whole ClientHello: tls-sni");
	}
}

static void verdict_tls_sequence(void)
{
	static u8 ch[2048];
	struct ch_opts o = { .sni = QQHOST, .pad = 64 };
	struct ch_layout lay;
	struct qq_result r;
	struct flow f;
	u32 len = build_ch(ch, &o, &lay), s = lay.pad_hdr + 20, seq, k;
	bool ok;

	/* The first segment again, before the second: still waiting. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_TLS &&
	      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: retransmitted first segment, then the second: resumed");

	/* Part of it again (a shorter retransmission), twice. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + 5, 10, 0, 1005, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch, s - 1, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_TLS &&
	      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: partial retransmissions keep the walk waiting");

	/* Repacketised: the second segment re-sends the last 7 old bytes. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + s - 7, len - s + 7, 0, 1000 + s - 7, &r) ==
	      QQ_CLASS_TLS && is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: a second segment overlapping old data: resumed");

	/* A gap: seq jumps ahead; the walk is given up for good. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + s + 1, len - s - 1, 0, 1000 + s + 1, &r) ==
	      QQ_CLASS_NONE && is(&r, NONE) && !f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_NONE &&
	      !f.v.more;
	check(ok, "verdict: a gap gives the walk up, the late segment stays NONE");

	/* A segment without a sequence number gives it up too. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE && f.v.more;
	{
		struct qq_payload pl = { .data = ch + s, .len = len - s,
					 .wire_len = len - s, .l4proto = QQ_L4_TCP };

		ok &= qq_verdict_packet(&f.v, f.c, &pl, &r) == QQ_CLASS_NONE &&
		      !f.v.more;
	}
	check(ok, "verdict: a segment without seq gives the walk up");

	/* Server packets in between do not disturb it. */
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, 1000, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, opaque, sizeof(opaque), 1, 1000 + s, &r) == QQ_CLASS_NONE &&
	      f.v.more;
	ok &= fpkt(&f, opaque, sizeof(opaque), 1, 1000 + s + 48, &r) ==
	      QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_TLS &&
	      is(&r, QQ_CLASS_TLS, QQ_R_TLS_SNI_CONT);
	check(ok, "verdict: server-direction packets in between: still resumed");

	/* Sequence numbers wrapping around 2^32, at every offset near it. */
	ok = true;
	for (k = 0; k < 16; k++) {
		seq = 0xffffffffU - s + k - 7;	/* wraps inside or just after */
		ok &= !ch_split(ch, len, s, seq, true, NONE, true, QQ_CLASS_TLS,
				QQ_R_TLS_SNI_CONT);
	}
	check(ok, "verdict: seq wrapping near 2^32: resumed");
	flow_init(&f, true);
	seq = 0xfffffff0U;
	ok = fpkt(&f, ch, s, 0, seq, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch, s, 0, seq, &r) == QQ_CLASS_NONE && f.v.more;
	ok &= fpkt(&f, ch + s, len - s, 0, seq + s, &r) == QQ_CLASS_TLS;
	check(ok, "verdict: retransmission across the wrap: resumed");
	flow_init(&f, true);
	ok = fpkt(&f, ch, s, 0, seq, &r) == QQ_CLASS_NONE;
	ok &= fpkt(&f, ch + s + 2, len - s - 2, 0, seq + s + 2, &r) ==
	      QQ_CLASS_NONE && !f.v.more;
	check(ok, "verdict: a gap across the wrap: given up");

	/* A first segment bigger than the view cannot be resumed. */
	flow_init(&f, true);
	{
		struct qq_payload pl = { .data = ch, .len = s, .wire_len = s + 100,
					 .l4proto = QQ_L4_TCP, .has_seq = true,
					 .seq = 1 };

		ok = qq_verdict_packet(&f.v, f.c, &pl, &r) == QQ_CLASS_NONE &&
		     !f.v.more;
	}
	check(ok, "verdict: a first segment cut by the view: no continuation");

	/* The continuation waits past packet 8 only as far as the limit. */
	flow_init(&f, true);
	fpkt(&f, ch, s, 0, 1000, &r);
	for (k = 1; k < QQ_VERDICT_PKTS; k++)
		fpkt(&f, ch, s, 0, 1000, &r);
	check(fpkt(&f, ch + s, len - s, 0, 1000 + s, &r) == QQ_CLASS_NONE &&
	      qq_verdict_final(&f.v), "verdict: 8 retransmissions exhaust the flow");
}

int main(void)
{
	static struct blob b;
	struct qq_result r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vecs); i++) {
		const struct vec *v = &vecs[i];

		vec_bytes(v, &b);
		count_vec(v->want, v->l4proto);
		check_vec(v->name, v->l4proto, b.buf, b.len - v->cut, b.len, v->want,
			  v->why);
	}
	tls_vectors();
	msf_d2_bounds();
	http_qqfile_boundary();

	/* A UDP datagram whose tail is not in view is never judged. */
	{
		struct qq_payload pl = { .len = 43, .wire_len = 44,
					 .l4proto = QQ_L4_UDP };
		u8 buf[64];

		unhex(P1, buf, sizeof(buf));
		pl.data = buf;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "UDP with truncated view is not classified");
	}
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
	check(classify_hex(QQ_L4_TCP, P10 P10B, 0, &r) == QQ_CLASS_MSF &&
	      r.units == 2, "MSF unit count of two frames (%u)", r.units);
	check(classify_hex(QQ_L4_TCP, P11_NOD2 REPLY_0A P9, 0, &r) ==
	      QQ_CLASS_MSF && r.units == 3, "MSF unit count of three frames (%u)",
	      r.units);

	{	/* Empty and inconsistent inputs. */
		struct qq_payload pl = { .data = NULL, .len = 0, .wire_len = 0,
					 .l4proto = QQ_L4_UDP };
		u8 one[1] = { 2 };

		check(qq_classify(&pl, &r) == QQ_CLASS_NONE && r.cls == 0,
		      "NULL payload");
		pl.data = one;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE, "zero length");
		pl.len = 1;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "len > wire_len rejected");
	}

	{	/* 64 concatenated packets: walk bounded, still a match. */
		u8 seg[64 * 16];
		struct qq_payload pl = { .data = seg, .len = sizeof(seg),
					 .wire_len = sizeof(seg), .l4proto = QQ_L4_TCP };
		unsigned int k;

		for (k = 0; k < 64; k++) {
			unhex("0010024a07000200010098968003", seg + k * 16, 16);
			seg[k * 16 + 15] = 0x03;
			seg[k * 16 + 14] = 0x11;
		}
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
		unsigned int bl, hits = 0;

		for (bl = 2034; bl <= 2047; bl++) {
			struct qq_payload pl = { .data = seg, .len = 2048,
						 .wire_len = bl + 900,
						 .l4proto = QQ_L4_TCP };

			tcp_oicq_packet(seg, bl);
			tcp_oicq_packet(seg + bl, 900);
			hits += qq_classify(&pl, &r) == QQ_CLASS_OICQ;
		}
		check(hits == 14, "TCP view ending 1..14 bytes into a packet (%u/14)",
		      hits);
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
			size_t n;
			struct qq_payload pl;

			unhex("000e024a070002000100989680031403", seg, sizeof(seg));
			seg[13] = 0x03;
			n = 14 + unhex(tails[k], seg + 14, sizeof(seg) - 14);
			pl = (struct qq_payload){ .data = seg, .len = (u32)n,
						  .wire_len = (u32)n,
						  .l4proto = QQ_L4_TCP };
			hits += qq_classify(&pl, &r) == QQ_CLASS_OICQ;
		}
		check(hits == 6, "a packet, then 1..6 bytes of the next (%u/6)", hits);
		for (k = 0; k < 4; k++) {
			size_t n;
			struct qq_payload pl;

			unhex("000e024a070002000100989680031403", seg, sizeof(seg));
			seg[13] = 0x03;
			n = 14 + unhex(bad[k], seg + 14, sizeof(seg) - 14);
			pl = (struct qq_payload){ .data = seg, .len = (u32)n,
						  .wire_len = (u32)n,
						  .l4proto = QQ_L4_TCP };
			misses += qq_classify(&pl, &r) == QQ_CLASS_NONE;
		}
		check(misses == 4, "an inconsistent next packet start is rejected (%u/4)",
		      misses);
	}

	/* A UDP datagram bigger than the view: judged by header and tail. */
	{
		u8 dg[3000];
		struct qq_payload pl = { .data = dg, .len = 2048,
					 .wire_len = sizeof(dg), .l4proto = QQ_L4_UDP };

		memset(dg, 0x55, sizeof(dg));
		unhex("024a07000200010098968003", dg, 12);
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, tail unknown: not judged");
		pl.has_tail = true;
		pl.tail = 0x03;
		check(qq_classify(&pl, &r) == QQ_CLASS_OICQ, "big datagram, ETX tail: QQ");
		pl.tail = 0x00;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, other tail: not QQ");
		pl.tail = 0x03;
		dg[3] = 0x99;	/* unknown command */
		dg[4] = 0x99;
		check(qq_classify(&pl, &r) == QQ_CLASS_NONE,
		      "big datagram, unknown command: not QQ");
	}

	tls_truncations();
	robustness();

	verdict_sticky();
	verdict_limit();
	verdict_tls_splits();
	verdict_tls_sequence();

	check(!strcmp(qq_class_name(QQ_CLASS_OICQ), "oicq") &&
	      !strcmp(qq_class_name(QQ_CLASS_SERVER), "server") &&
	      !strcmp(qq_class_name(99), "unknown"), "class names");
	check(!strcmp(qq_reason_name(QQ_R_TLS_SNI_CONT), "tls-sni-cont") &&
	      !strcmp(qq_reason_name(QQ_R_FLOW), "flow") &&
	      !strcmp(qq_reason_name(200), "unknown"), "reason names");

	printf("# vectors: oicq %u, msf %u, http %u, tls %u positive; "
	       "%u tcp and %u udp negative\n",
	       positives_by_class[QQ_CLASS_OICQ], positives_by_class[QQ_CLASS_MSF],
	       positives_by_class[QQ_CLASS_HTTP], positives_by_class[QQ_CLASS_TLS],
	       negatives_tcp, negatives_udp);
	return check_done("classify");
}
