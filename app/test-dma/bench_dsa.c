/* SPDX-License-Identifier: BSD-3-Clause */
#include <dlfcn.h>
#include <link.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "bench_dsa.h"

/* The loaded objects' names, taken first: dlopen is not called from dl_iterate_phdr */
struct object_names {
	char **names;
	size_t n;
};

static int
add_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct object_names *o = arg;
	char **names;

	RTE_SET_USED(size);
	if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0')
		return 0;
	names = realloc(o->names, (o->n + 1) * sizeof(*names));
	if (names == NULL)
		return 1;
	o->names = names;
	o->names[o->n] = strdup(info->dlpi_name);
	if (o->names[o->n] == NULL)
		return 1;
	o->n++;
	return 0;
}

/* Fill API from the object HANDLE; false if it lacks a function */
static bool
resolve(void *handle, struct bench_dsa_api *api)
{
#define FIND(field, symbol) (api->field = (__typeof__(api->field))dlsym(handle, symbol))
	return FIND(op_supported, "rte_pmd_dsa_op_supported") != NULL &&
		FIND(crc32c, "rte_pmd_dsa_crc32c") != NULL &&
		FIND(copy_crc32c, "rte_pmd_dsa_copy_crc32c") != NULL &&
		FIND(compare, "rte_pmd_dsa_compare") != NULL &&
		FIND(dualcast, "rte_pmd_dsa_dualcast") != NULL &&
		FIND(dif_insert, "rte_pmd_dsa_dif_insert") != NULL;
#undef FIND
}

const struct bench_dsa_api *
bench_dsa_api(void)
{
	static struct bench_dsa_api api;
	static bool searched, found;
	struct object_names o = { NULL, 0 };
	size_t i;

	/* plugins are loaded by rte_eal_init, before the first call */
	if (searched)
		return found ? &api : NULL;
	searched = true;
	dl_iterate_phdr(add_object, &o);
	for (i = 0; i < o.n; i++) {
		/* RTLD_NOLOAD: a handle on what is loaded, never a new load */
		void *h = found ? NULL : dlopen(o.names[i], RTLD_LAZY | RTLD_NOLOAD);

		if (h != NULL && resolve(h, &api))
			found = true; /* the handle stays open: the functions are used */
		else if (h != NULL)
			dlclose(h);
		free(o.names[i]);
	}
	free(o.names);
	return found ? &api : NULL;
}
