/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_telemetry endpoints of the DSA dmadevs (doc/driver.md, "Telemetry"):
 *   /dsa/list                       devices and the ids of their dmadevs
 *   /dsa/info,<device|dmadev id>    a device: backend, capabilities, its WQs
 *   /dsa/wq_stats,<dmadev id>       one dmadev's WQ: counters and state
 * rte_telemetry allows one level of containers, and only arrays of plain
 * values in them, so per-WQ fields of a device are arrays indexed by WQ.
 * A parameter that names nothing gets a reply with the one key "error".
 *
 * Handlers run in the telemetry thread and read what the dmadevs' own
 * threads write (see dsa_dmadev_snapshot); the device list is rebuilt from
 * the dmadevs at each request, so a device is listed while it has one open.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_dmadev.h>
#include <rte_telemetry.h>

#include "dsa_dev.h"
#include "dsa_mp.h"

/* rte_dma_status_code names in error counters; index: dsa_status_kind() */
static const char *const status_kind_names[DSA_STATUS_KINDS] = {
	[RTE_DMA_STATUS_USER_ABORT] = "errors_user_abort",
	[RTE_DMA_STATUS_NOT_ATTEMPTED] = "errors_not_attempted",
	[RTE_DMA_STATUS_INVALID_SRC_ADDR] = "errors_invalid_src_addr",
	[RTE_DMA_STATUS_INVALID_DST_ADDR] = "errors_invalid_dst_addr",
	[RTE_DMA_STATUS_INVALID_ADDR] = "errors_invalid_addr",
	[RTE_DMA_STATUS_INVALID_LENGTH] = "errors_invalid_length",
	[RTE_DMA_STATUS_INVALID_OPCODE] = "errors_invalid_opcode",
	[RTE_DMA_STATUS_BUS_READ_ERROR] = "errors_bus_read_error",
	[RTE_DMA_STATUS_BUS_WRITE_ERROR] = "errors_bus_write_error",
	[RTE_DMA_STATUS_BUS_ERROR] = "errors_bus_error",
	[RTE_DMA_STATUS_DATA_POISION] = "errors_data_poison",
	[RTE_DMA_STATUS_DESCRIPTOR_READ_ERROR] = "errors_descriptor_read_error",
	[RTE_DMA_STATUS_DEV_LINK_ERROR] = "errors_dev_link_error",
	[RTE_DMA_STATUS_PAGE_FAULT] = "errors_page_fault",
	[DSA_STATUS_KINDS - 1] = "errors_unknown",
};

/* Refuse the request: the reply is {"error": <why>}, and the log says it too */
static int
refuse(struct rte_tel_data *d, const char *cmd, const char *fmt, ...)
	__rte_format_printf(3, 4);

static int
refuse(struct rte_tel_data *d, const char *cmd, const char *fmt, ...)
{
	char why[RTE_TEL_MAX_STRING_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	DSA_LOG(WARNING, "telemetry %s: %s", cmd, why);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "error", why);
	return 0;
}

/* The dmadev id PARAMS gives, or -1 if it is not a number in range */
static int
parse_dmadev_id(const char *params)
{
	char *end;
	long id;

	if (params == NULL || *params < '0' || *params > '9')
		return -1;
	errno = 0;
	id = strtol(params, &end, 10);
	if (errno != 0 || *end != '\0' || id > INT16_MAX)
		return -1;
	return (int)id;
}

/* Why dmadev ID has no snapshot: it does not exist, or another driver has it */
static int
refuse_dmadev(struct rte_tel_data *d, const char *cmd, int id)
{
	struct rte_dma_info info;

	if (rte_dma_info_get((int16_t)id, &info) != 0)
		return refuse(d, cmd, "no dmadev %d", id);
	return refuse(d, cmd, "dmadev %d (%s) is not a DSA dmadev", id, info.dev_name);
}

/* Snapshot of the next DSA dmadev after ID (-1: the first); its id, or -1 */
static int16_t
next_dsa_dmadev(int16_t id, struct dsa_dmadev_snapshot *snap)
{
	for (id = rte_dma_next_dev((int16_t)(id + 1)); id >= 0;
			id = rte_dma_next_dev((int16_t)(id + 1)))
		if (dsa_dmadev_snapshot(id, snap) == 0)
			return id;
	return -1;
}

#define FOREACH_DSA_DMADEV(id, snap) \
	for ((id) = next_dsa_dmadev(-1, (snap)); (id) >= 0; \
	     (id) = next_dsa_dmadev((id), (snap)))

/* An array of the ids of DEV's dmadevs */
static struct rte_tel_data *
dmadev_ids(const struct dsa_device *dev)
{
	struct rte_tel_data *ids = rte_tel_data_alloc();
	struct dsa_dmadev_snapshot snap;
	int16_t id;

	if (ids == NULL)
		return NULL;
	rte_tel_data_start_array(ids, RTE_TEL_INT_VAL);
	FOREACH_DSA_DMADEV(id, &snap)
		if (snap.dev == dev)
			rte_tel_data_add_array_int(ids, id);
	return ids;
}

/*
 * Add a container; rte_telemetry refuses it when out of memory or, for a
 * device name as key, when the name has characters other than [A-Za-z0-9_/]
 */
static int
add_container(struct rte_tel_data *d, const char *name, struct rte_tel_data *c)
{
	int ret = c == NULL ? -ENOMEM : rte_tel_data_add_dict_container(d, name, c, 0);

	if (ret != 0) {
		rte_tel_data_free(c);
		DSA_LOG(ERR, "telemetry: cannot add %s to the reply: %s", name,
			strerror(abs(ret)));
	}
	return ret;
}

/* Whether ID is the lowest id of DEV's dmadevs: a device is listed there */
static bool
lists_device(int16_t id, const struct dsa_device *dev)
{
	struct dsa_dmadev_snapshot snap;
	int16_t i;

	FOREACH_DSA_DMADEV(i, &snap)
		if (snap.dev == dev)
			return i == id;
	return false;
}

static int
handle_list(const char *cmd __rte_unused, const char *params __rte_unused,
	    struct rte_tel_data *d)
{
	struct dsa_dmadev_snapshot snap;
	int16_t id;

	rte_tel_data_start_dict(d);
	/* a device that cannot be a key is left out (and logged), not the others */
	FOREACH_DSA_DMADEV(id, &snap)
		if (lists_device(id, snap.dev))
			add_container(d, snap.dev->name, dmadev_ids(snap.dev));
	return 0;
}

/* The device named NAME that has a dmadev open, or NULL */
static struct dsa_device *
find_device(const char *name)
{
	struct dsa_dmadev_snapshot snap;
	int16_t id;

	FOREACH_DSA_DMADEV(id, &snap)
		if (strcmp(snap.dev->name, name) == 0)
			return snap.dev;
	return NULL;
}

static const char *
backend_name(const struct dsa_device *dev)
{
	/* in a secondary, rte_dev is the primary's pointer */
	const struct rte_device *rd = dsa_mp_secondary() ? NULL : dev->rte_dev;
	const struct rte_driver *drv = rd != NULL ? rd->driver : NULL;

	return drv != NULL ? drv->name : "unknown";
}

static void
add_hex(struct rte_tel_data *d, const char *name, uint64_t val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, val);
	rte_tel_data_add_dict_string(d, name, buf);
}

static void
add_device_fields(struct rte_tel_data *d, struct dsa_device *dev)
{
	const struct dsa_caps *c = &dev->caps;
	char opcap[RTE_TEL_MAX_STRING_LEN] = "";
	int i;

	rte_tel_data_add_dict_string(d, "name", dev->name);
	rte_tel_data_add_dict_string(d, "backend", backend_name(dev));
	rte_tel_data_add_dict_string(d, "address_mode",
				     dev->addr_mode == DSA_ADDR_SVA ? "sva" : "iova");
	rte_tel_data_add_dict_int(d, "numa_node", dev->numa_node);
	rte_tel_data_add_dict_int(d, "halted", dsa_mp_ops(dev)->halted(dev));
	rte_tel_data_add_dict_int(d, "resets", (int)dev->generation);
	add_hex(d, "version", c->version);
	add_hex(d, "gencap", c->gencap);
	/* OPCAP as one number, most significant quadword first */
	for (i = DSA_OPCAP_QWORDS - 1; i >= 0; i--)
		snprintf(opcap + strlen(opcap), sizeof(opcap) - strlen(opcap),
			 i == DSA_OPCAP_QWORDS - 1 ? "0x%016" PRIx64 : "%016" PRIx64,
			 c->opcap[i]);
	rte_tel_data_add_dict_string(d, "opcap", opcap);
	rte_tel_data_add_dict_int(d, "max_wqs", (int)c->max_wqs);
	rte_tel_data_add_dict_int(d, "max_engines", (int)c->max_engines);
	rte_tel_data_add_dict_int(d, "max_groups", (int)c->max_groups);
	rte_tel_data_add_dict_int(d, "total_wq_size", (int)c->total_wq_size);
	rte_tel_data_add_dict_int(d, "engines", (int)dev->nb_engines);
	rte_tel_data_add_dict_int(d, "groups", (int)dev->nb_groups);
	rte_tel_data_add_dict_int(d, "wqs", (int)dev->nb_wqs);
}

static const char *
wq_mode_name(const struct dsa_wq *wq)
{
	return wq->shared ? "shared" : "dedicated";
}

static const char *
wq_state_name(struct dsa_device *dev, unsigned int wq)
{
	const struct dsa_backend_ops *ops = dsa_mp_ops(dev);

	return ops->wq_state != NULL ? ops->wq_state(dev, wq) : "unknown";
}

/* The per-WQ arrays of /dsa/info, index = WQ */
enum wq_field {
	WQ_MODE, WQ_STATE, WQ_SIZE, WQ_THRESHOLD, WQ_PRIORITY, WQ_GROUP,
	WQ_MAX_BATCH, WQ_MAX_XFER, WQ_FIELDS
};

static const char *const wq_field_names[WQ_FIELDS] = {
	[WQ_MODE] = "wq_mode", [WQ_STATE] = "wq_state", [WQ_SIZE] = "wq_size",
	[WQ_THRESHOLD] = "wq_threshold", [WQ_PRIORITY] = "wq_priority",
	[WQ_GROUP] = "wq_group", [WQ_MAX_BATCH] = "wq_max_batch_size",
	[WQ_MAX_XFER] = "wq_max_transfer_size",
};

static void
add_wq_value(struct rte_tel_data *a, struct dsa_device *dev, unsigned int wq,
	     enum wq_field f)
{
	const struct dsa_wq *w = &dev->wq[wq];

	switch (f) {
	case WQ_MODE: rte_tel_data_add_array_string(a, wq_mode_name(w)); return;
	case WQ_STATE: rte_tel_data_add_array_string(a, wq_state_name(dev, wq)); return;
	case WQ_SIZE: rte_tel_data_add_array_u64(a, w->size); return;
	case WQ_THRESHOLD: rte_tel_data_add_array_u64(a, w->threshold); return;
	case WQ_PRIORITY: rte_tel_data_add_array_u64(a, w->priority); return;
	case WQ_GROUP: rte_tel_data_add_array_u64(a, w->group); return;
	case WQ_MAX_BATCH: rte_tel_data_add_array_u64(a, 1ull << w->max_batch_shift); return;
	case WQ_MAX_XFER: rte_tel_data_add_array_u64(a, 1ull << w->max_xfer_shift); return;
	case WQ_FIELDS: return;
	}
}

static struct rte_tel_data *
wq_array(struct dsa_device *dev, enum wq_field f)
{
	struct rte_tel_data *a = rte_tel_data_alloc();
	unsigned int wq;

	if (a == NULL)
		return NULL;
	rte_tel_data_start_array(a, f == WQ_MODE || f == WQ_STATE ?
				 RTE_TEL_STRING_VAL : RTE_TEL_U64_VAL);
	for (wq = 0; wq < dev->nb_wqs; wq++)
		add_wq_value(a, dev, wq, f);
	return a;
}

static int
handle_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct dsa_dmadev_snapshot snap;
	struct dsa_device *dev;
	unsigned int f;
	int id, ret;

	if (params == NULL || *params == '\0')
		return refuse(d, cmd, "give a DSA device name or dmadev id: %s,0", cmd);
	id = parse_dmadev_id(params);
	if (id >= 0 && dsa_dmadev_snapshot((int16_t)id, &snap) != 0)
		return refuse_dmadev(d, cmd, id);
	dev = id >= 0 ? snap.dev : find_device(params);
	if (dev == NULL)
		return refuse(d, cmd, "no DSA device named '%.48s'", params);
	rte_tel_data_start_dict(d);
	add_device_fields(d, dev);
	for (f = 0; f < WQ_FIELDS; f++) {
		ret = add_container(d, wq_field_names[f], wq_array(dev, f));
		if (ret < 0)
			return ret;
	}
	return add_container(d, "dmadevs", dmadev_ids(dev));
}

static const char *
dmadev_state_name(const struct dsa_dmadev_snapshot *s)
{
	if (s->started)
		return "started";
	return s->configured ? "stopped" : "unconfigured";
}

static void
add_counters(struct rte_tel_data *d, const struct dsa_dmadev_snapshot *s)
{
	unsigned int k;

	rte_tel_data_add_dict_u64(d, "submitted", s->stats.submitted);
	rte_tel_data_add_dict_u64(d, "completed", s->stats.completed);
	rte_tel_data_add_dict_u64(d, "errors", s->stats.errors);
	for (k = 0; k < DSA_STATUS_KINDS; k++)
		if (status_kind_names[k] != NULL)
			rte_tel_data_add_dict_u64(d, status_kind_names[k], s->stats.failed[k]);
	rte_tel_data_add_dict_int(d, "units_sent", s->units_sent);
	rte_tel_data_add_dict_int(d, "units_held", s->units_held);
	rte_tel_data_add_dict_u64(d, "units_lost", s->events.units_lost);
	rte_tel_data_add_dict_u64(d, "halts", s->events.halts);
	rte_tel_data_add_dict_u64(d, "recoveries", s->events.recoveries);
	rte_tel_data_add_dict_u64(d, "recovery_failures", s->events.recovery_failures);
}

static int
handle_wq_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct dsa_dmadev_snapshot s;
	int id = parse_dmadev_id(params);

	if (params == NULL || *params == '\0')
		return refuse(d, cmd, "give a dmadev id: %s,0", cmd);
	if (id < 0)
		return refuse(d, cmd, "'%.48s' is not a dmadev id", params);
	if (dsa_dmadev_snapshot((int16_t)id, &s) != 0)
		return refuse_dmadev(d, cmd, id);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", s.name);
	rte_tel_data_add_dict_string(d, "device", s.dev->name);
	rte_tel_data_add_dict_int(d, "wq", (int)s.wq);
	rte_tel_data_add_dict_string(d, "wq_mode", wq_mode_name(&s.dev->wq[s.wq]));
	rte_tel_data_add_dict_string(d, "wq_state", wq_state_name(s.dev, s.wq));
	rte_tel_data_add_dict_int(d, "halted", dsa_mp_ops(s.dev)->halted(s.dev));
	rte_tel_data_add_dict_string(d, "dmadev_state", dmadev_state_name(&s));
	rte_tel_data_add_dict_string(d, "submit", s.submit);
	rte_tel_data_add_dict_int(d, "shared_by_dmadevs", s.multi_user);
	rte_tel_data_add_dict_int(d, "ring_size", s.ring_size);
	rte_tel_data_add_dict_int(d, "max_batch", s.max_batch);
	rte_tel_data_add_dict_int(d, "max_units_in_flight", s.wq_slots);
	add_counters(d, &s);
	return 0;
}

/*
 * Registered when the plugin is loaded (-d, inside rte_eal_init) or the
 * program linking the driver starts: rte_telemetry keeps commands in a list
 * it reads at each request, so the socket, opened later, serves them.
 */
RTE_INIT(dsa_telemetry_init)
{
	static const struct {
		const char *cmd;
		telemetry_cb fn;
		const char *help;
	} cmds[] = {
		{ "/dsa/list", handle_list,
		  "DSA devices and their dmadev ids. No parameters" },
		{ "/dsa/info", handle_info,
		  "A DSA device: backend, capabilities, WQs. Parameter: device or dmadev id" },
		{ "/dsa/wq_stats", handle_wq_stats,
		  "Counters and state of a DSA dmadev and its WQ. Parameter: dmadev id" },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(cmds); i++)
		if (rte_telemetry_register_cmd(cmds[i].cmd, cmds[i].fn, cmds[i].help) != 0)
			DSA_LOG(ERR, "cannot register telemetry command %s", cmds[i].cmd);
}
