/* xapian_c.cc: the C binding over libxapian (see xapian_c.h).
 *
 * Every entry point that can fail runs its body through guard(), which
 * catches Xapian::Error, std::bad_alloc and anything else, maps it to an
 * xc_status and writes a one-line "PATH: reason" message into *err.  No
 * exception ever leaves this file.
 */
#include "xapian_c.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>
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
};

struct xc_db {
	Xapian::Database db;
	std::string path; /* the first database, for messages */
	int remotes;
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
};

/* ------------------------------------------------------------ errors */

namespace {

/* A failure detected here rather than by Xapian. */
struct Failure {
	xc_status status;
	const char *msg;
};

char *dup_message(const char *path, const std::string &reason)
{
	std::string m;
	if (path && *path) {
		m = path;
		m += ": ";
	}
	m += reason.empty() ? std::string("unknown error") : reason;
	/* single line, so it reads well after "rubric-search: " */
	for (char &c : m)
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
	char *s = static_cast<char *>(std::malloc(m.size() + 1));
	if (s)
		std::memcpy(s, m.c_str(), m.size() + 1);
	return s;
}

void set_err(char **err, const char *path, const std::string &reason) noexcept
{
	if (!err)
		return;
	try {
		*err = dup_message(path, reason);
	} catch (...) {
		*err = NULL; /* out of memory while reporting: no message */
	}
}

bool mentions_io(const std::string &msg)
{
	static const char *const words[] = {
		"writ", "read", "fsync", "fdatasync", "sync", "ENOSPC",
		"No space", "Input/output", "Disk quota", "I/O",
	};
	for (const char *w : words)
		if (msg.find(w) != std::string::npos)
			return true;
	return false;
}

bool missing(const Xapian::Error &e, const char *path)
{
	struct stat st;
	if (e.get_error_string() &&
	    std::strstr(e.get_error_string(), std::strerror(ENOENT)))
		return true;
	return path && *path && stat(path, &st) != 0 && errno == ENOENT;
}

/* Xapian::Error has no virtual functions, so dynamic_cast can't classify
 * it: rethrow the exception being handled and let catch clauses do it. */
xc_status map_error(const Xapian::Error &e, const char *path)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &) {
		return XC_ERR_LOCKED;
	} catch (const Xapian::DatabaseNotFoundError &) {
		return XC_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseCorruptError &) {
		return XC_ERR_CORRUPT;
	} catch (const Xapian::DatabaseVersionError &) {
		return XC_ERR_CORRUPT;
	} catch (const Xapian::DatabaseOpeningError &) {
		return missing(e, path) ? XC_ERR_NOT_FOUND : XC_ERR_OPENING;
	} catch (const Xapian::DatabaseCreateError &) {
		return XC_ERR_OPENING;
	} catch (const Xapian::DatabaseModifiedError &) {
		return XC_ERR_XAPIAN;
	} catch (const Xapian::DatabaseClosedError &) {
		return XC_ERR_XAPIAN;
	} catch (const Xapian::DatabaseError &) {
		/* what's left: block reads/writes, fsync, disk full */
		return e.get_error_string() || mentions_io(e.get_msg())
			       ? XC_ERR_IO : XC_ERR_XAPIAN;
	} catch (const Xapian::InvalidArgumentError &) {
		return XC_ERR_INVALID;
	} catch (const Xapian::InvalidOperationError &) {
		return XC_ERR_INVALID;
	} catch (const Xapian::UnimplementedError &) {
		return XC_ERR_INVALID; /* a query shape Xapian can't run */
	} catch (const Xapian::NetworkError &) {
		return XC_ERR_NETWORK; /* and NetworkTimeoutError */
	} catch (...) {
		return XC_ERR_XAPIAN;
	}
}

/* A one-line reason for e: Xapian's message, without the path we prefix
 * anyway, plus the errno text when it adds something; at most ~160 bytes
 * (a rejected term can be long). */
std::string reason_of(const Xapian::Error &e, xc_status st, const char *path)
{
	const char *es = e.get_error_string();
	std::string r = e.get_msg();
	if (st == XC_ERR_NOT_FOUND && es && *es)
		return es; /* "PATH: No such file or directory", as grep says */
	if (path && *path) {
		const std::string p(path);
		if (r.compare(0, p.size(), p) == 0)
			r.erase(0, p.size() + (r.compare(p.size(), 2, ": ") == 0
						       ? 2 : 0));
		const char *const forms[] = { " on '", " at '", " in '", " '",
					      " on ", " at ", " in ", " " };
		for (const char *f : forms) {
			std::string needle = f + p;
			if (f[std::strlen(f) - 1] == '\'')
				needle += '\'';
			std::string::size_type at = r.find(needle);
			if (at != std::string::npos) {
				r.erase(at, needle.size());
				break;
			}
		}
	}
	if (es && *es && r.find(es) == std::string::npos)
		r += std::string(" (") + es + ")";
	if (!r.empty() && r[0] == ':') {
		/* "PATH:3: Bad line" (a stub file) */
		r.erase(0, 1);
		if (!r.empty() && r[0] >= '0' && r[0] <= '9')
			r.insert(0, "line ");
	}
	if (r.empty())
		r = e.get_type();
	const std::string::size_type max = 160;
	if (r.size() > max) {
		std::string::size_type cut = max;
		while (cut > 0 && (static_cast<unsigned char>(r[cut]) & 0xC0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
		r.resize(cut);
		r += "...";
	}
	return r;
}

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

void require(bool ok, const char *msg)
{
	if (!ok)
		throw Failure{XC_ERR_INVALID, msg};
}

std::string term_of(const char *term, size_t len)
{
	require(term != NULL, "NULL term");
	require(len > 0, "empty term");
	return std::string(term, len);
}

std::string term_of(const char *term)
{
	require(term != NULL, "NULL term");
	return term_of(term, std::strlen(term));
}

void copy_out(const std::string &s, char **value_out, size_t *len_out)
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

bool is_stub(const std::string &path)
{
	struct stat st;
	if (stat(path.c_str(), &st) != 0)
		return false;
	if (S_ISREG(st.st_mode))
		return true;
	return stat((path + "/XAPIANDB").c_str(), &st) == 0;
}

} // namespace

/* ------------------------------------------------------------ status */

const char *xc_status_to_string(xc_status status)
{
	switch (raw(status)) {
	case XC_OK: return "ok";
	case XC_ERR_NOT_FOUND: return "not found";
	case XC_ERR_LOCKED: return "locked";
	case XC_ERR_CORRUPT: return "corrupt";
	case XC_ERR_OPENING: return "cannot open";
	case XC_ERR_INVALID: return "invalid argument";
	case XC_ERR_NETWORK: return "network error";
	case XC_ERR_NO_MEMORY: return "out of memory";
	case XC_ERR_IO: return "I/O error";
	case XC_ERR_XAPIAN: return "Xapian error";
	}
	return "unknown status";
}

/* ------------------------------------------------------------ documents */

xc_status xc_doc_new(xc_doc **out, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(out != NULL, "NULL out");
		*out = new xc_doc();
		return XC_OK;
	});
}

void xc_doc_free(xc_doc *doc)
{
	delete doc;
}

void xc_doc_clear(xc_doc *doc)
{
	if (!doc)
		return;
	try {
		doc->doc = Xapian::Document();
	} catch (...) {
		try {
			doc->doc.clear_terms();
			doc->doc.clear_values();
			doc->doc.set_data(std::string());
		} catch (...) {
		}
	}
}

xc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len,
			     uint32_t pos, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(doc != NULL, "NULL document");
		doc->doc.add_posting(term_of(term, len), pos);
		return XC_OK;
	});
}

xc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len,
			  uint32_t wdf_inc, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(doc != NULL, "NULL document");
		doc->doc.add_term(term_of(term, len), wdf_inc);
		return XC_OK;
	});
}

xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const void *value,
			   size_t len, char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(doc != NULL, "NULL document");
		require(value != NULL || len == 0, "NULL value");
		doc->doc.add_value(slot, std::string(static_cast<const char *>(value), len));
		return XC_OK;
	});
}

xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len,
				  char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(doc != NULL, "NULL document");
		doc->doc.add_boolean_term(term_of(term, len));
		return XC_OK;
	});
}

xc_status xc_doc_set_data(xc_doc *doc, const void *data, size_t len,
			  char **err)
{
	return guard(NULL, err, [&]() -> xc_status {
		require(doc != NULL, "NULL document");
		require(data != NULL || len == 0, "NULL data");
		doc->doc.set_data(len ? std::string(static_cast<const char *>(data),
						    len)
				      : std::string());
		return XC_OK;
	});
}

/* ------------------------------------------------------------ writing */

xc_status xc_writer_open(const char *path, int flags, xc_writer **out,
			 char **err)
{
	return guard(path, err, [&]() -> xc_status {
		require(path != NULL && *path, "empty database path");
		require(out != NULL, "NULL out");
		require((flags & ~15) == 0, "unknown writer flags");
		int xf;
		switch (flags & 3) {
		case XC_WRITER_CREATE_OR_OPEN: xf = Xapian::DB_CREATE_OR_OPEN; break;
		case XC_WRITER_CREATE: xf = Xapian::DB_CREATE; break;
		case XC_WRITER_OVERWRITE: xf = Xapian::DB_CREATE_OR_OVERWRITE; break;
		default:
			throw Failure{XC_ERR_INVALID,
				      "XC_WRITER_CREATE and XC_WRITER_OVERWRITE together"};
		}
		if (flags & XC_WRITER_NO_TERMLIST)
			xf |= Xapian::DB_NO_TERMLIST;
		if (flags & XC_WRITER_NO_SYNC)
			xf |= Xapian::DB_NO_SYNC;
		/* Glass, except where a stub must be followed: naming a backend
		 * makes Xapian skip stub detection. */
		if (!is_stub(path))
			xf |= Xapian::DB_BACKEND_GLASS;
		/* No DB_RETRY_LOCK: a held lock fails at once. */
		xc_writer *w = new xc_writer{Xapian::WritableDatabase(path, xf),
					     path, false};
		*out = w;
		return XC_OK;
	});
}

xc_status xc_writer_close(xc_writer *w, char **err)
{
	if (!w)
		return XC_OK;
	xc_status st = guard(w->path.c_str(), err, [&]() -> xc_status {
		if (w->in_txn) {
			w->in_txn = false;
			w->db.cancel_transaction();
		}
		w->db.commit();
		return XC_OK;
	});
	/* Release the lock even when the commit failed.  close() would retry
	 * the commit; report only the first failure. */
	xc_status st2 = guard(w->path.c_str(), st == XC_OK ? err : NULL, [&]() -> xc_status {
		w->db.close();
		return XC_OK;
	});
	delete w;
	return st != XC_OK ? st : st2;
}

xc_status xc_writer_begin(xc_writer *w, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(!w->in_txn, "transaction already in progress");
		w->db.begin_transaction(true);
		w->in_txn = true;
		return XC_OK;
	});
}

xc_status xc_writer_commit(xc_writer *w, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		if (w->in_txn) {
			/* Xapian ends the transaction even if this throws. */
			w->in_txn = false;
			w->db.commit_transaction();
		} else {
			w->db.commit();
		}
		return XC_OK;
	});
}

xc_status xc_writer_cancel(xc_writer *w, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(w->in_txn, "no transaction in progress");
		w->in_txn = false;
		w->db.cancel_transaction();
		return XC_OK;
	});
}

xc_status xc_writer_add_document(xc_writer *w, const xc_doc *doc,
				 uint32_t *docid_out, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(doc != NULL, "NULL document");
		Xapian::docid id = w->db.add_document(doc->doc);
		if (docid_out)
			*docid_out = id;
		return XC_OK;
	});
}

xc_status xc_writer_replace_document(xc_writer *w, const char *unique_term,
				     const xc_doc *doc, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(doc != NULL, "NULL document");
		w->db.replace_document(term_of(unique_term), doc->doc);
		return XC_OK;
	});
}

xc_status xc_writer_delete_term(xc_writer *w, const char *term, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		w->db.delete_document(term_of(term));
		return XC_OK;
	});
}

xc_status xc_writer_set_metadata(xc_writer *w, const char *key,
				 const void *value, size_t len, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(key != NULL && *key, "empty metadata key");
		require(value != NULL || len == 0, "NULL metadata value");
		w->db.set_metadata(key, len ? std::string(
					     static_cast<const char *>(value), len)
					    : std::string());
		return XC_OK;
	});
}

xc_status xc_writer_get_metadata(xc_writer *w, const char *key,
				 char **value_out, size_t *len_out, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(key != NULL && *key, "empty metadata key");
		require(value_out != NULL, "NULL out");
		copy_out(w->db.get_metadata(key), value_out, len_out);
		return XC_OK;
	});
}

xc_status xc_writer_doccount(xc_writer *w, uint32_t *count_out, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(count_out != NULL, "NULL out");
		*count_out = w->db.get_doccount();
		return XC_OK;
	});
}

/* ------------------------------------------------------------ reading */

xc_status xc_db_open(const char *path, xc_db **out, char **err)
{
	return guard(path, err, [&]() -> xc_status {
		require(path != NULL && *path, "empty database path");
		require(out != NULL, "NULL out");
		*out = new xc_db{Xapian::Database(path), path, 0};
		return XC_OK;
	});
}

xc_status xc_db_add(xc_db *db, const char *path, char **err)
{
	return guard(path, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(path != NULL && *path, "empty database path");
		db->db.add_database(Xapian::Database(path));
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
		*out = new xc_db{Xapian::Database(), name ? name : "", 0};
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
		db->db.add_database(Xapian::Remote::open(host, port, t, t));
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

const char *xc_version(void)
{
	return Xapian::version_string();
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
	opts->accept = NULL;
	opts->accept_ctx = NULL;
	opts->collapse = 0;
	opts->collapse_slot = 0;
	opts->tie_break = 0;
	opts->tie_slot = 0;
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
		xc_mset *m = new xc_mset{Xapian::MSet(), db->path, {}, {}, false};
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
					if (o.tie_break)
						enq.set_sort_by_relevance_then_value(o.tie_slot, false);
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

xc_status xc_mset_key(const xc_mset *m, size_t i, char *buf, size_t cap,
		      size_t *len_out, char **err)
{
	return guard(m ? m->path.c_str() : NULL, err, [&]() -> xc_status {
		require(m != NULL, "NULL result set");
		require(buf != NULL || cap == 0, "NULL buffer");
		require(i < xc_mset_size(m), "hit index out of range");
		std::string key = m->filtered ? m->keys[i]
					      : m->mset[rank_of(m, i)].get_collapse_key();
		if (cap && !key.empty())
			memcpy(buf, key.data(), std::min(cap, key.size()));
		if (len_out)
			*len_out = key.size();
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

/* ------------------------------------------------------------ synonyms */

xc_status xc_writer_add_synonym(xc_writer *w, const char *term,
				const char *synonym, size_t synonym_len,
				char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		w->db.add_synonym(term_of(term), term_of(synonym, synonym_len));
		return XC_OK;
	});
}

xc_status xc_db_synonyms(xc_db *db, const char *term, xc_synonym_fn fn,
			 void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		require(fn != NULL, "NULL callback");
		for (Xapian::TermIterator t = db->db.synonyms_begin(term_of(term));
		     t != db->db.synonyms_end(term_of(term)); ++t) {
			std::string syn = *t;
			if (fn(syn.data(), syn.size(), ctx))
				break;
		}
		return XC_OK;
	});
}

/* ------------------------------------------------------------ compaction */

xc_status xc_compact(const char *const *sources, size_t n, const char *dest,
		     char **err)
{
	return guard(dest, err, [&]() -> xc_status {
		require(sources != NULL && n > 0, "no databases to compact");
		require(dest != NULL && *dest, "no destination");
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(sources[i]));
		all.compact(dest);
		return XC_OK;
	});
}

/* ------------------------------------------------------------ metadata */

namespace {

template <typename DB>
void each_metadata(DB &db, const char *prefix, xc_metadata_fn fn, void *ctx)
{
	require(fn != NULL, "NULL callback");
	std::string p = prefix ? prefix : "";
	for (Xapian::TermIterator k = db.metadata_keys_begin(p);
	     k != db.metadata_keys_end(p); ++k) {
		std::string key = *k, value = db.get_metadata(key);
		if (fn(key.data(), key.size(), value.data(), value.size(), ctx))
			break;
	}
}

} // namespace

xc_status xc_writer_each_metadata(xc_writer *w, const char *prefix,
				  xc_metadata_fn fn, void *ctx, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		each_metadata(w->db, prefix, fn, ctx);
		return XC_OK;
	});
}

xc_status xc_db_each_metadata(xc_db *db, const char *prefix,
			      xc_metadata_fn fn, void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL, "NULL database");
		each_metadata(db->db, prefix, fn, ctx);
		return XC_OK;
	});
}

xc_status xc_db_termcount(xc_db *db, uint64_t *count_out, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && count_out != NULL, "NULL argument");
		uint64_t n = 0;
		for (Xapian::TermIterator t = db->db.allterms_begin();
		     t != db->db.allterms_end(); ++t) {
			const std::string &term = *t;
			/* Boolean terms (ids, languages) start upper case;
			 * words are folded. */
			if (!(term[0] >= 'A' && term[0] <= 'Z'))
				n++;
		}
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

xc_status xc_db_each_term(xc_db *db, const char *prefix, xc_term_fn fn,
			  void *ctx, char **err)
{
	return guard(db ? db->path.c_str() : NULL, err, [&]() -> xc_status {
		require(db != NULL && fn != NULL, "NULL argument");
		std::string p = prefix ? prefix : "";
		for (Xapian::TermIterator t = db->db.allterms_begin(p);
		     t != db->db.allterms_end(p); ++t) {
			std::string term = *t;
			if (fn(term.data(), term.size(), t.get_termfreq(), ctx))
				break;
		}
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
