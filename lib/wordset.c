/* wordset.c: open addressing over the words' hashes (wordset.h). */
#include "wordset.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct {
	const char *word;  /* NULL: empty */
	size_t len;
	uint64_t hash;
	size_t index;      /* in the words given */
} slot;

struct rb_word_set {
	slot *v;
	size_t mask;
};

uint64_t rb_word_hash(const char *bytes, size_t len)
{
	return (uint64_t)XXH3_64bits(bytes, len);
}

rb_word_set *rb_word_set_new(char *const *words, size_t n)
{
	rb_word_set *s = malloc(sizeof *s);
	size_t cap = 8;
	while (cap < 2 * n)
		cap *= 2;  /* at most half full: probes stay short */
	if (!s || !(s->v = calloc(cap, sizeof *s->v))) {
		free(s);
		return NULL;
	}
	s->mask = cap - 1;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		uint64_t h = rb_word_hash(words[i], len);
		if (rb_word_set_has(s, h, words[i], len))
			continue;
		size_t k = h & s->mask;
		while (s->v[k].word)
			k = (k + 1) & s->mask;
		s->v[k] = (slot){ words[i], len, h, i };
	}
	return s;
}

void rb_word_set_free(rb_word_set *s)
{
	if (s)
		free(s->v);
	free(s);
}

size_t rb_word_set_find(const rb_word_set *s, uint64_t hash, const char *bytes, size_t len)
{
	for (size_t k = hash & s->mask; s->v[k].word; k = (k + 1) & s->mask)
		if (s->v[k].hash == hash && s->v[k].len == len &&
		    memcmp(s->v[k].word, bytes, len) == 0)
			return s->v[k].index;
	return SIZE_MAX;
}

bool rb_word_set_has(const rb_word_set *s, uint64_t hash, const char *bytes, size_t len)
{
	return rb_word_set_find(s, hash, bytes, len) != SIZE_MAX;
}
