/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bench_config.h"
#include "bench_ops.h"

#define MAX_MEM_SIZE_MIB (1ull << 20)
#define MAX_RING_SIZE 32768u
#define MAX_LINE 2048

static int
fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
copy_name(char *dst, size_t len, const char *src, char *err, size_t err_len)
{
	if (strlen(src) >= len)
		return fail(err, err_len, "'%s' is longer than %zu characters", src, len - 1);
	strcpy(dst, src);
	return 0;
}

/* Every type: its name in the file, its operation, and who does it */
static const struct type_desc {
	const char *name;
	enum bench_op op;
	bool dma;
} type_table[] = {
	[BENCH_DMA_MEM_COPY] = { "DMA_MEM_COPY", BENCH_OP_COPY, true },
	[BENCH_CPU_MEM_COPY] = { "CPU_MEM_COPY", BENCH_OP_COPY, false },
	[BENCH_DMA_CRC32C] = { "DMA_CRC32C", BENCH_OP_CRC32C, true },
	[BENCH_CPU_CRC32C] = { "CPU_CRC32C", BENCH_OP_CRC32C, false },
	[BENCH_DMA_COPY_CRC32C] = { "DMA_COPY_CRC32C", BENCH_OP_COPY_CRC32C, true },
	[BENCH_CPU_COPY_CRC32C] = { "CPU_COPY_CRC32C", BENCH_OP_COPY_CRC32C, false },
	[BENCH_DMA_COMPARE] = { "DMA_COMPARE", BENCH_OP_COMPARE, true },
	[BENCH_CPU_COMPARE] = { "CPU_COMPARE", BENCH_OP_COMPARE, false },
	[BENCH_DMA_DUALCAST] = { "DMA_DUALCAST", BENCH_OP_DUALCAST, true },
	[BENCH_CPU_DUALCAST] = { "CPU_DUALCAST", BENCH_OP_DUALCAST, false },
	[BENCH_DMA_DIF_INSERT] = { "DMA_DIF_INSERT", BENCH_OP_DIF_INSERT, true },
	[BENCH_CPU_DIF_INSERT] = { "CPU_DIF_INSERT", BENCH_OP_DIF_INSERT, false },
};

#define NB_TYPES (sizeof(type_table) / sizeof(type_table[0]))

static const char *const op_names[] = {
	[BENCH_OP_COPY] = "copy",
	[BENCH_OP_CRC32C] = "crc32c",
	[BENCH_OP_COPY_CRC32C] = "copy+crc",
	[BENCH_OP_COMPARE] = "compare",
	[BENCH_OP_DUALCAST] = "dualcast",
	[BENCH_OP_DIF_INSERT] = "dif-ins",
};

const char *
bench_type_name(enum bench_type type)
{
	if (type == BENCH_TYPE_UNSET || (size_t)type >= NB_TYPES)
		return "unset";
	return type_table[type].name;
}

const char *
bench_op_name(enum bench_op op)
{
	return op_names[op];
}

enum bench_op
bench_type_op(enum bench_type type)
{
	return type_table[type].op;
}

bool
bench_type_is_dma(enum bench_type type)
{
	return type != BENCH_TYPE_UNSET && type_table[type].dma;
}

enum bench_type
bench_type_baseline(enum bench_type type)
{
	size_t t;

	for (t = 1; t < NB_TYPES; t++)
		if (!type_table[t].dma && type_table[t].op == type_table[type].op)
			return (enum bench_type)t;
	return BENCH_TYPE_UNSET;
}

/* Dualcast's second destination starts in its own page, at the first's page offset */
#define DUALCAST_ALIGN 4096ull

uint64_t
bench_dst_stride(const struct bench_case *c, uint64_t buf_size)
{
	switch (bench_type_op(c->type)) {
	case BENCH_OP_CRC32C:
		return 0;
	case BENCH_OP_DIF_INSERT:
		return bench_dif_protected_len(buf_size, c->dif_block_size);
	default:
		return buf_size;
	}
}

uint64_t
bench_dst_bytes(const struct bench_case *c, uint64_t nr_buf, uint64_t buf_size)
{
	uint64_t len = nr_buf * bench_dst_stride(c, buf_size);

	if (bench_type_op(c->type) == BENCH_OP_DUALCAST)
		return 2 * ((len + DUALCAST_ALIGN - 1) / DUALCAST_ALIGN * DUALCAST_ALIGN);
	return len;
}

void
bench_case_init(struct bench_case *c, const char *name, const char *origin)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->origin, sizeof(c->origin), "%s", origin);
	c->src_numa = BENCH_NUMA_ANY;
	c->dst_numa = BENCH_NUMA_ANY;
	c->test_seconds = 1.0;
	c->verify = true;
	c->latency_ops = BENCH_DEFAULT_LATENCY_OPS;
	c->dif_block_size = BENCH_DIF_DEFAULT_BLOCK;
	bench_range_single(&c->mem_size, 0);
	bench_range_single(&c->buf_size, 0);
	bench_range_single(&c->ring_size, 0);
	bench_range_single(&c->kick_batch, 0);
}

static int
parse_bool(const char *v, bool *out, char *err, size_t err_len)
{
	uint64_t n;

	if (bench_parse_u64(v, &n) != 0 || n > 1)
		return fail(err, err_len, "'%s' must be 0 or 1", v);
	*out = n == 1;
	return 0;
}

static int
parse_lcore(const char *v, unsigned int *lcore, char *err, size_t err_len)
{
	uint64_t n;

	if (bench_parse_u64(v, &n) != 0 || n >= 65536)
		return fail(err, err_len, "'%s' is not an lcore number", v);
	*lcore = (unsigned int)n;
	return 0;
}

static int
add_worker(struct bench_case *c, unsigned int lcore, const char *dev, char *err, size_t err_len)
{
	struct bench_worker_cfg *w;

	if (c->nb_workers == BENCH_MAX_WORKERS)
		return fail(err, err_len, "more than %d workers", BENCH_MAX_WORKERS);
	w = &c->workers[c->nb_workers];
	w->lcore = lcore;
	if (copy_name(w->dev, sizeof(w->dev), dev, err, err_len) != 0)
		return -EINVAL;
	c->nb_workers++;
	return 0;
}

/* "lcore10@0000:00:04.2, lcore11@dma_skeleton" */
static int
set_lcore_dma(struct bench_case *c, const char *value, char *err, size_t err_len)
{
	char buf[MAX_LINE];
	char *save = NULL, *tok;
	int ret;

	snprintf(buf, sizeof(buf), "%s", value);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *item = bench_trim(tok);
		char *at = strchr(item, '@');
		unsigned int lcore = 0;

		if (strncmp(item, "lcore", 5) != 0 || at == NULL || at[1] == '\0')
			return fail(err, err_len, "'%s' is not lcoreN@device", item);
		*at = '\0';
		if (parse_lcore(item + 5, &lcore, err, err_len) != 0)
			return -EINVAL;
		ret = add_worker(c, lcore, bench_trim(at + 1), err, err_len);
		if (ret != 0)
			return ret;
	}
	if (c->nb_workers == 0)
		return fail(err, err_len, "no lcoreN@device in '%s'", value);
	return 0;
}

/* The newer one-worker form: "lcore=10,dev=0000:00:04.2,dir=mem2mem". */
static int
set_lcore_dma_n(struct bench_case *c, const char *value, char *err, size_t err_len)
{
	char buf[MAX_LINE];
	char *save = NULL, *tok;
	const char *dev = NULL;
	unsigned int lcore = 0;
	bool have_lcore = false;

	snprintf(buf, sizeof(buf), "%s", value);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		char *k, *v;

		if (eq == NULL)
			return fail(err, err_len, "'%s' is not key=value", bench_trim(tok));
		*eq = '\0';
		k = bench_trim(tok);
		v = bench_trim(eq + 1);
		if (strcmp(k, "lcore") == 0) {
			if (parse_lcore(v, &lcore, err, err_len) != 0)
				return -EINVAL;
			have_lcore = true;
		} else if (strcmp(k, "dev") == 0) {
			dev = v;
		} else if (strcmp(k, "dir") == 0) {
			if (strcmp(v, "mem2mem") != 0)
				return fail(err, err_len,
					"dir=%s: only mem2mem copies are supported", v);
		} else {
			return fail(err, err_len,
				"'%s' is not supported (only lcore, dev, dir=mem2mem)", k);
		}
	}
	if (!have_lcore || dev == NULL || *dev == '\0')
		return fail(err, err_len, "'%s' needs lcore= and dev=", value);
	return add_worker(c, lcore, dev, err, err_len);
}

/* "3, 4": CPU copy lcores */
static int
set_lcore(struct bench_case *c, const char *value, char *err, size_t err_len)
{
	char buf[MAX_LINE];
	char *save = NULL, *tok;
	unsigned int lcore = 0;

	snprintf(buf, sizeof(buf), "%s", value);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (parse_lcore(bench_trim(tok), &lcore, err, err_len) != 0)
			return -EINVAL;
		if (add_worker(c, lcore, "", err, err_len) != 0)
			return -EINVAL;
	}
	if (c->nb_workers == 0)
		return fail(err, err_len, "no lcore in '%s'", value);
	return 0;
}

static int
set_numa(const char *value, int *node, char *err, size_t err_len)
{
	uint64_t n;

	if (strcmp(bench_trim((char *)(uintptr_t)value), "-1") == 0) {
		*node = BENCH_NUMA_ANY;
		return 0;
	}
	if (bench_parse_u64(value, &n) != 0 || n > 1023)
		return fail(err, err_len, "'%s' is not a NUMA node (0..1023, or -1: any)", value);
	*node = (int)n;
	return 0;
}

static int
set_seconds(const char *value, double *seconds, char *err, size_t err_len)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (errno != 0 || end == value || *end != '\0' || !(v > 0.0) ||
			v > BENCH_MAX_TEST_SECONDS)
		return fail(err, err_len, "'%s' is not a number of seconds in (0, %.0f]",
			value, BENCH_MAX_TEST_SECONDS);
	*seconds = v;
	return 0;
}

static int
set_type(const char *value, enum bench_type *type, char *err, size_t err_len)
{
	char names[BENCH_ERR_LEN / 2];
	size_t t, used = 0;

	for (t = 1; t < NB_TYPES; t++) {
		if (strcasecmp(value, type_table[t].name) == 0) {
			*type = (enum bench_type)t;
			return 0;
		}
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
			t > 1 ? ", " : "", type_table[t].name);
	}
	return fail(err, err_len, "type '%s' is not one of %s", value, names);
}

/* The block sizes DSA's DIF operations take */
static int
set_dif_block_size(const char *value, uint32_t *size, char *err, size_t err_len)
{
	uint64_t n;

	if (bench_parse_u64(value, &n) != 0 || (n != 512 && n != 520 && n != 4096 && n != 4104))
		return fail(err, err_len, "dif_block_size '%s' is not 512, 520, 4096 or 4104",
			value);
	*size = (uint32_t)n;
	return 0;
}

static int
set_latency_ops(const char *value, uint32_t *ops, char *err, size_t err_len)
{
	uint64_t n;

	if (bench_parse_u64(value, &n) != 0 || n > 100000000)
		return fail(err, err_len, "'%s' is not a number of operations (0..1e8)", value);
	*ops = (uint32_t)n;
	return 0;
}

struct key_desc {
	const char *name;
	uint32_t bit;
};

static const struct key_desc key_table[] = {
	{ "type", BENCH_KEY_TYPE },
	{ "mem_size", BENCH_KEY_MEM_SIZE },
	{ "buf_size", BENCH_KEY_BUF_SIZE },
	{ "dma_ring_size", BENCH_KEY_RING_SIZE },
	{ "kick_batch", BENCH_KEY_KICK_BATCH },
	{ "src_numa_node", BENCH_KEY_SRC_NUMA },
	{ "dst_numa_node", BENCH_KEY_DST_NUMA },
	{ "cache_flush", BENCH_KEY_CACHE_FLUSH },
	{ "test_seconds", BENCH_KEY_TEST_SECONDS },
	{ "lcore_dma", BENCH_KEY_LCORE_DMA },
	{ "lcore", BENCH_KEY_LCORE },
	{ "eal_args", BENCH_KEY_EAL_ARGS },
	{ "skip", BENCH_KEY_SKIP },
	{ "verify", BENCH_KEY_VERIFY },
	{ "latency_ops", BENCH_KEY_LATENCY_OPS },
	{ "dif_block_size", BENCH_KEY_DIF_BLOCK_SIZE },
};

/* "lcore_dma0", "lcore_dma12": the newer per-worker key. */
static bool
is_lcore_dma_n(const char *key)
{
	const char *p = key + strlen("lcore_dma");

	if (strncmp(key, "lcore_dma", strlen("lcore_dma")) != 0 || *p == '\0')
		return false;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

static int
set_known_key(struct bench_case *c, uint32_t bit, const char *value, char *err, size_t err_len)
{
	switch (bit) {
	case BENCH_KEY_TYPE:
		return set_type(value, &c->type, err, err_len);
	case BENCH_KEY_MEM_SIZE:
		return bench_range_parse(value, &c->mem_size, err, err_len);
	case BENCH_KEY_BUF_SIZE:
		return bench_range_parse(value, &c->buf_size, err, err_len);
	case BENCH_KEY_RING_SIZE:
		return bench_range_parse(value, &c->ring_size, err, err_len);
	case BENCH_KEY_KICK_BATCH:
		return bench_range_parse(value, &c->kick_batch, err, err_len);
	case BENCH_KEY_SRC_NUMA:
		return set_numa(value, &c->src_numa, err, err_len);
	case BENCH_KEY_DST_NUMA:
		return set_numa(value, &c->dst_numa, err, err_len);
	case BENCH_KEY_CACHE_FLUSH:
		return parse_bool(value, &c->cache_flush, err, err_len);
	case BENCH_KEY_TEST_SECONDS:
		return set_seconds(value, &c->test_seconds, err, err_len);
	case BENCH_KEY_LCORE_DMA:
		return set_lcore_dma(c, value, err, err_len);
	case BENCH_KEY_LCORE:
		return set_lcore(c, value, err, err_len);
	case BENCH_KEY_EAL_ARGS:
		return copy_name(c->eal_args, sizeof(c->eal_args), value, err, err_len);
	case BENCH_KEY_SKIP:
		return parse_bool(value, &c->skip, err, err_len);
	case BENCH_KEY_VERIFY:
		return parse_bool(value, &c->verify, err, err_len);
	case BENCH_KEY_LATENCY_OPS:
		return set_latency_ops(value, &c->latency_ops, err, err_len);
	case BENCH_KEY_DIF_BLOCK_SIZE:
		return set_dif_block_size(value, &c->dif_block_size, err, err_len);
	}
	return fail(err, err_len, "internal: key bit %#x", bit);
}

int
bench_case_set(struct bench_case *c, const char *key, const char *value,
	char *err, size_t err_len)
{
	size_t i;
	int ret;

	if (is_lcore_dma_n(key)) {
		ret = set_lcore_dma_n(c, value, err, err_len);
		if (ret == 0)
			c->keys_set |= BENCH_KEY_LCORE_DMA;
		return ret;
	}
	if (strcmp(key, "dma_src_sge") == 0 || strcmp(key, "dma_dst_sge") == 0)
		return fail(err, err_len, "%s: scatter-gather copies are not supported", key);
	for (i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++) {
		if (strcmp(key, key_table[i].name) != 0)
			continue;
		if (c->keys_set & key_table[i].bit)
			return fail(err, err_len, "'%s' is given twice", key);
		ret = set_known_key(c, key_table[i].bit, value, err, err_len);
		if (ret == 0)
			c->keys_set |= key_table[i].bit;
		return ret;
	}
	return fail(err, err_len, "unknown key '%s'", key);
}

enum bench_var
bench_case_var(const struct bench_case *c)
{
	if (c->mem_size.is_range)
		return BENCH_VAR_MEM_SIZE;
	if (c->buf_size.is_range)
		return BENCH_VAR_BUF_SIZE;
	if (c->ring_size.is_range)
		return BENCH_VAR_RING_SIZE;
	if (c->kick_batch.is_range)
		return BENCH_VAR_KICK_BATCH;
	return BENCH_VAR_NONE;
}

static const struct bench_range *
var_range(const struct bench_case *c, enum bench_var var)
{
	switch (var) {
	case BENCH_VAR_MEM_SIZE:
		return &c->mem_size;
	case BENCH_VAR_BUF_SIZE:
		return &c->buf_size;
	case BENCH_VAR_RING_SIZE:
		return &c->ring_size;
	case BENCH_VAR_KICK_BATCH:
		return &c->kick_batch;
	default:
		return NULL;
	}
}

uint32_t
bench_case_nb_scenarios(const struct bench_case *c)
{
	const struct bench_range *r = var_range(c, bench_case_var(c));

	return r == NULL ? 1 : bench_range_count(r);
}

void
bench_case_scenario(const struct bench_case *c, uint32_t index, struct bench_scenario *s)
{
	enum bench_var var = bench_case_var(c);

	s->c = c;
	s->index = index;
	s->mem_size = var == BENCH_VAR_MEM_SIZE ? bench_range_value(&c->mem_size, index) :
		c->mem_size.first;
	s->buf_size = var == BENCH_VAR_BUF_SIZE ? bench_range_value(&c->buf_size, index) :
		c->buf_size.first;
	s->ring_size = var == BENCH_VAR_RING_SIZE ? bench_range_value(&c->ring_size, index) :
		c->ring_size.first;
	s->kick_batch = var == BENCH_VAR_KICK_BATCH ? bench_range_value(&c->kick_batch, index) :
		c->kick_batch.first;
}

static int
validate_required(const struct bench_case *c, char *err, size_t err_len)
{
	uint32_t need = BENCH_KEY_TYPE | BENCH_KEY_MEM_SIZE | BENCH_KEY_BUF_SIZE;
	size_t i;

	bool dma = bench_type_is_dma(c->type);

	if (c->type != BENCH_TYPE_UNSET)
		need |= dma ? BENCH_KEY_RING_SIZE | BENCH_KEY_KICK_BATCH | BENCH_KEY_LCORE_DMA :
			BENCH_KEY_LCORE;
	for (i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++)
		if ((need & key_table[i].bit) && !(c->keys_set & key_table[i].bit))
			return fail(err, err_len, "'%s' is missing", key_table[i].name);
	if (dma && (c->keys_set & BENCH_KEY_LCORE))
		return fail(err, err_len, "%s takes lcore_dma, not lcore",
			bench_type_name(c->type));
	if (!dma && (c->keys_set & BENCH_KEY_LCORE_DMA))
		return fail(err, err_len, "%s takes lcore, not lcore_dma",
			bench_type_name(c->type));
	if (bench_type_op(c->type) != BENCH_OP_DIF_INSERT &&
			(c->keys_set & BENCH_KEY_DIF_BLOCK_SIZE))
		return fail(err, err_len, "dif_block_size is for the DIF types, not %s",
			bench_type_name(c->type));
	return 0;
}

static int
validate_sizes(const struct bench_case *c, char *err, size_t err_len)
{
	uint64_t max_buf = bench_range_max(&c->buf_size);
	uint64_t min_mem = bench_range_min(&c->mem_size);
	int ranges = c->mem_size.is_range + c->buf_size.is_range +
		c->ring_size.is_range + c->kick_batch.is_range;
	uint32_t i;

	if (ranges > 1)
		return fail(err, err_len,
			"only one of mem_size, buf_size, dma_ring_size, kick_batch may be a "
			"range");
	if (min_mem == 0 || bench_range_max(&c->mem_size) > MAX_MEM_SIZE_MIB)
		return fail(err, err_len, "mem_size must be 1..%llu MiB",
			(unsigned long long)MAX_MEM_SIZE_MIB);
	if (bench_range_min(&c->buf_size) == 0 || max_buf > UINT32_MAX)
		return fail(err, err_len, "buf_size must be 1..%u bytes", UINT32_MAX);
	if (max_buf > min_mem * BENCH_MIB)
		return fail(err, err_len,
			"buf_size %llu B does not fit in mem_size %llu MiB",
			(unsigned long long)max_buf, (unsigned long long)min_mem);
	if (bench_type_op(c->type) == BENCH_OP_DIF_INSERT)
		for (i = 0; i < bench_range_count(&c->buf_size); i++)
			if (bench_range_value(&c->buf_size, i) % c->dif_block_size != 0)
				return fail(err, err_len, "buf_size %llu is not a whole number "
					"of %u-B DIF blocks", (unsigned long long)
					bench_range_value(&c->buf_size, i), c->dif_block_size);
	if (!bench_type_is_dma(c->type))
		return 0;
	for (i = 0; i < bench_range_count(&c->ring_size); i++) {
		uint64_t v = bench_range_value(&c->ring_size, i);

		if (v < 2 || v > MAX_RING_SIZE)
			return fail(err, err_len, "dma_ring_size %llu is out of range 2..%u",
				(unsigned long long)v, MAX_RING_SIZE);
		if ((v & (v - 1)) != 0)
			return fail(err, err_len, "dma_ring_size %llu is not a power of two",
				(unsigned long long)v);
	}
	if (bench_range_min(&c->kick_batch) == 0 ||
			bench_range_max(&c->kick_batch) > bench_range_min(&c->ring_size))
		return fail(err, err_len, "kick_batch must be 1..dma_ring_size (%llu)",
			(unsigned long long)bench_range_min(&c->ring_size));
	return 0;
}

static int
validate_workers(const struct bench_case *c, char *err, size_t err_len)
{
	unsigned int i, j;

	for (i = 0; i < c->nb_workers; i++) {
		for (j = 0; j < i; j++) {
			if (c->workers[i].lcore == c->workers[j].lcore)
				return fail(err, err_len, "lcore %u is used twice",
					c->workers[i].lcore);
			if (bench_type_is_dma(c->type) &&
					strcmp(c->workers[i].dev, c->workers[j].dev) == 0)
				return fail(err, err_len,
					"device %s is used twice (one lcore per device)",
					c->workers[i].dev);
		}
	}
	return 0;
}

int
bench_case_validate(const struct bench_case *c, char *err, size_t err_len)
{
	int ret;

	if (c->skip)
		return 0;
	ret = validate_required(c, err, err_len);
	if (ret == 0)
		ret = validate_sizes(c, err, err_len);
	if (ret == 0)
		ret = validate_workers(c, err, err_len);
	return ret;
}

void
bench_config_init(struct bench_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	bench_case_init(&cfg->global, "GLOBAL", "");
}

void
bench_config_free(struct bench_config *cfg)
{
	free(cfg->cases);
	cfg->cases = NULL;
	cfg->nb_cases = 0;
}

int
bench_config_add_case(struct bench_config *cfg, const struct bench_case *c)
{
	struct bench_case *cases;

	cases = realloc(cfg->cases, (cfg->nb_cases + 1) * sizeof(*cases));
	if (cases == NULL)
		return -ENOMEM;
	cfg->cases = cases;
	cases[cfg->nb_cases++] = *c;
	return 0;
}

unsigned int
bench_config_nb_active(const struct bench_config *cfg)
{
	unsigned int i, n = 0;

	for (i = 0; i < cfg->nb_cases; i++)
		n += !cfg->cases[i].skip;
	return n;
}

/* Keys [GLOBAL] may set: defaults that make sense for every case. */
#define GLOBAL_KEYS (BENCH_KEY_EAL_ARGS | BENCH_KEY_CACHE_FLUSH | BENCH_KEY_TEST_SECONDS | \
	BENCH_KEY_VERIFY | BENCH_KEY_LATENCY_OPS)

static void
apply_global(struct bench_case *c, const struct bench_case *g)
{
	uint32_t inherit = g->keys_set & ~c->keys_set;

	if (inherit & BENCH_KEY_EAL_ARGS)
		memcpy(c->eal_args, g->eal_args, sizeof(c->eal_args));
	if (inherit & BENCH_KEY_CACHE_FLUSH)
		c->cache_flush = g->cache_flush;
	if (inherit & BENCH_KEY_TEST_SECONDS)
		c->test_seconds = g->test_seconds;
	if (inherit & BENCH_KEY_VERIFY)
		c->verify = g->verify;
	if (inherit & BENCH_KEY_LATENCY_OPS)
		c->latency_ops = g->latency_ops;
	c->keys_set |= inherit;
}

struct ini_parser {
	struct bench_config *cfg;
	const char *origin;
	unsigned int line_no;
	unsigned int first_case; /* cases of this text start here */
	struct bench_case *cur;   /* section being filled, or NULL */
	struct bench_case global;
	bool in_global;
	char *err;
	size_t err_len;
};

static int
ini_fail(struct ini_parser *p, const char *reason)
{
	char why[BENCH_ERR_LEN];

	snprintf(why, sizeof(why), "%s", reason);
	return fail(p->err, p->err_len, "%s:%u: %s", p->origin, p->line_no, why);
}

static int
ini_section(struct ini_parser *p, char *line)
{
	char *end = strchr(line, ']');
	char origin[BENCH_NAME_LEN * 4];
	struct bench_case c;
	char *name;
	unsigned int i;

	if (end == NULL || *bench_trim(end + 1) != '\0')
		return ini_fail(p, "a section header is [name]");
	*end = '\0';
	name = bench_trim(line + 1);
	p->cur = NULL;
	p->in_global = strcasecmp(name, "GLOBAL") == 0;
	if (p->in_global)
		return 0;
	if (strncasecmp(name, "case", 4) != 0 || strlen(name) >= BENCH_NAME_LEN)
		return ini_fail(p, "sections are [GLOBAL] or [caseN]");
	/* names identify results: unique across all files of a run */
	for (i = 0; i < p->cfg->nb_cases; i++)
		if (strcmp(p->cfg->cases[i].name, name) == 0)
			return ini_fail(p, "this case name is already used");
	snprintf(origin, sizeof(origin), "%s:%u", p->origin, p->line_no);
	bench_case_init(&c, name, origin);
	if (bench_config_add_case(p->cfg, &c) != 0)
		return -ENOMEM;
	p->cur = &p->cfg->cases[p->cfg->nb_cases - 1];
	return 0;
}

static int
ini_key(struct ini_parser *p, char *line)
{
	char reason[BENCH_ERR_LEN];
	char *eq = strchr(line, '=');
	const char *key, *value;
	struct bench_case *target;

	if (eq == NULL)
		return ini_fail(p, "expected key=value");
	*eq = '\0';
	key = bench_trim(line);
	value = bench_trim(eq + 1);
	if (p->in_global) {
		target = &p->global;
	} else if (p->cur != NULL) {
		target = p->cur;
	} else {
		return ini_fail(p, "key=value before any [caseN] section");
	}
	if (bench_case_set(target, key, value, reason, sizeof(reason)) != 0)
		return ini_fail(p, reason);
	if (p->in_global && (target->keys_set & ~GLOBAL_KEYS)) {
		snprintf(reason, sizeof(reason), "'%s' belongs in a [caseN] section", key);
		return ini_fail(p, reason);
	}
	return 0;
}

static int
ini_line(struct ini_parser *p, char *raw)
{
	char *line = bench_trim(raw);

	if (*line == '\0' || *line == ';' || *line == '#')
		return 0;
	if (*line == '[')
		return ini_section(p, line);
	return ini_key(p, line);
}

static int
ini_finish(struct ini_parser *p)
{
	char reason[BENCH_ERR_LEN];
	unsigned int i;

	if (p->cfg->nb_cases == p->first_case)
		return fail(p->err, p->err_len, "%s: no [caseN] section", p->origin);
	for (i = p->first_case; i < p->cfg->nb_cases; i++) {
		struct bench_case *c = &p->cfg->cases[i];

		apply_global(c, &p->global);
		if (bench_case_validate(c, reason, sizeof(reason)) != 0)
			return fail(p->err, p->err_len, "%s: [%s]: %s", c->origin, c->name,
				reason);
	}
	return 0;
}

int
bench_config_parse_text(struct bench_config *cfg, const char *text, const char *origin,
	char *err, size_t err_len)
{
	struct ini_parser p = {
		.cfg = cfg, .origin = origin, .first_case = cfg->nb_cases,
		.err = err, .err_len = err_len,
	};
	char line[MAX_LINE];
	const char *s = text;
	int ret;

	bench_case_init(&p.global, "GLOBAL", origin);
	while (*s != '\0') {
		size_t len = strcspn(s, "\n");

		p.line_no++;
		if (len >= sizeof(line))
			return ini_fail(&p, "line too long");
		memcpy(line, s, len);
		line[len] = '\0';
		s += len + (s[len] == '\n');
		ret = ini_line(&p, line);
		if (ret != 0)
			return ret == -ENOMEM ? fail(err, err_len, "out of memory") : ret;
	}
	return ini_finish(&p);
}

/* A config file is text of a sensible size. */
#define MAX_CONFIG_BYTES (1 << 20)

int
bench_config_parse_file(struct bench_config *cfg, const char *path, char *err, size_t err_len)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *text = NULL;
	int ret = 0;

	if (f == NULL) {
		ret = -errno;
		fail(err, err_len, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		ret = fail(err, err_len, "%s: not a regular file", path);
	else if (st.st_size > MAX_CONFIG_BYTES)
		ret = fail(err, err_len, "%s: larger than %d bytes", path, MAX_CONFIG_BYTES);
	else if ((text = malloc((size_t)st.st_size + 1)) == NULL)
		ret = fail(err, err_len, "%s: out of memory", path);
	else if (fread(text, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		ret = fail(err, err_len, "%s: short read", path);
	fclose(f);
	if (ret == 0) {
		text[st.st_size] = '\0';
		if (strlen(text) != (size_t)st.st_size)
			ret = fail(err, err_len, "%s: not a text file (NUL byte)", path);
		else
			ret = bench_config_parse_text(cfg, text, path, err, err_len);
	}
	free(text);
	return ret;
}
