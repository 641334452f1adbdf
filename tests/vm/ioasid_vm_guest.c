/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libioasid's test program inside the VM: drives QEMU's edu devices
 * (1234:11e8) through one backend and prints one line per case:
 *   CASE <backend>/<case> PASS|FAIL <detail>
 * and at the end "DONE <backend> <passed> <failed>".
 * Usage: ioasid_vm_guest iommufd|type1 <pci-addr> <pci-addr>
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <time.h>

#include "ioasid.h"
#include "vm_case.h"

#define HUGE_SZ (2u << 20)
#define DMA_IOVA 0x200000ull     /* below edu's 28-bit DMA mask */
#define EDU_ID 0x00
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_CNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_CMD_START 0x1u
#define EDU_CMD_TO_RAM 0x2u
#define EDU_BUF 0x40000ull       /* edu's own buffer, device address */
#define XFER 2048u               /* QEMU 7.2 edu aborts on 4096 */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define NDEV 2

struct edu {
	struct ioasid_device *dev;
	volatile uint8_t *bar;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
reg_write(struct edu *e, unsigned int off, uint64_t v)
{
	*(volatile uint64_t *)(e->bar + off) = v;
}

static uint64_t
reg_read(struct edu *e, unsigned int off)
{
	return *(volatile uint64_t *)(e->bar + off);
}

/* Runs one edu DMA and polls for its end (edu completes on a timer). */
static int
edu_dma(struct edu *e, uint64_t src, uint64_t dst, uint32_t len, bool to_ram)
{
	const struct timespec tick = { 0, 1000000 };
	uint64_t deadline = now_ms() + 20000;

	reg_write(e, EDU_DMA_SRC, src);
	reg_write(e, EDU_DMA_DST, dst);
	reg_write(e, EDU_DMA_CNT, len);
	reg_write(e, EDU_DMA_CMD, EDU_CMD_START | (to_ram ? EDU_CMD_TO_RAM : 0));
	while (reg_read(e, EDU_DMA_CMD) & EDU_CMD_START) {
		if (now_ms() > deadline)
			return -ETIMEDOUT;
		nanosleep(&tick, NULL);
	}
	return 0;
}

/* edu answers only 32-bit reads below its DMA registers. */
static uint32_t
reg_read32(struct edu *e, unsigned int off)
{
	return *(volatile uint32_t *)(e->bar + off);
}

/* Memory space and bus master on */
static int
edu_enable(struct edu *e)
{
	uint16_t cmd;
	int rc;

	rc = ioasid_device_config_read(e->dev, PCI_COMMAND, &cmd, sizeof(cmd));
	if (rc < 0)
		return rc;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	return ioasid_device_config_write(e->dev, PCI_COMMAND, &cmd, sizeof(cmd));
}

static int
edu_setup(struct edu *e)
{
	void *bar;
	int rc;

	rc = ioasid_device_region_mmap(e->dev, IOASID_PCI_BAR0_REGION, 0, 4096,
		PROT_READ | PROT_WRITE, &bar);
	if (rc < 0)
		return rc;
	e->bar = bar;
	return edu_enable(e);
}

/* Round trip through one device: RAM -> edu buffer -> RAM elsewhere. */
static void
case_dma(struct edu *e, int idx, uint8_t *mem, const char *name)
{
	uint32_t src_off = 0x10000u * (2 * idx + 1), dst_off = src_off + 0x8000;
	uint32_t i;
	int rc;

	for (i = 0; i < XFER; i++)
		mem[src_off + i] = (uint8_t)(i * 7 + 13 * idx + 1);
	memset(mem + dst_off, 0, XFER);
	rc = edu_dma(e, DMA_IOVA + src_off, EDU_BUF, XFER, false);
	if (rc == 0)
		rc = edu_dma(e, EDU_BUF, DMA_IOVA + dst_off, XFER, true);
	if (rc < 0) {
		vm_case(false, name, "edu DMA timed out");
		return;
	}
	vm_case(memcmp(mem + src_off, mem + dst_off, XFER) == 0, name,
		"%u bytes RAM->%s->RAM through IOVA 0x%llx", XFER,
		ioasid_device_name(e->dev), (unsigned long long)DMA_IOVA);
}

/*
 * VFIO_DEVICE_RESET on a real kernel (what the DSA driver does for a halt
 * that needs a function-level reset): done, or -EOPNOTSUPP with the reason
 * when vfio-pci has no way to reset the function (QEMU's edu has no FLR).
 * Either way the device copies again once memory space and bus master are on.
 */
static void
case_reset(struct edu *e, uint8_t *mem)
{
	int rc = ioasid_device_reset(e->dev);
	const char *err = rc < 0 ? ioasid_last_error() : "";

	vm_case(rc == 0 || (rc == -EOPNOTSUPP && strstr(err, "no way to reset") != NULL),
		"reset", "rc=%d %s", rc, err);
	rc = edu_enable(e);
	vm_case(rc == 0, "enable_after_reset", "%s", rc ? ioasid_last_error() : "");
	if (rc == 0)
		case_dma(e, 1, mem, "dma_after_reset");
}

/* Counts kernel log lines that report an IOMMU fault. */
static unsigned int
iommu_fault_lines(char *last, size_t last_size)
{
	static char buf[1 << 20];
	unsigned int n = 0;
	char *line, *save;
	int len;

	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof(buf) - 1);
	if (len < 0)
		return 0;
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if ((strstr(line, "DMAR") && strstr(line, "fault")) ||
				(strstr(line, "virtio_iommu") && strstr(line, "fault"))) {
			n++;
			snprintf(last, last_size, "%s", line);
		}
	}
	return n;
}

static void
case_unmap_blocks(struct ioasid_ioas *ioas, struct edu *e, uint8_t *mem)
{
	uint32_t off = 0x80000;
	unsigned int before, after, i;
	char last[256] = "";
	uint64_t unmapped = 0;
	bool unchanged = true;
	int rc;

	/* Load a known pattern into the device's buffer while still mapped. */
	for (i = 0; i < XFER; i++)
		mem[off + i] = 0xa5;
	rc = edu_dma(e, DMA_IOVA + off, EDU_BUF, XFER, false);
	memset(mem + off, 0x5a, XFER);
	before = iommu_fault_lines(last, sizeof(last));
	if (rc == 0)
		rc = ioasid_ioas_unmap(ioas, DMA_IOVA, HUGE_SZ, &unmapped);
	if (rc < 0) {
		vm_case(false, "unmap", "%s", ioasid_last_error());
		return;
	}
	vm_case(unmapped == HUGE_SZ, "unmap", "unmapped 0x%llx bytes",
		(unsigned long long)unmapped);
	/* The device writes to the IOVA that is gone: memory must not change. */
	rc = edu_dma(e, EDU_BUF, DMA_IOVA + off, XFER, true);
	for (i = 0; i < XFER; i++)
		unchanged &= mem[off + i] == 0x5a;
	vm_case(rc == 0 && unchanged, "unmapped_dma_blocked",
		"device write to unmapped IOVA 0x%llx: memory %s",
		(unsigned long long)(DMA_IOVA + off), unchanged ? "unchanged" : "CHANGED");
	after = iommu_fault_lines(last, sizeof(last));
	vm_case(after > before, "iommu_fault_logged", "%u new fault line(s); last: %s",
		after - before, last);
}

static void
case_ranges(struct ioasid_ioas *ioas)
{
	struct ioasid_iova_range r[16];
	uint64_t align = 0;
	size_t nr = 16, i;
	char text[256] = "";
	bool covers = false;
	int rc;

	rc = ioasid_ioas_iova_ranges(ioas, r, &nr, &align);
	for (i = 0; rc == 0 && i < nr; i++) {
		size_t used = strlen(text);

		snprintf(text + used, sizeof(text) - used, "[0x%llx-0x%llx]",
			(unsigned long long)r[i].start, (unsigned long long)r[i].last);
		covers |= r[i].start <= DMA_IOVA && DMA_IOVA + HUGE_SZ - 1 <= r[i].last;
	}
	vm_case(rc == 0 && nr > 0 && covers && align && !(align & (align - 1)),
		"iova_ranges", "rc=%d %zu range(s) %s alignment 0x%llx", rc, nr, text,
		(unsigned long long)align);
}

static void
case_hw_info(struct ioasid_device *dev, enum ioasid_backend b)
{
	struct ioasid_hw_info hw;
	int rc = ioasid_device_hw_info(dev, &hw);

	if (b == IOASID_BACKEND_TYPE1) {
		vm_case(rc == -EOPNOTSUPP, "hw_info", "type1: rc=%d (%s)", rc,
			ioasid_last_error());
		return;
	}
	vm_case(rc == 0, "hw_info", "type=%d max_pasid_log2=%u caps=0x%llx "
		"vtd.cap=0x%llx vtd.ecap=0x%llx", (int)hw.type, hw.max_pasid_log2,
		(unsigned long long)hw.capabilities, (unsigned long long)hw.vtd.cap_reg,
		(unsigned long long)hw.vtd.ecap_reg);
}

static void
case_auto_iova(struct ioasid_ioas *ioas)
{
	struct ioasid_iova_range r[16];
	size_t nr = 16, i;
	uint64_t iova = 0;
	bool inside = false;
	void *mem;
	int rc;

	mem = mmap(NULL, HUGE_SZ, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_POPULATE, -1, 0);
	if (mem == MAP_FAILED) {
		vm_case(false, "auto_iova", "no second hugepage");
		return;
	}
	rc = ioasid_ioas_map(ioas, mem, HUGE_SZ, &iova, IOASID_MAP_READ);
	if (rc == 0 && ioasid_ioas_iova_ranges(ioas, r, &nr, NULL) == 0)
		for (i = 0; i < nr; i++)
			inside |= r[i].start <= iova && iova + HUGE_SZ - 1 <= r[i].last;
	vm_case(rc == 0 && inside && !(iova & (HUGE_SZ - 1)) &&
		(iova + HUGE_SZ <= DMA_IOVA || iova >= DMA_IOVA + HUGE_SZ), "auto_iova",
		"rc=%d iova=0x%llx", rc, (unsigned long long)iova);
	if (rc == 0)
		ioasid_ioas_unmap(ioas, iova, HUGE_SZ, NULL);
	munmap(mem, HUGE_SZ);
}

static int
run(enum ioasid_backend b, const char *addr[NDEV])
{
	struct ioasid_ctx_opts opts = { .backend = b };
	struct edu edu[NDEV] = { 0 };
	struct ioasid_ioas *ioas = NULL;
	struct ioasid_ctx *ctx = NULL;
	uint64_t iova = DMA_IOVA;
	uint8_t *mem;
	int rc, i;

	rc = ioasid_ctx_open(&opts, &ctx);
	vm_case(rc == 0, "open_context", "%s", rc ? ioasid_last_error() : "");
	if (rc < 0)
		return 1;
	for (i = 0; i < NDEV; i++) {
		rc = ioasid_device_open_pci(ctx, addr[i], &edu[i].dev);
		vm_case(rc == 0, i ? "open_dev1" : "open_dev0", "%s dev_id=%u %s",
			addr[i], rc ? 0 : ioasid_device_dev_id(edu[i].dev),
			rc ? ioasid_last_error() : "");
		if (rc < 0)
			return 1;
	}
	rc = ioasid_ioas_alloc(ctx, &ioas);
	for (i = 0; rc == 0 && i < NDEV; i++)
		rc = ioasid_device_attach(edu[i].dev, ioas);
	vm_case(rc == 0, "attach_both_one_ioas", "IOAS id %u %s", rc ? 0 :
		ioasid_ioas_id(ioas), rc ? ioasid_last_error() : "");
	if (rc < 0)
		return 1;
	mem = mmap(NULL, HUGE_SZ, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_POPULATE, -1, 0);
	rc = mem == MAP_FAILED ? -errno : ioasid_ioas_map(ioas, mem, HUGE_SZ, &iova,
		IOASID_MAP_READ | IOASID_MAP_WRITE | IOASID_MAP_FIXED_IOVA);
	vm_case(rc == 0, "map_hugepage", "2 MiB hugepage at IOVA 0x%llx %s",
		(unsigned long long)iova, rc ? ioasid_last_error() : "");
	if (rc < 0)
		return 1;
	case_ranges(ioas);
	case_hw_info(edu[0].dev, b);
	for (i = 0; i < NDEV; i++) {
		uint32_t id = 0;

		rc = edu_setup(&edu[i]);
		if (rc == 0)
			id = reg_read32(&edu[i], EDU_ID);
		vm_case(rc == 0 && id == 0x010000ed, i ? "setup_dev1" : "setup_dev0",
			"BAR0 mmap, bus master, edu id 0x%08x %s", id,
			rc ? ioasid_last_error() : "");
		if (rc == 0 && id != 0x010000ed)
			rc = -ENODEV;
		if (rc < 0)
			return 1;
	}
	for (i = 0; i < NDEV; i++)
		case_dma(&edu[i], i, mem, i ? "dma_dev1" : "dma_dev0");
	if (b == IOASID_BACKEND_IOMMUFD)
		case_auto_iova(ioas);
	rc = ioasid_device_attach_pasid(edu[0].dev, 1, ioas);
	vm_case(rc < 0 && strlen(ioasid_last_error()) > 0 &&
		ioasid_device_attached_ioas(edu[0].dev, IOASID_NO_PASID) == ioas &&
		ioasid_device_attached_ioas(edu[0].dev, 1) == NULL,
		"pasid_attach_clean_error", "rc=%d (%s)", rc, ioasid_last_error());
	case_unmap_blocks(ioas, &edu[1], mem);
	/* The device still works once the memory is mapped again. */
	iova = DMA_IOVA;
	rc = ioasid_ioas_map(ioas, mem, HUGE_SZ, &iova,
		IOASID_MAP_READ | IOASID_MAP_WRITE | IOASID_MAP_FIXED_IOVA);
	vm_case(rc == 0, "remap", "%s", rc ? ioasid_last_error() : "");
	if (rc == 0)
		case_dma(&edu[1], 1, mem, "dma_after_remap");
	case_reset(&edu[1], mem);
	for (i = 0; i < NDEV; i++) {
		rc = ioasid_device_detach(edu[i].dev);
		vm_case(rc == 0, i ? "detach_dev1" : "detach_dev0", "%s",
			rc ? ioasid_last_error() : "");
		ioasid_device_close(edu[i].dev);
	}
	rc = ioasid_ioas_free(ioas);
	if (rc == 0)
		rc = ioasid_ctx_close(ctx);
	vm_case(rc == 0, "teardown", "%s", rc ? ioasid_last_error() : "");
	return 0;
}

int
main(int argc, char **argv)
{
	enum ioasid_backend b;
	const char *addr[NDEV];

	if (argc != 2 + NDEV || ioasid_backend_parse(argv[1], &b) < 0) {
		fprintf(stderr, "usage: %s iommufd|type1 <pci-addr> <pci-addr>\n", argv[0]);
		return 2;
	}
	vm_case_backend(argv[1]);
	addr[0] = argv[2];
	addr[1] = argv[3];
	run(b, addr);
	return vm_case_done(argv[1]);
}
