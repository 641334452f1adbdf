/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The copy fallback (see dma_fallback.h): a dmadev registered by this program that passes
 * every call on to the device behind it, and remembers each copy's source, destination and
 * length under its job id. When the device reports an error, the fallback takes the status
 * of every copy from there on (rte_dma_completed_status), redoes with memcpy() those that
 * did not succeed, counts them, and reports them all completed: the caller sees a device
 * that never fails and never stalls, the counters show what the CPU did. The CPU copies
 * at the very addresses the device was given: a page the device could not reach (not
 * present, or its mapping gone) is faulted in; an address wrong for the CPU as well would
 * crash the program rather than corrupt data quietly.
 *
 * Like any dmadev, one vchan is driven by one thread at a time (the vhost library holds a
 * lock per vchan); the counters are also read by the statistics printer.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <dev_driver.h>
#include <rte_common.h>
#include <rte_dmadev_pmd.h>
#include <rte_eal.h>
#include <rte_malloc.h>

#include "dma_fallback.h"

struct fallback_job {
	rte_iova_t src;
	rte_iova_t dst;
	uint32_t len;
};

/* The dmadev's private data */
struct dma_fallback {
	int16_t dma_id;			/* the device doing the copies */
	uint16_t mask;			/* jobs[] and status[] have mask + 1 entries */
	struct fallback_job *jobs;	/* by job id & mask */
	enum rte_dma_status_code *status;	/* scratch for the device's statuses */
	uint64_t failed;
	uint64_t not_attempted;
	struct rte_device device;	/* what rte_dma_info_get() takes the NUMA node from */
};

/* ---- data path ---- */

static int
fallback_copy(void *priv, uint16_t vchan, rte_iova_t src, rte_iova_t dst, uint32_t len,
	uint64_t flags)
{
	struct dma_fallback *fb = priv;
	int idx = rte_dma_copy(fb->dma_id, vchan, src, dst, len, flags);

	if (idx >= 0)
		fb->jobs[idx & fb->mask] = (struct fallback_job){ src, dst, len };
	return idx;
}

static int
fallback_submit(void *priv, uint16_t vchan)
{
	const struct dma_fallback *fb = priv;

	return rte_dma_submit(fb->dma_id, vchan);
}

static uint16_t
fallback_burst_capacity(const void *priv, uint16_t vchan)
{
	const struct dma_fallback *fb = priv;

	return rte_dma_burst_capacity(fb->dma_id, vchan);
}

/*
 * The device's next completions with their statuses: the copies it did not do are
 * done here, with the CPU (IOVA is VA), and reported successful like the others.
 */
static uint16_t
fallback_completed_status(void *priv, uint16_t vchan, const uint16_t nb_cpls,
	uint16_t *last_idx, enum rte_dma_status_code *status)
{
	struct dma_fallback *fb = priv;
	uint16_t n = rte_dma_completed_status(fb->dma_id, vchan, nb_cpls, last_idx, status);
	uint16_t id, i;

	if (n == 0)
		return 0;
	for (i = 0, id = *last_idx - n + 1; i < n; i++, id++) {
		const struct fallback_job *job = &fb->jobs[id & fb->mask];

		if (status[i] == RTE_DMA_STATUS_SUCCESSFUL)
			continue;
		memcpy((void *)(uintptr_t)job->dst, (const void *)(uintptr_t)job->src, job->len);
		__atomic_fetch_add(status[i] == RTE_DMA_STATUS_NOT_ATTEMPTED ?
			&fb->not_attempted : &fb->failed, 1, __ATOMIC_RELAXED);
		status[i] = RTE_DMA_STATUS_SUCCESSFUL;
	}
	return n;
}

static uint16_t
fallback_completed(void *priv, uint16_t vchan, const uint16_t nb_cpls, uint16_t *last_idx,
	bool *has_error)
{
	struct dma_fallback *fb = priv;
	uint16_t n = rte_dma_completed(fb->dma_id, vchan, nb_cpls, last_idx, has_error);
	uint16_t more, last = 0;

	if (!*has_error)
		return n;
	/* The device stopped at a failed copy: take it and those after it, redone or done. */
	*has_error = false;
	if (n == nb_cpls)
		return n;
	more = fallback_completed_status(fb, vchan, RTE_MIN(nb_cpls - n, fb->mask + 1), &last,
		fb->status);
	if (more != 0)
		*last_idx = last;
	return n + more;
}

/* ---- control path: the device behind does the work ---- */

static int
fallback_info_get(const struct rte_dma_dev *dev, struct rte_dma_info *info, uint32_t size)
{
	const struct dma_fallback *fb = dev->data->dev_private;
	int ret;

	RTE_SET_USED(size);
	ret = rte_dma_info_get(fb->dma_id, info);
	if (ret < 0)
		return ret;
	/* Plain copies on one vchan: what the vhost library uses, and what is redone. */
	info->dev_capa &= RTE_DMA_CAPA_MEM_TO_MEM | RTE_DMA_CAPA_SVA | RTE_DMA_CAPA_OPS_COPY;
	info->max_vchans = 1;
	info->max_sges = 0;
	return 0;
}

static int
fallback_configure(struct rte_dma_dev *dev, const struct rte_dma_conf *conf, uint32_t size)
{
	const struct dma_fallback *fb = dev->data->dev_private;

	RTE_SET_USED(size);
	return rte_dma_configure(fb->dma_id, conf);
}

static void
free_jobs(struct dma_fallback *fb)
{
	rte_free(fb->jobs);
	rte_free(fb->status);
	fb->jobs = NULL;
	fb->status = NULL;
}

/*
 * A device never has more copies outstanding than its ring, which ring-based dmadevs round
 * up to a power of two: one entry per outstanding job id, found by id & mask.
 */
static int
fallback_vchan_setup(struct rte_dma_dev *dev, uint16_t vchan,
	const struct rte_dma_vchan_conf *conf, uint32_t size)
{
	struct dma_fallback *fb = dev->data->dev_private;
	uint32_t entries = rte_align32pow2(conf->nb_desc);
	int ret;

	RTE_SET_USED(size);
	ret = rte_dma_vchan_setup(fb->dma_id, vchan, conf);
	if (ret < 0)
		return ret;
	free_jobs(fb);
	fb->jobs = rte_calloc_socket("dma_fallback_jobs", entries, sizeof(*fb->jobs), 0,
		dev->data->numa_node);
	fb->status = rte_calloc_socket("dma_fallback_status", entries, sizeof(*fb->status), 0,
		dev->data->numa_node);
	if (fb->jobs == NULL || fb->status == NULL) {
		free_jobs(fb);
		return -ENOMEM;
	}
	fb->mask = entries - 1;
	return 0;
}

static int
fallback_start(struct rte_dma_dev *dev)
{
	const struct dma_fallback *fb = dev->data->dev_private;

	return rte_dma_start(fb->dma_id);
}

static int
fallback_stop(struct rte_dma_dev *dev)
{
	const struct dma_fallback *fb = dev->data->dev_private;

	return rte_dma_stop(fb->dma_id);
}

static int
fallback_close(struct rte_dma_dev *dev)
{
	struct dma_fallback *fb = dev->data->dev_private;
	int ret = rte_dma_close(fb->dma_id);

	if (ret == 0)
		free_jobs(fb);
	return ret;
}

static int
fallback_stats_get(const struct rte_dma_dev *dev, uint16_t vchan, struct rte_dma_stats *stats,
	uint32_t size)
{
	const struct dma_fallback *fb = dev->data->dev_private;

	RTE_SET_USED(size);
	return rte_dma_stats_get(fb->dma_id, vchan, stats);
}

static int
fallback_stats_reset(struct rte_dma_dev *dev, uint16_t vchan)
{
	const struct dma_fallback *fb = dev->data->dev_private;

	return rte_dma_stats_reset(fb->dma_id, vchan);
}

static int
fallback_vchan_status(const struct rte_dma_dev *dev, uint16_t vchan,
	enum rte_dma_vchan_status *status)
{
	const struct dma_fallback *fb = dev->data->dev_private;

	return rte_dma_vchan_status(fb->dma_id, vchan, status);
}

static int
fallback_dump(const struct rte_dma_dev *dev, FILE *f)
{
	const struct dma_fallback *fb = dev->data->dev_private;
	struct dma_fallback_stats st;

	dma_fallback_stats_get(fb, &st);
	fprintf(f, "  copy fallback: redone by the CPU %" PRIu64 " failed, %" PRIu64
		" not attempted\n", st.failed, st.not_attempted);
	return rte_dma_dump(fb->dma_id, f);
}

static const struct rte_dma_dev_ops fallback_ops = {
	.dev_info_get = fallback_info_get,
	.dev_configure = fallback_configure,
	.dev_start = fallback_start,
	.dev_stop = fallback_stop,
	.dev_close = fallback_close,
	.vchan_setup = fallback_vchan_setup,
	.stats_get = fallback_stats_get,
	.stats_reset = fallback_stats_reset,
	.vchan_status = fallback_vchan_status,
	.dev_dump = fallback_dump,
};

int
dma_fallback_create(int16_t dma_id, struct dma_fallback **out)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	struct rte_dma_info info;
	struct rte_dma_dev *dev;
	struct dma_fallback *fb;
	int ret;

	if (rte_eal_iova_mode() != RTE_IOVA_VA)
		return -ENOTSUP;
	ret = rte_dma_info_get(dma_id, &info);
	if (ret < 0)
		return ret;
	if (snprintf(name, sizeof(name), "%s-fallback", info.dev_name) >= (int)sizeof(name))
		return -ENAMETOOLONG;
	if (rte_dma_get_dev_id_by_name(name) >= 0)
		return -EEXIST;
	dev = rte_dma_pmd_allocate(name, info.numa_node, sizeof(*fb));
	if (dev == NULL)
		return -ENOMEM;
	fb = dev->data->dev_private;
	fb->dma_id = dma_id;
	fb->device.name = dev->data->dev_name;
	fb->device.numa_node = info.numa_node;
	dev->device = &fb->device;
	dev->dev_ops = &fallback_ops;
	dev->fp_obj->dev_private = fb;
	dev->fp_obj->copy = fallback_copy;
	dev->fp_obj->submit = fallback_submit;
	dev->fp_obj->completed = fallback_completed;
	dev->fp_obj->completed_status = fallback_completed_status;
	dev->fp_obj->burst_capacity = fallback_burst_capacity;
	dev->state = RTE_DMA_DEV_READY;
	*out = fb;
	return dev->data->dev_id;
}

void
dma_fallback_stats_get(const struct dma_fallback *fb, struct dma_fallback_stats *st)
{
	st->failed = __atomic_load_n(&fb->failed, __ATOMIC_RELAXED);
	st->not_attempted = __atomic_load_n(&fb->not_attempted, __ATOMIC_RELAXED);
}
