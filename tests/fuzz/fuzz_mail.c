/* Fuzzes the mail reader (GMime): a message or an mbox of several gives
 * valid UTF-8 text whose map points into the input, and messages in order
 * inside the text; never a crash, a leak or a failure. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_read_document(data, size, RB_FORMAT_MAIL);
	return 0;
}
