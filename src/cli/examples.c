/* examples.c: labelled examples, running and scoring them (see examples.h). */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "examples.h"

char *cli_slurp(const char *path, size_t *len)
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
			if (!bigger)
				free(buf);
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

static example *new_example(examples *ex)
{
	if (ex->n == ex->cap) {
		size_t cap = ex->cap ? ex->cap * 2 : 64;
		example *v = realloc(ex->v, cap * sizeof *v);
		if (!v)
			return NULL;
		ex->v = v;
		ex->cap = cap;
	}
	example *e = &ex->v[ex->n];
	memset(e, 0, sizeof *e);
	return e;
}

static void example_free(example *e)
{
	free(e->name);
	free(e->page);
	free(e->rendering);
	free(e->input);
	free(e->gold);
	wn_snippets_free(e->snip);
	free(e->present);
	free(e->cat_lines);
}

/* A fixture pair: NAME.txt with NAME.gold.txt, or without one a hard
 * negative, which must come through untouched. */
static int add_fixture(examples *ex, const char *path)
{
	example *e = new_example(ex);
	if (!e)
		return -1;
	size_t n = strlen(path);
	char *gold = malloc(n + 6);
	if (!gold)
		return -1;
	snprintf(gold, n + 6, "%.*s.gold.txt", (int)(n - 4), path);
	e->kind = EX_GOLD;
	e->rendering = strdup("fixture");
	e->input = cli_slurp(path, &e->input_len);
	if (e->input)
		e->gold = exists(gold) ? cli_slurp(gold, &e->gold_len) : cli_slurp(path, &e->gold_len);
	e->name = strdup(path);
	e->page = strdup(path);
	int ok = e->input && e->gold && e->name && e->page && e->rendering;
	if (!ok) {
		fprintf(stderr, "winnow: tune: %s: %s\n", e->input ? gold : path, strerror(errno));
		example_free(e);
	} else {
		ex->n++;
	}
	free(gold);
	return ok ? 0 : -1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a folder, sorted; NULL-terminated (NULL on failure). */
static char **list_dir(const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "winnow: tune: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 64;
			char **bigger = realloc(names, cap * sizeof *names);
			if (!bigger)
				break;
			names = bigger;
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	if (!names)
		names = calloc(1, sizeof *names);
	if (!names)
		return NULL;
	qsort(names, n, sizeof *names, cmp_names);
	names[n] = NULL;
	return names;
}

static void free_list(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* The renderings of a page folder to read: --input, or the kind's usual
 * one; "all" is every .txt but the labels. */
static char **renderings(const examples *ex, const char *dir, int kind)
{
	const char *want = ex->input ? ex->input : kind == EX_GOLD ? "html-text" : "w3m";
	char **out = NULL;
	size_t n = 0;
	if (strcmp(want, "all") == 0) {
		char **names = list_dir(dir);
		for (size_t i = 0; names && names[i]; i++) {
			if (!has_suffix(names[i], ".txt") || strcmp(names[i], "gold.txt") == 0 ||
			    strcmp(names[i], "url.txt") == 0)
				continue;
			char **bigger = realloc(out, (n + 2) * sizeof *out);
			if (!bigger)
				break;
			out = bigger;
			out[n++] = strndup(names[i], strlen(names[i]) - 4);
		}
		free_list(names);
	} else {
		char *list = strdup(want), *save = NULL;
		for (char *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
			char file[256];
			snprintf(file, sizeof file, "%s.txt", r);
			char *full = join(dir, file);
			if (full && exists(full)) {
				char **bigger = realloc(out, (n + 2) * sizeof *out);
				if (bigger) {
					out = bigger;
					out[n++] = strdup(r);
				}
			}
			free(full);
		}
		free(list);
	}
	if (out)
		out[n] = NULL;
	return out;
}

/* A page folder: one example per rendering. */
static int add_page(examples *ex, const char *dir, int kind, const char *labels)
{
	char **rs = renderings(ex, dir, kind);
	if (!rs || !rs[0]) {
		fprintf(stderr, "winnow: tune: %s: no rendering %s.txt (--input names them)\n", dir,
		        ex->input ? ex->input : kind == EX_GOLD ? "html-text" : "w3m");
		free_list(rs);
		return -1;
	}
	int rc = 0, many = rs[1] != NULL;
	for (size_t i = 0; rs[i] && rc == 0; i++) {
		example *e = new_example(ex);
		if (!e) {
			rc = -1;
			break;
		}
		char file[256];
		snprintf(file, sizeof file, "%s.txt", rs[i]);
		char *in = join(dir, file);
		e->kind = kind;
		e->input = in ? cli_slurp(in, &e->input_len) : NULL;
		if (!e->input) {
			fprintf(stderr, "winnow: tune: %s: %s\n", in ? in : dir, strerror(errno));
			rc = -1;
		} else if (kind == EX_GOLD) {
			char *g = join(dir, "gold.txt");
			e->gold = g ? cli_slurp(g, &e->gold_len) : NULL;
			if (!e->gold) {
				fprintf(stderr, "winnow: tune: %s: %s\n", g ? g : dir, strerror(errno));
				rc = -1;
			}
			free(g);
		} else {
			size_t jl;
			char *json = cli_slurp(labels, &jl), err[200] = "";
			e->snip = json ? wn_snippets_parse(json, jl, err, sizeof err) : NULL;
			if (!e->snip) {
				fprintf(stderr, "winnow: tune: %s: %s\n", labels, json ? err : strerror(errno));
				rc = -1;
			} else {
				e->present = calloc(wn_snippets_count(e->snip) + 1, 1);
				snprintf(e->lang, sizeof e->lang, "%s", wn_snippets_lang(e->snip));
				rc = e->present ? 0 : -1;
			}
			free(json);
		}
		free(in);
		size_t nl = strlen(dir) + strlen(rs[i]) + 2;
		e->name = malloc(nl);
		if (e->name)
			snprintf(e->name, nl, many ? "%s:%s" : "%s", dir, rs[i]);
		e->page = strdup(dir);
		e->rendering = strdup(rs[i]);
		if (rc == 0 && (!e->name || !e->page || !e->rendering))
			rc = -1;
		if (rc == 0)
			ex->n++;
		else
			example_free(e);
	}
	free_list(rs);
	return rc;
}

static int collect(examples *ex, const char *path, int depth)
{
	if (!is_dir(path)) {
		if (has_suffix(path, ".gold.txt"))
			return 0;
		if (!has_suffix(path, ".txt")) {
			fprintf(stderr, "winnow: tune: %s: not a .txt fixture or a folder\n", path);
			return -1;
		}
		return add_fixture(ex, path);
	}
	char *gold = join(path, "gold.txt"), *labels = join(path, "labels.json");
	if (!gold || !labels) {
		free(gold);
		free(labels);
		return -1;
	}
	int rc = 1;
	if (exists(gold))
		rc = add_page(ex, path, EX_GOLD, NULL);
	else if (exists(labels))
		rc = add_page(ex, path, EX_SNIPPETS, labels);
	free(gold);
	free(labels);
	if (rc <= 0 || depth > 4)
		return rc < 0 ? -1 : 0;
	char **names = list_dir(path);
	if (!names)
		return -1;
	rc = 0;
	for (size_t i = 0; names[i]; i++) {
		char *full = join(path, names[i]);
		if (full && (is_dir(full) || (has_suffix(full, ".txt") && !has_suffix(full, ".gold.txt"))))
			rc |= collect(ex, full, depth + 1);
		free(full);
	}
	free_list(names);
	return rc;
}

int examples_collect(examples *ex, const char *path)
{
	return collect(ex, path, 0);
}

void examples_free(examples *ex)
{
	for (size_t i = 0; i < ex->n; i++)
		example_free(&ex->v[i]);
	free(ex->v);
	ex->v = NULL;
	ex->n = ex->cap = 0;
}

/* ------------------------------------------------------------------ */
/* scoring                                                             */

void example_score(example *e, const char *out, size_t len)
{
	if (e->kind == EX_GOLD) {
		wn_score_text(e->gold, e->gold_len, out ? out : "", len, &e->score);
		e->p = wn_score_precision(&e->score);
		e->r = wn_score_recall(&e->score);
	} else {
		wn_snippets_score(e->snip, out ? out : "", len, e->present, &e->counts);
		const wn_snippet_score *c = &e->counts;
		e->p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 1;
		e->r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 1;
	}
	e->f1 = e->p + e->r > 0 ? 2 * e->p * e->r / (e->p + e->r) : 0;
}

void examples_totals(const examples *ex, const unsigned char *in, totals *t)
{
	double psum = 0, rsum = 0;
	size_t pn = 0, rn = 0;
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < ex->n; i++) {
		const example *e = &ex->v[i];
		if (in && !in[i])
			continue;
		t->lost += e->lost;
		t->kept += e->kept;
		if (e->kind == EX_SNIPPETS) {
			t->snip_pages++;
			t->counts.tp += e->counts.tp;
			t->counts.fp += e->counts.fp;
			t->counts.fn += e->counts.fn;
			t->counts.tn += e->counts.tn;
			continue;
		}
		/* the benchmark's figures: precision and recall averaged over the
		 * pages that have them (a page with nothing kept has no precision) */
		t->gold_pages++;
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
	const wn_snippet_score *c = &t->counts;
	t->sp = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
	t->sr = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
	t->sf = c->tp ? 2.0 * (double)c->tp / (double)(2 * c->tp + c->fp + c->fn) : 0;
	t->objective = t->gold_pages && t->snip_pages ? (t->f1 + t->sf) / 2
	             : t->snip_pages ? t->sf : t->f1;
}

/* ------------------------------------------------------------------ */
/* running                                                             */

static int dropped_feature = -2;

void recorder_line(void *ud, const wn_line_verdict *lv)
{
	recorder *rec = ud;
	if (rec->n == rec->cap) {
		size_t cap = rec->cap ? rec->cap * 2 : 256;
		line_record *v = realloc(rec->v, cap * sizeof *v);
		if (!v)
			return;
		rec->v = v;
		rec->cap = cap;
	}
	if (dropped_feature == -2) {
		dropped_feature = -1;
		for (size_t i = 0; i < wn_feature_count(); i++)
			if (strcmp(wn_feature_name(i), "dropped") == 0)
				dropped_feature = (int)i;
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
	r->dropped_first = lv->features && dropped_feature >= 0 && lv->features[dropped_feature] != 0;
	r->cols = SIZE_MAX;
	r->score = lv->model_score;
	r->span0 = rec->spans_len;
	r->nspans = 0;
	if (lv->nspans && rec->spans_len + lv->nspans > rec->spans_cap) {
		size_t cap = (rec->spans_cap + lv->nspans) * 2;
		wn_span *bigger = realloc(rec->spans, cap * sizeof *bigger);
		if (!bigger)
			return;
		rec->spans = bigger;
		rec->spans_cap = cap;
	}
	if (lv->nspans) {
		memcpy(rec->spans + rec->spans_len, lv->spans, lv->nspans * sizeof *lv->spans);
		rec->spans_len += lv->nspans;
		r->nspans = lv->nspans;
	}
	if (rec->ncols && lv->model_ncolumns == rec->ncols) {
		if (rec->pool_len + rec->ncols > rec->pool_cap) {
			size_t cap = (rec->pool_cap + rec->ncols) * 2;
			float *bigger = realloc(rec->pool, cap * sizeof *bigger);
			if (!bigger)
				return;
			rec->pool = bigger;
			rec->pool_cap = cap;
		}
		memcpy(rec->pool + rec->pool_len, lv->model_columns, rec->ncols * sizeof(float));
		r->cols = rec->pool_len;
		rec->pool_len += rec->ncols;
	}
}

void recorder_free(recorder *rec)
{
	free(rec->v);
	free(rec->pool);
	free(rec->spans);
	memset(rec, 0, sizeof *rec);
}

int example_label_lines(const example *e, const recorder *rec, signed char *out)
{
	if (e->kind == EX_SNIPPETS) {
		size_t nlines = rec->n ? rec->v[rec->n - 1].line_no : 0;
		signed char *by_no = malloc(nlines + 1);
		if (!by_no)
			return -1;
		int rc = wn_snippets_label_lines(e->snip, e->input, e->input_len, by_no, nlines);
		for (size_t k = 0; k < rec->n; k++) {
			size_t no = rec->v[k].line_no;
			out[k] = no >= 1 && no <= nlines ? by_no[no - 1] : -1;
		}
		free(by_no);
		return rc == WN_OK ? 0 : -1;
	}
	wn_gold *g = wn_gold_new(e->gold, e->gold_len);
	if (!g)
		return -1;
	for (size_t k = 0; k < rec->n; k++) {
		const line_record *lr = &rec->v[k];
		out[k] = (signed char)wn_gold_contains(g, lr->text, lr->len);
	}
	wn_gold_free(g);
	return 0;
}

int example_line_mistake(const line_record *lr, signed char label, wn_gold *g)
{
	if (lr->verdict == WN_PARTIAL)
		/* a cut inside a line: lost when the cut text is article */
		return g && wn_gold_contains(g, lr->text + lr->span_start,
		                             lr->span_end - lr->span_start) == 1 ? MISTAKE_LOST : 0;
	if (label == 1 && lr->verdict == WN_DROP)
		return MISTAKE_LOST;
	if (label == 0 && lr->verdict == WN_KEEP)
		return MISTAKE_KEPT;
	return 0;
}

/* Lines of e article text that were removed (lost) and boilerplate kept. */
static int count_errors(example *e, const recorder *rec)
{
	signed char *lab = malloc(rec->n + 1);
	if (!lab || example_label_lines(e, rec, lab)) {
		free(lab);
		return -1;
	}
	wn_gold *g = e->kind == EX_GOLD ? wn_gold_new(e->gold, e->gold_len) : NULL;
	e->lost = e->kept = 0;
	for (size_t k = 0; k < rec->n; k++) {
		int m = example_line_mistake(&rec->v[k], lab[k], g);
		e->lost += m == MISTAKE_LOST;
		e->kept += m == MISTAKE_KEPT;
	}
	wn_gold_free(g);
	free(lab);
	return 0;
}

int examples_run(examples *ex, wn_filter *f, const wn_rules *rules, const unsigned char *in,
                 recorder *rec, example_fn each, void *each_ud, totals *t)
{
	cli_buffer out = { 0 };
	size_t ncat = wn_rules_category_count(rules);
	int rc = 0;
	wn_filter_set_output(f, cli_buffer_add, &out);
	wn_filter_set_explain(f, recorder_line, rec);
	for (size_t i = 0; i < ex->n && rc == 0; i++) {
		example *e = &ex->v[i];
		if (in && !in[i])
			continue;
		out.len = 0;
		rec->n = 0;
		rec->pool_len = 0;
		rec->spans_len = 0;
		if (wn_filter_feed(f, e->input, e->input_len) != WN_OK ||
		    wn_filter_finish(f) != WN_OK) {
			fprintf(stderr, "winnow: tune: %s: filtering failed\n", e->name);
			rc = -1;
			break;
		}
		example_score(e, out.data, out.len);
		const wn_doc_stats *st = wn_filter_stats(f);
		if (!e->cat_lines)
			e->cat_lines = calloc(ncat + 1, sizeof(size_t));
		if (e->cat_lines)
			memcpy(e->cat_lines, st->cat_lines, ncat * sizeof(size_t));
		if (e->kind == EX_GOLD && st->lang)
			snprintf(e->lang, sizeof e->lang, "%s", st->lang);
		if (count_errors(e, rec) || (each && each(each_ud, i, e, rec)))
			rc = -1;
	}
	wn_filter_set_explain(f, NULL, NULL);
	free(out.data);
	if (rc == 0)
		examples_totals(ex, in, t);
	return rc;
}

/* ------------------------------------------------------------------ */
/* several filters at once                                             */

typedef struct worker {
	examples *ex;
	wn_filter *f;
	const unsigned char *in;
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
		if (w->in && !w->in[i])
			continue;
		out.len = 0;
		if (wn_filter_feed(w->f, e->input, e->input_len) != WN_OK ||
		    wn_filter_finish(w->f) != WN_OK) {
			w->failed = 1;
			break;
		}
		example_score(e, out.data, out.len);
	}
	free(out.data);
	return NULL;
}

int pool_init(pool *pl, const wn_rules *rules, const options *o, wn_filter *first)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cores < 1 ? 1 : cores > 16 ? 16 : (size_t)cores;
	pl->f = calloc(n, sizeof *pl->f);
	pl->n = 0;
	if (!pl->f)
		return -1;
	int status = EXIT_DONE;
	for (size_t k = 0; k < n; k++) {
		pl->f[k] = k == 0 && first ? first : cli_make_filter(rules, o, &status);
		if (!pl->f[k])
			break; /* fewer workers when out of memory */
		pl->n++;
	}
	return pl->n ? 0 : -1;
}

void pool_free(pool *pl, const wn_filter *first)
{
	for (size_t k = 0; k < pl->n; k++)
		if (pl->f[k] != first)
			wn_filter_free(pl->f[k]);
	free(pl->f);
	pl->f = NULL;
	pl->n = 0;
}

void pool_set_param(pool *pl, const char *name, double value)
{
	for (size_t k = 0; k < pl->n; k++)
		wn_filter_set_param(pl->f[k], name, value);
}

int pool_run(pool *pl, examples *ex, const unsigned char *in, totals *t)
{
	worker *w = calloc(pl->n, sizeof *w);
	pthread_t *th = calloc(pl->n, sizeof *th);
	int failed = !w || !th;
	size_t started = 0;
	for (size_t k = 0; !failed && k < pl->n; k++)
		w[k] = (worker){ ex, pl->f[k], in, k, pl->n, 0 };
	for (size_t k = 1; !failed && k < pl->n; k++) {
		if (pthread_create(&th[k], NULL, work, &w[k]) != 0)
			failed = 1;
		else
			started++;
	}
	if (!failed)
		work(&w[0]);
	for (size_t k = 1; k <= started; k++)
		pthread_join(th[k], NULL);
	for (size_t k = 0; !failed && k < pl->n; k++)
		failed |= w[k].failed;
	free(w);
	free(th);
	if (failed)
		return -1;
	examples_totals(ex, in, t);
	return 0;
}

void examples_print_languages(const examples *ex, const unsigned char *in, const char *indent)
{
	char langs[64][16];
	size_t nl = 0, pages[64] = { 0 };
	int kind = EX_GOLD;
	for (size_t i = 0; i < ex->n; i++) {
		if (!in[i])
			continue;
		kind = ex->v[i].kind;
		size_t k = 0;
		while (k < nl && strcmp(langs[k], ex->v[i].lang) != 0)
			k++;
		if (k == nl && nl < 64)
			snprintf(langs[nl++], sizeof langs[0], "%s", ex->v[i].lang);
		if (k < nl)
			pages[k]++;
	}
	unsigned char *one = calloc(ex->n + 1, 1);
	printf("%s%-9s %6s %6s %6s %6s\n", indent, "lang", "pages", "P", "R", "F");
	for (size_t done = 0; one && done < nl; done++) {
		size_t best = 0; /* most pages first, then by name */
		for (size_t k = 1; k < nl; k++)
			if (pages[k] > pages[best] ||
			    (pages[k] == pages[best] && strcmp(langs[k], langs[best]) < 0))
				best = k;
		for (size_t i = 0; i < ex->n; i++)
			one[i] = in[i] && strcmp(ex->v[i].lang, langs[best]) == 0;
		totals t;
		examples_totals(ex, one, &t);
		printf("%s%-9s %6zu %6.3f %6.3f %6.3f\n", indent, *langs[best] ? langs[best] : "-",
		       pages[best], kind == EX_GOLD ? t.p : t.sp, kind == EX_GOLD ? t.r : t.sr,
		       kind == EX_GOLD ? t.f1 : t.sf);
		pages[best] = 0;
		langs[best][0] = '\x7f'; /* done: sorts last, never chosen again */
	}
	free(one);
}
