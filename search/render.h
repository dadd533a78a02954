/* render.h: hits as text lines (grep style) or JSON Lines. */
#ifndef RUBRIC_RENDER_H
#define RUBRIC_RENDER_H

#include <stdio.h>

#include "passage.h"
#include "record.h"

typedef struct {
	int color;          /* ANSI colours for path, line and matches */
	const char *cwd;    /* paths under it are shown relative to it */
} render_opts;

/* The path as shown to the user: relative to cwd when under it. */
const char *render_path(const render_opts *o, const rb_record *r,
			size_t *len_out);

/* PATH:LINE: TEXT, the passage's newlines folded to spaces. */
void render_text(FILE *f, const render_opts *o, const rb_record *r,
		 const rb_span *hl, size_t n_hl);

/* One JSON object, {"type":"hit",...}, and a newline.  -1 on failure. */
int render_json(FILE *f, const render_opts *o, const rb_record *r,
		unsigned rank, double score, const rb_span *hl, size_t n_hl);

#endif
