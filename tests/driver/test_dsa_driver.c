/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Driver tests of the DSA dmadev on the software model: flow control against
 * a slow device, -ENOSPC from the enqueue itself, job-id wrap-around, errors
 * inside a batch with and without fence, device halt during traffic, close
 * with work in flight, several lcores on one shared WQ, and the
 * fault-injection devargs.
 *
 * usage: test_dsa_driver [TEST...]   (default: all)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#include "dma_test.h"
#include "dsa_hw.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"

#define WAIT_S 20 /* generous: the machine may be loaded */
#define BUF_LEN 4096

/* Device under test per test; each test has its own model vdev */
static const char *const eal_vdevs[] = {
	"--vdev=dma_dsa_model_fc,wq_size=4,threads=1",
	"--vdev=dma_dsa_model_nospc,wq_size=4,threads=1",
	"--vdev=dma_dsa_model_sgsmall,wq_size=1,max_batch=2,threads=1",
	"--vdev=dma_dsa_model_sgspan,wq_size=1,max_batch=32,threads=1",
	"--vdev=dma_dsa_model_wrap",
	"--vdev=dma_dsa_model_err",
	"--vdev=dma_dsa_model_halt,wq_size=8",
	"--vdev=dma_dsa_model_close,wq_size=8",
	"--vdev=dma_dsa_model_swq,wq_mode=shared,wq_users=2,wq_size=4",
	"--vdev=dma_dsa_model_swqhalt,wq_mode=shared,wq_size=4",
	/* one engine thread: descriptors run, and count, in submission order */
	"--vdev=dma_dsa_model_fault_dst,threads=1,fault_every=5,fault_offset=100",
	"--vdev=dma_dsa_model_fault_src,threads=1,fault_every=3,fault_on=src",
	"--vdev=dma_dsa_model_recover,wqs=2,wq_size=8,threads=1",
	"--vdev=dma_dsa_model_duo,wqs=2,wq_size=8",
	("--vdev=dma_dsa_model_retry,wqs=2,wq_mode=shared:dedicated,wq_users=2:1,wq_size=2:8,"
	 "threads=1"),
};

static int
setup(int16_t id, uint16_t nb_desc)
{
	return dma_test_start(id, nb_desc, true); /* model devices use process addresses */
}

static uint8_t *
alloc_buf(size_t len, uint8_t seed)
{
	uint8_t *p = rte_malloc(NULL, len, 64);
	size_t i;

	if (p == NULL) {
		printf("FAIL: out of memory\n");
		exit(1);
	}
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7);
	return p;
}

/* Collect N statuses (from job LAST+1 on), failing after WAIT_S seconds */
static int
collect(int16_t id, unsigned int n, enum rte_dma_status_code *st, uint16_t *last)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	unsigned int got = 0;

	while (got < n) {
		uint16_t k = rte_dma_completed_status(id, 0, (uint16_t)RTE_MIN(n - got, 512u),
						      last, st + got);

		got += k;
		if (k == 0) {
			CHECK(rte_get_timer_cycles() < end, "only %u of %u completions", got, n);
			rte_pause();
		}
	}
	return 0;
}

/* Collect N statuses, failing unless all of them are successful */
static int
collect_successes(int16_t id, unsigned int n)
{
	enum rte_dma_status_code st[256];
	unsigned int i;

	CHECK(n <= RTE_DIM(st) && collect(id, n, st, NULL) == 0, "collect %u", n);
	for (i = 0; i < n; i++)
		CHECK(st[i] == RTE_DMA_STATUS_SUCCESSFUL, "job %u status %d", i, st[i]);
	return 0;
}

/* Fails if WQ 0 of model M dropped a descriptor (more than its size sent) */
static int
check_no_drop(struct dsa_model *m)
{
	struct dsa_model_wq_stats ws;

	CHECK(dsa_model_wq_stats(m, 0, &ws) == 0 && ws.dropped == 0,
	      "the model dropped %" PRIu64 " descriptors", ws.dropped);
	return 0;
}

static int
check_idle(int16_t id)
{
	enum rte_dma_status_code st;
	uint16_t last;

	CHECK(rte_dma_completed_status(id, 0, 1, &last, &st) == 0, "extra completion");
	return 0;
}

/* Descriptors WQ 0 of model M has accepted so far */
static uint64_t
wq_accepted(struct dsa_model *m)
{
	struct dsa_model_wq_stats ws;

	return dsa_model_wq_stats(m, 0, &ws) == 0 ? ws.submitted : UINT64_MAX;
}

/*
 * Flow control: with the engine stalled, the driver sends no more units than
 * the WQ's size (4) and holds the rest, rather than overfill the dedicated
 * WQ, which drops descriptors; the held units go as completions are polled.
 * The capacity stays the ring's: a small WQ limits what is in flight only.
 */
static int
test_flow_control(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_fc");
	int16_t id = dma_test_dev_id("dma_dsa_model_fc-wq0");
	uint8_t *src = alloc_buf(BUF_LEN, 1), *dst = alloc_buf(BUF_LEN * 64, 0);
	unsigned int jobs = 0, units, i, round;
	uint64_t before;

	CHECK(m != NULL && setup(id, 256) == 0, "setup");
	for (round = 0; round < 8; round++) {
		CHECK(dsa_model_inject_engine_stall(m, 0, 50000) == 0, "stall");
		before = wq_accepted(m);
		/* units of 1 and 3 ops: each takes one WQ entry */
		for (units = 0; units < 8; units++) {
			unsigned int ops = units % 2 ? 3 : 1;

			CHECK(rte_dma_burst_capacity(id, 0) >= ops, "capacity below the ring's");
			for (i = 0; i < ops; i++, jobs++)
				CHECK(rte_dma_copy(id, 0, iova(src),
						   iova(dst + (jobs % 64) * BUF_LEN), BUF_LEN,
						   0) >= 0, "copy");
			rte_dma_submit(id, 0);
		}
		CHECK(wq_accepted(m) - before == 4, "%" PRIu64 " units sent to a WQ of size 4",
		      wq_accepted(m) - before);
		CHECK(collect_successes(id, jobs) == 0, "round %u", round);
		CHECK(wq_accepted(m) - before == 8, "held units not all sent");
		jobs = 0;
	}
	CHECK(check_no_drop(m) == 0, "flow control");
	CHECK(memcmp(src, dst, BUF_LEN) == 0, "data");
	rte_free(src);
	rte_free(dst);
	return 0;
}

/*
 * rte_dma_copy refuses by itself what does not fit (-ENOSPC): never while
 * burst_capacity still promised room, without taking a job id, and only
 * once the ring is full, however small the WQ.
 */
static int
test_copy_enospc(void)
{
	const unsigned int ring = 256;
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_nospc");
	int16_t id = dma_test_dev_id("dma_dsa_model_nospc-wq0");
	uint8_t *src = alloc_buf(BUF_LEN, 4), *dst = alloc_buf(BUF_LEN, 0);
	unsigned int jobs, units, round, k, cap;
	uint16_t next = 0;
	bool full;
	int ret;

	CHECK(m != NULL && setup(id, ring) == 0, "setup");
	for (round = 0; round < 8; round++) {
		CHECK(dsa_model_inject_engine_stall(m, 0, 50000) == 0, "stall");
		/* units of 3 ops, enqueued without asking for the capacity first */
		for (units = 0, jobs = 0, full = false; !full; units++) {
			cap = rte_dma_burst_capacity(id, 0);
			for (k = 0; k < 3; k++) {
				ret = rte_dma_copy(id, 0, iova(src), iova(dst), BUF_LEN, 0);
				if (ret == -ENOSPC) {
					CHECK(k >= cap, "refused with %u more promised", cap - k);
					full = true;
					break;
				}
				CHECK(ret == next, "got id %d, expected %u", ret, next);
				next++;
				jobs++;
			}
			rte_dma_submit(id, 0);
		}
		CHECK(jobs == ring, "refused after %u jobs in a ring of %u", jobs, ring);
		CHECK(collect_successes(id, jobs) == 0, "round %u", round);
	}
	CHECK(check_no_drop(m) == 0, "-ENOSPC");
	CHECK(memcmp(src, dst, BUF_LEN) == 0, "data");
	rte_free(src);
	rte_free(dst);
	return 0;
}

/*
 * Model devargs the machine or the preset cannot honour are refused at
 * probe, naming the devarg and the value; the boundaries are accepted.
 */
static int
test_model_refusals(void)
{
	const char *name = "dma_dsa_model_bad";
	char args[64], needle[64];
	long cpus = sysconf(_SC_NPROCESSORS_CONF);

	snprintf(args, sizeof(args), "engine_cpus=0:%ld", cpus);
	snprintf(needle, sizeof(needle), "engine_cpus: CPU %ld does not exist", cpus);
	CHECK(dma_test_expect_refused(name, args, needle) == 0, "a CPU past the last");
	CHECK(dma_test_expect_refused(name, "threads=5",
				      "threads=5: above the 4 engines of preset spr") == 0,
	      "more threads than engines");
	snprintf(args, sizeof(args), "threads=4,engine_cpus=0-%ld", cpus - 1);
	CHECK(rte_vdev_init(name, args) == 0, "%s refused", args);
	CHECK(rte_vdev_uninit(name) == 0, "remove");
	return 0;
}

/*
 * On a WQ of one entry with batches of two, a scatter-gather copy of seven
 * descriptors spans four units, sent one at a time: it completes as one job
 * with its data, and a fault in its fifth descriptor fails that job alone,
 * reported once, while the copies around it succeed.
 */
static int
test_sg_small_wq(void)
{
	int16_t id = dma_test_dev_id("dma_dsa_model_sgsmall-wq0");
	uint8_t *src = alloc_buf(1024, 5), *dst = alloc_buf(2048, 0);
	/* cuts at 100, 200, 300, 400 (source) and 150, 350 (destination): 7 pieces */
	struct rte_dma_sge s[5] = {
		{ iova(src), 100 }, { iova(src + 100), 100 }, { iova(src + 200), 100 },
		{ iova(src + 300), 100 }, { iova(src + 400), 112 },
	};
	struct rte_dma_sge d[3] = {
		{ iova(dst), 150 }, { iova(dst + 150), 200 }, { iova(dst + 350), 162 },
	};
	enum rte_dma_status_code st[3];
	uint16_t last;

	CHECK(setup(id, 64) == 0, "setup");
	CHECK(rte_dma_copy_sg(id, 0, s, d, 5, 3, RTE_DMA_OP_FLAG_SUBMIT) == 0, "sg copy");
	CHECK(collect_successes(id, 1) == 0, "sg job");
	CHECK(memcmp(src, dst, 512) == 0, "sg data");
	memset(dst, 0, 2048);
	s[3].addr = 0; /* the fifth descriptor (bytes 350-400) reads page 0 */
	CHECK(rte_dma_copy(id, 0, iova(src), iova(dst + 1024), 64, 0) == 1, "copy before");
	CHECK(rte_dma_copy_sg(id, 0, s, d, 5, 3, 0) == 2, "faulting sg copy");
	CHECK(rte_dma_copy(id, 0, iova(src), iova(dst + 1536), 64, RTE_DMA_OP_FLAG_SUBMIT) == 3,
	      "copy after");
	CHECK(collect(id, 3, st, &last) == 0 && last == 3, "collect");
	CHECK(st[0] == RTE_DMA_STATUS_SUCCESSFUL && st[1] == RTE_DMA_STATUS_PAGE_FAULT &&
	      st[2] == RTE_DMA_STATUS_SUCCESSFUL, "statuses %d %d %d", st[0], st[1], st[2]);
	CHECK(memcmp(src, dst + 1024, 64) == 0 && memcmp(src, dst + 1536, 64) == 0,
	      "the copies around the faulting job");
	CHECK(memcmp(src, dst, 300) == 0, "the pieces before the fault");
	CHECK(check_idle(id) == 0, "idle");
	rte_free(src);
	rte_free(dst);
	return 0;
}

/*
 * A job spanning two units keeps the first unit from retiring until the
 * second completes, while the first unit's other jobs are reported at once.
 * The ring slots of that unit are not free before it retires (retiring
 * clears their continuation marks and records): ops enqueued meanwhile must
 * not take them. Here unit 1 is 31 copies and the first piece of a
 * scatter-gather copy, unit 2 its second piece, held by the WQ of one entry
 * until unit 1 completes; then scatter-gather copies fill what the ring
 * offers. Every job is reported once, with its data.
 */
static int
test_sg_span_reuse(void)
{
	int16_t id = dma_test_dev_id("dma_dsa_model_sgspan-wq0");
	uint8_t *src = alloc_buf(256, 7), *dst = alloc_buf(64 * 256, 0);
	struct rte_dma_sge s[2] = { { iova(src), 100 }, { iova(src + 100), 28 } };
	enum rte_dma_status_code st[64];
	unsigned int jobs, i, attempt, got;
	struct rte_dma_sge d;
	uint16_t last;

	for (attempt = 0; attempt < 100; attempt++) {
		/* from descriptor 0: the first unit is the 32 before the ring wraps */
		CHECK((attempt == 0 || rte_dma_stop(id) == 0) && setup(id, 64) == 0, "setup");
		memset(dst, 0, 64 * 256);
		for (i = 0; i < 31; i++)
			CHECK(rte_dma_copy(id, 0, iova(src), iova(dst + i * 256), 128, 0) >= 0,
			      "copy");
		d = (struct rte_dma_sge){ iova(dst + 31 * 256), 128 };
		CHECK(rte_dma_copy_sg(id, 0, s, &d, 2, 1, RTE_DMA_OP_FLAG_SUBMIT) >= 0, "sg");
		got = 0;
		while (got < 31)
			got += rte_dma_completed_status(id, 0, 31 - got, &last, st);
		/* the spanning job still out: the ring holds 33 descriptors */
		jobs = 32;
		if (rte_dma_completed_status(id, 0, 1, &last, st) == 0) {
			EXPECT(rte_dma_burst_capacity(id, 0) <= 64 - 33,
			      "capacity %u counts the slots of a unit not retired",
			      rte_dma_burst_capacity(id, 0));
		} else {
			got++;
		}
		for (i = 0; rte_dma_burst_capacity(id, 0) >= 2; i++, jobs++) {
			d = (struct rte_dma_sge){ iova(dst + (32 + i % 32) * 256), 128 };
			CHECK(rte_dma_copy_sg(id, 0, s, &d, 2, 1, 0) >= 0, "sg %u", i);
		}
		rte_dma_submit(id, 0);
		CHECK(collect(id, jobs - got, st, &last) == 0, "collect");
		for (i = 0; i < jobs - got; i++)
			CHECK(st[i] == RTE_DMA_STATUS_SUCCESSFUL, "job %u: status %d", i, st[i]);
		CHECK(check_idle(id) == 0, "more jobs reported than enqueued");
		for (i = 0; i < RTE_MIN(jobs, 64u); i++)
			CHECK(memcmp(src, dst + i * 256, 128) == 0, "data of job %u", i);
	}
	rte_free(src);
	rte_free(dst);
	return 0;
}

/* Ids run on through uint16 wrap-around, each reported exactly once */
static int
test_job_id_wrap(void)
{
	int16_t id = dma_test_dev_id("dma_dsa_model_wrap-wq0");
	uint8_t *src = alloc_buf(256, 3), *dst = alloc_buf(256 * 2, 0);
	const unsigned int bursts[] = { 1, 7, 32, 3, 31 };
	uint32_t next = 0, reported = 0, b = 0;
	uint16_t last = 0, n;
	bool err;

	CHECK(setup(id, 64) == 0, "setup");
	while (reported < 3 * 65536u + 100) {
		unsigned int k = bursts[b++ % RTE_DIM(bursts)], i;

		for (i = 0; i < k && rte_dma_burst_capacity(id, 0) > 1; i++) {
			int ret;

			if (next % 5 == 0) {
				struct rte_dma_sge s[2] = {
					{ iova(src), 100 }, { iova(src + 100), 28 },
				};
				struct rte_dma_sge d[1] = { { iova(dst + 256), 128 } };

				ret = rte_dma_copy_sg(id, 0, s, d, 2, 1, 0);
			} else {
				ret = rte_dma_copy(id, 0, iova(src), iova(dst), 256, 0);
			}
			CHECK(ret == (int)(uint16_t)next, "got id %d, expected %u", ret,
			      (uint16_t)next);
			next++;
		}
		rte_dma_submit(id, 0);
		n = rte_dma_completed(id, 0, 64, &last, &err);
		CHECK(!err, "error reported");
		reported += n;
		CHECK(reported <= next, "reported %u of %u submitted", reported, next);
		if (n)
			CHECK(last == (uint16_t)(reported - 1), "last %u after %u", last,
			      reported);
	}
	while (reported < next) {
		const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;

		n = rte_dma_completed(id, 0, 64, &last, &err);
		reported += n;
		CHECK(!err && rte_get_timer_cycles() < end, "drain");
	}
	CHECK(reported == next && last == (uint16_t)(next - 1), "final %u/%u", reported, next);
	CHECK(memcmp(src, dst, 256) == 0 && memcmp(src, dst + 256, 128) == 0, "data");
	CHECK(check_idle(id) == 0, "idle");
	rte_free(src);
	rte_free(dst);
	return 0;
}

#define ERR_BURST 16

/*
 * One batch of 16 copies, op 5 faulting on its source (and, with FENCE on op 8,
 * ops 8.. not attempted); also an invalid-length status injected by the device.
 */
static int
run_error_batch(int16_t id, struct dsa_model *m, bool fence)
{
	uint8_t *src = alloc_buf(BUF_LEN * ERR_BURST, 9), *dst = alloc_buf(BUF_LEN * ERR_BURST, 0);
	enum rte_dma_status_code st[ERR_BURST];
	uint16_t last, n, first = 0;
	unsigned int i;
	bool err;

	CHECK(dsa_model_inject_fault_range(m, 1, iova(src + 5 * BUF_LEN), BUF_LEN,
					   DSA_MODEL_DMA_READ) == 0, "inject fault");
	for (i = 0; i < ERR_BURST; i++) {
		int ret = rte_dma_copy(id, 0, iova(src + i * BUF_LEN), iova(dst + i * BUF_LEN),
				       BUF_LEN, fence && i == 8 ? RTE_DMA_OP_FLAG_FENCE : 0);

		CHECK(ret >= 0, "copy");
		if (i == 0)
			first = (uint16_t)ret;
	}
	rte_dma_submit(id, 0);
	rte_delay_ms(1);
	n = 0;
	for (i = 0; i < WAIT_S * 1000 && n < 5; i++) {
		n += rte_dma_completed(id, 0, ERR_BURST, &last, &err);
		if (n < 5)
			rte_delay_ms(1);
	}
	CHECK(n == 5, "completed() gave %u before the error, expected 5", n);
	CHECK(last == (uint16_t)(first + 4), "last %u", last);
	CHECK(rte_dma_completed(id, 0, ERR_BURST, &last, &err) == 0 && err,
	      "completed() must stop at the failed op and say so");
	CHECK(collect(id, ERR_BURST - 5, st, &last) == 0, "collect");
	dsa_model_remove_fault_range(m, 1, iova(src + 5 * BUF_LEN));
	CHECK(st[0] == RTE_DMA_STATUS_PAGE_FAULT, "op 5 status %d, expected page fault", st[0]);
	for (i = 6; i < ERR_BURST; i++) {
		enum rte_dma_status_code want = fence && i >= 8 ?
			RTE_DMA_STATUS_NOT_ATTEMPTED : RTE_DMA_STATUS_SUCCESSFUL;

		CHECK(st[i - 5] == want, "op %u status %d, expected %d", i, st[i - 5], want);
		if (want == RTE_DMA_STATUS_SUCCESSFUL)
			CHECK(memcmp(src + i * BUF_LEN, dst + i * BUF_LEN, BUF_LEN) == 0,
			      "data of op %u", i);
	}
	CHECK(check_idle(id) == 0, "idle");
	rte_free(src);
	rte_free(dst);
	return 0;
}

static int
test_batch_errors(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_err");
	int16_t id = dma_test_dev_id("dma_dsa_model_err-wq0");
	uint8_t *src = alloc_buf(64, 1), *dst = alloc_buf(64, 0);
	enum rte_dma_status_code st[2];
	struct rte_dma_stats stats;

	CHECK(m != NULL && setup(id, 128) == 0, "setup");
	CHECK(run_error_batch(id, m, false) == 0, "without fence");
	CHECK(run_error_batch(id, m, true) == 0, "with fence");
	/* the device's own verdict on a (single) descriptor reaches the application */
	CHECK(dsa_model_inject_desc_error(m, DSA_COMP_XFER_ERANGE, 1) == 0, "inject");
	CHECK(rte_dma_copy(id, 0, iova(src), iova(dst), 64, RTE_DMA_OP_FLAG_SUBMIT) >= 0, "copy");
	CHECK(rte_dma_copy(id, 0, iova(src), iova(dst), 64, RTE_DMA_OP_FLAG_SUBMIT) >= 0, "copy");
	CHECK(collect(id, 2, st, NULL) == 0, "collect");
	CHECK(st[0] == RTE_DMA_STATUS_INVALID_LENGTH && st[1] == RTE_DMA_STATUS_SUCCESSFUL,
	      "statuses %d %d", st[0], st[1]);
	CHECK(rte_dma_stats_get(id, 0, &stats) == 0 && stats.submitted == stats.completed &&
	      stats.errors == 1 + (1 + 8) + 1, "stats %" PRIu64 "/%" PRIu64 "/%" PRIu64,
	      stats.submitted, stats.completed, stats.errors);
	rte_free(src);
	rte_free(dst);
	return 0;
}

/* One copy of BUF_LEN bytes, submitted at once, succeeds and moves the data */
static int
copy_works(int16_t id, const uint8_t *src, uint8_t *dst)
{
	enum rte_dma_status_code st;

	memset(dst, 0, BUF_LEN);
	CHECK(rte_dma_copy(id, 0, iova(src), iova(dst), BUF_LEN, RTE_DMA_OP_FLAG_SUBMIT) >= 0,
	      "copy");
	CHECK(collect(id, 1, &st, NULL) == 0 && st == RTE_DMA_STATUS_SUCCESSFUL, "status %d", st);
	CHECK(memcmp(src, dst, BUF_LEN) == 0, "data");
	return 0;
}

/*
 * Halt of @reset_type with work queued: every job gets a status, and
 * stop/start leaves the halt by that reset and makes the device usable.
 */
static int
halt_and_recover(int16_t id, struct dsa_model *m, unsigned int reset_type, uint8_t *src,
		 uint8_t *dst)
{
	enum rte_dma_status_code st[256];
	unsigned int jobs = 0, ok = 0, i;
	enum rte_dma_vchan_status vs;

	CHECK(dsa_model_inject_engine_stall(m, 0, 100000) == 0, "stall");
	for (i = 0; i < 8; i++) {
		while (rte_dma_burst_capacity(id, 0) > 0 && jobs < (i + 1) * 20) {
			CHECK(rte_dma_copy(id, 0, iova(src), iova(dst), BUF_LEN, 0) >= 0, "copy");
			jobs++;
		}
		rte_dma_submit(id, 0);
	}
	CHECK(dsa_model_inject_halt(m, reset_type) == 0, "halt");
	CHECK(collect(id, jobs, st, NULL) == 0, "every job must be reported after a halt");
	for (i = 0; i < jobs; i++) {
		ok += st[i] == RTE_DMA_STATUS_SUCCESSFUL;
		CHECK(st[i] == RTE_DMA_STATUS_SUCCESSFUL ||
		      st[i] == RTE_DMA_STATUS_ERROR_UNKNOWN ||
		      st[i] == RTE_DMA_STATUS_NOT_ATTEMPTED, "job %u: status %d", i, st[i]);
	}
	CHECK(ok < jobs, "all %u jobs succeeded although the device halted", jobs);
	CHECK(rte_dma_vchan_status(id, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_HALTED_ERROR,
	      "vchan status %d, expected halted", vs);
	CHECK(rte_dma_stop(id) == 0, "stop");
	CHECK(rte_dma_start(id) == 0, "start after a halt of reset type %u", reset_type);
	CHECK(copy_works(id, src, dst) == 0, "copy after recovery (reset type %u)", reset_type);
	return 0;
}

/*
 * Halts that RESET_DEVICE ends, then one that needs a function-level reset
 * (the model refuses RESET_DEVICE there), then one that only the platform
 * can end: start fails and the device stays halted.
 */
static int
test_halt(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_halt");
	int16_t id = dma_test_dev_id("dma_dsa_model_halt-wq0");
	uint8_t *src = alloc_buf(BUF_LEN, 5), *dst = alloc_buf(BUF_LEN, 0);
	enum rte_dma_vchan_status vs;

	CHECK(m != NULL && setup(id, 256) == 0, "setup");
	CHECK(halt_and_recover(id, m, DSA_RESET_SOFTWARE, src, dst) == 0, "software reset");
	CHECK(halt_and_recover(id, m, DSA_RESET_FLR, src, dst) == 0, "function-level reset");
	CHECK(dsa_model_inject_halt(m, DSA_RESET_WARM) == 0, "halt (warm reset)");
	CHECK(rte_dma_stop(id) == 0, "stop");
	CHECK(rte_dma_start(id) == -EIO, "start after a halt that needs a warm reset");
	CHECK(rte_dma_vchan_status(id, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_HALTED_ERROR,
	      "vchan status %d, expected still halted", vs);
	rte_free(src);
	rte_free(dst);
	return 0;
}

/* Stop and close with work in flight: no crash, no use of freed rings */
static int
test_close_in_flight(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_close");
	int16_t id = dma_test_dev_id("dma_dsa_model_close-wq0");
	uint8_t *src = alloc_buf(BUF_LEN, 5), *dst = alloc_buf(BUF_LEN, 0);
	struct dsa_model_wq_stats ws;
	unsigned int i;

	CHECK(m != NULL && setup(id, 64) == 0, "setup");
	CHECK(dsa_model_inject_engine_stall(m, 0, 200000) == 0, "stall");
	for (i = 0; i < 40; i++)
		CHECK(rte_dma_copy(id, 0, iova(src), iova(dst), BUF_LEN,
				   i % 10 == 9 ? RTE_DMA_OP_FLAG_SUBMIT : 0) >= 0, "copy");
	CHECK(rte_dma_stop(id) == 0, "stop with work in flight");
	CHECK(rte_dma_close(id) == 0, "close");
	CHECK(rte_dma_get_dev_id_by_name("dma_dsa_model_close-wq0") < 0, "still there");
	CHECK(dsa_model_wq_stats(m, 0, &ws) == 0 && ws.executed == 40 && ws.dropped == 0,
	      "model executed %" PRIu64 ", dropped %" PRIu64, ws.executed, ws.dropped);
	rte_free(src);
	rte_free(dst);
	return 0;
}

/*
 * A halt that one dmadev recovers from, seen by its neighbour on another WQ:
 * the halted vchan says so at once, the software error the device logged is
 * read and cleared (SWERR valid is RW1C) by the recovery, and work the
 * neighbour sends after the reset completes although that dmadev was never
 * restarted (the reset loses only what was sent before it).
 */
static int
test_recovery_neighbour(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_recover");
	int16_t a = dma_test_dev_id("dma_dsa_model_recover-wq0");
	int16_t b = dma_test_dev_id("dma_dsa_model_recover-wq1");
	uint8_t *src = alloc_buf(BUF_LEN, 7), *dst = alloc_buf(BUF_LEN, 0);
	enum rte_dma_status_code st[4];
	enum rte_dma_vchan_status vs;
	unsigned int i;

	CHECK(m != NULL && setup(a, 64) == 0 && setup(b, 64) == 0, "setup");
	CHECK(dsa_model_inject_engine_stall(m, 0, 200000) == 0, "stall");
	for (i = 0; i < 4; i++)
		CHECK(rte_dma_copy(a, 0, iova(src), iova(dst), BUF_LEN, 0) >= 0, "copy");
	rte_dma_submit(a, 0);
	/* bus mastering lost under an enabled device: SWERR, then halt */
	dsa_model_set_bus_master(m, false);
	CHECK(dsa_model_mmio_read64(m, DSA_REG_SWERR) & DSA_SWERR_VALID, "no SWERR logged");
	CHECK(rte_dma_vchan_status(a, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_HALTED_ERROR,
	      "vchan status %d with work in flight on a halted device", vs);
	CHECK(collect(a, 4, st, NULL) == 0, "every job must be reported after a halt");
	dsa_model_set_bus_master(m, true);
	CHECK(rte_dma_stop(a) == 0 && rte_dma_start(a) == 0, "recovery by stop/start");
	CHECK((dsa_model_mmio_read64(m, DSA_REG_SWERR) & DSA_SWERR_VALID) == 0,
	      "SWERR still valid after the recovery: never read and cleared");

	CHECK(dsa_model_inject_engine_stall(m, 0, 100000) == 0, "stall");
	CHECK(copy_works(b, src, dst) == 0, "neighbour's copy sent after the reset");
	rte_free(src);
	rte_free(dst);
	return 0;
}

struct restart_arg {
	int16_t id;
	volatile int *go;
	int ret;
};

/* Stop and start a dmadev as soon as the other lcore is ready too */
static int
restart_on_go(void *p)
{
	struct restart_arg *a = p;

	__atomic_fetch_add(a->go, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(a->go, __ATOMIC_SEQ_CST) < 2)
		rte_pause();
	a->ret = rte_dma_stop(a->id);
	if (a->ret == 0)
		a->ret = rte_dma_start(a->id);
	return 0;
}

/*
 * Two lcores restart their dmadevs of one halted device at the same time,
 * as each would after seeing the halt: one start resets the device, the
 * other finds it working (it does not reset it again), both succeed and
 * both WQs copy.
 */
static int
test_concurrent_recovery(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_duo");
	struct restart_arg a = { dma_test_dev_id("dma_dsa_model_duo-wq0"), NULL, -1 };
	struct restart_arg b = { dma_test_dev_id("dma_dsa_model_duo-wq1"), NULL, -1 };
	uint8_t *src = alloc_buf(BUF_LEN, 9), *dst = alloc_buf(BUF_LEN, 0);
	const unsigned int reset_types[] = { DSA_RESET_SOFTWARE, DSA_RESET_FLR };
	unsigned int worker = rte_get_next_lcore(-1, 1, 0), round;
	volatile int go;

	CHECK(worker < RTE_MAX_LCORE, "needs two lcores (-l 0-1)");
	CHECK(m != NULL && setup(a.id, 64) == 0 && setup(b.id, 64) == 0, "setup");
	a.go = b.go = &go;
	for (round = 0; round < 1000; round++) {
		go = 0;
		CHECK(dsa_model_inject_halt(m, reset_types[round % 2]) == 0, "halt");
		CHECK(rte_eal_remote_launch(restart_on_go, &b, worker) == 0, "launch");
		restart_on_go(&a);
		rte_eal_wait_lcore(worker);
		CHECK(a.ret == 0 && b.ret == 0, "round %u: restarts returned %d and %d", round,
		      a.ret, b.ret);
		CHECK(copy_works(a.id, src, dst) == 0 && copy_works(b.id, src, dst) == 0,
		      "round %u: copies after the recovery", round);
	}
	rte_free(src);
	rte_free(dst);
	return 0;
}

struct held_submit {
	int16_t id;
	const uint8_t *src;
	uint8_t *dst;
	volatile int done;
	int ret;
};

/* ENQCMD refusals WQ 0 of model M has counted */
static uint64_t
wq_refused(struct dsa_model *m)
{
	struct dsa_model_wq_stats ws;

	return dsa_model_wq_stats(m, 0, &ws) == 0 ? ws.refused : 0;
}

/* One copy, submitted at once: the WQ is full, so the submit spins on refusals */
static int
submit_refused(void *p)
{
	struct held_submit *h = p;

	h->ret = rte_dma_copy(h->id, 0, iova(h->src), iova(h->dst), 64, RTE_DMA_OP_FLAG_SUBMIT);
	h->done = 1;
	return 0;
}

/*
 * A submit to a full shared WQ retries its refused ENQCMD while the device
 * halts and another dmadev's start resets it. The copy gets in before the
 * reset (which drops it) or after it (it runs), or never: whatever
 * happens, a copy reported as failed must not run later, when its
 * buffers and its record slot may be in use again.
 */
static int
test_retry_across_reset(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_retry");
	int16_t a = dma_test_dev_id("dma_dsa_model_retry-wq0.0");
	int16_t b = dma_test_dev_id("dma_dsa_model_retry-wq0.1");
	int16_t c = dma_test_dev_id("dma_dsa_model_retry-wq1");
	uint8_t *src = alloc_buf(64, 3), *dst = alloc_buf(64 * 3, 0);
	struct held_submit h = { b, src, dst + 128, 0, -1 };
	unsigned int worker = rte_get_next_lcore(-1, 1, 0), round, sent_after = 0, retried = 0;
	enum rte_dma_status_code st[2];
	uint64_t refused;
	bool spun;

	CHECK(worker < RTE_MAX_LCORE, "needs two lcores (-l 0-1)");
	CHECK(m != NULL && setup(a, 64) == 0 && setup(b, 64) == 0 && setup(c, 64) == 0,
	      "setup");
	for (round = 0; round < 100; round++) {
		h.done = 0;
		memset(dst, 0, 64 * 3);
		CHECK(dsa_model_inject_engine_stall(m, 0, 20000) == 0, "stall");
		/* the WQ's two entries, taken by a */
		CHECK(rte_dma_copy(a, 0, iova(src), iova(dst), 64, RTE_DMA_OP_FLAG_SUBMIT) >= 0 &&
		      rte_dma_copy(a, 0, iova(src), iova(dst + 64), 64,
				   RTE_DMA_OP_FLAG_SUBMIT) >= 0, "copies filling the WQ");
		refused = wq_refused(m);
		CHECK(rte_eal_remote_launch(submit_refused, &h, worker) == 0, "launch");
		/* the engine may have taken one of a's copies: then b gets in */
		while (!h.done && wq_refused(m) == refused)
			rte_pause();
		spun = !h.done;
		CHECK(dsa_model_inject_halt(m, DSA_RESET_SOFTWARE) == 0, "halt");
		CHECK(rte_dma_stop(c) == 0 && rte_dma_start(c) == 0, "recovery through wq1");
		rte_eal_wait_lcore(worker);
		CHECK(h.ret >= 0, "copy");
		CHECK(collect(b, 1, st, NULL) == 0, "collect");
		retried += spun;
		if (st[0] == RTE_DMA_STATUS_SUCCESSFUL) {
			sent_after++;
			CHECK(memcmp(src, dst + 128, 64) == 0, "data");
		} else {
			/* past the stall: a copy reported lost must not run late */
			rte_delay_ms(40);
			CHECK(dst[128] == 0, "round %u: the copy reported with %d ran later",
			      round, st[0]);
		}
		CHECK(collect(a, 2, st, NULL) == 0, "the copies lost in the halt");
		CHECK(rte_dma_stop(a) == 0 && rte_dma_start(a) == 0 && rte_dma_stop(b) == 0 &&
		      rte_dma_start(b) == 0, "restart");
	}
	printf("retry_across_reset: %u submits retried across the halt, %u got in after the "
	       "reset\n", retried, sent_after);
	CHECK(retried > 0, "no submit was refused before the halt: nothing tested");
	rte_free(src);
	rte_free(dst);
	return 0;
}

#define SWQ_JOBS 20000

struct swq_worker {
	int16_t id;
	uint8_t seed;
	int result;
};

static int
swq_work(void *arg)
{
	struct swq_worker *w = arg;
	uint8_t *src = alloc_buf(512, w->seed), *dst = alloc_buf(512 * 32, 0);
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S * 3;
	unsigned int sent = 0, done = 0, i;
	uint16_t n;
	bool err;

	w->result = -1;
	while (done < SWQ_JOBS) {
		for (i = 0; i < 32 && sent < SWQ_JOBS && rte_dma_burst_capacity(w->id, 0); i++) {
			CHECK(rte_dma_copy(w->id, 0, iova(src), iova(dst + (sent % 32) * 512), 512,
					   0) >= 0, "copy");
			sent++;
		}
		rte_dma_submit(w->id, 0);
		n = rte_dma_completed(w->id, 0, 64, NULL, &err);
		CHECK(!err, "error on dmadev %d", w->id);
		done += n;
		CHECK(rte_get_timer_cycles() < end, "dmadev %d: %u of %u done", w->id, done, sent);
	}
	for (i = 0; i < 32; i++)
		CHECK(memcmp(src, dst + i * 512, 512) == 0, "data");
	rte_free(src);
	rte_free(dst);
	w->result = 0;
	return 0;
}

/* Two lcores, each with its own dmadev, on one shared WQ */
static int
test_shared_wq(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_swq");
	struct swq_worker w[2] = {
		{ dma_test_dev_id("dma_dsa_model_swq-wq0.0"), 11, -1 },
		{ dma_test_dev_id("dma_dsa_model_swq-wq0.1"), 22, -1 },
	};
	struct dsa_model_wq_stats ws;
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);

	CHECK(m != NULL && setup(w[0].id, 256) == 0 && setup(w[1].id, 256) == 0, "setup");
	CHECK(worker < RTE_MAX_LCORE, "needs two lcores (-l 0-1)");
	CHECK(rte_eal_remote_launch(swq_work, &w[1], worker) == 0, "launch");
	swq_work(&w[0]);
	rte_eal_wait_lcore(worker);
	CHECK(w[0].result == 0 && w[1].result == 0, "workers failed");
	CHECK(dsa_model_wq_stats(m, 0, &ws) == 0, "stats");
	printf("shared WQ: %" PRIu64 " descriptors accepted, %" PRIu64 " refusals retried\n",
	       ws.submitted, ws.refused);
	return 0;
}

/*
 * A halted device refuses every ENQCMD. Submits on a shared WQ stop
 * retrying once the device is seen halted, not after the full retry time,
 * and say why; their jobs are not attempted, and stop/start recovers.
 */
static int
test_shared_wq_halt(void)
{
	struct dsa_model *m = dsa_model_bus_model("dma_dsa_model_swqhalt");
	int16_t id = dma_test_dev_id("dma_dsa_model_swqhalt-wq0");
	uint8_t *src = alloc_buf(BUF_LEN, 3), *dst = alloc_buf(BUF_LEN, 0);
	enum rte_dma_status_code st[3];
	size_t log_len = 0;
	char *log = NULL;
	unsigned int i;
	FILE *f;

	CHECK(m != NULL && setup(id, 64) == 0, "setup");
	CHECK(dsa_model_inject_halt(m, DSA_RESET_SOFTWARE) == 0, "halt");
	f = open_memstream(&log, &log_len);
	CHECK(f != NULL && rte_openlog_stream(f) == 0, "log capture");
	for (i = 0; i < 3; i++)
		EXPECT(rte_dma_copy(id, 0, iova(src), iova(dst), BUF_LEN,
				    RTE_DMA_OP_FLAG_SUBMIT) >= 0, "copy");
	fflush(f);
	rte_openlog_stream(stdout);
	fclose(f);
	printf("%s", log);
	EXPECT(strstr(log, "submitting 1 descriptors failed: device halted") != NULL &&
	       strstr(log, "temporarily unavailable") == NULL,
	       "the submits did not stop retrying when the device was halted");
	free(log);
	CHECK(collect(id, 3, st, NULL) == 0, "collect");
	for (i = 0; i < 3; i++)
		CHECK(st[i] == RTE_DMA_STATUS_NOT_ATTEMPTED, "job %u: status %d", i, st[i]);
	CHECK(rte_dma_stop(id) == 0 && rte_dma_start(id) == 0, "recovery by stop/start");
	CHECK(copy_works(id, src, dst) == 0, "copy after recovery");
	rte_free(src);
	rte_free(dst);
	return 0;
}

#define FAULT_JOBS 40

/*
 * Devargs fault_every=EVERY[,fault_offset=OFFSET][,fault_on=src]: every EVERY-th copy
 * reports a page fault through rte_dma_completed_status, with the OFFSET bytes before
 * the fault written (none when the source faults), and the others are intact.
 */
static int
run_fault_devargs(const char *dmadev, unsigned int every, unsigned int offset, bool on_src)
{
	int16_t id = dma_test_dev_id(dmadev);
	uint8_t *src = alloc_buf(BUF_LEN, 5), *dst = alloc_buf(BUF_LEN * FAULT_JOBS, 0);
	enum rte_dma_status_code st[FAULT_JOBS];
	unsigned int i, done = offset * !on_src;
	struct rte_dma_stats stats;

	CHECK(setup(id, 128) == 0, "setup");
	memset(dst, 0, BUF_LEN * FAULT_JOBS);
	for (i = 0; i < FAULT_JOBS; i++) {
		CHECK(rte_dma_copy(id, 0, iova(src), iova(dst + i * BUF_LEN), BUF_LEN, 0) >= 0,
		      "copy %u", i);
		/* units of 8 (batches) */
		if (i % 8 == 7)
			rte_dma_submit(id, 0);
	}
	CHECK(collect(id, FAULT_JOBS, st, NULL) == 0, "collect");
	for (i = 0; i < FAULT_JOBS; i++) {
		const uint8_t *d = dst + i * BUF_LEN;
		bool faults = (i + 1) % every == 0;

		CHECK(st[i] == (faults ? RTE_DMA_STATUS_PAGE_FAULT : RTE_DMA_STATUS_SUCCESSFUL),
		      "%s: copy %u status %d", dmadev, i, st[i]);
		if (!faults)
			CHECK(memcmp(d, src, BUF_LEN) == 0, "%s: copy %u data", dmadev, i);
		else
			CHECK(memcmp(d, src, done) == 0 && d[done] == 0 && d[BUF_LEN - 1] == 0,
			      "%s: faulted copy %u: %u bytes written, nothing more", dmadev, i,
			      done);
	}
	CHECK(rte_dma_stats_get(id, 0, &stats) == 0 && stats.completed == FAULT_JOBS &&
	      stats.errors == FAULT_JOBS / every, "%s: completed %" PRIu64 " errors %" PRIu64,
	      dmadev, stats.completed, stats.errors);
	CHECK(check_idle(id) == 0, "idle");
	rte_free(src);
	rte_free(dst);
	return 0;
}

static int
test_fault_devargs(void)
{
	CHECK(run_fault_devargs("dma_dsa_model_fault_dst-wq0", 5, 100, false) == 0, "dst");
	CHECK(run_fault_devargs("dma_dsa_model_fault_src-wq0", 3, 0, true) == 0, "src");
	return 0;
}

static const struct dma_test_case tests[] = {
	{ "flow_control", test_flow_control },
	{ "copy_enospc", test_copy_enospc },
	{ "model_refusals", test_model_refusals },
	{ "sg_small_wq", test_sg_small_wq },
	{ "sg_span_reuse", test_sg_span_reuse },
	{ "job_id_wrap", test_job_id_wrap },
	{ "batch_errors", test_batch_errors },
	{ "halt", test_halt },
	{ "close_in_flight", test_close_in_flight },
	{ "recovery_neighbour", test_recovery_neighbour },
	{ "concurrent_recovery", test_concurrent_recovery },
	{ "retry_across_reset", test_retry_across_reset },
	{ "shared_wq", test_shared_wq },
	{ "shared_wq_halt", test_shared_wq_halt },
	{ "fault_devargs", test_fault_devargs },
};

int
main(int argc, char **argv)
{
	dma_test_eal_init(argv[0], "0-1", "dsa_driver_test", eal_vdevs, RTE_DIM(eal_vdevs));
	return dma_test_run_named(argc, argv, tests, RTE_DIM(tests));
}
