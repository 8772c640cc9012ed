// SPDX-License-Identifier: GPL-2.0-only
/*
 * xt_qq: find Tencent QQ Instant Messenger traffic crossing a Linux
 * gateway, and block it.  Module init and exit.
 */
#include <linux/module.h>

#include "qq_inspect.h"
#include "qq_log.h"
#include "qq_net.h"
#include "xt_qq_match.h"
#include "xt_qq_netlink.h"

static int __init xt_qq_init(void)
{
	int err;

	if (qq_log_interval_ms == 0 || qq_log_interval_ms > 3600 * 1000) {
		pr_err("log_interval_ms must be 1..3600000\n");
		return -EINVAL;
	}
	err = qq_inspect_init();
	if (err)
		return err;
	err = qq_net_register();
	if (err)
		goto err_inspect;
	err = qq_match_register();
	if (err)
		goto err_net;
	err = qq_genl_register();
	if (err)
		goto err_match;
	pr_info("QQ Instant Messenger detection loaded\n");
	return 0;

err_match:
	qq_match_unregister();
err_net:
	qq_net_unregister();
err_inspect:
	qq_inspect_exit();
	return err;
}

static void __exit xt_qq_exit(void)
{
	qq_genl_unregister();
	qq_match_unregister();
	qq_net_unregister();	/* unregisters every netns's hooks */
	qq_inspect_exit();
	rcu_barrier();
}

module_init(xt_qq_init);
module_exit(xt_qq_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("xt_qq developers");
MODULE_DESCRIPTION("Xtables: detect and block Tencent QQ Instant Messenger");
MODULE_ALIAS("ipt_qq");
MODULE_ALIAS("ip6t_qq");
MODULE_ALIAS_GENL_FAMILY(QQ_GENL_NAME);
