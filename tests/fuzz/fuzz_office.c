/* Fuzzes the office readers: DOCX, ODT, PPTX, ODP, XLSX, ODS.  The first
 * byte chooses: bit 0 clear, the rest is the archive's bytes as they are;
 * set, the rest is split at NUL bytes into the XML parts of a well-formed
 * zip (the walks over paragraphs, slides, rows and cells, the parts'
 * order through relationships, the title).  Bits 1 and up, modulo 6, pick
 * the format.  Either way: a document or a skip, as fuzz_doc.h checks. */
#include "fuzz_doc.h"

static const struct {
	rb_format format;
	const char *parts[4];
	size_t n_parts;
} dialects[] = {
	{ RB_FORMAT_DOCX, { "word/document.xml", "docProps/core.xml" }, 2 },
	{ RB_FORMAT_ODT, { "content.xml", "meta.xml" }, 2 },
	{ RB_FORMAT_PPTX, { "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels",
			    "ppt/slides/slide1.xml", "docProps/core.xml" }, 4 },
	{ RB_FORMAT_ODP, { "content.xml", "meta.xml" }, 2 },
	{ RB_FORMAT_XLSX, { "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
			    "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml" }, 4 },
	{ RB_FORMAT_ODS, { "content.xml", "meta.xml" }, 2 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t d = (size_t)(data[0] >> 1) % (sizeof dialects / sizeof *dialects);
	rb_format f = dialects[d].format;
	if (!(data[0] & 1)) {
		fz_read_document(data + 1, size - 1, f);
		return 0;
	}
	char *zip = NULL;
	size_t len = fz_zip(dialects[d].parts, dialects[d].n_parts, data + 1, size - 1, &zip);
	if (len)
		fz_read_document((const uint8_t *)zip, len, f);
	free(zip);
	return 0;
}
