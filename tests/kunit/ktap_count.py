#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Count leaf test cases in KTAP output (KUnit debugfs results files).

A result line whose test had subtests (parameterised cases) is a summary,
not a case: only leaves are counted.  Prints one "ok"/"not ok" line per
leaf and, last, "suite NAME [TAG]: P passed, F failed".
"""
import re
import sys

RESULT = re.compile(r'^(\s*)(not ok|ok) (\d+) ?-? ?(.*?)(\s+#\s*(SKIP|TODO).*)?$')


def leaves(lines):
    """A result line right after deeper-indented results closes a subtest."""
    out = []
    prev_indent = None
    for line in lines:
        m = RESULT.match(line.rstrip('\n'))
        if not m:
            continue
        indent = len(m.group(1))
        if prev_indent is None or prev_indent <= indent:
            out.append((m.group(2) == 'ok', m.group(4), m.group(6)))
        prev_indent = indent
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: ktap_count.py SUITE TAG [FILE...]')
    suite, tag, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    p = f = 0
    for name in files:
        with open(name, errors='replace') as fh:
            for ok, desc, directive in leaves(fh):
                # A skipped case is neither a pass nor a failure.
                if directive == 'SKIP':
                    print(f'ok - {desc} # SKIP')
                    continue
                print(f"{'ok' if ok else 'not ok'} - {name.split('/')[-2]}: {desc}")
                if ok:
                    p += 1
                else:
                    f += 1
    if p + f == 0:
        f = 1
        print('not ok - no KUnit results found')
    print(f'suite {suite} [{tag}]: {p} passed, {f} failed')
    return 1 if f else 0


if __name__ == '__main__':
    sys.exit(main())
