/* varint.h: unsigned integers in 7-bit groups, low group first, the high
 * bit set on every byte but the last: the encoding of the index's records,
 * file states and spelling lists. */
#ifndef RUBRIC_VARINT_H
#define RUBRIC_VARINT_H

#include <stdint.h>

/* Room for any uint64_t. */
#define RB_VARINT_MAX 10

/* Writes v at p; returns the byte after it. */
static inline char *rb_varint_put(char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (char)v;
	return p;
}

/* Reads a varint at *p (not past end) and moves *p past it: 0, or -1 when
 * the bytes end first or it does not fit in 64 bits. */
static inline int rb_varint_get(const char **p, const char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = (uint8_t)*(*p)++;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

#endif
