/* spelling_write.c: the spelling structure (spelling.h) of an index's
 * words, written in one pass over its vocabulary. */
#include "spelling.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "store.h"
#include "varint.h"
#include "grow.h"

typedef struct {
	uint32_t at;     /* offset of its bytes in the arena */
	uint8_t len;
} word;

typedef struct {
	char *bytes;
	size_t used, cap;
	word *v;
	size_t n, cap_v;
	int oom;
} vocabulary;

static int collect(const char *term, size_t len, uint32_t freq, void *ctx)
{
	vocabulary *vo = ctx;
	if (!rb_spelling_is_word(term, len) || freq == 0)
		return 0;
	if (vo->used + len > vo->cap || vo->used + len > UINT32_MAX) {
		size_t cap = vo->cap ? vo->cap * 2 : 1 << 20;
		char *b = cap <= UINT32_MAX ? realloc(vo->bytes, cap) : NULL;
		if (!b)
			return vo->oom = 1;
		vo->bytes = b;
		vo->cap = cap;
	}
	word *v = rb_grow(vo->v, &vo->cap_v, vo->n + 1, sizeof *v, 1 << 14);
	if (!v)
		return vo->oom = 1;
	vo->v = v;
	memcpy(vo->bytes + vo->used, term, len);
	vo->v[vo->n++] = (word){ (uint32_t)vo->used, (uint8_t)len };
	vo->used += len;
	return 0;
}

typedef struct {
	char **keys;
	size_t n, cap;
	int oom;
} old_keys;

static int note_key(const char *key, size_t key_len, const char *value, size_t len,
		    void *ctx)
{
	old_keys *o = ctx;
	(void)value;
	(void)len;
	char **k = rb_grow(o->keys, &o->cap, o->n + 1, sizeof *k, 1024);
	if (!k)
		return o->oom = 1;
	o->keys = k;
	if (!(o->keys[o->n] = strndup(key, key_len)))
		return o->oom = 1;
	o->n++;
	return 0;
}

/* Pairs (trigram << 32 | word number) held at once: bounds the memory a
 * large vocabulary takes (16 bytes a pair with the sort). */
#define PAIRS_PER_PASS (1u << 20)

/* Sorts pairs by trigram, keeping each trigram's words in the order they
 * came (ascending): two stable counting passes of 12 bits each. */
static void sort_pairs(uint64_t *pairs, uint64_t *tmp, size_t n)
{
	for (unsigned shift = 32; shift < 56; shift += 12) {
		size_t at[4097];
		memset(at, 0, sizeof at);
		for (size_t i = 0; i < n; i++)
			at[(pairs[i] >> shift & 0xfff) + 1]++;
		for (size_t d = 1; d <= 4096; d++)
			at[d] += at[d - 1];
		for (size_t i = 0; i < n; i++)
			tmp[at[pairs[i] >> shift & 0xfff]++] = pairs[i];
		memcpy(pairs, tmp, n * sizeof *pairs);
	}
}

/* Writes metadata until the first failure, after which it does nothing
 * (its message in *err). */
typedef struct {
	xc_writer *w;
	char **err;
	xc_status xs;
} sink;

static int put(sink *s, const char *key, const char *value, size_t len)
{
	if (!s->xs)
		s->xs = xc_writer_set_metadata(s->w, key, value, len, s->err);
	return s->xs != XC_OK;
}

/* The most pairs of any pass; SIZE_MAX when out of memory. */
static size_t pairs_in_largest_pass(const vocabulary *vo, unsigned passes)
{
	size_t most = 0, *in_pass = calloc(passes, sizeof *in_pass);
	uint32_t tri[RB_SPELL_MAX_LEN];
	if (!in_pass)
		return SIZE_MAX;
	for (size_t i = 0; i < vo->n; i++) {
		size_t nt = rb_spelling_trigrams(vo->bytes + vo->v[i].at, vo->v[i].len, tri);
		for (size_t k = 0; k < nt; k++)
			in_pass[tri[k] % passes]++;
	}
	for (unsigned pass = 0; pass < passes; pass++)
		if (in_pass[pass] > most)
			most = in_pass[pass];
	free(in_pass);
	return most;
}

/* The lists of the trigrams t with t % passes == pass. */
static int write_trigrams(sink *s, const vocabulary *vo, const uint32_t *number,
			  unsigned pass, unsigned passes, uint64_t *pairs, uint64_t *tmp,
			  char **buf, size_t *buf_cap)
{
	size_t n = 0;
	uint32_t tri[RB_SPELL_MAX_LEN];
	for (size_t i = 0; i < vo->n; i++) {
		const word *wd = &vo->v[number[i]];
		size_t nt = rb_spelling_trigrams(vo->bytes + wd->at, wd->len, tri);
		for (size_t k = 0; k < nt; k++)
			if (tri[k] % passes == pass)
				pairs[n++] = (uint64_t)tri[k] << 32 | i;
	}
	sort_pairs(pairs, tmp, n);
	for (size_t i = 0; i < n && !s->xs;) {
		uint32_t t = (uint32_t)(pairs[i] >> 32);
		size_t j = i;
		while (j < n && (uint32_t)(pairs[j] >> 32) == t)
			j++;
		size_t need = (j - i) * 5;
		if (need > *buf_cap) {
			char *b = realloc(*buf, need);
			if (!b)
				return -1;
			*buf = b;
			*buf_cap = need;
		}
		char *p = *buf, key[RB_SPELL_KEY_SIZE];
		uint32_t prev = 0;
		for (size_t k = i; k < j; k++) {
			uint32_t id = (uint32_t)pairs[k];
			p = rb_varint_put(p, id - prev);
			prev = id;
		}
		rb_spelling_trigram_key(key, t);
		put(s, key, *buf, (size_t)(p - *buf));
		i = j;
	}
	return 0;
}

static int put_header(sink *s, const rb_spelling_header *h)
{
	char text[64 + (RB_SPELL_MAX_LEN + 1) * 24];
	int at = sprintf(text, "%d %" PRIu64 " %" PRIu64 " %zu\n", RB_SPELL_VERSION, h->docs,
			 h->length, h->words);
	for (size_t l = 1; l <= RB_SPELL_MAX_LEN + 1; l++)
		at += sprintf(text + at, "%zu%c", h->first[l], l <= RB_SPELL_MAX_LEN ? ' ' : '\n');
	return put(s, RB_META_SPELL, text, (size_t)at);
}

rb_status rb_spelling_write(xc_db *vocab, xc_writer *w, char **err)
{
	vocabulary vo = { 0 };
	old_keys old = { 0 };
	sink s = { .w = w, .err = err };
	uint32_t *number = NULL;
	uint64_t *pairs = NULL;
	char *buf = NULL;
	size_t buf_cap = 0;
	rb_status rc = RB_OK;
	uint32_t docs = 0;
	uint64_t length = 0;

	xc_status xs = xc_db_doccount(vocab, &docs, err);
	if (!xs)
		xs = xc_db_total_length(vocab, &length, err);
	if (!xs)
		xs = xc_db_each_word(vocab, collect, &vo, err);
	if (!xs)
		xs = xc_writer_each_metadata_key(w, RB_META_SPELL, note_key, &old, err);
	if (xs) {
		rc = rb_store_reword(xs, err);
		goto out;
	}
	if (vo.oom || old.oom || vo.n > UINT32_MAX)
		goto oom;
	/* The old structure goes in the same commit as the new. */
	for (size_t i = 0; i < old.n; i++)
		if (put(&s, old.keys[i], "", 0))
			goto failed;

	/* Numbered by length, then bytes (the vocabulary comes in byte
	 * order): a length range is a range of numbers. */
	size_t first[RB_SPELL_MAX_LEN + 2] = { 0 };
	if (!(number = malloc((vo.n + 1) * sizeof *number)))
		goto oom;
	for (size_t i = 0; i < vo.n; i++)
		first[vo.v[i].len + 1]++;
	for (size_t l = 1; l <= RB_SPELL_MAX_LEN + 1; l++)
		first[l] += first[l - 1];
	size_t next[RB_SPELL_MAX_LEN + 2];
	memcpy(next, first, sizeof next);
	for (size_t i = 0; i < vo.n; i++)
		number[next[vo.v[i].len]++] = (uint32_t)i;

	/* Pages of words, in number order. */
	size_t page_cap = RB_SPELL_PAGE * (RB_SPELL_MAX_LEN + 1);
	if (!(buf = malloc(page_cap)))
		goto oom;
	buf_cap = page_cap;
	for (size_t start = 0; start < vo.n; start += RB_SPELL_PAGE) {
		char *p = buf, key[RB_SPELL_KEY_SIZE];
		for (size_t i = start; i < vo.n && i < start + RB_SPELL_PAGE; i++) {
			const word *wd = &vo.v[number[i]];
			memcpy(p, vo.bytes + wd->at, wd->len);
			p += wd->len;
			*p++ = '\0';
		}
		rb_spelling_page_key(key, (uint32_t)(start / RB_SPELL_PAGE));
		if (put(&s, key, buf, (size_t)(p - buf)))
			goto failed;
	}

	/* The trigram lists, in as many passes as bound the pairs in memory
	 * (a word of len bytes has at most len trigrams). */
	unsigned passes = (unsigned)(vo.used / PAIRS_PER_PASS + 1);
	size_t most = vo.used;
	if (passes > 1 && (most = pairs_in_largest_pass(&vo, passes)) == SIZE_MAX)
		goto oom;
	if (!(pairs = malloc(2 * (most + 1) * sizeof *pairs)))
		goto oom;
	for (unsigned pass = 0; pass < passes && !s.xs; pass++)
		if (write_trigrams(&s, &vo, number, pass, passes, pairs, pairs + most + 1,
				   &buf, &buf_cap))
			goto oom;
	if (s.xs)
		goto failed;

	/* The header last: a structure is whole when its header is there. */
	rb_spelling_header h = { .docs = docs, .length = length, .words = vo.n };
	memcpy(h.first, first, sizeof h.first);
	if (put_header(&s, &h))
		goto failed;
	goto out;
failed:
	rc = rb_store_reword(s.xs, err);
	goto out;
oom:
	rc = rb_fail(err, RB_ERR_NO_MEMORY, "spelling: out of memory");
out:
	for (size_t i = 0; i < old.n; i++)
		free(old.keys[i]);
	free(old.keys);
	free(vo.bytes);
	free(vo.v);
	free(number);
	free(pairs);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------- updates */

/* The numbered words, as a set of their hashes (open addressing, 0 free). */
typedef struct {
	uint64_t *slot;
	size_t mask;
} word_set;

static uint64_t hash_of(const char *w, size_t len)
{
	uint64_t h = XXH3_64bits(w, len);
	return h ? h : 1;
}

static void set_add(word_set *ws, uint64_t h)
{
	size_t i = h & ws->mask;
	while (ws->slot[i] && ws->slot[i] != h)
		i = (i + 1) & ws->mask;
	ws->slot[i] = h;
}

static int set_has(const word_set *ws, uint64_t h)
{
	for (size_t i = h & ws->mask; ws->slot[i]; i = (i + 1) & ws->mask)
		if (ws->slot[i] == h)
			return 1;
	return 0;
}

typedef struct {
	const word_set *numbered;
	word_set *listed;   /* words from lists, which may repeat; else NULL */
	char *tail;
	size_t used, cap, n, most;
	int oom;
} tail_scan;

static int note_new(const char *term, size_t len, uint32_t freq, void *ctx)
{
	tail_scan *t = ctx;
	if (!rb_spelling_is_word(term, len) || freq == 0 ||
	    set_has(t->numbered, hash_of(term, len)))
		return 0;
	if (t->listed) {
		uint64_t h = hash_of(term, len);
		if (set_has(t->listed, h))
			return 0;
		set_add(t->listed, h);
	}
	if (++t->n > t->most)
		return 1;   /* too many: number them all again */
	char *b = rb_grow(t->tail, &t->cap, t->used + len + 1, 1, 4096);
	if (!b)
		return t->oom = 1;
	t->tail = b;
	memcpy(t->tail + t->used, term, len);
	t->tail[t->used + len] = '\0';
	t->used += len + 1;
	return 0;
}

/* Reads the numbered words into ws. */
static xc_status read_numbered(xc_db *vocab, const rb_spelling_header *h, word_set *ws,
			       char **err)
{
	xc_status xs = XC_OK;
	for (size_t page = 0; page * RB_SPELL_PAGE < h->words && !xs; page++) {
		char key[RB_SPELL_KEY_SIZE], *v = NULL;
		size_t len = 0;
		rb_spelling_page_key(key, (uint32_t)page);
		if (!(xs = xc_db_get_metadata(vocab, key, &v, &len, err)))
			for (const char *p = v, *end = v + len; p < end;) {
				const char *nul = memchr(p, '\0', (size_t)(end - p));
				size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
				set_add(ws, hash_of(p, n));
				p += n + 1;
			}
		free(v);
	}
	return xs;
}

/* Notes each NUL-terminated word of list[0, len) (the last may lack its
 * NUL) until note_new stops. */
static void note_list(const char *list, size_t len, tail_scan *t)
{
	for (const char *p = list, *end = list + len; p < end;) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if (note_new(p, n, 1, t))
			return;
		p += n + 1;
	}
}

/* The tail from the words the structure may lack: its own tail and the
 * run's words (a word in no passage any more is never offered: lookups
 * read its count). */
static xc_status note_run_words(xc_db *vocab, const char *words, size_t words_len,
				tail_scan *t, char **err)
{
	char *old = NULL;
	size_t old_len = 0;
	xc_status xs = xc_db_get_metadata(vocab, RB_META_SPELL_TAIL, &old, &old_len, err);
	if (!xs) {
		note_list(old, old_len, t);
		if (t->n <= t->most && !t->oom)
			note_list(words, words_len, t);
	}
	free(old);
	return xs;
}

rb_status rb_spelling_update(xc_db *vocab, xc_writer *w, const char *words,
			     size_t words_len, char **err)
{
	char *head = NULL;
	size_t len = 0;
	rb_spelling_header h;
	uint32_t docs = 0;
	xc_status xs = xc_db_get_metadata(vocab, RB_META_SPELL, &head, &len, err);
	int numbered = !xs && len && rb_spelling_parse_header(head, &h);
	free(head);
	if (xs)
		return rb_store_reword(xs, err);
	if (!numbered)
		return rb_spelling_write(vocab, w, err);

	size_t slots = 16;
	while (slots < h.words * 2 + 2)
		slots *= 2;
	word_set ws = { calloc(slots, sizeof *ws.slot), slots - 1 };
	tail_scan t = { .numbered = &ws, .most = h.words / RB_SPELL_TAIL_SHARE };
	if (t.most < 4096)
		t.most = 4096;
	sink s = { .w = w, .err = err };
	size_t listed_slots = 16;
	while (listed_slots < t.most * 2 + 4)
		listed_slots *= 2;
	word_set listed = { words ? calloc(listed_slots, sizeof *listed.slot) : NULL,
			    listed_slots - 1 };
	if (!ws.slot || (words && !listed.slot)) {
		free(ws.slot);
		free(listed.slot);
		return rb_fail(err, RB_ERR_NO_MEMORY, "spelling: out of memory");
	}
	xs = read_numbered(vocab, &h, &ws, err);
	if (!xs && words) {
		t.listed = &listed;
		xs = note_run_words(vocab, words, words_len, &t, err);
	} else if (!xs) {
		xs = xc_db_each_word(vocab, note_new, &t, err);
	}
	free(listed.slot);
	if (!xs)
		xs = xc_db_doccount(vocab, &docs, err);
	if (!xs)
		xs = xc_db_total_length(vocab, &h.length, err);
	free(ws.slot);
	rb_status rc = RB_OK;
	if (xs)
		rc = rb_store_reword(xs, err);
	else if (t.oom)
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "spelling: out of memory");
	else if (t.n > t.most)
		rc = rb_spelling_write(vocab, w, err);
	else {
		h.docs = docs;
		if (put(&s, RB_META_SPELL_TAIL, t.tail ? t.tail : "", t.used) || put_header(&s, &h))
			rc = rb_store_reword(s.xs, err);
	}
	free(t.tail);
	return rc;
}
