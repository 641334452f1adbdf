/* SPDX-License-Identifier: BSD-3-Clause */
/* Config parsing: ranges, the INI format, its errors, and the command line. */
#include <errno.h>
#include <string.h>

#include "bench_args.h"
#include "bench_config.h"
#include "check.h"

static char err[BENCH_ERR_LEN];

static void
test_ranges(void)
{
	struct bench_range r;

	CHECK(bench_range_parse("4096", &r, err, sizeof(err)) == 0);
	CHECK(!r.is_range && bench_range_count(&r) == 1 && bench_range_value(&r, 0) == 4096);

	CHECK(bench_range_parse("64,8192,2,MUL", &r, err, sizeof(err)) == 0);
	CHECK(r.is_range && r.mode == BENCH_RANGE_MUL);
	CHECK(bench_range_count(&r) == 8);
	CHECK(bench_range_value(&r, 0) == 64 && bench_range_value(&r, 7) == 8192);
	CHECK(bench_range_max(&r) == 8192 && bench_range_min(&r) == 64);

	/* ADD is the default mode; last need not be reached exactly */
	CHECK(bench_range_parse("1, 10, 4", &r, err, sizeof(err)) == 0);
	CHECK(r.mode == BENCH_RANGE_ADD && bench_range_count(&r) == 3);
	CHECK(bench_range_value(&r, 2) == 9 && bench_range_max(&r) == 9);
	CHECK(bench_range_parse("32,128,32,add", &r, err, sizeof(err)) == 0);
	CHECK(bench_range_count(&r) == 4);

	CHECK(bench_range_parse("64,8192", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("0,64,2,MUL", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64,32,2,MUL", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64,128,1,MUL", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64,128,0,ADD", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64,128,2,POW", &r, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "ADD or MUL") != NULL);
	CHECK(bench_range_parse("1,100000,1,ADD", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("-64", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64k", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("1,,2,ADD", &r, err, sizeof(err)) == -EINVAL);
	/* every comma separates a field: an empty one is an error, not dropped */
	CHECK(bench_range_parse("64,", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse(",64", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("1,10,,4", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("1,10,4,", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("1,10,4,ADD,", &r, err, sizeof(err)) == -EINVAL);
	/* the mode is one word, with white space around it at most */
	CHECK(bench_range_parse("64,128,2,MUL x", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64,128,2,ADD\tMUL", &r, err, sizeof(err)) == -EINVAL);
	CHECK(bench_range_parse("64,128,2, mul ", &r, err, sizeof(err)) == 0);
	CHECK(r.mode == BENCH_RANGE_MUL && bench_range_count(&r) == 2);
	CHECK(bench_range_parse("99999999999999999999999", &r, err, sizeof(err)) == -EINVAL);
}

/* dpdk-test-dma-perf's own sample, in its 23.x form. */
static const char sample_ini[] =
	"; comment\n"
	"[case1]\n"
	"type=DMA_MEM_COPY\n"
	"mem_size=10\n"
	"buf_size=64,8192,2,MUL\n"
	"dma_ring_size=1024\n"
	"kick_batch=32\n"
	"src_numa_node=0\n"
	"dst_numa_node=0\n"
	"cache_flush=0\n"
	"test_seconds=2\n"
	"lcore_dma=lcore10@0000:00:04.2, lcore11@0000:00:04.3\n"
	"eal_args=--in-memory --file-prefix=test\n"
	"\n"
	"[case2]\n"
	"type=CPU_MEM_COPY\n"
	"mem_size=10\n"
	"buf_size=64,8192,2,MUL\n"
	"src_numa_node=0\n"
	"dst_numa_node=1\n"
	"cache_flush=0\n"
	"test_seconds=2\n"
	"lcore = 3, 4\n"
	"eal_args=--in-memory --no-pci\n"
	"[case3]\n"
	"skip=1\n"
	"type=DMA_MEM_COPY\n";

static void
test_sample(void)
{
	struct bench_config cfg;
	struct bench_scenario s;
	const struct bench_case *c;

	bench_config_init(&cfg);
	CHECK(bench_config_parse_text(&cfg, sample_ini, "sample.ini", err, sizeof(err)) == 0);
	CHECK(cfg.nb_cases == 3 && bench_config_nb_active(&cfg) == 2);
	c = &cfg.cases[0];
	CHECK(strcmp(c->name, "case1") == 0 && c->type == BENCH_DMA_MEM_COPY);
	CHECK(c->nb_workers == 2 && c->workers[0].lcore == 10 && c->workers[1].lcore == 11);
	CHECK(strcmp(c->workers[1].dev, "0000:00:04.3") == 0);
	CHECK(strcmp(c->eal_args, "--in-memory --file-prefix=test") == 0);
	CHECK(c->test_seconds == 2.0 && c->src_numa == 0 && c->verify);
	CHECK(bench_case_var(c) == BENCH_VAR_BUF_SIZE && bench_case_nb_scenarios(c) == 8);
	bench_case_scenario(c, 3, &s);
	CHECK(s.buf_size == 512 && s.mem_size == 10 && s.ring_size == 1024 && s.kick_batch == 32);
	c = &cfg.cases[1];
	CHECK(c->type == BENCH_CPU_MEM_COPY && c->nb_workers == 2 && c->workers[1].lcore == 4);
	CHECK(c->dst_numa == 1 && c->workers[0].dev[0] == '\0');
	CHECK(cfg.cases[2].skip);
	bench_config_free(&cfg);
}

static void
test_global_and_new_form(void)
{
	static const char ini[] =
		"[GLOBAL]\n"
		"eal_args=--no-pci\n"
		"test_seconds=0.5\n"
		"latency_ops=0\n"
		"[case_a]\n"
		"type=DMA_MEM_COPY\n"
		"mem_size=1,4,1\n"
		"buf_size=4096\n"
		"dma_ring_size=64\n"
		"kick_batch=16\n"
		"lcore_dma0=lcore=1,dev=dma_skeleton,dir=mem2mem\n"
		"lcore_dma1=lcore=2,dev=other\n"
		"test_seconds=3\n"
		"verify=0\n";
	struct bench_config cfg;
	const struct bench_case *c;
	struct bench_scenario s;

	bench_config_init(&cfg);
	CHECK(bench_config_parse_text(&cfg, ini, "g.ini", err, sizeof(err)) == 0);
	c = &cfg.cases[0];
	CHECK(strcmp(c->eal_args, "--no-pci") == 0);
	CHECK(c->test_seconds == 3.0 && c->latency_ops == 0 && !c->verify);
	CHECK(c->nb_workers == 2 && strcmp(c->workers[0].dev, "dma_skeleton") == 0);
	CHECK(c->workers[1].lcore == 2);
	CHECK(bench_case_var(c) == BENCH_VAR_MEM_SIZE && bench_case_nb_scenarios(c) == 4);
	bench_case_scenario(c, 2, &s);
	CHECK(s.mem_size == 3 && s.buf_size == 4096);
	bench_config_free(&cfg);
}

/* Each text must fail with a message naming the line or case and the reason. */
static void
expect_error(const char *text, const char *needle)
{
	struct bench_config cfg;
	int ret;

	bench_config_init(&cfg);
	err[0] = '\0';
	ret = bench_config_parse_text(&cfg, text, "bad.ini", err, sizeof(err));
	CHECK(ret < 0);
	if (strstr(err, needle) == NULL) {
		fprintf(stderr, "error '%s' lacks '%s'\n", err, needle);
		check_failures++;
	}
	bench_config_free(&cfg);
}

#define DMA_HEAD "[case1]\ntype=DMA_MEM_COPY\nlcore_dma=lcore1@dma_skeleton\n"
#define CPU_HEAD "[case1]\ntype=CPU_MEM_COPY\nlcore=1\n"

static void
test_errors(void)
{
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64\ndma_ring_size=64\nkick_batch=8\n"
		"colour=blue\n", "bad.ini:8: unknown key 'colour'");
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64,128,2,MUL\ndma_ring_size=64,128,2,MUL\n"
		"kick_batch=8\n", "only one of");
	expect_error(CPU_HEAD "mem_size=1\nbuf_size=2097152\n", "does not fit in mem_size");
	expect_error(CPU_HEAD "mem_size=1\nbuf_size=0\n", "buf_size must be");
	expect_error(CPU_HEAD "mem_size=0\nbuf_size=64\n", "mem_size must be");
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64\ndma_ring_size=100\nkick_batch=8\n",
		"not a power of two");
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64\ndma_ring_size=65536\nkick_batch=8\n",
		"dma_ring_size 65536 is out of range 2..32768");
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64\ndma_ring_size=1\nkick_batch=1\n",
		"dma_ring_size 1 is out of range");
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64\ndma_ring_size=64\nkick_batch=128\n",
		"kick_batch must be");
	expect_error(DMA_HEAD "mem_size=1\nbuf_size=64\nkick_batch=8\n",
		"'dma_ring_size' is missing");
	expect_error("[case1]\ntype=CPU_MEM_COPY\nmem_size=1\nbuf_size=64\n",
		"'lcore' is missing");
	expect_error(CPU_HEAD "mem_size=1\nmem_size=2\nbuf_size=64\n", "given twice");
	expect_error(CPU_HEAD "mem_size=1\nbuf_size=64\nlcore_dma=lcore2@x\n",
		"takes lcore, not lcore_dma");
	expect_error("[case1]\ntype=CPU_MEM_COPY\nlcore=1,1\nmem_size=1\nbuf_size=64\n",
		"lcore 1 is used twice");
	expect_error("[case1]\ntype=DMA_MEM_COPY\nlcore_dma=lcore1@d, lcore2@d\nmem_size=1\n"
		"buf_size=64\ndma_ring_size=64\nkick_batch=8\n", "device d is used twice");
	expect_error("[case1]\ntype=DMA_MEM_COPY\nlcore_dma=core1@d\n", "lcoreN@device");
	expect_error("[case1]\ntype=DMA_MEM_COPY\nlcore_dma0=lcore=1,dev=d,dir=mem2dev\n",
		"only mem2mem");
	expect_error("[case1]\ntype=DMA_MEM_COPY\ndma_src_sge=4\n", "scatter-gather");
	expect_error("[case1]\ntype=MEMSET\n", "DMA_MEM_COPY or CPU_MEM_COPY");
	expect_error("[case1]\ncache_flush=2\n", "must be 0 or 1");
	expect_error("[case1]\ntest_seconds=0\n", "seconds");
	expect_error("[case1]\nsrc_numa_node=x\n", "NUMA node");
	expect_error("type=CPU_MEM_COPY\n", "bad.ini:1: key=value before any [caseN]");
	expect_error("[test1]\n", "sections are [GLOBAL] or [caseN]");
	expect_error("[case1\n", "section header");
	expect_error("[case1]\njust words\n", "expected key=value");
	expect_error("[GLOBAL]\nmem_size=1\n", "belongs in a [caseN] section");
	expect_error("; nothing\n", "no [caseN] section");
	expect_error(CPU_HEAD "mem_size=1\nbuf_size=64\n[case1]\n", "already used");
}

static void
test_file_errors(void)
{
	struct bench_config cfg;

	bench_config_init(&cfg);
	CHECK(bench_config_parse_file(&cfg, "/nonexistent/x.ini", err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "/nonexistent/x.ini") != NULL);
	CHECK(bench_config_parse_file(&cfg, "/", err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "not a regular file") != NULL);
	bench_config_free(&cfg);
}

static int
parse_args(int argc, char **argv, struct bench_options *o, struct bench_config *cfg)
{
	int ret = bench_options_parse(argc, argv, o, err, sizeof(err));

	if (ret != 0)
		return ret;
	return bench_options_build_config(o, cfg, err, sizeof(err));
}

static void
test_args(void)
{
	char *quick[] = { "t", "--cpu", "--dev", "dma_skeleton", "--buf-size", "64,256,2,MUL",
		"--seconds", "0.25", "--no-verify", "--json", "r.json", "--", "--no-huge",
		"-m", "64", NULL };
	char *bad_opt[] = { "t", "--cpu", "--frobnicate", NULL };
	char *stray[] = { "t", "--cpu", "extra", NULL };
	char *eal_opt[] = { "t", "--cpu", "--no-huge", NULL };
	char *nothing[] = { "t", "--json", "x", NULL };
	char *bad_size[] = { "t", "--cpu", "--buf-size", "64,32,2,MUL", NULL };
	char *bad_seconds[] = { "t", "--cpu", "--seconds", "-1", NULL };
	char *missing_value[] = { "t", "--cpu", "--csv", NULL };
	char eal_text[] = "  --no-pci\t--vdev  dma_skeleton ";
	char *tokens[4];
	struct bench_options o;
	struct bench_config cfg;

	bench_config_init(&cfg);
	CHECK(parse_args(15, quick, &o, &cfg) == 0);
	CHECK(o.eal_argc == 3 && strcmp(o.eal_argv[0], "--no-huge") == 0);
	CHECK(strcmp(o.json, "r.json") == 0);
	CHECK(cfg.nb_cases == 2);
	CHECK(cfg.cases[0].type == BENCH_CPU_MEM_COPY && cfg.cases[0].workers[0].lcore == 1);
	CHECK(cfg.cases[1].type == BENCH_DMA_MEM_COPY);
	CHECK(strcmp(cfg.cases[1].workers[0].dev, "dma_skeleton") == 0);
	CHECK(bench_case_nb_scenarios(&cfg.cases[1]) == 3);
	CHECK(cfg.cases[1].test_seconds == 0.25 && !cfg.cases[1].verify);
	bench_config_free(&cfg);

	bench_config_init(&cfg);
	CHECK(parse_args(3, bad_opt, &o, &cfg) == -EINVAL && strstr(err, "--frobnicate"));
	CHECK(parse_args(3, stray, &o, &cfg) == -EINVAL && strstr(err, "after \"--\""));
	CHECK(parse_args(3, eal_opt, &o, &cfg) == -EINVAL && strstr(err, "after \"--\""));
	CHECK(parse_args(3, nothing, &o, &cfg) == -EINVAL && strstr(err, "nothing to run"));
	CHECK(parse_args(4, bad_size, &o, &cfg) == -EINVAL && strstr(err, "first is larger"));
	bench_config_free(&cfg);
	bench_config_init(&cfg);
	CHECK(parse_args(4, bad_seconds, &o, &cfg) == -EINVAL && strstr(err, "--seconds"));
	CHECK(parse_args(3, missing_value, &o, &cfg) == -EINVAL && strstr(err, "needs a value"));
	bench_config_free(&cfg);

	CHECK(bench_split_args(eal_text, tokens, 4) == 3);
	CHECK(strcmp(tokens[2], "dma_skeleton") == 0);
	strcpy(eal_text, "a b c d e");
	CHECK(bench_split_args(eal_text, tokens, 4) == -E2BIG);
}

int
main(void)
{
	test_ranges();
	test_sample();
	test_global_and_new_form();
	test_errors();
	test_file_errors();
	test_args();
	return check_report("test-dma-config");
}
