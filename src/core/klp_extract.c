/* klp_extract.c - the extractor: decompression, format sniffing, dispatch to HTML or text
 * mode, language identification, and the klp_doc the caller reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL /* XXH3 inlined, with the vector code of the target */
#include <xxhash.h>

#include "kliping.h"
#include "klp_buf.h"
#include "klp_html.h"
#include "klp_json.h"
#include "klp_lang.h"
#include "klp_textmode.h"
#include "klp_utf8.h"
#include "klp_zio.h"

/* Defaults of klp_extractor_opts. */
static const size_t DEFAULT_MAX_INPUT = 10u * 1024 * 1024;
static const size_t DEFAULT_MAX_LINE = 1024u * 1024;
static const size_t DEFAULT_MAX_DEPTH = 256;
static const size_t DEFAULT_MAX_NODES = 1000000;
static const unsigned DEFAULT_TIMEOUT_MS = 20000;
/* Bytes looked at to decide between HTML and text. */
enum { SNIFF_BYTES = 4096 };
/* Stop-word language identification is trusted when the leading language has this lead over
 * the runner-up ((top - second) / top) and this share of the sampled words. */
static const double SW_LANG_MIN_LEAD = 0.5;
static const double SW_LANG_MIN_SHARE = 0.2;
/* Text shorter than this is not given to language identification. */
static const size_t LANG_MIN_BYTES = 20;

enum { MAX_OWNED = 32 };

struct klp_extractor {
    klp_extractor_opts opts;
    klpi_html *html;
    klpi_buf raw;   /* decompressed input */
    const char *in; /* the input being extracted: the caller's bytes or raw */
    size_t in_len;
    klpi_buf utf8;  /* repaired text (text mode) */
    klpi_buf json;  /* klp_doc_to_json output */
    klp_doc doc;
    char *owned[MAX_OWNED];
    size_t n_owned;
    klp_image *images;
    klpi_html_result hres;
    klpi_text_result tres;
    klpi_text_work *twork; /* text mode's buffers, made on the first text page */
    char id_hex[33];
    char detail[96]; /* why the last extraction failed */
    double deadline;
    char lang[8];
};

void klp_extractor_opts_init(klp_extractor_opts *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->format = KLP_FORMAT_AUTO;
    o->max_input_bytes = DEFAULT_MAX_INPUT;
    o->max_line_bytes = DEFAULT_MAX_LINE;
    o->max_depth = DEFAULT_MAX_DEPTH;
    o->comments = false;
    o->detect_language = true;
    o->max_nodes = DEFAULT_MAX_NODES;
    o->max_text_bytes = 0; /* = max_input_bytes */
    o->timeout_ms = DEFAULT_TIMEOUT_MS;
}

klp_status klp_extractor_new(const klp_extractor_opts *opts, klp_extractor **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    klp_extractor *ex = calloc(1, sizeof *ex);
    if (!ex)
        return KLP_E_NOMEM;
    klp_extractor_opts_init(&ex->opts);
    if (opts) {
        size_t n = opts->struct_size < sizeof ex->opts ? opts->struct_size : sizeof ex->opts;
        if (n < sizeof(size_t)) {
            free(ex);
            return KLP_E_ARG;
        }
        memcpy(&ex->opts, opts, n);
        ex->opts.struct_size = sizeof ex->opts;
    }
    if (ex->opts.max_input_bytes == 0)
        ex->opts.max_input_bytes = DEFAULT_MAX_INPUT;
    if (ex->opts.max_depth == 0)
        ex->opts.max_depth = DEFAULT_MAX_DEPTH;
    klpi_buf_init(&ex->raw, ex->opts.max_input_bytes);
    klpi_buf_init(&ex->utf8, 0);
    klpi_buf_init(&ex->json, 0);
    *out = ex;
    return KLP_OK;
}

static void release_doc(klp_extractor *ex)
{
    for (size_t i = 0; i < ex->n_owned; i++)
        free(ex->owned[i]);
    ex->n_owned = 0;
    free(ex->images);
    ex->images = NULL;
    klpi_html_result_clear(&ex->hres);
    klpi_text_result_clear(&ex->tres);
    memset(&ex->doc, 0, sizeof ex->doc);
}

void klp_extractor_free(klp_extractor *ex)
{
    if (!ex)
        return;
    release_doc(ex);
    klpi_html_free(ex->html);
    klpi_buf_free(&ex->raw);
    klpi_buf_free(&ex->utf8);
    klpi_buf_free(&ex->json);
    klpi_text_work_free(ex->twork);
    free(ex);
}

static klp_str mkstr(const char *s)
{
    klp_str r = {NULL, 0};
    if (s && *s) {
        r.ptr = s;
        r.len = strlen(s);
    }
    return r;
}

/* Copies a caller string (file, url) into memory the doc owns, repaired to valid UTF-8. */
static klp_status own_copy(klp_extractor *ex, const char *s, klp_str *dst)
{
    if (!s || !*s)
        return KLP_OK;
    if (ex->n_owned >= MAX_OWNED)
        return KLP_E_NOMEM;
    klpi_buf b;
    klpi_buf_init(&b, 0);
    if (klpi_utf8_repair((const unsigned char *)s, strlen(s), &b) < 0) {
        klpi_buf_free(&b);
        return KLP_E_NOMEM;
    }
    ex->owned[ex->n_owned++] = b.ptr;
    *dst = mkstr(b.ptr);
    return KLP_OK;
}

/* Looks at the first bytes: markup that starts like a document (doctype, <html>, <head>,
 * <body>, <!-- ...) or several common tags make it HTML. */
static bool looks_html_bytes(const char *s, size_t len);

/* UTF-16 with a BOM: sniff the ASCII of its first characters. */
static bool looks_html(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        char ascii[SNIFF_BYTES];
        size_t n = 0;
        bool le = u[0] == 0xFF;
        for (size_t i = 2; i + 1 < len && n < sizeof ascii; i += 2) {
            unsigned hi = le ? u[i + 1] : u[i], lo = le ? u[i] : u[i + 1];
            ascii[n++] = (char)(hi == 0 && lo < 0x80 ? lo : '?');
        }
        return looks_html_bytes(ascii, n);
    }
    return looks_html_bytes(s, len);
}

static bool looks_html_bytes(const char *s, size_t len)
{
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    size_t i = 0;
    if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
        (unsigned char)s[2] == 0xBF)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    static const char *const STARTS[] = {"<!doctype", "<html", "<head", "<body", "<!--",
                                         "<?xml",     "<meta", "<title"};
    for (size_t k = 0; k < sizeof STARTS / sizeof *STARTS; k++) {
        size_t m = strlen(STARTS[k]);
        if (i + m <= n && strncasecmp(s + i, STARTS[k], m) == 0)
            return true;
    }
    static const char *const TAGS[] = {"<div", "<p>", "<p ", "<a href", "<span", "<br",
                                       "<script", "<table", "</"};
    int hits = 0;
    for (size_t k = 0; k < sizeof TAGS / sizeof *TAGS; k++) {
        size_t m = strlen(TAGS[k]);
        for (size_t j = i; j + m <= n; j++) {
            if (s[j] == '<' && strncasecmp(s + j, TAGS[k], m) == 0) {
                hits++;
                break;
            }
        }
    }
    return hits >= 3;
}

static void set_id(klp_extractor *ex, const klp_input_info *info, const void *data, size_t len)
{
    if (info && info->id && *info->id) {
        (void)own_copy(ex, info->id, &ex->doc.id);
        return;
    }
    XXH128_hash_t h = XXH3_128bits(data, len);
    static const char HEX[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++) {
        ex->id_hex[i * 2] = HEX[(h.high64 >> (60 - 8 * i)) & 15];
        ex->id_hex[i * 2 + 1] = HEX[(h.high64 >> (56 - 8 * i)) & 15];
        ex->id_hex[16 + i * 2] = HEX[(h.low64 >> (60 - 8 * i)) & 15];
        ex->id_hex[16 + i * 2 + 1] = HEX[(h.low64 >> (56 - 8 * i)) & 15];
    }
    ex->id_hex[32] = '\0';
    ex->doc.id.ptr = ex->id_hex;
    ex->doc.id.len = 32;
}

static bool only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n')
            return false;
    return true;
}

/* Points the doc's images at the extractor's result (the strings stay owned by it). */
static bool set_images(klp_extractor *ex, const klpi_image *im, size_t n)
{
    if (n == 0)
        return true;
    ex->images = calloc(n, sizeof *ex->images);
    if (!ex->images)
        return false;
    for (size_t i = 0; i < n; i++) {
        ex->images[i].caption = mkstr(im[i].caption);
        ex->images[i].credit = mkstr(im[i].credit);
    }
    ex->doc.images = ex->images;
    ex->doc.n_images = n;
    return true;
}

static klp_status run_text(klp_extractor *ex)
{
    klpi_buf_reset(&ex->utf8);
    bool binary = false;
    int fix = klpi_utf8_repair_sniff((const unsigned char *)ex->in, ex->in_len, &ex->utf8, &binary);
    if (binary)
        return KLP_E_BINARY;
    if (fix < 0)
        return KLP_E_NOMEM;
    ex->doc.warnings |= (unsigned)fix;
    if (only_space(ex->utf8.ptr, ex->utf8.len))
        return KLP_E_EMPTY; /* nothing but white space */
    if (!ex->twork && !(ex->twork = klpi_text_work_new()))
        return KLP_E_NOMEM;
    klpi_text_opts to = {ex->opts.max_line_bytes, ex->twork};
    int cut = 0;
    if (klpi_text_extract(ex->utf8.ptr ? ex->utf8.ptr : "", ex->utf8.len, &to, &ex->tres, &cut) <
        0)
        return KLP_E_NOMEM;
    if (cut)
        ex->doc.warnings |= KLP_WARN_LONG_LINE;
    klpi_text_result *r = &ex->tres;
    ex->doc.text = mkstr(r->text);
    ex->doc.title = mkstr(r->title);
    ex->doc.description = mkstr(r->description);
    ex->doc.author = mkstr(r->author);
    ex->doc.date = mkstr(r->date);
    ex->doc.sitename = mkstr(r->sitename);
    ex->doc.dateline = mkstr(r->dateline);
    ex->doc.lines_removed = r->lines_removed;
    if (!set_images(ex, r->images, r->n_images))
        return KLP_E_NOMEM;
    ex->doc.format = KLP_FORMAT_TEXT;
    return KLP_OK;
}

static klp_status run_html(klp_extractor *ex, const klp_input_info *info)
{
    if (!ex->html) {
        ex->html = klpi_html_new();
        if (!ex->html)
            return KLP_E_NOMEM;
    }
    klpi_html_opts ho = {ex->opts.comments, ex->opts.max_depth, ex->opts.max_nodes,
                         ex->deadline};
    int rc = klpi_html_extract(ex->html, ex->in, ex->in_len, info ? info->http_charset : NULL,
                               &ho, &ex->hres);
    if (rc == KLPI_HTML_E_NODES) {
        snprintf(ex->detail, sizeof ex->detail, "more than %zu elements", ex->opts.max_nodes);
        return KLP_E_LIMIT;
    }
    if (rc == KLPI_HTML_E_TIME) {
        snprintf(ex->detail, sizeof ex->detail, "over the time limit of %u ms",
                 ex->opts.timeout_ms);
        return KLP_E_LIMIT;
    }
    if (rc < 0)
        return KLP_E_PARSE;
    if (ex->hres.depth_flattened)
        ex->doc.warnings |= KLP_WARN_DEPTH;
    klpi_html_result *r = &ex->hres;
    ex->doc.text = mkstr(r->text);
    ex->doc.title = mkstr(r->title);
    ex->doc.description = mkstr(r->description);
    ex->doc.author = mkstr(r->author);
    ex->doc.date = mkstr(r->date);
    ex->doc.sitename = mkstr(r->sitename);
    ex->doc.url = mkstr(r->url);
    if (r->language && *r->language) {
        size_t n = strlen(r->language);
        if (n < sizeof ex->lang) {
            memcpy(ex->lang, r->language, n + 1);
            ex->doc.language = mkstr(ex->lang);
            ex->doc.language_score = 1.0;
        }
    }
    if (!set_images(ex, r->images, r->n_images))
        return KLP_E_NOMEM;
    ex->doc.format = KLP_FORMAT_HTML;
    return KLP_OK;
}

static void detect_language(klp_extractor *ex)
{
    if (!ex->opts.detect_language || !ex->doc.text.ptr || ex->doc.text.len < LANG_MIN_BYTES)
        return;
    /* Text mode already counted the stop words of every language around the article: when
     * one language leads clearly, that is the answer (it agrees with CLD2 on 548 of 549 such
     * benchmark pages) and CLD2, the most expensive step of text mode, is skipped. Close
     * calls (Indonesian and Malay share most stop words) go to CLD2. */
    const klpi_text_result *t = &ex->tres;
    if (ex->doc.format == KLP_FORMAT_TEXT && t->sw_lang[0] && t->sw_lead >= SW_LANG_MIN_LEAD &&
        t->sw_share >= SW_LANG_MIN_SHARE) {
        memcpy(ex->lang, t->sw_lang, sizeof ex->lang);
        ex->doc.language = mkstr(ex->lang);
        ex->doc.language_score = t->sw_lead;
        return;
    }
    klpi_lang lg;
    if (!klpi_lang_detect(ex->doc.text.ptr, ex->doc.text.len, &lg))
        return;
    /* <html lang> is what the page says of itself; CLD2 reads what it is. When both are
     * known and CLD2 is reliable, the text wins. */
    if (ex->doc.language.ptr && !lg.reliable)
        return;
    memcpy(ex->lang, lg.code, sizeof ex->lang);
    ex->doc.language = mkstr(ex->lang);
    ex->doc.language_score = lg.score;
}

klp_status klp_extract(klp_extractor *ex, const void *data, size_t len,
                       const klp_input_info *info, const klp_doc **out)
{
    if (out)
        *out = NULL;
    if (!ex || !out || (!data && len))
        return KLP_E_ARG;
    release_doc(ex);
    klpi_buf_reset(&ex->raw);
    ex->detail[0] = '\0';
    ex->deadline = ex->opts.timeout_ms ? klpi_now() + ex->opts.timeout_ms / 1000.0 : 0;
    if (len == 0)
        return KLP_E_EMPTY;
    klpi_zkind z = klpi_z_sniff(data, len);
    if (z == KLPI_Z_NONE && len > ex->opts.max_input_bytes) {
        snprintf(ex->detail, sizeof ex->detail, "input over %zu bytes", ex->opts.max_input_bytes);
        return KLP_E_LIMIT;
    }
    klp_status st = KLP_OK;
    if (z == KLPI_Z_NONE) {
        ex->in = data; /* read in place: no copy */
        ex->in_len = len;
    } else {
        st = klpi_z_inflate(z, data, len, &ex->raw);
        if (st == KLP_E_LIMIT)
            snprintf(ex->detail, sizeof ex->detail, "decompressed input over %zu bytes",
                     ex->opts.max_input_bytes);
        if (st != KLP_OK)
            return st;
        ex->in = ex->raw.ptr;
        ex->in_len = ex->raw.len;
    }
    if (ex->in_len == 0)
        return KLP_E_EMPTY;
    klp_format fmt = info && info->format != KLP_FORMAT_AUTO ? info->format : ex->opts.format;
    if (fmt == KLP_FORMAT_AUTO)
        fmt = looks_html(ex->in, ex->in_len) ? KLP_FORMAT_HTML : KLP_FORMAT_TEXT;
    /* text mode tells binary data from text in its repair pass */
    if (fmt == KLP_FORMAT_HTML && klpi_looks_binary((const unsigned char *)ex->in, ex->in_len))
        return KLP_E_BINARY;
    st = fmt == KLP_FORMAT_HTML ? run_html(ex, info) : run_text(ex);
    if (st != KLP_OK) {
        release_doc(ex);
        return st;
    }
    size_t max_text = ex->opts.max_text_bytes ? ex->opts.max_text_bytes : ex->opts.max_input_bytes;
    if (ex->doc.text.len > max_text) {
        snprintf(ex->detail, sizeof ex->detail, "extracted text over %zu bytes", max_text);
        release_doc(ex);
        return KLP_E_LIMIT;
    }
    if (ex->deadline > 0 && klpi_now() > ex->deadline) {
        snprintf(ex->detail, sizeof ex->detail, "over the time limit of %u ms",
                 ex->opts.timeout_ms);
        release_doc(ex);
        return KLP_E_LIMIT;
    }
    detect_language(ex);
    set_id(ex, info, ex->in, ex->in_len);
    if (info) {
        if (own_copy(ex, info->file, &ex->doc.file) != KLP_OK ||
            (info->url && own_copy(ex, info->url, &ex->doc.url) != KLP_OK) ||
            own_copy(ex, info->crawl_date, &ex->doc.crawl_date) != KLP_OK ||
            own_copy(ex, info->extra_json, &ex->doc.extra_json) != KLP_OK) {
            release_doc(ex);
            return KLP_E_NOMEM;
        }
    }
    *out = &ex->doc;
    return KLP_OK;
}

klp_status klp_doc_to_json(klp_extractor *ex, const klp_doc *doc, klp_str *out)
{
    if (!ex || !doc || !out)
        return KLP_E_ARG;
    klpi_buf_reset(&ex->json);
    if (!klpi_json_doc(&ex->json, doc))
        return KLP_E_NOMEM;
    out->ptr = ex->json.ptr;
    out->len = ex->json.len;
    return KLP_OK;
}

const char *klp_extractor_detail(const klp_extractor *ex)
{
    return ex && ex->detail[0] ? ex->detail : NULL;
}
