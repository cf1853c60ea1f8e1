/*
 * tune.c: `winnow tune`, scoring the rules against labelled examples.
 *
 * Owns finding the examples (fixture pairs NAME.txt + NAME.gold.txt, and
 * benchmark page folders holding gold.txt beside their renderings), running
 * every example through one filter, scoring it with the benchmark's metric
 * (wn_score_text), listing the lines each page gets wrong with the rule or
 * reason behind them, and the parameter search (coordinate ascent within
 * each parameter's range, never below a recall floor).
 */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct example {
	char *name;          /* as shown */
	char *input;         /* bytes */
	size_t input_len;
	char *gold;
	size_t gold_len;
	/* results of the last run */
	wn_score score;
	double p, r, f1;
	size_t lost, kept;   /* article lines removed, boilerplate lines kept */
	size_t *cat_lines;   /* removals per category */
} example;

typedef struct examples {
	example *v;
	size_t n, cap;
	const char *input;   /* rendering of benchmark pages */
} examples;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, cap *= 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
			}
			buf = bigger;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		char *fit = realloc(buf, n + 1);
		buf = fit ? fit : buf;
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, has_suffix(dir, "/") ? "" : "/", name);
	return p;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int add_example(examples *ex, const char *name, const char *input_path,
                       const char *gold_path)
{
	example e = { 0 };
	e.input = slurp(input_path, &e.input_len);
	if (!e.input) {
		fprintf(stderr, "winnow: tune: %s: %s\n", input_path, strerror(errno));
		return -1;
	}
	/* no gold file: a hard negative, which must come through untouched */
	e.gold = gold_path ? slurp(gold_path, &e.gold_len) : NULL;
	if (gold_path && !e.gold) {
		fprintf(stderr, "winnow: tune: %s: %s\n", gold_path, strerror(errno));
		free(e.input);
		return -1;
	}
	if (!gold_path) {
		e.gold = malloc(e.input_len + 1);
		if (e.gold) {
			memcpy(e.gold, e.input, e.input_len + 1);
			e.gold_len = e.input_len;
		}
	}
	e.name = strdup(name);
	if (ex->n == ex->cap) {
		ex->cap = ex->cap ? ex->cap * 2 : 64;
		example *v = realloc(ex->v, ex->cap * sizeof *v);
		if (!v)
			return -1;
		ex->v = v;
	}
	ex->v[ex->n++] = e;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder holding gold.txt is a benchmark page; other folders are walked
 * (in name order) for pages and fixture pairs. */
static int collect(examples *ex, const char *path, int depth)
{
	if (!is_dir(path)) {
		if (has_suffix(path, ".gold.txt"))
			return 0;
		if (!has_suffix(path, ".txt")) {
			fprintf(stderr, "winnow: tune: %s: not a .txt fixture or a folder\n", path);
			return -1;
		}
		size_t n = strlen(path);
		char *gold = malloc(n + 6);
		if (!gold)
			return -1;
		snprintf(gold, n + 6, "%.*s.gold.txt", (int)(n - 4), path);
		int rc = add_example(ex, path, path, exists(gold) ? gold : NULL);
		free(gold);
		return rc;
	}
	char *gold = join(path, "gold.txt");
	if (gold && exists(gold)) {
		char file[256];
		snprintf(file, sizeof file, "%s.txt", ex->input);
		char *input = join(path, file);
		int rc = input ? add_example(ex, path, input, gold) : -1;
		free(input);
		free(gold);
		return rc;
	}
	free(gold);
	if (depth > 4)
		return 0;
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "winnow: tune: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **bigger = realloc(names, cap * sizeof *names);
			if (!bigger)
				break;
			names = bigger;
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, cmp_names);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *full = join(path, names[i]);
		if (full && (is_dir(full) || (has_suffix(full, ".txt") && !has_suffix(full, ".gold.txt"))))
			rc |= collect(ex, full, depth + 1);
		free(full);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ------------------------------------------------------------------ */
/* running                                                             */

/* The verdicts of one run, kept for listing errors. */
typedef struct line_record {
	const char *text;
	size_t len, line_no;
	wn_verdict verdict;
	int rule;
	const char *reason;
	size_t span_start, span_end;   /* first removed span of a PART line */
} line_record;

typedef struct recorder {
	line_record *v;
	size_t n, cap;
} recorder;

static void record_line(void *ud, const wn_line_verdict *lv)
{
	recorder *rec = ud;
	if (rec->n == rec->cap) {
		rec->cap = rec->cap ? rec->cap * 2 : 256;
		line_record *v = realloc(rec->v, rec->cap * sizeof *v);
		if (!v)
			return;
		rec->v = v;
	}
	line_record *r = &rec->v[rec->n++];
	r->text = lv->text;
	r->len = lv->len;
	r->line_no = lv->line_no;
	r->verdict = lv->verdict;
	r->rule = lv->rule >= 0 ? lv->rule : lv->nspans ? lv->spans[0].rule : -1;
	r->reason = lv->reason;
	r->span_start = lv->nspans ? lv->spans[0].start : 0;
	r->span_end = lv->nspans ? lv->spans[lv->nspans - 1].end : 0;
}

static void score_example(example *e, const char *out, size_t len)
{
	wn_score_text(e->gold, e->gold_len, out ? out : "", len, &e->score);
	e->p = wn_score_precision(&e->score);
	e->r = wn_score_recall(&e->score);
	e->f1 = e->p + e->r > 0 ? 2 * e->p * e->r / (e->p + e->r) : 0;
}

typedef struct totals {
	double p, r, f1;
	size_t lost, kept;
} totals;

/* The benchmark's figures: precision and recall averaged over the pages
 * that have them (a page with nothing kept has no precision), F1 of the two. */
static void macro_average(const examples *ex, totals *t)
{
	double psum = 0, rsum = 0;
	size_t pn = 0, rn = 0;
	for (size_t i = 0; i < ex->n; i++) {
		const example *e = &ex->v[i];
		if (e->score.tp + e->score.fp > 0) {
			psum += e->p;
			pn++;
		}
		if (e->score.tp + e->score.fn > 0) {
			rsum += e->r;
			rn++;
		}
	}
	t->p = pn ? psum / (double)pn : 0;
	t->r = rn ? rsum / (double)rn : 0;
	t->f1 = t->p + t->r > 0 ? 2 * t->p * t->r / (t->p + t->r) : 0;
}

/* Run every example; fill scores (and errors counts when rec is given). */
static int run_all(examples *ex, wn_filter *f, const wn_rules *rules, int count_errors,
                   totals *t)
{
	t->lost = t->kept = 0;
	cli_buffer out = { 0 };
	recorder rec = { 0 };
	size_t ncat = wn_rules_category_count(rules);
	wn_filter_set_output(f, cli_buffer_add, &out);
	wn_filter_set_explain(f, count_errors ? record_line : NULL, &rec);
	for (size_t i = 0; i < ex->n; i++) {
		example *e = &ex->v[i];
		out.len = 0;
		rec.n = 0;
		if (wn_filter_feed(f, e->input, e->input_len) != WN_OK ||
		    wn_filter_finish(f) != WN_OK) {
			fprintf(stderr, "winnow: tune: %s: filtering failed\n", e->name);
			free(out.data);
			free(rec.v);
			return -1;
		}
		score_example(e, out.data, out.len);
		if (!count_errors)
			continue;
		const wn_doc_stats *st = wn_filter_stats(f);
		if (!e->cat_lines)
			e->cat_lines = calloc(ncat + 1, sizeof(size_t));
		if (e->cat_lines)
			memcpy(e->cat_lines, st->cat_lines, ncat * sizeof(size_t));
		wn_gold *g = wn_gold_new(e->gold, e->gold_len);
		e->lost = e->kept = 0;
		for (size_t k = 0; g && k < rec.n; k++) {
			line_record *lr = &rec.v[k];
			if (lr->verdict == WN_PARTIAL) {
				int in = wn_gold_contains(g, lr->text + lr->span_start,
				                          lr->span_end - lr->span_start);
				e->lost += in == 1;
				continue;
			}
			int in = wn_gold_contains(g, lr->text, lr->len);
			if (in < 0)
				continue;
			e->lost += in && lr->verdict == WN_DROP;
			e->kept += !in && lr->verdict == WN_KEEP;
		}
		wn_gold_free(g);
		t->lost += e->lost;
		t->kept += e->kept;
	}
	macro_average(ex, t);
	free(out.data);
	free(rec.v);
	return 0;
}

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

static void print_errors(const example *e, wn_filter *f, const wn_rules *rules, long limit)
{
	cli_buffer out = { 0 };
	recorder rec = { 0 };
	wn_filter_set_output(f, cli_buffer_add, &out);
	wn_filter_set_explain(f, record_line, &rec);
	wn_filter_feed(f, e->input, e->input_len);
	wn_filter_finish(f);
	wn_gold *g = wn_gold_new(e->gold, e->gold_len);
	long shown = 0;
	size_t total = 0;
	for (size_t k = 0; g && k < rec.n; k++) {
		line_record *lr = &rec.v[k];
		const char *what = NULL;
		const char *text = lr->text;
		size_t len = lr->len;
		if (lr->verdict == WN_PARTIAL) {
			if (wn_gold_contains(g, text + lr->span_start, lr->span_end - lr->span_start) == 1) {
				what = "lost";
				text += lr->span_start;
				len = lr->span_end - lr->span_start;
			}
		} else {
			int in = wn_gold_contains(g, text, len);
			if (in == 1 && lr->verdict == WN_DROP)
				what = "lost";
			else if (in == 0 && lr->verdict == WN_KEEP)
				what = "kept";
		}
		if (!what)
			continue;
		total++;
		if (shown >= limit)
			continue;
		shown++;
		char decided[96];
		wn_rule_info info;
		if (lr->rule >= 0 && wn_rules_get(rules, (size_t)lr->rule, &info) == WN_OK)
			snprintf(decided, sizeof decided, "%s", info.id);
		else
			snprintf(decided, sizeof decided, "(%s)",
			         lr->reason && *lr->reason ? lr->reason : "no rule fired");
		printf("  %s %5zu %-26s | ", what, lr->line_no, decided);
		print_line_text(text, len);
	}
	if (total > (size_t)shown)
		printf("  ... %zu more\n", total - (size_t)shown);
	wn_gold_free(g);
	free(out.data);
	free(rec.v);
}

static int by_f1(const void *a, const void *b)
{
	const example *x = *(example *const *)a, *y = *(example *const *)b;
	if (x->f1 != y->f1)
		return x->f1 < y->f1 ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void print_report(examples *ex, wn_filter *f, const wn_rules *rules, const totals *t,
                         const options *o)
{
	size_t ncat = wn_rules_category_count(rules);
	example **order = malloc(ex->n * sizeof *order);
	if (!order)
		return;
	for (size_t i = 0; i < ex->n; i++)
		order[i] = &ex->v[i];
	qsort(order, ex->n, sizeof *order, by_f1);
	printf("%-44s %6s %6s %6s %5s %5s  %s\n", "page (worst first)", "P", "R", "F1", "lost",
	       "kept", "removed lines");
	size_t *cat_total = calloc(ncat + 1, sizeof(size_t));
	for (size_t i = 0; i < ex->n; i++) {
		example *e = order[i];
		const char *name = e->name;
		size_t nl = strlen(name);
		printf("%-44s %6.3f %6.3f %6.3f %5zu %5zu  ", nl > 44 ? name + nl - 44 : name,
		       e->p, e->r, e->f1, e->lost, e->kept);
		for (size_t c = 0; c < ncat; c++)
			if (e->cat_lines && e->cat_lines[c]) {
				printf("%s:%zu ", wn_rules_category_name(rules, c), e->cat_lines[c]);
				if (cat_total)
					cat_total[c] += e->cat_lines[c];
			}
		putchar('\n');
	}
	printf("%-44s %6.3f %6.3f %6.3f %5zu %5zu  ", "total", t->p, t->r, t->f1, t->lost, t->kept);
	for (size_t c = 0; cat_total && c < ncat; c++)
		if (cat_total[c])
			printf("%s:%zu ", wn_rules_category_name(rules, c), cat_total[c]);
	printf("\n%zu pages; P, R and F1 as the benchmark computes them (means over pages); "
	       "lost = article lines removed, kept = boilerplate lines kept\n", ex->n);
	free(cat_total);
	long pages = o->pages < 0 ? (long)ex->n : o->pages;
	for (long i = 0; o->errors > 0 && i < pages && i < (long)ex->n; i++) {
		example *e = order[i];
		if (e->lost == 0 && e->kept == 0)
			continue;
		printf("\n== %s  P %.3f  R %.3f  F1 %.3f\n", e->name, e->p, e->r, e->f1);
		print_errors(e, f, rules, o->errors);
	}
	free(order);
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

/* The search runs the examples on every core: one filter per worker over
 * the shared rule set, worker w taking examples w, w+N, ... */
typedef struct worker {
	examples *ex;
	wn_filter *f;
	size_t index, count;
	int failed;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	cli_buffer out = { 0 };
	wn_filter_set_output(w->f, cli_buffer_add, &out);
	wn_filter_set_explain(w->f, NULL, NULL);
	for (size_t i = w->index; i < w->ex->n; i += w->count) {
		example *e = &w->ex->v[i];
		out.len = 0;
		if (wn_filter_feed(w->f, e->input, e->input_len) != WN_OK ||
		    wn_filter_finish(w->f) != WN_OK) {
			w->failed = 1;
			break;
		}
		score_example(e, out.data, out.len);
	}
	free(out.data);
	return NULL;
}

typedef struct pool {
	worker *w;
	pthread_t *t;
	size_t n;
} pool;

static int evaluate(examples *ex, pool *pl, totals *t)
{
	for (size_t k = 1; k < pl->n; k++)
		if (pthread_create(&pl->t[k], NULL, work, &pl->w[k]) != 0)
			return -1;
	work(&pl->w[0]);
	int failed = pl->w[0].failed;
	for (size_t k = 1; k < pl->n; k++) {
		pthread_join(pl->t[k], NULL);
		failed |= pl->w[k].failed;
	}
	if (failed)
		return -1;
	macro_average(ex, t);
	t->lost = t->kept = 0;
	return 0;
}

static void set_all(pool *pl, const param *ps, size_t n)
{
	for (size_t k = 0; k < pl->n; k++)
		for (size_t i = 0; i < n; i++)
			wn_filter_set_param(pl->w[k].f, ps[i].info.name, ps[i].value);
}

/* Coordinate ascent: each parameter in turn tries values across its range
 * and near its current value; the best F1 with recall at or above the floor
 * wins. Rounds repeat until nothing improves. */
static int search(examples *ex, pool *pl, const options *o, param *ps, size_t np,
                  totals *best)
{
	double floor = o->min_recall >= 0 ? o->min_recall : best->r - 0.005;
	printf("search: %zu parameters, recall floor %.3f, start F1 %.4f (P %.4f R %.4f)\n", np,
	       floor, best->f1, best->p, best->r);
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
				if (evaluate(ex, pl, &t))
					return -1;
				if (t.r >= floor && t.f1 > best->f1 + 1e-6) {
					*best = t;
					chosen = cand[k];
				}
			}
			p->value = chosen;
			set_all(pl, ps, np);
			if (chosen != start) {
				improved = 1;
				printf("  round %d: %-24s %g -> %g  F1 %.4f (P %.4f R %.4f)\n", round,
				       p->info.name, start, chosen, best->f1, best->p, best->r);
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
	fprintf(out, "# Parameters found by winnow tune --search (F1 %.4f, P %.4f, R %.4f).\n"
	        "# Use with: winnow --rules %s\n", t->f1, t->p, t->r, path);
	for (size_t i = 0; i < np; i++)
		fprintf(out, "set %s %g\n", ps[i].info.name, ps[i].value);
	if (fclose(out) != 0) {
		fprintf(stderr, "winnow: tune: --write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int cmd_tune(int argc, char **argv)
{
	options o = { 0 };
	int rc = parse_options(argc, argv, &o);
	if (rc < 0 && (o.stats || o.explain || o.report))
		rc = usage_error("%s", "--stats, --explain and --report do not apply to 'winnow tune'");
	if (rc < 0 && (o.batch_only || o.format >= 0 || o.field || o.annotate || o.separator ||
	               o.drop_spam >= 0))
		rc = usage_error("%s", "batch and format options do not apply to 'winnow tune'");
	if (rc < 0 && o.write && !o.search)
		rc = usage_error("%s", "--write needs --search");
	if (rc < 0 && optind >= argc)
		rc = usage_error("%s", "tune needs fixtures or benchmark folders to score");
	if (rc >= 0) {
		free_options(&o);
		return rc;
	}
	examples ex = { .input = o.input ? o.input : "html-text" };
	int status = EXIT_DONE;
	for (int i = optind; i < argc; i++)
		if (collect(&ex, argv[i], 0))
			status = EXIT_IO;
	wn_rules *rules = status == EXIT_DONE ? load_rules(&o, NULL, 0) : NULL;
	if (!rules && status == EXIT_DONE)
		status = EXIT_USAGE;
	wn_filter *f = rules ? cli_make_filter(rules, &o, &status) : NULL;
	if (status == EXIT_DONE && ex.n == 0) {
		fprintf(stderr, "winnow: tune: no examples found\n");
		status = EXIT_USAGE;
	}
	totals t;
	if (status == EXIT_DONE && run_all(&ex, f, rules, 1, &t))
		status = EXIT_IO;
	if (status == EXIT_DONE && o.search) {
		size_t np = wn_rules_param_count(rules);
		param *ps = calloc(np + 1, sizeof *ps);
		for (size_t i = 0; ps && i < np; i++) {
			wn_rules_param_get(rules, i, &ps[i].info);
			ps[i].value = ps[i].info.value;
		}
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		totals before = t;
		/* one worker per core; the first reuses the main filter */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		pool pl = { 0 };
		pl.n = cores < 1 ? 1 : cores > 16 ? 16 : (size_t)cores;
		pl.w = calloc(pl.n, sizeof *pl.w);
		pl.t = calloc(pl.n, sizeof *pl.t);
		for (size_t k = 0; pl.w && pl.t && k < pl.n; k++) {
			pl.w[k] = (worker){ &ex, k ? cli_make_filter(rules, &o, &status) : f, k, pl.n, 0 };
			if (!pl.w[k].f)
				pl.n = k; /* fewer workers when out of memory */
			for (size_t c = 0; pl.w[k].f && k && c < o.nkeeps; c++) {
				char *list = strdup(o.keeps[c]), *save = NULL;
				for (char *cat = strtok_r(list, ",", &save); cat; cat = strtok_r(NULL, ",", &save))
					wn_filter_keep_category(pl.w[k].f, cat);
				free(list);
			}
		}
		int failed = !ps || !pl.w || !pl.t || search(&ex, &pl, &o, ps, np, &t);
		for (size_t k = 1; pl.w && k < pl.n; k++)
			wn_filter_free(pl.w[k].f);
		free(pl.w);
		free(pl.t);
		if (failed) {
			status = EXIT_IO;
		} else {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			printf("search: F1 %.4f -> %.4f (P %.4f -> %.4f, R %.4f -> %.4f) in %.1f s\n",
			       before.f1, t.f1, before.p, t.p, before.r, t.r,
			       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
			for (size_t i = 0; i < np; i++)
				if (ps[i].value != ps[i].info.value)
					printf("  set %s %g   (was %g)\n", ps[i].info.name, ps[i].value,
					       ps[i].info.value);
			if (o.write && write_params(o.write, ps, np, &t))
				status = EXIT_IO;
			if (status == EXIT_DONE && run_all(&ex, f, rules, 1, &t))
				status = EXIT_IO;
		}
		free(ps);
		putchar('\n');
	}
	if (status == EXIT_DONE)
		print_report(&ex, f, rules, &t, &o);
	if (status == EXIT_DONE && o.min_f1 >= 0 && t.f1 < o.min_f1) {
		fprintf(stderr, "winnow: tune: F1 %.4f is below --min-f1 %.4f\n", t.f1, o.min_f1);
		status = EXIT_IO;
	}
	if (status == EXIT_DONE && o.min_recall >= 0 && t.r < o.min_recall) {
		fprintf(stderr, "winnow: tune: recall %.4f is below --min-recall %.4f\n", t.r,
		        o.min_recall);
		status = EXIT_IO;
	}
	for (size_t i = 0; i < ex.n; i++) {
		free(ex.v[i].name);
		free(ex.v[i].input);
		free(ex.v[i].gold);
		free(ex.v[i].cat_lines);
	}
	free(ex.v);
	wn_filter_free(f);
	wn_rules_free(rules);
	free_options(&o);
	if (fflush(stdout) != 0 && status == EXIT_DONE)
		status = EXIT_IO;
	return status;
}
