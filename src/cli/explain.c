/*
 * explain.c: printing --explain lines and diagnostics.
 *
 * Owns the explain format: line number, verdict, category, rule id, then
 * the line itself after " | ". Removed spans of a partial line are shown
 * inside [- and -], like wdiff.
 */
#include <string.h>

#include "cli.h"

void cli_print_diag(void *ud, const wn_diag *d)
{
	cli_diag *c = ud;
	if (d->level == WN_DIAG_ERROR)
		c->errors++;
	char buf[4096];
	size_t n = wn_diag_format(d, buf, sizeof buf);
	fputs(buf, stderr);
	if (n >= sizeof buf)
		fputs("...\n", stderr);
}

static const char *verdict_name(wn_verdict v)
{
	switch (v) {
	case WN_KEEP: return "KEEP";
	case WN_DROP: return "DROP";
	default: return "PART";
	}
}

void cli_explain_line(void *ud, const wn_line_verdict *v)
{
	explain_printer *p = ud;
	const char *cat = "-", *id = "-";
	if (v->line_no == 1)
		fprintf(p->out, "# language: %s\n", v->lang && *v->lang ? v->lang : "und");
	wn_rule_info info;
	int rule = v->rule;
	if (rule < 0 && v->nspans)
		rule = v->spans[0].rule;
	if (rule >= 0 && wn_rules_get(p->rules, (size_t)rule, &info) == WN_OK) {
		cat = info.category;
		id = info.id;
	}
	char idbuf[160];
	if (v->nspans > 1) {
		int others = 0;
		for (size_t i = 1; i < v->nspans; i++)
			others += v->spans[i].rule != v->spans[0].rule;
		if (others) {
			snprintf(idbuf, sizeof idbuf, "%s+%d", id, others);
			id = idbuf;
		}
	}
	const char *reason = v->reason && *v->reason ? v->reason : NULL;
	if (rule < 0) {
		cat = "-";
		id = reason ? reason : "-";
	}
	fprintf(p->out, "%6zu %s %-14s %-26s ", v->line_no, verdict_name(v->verdict), cat, id);
	if (v->model_score >= 0) {
		fprintf(p->out, "p=%.2f ", v->model_score);
		/* what weighed most, for the lines the model decided */
		if (rule >= 0 && info.uses_model) {
			fputc('(', p->out);
			for (size_t i = 0; i < v->model_nterms && i < 3; i++) {
				char name[96];
				wn_rules_model_column(p->rules, v->model_terms[i].column, name, sizeof name);
				fprintf(p->out, "%s%s %+.1f", i ? ", " : "", name, v->model_terms[i].value);
			}
			fputs(") ", p->out);
		}
	}
	for (int k = 0; p->show[k] != -1; k++) {
		int s = p->show[k];
		const char *name = s >= 0 ? wn_feature_name((size_t)s) : p->conds[-2 - s];
		if (!v->features)
			fprintf(p->out, "%s=- ", name);
		else
			fprintf(p->out, "%s=%g ", name, s >= 0 ? (double)v->features[s]
			                                      : v->conditions ? v->conditions[-2 - s] : 0.0);
	}
	fputs("| ", p->out);
	size_t pos = 0;
	for (size_t i = 0; i < v->nspans; i++) {
		const wn_span *s = &v->spans[i];
		fwrite(v->text + pos, 1, s->start - pos, p->out);
		fputs("[-", p->out);
		fwrite(v->text + s->start, 1, s->end - s->start, p->out);
		fputs("-]", p->out);
		pos = s->end;
	}
	fwrite(v->text + pos, 1, v->len - pos, p->out);
	fputc('\n', p->out);
}
