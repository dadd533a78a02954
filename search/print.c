/* print.c: a query's hits printed in the run's format: each hit gathered
 * (gather.c) as the format reads it, then handed to its callbacks
 * (printer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gather.h"
#include "printer.h"

/* Each path once, in the order of its best passage. */
static int seen_before(char ***seen, size_t *n, const char *path, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*seen)[i]) == len && memcmp((*seen)[i], path, len) == 0)
			return 1;
	char **p = realloc(*seen, (*n + 1) * sizeof *p);
	if (!p)
		return 1;
	*seen = p;
	p[*n] = strndup(path, len);
	if (p[*n])
		(*n)++;
	return 0;
}

/* On stderr: partial hits are among the answers (a batch's output is read
 * by programs, which see the "missing" marks). */
static void say_partial(const result_set *r)
{
	size_t n_partial = r->n - r->n_full;
	fprintf(stderr, PROG ": %s; %zu passage%s holding some of them %s, each"
		" with the words it lacks\n",
		r->n_full ? "few hits hold every word of the query"
			  : "nothing holds every word of the query",
		n_partial, n_partial == 1 ? "" : "s",
		!r->n_full ? (n_partial == 1 ? "follows" : "follow")
			   : (n_partial == 1 ? "is among the answers" : "are among the answers"));
}

int print_hits(printer *pr, search_run *s, render_stats *st, char **err)
{
	const printer_format *f = pr->format;
	char **seen = NULL;
	size_t n_seen = 0;
	int rc = 0;
	if (f->begin)
		f->begin(pr, s);
	if (!f->hit)
		return 0;
	if (s->r.n > s->r.n_full && f->partials && !pr->ro->qid)
		say_partial(&s->r);
	for (size_t i = 0; i < s->r.n && !rc && !ferror(stdout); i++) {
		printed_hit h;
		rc = gather_hit(pr, s, i, &h, err);
		if (!rc) {
			size_t plen;
			const char *path = render_path(pr->ro, &h.p.r, &plen);
			h.file_first = !seen_before(&seen, &n_seen, path, plen);
			rc = f->hit(pr, &h, err);
			pr->printed++;
		}
		gather_release(&h);
	}
	st->hits = s->r.n;
	st->files = n_seen;
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

void print_stats_aside(const printer *pr, const render_stats *st)
{
	render_text_summary(stderr, pr->ro, st);
}
