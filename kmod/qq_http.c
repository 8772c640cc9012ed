// SPDX-License-Identifier: GPL-2.0-only
/*
 * QQ masquerading over HTTP (facts S9, B.1; Check Point's "Block
 * masquerading over HTTP protocol").  A request matches when
 *  - it is a proxy CONNECT to a QQ IM host (qq_hosts.c),
 *  - its Host header or absolute URI names one, or
 *  - it carries the QQ client's own markers: a "/qqfile/qq" request in a
 *    payload of more than 100 bytes, "User-Agent: QQClient...", or a
 *    header named "QQ".
 * Only a well-formed request line (method, target, HTTP/1.x) is looked
 * at, and only the headers inside our view.  A browser's "QQBrowser"
 * user agent or a Host in the wide *.qq.com space is not QQ IM.
 */
#include "qq_proto.h"

#define HTTP_QQFILE_MIN_LEN	101	/* old nDPI's floor: more than 100 */

struct http_span {
	const u8 *p;
	u32 len;
};

static bool span_ieq(struct http_span s, const char *lit)
{
	u32 i;

	for (i = 0; i < s.len && lit[i]; i++)
		if (qq_lower(s.p[i]) != (u8)lit[i])
			return false;
	return i == s.len && !lit[i];
}

static bool span_iprefix(struct http_span s, const char *lit)
{
	u32 i;

	for (i = 0; lit[i]; i++)
		if (i >= s.len || qq_lower(s.p[i]) != (u8)lit[i])
			return false;
	return true;
}

/* The next line at *@off, without its CR LF; false when cut by the view. */
static bool next_line(const struct qq_payload *pl, u32 *off,
		      struct http_span *line)
{
	u32 i;

	for (i = *off; i < pl->len; i++) {
		if (pl->data[i] != '\n')
			continue;
		line->p = pl->data + *off;
		line->len = i - *off;
		if (line->len && line->p[line->len - 1] == '\r')
			line->len--;
		*off = i + 1;
		return true;
	}
	return false;
}

static struct http_span trim(struct http_span s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

/*
 * "host[:port][/path]": is host a QQ IM host?  IPv6 literals never are,
 * and neither is anything with userinfo ("qq-host@elsewhere").
 */
static bool authority_is_qq(struct http_span a)
{
	u32 i, hlen = a.len;

	for (i = 0; i < a.len && a.p[i] != '/'; i++) {
		if (a.p[i] == '@')
			return false;
		if (a.p[i] == ':' && hlen == a.len)
			hlen = i;
	}
	if (hlen > i)
		hlen = i;
	return qq_im_host(a.p, hlen);
}

/* METHOD SP target SP HTTP/1.x, all on the first line. */
static bool request_line(struct http_span line, struct http_span *method,
			 struct http_span *target)
{
	u32 i, sp1 = 0, sp2 = 0;

	for (i = 0; i < line.len; i++) {
		u8 c = line.p[i];

		if (c == ' ') {
			if (!sp1)
				sp1 = i;
			else if (!sp2)
				sp2 = i;
			else
				return false;
		} else if (c < 0x21 || c > 0x7e) {
			return false;
		} else if (!sp1 && (c < 'A' || c > 'Z')) {
			return false;	/* methods are upper-case tokens */
		}
	}
	if (!sp1 || !sp2 || sp2 == sp1 + 1)
		return false;
	method->p = line.p;
	method->len = sp1;
	target->p = line.p + sp1 + 1;
	target->len = sp2 - sp1 - 1;
	line.p += sp2 + 1;
	line.len -= sp2 + 1;
	return span_ieq(line, "http/1.1") || span_ieq(line, "http/1.0");
}

static bool http_header_is_qq(struct http_span line, u8 *reason)
{
	struct http_span name, value;
	u32 colon;

	for (colon = 0; colon < line.len && line.p[colon] != ':'; colon++)
		;
	if (colon == 0 || colon == line.len)
		return false;
	name.p = line.p;
	name.len = colon;
	value.p = line.p + colon + 1;
	value.len = line.len - colon - 1;
	value = trim(value);

	if (span_ieq(name, "qq") ||
	    (span_ieq(name, "user-agent") && span_iprefix(value, "qqclient"))) {
		*reason = QQ_R_HTTP_CLIENT;
		return true;
	}
	if (span_ieq(name, "host") && authority_is_qq(value)) {
		*reason = QQ_R_HTTP_HOST;
		return true;
	}
	return false;
}

bool qq_http_tcp(const struct qq_payload *pl, struct qq_result *res)
{
	struct http_span line, method, target;
	u32 off = 0;
	u8 reason = QQ_R_NONE;

	/* Cheap reject: requests start with an upper-case method. */
	if (pl->len < 16 || pl->data[0] < 'A' || pl->data[0] > 'Z')
		return false;
	if (!next_line(pl, &off, &line) || !request_line(line, &method, &target))
		return false;

	if (span_ieq(method, "connect")) {
		if (authority_is_qq(target))
			reason = QQ_R_HTTP_CONNECT;
	} else if (span_iprefix(target, "http://")) {
		target.p += 7;
		target.len -= 7;
		if (authority_is_qq(target))
			reason = QQ_R_HTTP_HOST;
	} else if (span_iprefix(target, "/qqfile/qq") &&
		   pl->wire_len >= HTTP_QQFILE_MIN_LEN) {
		reason = QQ_R_HTTP_CLIENT;
	}

	while (reason == QQ_R_NONE && next_line(pl, &off, &line) && line.len)
		http_header_is_qq(line, &reason);
	if (reason == QQ_R_NONE)
		return false;
	res->reason = reason;
	res->units = 1;
	return true;
}
