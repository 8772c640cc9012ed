/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Classifier vectors shared by the userspace unit test
 * (tests/unit/classify_test.c) and the KUnit suite
 * (tests/kunit/xt_qq_kunit.c), so the module and the userspace build are
 * held to the same table: the facts file's positives (C.1, C.2) and every
 * near-miss class it lists (C.3), each with the class and reason expected,
 * and a TLS ClientHello builder for the SNI vectors.
 *
 * Plain C (memcpy, memset, strlen) so it compiles in both worlds; the
 * includer provides those and the u8/u16/u32 types (qq_classify.h).
 */
#ifndef QQ_VECTORS_H
#define QQ_VECTORS_H

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

static inline int qqv_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
}

/* Hex digits to bytes, at most @max of them. */
static inline size_t unhex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < max; hex += 2)
		out[n++] = qqv_nibble(hex[0]) << 4 | qqv_nibble(hex[1]);
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

static inline u8 *put16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
	return p + 2;
}

static inline u8 *put_ext(u8 *p, u16 type, const char *hexbody)
{
	u8 body[64];
	size_t n = unhex(hexbody, body, sizeof(body));

	p = put16(p, type);
	p = put16(p, n);
	memcpy(p, body, n);
	return p + n;
}

static inline u8 *put_sni(u8 *b, u8 *p, const struct ch_opts *o,
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
static inline u32 build_ch(u8 *b, const struct ch_opts *o, struct ch_layout *lay)
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

static inline void vec_bytes(const struct vec *v, struct blob *b)
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


#endif /* QQ_VECTORS_H */
