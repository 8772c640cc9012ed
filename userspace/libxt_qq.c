// SPDX-License-Identifier: GPL-2.0-only
/*
 * libxt_qq: the iptables side of "-m qq" (libxtables x6 option API).
 *
 *   -m qq [[!] --class LIST] [--no-log]
 *
 * With no --class every class matches.  "all" names every class and is
 * stored as the empty mask, so "--class all" and no --class are one rule.
 * An explicit list is stored as a list.
 */
#include <stdio.h>
#include <string.h>
#include <xtables.h>

#include "uapi/xt_qq.h"

enum {
	O_CLASS = 0,
	O_NOLOG,
};

static const char *const qq_class_names[] = {
	[QQ_CLASS_OICQ]   = "oicq",
	[QQ_CLASS_MSF]    = "msf",
	[QQ_CLASS_HTTP]   = "http",
	[QQ_CLASS_TLS]    = "tls",
	[QQ_CLASS_SERVER] = "server",
};

static const struct xt_option_entry qq_mt_opts[] = {
	{ .name = "class", .id = O_CLASS, .type = XTTYPE_STRING,
	  .flags = XTOPT_INVERT },
	{ .name = "no-log", .id = O_NOLOG, .type = XTTYPE_NONE },
	XTOPT_TABLEEND,
};

static void qq_mt_help(void)
{
	printf(
"qq match options:\n"
"[!] --class LIST   match these QQ traffic classes (comma-separated):\n"
"                   oicq    classic OICQ over UDP, or over TCP on any port\n"
"                   msf     mobile QQ, TIM and QQNT SSO framing over TCP\n"
"                   http    QQ over HTTP: client markers, Host or CONNECT to\n"
"                           a QQ IM host\n"
"                   tls     TLS ClientHello naming a QQ IM host (SNI)\n"
"                   server  to or from a host in the QQ server table\n"
"                           (qqctl server)\n"
"                   all     every class (the default without --class)\n"
"    --no-log       do not write the kernel log line for this rule\n");
}

/*
 * "all" stands alone and is stored as the empty mask.  A list is stored as
 * written, even when it names every class, so that a later kernel with a
 * new class does not silently widen an old rule.
 */
static unsigned int qq_parse_classes(const char *arg)
{
	const char *p = arg, *end;
	unsigned int mask = 0, c;
	size_t n;

	if (!strcmp(arg, "all"))
		return 0;
	do {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0)
			xtables_error(PARAMETER_PROBLEM,
				      "qq: empty item in --class \"%s\"", arg);
		if (n == 3 && !strncmp(p, "all", 3))
			xtables_error(PARAMETER_PROBLEM,
				      "qq: \"all\" cannot be combined with other classes");
		for (c = QQ_CLASS_OICQ; c <= QQ_CLASS_MAX; c++)
			if (strlen(qq_class_names[c]) == n &&
			    !strncmp(p, qq_class_names[c], n))
				break;
		if (c > QQ_CLASS_MAX)
			xtables_error(PARAMETER_PROBLEM,
				      "qq: unknown class \"%.*s\" (valid: oicq, msf, http, tls, server, all)",
				      (int)n, p);
		if (mask & QQ_CLASS_BIT(c))
			xtables_error(PARAMETER_PROBLEM,
				      "qq: class \"%s\" given twice", qq_class_names[c]);
		mask |= QQ_CLASS_BIT(c);
		p = end + 1;
	} while (end);
	return mask;
}

static void qq_mt_parse(struct xt_option_call *cb)
{
	struct xt_qq_mtinfo *info = cb->data;

	xtables_option_parse(cb);
	switch (cb->entry->id) {
	case O_CLASS:
		info->classes = qq_parse_classes(cb->arg);
		if (cb->invert)
			info->flags |= XT_QQ_F_INVERT;
		break;
	case O_NOLOG:
		info->flags |= XT_QQ_F_NOLOG;
		break;
	}
}

static void qq_print_classes(unsigned int mask)
{
	const char *sep = "";
	unsigned int c;

	if (!mask) {
		printf("all");
		return;
	}
	for (c = QQ_CLASS_OICQ; c <= QQ_CLASS_MAX; c++)
		if (mask & QQ_CLASS_BIT(c)) {
			printf("%s%s", sep, qq_class_names[c]);
			sep = ",";
		}
}

static void qq_mt_save(const void *ip, const struct xt_entry_match *match)
{
	const struct xt_qq_mtinfo *info = (const void *)match->data;

	(void)ip;
	if (info->classes || (info->flags & XT_QQ_F_INVERT)) {
		printf("%s --class ", info->flags & XT_QQ_F_INVERT ? " !" : "");
		qq_print_classes(info->classes);
	}
	if (info->flags & XT_QQ_F_NOLOG)
		printf(" --no-log");
}

static void qq_mt_print(const void *ip, const struct xt_entry_match *match,
			int numeric)
{
	const struct xt_qq_mtinfo *info = (const void *)match->data;

	(void)ip;
	(void)numeric;
	printf(" qq%s class ", info->flags & XT_QQ_F_INVERT ? " !" : "");
	qq_print_classes(info->classes);
	if (info->flags & XT_QQ_F_NOLOG)
		printf(" no-log");
}

static struct xtables_match qq_mt_reg = {
	.family		= NFPROTO_UNSPEC,
	.name		= "qq",
	.revision	= 0,
	.version	= XTABLES_VERSION,
	.size		= XT_ALIGN(sizeof(struct xt_qq_mtinfo)),
	.userspacesize	= offsetof(struct xt_qq_mtinfo, state),
	.help		= qq_mt_help,
	.print		= qq_mt_print,
	.save		= qq_mt_save,
	.x6_parse	= qq_mt_parse,
	.x6_options	= qq_mt_opts,
};

static void __attribute__((constructor)) qq_mt_ldr(void)
{
	xtables_register_match(&qq_mt_reg);
}
