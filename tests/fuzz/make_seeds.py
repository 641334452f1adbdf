#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the binary seeds of tests/fuzz/corpus/ (ioasid, model).

  tests/fuzz/make_seeds.py [CORPUS_DIR]

The seeds are committed; this script says how they were made, and makes them
again after a change of a harness's input format. Text seeds (devargs,
bench_ini) and crash reproducers are written by hand.
"""

import os
import struct
import sys

# ---- fuzz_ioasid: op byte = kind | ioas << 3 | rw << 4 | bit6 | bit7
MAP_FIXED, MAP_AUTO, UNMAP, UNMAP_ALL, TRANSLATE, RANGES, MAP_RAW, RAW = range(8)
R, W = 1, 2
BIT6, BIT7 = 0x40, 0x80


def op(kind, ioas=0, rw=R | W, bits=0):
    return bytes([kind | ioas << 3 | rw << 4 | bits])


def compact(page, len8, extra8):
    return struct.pack('<HBB', page, len8, extra8)


def raw(iova, length, va):
    return struct.pack('<QQQ', iova, length, va)


def ioasid_seeds():
    return {
        'map-unmap': b''.join([
            op(MAP_FIXED) + compact(16, 4, 1),
            op(MAP_FIXED) + compact(18, 4, 2),          # overlap: EEXIST
            op(MAP_FIXED, rw=R) + compact(20, 2, 3),    # adjacent, read-only
            op(MAP_AUTO) + compact(0, 8, 4),
            op(TRANSLATE, rw=W) + compact(20, 16, 5),   # EACCES
            op(TRANSLATE, rw=R) + compact(17, 200, 9),
            op(UNMAP) + compact(17, 2, 0),              # splits: ENOENT
            op(UNMAP) + compact(16, 6, 0),              # covers two
            op(UNMAP) + compact(16, 6, 0),              # nothing left: ENOENT
            op(UNMAP_ALL),
        ]),
        'pasid-ioas': b''.join([
            op(MAP_FIXED, ioas=1) + compact(1, 1, 0),
            op(TRANSLATE, ioas=1, rw=R) + compact(1, 8, 0),
            op(TRANSLATE, ioas=1, rw=R, bits=BIT6) + compact(1, 8, 0),
            op(TRANSLATE, ioas=0, rw=R) + compact(1, 8, 0),
            op(RANGES, ioas=1, rw=1), op(RANGES, ioas=0, rw=2),
            op(MAP_AUTO, ioas=1, rw=W) + compact(0, 255, 7),
            op(UNMAP_ALL, ioas=1),
        ]),
        'msi-window': b''.join([
            op(MAP_FIXED, bits=BIT7) + compact(0x8000 - 2, 4, 0),  # crosses it
            op(MAP_FIXED, bits=BIT7) + compact(0x8000 - 2, 2, 0),
            op(MAP_FIXED, bits=BIT7) + compact(0x8100, 2, 0),
            op(MAP_FIXED, bits=BIT6) + compact(3, 1, 0),           # unknown flag
            op(MAP_FIXED, rw=0) + compact(3, 1, 0),                # no permission
            op(MAP_FIXED) + compact(3, 0, 0),                      # len 0
        ]),
        'raw': b''.join([
            op(MAP_RAW, bits=BIT7) + raw(0xffff_ffff_ffff_f000, 0x2000, 1 << 20),
            op(MAP_RAW, bits=BIT7) + raw((1 << 48) - 0x1000, 0x1000, 1 << 20),
            op(MAP_RAW, bits=BIT7) + raw((1 << 48), 0x1000, 1 << 20),
            op(MAP_RAW, bits=BIT7) + raw(0x10000, 0x1000, 0x123),
            op(MAP_RAW, bits=BIT7) + raw(0x10000, 0x1000, 0xffff_ffff_ffff_f000),
            op(MAP_RAW) + raw(0, 1 << 47, 1 << 20),
            op(MAP_RAW) + raw(0, 1 << 48, 1 << 20),                # ENOSPC
            op(RAW, bits=BIT7) + raw(0x1000, 0xffff_ffff_ffff_ffff, 0),
            op(RAW, bits=BIT7) + raw(0, 0, 0),
            op(RAW, rw=R) + raw(0x1234, 0x10, 0),
            op(UNMAP_ALL), op(UNMAP_ALL),
        ]),
    }


def write(corpus, name, files):
    d = os.path.join(corpus, name)
    os.makedirs(d, exist_ok=True)
    for f, data in files.items():
        with open(os.path.join(d, f), 'wb') as out:
            out.write(data)


def main(argv):
    corpus = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
    write(corpus, 'ioasid', ioasid_seeds())
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
