/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dmadev steps the one-file examples share: set up a vchan, and run a
 * number of jobs through it (enqueue until the ring is full, submit, poll,
 * and in the end wait for the last completions).
 */

#ifndef EXAMPLE_DMA_H
#define EXAMPLE_DMA_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>

#define EXAMPLE_VCHAN 0
/* How long a program waits for the device to finish outstanding jobs. */
#define EXAMPLE_DRAIN_TIMEOUT_S 30

/*
 * Configure one memory-to-memory vchan of about RING descriptors (within
 * the device's limits) on dmadev ID and start it. Returns the ring size, or
 * a negative errno with the reason printed.
 */
static inline int
example_dma_start(int16_t id, uint16_t ring)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = { .direction = RTE_DMA_DIR_MEM_TO_MEM };
	struct rte_dma_info info;
	int ret;

	ret = rte_dma_info_get(id, &info);
	if (ret < 0)
		return ret;
	vconf.nb_desc = RTE_MAX(RTE_MIN(ring, info.max_desc), info.min_desc);
	ret = rte_dma_configure(id, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(id, EXAMPLE_VCHAN, &vconf);
	if (ret == 0)
		ret = rte_dma_start(id);
	if (ret < 0) {
		fprintf(stderr, "cannot set up dmadev %s: %s\n", info.dev_name, strerror(-ret));
		return ret;
	}
	return vconf.nb_desc;
}

/* What example_dma_run does with a program's jobs */
struct example_dma_jobs {
	int16_t dev_id;
	uint32_t count;		/* jobs to run */
	const char *what;	/* what a job is, for messages: "copies" */
	/* enqueue job I (without submitting); returns as rte_dma_copy() */
	int (*enqueue)(void *arg, uint32_t i);
	/* poll completions once; returns how many jobs it retired */
	int (*poll)(void *arg);
	const uint32_t *done;	/* jobs retired so far, advanced by poll */
	void *arg;
};

/*
 * Enqueue every job; when the ring is full, submit and poll to make room.
 * Then submit and poll until every job is retired, or the device has been
 * silent for EXAMPLE_DRAIN_TIMEOUT_S. Returns 0 or a negative errno.
 */
static inline int
example_dma_run(const struct example_dma_jobs *j)
{
	uint64_t deadline;
	uint32_t i = 0;
	int idx;

	while (i < j->count) {
		idx = j->enqueue(j->arg, i);
		if (idx == -ENOSPC) {
			rte_dma_submit(j->dev_id, EXAMPLE_VCHAN);
			j->poll(j->arg);
			continue;
		}
		if (idx < 0) {
			fprintf(stderr, "enqueue of %s: %s\n", j->what, strerror(-idx));
			return idx;
		}
		i++;
	}
	rte_dma_submit(j->dev_id, EXAMPLE_VCHAN);
	deadline = rte_get_timer_cycles() + EXAMPLE_DRAIN_TIMEOUT_S * rte_get_timer_hz();
	while (*j->done < j->count) {
		if (j->poll(j->arg) == 0 && rte_get_timer_cycles() > deadline) {
			fprintf(stderr, "timeout: %u of %u %s never completed\n",
				j->count - *j->done, j->count, j->what);
			return -ETIMEDOUT;
		}
	}
	return 0;
}

#endif /* EXAMPLE_DMA_H */
