#include "filematch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* A further part runs only over the candidate files' passages (a filter of
 * their "P" terms) when they are few against the part's passages: each
 * "P" term is a posting list to open, costing about as much as reading
 * this many of the part's matches.  Chosen on make eval's 596 queries in
 * one process (related corpus, 2026-11-30): 64 spent 1.2 s of 1.7 s of
 * file matching on parts run unfiltered; 4 took 0.80x the whole run's
 * CPU time of 64, 2 1.04x that of 4 (the filter's posting lists cost
 * more than they save). */
#define RESTRICT_COST 4

xc_status filematch_file_query(const char *id, xc_query **out, char **err)
{
	char term[RB_FILE_ID_LEN + 2];
	snprintf(term, sizeof term, "P%s", id);
	return xc_query_term(term, strlen(term), 1, out, err);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const filematch *)a)->id, ((const filematch *)b)->id);
}

static int by_score(const void *a, const void *b)
{
	const filematch *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->id, y->id);
}

void filematch_list_free(filematch_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].best);
		free(l->v[i].weight);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

rb_status filematch_list_add(filematch_list *l, const char *id, size_t len, char **err)
{
	/* Grows by doubling: n is a power of two when the array is full. */
	if ((l->n & (l->n - 1)) == 0) {
		filematch *v = realloc(l->v, (l->n ? 2 * l->n : 1) * sizeof *v);
		if (!v)
			return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		l->v = v;
	}
	filematch *f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	memcpy(f->id, id, len < RB_FILE_ID_LEN ? len : RB_FILE_ID_LEN);
	return RB_OK;
}

void filematch_list_sort(filematch_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, by_id);
}

/* q restricted to the passages of the candidate files (q itself, copied,
 * when they are too many to name). */
static xc_status restricted(const xc_query *q, const filematch *cand, size_t n_cand,
			    bool narrow, xc_query **out, char **err)
{
	xc_query **v = narrow ? calloc(n_cand + 1, sizeof *v) : NULL;
	xc_query *files = NULL, *qq = (xc_query *)q;
	xc_status xs = XC_OK;
	if (!narrow)
		return xc_query_combine(XC_OP_OR, &qq, 1, 0, out, err);
	if (!v)
		return XC_ERR_NO_MEMORY;
	size_t n = 0;
	for (; n < n_cand && !xs; n++)
		xs = filematch_file_query(cand[n].id, &v[n], err);
	if (!xs)
		xs = xc_query_combine(XC_OP_OR, v, n, 0, &files, err);
	if (!xs) {
		xc_query *pair[2] = { qq, files };
		xs = xc_query_combine(XC_OP_FILTER, pair, 2, 0, out, err);
	}
	for (size_t i = 0; i < n; i++)
		xc_query_free(v[i]);
	free(v);
	xc_query_free(files);
	return xs;
}

/* The best passage of each file among q's matches (checked by accept). */
static xc_status best_per_file(xc_db *db, const xc_query *q, const xc_search_options *so,
			       xc_accept_fn accept, void *ctx, xc_mset **out, char **err)
{
	uint32_t all = 0;
	xc_status xs = xc_db_doccount(db, &all, err);
	xc_search_options o = *so;
	o.accept = accept;
	o.accept_ctx = ctx;
	o.collapse = 1;
	o.collapse_slot = RB_SLOT_FILE;
	return xs ? xs : xc_db_search(db, q, 0, all ? all : 1, &o, out, err);
}

/* Leaves out the candidates marked to drop. */
static void sweep(filematch_list *cand)
{
	size_t keep = 0;
	for (size_t k = 0; k < cand->n; k++) {
		if (!cand->v[k].drop) {
			cand->v[keep++] = cand->v[k];
		} else {
			free(cand->v[k].best);
			free(cand->v[k].weight);
		}
	}
	cand->n = keep;
}

/* id: RB_FILE_ID_LEN + 1 bytes, NUL-terminated. */
static filematch *find(const filematch_list *l, const char *id)
{
	filematch key;
	if (l->n == 0)
		return NULL;  /* bsearch wants an array, even of nothing */
	memcpy(key.id, id, sizeof key.id);
	return bsearch(&key, l->v, l->n, sizeof *l->v, by_id);
}

/* Runs part i over the candidates (all files for the first part): the
 * first fills the list, each other one keeps the files it is found in. */
static rb_status run_part(xc_db *db, const query *q, size_t i, bool first, uint64_t est,
			  const xc_search_options *so, double cutoff, filematch_list *cand,
			  char **err)
{
	const query_part *part = &q->parts[i];
	size_t np = q->n_parts;
	query_part_check ctx = { q, i };
	xc_query *run = NULL;
	xc_mset *m = NULL;
	bool *seen = NULL;
	xc_status xs = restricted(part->xq, cand->v, cand->n,
				  !first && cand->n * RESTRICT_COST < est, &run, err);
	xc_search_options o = *so;
	o.weight_cutoff = cutoff;
	if (!xs)
		xs = best_per_file(db, run, &o, part->needs_check ? query_accept_part : NULL,
				   &ctx, &m, err);
	rb_status rc = xs ? rb_store_reword(xs, err) : RB_OK;
	if (rc)
		goto out;
	size_t n = xc_mset_size(m);
	rc = RB_ERR_NO_MEMORY;
	if (first && !(cand->v = calloc(n + 1, sizeof *cand->v)))
		goto out;
	if (!first && !(seen = calloc(cand->n + 1, sizeof *seen)))
		goto out;
	rc = RB_OK;
	for (size_t k = 0; k < n && !rc; k++) {
		char id[RB_FILE_ID_LEN + 1] = "";
		size_t len = 0;
		if ((xs = xc_mset_key(m, k, id, RB_FILE_ID_LEN, &len, err))) {
			rc = rb_store_reword(xs, err);
			break;
		}
		if (len != RB_FILE_ID_LEN)
			continue;  /* not a passage of a file */
		filematch *f;
		if (first) {
			f = &cand->v[cand->n];
			memcpy(f->id, id, sizeof f->id);
			f->best = calloc(np, sizeof *f->best);
			f->weight = calloc(np, sizeof *f->weight);
			if (!f->best || !f->weight) {
				free(f->best);
				free(f->weight);
				rc = RB_ERR_NO_MEMORY;
				break;
			}
			cand->n++;
		} else if ((f = find(cand, id))) {
			seen[f - cand->v] = true;
		} else {
			continue;
		}
		f->best[i] = xc_mset_docid(m, k);
		f->weight[i] = xc_mset_weight(m, k);
	}
	if (!rc && first)
		qsort(cand->v, cand->n, sizeof *cand->v, by_id);
	if (!rc && !first) {
		for (size_t k = 0; k < cand->n; k++)
			cand->v[k].drop = !seen[k];
		sweep(cand);
	}
out:
	if (rc == RB_ERR_NO_MEMORY)
		rb_fail(err, rc, "out of memory");
	free(seen);
	xc_query_free(run);
	xc_mset_free(m);
	return rc;
}

static int by_id_ref(const void *a, const void *b)
{
	return strcmp((*(filematch *const *)a)->id, (*(filematch *const *)b)->id);
}

/* One search for all the files, collapsed on the file id, rather than one
 * a file: the collapse keeps each file's passage that the search would
 * rank first, as a search of that file alone would. */
rb_status filematch_best_passages(xc_db *db, const query *q, const xc_search_options *so,
				  filematch *files, size_t n, char **err)
{
	for (size_t k = 0; k < n; k++)
		files[k].shown = 0;
	if (n == 0)
		return RB_OK;
	xc_query **v = calloc(q->n_parts + 1, sizeof *v), *or = NULL, *run = NULL;
	filematch **by_id = calloc(n, sizeof *by_id);
	xc_mset *m = NULL;
	bool check = false;
	if (!v || !by_id) {
		free(v);
		free(by_id);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	for (size_t i = 0; i < q->n_parts; i++) {
		v[i] = q->parts[i].xq;
		check = check || q->parts[i].needs_check;
	}
	query_part_check ctx = { q, QUERY_ANY_PART };
	xc_status xs = xc_query_combine(XC_OP_OR, v, q->n_parts, 0, &or, err);
	if (!xs)
		xs = restricted(or, files, n, true, &run, err);
	if (!xs)
		xs = best_per_file(db, run, so, check ? query_accept_part : NULL, &ctx, &m, err);
	rb_status rc = xs ? rb_store_reword(xs, err) : RB_OK;
	for (size_t k = 0; k < n; k++)
		by_id[k] = &files[k];
	qsort(by_id, n, sizeof *by_id, by_id_ref);
	for (size_t k = 0; k < xc_mset_size(m) && !rc; k++) {
		filematch key, *kp = &key, **f;
		size_t len = 0;
		memset(key.id, 0, sizeof key.id);
		if ((xs = xc_mset_key(m, k, key.id, RB_FILE_ID_LEN, &len, err))) {
			rc = rb_store_reword(xs, err);
			break;
		}
		f = len == RB_FILE_ID_LEN ? bsearch(&kp, by_id, n, sizeof *by_id, by_id_ref) : NULL;
		if (f)
			(*f)->shown = xc_mset_docid(m, k);
	}
	free(v);
	free(by_id);
	xc_query_free(or);
	xc_query_free(run);
	xc_mset_free(m);
	return rc;
}

/* Drops the files with a passage holding the whole query: those are
 * found as passages. */
static rb_status drop_whole(xc_db *db, const query *q, const xc_search_options *so,
			    filematch_list *cand, char **err)
{
	xc_query *run = NULL;
	xc_mset *m = NULL;
	/* The whole query matches few passages, as a rule: only a few files
	 * are worth naming. */
	xc_status xs = restricted(q->xq, cand->v, cand->n, cand->n <= 8, &run, err);
	if (!xs)
		xs = best_per_file(db, run, so, q->needs_check ? query_accept : NULL, (void *)q,
				   &m, err);
	rb_status rc = xs ? rb_store_reword(xs, err) : RB_OK;
	if (rc)
		goto out;
	for (size_t k = 0; k < xc_mset_size(m); k++) {
		char id[RB_FILE_ID_LEN + 1] = "";
		size_t len = 0;
		if ((xs = xc_mset_key(m, k, id, RB_FILE_ID_LEN, &len, err))) {
			rc = rb_store_reword(xs, err);
			break;
		}
		filematch *f = len == RB_FILE_ID_LEN ? find(cand, id) : NULL;
		if (f)
			f->drop = true;
	}
	sweep(cand);
out:
	xc_query_free(run);
	xc_mset_free(m);
	return rc;
}

/* Drops the files the caller found holding the whole query. */
static void drop_known(filematch_list *cand, const filematch_list *whole)
{
	for (size_t k = 0; k < cand->n; k++)
		cand->v[k].drop = find(whole, cand->v[k].id) != NULL;
	sweep(cand);
}

/* Drops the candidates that cannot reach the threshold: the parts run so
 * far (done) count their weight, the others the most they could weigh. */
static void prune(filematch_list *cand, size_t np, const bool *done, const double *max,
		  double scatter_weight, double threshold)
{
	for (size_t k = 0; k < cand->n; k++) {
		double bound = 0;
		for (size_t i = 0; i < np; i++)
			bound += done[i] ? cand->v[k].weight[i] : max[i];
		cand->v[k].drop = scatter_weight * bound < threshold;
	}
	sweep(cand);
}

/* The least the first part's best passage in a file can weigh for the
 * file to reach the threshold, the other parts at their most: lighter
 * passages need not be matched at all (prune would drop their files).
 * A hair lower than prune's own test, so that rounding keeps a file
 * prune would. */
static double first_cutoff(size_t np, size_t first, const double *max, double scatter_weight,
			   double threshold)
{
	if (threshold <= 0 || scatter_weight <= 0)
		return 0;
	double least = threshold / scatter_weight;
	for (size_t i = 0; i < np; i++)
		if (i != first)
			least -= max[i];
	return least > 0 ? least * (1 - 1e-9) : 0;
}

rb_status filematch_find(xc_db *db, const query *q, const xc_search_options *so,
			 double scatter_weight, double threshold,
			 const filematch_list *whole, filematch_list *out, char **err)
{
	size_t np = q->n_parts;
	memset(out, 0, sizeof *out);
	if (np < 2)
		return RB_OK;
	/* The rarest part first: the fewer candidates, the cheaper the rest;
	 * stop words kept as filters last. */
	size_t *order = calloc(np, sizeof *order);
	uint64_t *est = calloc(np, sizeof *est);
	double *max = calloc(np, sizeof *max);
	bool *done = calloc(np, sizeof *done);
	rb_status rc = order && est && max && done ? RB_OK
			: rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	/* How many passages each part may have (the order), and, when only
	 * files above a threshold matter, the most it weighs in any passage
	 * (its best passage, unchecked: the bound). */
	xc_search_options plain = *so;
	plain.accept = NULL;
	plain.collapse = 0;
	bool none = false;
	/* Bounds first, cheap: when they show no file can reach the
	 * threshold, no part is searched (`free software`: 2 of its 3 ms). */
	double bounds = 0;
	for (size_t i = 0; i < np && !rc && threshold > 0; i++) {
		double b = 0;
		xc_status xs = query_part_bound(db, &q->parts[i], &plain, &b, err);
		if (xs)
			rc = rb_store_reword(xs, err);
		bounds += b;
	}
	if (!rc && threshold > 0 && scatter_weight * bounds < threshold)
		np = 0;
	for (size_t i = 0; i < np && !rc; i++) {
		uint32_t e = 0, upper = 0;
		xc_mset *m = NULL;
		xc_status xs = query_part_size(db, &q->parts[i], &e, &upper, err);
		if (xs)
			rc = rb_store_reword(xs, err);
		none = none || upper == 0;
		if (!rc && !none && threshold > 0) {
			if ((xs = xc_db_search(db, q->parts[i].xq, 0, 1, &plain, &m, err)))
				rc = rb_store_reword(xs, err);
			else
				max[i] = xc_mset_size(m) ? xc_mset_weight(m, 0) : 0;
			none = none || xc_mset_size(m) == 0;
		}
		xc_mset_free(m);
		est[i] = e + (q->parts[i].weighted ? 0 : UINT64_C(1) << 32);
		order[i] = i;
		for (size_t k = i; k > 0 && est[order[k - 1]] > est[order[k]]; k--) {
			size_t t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	}
	double bound = 0;
	for (size_t i = 0; i < np; i++)
		bound += max[i];
	if (none || (threshold > 0 && scatter_weight * bound < threshold))
		np = 0;  /* a part found nowhere, or no file could reach the threshold */
	for (size_t k = 0; k < np && !rc && (k == 0 || out->n); k++) {
		rc = run_part(db, q, order[k], k == 0, est[order[k]], so,
			      k == 0 ? first_cutoff(q->n_parts, order[0], max, scatter_weight,
						    threshold) : 0,
			      out, err);
		done[order[k]] = true;
		/* Known at once, those files are not searched for the other
		 * parts. */
		if (!rc && k == 0 && whole)
			drop_known(out, whole);
		if (!rc && threshold > 0)
			prune(out, q->n_parts, done, max, scatter_weight, threshold);
	}
	if (!rc && out->n && !whole)
		rc = drop_whole(db, q, so, out, err);
	for (size_t k = 0; k < out->n && !rc; k++) {
		double sum = 0;
		for (size_t i = 0; i < q->n_parts; i++)
			sum += out->v[k].weight[i];
		out->v[k].score = scatter_weight * sum;
	}
	if (!rc && out->n)
		qsort(out->v, out->n, sizeof *out->v, by_score);
	if (rc)
		filematch_list_free(out);
	free(order);
	free(est);
	free(max);
	free(done);
	return rc;
}
