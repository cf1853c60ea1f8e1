/*
 * fuzz_jsonl.c: the JSONL reader and writer on arbitrary bytes. The first
 * byte chooses the options (field path, --annotate, --on-error, gzip); the
 * rest is the stream, fed in pieces.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	data++;
	size--;
	static const char *fields[] = { "text", "doc.body", "a.b.c", "id" };
	wn_stream_options so = { 0 };
	so.format = WN_FORMAT_JSONL;
	so.gzip = -1;
	so.field = fields[opt & 3];
	so.annotate = (opt >> 2) & 1;
	so.on_error = (wn_on_error)((opt >> 3) % 3);
	wn_filter *f = wn_filter_new(fuzz_rules(), NULL);
	if (!f)
		return 0;
	wn_filter_set_spam_threshold(f, (opt & 0x80) ? 0.5 : -1);
	fuzz_stream(f, &so, data, size, (size_t)(opt >> 5) * 7 + 1);
	wn_filter_free(f);
	return 0;
}
