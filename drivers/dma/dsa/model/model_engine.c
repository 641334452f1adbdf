/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Engines: each model thread executes the hardware engines e with
 * e % threads == its index, and so serves the WQs of those engines' groups.
 * Within its WQs a thread dispatches by weighted round robin: a WQ of
 * priority p gets up to p descriptors per turn, so WQs of priority 6 and 2
 * that are both busy are served 3:1.
 *
 * Idle threads poll for idle_spin_us and then sleep on a condition variable;
 * submitters signal it only when a thread sleeps.
 */
#include <errno.h>
#include <time.h>

#include "model_priv.h"

/* Called from ENABLE_DEVICE, after the group configuration was checked. */
void
model_engines_set_groups(struct dsa_model *m)
{
	uint64_t mask[MODEL_MAX_UNITS] = { 0 };
	unsigned int g, e;

	for (g = 0; g < m->num_groups; g++) {
		uint64_t engs = m->grpcfg[g][DSA_GRPCFG_ENGINES / 8];
		uint64_t wqs = m->grpcfg[g][DSA_GRPCFG_WQS / 8];

		for (e = 0; e < m->num_engines; e++)
			if (engs & DSA_BIT(e))
				mask[e % m->num_threads] |= wqs;
	}
	for (e = 0; e < m->num_threads; e++)
		atomic_store(&m->threads[e].wq_mask, mask[e]);
}

static bool
pick(struct dsa_model *m, struct model_thread *t, struct model_entry *e, unsigned int *wq)
{
	uint64_t mask = atomic_load_explicit(&t->wq_mask, memory_order_relaxed);
	unsigned int i, n = m->num_wqs, q;

	if (mask == 0 || !model_device_enabled(m))
		return false;
	for (i = 0; i <= n; i++) {
		q = t->rr_wq;
		if ((mask & DSA_BIT(q)) && t->rr_credit > 0 && model_wq_pop(m, q, t, e)) {
			t->rr_credit--;
			*wq = q;
			return true;
		}
		t->rr_wq = (q + 1) % n;
		t->rr_credit = m->wqs[t->rr_wq].priority;
	}
	return false;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static bool
has_work(struct dsa_model *m, const struct model_thread *t)
{
	uint64_t mask = atomic_load(&t->wq_mask);
	unsigned int i;

	if (!model_device_enabled(m))
		return false;
	for (i = 0; i < m->num_wqs; i++)
		if ((mask & DSA_BIT(i)) && model_wq_has_work(m, &m->wqs[i]))
			return true;
	return false;
}

static void
idle_sleep(struct dsa_model *m, struct model_thread *t)
{
	pthread_mutex_lock(&m->idle_lock);
	atomic_fetch_add(&m->sleepers, 1);
	/* Re-check after announcing the sleep: a submitter that queued before
	 * it saw sleepers == 0 is visible here (model_engines_wake). */
	model_fence_heavy(m);
	while (!atomic_load(&m->stop) && !has_work(m, t))
		pthread_cond_wait(&m->idle_cond, &m->idle_lock);
	atomic_fetch_sub(&m->sleepers, 1);
	pthread_mutex_unlock(&m->idle_lock);
}

static void
apply_stall(struct model_thread *t)
{
	uint64_t us = atomic_exchange(&t->stall_us, 0);
	struct timespec ts;

	if (us == 0)
		return;
	ts.tv_sec = (time_t)(us / 1000000u);
	ts.tv_nsec = (long)(us % 1000000u) * 1000;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void *
engine_main(void *arg)
{
	struct model_thread *t = arg;
	struct dsa_model *m = t->m;
	struct model_entry e;
	unsigned int wq;
	uint64_t idle_since = 0;

	while (!atomic_load(&m->stop)) {
		if (!pick(m, t, &e, &wq)) {
			if (idle_since == 0)
				idle_since = now_us();
			else if (now_us() - idle_since >= m->idle_spin_us)
				idle_sleep(m, t);
			continue;
		}
		idle_since = 0;
		apply_stall(t);
		{
			struct model_ctx c = {
				.m = m, .wq = &m->wqs[wq], .wq_idx = wq, .thr = t,
				.seq = atomic_load(&t->cur_seq), .pasid = e.pasid,
				.priv = e.priv, .ims = e.ims,
			};

			model_exec_entry(&c, &e);
		}
		model_wq_done(t);
	}
	return NULL;
}

void
model_engines_wake(struct dsa_model *m)
{
	/* the work queued before is seen by a sleeper's re-check, or
	 * the sleeper is seen here */
	model_fence_light(m);
	if (atomic_load_explicit(&m->sleepers, memory_order_relaxed) == 0)
		return;
	pthread_mutex_lock(&m->idle_lock);
	pthread_cond_broadcast(&m->idle_cond);
	pthread_mutex_unlock(&m->idle_lock);
}

int
model_engines_start(struct dsa_model *m)
{
	unsigned int i, started = 0;
	pthread_attr_t attr;
	int rc;

	rc = pthread_attr_init(&attr);
	if (rc != 0) {
		m->num_threads = 0;
		return -rc;
	}
	if (m->has_cpus)
		rc = pthread_attr_setaffinity_np(&attr, sizeof(m->cpus), &m->cpus);
	for (i = 0; i < m->num_threads && rc == 0; i++) {
		struct model_thread *t = &m->threads[i];

		t->m = m;
		t->idx = i;
		atomic_init(&t->cur_wq, MODEL_NO_WQ);
		rc = pthread_create(&t->tid, &attr, engine_main, t);
		started += rc == 0;
	}
	pthread_attr_destroy(&attr);
	m->num_threads = started; /* only those are joined */
	return -rc;
}

void
model_engines_stop(struct dsa_model *m)
{
	unsigned int i;

	atomic_store(&m->stop, true);
	pthread_mutex_lock(&m->idle_lock);
	pthread_cond_broadcast(&m->idle_cond);
	pthread_mutex_unlock(&m->idle_lock);
	for (i = 0; i < m->num_threads; i++)
		pthread_join(m->threads[i].tid, NULL);
}

/*
 * Wait until no engine runs an entry. A reset completes only once nothing
 * is in flight: an engine that was still copying when the device halted
 * must not write data or a record after the reset returned.
 */
void
model_engines_quiesce(struct dsa_model *m)
{
	const struct timespec nap = { .tv_sec = 0, .tv_nsec = 20000 };
	unsigned int i;

	for (i = 0; i < m->num_threads; i++)
		while (atomic_load(&m->threads[i].cur_wq) != MODEL_NO_WQ &&
		       !atomic_load(&m->stop))
			nanosleep(&nap, NULL);
}

int
dsa_model_inject_engine_stall(struct dsa_model *m, unsigned int thread, uint64_t usec)
{
	if (thread >= m->num_threads)
		return -EINVAL;
	atomic_store(&m->threads[thread].stall_us, usec);
	return 0;
}
