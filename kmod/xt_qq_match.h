/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XT_QQ_MATCH_H
#define XT_QQ_MATCH_H

int qq_match_register(void);
void qq_match_unregister(void);

#endif
