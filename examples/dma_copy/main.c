/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-dma-copy: offload memory copies to a DMA device through DPDK's dmadev API.
 *
 * The whole life of a dmadev application, in this file and the helpers of
 * examples/common/example_dma.h (vchan set-up, the enqueue-submit-poll loop):
 *   1. find the device by name and configure one virtual channel (vchan);
 *   2. enqueue copies with rte_dma_copy(), ring the doorbell with rte_dma_submit();
 *   3. poll rte_dma_completed() and, when it reports an error, collect the status of
 *      every failed copy with rte_dma_completed_status();
 *   4. check the result: every destination byte equals its source byte.
 * A copy that the device failed is redone by the CPU and counted, so the data is always
 * right and the failure is visible in the output.
 *
 *   dsa-dma-copy [EAL options] -- [--dma NAME] [--count N] [--size BYTES]
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "example_args.h"
#include "example_dma.h"

#define VCHAN EXAMPLE_VCHAN

struct copy_options {
	const char *dma_name;	/* NULL: the first dmadev found */
	unsigned int count;	/* number of copies */
	unsigned int size;	/* bytes per copy */
};

struct copy_job {
	int16_t dev_id;
	uint16_t ring_size;
	uint8_t *src;
	uint8_t *dst;
	uint32_t size;
	uint32_t count;
	uint32_t done;		/* copies whose outcome is known, in order */
	uint32_t failed;	/* copies the device reported as failed */
	enum rte_dma_status_code *status;	/* scratch for rte_dma_completed_status() */
};

static void
usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [--dma NAME] [--count N] [--size BYTES]\n"
		"  --dma NAME    dmadev to use (default: the first one)\n"
		"  --count N     number of copies (default 4096)\n"
		"  --size BYTES  bytes per copy (default 2048)\n", prog);
}

static int
parse_args(int argc, char **argv, struct copy_options *opt)
{
	static const struct option longopts[] = {
		{ "dma", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opt->dma_name = optarg;
			break;
		case 'n':
			if (example_parse_uint(optarg, 1, 1u << 24, &opt->count) < 0) {
				fprintf(stderr, "bad --count '%s' (1..%u)\n", optarg, 1u << 24);
				return -EINVAL;
			}
			break;
		case 's':
			if (example_parse_uint(optarg, 1, 1u << 24, &opt->size) < 0) {
				fprintf(stderr, "bad --size '%s' (1..%u)\n", optarg, 1u << 24);
				return -EINVAL;
			}
			break;
		default:
			usage(argv[0]);
			return -EINVAL;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if ((uint64_t)opt->count * opt->size > (1ull << 30)) {
		fprintf(stderr, "--count x --size must stay within 1 GiB\n");
		return -EINVAL;
	}
	return 0;
}

static const char *
status_name(enum rte_dma_status_code st)
{
	switch (st) {
	case RTE_DMA_STATUS_SUCCESSFUL: return "successful";
	case RTE_DMA_STATUS_USER_ABORT: return "user abort";
	case RTE_DMA_STATUS_NOT_ATTEMPTED: return "not attempted";
	case RTE_DMA_STATUS_INVALID_SRC_ADDR: return "invalid source address";
	case RTE_DMA_STATUS_INVALID_DST_ADDR: return "invalid destination address";
	case RTE_DMA_STATUS_INVALID_ADDR: return "invalid address";
	case RTE_DMA_STATUS_INVALID_LENGTH: return "invalid length";
	case RTE_DMA_STATUS_INVALID_OPCODE: return "invalid opcode";
	case RTE_DMA_STATUS_BUS_READ_ERROR: return "bus read error";
	case RTE_DMA_STATUS_BUS_WRITE_ERROR: return "bus write error";
	case RTE_DMA_STATUS_BUS_ERROR: return "bus error";
	case RTE_DMA_STATUS_DATA_POISION: return "data poison";
	case RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR: return "descriptor read error";
	case RTE_DMA_STATUS_DEV_LINK_ERROR: return "device link error";
	case RTE_DMA_STATUS_PAGE_FAULT: return "page fault";
	default: return "unknown error";
	}
}

/* Step 1: one vchan for memory-to-memory copies, then start the device. */
static int
setup_dma(const char *name, struct copy_job *job)
{
	struct rte_dma_info info;
	int16_t id;
	int ret;

	id = name != NULL ? rte_dma_get_dev_id_by_name(name) : rte_dma_next_dev(0);
	if (id < 0) {
		fprintf(stderr, "no dmadev %s%s (is its driver loaded, its --vdev given?)\n",
			name != NULL ? "named " : "found", name != NULL ? name : "");
		return -ENODEV;
	}
	ret = rte_dma_info_get(id, &info);
	if (ret < 0)
		return ret;
	if (!(info.dev_capa & RTE_DMA_CAPA_MEM_TO_MEM) ||
			!(info.dev_capa & RTE_DMA_CAPA_OPS_COPY)) {
		fprintf(stderr, "dmadev %s cannot copy memory to memory\n", info.dev_name);
		return -ENOTSUP;
	}
	/* A ring of 1024 is plenty to keep a device busy, within the device's limits. */
	ret = example_dma_start(id, 1024);
	if (ret < 0)
		return ret;
	printf("dmadev %s (id %d): ring of %d descriptors, max %u\n",
		info.dev_name, id, ret, info.max_desc);
	job->dev_id = id;
	job->ring_size = (uint16_t)ret;
	return 0;
}

/* Copy i is src[i * size...] to dst[i * size...]; the source bytes depend on i. */
static void
fill_source(struct copy_job *job)
{
	uint64_t n = (uint64_t)job->count * job->size;
	uint64_t i;

	for (i = 0; i < n; i++)
		job->src[i] = (uint8_t)(i * 7 + i / 251);
	memset(job->dst, 0, n);
}

/*
 * Step 3: learn the outcome of finished copies. Completions arrive in the order of
 * enqueue, so the next outcome always belongs to copy number job->done.
 */
static int
poll_completions(struct copy_job *job)
{
	uint16_t last_idx, n, i;
	bool has_error = false;

	n = rte_dma_completed(job->dev_id, VCHAN, job->ring_size, &last_idx, &has_error);
	job->done += n;
	if (!has_error)
		return n;

	/* rte_dma_completed() stopped at a failed copy: fetch its status and the rest. */
	n = rte_dma_completed_status(job->dev_id, VCHAN, job->ring_size, &last_idx,
		job->status);
	for (i = 0; i < n; i++, job->done++) {
		size_t off = (size_t)job->done * job->size;

		if (job->status[i] == RTE_DMA_STATUS_SUCCESSFUL)
			continue;
		job->failed++;
		printf("copy %u failed: %s (status %d); redone by the CPU\n",
			job->done, status_name(job->status[i]), job->status[i]);
		memcpy(job->dst + off, job->src + off, job->size);
	}
	return n;
}

/* Step 2, one copy: copy i, not submitted yet; returns its ring index or an error. */
static int
enqueue_copy(void *arg, uint32_t i)
{
	struct copy_job *job = arg;
	size_t off = (size_t)i * job->size;

	return rte_dma_copy(job->dev_id, VCHAN, rte_mem_virt2iova(job->src + off),
		rte_mem_virt2iova(job->dst + off), job->size, 0);
}

static int
poll_job(void *arg)
{
	return poll_completions(arg);
}

/*
 * Step 2: enqueue every copy; when the ring is full (-ENOSPC), submit and
 * make room; in the end submit and wait for the last completions.
 */
static int
run_copies(struct copy_job *job)
{
	const struct example_dma_jobs jobs = {
		.dev_id = job->dev_id, .count = job->count, .what = "copies",
		.enqueue = enqueue_copy, .poll = poll_job, .done = &job->done, .arg = job,
	};

	return example_dma_run(&jobs);
}

/* Step 4: the destination must equal the source, copy by copy. */
static uint32_t
count_bad_copies(const struct copy_job *job)
{
	uint32_t i, bad = 0;

	for (i = 0; i < job->count; i++) {
		size_t off = (size_t)i * job->size;

		if (memcmp(job->dst + off, job->src + off, job->size) != 0) {
			if (bad < 10)
				printf("copy %u: destination differs from source\n", i);
			bad++;
		}
	}
	return bad;
}

static void
print_stats(const struct copy_job *job)
{
	struct rte_dma_stats st;

	if (rte_dma_stats_get(job->dev_id, VCHAN, &st) == 0)
		printf("dmadev stats: submitted %" PRIu64 " completed %" PRIu64
			" errors %" PRIu64 "\n", st.submitted, st.completed, st.errors);
}

static int
copy_main(const struct copy_options *opt)
{
	struct copy_job job = { .size = opt->size, .count = opt->count };
	size_t bytes = (size_t)opt->count * opt->size;
	uint32_t bad;
	int ret;

	ret = setup_dma(opt->dma_name, &job);
	if (ret < 0)
		return ret;
	/*
	 * DPDK memory has an IOVA the device can use; rte_mem_virt2iova() gives it for
	 * any address inside, since a large buffer need not be IOVA-contiguous.
	 */
	job.src = rte_malloc("copy_src", bytes, 64);
	job.dst = rte_malloc("copy_dst", bytes, 64);
	job.status = rte_malloc("copy_status", sizeof(*job.status) * job.ring_size, 0);
	if (job.src == NULL || job.dst == NULL || job.status == NULL) {
		fprintf(stderr, "cannot allocate 2 x %zu bytes of DPDK memory\n", bytes);
		ret = -ENOMEM;
		goto out;
	}
	fill_source(&job);
	ret = run_copies(&job);
	print_stats(&job);
	if (ret < 0)
		goto out;
	bad = count_bad_copies(&job);
	printf("copies: %u of %u bytes, device ok %u, device failed %u (redone by CPU), "
		"bad after check %u\n", job.count, job.size, job.count - job.failed,
		job.failed, bad);
	ret = bad == 0 ? 0 : -EIO;
	printf("result: %s\n", ret == 0 ? "PASS" : "FAIL");
out:
	rte_dma_stop(job.dev_id);
	rte_free(job.status);
	rte_free(job.dst);
	rte_free(job.src);
	return ret;
}

int
main(int argc, char **argv)
{
	struct copy_options opt = { .count = 4096, .size = 2048 };
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
		ret = copy_main(&opt);
	rte_eal_cleanup();
	return ret == 0 ? 0 : 1;
}
