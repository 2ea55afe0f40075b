#!/usr/bin/env python3
"""Size report: source files over a line limit and functions over a line
limit (issue 9's "no file over about 900 lines, no function over about 150").

    tools/size-report.py [--files 900] [--functions 150] [DIR ...]

Functions are found the GNU way the project writes them: the name at the
start of a line followed by " (", the body between a "{" and a "}" at the
start of a line. A function's length counts from its return-type line to
its closing brace. Prints every file and function over the limits, then
the largest of each, and exits 1 if anything is over (except the SIMD
training kernels in engine/shl-loss.c, which the issue exempts)."""
import argparse
import os
import re
import sys

EXEMPT_FUNCTIONS = {('engine/shl-loss.c', None)}   # the SIMD kernels

def functions(path):
    lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
    out = []
    i = 0
    name_re = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*) \(')
    while i < len(lines):
        m = name_re.match(lines[i])
        if m and i + 1 < len(lines):
            # the body's "{" at column 0 after the parameter lines
            j = i
            while j < len(lines) and not lines[j].startswith('{') \
                    and not lines[j].rstrip().endswith(';'):
                j += 1
            if j < len(lines) and lines[j].startswith('{'):
                k = j + 1
                while k < len(lines) and not lines[k].startswith('}'):
                    k += 1
                start = i - 1 if i > 0 and lines[i - 1].strip() else i
                out.append((m.group(1), start + 1, k - start + 1))
                i = k + 1
                continue
        i += 1
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--files', type=int, default=900)
    ap.add_argument('--functions', type=int, default=150)
    ap.add_argument('dirs', nargs='*', default=['app', 'engine', 'ui'])
    a = ap.parse_args()
    over = False
    sizes, funcs = [], []
    for d in a.dirs:
        for root, _, names in os.walk(d):
            for n in sorted(names):
                if not n.endswith(('.c', '.h')):
                    continue
                p = os.path.join(root, n)
                nlines = len(open(p, encoding='utf-8', errors='replace').read().split('\n')) - 1
                sizes.append((nlines, p))
                if n.endswith('.c'):
                    for name, line, length in functions(p):
                        funcs.append((length, p, name, line))
    print('files over %d lines:' % a.files)
    for n, p in sorted(sizes, reverse=True):
        if n > a.files:
            print('  %5d  %s' % (n, p))
            over = True
    print('functions over %d lines:' % a.functions)
    for length, p, name, line in sorted(funcs, reverse=True):
        if length > a.functions:
            exempt = (p, None) in EXEMPT_FUNCTIONS
            print('  %5d  %s:%d %s%s' % (length, p, line, name,
                                          '  (exempt: SIMD kernels)' if exempt else ''))
            over = over or not exempt
    print('largest files:')
    for n, p in sorted(sizes, reverse=True)[:5]:
        print('  %5d  %s' % (n, p))
    print('largest functions:')
    for length, p, name, line in sorted(funcs, reverse=True)[:8]:
        print('  %5d  %s:%d %s' % (length, p, line, name))
    return 1 if over else 0

if __name__ == '__main__':
    sys.exit(main())
