/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-test-dma: copy benchmark for any dmadev with a CPU-copy baseline,
 * reading dpdk-test-dma-perf's configuration format.
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
 * EAL arguments: the cases' eal_args (they must agree, since one EAL serves
 * the whole run) followed by what came after "--".
 */
static int
build_eal_argv(const struct bench_config *cfg, const struct bench_options *o, char *prog,
	struct eal_argv *e, char *err, size_t err_len)
{
	const struct bench_case *first = NULL;
	unsigned int i;
	size_t used = 0;
	int n, k;

	for (i = 0; i < cfg->nb_cases; i++) {
		const struct bench_case *c = &cfg->cases[i];

		if (c->skip || c->eal_args[0] == '\0')
			continue;
		if (first != NULL && strcmp(first->eal_args, c->eal_args) != 0) {
			snprintf(err, err_len, "[%s] and [%s] have different eal_args; one EAL "
				"serves a run: run them separately or give the same eal_args",
				first->name, c->name);
			return -EINVAL;
		}
		first = c;
	}
	e->argv[0] = prog;
	e->argc = 1;
	if (first != NULL) {
		memcpy(e->case_args, first->eal_args, sizeof(e->case_args));
		n = bench_split_args(e->case_args, e->argv + 1, MAX_EAL_ARGS - 1);
		if (n < 0)
			goto too_many;
		e->argc += n;
	}
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

static int
run(const struct bench_config *cfg, const struct bench_options *o, const char *eal_joined)
{
	struct bench_results res = { 0 };
	struct bench_run_info info = { .tsc_hz = rte_get_tsc_hz(), .eal_args = eal_joined };
	char err[BENCH_ERR_LEN];
	struct bench_env env;
	unsigned int failures = 0;
	bool progress = o->progress || (!o->no_progress && isatty(STDERR_FILENO));
	int ret;

	if (o->list_devices) {
		bench_env_list_devices(stdout);
		return 0;
	}
	if (bench_env_check(cfg, &env, err, sizeof(err)) != 0) {
		fprintf(stderr, "dsa-test-dma: %s\n", err);
		bench_env_free(&env);
		return EXIT_BAD_INPUT;
	}
	info.xcore_round_trip = xcore_probe();
	ret = bench_run_all(cfg, &env, progress, &res, &failures);
	if (ret != 0)
		fprintf(stderr, "dsa-test-dma: run stopped: %s\n", strerror(-ret));
	bench_ratio_table(stdout, &res);
	printf("\n");
	if (write_outputs(o, &res, &info) != 0 && ret == 0)
		ret = -EIO;
	if (failures > 0)
		fprintf(stderr, "dsa-test-dma: %u scenario(s) FAILED (see errors above)\n",
			failures);
	bench_results_free(&res);
	bench_env_free(&env);
	return ret != 0 || failures > 0 ? EXIT_FAILED_RUN : 0;
}

int
main(int argc, char **argv)
{
	struct bench_options opts;
	struct bench_config cfg;
	char err[BENCH_ERR_LEN];
	struct eal_argv *eal;
	int ret;

	ret = bench_options_parse(argc, argv, &opts, err, sizeof(err));
	if (ret != 0) {
		if (ret < 0)
			fprintf(stderr, "dsa-test-dma: %s\n", err);
		return ret > 0 ? 0 : EXIT_BAD_INPUT;
	}
	bench_config_init(&cfg);
	eal = calloc(1, sizeof(*eal));
	if (eal == NULL)
		return EXIT_BAD_INPUT;
	if (bench_options_build_config(&opts, &cfg, err, sizeof(err)) != 0 ||
			build_eal_argv(&cfg, &opts, argv[0], eal, err, sizeof(err)) != 0) {
		fprintf(stderr, "dsa-test-dma: %s\n", err);
		bench_config_free(&cfg);
		free(eal);
		return EXIT_BAD_INPUT;
	}
	if (rte_eal_init(eal->argc, eal->argv) < 0) {
		fprintf(stderr, "dsa-test-dma: EAL initialisation failed (%s) with: %s\n",
			rte_strerror(rte_errno), eal->joined);
		ret = EXIT_BAD_INPUT;
	} else {
		ret = run(&cfg, &opts, eal->joined);
		rte_eal_cleanup();
	}
	bench_config_free(&cfg);
	free(eal);
	return ret;
}
