/* klp_jsonl.c - streaming JSONL page reader (see klp_jsonl.h): lines are cut from a sliding
 * window over the decompressed stream, parsed with jansson; over-long lines are skipped
 * without being stored. */
#include "klp_jsonl.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    JSONL_READ_CHUNK = 1 << 16, /* bytes asked from the stream at a time */
    JSONL_DETAIL_MAX = 256,     /* room for an error message */
};

static const char DEFAULT_HTML_FIELD[] = "html";
static const char DEFAULT_TEXT_FIELD[] = "text";
static const unsigned char UTF8_BOM[3] = {0xEF, 0xBB, 0xBF};

struct klpi_jsonl {
    klpi_zs *zs;
    size_t max_line;
    char *html_field, *text_field;
    unsigned char *win; /* win[0] is at stream offset base */
    size_t cap, len, pos, win_max;
    uint64_t base;
    bool eof;
    klp_status zerr; /* the stream failed: reported once, then KLPI_END */
    bool dead;
    uint64_t line_no;
    json_t *obj; /* the last line's object, owned */
    char detail[JSONL_DETAIL_MAX];
};

void klpi_jsonl_opts_init(klpi_jsonl_opts *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->max_line_bytes = KLPI_JSONL_DEFAULT_MAX_LINE;
    opts->html_field = DEFAULT_HTML_FIELD;
    opts->text_field = DEFAULT_TEXT_FIELD;
}

klp_status klpi_jsonl_open(klpi_zs *zs, const klpi_jsonl_opts *opts, klpi_jsonl **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    if (!zs)
        return KLP_E_ARG;
    klpi_jsonl_opts o;
    klpi_jsonl_opts_init(&o);
    if (opts)
        o = *opts;
    klpi_jsonl *r = calloc(1, sizeof *r);
    if (!r)
        return KLP_E_NOMEM;
    r->zs = zs;
    r->zerr = KLP_OK;
    r->max_line = o.max_line_bytes ? o.max_line_bytes : KLPI_JSONL_DEFAULT_MAX_LINE;
    if (r->max_line > SIZE_MAX / 4)
        r->max_line = SIZE_MAX / 4;
    r->win_max = r->max_line + 2 * JSONL_READ_CHUNK;
    r->html_field = strdup(o.html_field ? o.html_field : DEFAULT_HTML_FIELD);
    r->text_field = strdup(o.text_field ? o.text_field : DEFAULT_TEXT_FIELD);
    if (!r->html_field || !r->text_field) {
        klpi_jsonl_close(r);
        return KLP_E_NOMEM;
    }
    *out = r;
    return KLP_OK;
}

void klpi_jsonl_close(klpi_jsonl *r)
{
    if (!r)
        return;
    json_decref(r->obj);
    free(r->win);
    free(r->html_field);
    free(r->text_field);
    free(r);
}

static size_t avail(const klpi_jsonl *r)
{
    return r->len - r->pos;
}

/* Makes avail() >= need unless the stream ends or fails first; bytes before pos may be
 * dropped (indexes change). */
static klp_status fill(klpi_jsonl *r, size_t need)
{
    while (avail(r) < need && !r->eof && r->zerr == KLP_OK) {
        if (r->cap - r->len < JSONL_READ_CHUNK && r->pos > 0) {
            memmove(r->win, r->win + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->base += r->pos;
            r->pos = 0;
        }
        if (r->cap - r->len < JSONL_READ_CHUNK) {
            size_t want = r->len + JSONL_READ_CHUNK;
            if (want > r->win_max)
                return KLP_E_LIMIT;
            size_t ncap = r->cap ? r->cap : JSONL_READ_CHUNK;
            while (ncap < want)
                ncap *= 2;
            if (ncap > r->win_max)
                ncap = r->win_max;
            unsigned char *p = realloc(r->win, ncap);
            if (!p)
                return KLP_E_NOMEM;
            r->win = p;
            r->cap = ncap;
        }
        /* read at most a chunk: the look-ahead (and the stream's member ring) stays small */
        size_t ask = r->cap - r->len < JSONL_READ_CHUNK ? r->cap - r->len : JSONL_READ_CHUNK;
        size_t n = 0;
        klp_status st = klpi_zs_read(r->zs, r->win + r->len, ask, &n);
        r->len += n;
        if (st != KLP_OK)
            r->zerr = st;
        else if (n == 0)
            r->eof = true;
    }
    return KLP_OK;
}

static klp_status stream_failed(klpi_jsonl *r, klpi_jsonl_record *rec)
{
    r->dead = true;
    r->pos = r->len;
    rec->detail = r->zerr == KLP_E_CORRUPT ? "compressed data is corrupt or truncated"
                  : r->zerr == KLP_E_LIMIT ? "decompressed size over the limit"
                  : r->zerr == KLP_E_IO    ? "read error"
                                           : klp_status_str(r->zerr);
    return r->zerr;
}

/* Skips the rest of an over-long line, from pos to just after its newline (or the end). */
static klp_status skip_line(klpi_jsonl *r)
{
    for (;;) {
        const unsigned char *nl = memchr(r->win + r->pos, '\n', avail(r));
        if (nl) {
            r->pos = (size_t)(nl - r->win) + 1;
            return KLP_OK;
        }
        r->pos = r->len;
        if (r->eof || r->zerr != KLP_OK)
            return KLP_OK;
        klp_status st = fill(r, 1);
        if (st != KLP_OK)
            return st;
    }
}

static bool blank(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

static klp_status jsonl_next(klpi_jsonl *r, klpi_jsonl_record *rec)
{
    if (!r || !rec)
        return KLP_E_ARG;
    for (;;) {
        memset(rec, 0, sizeof *rec);
        json_decref(r->obj);
        r->obj = NULL;
        if (r->dead)
            return KLPI_END;
        klp_status st = fill(r, 1);
        if (st != KLP_OK)
            return st;
        rec->offset = r->base + r->pos;
        rec->file_offset = klpi_zs_locate(r->zs, rec->offset);
        if (avail(r) == 0) {
            if (r->zerr != KLP_OK) {
                rec->line_no = r->line_no + 1;
                return stream_failed(r, rec);
            }
            r->dead = true;
            return KLPI_END;
        }
        rec->line_no = ++r->line_no;

        /* the line: up to its newline, at most max_line bytes */
        size_t scanned = 0, line_len = 0;
        bool has_nl = false;
        for (;;) {
            const unsigned char *nl =
                memchr(r->win + r->pos + scanned, '\n', avail(r) - scanned);
            if (nl) {
                line_len = (size_t)(nl - (r->win + r->pos));
                has_nl = true;
                break;
            }
            scanned = avail(r);
            if (scanned > r->max_line)
                break;
            if (r->eof || r->zerr != KLP_OK) {
                line_len = scanned;
                break;
            }
            st = fill(r, scanned + 1);
            if (st != KLP_OK)
                return st;
        }
        if (!has_nl && r->zerr != KLP_OK && scanned <= r->max_line)
            return stream_failed(r, rec); /* the last line is cut by the error */
        size_t content_len = line_len;
        if (content_len > 0 && r->win[r->pos + content_len - 1] == '\r')
            content_len--;
        if (scanned > r->max_line || content_len > r->max_line) {
            st = skip_line(r);
            if (st != KLP_OK)
                return st;
            rec->detail = "line over the size limit, skipped";
            return KLP_E_LIMIT;
        }
        const unsigned char *line = r->win + r->pos;
        r->pos += line_len + (has_nl ? 1 : 0); /* line stays valid: no fill before parsing */
        if (rec->line_no == 1 && content_len >= sizeof UTF8_BOM &&
            memcmp(line, UTF8_BOM, sizeof UTF8_BOM) == 0) {
            line += sizeof UTF8_BOM;
            content_len -= sizeof UTF8_BOM;
        }
        if (blank(line, content_len))
            continue;

        json_error_t err;
        json_t *obj = json_loadb((const char *)line, content_len, JSON_ALLOW_NUL, &err);
        if (!obj) {
            snprintf(r->detail, sizeof r->detail, "invalid JSON at column %d: %s", err.column,
                     err.text);
            rec->detail = r->detail;
            return KLP_E_PARSE;
        }
        if (!json_is_object(obj)) {
            json_decref(obj);
            rec->detail = "the line is not a JSON object";
            return KLP_E_PARSE;
        }
        r->obj = obj;
        json_t *v = json_object_get(obj, r->html_field);
        if (json_is_string(v)) {
            rec->format = KLP_FORMAT_HTML;
            rec->field = r->html_field;
        } else {
            v = json_object_get(obj, r->text_field);
            if (!json_is_string(v)) {
                snprintf(r->detail, sizeof r->detail, "no \"%s\" or \"%s\" string field",
                         r->html_field, r->text_field);
                rec->detail = r->detail;
                return KLP_E_PARSE;
            }
            rec->format = KLP_FORMAT_TEXT;
            rec->field = r->text_field;
        }
        rec->content.ptr = json_string_value(v);
        rec->content.len = json_string_length(v);
        json_t *u = json_object_get(obj, "url");
        rec->url = json_is_string(u) ? json_string_value(u) : NULL;
        json_t *id = json_object_get(obj, "id");
        rec->id = json_is_string(id) ? json_string_value(id) : NULL;
        rec->object = obj;
        return KLP_OK;
    }
}

klp_status klpi_jsonl_next(klpi_jsonl *r, klpi_jsonl_record *rec)
{
    klp_status st = jsonl_next(r, rec);
    if (st != KLP_OK && st != KLPI_END && rec && !rec->detail)
        rec->detail = klp_status_str(st); /* every error says why */
    return st;
}
