/* test_json.c - cmocka unit tests for klp_json: JSON string escaping and the one-line record
 * writer (unknown fields left out, images as a list, a final newline). Records are parsed back
 * with jansson to check that they are valid JSON holding what the doc held. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "klp_buf.h"
#include "klp_json.h"

/* Escapes s[0..n) into a fresh buffer and compares with want (a C string). */
static void esc_n(const char *s, size_t n, const char *want)
{
    char *copy = malloc(n ? n : 1); /* exact size: ASan sees reads past n */
    assert_non_null(copy);
    memcpy(copy, s, n);
    klpi_buf b;
    klpi_buf_init(&b, 0);
    assert_true(klpi_json_str(&b, copy, n));
    free(copy);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.ptr, want, b.len);
    klpi_buf_free(&b);
}

#define ESC(s, want) esc_n(s, sizeof(s) - 1, want)

static klp_str S(const char *s)
{
    klp_str r = {s, s ? strlen(s) : 0};
    return r;
}

/* ---- klpi_json_str --------------------------------------------------------------------- */

static void test_str_plain(void **state)
{
    (void)state;
    ESC("", "\"\"");
    ESC("hello world", "\"hello world\"");
    ESC("a/b", "\"a/b\""); /* '/' needs no escape */
}

static void test_str_escapes(void **state)
{
    (void)state;
    ESC("say \"hi\"", "\"say \\\"hi\\\"\"");
    ESC("C:\\path", "\"C:\\\\path\"");
    ESC("one\ntwo", "\"one\\ntwo\"");
    ESC("a\tb", "\"a\\tb\"");
    ESC("a\rb", "\"a\\rb\"");
    ESC("a\bb\fc", "\"a\\bb\\fc\"");
    ESC("x\x01y", "\"x\\u0001y\"");
    ESC("x\x1fy", "\"x\\u001fy\"");
    ESC("x\x1by", "\"x\\u001by\"");
    ESC("\x01", "\"\\u0001\"");
    ESC("nul\0inside", "\"nul\\u0000inside\"");
    ESC("\"\\\n", "\"\\\"\\\\\\n\""); /* escapes next to each other */
}

static void test_str_unicode(void **state)
{
    (void)state;
    /* non-ASCII is kept as UTF-8 */
    ESC("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    /* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR are escaped (JavaScript-safe) */
    ESC("a\xe2\x80\xa8" "b", "\"a\\u2028b\"");
    ESC("a\xe2\x80\xa9" "b", "\"a\\u2029b\"");
    ESC("\xe2\x80\xa8", "\"\\u2028\"");        /* alone */
    ESC("x\xe2\x80\xa9", "\"x\\u2029\"");      /* at the end */
    ESC("\xe2\x80\xa8\xe2\x80\xa8", "\"\\u2028\\u2028\"");
    /* neighbours of U+2028 that must stay as they are */
    ESC("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\""); /* U+2027, U+202A */
    ESC("\xe2\x80\x94", "\"\xe2\x80\x94\"");                       /* em dash */
}

static void test_str_appends(void **state)
{
    (void)state;
    klpi_buf b;
    klpi_buf_init(&b, 0);
    assert_true(klpi_buf_adds(&b, "x="));
    assert_true(klpi_json_str(&b, "a\"", 2));
    assert_string_equal(klpi_buf_cstr(&b), "x=\"a\\\"\"");
    klpi_buf_free(&b);
}

static void test_str_cap(void **state)
{
    (void)state;
    klpi_buf b;
    klpi_buf_init(&b, 8);
    assert_false(klpi_json_str(&b, "this is far longer than eight bytes", 35));
    klpi_buf_free(&b);
}

/* Every escaped string parses back (jansson) to the original bytes. */
static void test_str_roundtrip(void **state)
{
    (void)state;
    const char *samples[] = {"plain", "q\"b\\n\nt\tc\x01\x02\x1f", "caf\xc3\xa9\xe2\x80\xa8z",
                             "\xf0\x9f\x98\x80 emoji", "\x7f del"};
    for (size_t k = 0; k < sizeof samples / sizeof *samples; k++) {
        klpi_buf b;
        klpi_buf_init(&b, 0);
        assert_true(klpi_buf_adds(&b, "["));
        assert_true(klpi_json_str(&b, samples[k], strlen(samples[k])));
        assert_true(klpi_buf_adds(&b, "]"));
        json_error_t err;
        json_t *j = json_loadb(b.ptr, b.len, 0, &err);
        if (!j)
            print_error("jansson: %s in %s\n", err.text, b.ptr);
        assert_non_null(j);
        json_t *s = json_array_get(j, 0);
        assert_true(json_is_string(s));
        assert_int_equal(json_string_length(s), strlen(samples[k]));
        assert_memory_equal(json_string_value(s), samples[k], strlen(samples[k]));
        json_decref(j);
        klpi_buf_free(&b);
    }
}

/* ---- klpi_json_doc --------------------------------------------------------------------- */

/* Serializes d, checks the line shape and returns the parsed object (caller decrefs). */
static json_t *doc_json(const klp_doc *d)
{
    klpi_buf b;
    klpi_buf_init(&b, 0);
    assert_true(klpi_json_doc(&b, d));
    assert_true(b.len > 3);
    assert_memory_equal(b.ptr, "{\"id\":", 6);
    assert_int_equal(b.ptr[b.len - 1], '\n');
    assert_int_equal(b.ptr[b.len - 2], '}');
    assert_null(memchr(b.ptr, '\n', b.len - 1)); /* one line */
    json_error_t err;
    json_t *j = json_loadb(b.ptr, b.len, 0, &err);
    if (!j)
        print_error("jansson: %s in %s\n", err.text, b.ptr);
    assert_non_null(j);
    assert_true(json_is_object(j));
    klpi_buf_free(&b);
    return j;
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void test_doc_minimal(void **state)
{
    (void)state;
    klp_doc d;
    memset(&d, 0, sizeof d);
    d.id = S("0123abcd");
    d.text = S("First paragraph.\n\nSecond \"quoted\" paragraph.");
    d.title = S("A Title");
    d.format = KLP_FORMAT_TEXT;
    json_t *j = doc_json(&d);
    assert_int_equal(json_object_size(j), 3); /* id, text, metadata */
    assert_string_equal(str_of(j, "id"), "0123abcd");
    assert_string_equal(str_of(j, "text"), "First paragraph.\n\nSecond \"quoted\" paragraph.");
    json_t *md = json_object_get(j, "metadata");
    assert_true(json_is_object(md));
    assert_string_equal(str_of(md, "title"), "A Title");
    assert_string_equal(str_of(md, "format"), "text");
    /* unknown (NULL) fields are left out, not written as "" or null */
    const char *absent[] = {"description", "author", "date", "sitename", "dateline", "language",
                            "language_score", "images", "url", "file"};
    for (size_t k = 0; k < sizeof absent / sizeof *absent; k++) {
        if (json_object_get(md, absent[k]))
            print_error("unexpected metadata.%s\n", absent[k]);
        assert_null(json_object_get(md, absent[k]));
    }
    assert_int_equal(json_object_size(md), 2);
    json_decref(j);
}

static void test_doc_full(void **state)
{
    (void)state;
    klp_image im[3];
    memset(im, 0, sizeof im);
    im[0].caption = S("Pemimpin Korea Utara, Kim Jong-un");
    im[0].credit = S("EPA-EFE/KCNA");
    im[1].credit = S("Reuters"); /* caption unknown */
    im[2].caption = S("A caption \"with quotes\""); /* credit unknown */
    klp_doc d;
    memset(&d, 0, sizeof d);
    d.id = S("ffee");
    d.text = S("Body text.");
    d.title = S("T");
    d.description = S("D");
    d.author = S("Jane Doe");
    d.date = S("2023-06-12T09:33:00+07:00");
    d.sitename = S("REPUBLIKA.CO.ID");
    d.dateline = S("PYONGYANG");
    d.language = S("id");
    d.language_score = 0.97;
    d.url = S("https://example.com/a?b=1&c=2");
    d.file = S("dir/file.txt");
    d.format = KLP_FORMAT_HTML;
    d.images = im;
    d.n_images = 3;
    json_t *j = doc_json(&d);
    json_t *md = json_object_get(j, "metadata");
    assert_string_equal(str_of(md, "title"), "T");
    assert_string_equal(str_of(md, "description"), "D");
    assert_string_equal(str_of(md, "author"), "Jane Doe");
    assert_string_equal(str_of(md, "date"), "2023-06-12T09:33:00+07:00");
    assert_string_equal(str_of(md, "sitename"), "REPUBLIKA.CO.ID");
    assert_string_equal(str_of(md, "dateline"), "PYONGYANG");
    assert_string_equal(str_of(md, "language"), "id");
    json_t *sc = json_object_get(md, "language_score");
    assert_true(json_is_number(sc));
    assert_true(fabs(json_number_value(sc) - 0.97) < 0.006);
    assert_string_equal(str_of(md, "url"), "https://example.com/a?b=1&c=2");
    assert_string_equal(str_of(md, "file"), "dir/file.txt");
    assert_string_equal(str_of(md, "format"), "html");
    json_t *ims = json_object_get(md, "images");
    assert_true(json_is_array(ims));
    assert_int_equal(json_array_size(ims), 3);
    json_t *i0 = json_array_get(ims, 0), *i1 = json_array_get(ims, 1), *i2 = json_array_get(ims, 2);
    assert_string_equal(str_of(i0, "caption"), "Pemimpin Korea Utara, Kim Jong-un");
    assert_string_equal(str_of(i0, "credit"), "EPA-EFE/KCNA");
    assert_int_equal(json_object_size(i1), 1);
    assert_null(json_object_get(i1, "caption"));
    assert_string_equal(str_of(i1, "credit"), "Reuters");
    assert_int_equal(json_object_size(i2), 1);
    assert_string_equal(str_of(i2, "caption"), "A caption \"with quotes\"");
    assert_null(json_object_get(i2, "credit"));
    json_decref(j);
}

/* Images as the only metadata besides format: the list must still be well formed. */
static void test_doc_images_first(void **state)
{
    (void)state;
    klp_image im = {S("cap"), S("cred")};
    klp_doc d;
    memset(&d, 0, sizeof d);
    d.id = S("1");
    d.text = S("t");
    d.images = &im;
    d.n_images = 1;
    json_t *j = doc_json(&d);
    json_t *ims = json_object_get(json_object_get(j, "metadata"), "images");
    assert_int_equal(json_array_size(ims), 1);
    assert_string_equal(str_of(json_array_get(ims, 0), "credit"), "cred");
    json_decref(j);
}

/* The same doc gives the same bytes; text with control bytes and U+2028 stays one line. */
static void test_doc_deterministic_one_line(void **state)
{
    (void)state;
    klp_doc d;
    memset(&d, 0, sizeof d);
    d.id = S("abc");
    d.text = S("line one\nline two\r\x01 \xe2\x80\xa8 end");
    d.title = S("t\ni\nt\nl\ne");
    klpi_buf a, b;
    klpi_buf_init(&a, 0);
    klpi_buf_init(&b, 0);
    assert_true(klpi_json_doc(&a, &d));
    assert_true(klpi_json_doc(&b, &d));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    assert_null(memchr(a.ptr, '\n', a.len - 1));
    assert_null(memmem(a.ptr, a.len, "\xe2\x80\xa8", 3));
    klpi_buf_free(&a);
    klpi_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_str_plain),
        cmocka_unit_test(test_str_escapes),
        cmocka_unit_test(test_str_unicode),
        cmocka_unit_test(test_str_appends),
        cmocka_unit_test(test_str_cap),
        cmocka_unit_test(test_str_roundtrip),
        cmocka_unit_test(test_doc_minimal),
        cmocka_unit_test(test_doc_full),
        cmocka_unit_test(test_doc_images_first),
        cmocka_unit_test(test_doc_deterministic_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
