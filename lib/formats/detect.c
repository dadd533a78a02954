/* detect.c: which reader a file gets, and rb_format_read.
 *
 * A gzip stream (1f 8b) is inflated first (gzip.c) and what it holds is
 * detected as below, under the name without ".gz"; inside it, gzip is
 * binary (no nesting).
 *
 * Content first, on the first 8 KB:
 *  - PDF: "%PDF-" at the start (in the first 1 KB for a .pdf); a zip
 *    archive (PK\3\4) whose entries make it an EPUB, DOCX or ODT (zip.c,
 *    rb_zip_kind), or one that does not open named .epub, .docx, .odt (its
 *    reader then says why it is skipped);
 *  - binary: a known magic number (PNG, JPEG, GIF, PDF, ZIP, gzip, bzip2,
 *    xz, 7z, ELF, ...), a NUL byte (except after a UTF-16/32 byte order
 *    mark), or more than 30% control bytes (other than backspace, used
 *    for overstrike, tab, newline, CR, form feed, vertical tab, escape);
 *  - mail: an mbox "From " line followed by a header, or a header block
 *    (field lines and folded continuations from the first line on) holding
 *    at least two well-known mail fields (Return-Path, Received, From, To,
 *    Subject, Date, Message-ID, MIME-Version, Delivered-To, ...);
 *  - HTML: the first non-blank byte is '<' and "<!doctype html", "<html",
 *    "<head", "<body" or "<title" appears in the first 1 KB (any case).
 * Then the extension: .md .markdown .mdown .mkd .mkdn → Markdown, .html
 * .htm .xhtml → HTML, .eml .mbox .mbx → mail, anything else → text.
 * A plain-text file holding a NUL byte anywhere is binary (a C string
 * cannot hold it; the indexer skips such files with a warning).
 */
#include "reader.h"
#include "rbzip.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEAD 8192

static const char *const names[] = {
	[RB_FORMAT_AUTO] = "auto",
	[RB_FORMAT_TEXT] = "text",
	[RB_FORMAT_MARKDOWN] = "markdown",
	[RB_FORMAT_HTML] = "html",
	[RB_FORMAT_MAIL] = "mail",
	[RB_FORMAT_PDF] = "pdf",
	[RB_FORMAT_EPUB] = "epub",
	[RB_FORMAT_DOCX] = "docx",
	[RB_FORMAT_ODT] = "odt",
	[RB_FORMAT_PPTX] = "pptx",
	[RB_FORMAT_ODP] = "odp",
	[RB_FORMAT_XLSX] = "xlsx",
	[RB_FORMAT_ODS] = "ods",
	[RB_FORMAT_BINARY] = "binary",
};

bool rb_format_extracts(rb_format f)
{
	return f >= RB_FORMAT_PDF && f <= RB_FORMAT_ODS;
}

const char *rb_format_name(rb_format f)
{
	if ((unsigned)f < sizeof names / sizeof *names)
		return names[f];
	return "unknown";
}

int rb_format_from_name(const char *name)
{
	static const struct {
		const char *alias;
		rb_format f;
	} aliases[] = {
		{ "txt", RB_FORMAT_TEXT }, { "plain", RB_FORMAT_TEXT },
		{ "md", RB_FORMAT_MARKDOWN }, { "htm", RB_FORMAT_HTML },
		{ "eml", RB_FORMAT_MAIL }, { "mbox", RB_FORMAT_MAIL },
		{ "email", RB_FORMAT_MAIL },
	};
	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(name, names[i]) == 0)
			return (int)i;
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcasecmp(name, aliases[i].alias) == 0)
			return (int)aliases[i].f;
	return -1;
}

static bool has_bom16_32(const unsigned char *s, size_t n)
{
	return n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF) ||
			  (n >= 4 && !memcmp(s, "\0\0\xFE\xFF", 4)));
}

static bool is_binary(const unsigned char *s, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
	} magics[] = {
		{ "\x89PNG\r\n\x1a\n", 8 }, { "\xFF\xD8\xFF", 3 }, { "GIF87a", 6 },
		{ "GIF89a", 6 }, { "%PDF-", 5 }, { "PK\x03\x04", 4 }, { "PK\x05\x06", 4 },
		{ "\x1F\x8B", 2 }, { "BZh", 3 }, { "\xFD" "7zXZ\0", 6 },
		{ "7z\xBC\xAF\x27\x1C", 6 }, { "\x7F" "ELF", 4 }, { "\x28\xB5\x2F\xFD", 4 },
		{ "Rar!\x1A\x07", 6 }, { "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8 },
		{ "OggS", 4 }, { "ID3", 3 }, { "\0asm", 4 }, { "SQLite format 3", 16 },
	};
	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
		if (n >= magics[i].len && !memcmp(s, magics[i].magic, magics[i].len))
			return true;
	if (has_bom16_32(s, n))
		return false;
	size_t m = n < HEAD ? n : HEAD, ctl = 0;
	if (memchr(s, '\0', m))
		return true;
	for (size_t i = 0; i < m; i++)
		if ((s[i] < 0x20 && !strchr("\b\t\n\r\f\v\x1b", s[i])) || s[i] == 0x7F)
			ctl++;
	return ctl * 10 > m * 3;
}

/* The length of the field name at s if the line is "Name: ...", else 0. */
static size_t field_name(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] > ' ' && s[i] < 0x7F && s[i] != ':')
		i++;
	return i > 0 && i < n && s[i] == ':' ? i : 0;
}

static bool is_mail(const char *s, size_t n)
{
	static const char *const known[] = {
		"Return-Path", "Received", "From", "To", "Cc", "Subject", "Date",
		"Message-ID", "MIME-Version", "Delivered-To", "Reply-To", "Sender",
		"In-Reply-To", "References", "Content-Type", "X-Mailer", "Envelope-To",
		"X-Original-To", "Mail-Followup-To", "List-Id", NULL
	};
	size_t m = n < HEAD ? n : HEAD, i = 0, fields = 0, known_n = 0;
	bool mbox = false;
	if (m >= 5 && !memcmp(s, "From ", 5)) {
		mbox = true;
		const char *nl = memchr(s, '\n', m);
		if (!nl)
			return false;
		i = (size_t)(nl - s) + 1;
	}
	for (int lines = 0; i < m && lines < 60; lines++) {
		const char *nl = memchr(s + i, '\n', m - i);
		size_t end = nl ? (size_t)(nl - s) : m;
		size_t len = end - i;
		if (len && s[end - 1] == '\r')
			len--;
		if (len == 0)
			break;  /* the end of the header block */
		if (s[i] == ' ' || s[i] == '\t') {
			if (fields == 0)
				return false;
		} else {
			size_t k = field_name(s + i, len);
			if (!k)
				break;
			fields++;
			for (const char *const *f = known; *f; f++)
				if (strlen(*f) == k && !strncasecmp(s + i, *f, k)) {
					known_n++;
					break;
				}
		}
		if (!nl)
			break;
		i = end + 1;
	}
	return known_n >= 2 || (mbox && known_n >= 1);
}

static bool is_html(const char *s, size_t n)
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

static rb_format by_extension(const char *name)
{
	static const struct {
		const char *ext;
		rb_format f;
	} exts[] = {
		{ "md", RB_FORMAT_MARKDOWN }, { "markdown", RB_FORMAT_MARKDOWN },
		{ "mdown", RB_FORMAT_MARKDOWN }, { "mkd", RB_FORMAT_MARKDOWN },
		{ "mkdn", RB_FORMAT_MARKDOWN }, { "html", RB_FORMAT_HTML },
		{ "htm", RB_FORMAT_HTML }, { "xhtml", RB_FORMAT_HTML },
		{ "eml", RB_FORMAT_MAIL }, { "mbox", RB_FORMAT_MAIL },
		{ "mbx", RB_FORMAT_MAIL }, { "txt", RB_FORMAT_TEXT },
		/* known by content; the name only says which reader to blame */
		{ "pdf", RB_FORMAT_PDF }, { "epub", RB_FORMAT_EPUB },
		{ "docx", RB_FORMAT_DOCX }, { "odt", RB_FORMAT_ODT },
		{ "pptx", RB_FORMAT_PPTX }, { "odp", RB_FORMAT_ODP },
		{ "xlsx", RB_FORMAT_XLSX }, { "ods", RB_FORMAT_ODS },
	};
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name;
	const char *dot = base ? strrchr(base, '.') : NULL;
	if (!dot || dot == base)
		return RB_FORMAT_TEXT;
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].f;
	return RB_FORMAT_TEXT;
}

rb_format rb_format_detect(const char *name, const char *b, size_t n)
{
	const unsigned char *s = (const unsigned char *)b;
	rb_format ext = by_extension(name);
	if ((n >= 5 && !memcmp(b, "%PDF-", 5)) ||
	    (ext == RB_FORMAT_PDF && memmem(b, n < 1024 ? n : 1024, "%PDF-", 5)))
		return RB_FORMAT_PDF;  /* a PDF's header may follow up to 1 KB of junk */
	if (n >= 4 && !memcmp(b, "PK\x03\x04", 4)) {
		rb_format kind = (rb_format)rb_zip_kind(b, n);
		/* A damaged EPUB or office file goes to its reader, which
		 * says what is wrong with it. */
		if (kind == RB_FORMAT_BINARY && ext >= RB_FORMAT_EPUB && rb_format_extracts(ext))
			return ext;
		return kind;
	}
	if (is_binary(s, n))
		return RB_FORMAT_BINARY;
	if (is_mail(b, n))
		return RB_FORMAT_MAIL;
	if (is_html(b, n))
		return RB_FORMAT_HTML;
	rb_format f = ext;
	if (rb_format_extracts(f))
		f = RB_FORMAT_TEXT;  /* a .pdf, .docx ... that is text after all */
	/* Text formats cannot hold a NUL byte past the first 8 KB either. */
	if ((f == RB_FORMAT_TEXT || f == RB_FORMAT_MARKDOWN) && !has_bom16_32(s, n) &&
	    n > HEAD && memchr(b + HEAD, '\0', n - HEAD))
		return RB_FORMAT_BINARY;
	return f;
}

/* A damaged or hostile PDF, EPUB, DOCX or ODT file is the file's problem,
 * not the run's: it is skipped, its reader's message (without the name
 * it starts with) the reason. */
static rb_status skip_unreadable(const char *name, rb_document *doc, char *msg,
				 char **err)
{
	size_t k = strlen(name);
	const char *why = msg && !strncmp(msg, name, k) && !strncmp(msg + k, ": ", 2)
			  ? msg + k + 2 : msg ? msg : "unreadable";
	rb_document_free(doc);
	doc->format = RB_FORMAT_BINARY;
	doc->reason = strdup(why);
	free(msg);
	return doc->reason ? RB_OK : rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
}

/* The file's bytes as `forced` says, else as detected. */
static rb_status read_bytes(const char *name, const char *bytes, size_t len,
			    rb_format forced, rb_document *doc, char **err)
{
	rb_format f = forced != RB_FORMAT_AUTO ? forced : rb_format_detect(name, bytes, len);
	char *msg = NULL;
	if (f == RB_FORMAT_BINARY) {
		doc->format = RB_FORMAT_BINARY;
		doc->note = "binary file";
		return RB_OK;
	}
	static rb_status (*const readers[])(const char *, const char *, size_t,
					   rb_document *, char **) = {
		[RB_FORMAT_MARKDOWN] = rb_read_markdown, [RB_FORMAT_HTML] = rb_read_html,
		[RB_FORMAT_MAIL] = rb_read_mail, [RB_FORMAT_PDF] = rb_read_pdf,
		[RB_FORMAT_EPUB] = rb_read_epub, [RB_FORMAT_DOCX] = rb_read_docx,
		[RB_FORMAT_ODT] = rb_read_odt, [RB_FORMAT_PPTX] = rb_read_pptx,
		[RB_FORMAT_ODP] = rb_read_odp, [RB_FORMAT_XLSX] = rb_read_xlsx,
		[RB_FORMAT_ODS] = rb_read_ods,
	};
	bool known = (unsigned)f < sizeof readers / sizeof *readers && readers[f];
	rb_status st = (known ? readers[f] : rb_read_text)(name, bytes, len, doc, &msg);
	if (st == RB_ERR_INVALID && rb_format_extracts(f))
		return skip_unreadable(name, doc, msg, err);
	if (st != RB_OK)
		rb_document_free(doc);
	else
		doc->source_len = len;
	if (err)
		*err = msg;
	else
		free(msg);
	return st;
}

/* What a gzip file holds, read as a file named without its ".gz": its
 * offsets and lines are those of the inflated bytes, which the document
 * keeps (the file holds no byte a range could point to). */
static rb_status read_gzip(const char *name, const char *bytes, size_t len,
			   rb_format forced, rb_document *doc, char **err)
{
	char *plain = NULL, *msg = NULL;
	size_t plain_len = 0;
	rb_status st = rb_gunzip(name, bytes, len, &plain, &plain_len, &msg);
	if (st == RB_ERR_INVALID)
		return skip_unreadable(name, doc, msg, err);
	if (st) {
		if (err)
			*err = msg;
		else
			free(msg);
		return st;
	}
	size_t k = strlen(name);
	char *inner = strndup(name, k > 3 && !strcasecmp(name + k - 3, ".gz") ? k - 3 : k);
	if (!inner) {
		free(plain);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	/* A gzip inside a gzip is not opened (no nesting): binary. */
	st = read_bytes(inner, plain, plain_len, forced, doc, err);
	free(inner);
	if (st == RB_OK && doc->text && !doc->extracted) {
		doc->inflated = plain;
		doc->inflated_len = plain_len;
	} else {
		free(plain);
	}
	return st;
}

rb_status rb_format_read(const char *name, const char *bytes, size_t len,
			 rb_format forced, rb_document *doc, char **err)
{
	if (!doc || (!bytes && len))
		return rb_fail(err, RB_ERR_INVALID, "%s: no input", name ? name : "-");
	memset(doc, 0, sizeof *doc);
	rb_formats_init();
	if (!name)
		name = "-";
	if (!bytes)
		bytes = "";
	return rb_gzip_is(bytes, len) ? read_gzip(name, bytes, len, forced, doc, err)
				      : read_bytes(name, bytes, len, forced, doc, err);
}
