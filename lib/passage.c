#include "passage.h"
#include "grow.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *text;
	size_t len;
	const rb_span *words;
	rb_passage *out;
	size_t n, cap;
	size_t line_at;      /* offset up to which newlines are counted */
	uint32_t line;
} splitter;

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static size_t skip_space(const char *t, size_t i, size_t len)
{
	while (i < len && is_space(t[i]))
		i++;
	return i;
}

static bool push(splitter *s, size_t start, size_t end, size_t first, size_t n)
{
	rb_passage *p = rb_grow(s->out, &s->cap, s->n + 1, sizeof *p, 16);
	if (!p)
		return false;
	s->out = p;
	const char *nl;
	while ((nl = memchr(s->text + s->line_at, '\n', start - s->line_at))) {
		s->line++;
		s->line_at = (size_t)(nl - s->text) + 1;
	}
	s->line_at = start;
	s->out[s->n++] = (rb_passage){ start, end, s->line, first, n };
	return true;
}

/* Where the sentence ends in the gap between two words: just past the
 * terminator and any closing quotes, at the first white space after a '.',
 * '!', '?' or '…'; 0 when the gap ends no sentence. */
static size_t sentence_end(const char *t, size_t from, size_t to)
{
	bool ended = false;
	for (size_t i = from; i < to; i++) {
		char c = t[i];
		if (c == '.' || c == '!' || c == '?' ||
		    (i + 2 < to && memcmp(t + i, "\xE2\x80\xA6", 3) == 0))
			ended = true;
		else if (ended && is_space(c))
			return i;
	}
	return 0;
}

/* A paragraph [start, end) holding words [w, last): one passage, or, when
 * it is too long, the longest windows of at most max words that end at a
 * sentence end (or between words, for a sentence longer than max). */
static bool split_paragraph(splitter *s, size_t start, size_t end, size_t w,
			    size_t last, size_t max)
{
	size_t at = start;
	while (last - w > max) {
		size_t k = w + max - 1, cut = s->words[k].end;
		for (size_t j = w + max; j-- > w;) {
			size_t e = sentence_end(s->text, s->words[j].end,
						s->words[j + 1].start);
			if (e) {
				k = j;
				cut = e;
				break;
			}
		}
		if (!push(s, at, cut, w, k + 1 - w))
			return false;
		at = skip_space(s->text, cut, end);
		w = k + 1;
	}
	return push(s, at, end, w, last - w);
}

rb_status rb_passage_split(const char *text, size_t len, const rb_span *words,
			   size_t n_words, size_t max_words, rb_passage **out,
			   size_t *n_out, char **err)
{
	splitter s = { .text = text, .len = len, .words = words, .line = 1 };
	size_t i = 0, w = 0;
	if (max_words == 0)
		max_words = RB_PASSAGE_MAX_WORDS;
	while (i < len && w < n_words) {
		/* Start of the paragraph: the first non-blank line's first
		 * non-space byte. */
		size_t start = skip_space(text, i, len);
		if (start >= len)
			break;
		/* Its end: the last non-space byte before a blank line. */
		size_t end = start, j = start;
		while (j < len) {
			const char *nl = memchr(text + j, '\n', len - j);
			size_t eol = nl ? (size_t)(nl - text) : len;
			size_t k = eol;
			while (k > j && is_space(text[k - 1]))
				k--;
			if (k == j && j > start)
				break;  /* a blank line */
			end = k;
			j = nl ? eol + 1 : len;
		}
		size_t first = w;
		while (w < n_words && words[w].start < end)
			w++;
		if (w > first && !split_paragraph(&s, start, end, first, w, max_words)) {
			free(s.out);
			return rb_fail(err, RB_ERR_NO_MEMORY, "passages: out of memory");
		}
		i = j;
	}
	*out = s.out;
	*n_out = s.n;
	return RB_OK;
}

rb_span rb_passage_title(const char *text, size_t len)
{
	size_t i = skip_space(text, 0, len);
	const char *nl = memchr(text + i, '\n', len - i);
	size_t end = nl ? (size_t)(nl - text) : len;
	while (end > i && is_space(text[end - 1]))
		end--;
	if (end - i > RB_TITLE_MAX_BYTES) {  /* cut at a character boundary */
		end = i + RB_TITLE_MAX_BYTES;
		while (end > i && ((unsigned char)text[end] & 0xC0) == 0x80)
			end--;
	}
	return (rb_span){ i, end };
}
