/* cut.h: --max-chars, a window of a passage around its matched words. */
#ifndef RUBRIC_CUT_H
#define RUBRIC_CUT_H

#include <stddef.h>

#include "passage.h"

/* When text[0, len) holds more than max_chars UTF-8 characters, a window
 * of at most max_chars of them, chosen to hold the most distinct matched
 * words (word_id[i] names the word of highlight i; ties: the most
 * highlights, then the earliest), widened evenly around them and trimmed
 * to whole words where that keeps its highlights, with "…" at each cut
 * end.  *out (malloc'd) gets the cut text and out_hl (room for n_hl) the
 * highlights that fall in it, as byte offsets into *out.  Returns 1 when
 * cut, 0 when the text fits (nothing set), -1 when out of memory. */
int cut_text(const char *text, size_t len, const rb_span *hl, size_t n_hl,
	     const unsigned *word_id, size_t max_chars, char **out,
	     size_t *out_len, rb_span *out_hl, size_t *out_n_hl);

#endif
