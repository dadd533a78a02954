#include "schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

size_t rb_family_prefix(char *buf, size_t cap, const char *stem, size_t stem_len)
{
	size_t n = 1 + stem_len + 1;
	if (n > cap || n > RB_MAX_KEY_BYTES || memchr(stem, '\0', stem_len))
		return 0;
	buf[0] = RB_FAMILY_PREFIX[0];
	memcpy(buf + 1, stem, stem_len);
	buf[n - 1] = '\0';
	return n;
}

size_t rb_family_key(char *buf, size_t cap, const char *stem, size_t stem_len,
		     const char *lang, const char *word, size_t word_len)
{
	size_t at = rb_family_prefix(buf, cap, stem, stem_len), lang_len = strlen(lang), keep = 0;
	while (keep < stem_len && keep < word_len && keep < 254 && stem[keep] == word[keep])
		keep++;
	size_t n = at + lang_len + 1 + 1 + (word_len - keep);
	if (!at || n > cap || n > RB_MAX_KEY_BYTES)
		return 0;
	memcpy(buf + at, lang, lang_len + 1);
	at += lang_len + 1;
	buf[at++] = (char)(keep + 1);
	memcpy(buf + at, word + keep, word_len - keep);
	return n;
}

int rb_family_parse(const char *key, size_t len, const char **lang, char *word,
		    size_t cap, size_t *word_len)
{
	const char *end = key + len, *stem = key + 1;
	const char *nul = len ? memchr(stem, '\0', len - 1) : NULL;
	const char *l = nul ? nul + 1 : NULL;
	const char *nul2 = l && l < end ? memchr(l, '\0', (size_t)(end - l)) : NULL;
	if (!nul2 || nul2 + 1 >= end || key[0] != RB_FAMILY_PREFIX[0])
		return -1;
	size_t keep = (unsigned char)nul2[1] - 1u, tail = (size_t)(end - nul2 - 2);
	if (nul2[1] == 0 || keep > (size_t)(nul - stem) || keep + tail + 1 > cap)
		return -1;
	memcpy(word, stem, keep);
	memcpy(word + keep, nul2 + 2, tail);
	word[keep + tail] = '\0';
	*lang = l;
	*word_len = keep + tail;
	return 0;
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
