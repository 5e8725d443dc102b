/* date.c - libFuzzer target for src/text/klp_date.h: klpi_date_find, klpi_date_line and
 * klpi_date_format on the bytes (copied to an exact-size heap buffer, no NUL, so ASan sees
 * any over-read). Invariants: spans inside the input, output "YYYY-MM-DD[Thh:mm:ss[+hh:mm]]". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "klp_date.h"

static void check_formatted(const klpi_date *d) {
    char buf[32];
    memset(buf, 'x', sizeof buf);
    size_t n = klpi_date_format(d, buf, sizeof buf);
    KLPF_CHECK(n < sizeof buf);
    KLPF_CHECK(buf[n] == '\0');
    if (n == 0) return; /* refused: out of range */
    KLPF_CHECK(strlen(buf) == n);
    KLPF_CHECK(klpf_iso_date_prefix(buf, n));
    KLPF_CHECK(n == 10 || n == 19 || n == 25);
    KLPF_CHECK((n > 10) == d->has_time);
    if (n >= 19) {
        KLPF_CHECK(buf[10] == 'T' && klpf_digits(buf + 11, 2) && buf[13] == ':' &&
                   klpf_digits(buf + 14, 2) && buf[16] == ':' && klpf_digits(buf + 17, 2));
        KLPF_CHECK(buf[11] < '2' || (buf[11] == '2' && buf[12] <= '4'));
        KLPF_CHECK(buf[14] <= '5' && buf[17] <= '6');
    }
    if (n == 25)
        KLPF_CHECK((buf[19] == '+' || buf[19] == '-') && klpf_digits(buf + 20, 2) &&
                   buf[22] == ':' && klpf_digits(buf + 23, 2) && buf[23] <= '5');
    /* too small a buffer: 0 and an empty string, never an overflow */
    char small[8];
    memset(small, 'x', sizeof small);
    KLPF_CHECK(klpi_date_format(d, small, sizeof small) == 0 && small[0] == '\0');
    /* what was written parses back to the same date */
    klpi_date back;
    size_t b = 99, e = 99;
    KLPF_CHECK(klpi_date_find(buf, n, &back, &b, &e));
    KLPF_CHECK(b == 0 && e == n);
    KLPF_CHECK(back.year == d->year && back.month == d->month && back.day == d->day);
    KLPF_CHECK(back.has_time == d->has_time);
    if (d->has_time)
        KLPF_CHECK(back.hour == d->hour && back.minute == d->minute && back.second == d->second);
    KLPF_CHECK(back.has_offset == (n == 25));
    if (n == 25) KLPF_CHECK(back.offset_minutes == d->offset_minutes);
}

static void check_found(const klpi_date *d) {
    KLPF_CHECK(d->year >= 1900 && d->year <= 2100);
    KLPF_CHECK(d->month >= 1 && d->month <= 12);
    KLPF_CHECK(d->day >= 1 && d->day <= 31);
    if (!d->has_time)
        KLPF_CHECK(d->hour == 0 && d->minute == 0 && d->second == 0 && !d->has_offset);
    else
        KLPF_CHECK(d->hour >= 0 && d->hour <= 24 && d->minute >= 0 && d->minute <= 59 &&
                   d->second >= 0 && d->second <= 60);
    if (!d->has_offset) KLPF_CHECK(d->offset_minutes == 0);
    else KLPF_CHECK(d->offset_minutes > -24 * 60 && d->offset_minutes < 24 * 60);
    check_formatted(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size ? size : 1); /* exact size: no terminating NUL */
    if (!s) return 0;
    if (size) memcpy(s, data, size);

    klpi_date d;
    size_t b = SIZE_MAX, e = SIZE_MAX;
    if (klpi_date_find(s, size, &d, &b, &e)) {
        KLPF_CHECK(b < e && e <= size);
        check_found(&d);
        /* the span alone holds the same date */
        klpi_date d2;
        size_t b2, e2;
        char *span = malloc(e - b);
        memcpy(span, s + b, e - b);
        KLPF_CHECK(klpi_date_find(span, e - b, &d2, &b2, &e2));
        free(span);
    }
    KLPF_CHECK(!klpi_date_find(s, 0, &d, NULL, NULL));
    static const int words[] = {0, 3, 8};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        klpi_date dl;
        if (klpi_date_line(s, size, words[k], &dl)) check_found(&dl);
        (void)klpi_date_line(s, size, words[k], NULL);
    }
    free(s);

    /* the formatter alone, on arbitrary field values (it must refuse what is out of range) */
    if (size >= 9) {
        klpi_date r;
        memset(&r, 0, sizeof r);
        r.year = 1850 + data[0] + (data[1] & 1) * 256 - 100;
        r.month = (int8_t)data[2];
        r.day = (int8_t)data[3];
        r.has_time = data[4] & 1;
        r.hour = r.has_time ? (int8_t)data[5] : 0;
        r.minute = r.has_time ? (int8_t)data[6] : 0;
        r.second = r.has_time ? (int8_t)data[7] : 0;
        r.has_offset = r.has_time && (data[4] & 2);
        r.offset_minutes = r.has_offset ? (int16_t)(data[8] * 16 - 2048) : 0;
        char buf[32];
        size_t n = klpi_date_format(&r, buf, sizeof buf);
        KLPF_CHECK(n < sizeof buf && buf[n] == '\0');
        /* klp_date.h: years 1900..2100, month 1..12, day 1..31 (the day is not checked against
         * the month here: the struct documents 1..31); out of range must give 0.
         * regress/date/format_year_1750 -- KLPF_AVOID_KNOWN skips the year check */
        if (n) {
            KLPF_CHECK(n >= 10 && klpf_digits(buf, 4) && buf[4] == '-' && buf[7] == '-');
            KLPF_CHECK(r.month >= 1 && r.month <= 12 && r.day >= 1 && r.day <= 31);
            if (!klpf_avoid_known()) KLPF_CHECK(r.year >= 1900 && r.year <= 2100);
        }
    }
    return 0;
}
