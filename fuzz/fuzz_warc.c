/*
 * fuzz_warc.c: the WARC/WET reader, with gzip, on arbitrary bytes. The
 * first byte chooses how the stream is fed and whether spam records are
 * dropped; a truncated or corrupt input must end in WN_ERR_FORMAT, never a
 * crash.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	data++;
	size--;
	wn_stream_options so = { 0 };
	so.format = WN_FORMAT_WARC;
	so.gzip = -1;
	so.gzip_level = 1;
	wn_filter_options fo = { (opt & 1) ? 512 : 0, 0 };
	wn_filter *f = wn_filter_new(fuzz_rules(), &fo);
	if (!f)
		return 0;
	wn_filter_set_spam_threshold(f, (opt & 2) ? 0.5 : -1);
	fuzz_stream(f, &so, data, size, (size_t)(opt >> 2) * 5 + 1);
	wn_filter_free(f);
	return 0;
}
