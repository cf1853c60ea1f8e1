/*
 * check_prefilter.c: the literals every match of a pattern must contain,
 * and the automaton that finds them.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "prefilter.h"

/* The literals of re, sorted and joined by spaces ("ALWAYS": none), the
 * temporaries taken from pool (NULL: the call's own). */
static char *literals_from(const char *re, wn_literal_pool *pool)
{
	wn_literals l;
	if (wn_required_literals(re, strlen(re), &l, pool))
		return strdup("ALWAYS");
	/* sort for a stable comparison */
	for (size_t i = 0; i < l.n; i++)
		for (size_t j = i + 1; j < l.n; j++)
			if (strcmp(l.s[j], l.s[i]) < 0) {
				char *t = l.s[i];
				l.s[i] = l.s[j];
				l.s[j] = t;
			}
	size_t len = 1;
	for (size_t i = 0; i < l.n; i++)
		len += strlen(l.s[i]) + 3;
	char *out = calloc(1, len);
	for (size_t i = 0; i < l.n; i++) {
		strcat(out, i ? "|" : "");
		strcat(out, l.s[i]);
	}
	wn_literals_free(&l);
	return out;
}

static char *literals(const char *re)
{
	return literals_from(re, NULL);
}

static void expect(const char *re, const char *want)
{
	char *got = literals(re);
	ck_assert_msg(strcmp(got, want) == 0, "/%s/: got %s, want %s", re, got, want);
	free(got);
}

START_TEST(required_literals)
{
	expect("share this", "share this");
	expect("(?:Share|Tweet)\\s+(?:this|on)", "share on|share this|tweet on|tweet this");
	expect("colou?r", "color|colour");
	expect("\\bfollow\\s+us\\b|\\bsubscribe\\b", "follow us|subscribe");
	expect("^(?:read|see)\\s+more\\s*:?$", "read more|see more");
	expect("[ab]c[de]", "acd|ace|bcd|bce");
	expect("a\\s*b", "a b|ab");
	expect("\\Qa.b\\E+c", "a.b");                 /* \Q..\E literal, + keeps it required */
	expect("(?x) foo \\s+ bar  # a comment", "foo bar");
	expect("share(?#why)\\s+this", "share this");  /* a comment is not an item... */
	expect("foo(?#c)?\\s+bar", "fo bar|foo bar");  /* ...so the ? is the last o's */
	expect("foo\\E?\\s+bar", "fo bar|foo bar");   /* nor is a \\E without \\Q */
	expect("foo\\Q\\E?\\s+bar", "fo bar|foo bar");
	expect("(?<cut>photo|image)\\s*credit", "image credit|imagecredit|photo credit|photocredit");
	expect("©|\\(c\\)", "(c)|©");
	/* what cannot be pinned down always runs */
	expect("^\\d+\\s+min", " min");
	expect("^[^|]+\\|", "|");
	expect("x|y", "ALWAYS");                    /* single letters are not selective */
	expect("\\w+", "ALWAYS");
	expect("a*b*", "ALWAYS");
	expect("(?R)", "ALWAYS");
	expect("\\p{L}+", "ALWAYS");
	expect("(a)\\1", "ALWAYS");
	/* letters outside ASCII as a view holds them, case-folded: PCRE2
	 * matches either case, and a view has only the folded one */
	expect("éa", "éa");
	expect("über", "über");
	expect("ÜBER", "über");
	expect("źródło|Zdjęcie", "zdjęcie|źródło");
	expect("\\x{212a}m", "km");             /* the Kelvin sign is a k in a view */
	expect("ς\\s+x", "σ x");                /* final sigma folds to sigma */
	expect("straße", "strasse");              /* no view holds ß: a literal none holds */
	/* a code point by number is that character; \\N alone is any */
	expect("gr\\N{U+fc}ne\\s+woche", "grüne woche");
	expect("gr\\x{fc}ne\\s+woche", "grüne woche");
	expect("ab\\N{2}cd", "ab");
	/* in a class \\g is the letter g (PCRE2 10.42), not a reference that
	 * runs on past the "]": "[\\g{]}" is a class of two, then "}" */
	expect("ab[\\g{]}cd|xyz", "abg}cd|ab{}cd|xyz");
	/* lookarounds match nothing themselves */
	expect("(?<!not )\\bshare\\b(?=\\s)", "share");
	/* '[:' in a class is a POSIX class only with its ':]' before any ']':
	 * "[][:^b]" is one class of ] [ : ^ b (as PCRE2 reads it), so a line
	 * holding "]" may match (the fuzz finding of issue 10) */
	expect("[][:^b]xy", ":xy|[xy|]xy|^xy|bxy");
	expect("share|[][:^b^L]|^\\r]", "ALWAYS");
	expect("[[:alpha:]]foo", "foo");
	expect("[[:^digit:]x]foo", "foo");
	expect("[\\][:]foo", ":foo|[foo|]foo");   /* "[:]" is no POSIX class */
	/* \Q...\E quotes ']' inside a class too, and before a class's first
	 * character \E and \Q\E are nothing, so a ']' after them is one (the
	 * fuzz finding of this session: a class read past its end) */
	expect("[\\Q]\\E]abc", "abc");
	expect("xyz[\\Qa]b\\E]+zz", "xyz");
	expect("[\\Q\\E]x]yz", "]yz|xyz");
	expect("[\\E^\\Q\\E]]qq", "qq");
	expect("[a-\\Q]\\E]zz", "zz");
}
END_TEST

/* A list of words too long for a set (a rule's vocabulary in several
 * languages): once the strings overflow, their first bytes, as many as
 * fit, are still required, so that every word holds one of them; words
 * that share no first bytes are too many even so. */
START_TEST(long_word_lists_keep_their_first_bytes)
{
	char re[8192] = "(?:", distinct[4096] = "(?:";
	for (int i = 1; i <= 300; i++) {
		char w[32];
		snprintf(w, sizeof w, "%salpha%04d", i > 1 ? "|" : "", i);
		strcat(re, w);
		snprintf(w, sizeof w, "%s%c%c%cxyz", i > 1 ? "|" : "", 'a' + i % 26, 'a' + i / 26 % 26,
		         'a' + i / 676);
		strcat(distinct, w);
	}
	strcat(re, ")\\s+x");
	strcat(distinct, ")");
	wn_literals l;
	ck_assert_int_eq(wn_required_literals(re, strlen(re), &l, NULL), 0);
	ck_assert_uint_le(l.n, 256);
	size_t cut = 0;
	for (size_t k = 0; k < l.n; k++) {
		ck_assert_uint_ge(l.len[k], 8);
		ck_assert(strncmp(l.s[k], "alpha0", 6) == 0);
		cut += l.len[k] == 8;
	}
	ck_assert_uint_gt(cut, 0);
	for (int i = 1; i <= 300; i++) {
		char w[16];
		snprintf(w, sizeof w, "alpha%04d", i);
		int held = 0;
		for (size_t k = 0; k < l.n && !held; k++)
			held = strstr(w, l.s[k]) != NULL;
		ck_assert_msg(held, "%s holds none of the %zu literals", w, l.n);
	}
	wn_literals_free(&l);
	expect(distinct, "ALWAYS");
}
END_TEST

START_TEST(automaton_finds_the_patterns)
{
	wn_prefilter pf = { 0 };
	const char *res[] = { "share this", "follow\\s+us|subscribe", "copyright|©", "x{2}yz" };
	for (uint32_t i = 0; i < 4; i++) {
		wn_literals l;
		ck_assert_int_eq(wn_required_literals(res[i], strlen(res[i]), &l, NULL), 0);
		ck_assert_int_eq(wn_prefilter_add(&pf, i, &l), 0);
		wn_literals_free(&l);
	}
	ck_assert_int_eq(wn_prefilter_build(&pf), 0);
	struct { const char *text; uint64_t want; } cases[] = {
		{ "please SHARE   this article", 1 },        /* case and runs of spaces */
		{ "follow us and subscribe", 2 },
		{ "© 2024 and copyright", 4 },
		{ "nothing to see", 0 },
		{ "share thi", 0 },
		{ "sharing this, follow   us, copyrigh", 2 },
		{ "xyz xxyz", 8 },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		uint64_t bits = 0;
		wn_prefilter_scan(&pf, cases[k].text, strlen(cases[k].text), &bits);
		ck_assert_msg(bits == cases[k].want, "'%s': bits %llx, want %llx", cases[k].text,
		              (unsigned long long)bits, (unsigned long long)cases[k].want);
	}
	wn_prefilter_free(&pf);
}
END_TEST

/* The temporaries of one pattern, reused by the next (as the rules
 * compile): what a pattern leaves in them must not reach the next one's
 * literals, in either order. */
START_TEST(a_shared_pool_gives_the_same_literals)
{
	const char *res[] = {
		"(?:share|tweet|pin)\\s+(?:this|it)(?:\\s+(?:page|post|article))?",
		"\\b(?:follow|like)\\s+us\\s+on\\s+(?:facebook|twitter|instagram|x)\\b",
		"[\\Q]\\E]x(?:ab|cd){2}(?:(?:e|f)g|h)+",
		"^(?:skip\\s+to|menu|(?:main\\s+)?navigation)$",
		"x{2}yz|(?:copyright|©)\\s*\\d{4}",
		"\\Qa.b\\E(?:c|d)",
		"[^a-z]+",
	};
	size_t n = sizeof res / sizeof *res;
	char *want[sizeof res / sizeof *res];
	for (size_t i = 0; i < n; i++)
		want[i] = literals(res[i]);
	wn_literal_pool pool = { 0 };
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < n; k++) {
			size_t i = pass ? n - 1 - k : k;
			char *got = literals_from(res[i], &pool);
			ck_assert_msg(strcmp(got, want[i]) == 0, "/%s/ after others: got %s, want %s", res[i],
			              got, want[i]);
			free(got);
		}
	ck_assert_uint_gt(pool.blocks.len, 0);
	wn_literal_pool_free(&pool);
	for (size_t i = 0; i < n; i++)
		free(want[i]);
}
END_TEST

/* pf over the patterns res[0..n), analysed as the rules compile them:
 * the temporaries from the prefilter's pool, which the build frees */
static void build(wn_prefilter *pf, const char *const *res, uint32_t n)
{
	memset(pf, 0, sizeof *pf);
	for (uint32_t i = 0; i < n; i++) {
		wn_literals l;
		ck_assert_int_eq(wn_required_literals(res[i], strlen(res[i]), &l, &pf->pool), 0);
		ck_assert_int_eq(wn_prefilter_add(pf, i, &l), 0);
		wn_literals_free(&l);
	}
	ck_assert_int_eq(wn_prefilter_build(pf), 0);
}

/* nrows rows taken in turn from texts, separated by sep; each row's bits
 * from the scan of all rows at once must be those of its own scan */
static void rows_as_one(const wn_prefilter *pf, const char *const *texts, size_t ntexts,
                        size_t nrows, const char *sep)
{
	char buf[8192];
	uint32_t start[64], end[64];
	uint64_t bits[64] = { 0 };
	size_t len = 0;
	ck_assert(nrows <= 64);
	for (size_t k = 0; k < nrows; k++) {
		const char *t = texts[(k * 7 + nrows) % ntexts];
		start[k] = (uint32_t)len;
		memcpy(buf + len, t, strlen(t));
		len += strlen(t);
		end[k] = (uint32_t)len;
		memcpy(buf + len, sep, strlen(sep));
		len += strlen(sep);
	}
	wn_prefilter_scan_rows(pf, buf, start, end, nrows, bits);
	for (size_t k = 0; k < nrows; k++) {
		uint64_t one = 0;
		wn_prefilter_scan(pf, buf + start[k], end[k] - start[k], &one);
		ck_assert_msg(bits[k] == one, "%zu rows, row %zu '%.*s': bits %llx, alone %llx", nrows,
		              k, (int)(end[k] - start[k]), buf + start[k], (unsigned long long)bits[k],
		              (unsigned long long)one);
	}
}

START_TEST(rows_in_lanes_as_one_by_one)
{
	const char *texts[] = {
		"please share", "this article", "share this", "   follow   us  ", "", "x",
		"subscribe", "© 2024 and copyright", "nothing to see here at all, just prose",
		"xxyz", "share thi", "s follow us and a longer line than the others to make lanes uneven",
	};
	size_t nt = sizeof texts / sizeof *texts;
	wn_prefilter pf;
	const char *res[] = { "share this", "follow\\s+us|subscribe", "copyright|©", "x{2}yz" };
	build(&pf, res, 4);
	for (size_t nrows = 1; nrows <= 40; nrows++) {
		rows_as_one(&pf, texts, nt, nrows, "\n");  /* the views of a document */
		rows_as_one(&pf, texts, nt, nrows, "\n\n"); /* not back to back: one by one */
	}
	wn_prefilter_free(&pf);
	/* a literal holding a newline: rows are never read as one text */
	const char *nl[] = { "share\\nthis", "follow" };
	build(&pf, nl, 2);
	for (size_t nrows = 1; nrows <= 12; nrows++)
		rows_as_one(&pf, texts, nt, nrows, "\n");
	wn_prefilter_free(&pf);
}
END_TEST

/* xorshift: the same texts on every run */
static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* n bytes over a small alphabet, with runs of spaces and upper case */
static void random_text(uint32_t *x, char *out, size_t n)
{
	static const char alphabet[] = "ab  |-xAB";
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[next_random(x) % (sizeof alphabet - 1)];
	out[n] = '\0';
}

/* What the scan must find: literal k occurs in the text lower-cased with
 * each run of spaces read as one. */
static uint64_t expected_bits(const char *text, char lits[][16], size_t nlits)
{
	char folded[256];
	size_t n = 0;
	for (const char *t = text; *t; t++)
		if (!(*t == ' ' && n && folded[n - 1] == ' '))
			folded[n++] = (char)(*t >= 'A' && *t <= 'Z' ? *t + 32 : *t);
	folded[n] = '\0';
	uint64_t bits = 0;
	for (size_t k = 0; k < nlits; k++)
		if (strstr(folded, lits[k]))
			bits |= (uint64_t)1 << k;
	return bits;
}

/* Literals that begin, end and repeat with spaces (" |", "a ", "aa"):
 * the automaton reads runs of spaces as one, without a flag of its own,
 * in one text, in lanes, with 16-bit and with 32-bit transitions. */
START_TEST(runs_of_spaces_read_as_one)
{
	uint32_t x = 2463534242u;
	for (int round = 0; round < 40; round++) {
		/* each round's literals, collapsed as the analysis leaves them */
		char lits[12][16];
		size_t nlits = 1 + next_random(&x) % 12;
		for (size_t k = 0; k < nlits; k++) {
			char raw[16];
			random_text(&x, raw, 1 + next_random(&x) % 4);
			size_t m = 0;
			for (const char *t = raw; *t; t++)
				if (!(*t == ' ' && m && lits[k][m - 1] == ' '))
					lits[k][m++] = (char)(*t >= 'A' && *t <= 'Z' ? *t + 32 : *t);
			lits[k][m] = '\0';
			if (m == 1 && lits[k][0] == ' ')
				strcpy(lits[k], " a"); /* a lone space: every text has one */
		}
		/* in the last rounds, enough other literals for 32-bit states */
		size_t nfill = round >= 36 ? 3000 : 0;
		wn_prefilter pf = { 0 };
		for (size_t k = 0; k < nlits + nfill; k++) {
			char fill[16];
			char *one = k < nlits ? lits[k] : fill;
			if (k >= nlits) /* 13 letters that never occur in a text */
				for (int j = 0; j < 13; j++)
					fill[j] = (char)('c' + (next_random(&x) % 20)), fill[13] = '\0';
			size_t len = strlen(one);
			wn_literals l = { 1, &one, &len };
			ck_assert_int_eq(wn_prefilter_add(&pf, (uint32_t)(k < nlits ? k : nlits), &l), 0);
		}
		ck_assert_int_eq(wn_prefilter_build(&pf), 0);
		ck_assert(nfill ? pf.delta != NULL : pf.delta16 != NULL);
		ck_assert_uint_eq(pf.words, 1);
		/* enough rows that each lane reads more than one stretch */
		enum { ROWS = 32 };
		char texts[ROWS][208];
		uint32_t start[ROWS], end[ROWS];
		char joined[ROWS * 209];
		size_t len = 0;
		for (int t = 0; t < ROWS; t++) {
			random_text(&x, texts[t], next_random(&x) % 200);
			uint64_t bits[2] = { 0, 0 };
			wn_prefilter_scan(&pf, texts[t], strlen(texts[t]), bits);
			uint64_t want = expected_bits(texts[t], lits, nlits);
			ck_assert_msg((bits[0] & ((2ull << (nlits - 1)) - 1)) == want,
			              "'%s': bits %llx, want %llx", texts[t],
			              (unsigned long long)bits[0], (unsigned long long)want);
			start[t] = (uint32_t)len;
			memcpy(joined + len, texts[t], strlen(texts[t]));
			len += strlen(texts[t]);
			end[t] = (uint32_t)len;
			joined[len++] = '\n';
		}
		uint64_t rows[ROWS] = { 0 };
		wn_prefilter_scan_rows(&pf, joined, start, end, ROWS, rows);
		for (int t = 0; t < ROWS; t++) {
			uint64_t want = expected_bits(texts[t], lits, nlits);
			ck_assert_msg((rows[t * pf.words] & ((2ull << (nlits - 1)) - 1)) == want,
			              "row '%s': bits %llx, want %llx", texts[t],
			              (unsigned long long)rows[t * pf.words], (unsigned long long)want);
		}
		wn_prefilter_free(&pf);
	}
}
END_TEST

Suite *suite_prefilter(void)
{
	Suite *s = suite_create("prefilter");
	TCase *tc = tcase_create("literals");
	tcase_add_test(tc, required_literals);
	tcase_add_test(tc, long_word_lists_keep_their_first_bytes);
	tcase_add_test(tc, automaton_finds_the_patterns);
	tcase_add_test(tc, a_shared_pool_gives_the_same_literals);
	tcase_add_test(tc, rows_in_lanes_as_one_by_one);
	tcase_add_test(tc, runs_of_spaces_read_as_one);
	suite_add_tcase(s, tc);
	return s;
}
