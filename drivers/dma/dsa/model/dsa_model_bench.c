/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-model-bench: memmove throughput of the DSA model, 64 B to 1 MiB, with
 * one and two engine threads, beside plain memcpy on the same buffers with
 * the same sizes. Descriptors go in batches (members with CRAV and no RCR,
 * as a poll-mode driver submits them); the batch records are polled.
 *
 * Cache state: each lane copies the same src/dst buffers over and over
 * (batch size x transfer size each, at most 1 MiB), and memcpy runs on lane
 * 0's buffers right before the model does, so both start warm.
 * Each point is run @reps times and the best figure is kept, because the
 * machine may be shared.
 *
 *   dsa-model-bench [seconds per point, default 0.3] [size: only this one]
 *                   [repetitions, default 3]
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
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double
now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU seconds used by the other threads of the process: the engines. */
static double
engines_cpu_s(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID) - clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* One measurement: wall-clock rates, and rates per CPU second of the
 * threads that did the work (robust when other jobs share the cores). */
struct rate {
	double gbps, descs, gbps_cpu, descs_cpu;
};

static void
rate_max(struct rate *best, const struct rate *r)
{
	best->gbps = r->gbps > best->gbps ? r->gbps : best->gbps;
	best->descs = r->descs > best->descs ? r->descs : best->descs;
	best->gbps_cpu = r->gbps_cpu > best->gbps_cpu ? r->gbps_cpu : best->gbps_cpu;
	best->descs_cpu = r->descs_cpu > best->descs_cpu ? r->descs_cpu : best->descs_cpu;
}

static void
rate_set(struct rate *r, uint64_t descs, size_t size, double wall, double cpu)
{
	r->descs = (double)descs / wall;
	r->gbps = r->descs * (double)size / 1e9;
	r->descs_cpu = cpu > 0 ? (double)descs / cpu : 0;
	r->gbps_cpu = r->descs_cpu * (double)size / 1e9;
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

static void
run_model(struct lane *lanes, unsigned int threads, size_t size, double secs,
	  struct rate *rt)
{
	struct dsa_model *m = setup(threads);
	unsigned int nb = batch_size(size), t, b;
	uint64_t descs = 0;
	double t0, el, cpu0;

	for (t = 0; t < threads; t++) {
		lanes[t].slot = 0;
		for (b = 0; b < INFLIGHT; b++)
			submit_batch(m, &lanes[t], b, nb);
	}
	t0 = now_s();
	cpu0 = engines_cpu_s();
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
	rate_set(rt, descs, size, el, engines_cpu_s() - cpu0);
	/* let in-flight batches finish before the next run reuses the lanes */
	cmd(m, DSA_CMD_DRAIN_ALL, 0);
	dsa_model_destroy(m);
}

/* memcpy of the same transfers, on lane @l's buffers, in this thread */
static void
run_memcpy(const struct lane *l, size_t size, double secs, struct rate *rt)
{
	unsigned int nb = batch_size(size), i;
	uint64_t n = 0;
	double t0 = now_s(), cpu0 = clock_s(CLOCK_THREAD_CPUTIME_ID), el;

	do {
		for (i = 0; i < nb; i++)
			memcpy(l->dst + (size_t)i * size, l->src + (size_t)i * size, size);
		__asm__ volatile("" : : "r"(l->dst) : "memory");
		n += nb;
		el = now_s() - t0;
	} while (el < secs);
	rate_set(rt, n, size, el, clock_s(CLOCK_THREAD_CPUTIME_ID) - cpu0);
}

int
main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0.3;
	size_t only = argc > 2 ? (size_t)atol(argv[2]) : 0, size;
	int reps = argc > 3 ? atoi(argv[3]) : 3, r;

	if (secs <= 0 || reps < 1 || (only != 0 && (only < 64 || only > (1u << 20)))) {
		fprintf(stderr, "usage: %s [seconds per point] [size 64..1048576, 0: all] "
			"[repetitions]\n", argv[0]);
		return 2;
	}
	printf("best of %d runs of %.2f s; memcpy on the model's buffers, warm.\n"
	       "wall: per elapsed second; cpu: per CPU second of the copying threads\n"
	       "(the engine threads, or the memcpy thread).\n", reps, secs);
	printf("%-8s %8s %8s | %8s %8s %10s %10s | %8s %10s | %5s %5s\n", "size",
	       "memcpy", "memcpy", "model1t", "model1t", "desc/s", "desc/s", "model2t",
	       "desc/s", "1t/", "1t/");
	printf("%-8s %8s %8s | %8s %8s %10s %10s | %8s %10s | %5s %5s\n", "", "GB/s",
	       "GB/cpu-s", "GB/s", "GB/cpu-s", "wall", "per cpu-s", "GB/s", "wall",
	       "cpy", "cpy");
	printf("%-8s %8s %8s | %8s %8s %10s %10s | %8s %10s | %5s %5s\n", "", "", "", "",
	       "", "", "", "", "", "wall", "cpu");
	for (size = only ? only : 64; size <= (only ? only : (1u << 20)); size *= 4) {
		struct lane lanes[2];
		struct rate cpy = { 0 }, m1 = { 0 }, m2 = { 0 }, rt;

		lane_init(&lanes[0], 0, size);
		lane_init(&lanes[1], 1, size);
		for (r = 0; r < reps; r++) {
			run_memcpy(&lanes[0], size, secs, &rt);
			rate_max(&cpy, &rt);
			run_model(lanes, 1, size, secs, &rt);
			rate_max(&m1, &rt);
			run_model(lanes, 2, size, secs, &rt);
			rate_max(&m2, &rt);
		}
		lane_free(&lanes[0]);
		lane_free(&lanes[1]);
		printf("%-8zu %8.2f %8.2f | %8.2f %8.2f %10.0f %10.0f | %8.2f %10.0f | "
		       "%5.2f %5.2f\n", size, cpy.gbps, cpy.gbps_cpu, m1.gbps, m1.gbps_cpu,
		       m1.descs, m1.descs_cpu, m2.gbps, m2.descs, m1.gbps / cpy.gbps,
		       m1.gbps_cpu / cpy.gbps_cpu);
		fflush(stdout);
	}
	return 0;
}
