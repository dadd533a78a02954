/* print_count.c: -c, the exact number of hits: [QID:]N, passages holding
 * the query and files holding it only across passages; no hit printed. */
#include <stdio.h>

#include "printer.h"

static void count_begin(printer *pr, const search_run *s)
{
	if (pr->ro->qid)
		printf("%s:", pr->ro->qid);
	printf("%u\n", s->r.count);
}

const printer_format count_printer = {
	.count_only = true,
	.begin = count_begin,
	.stats = print_stats_aside,
};
