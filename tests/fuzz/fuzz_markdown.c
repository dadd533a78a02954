/* Fuzzes the Markdown reader (libcmark): any bytes give valid UTF-8 text
 * whose map points into the input, never a crash, a leak or a failure. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_read_document(data, size, RB_FORMAT_MARKDOWN);
	return 0;
}
