#include "filestate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "store.h"
#include "varint.h"

/* Value: size, mtime (zigzag), racy as varints, the 8-byte hash, then the
 * path. */

void rb_filestate_key(const char *path, char buf[18])
{
	snprintf(buf, 18, RB_FILESTATE_PREFIX "%016" PRIx64,
		 (uint64_t)XXH3_64bits(path, strlen(path)));
}

static rb_status from_xc(xc_status xs, char *msg, char **err)
{
	rb_status rc = rb_fail(err, rb_store_status(xs), "%s", msg ? msg : "index error");
	free(msg);
	return rc;
}

rb_status rb_filestate_put(xc_writer *w, const char *path,
			   const rb_filestate *st, char **err)
{
	size_t plen = strlen(path);
	char key[18], *buf = malloc(3 * 10 + 8 + plen), *p = buf, *msg = NULL;
	if (!buf)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	rb_filestate_key(path, key);
	uint64_t zz = ((uint64_t)st->mtime_ns << 1) ^ (uint64_t)(st->mtime_ns >> 63);
	p = rb_varint_put(p, st->size);
	p = rb_varint_put(p, zz);
	p = rb_varint_put(p, (uint64_t)st->racy);
	memcpy(p, &st->hash, 8);
	memcpy(p + 8, path, plen);
	xc_status xs = xc_writer_set_metadata(w, key, buf, (size_t)(p - buf) + 8 + plen, &msg);
	free(buf);
	return xs ? from_xc(xs, msg, err) : RB_OK;
}

rb_status rb_filestate_delete(xc_writer *w, const char *path, char **err)
{
	char key[18], *msg = NULL;
	rb_filestate_key(path, key);
	xc_status xs = xc_writer_set_metadata(w, key, "", 0, &msg);
	return xs ? from_xc(xs, msg, err) : RB_OK;
}

typedef struct {
	rb_filestate_fn fn;
	void *ctx;
} each_ctx;

static int decode_one(const char *key, size_t key_len, const char *v,
		      size_t len, void *ctx)
{
	each_ctx *c = ctx;
	const char *end = v + len;
	uint64_t size, zz, racy;
	(void)key;
	(void)key_len;
	if (rb_varint_get(&v, end, &size) || rb_varint_get(&v, end, &zz) ||
	    rb_varint_get(&v, end, &racy) || end - v < 8)
		return 0;  /* not a state of ours: ignore */
	rb_filestate st = { .size = size, .racy = (int)racy,
			    .mtime_ns = (int64_t)((zz >> 1) ^ (~(zz & 1) + 1)) };
	memcpy(&st.hash, v, 8);
	return c->fn(v + 8, (size_t)(end - v - 8), &st, c->ctx);
}

rb_status rb_filestate_each_w(xc_writer *w, rb_filestate_fn fn, void *ctx,
			      char **err)
{
	each_ctx c = { fn, ctx };
	char *msg = NULL;
	xc_status xs = xc_writer_each_metadata(w, RB_FILESTATE_PREFIX, decode_one, &c, &msg);
	return xs ? from_xc(xs, msg, err) : RB_OK;
}

rb_status rb_filestate_each_db(xc_db *db, rb_filestate_fn fn, void *ctx,
			       char **err)
{
	each_ctx c = { fn, ctx };
	char *msg = NULL;
	xc_status xs = xc_db_each_metadata(db, RB_FILESTATE_PREFIX, decode_one, &c, &msg);
	return xs ? from_xc(xs, msg, err) : RB_OK;
}
