/* Fuzzes the archive reader (libarchive: zip, tar and its compressions,
 * 7z) and the subdocuments it gives: the bytes read as an archive (a
 * gzip, bzip2, xz or zstd stream around a tar too), its members as
 * detection decides; then the bytes as detection decides (any reader:
 * the HTML reader had no target of its own).  A document (its members,
 * nested ones too, each valid UTF-8 as fuzz_doc.h checks) or a skip,
 * never a failure. */
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_read_document(data, size, RB_FORMAT_ARCHIVE);
	fz_read_document(data, size, RB_FORMAT_AUTO);
	return 0;
}
