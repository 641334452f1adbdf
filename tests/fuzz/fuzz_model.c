/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness of the software model's descriptor decoder and executor.
 * Arbitrary 64-byte descriptors (completion, source, destination, list and
 * record addresses included) go through the portals of a device with a
 * dedicated WQ (untagged requests) and a shared WQ with PASID, whose DMA
 * goes through the model's explicit IOMMU (dsa_model_iommu_*) holding a few
 * mappings: host-contiguous neighbours, an IOVA neighbour elsewhere in
 * memory, read-only, write-only, one for PASID 1 and one below the top of
 * the address space. Each mapping sits in its own pages, against a guard
 * page on one side; the rest of those pages is a canary.
 * Properties: no memory error or crash, the device drains within a bound
 * (no hang), every translation the model is given stays inside a mapping
 * with the access it asked for, and afterwards no byte outside the writable
 * mappings has changed (canaries and the read-only mapping).
 *
 * Input: byte 0 configures (bit 0 DSA 2.0 preset, bit 1 block on fault on
 * the dedicated WQ, bit 2 privileged mode, bit 3 privileged shared WQ,
 * bits 4-5 the WQs' maximum transfer size, bits 6-7 their maximum batch);
 * byte 1: bit 7 two engine threads (engines then run concurrently, and an
 * input may not replay the same way), bits 0-6 % 9 a number of 64-byte
 * blocks that follow and fill the start of the first mapping (batch lists,
 * data); then 65-byte records: a portal
 * byte (bit 0 WQ, bit 1 limited portal, bits 2-3 MOVDIR64B / ENQCMD /
 * ENQCMDS / MOVDIR64B) and a descriptor.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "fuzz_check.h"
#include "tm.h"

#define PAGE 4096u
#define SLOT_PAGES 3u
#define SLOT_BYTES (SLOT_PAGES * PAGE)
#define NB_SLOTS 6u
#define CANARY 0xa5
#define SHARED_PASID 1u
#define MAX_DESCS 64u
#define MAX_IMAGE_BLOCKS 8u
#define DRAIN_LIMIT_MS 5000u
#define RW (DSA_MODEL_DMA_READ | DSA_MODEL_DMA_WRITE)

struct region {
	unsigned int slot;
	uint32_t offset; /* in the slot */
	uint32_t len;
	uint64_t iova;
	uint32_t pasid;
	unsigned int access;
};

/* Table order matters: a region continued by the next one in host and IOVA
 * memory comes right before it (0 and 1). */
static const struct region regions[] = {
	{ 0, 0x1000, 0x1800, 0x10000, DSA_MODEL_NO_PASID, RW },
	{ 0, 0x2800, 0x0800, 0x11800, DSA_MODEL_NO_PASID, RW },
	{ 1, 0x0000, 0x1000, 0x12000, DSA_MODEL_NO_PASID, RW },
	{ 2, 0x1800, 0x1800, 0x20000, DSA_MODEL_NO_PASID, DSA_MODEL_DMA_READ },
	{ 3, 0x2f00, 0x0100, 0x30000, DSA_MODEL_NO_PASID, DSA_MODEL_DMA_WRITE },
	{ 4, 0x0000, 0x2000, 0x10000, SHARED_PASID, RW },
	{ 5, 0x2000, 0x1000, 0xffffffffffffe000ull, DSA_MODEL_NO_PASID, RW },
};
#define NB_REGIONS (sizeof(regions) / sizeof(regions[0]))

struct harness {
	uint8_t *arena;    /* guard page, then per slot: SLOT_PAGES pages and a guard */
	uint8_t *snapshot; /* the arena's slots before the run */
	struct dsa_model_iommu *mmu;
	/* one device per preset and engine thread count, kept across inputs and
	 * reset by FLR: creating the threads for every input would be most of
	 * the time */
	struct dsa_model *models[2][2];
};

static struct harness h;

static uint8_t *
slot_base(unsigned int slot)
{
	return h.arena + PAGE + (size_t)slot * (SLOT_BYTES + PAGE);
}

static uint8_t *
region_host(const struct region *r)
{
	return slot_base(r->slot) + r->offset;
}

static void
harness_init(void)
{
	size_t size = PAGE + (size_t)NB_SLOTS * (SLOT_BYTES + PAGE);
	unsigned int i;

	h.arena = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	FUZZ_ASSERT(h.arena != MAP_FAILED, "mmap of the arena");
	for (i = 0; i < NB_SLOTS; i++)
		FUZZ_ASSERT(mprotect(slot_base(i), SLOT_BYTES, PROT_READ | PROT_WRITE) == 0,
			    "mprotect slot %u", i);
	h.snapshot = malloc((size_t)NB_SLOTS * SLOT_BYTES);
	h.mmu = dsa_model_iommu_create();
	FUZZ_ASSERT(h.snapshot != NULL && h.mmu != NULL, "out of memory");
	for (i = 0; i < NB_REGIONS; i++)
		FUZZ_ASSERT(dsa_model_iommu_map(h.mmu, regions[i].pasid, regions[i].iova,
						region_host(&regions[i]), regions[i].len,
						regions[i].access) == 0, "map region %u", i);
}

/* Canary around the mappings, a byte pattern in them, the image at the start
 * of region 0. */
static void
fill_arena(const uint8_t *image, size_t image_len)
{
	unsigned int i;
	uint32_t b;

	for (i = 0; i < NB_SLOTS; i++)
		memset(slot_base(i), CANARY, SLOT_BYTES);
	for (i = 0; i < NB_REGIONS; i++)
		for (b = 0; b < regions[i].len; b++)
			region_host(&regions[i])[b] = (uint8_t)(b * 7 + i);
	memcpy(region_host(&regions[0]), image, image_len);
	for (i = 0; i < NB_SLOTS; i++)
		memcpy(h.snapshot + (size_t)i * SLOT_BYTES, slot_base(i), SLOT_BYTES);
}

static bool
writable_byte(unsigned int slot, uint32_t off)
{
	unsigned int i;

	for (i = 0; i < NB_REGIONS; i++)
		if (regions[i].slot == slot && (regions[i].access & DSA_MODEL_DMA_WRITE) &&
		    off >= regions[i].offset && off - regions[i].offset < regions[i].len)
			return true;
	return false;
}

static void
check_arena(void)
{
	unsigned int i;
	uint32_t off;

	for (i = 0; i < NB_SLOTS; i++) {
		const uint8_t *now = slot_base(i), *was = h.snapshot + (size_t)i * SLOT_BYTES;

		if (memcmp(now, was, SLOT_BYTES) == 0)
			continue;
		for (off = 0; off < SLOT_BYTES; off++)
			FUZZ_ASSERT(now[off] == was[off] || writable_byte(i, off),
				    "slot %u offset 0x%x changed outside a writable mapping "
				    "(0x%02x, was 0x%02x)", i, off, now[off], was[off]);
	}
}

/* The region holding host byte p for pasid, or NULL. */
static const struct region *
region_of(const uint8_t *p, uint32_t pasid)
{
	unsigned int i;

	for (i = 0; i < NB_REGIONS; i++)
		if (regions[i].pasid == pasid && p >= region_host(&regions[i]) &&
		    p < region_host(&regions[i]) + regions[i].len)
			return &regions[i];
	return NULL;
}

/*
 * The model's translate callback: the IOMMU's answer, checked to lie inside
 * mappings of the pasid with the access, at the host address of the IOVA.
 */
static int
checked_translate(void *opaque, uint64_t iova, uint64_t len, unsigned int access,
		  uint32_t pasid, void **host, uint64_t *contig)
{
	const struct region *r;
	const uint8_t *p, *end;
	int rc = dsa_model_iommu_translate(opaque, iova, len, access, pasid, host, contig);

	if (rc != 0)
		return rc;
	FUZZ_ASSERT(*contig >= 1 && *contig <= len, "contig %llu of %llu",
		    (unsigned long long)*contig, (unsigned long long)len);
	p = *host;
	end = p + *contig;
	r = region_of(p, pasid);
	FUZZ_ASSERT(r != NULL && p - region_host(r) == (ptrdiff_t)(iova - r->iova),
		    "iova 0x%llx pasid %u: host %p is not its mapping",
		    (unsigned long long)iova, pasid, (void *)p);
	while (r != NULL) {
		FUZZ_ASSERT((r->access & access) == access, "iova 0x%llx: access %u in a "
			    "mapping with %u", (unsigned long long)iova, access, r->access);
		if (end <= region_host(r) + r->len)
			return 0;
		r = region_of(region_host(r) + r->len, pasid);
	}
	FUZZ_ASSERT(false, "iova 0x%llx+%llu: host range leaves the mappings",
		    (unsigned long long)iova, (unsigned long long)*contig);
	return rc;
}

/* The device of the preset in cfg bit 0, as after a cold reset. */
static struct dsa_model *
device_reset(uint8_t cfg, unsigned int threads)
{
	struct dsa_model **m = &h.models[cfg & 1][threads - 1];
	struct dsa_model_params p;

	if (*m != NULL) {
		dsa_model_flr(*m);
		return *m;
	}
	dsa_model_params_init(&p);
	p.preset = (cfg & 1) ? DSA_MODEL_PRESET_DSA2 : DSA_MODEL_PRESET_SPR;
	p.engine_threads = threads;
	p.translate = checked_translate;
	p.translate_opaque = h.mmu;
	*m = tm_create_params(&p);
	return *m;
}

static struct dsa_model *
device_setup(uint8_t cfg, unsigned int threads)
{
	/* WQCFG maximum transfer and batch sizes, log2: the default first */
	static const unsigned int xfer_shift[] = { 21, 12, 6, 1 };
	static const unsigned int batch_shift[] = { 5, 1, 2, 8 };
	struct tm_wq_cfg dwq = { .size = 32, .priority = 1, .bof = cfg & 2,
		.xfer_shift = xfer_shift[(cfg >> 4) & 3], .batch_shift = batch_shift[cfg >> 6] };
	struct tm_wq_cfg swq = dwq;
	struct dsa_model *m = device_reset(cfg, threads);

	swq.threshold = 16;
	swq.shared = true;
	swq.priority = 2;
	swq.bof = false;
	swq.pasid_en = true;

	dsa_model_set_bus_master(m, true);
	dsa_model_set_pasid_enable(m, true);
	dsa_model_set_priv_mode_enable(m, cfg & 4);
	tm_write_groups(m);
	tm_write_wqcfg(m, 0, &dwq);
	tm_write_wqcfg(m, 1, &swq);
	if (cfg & 8)
		dsa_model_mmio_write32(m, tm_wqcfg_off(m, 1) + DSA_WQCFG_MODE,
				       dsa_model_mmio_read32(m, tm_wqcfg_off(m, 1) +
							     DSA_WQCFG_MODE) | DSA_WQCFG_PRIV);
	FUZZ_ASSERT(tm_cmd(m, DSA_CMD_ENABLE_DEVICE, 0) == 0, "enable device");
	FUZZ_ASSERT(tm_cmd(m, DSA_CMD_ENABLE_WQ, 0) == 0 && tm_cmd(m, DSA_CMD_ENABLE_WQ, 1) == 0,
		    "enable WQs");
	return m;
}

static void
submit(struct dsa_model *m, uint8_t portal, const uint8_t *desc, unsigned int n)
{
	uint64_t off = DSA_PORTAL_OFFSET(portal & 1, (portal >> 1) & 1, 0) +
		(uint64_t)(n % (DSA_PORTAL_PAGE_SIZE / DSA_PORTAL_SLOT_SIZE)) *
		DSA_PORTAL_SLOT_SIZE;

	switch ((portal >> 2) & 3) {
	case 1:
		dsa_model_enqcmd(m, off, desc, SHARED_PASID);
		break;
	case 2:
		dsa_model_enqcmds(m, off, desc);
		break;
	default:
		dsa_model_movdir64b(m, off, desc);
		break;
	}
}

/* DRAIN ALL, bounded: a model that never finishes its work is a finding. */
static void
drain(struct dsa_model *m)
{
	uint64_t t0 = tm_now_ms();
	const struct timespec nap = { 0, 50000 };

	dsa_model_mmio_write32(m, DSA_REG_CMD, DSA_CMD(DSA_CMD_DRAIN_ALL, 0));
	while (dsa_model_mmio_read32(m, DSA_REG_CMDSTS) & DSA_CMDSTS_ACTIVE) {
		FUZZ_ASSERT(tm_now_ms() - t0 < DRAIN_LIMIT_MS, "the device did not drain in %u ms",
			    DRAIN_LIMIT_MS);
		nanosleep(&nap, NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dsa_model *m;
	size_t image;
	unsigned int n;

	if (size < 2)
		return 0;
	if (h.arena == NULL)
		harness_init();
	image = (size_t)((data[1] & 0x7f) % (MAX_IMAGE_BLOCKS + 1)) * 64;
	if (size - 2 < image)
		image = size - 2;
	fill_arena(data + 2, image);
	m = device_setup(data[0], 1 + (data[1] >> 7));
	data += 2 + image;
	size -= 2 + image;
	for (n = 0; n < MAX_DESCS && size >= 65; n++, data += 65, size -= 65)
		submit(m, data[0], data + 1, n);
	drain(m);
	check_arena();
	return 0;
}
