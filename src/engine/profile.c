/*
 * profile.c: where the time goes (wn_profile in winnow.h): sums per phase
 * and per rule, merged across threads, and the table `winnow --profile`
 * prints. The filter and the engine add to it (profile.h).
 */
#include "profile.h"
#include "say.h"

#include <stdlib.h>
#include <string.h>

static const char *const phase_names[WN_PHASE_COUNT] = {
	[WN_PHASE_MEASURE] = "measure",
	[WN_PHASE_SCAN] = "prefilter",
	[WN_PHASE_RULES1] = "rules, stage 1",
	[WN_PHASE_REGION] = "region",
	[WN_PHASE_MODEL] = "line model",
	[WN_PHASE_RULES2] = "rules, stage 2",
	[WN_PHASE_EMIT] = "emit",
};

const char *wn_phase_name(wn_phase phase)
{
	return (unsigned)phase < WN_PHASE_COUNT ? phase_names[phase] : NULL;
}

int wn_profile_init(wn_profile *p, const wn_rules *r)
{
	memset(p, 0, sizeof *p);
	p->nrules = wn_rules_count(r);
	p->rule_seconds = calloc(p->nrules + 1, sizeof(double));
	p->rule_runs = calloc(p->nrules + 1, sizeof(size_t));
	p->rule_matches = calloc(p->nrules + 1, sizeof(size_t));
	if (p->rule_seconds && p->rule_runs && p->rule_matches)
		return WN_OK;
	wn_profile_free(p);
	return WN_ERR_NOMEM;
}

void wn_profile_free(wn_profile *p)
{
	free(p->rule_seconds);
	free(p->rule_runs);
	free(p->rule_matches);
	p->rule_seconds = NULL;
	p->rule_runs = p->rule_matches = NULL;
	p->nrules = 0;
}

void wn_profile_merge(wn_profile *a, const wn_profile *b)
{
	a->docs += b->docs;
	a->bytes += b->bytes;
	for (int k = 0; k < WN_PHASE_COUNT; k++)
		a->phase_seconds[k] += b->phase_seconds[k];
	for (size_t i = 0; i < a->nrules && i < b->nrules; i++) {
		a->rule_seconds[i] += b->rule_seconds[i];
		a->rule_runs[i] += b->rule_runs[i];
		a->rule_matches[i] += b->rule_matches[i];
	}
}

typedef struct ranked {
	double seconds;
	size_t rule;
} ranked;

/* Most expensive first; equal times in rule order. */
static int by_time(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->seconds != y->seconds)
		return x->seconds < y->seconds ? 1 : -1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static double share(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0.0;
}

int wn_profile_print(const wn_profile *p, const wn_rules *r, size_t top, wn_write_fn fn,
                     void *userdata)
{
	wn_printer out = { fn, userdata, 0 };
	double total = 0;
	for (int k = 0; k < WN_PHASE_COUNT; k++)
		total += p->phase_seconds[k];
	wn_say(&out, "%-32s %10s %7s\n", "phase", "ms", "share");
	for (int k = 0; k < WN_PHASE_COUNT; k++)
		wn_say(&out, "%-32s %10.1f %6.1f%%\n", phase_names[k], 1e3 * p->phase_seconds[k],
		       share(p->phase_seconds[k], total));
	wn_say(&out, "%-32s %10.1f %6.1f%%  (%zu document%s, %.1f MB, %.1f MB/s)\n", "total",
	       1e3 * total, total > 0 ? 100.0 : 0.0, p->docs, p->docs == 1 ? "" : "s",
	       (double)p->bytes / 1e6, total > 0 ? (double)p->bytes / 1e6 / total : 0.0);
	size_t n = p->nrules < wn_rules_count(r) ? p->nrules : wn_rules_count(r);
	ranked *order = malloc((n + 1) * sizeof *order);
	if (!order)
		return WN_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		order[i] = (ranked){ p->rule_seconds[i], i };
	qsort(order, n, sizeof *order, by_time);
	size_t shown = top && top < n ? top : n;
	wn_say(&out, "%-32s %10s %7s %12s %10s\n", shown < n ? "rule (most expensive)" : "rule",
	       "ms", "share", "pattern runs", "matches");
	for (size_t k = 0; k < shown; k++) {
		wn_rule_info info;
		size_t i = order[k].rule;
		if (wn_rules_get(r, i, &info) != WN_OK)
			continue;
		wn_say(&out, "%-32s %10.1f %6.1f%% %12zu %10zu\n", info.id, 1e3 * order[k].seconds,
		       share(order[k].seconds, total), p->rule_runs[i], p->rule_matches[i]);
	}
	if (shown < n) {
		double rest = 0;
		size_t runs = 0, matches = 0;
		for (size_t k = shown; k < n; k++) {
			rest += order[k].seconds;
			runs += p->rule_runs[order[k].rule];
			matches += p->rule_matches[order[k].rule];
		}
		wn_say(&out, "%-32s %10.1f %6.1f%% %12zu %10zu\n", "(the other rules)", 1e3 * rest,
		       share(rest, total), runs, matches);
	}
	free(order);
	return out.failed ? WN_ERR_OUTPUT : WN_OK;
}
