/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For tests: the software model behind a dma_dsa_model vdev, so that a test
 * can inject faults, stalls and halts into the device the driver uses.
 */
#ifndef DSA_MODEL_BUS_H
#define DSA_MODEL_BUS_H

struct dsa_model;

/* The model of the probed vdev VDEV_NAME (e.g. "dma_dsa_model0"), or NULL */
struct dsa_model *dsa_model_bus_model(const char *vdev_name);

#endif /* DSA_MODEL_BUS_H */
