/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host's cross-core latency, printed with every run. Software DMA
 * devices (the DSA model, dma_skeleton) hand each descriptor and each
 * completion from one core to another, so their figures follow this
 * latency, and on a shared host it can change several-fold from one
 * minute to the next: with it, runs taken at different times compare.
 */
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "bench_xcore.h"

#define ROUND_TRIPS 20000
#define XCORE_STOP UINT_MAX

/* The main lcore writes odd values, the other lcore answers with the next one */
struct xcore_ball {
	atomic_uint value;
} __rte_cache_aligned;

/* No pause in the spins: it would add its own latency to each trip */
static int
xcore_answer(void *arg)
{
	struct xcore_ball *ball = arg;
	unsigned int v;

	for (;;) {
		v = atomic_load_explicit(&ball->value, memory_order_acquire);
		if (v == XCORE_STOP)
			return 0;
		if (v & 1)
			atomic_store_explicit(&ball->value, v + 1, memory_order_release);
	}
}

/* Whether the two lcores may run on one CPU, where spinning would crawl */
static bool
share_a_cpu(unsigned int a, unsigned int b)
{
	rte_cpuset_t ca = rte_lcore_cpuset(a), cb = rte_lcore_cpuset(b), both;

	CPU_AND(&both, &ca, &cb);
	return CPU_COUNT(&both) != 0;
}

uint64_t
bench_xcore_round_trip(unsigned int lcore)
{
	static struct xcore_ball ball;
	uint64_t start, end, deadline;
	unsigned int i;

	if (share_a_cpu(rte_get_main_lcore(), lcore))
		return 0;
	atomic_store(&ball.value, 0);
	if (rte_eal_remote_launch(xcore_answer, &ball, lcore) != 0)
		return 0;
	start = rte_rdtsc();
	deadline = start + rte_get_tsc_hz() / 10; /* a tenth of a second at most */
	for (i = 0; i < ROUND_TRIPS && (i % 256 != 0 || rte_rdtsc() < deadline); i++) {
		atomic_store_explicit(&ball.value, 2 * i + 1, memory_order_release);
		while (atomic_load_explicit(&ball.value, memory_order_acquire) != 2 * i + 2)
			;
	}
	end = rte_rdtsc();
	atomic_store(&ball.value, XCORE_STOP);
	rte_eal_wait_lcore(lcore);
	return i != 0 ? (end - start) / i : 0;
}
