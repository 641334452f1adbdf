/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Soak test of the DSA dmadev: worker lcores drive random traffic on several
 * dmadevs while the main lcore injects faults into the model and halts.
 *
 * What a fault may do to a job is decided from "hazards". A hazard has a
 * begin and an end counter, bumped by the controller before it injects and
 * after it has removed the fault. A job notes the counters when enqueued
 * and reads them again once reported: it was exposed to a hazard if one was
 * active when it was enqueued (begun > ended) or one began during its life.
 * Only the statuses its exposures imply are accepted; a job exposed to
 * nothing must succeed and is verified byte by byte.
 */
#ifndef DSA_SOAK_H
#define DSA_SOAK_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_dmadev.h>

#define SOAK_MAX_CHANS 8
#define SOAK_MAX_DEVS 2
#define SOAK_RING 128              /* descriptors per dmadev ring */
#define SOAK_SLOTS SOAK_RING       /* a job id is never outstanding twice per slot */
#define SOAK_SLOT_LEN 8448         /* destination bytes per job: 8 KiB and margins */
#define SOAK_MAX_LEN 8192          /* bytes a job moves at most */
#define SOAK_SRC_LEN (64 * 1024)   /* source arena per dmadev */
#define SOAK_MAX_SEGS 4            /* scatter-gather segments a side */
#define SOAK_RANGE_HIST 64         /* fault ranges a job can be checked against */
#define SOAK_STUCK_S 15            /* no progress for this long: a job was lost */

/* Hazards of a whole device: any dmadev of it may see their statuses */
enum soak_dev_hazard {
	HZ_PAGE_FAULT,   /* fault_after / fault_every: some data descriptor faults */
	HZ_DE_LENGTH,    /* descriptor errors, one hazard per injected status */
	HZ_DE_ADDR,
	HZ_DE_BUS,
	HZ_DE_OPCODE,
	HZ_HALT,         /* halted until some dmadev's stop/start resets it */
	HZ_DEV_KINDS,
};

/* One begin/end pair; only the controller writes it */
struct soak_hazard {
	uint64_t begun, ended;
};

struct soak_device {
	const char *vdev;
	const char *args;
	struct dsa_model *model;
	unsigned int threads;
	struct soak_hazard hz[HZ_DEV_KINDS];
};

enum soak_op { OP_COPY, OP_FILL, OP_SG, OP_KINDS };

struct soak_seg {
	uint32_t off, len; /* source: into the arena; destination: into the slot */
};

/* What was enqueued, and what was active then */
struct soak_job {
	uint8_t op;
	bool fenced;
	uint8_t nsrc, ndst;
	uint32_t len;
	uint64_t pattern;
	struct soak_seg src[SOAK_MAX_SEGS], dst[SOAK_MAX_SEGS];
	uint32_t dev_active;                 /* bit per hazard active at enqueue */
	uint64_t dev_begun[HZ_DEV_KINDS];
	bool stop_active;
	uint64_t stop_begun;
	uint64_t rng_ended, rng_begun, rng_armed;
};

/* A fault range on a dmadev's buffers: access DSA_MODEL_DMA_READ (source) or WRITE */
struct soak_range {
	uint64_t addr, len;
	unsigned int access;
};

struct soak_counts {
	uint64_t jobs[OP_KINDS], fenced, submitted, reported, errors;
	uint64_t status[RTE_DMA_STATUS_PAGE_FAULT + 2]; /* last: ERROR_UNKNOWN */
	uint64_t unexposed;   /* jobs no fault could touch: they must succeed */
	uint64_t must_fail;   /* jobs on a fault range armed for their whole life */
	uint64_t halt_recoveries, app_stops;
};

/* A dmadev, driven by one worker */
struct soak_chan {
	const char *name;
	int16_t id;
	struct soak_device *dev;
	uint8_t *src, *dst;

	/* controller -> worker */
	struct soak_hazard stop;             /* application stop/start with work in flight */
	int stop_req;
	uint64_t rng_begun, rng_armed, rng_disarmed, rng_ended;
	struct soak_range rng[SOAK_RANGE_HIST];

	/* the worker's own */
	uint32_t head, tail;                 /* oldest unreported job, next job (ids mod 2^16) */
	struct soak_job jobs[SOAK_SLOTS];
	uint64_t last_progress;              /* timer cycles */
	uint32_t idle;
	struct soak_counts cnt;
};

struct soak_fault_counts {
	uint64_t range_src, range_dst, fault_after, fault_every, desc_error, stall;
	uint64_t halt_sw, halt_flr, app_stop;
};

struct soak {
	struct soak_device devs[SOAK_MAX_DEVS];
	unsigned int nb_devs;
	struct soak_chan chans[SOAK_MAX_CHANS];
	unsigned int nb_chans;
	unsigned int nb_workers;
	uint64_t seed;
	int done;                            /* controller: stop enqueuing, drain */
	int aborted;                         /* a worker found the run broken */
	uint64_t violations;
	struct soak_fault_counts faults;
};

extern struct soak soak;

/* Read a counter the other side writes */
static inline uint64_t
soak_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void
soak_bump(uint64_t *p)
{
	__atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST);
}

/* xorshift64*: each thread its own state */
static inline uint64_t
soak_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

static inline uint32_t
soak_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(soak_rand(s) % n);
}

/* Report a violation (printf-style); the run fails */
void soak_violation(const struct soak_chan *c, uint32_t seq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* soak_worker.c: lcore main of a worker (ARG: its index) */
int soak_worker(void *arg);
/* soak_control.c: inject until DEADLINE (timer cycles), then remove everything */
void soak_control(uint64_t deadline);

#endif /* DSA_SOAK_H */
