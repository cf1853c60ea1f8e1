/*
 * main.c: the winnow command line.
 *
 * Owns the dispatch to the commands and two of them: the filter (default)
 * and `rules check|list|params|features`. Everything that decides what to
 * remove lives in libwinnow; this file reads files, hands bytes to a
 * wn_filter and prints what comes back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "review.h"

/* ------------------------------------------------------------------ */
/* winnow rules ...                                                    */

static int cmd_rules(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "winnow: 'rules' needs a command: check, list, params or features\n");
		return EXIT_USAGE;
	}
	const char *what = argv[1];
	options o = { 0 };
	int rc = parse_options(argc - 1, argv + 1, &o);
	if (rc >= 0) {
		free_options(&o);
		return rc;
	}
	const char **paths = (const char **)argv + 1 + optind;
	size_t npaths = (size_t)(argc - 1 - optind);
	if (strcmp(what, "features") == 0) {
		free_options(&o);
		for (size_t i = 0; i < wn_feature_count(); i++)
			printf("%-14s %s\n", wn_feature_name(i), wn_feature_help(i));
		printf("%-14s %s\n%-14s %s\n", "share(LIST)", "share of words in word list LIST",
		       "count(LIST)", "words in word list LIST");
		return fflush(stdout) ? EXIT_IO : EXIT_DONE;
	}
	int is_check = strcmp(what, "check") == 0;
	if (!is_check && strcmp(what, "list") && strcmp(what, "params") && strcmp(what, "conditions")) {
		free_options(&o);
		fprintf(stderr, "winnow: unknown rules command '%s' (check, list, params, conditions, "
		        "features)\n", what);
		return EXIT_USAGE;
	}
	if (!is_check && npaths) {
		free_options(&o);
		return usage_error("'rules %s' takes no file arguments (use --rules PATH)", what);
	}
	wn_rules *r = load_rules(&o, paths, npaths);
	free_options(&o);
	if (!r)
		return EXIT_USAGE;
	size_t n = wn_rules_count(r);
	if (is_check) {
		printf("ok: %zu rules, %zu parameters, %zu categories\n", n, wn_rules_param_count(r),
		       wn_rules_category_count(r));
	} else if (strcmp(what, "list") == 0) {
		for (size_t i = 0; i < n; i++) {
			wn_rule_info info;
			wn_rules_get(r, i, &info);
			printf("%-28s %-15s %-9s %s\n", info.id, info.category, wn_scope_name(info.scope),
			       info.description);
		}
	} else if (strcmp(what, "conditions") == 0) {
		for (size_t i = 0; i < wn_rules_condition_count(r); i++) {
			wn_condition_info c;
			wn_rules_condition_get(r, i, &c);
			printf("%-18s %.*s\n", c.name, (int)c.len, c.text);
		}
	} else {
		for (size_t i = 0; i < wn_rules_param_count(r); i++) {
			wn_param_info p;
			wn_rules_param_get(r, i, &p);
			printf("%-24s %8g  %g..%g  %s\n", p.name, p.value, p.min, p.max, p.description);
		}
	}
	wn_rules_free(r);
	return fflush(stdout) ? EXIT_IO : EXIT_DONE;
}

/* ------------------------------------------------------------------ */
/* the filter                                                          */

static int write_stdout(void *ud, const char *p, size_t n)
{
	(void)ud;
	return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}


static int discard(void *ud, const char *p, size_t n)
{
	(void)ud;
	(void)p;
	(void)n;
	return 0;
}

/* Open an input ("-" or NULL: stdin). Returns the descriptor, or -1 after
 * printing why. */
static int open_input(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "winnow: %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "winnow: %s: is a directory (use 'winnow batch SRC DST' for trees)\n",
		        path);
		close(fd);
		return -1;
	}
	return fd;
}

/* The features and named conditions of --show into ep (the names stay in
 * list, which the caller frees); 0 or an exit status. */
static int parse_show(char *list, explain_printer *ep, const wn_rules *r)
{
	char *save = NULL;
	int n = 0, status = EXIT_DONE;
	for (char *name = strtok_r(list, ",", &save); name && status == EXIT_DONE && n < 63;
	     name = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < wn_feature_count() && strcmp(wn_feature_name(i), name) != 0)
			i++;
		if (i < wn_feature_count()) {
			ep->show[n++] = (int)i;
		} else if (wn_rules_condition_find(r, name) >= 0 && ep->nconds < 16) {
			ep->conds[ep->nconds] = name;
			ep->show[n++] = -2 - (int)ep->nconds++;
		} else {
			fprintf(stderr, "winnow: --show: '%s' is neither a feature nor a named condition "
			        "(see: winnow rules features, winnow rules conditions)\n", name);
			status = EXIT_USAGE;
		}
	}
	ep->show[n] = -1;
	return status;
}

/* The review page's title: its files. */
static const char *nfiles_title(int n, char **files)
{
	static char title[256];
	if (n <= 0)
		return "winnow review: standard input";
	snprintf(title, sizeof title, "winnow review: %s%s", files[0], n > 1 ? " and more" : "");
	return title;
}

typedef struct review_doc {
	review *rv;
	const char *file;
} review_doc;

/* A document is decided: it goes on the page under its file and record. */
static void review_doc_done(void *ud, const char *record, const wn_filter *f)
{
	review_doc *rd = ud;
	const wn_doc_stats *st = wn_filter_stats(f);
	char name[1024];
	if (record)
		snprintf(name, sizeof name, "%s (%s)", rd->file, record);
	else
		snprintf(name, sizeof name, "%s", rd->file);
	review_end_doc(rd->rv, name, st->lang, st->spam_score);
}

int cmd_filter(int argc, char **argv, int review_page)
{
	options o = { 0 };
	int rc = parse_options(argc, argv, &o);
	if (rc < 0 && (o.tune_only || o.batch_only)) {
		usage_error(o.tune_only ? "%s only applies to 'winnow tune'"
		                        : "%s only applies to 'winnow batch'",
		            o.tune_only ? o.tune_only : o.batch_only);
		rc = EXIT_USAGE;
	}
	if (rc < 0 && review_page && (o.explain || o.show || o.annotate))
		rc = usage_error("%s", "--explain, --show and --annotate do not apply to 'winnow review'");
	if (rc >= 0) {
		free_options(&o);
		return rc;
	}
	wn_rules *r = load_rules(&o, NULL, 0);
	if (!r) {
		free_options(&o);
		return EXIT_USAGE;
	}
	int status = EXIT_DONE;
	wn_filter *f = cli_make_filter(r, &o, &status);
	wn_summary sum;
	wn_profile prof = { 0 };
	if (f && (wn_summary_init(&sum, r) || wn_profile_init(&prof, r))) {
		fprintf(stderr, "winnow: out of memory\n");
		wn_summary_free(&sum);
		wn_profile_free(&prof);
		wn_filter_free(f);
		f = NULL;
		status = EXIT_IO;
	}
	if (f && o.profile)
		wn_filter_set_profile(f, &prof);
	if (!f) {
		wn_rules_free(r);
		free_options(&o);
		return status;
	}
	FILE *report = NULL;
	if (o.report) {
		report = fopen(o.report, "w");
		if (!report) {
			fprintf(stderr, "winnow: --report %s: %s\n", o.report, strerror(errno));
			status = EXIT_IO;
		}
	}
	explain_printer ep = { stdout, r, { -1 }, { 0 }, 0 };
	char *show_list = o.show ? strdup(o.show) : NULL;
	if (o.show && status == EXIT_DONE)
		status = show_list ? parse_show(show_list, &ep, r) : EXIT_IO;
	if (ep.nconds && status == EXIT_DONE)
		wn_filter_explain_conditions(f, ep.conds, ep.nconds);
	if (o.explain)
		wn_filter_set_explain(f, cli_explain_line, &ep);
	review *rv = NULL;
	if (review_page && status == EXIT_DONE) {
		rv = review_new(r, nfiles_title(argc - optind, argv + optind));
		if (!rv) {
			fprintf(stderr, "winnow: review: %s\n", strerror(errno));
			status = EXIT_IO;
		} else {
			wn_filter_set_explain(f, review_explain_line, rv);
		}
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int nfiles = argc - optind;
	for (int i = 0; status != EXIT_USAGE && i < (nfiles ? nfiles : 1); i++) {
		const char *path = nfiles ? argv[optind + i] : NULL;
		int fd = open_input(path);
		if (fd < 0) {
			status = EXIT_IO;
			continue;
		}
		const char *name = path && strcmp(path, "-") != 0 ? path : "-";
		if (o.explain && nfiles > 1)
			printf("==> %s <==\n", name);
		review_doc rd = { rv, name };
		wn_stream_options so;
		cli_stream_options(&o, fd == 0 ? NULL : path, &so);
		cli_records recs = { name, &sum, report ? cli_write_file : NULL, report, 0,
		                     so.format == WN_FORMAT_TEXT && so.separator, 1, o.on_error,
		                     0, 0, NULL, 0, 0, "", rv ? review_doc_done : NULL, &rd };
		char err[512];
		size_t nread;
		int one = cli_run_stream(fd, f, &so, o.explain || rv ? discard : write_stdout, NULL,
		                         &recs, &nread, err, sizeof err);
		if (fd > 0)
			close(fd);
		if (one == -2) {
			fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
			status = EXIT_IO;
			break;
		}
		if (one < 0) {
			fprintf(stderr, "winnow: %s: %s\n", name, err);
			status = EXIT_IO;
		}
		if (recs.oversize)
			fprintf(stderr, "winnow: %s: %zu WARC record%s larger than --max-doc-bytes passed "
			        "through uncleaned\n", name, recs.oversize, recs.oversize == 1 ? "" : "s");
		if (recs.report_failed) {
			fprintf(stderr, "winnow: --report %s: %s\n", o.report, strerror(errno));
			status = EXIT_IO;
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rv && status != EXIT_USAGE && review_write(rv, &sum, stdout) != 0 && status == EXIT_DONE) {
		fprintf(stderr, "winnow: review: %s\n", strerror(errno));
		status = EXIT_IO;
	}
	review_free(rv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (status != EXIT_IO)
			fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
		status = EXIT_IO;
	}
	if (report && fclose(report) != 0) {
		fprintf(stderr, "winnow: --report %s: %s\n", o.report, strerror(errno));
		status = EXIT_IO;
	}
	if (o.stats && status != EXIT_USAGE)
		wn_summary_print(&sum, r, (double)(t1.tv_sec - t0.tv_sec) +
		                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, cli_write_file, stderr);
	if (o.profile && status != EXIT_USAGE)
		wn_profile_print(&prof, r, (size_t)o.profile_rules, cli_write_file, stderr);
	free(show_list);
	wn_summary_free(&sum);
	wn_profile_free(&prof);
	wn_filter_free(f);
	wn_rules_free(r);
	free_options(&o);
	return status;
}

int main(int argc, char **argv)
{
	/* a closed pipe is a write error we report, not a silent death */
	signal(SIGPIPE, SIG_IGN);
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (argc > 1 && strcmp(argv[1], "rules") == 0)
		return cmd_rules(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "tune") == 0)
		return cmd_tune(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "batch") == 0)
		return cmd_batch(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "review") == 0)
		return cmd_filter(argc - 1, argv + 1, 1);
	return cmd_filter(argc, argv, 0);
}
