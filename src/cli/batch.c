/*
 * batch.c: `winnow batch SRC DST`, a directory tree cleaned into another.
 *
 * Owns the walk of SRC (formats by name, symlink loops, unreadable
 * entries), the work queue of worker threads (each with its own filter
 * over the shared rule set), atomic outputs (a temporary file in the
 * output's directory, renamed into place), --resume, the progress line,
 * the report in file order whatever the number of threads, and the
 * closing summary with every failure and its reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "cli.h"

typedef struct entry {
	char *rel;                /* path under SRC (and DST) */
	size_t size;
	struct timespec mtime;
} entry;

typedef struct problem {
	char *path;
	char *why;
} problem;

typedef struct file_state {
	int done;
	int failed;
	char *why;                /* failure, or a note (malformed records) */
	char *report;             /* its report lines, until they are written */
	size_t report_len;
} file_state;

typedef struct batch {
	const options *o;
	const wn_rules *rules;
	const char *src, *dst;

	entry *files;
	size_t nfiles, cap;
	size_t total_bytes;
	size_t skipped;           /* not a format winnow reads */
	problem *problems;        /* walk problems */
	size_t nproblems, problems_cap;
	size_t walk_failures;     /* of those, entries that could not be read */

	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t next;              /* next file to hand out */
	size_t running;           /* workers still running */
	size_t done_files, done_bytes, failed, resumed;
	int stop;                 /* --fail-fast tripped */
	file_state *state;
	size_t next_report;       /* reports are written in file order */
	FILE *report;
	int report_failed;
	wn_summary total;
	size_t records, changed, dropped, malformed;
} batch;

/* ------------------------------------------------------------------ */
/* paths                                                               */

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	size_t k = la;
	if (lb && k && p[k - 1] != '/')
		p[k++] = '/';
	memcpy(p + k, b, lb + 1);
	return p;
}

/* The absolute, symlink-free form of a path that may not exist yet: the
 * real path of its longest existing ancestor, then the rest. */
static char *resolve(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *real = realpath(copy, NULL);
	if (real) {
		free(copy);
		return real;
	}
	char *slash = strrchr(copy, '/');
	char *parent, *rest;
	if (!slash) {
		parent = strdup(".");
		rest = copy;
	} else {
		*slash = '\0';
		parent = strdup(slash == copy ? "/" : copy);
		rest = slash + 1;
	}
	char *base = parent ? resolve(parent) : NULL;
	char *out = NULL;
	if (base) {
		if (strcmp(rest, "..") == 0) {
			char *up = strrchr(base, '/');
			if (up && up != base)
				*up = '\0';
			else
				strcpy(base, "/");
			out = strdup(base);
		} else if (strcmp(rest, ".") == 0 || !*rest) {
			out = strdup(base);
		} else {
			out = join(base, rest);
		}
	}
	free(parent);
	free(base);
	free(copy);
	return out;
}

static int within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	if (strcmp(outer, "/") == 0)
		return 1;
	return strncmp(inner, outer, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}

/* mkdir -p for the directory part of path. The deepest directory is
 * asked first: it usually exists (the file before was written there), so
 * a file costs one call where a walk from the top cost one per level, and
 * on a cluster's network file system each is a round trip. */
static int make_parents(char *path)
{
	char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	*slash = '\0';
	int rc = mkdir(path, 0777);
	if (rc != 0 && errno == ENOENT && make_parents(path) == 0)
		rc = mkdir(path, 0777);
	int e = errno;
	*slash = '/';
	return rc == 0 || e == EEXIST ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* the walk                                                            */

static void add_problem(batch *b, const char *rel, const char *why, int failure)
{
	if (b->nproblems == b->problems_cap) {
		size_t cap = b->problems_cap ? 2 * b->problems_cap : 16;
		problem *p = realloc(b->problems, cap * sizeof *p);
		if (!p)
			return;
		b->problems = p;
		b->problems_cap = cap;
	}
	b->problems[b->nproblems].path = strdup(*rel ? rel : ".");
	b->problems[b->nproblems].why = strdup(why);
	b->nproblems++;
	b->walk_failures += failure;
}

static int add_file(batch *b, const char *rel, const struct stat *st)
{
	if (b->nfiles == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 256;
		entry *e = realloc(b->files, cap * sizeof *e);
		if (!e)
			return -1;
		b->files = e;
		b->cap = cap;
	}
	entry *e = &b->files[b->nfiles];
	e->rel = strdup(rel);
	if (!e->rel)
		return -1;
	e->size = (size_t)st->st_size;
	e->mtime = st->st_mtim;
	b->total_bytes += e->size;
	b->nfiles++;
	return 0;
}

typedef struct ancestor {
	dev_t dev;
	ino_t ino;
	const char *rel;
	const struct ancestor *up;
} ancestor;

static int walk(batch *b, const char *abs, const char *rel, const ancestor *up)
{
	DIR *d = opendir(abs);
	if (!d) {
		char why[256];
		snprintf(why, sizeof why, "cannot read the directory: %s", strerror(errno));
		add_problem(b, rel, why, 1);
		return 0;
	}
	/* names first, sorted later: the order of readdir is the file system's */
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *path = join(abs, de->d_name), *sub = join(rel, de->d_name);
		if (!path || !sub) {
			free(path);
			free(sub);
			rc = -1;
			break;
		}
		struct stat st;
		if (stat(path, &st) != 0) {
			int e = errno;
			struct stat lst;
			char why[256];
			if (e == ELOOP)
				snprintf(why, sizeof why, "symlink loop, skipped");
			else if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && e == ENOENT)
				snprintf(why, sizeof why, "broken symlink, skipped");
			else
				snprintf(why, sizeof why, "cannot read: %s", strerror(e));
			add_problem(b, sub, why, e != ELOOP && e != ENOENT);
		} else if (S_ISDIR(st.st_mode)) {
			const ancestor *a = up;
			while (a && !(a->dev == st.st_dev && a->ino == st.st_ino))
				a = a->up;
			if (a) {
				char why[PATH_MAX + 64];
				snprintf(why, sizeof why, "symlink loop (leads back to %s), skipped",
				         *a->rel ? a->rel : "SRC");
				add_problem(b, sub, why, 0);
			} else {
				ancestor here = { st.st_dev, st.st_ino, sub, up };
				rc = walk(b, path, sub, &here);
			}
		} else if (S_ISREG(st.st_mode)) {
			int gz;
			if (wn_format_from_name(de->d_name, &gz) < 0)
				b->skipped++;
			else
				rc = add_file(b, sub, &st);
		} else {
			b->skipped++; /* fifos, sockets, devices */
		}
		free(path);
		free(sub);
	}
	closedir(d);
	return rc;
}

static int by_rel(const void *x, const void *y)
{
	return strcmp(((const entry *)x)->rel, ((const entry *)y)->rel);
}

/* ------------------------------------------------------------------ */
/* one file                                                            */

static int newer_or_same(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec >= b->tv_nsec);
}

/* Clean file i. Returns 0 done, 1 resumed, -1 failed (*why set). */
static int clean_file(batch *b, size_t i, wn_filter *f, wn_summary *sum, cli_buffer *report,
                      char **why)
{
	const entry *e = &b->files[i];
	char *in = join(b->src, e->rel), *out = join(b->dst, e->rel);
	char *tmp = NULL;
	char msg[600];
	int rc = -1, fd = -1;
	FILE *o = NULL;
	msg[0] = '\0';
	if (!in || !out) {
		snprintf(msg, sizeof msg, "out of memory");
		goto done;
	}
	struct stat ost;
	if (b->o->resume && stat(out, &ost) == 0 && newer_or_same(&ost.st_mtim, &e->mtime)) {
		rc = 1;
		goto done;
	}
	if (make_parents(out)) {
		snprintf(msg, sizeof msg, "cannot create the output directory: %s", strerror(errno));
		goto done;
	}
	/* the temporary file lives beside the output so that rename is atomic */
	char *slash = strrchr(out, '/');
	size_t dir_len = (size_t)(slash - out) + 1;
	tmp = malloc(strlen(out) + 32);
	if (!tmp) {
		snprintf(msg, sizeof msg, "out of memory");
		goto done;
	}
	snprintf(tmp, strlen(out) + 32, "%.*s.%s.winnow-tmp", (int)dir_len, out, slash + 1);
	fd = open(in, O_RDONLY);
	if (fd < 0) {
		snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
		goto done;
	}
	o = fopen(tmp, "wb");
	if (!o) {
		snprintf(msg, sizeof msg, "cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	static _Thread_local char obuf[1 << 16];
	setvbuf(o, obuf, _IOFBF, sizeof obuf);
	wn_stream_options so;
	cli_stream_options(b->o, e->rel, &so);
	cli_records recs = { e->rel, sum, b->report ? cli_buffer_add : NULL, report, 0,
	                     so.format == WN_FORMAT_TEXT && so.separator, 0, b->o->on_error,
	                     0, 0, NULL };
	char err[512];
	size_t nread;
	int one = cli_run_stream(fd, f, &so, cli_write_file, o, &recs, &nread, err, sizeof err);
	if (one == -1) {
		snprintf(msg, sizeof msg, "%s", err);
	} else if (one == -2 || ferror(o)) {
		snprintf(msg, sizeof msg, "write error: %s", strerror(errno));
	} else {
		int closed = fclose(o);
		o = NULL;
		if (closed != 0)
			snprintf(msg, sizeof msg, "write error: %s", strerror(errno));
		else if (rename(tmp, out) != 0)
			snprintf(msg, sizeof msg, "cannot rename into place: %s", strerror(errno));
		else
			rc = 0;
	}
	if (rc == 0 && recs.malformed)
		snprintf(msg, sizeof msg, "%zu malformed record%s %s (the first on line %zu: %s)",
		         recs.malformed, recs.malformed == 1 ? "" : "s",
		         b->o->on_error == WN_ON_ERROR_SKIP ? "skipped" : "kept unchanged",
		         recs.first_line, recs.first_problem);
	if (rc == 0 && recs.limits)
		snprintf(msg, sizeof msg, "%zu pattern%s gave up at the PCRE2 match limit (the first: %s)",
		         recs.limits, recs.limits == 1 ? "" : "s", recs.first_limit);
	if (rc == 0 && recs.oversize)
		snprintf(msg, sizeof msg, "%zu WARC record%s larger than --max-doc-bytes passed through "
		         "uncleaned", recs.oversize, recs.oversize == 1 ? "" : "s");
	if (recs.report_failed)
		snprintf(msg, sizeof msg, "out of memory for the report");
done:
	if (o)
		fclose(o);
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp)
		unlink(tmp);
	if (msg[0])
		*why = strdup(msg);
	free(in);
	free(out);
	free(tmp);
	return rc;
}

/* Under the lock: write the reports that are next in file order. */
static void flush_reports(batch *b)
{
	while (b->next_report < b->nfiles && b->state[b->next_report].done) {
		file_state *fs = &b->state[b->next_report];
		if (b->report && fs->report_len && !b->report_failed &&
		    fwrite(fs->report, 1, fs->report_len, b->report) != fs->report_len)
			b->report_failed = errno ? errno : EIO;
		free(fs->report);
		fs->report = NULL;
		b->next_report++;
	}
}

typedef struct worker {
	batch *b;
	wn_filter *f;
	wn_summary sum;
	wn_profile prof;         /* --profile: this thread's times */
	pthread_t thread;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	batch *b = w->b;
	for (;;) {
		pthread_mutex_lock(&b->mu);
		size_t i = b->next;
		if (b->stop || i >= b->nfiles) {
			b->running--;
			pthread_cond_broadcast(&b->cv);
			pthread_mutex_unlock(&b->mu);
			return NULL;
		}
		b->next++;
		pthread_mutex_unlock(&b->mu);

		cli_buffer report = { 0 };
		char *why = NULL;
		int rc = clean_file(b, i, w->f, &w->sum, &report, &why);

		pthread_mutex_lock(&b->mu);
		file_state *fs = &b->state[i];
		fs->done = 1;
		fs->failed = rc < 0;
		fs->why = why;
		fs->report = report.data;
		fs->report_len = report.len;
		b->done_files++;
		b->done_bytes += b->files[i].size;
		b->failed += rc < 0;
		b->resumed += rc == 1;
		if (rc < 0 && b->o->fail_fast)
			b->stop = 1;
		flush_reports(b);
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
}

/* ------------------------------------------------------------------ */
/* progress and summary                                                */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress_line(batch *b, double secs, int final)
{
	double mb = (double)b->done_bytes / 1e6, total = (double)b->total_bytes / 1e6;
	double rate = secs > 0 ? mb / secs : 0;
	char eta[32] = "--:--";
	if (rate > 0 && !final) {
		long left = (long)((total - mb) / rate);
		snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
	}
	fprintf(stderr, "\r\033[Kwinnow batch: %zu/%zu files, %.1f/%.1f MB, %.1f MB/s, ETA %s",
	        b->done_files, b->nfiles, mb, total, rate, eta);
	if (b->failed)
		fprintf(stderr, ", %zu failed", b->failed);
	fflush(stderr);
}

static void print_failures(const batch *b)
{
	size_t notes = 0;
	for (size_t i = 0; i < b->nfiles; i++)
		notes += b->state[i].why && !b->state[i].failed;
	if (b->failed) {
		fprintf(stderr, "failed (%zu):\n", b->failed);
		for (size_t i = 0; i < b->nfiles; i++)
			if (b->state[i].failed)
				fprintf(stderr, "  %s: %s\n", b->files[i].rel,
				        b->state[i].why ? b->state[i].why : "failed");
	}
	if (b->nproblems) {
		fprintf(stderr, "not processed (%zu):\n", b->nproblems);
		for (size_t i = 0; i < b->nproblems; i++)
			fprintf(stderr, "  %s: %s\n", b->problems[i].path ? b->problems[i].path : "?",
			        b->problems[i].why ? b->problems[i].why : "?");
	}
	if (notes) {
		fprintf(stderr, "cleaned with notes (%zu):\n", notes);
		for (size_t i = 0; i < b->nfiles; i++)
			if (b->state[i].why && !b->state[i].failed)
				fprintf(stderr, "  %s: %s\n", b->files[i].rel, b->state[i].why);
	}
}

/* ------------------------------------------------------------------ */
/* the command                                                         */

static int check_dirs(const char *src, const char *dst)
{
	struct stat st;
	if (stat(src, &st) != 0) {
		fprintf(stderr, "winnow: batch: %s: %s\n", src, strerror(errno));
		return EXIT_USAGE;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "winnow: batch: %s is not a directory (to clean one file: winnow FILE)\n",
		        src);
		return EXIT_USAGE;
	}
	if (stat(dst, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "winnow: batch: %s exists and is not a directory\n", dst);
		return EXIT_USAGE;
	}
	char *rs = resolve(src), *rd = resolve(dst);
	int status = EXIT_DONE;
	if (!rs || !rd) {
		fprintf(stderr, "winnow: batch: cannot resolve %s: %s\n", rs ? dst : src, strerror(errno));
		status = EXIT_USAGE;
	} else if (strcmp(rs, rd) == 0) {
		fprintf(stderr, "winnow: batch: SRC and DST are the same directory (%s); winnow never "
		        "writes over its input: choose another DST\n", rs);
		status = EXIT_USAGE;
	} else if (within(rd, rs)) {
		fprintf(stderr, "winnow: batch: DST (%s) is inside SRC (%s): the outputs would land "
		        "among the inputs; choose a DST outside SRC\n", rd, rs);
		status = EXIT_USAGE;
	} else if (within(rs, rd)) {
		fprintf(stderr, "winnow: batch: SRC (%s) is inside DST (%s): an output could replace "
		        "an input; choose a DST outside SRC\n", rs, rd);
		status = EXIT_USAGE;
	}
	free(rs);
	free(rd);
	return status;
}

static void free_batch(batch *b)
{
	for (size_t i = 0; i < b->nfiles; i++) {
		free(b->files[i].rel);
		if (b->state) {
			free(b->state[i].why);
			free(b->state[i].report);
		}
	}
	free(b->files);
	free(b->state);
	for (size_t i = 0; i < b->nproblems; i++) {
		free(b->problems[i].path);
		free(b->problems[i].why);
	}
	free(b->problems);
}

int cmd_batch(int argc, char **argv)
{
	options o = { 0 };
	int rc = parse_options(argc, argv, &o);
	if (rc < 0 && o.tune_only)
		rc = usage_error("%s only applies to 'winnow tune'", o.tune_only);
	if (rc < 0 && o.explain)
		rc = usage_error("%s", "--explain and --show do not apply to 'winnow batch'");
	if (rc < 0 && argc - optind != 2)
		rc = usage_error("%s", "batch needs two directories: winnow batch SRC DST");
	if (rc < 0 && check_dirs(argv[optind], argv[optind + 1]) != EXIT_DONE)
		rc = EXIT_USAGE;
	if (rc >= 0) {
		free_options(&o);
		return rc;
	}
	batch b;
	memset(&b, 0, sizeof b);
	b.o = &o;
	b.src = argv[optind];
	b.dst = argv[optind + 1];
	int status = EXIT_DONE;
	wn_rules *r = load_rules(&o, NULL, 0);
	if (!r) {
		free_options(&o);
		return EXIT_USAGE;
	}
	b.rules = r;
	long jobs = o.jobs ? o.jobs : sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	worker *ws = calloc((size_t)jobs, sizeof *ws);
	int made = 0;
	for (long k = 0; ws && k < jobs; k++, made++) {
		ws[k].b = &b;
		ws[k].f = cli_make_filter(r, &o, &status);
		if (!ws[k].f)
			break;
		if (wn_summary_init(&ws[k].sum, r) || wn_profile_init(&ws[k].prof, r)) {
			wn_summary_free(&ws[k].sum);
			wn_profile_free(&ws[k].prof);
			wn_filter_free(ws[k].f);
			status = EXIT_IO;
			break;
		}
		if (o.profile)
			wn_filter_set_profile(ws[k].f, &ws[k].prof);
	}
	wn_profile prof = { 0 };
	if (!ws || made < jobs || wn_summary_init(&b.total, r) || wn_profile_init(&prof, r)) {
		if (status == EXIT_DONE) {
			fprintf(stderr, "winnow: out of memory\n");
			status = EXIT_IO;
		}
		goto out;
	}
	if (o.report) {
		b.report = fopen(o.report, "w");
		if (!b.report) {
			fprintf(stderr, "winnow: --report %s: %s\n", o.report, strerror(errno));
			status = EXIT_IO;
			goto out;
		}
	}
	ancestor root;
	struct stat sst;
	stat(b.src, &sst);
	root = (ancestor){ sst.st_dev, sst.st_ino, "", NULL };
	if (walk(&b, b.src, "", &root)) {
		fprintf(stderr, "winnow: out of memory\n");
		status = EXIT_IO;
		goto out;
	}
	if (b.nfiles > 1)
		qsort(b.files, b.nfiles, sizeof *b.files, by_rel);
	b.state = calloc(b.nfiles + 1, sizeof *b.state);
	char *inside = join(b.dst, "x");
	int made_dst = inside ? make_parents(inside) : -1;
	free(inside);
	if (!b.state || made_dst) {
		fprintf(stderr, "winnow: batch: %s: %s\n", b.dst, b.state ? strerror(errno)
		        : "out of memory");
		status = EXIT_IO;
		goto out;
	}
	int progress = o.progress >= 0 ? o.progress : isatty(2);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	b.running = (size_t)jobs;
	long started = 0;
	for (; started < jobs; started++)
		if (pthread_create(&ws[started].thread, NULL, work, &ws[started]) != 0)
			break;
	pthread_mutex_lock(&b.mu);
	b.running -= (size_t)(jobs - started);
	if (started == 0) {
		/* no thread: do the work here */
		pthread_mutex_unlock(&b.mu);
		b.running = 1;
		work(&ws[0]);
		pthread_mutex_lock(&b.mu);
	}
	double shown = -1;
	while (b.running > 0) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&b.cv, &b.mu, &until);
		double now = seconds_since(&t0);
		if (progress && now - shown >= 0.2) { /* at most five lines a second */
			progress_line(&b, now, 0);
			shown = now;
		}
	}
	pthread_mutex_unlock(&b.mu);
	for (long k = 0; k < started; k++)
		pthread_join(ws[k].thread, NULL);
	double secs = seconds_since(&t0);
	if (progress) {
		progress_line(&b, secs, 1);
		fputc('\n', stderr);
	}
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.cv);
	for (long k = 0; k < jobs; k++) {
		wn_summary_merge(&b.total, &ws[k].sum);
		wn_profile_merge(&prof, &ws[k].prof);
	}
	if (b.report && (b.report_failed || fclose(b.report) != 0)) {
		fprintf(stderr, "winnow: --report %s: %s\n", o.report,
		        strerror(b.report_failed ? b.report_failed : errno));
		status = EXIT_IO;
	}
	b.report = NULL;
	if (o.progress != 0) {
		wn_summary_print(&b.total, r, 0, cli_write_file, stderr);
		size_t cleaned = b.done_files - b.failed - b.resumed;
		fprintf(stderr, "%zu file%s cleaned", cleaned, cleaned == 1 ? "" : "s");
		if (b.resumed)
			fprintf(stderr, ", %zu already done (--resume)", b.resumed);
		if (b.skipped)
			fprintf(stderr, ", %zu skipped (not .txt, .jsonl, .warc or .wet)", b.skipped);
		if (b.stop && b.done_files < b.nfiles)
			fprintf(stderr, ", %zu not started (--fail-fast)", b.nfiles - b.done_files);
		fprintf(stderr, "; %.1f MB in %.2f s: %.1f MB/s, %.0f files/s, %ld thread%s\n",
		        (double)b.done_bytes / 1e6, secs, secs > 0 ? (double)b.done_bytes / 1e6 / secs : 0,
		        secs > 0 ? (double)b.done_files / secs : 0, jobs, jobs == 1 ? "" : "s");
	}
	if (o.profile)
		wn_profile_print(&prof, r, (size_t)o.profile_rules, cli_write_file, stderr);
	print_failures(&b);
	if (b.failed || b.walk_failures)
		status = EXIT_IO;
out:
	if (b.report)
		fclose(b.report);
	for (long k = 0; ws && k < made; k++) {
		wn_filter_free(ws[k].f);
		wn_summary_free(&ws[k].sum);
		wn_profile_free(&ws[k].prof);
	}
	free(ws);
	wn_profile_free(&prof);
	if (b.total.cat_lines)
		wn_summary_free(&b.total);
	free_batch(&b);
	wn_rules_free(r);
	free_options(&o);
	return status;
}
