#!/usr/bin/env python3
"""Write the seed corpus of fuzz-geometry (tests/fuzz/corpus/geometry).

fuzz-geometry decodes its bytes into two networks A and B on one domain
(see decode_net and value in fuzz-geometry.c). This script encodes
meaningful networks in that format, so that the seeds are readable here:

    python3 tests/fuzz/make-geometry-seeds.py tests/fuzz/corpus/geometry
"""
import os
import struct
import sys

DOMAINS = [(-1, 1), (0, 1), (-3, 2), (-1000, 1000), (-1e-3, 1e-3), (0, 1e6), (0.25, 0.5)]
EXTREMES = [0.0, 1.0, 0.5, 3.0, 1 / 3, 1e308, 'DBL_MAX', 1e-308, 'DBL_MIN', 5e-324, 1e-310,
            1e300, 1e-300, '2^-1000', '2^1000', 1e16, 1e-16, 1e154, 1e-154]
LAMBDAS = [2, 0.5, 3, 1 / 3, 1e8, 1e-8, '2^600', '2^-600']


def quarter(x):
    """x = k/4 with k in -128..127: kind 0, sign byte, k"""
    k = int(round(x * 4))
    assert -128 <= k <= 127 and k / 4 == x, x
    return bytes([0, 0, k & 0xFF])


def raw(x):
    """any double: kind 5, sign byte, 8 bytes big-endian"""
    return bytes([5, 0]) + struct.pack('>d', x)


def extreme(name, negative=False):
    """kind 7: a value of the extremes table, negated if negative"""
    return bytes([7, 1 if negative else 0, EXTREMES.index(name)])


def thin(base_quarter, offset, exponent):
    """kind 8: k/4 + offset 2^-(30 + exponent)"""
    k = int(round(base_quarter * 4))
    return bytes([8, 0, 0, k & 0xFF, offset & 0xFF, exponent])


def value(x):
    if isinstance(x, bytes):
        return x
    return quarter(x)


def fresh(*params):
    """a neuron: mode 2, then a (d values), b, c"""
    return bytes([2]) + b''.join(value(p) for p in params)


def copy(k, lam, opposite=False, keep_sign=True):
    """a rescaled (or opposite) copy of neuron k: lambda (a, b), c / lambda"""
    return bytes([1 if opposite else 0, k, LAMBDAS.index(lam), 1 if keep_sign else 0])


def net(neurons, e, v):
    return bytes([len(neurons)]) + b''.join(neurons) + value(e) + b''.join(value(x) for x in v)


def seed(d, domains, a, b):
    head = bytes([d - 1]) + bytes(DOMAINS.index(x) for x in domains)
    return head + a + b


SEEDS = {
    # P0 at n = 4: relu(4x)/4 - relu(4x - 1)/4 against the zero function
    'p0-n4': seed(1, [(-1, 1)], net([fresh(4, 0, 0.25), fresh(4, -1, -0.25)], 0, [0]), net([], 0, [0])),
    # one neuron, its copy rescaled by 2, an opposite copy by 3
    'rescaled-and-opposite': seed(1, [(-1, 1)],
                                  net([fresh(1, -0.5, 1.5), copy(0, 2), copy(0, 3, opposite=True)], 0.25, [-1]),
                                  net([fresh(2, -1, 0.75)], 0.25, [-1])),
    # a copy with the opposite outer weight: the neurons cancel
    'cancelling': seed(1, [(0, 1)], net([fresh(2, -1, 1), copy(0, 0.5, keep_sign=False)], 0, [0]),
                       net([], 0, [0])),
    # kinks on the domain's edges (-1 and 1): affine and dead neurons
    'kinks-on-the-edges': seed(1, [(-1, 1)], net([fresh(1, 1, 2), fresh(1, -1, -3), fresh(-1, -1, 1)], 0, [0.5]),
                               net([fresh(1, 0, 1)], 0, [0])),
    # two kinks 2^-40 apart (a thin strip; kappa used to merge them)
    'regress-kinks-2e-40-apart': seed(1, [(-1, 1)], net([fresh(1, 0, 1), fresh(1, thin(0, -1, 10), -1)], 0, [0]),
                       net([], 0, [0])),
    # 2-D: two parallel lines, a third crossing, on [-3, 2] x [0, 1]
    'lines-2d': seed(2, [(-3, 2), (0, 1)],
                     net([fresh(1, 1, 0.5, 1), fresh(2, 2, -1, -0.5), fresh(-1, 2, 0.25, 0.75)], 0.5, [0, 1]),
                     net([fresh(1, 0, 0, 1), fresh(0, 1, -0.5, -1)], 0, [0, 0])),
    # every parameter at 1e308: kappa overflows, the distance to itself is 0
    'all-1e308': seed(1, [(-1, 1)], net([fresh(extreme(1e308), extreme(1e308), extreme(1e308))],
                                        extreme(1e308), [extreme(1e308)]),
                      net([fresh(extreme(1e308), extreme(1e308), extreme(1e308, True))], 0, [0])),
    # a subnormal outer weight, and a tiny one on a wide domain
    'subnormals': seed(1, [(0, 1e6)], net([fresh(1, -0.5, extreme(5e-324)), fresh(extreme(1e-300), 0, extreme(1e-300))],
                                         0, [extreme(1e-310)]),
                       net([fresh(1, -0.5, extreme(1e-310))], 0, [0])),
    # mixed magnitudes: a neuron and its copies rescaled by 2^600 and 2^-600
    'mixed-magnitudes': seed(2, [(-1, 1), (-1, 1)],
                             net([fresh(1, 1, -0.5, 1), copy(0, '2^600'), copy(0, '2^-600', opposite=True)], 0, [0, 0]),
                             net([fresh(1, 1, -0.5, 2)], 0, [0, 0])),
    # a raw double (1/3 + 2^-50) as a bias: a kink that is not dyadic
    'raw-double': seed(1, [(-1000, 1000)], net([fresh(3, raw(1 / 3 + 2 ** -50), 1), fresh(0.25, 0, -2)], 1, [0]),
                       net([fresh(3, 1, 1)], 1, [0])),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus', 'geometry')
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
