/* html.c: HTML to text with libxml2's HTML parser.
 *
 * The parser recovers from any markup, decodes entities and converts the
 * declared encoding (<meta charset>, http-equiv, an XML declaration, a
 * BOM).  When nothing is declared, the bytes are decoded as text.c does
 * (UTF-8 if valid, else guessed) and parsed as UTF-8.  The <title> is the
 * title (not repeated in the text); script, style, noscript, template,
 * svg, math, object and head's other content are skipped.  Block elements
 * (p, div, h1-h6, li, tr, table, section, article, blockquote, pre, ...)
 * end paragraphs ("\n\n"); <br> ends a line ("\n"; two make a paragraph
 * break); td/th are separated by a space; white space is collapsed except
 * inside <pre>.
 *
 * Offsets (word precision where possible): libxml2 keeps a line number
 * per element; a cursor into the source moves forward to each element's
 * line, and each word of the text is looked for in the source from the
 * cursor on (within 2 KB; outside tags, not as the tail of a longer
 * word).  A word found maps to its own bytes; a word
 * that is not there as is (written with entities, or converted from
 * another charset) maps to the cursor, which is at most its line's start
 * (or the end of the previous word found).  Searching stops, and the
 * cursor alone is used, once it has cost 16 times the file's size, so
 * time stays linear.  Line numbers past 65535 no longer move the cursor.
 *
 * libxml2 is initialised once (rb_formats_init, xml_setup.c); each call
 * has its own parser context and document.
 */
#include "reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WINDOW 2048

typedef struct {
	rb_tbuf *t;
	bool exact;
	size_t base;          /* src offset of parse-buffer byte 0 */
	const char *src;      /* the parse buffer (what line numbers count) */
	size_t n;
	const rb_offset_map *dmap;  /* parse buffer → source, or NULL (identity) */
	size_t n_dmap;
	size_t src_n;         /* the source's bytes: dmap never maps past them */
	size_t *lines;        /* line k + 1 starts at lines[k] */
	size_t n_lines;
	size_t cur;           /* the cursor, in the parse buffer */
	size_t budget;        /* bytes of searching left */
	bool space;           /* white space is pending */
	int pre;              /* inside <pre> */
} html;

/* Whether s looks like HTML (formats.def's sniffer): its first non-blank
 * byte is '<' and "<!doctype html", "<html", "<head", "<body" or "<title"
 * appears in the first 1 KB (any case). */
bool rb_sniff_html(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && strchr(" \t\r\n\f", s[i]) && s[i])
		i++;
	if (i >= n || s[i] != '<')
		return false;
	size_t m = n - i < 1024 ? n - i : 1024;
	static const char *const tags[] = { "<!doctype html", "<html", "<head", "<body",
					    "<title" };
	for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
		size_t k = strlen(tags[t]);
		for (size_t j = i; j + k <= i + m; j++)
			if (s[j] == '<' && !strncasecmp(s + j, tags[t], k))
				return true;
	}
	return false;
}

static size_t to_src(const html *h, size_t p)
{
	if (!h->dmap)
		return h->base + p;
	rb_document d = { .map = (rb_offset_map *)h->dmap, .n_map = h->n_dmap,
			  .source_len = h->src_n };
	return h->base + rb_document_source_offset(&d, p);
}

static bool index_lines(html *h)
{
	size_t n = 1;
	for (const char *p = h->src; (p = memchr(p, '\n', h->n - (size_t)(p - h->src))); p++)
		n++;
	h->lines = malloc(n * sizeof *h->lines);
	if (!h->lines)
		return false;
	h->lines[0] = 0;
	h->n_lines = 1;
	for (const char *p = h->src; (p = memchr(p, '\n', h->n - (size_t)(p - h->src))); p++)
		h->lines[h->n_lines++] = (size_t)(p - h->src) + 1;
	return true;
}

static void resync(html *h, const xmlNode *node)
{
	long line = xmlGetLineNo(node);
	if (line <= 0 || line >= 65535 || (size_t)line > h->n_lines)
		return;
	size_t at = h->lines[line - 1];
	if (at > h->cur)
		h->cur = at;
}

static bool is_ws(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f') {
		*len = 1;
		return true;
	}
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {  /* no-break space */
		*len = 2;
		return true;
	}
	return false;
}

static void put_word(html *h, const char *w, size_t n)
{
	if (!h->exact) {
		rb_tbuf_gen(h->t, w, n);
		return;
	}
	size_t at = h->cur;
	if (h->budget && h->cur < h->n) {
		/* The first occurrence outside a tag that is not the end of
		 * a longer word. */
		size_t end = h->n - h->cur > WINDOW + n ? h->cur + WINDOW + n : h->n;
		size_t pos = h->cur, scan = h->cur;
		bool in_tag = false, alnum = isalnum((unsigned char)w[0]);
		h->budget = h->budget > end - h->cur ? h->budget - (end - h->cur) : 0;
		while (pos < end) {
			const char *f = memmem(h->src + pos, end - pos, w, n);
			if (!f)
				break;
			size_t k = (size_t)(f - h->src);
			for (; scan < k; scan++)
				if (h->src[scan] == '<')
					in_tag = true;
				else if (h->src[scan] == '>')
					in_tag = false;
			if (!in_tag && !(alnum && k && isalnum((unsigned char)h->src[k - 1]))) {
				at = k;
				h->cur = k + n;
				break;
			}
			pos = k + 1;
		}
	}
	rb_tbuf_put(h->t, w, n, to_src(h, at));
}

static void put_text(html *h, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k;
		if (is_ws(u + i, n - i, &k)) {
			if (h->pre && (u[i] == '\n' || u[i] == '\t' || u[i] == ' ')) {
				rb_tbuf_gen(h->t, s + i, 1);
				h->space = false;
			} else {
				h->space = true;
			}
			i += k;
			continue;
		}
		size_t j = i;
		while (j < n && !is_ws(u + j, n - j, &k))
			j++;
		if (h->space && h->t->len) {
			char last = h->t->buf[h->t->len - 1];
			if (last != '\n' && last != ' ')
				rb_tbuf_gen(h->t, " ", 1);
		}
		h->space = false;
		put_word(h, s + i, j - i);
		i = j;
	}
}

static bool name_in(const char *name, const char *const *set)
{
	for (; *set; set++)
		if (strcasecmp(name, *set) == 0)
			return true;
	return false;
}

static const char *const skipped[] = {
	"script", "style", "noscript", "template", "svg", "math", "object",
	"iframe", "select", "meta", "link", "base", NULL
};
static const char *const blocks[] = {
	"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section",
	"article", "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd",
	"header", "footer", "nav", "aside", "main", "figure", "figcaption", "form",
	"fieldset", "hr", "address", "details", "summary", "caption", "thead",
	"tbody", "tfoot", "center", "body", "html", "legend", "menu", "hgroup",
	"title", "textarea", "option", NULL
};

static void block_break(html *h)
{
	h->space = false;
	rb_tbuf_break(h->t);
}

static void enter(html *h, const xmlNode *node, bool *descend, char **title)
{
	const char *name = (const char *)node->name;
	*descend = true;
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		if (node->content)
			put_text(h, (const char *)node->content,
				 strlen((const char *)node->content));
		*descend = false;
		return;
	}
	if (node->type != XML_ELEMENT_NODE || !name) {
		*descend = false;  /* comments, processing instructions, DTDs */
		return;
	}
	if (h->exact)
		resync(h, node);
	if (name_in(name, skipped)) {
		*descend = false;
		return;
	}
	if (strcasecmp(name, "title") == 0) {
		if (title && !*title) {
			xmlChar *c = xmlNodeGetContent(node);
			if (c) {
				*title = rb_utf8_clean((const char *)c, strlen((const char *)c));
				xmlFree(c);
				if (*title && !**title) {
					free(*title);
					*title = NULL;
				}
			}
		}
		*descend = false;
		return;
	}
	if (strcasecmp(name, "br") == 0) {
		/* A line break; never more than one blank line in a row. */
		size_t k = h->t->len;
		h->space = false;
		while (k && h->t->buf[k - 1] == ' ')
			k--;
		h->t->len = k;
		if (k && !(k >= 2 && h->t->buf[k - 1] == '\n' && h->t->buf[k - 2] == '\n'))
			rb_tbuf_gen(h->t, "\n", 1);
		else if (h->t->buf)
			h->t->buf[k] = '\0';
		return;
	}
	if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
		h->space = true;
		return;
	}
	if (name_in(name, blocks)) {
		block_break(h);
		if (strcasecmp(name, "pre") == 0)
			h->pre++;
	}
}

static void leave(html *h, const xmlNode *node)
{
	const char *name = (const char *)node->name;
	if (node->type != XML_ELEMENT_NODE || !name)
		return;
	if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
		h->space = true;
		return;
	}
	if (name_in(name, blocks)) {
		if (strcasecmp(name, "pre") == 0 && h->pre)
			h->pre--;
		block_break(h);
	}
}

/* A charset declared in the first 4 KB: "charset=" or "encoding=" inside
 * markup. */
static bool declares_charset(const char *s, size_t n)
{
	size_t m = n < 4096 ? n : 4096;
	for (size_t i = 0; i + 8 <= m; i++)
		if ((s[i] == 'c' || s[i] == 'C') && !strncasecmp(s + i, "charset", 7))
			return true;
		else if (s[i] == '<' && i + 5 < m && !strncmp(s + i, "<?xml", 5)) {
			const char *e = memchr(s + i, '>', m - i);
			size_t k = e ? (size_t)(e - s) : m;
			for (size_t j = i; j + 8 <= k; j++)
				if (!strncmp(s + j, "encoding", 8))
					return true;
		}
	return false;
}

static void walk(html *h, xmlDoc *doc, char **title)
{
	xmlNode *node = doc->children;
	while (node) {
		bool descend;
		enter(h, node, &descend, title);
		if (descend && node->children) {
			node = node->children;
			continue;
		}
		if (descend)
			leave(h, node);
		while (node && !node->next) {
			node = node->parent;
			if (!node || node == (xmlNode *)doc)
				return;
			leave(h, node);
		}
		node = node->next;
	}
}

bool rb_html_to_text(rb_tbuf *t, const char *b, size_t n, size_t src_base,
		     const char *encoding, bool exact, char **title)
{
	rb_formats_init();
	rb_xml_quiet_thread();
	if (title)
		*title = NULL;
	html h = { .t = t, .exact = exact, .base = src_base, .src = b, .n = n, .src_n = n };
	rb_tbuf dec = { 0 };
	if (!encoding && !declares_charset(b, n)) {
		bool bom = n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3);
		if (!bom && !(n >= 2 && ((unsigned char)b[0] == 0xFF || (unsigned char)b[0] == 0xFE))) {
			if (!rb_decode_text(&dec, b, n, 0, NULL)) {
				rb_tbuf_free(&dec);
				return false;
			}
			h.src = dec.buf ? dec.buf : "";
			h.n = dec.len;
			h.dmap = dec.map;
			h.n_dmap = dec.n_map;
			encoding = "UTF-8";
		}
	}
	if (n > INT32_MAX) {
		rb_tbuf_free(&dec);
		return false;
	}
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | XML_PARSE_HUGE;
	if (encoding)
		opts |= HTML_PARSE_IGNORE_ENC;  /* a <meta> must not convert twice */
	/* libxml2 out of memory stops the parse and returns what it has (or
	 * nothing) as if the page ended there: its last error says so, and
	 * the file is then out of memory, not a shorter page. */
	xmlResetLastError();
	xmlDoc *doc = htmlReadMemory(h.n ? h.src : " ", h.n ? (int)h.n : 1, NULL,
				     encoding, opts);
	const xmlError *e = xmlGetLastError();
	bool ok = !(e && e->code == XML_ERR_NO_MEMORY);
	if (doc && ok) {
		h.budget = 16 * (h.n + 1);
		if (exact && !index_lines(&h))
			ok = false;
		else
			walk(&h, doc, title);
	}
	xmlFreeDoc(doc);
	free(h.lines);
	rb_tbuf_free(&dec);
	return ok && !t->oom;
}

rb_status rb_read_html(const char *name, const char *b, size_t n,
		       rb_document *doc, char **err)
{
	rb_tbuf t = { 0 };
	char *title = NULL;
	doc->format = RB_FORMAT_HTML;
	bool ok = rb_html_to_text(&t, b, n, 0, NULL, true, &title);
	rb_tbuf_trim(&t);
	if (!ok || !rb_tbuf_finish(&t, doc)) {
		rb_tbuf_free(&t);
		free(title);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	doc->title = title;
	return RB_OK;
}
