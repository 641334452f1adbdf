/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_malloc.h>

#include "bench_job.h"
#include "bench_ops.h"
#include "bench_output.h"
#include "bench_run.h"

/* Copies per timed window of a CPU case without kick_batch. */
#define CPU_DEFAULT_BATCH 32
#define PROGRESS_PERIOD_US 250000

struct run_ctx {
	const struct bench_config *cfg;
	const struct bench_env *env;
	bool progress;
	uint64_t tsc_hz;
	uint64_t timer_overhead;
	unsigned int done;      /* scenarios finished */
	unsigned int total;     /* scenarios to run */
	struct bench_results *res;
	unsigned int failures;
};

static void
job_release(struct bench_job *j)
{
	rte_free(j->src);
	rte_free(j->dst);
	free(j->scratch);
	free(j->results);
	free(j->counters.lat_cycles);
}

/* The operation's parameters: results, DIF format, the dualcast's second half */
static int
job_setup_op(struct bench_job *j, const struct bench_case *c, size_t dst_len)
{
	j->kind = bench_kind_of(bench_type_op(c->type));
	if (j->kind->dsa)
		j->dsa = bench_dsa_api(); /* found: bench_env_check said so */
	j->max_inflight = j->ring_size;
	if (j->kind->has_result) {
		j->results = calloc(j->nr_buf, sizeof(*j->results));
		if (j->results == NULL)
			return bench_job_fail(j, -ENOMEM, "cannot allocate %u results", j->nr_buf);
		/* a result belongs to the driver from enqueue to completion */
		j->max_inflight = RTE_MIN(j->max_inflight, j->nr_buf);
	}
	if (bench_type_op(c->type) == BENCH_OP_DIF_INSERT) {
		j->dif.block_size = (uint16_t)c->dif_block_size;
		j->dif.dst.app_tag = BENCH_DIF_APP_TAG;
		j->scratch = malloc(j->dst_stride);
		if (j->scratch == NULL)
			return bench_job_fail(j, -ENOMEM, "cannot allocate %u bytes",
				j->dst_stride);
	}
	if (bench_type_op(c->type) == BENCH_OP_DUALCAST) {
		j->dst2 = j->dst + dst_len / 2;
		j->dst2_iova = j->dst_iova + dst_len / 2;
	}
	return 0;
}

static int
job_setup(struct run_ctx *ctx, const struct bench_scenario *s, unsigned int ci, unsigned int w,
	struct bench_job *j)
{
	const struct bench_case *c = s->c;
	uint64_t nr_buf = s->mem_size * BENCH_MIB / s->buf_size;
	size_t len = (size_t)(nr_buf * s->buf_size);
	size_t dst_len = (size_t)bench_dst_bytes(c, nr_buf, s->buf_size);

	j->type = c->type;
	j->dev_id = ctx->env->dev_ids[ci][w];
	j->lcore = c->workers[w].lcore;
	j->buf_size = (uint32_t)s->buf_size;
	j->nr_buf = (uint32_t)RTE_MIN(nr_buf, (uint64_t)UINT32_MAX);
	j->dst_stride = (uint32_t)bench_dst_stride(c, s->buf_size);
	j->ring_size = (uint16_t)s->ring_size;
	j->batch = (uint16_t)(s->kick_batch > 0 ? s->kick_batch : CPU_DEFAULT_BATCH);
	j->run_cycles = (uint64_t)(c->test_seconds * (double)ctx->tsc_hz);
	j->tsc_hz = ctx->tsc_hz;
	j->timer_overhead = ctx->timer_overhead;
	j->latency_ops = c->latency_ops;
	j->verify = c->verify;
	j->cache_flush = c->cache_flush;
	j->src = rte_malloc_socket("bench-src", len, 4096, c->src_numa);
	if (dst_len > 0)
		j->dst = rte_malloc_socket("bench-dst", dst_len, 4096, c->dst_numa);
	if (j->latency_ops > 0)
		j->counters.lat_cycles = calloc(j->latency_ops, sizeof(uint64_t));
	if (j->src == NULL || (dst_len > 0 && j->dst == NULL) ||
			(j->latency_ops > 0 && j->counters.lat_cycles == NULL))
		return bench_job_fail(j, -ENOMEM, "cannot allocate %zu + %zu bytes", len,
			dst_len);
	j->src_iova = rte_malloc_virt2iova(j->src);
	j->dst_iova = j->dst != NULL ? rte_malloc_virt2iova(j->dst) : 0;
	if (j->src_iova == RTE_BAD_IOVA || j->dst_iova == RTE_BAD_IOVA)
		return bench_job_fail(j, -EFAULT, "no IOVA for the buffers");
	if (job_setup_op(j, c, dst_len) != 0)
		return j->rc;
	bench_mem_prepare(j, ((uint64_t)ci << 40) ^ ((uint64_t)s->index << 20) ^ w ^ s->buf_size);
	if (bench_type_is_dma(j->type) &&
			bench_env_dma_start(j->dev_id, j->ring_size, j->error,
				sizeof(j->error)) != 0)
		return bench_job_fail(j, -EIO, "%s", j->error);
	return 0;
}

static const char *const phase_names[] = {
	[BENCH_PHASE_THROUGHPUT] = "throughput",
	[BENCH_PHASE_VERIFY] = "verify",
	[BENCH_PHASE_LATENCY] = "latency",
	[BENCH_PHASE_DONE] = "done",
};

static void
progress_line(struct run_ctx *ctx, const struct bench_scenario *s, const char *dev,
	struct bench_job *jobs, uint64_t start)
{
	double secs = (double)(rte_rdtsc() - start) / (double)ctx->tsc_hz;
	int phase = __atomic_load_n(&jobs[0].phase, __ATOMIC_ACQUIRE);
	uint64_t ops = __atomic_load_n(&jobs[0].progress_ops, __ATOMIC_RELAXED);
	char buf[16];

	bench_format_size(s->buf_size, buf, sizeof(buf));
	fprintf(stderr, "\r\033[K[%u/%u] %s %s %s: %s", ctx->done + 1, ctx->total,
		s->c->name, dev, buf, phase_names[phase]);
	if (phase == BENCH_PHASE_THROUGHPUT)
		fprintf(stderr, " %.1f/%.1f s, %.2f GB/s", secs, s->c->test_seconds,
			(double)ops * (double)s->buf_size / secs / 1e9);
	else if (phase == BENCH_PHASE_LATENCY)
		fprintf(stderr, " %" PRIu64 "/%u ops", ops, s->c->latency_ops);
	fflush(stderr);
}

static bool
all_done(const struct bench_job *jobs, unsigned int n)
{
	unsigned int w;

	for (w = 0; w < n; w++)
		if (__atomic_load_n(&jobs[w].phase, __ATOMIC_ACQUIRE) != BENCH_PHASE_DONE)
			return false;
	return true;
}

static void
launch_and_wait(struct run_ctx *ctx, const struct bench_scenario *s, const char *dev,
	struct bench_job *jobs, unsigned int n)
{
	uint64_t start = rte_rdtsc();
	unsigned int w;
	int ret;

	for (w = 0; w < n; w++) {
		ret = rte_eal_remote_launch(bench_type_is_dma(jobs[w].type) ?
			bench_dma_worker : bench_cpu_worker, &jobs[w], jobs[w].lcore);
		jobs[w].launched = ret == 0;
		if (ret != 0) {
			bench_job_fail(&jobs[w], ret, "cannot launch on lcore %u", jobs[w].lcore);
			jobs[w].phase = BENCH_PHASE_DONE;
		}
	}
	while (!all_done(jobs, n)) {
		if (ctx->progress)
			progress_line(ctx, s, dev, jobs, start);
		usleep(PROGRESS_PERIOD_US);
	}
	for (w = 0; w < n; w++)
		if (jobs[w].launched)
			rte_eal_wait_lcore(jobs[w].lcore);
	if (ctx->progress)
		fputs("\r\033[K", stderr);
}

static void
fill_record(const struct bench_scenario *s, struct bench_record *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->case_name, sizeof(r->case_name), "%s", s->c->name);
	r->type = s->c->type;
	r->mem_size = s->mem_size;
	r->buf_size = s->buf_size;
	r->ring_size = s->ring_size;
	r->kick_batch = s->kick_batch;
	r->test_seconds = s->c->test_seconds;
	r->cache_flush = s->c->cache_flush;
}

static int
add_record(struct run_ctx *ctx, struct bench_record *r)
{
	bench_table_row(stdout, r);
	fflush(stdout);
	return bench_results_add(ctx->res, r);
}

/* A row per worker, and a total when several workers ran side by side. */
static int
record_scenario(struct run_ctx *ctx, const struct bench_scenario *s, unsigned int ci,
	struct bench_job *jobs, unsigned int n)
{
	struct bench_counters *counters = calloc(n, sizeof(*counters));
	enum bench_verify all = BENCH_VERIFY_OFF;
	struct bench_record r;
	unsigned int w;
	int ret = 0;

	if (counters == NULL)
		return -ENOMEM;
	for (w = 0; w < n && ret == 0; w++) {
		struct bench_job *j = &jobs[w];

		if (j->rc != 0)
			fprintf(stderr, "error: [%s] %s on lcore %u: %s\n", s->c->name,
				ctx->env->dev_names[ci][w], j->lcore, j->error);
		fill_record(s, &r);
		snprintf(r.device, sizeof(r.device), "%s", ctx->env->dev_names[ci][w]);
		r.lcore = (int)j->lcore;
		r.is_total = n == 1;
		r.counters = j->counters;
		r.verified = j->verified;
		all = bench_verify_merge(all, j->verified);
		counters[w] = j->counters;
		bench_figures_compute(&r.counters, ctx->tsc_hz, &r.figures);
		ret = add_record(ctx, &r);
	}
	if (ret == 0 && n > 1) {
		fill_record(s, &r);
		snprintf(r.device, sizeof(r.device), "all");
		r.lcore = -1;
		r.is_total = true;
		r.verified = all;
		ret = bench_figures_total(counters, n, ctx->tsc_hz, &r.counters, &r.figures);
		if (ret == 0)
			ret = add_record(ctx, &r);
		bench_counters_release(&r.counters);
	}
	free(counters);
	if (all == BENCH_VERIFY_FAIL)
		ctx->failures++;
	return ret;
}

static int
run_scenario(struct run_ctx *ctx, const struct bench_scenario *s, unsigned int ci)
{
	const struct bench_case *c = s->c;
	struct bench_job *jobs = calloc(c->nb_workers, sizeof(*jobs));
	unsigned int w, ready = 0;
	int ret;

	if (jobs == NULL)
		return -ENOMEM;
	for (w = 0; w < c->nb_workers; w++, ready++)
		if (job_setup(ctx, s, ci, w, &jobs[w]) != 0)
			break;
	if (ready == c->nb_workers) {
		launch_and_wait(ctx, s, ctx->env->dev_names[ci][0], jobs, c->nb_workers);
	} else {
		for (w = 0; w < c->nb_workers; w++)
			if (jobs[w].rc == 0)
				bench_job_fail(&jobs[w], -ECANCELED, "not run: another worker "
					"of the case failed to set up");
	}
	for (w = 0; w < c->nb_workers; w++)
		if (bench_type_is_dma(c->type) && w < ready)
			bench_env_dma_stop(jobs[w].dev_id);
	ret = record_scenario(ctx, s, ci, jobs, c->nb_workers);
	for (w = 0; w < c->nb_workers; w++)
		job_release(&jobs[w]);
	free(jobs);
	ctx->done++;
	return ret;
}

static bool
has_cpu_crc(const struct bench_config *cfg)
{
	unsigned int ci;

	for (ci = 0; ci < cfg->nb_cases; ci++)
		if (!cfg->cases[ci].skip && (cfg->cases[ci].type == BENCH_CPU_CRC32C ||
				cfg->cases[ci].type == BENCH_CPU_COPY_CRC32C))
			return true;
	return false;
}

int
bench_run_all(const struct bench_config *cfg, const struct bench_env *env, bool progress,
	struct bench_results *res, unsigned int *failures)
{
	struct run_ctx ctx = {
		.cfg = cfg, .env = env, .progress = progress, .res = res,
		.tsc_hz = rte_get_tsc_hz(), .timer_overhead = bench_timer_overhead(),
	};
	struct bench_scenario s;
	double seconds = 0;
	unsigned int ci;
	uint32_t i;
	int ret;

	for (ci = 0; ci < cfg->nb_cases; ci++) {
		if (cfg->cases[ci].skip)
			continue;
		ctx.total += bench_case_nb_scenarios(&cfg->cases[ci]);
		seconds += bench_case_nb_scenarios(&cfg->cases[ci]) * cfg->cases[ci].test_seconds;
	}
	printf("%u scenario(s), about %.0f s of throughput measurement; TSC %.3f GHz, "
		"timer overhead %" PRIu64 " cycles (subtracted)\n", ctx.total, seconds,
		(double)ctx.tsc_hz / 1e9, ctx.timer_overhead);
	if (has_cpu_crc(cfg))
		printf("The CPU computes CRC-32C by %s\n", bench_crc32c_method());
	putchar('\n');
	bench_table_header(stdout);
	for (ci = 0; ci < cfg->nb_cases; ci++) {
		const struct bench_case *c = &cfg->cases[ci];

		if (c->skip)
			continue;
		for (i = 0; i < bench_case_nb_scenarios(c); i++) {
			bench_case_scenario(c, i, &s);
			ret = run_scenario(&ctx, &s, ci);
			if (ret != 0)
				return ret;
		}
	}
	*failures = ctx.failures;
	return 0;
}
