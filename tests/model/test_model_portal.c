/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Portal writes from several threads to one dedicated WQ: the first
 * submitter owns the WQ and claims without locked instructions, a second one
 * makes it shared, and DISABLE_WQ takes it from an owner that keeps writing.
 * Whatever the interleaving, a MOVDIR64B descriptor is either accepted and
 * completed once or dropped and counted (fact sheet section 7), so:
 * accepted + dropped = written, and exactly the accepted ones have a record.
 * Each case runs with membarrier(2) and with full fences on both sides.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tm.h"

struct writer {
	struct dsa_model *m;
	struct dsa_completion_record *recs;
	unsigned int n;          /* at most this many descriptors */
	atomic_bool *go, *stop;  /* optional */
	unsigned int written;
};

/* NOOP descriptors, each with its own completion record */
static void *
write_noops(void *arg)
{
	struct writer *w = arg;
	struct dsa_hw_desc d;

	while (w->go != NULL && !atomic_load(w->go))
		sched_yield();
	memset(&d, 0, sizeof(d));
	d.opcode = DSA_OPCODE_NOOP;
	d.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	for (w->written = 0; w->written < w->n; w->written++) {
		if (w->stop != NULL && atomic_load_explicit(w->stop, memory_order_relaxed))
			break;
		d.completion_addr = (uintptr_t)&w->recs[w->written];
		tm_submit(w->m, 0, &d);
	}
	return NULL;
}

/* A model with one engine thread and WQ 0 dedicated, of @size entries */
static struct dsa_model *
create_dwq(bool full_fences, uint32_t size)
{
	struct tm_wq_cfg c = { .size = size, .priority = 1 };
	struct dsa_model_params p;
	struct dsa_model *m;

	dsa_model_params_init(&p);
	p.engine_threads = 1;
	p.full_fences = full_fences;
	m = tm_create_params(&p);
	TM_EQ(tm_setup(m, &c), 0, "setup");
	return m;
}

/*
 * Once the engines are done, the accepted descriptors (WQ positions taken)
 * must be exactly those with a record, all successful, and with the dropped
 * ones make up the @written.
 */
static void
check_accounting(struct dsa_model *m, const struct dsa_completion_record *recs,
		 unsigned int written, const char *what)
{
	struct dsa_model_wq_stats st;
	unsigned int i, with_record = 0, bad = 0;

	dsa_model_wq_stats(m, 0, &st);
	TM_EQ(tm_wait_executed(m, 0, st.submitted), 0, what);
	for (i = 0; i < written; i++) {
		with_record += recs[i].status != 0;
		bad += recs[i].status != 0 && recs[i].status != DSA_COMP_SUCCESS;
	}
	dsa_model_wq_stats(m, 0, &st);
	TM_CHECK(st.submitted + st.dropped == written, "%s: %llu accepted + %llu dropped != %u",
		 what, (unsigned long long)st.submitted, (unsigned long long)st.dropped, written);
	TM_CHECK(with_record == st.submitted, "%s: %u records for %llu accepted", what,
		 with_record, (unsigned long long)st.submitted);
	TM_EQ(st.executed, st.submitted, what);
	TM_EQ(bad, 0, what);
}

/* One thread, then another, then the first again: nothing lost or dropped */
static void
test_handover(bool full_fences)
{
	struct dsa_model *m = create_dwq(full_fences, 32);
	struct dsa_completion_record *recs = tm_alloc(48 * 32);
	struct writer w = { .m = m, .n = 16 };
	struct dsa_model_wq_stats st;
	pthread_t th;
	unsigned int round;

	for (round = 0; round < 3; round++) {
		w.recs = recs + 16 * round;
		if (round == 1) {
			pthread_create(&th, NULL, write_noops, &w);
			pthread_join(th, NULL);
		} else {
			write_noops(&w);
		}
		TM_EQ(tm_wait_executed(m, 0, 16 * (round + 1)), 0, "round done");
	}
	check_accounting(m, recs, 48, "handover");
	dsa_model_wq_stats(m, 0, &st);
	TM_EQ(st.dropped, 0, "handover drops nothing");
	dsa_model_destroy(m);
	free(recs);
}

/* Four threads at once on a small WQ: many drops, each counted once */
static void
test_concurrent_overflow(bool full_fences)
{
	enum { THREADS = 4, EACH = 5000 };
	struct dsa_model *m = create_dwq(full_fences, 16);
	struct dsa_completion_record *recs = tm_alloc(THREADS * EACH * 32);
	struct writer w[THREADS];
	pthread_t th[THREADS];
	atomic_bool go = false;
	unsigned int i;

	for (i = 0; i < THREADS; i++) {
		w[i] = (struct writer){ .m = m, .recs = recs + i * EACH, .n = EACH, .go = &go };
		pthread_create(&th[i], NULL, write_noops, &w[i]);
	}
	atomic_store(&go, true);
	for (i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	check_accounting(m, recs, THREADS * EACH, "concurrent writers");
	dsa_model_destroy(m);
	free(recs);
}

/* DISABLE_WQ and ENABLE_WQ, again and again, while the owner keeps writing */
static void
test_close_under_owner(bool full_fences)
{
	enum { MAX = 1 << 20, CYCLES = 20 };
	struct dsa_model *m = create_dwq(full_fences, 64);
	struct dsa_completion_record *recs = tm_alloc((size_t)MAX * 32);
	atomic_bool stop = false;
	struct writer w = { .m = m, .recs = recs, .n = MAX, .stop = &stop };
	const struct timespec nap = { 0, 200000 };
	struct dsa_model_wq_stats st;
	unsigned int i, ok = 0;
	pthread_t th;

	pthread_create(&th, NULL, write_noops, &w);
	for (i = 0; i < CYCLES; i++) {
		nanosleep(&nap, NULL);
		ok += tm_cmd(m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(0)) == 0;
		nanosleep(&nap, NULL);
		ok += tm_cmd(m, DSA_CMD_ENABLE_WQ, 0) == 0;
	}
	atomic_store(&stop, true);
	pthread_join(th, NULL);
	TM_EQ(ok, 2 * CYCLES, "every DISABLE_WQ and ENABLE_WQ succeeded");
	check_accounting(m, recs, w.written, "close under the owner");
	dsa_model_wq_stats(m, 0, &st);
	TM_CHECK(st.submitted > 0 && st.dropped > 0 && w.written < MAX,
		 "the writes overlapped the commands (%u written, %llu accepted)", w.written,
		 (unsigned long long)st.submitted);
	dsa_model_destroy(m);
	free(recs);
}

int
main(void)
{
	unsigned int full;

	for (full = 0; full < 2; full++) {
		test_handover(full);
		test_concurrent_overflow(full);
		test_close_under_owner(full);
	}
	return tm_report("model portal");
}
