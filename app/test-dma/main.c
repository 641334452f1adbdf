/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-test-dma: copy benchmark for any dmadev, and of DSA's other operations
 * on a dsa dmadev, each with a CPU baseline, reading dpdk-test-dma-perf's
 * configuration format.
 *
 * Exit status: 0 all scenarios ran and verified, 1 a scenario failed (error
 * or data mismatch), 2 bad input or environment (nothing was run).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "bench_args.h"
#include "bench_env.h"
#include "bench_output.h"
#include "bench_plot.h"
#include "bench_run.h"
#include "bench_xcore.h"

#define EXIT_FAILED_RUN 1
#define EXIT_BAD_INPUT 2
#define MAX_EAL_ARGS 128

struct eal_argv {
	char *argv[MAX_EAL_ARGS + 1];
	int argc;
	char case_args[BENCH_EAL_ARGS_LEN]; /* storage the case tokens point into */
	char joined[4096];                  /* for messages and the JSON record */
};

/*
 * The active cases in groups of equal eal_args, in the order of their first
 * case: one EAL instance runs a group, as dpdk-test-dma-perf gives each case
 * its own. A case without eal_args joins the first group.
 */
struct eal_groups {
	struct bench_config *cfg;
	unsigned int n;
};

static const char *
group_eal_args(const struct bench_config *group)
{
	unsigned int i;

	for (i = 0; i < group->nb_cases; i++)
		if (group->cases[i].eal_args[0] != '\0')
			return group->cases[i].eal_args;
	return "";
}

static void
eal_groups_free(struct eal_groups *g)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		bench_config_free(&g->cfg[i]);
	free(g->cfg);
	g->cfg = NULL;
	g->n = 0;
}

/* The group of case C: one with the same eal_args, or a new one */
static struct bench_config *
group_of(struct eal_groups *g, const struct bench_case *c)
{
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (c->eal_args[0] == '\0' || group_eal_args(&g->cfg[i])[0] == '\0' ||
				strcmp(group_eal_args(&g->cfg[i]), c->eal_args) == 0)
			return &g->cfg[i];
	return &g->cfg[g->n++];
}

static int
eal_groups_build(const struct bench_config *cfg, struct eal_groups *g)
{
	unsigned int i;

	g->n = 0;
	g->cfg = calloc(cfg->nb_cases ? cfg->nb_cases : 1, sizeof(*g->cfg));
	if (g->cfg == NULL)
		return -ENOMEM;
	for (i = 0; i < cfg->nb_cases; i++) {
		const struct bench_case *c = &cfg->cases[i];

		if (c->skip) {
			printf("[%s] (%s): skipped (skip=1)\n", c->name, c->origin);
			continue;
		}
		if (bench_config_add_case(group_of(g, c), c) != 0) {
			eal_groups_free(g);
			return -ENOMEM;
		}
	}
	if (g->n == 0)
		g->n = 1; /* --list-devices without cases: one EAL, no case arguments */
	return 0;
}

/* EAL arguments: the group's eal_args followed by what came after "--" */
static int
build_eal_argv(const struct bench_config *group, const struct bench_options *o, char *prog,
	struct eal_argv *e, char *err, size_t err_len)
{
	size_t used = 0;
	int n, k;

	e->argv[0] = prog;
	e->argc = 1;
	snprintf(e->case_args, sizeof(e->case_args), "%s", group_eal_args(group));
	n = bench_split_args(e->case_args, e->argv + 1, MAX_EAL_ARGS - 1);
	if (n < 0)
		goto too_many;
	e->argc += n;
	if (e->argc + o->eal_argc > MAX_EAL_ARGS)
		goto too_many;
	for (k = 0; k < o->eal_argc; k++)
		e->argv[e->argc++] = o->eal_argv[k];
	e->argv[e->argc] = NULL;
	e->joined[0] = '\0';
	for (k = 1; k < e->argc && used < sizeof(e->joined); k++)
		used += (size_t)snprintf(e->joined + used, sizeof(e->joined) - used, "%s%s",
			k > 1 ? " " : "", e->argv[k]);
	return 0;
too_many:
	snprintf(err, err_len, "more than %d EAL arguments", MAX_EAL_ARGS);
	return -E2BIG;
}

static int
write_outputs(const struct bench_options *o, const struct bench_results *res,
	const struct bench_run_info *info)
{
	const struct {
		const char *path;
		bench_printer print;
		const char *what;
	} outs[] = {
		{ o->csv, bench_csv_printer, "CSV" },
		{ o->json, bench_json_print, "JSON" },
		{ o->svg, bench_plot_svg, "plot" },
	};
	char err[BENCH_ERR_LEN];
	unsigned int i;
	int ret = 0;

	for (i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
		if (outs[i].path == NULL)
			continue;
		if (bench_write_file(outs[i].path, outs[i].print, res, info, err,
				sizeof(err)) != 0) {
			fprintf(stderr, "dsa-test-dma: %s\n", err);
			ret = -EIO;
		} else {
			printf("%s written to %s\n", outs[i].what, outs[i].path);
		}
	}
	return ret;
}

/* The host's cross-core round trip, main lcore to the first worker (bench_xcore.c) */
static uint64_t
xcore_probe(void)
{
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	uint64_t cycles;

	if (worker >= RTE_MAX_LCORE)
		return 0;
	cycles = bench_xcore_round_trip(worker);
	if (cycles != 0)
		printf("Cache-line round trip between lcores %u and %u: %" PRIu64
		       " TSC cycles\n", rte_get_main_lcore(), worker, cycles);
	return cycles;
}

/* What one EAL instance measured, for the run's outputs */
struct instance_result {
	struct bench_results res;
	struct bench_run_info info;
	unsigned int failures;
	int ret;               /* 0, or why the run stopped (negative errno) */
};

/* Run the cases of GROUP in the EAL instance this process has initialised */
static int
measure(const struct bench_config *group, const struct bench_options *o,
	struct instance_result *r)
{
	char err[BENCH_ERR_LEN];
	struct bench_env env;
	bool progress = o->progress || (!o->no_progress && isatty(STDERR_FILENO));

	r->info.tsc_hz = rte_get_tsc_hz();
	if (bench_env_check(group, &env, err, sizeof(err)) != 0) {
		fprintf(stderr, "dsa-test-dma: %s\n", err);
		bench_env_free(&env);
		return EXIT_BAD_INPUT;
	}
	r->info.xcore_round_trip = xcore_probe();
	r->ret = bench_run_all(group, &env, progress, &r->res, &r->failures);
	if (r->ret != 0)
		fprintf(stderr, "dsa-test-dma: run stopped: %s\n", strerror(-r->ret));
	bench_env_free(&env);
	return 0;
}

/* The ratio table and the output files of the whole run; the exit status */
static int
report(const struct bench_options *o, const struct instance_result *r)
{
	int ret = r->ret;

	bench_ratio_table(stdout, &r->res);
	printf("\n");
	if (write_outputs(o, &r->res, &r->info) != 0 && ret == 0)
		ret = -EIO;
	if (r->failures > 0)
		fprintf(stderr, "dsa-test-dma: %u scenario(s) FAILED (see errors above)\n",
			r->failures);
	return ret != 0 || r->failures > 0 ? EXIT_FAILED_RUN : 0;
}

/* Initialise EAL for GROUP and measure it; EXIT_BAD_INPUT if EAL refuses */
static int
run_instance(const struct bench_config *group, const struct bench_options *o, char *prog,
	struct instance_result *r)
{
	char err[BENCH_ERR_LEN];
	struct eal_argv *eal = calloc(1, sizeof(*eal));
	int ret = 0;

	if (eal == NULL)
		return EXIT_BAD_INPUT;
	if (build_eal_argv(group, o, prog, eal, err, sizeof(err)) != 0) {
		fprintf(stderr, "dsa-test-dma: %s\n", err);
		free(eal);
		return EXIT_BAD_INPUT;
	}
	if (rte_eal_init(eal->argc, eal->argv) < 0) {
		fprintf(stderr, "dsa-test-dma: EAL initialisation failed (%s) with: %s\n",
			rte_strerror(rte_errno), eal->joined);
		free(eal);
		return EXIT_BAD_INPUT;
	}
	r->info.eal_args = strdup(eal->joined);
	if (o->list_devices)
		bench_env_list_devices(stdout);
	else
		ret = measure(group, o, r);
	rte_eal_cleanup();
	free(eal);
	return ret;
}

/*
 * What a child instance hands its parent, in a file: this header, then
 * nb_records records. Parent and child are the same program.
 */
struct instance_file_header {
	uint64_t tsc_hz;
	uint64_t xcore_round_trip;
	uint32_t nb_records;
	uint32_t failures;
	int32_t ret;
	int32_t status;
};

static int
instance_write(FILE *f, const struct instance_result *r, int status)
{
	struct instance_file_header h = {
		.tsc_hz = r->info.tsc_hz, .xcore_round_trip = r->info.xcore_round_trip,
		.nb_records = r->res.nb_records, .failures = r->failures, .ret = r->ret,
		.status = status,
	};

	if (fwrite(&h, sizeof(h), 1, f) != 1 || (r->res.nb_records != 0 &&
			fwrite(r->res.records, sizeof(*r->res.records), r->res.nb_records, f) !=
			r->res.nb_records) || fflush(f) != 0)
		return -EIO;
	return 0;
}

/* Add a child's results to the run's; returns its exit status */
static int
instance_merge(FILE *f, struct instance_result *all)
{
	struct instance_file_header h;
	struct bench_record rec;
	uint32_t i;

	rewind(f);
	if (fread(&h, sizeof(h), 1, f) != 1)
		return -1;
	if (all->info.tsc_hz == 0)
		all->info.tsc_hz = h.tsc_hz;
	if (all->info.xcore_round_trip == 0)
		all->info.xcore_round_trip = h.xcore_round_trip;
	for (i = 0; i < h.nb_records; i++) {
		if (fread(&rec, sizeof(rec), 1, f) != 1 || bench_results_add(&all->res, &rec) != 0)
			return -1;
	}
	all->failures += h.failures;
	if (all->ret == 0)
		all->ret = h.ret;
	return h.status;
}

/* Run GROUP in a child process (its own EAL instance); merge what it measured */
static int
run_child(const struct bench_config *group, const struct bench_options *o, char *prog,
	struct instance_result *all)
{
	struct instance_result r = { 0 };
	FILE *f = tmpfile();
	int status, ret;
	pid_t pid;

	if (f == NULL) {
		fprintf(stderr, "dsa-test-dma: no temporary file: %s\n", strerror(errno));
		return EXIT_BAD_INPUT;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		ret = run_instance(group, o, prog, &r);
		if (instance_write(f, &r, ret) != 0)
			ret = EXIT_FAILED_RUN;
		fflush(stdout);
		_exit(ret);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		fprintf(stderr, "dsa-test-dma: cannot run an EAL instance: %s\n",
			strerror(errno));
		fclose(f);
		return EXIT_BAD_INPUT;
	}
	ret = WIFEXITED(status) ? instance_merge(f, all) : -1;
	fclose(f);
	if (ret < 0) {
		fprintf(stderr, "dsa-test-dma: the EAL instance of [%s] died (%s %d)\n",
			group->cases[0].name, WIFSIGNALED(status) ? "signal" : "status",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		return EXIT_FAILED_RUN;
	}
	return ret;
}

/* Several EAL instances, one after another; one table and set of files for all */
static int
run_groups(const struct eal_groups *g, const struct bench_options *o, char *prog)
{
	struct instance_result all = { 0 };
	char eal_args[4096] = "";
	unsigned int i;
	size_t used = 0;
	int worst = 0, ret;

	for (i = 0; i < g->n; i++) {
		printf("== EAL instance %u of %u ([%s]...): eal_args %s\n", i + 1, g->n,
			g->cfg[i].cases[0].name, group_eal_args(&g->cfg[i]));
		ret = run_child(&g->cfg[i], o, prog, &all);
		worst = RTE_MAX(worst, ret);
		used += (size_t)snprintf(eal_args + used, used < sizeof(eal_args) ?
			sizeof(eal_args) - used : 0, "%s%s", i ? " | " : "",
			group_eal_args(&g->cfg[i]));
		printf("\n");
	}
	printf("== all %u EAL instances\n", g->n);
	bench_table_header(stdout);
	for (i = 0; i < all.res.nb_records; i++)
		bench_table_row(stdout, &all.res.records[i]);
	printf("\n");
	all.info.eal_args = eal_args;
	ret = report(o, &all);
	bench_results_free(&all.res);
	return RTE_MAX(worst, ret);
}

int
main(int argc, char **argv)
{
	struct instance_result r = { 0 };
	struct bench_options opts;
	struct bench_config cfg;
	struct eal_groups groups = { 0 };
	char err[BENCH_ERR_LEN];
	int ret;

	ret = bench_options_parse(argc, argv, &opts, err, sizeof(err));
	if (ret != 0) {
		if (ret < 0)
			fprintf(stderr, "dsa-test-dma: %s\n", err);
		return ret > 0 ? 0 : EXIT_BAD_INPUT;
	}
	bench_config_init(&cfg);
	if (bench_options_build_config(&opts, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "dsa-test-dma: %s\n", err);
		bench_config_free(&cfg);
		return EXIT_BAD_INPUT;
	}
	if (eal_groups_build(&cfg, &groups) != 0) {
		bench_config_free(&cfg);
		return EXIT_BAD_INPUT;
	}
	if (groups.n > 1 && !opts.list_devices) {
		ret = run_groups(&groups, &opts, argv[0]);
	} else {
		ret = run_instance(&groups.cfg[0], &opts, argv[0], &r);
		if (ret == 0 && !opts.list_devices)
			ret = report(&opts, &r);
		bench_results_free(&r.res);
		free((void *)(uintptr_t)r.info.eal_args);
	}
	eal_groups_free(&groups);
	bench_config_free(&cfg);
	return ret;
}
