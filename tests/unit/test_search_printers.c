/* The output formats' table (search/printers.c): each format found by
 * its name, --format offered only the formats it names, and its list of
 * them, as its error says it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../search/printer.h"

static void test_found_by_name(void **state)
{
	(void)state;
	static const char *const names[] = { "text", "json", "tsv", "trec", "files", "count" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const printer_format *f = printers_find(names[i], false);
		assert_non_null(f);
		assert_non_null(f->stats);
		/* A format prints its hits, or something of the query's. */
		assert_true(f->hit || f->begin);
	}
	assert_null(printers_find("csv", false));
	assert_null(printers_find("", false));
}

static void test_format_option(void **state)
{
	(void)state;
	/* -l and -c are options of their own, not --format's. */
	assert_non_null(printers_find("tsv", true));
	assert_null(printers_find("files", true));
	assert_null(printers_find("count", true));
	char *names = printers_names();
	assert_string_equal(names, "text, json, tsv or trec");
	free(names);
}

static void test_what_each_reads(void **state)
{
	(void)state;
	/* -c: the count, no hit; -l: a hit a file, no text; TREC: no
	 * partial hit (it cannot mark one), no text. */
	const printer_format *count = printers_find("count", false);
	assert_true(count->count_only && !count->hit);
	const printer_format *files = printers_find("files", false);
	assert_true(files->paths_only && !files->text && !files->partials);
	const printer_format *trec = printers_find("trec", false);
	assert_true(!trec->partials && !trec->text);
	/* Neighbours and --explain: text and JSON only. */
	assert_true(printers_find("text", false)->context && printers_find("json", false)->explain);
	assert_true(!printers_find("tsv", false)->context && !printers_find("tsv", false)->explain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_by_name),
		cmocka_unit_test(test_format_option),
		cmocka_unit_test(test_what_each_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
