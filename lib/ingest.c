#include "ingest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "langdetect.h"
#include "passage.h"
#include "record.h"
#include "store.h"
#include "grow.h"

/* Text analysed at once: bounds the words kept (~50 bytes each). */
#define RB_SEGMENT_BYTES (1u << 20)

/* NUL-terminated strings one after another, found by offset (the block
 * moves as it grows). */
typedef struct {
	char *p;
	size_t used, cap;
} text_arena;

/* Hashes, open addressing. */
typedef struct {
	uint64_t *slot;
	size_t used, cap;
} hash_set;

typedef struct {
	uint32_t term_off, key_off;   /* into the string arena */
	uint16_t term_len, key_len;   /* key_len 0: no family key */
} word_terms;

struct rb_ingest {
	xc_writer *w;
	rb_analyzer *a;          /* the current document's */
	rb_analyzers *analyzers;
	rb_langdetect *detect;   /* NULL: every document in `lang` */
	const char *lang;        /* fixed, or the current document's */
	const char *next_lang;   /* rb_ingest_set_lang's, for the next document */
	char *fixed_lang;
	xc_doc *doc;
	/* One document's words: spans for the splitter, terms for the index. */
	rb_span *spans;
	word_terms *terms;
	size_t n, cap;
	text_arena strings;
	/* Hashes of the family keys this writer has written. */
	hash_set seen;
	/* An update's words, each once, for the spelling structure. */
	hash_set written_seen;
	text_arena written;
	/* Family keys held back until rb_ingest_flush, and where each
	 * starts in `held` and how long it is. */
	text_arena held;
	struct held_key { size_t at, len; } *held_at;
	size_t n_held, held_at_cap;
	/* The current document's mail header terms ("XF" + word, ...), each
	 * NUL-terminated, one after another; added to each of its passages. */
	text_arena headers;
	/* A subdocument's: RB_CONTAINER_PREFIX + its file's id, on each of
	 * its passages; "" for a file's own. */
	char container[24];
	int64_t file_time;       /* rb_ingest_set_file_time's */
	int text_in_file;        /* rb_ingest_set_text_in_file's, this document's */
	int store_text;
	/* The file had passages: each new one replaces the old one of its
	 * number (an unchanged passage then costs Xapian no posting). */
	int in_place;
	/* The writer's index held documents when the ingest began (an
	 * update): most family keys are there already. */
	int index_had_words;
	int oom;
};

/* A writer call failed: its message, freed, in *err. */
static rb_status writer_failed(xc_status xs, char *msg, char **err)
{
	rb_status rc = rb_fail(err, rb_store_status(xs), "%s", msg ? msg : xc_status_to_string(xs));
	free(msg);
	return rc;
}

rb_status rb_ingest_new(xc_writer *w, const char *lang, rb_ingest **out,
			char **err)
{
	rb_ingest *in = calloc(1, sizeof *in);
	char *msg = NULL;
	if (!in)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	rb_status rc = RB_OK;
	in->w = w;
	in->analyzers = rb_analyzers_new();
	if (!in->analyzers || !(in->fixed_lang = strdup(lang ? lang : "auto")))
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	else if (strcmp(in->fixed_lang, "auto") == 0)
		rc = rb_langdetect_new(&in->detect, err);
	else
		rc = rb_analyzers_get(in->analyzers, in->fixed_lang, &in->a, err);
	uint32_t docs = 0;
	xc_status xs;
	if (!rc && (xs = xc_writer_doccount(w, &docs, &msg))) {
		rc = writer_failed(xs, msg, err);
		msg = NULL;
	}
	in->index_had_words = docs > 0;
	if (!rc && xc_doc_new(&in->doc, &msg)) {
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s", msg ? msg : "out of memory");
		free(msg);
	}
	if (rc) {
		rb_ingest_free(in);
		return rc;
	}
	*out = in;
	return RB_OK;
}

void rb_ingest_free(rb_ingest *in)
{
	if (!in)
		return;
	xc_doc_free(in->doc);
	rb_analyzers_free(in->analyzers);
	rb_langdetect_free(in->detect);
	free(in->fixed_lang);
	free(in->spans);
	free(in->terms);
	free(in->strings.p);
	free(in->seen.slot);
	free(in->written_seen.slot);
	free(in->written.p);
	free(in->held.p);
	free(in->held_at);
	free(in->headers.p);
	free(in);
}

/* Copies s[0, len) and a NUL to the end of the arena: its offset, or
 * SIZE_MAX when out of memory. */
static size_t arena_add(text_arena *a, const char *s, size_t len)
{
	char *p = rb_grow(a->p, &a->cap, a->used + len + 1, 1, 1 << 16);
	if (!p)
		return SIZE_MAX;
	a->p = p;
	size_t off = a->used;
	memcpy(a->p + off, s, len);
	a->p[off + len] = '\0';
	a->used += len + 1;
	return off;
}

/* Keeps a family key for rb_ingest_flush; -1: out of memory. */
static int hold_key(rb_ingest *in, const char *key, size_t len)
{
	struct held_key *v = rb_grow(in->held_at, &in->held_at_cap, in->n_held + 1, sizeof *v, 4096);
	if (!v)
		return -1;
	in->held_at = v;
	size_t at = arena_add(&in->held, key, len);
	if (at == SIZE_MAX)
		return -1;
	in->held_at[in->n_held++] = (struct held_key){ at, len };
	return 0;
}

/* Keys (a pointer, then its length) in Xapian's order: bytewise. */
typedef struct {
	const char *p;
	size_t len;
} key_ref;

static int by_bytes(const void *a, const void *b)
{
	const key_ref *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->len < y->len ? x->len : y->len);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Written in key order: neighbours share blocks (Xapian's synonym table,
 * which held the families before, rewrote an entry each time its key
 * changed: in key order once per key, a build of the related corpus
 * 0.5-0.9 s faster of 8.6-9.2 s than in text order). */
rb_status rb_ingest_flush(rb_ingest *in, char **err)
{
	char *msg = NULL;
	if (in->n_held == 0)
		return RB_OK;
	key_ref *refs = malloc(in->n_held * sizeof *refs);
	const char **keys = malloc(in->n_held * sizeof *keys);
	size_t *lens = malloc(in->n_held * sizeof *lens);
	if (!refs || !keys || !lens) {
		free(refs);
		free(keys);
		free(lens);
		return rb_fail(err, RB_ERR_NO_MEMORY, "family keys: out of memory");
	}
	for (size_t i = 0; i < in->n_held; i++)
		refs[i] = (key_ref){ in->held.p + in->held_at[i].at, in->held_at[i].len };
	qsort(refs, in->n_held, sizeof *refs, by_bytes);
	for (size_t i = 0; i < in->n_held; i++) {
		keys[i] = refs[i].p;
		lens[i] = refs[i].len;
	}
	xc_status xs = xc_writer_add_keys(in->w, keys, lens, in->n_held, in->index_had_words, &msg);
	free(refs);
	free(keys);
	free(lens);
	in->n_held = in->held.used = 0;
	return xs ? writer_failed(xs, msg, err) : RB_OK;
}

/* Offsets are kept in 32 bits. */
static uint32_t keep_string(rb_ingest *in, const char *s, size_t len)
{
	size_t off = arena_add(&in->strings, s, len);
	if (off == SIZE_MAX || off > UINT32_MAX) {
		in->oom = 1;
		return 0;
	}
	return (uint32_t)off;
}

static int collect_word(const rb_token *t, void *ctx)
{
	rb_ingest *in = ctx;
	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 1024;
		rb_span *s = realloc(in->spans, cap * sizeof *s);
		if (s)
			in->spans = s;
		word_terms *w = s ? realloc(in->terms, cap * sizeof *w) : NULL;
		if (!w) {
			in->oom = 1;
			return 1;
		}
		in->terms = w;
		in->cap = cap;
	}
	word_terms *w = &in->terms[in->n];
	w->term_off = keep_string(in, t->term, t->term_len);
	w->term_len = (uint16_t)t->term_len;
	/* The word's family key, ready for the index, if it fits (a long
	 * word whose stem is most of it does not). */
	char z[RB_MAX_KEY_BYTES + 1];
	w->key_len = (uint16_t)rb_family_key(z, sizeof z, t->stem, t->stem_len, in->lang,
					     t->term, t->term_len);
	w->key_off = keep_string(in, z, w->key_len);
	in->spans[in->n] = (rb_span){ t->start, t->end };
	in->n++;
	return in->oom;
}

/* Adds the hash h (odd: 0 marks a free slot) to the set: 1 when it was
 * not there, 0 when it was, -1 when out of memory. */
static int hash_set_add(hash_set *set, uint64_t h)
{
	if (set->used * 2 >= set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1 << 16;
		uint64_t *t = calloc(cap, sizeof *t);
		if (!t)
			return -1;
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->slot[i])
				continue;
			size_t j = set->slot[i] & (cap - 1);
			while (t[j])
				j = (j + 1) & (cap - 1);
			t[j] = set->slot[i];
		}
		free(set->slot);
		set->slot = t;
		set->cap = cap;
	}
	size_t mask = set->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		if (set->slot[i] == h)
			return 0;
		if (!set->slot[i]) {
			set->slot[i] = h;
			set->used++;
			return 1;
		}
	}
}

/* Keys a writer remembers before it forgets them all: a repeat then
 * costs a second write of the key, which Xapian absorbs, where a set of
 * every key would grow with the vocabulary (668,933 words at 16x the
 * related corpus).  2 MB of slots. */
#define SEEN_KEYS (1u << 17)

/* Whether this family key is new to this writer (then it is remembered). */
static int first_sight(rb_ingest *in, const char *key, size_t len)
{
	if (in->seen.used >= SEEN_KEYS - 1) {
		memset(in->seen.slot, 0, in->seen.cap * sizeof *in->seen.slot);
		in->seen.used = 0;
	}
	return hash_set_add(&in->seen, XXH3_64bits(key, len) | 1);
}

/* Keeps a word this ingest wrote, once (an update's, for the spelling
 * structure); -1 when out of memory. */
static int note_written(rb_ingest *in, const char *term, size_t len)
{
	int fresh = hash_set_add(&in->written_seen, XXH3_64bits(term, len) | 1);
	if (fresh > 0 && arena_add(&in->written, term, len) == SIZE_MAX)
		return -1;
	return fresh < 0 ? -1 : 0;
}

const char *rb_ingest_written_words(const rb_ingest *in, size_t *len)
{
	*len = in->written.used;
	return in->index_had_words ? (in->written.p ? in->written.p : "") : NULL;
}

/* Where the document's passages are in the source file: byte offsets
 * through the reader's map, and lines counted in the source itself.  For
 * extracted text (doc->extracted), the source is the text, and lines
 * count from the start of the passage's part (page, chapter); for a
 * compressed file, its inflated bytes. */
typedef struct {
	const rb_document *doc;
	const char *src;
	size_t src_len;
	size_t counted;      /* source bytes whose newlines are counted */
	uint32_t line;
	size_t part;         /* 1-based part of the last offset, 0: none */
} source_pos;

/* The part holding text offset `off`, moving on from sp->part (passages
 * come in order); a new part starts its lines again at 1. */
static uint32_t text_part(source_pos *sp, size_t off)
{
	const rb_document *doc = sp->doc;
	size_t k = sp->part;
	if (k && doc->part_starts[k - 1] > off)
		k = 0;
	while (k < doc->n_parts && doc->part_starts[k] <= off)
		k++;
	if (k != sp->part) {
		sp->part = k;
		sp->counted = k ? doc->part_starts[k - 1] : 0;
		sp->line = 1;
	}
	return (uint32_t)k;
}

static uint32_t source_line(source_pos *sp, size_t src_off)
{
	if (src_off > sp->src_len)
		src_off = sp->src_len;
	if (src_off < sp->counted) {  /* maps need not be monotonic: recount */
		sp->counted = 0;
		sp->line = 1;
	}
	for (const char *nl; (nl = memchr(sp->src + sp->counted, '\n', src_off - sp->counted));) {
		sp->line++;
		sp->counted = (size_t)(nl - sp->src) + 1;
	}
	sp->counted = src_off;
	return sp->line;
}

typedef struct {
	text_arena *to;
	const char *prefix;
	size_t prefix_len;
} header_sink;

static int add_header_word(const rb_token *tok, void *ctx)
{
	header_sink *h = ctx;
	char term[RB_MAX_TERM_BYTES + 8];
	if (tok->term_len + h->prefix_len > RB_MAX_TERM_BYTES)
		return 0;  /* Xapian's limit: such a word is not searched for */
	memcpy(term, h->prefix, h->prefix_len);
	memcpy(term + h->prefix_len, tok->term, tok->term_len);
	return arena_add(h->to, term, h->prefix_len + tok->term_len) == SIZE_MAX;
}

/* The terms of the document's mail headers, words folded as the text's
 * are (unstemmed: a name or an address is not a word to stem). */
static int collect_headers(rb_ingest *in, const rb_field *fields, size_t n_fields)
{
	in->headers.used = 0;
	for (size_t i = 0; i < n_fields; i++) {
		const char *name = fields[i].name, *value = fields[i].value;
		header_sink h = { &in->headers, NULL, 2 };
		if (strcmp(name, "from") == 0)
			h.prefix = RB_FROM_PREFIX;
		else if (strcmp(name, "to") == 0 || strcmp(name, "cc") == 0)
			h.prefix = RB_TO_PREFIX;
		else if (strcmp(name, "attachment") == 0)
			h.prefix = RB_ATTACHMENT_PREFIX;
		else if (strcmp(name, "id") == 0) {
			size_t n = strlen(value);
			char term[RB_MAX_TERM_BYTES + 1];
			if (n + 2 > RB_MAX_TERM_BYTES)
				continue;
			snprintf(term, sizeof term, RB_ID_PREFIX "%s", value);
			if (arena_add(&in->headers, term, n + 2) == SIZE_MAX)
				return -1;
			continue;
		} else
			continue;
		uint32_t pos = 1;
		if (rb_analyze(in->a, value, strlen(value), &pos, add_header_word, &h))
			return -1;
	}
	return 0;
}

/* What a passage's record and terms say of where it comes from: its
 * document's title, fields and date, or its message's in an mbox. */
typedef struct {
	const char *title;
	size_t title_len;
	const rb_field *fields;
	size_t n_fields;
	bool has_date;
	int64_t date;
	bool of_passage_1;   /* passage 1's origin too: its record keeps it */
} passage_origin;

/* The document's origin, or message m's (the reader's title, else the
 * first line of the text from where it starts), with its header terms. */
static int set_origin(rb_ingest *in, const rb_document *doc, const rb_message *m,
		      passage_origin *o)
{
	const char *text = doc->text ? doc->text : "";
	size_t len = doc->text ? doc->text_len : 0, from = m ? m->text_start : 0;
	const char *title = m ? m->title : doc->title;
	if (from > len)
		from = len;
	rb_span first = rb_passage_title(text + from, len - from);
	*o = (passage_origin){
		.title = title ? title : text + from + first.start,
		.title_len = title ? strlen(title) : first.end - first.start,
		.fields = m ? m->fields : doc->fields,
		.n_fields = m ? m->n_fields : doc->n_fields,
		.has_date = m ? m->has_date : doc->has_date,
		.date = m ? m->date : doc->date,
	};
	return collect_headers(in, o->fields, o->n_fields);
}

/* The passage's unique term: "Q" + file id + ":" + number. */
static int passage_id(const char *path_term, uint32_t number, char id[40])
{
	return snprintf(id, 40, "Q%s:%" PRIu32, path_term + 1, number);
}

static rb_status add_passage(rb_ingest *in, const char *path, const passage_origin *o,
			     source_pos *sp, const rb_passage *p, uint32_t number,
			     const char *path_term, char **err)
{
	const rb_document *doc = sp->doc;
	char *msg = NULL, *data = NULL;
	size_t data_len;
	xc_status xs = XC_OK;
	int stems = rb_analyzer_stems(in->a);

	xc_doc_clear(in->doc);
	for (size_t i = 0; i < p->n_words && !xs; i++) {
		const word_terms *w = &in->terms[p->first_word + i];
		const char *term = in->strings.p + w->term_off;
		xs = xc_doc_add_term(in->doc, term, w->term_len, 1, &msg);
		if (!xs && in->index_had_words && note_written(in, term, w->term_len))
			return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
		if (xs || !stems || !w->key_len)
			continue;
		const char *key = in->strings.p + w->key_off;
		int fresh = first_sight(in, key, w->key_len);
		if (fresh < 0)
			return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
		if (fresh && hold_key(in, key, w->key_len))
			return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
	}
	char id[40];
	int id_len = passage_id(path_term, number, id);
	if (!xs)
		xs = xc_doc_add_boolean_term(in->doc, id, (size_t)id_len, &msg);
	if (!xs)
		xs = xc_doc_add_boolean_term(in->doc, path_term, strlen(path_term), &msg);
	if (!xs)
		xs = xc_doc_set_value(in->doc, RB_SLOT_FILE, path_term + 1, RB_FILE_ID_LEN, &msg);
	char order[RB_ORDER_KEY_LEN + 1];
	snprintf(order, sizeof order, "%s%08" PRIx32, path_term + 1, number);
	if (!xs)
		xs = xc_doc_set_value(in->doc, RB_SLOT_ORDER, order, RB_ORDER_KEY_LEN, &msg);
	char lang_term[64];
	snprintf(lang_term, sizeof lang_term, RB_LANG_PREFIX "%s", in->lang);
	if (!xs)
		xs = xc_doc_add_boolean_term(in->doc, lang_term, strlen(lang_term), &msg);
	if (!xs && in->container[0])
		xs = xc_doc_add_boolean_term(in->doc, in->container, strlen(in->container), &msg);
	for (size_t at = 0; at < in->headers.used && !xs; at += strlen(in->headers.p + at) + 1)
		xs = xc_doc_add_boolean_term(in->doc, in->headers.p + at,
					     strlen(in->headers.p + at), &msg);
	int64_t date = o->has_date ? o->date : in->file_time;
	char date_key[RB_DATE_KEY_LEN + 1];
	rb_date_key(date, date_key);
	if (!xs)
		xs = xc_doc_set_value(in->doc, RB_SLOT_DATE, date_key, RB_DATE_KEY_LEN, &msg);
	if (xs)
		goto fail;

	size_t start = rb_document_source_offset(doc, p->start);
	size_t end = rb_document_source_offset(doc, p->end);
	uint32_t part = doc->part_name ? text_part(sp, start) : 0;
	rb_record r = {
		.path = path, .path_len = strlen(path),
		.title = o->title, .title_len = o->title_len,
		.text = doc->text + p->start, .text_len = p->end - p->start,
		.passage = number, .line = source_line(sp, start),
		.start = start, .end = end > start ? end : start,
		.lang = in->lang, .lang_len = strlen(in->lang),
		.date = date,
		.part = part, .part_name = part ? doc->part_name : "",
		.part_name_len = part ? strlen(doc->part_name) : 0,
		/* Stored once, on passage 1 (record version 8). */
		.from_first = RB_FROM_FIRST_FILE | (o->of_passage_1 ? RB_FROM_FIRST_ORIGIN : 0),
	};
	for (size_t i = 0; i < o->n_fields && r.n_fields < RB_RECORD_MAX_FIELDS; i++) {
		rb_record_field *f = &r.fields[r.n_fields++];
		f->name = o->fields[i].name;
		f->name_len = strlen(f->name);
		f->value = o->fields[i].value;
		f->value_len = strlen(f->value);
	}
	/* Text that is its file's bytes is read back from there (after a check
	 * of its hash): stored, it was a tenth of the index (README,
	 * "Passage text read back from its file"). */
	if (in->text_in_file && !in->store_text && !doc->extracted && !doc->inflated &&
	    end - start == r.text_len && end <= sp->src_len &&
	    memcmp(sp->src + start, r.text, r.text_len) == 0) {
		r.text_in_file = 1;
		r.text_hash = XXH3_64bits(r.text, r.text_len);
		r.text_len = 0;
	}
	rb_status rc = rb_record_encode(&r, &data, &data_len, err);
	if (rc)
		return rc;
	xs = xc_doc_set_data(in->doc, data, data_len, &msg);
	free(data);
	if (!xs)
		xs = in->in_place ? xc_writer_replace_document(in->w, id, in->doc, &msg)
				  : xc_writer_add_document(in->w, in->doc, NULL, &msg);
	if (!xs)
		return RB_OK;
fail:
	return writer_failed(xs, msg, err);
}

/* The term on the passages of the documents the file `path` holds. */
static void container_term(const char *path, char term[24])
{
	char path_term[18];
	rb_path_term(path, path_term);
	snprintf(term, 24, RB_CONTAINER_PREFIX "%s", path_term + 1);
}

/* Removes the passages of the documents the file holds, if any. */
static rb_status remove_held(rb_ingest *in, const char *path, char **err)
{
	char term[24], *msg = NULL;
	int exists = 0;
	container_term(path, term);
	xc_status xs = xc_writer_term_exists(in->w, term, &exists, &msg);
	if (!xs && exists)
		xs = xc_writer_delete_term(in->w, term, &msg);
	return xs ? writer_failed(xs, msg, err) : RB_OK;
}

rb_status rb_ingest_remove(rb_ingest *in, const char *path, char **err)
{
	char path_term[18], *msg = NULL;
	rb_path_term(path, path_term);
	xc_status xs = xc_writer_delete_term(in->w, path_term, &msg);
	return xs ? writer_failed(xs, msg, err) : remove_held(in, path, err);
}

/* Whether the index holds passages of the file (path_term "P" + id). */
static rb_status file_indexed(rb_ingest *in, const char *path_term, int *out, char **err)
{
	char *msg = NULL;
	xc_status xs = xc_writer_term_exists(in->w, path_term, out, &msg);
	return xs ? writer_failed(xs, msg, err) : RB_OK;
}

/* Removes the file's old passages numbered past `last` (passages are
 * numbered from 1 without gaps). */
static rb_status remove_passages_after(rb_ingest *in, const char *path_term, uint32_t last,
				       char **err)
{
	char *msg = NULL, id[40];
	xc_status xs = XC_OK;
	for (uint32_t number = last + 1; !xs; number++) {
		int exists = 0;
		passage_id(path_term, number, id);
		xs = xc_writer_term_exists(in->w, id, &exists, &msg);
		if (!xs && !exists)
			return RB_OK;
		if (!xs)
			xs = xc_writer_delete_term(in->w, id, &msg);
	}
	return writer_failed(xs, msg, err);
}

/* Where the segment starting at `at` ends: at a paragraph break before
 * at + RB_SEGMENT_BYTES, else (one huge paragraph) at a space after it. */
static size_t segment_end(const char *text, size_t len, size_t at)
{
	if (len - at <= RB_SEGMENT_BYTES)
		return len;
	size_t limit = at + RB_SEGMENT_BYTES;
	for (size_t i = limit; i > at + 1; i--)
		if (text[i - 1] == '\n' && (text[i - 2] == '\n' ||
		    (text[i - 2] == '\r' && i > at + 2 && text[i - 3] == '\n')))
			return i;
	for (size_t i = limit; i < len && i < limit + RB_SEGMENT_BYTES; i++)
		if (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')
			return i;
	while (limit > at + 1 && ((unsigned char)text[limit] & 0xC0) == 0x80)
		limit--;  /* not inside a character */
	return limit;
}

void rb_ingest_set_lang(rb_ingest *in, const char *lang)
{
	in->next_lang = lang;
}

void rb_ingest_set_file_time(rb_ingest *in, int64_t t)
{
	in->file_time = t;
}

void rb_ingest_set_text_in_file(rb_ingest *in, int in_file)
{
	in->text_in_file = in_file;
}

void rb_ingest_set_store_text(rb_ingest *in, int store)
{
	in->store_text = store;
}

static rb_status ingest_one(rb_ingest *in, const char *path, const rb_document *doc,
			   const char *src, size_t src_len, size_t *passages_out, char **err)
{
	char path_term[18];
	rb_status rc;
	const char *text = doc->text ? doc->text : "";
	size_t len = doc->text ? doc->text_len : 0, total = 0;

	*passages_out = 0;
	if (in->next_lang || in->detect) {
		if (in->next_lang)
			in->lang = in->next_lang;
		else if ((rc = rb_langdetect_detect(in->detect, text, len, RB_DEFAULT_LANG,
						    &in->lang, err)))
			return rc;
		in->next_lang = NULL;
		if ((rc = rb_analyzers_get(in->analyzers, in->lang, &in->a, err)))
			return rc;
	} else {
		in->lang = in->fixed_lang;
	}
	rb_path_term(path, path_term);
	if ((rc = file_indexed(in, path_term, &in->in_place, err)))
		return rc;
	passage_origin origin;
	size_t message = 0, first_message = 0;
	if (set_origin(in, doc, doc->n_messages ? &doc->messages[0] : NULL, &origin))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
	source_pos sp = { .doc = doc, .src = src, .src_len = src_len, .line = 1 };
	if (doc->inflated) {
		sp.src = doc->inflated;
		sp.src_len = doc->inflated_len;
	}
	if (doc->extracted) {
		sp.src = text;
		sp.src_len = len;
	}

	/* A segment at a time, so that memory follows the segment size, not
	 * the file's. */
	for (size_t at = 0, end; at < len && !rc; at = end) {
		rb_passage *ps = NULL;
		size_t n_ps = 0;
		uint32_t pos = 1;
		end = segment_end(text, len, at);
		in->n = 0;
		in->strings.used = 0;
		in->oom = 0;
		rb_analyze(in->a, text + at, end - at, &pos, collect_word, in);
		if (in->oom)
			return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
		if ((rc = rb_passage_split(text + at, end - at, in->spans, in->n, 0, &ps,
					   &n_ps, err)))
			return rc;
		for (size_t i = 0; i < n_ps && !rc; i++) {
			ps[i].start += at;
			ps[i].end += at;
			size_t was = message;
			while (message + 1 < doc->n_messages &&
			       doc->messages[message + 1].text_start <= ps[i].start)
				message++;
			if (message != was && set_origin(in, doc, &doc->messages[message], &origin))
				rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
			if (!total)
				first_message = message;
			origin.of_passage_1 = message == first_message;
			if (!rc)
				rc = add_passage(in, path, &origin, &sp, &ps[i],
						 (uint32_t)++total, path_term, err);
		}
		free(ps);
	}
	if (!rc && in->in_place)
		rc = remove_passages_after(in, path_term, (uint32_t)total, err);
	if (!rc)
		*passages_out = total;
	return rc;
}

/* The documents the file holds, each under path + "//" + its name, its
 * text stored (the file does not hold it as bytes). */
static rb_status ingest_held(rb_ingest *in, const char *path, const rb_document *doc,
			     size_t *passages, char **err)
{
	rb_status rc = RB_OK;
	int in_file = in->text_in_file;
	in->text_in_file = 0;
	container_term(path, in->container);
	for (size_t i = 0; i < doc->n_subdocs && !rc; i++) {
		const rb_document *d = doc->subdocs[i].doc;
		char *name = NULL;
		size_t n = 0;
		if (asprintf(&name, "%s//%s", path, doc->subdocs[i].name) < 0)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path);
		else
			rc = ingest_one(in, name, d, d->inflated ? d->inflated : d->text,
					d->inflated ? d->inflated_len : d->text_len, &n, err);
		*passages += n;
		free(name);
	}
	in->container[0] = '\0';
	in->text_in_file = in_file;
	return rc;
}

rb_status rb_ingest_document(rb_ingest *in, const char *path,
			     const rb_document *doc, const char *src, size_t src_len,
			     size_t *passages_out, char **err)
{
	*passages_out = 0;
	/* What the file held before goes: its documents now are added. */
	rb_status rc = in->index_had_words ? remove_held(in, path, err) : RB_OK;
	size_t n = 0;
	if (!rc)
		rc = ingest_one(in, path, doc, src, src_len, &n, err);
	if (!rc && doc->n_subdocs)
		rc = ingest_held(in, path, doc, &n, err);
	if (!rc)
		*passages_out = n;
	return rc;
}
