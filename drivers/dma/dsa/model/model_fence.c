/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The heavy side of the model's asymmetric fences: membarrier(2) with
 * MEMBARRIER_CMD_PRIVATE_EXPEDITED (Linux 4.14), registered once per process.
 * A kernel or a sandbox without it leaves model->membarrier false, and both
 * sides then use full fences.
 */
#include <linux/membarrier.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "model_priv.h"

static pthread_once_t fence_once = PTHREAD_ONCE_INIT;
static bool fence_registered;

static long
membarrier(int cmd)
{
	return syscall(__NR_membarrier, cmd, 0, 0);
}

static void
fence_register(void)
{
	long cmds = membarrier(MEMBARRIER_CMD_QUERY);

	fence_registered = cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
		membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
}

/* Whether model_fence_heavy() can use membarrier(2) in this process */
bool
model_fence_init(void)
{
	pthread_once(&fence_once, fence_register);
	return fence_registered;
}

void
model_fence_heavy(const struct dsa_model *m)
{
	if (!m->membarrier) {
		atomic_thread_fence(memory_order_seq_cst);
		return;
	}
	/* Registered: the kernel documents no failure left. The light side
	 * has no fence of its own, so going on without one would be wrong. */
	if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0) {
		perror("dsa model: membarrier");
		abort();
	}
}
