#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define COLOR_PATH "\033[35m"
#define COLOR_LINE "\033[32m"
#define COLOR_MATCH "\033[1;31m"
#define COLOR_END "\033[0m"

const char *render_path(const render_opts *o, const rb_record *r,
			size_t *len_out)
{
	size_t cl = o->cwd ? strlen(o->cwd) : 0;
	if (cl > 1 && r->path_len > cl + 1 && memcmp(r->path, o->cwd, cl) == 0 &&
	    r->path[cl] == '/') {
		*len_out = r->path_len - cl - 1;
		return r->path + cl + 1;
	}
	*len_out = r->path_len;
	return r->path;
}

static void put_folded(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		putc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, f);
	}
}

void render_text(FILE *f, const render_opts *o, const rb_record *r,
		 const rb_span *hl, size_t n_hl)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	if (o->color)
		fprintf(f, COLOR_PATH "%.*s" COLOR_END ":" COLOR_LINE "%u" COLOR_END ": ",
			(int)plen, path, r->line);
	else
		fprintf(f, "%.*s:%u: ", (int)plen, path, r->line);
	size_t at = 0;
	for (size_t i = 0; o->color && i < n_hl; i++) {
		put_folded(f, r->text + at, hl[i].start - at);
		fputs(COLOR_MATCH, f);
		put_folded(f, r->text + hl[i].start, hl[i].end - hl[i].start);
		fputs(COLOR_END, f);
		at = hl[i].end;
	}
	put_folded(f, r->text + at, r->text_len - at);
	putc('\n', f);
}

/* A JSON string, or, for bytes that are not UTF-8, {"bytes": base64} as
 * ripgrep does, so that no byte is lost or changed. */
static json_t *json_bytes(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	if (j)
		return j;
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((n + 2) / 3 * 4 + 1), *p = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)(uint8_t)s[i] << 16;
		if (i + 1 < n) v |= (uint32_t)(uint8_t)s[i + 1] << 8;
		if (i + 2 < n) v |= (uint8_t)s[i + 2];
		*p++ = b64[v >> 18 & 63];
		*p++ = b64[v >> 12 & 63];
		*p++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*p++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*p = '\0';
	j = json_pack("{s:s}", "bytes", out);
	free(out);
	return j;
}

int render_json(FILE *f, const render_opts *o, const rb_record *r,
		unsigned rank, double score, const rb_span *hl, size_t n_hl)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	json_t *spans = json_array();
	for (size_t i = 0; spans && i < n_hl; i++)
		if (json_array_append_new(spans, json_pack("[I,I]", (json_int_t)hl[i].start,
							   (json_int_t)hl[i].end))) {
			json_decref(spans);
			spans = NULL;
		}
	json_t *hit = spans ? json_pack("{s:s,s:I,s:f,s:o,s:o,s:I,s:I,s:I,s:I,s:o,s:o}",
		"type", "hit",
		"rank", (json_int_t)rank,
		"score", score,
		"path", json_bytes(path, plen),
		"title", json_bytes(r->title, r->title_len),
		"passage", (json_int_t)r->passage,
		"line", (json_int_t)r->line,
		"start", (json_int_t)r->start,
		"end", (json_int_t)r->end,
		"text", json_bytes(r->text, r->text_len),
		"highlights", spans) : NULL;
	if (!hit)
		return -1;
	int rc = json_dumpf(hit, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(hit);
	putc('\n', f);
	return rc;
}
