/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness of the driver's devargs parser (dsa_devargs_parse).
 * Input: byte 0 picks the backend (bits 0-1) and the size of the message
 * buffer (bits 2-7, so that short buffers are tried too); the rest is the
 * devargs string. Properties: no memory error, a result that is either
 * 0 with every field within the ranges dsa_devargs.h gives, or -EINVAL with
 * a message; and the same result for the same input. And every element
 * of an accepted ':'-separated list (per-WQ values, engine_cpus) is a value:
 * "8::8" is three elements, one of them empty, not two.
 */
#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dsa_devargs.h"
#include "fuzz_check.h"

static const unsigned int backends[] = {
	DSA_BACKEND_MODEL, DSA_BACKEND_PCI, DSA_BACKEND_KWQ, DSA_BACKEND_PCI,
};

static bool
is_one_of(const char *s, size_t size, const char *const *words)
{
	if (strnlen(s, size) == size)
		return false;
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/* A kernel WQ name: "wq", decimal digits, '.', decimal digits. */
static bool
is_wq_name(const char *s)
{
	static regex_t re;
	static bool compiled;

	if (!compiled) {
		FUZZ_ASSERT(regcomp(&re, "^wq[0-9]+\\.[0-9]+$", REG_EXTENDED | REG_NOSUB) == 0,
			    "regcomp");
		compiled = true;
	}
	return regexec(&re, s, 0, NULL, 0) == 0;
}

static void
check_wq(const struct dsa_devargs *a, unsigned int i)
{
	const struct dsa_wq_args *wq = &a->wq[i];

	FUZZ_ASSERT(wq->shared <= 1, "wq %u shared %u", i, wq->shared);
	FUZZ_ASSERT(wq->priority <= 15, "wq %u priority %u", i, wq->priority);
	FUZZ_ASSERT(wq->group >= -1 && wq->group <= 255, "wq %u group %d", i, wq->group);
	FUZZ_ASSERT(wq->users <= 64, "wq %u users %u", i, wq->users);
	FUZZ_ASSERT(wq->max_batch == 0 || (wq->max_batch >= 2 && wq->max_batch <= 1u << 15 &&
		    (wq->max_batch & (wq->max_batch - 1)) == 0),
		    "wq %u max_batch %u", i, wq->max_batch);
	FUZZ_ASSERT(!(wq->threshold && wq->size && wq->threshold > wq->size),
		    "wq %u threshold %u above size %u", i, wq->threshold, wq->size);
	FUZZ_ASSERT(!(wq->users > 1 && !wq->shared && a->backend != DSA_BACKEND_KWQ),
		    "wq %u: %u users on a dedicated WQ", i, wq->users);
}

static void
check_parsed(const struct dsa_devargs *a, unsigned int backend)
{
	static const char *const presets[] = { "spr", "dsa2", NULL };
	static const char *const iommus[] = { "auto", "iommufd", "type1", "emulated", NULL };
	static const char *const submits[] = { "auto", "portal", "write", NULL };
	unsigned int i;

	FUZZ_ASSERT(a->backend == backend, "backend %u", a->backend);
	FUZZ_ASSERT(a->nb_wqs <= DSA_DEVARGS_MAX_WQS, "nb_wqs %u", a->nb_wqs);
	FUZZ_ASSERT(a->nb_engines <= 255 && a->nb_groups <= 255, "engines %u groups %u",
		    a->nb_engines, a->nb_groups);
	FUZZ_ASSERT(a->numa_node >= -1 && a->numa_node <= 1023, "numa %d", a->numa_node);
	FUZZ_ASSERT(a->addr_mode <= DSA_ADDR_IOVA, "addr mode %d", a->addr_mode);
	FUZZ_ASSERT(a->threads <= 64, "threads %u", a->threads);
	FUZZ_ASSERT(!a->fault_placed || a->fault_every != 0, "fault placed without period");
	FUZZ_ASSERT(!a->engine_cpus_set || CPU_COUNT(&a->engine_cpus) > 0, "empty engine_cpus");
	FUZZ_ASSERT(is_one_of(a->preset, sizeof(a->preset), presets), "preset");
	FUZZ_ASSERT(is_one_of(a->iommu, sizeof(a->iommu), iommus), "iommu");
	FUZZ_ASSERT(is_one_of(a->submit, sizeof(a->submit), submits), "submit");
	FUZZ_ASSERT(strnlen(a->pci, sizeof(a->pci)) < sizeof(a->pci), "pci unterminated");
	FUZZ_ASSERT(strnlen(a->wq_prefix, sizeof(a->wq_prefix)) < sizeof(a->wq_prefix),
		    "wq_prefix unterminated");
	FUZZ_ASSERT(strnlen(a->wq_name, sizeof(a->wq_name)) < sizeof(a->wq_name),
		    "wq_name unterminated");
	FUZZ_ASSERT(a->wq_name[0] == '\0' || is_wq_name(a->wq_name), "wq name '%s'",
		    a->wq_name);
	FUZZ_ASSERT(strspn(a->pci, "0123456789abcdefABCDEF:.") == strlen(a->pci),
		    "pci address '%s'", a->pci);
	FUZZ_ASSERT(a->emu_vendor_id != 0 || a->emu_device_id == 0, "device id without vendor");
	for (i = 0; i < DSA_DEVARGS_MAX_WQS; i++)
		check_wq(a, i);
}

/* Keys whose value is a ':'-separated list */
static const char *const list_keys[] = {
	"wq_size", "wq_mode", "wq_prio", "wq_threshold", "wq_group", "wq_users",
	"max_batch", "engine_cpus", NULL,
};

/* Whether the list value [v, end) has an empty element. */
static bool
has_empty_element(const char *v, const char *end)
{
	const char *colon;

	for (;;) {
		colon = memchr(v, ':', (size_t)(end - v));
		if ((colon ? colon : end) == v)
			return true;
		if (colon == NULL)
			return false;
		v = colon + 1;
	}
}

/* No accepted list key has an empty element. Strings with rte_kvargs'
 * [a,b] lists are left out: their commas do not separate pairs. */
static void
check_lists(const char *args)
{
	const char *pair = args, *end, *eq;
	unsigned int k;

	if (strchr(args, '[') != NULL)
		return;
	for (; *pair != '\0'; pair = *end ? end + 1 : end) {
		end = pair + strcspn(pair, ",");
		eq = memchr(pair, '=', (size_t)(end - pair));
		if (eq == NULL)
			continue;
		for (k = 0; list_keys[k] != NULL; k++)
			if ((size_t)(eq - pair) == strlen(list_keys[k]) &&
			    strncmp(pair, list_keys[k], (size_t)(eq - pair)) == 0)
				FUZZ_ASSERT(!has_empty_element(eq + 1, end),
					    "'%.*s' accepted with an empty list element",
					    (int)(end - pair), pair);
	}
}

static int
parse_once(const char *args, unsigned int backend, struct dsa_devargs *out, size_t errlen)
{
	/* exactly errlen bytes on the heap, so that ASan sees a longer message */
	char *err = malloc(errlen);
	int ret;

	FUZZ_ASSERT(err != NULL, "out of memory");
	ret = dsa_devargs_parse(args, backend, out, err, errlen);
	FUZZ_ASSERT(strnlen(err, errlen) < errlen, "message not terminated");
	if (ret == 0) {
		FUZZ_ASSERT(err[0] == '\0', "success with a message: %s", err);
		check_parsed(out, backend);
	} else {
		FUZZ_ASSERT(ret == -EINVAL, "returned %d", ret);
		FUZZ_ASSERT(errlen == 1 || err[0] != '\0', "failure without a message");
	}
	free(err);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dsa_devargs first, second;
	unsigned int backend;
	size_t errlen;
	char *args;
	int ret;

	if (size < 1)
		return 0;
	backend = backends[data[0] & 3];
	errlen = (data[0] >> 2) == 0 ? DSA_DEVARGS_ERRLEN : (size_t)(data[0] >> 2);
	args = malloc(size);
	FUZZ_ASSERT(args != NULL, "out of memory");
	memcpy(args, data + 1, size - 1);
	args[size - 1] = '\0';
	ret = parse_once(args, backend, &first, errlen);
	FUZZ_ASSERT(parse_once(args, backend, &second, errlen) == ret, "not deterministic");
	if (ret == 0) {
		FUZZ_ASSERT(memcmp(&first, &second, sizeof(first)) == 0, "results differ");
		check_lists(args);
	}
	free(args);
	return 0;
}
