/* mail_attach.h: a message's attachments as subdocuments (mail_attach.c;
 * internal to mail.c). */
#ifndef RUBRIC_FORMATS_MAIL_ATTACH_H
#define RUBRIC_FORMATS_MAIL_ATTACH_H

#include <gmime/gmime.h>
#include <stdbool.h>

#include "format.h"

/* The part's file name when it is an attachment, else NULL. */
const char *rb_mail_attachment_name(GMimeObject *o);
/* The attachments of msg into doc's subdocuments (capacity *cap), each
 * with m's title, fields and date, and m's "attachment" field naming
 * them; false when out of memory. */
bool rb_mail_attachments(GMimeMessage *msg, rb_message *m, rb_document *doc, size_t *cap);

#endif
