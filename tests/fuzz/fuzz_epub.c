/* Fuzzes the EPUB reader.  The first byte chooses: even, the rest is the
 * archive's bytes as they are (zip parsing, limits); odd, the rest is
 * split at NUL bytes into container.xml, the package document and two
 * chapters of a well-formed zip (the XML, the spine, href resolution, the
 * HTML reader).  Either way: a document or a skip, as fuzz_doc.h checks. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"mimetype", "META-INF/container.xml", "OEBPS/book.opf",
		"OEBPS/text/one.xhtml", "OEBPS/text/two.xhtml",
	};
	if (size == 0 || !(data[0] & 1)) {
		fz_read_document(data + (size > 0), size - (size > 0), RB_FORMAT_EPUB);
		return 0;
	}
	/* "mimetype" first, then the pieces */
	size_t n = size - 1 + sizeof "application/epub+zip";
	uint8_t *input = malloc(n);
	CHECK(input != NULL);
	memcpy(input, "application/epub+zip", sizeof "application/epub+zip");
	memcpy(input + sizeof "application/epub+zip", data + 1, size - 1);
	char *zip = NULL;
	size_t len = fz_zip(names, sizeof names / sizeof *names, input, n, &zip);
	if (len)
		fz_read_document((const uint8_t *)zip, len, RB_FORMAT_EPUB);
	free(zip);
	free(input);
	return 0;
}
