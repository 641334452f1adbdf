/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The copy engines: the --dmas map from queues to dmadevs, and the dmadevs themselves.
 *
 * --dmas [txd0@NAME,rxd0@NAME,txd1.1@NAME,...]: "txd<port>" is the copy from host
 * mbufs into the guest (vhost enqueue), "rxd<port>" the copy out of the guest (vhost
 * dequeue), as in DPDK's examples/vhost; ".<queue>" narrows an entry to one queue pair,
 * and wins over the entry without it whatever the order. NAME is a dmadev name.
 * The vhost library gets each dmadev through its copy fallback (dma_fallback.c), which
 * redoes with the CPU the copies the dmadev fails.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dmadev.h>
#include <rte_vhost_async.h>

#include "dma_fallback.h"
#include "vhost_dma.h"

/* A dmadev with a ring this size keeps several bursts of every queue in flight. */
#define DMA_RING_SIZE 4096
#define MAX_MAP_ENTRIES (2 * MAX_PORTS * MAX_QUEUES)

struct map_entry {
	bool to_guest;
	unsigned int port;
	int queue;		/* -1: every queue pair of the port */
	char name[RTE_DEV_NAME_MAX_LEN];
};

static struct map_entry map[MAX_MAP_ENTRIES];
static unsigned int nb_map;

static int
parse_entry(const char *s, struct map_entry *e)
{
	const char *at = strchr(s, '@');
	char *end;
	unsigned long v;

	if (strncmp(s, "txd", 3) == 0)
		e->to_guest = true;
	else if (strncmp(s, "rxd", 3) == 0)
		e->to_guest = false;
	else
		return -EINVAL;
	if (at == NULL || at[1] == '\0' || strlen(at + 1) >= sizeof(e->name))
		return -EINVAL;
	errno = 0;
	v = strtoul(s + 3, &end, 10);
	if (errno != 0 || end == s + 3 || v >= MAX_PORTS)
		return -EINVAL;
	e->port = v;
	e->queue = -1;
	if (*end == '.') {
		const char *q = end + 1;

		v = strtoul(q, &end, 10);
		if (end == q || v >= MAX_QUEUES)
			return -EINVAL;
		e->queue = v;
	}
	if (end != at)
		return -EINVAL;
	strcpy(e->name, at + 1);
	return 0;
}

int
dma_parse_map(struct backend *be, const char *arg)
{
	char buf[4096];
	char *tok, *save = NULL;
	size_t len = strlen(arg);

	RTE_SET_USED(be);
	if (len >= sizeof(buf))
		return -E2BIG;
	/* The brackets are optional. */
	if (arg[0] == '[' && len >= 2 && arg[len - 1] == ']') {
		arg++;
		len -= 2;
	}
	memcpy(buf, arg, len);
	buf[len] = '\0';
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (nb_map == MAX_MAP_ENTRIES) {
			fprintf(stderr, "--dmas: more than %d entries\n", MAX_MAP_ENTRIES);
			return -E2BIG;
		}
		if (parse_entry(tok, &map[nb_map]) < 0) {
			fprintf(stderr, "--dmas: bad entry '%s' (want "
				"txd<port>[.<queue>]@<dmadev> or rxd..., port < %d, "
				"queue < %d)\n", tok, MAX_PORTS, MAX_QUEUES);
			return -EINVAL;
		}
		nb_map++;
	}
	return 0;
}

/* Configure one vchan, start, and hand it to the vhost library. */
static int
dma_engine_setup(struct dma_engine *e)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf vconf = { .direction = RTE_DMA_DIR_MEM_TO_MEM };
	struct rte_dma_info info;
	int ret;

	ret = rte_dma_info_get(e->id, &info);
	if (ret < 0)
		return ret;
	if (!(info.dev_capa & RTE_DMA_CAPA_MEM_TO_MEM)) {
		fprintf(stderr, "dmadev %s cannot copy memory to memory\n", e->name);
		return -ENOTSUP;
	}
	vconf.nb_desc = RTE_MAX(RTE_MIN(DMA_RING_SIZE, info.max_desc), info.min_desc);
	ret = rte_dma_configure(e->id, &conf);
	if (ret == 0)
		ret = rte_dma_vchan_setup(e->id, DMA_VCHAN, &vconf);
	if (ret == 0)
		ret = rte_dma_start(e->id);
	/* The vhost library tracks this vchan's copies from now on. */
	if (ret == 0 && rte_vhost_async_dma_configure(e->id, DMA_VCHAN) < 0)
		ret = -EINVAL;
	if (ret < 0) {
		fprintf(stderr, "cannot set up dmadev %s: %s\n", e->name, strerror(-ret));
		return ret;
	}
	e->vhost_configured = true;
	printf("dmadev %s (id %d, through %s): ring of %u descriptors\n", e->name, e->hw_id,
		info.dev_name, vconf.nb_desc);
	return 0;
}

/*
 * The engine for a dmadev name, set up and started on first use. The vhost library gets
 * the dmadev's copy fallback (dma_fallback.h) rather than the dmadev itself.
 */
static int
dma_engine_get(struct backend *be, const char *name, struct dma_engine **out)
{
	struct dma_engine *e;
	unsigned int i;
	int hw_id, id;

	for (i = 0; i < be->nb_dmas; i++) {
		if (strcmp(be->dmas[i].name, name) == 0) {
			*out = &be->dmas[i];
			return 0;
		}
	}
	if (be->nb_dmas == MAX_DMAS)
		return -E2BIG;
	hw_id = rte_dma_get_dev_id_by_name(name);
	if (hw_id < 0) {
		fprintf(stderr, "--dmas: no dmadev named '%s'\n", name);
		return -ENODEV;
	}
	e = &be->dmas[be->nb_dmas];
	id = dma_fallback_create(hw_id, &e->fallback);
	if (id == -ENOTSUP) {
		fprintf(stderr, "dmadev %s: its copy fallback redoes failed copies with the CPU "
			"at their addresses, which needs IOVA as VA (EAL option "
			"--iova-mode=va)\n", name);
		return id;
	}
	if (id < 0) {
		fprintf(stderr, "dmadev %s: cannot create its copy fallback: %s\n", name,
			strerror(-id));
		return id;
	}
	be->nb_dmas++;
	e->id = id;
	e->hw_id = hw_id;
	e->vhost_configured = false;
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->users[0] = '\0';
	*out = e;
	return dma_engine_setup(e);
}

static void
add_user(struct dma_engine *e, bool to_guest, unsigned int port, unsigned int queue)
{
	size_t len = strlen(e->users);

	snprintf(e->users + len, sizeof(e->users) - len, "%s%s%u.%u", len ? " " : "",
		to_guest ? "txd" : "rxd", port, queue);
}

/* Give every queue pair of every port a dmadev in each direction. */
int
dma_start_all(struct backend *be)
{
	unsigned int i, p, q;
	int ret;

	for (p = 0; p < be->nb_ports; p++)
		for (q = 0; q < MAX_QUEUES; q++)
			be->ports[p].dmas[q] = (struct queue_dmas){ -1, -1 };
	/* Entries for all queues first, so that the per-queue ones override them. */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < nb_map; i++) {
			struct map_entry *m = &map[i];
			struct dma_engine *e;

			if ((m->queue >= 0) != (pass == 1))
				continue;
			if (m->port >= be->nb_ports || m->queue >= (int)be->nb_queues) {
				fprintf(stderr, "--dmas: %s%u.%d: no such port or queue\n",
					m->to_guest ? "txd" : "rxd", m->port, m->queue);
				ret = -EINVAL;
				goto fail;
			}
			ret = dma_engine_get(be, m->name, &e);
			if (ret < 0)
				goto fail;
			for (q = 0; q < be->nb_queues; q++) {
				struct queue_dmas *d = &be->ports[m->port].dmas[q];

				if (m->queue >= 0 && (unsigned int)m->queue != q)
					continue;
				if (m->to_guest)
					d->to_guest = e->id;
				else
					d->from_guest = e->id;
			}
		}
	}
	for (p = 0; p < be->nb_ports; p++) {
		for (q = 0; q < be->nb_queues; q++) {
			const struct queue_dmas *d = &be->ports[p].dmas[q];

			if (d->to_guest < 0 || d->from_guest < 0) {
				fprintf(stderr, "--dmas: port %u queue %u has no %s dmadev\n",
					p, q,
					d->to_guest < 0 ? "txd" : "rxd");
				ret = -EINVAL;
				goto fail;
			}
			for (i = 0; i < be->nb_dmas; i++) {
				if (be->dmas[i].id == d->to_guest)
					add_user(&be->dmas[i], true, p, q);
				if (be->dmas[i].id == d->from_guest)
					add_user(&be->dmas[i], false, p, q);
			}
		}
	}
	return 0;
fail:
	dma_stop_all(be);
	return ret;
}

void
dma_stop_all(struct backend *be)
{
	unsigned int i;

	/* Closing a fallback closes its dmadev. */
	for (i = 0; i < be->nb_dmas; i++) {
		if (be->dmas[i].vhost_configured)
			rte_vhost_async_dma_unconfigure(be->dmas[i].id, DMA_VCHAN);
		rte_dma_stop(be->dmas[i].id);
		rte_dma_close(be->dmas[i].id);
	}
	be->nb_dmas = 0;
}

void
dma_print_stats(const struct backend *be, FILE *f)
{
	unsigned int i;

	for (i = 0; i < be->nb_dmas; i++) {
		const struct dma_engine *e = &be->dmas[i];
		struct dma_fallback_stats fb;
		struct rte_dma_stats st;

		if (rte_dma_stats_get(e->hw_id, DMA_VCHAN, &st) < 0)
			continue;
		dma_fallback_stats_get(e->fallback, &fb);
		fprintf(f, "dmadev %s: submitted %" PRIu64 " completed %" PRIu64 " errors %"
			PRIu64 " fallback_copies %" PRIu64 " dma_errors %" PRIu64
			" not_attempted %" PRIu64 " (for %s)\n", e->name, st.submitted,
			st.completed, st.errors, fb.failed + fb.not_attempted, fb.failed,
			fb.not_attempted, e->users);
	}
}
