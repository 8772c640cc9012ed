#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Accuracy report over qqscan's JSON (see accuracy.sh, which runs it).

    report.py OUT_DIR CORPUS_DIR

OUT_DIR holds positive.json, negative.json, synthetic.json (qqscan -j),
their .rc/.err, and qqgen's X.count label next to each synthetic X.pcap.
"""
import json
import os
import re
import sys

# The class each qqgen mode's QQ flows must get.
MODE_CLASS = {
    "tcp-oicq": "oicq",
    "udp-oicq-new": "oicq",
    "tcp-msf": "msf",
    "tcp-http": "http",
    "tcp-connect": "http",
    "tcp-tls": "tls",
    "tcp-near-miss": None,
}

out_dir, corpus = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(ok, msg):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print(("ok" if ok else "not ok") + " - " + msg)
    return ok


def load(group):
    rc = int(open(os.path.join(out_dir, group + ".rc")).read().strip() or 1)
    err = open(os.path.join(out_dir, group + ".err")).read().strip()
    try:
        with open(os.path.join(out_dir, group + ".json")) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        doc = None
        err = (err + "\n" if err else "") + "no JSON: %s" % e
    return rc, err, doc


def flows_by_file(doc):
    by = {}
    for fl in doc["qq_flows_detail"]:
        by.setdefault(fl["file"], []).append(fl)
    return by


def short(path):
    return os.path.relpath(path, corpus) if path.startswith(corpus) else \
        os.path.basename(path)


rows = []                       # (group, capture, flows, qq_flows, expected, ok)
class_corpus = {}               # class -> QQ flows found in corpus/positive
syn_class = {}                  # class -> [expected flows, detected with it]

# ---- corpus/positive: every flow with payload is QQ ----
rc, err, doc = load("positive")
check(rc == 0 and doc is not None,
      "qqscan over corpus/positive: exit %d%s" % (rc, (", " + err) if err else ""))
pos_flows = pos_qq = pos_pl = pos_qqpl = 0
if doc:
    check(len(doc["files"]) > 0, "corpus/positive: %d captures" % len(doc["files"]))
    for fs in doc["files"]:
        name = short(fs["file"])
        qq_pl = fs["qq_packets"] + fs["deferred_packets"]
        ok = check(fs["ok"] and fs["payload_flows"] > 0 and
                   fs["qq_flows"] == fs["payload_flows"] and
                   qq_pl == fs["payload_packets"],
                   "%s: %d of %d flows with payload QQ, %d of %d payload packets"
                   % (name, fs["qq_flows"], fs["payload_flows"], qq_pl,
                      fs["payload_packets"]))
        rows.append(("positive", name, fs["flows"], fs["qq_flows"],
                     fs["payload_flows"], ok))
        pos_flows += fs["payload_flows"]
        pos_qq += fs["qq_flows"]
        pos_pl += fs["payload_packets"]
        pos_qqpl += qq_pl
    for fl in doc["qq_flows_detail"]:
        class_corpus[fl["class"]] = class_corpus.get(fl["class"], 0) + 1

# ---- corpus/negative: no QQ flow at all ----
rc, err, doc = load("negative")
check(rc == 0 and doc is not None,
      "qqscan over corpus/negative: exit %d%s" % (rc, (", " + err) if err else ""))
neg_caps = neg_flows = neg_qq = 0
neg_hits = []
if doc:
    check(len(doc["files"]) > 0, "corpus/negative: %d captures" % len(doc["files"]))
    by = flows_by_file(doc)
    for fs in doc["files"]:
        name = short(fs["file"])
        note = " (truncated: counted up to the cut)" if fs["truncated"] else ""
        ok = check(fs["ok"] and fs["qq_flows"] == 0,
                   "%s: %d flows, %d QQ%s" % (name, fs["flows"], fs["qq_flows"], note))
        rows.append(("negative", name, fs["flows"], fs["qq_flows"], 0, ok))
        neg_caps += 1
        neg_flows += fs["flows"]
        neg_qq += fs["qq_flows"]
        for fl in by.get(fs["file"], []):
            neg_hits.append("%s: %s %s:%d -> %s:%d class=%s reason=%s packets=%d"
                            % (name, fl["proto"], fl["src"], fl["sport"], fl["dst"],
                               fl["dport"], fl["class"], fl["reason"], fl["packets"]))

# ---- qqgen's labelled captures ----
rc, err, doc = load("synthetic")
check(rc == 0 and doc is not None,
      "qqscan over the synthetic captures: exit %d%s" % (rc, (", " + err) if err else ""))
syn_lab = syn_found = syn_deferred = 0
if doc:
    by = flows_by_file(doc)
    for fs in doc["files"]:
        base = os.path.basename(fs["file"])
        mode = re.sub(r"(-v6)?\.pcap$", "", base)
        cls = MODE_CLASS.get(mode, "?")
        try:
            with open(fs["file"][:-len(".pcap")] + ".count") as f:
                label = dict(kv.split("=") for kv in f.read().split())
            label = {k: int(v) for k, v in label.items()}
        except (OSError, ValueError):
            check(False, "%s: qqgen label readable" % base)
            continue
        flows = by.get(fs["file"], [])
        c2s = fs["c2s_qq_packets"] + fs["c2s_deferred_packets"]
        ok = check(fs["ok"] and fs["qq_flows"] == label["qq_flows"],
                   "%s: qq_flows=%d (label %d)" % (base, fs["qq_flows"], label["qq_flows"]))
        ok &= check(c2s == label["c2s_qq_payloads"] and
                    fs["c2s_payload_packets"] == label["c2s_payloads"],
                    "%s: QQ client payloads %d (%d judged QQ + %d deferred), label %d of %d"
                    % (base, c2s, fs["c2s_qq_packets"], fs["c2s_deferred_packets"],
                       label["c2s_qq_payloads"], label["c2s_payloads"]))
        if cls is None:
            ok &= check(fs["qq_packets"] == 0, "%s: no packet QQ (%d)" % (base, fs["qq_packets"]))
        else:
            wrong = ["%d->%d:%s" % (fl["sport"], fl["dport"], fl["class"])
                     for fl in flows if fl["class"] != cls]
            ok &= check(not wrong and len(flows) == label["qq_flows"],
                        "%s: every QQ flow class %s%s" % (base, cls,
                                                          (" (not: %s)" % ", ".join(wrong)) if wrong else ""))
            e = syn_class.setdefault(cls, [0, 0])
            e[0] += label["qq_flows"]
            e[1] += sum(1 for fl in flows if fl["class"] == cls)
        rows.append(("synthetic", base, fs["flows"], fs["qq_flows"], label["qq_flows"], ok))
        syn_lab += label["c2s_qq_payloads"]
        syn_found += c2s
        syn_deferred += fs["c2s_deferred_packets"]

# ---- tables ----
print()
print("%-9s  %-55s %7s %8s %8s  %s" % ("group", "capture", "flows", "qq_flows", "expected", "result"))
for g, name, flows, qq, exp, ok in rows:
    print("%-9s  %-55s %7d %8d %8d  %s" % (g, name[:55], flows, qq, exp, "ok" if ok else "FAIL"))
print()
print("per class (synthetic: QQ flows with the mode's class / labelled; corpus/positive: QQ flows found)")
for cls in ("oicq", "msf", "http", "tls"):
    exp, got = syn_class.get(cls, [0, 0])
    pct = 100.0 * got / exp if exp else 0.0
    print("  %-5s synthetic %3d/%-3d (%5.1f%%)   corpus/positive %d" %
          (cls, got, exp, pct, class_corpus.get(cls, 0)))
print()
print("total corpus/positive: %d/%d flows with payload QQ, %d/%d payload packets"
      % (pos_qq, pos_flows, pos_qqpl, pos_pl))
print("total corpus/negative: %d captures, %d flows, %d QQ" % (neg_caps, neg_flows, neg_qq))
for h in neg_hits:
    print("  false positive: " + h)
print("total synthetic: %d/%d labelled QQ client payloads found (%d of them deferred: "
      "the first segment of a split ClientHello)" % (syn_found, syn_lab, syn_deferred))
print("verdict: %s" % ("PASS" if failed == 0 else "FAIL"))
print("suite accuracy: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
