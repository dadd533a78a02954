/* print_text.c: the text format, grep's: PATH:LOCATION: TEXT a hit,
 * PATH+LOCATION+ a file match's other passage, PATH-LOCATION- a
 * neighbour (-C, groups apart by "--"), --explain's lines after its hit,
 * --stats after the hits. */
#include <stdio.h>

#include "printer.h"

#define COLOR_PATH "\033[35m"
#define COLOR_LINE "\033[32m"
#define COLOR_MATCH "\033[1;31m"
#define COLOR_MISSING "\033[2m"
#define COLOR_END "\033[0m"

/* One line a passage: its newlines and tabs as spaces. */
static void put_folded(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		putc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, f);
	}
}

/* [QID:]PATH<sep>LOCATION<sep> with sep ':' for a hit, '-' for context,
 * '+' for a file match's other passage; -0 puts a NUL after the path
 * instead. */
static void put_prefix(FILE *f, const render_opts *o, const rb_record *r, char sep)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	if (o->qid)
		fprintf(f, "%s:", o->qid);
	if (o->color)
		fprintf(f, COLOR_PATH "%.*s" COLOR_END, (int)plen, path);
	else
		fwrite(path, 1, plen, f);
	putc(o->null_path ? '\0' : sep, f);
	if (o->color)
		fputs(COLOR_LINE, f);
	render_location(f, r, sep);
	if (o->color)
		fputs(COLOR_END, f);
	fprintf(f, "%c ", sep);
}

static void put_highlighted(FILE *f, const render_opts *o, const printed_passage *p)
{
	const rb_record *r = &p->r;
	size_t at = 0;
	for (size_t i = 0; o->color && i < p->n_hl; i++) {
		put_folded(f, r->text + at, p->hl[i].start - at);
		fputs(COLOR_MATCH, f);
		put_folded(f, r->text + p->hl[i].start, p->hl[i].end - p->hl[i].start);
		fputs(COLOR_END, f);
		at = p->hl[i].end;
	}
	put_folded(f, r->text + at, r->text_len - at);
	putc('\n', f);
}

/* PATH:LOCATION: TEXT, a partial hit's text after "[missing: WORD...] ";
 * a file match's other passages follow, one a line. */
static void put_hit(FILE *f, const render_opts *o, const printed_hit *h)
{
	put_prefix(f, o, &h->p.r, ':');
	if (h->h->n_missing) {
		fputs(o->color ? COLOR_MISSING "[missing:" : "[missing:", f);
		for (size_t i = 0; i < h->h->n_missing; i++)
			fprintf(f, " %s", h->h->missing[i]);
		fputs(o->color ? "]" COLOR_END " " : "] ", f);
	}
	put_highlighted(f, o, &h->p);
	for (size_t i = 0; i < h->n_others; i++) {
		put_prefix(f, o, &h->others[i].r, '+');
		put_highlighted(f, o, &h->others[i]);
	}
}

static void put_context(FILE *f, const render_opts *o, const printed_passage *p)
{
	put_prefix(f, o, &p->r, '-');
	put_folded(f, p->r.text, p->r.text_len);
	putc('\n', f);
}

/* --explain: each weighted part's BM25 share of the hit, and the length
 * normalisation, indented under the hit. */
static void put_explanation(FILE *f, const printed_hit *ph)
{
	const query_explanation *x = ph->x;
	const result_hit *h = ph->h;
	if (h->n_others)
		fprintf(f, "  a file match: %.2f x the sum of each part's weight in its best"
			" passage; this passage's own weights:\n", RESULTS_SCATTER_WEIGHT);
	if (h->blended)
		fprintf(f, "  score %.4f = %.2f x (passage %.4f + %.2f x its file's other passages"
			" %.4f + %.2f x its file %.4f)\n", h->score, RESULTS_PARTIAL_WEIGHT,
			ph->x_passage, RESULTS_OTHERS_WEIGHT, h->others_weight,
			RESULTS_FILE_WEIGHT, h->file_weight);
	fprintf(f, "  %s %.4f = sum of:\n", h->blended ? "passage" : "score", ph->x_passage);
	for (size_t k = 0; k < x->n_terms; k++)
		fprintf(f, "    %.4f  %s (%u in the passage, in %u passages)\n",
			x->terms[k].weight, x->terms[k].label, x->terms[k].occurrences,
			x->terms[k].passages);
	fprintf(f, "  length %u words, average %.1f: normalisation (1 - b) + b * %u / %.1f"
		" = %.3f (k1 %.2f, b %.2f)\n", x->length, x->avg_length, x->length,
		x->avg_length, ph->x_norm, x->k1, x->b);
}

static int text_hit(printer *pr, const printed_hit *h, char **err)
{
	(void)err;
	/* With -C, each hit and its neighbours are a group, as grep's. */
	if (pr->args->context && pr->printed)
		puts("--");
	for (size_t i = 0; i < h->n_before; i++)
		put_context(stdout, pr->ro, &h->before[i]);
	put_hit(stdout, pr->ro, h);
	if (h->x)
		put_explanation(stdout, h);
	for (size_t i = 0; i < h->n_after; i++)
		put_context(stdout, pr->ro, &h->after[i]);
	return 0;
}

/* After the hits, as ripgrep's --stats. */
static void text_stats(const printer *pr, const render_stats *st)
{
	putchar('\n');
	render_text_summary(stdout, pr->ro, st);
}

const printer_format text_printer = {
	.partials = true,
	.text = true,
	.context = true,
	.explain = true,
	.hit = text_hit,
	.stats = text_stats,
};
