/* gather.h: a hit gathered for its format (printer.h), in one step: its
 * record; when the format reads them, its text (read back from its file
 * where the index keeps only its range), highlighted and cut to
 * --max-chars, a file match's other passages, its neighbours (-C) and
 * its explanation (--explain). */
#ifndef RUBRIC_GATHER_H
#define RUBRIC_GATHER_H

#include "printer.h"

/* Hit i of s as pr's format reads it (all but file_first).  0, or 2 with
 * *err set; out is to be released either way. */
int gather_hit(const printer *pr, search_run *s, size_t i, printed_hit *out, char **err);
void gather_release(printed_hit *h);

#endif
