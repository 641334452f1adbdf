/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Forwarding workers. Each worker lcore owns some streams; a stream takes the packets a
 * guest transmits on one queue pair (asynchronous dequeue: the dmadev copies them out of
 * guest memory) and hands them to the destination queue pair (asynchronous enqueue: the
 * dmadev copies them into guest memory). A destination that is full pushes back: the
 * stream keeps what it could not hand over and dequeues nothing more until it can, so
 * no packet is dropped while both guests are there.
 */

#include <string.h>

#include <rte_vhost_async.h>

#include "vhost_dma.h"

/* Streams in port order; in pair mode port 2k and 2k+1 send to each other. */
void
fwd_build_streams(struct backend *be)
{
	unsigned int p, q, w = 0;

	be->nb_streams = 0;
	for (p = 0; p < be->nb_ports; p++) {
		for (q = 0; q < be->nb_queues; q++) {
			struct fwd_stream *s = &be->streams[be->nb_streams++];
			struct worker *wk = &be->workers[w];

			s->src = &be->ports[p];
			s->src_queue = q;
			s->dst = &be->ports[be->pair ? p ^ 1 : p];
			s->dst_queue = q;
			s->nb_pending = 0;
			wk->streams[wk->nb_streams++] = s;
			w = (w + 1) % be->nb_workers;
		}
	}
}

static bool
vq_usable(const struct vhost_port *port, uint16_t queue, uint16_t vq)
{
	return __atomic_load_n(&port->up, __ATOMIC_ACQUIRE) && queue < port->nr_queues &&
		__atomic_load_n(&port->vq_enabled[vq], __ATOMIC_ACQUIRE);
}

static void
count(uint64_t *counter, uint64_t n)
{
	if (n != 0)
		__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

/* Packets whose copy into the guest finished: the guest has them, free ours. */
static void
stream_complete_to_guest(struct fwd_stream *s)
{
	struct vhost_port *port = s->src;
	struct rte_mbuf *done[BURST];
	uint16_t n;

	if (!vq_usable(port, s->src_queue, VQ_TO_GUEST(s->src_queue)))
		return;
	n = rte_vhost_poll_enqueue_completed(port->vid, VQ_TO_GUEST(s->src_queue), done, BURST,
		port->dmas[s->src_queue].to_guest, DMA_VCHAN);
	rte_pktmbuf_free_bulk(done, n);
	count(&port->stats.to_guest, n);
}

/* Offer the pending packets to the destination; keep what it does not take. */
static void
stream_flush(struct fwd_stream *s)
{
	struct vhost_port *dst = s->dst;
	uint16_t sent;

	if (s->nb_pending == 0)
		return;
	if (!__atomic_load_n(&dst->up, __ATOMIC_ACQUIRE) || s->dst_queue >= dst->nr_queues) {
		/* The destination guest is gone: these packets have nowhere to go. */
		rte_pktmbuf_free_bulk(s->pending, s->nb_pending);
		count(&s->src->stats.fwd_dropped, s->nb_pending);
		s->nb_pending = 0;
		return;
	}
	if (!__atomic_load_n(&dst->vq_enabled[VQ_TO_GUEST(s->dst_queue)], __ATOMIC_ACQUIRE))
		return;
	/* The library owns the accepted packets until their copies complete. */
	sent = rte_vhost_submit_enqueue_burst(dst->vid, VQ_TO_GUEST(s->dst_queue), s->pending,
		s->nb_pending, dst->dmas[s->dst_queue].to_guest, DMA_VCHAN);
	if (sent != 0 && sent < s->nb_pending)
		memmove(s->pending, s->pending + sent,
			(s->nb_pending - sent) * sizeof(s->pending[0]));
	s->nb_pending -= sent;
}

/* Packets the guest transmitted whose copy out of guest memory finished. */
static void
stream_dequeue(struct fwd_stream *s)
{
	struct vhost_port *port = s->src;
	int inflight;
	uint16_t n;

	if (s->nb_pending != 0 || !vq_usable(port, s->src_queue, VQ_FROM_GUEST(s->src_queue)))
		return;
	n = rte_vhost_async_try_dequeue_burst(port->vid, VQ_FROM_GUEST(s->src_queue),
		backend.pool, s->pending, BURST, &inflight,
		port->dmas[s->src_queue].from_guest, DMA_VCHAN);
	s->nb_pending = n;
	count(&port->stats.from_guest, n);
}

static void
worker_pass(struct worker *wk)
{
	unsigned int i;

	for (i = 0; i < wk->nb_streams; i++) {
		struct fwd_stream *s = wk->streams[i];

		stream_complete_to_guest(s);
		stream_flush(s);
		stream_dequeue(s);
		stream_flush(s);
	}
}

int
fwd_worker_main(void *arg)
{
	struct worker *wk = arg;
	unsigned int i;

	printf("worker on lcore %u: %u stream(s)\n", wk->lcore, wk->nb_streams);
	while (!backend.quit) {
		/* Odd epoch: inside a pass, possibly using a port's queues (port_quiesce). */
		__atomic_fetch_add(&wk->epoch, 1, __ATOMIC_ACQ_REL);
		worker_pass(wk);
		__atomic_fetch_add(&wk->epoch, 1, __ATOMIC_ACQ_REL);
	}
	/* Whatever is still pending has no pass left to go out in. */
	for (i = 0; i < wk->nb_streams; i++) {
		struct fwd_stream *s = wk->streams[i];

		rte_pktmbuf_free_bulk(s->pending, s->nb_pending);
		count(&s->src->stats.fwd_dropped, s->nb_pending);
		s->nb_pending = 0;
	}
	return 0;
}

/*
 * Wait until no worker is still inside a pass that began before the call, so a port
 * marked down or a virtqueue marked disabled is no longer touched by any worker.
 */
void
fwd_quiesce(struct backend *be)
{
	unsigned int i;

	for (i = 0; i < be->nb_workers; i++) {
		struct worker *wk = &be->workers[i];
		uint64_t e = __atomic_load_n(&wk->epoch, __ATOMIC_ACQUIRE);

		if (e % 2 == 0)
			continue;
		while (__atomic_load_n(&wk->epoch, __ATOMIC_ACQUIRE) == e)
			rte_pause();
	}
}
