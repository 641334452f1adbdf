/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device-argument parsing for all DSA backends. Every wrong value fails with
 * a message that names the key and the value.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_kvargs.h>

#include "dsa_devargs.h"

#define ANY_REG (DSA_BACKEND_MODEL | DSA_BACKEND_PCI)
#define ANY (ANY_REG | DSA_BACKEND_KWQ)
#define HEX_DIGITS "0123456789abcdefABCDEF"

/* Where a numeric per-WQ key goes in struct dsa_wq_args, and its range */
struct wq_number {
	size_t offset;
	size_t size;   /* 1 or 2 bytes */
	uint64_t min, max;
};

#define WQ_NUMBER(field, lo, hi) (&(const struct wq_number){ \
	offsetof(struct dsa_wq_args, field), \
	sizeof(((struct dsa_wq_args *)0)->field), lo, hi })

struct parse_ctx {
	struct dsa_devargs *out;
	const struct wq_number *num; /* numeric per-WQ key being parsed */
	const char *key;
	const char *value;
	char *err;
	size_t errlen;
	unsigned int wq_list_len; /* longest per-WQ list seen, to check against wqs */
	char wq_list_key[32];     /* copied: the kvargs are freed before the check */
	char emu_only_key[32];    /* PCI: a key that needs iommu=emulated, if given */
};

typedef int (*key_handler)(struct parse_ctx *ctx);

static int __attribute__((format(printf, 2, 3)))
fail(struct parse_ctx *ctx, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(ctx->err, ctx->errlen, "devarg %s=%s: %s", ctx->key,
		 ctx->value ? ctx->value : "", why);
	return -EINVAL;
}

/* Decimal or 0x-hex unsigned integer covering the whole of S, within [min, max] */
static int
parse_u64(struct parse_ctx *ctx, const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+')
		return fail(ctx, "expected an unsigned integer");
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return fail(ctx, "expected an unsigned integer, got \"%s\"", s);
	if (*v < min || *v > max)
		return fail(ctx, "%" PRIu64 " is out of range [%" PRIu64 ", %" PRIu64 "]",
			    *v, min, max);
	return 0;
}

static int
parse_uint(struct parse_ctx *ctx, unsigned int min, unsigned int max, unsigned int *v)
{
	uint64_t x;
	int ret = parse_u64(ctx, ctx->value, min, max, &x);

	if (ret == 0)
		*v = (unsigned int)x;
	return ret;
}

/* Index of VALUE in the NULL-terminated WORDS, or a failure naming them */
static int
parse_word(struct parse_ctx *ctx, const char *value, const char *const *words)
{
	char list[96] = "";
	unsigned int i;

	for (i = 0; words[i] != NULL; i++) {
		if (value != NULL && strcmp(value, words[i]) == 0)
			return (int)i;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", words[i]);
	}
	return fail(ctx, "expected one of: %s", list);
}

static int
copy_word(struct parse_ctx *ctx, const char *const *words, char *dst, size_t len)
{
	int i = parse_word(ctx, ctx->value, words);

	if (i < 0)
		return i;
	snprintf(dst, len, "%s", words[i]);
	return 0;
}

/* VALUE, non-empty, into DST of LEN bytes */
static int
copy_string(struct parse_ctx *ctx, char *dst, size_t len)
{
	if (ctx->value == NULL || ctx->value[0] == '\0')
		return fail(ctx, "empty value");
	if (strlen(ctx->value) >= len)
		return fail(ctx, "longer than %zu characters", len - 1);
	strcpy(dst, ctx->value);
	return 0;
}

/*
 * Per-WQ value: one value for every WQ, or a ':'-separated list with one
 * value per WQ. SET stores element I (already range-checked) for WQ I.
 */
typedef int (*wq_setter)(struct parse_ctx *ctx, struct dsa_wq_args *wq, const char *elem);

static int
parse_wq_list(struct parse_ctx *ctx, wq_setter set)
{
	char buf[512];
	char *elem, *rest = buf;
	unsigned int n = 0, i;
	int ret;

	ret = copy_string(ctx, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	/* strsep, not strtok_r: "8::8" has an empty element, which is an error */
	while ((elem = strsep(&rest, ":")) != NULL) {
		if (n == DSA_DEVARGS_MAX_WQS)
			return fail(ctx, "more than %d WQs", DSA_DEVARGS_MAX_WQS);
		ret = set(ctx, &ctx->out->wq[n], elem);
		if (ret < 0)
			return ret;
		n++;
	}
	if (n == 1) {
		for (i = 1; i < DSA_DEVARGS_MAX_WQS; i++) {
			ret = set(ctx, &ctx->out->wq[i], ctx->value);
			if (ret < 0)
				return ret;
		}
	} else if (n > ctx->wq_list_len) {
		ctx->wq_list_len = n;
		snprintf(ctx->wq_list_key, sizeof(ctx->wq_list_key), "%s", ctx->key);
	}
	return 0;
}

/* A numeric per-WQ field, described by the key being parsed (ctx->num) */
static int
set_wq_number(struct parse_ctx *ctx, struct dsa_wq_args *wq, const char *e)
{
	const struct wq_number *num = ctx->num;
	uint8_t *field = (uint8_t *)wq + num->offset;
	uint64_t v = 0;
	int ret = parse_u64(ctx, e, num->min, num->max, &v);

	if (num->size == sizeof(uint8_t))
		*field = (uint8_t)v;
	else
		memcpy(field, &(uint16_t){ (uint16_t)v }, sizeof(uint16_t));
	return ret;
}

static int
set_wq_mode(struct parse_ctx *ctx, struct dsa_wq_args *wq, const char *e)
{
	static const char *const modes[] = { "dedicated", "shared", NULL };
	int i = parse_word(ctx, e, modes);

	if (i < 0)
		return i;
	wq->shared = (uint8_t)i;
	return 0;
}

static int
set_max_batch(struct parse_ctx *ctx, struct dsa_wq_args *wq, const char *e)
{
	uint64_t v;
	int ret = parse_u64(ctx, e, 2, 1u << 15, &v);

	if (ret == 0 && (v & (v - 1)) != 0)
		return fail(ctx, "%" PRIu64 " is not a power of two", v);
	wq->max_batch = (uint32_t)v;
	return ret;
}

static int
on_wqs(struct parse_ctx *ctx)
{
	return parse_uint(ctx, 1, DSA_DEVARGS_MAX_WQS, &ctx->out->nb_wqs);
}

static int
on_engines(struct parse_ctx *ctx)
{
	return parse_uint(ctx, 1, 255, &ctx->out->nb_engines);
}

static int
on_groups(struct parse_ctx *ctx)
{
	return parse_uint(ctx, 1, 255, &ctx->out->nb_groups);
}

static int
on_numa(struct parse_ctx *ctx)
{
	unsigned int v = 0;
	int ret = parse_uint(ctx, 0, 1023, &v);

	ctx->out->numa_node = (int)v;
	return ret;
}

static int
on_addr(struct parse_ctx *ctx)
{
	static const char *const modes[] = { "auto", "sva", "iova", NULL };
	int i = parse_word(ctx, ctx->value, modes);

	if (i < 0)
		return i;
	ctx->out->addr_mode = (enum dsa_addr_mode)i;
	return 0;
}

/* Model keys on the PCI backend describe the model behind iommu=emulated */
static void
note_emulated_only(struct parse_ctx *ctx)
{
	if (ctx->out->backend == DSA_BACKEND_PCI && ctx->emu_only_key[0] == '\0')
		snprintf(ctx->emu_only_key, sizeof(ctx->emu_only_key), "%s", ctx->key);
}

static int
on_preset(struct parse_ctx *ctx)
{
	static const char *const presets[] = { "spr", "dsa2", NULL };

	note_emulated_only(ctx);
	return copy_word(ctx, presets, ctx->out->preset, sizeof(ctx->out->preset));
}

static int
on_threads(struct parse_ctx *ctx)
{
	note_emulated_only(ctx);
	return parse_uint(ctx, 1, 64, &ctx->out->threads);
}

/* A CPU list: ':'-separated CPUs or ranges lo-hi, e.g. 0:2-3 */
static int
on_engine_cpus(struct parse_ctx *ctx)
{
	cpu_set_t *set = &ctx->out->engine_cpus;
	char buf[256], *elem, *rest = buf, *dash;
	uint64_t lo, hi, cpu;
	int ret;

	note_emulated_only(ctx);
	ret = copy_string(ctx, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	CPU_ZERO(set);
	while ((elem = strsep(&rest, ":")) != NULL) {
		dash = strchr(elem, '-');
		if (dash != NULL)
			*dash = '\0';
		ret = parse_u64(ctx, elem, 0, CPU_SETSIZE - 1, &lo);
		hi = lo;
		if (ret == 0 && dash != NULL)
			ret = parse_u64(ctx, dash + 1, lo, CPU_SETSIZE - 1, &hi);
		if (ret < 0)
			return ret;
		for (cpu = lo; cpu <= hi; cpu++)
			CPU_SET(cpu, set);
	}
	ctx->out->engine_cpus_set = true;
	return 0;
}

static int
on_fault_every(struct parse_ctx *ctx)
{
	return parse_uint(ctx, 1, UINT32_MAX, &ctx->out->fault_every);
}

static int
on_fault_on(struct parse_ctx *ctx)
{
	static const char *const sides[] = { "dst", "src", NULL };
	int i = parse_word(ctx, ctx->value, sides);

	if (i < 0)
		return i;
	ctx->out->fault_on_src = i == 1;
	ctx->out->fault_placed = true;
	return 0;
}

static int
on_fault_offset(struct parse_ctx *ctx)
{
	ctx->out->fault_placed = true;
	return parse_uint(ctx, 0, UINT32_MAX, &ctx->out->fault_offset);
}

static int
on_iommu(struct parse_ctx *ctx)
{
	static const char *const kinds[] = { "auto", "iommufd", "type1", "emulated", NULL };

	return copy_word(ctx, kinds, ctx->out->iommu, sizeof(ctx->out->iommu));
}

static int
on_submit(struct parse_ctx *ctx)
{
	static const char *const kinds[] = { "auto", "portal", "write", NULL };

	return copy_word(ctx, kinds, ctx->out->submit, sizeof(ctx->out->submit));
}

static int
on_wq_prefix(struct parse_ctx *ctx)
{
	return copy_string(ctx, ctx->out->wq_prefix, sizeof(ctx->out->wq_prefix));
}

static int
on_wq_name(struct parse_ctx *ctx)
{
	unsigned int d, q;
	char tail;

	/* only digits and '.' after "wq": %u alone would take a sign or blanks */
	if (ctx->value == NULL || sscanf(ctx->value, "wq%u.%u%c", &d, &q, &tail) != 2 ||
	    ctx->value[2 + strspn(ctx->value + 2, "0123456789.")] != '\0')
		return fail(ctx, "expected a kernel WQ name such as wq0.1");
	return copy_string(ctx, ctx->out->wq_name, sizeof(ctx->out->wq_name));
}

/* [domain:]bus:device.function, hex, as lspci prints it */
static int
on_pci(struct parse_ctx *ctx)
{
	unsigned int dom = 0, bus, dev, fn;
	const char *v = ctx->value ? ctx->value : "";
	char tail;

	if ((sscanf(v, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) != 4 &&
	     sscanf(v, "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3) ||
	    dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7 ||
	    v[strspn(v, HEX_DIGITS ":.")] != '\0')
		return fail(ctx, "expected a PCI address such as 0000:6a:01.0");
	return copy_string(ctx, ctx->out->pci, sizeof(ctx->out->pci));
}

static int
on_emu_pci_id(struct parse_ctx *ctx)
{
	unsigned int vendor, device;
	const char *v = ctx->value ? ctx->value : "";
	char tail;

	note_emulated_only(ctx);
	if (sscanf(v, "%4x:%4x%c", &vendor, &device, &tail) != 2 || vendor == 0 ||
	    v[strspn(v, HEX_DIGITS ":")] != '\0')
		return fail(ctx, "expected vendor:device in hex, such as 8086:0b25");
	ctx->out->emu_vendor_id = (uint16_t)vendor;
	ctx->out->emu_device_id = (uint16_t)device;
	return 0;
}

static int on_wq_number(struct parse_ctx *c) { return parse_wq_list(c, set_wq_number); }
static int on_wq_mode(struct parse_ctx *c) { return parse_wq_list(c, set_wq_mode); }
static int on_max_batch(struct parse_ctx *c) { return parse_wq_list(c, set_max_batch); }

static const struct {
	const char *key;
	unsigned int backends;
	key_handler handler;
	const struct wq_number *num;
} keys[] = {
	{ "wqs", ANY_REG, on_wqs, NULL },
	{ "engines", ANY_REG, on_engines, NULL },
	{ "groups", ANY_REG, on_groups, NULL },
	{ "wq_size", ANY_REG, on_wq_number, WQ_NUMBER(size, 1, UINT16_MAX) },
	{ "wq_mode", ANY_REG, on_wq_mode, NULL },
	{ "wq_prio", ANY_REG, on_wq_number, WQ_NUMBER(priority, 1, 15) },
	{ "wq_threshold", ANY_REG, on_wq_number, WQ_NUMBER(threshold, 1, UINT16_MAX) },
	{ "wq_group", ANY_REG, on_wq_number, WQ_NUMBER(group, 0, 255) },
	{ "wq_users", ANY, on_wq_number, WQ_NUMBER(users, 1, 64) },
	{ "max_batch", ANY, on_max_batch, NULL },
	{ "numa_node", ANY, on_numa, NULL },
	{ "addr", DSA_BACKEND_MODEL, on_addr, NULL },
	{ "preset", DSA_BACKEND_MODEL | DSA_BACKEND_PCI, on_preset, NULL },
	{ "threads", DSA_BACKEND_MODEL | DSA_BACKEND_PCI, on_threads, NULL },
	{ "engine_cpus", DSA_BACKEND_MODEL | DSA_BACKEND_PCI, on_engine_cpus, NULL },
	{ "fault_every", DSA_BACKEND_MODEL, on_fault_every, NULL },
	{ "fault_on", DSA_BACKEND_MODEL, on_fault_on, NULL },
	{ "fault_offset", DSA_BACKEND_MODEL, on_fault_offset, NULL },
	{ "iommu", DSA_BACKEND_PCI, on_iommu, NULL },
	{ "pci", DSA_BACKEND_PCI, on_pci, NULL },
	{ "emu_pci_id", DSA_BACKEND_PCI, on_emu_pci_id, NULL },
	{ "wq_prefix", DSA_BACKEND_KWQ, on_wq_prefix, NULL },
	{ "wq", DSA_BACKEND_KWQ, on_wq_name, NULL },
	{ "submit", DSA_BACKEND_KWQ, on_submit, NULL },
};

static void
set_defaults(struct dsa_devargs *out, unsigned int backend)
{
	unsigned int i;

	memset(out, 0, sizeof(*out));
	out->backend = backend;
	out->numa_node = -1;
	for (i = 0; i < DSA_DEVARGS_MAX_WQS; i++)
		out->wq[i].group = -1;
	strcpy(out->preset, "spr");
	strcpy(out->iommu, "auto");
	strcpy(out->submit, "auto");
}

/* Checks that need several keys at once */
static int
check_together(struct parse_ctx *ctx)
{
	struct dsa_devargs *out = ctx->out;
	unsigned int i, n = out->nb_wqs ? out->nb_wqs : 1;

	if (out->fault_placed && out->fault_every == 0) {
		snprintf(ctx->err, ctx->errlen,
			 "devargs fault_on and fault_offset need fault_every=<n>");
		return -EINVAL;
	}
	if (ctx->emu_only_key[0] != '\0' && strcmp(out->iommu, "emulated") != 0) {
		snprintf(ctx->err, ctx->errlen,
			 "devarg %s: only with iommu=emulated (it describes the software model "
			 "behind libioasid's emulated IOMMU)", ctx->emu_only_key);
		return -EINVAL;
	}
	if (ctx->wq_list_len != 0 && ctx->wq_list_len != n) {
		snprintf(ctx->err, ctx->errlen,
			 "devarg %s: lists %u values but wqs=%u (give one value, or one per WQ)",
			 ctx->wq_list_key, ctx->wq_list_len, n);
		return -EINVAL;
	}
	for (i = 0; i < DSA_DEVARGS_MAX_WQS; i++) {
		const struct dsa_wq_args *wq = &out->wq[i];

		if (wq->users > 1 && !wq->shared && (out->backend & ANY_REG)) {
			snprintf(ctx->err, ctx->errlen,
				 "devarg wq_users=%u for WQ %u needs wq_mode=shared",
				 wq->users, i);
			return -EINVAL;
		}
		if (wq->threshold && wq->size && wq->threshold > wq->size) {
			snprintf(ctx->err, ctx->errlen,
				 "devarg wq_threshold=%u for WQ %u is above its wq_size=%u",
				 wq->threshold, i, wq->size);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * rte_kvargs takes "a=b=c" apart at every '=' and silently drops keys (in
 * DPDK 22.11, "x=wqs=2" parses as wqs=2), and no value of ours holds '=':
 * refuse a pair with more than one before rte_kvargs sees it.
 */
static int
check_pairs(const char *args, char *err, size_t errlen)
{
	const char *pair = args, *end, *eq;

	for (; *pair != '\0'; pair = *end != '\0' ? end + 1 : end) {
		end = pair + strcspn(pair, ",");
		eq = memchr(pair, '=', (size_t)(end - pair));
		if (eq != NULL && memchr(eq + 1, '=', (size_t)(end - eq - 1)) != NULL) {
			snprintf(err, errlen, "devargs \"%.*s\": more than one '=' in a "
				 "key=value pair", (int)(end - pair), pair);
			return -EINVAL;
		}
	}
	return 0;
}

int
dsa_devargs_parse(const char *args, unsigned int backend, struct dsa_devargs *out,
		char *err, size_t errlen)
{
	struct parse_ctx ctx = { .out = out, .err = err, .errlen = errlen };
	struct rte_kvargs *kv;
	unsigned int i, k;
	int ret = 0;

	set_defaults(out, backend);
	err[0] = '\0';
	if (args == NULL || args[0] == '\0')
		return 0;
	ret = check_pairs(args, err, errlen);
	if (ret < 0)
		return ret;
	kv = rte_kvargs_parse(args, NULL);
	if (kv == NULL) {
		snprintf(err, errlen, "devargs \"%s\": not a key=value list", args);
		return -EINVAL;
	}
	for (i = 0; i < kv->count && ret == 0; i++) {
		ctx.key = kv->pairs[i].key;
		ctx.value = kv->pairs[i].value;
		for (k = 0; k < RTE_DIM(keys); k++)
			if (strcmp(keys[k].key, ctx.key) == 0)
				break;
		if (k == RTE_DIM(keys) || (keys[k].backends & backend) == 0)
			ret = fail(&ctx, "unknown key for this kind of device");
		else {
			ctx.num = keys[k].num;
			ret = keys[k].handler(&ctx);
		}
	}
	rte_kvargs_free(kv);
	if (ret == 0)
		ret = check_together(&ctx);
	return ret;
}
