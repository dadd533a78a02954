#include "evidence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "store.h"

static int by_file_then_weight(const void *a, const void *b)
{
	const evidence_passage *x = a, *y = b;
	if (x->file_id != y->file_id)
		return x->file_id < y->file_id ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return (x->passage > y->passage) - (x->passage < y->passage);
}

/* The order key's hex digits [0, len) as a number. */
static uint64_t hex_value(const char *s, size_t len)
{
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		v = v << 4 | (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}


/* The plain words of the query's parts, sorted and each once, with the
 * part each belongs to (a word typed twice belongs to two). */
typedef struct {
	const char *word;
	size_t part;
} part_word;

static int by_word(const void *a, const void *b)
{
	const part_word *x = a, *y = b;
	int c = strcmp(x->word, y->word);
	return c ? c : (x->part > y->part) - (x->part < y->part);
}

struct evidence_words {
	part_word *pw;       /* sorted by word */
	size_t n_pw;
	const char **terms;  /* pw's words, each once */
	size_t *term_of;     /* pw[k]'s index in terms */
	size_t n_terms;
	double *idf;         /* per part; 0: not weighed at file level */
	size_t n_parts;
};

void evidence_words_free(evidence_words *t)
{
	if (!t)
		return;
	free(t->pw);
	free(t->terms);
	free(t->term_of);
	free(t->idf);
	free(t);
}

static rb_status words_of(xc_db *db, const query *q, evidence_words *t, char **err)
{
	size_t n = 0;
	const char *const *words;
	for (size_t j = 0; j < q->n_parts; j++)
		n += query_part_words(&q->parts[j], &words);
	t->n_parts = q->n_parts;
	t->idf = calloc(q->n_parts + 1, sizeof *t->idf);
	t->pw = malloc((n + 1) * sizeof *t->pw);
	t->terms = malloc((n + 1) * sizeof *t->terms);
	t->term_of = malloc((n + 1) * sizeof *t->term_of);
	if (!t->idf || !t->pw || !t->terms || !t->term_of)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	uint32_t passages = 0;
	xc_status xs = xc_db_doccount(db, &passages, err);
	for (size_t j = 0; j < q->n_parts && !xs; j++) {
		size_t nw = query_part_words(&q->parts[j], &words);
		for (size_t k = 0; k < nw; k++)
			t->pw[t->n_pw++] = (part_word){ words[k], j };
		uint32_t df = 0, upper = 0;
		if (nw && !(xs = query_part_size(db, &q->parts[j], &df, &upper, err)) && df)
			t->idf[j] = log((double)passages / (df < passages ? df : passages));
	}
	if (xs)
		return rb_store_search_failed(xs, err);
	qsort(t->pw, t->n_pw, sizeof *t->pw, by_word);
	for (size_t k = 0; k < t->n_pw; k++) {
		if (!t->n_terms || strcmp(t->terms[t->n_terms - 1], t->pw[k].word) != 0)
			t->terms[t->n_terms++] = t->pw[k].word;
		t->term_of[k] = t->n_terms - 1;
	}
	return RB_OK;
}

rb_status evidence_words_of(xc_db *db, const query *q, const evidence_bm25 *file,
			    evidence_words **out, double *file_bound, char **err)
{
	evidence_words *t = calloc(1, sizeof *t);
	rb_status rc = t ? words_of(db, q, t, err) : rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	*file_bound = 0;
	for (size_t j = 0; !rc && j < t->n_parts; j++)
		*file_bound += t->idf[j] * (file->k1 + 1);
	if (rc) {
		evidence_words_free(t);
		t = NULL;
	}
	*out = t;
	return rc;
}

/* Each file's length and frequency of each part, over its passages among
 * the evidence (the query words' posting lists read once for them all:
 * a walk of each passage's terms read a block a passage, 1.7x the time of
 * make eval's queries at 1,000 passages), then its BM25. */
static rb_status score_files(const evidence_words *w, const evidence_bm25 *bm25, evidence *e,
			     char **err)
{
	const evidence_words t = *w;
	rb_status rc = RB_OK;
	size_t nf = 0;
	for (size_t i = 0; i < e->n; i++)
		nf += i == 0 || e->v[i].file_id != e->v[i - 1].file_id;
	uint32_t *wdf = malloc((e->n * t.n_terms + 1) * sizeof *wdf);
	uint32_t *lens = malloc((e->n + 1) * sizeof *lens);
	size_t *hits = malloc((e->n + 1) * sizeof *hits);
	double *length = calloc(nf + 1, sizeof *length);
	double *tf = calloc((nf + 1) * (t.n_parts + 1), sizeof *tf);
	e->files = calloc(nf + 1, sizeof *e->files);
	if (!rc && (!wdf || !lens || !hits || !length || !tf || !e->files))
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	for (size_t i = 0; !rc && i < e->n; i++)
		hits[i] = e->v[i].rank;
	xc_status xs = rc ? XC_OK : xc_mset_wdfs_of(e->m, hits, e->n, t.terms, t.n_terms, wdf,
						    lens, err);
	if (xs)
		rc = rb_store_search_failed(xs, err);
	double total = 0;
	for (size_t i = 0, f = 0; i < e->n && !rc; i++) {
		if (i > 0 && e->v[i].file_id != e->v[i - 1].file_id)
			f++;
		e->files[f].file_id = e->v[i].file_id;
		length[f] += lens[i];
		total += lens[i];
		for (size_t k = 0; k < t.n_pw; k++)
			tf[f * t.n_parts + t.pw[k].part] += wdf[i * t.n_terms + t.term_of[k]];
	}
	double avg = nf ? total / (double)nf : 1;
	for (size_t f = 0; f < nf && !rc; f++) {
		double norm = bm25->k1 * ((1 - bm25->b) + bm25->b * (avg > 0 ? length[f] / avg : 1));
		for (size_t j = 0; j < t.n_parts; j++) {
			double c = tf[f * t.n_parts + j];
			if (c > 0)
				e->files[f].score += t.idf[j] * (bm25->k1 + 1) * c / (norm + c);
		}
	}
	if (!rc)
		e->n_files = nf;
	free(wdf);
	free(lens);
	free(hits);
	free(length);
	free(tf);
	return rc;
}

/* so for a search of q's relaxed form: by weight, every passage (no
 * collapse), each checked as the relaxed form needs. */
static xc_search_options relaxed_options(const query *q, const xc_search_options *so)
{
	xc_search_options o = *so;
	o.collapse = 0;
	o.sort_by_value = 0;
	o.accept = q->relaxed_needs_check ? query_accept_relaxed : NULL;
	o.accept_ctx = (void *)q;
	return o;
}

rb_status evidence_gather(xc_db *db, const query *q, const xc_query *xq,
			  const xc_search_options *so, uint32_t depth, evidence *out,
			  char **err)
{
	memset(out, 0, sizeof *out);
	xc_search_options o = relaxed_options(q, so);
	/* Equal weights ordered by the order key, which each hit then
	 * carries as its sort key: its file and passage without reading it. */
	o.tie_break = 1;
	o.tie_slot = RB_SLOT_ORDER;
	xc_status xs = xc_db_search(db, xq, 0, depth, &o, &out->m, err);
	size_t n = xs ? 0 : xc_mset_size(out->m);
	out->v = n ? calloc(n, sizeof *out->v) : NULL;
	if (n && !out->v)
		xs = XC_ERR_NO_MEMORY;
	for (size_t i = 0; i < n && !xs; i++) {
		char key[RB_ORDER_KEY_LEN];
		size_t len = 0;
		xs = xc_mset_sort_key(out->m, i, key, sizeof key, &len, err);
		if (xs || len != RB_ORDER_KEY_LEN)
			continue;  /* a passage without its key weighs for no file */
		out->v[out->n++] = (evidence_passage){
			.file_id = hex_value(key, RB_FILE_ID_LEN),
			.passage = (uint32_t)hex_value(key + RB_FILE_ID_LEN, 8),
			.weight = xc_mset_weight(out->m, i),
			.rank = i,
		};
	}
	if (xs) {
		evidence_free(out);
		if (xs == XC_ERR_NO_MEMORY && !(err && *err))
			return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		return rb_store_search_failed(xs, err);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_file_then_weight);
	for (size_t i = 0; i < out->n; i++)
		out->best = out->v[i].weight > out->best ? out->v[i].weight : out->best;
	return RB_OK;
}

rb_status evidence_best(xc_db *db, const query *q, const xc_query *xq,
			const xc_search_options *so, double *best, char **err)
{
	xc_search_options o = relaxed_options(q, so);
	/* The best weight whatever passage holds it: no order key to read
	 * for each candidate. */
	o.tie_break = 0;
	xc_mset *m = NULL;
	xc_status xs = xc_db_search(db, xq, 0, 1, &o, &m, err);
	*best = !xs && xc_mset_size(m) ? xc_mset_weight(m, 0) : 0;
	xc_mset_free(m);
	return rb_store_search_failed(xs, err);
}

rb_status evidence_score_files(const evidence_words *w, const evidence_bm25 *file,
			       evidence *e, char **err)
{
	rb_status rc = score_files(w, file, e, err);
	if (rc)
		evidence_free(e);
	return rc;
}

/* The first passage of the file among the evidence (e->n when none). */
static size_t first_of(const evidence *e, uint64_t file_id)
{
	size_t lo = 0, hi = e->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->v[mid].file_id < file_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double evidence_others(const evidence *e, uint64_t file_id, uint32_t passage, size_t k)
{
	double sum = 0;
	for (size_t i = first_of(e, file_id); i < e->n && e->v[i].file_id == file_id && k; i++) {
		if (e->v[i].passage == passage)
			continue;
		sum += e->v[i].weight;
		k--;
	}
	return sum;
}

static int file_is(const void *key, const void *elem)
{
	uint64_t id = *(const uint64_t *)key, other = ((const evidence_file *)elem)->file_id;
	return (id > other) - (id < other);
}

double evidence_file_score(const evidence *e, uint64_t file_id)
{
	const evidence_file *f = e->n_files ? bsearch(&file_id, e->files, e->n_files,
						      sizeof *e->files, file_is)
					    : NULL;
	return f ? f->score : 0;
}

void evidence_free(evidence *e)
{
	xc_mset_free(e->m);
	free(e->v);
	free(e->files);
	memset(e, 0, sizeof *e);
}
