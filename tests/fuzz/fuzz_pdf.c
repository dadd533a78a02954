/* Fuzzes the PDF reader (poppler): any bytes read as a PDF give a
 * document whose text is valid UTF-8 with sound pages, or a skip with a
 * reason (encrypted, damaged); never a crash, a leak or a failure. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_read_document(data, size, RB_FORMAT_PDF);
	return 0;
}
