/* gzip.c: a gzip-compressed file (notes.txt.gz, a list's archive.mbox.gz,
 * a program's NEWS.gz) is read as what it holds.  gzip is only a wrapper:
 * the bytes it holds are detected (by content, then by the name without
 * ".gz") or read as --format says, like any file's.  What it holds is
 * bounded as extracted text is (RB_EXTRACT_MAX_TEXT): a small file that
 * inflates to gigabytes stops at the bound.  A stream of several members
 * (gzip's concatenation) is read whole; bytes after the last member are
 * ignored, as gunzip ignores trailing zeros. */
#include "reader.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

bool rb_gzip_is(const char *b, size_t n)
{
	return n >= 2 && (unsigned char)b[0] == 0x1f && (unsigned char)b[1] == 0x8b;
}

static rb_status grow(const char *name, char **out, size_t *cap, char **err)
{
	if (*cap > RB_EXTRACT_MAX_TEXT)
		return rb_fail(err, RB_ERR_INVALID,
			       "%s: decompresses past the limit of %u MiB", name,
			       RB_EXTRACT_MAX_TEXT >> 20);
	size_t c = *cap ? 2 * *cap : 64 * 1024;
	if (c > RB_EXTRACT_MAX_TEXT + 1)
		c = RB_EXTRACT_MAX_TEXT + 1;   /* one byte over says it is over */
	char *p = realloc(*out, c + 1);
	if (!p)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	*out = p;
	*cap = c;
	return RB_OK;
}

rb_status rb_gunzip(const char *name, const char *b, size_t n, char **out, size_t *len,
		    char **err)
{
	z_stream zs = { 0 };
	size_t cap = 0, used = 0;
	*out = NULL;
	*len = 0;
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	zs.next_in = (Bytef *)b;
	rb_status rc = RB_OK;
	size_t left = n;
	for (;;) {
		if (used == cap && (rc = grow(name, out, &cap, err)))
			break;
		/* zlib counts in uInt: a file over 4 GB goes in slices */
		if (zs.avail_in == 0) {
			zs.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
			left -= zs.avail_in;
		}
		zs.next_out = (Bytef *)*out + used;
		zs.avail_out = (uInt)(cap - used);
		int z = inflate(&zs, Z_NO_FLUSH);
		used = cap - zs.avail_out;
		if (z == Z_STREAM_END) {
			/* another member follows, or the end (or trailing junk) */
			if (rb_gzip_is((const char *)zs.next_in, zs.avail_in) &&
			    inflateReset(&zs) == Z_OK)
				continue;
			break;
		}
		if (z == Z_MEM_ERROR) {
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
			break;
		}
		if (z == Z_OK || (z == Z_BUF_ERROR && zs.avail_out == 0))
			continue;
		rc = rb_fail(err, RB_ERR_INVALID, "%s: not a readable gzip stream: %s", name,
			     z == Z_BUF_ERROR ? "it ends too soon" : zs.msg ? zs.msg : "corrupt");
		break;
	}
	inflateEnd(&zs);
	if (!rc && used > RB_EXTRACT_MAX_TEXT)
		rc = rb_fail(err, RB_ERR_INVALID, "%s: decompresses past the limit of %u MiB",
			     name, RB_EXTRACT_MAX_TEXT >> 20);
	if (rc) {
		free(*out);
		*out = NULL;
		return rc;
	}
	(*out)[used] = '\0';
	*len = used;
	return RB_OK;
}
