/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit test of the DSA driver's devargs parser: defaults, every key, per-WQ
 * lists, and that each wrong value fails with a message naming it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "dsa_devargs.h"

static int
parse(const char *args, unsigned int backend, struct dsa_devargs *out, char *err)
{
	return dsa_devargs_parse(args, backend, out, err, DSA_DEVARGS_ERRLEN);
}

static void
test_defaults(void)
{
	struct dsa_devargs a;
	char err[DSA_DEVARGS_ERRLEN];

	EXPECT(parse(NULL, DSA_BACKEND_MODEL, &a, err) == 0, "NULL args: %s", err);
	EXPECT(a.nb_wqs == 0 && a.nb_engines == 0 && a.nb_groups == 0, "counts not defaulted");
	EXPECT(a.numa_node == -1, "numa_node default %d", a.numa_node);
	EXPECT(strcmp(a.preset, "spr") == 0, "preset default %s", a.preset);
	EXPECT(a.wq[0].group == -1 && a.wq[63].group == -1, "wq_group default");
	EXPECT(a.addr_mode == DSA_ADDR_AUTO, "addr default");
	EXPECT(parse("", DSA_BACKEND_PCI, &a, err) == 0, "empty args: %s", err);
	EXPECT(strcmp(a.iommu, "auto") == 0, "iommu default %s", a.iommu);
}

static void
test_valid(void)
{
	struct dsa_devargs a;
	char err[DSA_DEVARGS_ERRLEN];

	EXPECT(parse("wqs=4,engines=2,groups=2,preset=dsa2,wq_size=16:16:32:64,"
		    "wq_mode=dedicated:shared:dedicated:shared,wq_prio=1:2:3:15,"
		    "wq_users=1:3:1:2,max_batch=32,threads=2,numa_node=0,addr=sva",
		    DSA_BACKEND_MODEL, &a, err) == 0, "valid model args: %s", err);
	EXPECT(a.nb_wqs == 4 && a.nb_engines == 2 && a.nb_groups == 2, "counts");
	EXPECT(strcmp(a.preset, "dsa2") == 0, "preset");
	EXPECT(a.wq[0].size == 16 && a.wq[2].size == 32 && a.wq[3].size == 64, "sizes");
	EXPECT(!a.wq[0].shared && a.wq[1].shared && a.wq[3].shared, "modes");
	EXPECT(a.wq[3].priority == 15 && a.wq[1].users == 3, "prio/users");
	EXPECT(a.wq[0].max_batch == 32 && a.wq[63].max_batch == 32, "one value for every WQ");
	EXPECT(a.threads == 2 && a.numa_node == 0 && a.addr_mode == DSA_ADDR_SVA, "misc");
	EXPECT(!a.engine_cpus_set, "engine_cpus default");
	EXPECT(parse("engine_cpus=0:2-3:5", DSA_BACKEND_MODEL, &a, err) == 0, "cpus: %s", err);
	EXPECT(a.engine_cpus_set && CPU_COUNT(&a.engine_cpus) == 4 &&
	       CPU_ISSET(0, &a.engine_cpus) && CPU_ISSET(2, &a.engine_cpus) &&
	       CPU_ISSET(3, &a.engine_cpus) && CPU_ISSET(5, &a.engine_cpus), "engine_cpus");
	EXPECT(parse("wq_threshold=8,wq_size=16,wq_group=1,wqs=2,groups=2", DSA_BACKEND_PCI,
		    &a, err) == 0, "valid pci args: %s", err);
	EXPECT(a.wq[1].threshold == 8 && a.wq[1].group == 1, "threshold/group");
	EXPECT(parse("iommu=type1", DSA_BACKEND_PCI, &a, err) == 0 &&
	      strcmp(a.iommu, "type1") == 0, "iommu: %s", err);
	EXPECT(parse("pci=0000:6a:01.0,iommu=emulated,preset=dsa2,threads=1,"
		    "emu_pci_id=8086:11fb,engine_cpus=1", DSA_BACKEND_PCI, &a, err) == 0,
	      "valid emulated pci args: %s", err);
	EXPECT(strcmp(a.pci, "0000:6a:01.0") == 0 && strcmp(a.iommu, "emulated") == 0 &&
	      a.emu_vendor_id == 0x8086 && a.emu_device_id == 0x11fb && a.threads == 1 &&
	      a.engine_cpus_set && CPU_COUNT(&a.engine_cpus) == 1 &&
	      CPU_ISSET(1, &a.engine_cpus), "pci fields");
	EXPECT(parse("pci=6a:01.7", DSA_BACKEND_PCI, &a, err) == 0 && a.emu_device_id == 0,
	      "short pci address: %s", err);
	EXPECT(parse("wq=wq1.3,submit=write,wq_prefix=app_", DSA_BACKEND_KWQ, &a, err) == 0,
	      "valid kwq args: %s", err);
	EXPECT(strcmp(a.wq_name, "wq1.3") == 0 && strcmp(a.submit, "write") == 0 &&
	      strcmp(a.wq_prefix, "app_") == 0, "kwq fields");
	EXPECT(parse("wqs=0x10", DSA_BACKEND_MODEL, &a, err) == 0 && a.nb_wqs == 16, "hex");
}

/* ARGS must fail for BACKEND, and the message must contain NEEDLE */
static void
expect_fail(const char *args, unsigned int backend, const char *needle)
{
	struct dsa_devargs a;
	char err[DSA_DEVARGS_ERRLEN];
	int ret = parse(args, backend, &a, err);

	EXPECT(ret == -EINVAL, "\"%s\" accepted (ret %d)", args, ret);
	EXPECT(ret != -EINVAL || strstr(err, needle) != NULL,
	      "\"%s\": message \"%s\" does not name \"%s\"", args, err, needle);
}

static void
test_invalid(void)
{
	expect_fail("wqs=0", DSA_BACKEND_MODEL, "wqs=0");
	expect_fail("wqs=65", DSA_BACKEND_MODEL, "wqs=65");
	expect_fail("wqs=-1", DSA_BACKEND_MODEL, "wqs=-1");
	expect_fail("wqs=4x", DSA_BACKEND_MODEL, "wqs=4x");
	expect_fail("wqs=", DSA_BACKEND_MODEL, "wqs");
	expect_fail("engines=256", DSA_BACKEND_MODEL, "engines=256");
	expect_fail("groups=abc", DSA_BACKEND_MODEL, "groups=abc");
	expect_fail("preset=icx", DSA_BACKEND_MODEL, "preset=icx");
	expect_fail("wq_size=0", DSA_BACKEND_MODEL, "wq_size=0");
	expect_fail("wq_size=70000", DSA_BACKEND_MODEL, "wq_size=70000");
	expect_fail("wq_mode=both", DSA_BACKEND_MODEL, "wq_mode=both");
	expect_fail("wq_prio=0", DSA_BACKEND_MODEL, "wq_prio=0");
	expect_fail("wq_prio=16", DSA_BACKEND_MODEL, "wq_prio=16");
	expect_fail("max_batch=24", DSA_BACKEND_MODEL, "max_batch=24");
	expect_fail("max_batch=1", DSA_BACKEND_MODEL, "max_batch=1");
	expect_fail("addr=pa", DSA_BACKEND_MODEL, "addr=pa");
	expect_fail("numa_node=x", DSA_BACKEND_MODEL, "numa_node=x");
	expect_fail("threads=0", DSA_BACKEND_MODEL, "threads=0");
	expect_fail("engine_cpus=", DSA_BACKEND_MODEL, "engine_cpus");
	expect_fail("engine_cpus=:", DSA_BACKEND_MODEL, "engine_cpus=:");
	expect_fail("engine_cpus=::", DSA_BACKEND_PCI, "engine_cpus=::");
	expect_fail("engine_cpus=0:", DSA_BACKEND_MODEL, "engine_cpus=0:");
	expect_fail("engine_cpus=0::2", DSA_BACKEND_MODEL, "engine_cpus=0::2");
	expect_fail("wqs=2,wq_size=8::8", DSA_BACKEND_MODEL, "wq_size=8::8");
	expect_fail("wqs=2,wq_prio=:3", DSA_BACKEND_MODEL, "wq_prio=:3");
	expect_fail("wqs=2,wq_mode=shared:", DSA_BACKEND_MODEL, "wq_mode=shared:");
	expect_fail("engine_cpus=3-1", DSA_BACKEND_MODEL, "engine_cpus=3-1");
	expect_fail("engine_cpus=0:x", DSA_BACKEND_MODEL, "engine_cpus=0:x");
	expect_fail("engine_cpus=1024", DSA_BACKEND_MODEL, "engine_cpus=1024");
	expect_fail("engine_cpus=1", DSA_BACKEND_KWQ, "engine_cpus");
	expect_fail("bogus=1", DSA_BACKEND_MODEL, "bogus");
	expect_fail("iommu=type1", DSA_BACKEND_MODEL, "iommu");
	expect_fail("preset=spr", DSA_BACKEND_PCI, "preset");
	expect_fail("wqs=2", DSA_BACKEND_KWQ, "wqs");
	expect_fail("iommu=intel", DSA_BACKEND_PCI, "iommu=intel");
	expect_fail("pci=6a:01", DSA_BACKEND_PCI, "pci=6a:01");
	expect_fail("pci=0000:6a:20.0", DSA_BACKEND_PCI, "pci=0000:6a:20.0");
	expect_fail("pci=6a:01.0x", DSA_BACKEND_PCI, "pci=6a:01.0x");
	expect_fail("emu_pci_id=0x8086:1", DSA_BACKEND_PCI, "emu_pci_id");
	expect_fail("pci=6a:01.0", DSA_BACKEND_MODEL, "pci");
	expect_fail("emu_pci_id=8086", DSA_BACKEND_PCI, "emu_pci_id=8086");
	expect_fail("iommu=emulated,emu_pci_id=8086:12345", DSA_BACKEND_PCI, "emu_pci_id");
	expect_fail("wq=dsa0", DSA_BACKEND_KWQ, "wq=dsa0");
	expect_fail("wq=wq+1.3", DSA_BACKEND_KWQ, "wq=wq+1.3");
	expect_fail("wq=wq-1.3", DSA_BACKEND_KWQ, "wq=wq-1.3");
	expect_fail("wq=wq 1. 3", DSA_BACKEND_KWQ, "wq=wq 1. 3");
	expect_fail("submit=mmap", DSA_BACKEND_KWQ, "submit=mmap");
	/* rte_kvargs would drop the key before a second '=' */
	expect_fail("x=wqs=2", DSA_BACKEND_MODEL, "more than one '='");
	expect_fail("wqs=2,wq_users=1:2=groups=2", DSA_BACKEND_MODEL, "wq_users=1:2=groups=2");
	/* checks across keys */
	expect_fail("wqs=2,wq_size=8:8:8", DSA_BACKEND_MODEL, "wq_size");
	expect_fail("wq_size=8:8", DSA_BACKEND_MODEL, "wq_size");
	expect_fail("wq_users=2", DSA_BACKEND_MODEL, "wq_users=2");
	expect_fail("wq_size=4,wq_threshold=8", DSA_BACKEND_MODEL, "wq_threshold=8");
	expect_fail("wqs=2,wq_mode=shared:bad", DSA_BACKEND_MODEL, "wq_mode=shared:bad");
	expect_fail("pci=00:01.0,emu_pci_id=8086:1234", DSA_BACKEND_PCI, "iommu=emulated");
	expect_fail("pci=00:01.0,iommu=type1,threads=2", DSA_BACKEND_PCI, "devarg threads");
	expect_fail("pci=00:01.0,engine_cpus=0", DSA_BACKEND_PCI, "devarg engine_cpus");
}

static void
test_fault_injection(void)
{
	struct dsa_devargs a;
	char err[DSA_DEVARGS_ERRLEN];

	EXPECT(parse("wqs=2", DSA_BACKEND_MODEL, &a, err) == 0 && a.fault_every == 0,
	       "no faults by default");
	EXPECT(parse("fault_every=100", DSA_BACKEND_MODEL, &a, err) == 0, "%s", err);
	EXPECT(a.fault_every == 100 && a.fault_offset == 0 && !a.fault_on_src,
	       "fault_every alone: destination, byte 0");
	EXPECT(parse("fault_on=src,fault_offset=4096,fault_every=1", DSA_BACKEND_MODEL, &a,
		     err) == 0, "%s", err);
	EXPECT(a.fault_every == 1 && a.fault_offset == 4096 && a.fault_on_src, "placed fault");
	EXPECT(parse("fault_every=7,fault_on=dst", DSA_BACKEND_MODEL, &a, err) == 0 &&
	       !a.fault_on_src, "fault_on=dst: %s", err);
	expect_fail("fault_every=0", DSA_BACKEND_MODEL, "fault_every=0");
	expect_fail("fault_every=4294967296", DSA_BACKEND_MODEL, "fault_every=4294967296");
	expect_fail("fault_every=ten", DSA_BACKEND_MODEL, "fault_every=ten");
	expect_fail("fault_every=5,fault_on=both", DSA_BACKEND_MODEL, "fault_on=both");
	expect_fail("fault_every=5,fault_offset=-1", DSA_BACKEND_MODEL, "fault_offset=-1");
	expect_fail("fault_offset=64", DSA_BACKEND_MODEL, "need fault_every");
	expect_fail("fault_on=src", DSA_BACKEND_MODEL, "need fault_every");
	expect_fail("fault_every=5", DSA_BACKEND_KWQ, "fault_every");
	expect_fail("fault_every=5", DSA_BACKEND_PCI, "fault_every");
}

int
main(void)
{
	test_defaults();
	test_valid();
	test_invalid();
	test_fault_injection();
	if (failures != 0) {
		printf("%d devargs checks failed\n", failures);
		return 1;
	}
	printf("devargs: all checks passed\n");
	return 0;
}
