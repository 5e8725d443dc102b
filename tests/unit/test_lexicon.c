/* test_lexicon.c - cmocka unit tests for klp_lexicon: match keys (lower-cased, white space
 * collapsed, trailing punctuation and arrows stripped) and lookups of whole lines, prefixes at
 * word boundaries and contained phrases in the data/boilerplate.tsv lexicon. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klp_lexicon.h"

static const char *key_of(const char *line)
{
    static char buf[256];
    size_t n = strlen(line);
    char *copy = malloc(n ? n : 1); /* exact size: ASan sees reads past n */
    assert_non_null(copy);
    memcpy(copy, line, n);
    size_t k = klpi_lex_key(copy, n, buf, sizeof buf);
    free(copy);
    assert_int_equal(strlen(buf), k); /* NUL-terminated at its length */
    return buf;
}

static bool is(klpi_lex_kind kind, const char *line)
{
    const char *k = key_of(line);
    return klpi_lex_is(kind, k, strlen(k));
}

static size_t prefix(klpi_lex_kind kind, const char *line)
{
    const char *k = key_of(line);
    return klpi_lex_prefix(kind, k, strlen(k));
}

static bool contains(const char *line)
{
    const char *k = key_of(line);
    return klpi_lex_contains(k, strlen(k));
}

/* ---- keys ------------------------------------------------------------------------------- */

static void test_key(void **state)
{
    (void)state;
    assert_string_equal(key_of("Baca Juga:"), "baca juga");
    assert_string_equal(key_of("Read More \xc2\xbb"), "read more");      /* » */
    assert_string_equal(key_of("\xc3\x89T\xc3\x89"), "\xc3\xa9t\xc3\xa9"); /* ÉTÉ -> été */
    assert_string_equal(key_of("  Share   this\tarticle  "), "share this article");
    assert_string_equal(key_of("Read more \xe2\x86\x92"), "read more");   /* → */
    assert_string_equal(key_of("Next \xe2\x80\xba"), "next");             /* › */
    assert_string_equal(key_of("Loading\xe2\x80\xa6"), "loading");        /* … */
    assert_string_equal(key_of("Read\xc2\xa0More"), "read more");         /* NBSP */
    assert_string_equal(key_of("MORE >>"), "more");
    assert_string_equal(key_of("Watch now!"), "watch now");
    assert_string_equal(key_of("Tags: | "), "tags");
    /* only trailing punctuation goes; inner punctuation stays */
    assert_string_equal(key_of("Home \xc2\xbb News"), "home \xc2\xbb news");
    assert_string_equal(key_of("Foto: EPA"), "foto: epa");
    /* non-Latin lower case */
    assert_string_equal(key_of("\xd0\x9d\xd0\x9e\xd0\x92\xd0\x9e\xd0\xa1\xd0\xa2\xd0\x98"),
                        "\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8"); /* НОВОСТИ */
    assert_string_equal(key_of(""), "");
}

static void test_key_too_long(void **state)
{
    (void)state;
    char buf[6];
    assert_int_equal(klpi_lex_key("Advertisement", 13, buf, sizeof buf), 0);
    /* fits exactly: 5 bytes + NUL */
    assert_int_equal(klpi_lex_key("Share", 5, buf, sizeof buf), 5);
    assert_string_equal(buf, "share");
    /* multi-byte character that would not fit */
    assert_int_equal(klpi_lex_key("abcd\xc3\x89", 6, buf, sizeof buf), 0);
}

/* ---- whole lines -------------------------------------------------------------------------- */

static void test_is_line(void **state)
{
    (void)state;
    /* phrases of kind "line" in data/boilerplate.tsv */
    assert_true(is(KLPI_LEX_LINE, "Advertisement"));
    assert_true(is(KLPI_LEX_LINE, "ADVERTISEMENT"));
    assert_true(is(KLPI_LEX_LINE, "Skip to content"));
    assert_true(is(KLPI_LEX_LINE, "Share this article"));
    assert_true(is(KLPI_LEX_LINE, "Iklan"));
    assert_true(is(KLPI_LEX_LINE, "Story continues below advertisement"));
    assert_true(is(KLPI_LEX_LINE, "Today\xe2\x80\x99s Paper"));
    assert_true(is(KLPI_LEX_LINE, "Publicit\xc3\xa9"));
    assert_true(is(KLPI_LEX_LINE, "Schlie\xc3\x9f" "en"));
    assert_true(is(KLPI_LEX_LINE, "Menu"));
    /* not whole-line phrases */
    assert_false(is(KLPI_LEX_LINE, "Advertisement for the new budget"));
    assert_false(is(KLPI_LEX_LINE, "Advertis"));
    assert_false(is(KLPI_LEX_LINE, "The council voted on Tuesday."));
    assert_false(is(KLPI_LEX_LINE, ""));
    /* a phrase of another kind only */
    assert_false(is(KLPI_LEX_LINE, "Baca juga"));
    /* short and non-ASCII entries */
    assert_true(is(KLPI_LEX_LINE, "ad"));
    assert_true(is(KLPI_LEX_LINE, "\xc3\x97"));                 /* × */
    assert_true(is(KLPI_LEX_LINE, "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2")); /* ••• */
}

static void test_is_related_and_end(void **state)
{
    (void)state;
    assert_true(is(KLPI_LEX_RELATED, "Baca Juga:"));
    assert_true(is(KLPI_LEX_RELATED, "BACA JUGA"));
    assert_true(is(KLPI_LEX_RELATED, "Read more \xc2\xbb"));
    assert_true(is(KLPI_LEX_RELATED, "Related Articles"));
    assert_true(is(KLPI_LEX_RELATED, "You may also like"));
    assert_true(is(KLPI_LEX_RELATED, "Lesen Sie auch:"));
    assert_true(is(KLPI_LEX_RELATED, "\xc3\x80 lire aussi")); /* À lire aussi */
    assert_true(is(KLPI_LEX_RELATED, "Don\xe2\x80\x99t miss"));
    assert_false(is(KLPI_LEX_RELATED, "Baca"));
    assert_false(is(KLPI_LEX_RELATED, "Baca juga berita menarik lainnya di sini hari ini"));
    assert_false(is(KLPI_LEX_RELATED, "Advertisement"));

    /* "end": a line that opens the comment section */
    assert_true(is(KLPI_LEX_END, "Comments"));
    assert_true(is(KLPI_LEX_END, "Leave a Reply"));
    assert_true(is(KLPI_LEX_END, "Join the conversation"));
    assert_true(is(KLPI_LEX_END, "Tulis Komentar:"));
    assert_false(is(KLPI_LEX_END, "Comments on the budget were mixed"));
    assert_false(is(KLPI_LEX_END, "Advertisement"));
}

/* ---- prefixes ----------------------------------------------------------------------------- */

static void test_prefix_byline(void **state)
{
    (void)state;
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "By Jane Doe"), 2);
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "by jane doe"), 2);
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Bypass the rules"), 0);
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Byline"), 0);
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Written by Jane Doe"), strlen("written by"));
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Oleh: Ahmad"), strlen("oleh"));
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Penulis: Ahmad"), strlen("penulis:"));
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Vonage announces results"), 0);
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Von Anna Schmidt"), 3);
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "The council voted"), 0);
}

static void test_prefix_credit_and_boiler(void **state)
{
    (void)state;
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Foto: EPA-EFE/KCNA"), strlen("foto:"));
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Photo: Jane Doe/Reuters"), strlen("photo:"));
    /* the longest phrase wins */
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Photo credit: AP"), strlen("photo credit:"));
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Photographers gathered"), 0);
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Photo"), 0);

    assert_int_equal(prefix(KLPI_LEX_PREFIX, "Share this story now"), strlen("share this"));
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "Copyright 2024 Acme Inc"), strlen("copyright"));
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "Copyrighted material is everywhere"), 0);
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "Follow us on Twitter"), strlen("follow us on"));
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "Most read"), strlen("most read"));
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "\xc2\xa9 2024 Kompas"), 2); /* "© 2024" */
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "The council voted"), 0);
}

/* A phrase that ends with punctuation needs no word boundary after it (klp_lexicon.h: "ends at
 * a word boundary (or ends with punctuation itself)"): "Foto:ANTARA/Hafidz" is a credit line
 * with the credit "ANTARA/Hafidz", as common in Indonesian dumps. */
static void test_prefix_punct_phrase_no_space(void **state)
{
    (void)state;
    assert_int_equal(prefix(KLPI_LEX_BYLINE, "Penulis:Ahmad Fauzi"), strlen("penulis:"));
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Photo:Reuters"), strlen("photo:"));
    assert_int_equal(prefix(KLPI_LEX_CREDIT, "Foto:ANTARA/Hafidz Mubarak"), strlen("foto:"));
}

/* "©" is a symbol, not a letter: "©2024 Kompas" starts with the phrase "©" at a boundary
 * ("ends at a word boundary, or ends with punctuation itself"). */
static void test_prefix_symbol_phrase(void **state)
{
    (void)state;
    assert_int_equal(prefix(KLPI_LEX_PREFIX, "\xc2\xa9" "2024 Kompas.com"), 2);
}

/* ---- suffixes ---------------------------------------------------------------------------- */

static bool suffix(klpi_lex_kind kind, const char *line)
{
    const char *k = key_of(line);
    return klpi_lex_suffix(kind, k, strlen(k));
}

static void test_suffix_commenter(void **state)
{
    (void)state;
    /* "commenter": a short line ending with this is a comment header ("jane says:") */
    assert_true(suffix(KLPI_LEX_COMMENTER, "Jane Doe says:"));
    assert_true(suffix(KLPI_LEX_COMMENTER, "jane wrote"));
    assert_true(suffix(KLPI_LEX_COMMENTER, "Budi menulis:"));
    /* the phrase must follow a space: a word that merely ends the same way does not count */
    assert_false(suffix(KLPI_LEX_COMMENTER, "Jane Doe essays"));
    /* the whole key is not "<name> says" */
    assert_false(suffix(KLPI_LEX_COMMENTER, "says"));
    assert_false(suffix(KLPI_LEX_COMMENTER, "The council voted on Tuesday"));
}

/* ---- contained phrases ---------------------------------------------------------------------- */

static void test_contains(void **state)
{
    (void)state;
    assert_true(contains("We use cookies to improve your experience"));
    assert_true(contains("This site uses a cookie"));
    assert_true(contains("Please enable JavaScript to view the comments"));
    assert_true(contains("Sign up for our daily newsletter"));
    assert_true(contains("\xc2\xa9 2024 Acme. All rights reserved."));
    assert_true(contains("Read our Privacy Policy"));
    assert_true(contains("Hak Cipta Dilindungi"));
    assert_false(contains("The council voted on Tuesday to approve the budget"));
    /* the phrase must start at a word boundary */
    assert_false(contains("A biscookie recipe"));
    assert_false(contains(""));
}

/* ---- the lexicon file itself ------------------------------------------------------------ */

/* Every phrase of data/boilerplate.tsv can be matched: its own key finds it (line, related,
 * end), it is found as a prefix of "<phrase> x" (prefix, credit, byline, counted), as the
 * suffix of "jane <phrase>" (commenter), or inside itself (contains). */
static void test_every_phrase_reachable(void **state)
{
    (void)state;
    char path[4096];
    const char *me = __FILE__;
    const char *tail = strstr(me, "tests/unit/test_lexicon.c");
    if (!tail)
        fail_msg("cannot find the source root from __FILE__ = %s", me);
    snprintf(path, sizeof path, "%.*sdata/boilerplate.tsv", (int)(tail - me), me);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[512];
    int checked = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *kind = line, *phrase = tab + 1;
        bool ok;
        if (strcmp(kind, "line") == 0)
            ok = is(KLPI_LEX_LINE, phrase);
        else if (strcmp(kind, "related") == 0)
            ok = is(KLPI_LEX_RELATED, phrase);
        else if (strcmp(kind, "end") == 0)
            ok = is(KLPI_LEX_END, phrase);
        else if (strcmp(kind, "contains") == 0)
            ok = contains(phrase);
        else if (strcmp(kind, "commenter") == 0) {
            char ext[600];
            snprintf(ext, sizeof ext, "jane %s", phrase);
            const char *k = key_of(ext);
            ok = klpi_lex_suffix(KLPI_LEX_COMMENTER, k, strlen(k));
        } else if (strcmp(kind, "prefix") == 0 || strcmp(kind, "credit") == 0 ||
                   strcmp(kind, "byline") == 0 || strcmp(kind, "counted") == 0) {
            klpi_lex_kind k = strcmp(kind, "prefix") == 0   ? KLPI_LEX_PREFIX
                              : strcmp(kind, "credit") == 0 ? KLPI_LEX_CREDIT
                              : strcmp(kind, "byline") == 0 ? KLPI_LEX_BYLINE
                                                            : KLPI_LEX_COUNTED;
            char ext[600];
            snprintf(ext, sizeof ext, "%s x", phrase);
            ok = prefix(k, ext) > 0;
        } else {
            print_message("note: kind '%s' of '%s' is not checked by this test\n", kind, phrase);
            continue;
        }
        if (!ok) {
            print_error("%s phrase '%s' (key '%s') is never matched\n", kind, phrase,
                        key_of(phrase));
            bad++;
        }
        checked++;
    }
    fclose(f);
    assert_true(checked > 400);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_key_too_long),
        cmocka_unit_test(test_is_line),
        cmocka_unit_test(test_is_related_and_end),
        cmocka_unit_test(test_prefix_byline),
        cmocka_unit_test(test_prefix_credit_and_boiler),
        cmocka_unit_test(test_prefix_punct_phrase_no_space),
        cmocka_unit_test(test_prefix_symbol_phrase),
        cmocka_unit_test(test_suffix_commenter),
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_every_phrase_reachable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
