/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <inttypes.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dmadev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "bench_env.h"
#include "bench_job.h"

static int
env_fail(char *err, size_t err_len, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	return rc;
}

/* "dma_skeleton, dma_dsa_model0-wq0" or "none" */
static void
device_names(char *buf, size_t len)
{
	struct rte_dma_info info;
	size_t used = 0;
	int16_t id;

	buf[0] = '\0';
	RTE_DMA_FOREACH_DEV(id) {
		if (rte_dma_info_get(id, &info) != 0 || used >= len)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
			info.dev_name);
	}
	if (used == 0)
		snprintf(buf, len, "none");
}

static int16_t
find_device(const char *name)
{
	struct rte_dma_info info;
	int16_t id;
	int ret;

	ret = rte_dma_get_dev_id_by_name(name);
	if (ret >= 0)
		return (int16_t)ret;
	RTE_DMA_FOREACH_DEV(id) {
		if (rte_dma_info_get(id, &info) == 0 && fnmatch(name, info.dev_name, 0) == 0)
			return id;
	}
	return -1;
}

static int
check_device(const struct bench_case *c, unsigned int w, int16_t id, char *err, size_t err_len)
{
	struct rte_dma_info info;
	uint64_t lo = bench_range_min(&c->ring_size), hi = bench_range_max(&c->ring_size);

	if (rte_dma_info_get(id, &info) != 0)
		return env_fail(err, err_len, -ENODEV, "[%s]: %s: no device info", c->name,
			c->workers[w].dev);
	if (!(info.dev_capa & RTE_DMA_CAPA_MEM_TO_MEM) || !(info.dev_capa & RTE_DMA_CAPA_OPS_COPY))
		return env_fail(err, err_len, -ENOTSUP,
			"[%s]: %s cannot do memory-to-memory copies", c->name, info.dev_name);
	if (lo < info.min_desc || hi > info.max_desc)
		return env_fail(err, err_len, -EINVAL,
			"[%s]: dma_ring_size %" PRIu64 "..%" PRIu64 " is outside %s's %u..%u",
			c->name, lo, hi, info.dev_name, info.min_desc, info.max_desc);
	return 0;
}

/* A DSA type's device: a dsa dmadev whose device has the operation */
static int
check_dsa_op(const struct bench_case *c, int16_t id, char *err, size_t err_len)
{
	const struct bench_kind *k = bench_kind_of(bench_type_op(c->type));
	const struct bench_dsa_api *api;
	struct rte_dma_info info;
	int ret;

	if (!k->dsa)
		return 0;
	rte_dma_info_get(id, &info);
	api = bench_dsa_api();
	if (api == NULL)
		return env_fail(err, err_len, -ENOTSUP, "[%s]: %s runs only on a dsa dmadev, and "
			"the DSA driver is not loaded (EAL -d librte_dma_dsa.so)", c->name,
			bench_type_name(c->type));
	ret = api->op_supported(id, (enum rte_pmd_dsa_op)k->dsa_op);
	if (ret == -ENODEV)
		return env_fail(err, err_len, -ENOTSUP, "[%s]: %s runs only on a dsa dmadev; "
			"%s is not one", c->name, bench_type_name(c->type), info.dev_name);
	if (ret != 1)
		return env_fail(err, err_len, -ENOTSUP, "[%s]: %s: the device of %s does not "
			"support the operation", c->name, bench_type_name(c->type), info.dev_name);
	return 0;
}

static int
check_lcore(const struct bench_case *c, unsigned int lcore, char *err, size_t err_len)
{
	if (lcore >= RTE_MAX_LCORE || !rte_lcore_is_enabled(lcore))
		return env_fail(err, err_len, -EINVAL,
			"[%s]: lcore %u is not enabled in EAL (%u lcores enabled; give EAL -l)",
			c->name, lcore, rte_lcore_count());
	if (lcore == rte_get_main_lcore())
		return env_fail(err, err_len, -EINVAL,
			"[%s]: lcore %u is the main lcore, which coordinates; use a worker lcore",
			c->name, lcore);
	return 0;
}

static int
check_numa(const struct bench_case *c, int node, char *err, size_t err_len)
{
	unsigned int i;

	if (node == BENCH_NUMA_ANY)
		return 0;
	for (i = 0; i < rte_socket_count(); i++)
		if (rte_socket_id_by_idx(i) == node)
			return 0;
	return env_fail(err, err_len, -EINVAL, "[%s]: NUMA node %d has no EAL memory "
		"(%u node(s) known)", c->name, node, rte_socket_count());
}

/* The most destination memory a scenario of the case needs */
static size_t
max_dst_len(const struct bench_case *c)
{
	uint64_t mem = bench_range_max(&c->mem_size) * BENCH_MIB, len, max = 0;
	uint32_t i;

	for (i = 0; i < bench_range_count(&c->buf_size); i++) {
		uint64_t buf = bench_range_value(&c->buf_size, i);

		len = bench_dst_bytes(c, mem / buf, buf);
		max = RTE_MAX(max, len);
	}
	return (size_t)max;
}

/* Allocate the case's largest buffers for all its workers at once, then free. */
static int
check_memory(const struct bench_case *c, char *err, size_t err_len)
{
	size_t len = bench_range_max(&c->mem_size) * BENCH_MIB, dst_len = max_dst_len(c);
	void *bufs[2 * BENCH_MAX_WORKERS] = { NULL };
	unsigned int i, n = 2 * c->nb_workers;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++) {
		if (i % 2 && dst_len == 0)
			continue;
		bufs[i] = rte_malloc_socket("bench-check", i % 2 ? dst_len : len, 4096,
			i % 2 ? c->dst_numa : c->src_numa);
		if (bufs[i] == NULL)
			ret = env_fail(err, err_len, -ENOMEM,
				"[%s]: cannot allocate %u x %" PRIu64 " MiB of EAL memory "
				"(mem_size too large for EAL -m / hugepages?)", c->name, n,
				bench_range_max(&c->mem_size));
	}
	for (i = 0; i < n; i++)
		rte_free(bufs[i]);
	return ret;
}

static int
check_case(const struct bench_case *c, struct bench_env *env, unsigned int ci, char *err,
	size_t err_len)
{
	char names[512];
	unsigned int w;
	int ret;

	if (c->cache_flush && !bench_mem_flush_supported())
		return env_fail(err, err_len, -ENOTSUP,
			"[%s]: cache_flush=1 is not supported on this CPU architecture", c->name);
	for (w = 0; w < c->nb_workers; w++) {
		const struct bench_worker_cfg *wc = &c->workers[w];
		struct rte_dma_info info;
		int16_t id = -1;

		ret = check_lcore(c, wc->lcore, err, err_len);
		if (ret == 0 && bench_type_is_dma(c->type)) {
			id = find_device(wc->dev);
			if (id < 0) {
				device_names(names, sizeof(names));
				return env_fail(err, err_len, -ENODEV,
					"[%s]: no dmadev '%s' (found: %s)", c->name, wc->dev,
					names);
			}
			ret = check_device(c, w, id, err, err_len);
			if (ret == 0)
				ret = check_dsa_op(c, id, err, err_len);
		}
		if (ret != 0)
			return ret;
		env->dev_ids[ci][w] = id;
		if (id >= 0 && rte_dma_info_get(id, &info) == 0)
			snprintf(env->dev_names[ci][w], BENCH_NAME_LEN, "%s", info.dev_name);
		else
			snprintf(env->dev_names[ci][w], BENCH_NAME_LEN, "cpu");
	}
	for (w = 0; w < c->nb_workers; w++)
		for (unsigned int v = 0; v < w; v++)
			if (env->dev_ids[ci][w] >= 0 && env->dev_ids[ci][w] == env->dev_ids[ci][v])
				return env_fail(err, err_len, -EINVAL,
					"[%s]: '%s' and '%s' are the same device", c->name,
					c->workers[v].dev, c->workers[w].dev);
	ret = check_numa(c, c->src_numa, err, err_len);
	if (ret == 0)
		ret = check_numa(c, c->dst_numa, err, err_len);
	if (ret == 0)
		ret = check_memory(c, err, err_len);
	return ret;
}

int
bench_env_check(const struct bench_config *cfg, struct bench_env *env, char *err,
	size_t err_len)
{
	unsigned int i;
	int ret;

	memset(env, 0, sizeof(*env));
	env->dev_ids = calloc(cfg->nb_cases, sizeof(*env->dev_ids));
	env->dev_names = calloc(cfg->nb_cases, sizeof(*env->dev_names));
	if (env->dev_ids == NULL || env->dev_names == NULL) {
		bench_env_free(env);
		return env_fail(err, err_len, -ENOMEM, "out of memory");
	}
	env->nb_cases = cfg->nb_cases;
	for (i = 0; i < cfg->nb_cases; i++) {
		if (cfg->cases[i].skip)
			continue;
		ret = check_case(&cfg->cases[i], env, i, err, err_len);
		if (ret != 0)
			return ret;
	}
	return 0;
}

void
bench_env_free(struct bench_env *env)
{
	free(env->dev_ids);
	free(env->dev_names);
	memset(env, 0, sizeof(*env));
}

int
bench_env_dma_start(int16_t dev_id, uint16_t ring_size, char *err, size_t err_len)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = ring_size,
	};
	int ret;

	ret = rte_dma_configure(dev_id, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(dev_id, 0, &vconf);
	if (ret == 0)
		ret = rte_dma_start(dev_id);
	if (ret != 0)
		return env_fail(err, err_len, ret, "dmadev %d: configure/start with %u "
			"descriptors: %s", dev_id, ring_size, strerror(-ret));
	return 0;
}

void
bench_env_dma_stop(int16_t dev_id)
{
	rte_dma_stop(dev_id);
}

void
bench_env_list_devices(FILE *f)
{
	struct rte_dma_info info;
	int16_t id;
	int n = 0;

	fprintf(f, "%-4s %-28s %5s %7s %9s  %s\n", "id", "dmadev", "numa", "vchans",
		"desc", "capabilities");
	RTE_DMA_FOREACH_DEV(id) {
		if (rte_dma_info_get(id, &info) != 0)
			continue;
		fprintf(f, "%-4d %-28s %5d %7u %4u-%-4u %s%s%s%s%s\n", id, info.dev_name,
			info.numa_node, info.max_vchans, info.min_desc, info.max_desc,
			info.dev_capa & RTE_DMA_CAPA_MEM_TO_MEM ? "mem2mem " : "",
			info.dev_capa & RTE_DMA_CAPA_OPS_COPY ? "copy " : "",
			info.dev_capa & RTE_DMA_CAPA_OPS_FILL ? "fill " : "",
			info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG ? "copy_sg " : "",
			info.dev_capa & RTE_DMA_CAPA_SVA ? "sva" : "");
		n++;
	}
	if (n == 0)
		fprintf(f, "(no dmadev: add e.g. --vdev dma_skeleton after --)\n");
}
