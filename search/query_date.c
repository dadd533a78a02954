/* query_date.c: the value of date: as notmuch users write it.
 *
 *   date:2002            the whole year
 *   date:2002-08         the whole month
 *   date:2002-08-22      the whole day
 *   date:A..B            from the start of A to the end of B
 *   date:A..  date:..B   open on one side
 *
 * Dates are read in local time (TZ), as notmuch reads them: a day is the
 * user's day, not UTC's.
 */
#include "query_internal.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

typedef enum { DATE_YEAR, DATE_MONTH, DATE_DAY } date_unit;

/* Reads YYYY, YYYY-MM or YYYY-MM-DD from s[0, len) into *tm (the first
 * second of that period) and *unit. */
static bool read_date(const char *s, size_t len, struct tm *tm, date_unit *unit)
{
	int part[3] = { 0, 1, 1 }, n = 0;
	size_t i = 0;
	while (n < 3) {
		size_t start = i;
		int v = 0;
		while (i < len && isdigit((unsigned char)s[i]) && i - start < 4)
			v = v * 10 + (s[i++] - '0');
		size_t digits = i - start;
		if (digits != (n == 0 ? 4u : 2u))
			return false;
		part[n++] = v;
		if (i == len)
			break;
		if (s[i++] != '-' || i == len)
			return false;
	}
	if (i != len || part[0] < 1 || part[1] < 1 || part[1] > 12 || part[2] < 1)
		return false;
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = part[0];
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (part[2] > days[part[1] - 1] || (part[1] == 2 && part[2] == 29 && !leap))
		return false;
	*tm = (struct tm){ .tm_year = y - 1900, .tm_mon = part[1] - 1, .tm_mday = part[2],
			   .tm_isdst = -1 };
	*unit = n == 1 ? DATE_YEAR : n == 2 ? DATE_MONTH : DATE_DAY;
	return true;
}

/* The first second of the period after the one starting at *tm. */
static int64_t period_end(struct tm tm, date_unit unit)
{
	if (unit == DATE_YEAR)
		tm.tm_year++;
	else if (unit == DATE_MONTH)
		tm.tm_mon++;
	else
		tm.tm_mday++;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

bool query_date_range(const char *s, size_t len, query_date *out)
{
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	size_t a_len = dots ? (size_t)(dots - s) : len;
	const char *b = dots ? dots + 2 : s;
	size_t b_len = dots ? len - a_len - 2 : len;
	struct tm tm;
	date_unit unit;
	*out = (query_date){ 0 };
	if (a_len == 0 && b_len == 0)
		return false;
	if (a_len) {
		if (!read_date(s, a_len, &tm, &unit))
			return false;
		out->has_from = true;
		out->from = (int64_t)mktime(&tm);
	}
	if (b_len) {
		if (!read_date(b, b_len, &tm, &unit))
			return false;
		out->has_to = true;
		out->to = period_end(tm, unit) - 1;
		if (out->has_from && out->to < out->from)
			return false;
	}
	return true;
}
