/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the CPU does for the operations beyond copy: the baselines the DSA
 * operations are measured against, and the references their results are
 * checked with. No EAL.
 */
#ifndef BENCH_OPS_H
#define BENCH_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The tags every DIF case inserts: a fixed app tag, ref tags from the buffer number up */
#define BENCH_DIF_APP_TAG 0x5aa5
#define BENCH_DIF_TUPLE_SIZE 8

/*
 * CRC-32C (Castagnoli, reflected, inverted before and after) of len bytes,
 * chained from seed (0: none), as rte_pmd_dsa_crc32c() has it. By the SSE4.2
 * crc32 instruction when the CPU has it, else by a table.
 */
uint32_t bench_crc32c(const void *p, size_t len, uint32_t seed);

/* The same by the table alone: the reference results are checked with. */
uint32_t bench_crc32c_table(const void *p, size_t len, uint32_t seed);

/* How bench_crc32c computes on this CPU, for the output. */
const char *bench_crc32c_method(void);

/* CRC-16 T10-DIF (polynomial 0x8BB7, not reflected, seed 0) of len bytes. */
uint16_t bench_crc16_t10(const void *p, size_t len);

/* Bytes of len bytes of data in blocks of block_size, each with its tuple. */
uint64_t bench_dif_protected_len(uint64_t len, uint32_t block_size);

/*
 * Copy len bytes (whole blocks) from src to dst, each block followed by its
 * T10 tuple: guard CRC-16, BENCH_DIF_APP_TAG, ref_tag + block number, all
 * big-endian.
 */
void bench_dif_insert(const uint8_t *src, uint8_t *dst, uint32_t len, uint32_t block_size,
	uint32_t ref_tag);

/* Offset of the first byte where a and b differ, or len if none: byte by byte. */
size_t bench_first_difference(const uint8_t *a, const uint8_t *b, size_t len);

/* The same as the CPU baseline does it: memcmp says whether, words then say where. */
size_t bench_compare(const uint8_t *a, const uint8_t *b, size_t len);

/*
 * The compare cases compare each source buffer with a copy that differs in
 * every other buffer: whether buffer buf differs, and at which offset.
 */
bool bench_compare_differs(uint32_t buf, uint32_t buf_size, uint32_t *offset);

#endif /* BENCH_OPS_H */
