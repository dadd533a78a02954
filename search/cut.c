/* cut.c: --max-chars, a window of a passage around its matched words. */
#include "cut.h"

#include <stdlib.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The index of the first character starting at or after byte b. */
static size_t char_at(const size_t *cs, size_t n, size_t b)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cs[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int cut_text(const char *text, size_t len, const rb_span *hl, size_t n_hl,
	     const unsigned *word_id, size_t max_chars, char **out,
	     size_t *out_len, rb_span *out_hl, size_t *out_n_hl)
{
	static const char ellipsis[] = "\xe2\x80\xa6";  /* U+2026 */
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (i == 0 || ((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	if (n <= max_chars)
		return 0;
	/* cs[k]: byte offset of character k; cs[n] = len. */
	size_t *cs = malloc((n + 1) * sizeof *cs);
	size_t *hs = malloc((n_hl + 1) * sizeof *hs), *he = malloc((n_hl + 1) * sizeof *he);
	if (!cs || !hs || !he) {
		free(cs), free(hs), free(he);
		return -1;
	}
	for (size_t i = 0, k = 0; i < len; i++)
		if (i == 0 || ((unsigned char)text[i] & 0xC0) != 0x80)
			cs[k++] = i;
	cs[n] = len;
	for (size_t i = 0; i < n_hl; i++) {
		hs[i] = char_at(cs, n, hl[i].start);
		he[i] = char_at(cs, n, hl[i].end);
	}
	/* The run of whole highlights i..j (j exclusive) fitting in the window
	 * with the most distinct words, then the most highlights. */
	size_t bi = 0, bj = 0, best_d = 0, best_c = 0;
	for (size_t i = 0; i < n_hl; i++) {
		size_t j = i, d = 0;
		while (j < n_hl && he[j] - hs[i] <= max_chars) {
			size_t k = i;
			while (k < j && word_id[k] != word_id[j])
				k++;
			d += k == j;
			j++;
		}
		if (d > best_d || (d == best_d && j - i > best_c)) {
			bi = i, bj = j, best_d = d, best_c = j - i;
		}
	}
	size_t s = 0, e;
	if (best_c) {
		size_t span = he[bj - 1] - hs[bi], slack = max_chars - span;
		s = hs[bi] > slack / 2 ? hs[bi] - slack / 2 : 0;
	} else if (n_hl) {
		s = hs[0];   /* a highlight longer than the window: its start */
	}
	if (s > n - max_chars)
		s = n - max_chars;
	e = s + max_chars;
	/* Whole words at the cut ends, when the highlights allow. */
	size_t lo = best_c ? hs[bi] : e, hi = best_c ? he[bj - 1] : s;
	if (s > 0 && !is_space(text[cs[s - 1]])) {
		size_t t = s;
		while (t < lo && !is_space(text[cs[t]]))
			t++;
		if (t < lo)
			s = t;
	}
	if (e < n && !is_space(text[cs[e]])) {
		size_t t = e;
		while (t > hi && !is_space(text[cs[t - 1]]))
			t--;
		if (t > hi)
			e = t;
	}
	while (s < e && s < lo && is_space(text[cs[s]]))
		s++;
	while (e > s && e > hi && is_space(text[cs[e - 1]]))
		e--;
	size_t pre = s > 0 ? sizeof ellipsis - 1 : 0;
	size_t post = e < n ? sizeof ellipsis - 1 : 0;
	size_t b0 = cs[s], b1 = cs[e];
	char *buf = malloc(pre + (b1 - b0) + post + 1);
	if (!buf) {
		free(cs), free(hs), free(he);
		return -1;
	}
	memcpy(buf, ellipsis, pre);
	memcpy(buf + pre, text + b0, b1 - b0);
	memcpy(buf + pre + (b1 - b0), ellipsis, post);
	buf[pre + (b1 - b0) + post] = '\0';
	*out = buf;
	*out_len = pre + (b1 - b0) + post;
	size_t m = 0;
	for (size_t i = 0; i < n_hl; i++) {
		size_t a = hl[i].start > b0 ? hl[i].start : b0;
		size_t b = hl[i].end < b1 ? hl[i].end : b1;
		if (a < b)
			out_hl[m++] = (rb_span){ a - b0 + pre, b - b0 + pre };
	}
	*out_n_hl = m;
	free(cs), free(hs), free(he);
	return 1;
}
