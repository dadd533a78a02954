#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "varint.h"

/* Layout: a version byte, then varints (passage, line, start, end), three
 * length-prefixed byte strings (path, title, text), (version 2) a count of
 * fields, each a name and a value, (version 3) the language and (version 4)
 * the date, zigzag-encoded so that a date before 1970 stays short, and
 * (version 5) the part: its name and number, and (version 6) a byte saying
 * whether the text is in the source file, then its hash (8 bytes, little
 * endian) when it is. */
#define RECORD_VERSION 6

static char *put_bytes(char *p, const char *s, size_t n)
{
	p = rb_varint_put(p, n);
	if (n)  /* s may be NULL when n is 0 (text read back from its file) */
		memcpy(p, s, n);
	return p + n;
}

rb_status rb_record_encode(const rb_record *r, char **out, size_t *len_out,
			   char **err)
{
	size_t cap = 1 + 10 * 12 + 9 + r->path_len + r->title_len + r->text_len + r->lang_len +
		     r->part_name_len;
	for (size_t i = 0; i < r->n_fields; i++)
		cap += 20 + r->fields[i].name_len + r->fields[i].value_len;
	char *buf = malloc(cap), *p = buf;
	if (!buf)
		return rb_fail(err, RB_ERR_NO_MEMORY, "record: out of memory");
	*p++ = RECORD_VERSION;
	p = rb_varint_put(p, r->passage);
	p = rb_varint_put(p, r->line);
	p = rb_varint_put(p, r->start);
	p = rb_varint_put(p, r->end);
	p = put_bytes(p, r->path, r->path_len);
	p = put_bytes(p, r->title, r->title_len);
	p = put_bytes(p, r->text, r->text_len);
	p = rb_varint_put(p, r->n_fields);
	for (size_t i = 0; i < r->n_fields; i++) {
		p = put_bytes(p, r->fields[i].name, r->fields[i].name_len);
		p = put_bytes(p, r->fields[i].value, r->fields[i].value_len);
	}
	p = put_bytes(p, r->lang ? r->lang : "", r->lang ? r->lang_len : 0);
	p = rb_varint_put(p, ((uint64_t)r->date << 1) ^ (uint64_t)(r->date >> 63));
	p = put_bytes(p, r->part_name ? r->part_name : "", r->part_name ? r->part_name_len : 0);
	p = rb_varint_put(p, r->part);
	*p++ = r->text_in_file ? 1 : 0;
	for (int i = 0; r->text_in_file && i < 8; i++)
		*p++ = (char)(r->text_hash >> (8 * i));
	*out = buf;
	*len_out = (size_t)(p - buf);
	return RB_OK;
}

static int get_bytes(const char **p, const char *end, const char **s, size_t *n)
{
	uint64_t len;
	if (rb_varint_get(p, end, &len) || len > (uint64_t)(end - *p))
		return -1;
	*s = *p;
	*n = (size_t)len;
	*p += len;
	return 0;
}

rb_status rb_record_decode(const char *data, size_t len, rb_record *r,
			   char **err)
{
	const char *p = data, *end = data + len;
	uint64_t passage, line, n_fields = 0;
	int version = len ? *p++ : 0;
	if (version < 1 || version > RECORD_VERSION ||
	    rb_varint_get(&p, end, &passage) || rb_varint_get(&p, end, &line) ||
	    rb_varint_get(&p, end, &r->start) || rb_varint_get(&p, end, &r->end) ||
	    get_bytes(&p, end, &r->path, &r->path_len) ||
	    get_bytes(&p, end, &r->title, &r->title_len) ||
	    get_bytes(&p, end, &r->text, &r->text_len) ||
	    (version > 1 && (rb_varint_get(&p, end, &n_fields) || n_fields > RB_RECORD_MAX_FIELDS)))
		return rb_fail(err, RB_ERR_INDEX,
			       "passage record is damaged or from another version");
	r->n_fields = (size_t)n_fields;
	for (size_t i = 0; i < r->n_fields; i++)
		if (get_bytes(&p, end, &r->fields[i].name, &r->fields[i].name_len) ||
		    get_bytes(&p, end, &r->fields[i].value, &r->fields[i].value_len))
			return rb_fail(err, RB_ERR_INDEX,
				       "passage record is damaged or from another version");
	r->lang = "";
	r->lang_len = 0;
	if (version > 2 && get_bytes(&p, end, &r->lang, &r->lang_len))
		return rb_fail(err, RB_ERR_INDEX,
			       "passage record is damaged or from another version");
	uint64_t date = 0;
	if (version > 3 && rb_varint_get(&p, end, &date))
		return rb_fail(err, RB_ERR_INDEX,
			       "passage record is damaged or from another version");
	r->date = (int64_t)(date >> 1) ^ -(int64_t)(date & 1);
	uint64_t part = 0;
	r->part_name = "";
	r->part_name_len = 0;
	if (version > 4 && (get_bytes(&p, end, &r->part_name, &r->part_name_len) ||
			    rb_varint_get(&p, end, &part)))
		return rb_fail(err, RB_ERR_INDEX,
			       "passage record is damaged or from another version");
	r->part = (uint32_t)part;
	r->text_in_file = 0;
	r->text_hash = 0;
	r->text_missing = NULL;
	if (version > 5) {
		if (p == end || (*p != 0 && (*p != 1 || end - p < 9)))
			return rb_fail(err, RB_ERR_INDEX,
				       "passage record is damaged or from another version");
		r->text_in_file = *p++;
		for (int i = 0; r->text_in_file && i < 8; i++)
			r->text_hash |= (uint64_t)(unsigned char)*p++ << (8 * i);
	}
	r->passage = (uint32_t)passage;
	r->line = (uint32_t)line;
	return RB_OK;
}
