/* offsets.c: the text buffer every reader writes into, the offset map it
 * keeps, and the document's lifetime.
 *
 * The map holds an entry only where the text stops following the source
 * byte for byte: one entry {0, 0} for UTF-8 text read as is; for text
 * converted from a single-byte charset, an entry at each non-ASCII
 * character and at the next ASCII run.
 */
#include "reader.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>

static bool reserve(rb_tbuf *t, size_t more)
{
	if (t->oom)
		return false;
	if (t->len + more + 1 <= t->cap)
		return true;
	size_t cap = t->cap ? t->cap : 256;
	while (cap < t->len + more + 1) {
		if (cap > SIZE_MAX / 2) {
			t->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *b = realloc(t->buf, cap);
	if (!b) {
		t->oom = true;
		return false;
	}
	t->buf = b;
	t->cap = cap;
	return true;
}

static void add_entry(rb_tbuf *t, size_t src)
{
	if (t->oom)
		return;
	if (t->n_map) {
		rb_offset_map *last = &t->map[t->n_map - 1];
		if (last->src_off + (t->len - last->text_off) == src)
			return;  /* the run goes on */
		if (last->text_off == t->len) {
			last->src_off = src;
			return;
		}
	}
	rb_offset_map *m = rb_grow(t->map, &t->map_cap, t->n_map + 1, sizeof *m, 16);
	if (!m) {
		t->oom = true;
		return;
	}
	t->map = m;
	t->map[t->n_map++] = (rb_offset_map){ t->len, src };
}

/* Appends n bytes (room reserved), NUL bytes as spaces: the text is a C
 * string, whatever a decoder gave (iconv turns a NUL byte into U+0000). */
static void copy_text(rb_tbuf *t, const char *s, size_t n)
{
	char *d = t->buf + t->len;
	memcpy(d, s, n);
	for (char *z = memchr(d, '\0', n); z; z = memchr(z, '\0', (size_t)(d + n - z)))
		*z = ' ';
	t->len += n;
	t->buf[t->len] = '\0';
}

void rb_tbuf_put(rb_tbuf *t, const char *s, size_t n, size_t src)
{
	if (!n)
		return;
	add_entry(t, src);
	if (!reserve(t, n))
		return;
	copy_text(t, s, n);
}

void rb_tbuf_gen(rb_tbuf *t, const char *s, size_t n)
{
	if (!n || !reserve(t, n))
		return;
	if (!t->n_map)
		add_entry(t, 0);
	copy_text(t, s, n);
}

void rb_tbuf_put_cp(rb_tbuf *t, uint32_t c, size_t src)
{
	char u[4];
	size_t n;
	if (c == 0)
		c = ' ';
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	rb_tbuf_put(t, u, n, src);
}

void rb_tbuf_append(rb_tbuf *t, const rb_tbuf *o, size_t src, bool exact)
{
	if (o->oom) {
		t->oom = true;
		return;
	}
	if (!o->len)
		return;
	if (!exact) {
		/* One entry: the text maps linearly from src, and the lookup
		 * never goes past the next entry's source offset. */
		add_entry(t, src);
		rb_tbuf_gen(t, o->buf, o->len);
		return;
	}
	for (size_t i = 0; i < o->n_map; i++) {
		size_t from = o->map[i].text_off;
		size_t to = i + 1 < o->n_map ? o->map[i + 1].text_off : o->len;
		if (to > from)
			rb_tbuf_put(t, o->buf + from, to - from, src + o->map[i].src_off);
	}
	if (!o->n_map)
		rb_tbuf_put(t, o->buf, o->len, src);
}

void rb_tbuf_trim(rb_tbuf *t)
{
	size_t n = t->len;
	while (n && strchr(" \t\r\n", t->buf[n - 1]))
		n--;
	while (t->n_map > 1 && t->map[t->n_map - 1].text_off >= n)
		t->n_map--;
	if (t->n_map && t->map[0].text_off > n)
		t->map[0].text_off = n;
	t->len = n;
	if (t->buf)
		t->buf[n] = '\0';
}

void rb_tbuf_break(rb_tbuf *t)
{
	size_t n = t->len;
	while (n && (t->buf[n - 1] == ' ' || t->buf[n - 1] == '\t'))
		n--;
	if (!n) {
		t->len = 0;
		if (t->n_map > 1)
			t->n_map = 1;
		if (t->buf)
			t->buf[0] = '\0';
		return;
	}
	/* Trim trailing blanks, and map entries that started in them. */
	while (t->n_map > 1 && t->map[t->n_map - 1].text_off > n)
		t->n_map--;
	if (t->n_map && t->map[0].text_off > n)
		t->map[0].text_off = n;
	t->len = n;
	t->buf[n] = '\0';
	if (n >= 2 && t->buf[n - 1] == '\n' && t->buf[n - 2] == '\n')
		return;
	rb_tbuf_gen(t, t->buf[n - 1] == '\n' ? "\n" : "\n\n",
		    t->buf[n - 1] == '\n' ? 1 : 2);
}

bool rb_tbuf_finish(rb_tbuf *t, rb_document *doc)
{
	if (!t->oom && !t->buf)
		reserve(t, 0);
	if (!t->oom && !t->n_map)
		add_entry(t, 0);
	if (t->oom) {
		rb_tbuf_free(t);
		return false;
	}
	t->buf[t->len] = '\0';
	doc->text = t->buf;
	doc->text_len = t->len;
	doc->map = t->map;
	doc->n_map = t->n_map;
	memset(t, 0, sizeof *t);
	return true;
}

void rb_tbuf_free(rb_tbuf *t)
{
	free(t->buf);
	free(t->map);
	memset(t, 0, sizeof *t);
}

size_t rb_document_source_offset(const rb_document *doc, size_t text_off)
{
	if (!doc || !doc->n_map)
		return text_off;
	size_t lo = 0, hi = doc->n_map;  /* the last entry with text_off <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->map[mid].text_off <= text_off)
			lo = mid;
		else
			hi = mid;
	}
	const rb_offset_map *e = &doc->map[lo];
	if (text_off < e->text_off)
		return e->src_off;
	size_t src = e->src_off + (text_off - e->text_off);
	/* Inside a converted character or generated text, never run past
	 * where the next entry starts in the source. */
	if (lo + 1 < doc->n_map && doc->map[lo + 1].src_off >= e->src_off &&
	    src > doc->map[lo + 1].src_off)
		src = doc->map[lo + 1].src_off;
	if (!doc->extracted && doc->source_len && src > doc->source_len)
		src = doc->source_len;
	return src;
}

void rb_message_free(rb_message *m)
{
	free(m->title);
	for (size_t i = 0; i < m->n_fields; i++)
		free(m->fields[i].value);
	free(m->fields);
	memset(m, 0, sizeof *m);
}

void rb_document_free(rb_document *doc)
{
	if (!doc)
		return;
	free(doc->text);
	free(doc->title);
	for (size_t i = 0; i < doc->n_fields; i++)
		free(doc->fields[i].value);
	free(doc->fields);
	free(doc->map);
	free(doc->part_starts);
	free(doc->reason);
	free(doc->inflated);
	for (size_t i = 0; i < doc->n_messages; i++)
		rb_message_free(&doc->messages[i]);
	free(doc->messages);
	for (size_t i = 0; i < doc->n_subdocs; i++) {
		rb_subdoc *d = &doc->subdocs[i];
		free(d->name);
		free(d->bytes);
		rb_message_free(&d->origin);
		if (d->doc)
			rb_document_free(d->doc);
		free(d->doc);
	}
	free(doc->subdocs);
	memset(doc, 0, sizeof *doc);
}
