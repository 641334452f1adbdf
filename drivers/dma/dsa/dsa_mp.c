/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * See dsa_mp.h. The model runs inside the primary and its portal is a
 * function of the primary, so a secondary posts each 64-B descriptor into a
 * mailbox in shared memory, as a CPU posts a portal write to a device; the
 * primary's forwarder thread writes it to the WQ portal. For a shared WQ the
 * secondary waits for the forwarder's answer, as ENQCMD waits for the
 * device's. Rings and completion records are in memzones: the secondary
 * polls them itself.
 *
 * The primary decides who uses a dmadev (its own claims are calls, a
 * secondary's are rte_mp requests) and watches each secondary user through
 * a pidfd: a dead user's mailbox is forwarded, its WQ drained, and the next
 * claim (rte_dma_stop in the primary) takes the dmadev over.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_memzone.h>
#include <rte_pause.h>
#include <rte_spinlock.h>
#include <rte_string_fns.h>

#include "dsa_mp.h"

#define DSA_MP_ACTION "dma_dsa_mp"
#define DSA_MP_MBOX_SIZE 64     /* descriptors posted, not yet forwarded */
#define DSA_MP_REPLY_MS 5000    /* how long a secondary waits for the primary */
#define DSA_MP_ANSWER_MS 1000   /* how long it waits for a shared WQ's answer */
#define DSA_MP_IDLE_US 100      /* the forwarder's sleep when nothing came */
#define DSA_MP_UNUSED_US 10000  /* its sleep while no secondary uses a dmadev */
#define DSA_MP_PENDING 1        /* entry answer: not forwarded yet */

struct dsa_mp_entry {
	struct dsa_hw_desc desc;
	uint64_t offset;        /* BAR2 offset of the portal slot written */
	int32_t answer;         /* 0, -EAGAIN (shared WQ refused) or DSA_MP_PENDING */
} __rte_cache_aligned;

struct dsa_mp_vchan {
	/* mailbox: written by the user at tail, read by the forwarder at head */
	uint32_t tail __rte_cache_aligned;
	uint32_t head __rte_cache_aligned;
	struct dsa_mp_entry entry[DSA_MP_MBOX_SIZE];

	struct dsa_mp_dev *mpd;
	unsigned int wq;
	bool shared_wq;
	/* written by the primary only: the user process (0: none) */
	int32_t user;
	bool user_secondary;
	bool user_dead;          /* the forwarder saw it exit */
	int pidfd;               /* primary: the secondary user's pidfd */
	rte_spinlock_t fwd_lock; /* primary: forwarder against a reclaim */
	char name[RTE_DEV_NAME_MAX_LEN];
};

struct dsa_mp_dev {
	struct dsa_device *dev;
	const struct rte_memzone *mz;
	bool halted;             /* the device state, published for secondaries */
	rte_spinlock_t lock;     /* primary: users of the vchans */
	bool fwd_running, fwd_stop;
	pthread_t fwd;
	unsigned int nb_vchans;
	struct dsa_mp_vchan vchan[];
};

enum dsa_mp_op {
	DSA_MP_CLAIM,
	DSA_MP_RELEASE,
	DSA_MP_WQ_ENABLE,
	DSA_MP_WQ_DISABLE,
	DSA_MP_RECOVER,
};

struct dsa_mp_req {
	char mz[RTE_MEMZONE_NAMESIZE]; /* names the device */
	uint32_t op;
	uint32_t index;                /* vchan (claim, release) or WQ */
	int32_t pid;
};

struct dsa_mp_reply {
	int32_t ret;
	int32_t user;                  /* claim refused: who uses the vchan */
};

static unsigned int nb_shared; /* primary: devices shared, for the mp action */

bool
dsa_mp_secondary(void)
{
	return rte_eal_process_type() == RTE_PROC_SECONDARY;
}

static bool
share_name(const char *dev_name, char *buf)
{
	return (unsigned int)snprintf(buf, RTE_MEMZONE_NAMESIZE, "dsa_mp_%s", dev_name) <
		RTE_MEMZONE_NAMESIZE;
}

/* ---- primary: users, the forwarder, reclaim ---- */

static bool
user_exited(const struct dsa_mp_vchan *mv)
{
	struct pollfd p = { .fd = mv->pidfd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

/* Write what the user posted to the WQ portal, in order; returns how many */
static unsigned int
forward(struct dsa_mp_vchan *mv)
{
	const struct dsa_portal *wq_portal = &mv->mpd->dev->wq[mv->wq].portal;
	uint32_t head = mv->head, tail = __atomic_load_n(&mv->tail, __ATOMIC_ACQUIRE);
	unsigned int n = 0;

	for (; head != tail; head++, n++) {
		struct dsa_mp_entry *e = &mv->entry[head % DSA_MP_MBOX_SIZE];
		int ret = wq_portal->fn(wq_portal->fn_ctx, e->offset, &e->desc);

		__atomic_store_n(&e->answer, ret, __ATOMIC_RELEASE);
		__atomic_store_n(&mv->head, head + 1, __ATOMIC_RELEASE);
	}
	return n;
}

static void
check_users(struct dsa_mp_dev *mpd)
{
	unsigned int i;

	rte_spinlock_lock(&mpd->lock);
	for (i = 0; i < mpd->nb_vchans; i++) {
		struct dsa_mp_vchan *mv = &mpd->vchan[i];

		if (mv->user_secondary && !mv->user_dead && user_exited(mv)) {
			mv->user_dead = true;
			DSA_LOG(WARNING, "%s: process %d, which used it, died; rte_dma_stop "
				"from the primary takes the dmadev back", mv->name, mv->user);
		}
	}
	rte_spinlock_unlock(&mpd->lock);
}

static void *
forwarder(void *arg)
{
	struct dsa_mp_dev *mpd = arg;
	unsigned int i, work, users;

	while (!__atomic_load_n(&mpd->fwd_stop, __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&mpd->halted, mpd->dev->ops->halted(mpd->dev),
				 __ATOMIC_RELEASE);
		work = 0;
		users = 0;
		for (i = 0; i < mpd->nb_vchans; i++) {
			struct dsa_mp_vchan *mv = &mpd->vchan[i];

			if (!__atomic_load_n(&mv->user_secondary, __ATOMIC_ACQUIRE))
				continue;
			users++;
			if (!rte_spinlock_trylock(&mv->fwd_lock))
				continue;
			work += forward(mv);
			rte_spinlock_unlock(&mv->fwd_lock);
		}
		if (users == 0) {
			usleep(DSA_MP_UNUSED_US);
		} else if (work == 0) {
			check_users(mpd);
			usleep(DSA_MP_IDLE_US);
		}
	}
	return NULL;
}

static int
start_forwarder(struct dsa_mp_dev *mpd)
{
	int ret;

	if (mpd->fwd_running)
		return 0;
	ret = rte_ctrl_thread_create(&mpd->fwd, "dsa-mp-fwd", NULL, forwarder, mpd);
	if (ret != 0) {
		DSA_LOG(ERR, "%s: cannot start the thread that forwards secondary processes' "
			"descriptors: %s", mpd->dev->name, strerror(ret));
		return -ret;
	}
	mpd->fwd_running = true;
	return 0;
}

static void
drop_user(struct dsa_mp_vchan *mv)
{
	if (mv->user_secondary)
		close(mv->pidfd);
	mv->pidfd = -1;
	__atomic_store_n(&mv->user_secondary, false, __ATOMIC_RELEASE);
	mv->user_dead = false;
	mv->user = 0;
}

/*
 * The user died: forward what it posted (posted writes reach the device),
 * let the WQ finish it, so nothing writes to the rings any more.
 */
static int
reclaim(struct dsa_mp_vchan *mv)
{
	struct dsa_device *dev = mv->mpd->dev;
	int32_t pid = mv->user;
	int ret = 0;

	rte_spinlock_lock(&mv->fwd_lock);
	forward(mv);
	rte_spinlock_unlock(&mv->fwd_lock);
	if (!dev->ops->halted(dev))
		ret = dsa_hw_wq_drain(dev, mv->wq);
	if (ret < 0) {
		DSA_LOG(ERR, "%s: cannot drain WQ %u after process %d died", mv->name,
			mv->wq, pid);
		return ret;
	}
	drop_user(mv);
	DSA_LOG(WARNING, "%s: taken back from process %d, which died", mv->name, pid);
	return DSA_MP_RECLAIMED;
}

/* Make PID the user of MV; the caller holds the device lock */
static int
take_user(struct dsa_mp_vchan *mv, int32_t pid, bool secondary)
{
	int ret = 0, fd;

	if (mv->user == pid)
		return 0;
	if (mv->user != 0) {
		if (!mv->user_secondary || !(mv->user_dead || user_exited(mv)))
			return -EBUSY;
		ret = reclaim(mv);
		if (ret < 0)
			return ret;
	}
	if (secondary) {
		/* the requester waits for the answer: PID is alive and is it */
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd < 0) {
			DSA_LOG(ERR, "%s: pidfd_open of process %d: %s", mv->name, pid,
				strerror(errno));
			return -errno;
		}
		if (start_forwarder(mv->mpd) < 0) {
			close(fd);
			return -EAGAIN;
		}
		mv->pidfd = fd;
	}
	mv->user = pid;
	__atomic_store_n(&mv->user_secondary, secondary, __ATOMIC_RELEASE);
	return ret;
}

static int
serve(struct dsa_mp_dev *mpd, const struct dsa_mp_req *req, int32_t *user)
{
	struct dsa_device *dev = mpd->dev;
	struct dsa_mp_vchan *mv;
	int ret = 0;

	switch (req->op) {
	case DSA_MP_CLAIM:
	case DSA_MP_RELEASE:
		if (req->index >= mpd->nb_vchans)
			return -EINVAL;
		mv = &mpd->vchan[req->index];
		rte_spinlock_lock(&mpd->lock);
		if (req->op == DSA_MP_CLAIM) {
			__atomic_store_n(&mpd->halted, dev->ops->halted(dev), __ATOMIC_RELEASE);
			ret = take_user(mv, req->pid, true);
		} else if (mv->user == req->pid) {
			drop_user(mv);
		}
		*user = mv->user;
		rte_spinlock_unlock(&mpd->lock);
		return ret;
	case DSA_MP_WQ_ENABLE:
	case DSA_MP_WQ_DISABLE:
		if (req->index >= dev->nb_wqs)
			return -EINVAL;
		return req->op == DSA_MP_WQ_ENABLE ? dev->ops->wq_enable(dev, req->index) :
			dev->ops->wq_disable(dev, req->index);
	case DSA_MP_RECOVER:
		return dev->ops->recover != NULL ? dev->ops->recover(dev) : -ENOTSUP;
	}
	return -EINVAL;
}

static int
handle_request(const struct rte_mp_msg *msg, const void *peer)
{
	const struct dsa_mp_req *req = (const void *)msg->param;
	const struct rte_memzone *mz = NULL;
	struct rte_mp_msg answer;
	struct dsa_mp_reply *rep = (void *)answer.param;

	memset(&answer, 0, sizeof(answer));
	rte_strscpy(answer.name, msg->name, sizeof(answer.name));
	answer.len_param = sizeof(*rep);
	if (msg->len_param == sizeof(*req) && memchr(req->mz, '\0', sizeof(req->mz)) != NULL)
		mz = rte_memzone_lookup(req->mz);
	rep->ret = mz != NULL ? serve(mz->addr, req, &rep->user) : -ENODEV;
	return rte_mp_reply(&answer, peer);
}

int
dsa_mp_dev_init(struct dsa_device *dev)
{
	char mzname[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct dsa_mp_dev *mpd;
	unsigned int wq, n = 0;
	int ret;

	for (wq = 0; wq < dev->nb_wqs; wq++)
		n += dev->wq[wq].users;
	if (!share_name(dev->name, mzname)) {
		DSA_LOG(NOTICE, "%s: name too long to share with secondary processes",
			dev->name);
		return 0;
	}
	if (nb_shared == 0) {
		ret = rte_mp_action_register(DSA_MP_ACTION, handle_request);
		if (ret < 0 && rte_errno == ENOTSUP)
			return 0; /* multi-process disabled (--in-memory, --no-shconf) */
		if (ret < 0 && rte_errno != EEXIST) {
			DSA_LOG(ERR, "%s: cannot register the multi-process action: %s",
				dev->name, rte_strerror(rte_errno));
			return -rte_errno;
		}
	}
	mz = rte_memzone_reserve_aligned(mzname, sizeof(*mpd) + n * sizeof(mpd->vchan[0]),
					 SOCKET_ID_ANY, 0, RTE_CACHE_LINE_SIZE);
	if (mz == NULL) {
		DSA_LOG(ERR, "%s: no memory to share the device with secondary processes",
			dev->name);
		if (nb_shared == 0)
			rte_mp_action_unregister(DSA_MP_ACTION);
		return -ENOMEM;
	}
	mpd = mz->addr;
	memset(mpd, 0, mz->len);
	mpd->dev = dev;
	mpd->mz = mz;
	mpd->nb_vchans = n;
	rte_spinlock_init(&mpd->lock);
	dev->mp = mpd;
	nb_shared++;
	return 0;
}

void
dsa_mp_dev_fini(struct dsa_device *dev)
{
	struct dsa_mp_dev *mpd = dev->mp;
	unsigned int i;

	if (mpd == NULL)
		return;
	if (mpd->fwd_running) {
		__atomic_store_n(&mpd->fwd_stop, true, __ATOMIC_RELEASE);
		pthread_join(mpd->fwd, NULL);
	}
	for (i = 0; i < mpd->nb_vchans; i++)
		if (mpd->vchan[i].user_secondary)
			close(mpd->vchan[i].pidfd);
	dev->mp = NULL;
	rte_memzone_free(mpd->mz);
	if (--nb_shared == 0)
		rte_mp_action_unregister(DSA_MP_ACTION);
}

struct dsa_mp_vchan *
dsa_mp_vchan_bind(struct dsa_device *dev, unsigned int index, unsigned int wq,
		  const char *name)
{
	struct dsa_mp_vchan *mv;

	if (dev->mp == NULL || index >= dev->mp->nb_vchans)
		return NULL;
	mv = &dev->mp->vchan[index];
	mv->mpd = dev->mp;
	mv->wq = wq;
	mv->shared_wq = dev->wq[wq].shared;
	mv->pidfd = -1;
	rte_spinlock_init(&mv->fwd_lock);
	rte_strscpy(mv->name, name, sizeof(mv->name));
	return mv;
}

/* ---- secondary: requests, the mailbox portal, proxied backend ops ---- */

static int
request(const struct dsa_mp_dev *mpd, enum dsa_mp_op op, uint32_t index, int32_t *user)
{
	const struct timespec ts = { .tv_sec = DSA_MP_REPLY_MS / 1000 };
	const struct dsa_mp_reply *rep;
	struct dsa_mp_req *req;
	struct rte_mp_reply replies;
	struct rte_mp_msg msg;
	int ret;

	memset(&msg, 0, sizeof(msg));
	rte_strscpy(msg.name, DSA_MP_ACTION, sizeof(msg.name));
	msg.len_param = sizeof(*req);
	req = (void *)msg.param;
	rte_strscpy(req->mz, mpd->mz->name, sizeof(req->mz));
	req->op = op;
	req->index = index;
	req->pid = getpid();
	if (rte_mp_request_sync(&msg, &replies, &ts) < 0 || replies.nb_received != 1) {
		DSA_LOG(ERR, "%s: no answer from the primary process", mpd->dev->name);
		free(replies.msgs);
		return -EIO;
	}
	rep = (const void *)replies.msgs[0].param;
	ret = rep->ret;
	if (user != NULL)
		*user = rep->user;
	free(replies.msgs);
	return ret;
}

/* A shared WQ answers each descriptor: wait for the forwarder to write it */
static int
wait_answer(const struct dsa_mp_vchan *mv, const struct dsa_mp_entry *e)
{
	const uint64_t end = rte_get_timer_cycles() +
			rte_get_timer_hz() * DSA_MP_ANSWER_MS / 1000;
	int32_t answer;

	while ((answer = __atomic_load_n(&e->answer, __ATOMIC_ACQUIRE)) == DSA_MP_PENDING) {
		if (rte_get_timer_cycles() > end) {
			DSA_LOG(ERR, "%s: the primary process forwards no descriptor",
				mv->name);
			return -EIO;
		}
		rte_pause();
	}
	return answer;
}

/* The portal of a secondary: post DESC to the mailbox (a dsa_portal_fn) */
static int
post(void *ctx, uint64_t offset, const void *desc)
{
	struct dsa_mp_vchan *mv = ctx;
	uint32_t tail = mv->tail;
	struct dsa_mp_entry *e;

	/* the forwarder is behind: the caller retries, as on a full shared WQ */
	if (tail - __atomic_load_n(&mv->head, __ATOMIC_ACQUIRE) == DSA_MP_MBOX_SIZE)
		return -EAGAIN;
	e = &mv->entry[tail % DSA_MP_MBOX_SIZE];
	memcpy(&e->desc, desc, sizeof(e->desc));
	e->offset = offset;
	e->answer = DSA_MP_PENDING;
	__atomic_store_n(&mv->tail, tail + 1, __ATOMIC_RELEASE);
	return mv->shared_wq ? wait_answer(mv, e) : 0;
}

static bool
proxy_halted(struct dsa_device *dev)
{
	return __atomic_load_n(&dev->mp->halted, __ATOMIC_ACQUIRE);
}

static int
proxy_wq_enable(struct dsa_device *dev, unsigned int wq)
{
	return request(dev->mp, DSA_MP_WQ_ENABLE, wq, NULL);
}

static int
proxy_wq_disable(struct dsa_device *dev, unsigned int wq)
{
	return request(dev->mp, DSA_MP_WQ_DISABLE, wq, NULL);
}

static int
proxy_recover(struct dsa_device *dev)
{
	return request(dev->mp, DSA_MP_RECOVER, 0, NULL);
}

/* What a secondary may do to the device: ask the primary */
static const struct dsa_backend_ops proxy_ops = {
	.halted = proxy_halted,
	.wq_enable = proxy_wq_enable,
	.wq_disable = proxy_wq_disable,
	.recover = proxy_recover,
};

const struct dsa_backend_ops *
dsa_mp_ops(const struct dsa_device *dev)
{
	return dsa_mp_secondary() ? &proxy_ops : dev->ops;
}

/* ---- both ---- */

int
dsa_mp_claim(struct dsa_mp_vchan *mv, const char *name, struct dsa_portal *portal)
{
	const struct dsa_portal *wq_portal = &mv->mpd->dev->wq[mv->wq].portal;
	int32_t user = 0;
	int ret;

	if (dsa_mp_secondary()) {
		ret = request(mv->mpd, DSA_MP_CLAIM, (uint32_t)(mv - mv->mpd->vchan), &user);
	} else {
		rte_spinlock_lock(&mv->mpd->lock);
		ret = take_user(mv, getpid(), false);
		user = mv->user;
		rte_spinlock_unlock(&mv->mpd->lock);
	}
	if (ret == -EBUSY)
		DSA_LOG(ERR, "%s: in use by process %d; a dmadev has one user process at a "
			"time", name, user);
	if (ret < 0)
		return ret;
	if (dsa_mp_secondary()) {
		memset(portal, 0, sizeof(*portal));
		portal->kind = DSA_SUBMIT_CALL;
		portal->fn = post;
		portal->fn_ctx = mv;
		portal->page_off = wq_portal->page_off;
		portal->fd = -1;
	} else {
		*portal = *wq_portal;
	}
	return ret;
}

void
dsa_mp_release(struct dsa_mp_vchan *mv)
{
	if (dsa_mp_secondary()) {
		request(mv->mpd, DSA_MP_RELEASE, (uint32_t)(mv - mv->mpd->vchan), NULL);
		return;
	}
	rte_spinlock_lock(&mv->mpd->lock);
	if (mv->user == getpid())
		drop_user(mv);
	rte_spinlock_unlock(&mv->mpd->lock);
}

bool
dsa_mp_is_user(const struct dsa_mp_vchan *mv)
{
	return __atomic_load_n(&mv->user, __ATOMIC_ACQUIRE) == getpid();
}

static struct dsa_mp_dev *
find_shared(const char *name)
{
	char mzname[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;

	if (!share_name(name, mzname) || (mz = rte_memzone_lookup(mzname)) == NULL) {
		DSA_LOG(ERR, "%s: the primary process does not share this device", name);
		return NULL;
	}
	return mz->addr;
}

int
dsa_mp_attach(struct rte_vdev_device *vdev)
{
	struct dsa_mp_dev *mpd = find_shared(rte_vdev_device_name(vdev));

	if (mpd == NULL)
		return -ENODEV;
	return dsa_dmadevs_attach(mpd->dev, &vdev->device);
}

int
dsa_mp_detach(struct rte_vdev_device *vdev)
{
	struct dsa_mp_dev *mpd = find_shared(rte_vdev_device_name(vdev));

	if (mpd == NULL)
		return -ENODEV;
	/* always succeeds: this process is going away or done with the device */
	dsa_dmadevs_destroy(mpd->dev);
	return 0;
}

int
dsa_mp_refuse_secondary(const char *name, const char *backend)
{
	DSA_LOG(ERR, "%s: the %s backend cannot be used from a secondary process "
		"(only dma_dsa_model can)", name, backend);
	return -ENOTSUP;
}
