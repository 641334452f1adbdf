/* SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_plot.h"

#define PLOT_W 960
#define PLOT_H 560
#define MARGIN_L 80
#define MARGIN_R 260
#define MARGIN_T 56
#define MARGIN_B 70
#define MAX_SERIES 16

static const char *const palette[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
	"#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
};

struct series {
	const struct bench_record **points; /* sorted by buf_size */
	unsigned int nb_points;
	char label[2 * BENCH_NAME_LEN + 4];
};

struct plot {
	struct series series[MAX_SERIES];
	unsigned int nb_series;
	double x_min, x_max; /* log2 of buffer sizes */
	double y_max;        /* GB/s at the top of the axis */
	unsigned int dropped; /* series beyond MAX_SERIES */
};

static int
cmp_point(const void *a, const void *b)
{
	const struct bench_record *x = *(const struct bench_record *const *)a;
	const struct bench_record *y = *(const struct bench_record *const *)b;

	return (x->buf_size > y->buf_size) - (x->buf_size < y->buf_size);
}

static struct series *
series_of(struct plot *p, const struct bench_record *r)
{
	char label[sizeof(p->series[0].label)];
	unsigned int i;

	snprintf(label, sizeof(label), "%s: %s", r->case_name, r->device);
	for (i = 0; i < p->nb_series; i++)
		if (strcmp(p->series[i].label, label) == 0)
			return &p->series[i];
	if (p->nb_series == MAX_SERIES) {
		p->dropped++;
		return NULL;
	}
	memcpy(p->series[p->nb_series].label, label, sizeof(label));
	return &p->series[p->nb_series++];
}

/* 1, 2 or 5 times a power of ten, at least v. */
static double
nice_ceiling(double v)
{
	double mag, m;

	if (!(v > 0.0))
		return 1.0;
	mag = pow(10.0, floor(log10(v)));
	m = v / mag;
	if (m <= 1.0)
		return mag;
	if (m <= 2.0)
		return 2.0 * mag;
	if (m <= 5.0)
		return 5.0 * mag;
	return 10.0 * mag;
}

static int
plot_collect(struct plot *p, const struct bench_results *res)
{
	unsigned int i;
	double y = 0.0;

	memset(p, 0, sizeof(*p));
	p->x_min = INFINITY;
	p->x_max = -INFINITY;
	for (i = 0; i < res->nb_records; i++) {
		const struct bench_record *r = &res->records[i];
		struct series *s;
		const struct bench_record **pts;

		if (!r->is_total || r->counters.ops == 0 || (s = series_of(p, r)) == NULL)
			continue;
		pts = realloc(s->points, (s->nb_points + 1) * sizeof(*pts));
		if (pts == NULL)
			return -1;
		s->points = pts;
		pts[s->nb_points++] = r;
		p->x_min = fmin(p->x_min, log2((double)r->buf_size));
		p->x_max = fmax(p->x_max, log2((double)r->buf_size));
		y = fmax(y, r->figures.gbps);
	}
	for (i = 0; i < p->nb_series; i++)
		qsort(p->series[i].points, p->series[i].nb_points, sizeof(*p->series[i].points),
			cmp_point);
	if (p->nb_series == 0) {
		p->x_min = 6;
		p->x_max = 16;
	} else if (p->x_max - p->x_min < 1.0) {
		p->x_min -= 1.0;
		p->x_max += 1.0;
	}
	p->x_min = floor(p->x_min);
	p->x_max = ceil(p->x_max);
	p->y_max = nice_ceiling(y * 1.05);
	return 0;
}

static void
plot_free(struct plot *p)
{
	unsigned int i;

	for (i = 0; i < p->nb_series; i++)
		free(p->series[i].points);
}

static double
px_x(const struct plot *p, uint64_t buf_size)
{
	double w = PLOT_W - MARGIN_L - MARGIN_R;

	return MARGIN_L + (log2((double)buf_size) - p->x_min) / (p->x_max - p->x_min) * w;
}

static double
px_y(const struct plot *p, double gbps)
{
	double h = PLOT_H - MARGIN_T - MARGIN_B;

	return MARGIN_T + h - gbps / p->y_max * h;
}

static void
xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else
			fputc(*s, f);
	}
}

static void
draw_axes(FILE *f, const struct plot *p)
{
	int bottom = PLOT_H - MARGIN_B, right = PLOT_W - MARGIN_R;
	int octaves = (int)(p->x_max - p->x_min);
	int step = octaves > 12 ? 2 : 1;
	char label[16];
	int i;

	for (i = 0; i <= octaves; i += step) {
		uint64_t size = 1ull << (int)(p->x_min + i);
		double x = px_x(p, size);

		bench_format_size(size, label, sizeof(label));
		fprintf(f, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#e0e0e0'/>\n",
			x, MARGIN_T, x, bottom);
		fprintf(f, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>\n",
			x, bottom + 18, label);
	}
	for (i = 0; i <= 5; i++) {
		double v = p->y_max * i / 5.0;
		double y = px_y(p, v);

		fprintf(f, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#e0e0e0'/>\n",
			MARGIN_L, y, right, y);
		fprintf(f, "<text x='%d' y='%.1f' text-anchor='end'>%g</text>\n",
			MARGIN_L - 6, y + 4, v);
	}
	fprintf(f, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#333'/>\n",
		MARGIN_L, MARGIN_T, right - MARGIN_L, bottom - MARGIN_T);
	fprintf(f, "<text x='%d' y='%d' text-anchor='middle'>"
		"bytes per copy (log scale)</text>\n", (MARGIN_L + right) / 2, bottom + 44);
	fprintf(f, "<text x='20' y='%d' text-anchor='middle' transform='rotate(-90 20 %d)'>"
		"throughput, GB/s (1e9 B/s)</text>\n",
		(MARGIN_T + bottom) / 2, (MARGIN_T + bottom) / 2);
}

static void
draw_series(FILE *f, const struct plot *p, unsigned int idx)
{
	const struct series *s = &p->series[idx];
	const char *color = palette[idx % (sizeof(palette) / sizeof(palette[0]))];
	int legend_x = PLOT_W - MARGIN_R + 16, legend_y = MARGIN_T + 10 + 22 * (int)idx;
	unsigned int i;

	fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='2' points='", color);
	for (i = 0; i < s->nb_points; i++)
		fprintf(f, "%s%.1f,%.1f", i ? " " : "", px_x(p, s->points[i]->buf_size),
			px_y(p, s->points[i]->figures.gbps));
	fputs("'/>\n", f);
	for (i = 0; i < s->nb_points; i++)
		fprintf(f, "<circle cx='%.1f' cy='%.1f' r='3.5' fill='%s'/>\n",
			px_x(p, s->points[i]->buf_size), px_y(p, s->points[i]->figures.gbps),
			color);
	fprintf(f, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='3'/>\n",
		legend_x, legend_y, legend_x + 24, legend_y, color);
	fprintf(f, "<text x='%d' y='%d'>", legend_x + 30, legend_y + 4);
	xml_text(f, s->label);
	fputs("</text>\n", f);
}

void
bench_plot_svg(FILE *f, const struct bench_results *res, const struct bench_run_info *info)
{
	struct plot p;
	unsigned int i;
	int ok;

	(void)info;
	ok = plot_collect(&p, res) == 0;
	fprintf(f, "<?xml version='1.0' encoding='UTF-8'?>\n"
		"<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
		"font-family='sans-serif' font-size='13'>\n"
		"<rect width='100%%' height='100%%' fill='white'/>\n", PLOT_W, PLOT_H);
	fprintf(f, "<text x='%d' y='30' font-size='17' text-anchor='middle'>"
		"Copy throughput by buffer size (dsa-test-dma)</text>\n",
		(MARGIN_L + PLOT_W - MARGIN_R) / 2);
	draw_axes(f, &p);
	for (i = 0; ok && i < p.nb_series; i++)
		draw_series(f, &p, i);
	if (!ok || p.nb_series == 0)
		fprintf(f, "<text x='%d' y='%d' text-anchor='middle'>no results to plot</text>\n",
			(MARGIN_L + PLOT_W - MARGIN_R) / 2, PLOT_H / 2);
	if (p.dropped > 0)
		fprintf(f, "<text x='%d' y='%d'>(%u more series not drawn)</text>\n",
			PLOT_W - MARGIN_R + 16, PLOT_H - MARGIN_B, p.dropped);
	fputs("</svg>\n", f);
	plot_free(&p);
}
