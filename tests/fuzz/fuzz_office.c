/* Fuzzes the DOCX and ODT readers.  The first byte chooses: bit 0 clear,
 * the rest is the archive's bytes as they are; set, the rest is split at
 * NUL bytes into the body and properties parts of a well-formed zip (the
 * paragraph and run walk, the title).  Bit 1 picks DOCX or ODT.  Either
 * way: a document or a skip, as fuzz_doc.h checks. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const docx[] = { "word/document.xml", "docProps/core.xml" };
	static const char *const odt[] = { "content.xml", "meta.xml" };
	if (size == 0)
		return 0;
	rb_format f = data[0] & 2 ? RB_FORMAT_ODT : RB_FORMAT_DOCX;
	if (!(data[0] & 1)) {
		fz_read_document(data + 1, size - 1, f);
		return 0;
	}
	char *zip = NULL;
	size_t len = fz_zip(f == RB_FORMAT_DOCX ? docx : odt, 2, data + 1, size - 1, &zip);
	if (len)
		fz_read_document((const uint8_t *)zip, len, f);
	free(zip);
	return 0;
}
