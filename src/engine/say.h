/*
 * say.h: formatted lines through a wn_write_fn, for the tables the
 * library prints (the --stats summary, the --profile table). The first
 * failed write stops the rest and is remembered.
 */
#ifndef WN_SAY_H
#define WN_SAY_H

#include "winnow.h"

typedef struct wn_printer {
	wn_write_fn fn;
	void *ud;
	int failed;
} wn_printer;

/* printf into p (a line is at most 511 bytes). */
void wn_say(wn_printer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
