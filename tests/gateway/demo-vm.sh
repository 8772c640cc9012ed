#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Host side of make demo: boot each kernel in $KVERS and run the demo in it.
set -u
cd "$(dirname "$0")/../.."
KVERS=${KVERS:-$(ls -d /lib/modules/6.1.*-amd64/build /lib/modules/6.12.*-amd64/build 2>/dev/null | cut -d/ -f4)}
rc=0
for k in $KVERS; do
	printf '\n########## make demo on Debian kernel %s (QEMU, TCG) ##########\n' "$k"
	XTQQ_VM_BINDS="${CORPUS:-}" tests/vm/run.sh -k "$k" -o "tests/out/demo-$k" -t 1200 -- \
		env CORPUS="${CORPUS:-}" tests/gateway/demo.sh || rc=1
done
exit $rc
