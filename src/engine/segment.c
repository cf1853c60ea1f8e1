/*
 * segment.c: from document bytes to measured lines.
 *
 * Owns line splitting (LF, CRLF and lone CR all end a line; the bytes of
 * the line end are kept for output), the matching view of each line, the
 * subject features of each line, the document's language, and the
 * features that describe a line among its neighbours (blank neighbours,
 * duplicates, repeats, position among non-blank lines); and the memo of
 * short lines seen before, across documents (their features, and what
 * decide.c learnt of the patterns on them).
 */
#include <string.h>

#include "doc.h"
#include "utf8.h"

static int is_blank(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			if (!(wn_ascii_class[s[i]] & WN_C_SPACE))
				return 0;
			continue;
		}
		int32_t cp;
		size_t l = wn_utf8_decode(s + i, n - i, &cp);
		if (!wn_cp_is_space(cp) && cp != 0xFEFF && cp != 0x200B)
			return 0;
		i += l - 1;
	}
	return 1;
}

static int split_lines(wn_doc *d)
{
	const char *s = d->bytes;
	size_t n = d->len, i = d->body;
	d->lines.len = 0;
	while (i < n) {
		size_t start = i;
		/* memchr2 for \n and \r: the line end is whichever comes first */
		const char *lf = memchr(s + i, '\n', n - i);
		size_t lim = lf ? (size_t)(lf - s) : n;
		const char *cr = memchr(s + i, '\r', lim - i);
		size_t end = cr ? (size_t)(cr - s) : lim;
		uint8_t term = 0;
		if (end < n) {
			term = 1;
			if (s[end] == '\r' && end + 1 < n && s[end + 1] == '\n')
				term = 2;
		}
		wn_line *l = wn_vec_grow(&d->lines, sizeof *l, 1);
		if (!l)
			return -1;
		l->start = (uint32_t)start;
		l->len = (uint32_t)(end - start);
		l->term = term;
		l->rule = -1;
		l->last_cut = -1;
		l->aligned = 1;
		l->blank = is_blank((const unsigned char *)s + start, end - start);
		i = end + term;
	}
	return 0;
}

/* A list marker or Markdown block mark at the start of a view ("* ",
 * "1. ", "### ", "> ", html2text's "\\- "), possibly nested: patterns
 * start after it (the `bullet` feature keeps the fact). */
static size_t marker_len(const char *v, size_t n)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t i = 0;
	for (int round = 0; round < 3; round++) {
		size_t k = i;
		if (k < n && (s[k] == '*' || s[k] == '+' || s[k] == '-' || s[k] == '>'))
			k++;
		else if (k + 1 < n && s[k] == '\\' && s[k + 1] == '-')
			k += 2;
		else if (k + 2 < n && s[k] == 0xE2 && s[k + 1] == 0x80 && (s[k + 2] == 0xA2 || s[k + 2] == 0xA3))
			k += 3; /* • ‣ */
		else if (k + 1 < n && s[k] == 0xC2 && s[k + 1] == 0xB7)
			k += 2; /* · */
		else if (k < n && s[k] == '#') {
			while (k < n && s[k] == '#' && k - i < 6)
				k++;
		} else if (k < n && s[k] >= '0' && s[k] <= '9') {
			while (k < n && k - i < 3 && s[k] >= '0' && s[k] <= '9')
				k++;
			if (k >= n || (s[k] != '.' && s[k] != ')'))
				break;
			k++;
		} else {
			break;
		}
		/* a marker is followed by a space and then by something */
		if (k >= n || (s[k] != ' ' && s[k] != '\t'))
			break;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= n)
			break;
		i = k;
	}
	return i;
}

static size_t trim_view(const char *v, size_t n, size_t *lead)
{
	size_t b = 0;
	while (b < n && (unsigned char)v[b] < 0x80 && (wn_ascii_class[(unsigned char)v[b]] & WN_C_SPACE))
		b++;
	while (n > b && (unsigned char)v[n - 1] < 0x80 &&
	       (wn_ascii_class[(unsigned char)v[n - 1]] & WN_C_SPACE))
		n--;
	*lead = b;
	return n - b;
}

/* Count of other lines with the same hash: a small open-addressing table
 * rebuilt per document. */
typedef struct hslot {
	uint64_t hash;
	uint32_t count;
} hslot;

uint64_t wn_view_hash(const char *view, size_t len)
{
	size_t lead, tl = trim_view(view, len, &lead);
	return wn_hash_fast(view + lead, tl) | 1;
}

uint32_t wn_doc_hash_count(const wn_doc *d, uint64_t hash)
{
	const hslot *t = d->table.data;
	size_t cap = d->table.len;
	if (!cap)
		return 0;
	for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
		if (!t[i].hash)
			return 0;
		if (t[i].hash == hash)
			return t[i].count;
	}
}

static int count_repeats(wn_doc *d)
{
	size_t nb = d->nonblank.len;
	size_t cap = 16;
	while (cap < nb * 2)
		cap *= 2;
	d->table.len = 0;
	hslot *t = wn_vec_grow(&d->table, sizeof(hslot), cap);
	if (!t)
		return -1;
	wn_line *lines = d->lines.data;
	const uint32_t *idx = d->nonblank.data;
	d->repeats_max = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < nb; k++) {
			wn_line *l = &lines[idx[k]];
			if (!l->hash)
				continue;
			size_t i = l->hash & (cap - 1);
			while (t[i].hash && t[i].hash != l->hash)
				i = (i + 1) & (cap - 1);
			if (pass == 0) {
				t[i].hash = l->hash;
				t[i].count++;
				if (t[i].count > d->repeats_max)
					d->repeats_max = t[i].count;
			} else {
				WN_VEC_AT(d->feats, wn_feats, idx[k]).v[WN_F_REPEATS] = (float)(t[i].count - 1);
			}
		}
	return 0;
}

/* A document no stopword list fits: name its writing system (BCP 47
 * "und-Xxxx", or the language when the script has one: ja, ko, zh), from
 * the letters of its views. "und" when nothing stands out. */
static const char *guess_script(const wn_doc *d)
{
	static const struct { int32_t lo, hi; int script; } ranges[] = {
		{ 0x0370, 0x03FF, 1 }, { 0x0400, 0x052F, 2 }, { 0x0590, 0x05FF, 3 },
		{ 0x0600, 0x06FF, 4 }, { 0x0750, 0x077F, 4 }, { 0x0900, 0x097F, 5 },
		{ 0x0E00, 0x0E7F, 6 }, { 0x3040, 0x30FF, 7 }, { 0x1100, 0x11FF, 8 },
		{ 0xAC00, 0xD7AF, 8 }, { 0x3400, 0x4DBF, 9 }, { 0x4E00, 0x9FFF, 9 },
	};
	static const char *const names[] = { "und", "und-Grek", "und-Cyrl", "und-Hebr", "und-Arab",
	                                     "und-Deva", "th", "ja", "ko", "zh" };
	size_t count[10] = { 0 }, latin = 0;
	const unsigned char *u = d->norm.data;
	for (size_t i = 0, n = d->norm.len; i < n;) {
		if (u[i] < 0x80) {
			latin += (wn_ascii_class[u[i]] & WN_C_ALPHA) != 0;
			i++;
			continue;
		}
		int32_t cp;
		i += wn_utf8_decode(u + i, n - i, &cp);
		for (size_t k = 0; k < sizeof ranges / sizeof *ranges; k++)
			if (cp >= ranges[k].lo && cp <= ranges[k].hi)
				count[ranges[k].script]++;
	}
	/* kana make Han text Japanese; a script counts when its letters are a
	 * good share of all letters (CJK characters weigh as two) */
	if (count[7] > 0 && count[7] * 10 >= count[9] && count[7] * 4 >= latin)
		return names[7];
	int best = 0;
	for (int k = 1; k < 10; k++)
		if (count[k] > count[best])
			best = k;
	size_t weight = count[best] * (best >= 7 ? 2 : 1);
	return best && weight * 2 >= latin ? names[best] : names[0];
}

static void choose_language(wn_doc *d, const wn_rules *r)
{
	uint64_t mask = r->lists.stop_mask;
	uint64_t hits[WN_MAX_LISTS] = {0};
	double words = 0;
	wn_feats *f = d->feats.data;
	/* every list's count added up, a block of lines at a time into 32-bit
	 * sums (a block cannot overflow them): the compiler vectorises that,
	 * where picking out the stopword lists one by one it could not */
	for (size_t b = 0; b < d->lines.len; b += 65536) {
		uint32_t block[WN_MAX_LISTS] = {0};
		size_t e = d->lines.len - b < 65536 ? d->lines.len : b + 65536;
		for (size_t i = b; i < e; i++) {
			words += f[i].v[WN_F_WORDS];
			for (size_t k = 0; k < WN_MAX_LISTS; k++)
				block[k] += f[i].list[k];
		}
		for (size_t k = 0; k < WN_MAX_LISTS; k++)
			hits[k] += block[k];
	}
	int best = -1;
	for (uint64_t m = mask; m; m &= m - 1) {
		int k = __builtin_ctzll(m);
		if (best < 0 || hits[k] > hits[best])
			best = k;
	}
	/* Prose in a language has a fifth or more of its words on its stop
	 * list; menus and lists less. Below 8% no list fits. */
	if (best >= 0 && (words == 0 || (double)hits[best] / words < 0.08))
		best = -1;
	d->stop_list = best;
	d->lang = best >= 0 ? r->lists.names[best] + 5 : guess_script(d);
	for (size_t i = 0; i < d->lines.len; i++) {
		f[i].v[WN_F_LANG_KNOWN] = best >= 0;
		float w = f[i].v[WN_F_WORDS];
		f[i].v[WN_F_STOPWORDS] = best < 0 || w <= 0 ? 0 : f[i].list[best] >= w ? 1 : f[i].list[best] / w;
	}
}

/* Characters in s[0..n), counted up to a little over cap (widths only
 * matter up to 101 characters). */
static size_t char_len(const char *s, size_t n, size_t cap)
{
	size_t c = 0, i = 0;
	/* eight bytes at a time: a byte 10xxxxxx continues a character (one
	 * flag bit per byte, added up by a multiply: no popcount instruction
	 * is assumed) */
	for (; i + 8 <= n && c <= cap; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
		c += 8 - (size_t)((cont * 0x0101010101010101ull) >> 56);
	}
	for (; i < n && c <= cap; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/*
 * Hard-wrapped text (html2text, e-mail) breaks paragraphs into lines no
 * longer than a width W: every long line that continues on the next line
 * stopped there because the next word would not have fitted. Menus and
 * lists only do that by chance. Each width from 40 to 100 is tried; the
 * text is wrapped if some width explains at least two line breaks and
 * three quarters of the long continued lines.
 */
static void detect_wrapping(wn_doc *d)
{
	const wn_line *lines = d->lines.data;
	size_t n = d->lines.len;
	/* (length, length + 1 + next line's first word) of continued lines */
	uint16_t len[4096], fit[4096];
	uint8_t mid[4096];  /* the line ends mid-sentence */
	/* and the lengths of all non-blank lines, to see how many exceed a width */
	size_t longer[102] = { 0 }, total = 0;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const wn_line *l = &lines[i];
		if (l->blank)
			continue;
		size_t c = char_len(d->bytes + l->start, l->len, 101);
		longer[c > 101 ? 101 : c]++;
		total++;
		if (i + 1 == n || m == 4096 || lines[i + 1].blank || c < 24 || c > 100)
			continue;
		const wn_line *next = &lines[i + 1];
		const char *w = d->bytes + next->start;
		size_t k = 0, first = 0;
		while (k < next->len && (w[k] == ' ' || w[k] == '\t'))
			k++;
		while (k + first < next->len && w[k + first] != ' ')
			first++;
		size_t f = c + 1 + char_len(w + k, first, SIZE_MAX);
		len[m] = (uint16_t)c;
		fit[m] = (uint16_t)(f > 60000 ? 60000 : f);
		mid[m] = !((const wn_feats *)d->feats.data)[i].v[WN_F_TERMINAL];
		m++;
	}
	for (size_t c = 101; c-- > 0;)
		longer[c] += longer[c + 1]; /* longer[c]: lines of length >= c */
	/* per width W: the continued lines a wrap at W explains (W * 0.6 <=
	 * length <= W), those whose next word would not have fitted (fit > W)
	 * and those of them that end mid-sentence; each line adds to a range
	 * of widths, so the counts are running sums of range ends */
	long candidates[102] = { 0 }, wraps[102] = { 0 }, breaks[102] = { 0 };
	for (size_t k = 0; k < m; k++) {
		size_t lo = len[k] < 40 ? 40 : len[k], hi = (size_t)len[k] * 10 / 6;
		if (hi > 100)
			hi = 100;
		if (lo > hi)
			continue;
		candidates[lo]++;
		candidates[hi + 1]--;
		size_t fit_hi = (size_t)fit[k] - 1 < hi ? (size_t)fit[k] - 1 : hi; /* W < fit */
		if (lo <= fit_hi) {
			wraps[lo]++;
			wraps[fit_hi + 1]--;
			breaks[lo] += mid[k];
			breaks[fit_hi + 1] -= mid[k];
		}
	}
	int wrapped = 0;
	for (size_t width = 40; width <= 100 && !wrapped; width++) {
		candidates[width] += candidates[width - 1];
		wraps[width] += wraps[width - 1];
		breaks[width] += breaks[width - 1];
		/* and almost no line is longer than the width; at least two breaks
		 * fall inside a sentence (a sentence ending at a line end is what
		 * unwrapped text does) */
		size_t over = width + 6 <= 101 ? longer[width + 6] : 0;
		wrapped = breaks[width] >= 2 && wraps[width] * 5 >= candidates[width] * 3 &&
		          over * 20 <= total;
	}
	wn_feats *f = d->feats.data;
	for (size_t i = 0; i < n; i++)
		f[i].v[WN_F_WRAPPED] = (float)wrapped;
}

/* Paragraph features: in hard-wrapped text a paragraph is a run of
 * non-blank lines, and every line carries the paragraph's words, end and
 * stopword share; elsewhere a paragraph is its line. */
static void paragraphs(wn_doc *d)
{
	wn_line *lines = d->lines.data;
	wn_feats *f = d->feats.data;
	size_t n = d->lines.len;
	int wrapped = n && f[0].v[WN_F_WRAPPED] != 0;
	uint32_t para = 0;
	size_t i = 0;
	while (i < n) {
		if (lines[i].blank) {
			i++;
			continue;
		}
		size_t j = i + 1;
		if (wrapped)
			while (j < n && !lines[j].blank)
				j++;
		float words = 0, stop = 0, sentences = 0;
		for (size_t k = i; k < j; k++) {
			words += f[k].v[WN_F_WORDS];
			stop += f[k].v[WN_F_STOPWORDS] * f[k].v[WN_F_WORDS];
			sentences += f[k].v[WN_F_SENTENCES];
		}
		/* a line ending mid-sentence counted one sentence too many */
		for (size_t k = i; k + 1 < j; k++)
			if (!f[k].v[WN_F_TERMINAL] && f[k].v[WN_F_WORDS] > 0)
				sentences--;
		for (size_t k = i; k < j; k++) {
			lines[k].para = para;
			f[k].v[WN_F_PARA_WORDS] = words;
			f[k].v[WN_F_PARA_LINES] = (float)(j - i);
			f[k].v[WN_F_PARA_TERMINAL] = f[j - 1].v[WN_F_TERMINAL];
			f[k].v[WN_F_PARA_SENTENCES] = sentences;
			f[k].v[WN_F_PARA_STOPWORDS] = words > 0 ? stop / words : 0;
		}
		para++;
		i = j;
	}
}

static float indent_of(const char *s, size_t n)
{
	float ind = 0;
	for (size_t i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		ind += s[i] == '\t' ? 4 : 1;
	return ind;
}

/*
 * The features of short lines, remembered across documents. Menus, share
 * bars, bylines and footers come back page after page ("Home", "Share this
 * article", "All rights reserved"), and a short line costs more to measure
 * per byte than a long one: most of the cost is per line. A line's bytes
 * decide its view and its features (segment measures without the
 * document's language), and whether a pattern matches the whole line, so
 * a line seen before takes its features and its view hash from the memo,
 * and decide.c runs each pattern on it once (wn_doc_memo_matches). Two
 * ways per set, the one used last kept; an entry stays where it is while
 * it lives, so that lines can point at it.
 */
#define MEMO_SETS 1024
#define MEMO_WAYS 2
#define MEMO_MAX_BYTES 64

typedef struct wn_line_memo {
	uint64_t key;             /* hash of the line's bytes; 0: empty */
	uint64_t view_hash;
	uint8_t len;
	uint8_t recent;           /* the way of its set used last */
	char bytes[MEMO_MAX_BYTES];
	float v[WN_F_FIRST_LINE];
	uint16_t list[WN_MAX_LISTS];
} wn_line_memo;

/* The memo, ready for rules r: allocated on first use, emptied when the
 * rules change. -1: no memory (then every line is measured). */
static int memo_ready(wn_doc *d, const wn_rules *r)
{
	if (d->memo_rules == r && d->memo.len)
		return 0;
	size_t n = MEMO_SETS * MEMO_WAYS, words = (r->npatterns + 63) / 64;
	d->memo.len = d->memo_matches.len = 0;
	d->memo_rules = NULL;
	wn_line_memo *m = wn_vec_grow_raw(&d->memo, sizeof *m, n);
	if (!m || !wn_vec_grow_raw(&d->memo_matches, sizeof(uint64_t), n * 2 * words))
		return -1;
	for (size_t i = 0; i < n; i++)
		m[i].key = 0, m[i].recent = 0;
	d->memo_words = words;
	d->memo_rules = r;
	return 0;
}

/* The set of line text[0..n) in the memo (ready), with its key; NULL: too
 * long to remember. */
static wn_line_memo *memo_set(wn_doc *d, const char *text, size_t n, uint64_t *key)
{
	if (n > MEMO_MAX_BYTES)
		return NULL;
	*key = wn_hash_fast(text, n) | 1;
	return (wn_line_memo *)d->memo.data + (*key >> 32) % MEMO_SETS * MEMO_WAYS;
}

static uint64_t *memo_matches_of(const wn_doc *d, uint32_t ref)
{
	return (uint64_t *)d->memo_matches.data + (size_t)(ref - 1) * 2 * d->memo_words;
}

uint64_t *wn_doc_memo_matches(const wn_doc *d, const wn_line *l)
{
	if (!l->memo)
		return NULL;
	const wn_line_memo *e = (const wn_line_memo *)d->memo.data + (l->memo - 1);
	if (e->len != l->len || memcmp(e->bytes, d->bytes + l->start, l->len))
		return NULL;
	return memo_matches_of(d, l->memo);
}

/* 1 + the index of way w of set, as wn_line.memo has it */
static uint32_t memo_ref(const wn_doc *d, const wn_line_memo *set, int w)
{
	return (uint32_t)(set + w - (const wn_line_memo *)d->memo.data) + 1;
}

static void memo_touch(wn_line_memo *set, int w)
{
	for (int k = 0; k < MEMO_WAYS; k++)
		set[k].recent = k == w;
}

/* The way of set holding line text[0..n), or -1. */
static int memo_find(wn_line_memo *set, uint64_t key, const char *text, size_t n)
{
	for (int w = 0; w < MEMO_WAYS; w++)
		if (set[w].key == key && set[w].len == n && !memcmp(set[w].bytes, text, n)) {
			memo_touch(set, w);
			return w;
		}
	return -1;
}

/* Remember the line's features f and view hash in the way of its set used
 * least lately; what was known of the patterns there is forgotten. */
static int memo_add(wn_doc *d, wn_line_memo *set, uint64_t key, const char *text, size_t n,
                    const wn_feats *f, uint64_t view_hash)
{
	int w = 0;
	while (w + 1 < MEMO_WAYS && set[w].recent)
		w++;
	wn_line_memo *e = &set[w];
	e->key = key;
	e->view_hash = view_hash;
	e->len = (uint8_t)n;
	memcpy(e->bytes, text, n);
	memcpy(e->v, f->v, sizeof e->v);
	memcpy(e->list, f->list, sizeof e->list);
	memo_touch(set, w);
	uint32_t ref = memo_ref(d, set, w);
	memset(memo_matches_of(d, ref), 0, 2 * d->memo_words * sizeof(uint64_t));
	return w;
}

int wn_doc_segment(wn_doc *d, const wn_rules *r, size_t max_line_bytes)
{
	d->norm.len = d->maps.len = d->cuts.len = d->nonblank.len = 0;
	d->oversize = 0;
	if (split_lines(d))
		return -1;
	size_t n = d->lines.len;
	d->feats.len = 0;
	/* each row is cleared as its line is read: the subject features by
	 * wn_measure, which clears them itself, the rest here (zeroing the rows
	 * as they grow wrote most of them twice) */
	if (!wn_vec_grow_raw(&d->feats, sizeof(wn_feats), n))
		return -1;
	if (wn_normalizer_keep(&d->nz))
		return -1;
	int memo = memo_ready(d, r) == 0; /* without memory, every line is measured */
	wn_line *lines = d->lines.data;
	wn_feats *feats = d->feats.data;
	for (size_t i = 0; i < n; i++) {
		wn_line *l = &lines[i];
		const char *text = d->bytes + l->start;
		memset(feats[i].v + WN_F_FIRST_LINE, 0,
		       sizeof(float) * (WN_F_COUNT - WN_F_FIRST_LINE));
		feats[i].v[WN_F_INDENT] = indent_of(text, l->len);
		if (l->blank || l->len > max_line_bytes)
			wn_feats_clear_subject(&feats[i]);
		if (l->blank)
			continue;
		l->nb = (uint32_t)d->nonblank.len;
		if (!wn_vec_push(&d->nonblank, sizeof(uint32_t), &(uint32_t){ (uint32_t)i }))
			return -1;
		if (l->len > max_line_bytes) {
			/* passed through unexamined: no view, no features */
			l->oversize = 1;
			d->oversize++;
			l->hash = wn_hash_bytes(&i, sizeof i, 0x5eed); /* unique */
			continue;
		}
		l->norm_off = (uint32_t)d->norm.len;
		l->map_off = (uint32_t)d->maps.len;
		int aligned;
		if (wn_normalize(&d->nz, text, l->len, &d->norm, &d->maps, &aligned, &d->counts))
			return -1;
		l->aligned = (uint8_t)aligned;
		l->norm_len = (uint32_t)(d->norm.len - l->norm_off);
		l->keep_end = l->norm_len;
		/* a newline after each view: a paragraph's lines read as one text */
		if (wn_buf_putc(&d->norm, '\n'))
			return -1;
		const char *view = wn_line_view(d, l);
		size_t lead, tl = trim_view(view, l->norm_len, &lead);
		l->trim_end = (uint32_t)(lead + tl);
		l->trim_start = (uint32_t)(lead + marker_len(view + lead, tl));
		uint64_t key;
		wn_line_memo *set = memo ? memo_set(d, text, l->len, &key) : NULL;
		int w = set ? memo_find(set, key, text, l->len) : -1;
		if (w >= 0) {
			memcpy(feats[i].v, set[w].v, sizeof set[w].v);
			memcpy(feats[i].list, set[w].list, sizeof set[w].list);
			l->hash = set[w].view_hash;
			l->memo = memo_ref(d, set, w);
			continue;
		}
		wn_measure(&r->lists, -1, view, l->norm_len, text, l->len, &feats[i]);
		l->hash = wn_view_hash(view, l->norm_len);
		if (set)
			l->memo = memo_ref(d, set, memo_add(d, set, key, text, l->len, &feats[i], l->hash));
	}
	/* the views are stable now; nothing appends to norm any more */
	choose_language(d, r);
	detect_wrapping(d);
	paragraphs(d);

	const uint32_t *nb = d->nonblank.data;
	size_t nbn = d->nonblank.len;
	for (size_t k = 0; k < nbn; k++) {
		size_t i = nb[k];
		wn_feats *f = &feats[i];
		uint64_t h = lines[i].hash;
		f->v[WN_F_LINE_WORDS] = f->v[WN_F_WORDS];
		f->v[WN_F_LINE_NO] = (float)(k + 1);
		f->v[WN_F_LINES_LEFT] = (float)(nbn - k - 1);
		f->v[WN_F_BLANK_BEFORE] = i == 0 || lines[i - 1].blank;
		f->v[WN_F_BLANK_AFTER] = i + 1 == n || lines[i + 1].blank;
		f->v[WN_F_DUP_NEXT] = k + 1 < nbn && lines[nb[k + 1]].hash == h;
		f->v[WN_F_DUP_PREV] = k > 0 && lines[nb[k - 1]].hash == h;
		int near = 0;
		for (size_t j = k > 2 ? k - 2 : 0; j <= k + 2 && j < nbn; j++)
			near |= j != k && lines[nb[j]].hash == h;
		f->v[WN_F_DUP_NEAR] = (float)near;
	}
	return count_repeats(d);
}

void wn_doc_free(wn_doc *d)
{
	wn_vec_free(&d->lines);
	wn_vec_free(&d->feats);
	wn_vec_free(&d->norm);
	wn_vec_free(&d->maps);
	wn_vec_free(&d->cuts);
	wn_vec_free(&d->sentences);
	wn_vec_free(&d->nonblank);
	wn_vec_free(&d->table);
	wn_vec_free(&d->cond_cache);
	wn_vec_free(&d->pf_offs);
	wn_vec_free(&d->pf_ends);
	wn_vec_free(&d->pf_bits);
	wn_vec_free(&d->pf_start);
	wn_vec_free(&d->pf_lines);
	wn_vec_free(&d->model_in);
	wn_vec_free(&d->model_sum);
	wn_vec_free(&d->model_out);
	wn_vec_free(&d->memo);
	wn_vec_free(&d->memo_matches);
	wn_normalizer_free(&d->nz);
}
