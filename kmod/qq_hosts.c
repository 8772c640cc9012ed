// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host names that only QQ IM clients contact (facts B.1), for HTTP Host,
 * proxy CONNECT and TLS SNI.
 *
 * The list is deliberately narrow.  "*.qq.com" and Tencent's address space
 * also carry WeChat (weixin.qq.com, wx.qq.com), Tencent Video, QQ Mail and
 * Qzone, and public bug reports show suffix and ASN rules over-blocking
 * them (facts e.18, e.19, g.4).  Only exact names or numbered series are
 * listed: the classic login and TCP servers, the MSF entry points and
 * their configuration server, and the NT and chat-media hosts.
 */
#include "qq_proto.h"

/*
 * Patterns are matched whole and case-insensitively; '#' stands for zero
 * to two decimal digits (sz, sz2 .. sz9; tcpconn, tcpconn2 ..).
 */
static const char * const qq_im_hosts[] = {
	"sz#.tencent.com",		/* classic OICQ UDP login */
	"tcpconn#.tencent.com",		/* classic OICQ over TCP */
	"msfwifi#.3g.qq.com",		/* MSF/SSO entry, mobile QQ, TIM, NT */
	"msfwifiv6.3g.qq.com",		/* the same over IPv6 */
	"configsvr.msf.3g.qq.com",	/* the dynamic SSO server list */
	"multimedia.nt.qq.com.cn",	/* QQNT chat media */
	"grouptalk.c2c.qq.com",		/* long messages */
	"oidb.tim.qq.com",		/* TIM/QQ service calls */
	"gchat.qpic.cn",		/* group chat pictures */
	"c2cpicdw.qpic.cn",		/* one-to-one chat pictures */
};

static bool host_matches(const char *pat, const u8 *name, u32 len)
{
	u32 i = 0;

	for (; *pat; pat++) {
		if (*pat == '#') {
			u32 digits = 0;

			while (i < len && digits < 2 && name[i] >= '0' &&
			       name[i] <= '9') {
				i++;
				digits++;
			}
			continue;
		}
		if (i >= len || qq_lower(name[i]) != (u8)*pat)
			return false;
		i++;
	}
	return i == len;
}

bool qq_im_host(const u8 *name, u32 len)
{
	unsigned int k;

	if (len && name[len - 1] == '.')	/* a fully qualified name */
		len--;
	if (len == 0 || len > 253)
		return false;
	for (k = 0; k < ARRAY_SIZE(qq_im_hosts); k++)
		if (host_matches(qq_im_hosts[k], name, len))
			return true;
	return false;
}
