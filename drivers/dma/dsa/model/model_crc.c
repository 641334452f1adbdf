/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CRC-32C (Castagnoli, polynomial 0x1EDC6F41) over a raw CRC register: the
 * caller applies DSA's seed and result inversion. Reflected data uses the
 * SSE4.2 crc32 instruction when the CPU has it, else slicing-by-8 tables;
 * non-reflected (MSB-first) data uses a byte table. Also the CRC16 T10-DIF
 * of the DIF operations' guard (polynomial 0x8BB7, MSB first).
 */
#include <pthread.h>
#include <string.h>

#include "model_priv.h"

#define POLY      0x1EDC6F41u
#define POLY_REFL 0x82F63B78u

static uint32_t refl_table[8][256];
static uint32_t msb_table[256];
static uint16_t t10dif_table[256];
static bool have_sse42;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void
build_tables(void)
{
	uint32_t i, k, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ POLY_REFL : c >> 1;
		refl_table[0][i] = c;
		c = i << 24;
		for (k = 0; k < 8; k++)
			c = (c & 0x80000000u) ? (c << 1) ^ POLY : c << 1;
		msb_table[i] = c;
		c = i << 8;
		for (k = 0; k < 8; k++)
			c = (c & 0x8000u) ? (c << 1) ^ DSA_DIF_CRC16_POLY : c << 1;
		t10dif_table[i] = (uint16_t)c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			refl_table[k][i] = (refl_table[k - 1][i] >> 8) ^
					   refl_table[0][refl_table[k - 1][i] & 0xff];
#if defined(__x86_64__)
	have_sse42 = __builtin_cpu_supports("sse4.2");
#endif
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t
crc_sse42(uint32_t crc, const uint8_t *p, uint64_t len)
{
	uint64_t c = crc, v;

	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&v, p, 8);
		c = __builtin_ia32_crc32di(c, v);
	}
	crc = (uint32_t)c;
	for (; len; len--)
		crc = __builtin_ia32_crc32qi(crc, *p++);
	return crc;
}
#endif

static uint32_t
crc_slice8(uint32_t crc, const uint8_t *p, uint64_t len)
{
	uint32_t lo, hi;

	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + 4, 4);
		lo ^= crc;
		crc = refl_table[7][lo & 0xff] ^ refl_table[6][(lo >> 8) & 0xff] ^
		      refl_table[5][(lo >> 16) & 0xff] ^ refl_table[4][lo >> 24] ^
		      refl_table[3][hi & 0xff] ^ refl_table[2][(hi >> 8) & 0xff] ^
		      refl_table[1][(hi >> 16) & 0xff] ^ refl_table[0][hi >> 24];
	}
	for (; len; len--)
		crc = (crc >> 8) ^ refl_table[0][(crc ^ *p++) & 0xff];
	return crc;
}

uint32_t
model_crc32c(uint32_t crc, const void *buf, uint64_t len, bool reflect_data)
{
	const uint8_t *p = buf;

	pthread_once(&tables_once, build_tables);
	if (!reflect_data) {
		for (; len; len--)
			crc = (crc << 8) ^ msb_table[(crc >> 24) ^ *p++];
		return crc;
	}
#if defined(__x86_64__)
	if (have_sse42)
		return crc_sse42(crc, p, len);
#endif
	return crc_slice8(crc, p, len);
}

uint16_t
model_crc16_t10dif(uint16_t crc, const void *buf, uint64_t len)
{
	const uint8_t *p = buf;

	pthread_once(&tables_once, build_tables);
	for (; len; len--)
		crc = (uint16_t)((crc << 8) ^ t10dif_table[(crc >> 8) ^ *p++]);
	return crc;
}
