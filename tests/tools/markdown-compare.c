/* markdown-compare: rubric's Markdown reader (lib/formats/markdown.c)
 * against a reader built on libcmark, the CommonMark reference parser, on
 * CommonMark's own spec examples (a spec.json: markdown, html, section).
 *
 *   markdown-compare SPEC.json [-v | -w rubric|cmark]
 *
 * For each example, the words a user can search (rubric's analyzer, no
 * stemming) of the spec's expected HTML (its text, and images' alt text)
 * against the words each reader extracts from the Markdown: an example is
 * read right when the two word sequences are equal.  And for each word a
 * reader extracts: its offset is exact when the source bytes at the
 * offset the reader maps it to spell that same word.  Prints one line a
 * reader, and per section with -v.
 *
 * The libcmark reader: every text-bearing node (text, code, code block,
 * HTML) in document order, blocks separated by blank lines; each literal
 * mapped to its source by walking the node's source range (cmark's
 * sourcepos, byte columns) byte by byte, a byte the source does not hold
 * (an entity's, an escape's) taking the position reached.
 */
#include <cmark.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "reader.h"

/* ---- the libcmark reader ---- */

typedef struct {
	const char *src;
	size_t n;
	size_t *line_start;   /* byte offset of each 1-based line */
	size_t n_lines;
} source;

static size_t offset_of(const source *s, int line, int column)
{
	if (line < 1 || (size_t)line > s->n_lines)
		return s->n;
	size_t off = s->line_start[line - 1] + (column > 0 ? (size_t)column - 1 : 0);
	return off < s->n ? off : s->n;
}

static size_t line_end(const source *s, size_t off)
{
	const char *nl = off < s->n ? memchr(s->src + off, '\n', s->n - off) : NULL;
	return nl ? (size_t)(nl - s->src) : s->n;
}

static size_t line_begin(const source *s, size_t off)
{
	while (off > 0 && s->src[off - 1] != '\n')
		off--;
	return off;
}

/* cmark 0.30 tells no fenced code block from an indented one: the
 * source does. */
static bool is_fence(const source *s, size_t off)
{
	for (int i = 0; i < 3 && off < s->n && s->src[off] == ' '; i++)
		off++;
	return off + 3 <= s->n && (!memcmp(s->src + off, "```", 3) || !memcmp(s->src + off, "~~~", 3));
}

/* Literal lit, mapped byte by byte into src[from, to): each byte to the
 * next source byte equal to it within a short look-ahead, else to where
 * the walk is.  cmark's inline columns can be off where it stripped a
 * line's indentation (a paragraph's continuation lines, lazy block quote
 * lines): the first byte is looked for from the reported column to the
 * line's end, then from the line's start. */
static bool starts_here(const source *s, size_t at, const char *lit, size_t m)
{
	return at + m <= s->n && !memcmp(s->src + at, lit, m);
}

static void put_aligned(rb_tbuf *t, const source *s, const char *lit, size_t from, size_t to)
{
	size_t at = from;
	/* where the literal's first bytes (at most 16, up to a newline) stand
	 * verbatim: at the reported column, else the first place on that
	 * line; else where its first byte does */
	size_t m = strcspn(lit, "\n");
	m = m > 16 ? 16 : m;
	if (m && !starts_here(s, at, lit, m)) {
		size_t begin = line_begin(s, from < s->n ? from : s->n), end = line_end(s, from), k;
		for (k = begin; k < end && !starts_here(s, k, lit, m); k++)
			;
		if (k == end)
			for (k = from; k < end && s->src[k] != *lit; k++)
				;
		if (k < end)
			at = k;
	}
	for (const char *p = lit; *p; p++) {
		size_t k = at;
		while (k < to && k < at + 16 && s->src[k] != *p)
			k++;
		if (k < to && s->src[k] == *p)
			at = k;
		rb_tbuf_put(t, p, 1, at);
		if (k < to && s->src[k] == *p)
			at++;
	}
}

static void read_cmark(const char *b, size_t n, rb_tbuf *t)
{
	source s = { .src = b, .n = n };
	s.line_start = malloc((n + 2) * sizeof *s.line_start);
	s.line_start[s.n_lines++] = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i] == '\n')
			s.line_start[s.n_lines++] = i + 1;
	cmark_node *doc = cmark_parse_document(b, n, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		size_t from = offset_of(&s, cmark_node_get_start_line(node),
					cmark_node_get_start_column(node));
		/* A block: to the end of its last line.  An inline node: cmark
		 * counts its columns on from its paragraph's first line (past a
		 * hard break, say), so its start is an offset into the whole
		 * source and its end is not to be trusted (see put_aligned). */
		int end_line = cmark_node_get_end_line(node);
		size_t to = type < CMARK_NODE_FIRST_INLINE && end_line >= cmark_node_get_start_line(node)
			    ? line_end(&s, offset_of(&s, end_line, 1)) : n;
		const char *literal = cmark_node_get_literal(node);
		if (type == CMARK_NODE_HTML_BLOCK && literal && from + strlen(literal) <= n &&
		    !memcmp(b + from, literal, strlen(literal)))
			to = from + strlen(literal);  /* its end may read 0:0 */
		if (type == CMARK_NODE_CODE_BLOCK && is_fence(&s, from))
			from = line_end(&s, from) + 1;  /* the text starts after the fence */
		if (ev == CMARK_EVENT_EXIT || type >= CMARK_NODE_FIRST_BLOCK) {
			if (type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK &&
			    (ev == CMARK_EVENT_EXIT || type == CMARK_NODE_CODE_BLOCK ||
			     type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_THEMATIC_BREAK))
				rb_tbuf_break(t);
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		const char *lit = cmark_node_get_literal(node);
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			put_aligned(t, &s, lit ? lit : "", from, to);
			if (type == CMARK_NODE_CODE_BLOCK)
				rb_tbuf_break(t);
			break;
		case CMARK_NODE_HTML_BLOCK:
			/* its text, as the HTML reader reads it, mapped exactly */
			rb_html_to_text(t, b + from, to - from, from, "UTF-8", true, NULL);
			rb_tbuf_break(t);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			rb_tbuf_gen(t, "\n", 1);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	free(s.line_start);
	rb_tbuf_trim(t);
}

/* ---- words ---- */

typedef struct {
	char **terms;
	size_t *start, *end;
	size_t n, cap;
} words;

static int add_word(const rb_token *tok, void *ctx)
{
	words *w = ctx;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->terms = realloc(w->terms, w->cap * sizeof *w->terms);
		w->start = realloc(w->start, w->cap * sizeof *w->start);
		w->end = realloc(w->end, w->cap * sizeof *w->end);
	}
	w->terms[w->n] = strndup(tok->term, tok->term_len);
	w->start[w->n] = tok->start;
	w->end[w->n] = tok->end;
	w->n++;
	return 0;
}

static void words_free(words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->terms[i]);
	free(w->terms);
	free(w->start);
	free(w->end);
	memset(w, 0, sizeof *w);
}

static rb_analyzer *analyzer;

static void words_of(const char *text, size_t len, words *w)
{
	uint32_t pos = 1;
	rb_analyze(analyzer, text, len, &pos, add_word, w);
}

static bool is_inline(const xmlNode *node)
{
	static const char *const names[] = {
		"a", "em", "strong", "code", "span", "b", "i", "s", "del", "ins", "sup", "sub",
		"kbd", "u", "q", "abbr", "cite", "small", "mark", "img", NULL
	};
	for (const char *const *n = names; *n; n++)
		if (!xmlStrcasecmp(node->name, (const xmlChar *)*n))
			return true;
	return false;
}

/* The expected HTML's text nodes and alt attributes, a space after each
 * block (inline elements join the words they split, as a browser shows). */
static void html_text(xmlNode *node, rb_tbuf *t)
{
	for (; node; node = node->next) {
		if (node->type == XML_TEXT_NODE && node->content) {
			rb_tbuf_gen(t, (const char *)node->content, strlen((const char *)node->content));
		} else if (node->type == XML_ELEMENT_NODE) {
			xmlChar *alt = xmlStrcasecmp(node->name, (const xmlChar *)"img") ? NULL
				       : xmlGetProp(node, (const xmlChar *)"alt");
			if (alt)
				rb_tbuf_gen(t, (const char *)alt, strlen((const char *)alt));
			xmlFree(alt);
			html_text(node->children, t);
			if (!is_inline(node))
				rb_tbuf_gen(t, " ", 1);
		}
	}
}

static bool same_words(const words *a, const words *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->terms[i], b->terms[i]))
			return false;
	return true;
}

static const char *show_inexact;   /* the reader whose inexact words to print */

/* Words each byte of which maps to a source byte of the same value (a
 * word joined across markup, "foo*bar*", is exact; one decoded from an
 * entity is not, in either reader). */
static size_t exact_words(const char *reader, const rb_document *d, const words *w,
			  const char *src, size_t n)
{
	size_t exact = 0;
	for (size_t i = 0; i < w->n; i++) {
		bool ok = true;
		for (size_t k = w->start[i]; k < w->end[i] && ok; k++) {
			size_t off = rb_document_source_offset(d, k);
			ok = off < n && src[off] == d->text[k];
		}
		exact += ok;
		if (!ok && show_inexact && !strcmp(show_inexact, reader))
			printf("  inexact: %.*s in %s\n", (int)(w->end[i] - w->start[i]),
			       d->text + w->start[i], src);
	}
	return exact;
}

typedef struct {
	size_t examples, right, words, exact, missing, extra;
} tally;

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Words of `want` that `got` lacks, and words of `got` that `want` lacks,
 * counted as multisets (order aside). */
static void differences(const words *want, const words *got, tally *t)
{
	char **a = malloc((want->n + 1) * sizeof *a), **b = malloc((got->n + 1) * sizeof *b);
	memcpy(a, want->terms, want->n * sizeof *a);
	memcpy(b, got->terms, got->n * sizeof *b);
	qsort(a, want->n, sizeof *a, by_string);
	qsort(b, got->n, sizeof *b, by_string);
	size_t i = 0, j = 0;
	while (i < want->n || j < got->n) {
		int c = i == want->n ? 1 : j == got->n ? -1 : strcmp(a[i], b[j]);
		if (c < 0)
			t->missing++, i++;
		else if (c > 0)
			t->extra++, j++;
		else
			i++, j++;
	}
	free(a);
	free(b);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: markdown-compare SPEC.json [-v]\n");
		return 2;
	}
	bool verbose = argc > 2 && !strcmp(argv[2], "-v");
	if (argc > 3 && !strcmp(argv[2], "-w"))
		show_inexact = argv[3];
	json_error_t jerr;
	json_t *spec = json_load_file(argv[1], 0, &jerr);
	if (!spec || !json_is_array(spec)) {
		fprintf(stderr, "markdown-compare: %s: %s\n", argv[1], jerr.text);
		return 2;
	}
	if (rb_analyzer_new("none", &analyzer, NULL))
		return 2;
	rb_formats_init();
	tally rubric = { 0 }, cm = { 0 };
	size_t i;
	json_t *ex;
	json_array_foreach(spec, i, ex) {
		const char *md = json_string_value(json_object_get(ex, "markdown"));
		const char *html = json_string_value(json_object_get(ex, "html"));
		const char *section = json_string_value(json_object_get(ex, "section"));
		if (!md || !html)
			continue;
		size_t n = strlen(md);
		/* expected */
		rb_tbuf et = { 0 };
		htmlDocPtr hd = htmlReadMemory(*html ? html : " ", *html ? (int)strlen(html) : 1,
					       NULL, "UTF-8",
					       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
					       HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		if (hd)
			html_text(xmlDocGetRootElement(hd), &et);
		xmlFreeDoc(hd);
		words want = { 0 };
		words_of(et.buf ? et.buf : "", et.len, &want);
		rb_tbuf_free(&et);
		/* rubric */
		rb_document d;
		words got = { 0 };
		if (rb_format_read("spec.md", md, n, RB_FORMAT_MARKDOWN, &d, NULL) == RB_OK) {
			words_of(d.text, d.text_len, &got);
			bool right = same_words(&want, &got);
			rubric.examples++;
			rubric.right += right;
			rubric.words += got.n;
			rubric.exact += exact_words("rubric", &d, &got, md, n);
			differences(&want, &got, &rubric);
			if (verbose && !right)
				printf("rubric wrong: example %d (%s)\n",
				       (int)json_integer_value(json_object_get(ex, "example")), section);
			rb_document_free(&d);
		}
		words_free(&got);
		/* libcmark */
		rb_tbuf ct = { 0 };
		read_cmark(md, n, &ct);
		rb_document cd = { 0 };
		rb_tbuf_finish(&ct, &cd);
		words_of(cd.text, cd.text_len, &got);
		bool right = same_words(&want, &got);
		cm.examples++;
		cm.right += right;
		cm.words += got.n;
		cm.exact += exact_words("cmark", &cd, &got, md, n);
		differences(&want, &got, &cm);
		if (verbose && !right)
			printf("cmark wrong: example %d (%s)\n",
			       (int)json_integer_value(json_object_get(ex, "example")), section);
		rb_document_free(&cd);
		words_free(&got);
		words_free(&want);
	}
	printf("reader           examples  words right    words  offsets exact   missing  extra\n");
	const tally *ts[] = { &rubric, &cm };
	for (int r = 0; r < 2; r++) {
		const tally *t = ts[r];
		char name[32];
		snprintf(name, sizeof name, r ? "libcmark %s" : "rubric", cmark_version_string());
		printf("%-15s  %8zu  %4zu (%4.1f%%)  %5zu  %5zu (%4.1f%%)  %7zu  %5zu\n", name,
		       t->examples, t->right, 100.0 * t->right / (t->examples ? t->examples : 1),
		       t->words, t->exact, 100.0 * t->exact / (t->words ? t->words : 1),
		       t->missing, t->extra);
	}
	rb_analyzer_free(analyzer);
	json_decref(spec);
	return 0;
}
