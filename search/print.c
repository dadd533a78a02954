/* print.c: a query's hits printed: each passage's text (read back from
 * its file where the index keeps only its range), highlighted and cut to
 * --max-chars, its neighbours (-C), a file match's other passages and
 * --explain, in the text, JSON, TSV, TREC or -l format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze.h"
#include "highlight.h"
#include "record.h"
#include "search.h"

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
/* --------------------------------------------------------------- context */

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

/* A passage to print: the record, with its text cut (--max-chars), and
 * its highlights moved to match. */
typedef struct {
	rb_record r;
	rb_span *hl;
	size_t n_hl;
	char *cut;
	char *text;          /* read back from the file */
} shown;

/* Gives a decoded passage its text, read back from its file where the
 * index does not hold it (the source reports a file that fails). */
static int load_text(search_index *ix, shown *p, char **err)
{
	if (!p->r.text_in_file || rb_source_text(ix->source, &p->r))
		return 0;
	if (!(p->text = malloc(p->r.text_len + 1)))
		return *err = strdup("out of memory"), 2;
	memcpy(p->text, p->r.text, p->r.text_len + 1);
	p->r.text = p->text;
	return 0;
}

static int cut_passage(rb_analyzer *a, shown *p, size_t max_chars)
{
	if (!max_chars)
		return 0;
	unsigned *ids = word_ids(a, p->r.text, p->hl, p->n_hl);
	rb_span *hl = malloc((p->n_hl + 1) * sizeof *hl);
	char *out = NULL;
	size_t out_len = 0, n_hl = 0;
	int rc = ids && hl ? render_cut(p->r.text, p->r.text_len, p->hl, p->n_hl, ids,
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

/* ----------------------------------------------------------------- output */


/* Prints the neighbours of hit `rank` from passage `from` to `to`
 * (inclusive, in order); stops at the end of the file. */
static int print_context(printer *pr, const rb_record *hit, unsigned rank,
			 long from, long to, char **err)
{
	for (long n = from < 1 ? 1 : from; n <= to; n++) {
		char *data = NULL;
		size_t len = 0;
		int rc = fetch_passage(pr->ix->db, hit, (uint32_t)n, &data, &len, err);
		if (rc == 1)
			break;
		if (rc)
			return 2;
		shown p = { .hl = NULL };
		rc = rb_record_decode(data, len, &p.r, err) ? 2 : load_text(pr->ix, &p, err);
		if (!rc && p.r.path_len == hit->path_len &&
		    memcmp(p.r.path, hit->path, hit->path_len) == 0) {
			if (cut_passage(pr->ix->a, &p, pr->args->max_chars))
				rc = 2, *err = strdup("out of memory");
			else if (pr->mode == OUT_JSON)
				render_json_context(stdout, pr->ro, &p.r, rank);
			else
				render_text_context(stdout, pr->ro, &p.r);
		}
		free(p.cut);
		free(p.hl);
		free(p.text);
		free(data);
		if (rc)
			return rc;
	}
	return 0;
}

/* --explain: each weighted part's BM25 share of the hit, and the length
 * normalisation, after the hit (text) or as an "explain" object (JSON). */
static int print_explain(printer *pr, search_run *s, size_t i, unsigned rank, char **err)
{
	query_explanation x;
	xc_search_options so = pr->args->sopts;
	const result_hit *h = &s->r.v[i];
	if (query_explain(&s->q, pr->ix->db, &so, h->data, h->len, h->related, &x, err))
		return 2;
	double passage = h->blended ? h->passage_weight : h->score;
	double norm = (1 - x.b) + x.b * (x.avg_length > 0 ? x.length / x.avg_length : 1);
	if (pr->mode == OUT_JSON) {
		json_t *terms = json_array();
		for (size_t k = 0; k < x.n_terms; k++)
			json_array_append_new(terms, json_pack("{s:s,s:f,s:I,s:I}",
				"term", x.terms[k].label, "weight", x.terms[k].weight,
				"occurrences", (json_int_t)x.terms[k].occurrences,
				"passages", (json_int_t)x.terms[k].passages));
		json_t *o = json_pack("{s:s,s:I,s:f,s:f,s:o,s:I,s:f,s:f,s:f,s:f}", "type", "explain",
				      "rank", (json_int_t)rank, "score", h->score,
				      "passage_score", passage, "terms", terms,
				      "length", (json_int_t)x.length, "avg_length", x.avg_length,
				      "k1", x.k1, "b", x.b, "length_norm", norm);
		if (o && h->blended)
			json_object_set_new(o, "evidence", json_pack(
				"{s:f,s:f,s:f,s:f,s:f}", "partial_weight", RESULTS_PARTIAL_WEIGHT,
				"others", h->others_weight, "others_weight", RESULTS_OTHERS_WEIGHT,
				"file", h->file_weight, "file_weight", RESULTS_FILE_WEIGHT));
		if (o && json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
			putchar('\n');
		json_decref(o);
	} else {
		if (h->n_others)
			printf("  a file match: %.2f x the sum of each part's weight in its best"
			       " passage; this passage's own weights:\n", RESULTS_SCATTER_WEIGHT);
		if (h->blended)
			printf("  score %.4f = %.2f x (passage %.4f + %.2f x its file's other passages"
			       " %.4f + %.2f x its file %.4f)\n", h->score, RESULTS_PARTIAL_WEIGHT,
			       passage, RESULTS_OTHERS_WEIGHT, h->others_weight,
			       RESULTS_FILE_WEIGHT, h->file_weight);
		printf("  %s %.4f = sum of:\n", h->blended ? "passage" : "score", passage);
		for (size_t k = 0; k < x.n_terms; k++)
			printf("    %.4f  %s (%u in the passage, in %u passages)\n",
			       x.terms[k].weight, x.terms[k].label, x.terms[k].occurrences,
			       x.terms[k].passages);
		printf("  length %u words, average %.1f: normalisation (1 - b) + b * %u / %.1f"
		       " = %.3f (k1 %.2f, b %.2f)\n", x.length, x.avg_length, x.length,
		       x.avg_length, norm, x.k1, x.b);
	}
	query_explanation_free(&x);
	return 0;
}

/* Reads a passage for showing: decoded, highlighted (the related words
 * too when they ranked it), cut. */
static int prepare(printer *pr, search_run *s, const char *data, size_t len, bool related,
		   shown *p, char **err)
{
	const rb_hl_query *hl = related && s->q.hl_partial.exact ? &s->q.hl_partial : &s->q.hl;
	if (rb_record_decode(data, len, &p->r, err) || load_text(pr->ix, p, err) ||
	    rb_highlight(s->q.words_a, hl, p->r.text, p->r.text_len, &p->hl, &p->n_hl, err))
		return 2;
	if (cut_passage(pr->ix->a, p, pr->args->max_chars))
		return *err = strdup("out of memory"), 2;
	return 0;
}

static void shown_free(shown *p)
{
	free(p->cut);
	free(p->hl);
	free(p->text);
}

/* One hit (rank i + 1) in the text, JSON or TSV format. */
static int print_hit(printer *pr, search_run *s, size_t i, shown *p, char **err)
{
	const render_opts *ro = pr->ro;
	const result_hit *h = &s->r.v[i];
	unsigned rank = (unsigned)i + 1;
	long ctx = pr->mode == OUT_TEXT || pr->mode == OUT_JSON ? pr->args->context : 0;
	shown *others = calloc(h->n_others + 1, sizeof *others);
	render_passage *op = calloc(h->n_others + 1, sizeof *op);
	int rc = others && op ? 0 : (*err = strdup("out of memory"), 2);
	for (size_t k = 0; k < h->n_others && !rc; k++) {
		rc = prepare(pr, s, h->others[k], h->others_len[k], false, &others[k], err);
		op[k] = (render_passage){ others[k].r, others[k].hl, others[k].n_hl };
	}
	render_extra x = { op, h->n_others, h->missing, h->n_missing };
	if (!rc && ctx) {
		if (pr->mode == OUT_TEXT && pr->groups++)
			puts("--");
		rc = print_context(pr, &p->r, rank, (long)p->r.passage - ctx,
				   (long)p->r.passage - 1, err);
	}
	if (rc) {
	} else if (pr->mode == OUT_JSON) {
		/* A failed write shows in ferror(stdout). */
		if (render_json(stdout, ro, &p->r, rank, h->score, p->hl, p->n_hl, &x) &&
		    !ferror(stdout))
			rc = 2, *err = strdup("cannot encode a hit as JSON");
	} else if (pr->mode == OUT_TSV) {
		render_tsv(stdout, ro, &p->r, rank, h->score, &x);
		for (size_t k = 0; k < h->n_others; k++)
			render_tsv_other(stdout, ro, &others[k].r, rank);
	} else {
		render_text(stdout, ro, &p->r, p->hl, p->n_hl, &x);
	}
	if (!rc && pr->args->explain && (pr->mode == OUT_TEXT || pr->mode == OUT_JSON))
		rc = print_explain(pr, s, i, rank, err);
	if (!rc && ctx)
		rc = print_context(pr, &p->r, rank, (long)p->r.passage + 1,
				   (long)p->r.passage + ctx, err);
	for (size_t k = 0; others && k < h->n_others; k++)
		shown_free(&others[k]);
	free(others);
	free(op);
	return rc;
}

int print_hits(printer *pr, search_run *s, render_stats *st, char **err)
{
	const render_opts *ro = pr->ro;
	int mode = pr->mode;
	char **seen = NULL;
	size_t n_seen = 0;
	int rc = 0;
	size_t n_partial = s->r.n - s->r.n_full;
	if (n_partial && mode != OUT_FILES && !ro->qid)
		fprintf(stderr, PROG ": %s; %zu passage%s holding some of them %s, each"
			" with the words it lacks\n",
			s->r.n_full ? "few hits hold every word of the query"
				    : "nothing holds every word of the query",
			n_partial, n_partial == 1 ? "" : "s",
			!s->r.n_full ? (n_partial == 1 ? "follows" : "follow")
				     : (n_partial == 1 ? "is among the answers" : "are among the answers"));
	for (size_t i = 0; i < s->r.n && !rc && !ferror(stdout); i++) {
		const result_hit *h = &s->r.v[i];
		shown p = { .hl = NULL };
		if (rb_record_decode(h->data, h->len, &p.r, err)) {
			rc = 2;
			break;
		}
		size_t plen;
		const char *path = render_path(ro, &p.r, &plen);
		int fresh = !seen_before(&seen, &n_seen, path, plen);
		if (mode == OUT_FILES) {
			if (fresh)
				render_file(stdout, ro, path, plen);
			continue;
		}
		if (mode == OUT_TREC) {
			render_trec(stdout, ro, &p.r, (unsigned)i + 1, h->score);
			continue;
		}
		rc = prepare(pr, s, h->data, h->len, h->related, &p, err);
		if (!rc)
			rc = print_hit(pr, s, i, &p, err);
		shown_free(&p);
	}
	st->hits = s->r.n;
	st->files = n_seen;
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

void print_stats(const printer *pr, const render_stats *st)
{
	if (pr->mode == OUT_JSON) {
		render_json_summary(stdout, pr->ro, st);
	} else if (pr->mode == OUT_TEXT) {
		/* After the results, as ripgrep's --stats. */
		putchar('\n');
		render_text_summary(stdout, pr->ro, st);
	} else {
		/* Formats read by programs keep their lines; -l -0 its NULs. */
		render_text_summary(stderr, pr->ro, st);
	}
}
