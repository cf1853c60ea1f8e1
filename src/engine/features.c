/* features.c: the feature table and the measuring pass (see features.h). */
#include "feats.h"
#include "winnow.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "wordlist.h"

const wn_feature_info wn_feature_table[WN_F_COUNT] = {
	[WN_F_WORDS] = { "words", "word count (scripts without spaces: one per two characters)" },
	[WN_F_CHARS] = { "chars", "characters, surrounding space excluded" },
	[WN_F_TERMINAL] = { "terminal", "ends with . ! or ? (closing quotes and brackets allowed)" },
	[WN_F_QUESTION] = { "question", "ends with ?" },
	[WN_F_PERIOD] = { "period", "ends with a full stop (closing quotes and brackets allowed)" },
	[WN_F_COLON_END] = { "colon_end", "ends with :" },
	[WN_F_STOPWORDS] = { "stopwords", "share of words in the document's stopword list" },
	[WN_F_BOILERWORDS] = { "boilerwords", "share of words in a boilerplate vocabulary (the boiler.LANG word lists)" },
	[WN_F_TITLECASE] = { "titlecase", "share of capitalised words (lower-case words of 1-3 letters aside)" },
	[WN_F_CAPS] = { "caps", "share of words written in capitals" },
	[WN_F_DIGITS] = { "digits", "share of digits among non-space characters" },
	[WN_F_ALPHA] = { "alpha", "share of letters among non-space characters" },
	[WN_F_PUNCT] = { "punct", "share of punctuation among non-space characters" },
	[WN_F_URLS] = { "urls", "URLs, www. names and Markdown links" },
	[WN_F_EMAILS] = { "emails", "e-mail addresses" },
	[WN_F_KV] = { "kv", "'Key: value' shape with a key of 1-4 words" },
	[WN_F_BULLET] = { "bullet", "starts with a bullet or a list number" },
	[WN_F_SENTENCES] = { "sentences", "number of sentences" },
	[WN_F_SEPARATORS] = { "separators", "item separators: | » › and spaced · /" },
	[WN_F_REST_WORDS] = { "rest_words", "words of the line outside the subject (suffix, sentence)" },
	[WN_F_REST_TERMINAL] = { "rest_terminal", "the line outside the subject ends a sentence" },
	[WN_F_LINE_WORDS] = { "line_words", "words of the whole line" },
	[WN_F_DUP_NEXT] = { "dup_next", "same text as the next non-blank line" },
	[WN_F_DUP_PREV] = { "dup_prev", "same text as the previous non-blank line" },
	[WN_F_DUP_NEAR] = { "dup_near", "same text within two non-blank lines either way" },
	[WN_F_REPEATS] = { "repeats", "other lines of the document with the same text" },
	[WN_F_BLANK_BEFORE] = { "blank_before", "a blank line or the start of the document precedes" },
	[WN_F_BLANK_AFTER] = { "blank_after", "a blank line or the end of the document follows" },
	[WN_F_LINE_NO] = { "line_no", "1-based position among non-blank lines" },
	[WN_F_LINES_LEFT] = { "lines_left", "non-blank lines after this one" },
	[WN_F_INDENT] = { "indent", "leading spaces (a tab counts 4)" },
	[WN_F_PARA_WORDS] = { "para_words", "words of the paragraph (hard-wrapped text: the lines up to a blank line; otherwise the line)" },
	[WN_F_PARA_LINES] = { "para_lines", "lines of the paragraph" },
	[WN_F_PARA_TERMINAL] = { "para_terminal", "the paragraph ends like a sentence" },
	[WN_F_PARA_SENTENCES] = { "para_sentences", "sentences in the paragraph" },
	[WN_F_PARA_STOPWORDS] = { "para_stopwords", "share of the paragraph's words in the stopword list" },
	[WN_F_AFTER_PROSE] = { "after_prose", "after the last prose line of the document" },
	[WN_F_BEFORE_PROSE] = { "before_prose", "before the first prose line of the document" },
	[WN_F_NEXT_PROSE] = { "next_prose", "the next non-blank line still kept is prose" },
	[WN_F_PREV_PROSE] = { "prev_prose", "the previous non-blank line still kept is prose" },
	[WN_F_PROSE_DIST] = { "prose_dist", "non-blank lines to the nearest prose line" },
	[WN_F_PROSE_BEFORE] = { "prose_before", "words of the prose lines before this line" },
	[WN_F_PROSE_AFTER] = { "prose_after", "words of the prose lines after this line" },
	[WN_F_IN_MAIN] = { "in_main", "inside the main region: the run of lines with the highest main_score" },
	[WN_F_BEFORE_MAIN] = { "before_main", "before the main region" },
	[WN_F_AFTER_MAIN] = { "after_main", "after the main region" },
	[WN_F_MAIN_LEAD] = { "main_lead", "kept non-blank lines before the main region" },
	[WN_F_TO_MAIN] = { "to_main", "before the main region: kept non-blank lines between this line and the region (0 elsewhere)" },
	[WN_F_DROPPED] = { "dropped", "removed by a rule that reads no position (the first stage)" },
	[WN_F_BOILERPLATE] = { "boilerplate", "the line model's probability that the line is boilerplate (model.rules)" },
	[WN_F_LANG_KNOWN] = { "lang_known", "a stopword list fits the document" },
	[WN_F_WRAPPED] = { "wrapped", "the document is hard-wrapped: paragraphs continue on the next line" },
};

size_t wn_feature_count(void)
{
	return WN_F_COUNT;
}

const char *wn_feature_name(size_t i)
{
	return i < WN_F_COUNT ? wn_feature_table[i].name : NULL;
}

const char *wn_feature_help(size_t i)
{
	return i < WN_F_COUNT ? wn_feature_table[i].help : NULL;
}

int wn_feature_find(const char *name, size_t len)
{
	for (int i = 0; i < WN_F_COUNT; i++)
		if (strlen(wn_feature_table[i].name) == len &&
		    memcmp(wn_feature_table[i].name, name, len) == 0)
			return i;
	return -1;
}

static int is_bullet_cp(int32_t cp)
{
	switch (cp) {
	case '*': case '-': case '+': case '>':
	case 0x2022: case 0x00B7: case 0x2023: case 0x25E6: case 0x25AA: case 0x25CF:
	case 0x25CB: case 0x25A0: case 0x25A1: case 0x25BA: case 0x25B8: case 0x27A4:
	case 0x2713: case 0x2714: case 0x2013: case 0x2014: case 0x2043: case 0x2219:
		return 1;
	default:
		return 0;
	}
}

/* "• ", "- ", "1. ", "2) " at the start of s (already trimmed). Returns the
 * byte length of the marker and the space after it, or 0. */
static size_t bullet_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	int32_t cp;
	size_t l = wn_utf8_decode(s, n, &cp);
	if (is_bullet_cp(cp)) {
		if (l == n)
			return l;
		if (s[l] == ' ' || s[l] == '\t')
			return l + 1;
		return 0;
	}
	size_t i = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
		return i + 2;
	return 0;
}

/* "Key: value" with a key of 1-4 words of letters (after an optional bullet). */
static int kv_shape(const unsigned char *s, size_t n)
{
	size_t i = bullet_len(s, n);
	while (i < n && s[i] == ' ')
		i++;
	size_t key_start = i;
	int words = 0, in_word = 0;
	while (i < n && i - key_start <= 40) {
		int32_t cp;
		size_t l = wn_utf8_decode(s + i, n - i, &cp);
		if (cp == ':') {
			/* not a URL scheme or a clock time */
			if (i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/')
				return 0;
			if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
				return 0;
			return words >= 1 && words <= 4;
		}
		if (wn_cp_is_letter(cp) || cp == '\'' || cp == '-' || cp == '.' || cp == '_' ||
		    (cp >= '0' && cp <= '9' && words)) {
			if (!in_word)
				words++;
			in_word = 1;
		} else if (cp == ' ' || cp == '\t') {
			in_word = 0;
		} else if (cp == '(' || cp == ')' || cp == '/' || cp == '&') {
			in_word = 0;
		} else {
			return 0;
		}
		i += l;
	}
	return 0;
}

/* apos: the word holds a "'" (the measuring pass saw it) */
static void count_lists(const wn_wordlists *wl, const unsigned char *w, size_t n, int apos,
                        wn_feats *f)
{
	if (!wl || n > 40)
		return;
	uint64_t m = wn_wordlists_lookup(wl, (const char *)w, n);
	if (!m && apos && n > 2) {
		/* an elided article or pronoun (l'homme, dell'anno, qu'il) counts
		 * as its first part: the lists hold l' dell' qu' */
		const unsigned char *elided = memchr(w + 1, '\'', n - 2 < 7 ? n - 2 : 7);
		if (elided)
			m = wn_wordlists_lookup(wl, (const char *)w, (size_t)(elided - w) + 1);
	}
	f->v[WN_F_BOILERWORDS] += (m & wl->boiler_mask) != 0;
	while (m) {
		f->list[__builtin_ctzll(m)]++;
		m &= m - 1;
	}
}

static size_t count_emails(const unsigned char *s, size_t n)
{
	size_t emails = 0;
	const unsigned char *at = s, *end = s + n;
	while ((at = memchr(at, '@', (size_t)(end - at))) != NULL) {
		int before = at > s && at[-1] < 0x80 && (wn_ascii_class[at[-1]] & (WN_C_ALPHA | WN_C_DIGIT));
		const unsigned char *k = at + 1;
		int dot = 0, name = 0;
		while (k < end && *k < 0x80 &&
		       ((wn_ascii_class[*k] & (WN_C_ALPHA | WN_C_DIGIT)) || *k == '.' || *k == '-')) {
			if (*k == '.' && k + 1 < end && *(k + 1) < 0x80 &&
			    (wn_ascii_class[*(k + 1)] & WN_C_ALPHA))
				dot = 1;
			name = 1;
			k++;
		}
		emails += before && name && dot;
		at++;
	}
	return emails;
}

/* Punctuation that URLs, e-mail addresses and "Key: value" need. */
enum { MARK_COLON = 1, MARK_BRACKET = 2, MARK_AT = 4, MARK_DOT = 8 };
static const uint8_t mark_of[128] = {
	[':'] = MARK_COLON, [']'] = MARK_BRACKET, ['@'] = MARK_AT, ['.'] = MARK_DOT,
};

/* marks: the MARK_* punctuation of s (a URL needs one of them) */
static size_t count_urls(const unsigned char *s, size_t n, unsigned marks)
{
	/* memchr does the scanning: "://", "](" and "www." are rare */
	size_t urls = 0;
	const unsigned char *end = s + n, *p;
	for (p = s; (marks & MARK_COLON) && (p = memchr(p, ':', (size_t)(end - p))) != NULL; p++)
		urls += p - s >= 3 && end - p >= 3 && p[1] == '/' && p[2] == '/';
	for (p = s; (marks & MARK_BRACKET) && (p = memchr(p, ']', (size_t)(end - p))) != NULL; p++)
		urls += end - p >= 3 && p[1] == '(';
	for (p = s; (marks & MARK_DOT) && (p = memchr(p, 'w', (size_t)(end - p))) != NULL; p++)
		urls += end - p >= 4 && memcmp(p, "www.", 4) == 0 &&
		        (p == s || p[-1] == ' ' || p[-1] == '(');
	return urls;
}

/* The words measure_case counts: capitalised, lower-case of 4 letters or
 * more (shorter ones are of, the, and), and capitalised in capitals. */
typedef struct case_count {
	size_t capital, lower, allcaps;
} case_count;

static void count_word_case(case_count *c, int first_upper, int all_upper, size_t letters)
{
	if (first_upper) {
		c->capital++;
		c->allcaps += all_upper && letters >= 2;
	} else if (letters > 3) {
		c->lower++;
	}
}

static void set_case(const case_count *c, wn_feats *f)
{
	size_t cased = c->capital + c->lower;
	f->v[WN_F_TITLECASE] = cased ? (float)c->capital / (float)cased : 0;
	f->v[WN_F_CAPS] = cased ? (float)c->allcaps / (float)cased : 0;
}

/* Share of capitalised words and of words in capitals, read from the input
 * bytes because the view is case-folded. Lower-case words of 1-3 letters
 * (of, the, and) do not count against title case. */
static void measure_case(const unsigned char *o, size_t olen, wn_feats *f)
{
	case_count c = { 0, 0, 0 };
	size_t i = 0;
	while (i < olen) {
		int32_t cp;
		size_t l = o[i] < 0x80 ? (cp = o[i], 1) : wn_utf8_decode(o + i, olen - i, &cp);
		unsigned k = wn_cp_kind(cp);
		if (!(k & WN_K_LETTER)) {
			i += l;
			continue;
		}
		int first_upper = (k & WN_K_UPPER) != 0, all_upper = first_upper, letters = 0;
		while (i < olen) {
			/* ASCII letters and digits (most of a word): eight bytes
			 * at a time, then the last few in a tight loop */
			unsigned ka, lt, up;
			size_t run = 8;
			while (run == 8 && i + 8 <= olen) {
				run = wn_ascii_alnum_run8(o + i, &lt, &up);
				letters += (int)lt;
				all_upper &= up == lt;
				i += run;
			}
			while (run == 8 && i < olen && o[i] < 0x80 &&
			       ((ka = wn_ascii_kind[o[i]]) & (WN_K_LETTER | WN_K_DIGIT))) {
				if (ka & WN_K_LETTER) {
					letters++;
					all_upper &= (ka & WN_K_UPPER) != 0;
				}
				if (++i == olen)
					break;
			}
			if (i == olen)
				break;
			l = o[i] < 0x80 ? (cp = o[i], 1) : wn_utf8_decode(o + i, olen - i, &cp);
			if (cp == 0x2019)
				k = WN_K_APOS;
			else
				k = wn_cp_kind(cp);
			if (!(k & (WN_K_WORD | WN_K_APOS)))
				break;
			if (k & WN_K_LETTER) {
				letters++;
				all_upper &= (k & WN_K_UPPER) != 0;
			}
			i += l;
		}
		count_word_case(&c, first_upper, all_upper, (size_t)letters);
	}
	set_case(&c, f);
}

/* A share of words, at most 1: in scripts without spaces every character is
 * looked up while two characters count as a word. */
static float share(float hits, size_t words)
{
	return words ? (hits >= (float)words ? 1.0f : hits / (float)words) : 0;
}

/* What either measuring path counts, for the features both derive alike. */
typedef struct tally {
	size_t chars, nonspace, alpha, digits, punct, words, seps, sentences;
	unsigned marks;         /* the MARK_* punctuation seen */
	int32_t last_ns;        /* the last non-space code point */
	int32_t last_real;      /* the last one that is not a closer */
	int terminal;
} tally;

static void set_features(const tally *t, int stop_list,
                         const unsigned char *s, size_t nlen, wn_feats *f)
{
	f->v[WN_F_WORDS] = (float)t->words;
	f->v[WN_F_CHARS] = (float)t->chars;
	f->v[WN_F_TERMINAL] = (float)t->terminal;
	f->v[WN_F_QUESTION] = t->terminal && t->last_real == '?';
	f->v[WN_F_PERIOD] = t->terminal && (t->last_real == '.' || t->last_real == 0x3002);
	f->v[WN_F_COLON_END] = t->last_ns == ':';
	float nonspace = (float)t->nonspace;
	f->v[WN_F_DIGITS] = t->nonspace ? (float)t->digits / nonspace : 0;
	f->v[WN_F_ALPHA] = t->nonspace ? (float)t->alpha / nonspace : 0;
	f->v[WN_F_PUNCT] = t->nonspace ? (float)t->punct / nonspace : 0;
	/* what needs a ':', ']', '@' or '.' is not looked for without one */
	f->v[WN_F_URLS] = (float)count_urls(s, nlen, t->marks);
	f->v[WN_F_EMAILS] = t->marks & MARK_AT ? (float)count_emails(s, nlen) : 0;
	f->v[WN_F_KV] = t->marks & MARK_COLON ? (float)kv_shape(s, nlen) : 0;
	f->v[WN_F_BULLET] = nlen && bullet_len(s, nlen) > 0;
	f->v[WN_F_SENTENCES] = (float)t->sentences;
	f->v[WN_F_SEPARATORS] = (float)t->seps;
	if (stop_list >= 0 && t->words)
		f->v[WN_F_STOPWORDS] = share(f->list[stop_list], t->words);
	f->v[WN_F_BOILERWORDS] = share(f->v[WN_F_BOILERWORDS], t->words);
}

/* s[0..nlen), trimmed, a code point at a time: any text. */
static void measure_text(const wn_wordlists *wl, const unsigned char *s, size_t nlen, tally *t,
                         wn_feats *f)
{
	size_t chars = 0, nonspace = 0, alpha = 0, digits = 0, punct = 0;
	size_t words = 0, unspaced = 0, seps = 0, sentences = 0;
	size_t word_start = 0;
	unsigned marks = 0;     /* the MARK_* punctuation seen */
	int in_word = 0, apos = 0;
	int32_t prev = 0;       /* previous code point */
	int32_t last_ns = 0;    /* last non-space code point */
	unsigned last_real_k = 0, last_ns_k = 0;
	int32_t last_real = 0;  /* last non-space code point that is not a closer */
	size_t i = 0;
	while (i <= nlen) {
		int32_t cp;
		size_t l;
		unsigned k;
		if (i == nlen) {
			cp = ' ';
			l = 1;
			k = WN_K_SPACE;
		} else if (s[i] < 0x80) {
			cp = s[i];
			l = 1;
			k = wn_ascii_kind[cp];
		} else {
			l = wn_utf8_decode(s + i, nlen - i, &cp);
			k = wn_cp_kind_slow(cp);
		}
		int word = (k & WN_K_WORD) != 0;
		if (!word && in_word) {
			int32_t next = 0;
			if ((k & WN_K_APOS) && i + 1 < nlen)
				wn_utf8_decode(s + i + 1, nlen - i - 1, &next);
			if ((k & WN_K_APOS) && (wn_cp_kind(next) & WN_K_LETTER)) {
				word = 1; /* inner apostrophe: don't, l'homme */
				apos |= cp == '\'';
			} else {
				count_lists(wl, s + word_start, i - word_start, apos, f);
				in_word = 0;
			}
		}
		if (i == nlen)
			break;
		chars++;
		if (k & WN_K_SPACE) {
			if (last_ns && (last_real_k & WN_K_TERMINAL) &&
			    (last_ns == last_real || (last_ns_k & WN_K_CLOSER)))
				sentences++;
			last_ns = last_real = 0;
			last_ns_k = last_real_k = 0;
			prev = cp;
			i += l;
			continue;
		}
		nonspace++;
		if (word && (k & WN_K_UNSPACED)) {
			/* scripts without spaces: every character is looked up on
			 * its own (the particles and function characters of Chinese
			 * and Japanese are single characters) */
			if (in_word) {
				count_lists(wl, s + word_start, i - word_start, apos, f);
				in_word = 0;
			}
			count_lists(wl, s + i, l, 0, f);
			unspaced++;
		} else if (word) {
			if (!in_word && !(k & WN_K_APOS)) {
				in_word = 1;
				apos = 0;
				word_start = i;
				words++;
			}
			if (k & WN_K_LETTER)
				alpha++;
			else if (k & WN_K_DIGIT)
				digits++;
		} else {
			punct++;
			if (cp < 0x80)
				marks |= mark_of[cp];
			if (cp == '|' || cp == 0x00BB || cp == 0x203A)
				seps++;
			else if ((cp == 0x00B7 || cp == '/' || cp == 0x2022) && prev == ' ' &&
			         i + l < nlen && s[i + l] == ' ')
				seps++;
		}
		last_ns = cp;
		last_ns_k = k;
		if (!(k & WN_K_CLOSER) || !last_real) {
			last_real = cp;
			last_real_k = k;
		}
		prev = cp;
		i += l;
		if (in_word) {
			/* The rest of a word in plain ASCII letters and digits (most
			 * of a view) changes only counts: take it in one tight loop,
			 * leaving its last character as the one seen last. */
			size_t j = i, letters = 0, run = 8;
			unsigned kj = 0, lt, up;
			while (run == 8 && j + 8 <= nlen) {
				run = wn_ascii_alnum_run8(s + j, &lt, &up);
				letters += lt;
				j += run;
			}
			while (run == 8 && j < nlen && s[j] < 0x80 &&
			       ((kj = wn_ascii_kind[s[j]]) & (WN_K_LETTER | WN_K_DIGIT))) {
				letters += (kj & WN_K_LETTER) != 0;
				j++;
			}
			if (j > i) {
				chars += j - i;
				nonspace += j - i;
				alpha += letters;
				digits += j - i - letters;
				last_ns = last_real = prev = s[j - 1];
				last_ns_k = last_real_k = wn_ascii_kind[s[j - 1]];
				i = j;
			}
		}
	}
	words += (unspaced + 1) / 2;
	int terminal = last_ns && (last_real_k & WN_K_TERMINAL) &&
	               (last_ns == last_real || (last_ns_k & WN_K_CLOSER));
	sentences += terminal || (!terminal && words > 0 && last_ns);
	*t = (tally){ chars, nonspace, alpha + unspaced, digits, punct, words, seps, sentences,
	              marks, last_ns, last_real, terminal };
}
/* ------------------------------------------------------------------ */
/* Bit masks, 16 bytes at a time                                       */

/* The views of most lines are printable ASCII (typographic quotes and
 * spaces fold to ASCII), and most of the text before folding is ASCII but
 * for punctuation. Character classes are taken 16 bytes at a time into bit
 * masks, one bit per byte, and most counts are popcounts; only words (for
 * the word lists and case) and the ends of runs after punctuation (for
 * sentences) are visited one by one. The results equal measure_text's
 * and measure_case's (check_features compares them on random text). */

enum { MASK_MAX = 4096, MASK_WORDS = MASK_MAX / 64 };

/* The classes of a printable ASCII view; each array has a word of zeros
 * after the last one in use. */
typedef struct view_masks {
	uint64_t space[MASK_WORDS + 1], letter[MASK_WORDS + 1], digit[MASK_WORDS + 1];
	uint64_t under[MASK_WORDS + 1], apos[MASK_WORDS + 1], bar[MASK_WORDS + 1];
	uint64_t slash[MASK_WORDS + 1];
	unsigned marks;
	size_t n;      /* 64-bit words in use */
} view_masks;

/* What case needs of the text before folding: ASCII letters, capitals, and
 * the characters that a word runs on through (letters, digits, '_',
 * apostrophes). */
typedef struct case_masks {
	uint64_t letter[MASK_WORDS + 1], upper[MASK_WORDS + 1], runs[MASK_WORDS + 1];
	size_t n;
} case_masks;

/* Bits set (the POPCNT instruction is not in the x86-64 baseline, and
 * libgcc's fallback is a call) */
static inline unsigned pop64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

static inline uint64_t last_word_mask(size_t n)
{
	return n % 64 ? ((uint64_t)1 << (n % 64)) - 1 : ~(uint64_t)0;
}

/* 16 bytes of s at i, or the last few padded with spaces (in no mask
 * but the space mask, which last_word_mask clears) */
static inline const unsigned char *chunk(const unsigned char *s, size_t i, size_t n,
                                         unsigned char *pad)
{
	if (n - i >= 16)
		return s + i;
	memset(pad, ' ', 16);
	memcpy(pad, s + i, n - i);
	return pad;
}

#if defined(__SSE2__) && !defined(WN_NO_SIMD)
#include <emmintrin.h>

typedef __m128i bytes16;

static inline bytes16 load16(const unsigned char *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

/* a bit per byte equal to c */
static inline uint64_t eq16(bytes16 x, char c)
{
	return (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}

/* a bit per byte in [lo, hi] (signed compares: 0x80 and up are negative) */
static inline uint64_t range16(bytes16 x, char lo, char hi)
{
	return (uint16_t)_mm_movemask_epi8(
	        _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)(lo - 1))),
	                      _mm_cmplt_epi8(x, _mm_set1_epi8((char)(hi + 1)))));
}

static inline uint64_t letter16(bytes16 x)
{
	return range16(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z');
}

/* a bit per byte from 0x80 up */
static inline uint64_t high16(bytes16 x)
{
	return (uint16_t)_mm_movemask_epi8(x);
}

/* bytes outside 0x20..0x7E (from 0x80 up they are negative, below 0x20) */
static inline uint64_t unprintable16(bytes16 x)
{
	return (uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
	                                                _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))));
}

/* a bit per byte where view x is not text y with its capitals in lower case */
static inline uint64_t differ16(bytes16 x, bytes16 y)
{
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8('A' - 1)),
	                           _mm_cmplt_epi8(y, _mm_set1_epi8('Z' + 1)));
	__m128i lowered = _mm_or_si128(y, _mm_and_si128(up, _mm_set1_epi8(0x20)));
	return (uint16_t)~_mm_movemask_epi8(_mm_cmpeq_epi8(lowered, x));
}

/* Is one of the bytes seen c? Compared 16 at a time, asked at the end. */
typedef __m128i seen16;
static inline seen16 seen_none(void)
{
	return _mm_setzero_si128();
}
static inline seen16 see16(seen16 seen, bytes16 x, char c)
{
	return _mm_or_si128(seen, _mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}
static inline int seen(seen16 s)
{
	return _mm_movemask_epi8(s) != 0;
}
#else
typedef const unsigned char *bytes16;

static inline bytes16 load16(const unsigned char *p)
{
	return p;
}

static inline uint64_t eq16(bytes16 x, char c)
{
	uint64_t m = 0;
	for (int k = 0; k < 16; k++)
		m |= (uint64_t)(x[k] == (unsigned char)c) << k;
	return m;
}

static inline uint64_t range16(bytes16 x, char lo, char hi)
{
	uint64_t m = 0;
	for (int k = 0; k < 16; k++)
		m |= (uint64_t)(x[k] >= (unsigned char)lo && x[k] <= (unsigned char)hi) << k;
	return m;
}

static inline uint64_t letter16(bytes16 x)
{
	uint64_t m = 0;
	for (int k = 0; k < 16; k++)
		m |= (uint64_t)((x[k] | 0x20) >= 'a' && (x[k] | 0x20) <= 'z') << k;
	return m;
}

static inline uint64_t high16(bytes16 x)
{
	uint64_t m = 0;
	for (int k = 0; k < 16; k++)
		m |= (uint64_t)(x[k] >= 0x80) << k;
	return m;
}

static inline uint64_t unprintable16(bytes16 x)
{
	uint64_t m = 0;
	for (int k = 0; k < 16; k++)
		m |= (uint64_t)(x[k] < 0x20 || x[k] >= 0x7F) << k;
	return m;
}

static inline uint64_t differ16(bytes16 x, bytes16 y)
{
	uint64_t m = 0;
	for (int k = 0; k < 16; k++)
		m |= (uint64_t)(x[k] != (y[k] >= 'A' && y[k] <= 'Z' ? y[k] | 0x20 : y[k])) << k;
	return m;
}

typedef uint64_t seen16;
static inline seen16 seen_none(void)
{
	return 0;
}
static inline seen16 see16(seen16 seen, bytes16 x, char c)
{
	return seen | eq16(x, c);
}
static inline int seen(seen16 s)
{
	return s != 0;
}
#endif

/* The masks of view v[0..n), -1 when a byte is not printable ASCII. When
 * o[0..n) is the view's text before folding (printable, and the view but
 * for capitals), *cased is set and cm gets its case (the view's letters
 * are o's). */
static int view_masks_of(const unsigned char *v, const unsigned char *o, size_t n,
                         view_masks *m, case_masks *cm, int *cased)
{
	unsigned char pad_v[16], pad_o[16];
	uint64_t bad_o = 0;
	seen16 colon = seen_none(), bracket = colon, at = colon, dot = colon;
	m->n = (n + 63) / 64;
	for (size_t w = 0; w < m->n; w++) {
		uint64_t sp = 0, lt = 0, dg = 0, un = 0, ap = 0, br = 0, sl = 0, up = 0, bad = 0;
		for (size_t c = 0, i = w * 64; c < 4 && i < n; c++, i += 16) {
			bytes16 x = load16(chunk(v, i, n, pad_v));
			unsigned sh = (unsigned)c * 16;
			bad |= unprintable16(x);
			sp |= eq16(x, ' ') << sh;
			lt |= letter16(x) << sh;
			dg |= range16(x, '0', '9') << sh;
			un |= eq16(x, '_') << sh;
			ap |= eq16(x, '\'') << sh;
			br |= eq16(x, '|') << sh;
			sl |= eq16(x, '/') << sh;
			colon = see16(colon, x, ':');
			bracket = see16(bracket, x, ']');
			at = see16(at, x, '@');
			dot = see16(dot, x, '.');
			if (o) {
				bytes16 y = load16(chunk(o, i, n, pad_o));
				bad_o |= unprintable16(y) | differ16(x, y);
				up |= range16(y, 'A', 'Z') << sh;
			}
		}
		if (bad)
			return -1;
		uint64_t keep = w + 1 == m->n ? last_word_mask(n) : ~(uint64_t)0;
		m->space[w] = sp & keep;
		m->letter[w] = lt & keep;
		m->digit[w] = dg;
		m->under[w] = un;
		m->apos[w] = ap;
		m->bar[w] = br;
		m->slash[w] = sl;
		/* o's case, kept when o proves to be the view but for capitals */
		cm->letter[w] = m->letter[w];
		cm->upper[w] = up & keep;
		cm->runs[w] = m->letter[w] | dg | un | ap;
	}
	size_t end = m->n;
	m->space[end] = m->letter[end] = m->digit[end] = m->under[end] = m->apos[end] = 0;
	m->bar[end] = m->slash[end] = 0;
	m->marks = (seen(colon) ? MARK_COLON : 0) | (seen(bracket) ? MARK_BRACKET : 0) |
	           (seen(at) ? MARK_AT : 0) | (seen(dot) ? MARK_DOT : 0);
	*cased = o && !bad_o;
	cm->n = m->n;
	cm->letter[end] = cm->upper[end] = cm->runs[end] = 0;
	return 0;
}

/* The case masks of o[0..n), the text before folding: -1 when it holds a
 * letter outside ASCII (its case needs Unicode's tables). Other code
 * points outside ASCII end a word, or run on in it as measure_case lets
 * them (apostrophes, digits, marks). */
static int case_masks_of(const unsigned char *o, size_t n, case_masks *cm)
{
	unsigned char pad[16];
	size_t next = 0;    /* the first byte not inside a code point read */
	uint64_t spill = 0; /* bytes of such a code point in the next word */
	cm->n = (n + 63) / 64;
	for (size_t w = 0; w < cm->n; w++) {
		uint64_t lt = 0, up = 0, runs = 0, high = 0;
		for (size_t c = 0, i = w * 64; c < 4 && i < n; c++, i += 16) {
			bytes16 y = load16(chunk(o, i, n, pad));
			unsigned sh = (unsigned)c * 16;
			uint64_t l = letter16(y);
			lt |= l << sh;
			up |= range16(y, 'A', 'Z') << sh;
			runs |= (l | range16(y, '0', '9') | eq16(y, '_') | eq16(y, '\'')) << sh;
			high |= high16(y) << sh;
		}
		uint64_t keep = w + 1 == cm->n ? last_word_mask(n) : ~(uint64_t)0, carried = spill;
		spill = 0;
		for (high &= keep; high; high &= high - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(high);
			if (i < next)
				continue;
			int32_t cp;
			size_t l = wn_utf8_decode(o + i, n - i, &cp);
			unsigned k = cp == 0x2019 ? WN_K_APOS : wn_cp_kind(cp);
			if (k & WN_K_LETTER)
				return -1;
			if (k & (WN_K_WORD | WN_K_APOS)) {
				/* its bytes run on (l <= 4: at most into the next word) */
				runs |= (((uint64_t)1 << l) - 1) << (i % 64);
				if (i % 64 + l > 64)
					spill = ((uint64_t)1 << (i % 64 + l - 64)) - 1;
			}
			next = i + l;
		}
		cm->letter[w] = lt & keep;
		cm->upper[w] = up & keep;
		cm->runs[w] = (runs | carried) & keep;
	}
	cm->letter[cm->n] = cm->upper[cm->n] = cm->runs[cm->n] = 0;
	return 0;
}

/* bits i-1 and i+1 of the bits around word w of a mask array */
static inline uint64_t before(const uint64_t *a, size_t w)
{
	return (a[w] << 1) | (w ? a[w - 1] >> 63 : 0);
}
static inline uint64_t after(const uint64_t *a, size_t w)
{
	return (a[w] >> 1) | (a[w + 1] << 63);
}

/* The runs of set bits of a mask array (n words in use, then a word of
 * zeros), in order: run k is [start[k], end[k]). Their first and last bits
 * are listed a word at a time, each loop only finding bits, which costs a
 * fraction of walking run by run. Returns how many there are (at most
 * MAX_RUNS). */
enum { MAX_RUNS = MASK_MAX / 2 };

static size_t runs_of(const uint64_t *a, size_t n, uint16_t *start, uint16_t *end)
{
	size_t ns = 0, ne = 0;
	for (size_t w = 0; w < n; w++) {
		for (uint64_t f = a[w] & ~before(a, w); f; f &= f - 1)
			start[ns++] = (uint16_t)(w * 64 + (size_t)__builtin_ctzll(f));
		for (uint64_t l = a[w] & ~after(a, w); l; l &= l - 1)
			end[ne++] = (uint16_t)(w * 64 + (size_t)__builtin_ctzll(l) + 1);
	}
	return ns;
}

/* The bits [i, end) of word i / 64, up to the word's end */
static inline uint64_t span_bits(size_t i, size_t end)
{
	size_t len = end - i < 64 - i % 64 ? end - i : 64 - i % 64;
	return (len == 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1) << (i % 64);
}

/* Is a bit of a in [from, to) set? */
static int any_in(const uint64_t *a, size_t from, size_t to)
{
	for (size_t i = from; i < to; i = (i / 64 + 1) * 64)
		if (a[i / 64] & span_bits(i, to))
			return 1;
	return 0;
}

/* The last character of the run of non-spaces ending at s[e - 1] that is
 * not a closer, or the run's first (what measure_text calls last_real). */
static size_t last_real_at(const unsigned char *s, size_t e)
{
	size_t p = e - 1;
	while (p > 0 && s[p - 1] != ' ' && (wn_ascii_kind[s[p]] & WN_K_CLOSER))
		p--;
	return p;
}

/* s[0..n), trimmed, printable ASCII, its masks in m: measure_text's tally. */
static void measure_ascii(const wn_wordlists *wl, const unsigned char *s, size_t n,
                          const view_masks *m, tally *t, wn_feats *f)
{
	/* words: runs of letters, digits and '_', joined by an apostrophe
	 * between a word character and a letter (don't, l'homme) */
	uint64_t word[MASK_WORDS + 1], joined[MASK_WORDS + 1];
	size_t spaces = 0, alpha = 0, digits = 0, in_words = 0, words = 0, seps = 0, sentences = 0;
	uint64_t any_joined = 0;
	for (size_t w = 0; w <= m->n; w++)
		word[w] = m->letter[w] | m->digit[w] | m->under[w];
	for (size_t w = 0; w < m->n; w++) {
		joined[w] = m->apos[w] & before(word, w) & after(m->letter, w);
		any_joined |= joined[w];
	}
	joined[m->n] = 0;
	for (size_t w = 0; any_joined && w < m->n; w++)
		word[w] |= joined[w];
	for (size_t w = 0; w < m->n; w++) {
		uint64_t sp = m->space[w], slash = m->slash[w];
		spaces += pop64(sp);
		alpha += pop64(m->letter[w]);
		digits += pop64(m->digit[w]);
		in_words += pop64(word[w]);
		seps += pop64(m->bar[w]) +
		        (slash ? pop64(slash & before(m->space, w) & after(m->space, w)) : 0);
		/* a space after a run that ends in punctuation may end a sentence */
		uint64_t ends = sp & ~before(m->space, w) & ~before(m->letter, w) & ~before(m->digit, w);
		for (; ends; ends &= ends - 1) {
			size_t e = w * 64 + (size_t)__builtin_ctzll(ends);
			sentences += e > 0 && (wn_ascii_kind[s[last_real_at(s, e)]] & WN_K_TERMINAL);
		}
	}
	uint16_t start[MAX_RUNS], end[MAX_RUNS];
	words = runs_of(word, m->n, start, end);
	for (size_t k = 0; k < words; k++)
		count_lists(wl, s + start[k], (size_t)(end[k] - start[k]),
		            any_joined && any_in(joined, start[k], end[k]), f);
	int32_t last_ns = n ? s[n - 1] : 0, last_real = n ? s[last_real_at(s, n)] : 0;
	int terminal = n && (wn_ascii_kind[last_real] & WN_K_TERMINAL);
	sentences += terminal || (words > 0 && last_ns);
	*t = (tally){ n, n - spaces, alpha, digits, n - spaces - in_words, words, seps, sentences,
	              m->marks, last_ns, last_real, terminal };
}

/* measure_case from masks: a run of letters, digits, '_' and apostrophes
 * is a word from its first letter on. */
static void case_from_masks(const case_masks *cm, wn_feats *f)
{
	case_count c = { 0, 0, 0 };
	uint16_t start[MAX_RUNS], end[MAX_RUNS];
	size_t nruns = runs_of(cm->runs, cm->n, start, end);
	for (size_t k = 0; k < nruns; k++) {
		size_t a = start[k], b = end[k];
		size_t w = a / 64;
		if (b <= w * 64 + 64) {
			/* within one word (most words): its bits at once, no branches */
			uint64_t lt = cm->letter[w] & span_bits(a, b), up = cm->upper[w];
			uint64_t first_upper = (up & lt & -lt) != 0, two = lt & (lt - 1);
			uint64_t four = two & (two - 1);
			four &= four - 1;
			c.capital += first_upper;
			c.allcaps += first_upper & ((lt & ~up) == 0) & (two != 0);
			c.lower += !first_upper & (four != 0);
			continue;
		}
		size_t first = a;
		while (first < b && !((cm->letter[first / 64] >> (first % 64)) & 1))
			first++;
		if (first == b)
			continue;
		int first_upper = (cm->upper[first / 64] >> (first % 64)) & 1;
		size_t letters = 0;
		int all_upper = 1;
		for (size_t i = first; i < b; i = (i / 64 + 1) * 64) {
			uint64_t bits = span_bits(i, b), lt = cm->letter[i / 64] & bits;
			all_upper &= (lt & ~cm->upper[i / 64]) == 0;
			letters += pop64(lt);
		}
		count_word_case(&c, first_upper, all_upper, letters);
	}
	set_case(&c, f);
}

static void measure(const wn_wordlists *wl, int stop_list, const char *norm, size_t nlen,
                    const char *orig, size_t olen, int masks, wn_feats *f)
{
	const unsigned char *s = (const unsigned char *)norm, *o = (const unsigned char *)orig;
	size_t full = nlen;
	while (nlen && s[nlen - 1] < 0x80 && (wn_ascii_class[s[nlen - 1]] & WN_C_SPACE))
		nlen--;
	while (nlen && s[0] < 0x80 && (wn_ascii_class[s[0]] & WN_C_SPACE))
		s++, nlen--;

	wn_feats_clear_subject(f);
	tally t;
	view_masks m;
	case_masks cm;
	int cased = 0;
	/* A printable ASCII text before folding of the view's length is the
	 * view but for case: its spaces are the ones trimmed */
	const unsigned char *same = olen == full ? o + (s - (const unsigned char *)norm) : NULL;
	if (masks && nlen <= MASK_MAX && view_masks_of(s, same, nlen, &m, &cm, &cased) == 0)
		measure_ascii(wl, s, nlen, &m, &t, f);
	else
		measure_text(wl, s, nlen, &t, f);
	set_features(&t, stop_list, s, nlen, f);
	if (!cased && masks && olen <= MASK_MAX && case_masks_of(o, olen, &cm) == 0)
		cased = 1;
	if (cased)
		case_from_masks(&cm, f);
	else
		measure_case(o, olen, f);
}

/* WINNOW_CHECK_MEASURE set (read once): every text is measured both ways,
 * and a difference aborts */
static int check_measure;
static pthread_once_t check_once = PTHREAD_ONCE_INIT;

static void read_check_measure(void)
{
	const char *v = getenv("WINNOW_CHECK_MEASURE");
	check_measure = v && *v && strcmp(v, "0") != 0;
}

void wn_measure(const wn_wordlists *wl, int stop_list, const char *norm, size_t nlen,
                const char *orig, size_t olen, wn_feats *f)
{
	measure(wl, stop_list, norm, nlen, orig, olen, 1, f);
	pthread_once(&check_once, read_check_measure);
	if (!check_measure)
		return;
	wn_feats by_code_point = *f;
	measure(wl, stop_list, norm, nlen, orig, olen, 0, &by_code_point);
	if (memcmp(by_code_point.v, f->v, sizeof(float) * WN_F_FIRST_LINE) ||
	    memcmp(by_code_point.list, f->list, sizeof f->list)) {
		fprintf(stderr, "winnow: WINNOW_CHECK_MEASURE: bit masks and code points measure "
		        "\"%.*s\" differently\n", (int)(nlen < 200 ? nlen : 200), norm);
		abort();
	}
}

void wn_measure_by_code_point(const wn_wordlists *wl, int stop_list, const char *norm,
                              size_t nlen, const char *orig, size_t olen, wn_feats *f)
{
	measure(wl, stop_list, norm, nlen, orig, olen, 0, f);
}
