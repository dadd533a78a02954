/* xapian_c_write.cc: documents, writers, keys written, compaction,
 * metadata of a writer. */
#include "xapian_c_internal.h"

#include <atomic>
#include <set>
#include <utility>
#include <vector>

using namespace xc_internal;

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
					     path, false, false, nullptr};
		*out = w;
		return XC_OK;
	});
}

/* Cancels w's transaction.  Xapian ends the transaction first, then
 * drops its changes: if that throws (out of memory) some are still there,
 * and the next commit would write a part of the transaction. */
static void cancel(xc_writer *w)
{
	w->in_txn = false;
	w->broken = true;
	w->db.cancel_transaction();
	w->broken = false;
}

xc_status xc_writer_close(xc_writer *w, char **err)
{
	if (!w)
		return XC_OK;
	xc_status st = guard(w->path.c_str(), err, [&]() -> xc_status {
		if (w->in_txn)
			cancel(w);
		if (!w->broken)
			w->db.commit();
		return XC_OK;
	});
	if (w->broken) {
		/* Xapian's close, and its destructor, would commit what is
		 * left of the transaction: the handle is left to the process's
		 * exit, which drops the lock (make check-faults: Xapian crashed
		 * there when out of memory), kept in a list (no allocation)
		 * so that it is not a leak. */
		static std::atomic<xc_writer *> abandoned{nullptr};
		w->next_abandoned = abandoned.load();
		while (!abandoned.compare_exchange_weak(w->next_abandoned, w))
			;
		return st != XC_OK ? st : XC_ERR_NO_MEMORY;
	}
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
		if (w->broken)
			throw Failure{XC_ERR_INVALID, "a cancelled transaction failed: not committing"};
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
		cancel(w);
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

xc_status xc_writer_term_exists(xc_writer *w, const char *term, int *exists_out,
				char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require(exists_out != NULL, "NULL out");
		*exists_out = w->db.term_exists(term_of(term));
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

/* ------------------------------------------------------------ compaction */

/* Whether the glass table file `name` is there in the database folder
 * `dir`, not empty (lstat: whatever it is, Xapian should read it). */
static bool table_on_disk(const std::string &dir, const char *name)
{
	struct stat st;
	return lstat((dir + "/" + name).c_str(), &st) == 0 && st.st_size > 0;
}

/* A source of compaction, checked whole.  Glass opens its optional tables
 * (document data, term lists, synonyms, spellings, positions) when
 * reading only if it can, and takes a table it fails to open, for any
 * reason (EIO, ENOMEM), as absent: compaction would then drop the
 * table's contents without a word (make check-faults found it).  Sources
 * here are chunks just written, nothing deleted from them, so a table
 * file with content on disk must read as non-empty. */
static Xapian::Database whole_source(const char *path)
{
	Xapian::Database db(path);
	const std::string dir(path);
	const char *lost = NULL;
	Xapian::PostingIterator first = db.postlist_begin("");
	if (first != db.postlist_end("")) {
		if (table_on_disk(dir, "docdata.glass") && db.get_document(*first).get_data().empty())
			lost = "docdata.glass";
		else if (table_on_disk(dir, "termlist.glass"))
			(void)db.termlist_begin(*first);  /* throws if it is not open */
	}
	if (!lost && table_on_disk(dir, "spelling.glass") &&
	    db.spellings_begin() == db.spellings_end())
		lost = "spelling.glass";
	if (!lost && table_on_disk(dir, "position.glass") && !db.has_positions())
		lost = "position.glass";
	if (lost)
		throw Xapian::DatabaseError(dir + ": cannot read " + lost);
	return db;
}

xc_status xc_compact(const char *const *sources, size_t n, const char *dest,
		     char **err)
{
	return guard(dest, err, [&]() -> xc_status {
		require(sources != NULL && n > 0, "no databases to compact");
		require(dest != NULL && *dest, "no destination");
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(whole_source(sources[i]));
		all.compact(dest);
		return XC_OK;
	});
}

xc_status xc_writer_each_metadata_key(xc_writer *w, const char *prefix,
				      xc_metadata_fn fn, void *ctx, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		each_metadata(w->db, prefix, fn, ctx, false);
		return XC_OK;
	});
}

/* ------------------------------------------------------------ keys */

/* The value of every key xc_writer_add_keys writes: an empty one would
 * remove the key. */
static const std::string key_value("+");

/* The i-th of the keys, checked. */
static std::string key_at(const char *const *keys, const size_t *lens, size_t i)
{
	require(keys[i] != NULL, "NULL key");
	require(lens[i] > 0, "empty metadata key");
	return std::string(keys[i], lens[i]);
}

xc_status xc_writer_add_keys(xc_writer *w, const char *const *keys, const size_t *lens,
			     size_t n, int only_new, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require((keys != NULL && lens != NULL) || n == 0, "NULL keys");
		for (size_t i = 0; i < n; i++) {
			std::string k = key_at(keys, lens, i);
			if (!only_new || w->db.get_metadata(k).empty())
				w->db.set_metadata(k, key_value);
		}
		return XC_OK;
	});
}

xc_status xc_writer_remove_keys(xc_writer *w, const char *const *keys, const size_t *lens,
				size_t n, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		require((keys != NULL && lens != NULL) || n == 0, "NULL keys");
		for (size_t i = 0; i < n; i++)
			w->db.set_metadata(key_at(keys, lens, i), std::string());
		return XC_OK;
	});
}

/* ------------------------------------------------------------ metadata */

xc_status xc_writer_each_metadata(xc_writer *w, const char *prefix,
				  xc_metadata_fn fn, void *ctx, char **err)
{
	return guard(w ? w->path.c_str() : NULL, err, [&]() -> xc_status {
		require(w != NULL, "NULL writer");
		each_metadata(w->db, prefix, fn, ctx);
		return XC_OK;
	});
}
