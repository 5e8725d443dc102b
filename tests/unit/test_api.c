/* test_api.c - cmocka tests of the public API, through include/kliping.h only: options and
 * their defaults, extractor lifecycle, statuses for empty/binary/over-limit/corrupt inputs,
 * compressed inputs, ids, warnings, and the JSON line of a record. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "kliping.h"

/* An English article as a crawler dumps it: menu, title, date, four paragraphs, footer. */
static const char ARTICLE[] =
    "Home\nWorld\nBusiness\nSubscribe\n\n"
    "Council Backs Plan to Rebuild the Old Harbour Bridge\n"
    "June 12, 2023\n\n"
    "The city council voted on Monday evening to approve a plan that will rebuild the old "
    "harbour bridge, which has been closed to traffic since a winter storm damaged two of its "
    "supports and forced hundreds of drivers to take a much longer route to work.\n\n"
    "Engineers told the council that the work would take about eighteen months and that the "
    "new bridge would be wider than the old one, with a separate lane for bicycles and a "
    "footpath on each side for people who walk to the market.\n\n"
    "Several members said they were worried about the cost of the project, which is expected "
    "to be close to forty million dollars, but they agreed that the city could not afford to "
    "leave the bridge closed for another year.\n\n"
    "The mayor said that the city would ask the regional government to pay for part of the "
    "work and that she hoped to sign the first contracts before the end of the summer, so "
    "that the building could start in the autumn.\n\n"
    "Share this article\nComments\n";

static const char FIRST_SENTENCE[] =
    "The city council voted on Monday evening to approve a plan that will rebuild the old "
    "harbour bridge";

typedef struct blob {
    unsigned char *p;
    size_t n;
} blob;

static blob gzip_of(const void *data, size_t n)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
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

static blob zstd_of(const void *data, size_t n)
{
    size_t cap = ZSTD_compressBound(n);
    blob b = {malloc(cap), 0};
    assert_non_null(b.p);
    b.n = ZSTD_compress(b.p, cap, data, n, 3);
    assert_false(ZSTD_isError(b.n));
    return b;
}

static klp_extractor *new_ex(const klp_extractor_opts *o)
{
    klp_extractor *ex = (klp_extractor *)0x1;
    assert_int_equal(klp_extractor_new(o, &ex), KLP_OK);
    assert_non_null(ex);
    return ex;
}

/* A copy of a doc string (the doc is only valid until the next call). */
static char *dup_str(klp_str s)
{
    if (!s.ptr)
        return NULL;
    char *p = malloc(s.len + 1);
    assert_non_null(p);
    memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    return p;
}

/* ---- options and lifecycle -------------------------------------------------------------- */

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(klp_version(), KLP_VERSION_STRING);
    assert_string_equal(klp_version(), "0.1.0");
}

static void test_opts_defaults(void **state)
{
    (void)state;
    klp_extractor_opts o;
    memset(&o, 0xAB, sizeof o);
    klp_extractor_opts_init(&o);
    assert_int_equal(o.struct_size, sizeof o);
    assert_int_equal(o.format, KLP_FORMAT_AUTO);
    assert_int_equal(o.max_input_bytes, 10u * 1024 * 1024);
    assert_int_equal(o.max_line_bytes, 1024u * 1024);
    assert_int_equal(o.max_depth, 256);
    assert_false(o.comments);
    assert_true(o.detect_language);
}

static void test_new_and_free(void **state)
{
    (void)state;
    klp_extractor *ex = NULL;
    assert_int_equal(klp_extractor_new(NULL, &ex), KLP_OK);
    assert_non_null(ex);
    klp_extractor_free(ex);
    klp_extractor_free(NULL); /* accepted */
    assert_int_equal(klp_extractor_new(NULL, NULL), KLP_E_ARG);
    /* an options struct that was never initialized (struct_size 0) is refused */
    klp_extractor_opts o;
    memset(&o, 0, sizeof o);
    ex = (klp_extractor *)0x1;
    assert_int_equal(klp_extractor_new(&o, &ex), KLP_E_ARG);
    assert_null(ex);
}

static void test_status_names(void **state)
{
    (void)state;
    for (int s = -3; s < (int)KLP_STATUS_COUNT_ + 5; s++) {
        assert_non_null(klp_status_name((klp_status)s));
        assert_non_null(klp_status_str((klp_status)s));
        assert_true(strlen(klp_status_str((klp_status)s)) > 0);
    }
    assert_non_null(klp_status_name((klp_status)1000000));
    assert_non_null(klp_status_str((klp_status)1000000));
    assert_string_equal(klp_status_name(KLP_OK), "ok");
    assert_string_equal(klp_status_name(KLP_E_LIMIT), "limit");
    /* every real status has its own name */
    for (int a = 0; a < (int)KLP_STATUS_COUNT_; a++)
        for (int b = a + 1; b < (int)KLP_STATUS_COUNT_; b++)
            assert_string_not_equal(klp_status_name((klp_status)a), klp_status_name((klp_status)b));
}

static void test_warning_str(void **state)
{
    (void)state;
    unsigned bits[] = {KLP_WARN_INVALID_UTF8, KLP_WARN_NUL, KLP_WARN_CONTROL, KLP_WARN_LONG_LINE,
                       KLP_WARN_LEGACY_CHARSET};
    for (size_t i = 0; i < sizeof bits / sizeof *bits; i++)
        assert_non_null(klp_warning_str(bits[i]));
    assert_null(klp_warning_str(1u << 20));
    assert_null(klp_warning_str(0));
}

/* ---- failing inputs ------------------------------------------------------------------------ */

static void test_bad_arguments(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(NULL, "abc", 3, NULL, &doc), KLP_E_ARG);
    assert_null(doc);
    assert_int_equal(klp_extract(ex, "abc", 3, NULL, NULL), KLP_E_ARG);
    doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, NULL, 5, NULL, &doc), KLP_E_ARG);
    assert_null(doc);
    klp_str js;
    assert_int_equal(klp_doc_to_json(ex, NULL, &js), KLP_E_ARG);
    klp_extractor_free(ex);
}

static void test_empty(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, "", 0, NULL, &doc), KLP_E_EMPTY);
    assert_null(doc);
    doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, NULL, 0, NULL, &doc), KLP_E_EMPTY);
    assert_null(doc);
    /* a gzip of nothing holds no text either */
    blob g = gzip_of("", 0);
    doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, g.p, g.n, NULL, &doc), KLP_E_EMPTY);
    assert_null(doc);
    free(g.p);
    klp_extractor_free(ex);
}

static void test_binary(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    unsigned char bin[1024];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i % 9); /* 0x00..0x08 */
    const klp_doc *doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, bin, sizeof bin, NULL, &doc), KLP_E_BINARY);
    assert_null(doc);
    /* compressed binary is still binary */
    blob g = gzip_of(bin, sizeof bin);
    doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, g.p, g.n, NULL, &doc), KLP_E_BINARY);
    assert_null(doc);
    free(g.p);
    klp_extractor_free(ex);
}

static void test_limit(void **state)
{
    (void)state;
    klp_extractor_opts o;
    klp_extractor_opts_init(&o);
    o.max_input_bytes = 1000;
    klp_extractor *ex = new_ex(&o);
    char buf[1001];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = "The council voted. "[i % 19];
    const klp_doc *doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, buf, 1001, NULL, &doc), KLP_E_LIMIT);
    assert_null(doc);
    /* exactly at the limit is fine */
    assert_int_equal(klp_extract(ex, buf, 1000, NULL, &doc), KLP_OK);
    assert_non_null(doc);
    /* the limit counts decompressed bytes: a small gzip of 1001 bytes is over it */
    blob g = gzip_of(buf, 1001);
    assert_true(g.n < 1000);
    doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, g.p, g.n, NULL, &doc), KLP_E_LIMIT);
    assert_null(doc);
    free(g.p);
    klp_extractor_free(ex);
}

static void test_gzip_bomb(void **state)
{
    (void)state;
    klp_extractor_opts o;
    klp_extractor_opts_init(&o);
    o.max_input_bytes = 1024 * 1024;
    klp_extractor *ex = new_ex(&o);
    size_t n = 20u * 1024 * 1024;
    char *spaces = malloc(n);
    assert_non_null(spaces);
    memset(spaces, ' ', n);
    blob g = gzip_of(spaces, n);
    free(spaces);
    const klp_doc *doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, g.p, g.n, NULL, &doc), KLP_E_LIMIT);
    assert_null(doc);
    free(g.p);
    klp_extractor_free(ex);
}

static void test_corrupt(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    blob g = gzip_of(ARTICLE, sizeof ARTICLE - 1);
    const klp_doc *doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, g.p, g.n / 2, NULL, &doc), KLP_E_CORRUPT);
    assert_null(doc);
    blob z = zstd_of(ARTICLE, sizeof ARTICLE - 1);
    doc = (const klp_doc *)0x1;
    assert_int_equal(klp_extract(ex, z.p, z.n - 5, NULL, &doc), KLP_E_CORRUPT);
    assert_null(doc);
    free(g.p);
    free(z.p);
    klp_extractor_free(ex);
}

/* ---- successful extraction ---------------------------------------------------------------- */

static void test_text_article(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = NULL;
    klp_input_info info = {0};
    info.file = "dumps/bridge.txt";
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, &info, &doc), KLP_OK);
    assert_non_null(doc);
    assert_int_equal(doc->format, KLP_FORMAT_TEXT);
    assert_non_null(doc->text.ptr);
    assert_int_equal(strlen(doc->text.ptr), doc->text.len); /* NUL-terminated at len */
    assert_memory_equal(doc->text.ptr, FIRST_SENTENCE, strlen(FIRST_SENTENCE));
    assert_null(strstr(doc->text.ptr, "Subscribe"));
    assert_null(strstr(doc->text.ptr, "Share this article"));
    assert_string_equal(doc->title.ptr, "Council Backs Plan to Rebuild the Old Harbour Bridge");
    assert_string_equal(doc->date.ptr, "2023-06-12");
    assert_string_equal(doc->file.ptr, "dumps/bridge.txt");
    assert_non_null(doc->language.ptr);
    assert_string_equal(doc->language.ptr, "en");
    assert_true(doc->language_score > 0.0 && doc->language_score <= 1.0);
    assert_null(doc->author.ptr);
    assert_int_equal(doc->author.len, 0);
    assert_null(doc->url.ptr);
    assert_int_equal(doc->id.len, strlen(doc->id.ptr));
    assert_true(doc->id.len > 0);
    assert_int_equal(doc->warnings, 0);
    klp_extractor_free(ex);
}

static void test_no_language(void **state)
{
    (void)state;
    klp_extractor_opts o;
    klp_extractor_opts_init(&o);
    o.detect_language = false;
    klp_extractor *ex = new_ex(&o);
    const klp_doc *doc = NULL;
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, NULL, &doc), KLP_OK);
    assert_null(doc->language.ptr);
    klp_extractor_free(ex);
}

static void test_compressed_same_as_plain(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = NULL;
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, NULL, &doc), KLP_OK);
    char *plain = dup_str(doc->text);
    char *title = dup_str(doc->title);
    blob g = gzip_of(ARTICLE, sizeof ARTICLE - 1);
    assert_int_equal(klp_extract(ex, g.p, g.n, NULL, &doc), KLP_OK);
    assert_string_equal(doc->text.ptr, plain);
    assert_string_equal(doc->title.ptr, title);
    blob z = zstd_of(ARTICLE, sizeof ARTICLE - 1);
    assert_int_equal(klp_extract(ex, z.p, z.n, NULL, &doc), KLP_OK);
    assert_string_equal(doc->text.ptr, plain);
    free(g.p);
    free(z.p);
    free(plain);
    free(title);
    klp_extractor_free(ex);
}

static void test_ids(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    klp_extractor *ex2 = new_ex(NULL);
    const klp_doc *doc = NULL;
    klp_input_info info = {0};
    info.file = "a.txt";
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, &info, &doc), KLP_OK);
    char *id1 = dup_str(doc->id);
    /* same bytes, another name, another extractor: same id */
    info.file = "elsewhere/b.txt";
    assert_int_equal(klp_extract(ex2, ARTICLE, sizeof ARTICLE - 1, &info, &doc), KLP_OK);
    assert_string_equal(doc->id.ptr, id1);
    /* something else in between, then the same bytes again */
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 2, NULL, &doc), KLP_OK);
    char *id_other = dup_str(doc->id);
    assert_string_not_equal(id_other, id1);
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, NULL, &doc), KLP_OK);
    assert_string_equal(doc->id.ptr, id1);
    /* a caller id wins */
    info.id = "warc:record-42";
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, &info, &doc), KLP_OK);
    assert_string_equal(doc->id.ptr, "warc:record-42");
    free(id1);
    free(id_other);
    klp_extractor_free(ex);
    klp_extractor_free(ex2);
}

static void test_to_json(void **state)
{
    (void)state;
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = NULL;
    klp_input_info info = {0};
    info.file = "dumps/bridge.txt";
    assert_int_equal(klp_extract(ex, ARTICLE, sizeof ARTICLE - 1, &info, &doc), KLP_OK);
    char *text = dup_str(doc->text);
    char *id = dup_str(doc->id);
    klp_str js = {NULL, 0};
    assert_int_equal(klp_doc_to_json(ex, doc, &js), KLP_OK);
    assert_non_null(js.ptr);
    assert_true(js.len > 10);
    assert_memory_equal(js.ptr, "{\"id\":", 6);
    assert_memory_equal(js.ptr + js.len - 2, "}\n", 2);
    assert_null(memchr(js.ptr, '\n', js.len - 1));
    json_error_t err;
    json_t *j = json_loadb(js.ptr, js.len, 0, &err);
    if (!j)
        print_error("jansson: %s\n", err.text);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "id")), id);
    assert_string_equal(json_string_value(json_object_get(j, "text")), text);
    json_t *md = json_object_get(j, "metadata");
    assert_true(json_is_object(md));
    assert_string_equal(json_string_value(json_object_get(md, "title")),
                        "Council Backs Plan to Rebuild the Old Harbour Bridge");
    assert_string_equal(json_string_value(json_object_get(md, "file")), "dumps/bridge.txt");
    assert_string_equal(json_string_value(json_object_get(md, "format")), "text");
    assert_null(json_object_get(md, "author")); /* unknown: left out */
    assert_null(json_object_get(md, "url"));
    const char *key;
    json_t *v;
    json_object_foreach(md, key, v)
    {
        assert_false(json_is_null(v));
        if (json_is_string(v) && json_string_length(v) == 0)
            fail_msg("metadata.%s is an empty string", key);
    }
    json_decref(j);
    free(text);
    free(id);
    klp_extractor_free(ex);
}

static void test_format_forced(void **state)
{
    (void)state;
    static const char html[] =
        "<!DOCTYPE html><html><head><title>Harbour Bridge</title></head><body>"
        "<p>The city council voted on Monday evening to approve a plan that will rebuild the "
        "old harbour bridge, which has been closed to traffic since a winter storm.</p>"
        "</body></html>\n";
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = NULL;
    assert_int_equal(klp_extract(ex, html, sizeof html - 1, NULL, &doc), KLP_OK);
    assert_int_equal(doc->format, KLP_FORMAT_HTML);
    klp_extractor_free(ex);

    klp_extractor_opts o;
    klp_extractor_opts_init(&o);
    o.format = KLP_FORMAT_TEXT;
    ex = new_ex(&o);
    assert_int_equal(klp_extract(ex, html, sizeof html - 1, NULL, &doc), KLP_OK);
    assert_int_equal(doc->format, KLP_FORMAT_TEXT);
    klp_extractor_free(ex);
}

/* Repaired inputs are extracted and say what was repaired in doc->warnings. */
static void test_warnings_nul(void **state)
{
    (void)state;
    char *s = malloc(sizeof ARTICLE);
    assert_non_null(s);
    memcpy(s, ARTICLE, sizeof ARTICLE);
    char *w = strstr(s, "council voted");
    assert_non_null(w);
    w[4] = '\0'; /* "coun\0il voted" */
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = NULL;
    assert_int_equal(klp_extract(ex, s, sizeof ARTICLE - 1, NULL, &doc), KLP_OK);
    assert_true(doc->warnings & KLP_WARN_NUL);
    assert_non_null(strstr(doc->text.ptr, "counil voted"));
    assert_int_equal(strlen(doc->text.ptr), doc->text.len);
    free(s);
    klp_extractor_free(ex);
}

static void test_warnings_invalid_utf8(void **state)
{
    (void)state;
    /* the article plus valid "café" and "naïve" and one invalid byte 0xFF */
    size_t n = sizeof ARTICLE - 1;
    char *s = malloc(n + 64);
    assert_non_null(s);
    const char *extra = "The caf\xc3\xa9 and the na\xc3\xafve plan\xff were praised by all.\n";
    memcpy(s, ARTICLE, n);
    memcpy(s + n, extra, strlen(extra));
    n += strlen(extra);
    klp_extractor *ex = new_ex(NULL);
    const klp_doc *doc = NULL;
    assert_int_equal(klp_extract(ex, s, n, NULL, &doc), KLP_OK);
    assert_true(doc->warnings & KLP_WARN_INVALID_UTF8);
    assert_false(doc->warnings & KLP_WARN_CONTROL);
    assert_false(doc->warnings & KLP_WARN_LEGACY_CHARSET);
    free(s);
    klp_extractor_free(ex);
}

/* Random damage to a text page and an HTML page: every call returns a known status; every
 * record serializes to one line of valid JSON (jansson also rejects invalid UTF-8). */
static void test_fuzz_records_are_valid_json(void **state)
{
    (void)state;
    static const char HTML[] =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour "
        "Bridge</title><meta name=\"description\" content=\"The council votes.\"></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>Harbour "
        "Bridge</h1><p>The city council voted on Monday evening to approve a plan that will "
        "rebuild the old harbour bridge, which has been closed to traffic since a winter "
        "storm.</p><figure><img src=\"a.jpg\"><figcaption>Workers inspect the bridge. Photo: "
        "Jane Doe/Reuters</figcaption></figure><p>Engineers told the council that the work "
        "would take about eighteen months &amp; cost forty million dollars.</p></article>"
        "<footer>&copy; 2024 Example News</footer></body></html>\n";
    static const char *const JUNK[] = {"\x00", "\xff", "\xfe\xff", "\x80", "\xc0\xaf",
                                       "\xed\xa0\x80", "\x1b", "\r", "\t", "\x01", "\xe2\x80\xa8",
                                       "<", "</p>", "<p>", "&#0;", "&#xD800;", "&", "<!--", "\"",
                                       "\\", "\xc3", "\n\n", "<script>", "</article>"};
    const size_t nj = sizeof JUNK / sizeof *JUNK;
    klp_extractor *ex = new_ex(NULL);
    unsigned char buf[8192];
    uint32_t rng = 2024u;
    int ok = 0;
    for (int iter = 0; iter < 1500; iter++) {
        const char *base = (iter & 1) ? HTML : ARTICLE;
        size_t n = strlen(base);
        memcpy(buf, base, n);
        rng = rng * 1103515245u + 12345u;
        int edits = 1 + (int)((rng >> 16) % 12);
        for (int e = 0; e < edits; e++) {
            rng = rng * 1103515245u + 12345u;
            size_t at = n ? (rng >> 8) % n : 0;
            rng = rng * 1103515245u + 12345u;
            unsigned op = (rng >> 16) % 4;
            if (op == 0 && n) { /* flip a byte */
                buf[at] = (unsigned char)(rng >> 24);
            } else if (op == 1) { /* insert junk */
                const char *j = JUNK[(rng >> 20) % nj];
                size_t jl = j[0] ? strlen(j) : 1;
                if (n + jl < sizeof buf) {
                    memmove(buf + at + jl, buf + at, n - at);
                    memcpy(buf + at, j, jl);
                    n += jl;
                }
            } else if (op == 2) { /* cut */
                n = at + (n - at) / 2;
            } else if (n) { /* delete a span */
                size_t k = (rng >> 20) % 64;
                if (at + k > n)
                    k = n - at;
                memmove(buf + at, buf + at + k, n - at - k);
                n -= k;
            }
        }
        unsigned char *copy = malloc(n ? n : 1); /* exact size for ASan */
        assert_non_null(copy);
        memcpy(copy, buf, n);
        const klp_doc *doc = NULL;
        klp_status st = klp_extract(ex, copy, n, NULL, &doc);
        assert_true((int)st >= 0 && st < KLP_STATUS_COUNT_);
        if (st == KLP_OK) {
            assert_non_null(doc);
            ok++;
            klp_str js;
            assert_int_equal(klp_doc_to_json(ex, doc, &js), KLP_OK);
            assert_memory_equal(js.ptr + js.len - 1, "\n", 1);
            assert_null(memchr(js.ptr, '\n', js.len - 1));
            json_error_t err;
            json_t *j = json_loadb(js.ptr, js.len, 0, &err);
            if (!j)
                print_error("iteration %d: invalid JSON (%s): %.*s\n", iter, err.text,
                            (int)js.len, js.ptr);
            assert_non_null(j);
            json_decref(j);
        } else {
            assert_null(doc);
        }
        free(copy);
    }
    assert_true(ok > 1000); /* most damaged pages still give a record */
    klp_extractor_free(ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_opts_defaults),
        cmocka_unit_test(test_new_and_free),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_warning_str),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_gzip_bomb),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_text_article),
        cmocka_unit_test(test_no_language),
        cmocka_unit_test(test_compressed_same_as_plain),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_to_json),
        cmocka_unit_test(test_format_forced),
        cmocka_unit_test(test_warnings_nul),
        cmocka_unit_test(test_warnings_invalid_utf8),
        cmocka_unit_test(test_fuzz_records_are_valid_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
