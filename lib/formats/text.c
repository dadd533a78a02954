/* text.c: plain text, and the charset decoding every reader shares.
 *
 * What bytes mean, in this order:
 *  - a UTF-8 BOM is dropped (the map starts at {0, 3}); a UTF-16/32 BOM
 *    selects that encoding;
 *  - a declared charset (mail, HTML) is used, unless the bytes are valid
 *    UTF-8 holding at least one multi-byte sequence: mislabelled UTF-8 is
 *    far more common than legacy text that happens to be valid UTF-8;
 *    ISO-8859-1 and US-ASCII labels read as Windows-1252 (as browsers do);
 *  - valid UTF-8 is used as is (the map is the identity, {0, 0});
 *  - mostly UTF-8 with a few invalid bytes (at least as many valid multi-
 *    byte sequences as invalid bytes; legacy text forms valid sequences
 *    only by chance, Latin text almost never): the valid sequences stay,
 *    each invalid byte is read as Windows-1252 (Latin-1 bytes pasted into
 *    UTF-8 text are the usual cause);
 *  - otherwise the text is legacy: Windows-1252 when it looks like Latin
 *    text (no byte Windows-1252 leaves undefined, and most non-ASCII
 *    bytes standing alone between ASCII ones), else what uchardet says,
 *    else Windows-1252.  Bytes Windows-1252 leaves undefined (81 8D 8F 90
 *    9D) and bytes a charset rejects become U+FFFD.
 *
 * Offsets: exact per character for UTF-8 and single-byte charsets
 * (including Windows-1252 and ISO-8859-*: decoded through a 256-entry
 * table); per line for multi-byte charsets (UTF-16/32, Shift_JIS, GB18030,
 * EUC-*, Big5, ISO-2022-*), which go through iconv one line at a time: a
 * text offset inside a line maps linearly from the line's start, clamped
 * to the next line's start.
 */
#include "reader.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

/* ---- UTF-8 ---- */

size_t rb_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	}
	if (c < 0xF0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0;  /* overlong, surrogate */
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Counts valid multi-byte sequences and invalid bytes. */
static void utf8_scan(const unsigned char *s, size_t n, size_t *mb, size_t *bad)
{
	size_t i = 0;
	*mb = *bad = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = rb_utf8_seq(s + i, n - i);
		if (k) {
			(*mb)++;
			i += k;
		} else {
			(*bad)++;
			i++;
		}
	}
}

bool rb_utf8_valid(const char *s, size_t n)
{
	size_t mb, bad;
	utf8_scan((const unsigned char *)s, n, &mb, &bad);
	return bad == 0;
}

static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static uint32_t cp1252(unsigned char b)
{
	if (b < 0x80 || b >= 0xA0)
		return b;
	return cp1252_c1[b - 0x80] ? cp1252_c1[b - 0x80] : 0xFFFD;
}

/* UTF-8 where valid, Windows-1252 for each invalid byte. */
static void decode_mixed(rb_tbuf *t, const unsigned char *s, size_t n, size_t base)
{
	size_t i = 0, run = 0;
	while (i < n) {
		size_t k = s[i] < 0x80 ? 1 : rb_utf8_seq(s + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		rb_tbuf_put(t, (const char *)s + run, i - run, base + run);
		rb_tbuf_put_cp(t, cp1252(s[i]), base + i);
		run = ++i;
	}
	rb_tbuf_put(t, (const char *)s + run, n - run, base + run);
}

char *rb_utf8_clean(const char *s, size_t n)
{
	rb_tbuf t = { 0 };
	rb_tbuf b = { 0 };
	decode_mixed(&t, (const unsigned char *)s, n, 0);
	for (size_t i = 0; i < t.len; i++) {
		unsigned char c = (unsigned char)t.buf[i];
		if (c <= ' ') {
			if (b.len && b.buf[b.len - 1] != ' ')
				rb_tbuf_gen(&b, " ", 1);
		} else {
			rb_tbuf_gen(&b, t.buf + i, 1);
		}
	}
	if (b.len && b.buf[b.len - 1] == ' ')
		b.buf[--b.len] = '\0';
	bool oom = t.oom || b.oom;
	rb_tbuf_free(&t);
	if (oom) {
		rb_tbuf_free(&b);
		return NULL;
	}
	free(b.map);
	return b.buf ? b.buf : strdup("");
}

/* ---- single-byte charsets ---- */

static void decode_table(rb_tbuf *t, const unsigned char *s, size_t n, size_t base,
			 const uint32_t table[256])
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80 && table[s[i]] == s[i])
			continue;
		rb_tbuf_put(t, (const char *)s + run, i - run, base + run);
		rb_tbuf_put_cp(t, table[s[i]], base + i);
		run = i + 1;
	}
	rb_tbuf_put(t, (const char *)s + run, n - run, base + run);
}

static uint32_t utf8_decode1(const unsigned char *u, size_t k)
{
	if (k == 1)
		return u[0];
	if (k == 2)
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if (k == 3)
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
		       (u[2] & 0x3F);
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
	       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
}

/* Fills table[] when cd converts each byte alone to one character (a
 * single-byte charset); false for multi-byte and stateful charsets. */
static bool single_byte_table(iconv_t cd, uint32_t table[256])
{
	for (int b = 0; b < 256; b++) {
		char in = (char)b, out[16];
		char *ip = &in, *op = out;
		size_t il = 1, ol = sizeof out;
		iconv(cd, NULL, NULL, NULL, NULL);
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		size_t k = (size_t)(op - out);
		if (r == (size_t)-1) {
			if (errno != EILSEQ)
				return false;  /* EINVAL: a lead byte */
			table[b] = 0xFFFD;
			continue;
		}
		if (il != 0 || k == 0)
			return false;  /* a shift byte */
		size_t seq = rb_utf8_seq((unsigned char *)out, k);
		if (seq != k)
			return false;  /* more than one character */
		table[b] = utf8_decode1((unsigned char *)out, k);
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	return true;
}

/* ---- multi-byte charsets, through iconv one line at a time ---- */

/* unit: 1, 2 or 4 bytes a code unit; be: big endian units. */
static void decode_iconv(rb_tbuf *t, iconv_t cd, const unsigned char *s, size_t n,
			 size_t base, size_t unit, bool be)
{
	char out[4096];
	size_t i = 0;
	while (i < n) {
		/* The line: up to and including the unit holding '\n'. */
		size_t end = i;
		for (;;) {
			if (end + unit > n) {
				end = n;
				break;
			}
			bool nl;
			if (unit == 1)
				nl = s[end] == '\n';
			else if (unit == 2)
				nl = be ? s[end] == 0 && s[end + 1] == '\n'
					: s[end] == '\n' && s[end + 1] == 0;
			else
				nl = be ? s[end + 3] == '\n' && !s[end] && !s[end + 1] && !s[end + 2]
					: s[end] == '\n' && !s[end + 1] && !s[end + 2] && !s[end + 3];
			end += unit;
			if (nl)
				break;
		}
		char *ip = (char *)s + i;
		size_t il = end - i;
		size_t line_src = base + i;
		bool first = true;
		iconv(cd, NULL, NULL, NULL, NULL);
		while (il > 0) {
			char *op = out;
			size_t ol = sizeof out;
			size_t r = iconv(cd, &ip, &il, &op, &ol);
			size_t k = (size_t)(op - out);
			if (k) {
				/* Only the line's first output has an exact
				 * offset; the rest follows on from it. */
				if (first)
					rb_tbuf_put(t, out, k, line_src);
				else
					rb_tbuf_gen(t, out, k);
				first = false;
			}
			if (r != (size_t)-1)
				break;
			if (errno == E2BIG)
				continue;
			/* EILSEQ, or EINVAL (a sequence cut short): skip a unit. */
			size_t skip = il < unit ? il : unit;
			size_t at = base + (size_t)((unsigned char *)ip - s);
			if (first)
				rb_tbuf_put_cp(t, 0xFFFD, at);
			else
				rb_tbuf_gen(t, "\xEF\xBF\xBD", 3);
			first = false;
			ip += skip;
			il -= skip;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
		i = end;
	}
}

/* ---- choosing ---- */

static bool is_name(const char *cs, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp(cs, *names) == 0)
			return true;
	return false;
}

static const char *const as_auto[] = {
	"utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit",
	"x-unknown", "unknown", "default", "x-user-defined", "us_ascii", NULL
};
static const char *const as_1252[] = {
	"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
	"windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", NULL
};

/* Most non-ASCII bytes alone between ASCII ones, none undefined in 1252. */
static bool looks_latin(const unsigned char *s, size_t n)
{
	size_t high = 0, alone = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80)
			continue;
		if (s[i] == 0x81 || s[i] == 0x8D || s[i] == 0x8F || s[i] == 0x90 ||
		    s[i] == 0x9D)
			return false;
		high++;
		if ((i == 0 || s[i - 1] < 0x80) && (i + 1 == n || s[i + 1] < 0x80))
			alone++;
	}
	return alone * 10 >= high * 7;
}

/* Decodes with charset cs through iconv; false when iconv does not know
 * it (nothing written then). */
static bool decode_charset(rb_tbuf *t, const unsigned char *s, size_t n, size_t base,
			   const char *cs)
{
	if (is_name(cs, as_1252)) {
		uint32_t table[256];
		for (int b = 0; b < 256; b++)
			table[b] = cp1252((unsigned char)b);
		decode_table(t, s, n, base, table);
		return true;
	}
	iconv_t cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return false;
	uint32_t table[256];
	if (single_byte_table(cd, table)) {
		decode_table(t, s, n, base, table);
	} else {
		size_t unit = 1;
		bool be = true;
		if (strncasecmp(cs, "utf-16", 6) == 0 || strncasecmp(cs, "ucs-2", 5) == 0)
			unit = 2;
		else if (strncasecmp(cs, "utf-32", 6) == 0 || strncasecmp(cs, "ucs-4", 5) == 0)
			unit = 4;
		if (unit > 1 && strcasestr(cs, "le"))
			be = false;
		decode_iconv(t, cd, s, n, base, unit, be);
	}
	iconv_close(cd);
	return true;
}

static char *guess_charset(const unsigned char *s, size_t n)
{
	uchardet_t ud = uchardet_new();
	if (!ud)
		return NULL;
	char *cs = NULL;
	/* Enough to decide; uchardet's cost grows with the input. */
	if (uchardet_handle_data(ud, (const char *)s, n > 65536 ? 65536 : n) == 0) {
		uchardet_data_end(ud);
		const char *g = uchardet_get_charset(ud);
		if (g && *g)
			cs = strdup(g);
	}
	uchardet_delete(ud);
	return cs;
}

bool rb_decode_text(rb_tbuf *t, const char *bytes, size_t n, size_t base,
		    const char *charset)
{
	const unsigned char *s = (const unsigned char *)bytes;
	size_t mb, bad;
	utf8_scan(s, n, &mb, &bad);
	if (charset && *charset && !is_name(charset, as_auto) && !(bad == 0 && mb > 0)) {
		bool ascii_bytes = bad == 0 && mb == 0;
		/* 7-bit text in an ASCII-compatible charset needs no work. */
		if (ascii_bytes && !is_name(charset, as_1252) &&
		    strncasecmp(charset, "utf-16", 6) && strncasecmp(charset, "utf-32", 6) &&
		    strncasecmp(charset, "utf-7", 5) && strncasecmp(charset, "iso-2022", 8) &&
		    strncasecmp(charset, "hz", 2) && strncasecmp(charset, "ucs", 3)) {
			rb_tbuf_put(t, bytes, n, base);
			return !t->oom;
		}
		if (decode_charset(t, s, n, base, charset))
			return !t->oom;
	}
	if (bad == 0) {
		rb_tbuf_put(t, bytes, n, base);
	} else if (mb > 0 && mb >= bad) {
		decode_mixed(t, s, n, base);
	} else {
		char *cs = looks_latin(s, n) ? NULL : guess_charset(s, n);
		if (!cs || is_name(cs, as_auto) || !decode_charset(t, s, n, base, cs))
			decode_charset(t, s, n, base, "windows-1252");
		free(cs);
	}
	return !t->oom;
}

/* ---- the plain text reader ---- */

rb_status rb_read_text(const char *name, const char *b, size_t n,
		       rb_document *doc, char **err)
{
	rb_tbuf t = { 0 };
	const unsigned char *s = (const unsigned char *)b;
	const char *cs = NULL;
	size_t skip = 0;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		skip = 3;
		cs = "UTF-8";
	} else if (n >= 4 && !memcmp(s, "\xFF\xFE\0\0", 4)) {
		skip = 4;
		cs = "UTF-32LE";
	} else if (n >= 4 && !memcmp(s, "\0\0\xFE\xFF", 4)) {
		skip = 4;
		cs = "UTF-32BE";
	} else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		skip = 2;
		cs = "UTF-16LE";
	} else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		skip = 2;
		cs = "UTF-16BE";
	}
	doc->format = RB_FORMAT_TEXT;
	if (!rb_decode_text(&t, b + skip, n - skip, skip, cs) || !rb_tbuf_finish(&t, doc)) {
		rb_tbuf_free(&t);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	if (doc->text_len == 0)
		doc->map[0].src_off = skip;  /* nothing but a BOM */
	return RB_OK;
}
