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
ATTACH, DETACH, REPLACE = 1 << 6, 2 << 6, 3 << 6  # with RANGES; rw = PASID slot


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
        'attach': b''.join([
            op(MAP_FIXED, ioas=1) + compact(5, 2, 0),
            op(RANGES, ioas=1, rw=2, bits=ATTACH),      # PASID 2 to the second
            op(RANGES, ioas=0, rw=2, bits=ATTACH),      # EBUSY
            op(TRANSLATE, rw=R, bits=BIT6) + compact(5, 16, 0),
            op(RANGES, ioas=0, rw=0, bits=REPLACE),     # same IOAS
            op(RANGES, ioas=1, rw=0, bits=REPLACE),
            op(RANGES, ioas=0, rw=1, bits=DETACH),
            op(RANGES, ioas=0, rw=1, bits=DETACH),      # ENOTCONN
            op(RANGES, ioas=0, rw=1, bits=REPLACE),     # ENOTCONN
            op(UNMAP, ioas=1) + compact(5, 2, 0),
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


# ---- fuzz_model: see fuzz_model.c for the layout of its mappings
NOOP, BATCH, DRAIN, MEMMOVE, MEMFILL, COMPARE, COMPVAL, CR_DELTA, AP_DELTA, \
    DUALCAST = range(10)
CRCGEN, COPY_CRC, DIF_CHECK, DIF_INS, DIF_STRP, DIF_UPDT = range(0x10, 0x16)
CFLUSH = 0x20
F_FENCE, F_BOF, F_CRAV, F_RCR, F_CC = 0x1, 0x2, 0x4, 0x8, 0x100
R0, R1, R2, RO, WO, TOP = 0x10000, 0x11800, 0x12000, 0x20000, 0x30000, 0xffffffffffffe000
DWQ, SWQ_ENQCMD, SWQ_ENQCMDS = 0, 1 | 1 << 2, 1 | 2 << 2


def desc(opcode, flags=F_CRAV | F_RCR, comp=R2 + 0xf00, a=0, b=0, size=0, tail=b'',
         pasid=0, priv=0):
    d = struct.pack('<IIQQQIHH', pasid | priv << 31, flags | opcode << 24, comp, a, b,
                    size, 0, 0) + tail
    return d + bytes(64 - len(d))


def record(portal, d):
    return bytes([portal]) + d


def model_input(cfg, records, image=b'', engine_threads=1):
    assert len(image) % 64 == 0 and len(image) <= 512
    two = 0x80 if engine_threads == 2 else 0
    return bytes([cfg, len(image) // 64 | two]) + image + b''.join(records)


def model_seeds():
    batch_list = desc(MEMMOVE, comp=R2 + 0xe00, a=R0 + 0x800, b=R1, size=0x100) + \
        desc(MEMFILL, comp=R2 + 0xe20, a=0x5a5a5a5a5a5a5a5a, b=R0 + 0x1000, size=0x40)
    return {
        'memmove': model_input(0, [
            record(DWQ, desc(MEMMOVE, a=R0, b=R2, size=0x1000)),
            record(DWQ, desc(MEMMOVE, comp=R2 + 0xf20, a=R0 + 0x1000, b=R0 + 0x1100,
                             size=0x1000)),                 # overlapping, across R0/R1
            record(DWQ, desc(MEMMOVE, comp=R2 + 0xf40, a=RO, b=WO, size=0x200)),
            record(DWQ, desc(MEMMOVE, comp=R2 + 0xf60, a=WO, b=RO, size=0x10)),
        ]),
        'ops': model_input(1, [
            record(DWQ, desc(NOOP)),
            record(DWQ, desc(MEMFILL, comp=R2 + 0xf20, a=0x1122334455667788, b=R1,
                             size=0x800)),
            record(DWQ, desc(COMPARE, comp=R2 + 0xf40, a=R0, b=RO, size=0x100)),
            record(DWQ, desc(COMPVAL, comp=R2 + 0xf60, a=RO, b=0, size=0x100)),
            record(DWQ, desc(DUALCAST, comp=R2 + 0xf80, a=RO, b=R0, size=0x100,
                             tail=struct.pack('<Q', R0 + 0x1000))),
            record(DWQ, desc(CRCGEN, comp=R2 + 0xfa0, a=RO, size=0x200)),
            record(DWQ, desc(COPY_CRC, comp=R2 + 0xfc0, a=RO, b=R1, size=0x200)),
            record(DWQ, desc(CFLUSH, comp=R2 + 0xfe0, b=R0, size=0x1000)),
            record(DWQ, desc(DRAIN, comp=R2 + 0xe00)),
        ]),
        'delta-dif': model_input(1, [
            record(DWQ, desc(CR_DELTA, comp=R2 + 0xf00, a=R0, b=RO, size=0x100,
                             tail=struct.pack('<QI', R1, 0x50))),
            record(DWQ, desc(AP_DELTA, comp=R2 + 0xf20, a=R1, b=R0, size=0x100,
                             tail=struct.pack('<I', 0x50))),
            record(DWQ, desc(DIF_INS, comp=R2 + 0xf40, a=RO, b=R0, size=0x200,
                             tail=bytes([0, 0, 0]))),
            record(DWQ, desc(DIF_CHECK, comp=R2 + 0xf60, a=R0, size=0x208,
                             tail=bytes([0, 0, 0]))),
        ]),
        'batch': model_input(0, [
            record(DWQ, desc(BATCH, a=R0, size=2)),
            record(DWQ, desc(BATCH, comp=R2 + 0xf20, a=R0 + 8, size=2)),  # misaligned
            record(DWQ, desc(BATCH, comp=R2 + 0xf40, a=RO, size=4)),
        ], image=batch_list),
        'faults': model_input(2, [
            record(DWQ, desc(MEMMOVE, flags=F_CRAV | F_RCR | F_BOF, a=R0, b=0x40000,
                             size=0x100)),
            record(DWQ, desc(MEMMOVE, comp=R2 + 0xf20, a=R0 + 0x1700, b=R2 + 0x100,
                             size=0x400)),
            record(DWQ, desc(MEMMOVE, comp=TOP + 0xfe0, a=TOP, b=R0, size=0x2000)),
            record(DWQ, desc(MEMMOVE, comp=WO + 0x80, a=R0, b=TOP + 0xf00, size=0x200)),
            record(DWQ, desc(NOOP, comp=RO)),                 # record not writable
            record(DWQ, desc(NOOP, comp=R2 + 0xff1)),         # misaligned record
        ]),
        'limits': model_input(0x20 | 0x40, [                  # 64-B transfers, batches of 2
            record(DWQ, desc(MEMMOVE, a=R0, b=R2, size=0x40)),
            record(DWQ, desc(MEMMOVE, comp=R2 + 0xf20, a=R0, b=R2, size=0x41)),
            record(DWQ, desc(BATCH, comp=R2 + 0xf40, a=R0, size=2)),
            record(DWQ, desc(BATCH, comp=R2 + 0xf60, a=R0, size=3)),
        ], image=batch_list),
        'two-engines': model_input(0, [
            record(DWQ, desc(MEMMOVE, a=R0, b=R2, size=0x800)),
            record(SWQ_ENQCMD, desc(MEMMOVE, comp=R0 + 0x1fc0, a=R0, b=R0 + 0x1000,
                                    size=0x800)),
            record(DWQ, desc(BATCH, comp=R2 + 0xf20, a=R0, size=2)),
        ], image=batch_list, engine_threads=2),
        'shared-pasid': model_input(8 | 4, [
            record(SWQ_ENQCMD, desc(MEMMOVE, comp=R0 + 0x1fc0, a=R0, b=R0 + 0x1000,
                                    size=0x800)),
            record(SWQ_ENQCMDS, desc(MEMFILL, comp=R0 + 0x1fe0, a=7, b=R0, size=0x100,
                                     pasid=1, priv=1)),
            record(SWQ_ENQCMDS, desc(MEMFILL, comp=R0 + 0x1fa0, a=7, b=R0, size=0x100,
                                     pasid=2)),
            record(SWQ_ENQCMD | 2, desc(NOOP, comp=R0 + 0x1f80)),
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
    write(corpus, 'model', model_seeds())
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
