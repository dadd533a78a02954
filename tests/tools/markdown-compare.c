/* markdown-compare: rubric's Markdown reader (lib/formats/markdown.c) on
 * CommonMark's own spec examples (a spec.json: markdown, html, section).
 *
 *   markdown-compare SPEC.json [-v | -w]
 *
 * For each example, the words a user can search (rubric's analyzer, no
 * stemming) of the spec's expected HTML (its text, and images' alt text)
 * against the words the reader extracts from the Markdown: an example is
 * read right when the two word sequences are equal; words missing and
 * extra are counted as multisets.  And for each word the reader extracts:
 * its offsets are exact when each of its bytes maps to a source byte of
 * the same value (a word joined across markup, "foo*bar*", is exact; one
 * decoded from an entity is not).  -v names the examples read wrong, -w
 * the words whose offsets are not exact.
 *
 * This tool chose libcmark over the hand-written line reader rubric had
 * before: at commit f1820d5 it also held a libcmark reader, and measured
 * both (GUIDE.md, "Input formats").
 */
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "reader.h"

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

static bool show_inexact;

/* Words each byte of which maps to a source byte of the same value (a
 * word joined across markup, "foo*bar*", is exact; one decoded from an
 * entity is not, in either reader). */
static size_t exact_words(const rb_document *d, const words *w, const char *src, size_t n)
{
	size_t exact = 0;
	for (size_t i = 0; i < w->n; i++) {
		bool ok = true;
		for (size_t k = w->start[i]; k < w->end[i] && ok; k++) {
			size_t off = rb_document_source_offset(d, k);
			ok = off < n && src[off] == d->text[k];
		}
		exact += ok;
		if (!ok && show_inexact)
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
		fprintf(stderr, "usage: markdown-compare SPEC.json [-v | -w]\n");
		return 2;
	}
	bool verbose = argc > 2 && !strcmp(argv[2], "-v");
	show_inexact = argc > 2 && !strcmp(argv[2], "-w");
	json_error_t jerr;
	json_t *spec = json_load_file(argv[1], 0, &jerr);
	if (!spec || !json_is_array(spec)) {
		fprintf(stderr, "markdown-compare: %s: %s\n", argv[1], jerr.text);
		return 2;
	}
	if (rb_analyzer_new("none", &analyzer, NULL))
		return 2;
	rb_formats_init();
	tally t = { 0 };
	size_t i;
	json_t *ex;
	json_array_foreach(spec, i, ex) {
		const char *md = json_string_value(json_object_get(ex, "markdown"));
		const char *html = json_string_value(json_object_get(ex, "html"));
		if (!md || !html)
			continue;
		size_t n = strlen(md);
		rb_tbuf et = { 0 };
		htmlDocPtr hd = htmlReadMemory(*html ? html : " ", *html ? (int)strlen(html) : 1,
					       NULL, "UTF-8",
					       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
					       HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		if (hd)
			html_text(xmlDocGetRootElement(hd), &et);
		xmlFreeDoc(hd);
		words want = { 0 }, got = { 0 };
		words_of(et.buf ? et.buf : "", et.len, &want);
		rb_tbuf_free(&et);
		rb_document d;
		t.examples++;
		if (rb_format_read("spec.md", md, n, RB_FORMAT_MARKDOWN, &d, NULL) == RB_OK) {
			words_of(d.text, d.text_len, &got);
			bool right = same_words(&want, &got);
			t.right += right;
			t.words += got.n;
			t.exact += exact_words(&d, &got, md, n);
			differences(&want, &got, &t);
			if (verbose && !right)
				printf("wrong: example %d (%s)\n",
				       (int)json_integer_value(json_object_get(ex, "example")),
				       json_string_value(json_object_get(ex, "section")));
			rb_document_free(&d);
		}
		words_free(&got);
		words_free(&want);
	}
	printf("examples  words right    words  offsets exact   missing  extra\n");
	printf("%8zu  %4zu (%4.1f%%)  %5zu  %5zu (%4.1f%%)  %7zu  %5zu\n",
	       t.examples, t.right, 100.0 * t.right / (t.examples ? t.examples : 1),
	       t.words, t.exact, 100.0 * t.exact / (t.words ? t.words : 1), t.missing, t.extra);
	rb_analyzer_free(analyzer);
	json_decref(spec);
	return 0;
}
