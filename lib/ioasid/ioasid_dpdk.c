/* SPDX-License-Identifier: BSD-3-Clause */
/* DPDK memory -> IOAS, see ioasid_dpdk.h. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include "ioasid_dpdk.h"
#include "ioasid_private.h"

struct ioasid_dpdk {
	struct ioasid_ioas *ioas;
	char name[64];          /* memory-event callback name */
	uint64_t pages;         /* pages mapped by the glue */
	bool registered;        /* memory-event callback in place */
};

#define GLUE_PERM (IOASID_MAP_READ | IOASID_MAP_WRITE | IOASID_MAP_FIXED_IOVA)

static int
map_page(struct ioasid_dpdk *g, void *va, uint64_t len)
{
	uint64_t iova = (uintptr_t)va;
	int rc = ioasid_ioas_map(g->ioas, va, len, &iova, GLUE_PERM);

	if (rc == 0)
		g->pages++;
	return rc;
}

static int
unmap_page(struct ioasid_dpdk *g, const void *va, uint64_t len)
{
	int rc = ioasid_ioas_unmap(g->ioas, (uintptr_t)va, len, NULL);

	if (rc == 0)
		g->pages--;
	return rc;
}

/* Applies map or unmap to each page of [addr, addr + len). */
static int
for_each_page(struct ioasid_dpdk *g, const void *addr, size_t len, bool map)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(addr);
	uint64_t pg = msl ? msl->page_sz : IOASID_PAGE_SIZE;
	const uint8_t *p = addr, *end = p + len;
	int rc = 0, first = 0;

	for (; p < end; p += pg) {
		rc = map ? map_page(g, (void *)(uintptr_t)p, pg) : unmap_page(g, p, pg);
		if (rc < 0 && first == 0)
			first = rc;
	}
	return first;
}

int
ioasid_dpdk_mem_event(struct ioasid_dpdk *g, bool added, const void *addr, size_t len)
{
	if (g == NULL || addr == NULL || len == 0)
		return ioasid_err(-EINVAL, "ioasid_dpdk_mem_event: bad argument");
	return for_each_page(g, addr, len, added);
}

static void
mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	int rc;

	rc = ioasid_dpdk_mem_event(arg, type == RTE_MEM_EVENT_ALLOC, addr, len);
	/* DPDK gives the callback no way to fail: report it. */
	if (rc < 0)
		fprintf(stderr, "ioasid_dpdk: %s of %p+0x%zx failed: %s\n",
			type == RTE_MEM_EVENT_ALLOC ? "map" : "unmap", addr, len,
			ioasid_last_error());
}

static int
map_memseg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	(void)msl;
	return map_page(arg, ms->addr, ms->len) < 0 ? -1 : 0;
}

static int
unmap_memseg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	(void)msl;
	unmap_page(arg, ms->addr, ms->len);
	return 0;
}

int
ioasid_dpdk_attach(struct ioasid_ioas *ioas, struct ioasid_dpdk **gluep)
{
	struct ioasid_dpdk *g;
	int rc;

	if (ioas == NULL || gluep == NULL)
		return ioasid_err(-EINVAL, "ioasid_dpdk_attach: NULL argument");
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	g->ioas = ioas;
	snprintf(g->name, sizeof(g->name), "ioasid-%p", (void *)g);
	/* Under the memory lock no segment can come or go between the walk
	 * and the callback registration. */
	rte_mcfg_mem_read_lock();
	rc = rte_mem_event_callback_register(g->name, mem_event, g);
	/* Legacy memory never changes, and DPDK offers no callbacks there. */
	g->registered = rc == 0;
	if (rc < 0 && rte_errno == ENOTSUP)
		rc = 0;
	if (rc < 0) {
		rc = ioasid_err(-rte_errno, "rte_mem_event_callback_register failed");
	} else if (rte_memseg_walk_thread_unsafe(map_memseg, g) != 0) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s", ioasid_last_error());
		rte_memseg_walk_thread_unsafe(unmap_memseg, g);
		if (g->registered)
			rte_mem_event_callback_unregister(g->name, g);
		rc = ioasid_err(-EINVAL, "mapping DPDK memory at IOVA = VA: %s", msg);
	}
	rte_mcfg_mem_read_unlock();
	if (rc < 0) {
		free(g);
		return rc;
	}
	*gluep = g;
	return 0;
}

void
ioasid_dpdk_detach(struct ioasid_dpdk *g)
{
	if (g == NULL)
		return;
	rte_mcfg_mem_read_lock();
	if (g->registered)
		rte_mem_event_callback_unregister(g->name, g);
	rte_memseg_walk_thread_unsafe(unmap_memseg, g);
	rte_mcfg_mem_read_unlock();
	free(g);
}

uint64_t
ioasid_dpdk_mapped_pages(const struct ioasid_dpdk *g)
{
	return g->pages;
}
