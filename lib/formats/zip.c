/* zip.c: archive access for the zip-based readers, within the limits
 * rbzip.h states.  libzip reads the central directory; every entry is read
 * through zip_fread in bounded steps, so what an entry's header declares
 * never sizes a buffer by itself. */
#include "rbzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zlib.h>


struct rb_zip {
	zip_t *archive;
	const char *name;
	size_t total;      /* bytes read from all entries so far */
};

/* libzip out of memory is the run's trouble, not the file's: the file is
 * read again next run rather than recorded as unreadable.  (zlib's own
 * comes as a zlib error.) */
static rb_status zip_status(zip_error_t *ze)
{
	return zip_error_code_zip(ze) == ZIP_ER_MEMORY ||
	       (zip_error_code_zip(ze) == ZIP_ER_ZLIB && zip_error_code_system(ze) == Z_MEM_ERROR)
	       ? RB_ERR_NO_MEMORY : RB_ERR_INVALID;
}

/* libzip also reports some failed allocations as a broken archive ("Not a
 * zip archive"), and libxml2 as XML that is not well-formed: a failure
 * that does not come again on a second try was not the file's, so each is
 * tried twice before the file is skipped as broken (and not read again
 * until it changes). */
static rb_status zip_open_once(const char *name, const char *b, size_t n, bool count,
			       rb_zip **out, char **err);

static rb_status zip_open_any(const char *name, const char *b, size_t n, bool count,
			      rb_zip **out, char **err)
{
	char *first = NULL;
	rb_status rc = zip_open_once(name, b, n, count, out, &first);
	if (rc == RB_ERR_INVALID) {
		free(first);
		first = NULL;
		rc = zip_open_once(name, b, n, count, out, &first);
	}
	if (err)
		*err = first;
	else
		free(first);
	return rc;
}

static rb_status zip_open_once(const char *name, const char *b, size_t n, bool count,
			      rb_zip **out, char **err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	*out = NULL;
	zip_source_t *src = zip_source_buffer_create(n ? b : "", n, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za) {
		rb_status rc = zip_status(&ze) == RB_ERR_NO_MEMORY
				       ? rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name)
				       : rb_fail(err, RB_ERR_INVALID, "%s: not a readable zip archive: %s",
						 name, zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_int64_t entries = zip_get_num_entries(za, 0);
	if (entries < 0 || (count && entries > RB_ZIP_MAX_ENTRIES)) {
		zip_discard(za);
		return rb_fail(err, RB_ERR_INVALID, "%s: archive has %lld entries (limit %d)",
			       name, (long long)entries, RB_ZIP_MAX_ENTRIES);
	}
	rb_zip *z = calloc(1, sizeof *z);
	if (!z) {
		zip_discard(za);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	z->archive = za;
	z->name = name;
	*out = z;
	return RB_OK;
}

rb_status rb_zip_open(const char *name, const char *b, size_t n, rb_zip **out,
		      char **err)
{
	return zip_open_any(name, b, n, true, out, err);
}

void rb_zip_close(rb_zip *z)
{
	if (!z)
		return;
	zip_discard(z->archive);
	free(z);
}

bool rb_zip_has(rb_zip *z, const char *entry)
{
	return zip_name_locate(z->archive, entry, ZIP_FL_ENC_RAW) >= 0;
}

/* Reads at most `limit` bytes of entry `index`; *over is set when the
 * entry holds more. */
static rb_status read_bounded(rb_zip *z, const char *entry, zip_uint64_t index,
			      size_t limit, char **data, size_t *len, bool *over,
			      char **err)
{
	zip_file_t *f = zip_fopen_index(z->archive, index, 0);
	if (!f)
		return rb_fail(err, zip_status(zip_get_error(z->archive)), "%s: %s: %s", z->name,
			       entry, zip_strerror(z->archive));
	size_t cap = 0, got = 0;
	char *buf = NULL;
	rb_status rc = RB_OK;
	*over = false;
	for (;;) {
		if (got == cap) {
			if (cap > limit) {
				*over = true;
				break;
			}
			size_t c = cap ? cap * 2 : 1 << 14;
			if (c > limit + 1)
				c = limit + 1;  /* one byte more tells an entry over the limit */
			char *b = realloc(buf, c + 1);
			if (!b) {
				rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: %s: out of memory",
					     z->name, entry);
				break;
			}
			buf = b;
			cap = c;
		}
		zip_int64_t r = zip_fread(f, buf + got, cap - got);
		if (r < 0) {
			rc = rb_fail(err, zip_status(zip_file_get_error(f)), "%s: %s: %s", z->name,
				     entry, zip_file_strerror(f));
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got > limit)
		*over = true;
	zip_fclose(f);
	if (rc || *over) {
		free(buf);
		return rc;
	}
	if (!buf && !(buf = malloc(1)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: %s: out of memory", z->name, entry);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return RB_OK;
}

rb_status rb_zip_read(rb_zip *z, const char *entry, char **data, size_t *len,
		      char **err)
{
	*data = NULL;
	*len = 0;
	if (strlen(entry) > RB_ZIP_MAX_NAME_BYTES)
		return rb_fail(err, RB_ERR_INVALID, "%s: entry name longer than %d bytes",
			       z->name, RB_ZIP_MAX_NAME_BYTES);
	zip_int64_t index = zip_name_locate(z->archive, entry, ZIP_FL_ENC_RAW);
	if (index < 0)
		return rb_fail(err, RB_ERR_INVALID, "%s: no entry %s", z->name, entry);
	size_t left = RB_ZIP_MAX_TOTAL_BYTES - z->total;
	size_t limit = left < RB_ZIP_MAX_ENTRY_BYTES ? left : RB_ZIP_MAX_ENTRY_BYTES;
	/* Which limit binds: the entry's own, or what is left of the file's. */
	const char *which = left < RB_ZIP_MAX_ENTRY_BYTES ? "a file" : "an entry";
	unsigned limit_mib = (left < RB_ZIP_MAX_ENTRY_BYTES ? RB_ZIP_MAX_TOTAL_BYTES
			      : RB_ZIP_MAX_ENTRY_BYTES) >> 20;
	zip_stat_t st;
	/* A declared size over the limit is refused before any inflating. */
	if (zip_stat_index(z->archive, (zip_uint64_t)index, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > limit)
		return rb_fail(err, RB_ERR_INVALID,
			       "%s: %s: entry declares %llu bytes, over the limit of %u MiB %s",
			       z->name, entry, (unsigned long long)st.size, limit_mib, which);
	bool over;
	rb_status rc = read_bounded(z, entry, (zip_uint64_t)index, limit, data, len, &over, err);
	if (rc == RB_ERR_INVALID) {   /* tried twice: see zip_open_any */
		if (err) {
			free(*err);
			*err = NULL;
		}
		rc = read_bounded(z, entry, (zip_uint64_t)index, limit, data, len, &over, err);
	}
	if (rc)
		return rc;
	if (over)
		return rb_fail(err, RB_ERR_INVALID,
			       "%s: %s: entry inflates past the limit of %u MiB %s", z->name,
			       entry, limit_mib, which);
	z->total += *len;
	return RB_OK;
}

rb_zip *rb_zip_probe(const char *b, size_t n)
{
	rb_zip *z;
	return zip_open_any("-", b, n, false, &z, NULL) ? NULL : z;
}

void rb_zip_mimetype(rb_zip *z, char *buf, size_t size)
{
	buf[0] = '\0';
	zip_int64_t index = zip_name_locate(z->archive, "mimetype", ZIP_FL_ENC_RAW);
	zip_file_t *f = index < 0 ? NULL : zip_fopen_index(z->archive, (zip_uint64_t)index, 0);
	if (!f)
		return;
	zip_int64_t r = zip_fread(f, buf, size - 1);
	zip_fclose(f);
	size_t n = r > 0 ? (size_t)r : 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
}
