/* print_tsv.c: the TSV format, a row a hit:
 * [QID<TAB>]RANK<TAB>SCORE<TAB>PATH<TAB>LOCATION<TAB>TEXT, LOCATION as in
 * text output (PART:LINE in a part), a partial hit's TEXT after
 * "[missing: WORD...] "; a file match's other passages follow as rows
 * with "+" for their score.  Tab, newline, CR and backslash are escaped
 * as \t \n \r \\. */
#include <stdio.h>
#include <string.h>

#include "printer.h"

static void put_tsv(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: putc(s[i], f);
		}
	}
}

/* One TSV row but its text: [QID<TAB>]RANK<TAB>SCORE<TAB>PATH<TAB>LOCATION<TAB>,
 * SCORE the hit's (six decimals) or "+" for a file match's other passage. */
static void put_tsv_row(FILE *f, const render_opts *o, const rb_record *r,
			unsigned rank, const double *score)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	if (o->qid) {
		put_tsv(f, o->qid, strlen(o->qid));
		putc('\t', f);
	}
	if (score)
		fprintf(f, "%u\t%.6f\t", rank, *score);
	else
		fprintf(f, "%u\t+\t", rank);
	put_tsv(f, path, plen);
	putc('\t', f);
	render_location(f, r, ':');
	putc('\t', f);
}

static int tsv_hit(printer *pr, const printed_hit *ph, char **err)
{
	(void)err;
	FILE *f = stdout;
	const result_hit *h = ph->h;
	put_tsv_row(f, pr->ro, &ph->p.r, ph->rank, &h->score);
	if (h->n_missing) {
		fputs("[missing:", f);
		for (size_t i = 0; i < h->n_missing; i++) {
			putc(' ', f);
			put_tsv(f, h->missing[i], strlen(h->missing[i]));
		}
		fputs("] ", f);
	}
	put_tsv(f, ph->p.r.text, ph->p.r.text_len);
	putc('\n', f);
	for (size_t k = 0; k < ph->n_others; k++) {
		put_tsv_row(f, pr->ro, &ph->others[k].r, ph->rank, NULL);
		put_tsv(f, ph->others[k].r.text, ph->others[k].r.text_len);
		putc('\n', f);
	}
	return 0;
}

const printer_format tsv_printer = {
	.partials = true,
	.text = true,
	.hit = tsv_hit,
	.stats = print_stats_aside,
};
