/* test_textscan.c - the word scanner of text mode, white box: the 64-byte mask scanner must
 * find the same words (count, spans of the first ones, the year flag) as the byte-at-a-time
 * scanner, on hand-made lines and on random lines of ASCII, quotes, digits and other
 * scripts that cross the 64-byte chunks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "klp_textmode.c" /* the static scanners */

static int scan_fast(const char *s, size_t len, uint32_t *o, uint16_t *l, int max, bool *y,
                     bool stop)
{
    return scan_words_ascii(s, len, o, l, max, y, stop);
}

static void test_hand_made(void **state)
{
    (void)state;
    const char *s = "It's 2023, don't 'quote'";
    uint32_t o[8];
    uint16_t l[8];
    bool y = false;
    int n = scan_fast(s, strlen(s), o, l, 8, &y, false);
    assert_int_equal(n, 4);
    assert_true(y);
    assert_int_equal(o[0], 0);
    assert_int_equal(l[0], 4); /* It's */
    assert_int_equal(o[1], 5);
    assert_int_equal(l[1], 4); /* 2023 */
    assert_int_equal(o[2], 11);
    assert_int_equal(l[2], 5); /* don't */
    assert_int_equal(o[3], 18);
    assert_int_equal(l[3], 6); /* quote' : the opening quote is not part of it */

    /* no year in 3 or 5 digits; "caf\xc3\xa9" is one word; an em dash separates */
    const char *t = "123 12345 caf\xc3\xa9\xe2\x80\x94ok";
    n = scan_fast(t, strlen(t), o, l, 8, &y, false);
    assert_int_equal(n, 4);
    assert_false(y);
    assert_int_equal(l[2], 5); /* café */
    assert_int_equal(o[3], 18); /* after the 3 bytes of the dash at 15 */

    /* CJK characters are words alone: the mask scanner leaves them to the byte scanner */
    const char *c = "ab \xe4\xb8\xad\xe6\x96\x87";
    assert_int_equal(scan_fast(c, strlen(c), o, l, 8, &y, false), -1);
    assert_int_equal(scan_words_upto(c, strlen(c), o, l, 8, &y, false), 3);
}

static void test_random_lines(void **state)
{
    (void)state;
    static const char *const PIECES[] = {
        "a", "B", "z", "1", "9", "0", "'", "_", " ", "-", ".", ",", "\xe2\x80\x99", /* ’ */
        "\xc3\xa9",                                                                 /* é */
        "\xe2\x80\x94",                                                             /* — */
        "\xc2\xa0",                                                                 /* NBSP */
        "\xc2\xab",                                                                 /* « */
        "\xd0\x96",                                                                 /* Ж */
        "\xff",                                                                     /* invalid */
        "\xe2\x80",                                                                 /* cut */
    };
    enum { NP = sizeof PIECES / sizeof *PIECES };
    uint32_t state32 = 12345;
    char buf[400];
    int compared = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        state32 = state32 * 1103515245u + 12345u;
        size_t target = (state32 >> 8) % 300;
        while (len + 4 < sizeof buf && len < target) {
            state32 = state32 * 1103515245u + 12345u;
            /* runs of letters are likelier than the rest, as in text */
            unsigned r = (state32 >> 8) % 100;
            const char *p = r < 50 ? PIECES[r % 3] : PIECES[(state32 >> 16) % NP];
            size_t pl = strlen(p);
            memcpy(buf + len, p, pl);
            len += pl;
        }
        static const int MAXES[] = {0, 3, 12, 64};
        int max = MAXES[round % 4];
        bool stop = (round / 4) % 2 == 1;
        uint32_t o1[64], o2[64];
        uint16_t l1[64], l2[64];
        bool y1 = false, y2 = false;
        int n1 = scan_fast(buf, len, o1, l1, max, &y1, stop);
        int n2 = scan_words_bytes(buf, len, o2, l2, max, &y2, stop);
        if (n1 < 0)
            continue;
        compared++;
        assert_int_equal(n1, n2);
        assert_int_equal(y1, y2);
        for (int k = 0; k < n1 && k < max; k++) {
            assert_int_equal(o1[k], o2[k]);
            assert_int_equal(l1[k], l2[k]);
        }
    }
    assert_true(compared > 15000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_made),
        cmocka_unit_test(test_random_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
