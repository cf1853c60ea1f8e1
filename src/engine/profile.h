/*
 * profile.h: the engine's side of wn_profile (see winnow.h): a clock to
 * time phases and rules with, read only when a profile is set.
 */
#ifndef WN_PROFILE_H
#define WN_PROFILE_H

#include <time.h>

#include "winnow.h"

/* Monotonic seconds. */
static inline double wn_clock_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Add the time since *mark to phase, and move *mark to now (no profile:
 * nothing). */
static inline void wn_profile_phase(wn_profile *p, wn_phase phase, double *mark)
{
	if (!p)
		return;
	double now = wn_clock_seconds();
	p->phase_seconds[phase] += now - *mark;
	*mark = now;
}

#endif
