/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost-user ports: one socket each, registered with the vhost library's asynchronous
 * copy path. The callbacks here run in the vhost library's control thread; they hand a
 * port to the workers (new_device) and take it back (destroy_device, vring_state_changed)
 * only once the workers are out of it and every in-flight copy is finished.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_vhost.h>
#include <rte_vhost_async.h>

#include "vhost_dma.h"

/* Offloads the forwarding never uses; without them a packet is one plain copy. */
#define UNUSED_FEATURES ((1ULL << VIRTIO_NET_F_HOST_TSO4) | (1ULL << VIRTIO_NET_F_HOST_TSO6) | \
	(1ULL << VIRTIO_NET_F_GUEST_TSO4) | (1ULL << VIRTIO_NET_F_GUEST_TSO6) | \
	(1ULL << VIRTIO_NET_F_CSUM) | (1ULL << VIRTIO_NET_F_GUEST_CSUM))

static struct vhost_port *
port_by_vid(int vid)
{
	char path[PATH_MAX];
	unsigned int i;

	if (rte_vhost_get_ifname(vid, path, sizeof(path)) < 0)
		return NULL;
	for (i = 0; i < backend.nb_ports; i++)
		if (strcmp(backend.ports[i].path, path) == 0)
			return &backend.ports[i];
	return NULL;
}

static int16_t
vq_dma(const struct vhost_port *port, uint16_t vq)
{
	const struct queue_dmas *d = &port->dmas[vq / 2];

	return vq % 2 == 0 ? d->to_guest : d->from_guest;
}

/*
 * Complete every in-flight copy of one virtqueue and free its packets. The vhost
 * library returns them as their copies finish; a dmadev that stops completing makes
 * this give up after DRAIN_TIMEOUT_S with the count still in flight.
 */
static int
vq_drain(struct vhost_port *port, uint16_t vq, bool thread_unsafe)
{
	struct rte_mbuf *pkts[BURST];
	uint64_t deadline = rte_get_timer_cycles() + DRAIN_TIMEOUT_S * rte_get_timer_hz();
	int16_t dma = vq_dma(port, vq);
	int left;

	for (;;) {
		uint16_t n;

		left = thread_unsafe ? rte_vhost_async_get_inflight_thread_unsafe(port->vid, vq) :
			rte_vhost_async_get_inflight(port->vid, vq);
		if (left <= 0 || rte_get_timer_cycles() > deadline)
			break;
		n = thread_unsafe ?
			rte_vhost_clear_queue_thread_unsafe(port->vid, vq, pkts, BURST, dma,
				DMA_VCHAN) :
			rte_vhost_clear_queue(port->vid, vq, pkts, BURST, dma, DMA_VCHAN);
		rte_pktmbuf_free_bulk(pkts, n);
		__atomic_fetch_add(&port->drained, n, __ATOMIC_RELAXED);
	}
	if (left > 0)
		fprintf(stderr, "port %u: %d packets of virtqueue %u still in flight after %ds\n",
			port->index, left, vq, DRAIN_TIMEOUT_S);
	return left > 0 ? -ETIMEDOUT : 0;
}

static int
new_device(int vid)
{
	struct vhost_port *port = port_by_vid(vid);
	uint16_t vq, nr_vqs;

	if (port == NULL)
		return -1;
	nr_vqs = RTE_MIN(rte_vhost_get_vring_num(vid), 2 * backend.nb_queues);
	for (vq = 0; vq < nr_vqs; vq++) {
		if (rte_vhost_async_channel_register(vid, vq) < 0) {
			fprintf(stderr, "port %u: cannot register async channel of vq %u\n",
				port->index, vq);
			while (vq-- > 0)
				rte_vhost_async_channel_unregister(vid, vq);
			return -1;
		}
	}
	port->vid = vid;
	port->nr_queues = nr_vqs / 2;
	__atomic_store_n(&port->up, true, __ATOMIC_RELEASE);
	printf("port %u: guest connected on %s, %u queue pair(s)\n", port->index, port->path,
		port->nr_queues);
	return 0;
}

static void
destroy_device(int vid)
{
	struct vhost_port *port = port_by_vid(vid);
	uint16_t vq;

	if (port == NULL || !__atomic_load_n(&port->up, __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&port->up, false, __ATOMIC_RELEASE);
	fwd_quiesce(&backend);
	for (vq = 0; vq < 2 * port->nr_queues; vq++) {
		/* A channel with copies still in flight cannot be unregistered. */
		if (vq_drain(port, vq, false) == 0)
			rte_vhost_async_channel_unregister(vid, vq);
	}
	printf("port %u: guest disconnected, in-flight packets drained: %" PRIu64 "\n",
		port->index, __atomic_load_n(&port->drained, __ATOMIC_RELAXED));
}

/*
 * A disabled virtqueue must have no copy in flight: the library may unmap the guest
 * memory right after. The library calls this with the queue locked, hence the
 * thread-unsafe variants.
 */
static int
vring_state_changed(int vid, uint16_t vq, int enable)
{
	struct vhost_port *port = port_by_vid(vid);

	if (port == NULL || vq >= 2 * MAX_QUEUES)
		return -1;
	__atomic_store_n(&port->vq_enabled[vq], enable != 0, __ATOMIC_RELEASE);
	if (enable || !__atomic_load_n(&port->up, __ATOMIC_ACQUIRE) || vq >= 2 * port->nr_queues)
		return 0;
	fwd_quiesce(&backend);
	return vq_drain(port, vq, true) == 0 ? 0 : -1;
}

static const struct rte_vhost_device_ops port_ops = {
	.new_device = new_device,
	.destroy_device = destroy_device,
	.vring_state_changed = vring_state_changed,
};

static int
port_start(struct vhost_port *port, uint64_t flags)
{
	int ret;

	ret = rte_vhost_driver_register(port->path, flags);
	if (ret < 0) {
		fprintf(stderr, "cannot register vhost-user socket %s\n", port->path);
		return -EINVAL;
	}
	if (rte_vhost_driver_disable_features(port->path, UNUSED_FEATURES) < 0 ||
			rte_vhost_driver_callback_register(port->path, &port_ops) < 0 ||
			rte_vhost_driver_start(port->path) < 0) {
		fprintf(stderr, "cannot start vhost-user socket %s\n", port->path);
		rte_vhost_driver_unregister(port->path);
		return -EINVAL;
	}
	return 0;
}

int
port_start_all(struct backend *be)
{
	uint64_t flags = RTE_VHOST_USER_ASYNC_COPY | RTE_VHOST_USER_NET_COMPLIANT_OL_FLAGS;
	unsigned int i;
	int ret;

	if (be->client)
		flags |= RTE_VHOST_USER_CLIENT;
	for (i = 0; i < be->nb_ports; i++) {
		ret = port_start(&be->ports[i], flags);
		if (ret < 0) {
			while (i-- > 0)
				rte_vhost_driver_unregister(be->ports[i].path);
			return ret;
		}
		printf("port %u: vhost-user socket %s (%s)\n", i, be->ports[i].path,
			be->client ? "client" : "server");
	}
	return 0;
}

/* Closing a socket disconnects its guest, which runs destroy_device() first. */
void
port_stop_all(struct backend *be)
{
	unsigned int i;

	for (i = 0; i < be->nb_ports; i++)
		rte_vhost_driver_unregister(be->ports[i].path);
}

void
port_print_stats(const struct backend *be, FILE *f)
{
	unsigned int i;

	for (i = 0; i < be->nb_ports; i++) {
		const struct vhost_port *p = &be->ports[i];

		fprintf(f, "port %u: from-guest %" PRIu64 " to-guest %" PRIu64 " fwd-dropped %"
			PRIu64 " drained %" PRIu64 " (%s)\n", i,
			__atomic_load_n(&p->stats.from_guest, __ATOMIC_RELAXED),
			__atomic_load_n(&p->stats.to_guest, __ATOMIC_RELAXED),
			__atomic_load_n(&p->stats.fwd_dropped, __ATOMIC_RELAXED),
			__atomic_load_n(&p->drained, __ATOMIC_RELAXED), p->path);
	}
}
