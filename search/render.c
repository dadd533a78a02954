/* render.c: what the output formats share: a hit's path and location as
 * shown, and --stats as lines of text. */
#include "render.h"

#include <string.h>

const char *render_path(const render_opts *o, const rb_record *r,
			size_t *len_out)
{
	size_t cl = o->cwd ? strlen(o->cwd) : 0;
	if (cl > 1 && r->path_len > cl + 1 && memcmp(r->path, o->cwd, cl) == 0 &&
	    r->path[cl] == '/') {
		*len_out = r->path_len - cl - 1;
		return r->path + cl + 1;
	}
	*len_out = r->path_len;
	return r->path;
}

bool render_has_part(const rb_record *r)
{
	return r->part && r->part_name_len;
}

void render_location(FILE *f, const rb_record *r, char sep)
{
	if (render_has_part(r))
		fprintf(f, "%u%c", r->part, sep);
	fprintf(f, "%u", r->line);
}

void render_text_summary(FILE *f, const render_opts *o, const render_stats *st)
{
	const char *q = o->qid ? o->qid : "", *c = o->qid ? ":" : "";
	fprintf(f, "%s%s%lu matching passages\n", q, c, st->matches);
	fprintf(f, "%s%s%lu hits shown\n", q, c, st->hits);
	fprintf(f, "%s%s%lu files with hits shown\n", q, c, st->files);
	fprintf(f, "%s%s%.6f seconds\n", q, c, st->elapsed);
}
