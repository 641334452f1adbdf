/* SPDX-License-Identifier: BSD-3-Clause */
/* Conformance: every operation's success and error statuses, completion
 * record rules, batches and fences, page faults and resume (fact sheet
 * sections 4-8). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "tm.h"

static struct dsa_model *m;
static struct dsa_completion_record *cr;

#define CRF (IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR)

static uint8_t
run(struct dsa_hw_desc *d)
{
	return tm_run(m, d, cr);
}

static void
test_noop_and_common_errors(void)
{
	struct dsa_hw_desc d = tm_desc(DSA_OPCODE_NOOP, CRF, NULL, NULL, 0);
	uint8_t *b = tm_alloc(64);

	TM_EQ(run(&d), DSA_COMP_SUCCESS, "noop");
	d = tm_desc(0x30, CRF, NULL, NULL, 0);
	TM_EQ(run(&d), DSA_COMP_BAD_OPCODE, "unknown opcode");
	d = tm_desc(DSA_OPC_TRANSL_FETCH, CRF, b, NULL, 64);
	TM_EQ(run(&d), DSA_COMP_BAD_OPCODE, "translation fetch on SPR");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF | IDXD_OP_FLAG_CR | DSA_FLAG_RSVD6, b, b + 32, 16);
	TM_EQ(run(&d), DSA_COMP_INVALID_FLAGS, "memmove with CR and bit 6");
	TM_EQ(cr->invalid_flags, IDXD_OP_FLAG_CR | DSA_FLAG_RSVD6, "invalid flag bits");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF | IDXD_OP_FLAG_BOF, b, b + 32, 16);
	TM_EQ(run(&d), DSA_COMP_INVALID_FLAGS, "BOF on a WQ without block on fault");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, b, b + 32, 16);
	d.op_specific[5] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "reserved byte 45");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, b, b + 32, 16);
	d.rsvd = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "reserved dw0 bits");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, b, b + 32, 16);
	d.rsvd1 = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "reserved bytes 38-39");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF | IDXD_OP_FLAG_RCI, b, b + 32, 16);
	d.int_handle = 100;
	TM_EQ(run(&d), DSA_COMP_INT_HANDLE_INVAL, "interrupt handle beyond MSI-X");
	free(b);
}

static void
test_memmove(void)
{
	size_t n = 3 * 4096 + 123;
	uint8_t *src = tm_alloc(n), *dst = tm_alloc(n), *ref = tm_alloc(2 * n);
	uint8_t *buf = tm_alloc(2 * n);
	struct dsa_hw_desc d;

	tm_fill_random(src, n, 1);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF | IDXD_OP_FLAG_CC, src, dst, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "memmove");
	TM_CHECK(memcmp(src, dst, n) == 0, "memmove data");
	/* overlapping, both directions */
	tm_fill_random(buf, 2 * n, 2);
	memcpy(ref, buf, 2 * n);
	memmove(ref + 1000, ref, n);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, buf, buf + 1000, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "memmove overlap up");
	TM_CHECK(memcmp(ref, buf, 2 * n) == 0, "memmove overlap up data");
	memmove(ref, ref + 777, n);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, buf + 777, buf, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "memmove overlap down");
	TM_CHECK(memcmp(ref, buf, 2 * n) == 0, "memmove overlap down data");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst, 0);
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "memmove size 0");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst, (1u << 21) + 1);
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "memmove above WQ max (2 MiB)");
	free(src);
	free(dst);
	free(ref);
	free(buf);
}

static void
test_fill_compare(void)
{
	uint8_t *a = tm_alloc(8192), *b = tm_alloc(8192);
	uint64_t pat = 0x0807060504030201ull;
	struct dsa_hw_desc d;
	size_t i;

	d = tm_desc(DSA_OPCODE_MEMFILL, CRF, NULL, a + 3, 1001);
	d.pattern = pat;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "fill");
	for (i = 0; i < 1001 && a[3 + i] == (uint8_t)(i % 8 + 1); i++)
		;
	TM_EQ(i, 1001, "fill pattern from the start address, partial tail");
	TM_EQ(a[1004], 0, "fill stops at size");
	d = tm_desc(DSA_OPCODE_MEMFILL, CRF, NULL, a, 0);
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "fill size 0");

	memset(a, 0x5a, 8192);
	memset(b, 0x5a, 8192);
	d = tm_desc(DSA_OPCODE_COMPARE, CRF, a, b, 8192);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "compare equal");
	TM_EQ(cr->result, 0, "compare equal result");
	b[5000] = 1;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "compare differ");
	TM_EQ(cr->result, 1, "compare differ result");
	TM_EQ(cr->bytes_completed, 5000, "compare first difference");
	d.flags |= IDXD_OP_FLAG_CR;
	d.expected_res = 0;
	TM_EQ(run(&d), DSA_COMP_SUCCESS_PRED, "compare with check result");
	d.expected_res = 1;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "compare with expected difference");

	memset(a, 0, 8192);
	for (i = 0; i < 4096; i++)
		a[i] = (uint8_t)(pat >> (8 * (i % 8)));
	d = tm_desc(DSA_OPCODE_COMPVAL, CRF, a, NULL, 4096);
	d.comp_pattern = pat;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "compare pattern equal");
	TM_EQ(cr->result, 0, "compare pattern equal result");
	a[1003] ^= 0xff;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "compare pattern differ");
	TM_EQ(cr->result, 1, "compare pattern differ result");
	TM_EQ(cr->bytes_completed, 1000, "compare pattern offset, 8-B granular");
	d.op_specific[1] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "compare pattern reserved byte 41");
	free(a);
	free(b);
}

static void
test_dualcast_crc_flush(void)
{
	uint8_t *src = tm_alloc(8192), *d1 = tm_alloc(8192), *d2 = tm_alloc(8192);
	const char *check = "123456789";
	struct dsa_hw_desc d;
	uint32_t seed;

	tm_fill_random(src, 8192, 3);
	d = tm_desc(DSA_OPCODE_DUALCAST, CRF, src, d1, 4000);
	d.dest2 = (uintptr_t)d2;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "dualcast");
	TM_CHECK(memcmp(src, d1, 4000) == 0 && memcmp(src, d2, 4000) == 0, "dualcast data");
	d.dest2 = (uintptr_t)(d2 + 8);
	TM_EQ(run(&d), DSA_COMP_DCAST_ERR, "dualcast bits 11:0 differ");
	d.dest2 = (uintptr_t)(d1 + 4096);
	d.xfer_size = 8000;
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "dualcast dst1/dst2 overlap");
	d = tm_desc(DSA_OPCODE_DUALCAST, CRF, src, src + 4096, 8000);
	d.dest2 = (uintptr_t)d2 + ((uintptr_t)(src + 4096) & 0xfff);
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "dualcast src/dst overlap");

	memcpy(src, check, 9);
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF, src, NULL, 9);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "crc");
	TM_EQ((uint32_t)cr->crc_val, 0xE3069283u, "CRC-32C check value, seed 0");
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF, src, NULL, 4);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "crc part 1");
	seed = (uint32_t)cr->crc_val;
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF | DSA_FLAG_CRC_READ_SEED, src + 4, NULL, 5);
	d.seed_addr = (uintptr_t)&seed;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "crc part 2, seed read from memory");
	TM_EQ((uint32_t)cr->crc_val, 0xE3069283u, "chained CRC");
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF, src, NULL, 9);
	d.seed_addr = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "seed address without its flag");
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF | DSA_FLAG_CRC_BYPASS_INV, src, NULL, 9);
	d.crc_seed = 0xffffffffu;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "crc bypassing inversion");
	TM_EQ((uint32_t)cr->crc_val, ~0xE3069283u, "raw register without inversion");

	tm_fill_random(src, 8192, 4);
	d = tm_desc(DSA_OPCODE_COPY_CRC, CRF, src, d1, 8192);
	d.crc_seed = 0x1234;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "copy crc");
	TM_EQ((uint32_t)cr->crc_val, tm_ref_crc32c(0x1234, src, 8192), "copy crc value");
	TM_CHECK(memcmp(src, d1, 8192) == 0, "copy crc data");
	d = tm_desc(DSA_OPCODE_COPY_CRC, CRF, src, src + 100, 200);
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "copy crc overlap");

	d = tm_desc(DSA_OPCODE_CFLUSH, CRF, NULL, d1, 8192);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "cache flush");
	d = tm_desc(DSA_OPCODE_CFLUSH, CRF, src, d1, 8192);
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "cache flush with a source");
	free(src);
	free(d1);
	free(d2);
}

static void
test_records_and_swerr(void)
{
	uint8_t *b = tm_alloc(8192);
	struct dsa_completion_record *rec = (void *)(b + 4096);
	struct dsa_hw_desc d;
	uint64_t sw;
	int efd = eventfd(0, EFD_NONBLOCK);
	uint64_t cnt = 0;

	/* RCR clear: record only on error */
	d = tm_desc(DSA_OPCODE_NOOP, IDXD_OP_FLAG_CRAV, NULL, NULL, 0);
	d.completion_addr = (uintptr_t)rec;
	memset(rec, 0, sizeof(*rec));
	tm_submit(m, 0, &d);
	d = tm_desc(DSA_OPCODE_MEMMOVE, IDXD_OP_FLAG_CRAV, b, b + 64, 0);
	d.completion_addr = (uintptr_t)(rec + 1);
	tm_submit(m, 0, &d);
	TM_EQ(tm_wait(rec + 1), DSA_COMP_XFER_ERANGE, "RCR clear, error recorded");
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(0)), 0, "drain WQ");
	TM_EQ(rec->status, 0, "RCR clear, success not recorded");

	/* CRAV clear: the error goes to SWERR */
	tm_swerr_clear(m);
	d = tm_desc(DSA_OPCODE_MEMMOVE, 0, b, b + 64, 0);
	tm_submit(m, 0, &d);
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(0)), 0, "drain WQ");
	sw = tm_swerr(m, 0);
	TM_CHECK(sw & DSA_SWERR_VALID, "SWERR valid 0x%llx", (unsigned long long)sw);
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, sw), DSA_COMP_XFER_ERANGE, "SWERR code");
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_OPCODE_MASK, sw), DSA_OPCODE_MEMMOVE, "SWERR opcode");
	TM_CHECK((sw & DSA_SWERR_DESC_VALID) && (sw & DSA_SWERR_WQ_IDX_VALID), "SWERR bits");
	TM_CHECK(dsa_model_mmio_read32(m, DSA_REG_INTCAUSE) & DSA_INTCAUSE_SWERR, "INTCAUSE");
	tm_swerr_clear(m);
	TM_EQ(tm_swerr(m, 0) & DSA_SWERR_VALID, 0, "SWERR cleared by RW1C");

	/* misaligned record address: 0x1B in SWERR, nothing written */
	d = tm_desc(DSA_OPCODE_NOOP, CRF, NULL, NULL, 0);
	d.completion_addr = (uintptr_t)rec + 8;
	memset(rec, 0, 64);
	tm_submit(m, 0, &d);
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(0)), 0, "drain WQ");
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, tm_swerr(m, 0)), DSA_COMP_CRA_ALIGN,
	      "misaligned record");
	TM_EQ(rec->status | rec[1].status, 0, "no record written");
	tm_swerr_clear(m);

	/* record address faults: 0x1A in SWERR with the address */
	TM_EQ(dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)rec, 32,
					   DSA_MODEL_DMA_WRITE), 0, "inject");
	d = tm_desc(DSA_OPCODE_NOOP, CRF, NULL, NULL, 0);
	d.completion_addr = (uintptr_t)rec;
	tm_submit(m, 0, &d);
	TM_EQ(tm_cmd(m, DSA_CMD_DRAIN_WQ, DSA_CMD_WQ_MASK_OPERAND(0)), 0, "drain WQ");
	sw = tm_swerr(m, 0);
	TM_EQ(DSA_FIELD_GET(DSA_SWERR_ERROR_MASK, sw), DSA_COMP_CRA_XLAT, "record fault");
	TM_CHECK(sw & DSA_SWERR_FAULT_WRITE, "record fault is a write");
	TM_EQ(tm_swerr(m, 2), (uintptr_t)rec, "SWERR fault address");
	dsa_model_clear_injections(m);
	tm_swerr_clear(m);

	/* completion interrupt on MSI-X vector 1 */
	TM_EQ(dsa_model_set_irq_eventfd(m, 1, efd), 0, "eventfd");
	d = tm_desc(DSA_OPCODE_NOOP, CRF | IDXD_OP_FLAG_RCI, NULL, NULL, 0);
	d.int_handle = 1;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "noop with interrupt");
	/* the interrupt follows the record: wait for it */
	TM_CHECK(poll(&(struct pollfd){ .fd = efd, .events = POLLIN }, 1, 20000) == 1 &&
		 read(efd, &cnt, sizeof(cnt)) == sizeof(cnt) && cnt == 1, "eventfd signalled");
	dsa_model_set_irq_eventfd(m, 1, -1);
	close(efd);

	/* injected descriptor error */
	TM_EQ(dsa_model_inject_desc_error(m, DSA_COMP_HW_ERR1, 1), 0, "inject error");
	d = tm_desc(DSA_OPCODE_NOOP, CRF, NULL, NULL, 0);
	TM_EQ(run(&d), DSA_COMP_HW_ERR1, "injected status");
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "injection used once");
	free(b);
}

static void
test_batch(void)
{
	struct dsa_hw_desc *list = tm_alloc(8 * 64), d;
	struct dsa_completion_record *recs = tm_alloc(8 * 32);
	uint8_t *b = tm_alloc(4096);
	unsigned int i;

	for (i = 0; i < 4; i++) {
		list[i] = tm_desc(DSA_OPCODE_MEMFILL, CRF, NULL, b + 64 * i, 64);
		list[i].pattern = i + 1;
		list[i].completion_addr = (uintptr_t)&recs[i];
	}
	d = tm_desc(DSA_OPCODE_BATCH, CRF, list, NULL, 0);
	d.desc_count = 4;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "batch");
	TM_EQ(cr->bytes_completed, 4, "descriptors completed");
	for (i = 0; i < 4; i++) {
		TM_EQ(recs[i].status, DSA_COMP_SUCCESS, "member record");
		TM_EQ(b[64 * i], i + 1, "member data");
	}
	d.desc_count = 1;
	TM_EQ(run(&d), DSA_COMP_DESC_CNT_ERANGE, "batch count 1");
	d.desc_count = 33;
	TM_EQ(run(&d), DSA_COMP_DESC_CNT_ERANGE, "batch count above WQ max (32)");
	d.desc_count = 2;
	d.desc_list_addr += 32;
	TM_EQ(run(&d), DSA_COMP_DESCLIST_ALIGN, "list not 64-B aligned");
	d = tm_desc(DSA_OPCODE_BATCH, CRF | IDXD_OP_FLAG_FENCE, list, NULL, 0);
	d.desc_count = 2;
	TM_EQ(run(&d), DSA_COMP_INVALID_FLAGS, "fence on the batch descriptor");

	/* failed member, then a fenced member: it and the rest do not run */
	memset(recs, 0, 8 * 32);
	list[1].xfer_size = 0;
	list[2].flags |= IDXD_OP_FLAG_FENCE;
	d = tm_desc(DSA_OPCODE_BATCH, CRF, list, NULL, 0);
	d.desc_count = 4;
	TM_EQ(run(&d), DSA_COMP_BATCH_FAIL, "batch with a failed member");
	TM_EQ(cr->bytes_completed, 2, "descriptors completed stop at the fence");
	TM_EQ(recs[1].status, DSA_COMP_XFER_ERANGE, "failed member record");
	TM_EQ(recs[2].status | recs[3].status, 0, "members after the fence not run");
	/* without fence, everything runs */
	list[2].flags &= ~IDXD_OP_FLAG_FENCE;
	TM_EQ(run(&d), DSA_COMP_BATCH_FAIL, "batch with a failed member, no fence");
	TM_EQ(cr->bytes_completed, 4, "all attempted");
	TM_EQ(recs[3].status, DSA_COMP_SUCCESS, "later member ran");
	list[1].xfer_size = 64;

	/* nested batch and drain */
	list[1] = tm_desc(DSA_OPCODE_BATCH, CRF, list, NULL, 0);
	list[1].desc_count = 2;
	list[1].completion_addr = (uintptr_t)&recs[1];
	TM_EQ(run(&d), DSA_COMP_BATCH_FAIL, "batch inside a batch");
	TM_EQ(recs[1].status, DSA_COMP_BAD_OPCODE, "nested batch status");
	list[1] = tm_desc(DSA_OPCODE_DRAIN, CRF, NULL, NULL, 0);
	list[1].completion_addr = (uintptr_t)&recs[1];
	TM_EQ(run(&d), DSA_COMP_BATCH_FAIL, "drain inside a batch");
	TM_EQ(recs[1].status, DSA_COMP_BAD_OPCODE, "drain in batch status");
	list[1] = tm_desc(DSA_OPCODE_NOOP, CRF, NULL, NULL, 0);
	list[1].completion_addr = (uintptr_t)&recs[1];

	/* list fetch fault: 0x06, resume from descriptors completed */
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)&list[2], 64,
				     DSA_MODEL_DMA_READ);
	TM_EQ(run(&d), DSA_COMP_BATCH_PAGE_FAULT, "list page fault");
	TM_EQ(cr->bytes_completed, 2, "completed before the fault");
	TM_EQ(cr->fault_addr, (uintptr_t)&list[2], "list fault address");
	dsa_model_clear_injections(m);
	d.desc_list_addr += 2 * 64;
	d.desc_count = 2;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "resumed batch");

	d = tm_desc(DSA_OPCODE_DRAIN, CRF, NULL, NULL, 0);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "drain");
	d.flags |= DSA_FLAG_DRAIN_RDBK1;
	TM_EQ(run(&d), DSA_COMP_INVALID_FLAGS, "drain readback without GENCAP[9]");
	free(list);
	free(recs);
	free(b);
}

/* Page fault and resume (fact sheet section 8) */
static void
test_fault_resume(void)
{
	size_t n = 4 * 4096;
	uint8_t *src = tm_alloc(n), *dst = tm_alloc(n), *buf = tm_alloc(2 * n);
	uint8_t *ref = tm_alloc(2 * n);
	struct dsa_hw_desc d;
	uint32_t bc, crc;

	tm_fill_random(src, n, 7);
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)dst + 4096, 4096,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "memmove fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, 4096, "bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)dst + 4096, "fault address");
	TM_EQ(cr->result, 0, "ascending");
	dsa_model_clear_injections(m);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src + bc, dst + bc, (uint32_t)(n - bc));
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "memmove resumed");
	TM_CHECK(memcmp(src, dst, n) == 0, "memmove resumed data");

	/* descending copy: addresses stay, size shrinks */
	tm_fill_random(buf, 2 * n, 8);
	memcpy(ref, buf, 2 * n);
	memmove(ref + 100, ref, n);
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)buf + 100 + 8192, 1,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, buf, buf + 100, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "descending fault");
	TM_EQ(cr->result, 1, "descending direction");
	bc = cr->bytes_completed;
	TM_CHECK(bc > 0 && bc < n, "partial %u", bc);
	dsa_model_clear_injections(m);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, buf, buf + 100, (uint32_t)(n - bc));
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "descending resumed");
	TM_CHECK(memcmp(ref, buf, 2 * n) == 0, "descending resumed data");

	/* fill */
	memset(dst, 0, n);
	dsa_model_inject_fault_after(m, 5000, DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_MEMFILL, CRF, NULL, dst, (uint32_t)n);
	d.pattern = 0x1122334455667788ull;
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "fill fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, 5000, "fill bytes completed");
	d.dst_addr += bc;
	d.xfer_size -= bc;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "fill resumed");
	TM_EQ(dst[n - 1], 0x11, "fill tail");

	/* compare */
	memcpy(dst, src, n);
	dst[n - 10] ^= 1;
	dsa_model_inject_fault_after(m, 4096, DSA_MODEL_DMA_READ);
	d = tm_desc(DSA_OPCODE_COMPARE, CRF, src, dst, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF, "compare fault (read)");
	bc = cr->bytes_completed;
	TM_EQ(bc, 4096, "compare bytes completed");
	d = tm_desc(DSA_OPCODE_COMPARE, CRF, src + bc, dst + bc, (uint32_t)(n - bc));
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "compare resumed");
	TM_EQ(cr->result, 1, "difference found");
	TM_EQ(bc + cr->bytes_completed, n - 10, "difference offset");

	/* CRC: resume with the partial CRC as seed */
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)src + 3 * 4096, 4096,
				     DSA_MODEL_DMA_READ);
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF, src, NULL, (uint32_t)n);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF, "crc fault");
	bc = cr->bytes_completed;
	crc = (uint32_t)cr->crc_val;
	TM_EQ(bc, 3 * 4096, "crc bytes completed");
	dsa_model_clear_injections(m);
	d = tm_desc(DSA_OPCODE_CRCGEN, CRF, src + bc, NULL, (uint32_t)(n - bc));
	d.crc_seed = crc;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "crc resumed");
	TM_EQ((uint32_t)cr->crc_val, tm_ref_crc32c(0, src, n), "crc after resume");

	/* copy + CRC: all addresses += bc, seed = the record's CRC */
	memset(dst, 0, n);
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)dst + 2 * 4096 + 7, 1,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_COPY_CRC, CRF, src, dst, (uint32_t)n);
	d.crc_seed = 0xabcd;
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "copy crc fault");
	bc = cr->bytes_completed;
	crc = (uint32_t)cr->crc_val;
	TM_EQ(bc, 2 * 4096 + 7, "copy crc bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)dst + bc, "copy crc fault address");
	TM_EQ(crc, tm_ref_crc32c(0xabcd, src, bc), "partial CRC covers the bytes completed");
	dsa_model_clear_injections(m);
	d = tm_desc(DSA_OPCODE_COPY_CRC, CRF, src + bc, dst + bc, (uint32_t)(n - bc));
	d.crc_seed = crc;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "copy crc resumed");
	TM_EQ((uint32_t)cr->crc_val, tm_ref_crc32c(0xabcd, src, n), "copy crc after resume");
	TM_CHECK(memcmp(src, dst, n) == 0, "copy crc resumed data");

	/* dualcast: all addresses += bc; the second destination faults */
	memset(dst, 0, n);
	memset(buf, 0, 2 * n);
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)buf + 4096 + 100, 8,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_DUALCAST, CRF, src, dst, (uint32_t)n);
	d.dest2 = (uintptr_t)buf;
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "dualcast fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, 4096 + 100, "dualcast bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)buf + bc, "dualcast fault address");
	dsa_model_clear_injections(m);
	d = tm_desc(DSA_OPCODE_DUALCAST, CRF, src + bc, dst + bc, (uint32_t)(n - bc));
	d.dest2 = (uintptr_t)buf + bc;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "dualcast resumed");
	TM_CHECK(memcmp(src, dst, n) == 0 && memcmp(src, buf, n) == 0, "dualcast resumed data");
	free(src);
	free(dst);
	free(buf);
	free(ref);
}

/* Memmove of @n bytes; true if it faulted as the periodic injection makes it */
static bool
move_faulted(uint8_t *src, uint8_t *dst, uint32_t n)
{
	struct dsa_hw_desc d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst, n);

	memset(dst, 0, n);
	return run(&d) != DSA_COMP_SUCCESS;
}

/* dsa_model_inject_fault_every: which descriptors count, where they fault */
static void
test_fault_every(void)
{
	struct dsa_hw_desc *list = tm_alloc(4 * 64), d;
	struct dsa_completion_record *recs = tm_alloc(4 * 32);
	uint8_t *src = tm_alloc(4096), *dst = tm_alloc(4 * 4096);
	unsigned int i;

	tm_fill_random(src, 4096, 11);
	TM_EQ(dsa_model_inject_fault_every(m, 3, 100, 3), -EINVAL, "both accesses refused");
	TM_EQ(dsa_model_inject_fault_every(m, 3, 100, DSA_MODEL_DMA_WRITE), 0, "arm");
	for (i = 1; i <= 6; i++) {
		d = tm_desc(DSA_OPCODE_NOOP, CRF, NULL, NULL, 0);
		TM_EQ(run(&d), DSA_COMP_SUCCESS, "a noop does not count");
		memset(dst, 0, 4096);
		d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst, 4096);
		if (i % 3 != 0) {
			TM_EQ(run(&d), DSA_COMP_SUCCESS, "copy between faults");
			TM_CHECK(memcmp(src, dst, 4096) == 0, "copy %u data", i);
			continue;
		}
		TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "every 3rd");
		TM_EQ(cr->bytes_completed, 100, "faults after the given bytes");
		TM_EQ(cr->fault_addr, (uintptr_t)dst + 100, "fault address");
		TM_CHECK(memcmp(src, dst, 100) == 0 && dst[100] == 0 && dst[4095] == 0,
			 "copy %u: written up to the fault, not beyond", i);
	}
	/* 7 and 8 succeed; 9 is shorter than the fault offset: counted, completes */
	TM_CHECK(!move_faulted(src, dst, 4096) && !move_faulted(src, dst, 4096), "7, 8");
	TM_CHECK(!move_faulted(src, dst, 50), "a copy shorter than the offset completes");
	/* batch members count: 10, 11, 12, the last one faults */
	for (i = 0; i < 3; i++) {
		list[i] = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst + 4096 * i, 4096);
		list[i].completion_addr = (uintptr_t)&recs[i];
	}
	memset(recs, 0, 4 * 32);
	d = tm_desc(DSA_OPCODE_BATCH, CRF, list, NULL, 0);
	d.desc_count = 3;
	TM_EQ(run(&d), DSA_COMP_BATCH_FAIL, "batch with the 12th descriptor");
	TM_EQ(recs[0].status, DSA_COMP_SUCCESS, "member 10");
	TM_EQ(recs[1].status, DSA_COMP_SUCCESS, "member 11");
	TM_EQ(recs[2].status, DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "member 12");

	/* re-arming restarts the count; a fill has no source and does not count */
	TM_EQ(dsa_model_inject_fault_every(m, 2, 0, DSA_MODEL_DMA_READ), 0, "arm on reads");
	d = tm_desc(DSA_OPCODE_MEMFILL, CRF, NULL, dst, 4096);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "fill: no source");
	TM_CHECK(!move_faulted(src, dst, 4096), "1st read");
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, src, dst, 4096);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF, "2nd read faults on its source");
	TM_EQ(cr->bytes_completed, 0, "at byte 0");
	TM_EQ(cr->fault_addr, (uintptr_t)src, "read fault address");

	TM_EQ(dsa_model_inject_fault_every(m, 0, 0, DSA_MODEL_DMA_READ), 0, "period 0");
	for (i = 0; i < 4; i++)
		TM_CHECK(!move_faulted(src, dst, 4096), "no fault after period 0 (%u)", i);
	TM_EQ(dsa_model_inject_fault_every(m, 1, 0, DSA_MODEL_DMA_WRITE), 0, "every one");
	TM_CHECK(move_faulted(src, dst, 4096), "period 1: every copy faults");
	dsa_model_clear_injections(m);
	TM_CHECK(!move_faulted(src, dst, 4096), "cleared");
	free(list);
	free(recs);
	free(src);
	free(dst);
}

/* Explicit IOMMU: nothing outside a mapping is touched. */
static void
test_iommu_bounds(void)
{
	struct dsa_model_iommu *mmu = dsa_model_iommu_create();
	struct dsa_model_params p;
	struct dsa_model *dev;
	uint8_t *host = tm_alloc(5 * 4096);
	struct dsa_completion_record *rec = (void *)(host + 4 * 4096);
	struct dsa_hw_desc d;
	const uint64_t io = 0x100000, rw = DSA_MODEL_DMA_READ | DSA_MODEL_DMA_WRITE;

	dsa_model_params_init(&p);
	p.translate = dsa_model_iommu_translate;
	p.translate_opaque = mmu;
	p.engine_threads = 1;
	dev = tm_create_params(&p);
	TM_EQ(tm_setup(dev, NULL), 0, "setup");
	memset(host, 0xee, 5 * 4096);
	memset(host, 1, 2 * 4096);
	/* host pages 0-1: src (read only); 2: dst; 3: never mapped; 4: record */
	TM_EQ(dsa_model_iommu_map(mmu, DSA_MODEL_NO_PASID, io, host, 8192,
				  DSA_MODEL_DMA_READ), 0, "map src");
	TM_EQ(dsa_model_iommu_map(mmu, DSA_MODEL_NO_PASID, io + 0x10000, host + 2 * 4096, 4096,
				  rw), 0, "map dst");
	TM_EQ(dsa_model_iommu_map(mmu, DSA_MODEL_NO_PASID, io + 0x20000, rec, 4096, rw), 0,
	      "map record");
	TM_EQ(dsa_model_iommu_map(mmu, DSA_MODEL_NO_PASID, io + 0x800, host, 4096,
				  DSA_MODEL_DMA_READ), -EEXIST, "overlapping map");
	memset(rec, 0, 32);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF, NULL, NULL, 8192);
	d.src_addr = io;
	d.dst_addr = io + 0x10000;
	d.completion_addr = io + 0x20000;
	tm_submit(dev, 0, &d);
	TM_EQ(tm_wait(rec), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE,
	      "copy past the dst mapping");
	TM_EQ(rec->fault_addr, io + 0x11000, "fault at the end of the mapping");
	TM_EQ(rec->bytes_completed, 4096, "mapped part copied");
	TM_EQ(host[2 * 4096], 1, "mapped part written");
	TM_EQ(host[3 * 4096], 0xee, "unmapped host page untouched");
	memset(rec, 0, 32);
	d.src_addr = io + 0x10000;
	d.dst_addr = io;
	d.xfer_size = 16;
	tm_submit(dev, 0, &d);
	TM_EQ(tm_wait(rec), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE,
	      "write to a read-only mapping");
	TM_EQ(host[0], 1, "read-only page untouched");
	TM_EQ(dsa_model_iommu_unmap(mmu, DSA_MODEL_NO_PASID, io, 8192), 0, "unmap");
	TM_EQ(dsa_model_iommu_unmap(mmu, DSA_MODEL_NO_PASID, io, 8192), -ENOENT, "unmap twice");
	dsa_model_destroy(dev);
	dsa_model_iommu_destroy(mmu);
	free(host);
}

/* DSA 2.0: delta ops, translation fetch, BOF with a page request failing */
static void
test_dsa2_ops(void)
{
	struct dsa_model *dev = tm_create(DSA_MODEL_PRESET_DSA2, 1);
	struct tm_wq_cfg c = { .size = 16, .priority = 1, .bof = true };
	struct dsa_completion_record *rec = tm_alloc(64);
	uint64_t *a = tm_alloc(4096), *b = tm_alloc(4096), *x = tm_alloc(4096);
	uint8_t *delta = tm_alloc(4096);
	struct dsa_hw_desc d;
	uint32_t dsize;

	TM_EQ(tm_setup(dev, &c), 0, "setup 2.0");
	tm_fill_random((uint8_t *)a, 4096, 9);
	memcpy(b, a, 4096);
	memcpy(x, a, 4096);
	b[3] ^= 1;
	b[100] = 42;
	d = tm_desc(DSA_OPCODE_CR_DELTA, CRF, a, b, 4096);
	d.delta_addr = (uintptr_t)delta;
	d.max_delta_size = 80;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_SUCCESS, "create delta");
	TM_EQ(rec->result, 1, "delta produced");
	dsize = rec->delta_rec_size;
	TM_EQ(dsize, 20, "two entries");
	d = tm_desc(DSA_OPCODE_AP_DELTA, CRF, delta, x, 4096);
	d.delta_rec_size = dsize;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_SUCCESS, "apply delta");
	TM_CHECK(memcmp(x, b, 4096) == 0, "applied delta reproduces src2");
	d = tm_desc(DSA_OPCODE_AP_DELTA, CRF, delta, x, 4096);
	d.delta_rec_size = 15;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_DR_ERANGE, "delta size not multiple of 10");
	memcpy(delta + 10, delta, 2);
	d.delta_rec_size = 20;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_DR_OFFSET_NOINC, "offsets not increasing");
	delta[10] = 0xff;
	delta[11] = 0x0f;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_DR_OFFSET_ERANGE, "offset beyond size");
	d = tm_desc(DSA_OPCODE_CR_DELTA, CRF, (uint8_t *)a + 4, b, 4096);
	d.delta_addr = (uintptr_t)delta;
	d.max_delta_size = 80;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_ADDR_ALIGN, "delta source not 8-B aligned");
	d = tm_desc(DSA_OPCODE_CR_DELTA, CRF, a, b, 4096);
	d.delta_addr = (uintptr_t)delta;
	d.max_delta_size = 70;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_DR_ERANGE, "max delta size < 80");
	d = tm_desc(DSA_OPCODE_CR_DELTA, CRF, a, b, 4092);
	d.delta_addr = (uintptr_t)delta;
	d.max_delta_size = 80;
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_XFER_ERANGE, "delta size not multiple of 8");

	d = tm_desc(DSA_OPC_TRANSL_FETCH, CRF, a, NULL, 4096);
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_SUCCESS, "translation fetch");

	dsa_model_inject_fault_range(dev, DSA_MODEL_NO_PASID, (uintptr_t)x + 64, 64,
				     DSA_MODEL_DMA_WRITE);
	d = tm_desc(DSA_OPCODE_MEMMOVE, CRF | IDXD_OP_FLAG_BOF, a, x, 256);
	TM_EQ(tm_run(dev, &d, rec), DSA_COMP_PAGE_FAULT_IR | DSA_COMP_STATUS_WRITE,
	      "block on fault, page request refused");
	TM_EQ(rec->bytes_completed, 64, "BOF bytes completed");
	dsa_model_destroy(dev);
	free(rec);
	free(a);
	free(b);
	free(x);
	free(delta);
}

int
main(void)
{
	m = tm_create(DSA_MODEL_PRESET_SPR, 2);
	cr = tm_alloc(64);
	if (tm_setup(m, NULL) != 0) {
		printf("FAIL: device setup\n");
		return 1;
	}
	test_noop_and_common_errors();
	test_memmove();
	test_fill_compare();
	test_dualcast_crc_flush();
	test_records_and_swerr();
	test_batch();
	test_fault_resume();
	test_fault_every();
	test_iommu_bounds();
	test_dsa2_ops();
	dsa_model_destroy(m);
	free(cr);
	return tm_report("model ops");
}
