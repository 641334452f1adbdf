/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test of the kernel-WQ backend (dma_dsa_kwq) without the idxd driver: in a
 * private mount namespace, a fake /sys/bus/dsa tree describes a DSA device
 * with user WQs as accel-config leaves it, and /dev/dsa/wq0.0 is a FIFO
 * whose writes a thread forwards to the portal of a model device. The driver
 * must find the WQ through libaccel-config, fall back from the portal mmap
 * to write(2), and move data through it.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_dmadev.h>
#include <rte_eal.h>
#include <rte_malloc.h>

#include "check.h"
#include "dsa_hw.h"
#include "dsa_model.h"
#include "dsa_model_bus.h"

/* sysfs lists the device and its WQs, groups and engines as links to one tree */
#define SYSFS_TREE "/sys/bus/dsa/tree"
#define SYSFS_DEV SYSFS_TREE "/dsa0"
#define WAIT_S 20

/* the WQ's max_transfer_size in the fake sysfs */
#define WQ_MAX_XFER 2097152

static volatile bool stop_forwarding;
static struct dsa_model *backing;
/* largest transfer size of a descriptor the driver wrote to the WQ */
static volatile uint32_t largest_size;

static int
put(const char *dir, const char *attr, const char *value)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "w");
	if (f == NULL) {
		printf("FAIL: cannot create %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%s\n", value);
	fclose(f);
	return 0;
}

struct attr {
	const char *name, *value;
};

static int
put_all(const char *dir, const struct attr *attrs, size_t n)
{
	size_t i;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		printf("FAIL: mkdir %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (put(dir, attrs[i].name, attrs[i].value) < 0)
			return -1;
	return 0;
}

/* What sysfs shows for an SPR DSA with wq0.0 set up for applications */
static int
make_fake_sysfs(void)
{
	static const struct attr dev[] = {
		{ "version", "0x100" }, { "max_groups", "4" }, { "max_work_queues", "8" },
		{ "max_engines", "4" }, { "max_work_queues_size", "128" }, { "numa_node", "0" },
		{ "max_batch_size", "1024" }, { "max_transfer_size", "2147483648" },
		/* the BATCH bit hidden, as kernels with the INTEL-SA-01084 fix do */
		{ "op_cap", "00000000,00000000,00000000,00000000,00000000,00000000,"
			    "00000001,003f027d" },
		{ "gen_cap", "0x40915f0107" }, { "configurable", "1" },
		{ "pasid_enabled", "1" }, { "cdev_major", "239" }, { "state", "enabled" },
		{ "max_read_buffers", "96" }, { "clients", "0" }, { "cmd_status", "0" },
	};
	static const struct attr wq_user[] = {
		{ "mode", "dedicated" }, { "size", "16" }, { "type", "user" },
		{ "name", "app_kwq" }, { "state", "enabled" }, { "priority", "10" },
		{ "group_id", "0" }, { "max_batch_size", "32" },
		{ "max_transfer_size", RTE_STR(WQ_MAX_XFER) }, { "threshold", "0" },
		{ "cdev_minor", "0" }, { "block_on_fault", "0" }, { "clients", "0" },
	};
	static const struct attr wq_kernel[] = {
		{ "mode", "dedicated" }, { "size", "16" }, { "type", "kernel" },
		{ "name", "dmaengine" }, { "state", "enabled" }, { "group_id", "0" },
	};
	static const struct attr wq_disabled[] = {
		{ "mode", "shared" }, { "size", "16" }, { "type", "user" },
		{ "name", "app_off" }, { "state", "disabled" }, { "group_id", "0" },
	};
	static const struct attr group[] = {
		{ "engines", "engine0.0" }, { "work_queues", "wq0.0 wq0.1" },
	};
	static const struct attr engine[] = { { "group_id", "0" } };

	static const char *const links[] = {
		"dsa0", "dsa0/wq0.0", "dsa0/wq0.1", "dsa0/wq0.2", "dsa0/group0.0",
		"dsa0/engine0.0",
	};
	char target[128], link[128];
	unsigned int i;

	if (mkdir("/sys/bus/dsa", 0755) < 0 || mkdir("/sys/bus/dsa/devices", 0755) < 0 ||
			mkdir(SYSFS_TREE, 0755) < 0)
		return -1;
	if (put_all(SYSFS_DEV, dev, RTE_DIM(dev)) ||
			put_all(SYSFS_DEV "/wq0.0", wq_user, RTE_DIM(wq_user)) ||
			put_all(SYSFS_DEV "/wq0.1", wq_kernel, RTE_DIM(wq_kernel)) ||
			put_all(SYSFS_DEV "/wq0.2", wq_disabled, RTE_DIM(wq_disabled)) ||
			put_all(SYSFS_DEV "/group0.0", group, RTE_DIM(group)) ||
			put_all(SYSFS_DEV "/engine0.0", engine, RTE_DIM(engine)))
		return -1;
	for (i = 0; i < RTE_DIM(links); i++) {
		const char *base = strrchr(links[i], '/');

		snprintf(target, sizeof(target), "../tree/%s", links[i]);
		snprintf(link, sizeof(link), "/sys/bus/dsa/devices/%s",
			 base != NULL ? base + 1 : links[i]);
		if (symlink(target, link) < 0)
			return -1;
	}
	return 0;
}

/*
 * Private mount namespace: /sys/bus becomes a tmpfs holding the fake tree,
 * /dev an overlay (so /dev/dsa can be created without touching the host).
 * Returns 77 (skip) where namespaces are not allowed.
 */
static int
make_namespace(char *tmpdir)
{
	char upper[300], work[300], opts[700];

	if (unshare(CLONE_NEWNS) < 0) {
		printf("SKIP: unshare(CLONE_NEWNS): %s (needs root)\n", strerror(errno));
		return 77;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
			mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(upper, sizeof(upper), "%s/upper", tmpdir);
	snprintf(work, sizeof(work), "%s/work", tmpdir);
	snprintf(opts, sizeof(opts), "lowerdir=/dev,upperdir=%s,workdir=%s", upper, work);
	if (mkdir(upper, 0755) < 0 || mkdir(work, 0755) < 0 ||
			mount("overlay", "/dev", "overlay", 0, opts) < 0 ||
			mount("tmpfs", "/sys/bus", "tmpfs", 0, "mode=0755") < 0) {
		printf("FAIL: mounts: %s\n", strerror(errno));
		return -1;
	}
	if (mkdir("/dev/dsa", 0755) < 0 || mkfifo("/dev/dsa/wq0.0", 0600) < 0 ||
			mkfifo("/dev/dsa/wq0.2", 0600) < 0) {
		printf("FAIL: /dev/dsa: %s\n", strerror(errno));
		return -1;
	}
	return make_fake_sysfs();
}

/* The "kernel": every 64-B write to the WQ's char device reaches the device portal */
static void *
forward(void *arg)
{
	int fd = *(int *)arg;
	uint8_t desc[DSA_DESC_SIZE];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint32_t size;

	while (!stop_forwarding) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		if (read(fd, desc, sizeof(desc)) != (ssize_t)sizeof(desc))
			continue;
		memcpy(&size, desc + 32, sizeof(size));
		if (size > largest_size)
			largest_size = size;
		dsa_model_movdir64b(backing, DSA_PORTAL_OFFSET(0, 0, 0), desc);
	}
	return NULL;
}

static int
remove_entry(const char *path, const struct stat *sb __rte_unused, int flag __rte_unused,
	     struct FTW *ftw __rte_unused)
{
	return remove(path);
}

/* Leave nothing behind: the overlay's upper layer lives in TMPDIR */
static void
cleanup_namespace(const char *tmpdir)
{
	umount2("/dev", MNT_DETACH);
	nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static int
collect(int16_t id, unsigned int n, enum rte_dma_status_code *st)
{
	const uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * WAIT_S;
	unsigned int got = 0;

	while (got < n) {
		uint16_t k = rte_dma_completed_status(id, 0, (uint16_t)(n - got), NULL, st + got);

		got += k;
		CHECK(k != 0 || rte_get_timer_cycles() < end, "%u of %u completions", got, n);
	}
	return 0;
}

static int
test_traffic(int16_t id)
{
	struct rte_dma_conf conf = { .nb_vchans = 1 };
	struct rte_dma_vchan_conf qconf = { .direction = RTE_DMA_DIR_MEM_TO_MEM, .nb_desc = 128 };
	uint8_t *src = rte_malloc(NULL, 8192, 64), *dst = rte_zmalloc(NULL, 8192, 64);
	enum rte_dma_status_code st[64];
	struct rte_dma_info info;
	char dump[2048] = "";
	unsigned int i, round;
	FILE *f;

	CHECK(src != NULL && dst != NULL, "memory");
	for (i = 0; i < 8192; i++)
		src[i] = (uint8_t)(i * 13 + 1);
	CHECK(rte_dma_info_get(id, &info) == 0 && (info.dev_capa & RTE_DMA_CAPA_SVA) &&
	      (info.dev_capa & RTE_DMA_CAPA_OPS_FILL), "capabilities 0x%llx",
	      (unsigned long long)info.dev_capa);
	CHECK(rte_dma_configure(id, &conf) == 0 && rte_dma_vchan_setup(id, 0, &qconf) == 0 &&
	      rte_dma_start(id) == 0, "configure/start");
	f = fmemopen(dump, sizeof(dump) - 1, "w");
	rte_dma_dump(id, f);
	fclose(f);
	CHECK(strstr(dump, "write(2)") != NULL && strstr(dump, "one descriptor per unit"),
	      "expected write(2) without batching:\n%s", dump);
	for (round = 0; round < 50; round++) {
		for (i = 0; i < 16; i++)
			CHECK(rte_dma_copy(id, 0, (rte_iova_t)(uintptr_t)(src + i * 512),
					   (rte_iova_t)(uintptr_t)(dst + i * 512), 512, 0) >= 0,
			      "copy");
		CHECK(rte_dma_submit(id, 0) == 0, "submit");
		CHECK(collect(id, 16, st) == 0, "collect");
		for (i = 0; i < 16; i++)
			CHECK(st[i] == RTE_DMA_STATUS_SUCCESSFUL, "round %u op %u: %d", round, i,
			      st[i]);
	}
	CHECK(memcmp(src, dst, 8192) == 0, "data");
	/* a fault reported through the write(2) path */
	CHECK(rte_dma_copy(id, 0, 0, (rte_iova_t)(uintptr_t)dst, 64, 0) >= 0, "copy");
	CHECK(rte_dma_fill(id, 0, 0x0123456789abcdefull, (rte_iova_t)(uintptr_t)dst, 64,
			   RTE_DMA_OP_FLAG_SUBMIT) >= 0, "fill");
	CHECK(collect(id, 2, st) == 0, "collect");
	CHECK(st[0] == RTE_DMA_STATUS_PAGE_FAULT && st[1] == RTE_DMA_STATUS_SUCCESSFUL,
	      "statuses %d %d", st[0], st[1]);
	CHECK(*(uint64_t *)dst == 0x0123456789abcdefull, "fill data");
	rte_free(src);
	rte_free(dst);
	return 0;
}

/*
 * Scatter-gather on a WQ that takes one descriptor per submit (write(2) on
 * DSA 1.0) and has a 2 MiB max transfer size: the driver must advertise
 * scatter-gather it can do, split a piece larger than the WQ allows rather
 * than send a descriptor the device fails with "invalid transfer size",
 * and refuse a plain copy above the limit.
 */
static int
test_sg_limits(int16_t id)
{
	const size_t len = 2 * WQ_MAX_XFER;
	uint8_t *src = rte_malloc(NULL, len, 64), *dst = rte_zmalloc(NULL, len, 64);
	struct rte_dma_sge s[1] = { { (rte_iova_t)(uintptr_t)src, len } };
	struct rte_dma_sge d[2] = {
		{ (rte_iova_t)(uintptr_t)dst, len / 4 },
		{ (rte_iova_t)(uintptr_t)(dst + len / 4), len - len / 4 },
	};
	enum rte_dma_status_code st[1];
	struct rte_dma_info info;
	size_t i;

	CHECK(src != NULL && dst != NULL, "memory");
	for (i = 0; i < len; i++)
		src[i] = (uint8_t)(i * 31 + 7);
	CHECK(rte_dma_info_get(id, &info) == 0 && (info.dev_capa & RTE_DMA_CAPA_OPS_COPY_SG),
	      "info");
	CHECK(info.max_sges >= 2, "copy_sg claimed with max_sges %u", info.max_sges);
	CHECK(rte_dma_copy(id, 0, s[0].addr, d[0].addr, WQ_MAX_XFER + 1, 0) == -EINVAL,
	      "a copy above the WQ's max transfer size was not refused");
	largest_size = 0;
	CHECK(rte_dma_copy_sg(id, 0, s, d, 1, 2, RTE_DMA_OP_FLAG_SUBMIT) >= 0, "copy_sg");
	CHECK(collect(id, 1, st) == 0, "collect");
	CHECK(st[0] == RTE_DMA_STATUS_SUCCESSFUL, "copy_sg status %d", st[0]);
	CHECK(memcmp(src, dst, len) == 0, "copy_sg data");
	CHECK(largest_size <= WQ_MAX_XFER, "a descriptor of %u bytes reached a WQ whose max "
	      "transfer size is %u", largest_size, WQ_MAX_XFER);
	rte_free(src);
	rte_free(dst);
	return 0;
}

/* The device state comes from sysfs: a halted device is reported so */
static int
test_halt_seen(int16_t id)
{
	enum rte_dma_vchan_status vs;

	CHECK(rte_dma_vchan_status(id, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_IDLE, "idle");
	CHECK(put(SYSFS_DEV, "state", "halted") == 0, "write state");
	CHECK(rte_dma_vchan_status(id, 0, &vs) == 0 && vs == RTE_DMA_VCHAN_HALTED_ERROR,
	      "vchan status %d after the device halted", vs);
	CHECK(put(SYSFS_DEV, "state", "enabled") == 0, "write state");
	return 0;
}

static int
test_bad_probes(void)
{
	/* a FIFO cannot be mmap'd: forcing the portal must fail the probe */
	CHECK(rte_vdev_init("dma_dsa_kwq_portal", "wq=wq0.0,submit=portal") < 0,
	      "submit=portal accepted without a portal");
	CHECK(rte_vdev_init("dma_dsa_kwq_kernel", "wq=wq0.1") < 0, "took a kernel-type WQ");
	CHECK(rte_vdev_init("dma_dsa_kwq_off", "wq=wq0.2") < 0, "took a disabled WQ");
	CHECK(rte_vdev_init("dma_dsa_kwq_bad", "wqs=2") < 0, "accepted devarg wqs");
	return 0;
}

int
main(int argc __rte_unused, char **argv)
{
	char tmpdir[] = "/tmp/dsa_kwq_test.XXXXXX";
	char *eal_argv[] = { argv[0], "-l", "0-1", "--no-huge", "-m", "128", "--no-pci",
		"--iova-mode=va", "--no-shconf", "--file-prefix=dsa_kwq_test",
		"--vdev=dma_dsa_model_kback,wq_size=16", "--vdev=dma_dsa_kwq0,wq_prefix=app_" };
	pthread_t fwd;
	int fifo, ret;
	int16_t id;

	ret = make_namespace(tmpdir);
	if (ret != 0)
		return ret == 77 ? 77 : 1;
	fifo = open("/dev/dsa/wq0.0", O_RDWR | O_NONBLOCK);
	if (fifo < 0 || rte_eal_init((int)RTE_DIM(eal_argv), eal_argv) < 0) {
		printf("FAIL: setup\n");
		return 1;
	}
	backing = dsa_model_bus_model("dma_dsa_model_kback");
	id = (int16_t)rte_dma_get_dev_id_by_name("dma_dsa_kwq0-wq0.0");
	if (backing == NULL || id < 0) {
		printf("FAIL: dma_dsa_kwq0 did not create dma_dsa_kwq0-wq0.0\n");
		return 1;
	}
	pthread_create(&fwd, NULL, forward, &fifo);
	printf("traffic: %s\n", test_traffic(id) == 0 ? "ok" : "FAILED");
	printf("sg_limits: %s\n", test_sg_limits(id) == 0 ? "ok" : "FAILED");
	printf("halt_seen: %s\n", test_halt_seen(id) == 0 ? "ok" : "FAILED");
	printf("bad_probes: %s\n", test_bad_probes() == 0 ? "ok" : "FAILED");
	rte_dma_stop(id);
	stop_forwarding = true;
	pthread_join(fwd, NULL);
	rte_eal_cleanup();
	cleanup_namespace(tmpdir);
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
