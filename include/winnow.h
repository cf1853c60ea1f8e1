/*
 * winnow.h: public API of libwinnow.
 *
 * winnow strips boilerplate and spam (fake author boxes, captions, social
 * profiles, menus, calls to action, ...) from scraped web text and keeps the
 * article prose. The library has two objects:
 *
 *   wn_rules   a compiled rule set: rule files parsed, patterns compiled with
 *              the PCRE2 JIT. Built once, immutable after wn_rules_compile(),
 *              and safe to share between threads (each thread owns its own
 *              wn_filter).
 *
 *   wn_filter  a streaming filter over one rule set. Feed it the bytes of a
 *              document in pieces of any size, call wn_filter_finish() at the
 *              end of the document, and the kept bytes arrive at the output
 *              callback as slices of the input: never re-encoded, CRLF stays
 *              CRLF, invalid UTF-8 and NUL bytes pass through untouched.
 *
 * A document is the unit of decision (a file, a JSONL record, a WARC record):
 * the filter buffers one document, decides, then emits it. Memory is bounded
 * by wn_filter_options.max_doc_bytes: a larger document is decided in windows
 * that end at line boundaries instead of failing.
 *
 * Errors come in two domains. Documents never fail: bad bytes are counted in
 * the statistics and passed through. Rule files fail loudly: every error is
 * reported through a wn_diag_fn with file, line and column, and the loader
 * returns WN_ERR_RULES.
 *
 * Ownership: every pointer returned by a wn_*_get/stats call points into the
 * object it came from and stays valid until that object is changed or freed.
 * Nothing returned needs freeing unless the function says so.
 */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the shared library exports: this header's functions and nothing
 * else (libwinnow is built with hidden visibility). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define WN_API __attribute__((visibility("default")))
#else
#define WN_API
#endif

#define WN_VERSION "0.1.0"

/* Return codes. WN_OK is 0; everything else is negative. */
enum {
	WN_OK = 0,
	WN_ERR_RULES = -1,   /* a rule file (or rule text) is invalid */
	WN_ERR_IO = -2,      /* a file could not be read, or output failed */
	WN_ERR_NOMEM = -3,   /* an allocation failed */
	WN_ERR_USAGE = -4,   /* bad argument (unknown name, value out of range) */
	WN_ERR_OUTPUT = -5,  /* the output callback asked to stop */
	WN_ERR_FORMAT = -6   /* the input is not valid in its format (corrupt
	                      * gzip, truncated WARC record, bad JSON under
	                      * WN_ON_ERROR_FAIL): see wn_stream_error() */
};

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */
/* ------------------------------------------------------------------ */

typedef enum { WN_DIAG_ERROR, WN_DIAG_WARNING, WN_DIAG_NOTE } wn_diag_level;

/* One diagnostic. line and col are 1-based (col counts code points);
 * 0 means "not known". source_line is the offending line of the rule file
 * (without its line end) or NULL; span is how many code points the caret
 * underline should cover (at least 1). */
typedef struct wn_diag {
	wn_diag_level level;
	const char *file;
	unsigned line;
	unsigned col;
	unsigned span;
	const char *message;
	const char *source_line;
} wn_diag;

typedef void (*wn_diag_fn)(void *userdata, const wn_diag *diag);

/* Print a diagnostic the way the winnow CLI does:
 *   file:line:col: error: message
 *       source line
 *       ^~~~
 * into buf (always NUL-terminated, truncated to bufsize). A source line of
 * over 160 code points is shown as the part around the error (60 code
 * points either side, a span of at most 40), cut ends marked "...".
 * Returns the length the full text needs, like snprintf. */
WN_API size_t wn_diag_format(const wn_diag *diag, char *buf, size_t bufsize);

/* ------------------------------------------------------------------ */
/* Rule sets                                                           */
/* ------------------------------------------------------------------ */

typedef struct wn_rules wn_rules;

/* Create an empty rule set. Diagnostics go to fn (may be NULL: dropped).
 * Returns NULL when out of memory. */
WN_API wn_rules *wn_rules_new(wn_diag_fn fn, void *userdata);
WN_API void wn_rules_free(wn_rules *rules);

/* Add the rule set compiled into the library (loaded as "<builtin>/NAME"). */
WN_API int wn_rules_add_builtin(wn_rules *rules);

/* Add a rule file, or a directory: its *.rules files in name order, then
 * its subdirectories (hidden ones aside) the same way, as the default rules
 * are laid out (rules/ and rules/lang/), at most 8 levels deep; a link
 * back to a directory being loaded is an error (WN_ERR_RULES). Later
 * definitions of a rule id or parameter replace earlier ones. */
WN_API int wn_rules_add_path(wn_rules *rules, const char *path);

/* Add rule text from memory; name is used in diagnostics. */
WN_API int wn_rules_add_buffer(wn_rules *rules, const char *name,
                        const char *text, size_t len);

/* Override a parameter: "name=value" as on the command line. */
WN_API int wn_rules_set(wn_rules *rules, const char *assignment);

/* Leave out every `fit` statement: the line model is compiled from its
 * inputs alone and scores nothing (what `winnow tune --fit` starts from,
 * so that a model whose inputs changed can be refitted). Before compile. */
WN_API void wn_rules_ignore_fit(wn_rules *rules);

/* Compile patterns (PCRE2 JIT), resolve parameters and check the whole
 * set. Must be called once, after the last add and before any filter is
 * created. Returns WN_OK or WN_ERR_RULES (diagnostics already reported). */
WN_API int wn_rules_compile(wn_rules *rules);

/* A 64-bit fingerprint of the compiled rule set (texts and parameter
 * values), for reports: two runs with equal hashes used the same rules. */
WN_API uint64_t wn_rules_hash(const wn_rules *rules);

typedef enum {
	WN_SCOPE_LINE,      /* the whole line */
	WN_SCOPE_BLOCK,     /* a start line and the lines that continue it */
	WN_SCOPE_SUFFIX,    /* a span glued to the end of a line */
	WN_SCOPE_SENTENCE,  /* sentences inside a line */
	WN_SCOPE_PARAGRAPH  /* a paragraph: in hard-wrapped text the lines up to a
	                     * blank line, otherwise the line */
} wn_scope;

typedef struct wn_rule_info {
	const char *id;
	const char *category;
	const char *description;
	wn_scope scope;
	const char *file;
	unsigned line;
	int uses_model;     /* its conditions read the line model (`boilerplate`) */
} wn_rule_info;

typedef struct wn_param_info {
	const char *name;
	const char *description;
	double value, min, max;
	int is_integer;
	const char *file;
	unsigned line;
} wn_param_info;

/* Rules and parameters in evaluation order, after wn_rules_compile(). */
WN_API size_t wn_rules_count(const wn_rules *rules);
WN_API int wn_rules_get(const wn_rules *rules, size_t i, wn_rule_info *out);
WN_API size_t wn_rules_param_count(const wn_rules *rules);
WN_API int wn_rules_param_get(const wn_rules *rules, size_t i, wn_param_info *out);

/* Categories named by the rules, in first-use order. Category ids index
 * the per-category arrays of wn_doc_stats. */
WN_API size_t wn_rules_category_count(const wn_rules *rules);
WN_API const char *wn_rules_category_name(const wn_rules *rules, size_t cat);
/* Returns the category id, or -1 if no rule uses that name. */
WN_API int wn_rules_category_find(const wn_rules *rules, const char *name);

WN_API const char *wn_scope_name(wn_scope scope);

/* The line model of the rule set (the `model` and `fit` statements; the
 * default is rules/model.rules with the fit in rules/model-fit.rules): a
 * logistic regression over columns, each the value of an input on the line
 * itself or its mean over a window of neighbouring lines. name is NULL and
 * ncolumns 0 when the rules define no model; fitted is 0 when no fit
 * matches its inputs (the model then scores nothing). */
typedef struct wn_model_info {
	const char *name;
	const char *description;
	size_t ninputs, nwindows;
	size_t ncolumns;          /* ninputs * (1 + nwindows), input-major */
	int fitted;
	double bias;
} wn_model_info;
WN_API int wn_rules_model(const wn_rules *rules, wn_model_info *out);
/* Input j's name; window w's name ("-1": the line before, "+2": the two
 * after, "3": three either side). NULL when out of range. */
WN_API const char *wn_rules_model_input(const wn_rules *rules, size_t j);
WN_API int wn_rules_model_window(const wn_rules *rules, size_t w, char *buf, size_t size);
/* Column c's name ("stopwords", "stopwords@3") into buf (NUL-terminated);
 * returns WN_OK or WN_ERR_USAGE when c is out of range. */
WN_API int wn_rules_model_column(const wn_rules *rules, size_t c, char *buf, size_t size);
/* Column c's weight and training mean in the fit (both 0 when unfitted). */
WN_API int wn_rules_model_weight(const wn_rules *rules, size_t c, double *weight, double *center);

/* The features rule conditions can use (name and a one-line meaning). */
WN_API size_t wn_feature_count(void);
WN_API const char *wn_feature_name(size_t i);
WN_API const char *wn_feature_help(size_t i);

/* ------------------------------------------------------------------ */
/* Filters                                                             */
/* ------------------------------------------------------------------ */

typedef struct wn_filter wn_filter;

/* Receives kept bytes, in order. Return 0 to continue, anything else to
 * stop: the filter call then returns WN_ERR_OUTPUT. */
typedef int (*wn_write_fn)(void *userdata, const char *buf, size_t len);

typedef enum { WN_KEEP, WN_DROP, WN_PARTIAL } wn_verdict;

/* A removed span of a line, as byte offsets into the line. */
typedef struct wn_span {
	size_t start, end;
	int rule;        /* index for wn_rules_get() */
} wn_span;

/* One term of the line model's score: column `column` added `value` to
 * the log-odds of boilerplate (its weight times the column's distance from
 * the mean of the data the model was fitted on). */
typedef struct wn_model_term {
	size_t column;
	double value;
} wn_model_term;

/* The decision for one input line, for --explain and for tuning.
 * text/len is the line without its line end. For WN_KEEP, rule is -1 or
 * the rule whose category is kept (--keep); reason says why the line
 * stayed ("prose", "kept category", "oversize", or "" when nothing fired). */
typedef struct wn_line_verdict {
	size_t line_no;            /* 1-based, counted over the document */
	const char *text;
	size_t len;
	wn_verdict verdict;
	int rule;                  /* deciding rule for WN_DROP, else -1 */
	const char *reason;
	const wn_span *spans;      /* removed spans for WN_PARTIAL */
	size_t nspans;
	/* The line's feature values, indexed like wn_feature_name() (NULL for
	 * blank lines): what the rule conditions saw. */
	const float *features;
	/* The line model (see wn_rules_model()), for non-blank lines when a
	 * fitted model ran (else model_score is -1 and the rest empty): the
	 * probability that the line is boilerplate (the `boilerplate`
	 * feature), the model's columns for this line (wn_rules_model_column()
	 * names them), and the terms that weighed most, strongest first. */
	double model_score;
	const float *model_columns;
	size_t model_ncolumns;
	const wn_model_term *model_terms;
	size_t model_nterms;
	/* The document's language as guessed (see wn_doc_stats.lang). */
	const char *lang;
	/* The values of the named conditions asked for with
	 * wn_filter_explain_conditions(), in that order (NULL for blank lines). */
	const double *conditions;
} wn_line_verdict;

typedef void (*wn_explain_fn)(void *userdata, const wn_line_verdict *v);

typedef struct wn_filter_options {
	/* A document larger than this is decided in windows ending at line
	 * boundaries; a single line larger than this passes through untouched.
	 * 0 means the default, WN_DEFAULT_MAX_DOC_BYTES (1 MiB, above any page
	 * of the benchmark sets). A window costs about 16 bytes of memory per
	 * byte (views, offset maps, per-line features); the default keeps a
	 * filter near 32 MB whatever the input. */
	size_t max_doc_bytes;
	/* Lines longer than this are kept without running patterns on them
	 * (flagged as oversize in the statistics). 0 means the default. */
	size_t max_line_bytes;
} wn_filter_options;

#define WN_DEFAULT_MAX_DOC_BYTES ((size_t)1 << 20)
#define WN_DEFAULT_MAX_LINE_BYTES ((size_t)1 << 20)

/* Create a filter over a compiled rule set (options may be NULL).
 * The rule set must outlive the filter. Returns NULL when out of memory. */
WN_API wn_filter *wn_filter_new(const wn_rules *rules, const wn_filter_options *opts);
WN_API void wn_filter_free(wn_filter *f);

WN_API void wn_filter_set_output(wn_filter *f, wn_write_fn fn, void *userdata);
WN_API void wn_filter_set_explain(wn_filter *f, wn_explain_fn fn, void *userdata);

/* With an explain callback: also evaluate these named conditions (the
 * `condition` statements of the rules, like `prose` or `heading`) on every
 * non-blank line, for wn_line_verdict.conditions. At most 16 names; the
 * array is copied. Returns WN_ERR_USAGE for an unknown name. */
WN_API int wn_filter_explain_conditions(wn_filter *f, const char *const *names, size_t n);
/* Is name a named condition of the rules? Its index, or -1. */
WN_API int wn_rules_condition_find(const wn_rules *rules, const char *name);
/* The named conditions (`condition NAME EXPR`), in definition order: the
 * expression as written (text/len point into the rule file's text). */
typedef struct wn_condition_info {
	const char *name;
	const char *text;
	size_t len;
	const char *file;
	unsigned line;
} wn_condition_info;
WN_API size_t wn_rules_condition_count(const wn_rules *rules);
WN_API int wn_rules_condition_get(const wn_rules *rules, size_t i, wn_condition_info *out);

/* Leave the lines of this category in place (they are still counted as
 * "kept" in the statistics). Returns WN_ERR_USAGE for an unknown name. */
WN_API int wn_filter_keep_category(wn_filter *f, const char *category);

/* A pattern that gave up on a line: PCRE2's match or depth limit keeps a
 * pathological pattern (catastrophic backtracking) from hanging winnow;
 * the line is then judged as if the pattern had not matched. */
typedef struct wn_limit_hit {
	const char *owner;      /* the rule id, condition name or spam reason */
	const char *kind;       /* "rule", "condition" or "spam reason" */
	size_t line_no;         /* 1-based line of the document */
} wn_limit_hit;
typedef void (*wn_limit_fn)(void *userdata, const wn_limit_hit *hit);

/* Be told about patterns that gave up (at most 8 per document window; all
 * are counted in wn_doc_stats.limit_hits). */
WN_API void wn_filter_set_limit_handler(wn_filter *f, wn_limit_fn fn, void *userdata);

/* Drop whole documents whose spam score is at least threshold (a value
 * below 0 turns this off, the default). A document decided in several
 * windows (larger than max_doc_bytes) is scored but never dropped. */
WN_API void wn_filter_set_spam_threshold(wn_filter *f, double threshold);

/* Set a parameter for this filter only ("name=value" or name + value).
 * Returns WN_ERR_USAGE for an unknown name or a value out of range. */
WN_API int wn_filter_set_param(wn_filter *f, const char *name, double value);

/* Feed bytes of the current document. The first feed after finish (or
 * after creation or reset) starts a new document. */
WN_API int wn_filter_feed(wn_filter *f, const char *buf, size_t len);

/* End the current document: decide, emit, and fill the statistics. */
WN_API int wn_filter_finish(wn_filter *f);

/* Drop the current document and statistics without emitting anything. */
WN_API void wn_filter_reset(wn_filter *f);

/* Per-document statistics, valid after wn_filter_finish() until the next
 * feed. The per-category arrays have wn_rules_category_count() entries,
 * rule_hits has wn_rules_count() entries. */
typedef struct wn_doc_stats {
	size_t bytes_in, bytes_out;
	size_t lines_in, lines_out;        /* lines with content, blank excluded */
	size_t lines_dropped, lines_partial;
	const size_t *cat_lines;           /* lines removed per category */
	const size_t *cat_bytes;           /* bytes removed per category */
	const size_t *rule_hits;           /* removals decided per rule */
	size_t invalid_utf8;               /* invalid byte sequences seen */
	size_t nul_bytes;
	size_t oversize_lines;             /* lines kept unexamined */
	size_t windows;                    /* 1 unless max_doc_bytes was hit */
	size_t limit_hits;                 /* PCRE2 match-limit hits */
	int has_bom;
	/* The document's language as winnow guessed it from stopword votes:
	 * the name of the stopword list that fits best ("en", "de", ...; the
	 * rules' stop.LANG lists), or when none fits the writing system in
	 * BCP 47 form ("zh", "ja", "ko", "und-Cyrl", "und-Arab", ...), or "und". */
	const char *lang;
	/* The document spam score in [0, 1] and the reasons behind it (the
	 * `spam` statements of the rules that hold), and whether the document
	 * was dropped whole (wn_filter_set_spam_threshold). */
	double spam_score;
	const char *const *spam_reasons;
	size_t nspam_reasons;
	int dropped;
} wn_doc_stats;

WN_API const wn_doc_stats *wn_filter_stats(const wn_filter *f);

/* Write the report of the last finished document as one line of JSON
 * (ending in "\n"): bytes and lines in and out, lines and bytes removed per
 * category, hits per rule, the spam score and its reasons, input oddities,
 * the winnow version and the rule set's hash. file and record (a JSONL id
 * or line, a WARC-Record-ID) name the document; either may be NULL. */
WN_API int wn_report_json(const wn_filter *f, const char *file, const char *record,
                   wn_write_fn fn, void *userdata);

/* Append s[0..n) to buf as a JSON string (quotes included): control
 * characters escaped, invalid UTF-8 replaced by U+FFFD. Returns the
 * length the full text needs, like snprintf. */
WN_API size_t wn_json_string(const char *s, size_t n, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Totals over many documents                                          */
/* ------------------------------------------------------------------ */

/* Sums over documents, per category and in all: what `winnow --stats` and
 * the batch summary print. Plain numbers, so that the totals of several
 * threads or processes merge (wn_summary_merge) and print as one table.
 * The cat_* arrays have ncat entries, indexed like
 * wn_rules_category_name(); wn_summary_init allocates them and
 * wn_summary_free releases them. */
typedef struct wn_summary {
	size_t docs, docs_touched;        /* documents; of those, with a removal */
	size_t bytes_in, bytes_out, lines_in, lines_out;
	size_t invalid_utf8, nul_bytes, oversize_lines;
	size_t spam_dropped;              /* dropped whole as spam */
	size_t malformed;                 /* malformed JSONL records (the caller counts) */
	size_t oversize_records;          /* WARC records passed uncleaned (the caller counts) */
	size_t ncat;
	size_t *cat_lines, *cat_bytes, *cat_docs;
} wn_summary;

/* All zero, for the categories of rules. WN_ERR_NOMEM when out of memory. */
WN_API int wn_summary_init(wn_summary *s, const wn_rules *rules);
WN_API void wn_summary_free(wn_summary *s);
/* Add one finished document (wn_filter_stats()). */
WN_API void wn_summary_add(wn_summary *s, const wn_doc_stats *st);
/* Add the totals of b to a (summaries of the same rules). */
WN_API void wn_summary_merge(wn_summary *a, const wn_summary *b);
/* The table, as `winnow --stats` prints it; seconds > 0 adds MB/s. */
WN_API int wn_summary_print(const wn_summary *s, const wn_rules *rules, double seconds,
                            wn_write_fn fn, void *userdata);

/* ------------------------------------------------------------------ */
/* Where the time goes                                                 */
/* ------------------------------------------------------------------ */

/* The phases a document goes through, in order. */
typedef enum {
	WN_PHASE_MEASURE,   /* lines split, views normalised, features measured */
	WN_PHASE_SCAN,      /* the literal prefilter over the views */
	WN_PHASE_RULES1,    /* prose anchors and the first stage of rules */
	WN_PHASE_REGION,    /* positions and the main region */
	WN_PHASE_MODEL,     /* the line model's inputs and scores */
	WN_PHASE_RULES2,    /* the second stage of rules (position, model) */
	WN_PHASE_EMIT,      /* counts, spam score, the kept bytes written */
	WN_PHASE_COUNT
} wn_phase;

WN_API const char *wn_phase_name(wn_phase phase);

/* Wall-clock seconds per phase and per rule, summed over documents: what
 * `winnow --profile` prints. A rule's time is its whole application to a
 * document (its patterns and conditions), within the RULES phases; the
 * spam statements are in EMIT. Beside each rule's time, how often its
 * patterns (match, unless, line-when, extend and those of its conditions)
 * were run, the prefilter having let them, and how often they matched: a
 * rule whose patterns run often and seldom match wants a cheaper gate.
 * Plain sums, so that the profiles of several threads merge. rule_seconds,
 * rule_runs and rule_matches have nrules entries, indexed like
 * wn_rules_get(); wn_profile_init allocates them, wn_profile_free frees
 * them. */
typedef struct wn_profile {
	size_t docs, bytes;
	double phase_seconds[WN_PHASE_COUNT];
	size_t nrules;
	double *rule_seconds;
	size_t *rule_runs, *rule_matches;
} wn_profile;

WN_API int wn_profile_init(wn_profile *p, const wn_rules *rules);
WN_API void wn_profile_free(wn_profile *p);
/* Add the sums of b to a (profiles of the same rules). */
WN_API void wn_profile_merge(wn_profile *a, const wn_profile *b);
/* The phases, then the `top` most expensive rules (0: all), as a table. */
WN_API int wn_profile_print(const wn_profile *p, const wn_rules *rules, size_t top,
                            wn_write_fn fn, void *userdata);
/* Time every document this filter decides from now on into p (NULL: stop).
 * p must outlive that use and belong to this filter's thread. Timing reads
 * the clock about twice per rule and document: about 1% of the time.
 * Returns WN_ERR_USAGE for a profile made for another rule set. */
WN_API int wn_filter_set_profile(wn_filter *f, wn_profile *p);

/* ------------------------------------------------------------------ */
/* Corpus formats                                                      */
/* ------------------------------------------------------------------ */

/* A wn_stream reads a whole file (or pipe) in one of the formats corpora
 * ship in, hands each document to a filter and writes the file back in the
 * same format:
 *
 *   WN_FORMAT_TEXT   the stream is one document, or documents split by a
 *                    separator (a form feed, say) that is written back as is.
 *   WN_FORMAT_JSONL  one JSON object per line; the text field is cleaned and
 *                    every other byte of the record stays as it was.
 *   WN_FORMAT_WARC   WARC/WET records; text records are cleaned, with their
 *                    Content-Length and digests updated; the rest pass.
 *
 * Gzip input is inflated (any number of members) and the output is
 * compressed the same way: for WARC, one gzip member per record. */
typedef enum { WN_FORMAT_TEXT, WN_FORMAT_JSONL, WN_FORMAT_WARC } wn_format;

/* What a malformed JSONL record becomes. */
typedef enum {
	WN_ON_ERROR_KEEP,   /* written unchanged (the default) */
	WN_ON_ERROR_SKIP,   /* left out of the output */
	WN_ON_ERROR_FAIL    /* the stream stops with WN_ERR_FORMAT */
} wn_on_error;

typedef struct wn_stream_options {
	wn_format format;
	int gzip;                 /* -1: detect by the magic bytes; 0: plain; 1: gzip */
	int gzip_level;           /* output compression 1..9; 0: zlib's default */
	const char *field;        /* JSONL: dotted path of the text (NULL: "text") */
	int annotate;             /* JSONL: add a "winnow" member to each record */
	wn_on_error on_error;     /* JSONL: malformed records */
	const char *separator;    /* TEXT: document separator (NULL: none) */
	size_t separator_len;
} wn_stream_options;

/* A record the stream has finished: a document the filter decided
 * (cleaned: its statistics are wn_filter_stats() of the stream's filter),
 * or a malformed JSONL record (problem says why; the filter was not run). */
typedef struct wn_record {
	size_t index;          /* 0-based, over the records of the stream */
	size_t line;           /* JSONL: 1-based input line; else 0 */
	size_t offset;         /* byte offset of the record in the (inflated) input */
	const char *id;        /* JSONL "id", WARC-Record-ID, or NULL */
	size_t id_len;
	int cleaned;
	const char *problem;
} wn_record;

typedef void (*wn_record_fn)(void *userdata, const wn_record *rec, const wn_filter *f);

typedef struct wn_stream_stats {
	size_t records;        /* documents and records read */
	size_t cleaned;        /* went through the filter */
	size_t changed;        /* of those, written back different */
	size_t dropped;        /* dropped whole as spam */
	size_t malformed;      /* malformed JSONL records (kept or skipped) */
	size_t no_field;       /* JSONL records without the text field (kept) */
	size_t oversize;       /* WARC text records too large to clean (kept) */
} wn_stream_stats;

typedef struct wn_stream wn_stream;

/* A stream through filter f (owned by the caller; the stream sets its
 * output callback, so use f for nothing else while the stream lives).
 * out receives the output bytes; on_record (may be NULL) each record. */
WN_API wn_stream *wn_stream_new(wn_filter *f, const wn_stream_options *opts, wn_write_fn out,
                         void *out_userdata, wn_record_fn on_record, void *record_userdata);
WN_API void wn_stream_free(wn_stream *s);
/* Feed input bytes in pieces of any size. */
WN_API int wn_stream_feed(wn_stream *s, const char *buf, size_t len);
/* The input ended. */
WN_API int wn_stream_finish(wn_stream *s);
/* After WN_ERR_FORMAT: what went wrong, and where (line, byte offset). */
WN_API const char *wn_stream_error(const wn_stream *s);
WN_API const wn_stream_stats *wn_stream_get_stats(const wn_stream *s);

/* The format a file name implies (.txt, .jsonl, .ndjson, .warc, .wet, each
 * optionally .gz); -1 when the name says nothing winnow reads. */
WN_API int wn_format_from_name(const char *name, int *gzip);

/* One-shot: clean text into a malloc'ed buffer (*out, *outlen; caller
 * frees with free()). */
WN_API int wn_clean(const wn_rules *rules, const char *text, size_t len,
             char **out, size_t *outlen);

/* ------------------------------------------------------------------ */
/* Scoring against gold text (winnow tune)                             */

/* The article-extraction benchmark's page score: shared, extra and missing
 * 4-token shingles, each divided by their sum (so every page weighs the
 * same). Tokens are runs of letters, numbers and '_'. */
typedef struct wn_score {
	double tp, fp, fn;
} wn_score;

WN_API int wn_score_text(const char *gold, size_t glen, const char *pred, size_t plen,
                  wn_score *out);
/* Page precision and recall as the benchmark defines them (1 when both
 * fp and fn are 0). */
WN_API double wn_score_precision(const wn_score *s);
WN_API double wn_score_recall(const wn_score *s);

/* A gold text indexed for "is this text part of it?" */
typedef struct wn_gold wn_gold;
WN_API wn_gold *wn_gold_new(const char *gold, size_t len);
WN_API void wn_gold_free(wn_gold *g);
/* 1 if at least half of text's shingles are in the gold (a text of 1-3
 * words: if it occurs in the gold), 0 if not, -1 if text has no words. */
WN_API int wn_gold_contains(wn_gold *g, const char *text, size_t len);

/* Snippet labels, the format of trafilatura's evaluation (labels.json):
 *   {"lang": "de", "with": ["kept text", ...], "without": ["junk", ...]}
 * A page scores tp for every `with` snippet its cleaned text holds, fn for
 * every one it lost, fp for every `without` snippet it kept and tn for
 * every one it removed. Text and snippets are compared whitespace-
 * normalised (every run of white space is one space, ends trimmed): a
 * snippet is present when it is a substring. Labelling a page takes a
 * minute where writing its gold text takes ten. */
typedef struct wn_snippets wn_snippets;
/* Parse labels.json; NULL with err filled when it is not of that form. */
WN_API wn_snippets *wn_snippets_parse(const char *json, size_t len, char *err, size_t errlen);
WN_API void wn_snippets_free(wn_snippets *s);
/* The page's "lang" ("" when absent). */
WN_API const char *wn_snippets_lang(const wn_snippets *s);
/* Snippets in order, `with` ones first; text is normalised. */
WN_API size_t wn_snippets_count(const wn_snippets *s);
WN_API const char *wn_snippets_text(const wn_snippets *s, size_t i, int *with);

typedef struct wn_snippet_score {
	size_t tp, fp, fn, tn;
} wn_snippet_score;
/* Score a cleaned text; present (may be NULL) gets one flag per snippet. */
WN_API int wn_snippets_score(const wn_snippets *s, const char *text, size_t len,
                      unsigned char *present, wn_snippet_score *out);
/* Label the lines of a page (split at '\n', nlines of them): 1 where a
 * `with` snippet covers part of the line, 0 where a `without` one does, -1
 * elsewhere (and where both do). */
WN_API int wn_snippets_label_lines(const wn_snippets *s, const char *text, size_t len,
                            signed char *out, size_t nlines);

WN_API const char *wn_version(void);
WN_API const char *wn_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif /* WINNOW_H */
