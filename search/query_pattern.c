/* query_pattern.c: a /REGEX/ compiled with PCRE2 and matched on text a
 * line at a time, within limits (query_pattern.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "query_pattern.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Steps of the matcher for one line (PCRE2's default is 10,000,000),
 * the depth of its backtracking, and the memory it may take: a pattern
 * that backtracks without end (/(a+)+$/) is stopped in well under a
 * second a line rather than hanging. */
#define PATTERN_MATCH_LIMIT 1000000
#define PATTERN_DEPTH_LIMIT 10000
#define PATTERN_HEAP_KIB (64 * 1024)
/* The time a pattern may take over a whole search, in seconds. */
#define PATTERN_SECONDS 10.0
/* A scan says how far it is on a terminal once it has taken this long,
 * then every PROGRESS_EVERY passages. */
#define PROGRESS_AFTER 1.0
#define PROGRESS_EVERY 8192

struct query_pattern {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	double spent;                  /* seconds matching */
	unsigned long long lines;      /* lines read */
	unsigned long long passages;   /* passages checked */
	bool scan;                     /* narrowed by no word */
	const char *label;             /* as typed, for the progress line */
	double started;                /* of the first passage checked */
	bool progress;                 /* a progress line is on stderr */
	const char *stopped;           /* why the pattern was stopped */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

query_pattern *query_pattern_new(const char *re, size_t len, bool case_sensitive,
				 char **why, size_t *at)
{
	*why = NULL;
	*at = 0;
	query_pattern *qp = calloc(1, sizeof *qp);
	if (!qp)
		return NULL;
	int rc;
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_MATCH_INVALID_UTF |
			(case_sensitive ? 0 : PCRE2_CASELESS);
	qp->code = pcre2_compile((PCRE2_SPTR)re, len, opts, &rc, &off, NULL);
	if (!qp->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof msg);
		*why = strdup((const char *)msg);
		*at = off;
		free(qp);
		return NULL;
	}
	(void)pcre2_jit_compile(qp->code, PCRE2_JIT_COMPLETE);  /* else interpreted */
	qp->md = pcre2_match_data_create_from_pattern(qp->code, NULL);
	qp->mc = pcre2_match_context_create(NULL);
	if (!qp->md || !qp->mc) {
		query_pattern_free(qp);
		return NULL;
	}
	pcre2_set_match_limit(qp->mc, PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(qp->mc, PATTERN_DEPTH_LIMIT);
	pcre2_set_heap_limit(qp->mc, PATTERN_HEAP_KIB);
	return qp;
}

void query_pattern_free(query_pattern *qp)
{
	if (!qp)
		return;
	pcre2_code_free(qp->code);
	pcre2_match_data_free(qp->md);
	pcre2_match_context_free(qp->mc);
	free(qp);
}

/* One match in line[0, len) from `from`: 1 with its range, 0 for none,
 * -1 when a limit stopped it. */
static int match_at(query_pattern *qp, const char *line, size_t len, size_t from,
		    uint32_t opts, size_t *start, size_t *end)
{
	if (qp->stopped)
		return -1;
	double t0 = now();
	int rc = pcre2_match(qp->code, (PCRE2_SPTR)line, len, from, opts, qp->md, qp->mc);
	qp->spent += now() - t0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		qp->stopped = "catastrophic backtracking (a limit of PCRE2 was reached on one line)";
	else if (qp->spent > PATTERN_SECONDS)
		qp->stopped = "catastrophic backtracking (its time budget, 10 s, was spent)";
	if (rc < 0)
		return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(qp->md);
	*start = ov[0];
	*end = ov[1];
	return 1;
}

/* Calls fn for each line of text[0, len) until it returns true, with
 * PCRE2's options for it: the first line of a text that starts inside a
 * line of its file does not start one (^ does not match there), nor does
 * the last end one when the text stops inside a line. */
static bool each_line(const char *text, size_t len, unsigned edges,
		      bool (*fn)(const char *line, size_t n, size_t off, uint32_t opts,
				 void *ctx), void *ctx)
{
	size_t at = 0;
	while (at <= len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - at;
		if (n && text[at + n - 1] == '\r')  /* as rg: a CRLF line's end */
			n--;
		uint32_t opts = (at == 0 && (edges & PATTERN_MID_START) ? PCRE2_NOTBOL : 0) |
				(!nl && (edges & PATTERN_MID_END) ? PCRE2_NOTEOL : 0);
		if (fn(text + at, n, at, opts, ctx))
			return true;
		if (!nl)
			break;
		at = end + 1;
	}
	return false;
}

/* The text within its window: matches count when they overlap [lo, hi). */
typedef struct {
	query_pattern *qp;
	size_t lo, hi;
	bool again;   /* a passage tried again: its lines counted already */
} text_range;

static bool overlaps(const text_range *r, size_t start, size_t end)
{
	return end > start ? start < r->hi && end > r->lo : start >= r->lo && start < r->hi;
}

static bool line_matches(const char *line, size_t n, size_t off, uint32_t opts, void *ctx)
{
	text_range *r = ctx;
	size_t from = 0, s, e;
	if (!r->again)
		r->qp->lines++;
	while (from <= n && match_at(r->qp, line, n, from, opts, &s, &e) == 1) {
		if (overlaps(r, off + s, off + e))
			return true;
		if (off + s >= r->hi)
			return false;
		from = e > s ? e : e + 1;
	}
	return false;
}

/* A scan on a terminal: the passages read so far, on one line. */
static void progress(query_pattern *qp)
{
	if (!qp->passages)
		qp->started = now();
	if (!qp->scan || qp->passages % PROGRESS_EVERY || now() - qp->started < PROGRESS_AFTER ||
	    !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\rrubric-search: pattern %s: %llu passages read", qp->label,
		qp->passages);
	qp->progress = true;
}

/* The text with the rest of its lines around it, as one buffer (*owned:
 * malloc'd, else NULL and the text itself). */
static const char *window_of(const pattern_text *t, char **owned, size_t *len)
{
	*owned = NULL;
	*len = t->before_len + t->len + t->after_len;
	if (!t->before_len && !t->after_len)
		return t->text;
	char *w = malloc(*len + 1);
	if (!w)
		return NULL;
	if (t->before_len)
		memcpy(w, t->before, t->before_len);
	if (t->len)
		memcpy(w + t->before_len, t->text, t->len);
	if (t->after_len)
		memcpy(w + t->before_len + t->len, t->after, t->after_len);
	return *owned = w;
}

bool query_pattern_matches_text(query_pattern *qp, const pattern_text *t, bool again)
{
	if (!again) {
		progress(qp);
		qp->passages++;
	}
	char *owned;
	size_t len;
	const char *w = window_of(t, &owned, &len);
	text_range r = { qp, t->before_len, t->before_len + t->len, again };
	bool yes = w && each_line(w, len, t->edges, line_matches, &r);
	free(owned);
	return yes;
}

bool query_pattern_matches(query_pattern *qp, const char *text, size_t len, unsigned edges)
{
	pattern_text t = { .text = text, .len = len, .edges = edges };
	return query_pattern_matches_text(qp, &t, false);
}

typedef struct {
	text_range r;
	rb_span **spans;
	size_t *n, *cap;
	bool oom;
} span_sink;

/* A match's part within the text, in the text's offsets. */
static bool push_span(span_sink *k, size_t start, size_t end)
{
	if (!overlaps(&k->r, start, end))
		return true;
	start = start > k->r.lo ? start - k->r.lo : 0;
	end = (end < k->r.hi ? end : k->r.hi) - k->r.lo;
	if (*k->n == *k->cap) {
		size_t cap = *k->cap ? *k->cap * 2 : 16;
		rb_span *v = realloc(*k->spans, cap * sizeof *v);
		if (!v)
			return !(k->oom = true);
		*k->spans = v;
		*k->cap = cap;
	}
	(*k->spans)[(*k->n)++] = (rb_span){ .start = start, .end = end };
	return true;
}

static bool line_spans(const char *line, size_t n, size_t off, uint32_t opts, void *ctx)
{
	span_sink *k = ctx;
	size_t from = 0, s, e;
	while (from <= n && match_at(k->r.qp, line, n, from, opts, &s, &e) == 1) {
		if (e > s && !push_span(k, off + s, off + e))
			return true;
		from = e > s ? e : e + 1;
		while (from < n && ((unsigned char)line[from] & 0xC0) == 0x80)
			from++;
	}
	return false;
}

bool query_pattern_spans_text(query_pattern *qp, const pattern_text *t, rb_span **spans,
			      size_t *n, size_t *cap)
{
	char *owned;
	size_t len;
	const char *w = window_of(t, &owned, &len);
	span_sink k = { { qp, t->before_len, t->before_len + t->len, false }, spans, n, cap, !w };
	if (w)
		each_line(w, len, t->edges, line_spans, &k);
	free(owned);
	return !k.oom;
}

void query_pattern_set_scan(query_pattern *qp, const char *label)
{
	qp->scan = true;
	qp->label = label;
}

void query_pattern_progress_end(query_pattern *qp)
{
	if (qp->progress)
		fputs("\r\033[K", stderr);  /* the line cleared */
	qp->progress = false;
}

void query_pattern_report(query_pattern *qp, const char *label, FILE *f)
{
	if (qp->scan)
		fprintf(f, "rubric-search: pattern %s has no literal word to narrow by: checked on"
			" every passage the rest of the query allows (%llu passages, %llu lines,"
			" %.2f s)\n", label, qp->passages, qp->lines, qp->spent);
	if (qp->stopped)
		fprintf(f, "rubric-search: pattern %s stopped: %s; its results are incomplete\n",
			label, qp->stopped);
}
