/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DMA side of a device taken through libioasid: a context, one address
 * space holding all DPDK memory at IOVA = VA (libioasid's DPDK glue), and
 * the device attached to it for requests without PASID. Used by the PCI
 * backend and by the model backend with addr=iova.
 */
#ifndef DSA_IOASID_H
#define DSA_IOASID_H

#include <ioasid.h>
#include <ioasid_dpdk.h>

struct dsa_ioasid {
	struct ioasid_ctx *ctx;
	struct ioasid_ioas *ioas;
	struct ioasid_device *dev;  /* attached, owned from dsa_ioasid_attach on */
	struct ioasid_dpdk *glue;   /* DPDK memory followed into ioas */
};

/*
 * Open a context of BACKEND and an empty address space. Refuses unless EAL
 * runs in IOVA-as-VA mode: the glue maps DPDK memory at IOVA = VA.
 */
int dsa_ioasid_open(struct dsa_ioasid *io, const char *name, enum ioasid_backend backend);

/* Attach DEV (opened in io->ctx) without PASID; IO owns DEV even on failure */
int dsa_ioasid_attach(struct dsa_ioasid *io, const char *name, struct ioasid_device *dev);

/* Map all DPDK memory into the address space, and follow it from now on */
int dsa_ioasid_map_dpdk(struct dsa_ioasid *io, const char *name);

/* Open, attach a new emulated device (no PASID) named NAME and map DPDK memory */
int dsa_ioasid_open_emulated(struct dsa_ioasid *io, const char *name);

/* Undo whatever was set up, in reverse order; IO may be partly set up or zeroed */
void dsa_ioasid_close(struct dsa_ioasid *io, const char *name);

/* Log a failed libioasid call WHAT with libioasid's message; returns RC */
int dsa_ioasid_fail(const char *name, const char *what, int rc);

#endif /* DSA_IOASID_H */
