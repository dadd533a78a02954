/* xapian_c_read.cc: databases opened for reading, queries, searches and
 * their results, metadata read. */
#include "xapian_c_internal.h"

#include <algorithm>
#include <set>

using namespace xc_internal;

/* ------------------------------------------------------------ reading */

xc_status xc_db_open(const char *path, xc_db **out, char **err)
{
	return guard(path, err, [&]() -> xc_status {
		require(path != NULL && *path, "empty database path");
		require(out != NULL, "NULL out");
		Xapian::Database d(path);
		*out = new xc_db{d, path, 0, {d}, {}};
		return XC_OK;
	});
}

xc_status xc_db_add(xc_db *db, const char *path, char **err)
{
	return guard(path, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(path != NULL && *path, "empty database path");
		Xapian::Database d(path);
		db->db.add_database(d);
		db->parts.push_back(d);
		return XC_OK;
	});
}

xc_status xc_db_add_all(xc_db *db, xc_db *other, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && other != NULL, "NULL database");
		db->parts.reserve(db->parts.size() + other->parts.size());
		db->db.add_database(other->db);
		db->parts.insert(db->parts.end(), other->parts.begin(), other->parts.end());
		db->remotes += other->remotes;
		delete other;  /* not closed: db reads its databases now */
		return XC_OK;
	});
}

int xc_db_has_remote(const xc_db *db)
{
	return db && db->remotes > 0;
}

xc_status xc_db_new(const char *name, xc_db **out, char **err)
{
	return guard(name, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		*out = new xc_db{Xapian::Database(), name ? name : "", 0, {}, {}};
		return XC_OK;
	});
}

xc_status xc_db_add_remote(xc_db *db, const char *host, unsigned port,
			   unsigned timeout_ms, char **err)
{
	std::string where = std::string(host ? host : "") + ":" + std::to_string(port);
	return guard(where.c_str(), err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(host != NULL && *host, "empty host");
		unsigned t = timeout_ms ? timeout_ms : 10000;
		Xapian::Database d = Xapian::Remote::open(host, port, t, t);
		db->db.add_database(d);
		db->parts.push_back(d);
		db->remotes++;
		return XC_OK;
	});
}

void xc_db_close(xc_db *db)
{
	if (!db)
		return;
	try {
		db->db.close();
	} catch (...) {
	}
	delete db;
}

xc_status xc_db_reopen(xc_db *db, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		db->db.reopen();
		return XC_OK;
	});
}

xc_status xc_db_doccount(xc_db *db, uint32_t *count_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(count_out != NULL, "NULL out");
		*count_out = db->db.get_doccount();
		return XC_OK;
	});
}

xc_status xc_db_total_length(xc_db *db, uint64_t *length_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(length_out != NULL, "NULL out");
		*length_out = db->db.get_total_length();
		return XC_OK;
	});
}

xc_status xc_db_get_metadata(xc_db *db, const char *key, char **value_out,
			     size_t *len_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(key != NULL && *key, "empty metadata key");
		require(value_out != NULL, "NULL out");
		copy_out(db->db.get_metadata(key), value_out, len_out);
		return XC_OK;
	});
}

xc_status xc_db_termfreq(xc_db *db, const char *term, uint32_t *freq_out,
			 char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(freq_out != NULL, "NULL out");
		/* Xapian reads "" as "every document": refuse it. */
		*freq_out = db->db.get_termfreq(term_of(term));
		return XC_OK;
	});
}

xc_status xc_db_document_data(xc_db *db, uint32_t docid, char **data_out,
			      size_t *len_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(data_out != NULL, "NULL out");
		try {
			copy_out(db->db.get_document(docid).get_data(), data_out, len_out);
		} catch (const Xapian::DocNotFoundError &) {
			throw Failure{XC_ERR_NOT_FOUND, "no such document"};
		}
		return XC_OK;
	});
}

xc_status xc_db_term_document_data(xc_db *db, const char *term, size_t term_len,
				   char **data_out, size_t *len_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(term != NULL && term_len > 0, "empty term");
		require(data_out != NULL, "NULL out");
		std::string t(term, term_len);
		Xapian::PostingIterator it = db->db.postlist_begin(t);
		if (it == db->db.postlist_end(t))
			throw Failure{XC_ERR_NOT_FOUND, "no document holds the term"};
		copy_out(db->db.get_document(*it).get_data(), data_out, len_out);
		return XC_OK;
	});
}

xc_status xc_db_estimate(xc_db *db, const xc_query *q, uint32_t *estimate_out,
			 uint32_t *upper_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(q != NULL, "NULL query");
		Xapian::Enquire enq(db->db);
		enq.set_query(q->q);
		Xapian::MSet m = enq.get_mset(0, 0);
		if (estimate_out)
			*estimate_out = m.get_matches_estimated();
		if (upper_out)
			*upper_out = m.get_matches_upper_bound();
		return XC_OK;
	});
}

/* ------------------------------------------------------------ queries */

xc_status xc_query_term(const char *term, size_t len, uint32_t wqf,
			xc_query **out, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		/* Xapian::Query("") would match every document. */
		*out = new xc_query{Xapian::Query(term_of(term, len), wqf)};
		return XC_OK;
	});
}

xc_status xc_query_wildcard(const char *prefix, uint32_t max_expansion,
			    xc_query **out, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		*out = new xc_query{Xapian::Query(
			Xapian::Query::OP_WILDCARD, term_of(prefix), max_expansion,
			Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
			Xapian::Query::OP_SYNONYM)};
		return XC_OK;
	});
}

xc_status xc_query_value_range(unsigned slot, const char *lo, size_t lo_len,
			       const char *hi, size_t hi_len, xc_query **out,
			       char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		require(lo != NULL || hi != NULL, "no bound");
		using Q = Xapian::Query;
		const std::string low = lo ? std::string(lo, lo_len) : std::string();
		const std::string high = hi ? std::string(hi, hi_len) : std::string();
		*out = new xc_query{!lo ? Q(Q::OP_VALUE_LE, slot, high)
				    : !hi ? Q(Q::OP_VALUE_GE, slot, low)
					  : Q(Q::OP_VALUE_RANGE, slot, low, high)};
		return XC_OK;
	});
}

xc_status xc_query_match_all(xc_query **out, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		*out = new xc_query{Xapian::Query::MatchAll};
		return XC_OK;
	});
}

xc_status xc_query_combine(xc_op op, xc_query *const *subs, size_t n,
			   uint32_t window, xc_query **out, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		require(subs != NULL || n == 0, "NULL subqueries");
		Xapian::Query::op xop;
		switch (raw(op)) {
		case XC_OP_AND: xop = Xapian::Query::OP_AND; break;
		case XC_OP_OR: xop = Xapian::Query::OP_OR; break;
		case XC_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
		case XC_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
		case XC_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
		case XC_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
		case XC_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
		case XC_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
		default: throw Failure{XC_ERR_INVALID, "unknown query operator"};
		}
		Xapian::Query *v = new Xapian::Query[n ? n : 1];
		try {
			for (size_t i = 0; i < n; i++) {
				require(subs[i] != NULL, "NULL subquery");
				v[i] = subs[i]->q;
			}
			/* window 0: Xapian's own "number of subqueries" */
			*out = new xc_query{Xapian::Query(xop, v, v + n,
							  window)};
		} catch (...) {
			delete[] v;
			throw;
		}
		delete[] v;
		return XC_OK;
	});
}

xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out,
			 char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(q != NULL && out != NULL, "NULL query");
		require(factor >= 0, "negative weight factor");
		*out = new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
		return XC_OK;
	});
}

void xc_query_free(xc_query *q)
{
	delete q;
}

char *xc_query_describe(const xc_query *q)
{
	if (!q)
		return NULL;
	try {
		return dup_message(NULL, q->q.get_description());
	} catch (...) {
		return NULL;
	}
}

/* ------------------------------------------------------------ results */

void xc_search_options_init(xc_search_options *opts)
{
	if (!opts)
		return;
	opts->bm25_k1 = 1.0;
	opts->bm25_k2 = 0.0;
	opts->bm25_k3 = 1.0;
	opts->bm25_b = 0.5;
	opts->bm25_min_normlen = 0.5;
	opts->check_at_least = 0;
	opts->weight_cutoff = 0;
	opts->accept = NULL;
	opts->accept_ctx = NULL;
	opts->collapse = 0;
	opts->collapse_slot = 0;
	opts->tie_break = 0;
	opts->tie_slot = 0;
	opts->sort_by_value = 0;
	opts->sort_slot = 0;
	opts->sort_descending = 0;
}

namespace {

/* The ranks of all's hits that opts->accept keeps (the first of each
 * collapse key, when collapsing), [offset, offset+limit); their keys go to
 * *keys when collapsing. */
std::vector<Xapian::doccount> filter_hits(const Xapian::MSet &all,
					  const xc_search_options &o,
					  uint32_t offset, uint32_t limit,
					  std::vector<std::string> *keys = NULL)
{
	std::vector<Xapian::doccount> keep;
	std::set<std::string> seen_keys;
	uint32_t seen = 0;
	for (Xapian::doccount i = 0; i < all.size() && keep.size() < limit; i++) {
		Xapian::Document doc = all[i].get_document();
		if (o.accept) {
			std::string data = doc.get_data();
			if (!o.accept(data.data(), data.size(), o.accept_ctx))
				continue;
		}
		std::string key;
		if (o.collapse) {
			/* As Xapian: documents without a key are not collapsed. */
			key = doc.get_value(o.collapse_slot);
			if (!key.empty() && !seen_keys.insert(key).second)
				continue;
		}
		if (seen++ >= offset) {
			keep.push_back(i);
			if (keys)
				keys->push_back(key);
		}
	}
	return keep;
}

/* Hands each candidate's data to the C callback. */
class AcceptDecider : public Xapian::MatchDecider {
	xc_accept_fn fn;
	void *ctx;

public:
	AcceptDecider(xc_accept_fn f, void *c) : fn(f), ctx(c) {}
	bool operator()(const Xapian::Document &doc) const override
	{
		std::string data = doc.get_data();
		return fn(data.data(), data.size(), ctx) != 0;
	}
};

} // namespace

xc_status xc_db_search(xc_db *db, const xc_query *q, uint32_t offset,
		       uint32_t limit, const xc_search_options *opts,
		       xc_mset **out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(q != NULL, "NULL query");
		require(out != NULL, "NULL out");
		xc_search_options o;
		xc_search_options_init(&o);
		if (opts)
			o = *opts;
		xc_mset *m = new xc_mset{Xapian::MSet(), db->path, {}, {}, false, db->db};
		try {
			for (int attempt = 0;; attempt++) {
				try {
					Xapian::Enquire enq(db->db);
					enq.set_query(q->q);
					enq.set_weighting_scheme(Xapian::BM25Weight(
						o.bm25_k1, o.bm25_k2, o.bm25_k3,
						o.bm25_b, o.bm25_min_normlen));
					AcceptDecider decider(o.accept, o.accept_ctx);
					if (o.collapse)
						enq.set_collapse_key(o.collapse_slot);
					if (o.weight_cutoff > 0)
						enq.set_cutoff(0, o.weight_cutoff);
					Xapian::MultiValueKeyMaker order;
					if (o.sort_by_value) {
						order.add_value(o.sort_slot, o.sort_descending != 0);
						if (o.tie_break)
							order.add_value(o.tie_slot);
						enq.set_sort_by_key(&order, false);
					} else if (o.tie_break) {
						enq.set_sort_by_relevance_then_value(o.tie_slot, false);
					}
					try {
						m->mset = enq.get_mset(offset, limit,
								       o.check_at_least, NULL,
								       o.accept ? &decider : NULL);
					} catch (const Xapian::UnimplementedError &) {
						if (!o.accept)
							throw;
						/* Remote shards take no decider: filter (and
						 * collapse, after the check) here. */
						enq.set_collapse_key(Xapian::BAD_VALUENO);
						m->mset = enq.get_mset(0, db->db.get_doccount());
						m->keep = filter_hits(m->mset, o, offset, limit,
								      &m->keys);
						m->filtered = true;
					}
					break;
				} catch (const Xapian::DatabaseModifiedError &) {
					if (attempt > 0)
						throw;
					db->db.reopen();
				}
			}
		} catch (...) {
			delete m;
			throw;
		}
		*out = m;
		return XC_OK;
	});
}

xc_status xc_db_count(xc_db *db, const xc_query *q,
		      const xc_search_options *opts, uint32_t *count_out,
		      char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(q != NULL, "NULL query");
		require(count_out != NULL, "NULL out");
		for (int attempt = 0;; attempt++) {
			try {
				Xapian::Enquire enq(db->db);
				enq.set_query(q->q);
				/* BoolWeight here trips "Unexpected end of posting list" in
				 * Xapian 1.4.22 after deletions; the default weight does not. */
				Xapian::doccount all = db->db.get_doccount();
				AcceptDecider decider(opts ? opts->accept : NULL,
						      opts ? opts->accept_ctx : NULL);
				const Xapian::MatchDecider *md =
					opts && opts->accept ? &decider : NULL;
				Xapian::MSet m;
				try {
					m = enq.get_mset(0, 0, all, NULL, md);
				} catch (const Xapian::UnimplementedError &) {
					if (!md)
						throw;
					/* Remote shards take no decider: count here. */
					m = enq.get_mset(0, all);
					*count_out = (uint32_t)filter_hits(m, *opts, 0, all).size();
					return XC_OK;
				}
				if (m.get_matches_lower_bound() !=
				    m.get_matches_upper_bound()) {
					/* not expected; count the hard way */
					m = enq.get_mset(0, all, 0, NULL, md);
					*count_out = m.size();
				} else {
					*count_out = m.get_matches_estimated();
				}
				return XC_OK;
			} catch (const Xapian::DatabaseModifiedError &) {
				if (attempt > 0)
					throw;
				db->db.reopen();
			}
		}
	});
}

size_t xc_mset_size(const xc_mset *m)
{
	return !m ? 0 : m->filtered ? m->keep.size() : m->mset.size();
}

/* The i-th hit's rank in the underlying MSet. */
static Xapian::doccount rank_of(const xc_mset *m, size_t i)
{
	return m->filtered ? m->keep[i] : Xapian::doccount(i);
}

uint32_t xc_mset_matches_estimated(const xc_mset *m)
{
	return m ? m->mset.get_matches_estimated() : 0;
}

double xc_mset_weight(const xc_mset *m, size_t i)
{
	if (!m || i >= xc_mset_size(m))
		return 0.0;
	try {
		return m->mset[rank_of(m, i)].get_weight();
	} catch (...) {
		return 0.0;
	}
}

/* The first cap bytes of v into buf, its whole length into *len_out. */
static void copy_bounded(const std::string &v, char *buf, size_t cap, size_t *len_out)
{
	if (cap && !v.empty())
		memcpy(buf, v.data(), std::min(cap, v.size()));
	if (len_out)
		*len_out = v.size();
}

/* Hit i's key as key_of(its MSet item) gives it, into buf (see xc_mset_key). */
template <typename KeyOf>
static xc_status copy_key(const xc_mset *m, size_t i, char *buf, size_t cap, size_t *len_out,
			  char **err, KeyOf key_of)
{
	return guard(m ? m->path.c_str() : NULL, err, [&]() -> xc_status {
		require(m != NULL, "NULL result set");
		require(buf != NULL || cap == 0, "NULL buffer");
		require(i < xc_mset_size(m), "hit index out of range");
		copy_bounded(key_of(m->mset[rank_of(m, i)]), buf, cap, len_out);
		return XC_OK;
	});
}

xc_status xc_mset_key(const xc_mset *m, size_t i, char *buf, size_t cap,
		      size_t *len_out, char **err)
{
	return copy_key(m, i, buf, cap, len_out, err, [&](const Xapian::MSetIterator &it) {
		return m->filtered ? m->keys[i] : it.get_collapse_key();
	});
}

xc_status xc_mset_sort_key(const xc_mset *m, size_t i, char *buf, size_t cap,
			   size_t *len_out, char **err)
{
	return copy_key(m, i, buf, cap, len_out, err,
			[](const Xapian::MSetIterator &it) { return it.get_sort_key(); });
}

xc_status xc_mset_wdfs_of(const xc_mset *m, const size_t *hits, size_t k,
			  const char *const *terms, size_t n, uint32_t *wdf_out,
			  uint32_t *length_out, char **err)
{
	return guard(m ? m->path.c_str() : NULL, err, [&]() -> xc_status {
		require(m != NULL, "NULL result set");
		require(k == 0 || (hits != NULL && length_out != NULL), "NULL hits");
		require(n == 0 || k == 0 || (terms != NULL && wdf_out != NULL), "NULL terms");
		/* The hits in docid order: each posting list is read once,
		 * forwards, skipping to them. */
		std::vector<std::pair<Xapian::docid, size_t>> order;
		order.reserve(k);
		for (size_t h = 0; h < k; h++) {
			require(hits[h] < xc_mset_size(m), "hit index out of range");
			order.emplace_back(*m->mset[rank_of(m, hits[h])], h);
		}
		std::sort(order.begin(), order.end());
		std::fill(wdf_out, wdf_out + k * n, 0u);
		for (size_t j = 0; j < n; j++) {
			Xapian::PostingIterator p = m->db.postlist_begin(terms[j]);
			const Xapian::PostingIterator end = m->db.postlist_end(terms[j]);
			for (const auto &o : order) {
				p.skip_to(o.first);
				if (p == end)
					break;
				if (*p == o.first)
					wdf_out[o.second * n + j] = p.get_wdf();
			}
		}
		for (const auto &o : order) {
			Xapian::termcount len = m->db.get_doclength(o.first);
			length_out[o.second] = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
		}
		return XC_OK;
	});
}

double xc_mset_max_possible(const xc_mset *m)
{
	try {
		return m ? m->mset.get_max_possible() : 0;
	} catch (...) {
		return 0;
	}
}

uint32_t xc_mset_docid(const xc_mset *m, size_t i)
{
	if (!m || i >= xc_mset_size(m))
		return 0;
	try {
		return *m->mset[rank_of(m, i)];
	} catch (...) {
		return 0;
	}
}

xc_status xc_mset_data(xc_mset *m, size_t i, char **data_out,
		       size_t *len_out, char **err)
{
	return guard(m ? m->path.c_str() : NULL, err, [&]() -> xc_status {
		require(m != NULL, "NULL result set");
		require(data_out != NULL, "NULL out");
		require(i < xc_mset_size(m), "hit index out of range");
		copy_out(m->mset[rank_of(m, i)].get_document().get_data(),
			 data_out, len_out);
		return XC_OK;
	});
}

void xc_mset_free(xc_mset *m)
{
	delete m;
}

/* ------------------------------------------------------------ metadata */

xc_status xc_db_each_metadata(xc_db *db, const char *prefix,
			      xc_metadata_fn fn, void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		each_metadata(db->db, prefix, fn, ctx);
		return XC_OK;
	});
}

xc_status xc_db_each_key(xc_db *db, const char *prefix, size_t prefix_len,
			 xc_metadata_fn fn, void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(prefix != NULL || prefix_len == 0, "NULL prefix");
		std::string p(prefix ? prefix : "", prefix_len);
		for (Xapian::Database &part : db->parts)
			if (each_metadata(part, p, fn, ctx, false))
				break;
		return XC_OK;
	});
}

/* Calls visit(term, termfreq) for each word, in sorted order, until it
 * returns true.  Boolean terms (ids, languages, header words) start with an
 * upper-case ASCII letter, words are folded: those are skipped over in one
 * step, not read. */
template <typename Visit>
static void each_word(const Xapian::Database &db, Visit visit)
{
	Xapian::TermIterator t = db.allterms_begin(), end = db.allterms_end();
	while (t != end) {
		std::string term = *t;
		if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
			t.skip_to("[");   /* the byte after 'Z' */
			continue;
		}
		if (visit(term, t.get_termfreq()))
			break;
		++t;
	}
}

xc_status xc_db_termcount(xc_db *db, uint64_t *count_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && count_out != NULL, "NULL argument");
		uint64_t n = 0;
		each_word(db->db, [&](const std::string &, Xapian::doccount) {
			n++;
			return false;
		});
		*count_out = n;
		return XC_OK;
	});
}

xc_status xc_db_each_document(xc_db *db, xc_document_fn fn, void *ctx,
			      char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && fn != NULL, "NULL argument");
		for (Xapian::PostingIterator p = db->db.postlist_begin(std::string());
		     p != db->db.postlist_end(std::string()); ++p) {
			std::string data = db->db.get_document(*p).get_data();
			if (fn(*p, data.data(), data.size(), ctx))
				break;
		}
		return XC_OK;
	});
}

/* Postings beyond which a term's list spans several blocks (glass keeps
 * about 2 KB of postings a chunk). */
#define LONG_POSTING_LIST 1000

xc_status xc_db_each_term(xc_db *db, const char *prefix, xc_term_fn fn,
			  void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && fn != NULL, "NULL argument");
		std::string p = prefix ? prefix : "";
		Xapian::TermIterator t = db->db.allterms_begin(p);
		const Xapian::TermIterator end = db->db.allterms_end(p);
		while (t != end) {
			std::string term = *t;
			Xapian::doccount freq = t.get_termfreq();
			if (fn(term.data(), term.size(), freq, ctx))
				break;
			/* Past a long posting list's chunks in one descent: the walk
			 * would read each of their blocks (a language term's run to
			 * 38 block reads on the related corpus; 17 so). */
			if (freq > LONG_POSTING_LIST)
				t.skip_to(term + std::string(1, '\0'));
			else
				++t;
		}
		return XC_OK;
	});
}

xc_status xc_db_each_word(xc_db *db, xc_term_fn fn, void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && fn != NULL, "NULL argument");
		each_word(db->db, [&](const std::string &term, Xapian::doccount freq) {
			return fn(term.data(), term.size(), freq, ctx) != 0;
		});
		return XC_OK;
	});
}

xc_status xc_db_avlength(xc_db *db, double *out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && out != NULL, "NULL argument");
		*out = db->db.get_avlength();
		return XC_OK;
	});
}
