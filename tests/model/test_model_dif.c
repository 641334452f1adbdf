/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DIF check, insert, strip and update (fact sheet sections 4, 5 and 8)
 * against tuples built here: the guard by a bitwise CRC16 T10-DIF loop, the
 * tags written byte by byte, big-endian. Every block size, good and bad
 * tuples (guard, app tag, ref tag, all-F), every source and destination
 * flag, sizes, reserved fields, overlap, page faults and resume, the
 * unverified choices' knobs, and a failing member in a batch. The CRC and
 * tuple helpers are in tm.c, shared with model_diff.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tm.h"

static struct dsa_model *m;
static struct dsa_completion_record *cr;

#define CRF (IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR)
#define MAX_BLOCKS 4
#define BUF (MAX_BLOCKS * (4104 + 8))

static const unsigned int sizes[4] = { 512, 520, 4096, 4104 };

/* How the test builds tuples: seeds, and how tags move from block to block */
struct fmt {
	unsigned int bs;
	uint32_t ref;
	uint16_t app, mask;
	bool ref_fixed, app_inc, inv_seed, inv_result;
};

static uint16_t
ref_guard(const struct fmt *f, const uint8_t *data)
{
	uint16_t crc = tm_ref_crc16(f->inv_seed ? 0xffff : 0, data, f->bs);

	return f->inv_result ? (uint16_t)~crc : crc;
}

/* @blocks blocks of @data, each followed by its tuple, into @out */
static void
protect(uint8_t *out, const uint8_t *data, unsigned int blocks, const struct fmt *f)
{
	unsigned int i;

	for (i = 0; i < blocks; i++) {
		uint8_t *o = out + i * (f->bs + 8);

		memcpy(o, data + i * f->bs, f->bs);
		tm_dif_put_tuple(o + f->bs, ref_guard(f, o),
			  (uint16_t)((f->app + (f->app_inc ? i : 0)) & ~f->mask),
			  f->ref + (f->ref_fixed ? 0 : i));
	}
}

static uint8_t
code_of(unsigned int bs)
{
	unsigned int i;

	for (i = 0; sizes[i] != bs; i++)
		;
	return (uint8_t)i;
}

static uint8_t
dif_flags(const struct fmt *f)
{
	return (uint8_t)(code_of(f->bs) | (f->inv_seed ? DSA_DIF_INVERT_SEED : 0) |
			 (f->inv_result ? DSA_DIF_INVERT_RESULT : 0));
}

/* Source flags that match how @f's tuples were built */
static uint8_t
src_flags(const struct fmt *f)
{
	return (uint8_t)((f->ref_fixed ? DSA_DIF_SRC_REF_FIXED : 0) |
			 (f->app_inc ? DSA_DIF_SRC_APP_INC : 0));
}

static uint8_t
dst_flags(const struct fmt *f)
{
	return (uint8_t)((f->ref_fixed ? DSA_DIF_DST_REF_FIXED : 0) |
			 (f->app_inc ? DSA_DIF_DST_APP_INC : 0));
}

/* Check or strip of tuples built with @f */
static struct dsa_hw_desc
mk_check(unsigned int op, const void *src, const void *dst, unsigned int blocks,
	 const struct fmt *f)
{
	struct dsa_hw_desc d = tm_desc(op, CRF, src, dst, blocks * (f->bs + 8));

	d.src_dif_flags = src_flags(f);
	d.dif_chk_flags = dif_flags(f);
	d.chk_ref_tag_seed = f->ref;
	d.chk_app_tag_mask = f->mask;
	d.chk_app_tag_seed = f->app;
	return d;
}

/* Destination flags and seeds (bytes 41, 56-63) of insert and update */
static void
set_dst(struct dsa_hw_desc *d, const struct fmt *t)
{
	d->dest_dif_flag = dst_flags(t);
	d->ins_ref_tag_seed = t->ref;
	d->ins_app_tag_mask = t->mask;
	d->ins_app_tag_seed = t->app;
}

static struct dsa_hw_desc
mk_insert(const void *src, const void *dst, unsigned int blocks, const struct fmt *f)
{
	struct dsa_hw_desc d = tm_desc(DSA_OPCODE_DIF_INS, CRF, src, dst, blocks * f->bs);

	d.dif_ins_flags = dif_flags(f);
	set_dst(&d, f);
	return d;
}

/* Update from tuples built with @s to tuples as @t builds them */
static struct dsa_hw_desc
mk_update(const void *src, const void *dst, unsigned int blocks, const struct fmt *s,
	  const struct fmt *t)
{
	struct dsa_hw_desc d = mk_check(DSA_OPCODE_DIF_UPDT, src, dst, blocks, s);

	set_dst(&d, t);
	return d;
}

static uint8_t
run_on(struct dsa_model *dev, struct dsa_hw_desc *d)
{
	return tm_run(dev, d, cr);
}

static uint8_t
run(struct dsa_hw_desc *d)
{
	return tm_run(m, d, cr);
}

static uint8_t *data, *prot, *out, *want;

/* A DIF error: status, error bits, bytes completed, the failing block's tags */
static void
expect_dif_err(uint8_t bits, uint32_t bytes, uint32_t ref, uint16_t app, const char *what)
{
	TM_EQ(cr->status, DSA_COMP_DIF_ERR, what);
	TM_EQ(cr->dif_status, bits, what);
	TM_EQ(cr->bytes_completed, bytes, what);
	TM_EQ(cr->dif_chk_ref_tag, ref, what);
	TM_EQ(cr->dif_chk_app_tag, app, what);
}

static void
test_crc_reference(void)
{
	/* the published check value of CRC-16/T10-DIF */
	TM_EQ(tm_ref_crc16(0, (const uint8_t *)"123456789", 9), 0xD0DB, "reference CRC16");
}

/* Insert, check, strip and update with good tuples, then one bad field at a
 * time, at one block size. */
static void
test_block_size(unsigned int bs)
{
	struct fmt f = { .bs = bs, .ref = 0x10000 - 2, .app = 0x55aa, .mask = 0 };
	struct fmt g = { .bs = bs, .ref = 77, .app = 0xfff0, .app_inc = true, .mask = 0x000f };
	unsigned int n = MAX_BLOCKS, step = bs + 8;
	struct dsa_hw_desc d;
	char what[64];

	snprintf(what, sizeof(what), "block %u", bs);
	tm_fill_random(data, n * bs, bs);
	protect(want, data, n, &f);
	memset(out, 0, BUF);
	d = mk_insert(data, out, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, what);
	TM_CHECK(memcmp(out, want, n * step) == 0, "%s: inserted tuples", what);
	TM_EQ(out[n * step], 0, "insert writes no more than blocks + 8 B each");
	TM_EQ(cr->dif_ins_ref_tag, f.ref + n, "insert: next ref tag");
	TM_EQ(cr->dif_ins_app_tag, f.app, "insert: fixed app tag");
	TM_EQ(cr->dif_ins_app_tag_mask, f.mask, "insert: mask");

	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, what);
	TM_EQ(cr->dif_status, 0, "check: no error bits");
	TM_EQ(cr->dif_chk_ref_tag, f.ref + n, "check: next ref tag (wraps past 16 bits)");
	TM_EQ(cr->dif_chk_app_tag, f.app, "check: app tag");

	memset(out, 0, BUF);
	d = mk_check(DSA_OPCODE_DIF_STRP, want, out, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, what);
	TM_CHECK(memcmp(out, data, n * bs) == 0, "%s: stripped data", what);
	TM_EQ(out[n * bs], 0, "strip writes the data only");

	memset(out, 0, BUF);
	d = mk_update(want, out, n, &f, &g);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, what);
	protect(prot, data, n, &g);
	TM_CHECK(memcmp(out, prot, n * step) == 0, "%s: updated tuples", what);
	TM_EQ(cr->dif_upd_src_ref_tag, f.ref + n, "update: source ref tag");
	TM_EQ(cr->dif_upd_dest_ref_tag, g.ref + n, "update: destination ref tag");
	TM_EQ(cr->dif_upd_dest_app_tag, (uint16_t)(g.app + n), "update: incremented app tag");
	TM_EQ(cr->dif_upd_dest_app_tag_mask, g.mask, "update: destination mask");
	d = mk_check(DSA_OPCODE_DIF_CHECK, out, NULL, n, &g);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "updated tuples check with the new tags");

	/* one bad field at a time; the operation stops at that block */
	memcpy(prot, want, n * step);
	prot[step + bs] ^= 0x40;
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_GUARD, step, f.ref + 1, f.app, "bad guard, block 1");
	memcpy(prot, want, n * step);
	prot[2 * step + bs + 3] ^= 1;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_APP_TAG, 2 * step, f.ref + 2, f.app, "bad app, block 2");
	memcpy(prot, want, n * step);
	prot[3 * step + bs + 4] ^= 0x80;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_REF_TAG, 3 * step, f.ref + 3, f.app, "bad ref, block 3");
	memcpy(prot, want, n * step);
	prot[0] ^= 1; /* data, so the guard */
	prot[bs + 7] ^= 1;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_GUARD | DSA_DIF_STATUS_REF_TAG, 0, f.ref, f.app,
		       "bad data and ref, block 0");

	/* strip and update stop there too, with the blocks before written */
	memcpy(prot, want, n * step);
	prot[2 * step + 5] ^= 1;
	memset(out, 0, BUF);
	d = mk_check(DSA_OPCODE_DIF_STRP, prot, out, n, &f);
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_GUARD, 2 * step, f.ref + 2, f.app, "strip, bad block 2");
	TM_CHECK(memcmp(out, data, 2 * bs) == 0 && out[2 * bs] == 0,
		 "strip: blocks before the error written, not the bad one");
	memset(out, 0, BUF);
	d = mk_update(prot, out, n, &f, &g);
	run(&d);
	TM_EQ(cr->status, DSA_COMP_DIF_ERR, "update, bad block 2");
	TM_EQ(cr->dif_status, DSA_DIF_STATUS_GUARD, "update error bits");
	TM_EQ(cr->bytes_completed, 2 * step, "update bytes completed");
	TM_EQ(cr->dif_upd_dest_ref_tag, g.ref + 2, "update: destination tags of block 2");
	protect(prot, data, 2, &g);
	TM_CHECK(memcmp(out, prot, 2 * step) == 0 && out[2 * step] == 0,
		 "update: blocks before the error written");

	/* sizes: a whole number of blocks on the source side */
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, n, &f);
	d.xfer_size -= 8;
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "check: not a multiple of block + 8");
	d = mk_insert(data, out, n, &f);
	d.xfer_size += 8;
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "insert: not a multiple of the block");
	d = mk_check(DSA_OPCODE_DIF_STRP, want, out, n, &f);
	d.xfer_size = bs;
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "strip: the block without its tuple");
}

/* Source flags: check disables, mask, tag types, F detection; the CRC
 * seed and result inversion. */
static void
test_source_flags(void)
{
	struct fmt f = { .bs = 512, .ref = 1000, .app = 0x1234 };
	unsigned int step = 520, n = 3;
	struct dsa_hw_desc d;

	tm_fill_random(data, n * 512, 21);
	protect(want, data, n, &f);
	memcpy(prot, want, n * step);
	prot[step] ^= 1; /* block 1 data: guard mismatch */
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	d.src_dif_flags |= DSA_DIF_SRC_GUARD_NO_CHECK;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "guard check disabled");
	memcpy(prot, want, n * step);
	prot[step + 512 + 7] ^= 1;
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	d.src_dif_flags |= DSA_DIF_SRC_REF_NO_CHECK;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "ref tag check disabled");
	TM_EQ(cr->dif_chk_ref_tag, f.ref + n, "ref tag still counted");

	/* app tag mask: bits set are not compared; all set, no app check */
	memcpy(prot, want, n * step);
	prot[step + 512 + 3] ^= 0x0c; /* app tag bits 2-3 of block 1 */
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	d.chk_app_tag_mask = 0x000c;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "masked app tag bits differ");
	TM_EQ(cr->dif_chk_app_tag_mask, 0x000c, "record mask");
	d.chk_app_tag_mask = 0x0008;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_APP_TAG, step, f.ref + 1, f.app, "unmasked bit differs");
	prot[step + 512 + 2] = 0x99;
	d.chk_app_tag_mask = 0xffff;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "mask 0xFFFF: app tag not checked");

	/* fixed ref tag, incrementing app tag */
	f.ref_fixed = true;
	f.app_inc = true;
	protect(prot, data, n, &f);
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "fixed ref, incrementing app");
	TM_EQ(cr->dif_chk_ref_tag, f.ref, "fixed ref tag stays");
	TM_EQ(cr->dif_chk_app_tag, f.app + n, "app tag incremented per block");
	d.src_dif_flags &= (uint8_t)~DSA_DIF_SRC_REF_FIXED;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_REF_TAG, step, f.ref + 1, f.app + 1,
		       "fixed tuples checked as incrementing");
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	d.src_dif_flags &= (uint8_t)~DSA_DIF_SRC_APP_INC;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_APP_TAG, step, f.ref, f.app,
		       "incrementing app checked as fixed");
	f.ref_fixed = false;
	f.app_inc = false;

	/* F detection: block 1 gets app 0xFFFF (and ref all ones), bad guard */
	protect(prot, data, n, &f);
	tm_dif_put_tuple(prot + step + 512, 0x0bad, 0xffff, 5);
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	run(&d);
	TM_EQ(cr->dif_status, DSA_DIF_STATUS_GUARD | DSA_DIF_STATUS_APP_TAG |
	      DSA_DIF_STATUS_REF_TAG, "no F detection: all three errors");
	d.src_dif_flags |= DSA_DIF_SRC_APP_F_DETECT;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "app tag F detect skips the block");
	d.src_dif_flags = DSA_DIF_SRC_APP_REF_F_DETECT;
	TM_EQ(run(&d), DSA_COMP_DIF_ERR, "app+ref F detect needs the ref tag all ones");
	tm_dif_put_tuple(prot + step + 512, 0x0bad, 0xffff, 0xffffffffu);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "app+ref F detect skips the block");
	d.src_dif_flags = DSA_DIF_SRC_ALL_F_DETECT;
	TM_EQ(run(&d), DSA_COMP_DIF_ERR, "all-F detect needs the guard all ones");
	tm_dif_put_tuple(prot + step + 512, 0xffff, 0xffff, 0xffffffffu);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "all-F detect skips the block");
	d.src_dif_flags = DSA_DIF_SRC_ALL_F_DETECT | DSA_DIF_SRC_ALL_F_ERROR;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_ALL_F, step, f.ref + 1, f.app, "all-F detect error");
	d.src_dif_flags = DSA_DIF_SRC_ALL_F_ERROR;
	run(&d);
	TM_EQ(cr->dif_status, DSA_DIF_STATUS_GUARD | DSA_DIF_STATUS_APP_TAG |
	      DSA_DIF_STATUS_REF_TAG, "the error enable alone detects nothing");

	/* inverted CRC seed and result, alone and together */
	f.inv_seed = true;
	protect(prot, data, n, &f);
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "seed 0xFFFF");
	d.dif_chk_flags &= (uint8_t)~DSA_DIF_INVERT_SEED;
	run(&d);
	expect_dif_err(DSA_DIF_STATUS_GUARD, 0, f.ref, f.app, "seed 0xFFFF checked with 0");
	f.inv_result = true;
	protect(prot, data, n, &f);
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "seed 0xFFFF, inverted result");
	f.inv_seed = false;
	protect(prot, data, n, &f);
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "inverted result");
	memset(out, 0, BUF);
	d = mk_insert(data, out, n, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "insert, inverted result");
	TM_CHECK(memcmp(out, prot, n * step) == 0, "insert with inverted result");
}

/* Each tuple in @out: the guard as in @g, the tags as in @t */
static void
expect_tuples(unsigned int n, unsigned int bs, const uint8_t *g, const uint8_t *t,
	      const char *what)
{
	unsigned int i, at;

	for (i = 0; i < n; i++) {
		at = i * (bs + 8) + bs;
		TM_CHECK(memcmp(out + at, g + at, 2) == 0 &&
			 memcmp(out + at + 2, t + at + 2, 6) == 0, "%s (block %u)", what, i);
	}
}

/* Destination flags of update: pass-through of each field; insert masks */
static void
test_destination_flags(void)
{
	struct fmt f = { .bs = 4096, .ref = 9, .app = 0xa5a5 };
	struct fmt g = { .bs = 4096, .ref = 0xfffffffeu, .app = 0x0ff0, .mask = 0xff00,
			 .ref_fixed = true };
	unsigned int step = 4104, n = 2, i;
	struct dsa_hw_desc d;

	tm_fill_random(data, n * 4096, 31);
	memset(out, 0, BUF);
	d = mk_insert(data, out, n, &g);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "insert with a mask, fixed ref");
	protect(want, data, n, &g);
	TM_CHECK(memcmp(out, want, n * step) == 0, "masked app bits inserted as 0");
	TM_EQ(out[4096 + 2], 0, "app tag high byte masked");
	TM_EQ(cr->dif_ins_ref_tag, g.ref, "fixed ref tag stays");

	protect(prot, data, n, &f);
	for (i = 0; i < n; i++) /* bad source guards: pass-through keeps them */
		prot[i * step + 4096] ^= 0xff;
	d = mk_update(prot, out, n, &f, &g);
	d.src_dif_flags |= DSA_DIF_SRC_GUARD_NO_CHECK;
	d.upd_dest_flags |= DSA_DIF_DST_GUARD_PASS;
	memset(out, 0, BUF);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "update, guard pass-through");
	expect_tuples(n, 4096, prot, want, "guard passed, tags new");
	d.upd_dest_flags = DSA_DIF_DST_APP_PASS | DSA_DIF_DST_REF_PASS;
	memset(out, 0, BUF);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "update, app and ref pass-through");
	expect_tuples(n, 4096, want, prot, "guard new, tags passed");
	TM_CHECK(memcmp(out, data, 4096) == 0 && memcmp(out + step, data + 4096, 4096) == 0,
		 "update copies the data");
}

/* Reserved fields and bits, flags, overlap, opcode capability */
static void
test_invalid(void)
{
	struct fmt f = { .bs = 520, .ref = 3, .app = 4 };
	struct dsa_hw_desc d;

	tm_fill_random(data, 2 * 520, 41);
	protect(want, data, 2, &f);
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, 2, &f);
	d.dif_chk_flags |= 0x10;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "DIF flags bit 4");
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, 2, &f);
	d.op_specific[1] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "check: byte 41");
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, 2, &f);
	d.op_specific[16] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "check: byte 56");
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, out, 2, &f);
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "check: a destination");
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, 2, &f);
	d.flags |= IDXD_OP_FLAG_CC;
	TM_EQ(run(&d), DSA_COMP_INVALID_FLAGS, "check: cache control");
	d = mk_check(DSA_OPCODE_DIF_STRP, want, out, 2, &f);
	d.flags |= 1u << 16;
	TM_EQ(run(&d), DSA_COMP_INVALID_FLAGS, "strip: operation flag bit 16");
	TM_EQ(cr->invalid_flags, 1u << 16, "invalid flag reported");
	d = mk_check(DSA_OPCODE_DIF_STRP, want, out, 2, &f);
	d.op_specific[17] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "strip: byte 57");
	d = mk_insert(data, out, 2, &f);
	d.src_dif_flags = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "insert: byte 40");
	d = mk_insert(data, out, 2, &f);
	d.op_specific[8] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "insert: byte 48");
	d = mk_insert(data, out, 2, &f);
	d.dest_dif_flag |= 0x01;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "insert: destination flags bit 0");
	d = mk_insert(data, out, 2, &f);
	d.dest_dif_flag |= DSA_DIF_DST_GUARD_PASS;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "insert: pass-through (nothing to pass)");
	d = mk_update(want, out, 2, &f, &f);
	d.upd_dest_flags |= 0x04;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "update: destination flags bit 2");
	d = mk_update(want, out, 2, &f, &f);
	d.op_specific[3] = 1;
	TM_EQ(run(&d), DSA_COMP_NOZERO_RESERVE, "update: byte 43");

	/* overlap: the destination is blocks + 8 B each for insert */
	memcpy(prot, data, 2 * 520);
	d = mk_insert(prot, prot + 1040, 2, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "insert right after the source");
	d = mk_insert(prot + 16, prot, 2, &f);
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "insert: destination under the source");
	d = mk_insert(prot, prot + 1039, 2, &f);
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "insert: one byte of overlap");
	protect(prot, data, 2, &f);
	d = mk_check(DSA_OPCODE_DIF_STRP, prot, prot + 1040, 2, &f);
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "strip: destination in the source");
	protect(prot + 1040, data, 2, &f);
	d = mk_check(DSA_OPCODE_DIF_STRP, prot + 1040, prot, 2, &f);
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "strip: destination right before the source");
	protect(prot, data, 2, &f);
	d = mk_update(prot, prot + 1000, 2, &f, &f);
	TM_EQ(run(&d), DSA_COMP_OVERLAP_BUFFERS, "update: overlap");
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, 0, &f);
	TM_EQ(run(&d), DSA_COMP_XFER_ERANGE, "size 0");
}

/* Page faults: block-granular bytes completed, tags to resume with */
static void
test_faults(void)
{
	struct fmt f = { .bs = 512, .ref = 50, .app = 7, .app_inc = true };
	struct fmt g = { .bs = 512, .ref = 900, .app = 1 };
	unsigned int n = 4, step = 520;
	struct dsa_hw_desc d;
	uint32_t bc, blocks;

	tm_fill_random(data, n * 512, 51);
	protect(want, data, n, &f);
	/* insert: the destination faults inside block 2 */
	memset(out, 0, BUF);
	dsa_model_inject_fault_range(m, DSA_MODEL_NO_PASID, (uintptr_t)out + 2 * step + 100, 1,
				     DSA_MODEL_DMA_WRITE);
	d = mk_insert(data, out, n, &f);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "insert fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, 2 * 512, "insert: source bytes of the blocks done");
	TM_EQ(cr->fault_addr, (uintptr_t)out + 2 * step + 100, "insert fault address");
	TM_EQ(cr->dif_ins_ref_tag, f.ref + 2, "insert: ref tag to resume with");
	TM_EQ(cr->dif_ins_app_tag, f.app + 2, "insert: app tag to resume with");
	dsa_model_clear_injections(m);
	blocks = bc / 512;
	d = mk_insert(data + bc, out + blocks * step, n - blocks, &f);
	d.ins_ref_tag_seed = cr->dif_ins_ref_tag;
	d.ins_app_tag_seed = cr->dif_ins_app_tag;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "insert resumed");
	TM_CHECK(memcmp(out, want, n * step) == 0, "insert resumed output");

	/* check: the source faults in block 3 (read) */
	dsa_model_inject_fault_after(m, 3 * step + 5, DSA_MODEL_DMA_READ);
	d = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, n, &f);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF, "check fault (read)");
	TM_EQ(cr->bytes_completed, 3 * step, "check bytes completed");
	TM_EQ(cr->fault_addr, (uintptr_t)want + 3 * step + 5, "check fault address");
	TM_EQ(cr->dif_chk_ref_tag, f.ref + 3, "check: ref tag of block 3");
	d = mk_check(DSA_OPCODE_DIF_CHECK, want + 3 * step, NULL, 1, &f);
	d.chk_ref_tag_seed = cr->dif_chk_ref_tag;
	d.chk_app_tag_seed = cr->dif_chk_app_tag;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "check resumed");

	/* update: the destination faults in block 1; both tag sets resume */
	memset(out, 0, BUF);
	dsa_model_inject_fault_after(m, step + 519, DSA_MODEL_DMA_WRITE);
	d = mk_update(want, out, n, &f, &g);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "update fault");
	bc = cr->bytes_completed;
	TM_EQ(bc, step, "update bytes completed");
	d = mk_update(want + bc, out + bc, n - bc / step, &f, &g);
	d.chk_ref_tag_seed = cr->dif_upd_src_ref_tag;
	d.chk_app_tag_seed = cr->dif_upd_src_app_tag;
	d.dest_ref_tag_seed = cr->dif_upd_dest_ref_tag;
	d.dest_app_tag_seed = cr->dif_upd_dest_app_tag;
	TM_EQ(run(&d), DSA_COMP_SUCCESS, "update resumed");
	protect(prot, data, n, &g);
	TM_CHECK(memcmp(out, prot, n * step) == 0, "update resumed output");

	/* strip: periodic injection counts DIF ops, the fault stops a block */
	memset(out, 0, BUF);
	dsa_model_inject_fault_every(m, 1, 700, DSA_MODEL_DMA_WRITE);
	d = mk_check(DSA_OPCODE_DIF_STRP, want, out, n, &f);
	TM_EQ(run(&d), DSA_COMP_PAGE_FAULT_NOBOF | DSA_COMP_STATUS_WRITE, "strip fault");
	TM_EQ(cr->bytes_completed, step, "strip: the source bytes of block 0");
	TM_EQ(cr->fault_addr, (uintptr_t)out + 700, "strip fault address");
	TM_CHECK(memcmp(out, data, 700) == 0 && out[700] == 0, "strip written up to the fault");
	dsa_model_clear_injections(m);
}

/* The knobs of the unverified choices */
static void
test_quirks(void)
{
	struct dsa_model_params p;
	struct dsa_model *q;
	struct fmt f = { .bs = 512, .ref = 1, .app = 2 };
	struct dsa_hw_desc d;

	dsa_model_params_init(&p);
	p.engine_threads = 1;
	p.quirks.dif_status_guard = 0x10;
	p.quirks.dif_status_app = 0x20;
	p.quirks.dif_status_ref = 0x40;
	p.quirks.dif_status_all_f = 0x80;
	p.quirks.dif_error_counts_block = true;
	p.quirks.dif_all_f_skips = false;
	p.quirks.dif_insert_pass_rsvd = false;
	q = tm_create_params(&p);
	TM_EQ(tm_setup(q, NULL), 0, "setup");
	tm_fill_random(data, 3 * 512, 61);
	protect(prot, data, 3, &f);
	prot[520 + 512] ^= 1;
	prot[520 + 512 + 3] ^= 1;
	d = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, 3, &f);
	TM_EQ(run_on(q, &d), DSA_COMP_DIF_ERR, "quirks: error");
	TM_EQ(cr->dif_status, 0x30, "quirks: guard and app bits as configured");
	TM_EQ(cr->bytes_completed, 2 * 520, "quirks: bytes completed include the block");
	tm_dif_put_tuple(prot + 520 + 512, 0xffff, 0xffff, 0xffffffffu);
	d.src_dif_flags = DSA_DIF_SRC_ALL_F_DETECT;
	TM_EQ(run_on(q, &d), DSA_COMP_DIF_ERR, "quirks: an all-F tuple is checked");
	TM_EQ(cr->dif_status, 0x70, "quirks: all-F tuple, three errors");
	d.src_dif_flags |= DSA_DIF_SRC_ALL_F_ERROR;
	TM_EQ(run_on(q, &d), DSA_COMP_DIF_ERR, "quirks: all-F error");
	TM_EQ(cr->dif_status, 0x80, "quirks: all-F bit");
	d = mk_insert(data, out, 3, &f);
	d.dest_dif_flag = DSA_DIF_DST_GUARD_PASS | DSA_DIF_DST_APP_PASS | DSA_DIF_DST_REF_PASS;
	memset(out, 0, BUF);
	TM_EQ(run_on(q, &d), DSA_COMP_SUCCESS, "quirks: insert ignores pass-through");
	protect(want, data, 3, &f);
	TM_CHECK(memcmp(out, want, 3 * 520) == 0, "quirks: tuples generated");
	dsa_model_destroy(q);
	p.quirks.dif_status_ref = 0;
	errno = 0;
	TM_CHECK(dsa_model_create(&p) == NULL && errno == EINVAL,
		 "an error bit of 0 is refused");
}

/* A failing DIF member in a batch with copies: only its record says so */
static void
test_batch(void)
{
	struct dsa_hw_desc *list = tm_alloc(4 * 64), d;
	struct dsa_completion_record *recs = tm_alloc(4 * 32);
	struct fmt f = { .bs = 4104, .ref = 11, .app = 12 };
	uint8_t *copy = tm_alloc(4104);
	unsigned int i;

	tm_fill_random(data, 2 * 4104, 71);
	protect(prot, data, 2, &f);
	memcpy(want, prot, 2 * 4112);
	want[4112 + 10] ^= 1;
	list[0] = tm_desc(DSA_OPCODE_MEMMOVE, CRF, data, copy, 4104);
	list[1] = mk_check(DSA_OPCODE_DIF_CHECK, prot, NULL, 2, &f);
	list[2] = mk_check(DSA_OPCODE_DIF_CHECK, want, NULL, 2, &f);
	list[3] = mk_insert(data, out, 2, &f);
	for (i = 0; i < 4; i++)
		list[i].completion_addr = (uintptr_t)&recs[i];
	memset(out, 0, BUF);
	d = tm_desc(DSA_OPCODE_BATCH, CRF, list, NULL, 0);
	d.desc_count = 4;
	TM_EQ(run(&d), DSA_COMP_BATCH_FAIL, "batch with a DIF error");
	TM_EQ(cr->bytes_completed, 4, "all members attempted");
	TM_EQ(recs[0].status, DSA_COMP_SUCCESS, "copy member");
	TM_EQ(recs[1].status, DSA_COMP_SUCCESS, "good check member");
	TM_EQ(recs[2].status, DSA_COMP_DIF_ERR, "bad check member");
	TM_EQ(recs[2].dif_status, DSA_DIF_STATUS_GUARD, "bad check member bits");
	TM_EQ(recs[2].bytes_completed, 4112, "bad check member bytes");
	TM_EQ(recs[3].status, DSA_COMP_SUCCESS, "insert member");
	TM_CHECK(memcmp(out, prot, 2 * 4112) == 0 && memcmp(copy, data, 4104) == 0,
		 "batch data");
	free(list);
	free(recs);
	free(copy);
}

/* DSA 2.0 preset: DIF in OPCAP and op_config; block on fault */
static void
test_dsa2(void)
{
	struct dsa_model *v2 = tm_create(DSA_MODEL_PRESET_DSA2, 1);
	struct tm_wq_cfg c = { .size = 16, .priority = 1, .bof = true };
	struct fmt f = { .bs = 4096, .ref = 5, .app = 6 };
	struct dsa_hw_desc d;

	TM_EQ(tm_setup(v2, &c), 0, "setup 2.0");
	TM_EQ(dsa_model_mmio_read64(v2, DSA_REG_OPCAP) & (0xfull << 18), 0xfull << 18,
	      "2.0 OPCAP has DIF");
	tm_fill_random(data, 4096, 81);
	memset(out, 0, BUF);
	d = mk_insert(data, out, 1, &f);
	TM_EQ(run_on(v2, &d), DSA_COMP_SUCCESS, "2.0 insert");
	protect(want, data, 1, &f);
	TM_CHECK(memcmp(out, want, 4104) == 0, "2.0 insert output");
	dsa_model_inject_fault_range(v2, DSA_MODEL_NO_PASID, (uintptr_t)out + 4104 + 8, 8,
				     DSA_MODEL_DMA_WRITE);
	d = mk_insert(data, out, 2, &f);
	d.flags |= IDXD_OP_FLAG_BOF;
	TM_EQ(run_on(v2, &d), DSA_COMP_PAGE_FAULT_IR | DSA_COMP_STATUS_WRITE,
	      "2.0 insert, block on fault, page request refused");
	TM_EQ(cr->bytes_completed, 4096, "2.0 insert: the first block done");
	TM_EQ(cr->dif_ins_ref_tag, f.ref + 1, "2.0 insert: tags of block 1");
	dsa_model_clear_injections(v2);
	d = tm_desc(DSA_OPC_DIX_GEN, CRF, data, out, 4096);
	TM_EQ(run_on(v2, &d), DSA_COMP_BAD_OPCODE, "DIX generate not modelled");
	dsa_model_destroy(v2);
}

int
main(void)
{
	unsigned int i;

	m = tm_create(DSA_MODEL_PRESET_SPR, 2);
	cr = tm_alloc(64);
	data = tm_alloc(BUF);
	prot = tm_alloc(BUF);
	out = tm_alloc(BUF + 64);
	want = tm_alloc(BUF);
	if (tm_setup(m, NULL) != 0) {
		printf("FAIL: device setup\n");
		return 1;
	}
	TM_EQ(dsa_model_mmio_read64(m, DSA_REG_OPCAP) & (0xfull << 18), 0xfull << 18,
	      "SPR OPCAP has DIF check, insert, strip, update");
	test_crc_reference();
	for (i = 0; i < 4; i++)
		test_block_size(sizes[i]);
	test_source_flags();
	test_destination_flags();
	test_invalid();
	test_faults();
	test_quirks();
	test_batch();
	test_dsa2();
	dsa_model_destroy(m);
	free(cr);
	free(data);
	free(prot);
	free(out);
	free(want);
	return tm_report("model DIF");
}
