/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_output.h"

void
bench_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB" };
	double v = (double)bytes;
	unsigned int u = 0;

	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	if (v == floor(v))
		snprintf(buf, len, "%.0f%s", v, units[u]);
	else
		snprintf(buf, len, "%.1f%s", v, units[u]);
}

/* "dma crc32c": who, then what */
static void
type_short(enum bench_type t, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", bench_type_is_dma(t) ? "dma" : "cpu",
		bench_op_name(bench_type_op(t)));
}

void
bench_table_header(FILE *f)
{
	fprintf(f, "%-8s %-18s %5s %-12s %7s %5s %4s %8s %8s %8s %8s %8s %8s %9s %-6s\n",
		"case", "device", "lcore", "type", "buf", "ring", "kick", "GB/s", "Mops/s",
		"cyc/op", "wall", "p50 ns", "p99 ns", "p99.9 ns", "verify");
	fprintf(f, "%-8s %-18s %5s %-12s %7s %5s %4s %8s %8s %8s %8s %8s %8s %9s %-6s\n",
		"", "", "", "", "", "", "", "", "", "offload", "cyc/op", "(QD1)", "(QD1)",
		"(QD1)", "");
}

/* A number, or "-" where there is none (NaN). */
static void
cell(FILE *f, int width, int prec, double v)
{
	if (isnan(v))
		fprintf(f, " %*s", width, "-");
	else
		fprintf(f, " %*.*f", width, prec, v);
}

void
bench_table_row(FILE *f, const struct bench_record *r)
{
	const struct bench_figures *g = &r->figures;
	char buf[16], lcore[16], type[16];

	bench_format_size(r->buf_size, buf, sizeof(buf));
	type_short(r->type, type, sizeof(type));
	if (r->lcore < 0)
		snprintf(lcore, sizeof(lcore), "all");
	else
		snprintf(lcore, sizeof(lcore), "%d", r->lcore);
	fprintf(f, "%-8s %-18s %5s %-12s %7s", r->case_name, r->device, lcore, type, buf);
	if (bench_type_is_dma(r->type))
		fprintf(f, " %5" PRIu64 " %4" PRIu64, r->ring_size, r->kick_batch);
	else
		fprintf(f, " %5s %4s", "-", "-");
	cell(f, 8, 2, g->gbps);
	cell(f, 8, 3, g->mops);
	cell(f, 8, 1, g->cycles_per_op);
	cell(f, 8, 1, g->wall_cycles_per_op);
	cell(f, 8, 0, g->lat_p50_ns);
	cell(f, 8, 0, g->lat_p99_ns);
	cell(f, 9, 0, g->lat_p999_ns);
	fprintf(f, " %-6s\n", bench_verify_name(r->verified));
}

/* The first CPU scenario total of this type and buffer size, or NULL. */
static const struct bench_record *
cpu_baseline(const struct bench_results *res, enum bench_type type, uint64_t buf_size)
{
	unsigned int i;

	for (i = 0; i < res->nb_records; i++) {
		const struct bench_record *r = &res->records[i];

		if (r->is_total && r->type == type && r->buf_size == buf_size &&
				r->counters.ops > 0)
			return r;
	}
	return NULL;
}

void
bench_ratio_table(FILE *f, const struct bench_results *res)
{
	bool header = false;
	unsigned int i;
	char buf[16];

	for (i = 0; i < res->nb_records; i++) {
		const struct bench_record *r = &res->records[i];
		const struct bench_record *cpu;

		if (!r->is_total || !bench_type_is_dma(r->type) ||
				(cpu = cpu_baseline(res, bench_type_baseline(r->type),
					r->buf_size)) == NULL)
			continue;
		if (!header) {
			fprintf(f, "\nAgainst the CPU in this run (same operation and buffer "
				"size):\n%-8s %-18s %-8s %7s %10s %14s %14s\n", "case", "device",
				"op", "buf", "GB/s ratio", "core cyc/op", "CPU cyc/op");
			header = true;
		}
		bench_format_size(r->buf_size, buf, sizeof(buf));
		fprintf(f, "%-8s %-18s %-8s %7s %9.2fx", r->case_name, r->device,
			bench_op_name(bench_type_op(r->type)), buf,
			r->figures.gbps / cpu->figures.gbps);
		cell(f, 14, 1, r->figures.cycles_per_op);
		cell(f, 14, 1, cpu->figures.cycles_per_op);
		fputc('\n', f);
	}
}

/* CSV and JSON write NaN as an empty field / null. */
static void
csv_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(",", f);
	else
		fprintf(f, ",%.6g", v);
}

#define CSV_HEADER "case,device,lcore,type,mem_size_mb,buf_size,dma_ring_size,kick_batch," \
	"test_seconds,cache_flush,ops,bytes,gbps,mops,cycles_per_op,enqueue_cycles_per_op," \
	"completion_cycles_per_op,idle_poll_cycles_per_op,wall_cycles_per_op," \
	"latency_samples,latency_p50_ns,latency_p99_ns,latency_p999_ns,errors,verified"

void
bench_csv_print(FILE *f, const struct bench_results *res)
{
	unsigned int i;

	fprintf(f, "%s\n", CSV_HEADER);
	for (i = 0; i < res->nb_records; i++) {
		const struct bench_record *r = &res->records[i];
		const struct bench_figures *g = &r->figures;

		/* names come from dmadev and the config: no commas or quotes there */
		fprintf(f, "%s,%s,%d,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			",%g,%d,%" PRIu64 ",%" PRIu64,
			r->case_name, r->device, r->lcore, bench_type_name(r->type),
			r->mem_size, r->buf_size, r->ring_size, r->kick_batch, r->test_seconds,
			r->cache_flush, r->counters.ops, r->counters.bytes);
		csv_num(f, g->gbps);
		csv_num(f, g->mops);
		csv_num(f, g->cycles_per_op);
		csv_num(f, g->enqueue_cycles_per_op);
		csv_num(f, g->complete_cycles_per_op);
		csv_num(f, g->idle_cycles_per_op);
		csv_num(f, g->wall_cycles_per_op);
		fprintf(f, ",%" PRIu32, r->counters.nb_lat);
		csv_num(f, g->lat_p50_ns);
		csv_num(f, g->lat_p99_ns);
		csv_num(f, g->lat_p999_ns);
		fprintf(f, ",%" PRIu64 ",%s\n", r->counters.errors,
			r->verified == BENCH_VERIFY_OFF ? "off" :
			r->verified == BENCH_VERIFY_PASS ? "yes" : "no");
	}
}

void
bench_csv_printer(FILE *f, const struct bench_results *res, const struct bench_run_info *info)
{
	(void)info;
	bench_csv_print(f, res);
}

static void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void
json_num(FILE *f, const char *key, double v, const char *sep)
{
	if (isnan(v))
		fprintf(f, "\"%s\": null%s", key, sep);
	else
		fprintf(f, "\"%s\": %.6g%s", key, v, sep);
}

static void
json_record(FILE *f, const struct bench_record *r)
{
	const struct bench_figures *g = &r->figures;

	fputs("    {\"case\": ", f);
	json_string(f, r->case_name);
	fputs(", \"device\": ", f);
	json_string(f, r->device);
	if (r->lcore < 0)
		fputs(", \"lcore\": null", f);
	else
		fprintf(f, ", \"lcore\": %d", r->lcore);
	fprintf(f, ", \"scope\": \"%s\", \"type\": \"%s\",\n", r->is_total ? "total" : "lcore",
		bench_type_name(r->type));
	fprintf(f, "     \"mem_size_mb\": %" PRIu64 ", \"buf_size\": %" PRIu64
		", \"dma_ring_size\": %" PRIu64 ", \"kick_batch\": %" PRIu64
		", \"test_seconds\": %g, \"cache_flush\": %s,\n",
		r->mem_size, r->buf_size, r->ring_size, r->kick_batch, r->test_seconds,
		r->cache_flush ? "true" : "false");
	fprintf(f, "     \"ops\": %" PRIu64 ", \"bytes\": %" PRIu64 ", ",
		r->counters.ops, r->counters.bytes);
	json_num(f, "gbps", g->gbps, ", ");
	json_num(f, "mops", g->mops, ",\n     ");
	json_num(f, "cycles_per_op", g->cycles_per_op, ", ");
	json_num(f, "enqueue_cycles_per_op", g->enqueue_cycles_per_op, ", ");
	json_num(f, "completion_cycles_per_op", g->complete_cycles_per_op, ",\n     ");
	json_num(f, "idle_poll_cycles_per_op", g->idle_cycles_per_op, ", ");
	json_num(f, "wall_cycles_per_op", g->wall_cycles_per_op, ",\n     ");
	fprintf(f, "\"latency_samples\": %" PRIu32 ", ", r->counters.nb_lat);
	json_num(f, "latency_p50_ns", g->lat_p50_ns, ", ");
	json_num(f, "latency_p99_ns", g->lat_p99_ns, ", ");
	json_num(f, "latency_p999_ns", g->lat_p999_ns, ",\n     ");
	fprintf(f, "\"errors\": %" PRIu64 ", \"verified\": %s}", r->counters.errors,
		r->verified == BENCH_VERIFY_OFF ? "null" :
		r->verified == BENCH_VERIFY_PASS ? "true" : "false");
}

void
bench_json_print(FILE *f, const struct bench_results *res, const struct bench_run_info *info)
{
	unsigned int i;

	fputs("{\n  \"tool\": \"dsa-test-dma\",\n", f);
	fprintf(f, "  \"tsc_hz\": %" PRIu64 ",\n  ", info->tsc_hz);
	json_num(f, "xcore_round_trip_cycles",
		 info->xcore_round_trip ? (double)info->xcore_round_trip : NAN, ",\n  ");
	fputs("\"eal_args\": ", f);
	json_string(f, info->eal_args != NULL ? info->eal_args : "");
	fputs(",\n  \"records\": [\n", f);
	for (i = 0; i < res->nb_records; i++) {
		json_record(f, &res->records[i]);
		fputs(i + 1 < res->nb_records ? ",\n" : "\n", f);
	}
	fputs("  ]\n}\n", f);
}

int
bench_write_file(const char *path, bench_printer print, const struct bench_results *res,
	const struct bench_run_info *info, char *err, size_t err_len)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (f == NULL) {
		ret = -errno;
		snprintf(err, err_len, "%s: %s", path, strerror(-ret));
		return ret;
	}
	print(f, res, info);
	if (ferror(f))
		ret = -EIO;
	if (fclose(f) != 0 && ret == 0)
		ret = -errno;
	if (ret != 0)
		snprintf(err, err_len, "%s: write failed: %s", path, strerror(-ret));
	return ret;
}
