/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_args.h"

/* Quick-run defaults: a short sweep that finishes in seconds per device. */
#define QUICK_LCORE "1"
#define QUICK_MEM_SIZE "4"
#define QUICK_BUF_SIZE "64,65536,4,MUL"
#define QUICK_RING_SIZE "1024"
#define QUICK_KICK_BATCH "32"
#define QUICK_OP "MEM_COPY"

enum {
	OPT_CONFIG = 256, OPT_RESULT, OPT_DEV, OPT_CPU, OPT_LCORE, OPT_MEM_SIZE, OPT_BUF_SIZE,
	OPT_RING_SIZE, OPT_KICK_BATCH, OPT_SECONDS, OPT_LATENCY_OPS, OPT_NO_VERIFY,
	OPT_CACHE_FLUSH, OPT_CSV, OPT_JSON, OPT_SVG, OPT_LIST, OPT_PROGRESS, OPT_NO_PROGRESS,
	OPT_HELP, OPT_OP,
};

static const struct option long_opts[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "result", required_argument, NULL, OPT_RESULT },
	{ "dev", required_argument, NULL, OPT_DEV },
	{ "cpu", no_argument, NULL, OPT_CPU },
	{ "op", required_argument, NULL, OPT_OP },
	{ "lcore", required_argument, NULL, OPT_LCORE },
	{ "mem-size", required_argument, NULL, OPT_MEM_SIZE },
	{ "buf-size", required_argument, NULL, OPT_BUF_SIZE },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "kick-batch", required_argument, NULL, OPT_KICK_BATCH },
	{ "seconds", required_argument, NULL, OPT_SECONDS },
	{ "latency-ops", required_argument, NULL, OPT_LATENCY_OPS },
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
	{ "cache-flush", no_argument, NULL, OPT_CACHE_FLUSH },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "list-devices", no_argument, NULL, OPT_LIST },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

void
bench_usage(FILE *f, const char *prog)
{
	fprintf(f,
"Usage: %s [options] [-- EAL arguments]\n"
"Copy benchmark for any dmadev, and of DSA's other operations on a dsa dmadev,\n"
"with a CPU baseline in the same run.\n"
"\n"
"Cases:\n"
"  --config FILE        dpdk-test-dma-perf INI file ([caseN] sections); may repeat\n"
"  --dev NAME           quick run: a DMA_MEM_COPY case on this dmadev (a name, or a\n"
"                       glob such as 'dma_dsa_model0*' taking the first match); may repeat\n"
"  --cpu                quick run: a CPU_MEM_COPY case (rte_memcpy baseline)\n"
"  --op OP              quick run: the operation of those cases, their types DMA_OP\n"
"                       and CPU_OP: MEM_COPY, CRC32C, COPY_CRC32C, COMPARE, DUALCAST,\n"
"                       DIF_INSERT (the DSA ones on a dsa dmadev) [" QUICK_OP "]\n"
"  --lcore N            worker lcore of the quick-run cases [" QUICK_LCORE "]\n"
"  --mem-size MIB       quick run: MiB of source (and of destination) [" QUICK_MEM_SIZE "]\n"
"  --buf-size R         quick run: bytes per copy, N or first,last,step[,ADD|MUL]\n"
"                       [" QUICK_BUF_SIZE "]\n"
"  --ring-size R        quick run: DMA ring size [" QUICK_RING_SIZE "]\n"
"  --kick-batch R       quick run: copies per submit [" QUICK_KICK_BATCH "]\n"
"Every case:\n"
"  --seconds S          throughput phase length per scenario (overrides test_seconds)\n"
"  --latency-ops N      copies timed one at a time (queue depth 1); 0: no latency phase\n"
"  --no-verify          do not check the copied data\n"
"  --cache-flush        flush source and destination from the CPU caches first\n"
"Output:\n"
"  --csv FILE           one line per case, scenario and device (--result FILE: the same)\n"
"  --json FILE          the same records as JSON\n"
"  --svg FILE           plot of GB/s against buffer size, one line per case and device\n"
"  --progress / --no-progress   progress line on stderr (default: when it is a terminal)\n"
"  --list-devices       list the dmadevs EAL found and exit\n"
"\n"
"EAL arguments come after \"--\" and are added to each case's eal_args, e.g.\n"
"  %s --cpu --dev dma_skeleton -- --no-huge -m 512 --vdev dma_skeleton --iova-mode=va\n",
		prog, prog);
}

static int
opt_fail(char *err, size_t err_len, const char *what, const char *arg)
{
	snprintf(err, err_len, "%s%s%s", what, arg ? ": " : "", arg ? arg : "");
	return -EINVAL;
}

static int
handle_opt(int opt, const char *arg, struct bench_options *o, char *err, size_t err_len)
{
	switch (opt) {
	case OPT_CONFIG:
		if (o->nb_configs == BENCH_MAX_CONFIGS)
			return opt_fail(err, err_len, "too many --config files", NULL);
		o->configs[o->nb_configs++] = arg;
		return 0;
	case OPT_DEV:
		if (o->nb_devs == BENCH_MAX_WORKERS)
			return opt_fail(err, err_len, "too many --dev", NULL);
		if (*arg == '\0')
			return opt_fail(err, err_len, "--dev needs a device name", NULL);
		o->devs[o->nb_devs++] = arg;
		return 0;
	case OPT_CPU: o->cpu = true; return 0;
	case OPT_OP: o->op = arg; return 0;
	case OPT_LCORE: o->lcore = arg; return 0;
	case OPT_MEM_SIZE: o->mem_size = arg; return 0;
	case OPT_BUF_SIZE: o->buf_size = arg; return 0;
	case OPT_RING_SIZE: o->ring_size = arg; return 0;
	case OPT_KICK_BATCH: o->kick_batch = arg; return 0;
	case OPT_SECONDS: o->seconds = arg; return 0;
	case OPT_LATENCY_OPS: o->latency_ops = arg; return 0;
	case OPT_NO_VERIFY: o->no_verify = true; return 0;
	case OPT_CACHE_FLUSH: o->cache_flush = true; return 0;
	case OPT_RESULT: /* dpdk-test-dma-perf's name for the CSV file */
	case OPT_CSV: o->csv = arg; return 0;
	case OPT_JSON: o->json = arg; return 0;
	case OPT_SVG: o->svg = arg; return 0;
	case OPT_LIST: o->list_devices = true; return 0;
	case OPT_PROGRESS: o->progress = true; return 0;
	case OPT_NO_PROGRESS: o->no_progress = true; return 0;
	}
	return opt_fail(err, err_len, "unknown option (see --help)", NULL);
}

int
bench_options_parse(int argc, char **argv, struct bench_options *o, char *err, size_t err_len)
{
	int app_argc = argc, i, opt, ret;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			app_argc = i;
			o->eal_argc = argc - i - 1;
			o->eal_argv = argv + i + 1;
			break;
		}
	}
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(app_argc, argv, ":h", long_opts, NULL)) != -1) {
		if (opt == 'h' || opt == OPT_HELP) {
			bench_usage(stdout, argv[0]);
			return 1;
		}
		if (opt == '?')
			return opt_fail(err, err_len,
				"unknown option (EAL arguments go after \"--\"; see --help)",
				argv[optind - 1]);
		if (opt == ':')
			return opt_fail(err, err_len, "option needs a value", argv[optind - 1]);
		ret = handle_opt(opt, optarg, o, err, err_len);
		if (ret != 0)
			return ret;
	}
	if (optind < app_argc)
		return opt_fail(err, err_len,
			"unexpected argument (EAL arguments go after \"--\")", argv[optind]);
	if (o->nb_configs == 0 && o->nb_devs == 0 && !o->cpu && !o->list_devices)
		return opt_fail(err, err_len,
			"nothing to run: give --config FILE, --dev NAME and/or --cpu", NULL);
	if (o->progress && o->no_progress)
		return opt_fail(err, err_len, "--progress and --no-progress together", NULL);
	return 0;
}

int
bench_split_args(char *buf, char **tokens, int max)
{
	char *save = NULL, *tok;
	int n = 0;

	for (tok = strtok_r(buf, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == max)
			return -E2BIG;
		tokens[n++] = tok;
	}
	return n;
}

struct kv {
	const char *key;
	const char *value;
};

/* Make a case from key/value pairs, as if written in a file. */
static int
quick_case(struct bench_config *cfg, const char *name, const struct kv *kvs, unsigned int n,
	char *err, size_t err_len)
{
	char reason[BENCH_ERR_LEN];
	struct bench_case c;
	unsigned int i;

	bench_case_init(&c, name, "command line");
	for (i = 0; i < n; i++) {
		if (kvs[i].value == NULL)
			continue;
		if (bench_case_set(&c, kvs[i].key, kvs[i].value, reason, sizeof(reason)) != 0) {
			snprintf(err, err_len, "command line: %s: %s", kvs[i].key, reason);
			return -EINVAL;
		}
	}
	if (bench_case_validate(&c, reason, sizeof(reason)) != 0) {
		snprintf(err, err_len, "command line: %s", reason);
		return -EINVAL;
	}
	return bench_config_add_case(cfg, &c);
}

static const char *
or_default(const char *v, const char *def)
{
	return v != NULL ? v : def;
}

static int
add_quick_cases(const struct bench_options *o, struct bench_config *cfg, char *err,
	size_t err_len)
{
	char name[BENCH_NAME_LEN], lcore_dma[BENCH_NAME_LEN * 2];
	char cpu_type[BENCH_NAME_LEN], dma_type[BENCH_NAME_LEN];
	const char *lcore = or_default(o->lcore, QUICK_LCORE);
	const char *op = or_default(o->op, QUICK_OP);
	struct kv kvs[] = {
		{ "type", NULL }, { "mem_size", or_default(o->mem_size, QUICK_MEM_SIZE) },
		{ "buf_size", or_default(o->buf_size, QUICK_BUF_SIZE) },
		{ "dma_ring_size", NULL }, { "kick_batch", NULL }, { "lcore", NULL },
		{ "lcore_dma", NULL },
	};
	unsigned int i;
	int ret;

	snprintf(cpu_type, sizeof(cpu_type), "CPU_%s", op);
	snprintf(dma_type, sizeof(dma_type), "DMA_%s", op);
	if (o->cpu) {
		kvs[0].value = cpu_type;
		kvs[5].value = lcore;
		ret = quick_case(cfg, "cpu", kvs, 7, err, err_len);
		if (ret != 0)
			return ret;
	}
	kvs[0].value = dma_type;
	kvs[3].value = or_default(o->ring_size, QUICK_RING_SIZE);
	kvs[4].value = or_default(o->kick_batch, QUICK_KICK_BATCH);
	kvs[5].value = NULL;
	kvs[6].value = lcore_dma;
	for (i = 0; i < o->nb_devs; i++) {
		snprintf(name, sizeof(name), "dma%u", i + 1);
		snprintf(lcore_dma, sizeof(lcore_dma), "lcore%s@%s", lcore, o->devs[i]);
		ret = quick_case(cfg, name, kvs, 7, err, err_len);
		if (ret != 0)
			return ret;
	}
	return 0;
}

static int
apply_overrides(const struct bench_options *o, struct bench_config *cfg, char *err,
	size_t err_len)
{
	char reason[BENCH_ERR_LEN];
	struct bench_case scratch;
	unsigned int i;

	bench_case_init(&scratch, "overrides", "command line");
	if (o->seconds != NULL &&
			bench_case_set(&scratch, "test_seconds", o->seconds, reason,
				sizeof(reason)) != 0)
		return opt_fail(err, err_len, "--seconds", reason);
	if (o->latency_ops != NULL &&
			bench_case_set(&scratch, "latency_ops", o->latency_ops, reason,
				sizeof(reason)) != 0)
		return opt_fail(err, err_len, "--latency-ops", reason);
	for (i = 0; i < cfg->nb_cases; i++) {
		struct bench_case *c = &cfg->cases[i];

		if (o->seconds != NULL)
			c->test_seconds = scratch.test_seconds;
		if (o->latency_ops != NULL)
			c->latency_ops = scratch.latency_ops;
		if (o->no_verify)
			c->verify = false;
		if (o->cache_flush)
			c->cache_flush = true;
	}
	return 0;
}

int
bench_options_build_config(const struct bench_options *o, struct bench_config *cfg,
	char *err, size_t err_len)
{
	unsigned int i;
	int ret;

	for (i = 0; i < o->nb_configs; i++) {
		ret = bench_config_parse_file(cfg, o->configs[i], err, err_len);
		if (ret != 0)
			return ret;
	}
	if (o->nb_configs > 0 && (o->mem_size || o->buf_size || o->ring_size ||
			o->kick_batch || o->lcore || o->op) && o->nb_devs == 0 && !o->cpu)
		return opt_fail(err, err_len,
			"--op, --mem-size, --buf-size, --ring-size, --kick-batch and --lcore "
			"shape --dev/--cpu cases; set a file's cases in the file", NULL);
	ret = add_quick_cases(o, cfg, err, err_len);
	if (ret != 0)
		return ret == -ENOMEM ? opt_fail(err, err_len, "out of memory", NULL) : ret;
	ret = apply_overrides(o, cfg, err, err_len);
	if (ret != 0)
		return ret;
	if (bench_config_nb_active(cfg) == 0 && !o->list_devices)
		return opt_fail(err, err_len, "every case is skipped (skip=1): nothing to run",
			NULL);
	return 0;
}
