/* klp_reader.c - the public reader: pages out of WARC/WET archives and JSONL exports, on top
 * of the streaming readers klp_warc.c and klp_jsonl.c. It decides what each record is (a page
 * to extract, or a record to skip with a reason) and gathers what the container knows about
 * it (URL, id, crawl date, charset, other JSONL fields). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kliping.h"
#include "klp_buf.h"
#include "klp_jsonl.h"
#include "klp_warc.h"
#include "klp_zio.h"
#include "klp_zstream.h"

/* Defaults of klp_reader_opts. */
static const size_t DEFAULT_MAX_RECORD = 10u * 1024 * 1024;
/* Bytes of a compressed prefix inflated to sniff what a file holds. */
static const size_t SNIFF_INFLATE = 512;

/* Metadata keys of the record itself: JSONL fields with these names are not copied. */
static const char *const OWN_KEYS[] = {"title",    "description", "author",         "date",
                                       "sitename", "dateline",    "language",       "language_score",
                                       "images",   "url",         "file",           "format",
                                       "crawl_date", "id",        "text",           "html"};

struct klp_reader {
    klp_reader_opts opts;
    klpi_zs *zs;
    klpi_warc *warc;
    klpi_jsonl *jsonl;
    char id[256];
    char charset[64];
    klpi_buf extra; /* JSONL: the other fields as JSON members */
};

void klp_reader_opts_init(klp_reader_opts *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->kind = KLP_INPUT_WARC;
    o->max_record_bytes = DEFAULT_MAX_RECORD;
}

static bool starts_ci(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != p[i])
            return false;
    }
    return true;
}

klp_input_kind klp_sniff_input(const void *prefix, size_t len)
{
    const char *p = prefix;
    size_t n = len;
    klpi_buf b;
    klpi_buf_init(&b, SNIFF_INFLATE);
    klpi_zkind z = klpi_z_sniff(prefix, len);
    if (z != KLPI_Z_NONE) {
        /* a prefix of a compressed file: inflate what it holds (the status is expected to
         * say "truncated" or "limit") */
        (void)klpi_z_inflate(z, prefix, len, &b);
        p = b.ptr ? b.ptr : "";
        n = b.len;
    }
    size_t i = 0;
    if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    klp_input_kind k = KLP_INPUT_PAGE;
    if (n - i >= 7 && memcmp(p + i, "WARC/1.", 7) == 0)
        k = KLP_INPUT_WARC;
    else if (i < n && p[i] == '{' && !starts_ci(p + i, n - i, "{\\rtf"))
        k = KLP_INPUT_JSONL;
    klpi_buf_free(&b);
    return k;
}

static klp_status open_common(klpi_zs *zs, const klp_reader_opts *opts, klp_reader **out)
{
    klp_reader *r = calloc(1, sizeof *r);
    if (!r) {
        klpi_zs_close(zs);
        return KLP_E_NOMEM;
    }
    klp_reader_opts_init(&r->opts);
    if (opts) {
        size_t n = opts->struct_size < sizeof r->opts ? opts->struct_size : sizeof r->opts;
        memcpy(&r->opts, opts, n);
        r->opts.struct_size = sizeof r->opts;
    }
    if (r->opts.max_record_bytes == 0)
        r->opts.max_record_bytes = DEFAULT_MAX_RECORD;
    r->zs = zs;
    klpi_buf_init(&r->extra, 0);
    klp_status st;
    if (r->opts.kind == KLP_INPUT_JSONL) {
        klpi_jsonl_opts jo;
        klpi_jsonl_opts_init(&jo);
        jo.max_line_bytes = r->opts.max_record_bytes;
        jo.html_field = r->opts.html_field;
        jo.text_field = r->opts.text_field;
        st = klpi_jsonl_open(zs, &jo, &r->jsonl);
    } else if (r->opts.kind == KLP_INPUT_WARC) {
        klpi_warc_opts wo;
        klpi_warc_opts_init(&wo);
        wo.max_record_bytes = r->opts.max_record_bytes;
        st = klpi_warc_open(zs, &wo, &r->warc);
    } else {
        st = KLP_E_ARG;
    }
    if (st != KLP_OK) {
        klp_reader_free(r);
        return st;
    }
    *out = r;
    return KLP_OK;
}

klp_status klp_reader_open_fd(int fd, const klp_reader_opts *opts, klp_reader **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    klpi_zs *zs;
    klp_status st = klpi_zs_open_fd(fd, opts ? opts->max_decompressed : 0, &zs);
    if (st != KLP_OK)
        return st;
    return open_common(zs, opts, out);
}

klp_status klp_reader_open_mem(const void *data, size_t len, const klp_reader_opts *opts,
                               klp_reader **out)
{
    if (!out)
        return KLP_E_ARG;
    *out = NULL;
    klpi_zs *zs;
    klp_status st = klpi_zs_open_mem(data, len, opts ? opts->max_decompressed : 0, &zs);
    if (st != KLP_OK)
        return st;
    return open_common(zs, opts, out);
}

void klp_reader_free(klp_reader *r)
{
    if (!r)
        return;
    klpi_warc_close(r->warc);
    klpi_jsonl_close(r->jsonl);
    klpi_zs_close(r->zs);
    klpi_buf_free(&r->extra);
    free(r);
}

/* Copies s into a fixed buffer, without the angle brackets of "<urn:uuid:...>". */
static const char *bare_id(char *buf, size_t cap, const char *s)
{
    if (!s || !*s)
        return NULL;
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
        s++;
        n -= 2;
    }
    if (n == 0 || n >= cap)
        return NULL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static klp_status next_warc(klp_reader *r, klp_record *rec)
{
    klpi_warc_record w;
    memset(&w, 0, sizeof w);
    klp_status st = klpi_warc_next(r->warc, &w);
    if (st == KLPI_END)
        return KLP_END;
    rec->offset = w.file_offset;
    rec->detail = w.detail;
    if (st != KLP_OK)
        return st;
    rec->info.url = w.target_uri;
    rec->info.id = bare_id(r->id, sizeof r->id, w.record_id);
    rec->info.crawl_date = w.date;
    switch (w.type) {
    case KLPI_WARC_RESPONSE:
        if (w.has_http && (w.http_status < 200 || w.http_status >= 300)) {
            rec->skip = "http_status";
            return KLP_OK;
        }
        if (!klpi_warc_is_html(&w)) {
            rec->skip = "not_html";
            return KLP_OK;
        }
        rec->info.format = KLP_FORMAT_HTML;
        if (w.http_charset && strlen(w.http_charset) < sizeof r->charset) {
            strcpy(r->charset, w.http_charset);
            rec->info.http_charset = r->charset;
        }
        break;
    case KLPI_WARC_RESOURCE:
    case KLPI_WARC_CONVERSION:
        if (klpi_warc_is_text(&w)) {
            rec->info.format = KLP_FORMAT_TEXT;
        } else if (klpi_warc_is_html(&w)) {
            rec->info.format = KLP_FORMAT_HTML;
        } else {
            rec->skip = "not_text";
            return KLP_OK;
        }
        break;
    case KLPI_WARC_REQUEST: rec->skip = "warc_request"; return KLP_OK;
    case KLPI_WARC_METADATA: rec->skip = "warc_metadata"; return KLP_OK;
    case KLPI_WARC_WARCINFO: rec->skip = "warc_warcinfo"; return KLP_OK;
    case KLPI_WARC_REVISIT: rec->skip = "warc_revisit"; return KLP_OK;
    default: rec->skip = "warc_other"; return KLP_OK;
    }
    rec->data = w.payload.ptr ? w.payload.ptr : "";
    rec->len = w.payload.len;
    return KLP_OK;
}

static bool own_key(const char *k)
{
    for (size_t i = 0; i < sizeof OWN_KEYS / sizeof *OWN_KEYS; i++)
        if (strcmp(OWN_KEYS[i], k) == 0)
            return true;
    return false;
}

/* The other fields of a JSONL line as JSON members ("k":v,...). */
static bool extra_fields(klp_reader *r, const klpi_jsonl_record *j)
{
    klpi_buf_reset(&r->extra);
    if (!j->object)
        return true;
    const char *key;
    json_t *val;
    json_object_foreach(j->object, key, val)
    {
        if ((j->field && strcmp(key, j->field) == 0) || own_key(key))
            continue;
        json_t *k = json_string(key);
        char *ks = k ? json_dumps(k, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        char *vs = json_dumps(val, JSON_ENCODE_ANY | JSON_COMPACT);
        bool ok = ks && vs;
        if (ok && r->extra.len)
            ok = klpi_buf_addc(&r->extra, ',');
        ok = ok && klpi_buf_adds(&r->extra, ks) && klpi_buf_addc(&r->extra, ':') &&
             klpi_buf_adds(&r->extra, vs);
        free(ks);
        free(vs);
        json_decref(k);
        if (!ok)
            return false;
    }
    return true;
}

static klp_status next_jsonl(klp_reader *r, klp_record *rec)
{
    klpi_jsonl_record j;
    memset(&j, 0, sizeof j);
    klp_status st = klpi_jsonl_next(r->jsonl, &j);
    if (st == KLPI_END)
        return KLP_END;
    rec->offset = j.offset;
    rec->detail = j.detail;
    if (st != KLP_OK)
        return st;
    rec->info.url = j.url;
    rec->info.id = j.id;
    rec->info.format = j.format;
    if (!extra_fields(r, &j))
        return KLP_E_NOMEM;
    rec->info.extra_json = r->extra.len ? klpi_buf_cstr(&r->extra) : NULL;
    rec->data = j.content.ptr ? j.content.ptr : "";
    rec->len = j.content.len;
    return KLP_OK;
}

klp_status klp_reader_next(klp_reader *r, klp_record *rec)
{
    if (!r || !rec)
        return KLP_E_ARG;
    memset(rec, 0, sizeof *rec);
    rec->data = "";
    if (r->warc)
        return next_warc(r, rec);
    if (r->jsonl)
        return next_jsonl(r, rec);
    return KLP_END;
}
