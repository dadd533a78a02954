/* The format readers: detection, plain text and its encodings, Markdown,
 * HTML and mail (real SpamAssassin messages in tests/data/formats/), the
 * offset maps back into the source, malformed input, and threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "formats/format.h"

typedef struct {
	char *bytes;
	size_t len;
} file;

static file load(const char *name)
{
	const char *top = getenv("RUBRIC_TOP");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/data/formats/%s", top ? top : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the top folder or set RUBRIC_TOP)", path);
	file r = { malloc(1 << 20), 0 };
	assert_non_null(r.bytes);
	r.len = fread(r.bytes, 1, 1 << 20, f);
	fclose(f);
	return r;
}

static void read_ok(const char *name, const char *b, size_t n, rb_format forced,
		    rb_document *doc)
{
	char *err = NULL;
	rb_status st = rb_format_read(name, b, n, forced, doc, &err);
	if (st != RB_OK)
		fail_msg("%s: %s", name, err ? err : "failed");
}

static rb_document read_file(const char *name, file *f)
{
	rb_document doc;
	*f = load(name);
	read_ok(name, f->bytes, f->len, RB_FORMAT_AUTO, &doc);
	return doc;
}

static void assert_has(const rb_document *d, const char *want)
{
	if (!strstr(d->text, want))
		fail_msg("text lacks \"%s\":\n%s", want, d->text);
}

static void assert_lacks(const rb_document *d, const char *bad)
{
	if (strstr(d->text, bad))
		fail_msg("text holds \"%s\":\n%s", bad, d->text);
}

static const char *field_in(const rb_field *fields, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fields[i].name, name))
			return fields[i].value;
	return NULL;
}

static const char *field(const rb_document *d, const char *name)
{
	return field_in(d->fields, d->n_fields, name);
}

/* The word's first occurrence in the text maps to the same bytes in the
 * source (src_word: how the source spells it, NULL when the same). */
static void assert_maps(const rb_document *d, const file *f, const char *word,
			const char *src_word)
{
	const char *at = strstr(d->text, word);
	if (!at)
		fail_msg("text lacks \"%s\"", word);
	size_t off = rb_document_source_offset(d, (size_t)(at - d->text));
	const char *w = src_word ? src_word : word;
	size_t n = strlen(w);
	if (off + n > f->len || memcmp(f->bytes + off, w, n))
		fail_msg("\"%s\" maps to source offset %zu: \"%.*s\"", word, off,
			 (int)(off < f->len ? (f->len - off < 20 ? f->len - off : 20) : 0),
			 f->bytes + (off < f->len ? off : 0));
}

static void assert_map_sane(const rb_document *d, size_t src_len)
{
	assert_true(d->n_map >= 1);
	assert_int_equal(d->map[0].text_off, 0);
	for (size_t i = 0; i < d->n_map; i++) {
		assert_true(d->map[i].src_off <= src_len);
		assert_true(d->map[i].text_off <= d->text_len);
		if (i)
			assert_true(d->map[i].text_off > d->map[i - 1].text_off);
	}
	assert_int_equal(strlen(d->text), d->text_len);
}

/* ---- names and detection ---- */

static void test_names(void **state)
{
	(void)state;
	for (int f = RB_FORMAT_AUTO; f <= RB_FORMAT_BINARY; f++)
		assert_int_equal(rb_format_from_name(rb_format_name((rb_format)f)), f);
	assert_int_equal(rb_format_from_name("md"), RB_FORMAT_MARKDOWN);
	assert_int_equal(rb_format_from_name("nonsense"), -1);
	assert_string_equal(rb_format_name(RB_FORMAT_MAIL), "mail");
}

static rb_format detect(const char *name, const char *b, size_t n)
{
	rb_document d;
	read_ok(name, b, n, RB_FORMAT_AUTO, &d);
	rb_format f = d.format;
	rb_document_free(&d);
	return f;
}

#define DETECT(name, s) detect(name, s, sizeof s - 1)

static void test_detect(void **state)
{
	(void)state;
	/* Content first. */
	assert_int_equal(DETECT("a.txt", "From someone@example.org  Thu Aug 22 12:36:23 2002\n"
				"Return-Path: <x@example.org>\nSubject: hi\n\nbody\n"),
			 RB_FORMAT_MAIL);
	assert_int_equal(DETECT("noext", "Received: from a by b\n\tfor c\nFrom: A <a@b.c>\n"
				"Subject: s\nMessage-ID: <1@b.c>\n\nbody\n"),
			 RB_FORMAT_MAIL);
	assert_int_equal(DETECT("notes.txt", "Subject: notes\n\nonly one header is not mail\n"),
			 RB_FORMAT_TEXT);
	assert_int_equal(DETECT("a.txt", "\n  <!DOCTYPE html><html><body>x</body></html>"),
			 RB_FORMAT_HTML);
	assert_int_equal(DETECT("a.md", "<HTML><HEAD><TITLE>t</TITLE></HEAD></HTML>"),
			 RB_FORMAT_HTML);
	assert_int_equal(DETECT("a.txt", "\x89PNG\r\n\x1a\nrest"), RB_FORMAT_BINARY);
	/* read as PDF, and skipped: a header alone is a damaged PDF */
	assert_int_equal(DETECT("a.txt", "%PDF-1.4\n"), RB_FORMAT_BINARY);
	assert_int_equal(DETECT("a.md", "\x1f\x8b\x08\x00"), RB_FORMAT_BINARY);
	assert_int_equal(DETECT("a.txt", "PK\x03\x04zip"), RB_FORMAT_BINARY);
	assert_int_equal(DETECT("a.txt", "text\0with a NUL"), RB_FORMAT_BINARY);
	assert_int_equal(DETECT("a.txt", "\x01\x02\x03\x04\x05\x06 ctl bytes \x07\x08"),
			 RB_FORMAT_BINARY);
	/* UTF-16 text holds NUL bytes but is text. */
	assert_int_equal(DETECT("a.txt", "\xff\xfeh\0i\0\n\0"), RB_FORMAT_TEXT);
	/* Then the extension. */
	assert_int_equal(DETECT("dir.md/README.MD", "# Title\n"), RB_FORMAT_MARKDOWN);
	assert_int_equal(DETECT("x.markdown", "text"), RB_FORMAT_MARKDOWN);
	assert_int_equal(DETECT("page.htm", "just <b>text</b>"), RB_FORMAT_HTML);
	assert_int_equal(DETECT("m.eml", "not really headers"), RB_FORMAT_MAIL);
	assert_int_equal(DETECT("a.txt", "# not markdown"), RB_FORMAT_TEXT);
	assert_int_equal(DETECT("Makefile", "all:\n"), RB_FORMAT_TEXT);
	assert_int_equal(DETECT("a.txt", ""), RB_FORMAT_TEXT);

	/* A binary file: RB_OK, no text, a note. */
	rb_document d;
	read_ok("img.png", "\x89PNG\r\n\x1a\n\0\0", 10, RB_FORMAT_AUTO, &d);
	assert_int_equal(d.format, RB_FORMAT_BINARY);
	assert_null(d.text);
	assert_string_equal(d.note, "binary file");
	rb_document_free(&d);

	/* forced skips detection. */
	const char *html = "<html><body><p>x</p></body></html>";
	read_ok("a.html", html, strlen(html), RB_FORMAT_TEXT, &d);
	assert_int_equal(d.format, RB_FORMAT_TEXT);
	assert_string_equal(d.text, html);
	rb_document_free(&d);
	read_ok("a.txt", "*x*", 3, RB_FORMAT_MARKDOWN, &d);
	assert_int_equal(d.format, RB_FORMAT_MARKDOWN);
	assert_string_equal(d.text, "x");
	rb_document_free(&d);
}

/* ---- plain text ---- */

static void test_text_utf8(void **state)
{
	(void)state;
	const char *s = "Élysée palace\n\nSecond — paragraph\n";
	rb_document d;
	read_ok("a.txt", s, strlen(s), RB_FORMAT_AUTO, &d);
	assert_int_equal(d.format, RB_FORMAT_TEXT);
	assert_string_equal(d.text, s);
	assert_null(d.title);
	assert_int_equal(d.n_map, 1);
	assert_int_equal(d.map[0].text_off, 0);
	assert_int_equal(d.map[0].src_off, 0);
	assert_int_equal(rb_document_source_offset(&d, 10), 10);
	rb_document_free(&d);

	/* A BOM is dropped; the map accounts for it. */
	const char *b = "\xEF\xBB\xBFhello world";
	read_ok("b.txt", b, strlen(b), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.text, "hello world");
	assert_int_equal(d.n_map, 1);
	assert_int_equal(d.map[0].src_off, 3);
	assert_int_equal(rb_document_source_offset(&d, 6), 9);
	rb_document_free(&d);

	/* Empty input. */
	read_ok("e.txt", "", 0, RB_FORMAT_AUTO, &d);
	assert_string_equal(d.text, "");
	assert_int_equal(d.text_len, 0);
	rb_document_free(&d);
}

static void test_text_latin1(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("latin1.txt", &f);
	assert_int_equal(d.format, RB_FORMAT_TEXT);
	assert_has(&d, "Café crème brûlée\n\nLe naïve garçon € euro, “quotes”.\nplain line");
	assert_lacks(&d, "\xEF\xBF\xBD");
	assert_map_sane(&d, f.len);
	assert_maps(&d, &f, "Caf", NULL);
	assert_maps(&d, &f, "garçon", "gar\xE7on");
	assert_maps(&d, &f, "çon", "\xE7on");
	assert_maps(&d, &f, "on €", "on \x80");
	assert_maps(&d, &f, "euro", NULL);
	assert_maps(&d, &f, "plain line", NULL);
	rb_document_free(&d);
	free(f.bytes);
}

static void test_text_mixed(void **state)
{
	(void)state;
	/* Mostly UTF-8 with one stray Latin-1 byte: both read right. */
	const char *s = "déjà vu, naïve, Zürich, São Paulo, \xE9t\xE9 x";
	rb_document d;
	read_ok("m.txt", s, strlen(s), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.text, "déjà vu, naïve, Zürich, São Paulo, été x");
	file f = { (char *)s, strlen(s) };
	assert_maps(&d, &f, "t\xC3\xA9 x", "t\xE9 x");
	assert_maps(&d, &f, "São", NULL);
	rb_document_free(&d);

	/* UTF-16LE with a BOM: converted, offsets per line. */
	const char u16[] = "\xFF\xFE" "h\0\xE9\0\n\0l\0i\0n\0e\0";
	read_ok("u.txt", u16, sizeof u16 - 1, RB_FORMAT_AUTO, &d);
	assert_string_equal(d.text, "hé\nline");
	assert_int_equal(rb_document_source_offset(&d, 0), 2);
	assert_int_equal(rb_document_source_offset(&d, 4), 8);
	rb_document_free(&d);

	/* Invalid everywhere and not Latin-looking: still valid UTF-8 out. */
	const char junk[] = "\xC3\x28\xA0\xA1\xE2\x28\xA1\xF0\x28\x8C\xBC\xFE\xFF\xFF";
	read_ok("j.txt", junk, sizeof junk - 1, RB_FORMAT_TEXT, &d);
	assert_true(d.text_len > 0);
	rb_document_free(&d);
}

/* ---- Markdown ---- */

static void test_markdown(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("guide.md", &f);
	assert_int_equal(d.format, RB_FORMAT_MARKDOWN);
	assert_string_equal(d.title, "Rubric Field Guide");
	assert_map_sane(&d, f.len);
	assert_has(&d, "Rubric finds passages, not just files: see the manual\n"
		   "and the diagram of the pipeline.\nA snake_case_name stays whole; "
		   "2 * 3 = 6 stays too.");
	assert_has(&d, "Rubric Field Guide\n\n");
	assert_has(&d, "\n\nInstalling\n\n");
	assert_has(&d, "Run make deps first.\nThen build it:\nwith make\nand test it");
	/* a quote inside a quote is a block of its own (CommonMark) */
	assert_has(&d, "Quoted wisdom: search is\n\nnested here.");
	assert_has(&d, "int main(void) { return **argv; }");
	assert_has(&d, "indented code_block keeps *stars*");
	assert_has(&d, "cell one");
	assert_has(&d, "Setext heading\n\n");
	assert_has(&d, "Entities: café & Tom <3 été inline html\n");
	assert_has(&d, "Autolink https://example.org/auto and *escaped stars*.");
	assert_has(&d, "Last paragraph struck words.");
	assert_lacks(&d, "**passages");
	assert_lacks(&d, "](");
	assert_lacks(&d, "# ");
	assert_lacks(&d, "```");
	assert_lacks(&d, "<span");
	assert_lacks(&d, "|");
	assert_lacks(&d, "layout");
	assert_lacks(&d, "spans lines");
	assert_lacks(&d, "[manual]");
	assert_lacks(&d, "~~");
	/* Blank lines of the source are still there: paragraphs split. */
	assert_has(&d, "stays too.\n\n");
	/* Every word maps back to itself in the source. */
	const char *words[] = { "Rubric finds", "passages", "manual", "diagram",
				"snake_case_name", "Installing", "deps", "wisdom", "nested",
				"return **argv", "indented code_block", "cell two", "Setext",
				"Tom", "example.org/auto", "Last paragraph", "struck", NULL };
	for (const char **w = words; *w; w++)
		assert_maps(&d, &f, *w, NULL);
	assert_maps(&d, &f, "café", "caf&eacute;");
	assert_maps(&d, &f, "*escaped", NULL);  /* the '*' after the '\\' */
	rb_document_free(&d);
	free(f.bytes);

	/* No heading: the front matter's title; none at all: NULL. */
	const char *fm = "---\ntitle: 'From YAML'\ntags: [a]\n---\nBody *text*.\n";
	read_ok("f.md", fm, strlen(fm), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.title, "From YAML");
	assert_has(&d, "Body text.");
	assert_lacks(&d, "tags");
	rb_document_free(&d);
	read_ok("n.md", "just text\n", 10, RB_FORMAT_AUTO, &d);
	assert_null(d.title);
	assert_string_equal(d.text, "just text");
	rb_document_free(&d);

	/* A Latin-1 Markdown file: converted, offsets still exact. */
	const char *l1 = "# Caf\xE9\n\n*Cr\xE8me* br\xFBl\xE9\x65 here\n";
	file lf = { (char *)l1, strlen(l1) };
	read_ok("l.md", l1, strlen(l1), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.title, "Café");
	assert_has(&d, "Crème brûlée here");
	assert_maps(&d, &lf, "me br", "me* br");
	assert_maps(&d, &lf, "here", NULL);
	rb_document_free(&d);
}

/* ---- HTML ---- */

static void test_html(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("page.html", &f);
	assert_int_equal(d.format, RB_FORMAT_HTML);
	assert_string_equal(d.title, "The Élysée page");
	assert_map_sane(&d, f.len);
	assert_has(&d, "Main heading\n\nFirst paragraph with bold and a link, spread over "
		   "two lines.\n\nCafé & crème — entities decoded.\n\n");
	assert_has(&d, "\n\nitem one\n\nitem two\n\n");
	assert_has(&d, "cell A cell B\n\ncell C");
	assert_has(&d, "line one\nline two\n\nafter break");
	assert_has(&d, "  keep   this\n    spacing");
	assert_has(&d, "Uniqueword at the end.");
	assert_lacks(&d, "hiddenScriptWord");
	assert_lacks(&d, "hidden-style-word");
	assert_lacks(&d, "noscriptword");
	assert_lacks(&d, "templateword");
	assert_lacks(&d, "tooltip");
	assert_lacks(&d, "Élysée");  /* the title is not in the text */
	assert_lacks(&d, "<");
	assert_lacks(&d, "\n\n\n");
	const char *words[] = { "Main heading", "First paragraph", "bold", "a link",
				"spread", "two lines", "entities", "item two", "cell C",
				"line two", "after break", "keep", "spacing", "Uniqueword", NULL };
	for (const char **w = words; *w; w++)
		assert_maps(&d, &f, *w, NULL);
	rb_document_free(&d);
	free(f.bytes);

	/* A declared charset (http-equiv) is honoured. */
	d = read_file("latin1.html", &f);
	assert_string_equal(d.title, "Déjà vu");
	assert_string_equal(d.text, "Straße und München");
	assert_maps(&d, &f, "und", NULL);
	rb_document_free(&d);
	free(f.bytes);

	/* Nothing declared and not UTF-8: guessed (Windows-1252). */
	const char *g = "<html><body><p>na\xEFve</p><p>gar\xE7on</p></body></html>";
	read_ok("g.html", g, strlen(g), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.text, "naïve\n\ngarçon");
	rb_document_free(&d);
}

/* ---- mail ---- */

static void no_fffd(const rb_document *d)
{
	assert_lacks(d, "\xEF\xBF\xBD");
}

static void test_mail_qp(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("mail-qp-latin1.eml", &f);
	assert_int_equal(d.format, RB_FORMAT_MAIL);
	assert_string_equal(d.title, "investment");
	assert_string_equal(field(&d, "subject"), "investment");
	assert_string_equal(field(&d, "from"), "jh hk <hk.jh@caramail.com>");
	assert_string_equal(field(&d, "to"), "karimu_helina@hotvoice.com");
	assert_string_equal(field(&d, "date"), "2002-08-23T22:46:34+00:00");
	/* "Boîte" is "Bo=EEte" in the source. */
	assert_has(&d, "Boîte");
	assert_null(memmem(f.bytes, f.len, "Boîte", strlen("Boîte")));
	assert_has(&d, "ATTN: President,");
	assert_lacks(&d, "Content-Type");
	assert_lacks(&d, "=20");
	no_fffd(&d);
	assert_map_sane(&d, f.len);
	assert_maps(&d, &f, "ATTN: President", NULL);  /* the part's start */
	rb_document_free(&d);
	free(f.bytes);
}

static void test_mail_8bit_latin1(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("mail-8bit-latin1.eml", &f);
	assert_string_equal(d.title, "[ILUG] SUSE 8 disks?");
	assert_has(&d, "français");
	no_fffd(&d);
	assert_map_sane(&d, f.len);
	/* Sent as is: offsets are exact, through the conversion. */
	assert_maps(&d, &f, "français", "fran\xE7" "ais");
	assert_maps(&d, &f, "ais", "ais");
	rb_document_free(&d);
	free(f.bytes);
}

static void test_mail_base64(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("mail-base64.eml", &f);
	assert_string_equal(d.title, "The instant drugstore 6537DW-6");
	assert_has(&d, "From the privacy of your home");
	assert_has(&d, "Doctor office visits not required");
	assert_null(memmem(f.bytes, f.len, "privacy", 7));  /* only base64 there */
	no_fffd(&d);
	assert_map_sane(&d, f.len);
	/* The text maps to the part's body (after the blank line that ends
	 * its headers; here the body begins with one more empty line). */
	const char *body = memmem(f.bytes, f.len, "base64\n\n\nKCVyYW5kJSkNCg", 23);
	assert_non_null(body);
	assert_int_equal(rb_document_source_offset(&d, 0), (size_t)(body - f.bytes) + 8);
	rb_document_free(&d);
	free(f.bytes);
}

static void test_mail_html(void **state)
{
	(void)state;
	file f;
	rb_document d = read_file("mail-html-only.eml", &f);
	assert_string_equal(d.title, "Legal advice for only pennies");
	assert_has(&d, "Fix your Bad Credit NOW! Simply Click Here and fill out the form.");
	assert_has(&d, "Click here and send an email to stop all future offers");
	assert_lacks(&d, "<");
	assert_lacks(&d, "\n\n\n");
	assert_map_sane(&d, f.len);
	rb_document_free(&d);
	free(f.bytes);
}

static void test_mail_headers(void **state)
{
	(void)state;
	file f;
	/* RFC 2047 in Big5 (B) and ISO-8859-1 (Q). */
	rb_document d = read_file("mail-big5-subject.eml", &f);
	assert_string_equal(d.title, "拾金不昧~~別傻了~~");
	assert_string_equal(field(&d, "from"), "易易生活網 <ee@enews.com.tw>");
	assert_string_equal(d.text, "");  /* an iframe only */
	rb_document_free(&d);
	free(f.bytes);

	d = read_file("mail-2047-latin1.eml", &f);
	assert_string_equal(d.title, "Re: RE: [zzzzteana] Sitting Bull über alles [Long]");
	assert_string_equal(field(&d, "date"), "2002-12-01T18:42:59-05:00");
	assert_maps(&d, &f, "germano-Indian fascination", NULL);
	assert_maps(&d, &f, "German Klingons", NULL);
	no_fffd(&d);
	rb_document_free(&d);
	free(f.bytes);

	/* multipart/alternative: text/plain wins over text/html. */
	d = read_file("mail-alternative.eml", &f);
	assert_string_equal(field(&d, "from"), "Loveimpact <lvi300702@free.fr>");
	assert_has(&d, "Vous recevez cet e-mail en tant qu'abonné à Oktomail");
	assert_has(&d, "Pour ne plus être contacté");
	assert_lacks(&d, "Metisse");  /* only in the HTML part */
	no_fffd(&d);
	assert_maps(&d, &f, "abonné à Oktomail", "abonn\xE9 \xE0 Oktomail");
	assert_maps(&d, &f, "Oktomail", NULL);
	rb_document_free(&d);
	free(f.bytes);
}

static void test_mail_built(void **state)
{
	(void)state;
	/* Undeclared 8-bit bytes, mixed parts, a non-text attachment. */
	const char *m =
		"From: =?utf-8?q?J=C3=BCrgen?= <j@example.org>\n"
		"To: a@example.org, \"B, C\" <b@example.org>\n"
		"Subject: caf\xE9 \xE0 Paris\n"
		"Date: not a date\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=XX\n\n"
		"preamble\n--XX\n"
		"Content-Type: text/plain\n\n"
		"first part: na\xEFve\n"
		"--XX\n"
		"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
		"iVBORw0KGgo=\n"
		"--XX\n"
		"Content-Type: text/plain; charset=utf-8\nContent-Disposition: attachment\n\n"
		"second part: \xC3\xA9t\xC3\xA9\n"
		"--XX--\n";
	rb_document d;
	read_ok("built.eml", m, strlen(m), RB_FORMAT_AUTO, &d);
	assert_int_equal(d.format, RB_FORMAT_MAIL);
	assert_string_equal(d.title, "café à Paris");
	assert_string_equal(field(&d, "from"), "Jürgen <j@example.org>");
	assert_non_null(strstr(field(&d, "to"), "b@example.org"));
	assert_string_equal(field(&d, "date"), "not a date");
	assert_string_equal(d.text, "first part: naïve\n\nsecond part: été");
	file f = { (char *)m, strlen(m) };
	assert_maps(&d, &f, "first part", NULL);
	assert_maps(&d, &f, "second part: ", NULL);
	assert_maps(&d, &f, "ve\n", "ve\n");
	rb_document_free(&d);

	/* An mbox of two messages: both bodies, each message with its own
	 * title, fields and date, starting where its body starts. */
	const char *mbox = "From a@b Thu Aug 22 12:36:23 2002\nFrom: a@b\nSubject: one\n"
			   "Date: Thu, 22 Aug 2002 12:36:23 +0000\n\n"
			   "body one\n\nFrom c@d Thu Aug 22 12:36:24 2002\nFrom: c@d\n"
			   "Subject: two\n\nbody two\n";
	read_ok("x.mbox", mbox, strlen(mbox), RB_FORMAT_AUTO, &d);
	assert_null(d.title);
	assert_int_equal(d.n_fields, 0);
	assert_int_equal(d.n_messages, 2);
	assert_has(&d, "body one");
	assert_has(&d, "body two");
	size_t one = (size_t)(strstr(d.text, "body one") - d.text);
	size_t two = (size_t)(strstr(d.text, "body two") - d.text);
	assert_true(d.messages[0].text_start <= one);
	assert_true(d.messages[1].text_start > one && d.messages[1].text_start <= two);
	assert_string_equal(d.messages[0].title, "one");
	assert_string_equal(d.messages[1].title, "two");
	assert_string_equal(field_in(d.messages[0].fields, d.messages[0].n_fields, "from"), "a@b");
	assert_string_equal(field_in(d.messages[1].fields, d.messages[1].n_fields, "from"), "c@d");
	assert_true(d.messages[0].has_date);
	assert_int_equal(d.messages[0].date, 1030019783);   /* 2002-08-22 12:36:23 UTC */
	assert_false(d.messages[1].has_date);
	rb_document_free(&d);

	/* An mbox of one message is that message. */
	const char *one_msg = "From a@b Thu Aug 22 12:36:23 2002\nFrom: a@b\nSubject: alone\n\n"
			      "only body\n";
	read_ok("y.mbox", one_msg, strlen(one_msg), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.title, "alone");
	assert_string_equal(field(&d, "from"), "a@b");
	assert_int_equal(d.n_messages, 0);
	rb_document_free(&d);
}

/* ---- bad input ---- */

/* A ustar member: its 512-byte header (checksum computed), then its bytes
 * padded to 512, into out at *at. */
static void tar_member(char *out, size_t *at, const char *name, const char *data)
{
	char *h = out + *at;
	size_t n = strlen(data);
	memset(h, 0, 512);
	strcpy(h, name);
	strcpy(h + 100, "0000644");
	snprintf(h + 124, 12, "%011o", (unsigned)n);
	strcpy(h + 136, "00000000000");
	h[156] = '0';
	memcpy(h + 257, "ustar\0" "00", 8);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	memcpy(h + 512, data, n);
	*at += 512 + (n + 511) / 512 * 512;
}

static void test_archive_tar(void **state)
{
	(void)state;
	static char tar[512 * 8];
	size_t at = 0;
	memset(tar, 0, sizeof tar);
	tar_member(tar, &at, "./notes.txt", "First line\nThe otter swims\n");
	tar_member(tar, &at, "page.html", "<title>T</title><p>A heron &amp; a weir</p>");
	tar_member(tar, &at, "blob.bin", "\x7f" "ELF\x01\x02");
	assert_int_equal(detect("x.dat", tar, sizeof tar), RB_FORMAT_ARCHIVE);
	rb_document d;
	read_ok("x.tar", tar, sizeof tar, RB_FORMAT_AUTO, &d);
	assert_int_equal(d.format, RB_FORMAT_ARCHIVE);
	assert_int_equal(d.text_len, 0);
	/* the binary member left out; "./" dropped from the name */
	assert_int_equal(d.n_subdocs, 2);
	assert_string_equal(d.subdocs[0].name, "notes.txt");
	assert_string_equal(d.subdocs[1].name, "page.html");
	const rb_document *t = d.subdocs[0].doc, *h = d.subdocs[1].doc;
	assert_int_equal(t->format, RB_FORMAT_TEXT);
	assert_memory_equal(t->text, "First line\nThe otter swims", 26);
	/* lines are counted in the member's bytes, kept as its source */
	assert_int_equal(t->inflated_len, strlen("First line\nThe otter swims\n"));
	assert_int_equal(h->format, RB_FORMAT_HTML);
	assert_string_equal(h->title, "T");
	assert_string_equal(h->text, "A heron & a weir");
	rb_document_free(&d);
	/* --format text reads the tar as text (a binary file then) */
	read_ok("x.tar", tar, sizeof tar, RB_FORMAT_TEXT, &d);
	assert_int_equal(d.n_subdocs, 0);
	rb_document_free(&d);
}

static void test_mail_attachment(void **state)
{
	(void)state;
	const char *m =
		"From: Alice <a@example.org>\nSubject: Notes\n"
		"Date: Thu, 22 Aug 2002 12:36:18 +0000\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n"
		"--XX\nContent-Type: text/plain\n\nthe body\n"
		"--XX\nContent-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\n"
		"attached words\n"
		"--XX\nContent-Type: image/png\nContent-Disposition: attachment; filename=p.png\n"
		"Content-Transfer-Encoding: base64\n\niVBORw0KGgoAAAAA\n"
		"--XX--\n";
	rb_document d;
	read_ok("m.eml", m, strlen(m), RB_FORMAT_AUTO, &d);
	assert_string_equal(d.text, "the body");
	assert_string_equal(field(&d, "attachment"), "notes.txt, p.png");
	assert_int_equal(d.n_subdocs, 1);    /* the image is no text */
	const rb_document *a = d.subdocs[0].doc;
	assert_string_equal(d.subdocs[0].name, "notes.txt");
	assert_string_equal(a->text, "attached words");
	assert_string_equal(a->title, "Notes");
	assert_string_equal(field(a, "from"), "Alice <a@example.org>");
	assert_string_equal(field(a, "attachment"), "notes.txt, p.png");
	assert_true(a->has_date);
	assert_int_equal(a->date, 1030019778);
	rb_document_free(&d);
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(hl + ul * times + tl + 1);
	memcpy(s, head, hl);
	for (size_t i = 0; i < times; i++)
		memcpy(s + hl + i * ul, unit, ul);
	memcpy(s + hl + ul * times, tail, tl + 1);
	return s;
}

static void test_malformed(void **state)
{
	(void)state;
	struct {
		const char *name, *head, *unit;
		size_t times;
		rb_format f;
	} cases[] = {
		{ "brackets.md", "", "[", 200000, RB_FORMAT_MARKDOWN },
		{ "links.md", "", "[a](", 100000, RB_FORMAT_MARKDOWN },
		{ "ticks.md", "", "`a", 100000, RB_FORMAT_MARKDOWN },
		{ "fence.md", "```\n", "code *x*\n", 50000, RB_FORMAT_MARKDOWN },
		{ "stars.md", "", "*_~", 100000, RB_FORMAT_MARKDOWN },
		{ "tags.md", "", "<a<", 100000, RB_FORMAT_MARKDOWN },
		{ "ents.md", "", "&#x", 100000, RB_FORMAT_MARKDOWN },
		{ "deep.html", "<html><body>", "<div>", 100000, RB_FORMAT_HTML },
		{ "lt.html", "<html>", "<<a b=\"", 50000, RB_FORMAT_HTML },
		{ "words.html", "<html><body>", "&amp;x ", 200000, RB_FORMAT_HTML },
		{ "comment.html", "<html><body><!--", "x", 100000, RB_FORMAT_HTML },
		{ "nest.eml", "Content-Type: multipart/mixed; boundary=a\n\n--a\n",
		  "Content-Type: multipart/mixed; boundary=b\n\n--b\n", 5000, RB_FORMAT_MAIL },
		{ "hdr.eml", "Subject: ", "=?utf-8?q?=C3?= ", 20000, RB_FORMAT_MAIL },
		{ "trunc.eml", "Content-Type: multipart/alternative; boundary=z\n\n",
		  "--z\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPGI+",
		  2000, RB_FORMAT_MAIL },
		{ "long.txt", "", "\xE9\xE8 ", 300000, RB_FORMAT_TEXT },
		{ "sjis.txt", "", "\x82\xA0\x82\xA2\x82", 100000, RB_FORMAT_TEXT },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = repeat(cases[i].head, cases[i].unit, cases[i].times, "");
		clock_t t0 = clock();
		rb_document d;
		read_ok(cases[i].name, s, strlen(s), cases[i].f, &d);
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		if (secs > 10)
			fail_msg("%s took %.1f s", cases[i].name, secs);
		assert_int_equal(d.format, cases[i].f);
		assert_map_sane(&d, strlen(s));
		rb_document_free(&d);
		free(s);
	}
	/* Every prefix of a real message reads. */
	file f = load("mail-alternative.eml");
	for (size_t n = 0; n < f.len; n += 97) {
		rb_document d;
		read_ok("prefix.eml", f.bytes, n, RB_FORMAT_MAIL, &d);
		assert_map_sane(&d, n);
		rb_document_free(&d);
	}
	free(f.bytes);
	/* Invalid arguments. */
	rb_document d;
	char *err = NULL;
	assert_int_equal(rb_format_read("x", NULL, 5, RB_FORMAT_AUTO, &d, &err), RB_ERR_INVALID);
	free(err);
	assert_int_equal(rb_document_source_offset(NULL, 7), 7);
}

/* ---- threads ---- */

static const char *const samples[] = {
	"guide.md", "page.html", "latin1.txt", "latin1.html", "mail-qp-latin1.eml",
	"mail-8bit-latin1.eml", "mail-base64.eml", "mail-html-only.eml",
	"mail-big5-subject.eml", "mail-2047-latin1.eml", "mail-alternative.eml",
};
#define N_SAMPLES (sizeof samples / sizeof *samples)

typedef struct {
	file *files;
	char **want;
	int mismatches;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	for (int round = 0; round < 20; round++)
		for (size_t i = 0; i < N_SAMPLES; i++) {
			rb_document d;
			if (rb_format_read(samples[i], j->files[i].bytes, j->files[i].len,
					   RB_FORMAT_AUTO, &d, NULL) != RB_OK ||
			    strcmp(d.text, j->want[i]))
				j->mismatches++;
			rb_document_free(&d);
		}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	file files[N_SAMPLES];
	char *want[N_SAMPLES];
	for (size_t i = 0; i < N_SAMPLES; i++) {
		rb_document d = read_file(samples[i], &files[i]);
		want[i] = strdup(d.text);
		rb_document_free(&d);
	}
	pthread_t th[6];
	job jobs[6];
	for (int i = 0; i < 6; i++) {
		jobs[i] = (job){ files, want, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].mismatches, 0);
	}
	for (size_t i = 0; i < N_SAMPLES; i++) {
		free(want[i]);
		free(files[i].bytes);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_text_utf8),
		cmocka_unit_test(test_text_latin1),
		cmocka_unit_test(test_text_mixed),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_mail_qp),
		cmocka_unit_test(test_mail_8bit_latin1),
		cmocka_unit_test(test_mail_base64),
		cmocka_unit_test(test_mail_html),
		cmocka_unit_test(test_mail_headers),
		cmocka_unit_test(test_mail_built),
		cmocka_unit_test(test_archive_tar),
		cmocka_unit_test(test_mail_attachment),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
