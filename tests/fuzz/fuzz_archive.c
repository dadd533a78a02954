/* Fuzzes the archive reader (libarchive: zip, tar and its compressions,
 * 7z) and the subdocuments it gives: the bytes read as an archive, then
 * as detection decides; either way a document (its members, nested ones
 * too, each valid as fuzz_doc.h checks) or a skip, never a failure. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_read_document(data, size, RB_FORMAT_ARCHIVE);
	fz_read_document(data, size, RB_FORMAT_AUTO);
	return 0;
}
