/* schema.h: the names the index and the search agree on (see ARCHITECTURE.md,
 * "Index schema"), kept apart so that the search links nothing of the
 * indexer. */
#ifndef RUBRIC_SCHEMA_H
#define RUBRIC_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

/* A passage's language, as a boolean term: "L" + libstemmer name. */
#define RB_LANG_PREFIX "L"
/* The language used where detection cannot tell. */
#define RB_DEFAULT_LANG "english"

/* The value slot holding a passage's file id (the 16 hex digits of its
 * "P" term): the key that groups passages into files at search time. */
#define RB_SLOT_FILE 0
#define RB_FILE_ID_LEN 16
/* The value slot holding a passage's tie-break key: its file id then its
 * passage number as 8 hex digits.  Of equal scores, Xapian keeps the
 * lowest keys when a limit cuts through them, so the hits kept do not
 * depend on document ids (fresh, updated and sharded indexes agree). */
#define RB_SLOT_ORDER 1
#define RB_ORDER_KEY_LEN (RB_FILE_ID_LEN + 8)
/* The value slot holding a passage's date (its mail's Date, else its
 * file's modification time) as a date key: date: ranges and --sort
 * newest|oldest read it. */
#define RB_SLOT_DATE 2
#define RB_DATE_KEY_LEN 8

/* A mail's header words, as boolean terms of the folded, unstemmed words:
 * "XF" From, "XT" To and Cc; "XI" + the Message-ID as written (without
 * its angle brackets). */
#define RB_FROM_PREFIX "XF"
#define RB_TO_PREFIX "XT"
#define RB_ID_PREFIX "XI"
/* The words of a mail's attachments' names (attachment:), on the
 * message's passages and its attachments'. */
#define RB_ATTACHMENT_PREFIX "XA"
/* On every passage of a document a file holds (an archive's member, a
 * mail's attachment, format.h's rb_subdoc): "XC" + the 16 hex digits of
 * the file's path term, so that the file's change or removal takes them
 * all (lib/ingest.c). */
#define RB_CONTAINER_PREFIX "XC"

/* A stem family's entries: a metadata key (no value but a byte) for each
 * word of each stem in each language that the language's passages hold:
 * "Z" + stem + NUL + language + NUL + the word, written as how many of
 * its first bytes are the stem's (one byte: that number + 1) then its
 * other bytes.  Listing the keys under "Z" + stem + NUL gives a family in
 * every language sharing the stem (remote shards serve it in one round
 * trip each; Xapian's synonym table, which they do not serve, held the
 * families until schema 6).  A key over RB_MAX_KEY_BYTES (glass's limit
 * of a metadata key) cannot be stored: the word then goes without one. */
#define RB_FAMILY_PREFIX "Z"
#define RB_MAX_KEY_BYTES 253
/* The key of word[0, word_len) in the family of stem[0, stem_len) in
 * `lang` into buf (cap bytes): its length, 0 when it does not fit (in
 * cap or RB_MAX_KEY_BYTES). */
size_t rb_family_key(char *buf, size_t cap, const char *stem, size_t stem_len,
		     const char *lang, const char *word, size_t word_len);
/* The prefix of a stem's keys ("Z" + stem + NUL): its length, 0 when it
 * does not fit. */
size_t rb_family_prefix(char *buf, size_t cap, const char *stem, size_t stem_len);
/* A family key read back: *lang points into the key (NUL-terminated
 * there), the word is written into word (cap bytes, NUL-terminated) and
 * its length into *word_len.  0, or -1 for a key that is not one. */
int rb_family_parse(const char *key, size_t len, const char **lang, char *word,
		    size_t cap, size_t *word_len);

/* The boolean term naming every passage of a path: "P" + 16 hex digits
 * of its XXH3; buf holds at least 18 bytes.  A passage's unique id is that
 * with "Q" for "P", then ":" and the passage number. */
void rb_path_term(const char *path, char buf[18]);
/* The number those 16 hex digits spell: file ids compare as their hex
 * does (RB_SLOT_ORDER). */
uint64_t rb_path_id(const char *path, size_t len);
/* Passage `number`'s unique id term of path[0, len) into buf; its length. */
#define RB_PASSAGE_TERM_SIZE 32
int rb_passage_term(const char *path, size_t len, uint32_t number,
		    char buf[RB_PASSAGE_TERM_SIZE]);
/* The same of the file whose rb_path_id is id. */
int rb_file_passage_term(uint64_t id, uint32_t number, char buf[RB_PASSAGE_TERM_SIZE]);

/* The date key of t (seconds since 1970, UTC): the 8 bytes of t with its
 * sign bit flipped, most significant first, so that keys sort as bytes as
 * the times do, before 1970 too (then a NUL, not part of the key; the key
 * may hold NULs: pass RB_DATE_KEY_LEN).  Schema 3 had 16 hex digits. */
void rb_date_key(int64_t t, char buf[RB_DATE_KEY_LEN + 1]);

#endif
