/* SPDX-License-Identifier: GPL-2.0-only */
/* One greppable, rate-limited kernel log line per detection. */
#ifndef QQ_LOG_H
#define QQ_LOG_H

#include <linux/ratelimit.h>

#include "qq_inspect.h"

extern unsigned int qq_log_burst;
extern unsigned int qq_log_interval_ms;

void qq_log_ratelimit_init(struct ratelimit_state *rs);
void qq_log_event(struct ratelimit_state *rs, const struct qq_pkt_meta *m,
		  enum qq_class cls, const char *action);

#endif
