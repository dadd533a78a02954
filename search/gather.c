/* gather.c: a hit gathered for its format: its passage decoded, its text
 * read back, highlighted and cut; its file match's other passages; its
 * neighbours; its explanation. */
#include "gather.h"

#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "cut.h"
#include "highlight.h"

/* The record of passage `number` of r's file: 0 with *data set, 1 when
 * there is none, 2 on error. */
static int fetch_passage(xc_db *db, const rb_record *r, uint32_t number,
			 char **data, size_t *len, char **err)
{
	char term[RB_PASSAGE_TERM_SIZE];
	int n = rb_passage_term(r->path, r->path_len, number, term);
	xc_query *q = NULL;
	xc_mset *m = NULL;
	int rc = 2;
	if (!xc_query_term(term, (size_t)n, 1, &q, err) &&
	    !xc_db_search(db, q, 0, 1, NULL, &m, err)) {
		rc = 1;
		if (xc_mset_size(m))
			rc = xc_mset_data(m, 0, data, len, err) ? 2 : 0;
	}
	xc_mset_free(m);
	xc_query_free(q);
	return rc;
}

/* -------------------------------------------------------------- max-chars */

typedef struct {
	char *stem;
} first_stem;

static int take_stem(const rb_token *tok, void *ctx)
{
	first_stem *fs = ctx;
	fs->stem = strndup(tok->stem, tok->stem_len);
	return 1;
}

/* Which highlights are the same word (same stem): ids[i] is the index of
 * the first highlight with the same stem as highlight i.  NULL: no memory. */
static unsigned *word_ids(rb_analyzer *a, const char *text, const rb_span *hl, size_t n)
{
	unsigned *ids = malloc((n + 1) * sizeof *ids);
	char **stems = calloc(n + 1, sizeof *stems);
	for (size_t i = 0; ids && stems && i < n; i++) {
		first_stem fs = { NULL };
		uint32_t pos = 0;
		rb_analyze(a, text + hl[i].start, hl[i].end - hl[i].start, &pos, take_stem, &fs);
		stems[i] = fs.stem;
		ids[i] = (unsigned)i;
		for (size_t k = 0; stems[i] && k < i; k++)
			if (stems[k] && strcmp(stems[k], stems[i]) == 0) {
				ids[i] = ids[k];
				break;
			}
	}
	for (size_t i = 0; stems && i < n; i++)
		free(stems[i]);
	free(stems);
	return ids;
}

static int cut_passage(rb_analyzer *a, printed_passage *p, size_t max_chars)
{
	if (!max_chars)
		return 0;
	unsigned *ids = word_ids(a, p->r.text, p->hl, p->n_hl);
	rb_span *hl = malloc((p->n_hl + 1) * sizeof *hl);
	char *out = NULL;
	size_t out_len = 0, n_hl = 0;
	int rc = ids && hl ? cut_text(p->r.text, p->r.text_len, p->hl, p->n_hl, ids,
				      max_chars, &out, &out_len, hl, &n_hl) : -1;
	free(ids);
	if (rc == 1) {
		free(p->hl);
		p->hl = hl;
		p->n_hl = n_hl;
		p->cut = out;
		p->r.text = out;
		p->r.text_len = out_len;
		return 0;
	}
	free(hl);
	return rc;
}

/* --------------------------------------------------------------- passages */

/* Gives a decoded passage its text, read back from its file where the
 * index does not hold it (the source reports a file that fails). */
static int load_text(search_index *ix, printed_passage *p, char **err)
{
	if (!p->r.text_in_file || rb_source_text(ix->source, &p->r))
		return 0;
	if (!(p->text = malloc(p->r.text_len + 1)))
		return *err = strdup("out of memory"), 2;
	memcpy(p->text, p->r.text, p->r.text_len + 1);
	p->r.text = p->text;
	return 0;
}

static void passage_free(printed_passage *p)
{
	free(p->cut);
	free(p->hl);
	free(p->lines);
	free(p->text);
	free(p->data);
	free(p->file_data);
}

/* Reads a passage for showing: decoded, highlighted (the related words
 * too when they ranked it), cut. */
static int prepare(const printer *pr, const query *q, const char *data, size_t len,
		   bool related, printed_passage *p, char **err)
{
	const rb_hl_query *hl = related && q->hl_partial.exact ? &q->hl_partial : &q->hl;
	rb_line_around around = { .starts_line = true, .ends_line = true };
	if (rb_record_read(pr->ix->files, data, len, &p->r, &p->file_data, err) ||
	    load_text(pr->ix, p, err))
		return 2;
	if (p->r.text_len && query_shows_patterns(q))
		rb_source_line_around(pr->ix->source, &p->r, &around);
	int rc = rb_highlight(q->words_a, hl, p->r.text, p->r.text_len, &p->hl, &p->n_hl, err) ||
		 query_pattern_highlights(q, p->r.text, p->r.text_len, &around, &p->hl,
					  &p->n_hl, err) ||
		 query_pattern_lines(q, p->r.text, p->r.text_len, &around, p->r.line,
				     &p->lines, &p->n_lines, err);
	rb_line_around_free(&around);
	if (rc)
		return 2;
	if (cut_passage(pr->ix->a, p, pr->args->max_chars))
		return *err = strdup("out of memory"), 2;
	return 0;
}

/* The neighbours of a hit from passage `from` to `to` (inclusive, in
 * order), cut but not highlighted; stops at the end of the file. */
static int gather_context(const printer *pr, const rb_record *hit, long from, long to,
			  printed_passage **out, size_t *n_out, char **err)
{
	if (from < 1)
		from = 1;
	if (to < from)
		return 0;
	if (!(*out = calloc((size_t)(to - from + 1), sizeof **out)))
		return *err = strdup("out of memory"), 2;
	for (long n = from; n <= to; n++) {
		printed_passage *p = &(*out)[*n_out];
		size_t len = 0;
		int rc = fetch_passage(pr->ix->db, hit, (uint32_t)n, &p->data, &len, err);
		if (rc == 1)
			break;
		if (rc)
			return 2;
		rc = rb_record_read(pr->ix->files, p->data, len, &p->r, &p->file_data, err)
			     ? 2 : load_text(pr->ix, p, err);
		bool same_file = !rc && p->r.path_len == hit->path_len &&
				 memcmp(p->r.path, hit->path, hit->path_len) == 0;
		if (same_file && cut_passage(pr->ix->a, p, pr->args->max_chars))
			rc = 2, *err = strdup("out of memory");
		if (same_file && !rc) {
			(*n_out)++;
			continue;
		}
		passage_free(p);
		memset(p, 0, sizeof *p);
		if (rc)
			return rc;
	}
	return 0;
}

/* --explain: each weighted part's BM25 share of the hit, and the length
 * normalisation. */
static int gather_explanation(const printer *pr, search_run *s, printed_hit *out, char **err)
{
	const result_hit *h = out->h;
	query_explanation *x = &out->explanation;
	xc_search_options so = pr->args->sopts;
	if (query_explain(&s->q, pr->ix->db, &so, h->data, h->len, h->related, x, err))
		return 2;
	out->x = x;
	out->x_passage = h->blended ? h->passage_weight : h->score;
	out->x_norm = (1 - x->b) + x->b * (x->avg_length > 0 ? x->length / x->avg_length : 1);
	return 0;
}

int gather_hit(const printer *pr, search_run *s, size_t i, printed_hit *out, char **err)
{
	const printer_format *f = pr->format;
	const result_hit *h = &s->r.v[i];
	long ctx = f->context ? pr->args->context : 0;
	memset(out, 0, sizeof *out);
	out->rank = (unsigned)i + 1;
	out->h = h;
	if (!f->text)
		return rb_record_read(pr->ix->files, h->data, h->len, &out->p.r, &out->p.file_data,
				      err) ? 2 : 0;
	if (prepare(pr, &s->q, h->data, h->len, h->related, &out->p, err))
		return 2;
	if (h->n_others && !(out->others = calloc(h->n_others, sizeof *out->others)))
		return *err = strdup("out of memory"), 2;
	for (size_t k = 0; k < h->n_others; k++) {
		out->n_others++;
		if (prepare(pr, &s->q, h->others[k], h->others_len[k], false,
			    &out->others[k], err))
			return 2;
	}
	const rb_record *r = &out->p.r;
	if (ctx && gather_context(pr, r, (long)r->passage - ctx, (long)r->passage - 1,
				  &out->before, &out->n_before, err))
		return 2;
	if (f->explain && pr->args->explain && gather_explanation(pr, s, out, err))
		return 2;
	if (ctx && gather_context(pr, r, (long)r->passage + 1, (long)r->passage + ctx,
				  &out->after, &out->n_after, err))
		return 2;
	return 0;
}

static void passages_free(printed_passage *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		passage_free(&v[i]);
	free(v);
}

void gather_release(printed_hit *h)
{
	passage_free(&h->p);
	passages_free(h->others, h->n_others);
	passages_free(h->before, h->n_before);
	passages_free(h->after, h->n_after);
	query_explanation_free(&h->explanation);
	memset(h, 0, sizeof *h);
}
