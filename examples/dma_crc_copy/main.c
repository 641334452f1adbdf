/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-dma-crc-copy: CRC-checked copies with DSA's copy with CRC-32C.
 *
 * Records of data are produced with their CRC-32C, computed by the CPU when
 * they are written (as a storage or network stack stores a checksum with
 * its data). The program moves every record to a new place with
 * rte_pmd_dsa_copy_crc32c(): one job copies the record and computes the CRC
 * of what it read, so the check of the copy costs the CPU nothing. Each
 * record is then accepted when the device's CRC equals the one recorded,
 * and refused when not: --corrupt N damages every N-th record after its
 * CRC was recorded, as a memory error would, and those must be refused.
 *
 *   1. find a dmadev of the DSA driver that advertises copy with CRC-32C
 *      (rte_pmd_dsa_op_supported) and set up one vchan;
 *   2. enqueue one copy with CRC-32C per record, each with its own struct
 *      rte_pmd_dsa_result, submit, and poll completions as for copies: the
 *      driver writes each job's result when rte_dma_completed() reports it;
 *   3. compare every CRC with the recorded one, and every copy with its
 *      source. A job the device failed is redone by the CPU and counted.
 *
 * The driver is linked into the program (rte_pmd_dsa.h is its own API):
 * give its device with --vdev or the PCI address, without -d.
 *
 *   dsa-dma-crc-copy [EAL options] -- [--dma NAME] [--count N] [--size BYTES]
 *                                     [--corrupt N]
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_pmd_dsa.h>

#include "example_args.h"
#include "example_dma.h"

#define VCHAN EXAMPLE_VCHAN
#define RING_SIZE 1024
/* Records reported one by one; the rest are counted. */
#define MAX_REPORTED 10

struct crc_options {
	const char *dma_name;	/* NULL: the first dmadev of the DSA driver */
	unsigned int count;	/* number of records */
	unsigned int size;	/* bytes per record */
	unsigned int corrupt;	/* damage every N-th record; 0: none */
};

struct crc_job {
	int16_t dev_id;
	uint16_t ring_size;
	uint8_t *src;
	uint8_t *dst;
	uint32_t size;
	uint32_t stride;	/* bytes from one record to the next: 64-B slots */
	uint32_t count;
	uint32_t *recorded;	/* the CRC each record was written with */
	struct rte_pmd_dsa_result *results;	/* one per record, the driver's until done */
	uint32_t done;		/* records whose job is reported, in order */
	uint32_t failed;	/* jobs the device failed, redone by the CPU */
	enum rte_dma_status_code status[RING_SIZE];
};

static void
usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [--dma NAME] [--count N] [--size BYTES] "
		"[--corrupt N]\n"
		"  --dma NAME    dmadev of the DSA driver (default: the first one)\n"
		"  --count N     number of records (default 4096)\n"
		"  --size BYTES  bytes per record (default 4096)\n"
		"  --corrupt N   damage every N-th record after its CRC was recorded "
		"(default 0: none)\n", prog);
}

static int
parse_number(const char *name, const char *arg, unsigned int min, unsigned int max,
	unsigned int *out)
{
	if (example_parse_uint(arg, min, max, out) == 0)
		return 0;
	fprintf(stderr, "bad --%s '%s' (%u..%u)\n", name, arg, min, max);
	return -EINVAL;
}

static int
parse_args(int argc, char **argv, struct crc_options *opt)
{
	static const struct option longopts[] = {
		{ "dma", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "corrupt", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret = 0;

	while (ret == 0 && (c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opt->dma_name = optarg;
			break;
		case 'n':
			ret = parse_number("count", optarg, 1, 1u << 24, &opt->count);
			break;
		case 's':
			ret = parse_number("size", optarg, 1, 1u << 20, &opt->size);
			break;
		case 'c':
			ret = parse_number("corrupt", optarg, 0, 1u << 24, &opt->corrupt);
			break;
		default:
			usage(argv[0]);
			return -EINVAL;
		}
	}
	if (ret != 0)
		return ret;
	if (optind != argc) {
		fprintf(stderr, "unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if ((uint64_t)opt->count * RTE_ALIGN_CEIL(opt->size, RTE_CACHE_LINE_SIZE) > (1ull << 30)) {
		fprintf(stderr, "--count x --size (in 64-B slots) must stay within 1 GiB\n");
		return -EINVAL;
	}
	return 0;
}

/* The standard CRC-32C (inverted before and after), by DPDK's rte_hash_crc. */
static uint32_t
cpu_crc32c(const void *data, uint32_t len)
{
	return ~rte_hash_crc(data, len, 0xffffffffu);
}

/* The named dmadev, or the first of the DSA driver; it must have copy with CRC. */
static int
find_dsa(const char *name, int16_t *dev_id)
{
	struct rte_dma_info info;
	int16_t id;
	int ret;

	if (name != NULL) {
		id = (int16_t)rte_dma_get_dev_id_by_name(name);
		if (id < 0) {
			fprintf(stderr, "no dmadev named %s (is its --vdev given?)\n", name);
			return -ENODEV;
		}
	} else {
		RTE_DMA_FOREACH_DEV(id)
			if (rte_pmd_dsa_op_supported(id, RTE_PMD_DSA_OP_COPY_CRC32C) >= 0)
				break;
		if (id < 0) {
			fprintf(stderr, "no dmadev of the DSA driver found\n");
			return -ENODEV;
		}
	}
	rte_dma_info_get(id, &info);
	ret = rte_pmd_dsa_op_supported(id, RTE_PMD_DSA_OP_COPY_CRC32C);
	if (ret == -ENODEV) {
		fprintf(stderr, "dmadev %s is not a DSA device: copy with CRC-32C is DSA's\n",
			info.dev_name);
		return ret;
	}
	if (ret != 1) {
		fprintf(stderr, "the DSA device of %s does not support copy with CRC-32C\n",
			info.dev_name);
		return -ENOTSUP;
	}
	*dev_id = id;
	return 0;
}

/* Step 1: one vchan for memory-to-memory jobs, then start the device. */
static int
setup_dma(const char *name, struct crc_job *job)
{
	struct rte_dma_info info;
	int ret;

	ret = find_dsa(name, &job->dev_id);
	if (ret < 0)
		return ret;
	ret = example_dma_start(job->dev_id, RING_SIZE);
	if (ret < 0)
		return ret;
	rte_dma_info_get(job->dev_id, &info);
	printf("dmadev %s (id %d): ring of %d descriptors, copy with CRC-32C supported\n",
		info.dev_name, job->dev_id, ret);
	job->ring_size = (uint16_t)ret;
	return 0;
}

/* Whether record r is one that --corrupt damages */
static bool
is_damaged(uint32_t r, unsigned int corrupt)
{
	return corrupt > 0 && (r + 1) % corrupt == 0;
}

/* Where record r is, in the source and in the destination */
static size_t
offset_of(const struct crc_job *job, uint32_t r)
{
	return (size_t)r * job->stride;
}

/* Write the records and their CRCs; then damage every corrupt-th one. */
static uint32_t
produce_records(struct crc_job *job, unsigned int corrupt)
{
	uint64_t n = (uint64_t)job->count * job->stride, i;
	uint32_t r, damaged = 0;

	for (i = 0; i < n; i++)
		job->src[i] = (uint8_t)(i * 13 + i / 509);
	memset(job->dst, 0, n);
	for (r = 0; r < job->count; r++) {
		job->recorded[r] = cpu_crc32c(job->src + offset_of(job, r), job->size);
		if (is_damaged(r, corrupt)) {
			job->src[offset_of(job, r) + r % job->size] ^= 0x10;
			damaged++;
		}
	}
	return damaged;
}

/* A job the device failed: the CPU copies the record and computes its CRC. */
static void
redo_by_cpu(struct crc_job *job, uint32_t r, enum rte_dma_status_code st)
{
	size_t off = offset_of(job, r);

	job->failed++;
	if (job->failed <= MAX_REPORTED)
		printf("record %u: the job failed (status %d, device status %#x); "
			"redone by the CPU\n", r, st, job->results[r].dsa_status);
	memcpy(job->dst + off, job->src + off, job->size);
	job->results[r].crc = cpu_crc32c(job->dst + off, job->size);
}

/*
 * Step 2, completions: in enqueue order, so the next one is record
 * job->done; the driver has written the result of each one reported.
 */
static int
poll_completions(struct crc_job *job)
{
	uint16_t last_idx, n, i;
	bool has_error = false;

	n = rte_dma_completed(job->dev_id, VCHAN, job->ring_size, &last_idx, &has_error);
	job->done += n;
	if (!has_error)
		return n;
	n = rte_dma_completed_status(job->dev_id, VCHAN, job->ring_size, &last_idx,
		job->status);
	for (i = 0; i < n; i++, job->done++)
		if (job->status[i] != RTE_DMA_STATUS_SUCCESSFUL)
			redo_by_cpu(job, job->done, job->status[i]);
	return n;
}

/* Step 2, one job: record r's copy with CRC-32C into its own result. */
static int
enqueue_record(void *arg, uint32_t r)
{
	struct crc_job *job = arg;
	size_t off = offset_of(job, r);

	return rte_pmd_dsa_copy_crc32c(job->dev_id, VCHAN, rte_mem_virt2iova(job->src + off),
		rte_mem_virt2iova(job->dst + off), job->size, 0, &job->results[r], 0);
}

static int
poll_job(void *arg)
{
	return poll_completions(arg);
}

/* Step 2: a job per record; when the ring is full, submit and make room. */
static int
run_jobs(struct crc_job *job)
{
	const struct example_dma_jobs jobs = {
		.dev_id = job->dev_id, .count = job->count, .what = "copies with CRC-32C",
		.enqueue = enqueue_record, .poll = poll_job, .done = &job->done, .arg = job,
	};

	return example_dma_run(&jobs);
}

/* What step 3 found */
struct crc_verdicts {
	uint32_t refused;	/* CRC of the copy differs from the recorded one */
	uint32_t wrong;		/* refused but intact, or accepted but damaged */
	uint32_t bad_copies;	/* the copy differs from its source */
};

/*
 * Step 3: accept a record whose copy has the recorded CRC. The program
 * knows which records it damaged, so it also checks every verdict.
 */
static void
check_records(const struct crc_job *job, unsigned int corrupt, struct crc_verdicts *v)
{
	uint32_t r;

	memset(v, 0, sizeof(*v));
	for (r = 0; r < job->count; r++) {
		size_t off = offset_of(job, r);
		bool refused = job->results[r].crc != job->recorded[r];

		v->refused += refused;
		if (refused && v->refused <= MAX_REPORTED)
			printf("record %u refused: CRC-32C %#010x of the copy, %#010x recorded\n",
				r, job->results[r].crc, job->recorded[r]);
		if (refused != is_damaged(r, corrupt) && ++v->wrong <= MAX_REPORTED)
			printf("record %u: %s, but it is %s\n", r,
				refused ? "refused" : "accepted", refused ? "intact" : "damaged");
		if (memcmp(job->dst + off, job->src + off, job->size) != 0 &&
				++v->bad_copies <= MAX_REPORTED)
			printf("record %u: the copy differs from its source\n", r);
	}
}

static int
alloc_job(struct crc_job *job)
{
	size_t bytes = (size_t)job->count * job->stride;

	job->src = rte_malloc("crc_src", bytes, 64);
	job->dst = rte_malloc("crc_dst", bytes, 64);
	job->recorded = calloc(job->count, sizeof(*job->recorded));
	job->results = calloc(job->count, sizeof(*job->results));
	if (job->src == NULL || job->dst == NULL || job->recorded == NULL ||
			job->results == NULL) {
		fprintf(stderr, "cannot allocate 2 x %zu bytes of DPDK memory\n", bytes);
		return -ENOMEM;
	}
	return 0;
}

static void
free_job(struct crc_job *job)
{
	rte_free(job->src);
	rte_free(job->dst);
	free(job->recorded);
	free(job->results);
}

static int
crc_copy_main(const struct crc_options *opt)
{
	struct crc_job *job = calloc(1, sizeof(*job));
	struct crc_verdicts v;
	uint32_t damaged;
	int ret;

	if (job == NULL)
		return -ENOMEM;
	job->size = opt->size;
	job->stride = RTE_ALIGN_CEIL(opt->size, RTE_CACHE_LINE_SIZE);
	job->count = opt->count;
	ret = setup_dma(opt->dma_name, job);
	if (ret < 0) {
		free(job);
		return ret;
	}
	ret = alloc_job(job);
	if (ret < 0)
		goto out;
	damaged = produce_records(job, opt->corrupt);
	ret = run_jobs(job);
	if (ret < 0)
		goto out;
	check_records(job, opt->corrupt, &v);
	printf("records: %u of %u bytes, damaged %u, copied by the device %u, failed %u "
		"(redone by the CPU), CRC accepted %u, refused %u, wrong verdicts %u, "
		"bad copies %u\n", job->count, job->size, damaged, job->count - job->failed,
		job->failed, job->count - v.refused, v.refused, v.wrong, v.bad_copies);
	ret = v.wrong == 0 && v.bad_copies == 0 ? 0 : -EIO;
	printf("result: %s\n", ret == 0 ? "PASS" : "FAIL");
out:
	rte_dma_stop(job->dev_id);
	free_job(job);
	free(job);
	return ret;
}

int
main(int argc, char **argv)
{
	struct crc_options opt = { .count = 4096, .size = 4096 };
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "cannot initialise EAL: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	ret = parse_args(argc, argv, &opt);
	if (ret == 0)
		ret = crc_copy_main(&opt);
	rte_eal_cleanup();
	return ret == 0 ? 0 : 1;
}
