// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow verdicts (qq_verdict.h).  Plain C like qq_classify.c: it keeps no
 * state of its own and allocates nothing.
 */
#include "qq_verdict.h"

enum qq_class qq_verdict_packet(struct qq_verdict *v, struct qq_tls_cont *cont,
				const struct qq_payload *pl,
				struct qq_result *res)
{
	enum qq_class cls;
	bool more = false, resumed = false;

	res->cls = v->cls;
	res->reason = v->cls ? QQ_R_FLOW : QQ_R_NONE;
	res->units = 0;
	if (qq_verdict_final(v))
		return (enum qq_class)v->cls;
	v->seen++;

	if (v->more && cont && pl->has_seq && pl->dir == cont->dir) {
		cls = qq_tls_resume(cont, pl, res, &more, &resumed);
		if (resumed) {
			v->more = more;
			v->cls = cls;
			res->cls = cls;
			return cls;
		}
	}
	/* A gap in the ClientHello's direction loses the walk. */
	if (v->more && (!cont || !pl->has_seq || pl->dir == cont->dir))
		v->more = false;

	cls = qq_classify_cont(pl, res, v->more ? NULL : cont, &more);
	if (more)
		v->more = true;
	v->cls = cls;
	return cls;
}
