/* query_literals.h: the literal runs every match of a regular
 * expression must contain, for narrowing a pattern search by the index.
 *
 * A simple, conservative reading of the pattern (PCRE2 syntax): the runs
 * of literal characters at the top level, each ended by anything else (a
 * class, a group, `.`, an anchor, an escape such as \d); a character made
 * optional by `?`, `*` or `{0,...}` is dropped from its run.  A pattern
 * with `|` at the top level, an escape it does not model (\x, \p, \Q,
 * back references) or the extended flag (?x) has no literal.
 */
#ifndef RUBRIC_QUERY_LITERALS_H
#define RUBRIC_QUERY_LITERALS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char **v;            /* malloc'd, NUL-terminated runs */
	size_t n;
} pattern_runs;

/* The runs of re[0, len) into *out; false when out of memory. */
bool pattern_literals(const char *re, size_t len, pattern_runs *out);
void pattern_runs_free(pattern_runs *r);

#endif
