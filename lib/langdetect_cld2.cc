/* langdetect_cld2.cc: the C entry point into CLD2 (Compact Language
 * Detector 2, Debian libcld2-dev), which only has a C++ interface.
 * Used by langdetect.c only; no exception leaves this file.
 */
#include <cstdio>   /* compact_lang_det.h uses FILE without including it */

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

extern "C" int rb_cld2_detect(const char *text, int len, const char **code_out);

/* Sets *code_out to the ISO 639 code CLD2 gives text[0,len) (valid UTF-8,
 * plain text), or NULL when it finds no reliable answer; returns 0, or -1
 * when CLD2 threw (out of memory: that is no answer about the text). */
extern "C" int rb_cld2_detect(const char *text, int len, const char **code_out)
{
	*code_out = nullptr;
	try {
		CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING,
					CLD2::UNKNOWN_LANGUAGE};
		CLD2::Language lang3[3];
		int percent3[3], text_bytes, valid_prefix;
		double score3[3];
		bool reliable = false;
		CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
			text, len, true, &hints, 0, lang3, percent3, score3, nullptr,
			&text_bytes, &reliable, &valid_prefix);
		if (reliable && lang != CLD2::UNKNOWN_LANGUAGE &&
		    lang != CLD2::TG_UNKNOWN_LANGUAGE)
			*code_out = CLD2::LanguageCode(lang);
		return 0;
	} catch (...) {
		return -1;
	}
}
