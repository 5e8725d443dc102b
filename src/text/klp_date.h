/* klp_date.h - dates and times written by people and by machines, to ISO 8601.
 * Shared by text mode (date lines of crawler dumps) and HTML metadata (meta tags,
 * JSON-LD, <time>, visible bylines). Pure functions: no allocation, no I/O. */
#ifndef KLP_DATE_H
#define KLP_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* A parsed date. Fields not found stay at their "unknown" values. */
typedef struct klpi_date {
    int year;  /* 4 digits, 1900..2100 accepted */
    int month; /* 1..12 */
    int day;   /* 1..31 */
    bool has_time;
    int hour, minute, second; /* valid when has_time */
    bool has_offset;
    int offset_minutes; /* UTC offset, e.g. +420 for WIB, valid when has_offset */
} klpi_date;

/* Looks for one date (with an optional time and zone) anywhere in s[0..len).
 * On success fills *out, sets *span_begin and *span_end (may be NULL) to the byte range that
 * the date, time and zone occupy, and returns true. s need not be NUL-terminated and
 * need not be valid UTF-8. Never reads past len. */
bool klpi_date_find(const char *s, size_t len, klpi_date *out, size_t *span_begin,
                    size_t *span_end);

/* True when the line is a date line: a date (and optional weekday, time, zone, and a few
 * connecting words such as "Updated", "Published", "Diperbarui", "|", ",") covers it,
 * with at most max_other_words other words. Fills *out when it returns true. */
bool klpi_date_line(const char *s, size_t len, int max_other_words, klpi_date *out);

/* Writes the date as ISO 8601 into buf (at least 32 bytes): "2023-06-12",
 * "2023-06-12T09:33:00" or "2023-06-12T09:33:00+07:00". Returns the length written. */
size_t klpi_date_format(const klpi_date *d, char *buf, size_t cap);

#endif
