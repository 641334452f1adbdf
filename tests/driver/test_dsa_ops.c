/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operations of rte_pmd_dsa.h on the software model, each against a
 * reference computed here, independently of model and driver: CRC-32C by a
 * table, memcmp, a delta record built by hand, the T10-DIF CRC-16 by a
 * table. Good and bad input; the ops mixed with copies in one burst; a
 * failure in the middle of a batch reported for its own job only; results
 * written when, and only when, the job is reported.
 *
 * usage: test_dsa_ops [TEST...]   (default: all)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#include "dma_test.h"
#include "dsa_dev.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"
#include "rte_pmd_dsa.h"

#define WAIT_S 20 /* generous: the machine may be loaded */
#define BUF_LEN 4096
#define RING 64
#define SENTINEL 0xa5 /* fills a result the driver must not have written yet */

#define DEV2 "dma_dsa_model_ops"   /* DSA 2.0 preset: every op */
#define DEV1 "dma_dsa_model_ops1"  /* SPR preset: no delta ops */
#define DEV_SMALL "dma_dsa_model_opsring"
#define DEV_MIX "dma_dsa_model_opsmix"

static const char *const eal_vdevs[] = {
	/* one engine thread: descriptors run in submission order */
	"--vdev=" DEV2 ",preset=dsa2,threads=1",
	"--vdev=" DEV1 ",threads=1",
	"--vdev=" DEV_SMALL ",preset=dsa2,threads=1",
	"--vdev=" DEV_MIX ",preset=dsa2,threads=1",
	/* a dmadev of another driver */
	"--vdev=dma_skeleton",
};

/* ---- references ---- */

static uint32_t crc32c_table[256];
static uint16_t crc16_t10_table[256];

static void
ref_tables_init(void)
{
	unsigned int i, k;

	for (i = 0; i < 256; i++) {
		uint32_t c = i;
		uint16_t g = (uint16_t)(i << 8);

		for (k = 0; k < 8; k++) {
			c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1; /* reflected 0x1EDC6F41 */
			unsigned int g1 = (unsigned int)g << 1;

			g = (uint16_t)((g & 0x8000) ? g1 ^ 0x8BB7u : g1);
		}
		crc32c_table[i] = c;
		crc16_t10_table[i] = g;
	}
}

/* CRC-32C of P chained from SEED (the CRC of the data before; 0: none) */
static uint32_t
ref_crc32c(uint32_t seed, const uint8_t *p, size_t n)
{
	uint32_t c = ~seed;

	while (n--)
		c = crc32c_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

/* T10-DIF CRC-16 (MSB first, not inverted) from SEED */
static uint16_t
ref_crc16_t10(uint16_t seed, const uint8_t *p, size_t n)
{
	uint16_t c = seed;

	while (n--)
		c = (uint16_t)((c << 8) ^ crc16_t10_table[((c >> 8) ^ *p++) & 0xff]);
	return c;
}

/* Offset of the first differing byte of A and B, N if none */
static size_t
ref_first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	if (memcmp(a, b, n) == 0)
		return n;
	for (i = 0; a[i] == b[i]; i++)
		;
	return i;
}

/*
 * DATA (NBLOCKS blocks of BS) protected into OUT: tags app, ref + block
 * number; the guard's CRC options CRC_FLAGS (RTE_PMD_DSA_DIF_CRC_*).
 */
static void
ref_protect(const uint8_t *data, uint8_t *out, unsigned int nblocks, uint32_t bs,
	    uint16_t app, uint32_t ref, uint8_t crc_flags)
{
	uint16_t seed = (crc_flags & RTE_PMD_DSA_DIF_CRC_INVERT_SEED) ? 0xffff : 0;
	uint16_t invert = (crc_flags & RTE_PMD_DSA_DIF_CRC_INVERT_RESULT) ? 0xffff : 0;
	unsigned int b;

	for (b = 0; b < nblocks; b++) {
		uint8_t *o = out + b * (bs + RTE_PMD_DSA_DIF_TUPLE_SIZE);
		uint16_t crc = ref_crc16_t10(seed, data + b * bs, bs) ^ invert;
		rte_be16_t guard = rte_cpu_to_be_16(crc);
		rte_be16_t app_be = rte_cpu_to_be_16(app);
		rte_be32_t ref_be = rte_cpu_to_be_32(ref + b);

		memcpy(o, data + b * bs, bs);
		memcpy(o + bs, &guard, sizeof(guard));
		memcpy(o + bs + 2, &app_be, sizeof(app_be));
		memcpy(o + bs + 4, &ref_be, sizeof(ref_be));
	}
}

/* The delta record of ORIG -> NEW by hand; returns its bytes */
static uint32_t
ref_delta(const uint8_t *orig, const uint8_t *new_data, uint32_t len, uint8_t *rec)
{
	uint32_t w, n = 0;

	for (w = 0; w < len / 8; w++) {
		if (memcmp(orig + 8 * w, new_data + 8 * w, 8) == 0)
			continue;
		rec[n] = (uint8_t)w; /* offset in words, little-endian */
		rec[n + 1] = (uint8_t)(w >> 8);
		memcpy(rec + n + 2, new_data + 8 * w, 8);
		n += RTE_PMD_DSA_DELTA_ENTRY_SIZE;
	}
	return n;
}

/* ---- steps ---- */

static uint8_t *
alloc_buf(size_t len, uint8_t seed)
{
	uint8_t *p = rte_malloc(NULL, len, 4096);
	size_t i;

	if (p == NULL) {
		printf("FAIL: out of memory\n");
		exit(1);
	}
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 13 + (i >> 8));
	return p;
}

static void
result_init(struct rte_pmd_dsa_result *r)
{
	memset(r, SENTINEL, sizeof(*r));
}

static bool
result_untouched(const struct rte_pmd_dsa_result *r)
{
	const uint8_t *p = (const uint8_t *)r;
	size_t i;

	for (i = 0; i < sizeof(*r); i++)
		if (p[i] != SENTINEL)
			return false;
	return true;
}

/* Collect N statuses with rte_dma_completed_status; the first reported job must be FIRST */
static int
collect(int16_t id, unsigned int n, uint16_t first, enum rte_dma_status_code *st)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	unsigned int got = 0;
	uint16_t last;

	while (got < n) {
		uint16_t k = rte_dma_completed_status(id, 0, (uint16_t)(n - got), &last, st + got);

		got += k;
		if (k == 0) {
			CHECK(rte_get_timer_cycles() < end, "only %u of %u completions", got, n);
			rte_pause();
		}
	}
	CHECK(last == (uint16_t)(first + n - 1), "last job %u, expected %u", last,
	      (uint16_t)(first + n - 1));
	return 0;
}

/* Run the job JOB (an enqueue's return) alone; its status must be WANT */
static int
run_job(int16_t id, int job, enum rte_dma_status_code want)
{
	enum rte_dma_status_code st;

	CHECK(job >= 0, "enqueue: %d", job);
	rte_dma_submit(id, 0);
	CHECK(collect(id, 1, (uint16_t)job, &st) == 0, "collect job %d", job);
	CHECK(st == want, "job %d: status %d, expected %d", job, st, want);
	return 0;
}

/* The next job id of ID: a copy enqueued and completed */
static int
next_job_id(int16_t id, uint16_t *next)
{
	uint8_t *src = alloc_buf(64, 3), *dst = alloc_buf(64, 0);
	int job = rte_dma_copy(id, 0, iova(src), iova(dst), 64, 0);

	CHECK(run_job(id, job, RTE_DMA_STATUS_SUCCESSFUL) == 0, "copy");
	CHECK(memcmp(src, dst, 64) == 0, "copy data");
	*next = (uint16_t)(job + 1);
	rte_free(src);
	rte_free(dst);
	return 0;
}

/* ---- tests ---- */

/* The references agree with published check values, so they test something */
static int
test_references(void)
{
	static const uint8_t check[] = "123456789";

	CHECK(ref_crc32c(0, check, 9) == 0xE3069283u, "CRC-32C 0x%08x", ref_crc32c(0, check, 9));
	CHECK(ref_crc32c(ref_crc32c(0, check, 4), check + 4, 5) == 0xE3069283u, "chained");
	CHECK(ref_crc16_t10(0, check, 9) == 0xD0DB, "CRC-16 T10-DIF 0x%04x",
	      ref_crc16_t10(0, check, 9));
	return 0;
}

static int
test_compare(void)
{
	int16_t id = dma_test_dev_id(DEV2 "-wq0");
	uint8_t *a = alloc_buf(BUF_LEN, 1), *b = rte_malloc(NULL, BUF_LEN, 64);
	const uint64_t pattern = 0x0123456789abcdefull;
	struct rte_pmd_dsa_result r;
	uint8_t *p = alloc_buf(BUF_LEN, 0);
	size_t i, off;

	memcpy(b, a, BUF_LEN);
	/* equal */
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_compare(id, 0, iova(a), iova(b), BUF_LEN, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "equal");
	CHECK(r.differ == 0 && r.dsa_status == RTE_PMD_DSA_STATUS_SUCCESS, "equal: differ %u",
	      r.differ);
	/* different: still a successful job, with the offset memcmp finds */
	for (off = 0; off < BUF_LEN; off += 1237) {
		b[off] ^= 0x10;
		b[BUF_LEN - 1] ^= 0x01;
		result_init(&r);
		CHECK(run_job(id, rte_pmd_dsa_compare(id, 0, iova(a), iova(b), BUF_LEN, &r, 0),
			      RTE_DMA_STATUS_SUCCESSFUL) == 0, "differ at %zu", off);
		CHECK(r.differ == 1 && r.bytes_completed == ref_first_diff(a, b, BUF_LEN),
		      "differ %u at %u, expected %zu", r.differ, r.bytes_completed,
		      ref_first_diff(a, b, BUF_LEN));
		b[off] ^= 0x10;
		b[BUF_LEN - 1] ^= 0x01;
	}
	/* pattern, with a tail shorter than the pattern */
	for (i = 0; i < BUF_LEN; i++)
		p[i] = (uint8_t)(pattern >> (8 * (i % 8)));
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_compare_pattern(id, 0, iova(p), pattern, BUF_LEN - 3, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "pattern equal");
	CHECK(r.differ == 0, "pattern: differ %u", r.differ);
	p[2051] ^= 0x80;
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_compare_pattern(id, 0, iova(p), pattern, BUF_LEN, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "pattern differ");
	CHECK(r.differ == 1 && r.bytes_completed == (2051 & ~7u), "pattern: differ %u at %u",
	      r.differ, r.bytes_completed);
	rte_free(a);
	rte_free(b);
	rte_free(p);
	return 0;
}

static int
test_crc(void)
{
	static const uint32_t lens[] = { 1, 7, 64, 1000, BUF_LEN, 3 * BUF_LEN + 5 };
	int16_t id = dma_test_dev_id(DEV2 "-wq0");
	uint8_t *src = alloc_buf(4 * BUF_LEN, 7), *dst = alloc_buf(4 * BUF_LEN, 0);
	struct rte_pmd_dsa_result r, r2;
	unsigned int i;

	for (i = 0; i < RTE_DIM(lens); i++) {
		uint32_t want = ref_crc32c(0, src, lens[i]);

		result_init(&r);
		CHECK(run_job(id, rte_pmd_dsa_crc32c(id, 0, iova(src), lens[i], 0, &r, 0),
			      RTE_DMA_STATUS_SUCCESSFUL) == 0, "crc of %u", lens[i]);
		CHECK(r.crc == want, "crc of %u: 0x%08x, expected 0x%08x", lens[i], r.crc, want);
		memset(dst, 0, lens[i]);
		result_init(&r);
		CHECK(run_job(id, rte_pmd_dsa_copy_crc32c(id, 0, iova(src), iova(dst), lens[i], 0,
							  &r, 0),
			      RTE_DMA_STATUS_SUCCESSFUL) == 0, "copy crc of %u", lens[i]);
		CHECK(r.crc == want && memcmp(src, dst, lens[i]) == 0,
		      "copy crc of %u: 0x%08x, expected 0x%08x", lens[i], r.crc, want);
	}
	/* chained: the CRC of the first part is the seed of the second */
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_crc32c(id, 0, iova(src), 1000, 0, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "part 1");
	result_init(&r2);
	CHECK(run_job(id, rte_pmd_dsa_crc32c(id, 0, iova(src + 1000), 3000, r.crc, &r2, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "part 2");
	CHECK(r2.crc == ref_crc32c(0, src, 4000), "chained 0x%08x, expected 0x%08x", r2.crc,
	      ref_crc32c(0, src, 4000));
	/* overlapping copy: the device refuses it */
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_copy_crc32c(id, 0, iova(src), iova(src + 64), 256, 0, &r,
						  0),
		      RTE_DMA_STATUS_INVALID_ADDR) == 0, "overlap");
	CHECK(r.dsa_status == DSA_COMP_OVERLAP_BUFFERS, "overlap: device status 0x%x",
	      r.dsa_status);
	rte_free(src);
	rte_free(dst);
	return 0;
}

static int
test_dualcast_flush(void)
{
	int16_t id = dma_test_dev_id(DEV2 "-wq0");
	uint8_t *src = alloc_buf(BUF_LEN, 5), *d1 = alloc_buf(2 * BUF_LEN, 0);
	uint8_t *d2 = alloc_buf(2 * BUF_LEN, 0);
	struct rte_pmd_dsa_result r;
	uint16_t next, after;
	const size_t off = 0x140;

	memset(d1, 0, 2 * BUF_LEN);
	memset(d2, 0, 2 * BUF_LEN);
	CHECK(run_job(id, rte_pmd_dsa_dualcast(id, 0, iova(src), iova(d1 + off), iova(d2 + off),
					       BUF_LEN, NULL, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "dualcast");
	CHECK(memcmp(src, d1 + off, BUF_LEN) == 0 && memcmp(src, d2 + off, BUF_LEN) == 0,
	      "dualcast data");
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dualcast(id, 0, iova(src), iova(d1), iova(d2), 512, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "dualcast with result");
	CHECK(r.dsa_status == RTE_PMD_DSA_STATUS_SUCCESS && r.crc == 0 && r.differ == 0,
	      "dualcast result");
	/* destinations at different offsets in their pages: refused, nothing enqueued */
	CHECK(next_job_id(id, &next) == 0, "job id");
	CHECK(rte_pmd_dsa_dualcast(id, 0, iova(src), iova(d1 + off), iova(d2 + off + 8), 64,
				   NULL, 0) == -EINVAL, "misaligned dualcast");
	CHECK(next_job_id(id, &after) == 0 && after == (uint16_t)(next + 1),
	      "a refused op took a job id (%u after %u)", after, next);
	/* cache flush: the data stays */
	memcpy(d1, src, BUF_LEN);
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_cache_flush(id, 0, iova(d1), BUF_LEN, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "flush");
	CHECK(r.dsa_status == RTE_PMD_DSA_STATUS_SUCCESS && memcmp(src, d1, BUF_LEN) == 0,
	      "flush: status 0x%x", r.dsa_status);
	rte_free(src);
	rte_free(d1);
	rte_free(d2);
	return 0;
}

/* Create the delta of ORIG -> NEW of LEN into REC (room MAX), as the device does */
static int
delta_create(int16_t id, const uint8_t *orig, const uint8_t *new_data, uint32_t len,
	     uint8_t *rec, uint32_t max, struct rte_pmd_dsa_result *r)
{
	result_init(r);
	return run_job(id, rte_pmd_dsa_delta_create(id, 0, iova(orig), iova(new_data), len,
						    iova(rec), max, r, 0),
		       RTE_DMA_STATUS_SUCCESSFUL);
}

static int
test_delta(void)
{
	static const unsigned int words[] = { 0, 3, 100, 101, 511 };
	int16_t id = dma_test_dev_id(DEV2 "-wq0");
	uint8_t *orig = alloc_buf(BUF_LEN, 11), *new_data = rte_malloc(NULL, BUF_LEN, 64);
	uint8_t *work = rte_malloc(NULL, BUF_LEN, 64), *rec = alloc_buf(BUF_LEN, 0);
	uint8_t want[BUF_LEN / 8 * RTE_PMD_DSA_DELTA_ENTRY_SIZE];
	struct rte_pmd_dsa_result r;
	uint32_t want_size;
	unsigned int i;

	memcpy(new_data, orig, BUF_LEN);
	CHECK(delta_create(id, orig, new_data, BUF_LEN, rec, 400, &r) == 0, "equal");
	CHECK(r.delta == RTE_PMD_DSA_DELTA_EQUAL && r.delta_size == 0, "equal: delta %u size %u",
	      r.delta, r.delta_size);
	for (i = 0; i < RTE_DIM(words); i++)
		new_data[8 * words[i] + i % 8] ^= 0xff;
	want_size = ref_delta(orig, new_data, BUF_LEN, want);
	CHECK(delta_create(id, orig, new_data, BUF_LEN, rec, 400, &r) == 0, "create");
	CHECK(r.delta == RTE_PMD_DSA_DELTA_RECORD && r.delta_size == want_size &&
	      memcmp(rec, want, want_size) == 0, "record: delta %u, %u bytes, expected %u",
	      r.delta, r.delta_size, want_size);
	/* apply the device's record to the original: the new data */
	memcpy(work, orig, BUF_LEN);
	CHECK(run_job(id, rte_pmd_dsa_delta_apply(id, 0, iova(rec), r.delta_size, iova(work),
						  BUF_LEN, NULL, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "apply");
	CHECK(memcmp(work, new_data, BUF_LEN) == 0, "applied data");
	/* a record too small: a successful job that says so, with what fits */
	for (i = 0; i < 20; i++)
		new_data[8 * (200 + 2 * i)] ^= 0x5a;
	want_size = ref_delta(orig, new_data, BUF_LEN, want);
	CHECK(delta_create(id, orig, new_data, BUF_LEN, rec, RTE_PMD_DSA_DELTA_MIN_SIZE, &r) == 0,
	      "overflow");
	CHECK(r.delta == RTE_PMD_DSA_DELTA_OVERFLOW &&
	      r.delta_size <= RTE_PMD_DSA_DELTA_MIN_SIZE &&
	      want_size > RTE_PMD_DSA_DELTA_MIN_SIZE && memcmp(rec, want, r.delta_size) == 0,
	      "overflow: delta %u, %u bytes", r.delta, r.delta_size);
	/* a malformed record: offsets not increasing; the entry before it applies */
	memcpy(work, orig, BUF_LEN);
	memcpy(rec, want + RTE_PMD_DSA_DELTA_ENTRY_SIZE, RTE_PMD_DSA_DELTA_ENTRY_SIZE);
	memcpy(rec + RTE_PMD_DSA_DELTA_ENTRY_SIZE, want, RTE_PMD_DSA_DELTA_ENTRY_SIZE);
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_delta_apply(id, 0, iova(rec),
						  2 * RTE_PMD_DSA_DELTA_ENTRY_SIZE, iova(work),
						  BUF_LEN, &r, 0),
		      RTE_DMA_STATUS_ERROR_UNKNOWN) == 0, "apply not increasing");
	CHECK(r.dsa_status == RTE_PMD_DSA_STATUS_DELTA_NOT_INC &&
	      r.bytes_completed == RTE_PMD_DSA_DELTA_ENTRY_SIZE, "not increasing: 0x%x after %u",
	      r.dsa_status, r.bytes_completed);
	/* an offset beyond the data */
	memcpy(rec, want, RTE_PMD_DSA_DELTA_ENTRY_SIZE);
	rec[0] = 0;
	rec[1] = 0x40; /* word 0x4000 of 512 */
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_delta_apply(id, 0, iova(rec), RTE_PMD_DSA_DELTA_ENTRY_SIZE,
						  iova(work), BUF_LEN, &r, 0),
		      RTE_DMA_STATUS_ERROR_UNKNOWN) == 0, "apply out of range");
	CHECK(r.dsa_status == RTE_PMD_DSA_STATUS_DELTA_RANGE, "out of range: 0x%x", r.dsa_status);
	rte_free(orig);
	rte_free(new_data);
	rte_free(work);
	rte_free(rec);
	return 0;
}

static int
dif_block_size(uint32_t bs)
{
	const unsigned int nb = 3, pbs = bs + RTE_PMD_DSA_DIF_TUPLE_SIZE;
	int16_t id = dma_test_dev_id(DEV2 "-wq0");
	uint8_t *data = alloc_buf(nb * bs, (uint8_t)bs), *prot = alloc_buf(nb * pbs, 0);
	uint8_t *want = alloc_buf(nb * pbs, 0), *out = alloc_buf(nb * pbs, 0);
	struct rte_pmd_dsa_dif dif = {
		.block_size = (uint16_t)bs,
		.src = { .ref_tag = 100, .app_tag = 0x1234 },
		.dst = { .ref_tag = 100, .app_tag = 0x1234 },
	};
	struct rte_pmd_dsa_result r;

	/* insert: the tuples the reference computes */
	ref_protect(data, want, nb, bs, 0x1234, 100, 0);
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dif_insert(id, 0, iova(data), iova(prot), nb * bs, &dif,
						 &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "insert");
	CHECK(memcmp(prot, want, nb * pbs) == 0, "inserted tuples");
	CHECK(r.dif_dst.ref_tag == 100 + nb && r.dif_dst.app_tag == 0x1234,
	      "insert: next ref tag %u", r.dif_dst.ref_tag);
	/* check and strip of good data */
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(prot), nb * pbs, &dif, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "check");
	CHECK(r.dif_error == 0 && r.dif_src.ref_tag == 100 + nb, "check: error 0x%x ref %u",
	      r.dif_error, r.dif_src.ref_tag);
	memset(out, 0, nb * bs);
	CHECK(run_job(id, rte_pmd_dsa_dif_strip(id, 0, iova(prot), iova(out), nb * pbs, &dif, NULL,
					    0), RTE_DMA_STATUS_SUCCESSFUL) == 0, "strip");
	CHECK(memcmp(out, data, nb * bs) == 0, "stripped data");
	/* update to new tags */
	dif.dst.ref_tag = 7000;
	dif.dst.app_tag = 0xbeef;
	ref_protect(data, want, nb, bs, 0xbeef, 7000, 0);
	CHECK(run_job(id, rte_pmd_dsa_dif_update(id, 0, iova(prot), iova(out), nb * pbs, &dif,
						 NULL,
					     0), RTE_DMA_STATUS_SUCCESSFUL) == 0, "update");
	CHECK(memcmp(out, want, nb * pbs) == 0, "updated tuples");
	/* a bad guard in block 1 */
	prot[pbs + 5] ^= 0x01;
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(prot), nb * pbs, &dif, &r, 0),
		      RTE_DMA_STATUS_ERROR_UNKNOWN) == 0, "bad guard");
	CHECK(r.dsa_status == RTE_PMD_DSA_STATUS_DIF_ERROR &&
	      r.dif_error == RTE_PMD_DSA_DIF_ERR_GUARD &&
	      r.bytes_completed == pbs && r.dif_src.ref_tag == 101,
	      "bad guard: status 0x%x error 0x%x after %u, ref %u", r.dsa_status, r.dif_error,
	      r.bytes_completed, r.dif_src.ref_tag);
	/* strip stops there: block 0 written, nothing of block 1 */
	memset(out, 0, nb * bs);
	CHECK(run_job(id, rte_pmd_dsa_dif_strip(id, 0, iova(prot), iova(out), nb * pbs, &dif, NULL,
					    0), RTE_DMA_STATUS_ERROR_UNKNOWN) == 0, "strip bad");
	CHECK(memcmp(out, data, bs) == 0 && out[bs] == 0 && out[2 * bs - 1] == 0, "strip stop");
	prot[pbs + 5] ^= 0x01;
	/* the application tag expected differs */
	dif.src.app_tag = 0x1111;
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(prot), nb * pbs, &dif, &r, 0),
		      RTE_DMA_STATUS_ERROR_UNKNOWN) == 0, "bad app tag");
	CHECK(r.dif_error == RTE_PMD_DSA_DIF_ERR_APP_TAG && r.bytes_completed == 0,
	      "bad app tag: error 0x%x after %u", r.dif_error, r.bytes_completed);
	/* ... unless masked */
	dif.src.app_tag_mask = 0xffff;
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(prot), nb * pbs, &dif, NULL, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "masked app tag");
	dif.src.app_tag_mask = 0;
	dif.src.app_tag = 0x1234;
	/* a wrong reference tag in block 2 */
	prot[2 * pbs + bs + 7] ^= 0x04;
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(prot), nb * pbs, &dif, &r, 0),
		      RTE_DMA_STATUS_ERROR_UNKNOWN) == 0, "bad ref tag");
	CHECK(r.dif_error == RTE_PMD_DSA_DIF_ERR_REF_TAG && r.bytes_completed == 2 * pbs &&
	      r.dif_src.ref_tag == 102, "bad ref tag: error 0x%x after %u ref %u", r.dif_error,
	      r.bytes_completed, r.dif_src.ref_tag);
	prot[2 * pbs + bs + 7] ^= 0x04;
	/* the guard's CRC from seed 0xFFFF, inverted: another guard, which check needs told */
	dif.crc_flags = RTE_PMD_DSA_DIF_CRC_INVERT_SEED | RTE_PMD_DSA_DIF_CRC_INVERT_RESULT;
	dif.dst = dif.src;
	ref_protect(data, want, nb, bs, 0x1234, 100, dif.crc_flags);
	CHECK(run_job(id, rte_pmd_dsa_dif_insert(id, 0, iova(data), iova(out), nb * bs, &dif,
						 NULL, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "insert inverted");
	CHECK(memcmp(out, want, nb * pbs) == 0, "inverted guards");
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(out), nb * pbs, &dif, NULL, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0, "check inverted");
	dif.crc_flags = 0;
	result_init(&r);
	CHECK(run_job(id, rte_pmd_dsa_dif_check(id, 0, iova(out), nb * pbs, &dif, &r, 0),
		      RTE_DMA_STATUS_ERROR_UNKNOWN) == 0 &&
	      r.dif_error == RTE_PMD_DSA_DIF_ERR_GUARD && r.bytes_completed == 0,
	      "inverted guards checked plain: error 0x%x", r.dif_error);
	/* formats and lengths the device would refuse */
	CHECK(rte_pmd_dsa_dif_check(id, 0, iova(prot), nb * pbs - 8, &dif, NULL, 0) == -EINVAL,
	      "partial block");
	CHECK(rte_pmd_dsa_dif_insert(id, 0, iova(data), iova(prot), nb * bs - 1, &dif, NULL, 0) ==
	      -EINVAL, "partial insert block");
	rte_free(data);
	rte_free(prot);
	rte_free(want);
	rte_free(out);
	return 0;
}

static int
test_dif(void)
{
	static const uint32_t sizes[] = { 512, 520, 4096, 4104 };
	unsigned int i;

	for (i = 0; i < RTE_DIM(sizes); i++)
		CHECK(dif_block_size(sizes[i]) == 0, "block size %u", sizes[i]);
	return 0;
}

/* Every argument the device would refuse is a logged -EINVAL; nothing is enqueued */
static int
test_refusals(void)
{
	int16_t id = dma_test_dev_id(DEV2 "-wq0"), spr = dma_test_dev_id(DEV1 "-wq0");
	int skel = rte_dma_get_dev_id_by_name("dma_skeleton");
	uint8_t *a = alloc_buf(BUF_LEN, 1), *b = alloc_buf(BUF_LEN, 2);
	struct rte_pmd_dsa_dif dif = { .block_size = 512 };
	struct rte_pmd_dsa_result r;
	uint16_t next, after;

	CHECK(next_job_id(id, &next) == 0, "job id");
	CHECK(rte_pmd_dsa_crc32c(77, 0, iova(a), 64, 0, &r, 0) == -ENODEV, "no such dmadev");
	CHECK(skel >= 0, "no dma_skeleton dmadev");
	CHECK(rte_pmd_dsa_crc32c((int16_t)skel, 0, iova(a), 64, 0, &r, 0) == -ENODEV,
	      "another driver's dmadev");
	CHECK(rte_pmd_dsa_op_supported((int16_t)skel, RTE_PMD_DSA_OP_CRC32C) == -ENODEV,
	      "op_supported on another driver");
	CHECK(rte_pmd_dsa_crc32c(id, 1, iova(a), 64, 0, &r, 0) == -EINVAL, "vchan 1");
	CHECK(rte_pmd_dsa_crc32c(id, 0, iova(a), 0, 0, &r, 0) == -EINVAL, "length 0");
	CHECK(rte_pmd_dsa_compare(id, 0, iova(a), iova(b), UINT32_MAX, &r, 0) == -EINVAL,
	      "length above max transfer");
	CHECK(rte_pmd_dsa_compare(id, 0, iova(a), iova(b), 64, NULL, 0) == -EINVAL,
	      "compare without result");
	CHECK(rte_pmd_dsa_crc32c(id, 0, iova(a), 64, 0, NULL, 0) == -EINVAL, "crc without result");
	CHECK(rte_pmd_dsa_delta_create(id, 0, iova(a), iova(b), BUF_LEN, iova(b), 85, &r, 0) ==
	      -EINVAL, "max delta size not a multiple of 10");
	CHECK(rte_pmd_dsa_delta_create(id, 0, iova(a), iova(b), BUF_LEN, iova(b), 70, &r, 0) ==
	      -EINVAL, "max delta size below 80");
	CHECK(rte_pmd_dsa_delta_create(id, 0, iova(a), iova(b), 12, iova(b), 80, &r, 0) == -EINVAL,
	      "delta length not a multiple of 8");
	CHECK(rte_pmd_dsa_delta_create(id, 0, iova(a + 4), iova(b), 64, iova(b), 80, &r, 0) ==
	      -EINVAL, "delta source misaligned");
	/* DML's validation wants the record 8-B aligned too; the model need not */
	CHECK(rte_pmd_dsa_delta_create(id, 0, iova(a), iova(b), 64, iova(b) + 2, 80, &r, 0) ==
	      -EINVAL, "delta record misaligned for create");
	CHECK(rte_pmd_dsa_delta_apply(id, 0, iova(a) + 2, 10, iova(b), 64, NULL, 0) == -EINVAL,
	      "delta record misaligned for apply");
	CHECK(rte_pmd_dsa_delta_apply(id, 0, iova(a), 0, iova(b), 64, NULL, 0) == -EINVAL,
	      "delta record size 0");
	CHECK(rte_pmd_dsa_delta_apply(id, 0, iova(a), 15, iova(b), 64, NULL, 0) == -EINVAL,
	      "delta record size not a multiple of 10");
	CHECK(rte_pmd_dsa_delta_apply(id, 0, iova(a), 90, iova(b), 64, NULL, 0) == -EINVAL,
	      "more entries than words");
	CHECK(rte_pmd_dsa_dif_check(id, 0, iova(a), 1040, NULL, NULL, 0) == -EINVAL, "no format");
	dif.block_size = 1024;
	CHECK(rte_pmd_dsa_dif_check(id, 0, iova(a), 1032, &dif, NULL, 0) == -EINVAL,
	      "block size 1024");
	dif.block_size = 512;
	dif.dst_flags = RTE_PMD_DSA_DIF_DST_APP_INC;
	CHECK(rte_pmd_dsa_dif_check(id, 0, iova(a), 520, &dif, NULL, 0) == -EINVAL,
	      "destination flags on check");
	dif.dst_flags = RTE_PMD_DSA_DIF_DST_GUARD_PASS;
	CHECK(rte_pmd_dsa_dif_insert(id, 0, iova(a), iova(b), 512, &dif, NULL, 0) == -EINVAL,
	      "pass-through on insert");
	dif.dst_flags = 0;
	dif.src_flags = RTE_PMD_DSA_DIF_SRC_REF_FIXED;
	CHECK(rte_pmd_dsa_dif_insert(id, 0, iova(a), iova(b), 512, &dif, NULL, 0) == -EINVAL,
	      "source flags on insert");
	dif.src_flags = 0;
	dif.crc_flags = 0x10;
	CHECK(rte_pmd_dsa_dif_check(id, 0, iova(a), 520, &dif, NULL, 0) == -EINVAL,
	      "reserved DIF flag");
	/* a strip's destination just below its source: DML's hardware bug workaround */
	dif.crc_flags = 0;
	CHECK(rte_pmd_dsa_dif_strip(id, 0, iova(a) + 2048, iova(a) + 2048 - 512, 520, &dif, NULL,
				    0) == -EINVAL, "strip right below its source");
	CHECK(rte_pmd_dsa_dif_strip(id, 0, iova(a) + 2048, iova(a) + 2048 - 520, 520, &dif, NULL,
				    0) == -EINVAL, "strip below its source by its length");
	CHECK(next_job_id(id, &after) == 0 && after == (uint16_t)(next + 1),
	      "refused ops took job ids (%u after %u)", after, next);
	/* further below, or above it: fine */
	memset(b, 0x5c, 512);
	ref_protect(b, a + 2048, 1, 512, 0, 0, 0);
	CHECK(run_job(id, rte_pmd_dsa_dif_strip(id, 0, iova(a) + 2048, iova(a) + 2048 - 528, 520,
						&dif, NULL, 0), RTE_DMA_STATUS_SUCCESSFUL) == 0 &&
	      memcmp(a + 2048 - 528, b, 512) == 0, "strip below its source by more");
	CHECK(run_job(id, rte_pmd_dsa_dif_strip(id, 0, iova(a) + 2048, iova(a) + 2048 + 520, 520,
						&dif, NULL, 0), RTE_DMA_STATUS_SUCCESSFUL) == 0 &&
	      memcmp(a + 2048 + 520, b, 512) == 0, "strip right above its source");
	/* the SPR preset has no delta ops */
	CHECK(rte_pmd_dsa_op_supported(spr, RTE_PMD_DSA_OP_DELTA_CREATE) == 0 &&
	      rte_pmd_dsa_op_supported(spr, RTE_PMD_DSA_OP_DIF_CHECK) == 1 &&
	      rte_pmd_dsa_op_supported(id, RTE_PMD_DSA_OP_DELTA_APPLY) == 1,
	      "op_supported");
	CHECK(dma_test_start(spr, RING, true) == 0, "start SPR");
	CHECK(rte_pmd_dsa_delta_create(spr, 0, iova(a), iova(b), 64, iova(b), 80, &r, 0) ==
	      -ENOTSUP, "create delta on SPR");
	CHECK(rte_pmd_dsa_delta_apply(spr, 0, iova(a), 10, iova(b), 64, NULL, 0) == -ENOTSUP,
	      "apply delta on SPR");
	result_init(&r);
	CHECK(run_job(spr, rte_pmd_dsa_crc32c(spr, 0, iova(a), BUF_LEN, 0, &r, 0),
		      RTE_DMA_STATUS_SUCCESSFUL) == 0 && r.crc == ref_crc32c(0, a, BUF_LEN),
	      "crc on SPR");
	rte_free(a);
	rte_free(b);
	return 0;
}

/* The ring's capacity holds for the ops as for copies: -ENOSPC, then all complete */
static int
test_enospc(void)
{
	int16_t id = dma_test_dev_id(DEV_SMALL "-wq0");
	uint8_t *src = alloc_buf(32 * 256, 9);
	struct rte_pmd_dsa_result r[32];
	enum rte_dma_status_code st[32];
	unsigned int n;
	int ret;

	CHECK(dma_test_start(id, 32, true) == 0, "start");
	for (n = 0; n < 32; n++) {
		result_init(&r[n]);
		ret = rte_pmd_dsa_crc32c(id, 0, iova(src + 256 * n), 256, 0, &r[n], 0);
		CHECK(ret == (int)n, "job %u: %d", n, ret);
	}
	CHECK(rte_dma_burst_capacity(id, 0) == 0, "capacity left");
	CHECK(rte_pmd_dsa_crc32c(id, 0, iova(src), 256, 0, &r[0], 0) == -ENOSPC, "full ring");
	rte_dma_submit(id, 0);
	CHECK(collect(id, 32, 0, st) == 0, "collect");
	for (n = 0; n < 32; n++)
		CHECK(st[n] == RTE_DMA_STATUS_SUCCESSFUL &&
		      r[n].crc == ref_crc32c(0, src + 256 * n, 256), "job %u", n);
	rte_free(src);
	return 0;
}

/* One burst of copies and ops, in the job-id space of the copies */
enum { K_COPY, K_CMP, K_CRC, K_DIF_BAD, K_DUALCAST, K_CRC_FENCED, K_FAULT };

/* a burst is one batch: the ring (RING) holds a whole number of bursts */
#define MIXED 16

struct mixed {
	uint8_t *src, *dst, *dst2, *prot;
	struct rte_pmd_dsa_result r[MIXED];
	int job[MIXED];
	uint8_t kind[MIXED];
};

static int
mixed_enqueue(int16_t id, struct mixed *m, unsigned int i, unsigned int kind)
{
	struct rte_pmd_dsa_dif dif = { .block_size = 512, .src = { .ref_tag = 9 } };
	rte_iova_t s = iova(m->src + i * BUF_LEN), d = iova(m->dst + i * BUF_LEN);

	m->kind[i] = (uint8_t)kind;
	result_init(&m->r[i]);
	switch (kind) {
	case K_COPY:
		return rte_dma_copy(id, 0, s, d, BUF_LEN, 0);
	case K_CMP:
	case K_FAULT:
		return rte_pmd_dsa_compare(id, 0, s, d, BUF_LEN, &m->r[i], 0);
	case K_CRC:
		return rte_pmd_dsa_crc32c(id, 0, s, BUF_LEN, 0, &m->r[i], 0);
	case K_CRC_FENCED:
		return rte_pmd_dsa_crc32c(id, 0, s, BUF_LEN, 0, &m->r[i], RTE_DMA_OP_FLAG_FENCE);
	case K_DIF_BAD:
		return rte_pmd_dsa_dif_check(id, 0, iova(m->prot), 2 * 520, &dif, &m->r[i], 0);
	case K_DUALCAST:
		return rte_pmd_dsa_dualcast(id, 0, s, d, iova(m->dst2 + i * BUF_LEN), BUF_LEN,
					    &m->r[i], 0);
	}
	return -1;
}

/*
 * Job I of the burst completed with ST: right status, result and data.
 * NOT_RUN: it is a fenced job after a failure in its batch, or after one.
 */
static int
mixed_verify(const struct mixed *m, unsigned int i, enum rte_dma_status_code st, bool not_run)
{
	const uint8_t *s = m->src + i * BUF_LEN, *d = m->dst + i * BUF_LEN;
	const struct rte_pmd_dsa_result *r = &m->r[i];

	if (not_run) {
		/* no record: a result of zeros */
		CHECK(st == RTE_DMA_STATUS_NOT_ATTEMPTED &&
		      (m->kind[i] == K_COPY || (r->dsa_status == 0 && r->crc == 0)),
		      "job %u after the fence: status %d device 0x%x", i, st, r->dsa_status);
		return 0;
	}
	switch (m->kind[i]) {
	case K_COPY:
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL && memcmp(s, d, BUF_LEN) == 0, "copy %u", i);
		break;
	case K_CMP:
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL && r->differ == 1 &&
		      r->bytes_completed == ref_first_diff(s, d, BUF_LEN),
		      "compare %u: status %d differ %u at %u", i, st, r->differ,
		      r->bytes_completed);
		break;
	case K_CRC:
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL && r->crc == ref_crc32c(0, s, BUF_LEN),
		      "crc %u: status %d crc 0x%08x", i, st, r->crc);
		break;
	case K_DIF_BAD:
		CHECK(st == RTE_DMA_STATUS_ERROR_UNKNOWN &&
		      r->dif_error == RTE_PMD_DSA_DIF_ERR_GUARD &&
		      r->bytes_completed == 520, "DIF %u: status %d error 0x%x after %u", i, st,
		      r->dif_error, r->bytes_completed);
		break;
	case K_DUALCAST:
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL && memcmp(s, d, BUF_LEN) == 0 &&
		      memcmp(s, m->dst2 + i * BUF_LEN, BUF_LEN) == 0, "dualcast %u", i);
		break;
	case K_CRC_FENCED:
		CHECK(st == RTE_DMA_STATUS_SUCCESSFUL && r->crc == ref_crc32c(0, s, BUF_LEN),
		      "fenced crc %u: status %d crc 0x%08x", i, st, r->crc);
		break;
	case K_FAULT:
		CHECK(st == RTE_DMA_STATUS_PAGE_FAULT &&
		      r->dsa_status == RTE_PMD_DSA_STATUS_PAGE_FAULT &&
		      r->fault_addr >= iova(s) && r->fault_addr < iova(s) + BUF_LEN,
		      "fault %u: status %d device 0x%x at 0x%" PRIx64, i, st, r->dsa_status,
		      r->fault_addr);
		break;
	}
	return 0;
}

/*
 * One burst of KINDS, one submit. Reported by rte_dma_completed up to the
 * first failure (FAIL_AT, or none), then by rte_dma_completed_status.
 */
static int
run_mixed(int16_t id, struct mixed *m, const uint8_t *kinds, int fail_at)
{
	enum rte_dma_status_code st[MIXED];
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	unsigned int i, n = 0, want_ok = fail_at < 0 ? MIXED : (unsigned int)fail_at;
	bool err = false, fenced = false;
	uint16_t last;

	for (i = 0; i < MIXED; i++) {
		memset(m->dst + i * BUF_LEN, 0, BUF_LEN);
		if (kinds[i] == K_CMP)
			memcpy(m->dst + i * BUF_LEN, m->src + i * BUF_LEN, 1000 + i);
		m->job[i] = mixed_enqueue(id, m, i, kinds[i]);
		CHECK(m->job[i] >= 0 && (i == 0 || m->job[i] == (uint16_t)(m->job[i - 1] + 1)),
		      "job %u: id %d", i, m->job[i]);
	}
	rte_dma_submit(id, 0);
	rte_delay_ms(5);
	/* nothing polled yet: no result may have been written */
	for (i = 0; i < MIXED; i++)
		CHECK(result_untouched(&m->r[i]), "result of job %u written before its report", i);
	while (n < want_ok) {
		n += rte_dma_completed(id, 0, MIXED, &last, &err);
		CHECK(!err || n == want_ok, "error reported after %u jobs", n);
		CHECK(rte_get_timer_cycles() < end, "only %u completions", n);
	}
	CHECK(n == want_ok && last == (uint16_t)(m->job[0] + want_ok - 1), "completed %u, last %u",
	      n, last);
	/* copies have no result; the others' are written when reported */
	for (i = 0; i < MIXED; i++)
		CHECK((i < want_ok && kinds[i] != K_COPY) != result_untouched(&m->r[i]),
		      "result of job %u (reported: %d)", i, i < want_ok);
	for (i = 0; i < want_ok; i++)
		CHECK(mixed_verify(m, i, RTE_DMA_STATUS_SUCCESSFUL, false) == 0, "job %u", i);
	if (fail_at < 0)
		return 0;
	CHECK(rte_dma_completed(id, 0, MIXED, &last, &err) == 0 && err,
	      "completed() passed the failed job");
	CHECK(collect(id, MIXED - want_ok, (uint16_t)m->job[want_ok], st) == 0, "collect");
	for (i = want_ok; i < MIXED; i++) {
		fenced |= kinds[i] == K_CRC_FENCED;
		CHECK(mixed_verify(m, i, st[i - want_ok], fenced) == 0, "job %u", i);
	}
	return 0;
}

/*
 * Every slot of the ring is clean after bursts with results: a copy alone
 * in a slot (a unit of one, whose record is its own) is not reported while
 * the engine sleeps, as a record left from a former job would have it.
 */
static int
check_clean_slots(int16_t id, struct dsa_model *model, const uint8_t *src, uint8_t *dst)
{
	enum rte_dma_status_code st;
	unsigned int k;
	int job;

	for (k = 0; k < RING; k++) {
		memset(dst, 0, 256);
		CHECK(dsa_model_inject_engine_stall(model, 0, 20000) == 0, "stall");
		job = rte_dma_copy(id, 0, iova(src), iova(dst), 256, RTE_DMA_OP_FLAG_SUBMIT);
		CHECK(job >= 0, "copy");
		CHECK(rte_dma_completed(id, 0, 1, NULL, NULL) == 0,
		      "job %d (slot %u) reported while the engine sleeps", job, job % RING);
		CHECK(collect(id, 1, (uint16_t)job, &st) == 0 && st == RTE_DMA_STATUS_SUCCESSFUL &&
		      memcmp(src, dst, 256) == 0, "job %d", job);
	}
	return 0;
}

static int
test_mixed_burst(void)
{
	/* all succeed: results come from a batch whose own record says success */
	static const uint8_t good[MIXED] = { K_COPY, K_CMP, K_CRC, K_COPY, K_DUALCAST, K_COPY,
		K_CRC, K_CMP, K_COPY, K_CRC_FENCED, K_DUALCAST, K_COPY, K_CRC, K_COPY, K_CMP,
		K_COPY };
	/* a DIF error in the middle; a fenced op after it and the rest are not run */
	static const uint8_t bad[MIXED] = { K_COPY, K_CMP, K_CRC, K_COPY, K_CRC, K_DIF_BAD,
		K_COPY, K_CRC, K_CMP, K_DUALCAST, K_COPY, K_CRC_FENCED, K_COPY, K_CRC, K_CMP,
		K_COPY };
	/* a page fault on a compare's source in the middle; the rest run */
	static const uint8_t fault[MIXED] = { K_CRC, K_COPY, K_CMP, K_COPY, K_CRC, K_COPY,
		K_COPY, K_FAULT, K_CRC, K_CMP, K_COPY, K_DUALCAST, K_CRC, K_COPY, K_CMP, K_CRC };
	int16_t id = dma_test_dev_id(DEV_MIX "-wq0");
	struct dsa_model *model = dsa_model_bus_model(DEV_MIX);
	uint8_t data[512];
	struct mixed m;
	unsigned int round;

	CHECK(model != NULL && dma_test_start(id, RING, true) == 0, "start");
	m.src = alloc_buf(MIXED * BUF_LEN, 21);
	m.dst = alloc_buf(MIXED * BUF_LEN, 0);
	m.dst2 = alloc_buf(MIXED * BUF_LEN, 0);
	m.prot = alloc_buf(2 * 520, 0);
	memset(data, 0x3c, sizeof(data));
	ref_protect(data, m.prot, 1, 512, 0, 9, 0);
	ref_protect(data, m.prot + 520, 1, 512, 0, 10, 0);
	m.prot[520 + 17] ^= 0x40; /* block 1's data no longer matches its guard */
	/* rounds enough to wrap the ring: the records of reused slots are clean */
	for (round = 0; round < RING / MIXED; round++) {
		CHECK(run_mixed(id, &m, good, -1) == 0, "good burst, round %u", round);
		CHECK(run_mixed(id, &m, bad, 5) == 0, "bad burst, round %u", round);
	}
	CHECK(dsa_model_inject_fault_range(model, DSA_SVA_PASID, iova(m.src + 7 * BUF_LEN),
					   BUF_LEN, DSA_MODEL_DMA_READ) == 0, "inject fault");
	CHECK(run_mixed(id, &m, fault, 7) == 0, "faulting burst");
	dsa_model_remove_fault_range(model, DSA_SVA_PASID, iova(m.src + 7 * BUF_LEN));
	CHECK(run_mixed(id, &m, good, -1) == 0, "good burst after the fault");
	CHECK(check_clean_slots(id, model, m.src, m.dst) == 0, "slots");
	rte_free(m.src);
	rte_free(m.dst);
	rte_free(m.dst2);
	rte_free(m.prot);
	return 0;
}

static const struct dma_test_case tests[] = {
	{ "references", test_references },
	{ "compare", test_compare },
	{ "crc", test_crc },
	{ "dualcast_flush", test_dualcast_flush },
	{ "delta", test_delta },
	{ "dif", test_dif },
	{ "refusals", test_refusals },
	{ "enospc", test_enospc },
	{ "mixed_burst", test_mixed_burst },
};

int
main(int argc, char **argv)
{
	dma_test_eal_init(argv[0], "0", "dsa_ops_test", eal_vdevs, RTE_DIM(eal_vdevs));
	ref_tables_init();
	if (dma_test_start(dma_test_dev_id(DEV2 "-wq0"), RING, true) != 0) {
		printf("FAIL: start %s\n", DEV2);
		return 1;
	}
	return dma_test_run_named(argc, argv, tests, RTE_DIM(tests));
}
