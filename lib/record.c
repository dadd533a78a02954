#include "record.h"

#include <stdlib.h>
#include <string.h>

/* Layout: a version byte, then varints (passage, line, start, end) and three
 * length-prefixed byte strings (path, title, text). */
#define RECORD_VERSION 1

static char *put_varint(char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (char)v;
	return p;
}

static char *put_bytes(char *p, const char *s, size_t n)
{
	p = put_varint(p, n);
	memcpy(p, s, n);
	return p + n;
}

rb_status rb_record_encode(const rb_record *r, char **out, size_t *len_out,
			   char **err)
{
	size_t cap = 1 + 10 * 7 + r->path_len + r->title_len + r->text_len;
	char *buf = malloc(cap), *p = buf;
	if (!buf)
		return rb_fail(err, RB_ERR_NO_MEMORY, "record: out of memory");
	*p++ = RECORD_VERSION;
	p = put_varint(p, r->passage);
	p = put_varint(p, r->line);
	p = put_varint(p, r->start);
	p = put_varint(p, r->end);
	p = put_bytes(p, r->path, r->path_len);
	p = put_bytes(p, r->title, r->title_len);
	p = put_bytes(p, r->text, r->text_len);
	*out = buf;
	*len_out = (size_t)(p - buf);
	return RB_OK;
}

static int get_varint(const char **p, const char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = (uint8_t)*(*p)++;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int get_bytes(const char **p, const char *end, const char **s, size_t *n)
{
	uint64_t len;
	if (get_varint(p, end, &len) || len > (uint64_t)(end - *p))
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
	uint64_t passage, line;
	if (len < 1 || *p++ != RECORD_VERSION ||
	    get_varint(&p, end, &passage) || get_varint(&p, end, &line) ||
	    get_varint(&p, end, &r->start) || get_varint(&p, end, &r->end) ||
	    get_bytes(&p, end, &r->path, &r->path_len) ||
	    get_bytes(&p, end, &r->title, &r->title_len) ||
	    get_bytes(&p, end, &r->text, &r->text_len))
		return rb_fail(err, RB_ERR_INDEX,
			       "passage record is damaged or from another version");
	r->passage = (uint32_t)passage;
	r->line = (uint32_t)line;
	return RB_OK;
}
