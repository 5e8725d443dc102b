/* test_date.c - cmocka unit tests for klp_date: finding dates, date lines and ISO formatting,
 * including rejections and out-of-bounds safety on truncated and random input. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klp_date.h"

/* Copies text into a heap buffer of exactly n bytes (no terminator) so that ASan reports any
 * read past len. */
static char *exact_copy(const char *text, size_t n) {
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    if (n)
        memcpy(p, text, n);
    return p;
}

/* Finds a date in text and returns its ISO form in a static buffer, or "" when none. */
static const char *iso_n(const char *text, size_t n) {
    static char out[64];
    klpi_date d;
    char *buf = exact_copy(text, n);
    out[0] = '\0';
    if (klpi_date_find(buf, n, &d, NULL, NULL))
        assert_true(klpi_date_format(&d, out, sizeof out) > 0);
    free(buf);
    return out;
}

static const char *iso(const char *text) { return iso_n(text, strlen(text)); }

static void span(const char *text, size_t *b, size_t *e) {
    klpi_date d;
    size_t n = strlen(text);
    char *buf = exact_copy(text, n);
    *b = *e = (size_t)-1;
    assert_true(klpi_date_find(buf, n, &d, b, e));
    free(buf);
}

static bool line(const char *text, int max_other) {
    klpi_date d;
    size_t n = strlen(text);
    char *buf = exact_copy(text, n);
    bool r = klpi_date_line(buf, n, max_other, &d);
    free(buf);
    return r;
}

static const char *line_iso(const char *text, int max_other) {
    static char out[64];
    klpi_date d;
    size_t n = strlen(text);
    char *buf = exact_copy(text, n);
    out[0] = '\0';
    if (klpi_date_line(buf, n, max_other, &d))
        assert_true(klpi_date_format(&d, out, sizeof out) > 0);
    free(buf);
    return out;
}

/* Like iso_n, with klpi_date_find_short_year. */
static const char *iso_short_n(const char *text, size_t n) {
    static char out[64];
    klpi_date d;
    char *buf = exact_copy(text, n);
    out[0] = '\0';
    if (klpi_date_find_short_year(buf, n, &d, NULL, NULL))
        assert_true(klpi_date_format(&d, out, sizeof out) > 0);
    free(buf);
    return out;
}

static const char *iso_short(const char *text) { return iso_short_n(text, strlen(text)); }

static void test_textual_orders(void **state) {
    (void)state;
    assert_string_equal(iso("12 Jun 2023"), "2023-06-12");
    assert_string_equal(iso("12 June, 2023"), "2023-06-12");
    assert_string_equal(iso("June 12, 2023"), "2023-06-12");
    assert_string_equal(iso("Jun. 12 2023"), "2023-06-12");
    assert_string_equal(iso("12. Juni 2023"), "2023-06-12");
    assert_string_equal(iso("12 de junio de 2023"), "2023-06-12");
    assert_string_equal(iso("Monday, 12 June 2023"), "2023-06-12");
    assert_string_equal(iso("Monday, June 12, 2023"), "2023-06-12");
    assert_string_equal(iso("November 19th, 2019"), "2019-11-19");
    assert_string_equal(iso("19th of November 2019"), "2019-11-19");
    assert_string_equal(iso("12-Jun-2023"), "2023-06-12");
    assert_string_equal(iso("Sept. 5, 2023"), "2023-09-05");
    assert_string_equal(iso("sent on JUNE 1, 2023."), "2023-06-01");
}

static void test_languages(void **state) {
    (void)state;
    /* Indonesian */
    assert_string_equal(iso("Kamis, 17 Agustus 2023"), "2023-08-17");
    assert_string_equal(iso("17 Agt 2023"), "2023-08-17");
    assert_string_equal(iso("17 Ags 2023"), "2023-08-17");
    assert_string_equal(iso("17 Agu 2023"), "2023-08-17");
    assert_string_equal(iso("5 Okt 2023"), "2023-10-05");
    assert_string_equal(iso("25 Des 2023"), "2023-12-25");
    assert_string_equal(iso("1 Maret 2024"), "2024-03-01");
    assert_string_equal(iso("Jum'at, 16 Jun 2023"), "2023-06-16");
    assert_string_equal(iso("Jum\xE2\x80\x99" "at, 16 Jun 2023"), "2023-06-16");
    /* Malay */
    assert_string_equal(iso("Isnin, 3 Mac 2023"), "2023-03-03");
    assert_string_equal(iso("Khamis, 5 Ogos 2023"), "2023-08-05");
    assert_string_equal(iso("25 Disember 2023"), "2023-12-25");
    assert_string_equal(iso("1 Julai 2023"), "2023-07-01");
    /* German, French, Spanish, Portuguese, Italian, Dutch, Polish, with accents */
    assert_string_equal(iso("3. M\xC3\xA4rz 2023"), "2023-03-03");
    assert_string_equal(iso("3. M\xC3\x84RZ 2023"), "2023-03-03");
    assert_string_equal(iso("5 f\xC3\xA9vrier 2023"), "2023-02-05");
    assert_string_equal(iso("25 d\xC3\xA9" "cembre 2022"), "2022-12-25");
    assert_string_equal(iso("15 ao\xC3\xBBt 2023"), "2023-08-15");
    assert_string_equal(iso("1er janvier 2024"), "2024-01-01");
    assert_string_equal(iso("15 de agosto de 2023"), "2023-08-15");
    assert_string_equal(iso("7 de mar\xC3\xA7o de 2023"), "2023-03-07");
    assert_string_equal(iso("segunda-feira, 12 de junho de 2023"), "2023-06-12");
    assert_string_equal(iso("luned\xC3\xAC 12 giugno 2023"), "2023-06-12");
    assert_string_equal(iso("2 gen 2018"), "2018-01-02");
    assert_string_equal(iso("12 maart 2023"), "2023-03-12");
    assert_string_equal(iso("12 wrze\xC5\x9Bnia 2023"), "2023-09-12");
    assert_string_equal(iso("12 wrzesie\xC5\x84 2023"), "2023-09-12");
    assert_string_equal(iso("3 PA\xC5\xB9" "DZIERNIKA 2023"), "2023-10-03");
    assert_string_equal(iso("Mi\xC3\xA9rcoles, 14 de junio del 2023"), "2023-06-14");
    /* Russian, Ukrainian, Bulgarian (Cyrillic, any case) */
    assert_string_equal(iso("15 \xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0"
                            " 2016, 13:43"),
                        "2016-08-15T13:43:00"); /* августа */
    assert_string_equal(iso("1 \xD0\xAF\xD0\x9D\xD0\x92\xD0\x90\xD0\xA0\xD0\xAF 2020"),
                        "2020-01-01"); /* ЯНВАРЯ */
    assert_string_equal(iso("3 \xD0\xBB\xD0\xB8\xD1\x81\xD1\x82\xD0\xBE\xD0\xBF\xD0\xB0"
                            "\xD0\xB4\xD0\xB0 2021"),
                        "2021-11-03"); /* листопада */
    assert_string_equal(iso("2 \xD0\x9A\xD0\xB2\xD1\x96\xD1\x82\xD0\xBD\xD1\x8F 2022"),
                        "2022-04-02"); /* Квітня */
    assert_string_equal(iso("5 \xD1\x81\xD0\xB5\xD0\xBF\xD1\x82\xD0\xB5\xD0\xBC\xD0\xB2"
                            "\xD1\x80\xD0\xB8 2019 \xD0\xB3."),
                        "2019-09-05"); /* септември ... г. */
    /* a longer word that starts like a month, and no Cyrillic month-first order */
    assert_string_equal(iso("15 \xD0\xBC\xD0\xB0\xD1\x8F\xD0\xBA 2016"), ""); /* маяк */
    assert_string_equal(iso("\xD0\xBC\xD0\xB0\xD1\x8F 15, 2016"), ""); /* мая 15 */
    /* ambiguous abbreviations only in day-first order */
    assert_string_equal(iso("Apple Pencil Gen 2 2018"), "");
    assert_string_equal(iso("Mars 3 2020 rover"), "");
}

static void test_times_and_zones(void **state) {
    (void)state;
    assert_string_equal(iso("Senin 12 Jun 2023 09:33 WIB"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("Senin, 12 Juni 2023, 09:33 WIB"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("Senin, 12 Juni 2023 09.33 WIB"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("Senin, 12 Juni 2023 pukul 09.33 wib"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("12 Juni 2023 | 14:05 WITA"), "2023-06-12T14:05:00+08:00");
    assert_string_equal(iso("12 Juni 2023 - 14:05 WIT"), "2023-06-12T14:05:00+09:00");
    assert_string_equal(iso("November 19, 2019, 9:02 AM"), "2019-11-19T09:02:00");
    assert_string_equal(iso("19 November 2019, 09:01 AM"), "2019-11-19T09:01:00");
    assert_string_equal(iso("Updated : 19 November 2019, 09:01 AM"), "2019-11-19T09:01:00");
    assert_string_equal(iso("Published 3:45 p.m. ET Nov. 19, 2019"),
                        "2019-11-19T15:45:00-05:00");
    assert_string_equal(iso("June 12, 2023 at 9:02 a.m."), "2023-06-12T09:02:00");
    assert_string_equal(iso("June 12, 2023 at 12:30 AM"), "2023-06-12T00:30:00");
    assert_string_equal(iso("June 12, 2023 at 12:15 PM PDT"), "2023-06-12T12:15:00-07:00");
    assert_string_equal(iso("June 12, 2023 12:00 noon"), "2023-06-12T12:00:00");
    assert_string_equal(iso("June 12, 2023 11:59 pm EDT"), "2023-06-12T23:59:00-04:00");
    assert_string_equal(iso("12 Jun 2023 09:33 GMT+7"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("12 Jun 2023 09:33 GMT+07:00"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("12 Jun 2023 09:33 UTC+5:30"), "2023-06-12T09:33:00+05:30");
    assert_string_equal(iso("12 Jun 2023 09:33 UTC-3"), "2023-06-12T09:33:00-03:00");
    assert_string_equal(iso("12 Jun 2023 09:33 UTC"), "2023-06-12T09:33:00+00:00");
    assert_string_equal(iso("Mon, 12 Jun 2023 09:33:00 +0700"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("Mon, 12 Jun 2023 09:33:00 GMT"), "2023-06-12T09:33:00+00:00");
    assert_string_equal(iso("12 Jun 2023 09:33 IST"), "2023-06-12T09:33:00+05:30");
    assert_string_equal(iso("12 Jun 2023 09:33 AEDT"), "2023-06-12T09:33:00+11:00");
    assert_string_equal(iso("12 Jun 2023 09:33 PT"), "2023-06-12T09:33:00-08:00");
    assert_string_equal(iso("12 Jun 2023 09:33 CEST"), "2023-06-12T09:33:00+02:00");
    assert_string_equal(iso("12 Jun 2023 09:33 (WIB)"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("12. M\xC3\xA4rz 2023 um 09:33 Uhr"), "2023-03-12T09:33:00");
    assert_string_equal(iso("le 12 juin 2023 \xC3\xA0 09h33"), "2023-06-12T09:33:00");
    assert_string_equal(iso("12 de junio de 2023 a las 09:33"), "2023-06-12T09:33:00");
    assert_string_equal(iso("09:33 WIB, 12 Juni 2023"), "2023-06-12T09:33:00+07:00");
    /* zone names other than WIB/WITA/WIT/UTC/GMT must be uppercase; zone only after a time */
    assert_string_equal(iso("12 Jun 2023 09:33 et"), "2023-06-12T09:33:00");
    assert_string_equal(iso("12 Jun 2023 WIB"), "2023-06-12");
    /* dotted time only when it cannot be a number in a sentence */
    assert_string_equal(iso("12 Juni 2023, 10.50 persen"), "2023-06-12");
    assert_string_equal(iso("12 Juni 2023 10.50"), "2023-06-12T10:50:00");
    /* invalid times leave the date alone */
    assert_string_equal(iso("12 Jun 2023 24:00"), "2023-06-12");
    assert_string_equal(iso("12 Jun 2023 09:60"), "2023-06-12");
    assert_string_equal(iso("12 Jun 2023 13:05 PM"), "2023-06-12");
    assert_string_equal(iso("12 Jun 2023 09:33 GMT+25"), "2023-06-12T09:33:00+00:00");
}

static void test_numeric(void **state) {
    (void)state;
    assert_string_equal(iso("2023-06-12"), "2023-06-12");
    assert_string_equal(iso("2023-06-12T09:33:00Z"), "2023-06-12T09:33:00+00:00");
    assert_string_equal(iso("2023-06-12T09:33:00+07:00"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("2023-06-12T09:33:00.123+0700"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(iso("2023-06-12T09:33:00-03:30"), "2023-06-12T09:33:00-03:30");
    assert_string_equal(iso("2023-06-12T09:33"), "2023-06-12T09:33:00");
    assert_string_equal(iso("2023-06-12 09:33:00"), "2023-06-12T09:33:00");
    assert_string_equal(iso("2023/06/12"), "2023-06-12");
    assert_string_equal(iso("/news/2023/06/12/123-title"), "2023-06-12");
    assert_string_equal(iso("12/06/2023"), "2023-06-12");
    assert_string_equal(iso("12-06-2023"), "2023-06-12");
    assert_string_equal(iso("12.06.2023"), "2023-06-12");
    assert_string_equal(iso("13/06/2023"), "2023-06-13");
    assert_string_equal(iso("06/13/2023"), "2023-06-13");
    assert_string_equal(iso("1/2/2023"), "2023-02-01");
    assert_string_equal(iso("12.06.2023 09.33"), "2023-06-12T09:33:00");
    assert_string_equal(iso("Jakarta (12/6/2023) - Presiden Joko Widodo"), "2023-06-12");
    assert_string_equal(iso("KOMPAS.com - Pada Senin (12/6/2023), presiden"), "2023-06-12");
    size_t b, e;
    span("Jakarta (12/6/2023) - Presiden", &b, &e);
    assert_int_equal(b, 9);
    assert_int_equal(e, 18);
}

static void test_validation_and_rejection(void **state) {
    (void)state;
    assert_string_equal(iso("29 Feb 2024"), "2024-02-29");
    assert_string_equal(iso("29 Feb 2000"), "2000-02-29");
    assert_string_equal(iso("29 Feb 2023"), "");
    assert_string_equal(iso("29 Feb 1900"), "");
    assert_string_equal(iso("31 April 2023"), "");
    assert_string_equal(iso("32 May 2023"), "");
    assert_string_equal(iso("2023-13-01"), "");
    assert_string_equal(iso("2023-02-30"), "");
    assert_string_equal(iso("13/13/2023"), "");
    assert_string_equal(iso("00/06/2023"), "");
    assert_string_equal(iso("12 Jun 1899"), "");
    assert_string_equal(iso("12 Jun 2101"), "");
    assert_string_equal(iso("version 1.2.3 released"), "");
    assert_string_equal(iso("release 1.12.2023.4"), "");
    assert_string_equal(iso("v12.06.2023"), "");
    assert_string_equal(iso("call 0812-3456-7890 now"), "");
    assert_string_equal(iso("call 0812-06-2023"), "");
    assert_string_equal(iso("won 6-4, 7-6 in 2023"), "");
    assert_string_equal(iso("Rp 12.500.000 or $12.06"), "");
    assert_string_equal(iso("host 192.168.1.1"), "");
    assert_string_equal(iso("12.06.23"), ""); /* two-digit years are not supported */
    assert_string_equal(iso("12 June"), "");
    assert_string_equal(iso("June 2023"), "");
    assert_string_equal(iso("at 09:33 WIB"), "");
    assert_string_equal(iso("Rp12 Jun 2023"), "");
    assert_string_equal(iso(""), "");
}

static void test_spans(void **state) {
    (void)state;
    size_t b, e;
    span("Monday, 12 June 2023", &b, &e);
    assert_int_equal(b, 0);
    assert_int_equal(e, 20);
    const char *s = "Published 3:45 p.m. ET Nov. 19, 2019";
    span(s, &b, &e);
    assert_int_equal(b, 10);
    assert_int_equal(e, strlen(s));
    s = "Oleh Admin | Senin 12 Jun 2023 09:33 WIB | Berita";
    span(s, &b, &e);
    assert_int_equal(b, 13);
    assert_int_equal(e, 40);
    span("x 2023-06-12T09:33:00.123+0700 y", &b, &e);
    assert_int_equal(b, 2);
    assert_int_equal(e, 30);
}

static void test_date_line(void **state) {
    (void)state;
    const char *nd = "New Delhi, News Nation Bureau | Updated : 19 November 2019, 09:01 AM";
    assert_false(line(nd, 4));
    assert_string_equal(line_iso(nd, 5), "2019-11-19T09:01:00");
    const char *ap = "Associated Press November 19, 2019, 9:02 AM";
    assert_string_equal(line_iso(ap, 3), "2019-11-19T09:02:00");
    assert_false(line(ap, 1));
    assert_true(line("Updated : 19 November 2019, 09:01 AM", 0));
    assert_true(line("Senin, 12 Juni 2023 09:33 WIB", 0));
    assert_true(line("Diperbarui Senin, 12 Juni 2023 pukul 09.33 WIB", 0));
    assert_true(line("Aktualisiert am 12.06.2023 um 09:33 Uhr", 0));
    assert_true(line("Publi\xC3\xA9 le 12 juin 2023 \xC3\xA0 09h33", 0));
    assert_true(line("Publicado el 12 de junio de 2023", 0));
    assert_true(line("  Last updated on June 12, 2023 \xE2\x80\x94 9:02 AM  ", 0));
    assert_string_equal(line_iso("Published 3:45 p.m. ET Nov. 19, 2019", 0),
                        "2019-11-19T15:45:00-05:00");
    assert_string_equal(line_iso("Published: 12 June 2023 | Updated: 13 June 2023", 0),
                        "2023-06-12");
    assert_true(line("Posted on June 12, 2023 by admin", 2));
    assert_false(line("Posted on June 12, 2023 by admin", 1));
    assert_false(line("The president said on 12 June 2023 that the economy grew", 3));
    assert_false(line("No date in this line at all", 10));
    assert_false(line("", 3));
    assert_true(line("12 Jun 2023", -1));
}

static void test_format(void **state) {
    (void)state;
    char buf[64];
    klpi_date d = {2023, 6, 12, false, 0, 0, 0, false, 0};
    assert_int_equal(klpi_date_format(&d, buf, sizeof buf), 10);
    assert_string_equal(buf, "2023-06-12");
    d.has_time = true;
    d.hour = 9;
    d.minute = 3;
    d.second = 7;
    assert_int_equal(klpi_date_format(&d, buf, sizeof buf), 19);
    assert_string_equal(buf, "2023-06-12T09:03:07");
    d.has_offset = true;
    d.offset_minutes = -210;
    assert_int_equal(klpi_date_format(&d, buf, sizeof buf), 25);
    assert_string_equal(buf, "2023-06-12T09:03:07-03:30");
    d.offset_minutes = 0;
    assert_int_equal(klpi_date_format(&d, buf, sizeof buf), 25);
    assert_string_equal(buf, "2023-06-12T09:03:07+00:00");
    /* cap too small: returns 0 and writes nothing beyond cap */
    memset(buf, 'x', sizeof buf);
    assert_int_equal(klpi_date_format(&d, buf, 25), 0);
    for (size_t k = 1; k < sizeof buf; k++)
        assert_int_equal(buf[k], 'x');
    assert_int_equal(klpi_date_format(&d, buf, 26), 25);
    klpi_date bad = {2023, 13, 1, false, 0, 0, 0, false, 0};
    assert_int_equal(klpi_date_format(&bad, buf, sizeof buf), 0);
    assert_int_equal(klpi_date_format(NULL, buf, sizeof buf), 0);
}

static void test_truncated_input(void **state) {
    (void)state;
    /* len shorter than the string: nothing after len may be used */
    assert_string_equal(iso_n("2023-06-12", 7), "");
    assert_string_equal(iso_n("12 Jun 2023 09:33 WIB", 11), "2023-06-12");
    assert_string_equal(iso_n("12 Jun 2023 09:33 WIB", 17), "2023-06-12T09:33:00");
    assert_string_equal(iso_n("12 Jun 2023 09:33 WITA", 20), "2023-06-12T09:33:00");
    assert_string_equal(iso_n("12 Jun 2023 09:33 WITA", 21), "2023-06-12T09:33:00+09:00");
    assert_string_equal(iso("12 Ju"), "");
    assert_string_equal(iso("2023-06-"), "");
    assert_string_equal(iso("09:3"), "");
    assert_string_equal(iso("12 Jun 2023 09:3"), "2023-06-12");
    assert_string_equal(iso("2023-06-12T09:33:0"), "2023-06-12");
    assert_string_equal(iso("2023-06-12T09:33:00+07:"), "2023-06-12T09:33:00");
    assert_string_equal(iso("12 Jun 2023 9:02 a."), "2023-06-12T09:02:00");
    assert_string_equal(iso("Jum\xE2\x80"), "");
    assert_string_equal(iso("12 M\xC3"), "");
    assert_string_equal(iso_n("x\0" "12 Jun 2023", 13), "2023-06-12");
    assert_string_equal(iso_n("12\0Jun 2023", 11), "");

    /* every prefix of every sample, in exact-size buffers (ASan checks the reads) */
    static const char *const samples[] = {
        "Senin, 12 Juni 2023, 09:33 WIB",
        "Published 3:45 p.m. ET Nov. 19, 2019",
        "2023-06-12T09:33:00.123+0700",
        "12 Jun 2023 09:33 GMT+07:00",
        ("Jum\xE2\x80\x99" "at, 3. M\xC3\xA4rz 2023 um 9.02 Uhr"),
        "12 wrze\xC5\x9Bnia 2023 (WIB)",
        "New Delhi | Updated : 19 November 2019, 09:01 AM",
        "Jakarta (12/6/2023) \xE2\x80\x94 12:00 noon",
    };
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
        size_t n = strlen(samples[k]);
        for (size_t cut = 0; cut <= n; cut++) {
            char *buf = exact_copy(samples[k], cut);
            klpi_date d;
            size_t b, e;
            char out[32];
            if (klpi_date_find(buf, cut, &d, &b, &e)) {
                assert_true(b < e && e <= cut);
                assert_true(klpi_date_format(&d, out, sizeof out) > 0);
            }
            (void)klpi_date_line(buf, cut, 3, &d);
            free(buf);
        }
    }
}

static void test_random_input(void **state) {
    (void)state;
    static const char *const pieces[] = {
        "12", "2023", "06", "-", "/", ".", ":", " ", ",", "Jun", "Juni", "M\xC3\xA4rz", "T",
        "Z", "+07:00", "+0700", "WIB", "GMT", "+", "AM", "p.m.", "Senin", "|", "\xE2\x80",
        "\xE2\x80\x94", "\xC3", "\0", "9", "33", "de", "Uhr", "(", ")", "\xFF", "noon", "th",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    uint32_t rng = 12345u;
    char tmp[256];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = 0;
        rng = rng * 1103515245u + 12345u;
        int count = (int)((rng >> 16) % 14u);
        for (int k = 0; k < count; k++) {
            rng = rng * 1103515245u + 12345u;
            const char *p = pieces[(rng >> 16) % np];
            size_t l = p[0] ? strlen(p) : 1; /* "\0" piece is one NUL byte */
            if (n + l > sizeof tmp)
                break;
            memcpy(tmp + n, p, l);
            n += l;
        }
        char *buf = exact_copy(tmp, n);
        klpi_date d;
        size_t b, e;
        char out[32];
        if (klpi_date_find(buf, n, &d, &b, &e)) {
            assert_true(b < e && e <= n);
            assert_true(klpi_date_format(&d, out, sizeof out) > 0);
        }
        if (klpi_date_line(buf, n, 2, &d))
            assert_true(klpi_date_format(&d, out, sizeof out) > 0);
        if (klpi_date_find_short_year(buf, n, &d, &b, &e)) {
            assert_true(b < e && e <= n);
            assert_true(klpi_date_format(&d, out, sizeof out) > 0);
        }
        free(buf);
    }
}

static void test_short_year(void **state) {
    (void)state;
    /* day-first with dots and a two-digit year: 00..69 are this century, 70..99 the last */
    assert_string_equal(iso_short("31.10.23"), "2023-10-31");
    assert_string_equal(iso_short("6.11.22"), "2022-11-06");
    assert_string_equal(iso_short("01.01.99"), "1999-01-01");
    assert_string_equal(iso_short("1.1.00"), "2000-01-01");
    assert_string_equal(iso_short("Von: Jane Doe | 31.10.23"), "2023-10-31");
    assert_string_equal(iso_short("28.09.19 12:44"), "2019-09-28T12:44:00");
    /* a four-digit date anywhere wins: the ordinary search comes first */
    assert_string_equal(iso_short("10.12.19 und 12.06.2023"), "2023-06-12");
    assert_string_equal(iso_short("12.06.2023"), "2023-06-12");
    /* not dates */
    assert_string_equal(iso_short("31.02.23"), "");
    assert_string_equal(iso_short("13.13.23"), "");
    assert_string_equal(iso_short("version 1.2.19.4"), "");
    assert_string_equal(iso_short("v1.2.19"), "");
    assert_string_equal(iso_short("5.1.2.19"), "");
    assert_string_equal(iso_short("1.2.190"), "");
    assert_string_equal(iso_short("12.06.23x"), "");
    assert_string_equal(iso_short("12/06/23"), "");
    assert_string_equal(iso_short("12.06"), "");
    assert_string_equal(iso_short(""), "");
    /* never past len */
    assert_string_equal(iso_short_n("31.10.23", 7), "");
    assert_string_equal(iso_short_n("31.10.23 12:44", 8), "2023-10-31");
    assert_string_equal(iso_short_n("31.10.23 12:44", 13), "2023-10-31");
    size_t b = 0, e = 0;
    klpi_date d;
    assert_true(klpi_date_find_short_year("am 31.10.23 um 9:02 Uhr!", 24, &d, &b, &e));
    assert_int_equal(b, 3);
    assert_int_equal(e, 23);
    assert_int_equal(d.hour, 9);
    assert_int_equal(d.minute, 2);
    assert_false(klpi_date_find_short_year(NULL, 5, &d, &b, &e));
}

/* Every month and weekday name of the tables (which are searched by bisection, so an entry
 * out of order would be lost), in lower, upper and title case, with the value it stands for. */
static void test_every_name(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int value;
    } months[] = {
        {"abr", 4}, {"abril", 4}, {"ago", 8}, {"agosto", 8}, {"ags", 8}, {"agt", 8}, {"agu", 8},
        {"agus", 8}, {"agustus", 8}, {"aout", 8}, {"apr", 4}, {"april", 4}, {"aprile", 4},
        {"aug", 8}, {"august", 8}, {"augustus", 8}, {"avr", 4}, {"avril", 4}, {"czerwca", 6},
        {"czerwiec", 6}, {"dec", 12}, {"december", 12}, {"decembre", 12}, {"des", 12},
        {"desember", 12}, {"dez", 12}, {"dezember", 12}, {"dezembro", 12}, {"dic", 12},
        {"dicembre", 12}, {"diciembre", 12}, {"disember", 12}, {"ene", 1}, {"enero", 1},
        {"feb", 2}, {"febbraio", 2}, {"feber", 2}, {"febrero", 2}, {"februar", 2},
        {"februari", 2}, {"february", 2}, {"fev", 2}, {"fevereiro", 2}, {"fevr", 2},
        {"fevrier", 2}, {"gen", 1}, {"gennaio", 1}, {"giu", 6}, {"giugno", 6}, {"grudnia", 12},
        {"grudzien", 12}, {"jan", 1}, {"janeiro", 1}, {"janner", 1}, {"januar", 1},
        {"januari", 1}, {"january", 1}, {"janv", 1}, {"janvier", 1}, {"juil", 7},
        {"juillet", 7}, {"juin", 6}, {"jul", 7}, {"julai", 7}, {"julho", 7}, {"juli", 7},
        {"julio", 7}, {"july", 7}, {"jun", 6}, {"june", 6}, {"junho", 6}, {"juni", 6},
        {"junio", 6}, {"kwiecien", 4}, {"kwietnia", 4}, {"lipca", 7}, {"lipiec", 7},
        {"listopad", 11}, {"listopada", 11}, {"lug", 7}, {"luglio", 7}, {"lutego", 2},
        {"luty", 2}, {"maart", 3}, {"mac", 3}, {"maerz", 3}, {"mag", 5}, {"maggio", 5},
        {"mai", 5}, {"maio", 5}, {"maj", 5}, {"maja", 5}, {"mar", 3}, {"marca", 3},
        {"march", 3}, {"marco", 3}, {"maret", 3}, {"mars", 3}, {"marz", 3}, {"marzec", 3},
        {"marzo", 3}, {"may", 5}, {"mayo", 5}, {"mei", 5}, {"mrt", 3}, {"mrz", 3}, {"nop", 11},
        {"nopember", 11}, {"nov", 11}, {"november", 11}, {"novembre", 11}, {"noviembre", 11},
        {"oct", 10}, {"october", 10}, {"octobre", 10}, {"octubre", 10}, {"ogos", 8},
        {"okt", 10}, {"oktober", 10}, {"ott", 10}, {"ottobre", 10}, {"outubro", 10},
        {"pazdziernik", 10}, {"pazdziernika", 10}, {"pebruari", 2}, {"sep", 9}, {"sept", 9},
        {"september", 9}, {"septembre", 9}, {"septiembre", 9}, {"set", 9}, {"setembro", 9},
        {"setiembre", 9}, {"settembre", 9}, {"sierpien", 8}, {"sierpnia", 8}, {"styczen", 1},
        {"stycznia", 1}, {"wrzesien", 9}, {"wrzesnia", 9},
    }, weekdays[] = {
        {"ahad", 7}, {"czwartek", 4}, {"dienstag", 2}, {"dimanche", 7}, {"dinsdag", 2},
        {"domenica", 7}, {"domingo", 7}, {"donderdag", 4}, {"donnerstag", 4}, {"freitag", 5},
        {"fri", 5}, {"friday", 5}, {"giovedi", 4}, {"isnin", 1}, {"jeudi", 4}, {"jueves", 4},
        {"jumaat", 5}, {"jumat", 5}, {"kamis", 4}, {"khamis", 4}, {"lundi", 1}, {"lunedi", 1},
        {"lunes", 1}, {"maandag", 1}, {"mardi", 2}, {"martedi", 2}, {"martes", 2},
        {"mercoledi", 3}, {"mercredi", 3}, {"miercoles", 3}, {"minggu", 7}, {"mittwoch", 3},
        {"mon", 1}, {"monday", 1}, {"montag", 1}, {"niedziela", 7}, {"piatek", 5},
        {"poniedzialek", 1}, {"quarta", 3}, {"quinta", 4}, {"rabu", 3}, {"sabado", 6},
        {"sabato", 6}, {"sabtu", 6}, {"samedi", 6}, {"samstag", 6}, {"sat", 6}, {"saturday", 6},
        {"segunda", 1}, {"selasa", 2}, {"senin", 1}, {"sexta", 5}, {"sobota", 6},
        {"sonnabend", 6}, {"sonntag", 7}, {"sroda", 3}, {"sun", 7}, {"sunday", 7}, {"terca", 2},
        {"thu", 4}, {"thur", 4}, {"thurs", 4}, {"thursday", 4}, {"tue", 2}, {"tues", 2},
        {"tuesday", 2}, {"vendredi", 5}, {"venerdi", 5}, {"viernes", 5}, {"vrijdag", 5},
        {"wed", 3}, {"wednesday", 3}, {"woensdag", 3}, {"wtorek", 2}, {"zaterdag", 6},
        {"zondag", 7}, {"jum'at", 5},
    };
    char text[96], want[32];
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++) {
        for (int form = 0; form < 3; form++) {
            size_t n = (size_t)snprintf(text, sizeof text, "x 5 %s 2023 y", months[k].name);
            for (size_t q = 4; q < n - 7; q++)
                if (form == 1 || (form == 2 && q == 4))
                    text[q] = (char)(text[q] - 'a' + 'A');
            snprintf(want, sizeof want, "2023-%02d-05", months[k].value);
            assert_string_equal(iso(text), want);
        }
    }
    for (size_t k = 0; k < sizeof weekdays / sizeof weekdays[0]; k++) {
        for (int form = 0; form < 3; form++) {
            size_t n = (size_t)snprintf(text, sizeof text, "x %s, 5 Jun 2023", weekdays[k].name);
            for (size_t q = 2; q < n - 12; q++)
                if ((form == 1 || (form == 2 && q == 2)) && text[q] >= 'a' && text[q] <= 'z')
                    text[q] = (char)(text[q] - 'a' + 'A');
            size_t b, e;
            span(text, &b, &e);
            assert_int_equal(b, 2);
            assert_int_equal(e, n);
            assert_true(line(text + 2, 0));
        }
    }
}

/* The longest stretch from the start of a date to its year: an accented weekday with
 * "-feira", ideographic spaces, an ordinal, "de", an accented month and "del". The date is
 * found after long text, and after text with four-digit numbers that are no years. */
static void test_long_date(void **state) {
    (void)state;
#define SP3 "\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80"
    const char *date = "P\xC3\xB3\xC3\xB1\xC3\xAC\xC3\xA9\xC3\x90\xC5\xBA\xC3\xAC\xC3\xA0\xC5\x82"
                       "\xC3\xA9k-f\xC3\xA9\xC3\xACr\xC3\xA0." SP3 "," SP3 "12th" SP3 "," SP3 "de" SP3
                       "p\xC3\xA0\xC5\xBA\xC3\x90\xC5\xBA\xC3\xAC\xC3\xA9r\xC3\xB1\xC3\xAC"
                       "k\xC3\xA0." SP3 "," SP3 "del" SP3 "2023";
#undef SP3
    char text[1024];
    size_t b, e;
    assert_string_equal(iso(date), "2023-10-12");
    span(date, &b, &e);
    assert_int_equal(b, 0);
    assert_int_equal(e, strlen(date));
    for (int pad = 0; pad < 3; pad++) {
        size_t n = 0;
        for (int k = 0; k < 12; k++) {
            const char *word = pad == 0 ? "lorem ipsum dolor sit amet, "
                               : pad == 1 ? "call 0812 3456 7890 12345 or "
                                          : "in 2023 and 12 June 20233, ";
            n += (size_t)snprintf(text + n, sizeof text - n, "%s", word);
        }
        size_t start = n;
        n += (size_t)snprintf(text + n, sizeof text - n, "%s 1999 x", date);
        assert_string_equal(iso(text), "2023-10-12");
        span(text, &b, &e);
        assert_int_equal(b, start);
        assert_int_equal(e, start + strlen(date));
        assert_true(n < sizeof text);
    }
    /* a date line whose year comes late */
    assert_true(line(date, 0));
    assert_string_equal(iso("Senin,   12 Juni   2023"), "2023-06-12");
    assert_string_equal(iso("no year here 12 June 20233 or 12 June 123"), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textual_orders),   cmocka_unit_test(test_languages),
        cmocka_unit_test(test_times_and_zones),  cmocka_unit_test(test_numeric),
        cmocka_unit_test(test_validation_and_rejection), cmocka_unit_test(test_spans),
        cmocka_unit_test(test_date_line),        cmocka_unit_test(test_format),
        cmocka_unit_test(test_truncated_input),  cmocka_unit_test(test_random_input),
        cmocka_unit_test(test_every_name),       cmocka_unit_test(test_long_date),
        cmocka_unit_test(test_short_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
