/* markdown.c: Markdown with its markup stripped, line by line.
 *
 * The file is decoded first (text.c: UTF-8, or converted), then each line
 * is read on its own: fenced and indented code is kept verbatim (the fence
 * lines become empty lines); headings lose their '#'s (and setext
 * underlines), block quotes their '>', list items their markers and task
 * boxes, table rows their pipes (delimiter rows go); thematic breaks, link
 * reference definitions, YAML front matter and multi-line HTML comments
 * go.  Inline: emphasis ('*', '**', '_' at word boundaries, '~~'), code
 * span backticks, backslash escapes and HTML tags are dropped; links and
 * images keep their text ([text](url), [text][ref], ![alt](src)), autolinks
 * their address; entities (named, as libxml2's HTML table knows them,
 * and &#N; &#xN;) are decoded.
 *
 * Every source line gives one text line, so blank lines (paragraphs) stay
 * where they were; a heading also ends its paragraph (a blank line is
 * added around it).  The title is the first heading, else the front
 * matter's "title:".  Offsets are exact: every text byte maps to the byte
 * it was copied from (through the decoding map for converted files).
 * Work is linear in the size: bracket matching is one pass per line
 * (links are not looked for in lines over 1 MB).
 */
#include "reader.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINK_LINE (1u << 20)
#define MAX_DEPTH 8

typedef struct {
	rb_tbuf out;
	const char *s;        /* the decoded text */
	size_t n;
	const rb_offset_map *dmap;  /* decoded text → source */
	size_t n_dmap;
	uint32_t *match;      /* for a '[' or '(' at line + k: its closer + 1, or 0 */
	uint32_t *stack;
	size_t match_cap;
	size_t line;          /* where the current line starts */
	bool links;           /* match[] is valid for the current line */
	bool table;           /* '|' is a cell separator */
} md;

/* The source offset of decoded byte p, and where its map run ends. */
static size_t src_of(const md *m, size_t p, size_t *run_end)
{
	size_t lo = 0, hi = m->n_dmap;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->dmap[mid].text_off <= p)
			lo = mid;
		else
			hi = mid;
	}
	*run_end = lo + 1 < m->n_dmap ? m->dmap[lo + 1].text_off : SIZE_MAX;
	return m->dmap[lo].src_off + (p - m->dmap[lo].text_off);
}

static void emit(md *m, size_t from, size_t to)
{
	while (from < to) {
		size_t end;
		size_t src = src_of(m, from, &end);
		if (end > to)
			end = to;
		rb_tbuf_put(&m->out, m->s + from, end - from, src);
		from = end;
	}
}

static void emit_cp(md *m, uint32_t c, size_t at)
{
	size_t end;
	rb_tbuf_put_cp(&m->out, c, src_of(m, at, &end));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_word(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* One pass over the line: each '[' and '(' gets its matching closer. */
static void match_brackets(md *m, size_t p, size_t e)
{
	size_t len = e - m->line;
	m->links = false;
	if (len > MAX_LINK_LINE)
		return;
	if (len > m->match_cap) {
		size_t cap = len < 256 ? 256 : len;
		uint32_t *a = realloc(m->match, cap * sizeof *a);
		if (!a)
			return;
		m->match = a;
		uint32_t *b = realloc(m->stack, cap * sizeof *b);
		if (!b)
			return;
		m->stack = b;
		m->match_cap = cap;
	}
	size_t sq = 0, rd = 0;   /* stack heights: '[' from the bottom, '(' from the top */
	for (size_t i = p; i < e; i++) {
		size_t k = i - m->line;
		char c = m->s[i];
		m->match[k] = 0;
		if (c == '\\' && i + 1 < e) {
			m->match[k + 1] = 0;
			i++;
		} else if (c == '[') {
			m->stack[sq++] = (uint32_t)k;
		} else if (c == ']' && sq) {
			m->match[m->stack[--sq]] = (uint32_t)k + 1;
		} else if (c == '(') {
			m->stack[len - 1 - rd++] = (uint32_t)k;
		} else if (c == ')' && rd) {
			m->match[m->stack[len - 1 - --rd]] = (uint32_t)k + 1;
		}
		if (sq + rd >= len)  /* cannot happen: one push per byte */
			break;
	}
	m->links = true;
}

/* The closer of the '[' or '(' at i, or 0. */
static size_t closer(const md *m, size_t i, size_t e)
{
	if (!m->links || i >= e)
		return 0;
	uint32_t c = m->match[i - m->line];
	return c ? m->line + c - 1 : 0;
}

static bool entity(md *m, size_t i, size_t e, size_t *next)
{
	size_t j = i + 1;
	while (j < e && j - i < 12 && (isalnum((unsigned char)m->s[j]) || m->s[j] == '#'))
		j++;
	if (j >= e || m->s[j] != ';' || j == i + 1)
		return false;
	const char *nm = m->s + i + 1;
	size_t len = j - i - 1;
	uint32_t cp = 0;
	if (nm[0] == '#') {
		char buf[16];
		if (len < 2 || len > 10)
			return false;
		memcpy(buf, nm + 1, len - 1);
		buf[len - 1] = '\0';
		char *end;
		unsigned long v = (buf[0] == 'x' || buf[0] == 'X') ? strtoul(buf + 1, &end, 16)
								  : strtoul(buf, &end, 10);
		if (*end || end == buf || v == 0 || v > 0x10FFFF)
			return false;
		cp = (uint32_t)v;
	} else {
		char buf[16];
		memcpy(buf, nm, len);
		buf[len] = '\0';
		const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)buf);
		if (!d)
			return false;
		cp = d->value;
	}
	emit_cp(m, cp == 0xA0 ? ' ' : cp, i);
	*next = j + 1;
	return true;
}

static void inline_md(md *m, size_t p, size_t e, int depth)
{
	const char *s = m->s;
	size_t run = p, i = p;
#define FLUSH() do { emit(m, run, i); } while (0)
	while (i < e) {
		unsigned char c = (unsigned char)s[i];
		size_t next = i + 1, cl;
		switch (c) {
		case '\\':
			if (i + 1 < e && ispunct((unsigned char)s[i + 1])) {
				FLUSH();
				run = i + 1;
				i += 2;
				continue;
			}
			break;
		case '`': {
			size_t k = i;
			while (k < e && s[k] == '`')
				k++;
			size_t ticks = k - i, j = k;
			/* The closing run of as many backticks. */
			const char *q = k < e ? memchr(s + k, '`', e - k) : NULL;
			while (q) {
				size_t a = (size_t)(q - s), b = a;
				while (b < e && s[b] == '`')
					b++;
				if (b - a == ticks) {
					j = a;
					break;
				}
				q = b < e ? memchr(s + b, '`', e - b) : NULL;
			}
			FLUSH();
			if (q) {
				emit(m, k, j);
				i = j + ticks;
			} else {
				emit(m, i, k);  /* no closer: literal */
				i = k;
			}
			run = i;
			continue;
		}
		case '!':
			if (i + 1 < e && s[i + 1] == '[' && depth < MAX_DEPTH &&
			    (cl = closer(m, i + 1, e)) && cl + 1 < e && s[cl + 1] == '(' &&
			    closer(m, cl + 1, e)) {
				FLUSH();
				inline_md(m, i + 2, cl, depth + 1);
				i = closer(m, cl + 1, e) + 1;
				run = i;
				continue;
			}
			break;
		case '[':
			if (depth < MAX_DEPTH && (cl = closer(m, i, e))) {
				size_t after = cl + 1, end = 0;
				if (after < e && s[after] == '(' && closer(m, after, e))
					end = closer(m, after, e) + 1;
				else if (after < e && s[after] == '[' && closer(m, after, e))
					end = closer(m, after, e) + 1;
				if (end) {
					FLUSH();
					inline_md(m, i + 1, cl, depth + 1);
					i = end;
					run = i;
					continue;
				}
			}
			break;
		case '<': {
			/* A tag or an autolink: up to the next '>' with no '<'. */
			size_t j = i + 1;
			while (j < e && s[j] != '>' && s[j] != '<')
				j++;
			if (j < e && s[j] == '>' && j > i + 1) {
				bool tag = isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
					   s[i + 1] == '!' || s[i + 1] == '?';
				const char *colon = memchr(s + i + 1, ':', j - i - 1);
				const char *at = memchr(s + i + 1, '@', j - i - 1);
				const char *sp = memchr(s + i + 1, ' ', j - i - 1);
				if (!sp && (colon || at) && isalpha((unsigned char)s[i + 1])) {
					FLUSH();
					emit(m, i + 1, j);  /* autolink */
					i = j + 1;
					run = i;
					continue;
				}
				if (tag) {
					FLUSH();
					i = j + 1;
					run = i;
					continue;
				}
			}
			break;
		}
		case '&':
			FLUSH();
			run = i;
			if (entity(m, i, e, &next)) {
				i = next;
				run = i;
				continue;
			}
			break;
		case '*':
		case '_':
		case '~': {
			size_t k = i;
			while (k < e && s[k] == (char)c)
				k++;
			if (c == '~' && k - i != 2)
				break;
			unsigned char before = i > p ? (unsigned char)s[i - 1] : ' ';
			unsigned char after = k < e ? (unsigned char)s[k] : ' ';
			bool open = after != ' ' && after != '\t';
			bool close = before != ' ' && before != '\t';
			if (c == '_') {
				/* Inside a word (snake_case) it is a letter. */
				if (is_word(before) && is_word(after))
					break;
			}
			if ((open || close) && k - i <= 3) {
				FLUSH();
				i = k;
				run = i;
				continue;
			}
			i = k;
			continue;
		}
		case '|':
			if (m->table) {
				FLUSH();
				rb_tbuf_gen(&m->out, " ", 1);
				run = i + 1;
			}
			break;
		default:
			break;
		}
		i = next;
	}
	FLUSH();
#undef FLUSH
}

static size_t trim_end(const char *s, size_t p, size_t e)
{
	while (e > p && (is_blank(s[e - 1]) || s[e - 1] == '\r'))
		e--;
	return e;
}

/* A table delimiter row: only '|', '-', ':' and blanks, with '-' and '|'. */
static bool delim_row(const char *s, size_t p, size_t e)
{
	bool dash = false, pipe = false;
	for (size_t i = p; i < e; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] == '|')
			pipe = true;
		else if (s[i] != ':' && !is_blank(s[i]) && s[i] != '\r')
			return false;
	}
	return dash && pipe;
}

/* A thematic break: three or more of one of '-', '*', '_', blanks between. */
static bool thematic(const char *s, size_t p, size_t e)
{
	size_t k = 0;
	char c = 0;
	for (size_t i = p; i < e; i++) {
		if (is_blank(s[i]))
			continue;
		if (!c && (s[i] == '-' || s[i] == '*' || s[i] == '_'))
			c = s[i];
		if (s[i] != c)
			return false;
		k++;
	}
	return k >= 3;
}

static bool next_is_delim(const char *s, size_t i, size_t n)
{
	const char *nl = memchr(s + i, '\n', n - i);
	size_t eol = nl ? (size_t)(nl - s) : n;
	while (i < eol && is_blank(s[i]))
		i++;
	return delim_row(s, i, trim_end(s, i, eol));
}

static bool all_of(const char *s, size_t p, size_t e, char c)
{
	if (p >= e)
		return false;
	for (size_t i = p; i < e; i++)
		if (s[i] != c)
			return false;
	return true;
}

static char *copy_title(const rb_tbuf *t, size_t from)
{
	return rb_utf8_clean(t->buf + from, t->len - from);
}

/* YAML front matter: returns where it ends (0 when there is none) and
 * its title, if any. */
static size_t front_matter(const char *s, size_t n, char **title)
{
	if (n < 4 || memcmp(s, "---", 3) || (s[3] != '\n' && s[3] != '\r'))
		return 0;
	size_t i = s[3] == '\r' ? 5 : 4;
	for (int lines = 0; i < n && lines < 200; lines++) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t eol = nl ? (size_t)(nl - s) : n;
		size_t e = trim_end(s, i, eol);
		if ((e - i == 3 && (!memcmp(s + i, "---", 3) || !memcmp(s + i, "...", 3))))
			return nl ? eol + 1 : n;
		if (!*title && e - i > 6 && !strncmp(s + i, "title:", 6)) {
			size_t a = i + 6;
			while (a < e && is_blank(s[a]))
				a++;
			size_t b = e;
			if (b - a >= 2 && (s[a] == '"' || s[a] == '\'') && s[b - 1] == s[a]) {
				a++;
				b--;
			}
			*title = rb_utf8_clean(s + a, b - a);
		}
		if (!nl)
			break;
		i = eol + 1;
	}
	free(*title);
	*title = NULL;
	return 0;
}

static void run_lines(md *m, char **title)
{
	const char *s = m->s;
	size_t n = m->n, i = 0;
	bool prev_blank = true, prev_para = false, in_code = false, in_list = false;
	bool in_fence = false, in_comment = false, in_table = false;
	char fch = 0;
	size_t flen = 0, prev_start = 0;
	char *fm_title = NULL;
	i = front_matter(s, n, &fm_title);
	for (size_t k = 0; k < i; k++)  /* keep its lines, empty */
		if (s[k] == '\n')
			emit(m, k, k + 1);
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t eol = nl ? (size_t)(nl - s) : n;
		size_t e = trim_end(s, i, eol);
		size_t p = i;
		bool heading = false, para = false;
		m->line = i;
		m->table = false;
		if (in_fence) {
			size_t q = i;
			while (q < e && q - i < 3 && s[q] == ' ')
				q++;
			size_t k = q;
			while (k < e && s[k] == fch)
				k++;
			if (k - q >= flen && trim_end(s, k, e) == k)
				in_fence = false;
			else
				emit(m, i, e);
			goto next;
		}
		if (in_comment) {
			const char *end = NULL;
			for (size_t q = i; q + 3 <= e; q++)
				if (!memcmp(s + q, "-->", 3)) {
					end = s + q;
					break;
				}
			if (!end)
				goto next;
			in_comment = false;
			p = (size_t)(end - s) + 3;
		}
		while (p < e && is_blank(s[p]))
			p++;
		if (p == e) {
			prev_blank = true;
			prev_para = false;
			in_table = false;
			goto next;
		}
		size_t indent = 0;
		for (size_t q = i; q < p; q++)
			indent += s[q] == '\t' ? 4 - indent % 4 : 1;
		if (indent >= 4 && (prev_blank || in_code) && !in_list && !prev_para) {
			in_code = true;
			emit(m, p, e);
			goto next;
		}
		in_code = false;
		if (prev_blank && indent == 0)
			in_list = false;
		if (e - p >= 3 && (s[p] == '`' || s[p] == '~') && s[p + 1] == s[p] &&
		    s[p + 2] == s[p] && indent < 4) {
			fch = s[p];
			flen = 0;
			while (p + flen < e && s[p + flen] == fch)
				flen++;
			if (fch == '~' || !memchr(s + p + flen, '`', e - p - flen)) {
				in_fence = true;
				rb_tbuf_break(&m->out);
				goto next;
			}
		}
		while (p < e && s[p] == '>') {
			p++;
			while (p < e && is_blank(s[p]))
				p++;
		}
		if (prev_para && (all_of(s, p, e, '=') || all_of(s, p, e, '-'))) {
			/* A setext underline: the previous line was a heading. */
			if (!*title) {
				*title = copy_title(&m->out, prev_start);
			}
			rb_tbuf_break(&m->out);
			prev_para = false;
			prev_blank = false;
			goto next;
		}
		if (thematic(s, p, e)) {
			prev_para = false;
			goto next;
		}
		if (delim_row(s, p, e)) {
			/* Dropped with its newline: header and rows stay one
			 * paragraph. */
			in_table = true;
			i = nl ? eol + 1 : n;
			continue;
		}
		if (s[p] == '[' && p + 1 < e && s[p + 1] != '^') {
			const char *rb = memchr(s + p, ']', e - p);
			if (rb && (size_t)(rb - s) + 1 < e && rb[1] == ':')
				goto next;  /* a link reference definition */
		} else if (s[p] == '[' && p + 1 < e) {
			const char *rb = memchr(s + p, ']', e - p);
			if (rb && (size_t)(rb - s) + 1 < e && rb[1] == ':')
				p = (size_t)(rb - s) + 2;  /* a footnote: keep its text */
		}
		if (e - p >= 4 && !memcmp(s + p, "<!--", 4)) {
			bool closed = false;
			for (size_t q = p + 4; q + 3 <= e; q++)
				if (!memcmp(s + q, "-->", 3)) {
					closed = true;
					break;
				}
			if (!closed) {
				in_comment = true;
				goto next;
			}
		}
		/* List markers. */
		if (p < e && (s[p] == '-' || s[p] == '*' || s[p] == '+') &&
		    (p + 1 == e || is_blank(s[p + 1]))) {
			p++;
			in_list = true;
		} else if (p < e && isdigit((unsigned char)s[p])) {
			size_t q = p;
			while (q < e && q - p < 9 && isdigit((unsigned char)s[q]))
				q++;
			if (q < e && (s[q] == '.' || s[q] == ')') && (q + 1 == e || is_blank(s[q + 1]))) {
				p = q + 1;
				in_list = true;
			}
		}
		while (p < e && is_blank(s[p]))
			p++;
		if (e - p >= 3 && s[p] == '[' && (s[p + 1] == ' ' || s[p + 1] == 'x' ||
						  s[p + 1] == 'X') && s[p + 2] == ']')
		{
			p += 3;  /* a task box */
			while (p < e && is_blank(s[p]))
				p++;
		}
		/* ATX heading. */
		if (p < e && s[p] == '#') {
			size_t q = p;
			while (q < e && s[q] == '#')
				q++;
			if (q - p <= 6 && (q == e || is_blank(s[q]))) {
				heading = true;
				p = q;
				while (p < e && is_blank(s[p]))
					p++;
				size_t z = e;
				while (z > p && s[z - 1] == '#')
					z--;
				if (z == p || is_blank(s[z - 1]))
					e = trim_end(s, p, z);
			}
		}
		m->table = in_table || s[p] == '|' || (nl && next_is_delim(s, eol + 1, n));
		if (heading && !prev_blank)
			rb_tbuf_break(&m->out);
		prev_start = m->out.len;
		match_brackets(m, p, e);
		inline_md(m, p, e, 0);
		if (heading) {
			if (!*title)
				*title = copy_title(&m->out, prev_start);
		} else {
			para = true;
		}
		prev_blank = false;
	next:
		prev_para = para;
		if (heading) {
			rb_tbuf_break(&m->out);
			i = nl ? eol + 1 : n;
			prev_blank = true;
			continue;
		}
		if (nl)
			emit(m, eol, eol + 1);
		i = nl ? eol + 1 : n;
	}
	if (!*title)
		*title = fm_title;
	else
		free(fm_title);
}

rb_status rb_read_markdown(const char *name, const char *b, size_t n,
			   rb_document *doc, char **err)
{
	rb_document dec = { 0 };
	rb_status st = rb_read_text(name, b, n, &dec, err);
	if (st != RB_OK)
		return st;
	md m = { .s = dec.text, .n = dec.text_len, .dmap = dec.map, .n_dmap = dec.n_map };
	char *title = NULL;
	run_lines(&m, &title);
	free(m.match);
	free(m.stack);
	rb_document_free(&dec);
	doc->format = RB_FORMAT_MARKDOWN;
	if (!rb_tbuf_finish(&m.out, doc)) {
		free(title);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	doc->title = title;
	return RB_OK;
}
