/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multi-process (suite mp): the primary probes the model and starts this
 * program again as a DPDK secondary process, which uses the primary's dmadev:
 *  - share, share_swq: the secondary copies on a dedicated (on a shared) WQ
 *    and checks the data; while it uses the dmadev the primary is refused,
 *    with an error naming the user, and sees the secondary's stats;
 *  - kill: a secondary copying without pause is killed (SIGKILL); rte_dma_stop
 *    in the primary takes the dmadev back, every job the secondary submitted
 *    is counted, no memory is lost, and new copies from the primary are right;
 *  - kill_takeover: the same, taken over by another secondary.
 *
 * usage: test_mp                       (exits 77 when too few hugepages are free)
 *        test_mp --secondary ROLE PREFIX DMADEV  (started by the primary)
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include "dma_test.h"

#define DMADEV_DWQ "dma_dsa_model0-wq0"
#define DMADEV_SWQ "dma_dsa_model0-wq1"
#define VDEV "--vdev=dma_dsa_model0,wqs=2,wq_mode=dedicated:shared,threads=1"
#define SHARED_MZ "dsa_mp_test"
#define HUGEPAGES 32      /* 2 MiB pages the test needs free */
#define WAIT_S 20         /* generous: the machine may be loaded */
#define NB_DESC 256
#define LEN 2048
#define NJOBS 512         /* copies of one checked run */
#define BURST 16
#define KILL_AFTER 2000   /* jobs the secondary sees complete before it is killed */

/* The handshake: who waits for what */
enum step {
	STEP_NONE,
	SHARE_CLAIMED,   /* secondary: configured, not started */
	SHARE_REFUSED,   /* primary: was refused */
	SHARE_COPIED,    /* secondary: copied and checked */
	SHARE_CHECKED,   /* primary: saw the stats, was refused a stop */
	KILL_RUNNING,    /* secondary: copying */
};

struct shared {
	uint64_t step;
	uint64_t completed; /* kill: jobs the secondary saw complete */
	uint8_t src[NJOBS * LEN];
	uint8_t dst[NJOBS * LEN];
};

static struct shared *sh;
static int16_t dmadev_id;
static const char *dmadev_name;
static const char *self_name;
static char prefix[64];

static void
set_step(enum step s)
{
	__atomic_store_n(&sh->step, s, __ATOMIC_RELEASE);
}

static int
wait_for(const uint64_t *p, uint64_t value)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) < value) {
		if (rte_get_timer_cycles() > end)
			return -1;
		usleep(100);
	}
	return 0;
}

static int
wait_step(enum step s)
{
	return wait_for(&sh->step, s);
}

static int
expect_stats(uint64_t submitted, uint64_t completed, uint64_t errors)
{
	struct rte_dma_stats st;

	CHECK(rte_dma_stats_get(dmadev_id, 0, &st) == 0, "stats_get");
	CHECK(st.submitted == submitted && st.completed == completed && st.errors == errors,
	      "stats %" PRIu64 "/%" PRIu64 "/%" PRIu64 ", expected %" PRIu64 "/%" PRIu64
	      "/%" PRIu64, st.submitted, st.completed, st.errors, submitted, completed, errors);
	return 0;
}

/* Enqueue up to BURST copies of slots SENT.. (mod NJOBS); returns how many */
static int
enqueue_burst(uint16_t first_id, unsigned int sent, unsigned int max)
{
	unsigned int n;
	int ret;

	for (n = 0; n < max && n < BURST; n++) {
		size_t off = (size_t)((sent + n) % NJOBS) * LEN;

		ret = rte_dma_copy(dmadev_id, 0, iova(sh->src + off), iova(sh->dst + off), LEN, 0);
		if (ret == -ENOSPC)
			break;
		CHECK(ret == (uint16_t)(first_id + sent + n), "copy got id %d, expected %u", ret,
		      (uint16_t)(first_id + sent + n));
	}
	rte_dma_submit(dmadev_id, 0);
	return (int)n;
}

/* NJOBS copies with ids from FIRST_ID, all successful, data checked */
static int
copy_all(uint16_t first_id, uint8_t seed)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	enum rte_dma_status_code st[BURST];
	unsigned int sent = 0, done = 0, i;
	uint16_t last, n;
	int k;

	for (i = 0; i < sizeof(sh->src); i++)
		sh->src[i] = (uint8_t)(seed + i * 13);
	memset(sh->dst, 0, sizeof(sh->dst));
	while (done < NJOBS) {
		k = enqueue_burst(first_id, sent, NJOBS - sent);
		CHECK(k >= 0, "enqueue");
		sent += (unsigned int)k;
		n = rte_dma_completed_status(dmadev_id, 0, BURST, &last, st);
		for (i = 0; i < n; i++)
			CHECK(st[i] == RTE_DMA_STATUS_SUCCESSFUL, "job %u: status %d",
			      done + i, st[i]);
		done += n;
		CHECK(n == 0 || last == (uint16_t)(first_id + done - 1), "last id %u", last);
		CHECK(rte_get_timer_cycles() < end, "%u of %u copies done in %d s", done,
		      NJOBS, WAIT_S);
	}
	CHECK(memcmp(sh->src, sh->dst, sizeof(sh->src)) == 0, "copied data differs");
	return 0;
}

/*
 * The user died: rte_dma_stop takes the dmadev back, nothing is in flight,
 * every job is counted, and it works again, from job id 0. *ST: the stats
 * after the takeover.
 */
static int
take_over(struct rte_dma_stats *st)
{
	uint64_t seen = __atomic_load_n(&sh->completed, __ATOMIC_ACQUIRE);

	CHECK(rte_dma_stop(dmadev_id) == 0, "stop after the user died");
	CHECK(rte_dma_stats_get(dmadev_id, 0, st) == 0, "stats_get");
	printf("dead secondary: %" PRIu64 " jobs submitted, %" PRIu64 " seen complete, %"
	       PRIu64 " counted as errors\n", st->submitted, seen, st->errors);
	EXPECT(st->submitted >= seen && st->completed == st->submitted, "jobs not accounted");
	EXPECT(st->errors <= st->submitted - seen && st->errors <= NB_DESC,
	       "%" PRIu64 " errors: more than were in flight", st->errors);
	CHECK(rte_dma_start(dmadev_id) == 0, "start");
	CHECK(copy_all(0, 2) == 0, "copies after the takeover");
	CHECK(expect_stats(st->submitted + NJOBS, st->completed + NJOBS, st->errors) == 0,
	      "stats after the takeover");
	CHECK(rte_dma_stop(dmadev_id) == 0, "stop");
	return 0;
}

/* ---- the secondary's roles ---- */

static int
secondary_share(void)
{
	CHECK(dma_test_configure(dmadev_id, NB_DESC) == 0, "configure");
	set_step(SHARE_CLAIMED);
	CHECK(wait_step(SHARE_REFUSED) == 0, "the primary did not go on");
	CHECK(rte_dma_start(dmadev_id) == 0, "start");
	CHECK(copy_all(0, 1) == 0, "copies");
	CHECK(expect_stats(NJOBS, NJOBS, 0) == 0, "stats");
	set_step(SHARE_COPIED);
	CHECK(wait_step(SHARE_CHECKED) == 0, "the primary did not go on");
	CHECK(rte_dma_stop(dmadev_id) == 0, "stop");
	return 0;
}

/* Copy until killed; returns only if the primary never kills */
static int
secondary_kill(void)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	unsigned int sent = 0;
	uint16_t last;
	bool error;
	int k;

	CHECK(dma_test_start(dmadev_id, NB_DESC, true) == 0, "start");
	set_step(KILL_RUNNING);
	while (rte_get_timer_cycles() < end) {
		k = enqueue_burst(0, sent, BURST);
		CHECK(k >= 0, "enqueue");
		sent += (unsigned int)k;
		__atomic_fetch_add(&sh->completed,
				   rte_dma_completed(dmadev_id, 0, BURST, &last, &error),
				   __ATOMIC_RELEASE);
		CHECK(!error, "a copy failed");
	}
	CHECK(0, "not killed in %d s", WAIT_S);
	return 0;
}

static int
secondary_takeover(void)
{
	struct rte_dma_stats st;

	return take_over(&st);
}

static int
run_secondary(const char *role, const char *name)
{
	char prefix_arg[96];
	char *eal_argv[] = { (char *)(uintptr_t)self_name, "-l", "0", "--no-pci",
		"--proc-type=secondary", prefix_arg };
	const struct rte_memzone *mz;

	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s", prefix);
	if (rte_eal_init((int)RTE_DIM(eal_argv), eal_argv) < 0) {
		printf("FAIL: secondary EAL init\n");
		return 1;
	}
	mz = rte_memzone_lookup(SHARED_MZ);
	dmadev_id = (int16_t)rte_dma_get_dev_id_by_name(name);
	if (EXPECT(mz != NULL && dmadev_id >= 0, "secondary: no shared memzone or no dmadev %s",
		   name)) {
		sh = mz->addr;
		if (strcmp(role, "share") == 0)
			secondary_share();
		else if (strcmp(role, "kill") == 0)
			secondary_kill();
		else
			secondary_takeover();
	}
	rte_eal_cleanup();
	return failures != 0;
}

/* ---- the primary ---- */

static pid_t
start_secondary(const char *role)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", self_name, "--secondary", role, prefix, dmadev_name,
		      (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Exit code of PID, -1 if it did not exit, or the signal that killed it + 128 */
static int
wait_exit(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status) + 128;
}

/* While the secondary is configured, the primary may neither configure nor start */
static int
expect_refused(pid_t pid)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf qconf = {
		.direction = RTE_DMA_DIR_MEM_TO_MEM,
		.nb_desc = NB_DESC,
	};
	char *log = NULL, needle[64];
	size_t log_len = 0;
	FILE *f = open_memstream(&log, &log_len);

	CHECK(f != NULL && rte_openlog_stream(f) == 0, "log capture");
	EXPECT(rte_dma_configure(dmadev_id, &conf) == -EBUSY, "configure not refused");
	EXPECT(rte_dma_vchan_setup(dmadev_id, 0, &qconf) == -EBUSY, "vchan_setup not refused");
	EXPECT(rte_dma_start(dmadev_id) == -EBUSY, "start not refused");
	fflush(f);
	rte_openlog_stream(stdout);
	fclose(f);
	printf("%s", log);
	snprintf(needle, sizeof(needle), "in use by process %d", (int)pid);
	EXPECT(strstr(log, needle) != NULL, "the log does not say \"%s\"", needle);
	free(log);
	return 0;
}

/* The secondary uses dmadev NAME; the primary is refused, sees its stats */
static int
share(const char *name)
{
	pid_t pid;

	dmadev_name = name;
	dmadev_id = (int16_t)rte_dma_get_dev_id_by_name(name);
	CHECK(dmadev_id >= 0, "no dmadev %s", name);
	set_step(STEP_NONE);
	pid = start_secondary("share");
	CHECK(pid > 0, "fork");
	if (EXPECT(wait_step(SHARE_CLAIMED) == 0, "the secondary did not configure")) {
		expect_refused(pid);
		set_step(SHARE_REFUSED);
	}
	if (EXPECT(wait_step(SHARE_COPIED) == 0, "the secondary did not copy")) {
		/* the secondary's stats, from here */
		expect_stats(NJOBS, NJOBS, 0);
		EXPECT(rte_dma_stop(dmadev_id) == -EBUSY, "the primary stopped the secondary's");
		set_step(SHARE_CHECKED);
	}
	CHECK(wait_exit(pid) == 0, "the secondary failed");
	return 0;
}

static int
test_share(void)
{
	return share(DMADEV_DWQ);
}

/* the mailbox waits for the shared WQ's answer to each descriptor */
static int
test_share_swq(void)
{
	return share(DMADEV_SWQ);
}

/*
 * A secondary copying on the dedicated WQ, killed; returns 0 once it is dead.
 * HEAP: the heap while it copied (its own setup done), or NULL.
 */
static int
run_and_kill(struct rte_malloc_socket_stats *heap)
{
	pid_t pid;

	dmadev_name = DMADEV_DWQ;
	dmadev_id = (int16_t)rte_dma_get_dev_id_by_name(dmadev_name);
	CHECK(dmadev_id >= 0, "no dmadev %s", dmadev_name);
	set_step(STEP_NONE);
	__atomic_store_n(&sh->completed, 0, __ATOMIC_RELEASE);
	pid = start_secondary("kill");
	CHECK(pid > 0, "fork");
	EXPECT(wait_step(KILL_RUNNING) == 0 && wait_for(&sh->completed, KILL_AFTER) == 0,
	       "the secondary did not copy");
	if (heap != NULL)
		EXPECT(rte_malloc_get_socket_stats(rte_socket_id(), heap) == 0, "heap stats");
	kill(pid, SIGKILL);
	CHECK(wait_exit(pid) == 128 + SIGKILL, "the secondary was not killed");
	return 0;
}

static int
test_kill(void)
{
	const unsigned int mz0 = dma_test_memzones();
	struct rte_malloc_socket_stats heap0, heap1;
	enum rte_dma_vchan_status vst;
	struct rte_dma_stats st;

	CHECK(run_and_kill(&heap0) == 0, "kill");
	CHECK(take_over(&st) == 0, "take over");
	CHECK(rte_malloc_get_socket_stats(rte_socket_id(), &heap1) == 0, "heap stats");
	EXPECT(heap1.heap_allocsz_bytes == heap0.heap_allocsz_bytes,
	       "heap: %zu bytes allocated before, %zu after", heap0.heap_allocsz_bytes,
	       heap1.heap_allocsz_bytes);
	EXPECT(dma_test_memzones() == mz0, "memzones: %u before, %u after", mz0,
	       dma_test_memzones());
	EXPECT(rte_dma_vchan_status(dmadev_id, 0, &vst) == 0 && vst == RTE_DMA_VCHAN_IDLE,
	       "not idle");
	return 0;
}

/* Another secondary takes over what the killed one left */
static int
test_kill_takeover(void)
{
	struct rte_dma_stats st;
	pid_t pid;

	CHECK(run_and_kill(NULL) == 0, "kill");
	pid = start_secondary("takeover");
	CHECK(pid > 0, "fork");
	CHECK(wait_exit(pid) == 0, "the secondary that takes over failed");
	CHECK(rte_dma_stats_get(dmadev_id, 0, &st) == 0, "stats_get");
	EXPECT(st.completed == st.submitted, "stats %" PRIu64 "/%" PRIu64, st.submitted,
	       st.completed);
	return 0;
}

/* One prefix per build: a run cleans up what an earlier run of it left */
static void
make_prefix(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	uint32_t h = 5381;
	ssize_t i;

	for (i = 0; i < n; i++)
		h = h * 33 + (uint8_t)path[i];
	snprintf(prefix, sizeof(prefix), "dsa_mp_%08x", h);
}

/*
 * A secondary maps the hugepage memory at the primary's addresses. With
 * address-space randomisation (and ASan's own mappings) that range may be
 * taken in the secondary, whose EAL init then fails: run every process of
 * the test without it, as DPDK advises for multi-process. The personality
 * is inherited by the secondaries this process starts.
 */
static void
without_aslr(char **argv)
{
	int pers = personality(0xffffffff);

	if (pers == -1 || (pers & ADDR_NO_RANDOMIZE))
		return;
	if (personality((unsigned long)pers | ADDR_NO_RANDOMIZE) == -1)
		return;
	execv("/proc/self/exe", argv);
	/* not fatal: the test may still run, with randomisation */
	personality((unsigned long)pers);
}

int
main(int argc, char **argv)
{
	char prefix_arg[96];
	char *eal_argv[] = { argv[0], "-l", "0", "--no-pci", "--proc-type=primary",
		prefix_arg, VDEV };
	const struct rte_memzone *mz;

	without_aslr(argv);
	self_name = argv[0];
	if (argc == 5 && strcmp(argv[1], "--secondary") == 0) {
		snprintf(prefix, sizeof(prefix), "%s", argv[3]);
		return run_secondary(argv[2], argv[4]);
	}
	if (dma_test_free_hugepages() < HUGEPAGES) {
		printf("SKIP: multi-process needs hugepages: %u free 2 MiB pages, %d needed\n",
		       dma_test_free_hugepages(), HUGEPAGES);
		return 77;
	}
	make_prefix();
	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s", prefix);
	if (rte_eal_init((int)RTE_DIM(eal_argv), eal_argv) < 0) {
		printf("FAIL: EAL init\n");
		return 1;
	}
	mz = rte_memzone_reserve(SHARED_MZ, sizeof(*sh), rte_socket_id(), 0);
	if (EXPECT(mz != NULL, "no memzone for the test")) {
		sh = mz->addr;
		dma_test_run("share", test_share);
		dma_test_run("share_swq", test_share_swq);
		dma_test_run("kill", test_kill);
		dma_test_run("kill_takeover", test_kill_takeover);
	}
	rte_memzone_free(mz);
	rte_eal_cleanup();
	printf("%d failures\n", failures);
	return failures != 0;
}
