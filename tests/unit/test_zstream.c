/* test_zstream.c - cmocka unit tests for klp_zstream: plain, multi-member gzip and multi-frame
 * zstd streams read in small and large pieces from memory and from a file descriptor, member
 * offsets, truncated/corrupt data, trailing garbage and the decompressed-size cap. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "klp_zstream.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct blob {
    unsigned char *p;
    size_t n;
} blob;

static blob make_gzip(const void *data, size_t n)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
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
    return b;
}

static blob make_zstd(const void *data, size_t n)
{
    size_t cap = ZSTD_compressBound(n);
    blob b = {malloc(cap), 0};
    assert_non_null(b.p);
    b.n = ZSTD_compress(b.p, cap, data, n, 3);
    assert_false(ZSTD_isError(b.n));
    return b;
}

/* Appends b to *acc and frees b. */
static void append(blob *acc, blob b)
{
    acc->p = realloc(acc->p, acc->n + b.n + 1);
    assert_non_null(acc->p);
    memcpy(acc->p + acc->n, b.p, b.n);
    acc->n += b.n;
    free(b.p);
}

/* Reads the whole stream in pieces of `piece` bytes; returns the last status (KLP_OK at a
 * clean end) and the bytes delivered before it. */
static klp_status drain(klpi_zs *zs, size_t piece, blob *out)
{
    out->p = NULL;
    out->n = 0;
    unsigned char *tmp = malloc(piece);
    assert_non_null(tmp);
    klp_status st;
    for (;;) {
        size_t n = 0;
        st = klpi_zs_read(zs, tmp, piece, &n);
        if (n > 0) {
            assert_int_equal(st, KLP_OK);
            blob b = {malloc(n), n};
            memcpy(b.p, tmp, n);
            append(out, b);
        }
        if (st != KLP_OK || n == 0)
            break;
    }
    free(tmp);
    return st;
}

/* Deterministic text that compresses but is not trivially repetitive. */
static char *make_text(size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        s[i] = (i % 61 == 60) ? '\n' : (char)('a' + (x >> 16) % 26);
    }
    s[n] = '\0';
    return s;
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_plain_mem(void **state)
{
    (void)state;
    static const char DATA[] = "WARC/1.0\r\nplain bytes pass through\r\n";
    klpi_zs *zs;
    assert_int_equal(klpi_zs_open_mem(DATA, sizeof DATA - 1, 0, &zs), KLP_OK);
    blob out;
    assert_int_equal(drain(zs, 3, &out), KLP_OK);
    assert_int_equal(out.n, sizeof DATA - 1);
    assert_memory_equal(out.p, DATA, sizeof DATA - 1);
    assert_int_equal(klpi_zs_get_kind(zs), KLPI_ZS_PLAIN);
    assert_int_equal(klpi_zs_offset(zs), sizeof DATA - 1);
    assert_int_equal(klpi_zs_out_offset(zs), sizeof DATA - 1);
    assert_int_equal(klpi_zs_locate(zs, 10), 10); /* plain: identity */
    /* the end is sticky */
    size_t n = 99;
    char c;
    assert_int_equal(klpi_zs_read(zs, &c, 1, &n), KLP_OK);
    assert_int_equal(n, 0);
    free(out.p);
    klpi_zs_close(zs);
}

static void test_tiny_and_empty(void **state)
{
    (void)state;
    klpi_zs *zs;
    blob out;
    /* fewer bytes than a magic number: plain */
    assert_int_equal(klpi_zs_open_mem("ab", 2, 0, &zs), KLP_OK);
    assert_int_equal(drain(zs, 16, &out), KLP_OK);
    assert_int_equal(out.n, 2);
    assert_memory_equal(out.p, "ab", 2);
    free(out.p);
    klpi_zs_close(zs);
    /* nothing at all */
    assert_int_equal(klpi_zs_open_mem("", 0, 0, &zs), KLP_OK);
    assert_int_equal(drain(zs, 16, &out), KLP_OK);
    assert_int_equal(out.n, 0);
    klpi_zs_close(zs);
    /* argument checks */
    assert_int_equal(klpi_zs_open_mem(NULL, 5, 0, &zs), KLP_E_ARG);
    assert_null(zs);
    assert_int_equal(klpi_zs_open_fd(-1, 0, &zs), KLP_E_ARG);
    klpi_zs_close(NULL);
}

/* Three members; offsets of the members in the file and in the output are known. */
static void test_gzip_members(void **state)
{
    (void)state;
    static const char *const PARTS[] = {"alpha\n", "beta beta\n", "gamma gamma gamma\n"};
    blob file = {NULL, 0};
    size_t comp_start[3], dec_start[3], dec = 0;
    for (int i = 0; i < 3; i++) {
        comp_start[i] = file.n;
        dec_start[i] = dec;
        dec += strlen(PARTS[i]);
        append(&file, make_gzip(PARTS[i], strlen(PARTS[i])));
    }
    static const char ALL[] = "alpha\nbeta beta\ngamma gamma gamma\n";
    for (size_t piece = 1; piece <= 64; piece *= 4) {
        klpi_zs *zs;
        assert_int_equal(klpi_zs_open_mem(file.p, file.n, 0, &zs), KLP_OK);
        blob out;
        assert_int_equal(drain(zs, piece, &out), KLP_OK);
        assert_int_equal(out.n, sizeof ALL - 1);
        assert_memory_equal(out.p, ALL, sizeof ALL - 1);
        assert_int_equal(klpi_zs_get_kind(zs), KLPI_ZS_GZIP);
        assert_int_equal(klpi_zs_offset(zs), file.n);
        /* any byte of a member maps to that member's start in the file */
        for (int i = 0; i < 3; i++) {
            assert_int_equal(klpi_zs_locate(zs, dec_start[i]), comp_start[i]);
            assert_int_equal(klpi_zs_locate(zs, dec_start[i] + 2), comp_start[i]);
        }
        free(out.p);
        klpi_zs_close(zs);
    }
    free(file.p);
}

static void test_gzip_zero_padding(void **state)
{
    (void)state;
    blob file = {NULL, 0};
    append(&file, make_gzip("one\n", 4));
    blob zeros = {calloc(1, 7), 7};
    append(&file, zeros);
    append(&file, make_gzip("two\n", 4));
    klpi_zs *zs;
    assert_int_equal(klpi_zs_open_mem(file.p, file.n, 0, &zs), KLP_OK);
    blob out;
    assert_int_equal(drain(zs, 5, &out), KLP_OK);
    assert_int_equal(out.n, 8);
    assert_memory_equal(out.p, "one\ntwo\n", 8);
    free(out.p);
    klpi_zs_close(zs);
    free(file.p);
}

/* A second member cut in half: the first member's bytes come out, then CORRUPT, sticky. */
static void test_gzip_truncated(void **state)
{
    (void)state;
    blob file = {NULL, 0};
    append(&file, make_gzip("complete member\n", 16));
    size_t first = file.n;
    char *text = make_text(4000);
    blob second = make_gzip(text, 4000);
    second.n /= 2;
    append(&file, second);
    klpi_zs *zs;
    assert_int_equal(klpi_zs_open_mem(file.p, file.n, 0, &zs), KLP_OK);
    blob out;
    assert_int_equal(drain(zs, 7, &out), KLP_E_CORRUPT);
    assert_true(out.n >= 16 && out.n < 16 + 4000);
    assert_memory_equal(out.p, "complete member\n", 16);
    /* what came out of the cut member is a prefix of its text */
    assert_memory_equal(out.p + 16, text, out.n - 16);
    assert_true(klpi_zs_offset(zs) > first);
    size_t n = 1;
    char c;
    assert_int_equal(klpi_zs_read(zs, &c, 1, &n), KLP_E_CORRUPT);
    assert_int_equal(n, 0);
    free(out.p);
    free(text);
    klpi_zs_close(zs);
    free(file.p);
}

static void test_gzip_corrupt_and_garbage(void **state)
{
    (void)state;
    char *text = make_text(2000);
    blob g = make_gzip(text, 2000);
    /* flipped bytes in the deflate data (after the 10-byte header) */
    for (size_t i = 20; i < 40 && i < g.n; i++)
        g.p[i] ^= 0x5A;
    klpi_zs *zs;
    assert_int_equal(klpi_zs_open_mem(g.p, g.n, 0, &zs), KLP_OK);
    blob out;
    assert_int_equal(drain(zs, 512, &out), KLP_E_CORRUPT);
    free(out.p);
    klpi_zs_close(zs);
    free(g.p);

    /* a good member followed by bytes that are not gzip */
    blob file = {NULL, 0};
    append(&file, make_gzip("good\n", 5));
    blob junk = {(unsigned char *)strdup("not gzip at all"), 15};
    append(&file, junk);
    assert_int_equal(klpi_zs_open_mem(file.p, file.n, 0, &zs), KLP_OK);
    assert_int_equal(drain(zs, 512, &out), KLP_E_CORRUPT);
    assert_int_equal(out.n, 5);
    assert_memory_equal(out.p, "good\n", 5);
    free(out.p);
    klpi_zs_close(zs);
    free(file.p);
    free(text);
}

static void test_zstd_frames(void **state)
{
    (void)state;
    blob file = {NULL, 0};
    append(&file, make_zstd("first frame\n", 12));
    size_t second = file.n;
    append(&file, make_zstd("second frame\n", 13));
    klpi_zs *zs;
    assert_int_equal(klpi_zs_open_mem(file.p, file.n, 0, &zs), KLP_OK);
    blob out;
    assert_int_equal(drain(zs, 4, &out), KLP_OK);
    assert_int_equal(out.n, 25);
    assert_memory_equal(out.p, "first frame\nsecond frame\n", 25);
    assert_int_equal(klpi_zs_get_kind(zs), KLPI_ZS_ZSTD);
    assert_int_equal(klpi_zs_locate(zs, 3), 0);
    assert_int_equal(klpi_zs_locate(zs, 12), second);
    free(out.p);
    klpi_zs_close(zs);

    /* the second frame cut short */
    file.n -= 3;
    assert_int_equal(klpi_zs_open_mem(file.p, file.n, 0, &zs), KLP_OK);
    assert_int_equal(drain(zs, 4, &out), KLP_E_CORRUPT);
    assert_true(out.n >= 12);
    assert_memory_equal(out.p, "first frame\n", 12);
    free(out.p);
    klpi_zs_close(zs);
    free(file.p);
}

static void test_cap(void **state)
{
    (void)state;
    char *text = make_text(1000);
    blob g = make_gzip(text, 1000);
    klpi_zs *zs;
    blob out;
    /* 400 bytes come out, then LIMIT */
    assert_int_equal(klpi_zs_open_mem(g.p, g.n, 400, &zs), KLP_OK);
    assert_int_equal(drain(zs, 64, &out), KLP_E_LIMIT);
    assert_int_equal(out.n, 400);
    assert_memory_equal(out.p, text, 400);
    free(out.p);
    klpi_zs_close(zs);
    /* a cap equal to the size is not exceeded */
    assert_int_equal(klpi_zs_open_mem(g.p, g.n, 1000, &zs), KLP_OK);
    assert_int_equal(drain(zs, 64, &out), KLP_OK);
    assert_int_equal(out.n, 1000);
    free(out.p);
    klpi_zs_close(zs);
    /* plain data is capped as well */
    assert_int_equal(klpi_zs_open_mem(text, 1000, 999, &zs), KLP_OK);
    assert_int_equal(drain(zs, 1000, &out), KLP_E_LIMIT);
    assert_int_equal(out.n, 999);
    free(out.p);
    klpi_zs_close(zs);
    free(g.p);
    free(text);
}

/* Through a file descriptor, more input than one read chunk: gzip and zstd of 300 KB. */
static void test_fd_large(void **state)
{
    (void)state;
    enum { BIG = 300 * 1000 };
    char *text = make_text(BIG);
    blob files[3];
    files[0] = (blob){(unsigned char *)strdup(text), BIG};
    /* gzip in two members, split at an odd place */
    files[1] = (blob){NULL, 0};
    append(&files[1], make_gzip(text, 123457));
    append(&files[1], make_gzip(text + 123457, BIG - 123457));
    files[2] = make_zstd(text, BIG);
    for (int k = 0; k < 3; k++) {
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(fwrite(files[k].p, 1, files[k].n, f), files[k].n);
        fflush(f);
        rewind(f);
        klpi_zs *zs;
        assert_int_equal(klpi_zs_open_fd(fileno(f), 0, &zs), KLP_OK);
        blob out;
        assert_int_equal(drain(zs, 1000, &out), KLP_OK);
        assert_int_equal(out.n, BIG);
        assert_memory_equal(out.p, text, BIG);
        assert_int_equal(klpi_zs_offset(zs), files[k].n);
        assert_int_equal(klpi_zs_get_kind(zs), (klpi_zs_kind)k);
        free(out.p);
        klpi_zs_close(zs);
        fclose(f);
        free(files[k].p);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_mem),
        cmocka_unit_test(test_tiny_and_empty),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_gzip_zero_padding),
        cmocka_unit_test(test_gzip_truncated),
        cmocka_unit_test(test_gzip_corrupt_and_garbage),
        cmocka_unit_test(test_zstd_frames),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_fd_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
