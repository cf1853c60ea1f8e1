/* say.c: formatted lines through a wn_write_fn (see say.h). */
#include "say.h"

#include <stdarg.h>
#include <stdio.h>

void wn_say(wn_printer *p, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || p->failed)
		return;
	size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
	if (p->fn(p->ud, buf, len) != 0)
		p->failed = 1;
}
