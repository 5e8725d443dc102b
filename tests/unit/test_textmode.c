/* test_textmode.c - cmocka unit tests for klp_textmode: small synthetic crawler dumps (menus,
 * title, date line, byline, prose paragraphs, "Read more" headline lists, advertisements,
 * captions with credits, news datelines, duplicated lines) through klpi_text_extract. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klp_textmode.h"
#include "klp_utf8.h"

/* ---- realistic prose paragraphs (English, 40-60 words, whole sentences) ------------------ */

#define P1                                                                                     \
    "The city council voted on Monday evening to approve a plan that will rebuild the old "    \
    "harbour bridge, which has been closed to traffic since a winter storm damaged two of "    \
    "its supports and forced hundreds of drivers to take a much longer route to work."
#define P2                                                                                     \
    "Engineers told the council that the work would take about eighteen months and that the " \
    "new bridge would be wider than the old one, with a separate lane for bicycles and a "     \
    "footpath on each side for people who walk to the market."
#define P3                                                                                     \
    "Several members said they were worried about the cost of the project, which is "         \
    "expected to be close to forty million dollars, but they agreed that the city could not " \
    "afford to leave the bridge closed for another year."
#define P4                                                                                     \
    "The mayor said that the city would ask the regional government to pay for part of the "  \
    "work and that she hoped to sign the first contracts before the end of the summer, so "    \
    "that the building could start in the autumn."
#define P5                                                                                     \
    "Residents who live near the harbour said they were glad that a decision had finally "    \
    "been made, although some of them told reporters that they would believe the bridge was " \
    "coming only when they saw the workers arrive, because the council had promised to "      \
    "repair it twice before and had never found the money to do it."

/* reader comments: prose as well, but after the comment-section header */
#define C1                                                                                     \
    "I have lived near the harbour for twenty years and I think this is the best decision "   \
    "the council has made in a long time, although I am sure the work will take much longer " \
    "than they say."
#define C2                                                                                     \
    "Forty million dollars is a lot of money for one bridge when the schools in the north "   \
    "still need new roofs, and I hope the council will explain where the money is going to "  \
    "come from."
#define C3                                                                                     \
    "My children used to walk across that bridge every morning, and since it closed they "    \
    "have had to take the bus, so we will be very happy when the new one finally opens next " \
    "year."
#define C4                                                                                     \
    "The old bridge was beautiful and I am sad that it will be pulled down, but I understand " \
    "that it was no longer safe and that the engineers had no other choice after the storm."
#define C5                                                                                     \
    "Does anyone know whether the footpath will be open while the work is going on, or will " \
    "we have to walk all the way around the bay to reach the market on Saturday mornings?"

#define MENU "Home\nWorld\nBusiness\nSport\nSubscribe\n\n"
#define TITLE "Council Backs Plan to Rebuild the Old Harbour Bridge"

typedef struct run {
    klpi_text_result r;
    int cut;
} run;

static void extract(const char *text, run *out)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1); /* exact size: ASan sees reads past n */
    assert_non_null(copy);
    memcpy(copy, text, n);
    klpi_text_opts o = {0};
    assert_int_equal(klpi_text_extract(copy, n, &o, &out->r, &out->cut), 0);
    free(copy);
}

/* Compares the body with the expected paragraphs (NULL-terminated list), joined by "\n\n". */
static void expect_text(const run *x, const char *const *paras)
{
    size_t n = 0;
    for (size_t i = 0; paras[i]; i++)
        n += strlen(paras[i]) + 2;
    char *want = malloc(n + 1);
    assert_non_null(want);
    want[0] = '\0';
    for (size_t i = 0; paras[i]; i++) {
        if (i)
            strcat(want, "\n\n");
        strcat(want, paras[i]);
    }
    assert_non_null(x->r.text);
    if (strcmp(x->r.text, want) != 0)
        print_error("text was:\n---\n%s\n---\nwanted:\n---\n%s\n---\n", x->r.text, want);
    assert_string_equal(x->r.text, want);
    free(want);
}

static void expect_absent(const run *x, const char *what)
{
    if (x->r.text && strstr(x->r.text, what))
        print_error("'%s' should not be in the text:\n%s\n", what, x->r.text);
    assert_true(x->r.text == NULL || strstr(x->r.text, what) == NULL);
}

/* ---- the cases ---------------------------------------------------------------------------- */

/* menu + title + date + 4 paragraphs + "Read more" + 3 headlines + 1 paragraph */
static void test_related_list_dropped(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\nJune 12, 2023\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n"
                "Read more\n"
                "Storm damage closes two schools in the north\n"
                "Local team wins the regional cup final\n"
                "New bus routes start next month\n\n" P5 "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, P5, NULL};
    expect_text(&x, want);
    expect_absent(&x, "Read more");
    expect_absent(&x, "Storm damage");
    expect_absent(&x, "regional cup");
    expect_absent(&x, "bus routes");
    expect_absent(&x, "Subscribe");
    assert_non_null(x.r.title);
    assert_string_equal(x.r.title, TITLE);
    assert_non_null(x.r.date);
    assert_string_equal(x.r.date, "2023-06-12");
    /* 5 menu lines, title, date, 5 paragraphs, header, 3 headlines = 16 lines; 5 kept */
    assert_int_equal(x.r.lines_in, 16);
    assert_int_equal(x.r.lines_removed, 11);
    assert_int_equal(x.cut, 0);
    klpi_text_result_clear(&x.r);
}

/* "Baca Juga" (Indonesian "Read also") followed by headlines, as in real dumps */
static void test_related_list_baca_juga(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n" P2 "\n\nBaca Juga:\n"
                "Banjir rendam ratusan rumah di pinggiran kota\n"
                "Harga cabai naik menjelang hari raya\n\n" P3 "\n\n" P4 "\n\n" P5 "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, P5, NULL};
    expect_text(&x, want);
    expect_absent(&x, "Baca");
    expect_absent(&x, "Banjir");
    expect_absent(&x, "cabai");
    klpi_text_result_clear(&x.r);
}

static void test_advertisement_dropped(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n" P2 "\n\nAdvertisement\n\n" P3 "\n\nADVERTISEMENT\n\n" P4
                "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    expect_absent(&x, "Advertisement");
    expect_absent(&x, "ADVERTISEMENT");
    klpi_text_result_clear(&x.r);
}

/* a caption line followed by a credit line inside the body */
static void test_caption_and_credit(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n"
                "Workers inspect the damaged supports of the old harbour bridge\n"
                "Photo: Jane Doe/Reuters\n\n" P2 "\n\n" P3 "\n\n" P4 "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    assert_int_equal(x.r.n_images, 1);
    assert_non_null(x.r.images[0].caption);
    assert_string_equal(x.r.images[0].caption,
                        "Workers inspect the damaged supports of the old harbour bridge");
    assert_non_null(x.r.images[0].credit);
    assert_string_equal(x.r.images[0].credit, "Jane Doe/Reuters");
    expect_absent(&x, "Workers inspect");
    expect_absent(&x, "Photo:");
    klpi_text_result_clear(&x.r);
}

/* "Foto:ANTARA/..." without a space after the colon is a credit line too (the lexicon phrase
 * "foto:" ends with punctuation, so it needs no word boundary after it). */
static void test_credit_without_space(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n"
                "Workers inspect the damaged supports of the old harbour bridge\n"
                "Foto:ANTARA/Hafidz Mubarak\n\n" P2 "\n\n" P3 "\n\n" P4 "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    assert_int_equal(x.r.n_images, 1);
    assert_non_null(x.r.images[0].credit);
    assert_string_equal(x.r.images[0].credit, "ANTARA/Hafidz Mubarak");
    klpi_text_result_clear(&x.r);
}

static void test_byline(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\nBy Jane Doe\nJune 12, 2023\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n",
            &x);
    assert_non_null(x.r.author);
    assert_string_equal(x.r.author, "Jane Doe");
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    expect_absent(&x, "By Jane");
    assert_non_null(x.r.title);
    assert_string_equal(x.r.title, TITLE);
    assert_non_null(x.r.date);
    assert_string_equal(x.r.date, "2023-06-12");
    klpi_text_result_clear(&x.r);
}

/* "By Jane Doe and John Roe | Reuters": the author stops at the separator */
static void test_byline_with_outlet(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\nBy Jane Doe and John Roe | Reuters\n\n" P1 "\n\n" P2 "\n\n" P3
                "\n\n" P4 "\n",
            &x);
    assert_non_null(x.r.author);
    assert_string_equal(x.r.author, "Jane Doe and John Roe");
    expect_absent(&x, "John Roe");
    klpi_text_result_clear(&x.r);
}

#define DL_REUTERS "WASHINGTON (Reuters) - "
#define DL_AP "LONDON (AP) \xe2\x80\x94 "

static void test_dateline_reuters(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" DL_REUTERS P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n", &x);
    assert_non_null(x.r.dateline);
    assert_string_equal(x.r.dateline, "WASHINGTON");
    /* the dateline stays in the text, as printed */
    const char *want[] = {DL_REUTERS P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    klpi_text_result_clear(&x.r);
}

static void test_dateline_ap_em_dash(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" DL_AP P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n", &x);
    assert_non_null(x.r.dateline);
    assert_string_equal(x.r.dateline, "LONDON");
    const char *want[] = {DL_AP P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    klpi_text_result_clear(&x.r);
}

/* the other shapes named in klp_textmode.c: "OUTLET, PLACE --", "PLACE, Outlet -", "PLACE —";
 * the outlet of a dateline is the site name */
static void test_dateline_variants(void **state)
{
    (void)state;
    static const struct {
        const char *prefix, *place, *outlet;
    } cases[] = {
        {"JAKARTA, KOMPAS.com - ", "JAKARTA", "KOMPAS.com"},
        {"REPUBLIKA.CO.ID, PYONGYANG -- ", "PYONGYANG", "REPUBLIKA.CO.ID"},
        {"MADRID \xe2\x80\x94 ", "MADRID", NULL},
        {"WASHINGTON (Reuters) - ", "WASHINGTON", "Reuters"},
        {"NEW YORK (AP) \xe2\x80\x93 ", "NEW YORK", "AP"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char page[4096];
        snprintf(page, sizeof page, "%s%s%s%s\n\n%s\n\n%s\n\n%s\n", MENU, TITLE "\n\n",
                 cases[k].prefix, P1, P2, P3, P4);
        run x;
        extract(page, &x);
        if (!x.r.dateline || strcmp(x.r.dateline, cases[k].place) != 0)
            print_error("'%s': dateline %s\n", cases[k].prefix,
                        x.r.dateline ? x.r.dateline : "(none)");
        assert_non_null(x.r.dateline);
        assert_string_equal(x.r.dateline, cases[k].place);
        if (cases[k].outlet) {
            assert_non_null(x.r.sitename);
            assert_string_equal(x.r.sitename, cases[k].outlet);
        } else {
            assert_null(x.r.sitename);
        }
        /* the paragraph keeps its dateline */
        assert_non_null(x.r.text);
        assert_memory_equal(x.r.text, cases[k].prefix, strlen(cases[k].prefix));
        klpi_text_result_clear(&x.r);
    }
}

/* no dateline: an ordinary first sentence with a dash is not one */
static void test_no_dateline(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n", &x);
    assert_null(x.r.dateline);
    klpi_text_result_clear(&x.r);
    extract(MENU TITLE "\n\nThe vote - which came late on Monday - " P1 "\n\n" P2 "\n\n" P3 "\n\n"
                P4 "\n",
            &x);
    assert_null(x.r.dateline);
    klpi_text_result_clear(&x.r);
}

/* date line, title, then a standfirst line: the standfirst is the description */
static void test_title_and_description(void **state)
{
    (void)state;
    run x;
    extract(MENU "June 12, 2023\n" TITLE
                "\nEngineers say the new bridge will take eighteen months to build\n\n" P1 "\n\n" P2
                "\n\n" P3 "\n\n" P4 "\n",
            &x);
    assert_non_null(x.r.title);
    assert_string_equal(x.r.title, TITLE);
    assert_non_null(x.r.description);
    assert_string_equal(x.r.description,
                        "Engineers say the new bridge will take eighteen months to build");
    assert_non_null(x.r.date);
    assert_string_equal(x.r.date, "2023-06-12");
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    klpi_text_result_clear(&x.r);
}

/* "3 Responses to ..." and "Jane says:" headers open the comment section: the comments go */
static void test_comment_section_with_headers(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\nJune 12, 2023\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n"
                "Share this article\n\n"
                "3 Responses to \xe2\x80\x9c" TITLE "\xe2\x80\x9d\n\n"
                "Mark Smith says:\n" C1 "\n\nAnna Lee says:\n" C2 "\n\nTom Brown says:\n" C3
                "\n\nLeave a Reply\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    expect_absent(&x, "twenty years");
    klpi_text_result_clear(&x.r);
}

/* a "Comments" header followed by more comment prose than the article has: the article is
 * still the part before the header ("end: a line that opens the comment section") */
static void test_comment_section_outweighs_article(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\nJune 12, 2023\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n"
                "Comments\n\n" C1 "\n\n" C2 "\n\n" C3 "\n\n" C4 "\n\n" C5 "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    klpi_text_result_clear(&x.r);
}

/* a line that repeats the start of a longer paragraph (a teaser or a caption cut by the dump)
 * is a truncated copy: it goes, the paragraph stays */
static void test_truncated_copy_dropped(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n" P2
                "\n\nSeveral members said they were worried about the cost of the project\n\n" P3
                "\n\n" P4 "\n",
            &x);
    const char *want[] = {P1, P2, P3, P4, NULL};
    expect_text(&x, want);
    klpi_text_result_clear(&x.r);
    /* the copy of the text after a dateline counts too */
    extract(MENU TITLE "\n\n" DL_REUTERS P1 "\n\n"
                "The city council voted on Monday evening to approve a plan\n\n" P2 "\n\n" P3
                "\n\n" P4 "\n",
            &x);
    const char *want2[] = {DL_REUTERS P1, P2, P3, P4, NULL};
    expect_text(&x, want2);
    klpi_text_result_clear(&x.r);
}

/* a paragraph printed twice in the body appears once, where it first appears */
static void test_duplicate_line_once(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P2 "\n\n" P4 "\n\n" P5 "\n", &x);
    const char *want[] = {P1, P2, P3, P4, P5, NULL};
    expect_text(&x, want);
    klpi_text_result_clear(&x.r);
}

/* everything at once, in the order a crawler prints it */
static void test_full_page(void **state)
{
    (void)state;
    run x;
    extract("Skip to content\n" MENU TITLE "\nBy Jane Doe\nJune 12, 2023\n\n"
            "Workers inspect the damaged supports of the old harbour bridge\n"
            "Photo: John Roe/Reuters\n\n" DL_REUTERS P1 "\n\n" P2 "\n\nAdvertisement\n\n" P3
            "\n\nRead more\nStorm damage closes two schools in the north\n"
            "Local team wins the regional cup final\nNew bus routes start next month\n\n" P4
            "\n\n" P5 "\n\nShare this article\nComments\n",
            &x);
    const char *want[] = {DL_REUTERS P1, P2, P3, P4, P5, NULL};
    expect_text(&x, want);
    assert_non_null(x.r.title);
    assert_string_equal(x.r.title, TITLE);
    assert_non_null(x.r.author);
    assert_string_equal(x.r.author, "Jane Doe");
    assert_non_null(x.r.date);
    assert_string_equal(x.r.date, "2023-06-12");
    assert_non_null(x.r.dateline);
    assert_string_equal(x.r.dateline, "WASHINGTON");
    assert_int_equal(x.r.n_images, 1);
    assert_string_equal(x.r.images[0].credit, "John Roe/Reuters");
    klpi_text_result_clear(&x.r);
}

/* ---- edges ------------------------------------------------------------------------------------ */

static void test_empty_and_boilerplate_only(void **state)
{
    (void)state;
    run x;
    klpi_text_opts o = {0};
    assert_int_equal(klpi_text_extract("", 0, &o, &x.r, &x.cut), 0);
    assert_null(x.r.text);
    assert_null(x.r.title);
    assert_int_equal(x.r.lines_in, 0);
    klpi_text_result_clear(&x.r);

    extract("\n\n\n", &x);
    assert_null(x.r.text);
    klpi_text_result_clear(&x.r);

    extract(MENU "Advertisement\nShare this article\nComments\n", &x);
    assert_null(x.r.text);
    klpi_text_result_clear(&x.r);
}

static void test_long_line_cut(void **state)
{
    (void)state;
    /* one 3000-byte line of "caf\xc3\xa9 " (6 bytes, 5 characters) with max_line_bytes 1000:
     * byte 1000 is the second byte of an "\xc3\xa9", so the line is cut before that
     * character, at 999 bytes, and stays valid UTF-8 */
    size_t n = 3000;
    char *s = malloc(n);
    assert_non_null(s);
    for (size_t i = 0; i < n; i += 6)
        memcpy(s + i, "caf\xc3\xa9 ", 6);
    klpi_text_opts o = {1000};
    run x;
    assert_int_equal(klpi_text_extract(s, n, &o, &x.r, &x.cut), 0);
    assert_int_equal(x.cut, 1);
    assert_non_null(x.r.text); /* 167 words of one line: the body */
    size_t tl = strlen(x.r.text);
    assert_true(tl <= 1000 && tl >= 990);
    for (size_t i = 0; i < tl;) {
        int32_t cp;
        size_t k = klpi_utf8_decode((const unsigned char *)x.r.text + i, tl - i, &cp);
        assert_true(cp >= 0);
        i += k;
    }
    assert_memory_equal(x.r.text + tl - 3, "caf", 3);
    klpi_text_result_clear(&x.r);
    free(s);

    /* a short page is not cut */
    extract(MENU TITLE "\n\n" P1 "\n", &x);
    assert_int_equal(x.cut, 0);
    klpi_text_result_clear(&x.r);
}

/* the result can be cleared twice, and a NULL result is accepted */
static void test_clear(void **state)
{
    (void)state;
    run x;
    extract(MENU TITLE "\n\n" P1 "\n\n" P2 "\n", &x);
    klpi_text_result_clear(&x.r);
    assert_null(x.r.text);
    klpi_text_result_clear(&x.r);
    klpi_text_result_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_related_list_dropped),
        cmocka_unit_test(test_related_list_baca_juga),
        cmocka_unit_test(test_advertisement_dropped),
        cmocka_unit_test(test_caption_and_credit),
        cmocka_unit_test(test_credit_without_space),
        cmocka_unit_test(test_byline),
        cmocka_unit_test(test_byline_with_outlet),
        cmocka_unit_test(test_dateline_reuters),
        cmocka_unit_test(test_dateline_ap_em_dash),
        cmocka_unit_test(test_dateline_variants),
        cmocka_unit_test(test_no_dateline),
        cmocka_unit_test(test_title_and_description),
        cmocka_unit_test(test_comment_section_with_headers),
        cmocka_unit_test(test_comment_section_outweighs_article),
        cmocka_unit_test(test_truncated_copy_dropped),
        cmocka_unit_test(test_duplicate_line_once),
        cmocka_unit_test(test_full_page),
        cmocka_unit_test(test_empty_and_boilerplate_only),
        cmocka_unit_test(test_long_line_cut),
        cmocka_unit_test(test_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
