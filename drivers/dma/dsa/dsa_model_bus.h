/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The software model behind a dma_dsa_model vdev, for tests to inject
 * faults, stalls and halts into the device the driver uses; and the model
 * parameters that the devargs of either model-backed vdev give.
 */
#ifndef DSA_MODEL_BUS_H
#define DSA_MODEL_BUS_H

#include <sched.h>

struct dsa_devargs;
struct dsa_model;
struct dsa_model_params;

/* The model of the probed vdev VDEV_NAME (e.g. "dma_dsa_model0"), or NULL */
struct dsa_model *dsa_model_bus_model(const char *vdev_name);

/*
 * Model parameters from the devargs (preset, threads, engine_cpus or the
 * default placement, kept in CPUS), for both backends that create a model.
 * Fails with -EINVAL, logging which devarg NAME was given that the machine or
 * the preset cannot honour (a CPU that does not exist or may not be used,
 * more threads than engines).
 */
int dsa_model_params_from_devargs(const char *name, const struct dsa_devargs *args,
				  struct dsa_model_params *p, cpu_set_t *cpus);

#endif /* DSA_MODEL_BUS_H */
