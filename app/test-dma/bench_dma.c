/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DMA worker, for every operation (kind->dma enqueues one). Only the
 * enqueue and completion calls, and the step from one buffer to the next,
 * sit between the TSC reads of a timed window; counters are updated
 * outside them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>

#include "bench_job.h"

/*
 * No completion for this long with copies outstanding: the device is stuck.
 * Generous, since a software device's thread (dma_skeleton, the DSA model)
 * can be starved for many seconds on a loaded machine and then recover.
 */
#define STALL_SECONDS 60

/* Consume the statuses after a failed copy; returns how many ops that was. */
static uint16_t
dma_reap_errors(struct bench_job *j)
{
	enum rte_dma_status_code *status;
	uint16_t n, i, last;

	status = calloc(j->ring_size, sizeof(*status));
	if (status == NULL) {
		j->counters.errors++;
		return 0;
	}
	n = rte_dma_completed_status(j->dev_id, 0, j->ring_size, &last, status);
	for (i = 0; i < n; i++)
		if (status[i] != RTE_DMA_STATUS_SUCCESSFUL)
			j->counters.errors++;
	free(status);
	return n;
}

/* One timed poll for completions; returns the number of ops it retired. */
static uint16_t
dma_reap(struct bench_job *j)
{
	struct bench_counters *c = &j->counters;
	bool has_error = false;
	uint64_t t0, t1;
	uint16_t n, last;

	t0 = rte_rdtsc();
	n = rte_dma_completed(j->dev_id, 0, j->ring_size, &last, &has_error);
	t1 = rte_rdtsc();
	if (n == 0 && !has_error) {
		c->idle_poll_cycles += bench_window(t0, t1, j->timer_overhead);
		c->idle_polls++;
		return 0;
	}
	c->complete_cycles += bench_window(t0, t1, j->timer_overhead);
	c->ops += n;
	c->bytes += (uint64_t)n * j->buf_size;
	if (has_error)
		n += dma_reap_errors(j);
	bench_set_progress(j, c->ops);
	return n;
}

/*
 * Enqueue and submit up to one batch, as the ring allows. Returns how many
 * operations went in, or a negative errno.
 */
static int
dma_enqueue(struct bench_job *j, uint32_t *next, bool *wrapped, uint64_t inflight)
{
	uint32_t room = j->max_inflight - (uint32_t)inflight;
	uint32_t n = RTE_MIN((uint32_t)j->batch, room);
	/* in locals: the calls could change *j for all the compiler knows, and
	 * reloading these on every operation would be the benchmark's cost */
	const bench_dma_op op = j->kind->dma;
	const uint32_t nr_buf = j->nr_buf;
	const int16_t dev_id = j->dev_id;
	uint32_t b = *next, k;
	uint64_t t0, t1;
	int ret = 0, sret = 0;

	if (n == 0)
		return 0;
	t0 = rte_rdtsc();
	for (k = 0; k < n; k++) {
		ret = op(j, b, 0);
		if (ret < 0)
			break;
		if (++b == nr_buf)
			b = 0;
	}
	if (k > 0)
		sret = rte_dma_submit(dev_id, 0);
	t1 = rte_rdtsc();
	j->counters.enqueue_cycles += bench_window(t0, t1, j->timer_overhead);
	if (ret < 0 && ret != -ENOSPC)
		return bench_job_fail(j, ret, "%s enqueue: %s", bench_type_name(j->type),
			strerror(-ret));
	if (sret < 0)
		return bench_job_fail(j, sret, "rte_dma_submit: %s", strerror(-sret));
	if (*next + k >= j->nr_buf)
		*wrapped = true;
	*next = b;
	return (int)k;
}

/* Report a device that stopped completing, with what it says of itself. */
static int
dma_stalled(struct bench_job *j, uint64_t inflight)
{
	enum rte_dma_vchan_status vs = RTE_DMA_VCHAN_HALTED_ERROR;
	struct rte_dma_stats st = { 0 };

	rte_dma_vchan_status(j->dev_id, 0, &vs);
	rte_dma_stats_get(j->dev_id, 0, &st);
	return bench_job_fail(j, -ETIMEDOUT, "no completion for %d s with %" PRIu64
		" operations outstanding (device: vchan status %d, submitted %" PRIu64
		", completed %" PRIu64 ", errors %" PRIu64 ")", STALL_SECONDS, inflight,
		(int)vs, st.submitted, st.completed, st.errors);
}

static int
dma_throughput(struct bench_job *j)
{
	uint64_t stall = STALL_SECONDS * j->tsc_hz;
	uint64_t start, end, now, last_done, inflight = 0;
	uint32_t next = 0;
	bool wrapped = false;
	int n;

	start = rte_rdtsc();
	end = start + j->run_cycles;
	last_done = start;
	/* run for the time given and until every buffer was done once */
	for (now = start; now < end || !wrapped || inflight > 0; now = rte_rdtsc()) {
		if (now < end || !wrapped) {
			n = dma_enqueue(j, &next, &wrapped, inflight);
			if (n < 0)
				return n;
			inflight += (uint64_t)n;
		}
		n = dma_reap(j);
		inflight -= (uint64_t)n;
		if (n > 0)
			last_done = now;
		else if (inflight > 0 && now - last_done > stall)
			return dma_stalled(j, inflight);
	}
	j->counters.elapsed_cycles = rte_rdtsc() - start;
	return 0;
}

/* Poll until the single outstanding operation completes; returns ops retired. */
static int
dma_wait_one(struct bench_job *j, uint64_t t0, bool *has_error)
{
	uint64_t stall = STALL_SECONDS * j->tsc_hz;
	uint32_t polls = 0;
	uint16_t n, last;

	do {
		n = rte_dma_completed(j->dev_id, 0, 1, &last, has_error);
		if (n != 0 || *has_error)
			return n;
	} while ((++polls & 1023) != 0 || rte_rdtsc() - t0 < stall);
	return bench_job_fail(j, -ETIMEDOUT, "latency operation not completed in %d s",
		STALL_SECONDS);
}

static int
dma_timed_op(struct bench_job *j, uint32_t buf, uint64_t *cycles)
{
	bool has_error = false;
	uint64_t t0, t1;
	int ret;

	t0 = rte_rdtsc();
	ret = j->kind->dma(j, buf, RTE_DMA_OP_FLAG_SUBMIT);
	if (ret < 0)
		return bench_job_fail(j, ret, "%s enqueue (latency): %s",
			bench_type_name(j->type), strerror(-ret));
	ret = dma_wait_one(j, t0, &has_error);
	t1 = rte_rdtsc();
	if (ret < 0)
		return ret;
	if (has_error) {
		dma_reap_errors(j);
		j->verified = BENCH_VERIFY_FAIL;
		return 0;
	}
	*cycles = bench_window(t0, t1, j->timer_overhead);
	return 1;
}

int
bench_dma_worker(void *arg)
{
	struct bench_job *j = arg;
	int ret;

	if (j->cache_flush)
		bench_mem_flush_job(j);
	bench_set_phase(j, BENCH_PHASE_THROUGHPUT);
	ret = dma_throughput(j);
	if (ret == 0) {
		bench_set_phase(j, BENCH_PHASE_VERIFY);
		bench_mem_verify_all(j);
	}
	if (ret == 0 && j->latency_ops > 0) {
		bench_set_phase(j, BENCH_PHASE_LATENCY);
		ret = bench_latency_loop(j, dma_timed_op);
	}
	bench_set_phase(j, BENCH_PHASE_DONE);
	return ret;
}
