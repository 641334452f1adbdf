/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

#include "bench_ops.h"

#define CRC32C_POLY_REFLECTED 0x82f63b78u
#define CRC16_T10_POLY 0x8bb7u

static uint32_t crc32c_table[256];
static uint16_t crc16_table[256];

/* Filled once, before main: the worker lcores only read them. */
static void __attribute__((constructor))
tables_init(void)
{
	uint32_t i, k, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ CRC32C_POLY_REFLECTED : c >> 1;
		crc32c_table[i] = c;
		c = i << 8;
		for (k = 0; k < 8; k++)
			c = c & 0x8000 ? (c << 1) ^ CRC16_T10_POLY : c << 1;
		crc16_table[i] = (uint16_t)c;
	}
}

uint32_t
bench_crc32c_table(const void *p, size_t len, uint32_t seed)
{
	const uint8_t *b = p;
	uint32_t c = ~seed;
	size_t i;

	for (i = 0; i < len; i++)
		c = crc32c_table[(c ^ b[i]) & 0xff] ^ (c >> 8);
	return ~c;
}

#if defined(__x86_64__)
static bool
cpu_has_sse42(void)
{
	return __builtin_cpu_supports("sse4.2");
}

__attribute__((target("sse4.2")))
static uint32_t
crc32c_sse42(const uint8_t *b, size_t len, uint32_t seed)
{
	uint64_t c = ~seed;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, b + i, 8);
		c = _mm_crc32_u64(c, w);
	}
	for (; i < len; i++)
		c = _mm_crc32_u8((uint32_t)c, b[i]);
	return ~(uint32_t)c;
}
#endif

uint32_t
bench_crc32c(const void *p, size_t len, uint32_t seed)
{
#if defined(__x86_64__)
	if (cpu_has_sse42())
		return crc32c_sse42(p, len, seed);
#endif
	return bench_crc32c_table(p, len, seed);
}

const char *
bench_crc32c_method(void)
{
#if defined(__x86_64__)
	if (cpu_has_sse42())
		return "the SSE4.2 crc32 instruction";
	return "a table (this CPU lacks SSE4.2)";
#else
	return "a table (not an x86-64 CPU)";
#endif
}

uint16_t
bench_crc16_t10(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint16_t c = 0;
	size_t i;

	for (i = 0; i < len; i++)
		c = (uint16_t)(crc16_table[((c >> 8) ^ b[i]) & 0xff] ^ (c << 8));
	return c;
}

uint64_t
bench_dif_protected_len(uint64_t len, uint32_t block_size)
{
	return len / block_size * (block_size + BENCH_DIF_TUPLE_SIZE);
}

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void
bench_dif_insert(const uint8_t *src, uint8_t *dst, uint32_t len, uint32_t block_size,
	uint32_t ref_tag)
{
	uint32_t blocks = len / block_size, i;

	for (i = 0; i < blocks; i++) {
		const uint8_t *s = src + (size_t)i * block_size;
		uint8_t *d = dst + (size_t)i * (block_size + BENCH_DIF_TUPLE_SIZE);
		uint8_t *t = d + block_size;
		uint32_t ref = ref_tag + i;

		memcpy(d, s, block_size);
		put_be16(t, bench_crc16_t10(s, block_size));
		put_be16(t + 2, BENCH_DIF_APP_TAG);
		put_be16(t + 4, (uint16_t)(ref >> 16));
		put_be16(t + 6, (uint16_t)ref);
	}
}

size_t
bench_first_difference(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len && a[i] == b[i]; i++)
		;
	return i;
}

size_t
bench_compare(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint64_t x, y;
	size_t i;

	if (memcmp(a, b, len) == 0)
		return len;
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
	}
	return i + bench_first_difference(a + i, b + i, len - i < 8 ? len - i : 8);
}

bool
bench_compare_differs(uint32_t buf, uint32_t buf_size, uint32_t *offset)
{
	/* odd buffers differ, at an offset that moves from buffer to buffer */
	*offset = (uint32_t)(((uint64_t)buf * 7919u) % buf_size);
	return (buf & 1) != 0;
}
