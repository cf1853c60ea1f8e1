/* utf8.c: character classes (see utf8.h). */
#include "utf8.h"

#include <pthread.h>

#include <utf8proc.h>

#define S WN_C_SPACE
#define A WN_C_ALPHA
#define D WN_C_DIGIT
#define U (WN_C_ALPHA | WN_C_UPPER)
#define P WN_C_PUNCT
const unsigned char wn_ascii_class[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, S, S, S, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	S, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P,
	P, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, P, P, P, P, P,
	P, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
	A, A, A, A, A, A, A, A, A, A, A, P, P, P, P, 0,
};
#undef S
#undef A
#undef D
#undef U
#undef P

const unsigned char wn_ascii_lower[128] = {
	/* tab, vertical tab, form feed and carriage return read as spaces */
	0, 1, 2, 3, 4, 5, 6, 7, 8, ' ', 10, ' ', ' ', ' ', 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
	' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
	'`', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 127,
};

const uint16_t wn_ascii_kind[128] = {
	0, 0, 0, 0,
	0, 0, 0, 0,
	0, WN_K_SPACE, 0, WN_K_SPACE,
	WN_K_SPACE, 0, 0, 0,
	0, 0, 0, 0,
	0, 0, 0, 0,
	0, 0, 0, 0,
	0, 0, 0, 0,
	WN_K_SPACE, WN_K_TERMINAL, WN_K_CLOSER, 0,
	0, 0, 0, WN_K_CLOSER | WN_K_APOS,
	0, WN_K_CLOSER, WN_K_CLOSER, 0,
	0, 0, WN_K_TERMINAL, 0,
	WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD,
	WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD,
	WN_K_DIGIT | WN_K_WORD, WN_K_DIGIT | WN_K_WORD, 0, 0,
	0, 0, 0, WN_K_TERMINAL,
	0, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER,
	WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER,
	WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER,
	WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER,
	WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER,
	WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER,
	WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, WN_K_LETTER | WN_K_WORD | WN_K_UPPER, 0,
	0, WN_K_CLOSER, 0, WN_K_WORD | WN_K_CLOSER,
	0, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER,
	WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER,
	WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER,
	WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER,
	WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER,
	WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER,
	WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, WN_K_LETTER | WN_K_WORD | WN_K_LOWER, 0,
	0, WN_K_CLOSER, 0, 0,
};

static int terminal_cp(int32_t cp);
static int closer_cp(int32_t cp);

static unsigned kind_of(int32_t cp)
{
	unsigned k = 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
		k = WN_K_LETTER | WN_K_WORD | WN_K_UPPER;
		break;
	case UTF8PROC_CATEGORY_LL:
		k = WN_K_LETTER | WN_K_WORD | WN_K_LOWER;
		break;
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		k = WN_K_LETTER | WN_K_WORD;
		break;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		k = WN_K_WORD;
		break;
	case UTF8PROC_CATEGORY_ND:
		k = WN_K_WORD | WN_K_DIGIT;
		break;
	default:
		break;
	}
	if (wn_cp_is_unspaced(cp))
		k |= WN_K_UNSPACED;
	if (terminal_cp(cp))
		k |= WN_K_TERMINAL;
	if (closer_cp(cp))
		k |= WN_K_CLOSER;
	if (wn_cp_is_space(cp))
		k |= WN_K_SPACE;
	return k;
}

/* The kinds of the Basic Multilingual Plane, computed once: utf8proc's
 * lookups cost more than the rest of the measuring pass. */
static uint16_t bmp_kind[0x10000];
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;

static void fill_bmp(void)
{
	for (int32_t cp = 0; cp < 0x10000; cp++)
		bmp_kind[cp] = (uint16_t)(cp < 128 ? wn_ascii_kind[cp] : kind_of(cp));
}

void wn_cp_kinds_init(void)
{
	pthread_once(&bmp_once, fill_bmp);
}

unsigned wn_cp_kind_slow(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x10000) {
		wn_cp_kinds_init();
		return bmp_kind[cp];
	}
	return kind_of(cp);
}

size_t wn_utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int wn_cp_is_letter(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (wn_ascii_class[cp] & WN_C_ALPHA) != 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

int wn_cp_is_word(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (wn_ascii_class[cp] & (WN_C_ALPHA | WN_C_DIGIT)) || cp == '_';
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int wn_cp_is_upper(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (wn_ascii_class[cp] & WN_C_UPPER) != 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int wn_cp_is_lower(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int wn_cp_is_digit(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (wn_ascii_class[cp] & WN_C_DIGIT) != 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

int wn_cp_is_space(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (wn_ascii_class[cp] & WN_C_SPACE) != 0;
	if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x3000 ||
	    cp == 0x202F || cp == 0x205F || (cp >= 0x2000 && cp <= 0x200A))
		return 1;
	return 0;
}

int wn_cp_is_unspaced(int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility */
	       (cp >= 0x20000 && cp <= 0x2FA1F) || /* CJK extensions B.. */
	       (cp >= 0x0E00 && cp <= 0x0EFF) ||   /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF);     /* Khmer */
}

static int terminal_cp(int32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?':
	case 0x3002: /* 。 */
	case 0xFF61: /* ｡ */
	case 0x0964: /* Devanagari danda */
	case 0x06D4: /* Arabic full stop */
	case 0x061F: /* Arabic question mark */
	case 0x2026: /* … (only if not normalised) */
		return 1;
	default:
		return 0;
	}
}

static int closer_cp(int32_t cp)
{
	switch (cp) {
	case '"': case '\'': case ')': case ']': case '}': case '*': case '_':
	case 0x2019: case 0x201D: case 0x00BB: case 0x300D: case 0x300F:
	case 0xFF09: case 0x3011:
		return 1;
	default:
		return 0;
	}
}
