/* mail_attach.c: a message's attachments, as subdocuments (format.h,
 * rb_subdoc) that detect.c reads as files of their names: a PDF, an
 * office file, HTML or text attached is read by its own reader and
 * indexed as MAIL//NAME, with the message's title, fields and date.
 *
 * An attachment is a part with a file name (Content-Disposition's
 * filename, else Content-Type's name) that is either marked "attachment"
 * or not text; a text part without a name, or inline, is the body
 * (mail.c).  The message gains an "attachment" field, the names joined
 * by ", ", which attachment:NAME searches (lib/ingest.c's "XA" terms);
 * its attachments carry it too.  A name given twice in one message is
 * indexed the second time as "NAME (2)".
 */
#include "reader.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rb_mail_attachment_name(GMimeObject *o)
{
	if (!GMIME_IS_PART(o))
		return NULL;
	const char *name = g_mime_part_get_filename(GMIME_PART(o));
	if (!name || !*name)
		return NULL;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	bool text = ct && g_mime_content_type_is_type(ct, "text", "*");
	return g_mime_part_is_attachment(GMIME_PART(o)) || !text ? name : NULL;
}

typedef struct {
	rb_document *doc;
	size_t *cap, from;   /* this message's attachments start at `from` */
	bool oom;
} attach_walk;

/* How many of the message's attachments so far are named `name`: a
 * second report.pdf is indexed as "report.pdf (2)", not over the first. */
static size_t named(const attach_walk *w, const char *name)
{
	size_t n = 0;
	for (size_t i = w->from; i < w->doc->n_subdocs; i++)
		n += !strcmp(w->doc->subdocs[i].name, name) ||
		     (!strncmp(w->doc->subdocs[i].name, name, strlen(name)) &&
		      !strncmp(w->doc->subdocs[i].name + strlen(name), " (", 2));
	return n;
}

static void add_part(GMimeObject *parent, GMimeObject *o, gpointer data)
{
	(void)parent;
	attach_walk *w = data;
	const char *name = rb_mail_attachment_name(o);
	GMimeDataWrapper *dw = name ? g_mime_part_get_content(GMIME_PART(o)) : NULL;
	if (!dw || w->oom)
		return;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(dw, mem);
	GByteArray *arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	size_t len = arr ? arr->len : 0;
	char *bytes = malloc(len + 1);
	if (bytes) {
		if (len)
			memcpy(bytes, arr->data, len);
		bytes[len] = '\0';
	}
	size_t same = bytes ? named(w, name) : 0;
	char *unique = NULL;
	if (same && asprintf(&unique, "%s (%zu)", name, same + 1) < 0)
		unique = NULL, w->oom = true;
	const char *as = unique ? unique : name;
	if (w->oom || !bytes || !rb_subdoc_add(w->doc, w->cap, as, strlen(as), bytes, len)) {
		if (w->oom)
			free(bytes);
		w->oom = true;
	}
	free(unique);
	g_object_unref(mem);
}

/* The names of subdocuments [from, to), joined by ", " (malloc'd). */
static char *names(const rb_document *doc, size_t from, size_t to)
{
	size_t n = 1;
	for (size_t i = from; i < to; i++)
		n += strlen(doc->subdocs[i].name) + 2;
	char *s = malloc(n), *p = s;
	for (size_t i = from; s && i < to; i++)
		p += sprintf(p, "%s%s", i > from ? ", " : "", doc->subdocs[i].name);
	if (s)
		*p = '\0';
	return s;
}

static bool copy_message(rb_message *to, const rb_message *m)
{
	*to = (rb_message){ .has_date = m->has_date, .date = m->date };
	to->title = m->title ? strdup(m->title) : NULL;
	to->fields = calloc(m->n_fields ? m->n_fields : 1, sizeof *to->fields);
	bool ok = to->fields && (!m->title || to->title);
	for (size_t i = 0; ok && i < m->n_fields; i++) {
		to->fields[i] = (rb_field){ m->fields[i].name, strdup(m->fields[i].value) };
		ok = to->fields[i].value != NULL;
		to->n_fields += ok;
	}
	return ok;
}

bool rb_mail_attachments(GMimeMessage *msg, rb_message *m, rb_document *doc, size_t *cap)
{
	size_t from = doc->n_subdocs;
	attach_walk w = { doc, cap, from, false };
	g_mime_message_foreach(msg, add_part, &w);
	if (w.oom)
		return false;
	if (from == doc->n_subdocs)
		return true;
	char *joined = names(doc, from, doc->n_subdocs);
	rb_field *f = joined ? realloc(m->fields, (m->n_fields + 1) * sizeof *f) : NULL;
	if (!f) {
		free(joined);
		return false;
	}
	m->fields = f;
	f[m->n_fields++] = (rb_field){ "attachment", joined };
	for (size_t i = from; i < doc->n_subdocs; i++)
		if (!copy_message(&doc->subdocs[i].origin, m))
			return false;
	return true;
}
