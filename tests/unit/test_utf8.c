/* test_utf8.c - cmocka unit tests for klp_utf8: decoding one code point (valid, overlong,
 * surrogate, truncated), repairing raw text bytes to valid UTF-8 (BOM, line ends, tabs, NUL,
 * invalid bytes, UTF-16 with a BOM, windows-1252 fallback) and binary sniffing. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "klp_buf.h"
#include "klp_utf8.h"

/* A heap copy of exactly n bytes (no terminator), so ASan catches reads past n. */
static unsigned char *exact_copy(const void *p, size_t n)
{
    unsigned char *b = malloc(n ? n : 1);
    assert_non_null(b);
    if (n)
        memcpy(b, p, n);
    return b;
}

/* Decodes s[0..n) and checks the length and code point. */
static void dec(const char *s, size_t n, size_t want_len, int32_t want_cp)
{
    unsigned char *b = exact_copy(s, n);
    int32_t cp = 12345;
    size_t k = klpi_utf8_decode(b, n, &cp);
    free(b);
    assert_int_equal(k, want_len);
    assert_int_equal(cp, want_cp);
}

/* Repairs in[0..n); checks the flags and the output bytes. */
static void rep(const char *in, size_t n, const char *want, size_t want_n, int want_flags)
{
    unsigned char *b = exact_copy(in, n);
    klpi_buf out;
    klpi_buf_init(&out, 0);
    int flags = klpi_utf8_repair(b, n, &out);
    free(b);
    assert_int_equal(flags, want_flags);
    assert_int_equal(out.len, want_n);
    if (want_n)
        assert_memory_equal(out.ptr, want, want_n);
    klpi_buf_free(&out);
}

#define REP(in, want, flags) rep(in, sizeof(in) - 1, want, sizeof(want) - 1, flags)

/* ---- klpi_utf8_decode ------------------------------------------------------------------ */

static void test_decode_valid(void **state)
{
    (void)state;
    dec("A", 1, 1, 'A');
    dec("\x7f", 1, 1, 0x7F);
    dec("\xc2\x80", 2, 2, 0x80);       /* smallest 2-byte */
    dec("\xc3\xa9", 2, 2, 0xE9);       /* é */
    dec("\xdf\xbf", 2, 2, 0x7FF);      /* largest 2-byte */
    dec("\xe0\xa0\x80", 3, 3, 0x800);  /* smallest 3-byte */
    dec("\xe2\x82\xac", 3, 3, 0x20AC); /* € */
    dec("\xef\xbf\xbd", 3, 3, 0xFFFD);
    dec("\xf0\x90\x80\x80", 4, 4, 0x10000); /* smallest 4-byte */
    dec("\xf0\x9f\x98\x80", 4, 4, 0x1F600); /* 😀 */
    dec("\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF);
    /* only the first code point is decoded */
    dec("\xc3\xa9xyz", 5, 2, 0xE9);
}

static void test_decode_invalid(void **state)
{
    (void)state;
    dec("\xc0\xaf", 2, 1, -1);             /* overlong '/' */
    dec("\xc1\xbf", 2, 1, -1);             /* overlong */
    dec("\xe0\x80\xaf", 3, 1, -1);         /* overlong 3-byte '/' */
    dec("\xf0\x80\x80\xaf", 4, 1, -1);     /* overlong 4-byte '/' */
    dec("\xed\xa0\x80", 3, 1, -1);         /* surrogate U+D800 */
    dec("\xed\xbf\xbf", 3, 1, -1);         /* surrogate U+DFFF */
    dec("\xf4\x90\x80\x80", 4, 1, -1);     /* above U+10FFFF */
    dec("\xf5\x80\x80\x80", 4, 1, -1);     /* never a lead byte */
    dec("\xff", 1, 1, -1);
    dec("\xfe", 1, 1, -1);
    dec("\x80", 1, 1, -1); /* lone continuation */
    dec("\xbf", 1, 1, -1);
    dec("\xc3\x28", 2, 1, -1);         /* lead without continuation */
    dec("\xe2\x82\x28", 3, 1, -1);     /* third byte not a continuation */
    dec("\xf0\x9f\x98\x28", 4, 1, -1); /* fourth byte not a continuation */
}

static void test_decode_truncated(void **state)
{
    (void)state;
    /* exact-size heap copies: the decoder must not look past len */
    dec("\xc3", 1, 1, -1);
    dec("\xe2\x82", 2, 1, -1);
    dec("\xe2", 1, 1, -1);
    dec("\xf0\x9f\x98", 3, 1, -1);
    dec("\xf0", 1, 1, -1);
}

/* ---- klpi_utf8_repair ------------------------------------------------------------------ */

static void test_repair_plain(void **state)
{
    (void)state;
    REP("hello, world", "hello, world", 0);
    REP("caf\xc3\xa9 \xe2\x82\xac 5 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac 5 \xf0\x9f\x98\x80",
        0);
    rep("", 0, "", 0, 0);
}

static void test_repair_bom_and_line_ends(void **state)
{
    (void)state;
    REP("\xef\xbb\xbfHello", "Hello", 0);           /* UTF-8 BOM stripped */
    REP("one\r\ntwo\r\nthree", "one\ntwo\nthree", 0); /* CR LF -> LF */
    REP("one\rtwo", "one\ntwo", 0);                   /* lone CR -> LF */
    REP("one\r\rtwo", "one\n\ntwo", 0);               /* two CRs: two line ends */
    REP("one\r\r\ntwo", "one\n\ntwo", 0);             /* CR, then CR LF */
    REP("one\n\rtwo", "one\n\ntwo", 0);               /* LF CR is two line ends */
    REP("end\r", "end\n", 0);
    REP("a\tb\fc\vd", "a b c d", 0); /* tab, form feed, vertical tab -> space */
    /* a BOM in the middle is a zero-width no-break space: dropped */
    REP("ab\xef\xbb\xbf" "cd", "abcd", 0);
}

static void test_repair_nul_and_controls(void **state)
{
    (void)state;
    REP("wo\0rd", "word", KLPI_FIX_NUL);
    REP("\0\0abc\0", "abc", KLPI_FIX_NUL);
    REP("a\x01" "b\x1f" "c\x7f" "d", "abcd", KLPI_FIX_CONTROL);
    REP("a\xc2\x85" "b", "ab", KLPI_FIX_CONTROL); /* C1 control U+0085 */
    REP("a\0b\x02" "c", "abc", KLPI_FIX_NUL | KLPI_FIX_CONTROL);
}

static void test_repair_invalid_utf8(void **state)
{
    (void)state;
    /* Mostly UTF-8 (2 valid sequences, 1 invalid): stays UTF-8 and the bad byte becomes
     * U+FFFD (EF BF BD), as the header promises ("replaces invalid sequences with U+FFFD"). */
    REP("caf\xc3\xa9 \xff na\xc3\xafve", "caf\xc3\xa9 \xef\xbf\xbd na\xc3\xafve", KLPI_FIX_INVALID);
    /* overlong C0 AF: two invalid bytes, two U+FFFD; never decoded as '/' */
    REP("\xc3\xa9\xc3\xa9\xc3\xa9 a\xc0\xaf" "b", "\xc3\xa9\xc3\xa9\xc3\xa9 a\xef\xbf\xbd\xef\xbf\xbd" "b",
        KLPI_FIX_INVALID);
    /* a truncated sequence at the very end */
    REP("\xc3\xa9\xc3\xa9 x\xe2\x82", "\xc3\xa9\xc3\xa9 x\xef\xbf\xbd\xef\xbf\xbd", KLPI_FIX_INVALID);
}

static void test_repair_invalid_is_not_control(void **state)
{
    (void)state;
    /* An invalid byte is not a control character: KLPI_FIX_CONTROL must not be reported and
     * the byte must not silently vanish. */
    unsigned char in[] = "\xc3\xa9\xc3\xa9 x\xffy";
    klpi_buf out;
    klpi_buf_init(&out, 0);
    int flags = klpi_utf8_repair(in, sizeof in - 1, &out);
    assert_true(flags >= 0);
    assert_false(flags & KLPI_FIX_CONTROL);
    assert_true(flags & KLPI_FIX_INVALID);
    assert_non_null(memmem(out.ptr, out.len, "x\xef\xbf\xbdy", 5));
    klpi_buf_free(&out);
}

static void test_repair_utf16(void **state)
{
    (void)state;
    /* UTF-16LE with BOM: "Hi", CR LF, é, U+1F600 as the surrogate pair D83D DE00 */
    static const char le[] = "\xff\xfe" "H\0i\0\r\0\n\0\xe9\0\x3d\xd8\x00\xde";
    rep(le, sizeof le - 1, "Hi\n\xc3\xa9\xf0\x9f\x98\x80", 9, 0);
    static const char be[] = "\xfe\xff" "\0H\0i\0\r\0\n\0\xe9\xd8\x3d\xde\x00";
    rep(be, sizeof be - 1, "Hi\n\xc3\xa9\xf0\x9f\x98\x80", 9, 0);
    /* an odd last byte cannot be a UTF-16 unit */
    static const char odd[] = "\xff\xfe" "H\0i\0!";
    unsigned char *b = exact_copy(odd, sizeof odd - 1);
    klpi_buf out;
    klpi_buf_init(&out, 0);
    int flags = klpi_utf8_repair(b, sizeof odd - 1, &out);
    free(b);
    assert_true(flags >= 0);
    assert_true(flags & KLPI_FIX_INVALID);
    assert_true(out.len >= 2);
    assert_memory_equal(out.ptr, "Hi", 2);
    klpi_buf_free(&out);
}

static void test_repair_utf16_lone_surrogate(void **state)
{
    (void)state;
    /* a high surrogate followed by 'x' is invalid: U+FFFD, then the 'x' */
    static const char le[] = "\xff\xfe" "a\0\x3d\xd8x\0";
    rep(le, sizeof le - 1, "a\xef\xbf\xbdx", 5, KLPI_FIX_INVALID);
    /* a lone low surrogate */
    static const char be[] = "\xfe\xff" "\0a\xde\x00\0b";
    rep(be, sizeof be - 1, "a\xef\xbf\xbd" "b", 5, KLPI_FIX_INVALID);
}

static void test_repair_cp1252(void **state)
{
    (void)state;
    /* no valid UTF-8 sequence at all, two invalid ones: read as windows-1252 */
    REP("caf\xe9 cr\xe8me", "caf\xc3\xa9 cr\xc3\xa8me", KLPI_FIX_LEGACY);
    REP("\x80 5", "\xe2\x82\xac 5", KLPI_FIX_LEGACY);                            /* 0x80 -> € */
    REP("\x93quoted\x94 \x96 it\x92s", "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x93 it\xe2\x80\x99s",
        KLPI_FIX_LEGACY);
    REP("Stra\xdf" "e, Z\xfcrich\r\n", "Stra\xc3\x9f" "e, Z\xc3\xbcrich\n", KLPI_FIX_LEGACY);
}

static void test_repair_cap(void **state)
{
    (void)state;
    klpi_buf out;
    klpi_buf_init(&out, 4); /* at most 4 bytes */
    const unsigned char in[] = "hello world";
    assert_int_equal(klpi_utf8_repair(in, sizeof in - 1, &out), -1);
    klpi_buf_free(&out);
}

/* Whatever the bytes, the output is valid UTF-8 without NUL or control bytes other than LF. */
static void test_repair_random_is_valid(void **state)
{
    (void)state;
    uint32_t rng = 77u;
    for (int iter = 0; iter < 3000; iter++) {
        unsigned char in[200];
        rng = rng * 1103515245u + 12345u;
        size_t n = (rng >> 16) % sizeof in;
        for (size_t i = 0; i < n; i++) {
            rng = rng * 1103515245u + 12345u;
            unsigned v = (rng >> 16) & 0xFF;
            /* bias towards ASCII letters so both the UTF-8 and the cp1252 paths run */
            in[i] = (unsigned char)((rng >> 28) < 6 ? 'a' + v % 26 : v);
        }
        unsigned char *b = exact_copy(in, n);
        klpi_buf out;
        klpi_buf_init(&out, 0);
        int flags = klpi_utf8_repair(b, n, &out);
        free(b);
        assert_true(flags >= 0);
        for (size_t i = 0; i < out.len;) {
            int32_t cp;
            size_t k = klpi_utf8_decode((const unsigned char *)out.ptr + i, out.len - i, &cp);
            assert_true(cp >= 0);
            assert_true(cp == '\n' || (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F)));
            i += k;
        }
        klpi_buf_free(&out);
    }
}

/* ---- klpi_looks_binary -------------------------------------------------------------------- */

static void test_looks_binary(void **state)
{
    (void)state;
    const char *text = "The council voted on Tuesday.\r\nIt was\ta long\fday.\n";
    assert_false(klpi_looks_binary((const unsigned char *)text, strlen(text)));
    assert_false(klpi_looks_binary((const unsigned char *)"", 0));

    unsigned char ctl[1024];
    for (size_t i = 0; i < sizeof ctl; i++)
        ctl[i] = (unsigned char)(i % 9); /* bytes 0x00..0x08 */
    assert_true(klpi_looks_binary(ctl, sizeof ctl));

    /* an ELF-like header followed by NUL padding */
    unsigned char elf[4096];
    memset(elf, 0, sizeof elf);
    memcpy(elf, "\x7f" "ELF\x02\x01\x01", 7);
    memcpy(elf + 1000, "GCC: (Debian 12.2.0-14) 12.2.0", 30);
    assert_true(klpi_looks_binary(elf, sizeof elf));

    /* UTF-16 text is NUL-heavy but has a BOM: text */
    unsigned char u16[402];
    u16[0] = 0xFF;
    u16[1] = 0xFE;
    for (size_t i = 2; i < sizeof u16; i += 2) {
        u16[i] = (unsigned char)('a' + i % 26);
        u16[i + 1] = 0;
    }
    assert_false(klpi_looks_binary(u16, sizeof u16));

    /* a few NULs inside a long text do not make it binary */
    char t[2000];
    for (size_t i = 0; i < sizeof t; i++)
        t[i] = (char)("lorem ipsum dolor sit amet "[i % 27]);
    t[100] = t[700] = t[1500] = '\0';
    assert_false(klpi_looks_binary((const unsigned char *)t, sizeof t));

    /* ESC (terminal colour codes) is not counted against text */
    char esc[600];
    for (size_t i = 0; i < sizeof esc; i++)
        esc[i] = (i % 6 == 0) ? 0x1B : 'm';
    assert_false(klpi_looks_binary((const unsigned char *)esc, sizeof esc));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_decode_truncated),
        cmocka_unit_test(test_repair_plain),
        cmocka_unit_test(test_repair_bom_and_line_ends),
        cmocka_unit_test(test_repair_nul_and_controls),
        cmocka_unit_test(test_repair_invalid_utf8),
        cmocka_unit_test(test_repair_invalid_is_not_control),
        cmocka_unit_test(test_repair_utf16),
        cmocka_unit_test(test_repair_utf16_lone_surrogate),
        cmocka_unit_test(test_repair_cp1252),
        cmocka_unit_test(test_repair_cap),
        cmocka_unit_test(test_repair_random_is_valid),
        cmocka_unit_test(test_looks_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
