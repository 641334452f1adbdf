/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU side of the operations beyond copy: the CRCs against their
 * published check values, the DIF tuple layout, the compare data.
 */
#include <string.h>

#include "bench_config.h"
#include "bench_ops.h"
#include "check.h"

/* The check input of the CRC catalogues, and its CRC-32C and CRC-16/T10-DIF */
static const char check_input[] = "123456789";
#define CRC32C_CHECK 0xe3069283u
#define CRC16_T10_CHECK 0xd0dbu

static void
test_crc32c(void)
{
	uint8_t buf[1000];
	uint32_t whole;
	size_t i;

	CHECK(bench_crc32c_table(check_input, 9, 0) == CRC32C_CHECK);
	CHECK(bench_crc32c(check_input, 9, 0) == CRC32C_CHECK);
	CHECK(bench_crc32c_table("", 0, 0) == 0);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	whole = bench_crc32c_table(buf, sizeof(buf), 0);
	CHECK(whole != 0);
	/* every length, so the 8-byte steps and the byte tail of the fast path meet */
	for (i = 0; i <= 64; i++)
		CHECK(bench_crc32c(buf + 3, i, 0) == bench_crc32c_table(buf + 3, i, 0));
	/* chained: the CRC of the first part is the seed of the rest */
	CHECK(bench_crc32c(buf + 333, sizeof(buf) - 333, bench_crc32c(buf, 333, 0)) == whole);
	CHECK(bench_crc32c_table(buf + 1, sizeof(buf) - 1,
		bench_crc32c_table(buf, 1, 0)) == whole);
	CHECK(strlen(bench_crc32c_method()) > 0);
}

static void
test_dif(void)
{
	enum { BS = 512, BLOCKS = 3 };
	uint8_t src[BS * BLOCKS], dst[(BS + BENCH_DIF_TUPLE_SIZE) * BLOCKS];
	size_t i;

	CHECK(bench_crc16_t10(check_input, 9) == CRC16_T10_CHECK);
	CHECK(bench_dif_protected_len(BS * BLOCKS, BS) == sizeof(dst));
	CHECK(bench_dif_protected_len(4096, 4096) == 4104);
	for (i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i ^ (i >> 8));
	bench_dif_insert(src, dst, sizeof(src), BS, 0x01020304);
	for (i = 0; i < BLOCKS; i++) {
		const uint8_t *d = dst + i * (BS + BENCH_DIF_TUPLE_SIZE), *t = d + BS;
		uint16_t guard = bench_crc16_t10(src + i * BS, BS);

		CHECK(memcmp(d, src + i * BS, BS) == 0);
		/* big-endian guard, app tag, then the ref tag counting up per block */
		CHECK(t[0] == guard >> 8 && t[1] == (guard & 0xff));
		CHECK(t[2] == BENCH_DIF_APP_TAG >> 8 && t[3] == (BENCH_DIF_APP_TAG & 0xff));
		CHECK(t[4] == 1 && t[5] == 2 && t[6] == 3 && t[7] == 4 + i);
	}
}

static void
test_compare(void)
{
	uint8_t a[64], b[64];
	uint32_t off, buf, odd = 0;

	memset(a, 7, sizeof(a));
	memcpy(b, a, sizeof(b));
	CHECK(bench_first_difference(a, b, sizeof(a)) == sizeof(a));
	b[63] = 0;
	CHECK(bench_first_difference(a, b, sizeof(a)) == 63);
	b[0] = 0;
	CHECK(bench_first_difference(a, b, sizeof(a)) == 0);
	/* the baseline's word scan finds what the byte scan finds, at every offset */
	for (off = 0; off <= sizeof(a); off++) {
		size_t len;

		memcpy(b, a, sizeof(b));
		if (off < sizeof(a))
			b[off] ^= 0x80;
		for (len = 0; len <= sizeof(a); len++)
			CHECK(bench_compare(a, b, len) == bench_first_difference(a, b, len));
	}
	for (buf = 0; buf < 100; buf++) {
		odd += bench_compare_differs(buf, 4096, &off);
		CHECK(off < 4096);
	}
	CHECK(odd == 50);
	CHECK(!bench_compare_differs(0, 1, &off) && bench_compare_differs(1, 1, &off) &&
		off == 0);
}

/* What each operation writes: its destination layout */
static void
test_dst_sizes(void)
{
	struct bench_case c;

	bench_case_init(&c, "case1", "t");
	c.type = BENCH_DMA_MEM_COPY;
	CHECK(bench_dst_stride(&c, 1000) == 1000 && bench_dst_bytes(&c, 3, 1000) == 3000);
	c.type = BENCH_CPU_CRC32C;
	CHECK(bench_dst_bytes(&c, 3, 1000) == 0);
	c.type = BENCH_DMA_DUALCAST;
	/* two destinations, the second at the first's offset in its page */
	CHECK(bench_dst_stride(&c, 1000) == 1000 && bench_dst_bytes(&c, 3, 1000) == 8192);
	c.type = BENCH_CPU_DIF_INSERT;
	c.dif_block_size = 520;
	CHECK(bench_dst_stride(&c, 1040) == 1056 && bench_dst_bytes(&c, 2, 1040) == 2112);
}

int
main(void)
{
	test_crc32c();
	test_dif();
	test_compare();
	test_dst_sizes();
	return check_report("test-dma-ops");
}
