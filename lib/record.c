#include "record.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "varint.h"

/* Layout: a version byte, then varints (passage, line, start, end), three
 * length-prefixed byte strings (path, title, text), (version 2) a count of
 * fields, each a name and a value, (version 3) the language and (version 4)
 * the date, zigzag-encoded so that a date before 1970 stays short, and
 * (version 5) the part: its name and number, and (version 6) a byte saying
 * whether the text is in the source file, then its hash (8 bytes, little
 * endian) when it is.
 *
 * Version 7 holds the same in fewer bytes (the related corpus: 44.2 MB of
 * records before it): passage, line, start, then end - start
 * (zigzag); the path; the fields before the title, each name a word of
 * `words` below or spelled out; the title, or which field's value it is (a
 * mail's title is its subject); the text; the language, a word or spelled
 * out; the date; the part's name, a word or spelled out, and its number;
 * the text-in-file byte and hash.  A word or string is a varint: 2n + 1 for
 * words[n], 2 * length for the bytes that follow.
 *
 * Version 8 stores what is its file's once (the related corpus: 38.5 of
 * 44.2 MB of version 6's records repeated it, ~2.9 passages a file):
 * passage, line, start, end - start; what the record leaves to passage 1
 * (from_first: 0, RB_FROM_FIRST_FILE, or that and RB_FROM_FIRST_ORIGIN);
 * then the path and language, or (left out) the file id as 8 bytes, low
 * first; unless left out, the fields, the title and the date; the text, the
 * part's name and number, the text-in-file byte and hash.  Passage 1 is
 * always whole: its unique term (rb_passage_term) finds it. */
#define RECORD_VERSION 8
#define FROM_FIRST_BOTH (RB_FROM_FIRST_FILE | RB_FROM_FIRST_ORIGIN)

/* The names records repeat: append only (a record holds their numbers). */
static const char *const words[] = {
	"from", "to", "cc", "subject", "date", "id", "attachment",
	"page", "chapter", "slide", "sheet",
	"arabic", "armenian", "basque", "catalan", "danish", "dutch", "english",
	"finnish", "french", "german", "greek", "hindi", "hungarian",
	"indonesian", "irish", "italian", "lithuanian", "nepali", "norwegian",
	"porter", "portuguese", "romanian", "russian", "serbian", "spanish",
	"swedish", "tamil", "turkish", "yiddish",
};
#define N_WORDS (sizeof words / sizeof *words)

static char *put_bytes(char *p, const char *s, size_t n)
{
	p = rb_varint_put(p, n);
	if (n)  /* s may be NULL when n is 0 (text read back from its file) */
		memcpy(p, s, n);
	return p + n;
}

/* s[0, n) as a word's number, else spelled out. */
static char *put_word(char *p, const char *s, size_t n)
{
	for (size_t k = 0; k < N_WORDS; k++)
		if (strlen(words[k]) == n && memcmp(words[k], s, n) == 0)
			return rb_varint_put(p, 2 * (uint64_t)k + 1);
	p = rb_varint_put(p, 2 * (uint64_t)n);
	if (n)
		memcpy(p, s, n);
	return p + n;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* The field whose value the title is, or -1. */
static long title_field(const rb_record *r)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (r->fields[i].value_len == r->title_len && r->title_len &&
		    memcmp(r->fields[i].value, r->title, r->title_len) == 0)
			return (long)i;
	return -1;
}

/* The fields, then the title: spelled out, or which field's value it is. */
static char *put_fields_title(char *p, const rb_record *r)
{
	p = rb_varint_put(p, r->n_fields);
	for (size_t i = 0; i < r->n_fields; i++) {
		p = put_word(p, r->fields[i].name, r->fields[i].name_len);
		p = put_bytes(p, r->fields[i].value, r->fields[i].value_len);
	}
	long tf = title_field(r);
	if (tf >= 0)
		return rb_varint_put(p, 2 * (uint64_t)tf + 1);
	p = rb_varint_put(p, 2 * (uint64_t)r->title_len);
	if (r->title_len)
		memcpy(p, r->title, r->title_len);
	return p + r->title_len;
}

/* What r leaves to its file's passage 1: nothing for passage 1 itself, or
 * for an origin without the file (no use). */
static unsigned left_out(const rb_record *r)
{
	unsigned f = r->from_first & FROM_FIRST_BOTH;
	return r->passage > 1 && (f & RB_FROM_FIRST_FILE) ? f : 0;
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
	unsigned from_first = left_out(r);
	*p++ = RECORD_VERSION;
	p = rb_varint_put(p, r->passage);
	p = rb_varint_put(p, r->line);
	p = rb_varint_put(p, r->start);
	p = rb_varint_put(p, zigzag((int64_t)(r->end - r->start)));
	p = rb_varint_put(p, from_first);
	if (from_first) {
		/* A record decoded without its path re-encodes its file id. */
		uint64_t id = r->path_len ? rb_path_id(r->path, r->path_len) : r->file_id;
		for (int i = 0; i < 8; i++)
			*p++ = (char)(id >> (8 * i));
	} else {
		p = put_bytes(p, r->path, r->path_len);
		p = put_word(p, r->lang ? r->lang : "", r->lang ? r->lang_len : 0);
	}
	if (!(from_first & RB_FROM_FIRST_ORIGIN)) {
		p = put_fields_title(p, r);
		p = rb_varint_put(p, zigzag(r->date));
	}
	p = put_bytes(p, r->text, r->text_len);
	p = put_word(p, r->part_name ? r->part_name : "", r->part_name ? r->part_name_len : 0);
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

/* A word's number or spelled-out bytes (put_word's). */
static int get_word(const char **p, const char *end, const char **s, size_t *n)
{
	uint64_t v;
	if (rb_varint_get(p, end, &v))
		return -1;
	if (v & 1) {
		if (v >> 1 >= N_WORDS)
			return -1;
		*s = words[v >> 1];
		*n = strlen(*s);
		return 0;
	}
	if (v >> 1 > (uint64_t)(end - *p))
		return -1;
	*s = *p;
	*n = (size_t)(v >> 1);
	*p += *n;
	return 0;
}

/* A count of fields, then each a name (a word from version 7, else
 * spelled out) and a value. */
static int get_fields(const char **p, const char *end, rb_record *r, int version)
{
	uint64_t n_fields;
	if (rb_varint_get(p, end, &n_fields) || n_fields > RB_RECORD_MAX_FIELDS)
		return -1;
	r->n_fields = (size_t)n_fields;
	for (size_t i = 0; i < r->n_fields; i++)
		if ((version > 6 ? get_word(p, end, &r->fields[i].name, &r->fields[i].name_len)
				 : get_bytes(p, end, &r->fields[i].name, &r->fields[i].name_len)) ||
		    get_bytes(p, end, &r->fields[i].value, &r->fields[i].value_len))
			return -1;
	return 0;
}

/* The fields, then the title: spelled out, or a field's value. */
static int get_fields_title(const char **p, const char *end, rb_record *r)
{
	uint64_t t;
	if (get_fields(p, end, r, 7) || rb_varint_get(p, end, &t))
		return -1;
	if (t & 1) {
		if (t >> 1 >= r->n_fields)
			return -1;
		r->title = r->fields[t >> 1].value;
		r->title_len = r->fields[t >> 1].value_len;
		return 0;
	}
	if (t >> 1 > (uint64_t)(end - *p))
		return -1;
	r->title = *p;
	r->title_len = (size_t)(t >> 1);
	*p += r->title_len;
	return 0;
}

/* Version 7's, from after the version byte up to the text-in-file byte. */
static int decode_v7(const char **p, const char *end, rb_record *r, uint64_t *date,
		     uint64_t *part)
{
	uint64_t span;
	if (rb_varint_get(p, end, &r->start) || rb_varint_get(p, end, &span) ||
	    get_bytes(p, end, &r->path, &r->path_len) || get_fields_title(p, end, r) ||
	    get_bytes(p, end, &r->text, &r->text_len) ||
	    get_word(p, end, &r->lang, &r->lang_len) || rb_varint_get(p, end, date) ||
	    get_word(p, end, &r->part_name, &r->part_name_len) || rb_varint_get(p, end, part))
		return -1;
	r->end = r->start + (uint64_t)unzigzag(span);
	return 0;
}

/* Version 8's, likewise: what the record leaves to passage 1 (only a
 * later passage leaves anything, and the file with the origin or alone),
 * the path and language or the file id, the origin unless left out, the
 * text and the part. */
static int decode_v8(const char **p, const char *end, rb_record *r, uint64_t *date,
		     uint64_t *part)
{
	uint64_t span, from_first;
	if (rb_varint_get(p, end, &r->start) || rb_varint_get(p, end, &span) ||
	    rb_varint_get(p, end, &from_first))
		return -1;
	bool known = from_first == 0 || from_first == RB_FROM_FIRST_FILE ||
		     from_first == FROM_FIRST_BOTH;
	if (!known || (from_first && r->passage < 2))
		return -1;
	r->from_first = (unsigned)from_first;
	if (from_first) {
		if (end - *p < 8)
			return -1;
		for (int i = 0; i < 8; i++)
			r->file_id |= (uint64_t)(unsigned char)*(*p)++ << (8 * i);
	} else if (get_bytes(p, end, &r->path, &r->path_len) ||
		   get_word(p, end, &r->lang, &r->lang_len)) {
		return -1;
	}
	if (!(from_first & RB_FROM_FIRST_ORIGIN) &&
	    (get_fields_title(p, end, r) || rb_varint_get(p, end, date)))
		return -1;
	if (get_bytes(p, end, &r->text, &r->text_len) ||
	    get_word(p, end, &r->part_name, &r->part_name_len) || rb_varint_get(p, end, part))
		return -1;
	r->end = r->start + (uint64_t)unzigzag(span);
	return 0;
}

/* Versions 1 to 6's, likewise. */
static int decode_old(int version, const char **p, const char *end, rb_record *r,
		      uint64_t *date, uint64_t *part)
{
	if (rb_varint_get(p, end, &r->start) || rb_varint_get(p, end, &r->end) ||
	    get_bytes(p, end, &r->path, &r->path_len) ||
	    get_bytes(p, end, &r->title, &r->title_len) ||
	    get_bytes(p, end, &r->text, &r->text_len) ||
	    (version > 1 && get_fields(p, end, r, version)))
		return -1;
	if (version > 2 && get_bytes(p, end, &r->lang, &r->lang_len))
		return -1;
	if (version > 3 && rb_varint_get(p, end, date))
		return -1;
	if (version > 4 && (get_bytes(p, end, &r->part_name, &r->part_name_len) ||
			    rb_varint_get(p, end, part)))
		return -1;
	return 0;
}

rb_status rb_record_decode(const char *data, size_t len, rb_record *r,
			   char **err)
{
	const char *p = data, *end = data + len;
	uint64_t passage, line, date = 0, part = 0;
	int version = len ? *p++ : 0;
	r->path = r->title = "";
	r->path_len = r->title_len = 0;
	r->n_fields = 0;
	r->lang = "";
	r->lang_len = 0;
	r->part_name = "";
	r->part_name_len = 0;
	r->from_first = 0;
	r->file_id = 0;
	if (version < 1 || version > RECORD_VERSION ||
	    rb_varint_get(&p, end, &passage) || rb_varint_get(&p, end, &line))
		goto damaged;
	r->passage = (uint32_t)passage;
	if (version == 8 ? passage > UINT32_MAX || decode_v8(&p, end, r, &date, &part)
	    : version == 7 ? decode_v7(&p, end, r, &date, &part)
			   : decode_old(version, &p, end, r, &date, &part))
		goto damaged;
	r->date = unzigzag(date);
	r->part = (uint32_t)part;
	r->text_in_file = 0;
	r->text_hash = 0;
	r->text_missing = NULL;
	if (version > 5) {
		if (p == end || (*p != 0 && (*p != 1 || end - p < 9)))
			goto damaged;
		r->text_in_file = *p++;
		for (int i = 0; r->text_in_file && i < 8; i++)
			r->text_hash |= (uint64_t)(unsigned char)*p++ << (8 * i);
	}
	r->passage = (uint32_t)passage;
	r->line = (uint32_t)line;
	return RB_OK;
damaged:
	return rb_fail(err, RB_ERR_INDEX, "passage record is damaged or from another version");
}
