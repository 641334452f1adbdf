/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-vhost-dma: a vhost-user backend whose packet copies go through dmadevs, using the
 * asynchronous data path of DPDK's vhost library. Shared definitions of its parts:
 * dma.c (the copy engines), port.c (vhost-user ports), fwd.c (the forwarding workers).
 */

#ifndef VHOST_DMA_H
#define VHOST_DMA_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_dev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#define MAX_PORTS 8
#define MAX_QUEUES 8		/* queue pairs per port */
#define MAX_DMAS 16
#define BURST 32
#define DMA_VCHAN 0
/* Bound on every wait for in-flight DMA copies (teardown, queue disable). */
#define DRAIN_TIMEOUT_S 10

/* Virtqueues of queue pair q: the guest receives on 2q and transmits on 2q + 1. */
#define VQ_TO_GUEST(q) (2 * (q))
#define VQ_FROM_GUEST(q) (2 * (q) + 1)

/* Which dmadev copies each direction of one queue pair. */
struct queue_dmas {
	int16_t to_guest;	/* enqueue: host mbuf -> guest buffer ("txd") */
	int16_t from_guest;	/* dequeue: guest buffer -> host mbuf ("rxd") */
};

/* Counters with one writer each, read by the statistics printer. */
struct port_stats {
	uint64_t from_guest;	/* packets dequeued, their copies completed */
	uint64_t to_guest;	/* packets enqueued, their copies completed */
	uint64_t fwd_dropped;	/* dequeued packets whose destination went away */
	uint64_t drained;	/* in-flight packets completed during a queue stop */
};

struct vhost_port {
	char path[PATH_MAX];
	uint16_t index;
	/* Set by the vhost callbacks, read by the workers. */
	bool up;			/* device running, async channels registered */
	int vid;
	uint16_t nr_queues;		/* queue pairs the guest brought up */
	bool vq_enabled[2 * MAX_QUEUES];
	struct queue_dmas dmas[MAX_QUEUES];
	struct port_stats stats;	/* written by the workers */
	uint64_t drained;		/* written by the vhost callbacks */
};

/* A stream: one queue pair of a port, forwarded to a queue pair of a destination port. */
struct fwd_stream {
	struct vhost_port *src;
	uint16_t src_queue;
	struct vhost_port *dst;
	uint16_t dst_queue;
	uint16_t nb_pending;
	struct rte_mbuf *pending[BURST];	/* dequeued, not yet accepted by dst */
};

struct dma_engine {
	int16_t id;		/* the copy fallback, what the vhost library uses */
	int16_t hw_id;		/* the dmadev named in --dmas, behind the fallback */
	struct dma_fallback *fallback;
	bool vhost_configured;
	char name[RTE_DEV_NAME_MAX_LEN];
	char users[256];	/* e.g. "txd0.0 rxd0.0", for the statistics */
};

struct worker {
	unsigned int lcore;
	/* Odd while the worker is inside a pass over its streams (see port_quiesce). */
	uint64_t epoch;
	unsigned int nb_streams;
	struct fwd_stream *streams[MAX_PORTS * MAX_QUEUES];
};

struct backend {
	unsigned int nb_ports;
	struct vhost_port ports[MAX_PORTS];
	unsigned int nb_queues;		/* queue pairs offered per port */
	bool pair;			/* forward port 2k <-> 2k+1, else back to the sender */
	bool client;			/* connect to the sockets instead of listening */
	unsigned int nb_dmas;
	struct dma_engine dmas[MAX_DMAS];
	unsigned int nb_workers;
	struct worker workers[RTE_MAX_LCORE];
	unsigned int nb_streams;
	struct fwd_stream streams[MAX_PORTS * MAX_QUEUES];
	struct rte_mempool *pool;
	volatile bool quit;
};

extern struct backend backend;

/* dma.c */
int dma_parse_map(struct backend *be, const char *arg);
int dma_start_all(struct backend *be);
void dma_stop_all(struct backend *be);
void dma_print_stats(const struct backend *be, FILE *f);

/* port.c */
int port_start_all(struct backend *be);
void port_stop_all(struct backend *be);
void port_print_stats(const struct backend *be, FILE *f);

/* fwd.c */
void fwd_build_streams(struct backend *be);
int fwd_worker_main(void *arg);
void fwd_quiesce(struct backend *be);

#endif /* VHOST_DMA_H */
