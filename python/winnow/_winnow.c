/*
 * _winnow.c: the compiled half of the Python module winnow, a thin client
 * of libwinnow (include/winnow.h).
 *
 * Owns: turning Filter(...) arguments into one compiled wn_rules (or a
 * RuleError carrying every diagnostic), a pool of wn_filter objects per
 * Filter so that any number of threads share one Filter without waiting on
 * each other, and running each document with the GIL released. Python
 * objects are made only before and after that, with the GIL held.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <unistd.h>

#include "winnow.h"

PyMODINIT_FUNC PyInit__winnow(void);

static PyObject *RuleError;
static PyObject *FormatError;

/* ------------------------------------------------------------------ */
/* Diagnostics, collected without the GIL                              */

typedef struct diag_rec {
	int level;
	char *file;
	unsigned line, col;
	char *message;
	char *formatted;  /* as the CLI prints it: position, line, caret */
} diag_rec;

typedef struct diag_list {
	diag_rec *d;
	size_t n, cap;
	unsigned errors;
	int oom;
} diag_list;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void collect_diag(void *ud, const wn_diag *d)
{
	diag_list *l = ud;
	if (d->level == WN_DIAG_ERROR)
		l->errors++;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		diag_rec *nd = realloc(l->d, cap * sizeof *nd);
		if (!nd) {
			l->oom = 1;
			return;
		}
		l->d = nd;
		l->cap = cap;
	}
	diag_rec *r = &l->d[l->n++];
	r->level = (int)d->level;
	r->file = dup_or_null(d->file);
	r->line = d->line;
	r->col = d->col;
	r->message = dup_or_null(d->message);
	size_t need = wn_diag_format(d, NULL, 0);
	r->formatted = malloc(need + 1);
	if (r->formatted)
		wn_diag_format(d, r->formatted, need + 1);
}

static void diag_list_free(diag_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->d[i].file);
		free(l->d[i].message);
		free(l->d[i].formatted);
	}
	free(l->d);
	memset(l, 0, sizeof *l);
}

static PyObject *none_if_zero(unsigned v)
{
	if (v == 0)
		Py_RETURN_NONE;
	return PyLong_FromUnsignedLong(v);
}

static PyObject *str_or_none(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* RuleError(text) with file, line, column and message of the first error,
 * and diagnostics: every one as (level, file, line, column, message). */
static void raise_rule_error(const diag_list *l, const char *fallback)
{
	const diag_rec *first = NULL;
	for (size_t i = 0; i < l->n && !first; i++)
		if (l->d[i].level == WN_DIAG_ERROR)
			first = &l->d[i];
	PyObject *text = NULL, *diags = PyList_New(0), *err = NULL;
	if (!diags)
		return;
	/* the text: every error as the CLI prints it */
	PyObject *parts = PyList_New(0);
	if (!parts)
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		const diag_rec *r = &l->d[i];
		static const char *const levels[] = { "error", "warning", "note" };
		PyObject *t = Py_BuildValue("(sNNNN)", levels[r->level < 3 ? r->level : 0],
		                            str_or_none(r->file), none_if_zero(r->line),
		                            none_if_zero(r->col), str_or_none(r->message));
		if (!t || PyList_Append(diags, t) < 0) {
			Py_XDECREF(t);
			Py_DECREF(parts);
			goto out;
		}
		Py_DECREF(t);
		if (r->level != WN_DIAG_ERROR || !r->formatted)
			continue;
		PyObject *s = str_or_none(r->formatted);
		if (!s || PyList_Append(parts, s) < 0) {
			Py_XDECREF(s);
			Py_DECREF(parts);
			goto out;
		}
		Py_DECREF(s);
	}
	if (PyList_GET_SIZE(parts) == 0) {
		text = PyUnicode_FromString(fallback);
	} else {
		PyObject *nl = PyUnicode_FromString("\n");
		if (nl) {
			text = PyUnicode_Join(nl, parts);
			Py_DECREF(nl);
		}
	}
	Py_DECREF(parts);
	if (!text)
		goto out;
	/* str(err) ends without the last newline */
	Py_ssize_t tl = PyUnicode_GET_LENGTH(text);
	if (tl > 0 && PyUnicode_READ_CHAR(text, tl - 1) == '\n') {
		PyObject *t = PyUnicode_Substring(text, 0, tl - 1);
		Py_DECREF(text);
		text = t;
		if (!text)
			goto out;
	}
	err = PyObject_CallOneArg(RuleError, text);
	if (!err)
		goto out;
	PyObject *v;
	int bad = 0;
	v = first ? str_or_none(first->file) : Py_NewRef(Py_None);
	bad |= !v || PyObject_SetAttrString(err, "file", v) < 0;
	Py_XDECREF(v);
	v = first ? none_if_zero(first->line) : Py_NewRef(Py_None);
	bad |= !v || PyObject_SetAttrString(err, "line", v) < 0;
	Py_XDECREF(v);
	v = first ? none_if_zero(first->col) : Py_NewRef(Py_None);
	bad |= !v || PyObject_SetAttrString(err, "column", v) < 0;
	Py_XDECREF(v);
	v = first && first->message ? str_or_none(first->message) : PyUnicode_FromString(fallback);
	bad |= !v || PyObject_SetAttrString(err, "message", v) < 0;
	Py_XDECREF(v);
	bad |= PyObject_SetAttrString(err, "diagnostics", diags) < 0;
	if (!bad)
		PyErr_SetObject(RuleError, err);
out:
	Py_XDECREF(err);
	Py_XDECREF(text);
	Py_DECREF(diags);
}

/* ------------------------------------------------------------------ */
/* Workers: a wn_filter with its output and explain buffers            */

typedef struct line_rec {
	size_t line_no, len;
	int verdict, rule;
	double score;
	const char *reason;    /* a string of the library's: static */
	const char *lang;
	size_t span0, nspans;  /* into worker.spans */
} line_rec;

typedef struct worker {
	wn_filter *f;
	char *out;
	size_t len, cap;
	line_rec *lines;
	size_t nlines, caplines;
	wn_span *spans;
	size_t nspans, capspans;
	int oom;
	struct worker *next;   /* in the idle list */
} worker;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *n = realloc(*p, c * size);
	if (!n)
		return -1;
	*p = n;
	*cap = c;
	return 0;
}

static int collect_output(void *ud, const char *buf, size_t n)
{
	worker *w = ud;
	if (n == 0)
		return 0;
	if (grow((void **)&w->out, &w->cap, w->len + n, 1)) {
		w->oom = 1;
		return 1;
	}
	memcpy(w->out + w->len, buf, n);
	w->len += n;
	return 0;
}

static int discard_output(void *ud, const char *buf, size_t n)
{
	(void)ud;
	(void)buf;
	(void)n;
	return 0;
}

static void collect_line(void *ud, const wn_line_verdict *v)
{
	worker *w = ud;
	if (w->oom || grow((void **)&w->lines, &w->caplines, w->nlines + 1, sizeof *w->lines) ||
	    grow((void **)&w->spans, &w->capspans, w->nspans + v->nspans, sizeof *w->spans)) {
		w->oom = 1;
		return;
	}
	line_rec *r = &w->lines[w->nlines++];
	r->line_no = v->line_no;
	r->len = v->len;
	r->verdict = (int)v->verdict;
	r->rule = v->rule;
	r->score = v->model_score;
	r->reason = v->reason;
	r->lang = v->lang;
	r->span0 = w->nspans;
	r->nspans = v->nspans;
	if (v->nspans)
		memcpy(w->spans + w->nspans, v->spans, v->nspans * sizeof *v->spans);
	w->nspans += v->nspans;
}

static void worker_free(worker *w)
{
	if (!w)
		return;
	wn_filter_free(w->f);
	free(w->out);
	free(w->lines);
	free(w->spans);
	free(w);
}

/* ------------------------------------------------------------------ */
/* Filter                                                              */

typedef struct {
	PyObject_HEAD
	wn_rules *rules;
	wn_filter_options opts;
	double spam_threshold;
	char **keeps;
	size_t nkeeps;
	pthread_mutex_t lock;
	int lock_ready;
	worker *idle;
} FilterObject;

static void filter_clear(FilterObject *self)
{
	while (self->idle) {
		worker *w = self->idle;
		self->idle = w->next;
		worker_free(w);
	}
	for (size_t i = 0; i < self->nkeeps; i++)
		free(self->keeps[i]);
	free(self->keeps);
	self->keeps = NULL;
	self->nkeeps = 0;
	wn_rules_free(self->rules);
	self->rules = NULL;
}

static void Filter_dealloc(FilterObject *self)
{
	filter_clear(self);
	if (self->lock_ready)
		pthread_mutex_destroy(&self->lock);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Filter_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
	(void)args;
	(void)kw;
	FilterObject *self = (FilterObject *)type->tp_alloc(type, 0);
	if (!self)
		return NULL;
	if (pthread_mutex_init(&self->lock, NULL) != 0) {
		Py_DECREF(self);
		return PyErr_NoMemory();
	}
	self->lock_ready = 1;
	self->spam_threshold = -1;
	return (PyObject *)self;
}

/* A worker of the pool, or a new one; called without the GIL. */
static worker *acquire(FilterObject *self)
{
	pthread_mutex_lock(&self->lock);
	worker *w = self->idle;
	if (w)
		self->idle = w->next;
	pthread_mutex_unlock(&self->lock);
	if (w)
		return w;
	w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->f = wn_filter_new(self->rules, &self->opts);
	if (!w->f) {
		free(w);
		return NULL;
	}
	for (size_t i = 0; i < self->nkeeps; i++)
		wn_filter_keep_category(w->f, self->keeps[i]); /* checked in __init__ */
	wn_filter_set_spam_threshold(w->f, self->spam_threshold);
	return w;
}

static void release(FilterObject *self, worker *w)
{
	/* keep big buffers from one huge document from staying forever */
	if (w->cap > ((size_t)64 << 20)) {
		free(w->out);
		w->out = NULL;
		w->cap = 0;
	}
	w->len = w->nlines = w->nspans = 0;
	w->oom = 0;
	pthread_mutex_lock(&self->lock);
	w->next = self->idle;
	self->idle = w;
	pthread_mutex_unlock(&self->lock);
}

/* The paths of `rules`: None, one path, or a sequence of paths. */
static int collect_paths(PyObject *rules, PyObject **list_out)
{
	*list_out = PyList_New(0);
	if (!*list_out)
		return -1;
	if (rules == NULL || rules == Py_None)
		return 0;
	PyObject *items;
	if (PyUnicode_Check(rules) || PyBytes_Check(rules) || PyObject_HasAttrString(rules, "__fspath__")) {
		items = PyTuple_Pack(1, rules);
	} else {
		items = PySequence_Tuple(rules);
		if (!items) {
			PyErr_Clear();
			PyErr_SetString(PyExc_TypeError, "rules: a path or a list of paths");
		}
	}
	if (!items)
		return -1;
	for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
		PyObject *bytes = NULL;
		if (!PyUnicode_FSConverter(PyTuple_GET_ITEM(items, i), &bytes) ||
		    PyList_Append(*list_out, bytes) < 0) {
			Py_XDECREF(bytes);
			Py_DECREF(items);
			return -1;
		}
		Py_DECREF(bytes);
	}
	Py_DECREF(items);
	return 0;
}

/* params as "name=value" assignments */
static int collect_params(PyObject *params, PyObject **list_out)
{
	*list_out = PyList_New(0);
	if (!*list_out)
		return -1;
	if (params == NULL || params == Py_None)
		return 0;
	if (!PyDict_Check(params)) {
		PyErr_SetString(PyExc_TypeError, "params: a dict of parameter name to number");
		return -1;
	}
	PyObject *k, *v;
	Py_ssize_t pos = 0;
	while (PyDict_Next(params, &pos, &k, &v)) {
		if (!PyUnicode_Check(k) || PyBool_Check(v) ||
		    !(PyLong_Check(v) || PyFloat_Check(v))) {
			PyErr_Format(PyExc_TypeError, "params: %R must map a name to a number", k);
			return -1;
		}
		PyObject *vs = PyObject_Repr(v);
		if (!vs)
			return -1;
		PyObject *a = PyUnicode_FromFormat("%U=%U", k, vs);
		Py_DECREF(vs);
		if (!a)
			return -1;
		PyObject *b = PyUnicode_AsUTF8String(a);
		Py_DECREF(a);
		if (!b || PyList_Append(*list_out, b) < 0) {
			Py_XDECREF(b);
			return -1;
		}
		Py_DECREF(b);
	}
	return 0;
}

static int size_arg(PyObject *v, const char *name, size_t *out)
{
	if (!v || v == Py_None)
		return 0;
	unsigned long long n = PyLong_AsUnsignedLongLong(v);
	if (PyErr_Occurred()) {
		PyErr_Format(PyExc_ValueError, "%s: a number of bytes (0: the default)", name);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

static int Filter_init(FilterObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "rules", "params", "defaults", "keep", "spam_threshold",
	                          "max_doc_bytes", "max_line_bytes", NULL };
	PyObject *rules = NULL, *params = NULL, *keep = NULL, *spam = NULL;
	PyObject *max_doc = NULL, *max_line = NULL;
	int defaults = 1;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOp$OOOO", kwlist, &rules, &params,
	                                 &defaults, &keep, &spam, &max_doc, &max_line))
		return -1;
	if (self->rules) {
		PyErr_SetString(PyExc_RuntimeError, "Filter.__init__ called twice");
		return -1;
	}
	memset(&self->opts, 0, sizeof self->opts);
	if (size_arg(max_doc, "max_doc_bytes", &self->opts.max_doc_bytes) ||
	    size_arg(max_line, "max_line_bytes", &self->opts.max_line_bytes))
		return -1;
	self->spam_threshold = -1;
	if (spam && spam != Py_None) {
		double t = PyFloat_AsDouble(spam);
		if (PyErr_Occurred())
			return -1;
		if (!(t >= 0 && t <= 1)) {
			PyErr_SetString(PyExc_ValueError, "spam_threshold: between 0 and 1, or None");
			return -1;
		}
		self->spam_threshold = t;
	}
	PyObject *paths = NULL, *sets = NULL;
	int rc = -1;
	if (collect_paths(rules, &paths) || collect_params(params, &sets))
		goto out;

	/* load and compile without the GIL: a second or so of pattern work */
	diag_list diags = { 0 };
	wn_rules *r = NULL;
	size_t np = (size_t)PyList_GET_SIZE(paths), ns = (size_t)PyList_GET_SIZE(sets);
	const char **cpaths = calloc(np + ns + 1, sizeof *cpaths);
	if (!cpaths) {
		PyErr_NoMemory();
		goto out;
	}
	for (size_t i = 0; i < np; i++)
		cpaths[i] = PyBytes_AS_STRING(PyList_GET_ITEM(paths, (Py_ssize_t)i));
	for (size_t i = 0; i < ns; i++)
		cpaths[np + i] = PyBytes_AS_STRING(PyList_GET_ITEM(sets, (Py_ssize_t)i));
	int failed = 0;
	Py_BEGIN_ALLOW_THREADS
	r = wn_rules_new(collect_diag, &diags);
	if (r) {
		if (defaults)
			wn_rules_add_builtin(r);
		for (size_t i = 0; i < np; i++)
			wn_rules_add_path(r, cpaths[i]);
		for (size_t i = 0; i < ns; i++)
			wn_rules_set(r, cpaths[np + i]);
		wn_rules_compile(r); /* even after errors: it reports the rest */
	}
	failed = !r || diags.errors || diags.oom;
	Py_END_ALLOW_THREADS
	free(cpaths);
	if (!r) {
		PyErr_NoMemory();
	} else if (failed) {
		if (diags.oom)
			PyErr_NoMemory();
		else
			raise_rule_error(&diags, "the rules do not compile");
		wn_rules_free(r);
	} else {
		self->rules = r;
		rc = 0;
		for (size_t i = 0; i < diags.n && rc == 0; i++)
			if (diags.d[i].level == WN_DIAG_WARNING && diags.d[i].formatted &&
			    PyErr_WarnEx(PyExc_UserWarning, diags.d[i].formatted, 1) < 0)
				rc = -1;
	}
	diag_list_free(&diags);
	if (rc)
		goto out;

	/* categories to keep, checked now so that workers need not */
	if (keep && keep != Py_None) {
		rc = -1;
		PyObject *items = PyUnicode_Check(keep) ? PyTuple_Pack(1, keep) : PySequence_Tuple(keep);
		if (!items)
			goto out;
		Py_ssize_t n = PyTuple_GET_SIZE(items);
		self->keeps = calloc((size_t)n + 1, sizeof *self->keeps);
		for (Py_ssize_t i = 0; self->keeps && i < n; i++) {
			PyObject *it = PyTuple_GET_ITEM(items, i);
			const char *name = PyUnicode_Check(it) ? PyUnicode_AsUTF8(it) : NULL;
			if (!name) {
				if (!PyErr_Occurred())
					PyErr_SetString(PyExc_TypeError, "keep: category names");
				break;
			}
			if (wn_rules_category_find(self->rules, name) < 0) {
				PyErr_Format(PyExc_ValueError, "keep: no rule has category '%s'", name);
				break;
			}
			if (!(self->keeps[self->nkeeps] = strdup(name))) {
				PyErr_NoMemory();
				break;
			}
			self->nkeeps++;
		}
		if (!self->keeps)
			PyErr_NoMemory();
		else if (!PyErr_Occurred())
			rc = 0;
		Py_DECREF(items);
	}
out:
	Py_XDECREF(paths);
	Py_XDECREF(sets);
	if (rc)
		filter_clear(self);
	return rc;
}

static int ready(FilterObject *self)
{
	if (self->rules)
		return 0;
	PyErr_SetString(PyExc_RuntimeError, "Filter.__init__ was not called");
	return -1;
}

/* The bytes of a str (its UTF-8) or of a bytes-like object. */
typedef struct input {
	Py_buffer view;
	int have_view;
	const char *data;
	size_t len;
	int is_str;
} input;

static int input_get(PyObject *text, input *in)
{
	memset(in, 0, sizeof *in);
	if (PyUnicode_Check(text)) {
		Py_ssize_t n;
		in->data = PyUnicode_AsUTF8AndSize(text, &n);
		if (!in->data)
			return -1;
		in->len = (size_t)n;
		in->is_str = 1;
		return 0;
	}
	if (PyObject_GetBuffer(text, &in->view, PyBUF_SIMPLE) < 0) {
		PyErr_Format(PyExc_TypeError, "text: str or bytes, not %.100s", Py_TYPE(text)->tp_name);
		return -1;
	}
	in->have_view = 1;
	in->data = in->view.buf;
	in->len = (size_t)in->view.len;
	return 0;
}

static void input_release(input *in)
{
	if (in->have_view)
		PyBuffer_Release(&in->view);
}

enum { RUN_CLEAN, RUN_EXPLAIN, RUN_SPAM };

/* One document through a worker, without the GIL. Returns the worker (the
 * caller reads its buffers and statistics, then releases it) or NULL with
 * a Python error set. */
static worker *run(FilterObject *self, const input *in, int mode)
{
	worker *w = NULL;
	int rc = WN_OK;
	Py_BEGIN_ALLOW_THREADS
	w = acquire(self);
	if (w) {
		wn_filter_set_output(w->f, mode == RUN_CLEAN ? collect_output : discard_output, w);
		wn_filter_set_explain(w->f, mode == RUN_EXPLAIN ? collect_line : NULL, w);
		rc = wn_filter_feed(w->f, in->data, in->len);
		if (rc == WN_OK)
			rc = wn_filter_finish(w->f);
		else
			wn_filter_reset(w->f);
	}
	Py_END_ALLOW_THREADS
	if (!w) {
		PyErr_NoMemory();
		return NULL;
	}
	if (rc != WN_OK || w->oom) {
		if (w->oom || rc == WN_ERR_NOMEM || rc == WN_ERR_OUTPUT)
			PyErr_NoMemory();
		else
			PyErr_Format(PyExc_RuntimeError, "winnow: %s", wn_strerror(rc));
		wn_filter_reset(w->f);
		release(self, w);
		return NULL;
	}
	return w;
}

static PyObject *Filter_clean(FilterObject *self, PyObject *text)
{
	input in;
	if (ready(self) || input_get(text, &in))
		return NULL;
	worker *w = run(self, &in, RUN_CLEAN);
	PyObject *res = NULL;
	if (w) {
		res = in.is_str ? PyUnicode_DecodeUTF8(w->out, (Py_ssize_t)w->len, "strict")
		                : PyBytes_FromStringAndSize(w->out, (Py_ssize_t)w->len);
		release(self, w);
	}
	input_release(&in);
	return res;
}

static const char *verdict_name(int v)
{
	return v == WN_DROP ? "drop" : v == WN_PARTIAL ? "partial" : "keep";
}

static PyObject *rule_field(FilterObject *self, int rule, int want_category)
{
	wn_rule_info info;
	if (rule < 0 || wn_rules_get(self->rules, (size_t)rule, &info) != WN_OK)
		Py_RETURN_NONE;
	return PyUnicode_FromString(want_category ? info.category : info.id);
}

/* One tuple per input line: (line, start, end, verdict, category, rule,
 * score, reason, spans), spans a tuple of (start, end, category, rule);
 * offsets are into the input's bytes (a str's UTF-8). */
static PyObject *Filter_explain(FilterObject *self, PyObject *text)
{
	input in;
	if (ready(self) || input_get(text, &in))
		return NULL;
	worker *w = run(self, &in, RUN_EXPLAIN);
	if (!w) {
		input_release(&in);
		return NULL;
	}
	PyObject *list = PyList_New(0);
	/* line starts, walked once alongside the (ordered) verdicts */
	size_t pos = 0, line_no = 1;
	for (size_t i = 0; list && i < w->nlines; i++) {
		const line_rec *r = &w->lines[i];
		while (line_no < r->line_no && pos < in.len) {
			const char *nl = memchr(in.data + pos, '\n', in.len - pos);
			pos = nl ? (size_t)(nl - in.data) + 1 : in.len;
			line_no++;
		}
		PyObject *spans = PyTuple_New((Py_ssize_t)r->nspans);
		for (size_t k = 0; spans && k < r->nspans; k++) {
			const wn_span *s = &w->spans[r->span0 + k];
			PyObject *t = Py_BuildValue("(nnNN)", (Py_ssize_t)(pos + s->start),
			                            (Py_ssize_t)(pos + s->end), rule_field(self, s->rule, 1),
			                            rule_field(self, s->rule, 0));
			if (!t) {
				Py_CLEAR(spans);
				break;
			}
			PyTuple_SET_ITEM(spans, (Py_ssize_t)k, t);
		}
		PyObject *score = r->score >= 0 ? PyFloat_FromDouble(r->score) : Py_NewRef(Py_None);
		PyObject *t = spans && score
		              ? Py_BuildValue("(nnnsNNNsN)", (Py_ssize_t)r->line_no, (Py_ssize_t)pos,
		                              (Py_ssize_t)(pos + r->len), verdict_name(r->verdict),
		                              rule_field(self, r->rule, 1), rule_field(self, r->rule, 0),
		                              score, r->reason ? r->reason : "", spans)
		              : NULL;
		if (!t) {
			if (!spans)
				Py_XDECREF(score);
			else if (!score)
				Py_DECREF(spans);
			Py_CLEAR(list);
			break;
		}
		if (PyList_Append(list, t) < 0)
			Py_CLEAR(list);
		Py_DECREF(t);
	}
	release(self, w);
	input_release(&in);
	return list;
}

/* (score, reasons, dropped, lang) of the document */
static PyObject *Filter_spam(FilterObject *self, PyObject *text)
{
	input in;
	if (ready(self) || input_get(text, &in))
		return NULL;
	worker *w = run(self, &in, RUN_SPAM);
	PyObject *res = NULL;
	if (w) {
		const wn_doc_stats *st = wn_filter_stats(w->f);
		PyObject *reasons = PyTuple_New((Py_ssize_t)st->nspam_reasons);
		for (size_t i = 0; reasons && i < st->nspam_reasons; i++) {
			PyObject *s = PyUnicode_FromString(st->spam_reasons[i]);
			if (!s) {
				Py_CLEAR(reasons);
				break;
			}
			PyTuple_SET_ITEM(reasons, (Py_ssize_t)i, s);
		}
		if (reasons)
			res = Py_BuildValue("(dNOs)", st->spam_score, reasons,
			                    st->dropped ? Py_True : Py_False, st->lang ? st->lang : "und");
		release(self, w);
	}
	input_release(&in);
	return res;
}

/* (text, stats) where stats is the per-document report as a dict, the
 * same numbers as --report: for callers that count (winnow.dask). */
static PyObject *Filter_clean_with_stats(FilterObject *self, PyObject *text)
{
	input in;
	if (ready(self) || input_get(text, &in))
		return NULL;
	worker *w = run(self, &in, RUN_CLEAN);
	if (!w) {
		input_release(&in);
		return NULL;
	}
	const wn_doc_stats *st = wn_filter_stats(w->f);
	PyObject *removed = PyDict_New();
	size_t ncat = wn_rules_category_count(self->rules);
	for (size_t c = 0; removed && c < ncat; c++) {
		if (!st->cat_lines[c] && !st->cat_bytes[c])
			continue;
		PyObject *v = Py_BuildValue("{snsn}", "lines", (Py_ssize_t)st->cat_lines[c],
		                            "bytes", (Py_ssize_t)st->cat_bytes[c]);
		if (!v || PyDict_SetItemString(removed, wn_rules_category_name(self->rules, c), v) < 0)
			Py_CLEAR(removed);
		Py_XDECREF(v);
	}
	PyObject *out = in.is_str ? PyUnicode_DecodeUTF8(w->out, (Py_ssize_t)w->len, "strict")
	                          : PyBytes_FromStringAndSize(w->out, (Py_ssize_t)w->len);
	PyObject *res = NULL;
	if (removed && out)
		res = Py_BuildValue("(O{snsnsnsnsnsnsNsdsOss})", out,
		                    "bytes_in", (Py_ssize_t)st->bytes_in, "bytes_out", (Py_ssize_t)st->bytes_out,
		                    "lines_in", (Py_ssize_t)st->lines_in, "lines_out", (Py_ssize_t)st->lines_out,
		                    "lines_dropped", (Py_ssize_t)st->lines_dropped,
		                    "lines_partial", (Py_ssize_t)st->lines_partial,
		                    "removed", removed, "spam", st->spam_score,
		                    "dropped", st->dropped ? Py_True : Py_False,
		                    "lang", st->lang ? st->lang : "und");
	else
		Py_XDECREF(removed);
	Py_XDECREF(out);
	release(self, w);
	input_release(&in);
	return res;
}

/* ------------------------------------------------------------------ */
/* Files in their corpus format                                        */

typedef struct file_run {
	FILE *out;
	struct sha256_ctx sha_out;
	size_t bytes_out;
	int write_failed;
	wn_summary sum;
	size_t first_line;
	const char *first_problem;  /* the stream's string, valid until it is freed */
	char problem[200];
} file_run;

static int write_hashed(void *ud, const char *p, size_t n)
{
	file_run *fr = ud;
	if (n == 0)
		return 0;
	sha256_update(&fr->sha_out, n, (const uint8_t *)p);
	fr->bytes_out += n;
	if (fwrite(p, 1, n, fr->out) != n) {
		fr->write_failed = errno ? errno : EIO;
		return 1;
	}
	return 0;
}

static void count_record(void *ud, const wn_record *rec, const wn_filter *f)
{
	file_run *fr = ud;
	if (rec->problem) {
		fr->sum.malformed++;
		if (!fr->problem[0]) {
			fr->first_line = rec->line;
			snprintf(fr->problem, sizeof fr->problem, "%s", rec->problem);
		}
		return;
	}
	wn_summary_add(&fr->sum, wn_filter_stats(f));
}

static PyObject *hex_digest(struct sha256_ctx *ctx)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	sha256_digest(ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return PyUnicode_FromString(hex);
}

/* The summary as a dict: its numbers, and per category lines, bytes, docs. */
static PyObject *summary_dict(FilterObject *self, const wn_summary *s)
{
	PyObject *cats = PyDict_New();
	for (size_t c = 0; cats && c < s->ncat; c++) {
		if (!s->cat_lines[c] && !s->cat_bytes[c] && !s->cat_docs[c])
			continue;
		PyObject *v = Py_BuildValue("{snsnsn}", "lines", (Py_ssize_t)s->cat_lines[c],
		                            "bytes", (Py_ssize_t)s->cat_bytes[c],
		                            "docs", (Py_ssize_t)s->cat_docs[c]);
		if (!v || PyDict_SetItemString(cats, wn_rules_category_name(self->rules, c), v) < 0)
			Py_CLEAR(cats);
		Py_XDECREF(v);
	}
	if (!cats)
		return NULL;
	return Py_BuildValue("{snsnsnsnsnsnsnsnsnsnsnsnsN}",
		"docs", (Py_ssize_t)s->docs, "docs_touched", (Py_ssize_t)s->docs_touched,
		"bytes_in", (Py_ssize_t)s->bytes_in, "bytes_out", (Py_ssize_t)s->bytes_out,
		"lines_in", (Py_ssize_t)s->lines_in, "lines_out", (Py_ssize_t)s->lines_out,
		"invalid_utf8", (Py_ssize_t)s->invalid_utf8, "nul_bytes", (Py_ssize_t)s->nul_bytes,
		"oversize_lines", (Py_ssize_t)s->oversize_lines,
		"spam_dropped", (Py_ssize_t)s->spam_dropped, "malformed", (Py_ssize_t)s->malformed,
		"oversize_records", (Py_ssize_t)s->oversize_records, "categories", cats);
}

static int parse_format(PyObject *v, int *format)
{
	if (!v || v == Py_None)
		return 0;
	const char *name = PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : NULL;
	if (name && strcmp(name, "text") == 0)
		*format = WN_FORMAT_TEXT;
	else if (name && strcmp(name, "jsonl") == 0)
		*format = WN_FORMAT_JSONL;
	else if (name && strcmp(name, "warc") == 0)
		*format = WN_FORMAT_WARC;
	else {
		PyErr_SetString(PyExc_ValueError, "format: 'text', 'jsonl', 'warc' or None (by name)");
		return -1;
	}
	return 0;
}

static int parse_on_error(PyObject *v, wn_on_error *out)
{
	if (!v || v == Py_None)
		return 0;
	const char *name = PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : NULL;
	if (name && strcmp(name, "keep") == 0)
		*out = WN_ON_ERROR_KEEP;
	else if (name && strcmp(name, "skip") == 0)
		*out = WN_ON_ERROR_SKIP;
	else if (name && strcmp(name, "fail") == 0)
		*out = WN_ON_ERROR_FAIL;
	else {
		PyErr_SetString(PyExc_ValueError, "on_error: 'keep', 'skip' or 'fail'");
		return -1;
	}
	return 0;
}

/* clean_file(src, dst, *, format=None, field=None, annotate=False,
 * on_error="keep", doc_separator=None, gzip_level=0): src in its format to
 * dst, as `winnow src > dst` writes it. */
static PyObject *Filter_clean_file(FilterObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "src", "dst", "format", "field", "annotate", "on_error",
	                          "doc_separator", "gzip_level", NULL };
	PyObject *src_o = NULL, *dst_o = NULL, *format_o = NULL, *on_error_o = NULL;
	const char *field = NULL;
	Py_buffer sep = { 0 };
	int annotate = 0, gzip_level = 0;
	if (ready(self) ||
	    !PyArg_ParseTupleAndKeywords(args, kw, "O&O&|$OzpOz*i", kwlist, PyUnicode_FSConverter,
	                                 &src_o, PyUnicode_FSConverter, &dst_o, &format_o, &field,
	                                 &annotate, &on_error_o, &sep, &gzip_level)) {
		Py_XDECREF(src_o);
		Py_XDECREF(dst_o);
		return NULL;
	}
	PyObject *res = NULL;
	wn_stream_options so;
	memset(&so, 0, sizeof so);
	int format = -1, gz = 0;
	if (parse_format(format_o, &format) || parse_on_error(on_error_o, &so.on_error))
		goto out;
	if (gzip_level < 0 || gzip_level > 9) {
		PyErr_SetString(PyExc_ValueError, "gzip_level: 0 (zlib's default) to 9");
		goto out;
	}
	const char *src = PyBytes_AS_STRING(src_o), *dst = PyBytes_AS_STRING(dst_o);
	const char *base = strrchr(src, '/');
	int by_name = wn_format_from_name(base ? base + 1 : src, &gz);
	so.format = format >= 0 ? (wn_format)format : by_name >= 0 ? (wn_format)by_name : WN_FORMAT_TEXT;
	so.gzip = gz ? 1 : -1; /* a .gz name must hold gzip; anything else is sniffed */
	so.gzip_level = gzip_level;
	so.field = field;
	so.annotate = annotate;
	if (sep.buf && sep.len) {
		so.separator = sep.buf;
		so.separator_len = (size_t)sep.len;
	}

	file_run fr;
	memset(&fr, 0, sizeof fr);
	if (wn_summary_init(&fr.sum, self->rules) != WN_OK) {
		PyErr_NoMemory();
		goto out;
	}
	struct sha256_ctx sha_in;
	sha256_init(&sha_in);
	sha256_init(&fr.sha_out);
	size_t bytes_in = 0;
	int open_errno = 0, read_errno = 0, rc = WN_OK, nomem = 0;
	char stream_error[300] = "";
	wn_stream_stats st;
	memset(&st, 0, sizeof st);
	worker *w = NULL;
	int fd = -1;
	Py_BEGIN_ALLOW_THREADS
	fd = open(src, O_RDONLY | O_CLOEXEC);
	fr.out = fd < 0 ? NULL : fopen(dst, "wb");
	if (fd < 0 || !fr.out)
		open_errno = errno;
	w = fr.out ? acquire(self) : NULL;
	wn_stream *s = w ? wn_stream_new(w->f, &so, write_hashed, &fr, count_record, &fr) : NULL;
	if (fr.out && !s)
		nomem = 1;
	static _Thread_local char buf[1 << 17];
	while (s && rc == WN_OK) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			read_errno = errno;
			break;
		}
		if (n == 0) {
			rc = wn_stream_finish(s);
			break;
		}
		sha256_update(&sha_in, (size_t)n, (const uint8_t *)buf);
		bytes_in += (size_t)n;
		rc = wn_stream_feed(s, buf, (size_t)n);
	}
	if (s) {
		if (rc != WN_OK && rc != WN_ERR_OUTPUT)
			snprintf(stream_error, sizeof stream_error, "%s",
			         wn_stream_error(s)[0] ? wn_stream_error(s) : wn_strerror(rc));
		st = *wn_stream_get_stats(s);
		fr.sum.oversize_records += st.oversize;
		wn_stream_free(s);
		wn_filter_reset(w->f);
	}
	if (fr.out && fclose(fr.out) != 0 && !fr.write_failed)
		fr.write_failed = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	Py_END_ALLOW_THREADS
	if (w)
		release(self, w);
	if (open_errno) {
		errno = open_errno;
		PyErr_SetFromErrnoWithFilename(PyExc_OSError, fd < 0 ? src : dst);
	} else if (nomem) {
		PyErr_NoMemory();
	} else if (read_errno) {
		errno = read_errno;
		PyErr_SetFromErrnoWithFilename(PyExc_OSError, src);
	} else if (fr.write_failed) {
		errno = fr.write_failed;
		PyErr_SetFromErrnoWithFilename(PyExc_OSError, dst);
	} else if (stream_error[0]) {
		PyErr_Format(FormatError, "%s: %s", src, stream_error);
	} else {
		PyObject *first = fr.problem[0] ? Py_BuildValue("(ns)", (Py_ssize_t)fr.first_line, fr.problem)
		                                : Py_NewRef(Py_None);
		PyObject *sum = first ? summary_dict(self, &fr.sum) : NULL;
		if (sum)
			res = Py_BuildValue("{snsnsNsNsnsnsnsnsnsnsnsNsN}",
				"bytes_in", (Py_ssize_t)bytes_in, "bytes_out", (Py_ssize_t)fr.bytes_out,
				"sha256_in", hex_digest(&sha_in), "sha256_out", hex_digest(&fr.sha_out),
				"records", (Py_ssize_t)st.records, "cleaned", (Py_ssize_t)st.cleaned,
				"changed", (Py_ssize_t)st.changed, "dropped", (Py_ssize_t)st.dropped,
				"malformed", (Py_ssize_t)st.malformed, "no_field", (Py_ssize_t)st.no_field,
				"oversize", (Py_ssize_t)st.oversize, "first_problem", first, "summary", sum);
		else
			Py_XDECREF(first);
	}
	wn_summary_free(&fr.sum);
out:
	if (sep.buf)
		PyBuffer_Release(&sep);
	Py_XDECREF(src_o);
	Py_XDECREF(dst_o);
	return res;
}

/* The table `winnow --stats` prints, for a summary dict (several merged by
 * adding their numbers). */
static PyObject *Filter_format_summary(FilterObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "summary", "seconds", NULL };
	PyObject *d;
	double seconds = 0;
	if (ready(self) || !PyArg_ParseTupleAndKeywords(args, kw, "O!|d", kwlist, &PyDict_Type, &d,
	                                                &seconds))
		return NULL;
	wn_summary s;
	if (wn_summary_init(&s, self->rules) != WN_OK)
		return PyErr_NoMemory();
	static const struct { const char *name; size_t off; } fields[] = {
		{ "docs", offsetof(wn_summary, docs) }, { "docs_touched", offsetof(wn_summary, docs_touched) },
		{ "bytes_in", offsetof(wn_summary, bytes_in) }, { "bytes_out", offsetof(wn_summary, bytes_out) },
		{ "lines_in", offsetof(wn_summary, lines_in) }, { "lines_out", offsetof(wn_summary, lines_out) },
		{ "invalid_utf8", offsetof(wn_summary, invalid_utf8) },
		{ "nul_bytes", offsetof(wn_summary, nul_bytes) },
		{ "oversize_lines", offsetof(wn_summary, oversize_lines) },
		{ "spam_dropped", offsetof(wn_summary, spam_dropped) },
		{ "malformed", offsetof(wn_summary, malformed) },
		{ "oversize_records", offsetof(wn_summary, oversize_records) },
	};
	PyObject *res = NULL;
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		PyObject *v = PyDict_GetItemString(d, fields[i].name);
		size_t n = v ? PyLong_AsSize_t(v) : 0;
		if (PyErr_Occurred())
			goto out;
		*(size_t *)((char *)&s + fields[i].off) = n;
	}
	PyObject *cats = PyDict_GetItemString(d, "categories");
	if (cats && PyDict_Check(cats)) {
		PyObject *k, *v;
		Py_ssize_t pos = 0;
		while (PyDict_Next(cats, &pos, &k, &v)) {
			const char *name = PyUnicode_Check(k) ? PyUnicode_AsUTF8(k) : NULL;
			int c = name ? wn_rules_category_find(self->rules, name) : -1;
			if (c < 0 || !PyDict_Check(v)) {
				PyErr_Format(PyExc_ValueError, "summary: unknown category %R", k);
				goto out;
			}
			PyObject *l = PyDict_GetItemString(v, "lines"), *b = PyDict_GetItemString(v, "bytes"),
			         *dd = PyDict_GetItemString(v, "docs");
			s.cat_lines[c] = l ? PyLong_AsSize_t(l) : 0;
			s.cat_bytes[c] = b ? PyLong_AsSize_t(b) : 0;
			s.cat_docs[c] = dd ? PyLong_AsSize_t(dd) : 0;
			if (PyErr_Occurred())
				goto out;
		}
	}
	worker tmp;
	memset(&tmp, 0, sizeof tmp);
	if (wn_summary_print(&s, self->rules, seconds, collect_output, &tmp) != WN_OK || tmp.oom)
		PyErr_NoMemory();
	else
		res = PyUnicode_DecodeUTF8(tmp.out ? tmp.out : "", (Py_ssize_t)tmp.len, "replace");
	free(tmp.out);
out:
	wn_summary_free(&s);
	return res;
}

static PyObject *format_from_name(PyObject *mod, PyObject *name)
{
	(void)mod;
	PyObject *bytes = NULL;
	if (!PyUnicode_FSConverter(name, &bytes))
		return NULL;
	int gz = 0;
	const char *p = PyBytes_AS_STRING(bytes), *base = strrchr(p, '/');
	int f = wn_format_from_name(base ? base + 1 : p, &gz);
	Py_DECREF(bytes);
	if (f < 0)
		Py_RETURN_NONE;
	static const char *const names[] = { "text", "jsonl", "warc" };
	return Py_BuildValue("(sO)", names[f], gz ? Py_True : Py_False);
}

static PyObject *Filter_get_categories(FilterObject *self, void *closure)
{
	(void)closure;
	if (ready(self))
		return NULL;
	size_t n = wn_rules_category_count(self->rules);
	PyObject *t = PyTuple_New((Py_ssize_t)n);
	for (size_t i = 0; t && i < n; i++) {
		PyObject *s = PyUnicode_FromString(wn_rules_category_name(self->rules, i));
		if (!s) {
			Py_CLEAR(t);
			break;
		}
		PyTuple_SET_ITEM(t, (Py_ssize_t)i, s);
	}
	return t;
}

static PyObject *Filter_get_rules_hash(FilterObject *self, void *closure)
{
	(void)closure;
	if (ready(self))
		return NULL;
	char hex[17];
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)wn_rules_hash(self->rules));
	return PyUnicode_FromString(hex);
}

static PyMethodDef Filter_methods[] = {
	{ "clean", (PyCFunction)Filter_clean, METH_O,
	  "clean(text) -> the text without its boilerplate (str for str, bytes for bytes)" },
	{ "explain", (PyCFunction)Filter_explain, METH_O,
	  "explain(text) -> one tuple per line: (line, start, end, verdict, category, rule, "
	  "score, reason, spans)" },
	{ "spam", (PyCFunction)Filter_spam, METH_O,
	  "spam(text) -> (score, reasons, dropped, lang)" },
	{ "clean_with_stats", (PyCFunction)Filter_clean_with_stats, METH_O,
	  "clean_with_stats(text) -> (cleaned, stats): stats as in winnow --report" },
	{ "clean_file", (PyCFunction)(void (*)(void))Filter_clean_file, METH_VARARGS | METH_KEYWORDS,
	  "clean_file(src, dst, *, format=None, field=None, annotate=False, on_error='keep', "
	  "doc_separator=None, gzip_level=0) -> dict" },
	{ "format_summary", (PyCFunction)(void (*)(void))Filter_format_summary,
	  METH_VARARGS | METH_KEYWORDS, "format_summary(summary, seconds=0) -> the --stats table" },
	{ NULL, NULL, 0, NULL }
};

static PyGetSetDef Filter_getset[] = {
	{ "categories", (getter)Filter_get_categories, NULL,
	  "the categories the rules remove, in first-use order", NULL },
	{ "rules_hash", (getter)Filter_get_rules_hash, NULL,
	  "a fingerprint of the compiled rules (as in the report's rules_hash)", NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

static PyTypeObject FilterType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "winnow._winnow.Filter",
	.tp_basicsize = sizeof(FilterObject),
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "Filter(rules=None, params=None, defaults=True, *, keep=None, "
	          "spam_threshold=None, max_doc_bytes=None, max_line_bytes=None)",
	.tp_new = Filter_new,
	.tp_init = (initproc)Filter_init,
	.tp_dealloc = (destructor)Filter_dealloc,
	.tp_methods = Filter_methods,
	.tp_getset = Filter_getset,
};

static PyMethodDef module_methods[] = {
	{ "format_from_name", format_from_name, METH_O,
	  "format_from_name(path) -> (format, gzip) as winnow reads the name, or None" },
	{ NULL, NULL, 0, NULL }
};

static struct PyModuleDef winnow_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "winnow._winnow",
	.m_doc = "The compiled half of winnow: see the package winnow.",
	.m_size = -1,
	.m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__winnow(void)
{
	if (PyType_Ready(&FilterType) < 0)
		return NULL;
	PyObject *m = PyModule_Create(&winnow_module);
	if (!m)
		return NULL;
	RuleError = PyErr_NewExceptionWithDoc("winnow.RuleError",
		"The rules did not load: a rule file is missing or invalid, or a parameter is "
		"unknown or out of range.\n\nfile, line, column and message describe the first "
		"error (line and column are None where there is none); diagnostics lists every "
		"one as (level, file, line, column, message); str() is every error as the CLI "
		"prints it, with the line and a caret.",
		PyExc_ValueError, NULL);
	FormatError = PyErr_NewExceptionWithDoc("winnow.FormatError",
		"An input file is not valid in its format: corrupt gzip, a truncated WARC record, "
		"or a malformed JSONL record under on_error='fail'.", PyExc_ValueError, NULL);
	if (!RuleError || !FormatError || PyModule_AddObjectRef(m, "RuleError", RuleError) < 0 ||
	    PyModule_AddObjectRef(m, "FormatError", FormatError) < 0 ||
	    PyModule_AddObjectRef(m, "Filter", (PyObject *)&FilterType) < 0 ||
	    PyModule_AddStringConstant(m, "version", wn_version()) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
