/* formats.c: the table of input formats, made from formats.def, and the
 * names a user gives them. */
#include "reader.h"

#include <string.h>
#include <strings.h>

static const rb_format_row rows[] = {
#define RB_FORMAT_ROW(id, name, aliases, extensions, reader, sniff, magic, zip_mimetype, \
		      zip_entry)                                                           \
	{ RB_FORMAT_##id, name, aliases, extensions, reader, sniff, magic, zip_mimetype,   \
	  zip_entry },
#include "formats.def"
#undef RB_FORMAT_ROW
};
#define N_ROWS (sizeof rows / sizeof *rows)

const rb_format_row *rb_format_rows(size_t *n)
{
	*n = N_ROWS;
	return rows;
}

const rb_format_row *rb_format_row_of(rb_format f)
{
	/* The rows are in the enum's order, which formats.def makes. */
	return f > RB_FORMAT_AUTO && f < RB_FORMAT_BINARY ? &rows[f - 1] : NULL;
}

bool rb_sniff_none(const char *b, size_t n)
{
	(void)b;
	(void)n;
	return false;
}

bool rb_format_extracts(rb_format f)
{
	const rb_format_row *r = rb_format_row_of(f);
	return r && (r->magic || r->zip_mimetype || r->zip_entry);
}

const char *rb_format_name(rb_format f)
{
	const rb_format_row *r = rb_format_row_of(f);
	return r ? r->name : f == RB_FORMAT_AUTO ? "auto" : f == RB_FORMAT_BINARY ? "binary"
						       : "unknown";
}

bool rb_format_word_in(const char *words, const char *word)
{
	size_t k = strlen(word);
	for (const char *w = words; *w; w += strspn(w, " ")) {
		size_t len = strcspn(w, " ");
		if (len == k && strncasecmp(w, word, k) == 0)
			return true;
		w += len;
	}
	return false;
}

int rb_format_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int f = RB_FORMAT_AUTO; f <= RB_FORMAT_BINARY; f++)
		if (strcasecmp(name, rb_format_name((rb_format)f)) == 0)
			return f;
	for (size_t i = 0; i < N_ROWS; i++)
		if (rb_format_word_in(rows[i].aliases, name))
			return (int)rows[i].format;
	return -1;
}
