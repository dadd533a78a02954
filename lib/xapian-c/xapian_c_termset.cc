/* xapian_c_termset.cc: the documents holding one of a few boolean terms (a
 * query word's languages), as a filter that costs one bit test a
 * candidate.  A word of an index in many languages is a branch for each
 * family of forms, each restricted to its languages' passages; as an OR of
 * the language terms, each branch of each query opened every one of their
 * posting lists again (a block read or more each: most of a multi-word
 * query's reads).  Here each term's documents are read once per database
 * and process, into a bitmap the database handle keeps. */
#include "xapian_c_internal.h"

#include <map>
#include <memory>

using namespace xc_internal;

namespace xc_internal {

/* One bit a document id of one sub-database. */
typedef std::vector<uint64_t> Bitmap;


/* Which sub-database (its uuid, revision and last docid: a reopened or
 * another shard's database is read afresh). */
static std::string database_key(const Xapian::Database &db)
{
	return db.get_uuid() + '\0' + std::to_string(db.get_revision()) + '\0' +
	       std::to_string(db.get_lastdocid());
}

struct TermMaps {
	/* The documents holding any of a set of terms, and their number. */
	struct Set {
		std::shared_ptr<const Bitmap> bits;
		Xapian::doccount count;
	};
	/* Keyed by database_key, then the terms: made once a database and
	 * set, as each search of a query's every branch starts with it. */
	std::map<std::string, std::shared_ptr<const Set>> sets;

	std::shared_ptr<const Set> set_of(const Xapian::Database &db,
					  const std::vector<std::string> &terms)
	{
		std::string key = database_key(db);
		for (const std::string &t : terms)
			key += '\0' + t;
		auto it = sets.find(key);
		if (it != sets.end())
			return it->second;
		Xapian::docid last = db.get_lastdocid();
		auto bits = std::make_shared<Bitmap>(last / 64 + 1, 0);
		for (const std::string &t : terms) {
			const Xapian::PostingIterator end = db.postlist_end(t);
			for (Xapian::PostingIterator p = db.postlist_begin(t); p != end; ++p)
				if (*p <= last)
					(*bits)[*p / 64] |= UINT64_C(1) << (*p % 64);
		}
		Xapian::doccount count = 0;
		for (uint64_t w : *bits)
			count += (Xapian::doccount)__builtin_popcountll(w);
		auto set = std::make_shared<const Set>(Set{bits, count});
		sets.emplace(key, set);
		return set;
	}
};

} // namespace xc_internal

namespace {

class TermSetSource : public Xapian::PostingSource {
	std::shared_ptr<TermMaps> cache;
	std::vector<std::string> terms;
	/* This sub-database's members; did: the current one (0 before the
	 * first). */
	std::shared_ptr<const Bitmap> member;
	Xapian::docid did = 0, last = 0;
	Xapian::doccount count = 0;

	bool holds(Xapian::docid d) const
	{
		return d <= last && ((*member)[d / 64] >> (d % 64) & 1);
	}

public:
	TermSetSource(std::shared_ptr<TermMaps> c, std::vector<std::string> t)
		: cache(std::move(c)), terms(std::move(t))
	{
	}

	Xapian::PostingSource *clone() const override
	{
		return new TermSetSource(cache, terms);
	}

	std::string name() const override
	{
		return "rubric::TermSetSource";
	}

	void init(const Xapian::Database &db) override
	{
		last = db.get_lastdocid();
		std::shared_ptr<const TermMaps::Set> s = cache->set_of(db, terms);
		member = s->bits;
		count = s->count;
		did = 0;
	}

	Xapian::doccount get_termfreq_min() const override { return count; }
	Xapian::doccount get_termfreq_est() const override { return count; }
	Xapian::doccount get_termfreq_max() const override { return count; }

	void next(double) override
	{
		for (did++; did <= last && !holds(did); did++) {
			/* a whole empty word at once */
			if (did % 64 == 0 && (*member)[did / 64] == 0)
				did += 63;
		}
	}

	void skip_to(Xapian::docid target, double min_wt) override
	{
		if (target <= did)
			return;
		did = target - 1;
		next(min_wt);
	}

	bool check(Xapian::docid target, double) override
	{
		if (target <= did)
			return true;
		did = target;
		return holds(target);
	}

	bool at_end() const override { return did > last; }
	Xapian::docid get_docid() const override { return did; }

	std::string get_description() const override
	{
		std::string d = "any of";
		for (const std::string &t : terms)
			d += " " + t;
		return "TermSetSource(" + d + ")";
	}
};

} // namespace

xc_status xc_query_term_set(xc_db *db, const char *const *terms, size_t n, xc_query **out,
			    char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(out != NULL, "NULL out");
		require(n == 0 || terms != NULL, "NULL terms");
		require(db->remotes == 0, "a term set needs local databases");
		std::vector<std::string> t;
		for (size_t i = 0; i < n; i++)
			t.push_back(term_of(terms[i]));
		if (!db->term_maps)
			db->term_maps = std::make_shared<TermMaps>();
		Xapian::PostingSource *src = new TermSetSource(db->term_maps, std::move(t));
		xc_query *q = new xc_query{Xapian::Query(src->release())};
		*out = q;
		return XC_OK;
	});
}
