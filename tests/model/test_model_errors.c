/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Error cases and partial completion of the non-DIF operations, beyond
 * model_ops: the delta rules (record and max sizes 0x15, offsets 0x07/0x08,
 * data alignment 0x1C, overlap 0x16, overflow), dualcast destinations (0x17),
 * and page faults with resume for compare pattern, cache flush, create and
 * apply delta, translation fetch and the CRC seed address (fact sheet
 * sections 4, 5 and 8).
 */
#include <stdlib.h>
#include <string.h>

#include "tm.h"

#define CRF (IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR)
#define PAGES 3
#define WORDS (PAGES * 4096 / 8)

static struct dsa_completion_record *cr;

static struct dsa_hw_desc
mk_create(const void *a, const void *b, uint32_t size, const void *delta, uint32_t max)
{
	struct dsa_hw_desc d = tm_desc(DSA_OPCODE_CR_DELTA, CRF, a, b, size);

	d.delta_addr = (uintptr_t)delta;
	d.max_delta_size = max;
	return d;
}

static struct dsa_hw_desc
mk_apply(const void *delta, uint32_t dsize, void *dst, uint32_t size)
{
	struct dsa_hw_desc d = tm_desc(DSA_OPCODE_AP_DELTA, CRF, delta, dst, size);

	d.delta_rec_size = dsize;
	return d;
}

/* A delta entry as the fact sheet gives it: u16 word offset, 8 B of data */
static void
put_entry(uint8_t *e, uint16_t word, uint64_t data)
{
	memcpy(e, &word, 2);
	memcpy(e + 2, &data, 8);
}

static void
test_delta_sizes(struct dsa_model *dev)
{
	size_t big = 0x80000 + 8;
	uint64_t *a = tm_alloc(big), *b = tm_alloc(big), *x = tm_alloc(big);
	uint8_t *delta = tm_alloc(4096);
	struct dsa_hw_desc d;
	unsigned int i;

	d = mk_create(a, b, 0x80000, delta, 80);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "create delta of the maximum size");
	TM_EQ(cr->result, DSA_RESULT_DELTA_NONE, "equal: no delta");
	TM_EQ(cr->delta_rec_size, 0, "empty record");
	d = mk_create(a, b, 0x80000 + 8, delta, 80);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_XFER_ERANGE, "create delta above 0x80000");
	d = mk_apply(delta, 10, x, 0x80000 + 8);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_XFER_ERANGE, "apply delta above 0x80000");
	d = mk_apply(delta, 10, x, 4092);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_XFER_ERANGE, "apply delta, size not 8-B multiple");
	d = mk_create(a, b, 4096, delta, 85);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DR_ERANGE, "max delta size not a multiple of 10");

	/* a record too small for the differences: result 2, the entries that fit */
	for (i = 0; i < 9; i++)
		b[10 * i + 1] = ~a[10 * i + 1];
	memset(delta, 0xee, 4096);
	d = mk_create(a, b, 4096, delta, 80);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "overflowing record: status (quirk)");
	TM_EQ(cr->result, DSA_RESULT_DELTA_OVERFLOW, "overflow result");
	TM_EQ(cr->delta_rec_size, 80, "the record holds what fits");
	TM_EQ(delta[80], 0xee, "nothing written beyond max delta size");
	d = mk_create(a, b, 4096, delta, 90);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "exactly enough room");
	TM_EQ(cr->result, DSA_RESULT_DELTA_RECORD, "record produced");
	TM_EQ(cr->delta_rec_size, 90, "nine entries");
	d.flags |= IDXD_OP_FLAG_CR;
	d.expected_res_mask = 1u << DSA_RESULT_DELTA_NONE;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS_PRED, "CR: a record was not expected");
	d.expected_res_mask = 1u << DSA_RESULT_DELTA_RECORD;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "CR: a record was expected");

	/* apply: record size 0, not a multiple of 10, more entries than words */
	d = mk_apply(delta, 0, x, 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DR_ERANGE, "delta record size 0");
	d = mk_apply(delta, 10 * 3, x, 16);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DR_ERANGE, "more entries than 8-B words");
	put_entry(delta, 0, 1);
	put_entry(delta + 10, 1, 2);
	d = mk_apply(delta, 20, x, 16);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "one entry per word");
	TM_CHECK(x[0] == 1 && x[1] == 2, "entries applied");
	put_entry(delta + 10, 2, 2);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DR_OFFSET_ERANGE, "offset = size / 8");
	TM_EQ(cr->bytes_completed, 10, "bytes completed: the good entries");
	put_entry(delta + 10, 0, 2);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DR_OFFSET_NOINC, "offset repeated");
	TM_EQ(cr->bytes_completed, 10, "bytes completed before the repeat");
	free(a);
	free(b);
	free(x);
	free(delta);
}

/* Data addresses 8-B aligned (0x1C); the record anywhere, unless the quirk
 * wants it aligned too; the record may not overlap apply's destination */
static void
test_delta_alignment_overlap(struct dsa_model *dev)
{
	struct dsa_model_params p;
	struct dsa_model *strict;
	uint64_t *a = tm_alloc(4096), *b = tm_alloc(4096), *x = tm_alloc(8192);
	uint8_t *delta = tm_alloc(4096);
	struct dsa_hw_desc d;

	tm_fill_random((uint8_t *)a, 4096, 4);
	memcpy(b, a, 4096);
	memcpy(x, a, 4096);
	b[7] ^= 0xff;
	d = mk_create(a, (uint8_t *)b + 1, 4088, delta, 80);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_ADDR_ALIGN, "create: src2 not 8-B aligned");
	d = mk_create(a, b, 4096, delta + 2, 80);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "create: record at any address");
	TM_EQ(cr->delta_rec_size, 10, "one entry");
	d = mk_apply(delta + 2, 10, x, 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "apply: record at any address");
	TM_CHECK(memcmp(x, b, 4096) == 0, "record at an odd address applied");
	d = mk_apply(delta + 2, 10, (uint8_t *)x + 4, 4088);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_ADDR_ALIGN, "apply: destination not 8-B aligned");

	dsa_model_params_init(&p);
	p.engine_threads = 1;
	p.preset = DSA_MODEL_PRESET_DSA2;
	p.quirks.delta_record_align8 = true;
	strict = tm_create_params(&p);
	TM_EQ(tm_setup(strict, NULL), 0, "setup");
	d = mk_create(a, b, 4096, delta + 2, 80);
	TM_EQ(tm_run(strict, &d, cr), DSA_COMP_ADDR_ALIGN, "quirk: record must be aligned");
	d = mk_apply(delta + 2, 10, x, 4096);
	TM_EQ(tm_run(strict, &d, cr), DSA_COMP_ADDR_ALIGN, "quirk: apply record aligned");
	d = mk_apply(delta + 16, 10, x, 4096);
	memcpy(delta + 16, delta + 2, 10);
	TM_EQ(tm_run(strict, &d, cr), DSA_COMP_SUCCESS, "quirk: aligned record");
	dsa_model_destroy(strict);

	memcpy(x + 512, delta + 2, 10);
	d = mk_apply(x + 512, 10, x, 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "apply: record right after the dst");
	d = mk_apply((uint8_t *)(x + 512) - 1, 10, x, 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_OVERLAP_BUFFERS, "apply: record inside the dst");
	free(a);
	free(b);
	free(x);
	free(delta);
}

/* Create and apply delta stopped by page faults, and resumed as section 8 says */
static void
test_delta_faults(struct dsa_model *dev)
{
	uint64_t *a = tm_alloc(PAGES * 4096), *b = tm_alloc(PAGES * 4096);
	uint64_t *x = tm_alloc(PAGES * 4096);
	uint8_t *delta = tm_alloc(4096);
	struct dsa_hw_desc d;
	uint32_t bc, dsize;

	tm_fill_random((uint8_t *)a, PAGES * 4096, 5);
	memcpy(b, a, PAGES * 4096);
	memcpy(x, a, PAGES * 4096);
	b[3] ^= 1;
	b[600] ^= 2;
	b[1100] ^= 4;
	/* src2 page 1 faults: the first page's entry is in the record */
	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)b + 4096, 4096,
				     DSA_MODEL_DMA_READ);
	d = mk_create(a, b, PAGES * 4096, delta, 800);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF, "create delta: read fault");
	bc = cr->bytes_completed;
	dsize = cr->delta_rec_size;
	TM_EQ(bc, 4096, "create delta: bytes completed");
	TM_EQ(dsize, 10, "create delta: the entry before the fault");
	TM_EQ(cr->fault_addr, (uintptr_t)b + 4096, "create delta: fault address");
	dsa_model_clear_injections(dev);
	d = mk_create((uint8_t *)a + bc, (uint8_t *)b + bc, PAGES * 4096 - bc, delta + dsize,
		      800 - dsize);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "create delta resumed");
	TM_EQ(cr->delta_rec_size, 20, "resumed part: two entries");
	/* each part applies at its own base */
	d = mk_apply(delta, dsize, x, bc);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "apply the first part");
	d = mk_apply(delta + dsize, 20, (uint8_t *)x + bc, PAGES * 4096 - bc);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "apply the resumed part");
	TM_CHECK(memcmp(x, b, PAGES * 4096) == 0, "both parts reproduce src2");

	/* the record write faults at the second entry */
	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)delta + 10, 1,
				     DSA_MODEL_DMA_WRITE);
	d = mk_create(a, b, PAGES * 4096, delta, 800);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE,
	      "create delta: record write fault");
	TM_EQ(cr->bytes_completed, 600 * 8, "create delta: up to the unwritten entry");
	TM_EQ(cr->delta_rec_size, 10, "create delta: one entry written");
	TM_EQ(cr->fault_addr, (uintptr_t)delta + 10, "create delta: record fault address");
	dsa_model_clear_injections(dev);

	/* apply: the destination of the second entry faults; bc counts record bytes */
	d = mk_create(a, b, PAGES * 4096, delta, 800);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "create the whole delta");
	dsize = cr->delta_rec_size;
	memcpy(x, a, PAGES * 4096);
	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)&x[600], 8,
				     DSA_MODEL_DMA_WRITE);
	d = mk_apply(delta, dsize, x, PAGES * 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE,
	      "apply delta: write fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, 10, "apply delta: record bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)&x[600], "apply delta: fault address");
	dsa_model_clear_injections(dev);
	d = mk_apply(delta + bc, dsize - bc, x, PAGES * 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "apply delta resumed");
	TM_CHECK(memcmp(x, b, PAGES * 4096) == 0, "resumed apply reproduces src2");
	free(a);
	free(b);
	free(x);
	free(delta);
}

/* Compare pattern, cache flush, translation fetch: fault, then resume */
static void
test_touch_faults(struct dsa_model *dev)
{
	uint64_t pat = 0x0123456789abcdefull;
	uint8_t *s = tm_alloc(PAGES * 4096);
	struct dsa_hw_desc d;
	unsigned int i;
	uint32_t bc;

	for (i = 0; i < PAGES * 4096; i += 8)
		memcpy(s + i, &pat, 8);
	s[2 * 4096 + 100] ^= 1;
	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)s + 4096, 4096,
				     DSA_MODEL_DMA_READ);
	d = tm_desc(DSA_OPCODE_COMPVAL, CRF, s, NULL, PAGES * 4096);
	d.comp_pattern = pat;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF, "compare pattern: fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, 4096, "compare pattern: bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)s + 4096, "compare pattern: fault address");
	dsa_model_clear_injections(dev);
	d = tm_desc(DSA_OPCODE_COMPVAL, CRF, s + bc, NULL, PAGES * 4096 - bc);
	d.comp_pattern = pat;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "compare pattern resumed");
	TM_EQ(cr->result, DSA_RESULT_DIFFER, "difference found after the resume");
	TM_EQ(bc + cr->bytes_completed, 2 * 4096 + 96, "difference offset (8-B granular)");

	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)s + 2 * 4096, 1,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_CFLUSH, CRF, NULL, s, PAGES * 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE,
	      "cache flush: fault (a write access)");
	TM_EQ(cr->bytes_completed, 2 * 4096, "cache flush: bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)s + 2 * 4096, "cache flush: fault address");
	dsa_model_clear_injections(dev);

	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)s + 4096, 1,
				     DSA_MODEL_DMA_READ);
	d = tm_desc(DSA_OPC_TRANSL_FETCH, CRF, s, NULL, PAGES * 4096);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF, "translation fetch: fault");
	TM_EQ(cr->bytes_completed, 4096, "translation fetch: bytes completed");
	dsa_model_clear_injections(dev);
	free(s);
}

/* The CRC seed read from memory (op flag 16): its fault, copy + CRC with it */
static void
test_crc_seed_address(struct dsa_model *dev)
{
	uint8_t *src = tm_alloc(8192), *dst = tm_alloc(8192);
	uint32_t *seed = tm_alloc(64);
	struct dsa_hw_desc d;

	tm_fill_random(src, 8192, 6);
	*seed = 0xdeadbeef;
	d = tm_desc(DSA_OPCODE_COPY_CRC, CRF | DSA_FLAG_CRC_READ_SEED, src, dst, 8192);
	d.seed_addr = (uintptr_t)seed;
	d.crc_seed = 0x1111; /* the seed field is not used with the flag */
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "copy crc, seed from memory");
	TM_EQ((uint32_t)cr->crc_val, tm_ref_crc32c(0xdeadbeef, src, 8192), "seed read");
	TM_CHECK(memcmp(src, dst, 8192) == 0, "copy crc data");
	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)seed, 4,
				     DSA_MODEL_DMA_READ);
	memset(dst, 0, 8192);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF, "seed address faults");
	TM_EQ(cr->bytes_completed, 0, "nothing done before the seed");
	TM_EQ(cr->fault_addr, (uintptr_t)seed, "fault at the seed address");
	TM_EQ(dst[0], 0, "nothing copied");
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF | DSA_FLAG_CRC_READ_SEED, src, NULL, 8192);
	d.seed_addr = (uintptr_t)seed;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF, "crc: seed address faults");
	dsa_model_clear_injections(dev);
	free(src);
	free(dst);
	free(seed);
}

static void
test_dualcast(struct dsa_model *dev)
{
	uint8_t *src = tm_alloc(4096), *dst = tm_alloc(4 * 4096);
	struct dsa_hw_desc d;

	tm_fill_random(src, 4096, 7);
	/* bits 11:0 equal, higher bits differ: fine; any low bit differs: 0x17 */
	d = tm_desc(DSA_OPCODE_DUALCAST, CRF, src, dst + 100, 1000);
	d.dest2 = (uintptr_t)(dst + 2 * 4096 + 100);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_SUCCESS, "dualcast, same page offset");
	TM_CHECK(memcmp(dst + 100, src, 1000) == 0 && memcmp(dst + 8292, src, 1000) == 0,
		 "dualcast data");
	d.dest2 += 1;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DCAST_ERR, "dualcast, bit 0 differs");
	d.dest2 += 0x800 - 1;
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_DCAST_ERR, "dualcast, bit 11 differs");
	/* dst1 faults: write bit, bytes completed */
	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)dst + 4096, 1,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_DUALCAST, CRF, src, dst + 4000, 200);
	d.dest2 = (uintptr_t)(dst + 2 * 4096 + 4000);
	TM_EQ(tm_run(dev, &d, cr), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE,
	      "dualcast: first destination faults");
	TM_EQ(cr->bytes_completed, 96, "dualcast: bytes before the page");
	TM_EQ(cr->fault_addr, (uintptr_t)dst + 4096, "dualcast: fault address");
	dsa_model_clear_injections(dev);
	free(src);
	free(dst);
}

int
main(void)
{
	struct dsa_model *dev = tm_create(DSA_MODEL_PRESET_DSA2, 1);

	cr = tm_alloc(64);
	if (tm_setup(dev, NULL) != 0) {
		printf("FAIL: device setup\n");
		return 1;
	}
	test_delta_sizes(dev);
	test_delta_alignment_overlap(dev);
	test_delta_faults(dev);
	test_touch_faults(dev);
	test_crc_seed_address(dev);
	test_dualcast(dev);
	dsa_model_destroy(dev);
	free(cr);
	return tm_report("model errors");
}
