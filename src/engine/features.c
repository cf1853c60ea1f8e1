/* features.c: the feature table and the measuring pass (see features.h). */
#include "feats.h"
#include "winnow.h"

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

/* Share of capitalised words and of words in capitals, read from the input
 * bytes because the view is case-folded. Lower-case words of 1-3 letters
 * (of, the, and) do not count against title case. */
static void measure_case(const unsigned char *o, size_t olen, wn_feats *f)
{
	size_t capital = 0, lower = 0, allcaps = 0, i = 0;
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
		if (first_upper) {
			capital++;
			allcaps += all_upper && letters >= 2;
		} else if (letters > 3) {
			lower++;
		}
	}
	size_t cased = capital + lower;
	f->v[WN_F_TITLECASE] = cased ? (float)capital / (float)cased : 0;
	f->v[WN_F_CAPS] = cased ? (float)allcaps / (float)cased : 0;
}

/* A share of words, at most 1: in scripts without spaces every character is
 * looked up while two characters count as a word. */
static float share(float hits, size_t words)
{
	return words ? (hits >= (float)words ? 1.0f : hits / (float)words) : 0;
}

void wn_measure(const wn_wordlists *wl, int stop_list, const char *norm, size_t nlen,
                const char *orig, size_t olen, wn_feats *f)
{
	const unsigned char *s = (const unsigned char *)norm;
	while (nlen && s[nlen - 1] < 0x80 && (wn_ascii_class[s[nlen - 1]] & WN_C_SPACE))
		nlen--;
	while (nlen && s[0] < 0x80 && (wn_ascii_class[s[0]] & WN_C_SPACE))
		s++, nlen--;

	memset(f->v, 0, sizeof(float) * WN_F_FIRST_LINE);
	memset(f->list, 0, sizeof f->list);

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

	f->v[WN_F_WORDS] = (float)words;
	f->v[WN_F_CHARS] = (float)chars;
	f->v[WN_F_TERMINAL] = (float)terminal;
	f->v[WN_F_QUESTION] = terminal && last_real == '?';
	f->v[WN_F_PERIOD] = terminal && (last_real == '.' || last_real == 0x3002);
	f->v[WN_F_COLON_END] = last_ns == ':';
	f->v[WN_F_DIGITS] = nonspace ? (float)digits / (float)nonspace : 0;
	f->v[WN_F_ALPHA] = nonspace ? (float)(alpha + unspaced) / (float)nonspace : 0;
	f->v[WN_F_PUNCT] = nonspace ? (float)punct / (float)nonspace : 0;
	/* what needs a ':', ']', '@' or '.' is not looked for without one */
	f->v[WN_F_URLS] = (float)count_urls(s, nlen, marks);
	f->v[WN_F_EMAILS] = marks & MARK_AT ? (float)count_emails(s, nlen) : 0;
	f->v[WN_F_KV] = marks & MARK_COLON ? (float)kv_shape(s, nlen) : 0;
	f->v[WN_F_BULLET] = nlen && bullet_len(s, nlen) > 0;
	f->v[WN_F_SENTENCES] = (float)sentences;
	f->v[WN_F_SEPARATORS] = (float)seps;
	if (stop_list >= 0 && words)
		f->v[WN_F_STOPWORDS] = share(f->list[stop_list], words);
	f->v[WN_F_BOILERWORDS] = share(f->v[WN_F_BOILERWORDS], words);
	measure_case((const unsigned char *)orig, olen, f);
}
