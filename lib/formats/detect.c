/* detect.c: which reader a file gets, and rb_format_read; the formats
 * and what tells each are formats.def's rows.
 *
 * A gzip stream (1f 8b) is inflated first (gzip.c) and what it holds is
 * detected as below, under the name without ".gz"; inside it, gzip is
 * binary (no nesting).  A tar inside gzip, bzip2, xz or zstd is an
 * archive instead (archive.c), as are a tar, a 7z and a zip that no
 * zip-based row claims; an archive's members and a mail's attachments
 * (subdoc.c) are read here as files of their names, an archive in an
 * archive to RB_SUBDOC_MAX_DEPTH (deeper: binary).
 *
 * Content first, on the first 8 KB:
 *  - a binary format's magic (PDF: "%PDF-" at the start, in the first
 *    1 KB for a .pdf); a zip archive (PK\3\4) whose mimetype or entries
 *    make it an EPUB, DOCX, ODT ... (a row's zip marks), or one that does
 *    not open named as a zip-based format (its reader then says why it is
 *    skipped);
 *  - binary: a known magic number (PNG, JPEG, GIF, PDF, ZIP, gzip, bzip2,
 *    xz, 7z, ELF, ...), a NUL byte (except after a UTF-16/32 byte order
 *    mark), or more than 30% control bytes (other than backspace, used
 *    for overstrike, tab, newline, CR, form feed, vertical tab, escape);
 *  - a text format's sniffer, in the rows' order: mail (mail.c), HTML
 *    (html.c).
 * Then the extension (the rows' extensions: .md → Markdown, .eml → mail,
 * ...), anything else → text.  A plain-text file holding a NUL byte
 * anywhere is binary (a C string cannot hold it; the indexer skips such
 * files with a warning).
 */
#include "reader.h"
#include "rbzip.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEAD 8192

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

static rb_format by_extension(const char *name)
{
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name;
	const char *dot = base ? strrchr(base, '.') : NULL;
	size_t n;
	const rb_format_row *rows = rb_format_rows(&n);
	if (!dot || dot == base)
		return RB_FORMAT_TEXT;
	for (size_t i = 0; i < n; i++)
		if (rb_format_word_in(rows[i].extensions, dot + 1))
			return rows[i].format;
	return RB_FORMAT_TEXT;
}

/* A binary format by its magic: at the start, or within the first 1 KB
 * when the name says so (a PDF's header may follow up to 1 KB of junk). */
static rb_format by_magic(const char *b, size_t n, rb_format ext)
{
	size_t n_rows;
	const rb_format_row *rows = rb_format_rows(&n_rows);
	for (size_t i = 0; i < n_rows; i++) {
		const char *magic = rows[i].magic;
		size_t k = magic ? strlen(magic) : 0;
		if (magic && ((n >= k && !memcmp(b, magic, k)) ||
			      (ext == rows[i].format && memmem(b, n < 1024 ? n : 1024, magic, k))))
			return rows[i].format;
	}
	return RB_FORMAT_AUTO;
}

static bool zip_based(rb_format f)
{
	const rb_format_row *r = rb_format_row_of(f);
	return r && (r->zip_mimetype || r->zip_entry);
}

/* A zip archive's format: by its "mimetype" entry (EPUB, OpenDocument),
 * else by an entry only its format holds (Office Open XML's main part,
 * EPUB's container); binary when neither, or when it does not open. */
static rb_format zip_kind(const char *b, size_t n)
{
	rb_zip *z = rb_zip_probe(b, n);
	if (!z)
		return RB_FORMAT_BINARY;
	char type[128];
	size_t n_rows;
	const rb_format_row *rows = rb_format_rows(&n_rows), *found = NULL;
	rb_zip_mimetype(z, type, sizeof type);
	for (size_t i = 0; i < n_rows && !found; i++)
		if (rows[i].zip_mimetype && !strcmp(type, rows[i].zip_mimetype))
			found = &rows[i];
	for (size_t i = 0; i < n_rows && !found; i++)
		if (rows[i].zip_entry && rb_zip_has(z, rows[i].zip_entry))
			found = &rows[i];
	rb_zip_close(z);
	return found ? found->format : RB_FORMAT_BINARY;
}

/* A text format by its own test of the content. */
static rb_format by_sniffing(const char *b, size_t n)
{
	size_t n_rows;
	const rb_format_row *rows = rb_format_rows(&n_rows);
	for (size_t i = 0; i < n_rows; i++)
		if (rows[i].sniff(b, n))
			return rows[i].format;
	return RB_FORMAT_AUTO;
}

rb_format rb_format_detect(const char *name, const char *b, size_t n)
{
	const unsigned char *s = (const unsigned char *)b;
	rb_format ext = by_extension(name), f;
	if ((f = by_magic(b, n, ext)))
		return f;
	if (n >= 4 && !memcmp(b, "PK\x03\x04", 4)) {
		f = zip_kind(b, n);
		/* A damaged EPUB or office file goes to its reader, which
		 * says what is wrong with it. */
		return f != RB_FORMAT_BINARY ? f : zip_based(ext) ? ext : RB_FORMAT_ARCHIVE;
	}
	if (rb_archive_is(b, n) || rb_archive_compressed_tar(b, n))
		return RB_FORMAT_ARCHIVE;
	if (is_binary(s, n))
		return RB_FORMAT_BINARY;
	if ((f = by_sniffing(b, n)))
		return f;
	f = ext;
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

/* How deep the file being read is inside archives, and what its
 * subdocuments have taken so far (subdoc.c). */
typedef struct {
	int depth;
	size_t total, count;
} nesting;

static rb_status read_any(const char *name, const char *bytes, size_t len,
			  rb_format forced, rb_document *doc, nesting *ns, char **err);

/* A subdocument, read as a file of its name (subdoc.c's callback). */
static rb_status read_subdoc(const char *name, const char *b, size_t n, rb_document *doc,
			     void *ctx, char **err)
{
	nesting *ns = ctx;
	ns->depth++;
	rb_status st = read_any(name, b, n, RB_FORMAT_AUTO, doc, ns, err);
	ns->depth--;
	return st;
}

static rb_status read_subdocs(const char *name, rb_document *doc, nesting *ns, char **err)
{
	rb_subdoc_reading how = { read_subdoc, ns, &ns->total, &ns->count };
	char *msg = NULL;
	if (ns->depth >= RB_SUBDOC_MAX_DEPTH) {
		/* As deep as archives are opened: a mail's attachments there
		 * (a mail attached to a mail attached to ...) are not read. */
		rb_document raw = { .subdocs = doc->subdocs, .n_subdocs = doc->n_subdocs };
		rb_document_free(&raw);
		doc->subdocs = NULL;
		doc->n_subdocs = 0;
		return RB_OK;
	}
	rb_status st = rb_subdocs_read(name, doc, &how, &msg);
	if (st == RB_ERR_INVALID)
		return skip_unreadable(name, doc, msg, err);
	if (err)
		*err = msg;
	else
		free(msg);
	if (st)
		rb_document_free(doc);
	return st;
}

/* The file's bytes as `forced` says, else as detected. */
static rb_status read_bytes(const char *name, const char *bytes, size_t len,
			    rb_format forced, rb_document *doc, nesting *ns, char **err)
{
	rb_format f = forced != RB_FORMAT_AUTO ? forced : rb_format_detect(name, bytes, len);
	char *msg = NULL;
	if (f == RB_FORMAT_ARCHIVE && ns->depth >= RB_SUBDOC_MAX_DEPTH)
		f = RB_FORMAT_BINARY;   /* nested too deep: not opened */
	if (f == RB_FORMAT_BINARY) {
		doc->format = RB_FORMAT_BINARY;
		doc->note = "binary file";
		return RB_OK;
	}
	const rb_format_row *row = rb_format_row_of(f);
	rb_status st = (row ? row->read : rb_read_text)(name, bytes, len, doc, &msg);
	if (st == RB_ERR_INVALID && (rb_format_extracts(f) || f == RB_FORMAT_ARCHIVE))
		return skip_unreadable(name, doc, msg, err);
	if (st != RB_OK)
		rb_document_free(doc);
	else
		doc->source_len = len;
	if (err)
		*err = msg;
	else
		free(msg);
	return st == RB_OK && doc->n_subdocs ? read_subdocs(name, doc, ns, err) : st;
}

/* What a gzip file holds, read as a file named without its ".gz": its
 * offsets and lines are those of the inflated bytes, which the document
 * keeps (the file holds no byte a range could point to). */
static rb_status read_gzip(const char *name, const char *bytes, size_t len,
			   rb_format forced, rb_document *doc, nesting *ns, char **err)
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
	st = read_bytes(inner, plain, plain_len, forced, doc, ns, err);
	free(inner);
	if (st == RB_OK && doc->text && !doc->extracted) {
		doc->inflated = plain;
		doc->inflated_len = plain_len;
	} else {
		free(plain);
	}
	return st;
}

/* A gzip stream that is not a compressed tar is inflated first. */
static rb_status read_any(const char *name, const char *bytes, size_t len,
			  rb_format forced, rb_document *doc, nesting *ns, char **err)
{
	memset(doc, 0, sizeof *doc);
	bool gz = rb_gzip_is(bytes, len) &&
		  (forced != RB_FORMAT_AUTO || !rb_archive_compressed_tar(bytes, len));
	return gz ? read_gzip(name, bytes, len, forced, doc, ns, err)
		  : read_bytes(name, bytes, len, forced, doc, ns, err);
}

rb_status rb_format_read(const char *name, const char *bytes, size_t len,
			 rb_format forced, rb_document *doc, char **err)
{
	if (!doc || (!bytes && len))
		return rb_fail(err, RB_ERR_INVALID, "%s: no input", name ? name : "-");
	memset(doc, 0, sizeof *doc);
	rb_formats_init();
	nesting ns = { 0 };
	return read_any(name ? name : "-", bytes ? bytes : "", len, forced, doc, &ns, err);
}
