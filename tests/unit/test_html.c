/* test_html.c - unit tests of the HTML extractor (src/html): boilerplate pruning, line
 * breaks and inline joining, captions to images[], charsets, title cleaning, JSON-LD
 * metadata, robustness. Each expectation follows from the snippet, not from output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "klp_hint.h"
#include "klp_html.h"
#include "klp_prescan.h"

static klpi_html *H;

static int setup(void **state) {
    (void)state;
    H = klpi_html_new();
    return H ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    klpi_html_free(H);
    return 0;
}

static void run(const char *html, size_t len, const char *charset, klpi_html_result *r) {
    klpi_html_opts o = {0};
    assert_int_equal(klpi_html_extract(H, html, len, charset, &o, r), 0);
}

static void run_s(const char *html, klpi_html_result *r) { run(html, strlen(html), NULL, r); }

static bool contains(const char *hay, const char *needle) {
    return hay && strstr(hay, needle) != NULL;
}

/* Two paragraphs long enough to be the article. */
#define P1 "<p>The council voted on Tuesday to rebuild the old bridge, which has been closed since the floods of last spring, and work starts in May.</p>"
#define P2 "<p>Residents said the detour had added an hour to their daily commute, and shop owners on the east bank reported falling sales all winter.</p>"

static void test_boilerplate_pruned(void **state) {
    (void)state;
    const char *html =
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<div class='share-buttons'>Share on Facebook</div>"
        "<article><h1>Bridge to be rebuilt</h1>" P1 P2
        "<div class='newsletter-signup'>Subscribe to our newsletter today</div></article>"
        "<aside><h3>Related stories</h3><a href='/x'>Another bridge story</a></aside>"
        "<div id='comments'><p>Great news, finally somebody does something about it, thanks a lot!</p></div>"
        "<footer>Copyright Example News</footer></body></html>";
    klpi_html_result r;
    run_s(html, &r);
    assert_true(contains(r.text, "The council voted on Tuesday"));
    assert_true(contains(r.text, "falling sales all winter."));
    assert_false(contains(r.text, "Share on Facebook"));
    assert_false(contains(r.text, "Subscribe"));
    assert_false(contains(r.text, "Related stories"));
    assert_false(contains(r.text, "Great news"));
    assert_false(contains(r.text, "Copyright"));
    assert_false(contains(r.text, "Home"));
    /* the headline is not part of the text */
    assert_false(contains(r.text, "Bridge to be rebuilt"));
    /* paragraphs are separated by a blank line */
    assert_true(contains(r.text, "in May.\n\nResidents said"));
    klpi_html_result_clear(&r);
}

static void test_comments_kept_on_request(void **state) {
    (void)state;
    const char *html = "<html><body><article>" P1 P2 "</article>"
                       "<div id='comments'><p>Great news, finally somebody does something "
                       "about it, thanks a lot!</p></div></body></html>";
    klpi_html_opts o = {0};
    o.comments = true;
    klpi_html_result r;
    assert_int_equal(klpi_html_extract(H, html, strlen(html), NULL, &o, &r), 0);
    assert_true(contains(r.text, "The council voted"));
    assert_true(contains(r.text, "Great news, finally somebody"));
    klpi_html_result_clear(&r);
}

static void test_br_is_line_break(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><body><p>first line of the poem<br>second line of the poem<br/>third</p>"
          "</body></html>",
          &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "first line of the poem\nsecond line of the poem\nthird");
    klpi_html_result_clear(&r);
}

static void test_inline_joining(void **state) {
    (void)state;
    klpi_html_result r;
    /* inline elements add no space of their own; white space in the source collapses */
    run_s("<html><body><p>Hello <b>bold</b>world, a <a href='#'>li</a>nk and\n   "
          "<span>two</span> <em>words</em>.</p></body></html>",
          &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "Hello boldworld, a link and two words.");
    klpi_html_result_clear(&r);
    /* block elements never glue words together */
    run_s("<html><body><div>alpha is the first letter of it</div><div>beta is the second "
          "letter of it</div></body></html>",
          &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "alpha is the first letter of it\n\nbeta is the second letter of it");
    klpi_html_result_clear(&r);
}

static void test_lists_and_tables(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><body><article>" P1
          "<ul><li>first item</li><li>second item</li></ul>"
          "<table><tr><td>Monday, bridge closed</td><td>detour via the ring road</td></tr>"
          "<tr><td>Tuesday, bridge open</td><td>no detour</td></tr></table>" P2
          "</article></body></html>",
          &r);
    assert_true(contains(r.text, "first item\nsecond item"));
    /* cells separated by a space, rows by a line break */
    assert_true(contains(r.text, "Monday, bridge closed detour via the ring road\nTuesday, "
                                 "bridge open no detour"));
    klpi_html_result_clear(&r);
}

static void test_caption_to_images(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><body><article>" P1
          "<figure><img src='cat.jpg'><figcaption>A cat sleeping on the new bridge. "
          "<span class='credit'>Photo: Jane Doe</span></figcaption></figure>" P2
          "</article></body></html>",
          &r);
    assert_false(contains(r.text, "A cat sleeping"));
    assert_false(contains(r.text, "Jane Doe"));
    assert_true(contains(r.text, "The council voted"));
    assert_int_equal(r.n_images, 1);
    assert_string_equal(r.images[0].caption, "A cat sleeping on the new bridge.");
    assert_string_equal(r.images[0].credit, "Photo: Jane Doe");
    klpi_html_result_clear(&r);
}

static void test_charset_windows1252(void **state) {
    (void)state;
    klpi_html_result r;
    /* 0xE9 is 'é' in windows-1252; declared by <meta>, then by the HTTP header */
    const char *html = "<html><head><meta charset=\"windows-1252\"></head>"
                       "<body><p>caf\xe9</p></body></html>";
    run_s(html, &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "caf\xc3\xa9");
    klpi_html_result_clear(&r);
    const char *bare = "<html><body><p>caf\xe9</p></body></html>";
    run(bare, strlen(bare), "windows-1252", &r);
    assert_string_equal(r.text, "caf\xc3\xa9");
    klpi_html_result_clear(&r);
}

static void test_utf16_bom(void **state) {
    (void)state;
    klpi_html_result r;
    /* "<p>caf\u00e9</p>" in UTF-16LE after a byte order mark; odd trailing byte -> U+FFFD */
    const char le[] = "\xff\xfe<\0p\0>\0c\0a\0f\0\xe9\0<\0/\0p\0>\0";
    run(le, sizeof le - 1, NULL, &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "caf\xc3\xa9");
    klpi_html_result_clear(&r);
    /* a lone BOM, and a BOM with one odd byte: no crash, valid output */
    run("\xff\xfe", 2, NULL, &r);
    klpi_html_result_clear(&r);
    run("\xfe\xff" "d", 3, NULL, &r);
    assert_true(r.text == NULL || strcmp(r.text, "\xef\xbf\xbd") == 0);
    klpi_html_result_clear(&r);
}

static void test_output_is_clean_utf8(void **state) {
    (void)state;
    klpi_html_result r;
    /* declared UTF-8: the stray 0xFF becomes U+FFFD; control characters are dropped */
    const char *html = "<html><head><meta charset='utf-8'><title>A\x01 title</title></head>"
                       "<body><p>bad \xff byte and a bell\x07 here</p></body></html>";
    run_s(html, &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "bad \xef\xbf\xbd byte and a bell here");
    assert_string_equal(r.title, "A title");
    klpi_html_result_clear(&r);
}

/* Strict UTF-8 without control characters other than '\n'. */
static bool clean_utf8(const char *s) {
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = *u < 0x80 ? 1 : (*u >= 0xC2 && *u <= 0xDF) ? 2 : (*u >= 0xE0 && *u <= 0xEF) ? 3
                              : (*u >= 0xF0 && *u <= 0xF4) ? 4 : 0;
        if (n == 0) return false;
        if (n == 1 && ((*u < 0x20 && *u != '\n') || *u == 0x7F)) return false;
        for (size_t k = 1; k < n; k++)
            if ((u[k] & 0xC0) != 0x80) return false;
        u += n;
    }
    return true;
}

static void test_legacy_bytes_in_cells(void **state) {
    (void)state;
    klpi_html_result r;
    /* undeclared legacy bytes in table cells (a fuzzer's find): the text stays valid UTF-8
     * even where the article's edges are trimmed */
    const char html[] = "<table><td>\x93<td>\x80\x92\xe2\x80\x93";
    run(html, sizeof html - 1, NULL, &r);
    assert_non_null(r.text);
    assert_true(clean_utf8(r.text));
    assert_true(contains(r.text, "\xe2\x82\xac")); /* the euro sign of 0x80 */
    klpi_html_result_clear(&r);
}

static void test_title_suffix_removed(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><head><title>Bridge to be rebuilt | Example News</title>"
          "<meta property='og:site_name' content='Example News'></head>"
          "<body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.title, "Bridge to be rebuilt");
    assert_string_equal(r.sitename, "Example News");
    klpi_html_result_clear(&r);
    /* no site name given: a short last segment is the site */
    run_s("<html><head><title>Council votes to rebuild the old bridge after the floods - "
          "Gazette</title></head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.title, "Council votes to rebuild the old bridge after the floods");
    klpi_html_result_clear(&r);
}

static void test_jsonld_date_author(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html lang='de-DE'><head><script type='application/ld+json'>"
          "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
          "\"headline\":\"Bridge to be rebuilt\","
          "\"datePublished\":\"2023-06-12T09:33:00+07:00\","
          "\"dateModified\":\"2023-06-13T10:00:00+07:00\","
          "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},"
          "{\"@type\":\"Person\",\"name\":\"Bo Chan\"}],"
          "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Example News\"}}"
          "</script></head><body>" P1 "</body></html>",
          &r);
    /* publication, not modification; the page's offset is kept */
    assert_string_equal(r.date, "2023-06-12T09:33:00+07:00");
    assert_string_equal(r.author, "Ann Lee; Bo Chan");
    assert_string_equal(r.title, "Bridge to be rebuilt");
    assert_string_equal(r.sitename, "Example News");
    assert_string_equal(r.language, "de");
    klpi_html_result_clear(&r);
}

static void test_utc_date_in_page_zone(void **state) {
    (void)state;
    klpi_html_result r;
    /* 23:30 UTC on new year's eve is 01:30 on January 1st at +02:00, the zone the page
     * writes its other dates in */
    run_s("<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
          "\"datePublished\":\"2020-12-31T23:30:00Z\"}</script>"
          "<meta property='article:modified_time' content='2021-01-05T10:00:00+02:00'>"
          "</head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.date, "2021-01-01T01:30:00+02:00");
    klpi_html_result_clear(&r);
}

static void test_headline_date(void **state) {
    (void)state;
    klpi_html_result r;
    /* the date printed under the headline is the modification date: the page shows it as its
     * date */
    run_s("<html><head><script type='application/ld+json'>{\"@type\":\"BlogPosting\","
          "\"datePublished\":\"2021-11-29T14:13:37+00:00\","
          "\"dateModified\":\"2022-01-12T14:27:30+00:00\"}</script></head><body>"
          "<h1>Can fish feel pain?</h1><p>12.01.2022</p>" P1 P2 "</body></html>",
          &r);
    assert_string_equal(r.date, "2022-01-12");
    klpi_html_result_clear(&r);
    /* a paragraph starting with another date confirms nothing: the publication stays */
    run_s("<html><head><script type='application/ld+json'>{\"@type\":\"BlogPosting\","
          "\"datePublished\":\"2016-07-09T10:15:18+00:00\"}</script></head><body>"
          "<h1>Radio marathon</h1><p>07.06.2016: an older story</p>" P1 P2 "</body></html>",
          &r);
    assert_string_equal(r.date, "2016-07-09T10:15:18+00:00");
    klpi_html_result_clear(&r);
    /* a weak meta date gives way to the date just above the headline, not to a list of
     * teasers far below it; a two-digit year in a date element */
    run_s("<html><head><meta name='date' content='2021-10-15'></head><body>"
          "<span class='headline-date'>02. November 2021</span><h1>Press release</h1>" P1 P2
          "</body></html>",
          &r);
    assert_string_equal(r.date, "2021-11-02");
    klpi_html_result_clear(&r);
    run_s("<html><body><h1>Vintage flair</h1><div class='uploaded-date'> 23.09.22 </div>" P1 P2
          "</body></html>",
          &r);
    assert_string_equal(r.date, "2022-09-23");
    klpi_html_result_clear(&r);
}

static void test_date_local_day(void **state) {
    (void)state;
    klpi_html_result r;
    /* 23:00 UTC on the dot is midnight at +01:00: the next day */
    run_s("<html><head><meta property='article:published_time' "
          "content='2022-11-06T23:00:00.000Z'></head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.date, "2022-11-07T00:00:00+01:00");
    klpi_html_result_clear(&r);
    /* a UTC instant one day off the date in the URL: the URL has the site's own day */
    run_s("<html><head><link rel='canonical' href='https://example.com/2019/01/01/new-year/'>"
          "<meta property='article:published_time' content='2018-12-31T23:11:59+00:00'>"
          "</head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.date, "2019-01-01");
    klpi_html_result_clear(&r);
}

static void test_date_last_resorts(void **state) {
    (void)state;
    klpi_html_result r;
    /* a day-first date in the URL */
    run_s("<html><head><link rel='canonical' href='https://example.org/news/29-10-2021'>"
          "</head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.date, "2021-10-29");
    klpi_html_result_clear(&r);
    /* a date in the title, and in the description */
    run_s("<html><head><title>08.11.2021 | Day of remembrance</title></head><body>" P1
          "</body></html>",
          &r);
    assert_string_equal(r.date, "2021-11-08");
    klpi_html_result_clear(&r);
    run_s("<html><head><meta name='description' content='A record year (news of 14 Gennaio "
          "2020)'></head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.date, "2020-01-14");
    klpi_html_result_clear(&r);
}

static void test_meta_fields(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><head><meta name='author' content='By Carla Ruiz'>"
          "<meta name='description' content='The old bridge will be rebuilt.'>"
          "<meta property='article:published_time' content='2021-03-04T08:00:00Z'>"
          "<link rel='canonical' href='https://example.com/bridge'></head>"
          "<body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.author, "Carla Ruiz");
    assert_string_equal(r.description, "The old bridge will be rebuilt.");
    assert_string_equal(r.url, "https://example.com/bridge");
    assert_non_null(r.date);
    assert_memory_equal(r.date, "2021-03-04", 10);
    klpi_html_result_clear(&r);
}

static void test_author_bylines(void **state) {
    (void)state;
    klpi_html_result r;
    /* a byline word alone in its element names the next sibling */
    run_s("<html><body><h1>Bridge to be rebuilt</h1><div><span>By</span> "
          "<span><a href='/team/ann'>Ann Lee</a></span></div>" P1 "</body></html>",
          &r);
    assert_string_equal(r.author, "Ann Lee");
    klpi_html_result_clear(&r);
    run_s("<html><body><h1>Bridge to be rebuilt</h1>" P1
          "<p><b>Von:</b><br><br>Bo Chan</p></body></html>",
          &r);
    assert_string_equal(r.author, "Bo Chan");
    klpi_html_result_clear(&r);
    /* a handle after the name and a role in parentheses go */
    run_s("<html><head><meta name='author' content='Ann Lee @annlee'></head><body>" P1
          "</body></html>",
          &r);
    assert_string_equal(r.author, "Ann Lee");
    klpi_html_result_clear(&r);
    run_s("<html><head><meta name='author' content='Ann Lee (Redaktion)'></head><body>" P1
          "</body></html>",
          &r);
    assert_string_equal(r.author, "Ann Lee");
    klpi_html_result_clear(&r);
    /* "More from" before the name on an author link */
    run_s("<html><body>" P1 "<p><a href='/author/ann-lee/'>Mehr von Ann Lee</a></p></body></html>",
          &r);
    assert_string_equal(r.author, "Ann Lee");
    klpi_html_result_clear(&r);
}

static void test_author_twitter_label(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><head><meta name='twitter:label1' content='Written by'>"
          "<meta name='twitter:data1' content='Ann Lee'>"
          "<meta name='twitter:label2' content='Est. reading time'>"
          "<meta name='twitter:data2' content='3 minutes'></head><body>" P1 "</body></html>",
          &r);
    assert_string_equal(r.author, "Ann Lee");
    klpi_html_result_clear(&r);
    /* a label that names no author: its data is no author */
    run_s("<html><head><meta name='twitter:label1' content='Est. reading time'>"
          "<meta name='twitter:data1' content='Three Minutes'></head><body>" P1 "</body></html>",
          &r);
    assert_null(r.author);
    klpi_html_result_clear(&r);
}

static void test_author_site_named(void **state) {
    (void)state;
    klpi_html_result r;
    /* an author meta naming the site is the publisher's default: no author */
    run_s("<html><head><meta property='og:site_name' content='Miami Today'>"
          "<meta name='author' content='Miami Today'></head><body>" P1 "</body></html>",
          &r);
    assert_null(r.author);
    klpi_html_result_clear(&r);
    /* a visible byline naming the site is kept */
    run_s("<html><head><meta property='og:site_name' content='Miami Today'>"
          "<meta name='author' content='Miami Today'></head><body>"
          "<h1>Bridge to be rebuilt</h1><p class='meta'><a rel='author' href='/about'>Miami Today</a></p>"
          P1 "</body></html>",
          &r);
    assert_string_equal(r.author, "Miami Today");
    klpi_html_result_clear(&r);
}

static void test_stray_end_tags(void **state) {
    (void)state;
    klpi_html_result r;
    /* end tags closing nothing are ignored as a browser ignores them (a fuzzer's find: the
     * parser used to copy overlapping memory merging the text around them) */
    run_s("\n          N\n</v>   iv>  \n\n", &r);
    assert_non_null(r.text);
    assert_string_equal(r.text, "N iv>");
    klpi_html_result_clear(&r);
    run_s("<p>one</span> two</img> three</p>", &r);
    assert_string_equal(r.text, "one two three");
    klpi_html_result_clear(&r);
}

static void test_deep_nesting_and_garbage(void **state) {
    (void)state;
    size_t depth = 20000;
    const char *open = "<div>", *close = "</div>", *mid = "deep text";
    size_t len = depth * (strlen(open) + strlen(close)) + strlen(mid);
    char *html = malloc(len + 1);
    assert_non_null(html);
    char *p = html;
    for (size_t i = 0; i < depth; i++, p += 5) memcpy(p, open, 5);
    memcpy(p, mid, strlen(mid));
    p += strlen(mid);
    for (size_t i = 0; i < depth; i++, p += 6) memcpy(p, close, 6);
    *p = 0;
    klpi_html_result r;
    run(html, len, NULL, &r);
    assert_true(contains(r.text, "deep text"));
    klpi_html_result_clear(&r);
    /* arbitrary bytes, empty input */
    for (size_t i = 0; i < len; i++) html[i] = (char)((i * 7919u) & 0xFF);
    run(html, len, NULL, &r);
    klpi_html_result_clear(&r);
    run("", 0, NULL, &r);
    klpi_html_result_clear(&r);
    free(html);
}

/* The end of a page: its last bytes are never changed by the elision. */
#define END "<p>The end of the page, in a few words.</p>"

/* klph_bound_depth_ex() with elision on s; the result (or s itself when unchanged). */
static char *elide(const char *s, size_t *n) {
    char *o = klph_bound_depth_ex(s, strlen(s), 256, true, n, NULL);
    if (!o) {
        o = strdup(s);
        assert_non_null(o);
        *n = strlen(s);
    }
    return o;
}

static void assert_elided(const char *in, const char *want) {
    size_t n = 0;
    char *o = elide(in, &n);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(o, want, n);
    free(o);
}

static void test_raw_text_elided(void **state) {
    (void)state;
    /* script and style text: a space; JSON-LD and empty elements stay */
    assert_elided("<script>var a = '<p>x</p>';</script><p>t</p><style>p{x:y}</style>",
                  "<script> </script><p>t</p><style> </style>");
    assert_elided("<script type='application/ld+json'>{\"a\":1}</script><script></script>",
                  "<script type='application/ld+json'>{\"a\":1}</script><script></script>");
    assert_elided("<SCRIPT>a</scripts>b</SCRIPT >c", "<SCRIPT> </SCRIPT >c");
    /* where the parser does not read raw text, or this scan cannot tell, nothing goes */
    const char *kept[] = {
        "<svg><script>ab</script></svg>",
        "<select><style>ab</style></select>",
        "<template><col><script>ab</script></template><script>ab</script>",
        "<math><mi><script>ab</script></mi></math><script>ab</script>",
        "<frameset><script>ab</script>",
        "<script>a<!--<script>b</script>c</script>d<script>ab</script>",
        "<svg><desc><b>x</b></desc></svg><script>ab</script>",
        "<plaintext><script>ab</script>",
        "<!-- <script>ab</script> -->",
        "<title><script>ab</script></title>",
        "<b title=\"<script>\">ab</b>",
        "<script type=\"application/ld&#43;json\">{}</script>",
    };
    for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) assert_elided(kept[k], kept[k]);
    /* after a plain SVG image, HTML content again */
    assert_elided("<svg><title>t</title><path d='M0'/></svg><script>ab</script>" END,
                  "<svg><title>t</title><path /></svg><script> </script>" END);
    assert_elided("<select><option>o</select><style>ab</style>",
                  "<select><option>o</select><style> </style>");
    /* comments end as the tokenizer ends them; their text goes too */
    assert_elided("<!--><script>ab</script>", "<!--><script> </script>");
    assert_elided("<!-- x --!><script>ab</script>" END, "<!----><script> </script>" END);
    assert_elided("<p>a<!-- <p>b</p> -->c<!---->d<!--x-->e" END,
                  "<p>a<!---->c<!---->d<!---->e" END);
    /* attributes read as the tokenizer reads them (a quote after a space is no value), and
     * without elision an input with nothing to drop is not copied */
    const char *q = "<div a=\"1\" \"><p>x</p></div><b title=\"y\">z</b>";
    size_t n = 0;
    assert_null(klph_bound_depth(q, strlen(q), 256, &n));
}

static void test_attributes_elided(void **state) {
    (void)state;
    /* attributes nothing reads go (neighbours at once), from the white space before them */
    assert_elided("<div data-a=\"1\" class=\"c\" srcset='x y'  sizes=s ID=i hidden>t</div>" END,
                  "<div  class=\"c\"  ID=i hidden>t</div>" END);
    assert_elided("<img src=a.jpg alt=\"a > b\" width=1/><p x>y" END, "<img ><p >y" END);
    assert_elided("<svg viewBox='0 0 1 1'><path d='M0' /></svg>" END,
                  "<svg ><path  /></svg>" END);
    /* some only where they are read: the type of an <input> (the parser reads it), href,
     * rel, type of a <link> that may be canonical and of a <script> that may be JSON-LD */
    assert_elided("<div href=x rel=y lang=de name=n type=t><input type=hidden name=q>" END,
                  "<div ><input type=hidden >" END);
    assert_elided("<html lang=de data-x=1><meta name=a content=b data-x=1 http-equiv=h>" END,
                  "<html lang=de ><meta name=a content=b  http-equiv=h>" END);
    assert_elided("<link rel=stylesheet href=s.css><link rel=Canonical href=c><link "
                  "rel=&#99;anonical href=d>" END,
                  "<link ><link rel=Canonical href=c><link rel=&#99;anonical href=d>" END);
    assert_elided("<script type=text/javascript src=a.js></script><script "
                  "type=\"application/ld+json\" src=x>{}</script>" END,
                  "<script ></script><script type=\"application/ld+json\" src=x>{}</script>" END);
    /* kept: those of formatting elements but <a> (the parser compares them) */
    assert_elided("<a data-a=1 href=h>x</a><b data-b=2>y</b><font data-f=3>z</font>" END,
                  "<a  href=h>x</a><b data-b=2>y</b><font data-f=3>z</font>" END);
    /* ... those not between white space and white space, '>' or "/>", those before a name
     * that starts with '=' (which could then be read as the value of an attribute before),
     * of end tags, of a tag that does not end, raw text, and the end of the page */
    assert_elided("<div data-a=1 =b>" END, "<div data-a=1 >" END);
    const char *kept[] = {
        "<div class=\"c\"data-a=1 class=\"d\"/data-b=2 t=\"u\"/v>t</div data-c=3>" END,
        "<title><div data-a=1></title><textarea><p data-b=2></textarea>" END,
        END "<div data-a=1>",
        "<div data-a=\"1" END,
    };
    for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) assert_elided(kept[k], kept[k]);
}

/* The parsed tree of s, as text: tags, nesting, texts (not those of comments) and the
 * attributes read by the extractor. */
static char *tree_text(klpd_dom *d, const char *s, size_t n) {
    static const char *const names[] = {"class", "id", "href", "content", "name", "property",
                                        "itemprop", "type", "style", "lang", "rel"};
    assert_int_equal(klpd_dom_parse(d, s, n, klpd_encoding_utf8()), 0);
    const klpd_node *nodes = klpd_dom_nodes(d);
    size_t cap = 1 << 16, o = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    for (uint32_t i = 0; i < klpd_dom_count(d); i++) {
        bool text = nodes[i].text && nodes[i].tag != KLPD_COMMENT;
        o += (size_t)snprintf(t + o, cap - o, "%u %u %u [%.*s]", (unsigned)nodes[i].tag,
                              nodes[i].parent, nodes[i].end, text ? (int)nodes[i].text_len : 0,
                              text ? nodes[i].text : "");
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            size_t vl = 0;
            const char *v = klpd_attr_get(d, i, names[k], &vl);
            if (v) o += (size_t)snprintf(t + o, cap - o, " %s=%.*s", names[k], (int)vl, v);
        }
        o += (size_t)snprintf(t + o, cap - o, "\n");
        assert_true(o < cap);
    }
    return t;
}

static void test_attributes_elided_same_tree(void **state) {
    (void)state;
    /* places where the tree builder looks at attributes, or compares them */
    const char *pages[] = {
        "<p data-p=1><b data-x=1>1<b data-x=2>2<b data-x=3>3<b data-x=4>4</p><p>5" END,
        "<p data-p=1><a data-x=1 href=a>1<a data-x=2 href=a>2</a></p>" END,
        "<p><a data-x=1>1<a data-x=2>2<a data-x=3>3<a data-x=4>4</p><p>5" END,
        "<a data-x=1><table><td><a data-x=2><table><td><a data-x=3><table><td><a data-x=4>x"
        END,
        "<table><input type=hidden data-a=1><tr><td data-b=2 class=c>x</td></tr></table>" END,
        "<table><input type=text data-a=1><tr><td>x</td></tr></table>" END,
        "<svg viewBox='0 0 1 1'><path d='M0' /><foreignObject data-a=1><p class=c>x</p>"
        "</foreignObject><font color=red data-f=1>y</font></svg>" END,
        "<p data-p=1><math><annotation-xml encoding=\"text/html\" data-a=1><div>x</div>"
        "</annotation-xml></math>" END,
        "<html data-a=1 lang=de><body data-b=2 class=c><html data-c=3 id=x><body data-d=4 "
        "id=y class=z>t" END,
        "<div data-a=\"x>y\" class=c>t</div><div x/y class=d>u</div><img src=a alt=b/>v" END,
        "<select><option data-a=1 id=o>o</select><p data-p=1>x" END,
        "<p data-p=1>a<!-- <b>x</b> -->b<!-- y --!>c<!-->d<!--->e" END,
        "<svg data-a=\"1\"/x data-b=2>t<svg data-c=3 /x>u<svg data-d=4 =e>v" END,
    };
    klpd_dom *d = klpd_dom_new();
    assert_non_null(d);
    for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
        size_t n = 0;
        char *e = elide(pages[k], &n);
        assert_true(n < strlen(pages[k]));
        char *want = tree_text(d, pages[k], strlen(pages[k]));
        char *got = tree_text(d, e, n);
        assert_string_equal(got, want);
        free(want);
        free(got);
        free(e);
    }
    klpd_dom_free(d);
}

static void test_raw_text_elided_extract(void **state) {
    (void)state;
    klpi_html_result r;
    run_s("<html><head><script>document.write('<p>Not the article at all, a script.</p>')</script>"
          "<script type='application/ld+json'>{\"@context\":\"https://schema.org\","
          "\"@type\":\"NewsArticle\",\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Roe\"}]}"
          "</script></head><body>" P1
          "<script>var p = '<p>Nor this, which is script text too.</p>';</script>" P2
          "</body></html>",
          &r);
    assert_true(contains(r.text, "The council voted on Tuesday"));
    assert_true(contains(r.text, "falling sales all winter."));
    assert_false(contains(r.text, "Not the article"));
    assert_false(contains(r.text, "Nor this"));
    assert_string_equal(r.author, "Jane Roe");
    klpi_html_result_clear(&r);
}

static void test_lede_outside_body(void **state) {
    (void)state;
    /* the standfirst sits in the article's header, several levels above the body; the
     * lead picture after it has a "lead" class too but is no lede */
    const char *html =
        "<html><body><article><header class='page-header'><h1>Bridge to be rebuilt</h1>"
        "<p class='standfirst'>The town will spend two million on a new crossing over the river.</p>"
        "<figure class='lead-media'><img src='b.jpg'><figcaption>The old bridge in March</figcaption>"
        "</figure></header><div class='wrap'><div class='row'><div class='col'>"
        "<div class='story'>" P1 P2 "</div></div></div></div></article>"
        "<div class='teaser'><p class='intro'>Another story about a ferry that nobody reads.</p></div>"
        "</body></html>";
    klpi_html_result r;
    run_s(html, &r);
    assert_true(contains(r.text, "The town will spend two million on a new crossing over the river."
                                 "\n\nThe council voted on Tuesday"));
    assert_true(contains(r.text, "falling sales all winter."));
    assert_false(contains(r.text, "The old bridge in March"));
    assert_false(contains(r.text, "ferry"));
    klpi_html_result_clear(&r);
}

static void test_caption_and_disclaimer_lines(void **state) {
    (void)state;
    const char *html =
        "<html><body><article>" P1
        "<p>Abbildung 4: die alte Holzbr\xc3\xbc" "cke im Winter.</p>"
        "<p>Beitragsbild: Archiv der Stadt</p>"
        "<p>Letzte Aktualisierung am 2.02.2022 / Bei den Verlinkungen handelt es sich um "
        "Affiliate Links</p>"
        "<h3>Empfohlener redaktioneller Inhalt</h3>"
        "<p>Figure 12 shows how the old bridge looked before the floods came.</p>" P2
        "</article></body></html>";
    klpi_html_result r;
    run_s(html, &r);
    assert_true(contains(r.text, "The council voted on Tuesday"));
    assert_true(contains(r.text, "falling sales all winter."));
    assert_false(contains(r.text, "Abbildung 4"));
    assert_false(contains(r.text, "Beitragsbild"));
    assert_false(contains(r.text, "Affiliate"));
    assert_false(contains(r.text, "Empfohlener"));
    /* a number without a colon: a sentence about a figure, kept */
    assert_true(contains(r.text, "Figure 12 shows how the old bridge"));
    klpi_html_result_clear(&r);
}

static void test_class_words(void **state) {
    (void)state;
    const klph_matcher *m = &H->matcher;
    /* substrings, tokens, camelCase humps, two words written together, ignored prefixes */
    assert_true(klph_matcher_value(m, "socialShareBar", 14) & KLPH_C_STRONG);
    assert_true(klph_matcher_value(m, "post-ad", 7) & KLPH_C_STRONG);
    assert_false(klph_matcher_value(m, "header-shadow", 13) & KLPH_C_STRONG);
    assert_true(klph_matcher_value(m, "skip-link", 9) & KLPH_C_STRONG);
    assert_false(klph_matcher_value(m, "page-root", 9) & KLPH_C_STRONG);
    assert_true(klph_matcher_value(m, "x ArticleBody", 13) & KLPH_C_POS);
    assert_int_equal(klph_matcher_value(m, "tag-social", 10), 0);
    assert_true(klph_matcher_value(m, "sr-only", 7) & KLPH_C_HIDDEN);
    assert_false(klph_matcher_value(m, "sr-only-x", 9) & KLPH_C_HIDDEN);
    assert_true(klph_matcher_value(m, "post-ratings", 12) & KLPH_C_STRONG);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boilerplate_pruned),
        cmocka_unit_test(test_comments_kept_on_request),
        cmocka_unit_test(test_br_is_line_break),
        cmocka_unit_test(test_inline_joining),
        cmocka_unit_test(test_lists_and_tables),
        cmocka_unit_test(test_caption_to_images),
        cmocka_unit_test(test_charset_windows1252),
        cmocka_unit_test(test_utf16_bom),
        cmocka_unit_test(test_output_is_clean_utf8),
        cmocka_unit_test(test_legacy_bytes_in_cells),
        cmocka_unit_test(test_title_suffix_removed),
        cmocka_unit_test(test_jsonld_date_author),
        cmocka_unit_test(test_utc_date_in_page_zone),
        cmocka_unit_test(test_headline_date),
        cmocka_unit_test(test_date_local_day),
        cmocka_unit_test(test_date_last_resorts),
        cmocka_unit_test(test_meta_fields),
        cmocka_unit_test(test_author_bylines),
        cmocka_unit_test(test_author_twitter_label),
        cmocka_unit_test(test_author_site_named),
        cmocka_unit_test(test_stray_end_tags),
        cmocka_unit_test(test_deep_nesting_and_garbage),
        cmocka_unit_test(test_raw_text_elided),
        cmocka_unit_test(test_attributes_elided),
        cmocka_unit_test(test_attributes_elided_same_tree),
        cmocka_unit_test(test_raw_text_elided_extract),
        cmocka_unit_test(test_class_words),
        cmocka_unit_test(test_lede_outside_body),
        cmocka_unit_test(test_caption_and_disclaimer_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
