#include "families.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "schema.h"
#include "store.h"

/* The keys to remove, copied one after another (the walk reads the table
 * they are removed from: they go after it). */
typedef struct {
	xc_writer *w;
	char *bytes;
	size_t used, cap;
	struct gone { size_t at, len; } *v;
	size_t n, n_cap;
	xc_status failed;
	char *msg;
} prune_walk;

static int keep_gone(prune_walk *pw, const char *key, size_t len)
{
	char *b = rb_grow(pw->bytes, &pw->cap, pw->used + len, 1, 1 << 12);
	if (b)
		pw->bytes = b;
	struct gone *v = b ? rb_grow(pw->v, &pw->n_cap, pw->n + 1, sizeof *v, 256) : NULL;
	if (!v)
		return pw->failed = XC_ERR_NO_MEMORY, 1;
	pw->v = v;
	memcpy(pw->bytes + pw->used, key, len);
	pw->v[pw->n++] = (struct gone){ pw->used, len };
	pw->used += len;
	return 0;
}

static int on_family_key(const char *key, size_t len, const char *value, size_t value_len,
			 void *ctx)
{
	(void)value;
	(void)value_len;
	prune_walk *pw = ctx;
	const char *lang;
	char word[RB_MAX_KEY_BYTES + 1];
	size_t word_len;
	int exists = 1;
	if (rb_family_parse(key, len, &lang, word, sizeof word, &word_len) || !word_len)
		return 0;
	if ((pw->failed = xc_writer_term_exists(pw->w, word, &exists, &pw->msg)))
		return 1;
	return exists ? 0 : keep_gone(pw, key, len);
}

rb_status rb_families_prune(xc_writer *w, size_t *removed, char **err)
{
	prune_walk pw = { .w = w };
	xc_status xs = xc_writer_each_metadata_key(w, RB_FAMILY_PREFIX, on_family_key, &pw, &pw.msg);
	if (!xs)
		xs = pw.failed;
	const char **keys = !xs && pw.n ? malloc(pw.n * sizeof *keys) : NULL;
	size_t *lens = keys ? malloc(pw.n * sizeof *lens) : NULL;
	if (!xs && pw.n && !lens)
		xs = XC_ERR_NO_MEMORY;
	for (size_t i = 0; lens && i < pw.n; i++) {
		keys[i] = pw.bytes + pw.v[i].at;
		lens[i] = pw.v[i].len;
	}
	if (!xs)
		xs = xc_writer_remove_keys(w, keys, lens, pw.n, &pw.msg);
	if (!xs && removed)
		*removed = pw.n;
	rb_status rc = xs ? rb_fail(err, rb_store_status(xs), "%s",
				    pw.msg ? pw.msg : xc_status_to_string(xs)) : RB_OK;
	free(keys);
	free(lens);
	free(pw.bytes);
	free(pw.v);
	free(pw.msg);
	return rc;
}
