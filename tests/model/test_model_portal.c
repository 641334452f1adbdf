/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Portal writes from several threads to one dedicated WQ: the first
 * submitter owns the WQ and claims without locked instructions, a second one
 * makes it shared, and DISABLE_WQ takes it from an owner that keeps writing.
 * Whatever the interleaving, a MOVDIR64B descriptor is either accepted and
 * completed once or dropped and counted (fact sheet section 7), so:
 * accepted + dropped = written, and exactly the accepted ones have a record.
 * Each case runs with membarrier(2) and with full fences on both sides.
 * Then the cases where the WQ is reset or changes configuration under a
 * writer: nothing runs after a reset, and a claim prepared before
 * DISABLE_WQ fails after ENABLE_WQ.
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
	unsigned int nrecs;      /* records, used in turn; 0: n, one per descriptor */
	const struct dsa_hw_desc *desc; /* what to write; NULL: a NOOP */
	atomic_bool *go, *stop;  /* optional */
	int cpu;                 /* >0: run on this CPU only */
	unsigned int written;
};

static void
pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* A thread that keeps a CPU busy, so that the writer there is preempted often */
struct spinner {
	int cpu;
	atomic_bool *stop;
};

static void *
spin(void *arg)
{
	struct spinner *s = arg;

	pin_to(s->cpu);
	while (!atomic_load_explicit(s->stop, memory_order_relaxed))
		;
	return NULL;
}

/* Copies of @desc (NOOPs) with a completion record, until @n or @stop */
static void *
write_descs(void *arg)
{
	struct writer *w = arg;
	unsigned int nrecs = w->nrecs ? w->nrecs : w->n;
	struct dsa_hw_desc d;

	if (w->cpu > 0)
		pin_to(w->cpu);
	while (w->go != NULL && !atomic_load(w->go))
		sched_yield();
	if (w->desc != NULL) {
		d = *w->desc;
	} else {
		memset(&d, 0, sizeof(d));
		d.opcode = DSA_OPCODE_NOOP;
	}
	d.flags |= IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
	for (w->written = 0; w->written < w->n; w->written++) {
		if (w->stop != NULL && atomic_load_explicit(w->stop, memory_order_relaxed))
			break;
		d.completion_addr = (uintptr_t)&w->recs[w->written % nrecs];
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
			pthread_create(&th, NULL, write_descs, &w);
			pthread_join(th, NULL);
		} else {
			write_descs(&w);
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
		pthread_create(&th[i], NULL, write_descs, &w[i]);
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

	pthread_create(&th, NULL, write_descs, &w);
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

/*
 * FLR and RESET_DEVICE while the owner writes: once the reset returns,
 * nothing runs any more (each WQ closes before its queued work is dropped,
 * else a descriptor written in between runs after the reset). Memmoves
 * long enough that the engine is still busy when the reset comes.
 */
static void
test_reset_under_owner(bool full_fences)
{
	enum { ROUNDS = 60, LEN = 16384 };
	struct tm_wq_cfg c = { .size = 32, .priority = 1 };
	struct dsa_model *m = create_dwq(full_fences, 32);
	struct dsa_completion_record *recs = tm_alloc(64 * 32);
	uint8_t *src = tm_alloc(LEN), *dst = tm_alloc(LEN);
	const struct timespec settle = { 0, 3000000 };
	const struct dsa_hw_desc move = {
		.opcode = DSA_OPCODE_MEMMOVE, .src_addr = (uintptr_t)src,
		.dst_addr = (uintptr_t)dst, .xfer_size = LEN,
	};
	atomic_bool stop = false;
	struct writer w = { .m = m, .recs = recs, .n = UINT32_MAX, .nrecs = 64, .desc = &move,
			    .stop = &stop };
	struct dsa_model_wq_stats before, after;
	unsigned int i, late = 0, setups = 0;
	pthread_t th;

	pthread_create(&th, NULL, write_descs, &w);
	for (i = 0; i < ROUNDS; i++) {
		struct timespec nap = { 0, 50000 + (long)(i % 7) * 30000 };

		nanosleep(&nap, NULL);
		if (i % 2)
			dsa_model_flr(m);
		else
			tm_cmd(m, DSA_CMD_RESET_DEVICE, 0);
		dsa_model_wq_stats(m, 0, &before);
		nanosleep(&settle, NULL);
		dsa_model_wq_stats(m, 0, &after);
		late += after.executed != before.executed;
		setups += tm_setup(m, &c) == 0;
	}
	atomic_store(&stop, true);
	pthread_join(th, NULL);
	TM_EQ(late, 0, "resets after which a descriptor still ran");
	TM_EQ(setups, ROUNDS, "configured again after each reset");
	dsa_model_destroy(m);
	free(recs);
	free(src);
	free(dst);
}

/*
 * A compare-and-swap claim prepared before DISABLE_WQ must not succeed
 * after ENABLE_WQ gave the WQ another mode: a shared WQ takes no MOVDIR64B.
 * The writer shares a CPU with a spinning thread so that it is often
 * preempted between its check and its CAS, while the WQ flips between a
 * dedicated and a shared configuration.
 */
static void
test_claim_across_enable(void)
{
	enum { CYCLES = 300 };
	struct tm_wq_cfg ded = { .size = 32, .priority = 1 };
	struct tm_wq_cfg shr = { .size = 32, .threshold = 32, .priority = 1, .shared = true,
				 .pasid_en = true, .pasid = 1 };
	struct dsa_completion_record *recs = tm_alloc(256 * 32);
	const struct timespec ded_time = { 0, 1000000 }, shr_time = { 0, 4000000 };
	struct dsa_model_params p;
	struct dsa_model_wq_stats st;
	struct spinner sp = { .cpu = 1 };
	struct writer w = { .recs = recs, .n = UINT32_MAX, .nrecs = 256, .cpu = 1 };
	atomic_bool stop = false;
	unsigned int i, accepted = 0, ok = 0, second;
	uint64_t closed;
	pthread_t wt, st_th;
	cpu_set_t cpu0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	dsa_model_params_init(&p);
	p.engine_threads = 1;
	p.engine_cpus = &cpu0;
	w.m = tm_create_params(&p);
	dsa_model_set_pasid_enable(w.m, true);
	TM_EQ(tm_setup(w.m, &ded), 0, "setup");
	/* two writers in turn: the WQ is shared, claims go by compare-and-swap */
	for (second = 0; second < 2; second++) {
		struct writer one = { .m = w.m, .recs = recs, .n = 1 };
		pthread_t t;

		pthread_create(&t, NULL, write_descs, &one);
		pthread_join(t, NULL);
	}
	sp.stop = w.stop = &stop;
	pthread_create(&st_th, NULL, spin, &sp);
	pthread_create(&wt, NULL, write_descs, &w);
	for (i = 0; i < CYCLES; i++) {
		nanosleep(&ded_time, NULL);
		ok += tm_cmd(w.m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(0)) == 0;
		tm_write_wqcfg(w.m, 0, &shr);
		dsa_model_wq_stats(w.m, 0, &st);
		closed = st.submitted;
		ok += tm_cmd(w.m, DSA_CMD_ENABLE_WQ, 0) == 0;
		nanosleep(&shr_time, NULL);
		ok += tm_cmd(w.m, DSA_CMD_DISABLE_WQ, DSA_CMD_WQ_MASK_OPERAND(0)) == 0;
		dsa_model_wq_stats(w.m, 0, &st);
		accepted += st.submitted != closed;
		tm_write_wqcfg(w.m, 0, &ded);
		ok += tm_cmd(w.m, DSA_CMD_ENABLE_WQ, 0) == 0;
	}
	atomic_store(&stop, true);
	pthread_join(wt, NULL);
	pthread_join(st_th, NULL);
	TM_EQ(ok, 4 * CYCLES, "every DISABLE_WQ and ENABLE_WQ, in both modes, succeeded");
	TM_EQ(accepted, 0, "shared-mode periods in which a MOVDIR64B was accepted");
	dsa_model_destroy(w.m);
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
		test_reset_under_owner(full);
	}
	test_claim_across_enable();
	return tm_report("model portal");
}
