/* spelling_read.c: "did you mean" from the spelling structure
 * (spelling.h).  A short word is compared with every word of the lengths
 * within reach (a few pages); a longer one with the words sharing the
 * most of its trigrams (one edit changes at most four of them), and with
 * the words it becomes with one or two letters dropped (two dropped can
 * leave no trigram in common). */
#include "spelling.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "varint.h"
#include "grow.h"

/* Words up to this long are compared with every word within reach: a swap
 * changes all the trigrams of a word this short. */
#define SHORT_WORD 4
/* Longer words: the candidates sharing the most trigrams compared. */
#define CANDIDATES 256

struct rb_spelling {
	xc_db *db;
	rb_spelling_header h;
	/* The page last read. */
	char *page;
	size_t page_len, page_no;
	const char *page_word[RB_SPELL_PAGE];
	size_t page_words;
	/* The words an update added after the numbered ones. */
	char *tail;
	size_t tail_len;
};

void rb_spelling_page_key(char key[RB_SPELL_KEY_SIZE], uint32_t page)
{
	snprintf(key, RB_SPELL_KEY_SIZE, RB_META_SPELL ":w:%08" PRIx32, page);
}

void rb_spelling_trigram_key(char key[RB_SPELL_KEY_SIZE], uint32_t trigram)
{
	snprintf(key, RB_SPELL_KEY_SIZE, RB_META_SPELL ":t:%06" PRIx32, trigram & 0xffffff);
}

size_t rb_spelling_trigrams(const char *word, size_t len, uint32_t out[RB_SPELL_MAX_LEN])
{
	unsigned char framed[RB_SPELL_MAX_LEN + 2];
	size_t n = 0;
	framed[0] = 1;
	memcpy(framed + 1, word, len);
	framed[len + 1] = 2;
	for (size_t i = 0; i < len; i++) {
		uint32_t t = (uint32_t)framed[i] << 16 | (uint32_t)framed[i + 1] << 8 | framed[i + 2];
		size_t k = 0;
		while (k < n && out[k] != t)
			k++;
		if (k == n)
			out[n++] = t;
	}
	return n;
}

int rb_spelling_is_word(const char *term, size_t len)
{
	return len > 0 && len <= RB_SPELL_MAX_LEN && !(term[0] >= 'A' && term[0] <= 'Z');
}

size_t rb_edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	if ((la > lb ? la - lb : lb - la) > max || la > RB_SPELL_MAX_LEN || lb > RB_SPELL_MAX_LEN)
		return max + 1;
	size_t d[RB_SPELL_MAX_LEN + 2][RB_SPELL_MAX_LEN + 2];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t row_min = SIZE_MAX;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > max)
			return max + 1;
	}
	return d[la][lb];
}

int rb_spelling_better(size_t d, uint32_t freq, const char *word, size_t best_d,
		       uint32_t best_freq, const char *best)
{
	if (d != best_d)
		return d < best_d;
	if (freq != best_freq)
		return freq > best_freq;
	return !best || strcmp(word, best) < 0;
}

int rb_spelling_parse_header(const char *text, rb_spelling_header *h)
{
	char *end;
	const char *p = text;
	if (strtoull(p, &end, 10) != RB_SPELL_VERSION)
		return 0;
	h->docs = strtoull(p = end, &end, 10);
	h->length = strtoull(p = end, &end, 10);
	h->words = (size_t)strtoull(p = end, &end, 10);
	if (end == p)
		return 0;
	h->first[0] = 0;
	for (size_t l = 1; l <= RB_SPELL_MAX_LEN + 1; l++) {
		h->first[l] = (size_t)strtoull(p = end, &end, 10);
		if (end == p || h->first[l] < h->first[l - 1] || h->first[l] > h->words)
			return 0;
	}
	return h->first[RB_SPELL_MAX_LEN + 1] == h->words;
}

rb_status rb_spelling_open(xc_db *db, rb_spelling **out, char **err)
{
	char *head = NULL;
	size_t len = 0;
	uint32_t docs = 0;
	uint64_t length = 0;
	rb_spelling_header h;
	*out = NULL;
	xc_status xs = xc_db_get_metadata(db, RB_META_SPELL, &head, &len, err);
	int ours = !xs && len && rb_spelling_parse_header(head, &h);
	free(head);
	if (!xs && ours)
		xs = xc_db_doccount(db, &docs, err);
	if (!xs && ours)
		xs = xc_db_total_length(db, &length, err);
	if (xs)
		return rb_store_reword(xs, err);
	if (!ours || h.docs != docs || h.length != length)
		return RB_OK;
	rb_spelling *s = calloc(1, sizeof *s);
	if (!s)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	s->db = db;
	s->h = h;
	s->page_no = SIZE_MAX;
	if ((xs = xc_db_get_metadata(db, RB_META_SPELL_TAIL, &s->tail, &s->tail_len, err))) {
		rb_spelling_close(s);
		return rb_store_reword(xs, err);
	}
	*out = s;
	return RB_OK;
}

void rb_spelling_close(rb_spelling *s)
{
	if (s) {
		free(s->page);
		free(s->tail);
		free(s);
	}
}

/* Reads the page holding word number `n`. */
static rb_status read_page(rb_spelling *s, size_t n, char **err)
{
	size_t no = n / RB_SPELL_PAGE;
	if (no == s->page_no)
		return RB_OK;
	char key[RB_SPELL_KEY_SIZE];
	rb_spelling_page_key(key, (uint32_t)no);
	free(s->page);
	s->page = NULL;
	s->page_no = SIZE_MAX;
	xc_status xs = xc_db_get_metadata(s->db, key, &s->page, &s->page_len, err);
	if (xs)
		return rb_store_reword(xs, err);
	const char *p = s->page, *end = p + s->page_len;
	size_t k = 0;
	while (p < end && k < RB_SPELL_PAGE) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		if (!nul)
			break;
		s->page_word[k++] = p;
		p = nul + 1;
	}
	s->page_words = k;
	s->page_no = no;
	return RB_OK;
}

typedef struct {
	const char *word;
	size_t len, max;
	size_t best_d;
	uint32_t best_freq;
	char *best;
} nearest;

/* A word that may be near: kept when it beats the best so far, with its
 * passage count, read only for a word as near as the best (none: its
 * passages are gone). */
static rb_status consider_word(rb_spelling *s, nearest *nr, const char *w, size_t len,
			       char **err)
{
	uint32_t freq = 0;
	if (!rb_spelling_is_word(w, len))
		return RB_OK;
	size_t d = rb_edit_distance(nr->word, nr->len, w, len, nr->max);
	if (d == 0 || d > nr->max || d > nr->best_d)
		return RB_OK;
	xc_status xs = xc_db_termfreq(s->db, w, &freq, err);
	if (xs)
		return rb_store_reword(xs, err);
	if (freq == 0 || !rb_spelling_better(d, freq, w, nr->best_d, nr->best_freq, nr->best))
		return RB_OK;
	char *copy = strndup(w, len);
	if (!copy)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	free(nr->best);
	nr->best = copy;
	nr->best_d = d;
	nr->best_freq = freq;
	return RB_OK;
}

/* Word number n. */
static rb_status consider(rb_spelling *s, nearest *nr, size_t n, char **err)
{
	rb_status rc = read_page(s, n, err);
	if (rc)
		return rc;
	size_t k = n % RB_SPELL_PAGE;
	if (k >= s->page_words)
		return RB_OK;   /* a page shorter than its header says: skip */
	return consider_word(s, nr, s->page_word[k], strlen(s->page_word[k]), err);
}

/* Every word of the tail. */
static rb_status consider_tail(rb_spelling *s, nearest *nr, char **err)
{
	const char *p = s->tail, *end = s->tail + s->tail_len;
	rb_status rc = RB_OK;
	while (p < end && !rc) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if ((len > nr->len ? len - nr->len : nr->len - len) <= nr->max)
			rc = consider_word(s, nr, p, len, err);
		p += len + 1;
	}
	return rc;
}

/* The word with one letter dropped, and with two when max allows. */
static rb_status consider_dropped(rb_spelling *s, nearest *nr, char **err)
{
	char w[RB_SPELL_MAX_LEN + 1];
	size_t len = nr->len;
	rb_status rc = RB_OK;
	for (size_t i = 0; i < len && !rc; i++) {
		if (i > 0 && nr->word[i] == nr->word[i - 1])
			continue;   /* the same word as dropping the one before */
		memcpy(w, nr->word, i);
		memcpy(w + i, nr->word + i + 1, len - i - 1);
		w[len - 1] = '\0';
		rc = consider_word(s, nr, w, len - 1, err);
		for (size_t j = i; j + 1 < len && nr->max >= 2 && !rc; j++) {
			if (j > i && w[j] == w[j - 1])
				continue;
			char w2[RB_SPELL_MAX_LEN + 1];
			memcpy(w2, w, j);
			memcpy(w2 + j, w + j + 1, len - 1 - j - 1);
			w2[len - 2] = '\0';
			rc = consider_word(s, nr, w2, len - 2, err);
		}
	}
	return rc;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The numbers in [lo, hi) sharing the most trigrams with the word, at
 * most CANDIDATES of them, ascending, into out; their count. */
static rb_status candidates(rb_spelling *s, const char *word, size_t len, size_t lo,
			    size_t hi, size_t *out, size_t *n_out, char **err)
{
	uint32_t tri[RB_SPELL_MAX_LEN];
	size_t nt = rb_spelling_trigrams(word, len, tri);
	uint8_t *shared = calloc(hi - lo, 1);
	size_t *touched = NULL, n_touched = 0, cap = 0;
	rb_status rc = RB_OK;
	if (!shared)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	for (size_t i = 0; i < nt && !rc; i++) {
		char key[RB_SPELL_KEY_SIZE], *list = NULL;
		size_t list_len = 0;
		rb_spelling_trigram_key(key, tri[i]);
		xc_status xs = xc_db_get_metadata(s->db, key, &list, &list_len, err);
		if (xs) {
			rc = rb_store_reword(xs, err);
			break;
		}
		const char *p = list, *end = list + list_len;
		uint64_t n = 0, gap;
		while (p < end && !rb_varint_get(&p, end, &gap) && (n += gap) < hi) {
			if (n < lo)
				continue;
			if (shared[n - lo]++ == 0) {
				size_t *t = rb_grow(touched, &cap, n_touched + 1, sizeof *t, 1024);
				if (!t) {
					rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
					break;
				}
				touched = t;
				touched[n_touched++] = (size_t)n;
			}
		}
		free(list);
	}
	/* The most shared first: the fewest shared kept is the highest count
	 * whose words, with those above it, fill CANDIDATES. */
	size_t at_least[RB_SPELL_MAX_LEN + 2] = { 0 }, floor = 1, n = 0;
	for (size_t i = 0; i < n_touched; i++)
		at_least[shared[touched[i] - lo]]++;
	for (size_t c = nt, sum = 0; c >= 1; c--) {
		sum += at_least[c];
		floor = c;
		if (sum >= CANDIDATES)
			break;
	}
	for (size_t i = 0; !rc && i < n_touched && n < CANDIDATES; i++)
		if (shared[touched[i] - lo] > floor)
			out[n++] = touched[i];
	for (size_t i = 0; !rc && i < n_touched && n < CANDIDATES; i++)
		if (shared[touched[i] - lo] == floor)
			out[n++] = touched[i];
	qsort(out, n, sizeof *out, cmp_size);
	free(shared);
	free(touched);
	*n_out = n;
	return rc;
}

rb_status rb_spelling_suggest(rb_spelling *s, const char *word, size_t len, size_t max,
			      char **best_out, char **err)
{
	nearest nr = { .word = word, .len = len, .max = max, .best_d = SIZE_MAX };
	rb_status rc = RB_OK;
	*best_out = NULL;
	if (len == 0 || len > RB_SPELL_MAX_LEN)
		return RB_OK;
	size_t lo = s->h.first[len > max ? len - max : 1];
	size_t hi = s->h.first[len + max + 1 <= RB_SPELL_MAX_LEN + 1 ? len + max + 1
								     : RB_SPELL_MAX_LEN + 1];
	if (len <= SHORT_WORD) {
		for (size_t n = lo; n < hi && !rc; n++)
			rc = consider(s, &nr, n, err);
	} else if (lo < hi) {
		size_t cand[CANDIDATES], n_cand = 0;
		rc = candidates(s, word, len, lo, hi, cand, &n_cand, err);
		for (size_t i = 0; i < n_cand && !rc; i++)
			rc = consider(s, &nr, cand[i], err);
		if (!rc)
			rc = consider_dropped(s, &nr, err);
	}
	if (!rc)
		rc = consider_tail(s, &nr, err);
	if (rc)
		free(nr.best);
	else
		*best_out = nr.best;
	return rc;
}
