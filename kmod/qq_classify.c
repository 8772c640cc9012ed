// SPDX-License-Identifier: GPL-2.0-only
/*
 * One payload in, one class out.  Each protocol has its own file
 * (qq_oicq.c, qq_msf.c, qq_http.c, qq_tls.c); every one of them rejects
 * foreign traffic on its first byte or two, so trying them in turn costs
 * a non-QQ payload a handful of compares.
 */
#include "qq_proto.h"

enum qq_class qq_classify_cont(const struct qq_payload *pl,
			       struct qq_result *res, struct qq_tls_cont *cont,
			       bool *more)
{
	enum qq_class cls = QQ_CLASS_NONE;

	res->cls = QQ_CLASS_NONE;
	res->reason = QQ_R_NONE;
	res->units = 0;
	if (more)
		*more = false;
	if (!pl->data || pl->len == 0 || pl->len > pl->wire_len)
		return QQ_CLASS_NONE;

	if (pl->l4proto == QQ_L4_UDP) {
		if (qq_oicq_udp(pl, res))
			cls = QQ_CLASS_OICQ;
	} else if (pl->l4proto == QQ_L4_TCP) {
		if (qq_oicq_tcp(pl, res))
			cls = QQ_CLASS_OICQ;
		else if (qq_msf_tcp(pl, res))
			cls = QQ_CLASS_MSF;
		else if (qq_tls_start(pl, res, cont, more) == QQ_CLASS_TLS)
			cls = QQ_CLASS_TLS;
		else if (qq_http_tcp(pl, res))
			cls = QQ_CLASS_HTTP;
	}
	res->cls = cls;
	return cls;
}

enum qq_class qq_classify(const struct qq_payload *pl, struct qq_result *res)
{
	return qq_classify_cont(pl, res, NULL, NULL);
}

const char *qq_class_name(unsigned int cls)
{
	static const char * const names[] = {
		[QQ_CLASS_NONE]   = "none",
		[QQ_CLASS_OICQ]   = "oicq",
		[QQ_CLASS_MSF]    = "msf",
		[QQ_CLASS_HTTP]   = "http",
		[QQ_CLASS_TLS]    = "tls",
		[QQ_CLASS_SERVER] = "server",
	};

	return cls < ARRAY_SIZE(names) ? names[cls] : "unknown";
}

const char *qq_reason_name(unsigned int reason)
{
	static const char * const names[] = {
		[QQ_R_NONE]     = "none",
		[QQ_R_OICQ_UDP] = "oicq-udp",
		[QQ_R_OICQ_TCP] = "oicq-tcp",
		[QQ_R_MSF]      = "msf",
		[QQ_R_HTTP_CLIENT]  = "http-client",
		[QQ_R_HTTP_HOST]    = "http-host",
		[QQ_R_HTTP_CONNECT] = "http-connect",
		[QQ_R_TLS_SNI]  = "tls-sni",
		[QQ_R_TLS_SNI_CONT] = "tls-sni-cont",
		[QQ_R_FLOW]     = "flow",
		[QQ_R_SERVER]   = "server",
	};

	return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}
