/* markdown.c: Markdown through libcmark, the CommonMark reference parser.
 *
 * libcmark replaced a hand-written line reader: on CommonMark's 652 spec
 * examples it gets the searchable words right in 650 (the line reader:
 * 573), with 98% of word offsets exact (99.6%); see GUIDE.md, "Input
 * formats", and `make markdown-compare`.
 *
 * The file is decoded first (text.c: UTF-8, or converted); YAML front
 * matter is set aside (its "title:" kept); libcmark parses the rest.  The
 * text is what a reader of the rendered page sees: paragraphs, headings,
 * list items, quotes, code (verbatim), the text of links and images' alt
 * text, entities and escapes decoded, HTML tags dropped (an HTML block's
 * text read by the HTML reader).  Blocks are separated by blank lines (so
 * each is a passage), the items of a tight list by newlines, and soft and
 * hard line breaks stay newlines.  Of GitHub's extensions, which
 * CommonMark reads as text: a table's pipes and delimiter row, strikes'
 * "~~" and a task box "[ ]" opening an item go.  The title is the first
 * heading, else the front matter's title.
 *
 * Offsets: cmark gives each node its source position; each byte of a
 * node's text is mapped to the next source byte equal to it (a decoded
 * entity or escape maps to where it starts), so a word maps to itself.
 * cmark's inline columns can be off where it stripped indentation (lazy
 * and continuation lines): the node's text is then looked for on its line.
 */
#include "reader.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* How far past a byte the walk looks for the next one (an entity, an
 * escape, a run of markup between two characters of a literal). */
#define LOOK_AHEAD 16

typedef struct {
	rb_tbuf out;
	const char *s;        /* the decoded text cmark parsed (after front matter) */
	size_t n;
	size_t base;          /* s[0] is decoded byte `base` */
	const rb_document *dec;     /* the decoded text, and its map to the source */
	size_t src_len;       /* the source's length */
	size_t *lines;        /* where each 1-based line of s starts */
	size_t n_lines;
	int table_line;       /* in a GitHub table: its delimiter row's line, else 0 */
	bool after_row;       /* the delimiter row was just skipped (and its break goes) */
	char *scratch;        /* a literal without GitHub's markup */
	size_t scratch_cap;
} md;

/* The source byte s[p] came from (inside a converted character, never
 * past where the next one starts: rb_document_source_offset; never past
 * the last byte, so that a text's end maps at most to the source's). */
static size_t src_of(const md *m, size_t p)
{
	size_t off = rb_document_source_offset(m->dec, m->base + p);
	return off < m->src_len ? off : m->src_len ? m->src_len - 1 : 0;
}

static size_t offset_of(const md *m, int line, int column)
{
	if (line < 1 || (size_t)line > m->n_lines)
		return m->n;
	size_t off = m->lines[line - 1] + (column > 0 ? (size_t)column - 1 : 0);
	return off < m->n ? off : m->n;
}

/* Lines end at "\n", "\r\n" or a lone "\r", as in CommonMark. */
static size_t line_end(const md *m, size_t off)
{
	while (off < m->n && m->s[off] != '\n' && m->s[off] != '\r')
		off++;
	return off;
}

static size_t line_begin(const md *m, size_t off)
{
	while (off > 0 && m->s[off - 1] != '\n' && m->s[off - 1] != '\r')
		off--;
	return off;
}

static bool starts_here(const md *m, size_t at, const char *lit, size_t k)
{
	return at + k <= m->n && !memcmp(m->s + at, lit, k);
}

/* Where a literal starts: at the reported offset if its first bytes (up
 * to a newline, at most LOOK_AHEAD) stand there verbatim, else the first
 * place on that line where they do, else where its first byte does. */
static size_t find_start(const md *m, const char *lit, size_t len, size_t from)
{
	size_t k = strcspn(lit, "\n");
	if (k > len)
		k = len;
	if (k > LOOK_AHEAD)
		k = LOOK_AHEAD;
	if (!k || starts_here(m, from, lit, k))
		return from;
	size_t end = line_end(m, from), at;
	for (at = line_begin(m, from); at < end && !starts_here(m, at, lit, k); at++)
		;
	if (at < end)
		return at;
	for (at = from; at < end && m->s[at] != *lit; at++)
		;
	return at < end ? at : from;
}

/* The literal lit[0, len), each byte mapped to the next equal source byte
 * within LOOK_AHEAD of the walk (else to where the walk is). */
static void put_aligned(md *m, const char *lit, size_t len, size_t from, size_t to)
{
	if (from > m->n)
		from = m->n;  /* a position cmark reports past the end, or one skipped past it */
	if (to > m->n)
		to = m->n;
	size_t at = find_start(m, lit, len, from);
	for (size_t i = 0; i < len; i++) {
		size_t k = at;
		while (k < to && k < at + LOOK_AHEAD && m->s[k] != lit[i])
			k++;
		bool found = k < to && m->s[k] == lit[i];
		if (found)
			at = k;
		rb_tbuf_put(&m->out, lit + i, 1, src_of(m, at < m->n ? at : m->n));
		if (found)
			at++;
	}
}

/* An HTML block's text, by the HTML reader, mapped back through s. */
static void put_html(md *m, size_t from, size_t to)
{
	rb_tbuf h = { 0 };
	from = from < m->n ? from : m->n;
	to = to < from ? from : to < m->n ? to : m->n;
	if (rb_html_to_text(&h, m->s + from, to - from, from, "UTF-8", true, NULL)) {
		rb_tbuf_trim(&h);
		for (size_t i = 0; i < h.n_map; i++) {
			size_t a = h.map[i].text_off;
			size_t b = i + 1 < h.n_map ? h.map[i + 1].text_off : h.len;
			for (size_t k = a; k < b; k++) {
				size_t p = h.map[i].src_off + (k - a);
				rb_tbuf_put(&m->out, h.buf + k, 1, src_of(m, p < m->n ? p : m->n));
			}
		}
	} else {
		m->out.oom = true;
	}
	rb_tbuf_free(&h);
	rb_tbuf_break(&m->out);
}

static bool in_tight_list(cmark_node *node)
{
	cmark_node *item = cmark_node_parent(node);
	cmark_node *list = item ? cmark_node_parent(item) : NULL;
	return item && cmark_node_get_type(item) == CMARK_NODE_ITEM && list &&
	       cmark_node_get_list_tight(list);
}

/* A GitHub task box, "[ ] " or "[x] ", opening a list item's text. */
static size_t task_box(cmark_node *text, const char *lit)
{
	cmark_node *para = cmark_node_parent(text);
	cmark_node *item = para ? cmark_node_parent(para) : NULL;
	if (cmark_node_previous(text) || !item || cmark_node_get_type(item) != CMARK_NODE_ITEM ||
	    cmark_node_first_child(item) != para)
		return 0;
	if (lit[0] == '[' && strchr(" xX", lit[1]) && lit[1] && lit[2] == ']' && lit[3] == ' ')
		return 4;
	return 0;
}

/* cmark 0.30 tells no fenced code block from an indented one: the
 * source does (up to 3 spaces, then ``` or ~~~). */
static bool is_fence(const md *m, size_t off)
{
	for (int i = 0; i < 3 && off < m->n && m->s[off] == ' '; i++)
		off++;
	return starts_here(m, off, "```", 3) || starts_here(m, off, "~~~", 3);
}

/* The end of a block's source: its last line's end (an inline node's
 * columns may run past its line: the end of the text then). */
static size_t node_end(const md *m, cmark_node *node)
{
	int first = cmark_node_get_start_line(node), last = cmark_node_get_end_line(node);
	if (cmark_node_get_type(node) >= CMARK_NODE_FIRST_INLINE || last < first)
		return m->n;
	return line_end(m, offset_of(m, last, 1));
}

/* GitHub's tables are paragraphs to CommonMark: one whose second line is
 * a delimiter row (only '|', '-', ':' and blanks, with '-' and '|') and
 * whose first holds a '|'. */
static bool is_table(const md *m, cmark_node *para)
{
	int line = cmark_node_get_start_line(para);
	if (line < 1 || (size_t)line + 1 > m->n_lines)
		return false;
	size_t a = m->lines[line - 1], b = m->lines[line], e = line_end(m, b);
	if (!memchr(m->s + a, '|', b - a))
		return false;
	bool dash = false, pipe = false;
	for (size_t i = b; i < e; i++) {
		char c = m->s[i];
		dash |= c == '-';
		pipe |= c == '|';
		if (!strchr("|-: \t\r", c))
			return false;
	}
	return dash && pipe;
}

/* The literal without GitHub's markup: a table's pipes, strikes' "~~".
 * NULL when out of memory. */
static const char *without_markup(md *m, const char *lit, size_t *len)
{
	size_t n = strlen(lit), k = 0;
	if (n + 1 > m->scratch_cap) {
		char *p = realloc(m->scratch, n + 1);
		if (!p)
			return NULL;
		m->scratch = p;
		m->scratch_cap = n + 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (lit[i] == '~' && lit[i + 1] == '~') {
			i++;
			continue;
		}
		if (lit[i] != '|' || !m->table_line)
			m->scratch[k++] = lit[i];
	}
	m->scratch[k] = '\0';
	*len = k;
	return m->scratch;
}

static void walk(md *m, cmark_node *doc, char **title)
{
	cmark_iter *it = cmark_iter_new(doc);
	size_t heading_at = 0;
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !m->out.oom;) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		const char *lit = cmark_node_get_literal(node);
		size_t from = offset_of(m, cmark_node_get_start_line(node),
					cmark_node_get_start_column(node));
		size_t to = node_end(m, node);
		if (ev == CMARK_EVENT_EXIT) {
			if (type == CMARK_NODE_HEADING && !*title && m->out.len > heading_at) {
				*title = rb_utf8_clean(m->out.buf + heading_at, m->out.len - heading_at);
				if (*title && !**title) {  /* white space only */
					free(*title);
					*title = NULL;
				}
			}
			if (type == CMARK_NODE_PARAGRAPH)
				m->table_line = 0;
			if (type == CMARK_NODE_PARAGRAPH && in_tight_list(node))
				rb_tbuf_gen(&m->out, "\n", 1);
			else if (type != CMARK_NODE_ITEM && type <= CMARK_NODE_LAST_BLOCK)
				rb_tbuf_break(&m->out);
			continue;
		}
		switch (type) {
		case CMARK_NODE_HEADING:
			rb_tbuf_break(&m->out);
			heading_at = m->out.len;
			break;
		case CMARK_NODE_PARAGRAPH:
			if (is_table(m, node))
				m->table_line = cmark_node_get_start_line(node) + 1;
			break;
		case CMARK_NODE_TEXT: {
			if (lit && cmark_node_get_start_line(node) == m->table_line) {
				m->after_row = true;  /* the delimiter row */
				break;
			}
			if (!lit)
				break;
			size_t skip = task_box(node, lit), len;
			const char *text = without_markup(m, lit + skip, &len);
			if (!text)
				m->out.oom = true;
			else
				put_aligned(m, text, len, from + skip, to);
			break;
		}
		case CMARK_NODE_CODE:
			if (lit)
				put_aligned(m, lit, strlen(lit), from, to);
			break;
		case CMARK_NODE_CODE_BLOCK:
			rb_tbuf_break(&m->out);
			if (is_fence(m, from))
				from = line_end(m, from) + 1;  /* the text starts after it */
			if (lit)
				put_aligned(m, lit, strlen(lit), from, to);
			rb_tbuf_break(&m->out);
			break;
		case CMARK_NODE_HTML_BLOCK:
			/* its end may read 0:0: the literal is the block's source */
			if (lit && starts_here(m, from, lit, strlen(lit)))
				to = from + strlen(lit);
			rb_tbuf_break(&m->out);
			put_html(m, from, to);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			if (!m->after_row)
				rb_tbuf_gen(&m->out, "\n", 1);
			m->after_row = false;
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			rb_tbuf_break(&m->out);
			break;
		default:
			break;  /* containers; inline HTML tags have no text */
		}
	}
	cmark_iter_free(it);
}

static size_t trim_end(const char *s, size_t p, size_t e)
{
	while (e > p && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
		e--;
	return e;
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
			while (a < e && (s[a] == ' ' || s[a] == '\t'))
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

rb_status rb_read_markdown(const char *name, const char *b, size_t n,
			   rb_document *doc, char **err)
{
	rb_document dec = { 0 };
	rb_status st = rb_read_text(name, b, n, &dec, err);
	if (st != RB_OK)
		return st;
	char *fm_title = NULL, *title = NULL;
	size_t fm = front_matter(dec.text, dec.text_len, &fm_title);
	md m = { .s = dec.text + fm, .n = dec.text_len - fm, .base = fm, .dec = &dec,
		 .src_len = n };
	m.lines = malloc((m.n + 2) * sizeof *m.lines);
	cmark_node *root = m.lines ? cmark_parse_document(m.s, m.n, CMARK_OPT_DEFAULT) : NULL;
	if (root) {
		m.lines[m.n_lines++] = 0;
		for (size_t i = 0; i < m.n; i++)
			if (m.s[i] == '\n' || (m.s[i] == '\r' && (i + 1 == m.n || m.s[i + 1] != '\n')))
				m.lines[m.n_lines++] = i + 1;
		walk(&m, root, &title);
		cmark_node_free(root);
	}
	free(m.lines);
	free(m.scratch);
	rb_document_free(&dec);
	if (!title) {
		title = fm_title;
		fm_title = NULL;
	}
	free(fm_title);
	rb_tbuf_trim(&m.out);
	doc->format = RB_FORMAT_MARKDOWN;
	if (!root || !rb_tbuf_finish(&m.out, doc)) {
		rb_tbuf_free(&m.out);
		free(title);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	doc->title = title;
	return RB_OK;
}
