/* SPDX-License-Identifier: BSD-3-Clause */
/* Config parsing: ranges, the INI format, its errors, and the command line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Every operation's pair of types, and the keys they take */
static void
test_op_types(void)
{
	static const char ini[] =
		"[case1]\ntype=DMA_CRC32C\nmem_size=1\nbuf_size=4096\ndma_ring_size=64\n"
		"kick_batch=8\nlcore_dma=lcore1@dma_dsa_model0*\n"
		"[case2]\ntype=cpu_crc32c\nmem_size=1\nbuf_size=4096\nlcore=1\n"
		"[case3]\ntype=DMA_COPY_CRC32C\nmem_size=1\nbuf_size=4096\ndma_ring_size=64\n"
		"kick_batch=8\nlcore_dma=lcore1@d\n"
		"[case4]\ntype=CPU_COMPARE\nmem_size=1\nbuf_size=64\nlcore=1\n"
		"[case5]\ntype=DMA_DUALCAST\nmem_size=1\nbuf_size=64\ndma_ring_size=64\n"
		"kick_batch=8\nlcore_dma=lcore1@d\n"
		"[case6]\ntype=DMA_DIF_INSERT\nmem_size=1\nbuf_size=4104,41040,4104\n"
		"dif_block_size=4104\ndma_ring_size=64\nkick_batch=8\nlcore_dma=lcore1@d\n"
		"[case7]\ntype=CPU_DIF_INSERT\nmem_size=1\nbuf_size=512,4096,2,MUL\nlcore=1\n";
	static const enum bench_type types[] = { BENCH_DMA_CRC32C, BENCH_CPU_CRC32C,
		BENCH_DMA_COPY_CRC32C, BENCH_CPU_COMPARE, BENCH_DMA_DUALCAST,
		BENCH_DMA_DIF_INSERT, BENCH_CPU_DIF_INSERT };
	struct bench_config cfg;
	unsigned int i;

	bench_config_init(&cfg);
	CHECK(bench_config_parse_text(&cfg, ini, "ops.ini", err, sizeof(err)) == 0);
	CHECK(cfg.nb_cases == 7);
	for (i = 0; i < cfg.nb_cases && i < 7; i++)
		CHECK(cfg.cases[i].type == types[i]);
	CHECK(cfg.cases[5].dif_block_size == 4104 && bench_case_nb_scenarios(&cfg.cases[5]) == 10);
	CHECK(cfg.cases[6].dif_block_size == BENCH_DIF_DEFAULT_BLOCK);
	bench_config_free(&cfg);

	CHECK(strcmp(bench_type_name(BENCH_DMA_COPY_CRC32C), "DMA_COPY_CRC32C") == 0);
	CHECK(bench_type_is_dma(BENCH_DMA_COMPARE) && !bench_type_is_dma(BENCH_CPU_COMPARE));
	CHECK(!bench_type_is_dma(BENCH_TYPE_UNSET));
	CHECK(bench_type_baseline(BENCH_DMA_CRC32C) == BENCH_CPU_CRC32C);
	CHECK(bench_type_baseline(BENCH_DMA_COPY_CRC32C) == BENCH_CPU_COPY_CRC32C);
	CHECK(bench_type_baseline(BENCH_DMA_COMPARE) == BENCH_CPU_COMPARE);
	CHECK(bench_type_baseline(BENCH_DMA_DUALCAST) == BENCH_CPU_DUALCAST);
	CHECK(bench_type_baseline(BENCH_DMA_DIF_INSERT) == BENCH_CPU_DIF_INSERT);
	CHECK(bench_type_baseline(BENCH_DMA_MEM_COPY) == BENCH_CPU_MEM_COPY);
	CHECK(bench_type_op(BENCH_CPU_DUALCAST) == BENCH_OP_DUALCAST);
	CHECK(strcmp(bench_op_name(BENCH_OP_DIF_INSERT), "dif-ins") == 0);
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
	expect_error("[case1]\ntype=MEMSET\n",
		"is not one of DMA_MEM_COPY, CPU_MEM_COPY, DMA_CRC32C");
	/* the operations' types: the workers of their kind, DIF sizes for DIF alone */
	expect_error("[case1]\ntype=DMA_CRC32C\nlcore=1\nmem_size=1\nbuf_size=64\n"
		"dma_ring_size=64\nkick_batch=8\n", "'lcore_dma' is missing");
	expect_error("[case1]\ntype=DMA_COMPARE\nlcore=1\nlcore_dma=lcore2@d\nmem_size=1\n"
		"buf_size=64\ndma_ring_size=64\nkick_batch=8\n",
		"DMA_COMPARE takes lcore_dma, not lcore");
	expect_error("[case1]\ntype=CPU_DUALCAST\nlcore=1\nlcore_dma=lcore2@d\nmem_size=1\n"
		"buf_size=64\n", "CPU_DUALCAST takes lcore, not lcore_dma");
	expect_error("[case1]\ntype=DMA_DUALCAST\nlcore_dma=lcore1@d\nmem_size=1\n"
		"buf_size=64\nkick_batch=8\n", "'dma_ring_size' is missing");
	expect_error(CPU_HEAD "mem_size=1\nbuf_size=512\ndif_block_size=512\n",
		"dif_block_size is for the DIF types, not CPU_MEM_COPY");
	expect_error("[case1]\ntype=CPU_CRC32C\nlcore=1\nmem_size=1\nbuf_size=512\n"
		"dif_block_size=512\n", "not CPU_CRC32C");
	expect_error("[case1]\ntype=CPU_DIF_INSERT\nlcore=1\nmem_size=1\nbuf_size=1000\n",
		"buf_size 1000 is not a whole number of 512-B DIF blocks");
	expect_error("[case1]\ntype=DMA_DIF_INSERT\nlcore_dma=lcore1@d\nmem_size=1\n"
		"buf_size=512,8192,2,MUL\ndif_block_size=520\ndma_ring_size=64\nkick_batch=8\n",
		"buf_size 512 is not a whole number of 520-B DIF blocks");
	expect_error("[case1]\ntype=CPU_DIF_INSERT\ndif_block_size=1024\n",
		"dif_block_size '1024' is not 512, 520, 4096 or 4104");
	expect_error("[case1]\ntype=DMA_CRC\n", "is not one of");
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

/* --op: the quick-run cases' operation, the file's type names after DMA_ / CPU_ */
static void
test_args_op(void)
{
	char *op[] = { "t", "--cpu", "--dev", "d", "--op", "COPY_CRC32C", NULL };
	char *dif[] = { "t", "--cpu", "--op", "DIF_INSERT", "--buf-size", "1024", NULL };
	char *bad_op[] = { "t", "--cpu", "--op", "MEMSET", NULL };
	char *dif_size[] = { "t", "--cpu", "--op", "DIF_INSERT", NULL };
	static const char file_text[] = CPU_HEAD "mem_size=1\nbuf_size=64\n";
	char path[] = "/tmp/test-dma-op-XXXXXX";
	char *file_op[] = { "t", "--config", path, "--op", "CRC32C", NULL };
	struct bench_options o;
	struct bench_config cfg;
	int fd;

	bench_config_init(&cfg);
	CHECK(parse_args(6, op, &o, &cfg) == 0 && cfg.nb_cases == 2);
	CHECK(cfg.cases[0].type == BENCH_CPU_COPY_CRC32C);
	CHECK(cfg.nb_cases == 2 && cfg.cases[1].type == BENCH_DMA_COPY_CRC32C);
	bench_config_free(&cfg);
	bench_config_init(&cfg);
	CHECK(parse_args(6, dif, &o, &cfg) == 0 && cfg.cases[0].type == BENCH_CPU_DIF_INSERT);
	CHECK(parse_args(4, bad_op, &o, &cfg) == -EINVAL &&
		strstr(err, "type 'CPU_MEMSET' is not one of") != NULL);
	/* the default sizes start at 64 B: not a whole DIF block */
	CHECK(parse_args(4, dif_size, &o, &cfg) == -EINVAL && strstr(err, "DIF blocks") != NULL);
	bench_config_free(&cfg);
	/* a file's cases keep their own types: --op alone with a file is refused */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, file_text, sizeof(file_text) - 1) == (ssize_t)sizeof(file_text) - 1);
	close(fd);
	CHECK(bench_options_parse(5, file_op, &o, err, sizeof(err)) == 0);
	bench_config_init(&cfg);
	CHECK(bench_options_build_config(&o, &cfg, err, sizeof(err)) == -EINVAL &&
		strstr(err, "--op, --mem-size") != NULL);
	bench_config_free(&cfg);
	unlink(path);
}

int
main(void)
{
	test_ranges();
	test_sample();
	test_global_and_new_form();
	test_op_types();
	test_errors();
	test_file_errors();
	test_args();
	test_args_op();
	return check_report("test-dma-config");
}
