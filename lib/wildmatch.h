/* wildmatch.h: git's glob matching, as its ignore files use it.
 *
 * `?` a character, `*` a run of them, `[...]` a set (`[!...]` or `[^...]`
 * its complement, ranges, `[:alpha:]` and the other POSIX classes), `\x`
 * the character x.  With `pathname`, none of them matches a '/', except
 * two stars between slashes (or at the pattern's start or end), which
 * match any run of folders, none included: "a/" then two stars is
 * everything in a, two stars then "/b" a b in any folder.  Two stars
 * elsewhere are one.  Written from git's documentation (gitignore(5)) and
 * behaviour (its wildmatch.c's cases: a set never closed matches nothing);
 * tests/cli/ignore.sh compares it with git's own check-ignore.
 */
#ifndef RUBRIC_WILDMATCH_H
#define RUBRIC_WILDMATCH_H

#include <stdbool.h>

/* Whether `pattern` matches the whole of `text`. */
bool rb_wildmatch(const char *pattern, const char *text, bool pathname);

#endif
