/* wordcount.h: how often each word occurs, counted in memory between two
 * commits of a writer: the frequencies of the spelling table, written once
 * a word rather than once an occurrence. */
#ifndef RUBRIC_WORDCOUNT_H
#define RUBRIC_WORDCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rb_wordcount rb_wordcount;

/* NULL when out of memory. */
rb_wordcount *rb_wordcount_new(void);
void rb_wordcount_free(rb_wordcount *wc);

/* Counts one more occurrence of word[0, len): 0, or -1 out of memory. */
int rb_wordcount_add(rb_wordcount *wc, const char *word, size_t len);

/* Calls fn with each word counted since the last clear, in no set order,
 * until fn returns nonzero (then returns that). */
typedef int (*rb_wordcount_fn)(const char *word, size_t len, uint32_t count, void *ctx);
int rb_wordcount_each(const rb_wordcount *wc, rb_wordcount_fn fn, void *ctx);
size_t rb_wordcount_size(const rb_wordcount *wc);
void rb_wordcount_clear(rb_wordcount *wc);

/* Whether a folded word is one to offer as a spelling correction: letters
 * only (no digits, no punctuation: not a number, an address or a mail
 * header's hash), from 2 to RB_SPELLING_MAX_BYTES bytes. */
#define RB_SPELLING_MAX_BYTES 40
bool rb_spelling_word(const char *word, size_t len);

#endif
