/* items.c: the list of files a run indexes, and the shard each goes to.
 * Below the walk that fills the list (walk.c, feed.c) and the build and
 * update that read it: it calls none of them. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "indexer.h"
#include "grow.h"

int items_append(item_list *l, item it)
{
	item *v = rb_grow(l->v, &l->cap, l->n + 1, sizeof *v, 1024);
	if (!v)
		return -1;
	l->v = v;
	l->v[l->n++] = it;
	return 0;
}

static int append_to(void *list, item it)
{
	return items_append(list, it);
}

walk_sink items_sink(item_list *l)
{
	return (walk_sink){ .push = append_to, .to = l };
}

void item_release(item *it)
{
	if (!it->shown_in_id)
		free(it->shown);
	free(it->id);
	free(it->content);
}

void items_free(item_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int by_id_then_place(const void *a, const void *b)
{
	const item *x = *(const item *const *)a, *y = *(const item *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x > y) - (x < y);
}

/* Overlapping roots (a folder and a file in it) name a file more than
 * once; indexed twice it would have two copies of each passage. */
int items_drop_repeats(item_list *l)
{
	item **sorted = malloc((l->n + 1) * sizeof *sorted);
	bool *repeat = calloc(l->n + 1, sizeof *repeat);
	if (!sorted || !repeat) {
		free(sorted);
		free(repeat);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++)
		sorted[i] = &l->v[i];
	qsort(sorted, l->n, sizeof *sorted, by_id_then_place);
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(sorted[i]->id, sorted[i - 1]->id) == 0)
			repeat[sorted[i] - l->v] = true;
	size_t kept = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!repeat[i]) {
			l->v[kept++] = l->v[i];
			continue;
		}
		item_release(&l->v[i]);
	}
	l->n = kept;
	free(sorted);
	free(repeat);
	return 0;
}

unsigned shard_of(const char *id, unsigned shards)
{
	return shards > 1 ? (unsigned)(XXH3_64bits(id, strlen(id)) % shards) : 0;
}
