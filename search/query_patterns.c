/* query_patterns.c: what a query's /REGEX/ terms add after the search:
 * the ranges they light up in a passage shown, and the lines that report
 * a pattern read on every passage or stopped by its limits. */
#include "query_internal.h"
#include "query_pattern.h"

#include <stdlib.h>

/* Calls fn on each pattern of the tree; `shown`: only those that light up
 * the text (not under NOT, not inside a field). */
static bool each_pattern(const query_node *n, bool shown,
			 bool (*fn)(const query_node *n, void *ctx), void *ctx)
{
	if (n->kind == N_PATTERN)
		return fn(n, ctx);
	if (shown && (n->kind == N_NOT || n->kind == N_FIELD))
		return true;
	for (size_t i = 0; i < n->n_kids; i++)
		if (!each_pattern(n->kids[i], shown, fn, ctx))
			return false;
	return true;
}

static bool found(const query_node *n, void *ctx)
{
	(void)n;
	*(bool *)ctx = true;
	return false;
}

bool query_shows_patterns(const query *q)
{
	bool any = false;
	if (q->root)
		each_pattern(q->root, true, found, &any);
	return any;
}

typedef struct {
	pattern_text t;
	size_t n, cap;
	rb_span *v;
} spans;

static bool add_spans(const query_node *n, void *ctx)
{
	spans *s = ctx;
	return query_pattern_spans_text(n->pattern, &s->t, &s->v, &s->n, &s->cap);
}

static int by_start(const void *a, const void *b)
{
	const rb_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1
	     : x->end < y->end ? -1 : x->end > y->end;
}

/* Sorted, overlapping ranges joined. */
static size_t join(rb_span *v, size_t n)
{
	size_t m = 0;
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, by_start);
	for (size_t i = 0; i < n; i++) {
		if (m && v[i].start <= v[m - 1].end) {
			if (v[i].end > v[m - 1].end)
				v[m - 1].end = v[i].end;
		} else {
			v[m++] = v[i];
		}
	}
	return m;
}

/* The ranges the query's shown patterns match in text, in s. */
static rb_status pattern_spans(const query *q, const char *text, size_t len,
			       const rb_line_around *around, spans *s, char **err)
{
	*s = (spans){ .t = { .text = text, .len = len } };
	if (around) {
		s->t.before = around->before;
		s->t.before_len = around->before_len;
		s->t.after = around->after;
		s->t.after_len = around->after_len;
		s->t.edges = (around->starts_line ? 0 : PATTERN_MID_START) |
			     (around->ends_line ? 0 : PATTERN_MID_END);
	}
	if (q->root && text && !each_pattern(q->root, true, add_spans, s)) {
		free(s->v);
		s->v = NULL;
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	return RB_OK;
}

rb_status query_pattern_lines(const query *q, const char *text, size_t len,
			      const rb_line_around *around, uint32_t first_line,
			      uint32_t **lines, size_t *n, char **err)
{
	spans s;
	*lines = NULL;
	*n = 0;
	if (pattern_spans(q, text, len, around, &s, err))
		return RB_ERR_NO_MEMORY;
	if (s.n && !(*lines = malloc(s.n * sizeof **lines))) {
		free(s.v);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	size_t m = join(s.v, s.n), at = 0;
	uint32_t line = first_line;
	for (size_t i = 0; i < m; i++) {
		for (; at < s.v[i].start; at++)
			line += text[at] == '\n';
		if (!*n || (*lines)[*n - 1] != line)
			(*lines)[(*n)++] = line;
	}
	free(s.v);
	return RB_OK;
}

rb_status query_pattern_highlights(const query *q, const char *text, size_t len,
				   const rb_line_around *around, rb_span **hl, size_t *n_hl,
				   char **err)
{
	spans s;
	if (pattern_spans(q, text, len, around, &s, err))
		return RB_ERR_NO_MEMORY;
	if (!s.n)
		return RB_OK;
	rb_span *v = realloc(*hl, (*n_hl + s.n) * sizeof *v);
	if (!v) {
		free(s.v);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	for (size_t i = 0; i < s.n; i++)
		v[*n_hl + i] = s.v[i];
	free(s.v);
	*hl = v;
	*n_hl = join(v, *n_hl + s.n);
	return RB_OK;
}

static bool report(const query_node *n, void *ctx)
{
	query_pattern_report(n->pattern, n->terms[0], ctx);
	return true;
}

static bool progress_end(const query_node *n, void *ctx)
{
	(void)ctx;
	query_pattern_progress_end(n->pattern);
	return true;
}

void query_patterns_progress_end(const query *q)
{
	if (q->root)
		each_pattern(q->root, false, progress_end, NULL);
}

void query_patterns_report(const query *q, FILE *f)
{
	if (q->root)
		each_pattern(q->root, false, report, f);
}
