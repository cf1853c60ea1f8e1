/*
 * vectorscan_compile.c: what Vectorscan (Hyperscan) makes of winnow's
 * patterns as a prefilter: compile time, failures and database size.
 *
 * Reads a file of NUL-terminated patterns (WINNOW_DUMP_PATTERNS) and
 * compiles each in prefilter mode with the flags that would make its
 * matches a superset of PCRE2's on winnow's views (UTF-8, Unicode
 * properties, caseless, dot-all), one at a time, then all of them into one
 * block-mode database, as a multi-pattern scan would need. Built and run by
 * bench/vectorscan.sh; not part of winnow.
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: vectorscan_compile PATTERNS [--each-only]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 20, n = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *more = realloc(buf, cap *= 2);
			if (!more)
				free(buf);
			buf = more;
		}
	}
	fclose(f);
	if (!buf)
		return 2;
	size_t np = 0;
	for (size_t i = 0; i < n; i++)
		np += buf[i] == 0;
	const char **pats = calloc(np, sizeof *pats), **good = calloc(np, sizeof *good);
	unsigned *flags = calloc(np, sizeof *flags), *ids = calloc(np, sizeof *ids);
	if (!pats || !good || !flags || !ids)
		return 2;
	for (size_t i = 0, k = 0; k < np; k++) {
		pats[k] = buf + i;
		i += strlen(buf + i) + 1;
	}
	const unsigned fl = HS_FLAG_PREFILTER | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS |
	                    HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
	size_t ngood = 0, chars = 0;
	double total = 0;
	for (size_t k = 0; k < np; k++) {
		hs_database_t *db;
		hs_compile_error_t *err;
		double t0 = now();
		hs_error_t rc = hs_compile(pats[k], fl, HS_MODE_BLOCK, NULL, &db, &err);
		double t = now() - t0;
		total += t;
		chars += strlen(pats[k]);
		if (rc != HS_SUCCESS) {
			printf("pattern %zu (%zu bytes) does not compile: %s\n", k, strlen(pats[k]), err->message);
			hs_free_compile_error(err);
			continue;
		}
		hs_free_database(db);
		if (t >= 1.0)
			printf("pattern %zu (%zu bytes): %.1f s\n", k, strlen(pats[k]), t);
		flags[ngood] = fl;
		ids[ngood] = (unsigned)k;
		good[ngood++] = pats[k];
	}
	printf("%zu patterns, %zu bytes: %zu compile, %zu do not; one at a time %.1f s in all\n",
	       np, chars, ngood, np - ngood, total);
	if (argc > 2 && strcmp(argv[2], "--each-only") == 0)
		return 0;
	hs_database_t *db;
	hs_compile_error_t *err;
	double t0 = now();
	if (hs_compile_multi(good, flags, ids, (unsigned)ngood, HS_MODE_BLOCK, NULL, &db, &err) !=
	    HS_SUCCESS) {
		printf("all together: does not compile: %s\n", err->message);
		hs_free_compile_error(err);
		return 1;
	}
	size_t size = 0;
	hs_database_size(db, &size);
	printf("all together: %.1f s, a database of %.1f MB\n", now() - t0, (double)size / 1e6);
	hs_free_database(db);
	return 0;
}
