/* dump-passages: prints every passage of a rubric index as JSON Lines,
 *
 *   {"path": "/abs/file", "passage": 3, "line": 12, "text": "..."}
 *
 * one object per passage, in docid order, its text read back from its file
 * where the index keeps only the range (lib/source.h); a file that no
 * longer gives it is named on stderr, and the exit is 2.  The evaluation (tests/eval/)
 * feeds the same passages to rubric's peers, so all engines rank the same
 * units.  Text that is not valid UTF-8 has each invalid byte replaced by
 * U+FFFD (JSON strings must be UTF-8); the count goes to stderr.
 *
 * usage: dump-passages INDEX > passages.jsonl
 * Exit status: 0 done, 2 error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "filerecord.h"
#include "source.h"
#include "xapian_c.h"

#define PROG "dump-passages"

typedef struct {
	FILE *out;
	unsigned long n, lossy, bad;
	rb_source *source;
	rb_file_records *files;  /* later passages' path from passage 1 */
	char *buf;  /* scratch for repaired UTF-8 */
	size_t cap;
	int failed;
} dump_ctx;

/* Length of the valid UTF-8 sequence at s[0, n), or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
	else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
	else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
	else return 0;
	if (len > n)
		return 0;
	unsigned cp = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* A JSON string of s[0, n); invalid bytes become U+FFFD. */
static json_t *json_text(dump_ctx *c, const char *s, size_t n, int *lossy)
{
	json_t *j = json_stringn(s, n);
	*lossy = 0;
	if (j)
		return j;
	if (c->cap < 3 * n + 1) {
		char *b = realloc(c->buf, 3 * n + 1);
		if (!b)
			return NULL;
		c->buf = b;
		c->cap = 3 * n + 1;
	}
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t l = u[i] ? utf8_seq(u + i, n - i) : 0;
		if (l) {
			memcpy(c->buf + o, s + i, l);
			o += l;
			i += l;
		} else {
			if (u[i] == 0) {  /* NUL: jansson would accept it, keep it out */
				c->buf[o++] = ' ';
			} else {
				memcpy(c->buf + o, "\xEF\xBF\xBD", 3);
				o += 3;
			}
			i++;
		}
	}
	*lossy = 1;
	return json_stringn(c->buf, o);
}

static int each(uint32_t docid, const char *data, size_t len, void *vctx)
{
	dump_ctx *c = vctx;
	rb_record r;
	char *err = NULL;
	if (rb_record_read(c->files, data, len, &r, NULL, &err) != RB_OK) {
		fprintf(stderr, PROG ": document %u: %s\n", docid,
			err ? err : "undecodable record");
		free(err);
		c->bad++;
		return 0;
	}
	if (rb_source_text(c->source, &r) != RB_OK) {
		fprintf(stderr, PROG ": %.*s: %s\n", (int)r.path_len, r.path, r.text_missing);
		c->bad++;
		return 0;
	}
	int lossy_p, lossy_t;
	json_t *path = json_text(c, r.path, r.path_len, &lossy_p);
	json_t *text = path ? json_text(c, r.text, r.text_len, &lossy_t) : NULL;
	json_t *o = text ? json_pack("{s:o,s:I,s:I,s:o}", "path", path,
				     "passage", (json_int_t)r.passage,
				     "line", (json_int_t)r.line, "text", text)
			 : NULL;
	if (!o) {
		if (!text && path)
			json_decref(path);
		fprintf(stderr, PROG ": document %u: out of memory\n", docid);
		c->failed = 1;
		return 1;
	}
	if (lossy_p || lossy_t)
		c->lossy++;
	if (json_dumpf(o, c->out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
	    putc('\n', c->out) == EOF) {
		json_decref(o);
		fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
		c->failed = 1;
		return 1;
	}
	json_decref(o);
	c->n++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: " PROG " INDEX > passages.jsonl\n");
		return 2;
	}
	xc_db *db = NULL;
	char *err = NULL;
	if (xc_db_open(argv[1], &db, &err) != XC_OK) {
		fprintf(stderr, PROG ": %s\n", err ? err : argv[1]);
		free(err);
		return 2;
	}
	dump_ctx c = { .out = stdout };
	if (rb_source_new(&c.source, &err) || rb_file_records_new(db, &c.files, &err)) {
		fprintf(stderr, PROG ": out of memory\n");
		return 2;
	}
	xc_status st = xc_db_each_document(db, each, &c, &err);
	rb_file_records_free(c.files);
	xc_db_close(db);
	rb_source_free(c.source);
	free(c.buf);
	if (st != XC_OK) {
		fprintf(stderr, PROG ": %s\n", err ? err : xc_status_to_string(st));
		free(err);
		return 2;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
		return 2;
	}
	fprintf(stderr, PROG ": %lu passages (%lu with invalid UTF-8 repaired, %lu undecodable)\n",
		c.n, c.lossy, c.bad);
	return c.failed || c.bad ? 2 : 0;
}
