/* query_literals.c: a regular expression's required literal runs
 * (query_literals.h says the reading). */
#include "query_literals.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *re;
	size_t len, at;
	char *run;           /* the run being read */
	size_t n_run;
	pattern_runs *out;
	bool oom, none;      /* none: the pattern has no usable literal */
} reader;

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The current run, kept when it holds something. */
static void end_run(reader *r)
{
	if (r->n_run == 0)
		return;
	char **v = realloc(r->out->v, (r->out->n + 1) * sizeof *v);
	char *s = strndup(r->run, r->n_run);
	if (!v || !s) {
		free(s);
		if (v)
			r->out->v = v;
		r->oom = true;
		return;
	}
	r->out->v = v;
	v[r->out->n++] = s;
	r->n_run = 0;
}

/* The last character of the run (a UTF-8 sequence) made optional. */
static void drop_last(reader *r)
{
	while (r->n_run > 0 && ((unsigned char)r->run[r->n_run - 1] & 0xC0) == 0x80)
		r->n_run--;
	if (r->n_run > 0)
		r->n_run--;
}

/* Past the class starting at r->at ('['), to its ']'. */
static void skip_class(reader *r)
{
	size_t i = r->at + 1;
	if (i < r->len && r->re[i] == '^')
		i++;
	if (i < r->len && r->re[i] == ']')
		i++;
	for (; i < r->len && r->re[i] != ']'; i++) {
		if (r->re[i] == '\\')
			i++;
		else if (r->re[i] == '[' && i + 1 < r->len && r->re[i + 1] == ':') {
			const char *e = strstr(r->re + i + 2, ":]");
			if (e && (size_t)(e - r->re) < r->len)
				i = (size_t)(e - r->re) + 1;
		}
	}
	r->at = i + 1;
}

/* Past the group starting at r->at ('('), to its matching ')'. */
static void skip_group(reader *r)
{
	int depth = 0;
	size_t i = r->at;
	for (; i < r->len; i++) {
		char c = r->re[i];
		if (c == '\\')
			i++;
		else if (c == '[') {
			r->at = i;
			skip_class(r);
			i = r->at - 1;
		} else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			break;
	}
	r->at = i + 1;
}

/* Whether the group at r->at is an option setting holding x: (?x), (?ix:. */
static bool sets_extended(const reader *r)
{
	if (r->at + 1 >= r->len || r->re[r->at + 1] != '?')
		return false;
	for (size_t i = r->at + 2; i < r->len && r->re[i] != ')' && r->re[i] != ':'; i++) {
		if (r->re[i] == 'x')
			return true;
		if (!is_alnum(r->re[i]) && r->re[i] != '-' && r->re[i] != '^')
			return false;
	}
	return false;
}

/* A quantifier {n}, {n,}, {n,m} at r->at: its length, and whether n is 0. */
static size_t braces(const reader *r, bool *zero)
{
	size_t i = r->at + 1, digits = 0;
	unsigned long n = 0;
	for (; i < r->len && r->re[i] >= '0' && r->re[i] <= '9'; i++, digits++)
		n = n * 10 + (unsigned long)(r->re[i] - '0');
	if (!digits)
		return 0;
	if (i < r->len && r->re[i] == ',')
		for (i++; i < r->len && r->re[i] >= '0' && r->re[i] <= '9'; i++)
			;
	if (i >= r->len || r->re[i] != '}')
		return 0;
	*zero = n == 0;
	return i + 1 - r->at;
}

/* After a quantifier, its lazy or possessive mark. */
static void skip_modifier(reader *r)
{
	if (r->at < r->len && (r->re[r->at] == '?' || r->re[r->at] == '+'))
		r->at++;
}

/* An escape at r->at: a literal character added, or the run ended. */
static void escape(reader *r)
{
	char c = r->at + 1 < r->len ? r->re[r->at + 1] : 0;
	r->at += 2;
	if (!c) {
		r->none = true;
	} else if (!is_alnum(c)) {
		r->run[r->n_run++] = c;
	} else if (strchr("dDwWsSbBhHvVRAzZGK", c)) {
		end_run(r);
	} else {
		r->none = true;  /* \x, \p, \Q, \1 ...: not modelled */
	}
}

static void quantifier(reader *r, bool optional, size_t width)
{
	if (optional)
		drop_last(r);
	end_run(r);
	r->at += width;
	skip_modifier(r);
}

static void read_top(reader *r)
{
	while (r->at < r->len && !r->none && !r->oom) {
		char c = r->re[r->at];
		bool zero = false;
		size_t w;
		if (c == '\\') {
			escape(r);
		} else if (c == '[') {
			end_run(r);
			skip_class(r);
		} else if (c == '(') {
			r->none = sets_extended(r);
			end_run(r);
			skip_group(r);
		} else if (c == '|') {
			r->none = true;
		} else if (c == '.' || c == '^' || c == '$') {
			end_run(r);
			r->at++;
		} else if (c == '*' || c == '?') {
			quantifier(r, true, 1);
		} else if (c == '+') {
			quantifier(r, false, 1);
		} else if (c == '{' && (w = braces(r, &zero))) {
			quantifier(r, zero, w);
		} else {
			r->run[r->n_run++] = c;
			r->at++;
		}
	}
	end_run(r);
}

bool pattern_literals(const char *re, size_t len, pattern_runs *out)
{
	memset(out, 0, sizeof *out);
	reader r = { .re = re, .len = len, .out = out, .run = malloc(len + 1) };
	if (!r.run)
		return false;
	read_top(&r);
	free(r.run);
	if (r.none || r.oom)
		pattern_runs_free(out);
	return !r.oom;
}

void pattern_runs_free(pattern_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}
