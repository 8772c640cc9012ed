# SPDX-License-Identifier: GPL-2.0-only
#
#   make            build the module for every installed kernel, and userspace
#   make demo       the main job in the gateway VM, on real captures
#   make check      every test suite; ends with "N passed, N failed"
#   make accuracy   qqscan over the corpus: detections per capture and totals
#   make bench      benchmarks: the classifier on the host, then the gateway
#                   VM, all as ratios to a baseline
#   make bench-classify   the classifier benchmark only (callgrind + native)
#   make module KERNELRELEASE=<uname -r>   one kernel, as DKMS would
#   make install    module (running kernel), libxt_qq.so and tools
#
# Kernel builds happen in build/kmod-<release>/, so several kernels can be
# built from one tree; Kbuild at the top serves DKMS directly.

CC       ?= gcc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes
ALLCFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARN) -Iinclude -Ikmod -Iuserspace $(CFLAGS)
B        := build
XTLIBDIR := $(shell pkg-config --variable=xtlibdir xtables 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/xtables)
CORPUS   ?= $(abspath ../shared/corpus)

# Kernels to build and test against: Debian 12's 6.1 and the 6.12 backport.
KVERS    ?= $(shell ls -d /lib/modules/6.1.*-amd64/build /lib/modules/6.12.*-amd64/build 2>/dev/null | cut -d/ -f4 | sort -V)
KERNELRELEASE ?= $(shell uname -r)

KSRC     := Kbuild $(wildcard kmod/*.c kmod/*.h) include/uapi/xt_qq.h
# The classifier: the only payload parser, one file per protocol.
CLASSIFY_C := kmod/qq_classify.c kmod/qq_oicq.c kmod/qq_msf.c kmod/qq_http.c \
	      kmod/qq_tls.c kmod/qq_hosts.c kmod/qq_verdict.c
CLASSIFY_H := kmod/qq_classify.h kmod/qq_proto.h kmod/qq_verdict.h include/uapi/xt_qq.h
CLASSIFY := $(CLASSIFY_C) $(CLASSIFY_H)
SCAN     := userspace/scan.c userspace/pcap_decode.c $(CLASSIFY_C)
SCAN_H   := userspace/scan.h userspace/pcap_decode.h $(CLASSIFY_H)

USERSPACE := $(B)/libxt_qq.so $(B)/qqscan $(B)/qqctl
TESTBINS  := $(B)/tests/classify_test $(B)/tests/corpus_test $(B)/tests/servers_file_test
TOOLS     := $(B)/tools/qqreplay $(B)/tools/qqgen $(B)/tools/nlraw
QQCTL     := userspace/qqctl.c userspace/qq_nl.c userspace/json_print.c userspace/qq_servers_file.c
QQCTL_H   := userspace/qq_nl.h userspace/json_print.h userspace/qq_servers_file.h include/uapi/xt_qq.h
# Synthetic labelled captures (tests/tools/qqgen.c), IPv4 and IPv6.
SYNTH_MODES := tcp-oicq udp-oicq-new tcp-msf tcp-http tcp-connect tcp-tls tcp-near-miss
SYNTH     := $(foreach m,$(SYNTH_MODES),$(B)/pcap/$(m).pcap $(B)/pcap/$(m)-v6.pcap)
CHECKPATCH := $(B)/checkpatch/scripts/checkpatch.pl

.PHONY: all modules module userspace tests tools deps check check-quick demo accuracy bench bench-classify \
	install clean style \
	debug-kernel debug-modules

all: modules userspace tests tools $(CHECKPATCH)

deps:
	@tests/vm/install-deps.sh

modules: $(foreach k,$(KVERS),$(B)/kmod-$(k)/xt_qq.ko)

# The module for one kernel, W=1, warnings are errors.
$(B)/kmod-%/xt_qq.ko: $(KSRC)
	@mkdir -p $(@D)
	@cp --parents $(KSRC) $(@D)/
	$(MAKE) -C /lib/modules/$*/build M=$(abspath $(@D)) W=1 modules 2>&1 | tee $(@D)/build.log
	@! grep -q 'warning:' $(@D)/build.log || { echo "module build for $* has warnings" >&2; rm -f $@; exit 1; }
	@test -f $@

module: $(B)/kmod-$(KERNELRELEASE)/xt_qq.ko

# The debug kernel (KASAN, UBSAN, lockdep, PROVE_RCU, kmemleak, KUnit),
# built from Debian's linux-source-6.1 and cached outside the tree, and
# xt_qq.ko plus the KUnit module built against it.
debug-kernel:
	@tests/vm/debug-kernel.sh

debug-modules: debug-kernel
	@tree=$$(tests/vm/debug-kernel.sh --print-path) && \
	krel=$$($(MAKE) -s -C $$tree kernelrelease) && \
	$(MAKE) --no-print-directory DEBUG_TREE=$$tree DEBUG_KREL=$$krel \
		$(B)/kmod-$$krel/xt_qq.ko $(B)/kunit-$$krel/xt_qq_kunit.ko

$(B)/kmod-$(DEBUG_KREL)/xt_qq.ko: $(KSRC)
	@mkdir -p $(@D)
	@cp --parents $(KSRC) $(@D)/
	$(MAKE) -C $(DEBUG_TREE) M=$(abspath $(@D)) W=1 modules 2>&1 | tee $(@D)/build.log
	@! grep -q 'warning:' $(@D)/build.log || { echo "debug module build has warnings" >&2; rm -f $@; exit 1; }
	@test -f $@

$(B)/kunit-$(DEBUG_KREL)/xt_qq_kunit.ko: $(KSRC) tests/kunit/xt_qq_kunit.c tests/vectors/qq_vectors.h tests/kunit/Kbuild
	@mkdir -p $(@D)
	@cp --parents $(KSRC) tests/kunit/xt_qq_kunit.c tests/vectors/qq_vectors.h $(@D)/
	@cp tests/kunit/Kbuild $(@D)/Kbuild
	$(MAKE) -C $(DEBUG_TREE) M=$(abspath $(@D)) W=1 modules 2>&1 | tee $(@D)/build.log
	@! grep -q 'warning:' $(@D)/build.log || { echo "KUnit module build has warnings" >&2; rm -f $@; exit 1; }
	@test -f $@

userspace: $(USERSPACE)

$(B)/libxt_qq.so: userspace/libxt_qq.c include/uapi/xt_qq.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -fPIC -shared -o $@ $< $(shell pkg-config --cflags --libs xtables)

$(B)/qqscan: userspace/qqscan.c userspace/json_print.c userspace/json_print.h $(SCAN) $(SCAN_H)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ userspace/qqscan.c userspace/json_print.c $(SCAN) -lpcap

$(B)/qqctl: $(QQCTL) $(QQCTL_H)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ $(QQCTL) -lmnl

tests: $(TESTBINS) $(SYNTH)

# Labelled synthetic captures; the .count file says how many client
# payloads carry QQ.
$(B)/pcap/%.pcap: $(B)/tools/qqgen
	@mkdir -p $(@D)
	$(B)/tools/qqgen $* $@ > $(B)/pcap/$*.count

$(B)/pcap/%-v6.pcap: $(B)/tools/qqgen
	@mkdir -p $(@D)
	$(B)/tools/qqgen -6 $* $@ > $(B)/pcap/$*-v6.count

$(B)/tests/classify_test: tests/unit/classify_test.c tests/unit/check.h tests/vectors/qq_vectors.h $(CLASSIFY)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -fsanitize=address,undefined -o $@ $< $(CLASSIFY_C)

$(B)/tests/servers_file_test: tests/unit/servers_file_test.c tests/unit/check.h userspace/qq_servers_file.c userspace/qq_servers_file.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -fsanitize=address,undefined -o $@ $< userspace/qq_servers_file.c

$(B)/tests/corpus_test: tests/unit/corpus_test.c tests/unit/check.h $(SCAN) $(SCAN_H)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ $< $(SCAN) -lpcap

tools: $(TOOLS)

$(B)/tools/nlraw: tests/tools/nlraw.c userspace/qq_nl.c $(QQCTL_H)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ tests/tools/nlraw.c userspace/qq_nl.c -lmnl

$(B)/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ $< -lpcap

check: deps
	@$(MAKE) --no-print-directory all
	@CORPUS=$(CORPUS) KVERS="$(KVERS)" tests/run-all.sh

# Only the distro kernels: no debug kernel (a quick local run).
check-quick: deps
	@$(MAKE) --no-print-directory all
	@XTQQ_DEBUG_KERNEL=0 CORPUS=$(CORPUS) KVERS="$(KVERS)" tests/run-all.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@CORPUS=$(CORPUS) KVERS="$(KVERS)" tests/gateway/demo-vm.sh

# qqscan over the whole corpus and qqgen's labelled captures: per-capture
# detections, per-class totals, and a verdict (exit 1 unless 100%/0%).
accuracy: deps
	@$(MAKE) --no-print-directory $(B)/qqscan $(B)/tools/qqgen
	@CORPUS=$(CORPUS) tests/accuracy/accuracy.sh

BENCH_KVER ?= $(firstword $(KVERS))

bench: deps
	@$(MAKE) --no-print-directory all $(B)/bench-$(BENCH_KVER)/xt_qq_bench.ko $(B)/bench/classify_bench
	@CORPUS=$(CORPUS) tests/bench/classify-bench.sh
	@BENCH_KVERS=$(BENCH_KVER) tests/bench/run-bench.sh

# The classifier alone, on the host: instructions per packet (callgrind)
# and packets per second over the corpus and qqgen's captures.
bench-classify: deps
	@$(MAKE) --no-print-directory $(B)/bench/classify_bench $(B)/tools/qqgen
	@CORPUS=$(CORPUS) tests/bench/classify-bench.sh

$(B)/bench/classify_bench: tests/bench/classify_bench.c userspace/pcap_decode.c userspace/pcap_decode.h $(CLASSIFY)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ $< userspace/pcap_decode.c $(CLASSIFY_C) -lpcap

$(B)/bench-%/xt_qq_bench.ko: $(KSRC) tests/bench/xt_qq_bench.c tests/bench/Kbuild
	@mkdir -p $(@D)
	@cp --parents $(KSRC) tests/bench/xt_qq_bench.c $(@D)/
	@cp tests/bench/Kbuild $(@D)/Kbuild
	$(MAKE) -C /lib/modules/$*/build M=$(abspath $(@D)) W=1 modules 2>&1 | tee $(@D)/build.log
	@! grep -q 'warning:' $(@D)/build.log || { echo "bench module build has warnings" >&2; rm -f $@; exit 1; }
	@test -f $@

install: module userspace
	install -D -m 0644 $(B)/kmod-$(KERNELRELEASE)/xt_qq.ko /lib/modules/$(KERNELRELEASE)/updates/xt_qq.ko
	depmod -a $(KERNELRELEASE)
	install -D -m 0755 $(B)/libxt_qq.so $(DESTDIR)$(XTLIBDIR)/libxt_qq.so
	install -D -m 0755 $(B)/qqscan $(DESTDIR)/usr/local/sbin/qqscan
	install -D -m 0755 $(B)/qqctl $(DESTDIR)/usr/local/sbin/qqctl
	install -D -m 0644 userspace/qqctl.8 $(DESTDIR)/usr/local/share/man/man8/qqctl.8
	install -D -m 0644 userspace/servers.default $(DESTDIR)/usr/local/share/xt_qq/servers.default
	install -D -m 0644 userspace/servers.tencent-asn $(DESTDIR)/usr/local/share/xt_qq/servers.tencent-asn

# checkpatch.pl comes from Debian's linux-source-6.1 (headers lack it).
$(CHECKPATCH):
	@mkdir -p $(B)/checkpatch
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C $(B)/checkpatch --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch

style: $(CHECKPATCH)
	$(CHECKPATCH) --no-tree -f kmod/*.c kmod/*.h include/uapi/*.h

clean:
	rm -rf $(B) tests/out
