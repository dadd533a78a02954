/* archive.c: zip, tar (plain, gzip, bzip2, xz, zstd) and 7z archives,
 * read with libarchive.  The archive itself has no text: each regular
 * member is a subdocument (format.h, rb_subdoc), read afterwards as a
 * file of its name would be (detect.c), so a PDF inside a zip is a PDF.
 * Directories, links and devices are not members.
 *
 * An archive is hostile until read, and is bounded as a zip an office
 * file is (rbzip.h): at most RB_ZIP_MAX_ENTRIES members, each at most
 * RB_ZIP_MAX_ENTRY_BYTES uncompressed (a size declared over it is refused
 * before any is read; a lying header stops at the bound), all of them at
 * most RB_ZIP_MAX_TOTAL_BYTES, names at most RB_ZIP_MAX_NAME_BYTES.  Over
 * a limit, or damaged (cut short, corrupt, an encrypted member), the
 * archive fails with the reason: the caller skips it with one line.
 */
#include "reader.h"
#include "rbzip.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

/* A reader of the formats and filters rubric opens, on b[0, n). */
static struct archive *open_mem(const char *b, size_t n, bool tar_only)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (!tar_only) {
		archive_read_support_format_zip(a);
		archive_read_support_format_7zip(a);
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	if (archive_read_open_memory(a, b, n) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

bool rb_archive_compressed_tar(const char *b, size_t n)
{
	static const char *const magics[] = { "\x1F\x8B", "BZh", "\xFD" "7zXZ", "\x28\xB5\x2F\xFD" };
	bool compressed = false;
	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
		compressed |= n >= strlen(magics[i]) && !memcmp(b, magics[i], strlen(magics[i]));
	if (!compressed)
		return false;
	struct archive *a = open_mem(b, n, true);
	struct archive_entry *e;
	bool tar = a && archive_read_next_header(a, &e) == ARCHIVE_OK;
	if (a)
		archive_read_free(a);
	return tar;
}

/* A tar header: its checksum (the bytes with the checksum field as
 * spaces) is the octal number the field holds. */
static bool tar_header(const unsigned char *h, size_t n)
{
	if (n < 512 || !h[0])
		return false;
	unsigned long sum = 0, want = 0;
	for (size_t i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	size_t i = 148;
	while (i < 156 && h[i] == ' ')
		i++;
	if (i == 156 || h[i] < '0' || h[i] > '7')
		return false;
	for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++)
		want = want * 8 + (h[i] - '0');
	return sum == want;
}

bool rb_archive_is(const char *b, size_t n)
{
	return (n >= 6 && !memcmp(b, "7z\xBC\xAF\x27\x1C", 6)) ||
	       tar_header((const unsigned char *)b, n);
}

/* The member's bytes, within what is left of the limits. */
static rb_status read_member(const char *name, struct archive *a, const char *member,
			     int64_t declared, size_t *total, char **out, size_t *len,
			     char **err)
{
	size_t left = RB_ZIP_MAX_TOTAL_BYTES - *total;
	bool file_binds = left < RB_ZIP_MAX_ENTRY_BYTES;
	size_t limit = file_binds ? left : RB_ZIP_MAX_ENTRY_BYTES;
	const char *which = file_binds ? "a file" : "an entry";
	unsigned mib = (file_binds ? RB_ZIP_MAX_TOTAL_BYTES : RB_ZIP_MAX_ENTRY_BYTES) >> 20;
	if (declared > 0 && (uint64_t)declared > limit)
		return rb_fail(err, RB_ERR_INVALID,
			       "%s: %s: entry declares %lld bytes, over the limit of %u MiB %s",
			       name, member, (long long)declared, mib, which);
	size_t cap = 0, got = 0;
	char *buf = NULL;
	for (;;) {
		if (got == cap) {
			if (cap > limit) {
				free(buf);
				return rb_fail(err, RB_ERR_INVALID,
					       "%s: %s: entry inflates past the limit of %u MiB %s",
					       name, member, mib, which);
			}
			size_t c = cap ? cap * 2 : 1 << 14;
			c = c > limit + 1 ? limit + 1 : c;
			char *p = realloc(buf, c + 1);
			if (!p) {
				free(buf);
				return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
			}
			buf = p;
			cap = c;
		}
		la_ssize_t r = archive_read_data(a, buf + got, cap - got);
		if (r < 0) {
			free(buf);
			return rb_fail(err, RB_ERR_INVALID, "%s: %s: %s", name, member,
				       archive_error_string(a) ? archive_error_string(a) : "unreadable");
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got > limit) {
		free(buf);
		return rb_fail(err, RB_ERR_INVALID, "%s: %s: entry inflates past the limit of %u MiB %s",
			       name, member, mib, which);
	}
	if (!buf && !(buf = malloc(1)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	buf[got] = '\0';
	*total += got;
	*out = buf;
	*len = got;
	return RB_OK;
}

/* Each regular member, in the archive's order, into doc's subdocuments. */
static rb_status read_members(const char *name, struct archive *a, rb_document *doc,
			      char **err)
{
	size_t cap = 0, total = 0, count = 0;
	struct archive_entry *e;
	for (;;) {
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			return RB_OK;
		if (r < ARCHIVE_WARN)
			return rb_fail(err, RB_ERR_INVALID, "%s: not a readable archive: %s", name,
				       archive_error_string(a) ? archive_error_string(a) : "corrupt");
		if (++count > RB_ZIP_MAX_ENTRIES)
			return rb_fail(err, RB_ERR_INVALID, "%s: archive has more than %d entries (limit %d)",
				       name, RB_ZIP_MAX_ENTRIES, RB_ZIP_MAX_ENTRIES);
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		const char *member = archive_entry_pathname_utf8(e);
		if (!member)
			member = archive_entry_pathname(e);
		if (!member || !*member)
			continue;
		while (member[0] == '.' && member[1] == '/')
			member += 2;   /* tar's "./a.txt" is a.txt */
		size_t k = strlen(member);
		if (k > RB_ZIP_MAX_NAME_BYTES)
			return rb_fail(err, RB_ERR_INVALID, "%s: entry name longer than %d bytes",
				       name, RB_ZIP_MAX_NAME_BYTES);
		char *bytes = NULL;
		size_t len = 0;
		int64_t declared = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		rb_status rc = read_member(name, a, member, declared, &total, &bytes, &len, err);
		if (rc)
			return rc;
		if (!rb_subdoc_add(doc, &cap, member, k, bytes, len))
			return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
}

rb_status rb_read_archive(const char *name, const char *b, size_t n, rb_document *doc,
			  char **err)
{
	struct archive *a = open_mem(b, n, false);
	if (!a)
		return rb_fail(err, RB_ERR_INVALID, "%s: not a readable archive", name);
	doc->format = RB_FORMAT_ARCHIVE;
	rb_status rc = read_members(name, a, doc, err);
	archive_read_free(a);
	if (rc)
		return rc;
	rb_tbuf t = { 0 };   /* no text of its own: "" and the map {0, 0} */
	if (!rb_tbuf_finish(&t, doc))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	return RB_OK;
}
