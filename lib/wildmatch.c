/* wildmatch.c: git's glob matching (wildmatch.h). */
#include "wildmatch.h"

#include <ctype.h>
#include <string.h>

/* A match failed here; ALL: no later start of a `*` can succeed either;
 * TO_STARSTAR: none can before the next `**` (a `*` met a '/'). */
enum { WM_MATCH = 0, WM_NOMATCH = 1, WM_ABORT_ALL = -1, WM_ABORT_TO_STARSTAR = -2,
       WM_GO_ON = 2 /* match_star: the match goes on from *text_out */ };

typedef unsigned char uchar;

/* Whether c is in the POSIX class named by s (len bytes); -1: no such
 * class. */
static int in_class(const uchar *s, size_t len, int c)
{
	static const struct { const char *name; int (*is)(int); } classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
		if (strlen(classes[i].name) == len && memcmp(classes[i].name, s, len) == 0)
			return classes[i].is(c) != 0;
	return -1;
}

/* A set `[...]` at *pp against t_ch; *pp is left on its closing ']'.
 * WM_MATCH, WM_NOMATCH, or WM_ABORT_ALL for a set never closed. */
static int match_set(const uchar **pp, uchar t_ch, bool pathname)
{
	const uchar *p = *pp;
	uchar p_ch = *++p, prev_ch = 0;
	if (p_ch == '^')
		p_ch = '!';
	bool negated = p_ch == '!', matched = false;
	if (negated)
		p_ch = *++p;
	do {
		if (!p_ch)
			return WM_ABORT_ALL;
		if (p_ch == '\\') {
			if (!(p_ch = *++p))
				return WM_ABORT_ALL;
			matched |= t_ch == p_ch;
		} else if (p_ch == '-' && prev_ch && p[1] && p[1] != ']') {
			p_ch = *++p;
			if (p_ch == '\\' && !(p_ch = *++p))
				return WM_ABORT_ALL;
			matched |= t_ch <= p_ch && t_ch >= prev_ch;
			p_ch = 0;   /* a range is no range's start */
		} else if (p_ch == '[' && p[1] == ':') {
			const uchar *s = p += 2;
			while ((p_ch = *p) && p_ch != ']')
				p++;
			if (!p_ch)
				return WM_ABORT_ALL;
			if (p - s < 1 || p[-1] != ':') {   /* no ":]": a plain '[' */
				p = s - 2;
				p_ch = '[';
				matched |= t_ch == p_ch;
				continue;
			}
			int in = in_class(s, (size_t)(p - s - 1), t_ch);
			if (in < 0)
				return WM_ABORT_ALL;
			matched |= in;
			p_ch = 0;
		} else {
			matched |= t_ch == p_ch;
		}
	} while (prev_ch = p_ch, (p_ch = *++p) != ']');
	*pp = p;
	return matched == negated || (pathname && t_ch == '/') ? WM_NOMATCH : WM_MATCH;
}

static int dowild(const uchar *start, const uchar *p, const uchar *text, bool pathname);

/* A `*` or `**` at *p (its first star) against text. */
static int match_star(const uchar *start, const uchar *p, const uchar *text, bool pathname,
		      const uchar **text_out, const uchar **p_out)
{
	bool match_slash;
	if (*++p == '*') {
		const uchar *prev_p = p - 2;
		while (*++p == '*')
			;
		if (!pathname) {
			match_slash = true;
		} else if ((prev_p < start || *prev_p == '/') &&
			   (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
			/* a/ ** /b: the folders may be none (a/b). */
			if (p[0] == '/' && dowild(start, p + 1, text, pathname) == WM_MATCH)
				return WM_MATCH;
			match_slash = true;
		} else {
			match_slash = false;
		}
	} else {
		match_slash = !pathname;
	}
	if (*p == '\0')   /* a trailing `*` matches up to a '/', `**` beyond */
		return !match_slash && strchr((const char *)text, '/') ? WM_NOMATCH : WM_MATCH;
	if (!match_slash && *p == '/') {   /* `*` then '/': the rest of this folder's name */
		const char *slash = strchr((const char *)text, '/');
		if (!slash)
			return WM_NOMATCH;
		*text_out = (const uchar *)slash;
		*p_out = p;
		return WM_GO_ON;   /* from the slash */
	}
	for (uchar t_ch = *text; t_ch; t_ch = *++text) {
		int matched = dowild(start, p, text, pathname);
		if (matched != WM_NOMATCH) {
			if (!match_slash || matched != WM_ABORT_TO_STARSTAR)
				return matched;
		} else if (!match_slash && t_ch == '/') {
			return WM_ABORT_TO_STARSTAR;
		}
	}
	return WM_ABORT_ALL;
}

static int dowild(const uchar *start, const uchar *p, const uchar *text, bool pathname)
{
	for (uchar p_ch; (p_ch = *p) != '\0'; text++, p++) {
		uchar t_ch = *text;
		if (t_ch == '\0' && p_ch != '*')
			return WM_ABORT_ALL;
		switch (p_ch) {
		case '\\':
			p_ch = *++p;   /* the next character, literally */
			/* fallthrough */
		default:
			if (t_ch != p_ch)
				return WM_NOMATCH;
			break;
		case '?':
			if (pathname && t_ch == '/')
				return WM_NOMATCH;
			break;
		case '[': {
			int m = match_set(&p, t_ch, pathname);
			if (m != WM_MATCH)
				return m;
			break;
		}
		case '*': {
			int m = match_star(start, p, text, pathname, &text, &p);
			if (m != WM_GO_ON)
				return m;
			break;
		}
		}
	}
	return *text ? WM_NOMATCH : WM_MATCH;
}

bool rb_wildmatch(const char *pattern, const char *text, bool pathname)
{
	const uchar *p = (const uchar *)pattern;
	return dowild(p, p, (const uchar *)text, pathname) == WM_MATCH;
}
