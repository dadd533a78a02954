/* families.h: the stem families' keys (schema.h, rb_family_key) of words
 * no passage holds any more taken out of a shard, as --compact does. */
#ifndef RUBRIC_FAMILIES_H
#define RUBRIC_FAMILIES_H

#include <stddef.h>

#include "status.h"
#include "xapian_c.h"

/* Removes, through the writer w (a shard; inside its transaction if it has
 * one), the family keys whose word no document of w holds; *removed (may
 * be NULL): how many.  Updates keep them (a word of a file may come
 * back); a key the writer cannot read as one is left. */
rb_status rb_families_prune(xc_writer *w, size_t *removed, char **err);

#endif
