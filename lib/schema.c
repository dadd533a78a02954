#include "schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

void rb_stem_key(char *buf, size_t cap, const char *lang, const char *stem,
		 size_t stem_len)
{
	snprintf(buf, cap, "Z%s:%.*s", lang, (int)stem_len, stem);
}

uint64_t rb_path_id(const char *path, size_t len)
{
	return (uint64_t)XXH3_64bits(path, len);
}

void rb_path_term(const char *path, char buf[18])
{
	snprintf(buf, 18, "P%016" PRIx64, rb_path_id(path, strlen(path)));
}

int rb_passage_term(const char *path, size_t len, uint32_t number,
		    char buf[RB_PASSAGE_TERM_SIZE])
{
	return rb_file_passage_term(rb_path_id(path, len), number, buf);
}

int rb_file_passage_term(uint64_t id, uint32_t number, char buf[RB_PASSAGE_TERM_SIZE])
{
	return snprintf(buf, RB_PASSAGE_TERM_SIZE, "Q%016" PRIx64 ":%" PRIu32, id, number);
}

void rb_date_key(int64_t t, char buf[RB_DATE_KEY_LEN + 1])
{
	uint64_t k = (uint64_t)t ^ UINT64_C(0x8000000000000000);
	for (int i = 0; i < RB_DATE_KEY_LEN; i++)
		buf[i] = (char)(k >> (8 * (RB_DATE_KEY_LEN - 1 - i)));
	buf[RB_DATE_KEY_LEN] = '\0';
}
