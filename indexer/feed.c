/* feed.c: a rerun's walk in a thread of its own.  A rerun of a large
 * folder spent a fifth of its time walking it (fts and stat(2) of every
 * file, README: Scale) before it compared the first file with the index;
 * with the walk in a thread the update starts on the first files found,
 * and the two share the machine's cores.  The list is the walk's until it
 * ends: the update takes copies of its items under the lock (the list
 * grows, and moves, while it reads), and what comes after the loop (the
 * files gone from under the root, the files held back for their folder's
 * language) runs once the walk has ended. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "indexer.h"

struct walk_feed {
	pthread_mutex_t lock;
	pthread_cond_t grown;   /* an item was added, or the walk ended */
	pthread_t thread;
	bool ended;
	atomic_bool stop;       /* read by the walk at every file */
	/* the walk's arguments */
	item_list *items, *unwalked;
	char *root;
	const char *cwd;
	char *const *excludes;
	size_t n_excludes;
	counts *c;
};

static void *walk_main(void *arg)
{
	walk_feed *f = arg;
	int rc = walk_collect(f->root, f->cwd, f->excludes, f->n_excludes, f->items,
			      f->unwalked, f->c);
	if (rc) {
		/* Out of memory: the list is not whole, and the update must not
		 * take the files it lacks for gone. */
		warn(f->root, "out of memory");
		f->c->fatal = 1;
	}
	pthread_mutex_lock(&f->lock);
	f->ended = true;
	pthread_cond_broadcast(&f->grown);
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

int feed_start(item_list *items, item_list *unwalked, const char *root, const char *cwd,
	       char *const *excludes, size_t n_excludes, counts *c)
{
	walk_feed *f = calloc(1, sizeof *f);
	char *copy = strdup(root);
	if (!f || !copy) {
		free(f);
		free(copy);
		return -1;
	}
	*f = (walk_feed){ .items = items, .unwalked = unwalked, .root = copy, .cwd = cwd,
			  .excludes = excludes, .n_excludes = n_excludes, .c = c };
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->grown, NULL);
	items->feed = f;
	if (pthread_create(&f->thread, NULL, walk_main, f)) {
		items->feed = NULL;
		pthread_cond_destroy(&f->grown);
		pthread_mutex_destroy(&f->lock);
		free(f->root);
		free(f);
		return -1;
	}
	return 0;
}

int feed_push(item_list *l, item it)
{
	walk_feed *f = l->feed;
	pthread_mutex_lock(&f->lock);
	int rc = items_append(l, it);
	pthread_cond_broadcast(&f->grown);
	pthread_mutex_unlock(&f->lock);
	return rc;
}

bool items_get(item_list *l, size_t i, item *out, size_t *found)
{
	walk_feed *f = l->feed;
	if (f) {
		pthread_mutex_lock(&f->lock);
		while (i >= l->n && !f->ended && !f->stop)
			pthread_cond_wait(&f->grown, &f->lock);
	}
	bool have = i < l->n && !(f && f->stop);
	if (have)
		*out = l->v[i];
	*found = l->n;
	if (f)
		pthread_mutex_unlock(&f->lock);
	return have;
}

bool feed_stopped(const item_list *l)
{
	return l->feed && atomic_load(&l->feed->stop);
}

size_t items_count(item_list *l)
{
	walk_feed *f = l->feed;
	if (!f)
		return l->n;
	pthread_mutex_lock(&f->lock);
	size_t n = l->n;
	pthread_mutex_unlock(&f->lock);
	return n;
}

void feed_finish(item_list *items)
{
	walk_feed *f = items->feed;
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	atomic_store(&f->stop, true);
	pthread_cond_broadcast(&f->grown);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	items->feed = NULL;
	pthread_cond_destroy(&f->grown);
	pthread_mutex_destroy(&f->lock);
	free(f->root);
	free(f);
}
