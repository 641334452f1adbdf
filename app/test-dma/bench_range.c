/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench_range.h"

char *
bench_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int
bench_parse_u64(const char *text, uint64_t *value)
{
	unsigned long long v;
	char *end;

	while (isspace((unsigned char)*text))
		text++;
	if (!isdigit((unsigned char)*text))
		return -EINVAL;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return -EINVAL;
	*value = v;
	return 0;
}

void
bench_range_single(struct bench_range *r, uint64_t value)
{
	r->first = value;
	r->last = value;
	r->step = 1;
	r->mode = BENCH_RANGE_ADD;
	r->is_range = false;
}

/* The value after v, or 0 when it would overflow. */
static uint64_t
range_next(const struct bench_range *r, uint64_t v)
{
	if (r->mode == BENCH_RANGE_MUL)
		return v > UINT64_MAX / r->step ? 0 : v * r->step;
	return v > UINT64_MAX - r->step ? 0 : v + r->step;
}

uint32_t
bench_range_count(const struct bench_range *r)
{
	uint32_t n = 0;
	uint64_t v = r->first;

	while (v != 0 && v <= r->last && n <= BENCH_RANGE_MAX_VALUES) {
		n++;
		v = range_next(r, v);
	}
	/* first == 0 is a single value (a plain 0) */
	return n == 0 ? 1 : n;
}

uint64_t
bench_range_value(const struct bench_range *r, uint32_t idx)
{
	uint64_t v = r->first;

	while (idx-- > 0)
		v = range_next(r, v);
	return v;
}

uint64_t
bench_range_min(const struct bench_range *r)
{
	return r->first;
}

uint64_t
bench_range_max(const struct bench_range *r)
{
	return bench_range_value(r, bench_range_count(r) - 1);
}

/*
 * Split text at every comma into at most max fields, empty ones included
 * (strtok_r would drop them: "64," is two fields, not one); returns the
 * count or -1.
 */
static int
split_fields(char *text, char **fields, int max)
{
	int n = 0;
	char *p = text;

	for (;;) {
		if (n == max)
			return -1;
		fields[n++] = p;
		p = strchr(p, ',');
		if (p == NULL)
			return n;
		*p++ = '\0';
	}
}

static int
range_fail(char *err, size_t err_len, const char *fmt, const char *text)
{
	snprintf(err, err_len, fmt, text);
	return -EINVAL;
}

int
bench_range_parse(const char *text, struct bench_range *r, char *err, size_t err_len)
{
	char buf[128];
	char *fields[4];
	uint64_t v[3];
	int n, i;

	if (strlen(text) >= sizeof(buf))
		return range_fail(err, err_len, "value too long: '%s'", text);
	strcpy(buf, text);
	n = split_fields(buf, fields, 4);
	if (n != 1 && n != 3 && n != 4)
		return range_fail(err, err_len,
			"'%s' is neither a number nor first,last,step[,ADD|MUL]", text);
	for (i = 0; i < n && i < 3; i++)
		if (bench_parse_u64(fields[i], &v[i]) != 0)
			return range_fail(err, err_len, "'%s': not a non-negative integer", text);
	if (n == 1) {
		bench_range_single(r, v[0]);
		return 0;
	}
	r->first = v[0];
	r->last = v[1];
	r->step = v[2];
	r->mode = BENCH_RANGE_ADD;
	r->is_range = true;
	if (n == 4) {
		char *mode = bench_trim(fields[3]);

		if (strcasecmp(mode, "MUL") == 0)
			r->mode = BENCH_RANGE_MUL;
		else if (strcasecmp(mode, "ADD") != 0)
			return range_fail(err, err_len, "'%s': the mode must be ADD or MUL", text);
	}
	if (r->first == 0)
		return range_fail(err, err_len, "'%s': a range must start above 0", text);
	if (r->first > r->last)
		return range_fail(err, err_len, "'%s': first is larger than last", text);
	if ((r->mode == BENCH_RANGE_MUL && r->step < 2) ||
			(r->mode == BENCH_RANGE_ADD && r->step == 0))
		return range_fail(err, err_len,
			"'%s': the step never reaches last (ADD needs step >= 1, MUL step >= 2)",
			text);
	if (bench_range_count(r) > BENCH_RANGE_MAX_VALUES) {
		snprintf(err, err_len, "'%s': more than %d values", text,
			BENCH_RANGE_MAX_VALUES);
		return -EINVAL;
	}
	return 0;
}
