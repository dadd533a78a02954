/* format-check: runs the format readers over files and checks what they
 * give back.
 *
 *   format-check [-q|-v] PATH...   every file under each PATH (-q: no
 *                                  line per U+FFFD message; -v: also
 *                                  binary files and other U+FFFD texts)
 *   format-check --dump FILE       the document: format, title, fields,
 *                                  map and text
 *
 * Checks per file: the reader returns RB_OK; the text is valid UTF-8 of
 * text_len bytes with no NUL; the map starts at text offset 0, is sorted,
 * and every source offset is inside the file; and, for mail whose headers
 * declare a charset (other than unknown-8bit / x-unknown), the text holds
 * no U+FFFD (reported and counted; not a failure: the source may be
 * broken).  Prints one line per problem, then counts per format; exits 1
 * when a reader failed or gave bad text or a bad map.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "formats/format.h"

static unsigned long per_format[RB_FORMAT_BINARY + 1], failures, bad_text, bad_map,
	fffd_declared, fffd_other, files;
static double slowest;
static char slowest_path[4096];
static int quiet, verbose;

static int read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (!b || err) {
		free(b);
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3
			   : c >= 0xF0 && c < 0xF5 ? 4 : 0;
		if (!k || i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		if (c == 0 )
			return 0;
		i += k;
	}
	return 1;
}

/* A charset declared in a Content-Type of the message (any part). */
static int declares_charset(const char *b, size_t n)
{
	const char *p = b, *end = b + n;
	while ((p = memmem(p, (size_t)(end - p), "harset=", 7))) {
		p += 7;
		if (*p == '"')
			p++;
		if (strncasecmp(p, "unknown", 7) && strncasecmp(p, "x-unknown", 9) &&
		    strncasecmp(p, "us-ascii", 8) && p[0] != '"')
			return 1;
	}
	return 0;
}

static void check(const char *path)
{
	char *b, *err = NULL;
	size_t n;
	if (read_file(path, &b, &n)) {
		printf("%s: unreadable: %s\n", path, strerror(errno));
		failures++;
		return;
	}
	files++;
	rb_document doc;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rb_status st = rb_format_read(path, b, n, RB_FORMAT_AUTO, &doc, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs > slowest) {
		slowest = secs;
		snprintf(slowest_path, sizeof slowest_path, "%s", path);
	}
	if (st != RB_OK) {
		printf("%s: FAIL %s\n", path, err ? err : rb_status_to_string(st));
		free(err);
		failures++;
		free(b);
		return;
	}
	per_format[doc.format]++;
	if (verbose && doc.format == RB_FORMAT_BINARY)
		printf("%s: binary\n", path);
	if (doc.format != RB_FORMAT_BINARY) {
		if (!doc.text || strlen(doc.text) != doc.text_len ||
		    !valid_utf8((const unsigned char *)doc.text, doc.text_len)) {
			printf("%s: text is not valid UTF-8 of text_len bytes\n", path);
			bad_text++;
		}
		int map_ok = doc.n_map > 0 && doc.map[0].text_off == 0;
		for (size_t i = 0; map_ok && i < doc.n_map; i++)
			if (doc.map[i].src_off > n ||
			    (i && doc.map[i].text_off <= doc.map[i - 1].text_off) ||
			    doc.map[i].text_off > doc.text_len)
				map_ok = 0;
		if (!map_ok) {
			printf("%s: bad offset map (%zu entries)\n", path, doc.n_map);
			bad_map++;
		}
		if (doc.text && memmem(doc.text, doc.text_len, "\xEF\xBF\xBD", 3)) {
			if (doc.format == RB_FORMAT_MAIL && declares_charset(b, n)) {
				fffd_declared++;
				if (!quiet)
					printf("%s: U+FFFD in text, charset declared\n", path);
			} else {
				fffd_other++;
				if (verbose)
					printf("%s: U+FFFD in text (%s)\n", path,
					       rb_format_name(doc.format));
			}
		}
	}
	rb_document_free(&doc);
	free(b);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_F)
		check(path);
	return 0;
}

static int dump(const char *path)
{
	char *b, *err = NULL;
	size_t n;
	if (read_file(path, &b, &n)) {
		fprintf(stderr, "format-check: %s: %s\n", path, strerror(errno));
		return 2;
	}
	rb_document doc;
	if (rb_format_read(path, b, n, RB_FORMAT_AUTO, &doc, &err) != RB_OK) {
		fprintf(stderr, "format-check: %s\n", err ? err : "failed");
		free(err);
		free(b);
		return 2;
	}
	printf("format: %s\ntitle: %s\n", rb_format_name(doc.format),
	       doc.title ? doc.title : "(none)");
	for (size_t i = 0; i < doc.n_fields; i++)
		printf("field %s: %s\n", doc.fields[i].name, doc.fields[i].value);
	if (doc.note)
		printf("note: %s\n", doc.note);
	printf("map: %zu entries:", doc.n_map);
	for (size_t i = 0; i < doc.n_map && i < 16; i++)
		printf(" {%zu,%zu}", doc.map[i].text_off, doc.map[i].src_off);
	printf("\ntext (%zu bytes):\n%s\n", doc.text_len, doc.text ? doc.text : "");
	rb_document_free(&doc);
	free(b);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;
	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump(argv[2]);
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-q"))
			quiet = 1;
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: format-check [-q | -v] PATH... | --dump FILE\n");
		return 2;
	}
	for (; i < argc; i++)
		if (nftw(argv[i], visit, 16, FTW_PHYS) != 0)
			fprintf(stderr, "format-check: %s: %s\n", argv[i], strerror(errno));
	printf("files %lu:", files);
	for (int f = RB_FORMAT_TEXT; f <= RB_FORMAT_BINARY; f++)
		printf(" %s %lu", rb_format_name((rb_format)f), per_format[f]);
	printf("\nfailures %lu, bad text %lu, bad map %lu\n", failures, bad_text, bad_map);
	printf("U+FFFD in text: %lu with a declared charset, %lu other\n", fffd_declared,
	       fffd_other);
	printf("slowest: %.3f s (%s)\n", slowest, slowest_path);
	return failures || bad_text || bad_map ? 1 : 0;
}
