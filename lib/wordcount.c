#include "wordcount.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct {
	uint64_t hash;       /* 0: a free slot */
	uint32_t off;        /* into the arena */
	uint32_t count;
	uint16_t len;
} slot;

struct rb_wordcount {
	slot *slots;
	size_t used, cap;    /* cap: a power of two */
	char *arena;
	size_t arena_used, arena_cap;
};

rb_wordcount *rb_wordcount_new(void)
{
	return calloc(1, sizeof(rb_wordcount));
}

void rb_wordcount_free(rb_wordcount *wc)
{
	if (!wc)
		return;
	free(wc->slots);
	free(wc->arena);
	free(wc);
}

static int grow(rb_wordcount *wc)
{
	size_t cap = wc->cap ? wc->cap * 2 : 1 << 12;
	slot *s = calloc(cap, sizeof *s);
	if (!s)
		return -1;
	for (size_t i = 0; i < wc->cap; i++) {
		if (!wc->slots[i].hash)
			continue;
		size_t j = wc->slots[i].hash & (cap - 1);
		while (s[j].hash)
			j = (j + 1) & (cap - 1);
		s[j] = wc->slots[i];
	}
	free(wc->slots);
	wc->slots = s;
	wc->cap = cap;
	return 0;
}

static int keep(rb_wordcount *wc, const char *word, size_t len, uint32_t *off)
{
	if (wc->arena_used + len > UINT32_MAX)
		return -1;
	if (wc->arena_used + len > wc->arena_cap) {
		size_t cap = wc->arena_cap ? wc->arena_cap * 2 : 1 << 16;
		while (cap < wc->arena_used + len)
			cap *= 2;
		char *a = realloc(wc->arena, cap);
		if (!a)
			return -1;
		wc->arena = a;
		wc->arena_cap = cap;
	}
	memcpy(wc->arena + wc->arena_used, word, len);
	*off = (uint32_t)wc->arena_used;
	wc->arena_used += len;
	return 0;
}

int rb_wordcount_add(rb_wordcount *wc, const char *word, size_t len)
{
	if (len > UINT16_MAX || ((wc->used + 1) * 2 > wc->cap && grow(wc)))
		return -1;
	uint64_t h = XXH3_64bits(word, len) | 1;
	size_t mask = wc->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		slot *s = &wc->slots[i];
		if (s->hash == h && s->len == len && memcmp(wc->arena + s->off, word, len) == 0) {
			s->count += s->count < UINT32_MAX;
			return 0;
		}
		if (!s->hash) {
			if (keep(wc, word, len, &s->off))
				return -1;
			s->hash = h;
			s->len = (uint16_t)len;
			s->count = 1;
			wc->used++;
			return 0;
		}
	}
}

int rb_wordcount_each(const rb_wordcount *wc, rb_wordcount_fn fn, void *ctx)
{
	for (size_t i = 0; i < wc->cap; i++) {
		const slot *s = &wc->slots[i];
		int rc = s->hash ? fn(wc->arena + s->off, s->len, s->count, ctx) : 0;
		if (rc)
			return rc;
	}
	return 0;
}

size_t rb_wordcount_size(const rb_wordcount *wc)
{
	return wc->used;
}

void rb_wordcount_clear(rb_wordcount *wc)
{
	if (wc->slots)
		memset(wc->slots, 0, wc->cap * sizeof *wc->slots);
	wc->used = wc->arena_used = 0;
}

bool rb_spelling_word(const char *word, size_t len)
{
	if (len < 2 || len > RB_SPELLING_MAX_BYTES)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)word[i];
		if (c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
			return false;
	}
	return true;
}
