/* print_json.c: the JSON Lines format: one object a line, a hit
 * {"type":"hit",...} (a file match's "others", a partial hit's "missing"),
 * its neighbours {"type":"context",...} (-C), its {"type":"explain",...}
 * (--explain), {"type":"summary",...} (--stats) and {"type":"suggestion"}
 * (did you mean).  Bytes that are not UTF-8 are kept, as ripgrep keeps
 * them, as {"bytes": BASE64}. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "printer.h"

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

/* "lines": the lines of its file a /REGEX/ matched, when any did. */
static void put_lines(json_t *o, int *bad, const printed_passage *p)
{
	if (!p->n_lines)
		return;
	json_t *lines = json_array();
	for (size_t i = 0; lines && i < p->n_lines; i++)
		if (json_array_append_new(lines, json_integer((json_int_t)p->lines[i])))
			*bad = 1;
	put(o, bad, "lines", lines);
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
	if (!render_has_part(r) || r->part_name_len >= sizeof key)
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
static json_t *other_json(const printed_passage *p, int *bad)
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
	put_lines(j, bad, p);
	return j;
}

/* One JSON object, {"type":"hit",...}, and a newline; a file match has
 * "others": [{"passage","line","start","end","text","highlights"}...], a
 * partial hit "missing": [WORD...].  -1 on failure. */
static int put_hit(FILE *f, const render_opts *o, const printed_hit *ph)
{
	int bad = 0;
	const rb_record *r = &ph->p.r;
	const result_hit *h = ph->h;
	json_t *hit = passage_object(o, "hit", r, ph->rank, 1, h->score, &bad);
	if (hit) {
		put(hit, &bad, "highlights", spans_json(ph->p.hl, ph->p.n_hl));
		put_lines(hit, &bad, &ph->p);
		if (ph->n_others) {
			json_t *others = json_array();
			for (size_t i = 0; others && i < ph->n_others; i++)
				if (json_array_append_new(others, other_json(&ph->others[i], &bad)))
					bad = 1;
			put(hit, &bad, "others", others);
		}
		if (h->n_missing) {
			json_t *missing = json_array();
			for (size_t i = 0; missing && i < h->n_missing; i++)
				if (json_array_append_new(missing, json_string(h->missing[i])))
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

/* {"type":"context","rank":RANK,...}: a neighbour of hit RANK. */
static int put_context(FILE *f, const render_opts *o, const rb_record *r, unsigned rank)
{
	int bad = 0;
	return emit(f, passage_object(o, "context", r, rank, 0, 0, &bad), bad);
}

/* --stats: {"type":"summary",...}. */
static int put_summary(FILE *f, const render_opts *o, const render_stats *st)
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

/* --explain: each weighted part's BM25 share of the hit, and the length
 * normalisation, as an "explain" object after the hit. */
static void put_explanation(FILE *f, const printed_hit *ph)
{
	const query_explanation *x = ph->x;
	const result_hit *h = ph->h;
	json_t *terms = json_array();
	for (size_t k = 0; k < x->n_terms; k++)
		json_array_append_new(terms, json_pack("{s:s,s:f,s:I,s:I}",
			"term", x->terms[k].label, "weight", x->terms[k].weight,
			"occurrences", (json_int_t)x->terms[k].occurrences,
			"passages", (json_int_t)x->terms[k].passages));
	json_t *o = json_pack("{s:s,s:I,s:f,s:f,s:o,s:I,s:f,s:f,s:f,s:f}", "type", "explain",
			      "rank", (json_int_t)ph->rank, "score", h->score,
			      "passage_score", ph->x_passage, "terms", terms,
			      "length", (json_int_t)x->length, "avg_length", x->avg_length,
			      "k1", x->k1, "b", x->b, "length_norm", ph->x_norm);
	if (o && h->blended)
		json_object_set_new(o, "evidence", json_pack(
			"{s:f,s:f,s:f,s:f,s:f}", "partial_weight", RESULTS_PARTIAL_WEIGHT,
			"others", h->others_weight, "others_weight", RESULTS_OTHERS_WEIGHT,
			"file", h->file_weight, "file_weight", RESULTS_FILE_WEIGHT));
	if (o && json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
		putc('\n', f);
	json_decref(o);
}

static int json_hit(printer *pr, const printed_hit *h, char **err)
{
	for (size_t i = 0; i < h->n_before; i++)
		put_context(stdout, pr->ro, &h->before[i].r, h->rank);
	/* A failed write shows in ferror(stdout). */
	if (put_hit(stdout, pr->ro, h) && !ferror(stdout))
		return *err = strdup("cannot encode a hit as JSON"), 2;
	if (h->x)
		put_explanation(stdout, h);
	for (size_t i = 0; i < h->n_after; i++)
		put_context(stdout, pr->ro, &h->after[i].r, h->rank);
	return 0;
}

static void json_stats(const printer *pr, const render_stats *st)
{
	put_summary(stdout, pr->ro, st);
}

/* Did you mean: {"type":"suggestion","query":...,"count":N}. */
static void json_suggestion(const printer *pr, const char *query, unsigned long count)
{
	(void)pr;
	json_t *o = json_pack("{s:s,s:s,s:I}", "type", "suggestion", "query",
			      query, "count", (json_int_t)count);
	if (o && json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
		putchar('\n');
	json_decref(o);
}

const printer_format json_printer = {
	.partials = true,
	.text = true,
	.context = true,
	.explain = true,
	.hit = json_hit,
	.stats = json_stats,
	.suggestion = json_suggestion,
};
