/*
 * tune.c: `winnow tune`, scoring the rules against labelled examples.
 *
 * Owns the command: running every example (examples.h) through one
 * filter, the report (per page worst first, totals per metric, per
 * language), listing the lines each page gets wrong with the rule or
 * reason behind them, the parameter search (coordinate ascent within each
 * parameter's range, never below a recall floor) and handing the examples
 * to the model fit (fit.h).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "examples.h"
#include "fit.h"
#include "review.h"

/* ------------------------------------------------------------------ */
/* reporting                                                           */

static void print_line_text(const char *s, size_t n)
{
	size_t shown = 0, i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && shown < 110; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			c = ' ';
		putchar(c);
		if ((c & 0xC0) != 0x80)
			shown++;
	}
	if (i < n) {
		/* finish the character, then mark the cut */
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			putchar(s[i++]);
		fputs("...", stdout);
	}
	putchar('\n');
}

typedef struct error_list {
	const wn_rules *rules;
	long limit;
} error_list;

/* The lines of one example it got wrong: article lines removed (lost),
 * boilerplate lines kept; for snippet pages also the snippets missed. */
static int list_errors(void *ud, size_t i, const example *e, const recorder *rec)
{
	(void)i;
	error_list *el = ud;
	signed char *lab = malloc(rec->n + 1);
	if (!lab || example_label_lines(e, rec, lab)) {
		free(lab);
		return -1;
	}
	wn_gold *g = e->kind == EX_GOLD ? wn_gold_new(e->gold, e->gold_len) : NULL;
	long shown = 0;
	size_t total = 0;
	for (size_t k = 0; k < rec->n; k++) {
		const line_record *lr = &rec->v[k];
		const char *text = lr->text;
		size_t len = lr->len;
		int m = example_line_mistake(lr, lab[k], g);
		const char *what = m == MISTAKE_LOST ? "lost" : m == MISTAKE_KEPT ? "kept" : NULL;
		if (m && lr->verdict == WN_PARTIAL) {
			text += lr->span_start;
			len = lr->span_end - lr->span_start;
		}
		if (!what)
			continue;
		total++;
		if (shown >= el->limit)
			continue;
		shown++;
		char decided[96];
		wn_rule_info info;
		if (lr->rule >= 0 && wn_rules_get(el->rules, (size_t)lr->rule, &info) == WN_OK)
			snprintf(decided, sizeof decided, "%s", info.id);
		else
			snprintf(decided, sizeof decided, "(%s)",
			         lr->reason && *lr->reason ? lr->reason : "no rule fired");
		printf("  %s %5zu %-26s | ", what, lr->line_no, decided);
		print_line_text(text, len);
	}
	if (total > (size_t)shown)
		printf("  ... %zu more\n", total - (size_t)shown);
	for (size_t k = 0; e->kind == EX_SNIPPETS && k < wn_snippets_count(e->snip); k++) {
		int with;
		const char *t = wn_snippets_text(e->snip, k, &with);
		if (with == e->present[k])
			continue;
		printf("  %s snippet | ", with ? "missed" : "leaked");
		print_line_text(t, strlen(t));
	}
	wn_gold_free(g);
	free(lab);
	return 0;
}

/* ------------------------------------------------------------------ */
/* --html: the pages as a review page, mistakes marked                 */

typedef struct html_pages {
	review *rv;
	wn_summary sum;
	wn_filter *f;
} html_pages;

static int page_to_html(void *ud, size_t i, const example *e, const recorder *rec)
{
	(void)i;
	html_pages *hp = ud;
	signed char *lab = malloc(rec->n + 1);
	if (!lab || example_label_lines(e, rec, lab)) {
		free(lab);
		return -1;
	}
	wn_gold *g = e->kind == EX_GOLD ? wn_gold_new(e->gold, e->gold_len) : NULL;
	int rc = 0;
	for (size_t k = 0; k < rec->n && rc == 0; k++) {
		const line_record *lr = &rec->v[k];
		int m = example_line_mistake(lr, lab[k], g);
		rc = review_add_line(hp->rv, lr->text, lr->len, lr->verdict, lr->rule, lr->reason,
		                     lr->score, rec->spans + lr->span0, lr->nspans,
		                     m == MISTAKE_LOST ? REVIEW_LOST : m == MISTAKE_KEPT ? REVIEW_LEAK
		                                                      : REVIEW_NO_MARK);
	}
	const wn_doc_stats *st = wn_filter_stats(hp->f);
	wn_summary_add(&hp->sum, st);
	char name[600];
	snprintf(name, sizeof name, "%s  (P %.3f, R %.3f, F %.3f; %zu lost, %zu kept)", e->name,
	         e->p, e->r, e->f1, e->lost, e->kept);
	if (rc == 0)
		rc = review_end_doc(hp->rv, name, st->lang, st->spam_score);
	wn_gold_free(g);
	free(lab);
	return rc;
}

/* Every page, worst first, as one review page at path. */
static int write_html(examples *ex, wn_filter *f, const wn_rules *rules, example **order,
                      const char *path)
{
	html_pages hp = { review_new(rules, "winnow tune: lost article text and kept boilerplate"),
	                  { 0 }, f };
	unsigned char *one = calloc(ex->n + 1, 1);
	recorder rec = { 0 };
	int rc = !hp.rv || !one || wn_summary_init(&hp.sum, rules) != WN_OK ? -1 : 0;
	for (size_t i = 0; rc == 0 && i < ex->n; i++) {
		size_t idx = (size_t)(order[i] - ex->v);
		one[idx] = 1;
		totals ignored;
		rc = examples_run(ex, f, rules, one, &rec, page_to_html, &hp, &ignored);
		one[idx] = 0;
	}
	FILE *out = rc == 0 ? fopen(path, "w") : NULL;
	if (rc == 0 && (!out || review_write(hp.rv, &hp.sum, out) != 0))
		rc = -1;
	if (out && fclose(out) != 0)
		rc = -1;
	if (rc)
		fprintf(stderr, "winnow: tune: --html %s: %s\n", path, strerror(errno ? errno : EIO));
	recorder_free(&rec);
	wn_summary_free(&hp.sum);
	review_free(hp.rv);
	free(one);
	return rc;
}

static int by_f1(const void *a, const void *b)
{
	const example *x = *(example *const *)a, *y = *(example *const *)b;
	if (x->f1 != y->f1)
		return x->f1 < y->f1 ? -1 : 1;
	return strcmp(x->name, y->name);
}

void tune_print_totals(const totals *t)
{
	if (t->gold_pages)
		printf("total (gold, %zu pages)  P=%.3f R=%.3f F1=%.3f  (means over pages, as the "
		       "article benchmark computes them)\n", t->gold_pages, t->p, t->r, t->f1);
	if (t->snip_pages)
		printf("total (snippets, %zu pages)  tp=%zu fp=%zu fn=%zu tn=%zu  P=%.3f R=%.3f F=%.3f\n",
		       t->snip_pages, t->counts.tp, t->counts.fp, t->counts.fn, t->counts.tn, t->sp,
		       t->sr, t->sf);
}

/* The report; with --html also the page. Returns -1 if the page failed. */
static int print_report(examples *ex, wn_filter *f, const wn_rules *rules, const totals *t,
                        const options *o)
{
	size_t ncat = wn_rules_category_count(rules);
	example **order = malloc((ex->n + 1) * sizeof *order);
	size_t *cat_total = calloc(ncat + 1, sizeof(size_t));
	if (!order || !cat_total) {
		free(order);
		free(cat_total);
		return -1;
	}
	for (size_t i = 0; i < ex->n; i++)
		order[i] = &ex->v[i];
	qsort(order, ex->n, sizeof *order, by_f1);
	printf("%-44s %6s %6s %6s %5s %5s  %s\n", "page (worst first)", "P", "R", "F1", "lost",
	       "kept", "removed lines");
	for (size_t i = 0; i < ex->n; i++) {
		example *e = order[i];
		const char *name = e->name;
		size_t nl = strlen(name);
		printf("%-44s %6.3f %6.3f %6.3f %5zu %5zu  ", nl > 44 ? name + nl - 44 : name,
		       e->p, e->r, e->f1, e->lost, e->kept);
		for (size_t c = 0; c < ncat; c++)
			if (e->cat_lines && e->cat_lines[c]) {
				printf("%s:%zu ", wn_rules_category_name(rules, c), e->cat_lines[c]);
				cat_total[c] += e->cat_lines[c];
			}
		putchar('\n');
	}
	printf("%-44s %6s %6s %6s %5zu %5zu  ", "all pages", "", "", "", t->lost, t->kept);
	for (size_t c = 0; c < ncat; c++)
		if (cat_total[c])
			printf("%s:%zu ", wn_rules_category_name(rules, c), cat_total[c]);
	printf("\n%zu pages; lost = article lines removed, kept = boilerplate lines kept\n\n", ex->n);
	free(cat_total);
	unsigned char *snip = calloc(ex->n + 1, 1);
	size_t nsnip = 0;
	for (size_t i = 0; snip && i < ex->n; i++)
		nsnip += snip[i] = ex->v[i].kind == EX_SNIPPETS;
	if (nsnip)
		examples_print_languages(ex, snip, "");
	free(snip);
	tune_print_totals(t);
	long pages = o->pages < 0 ? (long)ex->n : o->pages;
	recorder rec = { 0 };
	error_list el = { rules, o->errors };
	unsigned char *one = calloc(ex->n + 1, 1);
	for (long i = 0; one && o->errors > 0 && i < pages && i < (long)ex->n; i++) {
		example *e = order[i];
		if (e->lost == 0 && e->kept == 0 && e->f1 >= 1)
			continue;
		printf("\n== %s  P %.3f  R %.3f  F1 %.3f\n", e->name, e->p, e->r, e->f1);
		size_t idx = (size_t)(e - ex->v);
		one[idx] = 1;
		totals ignored;
		examples_run(ex, f, rules, one, &rec, list_errors, &el, &ignored);
		one[idx] = 0;
	}
	free(one);
	recorder_free(&rec);
	int rc = o->html ? write_html(ex, f, rules, order, o->html) : 0;
	free(order);
	return rc;
}

/* ------------------------------------------------------------------ */
/* searching                                                           */

typedef struct param {
	wn_param_info info;
	double value;
} param;

static double quantize(const param *p, double v)
{
	if (v < p->info.min)
		v = p->info.min;
	if (v > p->info.max)
		v = p->info.max;
	return p->info.is_integer ? round(v) : round(v * 1000) / 1000;
}

static void set_all(pool *pl, const param *ps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pool_set_param(pl, ps[i].info.name, ps[i].value);
}

/* The recall the search may not go below: of the snippet pages when there
 * are any (the metric whose recall the bars name), else of the gold pages. */
static double recall_of(const totals *t)
{
	return t->snip_pages ? t->sr : t->r;
}

/* Coordinate ascent: each parameter in turn tries values across its range
 * and near its current value; the best objective with recall at or above
 * the floor wins. Rounds repeat until nothing improves. */
static int search(examples *ex, pool *pl, const options *o, param *ps, size_t np, totals *best)
{
	double floor = o->min_recall >= 0 ? o->min_recall : recall_of(best) - 0.005;
	printf("search: %zu parameters, recall floor %.3f, start objective %.4f\n", np, floor,
	       best->objective);
	for (int round = 1; round <= 4; round++) {
		int improved = 0;
		for (size_t i = 0; i < np; i++) {
			param *p = &ps[i];
			double span = p->info.max - p->info.min;
			double cand[32];
			size_t nc = 0;
			int steps = p->info.is_integer && span <= 6 ? (int)span : 6;
			for (int k = 0; k <= steps && nc < 24; k++)
				cand[nc++] = quantize(p, p->info.min + span * k / (steps ? steps : 1));
			double fine = span / (steps ? steps : 1) / 2;
			if (p->info.is_integer && fine < 1)
				fine = 1;
			cand[nc++] = quantize(p, p->value - fine);
			cand[nc++] = quantize(p, p->value + fine);
			double start = p->value, chosen = p->value;
			for (size_t k = 0; k < nc; k++) {
				if (cand[k] == chosen)
					continue;
				p->value = cand[k];
				set_all(pl, ps, np);
				totals t;
				if (pool_run(pl, ex, NULL, &t))
					return -1;
				if (recall_of(&t) >= floor && t.objective > best->objective + 1e-6) {
					*best = t;
					chosen = cand[k];
				}
			}
			p->value = chosen;
			set_all(pl, ps, np);
			if (chosen != start) {
				improved = 1;
				printf("  round %d: %-24s %g -> %g  objective %.4f\n", round, p->info.name,
				       start, chosen, best->objective);
			}
		}
		if (!improved)
			break;
	}
	return 0;
}

static int write_params(const char *path, const param *ps, size_t np, const totals *t)
{
	FILE *out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, "winnow: tune: --write %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(out, "# Parameters found by winnow tune --search (objective %.4f).\n"
	        "# Use with: winnow --rules %s\n", t->objective, path);
	for (size_t i = 0; i < np; i++)
		fprintf(out, "set %s %g\n", ps[i].info.name, ps[i].value);
	if (fclose(out) != 0) {
		fprintf(stderr, "winnow: tune: --write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int run_search(examples *ex, wn_filter *f, const wn_rules *rules, const options *o,
                      totals *t)
{
	size_t np = wn_rules_param_count(rules);
	param *ps = calloc(np + 1, sizeof *ps);
	pool pl = { 0 };
	if (!ps || pool_init(&pl, rules, o, f)) {
		free(ps);
		return -1;
	}
	for (size_t i = 0; i < np; i++) {
		wn_rules_param_get(rules, i, &ps[i].info);
		ps[i].value = ps[i].info.value;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	totals before = *t;
	int rc = search(ex, &pl, o, ps, np, t);
	pool_free(&pl, f);
	if (rc == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("search: objective %.4f -> %.4f in %.1f s\n", before.objective, t->objective,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		for (size_t i = 0; i < np; i++)
			if (ps[i].value != ps[i].info.value)
				printf("  set %s %g   (was %g)\n", ps[i].info.name, ps[i].value,
				       ps[i].info.value);
		if (o->write && write_params(o->write, ps, np, t))
			rc = -1;
		for (size_t i = 0; i < np; i++)
			wn_filter_set_param(f, ps[i].info.name, ps[i].value);
		putchar('\n');
	}
	free(ps);
	return rc;
}

/* --min-f1 and --min-recall hold for every metric present. */
static int below_bars(const totals *t, const options *o)
{
	int bad = 0;
	if (o->min_f1 >= 0 && t->gold_pages && t->f1 < o->min_f1)
		bad = fprintf(stderr, "winnow: tune: F1 %.4f is below --min-f1 %.4f\n", t->f1, o->min_f1);
	if (o->min_f1 >= 0 && t->snip_pages && t->sf < o->min_f1)
		bad = fprintf(stderr, "winnow: tune: snippet F %.4f is below --min-f1 %.4f\n", t->sf,
		              o->min_f1);
	if (o->min_recall >= 0 && t->gold_pages && t->r < o->min_recall)
		bad = fprintf(stderr, "winnow: tune: recall %.4f is below --min-recall %.4f\n", t->r,
		              o->min_recall);
	if (o->min_recall >= 0 && t->snip_pages && t->sr < o->min_recall)
		bad = fprintf(stderr, "winnow: tune: snippet recall %.4f is below --min-recall %.4f\n",
		              t->sr, o->min_recall);
	return bad != 0;
}

int cmd_tune(int argc, char **argv)
{
	options o = { 0 };
	int rc = parse_options(argc, argv, &o);
	if (rc < 0 && (o.stats || o.explain || o.report || o.profile))
		rc = usage_error("%s", "--stats, --profile, --explain and --report do not apply to "
		                 "'winnow tune'");
	if (rc < 0 && (o.batch_only || o.format >= 0 || o.field || o.annotate || o.separator ||
	               o.drop_spam >= 0))
		rc = usage_error("%s", "batch and format options do not apply to 'winnow tune'");
	if (rc < 0 && o.write && !o.search && !o.fit)
		rc = usage_error("%s", "--write needs --search or --fit");
	if (rc < 0 && o.search && o.fit)
		rc = usage_error("%s", "--search and --fit are separate runs");
	if (rc < 0 && o.html && o.fit)
		rc = usage_error("%s", "--html shows the pages of a scoring run, not of --fit");
	if (rc < 0 && optind >= argc)
		rc = usage_error("%s", "tune needs fixtures or page folders to score");
	if (rc >= 0) {
		free_options(&o);
		return rc;
	}
	examples ex = { .input = o.input };
	int status = EXIT_DONE;
	for (int i = optind; i < argc; i++)
		if (examples_collect(&ex, argv[i]))
			status = EXIT_IO;
	/* --fit starts from the model's inputs: an old fit need not match them */
	wn_rules *rules = status == EXIT_DONE ? load_rules_with(&o, NULL, 0, o.fit) : NULL;
	if (!rules && status == EXIT_DONE)
		status = EXIT_USAGE;
	wn_filter *f = rules ? cli_make_filter(rules, &o, &status) : NULL;
	if (status == EXIT_DONE && ex.n == 0) {
		fprintf(stderr, "winnow: tune: no examples found\n");
		status = EXIT_USAGE;
	}
	totals t;
	recorder rec = { 0 };
	if (status == EXIT_DONE && o.fit)
		status = cli_fit(&ex, rules, &o);
	else if (status == EXIT_DONE && examples_run(&ex, f, rules, NULL, &rec, NULL, NULL, &t))
		status = EXIT_IO;
	recorder_free(&rec);
	if (status == EXIT_DONE && o.search && run_search(&ex, f, rules, &o, &t))
		status = EXIT_IO;
	if (status == EXIT_DONE && o.search && examples_run(&ex, f, rules, NULL, &rec, NULL, NULL, &t))
		status = EXIT_IO;
	recorder_free(&rec);
	if (status == EXIT_DONE && !o.fit) {
		if (print_report(&ex, f, rules, &t, &o) || below_bars(&t, &o))
			status = EXIT_IO;
	}
	examples_free(&ex);
	wn_filter_free(f);
	wn_rules_free(rules);
	free_options(&o);
	if (fflush(stdout) != 0 && status == EXIT_DONE)
		status = EXIT_IO;
	return status;
}
