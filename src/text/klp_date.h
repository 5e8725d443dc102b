/* klp_date.h - dates and times written by people and by machines, to ISO 8601.
 * Shared by text mode (date lines of crawler dumps) and HTML metadata (meta tags,
 * JSON-LD, <time>, visible bylines). Pure functions: no allocation, no I/O. */
#ifndef KLP_DATE_H
#define KLP_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* A parsed date. Fields not found stay at their "unknown" values: has_time == false with
 * hour/minute/second 0, has_offset == false with offset_minutes 0. An offset is only ever
 * set together with a time (a zone counts only right after a time). */
typedef struct klpi_date {
    int year;  /* 4 digits, 1900..2100 accepted */
    int month; /* 1..12 */
    int day;   /* 1..31 */
    bool has_time;
    int hour, minute, second; /* valid when has_time */
    bool has_offset;
    int offset_minutes; /* UTC offset, e.g. +420 for WIB, valid when has_offset */
} klpi_date;

/* Looks for one date (with an optional time and zone) anywhere in s[0..len); the leftmost
 * date wins. On success fills *out, sets *span_begin and *span_end (each may be NULL) to the
 * byte range that the date, time and zone occupy, and returns true. The span also covers a
 * weekday written directly before the date ("Monday, 12 June 2023") and a time written just
 * before it ("3:45 p.m. ET Nov. 19, 2019"). s need not be NUL-terminated and need not be
 * valid UTF-8. Never reads past len.
 * Recognized: month/weekday names of en, id, ms, de, fr, es, pt, it, nl, pl (case- and
 * accent-insensitive, "März" == "Marz"), and month names of ru, uk, bg in day-first dates
 * ("15 августа 2016"); "12 Jun 2023", "June 12, 2023", "12. Juni 2023",
 * "12 de junio de 2023"; ISO "2023-06-12[T09:33[:00[.123]]][Z|+07:00|+0700]", "2023/06/12",
 * "12/06/2023" "12-06-2023" "12.06.2023" (day first unless the second number is > 12);
 * times "09:33[:00]", "9:02 AM", "9:02 a.m.", and right after a date "09.33"/"09h33";
 * zones WIB WITA WIT UTC GMT(+7, +07:00) ET EST EDT ... and "+07:00"/"+0700". "ET", "CT",
 * "MT", "PT" get the standard-time offset (ET = -05:00). Years 1900..2100 only; two-digit
 * years are never accepted. */
bool klpi_date_find(const char *s, size_t len, klpi_date *out, size_t *span_begin,
                    size_t *span_end);

/* Like klpi_date_find; when that finds nothing, also a day-first date with dots and a
 * two-digit year ("31.10.23", "6.11.22 12:44"; 00..69 are 2000..2069, 70..99 are
 * 1970..1999), which is too ambiguous to look for in running text: meant for short texts
 * that are known to hold a date (date elements, bylines). */
bool klpi_date_find_short_year(const char *s, size_t len, klpi_date *out, size_t *span_begin,
                               size_t *span_end);

/* True when the line is a date line: a date (and optional weekday, time, zone, and a few
 * connecting words such as "Updated", "Published", "Diperbarui", "|", ",") covers it,
 * with at most max_other_words other words (a word is a maximal run of letters/digits;
 * "New Delhi, News Nation Bureau | Updated : 19 November 2019, 09:01 AM" has 5). Further
 * dates and stray times on the line do not count as other words. Fills *out (may be NULL)
 * with the first date when it returns true. */
bool klpi_date_line(const char *s, size_t len, int max_other_words, klpi_date *out);

/* Writes the date as ISO 8601 into buf (at least 32 bytes): "2023-06-12",
 * "2023-06-12T09:33:00" or "2023-06-12T09:33:00+07:00" (UTC is "+00:00", never "Z"; the
 * offset is written only with a time). NUL-terminates and returns the length written, or
 * returns 0 (writing at most buf[0] = '\0') when cap is too small or d is out of range. */
size_t klpi_date_format(const klpi_date *d, char *buf, size_t cap);

#endif
