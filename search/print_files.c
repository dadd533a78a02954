/* print_files.c: -l, the files holding the query, once each, best first:
 * [QID:]PATH and a newline (a NUL with -0). */
#include <stdio.h>

#include "printer.h"

static int files_hit(printer *pr, const printed_hit *h, char **err)
{
	(void)err;
	if (!h->file_first)
		return 0;
	size_t len;
	const char *path = render_path(pr->ro, &h->p.r, &len);
	if (pr->ro->qid)
		printf("%s:", pr->ro->qid);
	fwrite(path, 1, len, stdout);
	putchar(pr->ro->null_path ? '\0' : '\n');
	return 0;
}

const printer_format files_printer = {
	.paths_only = true,
	.hit = files_hit,
	.stats = print_stats_aside,
};
