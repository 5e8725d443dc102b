/* test_jsonl.c - cmocka unit tests for klp_jsonl: pages as html or text fields, the other
 * fields carried over, broken lines between good ones (with line numbers and offsets),
 * over-long lines skipped, custom field names, CRLF/BOM/NUL, compressed and truncated input. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "klp_jsonl.h"
#include "klp_zstream.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct sb {
    char *p;
    size_t n;
} sb;

static void sb_add(sb *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->n + n + 1);
    assert_non_null(b->p);
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Appends a line; returns its offset. */
static size_t add_line(sb *b, const char *s)
{
    size_t off = b->n;
    sb_add(b, s, strlen(s));
    return off;
}

static sb gzip_of(const void *data, size_t n)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)n) + 64;
    sb b = {malloc(cap), 0};
    assert_non_null(b.p);
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)n;
    zs.next_out = (Bytef *)b.p;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    b.n = cap - zs.avail_out;
    deflateEnd(&zs);
    return b;
}

typedef struct reader {
    klpi_zs *zs;
    klpi_jsonl *r;
} reader;

static reader open_reader(const sb *data, const klpi_jsonl_opts *opts)
{
    reader r;
    assert_int_equal(klpi_zs_open_mem(data->p, data->n, 0, &r.zs), KLP_OK);
    assert_int_equal(klpi_jsonl_open(r.zs, opts, &r.r), KLP_OK);
    return r;
}

static void close_reader(reader *r)
{
    klpi_jsonl_close(r->r);
    klpi_zs_close(r->zs);
}

static void assert_content(const klpi_jsonl_record *rec, klp_format f, const char *want)
{
    assert_int_equal(rec->format, f);
    assert_non_null(rec->content.ptr);
    assert_int_equal(rec->content.len, strlen(want));
    assert_memory_equal(rec->content.ptr, want, strlen(want));
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_fields(void **state)
{
    (void)state;
    sb d = {NULL, 0};
    add_line(&d, "{\"url\":\"http://a.example/\",\"id\":\"x1\",\"html\":\"<p>A</p>\","
                 "\"lang\":\"en\",\"n\":3}\n");
    size_t off2 = add_line(&d, "{\"text\":\"plain B\",\"url\":5}\n");
    add_line(&d, "{\"html\":\"<b>H</b>\",\"text\":\"T\",\"id\":7}\n");
    reader r = open_reader(&d, NULL);
    klpi_jsonl_record rec;

    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 1);
    assert_int_equal(rec.offset, 0);
    assert_content(&rec, KLP_FORMAT_HTML, "<p>A</p>");
    assert_string_equal(rec.field, "html");
    assert_string_equal(rec.url, "http://a.example/");
    assert_string_equal(rec.id, "x1");
    assert_non_null(rec.object);
    /* the fields other than the content, url and id: lang and n */
    const char *key;
    json_t *val;
    int others = 0;
    json_object_foreach(rec.object, key, val)
    {
        if (strcmp(key, rec.field) == 0 || strcmp(key, "url") == 0 || strcmp(key, "id") == 0)
            continue;
        others++;
        if (strcmp(key, "lang") == 0)
            assert_string_equal(json_string_value(val), "en");
        else if (strcmp(key, "n") == 0)
            assert_int_equal(json_integer_value(val), 3);
        else
            fail_msg("unexpected key %s", key);
    }
    assert_int_equal(others, 2);

    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 2);
    assert_int_equal(rec.offset, off2);
    assert_content(&rec, KLP_FORMAT_TEXT, "plain B");
    assert_string_equal(rec.field, "text");
    assert_null(rec.url); /* not a string */
    assert_null(rec.id);

    /* both fields: html wins */
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_HTML, "<b>H</b>");
    assert_null(rec.id);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    close_reader(&r);
    free(d.p);
}

static void test_broken_lines(void **state)
{
    (void)state;
    sb d = {NULL, 0};
    size_t off[9];
    off[1] = add_line(&d, "{\"html\":\"<p>1</p>\"}\n");
    off[2] = add_line(&d, "{\"html\": \"x\"\n");         /* invalid JSON */
    off[3] = add_line(&d, "[1,2]\n");                    /* not an object */
    off[4] = add_line(&d, "{\"title\":\"no content\"}\n"); /* neither field */
    off[5] = add_line(&d, "{\"html\":5}\n");             /* not a string */
    off[6] = add_line(&d, "{\"text\":\"six\"}\n");
    off[7] = add_line(&d, "   \t\n");                    /* blank: skipped */
    off[8] = add_line(&d, "{\"html\":\"<p>8</p>\"}");    /* no final newline */
    reader r = open_reader(&d, NULL);
    klpi_jsonl_record rec;
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 1);
    assert_content(&rec, KLP_FORMAT_HTML, "<p>1</p>");
    for (uint64_t line = 2; line <= 5; line++) {
        assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_E_PARSE);
        assert_int_equal(rec.line_no, line);
        assert_int_equal(rec.offset, off[line]);
        assert_int_equal(rec.file_offset, off[line]);
        assert_non_null(rec.detail);
        assert_null(rec.object);
        assert_null(rec.content.ptr);
    }
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 6);
    assert_content(&rec, KLP_FORMAT_TEXT, "six");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 8);
    assert_int_equal(rec.offset, off[8]);
    assert_content(&rec, KLP_FORMAT_HTML, "<p>8</p>");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    (void)off[7];
    close_reader(&r);
    free(d.p);
}

/* A line of exactly the limit is read, one byte more is skipped; a very long one too. */
static void test_long_lines(void **state)
{
    (void)state;
    enum { MAX = 100, HUGE = 300000 };
    /* {"html":" + n x + "} is n + 11 bytes */
    char at_limit[MAX + 2], over[MAX + 3];
    snprintf(at_limit, sizeof at_limit, "{\"html\":\"%0*d\"}", MAX - 11, 0);
    snprintf(over, sizeof over, "{\"html\":\"%0*d\"}", MAX - 10, 0);
    assert_int_equal(strlen(at_limit), MAX);
    assert_int_equal(strlen(over), MAX + 1);
    char *huge = malloc(HUGE + 16);
    memcpy(huge, "{\"html\":\"", 9);
    memset(huge + 9, 'z', HUGE);
    memcpy(huge + 9 + HUGE, "\"}\n", 4);

    sb d = {NULL, 0};
    add_line(&d, "{\"text\":\"first\"}\n");
    add_line(&d, at_limit);
    add_line(&d, "\r\n"); /* CRLF: the CR is not counted in the line length */
    size_t off3 = add_line(&d, over);
    add_line(&d, "\n");
    size_t off4 = add_line(&d, huge);
    add_line(&d, "{\"text\":\"last\"}\n");
    klpi_jsonl_opts o;
    klpi_jsonl_opts_init(&o);
    o.max_line_bytes = MAX;
    reader r = open_reader(&d, &o);
    klpi_jsonl_record rec;
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_TEXT, "first");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 2);
    assert_int_equal(rec.content.len, MAX - 11);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_E_LIMIT);
    assert_int_equal(rec.line_no, 3);
    assert_int_equal(rec.offset, off3);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_E_LIMIT);
    assert_int_equal(rec.line_no, 4);
    assert_int_equal(rec.offset, off4);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 5);
    assert_content(&rec, KLP_FORMAT_TEXT, "last");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    close_reader(&r);

    /* with the default limit the long line is read whole */
    r = open_reader(&d, NULL);
    for (int i = 0; i < 3; i++)
        assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 4);
    assert_int_equal(rec.content.len, HUGE);
    close_reader(&r);
    free(d.p);
    free(huge);
}

static void test_custom_fields(void **state)
{
    (void)state;
    sb d = {NULL, 0};
    add_line(&d, "{\"body\":\"<p>x</p>\",\"html\":\"ignored\"}\n");
    add_line(&d, "{\"content\":\"t\",\"text\":\"no\"}\n");
    add_line(&d, "{\"html\":\"<p>\"}\n");
    klpi_jsonl_opts o;
    klpi_jsonl_opts_init(&o);
    char html_name[] = "body", text_name[] = "content";
    o.html_field = html_name;
    o.text_field = text_name;
    reader r = open_reader(&d, &o);
    html_name[0] = text_name[0] = '?'; /* the reader keeps its own copies */
    klpi_jsonl_record rec;
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_HTML, "<p>x</p>");
    assert_string_equal(rec.field, "body");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_TEXT, "t");
    assert_string_equal(rec.field, "content");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_E_PARSE);
    assert_non_null(strstr(rec.detail, "body"));
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    close_reader(&r);
    free(d.p);
}

static void test_bom_crlf_nul(void **state)
{
    (void)state;
    sb d = {NULL, 0};
    add_line(&d, "\xEF\xBB\xBF{\"text\":\"a\\u0000b\"}\r\n");
    add_line(&d, "{\"html\":\"<i>\\u00e9</i>\"}\r\n");
    reader r = open_reader(&d, NULL);
    klpi_jsonl_record rec;
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.content.len, 3);
    assert_memory_equal(rec.content.ptr, "a\0b", 3);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_HTML, "<i>\xC3\xA9</i>");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    close_reader(&r);
    free(d.p);
}

/* One gzip member per line; the last member is cut: two pages, then CORRUPT, then END. */
static void test_gzip_truncated(void **state)
{
    (void)state;
    static const char *const LINES[] = {
        "{\"text\":\"one\"}\n", "{\"text\":\"two\"}\n",
        "{\"html\":\"<p>three: a longer line so the member is cut inside</p>\"}\n"};
    sb d = {NULL, 0};
    size_t comp2 = 0;
    for (int i = 0; i < 3; i++) {
        sb g = gzip_of(LINES[i], strlen(LINES[i]));
        if (i == 2) {
            comp2 = d.n;
            g.n /= 2;
        }
        sb_add(&d, g.p, g.n);
        free(g.p);
    }
    reader r = open_reader(&d, NULL);
    klpi_jsonl_record rec;
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_TEXT, "one");
    assert_int_equal(rec.file_offset, 0);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_TEXT, "two");
    assert_int_equal(rec.offset, strlen(LINES[0]));
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_E_CORRUPT);
    assert_int_equal(rec.line_no, 3);
    assert_int_equal(rec.offset, strlen(LINES[0]) + strlen(LINES[1]));
    assert_int_equal(rec.file_offset, comp2);
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    close_reader(&r);
    free(d.p);
}

static void test_zstd_and_args(void **state)
{
    (void)state;
    static const char DATA[] = "{\"text\":\"z\"}\n\n{\"html\":\"<p>q</p>\",\"url\":\"u\"}\n";
    sb d = {malloc(ZSTD_compressBound(sizeof DATA)), 0};
    d.n = ZSTD_compress(d.p, ZSTD_compressBound(sizeof DATA), DATA, sizeof DATA - 1, 3);
    assert_false(ZSTD_isError(d.n));
    reader r = open_reader(&d, NULL);
    klpi_jsonl_record rec;
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_content(&rec, KLP_FORMAT_TEXT, "z");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLP_OK);
    assert_int_equal(rec.line_no, 3); /* the blank line 2 is counted, not returned */
    assert_content(&rec, KLP_FORMAT_HTML, "<p>q</p>");
    assert_string_equal(rec.url, "u");
    assert_int_equal(klpi_jsonl_next(r.r, &rec), KLPI_END);
    close_reader(&r);
    free(d.p);

    klpi_jsonl *j;
    assert_int_equal(klpi_jsonl_open(NULL, NULL, &j), KLP_E_ARG);
    assert_null(j);
    klpi_jsonl_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_broken_lines),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_custom_fields),
        cmocka_unit_test(test_bom_crlf_nul),
        cmocka_unit_test(test_gzip_truncated),
        cmocka_unit_test(test_zstd_and_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
