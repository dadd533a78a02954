/* wordset.h: a set of words to look a text's words up in, one hash probe
 * a word: a query's forms (hundreds for a long question, each word's stem
 * family) against every word of the passages shown or checked, where a
 * loop over the forms costs their number in comparisons a word. */
#ifndef RUBRIC_WORDSET_H
#define RUBRIC_WORDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rb_word_set rb_word_set;

/* The hash a set is probed with: bytes[0, len)'s. */
uint64_t rb_word_hash(const char *bytes, size_t len);

/* A set of words[0, n) (NUL-terminated), which it borrows: they must
 * outlive it.  NULL when out of memory. */
rb_word_set *rb_word_set_new(char *const *words, size_t n);
void rb_word_set_free(rb_word_set *s);
/* Whether bytes[0, len), whose rb_word_hash is hash, is one of the words. */
bool rb_word_set_has(const rb_word_set *s, uint64_t hash, const char *bytes, size_t len);
/* Its index in the words given (the first, when given twice), or SIZE_MAX. */
size_t rb_word_set_find(const rb_word_set *s, uint64_t hash, const char *bytes, size_t len);

#endif
