/* xapian_c_internal.h: what the binding's files share (xapian_c_errors.cc,
 * xapian_c_write.cc, xapian_c_read.cc): the handles' contents, and
 * guard(), through which every entry point that can fail runs its body:
 * it catches Xapian::Error, std::bad_alloc and anything else, maps it to
 * an xc_status and writes a one-line "PATH: reason" message into *err.  No
 * exception ever leaves the binding.  Not for C callers. */
#ifndef RUBRIC_XAPIAN_C_INTERNAL_H
#define RUBRIC_XAPIAN_C_INTERNAL_H

#include "xapian_c.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include <sys/stat.h>

struct xc_doc {
	Xapian::Document doc;
};

struct xc_writer {
	Xapian::WritableDatabase db;
	std::string path;
	bool in_txn;
	bool broken;   /* a cancel failed half-way: never commit again */
	xc_writer *next_abandoned;
};

namespace xc_internal {
struct TermMaps;  /* xapian_c_termset.cc */
}
struct xc_db {
	Xapian::Database db;
	std::string path; /* the first database, for messages */
	int remotes;
	/* Each database opened or added, as it was (a shard, a remote one):
	 * Xapian lists the metadata keys of the first of db's only. */
	std::vector<Xapian::Database> parts;
	/* The documents of the terms xc_query_term_set has filtered by. */
	std::shared_ptr<xc_internal::TermMaps> term_maps;
};

struct xc_query {
	Xapian::Query q;
};

struct xc_mset {
	Xapian::MSet mset;
	std::string path;
	/* When hits were filtered here rather than by Xapian: the ranks kept
	 * (and their collapse keys, when collapsing here too). */
	std::vector<Xapian::doccount> keep;
	std::vector<std::string> keys;
	bool filtered;
	Xapian::Database db;   /* searched: its posting lists (xc_mset_wdfs_of) */
};

namespace xc_internal {

/* A failure detected here rather than by Xapian. */
struct Failure {
	xc_status status;
	const char *msg;
};

/* xapian_c_errors.cc */
char *dup_message(const char *path, const std::string &reason);
void set_err(char **err, const char *path, const std::string &reason) noexcept;
bool mentions_io(const std::string &msg);
bool missing(const Xapian::Error &e, const char *path);
xc_status map_error(const Xapian::Error &e, const char *path);
std::string reason_of(const Xapian::Error &e, xc_status st, const char *path);

/* Runs body() and turns whatever it throws into a status and message.
 * body returns XC_OK or throws; it may also throw Failure. */
template <typename F>
xc_status guard(const char *path, char **err, F body) noexcept
{
	try {
		return body();
	} catch (const Failure &f) {
		set_err(err, path, f.msg);
		return f.status;
	} catch (const Xapian::Error &e) {
		xc_status st = map_error(e, path); /* rethrows e */
		try {
			set_err(err, path, reason_of(e, st, path));
		} catch (...) {
			set_err(err, path, "out of memory");
		}
		return st;
	} catch (const std::bad_alloc &) {
		set_err(err, path, "out of memory");
		return XC_ERR_NO_MEMORY;
	} catch (const std::exception &e) {
		set_err(err, path, e.what());
		return XC_ERR_XAPIAN;
	} catch (...) {
		set_err(err, path, "unknown C++ exception");
		return XC_ERR_XAPIAN;
	}
}

inline void require(bool ok, const char *msg)
{
	if (!ok)
		throw Failure{XC_ERR_INVALID, msg};
}

inline std::string term_of(const char *term, size_t len)
{
	require(term != NULL, "NULL term");
	require(len > 0, "empty term");
	return std::string(term, len);
}

inline std::string term_of(const char *term)
{
	require(term != NULL, "NULL term");
	return term_of(term, std::strlen(term));
}

inline void copy_out(const std::string &s, char **value_out, size_t *len_out)
{
	char *v = static_cast<char *>(std::malloc(s.size() + 1));
	if (!v)
		throw std::bad_alloc();
	std::memcpy(v, s.data(), s.size());
	v[s.size()] = '\0';
	*value_out = v;
	if (len_out)
		*len_out = s.size();
}

/* C callers may pass any int as an enum; in C++ loading an out-of-range
 * enum value is undefined (UBSan flags it), so read the raw bits. */
template <typename E>
typename std::underlying_type<E>::type raw(const E &e)
{
	typename std::underlying_type<E>::type v;
	std::memcpy(&v, &e, sizeof v);
	return v;
}

inline bool is_stub(const std::string &path)
{
	struct stat st;
	if (stat(path.c_str(), &st) != 0)
		return false;
	if (S_ISREG(st.st_mode))
		return true;
	return stat((path + "/XAPIANDB").c_str(), &st) == 0;
}

/* Calls fn for each metadata key of db (a Database or a WritableDatabase)
 * starting with prefix, until fn returns nonzero. */
template <typename DB>
bool each_metadata(DB &db, const std::string &p, xc_metadata_fn fn, void *ctx,
		   bool values = true)
{
	require(fn != NULL, "NULL callback");
	for (Xapian::TermIterator k = db.metadata_keys_begin(p);
	     k != db.metadata_keys_end(p); ++k) {
		std::string key = *k, value = values ? db.get_metadata(key) : std::string();
		if (fn(key.data(), key.size(), values ? value.data() : NULL, value.size(), ctx))
			return true;
	}
	return false;
}

template <typename DB>
void each_metadata(DB &db, const char *prefix, xc_metadata_fn fn, void *ctx,
		   bool values = true)
{
	each_metadata(db, std::string(prefix ? prefix : ""), fn, ctx, values);
}

} // namespace xc_internal

#endif
