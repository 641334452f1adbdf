/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-model-bench: memmove throughput of the DSA model, 64 B to 1 MiB, with
 * one and two engine threads, beside plain memcpy on the same buffers in the
 * same run. Descriptors go in batches (members with CRAV and no RCR, as a
 * poll-mode driver submits them); the batch records are polled.
 *
 *   dsa-model-bench [seconds per point, default 0.3] [size: only this one]
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dsa_hw.h"
#include "dsa_model.h"

#define INFLIGHT   4          /* batches in flight per WQ */
#define WORKSET    (1u << 20) /* bytes copied per batch round, per WQ */
#define MAX_BATCH  256u

struct lane {
	unsigned int wq;
	uint8_t *src, *dst;
	struct dsa_hw_desc *lists[INFLIGHT];
	struct dsa_completion_record *crs; /* one per batch, 32-B aligned */
	struct dsa_completion_record *member_cr;
	uint64_t slot;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *
xalloc(size_t len)
{
	void *p = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);

	if (p == NULL) {
		perror("aligned_alloc");
		exit(1);
	}
	memset(p, 1, len);
	return p;
}

static void
cmd(struct dsa_model *m, unsigned int code, uint32_t operand)
{
	uint32_t sts;

	dsa_model_mmio_write32(m, DSA_REG_CMD, DSA_CMD(code, operand));
	do {
		sts = dsa_model_mmio_read32(m, DSA_REG_CMDSTS);
	} while (sts & DSA_CMDSTS_ACTIVE);
	if (DSA_CMDSTS_ERR(sts)) {
		fprintf(stderr, "command %u failed: 0x%x\n", code, (unsigned int)sts);
		exit(1);
	}
}

/* One group per thread: engine t and WQ t in group t, so thread t serves
 * WQ t. */
static struct dsa_model *
setup(unsigned int threads)
{
	struct dsa_model_params p;
	struct dsa_model *m;
	uint64_t t, grp, wqo;
	unsigned int i;

	dsa_model_params_init(&p);
	p.engine_threads = threads;
	m = dsa_model_create(&p);
	if (m == NULL) {
		perror("dsa_model_create");
		exit(1);
	}
	t = dsa_model_mmio_read64(m, DSA_REG_TABLE_OFFSET);
	grp = DSA_TABLE_OFFSET_BYTES(DSA_TABLE_GRPCFG_MASK, t);
	wqo = DSA_TABLE_OFFSET_BYTES(DSA_TABLE_WQCFG_MASK, t);
	for (i = 0; i < threads; i++) {
		uint64_t w = wqo + i * DSA_WQCFG_STRIDE(dsa_model_mmio_read64(m, DSA_REG_WQCAP));

		dsa_model_mmio_write64(m, grp + i * DSA_GRPCFG_STRIDE + DSA_GRPCFG_WQS, 1ull << i);
		dsa_model_mmio_write64(m, grp + i * DSA_GRPCFG_STRIDE + DSA_GRPCFG_ENGINES,
				       1ull << i);
		dsa_model_mmio_write32(m, w + DSA_WQCFG_SIZE, 16);
		dsa_model_mmio_write32(m, w + DSA_WQCFG_MODE, DSA_WQCFG_MODE_DEDICATED | (1 << 4));
		dsa_model_mmio_write32(m, w + DSA_WQCFG_MAX, 21 | (8 << 5));
	}
	cmd(m, DSA_CMD_ENABLE_DEVICE, 0);
	for (i = 0; i < threads; i++)
		cmd(m, DSA_CMD_ENABLE_WQ, i);
	return m;
}

static unsigned int
batch_size(size_t size)
{
	size_t n = WORKSET / size;

	return n > MAX_BATCH ? MAX_BATCH : n < 2 ? 2 : (unsigned int)n;
}

static void
lane_init(struct lane *l, unsigned int wq, size_t size)
{
	unsigned int nb = batch_size(size), b, i;

	l->wq = wq;
	l->src = xalloc((size_t)nb * size);
	l->dst = xalloc((size_t)nb * size);
	l->crs = xalloc(INFLIGHT * 32);
	l->member_cr = xalloc(32 * MAX_BATCH);
	l->slot = 0;
	for (b = 0; b < INFLIGHT; b++) {
		l->lists[b] = xalloc((size_t)nb * sizeof(struct dsa_hw_desc));
		memset(l->lists[b], 0, (size_t)nb * sizeof(struct dsa_hw_desc));
		for (i = 0; i < nb; i++) {
			struct dsa_hw_desc *d = &l->lists[b][i];

			d->opcode = DSA_OPCODE_MEMMOVE;
			d->flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_CC;
			d->completion_addr = (uintptr_t)&l->member_cr[i];
			d->src_addr = (uintptr_t)(l->src + (size_t)i * size);
			d->dst_addr = (uintptr_t)(l->dst + (size_t)i * size);
			d->xfer_size = (uint32_t)size;
		}
	}
}

static void
lane_free(struct lane *l)
{
	unsigned int b;

	for (b = 0; b < INFLIGHT; b++)
		free(l->lists[b]);
	free(l->src);
	free(l->dst);
	free(l->crs);
	free(l->member_cr);
}

static void
submit_batch(struct dsa_model *m, struct lane *l, unsigned int b, unsigned int nb)
{
	struct dsa_hw_desc d;

	memset(&d, 0, sizeof(d));
	d.opcode = DSA_OPCODE_BATCH;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	d.completion_addr = (uintptr_t)&l->crs[b];
	d.desc_list_addr = (uintptr_t)l->lists[b];
	d.desc_count = nb;
	l->crs[b].status = 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	dsa_model_movdir64b(m, DSA_PORTAL_OFFSET(l->wq, 0, 0) + l->slot, &d);
	l->slot = (l->slot + DSA_PORTAL_SLOT_SIZE) % DSA_PORTAL_PAGE_SIZE;
}

/* Returns descriptors completed per second; *gbps gets bytes/s / 1e9. */
static double
run_model(unsigned int threads, size_t size, double secs, double *gbps)
{
	struct dsa_model *m = setup(threads);
	struct lane lanes[2];
	unsigned int nb = batch_size(size), t, b;
	uint64_t descs = 0;
	double t0, el;

	for (t = 0; t < threads; t++) {
		lane_init(&lanes[t], t, size);
		for (b = 0; b < INFLIGHT; b++)
			submit_batch(m, &lanes[t], b, nb);
	}
	t0 = now_s();
	do {
		bool idle = true;

		for (t = 0; t < threads; t++) {
			for (b = 0; b < INFLIGHT; b++) {
				uint8_t st = __atomic_load_n(&lanes[t].crs[b].status,
							     __ATOMIC_ACQUIRE);

				if (st == 0)
					continue;
				if (st != DSA_COMP_SUCCESS) {
					fprintf(stderr, "batch status 0x%x\n", st);
					exit(1);
				}
				descs += nb;
				idle = false;
				submit_batch(m, &lanes[t], b, nb);
			}
		}
		if (idle)
			sched_yield(); /* 2 engine threads may share the cores with us */
		el = now_s() - t0;
	} while (el < secs);
	/* let in-flight batches finish before freeing their memory */
	cmd(m, DSA_CMD_DRAIN_ALL, 0);
	dsa_model_destroy(m);
	for (t = 0; t < threads; t++)
		lane_free(&lanes[t]);
	*gbps = (double)descs * (double)size / el / 1e9;
	return (double)descs / el;
}

static double
run_memcpy(size_t size, double secs)
{
	unsigned int nb = batch_size(size), i;
	uint8_t *src = xalloc((size_t)nb * size), *dst = xalloc((size_t)nb * size);
	uint64_t bytes = 0;
	double t0 = now_s(), el;

	do {
		for (i = 0; i < nb; i++)
			memcpy(dst + (size_t)i * size, src + (size_t)i * size, size);
		__asm__ volatile("" : : "r"(dst) : "memory");
		bytes += (uint64_t)nb * size;
		el = now_s() - t0;
	} while (el < secs);
	free(src);
	free(dst);
	return (double)bytes / el / 1e9;
}

int
main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0.3;
	size_t only = argc > 2 ? (size_t)atol(argv[2]) : 0, size;

	if (secs <= 0 || (argc > 2 && (only < 64 || only > (1u << 20)))) {
		fprintf(stderr, "usage: %s [seconds per point] [size 64..1048576]\n", argv[0]);
		return 2;
	}
	printf("%-8s %10s | %9s %12s | %9s %12s | %7s\n", "size", "memcpy", "model-1t",
	       "desc/s-1t", "model-2t", "desc/s-2t", "1t/cpy");
	printf("%-8s %10s | %9s %12s | %9s %12s | %7s\n", "", "GB/s", "GB/s", "", "GB/s", "",
	       "");
	for (size = only ? only : 64; size <= (only ? only : (1u << 20)); size *= 4) {
		double cpy = run_memcpy(size, secs), g1, g2;
		double d1 = run_model(1, size, secs, &g1);
		double d2 = run_model(2, size, secs, &g2);

		printf("%-8zu %10.2f | %9.2f %12.0f | %9.2f %12.0f | %7.2f\n", size, cpy, g1, d1,
		       g2, d2, g1 / cpy);
		fflush(stdout);
	}
	return 0;
}
