/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The controller (main lcore): at random, page-fault ranges on one dmadev's
 * buffers, one-shot and periodic page faults, descriptor errors, engine
 * stalls, device halts (left by RESET_DEVICE or a function-level reset,
 * which the workers' stop/start perform) and stop/start requests with work
 * in flight. Each fault is a hazard (soak.h): begun before it is injected,
 * ended once it is removed or, for a halt, once the device works again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/idxd.h>

#include <rte_cycles.h>

#include "dsa_hw.h"
#include "dsa_model.h"
#include "soak.h"

#define PAGE_FAULT_PASID 1 /* the PASID of the driver's SVA work queues */

/* What the controller has injected and must remove, per device and dmadev */
struct ctl_state {
	uint64_t now;
	uint64_t oneshot_until[SOAK_MAX_DEVS]; /* fault_after, desc errors: 0 if none */
	uint32_t oneshot_kinds[SOAK_MAX_DEVS];
	uint64_t every_until[SOAK_MAX_DEVS];
	bool halted[SOAK_MAX_DEVS];
	uint64_t halt_since[SOAK_MAX_DEVS];
	uint64_t range_until[SOAK_MAX_CHANS];
	bool stopping[SOAK_MAX_CHANS];
	uint64_t rs;
};

static const struct {
	uint8_t dsa_status;
	enum soak_dev_hazard hazard;
} desc_errors[] = {
	{ DSA_COMP_XFER_ERANGE, HZ_DE_LENGTH },
	{ DSA_COMP_ADDR_ALIGN, HZ_DE_ADDR },
	{ DSA_COMP_HW_ERR1, HZ_DE_BUS },
	{ DSA_COMP_BAD_OPCODE, HZ_DE_OPCODE },
};

static uint64_t
ms(uint64_t n)
{
	return rte_get_timer_hz() / 1000 * n;
}

static unsigned int
dev_index(const struct soak_device *d)
{
	return (unsigned int)(d - soak.devs);
}

static void
end_range(struct ctl_state *s, struct soak_chan *c)
{
	const struct soak_range *r = &c->rng[(soak_load(&c->rng_begun) - 1) % SOAK_RANGE_HIST];

	soak_bump(&c->rng_disarmed);
	dsa_model_remove_fault_range(c->dev->model, PAGE_FAULT_PASID, r->addr);
	soak_bump(&c->rng_ended);
	s->range_until[c - soak.chans] = 0;
}

/* A range of 1 B to 4 KiB in the source arena or the destination slots of C */
static void
begin_range(struct ctl_state *s, struct soak_chan *c)
{
	struct soak_range *r = &c->rng[soak_load(&c->rng_begun) % SOAK_RANGE_HIST];
	bool src = soak_below(&s->rs, 2) == 0;
	uint64_t arena = src ? SOAK_SRC_LEN : (uint64_t)SOAK_SLOTS * SOAK_SLOT_LEN;

	r->len = 1 + soak_below(&s->rs, 4096);
	r->addr = (uintptr_t)(src ? c->src : c->dst) + soak_below(&s->rs, arena - r->len);
	r->access = src ? DSA_MODEL_DMA_READ : DSA_MODEL_DMA_WRITE;
	soak_bump(&c->rng_begun);
	if (dsa_model_inject_fault_range(c->dev->model, PAGE_FAULT_PASID, r->addr, r->len,
					 r->access) != 0) {
		soak_violation(c, 0, "the model refused a fault range");
		return;
	}
	soak_bump(&c->rng_armed);
	s->range_until[c - soak.chans] = s->now + ms(2 + soak_below(&s->rs, 30));
	if (src)
		soak.faults.range_src++;
	else
		soak.faults.range_dst++;
}

static void
begin(struct soak_device *d, enum soak_dev_hazard k)
{
	soak_bump(&d->hz[k].begun);
}

static void
end(struct soak_device *d, enum soak_dev_hazard k)
{
	soak_bump(&d->hz[k].ended);
}

/* Clearing the model's injections removes fault ranges and stalls too */
static void
end_oneshots(struct ctl_state *s, struct soak_device *d)
{
	unsigned int i = dev_index(d), k;

	for (k = 0; k < soak.nb_chans; k++)
		if (soak.chans[k].dev == d && s->range_until[k] != 0)
			end_range(s, &soak.chans[k]);
	dsa_model_clear_injections(d->model);
	for (k = 0; k < HZ_DEV_KINDS; k++)
		if (s->oneshot_kinds[i] & (1u << k))
			end(d, k);
	s->oneshot_kinds[i] = 0;
	s->oneshot_until[i] = 0;
}

static void
add_oneshot(struct ctl_state *s, struct soak_device *d, enum soak_dev_hazard k)
{
	unsigned int i = dev_index(d);

	if (s->oneshot_kinds[i] & (1u << k))
		return;
	begin(d, k);
	s->oneshot_kinds[i] |= 1u << k;
	if (s->oneshot_until[i] == 0)
		s->oneshot_until[i] = s->now + ms(5 + soak_below(&s->rs, 40));
}

static unsigned int
rand_access(struct ctl_state *s)
{
	return soak_below(&s->rs, 2) ? DSA_MODEL_DMA_READ : DSA_MODEL_DMA_WRITE;
}

static void
inject_fault_after(struct ctl_state *s, struct soak_device *d)
{
	add_oneshot(s, d, HZ_PAGE_FAULT);
	dsa_model_inject_fault_after(d->model, soak_below(&s->rs, 2048), rand_access(s));
	soak.faults.fault_after++;
}

static void
inject_desc_error(struct ctl_state *s, struct soak_device *d)
{
	unsigned int e = soak_below(&s->rs, RTE_DIM(desc_errors));

	add_oneshot(s, d, desc_errors[e].hazard);
	dsa_model_inject_desc_error(d->model, desc_errors[e].dsa_status,
				    1 + soak_below(&s->rs, 3));
	soak.faults.desc_error++;
}

static void
inject_fault_every(struct ctl_state *s, struct soak_device *d)
{
	unsigned int i = dev_index(d);

	if (s->every_until[i] != 0)
		return;
	begin(d, HZ_PAGE_FAULT);
	dsa_model_inject_fault_every(d->model, 3 + soak_below(&s->rs, 60),
				     soak_below(&s->rs, 1024), rand_access(s));
	s->every_until[i] = s->now + ms(5 + soak_below(&s->rs, 30));
	soak.faults.fault_every++;
}

static void
end_fault_every(struct ctl_state *s, struct soak_device *d)
{
	dsa_model_inject_fault_every(d->model, 0, 0, DSA_MODEL_DMA_WRITE);
	end(d, HZ_PAGE_FAULT);
	s->every_until[dev_index(d)] = 0;
}

static void
inject_halt(struct ctl_state *s, struct soak_device *d)
{
	bool flr = soak_below(&s->rs, 3) == 0;

	begin(d, HZ_HALT);
	s->halted[dev_index(d)] = true;
	s->halt_since[dev_index(d)] = s->now;
	dsa_model_inject_halt(d->model, flr ? DSA_RESET_FLR : DSA_RESET_SOFTWARE);
	if (flr)
		soak.faults.halt_flr++;
	else
		soak.faults.halt_sw++;
}

static uint32_t
wq_state(struct soak_device *d, unsigned int wq)
{
	struct dsa_model_caps caps;

	dsa_model_get_caps(d->model, &caps);
	return DSA_WQCFG_STATE(dsa_model_mmio_read32(d->model,
			DSA_TABLE_OFFSET_BYTES(DSA_TABLE_WQCFG_MASK, caps.table_offset[0]) +
			wq * DSA_WQCFG_STRIDE(caps.wqcap) + DSA_WQCFG_STATUS));
}

/* Enabled, with every WQ of the soak enabled: some worker's start has reset it */
static bool
device_works(struct soak_device *d)
{
	unsigned int k;

	if (DSA_GENSTS_STATE(dsa_model_mmio_read32(d->model, DSA_REG_GENSTS)) !=
	    DSA_DEV_STATE_ENABLED)
		return false;
	for (k = 0; k < soak.nb_chans; k++) {
		const char *wq = strstr(soak.chans[k].name, "-wq");

		if (soak.chans[k].dev == d &&
		    wq_state(d, (unsigned int)atoi(wq + 3)) != DSA_WQ_STATE_ENABLED)
			return false;
	}
	return true;
}

static void
check_halt(struct ctl_state *s, struct soak_device *d)
{
	unsigned int i = dev_index(d);

	if (device_works(d)) {
		end(d, HZ_HALT);
		s->halted[i] = false;
	} else if (s->now - s->halt_since[i] > ms(1000 * SOAK_STUCK_S)) {
		soak_violation(NULL, 0, "%s: still halted %u s after the halt", d->vdev,
			       SOAK_STUCK_S);
		__atomic_store_n(&soak.aborted, 1, __ATOMIC_SEQ_CST);
	}
}

static void
request_stop(struct ctl_state *s, struct soak_chan *c)
{
	soak_bump(&c->stop.begun);
	__atomic_store_n(&c->stop_req, 1, __ATOMIC_SEQ_CST);
	s->stopping[c - soak.chans] = true;
	soak.faults.app_stop++;
}

/* Remove what has expired; end the hazards that are over */
static void
expire(struct ctl_state *s, bool all)
{
	unsigned int i;

	for (i = 0; i < soak.nb_devs; i++) {
		struct soak_device *d = &soak.devs[i];

		if (s->oneshot_until[i] != 0 && (all || s->now > s->oneshot_until[i]))
			end_oneshots(s, d);
		if (s->every_until[i] != 0 && (all || s->now > s->every_until[i]))
			end_fault_every(s, d);
		if (s->halted[i])
			check_halt(s, d);
	}
	for (i = 0; i < soak.nb_chans; i++) {
		struct soak_chan *c = &soak.chans[i];

		if (s->range_until[i] != 0 && (all || s->now > s->range_until[i]))
			end_range(s, c);
		if (s->stopping[i] && !__atomic_load_n(&c->stop_req, __ATOMIC_SEQ_CST)) {
			soak_bump(&c->stop.ended);
			s->stopping[i] = false;
		}
	}
}

/* One random action on a random dmadev or its device (never a halted one) */
static void
act(struct ctl_state *s)
{
	unsigned int ci = soak_below(&s->rs, soak.nb_chans), r = soak_below(&s->rs, 100);
	struct soak_chan *c = &soak.chans[ci];
	struct soak_device *d = c->dev;

	if (s->halted[dev_index(d)])
		return;
	if (r < 25) {
		if (s->range_until[ci] == 0)
			begin_range(s, c);
	} else if (r < 37) {
		inject_fault_after(s, d);
	} else if (r < 45) {
		inject_fault_every(s, d);
	} else if (r < 60) {
		inject_desc_error(s, d);
	} else if (r < 75) {
		dsa_model_inject_engine_stall(d->model, soak_below(&s->rs, d->threads),
					      1000 + soak_below(&s->rs, 40000));
		soak.faults.stall++;
	} else if (r < 80) {
		inject_halt(s, d);
	} else if (r < 85) {
		if (!s->stopping[ci])
			request_stop(s, c);
	}
}

void
soak_control(uint64_t deadline)
{
	struct ctl_state s = { .rs = soak.seed ^ 0xC0FFEEull };

	while ((s.now = rte_get_timer_cycles()) < deadline &&
	       !__atomic_load_n(&soak.aborted, __ATOMIC_SEQ_CST)) {
		expire(&s, false);
		act(&s);
		rte_delay_us_sleep(1000 + soak_below(&s.rs, 9000));
	}
	/* remove every fault, wait for the halts to be recovered and the stops done */
	for (;;) {
		bool pending = false;
		unsigned int i;

		s.now = rte_get_timer_cycles();
		expire(&s, true);
		for (i = 0; i < soak.nb_devs; i++)
			pending |= s.halted[i];
		for (i = 0; i < soak.nb_chans; i++)
			pending |= s.stopping[i];
		if (!pending || __atomic_load_n(&soak.aborted, __ATOMIC_SEQ_CST))
			break;
		rte_delay_us_sleep(1000);
	}
	__atomic_store_n(&soak.done, 1, __ATOMIC_SEQ_CST);
}
