/* print_trec.c: a TREC run, a line a hit: QID Q0 PATH#PASSAGE RANK SCORE
 * rubric (QID "1" for a single query), as trec_eval reads it.  A run has
 * no room to mark a partial hit: only hits holding the whole query. */
#include <stdio.h>
#include <string.h>

#include "printer.h"

/* TREC fields are split at white space: encode it (and '%'). */
static void put_trec(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '%')
			fprintf(f, "%%%02X", c);
		else
			putc(c, f);
	}
}

static int trec_hit(printer *pr, const printed_hit *h, char **err)
{
	(void)err;
	FILE *f = stdout;
	const rb_record *r = &h->p.r;
	size_t plen;
	const char *path = render_path(pr->ro, r, &plen);
	const char *qid = pr->ro->qid ? pr->ro->qid : "1";
	put_trec(f, qid, strlen(qid));
	fputs(" Q0 ", f);
	put_trec(f, path, plen);
	fprintf(f, "#%u %u %.6f rubric\n", r->passage, h->rank, h->h->score);
	return 0;
}

const printer_format trec_printer = {
	.hit = trec_hit,
	.stats = print_stats_aside,
};
