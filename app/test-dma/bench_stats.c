/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_stats.h"

double
bench_cycles_to_ns(double cycles, uint64_t tsc_hz)
{
	return cycles * 1e9 / (double)tsc_hz;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void
bench_sort_samples(uint64_t *samples, uint32_t n)
{
	if (n > 1)
		qsort(samples, n, sizeof(*samples), cmp_u64);
}

uint64_t
bench_percentile(const uint64_t *sorted, uint32_t n, double p)
{
	double rank;
	uint32_t idx;

	if (n == 0)
		return 0;
	rank = ceil(p * (double)n);
	idx = rank < 1.0 ? 0 : (uint32_t)rank - 1;
	return sorted[idx < n ? idx : n - 1];
}

static double
per_op(uint64_t cycles, uint64_t ops)
{
	return ops == 0 ? NAN : (double)cycles / (double)ops;
}

static void
latency_figures(struct bench_counters *c, uint64_t tsc_hz, struct bench_figures *f)
{
	if (c->nb_lat == 0) {
		f->lat_p50_ns = NAN;
		f->lat_p99_ns = NAN;
		f->lat_p999_ns = NAN;
		return;
	}
	bench_sort_samples(c->lat_cycles, c->nb_lat);
	f->lat_p50_ns = bench_cycles_to_ns(
		(double)bench_percentile(c->lat_cycles, c->nb_lat, 0.50), tsc_hz);
	f->lat_p99_ns = bench_cycles_to_ns(
		(double)bench_percentile(c->lat_cycles, c->nb_lat, 0.99), tsc_hz);
	f->lat_p999_ns = bench_cycles_to_ns(
		(double)bench_percentile(c->lat_cycles, c->nb_lat, 0.999), tsc_hz);
}

/* Cycle-based figures; throughputs are left to the caller. */
static void
cycle_figures(const struct bench_counters *c, struct bench_figures *f)
{
	f->cycles_per_op = per_op(c->enqueue_cycles + c->complete_cycles, c->ops);
	f->enqueue_cycles_per_op = per_op(c->enqueue_cycles, c->ops);
	f->complete_cycles_per_op = per_op(c->complete_cycles, c->ops);
	f->idle_cycles_per_op = per_op(c->idle_poll_cycles, c->ops);
	f->wall_cycles_per_op = per_op(c->elapsed_cycles, c->ops);
}

void
bench_figures_compute(struct bench_counters *c, uint64_t tsc_hz, struct bench_figures *f)
{
	double seconds = (double)c->elapsed_cycles / (double)tsc_hz;

	memset(f, 0, sizeof(*f));
	if (c->elapsed_cycles > 0) {
		f->gbps = (double)c->bytes / seconds / 1e9;
		f->mops = (double)c->ops / seconds / 1e6;
	}
	cycle_figures(c, f);
	latency_figures(c, tsc_hz, f);
}

int
bench_figures_total(struct bench_counters *workers, unsigned int n, uint64_t tsc_hz,
	struct bench_counters *total, struct bench_figures *f)
{
	struct bench_figures wf;
	uint64_t nb_lat = 0;
	unsigned int i;

	memset(total, 0, sizeof(*total));
	memset(f, 0, sizeof(*f));
	for (i = 0; i < n; i++)
		nb_lat += workers[i].nb_lat;
	if (nb_lat > UINT32_MAX)
		return -ERANGE;
	if (nb_lat > 0) {
		total->lat_cycles = malloc(nb_lat * sizeof(*total->lat_cycles));
		if (total->lat_cycles == NULL)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const struct bench_counters *w = &workers[i];

		total->ops += w->ops;
		total->bytes += w->bytes;
		total->elapsed_cycles += w->elapsed_cycles;
		total->enqueue_cycles += w->enqueue_cycles;
		total->complete_cycles += w->complete_cycles;
		total->idle_poll_cycles += w->idle_poll_cycles;
		total->idle_polls += w->idle_polls;
		total->errors += w->errors;
		if (w->nb_lat > 0)
			memcpy(total->lat_cycles + total->nb_lat, w->lat_cycles,
				w->nb_lat * sizeof(*w->lat_cycles));
		total->nb_lat += w->nb_lat;
		/* workers run side by side: their rates add up */
		bench_figures_compute(&workers[i], tsc_hz, &wf);
		f->gbps += wf.gbps;
		f->mops += wf.mops;
	}
	cycle_figures(total, f);
	latency_figures(total, tsc_hz, f);
	return 0;
}

void
bench_counters_release(struct bench_counters *c)
{
	free(c->lat_cycles);
	c->lat_cycles = NULL;
	c->nb_lat = 0;
}

int
bench_results_add(struct bench_results *res, const struct bench_record *r)
{
	struct bench_record *records;

	records = realloc(res->records, (res->nb_records + 1) * sizeof(*records));
	if (records == NULL)
		return -ENOMEM;
	res->records = records;
	records[res->nb_records] = *r;
	records[res->nb_records].counters.lat_cycles = NULL;
	res->nb_records++;
	return 0;
}

void
bench_results_free(struct bench_results *res)
{
	free(res->records);
	res->records = NULL;
	res->nb_records = 0;
}

const char *
bench_verify_name(enum bench_verify v)
{
	switch (v) {
	case BENCH_VERIFY_PASS:
		return "yes";
	case BENCH_VERIFY_FAIL:
		return "FAILED";
	default:
		return "off";
	}
}

enum bench_verify
bench_verify_merge(enum bench_verify a, enum bench_verify b)
{
	return a > b ? a : b;
}
