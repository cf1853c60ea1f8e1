/*
 * options.c: the command line's options, shared by every command.
 *
 * Owns the option table, --help, parsing into `options` and building the
 * rule set the options name. Commands (main.c, batch.c, tune.c) depend on
 * this module, never on each other.
 */
#include <getopt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"Usage: winnow [OPTIONS] [FILE...]\n"
	"       winnow batch [OPTIONS] SRC DST\n"
	"       winnow review [OPTIONS] [FILE...] > review.html\n"
	"       winnow tune [OPTIONS] PATH...\n"
	"       winnow rules check [--rules PATH]... [--no-default-rules] [PATH...]\n"
	"       winnow rules list|params|conditions|features [--rules PATH]... [--no-default-rules]\n"
	"\n"
	"Strip boilerplate and spam (author boxes, captions, social profiles, calls to\n"
	"action, tables of contents, ...) from scraped text and keep the article prose.\n"
	"Each FILE (or standard input) is read in its format and written to standard\n"
	"output in the same format, each document as its own bytes minus the removed\n"
	"spans. 'winnow batch' cleans a directory tree into another. 'winnow review'\n"
	"writes one HTML page that shows what went from each document and why.\n"
	"\n"
	"Rules:\n"
	"  -r, --rules PATH         add a rule file, or a directory of *.rules and its\n"
	"                           subdirectories (repeatable);\n"
	"                           a rule id or parameter defined again replaces the old one\n"
	"      --no-default-rules   do not load the rules compiled into winnow\n"
	"  -s, --set NAME=VALUE     set a rule parameter (repeatable; see: winnow rules params)\n"
	"  -k, --keep CATS          leave these categories in place (comma-separated)\n"
	"      --drop-spam-docs T   drop whole documents whose spam score is T or more\n"
	"                           (0..1; 0.7 drops the spam family and no ordinary page\n"
	"                           of the benchmark)\n"
	"\n"
	"Formats (by file name: .txt, .jsonl/.ndjson, .warc/.wet, each optionally .gz;\n"
	"standard input is text unless -f says otherwise; gzip is detected):\n"
	"  -f, --format FMT         text, jsonl or warc, for every input\n"
	"      --field PATH         JSONL: the text field, dotted for nested objects\n"
	"                           (default text)\n"
	"      --annotate           JSONL: add a \"winnow\" member (bytes removed per\n"
	"                           category, spam score) to each record\n"
	"      --on-error WHAT      JSONL: a malformed record is kept (default), skipped,\n"
	"                           or fails the input: keep, skip, fail\n"
	"      --doc-separator SEP  text: SEP splits the input into documents and is\n"
	"                           written back as is (C escapes: '\\f', '\\n\\n', '\\x1e')\n"
	"      --gzip-level N       compression of gzip outputs, 1..9 (default 6)\n"
	"\n"
	"Reports:\n"
	"      --report FILE        write one JSON line per document to FILE (with the\n"
	"                           file and the record: JSONL id or line, WARC-Record-ID)\n"
	"      --stats              print removals per category to stderr at the end\n"
	"      --profile[=N]        print to stderr where the time went: per phase, and\n"
	"                           the N most expensive rules (default 25; 0: all)\n"
	"      --explain            instead of the cleaned text, print every input line with\n"
	"                           its verdict (KEEP, DROP, PART), category and rule\n"
	"      --show NAMES         with --explain, also print these features or named\n"
	"                           conditions of each line (comma-separated; see: winnow\n"
	"                           rules features, winnow rules conditions)\n"
	"\n"
	"Batch (winnow batch SRC DST: every file of SRC whose format winnow reads is\n"
	"written to the same path under DST, through a temporary file renamed into\n"
	"place; other files are skipped and counted):\n"
	"  -j, --jobs N             worker threads (default: the number of cores)\n"
	"      --resume             skip outputs that exist and are newer than their input\n"
	"      --fail-fast          stop at the first file that fails\n"
	"  -q, --quiet              no progress line and no summary (failures still shown)\n"
	"      --progress           a progress line even when stderr is not a terminal\n"
	"\n"
	"Tuning (winnow tune PATH...: fixtures NAME.txt + NAME.gold.txt, page folders\n"
	"holding gold.txt, and page folders holding snippet labels, labels.json):\n"
	"      --input NAMES        renderings of the pages to read, comma-separated, or\n"
	"                           all (default html-text for gold, w3m for snippet pages)\n"
	"      --min-f1 X           exit 1 when the F1 over all pages is below X\n"
	"      --min-recall X       exit 1 when the recall is below X (the floor for --search)\n"
	"      --search             tune the rules' parameters for F1 (coordinate ascent)\n"
	"      --write FILE         with --search: save the best values as a rule file;\n"
	"                           with --fit: write the fit (rules/model-fit.rules)\n"
	"      --fit                fit the line model's weights and threshold on every\n"
	"                           labelled line, with k-fold cross-validation (liblinear)\n"
	"      --folds K            cross-validation folds of --fit (default 5)\n"
	"      --fit-cost C         --fit: inverse regularisation strength (default 1)\n"
	"      --snippet-weight N   --fit: a snippet-labelled line counts N times (default 5)\n"
	"      --html PATH          also write the pages as an HTML review page to PATH,\n"
	"                           lost article text and kept boilerplate marked\n"
	"      --errors N           wrong lines shown per page (default 10)\n"
	"      --pages N            pages shown in detail, worst first (default all)\n"
	"\n"
	"Limits:\n"
	"      --max-doc-bytes N    decide documents larger than N in windows (default 1M;\n"
	"                           memory is about 16 times N)\n"
	"      --max-line-bytes N   pass lines longer than N through unexamined (default 1M)\n"
	"\n"
	"  -h, --help               show this help\n"
	"  -V, --version            show the version\n"
	"\n"
	"Exit status:\n"
	"  0  done\n"
	"  1  an input or output failed: unreadable file, corrupt gzip, truncated WARC\n"
	"     record, malformed JSONL under --on-error fail, full disk, closed pipe\n"
	"     (other inputs are still processed); a batch file failed; tune scored\n"
	"     below --min-f1/--min-recall\n"
	"  2  usage error, or invalid rules (file:line:col: message)\n"
	"\n"
	"The manual: man winnow (this, with examples and the environment) and\n"
	"man 5 winnow-rules (the rule language).\n";

static int push(const char ***arr, size_t *n, const char *v)
{
	const char **p = realloc(*arr, (*n + 1) * sizeof *p);
	if (!p)
		return -1;
	p[(*n)++] = v;
	*arr = p;
	return 0;
}

void free_options(options *o)
{
	free(o->rule_paths);
	free(o->sets);
	free(o->keeps);
	free(o->separator);
}

int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "winnow: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'winnow --help' for more information.\n");
	return EXIT_USAGE;
}

enum {
	OPT_NO_DEFAULT = 256, OPT_REPORT, OPT_STATS, OPT_EXPLAIN, OPT_MAX_DOC, OPT_MAX_LINE,
	OPT_INPUT, OPT_MIN_F1, OPT_MIN_RECALL, OPT_SEARCH, OPT_WRITE, OPT_ERRORS, OPT_PAGES, OPT_SHOW,
	OPT_FIELD, OPT_ANNOTATE, OPT_ON_ERROR, OPT_DOC_SEP, OPT_DROP_SPAM, OPT_GZIP_LEVEL, OPT_RESUME,
	OPT_FAIL_FAST, OPT_PROGRESS, OPT_FIT, OPT_FOLDS, OPT_FIT_COST, OPT_SNIPPET_WEIGHT, OPT_HTML, OPT_PROFILE
};

static const struct option long_options[] = {
	{ "rules", required_argument, 0, 'r' },
	{ "no-default-rules", no_argument, 0, OPT_NO_DEFAULT },
	{ "set", required_argument, 0, 's' },
	{ "keep", required_argument, 0, 'k' },
	{ "report", required_argument, 0, OPT_REPORT },
	{ "stats", no_argument, 0, OPT_STATS },
	{ "profile", optional_argument, 0, OPT_PROFILE },
	{ "explain", no_argument, 0, OPT_EXPLAIN },
	{ "show", required_argument, 0, OPT_SHOW },
	{ "max-doc-bytes", required_argument, 0, OPT_MAX_DOC },
	{ "max-line-bytes", required_argument, 0, OPT_MAX_LINE },
	{ "input", required_argument, 0, OPT_INPUT },
	{ "min-f1", required_argument, 0, OPT_MIN_F1 },
	{ "min-recall", required_argument, 0, OPT_MIN_RECALL },
	{ "search", no_argument, 0, OPT_SEARCH },
	{ "write", required_argument, 0, OPT_WRITE },
	{ "errors", required_argument, 0, OPT_ERRORS },
	{ "pages", required_argument, 0, OPT_PAGES },
	{ "fit", no_argument, 0, OPT_FIT },
	{ "folds", required_argument, 0, OPT_FOLDS },
	{ "fit-cost", required_argument, 0, OPT_FIT_COST },
	{ "snippet-weight", required_argument, 0, OPT_SNIPPET_WEIGHT },
	{ "html", required_argument, 0, OPT_HTML },
	{ "format", required_argument, 0, 'f' },
	{ "field", required_argument, 0, OPT_FIELD },
	{ "annotate", no_argument, 0, OPT_ANNOTATE },
	{ "on-error", required_argument, 0, OPT_ON_ERROR },
	{ "doc-separator", required_argument, 0, OPT_DOC_SEP },
	{ "drop-spam-docs", required_argument, 0, OPT_DROP_SPAM },
	{ "gzip-level", required_argument, 0, OPT_GZIP_LEVEL },
	{ "jobs", required_argument, 0, 'j' },
	{ "resume", no_argument, 0, OPT_RESUME },
	{ "fail-fast", no_argument, 0, OPT_FAIL_FAST },
	{ "quiet", no_argument, 0, 'q' },
	{ "progress", no_argument, 0, OPT_PROGRESS },
	{ "help", no_argument, 0, 'h' },
	{ "version", no_argument, 0, 'V' },
	{ 0, 0, 0, 0 }
};

static int parse_fraction(const char *opt, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);
	if (end == arg || *end || v < 0 || v > 1) {
		fprintf(stderr, "winnow: %s: '%s' is not a number from 0 to 1\n", opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_count(const char *opt, const char *arg, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < 0) {
		fprintf(stderr, "winnow: %s: '%s' is not a whole number\n", opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* Decode C escapes (\f \n \r \t \v \0 \\ \xHH) of a --doc-separator. */
static int decode_escapes(const char *arg, char **out, size_t *len)
{
	size_t n = strlen(arg), k = 0;
	char *buf = malloc(n + 1);
	if (!buf)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (arg[i] != '\\' || i + 1 == n) {
			buf[k++] = arg[i];
			continue;
		}
		char c = arg[++i];
		switch (c) {
		case 'f': buf[k++] = '\f'; break;
		case 'n': buf[k++] = '\n'; break;
		case 'r': buf[k++] = '\r'; break;
		case 't': buf[k++] = '\t'; break;
		case 'v': buf[k++] = '\v'; break;
		case '0': buf[k++] = '\0'; break;
		case '\\': buf[k++] = '\\'; break;
		case 'x': {
			unsigned v = 0;
			int digits = 0;
			while (digits < 2 && i + 1 < n && strchr("0123456789abcdefABCDEF", arg[i + 1]) &&
			       arg[i + 1]) {
				char h = arg[++i];
				v = v * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
				digits++;
			}
			if (!digits) {
				free(buf);
				return -1;
			}
			buf[k++] = (char)v;
			break;
		}
		default:
			free(buf);
			return -1;
		}
	}
	*out = buf;
	*len = k;
	return k ? 0 : -1;
}

/* Returns -1 to go on, or an exit status. */
int parse_options(int argc, char **argv, options *o)
{
	o->min_f1 = o->min_recall = -1;
	o->errors = 10;
	o->pages = -1;
	o->folds = 5;
	o->fit_cost = 1;
	o->snippet_weight = 5;
	o->format = -1;
	o->drop_spam = -1;
	o->progress = -1;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:s:k:f:j:qhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (push(&o->rule_paths, &o->nrule_paths, optarg))
				return EXIT_IO;
			break;
		case 's':
			if (push(&o->sets, &o->nsets, optarg))
				return EXIT_IO;
			break;
		case 'k':
			if (push(&o->keeps, &o->nkeeps, optarg))
				return EXIT_IO;
			break;
		case OPT_NO_DEFAULT: o->no_default = 1; break;
		case OPT_REPORT: o->report = optarg; break;
		case OPT_STATS: o->stats = 1; break;
		case OPT_PROFILE:
			o->profile = 1;
			o->profile_rules = 25;
			if (optarg && parse_count("--profile", optarg, &o->profile_rules))
				return EXIT_USAGE;
			break;
		case OPT_EXPLAIN: o->explain = 1; break;
		case OPT_SHOW: o->show = optarg; o->explain = 1; break;
		case OPT_MAX_DOC:
			if (cli_parse_size(optarg, &o->max_doc) || o->max_doc == 0)
				return usage_error("--max-doc-bytes: '%s' is not a size like 4096, 64M or 1G",
				                   optarg);
			break;
		case OPT_MAX_LINE:
			if (cli_parse_size(optarg, &o->max_line) || o->max_line == 0)
				return usage_error("--max-line-bytes: '%s' is not a size like 4096, 64K or 1M",
				                   optarg);
			break;
		case OPT_INPUT: o->input = optarg; o->tune_only = "--input"; break;
		case OPT_MIN_F1:
			if (parse_fraction("--min-f1", optarg, &o->min_f1))
				return EXIT_USAGE;
			o->tune_only = "--min-f1";
			break;
		case OPT_MIN_RECALL:
			if (parse_fraction("--min-recall", optarg, &o->min_recall))
				return EXIT_USAGE;
			o->tune_only = "--min-recall";
			break;
		case OPT_SEARCH: o->search = 1; o->tune_only = "--search"; break;
		case OPT_WRITE: o->write = optarg; o->tune_only = "--write"; break;
		case OPT_ERRORS:
			if (parse_count("--errors", optarg, &o->errors))
				return EXIT_USAGE;
			o->tune_only = "--errors";
			break;
		case OPT_PAGES:
			if (parse_count("--pages", optarg, &o->pages))
				return EXIT_USAGE;
			o->tune_only = "--pages";
			break;
		case OPT_FIT: o->fit = 1; o->tune_only = "--fit"; break;
		case OPT_HTML: o->html = optarg; o->tune_only = "--html"; break;
		case OPT_FOLDS:
			if (parse_count("--folds", optarg, &o->folds))
				return EXIT_USAGE;
			if (o->folds < 2 || o->folds > 50)
				return usage_error("--folds: '%s' is not from 2 to 50", optarg);
			o->tune_only = "--folds";
			break;
		case OPT_FIT_COST: {
			char *end;
			o->fit_cost = strtod(optarg, &end);
			if (end == optarg || *end || !(o->fit_cost > 0) || o->fit_cost > 1e6)
				return usage_error("--fit-cost: '%s' is not a number above 0", optarg);
			o->tune_only = "--fit-cost";
			break;
		}
		case OPT_SNIPPET_WEIGHT:
			if (parse_count("--snippet-weight", optarg, &o->snippet_weight))
				return EXIT_USAGE;
			if (o->snippet_weight < 1 || o->snippet_weight > 100)
				return usage_error("--snippet-weight: '%s' is not from 1 to 100", optarg);
			o->tune_only = "--snippet-weight";
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) o->format = WN_FORMAT_TEXT;
			else if (strcmp(optarg, "jsonl") == 0) o->format = WN_FORMAT_JSONL;
			else if (strcmp(optarg, "warc") == 0 || strcmp(optarg, "wet") == 0)
				o->format = WN_FORMAT_WARC;
			else if (strcmp(optarg, "auto") == 0) o->format = -1;
			else
				return usage_error("--format: '%s' is not one of text, jsonl, warc", optarg);
			break;
		case OPT_FIELD:
			if (!*optarg || optarg[0] == '.' || optarg[strlen(optarg) - 1] == '.' ||
			    strstr(optarg, ".."))
				return usage_error("--field: '%s' is not a field name or dotted path", optarg);
			o->field = optarg;
			break;
		case OPT_ANNOTATE: o->annotate = 1; break;
		case OPT_ON_ERROR:
			if (strcmp(optarg, "keep") == 0) o->on_error = WN_ON_ERROR_KEEP;
			else if (strcmp(optarg, "skip") == 0) o->on_error = WN_ON_ERROR_SKIP;
			else if (strcmp(optarg, "fail") == 0) o->on_error = WN_ON_ERROR_FAIL;
			else
				return usage_error("--on-error: '%s' is not one of keep, skip, fail", optarg);
			break;
		case OPT_DOC_SEP:
			free(o->separator);
			o->separator = NULL;
			if (decode_escapes(optarg, &o->separator, &o->separator_len))
				return usage_error("--doc-separator: '%s' is empty or has a bad escape", optarg);
			break;
		case OPT_DROP_SPAM:
			if (parse_fraction("--drop-spam-docs", optarg, &o->drop_spam))
				return EXIT_USAGE;
			break;
		case OPT_GZIP_LEVEL: {
			long level;
			if (parse_count("--gzip-level", optarg, &level))
				return EXIT_USAGE;
			if (level < 1 || level > 9)
				return usage_error("--gzip-level: '%s' is not from 1 to 9", optarg);
			o->gzip_level = (int)level;
			break;
		}
		case 'j':
			if (parse_count("--jobs", optarg, &o->jobs))
				return EXIT_USAGE;
			if (o->jobs < 1 || o->jobs > 1024)
				return usage_error("--jobs: '%s' is not from 1 to 1024", optarg);
			o->batch_only = "--jobs";
			break;
		case OPT_RESUME: o->resume = 1; o->batch_only = "--resume"; break;
		case OPT_FAIL_FAST: o->fail_fast = 1; o->batch_only = "--fail-fast"; break;
		case 'q': o->progress = 0; o->batch_only = "--quiet"; break;
		case OPT_PROGRESS: o->progress = 1; o->batch_only = "--progress"; break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_DONE;
		case 'V':
			printf("winnow %s\n", wn_version());
			return EXIT_DONE;
		case '?':
		default:
			if (optopt)
				return usage_error("option '-%c' needs an argument or does not exist",
				                   (char[]){ (char)optopt, 0 });
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

static wn_rules *build_rules(const options *o, const char **extra, size_t nextra,
                             const char *text, size_t len, int without_fit)
{
	cli_diag diag = { 0 };
	wn_rules *r = wn_rules_new(cli_print_diag, &diag);
	if (!r) {
		fprintf(stderr, "winnow: out of memory\n");
		return NULL;
	}
	if (!o->no_default)
		wn_rules_add_builtin(r);
	for (size_t i = 0; i < o->nrule_paths; i++)
		wn_rules_add_path(r, o->rule_paths[i]);
	for (size_t i = 0; i < nextra; i++)
		wn_rules_add_path(r, extra[i]);
	if (text)
		wn_rules_add_buffer(r, "<fit>", text, len);
	for (size_t i = 0; i < o->nsets; i++)
		wn_rules_set(r, o->sets[i]);
	if (without_fit)
		wn_rules_ignore_fit(r);
	wn_rules_compile(r); /* even after errors: it reports the rest */
	if (diag.errors) {
		fprintf(stderr, "winnow: %u error%s in the rules\n", diag.errors,
		        diag.errors == 1 ? "" : "s");
		wn_rules_free(r);
		return NULL;
	}
	return r;
}

/* Build the rule set; on failure, diagnostics are printed and NULL comes back. */
wn_rules *load_rules(const options *o, const char **extra, size_t nextra)
{
	return build_rules(o, extra, nextra, NULL, 0, 0);
}

wn_rules *load_rules_with(const options *o, const char *text, size_t len, int without_fit)
{
	return build_rules(o, NULL, 0, text, len, without_fit);
}

int cli_parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -1;
	unsigned long long mul = 1;
	if (*end == 'k' || *end == 'K') mul = 1ULL << 10, end++;
	else if (*end == 'm' || *end == 'M') mul = 1ULL << 20, end++;
	else if (*end == 'g' || *end == 'G') mul = 1ULL << 30, end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > SIZE_MAX / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}
