#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The YNL spec (include/uapi/xt_qq.yaml) and the C view of the protocol
(include/uapi/xt_qq.h, kmod/xt_qq_netlink.c) must say the same thing:
every value, every op's permission and every op's accepted attributes."""
import re
import sys

import yaml

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
spec = yaml.safe_load(open(f"{ROOT}/include/uapi/xt_qq.yaml"))
hdr = open(f"{ROOT}/include/uapi/xt_qq.h").read()
nlc = open(f"{ROOT}/kmod/xt_qq_netlink.c").read()

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name} {detail}")


def c_enum(name):
    """Values of the C enum @name, with implicit numbering."""
    body = re.search(r"enum %s \{(.*?)\};" % name, hdr, re.S).group(1)
    vals, nxt = {}, 0
    for line in body.splitlines():
        m = re.match(r"\s*(\w+)(?:\s*=\s*(\w+))?\s*,", line)
        if not m:
            continue
        nxt = int(m.group(2), 0) if m.group(2) else nxt
        vals[m.group(1)] = nxt
        nxt += 1
    return vals


def cname(prefix, name):
    return prefix + name.upper().replace("-", "_")


def spec_values(entries, start):
    out, v = {}, start
    for e in entries:
        e = e if isinstance(e, dict) else {"name": e}
        v = e.get("value", v)
        out[e["name"]] = v
        v += 1
    return out


check("family name", spec["name"] == re.search(r'QQ_GENL_NAME\s+"(\w+)"', hdr).group(1))
check("events group name", spec["mcast-groups"]["list"][0]["name"] ==
      re.search(r'QQ_GENL_MCGRP_EVENTS\s+"(\w+)"', hdr).group(1))

defs = {d["name"]: d for d in spec["definitions"]}
for dname, cenum, prefix in (("mode", "qq_mode", "QQ_MODE_"),
                             ("class", "qq_class", "QQ_CLASS_"),
                             ("action", "qq_action", "QQ_ACTION_")):
    want = c_enum(cenum)
    got = spec_values(defs[dname]["entries"], defs[dname].get("value-start", 0))
    for n, v in got.items():
        check(f"enum {dname} {n} = {v}", want.get(cname(prefix, n)) == v,
              f"(C: {want.get(cname(prefix, n))})")
    check(f"enum {dname}: spec lists every C value",
          len(got) == len([k for k in want if not k.startswith("__")]))

sets = {s["name"]: s for s in spec["attribute-sets"]}
for sname, cenum, prefix in (("qq", "qq_attr", "QQ_A_"),
                             ("stats", "qq_stats_attr", "QQ_STATS_A_"),
                             ("event", "qq_event_attr", "QQ_EVENT_A_"),
                             ("server", "qq_server_attr", "QQ_SERVER_A_")):
    want = c_enum(cenum)
    got = spec_values(sets[sname]["attributes"], 1)
    for n, v in got.items():
        check(f"attr {sname}.{n} = {v}", want.get(cname(prefix, n)) == v,
              f"(C: {want.get(cname(prefix, n))})")
    check(f"attr set {sname}: spec lists every C attribute",
          len(got) == len([k for k in want if not k.startswith("__") and "UNSPEC" not in k]))

# by-class attribute types are the class values.
classes = c_enum("qq_class")
for n, v in spec_values(sets["by-class"]["attributes"], 1).items():
    check(f"by-class.{n} is class {n}", classes.get(cname("QQ_CLASS_", n)) == v)

cmds = c_enum("qq_cmd")
ops = spec["operations"]["list"]
for n, v in spec_values(ops, 1).items():
    check(f"op {n} = {v}", cmds.get(cname("QQ_CMD_", n)) == v)

# Each kernel op: permission flags and the attributes its policy takes.
kops = {}
for m in re.finditer(r"\{\s*\.cmd\s*=\s*(QQ_CMD_\w+),(.*?)\n\t\}", nlc, re.S):
    body = m.group(2)
    pol = re.search(r"\.policy\s*=\s*(\w+)", body)
    attrs = set()
    if pol:
        pbody = re.search(r"%s\[[^\]]*\]\s*=\s*\{(.*?)\};" % pol.group(1), nlc, re.S).group(1)
        attrs = set(re.findall(r"\[(QQ_A_\w+)\]", pbody))
    kops[m.group(1)] = ("GENL_UNS_ADMIN_PERM" in body, attrs)
for op in ops:
    c = cname("QQ_CMD_", op["name"])
    if "event" in op:
        check(f"op {op['name']}: notification only, no kernel handler", c not in kops)
        continue
    check(f"op {op['name']}: the kernel has it", c in kops)
    if c not in kops:
        continue
    admin, attrs = kops[c]
    check(f"op {op['name']}: uns-admin-perm matches",
          admin == ("uns-admin-perm" in op.get("flags", [])))
    req = set()
    for kind in ("do", "dump"):
        req |= set(((op.get(kind) or {}).get("request") or {}).get("attributes", []))
    check(f"op {op['name']}: request attributes match the kernel policy",
          {cname("QQ_A_", a) for a in req} == attrs, f"(spec {sorted(req)}, kernel {sorted(attrs)})")

print(f"suite ynl-spec: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
