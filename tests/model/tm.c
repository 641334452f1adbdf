/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tm.h"

unsigned int tm_checks, tm_failures;

struct dsa_model *
tm_create_params(const struct dsa_model_params *p)
{
	struct dsa_model *m = dsa_model_create(p);

	if (m == NULL) {
		perror("dsa_model_create");
		exit(1);
	}
	return m;
}

struct dsa_model *
tm_create(enum dsa_model_preset preset, unsigned int threads)
{
	struct dsa_model_params p;

	dsa_model_params_init(&p);
	p.preset = preset;
	p.engine_threads = threads;
	return tm_create_params(&p);
}

uint8_t
tm_cmd(struct dsa_model *m, unsigned int code, uint32_t operand)
{
	uint32_t sts;

	dsa_model_mmio_write32(m, DSA_REG_CMD, DSA_CMD(code, operand));
	do {
		sts = dsa_model_mmio_read32(m, DSA_REG_CMDSTS);
	} while (sts & DSA_CMDSTS_ACTIVE);
	return (uint8_t)DSA_CMDSTS_ERR(sts);
}

uint64_t
tm_wqcfg_off(struct dsa_model *m, unsigned int wq)
{
	uint64_t t = dsa_model_mmio_read64(m, DSA_REG_TABLE_OFFSET);
	uint64_t wqcap = dsa_model_mmio_read64(m, DSA_REG_WQCAP);

	return DSA_TABLE_OFFSET_BYTES(DSA_TABLE_WQCFG_MASK, t) +
	       (uint64_t)wq * DSA_WQCFG_STRIDE(wqcap);
}

uint64_t
tm_grpcfg_off(struct dsa_model *m, unsigned int group)
{
	uint64_t t = dsa_model_mmio_read64(m, DSA_REG_TABLE_OFFSET);

	return DSA_TABLE_OFFSET_BYTES(DSA_TABLE_GRPCFG_MASK, t) +
	       (uint64_t)group * DSA_GRPCFG_STRIDE;
}

void
tm_write_wqcfg(struct dsa_model *m, unsigned int wq, const struct tm_wq_cfg *c)
{
	uint64_t off = tm_wqcfg_off(m, wq);
	uint32_t mode = (uint32_t)(DSA_FIELD_PREP(DSA_WQCFG_PRIORITY_MASK,
						  c->priority ? c->priority : 1) |
				   DSA_FIELD_PREP(DSA_WQCFG_PASID_MASK, c->pasid));

	if (!c->shared)
		mode |= DSA_WQCFG_MODE_DEDICATED;
	if (c->bof)
		mode |= DSA_WQCFG_BOF_EN;
	if (c->pasid_en)
		mode |= DSA_WQCFG_PASID_EN;
	dsa_model_mmio_write32(m, off + DSA_WQCFG_SIZE, c->size);
	dsa_model_mmio_write32(m, off + DSA_WQCFG_THRESHOLD, c->threshold);
	dsa_model_mmio_write32(m, off + DSA_WQCFG_MODE, mode);
	dsa_model_mmio_write32(m, off + DSA_WQCFG_MAX,
			       (c->xfer_shift ? c->xfer_shift : 21) |
			       ((c->batch_shift ? c->batch_shift : 5) << 5));
}

void
tm_write_groups(struct dsa_model *m)
{
	unsigned int groups = (unsigned int)DSA_GRPCAP_NUM_GROUPS(
		dsa_model_mmio_read64(m, DSA_REG_GRPCAP));
	unsigned int engines = (unsigned int)DSA_ENGCAP_NUM_ENGINES(
		dsa_model_mmio_read64(m, DSA_REG_ENGCAP));
	unsigned int wqs = (unsigned int)DSA_WQCAP_NUM_WQS(
		dsa_model_mmio_read64(m, DSA_REG_WQCAP));
	uint64_t eng[64] = { 0 }, wq[64] = { 0 };
	unsigned int i;

	if (engines < groups)
		groups = engines;
	for (i = 0; i < engines; i++)
		eng[i % groups] |= 1ull << i;
	for (i = 0; i < wqs; i++)
		wq[i % groups] |= 1ull << i;
	for (i = 0; i < groups; i++) {
		dsa_model_mmio_write64(m, tm_grpcfg_off(m, i) + DSA_GRPCFG_WQS, wq[i]);
		dsa_model_mmio_write64(m, tm_grpcfg_off(m, i) + DSA_GRPCFG_ENGINES, eng[i]);
	}
}

int
tm_setup(struct dsa_model *m, const struct tm_wq_cfg *c)
{
	struct tm_wq_cfg def = { .size = 32, .priority = 1 };
	uint8_t err;

	tm_write_groups(m);
	tm_write_wqcfg(m, 0, c ? c : &def);
	err = tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0);
	if (err)
		return err;
	return tm_cmd(m, DSA_CMD_ENABLE_WQ, 0);
}

void
tm_submit(struct dsa_model *m, unsigned int wq, const void *desc)
{
	static _Thread_local uint64_t slot;

	dsa_model_movdir64b(m, DSA_PORTAL_OFFSET(wq, 0, 0) + slot, desc);
	slot = (slot + DSA_PORTAL_SLOT_SIZE) % DSA_PORTAL_PAGE_SIZE;
}

uint64_t
tm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint8_t
tm_wait(const void *cr)
{
	const volatile uint8_t *status = cr;
	uint64_t t0 = tm_now_ms();
	const struct timespec nap = { 0, 10000 };

	while (*status == 0) {
		if (tm_now_ms() - t0 > 20000)
			return 0;
		nanosleep(&nap, NULL);
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return *status;
}

int
tm_wait_executed(struct dsa_model *m, unsigned int wq, uint64_t n)
{
	struct dsa_model_wq_stats st;
	uint64_t t0 = tm_now_ms();
	const struct timespec nap = { 0, 100000 };

	for (;;) {
		dsa_model_wq_stats(m, wq, &st);
		if (st.executed >= n)
			return 0;
		if (tm_now_ms() - t0 > 20000)
			return -1;
		nanosleep(&nap, NULL);
	}
}

struct dsa_hw_desc
tm_desc(unsigned int op, uint32_t flags, const void *src, const void *dst, uint32_t size)
{
	struct dsa_hw_desc d;

	memset(&d, 0, sizeof(d));
	d.opcode = op;
	d.flags = flags;
	d.src_addr = (uintptr_t)src;
	d.dst_addr = (uintptr_t)dst;
	d.xfer_size = size;
	return d;
}

uint8_t
tm_run(struct dsa_model *m, struct dsa_hw_desc *d, struct dsa_completion_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	d->completion_addr = (uintptr_t)rec;
	tm_submit(m, 0, d);
	return tm_wait(rec);
}

void
tm_fill_random(uint8_t *p, size_t n, unsigned int seed)
{
	size_t i;

	srand(seed);
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rand();
}

uint64_t
tm_swerr(struct dsa_model *m, unsigned int qw)
{
	return dsa_model_mmio_read64(m, DSA_REG_SWERR_QW(qw));
}

void
tm_swerr_clear(struct dsa_model *m)
{
	dsa_model_mmio_write32(m, DSA_REG_SWERR, DSA_SWERR_VALID | DSA_SWERR_OVERFLOW);
}

void *
tm_alloc(size_t len)
{
	void *p = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);

	if (p == NULL) {
		perror("aligned_alloc");
		exit(1);
	}
	memset(p, 0, len);
	return p;
}

uint32_t
tm_ref_crc32c(uint32_t seed, const uint8_t *p, size_t n)
{
	uint32_t c = ~seed;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
	}
	return ~c;
}

uint16_t
tm_ref_crc16(uint16_t crc, const uint8_t *p, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (k = 0; k < 8; k++)
			crc = (uint16_t)((crc & 0x8000) ? (crc << 1) ^ 0x8BB7 : crc << 1);
	}
	return crc;
}

void
tm_dif_put_tuple(uint8_t *t, uint16_t guard, uint16_t app, uint32_t ref)
{
	t[0] = (uint8_t)(guard >> 8);
	t[1] = (uint8_t)guard;
	t[2] = (uint8_t)(app >> 8);
	t[3] = (uint8_t)app;
	t[4] = (uint8_t)(ref >> 24);
	t[5] = (uint8_t)(ref >> 16);
	t[6] = (uint8_t)(ref >> 8);
	t[7] = (uint8_t)ref;
}

int
tm_report(const char *name)
{
	printf("%s: %u checks, %u failures\n", name, tm_checks, tm_failures);
	if (tm_checks == 0)
		printf("FAIL: %s made no checks\n", name);
	return tm_failures || tm_checks == 0 ? 1 : 0;
}
