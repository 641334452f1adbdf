/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness of the benchmark's INI parser (bench_config_parse_text, with
 * bench_range and the key setters behind it). Input: the INI text (up to
 * its first NUL). Properties: no memory error; a failure is -EINVAL with a
 * message; a success yields cases that validate again and whose every
 * scenario is within the limits the validation promises, and eal_args that
 * split into tokens. The first line is also parsed as a range value alone,
 * which when accepted must be what bench_range.h says: "N" or
 * "first,last,step[,ADD|MUL]", each field a whole number or the mode.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench_args.h"
#include "bench_config.h"
#include "fuzz_check.h"

/* Scenarios of a longer range are checked at its ends and middle only:
 * bench_range_value walks from the first value. */
#define ALL_SCENARIOS_UP_TO 64

static void
check_scenario(const struct bench_case *c, uint32_t index)
{
	struct bench_scenario s;

	bench_case_scenario(c, index, &s);
	FUZZ_ASSERT(s.c == c && s.index == index, "[%s] scenario %u", c->name, index);
	FUZZ_ASSERT(s.mem_size >= 1 && s.mem_size <= 1u << 20, "[%s] %u: mem_size %llu",
		    c->name, index, (unsigned long long)s.mem_size);
	FUZZ_ASSERT(s.buf_size >= 1 && s.buf_size <= UINT32_MAX &&
		    s.buf_size <= s.mem_size * BENCH_MIB, "[%s] %u: buf_size %llu",
		    c->name, index, (unsigned long long)s.buf_size);
	if (!bench_type_is_dma(c->type))
		return;
	FUZZ_ASSERT(s.ring_size >= 2 && s.ring_size <= 32768 &&
		    (s.ring_size & (s.ring_size - 1)) == 0, "[%s] %u: ring %llu",
		    c->name, index, (unsigned long long)s.ring_size);
	FUZZ_ASSERT(s.kick_batch >= 1 && s.kick_batch <= s.ring_size,
		    "[%s] %u: kick_batch %llu", c->name, index,
		    (unsigned long long)s.kick_batch);
}

static void
check_scenarios(const struct bench_case *c)
{
	uint32_t n = bench_case_nb_scenarios(c), i;

	FUZZ_ASSERT(n >= 1 && n <= BENCH_RANGE_MAX_VALUES, "[%s] %u scenarios", c->name, n);
	FUZZ_ASSERT(n == 1 || bench_case_var(c) != BENCH_VAR_NONE,
		    "[%s] %u scenarios of a fixed case", c->name, n);
	if (n <= ALL_SCENARIOS_UP_TO) {
		for (i = 0; i < n; i++)
			check_scenario(c, i);
	} else {
		check_scenario(c, 0);
		check_scenario(c, n / 2);
		check_scenario(c, n - 1);
	}
}

static void
check_workers(const struct bench_case *c)
{
	unsigned int i;

	FUZZ_ASSERT(c->nb_workers >= 1 && c->nb_workers <= BENCH_MAX_WORKERS,
		    "[%s] %u workers", c->name, c->nb_workers);
	for (i = 0; i < c->nb_workers; i++) {
		const struct bench_worker_cfg *w = &c->workers[i];

		FUZZ_ASSERT(strnlen(w->dev, sizeof(w->dev)) < sizeof(w->dev),
			    "[%s] worker %u: device name unterminated", c->name, i);
		FUZZ_ASSERT(bench_type_is_dma(c->type) == (w->dev[0] != '\0'),
			    "[%s] worker %u: device '%s' for %s", c->name, i, w->dev,
			    bench_type_name(c->type));
	}
}

static void
check_eal_args(const struct bench_case *c)
{
	char buf[BENCH_EAL_ARGS_LEN];
	char *tokens[BENCH_EAL_ARGS_LEN / 2 + 1];
	int n, i;

	FUZZ_ASSERT(strnlen(c->eal_args, sizeof(c->eal_args)) < sizeof(c->eal_args),
		    "[%s] eal_args unterminated", c->name);
	memcpy(buf, c->eal_args, sizeof(buf));
	n = bench_split_args(buf, tokens, (int)(sizeof(tokens) / sizeof(tokens[0])));
	FUZZ_ASSERT(n >= 0, "[%s] eal_args split: %d", c->name, n);
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(tokens[i][0] != '\0' && strpbrk(tokens[i], " \t\r\n") == NULL,
			    "[%s] eal_args token %d '%s'", c->name, i, tokens[i]);
}

static void
check_case(const struct bench_config *cfg, unsigned int k, char *err)
{
	const struct bench_case *c = &cfg->cases[k];
	unsigned int i;

	FUZZ_ASSERT(strncasecmp(c->name, "case", 4) == 0, "case name '%s'", c->name);
	for (i = 0; i < k; i++)
		FUZZ_ASSERT(strcmp(cfg->cases[i].name, c->name) != 0, "[%s] twice", c->name);
	FUZZ_ASSERT(bench_case_validate(c, err, BENCH_ERR_LEN) == 0,
		    "[%s] accepted, then invalid: %s", c->name, err);
	check_eal_args(c);
	if (c->skip)
		return;
	FUZZ_ASSERT(strcmp(bench_type_name(c->type), "unset") != 0,
		    "[%s] type %d", c->name, c->type);
	FUZZ_ASSERT(c->test_seconds > 0.0 && c->test_seconds <= BENCH_MAX_TEST_SECONDS,
		    "[%s] test_seconds %g", c->name, c->test_seconds);
	FUZZ_ASSERT(c->latency_ops <= 100000000, "[%s] latency_ops %u", c->name,
		    c->latency_ops);
	FUZZ_ASSERT(c->src_numa >= BENCH_NUMA_ANY && c->src_numa <= 1023 &&
		    c->dst_numa >= BENCH_NUMA_ANY && c->dst_numa <= 1023,
		    "[%s] numa %d/%d", c->name, c->src_numa, c->dst_numa);
	check_workers(c);
	check_scenarios(c);
}

/* Field I of a comma-separated TEXT, without surrounding white space. */
static bool
range_field(const char *text, unsigned int i, char *out, size_t len)
{
	const char *p = text, *end;

	for (; i > 0; i--) {
		p = strchr(p, ',');
		if (p == NULL)
			return false;
		p++;
	}
	end = p + strcspn(p, ",");
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if ((size_t)(end - p) >= len)
		return false;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return true;
}

static uint64_t
field_number(const char *text, unsigned int i)
{
	char f[128];

	FUZZ_ASSERT(range_field(text, i, f, sizeof(f)) && f[0] != '\0' &&
		    strspn(f, "0123456789") == strlen(f),
		    "range '%s' accepted, field %u is not a number", text, i);
	return strtoull(f, NULL, 10);
}

static void
check_range_text(const char *text)
{
	char err[BENCH_ERR_LEN], mode[128];
	struct bench_range r;
	unsigned int fields = 1;
	const char *p;

	if (bench_range_parse(text, &r, err, sizeof(err)) != 0)
		return;
	for (p = text; *p != '\0'; p++)
		fields += *p == ',';
	FUZZ_ASSERT(fields == 1 || fields == 3 || fields == 4, "range '%s' accepted with %u "
		    "fields", text, fields);
	FUZZ_ASSERT(r.is_range == (fields > 1), "range '%s': is_range %d", text, r.is_range);
	FUZZ_ASSERT(r.first == field_number(text, 0), "range '%s': first %llu", text,
		    (unsigned long long)r.first);
	if (fields == 1)
		return;
	FUZZ_ASSERT(r.last == field_number(text, 1) && r.step == field_number(text, 2),
		    "range '%s': last %llu step %llu", text, (unsigned long long)r.last,
		    (unsigned long long)r.step);
	if (fields == 3) {
		FUZZ_ASSERT(r.mode == BENCH_RANGE_ADD, "range '%s': mode %d", text, r.mode);
		return;
	}
	FUZZ_ASSERT(range_field(text, 3, mode, sizeof(mode)) &&
		    strcasecmp(mode, r.mode == BENCH_RANGE_MUL ? "MUL" : "ADD") == 0,
		    "range '%s' accepted with mode field '%s'", text, mode);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bench_config cfg;
	char *text = malloc(size + 1);
	char *err = malloc(BENCH_ERR_LEN);
	unsigned int i;
	int ret;

	FUZZ_ASSERT(text != NULL && err != NULL, "out of memory");
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	text[strcspn(text, "\n")] = '\0';
	check_range_text(text);
	memcpy(text, data, size);
	bench_config_init(&cfg);
	ret = bench_config_parse_text(&cfg, text, "fuzz.ini", err, BENCH_ERR_LEN);
	FUZZ_ASSERT(strnlen(err, BENCH_ERR_LEN) < BENCH_ERR_LEN, "message unterminated");
	if (ret != 0) {
		FUZZ_ASSERT(ret == -EINVAL, "returned %d: %s", ret, err);
		FUZZ_ASSERT(strncmp(err, "fuzz.ini:", 9) == 0, "message '%s'", err);
	} else {
		FUZZ_ASSERT(cfg.nb_cases >= 1, "success without a case");
		FUZZ_ASSERT(bench_config_nb_active(&cfg) <= cfg.nb_cases, "active count");
		for (i = 0; i < cfg.nb_cases; i++)
			check_case(&cfg, i, err);
	}
	bench_config_free(&cfg);
	free(err);
	free(text);
	return 0;
}
