/* ingest.h: a document's text becomes passage documents in the index.
 *
 * One analysis pass gives the words; the passage splitter groups them; each
 * passage becomes one Xapian document holding:
 *   each folded word, with its frequency and no positions;
 *   "L" + the document's language (detected, or the index's);
 *   "Q" + passage id, "P" + path id (all passages of one file);
 *   a mail's header words: "XF" From, "XT" To and Cc, "XI" Message-ID;
 *   its date (value slot RB_SLOT_DATE): a mail's Date, else the file's
 *   modification time;
 *   the passage record as data.
 * The stem families, one metadata key per (stem, language, word): "Z" +
 * stem + NUL + language + NUL + word (schema.h, rb_family_key), so a query
 * word is searched as the set of its stem's words in every language of
 * the index, weighted as one term.
 * Phrases need no positions: the index finds passages holding the words,
 * and the search checks their text (stored, or read back from the file:
 * lib/source.h) with this same analyzer.  (That
 * halves indexing time and index size against positional terms plus stems:
 * see ARCHITECTURE.md, "Index schema".)
 */
#ifndef RUBRIC_INGEST_H
#define RUBRIC_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "format.h"
#include "schema.h"
#include "status.h"
#include "xapian_c.h"

typedef struct rb_ingest rb_ingest;

/* Borrows the writer, which must outlive the ingest.  `lang` is a
 * libstemmer name or "none" for every document, or "auto" to detect each
 * document's language (falling back to RB_DEFAULT_LANG). */
rb_status rb_ingest_new(xc_writer *w, const char *lang, rb_ingest **out,
			char **err);
void rb_ingest_free(rb_ingest *in);

/* The language of the next document only (a libstemmer name that
 * outlives it, e.g. rb_langdetect_guess's or rb_lang_canonical's),
 * instead of the ingest's own choice: the caller chose it from the
 * document's context (lib/langcontext.h). */
void rb_ingest_set_lang(rb_ingest *in, const char *lang);

/* The date of the documents that have none of their own (a mail's Date
 * is its own): their file's modification time, seconds since 1970. */
void rb_ingest_set_file_time(rb_ingest *in, int64_t t);

/* Whether the next document's bytes are its file's as it is on disk
 * (not stdin's): its passages whose text is those bytes keep only their
 * byte range and hash, and are read back at search time (lib/source.h). */
void rb_ingest_set_text_in_file(rb_ingest *in, int in_file);

/* Every passage's text stored, even where its file holds it (an index
 * searched where the files are not: remote shards). */
void rb_ingest_set_store_text(rb_ingest *in, int store);

/* Replaces whatever the index holds for `path` (its absolute path, the
 * file's identity) with the passages of `doc`, read by a format reader
 * from the file's bytes src[0, src_len) (for source lines).
 * *passages_out gets their number. */
rb_status rb_ingest_document(rb_ingest *in, const char *path,
			     const rb_document *doc, const char *src, size_t src_len,
			     size_t *passages_out, char **err);

/* Writes what the ingest holds back (the words' family keys, sorted so
 * that neighbours share blocks; an update's only where missing): call
 * before each commit. */
rb_status rb_ingest_flush(rb_ingest *in, char **err);

/* When the writer's index held documents as the ingest began (an
 * update): the words it has written since, each once, NUL-terminated one
 * after another (*len bytes; the ingest owns them).  Else NULL. */
const char *rb_ingest_written_words(const rb_ingest *in, size_t *len);

/* Removes every passage of `path` from the index. */
rb_status rb_ingest_remove(rb_ingest *in, const char *path, char **err);

#endif
