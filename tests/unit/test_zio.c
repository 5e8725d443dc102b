/* test_zio.c - cmocka unit tests for klp_zio: recognizing gzip/zstd by their magic bytes and
 * inflating them in memory under a cap (multi-member gzip, multiple zstd frames, truncated
 * and corrupt data, decompression bombs). Compressed inputs are made here with zlib/zstd. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "klp_buf.h"
#include "klp_zio.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct blob {
    unsigned char *p;
    size_t n;
} blob;

/* gzip (one member) of data, made with deflate and windowBits 31. */
static blob make_gzip(const void *data, size_t n, int level)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)n) + 64;
    blob b = {malloc(cap), 0};
    assert_non_null(b.p);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)n;
    zs.next_out = b.p;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    b.n = cap - zs.avail_out;
    deflateEnd(&zs);
    assert_true(b.n > 18);
    assert_int_equal(b.p[0], 0x1F);
    assert_int_equal(b.p[1], 0x8B);
    return b;
}

static blob make_zstd(const void *data, size_t n, int level)
{
    size_t cap = ZSTD_compressBound(n);
    blob b = {malloc(cap), 0};
    assert_non_null(b.p);
    b.n = ZSTD_compress(b.p, cap, data, n, level);
    assert_false(ZSTD_isError(b.n));
    return b;
}

static blob concat(blob a, blob b)
{
    blob c = {malloc(a.n + b.n), a.n + b.n};
    assert_non_null(c.p);
    memcpy(c.p, a.p, a.n);
    memcpy(c.p + a.n, b.p, b.n);
    return c;
}

/* An exact-size heap copy of the first n bytes, so ASan sees reads past n. */
static unsigned char *exact(const unsigned char *p, size_t n)
{
    unsigned char *q = malloc(n ? n : 1);
    assert_non_null(q);
    memcpy(q, p, n);
    return q;
}

/* Text that compresses (repeated words) but is not trivial. */
static char *sample_text(size_t n)
{
    static const char *const W[] = {"council ", "voted ", "budget ", "library ", "the ",
                                    "residents ", "year, ", "plan. ", "\n"};
    char *s = malloc(n + 1);
    assert_non_null(s);
    uint32_t rng = 99u;
    size_t i = 0;
    while (i < n) {
        rng = rng * 1103515245u + 12345u;
        const char *w = W[(rng >> 16) % 9];
        size_t k = strlen(w);
        if (k > n - i)
            k = n - i;
        memcpy(s + i, w, k);
        i += k;
    }
    s[n] = '\0';
    return s;
}

/* Random (incompressible) bytes. */
static unsigned char *random_bytes(size_t n, uint32_t seed)
{
    unsigned char *p = malloc(n ? n : 1);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16);
    }
    return p;
}

static klp_status inflate_n(klpi_zkind kind, const unsigned char *p, size_t n, size_t max,
                            klpi_buf *out)
{
    unsigned char *q = exact(p, n);
    klpi_buf_init(out, max);
    klp_status st = klpi_z_inflate(kind, q, n, out);
    free(q);
    return st;
}

/* ---- sniffing ------------------------------------------------------------------------- */

static void test_sniff(void **state)
{
    (void)state;
    assert_int_equal(klpi_z_sniff("\x1f\x8b\x08\x00", 4), KLPI_Z_GZIP);
    assert_int_equal(klpi_z_sniff("\x1f\x8b", 2), KLPI_Z_GZIP);
    assert_int_equal(klpi_z_sniff("\x28\xb5\x2f\xfd\x00", 5), KLPI_Z_ZSTD);
    assert_int_equal(klpi_z_sniff("\x28\xb5\x2f\xfd", 4), KLPI_Z_ZSTD);
    assert_int_equal(klpi_z_sniff("\x28\xb5\x2f", 3), KLPI_Z_NONE); /* too short */
    assert_int_equal(klpi_z_sniff("\x1f", 1), KLPI_Z_NONE);
    assert_int_equal(klpi_z_sniff("", 0), KLPI_Z_NONE);
    assert_int_equal(klpi_z_sniff("hello world", 11), KLPI_Z_NONE);
    assert_int_equal(klpi_z_sniff("<!DOCTYPE html>", 15), KLPI_Z_NONE);
    assert_int_equal(klpi_z_sniff("\x8b\x1f", 2), KLPI_Z_NONE); /* byte order matters */

    const char *text = "The council voted on Tuesday.";
    blob g = make_gzip(text, strlen(text), 6);
    blob z = make_zstd(text, strlen(text), 3);
    assert_int_equal(klpi_z_sniff(g.p, g.n), KLPI_Z_GZIP);
    assert_int_equal(klpi_z_sniff(z.p, z.n), KLPI_Z_ZSTD);
    free(g.p);
    free(z.p);
}

/* ---- gzip ----------------------------------------------------------------------------- */

static void test_gzip_roundtrip(void **state)
{
    (void)state;
    size_t sizes[] = {1, 100, 65535, 65536, 65537, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        char *s = sample_text(sizes[k]);
        blob g = make_gzip(s, sizes[k], 6);
        klpi_buf out;
        assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, 0, &out), KLP_OK);
        assert_int_equal(out.len, sizes[k]);
        assert_memory_equal(out.ptr, s, sizes[k]);
        klpi_buf_free(&out);
        free(g.p);
        free(s);
    }
}

static void test_gzip_empty_member(void **state)
{
    (void)state;
    blob g = make_gzip("", 0, 6);
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, 0, &out), KLP_OK);
    assert_int_equal(out.len, 0);
    klpi_buf_free(&out);
    free(g.p);
}

static void test_gzip_two_members(void **state)
{
    (void)state;
    const char *a = "First member: the council voted on Tuesday.\n";
    const char *b = "Second member: the budget passed by a wide margin.\n";
    blob ga = make_gzip(a, strlen(a), 6);
    blob gb = make_gzip(b, strlen(b), 1);
    blob g = concat(ga, gb);
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, 0, &out), KLP_OK);
    assert_int_equal(out.len, strlen(a) + strlen(b));
    assert_memory_equal(out.ptr, a, strlen(a));
    assert_memory_equal(out.ptr + strlen(a), b, strlen(b));
    klpi_buf_free(&out);

    /* three members, the middle one larger than the 64 KiB chunk */
    char *big = sample_text(200000);
    blob gbig = make_gzip(big, 200000, 6);
    blob g2 = concat(ga, gbig);
    blob g3 = concat(g2, gb);
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g3.p, g3.n, 0, &out), KLP_OK);
    assert_int_equal(out.len, strlen(a) + 200000 + strlen(b));
    assert_memory_equal(out.ptr + strlen(a), big, 200000);
    assert_memory_equal(out.ptr + strlen(a) + 200000, b, strlen(b));
    klpi_buf_free(&out);
    free(big);
    free(gbig.p);
    free(g2.p);
    free(g3.p);
    free(ga.p);
    free(gb.p);
    free(g.p);
}

static void test_gzip_trailing_zeros_and_garbage(void **state)
{
    (void)state;
    const char *a = "The council voted on Tuesday.\n";
    blob g = make_gzip(a, strlen(a), 6);
    unsigned char *p = calloc(g.n + 16, 1);
    assert_non_null(p);
    memcpy(p, g.p, g.n);
    klpi_buf out;
    /* zero padding after the member (tape blocks) is tolerated */
    assert_int_equal(inflate_n(KLPI_Z_GZIP, p, g.n + 16, 0, &out), KLP_OK);
    assert_int_equal(out.len, strlen(a));
    klpi_buf_free(&out);
    /* bytes after the member that are not another member: corrupt */
    memcpy(p + g.n, "garbage!", 8);
    assert_int_equal(inflate_n(KLPI_Z_GZIP, p, g.n + 8, 0, &out), KLP_E_CORRUPT);
    klpi_buf_free(&out);
    free(p);
    free(g.p);
}

static void test_gzip_truncated(void **state)
{
    (void)state;
    char *s = sample_text(50000);
    blob g = make_gzip(s, 50000, 6);
    size_t cuts[] = {g.n / 2, g.n - 1, g.n - 4, g.n - 8, 10, 3};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        klpi_buf out;
        klp_status st = inflate_n(KLPI_Z_GZIP, g.p, cuts[k], 0, &out);
        if (st != KLP_E_CORRUPT)
            print_error("cut at %zu of %zu: status %d\n", cuts[k], g.n, (int)st);
        assert_int_equal(st, KLP_E_CORRUPT);
        klpi_buf_free(&out);
    }
    free(g.p);
    free(s);
}

/* A member cut inside its 8-byte trailer must fail whatever the decompressed size, in
 * particular when the output happens to fill the output buffer exactly at the point where
 * the input runs out. Sizes around powers of two hit the buffer's growth steps. */
static void test_gzip_truncated_trailer_any_size(void **state)
{
    (void)state;
    int bad = 0;
    for (int e = 8; e <= 19; e++) {
        for (int d = -2; d <= 1; d++) {
            size_t n = ((size_t)1 << e) + (size_t)(ptrdiff_t)d;
            unsigned char *data = random_bytes(n, (uint32_t)n);
            blob g = make_gzip(data, n, 6);
            for (size_t cut = 1; cut <= 8; cut++) {
                klpi_buf out;
                klp_status st = inflate_n(KLPI_Z_GZIP, g.p, g.n - cut, 0, &out);
                if (st != KLP_E_CORRUPT) {
                    print_error("%zu bytes, gzip cut by %zu: status %d (want corrupt %d)\n",
                                n, cut, (int)st, (int)KLP_E_CORRUPT);
                    bad++;
                }
                klpi_buf_free(&out);
            }
            free(g.p);
            free(data);
        }
    }
    assert_int_equal(bad, 0);
}

/* a complete member followed by a truncated one: the input is still truncated */
static void test_gzip_second_member_truncated(void **state)
{
    (void)state;
    const char *a = "First member: the council voted on Tuesday.\n";
    char *big = sample_text(100000);
    blob ga = make_gzip(a, strlen(a), 6);
    blob gb = make_gzip(big, 100000, 6);
    blob g = concat(ga, gb);
    size_t cuts[] = {ga.n + 2, ga.n + 10, ga.n + gb.n / 2, g.n - 4, g.n - 1};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        klpi_buf out;
        klp_status st = inflate_n(KLPI_Z_GZIP, g.p, cuts[k], 0, &out);
        if (st != KLP_E_CORRUPT)
            print_error("cut at %zu (first member %zu bytes): status %d\n", cuts[k], ga.n, (int)st);
        assert_int_equal(st, KLP_E_CORRUPT);
        klpi_buf_free(&out);
    }
    free(ga.p);
    free(gb.p);
    free(g.p);
    free(big);
}

/* the same sweep as for gzip: a zstd frame cut anywhere near its end fails at any size */
static void test_zstd_truncated_any_size(void **state)
{
    (void)state;
    int bad = 0;
    for (int e = 8; e <= 19; e++) {
        for (int d = -2; d <= 1; d++) {
            size_t n = ((size_t)1 << e) + (size_t)(ptrdiff_t)d;
            unsigned char *data = random_bytes(n, (uint32_t)n);
            blob z = make_zstd(data, n, 3);
            for (size_t cut = 1; cut <= 8 && cut < z.n; cut++) {
                klpi_buf out;
                klp_status st = inflate_n(KLPI_Z_ZSTD, z.p, z.n - cut, 0, &out);
                if (st != KLP_E_CORRUPT) {
                    print_error("%zu bytes, zstd cut by %zu: status %d\n", n, cut, (int)st);
                    bad++;
                }
                klpi_buf_free(&out);
            }
            free(z.p);
            free(data);
        }
    }
    assert_int_equal(bad, 0);
}

static void test_gzip_corrupt_body(void **state)
{
    (void)state;
    char *s = sample_text(20000);
    blob g = make_gzip(s, 20000, 6);
    /* flip bytes in the deflate data: either the stream breaks or the CRC does not match */
    for (size_t i = 20; i < 40; i++)
        g.p[i] ^= 0x5A;
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, 0, &out), KLP_E_CORRUPT);
    klpi_buf_free(&out);
    /* just the magic */
    assert_int_equal(inflate_n(KLPI_Z_GZIP, (const unsigned char *)"\x1f\x8b", 2, 0, &out),
                     KLP_E_CORRUPT);
    klpi_buf_free(&out);
    free(g.p);
    free(s);
}

static void test_gzip_bomb(void **state)
{
    (void)state;
    size_t n = 20u * 1024 * 1024;
    unsigned char *zeros = calloc(n, 1);
    assert_non_null(zeros);
    blob g = make_gzip(zeros, n, 9);
    free(zeros);
    assert_true(g.n < 100000); /* the bomb is small */
    klpi_buf out;
    size_t cap = 1024 * 1024;
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, cap, &out), KLP_E_LIMIT);
    assert_true(out.len <= cap);
    klpi_buf_free(&out);
    free(g.p);
}

static void test_gzip_cap_boundary(void **state)
{
    (void)state;
    char *s = sample_text(5000);
    blob g = make_gzip(s, 5000, 6);
    klpi_buf out;
    /* exactly at the cap: fine */
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, 5000, &out), KLP_OK);
    assert_int_equal(out.len, 5000);
    assert_memory_equal(out.ptr, s, 5000);
    klpi_buf_free(&out);
    /* one byte over: limit */
    assert_int_equal(inflate_n(KLPI_Z_GZIP, g.p, g.n, 4999, &out), KLP_E_LIMIT);
    assert_true(out.len <= 4999);
    klpi_buf_free(&out);
    free(g.p);
    free(s);
}

/* ---- zstd ----------------------------------------------------------------------------- */

static void test_zstd_roundtrip(void **state)
{
    (void)state;
    size_t sizes[] = {1, 1000, 65536, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        char *s = sample_text(sizes[k]);
        blob z = make_zstd(s, sizes[k], 3);
        klpi_buf out;
        assert_int_equal(inflate_n(KLPI_Z_ZSTD, z.p, z.n, 0, &out), KLP_OK);
        assert_int_equal(out.len, sizes[k]);
        assert_memory_equal(out.ptr, s, sizes[k]);
        klpi_buf_free(&out);
        free(z.p);
        free(s);
    }
}

static void test_zstd_two_frames(void **state)
{
    (void)state;
    const char *a = "First frame: the council voted on Tuesday.\n";
    const char *b = "Second frame: the budget passed.\n";
    blob za = make_zstd(a, strlen(a), 3);
    blob zb = make_zstd(b, strlen(b), 19);
    blob z = concat(za, zb);
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_ZSTD, z.p, z.n, 0, &out), KLP_OK);
    assert_int_equal(out.len, strlen(a) + strlen(b));
    assert_memory_equal(out.ptr, a, strlen(a));
    assert_memory_equal(out.ptr + strlen(a), b, strlen(b));
    klpi_buf_free(&out);
    free(za.p);
    free(zb.p);
    free(z.p);
}

static void test_zstd_truncated(void **state)
{
    (void)state;
    char *s = sample_text(100000);
    blob z = make_zstd(s, 100000, 3);
    size_t cuts[] = {z.n / 2, z.n - 1, z.n - 3, 6, 4};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        klpi_buf out;
        klp_status st = inflate_n(KLPI_Z_ZSTD, z.p, cuts[k], 0, &out);
        if (st != KLP_E_CORRUPT)
            print_error("cut at %zu of %zu: status %d\n", cuts[k], z.n, (int)st);
        assert_int_equal(st, KLP_E_CORRUPT);
        klpi_buf_free(&out);
    }
    /* a frame followed by garbage */
    unsigned char *p = malloc(z.n + 8);
    assert_non_null(p);
    memcpy(p, z.p, z.n);
    memcpy(p + z.n, "garbage!", 8);
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_ZSTD, p, z.n + 8, 0, &out), KLP_E_CORRUPT);
    klpi_buf_free(&out);
    free(p);
    free(z.p);
    free(s);
}

static void test_zstd_limit(void **state)
{
    (void)state;
    size_t n = 20u * 1024 * 1024;
    unsigned char *zeros = calloc(n, 1);
    assert_non_null(zeros);
    blob z = make_zstd(zeros, n, 3);
    free(zeros);
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_ZSTD, z.p, z.n, 1024 * 1024, &out), KLP_E_LIMIT);
    assert_true(out.len <= 1024 * 1024);
    klpi_buf_free(&out);
    free(z.p);

    char *s = sample_text(5000);
    blob z2 = make_zstd(s, 5000, 3);
    assert_int_equal(inflate_n(KLPI_Z_ZSTD, z2.p, z2.n, 5000, &out), KLP_OK);
    assert_int_equal(out.len, 5000);
    klpi_buf_free(&out);
    assert_int_equal(inflate_n(KLPI_Z_ZSTD, z2.p, z2.n, 4999, &out), KLP_E_LIMIT);
    klpi_buf_free(&out);
    free(z2.p);
    free(s);
}

/* ---- no compression ------------------------------------------------------------------- */

static void test_plain_copy(void **state)
{
    (void)state;
    klpi_buf out;
    assert_int_equal(inflate_n(KLPI_Z_NONE, (const unsigned char *)"hello", 5, 0, &out), KLP_OK);
    assert_int_equal(out.len, 5);
    assert_memory_equal(out.ptr, "hello", 5);
    klpi_buf_free(&out);
    assert_int_equal(inflate_n(KLPI_Z_NONE, (const unsigned char *)"hello", 5, 4, &out),
                     KLP_E_LIMIT);
    klpi_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_gzip_roundtrip),
        cmocka_unit_test(test_gzip_empty_member),
        cmocka_unit_test(test_gzip_two_members),
        cmocka_unit_test(test_gzip_trailing_zeros_and_garbage),
        cmocka_unit_test(test_gzip_truncated),
        cmocka_unit_test(test_gzip_truncated_trailer_any_size),
        cmocka_unit_test(test_gzip_second_member_truncated),
        cmocka_unit_test(test_gzip_corrupt_body),
        cmocka_unit_test(test_gzip_bomb),
        cmocka_unit_test(test_gzip_cap_boundary),
        cmocka_unit_test(test_zstd_roundtrip),
        cmocka_unit_test(test_zstd_two_frames),
        cmocka_unit_test(test_zstd_truncated),
        cmocka_unit_test(test_zstd_truncated_any_size),
        cmocka_unit_test(test_zstd_limit),
        cmocka_unit_test(test_plain_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
