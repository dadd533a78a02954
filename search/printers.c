/* printers.c: the output formats, one row each: the name that chooses it
 * and its printer (printer.h).  A new format is a file of callbacks and a
 * row here. */
#include <stdlib.h>
#include <string.h>

#include "printer.h"

extern const printer_format text_printer, json_printer, tsv_printer, trec_printer,
	files_printer, count_printer;

static const struct {
	const char *name;
	bool format_option;          /* --format NAME; else its own option */
	const printer_format *printer;
} formats[] = {
	{ "text", true, &text_printer },      /* the default */
	{ "json", true, &json_printer },      /* also --json */
	{ "tsv", true, &tsv_printer },
	{ "trec", true, &trec_printer },
	{ "files", false, &files_printer },   /* -l */
	{ "count", false, &count_printer },   /* -c */
};

#define N_FORMATS (sizeof formats / sizeof *formats)

const printer_format *printers_find(const char *name, bool format_option)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (strcmp(formats[i].name, name) == 0 &&
		    (formats[i].format_option || !format_option))
			return formats[i].printer;
	return NULL;
}

char *printers_names(void)
{
	size_t len = 1, n = 0, k = 0;
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i].format_option)
			len += strlen(formats[i].name) + 4, n++;
	char *s = malloc(len), *at = s;
	if (!s)
		return NULL;
	*at = '\0';
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i].format_option) {
			k++;
			at = stpcpy(at, k == 1 ? "" : k == n ? " or " : ", ");
			at = stpcpy(at, formats[i].name);
		}
	return s;
}
