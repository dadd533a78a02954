/* langcontext.h: the language of a document too short or too unclear for
 * detection, taken from its context.
 *
 * The documents detected reliably (rb_langdetect_guess gave a language)
 * are noted by path; a document detection cannot label takes the language
 * of the reliably detected documents of its own folder, else of the
 * nearest folder above it (its parent, ..., its root) that has one:
 * a folder has one when at least RB_LANGCTX_MIN_DOCS of its documents
 * (its subfolders' included) were detected and RB_LANGCTX_SHARE percent
 * or more of them share a language.  Nothing clear: NULL, and the caller
 * falls back (to English).  A reliably detected document keeps its own
 * language whatever its folder's.
 *
 * The answer depends on what was noted before the question: the indexer
 * notes every document of a run first and asks for the undetected ones
 * after (indexer/work.c), and keeps the counts in the index for the next
 * run's new files (rb_langctx_save, rb_langctx_load).  Thread-safe: one
 * context serves every writer.
 */
#ifndef RUBRIC_LANGCONTEXT_H
#define RUBRIC_LANGCONTEXT_H

#include <stddef.h>

#include "status.h"

#define RB_LANGCTX_MIN_DOCS 3
#define RB_LANGCTX_SHARE 60

typedef struct rb_langctx rb_langctx;

rb_status rb_langctx_new(rb_langctx **out, char **err);
void rb_langctx_free(rb_langctx *c);

/* The document at `path` ('/'-separated; its folders are its prefixes)
 * was detected as `lang`, a libstemmer name. */
rb_status rb_langctx_note(rb_langctx *c, const char *path, const char *lang,
			  char **err);

/* The user's word: a document detection cannot label whose path matches
 * `glob` takes `lang` (a libstemmer name that outlives the context),
 * whatever its folders'.  The glob is matched (fnmatch, '*' matching '/'
 * too) against the whole path and against each end of it that starts
 * after a '/': "notes/" followed by "*" is every file under any folder
 * named notes, "*.es.txt" every file named so.  The first matching rule wins.  Call
 * before the context is shared between threads. */
rb_status rb_langctx_state(rb_langctx *c, const char *glob, const char *lang,
			   char **err);

/* The language (a static libstemmer name) of the first rule matching
 * `path`, else of the nearest folder of `path` with a clear one, or NULL. */
const char *rb_langctx_choose(rb_langctx *c, const char *path);

/* The counts, to keep in the index between runs: "folder\0lang\0count\0"
 * for each folder and language noted (*out malloc'd, *len its bytes). */
rb_status rb_langctx_save(rb_langctx *c, char **out, size_t *len, char **err);
/* Adds counts rb_langctx_save gave (a language this libstemmer lacks, or
 * a cut or malformed record, is skipped). */
rb_status rb_langctx_load(rb_langctx *c, const char *data, size_t len, char **err);

#endif
