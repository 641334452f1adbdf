/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers of the model conformance tests: configure the device through its
 * registers only, submit, and wait for completion records. */
#ifndef TM_H
#define TM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dsa_hw.h"
#include "dsa_model.h"

extern unsigned int tm_checks, tm_failures;

#define TM_CHECK(cond, ...) do { \
	tm_checks++; \
	if (!(cond)) { \
		tm_failures++; \
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} \
} while (0)
#define TM_EQ(got, want, what) do { \
	uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want); \
	TM_CHECK(g_ == w_, "%s: got 0x%llx, want 0x%llx", what, \
		 (unsigned long long)g_, (unsigned long long)w_); \
} while (0)

struct tm_wq_cfg {
	uint32_t size;
	uint32_t threshold;
	bool shared;
	unsigned int priority;
	bool bof;
	bool pasid_en;
	uint32_t pasid;
	unsigned int xfer_shift;  /* 0: 21 */
	unsigned int batch_shift; /* 0: 5 */
};

struct dsa_model *tm_create(enum dsa_model_preset preset, unsigned int threads);
struct dsa_model *tm_create_params(const struct dsa_model_params *p);
uint8_t tm_cmd(struct dsa_model *m, unsigned int code, uint32_t operand);
uint64_t tm_wqcfg_off(struct dsa_model *m, unsigned int wq);
uint64_t tm_grpcfg_off(struct dsa_model *m, unsigned int group);
void tm_write_wqcfg(struct dsa_model *m, unsigned int wq, const struct tm_wq_cfg *c);
/* DPDK-like layout: engine i and WQ i in group i % groups. */
void tm_write_groups(struct dsa_model *m);
/* Groups, WQ 0 with @c (NULL: dedicated, size 32, priority 1), enable. */
int tm_setup(struct dsa_model *m, const struct tm_wq_cfg *c);
void tm_submit(struct dsa_model *m, unsigned int wq, const void *desc);
/* CLOCK_MONOTONIC in milliseconds */
uint64_t tm_now_ms(void);
/* Poll the status byte for up to 20 s; returns it (0 on timeout). */
uint8_t tm_wait(const void *cr);
/* Wait until WQ @wq has executed @n descriptors (20 s max). */
int tm_wait_executed(struct dsa_model *m, unsigned int wq, uint64_t n);
/* A descriptor with the common fields; the rest zero. */
struct dsa_hw_desc tm_desc(unsigned int op, uint32_t flags, const void *src, const void *dst,
			   uint32_t size);
/* Zero @rec, point @d's record at it, submit on WQ 0, wait; the status. */
uint8_t tm_run(struct dsa_model *m, struct dsa_hw_desc *d, struct dsa_completion_record *rec);
/* rand() bytes from @seed */
void tm_fill_random(uint8_t *p, size_t n, unsigned int seed);
uint64_t tm_swerr(struct dsa_model *m, unsigned int qw);
void tm_swerr_clear(struct dsa_model *m);
void *tm_alloc(size_t len);
/* Standard CRC-32C, bit by bit: the reference for the model's CRC ops. */
uint32_t tm_ref_crc32c(uint32_t seed, const uint8_t *p, size_t n);
/* CRC16 T10-DIF, bit by bit (polynomial 0x8BB7, MSB first): the reference
 * for the DIF guard. */
uint16_t tm_ref_crc16(uint16_t crc, const uint8_t *p, size_t n);
/* A DIF tuple, big-endian: guard, app tag, ref tag */
void tm_dif_put_tuple(uint8_t *t, uint16_t guard, uint16_t app, uint32_t ref);
int tm_report(const char *name);

#endif
