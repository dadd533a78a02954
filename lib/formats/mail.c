/* mail.c: RFC 5322 / MIME messages with GMime 3.
 *
 * Title and "subject": the Subject; "from", "to", "cc": the address lists;
 * "id": the Message-ID without its angle brackets; all
 * with RFC 2047 words decoded (raw 8-bit header bytes read as UTF-8, else
 * Windows-1252), as UTF-8 with white space collapsed.  "date": the Date
 * as ISO 8601 ("2002-08-22T12:36:18+01:00"), or the header as written
 * when GMime cannot parse it.
 *
 * The text is the body only: in multipart/alternative the text/plain
 * part, else text/html (through html.c), else the first part that gives
 * text; in every other multipart (mixed, related, signed, ...) each
 * part; message/rfc822 parts are read as messages.  Text parts whose
 * disposition is "attachment" are read too when they have no file name;
 * a named attachment is a document of its own (mail_attach.c); other
 * parts that are not text (and text/rtf) are skipped.  Parts are separated by a paragraph break.
 * Transfer encodings are undone by GMime; charsets are converted by
 * text.c (the declared charset; none declared, or wrong: UTF-8 if valid,
 * else Windows-1252 or uchardet's guess).  An mbox file ("From " line
 * first) holding several messages gives all their bodies, each with its
 * own title, fields and date (the document's messages).
 *
 * Offsets: each part's text maps to where the part's body starts in the
 * file.  For parts sent as is (7bit, 8bit, binary) in UTF-8 or a single-
 * byte charset they are exact per character; for quoted-printable and
 * base64 parts, and HTML parts, a text offset maps linearly from the
 * body start, never past the next part's (approximate inside the part).
 *
 * Threads: GMime objects are never shared between calls; g_mime_init
 * (at the first mail) and libxml2's set-up (xml_setup.c) run once
 * (pthread_once).  GMime's charset, iconv and
 * utils functions are thread-safe.  A message naming "multipart/" or
 * "message/rfc822" more than 200 times, in any case (GMime's parser
 * recurses per level), is read as plain text.
 */
#include "reader.h"
#include "grow.h"
#include "mail_attach.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_MULTIPARTS 200
/* Whatever passed the guard below is walked whole. */
#define MAX_DEPTH (MAX_MULTIPARTS + 1)

static pthread_once_t mime_once = PTHREAD_ONCE_INIT;

/* The bytes a sniffer reads, as detection does (detect.c). */
#define SNIFF_BYTES 8192

/* The length of the field name at s if the line is "Name: ...", else 0. */
static size_t field_name(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] > ' ' && s[i] < 0x7F && s[i] != ':')
		i++;
	return i > 0 && i < n && s[i] == ':' ? i : 0;
}

/* Whether s looks like a mail (formats.def's sniffer): an mbox "From "
 * line followed by a header, or a header block (field lines and folded
 * continuations from the first line on) holding at least two well-known
 * mail fields (Return-Path, Received, From, To, Subject, Date,
 * Message-ID, MIME-Version, Delivered-To, ...), in the first 8 KB. */
bool rb_sniff_mail(const char *s, size_t n)
{
	static const char *const known[] = {
		"Return-Path", "Received", "From", "To", "Cc", "Subject", "Date",
		"Message-ID", "MIME-Version", "Delivered-To", "Reply-To", "Sender",
		"In-Reply-To", "References", "Content-Type", "X-Mailer", "Envelope-To",
		"X-Original-To", "Mail-Followup-To", "List-Id", NULL
	};
	size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES, i = 0, fields = 0, known_n = 0;
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

/* GLib ends the process when an allocation fails (g_malloc never returns
 * NULL): GMime starts only when a mail is read, not in every run. */
static void init_mime(void)
{
	g_mime_init();
}

static size_t body_start(GMimeDataWrapper *dw, bool *exact, size_t decoded_len)
{
	GMimeStream *s = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
	*exact = false;
	if (!s || s->bound_start < 0)
		return 0;
	GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(dw);
	if ((enc == GMIME_CONTENT_ENCODING_DEFAULT || enc == GMIME_CONTENT_ENCODING_7BIT ||
	     enc == GMIME_CONTENT_ENCODING_8BIT || enc == GMIME_CONTENT_ENCODING_BINARY) &&
	    s->bound_end >= s->bound_start &&
	    (size_t)(s->bound_end - s->bound_start) == decoded_len)
		*exact = true;
	return (size_t)s->bound_start;
}

static void read_part(rb_tbuf *t, GMimePart *part, bool html)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	if (!dw)
		return;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(dw, mem);
	GByteArray *arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	const char *data = arr && arr->data ? (const char *)arr->data : "";
	size_t len = arr ? arr->len : 0;
	bool exact;
	size_t src = body_start(dw, &exact, len);
	const char *cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
								  "charset");
	if (cs && *cs) {
		const char *ic = g_mime_charset_iconv_name(cs);
		if (ic && *ic)
			cs = ic;
	} else {
		cs = NULL;
	}
	rb_tbuf one = { 0 };
	if (html) {
		rb_tbuf dec = { 0 };
		if (cs) {
			if (rb_decode_text(&dec, data, len, 0, cs))
				rb_html_to_text(&one, dec.buf ? dec.buf : "", dec.len, 0, "UTF-8",
						false, NULL);
			else
				one.oom = true;
		} else {
			rb_html_to_text(&one, data, len, 0, NULL, false, NULL);
		}
		rb_tbuf_free(&dec);
		exact = false;
	} else if (!rb_decode_text(&one, data, len, 0, cs)) {
		one.oom = true;
	}
	rb_tbuf_trim(&one);
	if (one.len) {
		rb_tbuf_break(t);
		rb_tbuf_append(t, &one, src, exact);
	} else if (one.oom) {
		t->oom = true;
	}
	rb_tbuf_free(&one);
	g_object_unref(mem);
}

static bool is_type(GMimeObject *o, const char *type, const char *sub)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	return ct && g_mime_content_type_is_type(ct, type, sub);
}

static bool readable(GMimeObject *o)
{
	return GMIME_IS_PART(o) && is_type(o, "text", "*") && !is_type(o, "text", "rtf") &&
	       !rb_mail_attachment_name(o);
}

static void read_object(rb_tbuf *t, GMimeObject *o, int depth);

static void read_message(rb_tbuf *t, GMimeMessage *msg, int depth)
{
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	if (body)
		read_object(t, body, depth + 1);
}

static void read_object(rb_tbuf *t, GMimeObject *o, int depth)
{
	if (!o || depth > MAX_DEPTH || t->oom)
		return;
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (m)
			read_message(t, m, depth);
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		if (GMIME_IS_MULTIPART_ENCRYPTED(o))
			return;
		if (is_type(o, "multipart", "alternative")) {
			GMimeObject *best = NULL;
			/* text/plain, else text/html, else the first other. */
			for (int pass = 0; pass < 3 && !best; pass++)
				for (int i = 0; i < n && !best; i++) {
					GMimeObject *c = g_mime_multipart_get_part(mp, i);
					if ((pass == 0 && readable(c) && is_type(c, "text", "plain")) ||
					    (pass == 1 && readable(c) && is_type(c, "text", "html")) ||
					    (pass == 2 && (GMIME_IS_MULTIPART(c) || readable(c) ||
							   GMIME_IS_MESSAGE_PART(c))))
						best = c;
				}
			read_object(t, best, depth + 1);
			return;
		}
		if (GMIME_IS_MULTIPART_SIGNED(o)) {
			if (n > 0)
				read_object(t, g_mime_multipart_get_part(mp, 0), depth + 1);
			return;
		}
		for (int i = 0; i < n; i++)
			read_object(t, g_mime_multipart_get_part(mp, i), depth + 1);
		return;
	}
	if (readable(o))
		read_part(t, GMIME_PART(o), is_type(o, "text", "html"));
}

static bool add_field(rb_message *m, const char *name, const char *value)
{
	if (!value)
		return true;
	char *v = rb_utf8_clean(value, strlen(value));
	if (!v)
		return false;
	if (!*v) {
		free(v);
		return true;
	}
	rb_field *f = realloc(m->fields, (m->n_fields + 1) * sizeof *f);
	if (!f) {
		free(v);
		return false;
	}
	m->fields = f;
	f[m->n_fields++] = (rb_field){ name, v };
	return true;
}

static bool add_addresses(rb_message *m, const char *name, InternetAddressList *l)
{
	if (!l || internet_address_list_length(l) == 0)
		return true;
	char *s = internet_address_list_to_string(l, NULL, FALSE);
	bool ok = add_field(m, name, s);
	g_free(s);
	return ok;
}

static bool read_fields(rb_message *m, GMimeMessage *msg)
{
	const char *subject = g_mime_message_get_subject(msg);
	bool ok = add_field(m, "subject", subject) &&
		  add_addresses(m, "from", g_mime_message_get_from(msg)) &&
		  add_addresses(m, "to", g_mime_message_get_to(msg)) &&
		  add_addresses(m, "cc", g_mime_message_get_cc(msg)) &&
		  add_field(m, "id", g_mime_message_get_message_id(msg));
	GDateTime *dt = g_mime_message_get_date(msg);
	if (ok && dt) {
		m->has_date = true;
		m->date = g_date_time_to_unix(dt);
		gchar *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S%:z");
		ok = add_field(m, "date", iso);
		g_free(iso);
	} else if (ok) {
		ok = add_field(m, "date", g_mime_object_get_header(GMIME_OBJECT(msg), "Date"));
	}
	if (ok && subject) {
		m->title = rb_utf8_clean(subject, strlen(subject));
		if (!m->title)
			ok = false;
		else if (!*m->title) {
			free(m->title);
			m->title = NULL;
		}
	}
	return ok;
}

/* One message's title, fields and date are the document's; several are
 * its messages (format.h). */
static void give_messages(rb_document *doc, rb_message *v, size_t n)
{
	if (n == 1) {
		doc->title = v[0].title;
		doc->fields = v[0].fields;
		doc->n_fields = v[0].n_fields;
		doc->has_date = v[0].has_date;
		doc->date = v[0].date;
		free(v);
	} else {
		doc->messages = v;
		doc->n_messages = n;
	}
}

/* GMime's parser recurses once per multipart or message/rfc822 level:
 * count them first (MIME types are case-insensitive). */
static bool too_nested(const char *b, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i + 9 <= n; i++) {
		char c = b[i] | 0x20;
		if ((c == 'u' && strncasecmp(b + i, "ultipart/", 9) == 0) ||
		    (c == 'e' && i + 13 <= n && strncasecmp(b + i, "essage/rfc822", 13) == 0))
			if (++count > MAX_MULTIPARTS)
				return true;
	}
	return false;
}

rb_status rb_read_mail(const char *name, const char *b, size_t n,
		       rb_document *doc, char **err)
{
	rb_formats_init();
	pthread_once(&mime_once, init_mime);
	if (n > G_MAXUINT || too_nested(b, n)) {
		rb_status st = rb_read_text(name, b, n, doc, err);
		doc->format = RB_FORMAT_MAIL;
		return st;
	}
	bool mbox = n >= 5 && !memcmp(b, "From ", 5);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(b, n);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeParserOptions *opts = g_mime_parser_options_new();
	const char *fallback[] = { "UTF-8", "windows-1252", NULL };
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_set_format(parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
	g_mime_parser_set_persist_stream(parser, TRUE);

	rb_tbuf t = { 0 };
	rb_message *msgs = NULL;
	size_t n_msgs = 0, cap = 0, sub_cap = 0;
	bool ok = true;
	doc->format = RB_FORMAT_MAIL;
	for (;;) {
		GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
		if (!msg)
			break;
		rb_message *v = rb_grow(msgs, &cap, n_msgs + 1, sizeof *v, 4);
		if (!v) {
			g_object_unref(msg);
			ok = false;
			break;
		}
		msgs = v;
		rb_message *m = &msgs[n_msgs++];
		/* Its passages start at or after the break read_part puts before
		 * its first part. */
		*m = (rb_message){ .text_start = t.len };
		ok = read_fields(m, msg) && rb_mail_attachments(msg, m, doc, &sub_cap);
		read_message(&t, msg, 0);
		g_object_unref(msg);
		if (!ok || t.oom || !mbox || g_mime_parser_eos(parser))
			break;
	}
	g_mime_parser_options_free(opts);
	g_object_unref(parser);
	g_object_unref(stream);
	if (n_msgs == 0 && ok) {
		/* Not a message GMime can read: the bytes as text. */
		free(msgs);
		rb_tbuf_free(&t);
		rb_status st = rb_read_text(name, b, n, doc, err);
		doc->format = RB_FORMAT_MAIL;
		return st;
	}
	rb_tbuf_trim(&t);
	if (!ok || !rb_tbuf_finish(&t, doc)) {
		for (size_t i = 0; i < n_msgs; i++)
			rb_message_free(&msgs[i]);
		free(msgs);
		rb_tbuf_free(&t);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	give_messages(doc, msgs, n_msgs);
	return RB_OK;
}
