/* grow.h: room in a growing array, by doubling (amortised O(1) appends). */
#ifndef RUBRIC_GROW_H
#define RUBRIC_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* v (of *cap elements of `size` bytes) with room for at least `need`
 * (1 or more): v itself when it has it, else reallocated to `first`
 * elements, or *cap doubled until it holds need, and *cap set.  NULL when
 * out of memory: then v and *cap are as they were.  The caller keeps the
 * result: item *v = rb_grow(l->v, &l->cap, l->n + 1, sizeof *v, 64). */
static inline void *rb_grow(void *v, size_t *cap, size_t need, size_t size, size_t first)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : first;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return NULL;
		c *= 2;
	}
	if (c > SIZE_MAX / size)
		return NULL;
	void *p = realloc(v, c * size);
	if (p)
		*cap = c;
	return p;
}

#endif
