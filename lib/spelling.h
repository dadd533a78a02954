/* spelling.h: the words of an index laid out for "did you mean", written
 * at the end of every run that changes the index, so that a query word
 * found nowhere is corrected without reading the whole vocabulary.
 *
 * Kept in the metadata of the index's first database (a sharded index's
 * first shard holds every shard's words: Xapian reads metadata from the
 * first database of several):
 *   "rubric:spell"            "2 DOCS LENGTH WORDS\n" then the first word
 *                             number of each length 1..RB_SPELL_MAX_LEN + 1
 *                             (words are numbered by length, then bytes)
 *   "rubric:spell:w:" PAGE    RB_SPELL_PAGE words from PAGE * RB_SPELL_PAGE
 *                             (8 hex digits), each followed by a NUL
 *   "rubric:spell:t:" TRI     the numbers of the words holding that byte
 *                             trigram of the word framed by \x01 and \x02
 *                             (6 hex digits), ascending, as varint gaps
 *   "rubric:spell:tail"       the words the numbered ones lack, each
 *                             followed by a NUL: an update adds its new
 *                             words here instead of numbering them all again
 *                             (until they are RB_SPELL_TAIL_SHARE of them)
 * A word's passage count is the index's own, read when it is offered: a
 * word whose passages are all gone is not offered.  DOCS and LENGTH (the
 * passages and their words counted) tell whether the structure is the
 * searched index's: when they differ (an older rubric's index, several -d,
 * a run stopped before it wrote them) the search reads the vocabulary
 * instead (rb_spelling_open gives no structure). */
#ifndef RUBRIC_SPELLING_H
#define RUBRIC_SPELLING_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "xapian_c.h"

#define RB_META_SPELL "rubric:spell"
#define RB_META_SPELL_TAIL RB_META_SPELL ":tail"
#define RB_SPELL_VERSION 2
#define RB_SPELL_PAGE 64
/* An update numbers every word again once the tail would hold more than
 * this share of the numbered words (or 4,096). */
#define RB_SPELL_TAIL_SHARE 16
/* Longer words are not corrected, nor offered. */
#define RB_SPELL_MAX_LEN 64

/* The keys of a page and of a trigram's list. */
#define RB_SPELL_KEY_SIZE (sizeof RB_META_SPELL ":w:" + 8)
void rb_spelling_page_key(char key[RB_SPELL_KEY_SIZE], uint32_t page);
void rb_spelling_trigram_key(char key[RB_SPELL_KEY_SIZE], uint32_t trigram);

/* The trigrams of a word framed by \x01 and \x02, each once, as 24-bit
 * numbers; their count (at most len). */
size_t rb_spelling_trigrams(const char *word, size_t len, uint32_t out[RB_SPELL_MAX_LEN]);

/* Whether a term of the index is a word that may be offered: not a
 * boolean term (those start with an upper-case ASCII letter), 1 to
 * RB_SPELL_MAX_LEN bytes. */
int rb_spelling_is_word(const char *term, size_t len);

/* Optimal string alignment distance (an edit is an insertion, deletion,
 * substitution or swap of adjacent bytes), or max + 1 once it must exceed
 * max. */
size_t rb_edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t max);

/* The better of two suggestions: nearer, then in more passages, then the
 * first in byte order.  Returns whether (d, freq, word) beats the best. */
int rb_spelling_better(size_t d, uint32_t freq, const char *word, size_t best_d,
		       uint32_t best_freq, const char *best);

/* The header: the counts it was written for and the numbered words. */
typedef struct {
	uint64_t docs, length;
	size_t words;
	size_t first[RB_SPELL_MAX_LEN + 2];   /* first number of each length */
} rb_spelling_header;
/* Whether text is a header of this version (then *h is filled). */
int rb_spelling_parse_header(const char *text, rb_spelling_header *h);

/* Writes the structure of the words of `vocab` (the whole index, every
 * shard) into w, replacing any it holds.  w's commit makes it visible. */
rb_status rb_spelling_write(xc_db *vocab, xc_writer *w, char **err);
/* Brings the structure w holds (that vocab reads) up to vocab's words:
 * the words it lacks become its tail, or it is written again when it has
 * none or too many are lacking.  With `words` (NUL-terminated, one after
 * another), the structure was current before a run that wrote only
 * those: they are the words it may lack, and the vocabulary is not read;
 * NULL: every word of vocab is compared. */
rb_status rb_spelling_update(xc_db *vocab, xc_writer *w, const char *words,
			     size_t words_len, char **err);

typedef struct rb_spelling rb_spelling;

/* The structure of db, or *out = NULL (RB_OK) when db has none that is
 * its own: then the caller reads the vocabulary. */
rb_status rb_spelling_open(xc_db *db, rb_spelling **out, char **err);
void rb_spelling_close(rb_spelling *s);

/* The word of the index nearest to `word` (a folded query word found in
 * no passage) within `max` edits, by rb_spelling_better: *best_out is
 * malloc'd, or NULL when none is that near. */
rb_status rb_spelling_suggest(rb_spelling *s, const char *word, size_t len, size_t max,
			      char **best_out, char **err);

#endif
