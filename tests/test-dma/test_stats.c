/* SPDX-License-Identifier: BSD-3-Clause */
/* Result arithmetic and the outputs built from it (table, CSV, JSON, SVG). */
#include <stdlib.h>
#include <string.h>

#include "bench_output.h"
#include "bench_plot.h"
#include "bench_stats.h"
#include "bench_verify.h"
#include "check.h"

#define HZ 2000000000ull /* 2 GHz: 1 cycle = 0.5 ns */

static void
test_percentiles(void)
{
	uint64_t s[100];
	uint64_t one = 7;
	uint32_t i;

	for (i = 0; i < 100; i++)
		s[i] = 100 - i; /* reversed: sorting is part of the contract */
	bench_sort_samples(s, 100);
	CHECK(s[0] == 1 && s[99] == 100);
	/* nearest rank: p50 of 1..100 is 50, p99 is 99, p99.9 is 100 */
	CHECK(bench_percentile(s, 100, 0.50) == 50);
	CHECK(bench_percentile(s, 100, 0.99) == 99);
	CHECK(bench_percentile(s, 100, 0.999) == 100);
	CHECK(bench_percentile(s, 100, 0.0) == 1);
	CHECK(bench_percentile(s, 100, 1.0) == 100);
	CHECK(bench_percentile(&one, 1, 0.999) == 7);
	CHECK(bench_percentile(s, 0, 0.5) == 0);
	/* 10 samples: p99 rank ceil(9.9) = 10 is the largest */
	CHECK(bench_percentile(s, 10, 0.99) == 10);
	CHECK(bench_percentile(s, 10, 0.5) == 5);
}

static void
test_figures(void)
{
	uint64_t lat[4] = { 400, 100, 300, 200 };
	struct bench_counters c = {
		.ops = 1000000, .bytes = 1000000ull * 4096, .elapsed_cycles = HZ / 2,
		.enqueue_cycles = 60000000, .complete_cycles = 40000000,
		.idle_poll_cycles = 300000000, .idle_polls = 5, .lat_cycles = lat, .nb_lat = 4,
	};
	struct bench_figures f;

	bench_figures_compute(&c, HZ, &f);
	/* 4.096e9 bytes in 0.5 s */
	CHECK_NEAR(f.gbps, 8.192, 1e-9);
	CHECK_NEAR(f.mops, 2.0, 1e-9);
	/* offload cost excludes idle polling and differs from 1/throughput */
	CHECK_NEAR(f.cycles_per_op, 100.0, 1e-9);
	CHECK_NEAR(f.enqueue_cycles_per_op, 60.0, 1e-9);
	CHECK_NEAR(f.complete_cycles_per_op, 40.0, 1e-9);
	CHECK_NEAR(f.idle_cycles_per_op, 300.0, 1e-9);
	CHECK_NEAR(f.wall_cycles_per_op, 1000.0, 1e-9);
	CHECK_NEAR(f.lat_p50_ns, 100.0, 1e-9); /* 200 cycles */
	CHECK_NEAR(f.lat_p99_ns, 200.0, 1e-9);
	CHECK_NEAR(f.lat_p999_ns, 200.0, 1e-9);
	CHECK(lat[0] == 100 && lat[3] == 400);

	memset(&c, 0, sizeof(c));
	bench_figures_compute(&c, HZ, &f);
	CHECK(f.gbps == 0.0 && f.mops == 0.0);
	CHECK(isnan(f.cycles_per_op) && isnan(f.lat_p50_ns));
}

static void
test_totals(void)
{
	uint64_t lat_a[2] = { 10, 30 }, lat_b[2] = { 20, 40 };
	struct bench_counters w[2] = {
		{ .ops = 100, .bytes = 6400, .elapsed_cycles = HZ, .enqueue_cycles = 1000,
		  .complete_cycles = 1000, .errors = 1, .lat_cycles = lat_a, .nb_lat = 2 },
		{ .ops = 300, .bytes = 19200, .elapsed_cycles = HZ / 2, .enqueue_cycles = 2000,
		  .complete_cycles = 4000, .lat_cycles = lat_b, .nb_lat = 2 },
	};
	struct bench_counters total;
	struct bench_figures f;

	CHECK(bench_figures_total(w, 2, HZ, &total, &f) == 0);
	CHECK(total.ops == 400 && total.bytes == 25600 && total.errors == 1);
	/* rates add: 6400 B/s + 38400 B/s; 100 + 600 ops/s */
	CHECK_NEAR(f.gbps, 44800e-9, 1e-15);
	CHECK_NEAR(f.mops, 700e-6, 1e-12);
	CHECK_NEAR(f.cycles_per_op, 8000.0 / 400.0, 1e-9);
	CHECK(total.nb_lat == 4);
	CHECK_NEAR(f.lat_p50_ns, 10.0, 1e-9); /* 20 cycles */
	CHECK_NEAR(f.lat_p999_ns, 20.0, 1e-9);
	bench_counters_release(&total);
	CHECK(total.lat_cycles == NULL);

	CHECK(bench_verify_merge(BENCH_VERIFY_PASS, BENCH_VERIFY_OFF) == BENCH_VERIFY_PASS);
	CHECK(bench_verify_merge(BENCH_VERIFY_PASS, BENCH_VERIFY_FAIL) == BENCH_VERIFY_FAIL);
}

static void
make_record(struct bench_record *r, const char *name, const char *dev, uint64_t buf,
	double gbps)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->case_name, sizeof(r->case_name), "%s", name);
	snprintf(r->device, sizeof(r->device), "%s", dev);
	r->type = strcmp(dev, "cpu") == 0 ? BENCH_CPU_MEM_COPY : BENCH_DMA_MEM_COPY;
	r->lcore = 1;
	r->is_total = true;
	r->buf_size = buf;
	r->mem_size = 4;
	r->counters.ops = 10;
	r->figures.gbps = gbps;
	r->figures.mops = 1.5;
	r->figures.cycles_per_op = 12.5;
	r->figures.lat_p50_ns = NAN;
	r->figures.lat_p99_ns = NAN;
	r->figures.lat_p999_ns = NAN;
	r->verified = BENCH_VERIFY_PASS;
}

static char *
print_to_string(bench_printer print, const struct bench_results *res,
	const struct bench_run_info *info)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	print(f, res, info);
	fclose(f);
	return text;
}

static void
ratio_printer(FILE *f, const struct bench_results *res, const struct bench_run_info *info)
{
	(void)info;
	bench_ratio_table(f, res);
}

static unsigned int
count(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
test_outputs(void)
{
	struct bench_results res = { 0 };
	struct bench_run_info info = { .tsc_hz = HZ, .eal_args = "--vdev \"x\"" };
	struct bench_record r;
	char size[16];
	char *text;

	bench_format_size(64, size, sizeof(size));
	CHECK(strcmp(size, "64B") == 0);
	bench_format_size(65536, size, sizeof(size));
	CHECK(strcmp(size, "64KiB") == 0);
	bench_format_size(1536, size, sizeof(size));
	CHECK(strcmp(size, "1.5KiB") == 0);

	make_record(&r, "case1", "dma_skeleton", 64, 1.0);
	CHECK(bench_results_add(&res, &r) == 0);
	make_record(&r, "case1", "dma_skeleton", 4096, 3.0);
	CHECK(bench_results_add(&res, &r) == 0);
	make_record(&r, "case2", "cpu", 64, 10.0);
	r.verified = BENCH_VERIFY_FAIL;
	CHECK(bench_results_add(&res, &r) == 0);
	make_record(&r, "case2", "cpu", 4096, 20.0);
	r.is_total = false; /* a per-lcore row: not plotted */
	CHECK(bench_results_add(&res, &r) == 0);

	text = print_to_string(bench_csv_printer, &res, &info);
	CHECK(count(text, "\n") == 5);
	CHECK(strncmp(text, "case,device,lcore,type,", 23) == 0);
	CHECK(strstr(text, "case1,dma_skeleton,1,DMA_MEM_COPY,4,64,") != NULL);
	CHECK(strstr(text, ",,,,0,no\n") != NULL); /* NaN latencies are empty fields */
	free(text);

	text = print_to_string(bench_json_print, &res, &info);
	CHECK(count(text, "\"case\": ") == 4);
	CHECK(strstr(text, "\"eal_args\": \"--vdev \\\"x\\\"\"") != NULL);
	CHECK(strstr(text, "\"latency_p50_ns\": null") != NULL);
	CHECK(strstr(text, "\"verified\": false") != NULL);
	CHECK(strstr(text, "\"gbps\": 3,") != NULL);
	CHECK(strstr(text, "\"cycles_per_op\": 12.5") != NULL);
	CHECK(strstr(text, "\"xcore_round_trip_cycles\": null") != NULL); /* not measured */
	free(text);
	info.xcore_round_trip = 270;
	text = print_to_string(bench_json_print, &res, &info);
	CHECK(strstr(text, "\"xcore_round_trip_cycles\": 270,") != NULL);
	free(text);
	info.xcore_round_trip = 0;

	text = print_to_string(bench_plot_svg, &res, &info);
	CHECK(strncmp(text, "<?xml", 5) == 0 && strstr(text, "</svg>\n") != NULL);
	CHECK(count(text, "<polyline") == 2); /* two plotted series */
	CHECK(strstr(text, "case1: dma_skeleton") != NULL);
	CHECK(count(text, "<circle") == 3);
	CHECK(strstr(text, ">64B<") != NULL && strstr(text, ">4KiB<") != NULL);
	free(text);

	text = print_to_string(ratio_printer, &res, &info);
	/* dma_skeleton 1 GB/s at 64 B against the CPU's 10; no CPU row at 4 KiB */
	CHECK(strstr(text, "0.10x") != NULL);
	CHECK(count(text, "dma_skeleton") == 1);
	free(text);
	res.records[2].type = BENCH_DMA_MEM_COPY;
	text = print_to_string(ratio_printer, &res, &info);
	CHECK(strstr(text, "Against CPU") == NULL);
	free(text);

	bench_results_free(&res);
	text = print_to_string(bench_plot_svg, &res, &info);
	CHECK(strstr(text, "no results to plot") != NULL);
	free(text);
}

/* The table's rows, one per record */
static void
rows_printer(FILE *f, const struct bench_results *res, const struct bench_run_info *info)
{
	unsigned int i;

	(void)info;
	for (i = 0; i < res->nb_records; i++)
		bench_table_row(f, &res->records[i]);
}

/* A DMA operation's ratio is against the CPU doing the same operation, never a copy */
static void
test_op_ratios(void)
{
	struct bench_results res = { 0 };
	struct bench_run_info info = { .tsc_hz = HZ };
	struct bench_record r;
	char *text;

	make_record(&r, "case1", "cpu", 4096, 40.0);     /* CPU_MEM_COPY */
	CHECK(bench_results_add(&res, &r) == 0);
	make_record(&r, "case2", "cpu", 4096, 8.0);
	r.type = BENCH_CPU_CRC32C;
	CHECK(bench_results_add(&res, &r) == 0);
	make_record(&r, "case3", "dsa0-wq0", 4096, 2.0);
	r.type = BENCH_DMA_CRC32C;
	CHECK(bench_results_add(&res, &r) == 0);
	make_record(&r, "case4", "dsa0-wq0", 4096, 2.0);
	r.type = BENCH_DMA_DIF_INSERT; /* no CPU_DIF_INSERT in the run: no ratio */
	CHECK(bench_results_add(&res, &r) == 0);

	text = print_to_string(ratio_printer, &res, &info);
	CHECK(strstr(text, "same operation") != NULL);
	CHECK(strstr(text, "crc32c") != NULL && strstr(text, "0.25x") != NULL);
	CHECK(strstr(text, "0.05x") == NULL && strstr(text, "case4") == NULL);
	free(text);
	text = print_to_string(bench_csv_printer, &res, &info);
	CHECK(strstr(text, "case3,dsa0-wq0,1,DMA_CRC32C,") != NULL);
	free(text);
	text = print_to_string(rows_printer, &res, &info);
	CHECK(strstr(text, " cpu copy ") != NULL && strstr(text, " cpu crc32c ") != NULL);
	CHECK(strstr(text, " dma dif-ins ") != NULL);
	free(text);
	bench_results_free(&res);
}

static void
test_verify(void)
{
	enum { NR = 16, SZ = 100 };
	uint8_t *src = malloc(NR * SZ), *other = malloc(NR * SZ);
	unsigned int zeros = 0, i;

	bench_fill_pattern(src, NR * SZ, 42);
	bench_fill_pattern(other, NR * SZ, 43);
	CHECK(memcmp(src, other, NR * SZ) != 0);
	CHECK(memcmp(src, src + SZ, SZ) != 0); /* neighbours differ */
	for (i = 0; i < NR * SZ; i++)
		zeros += src[i] == 0;
	CHECK(zeros < NR * SZ / 32);
	bench_fill_pattern(other, NR * SZ, 42);
	CHECK(memcmp(src, other, NR * SZ) == 0); /* same seed, same bytes */

	free(src);
	free(other);
}

int
main(void)
{
	test_verify();
	test_percentiles();
	test_figures();
	test_totals();
	test_outputs();
	test_op_ratios();
	return check_report("test-dma-stats");
}
