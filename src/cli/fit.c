/* fit.c: fitting the line model with liblinear (see fit.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fit.h"

#ifndef WINNOW_HAVE_LIBLINEAR

int cli_fit(examples *ex, const wn_rules *rules, const options *o)
{
	(void)ex;
	(void)rules;
	(void)o;
	fprintf(stderr, "winnow: tune --fit: this winnow was built without liblinear "
	        "(apt-get install liblinear-dev, then rebuild)\n");
	return EXIT_USAGE;
}

#else

#include <linear.h>

/* The labelled rows: a line's model columns, its label (1 boilerplate),
 * how many times it counts, and the example it comes from. */
typedef struct rows {
	size_t ncols, n, cap;
	float *x;
	signed char *y;
	unsigned char *weight;
	size_t *example;
	size_t per_example_lines;
} rows;

typedef struct collect_ctx {
	rows *r;
	long snippet_weight;
	signed char *lab;
	size_t lab_cap;
} collect_ctx;

static int add_rows(void *ud, size_t i, const example *e, const recorder *rec)
{
	collect_ctx *c = ud;
	rows *r = c->r;
	if (rec->n + 1 > c->lab_cap) {
		signed char *bigger = realloc(c->lab, rec->n + 1);
		if (!bigger)
			return -1;
		c->lab = bigger;
		c->lab_cap = rec->n + 1;
	}
	if (example_label_lines(e, rec, c->lab))
		return -1;
	for (size_t k = 0; k < rec->n; k++) {
		const line_record *lr = &rec->v[k];
		/* what the model decides: labelled lines the first stage left */
		if (c->lab[k] < 0 || lr->cols == SIZE_MAX || lr->dropped_first)
			continue;
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 4096;
			float *x = realloc(r->x, cap * r->ncols * sizeof *x);
			if (x)
				r->x = x;
			signed char *y = realloc(r->y, cap);
			if (y)
				r->y = y;
			unsigned char *w = realloc(r->weight, cap);
			if (w)
				r->weight = w;
			size_t *ex = realloc(r->example, cap * sizeof *ex);
			if (ex)
				r->example = ex;
			if (!x || !y || !w || !ex)
				return -1;
			r->cap = cap;
		}
		memcpy(r->x + r->n * r->ncols, rec->pool + lr->cols,
		       r->ncols * sizeof(float));
		r->y[r->n] = c->lab[k] == 1 ? 0 : 1; /* the model scores boilerplate */
		r->weight[r->n] = (unsigned char)(e->kind == EX_SNIPPETS ? c->snippet_weight : 1);
		r->example[r->n] = i;
		r->n++;
	}
	return 0;
}

static void quiet(const char *s)
{
	(void)s;
}

/* A fit: weights and training means per column, and a bias. */
typedef struct fit {
	double *w, *center, bias;
} fit;

/*
 * Fit on the rows whose example is in `in` (all when NULL): columns are
 * scaled by their standard deviation (not centred, so zeros stay sparse),
 * liblinear fits L2-regularised logistic regression (the primal Newton
 * solver: no randomness, so the same rows give the same weights), and the
 * weights are scaled back to the raw columns.
 */
static int train_on(const rows *r, const unsigned char *in_example, double cost, fit *out)
{
	size_t nc = r->ncols, used = 0, count = 0;
	double *mean = calloc(nc, sizeof *mean), *sd = calloc(nc, sizeof *sd);
	if (!mean || !sd) {
		free(mean);
		free(sd);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (in_example && !in_example[r->example[i]])
			continue;
		used++;
		count += r->weight[i];
		for (size_t c = 0; c < nc; c++)
			mean[c] += (double)r->x[i * nc + c] * r->weight[i];
	}
	for (size_t c = 0; c < nc && count; c++)
		mean[c] /= (double)count;
	for (size_t i = 0; i < r->n; i++) {
		if (in_example && !in_example[r->example[i]])
			continue;
		for (size_t c = 0; c < nc; c++) {
			double d = r->x[i * nc + c] - mean[c];
			sd[c] += d * d * r->weight[i];
		}
	}
	for (size_t c = 0; c < nc; c++)
		sd[c] = count ? sqrt(sd[c] / (double)count) : 0;
	/* nonzero entries of the scaled rows, one block per used row */
	size_t nz = 0;
	for (size_t i = 0; i < r->n; i++)
		if (!in_example || in_example[r->example[i]])
			for (size_t c = 0; c < nc; c++)
				nz += r->x[i * nc + c] != 0 && sd[c] > 0;
	struct feature_node *nodes = malloc((nz + 2 * used + 1) * sizeof *nodes);
	struct feature_node **xs = malloc((count + 1) * sizeof *xs);
	double *ys = malloc((count + 1) * sizeof *ys);
	int rc = -1;
	if (!nodes || !xs || !ys)
		goto done;
	size_t at = 0, row = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (in_example && !in_example[r->example[i]])
			continue;
		struct feature_node *start = nodes + at;
		for (size_t c = 0; c < nc; c++)
			if (r->x[i * nc + c] != 0 && sd[c] > 0)
				nodes[at++] = (struct feature_node){ (int)c + 1, r->x[i * nc + c] / sd[c] };
		nodes[at++] = (struct feature_node){ (int)nc + 1, 1.0 }; /* the bias */
		nodes[at++] = (struct feature_node){ -1, 0 };
		/* a line counting w times is w rows over the same nodes */
		for (unsigned k = 0; k < r->weight[i]; k++) {
			xs[row] = start;
			ys[row++] = r->y[i];
		}
	}
	struct problem prob = { (int)row, (int)nc + 1, ys, xs, 1.0 };
	struct parameter param = { 0 };
	param.solver_type = L2R_LR;
	param.eps = 0.001;
	param.C = cost;
	const char *why = check_parameter(&prob, &param);
	if (why) {
		fprintf(stderr, "winnow: tune --fit: liblinear: %s\n", why);
		goto done;
	}
	struct model *m = train(&prob, &param);
	if (!m)
		goto done;
	/* w scores label[0]; the model scores label 1 (boilerplate) */
	double sign = m->nr_class >= 2 && m->label[0] == 1 ? 1 : -1;
	if (m->nr_class < 2)
		sign = m->label[0] == 1 ? 1 : -1;
	for (size_t c = 0; c < nc; c++) {
		out->w[c] = sd[c] > 0 ? sign * m->w[c] / sd[c] : 0;
		out->center[c] = mean[c];
	}
	out->bias = sign * m->w[nc];
	free_and_destroy_model(&m);
	rc = 0;
done:
	free(nodes);
	free(xs);
	free(ys);
	free(mean);
	free(sd);
	return rc;
}

/* The thresholds cross-validation tries: the threshold for any line, and
 * the one for lines that read like the article (region.rules). */
typedef struct setting {
	double t, pt;
} setting;
static const setting settings[] = {
	{ 0.4, 0.7 }, { 0.4, 0.8 }, { 0.4, 0.9 }, { 0.4, 0.95 },
	{ 0.45, 0.7 }, { 0.45, 0.8 }, { 0.45, 0.9 }, { 0.45, 0.95 },
	{ 0.5, 0.7 }, { 0.5, 0.8 }, { 0.5, 0.9 }, { 0.5, 0.95 },
	{ 0.55, 0.7 }, { 0.55, 0.8 }, { 0.55, 0.9 }, { 0.55, 0.95 },
	{ 0.6, 0.7 }, { 0.6, 0.8 }, { 0.6, 0.9 }, { 0.6, 0.95 },
	{ 0.65, 0.7 }, { 0.65, 0.8 }, { 0.65, 0.9 }, { 0.65, 0.95 },
	{ 0.7, 0.8 }, { 0.7, 0.9 }, { 0.7, 0.95 }, { 0.75, 0.9 }, { 0.75, 0.95 },
};
#define NSETTINGS (sizeof settings / sizeof *settings)

/* Numbers as the fit file writes them: the same data gives the same
 * text, and the filter reads back exactly what it printed. */
static void put_number(FILE *out, double v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.5g", v);
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, sizeof buf, "0");
	fprintf(out, " %s", buf);
}

static void write_fit(FILE *out, const wn_rules *rules, const fit *ft, const setting *at)
{
	wn_model_info mi;
	wn_rules_model(rules, &mi);
	size_t stride = 1 + mi.nwindows;
	fprintf(out, "fit %s\n  bias", mi.name);
	put_number(out, ft->bias);
	fputc('\n', out);
	for (size_t j = 0; j < mi.ninputs; j++) {
		fprintf(out, "  weight %-22s", wn_rules_model_input(rules, j));
		for (size_t w = 0; w < stride; w++)
			put_number(out, ft->w[j * stride + w]);
		fprintf(out, "\n  center %-22s", wn_rules_model_input(rules, j));
		for (size_t w = 0; w < stride; w++)
			put_number(out, ft->center[j * stride + w]);
		fputc('\n', out);
	}
	if (at)
		fprintf(out, "set model_threshold %.2f\nset model_protected_threshold %.2f\n", at->t,
		        at->pt);
}

/* The rule set of the options with a fit added (its text in memory). */
static wn_rules *rules_with_fit(const options *o, const wn_rules *base, const fit *ft)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return NULL;
	write_fit(mem, base, ft, NULL);
	if (fclose(mem) != 0) {
		free(text);
		return NULL;
	}
	wn_rules *r = load_rules_with(o, text, len, 0);
	free(text);
	return r;
}

/* Groups the objective averages over: the metric and the rendering, so
 * that every rendering weighs the same. */
typedef struct groups {
	char names[16][64];
	int kind[16];
	size_t n;
	size_t *of;          /* per example */
} groups;

static int make_groups(groups *g, const examples *ex)
{
	g->of = calloc(ex->n + 1, sizeof *g->of);
	if (!g->of)
		return -1;
	for (size_t i = 0; i < ex->n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s/%s", ex->v[i].kind == EX_GOLD ? "gold" : "snippets",
		         ex->v[i].rendering);
		size_t k = 0;
		while (k < g->n && strcmp(g->names[k], name) != 0)
			k++;
		if (k == g->n && g->n < 16) {
			snprintf(g->names[g->n], sizeof g->names[g->n], "%s", name);
			g->kind[g->n++] = ex->v[i].kind;
		}
		g->of[i] = k < g->n ? k : g->n - 1;
	}
	return 0;
}

/* The F of each group and their mean, from the examples' last scores. */
static double group_scores(const examples *ex, const groups *g, double *f, double *r)
{
	unsigned char *in = calloc(ex->n + 1, 1);
	double sum = 0;
	for (size_t k = 0; in && k < g->n; k++) {
		for (size_t i = 0; i < ex->n; i++)
			in[i] = g->of[i] == k;
		totals t;
		examples_totals(ex, in, &t);
		f[k] = g->kind[k] == EX_GOLD ? t.f1 : t.sf;
		r[k] = g->kind[k] == EX_GOLD ? t.r : t.sr;
		sum += f[k];
	}
	free(in);
	return g->n ? sum / (double)g->n : 0;
}

/* Scores of every example at every threshold. */
typedef struct scored {
	wn_score score;
	wn_snippet_score counts;
	double p, r, f1;
} scored;

static void save_scores(const examples *ex, const unsigned char *in, scored *to)
{
	for (size_t i = 0; i < ex->n; i++)
		if (in[i])
			to[i] = (scored){ ex->v[i].score, ex->v[i].counts, ex->v[i].p, ex->v[i].r, ex->v[i].f1 };
}

static void load_scores(examples *ex, const scored *from)
{
	for (size_t i = 0; i < ex->n; i++) {
		ex->v[i].score = from[i].score;
		ex->v[i].counts = from[i].counts;
		ex->v[i].p = from[i].p;
		ex->v[i].r = from[i].r;
		ex->v[i].f1 = from[i].f1;
	}
}

/* Score the examples in `in` (all: NULL) with the rules plus fit ft, at
 * each of n settings of the thresholds; with to, keep the scores of
 * setting i at to + i * ex->n (else they stay in the examples). */
static int score_fit(const options *o, const wn_rules *rules, const fit *ft, examples *ex,
                     const unsigned char *in, const setting *at, size_t n, scored *to)
{
	wn_rules *fr = rules_with_fit(o, rules, ft);
	pool pl = { 0 };
	if (!fr || pool_init(&pl, fr, o, NULL)) {
		wn_rules_free(fr);
		return -1;
	}
	int failed = 0;
	for (size_t i = 0; i < n && !failed; i++) {
		pool_set_param(&pl, "model_threshold", at[i].t);
		pool_set_param(&pl, "model_protected_threshold", at[i].pt);
		totals t;
		failed = pool_run(&pl, ex, in, &t) != 0;
		if (to && in)
			save_scores(ex, in, to + i * ex->n);
	}
	pool_free(&pl, NULL);
	wn_rules_free(fr);
	return failed ? -1 : 0;
}

static unsigned fold_of(const char *page, long folds)
{
	const char *base = strrchr(page, '/');
	base = base && base[1] ? base + 1 : page;
	uint32_t h = 2166136261u;
	for (const char *p = base; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % (unsigned)folds;
}


static int floors_hold(const double *recall, const groups *g, const options *o)
{
	double snippet_floor = o->min_recall >= 0 ? o->min_recall : 0.90;
	for (size_t k = 0; k < g->n; k++) {
		if (g->kind[k] == EX_SNIPPETS && recall[k] < snippet_floor)
			return 0;
		if (strcmp(g->names[k], "gold/fixture") == 0 && recall[k] < 0.99)
			return 0;
	}
	return 1;
}

static void print_group_header(const groups *g)
{
	printf("%-10s %9s", "threshold", "objective");
	for (size_t k = 0; k < g->n; k++)
		printf(" %22s", g->names[k]);
	putchar('\n');
}

static void print_run(const char *what, const examples *ex, const groups *g, const setting *at)
{
	double f[16], r[16];
	double obj = group_scores(ex, g, f, r);
	printf("\n%s at thresholds %.2f/%.2f: objective %.4f\n", what, at->t, at->pt, obj);
	for (size_t k = 0; k < g->n; k++)
		printf("  %-24s F %.4f  R %.4f\n", g->names[k], f[k], r[k]);
	unsigned char *in = calloc(ex->n + 1, 1);
	for (size_t k = 0; in && k < g->n; k++) {
		for (size_t i = 0; i < ex->n; i++)
			in[i] = g->of[i] == k;
		printf(" %s per language (%s):\n", g->names[k],
		       g->kind[k] == EX_SNIPPETS ? "the labels' lang" : "winnow's guess");
		examples_print_languages(ex, in, "  ");
	}
	free(in);
	totals t;
	examples_totals(ex, NULL, &t);
	tune_print_totals(&t);
}

int cli_fit(examples *ex, const wn_rules *rules, const options *o)
{
	wn_model_info mi;
	wn_rules_model(rules, &mi);
	if (!mi.name || !mi.ncolumns) {
		fprintf(stderr, "winnow: tune --fit: the rules define no model (see rules/model.rules)\n");
		return EXIT_USAGE;
	}
	set_print_string_function(quiet);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int status = EXIT_IO;
	rows r = { mi.ncolumns, 0, 0, NULL, NULL, NULL, NULL, 0 };
	collect_ctx cc = { &r, o->snippet_weight, NULL, 0 };
	recorder rec = { .ncols = mi.ncolumns };
	groups g = { 0 };
	unsigned char *train_in = calloc(ex->n + 1, 1), *test_in = calloc(ex->n + 1, 1);
	scored *cv = calloc(NSETTINGS * ex->n + 1, sizeof *cv);
	fit ft = { calloc(mi.ncolumns + 1, sizeof(double)), calloc(mi.ncolumns + 1, sizeof(double)), 0 };
	wn_filter *f = NULL;
	int st = EXIT_DONE;
	if (!train_in || !test_in || !cv || !ft.w || !ft.center || make_groups(&g, ex) ||
	    !(f = cli_make_filter(rules, o, &st)))
		goto done;
	totals t;
	if (examples_run(ex, f, rules, NULL, &rec, add_rows, &cc, &t))
		goto done;
	size_t pos = 0;
	for (size_t i = 0; i < r.n; i++)
		pos += r.y[i];
	printf("fit: model '%s', %zu columns (%zu inputs x %zu windows and the line); %zu examples, "
	       "%zu labelled lines (%zu boilerplate); snippet lines count %ld times\n", mi.name,
	       mi.ncolumns, mi.ninputs, mi.nwindows, ex->n, r.n, pos, o->snippet_weight);

	/* cross-validation: each fold scored by the filter with the weights
	 * fitted without it, at every threshold */
	for (long k = 0; k < o->folds; k++) {
		size_t held = 0;
		for (size_t i = 0; i < ex->n; i++) {
			test_in[i] = fold_of(ex->v[i].page, o->folds) == (unsigned)k;
			train_in[i] = !test_in[i];
			held += test_in[i];
		}
		if (!held)
			continue;
		if (train_on(&r, train_in, o->fit_cost, &ft) ||
		    score_fit(o, rules, &ft, ex, test_in, settings, NSETTINGS, cv))
			goto done;
		fprintf(stderr, "fit: fold %ld of %ld done (%zu examples held out)\n", k + 1, o->folds, held);
	}
	printf("\ncross-validated (%ld folds, pages kept whole), by threshold:\n", o->folds);
	print_group_header(&g);
	double objs[NSETTINGS], best_obj = -1, recalls[NSETTINGS * 16];
	for (size_t th = 0; th < NSETTINGS; th++) {
		load_scores(ex, cv + th * ex->n);
		double f1[16], *rc = recalls + th * 16;
		objs[th] = group_scores(ex, &g, f1, rc);
		if (objs[th] > best_obj)
			best_obj = objs[th];
		printf("%.2f/%.2f  %9.4f", settings[th].t, settings[th].pt, objs[th]);
		for (size_t k = 0; k < g.n; k++)
			printf("    F %.4f R %.4f", f1[k], rc[k]);
		putchar('\n');
	}
	/* prose first: only settings that keep every group's recall above its
	 * floor qualify (snippet pages: --min-recall, default 0.90; fixture
	 * pairs, the spam family and the hard negatives: 0.99); among them,
	 * within 0.001 of the best objective, the thresholds that remove the
	 * least. When none qualifies, the one that removes the least. */
	size_t best = NSETTINGS - 1;
	double best_ok = -1;
	for (size_t th = 0; th < NSETTINGS; th++)
		if (floors_hold(recalls + th * 16, &g, o) && objs[th] > best_ok)
			best_ok = objs[th];
	for (size_t th = 0; th < NSETTINGS; th++)
		if (floors_hold(recalls + th * 16, &g, o) && objs[th] >= best_ok - 0.001 &&
		    (best == NSETTINGS - 1 || !floors_hold(recalls + best * 16, &g, o) ||
		     settings[th].t + settings[th].pt > settings[best].t + settings[best].pt))
			best = th;
	if (best_ok < 0)
		printf("no setting keeps every group's recall above its floor: the most cautious one wins\n");
	load_scores(ex, cv + best * ex->n);
	print_run("cross-validated", ex, &g, &settings[best]);

	/* the fit on everything, and what it scores on the data it saw */
	if (train_on(&r, NULL, o->fit_cost, &ft) ||
	    score_fit(o, rules, &ft, ex, NULL, &settings[best], 1, NULL))
		goto done;
	print_run("fitted on all (dev)", ex, &g, &settings[best]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("fit: %.1f s\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (o->write) {
		FILE *out = fopen(o->write, "w");
		if (!out) {
			fprintf(stderr, "winnow: tune: --write %s: %s\n", o->write, strerror(errno));
			goto done;
		}
		fprintf(out, "# The fit of the line model (model.rules), written by winnow tune --fit:\n"
		        "# %zu examples, %zu labelled lines, %ld-fold cross-validated objective %.4f\n"
		        "# (the mean F over metrics and renderings). Do not edit by hand: refit.\n\n",
		        ex->n, r.n, o->folds, objs[best]);
		write_fit(out, rules, &ft, &settings[best]);
		if (fclose(out) != 0) {
			fprintf(stderr, "winnow: tune: --write %s: %s\n", o->write, strerror(errno));
			goto done;
		}
	}
	status = EXIT_DONE;
done:
	if (st != EXIT_DONE)
		status = st;
	wn_filter_free(f);
	recorder_free(&rec);
	free(r.x);
	free(r.y);
	free(r.weight);
	free(r.example);
	free(cc.lab);
	free(g.of);
	free(train_in);
	free(test_in);
	free(cv);
	free(ft.w);
	free(ft.center);
	return status;
}

#endif
