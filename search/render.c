#include "render.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COLOR_PATH "\033[35m"
#define COLOR_LINE "\033[32m"
#define COLOR_MATCH "\033[1;31m"
#define COLOR_MISSING "\033[2m"
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

/* Whether the passage is in a part of extracted text (a PDF's page, an
 * EPUB's chapter, a slide, a sheet), whose line numbers start again. */
static bool has_part(const rb_record *r)
{
	return r->part && r->part_name_len;
}

/* Where the passage is, in text and TSV: LINE, or PART<sep>LINE in a
 * part (report.pdf:10:3: is page 10's line 3), as JSON's "page" and
 * "line". */
static void put_location(FILE *f, const rb_record *r, char sep)
{
	if (has_part(r))
		fprintf(f, "%u%c", r->part, sep);
	fprintf(f, "%u", r->line);
}

/* [QID:]PATH<sep>LOCATION<sep> with sep ':' for a hit, '-' for context,
 * '+' for a file match's other passage; -0 puts a NUL after the path
 * instead. */
static void put_prefix(FILE *f, const render_opts *o, const rb_record *r, char sep)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	if (o->qid)
		fprintf(f, "%s:", o->qid);
	if (o->color)
		fprintf(f, COLOR_PATH "%.*s" COLOR_END, (int)plen, path);
	else
		fwrite(path, 1, plen, f);
	putc(o->null_path ? '\0' : sep, f);
	if (o->color)
		fputs(COLOR_LINE, f);
	put_location(f, r, sep);
	if (o->color)
		fputs(COLOR_END, f);
	fprintf(f, "%c ", sep);
}

static void put_highlighted(FILE *f, const render_opts *o, const rb_record *r,
			    const rb_span *hl, size_t n_hl)
{
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

void render_text(FILE *f, const render_opts *o, const rb_record *r,
		 const rb_span *hl, size_t n_hl, const render_extra *x)
{
	put_prefix(f, o, r, ':');
	if (x && x->n_missing) {
		fputs(o->color ? COLOR_MISSING "[missing:" : "[missing:", f);
		for (size_t i = 0; i < x->n_missing; i++)
			fprintf(f, " %s", x->missing[i]);
		fputs(o->color ? "]" COLOR_END " " : "] ", f);
	}
	put_highlighted(f, o, r, hl, n_hl);
	for (size_t i = 0; x && i < x->n_others; i++) {
		put_prefix(f, o, &x->others[i].r, '+');
		put_highlighted(f, o, &x->others[i].r, x->others[i].hl, x->others[i].n_hl);
	}
}

void render_text_context(FILE *f, const render_opts *o, const rb_record *r)
{
	put_prefix(f, o, r, '-');
	put_folded(f, r->text, r->text_len);
	putc('\n', f);
}

void render_file(FILE *f, const render_opts *o, const char *path, size_t len)
{
	if (o->qid)
		fprintf(f, "%s:", o->qid);
	fwrite(path, 1, len, f);
	putc(o->null_path ? '\0' : '\n', f);
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


/* Sets key to v (stolen); a NULL v (out of memory) marks the object bad. */
static void put(json_t *o, int *bad, const char *key, json_t *v)
{
	if (!v || json_object_set_new(o, key, v))
		*bad = 1;
}

static json_t *spans_json(const rb_span *hl, size_t n_hl)
{
	json_t *spans = json_array();
	for (size_t i = 0; spans && i < n_hl; i++)
		if (json_array_append_new(spans, json_pack("[I,I]", (json_int_t)hl[i].start,
							   (json_int_t)hl[i].end))) {
			json_decref(spans);
			spans = NULL;
		}
	return spans;
}

/* The object, a newline; -1 when it could not be built or written. */
static int emit(FILE *f, json_t *o, int bad)
{
	int rc = -1;
	if (o && !bad) {
		rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
		putc('\n', f);
	}
	json_decref(o);
	return rc;
}

/* Extracted text: "page" (PDF) or "chapter" (EPUB) and its number. */
static void put_part(json_t *j, int *bad, const rb_record *r)
{
	char key[32];
	if (!has_part(r) || r->part_name_len >= sizeof key)
		return;
	memcpy(key, r->part_name, r->part_name_len);
	key[r->part_name_len] = '\0';
	put(j, bad, key, json_integer((json_int_t)r->part));
}

/* The fields every passage object shares, after "type" (and "qid"). */
static json_t *passage_object(const render_opts *o, const char *type,
			      const rb_record *r, unsigned rank, int with_score,
			      double score, int *bad)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	json_t *j = json_object();
	if (!j)
		return NULL;
	put(j, bad, "type", json_string(type));
	if (o->qid)
		put(j, bad, "qid", json_bytes(o->qid, strlen(o->qid)));
	put(j, bad, "rank", json_integer((json_int_t)rank));
	if (with_score)
		put(j, bad, "score", json_real(score));
	put(j, bad, "path", json_bytes(path, plen));
	put(j, bad, "title", json_bytes(r->title, r->title_len));
	put(j, bad, "passage", json_integer((json_int_t)r->passage));
	put_part(j, bad, r);
	put(j, bad, "line", json_integer((json_int_t)r->line));
	put(j, bad, "start", json_integer((json_int_t)r->start));
	put(j, bad, "end", json_integer((json_int_t)r->end));
	put(j, bad, "text", json_bytes(r->text, r->text_len));
	if (r->text_missing)
		put(j, bad, "text_unavailable", json_string(r->text_missing));
	if (r->lang_len)
		put(j, bad, "lang", json_stringn(r->lang, r->lang_len));
	char date[32];
	time_t t = (time_t)r->date;
	struct tm tm;
	if (gmtime_r(&t, &tm) && strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm))
		put(j, bad, "date", json_string(date));
	return j;
}

/* A file match's other passage, inside its hit. */
static json_t *other_json(const render_passage *p, int *bad)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	put(j, bad, "passage", json_integer((json_int_t)p->r.passage));
	put_part(j, bad, &p->r);
	put(j, bad, "line", json_integer((json_int_t)p->r.line));
	put(j, bad, "start", json_integer((json_int_t)p->r.start));
	put(j, bad, "end", json_integer((json_int_t)p->r.end));
	put(j, bad, "text", json_bytes(p->r.text, p->r.text_len));
	if (p->r.text_missing)
		put(j, bad, "text_unavailable", json_string(p->r.text_missing));
	put(j, bad, "highlights", spans_json(p->hl, p->n_hl));
	return j;
}

int render_json(FILE *f, const render_opts *o, const rb_record *r,
		unsigned rank, double score, const rb_span *hl, size_t n_hl,
		const render_extra *x)
{
	int bad = 0;
	json_t *hit = passage_object(o, "hit", r, rank, 1, score, &bad);
	if (hit) {
		put(hit, &bad, "highlights", spans_json(hl, n_hl));
		if (x && x->n_others) {
			json_t *others = json_array();
			for (size_t i = 0; others && i < x->n_others; i++)
				if (json_array_append_new(others, other_json(&x->others[i], &bad)))
					bad = 1;
			put(hit, &bad, "others", others);
		}
		if (x && x->n_missing) {
			json_t *missing = json_array();
			for (size_t i = 0; missing && i < x->n_missing; i++)
				if (json_array_append_new(missing, json_string(x->missing[i])))
					bad = 1;
			put(hit, &bad, "missing", missing);
		}
		if (r->n_fields) {
			json_t *fields = json_object();
			for (size_t i = 0; fields && i < r->n_fields; i++) {
				char *name = strndup(r->fields[i].name, r->fields[i].name_len);
				if (name)
					put(fields, &bad, name, json_bytes(r->fields[i].value,
									   r->fields[i].value_len));
				else
					bad = 1;
				free(name);
			}
			put(hit, &bad, "fields", fields);
		}
	}
	return emit(f, hit, bad);
}

int render_json_context(FILE *f, const render_opts *o, const rb_record *r,
			unsigned rank)
{
	int bad = 0;
	return emit(f, passage_object(o, "context", r, rank, 0, 0, &bad), bad);
}

int render_json_summary(FILE *f, const render_opts *o, const render_stats *st)
{
	int bad = 0;
	json_t *j = json_object();
	if (j) {
		put(j, &bad, "type", json_string("summary"));
		if (o->qid)
			put(j, &bad, "qid", json_bytes(o->qid, strlen(o->qid)));
		put(j, &bad, "query", json_bytes(st->query, strlen(st->query)));
		put(j, &bad, "matches", json_integer((json_int_t)st->matches));
		put(j, &bad, "hits", json_integer((json_int_t)st->hits));
		put(j, &bad, "files", json_integer((json_int_t)st->files));
		put(j, &bad, "elapsed", json_real(st->elapsed));
	}
	return emit(f, j, bad);
}

void render_text_summary(FILE *f, const render_opts *o, const render_stats *st)
{
	const char *q = o->qid ? o->qid : "", *c = o->qid ? ":" : "";
	fprintf(f, "%s%s%lu matching passages\n", q, c, st->matches);
	fprintf(f, "%s%s%lu hits shown\n", q, c, st->hits);
	fprintf(f, "%s%s%lu files with hits shown\n", q, c, st->files);
	fprintf(f, "%s%s%.6f seconds\n", q, c, st->elapsed);
}

static void put_tsv(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: putc(s[i], f);
		}
	}
}

/* One TSV row but its text: [QID<TAB>]RANK<TAB>SCORE<TAB>PATH<TAB>LOCATION<TAB>,
 * SCORE the hit's (six decimals) or "+" for a file match's other passage. */
static void put_tsv_row(FILE *f, const render_opts *o, const rb_record *r,
			unsigned rank, const double *score)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	if (o->qid) {
		put_tsv(f, o->qid, strlen(o->qid));
		putc('\t', f);
	}
	if (score)
		fprintf(f, "%u\t%.6f\t", rank, *score);
	else
		fprintf(f, "%u\t+\t", rank);
	put_tsv(f, path, plen);
	putc('\t', f);
	put_location(f, r, ':');
	putc('\t', f);
}

void render_tsv(FILE *f, const render_opts *o, const rb_record *r,
		unsigned rank, double score, const render_extra *x)
{
	put_tsv_row(f, o, r, rank, &score);
	if (x && x->n_missing) {
		fputs("[missing:", f);
		for (size_t i = 0; i < x->n_missing; i++) {
			putc(' ', f);
			put_tsv(f, x->missing[i], strlen(x->missing[i]));
		}
		fputs("] ", f);
	}
	put_tsv(f, r->text, r->text_len);
	putc('\n', f);
}

void render_tsv_other(FILE *f, const render_opts *o, const rb_record *r,
		      unsigned rank)
{
	put_tsv_row(f, o, r, rank, NULL);
	put_tsv(f, r->text, r->text_len);
	putc('\n', f);
}

/* TREC fields are split at white space: encode it (and '%'). */
static void put_trec(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '%')
			fprintf(f, "%%%02X", c);
		else
			putc(c, f);
	}
}

void render_trec(FILE *f, const render_opts *o, const rb_record *r,
		 unsigned rank, double score)
{
	size_t plen;
	const char *path = render_path(o, r, &plen);
	const char *qid = o->qid ? o->qid : "1";
	put_trec(f, qid, strlen(qid));
	fputs(" Q0 ", f);
	put_trec(f, path, plen);
	fprintf(f, "#%u %u %.6f rubric\n", r->passage, rank, score);
}

/* ------------------------------------------------------------ --max-chars */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The index of the first character starting at or after byte b. */
static size_t char_at(const size_t *cs, size_t n, size_t b)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cs[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int render_cut(const char *text, size_t len, const rb_span *hl, size_t n_hl,
	       const unsigned *word_id, size_t max_chars, char **out,
	       size_t *out_len, rb_span *out_hl, size_t *out_n_hl)
{
	static const char ellipsis[] = "\xe2\x80\xa6";  /* U+2026 */
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (i == 0 || ((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	if (n <= max_chars)
		return 0;
	/* cs[k]: byte offset of character k; cs[n] = len. */
	size_t *cs = malloc((n + 1) * sizeof *cs);
	size_t *hs = malloc((n_hl + 1) * sizeof *hs), *he = malloc((n_hl + 1) * sizeof *he);
	if (!cs || !hs || !he) {
		free(cs), free(hs), free(he);
		return -1;
	}
	for (size_t i = 0, k = 0; i < len; i++)
		if (i == 0 || ((unsigned char)text[i] & 0xC0) != 0x80)
			cs[k++] = i;
	cs[n] = len;
	for (size_t i = 0; i < n_hl; i++) {
		hs[i] = char_at(cs, n, hl[i].start);
		he[i] = char_at(cs, n, hl[i].end);
	}
	/* The run of whole highlights i..j (j exclusive) fitting in the window
	 * with the most distinct words, then the most highlights. */
	size_t bi = 0, bj = 0, best_d = 0, best_c = 0;
	for (size_t i = 0; i < n_hl; i++) {
		size_t j = i, d = 0;
		while (j < n_hl && he[j] - hs[i] <= max_chars) {
			size_t k = i;
			while (k < j && word_id[k] != word_id[j])
				k++;
			d += k == j;
			j++;
		}
		if (d > best_d || (d == best_d && j - i > best_c)) {
			bi = i, bj = j, best_d = d, best_c = j - i;
		}
	}
	size_t s = 0, e;
	if (best_c) {
		size_t span = he[bj - 1] - hs[bi], slack = max_chars - span;
		s = hs[bi] > slack / 2 ? hs[bi] - slack / 2 : 0;
	} else if (n_hl) {
		s = hs[0];   /* a highlight longer than the window: its start */
	}
	if (s > n - max_chars)
		s = n - max_chars;
	e = s + max_chars;
	/* Whole words at the cut ends, when the highlights allow. */
	size_t lo = best_c ? hs[bi] : e, hi = best_c ? he[bj - 1] : s;
	if (s > 0 && !is_space(text[cs[s - 1]])) {
		size_t t = s;
		while (t < lo && !is_space(text[cs[t]]))
			t++;
		if (t < lo)
			s = t;
	}
	if (e < n && !is_space(text[cs[e]])) {
		size_t t = e;
		while (t > hi && !is_space(text[cs[t - 1]]))
			t--;
		if (t > hi)
			e = t;
	}
	while (s < e && s < lo && is_space(text[cs[s]]))
		s++;
	while (e > s && e > hi && is_space(text[cs[e - 1]]))
		e--;
	size_t pre = s > 0 ? sizeof ellipsis - 1 : 0;
	size_t post = e < n ? sizeof ellipsis - 1 : 0;
	size_t b0 = cs[s], b1 = cs[e];
	char *buf = malloc(pre + (b1 - b0) + post + 1);
	if (!buf) {
		free(cs), free(hs), free(he);
		return -1;
	}
	memcpy(buf, ellipsis, pre);
	memcpy(buf + pre, text + b0, b1 - b0);
	memcpy(buf + pre + (b1 - b0), ellipsis, post);
	buf[pre + (b1 - b0) + post] = '\0';
	*out = buf;
	*out_len = pre + (b1 - b0) + post;
	size_t m = 0;
	for (size_t i = 0; i < n_hl; i++) {
		size_t a = hl[i].start > b0 ? hl[i].start : b0;
		size_t b = hl[i].end < b1 ? hl[i].end : b1;
		if (a < b)
			out_hl[m++] = (rb_span){ a - b0 + pre, b - b0 + pre };
	}
	*out_n_hl = m;
	free(cs), free(hs), free(he);
	return 1;
}
