/* feed.c: a folder's walk in a thread of its own.  A rerun of a large
 * folder spent a fifth of its time walking it (fts and stat(2) of every
 * file, README: Scale) before it compared the first file with the index;
 * with the walk in a thread the update starts on the first files found,
 * and the two share the machine's cores.  What comes after the update's
 * loop (the files gone from under the root, the files held back for their
 * folder's language) runs once the walk has ended.
 *
 * A fresh build, and an update of one shard, keep no list: each file is
 * taken from a queue of its shard's, which holds at most FEED_QUEUE_FILES
 * (the walk waits for room), so that memory does not grow with the number
 * of files (835,712 paths at 16x the related corpus were most of a build's
 * peak).  An update of several shards brings them up to date one after
 * the other, each reading the whole list: the list is the walk's until it
 * ends, and the update takes copies of its items under the lock (the list
 * grows, and moves, while it reads). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "indexer.h"

#define FEED_QUEUE_FILES 1024

/* One shard's files not yet taken: a ring. */
typedef struct {
	item v[FEED_QUEUE_FILES];
	size_t head, n;
} file_queue;

struct walk_feed {
	pthread_mutex_t lock;
	pthread_cond_t grown;   /* an item was added, or the walk ended */
	pthread_cond_t taken;   /* a queue has room, or the feed stops */
	file_queue *queues;     /* a fresh build's, one per shard; NULL: the list */
	unsigned n_queues;
	pthread_t thread;
	bool ended;
	atomic_bool stop;       /* read by the walk at every file */
	/* the walk's arguments */
	item_list *items, *unwalked;
	char *root;
	walk_rules rules;       /* its strings are the run's */
	counts *c;
};

static int push_walked(void *to, item it);
static bool walk_stopped(void *to);

static void *walk_main(void *arg)
{
	walk_feed *f = arg;
	walk_sink sink = { .push = push_walked, .stopped = walk_stopped, .to = f->items,
			   .in_thread = true };
	int rc = walk_collect(f->root, &f->rules, &sink, f->unwalked, f->c);
	if (rc) {
		/* Out of memory: the list is not whole, and the update must not
		 * take the files it lacks for gone. */
		report(f->root, "out of memory");
		f->c->fatal = 1;
	}
	pthread_mutex_lock(&f->lock);
	f->ended = true;
	pthread_cond_broadcast(&f->grown);
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

static void feed_free(walk_feed *f)
{
	pthread_cond_destroy(&f->taken);
	pthread_cond_destroy(&f->grown);
	pthread_mutex_destroy(&f->lock);
	free(f->queues);
	free(f->root);
	free(f);
}

int feed_start(item_list *items, item_list *unwalked, const char *root,
	       const walk_rules *rules, unsigned queues, counts *c)
{
	walk_feed *f = calloc(1, sizeof *f);
	char *copy = strdup(root);
	file_queue *q = queues ? calloc(queues, sizeof *q) : NULL;
	if (!f || !copy || (queues && !q)) {
		free(f);
		free(copy);
		free(q);
		return -1;
	}
	*f = (walk_feed){ .items = items, .unwalked = unwalked, .root = copy,
			  .rules = *rules, .c = c,
			  .queues = q, .n_queues = queues };
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->grown, NULL);
	pthread_cond_init(&f->taken, NULL);
	items->feed = f;
	if (pthread_create(&f->thread, NULL, walk_main, f)) {
		items->feed = NULL;
		feed_free(f);
		return -1;
	}
	return 0;
}

/* The walk's files: into the list, or into their shard's queue. */
static int push_walked(void *to, item it)
{
	item_list *l = to;
	walk_feed *f = l->feed;
	int rc = 0;
	pthread_mutex_lock(&f->lock);
	if (!f->queues) {
		rc = items_append(l, it);
	} else {
		file_queue *q = &f->queues[shard_of(it.id, f->n_queues)];
		while (q->n == FEED_QUEUE_FILES && !f->stop)
			pthread_cond_wait(&f->taken, &f->lock);
		if (f->stop) {   /* the build has ended: the walk ends at its next file */
			item_release(&it);
		} else {
			q->v[(q->head + q->n++) % FEED_QUEUE_FILES] = it;
			l->passed++;
		}
	}
	pthread_cond_broadcast(&f->grown);
	pthread_mutex_unlock(&f->lock);
	return rc;
}

bool items_take(item_list *l, unsigned shard, item *out)
{
	walk_feed *f = l->feed;
	file_queue *q = &f->queues[shard];
	pthread_mutex_lock(&f->lock);
	while (q->n == 0 && !f->ended && !f->stop)
		pthread_cond_wait(&f->grown, &f->lock);
	bool have = q->n > 0 && !f->stop;
	if (have) {
		if (q->n == FEED_QUEUE_FILES)   /* the walk may be waiting for room */
			pthread_cond_signal(&f->taken);
		*out = q->v[q->head];
		q->head = (q->head + 1) % FEED_QUEUE_FILES;
		q->n--;
	}
	pthread_mutex_unlock(&f->lock);
	return have;
}

bool feed_queues(const item_list *l)
{
	return l->feed && l->feed->queues;
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

/* Whether the run asked the walk to stop (feed_finish). */
static bool walk_stopped(void *to)
{
	const item_list *l = to;
	return atomic_load(&l->feed->stop);
}

size_t items_count(item_list *l)
{
	walk_feed *f = l->feed;
	if (f)
		pthread_mutex_lock(&f->lock);
	size_t n = l->n + l->passed;
	if (f)
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
	pthread_cond_broadcast(&f->taken);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	items->feed = NULL;
	/* What a stopped build left in the queues. */
	for (unsigned s = 0; s < f->n_queues; s++) {
		file_queue *q = &f->queues[s];
		for (size_t k = 0; k < q->n; k++)
			item_release(&q->v[(q->head + k) % FEED_QUEUE_FILES]);
	}
	feed_free(f);
}
