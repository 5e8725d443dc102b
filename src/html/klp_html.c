/* klp_html.c - the klp_html.h API: charset detection, depth bound, parse, then metadata
 * (klp_meta.c) and main text (klp_maintext.c) into a klpi_html_result. */
#include "klp_hint.h"
#include "klp_prescan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KLPH_DEFAULT_MAX_DEPTH 256

klpi_html *klpi_html_new(void) {
    klpi_html *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->dom = klpd_dom_new();
    if (!h->dom) {
        free(h);
        return NULL;
    }
    klph_init_tables(h);
    klph_meta_init(h);
    if (!klph_matcher_finish(&h->matcher)) {
        klpi_html_free(h);
        return NULL;
    }
    return h;
}

void klpi_html_free(klpi_html *h) {
    if (!h) return;
    klpd_dom_free(h->dom);
    klph_matcher_free(&h->matcher);
    free(h->st);
    free(h->raw_len);
    free(h->cls);
    free(h->blocks);
    free(h->tchars);
    free(h->tcommas);
    free(h->stack);
    klph_buf_free(&h->text.b);
    klph_buf_free(&h->scratch.b);
    klph_buf_free(&h->scratch2.b);
    free(h);
}

void klpi_html_result_clear(klpi_html_result *r) {
    if (!r) return;
    free(r->text);
    free(r->title);
    free(r->description);
    free(r->author);
    free(r->date);
    free(r->sitename);
    free(r->url);
    free(r->language);
    for (size_t i = 0; i < r->n_images; i++) {
        free(r->images[i].caption);
        free(r->images[i].credit);
    }
    free(r->images);
    memset(r, 0, sizeof *r);
}

int klpi_html_extract(klpi_html *h, const char *bytes, size_t len, const char *http_charset,
                      const klpi_html_opts *opts, klpi_html_result *out) {
    if (!out) return -1;
    memset(out, 0, sizeof *out);
    if (!h || (!bytes && len > 0)) return -1;
    if (!bytes) bytes = "";
    static const klpi_html_opts defaults = {false, 0, 0, 0};
    if (!opts) opts = &defaults;
    h->opts = opts;
    h->cap_images = 0;
    h->title_hint = NULL;
    size_t skip = 0;
    int enc = klph_detect_encoding(bytes, len, http_charset, &skip);
    bytes += skip;
    len -= skip;
    /* UTF-16 is decoded here (the parser's own UTF-16 path is fragile) */
    char *decoded = NULL;
    int u16 = klph_utf16_kind(enc);
    if (u16) {
        size_t dl = 0;
        decoded = klph_utf16_to_utf8(bytes, len, u16 == 2, &dl);
        if (!decoded) return -1;
        bytes = decoded;
        len = dl;
        enc = klpd_encoding_utf8();
    }
    size_t max_depth = opts->max_depth ? opts->max_depth : KLPH_DEFAULT_MAX_DEPTH;
    size_t blen = 0;
    bool flattened = false;
    char *bounded = klph_bound_depth_ex(bytes, len, max_depth, klph_elide_ok(enc), &blen, &flattened);
    int rc = klpd_dom_parse(h->dom, bounded ? bounded : bytes, bounded ? blen : len, enc);
    free(bounded);
    free(decoded);
    if (rc == 0 && opts->max_nodes && klpd_dom_count(h->dom) > opts->max_nodes)
        rc = KLPI_HTML_E_NODES;
    if (rc == 0 && opts->deadline > 0 && klpi_now() > opts->deadline)
        rc = KLPI_HTML_E_TIME;
    if (rc == 0) rc = klph_prepare(h);
    if (rc == 0) rc = klph_extract_meta(h, NULL, out);
    if (rc == 0 && opts->deadline > 0 && klpi_now() > opts->deadline)
        rc = KLPI_HTML_E_TIME;
    if (rc == 0) {
        h->title_hint = out->title;
        rc = klph_extract_text(h, out);
    }
    h->title_hint = NULL;
    h->opts = NULL;
    out->depth_flattened = flattened;
    if (rc != 0) {
        klpi_html_result_clear(out);
        return rc == KLPI_HTML_E_NODES || rc == KLPI_HTML_E_TIME ? rc : -1;
    }
    return 0;
}

double klpi_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
