/* model.c: scoring and explaining with the fitted line model (see model.h). */
#include "model.h"
#include "prog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wn_window_parse(const char *s, size_t n, wn_window *w)
{
	size_t i = 0;
	char sign = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		sign = s[i++];
	if (i == n || n - i > 3)
		return -1;
	int v = 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 100)
		return -1;
	w->before = sign == '+' ? 0 : v;
	w->after = sign == '-' ? 0 : v;
	return 0;
}

void wn_window_name(const wn_window *w, char *buf, size_t size)
{
	if (w->after == 0)
		snprintf(buf, size, "-%d", w->before);
	else if (w->before == 0)
		snprintf(buf, size, "+%d", w->after);
	else
		snprintf(buf, size, "%d", w->before);
}

const char *wn_model_column_name(const wn_model *m, size_t c, char *buf, size_t size)
{
	size_t stride = 1 + m->nwindows, j = c / stride, w = c % stride;
	if (w == 0) {
		snprintf(buf, size, "%s", m->input_names[j]);
	} else {
		char wn[16];
		wn_window_name(&m->windows[w - 1], wn, sizeof wn);
		snprintf(buf, size, "%s@%s", m->input_names[j], wn);
	}
	return buf;
}

int wn_model_prepare(wn_model *m)
{
	size_t stride = 1 + m->nwindows;
	free(m->by_window);
	m->by_window = malloc((m->ncols + 1) * sizeof *m->by_window);
	if (!m->by_window)
		return -1;
	for (size_t j = 0; j < m->ninputs; j++)
		for (size_t w = 0; w < stride; w++)
			m->by_window[w * m->ninputs + j] = (float)m->weights[j * stride + w];
	return 0;
}

/*
 * The model is linear, so the weighted sum of an input's window means is
 * the window mean of the weighted sum: per window, one dot product per line
 * (y[k] = the window's weights times the line's inputs) and one running sum
 * over the lines, however many inputs there are.
 */
void wn_model_score(const wn_model *m, const float *in, size_t n, double *scratch, float *out)
{
	size_t J = m->ninputs, V = 1 + m->nwindows;
	double *y = scratch, *sum = scratch + V * n;
	/* one pass over the inputs: every window's weighted sum of each line */
	for (size_t k = 0; k < n; k++) {
		const float *x = in + k * J;
		double z[1 + WN_MODEL_MAX_WINDOWS] = { 0 };
		for (size_t v = 0; v < V; v++) {
			const float *w = m->by_window + v * J;
			/* four running sums, so that the loop needs no ordering
			 * between its steps and the compiler vectorises it */
			float acc[4] = { 0, 0, 0, 0 };
			size_t j = 0;
			for (; j + 4 <= J; j += 4)
				for (size_t q = 0; q < 4; q++)
					acc[q] += w[j + q] * x[j + q];
			for (; j < J; j++)
				acc[0] += w[j] * x[j];
			z[v] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
		}
		for (size_t v = 0; v < V; v++)
			y[v * n + k] = z[v];
		out[k] = (float)(m->bias + z[0]);
	}
	for (size_t v = 1; v < V; v++) {
		const double *yv = y + v * n;
		const wn_window *win = &m->windows[v - 1];
		sum[0] = 0;
		for (size_t k = 0; k < n; k++)
			sum[k + 1] = sum[k] + yv[k];
		for (size_t k = 0; k < n; k++) {
			size_t a = k >= (size_t)win->before ? k - (size_t)win->before : 0;
			size_t b = k + 1 + (size_t)win->after;
			if (b > n)
				b = n;
			if (b - a > 1)
				out[k] += (float)((sum[b] - sum[a] - yv[k]) / (double)(b - a - 1));
		}
	}
	for (size_t k = 0; k < n; k++)
		out[k] = (float)(1.0 / (1.0 + exp(-(double)out[k])));
}

void wn_model_row(const wn_model *m, const float *in, size_t n, size_t k, float *cols)
{
	size_t stride = 1 + m->nwindows;
	for (size_t j = 0; j < m->ninputs; j++) {
		cols[j * stride] = in[k * m->ninputs + j];
		for (size_t v = 0; v < m->nwindows; v++) {
			const wn_window *w = &m->windows[v];
			size_t a = k >= (size_t)w->before ? k - (size_t)w->before : 0;
			size_t b = k + 1 + (size_t)w->after;
			if (b > n)
				b = n;
			double s = 0;
			for (size_t i = a; i < b; i++)
				if (i != k)
					s += in[i * m->ninputs + j];
			cols[j * stride + 1 + v] = b - a > 1 ? (float)(s / (double)(b - a - 1)) : 0.0f;
		}
	}
}

size_t wn_model_explain(const wn_model *m, const float *cols, wn_model_term *out, size_t max)
{
	size_t got = 0;
	for (size_t c = 0; c < m->ncols && max; c++) {
		double v = m->weights[c] * ((double)cols[c] - m->centers[c]);
		if (v == 0)
			continue;
		/* insertion into the top max, strongest first */
		size_t at = got < max ? got : max;
		while (at > 0 && fabs(out[at - 1].value) < fabs(v))
			at--;
		if (at >= max)
			continue;
		size_t last = got < max ? got : max - 1;
		memmove(out + at + 1, out + at, (last - at) * sizeof *out);
		out[at] = (wn_model_term){ c, v };
		if (got < max)
			got++;
	}
	return got;
}

void wn_model_free(wn_model *m)
{
	free(m->weights);
	free(m->centers);
	free(m->by_window);
	free(m->input_names);
	free(m->inputs);
	for (size_t j = 0; m->progs && j < m->ninputs; j++)
		wn_prog_free(&m->progs[j]);
	free(m->progs);
	free(m->columns);
	free(m->per_line);
	memset(m, 0, sizeof *m);
}
